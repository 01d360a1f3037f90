/* Internal to the lawful replay (lawful.c: the walk, caps and payments; lawful_agreed.c:
 * the agreed charges on the lawful principal, K_L).  Not part of any public interface. */
#ifndef OWED_LAWFUL_IMPL_H
#define OWED_LAWFUL_IMPL_H

#include <gmp.h>

#include "allocate.h"
#include "lawful.h"
#include "qsum.h"
#include "rate.h"

/* Amounts accruing by the day, not yet added: the days at the end of the run that accrued
 * the same amount are counted (`last` x `n`), so that a long run costs one multiplication
 * instead of one addition a day. */
typedef struct lw_run {
    mpq_t last;
    unsigned long n;
} lw_run;

/* One agreed rate's period not yet added to K_L (interest or overdue interest): the days
 * [from, through], their exact sum (day accrual) or the period's base (calendar-month
 * accrual).  A period ends at every event of the loan, at its due date and at the end of
 * grace; its amount is rounded as the conventions say when it is added. */
typedef struct lw_period {
    int active;
    int before_due;
    owed_date from, through;
    mpq_t sum;
    mpq_t base;     /* calendar-month accrual only (has_base: initialised) */
    int has_base;
    lw_run run;
    mpq_t day_base; /* day accrual: the base and year length run.last was computed for */
    int day_year;
    int last_valid; /* 1: run.last is the amount of a day on day_base and day_year, also
                       after the period ended (run.n 0), so that the next period on the same
                       base starts without computing it */
} lw_period;

typedef struct lw_loan {
    const owed_loan *loan;
    owed_lawful_loan *res;
    size_t disb_next;
    int started;
    int touched;        /* something happened to the loan today: a checkpoint is due */
    owed_date first_day;
    int keeps_start_of_day; /* 1: some cap period of the regime counts both ends of an
                               interval, the one count that reads start_of_day */
    /* The numbers of the kinds a loan or its regime may not use are read and written only
       when they do (they are made for any loan: slot_make, lawful.c): interest_before_due
       when the overdue rate runs on principal and interest (overdue_base), tier and
       view_tier when some cap period has a principal range (views_by_tier), pl_used under a
       period limit, run_charges and run_costs for a loan with fees charged by the day. */
    int keeps_before_due, keeps_tier, keeps_pl_used, keeps_runs;
    /* Cap accruals not yet added: days with the same base and rates are summed as one
     * factor (the sum of 1 / year length over the days) and added at once. */
    int pend_active;
    mpq_t pend_base, pend_enf, pend_ret, pend_days;
    int pend_year;              /* pend_days is pend_days + pend_count / pend_year: the days */
    unsigned long pend_count;   /* of one year length counted, not added (no gcd a day) */
    /* The cap view of the loan (owed_regime_cap_on), valid on the days [view_from,
       view_until) (owed_regime_view_until) while the loan's tier principal and overdue
       state stay those it was resolved for, with its rates: the enforceable one lowered to
       the claim's own rate when that is lower (view_claim_bound).  Resolving it is most of
       a day's work on long cases; it changes only at breakpoints. */
    int view_valid, view_capped, view_claim_bound;
    owed_date view_from, view_until;
    int view_overdue;           /* the selection it was resolved for (owed_cap_select) */
    /* owed_cap_view view: the last field */
    mpq_t view_enf, view_ret;
    /* The view's rates when it is capped (view_rates, lawful.c): each the limit of a band of
       the view itself, read where it is, or view_enf (the claim's rate, or 0) and view_ret
       (0); read only while the view is valid and capped */
    mpq_srcptr rate_enf, rate_ret;
    /* Comparisons of rates without their numbers: view_gen counts the view's resolutions
       (its rates change at none other, from 1 at the first); pend_gen and seg_gen are the
       resolution whose rates the pending caps and the last (capped) segment were last
       found to have, 0 for none; tier_gen counts the settings of `tier`, view_tier_gen is
       the one the view was resolved for or last found equal to.  Equal counts mean equal
       rates; different ones are compared (and noted when equal). */
    unsigned long view_gen, pend_gen, seg_gen, tier_gen, view_tier_gen;
    int pend_same;              /* 1: pend_enf = pend_ret (one product for both caps) */
    /* While caps_summed (set only where the regime rounds no period's cap), the caps are
       caps_sum / caps_year x pend_enf and x pend_ret: caps_sum is the sum of the base x
       days of the flushes since the caps were 0 (all at these rates, of days of the one
       year length caps_year), and a flush adds to it and multiplies it once per cap
       (flush_caps, lawful.c) rather than adding two products to the caps.  The rates or
       the year length changing (or caps that were not 0) end it.  caps_sum: with the
       numbers kept, below. */
    int caps_summed, caps_year;
    int maturity_done;
    int *late_once_done;         /* per late fee */
    const owed_claim *claim_rate; /* the claim with the lowest own rate covering the loan, or
                                     NULL */
    owed_date last_advance;      /* the day of the loan's last advance so far */
    /* The loan's own next day that may not be plain (next_change), as found on a day
       before own_next: the same for every day before it until a disbursement, an extension
       or a new cap view changes what it depends on (own_next_valid 0 then). */
    int own_next_valid;
    owed_date own_next;
    long pl_month;               /* the period limit's month (from first_day) pl_used is of,
                                    -1 before the first charge it took */
    int agreed_both_ends;        /* 1: an agreed rate counts both end days (accrued before
                                    the day's payments) */
    int has_late_once;           /* 1: the loan has a late fee charged once */
    int has_period_fees;         /* 1: the loan has a fee charged each period */
    /* The loan's burden in the store's split (split_across), as owed_burden last made it:
       its terms (owed_burden_terms_of), what one day's cost depends on; burden_known 0
       until it is made in this replay (owed_burden_kept). */
    int burden_known;
    owed_burden_terms burden;
    /* The loan's cap view and its spare (owed_regime_cap_for_kept): two of `views`, set at
       each replay (slot_make, slot_reset), the views themselves kept: a loan formed before
       a cap period's end resolves two periods in turn, and the next loan of the slot the
       same two again. */
    owed_cap_view *view, *spare_view;
    /* The numbers a slot keeps from one loan to the next (slot_reset, lawful.c: set to 0
       rather than made again), after every field it clears. */
    mpq_t start_of_day; /* principal after the day's disbursements, before its payments;
                           kept only when keeps_start_of_day */
    mpq_t view_tier;             /* the tier principal the view was resolved for */
    mpq_t caps_sum;              /* (caps_summed) */
    /* K_L not yet added: the agreed rates' periods, daily fees counted by the regime as
       charges, and those it counts as costs */
    lw_period interest, penalty;
    lw_run run_charges, run_costs;
    mpq_t interest_before_due;   /* agreed interest on days before the due date (K_L part) */
    mpq_t fee_base;              /* what a fee stated as a share of principal is a share of */
    mpq_t k_prepaid_interest;    /* interest withheld in advance that the contract's interest
                                    accruals have not yet used up (K counts it once) */
    mpq_t tier;                  /* the tier principal (owed_tier_rule), measured at each
                                    advance; meaningful once started */
    mpq_t pl_used;               /* what that month's charges took of the period limit */
    /* Last, so that what comes before it is cleared without its bands (owed_cap_view_init
       clears them). */
    owed_cap_view views[2];
} lw_loan;

typedef struct lw_ctx {
    const owed_case *c;
    const owed_regime *reg;
    const owed_ledger *ledger;
    size_t cursor;
    owed_lawful *out;
    lw_loan *w;
    owed_error *err;
    mpq_t t1, t2, t3;
    struct owed_lawful_store *st; /* the store the working state is kept in (lawful.c) */
    long max_digits;              /* the limit of a denominator's digits (check_digits) */
    int split_ready;              /* the store's split is made for this case: split_across's,
                                     readied at the first payment split (most replays have
                                     none) */
    mpq_t day_charges, day_costs; /* lw_agreed_accrue_fees's sums */
    mpq_t base;                   /* lw_agreed_accrue_rates's overdue base */
    mpq_t amount;                 /* a period's amount (lw_period_amount) */
    const owed_sample_request *req; /* sample requests, sorted by date */
    size_t n_req, next_req;
    mpq_t tier_floor;             /* step="down-only" with measure="outstanding": the highest
                                     tier principal measured so far in the case */
    owed_date today;              /* the day the walk is on */
    mpq_t pl_room, pl_amount;     /* the period limit's room, a charge it may cut
                                     (lawful_agreed.c) */
    /* scratch of the sampling (lawful.c), one pair per level so that none clobbers its
       caller's: peek_lines's K_L and C_enf, peek_balance's lines, the sample loop's balance */
    mpq_t peek_k, peek_cap, peek_lp, peek_costs, sample_b;
    mpq_t pay_left;               /* scratch of apply_payment: what is left to apply */
    mpq_t payoff_k;               /* scratch of payoff: K_L with the maturity fees */
    mpq_t release_left;           /* scratch of release_prepaid: what goes to a refund */
    int new_year_stops;           /* 1: a day's amounts may change on 1 January (next_change) */
    /* K's rules (absorb), read once: the components the regime counts as charges (bit per
       owed_component), whether it counts withheld amounts (charge rule), and whether a
       withheld posting adds to K (counted, on the money delivered) */
    unsigned k_counts;
    int k_rule_withheld, k_withheld;
    int views_by_overdue;         /* 1: some cap period selects days by the due date, */
    int views_by_tier;            /* by a tier principal: else a loan's cap view depends on
                                     neither (owed_regime_cap_for selects by nothing else) */
    int checkpoints;              /* 1: record the checkpoints (owed_lawful_replay_parts) */
    int moves;                    /* 1: record the moves (owed_lawful_replay_parts); 0: every
                                     move is `scratch_move`, which nothing reads */
    owed_lawful_move scratch_move; /* without moves: its event, loan and allocation only; its
                                      amounts are not initialised, and nothing writes them
                                      (kept_part) */
    /* what the day loop (lawful.c's run) does for no loan on most days, read once: the
       first day a loan has money delivered on (next_delivery), whether some loan keeps its
       principal at the start of the day, has a late fee charged once, and whether the
       regime sets overpayments against later advances */
    owed_date next_delivery;
    int keeps_start_of_day, any_late_once, overpayments_to_advances;
} lw_ctx;

void lw_run_init(lw_run *r);
void lw_run_clear(lw_run *r);
/* out = what the run has not added yet (last x n). */
void lw_run_pending(const lw_run *r, mpq_t out);

/* Adds the pending agreed charges of the loan to its K_L and costs. */
void lw_agreed_flush(lw_ctx *x, lw_loan *lw);

/* `calendar`: the rate accrues by calendar month (the one accrual that reads p->base). */
void lw_period_init(lw_period *p, int calendar);
/* lw_period_init for a period that lw_period_init made (its numbers kept, set to 0). */
void lw_period_reset(lw_period *p, int calendar);
void lw_period_clear(lw_period *p);
/* out = the period's amount as it would be added to K_L now (rounded; nothing changes);
 * out must not be x->t3. */
void lw_period_amount(lw_ctx *x, const lw_loan *lw, const lw_period *p, owed_component comp,
                      mpq_t out);

/* The day's agreed interest and overdue interest of one started loan on the lawful
 * principal, for the rates whose days are counted by `count` (as the contract replay
 * counts: first-not-last after the day's payments and not on `until`; both ends before
 * them, every day); and the day's daily fees and daily late fees (after the payments). */
static inline void lw_agreed_accrue_rates(lw_ctx *x, lw_loan *lw, owed_date day,
                                          owed_day_count count); /* below */
void lw_agreed_accrue_fees(lw_ctx *x, lw_loan *lw, owed_date day);

/* Ends the agreed rates' periods at the due date and at the end of grace (called once a day,
 * before the day's payments). */
void lw_agreed_day_boundaries(lw_ctx *x, lw_loan *lw, owed_date day);

/* Fees due at disbursement, charged when the first disbursement is made (fees withheld
 * up front are not charges: they were never lent, lawful.h (b)). */
void lw_agreed_disbursement_fees(lw_ctx *x, lw_loan *lw);

/* Agreed charges falling due on `day` before the day's payments: maturity fees on the due
 * date in force, period fees.  And, after the day's payments, one-off late fees. */
void lw_agreed_day_charges(lw_ctx *x, lw_loan *lw, owed_date day);
void lw_agreed_late_fees_once(lw_ctx *x, lw_loan *lw, owed_date day);

/* out = the maturity fees not charged yet; charges them into K_L (lw_agreed_charge_maturity). */
void lw_agreed_pending_maturity(lw_ctx *x, const lw_loan *lw, mpq_t out);
void lw_agreed_charge_maturity(lw_ctx *x, lw_loan *lw);

/* out = the period limit's amount a month for a loan whose money lent is `principal`: the
 * lesser of its amount and its share of the principal (owed_period_limit). */
void lw_period_limit_amount(const owed_period_limit *pl, const mpq_t principal, mpq_t out);

/* Whether the loan accrues: started, with lawful principal outstanding.  One that does not
 * takes nothing by the day (lw_agreed_accrue_rates, lw_agreed_accrue_fees,
 * lw_agreed_repeats: it repeats, lw_agreed_take_days), so the day loop calls them only for
 * one that does. */
static inline int lw_accrues(const lw_loan *lw)
{
    return lw->started && mpq_sgn(lw->res->principal) > 0;
}

/* Plain days (lawful.c, plain_days).  Whether the loan's agreed rates and daily fees take,
 * on the plain day `day`, what they took the day before (or nothing); x->t1, x->t2, x->base,
 * x->day_charges and x->day_costs are overwritten.  And, when they do, adds the plain days
 * from .. last to them as lw_agreed_accrue_rates and lw_agreed_accrue_fees would have, one
 * by one. */
static inline int lw_agreed_repeats(lw_ctx *x, const lw_loan *lw, owed_date day);
static inline void lw_agreed_take_days(lw_ctx *x, lw_loan *lw, owed_date from,
                                       owed_date last);
/* x->day_charges, x->day_costs and `limited` = what the loan's daily fees and daily late
 * fees take on `day` (lw_agreed_accrue_fees, nothing changed).  Returns 0 when the period
 * limit takes one of them (its room changes from day to day). */
int lw_agreed_day_fees(lw_ctx *x, const lw_loan *lw, owed_date day, mpq_t limited);

/* Adds `amount` of component `comp` to K_L, or to the costs when the regime does not count
 * the component as a charge. */
void lw_agreed_add(lw_ctx *x, lw_loan *lw, owed_component comp, const mpq_t amount);

/* ------------------------------------------------------------------ inline
 * The day loop's calls for each accruing loan (lawful.c's run: lw_agreed_accrue_rates on
 * every day it walks, lw_agreed_repeats and lw_agreed_take_days at each run of plain days)
 * and what they use, inline: some 28,000 calls on a book of 2,000 loans. */

/* target += last x n; n = 0. */
static inline void run_settle(lw_run *r, mpq_t target, mpq_t tmp)
{
    if (r->n == 0)
        return;
    if (r->n == 1) {
        owed_q_add_to(target, r->last);
    } else {
        owed_q_mul_by(tmp, r->last, r->n, 1, 0);
        owed_q_add_to(target, tmp);
    }
    r->n = 0;
}

static inline void run_add(lw_run *r, const mpq_t amount, mpq_t target, mpq_t tmp)
{
    if (mpq_sgn(amount) == 0)
        return;
    if (r->n > 0 && owed_q_equal(r->last, amount)) {
        r->n++;
        return;
    }
    run_settle(r, target, tmp);
    owed_q_set(r->last, amount);
    r->n = 1;
}

/* Adds a period's amount (lw_period_amount) to K_L, or to the costs when the regime does not
 * count the component. */
static inline void flush_period(lw_ctx *x, lw_loan *lw, lw_period *p, owed_component comp)
{
    if (!p->active)
        return;
    lw_period_amount(x, lw, p, comp, x->amount);
    if (comp == OWED_COMP_INTEREST && p->before_due && lw->keeps_before_due)
        owed_q_add_to(lw->interest_before_due, x->amount);
    if (owed_regime_limits_component(x->reg, comp, 0))
        owed_q_add_to(lw->res->limited_charges, x->amount);
    else if (owed_regime_counts_component(x->reg, comp))
        owed_q_add_to(lw->res->agreed_charges, x->amount);
    else
        owed_q_add_to(lw->res->costs_charged, x->amount);
    owed_q_zero(p->sum);
    p->run.n = 0;
    p->active = 0;
}

/* Adds one day on `base` to a rate's period: the day's amount, or for calendar-month accrual
 * the day itself; a new base (a calendar-month period's base changes only at events, which
 * end periods; this is a safeguard) ends the period first. */
static inline void period_add(lw_ctx *x, lw_loan *lw, lw_period *p, owed_component comp,
                              owed_date day, const mpq_t base, const mpq_t rate,
                              owed_rate_period per, owed_day_basis basis,
                              const owed_accrual_convention *cv)
{
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH && p->active && !owed_q_equal(p->base, base))
        flush_period(x, lw, p, comp);
    if (!p->active) {
        p->active = 1;
        p->from = day;
        p->before_due = day < lw->res->due;
        if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH) /* read by no other accrual */
            owed_q_set(p->base, base);
    }
    p->through = day;
    if (cv->accrual == OWED_ACCRUE_DAY) {
        int year = per == OWED_PER_DAY ? 0 : owed_basis_year_length(basis, day);
        if (p->last_valid && p->day_year == year && owed_q_equal(p->day_base, base)) {
            /* the same amount as the last day added, in this period or (a period that
               starts again on the same base) the one before: run_add would set it again */
            p->run.n++;
            return;
        }
        owed_rate_accrue(x->t1, base, rate, per, basis, day, day + 1);
        run_add(&p->run, x->t1, p->sum, x->t3);
        owed_q_set(p->day_base, base);
        p->day_year = year;
        p->last_valid = mpq_sgn(x->t1) != 0; /* run_add keeps no amount of 0 */
    }
}

/* Whether the agreed interest, and the overdue interest, accrue on `day` (on a loan with
 * principal outstanding). */
static inline int interest_accrues(const lw_loan *lw, owed_date day)
{
    const owed_interest_terms *it = &lw->loan->interest;
    return it->present && (day < lw->res->due || !it->stops_at_due);
}

static inline int penalty_accrues(const lw_loan *lw, owed_date day)
{
    return lw->loan->overdue.present && day >= lw->res->due + owed_loan_grace_days(lw->loan);
}

/* The base of the overdue interest: the lawful principal, and the agreed interest of the
 * term still unpaid when the contract says so (interest comes before the other charges
 * here, so charges paid are counted against it first).  That is the principal itself
 * (read, not copied) unless such interest is added, in x->base. */
static inline mpq_srcptr overdue_base(lw_ctx *x, const lw_loan *lw)
{
    mpq_srcptr principal = lw->res->principal;
    if (lw->loan->overdue.on != OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST)
        return principal;
    owed_q_diff(x->t1, lw->interest_before_due, lw->res->charges_paid);
    if (mpq_sgn(x->t1) <= 0)
        return principal;
    owed_q_set(x->base, principal);
    owed_q_add_to(x->base, x->t1);
    return x->base;
}

static inline void lw_agreed_accrue_rates(lw_ctx *x, lw_loan *lw, owed_date day,
                                          owed_day_count count)
{
    const owed_loan *L = lw->loan;
    owed_lawful_loan *l = lw->res;
    if (!lw_accrues(lw))
        return;
    if (L->interest.conv.count == count && interest_accrues(lw, day))
        period_add(x, lw, &lw->interest, OWED_COMP_INTEREST, day, l->principal,
                   L->interest.rate, L->interest.per, L->interest.basis, &L->interest.conv);
    if (L->overdue.conv.count == count && penalty_accrues(lw, day)) {
        period_add(x, lw, &lw->penalty, OWED_COMP_PENALTY, day, overdue_base(x, lw),
                   L->overdue.rate, L->overdue.per, L->overdue.basis, &L->overdue.conv);
    }
}

/* Whether a rate's period takes, on `day`, the amount of the day before. */
static inline int period_repeats(const lw_period *p, const mpq_t base, owed_rate_period per,
                          owed_day_basis basis, const owed_accrual_convention *cv,
                          owed_date day)
{
    if (cv->accrual != OWED_ACCRUE_DAY)
        return 0;
    int year = per == OWED_PER_DAY ? 0 : owed_basis_year_length(basis, day);
    return p->run.n > 0 && p->day_year == year && owed_q_equal(p->day_base, base);
}

static inline int run_repeats(const lw_run *r, const mpq_t amount)
{
    return mpq_sgn(amount) == 0 || (r->n > 0 && owed_q_equal(r->last, amount));
}

static inline int lw_agreed_repeats(lw_ctx *x, const lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw_accrues(lw))
        return 1;
    if (interest_accrues(lw, day) &&
        !period_repeats(&lw->interest, lw->res->principal, L->interest.per, L->interest.basis,
                        &L->interest.conv, day))
        return 0;
    if (penalty_accrues(lw, day)) {
        if (!period_repeats(&lw->penalty, overdue_base(x, lw), L->overdue.per, L->overdue.basis,
                            &L->overdue.conv, day))
            return 0;
    }
    if (lw->has_late_once && day >= lw->res->due + owed_loan_grace_days(L))
        for (size_t i = 0; i < L->n_late_fees; i++)
            if (!L->late_fees[i].daily && !lw->late_once_done[i])
                return 0;
    if (!lw->keeps_runs)
        return 1; /* no fee by the day: day_fees would take nothing */
    return lw_agreed_day_fees(x, lw, day, x->t2) &&
           run_repeats(&lw->run_charges, x->day_charges) &&
           run_repeats(&lw->run_costs, x->day_costs);
}

/* A repeating rate's period takes the days up to `last`, k of them. */
static inline void period_take(lw_period *p, owed_date last, unsigned long k)
{
    p->run.n += k;
    p->through = last;
}

static inline void lw_agreed_take_days(lw_ctx *x, lw_loan *lw, owed_date from,
                                       owed_date last)
{
    if (!lw_accrues(lw))
        return;
    unsigned long k = (unsigned long)(last - from + 1);
    if (interest_accrues(lw, from))
        period_take(&lw->interest, last, k);
    if (penalty_accrues(lw, from))
        period_take(&lw->penalty, last, k);
    if (!lw->keeps_runs)
        return; /* no fee by the day */
    lw_agreed_day_fees(x, lw, from, x->t2);
    if (mpq_sgn(x->day_charges) != 0)
        lw->run_charges.n += k;
    if (mpq_sgn(x->day_costs) != 0)
        lw->run_costs.n += k;
    if (mpq_sgn(x->t2) != 0) {
        /* K_O += the days' amounts: their sum, exactly */
        owed_q_mul_ui(x->t2, k);
        owed_q_add_to(lw->res->limited_charges, x->t2);
    }
}

#endif
