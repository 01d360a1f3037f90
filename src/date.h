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

/* owed_date_valid, inline for the readers (owed_date_parse_quick).  Every month has 28
 * days: the month's length is asked for the days after. */
static inline int owed_ymd_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           (d <= 28 || d <= owed_days_in_month(y, m));
}

/* owed_date_from_ymd, inline for the readers: days from civil, after H. Hinnant's
 * public-domain algorithm, in exact integer arithmetic, eras of 400 years so that the leap
 * rule needs no table (m from 1 to 12; any year). */
static inline owed_date owed_ymd_day(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (owed_date)(era * 146097 + doe - 719468);
}

/* 1 and *out when `text` is a date YYYY-MM-DD of the calendar, in one pass over it; 0
 * otherwise, for owed_date_parse (which tries this first) to say what is wrong.  Every byte
 * is looked at only after the ones before it were found digits or dashes, so that a short
 * text is not read past its end.  Inline: the readers parse a date or two a row, and the
 * call cost a sixth of the parse. */
static inline int owed_date_parse_quick(owed_date *out, const char *text)
{
    const unsigned char *t = (const unsigned char *)text;
#define OWED_DATE_DIGIT(k) ((unsigned)t[k] - '0' <= 9u)
    if (!(OWED_DATE_DIGIT(0) && OWED_DATE_DIGIT(1) && OWED_DATE_DIGIT(2) &&
          OWED_DATE_DIGIT(3) && t[4] == '-' && OWED_DATE_DIGIT(5) && OWED_DATE_DIGIT(6) &&
          t[7] == '-' && OWED_DATE_DIGIT(8) && OWED_DATE_DIGIT(9) && t[10] == '\0'))
        return 0;
#undef OWED_DATE_DIGIT
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    int d = (t[8] - '0') * 10 + (t[9] - '0');
    if (!owed_ymd_valid(y, m, d))
        return 0;
    *out = owed_ymd_day(y, m, d);
    return 1;
}

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
