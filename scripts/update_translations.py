#!/usr/bin/env python3
"""Brings addons/<module>/i18n/{nl,fr}.po up to date with the module's strings.

    .venv/bin/python scripts/update_translations.py DB MODULE [--add FILE.psv ...]

Odoo exports the module's terms from DB (where MODULE must be installed) as a template; every
msgid keeps the translation it already has in nl.po / fr.po, else takes one from the --add
files (lines "msgid | nl | fr"). Untranslated terms stay empty, and are listed at the end.
"""
import argparse
import ast
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGUAGES = ("nl", "fr")
PLURALS = {"nl": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}


def export_template(dbname, module):
    handle, path = tempfile.mkstemp(suffix=".po")
    os.close(handle)
    subprocess.check_call(
        [
            sys.executable,
            os.path.join(ROOT, "scripts", "odoo-bin"),
            "-c",
            os.path.join(ROOT, "odoo.conf"),
            "-d",
            dbname,
            "--i18n-export=%s" % path,
            "--modules=%s" % module,
            "--stop-after-init",
            "--http-port=0",
            "--log-level=warn",
        ],
        cwd=ROOT,
    )
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    os.remove(path)
    return text


def selection_add_terms(module):
    """(model, field, label) of every selection_add in the module's models. Odoo 11 exports a
    selection's labels only under the module that created the field, so the labels another
    module adds would be in no .po file: they are added to this module's."""
    terms = []
    models_dir = os.path.join(ROOT, "addons", module, "models")
    for name in sorted(os.listdir(models_dir)) if os.path.isdir(models_dir) else []:
        if not name.endswith(".py"):
            continue
        with open(os.path.join(models_dir, name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            model = None
            for item in node.body:
                if isinstance(item, ast.Assign) and [getattr(t, "id", None) for t in item.targets] == ["_inherit"]:
                    model = item.value.s if isinstance(item.value, ast.Str) else None
            for item in node.body:
                if not (model and isinstance(item, ast.Assign) and isinstance(item.value, ast.Call)):
                    continue
                for keyword in item.value.keywords:
                    if keyword.arg == "selection_add" and isinstance(keyword.value, ast.List):
                        for option in keyword.value.elts:
                            label = option.elts[1]
                            if isinstance(label, ast.Str):
                                terms.append((model, item.targets[0].id, label.s))
    return terms


def add_selection_terms(template, module):
    """The exported template with this module's selection_add labels (a reference line added
    to an entry of the same text, or a new entry)."""
    entries = template.strip("\n").split("\n\n")
    index = {msgid: position for position, (_, msgid, _) in enumerate(blocks(template))}
    for model, field, label in selection_add_terms(module):
        reference = "#: selection:%s,%s:0" % (model, field)
        if label in index:
            lines = entries[index[label]].splitlines()
            if reference not in lines:
                lines.insert(1, reference)
                entries[index[label]] = "\n".join(lines)
        else:
            index[label] = len(entries)
            entries.append('#. module: %s\n%s\nmsgid %s\nmsgstr ""' % (module, reference, po_string(label)))
    return "\n\n".join(entries) + "\n"


def blocks(text):
    """The entries of a .po text: (lines, msgid, msgstr); the header has msgid ''."""
    for chunk in text.strip("\n").split("\n\n"):
        lines = chunk.splitlines()
        strings = {"msgid": [], "msgstr": []}
        current = None
        for line in lines:
            if line.startswith("msgid "):
                current = "msgid"
                line = line[len("msgid ") :]
            elif line.startswith("msgstr "):
                current = "msgstr"
                line = line[len("msgstr ") :]
            elif not line.startswith('"'):
                current = None if not line.startswith("#") else current
                continue
            if current:
                strings[current].append(ast.literal_eval(line))
        yield lines, "".join(strings["msgid"]), "".join(strings["msgstr"])


def po_string(value):
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"%s"' % escaped


def read_additions(paths):
    additions = {lang: {} for lang in LANGUAGES}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.rstrip("\n").split(" | ")
                if len(parts) == 3 and parts[0]:
                    msgid = parts[0].replace("\\n", "\n")
                    additions["nl"][msgid] = parts[1].replace("\\n", "\n")
                    additions["fr"][msgid] = parts[2].replace("\\n", "\n")
    return additions


def translate(template, lang, known, additions):
    out, missing = [], []
    for lines, msgid, _ in blocks(template):
        if not msgid:
            header = [line for line in lines if not line.startswith(('"Language', '"Plural-Forms'))]
            header += ['"Language: %s\\n"' % lang, '"Plural-Forms: %s\\n"' % PLURALS[lang]]
            out.append("\n".join(header))
            continue
        translation = known.get(msgid) or additions.get(msgid) or ""
        if not translation:
            missing.append(msgid)
        kept = [
            line
            for line in lines
            if not line.startswith("msgstr") and not (line.startswith('"') and out_of_msgid(lines, line))
        ]
        out.append("\n".join(kept + ["msgstr %s" % po_string(translation)]))
    return "\n\n".join(out) + "\n", missing


def out_of_msgid(lines, line):
    """True for continuation lines that belong to msgstr (dropped and rewritten)."""
    current = None
    for candidate in lines:
        if candidate.startswith("msgid "):
            current = "msgid"
        elif candidate.startswith("msgstr "):
            current = "msgstr"
        if candidate is line:
            return current == "msgstr"
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db")
    parser.add_argument("module")
    parser.add_argument("--add", action="append", default=[], help="msgid | nl | fr lines")
    args = parser.parse_args()
    additions = read_additions(args.add)
    template = add_selection_terms(export_template(args.db, args.module), args.module)
    i18n = os.path.join(ROOT, "addons", args.module, "i18n")
    os.makedirs(i18n, exist_ok=True)
    for lang in LANGUAGES:
        path = os.path.join(i18n, "%s.po" % lang)
        known = {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                known = {msgid: msgstr for _, msgid, msgstr in blocks(handle.read()) if msgid and msgstr}
        text, missing = translate(template, lang, known, additions[lang])
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        print("%s: %d untranslated" % (os.path.relpath(path, ROOT), len(missing)))
        for msgid in missing:
            print("    " + msgid.replace("\n", "\\n"))


if __name__ == "__main__":
    main()
