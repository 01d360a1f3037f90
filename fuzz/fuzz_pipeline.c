/* Fuzz target: the whole pipeline, where time and memory can blow up.  The input is a case
 * file: it is read (without the schema, so that the replays meet whatever the reader lets
 * through), the report is built as of the case's date with 0, 1 or 2 of the shipped
 * regimes (chosen from the input), both views are checked for conservation, and the text
 * statement is written to /dev/null. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "case_read.h"
#include "contract.h"
#include "fuzz_common.h"
#include "lawful.h"
#include "regime.h"
#include "report.h"
#include "statement.h"

static const char *const regime_ids[] = {"cn-private-2015", "cn-private-2015-strict",
                                         "cn-private-2020", "cn-licensed",
                                         "cn-cash-loan-2017"};
#define N_IDS (sizeof regime_ids / sizeof regime_ids[0])
static owed_regime *regimes[N_IDS];
static FILE *devnull;

static void setup(void)
{
    if (devnull != NULL)
        return;
    for (size_t i = 0; i < N_IDS; i++) {
        owed_error err;
        owed_error_clear(&err);
        if (owed_regime_load(regime_ids[i], fuzz_datadir(), &regimes[i], &err) != OWED_OK) {
            fprintf(stderr, "owed fuzz: cannot load %s: %s\n", regime_ids[i], err.text);
            abort();
        }
    }
    devnull = fopen("/dev/null", "w");
    if (devnull == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    const char *path = fuzz_temp_file(data, size);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_case_read_file(path, NULL, &c, &err) != OWED_OK) {
        fuzz_check_error(&err, 1);
        return 0;
    }
    unsigned h = (unsigned)size;
    for (size_t i = 0; i < size; i += 61)
        h = h * 31u + data[i];
    const owed_regime *chosen[2];
    size_t n = h % 3;
    for (size_t i = 0; i < n; i++)
        chosen[i] = regimes[(h / 3 + i * 2) % N_IDS];

    owed_report *r = NULL;
    owed_error_clear(&err);
    if (owed_report_build(c, c->as_of, chosen, n, &r, &err) == OWED_OK) {
        owed_error_clear(&err);
        FUZZ_ASSERT(owed_replay_check_conservation(r->contract, &err) == OWED_OK);
        for (size_t g = 0; g < n; g++) {
            owed_error_clear(&err);
            FUZZ_ASSERT(owed_lawful_check(r->lawful[g], &err) == OWED_OK);
        }
        owed_statement_options opt = {.exact = (int)(h >> 4) & 1, .ledger = (int)(h >> 5) & 1};
        owed_error_clear(&err);
        FUZZ_ASSERT(owed_statement_write_text(devnull, r, &opt, &err) == OWED_OK);
        owed_report_free(r);
    } else {
        /* a replay may only fail on a limit or a cap it cannot resolve */
        fuzz_check_error(&err, 0);
        FUZZ_ASSERT(err.code == OWED_E_LIMIT || err.code == OWED_E_SEMANTIC);
    }
    owed_case_free(c);
    return 0;
}
