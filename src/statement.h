/* Statement writers: one per output format, each writing a built report to a stream the
 * caller opened (and will close).  They never exit; an error is returned.
 *
 *   text  for a terminal or a printer, in the message language (statement_text.c);
 *   html  one self-contained page, printable on A4, with an SVG chart (statement_html.c);
 *   xml   every figure exact and rounded, namespace urn:owed:statement:1, schema
 *         statement.xsd, described in owed-statement(5) (statement_xml.c);
 *   csv   the replay ledger, contract view, the payments as made and each regime's lawful
 *         view, RFC 4180 (statement_csv.c).
 * Text and HTML speak the message language (gettext) and write numbers as `numeric` says;
 * XML and CSV are language-neutral and write plain decimals ("-1234.57"). */
#ifndef OWED_STATEMENT_H
#define OWED_STATEMENT_H

#include <stdio.h>

#include "error.h"
#include "report.h"

/* How numbers are written for people (text, HTML): the C library's localeconv() fields.
 * NULL or "" fields mean "." and no grouping. */
typedef struct owed_numeric_style {
    const char *decimal_point; /* "." */
    const char *thousands_sep; /* "," or "" */
    const char *grouping;      /* localeconv()->grouping: "\3" groups by three */
} owed_numeric_style;

typedef struct owed_statement_options {
    int exact;   /* 1: show the exact value beside every figure that rounding changed */
    int ledger;  /* 1: include the replay ledger, posting by posting */
    /* Language of the statement's own words, "en" or "zh" (ISO 639-1; NULL: "en").  The
     * words themselves come from gettext, which the caller switches; this tells the
     * writers which title of a regime to set beside the title in the law's language, and
     * the HTML page's lang attribute. */
    const char *lang;
    owed_numeric_style numeric; /* text and HTML only; zero: "." and no grouping */
    /* Text and HTML: who prepared the statement (a name, an office), shown in a block for
     * a signature; NULL: no such block. */
    const char *prepared_by;
    /* Text and HTML: the regime files' words (labels, instruments, notes) in the reader's
     * language (glossary.h); NULL: as the files write them (English). */
    const struct owed_glossary *glossary;
} owed_statement_options;

/* Plain text for a terminal or a printer, in the message language of the locale. */
owed_status owed_statement_write_text(FILE *fp, const owed_report *r,
                                      const owed_statement_options *opt, owed_error *err);

/* One self-contained HTML page (no external assets, no scripts): summary, chart, each
 * loan with its replay table, claims, findings, rules with citations, conventions.
 * Built with libxml2's HTML tree API. */
owed_status owed_statement_write_html(FILE *fp, const owed_report *r,
                                      const owed_statement_options *opt, owed_error *err);

/* The machine interface: XML in namespace urn:owed:statement:1, valid against
 * statement.xsd; every figure with value="ROUNDED" exact="EXACT".  `exact` and `lang`
 * are ignored (the XML always holds both forms); `ledger` 0 leaves out <ledger>. */
owed_status owed_statement_write_xml(FILE *fp, const owed_report *r,
                                     const owed_statement_options *opt, owed_error *err);

/* The replay ledger as CSV (RFC 4180, UTF-8, CRLF line ends, a header row): the contract
 * ledger posting by posting, the payments as the borrower made them, then under each regime
 * the lawful view's movements date by date, each payment as that view applied it.  Amounts rounded half-up to the minor unit; with `exact`, two more columns hold
 * the exact amount and balance.  `ledger` is ignored (the ledger is the CSV). */
owed_status owed_statement_write_csv(FILE *fp, const owed_report *r,
                                     const owed_statement_options *opt, owed_error *err);

#endif
