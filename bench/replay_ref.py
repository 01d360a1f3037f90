#!/usr/bin/env python3
"""A plain Python replay of owed's contract view, with fractions.Fraction, for the benchmarks.

Not part of make check: bench/replay-bench.sh runs it beside bench/replay_bench.  It is a
yardstick, not a second implementation: it replays only what bench/gen-case.py generates,
and refuses (exit 2) any case file that uses more, so that its figures are never a guess:

  - loans with explicit disbursements, interest per="day" (agreed, day by day, no rounding,
    runs after the due date), fees at="upfront" (withheld: booked as principal),
    "disbursement" and "maturity", each a fixed amount or a percent of the nominal
    principal, overdue per="day" on="principal" with grace-days, the default payment order
    (cost, fee, penalty, interest, principal);
  - payments, designated or not, without for=; extensions with fees; charges; claims
    (which move no money: passed by).

The rules are those of owed(1) CONVENTIONS and src/contract.c, src/allocate.c: each day,
disbursements (and withheld amounts), extensions, the fee due at maturity on the due date
in force, then charges and payments in file order, then that day's interest and penalty on
the principal left (not on the as-of day itself).  A payment goes to its designated loan in
the default order (charging the maturity fee first when it settles the loan in full before
its due date); what is left, and undesignated payments, are split across the loans in the
order of Civil Code art. 560 (due first, then the larger agreed daily rate, then the earlier
due date, then pro rata in whole cents: each part rounded down, the cents left over to the
largest remainders, then to the smaller loan id), again while some loan takes something;
what nobody takes is a credit (a negative principal) on the designated loan or on the loan
that started first.

Usage: replay_ref.py CASE.xml [--check STATEMENT.xml] [--budget SECONDS]
  Replays the case to its as-of date, as many times as fit in the budget (default 1 s of
  CPU time, at least once), and prints the events (payments, extensions, charges and
  claims, plus disbursements), the replays, the CPU seconds and events per second.
  With --check, compares every loan's contract figures (delivered, withheld, charged, paid,
  overpaid and balance, per component) with the exact= attributes of the statement that
  `owed statement --format=xml CASE.xml` wrote, and exits 1 on any difference.
"""
import argparse
import datetime
import math
import sys
import time
import xml.etree.ElementTree as ET
from fractions import Fraction

CASE_NS = "{urn:owed:case:1}"
STMT_NS = "{urn:owed:statement:1}"
COMPS = ("principal", "interest", "penalty", "fee", "cost")
ORDER = ("cost", "fee", "penalty", "interest", "principal")
MINOR = {"CNY": 2, "GBP": 2, "USD": 2, "EUR": 2, "HKD": 2, "JPY": 0, "KRW": 0}


class Unsupported(Exception):
    pass


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def dec(text):
    """A decimal, a fraction a/b, optionally with a % sign (owed-case(5) RATE)."""
    pct = text.endswith("%")
    if pct:
        text = text[:-1]
    if "/" in text:
        n, d = text.split("/")
        v = Fraction(n) / Fraction(d)
    else:
        v = Fraction(text)
    return v / 100 if pct else v


def only(el, allowed):
    extra = set(el.attrib) - set(allowed)
    if extra:
        raise Unsupported("<%s> attribute(s) %s" % (el.tag.replace(CASE_NS, ""),
                                                    ", ".join(sorted(extra))))


class Loan:
    def __init__(self, el, index):
        only(el, ("id", "contracted", "principal", "due", "term-days", "lender"))
        self.index = index
        self.id = el.get("id")
        self.contracted = day(el.get("contracted"))
        self.principal = dec(el.get("principal"))
        if el.get("due"):
            self.due = day(el.get("due"))
        else:
            self.due = self.contracted + int(el.get("term-days"))
        self.disb = []
        self.rate = None          # interest, a day
        self.orate = None         # overdue, a day
        self.grace = 0
        self.fees = []            # (at, amount)
        for ch in el:
            tag = ch.tag.replace(CASE_NS, "")
            if tag == "disbursement":
                only(ch, ("date", "amount"))
                self.disb.append((day(ch.get("date")), dec(ch.get("amount"))))
            elif tag == "interest":
                only(ch, ("rate", "per", "after-due"))
                if ch.get("per") != "day" or ch.get("after-due", "continue") != "continue":
                    raise Unsupported("interest other than per=\"day\", running after due")
                self.rate = dec(ch.get("rate"))
            elif tag == "fee":
                only(ch, ("name", "amount", "percent", "at"))
                at = ch.get("at")
                if at not in ("upfront", "disbursement", "maturity"):
                    raise Unsupported("fee at=\"%s\"" % at)
                amt = (dec(ch.get("percent")) * self.principal if ch.get("percent")
                       else dec(ch.get("amount")))
                self.fees.append((at, amt))
            elif tag == "overdue":
                only(ch, ("rate", "per", "on", "grace-days"))
                if ch.get("per") != "day" or ch.get("on", "principal") != "principal":
                    raise Unsupported("overdue other than per=\"day\" on=\"principal\"")
                self.orate = dec(ch.get("rate"))
                self.grace = int(ch.get("grace-days", "0"))
            elif tag == "lender":
                pass
            else:
                raise Unsupported("<%s> in a loan" % tag)
        if not self.disb:
            raise Unsupported("a loan without an explicit disbursement")
        self.disb.sort(key=lambda d: d[0])
        self.maturity = sum((a for at, a in self.fees if at == "maturity"), Fraction(0))
        self.reset()

    def reset(self):
        self.bal = dict.fromkeys(COMPS, Fraction(0))
        self.charged = dict.fromkeys(COMPS, Fraction(0))
        self.paid = dict.fromkeys(COMPS, Fraction(0))
        self.delivered = Fraction(0)
        self.withheld = Fraction(0)
        self.overpaid = Fraction(0)
        self.started = False
        self.first_day = None
        self.maturity_done = False
        self.due_now = self.due
        self.next_disb = 0


class Case:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        if root.tag != CASE_NS + "case":
            raise Unsupported("not a case file")
        only(root, ("currency", "as-of"))
        self.as_of = day(root.get("as-of"))
        self.unit = Fraction(1, 10 ** MINOR[root.get("currency")])
        self.loans = []
        self.events = []  # (date, file order, kind, dict)
        for ch in root:
            tag = ch.tag.replace(CASE_NS, "")
            if tag in ("title", "borrower"):
                continue
            if tag == "loan":
                self.loans.append(Loan(ch, len(self.loans)))
                continue
            ids = {L.id: L.index for L in self.loans}
            if tag == "payment":
                only(ch, ("date", "amount", "loan"))
                e = dict(amount=dec(ch.get("amount")),
                         loan=ids[ch.get("loan")] if ch.get("loan") else None)
            elif tag == "extension":
                only(ch, ("date", "loan", "due", "fee"))
                e = dict(loan=ids[ch.get("loan")], due=day(ch.get("due")),
                         fee=dec(ch.get("fee", "0")))
            elif tag == "charge":
                only(ch, ("date", "loan", "amount", "component", "kind"))
                e = dict(loan=ids[ch.get("loan")], amount=dec(ch.get("amount")),
                         comp=ch.get("component"))
            elif tag == "claim":
                e = {}  # a claim moves no money: the contract replay passes it by
            else:
                raise Unsupported("<%s>" % tag)
            self.events.append((day(ch.get("date")), len(self.events), tag, e))
        self.events.sort(key=lambda e: (e[0], e[1]))
        self.n_disb = sum(len(L.disb) for L in self.loans)


# ------------------------------------------------------------------ the replay

def payoff(L, d):
    if not L.started:
        return Fraction(0)
    out = sum((v for v in L.bal.values() if v > 0), Fraction(0))
    if d < L.due_now and out > 0 and not L.maturity_done:
        out += L.maturity
    out += sum((v for v in L.bal.values() if v < 0), Fraction(0))
    return out if out > 0 else Fraction(0)


def charge_maturity(L):
    L.maturity_done = True
    if L.maturity:
        L.bal["fee"] += L.maturity
        L.charged["fee"] += L.maturity


def apply_to_loan(L, d, amount):
    """Applies amount in the default order; returns what the loan did not take."""
    if not L.maturity_done and d < L.due_now:
        p = payoff(L, d)
        if p > 0 and amount >= p:
            charge_maturity(L)
    for comp in ORDER:
        if amount <= 0:
            break
        b = L.bal[comp]
        if b <= 0:
            continue
        t = b if amount >= b else amount
        amount -= t
        L.bal[comp] -= t
        L.paid[comp] += t
    return amount


def burden(L, d):
    if L.bal["principal"] <= 0:
        return Fraction(0)
    out = Fraction(0)
    if L.rate is not None:
        out += L.rate
    if L.orate is not None and d >= L.due_now + L.grace:
        out += L.orate
    return out


def split(case, owed, keys, amount):
    """Shares of amount across the loans (art. 560, pro rata in whole units); returns
    (shares, left)."""
    n = len(owed)
    shares = [Fraction(0)] * n
    order = sorted(range(n), key=lambda i: keys[i])  # stable
    left = amount
    g = 0
    while g < n and left > 0:
        end = g + 1
        while end < n and keys[order[end]] == keys[order[g]]:
            end += 1
        group = order[g:end]
        total = sum((owed[i] for i in group), Fraction(0))
        if total > 0:
            if left >= total:
                for i in group:
                    shares[i] = owed[i]
                left -= total
            else:
                unit = case.unit
                rest = left
                cut = {}
                for i in group:
                    exact = left * owed[i] / total
                    shares[i] = math.floor(exact / unit) * unit
                    cut[i] = exact - shares[i]
                    rest -= shares[i]
                for i in sorted(group, key=lambda i: (-cut[i], case.loans[i].id)):
                    if rest <= 0:
                        break
                    chunk = min(rest, unit, owed[i] - shares[i])
                    shares[i] += chunk
                    rest -= chunk
                for i in group:
                    if rest <= 0:
                        break
                    chunk = min(rest, owed[i] - shares[i])
                    shares[i] += chunk
                    rest -= chunk
                left = Fraction(0)
        g = end
    return shares, left


def apply_payment(case, d, e):
    left = e["amount"]
    loans = case.loans
    if e["loan"] is not None:
        left = apply_to_loan(loans[e["loan"]], d, left)
    n = len(loans)
    rnd = 0
    while rnd < n and left > 0:
        owed = [payoff(L, d) for L in loans]
        keys = [(0 if L.due_now <= d else 1, -burden(L, d), L.due_now) for L in loans]
        before = left
        shares, left = split(case, owed, keys, left)
        for i in range(n):
            if shares[i] > 0:
                left += apply_to_loan(loans[i], d, shares[i])
        if left == before:
            break
        rnd += 1
    if left > 0:
        if e["loan"] is not None:
            t = loans[e["loan"]]
        else:
            started = [L for L in loans if L.started]
            t = min(started, key=lambda L: (L.first_day, L.id)) if started else loans[0]
        t.bal["principal"] -= left
        t.overpaid += left


def deliver(L, d):
    while L.next_disb < len(L.disb) and L.disb[L.next_disb][0] == d:
        amt = L.disb[L.next_disb][1]
        L.next_disb += 1
        L.bal["principal"] += amt
        L.delivered += amt
        if L.started:
            continue
        L.started = True
        L.first_day = d
        named = Fraction(0)
        for at, a in L.fees:
            if at == "upfront":
                named += a
                if a:
                    L.bal["principal"] += a
                    L.withheld += a
        gap = L.principal - sum((x for _, x in L.disb), Fraction(0)) - named
        if gap > 0:
            L.bal["principal"] += gap
            L.withheld += gap
        for at, a in L.fees:
            if at == "disbursement" and a:
                L.bal["fee"] += a
                L.charged["fee"] += a


def replay(case):
    loans = case.loans
    for L in loans:
        L.reset()
    until = case.as_of
    start = min(d for L in loans for d, _ in L.disb)
    if case.events and case.events[0][0] < start:
        start = case.events[0][0]
    ev = 0
    events = case.events
    for d in range(start, until + 1):
        for L in loans:
            deliver(L, d)
        end = ev
        while end < len(events) and events[end][0] == d:
            end += 1
        for k in range(ev, end):
            _, _, kind, e = events[k]
            if kind == "extension":
                L = loans[e["loan"]]
                L.due_now = e["due"]
                if e["fee"] > 0:
                    L.bal["fee"] += e["fee"]
                    L.charged["fee"] += e["fee"]
        for L in loans:
            if L.started and d == L.due_now and not L.maturity_done:
                charge_maturity(L)
        for k in range(ev, end):
            _, _, kind, e = events[k]
            if kind == "charge":
                L = loans[e["loan"]]
                L.bal[e["comp"]] += e["amount"]
                L.charged[e["comp"]] += e["amount"]
            elif kind == "payment":
                apply_payment(case, d, e)
        ev = end
        if d == until:
            break
        for L in loans:
            p = L.bal["principal"]
            if not L.started or p <= 0:
                continue
            if L.rate is not None:
                a = p * L.rate
                L.bal["interest"] += a
                L.charged["interest"] += a
            if L.orate is not None and d >= L.due_now + L.grace:
                a = p * L.orate
                L.bal["penalty"] += a
                L.charged["penalty"] += a


# ------------------------------------------------------------------ the check

def check(case, path):
    root = ET.parse(path).getroot()
    bad = []
    n = 0
    byid = {L.id: L for L in case.loans}
    for el in root.iter(STMT_NS + "loan"):
        L = byid.get(el.get("id"))
        con = el.find(STMT_NS + "contract")
        if L is None or con is None:
            continue
        for f in con:
            tag = f.tag.replace(STMT_NS, "")
            comp = f.get("component")
            if tag == "owed":
                mine = L.bal[comp]
            elif tag == "paid":
                mine = L.paid[comp]
            elif tag == "charged":
                mine = L.charged[comp]
            elif tag in ("delivered", "withheld", "overpaid"):
                mine = getattr(L, tag)
            else:
                continue
            n += 1
            theirs = Fraction(f.get("exact"))
            if mine != theirs:
                bad.append("%s %s%s: owed %s, reference %s"
                           % (L.id, tag, " " + comp if comp else "", theirs, mine))
    if n == 0:
        bad.append("no contract figure found in %s" % path)
    return n, bad


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case")
    ap.add_argument("--check", metavar="STATEMENT.xml")
    ap.add_argument("--budget", type=float, default=1.0, help="CPU seconds (default 1)")
    a = ap.parse_args(argv)
    try:
        case = Case(a.case)
    except Unsupported as e:
        print("replay_ref.py: %s: not implemented here: %s" % (a.case, e), file=sys.stderr)
        return 2
    n_events = len(case.events) + case.n_disb
    replays = 0
    t0 = time.process_time()
    while True:
        replay(case)
        replays += 1
        t = time.process_time() - t0
        if t >= a.budget:
            break
    print("%s: %d events (%d case events + %d disbursements), %d loans, %d replays in %.3f "
          "CPU s: %.1f events/s (python reference, contract view)"
          % (a.case, n_events, len(case.events), case.n_disb, len(case.loans), replays, t,
             n_events * replays / t))
    if a.check:
        n, bad = check(case, a.check)
        if bad:
            for b in bad[:20]:
                print("MISMATCH " + b, file=sys.stderr)
            print("replay_ref.py: %d of %d figures differ from owed's" % (len(bad), n),
                  file=sys.stderr)
            return 1
        print("check: all %d contract figures of %d loans equal owed's exact values"
              % (n, len(case.loans)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
