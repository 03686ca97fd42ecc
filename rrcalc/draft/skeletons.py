# ruff: noqa: E501  (the skeletons are YAML text whose lines keep their clauses whole)
"""Skeletons for `rrcalc new --family NAME`: a commented encoding of each family of terms, for an agreement with no
text at hand (with a text, ``rrcalc draft`` writes a first encoding from it).

:data:`SKELETONS` is the one declaration of the families: its keys are the choices of ``new --family``
(:mod:`rrcalc.cli.spec`). Each skeleton validates: its values are placeholders typical of the family, every
reference's section and quote is marked for the lawyer to fill ("# from §__"), its embedded tests are worked by
hand with the placeholder numbers, and its open points are in ``review``, so that ``rrcalc check`` reports it as a
draft until they are worked and deleted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skeleton:
    """One family's skeleton: what its terms are, and the YAML text ``rrcalc new`` writes."""

    name: str
    meaning: str
    text: str


_PIPE = """\
# A SKELETON written by `rrcalc new --family pipe`: a modern PIPE's registration rights (a percent of the purchase
# price per month, prorated, capped, with interest when late; grace periods counted in Trading Days), for an
# agreement with no text at hand. Every value below is a PLACEHOLDER typical of the family: replace it with the
# agreement's, and each reference's section and quote with the clause it comes from (every line marked
# "# from §__"). The open points are listed under `review`; `rrcalc check` reports this file as a draft until
# they are done and deleted. Then name the text (`source:`) so that `rrcalc check` verifies every quote.
# Guide: docs/encoding.md.
id: new-pipe  # the id used with --agreement: usually the file's name
title: "Registration Rights Agreement (PIPE)"  # from the cover page
date: 2025-01-02  # from the preamble: "dated as of ..."
company: "TODO: the Company"  # from the preamble
parties:  # from the preamble and the signature pages
  - {name: "TODO: the Company", role: Company}
  - {name: "TODO: the Purchasers", role: Holder}
summary: >-
  TODO: in one or two sentences, what the agreement provides (file within N days, effective within M, the
  payment per month, the cap, the grace periods).
source: agreement.txt  # the agreement's text, saved as plain text beside this file: `rrcalc check` then verifies every quote

calendar:
  label: Business Day
  value: ny-banks  # ny-banks, nyse or weekdays
  unit: calendar
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the definition of "Business Day"
trading_calendar: nyse  # the Principal Market's trading days (Nasdaq keeps the NYSE's holidays)

events:
  sec_review:
    label: The Commission notifies the Company that it will review the Registration Statement
    type: flag
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the longer deadline on review
  registration_filed:
    label: The Registration Statement is filed
    not_before: [agreement_date]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the filing obligation
  registration_effective:
    label: The Registration Statement is declared effective
    not_before: [registration_filed]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the effectiveness obligation

terms:
  filing_days:
    label: Filing Deadline, calendar days after the Closing Date
    value: 30  # from §__: the definition of "Filing Deadline"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_days:
    label: Effectiveness Deadline, calendar days after the Closing Date
    value: 60  # from §__: the definition of "Effectiveness Deadline"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_days_on_review:
    label: Effectiveness Deadline if the Commission reviews the Registration Statement
    value: 90  # from §__: the Effectiveness Deadline on review
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  monthly_rate:
    label: Payment on the failure and each monthly anniversary, percent of the purchase price
    value: 1  # from §__: the liquidated damages clause
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  proration_days:
    label: A payment for less than a month is prorated by days in the period divided by this
    value: 30  # from §__: the proration words
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_cap:
    label: Aggregate cap on payments to a Holder, percent of its purchase price
    value: 10  # from §__: the cap
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_due:
    label: Each payment is due within this many Business Days after it accrues
    value: 3  # from §__: when payments are due
    unit: business_days
    reference: {section: "__", quote: "TODO: quote the clause"}
  interest_rate:
    label: Interest on a late payment, percent per month
    value: 1  # from §__: interest on late payments
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  interest_days:
    label: Days in the month over which the monthly interest is prorated daily
    value: 30  # from §__: interest on late payments
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  grace_max_length:
    label: Longest Allowable Grace Period
    value: 15  # from §__: the grace period clause
    unit: trading_days
    reference: {section: "__", quote: "TODO: quote the clause"}
  grace_total:
    label: Most Trading Days of Grace Periods in any rolling window
    value: 30  # from §__: the grace period clause
    unit: trading_days
    reference: {section: "__", quote: "TODO: quote the clause"}
  grace_window:
    label: The rolling window for the Grace Period total
    value: 365  # from §__: the grace period clause
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}

obligations:
  closing_date:
    label: Closing Date
    description: The date the Filing and Effectiveness Deadlines count from
    kind: date
    rule: {on: 2025-01-08}  # from §__: the definition of "Closing Date"
    reference: {section: "__", quote: "TODO: quote the clause"}
  filing_deadline:
    label: Filing Deadline
    description: File the resale Registration Statement
    rule: {anchor: closing_date, days: 30, roll: next_business_day}  # from §__: days as filing_days; roll only if the text says so
    met_by: registration_filed
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_deadline:
    label: Effectiveness Deadline
    description: The Registration Statement is to be declared effective (longer on review)
    rule: {anchor: closing_date, days: 60, roll: next_business_day}  # from §__: days as effectiveness_days
    cases:
      - when: sec_review
        rule: {anchor: closing_date, days: 90, roll: next_business_day}  # from §__: as effectiveness_days_on_review
        reference: {section: "__", quote: "TODO: quote the clause"}
    met_by: registration_effective
    reference: {section: "__", quote: "TODO: quote the clause"}

suspension_kinds:
  grace_period:
    default: true
    label: A Grace Period the Company declares (may be an Allowable Grace Period)
    not_before: registration_effective
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the Company's right to suspend

words:  # the agreement's own defined terms, used in every output
  amount: Registration Delay Payment  # from §__: what the agreement calls the payments
  permitted_suspension: Allowable Grace Period  # from §__
  failure_date: Registration Event  # from §__

permitted_suspensions:
  kinds: [grace_period]
  counting: trading_days
  max_length: grace_max_length
  totals: [{max: grace_total, window: grace_window}]
  overlong: whole
  episodes: each
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the grace period clause

tracks:
  late_filing:
    label: "Not filed on or before the Filing Deadline"
    description: The monthly rate of the purchase price on the day after the Filing Deadline and each monthly anniversary until filed, a part month prorated.
    occurs: deadline_missed
    deadline: filing_deadline
    cure: registration_filed
    periods: monthly
    period_days: proration_days
    partial_period: daily
    rates: [{from_period: 1, rate: monthly_rate}]
    base: purchase_price
    payment: {business_days_after_accrual: payment_due}
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the amount
  late_effectiveness:
    label: "Not declared effective on or before the Effectiveness Deadline"
    description: The monthly rate of the purchase price on the day after the Effectiveness Deadline and each monthly anniversary until effective, prorated.
    occurs: deadline_missed
    deadline: effectiveness_deadline
    cure: registration_effective
    periods: monthly
    period_days: proration_days
    partial_period: daily
    rates: [{from_period: 1, rate: monthly_rate}]
    base: purchase_price
    payment: {business_days_after_accrual: payment_due}
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the amount

payment_cap:
  rate: payment_cap
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the cap

late_interest:
  rate: interest_rate
  period_days: interest_days
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: interest on late payments

tests:  # hand-worked cases `rrcalc check` runs: rework each with the agreement's own numbers, the arithmetic in `working`
  - name: The deadlines (placeholder numbers)
    working: >-
      Closing Wed 2025-01-08 + 30 = Fri 2025-02-07. + 60 = Sun 2025-03-09 -> Mon 2025-03-10 (rolled to the
      next Business Day).
    expect:
      deadlines: {filing_deadline: 2025-02-07, effectiveness_deadline: 2025-03-10}
  - name: Late filing, part of a month (placeholder numbers)
    working: >-
      Filing Deadline Fri 02-07; filed 02-27. The failure on Sat 02-08; 02-08 .. 02-27 (the cure day counted)
      = 20 days: 1% x 20/30 x 1,000,000 = 6,666.67, due 3 Business Days after 02-08: 02-10, 02-11, 02-12;
      paid on 02-12, no interest. Effective 03-07, before the Effectiveness Deadline 03-10: no second failure.
    facts:
      as_of: 2025-03-31
      events: {registration_filed: 2025-02-27, registration_effective: 2025-03-07}
      investors: [{name: Holder, purchase_price: 1000000.00}]
      payments: [{investor: Holder, date: 2025-02-12, amount: 6666.67}]
    expect:
      penalties:
        - {track: late_filing, period: 1, days: 20, amount: 6666.67, payment_due: 2025-02-12, interest: 0.00}
      total: 6666.67

review:  # the open points: work each, encode it above, then delete it; `rrcalc check` reports a draft until none is left
  - {topic: parties and date, section: "preamble", passage: "TODO", why: "A skeleton: the Company, the Holders, the agreement's date and its id, title and summary are placeholders."}
  - {topic: calendar, section: "__", passage: "TODO", why: "Which days are Business Days (ny-banks, nyse, weekdays) and which market's Trading Days count."}
  - {topic: deadlines, section: "__", passage: "TODO", why: "The Closing Date, the Filing and Effectiveness Deadlines (calendar or Business Days, after what, longer on review, rolled or not) are placeholders."}
  - {topic: liquidated damages, section: "__", passage: "TODO", why: "The rate per month, its proration, the base (purchase price or Subscription Amount), when each payment is due and what cures each failure are placeholders; add a track for each further failure (unavailability, delisting)."}
  - {topic: cap and interest, section: "__", passage: "TODO", why: "The cap and the interest on late payments are placeholders; delete payment_cap or late_interest if the text has none."}
  - {topic: grace periods, section: "__", passage: "TODO", why: "The longest grace period, the total in a window, any gap between them and notice are placeholders."}
  - {topic: readings and notes, section: "__", passage: "TODO", why: "Where the words admit two readings (does the cure day accrue, do due dates roll) add a reading; record drafting points as notes."}
  - {topic: tests, section: "__", passage: "TODO", why: "The tests are worked with the placeholder numbers: rework each by hand with the agreement's, and add one per track."}
"""

_NOTES = """\
# A SKELETON written by `rrcalc new --family notes`: 144A notes' registration rights (an Exchange Offer filed and
# effective by deadlines after the Issue Date; Additional Interest in percent per annum on the principal while a
# Registration Default lasts, stepping up every 90 days to a maximum, paid on the Interest Payment Dates), for an
# agreement with no text at hand. Every value below is a PLACEHOLDER typical of the family: replace it with the
# agreement's, and each reference's section and quote with the clause it comes from (every line marked
# "# from §__"). The open points are listed under `review`; `rrcalc check` reports this file as a draft until
# they are done and deleted. Guide: docs/encoding.md.
id: new-notes  # the id used with --agreement: usually the file's name
title: "Registration Rights Agreement (144A notes)"  # from the cover page
date: 2025-01-10  # from the preamble: "dated as of ..."
company: "TODO: the Issuer"  # from the preamble
parties:  # from the preamble and the signature pages
  - {name: "TODO: the Issuer", role: Issuer}
  - {name: "TODO: the Initial Purchasers", role: Initial Purchasers}
summary: >-
  TODO: in one or two sentences, what the agreement provides (the Exchange Offer deadlines, the Additional
  Interest rate and its step-ups, its maximum, the Interest Payment Dates).
source: agreement.txt  # the agreement's text, saved as plain text beside this file: `rrcalc check` then verifies every quote

calendar:
  label: Business Day
  value: ny-banks  # ny-banks, nyse or weekdays
  unit: calendar
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the definition of "Business Day"

events:
  exchange_filed:
    label: The Exchange Offer Registration Statement is filed
    not_before: [agreement_date]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the filing obligation
  exchange_effective:
    label: The Exchange Offer Registration Statement is declared effective
    not_before: [exchange_filed]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the effectiveness obligation

terms:
  exchange_filing_days:
    label: File the Exchange Offer Registration Statement no later than this day after the Issue Date
    value: 120  # from §__: the filing deadline
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  exchange_effectiveness_days:
    label: The Exchange Offer Registration Statement is declared effective no later than this day after the Issue Date
    value: 210  # from §__: the effectiveness deadline
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  initial_rate:
    label: Additional Interest for the first period of a Registration Default, percent per annum
    value: 0.25  # from §__: the Additional Interest clause
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  step_days:
    label: The rate rises at the start of each subsequent period of this many days
    value: 90  # from §__: the step-up
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  step_rate:
    label: The rise at the start of each subsequent period, percent per annum
    value: 0.25  # from §__: the step-up
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  max_rate:
    label: The highest rate of Additional Interest, percent per annum
    value: 1.00  # from §__: the maximum (the cap of this family)
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  interest_payment_first:
    label: The first Interest Payment Date of the year
    value: "05-15"  # from §__: the definition of "Interest Payment Date" (MM-DD)
    unit: month_day
    reference: {section: "__", quote: "TODO: quote the clause"}
  interest_payment_second:
    label: The second Interest Payment Date of the year
    value: "11-15"  # from §__: the definition of "Interest Payment Date" (MM-DD)
    unit: month_day
    reference: {section: "__", quote: "TODO: quote the clause"}
  record_first:
    label: Record date for the first Interest Payment Date
    value: "05-01"  # from §__: the record dates (MM-DD)
    unit: month_day
    reference: {section: "__", quote: "TODO: quote the clause"}
  record_second:
    label: Record date for the second Interest Payment Date
    value: "11-01"  # from §__: the record dates (MM-DD)
    unit: month_day
    reference: {section: "__", quote: "TODO: quote the clause"}

obligations:
  issue_date:
    label: Issue Date
    description: The date the Notes were first issued; the Exchange Offer deadlines count from it
    kind: date
    rule: {on: 2025-01-15}  # from §__: the definition of "Issue Date"
    reference: {section: "__", quote: "TODO: quote the clause"}
  exchange_filing_deadline:
    label: Exchange Offer filing deadline
    description: File the Exchange Offer Registration Statement
    rule: {anchor: issue_date, days: 120, roll: next_business_day}  # from §__: days as exchange_filing_days; roll only if the text says so
    met_by: exchange_filed
    reference: {section: "__", quote: "TODO: quote the clause"}
  exchange_effectiveness_deadline:
    label: Exchange Offer effectiveness deadline
    description: The Exchange Offer Registration Statement is declared effective
    rule: {anchor: issue_date, days: 210, roll: next_business_day}  # from §__: days as exchange_effectiveness_days
    met_by: exchange_effective
    reference: {section: "__", quote: "TODO: quote the clause"}

words:  # the agreement's own defined terms, used in every output
  amount: Additional Interest  # from §__: what the agreement calls the payments
  permitted_suspension: Blackout Period  # from §__
  failure_date: Registration Default  # from §__

tracks:
  exchange_filing:
    label: "Registration Default: the Exchange Offer Registration Statement is not filed by its deadline"
    description: Additional Interest on the principal, per annum, stepping up every period to the maximum, from the day after the deadline to the day before the cure, paid on the next Interest Payment Date.
    occurs: deadline_missed
    deadline: exchange_filing_deadline
    cure: exchange_filed
    cure_day_counts: not_counted  # from §__: "to but excluding the day the default is cured"?
    periods: payment_dates
    amount: annual_percent
    day_count: {reading: thirty_360}
    base: principal
    rates: [{from_period: 1, rate: initial_rate}]
    step_up:
      every_days: step_days
      by: step_rate
      max: max_rate
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the step-up and the maximum
    payment:
      fixed_dates: [interest_payment_first, interest_payment_second]
      record_dates: [record_first, record_second]
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when Additional Interest is paid
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the Registration Default and when it accrues
  exchange_effectiveness:
    label: "Registration Default: the Exchange Offer Registration Statement is not declared effective by its deadline"
    description: Additional Interest on the principal, as for the filing default.
    occurs: deadline_missed
    deadline: exchange_effectiveness_deadline
    cure: exchange_effective
    cure_day_counts: not_counted
    periods: payment_dates
    amount: annual_percent
    day_count: {reading: thirty_360}
    base: principal
    rates: [{from_period: 1, rate: initial_rate}]
    step_up:
      every_days: step_days
      by: step_rate
      max: max_rate
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the step-up and the maximum
    payment:
      fixed_dates: [interest_payment_first, interest_payment_second]
      record_dates: [record_first, record_second]
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when Additional Interest is paid
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the Registration Default and when it accrues

precedence:  # delete if the text lets several Registration Defaults pay at once
  - tracks: [exchange_filing, exchange_effectiveness]
    carry_step_up: true
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: "not more than one Registration Default at any one time"?

readings:
  thirty_360:
    label: Which 30/360 convention counts the days?
    question: The text computes interest on a 360-day year of twelve 30-day months without naming a convention.
    default: 30/360
    alternatives:
      30/360: US bond basis (ISDA 2006 4.16(f))
      30E/360: Both 31sts count as the 30th (ISDA 2006 4.16(g))
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the day count

tests:  # hand-worked cases `rrcalc check` runs: rework each with the agreement's own numbers, the arithmetic in `working`
  - name: The Exchange Offer deadlines (placeholder numbers)
    working: >-
      Issue Date Wed 2025-01-15. + 120: 16 days to 01-31, + 28 (Feb) + 31 (Mar) + 30 (Apr) = 105, + 15 = Thu
      2025-05-15. + 210: 197 to 07-31 (105 + 31 May + 30 Jun + 31 Jul), + 13 = Wed 2025-08-13.
    expect:
      deadlines: {exchange_filing_deadline: 2025-05-15, exchange_effectiveness_deadline: 2025-08-13}
  - name: Filed late, Additional Interest at the first rate (placeholder numbers)
    working: >-
      $100,000,000 principal. Filing deadline 05-15, filed 06-24: default 05-16 .. 06-23 (the cure day not
      counted), inside the first 90 days: 0.25%. 30/360 from 05-16 to 06-24: 30 x 1 + (24 - 16) = 38 days:
      100,000,000 x 0.25% x 38/360 = 26,388.888... -> 26,388.89, paid on the Interest Payment Date 11-15.
      Effective 08-01, before 08-13: no second default.
    facts:
      as_of: 2025-12-31
      events: {exchange_filed: 2025-06-24, exchange_effective: 2025-08-01}
      investors: [{name: Holder, purchase_price: 98500000.00, principal: 100000000.00}]
    expect:
      penalties:
        - {track: exchange_filing, period: 1, amount: 26388.89, payment_due: 2025-11-15}
      total: 26388.89

review:  # the open points: work each, encode it above, then delete it; `rrcalc check` reports a draft until none is left
  - {topic: parties and date, section: "preamble", passage: "TODO", why: "A skeleton: the Issuer, the Initial Purchasers, the agreement's date and its id, title and summary are placeholders."}
  - {topic: calendar, section: "__", passage: "TODO", why: "Which days are Business Days (ny-banks, nyse, weekdays)."}
  - {topic: deadlines, section: "__", passage: "TODO", why: "The Issue Date, the Exchange Offer filing, effectiveness and consummation deadlines, and any Shelf Registration Statement on a Shelf Trigger, are placeholders or missing; roll each deadline only where the text says so."}
  - {topic: Additional Interest, section: "__", passage: "TODO", why: "The first rate, the step-up, its period and the maximum, whether the cure day accrues and the day count are placeholders; add a track for each further Registration Default (consummation, the Shelf, an unusable Shelf)."}
  - {topic: Interest Payment Dates, section: "__", passage: "TODO", why: "The Interest Payment Dates and record dates are placeholders."}
  - {topic: one default at a time, section: "__", passage: "TODO", why: "Whether several Registration Defaults pay at once or one at a time, and whether the rate reached carries over (precedence), is a placeholder."}
  - {topic: blackout periods, section: "__", passage: "TODO", why: "The limits on Blackout Periods (days in any window) are missing: add suspension_kinds and permitted_suspensions."}
  - {topic: tests, section: "__", passage: "TODO", why: "The tests are worked with the placeholder numbers: rework each by hand with the agreement's, and add one per track and one across a step-up."}
"""

_FIXED_DOLLAR = """\
# A SKELETON written by `rrcalc new --family fixed-dollar`: registration rights whose liquidated damages are fixed
# dollar amounts (dollars for each 30-day period, pro rata, for late filing; dollars for each Business Day for late
# effectiveness, paid monthly; a dollar cap; interest on late payments), for an agreement with no text at hand.
# Every value below is a PLACEHOLDER typical of the family: replace it with the agreement's, and each reference's
# section and quote with the clause it comes from (every line marked "# from §__"). The open points are listed
# under `review`; `rrcalc check` reports this file as a draft until they are done and deleted.
# Guide: docs/encoding.md.
id: new-fixed-dollar  # the id used with --agreement: usually the file's name
title: "Registration Rights Agreement"  # from the cover page
date: 2025-01-06  # from the preamble: "dated as of ..."
company: "TODO: the Company"  # from the preamble
parties:  # from the preamble and the signature pages
  - {name: "TODO: the Company", role: Company}
  - {name: "TODO: the Investor", role: Investor}
summary: >-
  TODO: in one or two sentences, what the agreement provides (the deadlines, the dollar amounts, when they are
  paid, the cap).
source: agreement.txt  # the agreement's text, saved as plain text beside this file: `rrcalc check` then verifies every quote

calendar:
  label: Business Day
  value: ny-banks  # ny-banks, nyse or weekdays
  unit: calendar
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the definition of "Business Day"

events:
  registration_filed:
    label: The Registration Statement is filed
    not_before: [agreement_date]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the filing obligation
  registration_effective:
    label: The Registration Statement is declared effective
    not_before: [registration_filed]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the effectiveness obligation

terms:
  filing_days:
    label: Filing Deadline, days after the Closing Date
    value: 45  # from §__: the definition of "Filing Deadline"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_days:
    label: Effectiveness Deadline, days after the Closing Date
    value: 120  # from §__: the definition of "Effectiveness Deadline"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  filing_amount:
    label: Liquidated damages for each period after the Filing Deadline
    value: 10000  # from §__: the dollars per period
    unit: usd
    reference: {section: "__", quote: "TODO: quote the clause"}
  filing_period:
    label: The period the filing amount is for, and the divisor of its pro rata part
    value: 30  # from §__: "for each 30-day period ... pro rata"?
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  filing_payment_days:
    label: A filing payment is due this many Business Days after the end of the period it covers
    value: 3  # from §__: when each payment is due
    unit: business_days
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_amount:
    label: Liquidated damages for each Business Day after the Effectiveness Deadline
    value: 2500  # from §__: the dollars per Business Day
    unit: usd
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_payment_day:
    label: The amounts for a calendar month are due on this Business Day of the following month
    value: 5  # from §__: the monthly payment
    unit: business_days
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_cap:
    label: The most all payments may total
    value: 250000  # from §__: the dollar cap
    unit: usd
    reference: {section: "__", quote: "TODO: quote the clause"}
  interest_rate:
    label: Simple interest on a payment not made when due, percent per annum
    value: 18  # from §__: interest on late payments
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  interest_year:
    label: Days in the year over which the interest accrues
    value: 365  # from §__: the day count of the interest
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}

obligations:
  closing_date:
    label: Closing Date
    description: The date the Filing and Effectiveness Deadlines count from
    kind: date
    rule: {on: 2025-01-08}  # from §__: the definition of "Closing Date"
    reference: {section: "__", quote: "TODO: quote the clause"}
  filing_deadline:
    label: Filing Deadline
    description: File the Registration Statement on or before this day
    rule: {anchor: closing_date, days: 45}  # from §__: days as filing_days; add roll: next_business_day only if the text says so
    met_by: registration_filed
    reference: {section: "__", quote: "TODO: quote the clause"}
  effectiveness_deadline:
    label: Effectiveness Deadline
    description: The Registration Statement is to be declared effective on or before this day
    rule: {anchor: closing_date, days: 120}  # from §__: days as effectiveness_days
    met_by: registration_effective
    reference: {section: "__", quote: "TODO: quote the clause"}

words:  # the agreement's own defined terms, used in every output
  amount: Liquidated damages  # from §__: what the agreement calls the payments
  permitted_suspension: permitted suspension  # from §__
  failure_date: first day of failure  # from §__

tracks:
  late_filing:
    label: "Not filed on or before the Filing Deadline"
    description: Dollars for each period after the Filing Deadline until filed, pro rata for a portion, each due Business Days after the period's last day.
    occurs: deadline_missed
    deadline: filing_deadline
    cure: registration_filed
    cure_day_counts: not_counted  # from §__: does the day of filing still pay?
    periods: consecutive
    period_days: filing_period
    amount: usd
    partial_period: daily
    rates: [{from_period: 1, rate: filing_amount}]
    payment:
      business_days_after_period_end: filing_payment_days
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when each payment is due
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the amount
  late_effectiveness:
    label: "Not declared effective on or before the Effectiveness Deadline"
    description: Dollars for each Business Day after the Effectiveness Deadline up to the effective date; each calendar month's amounts due on a Business Day of the following month.
    occurs: deadline_missed
    deadline: effectiveness_deadline
    cure: registration_effective
    cure_day_counts: not_counted  # from §__: "up to but excluding the day it is declared effective"?
    periods: calendar_months
    amount: usd_per_business_day
    rates: [{from_period: 1, rate: effectiveness_amount}]
    payment:
      nth_business_day_of_next_month: effectiveness_payment_day
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the monthly payment
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the amount

payment_cap:
  amount: payment_cap
  scope: total
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the dollar cap

late_interest:
  rate: interest_rate
  period_days: interest_year
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: interest on late payments

tests:  # hand-worked cases `rrcalc check` runs: rework each with the agreement's own numbers, the arithmetic in `working`
  - name: The deadlines (placeholder numbers)
    working: "Closing Wed 2025-01-08 + 45 = Sat 2025-02-22 (not moved); + 120 = Thu 2025-05-08."
    expect:
      deadlines: {filing_deadline: 2025-02-22, effectiveness_deadline: 2025-05-08}
  - name: Filed late, a portion of a period (placeholder numbers)
    working: >-
      Filing Deadline 02-22; filed 03-14: 02-23 .. 03-13 (the filing day not counted) = 19 days: $10,000 x
      19/30 = 6,333.33, due 3 Business Days after 03-13: 03-14, 03-17, 03-18; paid on 03-18, no interest.
      Effective 05-01, before 05-08.
    facts:
      as_of: 2025-12-31
      events: {registration_filed: 2025-03-14, registration_effective: 2025-05-01}
      investors: [{name: Investor, purchase_price: 1000000.00}]
      payments: [{investor: Investor, date: 2025-03-18, amount: 6333.33}]
    expect:
      penalties:
        - {track: late_filing, period: 1, days: 19, amount: 6333.33, payment_due: 2025-03-18, interest: 0.00}
      total: 6333.33
  - name: Effective late, dollars per Business Day (placeholder numbers)
    working: >-
      Effectiveness Deadline Thu 05-08; effective Tue 05-20: the Business Days 05-09, 05-12 .. 05-16, 05-19 = 7
      (the effective day not counted): 7 x $2,500 = 17,500.00, due on the 5th Business Day of June: 06-02 ..
      06-06 = 06-06; paid then, no interest.
    facts:
      as_of: 2025-12-31
      events: {registration_filed: 2025-02-20, registration_effective: 2025-05-20}
      investors: [{name: Investor, purchase_price: 1000000.00}]
      payments: [{investor: Investor, date: 2025-06-06, amount: 17500.00}]
    expect:
      penalties:
        - {track: late_effectiveness, period: 1, amount: 17500.00, payment_due: 2025-06-06, interest: 0.00}
      total: 17500.00

review:  # the open points: work each, encode it above, then delete it; `rrcalc check` reports a draft until none is left
  - {topic: parties and date, section: "preamble", passage: "TODO", why: "A skeleton: the Company, the Investor, the agreement's date and its id, title and summary are placeholders."}
  - {topic: calendar, section: "__", passage: "TODO", why: "Which days are Business Days (ny-banks, nyse, weekdays)."}
  - {topic: deadlines, section: "__", passage: "TODO", why: "The Closing Date and the Filing and Effectiveness Deadlines (days after what, longer on review, rolled or not) are placeholders."}
  - {topic: liquidated damages, section: "__", passage: "TODO", why: "The dollars per period and per Business Day, the period, the proration, whether the cure day pays and when each payment is due are placeholders; add a track for each further failure."}
  - {topic: overlapping failures, section: "__", passage: "TODO", why: "Whether a day that pays for late effectiveness also pays for late filing is not encoded: add a precedence group if the text says so."}
  - {topic: cap and interest, section: "__", passage: "TODO", why: "The dollar cap and the interest on late payments are placeholders; delete payment_cap or late_interest if the text has none."}
  - {topic: suspensions, section: "__", passage: "TODO", why: "Any permitted suspensions (blackouts) are missing: add suspension_kinds and permitted_suspensions."}
  - {topic: tests, section: "__", passage: "TODO", why: "The tests are worked with the placeholder numbers: rework each by hand with the agreement's, and add one per track and one reaching the cap."}
"""

_COMPUTATION_DATES = """\
# A SKELETON written by `rrcalc new --family computation-dates`: registration rights in the style of the 2002 and
# 2003 agreements (a Periodic Amount of a percent of the Purchase Price, after the filing of the Held Shares
# Value, for each Computation Date, prorated; the first payable 30 days after the failure, later ones at the next
# Computation Date or soon after the cure), for an agreement with no text at hand. Every value below is a
# PLACEHOLDER typical of the family: replace it with the agreement's, and each reference's section and quote with
# the clause it comes from (every line marked "# from §__"). The open points are listed under `review`;
# `rrcalc check` reports this file as a draft until they are done and deleted. Guide: docs/encoding.md.
id: new-computation-dates  # the id used with --agreement: usually the file's name
title: "Registration Rights Agreement"  # from the cover page
date: 2025-01-08  # from the preamble: "dated as of ..."
company: "TODO: the Company"  # from the preamble
parties:  # from the preamble and the signature pages
  - {name: "TODO: the Company", role: Company}
  - {name: "TODO: the Investors", role: Investor}
summary: >-
  TODO: in one or two sentences, what the agreement provides (the Required Filing and Effective Dates, the
  Periodic Amount Percentage per Computation Date, when Periodic Amounts are paid).
source: agreement.txt  # the agreement's text, saved as plain text beside this file: `rrcalc check` then verifies every quote

calendar:
  label: business day
  value: ny-banks  # ny-banks, nyse or weekdays; a reading (sets: calendar) if the text does not define them
  unit: calendar
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: where the text counts business days

events:
  registration_filed:
    label: The Registration Statement is filed
    not_before: [agreement_date]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the filing obligation
  registration_effective:
    label: The Registration Statement is declared effective
    not_before: [registration_filed]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the effectiveness obligation

terms:
  filing_days:
    label: Required Filing Date, days after the Closing Date
    value: 30  # from §__: the definition of "Required Filing Date"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  effective_days:
    label: Required Effective Date, days after the Closing Date
    value: 90  # from §__: the definition of "Required Effective Date"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  late_filing_rate:
    label: Periodic Amount Percentage for late filing, per Computation Date
    value: 1  # from §__: the Periodic Amount Percentage
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  late_effectiveness_rate:
    label: Periodic Amount Percentage for late effectiveness, per Computation Date
    value: 1  # from §__: the Periodic Amount Percentage
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  computation_period:
    label: Days between Computation Dates, and the divisor of a short period's proration
    value: 30  # from §__: the definition of "Computation Date"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  first_payment:
    label: The first Periodic Amount is payable this many days after the failure
    value: 30  # from §__: when Periodic Amounts are paid
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_after_cure:
    label: A later Periodic Amount is payable no later than this many business days after the cure
    value: 3  # from §__: when Periodic Amounts are paid
    unit: business_days
    reference: {section: "__", quote: "TODO: quote the clause"}

obligations:
  closing_date:
    label: Closing Date
    description: The date the Required Filing and Effective Dates count from
    kind: date
    rule: {on: 2025-01-08}  # from §__: the definition of "Closing Date"
    reference: {section: "__", quote: "TODO: quote the clause"}
  required_filing_date:
    label: Required Filing Date
    description: File the Registration Statement registering the Registrable Securities for resale
    rule: {anchor: closing_date, days: 30}  # from §__: days as filing_days; a roll only if the text has one
    met_by: registration_filed
    reference: {section: "__", quote: "TODO: quote the clause"}
  required_effective_date:
    label: Required Effective Date
    description: The Registration Statement is to be declared effective
    rule: {anchor: closing_date, days: 90}  # from §__: days as effective_days
    met_by: registration_effective
    reference: {section: "__", quote: "TODO: quote the clause"}

words:  # the agreement's own defined terms, used in every output
  amount: Periodic Amount  # from §__: what the agreement calls the payments

tracks:
  late_filing:
    label: Registration Statement not filed by the Required Filing Date
    description: The Periodic Amount Percentage of the Purchase Price (after the filing, the Held Shares Value) for each Computation Date until the filing, prorated by days / 30.
    occurs: deadline_missed
    deadline: required_filing_date
    cure: registration_filed
    periods: computation_dates
    period_days: computation_period
    partial_period: daily  # from §__: is a short period prorated? (a reading if the text does not say)
    first_period_cure: ends_period
    rates: [{from_period: 1, rate: late_filing_rate}]
    held_shares_value_after: registration_filed  # from §__: from when the base is the Held Shares Value
    payment:
      first_days: first_payment
      after_cure_business_days: payment_after_cure
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when Periodic Amounts are paid
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the Periodic Amount
  late_effectiveness:
    label: Registration Statement not effective by the Required Effective Date
    description: The Periodic Amount Percentage of the Held Shares Value for each Computation Date until effective, prorated.
    occurs: deadline_missed
    deadline: required_effective_date
    cure: registration_effective
    periods: computation_dates
    period_days: computation_period
    partial_period: daily
    first_period_cure: ends_period
    rates: [{from_period: 1, rate: late_effectiveness_rate}]
    held_shares_value_after: registration_filed
    payment:
      first_days: first_payment
      after_cure_business_days: payment_after_cure
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when Periodic Amounts are paid
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the Periodic Amount

tests:  # hand-worked cases `rrcalc check` runs: rework each with the agreement's own numbers, the arithmetic in `working`
  - name: The deadlines (placeholder numbers)
    working: "Closing Wed 2025-01-08 + 30 = Fri 2025-02-07; + 90 = Tue 2025-04-08."
    expect:
      deadlines: {required_filing_date: 2025-02-07, required_effective_date: 2025-04-08}
  - name: Filed 45 days late aggregates 1.5% (placeholder numbers)
    working: >-
      Required Filing Date 02-07; filed 45 days later, Mon 03-24. CD1 = 02-07 + 30 = 03-09: 30 days at 1% =
      1,000,000 x 1% = 10,000.00, payable 02-07 + 30 = 03-09. CD2 = the filing 03-24: 15 days at 1% x 15/30 =
      5,000.00, payable on the earlier of 03-09 + 30 = 04-08 and the third business day after 03-24 (03-25,
      03-26, 03-27) = 03-27. Effective 04-01, before 04-08. Total 15,000.00 = 1.5%.
    facts:
      as_of: 2025-12-31
      events: {registration_filed: 2025-03-24, registration_effective: 2025-04-01}
      investors: [{name: Investor, purchase_price: 1000000.00}]
    expect:
      penalties:
        - {track: late_filing, period: 1, days: 30, amount: 10000.00, payment_due: 2025-03-09}
        - {track: late_filing, period: 2, days: 15, amount: 5000.00, payment_due: 2025-03-27}
      total: 15000.00

review:  # the open points: work each, encode it above, then delete it; `rrcalc check` reports a draft until none is left
  - {topic: parties and date, section: "preamble", passage: "TODO", why: "A skeleton: the Company, the Investors, the agreement's date and its id, title and summary are placeholders."}
  - {topic: calendar, section: "__", passage: "TODO", why: "Which days are business days: if the text does not define them, make it a reading (sets: calendar)."}
  - {topic: deadlines, section: "__", passage: "TODO", why: "The Required Filing and Effective Dates (after what: the closing, a 10-Q, an SEC notice; earlier of two dates; rolled off a weekend) are placeholders."}
  - {topic: Periodic Amounts, section: "__", passage: "TODO", why: "The Periodic Amount Percentage of each failure, the Computation Date period, proration, whether a cure ends the first period and from when the Held Shares Value is the base are placeholders; add a track for each further failure (a Restricted Sale Date, delisting)."}
  - {topic: payment, section: "__", passage: "TODO", why: "When each Periodic Amount is payable, and in shares (Periodic Amount Shares, priced from Closing Bid Prices) if the text allows, is a placeholder."}
  - {topic: suspensions, section: "__", passage: "TODO", why: "Any permitted suspensions and Restricted Sale Dates are missing: add suspension_kinds and permitted_suspensions."}
  - {topic: tests, section: "__", passage: "TODO", why: "The tests are worked with the placeholder numbers: rework each by hand with the agreement's (the agreement's own illustration, if it has one), and add one per track."}
"""

_CONSECUTIVE_PERIODS = """\
# A SKELETON written by `rrcalc new --family consecutive-periods`: registration rights in the style of the 1998
# agreement (a percent of the purchase price for each 30-day period or portion of a failure, consecutive periods
# from the first day of failure, each paid some days after it ends; sales that cannot be made after effectiveness
# pay the same), for an agreement with no text at hand. Every value below is a PLACEHOLDER typical of the family:
# replace it with the agreement's, and each reference's section and quote with the clause it comes from (every
# line marked "# from §__"). The open points are listed under `review`; `rrcalc check` reports this file as a
# draft until they are done and deleted. Guide: docs/encoding.md.
id: new-consecutive-periods  # the id used with --agreement: usually the file's name
title: "Registration Rights Agreement"  # from the cover page
date: 2025-01-08  # from the preamble: "dated as of ..."; the deadlines below count from it (anchor agreement_date)
company: "TODO: the Company"  # from the preamble
parties:  # from the preamble and the signature pages
  - {name: "TODO: the Company", role: Company}
  - {name: "TODO: the Investors", role: Investor}
summary: >-
  TODO: in one or two sentences, what the agreement provides (the Filing Date and Registration Deadline, the
  percent for each 30-day period or portion, when it is paid).
source: agreement.txt  # the agreement's text, saved as plain text beside this file: `rrcalc check` then verifies every quote

calendar:
  label: business day
  value: ny-banks  # ny-banks, nyse or weekdays; a reading (sets: calendar) if the text does not define them
  unit: calendar
  reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: where the text counts business days

events:
  registration_filed:
    label: The Registration Statement is filed
    not_before: [agreement_date]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the filing obligation
  registration_effective:
    label: The Registration Statement is declared effective
    not_before: [registration_filed]
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the effectiveness obligation

terms:
  filing_days:
    label: Filing Date, days after the date of the agreement
    value: 30  # from §__: the filing obligation
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  registration_days:
    label: Registration Deadline, days after the date of the agreement
    value: 90  # from §__: the definition of "Registration Deadline"
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_rate:
    label: Percent of the purchase price for each period (or portion) of failure
    value: 2  # from §__: the payment clause
    unit: percent
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_period:
    label: The period each payment is for
    value: 30  # from §__: "for each thirty (30) day period (or portion thereof)"?
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}
  payment_due:
    label: A payment is made within this many days after the end of the period it is for
    value: 5  # from §__: when payments are made
    unit: days
    reference: {section: "__", quote: "TODO: quote the clause"}

obligations:
  filing_date:
    label: Filing Date
    description: File the Registration Statement
    rule: {anchor: agreement_date, days: 30}  # from §__: days as filing_days; a roll only if the text has one
    met_by: registration_filed
    reference: {section: "__", quote: "TODO: quote the clause"}
  registration_deadline:
    label: Registration Deadline
    description: The Registration Statement must be declared effective
    rule: {anchor: agreement_date, days: 90}  # from §__: days as registration_days
    met_by: registration_effective
    reference: {section: "__", quote: "TODO: quote the clause"}

suspension_kinds:
  stop_order:
    default: true
    label: "A stop order or other reason: sales cannot be made under the Registration Statement"
    not_before: registration_effective
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when sales cannot be made

words:  # the agreement's own defined terms, used in every output
  amount: Payment  # from §__: what the agreement calls the payments
  permitted_suspension: permitted suspension  # from §__
  failure_date: first day of failure  # from §__

tracks:
  late_effectiveness:
    label: Not declared effective by the Registration Deadline
    description: The payment rate of the purchase price for each 30-day period (or portion) after the Registration Deadline and before the day of effectiveness.
    occurs: deadline_missed
    deadline: registration_deadline
    cure: registration_effective
    cure_day_counts: not_counted  # from §__: "prior to the date ... declared effective"?
    periods: consecutive
    period_days: payment_period
    partial_period: full  # from §__: a portion pays in full ("or portion thereof"), else daily
    rates: [{from_period: 1, rate: payment_rate}]
    payment:
      days_after_period_end: payment_due
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when payments are made
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the payment
  sales_unavailable:
    label: Sales cannot be made under the effective Registration Statement
    description: The payment rate for each 30-day period (or portion) of each suspension after effectiveness.
    occurs: suspension
    kinds: [stop_order]
    periods: consecutive
    period_days: payment_period
    partial_period: full
    rates: [{from_period: 1, rate: payment_rate}]
    payment:
      days_after_period_end: payment_due
      reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: when payments are made
    reference: {section: "__", quote: "TODO: quote the clause"}  # from §__: the failure and the payment

tests:  # hand-worked cases `rrcalc check` runs: rework each with the agreement's own numbers, the arithmetic in `working`
  - name: The deadlines (placeholder numbers)
    working: "Agreement date Wed 2025-01-08 + 30 = Fri 2025-02-07 (Filing Date); + 90 = Tue 2025-04-08."
    expect:
      deadlines: {filing_date: 2025-02-07, registration_deadline: 2025-04-08}
  - name: Effective late, a period and a portion, each paid in full (placeholder numbers)
    working: >-
      Registration Deadline 04-08; effective 05-20: failure 04-09 .. 05-19 (the day of effectiveness not
      counted) = 41 days: period 1 04-09 .. 05-08 (30 days), period 2 05-09 .. 05-19 (11 days, a portion, paid in
      full). Each 2% of 1,000,000 = 20,000.00, paid 5 days after its last day: 05-13 and 05-24. Total 40,000.00.
    facts:
      as_of: 2025-12-31
      events: {registration_filed: 2025-02-03, registration_effective: 2025-05-20}
      investors: [{name: Investor, purchase_price: 1000000.00}]
    expect:
      penalties:
        - {track: late_effectiveness, period: 1, days: 30, amount: 20000.00, payment_due: 2025-05-13}
        - {track: late_effectiveness, period: 2, days: 11, amount: 20000.00, payment_due: 2025-05-24}
      total: 40000.00

review:  # the open points: work each, encode it above, then delete it; `rrcalc check` reports a draft until none is left
  - {topic: parties and date, section: "preamble", passage: "TODO", why: "A skeleton: the Company, the Investors, the agreement's date and its id, title and summary are placeholders."}
  - {topic: calendar, section: "__", passage: "TODO", why: "Which days are business days: if the text does not define them, make it a reading (sets: calendar)."}
  - {topic: deadlines, section: "__", passage: "TODO", why: "The Filing Date and the Registration Deadline (days after what, extended on an event, rolled or not) are placeholders; add the other obligations (notices, opinions, the registration period)."}
  - {topic: payments, section: "__", passage: "TODO", why: "The percent, the period, whether a portion pays in full or prorated, whether the cure day counts and when each payment is made are placeholders; add a track for each further failure (delisting), and an election to take shares if the text gives one."}
  - {topic: suspensions, section: "__", passage: "TODO", why: "Which suspensions pay and whether any is permitted are placeholders: list the kinds, and add permitted_suspensions if the text permits blackouts."}
  - {topic: readings, section: "__", passage: "TODO", why: "Where the words admit two readings (do two failures on one day pay twice, does a period run per suspension) add a reading."}
  - {topic: tests, section: "__", passage: "TODO", why: "The tests are worked with the placeholder numbers: rework each by hand with the agreement's (the agreement's own illustration, if it has one), and add one per track."}
"""

#: The families ``rrcalc new`` writes, by name (the choices of ``--family``).
SKELETONS: dict[str, Skeleton] = {s.name: s for s in [
    Skeleton("pipe", "a percent of the purchase price per month (monthly anniversaries), prorated by days / 30, a percent cap, interest on late payments, grace periods in Trading Days (like 2024)",
             _PIPE),
    Skeleton("notes", "Additional Interest in percent per annum on the principal, stepping up every 90 days to a maximum, paid on the Interest Payment Dates, one default at a time (like 2012)",
             _NOTES),
    Skeleton("fixed-dollar", "dollars for each 30-day period, pro rata, and dollars for each Business Day paid monthly, a dollar cap, interest on late payments (like 2007)",
             _FIXED_DOLLAR),
    Skeleton("computation-dates", "a percent of the Purchase Price, then of the Held Shares Value, for each Computation Date, prorated (like 2002 and 2003)",
             _COMPUTATION_DATES),
    Skeleton("consecutive-periods", "a percent for each consecutive 30-day period or portion, paid days after each ends, and for sales that cannot be made (like 1998)",
             _CONSECUTIVE_PERIODS),
]}

FAMILIES = tuple(SKELETONS)


def skeleton(family: str) -> str:
    """The YAML text of ``family``'s skeleton (a key of :data:`SKELETONS`)."""
    return SKELETONS[family].text
