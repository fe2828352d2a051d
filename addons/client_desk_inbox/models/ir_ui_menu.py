import copy

from odoo import api, models


def _find_menu(node, menu_id):
    """The node of menu_id in the tree load_menus returns, or None."""
    if node.get("id") == menu_id:
        return node
    for child in node.get("children") or []:
        found = _find_menu(child, menu_id)
        if found:
            return found
    return None


class IrUiMenu(models.Model):
    """Odoo 11 has no counters on menus: the Unread folder says how many in its name."""

    _inherit = "ir.ui.menu"

    @api.model
    def load_menus(self, debug):
        menus = super().load_menus(debug)
        menu = self.env.ref("client_desk_inbox.client_desk_conversation_menu_unread", raise_if_not_found=False)
        if not menu or menu.id not in menus.get("all_menu_ids", []):
            return menus
        count = self.env["client.desk.conversation"].client_desk_unread_count()
        if count:
            # load_menus is cached: change a copy, never the cached tree.
            menus = copy.deepcopy(menus)
            node = _find_menu(menus, menu.id)
            if node:
                node["name"] = "%s (%d)" % (node["name"], count)
        return menus
