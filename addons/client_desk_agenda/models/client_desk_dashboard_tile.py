from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models

from ..tools.slots import local_to_utc, utc_to_local


def utcnow():
    """The clock of the tiles (tests freeze it)."""
    return datetime.utcnow()


class ClientDeskDashboardTile(models.Model):
    """Tiles may count by the business's day: today_start_utc and tomorrow_start_utc are the
    UTC bounds of today in the business time zone (Europe/Brussels), for datetime fields."""

    _inherit = "client.desk.dashboard.tile"

    @api.model
    def _eval_context(self):
        context = super()._eval_context()
        tz_name = self.env["client.desk.service"]._client_desk_business_tz()
        today = utc_to_local(tz_name, utcnow()).date()
        tz = pytz.timezone(tz_name)
        context.update({
            "business_today": fields.Date.to_string(today),
            "today_start_utc": fields.Datetime.to_string(local_to_utc(tz, today, 0)),
            "tomorrow_start_utc": fields.Datetime.to_string(local_to_utc(tz, today + timedelta(days=1), 0)),
        })
        return context
