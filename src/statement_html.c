/* The HTML statement: one self-contained page (the style sheet and the chart inline, no
 * script, no external asset) that reads on a narrow screen and prints on A4.
 *
 * Order: the summary (owed per contract and by law under each regime, refunds, what was
 * charged above the caps, each claim beside those balances, the findings), the chart of
 * balances over time, each loan (terms, figures per contract, figures by law with the caps
 * applied, its replay table), all loans together, the claims in detail, the rules applied
 * with their citations, the conventions used.
 *
 * Words come from gettext (the message language), numbers are written as opt->numeric
 * says, law names and article numbers stay in the language of the law with the reader's
 * translation beside them where the regime gives one.  The page is built with libxml2's
 * HTML tree API and serialised by it: no markup is written by hand. */
#include <config.h>

#include "mem.h"
#include "statement.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "apr.h"
#include "chart_svg.h"
#include "i18n.h"
#include "money.h"
#include "number.h"
#include "statement_sheet.h"
#include "glossary.h"
#include "lawful_rows.h"
#include "statement_brief.h"
#include "statement_util.h"
#include "html_rows.h"
#include "xml_stream.h"

typedef struct hw {
    const owed_report *r;
    const owed_statement_options *opt;
    htmlDocPtr doc;
    const char *lang; /* "en", "zh", ... */
    int oom;
} hw;

/* The style sheet.  Screen: a readable column; narrow screens: tables scroll sideways
 * inside their box.  Print: A4, each loan and the rules on a new page, no row split. */
static const char style_sheet[] =
    "@page{size:A4;margin:16mm 14mm 18mm 14mm;"
    "@bottom-right{content:counter(page) \" / \" counter(pages);font-size:8pt;color:#555}}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{font-family:\"Liberation Sans\",Arial,Helvetica,\"Noto Sans CJK SC\",\"Source Han "
    "Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;font-size:15px;line-height:1.45;"
    "color:#111;background:#fff;max-width:58em;margin:0 auto;padding:1em}\n"
    ":lang(zh) body,body:lang(zh){font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"PingFang SC\",\"Microsoft YaHei\",\"Liberation Sans\",Arial,sans-serif}\n"
    "h1{font-size:1.55em;margin:0 0 .2em}\n"
    "h2{font-size:1.25em;margin:1.4em 0 .4em;padding-bottom:.15em;border-bottom:2px solid #222}\n"
    "h3{font-size:1.05em;margin:1.1em 0 .3em}\n"
    "p{margin:.3em 0}\n"
    ".case-title{font-size:1.15em;margin:.1em 0 .6em}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr max-content 1fr;"
    "gap:.1em 1em;margin:.4em 0}\n"
    "dl.facts dt{font-weight:bold}dl.facts dd{margin:0}dl.facts dt.wide{grid-column:1}"
    "dl.facts dd.wide{grid-column:2 / 5}\n"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.4em 0}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{padding:.22em .45em;vertical-align:top;text-align:left}\n"
    "table.figures{max-width:36em}table.claims{margin-top:.8em}\n"
    "thead th{border-bottom:1.5px solid #222;font-size:.9em;vertical-align:bottom}\n"
    "tbody tr{border-bottom:1px solid #ddd}\n"
    "th[scope=row]{font-weight:normal}\n"
    ".num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "thead th.num{white-space:normal}\n"
    "tr.lvl2 th{padding-left:1.6em}tr.lvl3 th{padding-left:3em;color:#333}\n"
    "tr.key{font-weight:bold;border-top:1.5px solid #222;border-bottom:1.5px solid #222}\n"
    "tr.key th{font-weight:bold}\n"
    "tr.diff td,tr.diff th{color:#333;font-style:italic}\n"
    ".over{color:#a50f15;font-weight:bold}\n"
    ".exact{display:block;font-size:.78em;color:#555;font-weight:normal}\n"
    ".sub{display:block;font-size:.8em;color:#444;font-weight:normal}\n"
    ".cite{font-size:.85em;color:#333}\n"
    ".unconfirmed{font-size:.8em;font-weight:bold;color:#8a4b00;border:1px solid #c98a3a;"
    "border-radius:3px;padding:0 .25em;margin-left:.3em;white-space:nowrap}\n"
    ".warning{color:#8a4b00;font-weight:bold}\n"
    ".scope-warning{border-left:4px solid #b35900;background:#fff4e5;padding:.3em .6em}\n"
    ".scope-warning span{margin-left:.4em}\n"
    ".chosen{font-style:italic}\n"
    ".prepared{margin-top:2em;break-inside:avoid}.prepared .sign span{margin-right:.6em}"
    ".prepared .blank{display:inline-block;min-width:12em;border-bottom:1px solid #222;"
    "margin-right:2em}\n"
    ".brief{border:1.5px solid #222;padding:.2em .8em .5em;margin:.8em 0}"
    ".brief h2{margin-top:.3em}.brief .advice{font-weight:bold}\n"
    "ul{margin:.3em 0;padding-left:1.3em}li{margin:.15em 0}\n"
    "ul.findings li{margin:.3em 0}\n"
    "ul.caps{font-size:.92em}\n"
    ".figure{margin:1em 0}\n"
    "svg.chart{width:100%;height:auto;max-height:32em;display:block;font-size:12px}\n"
    "svg.chart .grid{stroke:#d9d9d9;stroke-width:1}\n"
    "svg.chart .zero{stroke:#777;stroke-width:1}\n"
    "svg.chart .frame{fill:none;stroke:#999;stroke-width:1}\n"
    "svg.chart text{fill:#222}\n"
    "svg.chart .claim-label{font-size:11px;font-weight:bold}\n"
    ".caption{font-size:.85em;color:#444}\n"
    "table.ledger{font-size:.88em}\n"
    "table.ledger td{white-space:nowrap}\n"
    "dl.grounds dt{font-weight:bold;margin-top:.5em}dl.grounds dd{margin:0 0 0 1.2em}\n"
    ".note{font-size:.82em;color:#444;margin:.1em 0 .2em}\n"
    ".footer{margin-top:2em;font-size:.8em;color:#555;border-top:1px solid #bbb;padding-top:.4em}\n"
    "@media (max-width:40em){body{padding:.6em;font-size:16px}"
    "th,td{padding:.2em .3em}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3em}"
    "dl.facts dd.wide{grid-column:auto}dl.facts dt.wide{grid-column:auto}"
    "table.ledger{font-size:.8em}}\n"
    "@media print{body{font-size:9.5pt;max-width:none;margin:0;padding:0}"
    "th,td{padding:.12em .4em}h2{margin-top:.6em}"
    "a{color:inherit;text-decoration:none}"
    ".scroll{overflow:visible}"
    /* no forced page breaks (they left pages nearly empty): headings stay with what
     * follows, and tables that fit on a page are not split */
    "h1,h2,h3,h4,.caption{break-after:avoid;page-break-after:avoid}"
    "tr,li,.figure,.brief,.prepared,table.summary,table.payments,table.moves,table.figures,"
    "table.claim,dl.facts{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}"
    "svg.chart{max-height:none}}\n";

/* ------------------------------------------------------------------ tree helpers */

static xmlNodePtr el(hw *w, xmlNodePtr parent, const char *name, const char *cls)
{
    if (parent == NULL)
        return NULL;
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (n == NULL)
        w->oom = 1;
    else if (cls && xmlNewProp(n, BAD_CAST "class", BAD_CAST cls) == NULL)
        w->oom = 1;
    return n;
}

static void attr(hw *w, xmlNodePtr n, const char *name, const char *value)
{
    if (n == NULL || value == NULL)
        return;
    char *t = owed_stmt_clean_text(value);
    if (t == NULL || xmlNewProp(n, BAD_CAST name, BAD_CAST t) == NULL)
        w->oom = 1;
    owed_mem_free(t);
}

/* Appends text (escaped on output) to `parent`. */
static void add_text(hw *w, xmlNodePtr parent, const char *text)
{
    if (parent == NULL || text == NULL)
        return;
    char *t = owed_stmt_clean_text(text);
    xmlNodePtr n = t ? xmlNewDocText(w->doc, BAD_CAST t) : NULL;
    owed_mem_free(t);
    if (n == NULL || xmlAddChild(parent, n) == NULL) {
        xmlFreeNode(n);
        w->oom = 1;
    }
}

/* An element holding text. */
static xmlNodePtr tel(hw *w, xmlNodePtr parent, const char *name, const char *cls,
                      const char *text)
{
    xmlNodePtr n = el(w, parent, name, cls);
    add_text(w, n, text);
    return n;
}

static void fmt_date(owed_date d, char buf[OWED_DATE_TEXT_SIZE])
{
    owed_date_format(d, buf);
}

/* With --exact, "= " and the exact value of q when rounding changed it (a long fraction
 * is given whole: it is what a reader checks); NULL when there is none, or (with *oom
 * set) when memory ran out.  The caller frees it. */
static char *exact_note(hw *w, const mpq_t q)
{
    if (!w->opt->exact || !owed_stmt_rounded_differs(w->r, q))
        return NULL;
    char *e = owed_exact_format(q);
    char *note = e ? owed_mem_alloc(strlen(e) + 3) : NULL;
    if (note == NULL) {
        owed_mem_free(e);
        w->oom = 1;
        return NULL;
    }
    memcpy(note, "= ", 2);
    strcpy(note + 2, e);
    owed_mem_free(e);
    return note;
}

/* An amount for people: rounded, grouped as the locale groups; with --exact, the exact
 * value below it when rounding changed it. */
static void put_amount(hw *w, xmlNodePtr parent, const mpq_t q)
{
    char *s = owed_stmt_amount_local(w->r, q, &w->opt->numeric);
    if (s == NULL) {
        w->oom = 1;
        return;
    }
    add_text(w, parent, s);
    owed_mem_free(s);
    char *note = exact_note(w, q);
    if (note != NULL)
        tel(w, parent, "span", "exact", note);
    owed_mem_free(note);
}

static xmlNodePtr amount_cell(hw *w, xmlNodePtr tr, const mpq_t q, const char *extra)
{
    xmlNodePtr td = el(w, tr, "td", extra ? extra : "num");
    put_amount(w, td, q);
    return td;
}

/* put_amount and amount_cell for a row written as text (html_rows.h). */
static void row_amount(hw *w, owed_html_rows *rows, const mpq_t q, const char *extra)
{
    owed_html_rows_td_open(rows, extra ? extra : "num");
    char *s = owed_stmt_amount_local(w->r, q, &w->opt->numeric);
    if (s == NULL)
        w->oom = 1;
    owed_html_rows_text(rows, s);
    owed_mem_free(s);
    char *note = exact_note(w, q);
    if (note != NULL)
        owed_html_rows_span(rows, "exact", note);
    owed_mem_free(note);
    owed_html_rows_td_close(rows);
}

static xmlNodePtr dash_cell(hw *w, xmlNodePtr tr)
{
    return tel(w, tr, "td", "num", "\xE2\x80\x94"); /* an em dash: not applicable */
}

/* <tr class="lvlN"><th scope="row">label</th><td class="num">amount</td></tr> */
static xmlNodePtr fig_row(hw *w, xmlNodePtr tbody, int level, const char *label, const mpq_t q)
{
    char cls[16];
    snprintf(cls, sizeof cls, "lvl%d", level);
    xmlNodePtr tr = el(w, tbody, "tr", level > 1 ? cls : NULL);
    xmlNodePtr th = tel(w, tr, "th", NULL, label);
    attr(w, th, "scope", "row");
    amount_cell(w, tr, q, NULL);
    return tr;
}

static xmlNodePtr row_head(hw *w, xmlNodePtr tr, const char *label)
{
    xmlNodePtr th = tel(w, tr, "th", NULL, label);
    attr(w, th, "scope", "row");
    return th;
}

/* A table inside a box that scrolls sideways on narrow screens. */
static xmlNodePtr table(hw *w, xmlNodePtr parent, const char *cls)
{
    xmlNodePtr box = el(w, parent, "div", "scroll");
    return el(w, box, "table", cls);
}

/* ------------------------------------------------------------------ law: names, citations */

/* The title of a cited instrument, after a space: in 《》 when the law is Chinese or
 * Japanese. */
static void cite_title(hw *w, xmlNodePtr sp, const char *title, const char *law_lang)
{
    add_text(w, sp, " ");
    char *t = owed_mem_alloc(strlen(title) + 16);
    if (t == NULL) {
        w->oom = 1;
        return;
    }
    if (strcmp(law_lang, "zh") == 0 || strcmp(law_lang, "ja") == 0)
        strcat(strcat(strcpy(t, "\xE3\x80\x8A"), title), "\xE3\x80\x8B"); /* 《》 */
    else
        strcpy(t, title);
    add_text(w, sp, t);
    owed_mem_free(t);
}

/* One citation inline: instrument, article (owed_stmt_article_after: in the law's words,
 * with "art. N" beside it for a reader of another language; another law's article as it
 * writes it for a reader of Chinese or Japanese), date, and an UNCONFIRMED mark.  With
 * `with_title`, the instrument's title after the instrument, or for a reader of Chinese or
 * Japanese after the article, which follows the instrument without a space
 * (利息制限法第1条 《利息制限法（昭和29年法律第100号）》). */
static void cite_inline(hw *w, xmlNodePtr parent, const owed_citation *c, const char *law_lang,
                        int with_title)
{
    xmlNodePtr sp = el(w, parent, "span", "cite");
    const char *instrument = owed_glossary_text(w->opt->glossary, c->instrument);
    int titled = with_title && c->title;
    int title_last = owed_stmt_written_without_spaces(w->lang);
    size_t shown;
    char *after = owed_stmt_article_after(instrument, c, law_lang, w->lang,
                                          !titled || title_last, &shown);
    char *head = owed_mem_strndup(instrument, shown);
    if (after == NULL || head == NULL) {
        w->oom = 1;
    } else {
        add_text(w, sp, head);
        if (titled && !title_last)
            cite_title(w, sp, c->title, law_lang);
        add_text(w, sp, after);
        if (titled && title_last)
            cite_title(w, sp, c->title, law_lang);
    }
    owed_mem_free(head);
    owed_mem_free(after);
    if (c->has_date) {
        char d[OWED_DATE_TEXT_SIZE], buf[32];
        fmt_date(c->date, d);
        snprintf(buf, sizeof buf, ", %s", d);
        add_text(w, sp, buf);
    }
    if (!c->confirmed)
        tel(w, sp, "span", "unconfirmed", _("UNCONFIRMED"));
}

/* The HTML language tag of a regime's law. */
static const char *law_lang_tag(const owed_regime *reg)
{
    const char *law = owed_stmt_law_language(reg);
    return strcmp(law, "zh") == 0 ? "zh-CN" : strcmp(law, "ja") == 0 ? "ja" : "en";
}

/* A regime named for people (owed_stmt_regime_name), as a string the caller frees; "?"
 * (w->oom set) when memory runs out. */
static char *regime_text(hw *w, const owed_regime *reg, int brief)
{
    char *s = owed_stmt_regime_name(reg, w->lang, brief);
    if (s == NULL) {
        w->oom = 1;
        s = owed_mem_strdup("?");
    }
    return s;
}

/* The regime's name, title first and id last: its title in the law's language (marked
 * with that language), the reader's translation beside it, then the id
 * (owed_stmt_regime_name). */
static void regime_name(hw *w, xmlNodePtr parent, const owed_regime *reg)
{
    const char *primary, *beside;
    owed_stmt_regime_titles(reg, w->lang, &primary, &beside);
    char *full = regime_text(w, reg, 0);
    size_t n = primary ? strlen(primary) : 0;
    if (full && n && strncmp(full, primary, n) == 0) {
        xmlNodePtr sp = tel(w, parent, "span", NULL, primary);
        attr(w, sp, "lang", law_lang_tag(reg));
        add_text(w, parent, full + n);
    } else {
        add_text(w, parent, full);
    }
    owed_mem_free(full);
}

/* A regime's column head: "By law:" and its short title in the law's language, the short
 * title in the reader's language and the id below it; the whole name as a tooltip. */
static void regime_column_head(hw *w, xmlNodePtr th, const owed_regime *reg)
{
    const char *primary, *beside;
    owed_stmt_regime_titles(reg, w->lang, &primary, &beside);
    char *p = owed_stmt_short_title(primary);
    char *b = beside ? owed_stmt_short_title(beside) : NULL;
    char *full = regime_text(w, reg, 0);
    if (p == NULL || (beside && b == NULL)) {
        w->oom = 1;
    } else {
        char buf[512];
        snprintf(buf, sizeof buf, _("By law: %s"), p);
        add_text(w, th, buf);
        if (b && strcmp(b, p) != 0)
            tel(w, th, "span", "sub", b);
        tel(w, th, "span", "sub", owed_regime_id(reg));
    }
    attr(w, th, "title", full);
    owed_mem_free(p);
    owed_mem_free(b);
    owed_mem_free(full);
}

/* ------------------------------------------------------------------ the cost view */

static const char *const cost_names[OWED_COST_METHODS] = {
    N_("XIRR (actual/365, compound, as Excel)"),
    N_("EU APRC (Directive 2008/48 Annex I)"),
};

/* One method's result for people: "476.151446%", or why there is no single rate. */
static void cost_text(hw *w, xmlNodePtr parent, const owed_cost_view *cv, int m)
{
    const owed_apr_result *res = cv->rate[m];
    char buf[512];
    if (res == NULL) {
        snprintf(buf, sizeof buf, _("not computed: %s"), cv->why_not[m]);
        add_text(w, parent, buf);
        return;
    }
    owed_apr_outcome o = owed_apr_result_outcome(res);
    if (o == OWED_APR_NO_ROOT) {
        add_text(w, parent, _("no rate solves the equation"));
        return;
    }
    if (o != OWED_APR_ONE_ROOT && o != OWED_APR_SEVERAL_ROOTS) {
        add_text(w, parent, _("not decided (a double root?)"));
        return;
    }
    if (o == OWED_APR_SEVERAL_ROOTS)
        add_text(w, parent, _("several rates solve the equation: "));
    for (size_t k = 0; k < owed_apr_result_root_count(res); k++) {
        char *p = owed_apr_result_percent(res, k);
        char *l = p ? owed_stmt_localize(p, &w->opt->numeric) : NULL;
        if (l == NULL)
            w->oom = 1;
        snprintf(buf, sizeof buf, "%s%s%%", k ? ", " : "", l ? l : "?");
        add_text(w, parent, buf);
        owed_mem_free(p);
        owed_mem_free(l);
    }
}

/* The cost of one loan (or of all loans) by each method, as a small table. */
static void cost_table(hw *w, xmlNodePtr parent, const owed_cost_view *cv)
{
    char d[OWED_DATE_TEXT_SIZE], buf[512];
    tel(w, parent, "h3", NULL, _("Cost as an annual rate"));
    fmt_date(w->r->as_of, d);
    snprintf(buf, sizeof buf,
             _("Of the money actually received and paid, the balance on %s counted as paid "
               "that day."),
             d);
    tel(w, parent, "p", "caption", buf);
    xmlNodePtr t = table(w, parent, "figures cost");
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    for (int m = 0; m < OWED_COST_METHODS; m++) {
        xmlNodePtr tr = el(w, tb, "tr", NULL);
        row_head(w, tr, _(cost_names[m]));
        cost_text(w, el(w, tr, "td", "num"), cv, m);
    }
}

/* The statement in brief at the head of the page (statement_brief.h): the same rows as
 * `owed statement --brief`, with the sentence on what to do. */
static void brief_section(hw *w, xmlNodePtr parent)
{
    owed_brief *b = owed_brief_build(w->r, w->lang);
    if (b == NULL) {
        w->oom = 1;
        return;
    }
    xmlNodePtr sec = el(w, parent, "div", "brief");
    tel(w, sec, "h2", NULL, b->heading);
    xmlNodePtr tbody = el(w, table(w, sec, "figures brief"), "tbody", NULL);
    for (size_t i = 0; i < b->n_rows; i++)
        fig_row(w, tbody, b->rows[i].indent ? 2 : 1, b->rows[i].label, b->rows[i].value);
    tel(w, sec, "p", "advice", b->advice);
    owed_brief_free(b);
}

/* ------------------------------------------------------------------ header, summary */

static void fact(hw *w, xmlNodePtr dl, const char *term, const char *value, int wide)
{
    tel(w, dl, "dt", wide ? "wide" : NULL, term);
    tel(w, dl, "dd", wide ? "wide" : NULL, value);
}

static void header(hw *w, xmlNodePtr body)
{
    const owed_report *r = w->r;
    const owed_case *c = r->kase;
    char d[OWED_DATE_TEXT_SIZE];
    xmlNodePtr head = el(w, body, "div", "head");
    tel(w, head, "h1", NULL, _("Statement of what is owed"));
    if (c->title)
        tel(w, head, "p", "case-title", c->title);
    xmlNodePtr dl = el(w, head, "dl", "facts");
    if (c->borrower)
        fact(w, dl, _("Borrower"), c->borrower, 0);
    fmt_date(r->as_of, d);
    fact(w, dl, _("As of"), d, 0);
    fact(w, dl, _("Currency"), c->currency.code, 0);
    mpq_t t;
    mpq_init(t);
    tel(w, dl, "dt", NULL, _("Money delivered"));
    put_amount(w, el(w, dl, "dd", NULL), r->total.delivered);
    mpq_set(t, r->total.overpaid);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_add(t, t, r->total.paid[k]);
    tel(w, dl, "dt", NULL, _("Paid in all"));
    put_amount(w, el(w, dl, "dd", NULL), t);
    mpq_clear(t);
    if (r->n_regimes) {
        tel(w, dl, "dt", "wide", _("Legal regimes"));
        xmlNodePtr dd = el(w, dl, "dd", "wide");
        for (size_t g = 0; g < r->n_regimes; g++) {
            xmlNodePtr line = el(w, dd, "div", NULL);
            regime_name(w, line, r->regimes[g]);
        }
        int filing = 0;
        for (size_t g = 0; g < r->n_regimes; g++)
            filing |= owed_regime_uses_reference(r->regimes[g], OWED_REF_FILING);
        if (filing) {
            fmt_date(r->lawful[0]->filing, d);
            char buf[256];
            if (c->has_filed)
                snprintf(buf, sizeof buf, "%s", d);
            else
                snprintf(buf, sizeof buf,
                         _("%s (no filing date in the case: the as-of date is used)"), d);
            fact(w, dl, _("Filing of the suit"), buf, 1);
        }
    }
    fact(w, dl, _("Case file"), c->file, 1);
    char *why = owed_stmt_chosen_reason(r);
    if (why != NULL)
        tel(w, head, "p", "chosen", why);
    owed_mem_free(why);
    for (size_t k = 0; k < r->n_scope_warnings; k++) {
        char *text = owed_stmt_scope_warning(r, &r->scope_warnings[k]);
        if (text == NULL) {
            w->oom = 1;
            continue;
        }
        xmlNodePtr p = el(w, head, "p", "scope-warning");
        tel(w, p, "strong", NULL, _("Warning:"));
        tel(w, p, "span", NULL, text);
        owed_mem_free(text);
    }
    brief_section(w, head);
}

/* The header row of a table with a column per contract and per regime. */
static void view_columns(hw *w, xmlNodePtr table_node, const char *first, int contract)
{
    const owed_report *r = w->r;
    xmlNodePtr tr = el(w, el(w, table_node, "thead", NULL), "tr", NULL);
    tel(w, tr, "th", NULL, first);
    if (contract)
        tel(w, tr, "th", "num", _("Per contract"));
    for (size_t g = 0; g < r->n_regimes; g++)
        regime_column_head(w, el(w, tr, "th", "num"), r->regimes[g]);
}

static void claim_label(hw *w, xmlNodePtr parent, const owed_claim *cl)
{
    char d[OWED_DATE_TEXT_SIZE], buf[512];
    fmt_date(cl->date, d);
    if (cl->loan >= 0)
        snprintf(buf, sizeof buf, _("Claim by %s on %s, loan %s"), owed_stmt_party_label(cl->by), d,
                 w->r->kase->loans[cl->loan].id);
    else
        snprintf(buf, sizeof buf, _("Claim by %s on %s, all loans"), owed_stmt_party_label(cl->by),
                 d);
    add_text(w, parent, buf);
}

static void findings(hw *w, xmlNodePtr parent)
{
    const owed_report *r = w->r;
    if (r->n_findings == 0)
        return;
    tel(w, parent, "h3", NULL, _("Findings"));
    xmlNodePtr ul = el(w, parent, "ul", "findings");
    for (size_t k = 0; k < r->n_findings; k++) {
        const owed_finding *f = &r->findings[k];
        char *claimed = owed_stmt_amount_local(r, f->claimed, &w->opt->numeric);
        char *allowed = owed_stmt_amount_local(r, f->allowed, &w->opt->numeric);
        char *excess = owed_stmt_amount_local(r, f->excess, &w->opt->numeric);
        if (!claimed || !allowed || !excess) {
            w->oom = 1;
        } else {
            char buf[1024], d[OWED_DATE_TEXT_SIZE];
            char *regime = f->regime >= 0 ? regime_text(w, r->regimes[f->regime], 1) : NULL;
            if (f->kind == OWED_FIND_LOAN_AMOUNT || f->kind == OWED_FIND_LOAN_TERM) {
                const owed_loan_limit *ll = owed_regime_loan_limit(r->regimes[f->regime]);
                char *cite = owed_stmt_citations_text(
                    ll->why.cite, owed_stmt_law_language(r->regimes[f->regime]), w->lang,
                    w->opt->glossary);
                if (f->kind == OWED_FIND_LOAN_AMOUNT)
                    snprintf(buf, sizeof buf,
                             _("Loan %1$s: its amount (%2$s) is above the %3$s that %4$s "
                               "allows (%5$s)."),
                             r->kase->loans[f->loan].id, claimed, allowed, regime,
                             cite ? cite : "");
                else
                    snprintf(buf, sizeof buf,
                             _("Loan %1$s: its term of %2$ld days is longer than the %3$ld days "
                               "that %4$s allows (%5$s)."),
                             r->kase->loans[f->loan].id, mpz_get_si(mpq_numref(f->claimed)),
                             mpz_get_si(mpq_numref(f->allowed)), regime, cite ? cite : "");
                owed_mem_free(cite);
            } else if (f->kind == OWED_FIND_ABOVE_CAP) {
                snprintf(buf, sizeof buf,
                         _("Loan %1$s: the contract charged %2$s; the lawful charges under %3$s "
                           "are %4$s, so %5$s was charged above the cap."),
                         r->kase->loans[f->loan].id, claimed, regime, allowed, excess);
            } else {
                const owed_claim *cl = r->claims[f->claim].claim;
                fmt_date(cl->date, d);
                if (f->kind == OWED_FIND_CLAIM_PART)
                    snprintf(buf, sizeof buf,
                             _("Claim by %1$s on %2$s: %3$s claimed as %4$s is %5$s more than "
                               "the contract gives (%6$s)."),
                             owed_stmt_party_label(cl->by), d, claimed,
                             owed_component_label(f->component), excess,
                             allowed);
                else if (f->regime < 0)
                    snprintf(buf, sizeof buf,
                             _("Claim by %1$s on %2$s: %3$s claimed in all is %4$s more than "
                               "the balance per contract (%5$s)."),
                             owed_stmt_party_label(cl->by), d, claimed, excess, allowed);
                else
                    snprintf(buf, sizeof buf,
                             _("Claim by %1$s on %2$s: %3$s claimed in all is %4$s more than "
                               "the balance by law under %5$s (%6$s)."),
                             owed_stmt_party_label(cl->by), d, claimed, excess, regime, allowed);
            }
            tel(w, ul, "li", NULL, buf);
            owed_mem_free(regime);
        }
        owed_mem_free(claimed);
        owed_mem_free(allowed);
        owed_mem_free(excess);
    }
}

/* Each claim beside the balances on its date, and by how much it goes beyond them. */
static void claims_summary(hw *w, xmlNodePtr sec)
{
    const owed_report *r = w->r;
    xmlNodePtr t = table(w, sec, "summary claims");
    xmlNodePtr tr = el(w, el(w, t, "thead", NULL), "tr", NULL);
    tel(w, tr, "th", NULL, _("Claims"));
    tel(w, tr, "th", "num", _("Claimed"));
    tel(w, tr, "th", "num", _("Per contract"));
    for (size_t g = 0; g < r->n_regimes; g++)
        regime_column_head(w, el(w, tr, "th", "num"), r->regimes[g]);
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    for (size_t k = 0; k < r->n_claims; k++) {
        const owed_claim_check *cc = &r->claims[k];
        tr = el(w, tb, "tr", "key");
        xmlNodePtr th = el(w, tr, "th", NULL);
        attr(w, th, "scope", "row");
        claim_label(w, th, cc->claim);
        amount_cell(w, tr, cc->claim->total, NULL);
        amount_cell(w, tr, cc->contract_total, NULL);
        for (size_t g = 0; g < r->n_regimes; g++)
            amount_cell(w, tr, cc->lawful_total[g], NULL);
        tr = el(w, tb, "tr", "diff");
        row_head(w, tr, _("claimed beyond the balance"));
        tel(w, tr, "td", "num", "");
        amount_cell(w, tr, cc->difference, mpq_sgn(cc->difference) > 0 ? "num over" : NULL);
        for (size_t g = 0; g < r->n_regimes; g++)
            amount_cell(w, tr, cc->lawful_difference[g],
                        mpq_sgn(cc->lawful_difference[g]) > 0 ? "num over" : NULL);
    }
}

static xmlNodePtr summary(hw *w, xmlNodePtr body)
{
    const owed_report *r = w->r;
    char d[OWED_DATE_TEXT_SIZE], buf[256];
    xmlNodePtr sec = el(w, body, "div", "summary");
    attr(w, sec, "id", "summary");
    tel(w, sec, "h2", NULL, _("Summary"));
    xmlNodePtr t = table(w, sec, "summary");
    view_columns(w, t, r->n_regimes ? _("All loans") : "", 1);
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    mpq_t v;
    mpq_init(v);
    fmt_date(r->as_of, d);
    snprintf(buf, sizeof buf, _("Owed on %s"), d);
    xmlNodePtr tr = el(w, tb, "tr", "key");
    row_head(w, tr, buf);
    owed_loan_total(v, &r->total);
    amount_cell(w, tr, v, NULL);
    for (size_t g = 0; g < r->n_regimes; g++)
        amount_cell(w, tr, r->lawful_totals[g].balance, NULL);

    tr = el(w, tb, "tr", NULL);
    row_head(w, tr, _("Refund due to the borrower"));
    amount_cell(w, tr, r->total.overpaid, NULL);
    int any_refund = mpq_sgn(r->total.overpaid) != 0;
    for (size_t g = 0; g < r->n_regimes; g++) {
        const mpq_t *q = &r->lawful_totals[g].refund;
        any_refund |= mpq_sgn(*q) != 0;
        amount_cell(w, tr, *q, mpq_sgn(*q) > 0 ? "num over" : NULL);
    }
    if (owed_stmt_any_refund_interest(r)) {
        tr = el(w, tb, "tr", NULL);
        row_head(w, tr, _("Interest on refunds"));
        dash_cell(w, tr);
        for (size_t g = 0; g < r->n_regimes; g++) {
            if (owed_regime_overpayment(r->regimes[g])->has_interest)
                amount_cell(w, tr, r->lawful_totals[g].refund_interest, NULL);
            else
                dash_cell(w, tr);
        }
    }

    if (any_refund && r->n_regimes) {
        tr = el(w, tb, "tr", NULL);
        row_head(w, tr, _("Owed less refunds (set-off)"));
        dash_cell(w, tr);
        for (size_t g = 0; g < r->n_regimes; g++)
            amount_cell(w, tr, r->lawful_totals[g].net, NULL);
    }
    if (r->n_regimes) {
        tr = el(w, tb, "tr", NULL);
        row_head(w, tr, _("Charged above the cap"));
        dash_cell(w, tr);
        for (size_t g = 0; g < r->n_regimes; g++) {
            const mpq_t *q = &r->lawful_totals[g].above_cap;
            amount_cell(w, tr, *q, mpq_sgn(*q) > 0 ? "num over" : NULL);
        }
        tr = el(w, tb, "tr", NULL);
        row_head(w, tr, _("Paid above the line, kept"));
        dash_cell(w, tr);
        for (size_t g = 0; g < r->n_regimes; g++)
            amount_cell(w, tr, r->lawful_totals[g].retained, NULL);
    }

    mpq_clear(v);
    if (r->n_claims)
        claims_summary(w, sec);
    if (r->cost) {
        const owed_cost_view *cv = &r->cost[r->kase->n_loans];
        xmlNodePtr p = el(w, sec, "p", "cost-summary");
        tel(w, p, "strong", NULL, _("Cost as an annual rate, all loans:"));
        for (int m = 0; m < OWED_COST_METHODS; m++) {
            add_text(w, p, m ? "; " : " ");
            add_text(w, p, _(cost_names[m]));
            add_text(w, p, " ");
            cost_text(w, p, cv, m);
        }
    }
    return sec;
}

static void chart(hw *w, xmlNodePtr body, owed_error *err, owed_status *st)
{
    (void)err;
    *st = OWED_OK;
    int oom = 0;
    xmlNodePtr svg = owed_chart_svg(w->doc, w->r, w->r->series, w->opt, &oom);
    if (oom) {
        w->oom = 1;
        return;
    }
    if (svg == NULL)
        return;
    xmlNodePtr fig = el(w, body, "div", "figure");
    attr(w, fig, "id", "chart");
    tel(w, fig, "h3", NULL, _("Balances over time"));
    if (fig == NULL || xmlAddChild(fig, svg) == NULL) {
        xmlFreeNode(svg);
        w->oom = 1;
        return;
    }
    tel(w, fig, "p", "caption",
        _("Lines join the balances on the days sampled: each day with a disbursement, "
          "payment, extension or charge and the day before it, each due date, the first of "
          "each month and the as-of date.  The balance by law is what can be claimed under "
          "the regime; a refund due is not subtracted from it."));
}

/* ------------------------------------------------------------------ loans */

static void charges_by_label(hw *w, xmlNodePtr tb, size_t loan, owed_component comp)
{
    const owed_charge_names *cn = owed_report_names(w->r, loan);
    for (size_t k = 0; k < cn->n_charges; k++)
        if (cn->charges[k].component == comp)
            fig_row(w, tb, 3, cn->charges[k].label, cn->charges[k].amount);
}

static void contract_figures(hw *w, xmlNodePtr parent, size_t loan, const owed_loan_result *l,
                             const mpq_t nominal)
{
    char d[OWED_DATE_TEXT_SIZE], label[256];
    xmlNodePtr t = table(w, parent, "figures");
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    mpq_t v;
    mpq_init(v);
    fig_row(w, tb, 1, _("Nominal principal"), nominal);
    fig_row(w, tb, 1, _("Money delivered"), l->delivered);
    fig_row(w, tb, 1, _("Withheld from the principal"), l->withheld);
    const owed_charge_names *cn = owed_report_names(w->r, loan);
    for (size_t k = 0; k < cn->n_withheld; k++)
        fig_row(w, tb, 3, cn->withheld[k].label ? cn->withheld[k].label : _("withheld"),
                cn->withheld[k].amount);
    owed_loan_charges(v, l);
    mpq_sub(v, v, l->withheld);
    fig_row(w, tb, 1, _("Charges (contract)"), v);
    for (int k = OWED_COMP_INTEREST; k < OWED_COMP_COUNT; k++) {
        if (mpq_sgn(l->charged[k]) == 0)
            continue;
        fig_row(w, tb, 2, owed_component_label((owed_component)k), l->charged[k]);
        charges_by_label(w, tb, loan, (owed_component)k);
    }
    mpq_set(v, l->overpaid);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_add(v, v, l->paid[k]);
    fig_row(w, tb, 1, _("Payments"), v);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        if (mpq_sgn(l->paid[k]) != 0) {
            snprintf(label, sizeof label, _("to %s"), owed_component_label((owed_component)k));
            fig_row(w, tb, 2, label, l->paid[k]);
        }
    if (mpq_sgn(l->overpaid) != 0)
        fig_row(w, tb, 2, _("beyond everything owed (credit)"), l->overpaid);
    owed_loan_total(v, l);
    fmt_date(w->r->as_of, d);
    snprintf(label, sizeof label, _("Balance per contract, %s"), d);
    xmlNodePtr tr = fig_row(w, tb, 1, label, v);
    attr(w, tr, "class", "key");
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        if (mpq_sgn(l->balance[k]) != 0)
            fig_row(w, tb, 2, owed_component_label((owed_component)k), l->balance[k]);
    mpq_clear(v);
}

static void rate_text(char *buf, size_t size, owed_rate_period per, const char *pct)
{
    switch (per) {
    case OWED_PER_DAY: snprintf(buf, size, _("%s a day"), pct); break;
    case OWED_PER_MONTH: snprintf(buf, size, _("%s a month"), pct); break;
    default: snprintf(buf, size, _("%s a year"), pct); break;
    }
}

static const char *fee_timing(const owed_fee *f, char *buf, size_t size)
{
    switch (f->at) {
    case OWED_FEE_UPFRONT: return _("withheld from the money delivered");
    case OWED_FEE_DISBURSEMENT: return _("charged at disbursement");
    case OWED_FEE_MATURITY: return _("charged at maturity");
    case OWED_FEE_PER_DAY:
        return f->until_repaid ? _("each day until repaid") : _("each day of the term");
    default:
        snprintf(buf, size, _("every %d days"), f->period_days);
        return buf;
    }
}

static void terms(hw *w, xmlNodePtr parent, size_t i)
{
    const owed_loan *L = &w->r->kase->loans[i];
    const owed_loan_result *l = &w->r->contract->loans[i];
    char c1[OWED_DATE_TEXT_SIZE], c2[OWED_DATE_TEXT_SIZE], buf[512];
    xmlNodePtr ul = el(w, parent, "ul", "terms");
    fmt_date(L->contracted, c1);
    fmt_date(L->due, c2);
    snprintf(buf, sizeof buf, _("Contracted %s, due %s"), c1, c2);
    xmlNodePtr li = tel(w, ul, "li", NULL, buf);
    if (l->due != L->due) {
        fmt_date(l->due, c2);
        snprintf(buf, sizeof buf, _(", extended to %s"), c2);
        add_text(w, li, buf);
    }
    if (L->lender) {
        snprintf(buf, sizeof buf, _("Lender: %s"), L->lender);
        tel(w, ul, "li", NULL, buf);
    }
    if (L->interest.present) {
        char *pct = owed_stmt_percent(L->interest.rate, &w->opt->numeric), rate[96];
        rate_text(rate, sizeof rate, L->interest.per, pct ? pct : "?");
        owed_mem_free(pct);
        snprintf(buf, sizeof buf, _("Contract interest: %s (%s)"), rate,
                 owed_stmt_basis_label(L->interest.basis));
        xmlNodePtr rate_li = tel(w, ul, "li", NULL, buf);
        char *cv = owed_stmt_conventions(&L->interest.conv, w->r);
        if (cv != NULL) {
            add_text(w, rate_li, "; ");
            add_text(w, rate_li, cv);
        }
        owed_mem_free(cv);
    }
    if (L->overdue.present) {
        char *pct = owed_stmt_percent(L->overdue.rate, &w->opt->numeric), rate[96];
        rate_text(rate, sizeof rate, L->overdue.per, pct ? pct : "?");
        owed_mem_free(pct);
        int on_p = L->overdue.on == OWED_OVERDUE_ON_PRINCIPAL;
        if (L->overdue.grace_days == 0)
            snprintf(buf, sizeof buf,
                     on_p ? _("Overdue interest: %s on the principal, from the due date")
                          : _("Overdue interest: %s on the principal and unpaid interest, from "
                              "the due date"),
                     rate);
        else
            snprintf(buf, sizeof buf,
                     on_p ? _("Overdue interest: %s on the principal, from %d day(s) after the "
                              "due date")
                          : _("Overdue interest: %s on the principal and unpaid interest, from "
                              "%d day(s) after the due date"),
                     rate, L->overdue.grace_days);
        xmlNodePtr rate_li = tel(w, ul, "li", NULL, buf);
        char *cv = owed_stmt_conventions(&L->overdue.conv, w->r);
        if (cv != NULL) {
            add_text(w, rate_li, "; ");
            add_text(w, rate_li, cv);
        }
        owed_mem_free(cv);
    }
    for (size_t k = 0; k < L->n_fees; k++) {
        const owed_fee *f = &L->fees[k];
        char amount[96], tb[64];
        char *s = f->is_percent ? owed_stmt_percent(f->amount, &w->opt->numeric)
                                : owed_stmt_amount_local(w->r, f->amount, &w->opt->numeric);
        if (f->is_percent)
            snprintf(amount, sizeof amount, _("%s of the principal"), s ? s : "?");
        else
            snprintf(amount, sizeof amount, "%s", s ? s : "?");
        owed_mem_free(s);
        snprintf(buf, sizeof buf, _("Fee \"%s\": %s, %s"), f->name, amount,
                 fee_timing(f, tb, sizeof tb));
        tel(w, ul, "li", NULL, buf);
    }
    for (size_t k = 0; k < L->n_late_fees; k++) {
        const owed_late_fee *f = &L->late_fees[k];
        char amount[96];
        char *s = f->is_percent ? owed_stmt_percent(f->amount, &w->opt->numeric)
                                : owed_stmt_amount_local(w->r, f->amount, &w->opt->numeric);
        if (f->is_percent)
            snprintf(amount, sizeof amount, _("%s of the principal"), s ? s : "?");
        else
            snprintf(amount, sizeof amount, "%s", s ? s : "?");
        owed_mem_free(s);
        snprintf(buf, sizeof buf,
                 f->daily ? _("Late fee \"%s\": %s each overdue day")
                          : _("Late fee \"%s\": %s once, on the first overdue day"),
                 f->name, amount);
        tel(w, ul, "li", NULL, buf);
    }
}

/* An amount cell with the first citation of the rule behind it below the amount. */
static void cited_cell(hw *w, xmlNodePtr tr, const mpq_t *q, const owed_regime *reg,
                       const owed_citation *c)
{
    xmlNodePtr td = amount_cell(w, tr, *q, NULL);
    if (c) {
        xmlNodePtr sub = el(w, td, "span", "sub");
        cite_inline(w, sub, c, owed_stmt_law_language(reg), 0);
    }
}

/* The lawful view of one loan, a column per regime. */
static void lawful_table(hw *w, xmlNodePtr parent, size_t i)
{
    const owed_report *r = w->r;
    if (r->n_regimes == 0)
        return;
    char d[OWED_DATE_TEXT_SIZE], label[256];
    tel(w, parent, "h3", NULL, _("By law"));
    xmlNodePtr t = table(w, parent, "lawful");
    view_columns(w, t, "", 0);
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    enum { ALWAYS, KEPT_LINE, COSTS, KEPT, RETENTION, PREPAID, N_ONLY };
    int show[N_ONLY] = {1, 0, 0, 0, 0, 0}, withheld = 0, refund_interest = 0;
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_lawful_loan *l = &r->lawful[g]->loans[i];
        show[KEPT_LINE] |= !mpq_equal(l->cap_enforceable, l->cap_retained);
        show[COSTS] |= mpq_sgn(l->costs_charged) != 0;
        show[KEPT] |= mpq_sgn(l->retained) != 0;
        show[RETENTION] |= !mpq_equal(l->retention_line, l->lawful_charges);
        show[PREPAID] |= mpq_sgn(l->prepaid) != 0;
        withheld |= mpq_sgn(l->withheld) != 0;
        refund_interest |= owed_regime_overpayment(r->regimes[g])->has_interest;
    }
    fmt_date(r->as_of, d);
    snprintf(label, sizeof label, _("Balance by law, %s"), d);
    static const struct {
        const char *label, *note;
        size_t offset;
        int only; /* a row shown only when show[only] */
        int key;
    } rows[] = {
#define F(field) offsetof(owed_lawful_loan, field)
        {N_("Agreed charges on the money lent"), NULL, F(agreed_charges), ALWAYS, 0},
        {N_("Charged by the contract to date"), NULL, F(contract_charges), ALWAYS, 0},
        {N_("Cap accrued (enforceable line)"), NULL, F(cap_enforceable), ALWAYS, 0},
        {N_("Cap accrued (kept-if-paid line)"), NULL, F(cap_retained), KEPT_LINE, 0},
        {N_("Enforceable charges"),
         N_("the lesser of the agreed charges on the money lent and the cap"),
         F(lawful_charges), ALWAYS, 0},
        {N_("Retention line (kept if paid)"), NULL, F(retention_line), RETENTION, 0},
        {N_("Charged above the cap"), NULL, F(above_cap), ALWAYS, 0},
        {N_("Paid to charges"), NULL, F(charges_paid), ALWAYS, 0},
        {N_("Paid to principal"), NULL, F(principal_paid), ALWAYS, 0},
        {N_("Costs outside the cap"), NULL, F(costs_charged), COSTS, 0},
        {N_("Paid to those costs"), NULL, F(costs_paid), COSTS, 0},
        {N_("Paid above the line, kept"), NULL, F(retained), KEPT, 0},
        {N_("Prepaid charges held"), NULL, F(prepaid), PREPAID, 0},
        {N_("Principal outstanding"), NULL, F(principal), ALWAYS, 0},
        {N_("Charges enforceable, unpaid"), NULL, F(charges_unpaid), ALWAYS, 0},
        {NULL, NULL, F(balance), ALWAYS, 1},
        {N_("Refund due to the borrower"), NULL, F(refund), ALWAYS, 1},
#undef F
    };
    /* the principal, with the rule behind it */
    xmlNodePtr tr = el(w, tb, "tr", NULL);
    {
        const owed_principal_rule *pr = owed_regime_principal(r->regimes[0]);
        int same = 1;
        for (size_t g = 1; g < r->n_regimes; g++)
            same &= owed_regime_principal(r->regimes[g])->basis == pr->basis;
        row_head(w, tr, !same ? _("Principal")
                        : pr->basis == OWED_PRINCIPAL_DELIVERED ? _("Principal (money delivered)")
                                                                : _("Principal (nominal)"));
        for (size_t g = 0; g < r->n_regimes; g++)
            cited_cell(w, tr, &r->lawful[g]->loans[i].principal_basis, r->regimes[g],
                       owed_regime_principal(r->regimes[g])->why.cite);
    }
    /* what was withheld at payout, with the same rule: what the regime makes of it */
    if (withheld) {
        tr = el(w, tb, "tr", NULL);
        const owed_principal_rule *pr = owed_regime_principal(r->regimes[0]);
        int same = 1;
        for (size_t g = 1; g < r->n_regimes; g++) {
            const owed_principal_rule *q = owed_regime_principal(r->regimes[g]);
            same &= q->basis == pr->basis && q->withheld == pr->withheld;
        }
        row_head(w, tr, same ? owed_stmt_withheld_label(pr) : _("Withheld at payout"));
        for (size_t g = 0; g < r->n_regimes; g++)
            cited_cell(w, tr, &r->lawful[g]->loans[i].withheld, r->regimes[g],
                       owed_regime_principal(r->regimes[g])->why.cite);
    }
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        if (!show[rows[k].only])
            continue;
        tr = el(w, tb, "tr", rows[k].key ? "key" : NULL);
        xmlNodePtr th = row_head(w, tr, rows[k].label ? _(rows[k].label) : label);
        if (rows[k].note)
            tel(w, th, "span", "sub", _(rows[k].note));
        for (size_t g = 0; g < r->n_regimes; g++) {
            const owed_lawful_loan *l = &r->lawful[g]->loans[i];
            const mpq_t *q = (const mpq_t *)((const char *)l + rows[k].offset);
            int over = (rows[k].offset == offsetof(owed_lawful_loan, above_cap) ||
                        rows[k].offset == offsetof(owed_lawful_loan, refund)) &&
                       mpq_sgn(*q) > 0;
            amount_cell(w, tr, *q, over ? "num over" : NULL);
        }
    }
    /* interest on the refund, under the regimes that give it, with their rule */
    if (refund_interest) {
        tr = el(w, tb, "tr", NULL);
        snprintf(label, sizeof label, _("Interest on the refund to %s"), d);
        row_head(w, tr, label);
        for (size_t g = 0; g < r->n_regimes; g++) {
            const owed_overpayment_rule *ov = owed_regime_overpayment(r->regimes[g]);
            if (ov->has_interest)
                cited_cell(w, tr, &r->lawful[g]->loans[i].refund_interest, r->regimes[g],
                           ov->why.cite);
            else
                dash_cell(w, tr);
        }
    }
    /* the caps applied, stretch by stretch */
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_lawful *lv = r->lawful[g];
        const owed_lawful_loan *l = &lv->loans[i];
        const char *law = owed_stmt_law_language(r->regimes[g]);
        char buf[1024];
        char *name = regime_text(w, r->regimes[g], 0);
        snprintf(buf, sizeof buf, _("Caps applied under %s:"), name);
        owed_mem_free(name);
        tel(w, parent, "p", NULL, buf);
        xmlNodePtr ul = el(w, parent, "ul", "caps");
        for (size_t k = 0; k < l->n_segments; k++) {
            const owed_cap_segment *sg = &l->segments[k];
            char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE];
            fmt_date(sg->from, d1);
            fmt_date(sg->to, d2);
            xmlNodePtr li = el(w, ul, "li", NULL);
            if (sg->period == NULL) {
                snprintf(buf, sizeof buf,
                         _("%s to %s: no cap in this regime (charges as the contract)"), d1, d2);
                add_text(w, li, buf);
                continue;
            }
            char *enf = owed_stmt_percent(sg->enforceable, &w->opt->numeric);
            char *ret = owed_stmt_percent(sg->retained, &w->opt->numeric);
            snprintf(buf, sizeof buf, _("%s to %s: enforceable up to %s a year"), d1, d2,
                     enf ? enf : "?");
            add_text(w, li, buf);
            if (!mpq_equal(sg->enforceable, sg->retained)) {
                snprintf(buf, sizeof buf, _(", kept if paid up to %s"), ret ? ret : "?");
                add_text(w, li, buf);
            }
            owed_mem_free(enf);
            owed_mem_free(ret);
            snprintf(buf, sizeof buf, _("; %s; %s"), owed_stmt_basis_label(sg->basis),
                     owed_stmt_count_label(sg->count));
            add_text(w, li, buf);
            char *rounding = owed_stmt_regime_rounding(lv->regime, w->r);
            if (rounding != NULL) {
                snprintf(buf, sizeof buf, _("; %s"), rounding);
                add_text(w, li, buf);
            }
            owed_mem_free(rounding);
            /* TRANSLATORS: the full stop that ends the sentence on a stretch of days' cap */
            add_text(w, li, _("."));
            if (sg->claim_bound)
                add_text(w, li, _(" The enforceable line is the rate the claim asks for, below "
                                  "the regime's."));
            if (sg->uses_table) {
                char *rate = owed_stmt_percent(sg->table_rate, &w->opt->numeric);
                char fx[OWED_DATE_TEXT_SIZE], td[OWED_DATE_TEXT_SIZE];
                fmt_date(sg->table_fixing, fx);
                fmt_date(sg->table_date, td);
                snprintf(buf, sizeof buf, _(" Table rate %s (fixing of %s) looked up for %s: %s."),
                         rate ? rate : "?", fx, owed_stmt_reference_label(sg->table_ref), td);
                owed_mem_free(rate);
                add_text(w, li, buf);
                if (sg->table_ref == OWED_REF_FILING && lv->filing_is_as_of)
                    add_text(w, li, _(" (no filing date in the case: the as-of date is used)"));
                if (sg->table_beyond_complete)
                    tel(w, li, "span", "warning",
                        _(" WARNING: this date is after the last date up to which the table is "
                          "known to be complete; the rate may have changed since."));
                if (sg->table_unconfirmed)
                    tel(w, li, "span", "warning",
                        _(" WARNING: the fixing used is marked UNCONFIRMED in the table."));
            }
            if (sg->period->why.cite) {
                xmlNodePtr sub = el(w, li, "span", "sub");
                cite_inline(w, sub, sg->period->why.cite, law, 0);
            }
        }
        if (l->uncapped_days > 0) {
            snprintf(buf, sizeof buf,
                     _("The regime sets no cap on %ld day(s): charges are taken as the "
                       "contract's."),
                     l->uncapped_days);
            tel(w, ul, "li", NULL, buf);
        }
    }
}

static void ledger_table(hw *w, xmlNodePtr parent, size_t loan)
{
    const owed_ledger *lg = &w->r->contract->ledger;
    tel(w, parent, "h3", NULL, _("Replay per contract, posting by posting"));
    xmlNodePtr t = table(w, parent, "ledger");
    xmlNodePtr tr = el(w, el(w, t, "thead", NULL), "tr", NULL);
    tel(w, tr, "th", NULL, _("Date"));
    tel(w, tr, "th", "num", _("Days"));
    tel(w, tr, "th", NULL, _("Event"));
    tel(w, tr, "th", NULL, _("Item"));
    tel(w, tr, "th", "num", _("Amount"));
    tel(w, tr, "th", "num", _("Balance"));
    /* TRANSLATORS: a column of the ledger: what sent a payment to the loan (art. 560) */
    tel(w, tr, "th", NULL, _("Allocated by"));
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    owed_html_rows rows;
    owed_html_rows_init(&rows, w->doc);
    for (size_t i = owed_ledger_first(lg, loan); i != SIZE_MAX; i = owed_ledger_next(lg, i)) {
        const owed_posting *p = &lg->items[i];
        char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE], buf[64];
        fmt_date(p->from, d1);
        fmt_date(p->to, d2);
        owed_html_rows_tr(&rows, NULL);
        if (p->kind == OWED_POST_ACCRUAL) {
            snprintf(buf, sizeof buf, "%s \xE2\x80\x93 %s", d1, d2); /* an en dash */
            owed_html_rows_td(&rows, NULL, 0, buf);
            snprintf(buf, sizeof buf, "%ld", (long)(p->to - p->from));
            owed_html_rows_td(&rows, "num", 0, buf);
        } else {
            fmt_date(p->date, d1);
            owed_html_rows_td(&rows, NULL, 0, d1);
            owed_html_rows_td(&rows, "num", 0, "");
        }
        owed_html_rows_td(&rows, NULL, 0, owed_stmt_posting_label(p->kind));
        if (p->kind == OWED_POST_EXTENSION) {
            char what[128];
            snprintf(what, sizeof what, _("due date moved to %s"), d2);
            owed_html_rows_td(&rows, NULL, 4, what);
            owed_html_rows_end_tr(&rows);
            continue;
        }
        owed_html_rows_td(&rows, NULL, 0,
                          p->label ? p->label : owed_component_label(p->component));
        row_amount(w, &rows, p->amount, NULL);
        row_amount(w, &rows, p->balance, NULL);
        owed_html_rows_td(&rows, NULL, 0,
                          p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT
                              ? owed_stmt_decider_label(p->allocation)
                              : "");
        owed_html_rows_end_tr(&rows);
    }
    if (owed_html_rows_attach(&rows, tb) != 0)
        w->oom = 1;
}

static void loan_section(hw *w, xmlNodePtr body, size_t i)
{
    const owed_loan *L = &w->r->kase->loans[i];
    char buf[256];
    xmlNodePtr sec = el(w, body, "div", "loan");
    snprintf(buf, sizeof buf, "loan-%zu", i + 1);
    attr(w, sec, "id", buf);
    snprintf(buf, sizeof buf, _("Loan %s"), L->id);
    tel(w, sec, "h2", NULL, buf);
    terms(w, sec, i);
    tel(w, sec, "h3", NULL, _("Per contract"));
    contract_figures(w, sec, i, &w->r->contract->loans[i], L->principal);
    if (w->r->cost)
        cost_table(w, sec, &w->r->cost[i]);
    w->oom |= owed_law_apr_write_html(sec, w->r, w->opt, i) != 0;
    lawful_table(w, sec, i);
    w->oom |= owed_limits_write_html(sec, w->r, w->opt, i) != 0;
    if (w->opt->ledger)
        ledger_table(w, sec, i);
}

static void total_section(hw *w, xmlNodePtr body)
{
    const owed_case *c = w->r->kase;
    mpq_t nominal;
    mpq_init(nominal);
    for (size_t i = 0; i < c->n_loans; i++)
        mpq_add(nominal, nominal, c->loans[i].principal);
    xmlNodePtr sec = el(w, body, "div", "total");
    tel(w, sec, "h2", NULL, _("All loans"));
    tel(w, sec, "h3", NULL, _("Per contract"));
    contract_figures(w, sec, SIZE_MAX, &w->r->total, nominal);
    if (w->r->cost)
        cost_table(w, sec, &w->r->cost[c->n_loans]);
    mpq_clear(nominal);
}

/* The payments as the borrower made them, before any split, then how each regime applied
 * them, loan by loan. */
struct lawful_table {
    hw *w;
    owed_html_rows rows;
};

/* One row of a lawful ledger (lawful_rows.h) in its table. */
static void lawful_ledger_row(void *ctx, const owed_lawful_row *lr)
{
    struct lawful_table *lt = ctx;
    hw *w = lt->w;
    owed_html_rows *rows = &lt->rows;
    char d1[OWED_DATE_TEXT_SIZE], d2[OWED_DATE_TEXT_SIZE], buf[64];
    fmt_date(lr->from, d1);
    fmt_date(lr->to, d2);
    owed_html_rows_tr(rows, NULL);
    if (lr->span) {
        snprintf(buf, sizeof buf, "%s \xE2\x80\x93 %s", d1, d2); /* an en dash */
        owed_html_rows_td(rows, NULL, 0, buf);
        snprintf(buf, sizeof buf, "%ld", (long)(lr->to - lr->from));
        owed_html_rows_td(rows, "num", 0, buf);
    } else {
        owed_html_rows_td(rows, NULL, 0, d2);
        owed_html_rows_td(rows, "num", 0, "");
    }
    owed_html_rows_td(rows, NULL, 0, w->r->kase->loans[lr->loan].id);
    owed_html_rows_td(rows, NULL, 0, owed_stmt_lawful_event_label(lr->event));
    owed_html_rows_td(rows, NULL, 0, owed_stmt_lawful_component_label(lr->component));
    row_amount(w, rows, lr->amount, NULL);
    row_amount(w, rows, lr->balance, mpq_sgn(lr->balance) < 0 ? "num over" : NULL);
    owed_html_rows_td(rows, NULL, 0,
                      lr->is_payment ? owed_stmt_decider_label(lr->allocation) : "");
    owed_html_rows_end_tr(rows);
}

/* The lawful replay of each regime, row by row from the report (not replayed here): what
 * the balance by law is made of. */
static void lawful_ledgers(hw *w, xmlNodePtr parent)
{
    const owed_report *r = w->r;
    if (!w->opt->ledger || r->n_regimes == 0)
        return;
    for (size_t g = 0; g < r->n_regimes; g++) {
        xmlNodePtr box = el(w, parent, "div", "lawful-ledger");
        xmlNodePtr h = el(w, box, "h3", NULL);
        add_text(w, h, _("Ledger by law under "));
        regime_name(w, h, r->regimes[g]);
        tel(w, box, "p", "caption",
            _("The balance is what the loan owes by law, less any refund due (negative: "
              "owed to the borrower)."));
        xmlNodePtr t = table(w, box, "ledger");
        xmlNodePtr tr = el(w, el(w, t, "thead", NULL), "tr", NULL);
        tel(w, tr, "th", NULL, _("Date"));
        tel(w, tr, "th", "num", _("Days"));
        tel(w, tr, "th", NULL, _("Loan"));
        tel(w, tr, "th", NULL, _("Event"));
        tel(w, tr, "th", NULL, _("Item"));
        tel(w, tr, "th", "num", _("Amount"));
        tel(w, tr, "th", "num", _("Balance"));
        tel(w, tr, "th", NULL, _("Allocated by"));
        xmlNodePtr tb = el(w, t, "tbody", NULL);
        struct lawful_table lt = {.w = w};
        owed_html_rows_init(&lt.rows, w->doc);
        owed_error err;
        if (owed_lawful_rows(r, g, lawful_ledger_row, &lt, &err) != OWED_OK) {
            owed_html_rows_discard(&lt.rows);
            w->oom = 1;
        } else if (owed_html_rows_attach(&lt.rows, tb) != 0) {
            w->oom = 1;
        }
    }
}

static void payments_section(hw *w, xmlNodePtr body)
{
    const owed_report *r = w->r;
    if (r->n_payments == 0) {
        lawful_ledgers(w, body);
        return;
    }
    char d[OWED_DATE_TEXT_SIZE], buf[256];
    xmlNodePtr sec = el(w, body, "div", "payments");
    attr(w, sec, "id", "payments");
    tel(w, sec, "h2", NULL, _("Payments made, as the borrower made them"));
    xmlNodePtr t = table(w, sec, "payments");
    xmlNodePtr tr = el(w, el(w, t, "thead", NULL), "tr", NULL);
    tel(w, tr, "th", "num", _("No."));
    tel(w, tr, "th", NULL, _("Date"));
    tel(w, tr, "th", "num", _("Amount"));
    tel(w, tr, "th", NULL, _("Loan"));
    tel(w, tr, "th", NULL, _("Marked"));
    xmlNodePtr tb = el(w, t, "tbody", NULL);
    for (size_t k = 0; k < r->n_payments; k++) {
        const owed_event *e = r->payments[k].event;
        tr = el(w, tb, "tr", NULL);
        snprintf(buf, sizeof buf, "%zu", k + 1);
        tel(w, tr, "td", "num", buf);
        fmt_date(e->date, d);
        tel(w, tr, "td", NULL, d);
        amount_cell(w, tr, e->amount, NULL);
        tel(w, tr, "td", NULL, e->loan >= 0 ? r->kase->loans[e->loan].id : _("not designated"));
        tel(w, tr, "td", NULL, owed_stmt_paid_for_label(e->paid_for));
    }
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_lawful *lv = r->lawful[g];
        if (lv->n_moves == 0)
            continue;
        int costs = owed_stmt_moves_pay_costs(lv);
        char *name = regime_text(w, r->regimes[g], 0);
        char head[1024];
        snprintf(head, sizeof head, _("Lawful application of payments under %s"), name);
        owed_mem_free(name);
        tel(w, sec, "h3", NULL, head);
        t = table(w, sec, "moves");
        tr = el(w, el(w, t, "thead", NULL), "tr", NULL);
        tel(w, tr, "th", "num", _("No."));
        tel(w, tr, "th", NULL, _("Date"));
        tel(w, tr, "th", NULL, _("Loan"));
        if (costs)
            tel(w, tr, "th", "num", _("to costs"));
        tel(w, tr, "th", "num", _("to charges"));
        tel(w, tr, "th", "num", _("to principal"));
        tel(w, tr, "th", "num", _("to the band"));
        tel(w, tr, "th", "num", _("prepaid"));
        tel(w, tr, "th", "num", _("refund due"));
        tel(w, tr, "th", NULL, _("allocated by"));
        tb = el(w, t, "tbody", NULL);
        for (size_t k = 0; k < r->n_payments; k++) {
            const owed_payment_made *p = &r->payments[k];
            for (size_t i = p->moves_from[g]; i < p->moves_to[g]; i++) {
                const owed_lawful_move *m = owed_report_move(r, g, i);
                tr = el(w, tb, "tr", NULL);
                snprintf(buf, sizeof buf, "%zu", k + 1);
                tel(w, tr, "td", "num", buf);
                fmt_date(p->event->date, d);
                tel(w, tr, "td", NULL, d);
                tel(w, tr, "td", NULL, r->kase->loans[m->loan].id);
                if (costs)
                    amount_cell(w, tr, m->to_costs, NULL);
                amount_cell(w, tr, m->to_charges, NULL);
                amount_cell(w, tr, m->to_principal, NULL);
                amount_cell(w, tr, m->to_band, NULL);
                amount_cell(w, tr, m->to_prepaid, NULL);
                amount_cell(w, tr, m->to_refund, mpq_sgn(m->to_refund) > 0 ? "num over" : NULL);
                tel(w, tr, "td", NULL, owed_stmt_decider_label(m->allocation));
            }
        }
    }
    lawful_ledgers(w, sec);
}

static void claims_section(hw *w, xmlNodePtr body)
{
    const owed_report *r = w->r;
    if (r->n_claims == 0)
        return;
    xmlNodePtr sec = el(w, body, "div", "claims-detail");
    tel(w, sec, "h2", NULL, _("Claims"));
    for (size_t k = 0; k < r->n_claims; k++) {
        const owed_claim_check *cc = &r->claims[k];
        const owed_claim *cl = cc->claim;
        xmlNodePtr h = el(w, sec, "h3", NULL);
        claim_label(w, h, cl); /* by loan and date: a file line means nothing to a judge */
        xmlNodePtr t = table(w, sec, "claim");
        xmlNodePtr tr = el(w, el(w, t, "thead", NULL), "tr", NULL);
        tel(w, tr, "th", NULL, "");
        tel(w, tr, "th", "num", _("claimed"));
        tel(w, tr, "th", "num", _("per contract"));
        tel(w, tr, "th", "num", _("difference"));
        xmlNodePtr tb = el(w, t, "tbody", NULL);
        mpq_t diff;
        mpq_init(diff);
        for (int j = 0; j < OWED_COMP_COUNT; j++) {
            if (!cl->has[j] && mpq_sgn(cc->contract[j]) == 0)
                continue;
            tr = el(w, tb, "tr", NULL);
            row_head(w, tr,
                     j == OWED_COMP_INTEREST && cc->interest_includes_penalty
                         ? _("interest, penalty included")
                         : owed_component_label((owed_component)j));
            if (cl->has[j])
                amount_cell(w, tr, cl->part[j], NULL);
            else
                tel(w, tr, "td", "num", _("(not stated)"));
            amount_cell(w, tr, cc->contract[j], NULL);
            if (cl->has[j]) {
                mpq_sub(diff, cl->part[j], cc->contract[j]);
                amount_cell(w, tr, diff, mpq_sgn(diff) > 0 ? "num over" : NULL);
            } else {
                tel(w, tr, "td", "num", "");
            }
        }
        mpq_clear(diff);
        tr = el(w, tb, "tr", "key");
        row_head(w, tr, _("total"));
        amount_cell(w, tr, cl->total, NULL);
        amount_cell(w, tr, cc->contract_total, NULL);
        amount_cell(w, tr, cc->difference, mpq_sgn(cc->difference) > 0 ? "num over" : NULL);
        for (size_t g = 0; g < r->n_regimes; g++) {
            tr = el(w, tb, "tr", NULL);
            char *name = regime_text(w, r->regimes[g], 1);
            char label[1024];
            snprintf(label, sizeof label, _("total by law, %s"), name);
            owed_mem_free(name);
            row_head(w, tr, label);
            amount_cell(w, tr, cl->total, NULL);
            amount_cell(w, tr, cc->lawful_total[g], NULL);
            amount_cell(w, tr, cc->lawful_difference[g],
                        mpq_sgn(cc->lawful_difference[g]) > 0 ? "num over" : NULL);
        }
    }
}

/* ------------------------------------------------------------------ rules, conventions */

/* A rule and its grounds; `lead` (or NULL): a sentence saying the rule, before them. */
static void grounds_led(hw *w, xmlNodePtr dl, const char *what, const char *lead,
                        const owed_grounds *gr, const char *law)
{
    if (gr == NULL || (gr->cite == NULL && lead == NULL))
        return;
    tel(w, dl, "dt", NULL, what);
    xmlNodePtr dd = el(w, dl, "dd", NULL);
    if (lead)
        tel(w, dd, "p", NULL, lead);
    for (size_t k = 0; k < gr->n_notes; k++)
        tel(w, dd, "p", "note", owed_glossary_text(w->opt->glossary, gr->notes[k]));
    xmlNodePtr ul = el(w, dd, "ul", NULL);
    for (const owed_citation *c = gr->cite; c != NULL; c = c->next) {
        xmlNodePtr li = el(w, ul, "li", NULL);
        cite_inline(w, li, c, law, 1);
        if (c->url) {
            add_text(w, li, " ");
            xmlNodePtr a = tel(w, li, "a", "cite", c->url);
            attr(w, a, "href", c->url);
        }
        for (size_t k = 0; k < c->n_notes; k++)
            tel(w, li, "p", "note", owed_glossary_text(w->opt->glossary, c->notes[k]));
    }
}

static void grounds(hw *w, xmlNodePtr dl, const char *what, const owed_grounds *gr,
                    const char *law)
{
    grounds_led(w, dl, what, NULL, gr, law);
}

/* A sentence saying the order of a regime's allocation across loans: for every regime of
 * the statement (`all` > 1: several, 1: the only one) or, `all` 0, under its own rules.
 * Caller frees; NULL (w->oom set) when memory runs out. */
static char *allocation_sentence(hw *w, const owed_regime *reg, int all)
{
    const owed_allocation_rule *al = owed_regime_allocation(reg);
    char *order = owed_stmt_allocation_order(al->order, al->n, al->burden);
    size_t n = (order ? strlen(order) : 0) + 512;
    char *text = order ? owed_mem_alloc(n) : NULL;
    if (text == NULL)
        w->oom = 1;
    else if (all > 1)
        snprintf(text, n, _("Payments across loans, under each regime below, in this order: %s."),
                 order);
    else if (all == 1)
        snprintf(text, n, _("Payments across loans, in this order: %s."), order);
    else
        snprintf(text, n, _("in this order: %s."), order);
    owed_mem_free(order);
    return text;
}

static void rules_section(hw *w, xmlNodePtr body)
{
    const owed_report *r = w->r;
    if (r->n_regimes == 0)
        return;
    xmlNodePtr sec = el(w, body, "div", "rules");
    tel(w, sec, "h2", NULL, _("Rules applied"));
    /* the order of payments across loans: once when every regime has the same */
    int same = owed_stmt_same_allocation(r);
    if (same) {
        char *text = allocation_sentence(w, r->regimes[0], r->n_regimes > 1 ? 2 : 1);
        tel(w, sec, "p", NULL, text);
        owed_mem_free(text);
    }
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_regime *reg = r->regimes[g];
        const char *law = owed_stmt_law_language(reg);
        xmlNodePtr h = el(w, sec, "h3", NULL);
        regime_name(w, h, reg);
        xmlNodePtr dl = el(w, sec, "dl", "grounds");
        grounds(w, dl, _("Principal"), &owed_regime_principal(reg)->why, law);
        grounds(w, dl, _("What counts as a charge"), &owed_regime_charges(reg)->why, law);
        for (size_t k = 0; k < owed_regime_n_periods(reg); k++) {
            const owed_cap_period *p = owed_regime_period(reg, k);
            grounds(w, dl, owed_glossary_text(w->opt->glossary, p->label), &p->why, law);
            for (size_t b = 0; b < p->n_bands; b++) {
                char what[256];
                snprintf(what, sizeof what, _("band %zu: %s"), b + 1,
                         owed_stmt_effect_label(p->bands[b].effect));
                grounds(w, dl, what, &p->bands[b].why, law);
            }
            char what[256];
            snprintf(what, sizeof what, _("above the last band: %s"),
                     owed_stmt_effect_label(p->above));
            grounds(w, dl, what, &p->above_why, law);
        }
        grounds(w, dl, _("Order of applying a payment"), &owed_regime_payment_order(reg)->why,
                law);
        char *order = same ? NULL : allocation_sentence(w, reg, 0);
        grounds_led(w, dl, _("Payments across loans"), order, &owed_regime_allocation(reg)->why,
                    law);
        owed_mem_free(order);
        grounds(w, dl, _("Overpayments"), &owed_regime_overpayment(reg)->why, law);
        grounds(w, dl, _("Day count"), &owed_regime_day_rule(reg)->why, law);
    }
}

/* The preparer's block (--prepared-by): who prepared the statement, with room for a date
 * and a signature when it is printed and filed. */
static void prepared_by(hw *w, xmlNodePtr parent)
{
    if (w->opt->prepared_by == NULL)
        return;
    xmlNodePtr box = el(w, parent, "div", "prepared");
    xmlNodePtr p = el(w, box, "p", NULL);
    tel(w, p, "strong", NULL, _("Prepared by:"));
    add_text(w, p, " ");
    add_text(w, p, w->opt->prepared_by);
    xmlNodePtr sign = el(w, box, "p", "sign");
    tel(w, sign, "span", NULL, _("Date:"));
    tel(w, sign, "span", "blank", "");
    tel(w, sign, "span", NULL, _("Signature:"));
    tel(w, sign, "span", "blank", "");
}

static void conventions(hw *w, xmlNodePtr body)
{
    const owed_report *r = w->r;
    const owed_case *c = r->kase;
    char buf[768];
    xmlNodePtr sec = el(w, body, "div", "conventions");
    tel(w, sec, "h2", NULL, _("Conventions"));
    xmlNodePtr ul = el(w, sec, "ul", NULL);
    tel(w, ul, "li", NULL,
        _("Days: an interval of days counts its first day and not its last; a loan "
          "delivered on one day and repaid 21 days later carries 21 days of interest."));
    tel(w, ul, "li", NULL,
        _("Each day: disbursements, fees falling due, extensions, charges and payments are "
          "booked first, then that day's interest and penalties accrue on the balance left."));
    for (size_t i = 0; i < c->n_loans; i++) {
        const owed_loan *L = &c->loans[i];
        if (!L->interest.present && !L->overdue.present)
            continue;
        snprintf(buf, sizeof buf, _("Day basis of loan %s: %s."), L->id,
                 owed_stmt_basis_label(L->interest.present ? L->interest.basis
                                                           : L->overdue.basis));
        tel(w, ul, "li", NULL, buf);
    }
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_day_rule *dr = owed_regime_day_rule(r->regimes[g]);
        char *name = regime_text(w, r->regimes[g], 1);
        snprintf(buf, sizeof buf, _("Caps under %s: %s; %s."), name,
                 owed_stmt_basis_label(dr->basis), owed_stmt_count_label(dr->count));
        owed_mem_free(name);
        tel(w, ul, "li", NULL, buf);
    }
    {
        mpq_t unit;
        mpq_init(unit);
        mpz_set_ui(mpq_numref(unit), 1);
        mpz_ui_pow_ui(mpq_denref(unit), 10, c->currency.minor_units);
        char *u = owed_stmt_amount_local(r, unit, &w->opt->numeric);
        snprintf(buf, sizeof buf,
                 _("Rounding: every figure is computed exactly and shown rounded half-up to "
                   "%s %s; totals are rounded from exact totals, so shown parts may differ from "
                   "a shown total by %s."),
                 u ? u : "?", c->currency.code, u ? u : "?");
        owed_mem_free(u);
        mpq_clear(unit);
        tel(w, ul, "li", NULL, buf);
    }
    {
        char *order = owed_stmt_allocation_order(NULL, 0, OWED_BURDEN_DAILY_COST);
        if (order == NULL)
            w->oom = 1;
        size_t n = (order ? strlen(order) : 0) + 512;
        char *text = owed_mem_alloc(n);
        if (text == NULL) {
            w->oom = 1;
        } else {
            snprintf(text, n,
                     _("Payments go in the contract's order: the order the case file gives, "
                       "else costs, fees, penalty interest, interest, principal; per contract, "
                       "a payment not designated to a loan goes across loans in this order "
                       "(Civil Code art. 560): %s."),
                     order ? order : "?");
            tel(w, ul, "li", NULL, text);
        }
        owed_mem_free(text);
        owed_mem_free(order);
    }
    tel(w, ul, "li", NULL,
        _("Exact values of every figure: owed statement --format=xml (see owed-statement(5))."));
    prepared_by(w, sec);
}

/* ------------------------------------------------------------------ the page */

/* Writes the sections complete so far (xml_stream.h). */
static void flush(hw *w, owed_xml_stream *stream, int *stream_failed)
{
    if (!w->oom && !*stream_failed && owed_xml_stream_flush(stream) != 0)
        *stream_failed = 1;
}

owed_status owed_statement_write_html(FILE *fp, const owed_report *r,
                                      const owed_statement_options *opt, owed_error *err)
{
    hw w = {.r = r, .opt = opt, .lang = opt->lang ? opt->lang : "en", .oom = 0};
    w.doc = htmlNewDocNoDtD(NULL, NULL);
    if (w.doc == NULL)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (xmlCreateIntSubset(w.doc, BAD_CAST "html", NULL, NULL) == NULL)
        w.oom = 1;
    xmlNodePtr html = xmlNewDocNode(w.doc, NULL, BAD_CAST "html", NULL);
    if (html == NULL) {
        xmlFreeDoc(w.doc);
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    }
    xmlDocSetRootElement(w.doc, html);
    attr(&w, html, "lang", strcmp(w.lang, "zh") == 0 ? "zh-CN" : w.lang);
    xmlNodePtr head = el(&w, html, "head", NULL);
    if (htmlSetMetaEncoding(w.doc, BAD_CAST "UTF-8") != 0)
        w.oom = 1;
    xmlNodePtr meta = el(&w, head, "meta", NULL);
    attr(&w, meta, "name", "viewport");
    attr(&w, meta, "content", "width=device-width, initial-scale=1");
    meta = el(&w, head, "meta", NULL);
    attr(&w, meta, "name", "generator");
    attr(&w, meta, "content", PACKAGE_NAME " " PACKAGE_VERSION);
    {
        char title[512];
        char d[OWED_DATE_TEXT_SIZE];
        fmt_date(r->as_of, d);
        snprintf(title, sizeof title, _("Statement of what is owed, %s"), d);
        if (r->kase->title) {
            size_t n = strlen(title);
            snprintf(title + n, sizeof title - n, " \xE2\x80\x94 %s", r->kase->title);
        }
        tel(&w, head, "title", NULL, title);
    }
    tel(&w, head, "style", NULL, style_sheet);
    xmlNodePtr body = el(&w, html, "body", NULL);
    owed_status st = OWED_OK;
    header(&w, body);
    xmlNodePtr sum = summary(&w, body);
    chart(&w, sum, err, &st);
    findings(&w, sum);
    /* the body's sections are written as soon as they are complete (xml_stream.h), from
       here on: what can fail after this point is memory or the output alone */
    owed_xml_stream stream = {0};
    if (st != OWED_OK) {
        xmlFreeDoc(w.doc);
        return st;
    }
    int stream_failed = 0; /* the stream failed: its io_errno says whether in a write */
    if (body == NULL)
        w.oom = 1;
    else if (!w.oom && owed_xml_stream_begin(&stream, fp, w.doc, body, 1) != 0)
        stream_failed = 1;
    for (size_t i = 0; i < r->kase->n_loans && st == OWED_OK; i++) {
        loan_section(&w, body, i);
        flush(&w, &stream, &stream_failed);
    }
    if (r->kase->n_loans > 1)
        total_section(&w, body);
    payments_section(&w, body);
    for (size_t g = 0; g < r->n_regimes; g++)
        w.oom |= owed_sheet_write_html(body, r, opt, g) != 0;
    claims_section(&w, body);
    rules_section(&w, body);
    conventions(&w, body);
    {
        xmlNodePtr foot = el(&w, body, "div", "footer");
        char buf[512];
        snprintf(buf, sizeof buf, _("Written by %s %s from the case file %s."), PACKAGE_NAME,
                 PACKAGE_VERSION, r->kase->file);
        add_text(&w, foot, buf);
    }
    int failed = w.oom || stream_failed;
    if (!failed)
        failed = owed_xml_stream_end(&stream) != 0;
    else
        owed_xml_stream_abandon(&stream);
    xmlFreeDoc(w.doc);
    return owed_stmt_stream_outcome(fp, failed, w.oom, stream.io_errno, err);
}
