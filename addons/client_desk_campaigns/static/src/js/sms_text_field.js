odoo.define('client_desk_campaigns.sms_text_field', function (require) {
"use strict";

/**
 * The SMS text of a campaign: its value reaches the form 300 ms after each keystroke instead
 * of when the field is left, so the server's onchange recomputes the character and segment
 * counter (client_desk_sms_length / client_desk_sms_segments) while the user types. The
 * counting itself stays in Python (one rule, tested; the core's sms_segments).
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var SmsTextField = basicFields.FieldText.extend({
    DEBOUNCE: 300,
});

fieldRegistry.add('client_desk_sms_text', SmsTextField);

return SmsTextField;
});
