/* The CSV statement: the replay ledger for spreadsheets (RFC 4180: comma-separated, CRLF
 * line ends, fields quoted when they hold a comma, a quote, a line end or edge spaces;
 * UTF-8 without a byte-order mark; one header row).
 *
 * Columns: date,loan,view,event,component,amount,balance,from,to,label
 * (and amount_exact,balance_exact with --exact).
 *
 *  - view "contract": the contract ledger, posting by posting, as the text statement's
 *    ledger (event = posting kind, component = balance component, balance = the loan's
 *    contract balance after the posting).
 *  - view "lawful:ID", for each regime: the lawful view's movements, loan by loan, on each
 *    day something happened (a disbursement, a payment, an extension, a charge) and on the
 *    as-of date, read from the lawful view replayed to that day:
 *      disbursement/principal   lawful principal delivered
 *      accrual/charges          lawful charges accrued or charged since the previous row
 *                               day (min(K, C) grew by this much)
 *      charge/cost              costs outside the regime's charge rule
 *      payment/cost, payment/charges, payment/principal   a payment applied, in the
 *                               regime's order
 *      kept/charges             charges paid above the enforceable line that the lender
 *                               keeps (they do not lower the balance)
 *      overpayment/principal    paid beyond what the loan owes: a refund due
 *    balance = what the loan owes by law less any refund due (negative: owed to the
 *    borrower), so each row's balance is the previous one plus its amount, as in the
 *    contract ledger.
 * Text fields from the case (loan ids, labels) that a spreadsheet would read as a formula
 * (starting with = + - @ or a tab) get a leading apostrophe. */
#include <config.h>

#include "statement.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "number.h"
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
                owed_date from, owed_date to, const char *label)
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
    if (w->exact) {
        exact_field(w, amount);
        exact_field(w, balance);
    }
    fputs("\r\n", w->fp);
}

static void contract_rows(cw *w)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        int span = p->kind == OWED_POST_ACCRUAL || p->kind == OWED_POST_EXTENSION;
        row(w, p->date, p->loan, "contract", owed_posting_kind_name(p->kind),
            owed_component_name(p->component), p->amount, p->balance, span, p->from, p->to,
            owed_stmt_neutral_label(p->label));
    }
}

/* The lawful figures of one loan that its rows follow. */
enum { F_BASIS, F_CHARGES, F_COSTS, F_COSTS_PAID, F_CHARGES_PAID, F_KEPT, F_PRINCIPAL_PAID,
       F_REFUND, F_COUNT };

static void read_figures(mpq_t f[F_COUNT], const owed_lawful_loan *l)
{
    mpq_set(f[F_BASIS], l->principal_basis);
    mpq_set(f[F_CHARGES], l->lawful_charges);
    mpq_set(f[F_COSTS], l->costs_charged);
    mpq_set(f[F_COSTS_PAID], l->costs_paid);
    mpq_set(f[F_CHARGES_PAID], l->charges_paid);
    mpq_set(f[F_KEPT], l->retained);
    mpq_set(f[F_PRINCIPAL_PAID], l->principal_paid);
    mpq_set(f[F_REFUND], l->refund);
}

#define NOT_STARTED INT32_MIN

static owed_status lawful_rows(cw *w, size_t g, const owed_date *days, size_t n_days,
                               owed_error *err)
{
    const owed_report *r = w->r;
    const owed_case *c = r->kase;
    const char *id = owed_regime_id(r->regimes[g]);
    char *view = malloc(strlen(id) + sizeof "lawful:");
    size_t n_loans = c->n_loans;
    mpq_t *prev = malloc((n_loans ? n_loans : 1) * F_COUNT * sizeof *prev);
    mpq_t *balance = malloc((n_loans ? n_loans : 1) * sizeof *balance);
    owed_date *since = malloc((n_loans ? n_loans : 1) * sizeof *since);
    if (view == NULL || prev == NULL || balance == NULL || since == NULL) {
        free(view);
        free(prev);
        free(balance);
        free(since);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    strcat(strcpy(view, "lawful:"), id);
    for (size_t i = 0; i < n_loans; i++) {
        for (int k = 0; k < F_COUNT; k++)
            mpq_init(prev[i * F_COUNT + k]);
        mpq_init(balance[i]);
        since[i] = NOT_STARTED;
    }
    mpq_t now[F_COUNT], d;
    for (int k = 0; k < F_COUNT; k++)
        mpq_init(now[k]);
    mpq_init(d);
    static const struct {
        int figure;
        const char *event, *component;
        int sign; /* effect on the balance */
    } moves[] = {
        {F_BASIS, "disbursement", "principal", 1},   {F_CHARGES, "accrual", "charges", 1},
        {F_COSTS, "charge", "cost", 1},              {F_COSTS_PAID, "payment", "cost", -1},
        {F_CHARGES_PAID, "payment", "charges", -1},  {F_KEPT, "kept", "charges", 1},
        {F_PRINCIPAL_PAID, "payment", "principal", -1}, {F_REFUND, "overpayment", "principal", -1},
    };
    owed_status st = OWED_OK;
    for (size_t k = 0; k < n_days && st == OWED_OK; k++) {
        owed_snapshot *s = NULL;
        st = owed_snapshot_take(r, days[k], (long)g, &s, err);
        if (st != OWED_OK)
            break;
        for (size_t i = 0; i < n_loans; i++) {
            const owed_lawful_loan *l = &s->lawful[g]->loans[i];
            read_figures(now, l);
            mpq_t *pv = &prev[i * F_COUNT];
            if (since[i] == NOT_STARTED && mpq_sgn(now[F_BASIS]) == 0)
                continue; /* nothing delivered yet */
            for (size_t m = 0; m < sizeof moves / sizeof moves[0]; m++) {
                mpq_sub(d, now[moves[m].figure], pv[moves[m].figure]);
                if (mpq_sgn(d) == 0)
                    continue;
                if (moves[m].sign < 0)
                    mpq_neg(d, d);
                mpq_add(balance[i], balance[i], d);
                int span = moves[m].figure == F_CHARGES;
                row(w, days[k], i, view, moves[m].event, moves[m].component, d, balance[i],
                    span, since[i] == NOT_STARTED ? days[k] : since[i], days[k], NULL);
            }
            for (int f = 0; f < F_COUNT; f++)
                mpq_set(pv[f], now[f]);
            since[i] = days[k];
        }
        owed_snapshot_free(s);
    }
    for (int k = 0; k < F_COUNT; k++)
        mpq_clear(now[k]);
    mpq_clear(d);
    for (size_t i = 0; i < n_loans; i++) {
        for (int k = 0; k < F_COUNT; k++)
            mpq_clear(prev[i * F_COUNT + k]);
        mpq_clear(balance[i]);
    }
    free(prev);
    free(balance);
    free(since);
    free(view);
    return st;
}

owed_status owed_statement_write_csv(FILE *fp, const owed_report *r,
                                     const owed_statement_options *opt, owed_error *err)
{
    cw w = {.fp = fp, .r = r, .exact = opt->exact, .oom = 0};
    fputs("date,loan,view,event,component,amount,balance,from,to,label", fp);
    if (w.exact)
        fputs(",amount_exact,balance_exact", fp);
    fputs("\r\n", fp);
    contract_rows(&w);
    owed_status st = OWED_OK;
    if (r->n_regimes > 0) {
        owed_date *days = NULL;
        size_t n_days = 0;
        st = owed_stmt_event_days(r, &days, &n_days, err);
        for (size_t g = 0; g < r->n_regimes && st == OWED_OK; g++)
            st = lawful_rows(&w, g, days, n_days, err);
        free(days);
    }
    if (st != OWED_OK)
        return st;
    if (w.oom)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (ferror(fp))
        return owed_error_set(err, OWED_E_IO, "", 0, _("write error"));
    return OWED_OK;
}
