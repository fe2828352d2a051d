"""A day at the salon, end to end (issue 11): every Client Desk module working together, seen
from outside as the client and the staff see it.

A real `odoo-bin` serves a database of this run with every Client Desk module and the demo
data; the client uses headless Chromium, Odoo delivers its mail to a real SMTP sink in this
process, and staff work over XML-RPC. The scheduled actions run on demand (Odoo's "Run
manually", `ir.cron.method_direct_trigger`); "weeks later" moves the visit's dates back, never
the server's clock.

A new client books online a service that asks a deposit → pays it through the test acquirer →
gets the confirmation with its .ics and the intake-form request → uploads the form → staff see
each step arrive in the inbox → reminder SMS through the test gateway → the visit is marked
done → invoice (less the deposit) → paid at the desk → the thank-you e-mail → weeks later a
rebooking campaign reaches the client → they book (and pay the deposit) again → the campaign
shows one engaged client, booked and paid, with its revenue. The client's one conversation
holds every step, in order.

Set SALON_DAY_TEMPLATE=<database> to copy a database made earlier with
`scripts/odoo_db.py fresh-test` instead of installing one (while developing the test).
"""
import datetime
import os
import re
import shutil
import sys
import tempfile
import time

import pytest
import pytz
from salon_day import OdooServer, Rpc, SmtpSink, start_chromium, wait_until
from salon_day.smtp import attachment, attachment_names, body_html
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo_db  # noqa: E402  (scripts/ is not a package)

SCREENSHOTS = os.path.join(ROOT, "tests", "screenshots")
TZ = pytz.timezone("Europe/Brussels")
# The new client, with an address and a number the demo salon does not use.
CLIENT = {"name": "Noor Vandamme", "email": "noor.vandamme.salonday@example.com", "phone": "0470 55 66 77"}
PRICE, DEPOSIT = 80.0, 20.0
# A PDF the upload accepts (the documents module checks what a file really is).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# -- the salon: database, SMTP sink, server, browser ------------------------------------------------


@pytest.fixture(scope="module")
def salon():
    dbname = ("cdt_salon_day_%d" % os.getpid())[:63]
    template = os.environ.get("SALON_DAY_TEMPLATE")
    started = time.monotonic()
    sink = SmtpSink().start()
    server = browser = None
    profile = tempfile.mkdtemp(prefix="salon-day-chromium-")
    try:
        if template:
            odoo_db.copy(template, dbname)
        else:
            odoo_db.fresh(dbname, languages=odoo_db.TEST_LANGUAGES)
        installed = time.monotonic()
        server = OdooServer(dbname, sink.port, os.path.join(odoo_db.LOG_DIR, "salon-day-%s.log" % dbname)).start()
        browser = start_chromium(profile)
        yield Salon(dbname, sink, server, browser)
        print("\nsalon day: database %.0fs, scenario %.0fs" % (installed - started, time.monotonic() - installed))
    finally:
        if browser:
            browser.quit()
        if server:
            server.stop()
        sink.stop()
        shutil.rmtree(profile, ignore_errors=True)
        if not os.environ.get("SALON_DAY_KEEP"):
            odoo_db.drop(dbname)


class Salon:
    """The running salon: the server's URL, the sink, the browser, and XML-RPC as admin and
    as a member of staff (made by set_up)."""

    def __init__(self, dbname, sink, server, browser):
        self.dbname, self.sink, self.server, self.browser = dbname, sink, server, browser
        self.url = server.url
        self.admin = Rpc(self.url, dbname, "admin", "admin")
        self.staff = None

    # -- browser --------------------------------------------------------------------------------

    def open(self, path_or_url):
        self.browser.get(path_or_url if path_or_url.startswith("http") else self.url + path_or_url)

    def wait_for(self, css, timeout=60):
        try:
            return WebDriverWait(self.browser, timeout).until(
                expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css))
            )
        except TimeoutException:
            raise AssertionError(
                "%r did not show within %ss on %s (screenshot %s)"
                % (css, timeout, self.browser.current_url, self.screenshot("timeout"))
            )

    def click(self, css, timeout=60):
        try:
            element = WebDriverWait(self.browser, timeout).until(
                expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, css))
            )
        except TimeoutException:
            raise AssertionError(
                "%r was not clickable within %ss on %s (screenshot %s)"
                % (css, timeout, self.browser.current_url, self.screenshot("timeout"))
            )
        element.click()
        return element

    def type_in(self, css, text):
        self.wait_for(css).send_keys(text)

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, "salon-day-%s.png" % name)
        self.browser.save_screenshot(path)
        return path

    # -- mail -----------------------------------------------------------------------------------

    def deliver_mail(self):
        """Runs Odoo's outgoing mail queue now (the mail goes to the sink)."""
        self.admin.run_cron("mail.ir_cron_mail_scheduler_action")

    def mail_to(self, address, subject_part, count=1, timeout=30):
        """The messages to address whose subject contains subject_part, once count arrived."""

        def found():
            mails = [m for m in self.sink.to(address) if subject_part in str(m.message["Subject"])]
            return mails if len(mails) >= count else None

        try:
            return wait_until(found, timeout=timeout, message="mail %r to %s" % (subject_part, address))
        except AssertionError:
            raise AssertionError(
                "no mail %r to %s; received: %s"
                % (subject_part, address, [str(m.message["Subject"]) for m in self.sink.to(address)])
            )


# -- the conversation, as staff see it -----------------------------------------------------------

# Events of the conversation that do not bring it to the top of the inbox: the quiet kinds
# (client_desk_inbox.tools.inbox.QUIET_KINDS) and "campaign sent", which the campaigns module
# posts in bulk (SQL) for a whole audience, past the inbox.
NOT_IN_INBOX = ["consent", "profile", "import", "campaign_sent"]


class Conversation:
    """The client's one conversation: their messages on res.partner, in order, and the inbox
    entry staff work from. check() asserts the steps since the last check, in order."""

    def __init__(self, salon, partner_id):
        self.salon, self.partner_id = salon, partner_id
        self.seen = []  # labels of the messages checked so far, in order

    def labels(self):
        """One label per message of the conversation page (client_desk_inbox's thread: events,
        notes and e-mail), oldest first: its event kind, or note:<first words>."""
        note = self.salon.admin.ref("mail.mt_note")
        comment = self.salon.admin.ref("mail.mt_comment")
        messages = self.salon.admin.search_read(
            "mail.message",
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.partner_id),
                "|",
                "|",
                ("client_desk_kind", "!=", False),
                ("subtype_id", "in", [note, comment]),
                ("message_type", "=", "email"),
            ],
            ["client_desk_kind", "body"],
            order="id",
        )
        return [
            m["client_desk_kind"] or "note:" + " ".join(re.sub("<[^>]+>", " ", m["body"]).split()[:2]) for m in messages
        ]

    def check(self, *steps):
        """The conversation grew by exactly steps (labels), in this order, and staff see the
        last of them arrive in the inbox: the client's conversation shows it as its last
        message."""
        labels = self.labels()
        expected = self.seen + list(steps)
        assert labels == expected, "conversation: %s\nexpected:     %s" % (labels, expected)
        self.seen = labels
        inbox = self.salon.staff.search_read(
            "client.desk.conversation",
            [("partner_id", "=", self.partner_id)],
            ["last_message_id", "preview", "message_count"],
        )
        assert len(inbox) == 1, "one inbox conversation for the client, found %s" % inbox
        last = self.salon.admin.search_read(
            "mail.message",
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.partner_id),
                ("client_desk_kind", "!=", False),
                ("client_desk_kind", "not in", NOT_IN_INBOX),
            ],
            ["id", "client_desk_kind"],
            order="id desc",
        )[:1]
        assert (
            inbox[0]["last_message_id"] and last and inbox[0]["last_message_id"][0] == last[0]["id"]
        ), "the inbox shows %s as the last message, the last event is %s" % (inbox[0]["last_message_id"], last)
        return inbox[0]


# -- set-up: the salon's day, configured as its manager would ---------------------------------------


def set_up(salon):
    """The service booked today (a colouring with a deposit and an intake form), its
    stylist, the settings (no approval, no quiet hours, reminders a week ahead), the test
    acquirer and the test SMS gateway. Returns the service's id."""
    admin = salon.admin
    for key, value in {
        "web.base.url": salon.url,
        "web.base.url.freeze": "True",
        "client_desk_agenda.approval": "none",
        "client_desk_agenda.horizon_days": "60",
        "client_desk_agenda.min_notice_hours": "2",
        "client_desk_agenda.quiet_start": "0",
        "client_desk_agenda.quiet_end": "0",
        "client_desk_agenda.reminder_hours": str(24 * 7),
        "client_desk_agenda.followup_hours": "2",
        "client_desk_campaigns.rate_per_minute": "0",
    }.items():
        admin.call("ir.config_parameter", "set_param", key, value)
    # Odoo's demo adds an outgoing mail server (localhost:25), which goes before --smtp-port.
    servers = admin.call("ir.mail_server", "search", [])
    admin.call("ir.mail_server", "write", servers, {"smtp_host": "127.0.0.1", "smtp_port": salon.sink.port})
    company = admin.read_one("res.users", admin.uid, ["company_id"])["company_id"][0]
    company_partner = admin.read_one("res.company", company, ["partner_id"])["partner_id"][0]
    admin.call("res.partner", "write", [company_partner], {"tz": "Europe/Brussels"})
    calendar = admin.call(
        "resource.calendar",
        "create",
        {
            "name": "Salon day: every day 9-18",
            "attendance_ids": [(5, 0, 0)]
            + [
                (0, 0, {"name": "Day %d" % day, "dayofweek": str(day), "hour_from": 9, "hour_to": 18})
                for day in range(7)
            ],
        },
    )
    stylist = admin.call(
        "res.users",
        "create",
        {
            "name": "Salon Day Stylist",
            "login": "salon.day.stylist",
            "password": "salon.day.stylist",
            "email": "salon.day.stylist@example.com",
            "groups_id": [(6, 0, [admin.ref("client_desk.group_client_desk_user")])],
            "client_desk_bookable": True,
            "client_desk_calendar_id": calendar,
        },
    )
    salon.staff = Rpc(salon.url, salon.dbname, "salon.day.stylist", "salon.day.stylist")
    intake = admin.call(
        "client.desk.document.request.template",
        "create",
        {
            "name": "Intake form before your colouring",
            "line_ids": [(0, 0, {"name": "Intake form"})],
        },
    )
    service = admin.call(
        "client.desk.service",
        "create",
        {
            "name": "Salon Day Colouring",
            "duration_minutes": 60,
            "price": PRICE,
            "staff_ids": [(6, 0, [stylist])],
            "deposit_type": "fixed",
            "deposit_amount": DEPOSIT,
            "client_desk_document_template_id": intake,
        },
    )
    # The demo's own rebooking campaign stops: the day's campaign is the only one to reach her.
    for running in admin.call("mail.mass_mailing", "search", [("client_desk_rebooking_running", "=", True)]):
        admin.call("mail.mass_mailing", "action_client_desk_rebooking_stop", [running])
    acquirer = admin.ref("client_desk_billing.payment_acquirer_client_desk_test")
    admin.call("payment.acquirer", "write", [acquirer], {"website_published": True, "company_id": company})
    others = admin.call("payment.acquirer", "search", [("id", "!=", acquirer)])
    admin.call("payment.acquirer", "write", others, {"website_published": False})
    admin.call(
        "client.desk.sms.gateway",
        "write",
        [admin.ref("client_desk.client_desk_sms_gateway_test")],
        {"active": True, "sequence": 0},
    )
    return service


# -- the client's steps in the browser --------------------------------------------------------------


def book_online(salon, service_id, day):
    """The client books the service's first free slot of day from /book, as a visitor (or
    as who is logged in). Returns the UTC start of the slot."""
    salon.open("/book")
    salon.wait_for("a.o_client_desk_service[href*='/book/service/%d']" % service_id)
    salon.open("/book/service/%d?staff=any&day=%s" % (service_id, day.isoformat()))
    slot = salon.wait_for("a.o_client_desk_slot")
    start = re.search(r"start=(\d{4}-\d\d-\d\d)\+(\d\d)%3A(\d\d)", slot.get_attribute("href"))
    assert start, slot.get_attribute("href")
    salon.click("a.o_client_desk_slot")
    salon.wait_for("form.o_client_desk_booking_form")
    deposit_notice = salon.wait_for(".o_client_desk_deposit_notice").text
    assert "deposit" in deposit_notice and "20.00" in deposit_notice, deposit_notice
    for name in ("name", "email", "phone"):
        field = salon.browser.find_element(By.CSS_SELECTOR, "form.o_client_desk_booking_form input[name=%s]" % name)
        field.clear()
        field.send_keys(CLIENT[name])
    salon.click("button.o_client_desk_book_button")
    held = salon.wait_for(".o_client_desk_deposit_due").text
    assert "20.00" in held and "held until" in held, held
    return "%s %s:%s:00" % start.groups()


def pay_deposit(salon):
    """From the booking's confirmation page, the client pays the deposit with the test acquirer."""
    salon.click("a.o_client_desk_pay_deposit")
    salon.wait_for(".o_client_desk_communication")
    salon.click("form.o_client_desk_pay button[type=submit]")
    salon.click("form.o_client_desk_acquirer_form button[type=submit]")
    paid = salon.wait_for(".o_client_desk_paid").text
    assert "paid" in paid, paid


def upload_intake_form(salon, url):
    handle, path = tempfile.mkstemp(suffix=".pdf", prefix="intake-form-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(PDF)
        salon.open(url)
        salon.wait_for(".o_client_desk_line_missing")
        salon.browser.find_element(By.CSS_SELECTOR, ".o_client_desk_upload input[type=file]").send_keys(path)
        salon.click(".o_client_desk_upload button[type=submit]")
        salon.wait_for(".alert-success")
        salon.wait_for(".o_client_desk_line_received")
    finally:
        os.remove(path)


# -- the scenario ------------------------------------------------------------------------------------


def bookable_day(salon, service_id, days_ahead):
    """The first local day from days_ahead days on with a free slot of the service (the salon
    may be closed on some days of the week)."""
    for offset in range(days_ahead, days_ahead + 10):
        day = datetime.datetime.now(TZ).date() + datetime.timedelta(days=offset)
        if salon.admin.call("client.desk.service", "client_desk_slots", [service_id], False, day.isoformat()):
            return day
    raise AssertionError("no free slot for the service within 10 days")


def event_of(salon, partner_id, start):
    events = salon.admin.search_read(
        "calendar.event",
        [("client_desk_partner_id", "=", partner_id), ("start", "=", start)],
        [
            "client_desk_state",
            "client_desk_deposit_state",
            "client_desk_deposit_invoice_id",
            "client_desk_billing_state",
            "client_desk_reminder_state",
            "client_desk_document_request_ids",
        ],
    )
    assert len(events) == 1, events
    return events[0]


def test_a_day_at_the_salon(salon):
    service = set_up(salon)
    admin, staff = salon.admin, salon.staff
    email = CLIENT["email"]

    # 1. A new client books online; the colouring asks a deposit: the booking is held.
    start = book_online(salon, service, bookable_day(salon, service, 3))
    partners = admin.search_read(
        "res.partner", [("email", "=", email)], ["client_desk_is_client", "client_desk_source", "mobile"]
    )
    assert len(partners) == 1 and partners[0]["client_desk_is_client"], partners
    partner = partners[0]["id"]
    conversation = Conversation(salon, partner)
    event = event_of(salon, partner, start)
    assert (event["client_desk_state"], event["client_desk_deposit_state"]) == ("requested", "waiting")
    deposit = admin.read_one(
        "account.invoice",
        event["client_desk_deposit_invoice_id"][0],
        ["state", "amount_total", "client_desk_event_role"],
    )
    assert (deposit["state"], deposit["amount_total"], deposit["client_desk_event_role"]) == (
        "open",
        DEPOSIT,
        "deposit",
    )
    # The deposit invoice is e-mailed too, with its pay link, for a client who left the page.
    conversation.check("note:Contact created", "appointment_requested", "invoice_sent")
    salon.deliver_mail()
    salon.mail_to(email, "Invoice %s" % admin.read_one("account.invoice", deposit["id"], ["number"])["number"])

    # 2. They pay the deposit through the test acquirer: the booking is confirmed.
    pay_deposit(salon)
    event = event_of(salon, partner, start)
    assert (event["client_desk_state"], event["client_desk_deposit_state"]) == ("confirmed", "paid")
    conversation.check("deposit_paid", "appointment_scheduled", "document_requested", "payment_received")

    # 3. The confirmation e-mail carries the .ics and the intake-form request with its link.
    salon.deliver_mail()
    (confirmation,) = salon.mail_to(email, "Appointment confirmed: Salon Day Colouring")
    assert "appointment.ics" in attachment_names(confirmation.message)
    ics = attachment(confirmation.message, "appointment.ics").decode()
    assert "BEGIN:VEVENT" in ics and "Salon Day Colouring" in ics
    assert "DTSTART:%sZ" % start.replace("-", "").replace(":", "").replace(" ", "T") in ics, ics
    html = body_html(confirmation.message)
    link = re.search(r'class="o_client_desk_document_request".*?href="([^"]+)"', html, re.S)
    assert link and "Intake form" in html, html
    upload_url = link.group(1).replace("&amp;", "&")
    assert upload_url.startswith(salon.url + "/documents/request/"), upload_url

    # 4. The client uploads the intake form from the e-mail's link.
    upload_intake_form(salon, upload_url)
    requests = admin.read_one("calendar.event", event["id"], ["client_desk_document_request_ids"])
    lines = admin.search_read(
        "client.desk.document.request.line",
        [("request_id", "in", requests["client_desk_document_request_ids"])],
        ["name", "state"],
    )
    assert [(line["name"], line["state"]) for line in lines] == [("Intake form", "received")]
    inbox = conversation.check("document_received")
    assert inbox["preview"], inbox

    # 5. The reminder goes by SMS through the test gateway.
    admin.run_cron("client_desk_agenda.ir_cron_appointment_reminders")
    sms = admin.search_read("client.desk.sms", [("partner_id", "=", partner)], ["state", "body", "model", "res_id"])
    assert [(s["state"], s["model"], s["res_id"]) for s in sms] == [("queued", "calendar.event", event["id"])], sms
    assert sms[0]["body"].startswith("Reminder: Salon Day Colouring"), sms
    admin.run_cron("client_desk.client_desk_sms_cron_send")
    assert admin.read_one("client.desk.sms", sms[0]["id"], ["state"])["state"] == "sent"
    admin.run_cron("client_desk_agenda.ir_cron_appointment_reminders")
    assert event_of(salon, partner, start)["client_desk_reminder_state"] == "sms_sent"
    conversation.check("note:SMS sent")

    # 6. The visit is marked done by the stylist.
    staff.call("calendar.event", "action_client_desk_done", [event["id"]])
    assert event_of(salon, partner, start)["client_desk_state"] == "done"
    conversation.check("appointment_done")

    # 7. The invoice: the colouring less the deposit, e-mailed to the client.
    invoice_id = staff.call("calendar.event", "client_desk_create_invoice", [event["id"]], validate=True)
    invoice = staff.read_one("account.invoice", invoice_id, ["state", "amount_total", "residual"])
    assert (invoice["state"], invoice["amount_total"]) == ("open", PRICE - DEPOSIT), invoice
    staff.call("account.invoice", "action_client_desk_send", [invoice_id])
    conversation.check("invoice_sent")
    salon.deliver_mail()
    salon.mail_to(email, "Invoice %s" % staff.read_one("account.invoice", invoice_id, ["number"])["number"])

    # 8. Paid at the desk, in cash.
    # (amount None: what is left to pay; "method" cannot be a keyword of execute_kw)
    staff.call("calendar.event", "client_desk_register_payment", [event["id"]], None, "cash")
    assert staff.read_one("account.invoice", invoice_id, ["state"])["state"] == "paid"
    assert event_of(salon, partner, start)["client_desk_billing_state"] == "paid"
    conversation.check("payment_received")

    # 9. Weeks later (the visit's dates moved back): the thank-you e-mail with a booking link.
    weeks_ago = datetime.datetime.utcnow().replace(microsecond=0, second=0) - datetime.timedelta(weeks=7)
    admin.call(
        "calendar.event",
        "write",
        [event["id"]],
        {
            "start": weeks_ago.strftime("%Y-%m-%d %H:%M:%S"),
            "stop": (weeks_ago + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
            "client_desk_done_date": (weeks_ago + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
        },
    )
    admin.run_cron("client_desk_agenda.ir_cron_appointment_followups")
    salon.deliver_mail()
    (thanks,) = salon.mail_to(email, "Thank you for your visit")
    assert "Book your next visit" in body_html(thanks.message)
    conversation.check("message_out")

    # 10. A rebooking campaign: clients whose last visit is 6 weeks old with nothing booked.
    campaign = admin.call(
        "mail.mass_mailing",
        "create",
        {
            "name": "Salon Day: time for your next colouring",
            "client_desk_action": "book",
            "client_desk_channel": "email",
            "client_desk_title": "Time for your next visit, {client_first_name}",
            "client_desk_text": "Dear {client_full_name}, it has been a while: book your next visit.",
            "client_desk_button_text": "Book now",
            "email_from": "Coiffure Thibaut <salon@example.com>",
            "reply_to": "salon@example.com",
            "client_desk_audience": "clients",
            "client_desk_partner_ids": [(6, 0, [partner])],
            "client_desk_opt_in_only": False,
            "client_desk_rebooking": True,
            "client_desk_rebooking_weeks": 6,
        },
    )
    assert admin.call("mail.mass_mailing", "action_client_desk_rebooking_start", [campaign]) == 1
    admin.run_cron("client_desk_campaigns.ir_cron_client_desk_campaign_send")
    (invitation,) = salon.mail_to(email, "Time for your next visit")
    conversation.check("campaign_sent")
    # Once per gap: the scheduled action does not send it again.
    admin.run_cron("client_desk_campaigns_agenda.ir_cron_client_desk_rebooking")
    admin.run_cron("client_desk_campaigns.ir_cron_client_desk_campaign_send")
    assert len(salon.mail_to(email, "Time for your next visit")) == 1

    # 11. The client follows the campaign's button and books again (and pays the deposit).
    button = re.search(r'href="([^"]+)"[^>]*>\s*Book now', body_html(invitation.message))
    assert button, body_html(invitation.message)
    salon.open(button.group(1).replace("&amp;", "&"))
    salon.wait_for("a.o_client_desk_service[href*='/book/service/%d']" % service)
    second_start = book_online(salon, service, bookable_day(salon, service, 3))
    conversation.check("appointment_requested", "campaign_engaged", "invoice_sent")
    pay_deposit(salon)
    assert event_of(salon, partner, second_start)["client_desk_state"] == "confirmed"
    # The intake form is on file: no second request.
    conversation.check("deposit_paid", "appointment_scheduled", "campaign_engaged", "payment_received")

    # 12. The campaign shows one engaged client, who booked and paid, and its revenue.
    stats = staff.read_one(
        "mail.mass_mailing",
        campaign,
        ["client_desk_engaged", "client_desk_booked", "client_desk_paid", "client_desk_revenue"],
    )
    assert (stats["client_desk_engaged"], stats["client_desk_booked"], stats["client_desk_paid"]) == (1, 1, 1), stats
    assert stats["client_desk_revenue"] == DEPOSIT, stats
    assert staff.call("mail.mass_mailing", "client_desk_statistic_partner_ids", [campaign], "client_desk_engaged") == [
        partner
    ]

    # The whole day, in order, in the one conversation staff open from the inbox.
    assert conversation.labels() == [
        "note:Contact created",
        "appointment_requested",
        "invoice_sent",
        "deposit_paid",
        "appointment_scheduled",
        "document_requested",
        "payment_received",
        "document_received",
        "note:SMS sent",
        "appointment_done",
        "invoice_sent",
        "payment_received",
        "message_out",
        "campaign_sent",
        "appointment_requested",
        "campaign_engaged",
        "invoice_sent",
        "deposit_paid",
        "appointment_scheduled",
        "campaign_engaged",
        "payment_received",
    ]
    assert salon.server.problems() == []
