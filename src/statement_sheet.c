/* The recalculation sheet in the text, HTML and CSV statements (statement_sheet.h). */
#include <config.h>

#include "statement_sheet.h"

#include <stdlib.h>
#include <string.h>

#include "apr.h"
#include "i18n.h"
#include "mem.h"
#include "number.h"
#include "sheet.h"
#include "statement_util.h"
#include "textcol.h"

enum { SHEET_COLS = 11, OFFSET_COL = 5 };

/* Whether column c is shown: the overpayments applied to advances only under a regime that
 * applies them. */
static int shown(const owed_regime *reg, size_t c)
{
    return c != OFFSET_COL || owed_regime_overpayment(reg)->apply_to_advances;
}

/* The column heads, in order. */
static const char *head(size_t c)
{
    switch (c) {
    case 0: return _("Date");
    /* TRANSLATORS: a column of the recalculation sheet: days since the previous row */
    case 1: return _("Days");
    case 2: return _("Rate");
    case 3: return _("Interest");
    case 4: return _("Advance");
    /* TRANSLATORS: overpayments (with their interest) set against a new advance */
    case 5: return _("Overpayment applied");
    case 6: return _("Payment");
    case 7: return _("Principal after");
    case 8: return _("Interest unpaid");
    case 9: return _("Overpayment");
    /* TRANSLATORS: interest on the overpayment, from the first row to this one */
    case 10: return _("Overpayment interest");
    }
    return "";
}

/* The cells of one row as text (each freed by the caller); 0, or -1 when memory runs out. */
static int cells(const owed_report *r, const owed_statement_options *opt,
                 const owed_sheet_row *row, char *out[SHEET_COLS])
{
    char buf[OWED_DATE_TEXT_SIZE + 24];
    owed_date_format(row->date, buf);
    out[0] = owed_mem_strdup(buf);
    snprintf(buf, sizeof buf, "%ld", row->days);
    out[1] = owed_mem_strdup(buf);
    out[2] = row->has_rate ? owed_stmt_percent(row->rate, &opt->numeric) : owed_mem_strdup("");
    const mpq_t *q[] = {&row->interest,         &row->advance,     &row->offset,
                        &row->payment,          &row->principal,   &row->interest_unpaid,
                        &row->overpayment,      &row->over_interest_total};
    for (size_t c = 3; c < SHEET_COLS; c++)
        out[c] = owed_stmt_amount_local(r, *q[c - 3], &opt->numeric);
    for (size_t c = 0; c < SHEET_COLS; c++)
        if (out[c] == NULL)
            return -1;
    return 0;
}

static void free_cells(char *c[SHEET_COLS])
{
    for (size_t i = 0; i < SHEET_COLS; i++) {
        owed_mem_free(c[i]);
        c[i] = NULL;
    }
}

static int write_text_sheet(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                            const owed_regime *reg, const char *name, const owed_sheet *s)
{
    size_t width[SHEET_COLS];
    char **all = owed_mem_calloc(s->n_rows * SHEET_COLS + 1, sizeof *all);
    if (all == NULL)
        return -1;
    int rc = 0;
    for (size_t c = 0; c < SHEET_COLS; c++)
        width[c] = owed_display_width(head(c));
    for (size_t k = 0; k < s->n_rows && rc == 0; k++) {
        rc = cells(r, opt, &s->rows[k], &all[k * SHEET_COLS]);
        for (size_t c = 0; c < SHEET_COLS && rc == 0; c++) {
            size_t n = owed_display_width(all[k * SHEET_COLS + c]);
            if (n > width[c])
                width[c] = n;
        }
    }
    if (rc == 0) {
        fputc('\n', fp);
        fprintf(fp, _("Recalculation sheet under %s, loan %s"), name,
                r->kase->loans[s->loan].id);
        fputc('\n', fp);
        for (size_t k = 0; k <= s->n_rows; k++) {
            fputs(" ", fp);
            for (size_t c = 0; c < SHEET_COLS; c++) {
                if (!shown(reg, c))
                    continue;
                const char *text = k == 0 ? head(c) : all[(k - 1) * SHEET_COLS + c];
                fputc(' ', fp);
                if (c == 0)
                    owed_pad_right(fp, text, width[c]);
                else
                    owed_pad_left(fp, text, width[c]);
            }
            fputc('\n', fp);
        }
        fprintf(fp, "  %s\n",
                _("Interest: as the regime posts it for each interval; overpayment interest: "
                  "exact, shown rounded."));
    }
    for (size_t k = 0; k < s->n_rows; k++)
        free_cells(&all[k * SHEET_COLS]);
    owed_mem_free(all);
    return rc;
}

/* Calls `write` with the sheet of each loan that has rows, under regime `g` when it asks
 * for sheets, with the regime's name for people; 0, or -1 when memory runs out. */
typedef int (*sheet_writer)(void *ctx, const owed_report *r, const owed_statement_options *opt,
                            const owed_regime *reg, const char *name, const owed_sheet *s);

static int each_sheet(const owed_report *r, const owed_statement_options *opt, size_t g,
                      sheet_writer write, void *ctx)
{
    if (!owed_regime_recalculation_sheet(r->regimes[g]))
        return 0;
    char *name = owed_stmt_regime_name(r->regimes[g], opt->lang ? opt->lang : "en", 0);
    if (name == NULL)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < r->kase->n_loans && rc == 0; i++) {
        owed_sheet s;
        if (owed_sheet_build(r->lawful[g], i, &s) != OWED_OK)
            rc = -1;
        else if (s.n_rows > 0)
            rc = write(ctx, r, opt, r->regimes[g], name, &s);
        owed_sheet_clear(&s);
    }
    owed_mem_free(name);
    return rc;
}

static int text_sheet(void *fp, const owed_report *r, const owed_statement_options *opt,
                      const owed_regime *reg, const char *name, const owed_sheet *s)
{
    return write_text_sheet(fp, r, opt, reg, name, s);
}

int owed_sheet_write_text(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                          size_t g)
{
    return each_sheet(r, opt, g, text_sheet, fp);
}

/* ------------------------------------------------------------------ money caps, text */

static int limit_row(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                     const char *label, const mpq_t q)
{
    char *a = owed_stmt_amount_local(r, q, &opt->numeric);
    if (a == NULL)
        return -1;
    fputs("    ", fp);
    owed_pad_right(fp, label, 36);
    owed_pad_left(fp, a, 14);
    fputc('\n', fp);
    owed_mem_free(a);
    return 0;
}

static int limit_cite(FILE *fp, const owed_citation *c, const owed_regime *reg,
                      const owed_statement_options *opt)
{
    if (c == NULL)
        return 0;
    char *t = owed_stmt_citation_text(c, owed_stmt_law_language(reg), opt->lang, opt->glossary);
    if (t == NULL)
        return -1;
    fprintf(fp, "      [%s]%s\n", t, c->confirmed ? "" : _(" (UNCONFIRMED)"));
    owed_mem_free(t);
    return 0;
}

int owed_limits_write_text(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                           size_t g, size_t loan)
{
    const owed_regime *reg = r->regimes[g];
    const owed_lawful_loan *l = &r->lawful[g]->loans[loan];
    const owed_charge_limit *cl = owed_regime_charge_limit(reg);
    const owed_total_cap *tc = owed_regime_total_cap(reg);
    int rc = 0;
    if (cl->present) {
        rc |= limit_row(fp, r, opt, _("Charges outside the rate caps"), l->limited_charges);
        if (l->has_limit)
            rc |= limit_row(fp, r, opt, _("Their limit"), l->limit);
        rc |= limit_cite(fp, cl->why.cite, reg, opt);
    }
    if (tc->present && l->has_total_cap) {
        rc |= limit_row(fp, r, opt, _("Total cost cap (this loan's room)"), l->total_cap);
        rc |= limit_cite(fp, tc->why.cite, reg, opt);
    }
    if (cl->present || tc->present)
        fprintf(fp, "      %s\n",
                _("enforceable: the lesser of the agreed charges and the cap, plus the charges "
                  "outside the rate caps up to their limit, at most the total cost cap"));
    const owed_period_limit *pl = owed_regime_period_limit(reg);
    if (pl->present && l->has_period_limit) {
        rc |= limit_row(fp, r, opt, _("Limit on charges each month"), l->period_limit);
        rc |= limit_row(fp, r, opt, _("Cut by the monthly limit"), l->period_cut);
        for (const owed_citation *c = pl->why.cite; c != NULL && rc == 0; c = c->next)
            rc |= limit_cite(fp, c, reg, opt);
    }
    const owed_loan_limit *ll = owed_regime_loan_limit(reg);
    if (ll->present) {
        if (l->has_loan_amount) {
            rc |= limit_row(fp, r, opt,
                            ll->with_fees ? _("Principal and fees") : _("Principal"),
                            l->loan_amount);
            rc |= limit_row(fp, r, opt, _("Their limit"), ll->amount);
            if (l->amount_exceeded)
                fprintf(fp, "      %s\n", _("ABOVE THE LIMIT: a loan the regime does not allow"));
        }
        if (l->has_term) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%ld", l->term_days);
            snprintf(b, sizeof b, "%ld", ll->term_days);
            fputs("    ", fp);
            owed_pad_right(fp, _("Term, days"), 36);
            owed_pad_left(fp, a, 14);
            fputs("\n    ", fp);
            owed_pad_right(fp, _("Its limit, days"), 36);
            owed_pad_left(fp, b, 14);
            fputc('\n', fp);
            if (l->term_exceeded)
                fprintf(fp, "      %s\n", _("ABOVE THE LIMIT: a loan the regime does not allow"));
        }
        for (const owed_citation *c = ll->why.cite; c != NULL && rc == 0; c = c->next)
            rc |= limit_cite(fp, c, reg, opt);
    }
    return rc;
}

/* ------------------------------------------------------------------ the law's APR, text */

/* The contract's cash flows of loan `loan` (all loans when loan == n_loans), as the cost
 * view takes them (owed_report_cash_flows); NULL when memory runs out. */
static owed_apr_flows *loan_flows(const owed_report *r, size_t loan, owed_error *err)
{
    owed_apr_flows *flows = owed_apr_flows_new();
    if (flows != NULL && owed_report_cash_flows(r, loan, flows, err) != OWED_OK) {
        owed_apr_flows_free(flows);
        flows = NULL;
    }
    return flows;
}

static int law_apr_line(FILE *fp, const owed_apr_flows *flows, owed_apr_method m)
{
    fputs("    ", fp);
    owed_pad_right(fp, m == OWED_APR_REGZ ? _("Reg Z APR (12 CFR 1026 Appendix J)")
                                          : _("UK APR (CONC App 1.2)"),
                   36);
    owed_apr_options opt;
    owed_apr_options_init(&opt, m);
    owed_apr_result *res = NULL;
    owed_error why;
    owed_error_clear(&why);
    owed_status st = owed_apr_compute(&res, flows, &opt, &why);
    if (st == OWED_E_NOMEM)
        return -1;
    if (st != OWED_OK || owed_apr_result_outcome(res) != OWED_APR_ONE_ROOT) {
        fprintf(fp, _("not computed: %s\n"), st != OWED_OK ? why.text : _("no single rate"));
        owed_apr_result_free(res);
        return 0;
    }
    char *p = owed_apr_result_percent(res, 0);
    if (p == NULL) {
        owed_apr_result_free(res);
        return -1;
    }
    char text[96];
    snprintf(text, sizeof text, "%s%%", p);
    owed_pad_left(fp, text, 14);
    fputc('\n', fp);
    if (m == OWED_APR_REGZ || m == OWED_APR_UK) {
        /* the tolerance a disclosed APR has around it (12 CFR 1026.22(a); SI 2010/1014
         * Sch. 4 para 2) */
        mpq_t disclosed, below, above;
        mpq_inits(disclosed, below, above, NULL);
        mpq_t lo, hi;
        mpq_inits(lo, hi, NULL);
        owed_apr_result_root(res, 0, lo, hi);
        mpq_set(disclosed, lo);
        int within = 0;
        const char *rule = NULL;
        st = owed_apr_tolerance(&within, below, above, &rule, flows, &opt, disclosed, -1, &why);
        if (st == OWED_OK) {
            mpq_set_ui(lo, 100, 1);
            mpq_mul(above, above, lo);
            mpq_mul(below, below, lo);
            char *t = owed_exact_format(above), *u = owed_exact_format(below);
            if (t != NULL && u != NULL && mpq_equal(above, below))
                fprintf(fp, _("      a disclosed APR is accurate within %s of a point (%s)\n"), t,
                        rule ? _(rule) : "12 CFR 1026.22(a)");
            else if (t != NULL && u != NULL)
                /* TRANSLATORS: %1$s and %2$s are percentage points ("1", "0.1"), %3$s the
                   rule that sets them */
                fprintf(fp, _("      a disclosed APR may be up to %1$s percentage point above "
                              "it or up to %2$s below it (%3$s)\n"),
                        t, u, rule ? _(rule) : "SI 2010/1014");
            owed_mem_free(t);
            owed_mem_free(u);
        }
        mpq_clears(disclosed, below, above, lo, hi, NULL);
    }
    owed_mem_free(p);
    owed_apr_result_free(res);
    return 0;
}

int owed_law_apr_write_text(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                            size_t loan)
{
    (void)opt;
    int done_uk = 0, done_regz = 0, rc = 0;
    owed_apr_flows *flows = NULL;
    for (size_t g = 0; g < r->n_regimes && rc == 0; g++) {
        int m = owed_regime_apr_method(r->regimes[g]);
        if (m < 0 || (m == OWED_APR_UK && done_uk) || (m == OWED_APR_REGZ && done_regz))
            continue;
        if (flows == NULL) {
            owed_error err;
            owed_error_clear(&err);
            flows = loan_flows(r, loan, &err);
            if (flows == NULL)
                return -1;
        }
        done_uk |= m == OWED_APR_UK;
        done_regz |= m == OWED_APR_REGZ;
        rc = law_apr_line(fp, flows, (owed_apr_method)m);
    }
    owed_apr_flows_free(flows);
    return rc;
}

/* ------------------------------------------------------------------ HTML */

static int text_node(xmlNodePtr parent, const char *name, const char *cls, const char *text)
{
    char *t = owed_stmt_clean_text(text);
    xmlNodePtr n = t ? xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST t) : NULL;
    owed_mem_free(t);
    if (n == NULL)
        return -1;
    if (cls != NULL && xmlNewProp(n, BAD_CAST "class", BAD_CAST cls) == NULL)
        return -1;
    return 0;
}

static int write_html_sheet(xmlNodePtr parent, const owed_report *r,
                            const owed_statement_options *opt, const owed_regime *reg,
                            const char *name, const owed_sheet *s)
{
    xmlNodePtr sec = xmlNewChild(parent, NULL, BAD_CAST "div", NULL);
    if (sec == NULL || xmlNewProp(sec, BAD_CAST "class", BAD_CAST "sheet") == NULL)
        return -1;
    char title[1024];
    snprintf(title, sizeof title, _("Recalculation sheet under %s, loan %s"), name,
             r->kase->loans[s->loan].id);
    if (text_node(sec, "h3", NULL, title) != 0)
        return -1;
    xmlNodePtr table = xmlNewChild(sec, NULL, BAD_CAST "table", NULL);
    xmlNodePtr thead = table ? xmlNewChild(table, NULL, BAD_CAST "thead", NULL) : NULL;
    xmlNodePtr tr = thead ? xmlNewChild(thead, NULL, BAD_CAST "tr", NULL) : NULL;
    xmlNodePtr tbody = table ? xmlNewChild(table, NULL, BAD_CAST "tbody", NULL) : NULL;
    if (tr == NULL || tbody == NULL)
        return -1;
    for (size_t c = 0; c < SHEET_COLS; c++)
        if (shown(reg, c) && text_node(tr, "th", NULL, head(c)) != 0)
            return -1;
    int rc = 0;
    for (size_t k = 0; k < s->n_rows && rc == 0; k++) {
        char *cell[SHEET_COLS] = {0};
        tr = xmlNewChild(tbody, NULL, BAD_CAST "tr", NULL);
        rc = tr == NULL ? -1 : cells(r, opt, &s->rows[k], cell);
        for (size_t c = 0; c < SHEET_COLS && rc == 0; c++)
            if (shown(reg, c))
                rc = text_node(tr, "td", c == 0 ? NULL : "num", cell[c]);
        free_cells(cell);
    }
    if (rc == 0)
        rc = text_node(sec, "p", "note",
                       _("Interest: as the regime posts it for each interval; overpayment "
                         "interest: exact, shown rounded."));
    return rc;
}

/* The law's APR of one method as text ("460.08%"), or NULL (and *rc -1 when memory ran
 * out). */
static char *law_apr_text(const owed_apr_flows *flows, owed_apr_method m, int *rc)
{
    owed_apr_options aopt;
    owed_apr_options_init(&aopt, m);
    owed_apr_result *res = NULL;
    owed_error why;
    owed_error_clear(&why);
    owed_status st = owed_apr_compute(&res, flows, &aopt, &why);
    char *out = NULL;
    if (st == OWED_E_NOMEM) {
        *rc = -1;
    } else if (st == OWED_OK && owed_apr_result_outcome(res) == OWED_APR_ONE_ROOT) {
        char *p = owed_apr_result_percent(res, 0);
        out = p ? owed_mem_alloc(strlen(p) + 2) : NULL;
        if (out != NULL)
            sprintf(out, "%s%%", p);
        else
            *rc = -1;
        owed_mem_free(p);
    }
    owed_apr_result_free(res);
    return out;
}

int owed_law_apr_write_html(xmlNodePtr parent, const owed_report *r,
                            const owed_statement_options *opt, size_t loan)
{
    (void)opt;
    if (parent == NULL)
        return 0;
    int done[2] = {0, 0}, rc = 0;
    owed_apr_flows *flows = NULL;
    for (size_t g = 0; g < r->n_regimes && rc == 0; g++) {
        int m = owed_regime_apr_method(r->regimes[g]);
        int k = m == OWED_APR_REGZ;
        if (m < 0 || done[k])
            continue;
        done[k] = 1;
        if (flows == NULL) {
            owed_error err;
            owed_error_clear(&err);
            if ((flows = loan_flows(r, loan, &err)) == NULL)
                return -1;
        }
        char *pct = law_apr_text(flows, (owed_apr_method)m, &rc);
        if (pct == NULL)
            continue;
        char buf[256];
        snprintf(buf, sizeof buf, "%s: %s%s",
                 k ? _("Reg Z APR (12 CFR 1026 Appendix J)") : _("UK APR (CONC App 1.2)"), pct,
                 k ? _(" (a disclosed APR is accurate within 1/8 of a point, 1/4 in an "
                       "irregular transaction: 12 CFR 1026.22(a))")
                   : _(" (a disclosed APR may be up to 1 percentage point above it or up to "
                       "0.1 below it: SI 2010/1014 Sch. 4 para 2)"));
        owed_mem_free(pct);
        rc = text_node(parent, "p", "law-apr", buf);
    }
    owed_apr_flows_free(flows);
    return rc;
}

/* A paragraph "limits" with a text and its citations ("[cite; cite]"), in the reader's
 * form (owed_stmt_citations_text). */
static int cited_paragraph(xmlNodePtr parent, const char *text, const owed_citation *cite,
                           const owed_regime *reg, const owed_statement_options *opt)
{
    char *c = owed_stmt_citations_text(cite, owed_stmt_law_language(reg), opt->lang,
                                       opt->glossary);
    char *buf = c ? owed_mem_alloc(strlen(text) + strlen(c) + 4) : NULL;
    int rc = -1;
    if (buf != NULL) {
        sprintf(buf, *c ? "%s [%s]" : "%s", text, c);
        rc = text_node(parent, "p", "limits", buf);
    }
    owed_mem_free(buf);
    owed_mem_free(c);
    return rc;
}

/* HTML: the period limit and the loan limit of one regime for one loan, when it has them. */
static int loan_limits_html(xmlNodePtr parent, const owed_report *r,
                            const owed_statement_options *opt, const owed_regime *reg,
                            const owed_lawful_loan *l)
{
    const owed_period_limit *pl = owed_regime_period_limit(reg);
    const owed_loan_limit *ll = owed_regime_loan_limit(reg);
    char buf[512];
    int rc = 0;
    if (pl->present && l->has_period_limit) {
        char *a = owed_stmt_amount_local(r, l->period_limit, &opt->numeric);
        char *b = owed_stmt_amount_local(r, l->period_cut, &opt->numeric);
        if (a != NULL && b != NULL) {
            snprintf(buf, sizeof buf, "%s: %s %s; %s %s", owed_regime_id(reg),
                     _("Limit on charges each month"), a, _("Cut by the monthly limit"), b);
            rc = cited_paragraph(parent, buf, pl->why.cite, reg, opt);
        } else {
            rc = -1;
        }
        owed_mem_free(a);
        owed_mem_free(b);
    }
    if (rc == 0 && ll->present) {
        char *a = l->has_loan_amount ? owed_stmt_amount_local(r, l->loan_amount, &opt->numeric)
                                     : owed_mem_strdup("-");
        char *b = ll->has_amount ? owed_stmt_amount_local(r, ll->amount, &opt->numeric)
                                 : owed_mem_strdup("-");
        if (a != NULL && b != NULL) {
            char term[64] = "-", limit[64] = "-";
            if (l->has_term) {
                snprintf(term, sizeof term, "%ld", l->term_days);
                snprintf(limit, sizeof limit, "%ld", ll->term_days);
            }
            int over = l->amount_exceeded || l->term_exceeded;
            snprintf(buf, sizeof buf, "%s: %s %s (%s %s); %s %s (%s %s)%s%s",
                     owed_regime_id(reg), ll->with_fees ? _("Principal and fees") : _("Principal"),
                     a, _("Their limit"), b, _("Term, days"), term, _("Its limit, days"), limit,
                     over ? ": " : "",
                     over ? _("ABOVE THE LIMIT: a loan the regime does not allow") : "");
            rc = cited_paragraph(parent, buf, ll->why.cite, reg, opt);
        } else {
            rc = -1;
        }
        owed_mem_free(a);
        owed_mem_free(b);
    }
    return rc;
}

int owed_limits_write_html(xmlNodePtr parent, const owed_report *r,
                           const owed_statement_options *opt, size_t loan)
{
    if (parent == NULL)
        return 0;
    int rc = 0;
    for (size_t g = 0; g < r->n_regimes && rc == 0; g++) {
        const owed_regime *reg = r->regimes[g];
        const owed_charge_limit *cl = owed_regime_charge_limit(reg);
        const owed_total_cap *tc = owed_regime_total_cap(reg);
        const owed_lawful_loan *l = &r->lawful[g]->loans[loan];
        rc = loan_limits_html(parent, r, opt, reg, l);
        if (rc != 0 || (!cl->present && !tc->present))
            continue;
        char *a = owed_stmt_amount_local(r, l->limited_charges, &opt->numeric);
        char *b = l->has_limit ? owed_stmt_amount_local(r, l->limit, &opt->numeric) : owed_mem_strdup("");
        char *c = l->has_total_cap ? owed_stmt_amount_local(r, l->total_cap, &opt->numeric)
                                   : owed_mem_strdup("");
        if (a == NULL || b == NULL || c == NULL) {
            rc = -1;
        } else {
            char buf[512];
            snprintf(buf, sizeof buf, "%s (%s): %s %s; %s %s; %s %s", owed_regime_id(reg),
                     _("money caps"), _("Charges outside the rate caps"), a, _("Their limit"),
                     *b ? b : "-", _("Total cost cap (this loan's room)"), *c ? c : "-");
            rc = text_node(parent, "p", "limits", buf);
        }
        owed_mem_free(a);
        owed_mem_free(b);
        owed_mem_free(c);
    }
    return rc;
}

static int html_sheet(void *parent, const owed_report *r, const owed_statement_options *opt,
                      const owed_regime *reg, const char *name, const owed_sheet *s)
{
    return write_html_sheet(parent, r, opt, reg, name, s);
}

int owed_sheet_write_html(xmlNodePtr parent, const owed_report *r,
                          const owed_statement_options *opt, size_t g)
{
    if (parent == NULL)
        return 0;
    return each_sheet(r, opt, g, html_sheet, parent);
}

/* ------------------------------------------------------------------ CSV */

int owed_sheet_write_csv(const owed_report *r, size_t g, owed_sheet_csv_row row, void *ctx)
{
    const owed_regime *reg = r->regimes[g];
    if (!owed_regime_recalculation_sheet(reg))
        return 0;
    size_t n = strlen(owed_regime_id(reg)) + 8;
    char *view = owed_mem_alloc(n);
    if (view == NULL)
        return -1;
    snprintf(view, n, "sheet:%s", owed_regime_id(reg));
    int rc = 0;
    mpq_t balance, neg;
    mpq_inits(balance, neg, NULL);
    for (size_t i = 0; i < r->kase->n_loans && rc == 0; i++) {
        owed_sheet s;
        if (owed_sheet_build(r->lawful[g], i, &s) != OWED_OK) {
            rc = -1;
            owed_sheet_clear(&s);
            break;
        }
        mpq_set_ui(balance, 0, 1);
        owed_date prev = s.n_rows > 0 ? s.rows[0].date : 0;
        for (size_t k = 0; k < s.n_rows && rc == 0; k++) {
            const owed_sheet_row *w = &s.rows[k];
            char label[96] = "";
            if (w->has_rate) {
                char *pct = owed_stmt_rate_value(w->rate, 6);
                if (pct == NULL) {
                    rc = -1;
                    break;
                }
                snprintf(label, sizeof label, "%ld days at %s", w->days, pct);
                owed_mem_free(pct);
            } else {
                snprintf(label, sizeof label, "%ld days", w->days);
            }
            if (mpq_sgn(w->advance) != 0) {
                mpq_add(balance, balance, w->advance);
                row(ctx, w->date, i, view, "advance", w->advance, balance, 0, 0, NULL);
            }
            if (k > 0 || mpq_sgn(w->interest) != 0) {
                mpq_add(balance, balance, w->interest);
                row(ctx, w->date, i, view, "interest", w->interest, balance, prev, w->date,
                    label);
            }
            if (mpq_sgn(w->offset) != 0) {
                mpq_neg(neg, w->offset);
                mpq_add(balance, balance, neg);
                row(ctx, w->date, i, view, "overpayment-applied", neg, balance, 0, 0, NULL);
                /* the borrower's claim used up: what is owed on balance does not change */
                mpq_add(balance, balance, w->offset);
                row(ctx, w->date, i, view, "overpayment-used", w->offset, balance, 0, 0, NULL);
            }
            if (mpq_sgn(w->payment) != 0) {
                mpq_neg(neg, w->payment);
                mpq_add(balance, balance, neg);
                row(ctx, w->date, i, view, "payment", neg, balance, 0, 0, NULL);
            }
            if (mpq_sgn(w->over_interest) != 0) {
                mpq_neg(neg, w->over_interest);
                mpq_add(balance, balance, neg);
                row(ctx, w->date, i, view, "overpayment-interest", neg, balance, prev, w->date,
                    NULL);
            }
            prev = w->date;
        }
        owed_sheet_clear(&s);
    }
    mpq_clears(balance, neg, NULL);
    owed_mem_free(view);
    return rc;
}
