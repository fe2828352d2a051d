from datetime import datetime, timedelta

import icalendar

from odoo.addons.client_desk.tests.harness import new_user

from .common import AgendaHttpCase


class TestStaffFeedHttp(AgendaHttpCase):

    def test_feed_by_token_revocable_and_private(self):
        tomorrow = (datetime.utcnow() + timedelta(days=1)).strftime("%Y-%m-%d 09:00")
        self.book_as_staff(self.portal_a.partner_id, tomorrow)
        self.book_as_staff(self.portal_a.partner_id, "2030-01-07 09:00")  # beyond the feed's year
        url = self.staff.sudo(self.staff).client_desk_feed_url()
        path = url[len(self.base_url):]
        response = self.get(path)
        self.assertEqual(response.status_code, 200)
        events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual(len(events), 1)
        self.assertIn("Coupe Homme", str(events[0]["summary"]))
        token = path.rsplit("/", 1)[1][:-4]
        self.assertNotFound(self.get("/agenda/feed/%s/%s.ics" % (self.staff.id, "x" * len(token))))
        self.assertNotFound(self.get("/agenda/feed/%s/%s.ics" % (self.portal_a.id, token)))
        other = new_user(self.env, "feed.other", "user")
        with self.assertRaises(Exception):
            self.staff.sudo(other).client_desk_feed_url()
        self.staff.sudo(self.staff).action_client_desk_revoke_feed()
        self.assertEqual(self.get(path).status_code, 403)
