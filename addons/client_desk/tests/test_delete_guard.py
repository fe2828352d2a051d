from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import ClientDeskCase

BLOCKER = "Has an appointment on 12/12 at 10:00"


class TestDeleteGuard(ClientDeskCase):
    """Deleting clients asks for confirmation, is refused while a module reports a blocker
    (archive is offered instead) and is for managers only."""

    user_prefix = "guard"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.internal = cls.employee
        Partner = cls.env["res.partner"]
        cls.free = Partner.create({"client_desk_is_client": True, "name": "Free Client"})
        cls.busy = Partner.create({"client_desk_is_client": True, "name": "Busy Client"})
        cls.partner_class = type(cls.env["res.partner"])

    def blocking(self, *blocked):
        """Patches the hook as a module would extend it: a reason for the blocked clients."""
        def blockers(partner):
            return [BLOCKER] if partner in blocked else []
        return patch.object(self.partner_class, "_client_desk_unlink_blockers", blockers)

    def open_confirmation(self, user, partners):
        action = partners.sudo(user).with_context(lang="en_US").action_client_desk_delete()
        self.assertEqual((action["res_model"], action["target"]), ("client.desk.partner.delete", "new"))
        return self.env["client.desk.partner.delete"].sudo(user).with_context(lang="en_US").browse(action["res_id"])

    def test_manager_deletes_after_confirmation(self):
        wizard = self.open_confirmation(self.manager, self.free)
        self.assertTrue(wizard.can_delete)
        self.assertFalse(wizard.blocker_text)
        action = wizard.action_delete()
        self.assertFalse(self.free.exists())
        self.assertEqual(action["res_model"], "res.partner", "back to the client list")

    def test_blocked_client_is_refused_with_the_reason_and_kept(self):
        with self.blocking(self.busy):
            wizard = self.open_confirmation(self.manager, self.busy)
            self.assertFalse(wizard.can_delete)
            self.assertEqual(wizard.blocker_text, "Busy Client: %s" % BLOCKER)
            with self.assertRaises(UserError) as caught:
                wizard.action_delete()
        self.assertIn("archive them instead", caught.exception.name)
        self.assertIn(BLOCKER, caught.exception.name)
        self.assertTrue(self.busy.exists())
        self.assertTrue(self.busy.active)

    def test_one_blocked_client_blocks_the_whole_deletion(self):
        with self.blocking(self.busy):
            wizard = self.open_confirmation(self.manager, self.free | self.busy)
            self.assertFalse(wizard.can_delete)
            with self.assertRaises(UserError):
                wizard.action_delete()
        self.assertTrue(self.free.exists(), "nothing half-done: the free client is kept too")
        self.assertTrue(self.busy.exists())

    def test_archive_instead(self):
        with self.blocking(self.busy):
            wizard = self.open_confirmation(self.manager, self.busy)
            wizard.action_archive()
        self.assertTrue(self.busy.exists())
        self.assertFalse(self.busy.active)

    def test_staff_cannot_delete(self):
        with self.assertRaises(AccessError):
            self.free.sudo(self.staff).action_client_desk_delete()
        with self.assertRaises(AccessError):
            self.env["client.desk.partner.delete"].sudo(self.staff).create({"partner_ids": [(6, 0, self.free.ids)]})
        wizard = self.open_confirmation(self.manager, self.free)
        with self.assertRaises(AccessError):
            wizard.sudo(self.staff).action_delete()
        self.assertTrue(self.free.exists())

    def test_staff_cannot_delete_through_the_lists_own_delete(self):
        with self.assertRaises(AccessError):
            self.free.sudo(self.staff).unlink()
        self.assertTrue(self.free.exists())
        supplier = self.env["res.partner"].create({"name": "Leverancier NV"})
        supplier.sudo(self.staff).unlink()
        self.assertFalse(supplier.exists(), "partners that are not clients are not Client Desk's business")

    def test_internal_portal_and_public_users_cannot_delete(self):
        for user in (self.internal, self.portal_user, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["client.desk.partner.delete"].sudo(user).create({"partner_ids": [(6, 0, self.free.ids)]})
        self.assertTrue(self.free.exists())

    def test_delete_button_is_only_on_the_managers_card(self):
        view = self.env.ref("client_desk.res_partner_view_form_client_desk")
        arch = self.env["res.partner"].sudo(self.manager).fields_view_get(view.id, "form")["arch"]
        self.assertIn("action_client_desk_delete", arch)
        arch = self.env["res.partner"].sudo(self.staff).fields_view_get(view.id, "form")["arch"]
        self.assertNotIn("action_client_desk_delete", arch)


class TestDeleteGuardCannotBeSidestepped(ClientDeskCase):
    """A guard keyed on a field staff may write is no guard (SECURITY.md 17): a partner that
    ever was a client stays guarded, and the refusal is exercised with a blocker of our own."""

    user_prefix = "guard2"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.client = cls.env["res.partner"].create({"client_desk_is_client": True, "name": "Former Client"})
        cls.partner_class = type(cls.env["res.partner"])

    def blocking(self):
        return patch.object(self.partner_class, "_client_desk_unlink_blockers", lambda partner: [BLOCKER])

    def test_staff_unsetting_the_flag_still_cannot_delete(self):
        self.client.sudo(self.staff).write({"client_desk_is_client": False})
        with self.assertRaises(AccessError):
            self.client.sudo(self.staff).unlink()
        self.assertTrue(self.client.exists())

    def test_staff_cannot_take_the_client_number_away(self):
        with self.assertRaises(UserError):
            self.client.sudo(self.staff).write({"client_desk_is_client": False, "client_desk_number": False})
        self.assertTrue(self.client.client_desk_number)
        self.assertTrue(self.client.client_desk_is_client)

    def test_blockers_still_apply_to_a_former_client(self):
        self.client.write({"client_desk_is_client": False})
        with self.blocking(), self.assertRaises(UserError) as caught:
            self.client.sudo(self.manager).unlink()
        self.assertIn("Former Client: %s" % BLOCKER, caught.exception.name)
        self.assertTrue(self.client.exists())

    def test_unlink_with_a_blocker_is_refused_and_deletes_nothing(self):
        free = self.env["res.partner"].create({"name": "Not A Client"})
        with self.blocking(), self.assertRaises(UserError) as caught:
            (free | self.client).sudo(self.manager).with_context(lang="en_US").unlink()
        self.assertIn("archive them instead", caught.exception.name)
        self.assertIn(BLOCKER, caught.exception.name)
        self.assertTrue(self.client.exists())
        self.assertTrue(free.exists(), "nothing half-done: the partner without blocker is kept too")

    def test_unlink_as_superuser_also_obeys_the_blockers(self):
        with self.blocking(), self.assertRaises(UserError):
            self.client.unlink()
        self.assertTrue(self.client.exists())

    def test_wizard_refuses_a_former_client_with_a_blocker(self):
        self.client.write({"client_desk_is_client": False})
        with self.blocking():
            action = self.client.sudo(self.manager).action_client_desk_delete()
            wizard = self.env["client.desk.partner.delete"].sudo(self.manager).browse(action["res_id"])
            self.assertFalse(wizard.can_delete)
            self.assertEqual(wizard.blocker_text, "Former Client: %s" % BLOCKER)
            with self.assertRaises(UserError):
                wizard.action_delete()
        self.assertTrue(self.client.exists())

    def test_manager_deletes_a_former_client_without_blockers(self):
        self.client.write({"client_desk_is_client": False})
        self.client.sudo(self.manager).unlink()
        self.assertFalse(self.client.exists())
