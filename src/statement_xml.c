/* The XML statement: the machine interface (namespace urn:owed:statement:1, schema
 * data/schema/statement.xsd, every element described in owed-statement(5)).
 *
 * Every figure is an element with value="ROUNDED" (half-up to the currency's minor unit)
 * and exact="EXACT" (a decimal, or a fraction a/b in lowest terms); rates have the same
 * two attributes, value rounded to ten decimals.  Names are codes ("interest",
 * "retained-if-paid"), never translated; text taken from the case or a regime is copied.
 * Built with libxml2's tree API and serialised by it: no markup is written by hand. */
#include <config.h>

#include "mem.h"
#include "statement.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "apr.h"
#include "i18n.h"
#include "money.h"
#include "number.h"
#include "statement_util.h"
#include "xml_rows.h"
#include "xml_stream.h"

#define STATEMENT_NS "urn:owed:statement:1"

typedef struct xw {
    const owed_report *r;
    xmlDocPtr doc;
    owed_xml_stream *stream; /* sections are written as soon as they are complete */
    int oom;
    int stream_failed;       /* the stream failed: its io_errno says whether in a write */
} xw;

static xmlNodePtr el(xw *w, xmlNodePtr parent, const char *name)
{
    if (parent == NULL)
        return NULL;
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (n == NULL)
        w->oom = 1;
    return n;
}

/* An element holding text (escaped by libxml2 on output). */
static xmlNodePtr text_el(xw *w, xmlNodePtr parent, const char *name, const char *text)
{
    if (parent == NULL)
        return NULL;
    char *t = owed_stmt_clean_text(text);
    xmlNodePtr n = t ? xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST t) : NULL;
    owed_mem_free(t);
    if (n == NULL)
        w->oom = 1;
    return n;
}

static void attr(xw *w, xmlNodePtr node, const char *name, const char *value)
{
    if (node == NULL || value == NULL)
        return;
    char *t = owed_stmt_clean_text(value);
    if (t == NULL || xmlNewProp(node, BAD_CAST name, BAD_CAST t) == NULL)
        w->oom = 1;
    owed_mem_free(t);
}

static void attr_date(xw *w, xmlNodePtr node, const char *name, owed_date d)
{
    char buf[OWED_DATE_TEXT_SIZE];
    owed_date_format(d, buf);
    attr(w, node, name, buf);
}

static void attr_long(xw *w, xmlNodePtr node, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    attr(w, node, name, buf);
}

static void attr_bool(xw *w, xmlNodePtr node, const char *name, int v)
{
    attr(w, node, name, v ? "true" : "false");
}

/* <name value="1234.57" exact="7407407/6000"/> */
static xmlNodePtr figure(xw *w, xmlNodePtr parent, const char *name, const mpq_t q)
{
    xmlNodePtr n = el(w, parent, name);
    char *v = owed_stmt_amount(w->r, q), *e = owed_exact_format(q);
    if (v == NULL || e == NULL)
        w->oom = 1;
    attr(w, n, "value", v);
    attr(w, n, "exact", e);
    owed_mem_free(v);
    owed_mem_free(e);
    return n;
}

/* A rate or a factor: value rounded to ten decimals, and exact. */
static xmlNodePtr rate_el(xw *w, xmlNodePtr parent, const char *name, const mpq_t q)
{
    xmlNodePtr n = el(w, parent, name);
    char *v = owed_stmt_rate_value(q, 10), *e = owed_exact_format(q);
    if (v == NULL || e == NULL)
        w->oom = 1;
    attr(w, n, "value", v);
    attr(w, n, "exact", e);
    owed_mem_free(v);
    owed_mem_free(e);
    return n;
}

/* ------------------------------------------------------------------ contract figures */

/* The charges of `comp` by the name the contract or the lender gave them, in order of
 * first appearance, as <part label="..."/> children of `parent`. */
static void parts_by_label(xw *w, xmlNodePtr parent, size_t loan, owed_component comp)
{
    const owed_charge_names *cn = owed_report_names(w->r, loan);
    for (size_t k = 0; k < cn->n_charges; k++)
        if (cn->charges[k].component == comp)
            attr(w, figure(w, parent, "part", cn->charges[k].amount), "label",
                 owed_stmt_neutral_label(cn->charges[k].label));
}

static void contract_figures(xw *w, xmlNodePtr parent, size_t loan, const owed_loan_result *l,
                             const mpq_t nominal)
{
    xmlNodePtr c = el(w, parent, "contract");
    mpq_t t;
    mpq_init(t);
    figure(w, c, "nominal-principal", nominal);
    figure(w, c, "delivered", l->delivered);
    xmlNodePtr wh = figure(w, c, "withheld", l->withheld);
    const owed_charge_names *cn = owed_report_names(w->r, loan);
    for (size_t k = 0; k < cn->n_withheld; k++)
        attr(w, figure(w, wh, "part", cn->withheld[k].amount), "label",
             owed_stmt_neutral_label(cn->withheld[k].label));
    owed_loan_charges(t, l);
    mpq_sub(t, t, l->withheld);
    figure(w, c, "charges", t);
    for (int k = OWED_COMP_INTEREST; k < OWED_COMP_COUNT; k++) {
        xmlNodePtr ch = figure(w, c, "charged", l->charged[k]);
        attr(w, ch, "component", owed_component_name((owed_component)k));
        parts_by_label(w, ch, loan, (owed_component)k);
    }
    mpq_set(t, l->overpaid);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_add(t, t, l->paid[k]);
    figure(w, c, "payments", t);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        attr(w, figure(w, c, "paid", l->paid[k]), "component",
             owed_component_name((owed_component)k));
    figure(w, c, "overpaid", l->overpaid);
    owed_loan_total(t, l);
    figure(w, c, "balance", t);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        attr(w, figure(w, c, "owed", l->balance[k]), "component",
             owed_component_name((owed_component)k));
    mpq_clear(t);
}

/* One method's rate under `rn`: its outcome, decimals and roots. */
static void rate_result(xw *w, xmlNodePtr rn, const owed_apr_result *res)
{
    static const char *const outcomes[] = {"one-root", "no-root", "several-roots", "unresolved"};
    owed_apr_outcome o = owed_apr_result_outcome(res);
    attr(w, rn, "outcome", (unsigned)o < 4 ? outcomes[o] : "unresolved");
    attr_long(w, rn, "decimals", (long)owed_apr_result_decimals(res));
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    for (size_t k = 0; k < owed_apr_result_root_count(res); k++) {
        int exact = owed_apr_result_root(res, k, lo, hi);
        xmlNodePtr root = el(w, rn, "root");
        /* lo and hi in per cent, as `percent` and as owed apr's lo and hi: one unit
           per attribute name across the XML outputs */
        mpq_t hundred;
        mpq_init(hundred);
        mpq_set_ui(hundred, 100, 1);
        mpq_mul(lo, lo, hundred);
        mpq_mul(hi, hi, hundred);
        mpq_clear(hundred);
        char *pct = owed_apr_result_percent(res, k), *l = owed_exact_format(lo),
             *h = owed_exact_format(hi);
        if (pct == NULL || l == NULL || h == NULL)
            w->oom = 1;
        attr(w, root, "percent", pct);
        attr(w, root, "lo", l);
        attr(w, root, "hi", h);
        attr_bool(w, root, "exact", exact);
        owed_mem_free(pct);
        owed_mem_free(l);
        owed_mem_free(h);
    }
    mpq_clears(lo, hi, NULL);
}

/* The cost view: the annual rate of the money received and paid, by each method.  Returns
 * the <cost> element. */
static xmlNodePtr cost(xw *w, xmlNodePtr parent, const owed_cost_view *cv)
{
    xmlNodePtr n = el(w, parent, "cost");
    attr_long(w, n, "flows", (long)cv->n_flows);
    for (int m = 0; m < OWED_COST_METHODS; m++) {
        xmlNodePtr rn = el(w, n, "rate");
        attr(w, rn, "method", m == OWED_COST_XIRR ? "xirr" : "eu");
        if (cv->rate[m] == NULL)
            attr(w, rn, "outcome", "not-computed");
        else
            rate_result(w, rn, cv->rate[m]);
    }
    return n;
}

/* The tolerance around a disclosed rate (owed_apr_tolerance: 12 CFR 1026.22(a) for Reg Z,
 * SI 2010/1014 for the UK), in percentage points, under the <law-apr> `n`. */
static void law_tolerance(xw *w, xmlNodePtr n, const owed_apr_flows *flows,
                          const owed_apr_options *opt, const owed_apr_result *res)
{
    mpq_t disclosed, below, above, hi, hundred;
    mpq_inits(disclosed, below, above, hi, hundred, NULL);
    owed_apr_result_root(res, 0, disclosed, hi);
    int within = 0;
    const char *rule = NULL;
    owed_error why;
    owed_error_clear(&why);
    owed_status st = owed_apr_tolerance(&within, below, above, &rule, flows, opt, disclosed, -1,
                                        &why);
    if (st == OWED_E_NOMEM) {
        w->oom = 1;
    } else if (st == OWED_OK) {
        mpq_set_ui(hundred, 100, 1);
        mpq_mul(below, below, hundred);
        mpq_mul(above, above, hundred);
        xmlNodePtr t = el(w, n, "tolerance");
        char *b = owed_exact_format(below), *a = owed_exact_format(above);
        if (b == NULL || a == NULL)
            w->oom = 1;
        attr(w, t, "below", b);
        attr(w, t, "above", a);
        attr(w, t, "rule", rule);
        owed_mem_free(b);
        owed_mem_free(a);
    }
    mpq_clears(disclosed, below, above, hi, hundred, NULL);
}

/* Under the <cost> element `parent`, the annual rate each regime's law discloses
 * (owed_regime_apr_method: the UK's CONC APR, the US Regulation Z APR), once per method, of
 * the cost view's cash flows of loan `loan` (all loans when loan == n_loans), with the
 * tolerance around a disclosed rate when the rate is one root. */
static void law_apr(xw *w, xmlNodePtr parent, size_t loan)
{
    const owed_report *r = w->r;
    int done[2] = {0, 0};
    owed_apr_flows *flows = NULL;
    int flows_ok = 0;
    for (size_t g = 0; g < r->n_regimes && !w->oom; g++) {
        int m = owed_regime_apr_method(r->regimes[g]);
        int k = m == OWED_APR_REGZ;
        if (m < 0 || done[k])
            continue;
        done[k] = 1;
        owed_error why;
        owed_error_clear(&why);
        if (flows == NULL) {
            if ((flows = owed_apr_flows_new()) == NULL) {
                w->oom = 1;
                return;
            }
            owed_status st = owed_report_cash_flows(r, loan, flows, &why);
            if (st == OWED_E_NOMEM)
                w->oom = 1;
            flows_ok = st == OWED_OK;
        }
        xmlNodePtr n = el(w, parent, "law-apr");
        attr(w, n, "method", owed_apr_method_name((owed_apr_method)m));
        owed_apr_options aopt;
        owed_apr_options_init(&aopt, (owed_apr_method)m);
        owed_apr_result *res = NULL;
        owed_status st = flows_ok ? owed_apr_compute(&res, flows, &aopt, &why) : OWED_E_ARG;
        if (st == OWED_E_NOMEM)
            w->oom = 1;
        if (st != OWED_OK) {
            attr(w, n, "outcome", "not-computed");
        } else {
            rate_result(w, n, res);
            if (owed_apr_result_outcome(res) == OWED_APR_ONE_ROOT)
                law_tolerance(w, n, flows, &aopt, res);
        }
        owed_apr_result_free(res);
    }
    owed_apr_flows_free(flows);
}

/* ------------------------------------------------------------------ citations, rules */

static void notes(xw *w, xmlNodePtr parent, const char *const *n, size_t count)
{
    for (size_t i = 0; i < count; i++)
        text_el(w, parent, "note", n[i]);
}

static void cite(xw *w, xmlNodePtr parent, const owed_citation *c)
{
    xmlNodePtr n = el(w, parent, "cite");
    attr(w, n, "instrument", c->instrument);
    attr(w, n, "title", c->title);
    attr(w, n, "article", c->article);
    if (c->has_date)
        attr_date(w, n, "date", c->date);
    attr(w, n, "url", c->url);
    /* not c->source: the keys of the project's law brief are internal provenance, never
     * shown in a statement (design 5, rule (j)) */
    if (c->grade) {
        char g[2] = {c->grade, '\0'};
        attr(w, n, "grade", g);
    }
    attr_bool(w, n, "confirmed", c->confirmed);
    if (c->line > 0)
        attr_long(w, n, "line", c->line);
    notes(w, n, c->notes, c->n_notes);
}

/* A rule's notes and citations inside `node`. */
static void grounds(xw *w, xmlNodePtr node, const owed_grounds *g)
{
    if (g == NULL)
        return;
    if (g->line > 0)
        attr_long(w, node, "line", g->line);
    notes(w, node, g->notes, g->n_notes);
    for (const owed_citation *c = g->cite; c != NULL; c = c->next)
        cite(w, node, c);
}

static void rules(xw *w, xmlNodePtr root, const owed_regime *reg)
{
    xmlNodePtr rs = el(w, root, "rules");
    attr(w, rs, "regime", owed_regime_id(reg));
    size_t n_notes = 0;
    const char *const *rn = owed_regime_notes(reg, &n_notes);
    notes(w, rs, rn, n_notes);
    const owed_grounds *scope = owed_regime_scope(reg);
    if (scope && scope->cite)
        grounds(w, el(w, rs, "scope"), scope);

    const owed_principal_rule *pr = owed_regime_principal(reg);
    xmlNodePtr n = el(w, rs, "principal-rule");
    attr(w, n, "basis", owed_principal_basis_name(pr->basis));
    if (pr->basis == OWED_PRINCIPAL_DELIVERED)
        attr(w, n, "withheld", owed_withheld_treatment_name(pr->withheld));
    grounds(w, n, &pr->why);

    const owed_charge_rule *cr = owed_regime_charges(reg);
    n = el(w, rs, "charge-rule");
    if (cr->all) {
        attr(w, n, "components", "all");
    } else {
        char list[128] = "";
        for (int k = 0; k < OWED_COMP_COUNT; k++)
            if (cr->counts[k]) {
                if (list[0])
                    strcat(list, " ");
                strcat(list, owed_component_name((owed_component)k));
            }
        attr(w, n, "components", list);
    }
    attr_bool(w, n, "withheld", cr->withheld);
    grounds(w, n, &cr->why);

    for (size_t k = 0; k < owed_regime_n_periods(reg); k++) {
        const owed_cap_period *p = owed_regime_period(reg, k);
        xmlNodePtr pn = el(w, rs, "cap-period");
        attr(w, pn, "label", p->label);
        if (p->has_formed_from)
            attr_date(w, pn, "formed-from", p->formed_from);
        if (p->has_formed_before)
            attr_date(w, pn, "formed-before", p->formed_before);
        if (p->has_from)
            attr_date(w, pn, "from", p->from);
        if (p->has_until)
            attr_date(w, pn, "until", p->until);
        attr(w, pn, "basis", owed_day_basis_name(p->basis));
        attr(w, pn, "count", owed_day_count_name(p->count));
        grounds(w, pn, &p->why);
        for (size_t b = 0; b < p->n_bands; b++) {
            const owed_band *bd = &p->bands[b];
            xmlNodePtr bn = el(w, pn, "band");
            attr_long(w, bn, "n", (long)b + 1);
            attr(w, bn, "effect", owed_band_effect_name(bd->effect));
            attr(w, bn, "at", owed_reference_date_name(bd->at));
            if (bd->at == OWED_REF_NONE) {
                rate_el(w, bn, "limit", bd->limit);
            } else {
                attr(w, bn, "table", bd->table_id);
                rate_el(w, bn, "multiple", bd->multiple);
            }
            grounds(w, bn, &bd->why);
        }
        xmlNodePtr an = el(w, pn, "above");
        attr(w, an, "effect", owed_band_effect_name(p->above));
        grounds(w, an, &p->above_why);
    }

    const owed_payment_order_rule *po = owed_regime_payment_order(reg);
    n = el(w, rs, "payment-order");
    {
        char list[128] = "";
        for (int k = 0; k < 3; k++) {
            if (k)
                strcat(list, " ");
            strcat(list, owed_pay_step_name(po->order[k]));
        }
        attr(w, n, "order", list);
    }
    grounds(w, n, &po->why);

    const owed_allocation_rule *al = owed_regime_allocation(reg);
    n = el(w, rs, "allocation");
    {
        char list[256] = "";
        for (size_t k = 0; k < al->n && k < 6; k++) {
            if (k)
                strcat(list, " ");
            strcat(list, owed_alloc_step_name(al->order[k]));
        }
        attr(w, n, "order", list);
    }
    attr(w, n, "burden", owed_burden_measure_name(al->burden));
    grounds(w, n, &al->why);

    const owed_overpayment_rule *ov = owed_regime_overpayment(reg);
    n = el(w, rs, "overpayment");
    attr_bool(w, n, "refund", ov->refund);
    attr_bool(w, n, "interest", ov->has_interest);
    for (size_t k = 0; k < ov->n_rates; k++) {
        const owed_refund_rate *rr = &ov->rates[k];
        xmlNodePtr rn2 = rate_el(w, n, "refund-rate", rr->rate);
        if (rr->has_from)
            attr_date(w, rn2, "from", rr->from);
        if (rr->has_until)
            attr_date(w, rn2, "until", rr->until);
    }
    grounds(w, n, &ov->why);

    const owed_day_rule *dr = owed_regime_day_rule(reg);
    n = el(w, rs, "day-rule");
    attr(w, n, "basis", owed_day_basis_name(dr->basis));
    attr(w, n, "count", owed_day_count_name(dr->count));
    grounds(w, n, &dr->why);
}

/* ------------------------------------------------------------------ lawful view */

static void lawful_loan(xw *w, xmlNodePtr parent, size_t g, size_t i)
{
    const owed_lawful *lv = w->r->lawful[g];
    const owed_regime *reg = w->r->regimes[g];
    const owed_lawful_loan *l = &lv->loans[i];
    xmlNodePtr n = el(w, parent, "lawful");
    attr(w, n, "regime", owed_regime_id(reg));
    attr(w, n, "principal-basis", owed_principal_basis_name(owed_regime_principal(reg)->basis));
    attr_long(w, n, "uncapped-days", l->uncapped_days);
    const owed_principal_rule *pr = owed_regime_principal(reg);
    figure(w, n, "principal-basis", l->principal_basis);
    attr(w, figure(w, n, "withheld", l->withheld), "treatment",
         pr->basis == OWED_PRINCIPAL_NOMINAL ? "principal"
                                             : owed_withheld_treatment_name(pr->withheld));
    figure(w, n, "agreed-charges", l->agreed_charges);
    figure(w, n, "contract-charges", l->contract_charges);
    figure(w, n, "cap-enforceable", l->cap_enforceable);
    figure(w, n, "cap-retained", l->cap_retained);
    if (owed_regime_charge_limit(reg)->present) {
        figure(w, n, "limited-charges", l->limited_charges);
        if (l->has_limit)
            figure(w, n, "charge-limit", l->limit);
    }
    if (l->has_total_cap)
        figure(w, n, "total-cap", l->total_cap);
    if (l->has_period_limit) {
        const owed_period_limit *pl = owed_regime_period_limit(reg);
        xmlNodePtr pn = figure(w, n, "period-limit", l->period_limit);
        attr(w, pn, "per", "month");
        grounds(w, pn, &pl->why);
        figure(w, n, "period-cut", l->period_cut);
    }
    const owed_loan_limit *ll = owed_regime_loan_limit(reg);
    if (ll->present) {
        xmlNodePtr ln = el(w, n, "loan-limit");
        if (l->has_loan_amount) {
            xmlNodePtr an = figure(w, ln, "amount", l->loan_amount);
            attr(w, an, "of", ll->with_fees ? "principal-and-fees" : "principal");
            attr_bool(w, an, "exceeded", l->amount_exceeded);
            figure(w, ln, "amount-limit", ll->amount);
        }
        if (l->has_term) {
            xmlNodePtr tn = el(w, ln, "term");
            attr_long(w, tn, "days", l->term_days);
            attr_long(w, tn, "limit", ll->term_days);
            attr_bool(w, tn, "exceeded", l->term_exceeded);
        }
        grounds(w, ln, &ll->why);
    }
    if (owed_regime_overpayment(reg)->apply_to_advances)
        figure(w, n, "overpayment-applied", l->offset_received);
    figure(w, n, "lawful-charges", l->lawful_charges);
    figure(w, n, "retention-line", l->retention_line);
    figure(w, n, "above-cap", l->above_cap);
    figure(w, n, "charges-paid", l->charges_paid);
    figure(w, n, "principal-paid", l->principal_paid);
    figure(w, n, "costs-charged", l->costs_charged);
    figure(w, n, "costs-paid", l->costs_paid);
    figure(w, n, "kept", l->retained);
    figure(w, n, "prepaid", l->prepaid);
    figure(w, n, "prepaid-absorbed", l->prepaid_absorbed);
    figure(w, n, "principal", l->principal);
    figure(w, n, "charges-unpaid", l->charges_unpaid);
    figure(w, n, "balance", l->balance);
    figure(w, n, "refund", l->refund);
    xmlNodePtr ri = figure(w, n, "refund-interest", l->refund_interest);
    attr_bool(w, ri, "rate-given", owed_regime_overpayment(reg)->has_interest);
    for (size_t k = 0; k < l->n_refunds; k++) {
        const owed_lawful_refund *rf = &l->refunds[k];
        xmlNodePtr e = el(w, n, "refund-due");
        attr_date(w, e, "arose", rf->arose);
        figure(w, e, "amount", rf->amount);
        if (rf->has_rate)
            rate_el(w, e, "rate", rf->rate);
        figure(w, e, "interest", rf->interest);
    }
    for (size_t k = 0; k < l->n_segments; k++) {
        const owed_cap_segment *sg = &l->segments[k];
        xmlNodePtr s = el(w, n, "cap-segment");
        attr_date(w, s, "from", sg->from);
        attr_date(w, s, "to", sg->to);
        attr_bool(w, s, "capped", sg->period != NULL);
        if (sg->period == NULL)
            continue;
        attr(w, s, "period", sg->period->label);
        attr(w, s, "basis", owed_day_basis_name(sg->basis));
        attr(w, s, "count", owed_day_count_name(sg->count));
        if (sg->claim_bound)
            attr_bool(w, s, "claim-bound", 1);
        rate_el(w, s, "enforceable-rate", sg->enforceable);
        rate_el(w, s, "retained-rate", sg->retained);
        if (sg->uses_table) {
            xmlNodePtr t = rate_el(w, s, "table-rate", sg->table_rate);
            attr(w, t, "reference", owed_reference_date_name(sg->table_ref));
            attr_date(w, t, "date", sg->table_date);
            attr_date(w, t, "fixing", sg->table_fixing);
            attr_bool(w, t, "beyond-complete", sg->table_beyond_complete);
            attr_bool(w, t, "unconfirmed", sg->table_unconfirmed);
        }
        if (sg->period->why.cite)
            cite(w, s, sg->period->why.cite);
    }
}

/* ------------------------------------------------------------------ sections */

static void summary(xw *w, xmlNodePtr root)
{
    const owed_report *r = w->r;
    xmlNodePtr s = el(w, root, "summary");
    xmlNodePtr c = el(w, s, "contract");
    mpq_t t;
    mpq_init(t);
    owed_loan_total(t, &r->total);
    figure(w, c, "owed", t);
    figure(w, c, "refund", r->total.overpaid);
    mpq_set(t, r->total.overpaid);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_add(t, t, r->total.paid[k]);
    figure(w, c, "paid", t);
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_lawful_totals *lt = &r->lawful_totals[g];
        xmlNodePtr l = el(w, s, "lawful");
        attr(w, l, "regime", owed_regime_id(r->regimes[g]));
        figure(w, l, "owed", lt->balance);
        figure(w, l, "refund", lt->refund);
        figure(w, l, "refund-interest", lt->refund_interest);
        figure(w, l, "net", lt->net);
        figure(w, l, "above-cap", lt->above_cap);
        figure(w, l, "kept", lt->retained);
    }
    mpq_clear(t);
}

/* The payments as the borrower made them, and under each regime the moves that applied
 * each one, loan by loan. */
static void payments_made(xw *w, xmlNodePtr root)
{
    const owed_report *r = w->r;
    xmlNodePtr n = el(w, root, "payments-made");
    for (size_t k = 0; k < r->n_payments; k++) {
        const owed_payment_made *p = &r->payments[k];
        const owed_event *e = p->event;
        xmlNodePtr pn = el(w, n, "payment");
        attr_long(w, pn, "n", (long)k + 1);
        attr_date(w, pn, "date", e->date);
        if (e->loan >= 0)
            attr(w, pn, "loan", r->kase->loans[e->loan].id);
        if (e->paid_for != OWED_PAID_FOR_UNMARKED)
            attr(w, pn, "for", e->paid_for == OWED_PAID_FOR_CHARGES ? "charges" : "principal");
        if (e->line > 0)
            attr_long(w, pn, "line", e->line);
        figure(w, pn, "amount", e->amount);
        for (size_t g = 0; g < r->n_regimes; g++) {
            xmlNodePtr ln = el(w, pn, "lawful");
            attr(w, ln, "regime", owed_regime_id(r->regimes[g]));
            for (size_t i = p->moves_from[g]; i < p->moves_to[g]; i++) {
                const owed_lawful_move *m = owed_report_move(r, g, i);
                xmlNodePtr mn = el(w, ln, "move");
                attr(w, mn, "loan", r->kase->loans[m->loan].id);
                attr(w, mn, "allocation", owed_alloc_decider_name(m->allocation));
                figure(w, mn, "to-costs", m->to_costs);
                figure(w, mn, "to-charges", m->to_charges);
                figure(w, mn, "to-principal", m->to_principal);
                figure(w, mn, "to-band", m->to_band);
                figure(w, mn, "to-prepaid", m->to_prepaid);
                figure(w, mn, "to-refund", m->to_refund);
            }
        }
    }
}

static void claims(xw *w, xmlNodePtr root)
{
    const owed_report *r = w->r;
    for (size_t k = 0; k < r->n_claims; k++) {
        const owed_claim_check *cc = &r->claims[k];
        const owed_claim *cl = cc->claim;
        xmlNodePtr n = el(w, root, "claim");
        attr_long(w, n, "n", (long)k + 1);
        attr_date(w, n, "date", cl->date);
        attr(w, n, "by", cl->by);
        if (cl->loan >= 0)
            attr(w, n, "loan", r->kase->loans[cl->loan].id);
        attr_long(w, n, "line", cl->line);
        attr_bool(w, n, "interest-includes-penalty", cc->interest_includes_penalty);
        attr_bool(w, n, "total-stated", cl->has_total);
        mpq_t d;
        mpq_init(d);
        for (int j = 0; j < OWED_COMP_COUNT; j++) {
            if (!cl->has[j] && mpq_sgn(cc->contract[j]) == 0)
                continue;
            xmlNodePtr p = el(w, n, "part");
            attr(w, p, "component", owed_component_name((owed_component)j));
            attr_bool(w, p, "stated", cl->has[j]);
            if (cl->has[j])
                figure(w, p, "claimed", cl->part[j]);
            figure(w, p, "contract", cc->contract[j]);
            if (cl->has[j]) {
                mpq_sub(d, cl->part[j], cc->contract[j]);
                figure(w, p, "difference", d);
            }
        }
        mpq_clear(d);
        xmlNodePtr t = el(w, n, "total");
        figure(w, t, "claimed", cl->total);
        figure(w, t, "contract", cc->contract_total);
        figure(w, t, "difference", cc->difference);
        for (size_t g = 0; g < r->n_regimes; g++) {
            xmlNodePtr l = el(w, n, "lawful");
            attr(w, l, "regime", owed_regime_id(r->regimes[g]));
            figure(w, l, "balance", cc->lawful_total[g]);
            figure(w, l, "difference", cc->lawful_difference[g]);
        }
    }
}

static void findings(xw *w, xmlNodePtr root)
{
    const owed_report *r = w->r;
    static const char *const kinds[] = {"claim-part", "claim-total", "above-cap",
                                        "loan-amount", "loan-term"};
    for (size_t k = 0; k < r->n_findings; k++) {
        const owed_finding *f = &r->findings[k];
        xmlNodePtr n = el(w, root, "finding");
        attr(w, n, "kind", (unsigned)f->kind < 5 ? kinds[f->kind] : "?");
        if (f->regime >= 0)
            attr(w, n, "regime", owed_regime_id(r->regimes[f->regime]));
        if (f->kind != OWED_FIND_CLAIM_PART && f->kind != OWED_FIND_CLAIM_TOTAL) {
            attr(w, n, "loan", r->kase->loans[f->loan].id);
            attr_long(w, n, "line", r->kase->loans[f->loan].line);
        } else {
            attr_long(w, n, "claim", (long)f->claim + 1);
            attr_long(w, n, "line", r->claims[f->claim].claim->line);
        }
        if (f->kind == OWED_FIND_CLAIM_PART)
            attr(w, n, "component", owed_component_name(f->component));
        if (f->kind == OWED_FIND_LOAN_TERM)
            attr(w, n, "unit", "days");
        figure(w, n, "claimed", f->claimed);
        figure(w, n, "allowed", f->allowed);
        figure(w, n, "excess", f->excess);
    }
}

/* figure() for a posting written as text (xml_rows.h). */
static void row_figure(xw *w, owed_xml_row *row, const char *name, const mpq_t q)
{
    char *v = owed_stmt_amount(w->r, q), *e = owed_exact_format(q);
    if (v == NULL || e == NULL)
        w->oom = 1;
    owed_xml_row_child(row, name);
    owed_xml_row_attr(row, "value", v);
    owed_xml_row_attr(row, "exact", e);
    owed_mem_free(v);
    owed_mem_free(e);
}

static void ledger(xw *w, xmlNodePtr root)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    xmlNodePtr n = el(w, root, "ledger");
    attr(w, n, "view", "contract");
    /* the ledger is the largest part: its postings stream a batch at a time */
    if (n == NULL) {
        w->oom = 1;
        return;
    }
    if (owed_xml_stream_open(w->stream, n) != 0) {
        w->stream_failed = 1;
        return;
    }
    /* each posting is written as text (xml_rows.h): about 77,000 of them in the largest
     * case, too many to build as elements */
    int level = 0;
    for (xmlNodePtr up = n; up->parent != NULL && up->parent->type == XML_ELEMENT_NODE;
         up = up->parent)
        level++;
    level++; /* the postings are one below the ledger */
    owed_xml_row row;
    owed_xml_row_init(&row, w->doc);
    for (size_t i = 0; i < lg->n; i++) {
        if (i % 256 == 255 && owed_xml_stream_flush(w->stream) != 0)
            w->stream_failed = 1;
        const owed_posting *p = &lg->items[i];
        char buf[OWED_DATE_TEXT_SIZE > 32 ? OWED_DATE_TEXT_SIZE : 32];
        owed_xml_row_begin(&row, level, "posting");
        owed_date_format(p->date, buf);
        owed_xml_row_attr(&row, "date", buf);
        if (p->kind == OWED_POST_ACCRUAL || p->kind == OWED_POST_EXTENSION) {
            owed_date_format(p->from, buf);
            owed_xml_row_attr(&row, "from", buf);
            owed_date_format(p->to, buf);
            owed_xml_row_attr(&row, "to", buf);
        }
        if (p->kind == OWED_POST_ACCRUAL) {
            snprintf(buf, sizeof buf, "%ld", (long)(p->to - p->from));
            owed_xml_row_attr(&row, "days", buf);
        }
        owed_xml_row_attr(&row, "loan", w->r->kase->loans[p->loan].id);
        owed_xml_row_attr(&row, "kind", owed_posting_kind_name(p->kind));
        owed_xml_row_attr(&row, "component", owed_component_name(p->component));
        owed_xml_row_attr(&row, "label", owed_stmt_neutral_label(p->label));
        if (p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT)
            owed_xml_row_attr(&row, "allocation", owed_alloc_decider_name(p->allocation));
        if (p->line > 0) {
            snprintf(buf, sizeof buf, "%ld", (long)p->line);
            owed_xml_row_attr(&row, "line", buf);
        }
        row_figure(w, &row, "amount", p->amount);
        row_figure(w, &row, "balance", p->balance);
        owed_xml_row_end(&row);
        if (owed_xml_row_add(&row, n) != 0)
            w->oom = 1;
    }
    owed_xml_row_free(&row);
    if (owed_xml_stream_close(w->stream) != 0)
        w->stream_failed = 1;
}

static void header(xw *w, xmlNodePtr root)
{
    const owed_report *r = w->r;
    const owed_case *c = r->kase;
    attr(w, root, "format", "1");
    attr(w, root, "generator", PACKAGE_NAME);
    attr(w, root, "generator-version", PACKAGE_VERSION);
    attr(w, root, "case-file", c->file);
    attr(w, root, "currency", c->currency.code);
    attr_long(w, root, "minor-units", (long)c->currency.minor_units);
    attr_date(w, root, "as-of", r->as_of);
    if (c->has_filed)
        attr_date(w, root, "filed", c->filed);
    if (c->title)
        text_el(w, root, "title", c->title);
    if (c->borrower)
        text_el(w, root, "borrower", c->borrower);
    xmlNodePtr cv = el(w, root, "conventions");
    attr(w, cv, "day-count", owed_day_count_name(OWED_COUNT_FIRST_NOT_LAST));
    attr(w, cv, "display-rounding", owed_round_mode_name(OWED_ROUND_HALF_UP));
    {
        mpq_t unit;
        mpq_init(unit);
        mpz_set_ui(mpq_numref(unit), 1);
        mpz_ui_pow_ui(mpq_denref(unit), 10, c->currency.minor_units);
        char *u = owed_exact_format(unit);
        if (u == NULL)
            w->oom = 1;
        attr(w, cv, "rounding-unit", u);
        owed_mem_free(u);
        mpq_clear(unit);
    }
    attr(w, cv, "totals", "rounded-from-exact");
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_regime *reg = r->regimes[g];
        xmlNodePtr n = el(w, root, "regime");
        attr(w, n, "id", owed_regime_id(reg));
        attr(w, n, "jurisdiction", owed_regime_jurisdiction(reg));
        attr(w, n, "law-language", owed_stmt_law_language(reg));
        attr(w, n, "variant-of", owed_regime_variant_of(reg));
        attr_date(w, n, "filing", r->lawful[g]->filing);
        attr_bool(w, n, "filing-is-as-of", r->lawful[g]->filing_is_as_of);
        static const char *const langs[] = {"en", "zh", "ja"};
        for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++)
            if (owed_regime_has_title(reg, langs[k]))
                attr(w, text_el(w, n, "title", owed_regime_title(reg, langs[k])), "lang",
                     langs[k]);
        if (r->chosen == (long)g) {
            attr_bool(w, n, "chosen", 1);
            char *why = owed_stmt_chosen_reason(r);
            if (why == NULL)
                w->oom = 1;
            else
                text_el(w, n, "chosen-because", why);
            owed_mem_free(why);
        }
        static const char *const reasons[] = {"", "filed-early", "filed-late", "formed-early",
                                              "formed-late", "lender"};
        for (size_t k = 0; k < r->n_scope_warnings; k++) {
            const owed_scope_warning *sw = &r->scope_warnings[k];
            if (sw->regime != g)
                continue;
            char *text = owed_stmt_scope_warning(r, sw);
            if (text == NULL) {
                w->oom = 1;
                continue;
            }
            xmlNodePtr x = text_el(w, n, "scope-warning", text);
            attr(w, x, "loan", c->loans[sw->loan].id);
            attr(w, x, "reason", reasons[sw->why]);
            owed_mem_free(text);
        }
    }
}

/* The conventions of an agreed rate: accrual, count, rounding and its unit (exact). */
static void conventions(xw *w, xmlNodePtr t, const owed_accrual_convention *cv)
{
    attr(w, t, "accrual", cv->accrual == OWED_ACCRUE_CALENDAR_MONTH ? "calendar-month" : "day");
    attr(w, t, "count", owed_day_count_name(cv->count));
    if (!cv->has_rounding)
        return;
    attr(w, t, "rounding", owed_round_mode_name(cv->rounding));
    char *u = owed_exact_format(cv->rounding_unit);
    if (u == NULL)
        w->oom = 1;
    attr(w, t, "rounding-unit", u);
    owed_mem_free(u);
}

static void loan(xw *w, xmlNodePtr root, size_t i)
{
    const owed_loan *L = &w->r->kase->loans[i];
    const owed_loan_result *l = &w->r->contract->loans[i];
    xmlNodePtr n = el(w, root, "loan");
    attr(w, n, "id", L->id);
    if (L->lender)
        attr(w, n, "lender", L->lender);
    attr_long(w, n, "line", L->line);
    attr_date(w, n, "contracted", L->contracted);
    attr_date(w, n, "due", L->due);
    attr_date(w, n, "due-in-force", l->due);
    attr_long(w, n, "extensions", l->extensions);
    if (L->interest.present) {
        xmlNodePtr t = rate_el(w, n, "interest-rate", L->interest.rate);
        attr(w, t, "per", owed_rate_period_name(L->interest.per));
        attr(w, t, "basis", owed_day_basis_name(L->interest.basis));
        conventions(w, t, &L->interest.conv);
    }
    if (L->overdue.present) {
        xmlNodePtr t = rate_el(w, n, "overdue-rate", L->overdue.rate);
        attr(w, t, "per", owed_rate_period_name(L->overdue.per));
        attr(w, t, "basis", owed_day_basis_name(L->overdue.basis));
        attr(w, t, "on", L->overdue.on == OWED_OVERDUE_ON_PRINCIPAL ? "principal"
                                                                    : "principal-and-interest");
        attr_long(w, t, "grace-days", L->overdue.grace_days);
        conventions(w, t, &L->overdue.conv);
    }
    contract_figures(w, n, i, l, L->principal);
    if (w->r->cost)
        law_apr(w, cost(w, n, &w->r->cost[i]), i);
    for (size_t g = 0; g < w->r->n_regimes; g++)
        lawful_loan(w, n, g, i);
}

/* Writes the sections complete so far (xml_stream.h). */
static void flush(xw *w)
{
    if (!w->oom && !w->stream_failed && owed_xml_stream_flush(w->stream) != 0)
        w->stream_failed = 1;
}

owed_status owed_statement_write_xml(FILE *fp, const owed_report *r,
                                     const owed_statement_options *opt, owed_error *err)
{
    owed_xml_stream stream = {0};
    xw w = {.r = r, .doc = xmlNewDoc(BAD_CAST "1.0"), .stream = &stream, .oom = 0};
    xmlNodePtr root = w.doc ? xmlNewNode(NULL, BAD_CAST "statement") : NULL;
    xmlNsPtr ns = root ? xmlNewNs(root, BAD_CAST STATEMENT_NS, NULL) : NULL;
    if (root == NULL || ns == NULL) {
        if (root)
            xmlFreeNode(root);
        xmlFreeDoc(w.doc);
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    }
    xmlSetNs(root, ns);
    xmlDocSetRootElement(w.doc, root);
    header(&w, root);
    if (!w.oom && owed_xml_stream_begin(&stream, fp, w.doc, root, 0) != 0)
        w.stream_failed = 1;
    summary(&w, root);
    flush(&w);
    for (size_t i = 0; i < r->kase->n_loans; i++) {
        loan(&w, root, i);
        flush(&w);
    }
    {
        mpq_t nominal;
        mpq_init(nominal);
        for (size_t i = 0; i < r->kase->n_loans; i++)
            mpq_add(nominal, nominal, r->kase->loans[i].principal);
        xmlNodePtr total = el(&w, root, "total");
        contract_figures(&w, total, SIZE_MAX, &r->total, nominal);
        if (r->cost)
            law_apr(&w, cost(&w, total, &r->cost[r->kase->n_loans]), r->kase->n_loans);
        mpq_clear(nominal);
    }
    payments_made(&w, root);
    claims(&w, root);
    findings(&w, root);
    for (size_t g = 0; g < r->n_regimes; g++)
        rules(&w, root, r->regimes[g]);
    flush(&w);
    if (opt->ledger && !w.oom && !w.stream_failed)
        ledger(&w, root);
    int failed = w.oom || w.stream_failed;
    if (!failed)
        failed = owed_xml_stream_end(&stream) != 0;
    else
        owed_xml_stream_abandon(&stream);
    xmlFreeDoc(w.doc);
    return owed_stmt_stream_outcome(fp, failed, w.oom, stream.io_errno, err);
}
