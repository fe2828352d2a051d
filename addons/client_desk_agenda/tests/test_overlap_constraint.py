import threading

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common import AgendaCase, utc

CONSTRAINT = "calendar_event_client_desk_no_overlap"


class TestConstraintLifecycle(AgendaCase):

    def constraint_exists(self):
        self.env.cr.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s", (CONSTRAINT,))
        row = self.env.cr.fetchone()
        return row and row[0]

    def update_calendar_event(self):
        """What `-u client_desk_agenda` does to the table: Odoo's _auto_init (which drops and
        re-adds the model's _sql_constraints) and init()."""
        self.registry.init_models(self.env.cr, ["calendar.event"], {"module": "client_desk_agenda"})

    def test_exists_after_install(self):
        definition = self.constraint_exists()
        self.assertIn("EXCLUDE USING gist", definition)
        self.assertIn("client_desk_block_start", definition)

    @mute_logger("odoo.sql_db")
    def test_survives_an_update_and_is_made_again_when_missing(self):
        self.update_calendar_event()
        self.assertTrue(self.constraint_exists())
        self.env.cr.execute("ALTER TABLE calendar_event DROP CONSTRAINT %s" % CONSTRAINT)
        self.assertFalse(self.constraint_exists())
        self.update_calendar_event()
        self.assertTrue(self.constraint_exists())
        # And it still refuses overlaps after that.
        self.appointment("2030-01-07 09:00")
        with self.assertRaises(ValidationError):
            self.appointment("2030-01-07 09:10")

    def test_uninstall_hook_drops_it(self):
        from ..hooks import uninstall_hook
        uninstall_hook(self.env.cr, self.registry)
        self.assertFalse(self.constraint_exists())
        self.env.cr.execute("SELECT domain_force FROM ir_rule WHERE id = %s",
                            (self.env.ref("calendar.calendar_attendee_rule_my").id,))
        self.assertEqual(self.env.cr.fetchone()[0], "[(1,'=',1)]")


class TestConcurrentBookings(TransactionCase):
    """Two transactions book the same staff member at overlapping times: one wins, the other
    gets the clear message. Real committed transactions: everything is deleted afterwards."""

    at_install = False
    post_install = True

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"client_desk_no_mail": True, "tracking_disable": True})

    def _book(self, cr, partner_id, staff_id, start):
        return self._env(cr)["calendar.event"].create({
            "client_desk_partner_id": partner_id, "client_desk_staff_id": staff_id,
            "start": start, "stop": start[:11] + "10:00:00", "name": "race",
        }).id

    @mute_logger("odoo.sql_db")
    def test_only_one_of_two_simultaneous_bookings_wins(self):
        registry = self.registry
        start = utc("2099-01-05 09:00")
        with api.Environment.manage(), registry.cursor() as cr:
            env = self._env(cr)
            partner_id = env["res.partner"].create({"name": "Race Client", "client_desk_is_client": True}).id
            staff_id = env.ref("base.user_root").id
        outcome = {}
        first_cr, second_cr = registry.cursor(), registry.cursor()
        try:
            outcome["first"] = self._book(first_cr, partner_id, staff_id, start)

            def second():
                with api.Environment.manage():
                    try:
                        outcome["second"] = self._book(second_cr, partner_id, staff_id, utc("2099-01-05 09:30"))
                        second_cr.commit()
                    except ValidationError as error:
                        outcome["second_error"] = error.name
                        second_cr.rollback()

            thread = threading.Thread(target=second)
            thread.start()
            first_cr.commit()
            thread.join(60)
            self.assertFalse(thread.is_alive())
            self.assertNotIn("second", outcome)
            self.assertIn("This slot was just taken", outcome["second_error"])
        finally:
            first_cr.close()
            second_cr.close()
            with api.Environment.manage(), registry.cursor() as cr:
                cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = %s", (partner_id,))
                cr.execute("DELETE FROM calendar_event WHERE client_desk_partner_id = %s", (partner_id,))
                cr.execute("DELETE FROM res_partner WHERE id = %s", (partner_id,))
        with api.Environment.manage(), registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM calendar_event WHERE client_desk_partner_id = %s", (partner_id,))
            self.assertEqual(cr.fetchone()[0], 0)
