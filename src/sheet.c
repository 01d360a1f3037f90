/* The recalculation sheet of a loan: see sheet.h. */
#include <config.h>

#include "sheet.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

static void row_init(owed_sheet_row *r)
{
    memset(r, 0, sizeof *r);
    mpq_inits(r->rate, r->interest, r->advance, r->offset, r->payment, r->to_interest, r->to_principal,
              r->principal, r->interest_unpaid, r->overpayment, r->over_interest,
              r->over_interest_total, NULL);
}

static void row_clear(owed_sheet_row *r)
{
    mpq_clears(r->rate, r->interest, r->advance, r->offset, r->payment, r->to_interest, r->to_principal,
               r->principal, r->interest_unpaid, r->overpayment, r->over_interest,
               r->over_interest_total, NULL);
}

void owed_sheet_clear(owed_sheet *s)
{
    for (size_t i = 0; i < s->n_rows; i++)
        row_clear(&s->rows[i]);
    owed_mem_free(s->rows);
    s->rows = NULL;
    s->n_rows = 0;
}

/* The enforceable rate of the cap segment holding `day`: 1 and `rate` set, or 0. */
static int rate_on(const owed_lawful_loan *l, owed_date day, mpq_t rate)
{
    for (size_t i = 0; i < l->n_segments; i++) {
        const owed_cap_segment *s = &l->segments[i];
        if (s->from <= day && day < s->to && s->period != NULL) {
            mpq_set(rate, s->enforceable);
            return 1;
        }
    }
    return 0;
}

/* The payments applied to the loan on `day`: their total, and their parts. */
static void moves_on(const owed_lawful *lv, size_t loan, owed_date day, owed_sheet_row *r)
{
    for (size_t i = 0; i < lv->n_moves; i++) {
        const owed_lawful_move *m = &lv->moves[i];
        if (m->loan != loan || lv->kase->events[m->event].date != day)
            continue;
        mpq_add(r->to_interest, r->to_interest, m->to_costs);
        mpq_add(r->to_interest, r->to_interest, m->to_charges);
        mpq_add(r->to_interest, r->to_interest, m->to_band);
        mpq_add(r->to_interest, r->to_interest, m->to_prepaid);
        mpq_add(r->to_principal, r->to_principal, m->to_principal);
        mpq_add(r->payment, r->payment, m->to_costs);
        mpq_add(r->payment, r->payment, m->to_charges);
        mpq_add(r->payment, r->payment, m->to_band);
        mpq_add(r->payment, r->payment, m->to_prepaid);
        mpq_add(r->payment, r->payment, m->to_principal);
        mpq_add(r->payment, r->payment, m->to_refund);
    }
}

owed_status owed_sheet_build(const owed_lawful *lv, size_t loan, owed_sheet *out)
{
    memset(out, 0, sizeof *out);
    out->loan = loan;
    size_t n = 0;
    for (size_t k = 0; k < lv->n_checkpoints; k++)
        n += lv->checkpoints[k].loan == loan;
    if (n == 0)
        return OWED_OK;
    out->rows = owed_mem_calloc(n, sizeof *out->rows);
    if (out->rows == NULL)
        return OWED_E_NOMEM;
    const owed_lawful_loan *l = &lv->loans[loan];
    const owed_lawful_checkpoint *prev = NULL;
    mpq_t t;
    mpq_init(t);
    for (size_t k = 0; k < lv->n_checkpoints; k++) {
        const owed_lawful_checkpoint *cp = &lv->checkpoints[k];
        if (cp->loan != loan)
            continue;
        owed_sheet_row *r = &out->rows[out->n_rows];
        row_init(r);
        out->n_rows++;
        r->date = cp->date;
        const mpq_t *fig = (const mpq_t *)cp->fig;
        if (prev != NULL) {
            r->days = (long)(cp->date - prev->date);
            r->has_rate = rate_on(l, cp->date - 1, r->rate);
            mpq_sub(r->interest, fig[OWED_LF_CHARGES], prev->fig[OWED_LF_CHARGES]);
            mpq_sub(t, fig[OWED_LF_COSTS], prev->fig[OWED_LF_COSTS]);
            mpq_add(r->interest, r->interest, t);
            mpq_sub(r->advance, fig[OWED_LF_BASIS], prev->fig[OWED_LF_BASIS]);
        } else {
            r->has_rate = rate_on(l, cp->date, r->rate);
            mpq_set(r->interest, fig[OWED_LF_CHARGES]);
            mpq_add(r->interest, r->interest, fig[OWED_LF_COSTS]);
            mpq_set(r->advance, fig[OWED_LF_BASIS]);
        }
        moves_on(lv, loan, cp->date, r);
        mpq_sub(r->principal, fig[OWED_LF_BASIS], fig[OWED_LF_PRINCIPAL_PAID]);
        mpq_sub(r->interest_unpaid, fig[OWED_LF_CHARGES], fig[OWED_LF_CHARGES_PAID]);
        mpq_add(r->interest_unpaid, r->interest_unpaid, fig[OWED_LF_COSTS]);
        mpq_sub(r->interest_unpaid, r->interest_unpaid, fig[OWED_LF_COSTS_PAID]);
        if (mpq_sgn(r->interest_unpaid) < 0)
            mpq_set_ui(r->interest_unpaid, 0, 1);
        mpq_set(r->overpayment, fig[OWED_LF_REFUND]);
        /* the overpayments' interest over (previous row, this row], each from the day
           after it arose */
        mpq_set(r->over_interest_total, fig[OWED_LF_REFUND_INTEREST]);
        mpq_set(r->over_interest, fig[OWED_LF_REFUND_INTEREST]);
        mpq_set(r->offset, fig[OWED_LF_OFFSET]);
        if (prev != NULL) {
            mpq_sub(r->over_interest, r->over_interest, prev->fig[OWED_LF_REFUND_INTEREST]);
            mpq_sub(r->offset, r->offset, prev->fig[OWED_LF_OFFSET]);
        }
        prev = cp;
    }
    mpq_clear(t);
    return OWED_OK;
}
