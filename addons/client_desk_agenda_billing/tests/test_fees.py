"""No-show and late-cancellation fees from the policy, raised as invoices; waived by staff
with a reason, the waiver in the client's conversation."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from odoo.addons.client_desk.tests.harness import po_translation, selection_label

from .common import AgendaBillingCase


class TestFees(AgendaBillingCase):

    def fees(self, event):
        return event.client_desk_invoice_ids.filtered(lambda i: i.client_desk_event_role in ("no_show", "late_cancel"))

    def test_its_conversation_events_are_named_in_dutch_and_french(self):
        for lang in ("nl_BE", "fr_BE"):
            label = selection_label(self.env, "mail.message", "client_desk_kind", "fee_waived", lang)
            self.assertEqual(label, po_translation("client_desk_agenda_billing", lang, "Fee waived"))

    def test_policy_is_given_as_plain_values_and_a_sentence(self):
        self.assertEqual(self.env["calendar.event"].client_desk_fee_policy_text(), "")
        self.set_fees(no_show=15, late_cancel=10, hours=48)
        policy = self.env["calendar.event"].sudo(self.portal_user).client_desk_fee_policy()
        self.assertEqual((policy["no_show_fee"], policy["late_cancel_fee"], policy["late_cancel_hours"]),
                         (15.0, 10.0, 48))
        text = self.env["calendar.event"].client_desk_fee_policy_text()
        self.assertIn("do not show up", text)
        self.assertIn("48 hours", text)

    def test_no_show_raises_the_fee_invoice(self):
        self.set_fees(no_show=15)
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).action_client_desk_no_show()
        fee = self.fees(event)
        self.assertEqual((fee.state, fee.amount_total, fee.client_desk_event_role), ("open", 15.0, "no_show"))
        self.assertEqual(fee.partner_id, self.client)
        raised = self.events_of("fee_raised")
        self.assertIn(fee.number, raised.body)
        self.assertEqual(raised.author_id, self.staff.partner_id)

    def test_without_a_fee_in_the_policy_nothing_is_raised(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).action_client_desk_no_show()
        self.assertFalse(event.client_desk_invoice_ids)
        self.assertFalse(self.events_of("fee_raised"))

    def test_staff_waive_a_fee_with_a_reason_in_the_conversation(self):
        self.set_fees(no_show=15)
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).action_client_desk_no_show()
        fee = self.fees(event)
        wizard = self.env["client.desk.fee.waive"].sudo(self.staff).with_context(
            active_model="calendar.event", active_id=event.id).create({"reason": "Car broke down <b>really</b>"})
        self.assertEqual(wizard.invoice_id, fee)
        wizard.action_confirm()
        self.assertEqual(fee.client_desk_waive_reason, "Car broke down <b>really</b>")
        self.assertTrue(fee.refund_invoice_ids)
        self.assertEqual(fee.residual, 0.0)
        waived = self.events_of("fee_waived")
        self.assertIn("Car broke down", waived.body)
        self.assertNotIn("<b>really", waived.body)
        self.assertEqual(waived.author_id, self.staff.partner_id)
        with self.assertRaisesRegex(UserError, "cannot be waived"):
            fee.sudo(self.staff).client_desk_waive_fee("again")

    def test_waiving_needs_a_reason_a_fee_and_staff(self):
        self.set_fees(no_show=15)
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).action_client_desk_no_show()
        fee = self.fees(event)
        with self.assertRaisesRegex(UserError, "reason"):
            fee.sudo(self.staff).client_desk_waive_fee("   ")
        for user in (self.employee, self.portal_user):
            with self.assertRaises(AccessError):
                fee.sudo(user).client_desk_waive_fee("because")
        other = self.invoice(self.appointment("2030-01-07 11:00").sudo(self.staff).client_desk_create_invoice(True))
        with self.assertRaisesRegex(UserError, "Only a no-show"):
            other.sudo(self.staff).client_desk_waive_fee("because")
        self.assertEqual(fee.state, "open")
        self.assertFalse(fee.client_desk_waive_reason)
        self.assertFalse(self.events_of("fee_waived"))
        with self.assertRaises(AccessError):
            self.env["client.desk.fee.waive"].sudo(self.portal_user).create(
                {"invoice_id": fee.id, "reason": "x"}).action_confirm()

    def test_client_cancelling_inside_the_window_pays_the_late_fee(self):
        self.set_fees(late_cancel=10, hours=48)
        soon = datetime.utcnow().replace(microsecond=0, second=0) + timedelta(hours=30)
        event = self.appointment(soon.strftime("%Y-%m-%d %H:%M"), allday=False,
                                 client_desk_allow_overlap=True)
        event.client_desk_cancel("", by_client=True)
        fee = self.fees(event)
        self.assertEqual((fee.client_desk_event_role, fee.amount_total, fee.state), ("late_cancel", 10.0, "open"))
        self.assertEqual(len(self.events_of("fee_raised")), 1)

    def test_cancelling_outside_the_window_or_by_staff_costs_nothing(self):
        self.set_fees(late_cancel=10, hours=48)
        far = self.appointment("2030-01-07 09:00")
        far.client_desk_cancel("", by_client=True)
        soon = (datetime.utcnow() + timedelta(hours=30)).strftime("%Y-%m-%d %H:%M")
        by_staff = self.appointment(soon, client_desk_allow_overlap=True)
        by_staff.sudo(self.staff).client_desk_cancel("Salon closed")
        self.assertFalse((far | by_staff).mapped("client_desk_invoice_ids"))
        self.assertEqual(fields.Datetime.from_string(far.start).year, 2030)

    def test_errors_are_translated(self):
        self.set_fees(no_show=15)
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).action_client_desk_no_show()
        fee = self.fees(event)
        for lang in ("nl_BE", "fr_BE"):
            expected = po_translation("client_desk_agenda_billing", lang, "Give the reason for waiving the fee.")
            with self.assertRaises(UserError) as caught:
                fee.sudo(self.staff).with_context(lang=lang).client_desk_waive_fee("")
            self.assertEqual(caught.exception.name, expected)
        self.assertEqual(fee.state, "open")
