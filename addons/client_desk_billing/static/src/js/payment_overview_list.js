odoo.define('client_desk_billing.payment_overview_list', function (require) {
"use strict";
/**
 * The payments page: Odoo's list with the totals header of the manuals above it
 * (open, overdue, paid this month), read from client.desk.payment.overview.client_desk_totals.
 */
var core = require('web.core');
var field_utils = require('web.field_utils');
var ListController = require('web.ListController');
var ListView = require('web.ListView');
var viewRegistry = require('web.view_registry');

var _t = core._t;

var PaymentOverviewController = ListController.extend({
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            return self._renderTotals();
        });
    },
    reload: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            return self._renderTotals();
        });
    },
    _renderTotals: function () {
        var self = this;
        return this._rpc({
            model: 'client.desk.payment.overview',
            method: 'client_desk_totals',
            args: [],
        }).then(function (totals) {
            self.$('.o_client_desk_payment_totals').remove();
            var $header = $('<div class="o_client_desk_payment_totals row mt8 mb8"/>');
            var items = [
                ['open', _t('Open'), totals.open],
                ['overdue', _t('Overdue'), totals.overdue],
                ['paid', _t('Paid this month'), totals.paid_this_month],
            ];
            items.forEach(function (item) {
                var amount = field_utils.format.float(item[2], null, {digits: [16, 2]}) + ' ' + totals.currency;
                $('<div class="col-xs-4 text-center"/>')
                    .addClass('o_client_desk_total_' + item[0])
                    .append($('<div class="text-muted"/>').text(item[1]))
                    .append($('<h3/>').text(amount))
                    .appendTo($header);
            });
            self.$el.prepend($header);
        });
    },
});

var PaymentOverviewListView = ListView.extend({
    config: _.extend({}, ListView.prototype.config, {
        Controller: PaymentOverviewController,
    }),
});

viewRegistry.add('client_desk_payment_overview_list', PaymentOverviewListView);

return PaymentOverviewController;
});
