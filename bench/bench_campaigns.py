"""Campaigns at scale: recipient selection and summary at --clients clients, then queueing,
delivering (to an SMTP sink on loopback) and end to end for --send personalised e-mails,
beside Odoo 11's own mass mailing in the same run.

    .venv/bin/python bench/bench_campaigns.py [--clients 100000] [--send 10000] [--stock-send 2000]
                                              [--senders 2] [--no-queue-job]

Its own database (default cd_campaigns_bench: the core and client_desk_campaigns, no demo;
OCA queue_job is installed in it for the comparison). Every message is counted at the sink:
none lost, none twice. The sink is a process of its own, as a real SMTP server is (in this
process it would take the sender's CPU). Stock Odoo is measured on --stock-send mails (it
runs at ~15-50 mails/s: 10,000 would take ~12 minutes).

Sending paths compared on the same --send recipients:
- cron + row locks: what the scheduled action runs (_client_desk_drain_parallel), with 1 and
  --senders senders (threads claiming batches with FOR UPDATE SKIP LOCKED);
- queue_job: one OCA queue_job job per batch of recipients, executed by --senders workers
  exactly as queue_job's /queue_job/runjob controller does (load, started + commit, perform,
  done + commit). The runner's HTTP hop and its NOTIFY loop are left out, which favours
  queue_job: its figure is a lower bound of its cost.
"""
import argparse
import multiprocessing
import os
import queue
import sys
import threading
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
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--no-queue-job", action="store_true")
    return parser.parse_known_args()[0]


def _sink_process(port_pipe):
    """The SMTP sink's process: counts messages and distinct recipients; answers "count",
    "clear" and "stop" on the pipe."""
    import asyncore
    import smtpd
    import socket

    received = []

    class Counter(smtpd.SMTPServer):
        def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
            received.append(tuple(rcpttos))

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = Counter(("127.0.0.1", port), None, decode_data=False)
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.05}, daemon=True).start()
    port_pipe.send(port)
    while True:
        command = port_pipe.recv()
        if command == "count":
            port_pipe.send((len(received), len({address for rcpts in received for address in rcpts})))
        elif command == "clear":
            del received[:]
            port_pipe.send(True)
        else:
            server.close()
            port_pipe.send(True)
            return


class SinkProcess:
    def __init__(self):
        self.pipe, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_sink_process, args=(child,), daemon=True)
        self.process.start()
        self.port = self.pipe.recv()

    def ask(self, command):
        self.pipe.send(command)
        return self.pipe.recv()

    def counts(self, expected, wait=10):
        """(messages, distinct recipients) once expected arrived or wait seconds passed."""
        deadline = time.time() + wait
        while True:
            count = self.ask("count")
            if count[0] >= expected or time.time() > deadline:
                return count
            time.sleep(0.05)

    def stop(self):
        self.ask("stop")
        self.process.join(5)


def ensure_queue_job(dbname):
    if "queue_job" not in benchlib.odoo_db.installed_modules(dbname):
        print("installing queue_job in %s ..." % dbname, flush=True)
        benchlib.odoo_db.run_odoo(dbname, ["-i", "queue_job"],
                                  os.path.join(benchlib.odoo_db.LOG_DIR, "install-%s-queue_job.log" % dbname))


def queue_job_method(env):
    """A queue_job job method for one batch of recipients, put on mail.mass_mailing for the
    bench only (the module does not depend on queue_job: see the module's README)."""
    from odoo.addons.queue_job.job import job

    @job
    def _bench_job_send_batch(self, ids):
        # The job claims its rows as the cron does (crash-safe), sends them and records them.
        self.env.cr.execute("UPDATE client_desk_campaign_recipient SET state = 'sending', "
                            "sending_date = now() at time zone 'UTC' WHERE id = ANY(%s) AND state = 'queued' "
                            "RETURNING id", (ids,))
        claimed = sorted(row[0] for row in self.env.cr.fetchall())
        self.env.cr.commit()
        sender = self._client_desk_sender()
        try:
            return sender.send_batch(claimed) if claimed else 0
        finally:
            sender.close()

    setattr(type(env["mail.mass_mailing"]), "_bench_job_send_batch", _bench_job_send_batch)


def run_jobs(registry, uuids, workers):
    """Performs the jobs as queue_job's /queue_job/runjob does, in `workers` threads."""
    from odoo import SUPERUSER_ID, api

    from odoo.addons.queue_job.job import Job

    todo = queue.Queue()
    for uuid in uuids:
        todo.put(uuid)
    errors = []

    def worker():
        while True:
            try:
                uuid = todo.get_nowait()
            except queue.Empty:
                return
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    job = Job.load(env, uuid)
                    cr.commit()
                    job.set_started()
                    job.store()
                    cr.commit()
                    job.perform()
                    job.set_done()
                    job.store()
                    cr.commit()
            except Exception as error:  # counted at the sink anyway
                errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def database(dbname):
    odoo_db = benchlib.odoo_db
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, [MODULE], os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname),
                        demo=False, languages=None)


def main():
    args = parse_args()
    sink = SinkProcess()  # forked before Odoo opens any connection
    database(args.db)
    if not args.no_queue_job:
        ensure_queue_job(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    from odoo import SUPERUSER_ID, api

    print("load before: %s" % os.getloadavg().__repr__(), flush=True)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env["ir.mail_server"].search([]).unlink()
        env["ir.mail_server"].create({"name": "bench sink", "smtp_host": "127.0.0.1", "smtp_port": sink.port})
        env["ir.config_parameter"].set_param("client_desk_campaigns.rate_per_minute", "0")
        env["ir.config_parameter"].set_param("web.base.url", "http://bench.example")
        env["ir.config_parameter"].set_param("mail.catchall.domain", "bench.example")
        env["ir.config_parameter"].set_param("mail.bounce.alias", "bounce")
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
        cr.execute("UPDATE res_partner SET client_desk_marketing_opt_in = true WHERE client_desk_is_client "
                   "AND client_desk_marketing_opt_in IS DISTINCT FROM true")
        # Campaigns of earlier runs left in the queue would be drained by the cases below.
        cr.execute("UPDATE client_desk_campaign_recipient SET state = 'cancelled' WHERE state IN ('queued', 'sending')")
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

        # 2. Ours: queue, deliver, end to end; cron + row locks with 1 and --senders senders.
        results = []

        def measure(name, queue_fn, deliver_fn, size):
            sink.ask("clear")
            start = time.perf_counter()
            queue_fn()
            cr.commit()
            queued = time.perf_counter() - start
            start = time.perf_counter()
            deliver_fn()
            delivered_s = time.perf_counter() - start
            count, unique = sink.counts(size)
            results.append((name, size, queued, delivered_s, count, unique))
            print("  %s: queue %.1f s, deliver %.1f s, at sink %d (load %.2f)" % (
                name, queued, delivered_s, count, os.getloadavg()[0]), flush=True)

        for senders in sorted({1, args.senders}):
            mine = campaign("bench send %d" % senders, tags[args.send])
            measure("cron + row locks, %d sender%s" % (senders, "s" if senders > 1 else ""), mine.put_in_queue,
                    lambda: mine._client_desk_drain_parallel(senders=senders, rate=0, batch_size=args.batch),
                    args.send)

        # 3. queue_job: one job per batch, --senders workers.
        if not args.no_queue_job:
            queue_job_method(env)
            jobs = campaign("bench queue_job", tags[args.send])
            uuids = []

            def enqueue():
                jobs.put_in_queue()
                cr.execute("SELECT id FROM client_desk_campaign_recipient WHERE mailing_id = %s AND state = 'queued' "
                           "ORDER BY id", (jobs.id,))
                ids = [row[0] for row in cr.fetchall()]
                for index in range(0, len(ids), args.batch):
                    uuids.append(jobs.with_delay()._bench_job_send_batch(ids[index:index + args.batch]).uuid)

            measure("queue_job, %d workers" % args.senders, enqueue,
                    lambda: run_jobs(registry, uuids, args.senders), args.send)

        # 4. Stock mass mailing on --stock-send: queue (mail.mail), deliver (mail queue), end to end.
        old = stock("bench stock", tags[args.stock_send])
        sink.ask("clear")
        start = time.perf_counter()
        composer_ids = old.get_remaining_recipients()
        # send_mail() creates the mail.mail records then sends them (auto-commit per batch).
        old.send_mail()
        stock_total = time.perf_counter() - start
        cr.commit()
        stock_count, stock_unique = sink.counts(len(composer_ids))
        results.append(
            ("stock mass_mailing send_mail()", len(composer_ids), None, stock_total, stock_count, stock_unique))
    sink.stop()

    print("\nSending (%d personalised e-mails; stock on %d); load after: %.2f %.2f %.2f" % (
        (args.send, args.stock_send) + os.getloadavg()))
    header = ("path", "mails", "queue s", "deliver s", "deliver/s", "end to end s", "e2e mails/s", "at sink")
    print("%-34s %7s %9s %10s %10s %13s %12s %8s" % header)
    for name, size, queue_s, deliver_s, count, unique in results:
        total = (queue_s or 0) + deliver_s
        print("%-34s %7d %9s %10.1f %10.0f %13.1f %12.1f %5d/%d%s" % (
            name, size, "%.1f" % queue_s if queue_s is not None else "(in e2e)", deliver_s,
            count / deliver_s if deliver_s else 0, total, count / total if total else 0, count, size,
            "" if unique == count else " DUPLICATES!"))
    stock_row = results[-1]
    stock_rate = stock_row[4] / stock_row[3] if stock_row[3] else 0
    for name, size, queue_s, deliver_s, count, _unique in results[:-1]:
        rate = count / (queue_s + deliver_s)
        print("%s: end to end %.1fx stock, delivery %.1fx stock (targets: e2e >= 12x and 10,000 <= 60 s; "
              "queueing 10,000 <= 30 s; delivery >= 200/s)" % (
                  name, rate / stock_rate if stock_rate else 0,
                  count / deliver_s / stock_rate if stock_rate else 0))


if __name__ == "__main__":
    main()
