/* The text statement.  Every figure is computed exactly in the report and only rounded
 * here, for display, half-up to the currency's minor unit; totals are rounded from exact
 * totals, never summed from rounded parts, so shown parts may differ from a shown total by
 * a minor unit.  The header says so. */
#include <config.h>

#include "statement.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "number.h"
#include "textcol.h"

enum { LABEL_WIDTH = 36, AMOUNT_WIDTH = 14 };

typedef struct writer {
    FILE *fp;
    const owed_report *r;
    const owed_statement_options *opt;
    int oom;
} writer;

/* Writes one amount right-aligned; with --exact, the exact value follows when rounding
 * changed it. */
static void amount(writer *w, const mpq_t q)
{
    char *s = owed_money_format(q, &w->r->kase->currency);
    if (s == NULL) {
        w->oom = 1;
        return;
    }
    owed_pad_left(w->fp, s, AMOUNT_WIDTH);
    if (w->opt->exact) {
        mpq_t rounded;
        mpq_init(rounded);
        owed_round_decimals(rounded, q, w->r->kase->currency.minor_units, OWED_ROUND_HALF_UP);
        if (!mpq_equal(rounded, q)) {
            char *e = owed_exact_format(q);
            if (e)
                fprintf(w->fp, "  [= %s]", e);
            else
                w->oom = 1;
            free(e);
        }
        mpq_clear(rounded);
    }
    free(s);
}

static void row(writer *w, int indent, const char *label, const mpq_t q)
{
    for (int i = 0; i < indent; i++)
        fputc(' ', w->fp);
    owed_pad_right(w->fp, label, (size_t)(LABEL_WIDTH - indent));
    amount(w, q);
    fputc('\n', w->fp);
}

static const char *component_label(owed_component c)
{
    switch (c) {
    case OWED_COMP_PRINCIPAL: return _("principal");
    case OWED_COMP_INTEREST: return _("interest");
    case OWED_COMP_PENALTY: return _("penalty interest");
    case OWED_COMP_FEE: return _("fees");
    case OWED_COMP_COST: return _("costs");
    default: return "?";
    }
}

static void date_text(owed_date d, char buf[OWED_DATE_TEXT_SIZE])
{
    owed_date_format(d, buf);
}

/* Charges of one loan (or of all loans when loan == SIZE_MAX) grouped by component and
 * label, in order of first appearance: the breakdown a borrower recognises ("服务费"). */
static void charges_by_label(writer *w, size_t loan, owed_component comp)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    const char **seen = calloc(lg->n ? lg->n : 1, sizeof *seen);
    if (seen == NULL) {
        w->oom = 1;
        return;
    }
    size_t n_seen = 0;
    mpq_t sum;
    mpq_init(sum);
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        if ((loan != SIZE_MAX && p->loan != loan) || p->component != comp || p->label == NULL ||
            (p->kind != OWED_POST_CHARGE && p->kind != OWED_POST_ACCRUAL))
            continue;
        int dup = 0;
        for (size_t k = 0; k < n_seen; k++)
            dup |= strcmp(seen[k], p->label) == 0;
        if (dup)
            continue;
        seen[n_seen++] = p->label;
        mpq_set_ui(sum, 0, 1);
        for (size_t j = i; j < lg->n; j++) {
            const owed_posting *q = &lg->items[j];
            if ((loan == SIZE_MAX || q->loan == loan) && q->component == comp && q->label &&
                (q->kind == OWED_POST_CHARGE || q->kind == OWED_POST_ACCRUAL) &&
                strcmp(q->label, p->label) == 0)
                mpq_add(sum, sum, q->amount);
        }
        row(w, 6, p->label, sum);
    }
    mpq_clear(sum);
    free(seen);
}

static void withheld_by_label(writer *w, size_t loan)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        if (p->kind == OWED_POST_WITHHELD && (loan == SIZE_MAX || p->loan == loan))
            row(w, 6, p->label ? p->label : _("withheld"), p->amount);
    }
}

/* The contract figures of one loan, or of all loans (loan == SIZE_MAX, l = totals). */
static void figures(writer *w, size_t loan, const owed_loan_result *l, const mpq_t nominal)
{
    char d[OWED_DATE_TEXT_SIZE];
    mpq_t t;
    mpq_init(t);
    row(w, 2, _("Nominal principal"), nominal);
    row(w, 2, _("Money delivered"), l->delivered);
    row(w, 2, _("Withheld from the principal"), l->withheld);
    withheld_by_label(w, loan);
    owed_loan_charges(t, l);
    mpq_sub(t, t, l->withheld);
    row(w, 2, _("Charges (contract)"), t);
    for (int k = OWED_COMP_INTEREST; k < OWED_COMP_COUNT; k++) {
        if (mpq_sgn(l->charged[k]) == 0)
            continue;
        row(w, 4, component_label((owed_component)k), l->charged[k]);
        charges_by_label(w, loan, (owed_component)k);
    }
    mpq_set_ui(t, 0, 1);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_add(t, t, l->paid[k]);
    mpq_add(t, t, l->overpaid);
    row(w, 2, _("Payments"), t);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        if (mpq_sgn(l->paid[k]) != 0) {
            char label[128];
            snprintf(label, sizeof label, _("to %s"), component_label((owed_component)k));
            row(w, 4, label, l->paid[k]);
        }
    if (mpq_sgn(l->overpaid) != 0)
        row(w, 4, _("beyond everything owed (credit)"), l->overpaid);
    owed_loan_total(t, l);
    date_text(w->r->as_of, d);
    char label[128];
    snprintf(label, sizeof label, _("Balance per contract, %s"), d);
    row(w, 2, label, t);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        if (mpq_sgn(l->balance[k]) != 0)
            row(w, 4, component_label((owed_component)k), l->balance[k]);
    mpq_clear(t);
}

static void header(writer *w)
{
    const owed_case *c = w->r->kase;
    char d[OWED_DATE_TEXT_SIZE];
    fprintf(w->fp, "%s\n", _("STATEMENT OF WHAT IS OWED"));
    if (c->title)
        fprintf(w->fp, "%s\n", c->title);
    if (c->borrower)
        fprintf(w->fp, _("Borrower: %s\n"), c->borrower);
    fprintf(w->fp, _("Case file: %s\n"), c->file);
    date_text(w->r->as_of, d);
    fprintf(w->fp, _("Currency: %s    As of: %s\n"), c->currency.code, d);
    fprintf(w->fp, "%s\n", _("Conventions: an interval of days counts its first day and not its last;\n"
                             "  all figures are exact and shown rounded half-up to the minor unit;\n"
                             "  totals are rounded from exact totals, not summed from rounded parts."));
}

static void loan_section(writer *w, size_t i)
{
    const owed_loan *L = &w->r->kase->loans[i];
    const owed_loan_result *l = &w->r->contract->loans[i];
    char c1[OWED_DATE_TEXT_SIZE], c2[OWED_DATE_TEXT_SIZE], c3[OWED_DATE_TEXT_SIZE];
    date_text(L->contracted, c1);
    date_text(L->due, c2);
    fprintf(w->fp, "\n");
    fprintf(w->fp, _("Loan %s: contracted %s, due %s"), L->id, c1, c2);
    if (l->due != L->due) {
        date_text(l->due, c3);
        fprintf(w->fp, _(", extended to %s"), c3);
    }
    fputc('\n', w->fp);
    if (L->interest.present) {
        mpq_t pct;
        mpq_init(pct);
        mpq_set_ui(pct, 100, 1);
        mpq_mul(pct, pct, L->interest.rate);
        char *s = owed_exact_format(pct);
        if (s)
            fprintf(w->fp, _("  Contract interest: %s%% per %s, day basis %s\n"), s,
                    owed_rate_period_name(L->interest.per), owed_day_basis_name(L->interest.basis));
        free(s);
        mpq_clear(pct);
    }
    figures(w, i, l, L->principal);
}

static void total_section(writer *w)
{
    const owed_case *c = w->r->kase;
    mpq_t nominal;
    mpq_init(nominal);
    for (size_t i = 0; i < c->n_loans; i++)
        mpq_add(nominal, nominal, c->loans[i].principal);
    fprintf(w->fp, "\n%s\n", _("All loans"));
    figures(w, SIZE_MAX, &w->r->total, nominal);
    mpq_clear(nominal);
}

static void claims_section(writer *w)
{
    const owed_report *r = w->r;
    for (size_t k = 0; k < r->n_claims; k++) {
        const owed_claim_check *cc = &r->claims[k];
        const owed_claim *cl = cc->claim;
        char d[OWED_DATE_TEXT_SIZE];
        date_text(cl->date, d);
        fputc('\n', w->fp);
        if (cl->loan >= 0)
            fprintf(w->fp, _("Claim by %s on %s, loan %s (case line %ld)\n"), cl->by, d,
                    r->kase->loans[cl->loan].id, cl->line);
        else
            fprintf(w->fp, _("Claim by %s on %s, all loans (case line %ld)\n"), cl->by, d,
                    cl->line);
        owed_pad_right(w->fp, "", LABEL_WIDTH);
        owed_pad_left(w->fp, _("claimed"), AMOUNT_WIDTH);
        owed_pad_left(w->fp, _("per contract"), AMOUNT_WIDTH);
        owed_pad_left(w->fp, _("difference"), AMOUNT_WIDTH);
        fputc('\n', w->fp);
        mpq_t diff;
        mpq_init(diff);
        for (int j = 0; j < OWED_COMP_COUNT; j++) {
            if (!cl->has[j] && mpq_sgn(cc->contract[j]) == 0)
                continue;
            fputs("  ", w->fp);
            owed_pad_right(w->fp,
                           j == OWED_COMP_INTEREST && cc->interest_includes_penalty
                               ? _("interest, penalty included")
                               : component_label((owed_component)j),
                           LABEL_WIDTH - 2);
            if (cl->has[j]) {
                amount(w, cl->part[j]);
            } else {
                owed_pad_left(w->fp, _("(not stated)"), AMOUNT_WIDTH);
            }
            amount(w, cc->contract[j]);
            if (cl->has[j]) {
                mpq_sub(diff, cl->part[j], cc->contract[j]);
                amount(w, diff);
            }
            fputc('\n', w->fp);
        }
        fputs("  ", w->fp);
        owed_pad_right(w->fp, _("total"), LABEL_WIDTH - 2);
        amount(w, cl->total);
        amount(w, cc->contract_total);
        amount(w, cc->difference);
        fputc('\n', w->fp);
        mpq_clear(diff);
    }
}

static void ledger_section(writer *w)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    const owed_case *c = w->r->kase;
    fprintf(w->fp, "\n%s\n", _("Ledger (contract view): every posting, in order"));
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE], when[64];
        date_text(p->from, d1);
        date_text(p->to, d2);
        if (p->kind == OWED_POST_ACCRUAL)
            /* the days of the run, counted as the replay counted them */
            snprintf(when, sizeof when, "%s..%s %4ldd", d1, d2, (long)(p->to - p->from));
        else
            snprintf(when, sizeof when, "%s", d1);
        fputs("  ", w->fp);
        owed_pad_right(w->fp, when, 29);
        owed_pad_right(w->fp, c->loans[p->loan].id, 6);
        owed_pad_right(w->fp, owed_posting_kind_name(p->kind), 13);
        const char *what = p->label ? p->label : owed_component_name(p->component);
        if (p->kind == OWED_POST_EXTENSION) {
            fprintf(w->fp, _("due date moved to %s"), d2);
            fputc('\n', w->fp);
            continue;
        }
        owed_pad_right(w->fp, what, 24);
        amount(w, p->amount);
        amount(w, p->balance);
        fputc('\n', w->fp);
    }
}

owed_status owed_statement_write_text(FILE *fp, const owed_report *r,
                                      const owed_statement_options *opt, owed_error *err)
{
    writer w = {.fp = fp, .r = r, .opt = opt, .oom = 0};
    header(&w);
    for (size_t i = 0; i < r->kase->n_loans; i++)
        loan_section(&w, i);
    if (r->kase->n_loans > 1)
        total_section(&w);
    claims_section(&w);
    if (opt->ledger)
        ledger_section(&w);
    if (w.oom)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (ferror(fp))
        return owed_error_set(err, OWED_E_IO, "", 0, _("write error"));
    return OWED_OK;
}
