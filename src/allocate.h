/* Splitting an undesignated payment across several debts.
 *
 * The order is China Civil Code art. 560 as far as a case file records the facts it needs:
 * debts already due before debts not yet due; then the earlier due date; debts that tie on
 * both share the rest pro rata to what each is owed.  The art. 560 criteria of security and
 * burden are not recorded in case files yet, so they do not decide; the statement says so. */
#ifndef OWED_ALLOCATE_H
#define OWED_ALLOCATE_H

#include <gmp.h>
#include <stddef.h>

#include "case.h"
#include "date.h"

typedef struct owed_debt {
    int is_due;         /* 1 when the due date is on or before the payment date */
    owed_date due;
    const mpq_t *owed;  /* borrowed: what the debt would take to be settled (>= 0) */
} owed_debt;

/* shares[i] = the part of `amount` (>= 0) that goes to debt i; `left` = what no debt takes.
 * shares[] must hold n initialised mpq_t.  Shares are exact (pro-rata parts are rationals). */
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
 * the order of the loans in the file; without keys, or on equal keys, the earlier debt. */
void owed_allocate_across_units(size_t n, const owed_debt *debts, const char *const *ties,
                                const mpq_t amount, const mpq_t unit, mpq_t *shares,
                                mpq_t left);

/* Working arrays for splitting one payment across n debts: debts[i].owed points to owed[i].
 * owed_split_init returns 0, or -1 (nothing allocated) when memory runs out; every mpq_t is
 * initialised to 0.  owed_split_clear releases everything. */
typedef struct owed_split {
    size_t n;
    owed_debt *debts;
    mpq_t *owed;
    mpq_t *shares;
} owed_split;

int owed_split_init(owed_split *s, size_t n);
void owed_split_clear(owed_split *s);

/* Splits `amount` across the loans of case `c` (s->n == c->n_loans, debts filled by the
 * caller) with owed_allocate_across_units: parts in whole minor units of the case currency,
 * ties by loan id.  Leaves in `amount` what no loan takes; the shares are in s->shares. */
void owed_split_case_payment(owed_split *s, const owed_case *c, mpq_t amount);

#endif
