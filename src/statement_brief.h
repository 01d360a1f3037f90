/* The statement in brief (issue 12): one screen in the reader's language -- what the
 * lender claims, what is owed per contract and by law under each regime (by its title),
 * what was charged above the caps and the refund, and one sentence on what to do.  Text
 * writes it alone (owed statement --brief); HTML puts the same rows at the head of the
 * page.  Everything is taken from the report: nothing is recomputed here. */
#ifndef OWED_STATEMENT_BRIEF_H
#define OWED_STATEMENT_BRIEF_H

#include <stdio.h>

#include <gmp.h>

#include "report.h"
#include "statement.h"

typedef struct owed_brief_row {
    int indent;  /* 0: a headline figure; 1: a figure under the one before */
    char *label; /* in the message language; owned */
    mpq_t value;
} owed_brief_row;

typedef struct owed_brief {
    char *heading; /* "In short, on 2018-06-10" */
    owed_brief_row *rows;
    size_t n_rows;
    char *advice;  /* one sentence on what to do */
} owed_brief;

/* The brief of `r` for a reader of `lang` ("en", "zh"; NULL: "en").  NULL when out of
 * memory; free with owed_brief_free. */
owed_brief *owed_brief_build(const owed_report *r, const char *lang);
void owed_brief_free(owed_brief *b);

/* The brief as text: the heading, the rows with their amounts aligned by display width
 * (a label too wide for its column has its amount on the next line), the advice wrapped
 * at 78 columns. */
owed_status owed_statement_write_brief(FILE *fp, const owed_report *r,
                                       const owed_statement_options *opt, owed_error *err);

#endif
