/* Statement writers: one per output format, each writing a built report to a stream the
 * caller opened (and will close).  They never exit; an error is returned. */
#ifndef OWED_STATEMENT_H
#define OWED_STATEMENT_H

#include <stdio.h>

#include "error.h"
#include "report.h"

typedef struct owed_statement_options {
    int exact;   /* 1: show the exact value beside every figure that rounding changed */
    int ledger;  /* 1: include the replay ledger, posting by posting */
} owed_statement_options;

/* Plain text for a terminal or a printer, in the message language of the locale. */
owed_status owed_statement_write_text(FILE *fp, const owed_report *r,
                                      const owed_statement_options *opt, owed_error *err);

#endif
