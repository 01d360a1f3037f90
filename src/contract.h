/* The contract view: the case's history replayed as the lender's contract would have it.
 *
 * Conventions (each documented in owed-case(5) and owed(1)):
 *  - A day's interest, penalty and daily fees accrue on the balance left after that day's
 *    disbursements and payments; an interval [d1, d2) thus holds d2 - d1 days.
 *  - On each day, in this order: disbursements (and amounts withheld from them, booked as
 *    principal), fees due at disbursement, extensions, fees due at maturity (on the due date
 *    in force), period fees, explicit charges and payments in file order, one-off late fees
 *    (first overdue day only), then the day's accruals.
 *  - A one-off late fee is charged on the loan's first overdue day (the due date in force
 *    plus grace days, or the first disbursement if later) when principal is still
 *    outstanding after that day's payments, and on no other day: a loan owing only fees
 *    (the maturity fee charged that day included), interest or penalty then owes none, nor
 *    later when principal is owed again (a disbursement after the due date).
 *  - A fee due at maturity is charged once: on the due date in force when it is reached, or
 *    earlier on the day a payment settles the loan in full.
 *  - Interest runs on the principal component (which includes amounts withheld: the lender
 *    charges on the nominal principal) while it is positive; after the due date it runs on
 *    unless the contract says it stops.  Penalty interest runs from due date + grace days.
 *  - A payment goes to its designated loan in the contract's order; what that loan does not
 *    take, and undesignated payments, go across loans by owed_split_case_payment in the
 *    default order, as Chinese law has it without a regime (Civil Code art. 560: due, most
 *    burdensome by the agreed daily cost (owed_burden), earliest due, pro rata in whole
 *    minor units; security is not recorded), each payment posting saying what sent it to
 *    its loan (owed_posting.allocation: designated, or the criterion that decided the
 *    loan's share), each loan seen as owing what it owes net of any credit it holds (a
 *    loan whose credit covers what it owes takes no share); what a loan does not
 *    take of its share (before its due date its payoff counts fees due at maturity, charged
 *    only by a payment that settles it) is split again over the loans that still owe (at
 *    most one round per loan); what nobody takes is an overpayment, booked as a negative
 *    principal (a credit to the borrower) on the designated loan, else on the loan that
 *    started first (the id that sorts first on a tie), whatever the order of the loans in
 *    the file.
 * Money is exact throughout; nothing is rounded. */
#ifndef OWED_CONTRACT_H
#define OWED_CONTRACT_H

#include <gmp.h>

#include "case.h"
#include "error.h"
#include "ledger.h"
#include "sample.h"

/* A loan's figures in the contract view.  Read-only to all but the replay: a figure never
 * written is a view of a static 0 (no storage of its own), never to be written or
 * cleared by anyone else. */
typedef struct owed_loan_result {
    mpq_t delivered;                   /* money delivered to the borrower */
    mpq_t withheld;                    /* kept back from the nominal principal */
    mpq_t charged[OWED_COMP_COUNT];    /* accrued or charged, per component (principal: 0) */
    mpq_t paid[OWED_COMP_COUNT];       /* payments applied, per component */
    mpq_t interest_withheld;           /* interest withheld in advance that the contract
                                          counts as interest paid: applied to interest like
                                          a payment, but not money the borrower paid */
    mpq_t overpaid;                    /* payments beyond everything owed (credit) */
    mpq_t balance[OWED_COMP_COUNT];    /* what is owed now; principal < 0 is a credit */
    mpq_t total;                       /* the sum of balance[], kept as they change when
                                          the ledger states balances (every posting states
                                          it; summing the components anew each time cost
                                          5 % of owed batch), else made once at the end */
    owed_date due;                     /* due date in force (after extensions) */
    int extensions;                    /* how many extensions moved the due date */
} owed_loan_result;

typedef struct owed_replay {
    const owed_case *kase;             /* borrowed; must outlive the replay */
    owed_date until;                   /* events up to and including this day; accruals
                                          for the days before it */
    owed_loan_result *loans;           /* one per case loan */
    size_t n_loans;
    owed_ledger ledger;                /* every posting, in the order it was made */
    int without_charges;               /* 1: the loans' charged[], withheld and
                                          interest_withheld were not computed
                                          (owed_contract_replay_parts without
                                          OWED_REPLAY_CHARGES): 0, read-only */
    /* The answers to the sample requests (owed_contract_replay_sampled): for request k,
     * samples[k][c] is the balance of component c of the loan asked (or of all loans) as a
     * replay ending on the request's day would leave it.  NULL when none was asked. */
    mpq_t (*samples)[OWED_COMP_COUNT];
    size_t n_samples;
    struct owed_replay_store *store; /* contract.c's: what a replay made into this one
                                        reuses (owed_contract_replay_into) */
} owed_replay;

/* Replays the contract view of every loan of `c` up to `until`.  On success *out is a new
 * replay the caller frees with owed_replay_free; on failure *out is NULL and err is set. */
owed_status owed_contract_replay(const owed_case *c, owed_date until, owed_replay **out,
                                 owed_error *err);

/* The same, answering `n_req` sample requests (sample.h; sorted by date, none after
 * `until`) in out->samples. */
owed_status owed_contract_replay_sampled(const owed_case *c, owed_date until,
                                         const owed_sample_request *req, size_t n_req,
                                         owed_replay **out, owed_error *err);

/* What owed_contract_replay_parts keeps beyond the ledger's postings and the loans'
 * delivered, paid[], overpaid, balance[], total, due and extensions (or-ed). */
enum {
    OWED_REPLAY_BALANCES = 1u << 0, /* the postings' balances (without them:
                                       out->ledger.without_balances, owed_ledger.h) */
    OWED_REPLAY_CHARGES = 1u << 1,  /* the loans' charged[], withheld and interest_withheld
                                       (without them: out->without_charges, those figures
                                       0 and read-only: never to be written or cleared) */
    OWED_REPLAY_ALL = (1u << 2) - 1
};

/* The same, keeping only what `keep` (OWED_REPLAY_*) asks beyond the figures always kept;
 * every figure kept equals owed_contract_replay_sampled's. */
owed_status owed_contract_replay_parts(const owed_case *c, owed_date until,
                                       const owed_sample_request *req, size_t n_req,
                                       unsigned keep, owed_replay **out, owed_error *err);

/* owed_contract_replay_parts into *into: a replay made earlier in the same memory scope
 * (by any of these functions), whose storage the new one takes, or NULL.  On success *into
 * is the new replay (the earlier one is no more); on failure *into is NULL (the earlier
 * one freed) and err is set.  Every figure is owed_contract_replay_parts'; only fewer
 * allocations are made (owed batch replays borrower after borrower).  A replay made with
 * another allocator than the scope's is freed, not reused. */
owed_status owed_contract_replay_into(owed_replay **into, const owed_case *c, owed_date until,
                                      const owed_sample_request *req, size_t n_req,
                                      unsigned keep, owed_error *err);

/* Frees r with the allocator that made it, whatever the calling thread's memory scope.
 * NULL is allowed. */
void owed_replay_free(owed_replay *r);

/* out = the sum of a loan's balance components (what it owes in all). */
void owed_loan_total(mpq_t out, const owed_loan_result *l);

/* out = the sum of a loan's charges (all components, withheld amounts included); 0 in a
 * replay without charges (owed_replay.without_charges). */
void owed_loan_charges(mpq_t out, const owed_loan_result *l);

/* Checks money conservation on the whole ledger: for every loan and after every posting,
 * the balance equals the sum of the postings so far, and at the end
 * delivered + withheld + charges - payments - interest withheld - overpaid = sum of the
 * balance components.
 * Returns OWED_OK or OWED_E_SEMANTIC naming the first posting that breaks it. */
owed_status owed_replay_check_conservation(const owed_replay *r, owed_error *err);

#endif
