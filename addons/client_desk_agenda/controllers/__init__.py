from . import booking, calendar_invitation, feed, portal, waitlist
