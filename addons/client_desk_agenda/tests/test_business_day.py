from datetime import datetime
from unittest.mock import patch

from .common import AgendaCase

CLOCK = "odoo.addons.client_desk_agenda.models.client_desk_dashboard_tile.utcnow"


class TestTodayTile(AgendaCase):
    """"Appointments today" counts the business's day (Europe/Brussels), not UTC's."""

    def value_at(self, now):
        tile = self.env.ref("client_desk_agenda.tile_appointments_today").sudo(self.staff)
        with patch(CLOCK, return_value=now):
            tile.invalidate_cache()
            return tile.value, tile._parsed_domain()

    def test_around_midnight_in_brussels(self):
        # 23:30 on Monday and 00:30 on Tuesday in Brussels (UTC+1 in January).
        late = self.appointment("2030-01-07 22:30")
        early = self.appointment("2030-01-07 23:30")
        ids = {late.id, early.id}

        def counted(now):
            return ids & set(self.env["calendar.event"].sudo(self.staff).search(self.value_at(now)[1]).ids)

        # 23:10 UTC is already Tuesday in Brussels: the 00:30 appointment, not the 23:30 one.
        self.assertEqual(counted(datetime(2030, 1, 7, 23, 10)), {early.id})
        # 22:50 UTC is still Monday in Brussels.
        self.assertEqual(counted(datetime(2030, 1, 7, 22, 50)), {late.id})
        before, _domain = self.value_at(datetime(2030, 1, 7, 22, 50))
        self.appointment("2030-01-07 15:00")
        after, _domain = self.value_at(datetime(2030, 1, 7, 22, 50))
        self.assertEqual(after, before + 1)

    def test_summer_time_day_starts_at_22_utc(self):
        domain = self.value_at(datetime(2030, 7, 1, 22, 30))[1]
        self.assertIn(("start", ">=", "2030-07-01 22:00:00"), domain)
        self.assertIn(("start", "<", "2030-07-02 22:00:00"), domain)
