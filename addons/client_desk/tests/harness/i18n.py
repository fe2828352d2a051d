"""What a module's own .po file says, for tests of translated messages.

Tests compare with the shipped translation instead of adding one of their own: a second
translation of a source the .po already translates makes the one Odoo shows a matter of
chance (that made a test flaky).
"""
import os

from babel.messages.pofile import read_po

from odoo.modules.module import get_module_path


def po_translation(module, lang, source):
    """The translation of source in module's i18n/<lang>.po (e.g. nl_BE.po), else in the
    language's base file (nl.po), as Odoo loads them; fails when neither translates it."""
    folder = os.path.join(get_module_path(module), "i18n")
    for name in (lang, lang.split("_")[0]):
        path = os.path.join(folder, "%s.po" % name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as handle:
            message = read_po(handle).get(source)
        if message is not None and message.string:
            return message.string
    raise AssertionError("%s/i18n has no %s translation of %r" % (module, lang, source))


def selection_label(env, model, field, value, lang):
    """The label of a selection value as the UI shows it in lang."""
    description = env[model].with_context(lang=lang).fields_get([field])[field]
    return dict(description["selection"])[value]
