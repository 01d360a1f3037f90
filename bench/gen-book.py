#!/usr/bin/env python3
"""Write a synthetic loan book in the CSV format of owed-csv(5): TERMS and EVENTS files.

Seeded: the same arguments always give the same files.  The book looks like the short-term
online loans the project started from: 21-day terms; several loans per borrower (1 to 6,
chained: a new loan often starts when the last falls due); 500 to 5,000 yuan; interest of
0.05 % or 0.1 % a day, or 24 % or 36 % a year; a service fee withheld at payout (砍头息) on
about 40 % of the loans, as an amount or a share; a fee due at maturity on about half; overdue
interest of 0.1 % a day on principal, sometimes a one-off late fee.  Each loan is repaid on
time with one designated payment, or extended once or twice (an extension fee and a
designated payment of it), or paid down by partial payments, designated or not (owed splits
undesignated payments across the borrower's loans), or not paid at all.  Rows are sorted by
borrower, as owed batch needs them.

Usage: gen-book.py --loans N [--seed S] [--as-of DATE] TERMS.csv EVENTS.csv
Standard library only.
"""
import argparse
import csv
import datetime
import random
from decimal import Decimal, ROUND_HALF_UP

CENT = Decimal("0.01")


def money(x):
    return str(Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loans", type=int, required=True)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--as-of", default="2021-06-30")
    ap.add_argument("terms")
    ap.add_argument("events")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    start = datetime.date(2019, 1, 2)
    n_borrowers = 0
    made = 0
    n_events = 0
    with open(a.terms, "w", newline="", encoding="utf-8") as tf, \
            open(a.events, "w", newline="", encoding="utf-8") as ef:
        tw = csv.writer(tf)
        ew = csv.writer(ef)
        tw.writerow(["borrower", "loan", "currency", "contracted", "principal", "term_days",
                     "rate", "per", "withheld_fee", "maturity_fee", "overdue_rate",
                     "overdue_per", "late_fee", "as_of"])
        ew.writerow(["borrower", "loan", "date", "kind", "amount", "for", "due"])
        while made < a.loans:
            n_borrowers += 1
            borrower = "B%08d" % n_borrowers
            k = min(a.loans - made, rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6]))
            day = start + datetime.timedelta(days=rng.randrange(0, 540))
            events = []
            for j in range(k):
                made += 1
                loan = "%s-%d" % (borrower, j + 1)
                principal = Decimal(rng.randrange(5, 51) * 100)
                rate, per = rng.choice([("0.05%", "day"), ("0.05%", "day"), ("0.1%", "day"),
                                        ("24%", "year"), ("36%", "year")])
                daily = (Decimal(rate[:-1]) / 100) / (365 if per == "year" else 1)
                withheld = ""
                delivered = principal
                u = rng.random()
                if u < 0.2:
                    share = rng.choice([5, 10, 20])
                    withheld = "%d%%" % share
                    delivered = principal * (100 - share) / 100
                elif u < 0.4:
                    w = Decimal(rng.choice([50, 100, 200, 300]))
                    withheld = money(w)
                    delivered = principal - w
                maturity = ""
                fee_due = Decimal(0)
                if rng.random() < 0.5:
                    fee_due = Decimal(rng.choice([30, 50, 100]))
                    maturity = money(fee_due)
                late = money(rng.choice([20, 50])) if rng.random() < 0.3 else ""
                tw.writerow([borrower, loan, "CNY", day.isoformat(), money(principal), 21,
                             rate, per, withheld, maturity, "0.1%", "day", late, a.as_of])
                due = day + datetime.timedelta(days=21)
                payoff = principal + principal * daily * 21 + fee_due
                fate = rng.random()
                if fate < 0.45:  # repaid on time (or a few days early), designated
                    d = due - datetime.timedelta(days=rng.choice([0, 0, 0, 1, 3]))
                    events.append((d, loan, "payment", money(payoff), ""))
                elif fate < 0.65:  # extended once or twice, then repaid
                    d = due
                    for _ in range(rng.choice([1, 1, 2])):
                        new_due = d + datetime.timedelta(days=21)
                        fee = principal / 10
                        events.append((d, loan, "extension", money(fee), new_due.isoformat()))
                        events.append((d, loan, "payment", money(fee), ""))
                        d = new_due
                    events.append((d, loan, "payment",
                                   money(principal + principal * daily * 21), ""))
                elif fate < 0.9:  # paid down by partial payments, late
                    d = due + datetime.timedelta(days=rng.randrange(1, 20))
                    left = payoff * Decimal("1.1")
                    for _ in range(rng.randrange(2, 6)):
                        amt = min(left, Decimal(rng.randrange(1, 11) * 100))
                        events.append((d, loan if rng.random() < 0.5 else "", "payment",
                                       money(amt), ""))
                        left -= amt
                        d += datetime.timedelta(days=rng.randrange(5, 40))
                        if left <= 0:
                            break
                # else: never paid
                day = day + datetime.timedelta(days=rng.choice([0, 7, 14, 21, 21, 30, 45]))
            as_of = datetime.date.fromisoformat(a.as_of)
            for d, loan, kind, amt, due in events:
                if d > as_of:
                    continue
                if kind == "extension":
                    ew.writerow([borrower, loan, d.isoformat(), kind, amt, "", due])
                else:
                    ew.writerow([borrower, loan, d.isoformat(), kind, amt, "", ""])
                n_events += 1
    print("%d loans, %d borrowers, %d events" % (made, n_borrowers, n_events))


if __name__ == "__main__":
    main()
