"""The base every Client Desk test class starts from: one user of each kind and a client.

    from .common import ClientDeskCase

    class TestSomething(ClientDeskCase):
        def test_staff_cannot(self):
            with self.assertRaises(AccessError):
                self.env["x"].sudo(self.staff).read(...)

Feature modules import it as odoo.addons.client_desk.tests.common.
"""
from odoo.tests.common import SavepointCase

from .harness import new_user

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
    # True: the class's env creates records without tracking or creation messages (QUIET).
    quiet = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.quiet:
            cls.env = cls.env(context=dict(cls.env.context, **QUIET))
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

    @classmethod
    def setUpSecondCompany(cls, name):
        """A second company with its own staff member (`staff_b`); staff and manager are
        restricted to the first company (`company_a`). Returns the second company."""
        prefix = cls.user_prefix or cls.__name__.lower()
        cls.company_a = cls.env.user.company_id
        cls.company_b = cls.env["res.company"].create({"name": name})
        only_a = {"company_id": cls.company_a.id, "company_ids": [(6, 0, [cls.company_a.id])]}
        cls.staff.write(only_a)
        cls.manager.write(only_a)
        cls.staff_b = new_user(cls.env, "%s.staff.b" % prefix, "user", company_id=cls.company_b.id,
                               company_ids=[(6, 0, [cls.company_b.id])])
        return cls.company_b
