/* Splitting an undesignated payment across several debts.
 *
 * The order is China Civil Code art. 560, step by step, as a regime lists it (<allocation
 * order="..">) or, without a regime (the contract view), in the default order of
 * owed_alloc_default_order: debts already due before debts not yet due; then the more
 * burdensome (owed_burden: the agreed daily cost); then the earlier due date; debts that tie
 * on every step share the rest pro rata to what each is owed.  Case files record no
 * security, so least-secured never decides (every debt ties on it); designated is the
 * callers' business (a designated payment is never split).  Each split says, per debt,
 * which criterion decided its share (owed_alloc_decider), so that a statement can say it. */
#ifndef OWED_ALLOCATE_H
#define OWED_ALLOCATE_H

#include <gmp.h>
#include <stddef.h>

#include "case.h"
#include "date.h"
#include "qsum.h"
#include "regime.h"

typedef struct owed_debt {
    int is_due;          /* 1 when the due date is on or before the payment date */
    owed_date due;
    const mpq_t *owed;   /* borrowed: what the debt would take to be settled (>= 0) */
    const mpq_t *burden; /* borrowed: the debt's burden (owed_burden; the larger, the more
                            burdensome); NULL counts as 0 */
} owed_debt;

/* The criterion that decided a debt's share of a payment. */
typedef enum owed_alloc_decider {
    OWED_DECIDED_NONE = 0,       /* no criterion was needed: the payment covered every debt
                                    in full, or the debt was the only one left owing; also:
                                    the debt owed nothing, or took no share of a split */
    OWED_DECIDED_DESIGNATED,     /* the payer designated the loan */
    OWED_DECIDED_DUE,            /* due before not yet due */
    OWED_DECIDED_MOST_BURDENSOME,/* the more burdensome first */
    OWED_DECIDED_EARLIEST_DUE,   /* the earlier due date first */
    OWED_DECIDED_PRO_RATA        /* shared with debts that tie on every step before */
} owed_alloc_decider;

/* "none", or the name of the step as regime files write it: "designated", "due",
 * "most-burdensome", "earliest-due", "pro-rata". */
const char *owed_alloc_decider_name(owed_alloc_decider d);

/* The order without a regime: due, most-burdensome, earliest-due, pro-rata (art. 560 with
 * the step that case files cannot decide, least-secured, left out). */
extern const owed_alloc_step owed_alloc_default_order[];
extern const size_t owed_alloc_default_n;

/* out = the burden of a loan on the payment date `day`, by measure `m`.
 * OWED_BURDEN_DAILY_COST: the agreed daily cost as a rate (a fraction of the amount owed,
 * per day): the contract's interest rate while interest runs that day (agreed, and before
 * the due date in force `due`, or after it unless the contract stops it), plus the overdue
 * (penalty) rate from the due date plus grace days on, each as the rate of that one day
 * (owed_rate_accrue over [day, day + 1) on its own day basis: a yearly rate over the days of
 * the basis year, a monthly rate x 12 over them).  Fees, late fees and costs are left out.
 * 0 when no principal is outstanding (`principal_owed` 0): then nothing accrues, and owing
 * the debt costs nothing a day. */
void owed_burden(mpq_t out, owed_burden_measure m, const owed_loan *L, owed_date due,
                 owed_date day, int principal_owed);

/* What owed_burden(.., m, L, due, day, principal_owed) depends on besides the loan's rates:
 * whether the interest and the overdue rate run that day, and the year lengths of their
 * bases that day (0 for one not run or per day).  Equal terms of one loan give equal
 * burdens: a caller keeps a loan's burden until its terms change. */
typedef struct owed_burden_terms {
    int interest, penalty, year_i, year_p;
} owed_burden_terms;
inline owed_burden_terms owed_burden_terms_of(owed_burden_measure m, const owed_loan *L,
                                              owed_date due, owed_date day, int principal_owed)
{
    /* inline (C99: allocate.c holds its external definition): both replays ask it for each
       owing loan of each payment they split */
    owed_burden_terms t = {0, 0, 0, 0};
    if (m != OWED_BURDEN_DAILY_COST || !principal_owed)
        return t;
    /* the rates that run that day: the one rule, for owed_burden and the kept burdens */
    t.interest = L->interest.present && (day < due || !L->interest.stops_at_due);
    t.penalty = L->overdue.present && day >= due + L->overdue.grace_days;
    if (t.interest && L->interest.per != OWED_PER_DAY)
        t.year_i = owed_basis_year_length(L->interest.basis, day);
    if (t.penalty && L->overdue.per != OWED_PER_DAY)
        t.year_p = owed_basis_year_length(L->overdue.basis, day);
    return t;
}

/* The rates of one day a replay keeps (owed_day_rate_of): one day of a rate
 * (owed_rate_accrue of 1 over [day, day + 1)) depends on the rate, its period and the year
 * length of its basis that day (0 per day) only, and most loans of a book have one of a few
 * rates, so that a later loan, or a later replay, copies it.  All 0 (as calloc makes it):
 * nothing made; its numbers are made at the first use, released by
 * owed_day_rates_clear. */
enum { OWED_DAY_RATE_MEMOS = 8 };
typedef struct owed_day_rates {
    struct owed_day_rate_memo {
        mpq_t rate, day_rate;
        owed_rate_period per;
        int year;                 /* -1: not made yet */
    } memo[OWED_DAY_RATE_MEMOS];  /* replaced in turn */
    unsigned next;                /* the memo replaced next */
    int made;                     /* the numbers are made */
    mpq_t sum;                    /* owed_burden_remake's second rate */
} owed_day_rates;
void owed_day_rates_clear(owed_day_rates *d);

/* out = one day of `rate` from `day` (owed_rate_accrue of 1 over [day, day + 1)), `year`
 * being the year length of `basis` that day (0 per day): a memo's copy, else made and kept
 * in a memo (owed_day_rate_make). */
void owed_day_rate_make(owed_day_rates *d, mpq_ptr out, const mpq_t rate, owed_rate_period per,
                        owed_day_basis basis, owed_date day, int year);
static inline void owed_day_rate_of(owed_day_rates *d, mpq_ptr out, const mpq_t rate,
                                    owed_rate_period per, owed_day_basis basis,
                                    owed_date day, int year)
{
    /* inline: the contract replay's runs ask it at each new run, and the memos mostly
       have it */
    for (int k = 0; d->made && k < OWED_DAY_RATE_MEMOS; k++) {
        const struct owed_day_rate_memo *m = &d->memo[k];
        if (m->year == year && m->per == per && owed_q_equal(m->rate, rate)) {
            owed_q_set(out, m->day_rate);
            return;
        }
    }
    owed_day_rate_make(d, out, rate, per, basis, day, year);
}

/* out = owed_burden(out, m, L, due, day, principal_owed) on the terms t
 * (owed_burden_terms_of), from the day rates of d: the sum of those that run. */
void owed_burden_remake(owed_day_rates *d, mpq_ptr out, owed_burden_terms t, const owed_loan *L,
                        owed_date day);

/* out = owed_burden(out, m, L, due, day, principal_owed), out being the loan's burden made
 * on the terms *kept when *known (a replay keeps a loan's burden in its split): made again
 * (owed_burden_remake) only when its terms have changed since, and *kept, *known set. */
inline void owed_burden_kept(owed_day_rates *d, mpq_ptr out, int *known,
                             owed_burden_terms *kept, owed_burden_measure m,
                             const owed_loan *L, owed_date due, owed_date day,
                             int principal_owed)
{
    /* inline (C99: allocate.c holds its external definition): both replays ask it for each
       owing loan of each payment they split, mostly on the same terms */
    owed_burden_terms t = owed_burden_terms_of(m, L, due, day, principal_owed);
    if (*known && kept->interest == t.interest && kept->penalty == t.penalty &&
        kept->year_i == t.year_i && kept->year_p == t.year_p)
        return;
    owed_burden_remake(d, out, t, L, day);
    *known = 1;
    *kept = t;
}

/* shares[i] = the part of `amount` (>= 0) that goes to debt i; `left` = what no debt takes.
 * shares[] must hold n initialised mpq_t.  Shares are exact (pro-rata parts are rationals).
 * In the default order. */
void owed_allocate_across(size_t n, const owed_debt *debts, const mpq_t amount, mpq_t *shares,
                          mpq_t left);

/* The same split, with the pro-rata parts in whole multiples of `unit` (> 0; the currency's
 * minor unit), as money is paid: each debt of a tie gets its exact pro-rata part rounded down
 * to the unit, then the units left over go one each to the debts of the tie with the largest
 * parts cut off (see `ties` for equal parts), and what is left below one unit (when
 * the amount itself is not a whole number of units) to the next debt in that order.  No debt
 * gets more than it is owed, and the shares of a tie add up to the amount exactly.
 * Exact pro-rata parts are rationals whose size grows with every split (the part of each debt
 * is divided by the total of the tie), so that a few dozen undesignated payments across tied
 * loans would make the replay's numbers, and its time, grow without bound; parts in whole
 * units keep every balance a multiple of the smallest unit the case's figures have.
 * `ties` (NULL, or n keys: the loan ids) orders debts with equal parts cut off: the one whose
 * key sorts first (strcmp) gets a left-over unit first, so that the split does not depend on
 * the order of the loans in the file; without keys, or on equal keys, the earlier debt.
 * In the default order. */
void owed_allocate_across_units(size_t n, const owed_debt *debts, const char *const *ties,
                                const mpq_t amount, const mpq_t unit, mpq_t *shares,
                                mpq_t left);

/* The split in the order of the steps `steps` (n_steps of them; NULL: the default order).
 * Debts are ranked step by step: due (due first), most-burdensome (the larger burden
 * first), earliest-due (the earlier due date first); designated and least-secured rank
 * nothing (every debt ties on them); pro-rata ends the ranking (the steps after it never
 * apply).  Debts that tie on every step share pro rata, whether or not the steps name
 * pro-rata.  `unit` NULL: exact pro-rata parts (owed_allocate_across), else parts in whole
 * units (owed_allocate_across_units).  `by` (NULL, or n entries) receives per debt the
 * criterion that decided its share: where the money runs out inside a tie group of two
 * or more owing debts, pro-rata for that group; a debt ranked ahead of that group, or behind
 * it, gets the first step on which it differs from the group; when the group is a single
 * debt, it gets the first step on which it differs from the next owing debt behind it (none
 * when there is none); when the amount covers every debt in full, and for a debt that owes
 * nothing, none. */
void owed_allocate_ordered(size_t n, const owed_debt *debts, const owed_alloc_step *steps,
                           size_t n_steps, const char *const *ties, const mpq_t amount,
                           const mpq_t *unit, mpq_t *shares, mpq_t left,
                           owed_alloc_decider *by);

/* Working arrays for splitting one payment across n debts: debts[i].owed points to owed[i],
 * debts[i].burden to burden[i].  owed_split_init returns 0, or -1 (nothing allocated) when
 * memory runs out; every mpq_t is initialised to 0, every by[] to none, and the order is
 * the default (steps NULL); a caller with a regime sets steps and n_steps.
 * owed_split_clear releases everything. */
typedef struct owed_split {
    size_t n;
    size_t cap;                  /* the debts the arrays have room for (n <= cap), all their
                                    values initialised */
    owed_debt *debts;
    mpq_t *owed;
    mpq_t *burden;
    mpq_t *shares;
    owed_alloc_decider *by;      /* per debt, after each split: what decided its share */
    const owed_alloc_step *steps; /* borrowed; NULL: owed_alloc_default_order */
    size_t n_steps;
    /* made by owed_split_init_case, for owed_split_case_payment: */
    const char **ids;            /* the loans' ids (borrowed from the case), the ties' keys */
    int has_unit;                /* unit is initialised: */
    mpq_t unit;                  /* the case currency's minor unit */
    unsigned unit_minor;         /* its decimals (owed_currency.minor_units) */
    struct owed_split_scratch *scratch; /* the temporaries of its splits (allocate.c),
                                           shared by its copies: allocated with it (NULL
                                           when memory ran out: each split makes its
                                           own), their values made at the first split */
} owed_split;

int owed_split_init(owed_split *s, size_t n);
/* owed_split_init for the c->n_loans loans of case `c`, with what each
 * owed_split_case_payment of c reads made once: the ids and the minor unit. */
int owed_split_init_case(owed_split *s, const owed_case *c);
/* owed_split_init_case into a split made by it earlier (s->debts not NULL), reusing its
 * arrays when they have room: every share 0 and every by[] none, the case's ids and
 * currency's unit.  0, or -1 (s cleared) when memory runs out. */
int owed_split_reuse_case(owed_split *s, const owed_case *c);
void owed_split_clear(owed_split *s);

/* Splits `amount` across the loans of case `c` (s->n == c->n_loans, debts filled by the
 * caller) with owed_allocate_ordered in s's order: parts in whole minor units of the case
 * currency, ties by loan id.  Leaves in `amount` what no loan takes; the shares are in
 * s->shares, and what decided each in s->by. */
void owed_split_case_payment(owed_split *s, const owed_case *c, mpq_t amount);

#endif
