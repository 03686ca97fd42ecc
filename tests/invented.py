"""Agreements invented for the tests, written as an encoder would write them, to exercise a clause family that no
bundled agreement combines: daily dollar damages for late filing and for blackouts beyond five days (Gadget Co.).

Gadget Co., 2026-01-05: file within 30 days (2026-02-04); $100 for each day late (3), $1,000 for each day a blackout
runs beyond its fifth calendar day (5), each due two Business Days after its period; periods of 30 days.
"""

from __future__ import annotations

RESTRICTED = """\
id: gadget-2026
title: Gadget Co. Registration Rights Agreement (invented for this test)
date: 2026-01-05
company: Gadget Co.
parties: [{name: Gadget Co., role: Company}]
summary: "Daily damages for late filing and for blackouts beyond five days."
source: none
calendar: {label: Business Day, value: ny-banks, unit: calendar, reference: {section: "1", quote: "Business Day"}}
events:
  registration_filed: {label: Filed, not_before: [agreement_date]}
  listing_ended: {label: Delisted}
terms:
  filing_days: {label: Filing days, value: 30, unit: days, reference: {section: "2", quote: "within 30 days"}}
  month: {label: A month, value: 30, unit: days, reference: {section: "3", quote: "each 30 days"}}
  filing_rate: {label: Per day late, value: 100, unit: usd, reference: {section: "3", quote: "$100 a day"}}
  blackout_rate: {label: Per day restricted, value: 1000, unit: usd, reference: {section: "5", quote: "$1,000 a day"}}
  pay_days: {label: Due after a period, value: 2, unit: business_days, reference: {section: "3", quote: "two days"}}
  blackout_days: {label: Longest, value: 5, unit: days, reference: {section: "5", quote: "5 calendar days"}}
obligations:
  filing_deadline:
    label: Filing deadline
    description: File within 30 days
    rule: {anchor: agreement_date, days: 30}
    met_by: registration_filed
    reference: {section: "2", quote: "within 30 days"}
suspension_kinds:
  blackout: {label: Blackout, default: true}
permitted_suspensions:
  kinds: [blackout]
  counting: calendar_days
  max_length: blackout_days
  overlong: excess
tracks:
  late_filing:
    label: Not filed in time
    description: $100 a day
    reference: {section: "3", quote: "$100 a day"}
    occurs: deadline_missed
    deadline: filing_deadline
    cure: registration_filed
    cure_day_counts: not_counted
    periods: consecutive
    period_days: month
    amount: usd_per_day
    rates: [{from_period: 1, rate: filing_rate}]
    payment: {business_days_after_period_end: pay_days}
  blackout_excess:
    label: Blackout beyond five days
    description: $1,000 a day from the first day beyond the limit
    reference: {section: "5", quote: "beyond these limits"}
    occurs: restricted_sale
    window_optional: true
    periods: consecutive
    period_days: month
    amount: usd_per_day
    rates: [{from_period: 1, rate: blackout_rate}]
    payment: {business_days_after_period_end: pay_days}
"""

RESTRICTED_EVENTS = """\
as_of: 2026-12-31
events: {registration_filed: 2026-02-20, listing_ended: 2026-02-23}
suspensions:
  - {start: 2026-02-10, end: 2026-02-25}
investors:
  - {name: A, purchase_price: 1000000.00}
"""
