/* Fuzz target: case files (owed_case_read_file) through a temporary file.  Built twice by
 * run.sh: `case` reads without the schema (the reader must not trust any structure), and
 * `case_schema` (-DFUZZ_WITH_SCHEMA) validates against data/schema/case.xsd first, as the
 * command line does.  A case that is read must satisfy the model's promises. */
#include <config.h>

#include <string.h>

#include "case_read.h"
#include "fuzz_common.h"

static void check_case(const owed_case *c)
{
    FUZZ_ASSERT(c->n_loans >= 1);
    for (size_t i = 0; i < c->n_loans; i++) {
        const owed_loan *L = &c->loans[i];
        FUZZ_ASSERT(L->id != NULL);
        FUZZ_ASSERT(L->n_disbursements >= 1);
        FUZZ_ASSERT(L->due > L->contracted);
        FUZZ_ASSERT(L->contracted <= c->as_of);
        for (size_t k = 0; k < L->n_disbursements; k++) {
            FUZZ_ASSERT(mpq_sgn(L->disbursements[k].amount) > 0);
            FUZZ_ASSERT(L->disbursements[k].date >= L->contracted);
            FUZZ_ASSERT(L->disbursements[k].date <= c->as_of);
        }
        for (size_t k = 0; k < L->n_fees; k++)
            FUZZ_ASSERT(L->fees[k].name != NULL);
        int seen[OWED_COMP_COUNT] = {0};
        for (int k = 0; k < OWED_COMP_COUNT; k++) {
            FUZZ_ASSERT((int)L->order[k] >= 0 && (int)L->order[k] < OWED_COMP_COUNT);
            FUZZ_ASSERT(!seen[L->order[k]]);
            seen[L->order[k]] = 1;
        }
        for (size_t j = 0; j < i; j++)
            FUZZ_ASSERT(strcmp(c->loans[j].id, L->id) != 0);
    }
    for (size_t i = 0; i < c->n_events; i++) {
        const owed_event *e = &c->events[i];
        FUZZ_ASSERT(e->date <= c->as_of);
        FUZZ_ASSERT(i == 0 || c->events[i - 1].date <= e->date); /* sorted */
        FUZZ_ASSERT(e->loan >= -1 && e->loan < (long)c->n_loans);
        FUZZ_ASSERT(e->kind == OWED_EV_PAYMENT || e->loan >= 0);
        FUZZ_ASSERT(mpq_sgn(e->amount) >= 0);
        if (e->kind == OWED_EV_EXTENSION)
            FUZZ_ASSERT(e->new_due > e->date);
    }
    for (size_t i = 0; i < c->n_claims; i++) {
        FUZZ_ASSERT(c->claims[i].by != NULL);
        FUZZ_ASSERT(c->claims[i].date <= c->as_of);
        FUZZ_ASSERT(c->claims[i].loan >= -1 && c->claims[i].loan < (long)c->n_loans);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_file(data, size);
#ifdef FUZZ_WITH_SCHEMA
    const char *schema = fuzz_schema("case.xsd");
#else
    const char *schema = NULL;
#endif
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_case_read_file(path, schema, &c, &err) == OWED_OK) {
        FUZZ_ASSERT(c != NULL);
        check_case(c);
        owed_case_free(c);
    } else {
        FUZZ_ASSERT(c == NULL);
        fuzz_check_error(&err, 1);
    }
    return 0;
}
