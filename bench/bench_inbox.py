#!/usr/bin/env python3
"""The inbox at 100,000 clients and ~1,000,000 messages: the first inbox page (80 rows) and the
unread count, beside Odoo's own mail.message search for the same page; and the cost of posting
a message with the inbox kept current (event bus) beside a bare message_post.

Data: clients by benchlib.ensure_clients; MESSAGES_PER_CLIENT messages each and their
conversations written with bulk SQL (in production the event bus writes them one by one).

    .venv/bin/python bench/bench_inbox.py [--clients 100000] [--repeat 3] [--db cd_inbox_bench]
"""
import os
import sys

import benchlib

MESSAGES_PER_CLIENT = 10
# Colleagues besides the administrator: each has their own unread rows.
STAFF = 4
PAGE = 80
LIST_FIELDS = ["name", "message_count", "direction", "preview", "source", "user_id", "follow_up_date",
               "last_date", "is_unread", "follow_up_due"]
STOCK_FIELDS = ["author_id", "date", "subject", "body", "model", "res_id", "record_name", "message_type"]


def bench_database(dbname):
    """A database with client_desk_inbox alone and no demo data, made once and kept."""
    odoo_db = benchlib.odoo_db
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, ["client_desk_inbox"], os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname),
                        demo=False, languages=None)


def ensure_messages(registry, per_client):
    """MESSAGES_PER_CLIENT messages on every generated client, and their conversations."""
    import odoo

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM client_desk_conversation")
        if cr.fetchone()[0]:
            return
        print("generating %d messages per client ..." % per_client, flush=True)
        subtype = env.ref("mail.mt_comment").id
        staff = env.ref("base.partner_root").id
        cr.execute("""
            INSERT INTO mail_message (model, res_id, body, message_type, subtype_id, client_desk_kind, author_id,
                                      date, create_date, write_date, create_uid, write_uid, record_name)
            SELECT 'res.partner', p.id,
                   '<p>Bericht ' || g || ' van of aan ' || p.name || ': kan ik een afspraak maken?</p>',
                   'comment', %s,
                   CASE WHEN g %% 2 = 1 THEN 'message_in' ELSE 'message_out' END,
                   CASE WHEN g %% 2 = 1 THEN p.id ELSE %s END,
                   (now() at time zone 'UTC') - ((p.id %% 997) || ' hours')::interval
                       - ((%s - g) || ' minutes')::interval,
                   now() at time zone 'UTC', now() at time zone 'UTC', 1, 1, p.name
              FROM res_partner p CROSS JOIN generate_series(1, %s) g
             WHERE p.client_desk_is_client AND p.client_desk_source = 'import'
        """, (subtype, staff, per_client, per_client))
        print("indexing conversations ...", flush=True)
        cr.execute("""
            INSERT INTO client_desk_conversation (name, partner_id, company_id, state, last_message_id, last_date,
                    last_in_id, last_in_date, last_out_date, preview, direction, message_count, follow_up,
                    follow_up_due, source, reply_channel, create_uid, write_uid, create_date, write_date)
            SELECT p.display_name, m.res_id, p.company_id, 'open', max(m.id), max(m.date),
                   max(m.id) FILTER (WHERE m.client_desk_kind = 'message_in'),
                   max(m.date) FILTER (WHERE m.client_desk_kind = 'message_in'),
                   max(m.date) FILTER (WHERE m.client_desk_kind = 'message_out'),
                   'Kan ik een afspraak maken?', 'out', count(*), m.res_id % 50 = 0, m.res_id % 500 = 0,
                   'email', 'email', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM mail_message m JOIN res_partner p ON p.id = m.res_id
             WHERE m.model = 'res.partner' AND m.client_desk_kind IN ('message_in', 'message_out')
             GROUP BY m.res_id, p.company_id, p.display_name
        """)
        # Two thirds read by the administrator.
        cr.execute("""
            INSERT INTO client_desk_conversation_read (conversation_id, user_id, message_id)
            SELECT id, 1, last_message_id FROM client_desk_conversation WHERE id % 3 <> 0
        """)
        env["client.desk.conversation.unread"]._sync(None)
        cr.commit()
        cr.execute("ANALYZE mail_message")
        cr.execute("ANALYZE client_desk_conversation")
        cr.execute("ANALYZE client_desk_conversation_read")


def ensure_staff(registry):
    """STAFF colleagues (their unread rows are made when they join) and fresh statistics."""
    import odoo

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        group = env.ref("client_desk.group_client_desk_user")
        for index in range(1, STAFF + 1):
            login = "bench.staff%d" % index
            if not env["res.users"].search([("login", "=", login)]):
                print("adding colleague %s ..." % login, flush=True)
                env["res.users"].with_context(no_reset_password=True).create({
                    "name": "Bench Staff %d" % index, "login": login, "groups_id": [(6, 0, [group.id])]})
        cr.commit()
    # VACUUM (not in a transaction): the visibility map makes the unread count index-only.
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE client_desk_conversation_unread")
        cr._cnx.autocommit = False


def main():
    args = benchlib.parse_args(__doc__)
    if args.db == os.environ.get("BENCH_DB", "clientdesk_bench") and "--db" not in sys.argv:
        args.db = "cd_inbox_bench"
    bench_database(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    ensure_messages(registry, MESSAGES_PER_CLIENT)
    ensure_staff(registry)

    import odoo

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM mail_message")
        messages = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM client_desk_conversation")
        conversations = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM client_desk_conversation_unread")
        unread_rows = cr.fetchone()[0]
        print("%d conversations, %d messages, %d unread rows" % (conversations, messages, unread_rows))
        conversation = env["client.desk.conversation"]
        message = env["mail.message"]
        runs = args.repeat * 20

        def fresh(call):
            def run():
                env.cache.invalidate()
                call()
            return run

        inbox = [("state", "=", "open"), ("last_in_id", ">", 0)]
        rows = [
            ("inbox first page (80)",
             benchlib.timed(fresh(lambda: conversation.search_read(inbox, LIST_FIELDS, limit=PAGE)), runs),
             benchlib.timed(fresh(lambda: message.search_read(
                 [("model", "=", "res.partner"), ("message_type", "in", ["comment", "email"])],
                 STOCK_FIELDS, limit=PAGE)), runs),
             "p50 <= 100 ms"),
            ("unread count (menu, tile)",
             benchlib.timed(fresh(lambda: conversation.search_count(conversation.UNREAD_DOMAIN)), runs),
             benchlib.timed(fresh(lambda: message.search_count(
                 [("model", "=", "res.partner"), ("client_desk_kind", "=", "message_in")])), runs),
             "p50 <= 50 ms"),
            ("unread folder first page (80)",
             benchlib.timed(fresh(lambda: conversation.search_read(
                 conversation.UNREAD_DOMAIN, LIST_FIELDS, limit=PAGE)), runs),
             benchlib.timed(fresh(lambda: message.search_read(
                 [("model", "=", "res.partner"), ("client_desk_kind", "=", "message_in")],
                 STOCK_FIELDS, limit=PAGE)), runs),
             "p50 <= 100 ms"),
        ]
        partners = env["res.partner"].search([("client_desk_source", "=", "import")], limit=runs)

        def post(context):
            samples = []
            for partner in partners:
                this = partner.with_context(**context)
                samples += benchlib.timed(lambda: this.message_post(
                    body="<p>Bench</p>", message_type="comment", subtype="mail.mt_comment", author_id=this.id), 1)
            return samples

        rows.append(("post a client message (ours vs bare)", post({}),
                     post({"client_desk_inbox_deferred": True}), "<= 2x bare"))
        cr.rollback()
        benchlib.print_table("Inbox at %d clients, %d messages" % (conversations, messages), rows)


if __name__ == "__main__":
    main()
