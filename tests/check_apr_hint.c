/* Unit tests of two shortcuts of the annual-rate engine (src/apr_fixed.c), each of which must
 * decide exactly what the longer way decides:
 *  - apr_sign_hint, the signs of F and z F' on machine words: whenever it gives a sign, apr_eval
 *    at the same precision certifies the same one (its enclosure excludes zero on that side);
 *  - apr_rate_of_z_grid: the bounds of apr_rate_of_z rounded outward by owed_round to the grid
 *    1 / H, the same rationals.
 * The engine's internal interface (apr_impl.h) is used throughout. */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
    apr_built b;
    apr_built_init(&b);
    ck_assert_int_eq(apr_time_build(&b, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(apr_eq_build(eq, &b, NULL), OWED_OK);
    apr_built_clear(&b);
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

static Suite *apr_hint_suite(void)
{
    Suite *s = suite_create("apr_hint");
    TCase *t = tcase_create("core");
    tcase_add_test(t, hint_two_flows);
    tcase_add_test(t, hint_many_shapes);
    tcase_add_test(t, grid_compound_and_nominal);
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
