/* The text statement.  Every figure is computed exactly in the report and only rounded
 * here, for display, half-up to the currency's minor unit; totals are rounded from exact
 * totals, never summed from rounded parts, so shown parts may differ from a shown total by
 * a minor unit.  The header says so. */
#include <config.h>

#include "mem.h"
#include "statement.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "number.h"
#include "statement_sheet.h"
#include "glossary.h"
#include "lawful_rows.h"
#include "statement_util.h"
#include "textcol.h"

enum { LABEL_WIDTH = 40, AMOUNT_WIDTH = 14 };

typedef struct writer {
    FILE *fp;
    const owed_report *r;
    const owed_statement_options *opt;
    const char *law_lang; /* the language of the regime being written (citations); NULL: en */
    size_t lawful_event_width, lawful_item_width; /* the lawful ledger's word columns */
    char *pending;        /* --exact: the exact values of the row's figures, written after
                             its last column so that the columns stay aligned; owned */
    size_t pending_len, pending_cap;
    int oom;
} writer;

/* Adds "  [= EXACT]" to the row's pending exact values. */
static void pend_exact(writer *w, const char *exact)
{
    size_t add = strlen(exact) + 6;
    if (w->pending_len + add + 1 > w->pending_cap) {
        size_t cap = (w->pending_len + add + 1) * 2;
        char *grown = owed_mem_realloc(w->pending, cap);
        if (grown == NULL) {
            w->oom = 1;
            return;
        }
        w->pending = grown;
        w->pending_cap = cap;
    }
    w->pending_len += (size_t)snprintf(w->pending + w->pending_len,
                                       w->pending_cap - w->pending_len, "  [= %s]", exact);
}

/* Writes one amount right-aligned; with --exact, the exact value follows the row's last
 * column (end_row) when rounding changed it. */
static void amount(writer *w, const mpq_t q)
{
    char *s = owed_stmt_amount_local(w->r, q, &w->opt->numeric);
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
                pend_exact(w, e);
            else
                w->oom = 1;
            owed_mem_free(e);
        }
        mpq_clear(rounded);
    }
    owed_mem_free(s);
}

/* Ends a row: the exact values of its figures (--exact), then the newline. */
static void end_row(writer *w)
{
    if (w->pending_len > 0) {
        fputs(w->pending, w->fp);
        w->pending_len = 0;
        w->pending[0] = '\0';
    }
    fputc('\n', w->fp);
}

static void row(writer *w, int indent, const char *label, const mpq_t q)
{
    for (int i = 0; i < indent; i++)
        fputc(' ', w->fp);
    owed_pad_right(w->fp, label, (size_t)(LABEL_WIDTH - indent));
    amount(w, q);
    end_row(w);
}

static void date_text(owed_date d, char buf[OWED_DATE_TEXT_SIZE])
{
    owed_date_format(d, buf);
}

/* Charges of component `comp` by the names the contract or the lender gave them
 * ("服务费"): the breakdown a borrower recognises. */
static void charges_by_label(writer *w, size_t loan, owed_component comp)
{
    const owed_charge_names *cn = owed_report_names(w->r, loan);
    for (size_t k = 0; k < cn->n_charges; k++)
        if (cn->charges[k].component == comp)
            row(w, 6, cn->charges[k].label, cn->charges[k].amount);
}

static void withheld_by_label(writer *w, size_t loan)
{
    const owed_charge_names *cn = owed_report_names(w->r, loan);
    for (size_t k = 0; k < cn->n_withheld; k++)
        row(w, 6, cn->withheld[k].label ? cn->withheld[k].label : _("withheld"),
            cn->withheld[k].amount);
}

/* The cost view: what the money actually received and paid costs as an annual rate. */
static void cost_lines(writer *w, const owed_cost_view *cv)
{
    static const char *const names[OWED_COST_METHODS] = {
        N_("XIRR (actual/365, compound, as Excel)"),
        N_("EU APRC (Directive 2008/48 Annex I)"),
    };
    char d[OWED_DATE_TEXT_SIZE];
    date_text(w->r->as_of, d);
    fprintf(w->fp, _("  Cost as an annual rate of the money received and paid (the balance on %s\n"
                     "  counted as paid that day):\n"),
            d);
    for (int m = 0; m < OWED_COST_METHODS; m++) {
        fputs("    ", w->fp);
        owed_pad_right(w->fp, _(names[m]), LABEL_WIDTH - 4);
        const owed_apr_result *res = cv->rate[m];
        if (res == NULL) {
            fprintf(w->fp, _("not computed: %s\n"), cv->why_not[m]);
            continue;
        }
        switch (owed_apr_result_outcome(res)) {
        case OWED_APR_ONE_ROOT: {
            char *p = owed_apr_result_percent(res, 0);
            char text[96];
            snprintf(text, sizeof text, "%s%%", p ? p : "?");
            owed_pad_left(w->fp, text, AMOUNT_WIDTH);
            if (p == NULL)
                w->oom = 1;
            owed_mem_free(p);
            end_row(w);
            break;
        }
        case OWED_APR_NO_ROOT:
            fputs(_("no rate solves the equation\n"), w->fp);
            break;
        case OWED_APR_SEVERAL_ROOTS:
            fputs(_("several rates solve the equation:"), w->fp);
            for (size_t k = 0; k < owed_apr_result_root_count(res); k++) {
                char *p = owed_apr_result_percent(res, k);
                fprintf(w->fp, " %s%%", p ? p : "?");
                owed_mem_free(p);
            }
            end_row(w);
            break;
        case OWED_APR_UNRESOLVED:
        default:
            fputs(_("not decided (a double root?)\n"), w->fp);
            break;
        }
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
        row(w, 4, owed_component_label((owed_component)k), l->charged[k]);
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
            snprintf(label, sizeof label, _("to %s"), owed_component_label((owed_component)k));
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
            row(w, 4, owed_component_label((owed_component)k), l->balance[k]);
    mpq_clear(t);
}

static void percent_text(char *buf, size_t size, const mpq_t rate)
{
    mpq_t pct;
    mpq_init(pct);
    mpq_set_ui(pct, 100, 1);
    mpq_mul(pct, pct, rate);
    char *s = owed_exact_format(pct);
    if (s && strchr(s, '/') != NULL) {
        owed_mem_free(s);
        s = owed_decimal_format(pct, 4, OWED_ROUND_HALF_UP);
    }
    snprintf(buf, size, "%s%%", s ? s : "?");
    owed_mem_free(s);
    mpq_clear(pct);
}

/* A regime named for people: its title in the language of its law, the title in the
 * statement's language beside it when the regime file gives one (law names stay in the
 * language of the law), and its id last (owed_stmt_regime_name).  Never NULL: "?" (and
 * w->oom set) when memory runs out; caller frees. */
static char *regime_name(writer *w, const owed_regime *reg)
{
    char *s = owed_stmt_regime_name(reg, w->opt->lang ? w->opt->lang : "en", 0);
    if (s == NULL) {
        w->oom = 1;
        s = owed_mem_strdup("?");
    }
    return s;
}

/* Writes `text` wrapped (owed_write_wrapped, textcol.h), ending the row. */
static void wrapped(writer *w, size_t indent, size_t width, const char *text)
{
    owed_write_wrapped(w->fp, indent, width, text);
}

/* The ledger's words for a posting's kind and its component, short for a column (the
 * English words are the XML and CSV names). */
static const char *posting_word(owed_posting_kind k)
{
    switch (k) {
    /* TRANSLATORS: the ledger's column of kinds: at most 12 columns wide */
    case OWED_POST_DISBURSEMENT: return _("disbursement");
    case OWED_POST_WITHHELD: return _("withheld");
    /* TRANSLATORS: the ledger's column of kinds: interest or fees running over days */
    case OWED_POST_ACCRUAL: return _("accrual");
    /* TRANSLATORS: the ledger's column of kinds: a fee charged once */
    case OWED_POST_CHARGE: return _("charge");
    case OWED_POST_PAYMENT: return _("payment");
    case OWED_POST_OVERPAYMENT: return _("overpayment");
    case OWED_POST_EXTENSION: return _("extension");
    default: return owed_posting_kind_name(k);
    }
}

static const char *component_word(owed_component c)
{
    switch (c) {
    case OWED_COMP_PRINCIPAL: return _("principal");
    /* TRANSLATORS: the ledger's column of components: the contract's interest */
    case OWED_COMP_INTEREST: return _("interest");
    /* TRANSLATORS: the ledger's column of components: overdue (penalty) interest */
    case OWED_COMP_PENALTY: return _("penalty");
    case OWED_COMP_FEE: return _("fee");
    /* TRANSLATORS: the ledger's column of components: collection and enforcement costs */
    case OWED_COMP_COST: return _("cost");
    default: return owed_component_name(c);
    }
}

/* The date a table rate is looked up on, as a word before "date". */
static const char *reference_word(owed_reference_date ref)
{
    switch (ref) {
    /* TRANSLATORS: "looked up for the %s date": the date the contract was formed */
    case OWED_REF_FORMATION: return _("formation");
    /* TRANSLATORS: "looked up for the %s date": the date the suit was filed */
    case OWED_REF_FILING: return _("filing");
    /* TRANSLATORS: "looked up for the %s date": each day interest runs */
    case OWED_REF_ACCRUAL: return _("accrual");
    default: return owed_reference_date_name(ref);
    }
}

/* The first citation of a rule on one line, after a marker: "  [法释〔2015〕18号, art. 27]". */
static void cite_line(writer *w, int indent, const owed_citation *c)
{
    if (c == NULL)
        return;
    char *s = owed_stmt_citation_text(c, w->law_lang, w->opt->lang, w->opt->glossary);
    if (s == NULL) {
        w->oom = 1;
        return;
    }
    fprintf(w->fp, "%*s[%s]%s\n", indent, "", s, c->confirmed ? "" : _(" (UNCONFIRMED)"));
    owed_mem_free(s);
}

/* The caps that applied to one loan, stretch by stretch. */
static void cap_segments(writer *w, const owed_lawful *lv, const owed_lawful_loan *l)
{
    for (size_t k = 0; k < l->n_segments; k++) {
        const owed_cap_segment *sg = &l->segments[k];
        char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE];
        date_text(sg->from, d1);
        date_text(sg->to, d2);
        if (sg->period == NULL) {
            fprintf(w->fp, _("      %s..%s: no cap in this regime (charges as the contract)\n"),
                    d1, d2);
            continue;
        }
        char enf[64], ret[64];
        percent_text(enf, sizeof enf, sg->enforceable);
        percent_text(ret, sizeof ret, sg->retained);
        fprintf(w->fp, _("      %s..%s: enforceable up to %s a year"), d1, d2, enf);
        if (!mpq_equal(sg->enforceable, sg->retained))
            fprintf(w->fp, _(", kept if paid up to %s"), ret);
        fprintf(w->fp, _("; %s; %s"), owed_stmt_basis_label(sg->basis),
                owed_stmt_count_label(sg->count));
        char *rounding = owed_stmt_regime_rounding(lv->regime, w->r);
        if (rounding != NULL)
            /* TRANSLATORS: the last part of the line on a stretch of days' cap, after
             * "; %s; %s": "; each period's lawful amount rounded down (truncated) to 1" */
            fprintf(w->fp, _("; %s"), rounding);
        owed_mem_free(rounding);
        end_row(w);
        if (sg->claim_bound)
            fputs(_("        the enforceable line is the rate the claim asks for, below the "
                    "regime's\n"),
                  w->fp);
        if (sg->uses_table) {
            char rate[64], fx[OWED_DATE_TEXT_SIZE], td[OWED_DATE_TEXT_SIZE];
            percent_text(rate, sizeof rate, sg->table_rate);
            date_text(sg->table_fixing, fx);
            date_text(sg->table_date, td);
            fprintf(w->fp, _("        table rate %s (fixing of %s) looked up for the %s date %s"),
                    rate, fx, reference_word(sg->table_ref), td);
            if (sg->table_ref == OWED_REF_FILING && lv->filing_is_as_of)
                fputs(_(" (no filing date in the case: the as-of date is used)"), w->fp);
            end_row(w);
            if (sg->table_beyond_complete)
                fputs(_("        WARNING: this date is after the last date up to which the table is "
                        "known to be complete;\n        the rate may have changed since.\n"),
                      w->fp);
            if (sg->table_unconfirmed)
                fputs(_("        WARNING: the fixing used is marked UNCONFIRMED in the table.\n"), w->fp);
        }
        cite_line(w, 8, sg->period->why.cite);
    }
}

static void lawful_block(writer *w, size_t g, size_t loan)
{
    const owed_lawful *lv = w->r->lawful[g];
    const owed_regime *reg = w->r->regimes[g];
    const owed_lawful_loan *l = &lv->loans[loan];
    const owed_overpayment_rule *ov = owed_regime_overpayment(reg);
    w->law_lang = owed_stmt_law_language(reg);
    char *name = regime_name(w, reg);
    fprintf(w->fp, _("  Lawful view under %s\n"), name);
    owed_mem_free(name);
    const owed_principal_rule *pr = owed_regime_principal(reg);
    row(w, 4, pr->basis == OWED_PRINCIPAL_DELIVERED ? _("Principal (money delivered)")
                                                    : _("Principal (nominal)"),
        l->principal_basis);
    cite_line(w, 6, pr->why.cite);
    if (mpq_sgn(l->withheld) != 0) {
        row(w, 4, owed_stmt_withheld_label(pr), l->withheld);
        cite_line(w, 6, pr->why.cite);
    }
    row(w, 4, _("Agreed charges on the money lent"), l->agreed_charges);
    row(w, 4, _("Charged by the contract to date"), l->contract_charges);
    row(w, 4, _("Cap accrued (enforceable line)"), l->cap_enforceable);
    if (!mpq_equal(l->cap_enforceable, l->cap_retained))
        row(w, 4, _("Cap accrued (kept-if-paid line)"), l->cap_retained);
    cap_segments(w, lv, l);
    w->oom |= owed_limits_write_text(w->fp, w->r, w->opt, g, loan) != 0;
    row(w, 4, _("Enforceable charges"), l->lawful_charges);
    fprintf(w->fp, "      %s\n",
            _("the lesser of the agreed charges on the money lent and the cap"));
    if (l->uncapped_days > 0)
        fprintf(w->fp, _("      the regime sets no cap on %ld day(s): charges are taken as the "
                         "contract's\n"),
                l->uncapped_days);
    if (!mpq_equal(l->retention_line, l->lawful_charges))
        row(w, 4, _("Retention line (kept if paid)"), l->retention_line);
    row(w, 4, _("Charged above the cap"), l->above_cap);
    row(w, 4, _("Paid to charges"), l->charges_paid);
    row(w, 4, _("Paid to principal"), l->principal_paid);
    if (mpq_sgn(l->costs_charged) != 0) {
        row(w, 4, _("Costs outside the cap"), l->costs_charged);
        row(w, 4, _("Paid to those costs"), l->costs_paid);
    }
    cite_line(w, 6, owed_regime_payment_order(reg)->why.cite);
    if (mpq_sgn(l->retained) != 0)
        row(w, 4, _("Paid above the line, kept"), l->retained);
    if (mpq_sgn(l->prepaid) != 0)
        row(w, 4, _("Prepaid charges held"), l->prepaid);
    row(w, 4, _("Principal outstanding"), l->principal);
    row(w, 4, _("Charges enforceable, unpaid"), l->charges_unpaid);
    char d[OWED_DATE_TEXT_SIZE], label[128];
    date_text(w->r->as_of, d);
    snprintf(label, sizeof label, _("Balance by law, %s"), d);
    row(w, 4, label, l->balance);
    row(w, 4, _("Refund due to the borrower"), l->refund);
    if (ov->has_interest) {
        snprintf(label, sizeof label, _("Interest on the refund to %s"), d);
        row(w, 4, label, l->refund_interest);
    }
    if (mpq_sgn(l->refund) != 0 || ov->has_interest)
        cite_line(w, 6, ov->why.cite);
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
    char *why = owed_stmt_chosen_reason(w->r);
    if (why != NULL)
        fprintf(w->fp, _("Regime: %s.\n"), why);
    owed_mem_free(why);
    for (size_t k = 0; k < w->r->n_scope_warnings; k++) {
        char *text = owed_stmt_scope_warning(w->r, &w->r->scope_warnings[k]);
        if (text != NULL)
            fprintf(w->fp, _("WARNING: %s.\n"), text);
        owed_mem_free(text);
    }
}

/* A regime's number in the summary's columns and the claims' rows: "(1)", "(2)", ... in the
 * order of the regimes; the legend under the summary gives each number's title and id. */
static void regime_number(char *buf, size_t size, size_t g)
{
    snprintf(buf, size, "(%zu)", g + 1);
}

/* Side by side, for all loans: what the contract says and what each regime allows.  The
 * regime columns are numbered (a title would not fit a column), with a legend under the
 * table. */
static void summary(writer *w)
{
    const owed_report *r = w->r;
    if (r->n_regimes == 0)
        return;
    mpq_t t;
    mpq_init(t);
    fprintf(w->fp, "\n%s\n", _("Summary, all loans"));
    owed_pad_right(w->fp, "", LABEL_WIDTH);
    owed_pad_left(w->fp, _("contract"), AMOUNT_WIDTH);
    for (size_t g = 0; g < r->n_regimes; g++) {
        char num[32];
        regime_number(num, sizeof num, g);
        owed_pad_left(w->fp, num, AMOUNT_WIDTH);
    }
    end_row(w);
    enum { S_OWED, S_REFUND, S_REFUND_INTEREST, S_ABOVE, S_KEPT };
    struct {
        const char *label;
        int which;
    } rows[] = {{_("Owed now"), S_OWED},
                {_("Refund due"), S_REFUND},
                {_("Interest on refunds"), S_REFUND_INTEREST},
                {_("Charged above the cap"), S_ABOVE},
                {_("Paid above the line, kept"), S_KEPT}};
    int with_interest = owed_stmt_any_refund_interest(r);
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        if (rows[k].which == S_REFUND_INTEREST && !with_interest)
            continue;
        fputs("  ", w->fp);
        owed_pad_right(w->fp, rows[k].label, LABEL_WIDTH - 2);
        if (rows[k].which == S_OWED) {
            owed_loan_total(t, &r->total);
            amount(w, t);
        } else if (rows[k].which == S_REFUND) {
            amount(w, r->total.overpaid);
        } else {
            owed_pad_left(w->fp, "-", AMOUNT_WIDTH);
        }
        for (size_t g = 0; g < r->n_regimes; g++) {
            const owed_lawful_totals *lt = &r->lawful_totals[g];
            switch (rows[k].which) {
            case S_OWED: amount(w, lt->balance); break;
            case S_REFUND: amount(w, lt->refund); break;
            case S_REFUND_INTEREST:
                if (owed_regime_overpayment(r->regimes[g])->has_interest)
                    amount(w, lt->refund_interest);
                else
                    owed_pad_left(w->fp, "-", AMOUNT_WIDTH);
                break;
            case S_ABOVE: amount(w, lt->above_cap); break;
            default: amount(w, lt->retained); break;
            }
        }
        end_row(w);
    }
    /* Netting: a refund on one loan may be set off against what another owes by notice
     * (China Civil Code art. 568). */
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_lawful_totals *lt = &r->lawful_totals[g];
        if (mpq_sgn(lt->balance) > 0 && !mpq_equal(lt->net, lt->balance)) {
            char label[160], num[32];
            regime_number(num, sizeof num, g);
            /* TRANSLATORS: %s is a regime's number in the summary, "(1)" */
            snprintf(label, sizeof label, _("Owed less refunds %s"), num);
            /* in the regime's own column: the contract's column has no such figure */
            fputs("  ", w->fp);
            owed_pad_right(w->fp, label, LABEL_WIDTH - 2);
            owed_pad_left(w->fp, "-", AMOUNT_WIDTH);
            for (size_t h = 0; h <= g; h++) { /* no blank columns after it */
                if (h == g)
                    amount(w, lt->net);
                else
                    owed_pad_left(w->fp, "", AMOUNT_WIDTH);
            }
            end_row(w);
        }
    }
    /* the legend: each number's regime, title first, id last */
    for (size_t g = 0; g < r->n_regimes; g++) {
        char num[32];
        regime_number(num, sizeof num, g);
        char *name = regime_name(w, r->regimes[g]);
        fprintf(w->fp, "  %s %s\n", num, name);
        owed_mem_free(name);
    }
    mpq_clear(t);
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
    end_row(w);
    if (L->interest.present) {
        mpq_t pct;
        mpq_init(pct);
        mpq_set_ui(pct, 100, 1);
        mpq_mul(pct, pct, L->interest.rate);
        char *s = owed_exact_format(pct);
        const char *basis = owed_stmt_basis_label(L->interest.basis);
        if (s && L->interest.per == OWED_PER_DAY)
            fprintf(w->fp, _("  Contract interest: %s%% a day; %s\n"), s, basis);
        else if (s && L->interest.per == OWED_PER_MONTH)
            fprintf(w->fp, _("  Contract interest: %s%% a month; %s\n"), s, basis);
        else if (s)
            fprintf(w->fp, _("  Contract interest: %s%% a year; %s\n"), s, basis);
        owed_mem_free(s);
        mpq_clear(pct);
        char *cv = owed_stmt_conventions(&L->interest.conv, w->r);
        if (cv != NULL)
            fprintf(w->fp, "    %s\n", cv);
        owed_mem_free(cv);
    }
    if (L->overdue.present) {
        char *cv = owed_stmt_conventions(&L->overdue.conv, w->r);
        if (cv != NULL)
            fprintf(w->fp, _("  Overdue interest: %s\n"), cv);
        owed_mem_free(cv);
    }
    figures(w, i, l, L->principal);
    cost_lines(w, &w->r->cost[i]);
    w->oom |= owed_law_apr_write_text(w->fp, w->r, w->opt, i) != 0;
    for (size_t g = 0; g < w->r->n_regimes; g++)
        lawful_block(w, g, i);
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
    cost_lines(w, &w->r->cost[c->n_loans]);
    w->oom |= owed_law_apr_write_text(w->fp, w->r, w->opt, c->n_loans) != 0;
    mpq_clear(nominal);
}

/* ------------------------------------------------------------------ payments */

/* A table of columns sized to their widest cell, for the payments and their lawful
 * application.  Cells are copies; a column is right-aligned when `right`. */
enum { TABLE_MAX_COLS = 10 };

typedef struct table {
    size_t n_cols, n_rows;
    const char *head[TABLE_MAX_COLS];
    int right[TABLE_MAX_COLS];
    size_t width[TABLE_MAX_COLS];
    char **cells; /* n_rows x n_cols */
    char **notes; /* n_rows: the exact values of the row's rounded figures, or NULL */
} table;

static void table_init(table *t, size_t n_cols, size_t n_rows)
{
    memset(t, 0, sizeof *t);
    t->n_cols = n_cols;
    t->n_rows = n_rows;
    t->cells = owed_mem_calloc(n_rows * n_cols + 1, sizeof *t->cells);
    t->notes = owed_mem_calloc(n_rows + 1, sizeof *t->notes);
}

static void table_free(table *t)
{
    for (size_t k = 0; t->cells && k < t->n_rows * t->n_cols; k++)
        owed_mem_free(t->cells[k]);
    for (size_t k = 0; t->notes && k < t->n_rows; k++)
        owed_mem_free(t->notes[k]);
    owed_mem_free(t->cells);
    owed_mem_free(t->notes);
}

static void table_set(writer *w, table *t, size_t row, size_t col, const char *text)
{
    char *c = owed_mem_strdup(text ? text : "");
    if (c == NULL)
        w->oom = 1;
    t->cells[row * t->n_cols + col] = c;
}

/* An amount cell; with --exact, the exact value goes to the row's note when rounding
 * changed it. */
static void table_amount(writer *w, table *t, size_t row, size_t col, const mpq_t q)
{
    char *s = owed_stmt_amount_local(w->r, q, &w->opt->numeric);
    if (s == NULL)
        w->oom = 1;
    t->cells[row * t->n_cols + col] = s;
    t->right[col] = 1;
    if (!w->opt->exact || !owed_stmt_rounded_differs(w->r, q))
        return;
    char *e = owed_exact_format(q);
    const char *prev = t->notes[row] ? t->notes[row] : "";
    size_t n = strlen(prev) + strlen(t->head[col]) + (e ? strlen(e) : 1) + 8;
    char *note = owed_mem_alloc(n);
    if (e == NULL || note == NULL) {
        w->oom = 1;
    } else {
        snprintf(note, n, "%s%s%s = %s", prev, *prev ? "; " : "", t->head[col], e);
        owed_mem_free(t->notes[row]);
        t->notes[row] = note;
        note = NULL;
    }
    owed_mem_free(note);
    owed_mem_free(e);
}

static void table_print(writer *w, table *t)
{
    if (w->oom)
        return;
    for (size_t c = 0; c < t->n_cols; c++) {
        t->width[c] = owed_display_width(t->head[c]);
        for (size_t k = 0; k < t->n_rows; k++) {
            size_t n = owed_display_width(t->cells[k * t->n_cols + c]);
            if (n > t->width[c])
                t->width[c] = n;
        }
    }
    for (size_t k = 0; k <= t->n_rows; k++) {
        const char *const *text =
            k == 0 ? t->head : (const char *const *)&t->cells[(k - 1) * t->n_cols];
        size_t last = 0; /* the last cell that holds something: no trailing blanks */
        for (size_t c = 0; c < t->n_cols; c++)
            if (*text[c])
                last = c;
        fputs("  ", w->fp);
        for (size_t c = 0; c <= last; c++) {
            size_t pad = t->width[c] - owed_display_width(text[c]);
            if (c > 0)
                fputs("  ", w->fp);
            if (t->right[c])
                fprintf(w->fp, "%*s%s", (int)pad, "", text[c]);
            else
                fprintf(w->fp, "%s%*s", text[c], c < last ? (int)pad : 0, "");
        }
        end_row(w);
        if (k > 0 && t->notes[k - 1])
            fprintf(w->fp, "      [%s]\n", t->notes[k - 1]);
    }
}

/* The payments as the borrower made them, before any split. */
static void payments_made(writer *w)
{
    const owed_report *r = w->r;
    if (r->n_payments == 0)
        return;
    fprintf(w->fp, "\n%s\n", _("Payments made, as the borrower made them"));
    table t;
    table_init(&t, 5, r->n_payments);
    if (t.cells == NULL || t.notes == NULL) {
        w->oom = 1;
        table_free(&t);
        return;
    }
    t.head[0] = _("No.");
    t.head[1] = _("Date");
    t.head[2] = _("Amount");
    t.head[3] = _("Loan");
    t.head[4] = _("Marked");
    t.right[0] = 1;
    for (size_t k = 0; k < r->n_payments; k++) {
        const owed_event *e = r->payments[k].event;
        char buf[OWED_DATE_TEXT_SIZE + 24];
        snprintf(buf, sizeof buf, "%zu", k + 1);
        table_set(w, &t, k, 0, buf);
        date_text(e->date, buf);
        table_set(w, &t, k, 1, buf);
        table_amount(w, &t, k, 2, e->amount);
        table_set(w, &t, k, 3, e->loan >= 0 ? r->kase->loans[e->loan].id : _("not designated"));
        table_set(w, &t, k, 4, owed_stmt_paid_for_label(e->paid_for));
    }
    table_print(w, &t);
    table_free(&t);
}

/* How the lawful view under regime `g` applied each payment, loan by loan. */
static void lawful_application(writer *w, size_t g)
{
    const owed_report *r = w->r;
    const owed_lawful *lv = r->lawful[g];
    if (lv->n_moves == 0)
        return;
    int costs = owed_stmt_moves_pay_costs(lv);
    end_row(w);
    char *name = regime_name(w, r->regimes[g]);
    fprintf(w->fp, _("Lawful application of payments under %s"), name);
    owed_mem_free(name);
    end_row(w);
    size_t n_cols = 9 + (size_t)costs;
    table t;
    table_init(&t, n_cols, lv->n_moves);
    if (t.cells == NULL || t.notes == NULL) {
        w->oom = 1;
        table_free(&t);
        return;
    }
    size_t c = 0;
    t.right[0] = 1;
    t.head[c++] = _("No.");
    t.head[c++] = _("Date");
    t.head[c++] = _("Loan");
    if (costs)
        t.head[c++] = _("to costs");
    t.head[c++] = _("to charges");
    t.head[c++] = _("to principal");
    t.head[c++] = _("to the band");
    t.head[c++] = _("prepaid");
    t.head[c++] = _("refund due");
    /* TRANSLATORS: a column: what sent the payment to the loan (Civil Code art. 560) */
    t.head[c++] = _("allocated by");
    size_t row = 0;
    for (size_t k = 0; k < r->n_payments; k++) {
        const owed_payment_made *p = &r->payments[k];
        for (size_t i = p->moves_from[g]; i < p->moves_to[g]; i++, row++) {
            const owed_lawful_move *m = owed_report_move(r, g, i);
            char buf[OWED_DATE_TEXT_SIZE + 24];
            c = 0;
            snprintf(buf, sizeof buf, "%zu", k + 1);
            table_set(w, &t, row, c++, buf);
            date_text(p->event->date, buf);
            table_set(w, &t, row, c++, buf);
            table_set(w, &t, row, c++, r->kase->loans[m->loan].id);
            if (costs)
                table_amount(w, &t, row, c++, m->to_costs);
            table_amount(w, &t, row, c++, m->to_charges);
            table_amount(w, &t, row, c++, m->to_principal);
            table_amount(w, &t, row, c++, m->to_band);
            table_amount(w, &t, row, c++, m->to_prepaid);
            table_amount(w, &t, row, c++, m->to_refund);
            table_set(w, &t, row, c++, owed_stmt_decider_label(m->allocation));
        }
    }
    t.n_rows = row;
    table_print(w, &t);
    table_free(&t);
}

static void claims_section(writer *w)
{
    const owed_report *r = w->r;
    for (size_t k = 0; k < r->n_claims; k++) {
        const owed_claim_check *cc = &r->claims[k];
        const owed_claim *cl = cc->claim;
        char d[OWED_DATE_TEXT_SIZE];
        date_text(cl->date, d);
        end_row(w);
        /* by loan and date: a line of the case file means nothing to a judge */
        char heading[512];
        if (cl->loan >= 0)
            snprintf(heading, sizeof heading, _("Claim by %s on %s, loan %s"),
                     owed_stmt_party_label(cl->by), d, r->kase->loans[cl->loan].id);
        else
            snprintf(heading, sizeof heading, _("Claim by %s on %s, all loans"),
                     owed_stmt_party_label(cl->by), d);
        fprintf(w->fp, "%s\n", heading);
        owed_pad_right(w->fp, "", LABEL_WIDTH);
        owed_pad_left(w->fp, _("claimed"), AMOUNT_WIDTH);
        owed_pad_left(w->fp, _("per contract"), AMOUNT_WIDTH);
        owed_pad_left(w->fp, _("difference"), AMOUNT_WIDTH);
        end_row(w);
        mpq_t diff;
        mpq_init(diff);
        for (int j = 0; j < OWED_COMP_COUNT; j++) {
            if (!cl->has[j] && mpq_sgn(cc->contract[j]) == 0)
                continue;
            fputs("  ", w->fp);
            owed_pad_right(w->fp,
                           j == OWED_COMP_INTEREST && cc->interest_includes_penalty
                               ? _("interest, penalty included")
                               : owed_component_label((owed_component)j),
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
            end_row(w);
        }
        fputs("  ", w->fp);
        owed_pad_right(w->fp, _("total"), LABEL_WIDTH - 2);
        amount(w, cl->total);
        amount(w, cc->contract_total);
        amount(w, cc->difference);
        end_row(w);
        if (r->n_regimes > 0) {
            /* the by-law totals under a heading of their own: the middle column is the
             * balance by law, not per contract */
            owed_pad_right(w->fp, "", LABEL_WIDTH);
            owed_pad_left(w->fp, _("claimed"), AMOUNT_WIDTH);
            owed_pad_left(w->fp, _("by law"), AMOUNT_WIDTH);
            owed_pad_left(w->fp, _("difference"), AMOUNT_WIDTH);
            end_row(w);
        }
        for (size_t g = 0; g < r->n_regimes; g++) {
            char label[160], num[32];
            regime_number(num, sizeof num, g);
            /* TRANSLATORS: %s is a regime's number in the summary, "(1)" */
            snprintf(label, sizeof label, _("total by law %s"), num);
            fputs("  ", w->fp);
            owed_pad_right(w->fp, label, LABEL_WIDTH - 2);
            amount(w, cl->total);
            amount(w, cc->lawful_total[g]);
            amount(w, cc->lawful_difference[g]);
            end_row(w);
        }
        mpq_clear(diff);
    }
}

static void grounds(writer *w, const char *what, const owed_grounds *gr)
{
    if (gr == NULL || gr->cite == NULL)
        return;
    fprintf(w->fp, "  %s\n", what);
    for (const owed_citation *c = gr->cite; c != NULL; c = c->next)
        cite_line(w, 4, c);
}

/* The order of a regime's allocation across loans (Civil Code art. 560), in words. */
static char *allocation_words(writer *w, const owed_regime *reg)
{
    const owed_allocation_rule *al = owed_regime_allocation(reg);
    char *s = owed_stmt_allocation_order(al->order, al->n, al->burden);
    if (s == NULL)
        w->oom = 1;
    return s;
}

static void rules_section(writer *w)
{
    const owed_report *r = w->r;
    /* The order of payments across loans: once when every regime has the same, else in
     * each regime's rules. */
    int same = owed_stmt_same_allocation(r);
    if (same && r->n_regimes > 0) {
        char *order = allocation_words(w, r->regimes[0]);
        if (order != NULL) {
            char *text = NULL;
            size_t n = strlen(order) + 256;
            if ((text = owed_mem_alloc(n)) != NULL) {
                snprintf(text, n,
                         r->n_regimes > 1
                             ? _("Payments across loans, under each regime below, in this "
                                 "order: %s.")
                             : _("Payments across loans, in this order: %s."),
                         order);
                end_row(w);
                wrapped(w, 0, 90, text);
            } else {
                w->oom = 1;
            }
            owed_mem_free(text);
        }
        owed_mem_free(order);
    }
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_regime *reg = r->regimes[g];
        w->law_lang = owed_stmt_law_language(reg);
        fprintf(w->fp, "\n");
        char *name = regime_name(w, reg);
        fprintf(w->fp, _("Rules applied: %s\n"), name);
        owed_mem_free(name);
        grounds(w, _("Principal"), &owed_regime_principal(reg)->why);
        grounds(w, _("What counts as a charge"), &owed_regime_charges(reg)->why);
        for (size_t k = 0; k < owed_regime_n_periods(reg); k++) {
            const owed_cap_period *p = owed_regime_period(reg, k);
            grounds(w, owed_glossary_text(w->opt->glossary, p->label), &p->why);
            for (size_t b = 0; b < p->n_bands; b++) {
                char what[160];
                snprintf(what, sizeof what, _("band %zu: %s"), b + 1,
                         owed_stmt_effect_label(p->bands[b].effect));
                grounds(w, what, &p->bands[b].why);
            }
            char what[160];
            snprintf(what, sizeof what, _("above the last band: %s"),
                     owed_stmt_effect_label(p->above));
            grounds(w, what, &p->above_why);
        }
        grounds(w, _("Order of applying a payment"), &owed_regime_payment_order(reg)->why);
        if (!same) {
            char *order = allocation_words(w, reg);
            if (order != NULL) {
                char *text = NULL;
                size_t n = strlen(order) + 256;
                if ((text = owed_mem_alloc(n)) != NULL) {
                    snprintf(text, n, _("in this order: %s."),
                             order);
                    fprintf(w->fp, "  %s\n", _("Payments across loans"));
                    wrapped(w, 4, 90, text);
                    for (const owed_citation *c = owed_regime_allocation(reg)->why.cite;
                         c != NULL; c = c->next)
                        cite_line(w, 4, c);
                } else {
                    w->oom = 1;
                }
                owed_mem_free(text);
            }
            owed_mem_free(order);
        } else {
            grounds(w, _("Payments across loans"), &owed_regime_allocation(reg)->why);
        }
        grounds(w, _("Overpayments"), &owed_regime_overpayment(reg)->why);
        grounds(w, _("Day count"), &owed_regime_day_rule(reg)->why);
    }
}

static void ledger_section(writer *w)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    const owed_case *c = w->r->kase;
    fprintf(w->fp, "\n%s\n", _("Ledger (contract view): every posting, in order"));
    int words = 0; /* some payment's part says what sent it to its loan */
    size_t what_width = 24; /* the column of what was posted: as wide as its widest label */
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        size_t wd = owed_display_width(p->label ? p->label : component_word(p->component));
        if (p->kind != OWED_POST_EXTENSION && wd + 1 > what_width)
            what_width = wd + 1;
    }
    for (size_t i = 0; i < lg->n; i++)
        words |= (lg->items[i].kind == OWED_POST_PAYMENT ||
                  lg->items[i].kind == OWED_POST_OVERPAYMENT) &&
                 lg->items[i].allocation != OWED_DECIDED_NONE;
    if (words) {
        /* what the words after a payment's balance mean, and the order behind them */
        char *order = owed_stmt_allocation_order(NULL, 0, OWED_BURDEN_DAILY_COST);
        size_t n = order ? strlen(order) + 512 : 0;
        char *text = order ? owed_mem_alloc(n) : NULL;
        if (text != NULL) {
            snprintf(text, n,
                     _("After a payment's balance, what sent it to its loan: the payer's "
                       "designation, or for a payment that designates no loan the criterion "
                       "that decided the loan's share, in this order: %s."),
                     order);
            wrapped(w, 2, 90, text);
        } else {
            w->oom = 1;
        }
        owed_mem_free(text);
        owed_mem_free(order);
    }
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE], when[64];
        date_text(p->from, d1);
        date_text(p->to, d2);
        if (p->kind == OWED_POST_ACCRUAL)
            /* the days of the run, counted as the replay counted them */
            /* TRANSLATORS: an accrual run in the ledger: first and last date, then its days
             * right-aligned in 4 columns and a short word for days ("14d") */
            snprintf(when, sizeof when, _("%1$s..%2$s %3$4ldd"), d1, d2, (long)(p->to - p->from));
        else
            snprintf(when, sizeof when, "%s", d1);
        fputs("  ", w->fp);
        owed_pad_right(w->fp, when, 29);
        owed_pad_right(w->fp, c->loans[p->loan].id, 6);
        owed_pad_right(w->fp, posting_word(p->kind), 13);
        const char *what = p->label ? p->label : component_word(p->component);
        if (p->kind == OWED_POST_EXTENSION) {
            fprintf(w->fp, _("due date moved to %s"), d2);
            end_row(w);
            continue;
        }
        owed_pad_right(w->fp, what, what_width);
        amount(w, p->amount);
        amount(w, p->balance);
        const char *by = owed_stmt_decider_label(p->allocation);
        if ((p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT) && *by)
            fprintf(w->fp, "  %s", by);
        end_row(w);
    }
}

/* Measures a lawful ledger's row: its columns of words are as wide as their widest. */
static void lawful_ledger_measure(void *ctx, const owed_lawful_row *lr)
{
    writer *w = ctx;
    size_t e = owed_display_width(owed_stmt_lawful_event_label(lr->event)) + 1;
    size_t c = owed_display_width(owed_stmt_lawful_component_label(lr->component)) + 1;
    if (e > w->lawful_event_width)
        w->lawful_event_width = e;
    if (c > w->lawful_item_width)
        w->lawful_item_width = c;
}

/* One row of a lawful ledger in text (lawful_rows.h). */
static void lawful_ledger_row(void *ctx, const owed_lawful_row *lr)
{
    writer *w = ctx;
    char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE], when[64];
    date_text(lr->from, d1);
    date_text(lr->to, d2);
    if (lr->span)
        snprintf(when, sizeof when, _("%1$s..%2$s %3$4ldd"), d1, d2, (long)(lr->to - lr->from));
    else
        snprintf(when, sizeof when, "%s", d2);
    fputs("  ", w->fp);
    owed_pad_right(w->fp, when, 29);
    owed_pad_right(w->fp, w->r->kase->loans[lr->loan].id, 6);
    owed_pad_right(w->fp, owed_stmt_lawful_event_label(lr->event), w->lawful_event_width);
    owed_pad_right(w->fp, owed_stmt_lawful_component_label(lr->component),
                   w->lawful_item_width);
    amount(w, lr->amount);
    amount(w, lr->balance);
    const char *by = lr->is_payment ? owed_stmt_decider_label(lr->allocation) : "";
    if (*by)
        fprintf(w->fp, "  %s", by);
    end_row(w);
}

/* The lawful replay of each regime, row by row, as the report records it: what the balance
 * by law is made of, for a judge to follow. */
static void lawful_ledger_sections(writer *w)
{
    for (size_t g = 0; g < w->r->n_regimes; g++) {
        char *name = regime_name(w, w->r->regimes[g]);
        char heading[1024];
        snprintf(heading, sizeof heading, _("Ledger by law under %s: every movement, in order"),
                 name);
        owed_mem_free(name);
        fputc('\n', w->fp);
        wrapped(w, 0, 90, heading);
        wrapped(w, 2, 90,
                _("The balance is what the loan owes by law, less any refund due (negative: "
                  "owed to the borrower)."));
        owed_error err;
        w->lawful_event_width = 13;
        w->lawful_item_width = 13;
        if (owed_lawful_rows(w->r, g, lawful_ledger_measure, w, &err) != OWED_OK ||
            owed_lawful_rows(w->r, g, lawful_ledger_row, w, &err) != OWED_OK)
            w->oom = 1;
    }
}

/* The preparer's block (--prepared-by), with room for a date and a signature. */
static void prepared_by(writer *w)
{
    if (w->opt->prepared_by == NULL)
        return;
    fprintf(w->fp, "\n%s %s\n\n", _("Prepared by:"), w->opt->prepared_by);
    fprintf(w->fp, "%s ____________________    %s ____________________\n", _("Date:"),
            _("Signature:"));
}

owed_status owed_statement_write_text(FILE *fp, const owed_report *r,
                                      const owed_statement_options *opt, owed_error *err)
{
    writer w = {.fp = fp, .r = r, .opt = opt, .oom = 0};
    header(&w);
    summary(&w);
    for (size_t i = 0; i < r->kase->n_loans; i++)
        loan_section(&w, i);
    if (r->kase->n_loans > 1)
        total_section(&w);
    payments_made(&w);
    for (size_t g = 0; g < r->n_regimes; g++) {
        lawful_application(&w, g);
        w.oom |= owed_sheet_write_text(fp, r, opt, g) != 0;
    }
    claims_section(&w);
    rules_section(&w);
    if (opt->ledger) {
        ledger_section(&w);
        lawful_ledger_sections(&w);
    }
    prepared_by(&w);
    owed_mem_free(w.pending);
    if (w.oom)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (ferror(fp))
        return owed_error_set(err, OWED_E_IO, "", 0, _("write error"));
    return OWED_OK;
}
