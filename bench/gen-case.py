#!/usr/bin/env python3
"""Writes a case file (owed-case(5)) of N short-term loans and M events, for the benchmarks.

Not part of make check: bench/statement-bench.sh and bench/replay-bench.sh run it.
Standard library only; the same arguments and seed always give the same file.

The shape is that of a borrower who chains 21-day cash loans from one platform
(以贷养贷): loans are contracted over the first 60 % of the span (some two on one day,
so that undesignated payments are split pro rata between them), each for 500 to 5000 yuan
at 0.05 % a day, overdue interest 0.1 % a day on principal, some with a service fee
withheld at payout (<fee at="upfront">, the disbursement is the principal less the fee),
some with a fee due at maturity.  Each loan then has a life of its own:
  - repaid in full on or a few days before its due date (one designated payment of the
    exact payoff);
  - extended once or twice for 21 days (an extension with a fee of 10 % of principal, and a
    designated payment of that fee and the interest so far), then repaid or left to run;
  - paid down by one to three designated partial payments, then left overdue;
  - not paid at all.
The rest of the M events are undesignated payments of a few hundred yuan spread over the
whole span (几百几百地还), which owed splits across the loans (Civil Code art. 560), sized
so that they pay off roughly 85 % of what the lifecycles leave unpaid.

Only features that bench/replay_ref.py implements are generated: day rates, upfront and
maturity fees (fixed or percent), overdue on principal without grace, extensions with
fees, unmarked payments designated or not.  No claims, charges, late fees, lender kinds or
filing date (so that `owed statement` without --regime shows the contract view only).

Usage: gen-case.py --loans N --events M [--days SPAN] [--seed S] [--start YYYY-MM-DD]
                   [-o FILE]
"""
import argparse
import datetime
import random
import sys
from fractions import Fraction

DAY_RATE = Fraction(5, 10000)      # 0.05 % a day
OVERDUE_RATE = "0.1%"              # a day, on principal
TERM = 21
PRINCIPALS = [500, 800, 1000, 1000, 1500, 2000, 2000, 3000, 4000, 5000]


def money(x):
    """An exact Fraction of whole cents as text with two decimals."""
    cents = x * 100
    assert cents.denominator == 1, x
    c = int(cents)
    return "%d.%02d" % (c // 100, c % 100)


def cents_down(x):
    return Fraction(int(x * 100), 100)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loans", type=int, required=True)
    ap.add_argument("--events", type=int, required=True,
                    help="payments and extensions in all (owed's OWED_MAX_EVENTS counts them)")
    ap.add_argument("--days", type=int, default=365, help="span from first loan to as-of")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--start", default="2019-03-04")
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args(argv)
    if a.loans < 1 or a.events < a.loans or a.days < 60:
        ap.error("need loans >= 1, events >= loans, days >= 60")

    rng = random.Random(a.seed)
    start = datetime.date.fromisoformat(a.start)
    as_of = start + datetime.timedelta(days=a.days)
    window = int(a.days * 0.6)

    loans = []
    events = []  # (date, order, xml)
    for i in range(a.loans):
        off = (i * window) // a.loans + rng.randrange(0, 3)
        contracted = start + datetime.timedelta(days=off)
        if loans and rng.random() < 0.15:
            contracted = loans[-1]["contracted"]  # two loans the same day: pro-rata ties
        principal = Fraction(rng.choice(PRINCIPALS))
        upfront = None
        if rng.random() < 0.4:
            pct = rng.choice([5, 10, 20])
            upfront = ("percent", "%d%%" % pct, principal * pct / 100)
        maturity = None
        r = rng.random()
        if r < 0.3:
            pct = rng.choice([3, 5])
            maturity = ("percent", "%d%%" % pct, principal * pct / 100)
        elif r < 0.5:
            amt = Fraction(rng.choice([30, 50, 100]))
            maturity = ("amount", money(amt), amt)
        delivered = principal - (upfront[2] if upfront else 0)
        lid = "L%03d" % (i + 1)
        loans.append(dict(id=lid, contracted=contracted, principal=principal, upfront=upfront,
                          maturity=maturity, delivered=delivered))

    # Lifecycles: the generator knows the exact payoff of a loan that nothing has touched
    # yet (principal x (1 + rate x days) + maturity fee), and of the interest so far.
    unresolved = Fraction(0)
    order = 0
    for L in loans:
        due = L["contracted"] + datetime.timedelta(days=TERM)
        P = L["principal"]
        mat = L["maturity"][2] if L["maturity"] else Fraction(0)
        fees_paid = Fraction(0)   # extension fees paid with interest so far
        interest_paid_days = 0
        kind = rng.random()
        n_ext = 0
        if 0.35 <= kind < 0.60:
            n_ext = 1 if rng.random() < 0.7 else 2
        for _ in range(n_ext):
            d = due - datetime.timedelta(days=rng.randrange(0, 3))
            if d > as_of:
                break
            new_due = due + datetime.timedelta(days=TERM)
            fee = cents_down(P / 10)
            days = (d - L["contracted"]).days
            pay = fee + P * DAY_RATE * (days - interest_paid_days)
            events.append((d, order, '  <extension date="%s" loan="%s" due="%s" fee="%s"/>'
                           % (d, L["id"], new_due, money(fee))))
            order += 1
            if pay > 0:
                events.append((d, order, '  <payment date="%s" amount="%s" loan="%s"/>'
                               % (d, money(pay), L["id"])))
                order += 1
            interest_paid_days = days
            due = new_due
        kind2 = rng.random() if n_ext else kind
        if kind < 0.35 or (n_ext and kind2 < 0.5):
            d = due - datetime.timedelta(days=rng.randrange(0, 6))
            if d <= as_of:
                days = (d - L["contracted"]).days
                pay = P + P * DAY_RATE * (days - interest_paid_days) + mat
                events.append((d, order, '  <payment date="%s" amount="%s" loan="%s"/>'
                               % (d, money(pay), L["id"])))
                order += 1
                continue
            unresolved += P
        elif kind < 0.85 and not n_ext:
            left = P
            for _ in range(rng.randrange(1, 4)):
                d = due + datetime.timedelta(days=rng.randrange(-10, 61))
                d = max(d, L["contracted"] + datetime.timedelta(days=1))
                if d > as_of:
                    continue
                amt = Fraction(rng.randrange(1, 6) * 10 * P // 100)
                events.append((d, order, '  <payment date="%s" amount="%s" loan="%s"/>'
                               % (d, money(amt), L["id"])))
                order += 1
                left -= amt * Fraction(2, 3)
            unresolved += max(left, P / 4)
        else:
            unresolved += P

    n_left = a.events - len(events)
    if n_left < 0:
        sys.exit("gen-case.py: the lifecycles of %d loans need %d events; ask for more"
                 % (a.loans, len(events)))
    # Undesignated payments over the span, from a week after the first loan.
    budget = unresolved * Fraction(85, 100)
    first = min(L["contracted"] for L in loans)
    for k in range(n_left):
        d = first + datetime.timedelta(days=7 + rng.randrange(0, (as_of - first).days - 6))
        mean = budget / n_left
        amt = Fraction(int(mean * Fraction(rng.randrange(50, 151), 100) / 10) * 10)
        if amt < 50:
            amt = Fraction(50)
        if rng.random() < 0.15:
            amt += Fraction(rng.randrange(1, 100), 100)  # some odd cents
        events.append((d, order, '  <payment date="%s" amount="%s"/>' % (d, money(amt))))
        order += 1
    events.sort()

    out = []
    out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append("<!-- Generated by bench/gen-case.py: loans %d, events %d, days %d, "
               "seed %d, start %s -->" % (a.loans, a.events, a.days, a.seed, a.start))
    out.append('<case xmlns="urn:owed:case:1" currency="CNY" as-of="%s">' % as_of)
    out.append("  <title>benchmark: %d loans of 21 days, %d events over %d days</title>"
               % (a.loans, a.events, a.days))
    for L in loans:
        out.append('  <loan id="%s" contracted="%s" principal="%s" term-days="%d">'
                   % (L["id"], L["contracted"], money(L["principal"]), TERM))
        out.append('    <disbursement date="%s" amount="%s"/>'
                   % (L["contracted"], money(L["delivered"])))
        out.append('    <interest rate="0.05%" per="day"/>')
        if L["upfront"]:
            kind, text, _ = L["upfront"]
            out.append('    <fee name="service fee" %s="%s" at="upfront"/>' % (kind, text))
        if L["maturity"]:
            kind, text, _ = L["maturity"]
            out.append('    <fee name="management fee" %s="%s" at="maturity"/>' % (kind, text))
        out.append('    <overdue rate="%s" per="day" on="principal"/>' % OVERDUE_RATE)
        out.append("  </loan>")
    for _, _, x in events:
        out.append(x)
    out.append("</case>")
    text = "\n".join(out) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
