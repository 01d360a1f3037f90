/* K_L, the agreed charges on the lawful principal (design 5, view 2, rule (c); lawful.h):
 * the contract's own terms applied to the principal as the lawful replay reduces it, not to
 * the nominal principal as the lender allocated payments.  Courts compute interest "按照实际
 * 借款数额" at the agreed rate (Civil Code art. 670); with no interest agreed there is none
 * (art. 680(2)), and where the agreement is unclear none either (art. 680(3); between
 * natural persons, and this program computes no market rate for others: the statement
 * says so). */
#include <config.h>

#include "lawful_impl.h"
#include "qsum.h"

#include "rate.h"

/* The kinds of charge a period limit may take (owed_period_limit); a fee charged by the day
 * or by the period is both a fee and a periodic fee. */
enum { LW_FEE = 1u, LW_PERIODIC_FEE = 2u, LW_LATE_FEE = 4u };

static void period_cut(lw_ctx *x, lw_loan *lw, unsigned kinds, mpq_t amount);

void lw_run_init(lw_run *r)
{
    mpq_init(r->last);
    r->n = 0;
}

void lw_run_clear(lw_run *r)
{
    mpq_clear(r->last);
}

void lw_run_pending(const lw_run *r, mpq_t out)
{
    if (r->n == 0)
        owed_q_zero(out);
    else if (r->n == 1)
        owed_q_set(out, r->last);
    else /* last is not 0 (run_add keeps no 0): the product in one step, without a copy */
        owed_q_mul_by(out, r->last, r->n, 1, 0);
}

static void period_start(lw_period *p)
{
    p->active = 0;
    p->before_due = 0;
    p->from = p->through = 0;
    p->day_year = -1;
    p->last_valid = 0;
    p->run.n = 0;
}

void lw_period_init(lw_period *p, int calendar)
{
    period_start(p);
    p->has_base = calendar;
    mpq_inits(p->sum, p->day_base, NULL);
    if (calendar)
        mpq_init(p->base);
    lw_run_init(&p->run);
}

void lw_period_reset(lw_period *p, int calendar)
{
    period_start(p);
    owed_q_zero(p->sum);
    owed_q_zero(p->day_base);
    owed_q_zero(p->run.last);
    if (p->has_base) {
        owed_q_zero(p->base);
    } else if (calendar) {
        mpq_init(p->base);
        p->has_base = 1;
    }
}

void lw_period_clear(lw_period *p)
{
    mpq_clears(p->sum, p->day_base, NULL);
    if (p->has_base)
        mpq_clear(p->base);
    lw_run_clear(&p->run);
}

/* out = a period's amount as it would be added now: its days' sum, or for calendar-month
 * accrual its whole months and stub days; rounded by the contract's own convention for
 * that rate when it has one, else by the regime's rule for lawful amounts.  Nothing
 * changes.  out must not be x->t3. */
void lw_period_amount(lw_ctx *x, const lw_loan *lw, const lw_period *p, owed_component comp,
                      mpq_t out)
{
    owed_q_zero(out);
    if (!p->active)
        return;
    const owed_loan *L = lw->loan;
    const owed_interest_terms *it = &L->interest;
    const owed_overdue_terms *ot = &L->overdue;
    const owed_accrual_convention *cv = comp == OWED_COMP_INTEREST ? &it->conv : &ot->conv;
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH) {
        if (comp == OWED_COMP_INTEREST)
            owed_rate_accrue_months(out, p->base, it->rate, it->per, p->from, p->through + 1);
        else
            owed_rate_accrue_months(out, p->base, ot->rate, ot->per, p->from, p->through + 1);
    } else {
        lw_run_pending(&p->run, out);
        owed_q_add_to(out, p->sum);
    }
    const owed_day_rule *dr = owed_regime_day_rule(x->reg);
    if (cv->has_rounding || dr->has_rounding) {
        const mpq_t *unit = cv->has_rounding ? (const mpq_t *)&cv->rounding_unit
                                             : (const mpq_t *)&dr->rounding_unit;
        owed_round_mode mode = cv->has_rounding ? cv->rounding : dr->rounding;
        owed_money_round(out, *unit, mode, &x->c->currency);
    }
}

void lw_agreed_flush(lw_ctx *x, lw_loan *lw)
{
    flush_period(x, lw, &lw->interest, OWED_COMP_INTEREST);
    flush_period(x, lw, &lw->penalty, OWED_COMP_PENALTY);
    run_settle(&lw->run_charges, lw->res->agreed_charges, x->t3);
    run_settle(&lw->run_costs, lw->res->costs_charged, x->t3);
}

/* lw_agreed_add for a charge of the period limit's `kinds` (0: none it could take).
 * `amount` may be cut (period_cut). */
static void agreed_add_kinds(lw_ctx *x, lw_loan *lw, owed_component comp, unsigned kinds,
                             mpq_t amount)
{
    lw_agreed_flush(x, lw);
    period_cut(x, lw, kinds, amount);
    if (comp != OWED_COMP_PRINCIPAL && owed_regime_limits_component(x->reg, comp, 0))
        owed_q_add_to(lw->res->limited_charges, amount);
    else if (comp != OWED_COMP_PRINCIPAL && owed_regime_counts_component(x->reg, comp))
        owed_q_add_to(lw->res->agreed_charges, amount);
    else
        owed_q_add_to(lw->res->costs_charged, amount);
}

void lw_agreed_add(lw_ctx *x, lw_loan *lw, owed_component comp, const mpq_t amount)
{
    owed_q_set(x->pl_amount, amount);
    agreed_add_kinds(x, lw, comp, comp == OWED_COMP_FEE ? LW_FEE : 0u, x->pl_amount);
}

/* out = a fee's money amount: fixed, or its share of the money lent (all the loan's
 * disbursements, art. 670, rather than the nominal principal; the nominal principal under a
 * regime whose principal basis is nominal): lw->fee_base. */
static void fee_amount(mpq_t out, int is_percent, const mpq_t amount, const lw_loan *lw)
{
    owed_fee_money(out, is_percent, amount, lw->fee_base);
}

/* ------------------------------------------------------------------ the period limit */


void lw_period_limit_amount(const owed_period_limit *pl, const mpq_t principal, mpq_t out)
{
    if (pl->has_share)
        owed_q_mul(out, pl->share, principal);
    if (pl->has_amount && (!pl->has_share || owed_q_cmp(pl->amount, out) < 0))
        owed_q_set(out, pl->amount);
}

/* Whether the regime's period limit takes charges of `kinds`. */
static int period_takes(const lw_ctx *x, unsigned kinds)
{
    const owed_period_limit *pl = owed_regime_period_limit(x->reg);
    return pl->present &&
           (((kinds & LW_FEE) && pl->fees) || ((kinds & LW_PERIODIC_FEE) && pl->periodic_fees) ||
            ((kinds & LW_LATE_FEE) && pl->late_fees));
}

/* x->pl_room = what is left of the period limit in the loan's month that holds today, and
 * 1; 0 when the regime's period limit does not take charges of `kinds` (or it has none).
 * *month receives the month's index, counted from the loan's first day. */
static int period_room(lw_ctx *x, const lw_loan *lw, unsigned kinds, long *month)
{
    const owed_period_limit *pl = owed_regime_period_limit(x->reg);
    if (!lw->started || !period_takes(x, kinds))
        return 0;
    long stub;
    *month = owed_whole_months(lw->first_day, x->today, &stub);
    lw_period_limit_amount(pl, lw->res->principal_basis, x->pl_room);
    if (*month == lw->pl_month)
        owed_q_sub_from(x->pl_room, lw->pl_used);
    if (mpq_sgn(x->pl_room) < 0)
        owed_q_zero(x->pl_room);
    return 1;
}

/* Cuts `amount`, an agreed charge of `kinds` falling today, to the room left under the
 * period limit in its month; the cut is counted in the loan's period_cut and the rest in
 * what the month has used.  Nothing happens for kinds the limit does not take. */
static void period_cut(lw_ctx *x, lw_loan *lw, unsigned kinds, mpq_t amount)
{
    long month;
    if (mpq_sgn(amount) <= 0 || !period_room(x, lw, kinds, &month))
        return;
    if (month != lw->pl_month) {
        lw->pl_month = month;
        owed_q_zero(lw->pl_used);
    }
    if (owed_q_cmp(amount, x->pl_room) > 0) {
        owed_q_diff(x->pl_room, amount, x->pl_room);
        owed_q_add_to(lw->res->period_cut, x->pl_room);
        owed_q_sub_from(amount, x->pl_room);
    }
    owed_q_add_to(lw->pl_used, amount);
}


void lw_agreed_pending_maturity(lw_ctx *x, const lw_loan *lw, mpq_t out)
{
    owed_q_zero(out);
    if (lw->maturity_done)
        return;
    const owed_loan *L = lw->loan;
    for (size_t i = 0; i < L->n_fees; i++)
        if (L->fees[i].at == OWED_FEE_MATURITY) {
            fee_amount(x->t3, L->fees[i].is_percent, L->fees[i].amount, lw);
            owed_q_add_to(out, x->t3);
        }
    long month;
    if (mpq_sgn(out) > 0 && period_room(x, lw, LW_FEE, &month) && owed_q_cmp(out, x->pl_room) > 0)
        owed_q_set(out, x->pl_room); /* what the period limit leaves of them */
}

void lw_agreed_charge_maturity(lw_ctx *x, lw_loan *lw)
{
    const owed_loan *L = lw->loan;
    lw->maturity_done = 1;
    for (size_t i = 0; i < L->n_fees; i++)
        if (L->fees[i].at == OWED_FEE_MATURITY) {
            fee_amount(x->t1, L->fees[i].is_percent, L->fees[i].amount, lw);
            lw_agreed_add(x, lw, OWED_COMP_FEE, x->t1);
        }
}

void lw_agreed_disbursement_fees(lw_ctx *x, lw_loan *lw)
{
    const owed_loan *L = lw->loan;
    for (size_t i = 0; i < L->n_fees; i++)
        if (L->fees[i].at == OWED_FEE_DISBURSEMENT) {
            fee_amount(x->t1, L->fees[i].is_percent, L->fees[i].amount, lw);
            lw_agreed_add(x, lw, OWED_COMP_FEE, x->t1);
        }
}

void lw_agreed_day_charges(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->started)
        return;
    if (day == lw->res->due && !lw->maturity_done)
        lw_agreed_charge_maturity(x, lw);
    for (size_t i = 0; i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at != OWED_FEE_PER_PERIOD || f->period_days <= 0)
            continue;
        if ((day - lw->first_day) % f->period_days != 0 || mpq_sgn(lw->res->principal) <= 0)
            continue;
        if (day >= lw->res->due && !f->until_repaid)
            continue;
        fee_amount(x->pl_amount, f->is_percent, f->amount, lw);
        agreed_add_kinds(x, lw, OWED_COMP_FEE, LW_FEE | LW_PERIODIC_FEE, x->pl_amount);
    }
}

void lw_agreed_late_fees_once(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->started || day < lw->res->due + owed_loan_grace_days(L) ||
        mpq_sgn(lw->res->principal) <= 0)
        return;
    for (size_t i = 0; i < L->n_late_fees; i++) {
        const owed_late_fee *f = &L->late_fees[i];
        if (f->daily || lw->late_once_done[i])
            continue;
        lw->late_once_done[i] = 1;
        fee_amount(x->pl_amount, f->is_percent, f->amount, lw);
        if (owed_regime_limits_component(x->reg, OWED_COMP_FEE, 1)) {
            lw_agreed_flush(x, lw);
            period_cut(x, lw, LW_LATE_FEE, x->pl_amount);
            owed_q_add_to(lw->res->limited_charges, x->pl_amount);
        } else {
            agreed_add_kinds(x, lw, OWED_COMP_FEE, LW_LATE_FEE, x->pl_amount);
        }
    }
}

void lw_agreed_day_boundaries(lw_ctx *x, lw_loan *lw, owed_date day)
{
    if (!lw->started)
        return;
    owed_date due = lw->res->due;
    if (day == due || day == due + owed_loan_grace_days(lw->loan)) {
        flush_period(x, lw, &lw->interest, OWED_COMP_INTEREST);
        flush_period(x, lw, &lw->penalty, OWED_COMP_PENALTY);
    }
}

/* Adds one day's amount of a daily fee to `limited` (K_O: kinds the regime's charge limit
 * takes out of the rate caps, `late`: a late fee), or to the day's charges or costs. */
static void sort_fee(lw_ctx *x, owed_component comp, int late, const mpq_t amount,
                     mpq_t limited)
{
    if (owed_regime_limits_component(x->reg, comp, late))
        owed_q_add_to(limited, amount);
    else if (owed_regime_counts_component(x->reg, comp))
        owed_q_add_to(x->day_charges, amount);
    else
        owed_q_add_to(x->day_costs, amount);
}

/* Adds one day's amount of a daily fee to the run of charges or of costs, or, for kinds
 * the regime's charge limit takes out of the rate caps (`late`: a late fee), to K_O. */
static void accrue(lw_ctx *x, lw_loan *lw, owed_component comp, int late, mpq_t amount)
{
    period_cut(x, lw, late ? LW_LATE_FEE : LW_FEE | LW_PERIODIC_FEE, amount);
    sort_fee(x, comp, late, amount, lw->res->limited_charges);
}

void lw_agreed_accrue_fees(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    owed_lawful_loan *l = lw->res;
    if (!lw_accrues(lw))
        return;
    owed_date due = l->due;
    owed_date overdue_from = due + owed_loan_grace_days(L);
    owed_q_zero(x->day_charges);
    owed_q_zero(x->day_costs);
    for (size_t i = 0; i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at != OWED_FEE_PER_DAY || (day >= due && !f->until_repaid))
            continue;
        fee_amount(x->t1, f->is_percent, f->amount, lw);
        accrue(x, lw, OWED_COMP_FEE, 0, x->t1);
    }
    if (day >= overdue_from)
        for (size_t i = 0; i < L->n_late_fees; i++) {
            const owed_late_fee *f = &L->late_fees[i];
            if (!f->daily)
                continue;
            fee_amount(x->t1, f->is_percent, f->amount, lw);
            accrue(x, lw, OWED_COMP_FEE, 1, x->t1);
        }
    run_add(&lw->run_charges, x->day_charges, l->agreed_charges, x->t3);
    run_add(&lw->run_costs, x->day_costs, l->costs_charged, x->t3);
}

/* ------------------------------------------------------------------ plain days */

/* Plain days (lawful.c, plain_days): on a plain day `day` a loan's agreed rates and daily
 * fees take what the day loop above would take, computed without changing anything:
 * whether each run repeats the amount of the day before (period_add's and run_add's first
 * branch: the same base and year length; the same day's charges and costs), and what the
 * day adds to K_O.  A daily fee the period limit takes, a rate accrued by calendar month
 * and a one-off late fee not charged yet make no day plain. */

/* The days' fees of lw_agreed_repeats and lw_agreed_take_days (inline, lawful_impl.h, with
 * the rates' part of plain days). */
int lw_agreed_day_fees(lw_ctx *x, const lw_loan *lw, owed_date day, mpq_t limited)
{
    const owed_loan *L = lw->loan;
    owed_q_zero(x->day_charges);
    owed_q_zero(x->day_costs);
    owed_q_zero(limited);
    for (size_t i = 0; i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at != OWED_FEE_PER_DAY || (day >= lw->res->due && !f->until_repaid))
            continue;
        if (period_takes(x, LW_FEE | LW_PERIODIC_FEE))
            return 0;
        fee_amount(x->t1, f->is_percent, f->amount, lw);
        sort_fee(x, OWED_COMP_FEE, 0, x->t1, limited);
    }
    if (day < lw->res->due + owed_loan_grace_days(L))
        return 1;
    for (size_t i = 0; i < L->n_late_fees; i++) {
        const owed_late_fee *f = &L->late_fees[i];
        if (!f->daily)
            continue;
        if (period_takes(x, LW_LATE_FEE))
            return 0;
        fee_amount(x->t1, f->is_percent, f->amount, lw);
        sort_fee(x, OWED_COMP_FEE, 1, x->t1, limited);
    }
    return 1;
}

