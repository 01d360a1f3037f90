/* Calendar dates, day counts and year fractions, all exact.
 *
 * A date is a day number in the proleptic Gregorian calendar (0 = 1970-01-01), valid for
 * years 1 to 9999.  An interval from d1 to d2 holds d2 - d1 days: the first day counts,
 * the last does not (OWED_COUNT_FIRST_NOT_LAST).  Some courts count both end days
 * (OWED_COUNT_BOTH_ENDS, one more day); that is a named option, never a silent change. */
#ifndef OWED_DATE_H
#define OWED_DATE_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef int32_t owed_date;

#define OWED_DATE_TEXT_SIZE 11 /* "YYYY-MM-DD" and the terminating NUL */

/* The last day of the calendar, 9999-12-31 (owed_date_from_ymd(9999, 12, 31)). */
#define OWED_DATE_LAST ((owed_date)2932896)

/* Day basis: how many days make a year when an annual rate is applied to days.
 * ACTUAL divides each day by the length (365 or 366) of the calendar year it falls in,
 * as the Japanese recalculation and the EU time measure do. */
typedef enum owed_day_basis {
    OWED_BASIS_365 = 0,
    OWED_BASIS_360,
    OWED_BASIS_ACTUAL
} owed_day_basis;

typedef enum owed_day_count {
    OWED_COUNT_FIRST_NOT_LAST = 0,
    OWED_COUNT_BOTH_ENDS
} owed_day_count;

/* Parses exactly "YYYY-MM-DD" (no spaces, no other forms).  Rejects dates that do not
 * exist (2023-02-29, 2024-04-31) and years outside 1..9999.  `file`/`line` only locate
 * the error. */
owed_status owed_date_parse(owed_date *out, const char *text, const char *file, long line,
                            owed_error *err);

/* Writes "YYYY-MM-DD" into buf (OWED_DATE_TEXT_SIZE bytes). */
void owed_date_format(owed_date d, char buf[OWED_DATE_TEXT_SIZE]);

/* 1 when y/m/d is a real date in 1..9999. */
int owed_date_valid(int y, int m, int d);

/* The day number of a valid y/m/d (callers check owed_date_valid first). */
owed_date owed_date_from_ymd(int y, int m, int d);
void owed_date_to_ymd(owed_date d, int *y, int *m, int *day);

int owed_is_leap_year(int y);
int owed_days_in_month(int y, int m);

/* `candidate` when it falls after `day` and before `next`, else `next`: of two days still to
 * come, the sooner.  Inline: both replays' day loops ask it tens of times per loan. */
static inline owed_date owed_date_sooner(owed_date next, owed_date day, owed_date candidate)
{
    return candidate > day && candidate < next ? candidate : next;
}

/* The day `months` calendar months after d (months >= 0), on the same day of the month, or
 * on the month's last day when that month is shorter (01-31 + 1 month = 02-28 or 02-29).
 * Years past 9999 are not checked: callers stay within the days they replay. */
owed_date owed_date_add_months(owed_date d, long months);

/* The whole calendar months in [from, to) counted from `from` (the largest m with
 * owed_date_add_months(from, m) <= to), and in *stub the days left after them; 0 and 0 when
 * to <= from.  03-15 .. 06-20 is 3 months and 5 days. */
long owed_whole_months(owed_date from, owed_date to, long *stub);

/* Sorts n dates ascending and removes duplicates; returns how many are left. */
size_t owed_dates_sort_unique(owed_date *d, size_t n);

/* Days in the interval [from, to) under the counting convention; negative when to < from. */
long owed_days_between(owed_date from, owed_date to, owed_day_count count);

/* The number of days one year has on `basis` for the day `d` (365, 360, or 365/366). */
int owed_basis_year_length(owed_day_basis basis, owed_date d);

/* out = sum over the days d in [from, to) of 1 / owed_basis_year_length(basis, d):
 * the exact year fraction of the interval.  Zero when to <= from. */
void owed_year_fraction(mpq_t out, owed_date from, owed_date to, owed_day_basis basis);

/* Names for options and output: "365", "360", "actual"; "first-not-last", "both". */
const char *owed_day_basis_name(owed_day_basis basis);
int owed_day_basis_parse(const char *text, owed_day_basis *out); /* 0 on success */
const char *owed_day_count_name(owed_day_count count);
int owed_day_count_parse(const char *text, owed_day_count *out);

#endif
