from odoo.tests import common


class TestAgendaSettings(common.TransactionCase):
    """The agenda's settings load from and save to ir.config_parameter through the settings
    form (declared with config_parameter=, which only the core makes work on Odoo 11)."""

    def setUp(self):
        super().setUp()
        self.params = self.env["ir.config_parameter"].sudo()

    def load(self, names):
        """What the settings form opens with, for these fields (get_values gives every setting)."""
        values = self.env["res.config.settings"].default_get(names)
        return {name: values[name] for name in names}

    def save(self, **values):
        settings = self.env["res.config.settings"].create(values)
        settings.execute()
        return settings

    def test_saved_settings_land_in_the_parameters_and_load_back(self):
        self.save(client_desk_agenda_approval="new", client_desk_agenda_min_notice_hours=5,
                  client_desk_agenda_quiet_end=0, client_desk_agenda_policy="  Free until the day before.  ")
        self.assertEqual(self.params.get_param("client_desk_agenda.approval"), "new")
        self.assertEqual(self.params.get_param("client_desk_agenda.min_notice_hours"), "5")
        # 0 is a setting, not "unset": it must not fall back to the default (8).
        self.assertEqual(self.params.get_param("client_desk_agenda.quiet_end"), "0")
        self.assertEqual(self.params.get_param("client_desk_agenda.policy"), "Free until the day before.")
        loaded = self.load(["client_desk_agenda_approval", "client_desk_agenda_min_notice_hours",
                            "client_desk_agenda_quiet_end", "client_desk_agenda_policy"])
        self.assertEqual(loaded, {
            "client_desk_agenda_approval": "new", "client_desk_agenda_min_notice_hours": 5,
            "client_desk_agenda_quiet_end": 0, "client_desk_agenda_policy": "Free until the day before.",
        })

    def test_unset_or_unreadable_parameters_load_the_defaults(self):
        self.params.set_param("client_desk_agenda.horizon_days", "many")
        self.params.set_param("client_desk_agenda.reminder_hours", False)
        loaded = self.load(["client_desk_agenda_horizon_days", "client_desk_agenda_reminder_hours"])
        self.assertEqual(loaded, {"client_desk_agenda_horizon_days": 60, "client_desk_agenda_reminder_hours": 24})
