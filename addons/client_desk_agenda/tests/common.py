"""The base of client_desk_agenda's tests: a salon open every day 9:00-18:00 (Brussels), two
bookable staff members, services with and without buffers, dates far ahead (2030) so that
"now", the minimum notice and the horizon never matter."""
from datetime import datetime

from odoo import fields

from odoo.addons.client_desk.tests.common import ClientDeskCase
from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# A Monday in winter time (Europe/Brussels = UTC+1).
MONDAY = datetime(2030, 1, 7)


def utc(text):
    """"2030-01-07 08:00" → the server's datetime string."""
    return fields.Datetime.to_string(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def week_calendar(env, name, hour_from, hour_to, days=range(7)):
    return env["resource.calendar"].create({
        "name": name,
        "attendance_ids": [(5, 0, 0)] + [
            (0, 0, {"name": DAYS[day], "dayofweek": str(day), "hour_from": hour_from, "hour_to": hour_to})
            for day in days
        ],
    })


def open_every_day(env, name):
    """The company open every day 9:00-18:00 in Brussels, bookable any time ahead and every
    booking confirmed at once; returns the opening hours."""
    params = env["ir.config_parameter"].sudo()
    params.set_param("client_desk_agenda.horizon_days", "100000")
    params.set_param("client_desk_agenda.approval", "none")
    env.user.company_id.partner_id.tz = "Europe/Brussels"
    opening = week_calendar(env, name, 9, 18)
    env.user.company_id.resource_calendar_id = opening
    return opening


class AgendaCase(ClientDeskCase):

    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.opening = open_every_day(env, "Test opening hours")
        cls.staff.write({"client_desk_bookable": True, "client_desk_calendar_id": cls.opening.id})
        cls.staff2 = new_user(env, "%s.staff2" % cls.__name__.lower(), "user",
                              client_desk_bookable=True, client_desk_calendar_id=cls.opening.id)
        cls.cut = env["client.desk.service"].create({
            "name": "Coupe Homme", "duration_minutes": 30, "price": 25.0, "staff_ids": [(6, 0, cls.staff.ids)],
        })
        cls.colour = env["client.desk.service"].create({
            "name": "Coloration", "duration_minutes": 60, "price": 80.0, "buffer_before": 15, "buffer_after": 15,
            "staff_ids": [(6, 0, (cls.staff | cls.staff2).ids)],
        })

    @classmethod
    def _week_calendar(cls, name, hour_from, hour_to, days=range(7)):
        return week_calendar(cls.env, name, hour_from, hour_to, days)

    def appointment(self, start, service=None, staff=None, partner=None, **values):
        """An appointment at start ("YYYY-MM-DD HH:MM" UTC), created by staff."""
        vals = {
            "client_desk_partner_id": (partner or self.client).id,
            "client_desk_service_id": (service or self.cut).id,
            "client_desk_staff_id": (staff or self.staff).id,
            "start": utc(start),
        }
        vals.update(values)
        return self.env["calendar.event"].sudo(self.staff).create(vals)

    def kinds(self, partner=None):
        """The conversation event kinds posted on the client, oldest first."""
        messages = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", (partner or self.client).id),
            ("client_desk_kind", "!=", False)], order="id")
        return messages.mapped("client_desk_kind")


class AgendaHttpCase(HttpTestCase):
    """A salon open every day 9:00-18:00 in Brussels with one staff member and one service."""

    def setUp(self):
        super().setUp()
        env = self.env
        calendar = open_every_day(env, "Every day")
        prefix = self.__class__.__name__.lower()
        self.staff = new_user(env, prefix + ".staff", "user", client_desk_bookable=True,
                              client_desk_calendar_id=calendar.id)
        self.service = env["client.desk.service"].create(
            dict(self.service_values(), staff_ids=[(6, 0, self.staff.ids)]))
        self.hidden = env["client.desk.service"].create({"name": "Secret", "online_bookable": False})
        self.portal_a = new_user(env, prefix + ".a", "portal")
        self.portal_b = new_user(env, prefix + ".b", "portal")
        for user in (self.portal_a, self.portal_b):
            user.partner_id.client_desk_is_client = True

    def service_values(self):
        """The bookable service's values (its staff member is added)."""
        return {"name": "Coupe Homme", "duration_minutes": 30, "price": 25}

    def book_as_staff(self, partner, start):
        return self.env["calendar.event"].sudo().create({
            "client_desk_partner_id": partner.id, "client_desk_service_id": self.service.id,
            "client_desk_staff_id": self.staff.id, "start": utc(start)})

    def form_page(self):
        """A page with a CSRF token (the booking details form)."""
        return "/book/service/%s/details?staff=any&start=2030-01-07+09:00:00" % self.service.id

    def events(self):
        return self.env["calendar.event"].search([("client_desk_service_id", "=", self.service.id)])
