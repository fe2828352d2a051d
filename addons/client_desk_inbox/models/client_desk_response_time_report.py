from odoo import api, fields, models, tools


class ClientDeskResponseTimeReport(models.Model):
    """Response time per colleague: the median wait for a first reply, in opening hours."""

    _name = "client.desk.response.time.report"
    _description = "Response time per colleague"
    _auto = False
    _order = "median_minutes, user_id"

    user_id = fields.Many2one("res.users", "Colleague", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    reply_count = fields.Integer("First replies", readonly=True)
    median_minutes = fields.Float("Median (minutes in opening hours)", readonly=True, group_operator="avg")

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW client_desk_response_time_report AS
            SELECT min(id) AS id, user_id, company_id, count(*) AS reply_count,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median_minutes
              FROM client_desk_response_time
             GROUP BY user_id, company_id
        """)

    @api.model
    def _client_desk_tile_median_minutes(self, domain):
        """The dashboard tile's figure: the median of the rows of domain (a colleague's own
        row, one per company: the one with the most replies)."""
        rows = self.search(domain).sorted(lambda row: -row.reply_count)
        return rows[:1].median_minutes
