/* Fuzz target: dates (owed_date_parse), with the round trip through owed_date_format and
 * the day counts and year fractions between two parsed dates.
 * Input: one option byte, then two texts separated by a NUL byte (or one text). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "date.h"
#include "fuzz_common.h"

static void check_date(owed_date d)
{
    char buf[OWED_DATE_TEXT_SIZE];
    owed_date_format(d, buf);
    owed_date back;
    owed_error err;
    owed_error_clear(&err);
    FUZZ_ASSERT(owed_date_parse(&back, buf, "", 0, &err) == OWED_OK);
    FUZZ_ASSERT(back == d);
    int y, m, dd;
    owed_date_to_ymd(d, &y, &m, &dd);
    FUZZ_ASSERT(owed_date_valid(y, m, dd));
    FUZZ_ASSERT(owed_date_from_ymd(y, m, dd) == d);
    FUZZ_ASSERT(owed_basis_year_length(OWED_BASIS_ACTUAL, d) == (owed_is_leap_year(y) ? 366 : 365));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    char *text = fuzz_string(data + 1, size - 1);
    if (text == NULL)
        return 0;
    size_t len1 = strlen(text);
    const char *second = len1 + 1 < size - 1 ? text + len1 + 1 : NULL;
    owed_date a, b;
    owed_error err;
    owed_error_clear(&err);
    int ok_a = owed_date_parse(&a, text, "f.xml", 2, &err) == OWED_OK;
    if (ok_a)
        check_date(a);
    else
        fuzz_check_error(&err, 1);
    if (second != NULL) {
        owed_error_clear(&err);
        int ok_b = owed_date_parse(&b, second, "f.xml", 2, &err) == OWED_OK;
        if (ok_b)
            check_date(b);
        else
            fuzz_check_error(&err, 1);
        if (ok_a && ok_b) {
            owed_day_basis basis = (owed_day_basis)(opt % 3);
            owed_day_count count = (owed_day_count)((opt >> 2) & 1);
            long n = owed_days_between(a, b, count);
            FUZZ_ASSERT(n == (long)b - (long)a + (count == OWED_COUNT_BOTH_ENDS && b >= a));
            mpq_t f, g;
            mpq_inits(f, g, NULL);
            owed_year_fraction(f, a, b, basis);
            FUZZ_ASSERT(mpq_sgn(f) >= 0);
            FUZZ_ASSERT(b > a || mpq_sgn(f) == 0);
            if (b > a) {
                /* additivity at a middle day */
                owed_date mid = a + (b - a) / 2;
                owed_year_fraction(g, a, mid, basis);
                mpq_t h;
                mpq_init(h);
                owed_year_fraction(h, mid, b, basis);
                mpq_add(g, g, h);
                FUZZ_ASSERT(mpq_equal(f, g));
                mpq_clear(h);
            }
            mpq_clears(f, g, NULL);
        }
    }
    free(text);
    return 0;
}
