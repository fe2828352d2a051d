"""Fixtures of the bridge's tests: a service whose appointments ask for the intake form."""
from odoo.addons.client_desk_documents.tests.common import PDF

__all__ = ["PDF", "DocumentsAgendaFixtures"]


class DocumentsAgendaFixtures:

    @classmethod
    def setUpIntake(cls, env, staff):
        """A template (intake form), a service with it and one without; staff is bookable."""
        staff.write({"client_desk_bookable": True})
        cls.template = env["client.desk.document.request.template"].create({
            "name": "Intake form before your first visit",
            "message": "Please send it before your appointment.",
            "line_ids": [(0, 0, {"name": "Signed intake form", "note": "Filled in and signed"})],
        })
        cls.colouring = env["client.desk.service"].create({
            "name": "Coloration", "duration_minutes": 60, "price": 80.0,
            "client_desk_document_template_id": cls.template.id,
        })
        cls.cut = env["client.desk.service"].create({"name": "Coupe Homme", "duration_minutes": 30, "price": 25.0})

    def book(self, env, partner, start, service=None, **values):
        """A confirmed appointment (unless values say otherwise) with the staff member."""
        vals = {
            "client_desk_partner_id": partner.id,
            "client_desk_service_id": (service or self.colouring).id,
            "client_desk_staff_id": self.staff.id,
            "start": start,
        }
        vals.update(values)
        return env["calendar.event"].create(vals)

    @staticmethod
    def requests_of(env, partner):
        return env["client.desk.document.request"].sudo().search([("partner_id", "=", partner.id)])
