/* The lawful ledger of a regime: see lawful_rows.h. */
#include <config.h>

#include "lawful_rows.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"
#include "mem.h"

/* The lawful figures of one loan that its rows follow: a checkpoint's (lawful.h). */
enum { F_BASIS = OWED_LF_BASIS, F_CHARGES = OWED_LF_CHARGES, F_COSTS = OWED_LF_COSTS,
       F_COSTS_PAID = OWED_LF_COSTS_PAID, F_CHARGES_PAID = OWED_LF_CHARGES_PAID,
       F_KEPT = OWED_LF_KEPT, F_PRINCIPAL_PAID = OWED_LF_PRINCIPAL_PAID,
       F_PREPAID = OWED_LF_PREPAID, F_REFUND = OWED_LF_REFUND, F_COUNT = OWED_LF_COUNT };

/* A row's kind: the figure it moves, its event and component, its effect on the balance. */
typedef struct row_kind {
    int figure;
    const char *event, *component;
    int sign;
} row_kind;

/* What changed on a day that no payment explains, in this order: money delivered, charges
 * accrued, costs charged; then, after the day's payments (each followed by what it put into
 * the band, kept), what prepaid charges held paid (charges absorbed, a rest released to the
 * band or refunded) and any other change in the charges kept. */
static const row_kind before_payments[] = {
    {F_BASIS, "disbursement", "principal", 1},
    {F_CHARGES, "accrual", "charges", 1},
    {F_COSTS, "charge", "cost", 1},
};
static const row_kind after_payments[] = {
    {F_COSTS_PAID, "payment", "cost", -1},
    {F_PRINCIPAL_PAID, "payment", "principal", -1},
    {F_CHARGES_PAID, "prepaid", "charges", -1},
    {F_PREPAID, "prepaid", "prepaid", -1},
    {F_REFUND, "overpayment", "principal", -1},
    {F_KEPT, "kept", "charges", 1},
};

/* A move of a payment: the amount it took into each figure, as rows. */
typedef struct move_part {
    size_t offset; /* of the amount in owed_lawful_move */
    int figure;
    const char *event, *component;
} move_part;

static const move_part move_parts[] = {
#define M(field) offsetof(owed_lawful_move, field)
    {M(to_costs), F_COSTS_PAID, "payment", "cost"},
    {M(to_charges), F_CHARGES_PAID, "payment", "charges"},
    {M(to_principal), F_PRINCIPAL_PAID, "payment", "principal"},
    {M(to_band), F_CHARGES_PAID, "payment", "band"},
    {M(to_prepaid), F_PREPAID, "payment", "prepaid"},
    {M(to_refund), F_REFUND, "overpayment", "principal"},
#undef M
};

#define NOT_STARTED INT32_MIN

typedef struct lawful_state {
    owed_lawful_row_fn fn;
    void *ctx;
    size_t g;
    mpq_t *prev;      /* n_loans x F_COUNT: the figures at the previous row day */
    mpq_t *balance;   /* n_loans: the balance of the last row */
    owed_date *since; /* n_loans: the previous row day, or NOT_STARTED */
    mpq_t d;
} lawful_state;

/* One row moving a figure by `amount` (its sign on the balance applied here); for a
 * payment's part, `mv` is its move (what sent it to the loan), else NULL. */
static void lawful_row(lawful_state *ls, owed_date day, size_t i, const char *event,
                       const char *component, int sign, const mpq_t amount, int span,
                       const owed_lawful_move *mv)
{
    if (mpq_sgn(amount) == 0)
        return;
    if (sign < 0)
        mpq_neg(ls->d, amount);
    else
        mpq_set(ls->d, amount);
    mpq_add(ls->balance[i], ls->balance[i], ls->d);
    owed_lawful_row lr = {.date = day,
                          .loan = i,
                          .event = event,
                          .component = component,
                          .amount = ls->d,
                          .balance = ls->balance[i],
                          .span = span,
                          .from = ls->since[i] == NOT_STARTED ? day : ls->since[i],
                          .to = day,
                          .is_payment = mv != NULL,
                          .allocation = mv ? mv->allocation : OWED_DECIDED_NONE};
    ls->fn(ls->ctx, &lr);
}

/* The rows of loan i on day `day`: `now` holds its figures then, `diff` is used for the
 * changes; the payments made that day are payments[from..to). */
static void lawful_day(const owed_report *r, lawful_state *ls, owed_date day, size_t i,
                       mpq_t now[F_COUNT], mpq_t diff[F_COUNT], size_t from, size_t to)
{
    mpq_t *pv = &ls->prev[i * F_COUNT];
    for (int f = 0; f < F_COUNT; f++)
        mpq_sub(diff[f], now[f], pv[f]);
    for (size_t k = 0; k < sizeof before_payments / sizeof before_payments[0]; k++) {
        const row_kind *rk = &before_payments[k];
        lawful_row(ls, day, i, rk->event, rk->component, rk->sign, diff[rk->figure],
                   rk->figure == F_CHARGES, NULL);
        mpq_set_ui(diff[rk->figure], 0, 1);
    }
    for (size_t p = from; p < to; p++) {
        const owed_payment_made *pm = &r->payments[p];
        for (size_t m = pm->moves_from[ls->g]; m < pm->moves_to[ls->g]; m++) {
            const owed_lawful_move *mv = owed_report_move(r, ls->g, m);
            if (mv->loan != i)
                continue;
            for (size_t k = 0; k < sizeof move_parts / sizeof move_parts[0]; k++) {
                const move_part *mp = &move_parts[k];
                const mpq_t *a = (const mpq_t *)((const char *)mv + mp->offset);
                lawful_row(ls, day, i, mp->event, mp->component, -1, *a, 0, mv);
                mpq_sub(diff[mp->figure], diff[mp->figure], *a);
                if (mp->offset == offsetof(owed_lawful_move, to_band)) {
                    /* paid into the band: the lender keeps it, the balance stays */
                    lawful_row(ls, day, i, "kept", "charges", 1, *a, 0, NULL);
                    mpq_sub(diff[F_KEPT], diff[F_KEPT], *a);
                }
            }
        }
    }
    for (size_t k = 0; k < sizeof after_payments / sizeof after_payments[0]; k++) {
        const row_kind *rk = &after_payments[k];
        lawful_row(ls, day, i, rk->event, rk->component, rk->sign, diff[rk->figure], 0,
                   NULL);
    }
    for (int f = 0; f < F_COUNT; f++)
        mpq_set(pv[f], now[f]);
    ls->since[i] = day;
}

owed_status owed_lawful_rows(const owed_report *r, size_t g, owed_lawful_row_fn fn, void *ctx,
                             owed_error *err)
{
    const owed_case *c = r->kase;
    const owed_lawful *lv = r->lawful[g];
    size_t n_loans = c->n_loans;
    lawful_state ls = {.fn = fn, .ctx = ctx, .g = g};
    ls.prev = owed_mem_alloc((n_loans ? n_loans : 1) * F_COUNT * sizeof *ls.prev);
    ls.balance = owed_mem_alloc((n_loans ? n_loans : 1) * sizeof *ls.balance);
    ls.since = owed_mem_alloc((n_loans ? n_loans : 1) * sizeof *ls.since);
    if (ls.prev == NULL || ls.balance == NULL || ls.since == NULL) {
        owed_mem_free(ls.prev);
        owed_mem_free(ls.balance);
        owed_mem_free(ls.since);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    for (size_t i = 0; i < n_loans; i++) {
        for (int k = 0; k < F_COUNT; k++)
            mpq_init(ls.prev[i * F_COUNT + k]);
        mpq_init(ls.balance[i]);
        ls.since[i] = NOT_STARTED;
    }
    mpq_t diff[F_COUNT];
    for (int k = 0; k < F_COUNT; k++)
        mpq_init(diff[k]);
    mpq_init(ls.d);
    size_t pay = 0; /* the first payment not before the checkpoint's day */
    for (size_t k = 0; k < lv->n_checkpoints; k++) {
        const owed_lawful_checkpoint *cp = &lv->checkpoints[k];
        while (pay < r->n_payments && r->payments[pay].event->date < cp->date)
            pay++;
        size_t pay_end = pay;
        while (pay_end < r->n_payments && r->payments[pay_end].event->date == cp->date)
            pay_end++;
        if (ls.since[cp->loan] == NOT_STARTED && mpq_sgn(cp->fig[F_BASIS]) == 0)
            continue; /* nothing delivered yet */
        lawful_day(r, &ls, cp->date, cp->loan, (mpq_t *)cp->fig, diff, pay, pay_end);
    }
    for (int k = 0; k < F_COUNT; k++)
        mpq_clear(diff[k]);
    mpq_clear(ls.d);
    for (size_t i = 0; i < n_loans; i++) {
        for (int k = 0; k < F_COUNT; k++)
            mpq_clear(ls.prev[i * F_COUNT + k]);
        mpq_clear(ls.balance[i]);
    }
    owed_mem_free(ls.prev);
    owed_mem_free(ls.balance);
    owed_mem_free(ls.since);
    return OWED_OK;
}

