/* The lawful view: the case's history replayed under the caps of one legal regime
 * (design section 5, view 2).
 *
 *  - Principal is what the regime's principal rule says: the money actually delivered
 *    (China Civil Code art. 670; SPC 2015 art. 27 / 2021 art. 26), or the nominal principal.
 *  - K(t), what the contract charged to date, is read from the contract replay's ledger,
 *    counting the components the regime's charge rule counts (and amounts withheld when it
 *    counts them).  C(t), the cap, accrues day by day on the lawful principal outstanding at
 *    the cap rate of the day (owed_regime_cap_on).  Lawful charges L(t) = min(K(t), C(t)).
 *    Two caps accrue: C_enf at the top of the enforceable bands, C_ret at the top of the
 *    bands whose charges, once paid, the lender keeps (retained-if-paid; equal to C_enf when
 *    there is no such band).
 *  - A payment goes, in the regime's order (normally costs, charges, principal, Civil Code
 *    art. 561): to costs the regime does not count as charges; to unpaid charges up to
 *    min(K, C_ret); to principal.  A designated payment stays with its loan: what the loan
 *    does not take is a refund due on it (set-off against other loans is the borrower's
 *    choice, Civil Code art. 568).  An undesignated payment goes across loans in the
 *    regime's allocation order (Civil Code art. 560: due debts first, then the earliest due,
 *    pro rata on ties, in whole minor units; security and burden are not recorded in case
 *    files); what no loan takes is a refund due, booked on the loan that started first (the
 *    id that sorts first on a tie), whatever the order of the loans in the file.
 *  - Enforceable now: principal + max(0, min(K, C_enf) - charges paid) + unpaid costs.
 *    Paid above the enforceable line (the lender keeps it, 2015 art. 31): charges paid -
 *    min(K, C_enf) when positive.
 *  - Day counting: on a cap period counting first-not-last, a day's cap accrues on the
 *    principal left after that day's payments; counting both ends, on the principal before
 *    them, and the final day (`until`) accrues too.
 * All exact; nothing is rounded. */
#ifndef OWED_LAWFUL_H
#define OWED_LAWFUL_H

#include <gmp.h>

#include "case.h"
#include "contract.h"
#include "error.h"
#include "regime.h"

/* One stretch of days over which the same cap applied to a loan. */
typedef struct owed_cap_segment {
    owed_date from, to;            /* the days [from, to) */
    const owed_cap_period *period; /* NULL: the regime sets no cap on these days */
    mpq_t enforceable;             /* annual rate at the top of the enforceable bands */
    mpq_t retained;                /* annual rate up to which paid charges are kept */
    int uses_table;
    owed_reference_date table_ref;
    owed_date table_date, table_fixing;
    mpq_t table_rate;
    int table_beyond_complete, table_unconfirmed;
    owed_day_basis basis;
    owed_day_count count;
} owed_cap_segment;

typedef struct owed_lawful_loan {
    mpq_t principal_basis;   /* lawful principal: money delivered (or nominal, per regime) */
    mpq_t principal_paid;
    mpq_t principal;         /* outstanding, >= 0 */
    mpq_t contract_charges;  /* K: what the contract charged, as the regime counts charges */
    mpq_t cap_enforceable;   /* C_enf accrued */
    mpq_t cap_retained;      /* C_ret accrued */
    mpq_t lawful_charges;    /* min(K, C_enf) */
    mpq_t charges_paid;
    mpq_t charges_unpaid;    /* max(0, lawful_charges - charges_paid) */
    mpq_t retained;          /* max(0, charges_paid - lawful_charges): kept by the lender */
    mpq_t above_cap;         /* K - lawful_charges: charged by the contract beyond the cap */
    mpq_t costs_charged;     /* costs outside the charge rule */
    mpq_t costs_paid;
    mpq_t refund;            /* overpayment due back to the borrower */
    mpq_t balance;           /* enforceable now: principal + charges_unpaid + unpaid costs */
    long uncapped_days;      /* days with principal outstanding and no cap period */
    owed_date due;           /* due date in force (after extensions) */
    owed_cap_segment *segments;
    size_t n_segments;
} owed_lawful_loan;

typedef struct owed_lawful {
    const owed_case *kase;     /* borrowed */
    const owed_regime *regime; /* borrowed */
    owed_date until;
    owed_date filing;          /* the filing date used for caps looked up at filing */
    int filing_is_as_of;       /* 1: the case gives no filing date; `until` was used */
    owed_lawful_loan *loans;
    size_t n_loans;
} owed_lawful;

/* Replays the lawful view of `c` under `reg` up to `until`, reading K from `contract`,
 * which must be the contract replay of the same case to the same `until`.
 * On success *out is new (free with owed_lawful_free); on failure NULL and err set
 * (a cap that cannot be resolved, e.g. a table with no rate on the reference date). */
owed_status owed_lawful_replay(const owed_case *c, const owed_regime *reg,
                               const owed_replay *contract, owed_date until, owed_lawful **out,
                               owed_error *err);

void owed_lawful_free(owed_lawful *l);

/* Checks the lawful view's invariants for every loan: lawful charges are at most both the
 * contract's charges and the cap; payments are conserved (what the case says was paid =
 * costs paid + charges paid + principal paid + refund, over all loans); the principal
 * outstanding is the principal basis less principal paid.  OWED_E_SEMANTIC names the first
 * that fails. */
owed_status owed_lawful_check(const owed_lawful *l, owed_error *err);

#endif
