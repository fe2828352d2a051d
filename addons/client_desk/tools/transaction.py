"""Running a unit of work in its own transaction, retried on concurrency conflicts.

Odoo 11 retries RPC calls that fail on a serialization failure or deadlock, but not web
routes: a website controller that creates clients (booking, forms) runs its work through
retrying() to get the same protection.
"""
import logging
import random
import time

from psycopg2 import OperationalError, errorcodes

import odoo

_logger = logging.getLogger(__name__)
RETRYABLE = (errorcodes.SERIALIZATION_FAILURE, errorcodes.DEADLOCK_DETECTED, errorcodes.LOCK_NOT_AVAILABLE)


def retrying(dbname, work, uid=odoo.SUPERUSER_ID, context=None, tries=5):
    """Calls work(env) in a new transaction, committed on success; retried on conflicts.

    Returns what work returns (give back ids, not records: the environment is closed).
    """
    registry = odoo.registry(dbname)
    for attempt in range(1, tries + 1):
        try:
            with odoo.api.Environment.manage(), registry.cursor() as cr:
                return work(odoo.api.Environment(cr, uid, dict(context or {})))
        except OperationalError as error:
            if error.pgcode not in RETRYABLE or attempt == tries:
                raise
            _logger.info("concurrent update (%s), retrying (%d/%d)", error.pgcode, attempt, tries)
            time.sleep(random.uniform(0.01, 0.1 * 2 ** attempt))
    return None
