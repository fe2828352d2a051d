"""Users of each kind the access tests need."""

KIND_GROUPS = {
    "portal": ["base.group_portal"],
    "internal": ["base.group_user"],
    "user": ["client_desk.group_client_desk_user"],
    "manager": ["client_desk.group_client_desk_manager"],
}


def new_user(env, login, kind="user", **values):
    """Creates a user of one kind (portal, internal, user, manager); password = login."""
    groups = [(6, 0, [env.ref(xmlid).id for xmlid in KIND_GROUPS[kind]])]
    vals = {
        "name": login.replace(".", " ").title(),
        "login": login,
        "password": login,
        "email": "%s@example.com" % login,
        "groups_id": groups,
    }
    vals.update(values)
    return env["res.users"].with_context(no_reset_password=True, tracking_disable=True).create(vals)
