/* Interest and charge rates.
 *
 * A rate is written as a percentage ("0.05%", "24%"), a plain decimal fraction ("0.24") or
 * an exact fraction ("3/365"), together with the period it is quoted for.  Applying a rate
 * to days converts it exactly:
 *   per day   : rate for each day;
 *   per month : rate x 12 / (days in the basis year) for each day (a month is 1/12 year);
 *   per year  : rate / (days in the basis year) for each day. */
#ifndef OWED_RATE_H
#define OWED_RATE_H

#include <gmp.h>

#include "date.h"
#include "error.h"
#include "number.h"

typedef enum owed_rate_period {
    OWED_PER_YEAR = 0,
    OWED_PER_MONTH,
    OWED_PER_DAY
} owed_rate_period;

/* Parses "24%", "0.05%", "0.24" or "3/365" into a fraction (24% -> 6/25).  Negative rates
 * are refused. */
owed_status owed_rate_parse(mpq_t out, const char *text, const char *file, long line,
                            owed_error *err);

/* owed_rate_parse with the digits limit in force given (owed_limit_get(OWED_LIMIT_DIGITS,
 * OWED_MAX_NUMBER_DIGITS)), by a reader that reads many rates in one scope. */
owed_status owed_rate_parse_within(mpq_t out, const char *text, long max_digits,
                                   const char *file, long line, owed_error *err);

/* The usual rate, a short decimal per cent ("0.1%") of `len` bytes, read in words to the
 * value owed_rate_parse_within makes of it: 1 with out set; 0 for anything else (out
 * unspecified), which owed_rate_parse_within reads and says what is wrong with.  Inline:
 * the readers ask it of every rate, and owed_rate_parse_within tries it first. */
static inline int owed_rate_parse_quick(mpq_t out, const char *text, size_t len,
                                        long max_digits)
{
    return len > 1 && text[len - 1] == '%' &&
           owed_decimal_parse_quick_within(out, text, len - 1, 2, (size_t)-1, max_digits);
}

int owed_rate_period_parse(const char *text, owed_rate_period *out); /* "day" "month" "year" */
const char *owed_rate_period_name(owed_rate_period per);

/* out = amount x rate over the days [from, to), exact, with the year length of `basis`
 * for per-year and per-month rates.  Zero when to <= from. */
void owed_rate_accrue(mpq_t out, const mpq_t amount, const mpq_t rate, owed_rate_period per,
                      owed_day_basis basis, owed_date from, owed_date to);

/* out = amount x rate over [from, to) counted in calendar months (月息 as courts charge it):
 * each whole calendar month from `from` at the monthly rate (a rate per month, or a
 * twelfth of a rate per year), the days left at a thirtieth of the monthly rate.  A rate per
 * day has no month: callers refuse it (the case reader does).  Zero when to <= from. */
void owed_rate_accrue_months(mpq_t out, const mpq_t amount, const mpq_t rate,
                             owed_rate_period per, owed_date from, owed_date to);

/* out = the rate as an annual fraction on `basis` (per day x 365 on a 365 basis, x 360 on
 * 360; for the actual basis a 365-day year is used).  For display and comparison only. */
void owed_rate_annualise(mpq_t out, const mpq_t rate, owed_rate_period per, owed_day_basis basis);

#endif
