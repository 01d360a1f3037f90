/* K_L, the agreed charges on the lawful principal (design 5, view 2, rule (c); lawful.h):
 * the contract's own terms applied to the principal as the lawful replay reduces it, not to
 * the nominal principal as the lender allocated payments.  Courts compute interest "按照实际
 * 借款数额" at the agreed rate (Civil Code art. 670); with no interest agreed there is none
 * (art. 680(2)), and where the agreement is unclear none either (art. 680(3); between
 * natural persons, and this program computes no market rate for others: the statement
 * says so). */
#include <config.h>

#include "lawful_impl.h"

#include "rate.h"

void lw_run_init(lw_run *r)
{
    mpq_init(r->last);
    r->n = 0;
}

void lw_run_clear(lw_run *r)
{
    mpq_clear(r->last);
}

/* target += last x n; n = 0. */
static void run_settle(lw_run *r, mpq_t target, mpq_t tmp)
{
    if (r->n == 0)
        return;
    mpq_set(tmp, r->last);
    if (r->n > 1) {
        mpz_mul_ui(mpq_numref(tmp), mpq_numref(tmp), r->n);
        mpq_canonicalize(tmp);
    }
    mpq_add(target, target, tmp);
    r->n = 0;
}

static void run_add(lw_run *r, const mpq_t amount, mpq_t target, mpq_t tmp)
{
    if (mpq_sgn(amount) == 0)
        return;
    if (r->n > 0 && mpq_equal(r->last, amount)) {
        r->n++;
        return;
    }
    run_settle(r, target, tmp);
    mpq_set(r->last, amount);
    r->n = 1;
}

void lw_agreed_flush(lw_ctx *x, lw_loan *lw)
{
    run_settle(&lw->run_charges, lw->res->agreed_charges, x->t3);
    run_settle(&lw->run_costs, lw->res->costs_charged, x->t3);
}

void lw_agreed_add(lw_ctx *x, lw_loan *lw, owed_component comp, const mpq_t amount)
{
    lw_agreed_flush(x, lw);
    if (comp != OWED_COMP_PRINCIPAL && owed_regime_counts_component(x->reg, comp))
        mpq_add(lw->res->agreed_charges, lw->res->agreed_charges, amount);
    else
        mpq_add(lw->res->costs_charged, lw->res->costs_charged, amount);
}

/* out = a fee's money amount: fixed, or its share of the money lent (all the loan's
 * disbursements, art. 670, rather than the nominal principal; the nominal principal under a
 * regime whose principal basis is nominal): lw->fee_base. */
static void fee_amount(mpq_t out, int is_percent, const mpq_t amount, const lw_loan *lw)
{
    if (is_percent)
        mpq_mul(out, amount, lw->fee_base);
    else
        mpq_set(out, amount);
}

static int grace_days(const owed_loan *L)
{
    return L->overdue.present ? L->overdue.grace_days : 0;
}

void lw_agreed_pending_maturity(lw_ctx *x, const lw_loan *lw, mpq_t out)
{
    mpq_set_ui(out, 0, 1);
    if (lw->maturity_done)
        return;
    const owed_loan *L = lw->loan;
    for (size_t i = 0; i < L->n_fees; i++)
        if (L->fees[i].at == OWED_FEE_MATURITY) {
            fee_amount(x->t3, L->fees[i].is_percent, L->fees[i].amount, lw);
            mpq_add(out, out, x->t3);
        }
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
        fee_amount(x->t1, f->is_percent, f->amount, lw);
        lw_agreed_add(x, lw, OWED_COMP_FEE, x->t1);
    }
}

void lw_agreed_late_fees_once(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->started || day < lw->res->due + grace_days(L) || mpq_sgn(lw->res->principal) <= 0)
        return;
    for (size_t i = 0; i < L->n_late_fees; i++) {
        const owed_late_fee *f = &L->late_fees[i];
        if (f->daily || lw->late_once_done[i])
            continue;
        lw->late_once_done[i] = 1;
        fee_amount(x->t1, f->is_percent, f->amount, lw);
        lw_agreed_add(x, lw, OWED_COMP_FEE, x->t1);
    }
}

/* Adds one day's amount of a component to the run of charges or of costs. */
static void accrue(lw_ctx *x, owed_component comp, const mpq_t amount)
{
    if (owed_regime_counts_component(x->reg, comp))
        mpq_add(x->day_charges, x->day_charges, amount);
    else
        mpq_add(x->day_costs, x->day_costs, amount);
}

void lw_agreed_accrue_day(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    owed_lawful_loan *l = lw->res;
    if (!lw->started || mpq_sgn(l->principal) <= 0)
        return;
    owed_date due = l->due;
    owed_date overdue_from = due + grace_days(L);
    mpq_set_ui(x->day_charges, 0, 1);
    mpq_set_ui(x->day_costs, 0, 1);
    if (L->interest.present && (day < due || !L->interest.stops_at_due)) {
        owed_rate_accrue(x->t1, l->principal, L->interest.rate, L->interest.per,
                         L->interest.basis, day, day + 1);
        accrue(x, OWED_COMP_INTEREST, x->t1);
        if (day < due)
            mpq_add(lw->interest_before_due, lw->interest_before_due, x->t1);
    }
    if (L->overdue.present && day >= overdue_from) {
        mpq_set(x->t2, l->principal);
        if (L->overdue.on == OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST) {
            /* the agreed interest of the term still unpaid: interest comes before the other
               charges here, so charges paid are counted against it first */
            mpq_sub(x->t1, lw->interest_before_due, l->charges_paid);
            if (mpq_sgn(x->t1) > 0)
                mpq_add(x->t2, x->t2, x->t1);
        }
        owed_rate_accrue(x->t1, x->t2, L->overdue.rate, L->overdue.per, L->overdue.basis, day,
                         day + 1);
        accrue(x, OWED_COMP_PENALTY, x->t1);
    }
    for (size_t i = 0; i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at != OWED_FEE_PER_DAY || (day >= due && !f->until_repaid))
            continue;
        fee_amount(x->t1, f->is_percent, f->amount, lw);
        accrue(x, OWED_COMP_FEE, x->t1);
    }
    if (day >= overdue_from)
        for (size_t i = 0; i < L->n_late_fees; i++) {
            const owed_late_fee *f = &L->late_fees[i];
            if (!f->daily)
                continue;
            fee_amount(x->t1, f->is_percent, f->amount, lw);
            accrue(x, OWED_COMP_FEE, x->t1);
        }
    run_add(&lw->run_charges, x->day_charges, l->agreed_charges, x->t3);
    run_add(&lw->run_costs, x->day_costs, l->costs_charged, x->t3);
}
