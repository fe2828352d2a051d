from datetime import date, datetime, timedelta
from unittest import TestCase

from ..tools import slots


def at(hour, minute=0, day=7):
    return datetime(2030, 1, day, hour, minute)


class TestSlotTools(TestCase):

    def test_merge_joins_overlapping_and_touching(self):
        self.assertEqual(slots.merge([(at(10), at(11)), (at(9), at(10)), (at(12), at(13))]),
                         [(at(9), at(11)), (at(12), at(13))])

    def test_subtract_cuts_holes(self):
        self.assertEqual(slots.subtract([(at(9), at(17))], [(at(10), at(11)), (at(16), at(18))]),
                         [(at(9), at(10)), (at(11), at(16))])

    def test_intersect(self):
        self.assertEqual(slots.intersect([(at(8), at(12)), (at(13), at(17))], [(at(9), at(18))]),
                         [(at(9), at(12)), (at(13), at(17))])

    def test_slot_starts_on_the_grid_after_notice(self):
        starts = slots.slot_starts([(at(9), at(10, 10))], timedelta(minutes=30), timedelta(minutes=15), at(9, 5))
        self.assertEqual(starts, [at(9, 15), at(9, 30)])

    def test_widen(self):
        self.assertEqual(slots.widen([(at(10), at(11))], timedelta(minutes=15), timedelta(minutes=5)),
                         [(at(9, 45), at(11, 5))])

    def test_weekly_hours_across_daylight_saving_changes(self):
        """09:00 in Brussels is 07:00 UTC on the last Sunday of March (summer time) and 08:00 UTC on
        the last Sunday of October (winter time again)."""
        sunday_hours = [(6, 9.0, 18.0, None, None)]
        march = slots.weekly_hours(sunday_hours, date(2030, 3, 31), date(2030, 3, 31), "Europe/Brussels")
        self.assertEqual(march, [(datetime(2030, 3, 31, 7, 0), datetime(2030, 3, 31, 16, 0))])
        october = slots.weekly_hours(sunday_hours, date(2030, 10, 27), date(2030, 10, 27), "Europe/Brussels")
        self.assertEqual(october, [(datetime(2030, 10, 27, 8, 0), datetime(2030, 10, 27, 17, 0))])

    def test_local_time_that_does_not_exist_moves_forward(self):
        import pytz
        tz = pytz.timezone("Europe/Brussels")
        # 02:30 does not exist on 31 March 2030: 03:30 CEST = 01:30 UTC.
        self.assertEqual(slots.local_to_utc(tz, date(2030, 3, 31), 2.5), datetime(2030, 3, 31, 1, 30))

    def test_utc_to_local(self):
        self.assertEqual(slots.utc_to_local("Europe/Brussels", datetime(2030, 7, 1, 7, 0)), datetime(2030, 7, 1, 9, 0))
