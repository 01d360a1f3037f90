/* The lawful view: the case's history replayed as a court applying one legal regime would
 * (design section 5, view 2, rules (a)-(g), second edition).
 *
 *  (a) Principal P is the money actually delivered (China Civil Code art. 670; SPC 2015
 *      art. 27 / 2021 art. 26), or the nominal principal when the regime says so, less what
 *      payments repay.
 *  (b) Amounts withheld at payout (砍头息: the nominal principal less the money delivered)
 *      are not principal, not a payment and not a debt: by default they drop out of the
 *      lawful view and are shown beside it as "withheld, not lent".  A regime may instead
 *      count them as agreed charges recoverable within the cap (<principal withheld=
 *      "charge">, a named variant).
 *  (c) K_L(t), the agreed charges on the lawful principal: the contract's own terms applied
 *      to P as this replay reduces it — interest at the contract rate (none when no interest
 *      was agreed or the agreement is unclear, art. 680), overdue interest at the contract's
 *      overdue rate, fees and late fees as agreed (a fee stated as a share of principal is
 *      that share of the lawful principal basis), extension fees and charges the lender
 *      posted; the contract's day conventions.  Components the regime does not count as
 *      charges are costs, outside the cap.
 *  (d) Caps C_enf(t), C_ret(t) accrue at the regime's cap rates on P.  The enforceable line
 *      Lp(t) = min(K_L(t), C_enf(t)) (K_L when a day has no cap).  The retention line
 *      Lr(t) = max(Lp, min(K(t), C_ret(t))), K(t) what the contract charged in total to the
 *      payment, withheld amounts included (read from the contract replay's ledger); where no
 *      interest was agreed, Lr = C_ret (2015 art. 31: 没有约定利息但借款人自愿支付).  A regime
 *      without a band (C_ret = C_enf on every day) has Lr = Lp.
 *  (e) Payments (art. 561).  A payment marked as paid for charges goes to costs, then to
 *      enforceable charges accrued and unpaid (Lp - charges paid); what is left is held as
 *      prepaid charges on the loan, which absorb enforceable charges as they accrue (taken
 *      at each event and at the end).  Any other payment goes in the regime's order (costs,
 *      charges up to Lp, principal), then, once principal is nil, into the band (up to Lr,
 *      kept by the lender), and what is left is a refund due.  When a loan's principal,
 *      costs and enforceable charges are paid, prepaid charges it still holds go to the band
 *      and then to a refund.  A marking as principal does not change art. 561's order.
 *      A designated payment stays with its loan (what it does not take is a refund due on
 *      it; set-off is the borrower's choice, art. 568); an undesignated one goes across
 *      loans in the regime's allocation order (art. 560 as owed_split_case_payment applies
 *      it), again while some loan owes, then to the bands of paid-off loans, and what no loan
 *      takes is a refund booked on the loan that started first (the id that sorts first on a
 *      tie).  An undesignated payment marked for charges is split over the loans' costs and
 *      enforceable charges; the rest is held as prepaid on the loan with principal
 *      outstanding that falls due first (the id that sorts first on a tie).
 *  (f) Balance by law = P + enforceable charges unpaid + unpaid costs - prepaid charges held.
 *      A refund earns interest where the regime gives a rate (owed_regime_refund_rate, by the
 *      day it arose), simple, from the day after it arose to `until`, both included, each day
 *      over the length of its own calendar year.
 *  A claim that states its own rate (<claim rate=".." per="..">) asks for no more: on capped
 *  days its rate, annualised on the cap's day basis, bounds the enforceable line of the
 *  loans it covers (all loans when it names none; several such claims: the lowest rate).
 *  Day counting: on a cap period counting first-not-last, a day's cap accrues on the
 *  principal left after that day's payments; counting both ends, on the principal before
 *  them, and the final day (`until`) accrues too.  K_L follows the contract replay's
 *  conventions (first day counted, not the last; the day's payments first).
 * All exact; nothing is rounded. */
#ifndef OWED_LAWFUL_H
#define OWED_LAWFUL_H

#include <gmp.h>

#include "case.h"
#include "contract.h"
#include "error.h"
#include "regime.h"
#include "sample.h"

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
    int claim_bound;               /* 1: a claim's own rate, lower than the regime's, set the
                                      enforceable line (design 5 rule (i)) */
} owed_cap_segment;

/* A refund due that arose on one day, and the interest it earns to `until`. */
typedef struct owed_lawful_refund {
    owed_date arose;
    mpq_t amount;
    int has_rate;     /* 0: the regime gives no interest on refunds */
    mpq_t rate;       /* annual, when has_rate */
    mpq_t interest;   /* to `until`, not applied to advances; 0 without a rate */
    /* Applying overpayments to later advances (<overpayment apply="later-advances">): the
     * amount left is `amount`; its interest runs from `interest_from` (the day after it
     * arose, or after the last advance it was applied to), `carried` is interest earned
     * before that and not applied yet; what was applied: */
    owed_date interest_from;
    mpq_t carried;
    mpq_t applied;          /* of the amount */
    mpq_t interest_applied; /* of its interest */
} owed_lawful_refund;

typedef struct owed_lawful_loan {
    mpq_t principal_basis;   /* lawful principal: money delivered (or nominal, per regime) */
    mpq_t principal_paid;
    mpq_t principal;         /* outstanding, >= 0 */
    mpq_t withheld;          /* nominal principal less money delivered, >= 0 ("not lent"
                                unless the regime counts it as a charge or as principal) */
    mpq_t agreed_charges;    /* K_L: the agreed charges on the lawful principal, counted as
                                the regime's charge rule counts them */
    mpq_t contract_charges;  /* K: what the contract charged, as the regime counts charges,
                                withheld amounts included */
    mpq_t cap_enforceable;   /* C_enf accrued */
    mpq_t cap_retained;      /* C_ret accrued */
    mpq_t lawful_charges;    /* Lp = min(K_L, C_enf) + min(K_O, limit), at most the total
                                cost cap: the enforceable line */
    mpq_t retention_line;    /* Lr (= Lp without a band) */
    mpq_t charges_paid;      /* paid to charges: enforceable, and the band once all is paid */
    mpq_t charges_unpaid;    /* max(0, Lp - charges_paid) */
    mpq_t retained;          /* max(0, charges_paid - Lp): band charges kept by the lender */
    mpq_t prepaid;           /* prepaid charges held (payments for charges not yet absorbed) */
    mpq_t prepaid_absorbed;  /* prepaid charges that absorbed enforceable charges, in all */
    mpq_t above_cap;         /* max(0, K - Lp): charged by the contract beyond the enforceable */
    mpq_t costs_charged;     /* costs outside the charge rule */
    mpq_t costs_paid;
    mpq_t refund;            /* refunds due to the borrower, in all */
    mpq_t refund_interest;   /* interest on them to `until` */
    mpq_t refund_interest_applied; /* interest on them applied to later advances */
    mpq_t limited_charges;   /* K_O: agreed charges of the kinds the regime's charge limit
                                takes out of the rate caps (owed_charge_limit) */
    int has_limit;           /* the regime has a charge limit: */
    mpq_t limit;             /* its amount for this loan */
    int has_total_cap;       /* the regime caps the total cost: */
    mpq_t total_cap;         /* the room this loan has under it */
    int has_period_limit;    /* the regime limits charges in each month (owed_period_limit): */
    mpq_t period_limit;      /* its amount a month for this loan, on the money lent by `until` */
    mpq_t period_cut;        /* the agreed charges it cut (left out of K_L and K_O), in all */
    /* The regime's limits on the loan itself (owed_loan_limit), measured once the replay is
     * done; none is set when the regime has none: */
    int has_loan_amount;     /* the amount the limit measures: */
    mpq_t loan_amount;
    int amount_exceeded;     /* 1: above the limit's amount */
    int has_term;            /* the term as contracted, contract date to due date: */
    long term_days;
    int term_exceeded;       /* 1: longer than the limit's term */
    mpq_t offset_received;   /* overpayments (with their interest) of any loan applied to
                                this loan's advances: counted in principal_paid */
    mpq_t balance;           /* P + charges_unpaid + unpaid costs - prepaid */
    long uncapped_days;      /* days with principal outstanding and no cap period */
    owed_date due;           /* due date in force (after extensions) */
    owed_cap_segment *segments;
    size_t n_segments;
    size_t segments_made;    /* segments[] holds this many, numbers made (>= n_segments: a
                                view made into an earlier one keeps its extra segments) */
    owed_lawful_refund *refunds; /* in the order they arose */
    size_t n_refunds;
    size_t refunds_made;     /* refunds[] holds this many, numbers made (>= n_refunds, as
                                segments_made) */
} owed_lawful_loan;

/* How one payment (or its share) was applied to one loan in the lawful view. */
typedef struct owed_lawful_move {
    size_t event;            /* index into the case's events[] */
    size_t loan;
    mpq_t to_costs, to_charges, to_principal, to_band, to_prepaid, to_refund;
    owed_alloc_decider allocation; /* what sent the payment to this loan: designated, or the
                                      criterion of the regime's allocation order that decided
                                      the loan's share of an undesignated payment (allocate.h;
                                      the first split that gave it one); none when the loan
                                      took no share of a split (band, refund, prepaid held) */
} owed_lawful_move;

/* The figures of a loan a checkpoint holds. */
typedef enum owed_lawful_figure {
    OWED_LF_BASIS = 0,        /* principal_basis: the money lent so far */
    OWED_LF_CHARGES,          /* the enforceable line Lp */
    OWED_LF_COSTS,            /* costs charged */
    OWED_LF_COSTS_PAID,
    OWED_LF_CHARGES_PAID,     /* paid to charges, prepaid charges absorbed included */
    OWED_LF_KEPT,             /* max(0, charges paid - Lp): band charges kept */
    OWED_LF_PRINCIPAL_PAID,
    OWED_LF_PREPAID,          /* prepaid charges still held */
    OWED_LF_REFUND,           /* refunds due */
    OWED_LF_REFUND_INTEREST,  /* interest the refunds earned to the day, applied or not */
    OWED_LF_OFFSET,           /* offset_received */
    OWED_LF_COUNT
} owed_lawful_figure;

/* A loan's lawful figures on a day something happened to it (a disbursement, a share of a
 * payment, an explicit charge, an extension) and on the last day, as a replay ending that
 * day would give them: what a ledger of the lawful view is built from (the statements'
 * lawful rows), without a replay per day. */
typedef struct owed_lawful_checkpoint {
    owed_date date;
    size_t loan;
    mpq_t fig[OWED_LF_COUNT];
} owed_lawful_checkpoint;

typedef struct owed_lawful {
    const owed_case *kase;     /* borrowed */
    const owed_regime *regime; /* borrowed */
    owed_date until;
    owed_date filing;          /* the filing date used for caps looked up at filing */
    int filing_is_as_of;       /* 1: the case gives no filing date; `until` was used */
    owed_lawful_loan *loans;
    size_t n_loans;
    owed_lawful_move *moves;   /* in the order the payments were applied; NULL and 0 when
                                  the replay was asked for none (owed_lawful_replay_parts) */
    size_t n_moves;
    /* The answers to the sample requests (owed_lawful_replay_sampled): for request k, the
     * balance by law of the loan asked (or of all loans) as a replay ending on the request's
     * day would give it.  NULL when none was asked. */
    mpq_t *samples;
    size_t n_samples;
    owed_lawful_checkpoint *checkpoints; /* by date, then loan index; NULL and 0 when the
                                            replay was asked for none
                                            (owed_lawful_replay_parts) */
    size_t n_checkpoints, cap_checkpoints;
    size_t loans_made;         /* results in loans[] whose numbers are all made (>= n_loans:
                                  a view made into an earlier one keeps the earlier's extra
                                  results for the next, owed_lawful_replay_into) */
    struct owed_lawful_store *store; /* the working state a replay made into this view
                                        keeps for the next (lawful.c); NULL for none */
} owed_lawful;

/* Replays the lawful view of `c` under `reg` up to `until`, reading K from `contract`,
 * which must be the contract replay of the same case to the same `until`.
 * On success *out is new (free with owed_lawful_free); on failure NULL and err set
 * (a cap that cannot be resolved, e.g. a table with no rate on the reference date). */
owed_status owed_lawful_replay(const owed_case *c, const owed_regime *reg,
                               const owed_replay *contract, owed_date until, owed_lawful **out,
                               owed_error *err);

/* The same, answering `n_req` sample requests (sample.h; sorted by date, none after
 * `until`) in out->samples. */
owed_status owed_lawful_replay_sampled(const owed_case *c, const owed_regime *reg,
                                       const owed_replay *contract, owed_date until,
                                       const owed_sample_request *req, size_t n_req,
                                       owed_lawful **out, owed_error *err);

/* The same, recording the checkpoints (what the statements' lawful rows and sheets show)
 * only when `checkpoints` is nonzero, and the moves only when `moves` is: a caller that
 * reads the loans' figures alone (owed batch) saves a peek at every loan on every day
 * something happens to it, and six rationals made and freed for each share of a payment.
 * Every other figure equals that of owed_lawful_replay_sampled, which records both. */
owed_status owed_lawful_replay_parts(const owed_case *c, const owed_regime *reg,
                                     const owed_replay *contract, owed_date until,
                                     const owed_sample_request *req, size_t n_req,
                                     int checkpoints, int moves, owed_lawful **out,
                                     owed_error *err);

/* owed_lawful_replay_parts made into `spare` (NULL, or a view an earlier replay made with
 * the allocator of the calling thread's scope, whatever its case), which it takes: every
 * figure is owed_lawful_replay_parts', with the loans' results and the replay's working
 * state (its store: lawful.c) set to 0 rather than made again, for a caller that replays
 * case after case (owed batch).  On failure the spare is freed with the rest. */
owed_status owed_lawful_replay_into(const owed_case *c, const owed_regime *reg,
                                    const owed_replay *contract, owed_date until,
                                    const owed_sample_request *req, size_t n_req,
                                    int checkpoints, int moves, owed_lawful *spare,
                                    owed_lawful **out, owed_error *err);

void owed_lawful_free(owed_lawful *l);

/* out = the refund due on the loan with its interest (refund + refund_interest). */
void owed_lawful_refund_total(mpq_t out, const owed_lawful_loan *l);

/* Checks the lawful view's invariants for every loan: Lp <= K_L and Lp <= C_enf (on capped
 * days); charges paid <= Lr; the principal outstanding is the basis less principal paid; no
 * prepaid charges held on a loan that owes no principal and whose charges are all paid;
 * payments are conserved:
 *     sum of payments = costs paid + charges paid + principal paid + refunds + prepaid held
 * over all loans.  OWED_E_SEMANTIC names the first that fails. */
owed_status owed_lawful_check(const owed_lawful *l, owed_error *err);

#endif
