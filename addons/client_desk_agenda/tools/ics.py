"""iCalendar (RFC 5545) files for appointments, made with vobject (shipped with Odoo)."""
from datetime import datetime

import pytz
import vobject


def appointment_ics(uid, start, stop, summary, description="", location="", organizer_email="",
                    method="PUBLISH", sequence=0, cancelled=False):
    """Bytes of a one-event calendar; start and stop are naive UTC datetimes."""
    cal = vobject.iCalendar()
    cal.add("method").value = method
    event = cal.add("vevent")
    event.add("uid").value = uid
    event.add("dtstamp").value = datetime.utcnow().replace(tzinfo=pytz.utc, microsecond=0)
    event.add("dtstart").value = start.replace(tzinfo=pytz.utc)
    event.add("dtend").value = stop.replace(tzinfo=pytz.utc)
    event.add("summary").value = summary
    event.add("sequence").value = str(sequence)
    event.add("status").value = "CANCELLED" if cancelled else "CONFIRMED"
    if description:
        event.add("description").value = description
    if location:
        event.add("location").value = location
    if organizer_email:
        event.add("organizer").value = "MAILTO:" + organizer_email
    return cal.serialize().encode("utf-8")


def appointments_feed(events, name):
    """Bytes of a calendar of several events (dicts: uid, start, stop, summary, location)."""
    cal = vobject.iCalendar()
    cal.add("x-wr-calname").value = name
    stamp = datetime.utcnow().replace(tzinfo=pytz.utc, microsecond=0)
    for values in events:
        event = cal.add("vevent")
        event.add("uid").value = values["uid"]
        event.add("dtstamp").value = stamp
        event.add("dtstart").value = values["start"].replace(tzinfo=pytz.utc)
        event.add("dtend").value = values["stop"].replace(tzinfo=pytz.utc)
        event.add("summary").value = values["summary"]
        if values.get("location"):
            event.add("location").value = values["location"]
    return cal.serialize().encode("utf-8")
