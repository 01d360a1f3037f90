/* Benchmark of the certified XIRR solver (src/apr*.c): proven solves per second for 2, 24,
 * 100 and 1,000 flows, each rate settled to 10 significant digits.  Not part of make check;
 * bench/apr-bench.sh builds and runs it.
 *
 * The flows: 100,000 received on 2001-01-15, then n - 1 monthly payments of an annuity at
 * 1 % a month rounded to the cent (for n = 2: 101,000 repaid after a month).  Times are
 * integer nanoseconds of the process's CPU time (CLOCK_PROCESS_CPUTIME_ID), so that other
 * work on a shared machine does not count; each size runs for the budget (default 1 s). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apr.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static owed_date add_months(owed_date d, int k)
{
    int y, m, dd;
    owed_date_to_ymd(d, &y, &m, &dd);
    int mm = y * 12 + (m - 1) + k;
    int ny = mm / 12, nm = mm % 12 + 1;
    int dim = owed_days_in_month(ny, nm);
    return owed_date_from_ymd(ny, nm, dd > dim ? dim : dd);
}

static owed_apr_flows *make_flows(int n)
{
    owed_apr_flows *f = owed_apr_flows_new();
    owed_date d0 = owed_date_from_ymd(2001, 1, 15);
    mpq_t a, pay, q;
    mpq_inits(a, pay, q, NULL);
    mpq_set_ui(a, 100000, 1);
    owed_apr_flows_add(f, d0, a, NULL);
    int k = n - 1;
    /* payment = P r / (1 - (1 + r)^-k), r = 1/100, rounded half-up to the cent */
    mpz_ui_pow_ui(mpq_numref(q), 101, (unsigned long)k);
    mpz_ui_pow_ui(mpq_denref(q), 100, (unsigned long)k);
    mpq_canonicalize(q); /* (1 + r)^k */
    mpq_set(pay, q);
    mpq_set_ui(a, 1, 1);
    mpq_sub(pay, pay, a); /* (1 + r)^k - 1 */
    mpq_div(pay, q, pay);  /* 1 / (1 - (1 + r)^-k) */
    mpq_set_ui(a, 1000, 1);
    mpq_mul(pay, pay, a);
    owed_round_decimals(pay, pay, 2, OWED_ROUND_HALF_UP);
    mpq_neg(pay, pay);
    for (int i = 1; i <= k; i++)
        owed_apr_flows_add(f, add_months(d0, i), pay, NULL);
    mpq_clears(a, pay, q, NULL);
    return f;
}

int main(int argc, char **argv)
{
    uint64_t budget = 1000000000u; /* 1 s a size */
    if (argc > 1)
        budget = strtoull(argv[1], NULL, 10) * 1000000u; /* milliseconds */
    static const int sizes[] = {2, 24, 100, 1000};
    printf("%-6s %12s %14s  %s\n", "flows", "solves/s", "CPU us/solve",
           "rate (10 significant digits)");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        owed_apr_flows *f = make_flows(sizes[s]);
        owed_apr_options opt;
        owed_apr_options_init(&opt, OWED_APR_XIRR);
        opt.significant = 10;
        char *rate = NULL;
        uint64_t count = 0, t0 = now_ns(), t1;
        do {
            owed_apr_result *res = NULL;
            owed_error err;
            if (owed_apr_compute(&res, f, &opt, &err) != OWED_OK ||
                owed_apr_result_outcome(res) != OWED_APR_ONE_ROOT) {
                fprintf(stderr, "apr_bench: %d flows: solve failed: %s\n", sizes[s], err.text);
                return 1;
            }
            if (rate == NULL)
                rate = owed_apr_result_percent(res, 0);
            owed_apr_result_free(res);
            count++;
            t1 = now_ns();
        } while (t1 - t0 < budget || count < 5);
        uint64_t ns = t1 - t0;
        uint64_t per_s = count * 1000000000u / ns;
        uint64_t ns_per = ns / count;
        printf("%-6d %12" PRIu64 " %10" PRIu64 ".%03" PRIu64 "  %s%%\n", sizes[s], per_s,
               ns_per / 1000, ns_per % 1000, rate ? rate : "?");
        free(rate);
        owed_apr_flows_free(f);
    }
    return 0;
}
