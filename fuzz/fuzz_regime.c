/* Fuzz target: regime files (owed_regime_read_file) through a temporary file, validated
 * against data/schema/regime.xsd, with the tables of the data directory.  A regime that is
 * read is then asked for its caps on a few days. */
#include <config.h>

#include "fuzz_common.h"
#include "regime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_file(data, size);
    owed_regime *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_regime_read_file(path, fuzz_datadir(), &r, &err) == OWED_OK) {
        FUZZ_ASSERT(r != NULL);
        FUZZ_ASSERT(owed_regime_id(r) != NULL);
        FUZZ_ASSERT(owed_regime_title(r, "en") != NULL);
        owed_cap_view v;
        owed_cap_view_init(&v);
        static const int years[] = {1990, 2015, 2019, 2020, 2021, 2026, 2100};
        for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
            owed_date d = owed_date_from_ymd(years[i], 8, 20);
            int applies = 0;
            owed_error e2;
            owed_error_clear(&e2);
            if (owed_regime_cap_on(r, d - 400, d, d, &v, &applies, &e2) != OWED_OK)
                fuzz_check_error(&e2, 0);
            owed_date bp[8];
            size_t n = owed_regime_breakpoints(r, d - 400, d, d - 400, d + 400, bp, 8);
            for (size_t k = 1; k < n && k < 8; k++)
                FUZZ_ASSERT(bp[k - 1] < bp[k]);
        }
        owed_cap_view_clear(&v);
        owed_regime_free(r);
    } else {
        FUZZ_ASSERT(r == NULL);
        fuzz_check_error(&err, 1);
    }
    return 0;
}
