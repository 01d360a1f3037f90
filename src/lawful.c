/* Lawful replay (see lawful.h for the rules).  A day-by-day walk like the contract replay,
 * reading the contract's charges K from its ledger with a cursor that stops at each payment
 * so that K is exactly what the contract had charged when the payment was made. */
#include <config.h>

#include "lawful.h"

#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "i18n.h"
#include "owed_limits.h"

typedef struct lw_loan {
    const owed_loan *loan;
    owed_lawful_loan *res;
    size_t disb_next;
    int started;
    mpq_t start_of_day; /* principal after the day's disbursements, before its payments */
    /* Cap accruals not yet added: days with the same base and rates are summed as one
     * factor (the sum of 1 / year length over the days) and added at once, exactly as the
     * days one by one would add them, so that a long run of days costs one multiplication
     * of the base, which may have grown long over many payments, instead of one a day. */
    int pend_active;
    mpq_t pend_base, pend_enf, pend_ret, pend_days;
} lw_loan;

typedef struct lw_ctx {
    const owed_case *c;
    const owed_regime *reg;
    const owed_ledger *ledger;
    size_t cursor;
    owed_lawful *out;
    lw_loan *w;
    owed_error *err;
    owed_cap_view view;
    mpq_t t1, t2, r_enf, r_ret;
} lw_ctx;

static void loan_init(owed_lawful_loan *l)
{
    mpq_inits(l->principal_basis, l->principal_paid, l->principal, l->contract_charges,
              l->cap_enforceable, l->cap_retained, l->lawful_charges, l->charges_paid,
              l->charges_unpaid, l->retained, l->above_cap, l->costs_charged, l->costs_paid,
              l->refund, l->balance, NULL);
    l->uncapped_days = 0;
    l->segments = NULL;
    l->n_segments = 0;
}

static void loan_clear(owed_lawful_loan *l)
{
    mpq_clears(l->principal_basis, l->principal_paid, l->principal, l->contract_charges,
               l->cap_enforceable, l->cap_retained, l->lawful_charges, l->charges_paid,
               l->charges_unpaid, l->retained, l->above_cap, l->costs_charged, l->costs_paid,
               l->refund, l->balance, NULL);
    for (size_t i = 0; i < l->n_segments; i++)
        mpq_clears(l->segments[i].enforceable, l->segments[i].retained,
                   l->segments[i].table_rate, NULL);
    free(l->segments);
}

void owed_lawful_free(owed_lawful *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n_loans; i++)
        loan_clear(&l->loans[i]);
    free(l->loans);
    free(l);
}

/* Takes one contract posting into K (or into the costs outside the cap). */
static void absorb(lw_ctx *x, const owed_posting *p)
{
    owed_lawful_loan *l = &x->out->loans[p->loan];
    const owed_charge_rule *rule = owed_regime_charges(x->reg);
    if (p->kind == OWED_POST_WITHHELD) {
        if (rule->withheld && owed_regime_principal(x->reg)->basis == OWED_PRINCIPAL_DELIVERED)
            mpq_add(l->contract_charges, l->contract_charges, p->amount);
        return;
    }
    if (p->kind != OWED_POST_ACCRUAL && p->kind != OWED_POST_CHARGE)
        return;
    if (p->component != OWED_COMP_PRINCIPAL && owed_regime_counts_component(x->reg, p->component))
        mpq_add(l->contract_charges, l->contract_charges, p->amount);
    else
        mpq_add(l->costs_charged, l->costs_charged, p->amount);
}

static int is_payment_of(const owed_posting *p, long event)
{
    return (p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT) &&
           p->event == event;
}

/* Advances the cursor to the postings of payment event `event` and past them, taking into K
 * what the contract had charged by then, including maturity fees charged at a payoff by that
 * payment (postings stamped with the same event). */
static void advance_to_payment(lw_ctx *x, long event)
{
    const owed_ledger *lg = x->ledger;
    while (x->cursor < lg->n && !is_payment_of(&lg->items[x->cursor], event))
        absorb(x, &lg->items[x->cursor++]);
    while (x->cursor < lg->n && lg->items[x->cursor].event == event) {
        const owed_posting *p = &lg->items[x->cursor++];
        if (p->kind == OWED_POST_CHARGE)
            absorb(x, p);
    }
}

/* out = min(K, C_ret) - charges paid, at least 0: the charges a payment may still go to. */
static void charges_room(mpq_t out, const owed_lawful_loan *l)
{
    if (l->uncapped_days > 0 || mpq_cmp(l->contract_charges, l->cap_retained) <= 0)
        mpq_set(out, l->contract_charges);
    else
        mpq_set(out, l->cap_retained);
    mpq_sub(out, out, l->charges_paid);
    if (mpq_sgn(out) < 0)
        mpq_set_ui(out, 0, 1);
}

static void payoff(mpq_t out, const owed_lawful_loan *l, mpq_t tmp)
{
    charges_room(out, l);
    mpq_sub(tmp, l->costs_charged, l->costs_paid);
    if (mpq_sgn(tmp) > 0)
        mpq_add(out, out, tmp);
    mpq_add(out, out, l->principal);
}

/* Applies `amount` to one loan in the regime's order; leaves what it did not take. */
static void apply_to_loan(lw_ctx *x, owed_lawful_loan *l, mpq_t amount)
{
    const owed_payment_order_rule *order = owed_regime_payment_order(x->reg);
    for (int k = 0; k < 3 && mpq_sgn(amount) > 0; k++) {
        mpq_t *paid;
        switch (order->order[k]) {
        case OWED_PAY_COSTS:
            mpq_sub(x->t1, l->costs_charged, l->costs_paid);
            paid = &l->costs_paid;
            break;
        case OWED_PAY_CHARGES:
            charges_room(x->t1, l);
            paid = &l->charges_paid;
            break;
        case OWED_PAY_PRINCIPAL:
        default:
            mpq_set(x->t1, l->principal);
            paid = &l->principal_paid;
            break;
        }
        if (mpq_sgn(x->t1) <= 0)
            continue;
        if (mpq_cmp(amount, x->t1) < 0)
            mpq_set(x->t1, amount);
        mpq_add(*paid, *paid, x->t1);
        mpq_sub(amount, amount, x->t1);
        if (order->order[k] == OWED_PAY_PRINCIPAL)
            mpq_sub(l->principal, l->principal, x->t1);
    }
}

/* The loan an undesignated refund is booked on: the loan that started first (of two started
 * on one day, the one whose id sorts first), so that it does not depend on the order of the
 * loans in the file. */
static size_t refund_loan(const lw_ctx *x)
{
    const owed_case *c = x->c;
    size_t target = 0;
    owed_date target_first = 0;
    int found = 0;
    for (size_t i = 0; i < c->n_loans; i++) {
        if (!x->w[i].started)
            continue;
        const owed_loan *L = &c->loans[i];
        owed_date first = L->disbursements[0].date;
        for (size_t k = 1; k < L->n_disbursements; k++)
            if (L->disbursements[k].date < first)
                first = L->disbursements[k].date;
        if (!found || first < target_first ||
            (first == target_first && strcmp(L->id, c->loans[target].id) < 0)) {
            target = i;
            target_first = first;
            found = 1;
        }
    }
    return target;
}

static int apply_payment(lw_ctx *x, const owed_event *e)
{
    const owed_case *c = x->c;
    advance_to_payment(x, (long)(e - c->events));
    mpq_t left;
    mpq_init(left);
    mpq_set(left, e->amount);
    int rc = 0;
    if (e->loan >= 0) {
        /* A designated payment stays with its loan: what the loan does not take is a refund
         * due on it, which the borrower may set off against another loan by notice (Civil
         * Code art. 568); it is not moved to other loans on the lender's initiative. */
        apply_to_loan(x, &x->out->loans[e->loan], left);
    } else if (mpq_sgn(left) > 0) {
        owed_split sp;
        if (owed_split_init(&sp, c->n_loans) != 0) {
            owed_error_set(x->err, OWED_E_NOMEM, c->file, e->line, _("out of memory"));
            rc = -1;
        } else {
            for (size_t i = 0; i < c->n_loans; i++) {
                if (x->w[i].started)
                    payoff(sp.owed[i], &x->out->loans[i], x->t2);
                sp.debts[i].is_due = x->out->loans[i].due <= e->date;
                sp.debts[i].due = x->out->loans[i].due;
            }
            owed_split_case_payment(&sp, c, left);
            for (size_t i = 0; i < c->n_loans; i++)
                if (mpq_sgn(sp.shares[i]) > 0) {
                    apply_to_loan(x, &x->out->loans[i], sp.shares[i]);
                    mpq_add(left, left, sp.shares[i]);
                }
            owed_split_clear(&sp);
        }
    }
    if (rc == 0 && mpq_sgn(left) > 0) {
        size_t target = e->loan >= 0 ? (size_t)e->loan : refund_loan(x);
        mpq_add(x->out->loans[target].refund, x->out->loans[target].refund, left);
    }
    mpq_clear(left);
    return rc;
}

/* r_enf, r_ret for the current view; returns 0 when the view sets a cap, -1 when it does
 * not (no period, or charges above the last band are not void). */
static int view_rates(lw_ctx *x)
{
    const owed_cap_view *v = &x->view;
    if (v->n_bands == 0 || v->above != OWED_BAND_VOID)
        return -1;
    int enf = 1, ret = 1;
    mpq_set_ui(x->r_enf, 0, 1);
    mpq_set_ui(x->r_ret, 0, 1);
    for (size_t i = 0; i < v->n_bands; i++) {
        enf = enf && v->effect[i] == OWED_BAND_ENFORCEABLE;
        ret = ret && v->effect[i] != OWED_BAND_VOID;
        if (enf)
            mpq_set(x->r_enf, v->limit[i]);
        if (ret)
            mpq_set(x->r_ret, v->limit[i]);
    }
    return 0;
}

/* Extends the loan's last segment with `day`, or starts a new one when the cap changed. */
static int note_segment(lw_ctx *x, owed_lawful_loan *l, owed_date day, int capped)
{
    const owed_cap_view *v = &x->view;
    if (l->n_segments > 0) {
        owed_cap_segment *s = &l->segments[l->n_segments - 1];
        int same = s->to == day &&
                   (capped ? s->period == v->period && mpq_equal(s->enforceable, x->r_enf) &&
                                 mpq_equal(s->retained, x->r_ret) &&
                                 s->table_fixing == (v->uses_table ? v->table_fixing : 0) &&
                                 s->table_beyond_complete == v->table_beyond_complete
                           : s->period == NULL);
        if (same) {
            s->to = day + 1;
            return 0;
        }
    }
    owed_cap_segment *segs = realloc(l->segments, (l->n_segments + 1) * sizeof *segs);
    if (segs == NULL)
        return -1;
    l->segments = segs;
    owed_cap_segment *s = &segs[l->n_segments++];
    memset(s, 0, sizeof *s);
    mpq_inits(s->enforceable, s->retained, s->table_rate, NULL);
    s->from = day;
    s->to = day + 1;
    if (capped) {
        s->period = v->period;
        mpq_set(s->enforceable, x->r_enf);
        mpq_set(s->retained, x->r_ret);
        s->uses_table = v->uses_table;
        s->basis = v->basis;
        s->count = v->count;
        if (v->uses_table) {
            s->table_ref = v->table_ref;
            s->table_date = v->table_date;
            s->table_fixing = v->table_fixing;
            mpq_set(s->table_rate, v->table_rate);
            s->table_beyond_complete = v->table_beyond_complete;
            s->table_unconfirmed = v->table_unconfirmed;
        }
    }
    return 0;
}

/* Adds the pending cap accruals of one loan to its caps. */
static void flush_caps(lw_ctx *x, lw_loan *lw)
{
    if (!lw->pend_active)
        return;
    owed_lawful_loan *l = lw->res;
    mpq_mul(x->t1, lw->pend_base, lw->pend_days);
    mpq_mul(x->t2, x->t1, lw->pend_enf);
    mpq_add(l->cap_enforceable, l->cap_enforceable, x->t2);
    mpq_mul(x->t2, x->t1, lw->pend_ret);
    mpq_add(l->cap_retained, l->cap_retained, x->t2);
    lw->pend_active = 0;
}

static void flush_all_caps(lw_ctx *x)
{
    for (size_t i = 0; i < x->c->n_loans; i++)
        flush_caps(x, &x->w[i]);
}

/* Accrues the caps of one loan for one day. */
static owed_status accrue_day(lw_ctx *x, lw_loan *lw, owed_date day, int final_day)
{
    owed_lawful_loan *l = lw->res;
    int applies = 0;
    owed_status st = owed_regime_cap_on(x->reg, lw->loan->contracted, x->out->filing, day,
                                        &x->view, &applies, x->err);
    if (st != OWED_OK)
        return st;
    int capped = applies && view_rates(x) == 0;
    owed_day_count count = capped ? x->view.count : OWED_COUNT_FIRST_NOT_LAST;
    if (final_day && count != OWED_COUNT_BOTH_ENDS)
        return OWED_OK;
    const mpq_t *base = count == OWED_COUNT_BOTH_ENDS ? (const mpq_t *)&lw->start_of_day
                                                      : (const mpq_t *)&l->principal;
    if (mpq_sgn(*base) <= 0)
        return OWED_OK;
    if (note_segment(x, l, day, capped))
        return owed_error_set(x->err, OWED_E_NOMEM, x->c->file, 0, _("out of memory"));
    if (!capped) {
        l->uncapped_days++;
        return OWED_OK;
    }
    /* cap += base x rate / year length, for both caps: pending until the base or a rate
     * changes (see lw_loan) */
    if (lw->pend_active &&
        (!mpq_equal(lw->pend_enf, x->r_enf) || !mpq_equal(lw->pend_ret, x->r_ret) ||
         !mpq_equal(lw->pend_base, *base)))
        flush_caps(x, lw);
    if (!lw->pend_active) {
        lw->pend_active = 1;
        mpq_set(lw->pend_base, *base);
        mpq_set(lw->pend_enf, x->r_enf);
        mpq_set(lw->pend_ret, x->r_ret);
        mpq_set_ui(lw->pend_days, 0, 1);
    }
    mpq_set_ui(x->t2, 1, (unsigned long)owed_basis_year_length(x->view.basis, day));
    mpq_add(lw->pend_days, lw->pend_days, x->t2);
    return OWED_OK;
}

static void deliver(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    owed_lawful_loan *l = lw->res;
    while (lw->disb_next < L->n_disbursements && L->disbursements[lw->disb_next].date == day) {
        const mpq_t *a = (const mpq_t *)&L->disbursements[lw->disb_next++].amount;
        mpq_add(l->principal_basis, l->principal_basis, *a);
        mpq_add(l->principal, l->principal, *a);
        if (!lw->started && owed_regime_principal(x->reg)->basis == OWED_PRINCIPAL_NOMINAL) {
            /* the nominal principal: the withheld part counts as principal from the start */
            mpq_set(x->t1, L->principal);
            for (size_t k = 0; k < L->n_disbursements; k++)
                mpq_sub(x->t1, x->t1, L->disbursements[k].amount);
            if (mpq_sgn(x->t1) > 0) {
                mpq_add(l->principal_basis, l->principal_basis, x->t1);
                mpq_add(l->principal, l->principal, x->t1);
            }
        }
        lw->started = 1;
    }
}

static owed_status run(lw_ctx *x, owed_date until)
{
    const owed_case *c = x->c;
    owed_date start = owed_case_first_day(c, until + 1);
    size_t ev = 0;
    for (owed_date day = start; day <= until; day++) {
        for (size_t i = 0; i < c->n_loans; i++) {
            deliver(x, &x->w[i], day);
            mpq_set(x->w[i].start_of_day, x->w[i].res->principal);
        }
        if (ev < c->n_events && c->events[ev].date == day)
            flush_all_caps(x); /* payments read the caps */
        for (; ev < c->n_events && c->events[ev].date == day; ev++) {
            const owed_event *e = &c->events[ev];
            if (e->kind == OWED_EV_EXTENSION)
                x->out->loans[e->loan].due = e->new_due;
            else if (e->kind == OWED_EV_PAYMENT && apply_payment(x, e))
                return OWED_E_NOMEM;
        }
        for (size_t i = 0; i < c->n_loans; i++) {
            if (!x->w[i].started)
                continue;
            owed_status st = accrue_day(x, &x->w[i], day, day == until);
            if (st != OWED_OK)
                return st;
        }
    }
    flush_all_caps(x);
    while (x->cursor < x->ledger->n)
        absorb(x, &x->ledger->items[x->cursor++]);
    return OWED_OK;
}

static void finish(owed_lawful_loan *l)
{
    if (l->uncapped_days > 0 || mpq_cmp(l->contract_charges, l->cap_enforceable) <= 0)
        mpq_set(l->lawful_charges, l->contract_charges);
    else
        mpq_set(l->lawful_charges, l->cap_enforceable);
    mpq_sub(l->charges_unpaid, l->lawful_charges, l->charges_paid);
    mpq_neg(l->retained, l->charges_unpaid);
    if (mpq_sgn(l->charges_unpaid) < 0)
        mpq_set_ui(l->charges_unpaid, 0, 1);
    if (mpq_sgn(l->retained) < 0)
        mpq_set_ui(l->retained, 0, 1);
    mpq_sub(l->above_cap, l->contract_charges, l->lawful_charges);
    mpq_sub(l->balance, l->costs_charged, l->costs_paid);
    mpq_add(l->balance, l->balance, l->principal);
    mpq_add(l->balance, l->balance, l->charges_unpaid);
}

owed_status owed_lawful_replay(const owed_case *c, const owed_regime *reg,
                               const owed_replay *contract, owed_date until, owed_lawful **out,
                               owed_error *err)
{
    *out = NULL;
    /* the replay walks each day from the first disbursement to `until` */
    owed_status span = owed_limit_check_span(c, until, err);
    if (span != OWED_OK)
        return span;
    owed_lawful *l = calloc(1, sizeof *l);
    lw_loan *w = calloc(c->n_loans ? c->n_loans : 1, sizeof *w);
    if (l == NULL || w == NULL ||
        (l->loans = calloc(c->n_loans ? c->n_loans : 1, sizeof *l->loans)) == NULL) {
        if (l)
            free(l->loans);
        free(l);
        free(w);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    l->kase = c;
    l->regime = reg;
    l->until = until;
    l->filing = c->has_filed ? c->filed : until;
    l->filing_is_as_of = !c->has_filed;
    l->n_loans = c->n_loans;
    for (size_t i = 0; i < c->n_loans; i++) {
        loan_init(&l->loans[i]);
        l->loans[i].due = c->loans[i].due;
        w[i].loan = &c->loans[i];
        w[i].res = &l->loans[i];
        mpq_inits(w[i].start_of_day, w[i].pend_base, w[i].pend_enf, w[i].pend_ret,
                  w[i].pend_days, NULL);
    }
    lw_ctx x = {.c = c, .reg = reg, .ledger = &contract->ledger, .out = l, .w = w, .err = err};
    owed_cap_view_init(&x.view);
    mpq_inits(x.t1, x.t2, x.r_enf, x.r_ret, NULL);
    owed_status st = run(&x, until);
    owed_cap_view_clear(&x.view);
    mpq_clears(x.t1, x.t2, x.r_enf, x.r_ret, NULL);
    for (size_t i = 0; i < c->n_loans; i++)
        mpq_clears(w[i].start_of_day, w[i].pend_base, w[i].pend_enf, w[i].pend_ret,
                   w[i].pend_days, NULL);
    free(w);
    if (st != OWED_OK) {
        if (err && err->code == OWED_OK)
            owed_error_set(err, st, c->file, 0, _("out of memory"));
        owed_lawful_free(l);
        return st;
    }
    for (size_t i = 0; i < c->n_loans; i++)
        finish(&l->loans[i]);
    *out = l;
    return OWED_OK;
}

owed_status owed_lawful_check(const owed_lawful *l, owed_error *err)
{
    const owed_case *c = l->kase;
    owed_status st = OWED_OK;
    mpq_t paid, applied, t;
    mpq_inits(paid, applied, t, NULL);
    for (size_t i = 0; i < c->n_events; i++)
        if (c->events[i].kind == OWED_EV_PAYMENT && c->events[i].date <= l->until)
            mpq_add(paid, paid, c->events[i].amount);
    for (size_t i = 0; i < l->n_loans && st == OWED_OK; i++) {
        const owed_lawful_loan *x = &l->loans[i];
        const char *id = c->loans[i].id;
        mpq_add(applied, applied, x->costs_paid);
        mpq_add(applied, applied, x->charges_paid);
        mpq_add(applied, applied, x->principal_paid);
        mpq_add(applied, applied, x->refund);
        mpq_sub(t, x->principal_basis, x->principal_paid);
        if (mpq_cmp(x->lawful_charges, x->contract_charges) > 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, c->loans[i].line,
                                "loan %s: lawful charges exceed the contract's", id);
        else if (x->uncapped_days == 0 && mpq_cmp(x->lawful_charges, x->cap_enforceable) > 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, c->loans[i].line,
                                "loan %s: lawful charges exceed the cap", id);
        else if (!mpq_equal(t, x->principal) || mpq_sgn(x->principal) < 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, c->loans[i].line,
                                "loan %s: principal outstanding is not basis - paid", id);
        else if (mpq_cmp(x->charges_paid, x->cap_retained) > 0 && x->uncapped_days == 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, c->loans[i].line,
                                "loan %s: charges paid above the retained line", id);
    }
    if (st == OWED_OK && !mpq_equal(paid, applied))
        st = owed_error_set(err, OWED_E_SEMANTIC, c->file, 0,
                            "payments are not conserved in the lawful view");
    mpq_clears(paid, applied, t, NULL);
    return st;
}
