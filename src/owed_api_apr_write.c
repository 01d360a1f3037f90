/* An annual rate written as `owed apr` writes it (owed.h: owed_annual_write): the text
 * (the rate in percent on the first line, how it was obtained after it, in the message
 * language) and the XML of urn:owed:apr:1 (every figure exact). */
#include <config.h>

#include "owed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "apr.h"
#include "date.h"
#include "error.h"
#include "i18n.h"
#include "mem.h"
#include "number.h"
#include "owed_api_apr.h"
#include "owed_api_ctx.h"
#include "owed_api_scope.h"

#define APR_XML_NS "urn:owed:apr:1"

static const char *outcome_name(owed_apr_outcome o)
{
    switch (o) {
    case OWED_APR_ONE_ROOT: return "one-root";
    case OWED_APR_NO_ROOT: return "no-root";
    case OWED_APR_SEVERAL_ROOTS: return "several-roots";
    default: return "unresolved";
    }
}

static void text_range(FILE *fp, const owed_apr_result *res)
{
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    owed_apr_result_range(res, lo, hi);
    char *a = owed_annual_percent_exact(lo), *b = owed_annual_percent_exact(hi);
    fprintf(fp, _("range searched: %s%% .. %s%%\n"), a ? a : "?", b ? b : "?");
    owed_mem_free(a);
    owed_mem_free(b);
    mpq_clears(lo, hi, NULL);
}

static void write_text(FILE *fp, const owed_annual *r)
{
    const owed_apr_result *res = r->res;
    const owed_apr_result *other = r->other ? r->other->res : NULL;
    size_t n = owed_apr_result_root_count(res);
    owed_apr_outcome o = owed_apr_result_outcome(res);
    owed_apr_method m = owed_apr_result_method(res);
    for (size_t i = 0; i < n; i++) {
        char *s = owed_apr_result_percent(res, i);
        fprintf(fp, "%s%%\n", s ? s : "?");
        owed_mem_free(s);
    }
    if (other && owed_apr_result_outcome(other) == OWED_APR_ONE_ROOT) {
        char *s = owed_apr_result_percent(other, 0);
        fprintf(fp, "%s: %s%%\n",
                owed_apr_result_method(other) == OWED_APR_PBOC_COMPOUND ? _("compound (IRR)")
                                                                        : _("simple"),
                s ? s : "?");
        owed_mem_free(s);
    }
    fprintf(fp, _("method: %s: %s\n"), owed_apr_method_name(m), _(owed_apr_method_rule(m)));
    fprintf(fp, _("time: %s\n"), owed_apr_result_time_measure(res));
    if (r->loan)
        fprintf(fp, "%s\n", r->loan);
    size_t nt = owed_apr_result_term_count(res);
    owed_date d0, d1;
    owed_apr_result_term(res, 0, &d0, NULL, NULL, NULL);
    owed_apr_result_term(res, nt - 1, &d1, NULL, NULL, NULL);
    char t0[OWED_DATE_TEXT_SIZE], t1[OWED_DATE_TEXT_SIZE];
    owed_date_format(d0, t0);
    owed_date_format(d1, t1);
    unsigned ch = owed_apr_result_sign_changes(res);
    if (r->day_numbers) {
        long last = (long)(d1 - d0);
        if (ch == 1)
            /* TRANSLATORS: the quick form: flows on day 0 (receipt) to day N (repayment) */
            fprintf(fp, _("flows: %1$zu, on day 0 and day %2$ld; one sign change, so exactly "
                          "one rate\n"),
                    nt, last);
        else
            fprintf(fp, _("flows: %1$zu, on day 0 and day %2$ld; %3$u sign changes\n"), nt,
                    last, ch);
    } else if (ch == 1)
        fprintf(fp, _("flows: %zu dates from %s to %s; one sign change, so exactly one rate\n"),
                nt, t0, t1);
    else
        fprintf(fp, _("flows: %zu dates from %s to %s; %u sign changes\n"), nt, t0, t1, ch);
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    for (size_t i = 0; i < n; i++) {
        int exact = owed_apr_result_root(res, i, lo, hi);
        char *a = owed_annual_percent_exact(lo), *b = owed_annual_percent_exact(hi);
        if (exact)
            fprintf(fp, _("exact: %s%%\n"), a ? a : "?");
        else
            fprintf(fp, _("proven: %s%% < rate < %s%% (the equation changes sign between)\n"),
                    a ? a : "?", b ? b : "?");
        owed_mem_free(a);
        owed_mem_free(b);
    }
    if (ch > 1 || o != OWED_APR_ONE_ROOT)
        text_range(fp, res);
    fprintf(fp, _("rounding: half-up to %u decimal%s\n"), owed_apr_result_decimals(res),
            owed_apr_result_decimals(res) == 1 ? "" : "s");
    if (r->have_cap) {
        char *c = owed_annual_percent_exact(r->cap);
        fprintf(fp, _("cap %s%%: the rate is %s it\n"), c ? c : "?",
                r->cap_cmp > 0   ? _("above")
                : r->cap_cmp < 0 ? _("below")
                                 : _("exactly at"));
        owed_mem_free(c);
    }
    if (r->have_disclosed) {
        char *c = owed_annual_percent_exact(r->disclosed);
        fprintf(fp, _("disclosed %s%%: %s the tolerance (%s)\n"), c ? c : "?",
                r->within ? _("within") : _("outside"), _(r->tol_rule));
        owed_mem_free(c);
    }
    mpq_clears(lo, hi, NULL);
}

static void xml_prop_exact(xmlNodePtr node, const char *name, const mpq_t x, int percent)
{
    char *s = percent ? owed_annual_percent_exact(x) : owed_exact_format(x);
    if (s)
        xmlNewProp(node, BAD_CAST name, BAD_CAST s);
    owed_mem_free(s);
}

static void xml_rates(xmlNodePtr root, const owed_apr_result *res, const char *form)
{
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    size_t n = owed_apr_result_root_count(res);
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr r = xmlNewChild(root, NULL, BAD_CAST "rate", NULL);
        xmlNewProp(r, BAD_CAST "method", BAD_CAST owed_apr_method_name(owed_apr_result_method(res)));
        if (form)
            xmlNewProp(r, BAD_CAST "form", BAD_CAST form);
        char *s = owed_apr_result_percent(res, i);
        if (s)
            xmlNewProp(r, BAD_CAST "percent", BAD_CAST s);
        owed_mem_free(s);
        char dec[16];
        snprintf(dec, sizeof dec, "%u", owed_apr_result_decimals(res));
        xmlNewProp(r, BAD_CAST "decimals", BAD_CAST dec);
        xmlNewProp(r, BAD_CAST "rounding", BAD_CAST "half-up");
        int exact = owed_apr_result_root(res, i, lo, hi);
        xmlNewProp(r, BAD_CAST "exact", BAD_CAST(exact ? "true" : "false"));
        xml_prop_exact(r, "lo", lo, 1);
        xml_prop_exact(r, "hi", hi, 1);
    }
    mpq_clears(lo, hi, NULL);
}

/* 0, or -1 when memory ran out (nothing written). */
static int write_xml(FILE *fp, const owed_annual *r)
{
    const owed_apr_result *res = r->res;
    const owed_apr_result *other = r->other ? r->other->res : NULL;
    owed_apr_method m = owed_apr_result_method(res);
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "apr", NULL);
    xmlDocSetRootElement(doc, root);
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST APR_XML_NS, NULL);
    xmlSetNs(root, ns);
    xmlNewProp(root, BAD_CAST "method", BAD_CAST owed_apr_method_name(m));
    xmlNewProp(root, BAD_CAST "outcome", BAD_CAST outcome_name(owed_apr_result_outcome(res)));
    xmlNewChild(root, ns, BAD_CAST "rule", BAD_CAST _(owed_apr_method_rule(m)));
    xmlNewChild(root, ns, BAD_CAST "time-measure", BAD_CAST owed_apr_result_time_measure(res));
    xml_rates(root, res, NULL);
    if (other && owed_apr_result_outcome(other) == OWED_APR_ONE_ROOT)
        xml_rates(root, other,
                  owed_apr_result_method(other) == OWED_APR_PBOC_COMPOUND ? "compound" : "simple");
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    if (owed_apr_result_sign_changes(res) > 1) {
        xmlNodePtr range = xmlNewChild(root, ns, BAD_CAST "range", NULL);
        owed_apr_result_range(res, a, b);
        xml_prop_exact(range, "lo", a, 1);
        xml_prop_exact(range, "hi", b, 1);
    }
    xmlNodePtr flows = xmlNewChild(root, ns, BAD_CAST "flows", NULL);
    char buf[32];
    snprintf(buf, sizeof buf, "%u", owed_apr_result_sign_changes(res));
    xmlNewProp(flows, BAD_CAST "sign-changes", BAD_CAST buf);
    for (size_t i = 0; i < owed_apr_result_term_count(res); i++) {
        owed_date d;
        const char *text;
        owed_apr_result_term(res, i, &d, a, b, &text);
        xmlNodePtr f = xmlNewChild(flows, ns, BAD_CAST "flow", NULL);
        char ds[OWED_DATE_TEXT_SIZE];
        owed_date_format(d, ds);
        xmlNewProp(f, BAD_CAST "date", BAD_CAST ds);
        xml_prop_exact(f, "amount", a, 0);
        xml_prop_exact(f, "time", b, 0);
        xmlNewProp(f, BAD_CAST "measure", BAD_CAST text);
    }
    if (r->have_cap) {
        xmlNodePtr c = xmlNewChild(root, ns, BAD_CAST "cap", NULL);
        xml_prop_exact(c, "percent", r->cap, 1);
        xmlNewProp(c, BAD_CAST "rate-is",
                   BAD_CAST(r->cap_cmp > 0 ? "above" : r->cap_cmp < 0 ? "below" : "equal"));
    }
    if (r->have_disclosed) {
        xmlNodePtr c = xmlNewChild(root, ns, BAD_CAST "tolerance", NULL);
        xml_prop_exact(c, "disclosed", r->disclosed, 1);
        xml_prop_exact(c, "below", r->below, 1);
        xml_prop_exact(c, "above", r->above, 1);
        xmlNewProp(c, BAD_CAST "within", BAD_CAST(r->within ? "true" : "false"));
        xmlNewProp(c, BAD_CAST "rule", BAD_CAST r->tol_rule);
    }
    mpq_clears(a, b, NULL);
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (mem == NULL)
        return -1;
    fwrite(mem, 1, (size_t)size, fp);
    xmlFree(mem);
    return 0;
}

owed_status owed_annual_write(owed_ctx *ctx, const owed_annual *a, owed_format format, FILE *fp)
{
    owed_error err;
    owed_error_clear(&err);
    if (ctx == NULL || a == NULL || fp == NULL ||
        (format != OWED_FORMAT_TEXT && format != OWED_FORMAT_XML)) {
        owed_words words = owed_words_enter(owed_ctx_words(ctx));
        owed_error_set(&err, OWED_E_ARG, "", 0, _("invalid argument: %s"), "format");
        owed_words_leave(words);
        return owed_ctx_keep_error(ctx, OWED_E_ARG, &err);
    }
    /* the context's limits; the result's allocator, which its descriptions, written on
       first request, come from (mem.h), for everything allocated here */
    owed_api_scope previous = owed_api_scope_enter(ctx);
    const owed_allocator *outer = owed_mem_scope_enter(&a->mem);
    owed_status st = OWED_OK;
    if (format == OWED_FORMAT_XML) {
        if (write_xml(fp, a) != 0)
            st = owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
    } else {
        write_text(fp, a);
    }
    if (st == OWED_OK && ferror(fp))
        st = owed_error_set(&err, OWED_E_IO, "", 0, _("write error"));
    owed_mem_scope_leave(outer);
    owed_api_scope_leave(previous);
    return owed_ctx_keep_error(ctx, st, &err);
}
