"""Free slots from intervals: pure functions, no ORM (tested alone).

Every interval is a (start, stop) pair of naive UTC datetimes, stop excluded.
"""
from datetime import datetime, time, timedelta

import pytz


def merge(intervals):
    """The union of intervals, sorted, overlapping or touching ones joined."""
    result = []
    for start, stop in sorted(i for i in intervals if i[0] < i[1]):
        if result and start <= result[-1][1]:
            if stop > result[-1][1]:
                result[-1] = (result[-1][0], stop)
        else:
            result.append((start, stop))
    return result


def subtract(intervals, removed):
    """intervals minus removed (both lists of pairs); the result is merged and sorted."""
    removed = merge(removed)
    result = []
    for start, stop in merge(intervals):
        cursor = start
        for r_start, r_stop in removed:
            if r_stop <= cursor or r_start >= stop:
                continue
            if r_start > cursor:
                result.append((cursor, r_start))
            cursor = max(cursor, r_stop)
            if cursor >= stop:
                break
        if cursor < stop:
            result.append((cursor, stop))
    return result


def intersect(first, second):
    """The intervals covered by both lists."""
    first, second = merge(first), merge(second)
    result, i, j = [], 0, 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        stop = min(first[i][1], second[j][1])
        if start < stop:
            result.append((start, stop))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return result


def weekly_hours(attendances, day_from, day_to, tz_name):
    """Working intervals (UTC) between two local dates (included) from weekly hours.

    :param attendances: (weekday 0=Monday, hour_from, hour_to, date_from, date_to) with local
        hours as floats (9.5 = 09:30) and optional validity dates (date or None)
    """
    tz = pytz.timezone(tz_name)
    result = []
    day = day_from
    while day <= day_to:
        for weekday, hour_from, hour_to, date_from, date_to in attendances:
            if weekday != day.weekday() or (date_from and day < date_from) or (date_to and day > date_to):
                continue
            result.append((local_to_utc(tz, day, hour_from), local_to_utc(tz, day, hour_to)))
        day += timedelta(days=1)
    return merge(result)


def local_to_utc(tz, day, hours):
    """Naive UTC datetime of a local wall-clock time (hours as a float) on a local date; a time
    that does not exist (spring forward) moves forward, an ambiguous one takes the first."""
    minutes = int(round(hours * 60))
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    try:
        aware = tz.localize(local, is_dst=None)
    except pytz.NonExistentTimeError:
        aware = tz.localize(local + timedelta(hours=1), is_dst=True)
    except pytz.AmbiguousTimeError:
        aware = tz.localize(local, is_dst=True)
    return aware.astimezone(pytz.utc).replace(tzinfo=None)


def utc_to_local(tz_name, moment):
    """Naive local datetime of a naive UTC datetime."""
    return pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name)).replace(tzinfo=None)


def widen(intervals, before, after):
    """Each interval grown by `before` at its start and `after` at its stop."""
    return [(start - before, stop + after) for start, stop in intervals]


EPOCH = datetime(2000, 1, 1)


def slot_starts(free, duration, step, not_before):
    """Start times (UTC) of appointments of `duration` that fit in the free intervals, on the
    clock grid of `step` (e.g. every quarter hour), not before `not_before`."""
    starts = []
    for start, stop in free:
        candidate = max(start, not_before)
        offset = (candidate - EPOCH) % step
        if offset:
            candidate += step - offset
        while candidate + duration <= stop:
            starts.append(candidate)
            candidate += step
    return starts
