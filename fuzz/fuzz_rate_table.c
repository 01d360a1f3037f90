/* Fuzz target: rate tables (owed_rate_table_read_file) through a temporary file, validated
 * against data/schema/rate-table.xsd.  A table that is read is then looked up. */
#include <config.h>

#include "fuzz_common.h"
#include "rate_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_file(data, size);
    owed_rate_table *t = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_rate_table_read_file(path, fuzz_datadir(), &t, &err) == OWED_OK) {
        FUZZ_ASSERT(t != NULL);
        size_t n = owed_rate_table_size(t);
        FUZZ_ASSERT(n >= 1);
        mpq_t rate;
        mpq_init(rate);
        for (size_t i = 0; i < n; i++) {
            const owed_rate_row *row = owed_rate_table_row(t, i);
            FUZZ_ASSERT(row != NULL && row->source != NULL);
            FUZZ_ASSERT(i == 0 || owed_rate_table_row(t, i - 1)->date < row->date);
            owed_rate_lookup info;
            owed_error e2;
            owed_error_clear(&e2);
            FUZZ_ASSERT(owed_rate_table_lookup(t, row->date, rate, &info, &e2) == OWED_OK);
            FUZZ_ASSERT(info.row == row);
            FUZZ_ASSERT(mpq_equal(rate, row->rate));
        }
        owed_error e3;
        owed_error_clear(&e3);
        if (owed_rate_table_row(t, 0)->date > owed_date_from_ymd(1, 1, 1))
            FUZZ_ASSERT(owed_rate_table_lookup(t, owed_rate_table_row(t, 0)->date - 1, rate,
                                               NULL, &e3) != OWED_OK);
        mpq_clear(rate);
        owed_rate_table_free(t);
    } else {
        FUZZ_ASSERT(t == NULL);
        fuzz_check_error(&err, 1);
    }
    return 0;
}
