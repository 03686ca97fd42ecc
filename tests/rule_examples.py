"""For each rule of the agreement validator (rrcalc/model/agreement/rules.py) written out by hand, a bundled
agreement edited to break it: the failing case of tests/test_agreement_rules.py (the rules that recur on many
fields, a family, get theirs generated from the field instead). Test data, kept out of the package: nothing in
rrcalc names a bundled agreement."""

from __future__ import annotations

from rrcalc.model.agreement.rules import _KNOWN_CALENDARS
from rrcalc.model.agreement.schema import Payment
from rrcalc.model.vocabulary import DAILY_AMOUNTS


class Example:
    """A bundled agreement (by id) edited to break a rule: ``old`` (its first occurrence in the file) replaced by
    ``new``, and then each of ``more`` (old, new) likewise. The error names ``field`` (at its line and column, or
    its nearest parent's where the field is not written) with ``message``."""

    __slots__ = ("agreement", "field", "message", "more", "new", "old")

    def __init__(self, agreement: str, old: str, new: str, field: str, message: str,
                 more: tuple[tuple[str, str], ...] = ()) -> None:
        self.agreement, self.old, self.new, self.field, self.message, self.more = \
            agreement, old, new, field, message, more


EXAMPLES: dict[str, Example] = {
    'reference:quote':
        Example("2003", 'quote: "(1) thirty (30) days after the Required Filing Date or a Restricted '
                'Sale Date"\n', 'quote: " "\n', "terms.first_payment.reference.quote", "must not be empty"),
    'reference:quote-length':
        Example("2003", 'quote: "five (5) business days from the date of the filing"',
                'quote: "' + "x" * 401 + '"', "readings.business_day_calendar.reference.quote",
                "is 401 characters; quote at most 400"),
    'term:number':
        Example("2003", "value: 1.5\n", 'value: "1.5"\n', "terms.restricted_sale_rate.value",
                "'1.5' is not a number within rrcalc's bounds (at most 15 digits before the point and 6 "
                "after)"),
    'term:not-negative':
        Example("2003", "value: 1.5\n", "value: -1.5\n", "terms.restricted_sale_rate.value",
                "-1.5 is negative; a percent term must be at least 0"),
    'term:whole':
        Example("2003", "value: 30\n    unit: days", "value: 30.5\n    unit: days",
                "terms.computation_period.value", "'30.5' is not a whole number of days (0 or more)"),
    'term:at-most':
        Example("2003", "value: 30\n    unit: days", "value: 36601\n    unit: days",
                "terms.computation_period.value", "36601 days is more than rrcalc accepts (36,600)"),
    'term:calendar':
        Example("2003", "value: ny-banks", "value: london", "calendar.value",
                f"unknown calendar 'london' (known: {_KNOWN_CALENDARS})"),
    'term:month-day':
        Example("2012", 'value: "05-15"', 'value: "02-30"', "terms.interest_payment_may.value",
                "'02-30' is not a day of the year written MM-DD (in quotes, e.g. \"05-15\")"),
    'reading:default':
        Example("2003", "default: ends_period", "default: end_period", "readings.first_period_cure.default",
                "'end_period' is not one of the alternatives (ends_period, literal) (did you mean "
                "'ends_period'?)"),
    'date_rule:one-base':
        Example("2003", "rule: {anchor: registration_filed, business_days: -3}",
                "rule: {anchor: registration_filed, on: 2003-08-01, business_days: -3}",
                "obligations.counsel_review.rule", "a date rule needs exactly one of 'on', 'anchor', "
                "'earliest_of', 'latest_of'; got on, anchor"),
    'date_rule:one-offset':
        Example("2003", "rule: {anchor: registration_filed, business_days: -3}",
                "rule: {anchor: registration_filed, days: 1, business_days: -3}",
                "obligations.counsel_review.rule", "give one offset, not days and business_days"),
    'date_rule:offset-from':
        Example("2003", "rule: {anchor: registration_filed, business_days: -3}",
                "rule: {earliest_of: [{anchor: registration_filed}], business_days: -3}",
                "obligations.counsel_review.rule.business_days", "an offset needs an 'anchor' or 'on' date "
                "to count from"),
    'date_rule:offset-bound':
        Example("2003", "rule: {anchor: registration_filed, business_days: -3}",
                "rule: {anchor: registration_filed, business_days: -36601}",
                "obligations.counsel_review.rule.business_days", "an offset of -36601 business_days is "
                "more than rrcalc accepts (±36,600)"),
    'date_rule:nesting':
        Example("2003", "        - {anchor: rule_144k_date}\n        - {anchor: all_shares_sold}\n"
                "        - {anchor: registration_effective, years: 2}",
                "        - {latest_of: [{latest_of: [{latest_of: [{latest_of: [{anchor: rule_144k_date}]}]}]}"
                "]}",
                "obligations.registration_period_end.rule", "earliest_of/latest_of nested more than 4 levels "
                "deep"),
    'payment:one-way':
        Example("2003", "      first_days: first_payment\n      after_cure_business_days: payment_after_cure",
                "      first_days: first_payment", "tracks.late_filing.payment",
                "give one of: first_days and after_cure_business_days (a payment schedule), "
                + ", ".join(Payment.WAYS[1:])),
    'payment:record-dates':
        Example("2012", "record_dates: [record_may, record_november]", "record_dates: [record_may]",
                "tracks.exchange_filing.payment.record_dates", "give one record date for each of the 2 "
                "fixed dates, or none"),
    'track:needs':
        Example("2003", "    deadline: required_filing_date\n", "", "tracks.late_filing",
                "a deadline_missed track needs 'deadline'"),
    'track:rate-steps':
        Example("2003", "{from_period: 1, rate: late_filing_rate}", "{from_period: 2, rate: late_filing_rate}",
                "tracks.late_filing.rates", "rate steps must start at period 1 and increase"),
    'track:acts-only-on':
        Example("2003", "    window_from: initial_required_effective_date\n",
                "    window_from: initial_required_effective_date\n    cure: registration_filed\n",
                "tracks.restricted_sale.cure", "'cure' acts only on a deadline_missed track"),
    'track:period-days-needed':
        Example("2003", "    period_days: computation_period\n    partial_period: {reading: proration}\n"
                "    first_period_cure: {reading: first_period_cure}\n    rates:\n"
                "      - {from_period: 1, rate: late_filing_rate}",
                "    partial_period: {reading: proration}\n    first_period_cure: {reading: first_period_cure}"
                "\n    rates:\n      - {from_period: 1, rate: late_filing_rate}", "tracks.late_filing",
                "computation_dates periods need 'period_days'"),
    'track:no-period-days':
        Example("2012", "    periods: payment_dates\n", "    periods: payment_dates\n"
                "    period_days: step_days\n", "tracks.exchange_filing.period_days",
                "payment_dates periods have no period_days"),
    'track:daily-amount':
        Example("2012", "amount: annual_percent", "amount: percent_of_base",
                "tracks.exchange_filing.amount", "a percent_of_base amount is per period; payment_dates "
                "periods need an amount that accrues daily (" + ", ".join(DAILY_AMOUNTS) + ")"),
    'track:suspension-periods':
        Example("1998", "    overlap: {reading: concurrent_tracks}\n    periods: consecutive",
                "    overlap: {reading: concurrent_tracks}\n    periods: monthly",
                "tracks.sales_unavailable.periods", "a suspension track's days are cut into consecutive "
                "periods"),
    'track:after-before':
        Example("2003", "    cure: registration_filed\n", "    cure: registration_filed\n"
                "    after: registration_filed\n", "tracks.late_filing.after", "'after' acts on consecutive, "
                "calendar_months or payment_dates periods, not computation_dates"),
    'track:overlap-periods':
        Example("2003", "    cure: registration_filed\n", "    cure: registration_filed\n"
                "    overlap: count_once\n", "tracks.late_filing.overlap", "'overlap' acts on consecutive, "
                "calendar_months or payment_dates periods, not computation_dates"),
    'track:payment-dates':
        Example("2007", "    periods: calendar_months\n", "    periods: payment_dates\n",
                "tracks.late_effectiveness.payment", "payment_dates periods need the payment's fixed_dates"),
    'track:base-unit':
        Example("2007", "    amount: usd\n", "    amount: usd_per_unit\n", "tracks.late_filing.base_unit",
                "give base_unit exactly when the amount is usd_per_unit"),
    'track:day-count':
        Example("2007", "    amount: usd_per_business_day\n", "    amount: annual_percent\n",
                "tracks.late_effectiveness.day_count", "give day_count exactly when the amount is "
                "annual_percent"),
    'track:base':
        Example("2007", "    amount: usd_per_business_day\n", "    amount: usd_per_business_day\n"
                "    base: purchase_price\n", "tracks.late_effectiveness.base", "a usd_per_business_day "
                "amount does not depend on the base"),
    'track:partial-period':
        Example("2007", "    amount: usd_per_business_day\n", "    amount: usd_per_business_day\n"
                "    partial_period: full\n", "tracks.late_effectiveness.partial_period",
                "a usd_per_business_day amount accrues by the day; partial_period does not apply"),
    'track:step-up-rates':
        Example("2012", "rates: [{from_period: 1, rate: initial_rate}]",
                "rates: [{from_period: 1, rate: initial_rate}, {from_period: 2, rate: initial_rate}]",
                "tracks.exchange_filing.step_up", "with a step_up, rates gives only the first rate "
                "(from_period 1)"),
    'track:first-period-cure':
        Example("2007", "    amount: usd_per_business_day\n", "    amount: usd_per_business_day\n"
                "    first_period_cure: literal\n", "tracks.late_effectiveness.first_period_cure",
                "acts only on computation_dates periods"),
    'track:occurrences':
        Example("2007", "    amount: usd_per_business_day\n", "    amount: usd_per_business_day\n"
                "    occurrences: aggregate\n", "tracks.late_effectiveness.occurrences",
                "acts only on a suspension track"),
    'payment_cap:rate-or-amount':
        Example("2007", "  amount: payment_cap\n", "  amount: payment_cap\n  rate: payment_cap\n",
                "payment_cap", "give one of 'rate' (percent) and 'amount' (usd)"),
    'payment_cap:dollars-of':
        Example("2007", "  amount: payment_cap\n", "  amount: payment_cap\n  of: principal\n",
                "payment_cap.of", "a cap in dollars is not a share of anything"),
    'payment_cap:percent-scope':
        Example("2024", "  rate: payment_cap\n", "  rate: payment_cap\n  scope: total\n",
                "payment_cap.scope", "a percentage cap is per Investor"),
    'agreement:snake-case':
        Example("2003", "  computation_period:\n", "  ComputationPeriod:\n", "terms.ComputationPeriod",
                "'ComputationPeriod' is not a snake_case name"),
    'agreement:calendar-unit':
        Example("2003", "  value: ny-banks\n  unit: calendar", "  value: ny-banks\n  unit: text",
                "calendar.unit", "must be 'calendar'"),
    'agreement:trading-calendar':
        Example("2003", "source: 2003", "trading_calendar: lse\nsource: 2003", "trading_calendar",
                f"unknown calendar 'lse' (known: {_KNOWN_CALENDARS})"),
    'agreement:event-or-obligation':
        Example("2003", "  rule_144k_date:\n", "  counsel_review:\n", "events.counsel_review",
                "'counsel_review' names both an event and an obligation"),
    'agreement:one-default-kind':
        Example("2003", "  stop_order:\n", "  stop_order:\n    default: true\n",
                "suspension_kinds.stop_order.default", "only one kind can be the default; "
                "'potential_material_event' already is"),
    'suspension_kinds:max-days-permitted':
        Example("2003", "  stop_order:\n", "  stop_order:\n    max_days: computation_period\n",
                "suspension_kinds.stop_order.max_days", "a kind that permitted_suspensions never permits "
                "has no day limit to keep; list it in permitted_suspensions.kinds"),
    'suspension_kinds:extends-effectiveness':
        Example("2003", "  stop_order:\n", "  stop_order:\n    extends_effectiveness: true\n",
                "suspension_kinds.stop_order.extends_effectiveness", "acts only in an agreement without "
                "permitted_suspensions"),
    'suspension_kinds:grace-days':
        Example("2003", "  potential_material_event:\n", "  potential_material_event:\n"
                "    grace_days: computation_period\n",
                "suspension_kinds.potential_material_event.grace_days", "acts only on a kind that "
                "permitted_suspensions never permits"),
    'obligations:anchor':
        Example("2003", "rule: {anchor: registration_filed, business_days: -3}",
                "rule: {anchor: registration_fild, business_days: -3}", "obligations.counsel_review.rule",
                "unknown anchor 'registration_fild' (did you mean 'registration_filed'?)"),
    'obligations:event':
        Example("2003", "    met_by: registration_filed\n", "    met_by: registration_filled\n",
                "obligations.required_filing_date.met_by", "unknown event 'registration_filled' (did you "
                "mean 'registration_filed'?)"),
    'agreement:no-cycle':
        Example("2003", "rule: {anchor: sec_effectiveness_notice, days: 5}",
                "rule: {anchor: restricted_sale_window_end, days: 5}",
                "obligations.initial_required_effective_date.rule", "obligation "
                "'initial_required_effective_date' depends on itself (initial_required_effective_date -> "
                "restricted_sale_window_end -> initial_required_effective_date)"),
    'readings:sets':
        Example("2003", "    sets: calendar\n", "    sets: calender\n", "readings.business_day_calendar.sets",
                "unknown term 'calender' (did you mean 'calendar'?)"),
    'readings:calendars':
        Example("2003", "      weekdays: Every Monday to Friday", "      lse: The London Stock Exchange",
                "readings.business_day_calendar.alternatives.lse",
                f"unknown calendar 'lse' (known: {_KNOWN_CALENDARS})"),
    'tracks:restricted-sale':
        Example("2007", "    occurs: deadline_missed\n    deadline: filing_deadline\n"
                "    cure: registration_filed\n", "    occurs: restricted_sale\n    window_optional: true\n",
                "tracks.late_filing.occurs", "a restricted_sale track needs a permitted_suspensions block"),
    'tracks:step-up-days':
        Example("2012", "of this many days\n    value: 90\n", "of this many days\n    value: 0\n",
                "tracks.exchange_filing.step_up.every_days", "a step-up period needs at least a day"),
    'tracks:base-unit-zero':
        Example("2007", "    amount: usd\n", "    amount: usd_per_unit\n    base_unit: filing_amount\n",
                "tracks.late_filing.base_unit", "term 'filing_amount' is 0",
                more=(("    value: 10000\n", "    value: 0\n"),)),
    'tracks:first-business-day':
        Example("2007", "    value: 5\n    unit: business_days", "    value: 0\n    unit: business_days",
                "tracks.late_effectiveness.payment.nth_business_day_of_next_month",
                "the first business day is 1"),
    'tracks:first-days':
        Example("2003", "    periods: computation_dates\n    period_days: computation_period\n"
                "    partial_period: {reading: proration}\n    first_period_cure: {reading: first_period_cure}"
                "\n    rates:\n      - {from_period: 1, rate: late_filing_rate}",
                "    periods: consecutive\n    period_days: computation_period\n"
                "    rates:\n      - {from_period: 1, rate: late_filing_rate}",
                "tracks.late_filing.payment.first_days", "a payment schedule (first_days) follows "
                "computation_dates"),
    'precedence:once':
        Example("2012", "tracks: [exchange_filing, exchange_effectiveness,",
                "tracks: [exchange_filing, exchange_filing,",
                "precedence[0].tracks[1]", "track 'exchange_filing' is already in precedence "
                "group 1"),
    'permitted_suspensions:count-window':
        Example("2024", "  counting: trading_days\n", "  counting: trading_days\n"
                "  count_window: grace_window\n", "permitted_suspensions.count_window",
                "a count_window needs a max_count"),
    'permitted_suspensions:window':
        Example("2012", "The shorter rolling window\n    value: 90\n",
                "The shorter rolling window\n    value: 0\n", "permitted_suspensions.totals[0].window",
                "a window needs at least a day"),
    'permitted_suspensions:short-notice':
        Example("2003", "  notice_business_days: suspension_notice\n", "",
                "permitted_suspensions.short_notice", "acts only with notice_business_days"),
    'tests:deadline':
        Example("2003", "deadlines: {required_filing_date: 2003-08-21}",
                "deadlines: {required_filing_day: 2003-08-21}",
                "tests[0].expect.deadlines.required_filing_day", "unknown obligation 'required_filing_day' "
                "(did you mean 'required_filing_date'?)"),
    'tests:track':
        Example("2003", "- {track: late_filing, period: 1, days: 30, amount: 10000.00, payment_due: "
                "2003-09-20}", "- {track: late_filling, period: 1, days: 30, amount: 10000.00, payment_due: "
                "2003-09-20}", "tests[5].expect.penalties[0].track", "unknown track 'late_filling' (did "
                "you mean 'late_filing'?)"),
    'tests:reading':
        Example("2003", "readings: {held_shares_value_from: required_filing_date}",
                "readings: {held_shares_value: required_filing_date}",
                "tests[6].readings.held_shares_value", "unknown reading 'held_shares_value' (did you "
                "mean 'held_shares_value_from'?)"),
    'tests:alternative':
        Example("2003", "readings: {held_shares_value_from: required_filing_date}",
                "readings: {held_shares_value_from: filing_date}",
                "tests[6].readings.held_shares_value_from", "'filing_date' is not an alternative of "
                "'held_shares_value_from' (registration_filed, required_filing_date)"),
}
