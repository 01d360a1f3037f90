/* The structures behind the public annual-rate handles of owed.h (owed_flows,
 * owed_annual_options, owed_annual): the engine's own (apr.h) with what `owed apr` adds
 * around it (the quick form's description, the cap and the tolerance).  Internal: shared
 * by owed_api_apr.c and owed_api_apr_write.c only. */
#ifndef OWED_API_APR_H
#define OWED_API_APR_H

#include <gmp.h>

#include "apr.h"
#include "catalogue.h"

/* Each handle records the allocator it was made with (mem.h): what it holds is allocated
 * and freed in a scope of that allocator, whichever context a call is given. */
struct owed_flows {
    owed_allocator mem;
    owed_apr_flows *flows;
    char *loan;      /* owed_flows_add_loan: "loan: borrowed ..., received ...", or NULL */
    int day_numbers; /* owed_flows_add_loan without a start: text gives day numbers */
};

struct owed_annual_options {
    owed_allocator mem;
    owed_apr_options opt; /* range_lo/range_hi point at range[] when have_range */
    int single_set;       /* "single" given: the quick form keeps it */
    int have_range, have_cap, have_disclosed;
    int irregular;        /* -1 auto, 0 no, 1 yes */
    mpq_t range[2], cap, disclosed;
};

struct owed_annual {
    owed_allocator mem;
    owed_words words;          /* the words it was made in (catalogue.h), for its texts */
    owed_apr_result *res;
    struct owed_annual *other; /* pboc: the other form (its own `other` NULL), or NULL */
    char *loan;                /* copied from the flows */
    int day_numbers;
    int have_cap, cap_cmp;
    int have_disclosed, within;
    const char *tol_rule;      /* static, untranslated citation */
    mpq_t cap, disclosed, below, above;
};

/* "12.5" from a fraction 0.125: the exact value in percent; NULL when memory runs out.
 * The caller frees it with owed_mem_free, in the same allocator's scope. */
char *owed_annual_percent_exact(const mpq_t x);

#endif
