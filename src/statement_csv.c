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
#include "lawful_rows.h"
#include "mem.h"
#include "number.h"
#include "statement_sheet.h"
#include "statement_util.h"

typedef struct cw {
    FILE *fp;
    const owed_report *r;
    int exact;
    const char *view; /* of the lawful rows being written */
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
    owed_mem_free(s);
}

static void exact_field(cw *w, const mpq_t q)
{
    char *s = owed_exact_format(q);
    if (s == NULL)
        w->oom = 1;
    field(w, s, 0, 0);
    owed_mem_free(s);
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

/* One lawful row (lawful_rows.h) as a CSV row of view "lawful:ID". */
static void lawful_csv_row(void *ctx, const owed_lawful_row *lr)
{
    cw *w = ctx;
    row(w, lr->date, lr->loan, w->view, lr->event, lr->component, lr->amount, lr->balance,
        lr->span, lr->from, lr->to, NULL,
        lr->is_payment ? owed_alloc_decider_name(lr->allocation) : NULL);
}

/* The lawful rows of regime g, as the report gives them (owed_lawful_rows). */
static owed_status lawful_rows(cw *w, size_t g, owed_error *err)
{
    const char *id = owed_regime_id(w->r->regimes[g]);
    char *view = owed_mem_alloc(strlen(id) + sizeof "lawful:");
    if (view == NULL)
        return owed_error_set(err, OWED_E_NOMEM, w->r->kase->file, 0, _("out of memory"));
    strcat(strcpy(view, "lawful:"), id);
    w->view = view;
    owed_status st = owed_lawful_rows(w->r, g, lawful_csv_row, w, err);
    w->view = NULL;
    owed_mem_free(view);
    return st;
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
