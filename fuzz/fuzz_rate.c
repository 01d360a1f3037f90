/* Fuzz target: rates (owed_rate_parse), then accrual and annualisation with them.
 * Input: two option bytes, then the text. */
#include <config.h>

#include <stdlib.h>

#include <gmp.h>

#include "fuzz_common.h"
#include "rate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned opt = data[0], days = data[1];
    char *text = fuzz_string(data + 2, size - 2);
    if (text == NULL)
        return 0;
    mpq_t rate, amount, out, year;
    mpq_inits(rate, amount, out, year, NULL);
    owed_error err;
    owed_error_clear(&err);
    if (owed_rate_parse(rate, text, "f.xml", 7, &err) == OWED_OK) {
        FUZZ_ASSERT(mpq_sgn(rate) >= 0);
        owed_rate_period per = (owed_rate_period)(opt % 3);
        owed_day_basis basis = (owed_day_basis)((opt >> 2) % 3);
        mpq_set_ui(amount, 100000, 1);
        /* a span across a year end, 0..255 days long (days * 17 for the larger ones) */
        owed_date from = owed_date_from_ymd(2019 + (int)((opt >> 4) & 7), 12, 1);
        owed_date to = from + (owed_date)((opt & 0x80) ? days * 17 : days);
        owed_rate_accrue(out, amount, rate, per, basis, from, to);
        FUZZ_ASSERT(mpq_sgn(out) >= 0);
        FUZZ_ASSERT(days != 0 || mpq_sgn(out) == 0);
        /* one span equals the sum of its days */
        if (to - from <= 400) {
            mpq_t sum, day;
            mpq_inits(sum, day, NULL);
            for (owed_date d = from; d < to; d++) {
                owed_rate_accrue(day, amount, rate, per, basis, d, d + 1);
                mpq_add(sum, sum, day);
            }
            FUZZ_ASSERT(mpq_equal(sum, out));
            mpq_clears(sum, day, NULL);
        }
        owed_rate_annualise(year, rate, per, basis);
        FUZZ_ASSERT(mpq_sgn(year) >= 0);
    } else {
        fuzz_check_error(&err, 1);
    }
    owed_rate_period p;
    (void)owed_rate_period_parse(text, &p);
    mpq_clears(rate, amount, out, year, NULL);
    free(text);
    return 0;
}
