#!/usr/bin/env python3
"""Reads the log of `odoo-bin --test-enable` and says whether every test ran and passed.

    check_odoo_test_log.py LOGFILE MODULE [MODULE...]

Fails (exit 1) when a test of MODULE failed or erred (Odoo logs their tracebacks at ERROR
under the test module's logger, and "Module <name>: n failures, m errors"), when a tests
package could not be imported, on any CRITICAL line (a database that failed to load), and
when a test_*.py file of a module did not run: Odoo skips a tests package it cannot import,
and when the missing import is a Python module it does not even say so.

Other ERROR lines (a test that provokes a failed mail or a refused query) are counted and
shown, not failed on: they are what such tests check. Stock modules' own tests (a stock
module that a Client Desk module pulls in by auto_install runs its tests too) are not ours.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<message>.*)$")
RAN = re.compile(r"^(odoo\.addons\.(\w+)\.tests\.(test_\w+)) running tests\.$")
SUMMARY = re.compile(r"^Ran (\d+) tests? in ")
TEST_LOGGER = re.compile(r"^odoo\.addons\.(\w+)\.tests\.")
MODULE_SUMMARY = re.compile(r"^Module (\w+): \d+ failures, \d+ errors$")


def test_files(module):
    folder = os.path.join(ROOT, "addons", module, "tests")
    names = os.listdir(folder) if os.path.isdir(folder) else []
    return {name[:-3] for name in names if name.startswith("test_") and name.endswith(".py")}


def _is_failure(level, logger, message, modules):
    """True when a log line says a test of modules failed, or a module or database failed
    to load."""
    if level == "CRITICAL":
        return True
    if level != "ERROR":
        return False
    test = TEST_LOGGER.match(logger)
    if test:
        return test.group(1) in modules
    summary = MODULE_SUMMARY.match(message)
    if summary:
        return summary.group(1) in modules
    return logger == "odoo.modules.module" and message.startswith("Can not `import")


def check(logfile, modules):
    """(failures, other error lines, number of tests run)."""
    failures, errors, ran, count = [], [], {}, 0
    with open(logfile, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = LINE.match(line.rstrip("\n"))
            if not match:
                continue
            level, logger, message = match.group("level", "logger", "message")
            if _is_failure(level, logger, message, modules):
                failures.append(line.rstrip("\n"))
            elif level == "ERROR":
                errors.append(line.rstrip("\n"))
            test = RAN.match(message)
            if test:
                ran.setdefault(test.group(2), set()).add(test.group(3))
            summary = SUMMARY.match(message)
            if summary and TEST_LOGGER.match(logger) and TEST_LOGGER.match(logger).group(1) in modules:
                count += int(summary.group(1))
    for module in modules:
        missing = sorted(test_files(module) - ran.get(module, set()))
        if missing:
            failures.append("%s: these test files did not run: %s" % (module, ", ".join(missing)))
    if not count:
        failures.append("no test ran at all")
    return failures, errors, count


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    failures, errors, count = check(argv[0], argv[1:])
    if errors:
        print(
            "%d other ERROR line(s) in the log (not failures of these modules' tests), e.g.:" % len(errors),
            file=sys.stderr,
        )
        print("\n".join(line[:300] for line in errors[:5]), file=sys.stderr)
    if failures:
        print("\n".join(line[:300] for line in failures[:60]), file=sys.stderr)
        print("\nOdoo's test runner: %d failure line(s) (see %s)" % (len(failures), argv[0]), file=sys.stderr)
        return 1
    print("Odoo's test runner: %d tests of %s ran and passed" % (count, ", ".join(argv[1:])))
    # The closing line in the plain form CI reads (pytest's own comes before this runner).
    print("odoo: %d passed, 0 failed" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
