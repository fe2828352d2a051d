"""Campaigns at scale: recipient selection and summary at --clients clients, then queueing,
delivering (to an SMTP sink on loopback) and end to end for --send personalised e-mails,
beside Odoo 11's own mass mailing in the same run.

    .venv/bin/python bench/bench_campaigns.py [--clients 100000] [--send 10000] [--stock-send 2000]

Its own database (default cd_campaigns_bench: the core and client_desk_campaigns, no demo).
Every message is counted at the sink: none lost, none twice. Stock Odoo is measured on
--stock-send mails (it runs at ~15-50 mails/s: 10,000 would take ~12 minutes).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402

MODULE = "client_desk_campaigns"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100000)
    parser.add_argument("--send", type=int, default=10000)
    parser.add_argument("--stock-send", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default="cd_campaigns_bench")
    return parser.parse_known_args()[0]


def database(dbname):
    odoo_db = benchlib.odoo_db
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, [MODULE], os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname),
                        demo=False, languages=None)


def main():
    args = parse_args()
    database(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    from odoo import SUPERUSER_ID, api

    from odoo.addons.client_desk.tests.harness import SmtpSink

    sink = SmtpSink().start()
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env["ir.mail_server"].search([]).unlink()
        env["ir.mail_server"].create({"name": "bench sink", "smtp_host": "127.0.0.1", "smtp_port": sink.port})
        env["ir.config_parameter"].set_param("client_desk_campaigns.rate_per_minute", "0")
        env["ir.config_parameter"].set_param("web.base.url", "http://bench.example")
        # A tag on the first --send and --stock-send clients: the audiences of the sending cases.
        tags = {}
        for size in {args.send, args.stock_send}:
            tag = env["res.partner.category"].search([("name", "=", "bench %s" % size)])
            if not tag:
                tag = env["res.partner.category"].create({"name": "bench %s" % size})
                cr.execute("INSERT INTO res_partner_res_partner_category_rel (partner_id, category_id) "
                           "SELECT id, %s FROM res_partner WHERE client_desk_is_client ORDER BY id LIMIT %s",
                           (tag.id, size))
            tags[size] = tag
        cr.execute("UPDATE res_partner SET client_desk_marketing_opt_in = true WHERE client_desk_is_client")
        cr.commit()
        Mailing = env["mail.mass_mailing"]

        def campaign(name, tag=None):
            values = {"name": name, "client_desk_action": "book", "email_from": "salon@bench.example",
                      "reply_to": "salon@bench.example", "client_desk_opt_in_only": False,
                      "client_desk_title": "Hello {client_first_name}",
                      "client_desk_text": "Dear {client_full_name}, book your spring cut."}
            if tag:
                values.update(client_desk_audience="tags", client_desk_tag_ids=[(6, 0, tag.ids)])
            record = Mailing.create(values)
            cr.commit()
            return record

        def stock(name, tag):
            record = Mailing.create({
                "name": name, "email_from": "salon@bench.example", "reply_to_mode": "email",
                "reply_to": "salon@bench.example", "mailing_model_id": env.ref("base.model_res_partner").id,
                "mailing_domain": repr([("category_id", "in", tag.ids)]),
                "body_html": "<p>Dear ${object.name}, book your spring cut.</p>"
                             "<a href='http://bench.example/book'>Book</a>"})
            cr.commit()
            return record

        rows = []
        # 1. Selection + summary of all clients.
        everyone = campaign("bench summary")
        ours = benchlib.timed(lambda: everyone.client_desk_get_summary(), args.repeat)
        stock_all = stock("bench stock summary", env["res.partner.category"])
        stock_all.mailing_domain = repr([("client_desk_is_client", "=", True)])

        def stock_selection():
            stock_all.get_recipients()
            stock_all._get_blacklist()
            stock_all._get_seen_list()

        rows.append(("selection + summary, %d clients" % args.clients, ours,
                     benchlib.timed(stock_selection, args.repeat), "fast at 100,000"))
        materialise = benchlib.timed(lambda: (everyone._client_desk_materialise(), cr.rollback()), 1)
        rows.append(("recipient rows written, %d clients" % args.clients, materialise, None, "-"))
        benchlib.print_table("Campaign audience (%d clients)" % args.clients, rows)

        # 2. Ours: queue, deliver, end to end.
        results = []
        mine = campaign("bench send", tags[args.send])
        start = time.perf_counter()
        mine.put_in_queue()
        cr.commit()
        queued = time.perf_counter() - start
        sink.clear()
        start = time.perf_counter()
        mine._client_desk_drain(rate=0)
        delivered_s = time.perf_counter() - start
        count = len(sink.messages)
        unique = len({m.rcpt_tos[0] for m in sink.messages})
        results.append(("Client Desk (cron + row locks)", args.send, queued, delivered_s, count, unique))

        # 3. Stock mass mailing on --stock-send: queue (mail.mail), deliver (mail queue), end to end.
        old = stock("bench stock", tags[args.stock_send])
        sink.clear()
        start = time.perf_counter()
        composer_ids = old.get_remaining_recipients()
        # send_mail() creates the mail.mail records then sends them (auto-commit per batch).
        old.send_mail()
        stock_total = time.perf_counter() - start
        cr.commit()
        stock_count = len(sink.messages)
        stock_unique = len({m.rcpt_tos[0] for m in sink.messages})
        results.append(
            ("stock mass_mailing send_mail()", len(composer_ids), None, stock_total, stock_count, stock_unique))
    sink.stop()

    print("\nSending (%d personalised e-mails; stock on %d)" % (args.send, args.stock_send))
    header = ("path", "mails", "queue s", "deliver s", "end to end s", "mails/s", "at sink")
    print("%-34s %7s %10s %12s %14s %10s %8s" % header)
    for name, size, queue_s, deliver_s, count, unique in results:
        total = (queue_s or 0) + deliver_s
        print("%-34s %7d %10s %12.1f %14.1f %10.1f %5d/%d%s" % (
            name, size, "%.1f" % queue_s if queue_s is not None else "(in e2e)", deliver_s, total,
            count / total if total else 0, count, size, "" if unique == count else " DUPLICATES!"))
    ours_rate = results[0][4] / (results[0][2] + results[0][3])
    stock_rate = results[1][4] / results[1][3] if results[1][3] else 0
    print("\nend-to-end speed-up: %.1fx (target >= 12x; 10,000 <= 60 s; queueing 10,000 <= 30 s;"
          " delivery >= 200/s)" % (ours_rate / stock_rate if stock_rate else 0))
    print("median queue rate ours: %.0f rows/s" % (args.send / results[0][2]))


if __name__ == "__main__":
    main()
