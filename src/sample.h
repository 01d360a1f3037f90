/* Figures asked of a replay on days before its end, so that one replay serves a whole
 * statement (its chart, its claims) instead of one replay per day asked.
 *
 * A request names a day and a loan (or all loans, loan -1); the replay answers with what a
 * replay ending on that day would give: events up to and including the day, accruals for
 * the days before it (and the day itself for rates counting both end days), periods ended
 * on the day for calendar months and rounding.  Requests are sorted by date; several may
 * name one day. */
#ifndef OWED_SAMPLE_H
#define OWED_SAMPLE_H

#include <stddef.h>

#include "date.h"

typedef struct owed_sample_request {
    owed_date date;
    long loan; /* index into the case's loans[], or -1 for all loans together */
} owed_sample_request;

#endif
