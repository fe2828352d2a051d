
from .common import ClientDeskCase


class TestAppShell(ClientDeskCase):
    """The Client Desk app: its groups and who sees its menu."""

    user_prefix = "shell"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.root_menu = cls.env.ref("client_desk.client_desk_menu_root")
        cls.config_menu = cls.env.ref("client_desk.client_desk_menu_config")

    def visible_menus(self, user):
        """Ids of every menu the web client would show this user."""
        ids = set()
        stack = [self.env["ir.ui.menu"].sudo(user).load_menus(debug=False)]
        while stack:
            node = stack.pop()
            ids.add(node["id"])
            stack.extend(node.get("children") or [])
        return ids

    def test_manager_is_also_user(self):
        user_group = self.env.ref("client_desk.group_client_desk_user")
        self.assertIn(user_group, self.manager.groups_id)
        self.assertTrue(self.manager.has_group("client_desk.group_client_desk_user"))
        self.assertFalse(self.staff.has_group("client_desk.group_client_desk_manager"))

    def test_staff_sees_app_but_not_configuration(self):
        menus = self.visible_menus(self.staff)
        self.assertIn(self.root_menu.id, menus)
        self.assertNotIn(self.config_menu.id, menus)

    def test_manager_sees_configuration(self):
        self.assertIn(self.config_menu.id, self.visible_menus(self.manager))

    def test_employee_without_group_does_not_see_app(self):
        self.assertNotIn(self.root_menu.id, self.visible_menus(self.employee))
