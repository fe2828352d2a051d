"""The base every Client Desk test class starts from: one user of each kind and a client.

    from .common import ClientDeskCase

    class TestSomething(ClientDeskCase):
        def test_staff_cannot(self):
            with self.assertRaises(AccessError):
                self.env["x"].sudo(self.staff).read(...)

Feature modules import it as odoo.addons.client_desk.tests.common.
"""
from odoo.tests.common import SavepointCase

from client_desk_testing import new_user

# Mail threads do not track or post creation messages in fixtures: faster, and nothing in
# the conversation that a test did not ask for.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True}


class ClientDeskCase(SavepointCase):
    """SavepointCase with users of each kind (logins prefixed by the class's `user_prefix`):

    - staff: Client Desk user; manager: Client Desk manager;
    - employee: internal user without Client Desk rights;
    - portal_user: a portal user, whose partner is `portal_client` (a client);
    - client: a client without a login.
    """

    user_prefix = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = cls.user_prefix or cls.__name__.lower()
        cls.staff = new_user(cls.env, "%s.staff" % prefix, "user")
        cls.manager = new_user(cls.env, "%s.manager" % prefix, "manager")
        cls.employee = new_user(cls.env, "%s.employee" % prefix, "internal")
        cls.portal_user = new_user(cls.env, "%s.portal" % prefix, "portal")
        cls.portal_client = cls.portal_user.partner_id
        cls.portal_client.with_context(**QUIET).write({"client_desk_is_client": True})
        cls.client = cls.env["res.partner"].with_context(**QUIET).create({
            "name": "Anne Peeters",
            "email": "anne.peeters@%s.example" % prefix,
            "mobile": "0470 12 34 56",
            "client_desk_is_client": True,
        })
