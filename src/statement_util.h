/* What the statement writers share (statement_text.c, statement_html.c, statement_xml.c,
 * statement_csv.c, chart_svg.c): figures as display text, translated labels, the titles of
 * a regime in the law's language and the reader's, and the views of a case on earlier days
 * (for the chart and the lawful rows of the CSV).
 *
 * Every function returning char * returns a string the caller frees, or NULL when memory
 * runs out.  Nothing here prints. */
#ifndef OWED_STATEMENT_UTIL_H
#define OWED_STATEMENT_UTIL_H

#include <gmp.h>
#include <stddef.h>

#include "report.h"
#include "statement.h"

/* Text from outside (file names, case and regime text) made fit for XML and HTML: invalid
 * UTF-8 and control characters other than tab and newline become U+FFFD. */
char *owed_stmt_clean_text(const char *s);

/* An amount rounded half-up to the case currency's minor unit: "-1234.57". */
char *owed_stmt_amount(const owed_report *r, const mpq_t q);

/* The same, written for people: decimal point and digit grouping as `ns` says. */
char *owed_stmt_amount_local(const owed_report *r, const mpq_t q, const owed_numeric_style *ns);

/* Plain decimal text ("-1234567.5", as owed_decimal_format writes it) with the decimal
 * point and grouping of `ns` ("-1,234,567.5").  NULL `ns` or empty fields: a copy. */
char *owed_stmt_localize(const char *plain, const owed_numeric_style *ns);

/* 1 when rounding `q` to the minor unit changes it. */
int owed_stmt_rounded_differs(const owed_report *r, const mpq_t q);

/* An annual rate as a percentage for people: "24%", "15.4%", "18.25%" (exact when the
 * percentage has at most four decimals, else rounded half-up to four). */
char *owed_stmt_percent(const mpq_t rate, const owed_numeric_style *ns);

/* A rate (a fraction) rounded half-up to `decimals` places, trailing zeros removed:
 * "0.24", "0.1825", "1". */
char *owed_stmt_rate_value(const mpq_t rate, unsigned decimals);

/* Translated names (message language) of posting kinds ("money delivered", "accrued",
 * ...), band effects, day bases, counting conventions, reference dates.  Components have
 * owed_component_label() (case.h). */
const char *owed_stmt_posting_label(owed_posting_kind k);
const char *owed_stmt_effect_label(owed_band_effect e);
const char *owed_stmt_count_label(owed_day_count c);
const char *owed_stmt_basis_label(owed_day_basis b);
const char *owed_stmt_reference_label(owed_reference_date ref);

/* The label, for people, of the amount withheld at payout under a regime's principal rule:
 * "not lent", "counted as a charge" or "counted as principal". */
const char *owed_stmt_withheld_label(const owed_principal_rule *pr);

/* 1 when some regime of the report gives interest on refunds (its statement then shows
 * that interest, even when it is nil). */
int owed_stmt_any_refund_interest(const owed_report *r);

/* 1 when some move of a lawful view paid costs (the tables of moves then have a column for
 * them). */
int owed_stmt_moves_pay_costs(const owed_lawful *lv);

/* A payment's marking, for people: "for charges", "for principal", or "" when unmarked. */
const char *owed_stmt_paid_for_label(owed_payment_purpose p);

/* One sentence, translated, saying why a regime does not govern a loan (a report's scope
 * warning), or why a regime was chosen automatically (r->chosen >= 0).  Caller frees; NULL
 * when memory runs out. */
/* The conventions of an agreed rate in words, translated ("by calendar month, stub days at a
 * thirtieth; both end days counted; each period rounded down to 0.01"), or NULL when they are
 * the defaults (by day, first day not last, no rounding); a rounding without a unit is to
 * the currency's minor unit.  Caller frees. */
char *owed_stmt_conventions(const owed_accrual_convention *cv, const owed_report *r);

/* The regime's rounding of lawful periods in words ("each period rounded down to 1"), or
 * NULL when it has none.  Caller frees. */
char *owed_stmt_regime_rounding(const owed_regime *reg, const owed_report *r);

char *owed_stmt_scope_warning(const owed_report *r, const owed_scope_warning *w);

/* printf into a new string (free with free); NULL when memory runs out. */
char *owed_stmt_format_new(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
char *owed_stmt_chosen_reason(const owed_report *r);

/* A posting's label as XML and CSV write it: the labels the library gives postings
 * ("extension fee") in English whatever the message language; a case file's own labels
 * as written. */
const char *owed_stmt_neutral_label(const char *label);

/* Who made a claim, for people: the usual words of case files ("lender", "collector",
 * "platform", "court", "guarantor", "borrower") translated, anything else as written. */
const char *owed_stmt_party_label(const char *by);

/* The language a regime's law is written in, from its jurisdiction: "zh" for CN, TW, HK,
 * MO; "ja" for JP; "en" otherwise. */
const char *owed_stmt_law_language(const owed_regime *reg);

/* The regime's title in the law's language (*primary; English when the file has none in
 * that language), and beside it the title in `lang` when that is another language the
 * file gives (*beside), else NULL. */
void owed_stmt_regime_titles(const owed_regime *reg, const char *lang, const char **primary,
                             const char **beside);

/* The short form of a regime title: the part before its first ':' or '：' ("民间借贷（2015年
 * 司法解释）"), or the whole title when it has neither.  Caller frees. */
char *owed_stmt_short_title(const char *title);

/* A regime named for people, title first and id last: its title in the law's language,
 * then in parentheses its title in `lang` (when the regime gives one there and it differs)
 * and its id: "民间借贷（2015年司法解释）：24%受保护，36%以上无效 (China, private lending,
 * SPC provisions 2015: 24 % protected, 36 % void; cn-private-2015)"; in Chinese
 * "民间借贷（2015年司法解释）：24%受保护，36%以上无效（cn-private-2015）".  `brief`: the
 * short titles (owed_stmt_short_title).  The parentheses are translated.  Caller frees;
 * NULL when memory runs out. */
char *owed_stmt_regime_name(const owed_regime *reg, const char *lang, int brief);

/* What sent a payment (or its part) to a loan, for people (Civil Code art. 560):
 * "designated", "due first", "most burdensome", "earliest due", "pro rata"; "" for none. */
const char *owed_stmt_decider_label(owed_alloc_decider d);

/* An order of allocating a payment across loans in words, translated: each step (up to
 * pro-rata, which ends it and is added when the order lacks it) joined by "; then ", the
 * most burdensome with its measure `burden`: "loans already due before loans not yet due;
 * then the least secured (security is not recorded in case files, so it never decides);
 * then the most burdensome: the agreed daily cost (...), this program's reading of 负担较重;
 * ...".  `steps` NULL: the contract view's order (owed_alloc_default_order).  Caller
 * frees; NULL when memory runs out. */
char *owed_stmt_allocation_order(const owed_alloc_step *steps, size_t n,
                                 owed_burden_measure burden);

/* 1 when every regime of the report allocates payments across loans in the same order (the
 * same steps and burden measure; also with fewer than two regimes): the statement then says
 * the order once. */
int owed_stmt_same_allocation(const owed_report *r);


/* The article in the words of a Chinese or Japanese law: "26(1)" -> "第26条第1款" (zh) or
 * "第26条第1項" (ja); "28, 29" -> "第28条、第29条"; a part already in the law's words gets
 * its 第: "404; 附則15条1項" -> "第404条、附則第15条第1項".  A new string; NULL when
 * `article` is not a list (", " or "; ") of NUMBER, NUMBER(NUMBER) or such words (or out of
 * memory). */
char *owed_stmt_article_native(const char *article, const char *law_lang);

/* Whether `lang` is written without spaces between words (Chinese, Japanese): its reader
 * cites 利息制限法第1条, not 利息制限法 第1条. */
int owed_stmt_written_without_spaces(const char *lang);

/* What follows the instrument (as shown: `instrument`, maybe translated) in a citation for
 * a reader of `lang`, the law written in `law_lang`; *shown is set to how many bytes of
 * `instrument` to print before it.  The article
 *  - of a Chinese or Japanese law in its words: "第1条" right after the instrument for a
 *    reader of Chinese or Japanese (利息制限法第1条), " 第1条 (art. 1)" for another reader;
 *  - of another law, or not numbered in articles (a notice's "四(一)"), for a reader of
 *    Chinese or Japanese as the law writes it: " 5A.2.3R" (FCA Handbook, CONC 5A.2.3R);
 *    with `may_join`, a part number an English-language instrument ends with is written
 *    once ("12 CFR 1026" + "1026.18(b)": *shown stops before 1026, and the text is
 *    "1026.18(b)");
 *  - else ", art. 5A.2.3R".
 * "" when the citation has no article.  A new string; NULL when out of memory. */
char *owed_stmt_article_after(const char *instrument, const owed_citation *c,
                              const char *law_lang, const char *lang, int may_join,
                              size_t *shown);

/* A citation on one line for a reader of `lang`: the instrument in the reader's language
 * when `glossary` (NULL: none) has it, the article after it (owed_stmt_article_after), then
 * the date: "利息制限法第1条", "法释〔2015〕18号 第26条 (art. 26), 2015-09-01",
 * "12 CFR 1026.18(b)".  A new string, NULL when out of memory. */
char *owed_stmt_citation_text(const owed_citation *c, const char *law_lang, const char *lang,
                              const struct owed_glossary *glossary);

/* The citations from `first` on (following `next`), each as owed_stmt_citation_text gives
 * it, joined by "; ".  A new string ("" for none); NULL when out of memory. */
char *owed_stmt_citations_text(const owed_citation *first, const char *law_lang,
                               const char *lang, const struct owed_glossary *glossary);

/* Words for the codes of a lawful ledger's rows (lawful_rows.h), for people, in the message
 * language: "accrual" -> "accrued", "charges" -> "interest and fees". */
const char *owed_stmt_lawful_event_label(const char *event);
const char *owed_stmt_lawful_component_label(const char *component);

/* The outcome of a statement written through an XML stream (xml_stream.h): "write error"
 * (OWED_E_IO, errno left as the failed write's, for the caller to name the reason) when a
 * write to fp failed; "out of memory" when building or serialising failed otherwise
 * (`failed`, `oom`); else OWED_OK. */
owed_status owed_stmt_stream_outcome(FILE *fp, int failed, int oom, int io_errno,
                                     owed_error *err);

#endif
