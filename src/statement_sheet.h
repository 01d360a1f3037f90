/* The recalculation sheet (sheet.h) in the statement formats: for each regime that asks for
 * it (owed_regime_recalculation_sheet), one table per loan.  Each function writes nothing
 * for a regime that does not ask for one, and returns 0, or -1 when memory runs out. */
#ifndef OWED_STATEMENT_SHEET_H
#define OWED_STATEMENT_SHEET_H

#include <libxml/tree.h>
#include <stdio.h>

#include "report.h"
#include "statement.h"

/* Text: a heading per loan, then the columns date, days, rate, interest, advance, payment,
 * principal after, interest unpaid, overpayment, overpayment interest (to the row,
 * cumulative). */
int owed_sheet_write_text(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                          size_t g);

/* Text: in the lawful view of loan `loan` under regime `g`, the rows of the money caps
 * (owed_charge_limit, owed_total_cap) when the regime has them: the charges outside the rate
 * caps, their limit, the room under the total cost cap, each with its citation, laid out as
 * the text statement's rows (indent 4, a label of 36 columns, an amount of 14). */
int owed_limits_write_text(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                           size_t g, size_t loan);

/* Text: after a loan's cost view (loan == n_loans: all loans), the annual rate each
 * regime's law discloses (owed_regime_apr_method: the UK's CONC APR, the US Regulation Z APR
 * with the tolerance of 12 CFR 1026.22(a)), of the same cash flows (the contract's money
 * delivered and paid, the balance on the as-of date counted as paid that day); once per
 * method. */
int owed_law_apr_write_text(FILE *fp, const owed_report *r, const owed_statement_options *opt,
                            size_t loan);

/* HTML: the same two as paragraphs under `parent` (the loan's section): the law's APR
 * after the cost view, and under each regime with money caps, its charges outside the rate
 * caps, their limit and the room under the total cost cap. */
int owed_law_apr_write_html(xmlNodePtr parent, const owed_report *r,
                            const owed_statement_options *opt, size_t loan);
int owed_limits_write_html(xmlNodePtr parent, const owed_report *r,
                           const owed_statement_options *opt, size_t loan);

/* HTML: a <div class="sheet"> per loan under `parent`, with a <table>. */
int owed_sheet_write_html(xmlNodePtr parent, const owed_report *r,
                          const owed_statement_options *opt, size_t g);

/* CSV: rows of view "sheet:ID" (see statement_csv.c): per sheet row, event "advance",
 * "interest" (amount: the interval's interest, from/to: the interval, label: days and
 * rate), "overpayment-applied" (negated) and "overpayment-used" (the same amount: the
 * borrower's claim used up), "payment" (negated), "overpayment-interest" (negated);
 * balance: the running sum, what the borrower owes net of overpayments and their
 * interest.  `row` writes one CSV row: (date, loan, view, event, amount, balance, from, to,
 * label). */
typedef void (*owed_sheet_csv_row)(void *ctx, owed_date date, size_t loan, const char *view,
                                   const char *event, const mpq_t amount, const mpq_t balance,
                                   owed_date from, owed_date to, const char *label);
int owed_sheet_write_csv(const owed_report *r, size_t g, owed_sheet_csv_row row, void *ctx);

#endif
