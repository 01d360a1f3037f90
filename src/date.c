#include <config.h>

#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int owed_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int owed_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && owed_is_leap_year(y) ? 29 : days[m - 1];
}

int owed_date_valid(int y, int m, int d)
{
    return owed_ymd_valid(y, m, d);
}

owed_date owed_date_from_ymd(int y, int m, int d)
{
    return owed_ymd_day(y, m, d);
}

void owed_date_to_ymd(owed_date z0, int *y, int *m, int *d)
{
    int32_t z = z0 + 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    const int32_t dd = doy - (153 * mp + 2) / 5 + 1;
    const int32_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

owed_status owed_date_parse(owed_date *out, const char *text, const char *file, long line,
                            owed_error *err)
{
    if (text != NULL && owed_date_parse_quick(out, text))
        return OWED_OK;
    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("'%s' is not a date of the form YYYY-MM-DD"), text ? text : "");
    int hi = two_digits(text), lo = two_digits(text + 2);
    int m = two_digits(text + 5), d = two_digits(text + 8);
    if (hi < 0 || lo < 0 || m < 0 || d < 0)
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("'%s' is not a date of the form YYYY-MM-DD"), text);
    int y = hi * 100 + lo;
    if (!owed_date_valid(y, m, d))
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("'%s' is not a day of the calendar"), text);
    *out = owed_date_from_ymd(y, m, d);
    return OWED_OK;
}

void owed_date_format(owed_date d, char buf[OWED_DATE_TEXT_SIZE])
{
    int y, m, dd;
    owed_date_to_ymd(d, &y, &m, &dd);
    /* "%04u-%02u-%02u" of these, written digit by digit: readers format dates for their
       messages on every row, and snprintf cost more than the rest of the row's checks */
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u, ddd = (unsigned)dd % 100u;
    buf[0] = (char)('0' + yy / 1000u);
    buf[1] = (char)('0' + yy / 100u % 10u);
    buf[2] = (char)('0' + yy / 10u % 10u);
    buf[3] = (char)('0' + yy % 10u);
    buf[4] = '-';
    buf[5] = (char)('0' + mm / 10u);
    buf[6] = (char)('0' + mm % 10u);
    buf[7] = '-';
    buf[8] = (char)('0' + ddd / 10u);
    buf[9] = (char)('0' + ddd % 10u);
    buf[10] = '\0';
}

long owed_days_between(owed_date from, owed_date to, owed_day_count count)
{
    long n = (long)to - (long)from;
    if (count == OWED_COUNT_BOTH_ENDS && n >= 0)
        n += 1;
    return n;
}

int owed_basis_year_length(owed_day_basis basis, owed_date d)
{
    switch (basis) {
    case OWED_BASIS_360:
        return 360;
    case OWED_BASIS_ACTUAL: {
        int y, m, dd;
        owed_date_to_ymd(d, &y, &m, &dd);
        return owed_is_leap_year(y) ? 366 : 365;
    }
    case OWED_BASIS_365:
    default:
        return 365;
    }
}

void owed_year_fraction(mpq_t out, owed_date from, owed_date to, owed_day_basis basis)
{
    mpq_set_ui(out, 0, 1);
    if (to <= from)
        return;
    if (basis != OWED_BASIS_ACTUAL) {
        mpq_set_ui(out, (unsigned long)(to - from), (unsigned long)owed_basis_year_length(basis, from));
        mpq_canonicalize(out);
        return;
    }
    /* Actual: split at each 1 January, so each part has one year length. */
    mpq_t part;
    mpq_init(part);
    owed_date cur = from;
    while (cur < to) {
        int y, m, d;
        owed_date_to_ymd(cur, &y, &m, &d);
        owed_date next_year = y < 9999 ? owed_date_from_ymd(y + 1, 1, 1) : to;
        owed_date end = next_year < to ? next_year : to;
        mpq_set_ui(part, (unsigned long)(end - cur), owed_is_leap_year(y) ? 366UL : 365UL);
        mpq_canonicalize(part);
        mpq_add(out, out, part);
        cur = end;
    }
    mpq_clear(part);
}

const char *owed_day_basis_name(owed_day_basis basis)
{
    switch (basis) {
    case OWED_BASIS_360: return "360";
    case OWED_BASIS_ACTUAL: return "actual";
    case OWED_BASIS_365:
    default: return "365";
    }
}

int owed_day_basis_parse(const char *text, owed_day_basis *out)
{
    if (strcmp(text, "365") == 0) *out = OWED_BASIS_365;
    else if (strcmp(text, "360") == 0) *out = OWED_BASIS_360;
    else if (strcmp(text, "actual") == 0) *out = OWED_BASIS_ACTUAL;
    else return -1;
    return 0;
}

const char *owed_day_count_name(owed_day_count count)
{
    return count == OWED_COUNT_BOTH_ENDS ? "both" : "first-not-last";
}

int owed_day_count_parse(const char *text, owed_day_count *out)
{
    if (strcmp(text, "first-not-last") == 0) *out = OWED_COUNT_FIRST_NOT_LAST;
    else if (strcmp(text, "both") == 0) *out = OWED_COUNT_BOTH_ENDS;
    else return -1;
    return 0;
}

owed_date owed_date_add_months(owed_date d, long months)
{
    int y, m, day;
    owed_date_to_ymd(d, &y, &m, &day);
    long total = (long)(m - 1) + months;
    int ny = y + (int)(total / 12), nm = (int)(total % 12) + 1;
    int last = owed_days_in_month(ny, nm);
    return owed_date_from_ymd(ny, nm, day < last ? day : last);
}

long owed_whole_months(owed_date from, owed_date to, long *stub)
{
    *stub = 0;
    if (to <= from)
        return 0;
    int fy, fm, fd, ty, tm, td;
    owed_date_to_ymd(from, &fy, &fm, &fd);
    owed_date_to_ymd(to, &ty, &tm, &td);
    /* a first guess from the calendar, then corrected by at most one either way */
    long m = (long)(ty - fy) * 12 + (tm - fm);
    if (m < 0)
        m = 0;
    while (m > 0 && owed_date_add_months(from, m) > to)
        m--;
    while (owed_date_add_months(from, m + 1) <= to)
        m++;
    *stub = (long)(to - owed_date_add_months(from, m));
    return m;
}

static int cmp_date(const void *a, const void *b)
{
    owed_date x = *(const owed_date *)a, y = *(const owed_date *)b;
    return (x > y) - (x < y);
}

size_t owed_dates_sort_unique(owed_date *d, size_t n)
{
    if (n == 0)
        return 0;
    qsort(d, n, sizeof *d, cmp_date);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (d[i] != d[k - 1])
            d[k++] = d[i];
    return k;
}
