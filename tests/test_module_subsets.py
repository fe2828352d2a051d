"""Client Desk in every subset of modules that matters: each bridge with just the two feature
modules it glues, installing and uninstalling cleanly; every feature module together on the
Belgian chart of accounts, their bridges coming along by themselves; and each feature module
uninstalled from that full install, taking its bridges with it and leaving the others working,
with no menu, action, view or cron of its own behind.

The stock modules every Client Desk module needs and the core are installed once, in a template
database that the tests copy (PostgreSQL's CREATE DATABASE ... TEMPLATE takes seconds); so is
the full install. Database names are unique per run, as in test_module_install.py.
"""
import os

import pytest
from test_module_install import client_desk_depends, left_behind, logfile, module_data, schema, unique_name

import odoo_db  # noqa: I100  (scripts/ is on the path through test_module_install)

FEATURES = odoo_db.FEATURE_MODULES
bridges = odoo_db.bridge_modules
glued = odoo_db.glued_modules


def addons_without(folder, hidden):
    """An addons folder with every Client Desk module but those of `hidden` (links)."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(odoo_db.ADDONS):
        link = os.path.join(folder, name)
        if name not in hidden and not os.path.lexists(link):
            os.symlink(os.path.join(odoo_db.ADDONS, name), link)
    return folder


# Run in each database after a feature module was uninstalled from the full install: what is
# left must still load. Every active view validates against the models left (an inherited view
# of a bridge left behind would name a field that is gone), every cron calls an existing method
# of an existing model, every menu opens an existing action on an existing model, and every
# Client Desk list reads its first rows.
CHECK_LEFT_WORKING = r"""
import re
problems = []
# Client Desk's own views and those made at run time (no module's data): a view of another
# module that named the uninstalled module's fields would have depended on it and gone too.
ours = env["ir.model.data"].search([("model", "=", "ir.ui.view"), ("module", "=like", "client_desk%")])
made = env["ir.model.data"].search([("model", "=", "ir.ui.view")])
views = env["ir.ui.view"].browse(ours.mapped("res_id")) | env["ir.ui.view"].search(
    [("id", "not in", made.mapped("res_id"))])
for view in views.exists().filtered("active"):
    try:
        view._check_xml()
    except Exception as error:
        problems.append("view %s (%s): %s" % (view.xml_id or view.id, view.name, error))
for cron in env["ir.cron"].with_context(active_test=False).search([]):
    model = cron.model_id.model
    if model not in env:
        problems.append("cron %s on a model that is gone: %s" % (cron.cron_name, model))
        continue
    for method in re.findall(r"\bmodel\.(\w+)\(", cron.code or ""):
        if not hasattr(env[model], method):
            problems.append("cron %s calls a method that is gone: %s.%s" % (cron.cron_name, model, method))
our_menus = env["ir.ui.menu"].search([("id", "child_of", env.ref("client_desk.client_desk_menu_root").id)])
for menu in env["ir.ui.menu"].search([]):
    action = menu.action
    if action and not action.exists():
        problems.append("menu %s opens an action that is gone" % menu.complete_name)
    elif action and action._name == "ir.actions.act_window":
        if action.res_model not in env:
            problems.append("menu %s opens a model that is gone: %s" % (menu.complete_name, action.res_model))
        elif menu in our_menus:
            records = env[action.res_model]
            names = list(records.fields_view_get(view_type="tree")["fields"]) if "tree" in action.view_mode else []
            records.search_read([], names, limit=5)
assert not problems, "left broken:\n" + "\n".join(problems)
"""


@pytest.fixture(scope="module")
def hidden_bridges(tmp_path_factory):
    """An addons folder without any bridge: installing feature modules pulls none in."""
    return addons_without(str(tmp_path_factory.mktemp("addons_without_bridges")), set(bridges()))


@pytest.fixture(scope="module")
def stock_template(hidden_bridges):
    """The core, then every stock module the Client Desk modules need and the Belgian chart of
    accounts, with demo data (the core's demo makes the company Belgian first, as in make run:
    else accounting installs the chart of the United States)."""
    dbname = unique_name("stock")
    odoo_db.drop(dbname)
    odoo_db.install(
        dbname,
        ["client_desk"],
        logfile(dbname, "core"),
        demo=True,
        addons_path=hidden_bridges,
    )
    modules = odoo_db.outside_depends() + ["l10n_be"]
    odoo_db.install(
        dbname,
        modules,
        logfile(dbname, "install"),
        demo=True,
        addons_path=hidden_bridges,
    )
    yield dbname
    odoo_db.drop(dbname)


@pytest.fixture(scope="module")
def full_install(stock_template):
    """Every feature module, installed by name: the bridges come along by themselves."""
    dbname = unique_name("full")
    odoo_db.copy(stock_template, dbname)
    odoo_db.install(dbname, list(FEATURES), logfile(dbname, "install"), demo=True)
    yield dbname
    odoo_db.drop(dbname)


def test_every_bridge_glues_two_feature_modules_and_installs_by_itself():
    assert bridges(), "no bridge module found"
    for bridge in bridges():
        assert len(glued(bridge)) == 2, bridge
        assert odoo_db.manifest(bridge).get("auto_install") is True, bridge


@pytest.mark.parametrize("bridge", bridges())
def test_bridge_installs_with_its_two_modules_and_uninstalls_cleanly(bridge, stock_template, hidden_bridges):
    dbname = unique_name("pair", bridge[len("client_desk_") :])
    odoo_db.copy(stock_template, dbname)
    try:
        odoo_db.install(
            dbname,
            glued(bridge),
            logfile(dbname, "depends"),
            demo=True,
            addons_path=hidden_bridges,
        )
        assert bridge not in odoo_db.installed_modules(dbname)
        before = schema(dbname)
        odoo_db.install(dbname, [bridge], logfile(dbname, "install"), demo=True)
        installed = odoo_db.installed_modules(dbname)
        assert bridge in installed
        # Nothing of a third feature module, nor another bridge, comes along.
        assert installed & (set(FEATURES) | set(bridges())) == set(glued(bridge)) | {bridge}

        odoo_db.uninstall(dbname, [bridge], logfile(dbname, "uninstall"))
        assert bridge not in odoo_db.installed_modules(dbname)
        assert sorted(left_behind(schema(dbname) - before, before)) == []
        assert module_data(dbname, bridge) == []
    finally:
        odoo_db.drop(dbname)


def test_all_feature_modules_bring_every_bridge_on_the_belgian_chart(full_install):
    installed = odoo_db.installed_modules(full_install)
    assert set(FEATURES) | set(bridges()) <= installed
    assert "l10n_be" in installed and "l10n_us" not in installed


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_module_uninstalls_from_the_full_install_leaving_the_others_working(feature, full_install):
    dbname = unique_name("without", feature[len("client_desk_") :])
    odoo_db.copy(full_install, dbname)
    try:
        installed_before = odoo_db.installed_modules(dbname)
        odoo_db.uninstall(dbname, [feature], logfile(dbname, "uninstall"))
        installed = odoo_db.installed_modules(dbname)
        # The module and what needs it (its bridges, inbox's website form) go; the rest stays.
        going = {feature} | {name for name in odoo_db.client_desk_modules() if feature in client_desk_depends(name)}
        assert {bridge for bridge in bridges() if feature in glued(bridge)} <= going
        assert installed_before - installed == going
        for module in sorted(going):
            assert module_data(dbname, module) == [], module
        check_log = logfile(dbname, "check")
        code = odoo_db.run_odoo(dbname, [], check_log, command="shell", stdin=CHECK_LEFT_WORKING)
        with open(check_log, encoding="utf-8", errors="replace") as handle:
            assert code == 0, handle.read()[-5000:]
    finally:
        odoo_db.drop(dbname)
