"""Signed tokens in campaign links: one purpose, one recipient row, unguessable.

A token is "<recipient id>-<HMAC-SHA256(secret, purpose:database:id)>": nothing is stored,
a token made for opening (the tracking pixel) unsubscribes nobody, and changing the id
breaks the signature. Compared in constant time.
"""
import hashlib
import hmac

PURPOSES = ("unsubscribe", "open")


def make_token(secret, dbname, purpose, recipient_id):
    """The token of recipient_id for purpose."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    message = ("%s:%s:%d" % (purpose, dbname, int(recipient_id))).encode()
    return "%d-%s" % (recipient_id, hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40])


def token_id(token):
    """The recipient id a token claims to be for, or None when it is not even shaped like one."""
    head, _sep, tail = (token or "").partition("-")
    if not head.isdigit() or len(tail) != 40 or len(head) > 12:
        return None
    return int(head)


def check_token(secret, dbname, purpose, token):
    """The recipient id when token is valid for purpose, else None."""
    recipient_id = token_id(token)
    if recipient_id is None:
        return None
    expected = make_token(secret, dbname, purpose, recipient_id)
    return recipient_id if hmac.compare_digest(expected, token) else None
