/* Unit tests of the shortcuts of the annual-rate engine (src/apr_fixed.c, src/apr_words.c),
 * each of which must decide exactly what the longer way decides:
 *  - apr_sign_hint, the signs of F and z F' on machine words: whenever it gives a sign, apr_eval
 *    at the same precision certifies the same one (its enclosure excludes zero on that side);
 *  - apr_rate_of_z_grid: the bounds of apr_rate_of_z rounded outward by owed_round to the grid
 *    1 / H, the same rationals;
 *  - apr_words_settle_one, the printed figure of a rate on machine words: the rounding interval
 *    the mpz path (settle_digits) writes, and the full path's figure.
 * The engine's internal interface (apr_impl.h) is used throughout. */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr.h"
#include "apr_impl.h"

/* ---- helpers ----------------------------------------------------------------------------- */

static owed_date D(const char *s)
{
    owed_date d;
    ck_assert_msg(owed_date_parse(&d, s, NULL, 0, NULL) == OWED_OK, "bad date %s", s);
    return d;
}

static void add(owed_apr_flows *f, const char *date, const char *amount)
{
    mpq_t a;
    mpq_init(a);
    ck_assert_int_eq(owed_decimal_parse(a, amount, -1, "amount", NULL, 0, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_flows_add(f, D(date), a, NULL), OWED_OK);
    mpq_clear(a);
}

/* The equation of the flows f under the options. */
static void equation_of(apr_eq *eq, const owed_apr_flows *f, const owed_apr_options *opt)
{
    apr_built b;
    apr_built_init(&b);
    ck_assert_int_eq(apr_time_build(&b, f, opt, NULL), OWED_OK);
    ck_assert_int_eq(apr_eq_build(eq, &b, NULL), OWED_OK);
    apr_built_clear(&b);
}

/* The equation of `method` for flows given as "date", "amount" pairs, NULL-terminated. */
static void equation(apr_eq *eq, owed_apr_method method, ...)
{
    owed_apr_flows *f = owed_apr_flows_new();
    ck_assert_ptr_nonnull(f);
    va_list ap;
    va_start(ap, method);
    for (const char *d; (d = va_arg(ap, const char *)) != NULL;)
        add(f, d, va_arg(ap, const char *));
    va_end(ap);
    owed_apr_options opt;
    owed_apr_options_init(&opt, method);
    equation_of(eq, f, &opt);
    owed_apr_flows_free(f);
}

/* z = num / den at precision P, rounded down. */
static void z_at(mpz_t Z, mp_bitcnt_t P, unsigned long num, unsigned long den)
{
    mpz_set_ui(Z, num);
    mpz_mul_2exp(Z, Z, P);
    mpz_fdiv_q_ui(Z, Z, den);
}

/* Points from near 0 to above 1, the ends of the intervals tried: z = 1/1000, 1/2, 9/10,
 * 0.99, 0.999, 0.9999, 1 - 2^-P, 1, 1.0001, 1.001, 1.01, 1.1. */
enum { NZ = 12 };
static const unsigned long z_num[NZ] = {1, 1, 9, 99, 999, 9999, 0, 1, 10001, 1001, 101, 11};
static const unsigned long z_den[NZ] = {1000, 2, 10, 100, 1000, 10000, 0, 1,
                                        10000, 1000, 100, 10};

/* Every sign the hint gives is the one apr_eval certifies, for F and for z F', at points and
 * over intervals, at 2 to 6 limbs; returns how many signs the hint gave. */
static long hint_agrees(const apr_eq *eq)
{
    long decided = 0;
    mpz_t Z[NZ], Flo, Fhi, dlo, dhi;
    for (int i = 0; i < NZ; i++)
        mpz_init(Z[i]);
    mpz_inits(Flo, Fhi, dlo, dhi, NULL);
    for (mp_bitcnt_t P = 128; P <= 384; P += 64) {
        apr_ws ws;
        ck_assert_int_eq(apr_ws_init(&ws, eq, P), 0);
        for (int i = 0; i < NZ; i++) {
            if (z_den[i] == 0) { /* 1 - 2^-P */
                mpz_set_ui(Z[i], 0);
                mpz_setbit(Z[i], P);
                mpz_sub_ui(Z[i], Z[i], 1);
            } else {
                z_at(Z[i], P, z_num[i], z_den[i]);
            }
        }
        for (int i = 0; i < NZ; i++)
            for (int j = i; j < NZ && j <= i + 3; j++) {
                int ds = 7;
                int s = apr_sign_hint(eq, P, Z[i], Z[j], &ds);
                apr_eval(&ws, eq, Z[i], Z[j], Flo, Fhi, dlo, dhi);
                ck_assert_msg(s == 0 || (s == 1 && mpz_sgn(Flo) > 0) ||
                                  (s == -1 && mpz_sgn(Fhi) < 0),
                              "F: hint %d, P=%lu z#%d..%d", s, (unsigned long)P, i, j);
                ck_assert_msg(ds == 0 || (ds == 1 && mpz_sgn(dlo) > 0) ||
                                  (ds == -1 && mpz_sgn(dhi) < 0),
                              "z F': hint %d, P=%lu z#%d..%d", ds, (unsigned long)P, i, j);
                ck_assert_int_eq(apr_sign_hint(eq, P, Z[i], Z[j], NULL), s);
                decided += (s != 0) + (ds != 0);
            }
        apr_ws_clear(&ws);
    }
    for (int i = 0; i < NZ; i++)
        mpz_clear(Z[i]);
    mpz_clears(Flo, Fhi, dlo, dhi, NULL);
    return decided;
}

/* ---- apr_sign_hint ------------------------------------------------------------------------- */

/* The batch's usual loan: 2,000 lent, 2,072 repaid 21 days later.  F(z) = 2000 - 2072 z^21: at
 * z = 1/2 it is plainly positive, at z = 1 it is -72, and both ways say so. */
START_TEST(hint_two_flows)
{
    apr_eq eq;
    equation(&eq, OWED_APR_XIRR, "2020-06-24", "2000", "2020-07-15", "-2072", NULL);
    ck_assert_int_gt(hint_agrees(&eq), 0);
    mpz_t Z;
    mpz_init(Z);
    z_at(Z, 192, 1, 2);
    ck_assert_int_eq(apr_sign_hint(&eq, 192, Z, Z, NULL), 1);
    z_at(Z, 192, 1, 1);
    int ds = 0;
    ck_assert_int_eq(apr_sign_hint(&eq, 192, Z, Z, &ds), -1);
    ck_assert_int_eq(ds, -1); /* z F' = -2072 x 21 z^21 */
    mpz_clear(Z);
    apr_eq_clear(&eq);
}
END_TEST

/* Several payments, amounts of several limbs, flows over years (powers that outgrow a word
 * above z = 1, where the hint falls back to coarser grids or to nothing), EU's time measure
 * (a larger D) and two sign changes. */
START_TEST(hint_many_shapes)
{
    apr_eq eq;
    equation(&eq, OWED_APR_XIRR, "2020-01-10", "1000", "2020-01-20", "-300", "2020-01-31",
             "-300.55", "2020-02-10", "-420.10", NULL);
    ck_assert_int_gt(hint_agrees(&eq), 0);
    apr_eq_clear(&eq);
    equation(&eq, OWED_APR_XIRR, "2001-01-15", "123456789012345678901234567890.12",
             "2001-03-01", "-60000000000000000000000000000", "2003-06-30",
             "-70000000000000000000000000000.5", NULL);
    ck_assert_int_gt(eq.max_limbs, 1);
    ck_assert_int_gt(hint_agrees(&eq), 0);
    apr_eq_clear(&eq);
    equation(&eq, OWED_APR_EU, "2019-05-31", "5000", "2019-08-31", "-1800", "2019-11-30", "-1800",
             "2020-02-29", "-1800", NULL);
    ck_assert_int_gt(hint_agrees(&eq), 0);
    apr_eq_clear(&eq);
    equation(&eq, OWED_APR_XIRR, "2018-01-01", "1000", "2018-07-01", "-2300", "2019-01-01",
             "1320", NULL);
    ck_assert_uint_eq(eq.changes, 2);
    ck_assert_int_gt(hint_agrees(&eq), 0);
    apr_eq_clear(&eq);
}
END_TEST

/* ---- apr_rate_of_z_grid ------------------------------------------------------------------- */

static void grid_same(const apr_eq *eq)
{
    mpz_t ZL, ZH, H;
    mpq_t a, b, c, d, h;
    mpz_inits(ZL, ZH, H, NULL);
    mpq_inits(a, b, c, d, h, NULL);
    static const unsigned long pairs[][4] = {
        {999, 1000, 9991, 10000}, {1, 2, 1, 2}, {99, 100, 999, 1000}, {9999, 10000, 1, 1},
        {1, 1, 10001, 10000}, {100001, 100000, 100002, 100000}, {1, 1000, 1, 999}};
    for (mp_bitcnt_t P = 128; P <= 256; P += 64)
        for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
            for (unsigned digits = 2; digits <= 15; digits += 13) {
                z_at(ZL, P, pairs[k][0], pairs[k][1]);
                z_at(ZH, P, pairs[k][2], pairs[k][3]);
                mpz_add_ui(ZH, ZH, k); /* not always a round number */
                mpz_ui_pow_ui(H, 10, digits);
                mpz_mul_ui(H, H, 100000);
                mpq_set_z(h, H);
                mpq_inv(h, h);
                apr_rate_of_z_grid(a, b, eq, ZL, ZH, P, H);
                apr_rate_of_z(c, d, eq, ZL, ZH, P);
                owed_round(c, c, h, OWED_ROUND_FLOOR);
                owed_round(d, d, h, OWED_ROUND_CEILING);
                ck_assert_msg(mpq_equal(a, c) && mpq_equal(b, d), "P=%lu pair %zu digits %u",
                              (unsigned long)P, k, digits);
                ck_assert(mpq_cmp(a, b) <= 0);
            }
    mpz_clears(ZL, ZH, H, NULL);
    mpq_clears(a, b, c, d, h, NULL);
}

START_TEST(grid_compound_and_nominal)
{
    apr_eq eq;
    equation(&eq, OWED_APR_XIRR, "2020-06-24", "2000", "2020-07-15", "-2072", NULL);
    ck_assert(!eq.nominal);
    grid_same(&eq);
    apr_eq_clear(&eq);
    equation(&eq, OWED_APR_PBOC, "2021-01-15", "1000", "2021-02-15", "-510", "2021-03-15", "-510",
             NULL);
    ck_assert(eq.nominal);
    grid_same(&eq);
    apr_eq_clear(&eq);
}
END_TEST

/* ---- apr_words_settle_one ------------------------------------------------------------------ */

#define APR_TEST_ROOTS 16

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void) /* xorshift64*: the same sequence on every machine */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Options of a random method, XIRR or (one time in three) EU, and a random number of
 * decimals (at least 1 for EU, whose figure has one at least); the draws in that order. */
static void random_options(owed_apr_options *opt)
{
    owed_apr_method m = rng() % 3 == 0 ? OWED_APR_EU : OWED_APR_XIRR;
    owed_apr_options_init(opt, m);
    opt->decimals = (int)(rng() % 7);
    if (m == OWED_APR_EU && opt->decimals == 0)
        opt->decimals = 1;
}

/* The rate of f three ways: the full path, digits only with the words and digits only on the
 * mpz path (apr_words_test_off).  The three print the same figure; the words' bracket is the
 * rounding interval the mpz path writes (or, when that path fell back to settle(), holds its
 * narrower bracket).  Returns 1 when the words settled the root themselves (asked directly),
 * 0 when they declined, -1 when the flows have no single root. */
static int words_same(const owed_apr_flows *f, owed_apr_method m, int decimals)
{
    owed_apr_options opt;
    owed_apr_options_init(&opt, m);
    opt.decimals = decimals;
    apr_eq eq;
    equation_of(&eq, f, &opt);
    int S1 = mpz_sgn(eq.sum_a);
    if (eq.changes != 1 || S1 == 0) {
        apr_eq_clear(&eq);
        return -1;
    }
    apr_root direct, lazy;
    mpq_inits(direct.lo, direct.hi, NULL);
    direct.lazy = 0;
    int settled = apr_words_settle_one(&direct, &eq, S1, (unsigned)decimals) == 0;
    /* a lazy root (no numbers for its bracket): the same outcome and figure, and the bracket
     * made from the figure is the one written */
    lazy.lazy = 1;
    ck_assert_int_eq(apr_words_settle_one(&lazy, &eq, S1, (unsigned)decimals) == 0, settled);
    if (settled) {
        ck_assert(lazy.has_figure && direct.has_figure && lazy.figure == direct.figure);
        ck_assert(lazy.decimals == direct.decimals && lazy.exact == direct.exact);
        mpq_t blo, bhi;
        mpq_inits(blo, bhi, NULL);
        apr_root_bracket(blo, bhi, &lazy);
        ck_assert(mpq_equal(blo, direct.lo) && mpq_equal(bhi, direct.hi));
        apr_root_bracket(blo, bhi, &direct);
        ck_assert(mpq_equal(blo, direct.lo) && mpq_equal(bhi, direct.hi));
        mpq_clears(blo, bhi, NULL);
    }
    apr_eq_clear(&eq);

    owed_apr_result *res[3];
    mpq_t lo[3], hi[3];
    char *pct[3];
    int exact = 0;
    for (int k = 0; k < 3; k++) {
        opt.digits_only = k > 0;
        apr_words_test_off = k == 2;
        ck_assert_int_eq(owed_apr_compute(&res[k], f, &opt, NULL), OWED_OK);
        apr_words_test_off = 0;
        ck_assert_int_eq(owed_apr_result_outcome(res[k]), OWED_APR_ONE_ROOT);
        mpq_inits(lo[k], hi[k], NULL);
        exact = owed_apr_result_root(res[k], 0, lo[k], hi[k]);
        pct[k] = owed_apr_result_percent(res[k], 0);
    }
    ck_assert_str_eq(pct[0], pct[1]);
    ck_assert_str_eq(pct[1], pct[2]);
    ck_assert(mpq_cmp(lo[1], lo[2]) <= 0 && mpq_cmp(hi[2], hi[1]) <= 0);
    mpq_t u;
    mpq_init(u);
    mpq_sub(u, hi[2], lo[2]);
    mpz_ui_pow_ui(mpq_denref(lo[0]), 10, (unsigned long)decimals + 2);
    mpz_set_ui(mpq_numref(lo[0]), 1);
    if (mpq_equal(u, lo[0])) /* settle_digits' rounding interval: the same rationals */
        ck_assert(mpq_equal(lo[1], lo[2]) && mpq_equal(hi[1], hi[2]));
    if (settled && !exact) { /* what the words wrote is what the solver kept (a rational root
                              * of two flows is found exactly before) */
        ck_assert(mpq_equal(direct.lo, lo[1]) && mpq_equal(direct.hi, hi[1]));
        ck_assert(!direct.exact && direct.decimals == (unsigned)decimals);
    }
    mpq_clear(u);
    for (int k = 0; k < 3; k++) {
        free(pct[k]);
        mpq_clears(lo[k], hi[k], NULL);
        owed_apr_result_free(res[k]);
    }
    mpq_clears(direct.lo, direct.hi, NULL);
    return settled;
}

static void add_cents(owed_apr_flows *f, owed_date d, int64_t cents, unsigned scale)
{
    mpq_t a;
    mpq_init(a);
    mpz_set_si(mpq_numref(a), (long)cents);
    mpz_mul_2exp(mpq_numref(a), mpq_numref(a), scale); /* large amounts: beyond 62 bits */
    mpz_set_ui(mpq_denref(a), 100);
    mpq_canonicalize(a);
    ck_assert_int_eq(owed_apr_flows_add(f, d, a, NULL), OWED_OK);
    mpq_clear(a);
}

/* Random loans of 2 to 9 flows with one sign change: rates far below zero (most of the
 * money never paid back) to some thousands of per cent, amounts of a few cents to beyond a word,
 * xirr and eu, 0 to 6 decimals: the words settle nearly all of them, below zero and above,
 * and settle them as the mpz path does. */
START_TEST(words_random)
{
    int tried = 0, settled = 0, negative = 0, wide = 0;
    for (int k = 0; k < 1200; k++) {
        owed_apr_flows *f = owed_apr_flows_new();
        int n = 2 + (int)(rng() % 8);
        unsigned scale = rng() % 4 == 0 ? 20 + (unsigned)(rng() % 60) : 0;
        owed_date d = D("2019-01-01") + (owed_date)(rng() % 1500);
        int64_t principal = 100 + (int64_t)(rng() % 50000000);
        add_cents(f, d, principal, scale);
        /* paid back: from a tenth to twice the principal, the first payment after a week
         * or more (rates up to some thousands of per cent) */
        int64_t back = principal / 10 + (int64_t)(rng() % (uint64_t)(2 * principal));
        for (int i = 1; i < n; i++) {
            d += (owed_date)((i == 1 ? 7 : 1) + rng() % (rng() % 2 ? 40 : 300));
            int64_t a = i == n - 1 ? back : (int64_t)(rng() % (uint64_t)(back / 2 + 1));
            back -= i == n - 1 ? 0 : a;
            if (a == 0)
                a = 1;
            add_cents(f, d, -a, scale);
        }
        owed_apr_method m = rng() % 3 == 0 ? OWED_APR_EU : OWED_APR_XIRR;
        int decimals = (int)(rng() % 7);
        if (m == OWED_APR_EU && decimals == 0)
            decimals = 1;
        int r = words_same(f, m, decimals);
        if (r >= 0) {
            tried++;
            settled += r;
            owed_apr_result *res;
            owed_apr_options opt;
            owed_apr_options_init(&opt, m);
            ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
            char *p = owed_apr_result_percent(res, 0);
            negative += r && p[0] == '-';
            wide += r && scale > 0;
            free(p);
            owed_apr_result_free(res);
        }
        owed_apr_flows_free(f);
    }
    ck_assert_int_gt(tried, 1000);
    ck_assert_int_ge(100 * settled, 97 * tried);
    ck_assert_int_gt(negative, 100);
    ck_assert_int_gt(wide, 100);
    if (getenv("APR_WORDS_STATS"))
        fprintf(stderr, "words: %d of %d settled, %d below zero, %d beyond 62 bits\n", settled,
                tried, negative, wide);
}
END_TEST

/* The digits-only xirr figure of f at `decimals` is `want`; f is freed. */
static void figure_is(owed_apr_flows *f, int decimals, const char *want)
{
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    opt.decimals = decimals;
    opt.digits_only = 1;
    owed_apr_result *res = NULL;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    char *p = owed_apr_result_percent(res, 0);
    ck_assert_str_eq(p, want);
    free(p);
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}

/* A root on a rounding boundary: 100 received, 10 paid a year later and 111.0525 two years
 * later have the rate 10.5 % exactly (xirr, whole years of 365 days); at 0 decimals the words
 * find the boundary between their bounds and leave it to the mpz path, which proves the root
 * is the boundary itself.  A ten-thousandth either way moves the root by about 6 10^-7: the
 * words settle those, to 10 % and 11 %. */
START_TEST(words_boundary)
{
    static const struct {
        const char *last, *want;
        int settled;
    } cases[] = {{"-111.0525", "11", 0}, {"-111.0524", "10", 1}, {"-111.0526", "11", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        owed_apr_flows *f = owed_apr_flows_new();
        add(f, "2021-01-01", "100");
        add(f, "2022-01-01", "-10");
        add(f, "2023-01-01", cases[i].last);
        ck_assert_int_eq(words_same(f, OWED_APR_XIRR, 0), cases[i].settled);
        figure_is(f, 0, cases[i].want);
    }
}
END_TEST

/* The two roots of 2,000 received, 2,072 paid 20 days later and 2 received back 371 days
 * after the start (a batch loan), -99.748086 % and 88.870356 % (xirr, 6 decimals), settled
 * in brackets on which F is monotone, as solve_isolate hands them over: below z = 1, holding
 * it, and above it (the rate below zero).  The words write each root's rounding interval. */
START_TEST(words_bracket)
{
    apr_eq eq;
    equation(&eq, OWED_APR_XIRR, "2020-01-01", "2000", "2020-01-21", "-2072", "2021-01-06", "2",
             NULL);
    ck_assert_uint_eq(eq.changes, 2);
    static const struct {
        long rn_a, rd_a, rn_b, rd_b; /* the bracket's ends as rates: Za = z(a) > Zb = z(b) */
        long lo, hi;                 /* the rounding interval, over 200,000,000 */
    } cases[] = {{2, 1, 1, 2, 177740711, 177740713},
                 {2, 1, -1, 2, 177740711, 177740713},
                 {-99, 100, -999, 1000, -199496173, -199496171}};
    mp_bitcnt_t P = 128;
    mpz_t ZL, ZH, Za, Zb;
    mpq_t R;
    apr_root r;
    mpz_inits(ZL, ZH, Za, Zb, NULL);
    mpq_init(R);
    mpq_inits(r.lo, r.hi, NULL);
    r.lazy = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        mpq_set_si(R, cases[i].rn_a, (unsigned long)cases[i].rd_a);
        ck_assert_int_eq(apr_z_of_rate(ZL, ZH, &eq, R, P, NULL), 0);
        mpz_set(Za, ZL);
        mpq_set_si(R, cases[i].rn_b, (unsigned long)cases[i].rd_b);
        ck_assert_int_eq(apr_z_of_rate(ZL, ZH, &eq, R, P, NULL), 0);
        mpz_set(Zb, ZH);
        int sa = apr_sign_hint(&eq, P, Za, Za, NULL);
        ck_assert_int_ne(sa, 0);
        ck_assert_int_eq(apr_words_settle_bracket(&r, &eq, Za, Zb, P, sa, 6), 0);
        ck_assert(!r.exact && r.decimals == 6);
        mpq_set_si(R, cases[i].lo, 200000000);
        ck_assert_msg(mpq_equal(r.lo, R), "case %zu", i);
        mpq_set_si(R, cases[i].hi, 200000000);
        ck_assert_msg(mpq_equal(r.hi, R), "case %zu", i);
    }
    /* between 200 % and 300 % there is no root: nothing can be certified there */
    mpq_set_si(R, 3, 1);
    ck_assert_int_eq(apr_z_of_rate(Za, ZH, &eq, R, P, NULL), 0);
    mpq_set_si(R, 2, 1);
    ck_assert_int_eq(apr_z_of_rate(ZL, Zb, &eq, R, P, NULL), 0);
    int sa = apr_sign_hint(&eq, P, Za, Za, NULL);
    ck_assert_int_ne(sa, 0);
    ck_assert_int_eq(apr_words_settle_bracket(&r, &eq, Za, Zb, P, sa, 6), 1);
    mpz_clears(ZL, ZH, Za, Zb, NULL);
    mpq_clear(R);
    mpq_clears(r.lo, r.hi, NULL);
    apr_eq_clear(&eq);
}
END_TEST

/* Random loans whose signs change two to four times (money lent, paid back, part of it
 * refunded or lent again), xirr and eu, 0 to 6 decimals: the roots the words isolate and
 * settle are those of the mpz search (apr_words_test_off) and of the full path, with the same
 * outcome, figures and rounding intervals; and the words decide nearly all of the loans
 * themselves (asked directly, over the default range at 128 bits). */
START_TEST(words_several)
{
    int tried = 0, decided = 0, roots = 0;
    mpq_t R, l1, h1, l2, h2, u;
    mpz_t zA, zB, t;
    mpq_inits(R, l1, h1, l2, h2, u, NULL);
    mpz_inits(zA, zB, t, NULL);
    for (int k = 0; k < 600; k++) {
        owed_apr_flows *f = owed_apr_flows_new();
        owed_date d = D("2019-01-01") + (owed_date)(rng() % 1500);
        int64_t principal = 1000 + (int64_t)(rng() % 5000000);
        add_cents(f, d, principal, 0);
        int n = 3 + (int)(rng() % 6);
        for (int i = 1; i < n; i++) {
            d += (owed_date)(1 + rng() % (rng() % 2 ? 40 : 400));
            int64_t a = principal / (n - 1) + (int64_t)(rng() % (uint64_t)(principal / 3 + 1));
            int positive = i == n - 1 ? rng() % 4 != 0 : rng() % 6 == 0;
            add_cents(f, d, positive ? a / (1 + (int64_t)(rng() % 40)) + 1 : -a, 0);
        }
        owed_apr_options opt;
        random_options(&opt);
        apr_eq eq;
        equation_of(&eq, f, &opt);
        if (eq.changes < 2) {
            apr_eq_clear(&eq);
            owed_apr_flows_free(f);
            continue;
        }
        tried++;
        /* directly: the default range, -99.99 % to 1,000,000 %, at 128 bits */
        mpq_set_ui(R, 10000, 1);
        ck_assert_int_eq(apr_z_of_rate(zA, t, &eq, R, 128, NULL), 0);
        mpq_set_si(R, -9999, 10000);
        ck_assert_int_eq(apr_z_of_rate(t, zB, &eq, R, 128, NULL), 0);
        apr_root w[APR_TEST_ROOTS];
        for (int i = 0; i < APR_TEST_ROOTS; i++) {
            mpq_inits(w[i].lo, w[i].hi, NULL);
            w[i].lazy = 0;
        }
        size_t nw = 0;
        if (eq.changes <= APR_TEST_ROOTS &&
            apr_words_isolate(w, eq.changes, &nw, &eq, zA, zB, 128, (unsigned)opt.decimals,
                              100000) == 0)
            decided++;
        for (int i = 0; i < APR_TEST_ROOTS; i++)
            mpq_clears(w[i].lo, w[i].hi, NULL);
        apr_eq_clear(&eq);
        /* through the solver: words, mpz search, full path */
        owed_apr_result *res[3];
        for (int i = 0; i < 3; i++) {
            opt.digits_only = i < 2;
            apr_words_test_off = i == 1;
            ck_assert_int_eq(owed_apr_compute(&res[i], f, &opt, NULL), OWED_OK);
            apr_words_test_off = 0;
        }
        owed_apr_outcome o = owed_apr_result_outcome(res[0]);
        ck_assert_int_eq(o, owed_apr_result_outcome(res[1]));
        ck_assert_int_eq(o, owed_apr_result_outcome(res[2]));
        size_t nr = owed_apr_result_root_count(res[0]);
        ck_assert_uint_eq(nr, owed_apr_result_root_count(res[1]));
        ck_assert_uint_eq(nr, owed_apr_result_root_count(res[2]));
        for (size_t i = 0; i < nr; i++) {
            char *p0 = owed_apr_result_percent(res[0], i), *p1 = owed_apr_result_percent(res[1], i),
                 *p2 = owed_apr_result_percent(res[2], i);
            ck_assert_str_eq(p0, p1);
            ck_assert_str_eq(p0, p2);
            free(p0);
            free(p1);
            free(p2);
            int x1 = owed_apr_result_root(res[0], i, l1, h1);
            int x2 = owed_apr_result_root(res[1], i, l2, h2);
            ck_assert_int_eq(x1, x2);
            mpq_sub(u, h2, l2);
            mpz_ui_pow_ui(mpq_denref(R), 10, (unsigned long)opt.decimals + 2);
            mpz_set_ui(mpq_numref(R), 1);
            if (mpq_equal(u, R)) /* settle_digits' rounding interval: the same rationals */
                ck_assert(mpq_equal(l1, l2) && mpq_equal(h1, h2));
            roots++;
        }
        for (int i = 0; i < 3; i++)
            owed_apr_result_free(res[i]);
        owed_apr_flows_free(f);
    }
    ck_assert_int_gt(tried, 300);
    ck_assert_int_gt(roots, 200);
    ck_assert_int_ge(100 * decided, 95 * tried);
    if (getenv("APR_WORDS_STATS"))
        fprintf(stderr, "words: %d of %d loans with several sign changes decided, %d roots\n",
                decided, tried, roots);
    mpq_clears(R, l1, h1, l2, h2, u, NULL);
    mpz_clears(zA, zB, t, NULL);
}
END_TEST

/* Two computations of one rate (st their statuses) alike: the same status, and when it is
 * OWED_OK the same outcome and the same printed figures of the same number of roots, which
 * it returns (0 for a failure).  Frees both results. */
static size_t results_same(owed_apr_result *res[2], const owed_status st[2])
{
    size_t nr = 0;
    ck_assert_int_eq(st[0], st[1]);
    if (st[0] == OWED_OK) {
        ck_assert_int_eq(owed_apr_result_outcome(res[0]), owed_apr_result_outcome(res[1]));
        nr = owed_apr_result_root_count(res[0]);
        ck_assert_uint_eq(nr, owed_apr_result_root_count(res[1]));
        for (size_t i = 0; i < nr; i++) {
            char *p0 = owed_apr_result_percent(res[0], i);
            char *p1 = owed_apr_result_percent(res[1], i);
            ck_assert_str_eq(p0, p1);
            free(p0);
            free(p1);
        }
    }
    owed_apr_result_free(res[0]);
    owed_apr_result_free(res[1]);
    return nr;
}

/* Loans whose signs change twice and whose amounts sum to the other sign than the first
 * flow's (lent, paid back with more, a part of the excess refunded): one root below z = 1 and
 * one above it, which the words find from the signs at the range's ends
 * (w_isolate_two_changes).  Over ranges that hold both roots, one or none, and that end
 * close to a root, digits only with the words gives the outcome, roots and figures of the mpz
 * search (apr_words_test_off), and every case occurs. */
START_TEST(words_two_changes_ranges)
{
    static const char *const ends[] = {"-9999/10000", "-99/100", "-9/10", "-1/2", "0",
                                       "1/20",        "1/2",     "1",    "10",   "10000"};
    size_t n_ends = sizeof ends / sizeof *ends;
    int tried = 0, count[3] = {0, 0, 0};
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    for (int k = 0; k < 600; k++) {
        owed_apr_flows *f = owed_apr_flows_new();
        owed_date d = D("2019-01-01") + (owed_date)(rng() % 1500);
        int64_t principal = 1000 + (int64_t)(rng() % 5000000), paid = 0;
        add_cents(f, d, -principal, 0);
        int n = 1 + (int)(rng() % 4);
        for (int i = 0; i < n; i++) {
            d += (owed_date)(1 + rng() % 200);
            int64_t a = principal / n + (int64_t)(rng() % (uint64_t)(principal / 2 + 1));
            add_cents(f, d, a, 0);
            paid += a;
        }
        if (paid - principal < 2) {
            owed_apr_flows_free(f);
            continue;
        }
        d += (owed_date)(rng() % 100);
        add_cents(f, d, -(1 + (int64_t)(rng() % (uint64_t)(paid - principal - 1))), 0);
        owed_apr_options opt;
        random_options(&opt);
        opt.digits_only = 1;
        size_t a = (size_t)(rng() % (n_ends - 1));
        size_t b = a + 1 + (size_t)(rng() % (n_ends - 1 - a));
        ck_assert_int_eq(mpq_set_str(lo, ends[a], 10), 0);
        ck_assert_int_eq(mpq_set_str(hi, ends[b], 10), 0);
        if (rng() % 2) { /* an end close to the figure of a root, to cut the range there */
            owed_apr_result *full;
            if (owed_apr_compute(&full, f, &opt, NULL) == OWED_OK &&
                owed_apr_result_root_count(full) > 0) {
                mpq_t l, h;
                mpq_inits(l, h, NULL);
                owed_apr_result_root(full, rng() % owed_apr_result_root_count(full), l, h);
                if (mpq_cmp(l, lo) > 0 && mpq_cmp(h, hi) < 0)
                    mpq_set(rng() % 2 ? lo : hi, rng() % 2 ? l : h);
                mpq_clears(l, h, NULL);
            }
            owed_apr_result_free(full);
        }
        opt.range_lo = lo;
        opt.range_hi = hi;
        owed_apr_result *res[2];
        owed_status st[2];
        for (int i = 0; i < 2; i++) {
            apr_words_test_off = i;
            res[i] = NULL;
            st[i] = owed_apr_compute(&res[i], f, &opt, NULL);
            apr_words_test_off = 0;
        }
        size_t nr = results_same(res, st);
        if (st[0] == OWED_OK) {
            tried++;
            ck_assert_uint_le(nr, 2);
            count[nr]++;
        }
        owed_apr_flows_free(f);
    }
    ck_assert_int_gt(tried, 300);
    ck_assert_int_gt(count[0], 10);
    ck_assert_int_gt(count[1], 10);
    ck_assert_int_gt(count[2], 10);
    mpq_clears(lo, hi, NULL);
}
END_TEST

/* Figures from the words' rounding interval (apr_root.figure) written as the midpoint of a
 * bracket is: 1,000 received and 999.99 or 1,000.01 paid a year later are -0.001 % and
 * 0.001 % (xirr, whole years of 365 days); at 2 decimals both are "0.00", with no sign. */
START_TEST(words_figures)
{
    static const struct {
        const char *paid;
        int decimals;
        const char *want;
    } cases[] = {{"-999.99", 2, "0.00"},     {"-1000.01", 2, "0.00"},
                 {"-999.99", 6, "-0.001000"}, {"-1000.01", 6, "0.001000"},
                 {"-999.99", 0, "0"},         {"-1100", 1, "10.0"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        owed_apr_flows *f = owed_apr_flows_new();
        add(f, "2021-01-01", "1000");
        add(f, "2022-01-01", cases[i].paid);
        ck_assert_int_ne(words_same(f, OWED_APR_XIRR, cases[i].decimals), -1);
        figure_is(f, cases[i].decimals, cases[i].want);
    }
}
END_TEST

/* ---- the net amounts of dates with several flows (apr_time.c) ---------------------------- */

/* Several flows on a date are summed in words when their numerators and denominators fit
 * (apr_time.c, sum_in_words), else with GMP: either way the net amount is mpq_add's sum, in
 * lowest terms.  Random dates of 1 to 5 flows over denominators of cents, days, primes, 2^62
 * and beyond a word, numerators up to 2^63, sums that cancel to 0 (the date left out), the
 * flows added in date order (merged as they are read) or shuffled (sorted first). */
START_TEST(net_amounts)
{
    static const char *const dens[] = {"1", "100", "3", "7", "365", "36500", "4611686018427387904",
                                       "18446744073709551617", "9999999967", "36524"};
    mpq_t a, view; /* view: apr_built_amount's, never initialised nor cleared */
    mpq_init(a);
    int words = 0, unsorted = 0;
    for (int k = 0; k < 400; k++) {
        owed_apr_flows *f = owed_apr_flows_new();
        int ndates = 2 + (int)(rng() % 4);
        mpq_t want[6], flow[30];
        owed_date flow_date[30];
        int nflows = 0;
        for (int di = 0; di < ndates; di++) {
            mpq_init(want[di]);
            int nf = 1 + (int)(rng() % 5);
            int cancel = rng() % 8 == 0;
            for (int fi = 0; fi < nf; fi++) {
                if (cancel && fi == nf - 1) {
                    mpq_neg(a, want[di]); /* the date's flows sum to zero */
                } else {
                    uint64_t num = rng() >> (rng() % 64);
                    mpz_set_ui(mpq_numref(a), (unsigned long)num);
                    if (rng() % 2)
                        mpz_neg(mpq_numref(a), mpq_numref(a));
                    mpz_set_str(mpq_denref(a), dens[rng() % (sizeof dens / sizeof *dens)], 10);
                    mpq_canonicalize(a);
                }
                mpq_add(want[di], want[di], a);
                mpq_init(flow[nflows]);
                mpq_set(flow[nflows], a);
                flow_date[nflows++] = (owed_date)(18000 + 30 * di);
                words += nf > 1 && mpz_size(mpq_numref(a)) <= 1 && mpz_size(mpq_denref(a)) == 1;
            }
        }
        /* added in date order, or one time in two shuffled (the merge's two ways) */
        int shuffle = rng() % 2;
        for (int fi = 0; shuffle && fi + 1 < nflows; fi++) {
            int fj = fi + (int)(rng() % (uint64_t)(nflows - fi));
            mpq_swap(flow[fi], flow[fj]);
            owed_date t = flow_date[fi];
            flow_date[fi] = flow_date[fj];
            flow_date[fj] = t;
        }
        for (int fi = 0; fi < nflows; fi++) {
            unsorted += fi > 0 && flow_date[fi] < flow_date[fi - 1];
            ck_assert_int_eq(owed_apr_flows_add(f, flow_date[fi], flow[fi], NULL), OWED_OK);
            mpq_clear(flow[fi]);
        }
        owed_apr_options opt;
        owed_apr_options_init(&opt, OWED_APR_XIRR);
        apr_built b;
        apr_built_init(&b);
        owed_status st = apr_time_build(&b, f, &opt, NULL);
        size_t t = 0;
        for (int di = 0; di < ndates; di++) {
            if (mpq_sgn(want[di]) == 0)
                continue; /* a date whose flows cancel carries no term */
            if (st == OWED_OK) {
                ck_assert_uint_lt(t, b.n);
                ck_assert_int_eq(b.raw[t].date, 18000 + 30 * di);
                ck_assert(mpq_equal(apr_built_amount(view, &b, t), want[di]));
            }
            t++;
        }
        if (st == OWED_OK)
            ck_assert_uint_eq(t, b.n);
        else
            ck_assert_uint_lt(t, 2); /* fewer than two dates left */
        apr_built_clear(&b);
        for (int di = 0; di < ndates; di++)
            mpq_clear(want[di]);
        owed_apr_flows_free(f);
    }
    ck_assert_int_gt(words, 200);
    ck_assert_int_gt(unsorted, 150);
    mpq_clear(a);
}
END_TEST

/* ---- the equation's one pass (apr_fixed.c) ---------------------------------------------- */

/* Two equations of one built alike in every field the solvers read, once completed. */
static void eq_same(apr_eq *a, apr_eq *b)
{
    apr_eq_complete(a);
    apr_eq_complete(b);
    ck_assert_uint_eq(a->n, b->n);
    ck_assert_int_eq(a->nominal, b->nominal);
    ck_assert_uint_eq(a->D, b->D);
    ck_assert_int_eq(a->has_frac, b->has_frac);
    ck_assert_uint_eq(a->changes, b->changes);
    ck_assert_int_eq(a->first_sign, b->first_sign);
    ck_assert_uint_eq(a->max_expo, b->max_expo);
    ck_assert_int_eq((int)a->max_limbs, (int)b->max_limbs);
    ck_assert_int_eq(mpz_cmp(a->sum_a, b->sum_a), 0);
    ck_assert_int_eq(mpz_cmp(a->sum_an, b->sum_an), 0);
    ck_assert_uint_eq(a->ngaps, b->ngaps);
    for (size_t g = 0; g < a->ngaps; g++)
        ck_assert_uint_eq(a->gaps[g], b->gaps[g]);
    for (size_t k = 0; k < a->n; k++) {
        const apr_term *x = &a->t[k], *y = &b->t[k];
        ck_assert_int_eq(x->sign, y->sign);
        ck_assert_uint_eq(x->expo, y->expo);
        ck_assert_uint_eq(x->fnum, y->fnum);
        ck_assert_uint_eq(x->fden, y->fden);
        ck_assert_uint_eq(x->gap, y->gap);
        ck_assert_int_eq((int)x->aln, (int)y->aln);
        ck_assert_int_eq((int)x->dln, (int)y->dln);
        ck_assert_int_eq(mpz_cmp(x->amag, y->amag), 0);
        ck_assert_int_eq(mpz_cmp(x->anmag, y->anmag), 0);
        ck_assert_int_eq(mpn_cmp(x->al, y->al, x->aln), 0);
    }
}

/* apr_eq_build_lazy makes terms of a limb over a limb in strictly increasing time (XIRR's of
 * amounts in cents) in one pass: the equation of its general path (apr_eq_test_general),
 * field by field, and the figure of the whole path the same as that of the general equation
 * solved by the mpz search alone.  Random loans of 2 to 9 flows, added out of date order,
 * some on one date, amounts of cents, of thirds, and beyond a word, under XIRR, EU and Reg Z:
 * both paths occur. */
START_TEST(eq_one_pass)
{
    static const owed_apr_method methods[] = {OWED_APR_XIRR, OWED_APR_XIRR, OWED_APR_EU,
                                              OWED_APR_REGZ};
    int ordered = 0, general = 0, figures = 0;
    for (int k = 0; k < 500; k++) {
        owed_apr_flows *f = owed_apr_flows_new();
        owed_date d0 = D("2019-01-01") + (owed_date)(rng() % 1500);
        int n = 2 + (int)(rng() % 8);
        int64_t principal = 100 + (int64_t)(rng() % 5000000);
        unsigned scale = rng() % 6 == 0 ? 70 : 0;
        int thirds = rng() % 6 == 0;
        add_cents(f, d0 + (owed_date)(rng() % 3), -principal, scale);
        for (int i = 1; i < n; i++) {
            int64_t a = principal / n + (int64_t)(rng() % (uint64_t)(principal / 2 + 1));
            if (rng() % 8 == 0)
                a = -a;
            owed_date d = d0 + (owed_date)(rng() % 400);
            if (thirds && i == 1) {
                mpq_t q;
                mpq_init(q);
                mpq_set_si(q, (long)a, 3);
                ck_assert_int_eq(owed_apr_flows_add(f, d, q, NULL), OWED_OK);
                mpq_clear(q);
            } else {
                add_cents(f, d, a, scale);
            }
        }
        owed_apr_options opt;
        owed_apr_options_init(&opt, methods[rng() % (sizeof methods / sizeof *methods)]);
        opt.decimals = 1 + (int)(rng() % 6);
        apr_built b;
        apr_built_init(&b);
        if (apr_time_build(&b, f, &opt, NULL) == OWED_OK) {
            int one_pass = 1;
            for (size_t i = 0; i < b.n; i++)
                if (b.raw[i].num_n != 1 || b.raw[i].den_n != 1 || b.raw[i].fnum != 0 ||
                    (i > 0 && b.raw[i - 1].expo >= b.raw[i].expo))
                    one_pass = 0;
            ordered += one_pass;
            general += !one_pass;
            apr_eq *e[2];
            for (int i = 0; i < 2; i++) {
                e[i] = malloc(sizeof *e[i]);
                ck_assert_ptr_nonnull(e[i]);
                apr_eq_test_general = i;
                ck_assert_int_eq(apr_eq_build_lazy(e[i], &b, NULL), OWED_OK);
                apr_eq_test_general = 0;
            }
            eq_same(e[0], e[1]);
            for (int i = 0; i < 2; i++) {
                apr_eq_clear(e[i]);
                free(e[i]);
            }
        }
        apr_built_clear(&b);
        /* the figure: the one pass with the words, digits only, and the general equation on
         * the mpz search alone */
        owed_apr_result *res[2];
        owed_status st[2];
        for (int i = 0; i < 2; i++) {
            apr_eq_test_general = i;
            apr_words_test_off = i;
            opt.digits_only = i == 0;
            res[i] = NULL;
            st[i] = owed_apr_compute(&res[i], f, &opt, NULL);
            apr_words_test_off = 0;
            apr_eq_test_general = 0;
        }
        figures += (int)results_same(res, st);
        owed_apr_flows_free(f);
    }
    ck_assert_int_gt(ordered, 200);
    ck_assert_int_gt(general, 100);
    ck_assert_int_gt(figures, 300);
}
END_TEST

static Suite *apr_hint_suite(void)
{
    Suite *s = suite_create("apr_hint");
    TCase *t = tcase_create("core");
    tcase_add_test(t, hint_two_flows);
    tcase_add_test(t, hint_many_shapes);
    tcase_add_test(t, grid_compound_and_nominal);
    tcase_add_test(t, words_random);
    tcase_add_test(t, words_boundary);
    tcase_add_test(t, words_bracket);
    tcase_add_test(t, words_several);
    tcase_add_test(t, words_figures);
    tcase_add_test(t, net_amounts);
    tcase_add_test(t, words_two_changes_ranges);
    tcase_add_test(t, eq_one_pass);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(apr_hint_suite());
    srunner_run_all(r, CK_ENV);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
