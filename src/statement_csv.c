/* The CSV statement: the replay ledger for spreadsheets (RFC 4180: comma-separated, CRLF
 * line ends, fields quoted when they hold a comma, a quote, a line end or edge spaces;
 * UTF-8 without a byte-order mark; one header row).
 *
 * Columns: date,loan,view,event,component,amount,balance,from,to,label,allocation
 * (and amount_exact,balance_exact with --exact).  `allocation`: on the rows of a payment's
 * parts (contract and lawful views), what sent it to its loan (owed_alloc_decider_name:
 * designated, due, most-burdensome, earliest-due, pro-rata, none); empty on other rows.
 *
 *  - view "contract": the contract ledger, posting by posting, as the text statement's
 *    ledger (event = posting kind, component = balance component, balance = the loan's
 *    contract balance after the posting).
 *  - view "payments": each payment as the borrower made it, before any split: loan = the
 *    loan designated (empty: none), event "payment", component = its marking ("charges",
 *    "principal", empty: none), amount = the payment negated, no balance.
 *  - view "lawful:ID", for each regime: the lawful view's movements, loan by loan, on each
 *    day something happened (a disbursement, a payment, an extension, a charge) and on the
 *    as-of date, read from the lawful view replayed to that day:
 *      disbursement/principal   lawful principal delivered
 *      accrual/charges          enforceable charges accrued or charged since the previous
 *                               row day (min(K_L, C) grew by this much)
 *      charge/cost              costs outside the regime's charge rule
 *      payment/cost, payment/charges, payment/principal, payment/band, payment/prepaid,
 *      overpayment/principal    each payment made that day as the lawful view applied it to
 *                               the loan (owed_lawful_move): to costs, to enforceable
 *                               charges, to principal, into the band, held as prepaid
 *                               charges, a refund due
 *      kept/charges             charges paid above the enforceable line that the lender
 *                               keeps (they do not lower the balance): after each band
 *                               payment, and any later change
 *      prepaid/charges, prepaid/prepaid   prepaid charges held absorbing enforceable charges
 *                               (or, once the loan is paid off, released to the band)
 *    balance = what the loan owes by law less any refund due (negative: owed to the
 *    borrower), so each row's balance is the previous one plus its amount, as in the
 *    contract ledger.
 * Text fields from the case (loan ids, labels) that a spreadsheet would read as a formula
 * (starting with = + - @ or a tab) get a leading apostrophe. */
#include <config.h>

#include "statement.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "number.h"
#include "statement_sheet.h"
#include "statement_util.h"

typedef struct cw {
    FILE *fp;
    const owed_report *r;
    int exact;
    int oom;
} cw;

static void field(cw *w, const char *s, int first, int guard)
{
    if (!first)
        fputc(',', w->fp);
    if (s == NULL)
        return;
    int quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
                (s[0] && s[strlen(s) - 1] == ' ');
    int formula = guard && strchr("=+-@\t", s[0]) != NULL && s[0] != '\0';
    if (quote)
        fputc('"', w->fp);
    if (formula)
        fputc('\'', w->fp);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', w->fp);
        fputc(*p, w->fp);
    }
    if (quote)
        fputc('"', w->fp);
}

static void amount_field(cw *w, const mpq_t q)
{
    char *s = owed_stmt_amount(w->r, q);
    if (s == NULL)
        w->oom = 1;
    field(w, s, 0, 0);
    free(s);
}

static void exact_field(cw *w, const mpq_t q)
{
    char *s = owed_exact_format(q);
    if (s == NULL)
        w->oom = 1;
    field(w, s, 0, 0);
    free(s);
}

static void row(cw *w, owed_date date, size_t loan, const char *view, const char *event,
                const char *component, const mpq_t amount, const mpq_t balance, int span,
                owed_date from, owed_date to, const char *label, const char *allocation)
{
    char d[OWED_DATE_TEXT_SIZE], f[OWED_DATE_TEXT_SIZE], t[OWED_DATE_TEXT_SIZE];
    owed_date_format(date, d);
    field(w, d, 1, 0);
    field(w, w->r->kase->loans[loan].id, 0, 1);
    field(w, view, 0, 0);
    field(w, event, 0, 0);
    field(w, component, 0, 0);
    amount_field(w, amount);
    amount_field(w, balance);
    if (span) {
        owed_date_format(from, f);
        owed_date_format(to, t);
    }
    field(w, span ? f : NULL, 0, 0);
    field(w, span ? t : NULL, 0, 0);
    field(w, label, 0, 1);
    field(w, allocation, 0, 0);
    if (w->exact) {
        exact_field(w, amount);
        exact_field(w, balance);
    }
    fputs("\r\n", w->fp);
}

/* The payments as the borrower made them: view "payments", the designated loan (empty
 * when none), component the marking ("charges", "principal", empty), the amount negated
 * (a payment lowers what is owed) and no balance. */
static void payment_rows(cw *w)
{
    const owed_report *r = w->r;
    for (size_t k = 0; k < r->n_payments; k++) {
        const owed_event *e = r->payments[k].event;
        char d[OWED_DATE_TEXT_SIZE];
        owed_date_format(e->date, d);
        field(w, d, 1, 0);
        field(w, e->loan >= 0 ? r->kase->loans[e->loan].id : NULL, 0, 1);
        field(w, "payments", 0, 0);
        field(w, "payment", 0, 0);
        field(w,
              e->paid_for == OWED_PAID_FOR_CHARGES     ? "charges"
              : e->paid_for == OWED_PAID_FOR_PRINCIPAL ? "principal"
                                                       : NULL,
              0, 0);
        mpq_t a;
        mpq_init(a);
        mpq_neg(a, e->amount);
        amount_field(w, a);
        field(w, NULL, 0, 0); /* balance */
        field(w, NULL, 0, 0); /* from */
        field(w, NULL, 0, 0); /* to */
        field(w, NULL, 0, 0); /* label */
        field(w, NULL, 0, 0); /* allocation: the split comes after */
        if (w->exact) {
            exact_field(w, a);
            field(w, NULL, 0, 0);
        }
        mpq_clear(a);
        fputs("\r\n", w->fp);
    }
}

static void contract_rows(cw *w)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        int span = p->kind == OWED_POST_ACCRUAL || p->kind == OWED_POST_EXTENSION;
        int pays = p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT;
        row(w, p->date, p->loan, "contract", owed_posting_kind_name(p->kind),
            owed_component_name(p->component), p->amount, p->balance, span, p->from, p->to,
            owed_stmt_neutral_label(p->label),
            pays ? owed_alloc_decider_name(p->allocation) : NULL);
    }
}

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
    const char *view;
    size_t g;
    mpq_t *prev;      /* n_loans x F_COUNT: the figures at the previous row day */
    mpq_t *balance;   /* n_loans: the balance of the last row */
    owed_date *since; /* n_loans: the previous row day, or NOT_STARTED */
    mpq_t d;
} lawful_state;

/* One row moving figure `f` by `amount` (its sign on the balance applied here);
 * `allocation`: for a payment's part, what sent it to the loan, else NULL. */
static void lawful_row(cw *w, lawful_state *ls, owed_date day, size_t i, const char *event,
                       const char *component, int sign, const mpq_t amount, int span,
                       const char *allocation)
{
    if (mpq_sgn(amount) == 0)
        return;
    if (sign < 0)
        mpq_neg(ls->d, amount);
    else
        mpq_set(ls->d, amount);
    mpq_add(ls->balance[i], ls->balance[i], ls->d);
    row(w, day, i, ls->view, event, component, ls->d, ls->balance[i], span,
        ls->since[i] == NOT_STARTED ? day : ls->since[i], day, NULL, allocation);
}

/* The rows of loan i on day `day`: `now` holds its figures then, `diff` is used for the
 * changes; the payments made that day are payments[from..to). */
static void lawful_day(cw *w, lawful_state *ls, owed_date day, size_t i, mpq_t now[F_COUNT],
                       mpq_t diff[F_COUNT], size_t from, size_t to)
{
    const owed_report *r = w->r;
    mpq_t *pv = &ls->prev[i * F_COUNT];
    for (int f = 0; f < F_COUNT; f++)
        mpq_sub(diff[f], now[f], pv[f]);
    for (size_t k = 0; k < sizeof before_payments / sizeof before_payments[0]; k++) {
        const row_kind *rk = &before_payments[k];
        lawful_row(w, ls, day, i, rk->event, rk->component, rk->sign, diff[rk->figure],
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
                lawful_row(w, ls, day, i, mp->event, mp->component, -1, *a, 0,
                           owed_alloc_decider_name(mv->allocation));
                mpq_sub(diff[mp->figure], diff[mp->figure], *a);
                if (mp->offset == offsetof(owed_lawful_move, to_band)) {
                    /* paid into the band: the lender keeps it, the balance stays */
                    lawful_row(w, ls, day, i, "kept", "charges", 1, *a, 0, NULL);
                    mpq_sub(diff[F_KEPT], diff[F_KEPT], *a);
                }
            }
        }
    }
    for (size_t k = 0; k < sizeof after_payments / sizeof after_payments[0]; k++) {
        const row_kind *rk = &after_payments[k];
        lawful_row(w, ls, day, i, rk->event, rk->component, rk->sign, diff[rk->figure], 0,
                   NULL);
    }
    for (int f = 0; f < F_COUNT; f++)
        mpq_set(pv[f], now[f]);
    ls->since[i] = day;
}

/* The lawful rows of regime g: for each checkpoint of the lawful view (a loan on a day
 * something happened to it, and the last day), the changes since the loan's previous one,
 * and the payments of that day as the lawful view applied them. */
static owed_status lawful_rows(cw *w, size_t g, owed_error *err)
{
    const owed_report *r = w->r;
    const owed_case *c = r->kase;
    const owed_lawful *lv = r->lawful[g];
    const char *id = owed_regime_id(r->regimes[g]);
    char *view = malloc(strlen(id) + sizeof "lawful:");
    size_t n_loans = c->n_loans;
    lawful_state ls = {.view = view, .g = g};
    ls.prev = malloc((n_loans ? n_loans : 1) * F_COUNT * sizeof *ls.prev);
    ls.balance = malloc((n_loans ? n_loans : 1) * sizeof *ls.balance);
    ls.since = malloc((n_loans ? n_loans : 1) * sizeof *ls.since);
    if (view == NULL || ls.prev == NULL || ls.balance == NULL || ls.since == NULL) {
        free(view);
        free(ls.prev);
        free(ls.balance);
        free(ls.since);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    strcat(strcpy(view, "lawful:"), id);
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
        lawful_day(w, &ls, cp->date, cp->loan, (mpq_t *)cp->fig, diff, pay, pay_end);
    }
    for (int k = 0; k < F_COUNT; k++)
        mpq_clear(diff[k]);
    mpq_clear(ls.d);
    for (size_t i = 0; i < n_loans; i++) {
        for (int k = 0; k < F_COUNT; k++)
            mpq_clear(ls.prev[i * F_COUNT + k]);
        mpq_clear(ls.balance[i]);
    }
    free(ls.prev);
    free(ls.balance);
    free(ls.since);
    free(view);
    return OWED_OK;
}

/* A row of a recalculation sheet (statement_sheet.h): from/to only when `from` is set. */
static void sheet_row(void *ctx, owed_date date, size_t loan, const char *view,
                      const char *event, const mpq_t amount, const mpq_t balance, owed_date from,
                      owed_date to, const char *label)
{
    row(ctx, date, loan, view, event, "", amount, balance, from != 0, from, to, label, NULL);
}

owed_status owed_statement_write_csv(FILE *fp, const owed_report *r,
                                     const owed_statement_options *opt, owed_error *err)
{
    cw w = {.fp = fp, .r = r, .exact = opt->exact, .oom = 0};
    fputs("date,loan,view,event,component,amount,balance,from,to,label,allocation", fp);
    if (w.exact)
        fputs(",amount_exact,balance_exact", fp);
    fputs("\r\n", fp);
    contract_rows(&w);
    payment_rows(&w);
    owed_status st = OWED_OK;
    if (r->n_regimes > 0) {
        for (size_t g = 0; g < r->n_regimes && st == OWED_OK; g++) {
            st = lawful_rows(&w, g, err);
            w.oom |= owed_sheet_write_csv(r, g, sheet_row, &w) != 0;
        }
    }
    if (st != OWED_OK)
        return st;
    if (w.oom)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (ferror(fp))
        return owed_error_set(err, OWED_E_IO, "", 0, _("write error"));
    return OWED_OK;
}
