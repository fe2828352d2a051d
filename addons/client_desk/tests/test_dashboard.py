from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError

from .test_client_card import ClientCardCase


class TestDashboard(ClientCardCase):
    """Dashboard tiles show real figures and modules can add their own."""

    def tile(self, xmlid):
        return self.env.ref("client_desk.%s" % xmlid).sudo(self.staff)

    def test_core_tiles_count_clients(self):
        names = ("tile_clients", "tile_new_this_week", "tile_opted_in", "tile_email_blocked")
        before = {name: self.tile(name).value for name in names}
        self.new_client(name="Nieuw", client_desk_marketing_opt_in=True)
        self.new_client(name="Geblokkeerd", client_desk_email_blocked=True)
        self.Partner.create({"name": "Geen klant"})
        self.env["client.desk.dashboard.tile"].invalidate_cache()
        self.assertEqual(self.tile("tile_clients").value, before["tile_clients"] + 2)
        self.assertEqual(self.tile("tile_new_this_week").value, before["tile_new_this_week"] + 2)
        self.assertEqual(self.tile("tile_opted_in").value, before["tile_opted_in"] + 1)
        self.assertEqual(self.tile("tile_email_blocked").value, before["tile_email_blocked"] + 1)

    def test_tile_opens_its_records(self):
        action = self.tile("tile_opted_in").action_open()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertIn(("client_desk_marketing_opt_in", "=", True), action["domain"])

    def test_module_can_add_a_tile_and_bad_domain_is_refused(self):
        tile = self.env["client.desk.dashboard.tile"].sudo(self.manager).create({
            "name": "Tags", "model_name": "res.partner.category", "domain": "[]"})
        self.assertEqual(tile.value, self.env["res.partner.category"].search_count([]))
        with self.assertRaises(ValidationError):
            self.env["client.desk.dashboard.tile"].create(
                {"name": "Bad", "model_name": "res.partner", "domain": "[('nope', '=', 1)]"})
        with self.assertRaises(ValidationError):
            self.env["client.desk.dashboard.tile"].create({"name": "Bad", "model_name": "no.such.model"})

    def test_a_tile_figure_from_a_tile_method_only(self):
        Category = type(self.env["res.partner.category"])
        self.env["res.partner.category"].create({"name": "Tile colour"})

        def longest_name(model, domain):
            return max(len(name) for name in model.search(domain).mapped("name"))

        with patch.object(Category, "_client_desk_tile_longest_name", longest_name, create=True):
            tile = self.env["client.desk.dashboard.tile"].sudo(self.manager).create({
                "name": "Longest tag", "model_name": "res.partner.category", "domain": "[('name', 'like', 'Tile')]",
                "value_method": "_client_desk_tile_longest_name"})
            self.assertEqual(tile.sudo(self.staff).value, len("Tile colour"))
        # Any other method of the model (unlink...) is refused: a tile only reads.
        for method in ("unlink", "_client_desk_tile_missing"):
            with self.assertRaises(ValidationError):
                self.env["client.desk.dashboard.tile"].create({
                    "name": "Bad", "model_name": "res.partner.category", "value_method": method})

    def test_only_managers_configure_tiles(self):
        with self.assertRaises(AccessError):
            self.env["client.desk.dashboard.tile"].sudo(self.staff).create({"name": "X", "model_name": "res.partner"})
        with self.assertRaises(AccessError):
            self.env["client.desk.dashboard.tile"].sudo(self.portal).search([])
