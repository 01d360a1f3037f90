/* Lawful replay (see lawful.h for the rules).  A day-by-day walk like the contract replay
 * (runs of plain days taken in one step: plain_days): the caps and K_L (lawful_agreed.c)
 * accrue on the lawful principal; K, the contract's own
 * charges, is read from the contract replay's ledger with a cursor that stops at each
 * payment, so that the retention line uses exactly what the contract had charged when the
 * payment was made. */
#include <config.h>

#include "lawful.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "i18n.h"
#include "lawful_impl.h"
#include "mem.h"
#include "qsum.h"
#include "owed_limits.h"
#include "rate.h"

/* What a lawful view keeps for the next replay made into it (owed_lawful_replay_into, as
 * owed batch replays borrower after borrower): the loans' working state, the replay's
 * scratch numbers and the payments' split, made once and set to 0 at each replay rather
 * than made and freed by each.  A slot of the working state serves any loan: all its
 * numbers are made (slot_make; those of the kinds a loan and its regime do not use are
 * never read or written), but the six that hand_over gives the results, which are the
 * results' (loans_made). */
struct owed_lawful_store {
    lw_loan *w;          /* w_made slots, made (slot_make, their periods lw_period_init) */
    size_t w_made;
    lw_ctx scratch;      /* its scratch numbers (scratch_numbers) made, between replays */
    owed_split split;    /* split_across's, made at the first payment split of some replay */
    int have_split;
    unsigned char *seen; /* apply_payment's marks of the loans, room for seen_cap */
    size_t seen_cap;
    int *late_flags;     /* the loans' late_once_done, room for late_cap */
    size_t late_cap;
    owed_view_spans spans; /* loan_view's ends of cap views, kept across replays and regimes
                              (by their load serial) */
    /* the loans' burdens' day rates (owed_burden_kept), kept across replays */
    owed_day_rates day_rates;
};

enum { SCRATCH_COUNT = 18 };

/* The replay's scratch numbers: the temporaries, the sampling's (checkpoints or sample
 * requests), the daily fees' sums, the overdue base, the tier floor, the period limit's
 * room. */
static void scratch_numbers(lw_ctx *x, mpq_ptr q[SCRATCH_COUNT])
{
    mpq_ptr all[SCRATCH_COUNT] = {x->t1,         x->t2,          x->t3,       x->amount,
                                  x->pl_amount,  x->pay_left,    x->payoff_k, x->release_left,
                                  x->peek_k,     x->peek_cap,    x->peek_lp,  x->peek_costs,
                                  x->sample_b,   x->day_charges, x->day_costs, x->base,
                                  x->tier_floor, x->pl_room};
    memcpy(q, all, sizeof all);
}

/* The replay takes the store's scratch numbers, at 0 (the tier floor is read before it is
 * written); scratch_clear gives them back. */
static void scratch_init(lw_ctx *x)
{
    mpq_ptr mine[SCRATCH_COUNT], kept[SCRATCH_COUNT];
    scratch_numbers(x, mine);
    scratch_numbers(&x->st->scratch, kept);
    for (int k = 0; k < SCRATCH_COUNT; k++) {
        *mine[k] = *kept[k];
        owed_q_zero(mine[k]);
    }
}

static void scratch_clear(lw_ctx *x)
{
    mpq_ptr mine[SCRATCH_COUNT], kept[SCRATCH_COUNT];
    scratch_numbers(x, mine);
    scratch_numbers(&x->st->scratch, kept);
    for (int k = 0; k < SCRATCH_COUNT; k++)
        *kept[k] = *mine[k];
}

/* Makes the numbers of a new slot (its fields before the view 0): all but the six
 * hand_over gives (work_numbers) and its periods' (lw_period_init). */
static void slot_make(lw_loan *w)
{
    mpq_inits(w->k_prepaid_interest, w->fee_base, w->start_of_day, w->interest_before_due,
              w->tier, w->view_tier, w->pl_used, w->caps_sum, NULL);
    lw_run_init(&w->run_charges);
    lw_run_init(&w->run_costs);
    owed_cap_view_init(&w->views[0]);
    owed_cap_view_init(&w->views[1]);
    w->view = &w->views[0];
    w->spare_view = &w->views[1];
}

/* A slot an earlier replay used, for a new loan: every field before the numbers it keeps
 * (lawful_impl.h) 0, as a new slot's, and those numbers set to 0 but its periods'
 * (lw_period_reset) and the six (work_numbers).  The view is resolved before it is read
 * (loan_view: view_valid 0). */
static void slot_reset(lw_loan *w)
{
    memset(w, 0, offsetof(lw_loan, start_of_day)); /* the fields before the numbers kept */
    mpq_ptr kept[] = {w->start_of_day, w->view_tier, w->caps_sum, w->interest_before_due,
                      w->fee_base, w->k_prepaid_interest, w->tier, w->pl_used,
                      w->run_charges.last, w->run_costs.last};
    for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++)
        owed_q_zero(kept[k]);
    w->run_charges.n = w->run_costs.n = 0;
    w->view = &w->views[0]; /* the slots may have moved (store_room) */
    w->spare_view = &w->views[1];
}

static void slot_clear(lw_loan *w)
{
    owed_cap_view_clear(&w->views[0]);
    owed_cap_view_clear(&w->views[1]);
    mpq_clears(w->k_prepaid_interest, w->fee_base, w->start_of_day, w->interest_before_due,
               w->tier, w->view_tier, w->pl_used, w->caps_sum, NULL);
    lw_run_clear(&w->run_charges);
    lw_run_clear(&w->run_costs);
    lw_period_clear(&w->interest);
    lw_period_clear(&w->penalty);
}

/* A new store, or NULL when memory runs out. */
static struct owed_lawful_store *store_new(void)
{
    struct owed_lawful_store *st = owed_mem_calloc(1, sizeof *st);
    if (st == NULL)
        return NULL;
    mpq_ptr q[SCRATCH_COUNT];
    scratch_numbers(&st->scratch, q);
    for (int k = 0; k < SCRATCH_COUNT; k++)
        mpq_init(q[k]);
    return st;
}

/* The store's slots with room for n loans (those beyond w_made not made yet), or NULL when
 * memory runs out (the store as it was). */
static lw_loan *store_room(struct owed_lawful_store *st, size_t n)
{
    if (n <= st->w_made && st->w != NULL)
        return st->w;
    lw_loan *w = owed_mem_realloc(st->w, (n > st->w_made ? n : 1) * sizeof *w);
    if (w != NULL)
        st->w = w;
    return w;
}

/* The store's late fees' flags for n late fees, all 0, or NULL when memory runs out (or n
 * is 0). */
static int *late_flags(struct owed_lawful_store *st, size_t n)
{
    if (n == 0)
        return NULL;
    if (n > st->late_cap) {
        int *flags = owed_mem_realloc(st->late_flags, n * sizeof *flags);
        if (flags == NULL)
            return NULL;
        st->late_flags = flags;
        st->late_cap = n;
    }
    memset(st->late_flags, 0, n * sizeof *st->late_flags);
    return st->late_flags;
}

static void store_free(struct owed_lawful_store *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->w_made; i++)
        slot_clear(&st->w[i]);
    owed_mem_free(st->w);
    mpq_ptr q[SCRATCH_COUNT];
    scratch_numbers(&st->scratch, q);
    for (int k = 0; k < SCRATCH_COUNT; k++)
        mpq_clear(q[k]);
    if (st->have_split)
        owed_split_clear(&st->split);
    owed_day_rates_clear(&st->day_rates);
    owed_mem_free(st->seen);
    owed_mem_free(st->late_flags);
    owed_mem_free(st);
}

/* Initialises the loan's result to 0, but for the six figures that finish() sets whole
 * (lawful_charges, retention_line, charges_unpaid, retained, above_cap, balance): they are
 * six numbers of the loan's working state, handed over when its walk ends (hand_over), so
 * that these are made and freed once, not twice. */
static void loan_init(owed_lawful_loan *l)
{
    mpq_inits(l->principal_basis, l->principal_paid, l->principal, l->withheld,
              l->agreed_charges, l->contract_charges, l->cap_enforceable, l->cap_retained,
              l->charges_paid, l->prepaid, l->prepaid_absorbed, l->costs_charged,
              l->costs_paid, l->refund, l->refund_interest,
              l->refund_interest_applied, l->offset_received, l->limited_charges, l->limit,
              l->total_cap, l->period_limit,
              l->period_cut, l->loan_amount, NULL);
    l->has_limit = l->has_total_cap = l->has_period_limit = 0;
    l->has_loan_amount = l->amount_exceeded = l->has_term = l->term_exceeded = 0;
    l->term_days = 0;
    l->uncapped_days = 0;
    l->segments = NULL;
    l->n_segments = l->segments_made = 0;
    l->refunds = NULL;
    l->n_refunds = l->refunds_made = 0;
}

/* loan_init for a result that an earlier replay made (all its numbers made, the six that
 * finish() sets whole included, which work_init takes back): the numbers set to 0, the
 * segments and refunds freed. */
static void loan_reset(owed_lawful_loan *l)
{
    owed_q_zero(l->principal_basis);
    owed_q_zero(l->principal_paid);
    owed_q_zero(l->principal);
    owed_q_zero(l->withheld);
    owed_q_zero(l->agreed_charges);
    owed_q_zero(l->contract_charges);
    owed_q_zero(l->cap_enforceable);
    owed_q_zero(l->cap_retained);
    owed_q_zero(l->charges_paid);
    owed_q_zero(l->prepaid);
    owed_q_zero(l->prepaid_absorbed);
    owed_q_zero(l->costs_charged);
    owed_q_zero(l->costs_paid);
    owed_q_zero(l->refund);
    owed_q_zero(l->refund_interest);
    owed_q_zero(l->refund_interest_applied);
    owed_q_zero(l->offset_received);
    owed_q_zero(l->limited_charges);
    owed_q_zero(l->limit);
    owed_q_zero(l->total_cap);
    owed_q_zero(l->period_limit);
    owed_q_zero(l->period_cut);
    owed_q_zero(l->loan_amount);
    l->has_limit = l->has_total_cap = l->has_period_limit = 0;
    l->has_loan_amount = l->amount_exceeded = l->has_term = l->term_exceeded = 0;
    l->term_days = 0;
    l->uncapped_days = 0;
    l->n_segments = 0; /* the segments_made stay made, for note_segment */
    l->n_refunds = 0;  /* the refunds_made likewise, for add_refund */
}

static void loan_clear(owed_lawful_loan *l)
{
    mpq_clears(l->principal_basis, l->principal_paid, l->principal, l->withheld,
               l->agreed_charges, l->contract_charges, l->cap_enforceable, l->cap_retained,
               l->lawful_charges, l->retention_line, l->charges_paid, l->charges_unpaid,
               l->retained, l->prepaid, l->prepaid_absorbed, l->above_cap, l->costs_charged,
               l->costs_paid, l->refund, l->refund_interest, l->balance,
               l->refund_interest_applied, l->offset_received, l->limited_charges, l->limit,
               l->total_cap, l->period_limit,
               l->period_cut, l->loan_amount, NULL);
    for (size_t i = 0; i < l->segments_made; i++)
        mpq_clears(l->segments[i].enforceable, l->segments[i].retained,
                   l->segments[i].table_rate, NULL);
    owed_mem_free(l->segments);
    for (size_t i = 0; i < l->refunds_made; i++)
        mpq_clears(l->refunds[i].amount, l->refunds[i].rate, l->refunds[i].interest,
                   l->refunds[i].carried, l->refunds[i].applied, l->refunds[i].interest_applied,
                   NULL);
    owed_mem_free(l->refunds);
}

static void move_init(owed_lawful_move *m)
{
    mpq_inits(m->to_costs, m->to_charges, m->to_principal, m->to_band, m->to_prepaid,
              m->to_refund, NULL);
}

static void move_clear(owed_lawful_move *m)
{
    mpq_clears(m->to_costs, m->to_charges, m->to_principal, m->to_band, m->to_prepaid,
               m->to_refund, NULL);
}

/* Frees what l holds but its loans' results, and makes it a view of none. */
static void drop_lists(owed_lawful *l)
{
    for (size_t i = 0; i < l->n_moves; i++)
        move_clear(&l->moves[i]);
    owed_mem_free(l->moves);
    for (size_t k = 0; k < l->n_samples; k++)
        mpq_clear(l->samples[k]);
    owed_mem_free(l->samples);
    for (size_t k = 0; k < l->n_checkpoints; k++)
        for (int f = 0; f < OWED_LF_COUNT; f++)
            mpq_clear(l->checkpoints[k].fig[f]);
    owed_mem_free(l->checkpoints);
    l->moves = NULL;
    l->n_moves = 0;
    l->samples = NULL;
    l->n_samples = 0;
    l->checkpoints = NULL;
    l->n_checkpoints = l->cap_checkpoints = 0;
}

void owed_lawful_free(owed_lawful *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->loans_made; i++)
        loan_clear(&l->loans[i]);
    owed_mem_free(l->loans);
    drop_lists(l);
    store_free(l->store);
    owed_mem_free(l);
}

void owed_lawful_refund_total(mpq_t out, const owed_lawful_loan *l)
{
    owed_q_sum(out, l->refund, l->refund_interest);
}

/* ------------------------------------------------------------------ K from the contract */

/* Takes one contract posting into K.  Costs outside the charge rule are K_L's business
 * (lawful_agreed.c), not K's: K is only the retention line's bound.  Interest withheld in
 * advance is both a withheld amount and, in the contract view, interest paid ahead (the one
 * payment posting that no case event is behind): K counts the withheld amount, and then
 * only the interest accrued beyond it, so that the lender's demand is not counted twice. */
static inline void absorb(lw_ctx *x, const owed_posting *p)
{
    owed_lawful_loan *l = &x->out->loans[p->loan];
    lw_loan *lw = &x->w[p->loan];
    switch (p->kind) {
    case OWED_POST_WITHHELD:
        if (x->k_withheld)
            owed_q_add_to(l->contract_charges, p->amount);
        return;
    case OWED_POST_PAYMENT:
        if (p->event < 0 && p->component == OWED_COMP_INTEREST)
            owed_q_sub_from(lw->k_prepaid_interest, p->amount);
        return;
    case OWED_POST_ACCRUAL:
    case OWED_POST_CHARGE:
        break;
    default:
        return;
    }
    if ((unsigned)p->component >= OWED_COMP_COUNT || !((x->k_counts >> p->component) & 1u))
        return; /* principal, or a component the regime does not count */
    if (!(p->component == OWED_COMP_INTEREST && mpq_sgn(lw->k_prepaid_interest) > 0 &&
          x->k_rule_withheld)) {
        owed_q_add_to(l->contract_charges, p->amount); /* read, not copied */
        return;
    }
    /* the amount withheld in advance paid for this interest, or part of it: K takes what
       it did not pay (the amount read, not copied) */
    if (owed_q_cmp(lw->k_prepaid_interest, p->amount) >= 0) {
        owed_q_sub_from(lw->k_prepaid_interest, p->amount);
    } else {
        owed_q_add_to(l->contract_charges, p->amount);
        owed_q_sub_from(l->contract_charges, lw->k_prepaid_interest);
        owed_q_zero(lw->k_prepaid_interest);
    }
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

/* ------------------------------------------------------------------ the lines */

/* out = the enforceable line of a loan whose rate-capped agreed charges are `k` and whose
 * rate cap is `cap`: min(k, cap) (k when some day had no cap), plus the charges outside the
 * rate caps up to their limit, at most the room under the total cost cap. */
static void line_of(mpq_t out, const owed_lawful_loan *l, const mpq_t k, const mpq_t cap)
{
    if (l->uncapped_days > 0 || owed_q_cmp(k, cap) <= 0)
        owed_q_set(out, k);
    else
        owed_q_set(out, cap);
    if (l->has_limit && owed_q_cmp(l->limited_charges, l->limit) > 0)
        owed_q_add_to(out, l->limit);
    else
        owed_q_add_to(out, l->limited_charges);
    if (l->has_total_cap && owed_q_cmp(out, l->total_cap) > 0)
        owed_q_set(out, l->total_cap);
}

/* out = Lp, the enforceable line (line_of the loan's K_L and C_enf). */
static void enforceable_line(mpq_t out, const owed_lawful_loan *l)
{
    line_of(out, l, l->agreed_charges, l->cap_enforceable);
}

/* The charge limit and the room under the total cost cap of every loan (owed_charge_limit,
 * owed_total_cap), from the money lent so far; across the case, the loans take the room in
 * their order. */
static void update_limits(lw_ctx *x)
{
    const owed_charge_limit *cl = owed_regime_charge_limit(x->reg);
    const owed_total_cap *tc = owed_regime_total_cap(x->reg);
    if (!cl->present && !tc->present)
        return;
    mpq_t room, t;
    mpq_inits(room, t, NULL);
    for (size_t i = 0; i < x->c->n_loans; i++) {
        owed_lawful_loan *l = x->w[i].res;
        if (cl->present && (cl->has_amount || cl->has_share)) {
            l->has_limit = 1;
            if (cl->has_share)
                owed_q_mul(l->limit, cl->share, l->principal_basis);
            if (cl->has_amount && (!cl->has_share || owed_q_cmp(cl->amount, l->limit) < 0))
                owed_q_set(l->limit, cl->amount);
        }
        if (!tc->present)
            continue;
        l->has_total_cap = 1;
        if (!tc->across_case || i == 0) {
            owed_q_mul(room, tc->share, l->principal_basis);
            owed_q_set(l->total_cap, room);
        } else {
            owed_q_set(l->total_cap, room);
        }
        if (tc->across_case) {
            /* what this loan takes of the room */
            enforceable_line(t, l);
            owed_q_sub_from(room, t);
            if (mpq_sgn(room) < 0)
                owed_q_zero(room);
        }
    }
    mpq_clears(room, t, NULL);
}

/* 1 when the loan has a band: some day was capped on every day and C_ret is above C_enf
 * (else Lr = Lp). */
static int has_band(const owed_lawful_loan *l)
{
    return l->uncapped_days == 0 && owed_q_cmp(l->cap_retained, l->cap_enforceable) > 0;
}

/* Lr, the retention line (lawful.h (d)), of a loan with a band (has_band) whose enforceable
 * line is `lp`, read where it is: max(Lp, min(K, C_ret)), or max(Lp, C_ret) where no
 * interest was agreed. */
static mpq_srcptr band_line(const lw_loan *lw, mpq_srcptr lp)
{
    const owed_lawful_loan *l = lw->res;
    mpq_srcptr kept = lw->loan->interest.agreement != OWED_INTEREST_AGREED ? l->cap_retained
                      : owed_q_cmp(l->contract_charges, l->cap_retained) <= 0
                          ? l->contract_charges
                          : l->cap_retained;
    return owed_q_cmp(kept, lp) > 0 ? kept : lp;
}

/* out = Lr of a loan whose enforceable line is `lp` (out must not be lp): band_line, or Lp
 * without a band. */
static void retention_of(mpq_t out, const lw_loan *lw, const mpq_t lp)
{
    owed_q_set(out, has_band(lw->res) ? band_line(lw, lp) : lp);
}

/* Lp when it is K_L or C_enf themselves (no charges outside the rate caps, no limit on
 * them, no total cost cap: line_of adds nothing then), else NULL. */
static mpq_srcptr line_as_is(const owed_lawful_loan *l)
{
    if (l->has_limit || l->has_total_cap || mpq_sgn(l->limited_charges) != 0)
        return NULL;
    return l->uncapped_days > 0 || owed_q_cmp(l->agreed_charges, l->cap_enforceable) <= 0
               ? l->agreed_charges
               : l->cap_enforceable;
}

/* out = enforceable charges accrued and unpaid: max(0, Lp - charges paid). */
static void enforceable_unpaid(mpq_t out, const owed_lawful_loan *l)
{
    enforceable_line(out, l);
    owed_q_sub_from(out, l->charges_paid);
    if (mpq_sgn(out) < 0)
        owed_q_zero(out);
}

/* out = room in the band of a loan that owes nothing enforceable and whose enforceable line
 * is `lp` (paid_off_line): max(0, Lr - charges paid), none without a band (Lr is Lp then).
 * Its charges paid are at least Lp, so they are max(Lp, charges paid) without comparing
 * them again.  out must not be lp. */
static void band_room(mpq_t out, const lw_loan *lw, mpq_srcptr lp)
{
    const owed_lawful_loan *l = lw->res;
    if (!has_band(l)) {
        owed_q_zero(out);
        return;
    }
    /* Lr read where it is: the difference made when above 0 */
    mpq_srcptr lr = band_line(lw, lp);
    if (owed_q_cmp(lr, l->charges_paid) > 0)
        owed_q_diff(out, lr, l->charges_paid);
    else
        owed_q_zero(out);
}

static void costs_unpaid(mpq_t out, const owed_lawful_loan *l)
{
    owed_q_diff(out, l->costs_charged, l->costs_paid);
    if (mpq_sgn(out) < 0)
        owed_q_zero(out);
}

/* Whether the loan owes costs, found by comparison; out = what it owes (costs_unpaid) when
 * it does, else out is left as it was. */
static int costs_owed(const owed_lawful_loan *l, mpq_t out)
{
    if (owed_q_cmp(l->costs_charged, l->costs_paid) <= 0)
        return 0;
    owed_q_diff(out, l->costs_charged, l->costs_paid);
    return 1;
}

/* Whether the loan owes enforceable charges, found by comparison where Lp is K_L or C_enf
 * themselves (line_as_is): most loans a payoff is asked of owe none; out = what it owes
 * (enforceable_unpaid) when it does, else out is anything.  out must not be one of the
 * loan's figures. */
static inline int charges_owed(const owed_lawful_loan *l, mpq_t out)
{
    mpq_srcptr lp = line_as_is(l);
    if (lp == NULL) {
        enforceable_unpaid(out, l);
        return mpq_sgn(out) > 0;
    }
    if (owed_q_cmp(lp, l->charges_paid) <= 0)
        return 0;
    owed_q_diff(out, lp, l->charges_paid);
    return 1;
}

/* ------------------------------------------------------------------ moves and refunds */

/* The move of event `event` on loan `loan`, appended when the event has none yet. */
static owed_lawful_move *move_for(lw_ctx *x, size_t event, size_t loan)
{
    owed_lawful *o = x->out;
    x->w[loan].touched = 1;
    if (!x->moves) { /* not kept: nothing writes its amounts (kept_part) */
        owed_lawful_move *m = &x->scratch_move;
        m->event = event;
        m->loan = loan;
        m->allocation = OWED_DECIDED_NONE;
        return m;
    }
    for (size_t i = o->n_moves; i-- > 0 && o->moves[i].event == event;)
        if (o->moves[i].loan == loan)
            return &o->moves[i];
    owed_lawful_move *m = owed_mem_realloc(o->moves, (o->n_moves + 1) * sizeof *m);
    if (m == NULL)
        return NULL;
    o->moves = m;
    m = &o->moves[o->n_moves++];
    m->event = event;
    m->loan = loan;
    m->allocation = OWED_DECIDED_NONE;
    move_init(m);
    return m;
}

static int add_refund(lw_ctx *x, lw_loan *lw, owed_date day, const mpq_t amount)
{
    owed_lawful_loan *l = lw->res;
    if (mpq_sgn(amount) <= 0)
        return 0;
    owed_q_add_to(l->refund, amount);
    if (l->n_refunds > 0 && l->refunds[l->n_refunds - 1].arose == day) {
        owed_q_add_to(l->refunds[l->n_refunds - 1].amount, amount);
        return 0;
    }
    owed_lawful_refund *r;
    if (l->n_refunds < l->refunds_made) {
        /* one an earlier replay made (owed_lawful_replay_into): its numbers set to 0 */
        r = &l->refunds[l->n_refunds++];
        owed_q_zero(r->rate);
        owed_q_zero(r->interest);
        owed_q_zero(r->carried);
        owed_q_zero(r->applied);
        owed_q_zero(r->interest_applied);
    } else {
        r = owed_mem_realloc(l->refunds, (l->n_refunds + 1) * sizeof *r);
        if (r == NULL)
            return -1;
        l->refunds = r;
        r = &l->refunds[l->n_refunds++];
        mpq_inits(r->amount, r->rate, r->interest, r->carried, r->applied,
                  r->interest_applied, NULL);
        l->refunds_made = l->n_refunds;
    }
    r->arose = day;
    r->interest_from = day + 1;
    owed_q_set(r->amount, amount);
    r->has_rate = owed_regime_refund_rate(x->reg, day, r->rate);
    return 0;
}

/* ------------------------------------------------------------------ applying payments */

/* A move's amount `field` when the replay keeps moves, else NULL: nothing is written to the
 * scratch move, which nothing reads. */
static mpq_ptr kept_part(const lw_ctx *x, mpq_ptr field)
{
    return x->moves ? field : NULL;
}

/* Moves min(amount, room) from `amount` to `paid` and to `moved` (NULL: none), without a
 * copy of it: all of `amount` (which becomes 0) or `room` (read).  `line` (NULL: none) is
 * paid + room, when the room is what is owed up to a line: all of the room moved, paid
 * becomes the line, copied rather than added. */
static void take(mpq_t amount, const mpq_t room, mpq_t paid, mpq_srcptr line, mpq_ptr moved)
{
    if (mpq_sgn(room) <= 0 || mpq_sgn(amount) <= 0)
        return;
    if (owed_q_cmp(amount, room) < 0) {
        owed_q_add_to(paid, amount);
        if (moved != NULL)
            owed_q_add_to(moved, amount);
        owed_q_zero(amount);
    } else {
        if (line != NULL)
            owed_q_set(paid, line);
        else
            owed_q_add_to(paid, room);
        if (moved != NULL)
            owed_q_add_to(moved, room);
        owed_q_sub_from(amount, room);
    }
}

/* take for the loan's principal: what moves is paid off it too. */
static void take_principal(owed_lawful_loan *l, mpq_t amount, mpq_ptr moved)
{
    if (mpq_sgn(l->principal) <= 0 || mpq_sgn(amount) <= 0)
        return;
    if (owed_q_cmp(amount, l->principal) < 0) {
        owed_q_add_to(l->principal_paid, amount);
        if (moved != NULL)
            owed_q_add_to(moved, amount);
        owed_q_sub_from(l->principal, amount);
        owed_q_zero(amount);
    } else {
        owed_q_add_to(l->principal_paid, l->principal);
        if (moved != NULL)
            owed_q_add_to(moved, l->principal);
        owed_q_sub_from(amount, l->principal);
        owed_q_zero(l->principal);
    }
}

/* Prepaid charges held absorb enforceable charges accrued and unpaid. */
static void absorb_prepaid(lw_ctx *x, lw_loan *lw)
{
    owed_lawful_loan *l = lw->res;
    if (mpq_sgn(l->prepaid) <= 0)
        return;
    enforceable_unpaid(x->t2, l);
    take(l->prepaid, x->t2, l->charges_paid, NULL, l->prepaid_absorbed);
}

static int fully_delivered(const lw_loan *lw)
{
    return lw->disb_next == lw->loan->n_disbursements;
}

/* When the loan owes nothing enforceable (principal, costs and enforceable charges paid, and
 * every disbursement made): its enforceable line Lp, read where it is (line_as_is) or made
 * in x->t3; else NULL. */
static mpq_srcptr paid_off_line(lw_ctx *x, const lw_loan *lw)
{
    const owed_lawful_loan *l = lw->res;
    if (!lw->started || !fully_delivered(lw) || mpq_sgn(l->principal) > 0)
        return NULL;
    /* the signs of Lp - charges paid and costs charged - costs paid, by comparison */
    mpq_srcptr lp = line_as_is(l);
    if (lp == NULL) {
        enforceable_line(x->t3, l);
        lp = x->t3;
    }
    if (owed_q_cmp(lp, l->charges_paid) > 0 || owed_q_cmp(l->costs_charged, l->costs_paid) > 0)
        return NULL;
    return lp;
}

/* 1 when the loan owes nothing enforceable (paid_off_line). */
static int paid_off(lw_ctx *x, const lw_loan *lw)
{
    return paid_off_line(x, lw) != NULL;
}

/* Money beyond everything enforceable on a paid-off loan: into the band (kept by the lender),
 * then what is left in `amount` stays for the caller. */
static void fill_band(lw_ctx *x, lw_loan *lw, mpq_t amount, owed_lawful_move *m)
{
    if (mpq_sgn(amount) <= 0)
        return; /* nothing to take (most payments) */
    mpq_srcptr lp = paid_off_line(x, lw);
    if (lp == NULL)
        return; /* no band to take it */
    band_room(x->t2, lw, lp);
    take(amount, x->t2, lw->res->charges_paid, NULL, kept_part(x, m->to_band));
}

/* A loan paid off that still holds prepaid charges: they go to the band, then to a refund. */
static int release_prepaid(lw_ctx *x, lw_loan *lw, owed_date day, owed_lawful_move *m)
{
    owed_lawful_loan *l = lw->res;
    if (mpq_sgn(l->prepaid) <= 0)
        return 0;
    mpq_srcptr lp = paid_off_line(x, lw);
    if (lp == NULL)
        return 0;
    mpq_ptr left = x->release_left;
    owed_q_set(left, l->prepaid);
    band_room(x->t2, lw, lp);
    take(left, x->t2, l->charges_paid, NULL, m != NULL ? kept_part(x, m->to_band) : NULL);
    if (m != NULL && x->moves) {
        owed_q_sub_from(m->to_prepaid, l->prepaid);
        owed_q_add_to(m->to_refund, left);
    }
    owed_q_zero(l->prepaid);
    return add_refund(x, lw, day, left);
}

/* What would settle the loan now (costs, enforceable charges, principal), with the maturity
 * fees not yet charged when the day is before the due date (an early payoff charges them, as
 * the contract does).  out must not alias t1..t3. */
static void payoff(lw_ctx *x, const lw_loan *lw, owed_date day, int charges_only, mpq_t out)
{
    const owed_lawful_loan *l = lw->res;
    owed_q_zero(out);
    if (!lw->started)
        return;
    costs_owed(l, out); /* out stays 0 when it owes none */
    if (!charges_only && !lw->maturity_done && day < l->due) {
        /* the enforceable line as it would be with the fees charged */
        mpq_ptr k = x->payoff_k;
        lw_agreed_pending_maturity(x, lw, k);
        owed_q_add_to(k, l->agreed_charges);
        line_of(x->t1, l, k, l->cap_enforceable);
        owed_q_sub_from(x->t1, l->charges_paid);
        if (mpq_sgn(x->t1) > 0)
            owed_q_add_to(out, x->t1);
    } else if (charges_owed(l, x->t1)) {
        owed_q_add_to(out, x->t1);
    }
    if (!charges_only)
        owed_q_add_to(out, l->principal);
}

/* Applies `amount` to one loan: costs, enforceable charges, principal in the regime's order
 * (or costs and charges only, for a payment marked as paid for charges).  Leaves in `amount`
 * what the loan did not take. */
static void apply_to_loan(lw_ctx *x, lw_loan *lw, owed_date day, mpq_t amount, int charges_only,
                          owed_lawful_move *m)
{
    owed_lawful_loan *l = lw->res;
    /* a payoff is at least the principal: an amount below it settles nothing (most) */
    if (!charges_only && !lw->maturity_done && day < l->due && mpq_sgn(l->principal) > 0 &&
        owed_q_cmp(amount, l->principal) >= 0) {
        payoff(x, lw, day, 0, x->t2);
        if (owed_q_cmp(amount, x->t2) >= 0)
            lw_agreed_charge_maturity(x, lw);
    }
    const owed_payment_order_rule *order = owed_regime_payment_order(x->reg);
    for (int k = 0; k < 3 && mpq_sgn(amount) > 0; k++) {
        switch (order->order[k]) {
        case OWED_PAY_COSTS: /* nothing to take where none is owed (found by comparison) */
            if (costs_owed(l, x->t2)) /* what is owed up to the costs charged */
                take(amount, x->t2, l->costs_paid, l->costs_charged,
                     kept_part(x, m->to_costs));
            break;
        case OWED_PAY_CHARGES: {
            /* what is owed up to Lp (charges_owed), the difference made at once: most
               payments find charges owed, and take nothing from a room not above 0 */
            mpq_srcptr lp = line_as_is(l);
            if (lp != NULL)
                owed_q_diff(x->t2, lp, l->charges_paid);
            else
                enforceable_unpaid(x->t2, l);
            take(amount, x->t2, l->charges_paid, lp, kept_part(x, m->to_charges));
            break;
        }
        case OWED_PAY_PRINCIPAL:
        default:
            if (charges_only)
                break;
            take_principal(l, amount, kept_part(x, m->to_principal));
            break;
        }
    }
}

/* 1 when loan i comes before loan j in the order refunds and band money follow: the loan
 * that started first, of two started on one day the one whose id sorts first, so that the
 * result does not depend on the order of the loans in the file.  Loans not started come
 * last. */
static int starts_before(const lw_ctx *x, size_t i, size_t j)
{
    const lw_loan *a = &x->w[i], *b = &x->w[j];
    if (a->started != b->started)
        return a->started;
    if (a->first_day != b->first_day)
        return a->first_day < b->first_day;
    return strcmp(x->c->loans[i].id, x->c->loans[j].id) < 0;
}

/* The loan an undesignated refund is booked on: the first in starts_before order. */
static size_t refund_loan(const lw_ctx *x)
{
    size_t target = 0;
    for (size_t i = 1; i < x->c->n_loans; i++)
        if (starts_before(x, i, target))
            target = i;
    return target;
}

/* The loan that holds the prepaid rest of an undesignated payment marked for charges: with
 * principal outstanding, falling due first (the id that sorts first on a tie); -1 if none. */
static long prepaid_loan(const lw_ctx *x)
{
    const owed_case *c = x->c;
    long target = -1;
    for (size_t i = 0; i < c->n_loans; i++) {
        const lw_loan *w = &x->w[i];
        if (!w->started || mpq_sgn(w->res->principal) <= 0)
            continue;
        if (target < 0 || w->res->due < x->w[target].res->due ||
            (w->res->due == x->w[target].res->due &&
             strcmp(c->loans[i].id, c->loans[target].id) < 0))
            target = (long)i;
    }
    return target;
}

/* Splits `left` across the loans that owe (art. 560 as owed_split_case_payment applies it, in
 * the regime's allocation order, most-burdensome by the regime's measure), again while some
 * loan owes and money is left (each round settles at least one loan, so at most n_loans
 * rounds).  A loan's move records what decided its share (of the first round that gave it
 * one).  Returns 0, or -1 when memory runs out. */
static int split_across(lw_ctx *x, const owed_event *e, size_t event, mpq_t left,
                        int charges_only)
{
    const owed_case *c = x->c;
    struct owed_lawful_store *st = x->st;
    if (!x->split_ready) {
        /* the split an earlier replay made into the store, else a new one */
        if ((st->have_split ? owed_split_reuse_case(&st->split, c)
                            : owed_split_init_case(&st->split, c)) != 0) {
            st->have_split = 0; /* cleared, or nothing made */
            return -1;
        }
        st->have_split = x->split_ready = 1;
    }
    owed_split sp = st->split;
    const owed_allocation_rule *rule = owed_regime_allocation(x->reg);
    sp.steps = rule->order;
    sp.n_steps = rule->n;
    int rc = 0;
    for (size_t round = 0; round < c->n_loans && mpq_sgn(left) > 0 && rc == 0; round++) {
        size_t owing = 0;
        for (size_t i = 0; i < c->n_loans; i++) {
            payoff(x, &x->w[i], e->date, charges_only, sp.owed[i]);
            owing += mpq_sgn(sp.owed[i]) > 0;
        }
        if (owing == 0)
            break;
        for (size_t i = 0; i < c->n_loans; i++) {
            sp.debts[i].is_due = x->out->loans[i].due <= e->date;
            sp.debts[i].due = x->out->loans[i].due;
            /* the burdens the split compares: those of the loans that owe, when two or
               more do (a debt that owes nothing is left out of the ranking, and one alone
               takes the amount up to what it owes: owed_allocate_ordered) */
            if (owing > 1 && mpq_sgn(sp.owed[i]) > 0)
                owed_burden_kept(&st->day_rates, sp.burden[i], &x->w[i].burden_known,
                                 &x->w[i].burden, rule->burden, x->w[i].loan,
                                 x->out->loans[i].due, e->date,
                                 x->w[i].started && mpq_sgn(x->out->loans[i].principal) > 0);
        }
        owed_split_case_payment(&sp, c, left);
        for (size_t i = 0; i < c->n_loans && rc == 0; i++) {
            if (mpq_sgn(sp.shares[i]) <= 0)
                continue;
            owed_lawful_move *m = move_for(x, event, i);
            if (m == NULL) {
                rc = -1;
                break;
            }
            if (m->allocation == OWED_DECIDED_NONE)
                m->allocation = sp.by[i];
            apply_to_loan(x, &x->w[i], e->date, sp.shares[i], charges_only, m);
            owed_q_add_to(left, sp.shares[i]); /* whatever the loan did not take */
        }
    }
    return rc;
}

/* The store's marks of n loans, all 0, or NULL when memory runs out. */
static unsigned char *loan_marks(struct owed_lawful_store *st, size_t n)
{
    if (n > st->seen_cap || st->seen == NULL) {
        unsigned char *seen = owed_mem_realloc(st->seen, n ? n : 1);
        if (seen == NULL)
            return NULL;
        st->seen = seen;
        st->seen_cap = n ? n : 1;
    }
    memset(st->seen, 0, n);
    return st->seen;
}

static int apply_payment(lw_ctx *x, const owed_event *e)
{
    const owed_case *c = x->c;
    size_t event = (size_t)(e - c->events);
    advance_to_payment(x, (long)event);
    int charges_only = e->paid_for == OWED_PAID_FOR_CHARGES;
    mpq_ptr left = x->pay_left;
    owed_q_set(left, e->amount);
    int rc = 0;
    if (e->loan >= 0) {
        lw_loan *lw = &x->w[e->loan];
        owed_lawful_move *m = move_for(x, event, (size_t)e->loan);
        if (m == NULL) {
            rc = -1;
        } else {
            m->allocation = OWED_DECIDED_DESIGNATED;
            apply_to_loan(x, lw, e->date, left, charges_only, m);
            if (charges_only && lw->started && !paid_off(x, lw)) {
                owed_q_add_to(lw->res->prepaid, left);
                if (x->moves)
                    owed_q_add_to(m->to_prepaid, left);
                owed_q_zero(left);
            }
            fill_band(x, lw, left, m);
            if (x->moves)
                owed_q_add_to(m->to_refund, left);
            rc = add_refund(x, lw, e->date, left) || release_prepaid(x, lw, e->date, m);
            owed_q_zero(left);
        }
    } else if (mpq_sgn(left) > 0) {
        rc = split_across(x, e, event, left, charges_only);
        long held = charges_only ? prepaid_loan(x) : -1;
        if (rc == 0 && held >= 0 && mpq_sgn(left) > 0) {
            owed_lawful_move *m = move_for(x, event, (size_t)held);
            if (m == NULL) {
                rc = -1;
            } else {
                owed_q_add_to(x->w[held].res->prepaid, left);
                if (x->moves)
                    owed_q_add_to(m->to_prepaid, left);
                owed_q_zero(left);
            }
        }
        /* beyond everything enforceable: the bands of the paid-off loans in starts_before
           order (each pass takes the first loan not visited yet), then a refund */
        unsigned char *seen = loan_marks(x->st, c->n_loans);
        if (seen == NULL)
            rc = -1;
        for (size_t pass = 0; rc == 0 && pass < c->n_loans && mpq_sgn(left) > 0; pass++) {
            size_t i = 0;
            while (seen[i])
                i++;
            for (size_t j = i + 1; j < c->n_loans; j++)
                if (!seen[j] && starts_before(x, j, i))
                    i = j;
            seen[i] = 1;
            mpq_srcptr lp = paid_off_line(x, &x->w[i]);
            if (lp == NULL)
                continue;
            band_room(x->t2, &x->w[i], lp);
            if (mpq_sgn(x->t2) <= 0)
                continue;
            owed_lawful_move *m = move_for(x, event, i);
            if (m == NULL)
                rc = -1;
            else /* fill_band, its room made */
                take(left, x->t2, x->w[i].res->charges_paid, NULL, kept_part(x, m->to_band));
        }
        if (rc == 0 && mpq_sgn(left) > 0) {
            size_t target = refund_loan(x);
            owed_lawful_move *m = move_for(x, event, target);
            if (m == NULL) {
                rc = -1;
            } else {
                if (x->moves)
                    owed_q_add_to(m->to_refund, left);
                rc = add_refund(x, &x->w[target], e->date, left);
            }
        }
        for (size_t i = 0; rc == 0 && i < c->n_loans; i++)
            if (mpq_sgn(x->w[i].res->prepaid) > 0 && paid_off(x, &x->w[i])) {
                owed_lawful_move *m = move_for(x, event, i);
                rc = m == NULL ? -1 : release_prepaid(x, &x->w[i], e->date, m);
            }
    }
    return rc;
}

/* ------------------------------------------------------------------ caps */

/* lw->rate_enf, lw->rate_ret = the enforceable and retainable rates of the loan's view,
 * read where they are (no copy); returns 0 when the view sets a cap, -1 when it does not
 * (no period, or charges above the last band are not void). */
static int view_rates(lw_loan *lw)
{
    const owed_cap_view *v = lw->view;
    if (v->n_bands == 0 || v->above != OWED_BAND_VOID)
        return -1;
    /* the limits of the last band of the unbroken runs of enforceable, and of not void,
       bands from the first */
    size_t n_enf = 0, n_ret = 0;
    while (n_enf < v->n_bands && v->effect[n_enf] == OWED_BAND_ENFORCEABLE)
        n_enf++;
    while (n_ret < v->n_bands && v->effect[n_ret] != OWED_BAND_VOID)
        n_ret++;
    if (n_enf > 0) {
        lw->rate_enf = v->limit[n_enf - 1];
    } else {
        owed_q_zero(lw->view_enf);
        lw->rate_enf = lw->view_enf;
    }
    if (n_ret > 0) {
        lw->rate_ret = v->limit[n_ret - 1];
    } else {
        owed_q_zero(lw->view_ret);
        lw->rate_ret = lw->view_ret;
    }
    return 0;
}

/* Whether the loan's tier principal is the one its view was resolved for (tier_gen). */
static int tier_current(lw_loan *lw)
{
    if (lw->view_tier_gen == lw->tier_gen)
        return 1;
    if (!owed_q_equal(lw->tier, lw->view_tier))
        return 0;
    lw->view_tier_gen = lw->tier_gen;
    return 1;
}

/* Brings the loan's cap view (lw->view and its rates) to `day`: resolved again only when
 * `day` is outside the days it is valid for (lawful_impl.h).  Errors as owed_regime_cap_on,
 * leaving the view invalid. */
static owed_status resolve_view(lw_ctx *x, lw_loan *lw, owed_date day);

static inline owed_status loan_view(lw_ctx *x, lw_loan *lw, owed_date day)
{
    int overdue = day > lw->res->due;
    if (lw->view_valid && day >= lw->view_from && day < lw->view_until &&
        (!x->views_by_overdue || overdue == lw->view_overdue) &&
        (!x->views_by_tier || tier_current(lw))) {
        if (lw->view->uses_table && lw->view->table_ref == OWED_REF_ACCRUAL)
            lw->view->table_date = day;
        return OWED_OK;
    }
    return resolve_view(x, lw, day);
}

/* loan_view's resolution, out of the line of its test (most days keep the view). */
static __attribute__((noinline)) owed_status resolve_view(lw_ctx *x, lw_loan *lw,
                                                          owed_date day)
{
    int overdue = day > lw->res->due;
    lw->view_valid = 0;
    lw->own_next_valid = 0;
    int applies = 0;
    /* the cap by the loan's tier principal and overdue state (owed_cap_select) */
    owed_cap_select sel = {.tier = lw->keeps_tier ? lw->tier : NULL, .overdue = overdue};
    /* into the view or its spare: nothing points into the other between resolutions
       (view_rates sets rate_enf and rate_ret at each) */
    owed_status st =
        owed_regime_cap_for_kept(x->reg, lw->loan->contracted, x->out->filing, day, &sel,
                                 &lw->view, &lw->spare_view, &applies, x->err);
    if (st != OWED_OK)
        return st;
    lw->view_overdue = overdue;
    if (lw->keeps_tier) {
        owed_q_set(lw->view_tier, lw->tier);
        lw->view_tier_gen = lw->tier_gen;
    }
    lw->view_capped = applies && view_rates(lw) == 0;
    lw->view_claim_bound = 0;
    if (lw->view_capped && lw->claim_rate != NULL) {
        /* the claim asks for no more than its own rate */
        owed_rate_annualise(x->t3, lw->claim_rate->rate, lw->claim_rate->rate_per,
                            lw->view->basis);
        if (owed_q_cmp(x->t3, lw->rate_enf) < 0) {
            owed_q_set(lw->view_enf, x->t3);
            lw->rate_enf = lw->view_enf;
            lw->view_claim_bound = 1;
        }
    }
    lw->view_from = day;
    lw->view_until = owed_regime_view_until_kept(x->reg, lw->loan->contracted, day, &x->st->spans);
    lw->view_valid = 1;
    lw->view_gen++;
    lw->own_next_valid = 0; /* view_until moved */
    return OWED_OK;
}

/* Whether the rates enf and ret, last found equal to the view's when the view's count was
 * *gen, are the view's (view_gen, lawful_impl.h); *gen catches up when they are. */
static inline int rates_current(lw_loan *lw, unsigned long *gen, mpq_srcptr enf, mpq_srcptr ret)
{
    if (*gen == lw->view_gen)
        return 1;
    if (!owed_q_equal(enf, lw->rate_enf) || !owed_q_equal(ret, lw->rate_ret))
        return 0;
    *gen = lw->view_gen;
    return 1;
}

/* Whether the pending caps' rates are the view's. */
static int pend_rates_current(lw_loan *lw)
{
    return rates_current(lw, &lw->pend_gen, lw->pend_enf, lw->pend_ret);
}

/* Whether the last segment's rates are the view's; the last segment is capped. */
static int segment_rates_current(lw_loan *lw, const owed_cap_segment *s)
{
    return rates_current(lw, &lw->seg_gen, s->enforceable, s->retained);
}

/* Extends the loan's last segment with `day`, or starts a new one when the cap (the loan's
 * view, when `capped`) changed. */
static int new_segment(lw_loan *lw, owed_date day, int capped);

static inline int note_segment(lw_loan *lw, owed_date day, int capped)
{
    owed_lawful_loan *l = lw->res;
    const owed_cap_view *v = lw->view;
    if (l->n_segments > 0) {
        owed_cap_segment *s = &l->segments[l->n_segments - 1];
        int same = s->to == day &&
                   (capped ? s->period == v->period && segment_rates_current(lw, s) &&
                                 s->table_fixing == (v->uses_table ? v->table_fixing : 0) &&
                                 s->table_beyond_complete == v->table_beyond_complete &&
                                 s->claim_bound == lw->view_claim_bound
                           : s->period == NULL);
        if (same) {
            s->to = day + 1;
            return 0;
        }
    }
    return new_segment(lw, day, capped);
}

/* note_segment's new segment, out of the line of its test (most days extend the last). */
static __attribute__((noinline)) int new_segment(lw_loan *lw, owed_date day, int capped)
{
    owed_lawful_loan *l = lw->res;
    const owed_cap_view *v = lw->view;
    owed_cap_segment *s;
    if (l->n_segments < l->segments_made) {
        /* one an earlier replay made (owed_lawful_replay_into): its numbers set to 0 */
        s = &l->segments[l->n_segments++];
        mpq_t enf, ret, rate;
        *enf = *s->enforceable;
        *ret = *s->retained;
        *rate = *s->table_rate;
        memset(s, 0, sizeof *s);
        *s->enforceable = *enf;
        *s->retained = *ret;
        *s->table_rate = *rate;
        owed_q_zero(s->enforceable);
        owed_q_zero(s->retained);
        owed_q_zero(s->table_rate);
    } else {
        owed_cap_segment *segs =
            owed_mem_realloc(l->segments, (l->n_segments + 1) * sizeof *segs);
        if (segs == NULL)
            return -1;
        l->segments = segs;
        s = &segs[l->n_segments++];
        memset(s, 0, sizeof *s);
        mpq_inits(s->enforceable, s->retained, s->table_rate, NULL);
        l->segments_made = l->n_segments;
    }
    s->from = day;
    s->to = day + 1;
    lw->seg_gen = 0; /* no view's: an uncapped segment has no rates */
    if (capped) {
        lw->seg_gen = lw->view_gen;
        s->claim_bound = lw->view_claim_bound;
        s->period = v->period;
        owed_q_set(s->enforceable, lw->rate_enf);
        owed_q_set(s->retained, lw->rate_ret);
        s->uses_table = v->uses_table;
        s->basis = v->basis;
        s->count = v->count;
        if (v->uses_table) {
            s->table_ref = v->table_ref;
            s->table_date = v->table_date;
            s->table_fixing = v->table_fixing;
            owed_q_set(s->table_rate, v->table_rate);
            s->table_beyond_complete = v->table_beyond_complete;
            s->table_unconfirmed = v->table_unconfirmed;
        }
    }
    return 0;
}

/* x->t1 = the loan's pending days on their base (base x days), which every rate's pending
 * cap multiplies (pending_cap_at). */
static void pending_base_days(lw_ctx *x, const lw_loan *lw)
{
    unsigned long n = lw->pend_count, d = (unsigned long)lw->pend_year;
    if (mpq_sgn(lw->pend_days) == 0 && n > 0) {
        /* the days of one year length (most): the base by their fraction in one step (the
           base is not 0: pending days have a positive base) */
        unsigned long g = owed_gcd_ul(d, n % d);
        owed_q_mul_by(x->t1, lw->pend_base, n / g, d / g, 0);
        return;
    }
    owed_q_set_frac(x->t1, n, d);
    owed_q_add_to(x->t1, lw->pend_days);
    owed_q_mul(x->t1, x->t1, lw->pend_base);
}

/* out = the cap the pending days add at `rate` (x->t1 from pending_base_days x rate),
 * rounded as the regime rounds each lawful period.  out must not be x->t1. */
static void pending_cap_at(lw_ctx *x, const mpq_t rate, mpq_t out)
{
    owed_q_mul(out, x->t1, rate);
    const owed_day_rule *dr = owed_regime_day_rule(x->reg);
    if (dr->has_rounding)
        owed_money_round(out, dr->rounding_unit, dr->rounding, &x->c->currency);
}

/* out = the cap the loan's pending days add at `rate` (base x days x rate), rounded as the
 * regime rounds each lawful period.  Nothing changes but x->t1.  out must not be x->t1. */
static void pending_cap(lw_ctx *x, const lw_loan *lw, const mpq_t rate, mpq_t out)
{
    pending_base_days(x, lw);
    pending_cap_at(x, rate, out);
}

/* Adds the pending cap accruals of one loan to its caps. */
static void flush_caps(lw_ctx *x, lw_loan *lw)
{
    if (!lw->pend_active)
        return;
    owed_lawful_loan *l = lw->res;
    lw->pend_active = 0;
    if (!owed_regime_day_rule(x->reg)->has_rounding && mpq_sgn(lw->pend_days) == 0 &&
        lw->pend_count > 0 &&
        (lw->caps_summed ? lw->caps_year == lw->pend_year
                         : mpq_sgn(l->cap_enforceable) == 0 && mpq_sgn(l->cap_retained) == 0)) {
        /* the days of one year length: caps_sum / year x each rate, the same value as the
           sum of the products (none rounded); the base is not 0 (pending days have a
           positive base), nor then the sum */
        owed_q_mul_by(x->t1, lw->pend_base, lw->pend_count, 1, 0);
        if (lw->caps_summed) {
            owed_q_add_to(lw->caps_sum, x->t1);
        } else {
            owed_q_set(lw->caps_sum, x->t1);
            lw->caps_summed = 1;
            lw->caps_year = lw->pend_year;
        }
        owed_q_mul_by(x->t1, lw->caps_sum, 1, (unsigned long)lw->caps_year, 0);
        owed_q_mul(l->cap_enforceable, x->t1, lw->pend_enf);
        if (lw->pend_same)
            owed_q_set(l->cap_retained, l->cap_enforceable);
        else
            owed_q_mul(l->cap_retained, x->t1, lw->pend_ret);
        return;
    }
    lw->caps_summed = 0;
    pending_base_days(x, lw); /* the same for both rates */
    pending_cap_at(x, lw->pend_enf, x->t2);
    owed_q_add_to(l->cap_enforceable, x->t2);
    if (!lw->pend_same) /* else the same amount */
        pending_cap_at(x, lw->pend_ret, x->t2);
    owed_q_add_to(l->cap_retained, x->t2);
}

/* Brings a loan's caps and K_L up to date, and lets prepaid charges absorb what accrued:
 * payments read these figures. */
static void bring_current_loan(lw_ctx *x, lw_loan *lw)
{
    flush_caps(x, lw);
    lw_agreed_flush(x, lw);
    update_limits(x);
    absorb_prepaid(x, lw);
}

static void bring_current(lw_ctx *x)
{
    for (size_t i = 0; i < x->c->n_loans; i++) {
        flush_caps(x, &x->w[i]);
        lw_agreed_flush(x, &x->w[i]);
    }
    update_limits(x);
    for (size_t i = 0; i < x->c->n_loans; i++)
        absorb_prepaid(x, &x->w[i]);
}

/* out += the interest the refund has earned to the end of `day` and not had applied. */
static void refund_earned(lw_ctx *x, const owed_lawful_refund *r, owed_date day, mpq_t out)
{
    owed_q_add_to(out, r->carried);
    owed_regime_refund_interest(x->reg, out, r->amount, r->arose, r->interest_from, day + 1);
}

/* The refund that arose first with something left to apply, or NULL. */
static owed_lawful_refund *oldest_refund(lw_ctx *x, owed_lawful_loan **owner)
{
    owed_lawful_refund *best = NULL;
    for (size_t i = 0; i < x->c->n_loans; i++) {
        owed_lawful_loan *l = x->w[i].res;
        for (size_t k = 0; k < l->n_refunds; k++) {
            owed_lawful_refund *r = &l->refunds[k];
            int left = mpq_sgn(r->amount) > 0 || mpq_sgn(r->carried) > 0;
            if (left && (best == NULL || r->arose < best->arose)) {
                best = r;
                *owner = l;
            }
        }
    }
    return best;
}

/* The principal at the start of the day (lw->start_of_day) is the principal now; nothing to
 * copy for a loan that owes none and owed none (most of a book's, most days). */
static void start_day(lw_loan *lw)
{
    if (!lw->keeps_start_of_day)
        return; /* read by nothing (most regimes count the first day, not the last) */
    if (mpq_sgn(lw->res->principal) != 0 || mpq_sgn(lw->start_of_day) != 0)
        owed_q_set(lw->start_of_day, lw->res->principal);
}

/* <overpayment apply="later-advances">: the overpayments outstanding are set against the
 * money advanced on `day`, loan by loan, each overpayment's interest to the day first, then
 * its amount; what is applied lowers the advanced loan's principal as a payment would
 * (principal_paid, offset_received).  The interest applied stops earning; an overpayment
 * partly applied earns from the next day on what is left. */
static void apply_overpayments(lw_ctx *x, owed_date day)
{
    if (!owed_regime_overpayment(x->reg)->apply_to_advances)
        return;
    mpq_t advance, earned, take;
    mpq_inits(advance, earned, take, NULL);
    for (size_t i = 0; i < x->c->n_loans; i++) {
        lw_loan *lw = &x->w[i];
        if (!lw->started || lw->last_advance != day)
            continue;
        owed_q_zero(advance);
        for (size_t k = 0; k < lw->loan->n_disbursements; k++)
            if (lw->loan->disbursements[k].date == day)
                owed_q_add_to(advance, lw->loan->disbursements[k].amount);
        owed_lawful_loan *owner = NULL;
        owed_lawful_refund *r;
        while (mpq_sgn(advance) > 0 && (r = oldest_refund(x, &owner)) != NULL) {
            /* its interest to the day (rounded as the regime rounds each interval) becomes
               carried, running again from tomorrow */
            owed_q_zero(earned);
            owed_regime_refund_interest(x->reg, earned, r->amount, r->arose, r->interest_from,
                                        day + 1);
            const owed_day_rule *dr = owed_regime_day_rule(x->reg);
            if (dr->has_rounding)
                owed_money_round(earned, dr->rounding_unit, dr->rounding, &x->c->currency);
            owed_q_add_to(r->carried, earned);
            r->interest_from = day + 1;
            /* interest first */
            owed_q_set(take, owed_q_cmp(advance, r->carried) < 0 ? advance : r->carried);
            owed_q_sub_from(r->carried, take);
            owed_q_add_to(r->interest_applied, take);
            owed_q_add_to(owner->refund_interest_applied, take);
            owed_q_sub_from(advance, take);
            owed_q_add_to(lw->res->offset_received, take);
            owed_q_add_to(lw->res->principal_paid, take);
            owed_q_sub_from(lw->res->principal, take);
            /* then the amount */
            owed_q_set(take, owed_q_cmp(advance, r->amount) < 0 ? advance : r->amount);
            owed_q_sub_from(r->amount, take);
            owed_q_add_to(r->applied, take);
            owed_q_sub_from(owner->refund, take);
            owed_q_sub_from(advance, take);
            owed_q_add_to(lw->res->offset_received, take);
            owed_q_add_to(lw->res->principal_paid, take);
            owed_q_sub_from(lw->res->principal, take);
            for (size_t j = 0; j < x->c->n_loans; j++)
                if (x->w[j].res == owner)
                    x->w[j].touched = 1;
        }
        start_day(lw);
    }
    mpq_clears(advance, earned, take, NULL);
}

/* Measures the tier principal of the loans advanced on `day`, after all the day's advances
 * (loans advanced on one day are tiered on their sum under measure="outstanding"). */
static void measure_tiers(lw_ctx *x, owed_date day)
{
    if (!x->views_by_tier)
        return; /* no cap period reads a tier */
    const owed_tier_rule *tr = owed_regime_tier(x->reg);
    size_t n = x->c->n_loans;
    owed_q_zero(x->t1);
    if (tr->outstanding)
        for (size_t i = 0; i < n; i++)
            if (x->w[i].started)
                owed_q_add_to(x->t1, x->w[i].res->principal);
    for (size_t i = 0; i < n; i++) {
        lw_loan *lw = &x->w[i];
        if (!lw->started || lw->last_advance != day)
            continue;
        const mpq_t *m = tr->outstanding ? (const mpq_t *)&x->t1
                                         : (const mpq_t *)&lw->res->principal;
        if (!tr->down_only || owed_q_cmp(*m, lw->tier) > 0) {
            owed_q_set(lw->tier, *m);
            lw->tier_gen++;
        }
        if (tr->down_only && tr->outstanding) {
            if (owed_q_cmp(lw->tier, x->tier_floor) < 0) {
                owed_q_set(lw->tier, x->tier_floor);
                lw->tier_gen++;
            }
            owed_q_set(x->tier_floor, lw->tier);
        }
    }
}

/* Rounding in parts, one per calendar year (rounding-per="calendar-year"): the caps pending
 * end at every 1 January. */
static void year_part(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_day_rule *dr = owed_regime_day_rule(x->reg);
    if (!dr->rounding_per_year || !lw->pend_active)
        return;
    int y, m, d;
    owed_date_to_ymd(day, &y, &m, &d);
    if (m == 1 && d == 1)
        flush_caps(x, lw);
}

/* Accrues the caps of one loan for one day. */
static inline __attribute__((always_inline)) owed_status accrue_caps(lw_ctx *x, lw_loan *lw,
                                                                  owed_date day, int final_day)
{
    owed_lawful_loan *l = lw->res;
    owed_status st = loan_view(x, lw, day);
    if (st != OWED_OK)
        return st;
    int capped = lw->view_capped;
    owed_day_count count = capped ? lw->view->count : OWED_COUNT_FIRST_NOT_LAST;
    if (final_day && count != OWED_COUNT_BOTH_ENDS)
        return OWED_OK;
    const mpq_t *base = count == OWED_COUNT_BOTH_ENDS ? (const mpq_t *)&lw->start_of_day
                                                      : (const mpq_t *)&l->principal;
    if (mpq_sgn(*base) <= 0)
        return OWED_OK;
    if (note_segment(lw, day, capped))
        return owed_error_set(x->err, OWED_E_NOMEM, x->c->file, 0, _("out of memory"));
    if (!capped) {
        l->uncapped_days++;
        return OWED_OK;
    }
    /* cap += base x rate / year length, for both caps: pending until the base or a rate
     * changes (see lw_loan), or the year does when the regime rounds by calendar year */
    year_part(x, lw, day);
    if (lw->pend_active && (!pend_rates_current(lw) || !owed_q_equal(lw->pend_base, *base)))
        flush_caps(x, lw);
    int year = owed_basis_year_length(lw->view->basis, day);
    if (!lw->pend_active) {
        lw->pend_active = 1;
        owed_q_set(lw->pend_base, *base);
        if (!pend_rates_current(lw)) { /* the last pending days' rates are kept */
            owed_q_set(lw->pend_enf, lw->rate_enf);
            owed_q_set(lw->pend_ret, lw->rate_ret);
            lw->pend_same = owed_q_equal(lw->pend_enf, lw->pend_ret);
            lw->caps_summed = 0; /* caps_sum was at the rates before */
            lw->pend_gen = lw->view_gen;
        }
        owed_q_zero(lw->pend_days);
        lw->pend_year = year;
        lw->pend_count = 0;
    } else if (year != lw->pend_year) {
        owed_q_set_frac(x->t2, lw->pend_count, (unsigned long)lw->pend_year);
        owed_q_add_to(lw->pend_days, x->t2);
        lw->pend_year = year;
        lw->pend_count = 0;
    }
    lw->pend_count++;
    return OWED_OK;
}

/* ------------------------------------------------------------------ samples */

/* The loan's enforceable line Lp and costs charged as a replay ending on `day` would give
 * them (sample.h): the caps and K_L with what has not been added yet (as such a replay adds
 * it at its end, rounded), and the cap of `day` itself where the period counts both end
 * days.  Nothing changes. */
static owed_status peek_lines(lw_ctx *x, lw_loan *lw, owed_date day, mpq_t lp, mpq_t costs)
{
    owed_lawful_loan *l = lw->res;
    mpq_ptr k = x->peek_k, cap = x->peek_cap;
    /* K_L */
    owed_q_set(k, l->agreed_charges);
    owed_q_set(costs, l->costs_charged);
    owed_component comps[2] = {OWED_COMP_INTEREST, OWED_COMP_PENALTY};
    lw_period *periods[2] = {&lw->interest, &lw->penalty};
    for (int i = 0; i < 2; i++) {
        lw_period_amount(x, lw, periods[i], comps[i], x->amount);
        if (owed_regime_counts_component(x->reg, comps[i]))
            owed_q_add_to(k, x->amount);
        else
            owed_q_add_to(costs, x->amount);
    }
    lw_run_pending(&lw->run_charges, x->amount);
    owed_q_add_to(k, x->amount);
    lw_run_pending(&lw->run_costs, x->amount);
    owed_q_add_to(costs, x->amount);
    /* C_enf */
    owed_q_set(cap, l->cap_enforceable);
    if (lw->pend_active) {
        pending_cap(x, lw, lw->pend_enf, x->t2);
        owed_q_add_to(cap, x->t2);
    }
    owed_status st = loan_view(x, lw, day);
    if (st == OWED_OK) {
        /* an uncapped day itself does not count (accrue_caps leaves the last day out) */
        if (lw->view_capped && lw->view->count == OWED_COUNT_BOTH_ENDS &&
            mpq_sgn(lw->start_of_day) > 0) {
            /* the day itself counts: on the principal at its start (at the claim's own rate,
               when lower, as accrue_caps applies it) */
            mpq_set_ui(x->t2, 1, (unsigned long)owed_basis_year_length(lw->view->basis, day));
            owed_q_mul(x->t2, x->t2, lw->start_of_day);
            owed_q_mul(x->t2, x->t2, lw->rate_enf);
            owed_q_add_to(cap, x->t2);
        }
        line_of(lp, l, k, cap);
    }
    return st;
}

/* out = the loan's balance by law as a replay ending on `day` would give it (sample.h):
 * peek_lines, prepaid charges counted against what is owed (absorbing them changes no
 * balance), and none held on a loan paid off (such a replay releases them to the band or a
 * refund).  Nothing changes. */
static owed_status peek_balance(lw_ctx *x, lw_loan *lw, owed_date day, mpq_t out)
{
    owed_lawful_loan *l = lw->res;
    owed_q_zero(out);
    if (!lw->started)
        return OWED_OK;
    mpq_ptr lp = x->peek_lp, costs = x->peek_costs;
    owed_status st = peek_lines(x, lw, day, lp, costs);
    if (st == OWED_OK) {
        owed_q_diff(x->t1, lp, l->charges_paid);
        if (mpq_sgn(x->t1) > 0)
            owed_q_add_to(out, x->t1);
        int charges_left = mpq_sgn(x->t1) > 0;
        owed_q_diff(x->t1, costs, l->costs_paid);
        if (mpq_sgn(x->t1) > 0)
            owed_q_add_to(out, x->t1);
        int costs_left = mpq_sgn(x->t1) > 0;
        owed_q_add_to(out, l->principal);
        int paid_off = mpq_sgn(l->principal) <= 0 && !charges_left && !costs_left &&
                       fully_delivered(lw);
        if (!paid_off)
            owed_q_sub_from(out, l->prepaid);
    }
    return st;
}

/* Records a checkpoint of the loan (owed_lawful_checkpoint) on `day`: its figures as a
 * replay ending that day would give them (peek_lines; prepaid charges absorbing what they
 * can, as such a replay's end does). */
static owed_status checkpoint(lw_ctx *x, size_t i, owed_date day)
{
    lw_loan *lw = &x->w[i];
    owed_lawful_loan *l = lw->res;
    owed_lawful *o = x->out;
    if (o->n_checkpoints == o->cap_checkpoints) {
        size_t cap = o->cap_checkpoints ? 2 * o->cap_checkpoints : 64;
        owed_lawful_checkpoint *cp = owed_mem_realloc(o->checkpoints, cap * sizeof *cp);
        if (cp == NULL)
            return owed_error_set(x->err, OWED_E_NOMEM, x->c->file, 0, _("out of memory"));
        o->checkpoints = cp;
        o->cap_checkpoints = cap;
    }
    owed_lawful_checkpoint *cp = &o->checkpoints[o->n_checkpoints];
    for (int f = 0; f < OWED_LF_COUNT; f++)
        mpq_init(cp->fig[f]);
    o->n_checkpoints++;
    cp->date = day;
    cp->loan = i;
    mpq_t *fig = cp->fig;
    owed_status st = peek_lines(x, lw, day, fig[OWED_LF_CHARGES], fig[OWED_LF_COSTS]);
    if (st != OWED_OK)
        return st;
    owed_q_set(fig[OWED_LF_BASIS], l->principal_basis);
    owed_q_set(fig[OWED_LF_COSTS_PAID], l->costs_paid);
    owed_q_set(fig[OWED_LF_PRINCIPAL_PAID], l->principal_paid);
    owed_q_set(fig[OWED_LF_REFUND], l->refund);
    owed_q_set(fig[OWED_LF_OFFSET], l->offset_received);
    owed_q_set(fig[OWED_LF_REFUND_INTEREST], l->refund_interest_applied);
    for (size_t k = 0; k < l->n_refunds; k++)
        refund_earned(x, &l->refunds[k], day, fig[OWED_LF_REFUND_INTEREST]);
    /* prepaid charges absorb what is unpaid */
    owed_q_diff(x->t1, fig[OWED_LF_CHARGES], l->charges_paid);
    if (mpq_sgn(x->t1) < 0 || mpq_sgn(l->prepaid) <= 0)
        owed_q_zero(x->t1);
    else if (owed_q_cmp(x->t1, l->prepaid) > 0)
        owed_q_set(x->t1, l->prepaid);
    owed_q_sum(fig[OWED_LF_CHARGES_PAID], l->charges_paid, x->t1);
    owed_q_diff(fig[OWED_LF_PREPAID], l->prepaid, x->t1);
    owed_q_diff(fig[OWED_LF_KEPT], fig[OWED_LF_CHARGES_PAID], fig[OWED_LF_CHARGES]);
    if (mpq_sgn(fig[OWED_LF_KEPT]) < 0)
        owed_q_zero(fig[OWED_LF_KEPT]);
    return OWED_OK;
}

/* Answers the sample requests of `day` (sample.h). */
static owed_status answer_samples(lw_ctx *x, owed_date day)
{
    const owed_case *c = x->c;
    for (; x->next_req < x->n_req && x->req[x->next_req].date <= day; x->next_req++) {
        const owed_sample_request *q = &x->req[x->next_req];
        if (q->date < day)
            continue; /* before the first day of the history: nothing yet */
        for (size_t i = 0; i < c->n_loans; i++) {
            if (q->loan >= 0 && (size_t)q->loan != i)
                continue;
            owed_status st = peek_balance(x, &x->w[i], day, x->sample_b);
            owed_q_add_to(x->out->samples[x->next_req], x->sample_b);
            if (st != OWED_OK)
                return st;
        }
    }
    return OWED_OK;
}

/* ------------------------------------------------------------------ the walk */

/* The first day a loan of the case has money delivered on from now (its next disbursement;
 * INT32_MAX: none left). */
static owed_date next_delivery(const lw_ctx *x)
{
    owed_date next = INT32_MAX;
    for (size_t i = 0; i < x->c->n_loans; i++) {
        const lw_loan *lw = &x->w[i];
        if (lw->disb_next < lw->loan->n_disbursements &&
            lw->loan->disbursements[lw->disb_next].date < next)
            next = lw->loan->disbursements[lw->disb_next].date;
    }
    return next;
}

static void deliver(lw_ctx *x, lw_loan *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    owed_lawful_loan *l = lw->res;
    while (lw->disb_next < L->n_disbursements && L->disbursements[lw->disb_next].date == day) {
        const mpq_t *a = (const mpq_t *)&L->disbursements[lw->disb_next++].amount;
        lw->touched = 1;
        lw->own_next_valid = 0;
        lw->last_advance = day;
        lw_agreed_flush(x, lw);
        flush_caps(x, lw);
        owed_q_add_to(l->principal_basis, *a);
        owed_q_add_to(l->principal, *a);
        if (lw->started)
            continue;
        lw->started = 1;
        lw->first_day = day;
        /* what was kept back: the nominal principal less all the money delivered */
        owed_q_set(l->withheld, L->principal);
        for (size_t k = 0; k < L->n_disbursements; k++)
            owed_q_sub_from(l->withheld, L->disbursements[k].amount);
        if (mpq_sgn(l->withheld) < 0)
            owed_q_zero(l->withheld);
        const owed_principal_rule *pr = owed_regime_principal(x->reg);
        if (pr->basis == OWED_PRINCIPAL_NOMINAL) {
            /* the nominal principal: the withheld part counts as principal from the start */
            owed_q_add_to(l->principal_basis, l->withheld);
            owed_q_add_to(l->principal, l->withheld);
        } else if (pr->withheld == OWED_WITHHELD_CHARGE) {
            lw_agreed_add(x, lw, OWED_COMP_INTEREST, l->withheld);
        }
        lw_agreed_disbursement_fees(x, lw);
    }
}

static void extend(lw_ctx *x, const owed_event *e)
{
    lw_loan *lw = &x->w[e->loan];
    lw->touched = 1;
    lw->own_next_valid = 0;
    lw->res->due = e->new_due;
    if (mpq_sgn(e->amount) > 0)
        lw_agreed_add(x, lw, OWED_COMP_FEE, e->amount);
}

/* The exact figures of the lawful view grow as the contract's do (contract.c, post()):
 * after each payment, the principal of the loans it paid is bounded like the contract's
 * balance (OWED_MAX_EXACT_DIGITS), and the error is located at the payment. */
static owed_status check_digits(lw_ctx *x, const owed_event *e)
{
    long max_digits = x->max_digits;
    for (size_t i = 0; i < x->c->n_loans; i++) {
        if (e->loan >= 0 && (size_t)e->loan != i)
            continue;
        mpz_srcptr den = mpq_denref(x->w[i].res->principal);
        if (mpz_size(den) <= 1 && max_digits >= 21)
            continue; /* one word: at most 20 digits, which mpz_sizeinbase may count 21 */
        size_t digits = mpz_sizeinbase(den, 10);
        if (digits <= (size_t)max_digits)
            continue;
        char when[OWED_DATE_TEXT_SIZE];
        owed_date_format(e->date, when);
        return owed_error_set(
            x->err, OWED_E_LIMIT, x->c->file, e->line,
            _("loan %s: the exact balance after the %s of %s on %s has a denominator of %zu "
              "digits, which exceeds the limit of %ld (%s): the fractions of the rates "
              "multiply with each payment that reaches the principal; round each period "
              "(rounding= on <interest> and <overdue>, owed-case(5) CONVENTIONS)"),
            x->w[i].loan->id, owed_posting_kind_name(OWED_POST_PAYMENT),
            owed_component_name(OWED_COMP_PRINCIPAL), when, digits, max_digits,
            owed_limit_name(OWED_LIMIT_EXACT_DIGITS));
    }
    return OWED_OK;
}

/* ------------------------------------------------------------------ plain days */

/* Plain days.  After the work of `day`, the days up to the next one with an event, a
 * disbursement or a sample request, or that is a started loan's due date in force, the day
 * after it (the cap view's overdue state), the end of its grace, the start of a fee's
 * period, the end of its cap view (owed_regime_view_until: the view, and with it the
 * rates, the period's rounding and the day count, is the same until then), or the first
 * of January (year lengths; rounding by calendar year), are plain: on each of them every
 * loan does what it did the day before, or nothing.  No advance, so no overpayment applied
 * and no tier measured; no payment, so no period of the caps or of K_L ends, no refund
 * arises and its rate is not looked up; no checkpoint (nothing touches a loan) and no
 * sample.  A loan with no lawful principal outstanding accrues nothing (accrue_caps,
 * lw_agreed_accrue_rates, lw_agreed_accrue_fees; its one-off late fees wait for
 * principal); a loan that accrues adds to each of its runs the amount of the day before,
 * provided each already repeats: its last cap segment ran to the day, its pending caps are
 * on the same base, rates and year length (accrue_caps' pending days), and its agreed
 * charges repeat too (lw_agreed_repeats).  plain_days adds the plain days to the runs, as
 * the day loop would have one by one, and returns the first day that is not plain (day + 1
 * when the next is not, or when some run does not repeat yet).  A loan book's loans are
 * mostly paid, or accrue unchanged, for hundreds of days before the as-of date. */

/* The sooner of `next` and the loan's own days after `day` that may not be plain: its due date
 * in force, the day after it when the regime's cap views select by it (`by_overdue`), the
 * end of its grace and the end of its cap view (its disbursements and fee periods:
 * owed_loan_next_change).  Nothing else changes the day after the due date: the agreed
 * rates, fees and late fees change on the due date and at the end of grace. */
static owed_date loan_next_change(const lw_loan *lw, owed_date day, owed_date next,
                                  int by_overdue)
{
    const owed_loan *L = lw->loan;
    owed_date due = lw->res->due;
    owed_date cand[4] = {due, by_overdue ? due + 1 : due, due + owed_loan_grace_days(L),
                         lw->view_valid ? lw->view_until : next};
    for (int i = 0; i < 4; i++)
        next = owed_date_sooner(next, day, cand[i]);
    return next;
}

/* The first day after `day` that may not be plain for any loan: the one before `until` at
 * the latest. */
static owed_date next_change(lw_ctx *x, owed_date day, size_t ev, owed_date until)
{
    const owed_case *c = x->c;
    const owed_date *sample = x->next_req < x->n_req ? &x->req[x->next_req].date : NULL;
    owed_date next = until;
    if (x->new_year_stops) {
        next = owed_case_next_change(c, ev, sample, day, until);
    } else { /* owed_case_next_change without its 1 January */
        if (ev < c->n_events)
            next = owed_date_sooner(next, day, c->events[ev].date);
        if (sample != NULL)
            next = owed_date_sooner(next, day, *sample);
    }
    for (size_t i = 0; i < c->n_loans; i++) {
        lw_loan *lw = &x->w[i];
        if (!lw->own_next_valid || day >= lw->own_next) {
            /* the sooner of the loan's own days after `day` (INT32_MAX: none) */
            owed_date own = owed_loan_next_change(lw->loan, lw->disb_next, lw->started,
                                                  lw->first_day, day, INT32_MAX);
            if (lw->started)
                own = loan_next_change(lw, day, own, x->views_by_overdue);
            lw->own_next = own;
            lw->own_next_valid = 1;
        }
        next = owed_date_sooner(next, day, lw->own_next);
    }
    return next;
}

/* Whether the loan's caps take, on the plain day `day`, what they took the day before
 * (accrue_caps: a cached view; the last segment extended; the same pending days). */
static int caps_repeat(lw_loan *lw, owed_date day)
{
    const owed_lawful_loan *l = lw->res;
    if (!lw->view_valid)
        return 0;
    if (mpq_sgn(l->principal) <= 0)
        return 1;
    if (l->n_segments == 0 || l->segments[l->n_segments - 1].to != day)
        return 0;
    if (!lw->view_capped)
        return 1;
    return lw->pend_active && lw->pend_year == owed_basis_year_length(lw->view->basis, day) &&
           owed_q_equal(lw->pend_base, l->principal) && pend_rates_current(lw);
}

/* Adds the plain days up to `last`, k of them, to a started loan's caps. */
static void caps_take_days(lw_loan *lw, owed_date last, unsigned long k)
{
    owed_lawful_loan *l = lw->res;
    if (lw->view->uses_table && lw->view->table_ref == OWED_REF_ACCRUAL)
        lw->view->table_date = last; /* loan_view on each day */
    if (mpq_sgn(l->principal) <= 0)
        return;
    l->segments[l->n_segments - 1].to = last + 1;
    if (lw->view_capped)
        lw->pend_count += k;
    else
        l->uncapped_days += (long)k;
}

static owed_date plain_days(lw_ctx *x, owed_date day, size_t ev, owed_date until)
{
    const owed_case *c = x->c;
    owed_date next = next_change(x, day, ev, until);
    if (next <= day + 1)
        return day + 1;
    for (size_t i = 0; i < c->n_loans; i++) {
        lw_loan *lw = &x->w[i];
        if (lw->started && (!caps_repeat(lw, day + 1) ||
                            (lw_accrues(lw) && !lw_agreed_repeats(x, lw, day + 1))))
            return day + 1;
    }
    /* days day + 1 .. next - 1 are plain: each accruing run takes them */
    unsigned long k = (unsigned long)(next - day - 1);
    for (size_t i = 0; i < c->n_loans; i++) {
        lw_loan *lw = &x->w[i];
        start_day(lw);
        if (!lw->started)
            continue;
        caps_take_days(lw, next - 1, k);
        if (lw_accrues(lw))
            lw_agreed_take_days(x, lw, day + 1, next - 1);
    }
    x->today = next - 1;
    return next;
}

static owed_status run(lw_ctx *x, owed_date until)
{
    const owed_case *c = x->c;
    owed_date start = owed_case_first_day(c, until + 1);
    size_t ev = 0;
    for (owed_date day = start; day <= until; day++) {
        x->today = day;
        if (day >= x->next_delivery) {
            /* money delivered today: the overpayments set against it, the tiers measured
               (both only for the loans advanced today) */
            for (size_t i = 0; i < c->n_loans; i++)
                deliver(x, &x->w[i], day);
            x->next_delivery = next_delivery(x);
            if (x->keeps_start_of_day)
                for (size_t i = 0; i < c->n_loans; i++)
                    start_day(&x->w[i]);
            if (x->overpayments_to_advances)
                apply_overpayments(x, day);
            if (x->views_by_tier)
                measure_tiers(x, day);
        } else if (x->keeps_start_of_day) {
            for (size_t i = 0; i < c->n_loans; i++)
                start_day(&x->w[i]);
        }
        size_t day_end = ev;
        while (day_end < c->n_events && c->events[day_end].date == day)
            day_end++;
        for (size_t k = ev; k < day_end; k++)
            if (c->events[k].kind == OWED_EV_EXTENSION)
                extend(x, &c->events[k]);
        for (size_t i = 0; i < c->n_loans; i++) {
            lw_loan *lw = &x->w[i];
            if (!lw->started)
                continue; /* none of them does anything then */
            /* the days they do something on: the due date (maturity fees not charged yet,
               the end of the rates' periods), the end of grace, and fee periods' starts */
            if ((day == lw->res->due && !lw->maturity_done) || lw->has_period_fees)
                lw_agreed_day_charges(x, lw, day);
            if (day == lw->res->due || day == lw->res->due + owed_loan_grace_days(lw->loan))
                lw_agreed_day_boundaries(x, lw, day);
            if (lw->agreed_both_ends)
                lw_agreed_accrue_rates(x, lw, day, OWED_COUNT_BOTH_ENDS);
        }
        for (size_t k = ev; k < day_end; k++) {
            const owed_event *e = &c->events[k];
            if (e->kind == OWED_EV_CHARGE) {
                x->w[e->loan].touched = 1;
                lw_agreed_add(x, &x->w[e->loan], e->component, e->amount);
            } else if (e->kind == OWED_EV_PAYMENT) {
                /* payments read the caps and K_L: of the loan a payment names, or of every
                   loan when it names none (an event of every loan: their periods end) */
                if (e->loan >= 0)
                    bring_current_loan(x, &x->w[e->loan]);
                else
                    bring_current(x);
                if (apply_payment(x, e))
                    return owed_error_set(x->err, OWED_E_NOMEM, c->file, e->line,
                                          _("out of memory"));
                owed_status big = check_digits(x, e);
                if (big != OWED_OK)
                    return big;
            }
        }
        ev = day_end;
        for (size_t i = 0; x->any_late_once && i < c->n_loans; i++)
            if (x->w[i].has_late_once && lw_accrues(&x->w[i])) /* else it charges none */
                lw_agreed_late_fees_once(x, &x->w[i], day);
        if (x->next_req < x->n_req) {
            owed_status st = answer_samples(x, day);
            if (st != OWED_OK)
                return st;
        }
        /* checkpoints: the loans something happened to today, every started loan on the
           last day */
        for (size_t i = 0; x->checkpoints && i < c->n_loans; i++) {
            if (!x->w[i].started || (!x->w[i].touched && day != until))
                continue;
            x->w[i].touched = 0;
            owed_status st = checkpoint(x, i, day);
            if (st != OWED_OK)
                return st;
        }
        for (size_t i = 0; i < c->n_loans; i++) {
            if (!x->w[i].started)
                continue;
            owed_status st = accrue_caps(x, &x->w[i], day, day == until);
            if (st != OWED_OK)
                return st;
            if (day < until && lw_accrues(&x->w[i])) {
                lw_agreed_accrue_rates(x, &x->w[i], day, OWED_COUNT_FIRST_NOT_LAST);
                if (x->w[i].keeps_runs) /* else it takes nothing */
                    lw_agreed_accrue_fees(x, &x->w[i], day);
            }
        }
        if (day < until)
            day = plain_days(x, day, ev, until) - 1; /* the loop's day++ makes it the next */
    }
    bring_current(x);
    while (x->cursor < x->ledger->n)
        absorb(x, &x->ledger->items[x->cursor++]);
    return OWED_OK;
}

/* Interest on each refund, from the day after it arose to `until`, both included, each day
 * over the length of its own calendar year (lawful.h (f)). */
static void refund_interest(lw_ctx *x, owed_lawful_loan *l, owed_date until)
{
    for (size_t i = 0; i < l->n_refunds; i++) {
        owed_lawful_refund *r = &l->refunds[i];
        owed_q_set(r->interest, r->carried);
        owed_regime_refund_interest(x->reg, r->interest, r->amount, r->arose, r->interest_from,
                                    until + 1);
        owed_q_add_to(l->refund_interest, r->interest);
    }
    (void)x;
}

static int finish(lw_ctx *x, lw_loan *lw, owed_date until)
{
    owed_lawful_loan *l = lw->res;
    if (release_prepaid(x, lw, until, NULL))
        return -1;
    enforceable_line(l->lawful_charges, l);
    retention_of(l->retention_line, lw, l->lawful_charges);
    /* Lp - charges paid: what is unpaid when above 0, else its opposite is what is kept
       (copied only then) */
    owed_q_diff(l->charges_unpaid, l->lawful_charges, l->charges_paid);
    if (mpq_sgn(l->charges_unpaid) < 0) {
        owed_q_set_neg(l->retained, l->charges_unpaid);
        owed_q_zero(l->charges_unpaid);
    } else {
        owed_q_zero(l->retained);
    }
    owed_q_diff(l->above_cap, l->contract_charges, l->lawful_charges);
    if (mpq_sgn(l->above_cap) < 0)
        owed_q_zero(l->above_cap);
    costs_unpaid(l->balance, l);
    owed_q_add_to(l->balance, l->principal);
    owed_q_add_to(l->balance, l->charges_unpaid);
    owed_q_sub_from(l->balance, l->prepaid);
    refund_interest(x, l, until);
    return 0;
}

/* The regime's limits on the loan itself (owed_loan_limit) and the period limit's amount a
 * month on the money lent (owed_period_limit), into the loan's result. */
static void loan_limits(lw_ctx *x, lw_loan *lw)
{
    const owed_loan *L = lw->loan;
    owed_lawful_loan *l = lw->res;
    const owed_period_limit *pl = owed_regime_period_limit(x->reg);
    if (pl->present) {
        l->has_period_limit = 1;
        lw_period_limit_amount(pl, l->principal_basis, l->period_limit);
    }
    const owed_loan_limit *ll = owed_regime_loan_limit(x->reg);
    if (!ll->present)
        return;
    if (ll->has_amount) {
        l->has_loan_amount = 1;
        owed_q_set(l->loan_amount, L->principal);
        for (size_t i = 0; ll->with_fees && i < L->n_fees; i++)
            if (L->fees[i].at == OWED_FEE_DISBURSEMENT || L->fees[i].at == OWED_FEE_MATURITY) {
                owed_fee_money(x->t1, L->fees[i].is_percent, L->fees[i].amount, L->principal);
                owed_q_add_to(l->loan_amount, x->t1);
            }
        l->amount_exceeded = owed_q_cmp(l->loan_amount, ll->amount) > 0;
    }
    if (ll->has_term) {
        l->has_term = 1;
        l->term_days = (long)(L->due - L->contracted);
        l->term_exceeded = l->term_days > ll->term_days;
    }
}

/* 1 when the loan has a fee charged by the day (a daily fee or a daily late fee): the one
 * kind that runs of charges and costs hold (lw_agreed_accrue_fees). */
static int has_daily_fees(const owed_loan *L)
{
    for (size_t k = 0; k < L->n_fees; k++)
        if (L->fees[k].at == OWED_FEE_PER_DAY)
            return 1;
    for (size_t k = 0; k < L->n_late_fees; k++)
        if (L->late_fees[k].daily)
            return 1;
    return 0;
}

/* The six numbers of a loan's working state that hand_over gives its result: `reused`,
 * taken back from the result an earlier replay made (loans_made), else made; at 0. */
static void work_numbers(lw_loan *w, int reused)
{
    if (reused) {
        owed_lawful_loan *l = w->res;
        *w->pend_base = *l->lawful_charges;
        *w->pend_enf = *l->retention_line;
        *w->pend_ret = *l->charges_unpaid;
        *w->pend_days = *l->retained;
        *w->view_enf = *l->above_cap;
        *w->view_ret = *l->balance;
        owed_q_zero(w->pend_base);
        owed_q_zero(w->pend_enf);
        owed_q_zero(w->pend_ret);
        owed_q_zero(w->pend_days);
        owed_q_zero(w->view_enf);
        owed_q_zero(w->view_ret);
    } else
        mpq_inits(w->pend_base, w->pend_enf, w->pend_ret, w->pend_days, w->view_enf,
                  w->view_ret, NULL);
}

/* The loan's walk is over (whatever its outcome): six of its working numbers, read by the
 * walk alone, become the six figures of its result that loan_init leaves out (their
 * values are anything: finish() sets each whole, and a result freed after a failure only
 * clears them).  The store keeps the rest (slot_reset). */
static void hand_over(lw_loan *w)
{
    owed_lawful_loan *l = w->res;
    *l->lawful_charges = *w->pend_base;
    *l->retention_line = *w->pend_enf;
    *l->charges_unpaid = *w->pend_ret;
    *l->retained = *w->pend_days;
    *l->above_cap = *w->view_enf;
    *l->balance = *w->view_ret;
}

owed_status owed_lawful_replay(const owed_case *c, const owed_regime *reg,
                               const owed_replay *contract, owed_date until, owed_lawful **out,
                               owed_error *err)
{
    return owed_lawful_replay_sampled(c, reg, contract, until, NULL, 0, out, err);
}

owed_status owed_lawful_replay_sampled(const owed_case *c, const owed_regime *reg,
                                       const owed_replay *contract, owed_date until,
                                       const owed_sample_request *req, size_t n_req,
                                       owed_lawful **out, owed_error *err)
{
    return owed_lawful_replay_parts(c, reg, contract, until, req, n_req, 1, 1, out, err);
}

owed_status owed_lawful_replay_parts(const owed_case *c, const owed_regime *reg,
                                     const owed_replay *contract, owed_date until,
                                     const owed_sample_request *req, size_t n_req,
                                     int checkpoints, int moves, owed_lawful **out,
                                     owed_error *err)
{
    return owed_lawful_replay_into(c, reg, contract, until, req, n_req, checkpoints, moves,
                                   NULL, out, err);
}

owed_status owed_lawful_replay_into(const owed_case *c, const owed_regime *reg,
                                    const owed_replay *contract, owed_date until,
                                    const owed_sample_request *req, size_t n_req,
                                    int checkpoints, int moves, owed_lawful *spare,
                                    owed_lawful **out, owed_error *err)
{
    *out = NULL;
    /* the replay walks each day from the first disbursement to `until` */
    owed_status span = owed_limit_check_span(c, until, err);
    if (span != OWED_OK) {
        owed_lawful_free(spare);
        return span;
    }
    owed_lawful *l = spare;
    if (l != NULL)
        drop_lists(l);
    else
        l = owed_mem_calloc(1, sizeof *l);
    /* the results an earlier replay made, set to 0 below rather than made again */
    size_t made = l ? l->loans_made : 0;
    /* the working state: the store's slots (not zeroed: each loan's is cleared in the
       loop below) */
    if (l != NULL && l->store == NULL)
        l->store = store_new();
    struct owed_lawful_store *store = l != NULL ? l->store : NULL;
    lw_loan *w = store != NULL ? store_room(store, c->n_loans) : NULL;
    owed_lawful_loan *grown = NULL;
    if (l != NULL && (made == 0 || c->n_loans > made))
        /* not zeroed: loan_init sets every field of each new one (below, whatever fails) */
        grown = owed_mem_realloc(l->loans, (c->n_loans > made ? c->n_loans : 1) *
                                               sizeof *l->loans);
    if (grown != NULL)
        l->loans = grown;
    if (l == NULL || w == NULL || l->loans == NULL ||
        ((made == 0 || c->n_loans > made) && grown == NULL)) {
        owed_lawful_free(l);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    l->kase = c;
    l->regime = reg;
    l->until = until;
    l->filing = c->has_filed ? c->filed : until;
    l->filing_is_as_of = !c->has_filed;
    l->n_loans = c->n_loans;
    int nomem = 0;
    /* the cap view's count is its period's (owed_regime_cap_for) */
    int both_ends = 0, by_overdue = 0;
    /* the walk stops at each 1 January where a day's amount may change there: a year length
       of the actual basis (a cap's, or an agreed rate not stated by the day), or rounding
       by calendar year */
    int new_year = owed_regime_day_rule(reg)->rounding_per_year;
    for (size_t k = 0; k < owed_regime_n_periods(reg); k++) {
        both_ends |= owed_regime_period(reg, k)->count == OWED_COUNT_BOTH_ENDS;
        by_overdue |= owed_regime_period(reg, k)->overdue >= 0;
        new_year |= owed_regime_period(reg, k)->basis == OWED_BASIS_ACTUAL;
    }
    for (size_t i = 0; i < c->n_loans; i++) {
        const owed_loan *L = &c->loans[i];
        new_year |= L->interest.present && L->interest.per != OWED_PER_DAY &&
                    L->interest.basis == OWED_BASIS_ACTUAL;
        new_year |= L->overdue.present && L->overdue.per != OWED_PER_DAY &&
                    L->overdue.basis == OWED_BASIS_ACTUAL;
    }
    /* the late fees' flags of all the loans, in one of the store's */
    size_t all_late = 0, late_at = 0;
    for (size_t i = 0; i < c->n_loans; i++)
        all_late += c->loans[i].n_late_fees;
    int *flags = late_flags(store, all_late);
    for (size_t i = 0; i < c->n_loans; i++) {
        const owed_loan *L = &c->loans[i];
        int kept = i < store->w_made; /* a slot an earlier replay made */
        if (kept) {
            slot_reset(&w[i]);
        } else {
            memset(&w[i], 0, offsetof(lw_loan, views)); /* the view last: slot_make */
            slot_make(&w[i]);
        }
        if (i < made)
            loan_reset(&l->loans[i]);
        else
            loan_init(&l->loans[i]);
        l->loans[i].due = L->due;
        w[i].loan = L;
        w[i].res = &l->loans[i];
        w[i].keeps_start_of_day = both_ends;
        w[i].keeps_before_due = L->overdue.on == OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST;
        w[i].keeps_tier = owed_regime_has_tiers(reg);
        w[i].keeps_pl_used = owed_regime_period_limit(reg)->present;
        w[i].keeps_runs = has_daily_fees(L);
        w[i].agreed_both_ends = (L->interest.present &&
                                 L->interest.conv.count == OWED_COUNT_BOTH_ENDS) ||
                                (L->overdue.present &&
                                 L->overdue.conv.count == OWED_COUNT_BOTH_ENDS);
        for (size_t k = 0; k < L->n_late_fees; k++)
            w[i].has_late_once |= !L->late_fees[k].daily;
        for (size_t k = 0; k < L->n_fees; k++)
            w[i].has_period_fees |=
                L->fees[k].at == OWED_FEE_PER_PERIOD && L->fees[k].period_days > 0;
        work_numbers(&w[i], i < made);
        w[i].rate_enf = w[i].view_enf; /* read only once a capped view sets them */
        w[i].rate_ret = w[i].view_ret;
        w[i].pl_month = -1;
        if (owed_regime_principal(reg)->basis == OWED_PRINCIPAL_NOMINAL)
            owed_q_set(w[i].fee_base, L->principal);
        else
            for (size_t k = 0; k < L->n_disbursements; k++)
                owed_q_add_to(w[i].fee_base, L->disbursements[k].amount);
        w[i].claim_rate = NULL;
        for (size_t k = 0; k < c->n_claims; k++) {
            const owed_claim *cl = &c->claims[k];
            if (!cl->has_rate || (cl->loan >= 0 && (size_t)cl->loan != i))
                continue;
            /* compare as yearly rates on 365 days (the choice of basis does not change
               which of two rates is lower unless they differ in period and basis) */
            if (w[i].claim_rate == NULL) {
                w[i].claim_rate = cl;
                continue;
            }
            mpq_t a, b;
            mpq_inits(a, b, NULL);
            owed_rate_annualise(a, cl->rate, cl->rate_per, OWED_BASIS_365);
            owed_rate_annualise(b, w[i].claim_rate->rate, w[i].claim_rate->rate_per,
                                OWED_BASIS_365);
            if (owed_q_cmp(a, b) < 0)
                w[i].claim_rate = cl;
            mpq_clears(a, b, NULL);
        }
        int by_month = L->interest.conv.accrual == OWED_ACCRUE_CALENDAR_MONTH;
        int overdue_by_month = L->overdue.conv.accrual == OWED_ACCRUE_CALENDAR_MONTH;
        if (kept) {
            lw_period_reset(&w[i].interest, by_month);
            lw_period_reset(&w[i].penalty, overdue_by_month);
        } else {
            lw_period_init(&w[i].interest, by_month);
            lw_period_init(&w[i].penalty, overdue_by_month);
        }
        /* NULL for a loan with no late fee (most): nothing reads it then */
        w[i].late_once_done = L->n_late_fees && flags != NULL ? flags + late_at : NULL;
        late_at += L->n_late_fees;
    }
    nomem |= all_late > 0 && flags == NULL;
    if (c->n_loans > made)
        l->loans_made = c->n_loans; /* all numbers of each made, as of hand_over below */
    if (c->n_loans > store->w_made)
        store->w_made = c->n_loans;
    if (n_req > 0 && !nomem) {
        l->samples = owed_mem_calloc(n_req, sizeof *l->samples);
        nomem = l->samples == NULL;
        for (size_t k = 0; !nomem && k < n_req; k++)
            mpq_init(l->samples[k]);
        if (!nomem)
            l->n_samples = n_req;
    }
    lw_ctx x = {.c = c, .reg = reg, .ledger = &contract->ledger, .out = l, .w = w, .err = err,
                .st = store, .max_digits = owed_limit_get(OWED_LIMIT_EXACT_DIGITS, 0),
                .req = req, .n_req = n_req, .checkpoints = checkpoints != 0,
                .moves = moves != 0, .views_by_overdue = by_overdue, .new_year_stops = new_year,
                .k_rule_withheld = owed_regime_charges(reg)->withheld,
                .k_withheld = owed_regime_charges(reg)->withheld &&
                              owed_regime_principal(reg)->basis == OWED_PRINCIPAL_DELIVERED,
                .views_by_tier = owed_regime_has_tiers(reg)};
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        if (owed_regime_counts_component(reg, (owed_component)k))
            x.k_counts |= 1u << k;
    x.keeps_start_of_day = both_ends;
    x.overpayments_to_advances = owed_regime_overpayment(reg)->apply_to_advances;
    for (size_t i = 0; i < c->n_loans; i++)
        x.any_late_once |= w[i].has_late_once;
    x.next_delivery = next_delivery(&x);
    scratch_init(&x);
    owed_status st = nomem ? owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"))
                           : run(&x, until);
    for (size_t i = 0; i < c->n_loans; i++)
        hand_over(&w[i]);
    for (size_t i = 0; st == OWED_OK && i < c->n_loans; i++)
        if (finish(&x, &w[i], until))
            st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    for (size_t i = 0; st == OWED_OK && i < c->n_loans; i++)
        loan_limits(&x, &w[i]);
    scratch_clear(&x);
    if (st != OWED_OK) {
        if (err && err->code == OWED_OK)
            owed_error_set(err, st, c->file, 0, _("out of memory"));
        owed_lawful_free(l);
        return st;
    }
    *out = l;
    return OWED_OK;
}

/* 1 when every disbursement of the loan is on or before `until`. */
static int all_delivered(const owed_loan *L, owed_date until)
{
    for (size_t k = 0; k < L->n_disbursements; k++)
        if (L->disbursements[k].date > until)
            return 0;
    return 1;
}

owed_status owed_lawful_check(const owed_lawful *l, owed_error *err)
{
    const owed_case *c = l->kase;
    owed_status st = OWED_OK;
    mpq_t paid, applied, t, agreed, capped;
    mpq_inits(paid, applied, t, agreed, capped, NULL);
    for (size_t i = 0; i < c->n_events; i++)
        if (c->events[i].kind == OWED_EV_PAYMENT && c->events[i].date <= l->until)
            owed_q_add_to(paid, c->events[i].amount);
    for (size_t i = 0; i < l->n_loans && st == OWED_OK; i++) {
        const owed_lawful_loan *x = &l->loans[i];
        const char *id = c->loans[i].id;
        long line = c->loans[i].line;
        owed_q_add_to(applied, x->costs_paid);
        owed_q_add_to(applied, x->charges_paid);
        owed_q_add_to(applied, x->principal_paid);
        owed_q_add_to(applied, x->refund);
        owed_q_add_to(applied, x->prepaid);
        owed_q_sub_from(applied, x->refund_interest_applied);
        owed_q_diff(t, x->principal_basis, x->principal_paid);
        /* the charges outside the rate caps count beside K_L and C_enf */
        owed_q_sum(agreed, x->agreed_charges, x->limited_charges);
        owed_q_sum(capped, x->cap_enforceable, x->limited_charges);
        if (owed_q_cmp(x->lawful_charges, agreed) > 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, line,
                                "loan %s: enforceable charges exceed the agreed charges", id);
        else if (x->uncapped_days == 0 && owed_q_cmp(x->lawful_charges, capped) > 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, line,
                                "loan %s: enforceable charges exceed the cap", id);
        else if (!owed_q_equal(t, x->principal) || mpq_sgn(x->principal) < 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, line,
                                "loan %s: principal outstanding is not basis - paid", id);
        else if (owed_q_cmp(x->charges_paid, x->retention_line) > 0 ||
                 owed_q_cmp(x->retention_line, x->lawful_charges) < 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, line,
                                "loan %s: charges paid above the retention line", id);
        else if (mpq_sgn(x->prepaid) < 0 || mpq_sgn(x->refund) < 0)
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, line,
                                "loan %s: negative prepaid charges or refund", id);
        else if (mpq_sgn(x->prepaid) > 0 && mpq_sgn(x->principal) == 0 &&
                 mpq_sgn(x->charges_unpaid) == 0 && all_delivered(&c->loans[i], l->until))
            st = owed_error_set(err, OWED_E_SEMANTIC, c->file, line,
                                "loan %s: prepaid charges held on a loan paid off", id);
    }
    if (st == OWED_OK && !owed_q_equal(paid, applied))
        st = owed_error_set(err, OWED_E_SEMANTIC, c->file, 0,
                            "payments are not conserved in the lawful view");
    mpq_clears(paid, applied, t, agreed, capped, NULL);
    return st;
}
