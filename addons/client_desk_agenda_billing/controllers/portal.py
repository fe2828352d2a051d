"""/my/appointments also shows the client's packages: visits left and until when."""
from odoo import http
from odoo.http import request

from odoo.addons.client_desk_agenda.controllers.portal import ClientDeskAppointmentPortal


class ClientDeskAppointmentPortalPackages(ClientDeskAppointmentPortal):

    @http.route()
    def my_appointments(self, **kwargs):
        response = super().my_appointments(**kwargs)
        if hasattr(response, "qcontext"):
            client = request.env.user.partner_id.commercial_partner_id
            response.qcontext["package_cards"] = request.env["client.desk.package.card"].sudo().search(
                [("partner_id", "=", client.id), ("stopped", "=", False)])
        return response
