#!/usr/bin/env python3
"""Agenda: free slots, the /book slot page under concurrent visitors, booking races for one
slot, and the appointment list/calendar at 100,000 clients.

    .venv/bin/python bench/bench_agenda.py [--clients 100000] [--repeat 3] [--db cd_agenda_bench]
        [--appointments 5000] [--races 1000]

Its own database (only client_desk_agenda, no demo data), made once and kept. Stock Odoo has
no free-slot computation: the stock column reads what Odoo's own calendar view loads for the
same staff members and week (search_read of their events), the floor any slot page pays.
"""
import argparse
import os
import random
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta

import benchlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import odoo_db  # noqa: E402

STAFF = 5
DAY0 = datetime(2031, 1, 6)  # a Monday; everything happens after "now" and within the horizon
LIST_FIELDS = ["start", "client_desk_partner_id", "client_desk_service_id", "client_desk_staff_id",
               "client_desk_price", "client_desk_state"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default="cd_agenda_bench")
    parser.add_argument("--appointments", type=int, default=5000)
    parser.add_argument("--races", type=int, default=1000)
    parser.add_argument("--visitors", type=int, default=10)
    parser.add_argument("--parts", default="slots,page,race", help="which cases to run (comma-separated)")
    return parser.parse_known_args()[0]


def bench_database(dbname):
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, ["client_desk_agenda"], os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname),
                        demo=False, languages=None)


def ensure_salon(env):
    """A service and STAFF bookable staff members working every day 9:00-18:00 (Brussels)."""
    service = env["client.desk.service"].search([("name", "=", "Bench cut")], limit=1)
    if service:
        return service
    env["ir.config_parameter"].set_param("client_desk_agenda.horizon_days", "100000")
    env.user.company_id.partner_id.tz = "Europe/Brussels"
    calendar = env["resource.calendar"].create({
        "name": "Bench hours",
        "attendance_ids": [(5, 0, 0)] + [(0, 0, {"name": str(d), "dayofweek": str(d), "hour_from": 9, "hour_to": 18})
                                         for d in range(7)],
    })
    env.user.company_id.resource_calendar_id = calendar
    group = env.ref("client_desk.group_client_desk_user")
    staff = env["res.users"].with_context(no_reset_password=True)
    users = staff.browse()
    for index in range(STAFF):
        users |= staff.create({"name": "Bench staff %d" % index, "login": "bench.staff.%d" % index,
                               "groups_id": [(6, 0, [group.id])], "client_desk_bookable": True,
                               "client_desk_calendar_id": calendar.id})
    return env["client.desk.service"].create({"name": "Bench cut", "duration_minutes": 30, "price": 25,
                                              "buffer_after": 5, "staff_ids": [(6, 0, users.ids)]})


def ensure_appointments(env, service, count):
    """`count` confirmed appointments of random clients, spread over the staff members' days
    (one every 35 minutes from 08:00 UTC, 14 a day), written with one bulk INSERT."""
    from psycopg2.extras import execute_values

    cr = env.cr
    cr.execute("SELECT count(*) FROM calendar_event WHERE client_desk_service_id = %s", (service.id,))
    have = cr.fetchone()[0]
    if have >= count:
        return
    print("generating %d appointments ..." % (count - have), flush=True)
    cr.execute("SELECT id FROM res_partner WHERE client_desk_is_client ORDER BY id")
    clients = [row[0] for row in cr.fetchall()] or [env.user.partner_id.id]
    staff = service.staff_ids
    rng = random.Random(11)
    rows = []
    for index in range(have, count):
        member = staff[index % len(staff)]
        per_staff = index // len(staff)
        day, slot = divmod(per_staff, 14)
        start = DAY0 + timedelta(days=day, hours=8, minutes=35 * slot)
        stop = start + timedelta(minutes=30)
        rows.append((
            "Bench cut", start, stop, start, stop, 0.5, False, member.id, True, "public", "busy", "open",
            rng.choice(clients), service.id, member.id, "confirmed", "backend", start, stop + timedelta(minutes=5),
            25.0,
        ))
    execute_values(cr, """
        INSERT INTO calendar_event (name, start, stop, start_datetime, stop_datetime, duration, allday, user_id,
            active, privacy, show_as, state, client_desk_partner_id, client_desk_service_id, client_desk_staff_id,
            client_desk_state, client_desk_source, client_desk_block_start, client_desk_block_stop,
            client_desk_price)
        VALUES %s""", rows, page_size=1000)
    cr.execute("ANALYZE calendar_event")


def slot_cases(env, service, repeat):
    """Free slots for 7 days x every staff member, beside the stock calendar's read of the
    same events."""
    days = ["2031-01-%02d" % day for day in range(6, 27)]
    ours, stock = [], []
    events = env["calendar.event"]
    for _ in range(repeat):
        for day in days:
            env.cache.invalidate()
            ours += benchlib.timed(lambda: service.client_desk_slots(False, day, days=7), 1)
            start = datetime.strptime(day, "%Y-%m-%d")
            domain = [("client_desk_staff_id", "in", service.staff_ids.ids),
                      ("start", ">=", str(start)), ("start", "<", str(start + timedelta(days=7)))]
            env.cache.invalidate()
            stock += benchlib.timed(lambda: events.search_read(domain, ["start", "stop", "name", "user_id"]), 1)
    return ours, stock


def list_cases(env, repeat):
    """The agenda list's first page (as the Agenda action opens it: no recurrence expansion,
    appointments never recur) beside stock calendar's list, which expands every matching
    event in Python before applying the limit."""
    stock_events = env["calendar.event"]
    events = stock_events.with_context(virtual_id=False)
    domain = [("client_desk_partner_id", "!=", False), ("client_desk_state", "in", ("requested", "confirmed"))]

    def first_page():
        env.cache.invalidate()
        events.search_read(domain, LIST_FIELDS, limit=80, order="start")
        events.search_count(domain)

    def stock_page():
        env.cache.invalidate()
        stock_events.search_read(domain, ["start", "name", "user_id", "partner_ids"], limit=80, order="start")
        stock_events.search_count(domain)

    return benchlib.timed(first_page, repeat * 20), benchlib.timed(stock_page, repeat * 3)


def race(registry, service_id, attempts, threads=20):
    """`attempts` bookings of one staff member's slot from `threads` parallel transactions: how
    many won."""
    import odoo
    from odoo.exceptions import UserError, ValidationError

    start = "2032-06-01 08:00:00"
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner_id = env["res.partner"].create({"name": "Bench racer", "client_desk_is_client": True}).id
        staff_id = env["client.desk.service"].browse(service_id).staff_ids[0].id
        cr.execute("DELETE FROM calendar_event WHERE start = %s", (start,))
    outcome = {"won": 0, "refused": 0, "error": 0}
    lock = threading.Lock()
    per_thread = attempts // threads

    def worker():
        for _ in range(per_thread):
            with odoo.api.Environment.manage(), registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"client_desk_no_mail": True})
                try:
                    service = env["client.desk.service"].browse(service_id)
                    service._client_desk_book_online(staff_id, start, env["res.partner"].browse(partner_id))
                    cr.commit()
                    key = "won"
                except (UserError, ValidationError):
                    cr.rollback()
                    key = "refused"
                except Exception:  # noqa: BLE001 - counted and reported
                    cr.rollback()
                    key = "error"
            with lock:
                outcome[key] += 1

    begin = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - begin
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM calendar_event WHERE start = %s AND client_desk_state IN "
                   "('requested', 'confirmed')", (start,))
        outcome["appointments"] = cr.fetchone()[0]
    return outcome, elapsed


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def slot_page_under_load(dbname, service_id, visitors, requests_each):
    """p50/p95 of GET /book/service/<id> from `visitors` concurrent clients on loopback."""
    import requests

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "scripts", "odoo-bin"), "-c", os.path.join(ROOT, "odoo.conf"), "-d", dbname,
         "--db-filter=^%s$" % dbname, "--http-port=%d" % port, "--max-cron-threads=0", "--log-level=warn"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d/book/service/%d?staff=any&day=2031-01-08" % (port, service_id)
    try:
        for _ in range(600):
            try:
                if requests.get(url, timeout=30).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        samples, lock = [], threading.Lock()

        def visitor():
            session = requests.Session()
            for _ in range(requests_each):
                begin = time.perf_counter()
                response = session.get(url, timeout=60)
                took = (time.perf_counter() - begin) * 1000.0
                assert response.status_code == 200, response.status_code
                with lock:
                    samples.append(took)

        pool = [threading.Thread(target=visitor) for _ in range(visitors)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        return samples
    finally:
        server.terminate()
        server.wait(30)


def main():
    args = parse_args()
    bench_database(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    import odoo

    parts = args.parts.split(",")
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        service = ensure_salon(env)
        ensure_appointments(env, service, args.appointments)
        cr.commit()
        service_id = service.id
        if "slots" in parts:
            ours, stock = slot_cases(env, service, args.repeat)
            list_ours, list_stock = list_cases(env, args.repeat)
    if "slots" in parts:
        benchlib.print_table(
            "Agenda at %d clients, %d appointments, %d staff" % (args.clients, args.appointments, STAFF),
            [
                ("free slots, 7 days x %d staff" % STAFF, ours, stock, "p50 <= 50 ms"),
                ("appointment list, first page (80 + count)", list_ours, list_stock, "stays fast at 100,000 clients"),
            ],
        )
    if "page" in parts:
        page = slot_page_under_load(args.db, service_id, args.visitors, 10 * args.repeat)
        benchlib.print_table("/book slot page, %d concurrent visitors on loopback" % args.visitors,
                             [("GET /book/service/<id>?day=...", page, None, "p50 and p95 reported")])
    if "race" not in parts:
        return
    outcome, elapsed = race(registry, service_id, args.races)
    print("\nBooking race: %d attempts at one slot from 20 transactions in %.1f s: %d won, %d refused with the "
          "slot-taken message, %d other errors; appointments in the slot: %d (expected 1)"
          % (args.races, elapsed, outcome["won"], outcome["refused"], outcome["error"], outcome["appointments"]))


if __name__ == "__main__":
    main()
