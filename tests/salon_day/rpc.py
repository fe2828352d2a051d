"""An XML-RPC client of Odoo's external API, logged in as one user."""
import xmlrpc.client


class Rpc:
    def __init__(self, url, dbname, login, password):
        self.dbname, self.password = dbname, password
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(dbname, login, password, {})
        if not self.uid:
            raise AssertionError("%s cannot log in to %s" % (login, dbname))
        self._models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def call(self, *args, **kwargs):
        """call(model, method, *args, **kwargs): the method's result (keyword arguments may be
        called model or method too)."""
        model, method, args = args[0], args[1], args[2:]
        return self._models.execute_kw(self.dbname, self.uid, self.password, model, method, list(args), kwargs)

    def read_one(self, model, record_id, fields):
        return self.call(model, "read", [record_id], fields)[0]

    def search_read(self, model, domain, fields, order=None):
        kwargs = {"fields": fields}
        if order:
            kwargs["order"] = order
        return self.call(model, "search_read", domain, **kwargs)

    def ref(self, xmlid):
        """The id of a record by its external id (raises when it does not exist)."""
        return self.call("ir.model.data", "xmlid_to_res_id", xmlid, True)

    def run_cron(self, xmlid):
        """Runs a scheduled action now, in the server, as its own user (Odoo's "Run manually")."""
        return self.call("ir.cron", "method_direct_trigger", [self.ref(xmlid)])
