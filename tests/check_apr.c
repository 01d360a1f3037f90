/* Unit tests of the annual-rate engine (src/apr*.c) with every published vector of the law
 * brief (shared/law/uk-us-jp-eu.md sections 1.2, 2.2, 4.1, 5, 6; cn.md section 4; addendum
 * 5.2).  Flows are in the borrower's view: positive received, negative paid.  The engine's
 * internal interface (apr_impl.h) is used only to compare its two ways of evaluating. */
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

static void add(owed_apr_flows *f, owed_date d, const char *amount)
{
    mpq_t a;
    mpq_init(a);
    ck_assert_int_eq(owed_decimal_parse(a, amount, -1, "amount", NULL, 0, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_flows_add(f, d, a, NULL), OWED_OK);
    mpq_clear(a);
}

static owed_date plus_months(owed_date d, int k)
{
    int y, m, dd;
    owed_date_to_ymd(d, &y, &m, &dd);
    int mm = y * 12 + (m - 1) + k;
    int ny = mm / 12, nm = mm % 12 + 1;
    int dim = owed_days_in_month(ny, nm);
    return owed_date_from_ymd(ny, nm, dd > dim ? dim : dd);
}

/* count flows of `amount`, the first on `first`, every `months` months or `days` days */
static void series(owed_apr_flows *f, const char *first, int count, int months, int days,
                   const char *amount)
{
    owed_date d0 = D(first);
    for (int k = 0; k < count; k++)
        add(f, months ? plus_months(d0, k * months) : d0 + k * days, amount);
}

static owed_apr_flows *flows_of(const char *first, ...)
{
    owed_apr_flows *f = owed_apr_flows_new();
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
        ck_assert_int_eq(owed_apr_flows_parse(f, s, ':', NULL, 0, NULL), OWED_OK);
    va_end(ap);
    return f;
}

/* Number of roots whose digits-only bracket is the rounding interval of the figure (the fast
 * path settled it) and of roots compared, over the whole run (see same_digits). */
static size_t digits_fast, digits_roots;

/* Roots whose figure owed_apr_result_percent_to wrote (the rest fall back to
 * owed_apr_result_percent), over the whole run. */
static size_t text_to_written;

/* owed_apr_result_percent_to writes root i's text `want` (owed_apr_result_percent's) or
 * nothing: in a room of its size, and nothing in a room a byte short. */
static void same_text_to(const owed_apr_result *res, size_t i, const char *want)
{
    char buf[64];
    memset(buf, 'x', sizeof buf);
    size_t n = owed_apr_result_percent_to(res, i, buf, sizeof buf);
    if (n == 0) {
        ck_assert_int_eq(buf[0], 'x');
        return;
    }
    ck_assert_str_eq(buf, want);
    ck_assert_uint_eq(n, strlen(want));
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(owed_apr_result_percent_to(res, i, buf, n + 1), n);
    ck_assert_str_eq(buf, want);
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(owed_apr_result_percent_to(res, i, buf, n), 0);
    ck_assert_int_eq(buf[0], 'x');
    text_to_written++;
}

/* The result of the flows under opt with digits_only off and on: the same status and error,
 * outcome, roots, exactness, decimals and printed figures; each digits-only bracket holds the
 * full one.  Returns the number of roots. */
static size_t same_digits(const owed_apr_flows *f, const owed_apr_options *opt)
{
    owed_apr_options o1 = *opt, o2 = *opt;
    o1.digits_only = 0;
    o2.digits_only = 1;
    owed_apr_result *full = NULL, *fast = NULL;
    owed_error e1, e2;
    owed_error_clear(&e1);
    owed_error_clear(&e2);
    owed_status s1 = owed_apr_compute(&full, f, &o1, &e1);
    owed_status s2 = owed_apr_compute(&fast, f, &o2, &e2);
    ck_assert_int_eq(s1, s2);
    if (s1 != OWED_OK) {
        ck_assert_str_eq(e1.text, e2.text);
        return 0;
    }
    ck_assert_int_eq(owed_apr_result_outcome(full), owed_apr_result_outcome(fast));
    ck_assert_uint_eq(owed_apr_result_decimals(full), owed_apr_result_decimals(fast));
    size_t n = owed_apr_result_root_count(full);
    ck_assert_uint_eq(n, owed_apr_result_root_count(fast));
    mpq_t l1, h1, l2, h2, u;
    mpq_inits(l1, h1, l2, h2, u, NULL);
    for (size_t i = 0; i < n; i++) {
        int x1 = owed_apr_result_root(full, i, l1, h1);
        int x2 = owed_apr_result_root(fast, i, l2, h2);
        char *p1 = owed_apr_result_percent(full, i);
        char *p2 = owed_apr_result_percent(fast, i);
        ck_assert_msg(strcmp(p1, p2) == 0, "root %zu: full %s%%, digits only %s%%", i, p1, p2);
        same_text_to(full, i, p1);
        same_text_to(fast, i, p2);
        free(p1);
        free(p2);
        ck_assert_int_eq(x1, x2);
        ck_assert(mpq_cmp(l2, l1) <= 0 && mpq_cmp(h1, h2) <= 0);
        digits_roots++;
        /* the rounding interval: 10^-(decimals + 2) wide */
        mpq_sub(u, h2, l2);
        mpz_ui_pow_ui(mpq_denref(l1), 10, owed_apr_result_decimals(fast) + 2);
        mpz_set_ui(mpq_numref(l1), 1);
        if (!x2 && mpq_equal(u, l1))
            digits_fast++;
    }
    mpq_clears(l1, h1, l2, h2, u, NULL);
    owed_apr_result_free(full);
    owed_apr_result_free(fast);
    return n;
}

/* The percent figure of the single root, `decimals` < 0 for the method default. */
static char *rate_opt(owed_apr_flows *f, const owed_apr_options *opt)
{
    if (opt->significant == 0)
        same_digits(f, opt); /* the digits-only path prints the same figure */
    owed_apr_result *res = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_apr_compute(&res, f, opt, &err);
    ck_assert_msg(st == OWED_OK, "compute failed: %s", err.text);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_ONE_ROOT);
    ck_assert_uint_eq(owed_apr_result_root_count(res), 1);
    /* the bracket is proven: lo <= hi and both round to the figure */
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    int exact = owed_apr_result_root(res, 0, lo, hi);
    ck_assert(exact ? mpq_equal(lo, hi) : mpq_cmp(lo, hi) < 0);
    mpq_clears(lo, hi, NULL);
    char *s = owed_apr_result_percent(res, 0);
    owed_apr_result_free(res);
    return s;
}

static void expect(owed_apr_flows *f, owed_apr_method m, int decimals, const char *want)
{
    owed_apr_options opt;
    owed_apr_options_init(&opt, m);
    opt.decimals = decimals;
    char *s = rate_opt(f, &opt);
    ck_assert_msg(strcmp(s, want) == 0, "%s: got %s%%, want %s%%", owed_apr_method_name(m), s,
                  want);
    free(s);
}

/* ---- Regulation Z, Appendix J (c): all 17 examples, 2 decimals ----------------------------- */

START_TEST(regz_c1i)
{
    owed_apr_flows *f = flows_of("1978-01-10:5000", NULL);
    series(f, "1978-02-10", 24, 1, 0, "-230");
    expect(f, OWED_APR_REGZ, 2, "9.69");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c1ii)
{
    owed_apr_flows *f = flows_of("1978-02-10:6000", NULL);
    series(f, "1978-04-01", 36, 1, 0, "-200");
    expect(f, OWED_APR_REGZ, 2, "11.82");
    /* the long first period: t = 1, f = 19/30 */
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    const char *text;
    owed_apr_result_term(res, 1, NULL, NULL, NULL, &text);
    ck_assert_str_eq(text, "t=1 f=19/30");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c1iii)
{
    owed_apr_flows *f = flows_of("1978-02-23:5000", NULL);
    owed_date d = D("1978-03-01");
    for (int k = 0; k < 12; k++) {
        add(f, plus_months(d, k), "-219.17");
        add(f, plus_months(d, k) + 15, "-219.17");
    }
    expect(f, OWED_APR_REGZ, 2, "10.34");
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    const char *text;
    owed_apr_result_term(res, 1, NULL, NULL, NULL, &text);
    ck_assert_str_eq(text, "t=0 f=6/15");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c1iv)
{
    owed_apr_flows *f = flows_of("1978-05-23:10000", NULL);
    series(f, "1978-10-01", 40, 3, 0, "-385");
    expect(f, OWED_APR_REGZ, 2, "8.97");
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    const char *text;
    owed_apr_result_term(res, 1, NULL, NULL, NULL, &text);
    ck_assert_str_eq(text, "t=1 f=39/90");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c1v)
{
    owed_apr_flows *f = flows_of("1978-03-20:500", NULL);
    series(f, "1978-04-21", 30, 0, 7, "-17.60");
    expect(f, OWED_APR_REGZ, 2, "14.96");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c2i)
{
    owed_apr_flows *f = flows_of("1978-01-10:5000", "1978-02-10:-250", NULL);
    series(f, "1978-03-10", 23, 1, 0, "-230");
    expect(f, OWED_APR_REGZ, 2, "10.08");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c2ii)
{
    owed_apr_flows *f = flows_of("1978-03-18:400", "1978-04-20:-39.50", NULL);
    series(f, "1978-05-18", 11, 0, 28, "-38.31");
    expect(f, OWED_APR_REGZ, 2, "28.50");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c3i)
{
    owed_apr_flows *f = flows_of("1978-01-10:5000", NULL);
    series(f, "1978-02-10", 23, 1, 0, "-230");
    add(f, D("1980-01-10"), "-280");
    expect(f, OWED_APR_REGZ, 2, "10.50");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c3ii)
{
    owed_apr_flows *f = flows_of("1978-04-03:200", NULL);
    series(f, "1978-04-11", 19, 0, 14, "-9.50");
    add(f, D("1978-04-11") + 19 * 14, "-30");
    expect(f, OWED_APR_REGZ, 2, "12.22");
    owed_apr_flows_free(f);
}
END_TEST

/* A bracket widened three times (half-width about two units of the last digit) holds
 * several rounding boundaries: each is decided, so that the figure is still the published
 * one.  Deciding only the first printed 12.23 for Reg Z (c)(3)(ii) (12.22). */
START_TEST(regz_c3ii_wide_bracket)
{
    owed_apr_flows *f = flows_of("1978-04-03:200", NULL);
    series(f, "1978-04-11", 19, 0, 14, "-9.50");
    add(f, D("1978-04-11") + 19 * 14, "-30");
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    opt.decimals = 2;
    opt.digits_only = 0;
    for (int widenings = 1; widenings <= 3; widenings++) {
        apr_settle_test_widenings = widenings;
        owed_apr_result *res = NULL;
        owed_error err;
        owed_error_clear(&err);
        owed_status st = owed_apr_compute(&res, f, &opt, &err);
        apr_settle_test_widenings = 0;
        ck_assert_msg(st == OWED_OK, "compute failed: %s", err.text);
        ck_assert_uint_eq(owed_apr_result_root_count(res), 1);
        char *p = owed_apr_result_percent(res, 0);
        ck_assert_msg(strcmp(p, "12.22") == 0, "%d widenings: got %s%%", widenings, p);
        free(p);
        owed_apr_result_free(res);
    }
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c4i)
{
    owed_apr_flows *f = flows_of("1978-01-10:5000", "1978-02-10:-250", NULL);
    series(f, "1978-03-10", 22, 1, 0, "-230");
    add(f, D("1980-01-10"), "-280");
    expect(f, OWED_APR_REGZ, 2, "10.90");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c4ii)
{
    owed_apr_flows *f = flows_of("1978-01-10:8000", "1978-03-01:-449.36", NULL);
    series(f, "1978-05-01", 18, 2, 0, "-465");
    add(f, D("1981-05-01"), "-200");
    expect(f, OWED_APR_REGZ, 2, "7.30");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c5i)
{
    owed_apr_flows *f = flows_of("1978-01-03:1000", "1978-09-15:-1080", NULL);
    expect(f, OWED_APR_REGZ, 2, "11.45");
    /* exactly 8 % x 365/255 */
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    mpq_t lo, hi, want;
    mpq_inits(lo, hi, want, NULL);
    ck_assert_int_eq(owed_apr_result_root(res, 0, lo, hi), 1);
    mpq_set_ui(want, 8 * 365, 100 * 255);
    mpq_canonicalize(want);
    ck_assert(mpq_equal(lo, want));
    mpq_clears(lo, hi, want, NULL);
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c5ii)
{
    owed_apr_flows *f = flows_of("1978-01-10:1000", "1978-07-10:-1044", NULL);
    expect(f, OWED_APR_REGZ, 2, "8.80");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c5iii)
{
    owed_apr_flows *f = flows_of("1978-01-10:1000", "1979-07-10:-1135.19", NULL);
    expect(f, OWED_APR_REGZ, 2, "8.76");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c5iv)
{
    owed_apr_flows *f = flows_of("1978-01-10:1000", "1980-01-10:-1240", NULL);
    expect(f, OWED_APR_REGZ, 2, "11.36");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c6i)
{
    /* 24 payments of 100 every 4 weeks in four series: (t, f) = (0, 26/28) x 9,
     * (10, 12/28) x 6, (16, 26/28) x 6, (23, 12/28) x 3, i.e. days 26, 292, 474, 656 + 28k. */
    owed_apr_flows *f = flows_of("1978-01-25:2135", NULL);
    owed_date d0 = D("1978-01-25");
    static const int first[] = {26, 292, 474, 656}, count[] = {9, 6, 6, 3};
    for (int s = 0; s < 4; s++)
        for (int k = 0; k < count[s]; k++)
            add(f, d0 + first[s] + 28 * k, "-100");
    expect(f, OWED_APR_REGZ, 2, "12.00");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(regz_c6ii)
{
    owed_apr_flows *f = flows_of("1978-03-03:7350", "1979-03-15:-2000", "1980-02-01:-1000", NULL);
    series(f, "1978-09-15", 3, 1, 0, "-1000");
    series(f, "1979-09-15", 3, 1, 0, "-750");
    expect(f, OWED_APR_REGZ, 2, "10.22");
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    const char *text;
    owed_apr_result_term(res, owed_apr_result_term_count(res) - 1, NULL, NULL, NULL, &text);
    ck_assert_str_eq(text, "t=22 f=29/30");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

/* (b)(9): A = 1,000, 36 x 33.61 monthly (law addendum 5.2, reconstructed inputs) */
START_TEST(regz_b9)
{
    owed_apr_flows *f = flows_of("1978-01-10:1000", NULL);
    series(f, "1978-02-10", 36, 1, 0, "-33.61");
    expect(f, OWED_APR_REGZ, 2, "12.83");
    expect(f, OWED_APR_REGZ, 6, "12.825576");
    owed_apr_flows_free(f);
}
END_TEST

/* Single-payment payday figures of the brief (derived), and the (b)(5)(vi) option. */
START_TEST(regz_payday)
{
    owed_apr_flows *f = flows_of("2023-03-01:100", "2023-03-15:-115", NULL);
    expect(f, OWED_APR_REGZ, 2, "391.07");
    owed_apr_flows_free(f);
    f = flows_of("2023-03-01:100", "2023-03-22:-115", NULL);
    expect(f, OWED_APR_REGZ, 2, "260.71");
    owed_apr_flows_free(f);
    f = flows_of("2023-03-01:255", "2023-03-15:-300", NULL);
    expect(f, OWED_APR_REGZ, 2, "460.08");
    owed_apr_flows_free(f);
    /* 31 days that are also one whole month: (vi) allows 12/1 or 365/31 */
    f = flows_of("2023-01-15:255", "2023-02-15:-300", NULL);
    expect(f, OWED_APR_REGZ, 2, "211.76");
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    opt.single = OWED_APR_SINGLE_DAYS;
    char *s = rate_opt(f, &opt);
    ck_assert_str_eq(s, "207.78");
    free(s);
    owed_apr_flows_free(f);
}
END_TEST

/* Third-party vectors (FSharp.Finance.Personal tests, not regulatory). */
START_TEST(regz_third_party)
{
    owed_apr_flows *f = flows_of("2023-10-26:1000", NULL);
    series(f, "2023-11-30", 5, 0, 1, "-220");
    expect(f, OWED_APR_REGZ, 2, "94.15");
    owed_apr_flows_free(f);
    static const char *adv[] = {"2023-10-28:1000", "2023-11-23:1000", "2023-11-24:1000"};
    static const char *want[] = {"176.52", "412.40", "434.30"};
    for (int i = 0; i < 3; i++) {
        f = flows_of(adv[i], NULL);
        series(f, "2023-11-30", 5, 0, 7, "-250");
        expect(f, OWED_APR_REGZ, 2, want[i]);
        owed_apr_flows_free(f);
    }
}
END_TEST

/* §1026.22(a): 1/8 point, or 1/4 point when irregular. */
START_TEST(regz_tolerance)
{
    owed_apr_flows *f = flows_of("1978-01-10:5000", NULL);
    series(f, "1978-02-10", 24, 1, 0, "-230"); /* true APR 9.6857... % */
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    mpq_t d, below, above;
    mpq_inits(d, below, above, NULL);
    int within = -1;
    const char *rule = NULL;
    mpq_set_ui(d, 981, 10000); /* 9.81 %: 0.124 point above */
    ck_assert_int_eq(owed_apr_tolerance(&within, below, above, &rule, f, &opt, d, -1, NULL), OWED_OK);
    ck_assert_int_eq(within, 1);
    mpq_set_ui(d, 1, 800);
    ck_assert(mpq_equal(above, d));
    mpq_set_ui(d, 982, 10000); /* 9.82 %: 0.134 point above */
    ck_assert_int_eq(owed_apr_tolerance(&within, NULL, NULL, NULL, f, &opt, d, -1, NULL), OWED_OK);
    ck_assert_int_eq(within, 0);
    /* forced irregular: 1/4 point */
    ck_assert_int_eq(owed_apr_tolerance(&within, NULL, above, NULL, f, &opt, d, 1, NULL), OWED_OK);
    ck_assert_int_eq(within, 1);
    mpq_set_ui(d, 1, 400);
    ck_assert(mpq_equal(above, d));
    owed_apr_flows_free(f);
    /* (c)(6)(i), skipped payments: irregular payment periods, 1/4 point */
    f = flows_of("1978-01-25:2135", NULL);
    static const int first[] = {26, 292, 474, 656}, count[] = {9, 6, 6, 3};
    for (int s = 0; s < 4; s++)
        for (int k = 0; k < count[s]; k++)
            add(f, D("1978-01-25") + first[s] + 28 * k, "-100");
    mpq_set_ui(d, 12, 100);
    ck_assert_int_eq(owed_apr_tolerance(&within, NULL, above, &rule, f, &opt, d, -1, NULL), OWED_OK);
    ck_assert_int_eq(within, 1);
    mpq_set_ui(d, 1, 400);
    ck_assert(mpq_equal(above, d));
    mpq_clears(d, below, above, NULL);
    owed_apr_flows_free(f);
}
END_TEST

/* ---- EU (Directive 98/7 Annex III examples, time measure), UK -------------------------------- */

START_TEST(eu_98_7)
{
    owed_apr_flows *f = flows_of("1994-01-01:1000", "1995-07-01:-1200", NULL);
    expect(f, OWED_APR_EU, 2, "12.96");
    expect(f, OWED_APR_EU, 1, "13.0");
    expect(f, OWED_APR_EU, 3, "12.962");
    owed_apr_flows_free(f);
    f = flows_of("1994-01-01:950", "1995-07-01:-1200", NULL);
    expect(f, OWED_APR_EU, 1, "16.9");
    expect(f, OWED_APR_EU, 3, "16.903");
    owed_apr_flows_free(f);
    f = flows_of("1994-01-01:1000", "1995-01-01:-600", "1996-01-01:-600", NULL);
    expect(f, OWED_APR_EU, 1, "13.1");
    expect(f, OWED_APR_EU, 2, "13.07");
    /* published i = 0.1306623 is the root 0.130662386... cut, not rounded, at 7 decimals */
    expect(f, OWED_APR_EU, 5, "13.06624");
    expect(f, OWED_APR_EU, 6, "13.066239");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(eu_time_measure)
{
    owed_apr_eu_interval iv;
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("2012-01-12"), D("2012-02-15"),
                                             OWED_APR_PERIOD_MONTH, OWED_APR_LEAP_YEAR_BACK, NULL),
                     OWED_OK);
    ck_assert_int_eq(iv.whole, 1);
    ck_assert_uint_eq(iv.per_year, 12);
    ck_assert_int_eq(iv.days, 3);
    ck_assert_uint_eq(iv.year_days, 365); /* 1/12 + 3/365 */
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("2013-01-12"), D("2013-02-15"),
                                             OWED_APR_PERIOD_MONTH, OWED_APR_LEAP_YEAR_BACK, NULL),
                     OWED_OK);
    ck_assert_int_eq(iv.whole, 1);
    ck_assert_int_eq(iv.days, 3);
    ck_assert_uint_eq(iv.year_days, 366); /* 1/12 + 3/366: the year back holds 2012-02-29 */
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("2013-01-12"), D("2013-02-15"),
                                             OWED_APR_PERIOD_MONTH, OWED_APR_LEAP_365, NULL),
                     OWED_OK);
    ck_assert_uint_eq(iv.year_days, 365);
    /* more of the guidance's cases as the curo tests carry them */
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("2024-12-31"), D("2025-02-28"),
                                             OWED_APR_PERIOD_MONTH, OWED_APR_LEAP_YEAR_BACK, NULL),
                     OWED_OK);
    ck_assert_int_eq(iv.whole, 2);
    ck_assert_int_eq(iv.days, 0);
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("2024-02-28"), D("2025-02-27"),
                                             OWED_APR_PERIOD_MONTH, OWED_APR_LEAP_YEAR_BACK, NULL),
                     OWED_OK);
    ck_assert_int_eq(iv.whole, 11);
    ck_assert_int_eq(iv.days, 28);
    ck_assert_uint_eq(iv.year_days, 366);
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("2012-01-12"), D("2013-01-12"),
                                             OWED_APR_PERIOD_WEEK, OWED_APR_LEAP_YEAR_BACK, NULL),
                     OWED_OK);
    ck_assert_int_eq(iv.whole, 52);
    ck_assert_int_eq(iv.days, 2);
    ck_assert_uint_eq(iv.year_days, 365);
    ck_assert_int_eq(owed_apr_eu_interval_of(&iv, D("1994-01-01"), D("1995-07-01"),
                                             OWED_APR_PERIOD_YEAR, OWED_APR_LEAP_YEAR_BACK, NULL),
                     OWED_OK);
    ck_assert_int_eq(iv.whole, 1);
    ck_assert_int_eq(iv.days, 181);
    ck_assert_uint_eq(iv.year_days, 365);
}
END_TEST

START_TEST(eu_21_days)
{
    owed_apr_flows *f = flows_of("2023-03-01:100", "2023-03-22:-115", NULL);
    expect(f, OWED_APR_EU, 1, "1035.0");
    owed_apr_flows_free(f);
    f = flows_of("2024-03-01:100", "2024-03-22:-115", NULL); /* year back holds 2024-02-29 */
    expect(f, OWED_APR_EU, 1, "1042.6");
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_EU);
    opt.leap = OWED_APR_LEAP_365;
    char *s = rate_opt(f, &opt);
    ck_assert_str_eq(s, "1035.0");
    free(s);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(uk_100_30)
{
    owed_apr_flows *f = flows_of("2023-01-10:100", "2023-02-09:-124", NULL);
    expect(f, OWED_APR_UK, -1, "1269.7");
    owed_apr_flows_free(f);
    f = flows_of("2023-01-10:100", "2023-01-31:-116.80", NULL);
    expect(f, OWED_APR_UK, -1, "1386.7");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(uk_tolerance)
{
    owed_apr_flows *f = flows_of("2023-01-10:100", "2023-02-09:-124", NULL); /* 1269.69.. % */
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_UK);
    mpq_t d;
    mpq_init(d);
    int within;
    mpq_set_ui(d, 12706, 1000); /* 1270.6 %: 0.9 point above, allowed */
    ck_assert_int_eq(owed_apr_tolerance(&within, NULL, NULL, NULL, f, &opt, d, -1, NULL), OWED_OK);
    ck_assert_int_eq(within, 1);
    mpq_set_ui(d, 12695, 1000); /* 1269.5 %: 0.19 point below, not allowed */
    ck_assert_int_eq(owed_apr_tolerance(&within, NULL, NULL, NULL, f, &opt, d, -1, NULL), OWED_OK);
    ck_assert_int_eq(within, 0);
    mpq_clear(d);
    owed_apr_flows_free(f);
}
END_TEST

/* ---- XIRR -------------------------------------------------------------------------------- */

START_TEST(xirr_microsoft)
{
    owed_apr_flows *f = flows_of("2008-01-01:-10000", "2008-03-01:2750", "2008-10-30:4250",
                                 "2009-02-15:3250", "2009-04-01:2750", NULL);
    /* Microsoft prints 0.373362535; the root is 0.3733625335..., so 0.37336253 at 8 decimals
     * (as the law brief recomputed) and 0.373362534 at 9: Excel stops iterating early. */
    expect(f, OWED_APR_XIRR, -1, "37.336253");
    expect(f, OWED_APR_XIRR, 6, "37.336253");
    expect(f, OWED_APR_XIRR, 7, "37.3362534");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(xirr_openoffice)
{
    owed_apr_flows *f = flows_of("2008-02-05:-2750", "2008-07-05:1000", "2009-01-05:2000", NULL);
    expect(f, OWED_APR_XIRR, 1, "12.4");
    expect(f, OWED_APR_XIRR, 4, "12.3631");
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(xirr_docs_rs)
{
    owed_apr_flows *f = flows_of("2015-06-11:-1000", "2015-07-21:-9000", "2015-10-17:-3000",
                                 "2018-06-10:20000", NULL);
    /* docs.rs/xirr prints the binary double 0.1635371584432641; the root is 0.16353715844326424.. */
    expect(f, OWED_APR_XIRR, 14, "16.35371584432642");
    expect(f, OWED_APR_XIRR, 13, "16.3537158443264");
    owed_apr_flows_free(f);
}
END_TEST

/* Two flows whose ratio is a power of a rational have an exact rate (100 -> 110 after 365
 * days: exactly 10 %), found before any search (exact_two_terms, with residues refusing the ratios that are no such power): whole
 * years of 365 days give 1 + R = ratio^(1/years). */
START_TEST(xirr_exact_powers)
{
    static const struct {
        const char *first, *last;
        int exact;
        long num;
        unsigned long den;
    } cases[] = {{"2001-01-01:100", "2002-01-01:-110", 1, 1, 10},      /* a year: 10 % */
                 {"2001-01-01:1000", "2003-01-01:-1210", 1, 1, 10},    /* (11/10)^2 */
                 {"2001-01-01:1000", "2004-01-01:-1331", 1, 1, 10},    /* (11/10)^3 */
                 {"2001-01-01:1000", "2003-01-01:-810", 1, -1, 10},    /* (9/10)^2 */
                 {"2001-01-01:256", "2004-12-31:-2401", 1, 3, 4},     /* (7/4)^4 */
                 {"2001-01-01:1000", "2003-01-01:-1200", 0, 0, 1},     /* 1.2: no square */
                 {"2001-01-01:1000", "2004-01-01:-1330", 0, 0, 1},     /* no cube */
                 {"2001-01-01:256", "2004-12-31:-2400", 0, 0, 1}};    /* no fourth power */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        owed_apr_flows *f = flows_of(cases[i].first, cases[i].last, NULL);
        owed_apr_options opt;
        owed_apr_options_init(&opt, OWED_APR_XIRR);
        owed_apr_result *res;
        ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
        mpq_t lo, hi;
        mpq_inits(lo, hi, NULL);
        ck_assert_msg(owed_apr_result_root(res, 0, lo, hi) == cases[i].exact, "case %zu", i);
        if (cases[i].exact) {
            mpq_set_si(hi, cases[i].num, cases[i].den);
            ck_assert_msg(mpq_equal(lo, hi), "case %zu", i);
        }
        mpq_clears(lo, hi, NULL);
        owed_apr_result_free(res);
        owed_apr_flows_free(f);
    }
}
END_TEST

/* ---- PBoC 2021 No. 3 --------------------------------------------------------------------- */

START_TEST(pboc_example)
{
    owed_apr_flows *f = flows_of("2021-01-01:100000", "2021-01-01:-1000", NULL);
    series(f, "2021-02-01", 12, 1, 0, "-8833.3");
    expect(f, OWED_APR_PBOC, 2, "12.80");
    expect(f, OWED_APR_PBOC_COMPOUND, 2, "13.58");
    owed_apr_flows_free(f);
    /* without the fee: 10.90 % and 11.46 % (cn.md 4) */
    f = flows_of("2021-01-01:100000", NULL);
    series(f, "2021-02-01", 12, 1, 0, "-8833.3");
    expect(f, OWED_APR_PBOC, 2, "10.90");
    expect(f, OWED_APR_PBOC_COMPOUND, 2, "11.46");
    owed_apr_flows_free(f);
}
END_TEST

/* ---- simple ------------------------------------------------------------------------------ */

START_TEST(simple_single)
{
    owed_apr_flows *f = flows_of("2023-03-01:700", "2023-03-22:-1000", NULL);
    expect(f, OWED_APR_SIMPLE, 2, "744.90"); /* 300/700 x 365/21 */
    owed_apr_flows_free(f);
    f = flows_of("2023-03-01:100", "2023-03-02:-101", "2023-03-03:-1", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_SIMPLE);
    owed_apr_result *res = NULL;
    owed_error err;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, &err), OWED_E_ARG);
    owed_apr_flows_free(f);
}
END_TEST

/* ---- roots: none, several, caps ------------------------------------------------------------ */

START_TEST(no_root)
{
    /* 100 - 250 v + 160 v^2 has no real root (discriminant 62500 - 64000 < 0) */
    owed_apr_flows *f = flows_of("2001-01-01:100", "2002-01-01:-250", "2003-01-01:160", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_NO_ROOT);
    ck_assert_uint_eq(owed_apr_result_root_count(res), 0);
    ck_assert_uint_eq(owed_apr_result_sign_changes(res), 2);
    owed_apr_result_free(res);
    mpq_t cap;
    mpq_init(cap);
    int cmp;
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_E_NOROOT);
    mpq_clear(cap);
    owed_apr_flows_free(f);
    /* all flows one way */
    f = flows_of("2001-01-01:100", "2002-01-01:50", NULL);
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_NO_ROOT);
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(two_roots)
{
    /* 100 - 230 v + 132 v^2 = 132 (v - 1/1.1)(v - 1/1.2): 10 % and 20 % */
    owed_apr_flows *f = flows_of("2001-01-01:100", "2002-01-01:-230", "2003-01-01:132", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_SEVERAL_ROOTS);
    ck_assert_uint_eq(owed_apr_result_root_count(res), 2);
    char *a = owed_apr_result_percent(res, 0), *b = owed_apr_result_percent(res, 1);
    ck_assert_str_eq(a, "10.000000");
    ck_assert_str_eq(b, "20.000000");
    free(a);
    free(b);
    mpq_t lo, hi, x;
    mpq_inits(lo, hi, x, NULL);
    owed_apr_result_root(res, 0, lo, hi);
    mpq_set_ui(x, 1, 10);
    ck_assert(mpq_cmp(lo, x) <= 0 && mpq_cmp(x, hi) <= 0);
    owed_apr_result_root(res, 1, lo, hi);
    mpq_set_ui(x, 1, 5);
    ck_assert(mpq_cmp(lo, x) <= 0 && mpq_cmp(x, hi) <= 0);
    owed_apr_result_free(res);
    /* a range that holds only the lower root */
    mpq_set_si(lo, -1, 2);
    mpq_set_ui(hi, 15, 100);
    opt.range_lo = lo;
    opt.range_hi = hi;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_ONE_ROOT);
    int cmp = 9;
    mpq_set_ui(x, 12, 100);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, x, NULL), OWED_OK);
    ck_assert_int_eq(cmp, -1);
    mpq_set_ui(x, 1, 10); /* the root itself, inside its bracket: decided by F(cap) = 0 */
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, x, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 0);
    mpq_set_ui(x, 1, 20);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, x, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 1);
    mpq_set_ui(x, 100000000001, 1000000000000); /* 10.0000000001 %: just above the root */
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, x, NULL), OWED_OK);
    ck_assert_int_eq(cmp, -1);
    owed_apr_result_free(res);
    /* a range given empty, or of one point, is refused (the default one is never empty) */
    owed_error err;
    for (int k = 0; k < 2; k++) {
        mpq_set_ui(lo, 15, 100);
        mpq_set_si(hi, k ? 15 : -1, k ? 100 : 2);
        owed_error_clear(&err);
        res = NULL;
        ck_assert_int_eq(owed_apr_compute(&res, f, &opt, &err), OWED_E_ARG);
        ck_assert_ptr_null(res);
        ck_assert_str_eq(err.text, "the search range is empty");
    }
    opt.range_lo = opt.range_hi = NULL;
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, x, NULL), OWED_E_NOROOT);
    mpq_clears(lo, hi, x, NULL);
    owed_apr_flows_free(f);
}
END_TEST

/* A root at exactly 0 % (the amounts sum to zero), beside another, and a double root. */
START_TEST(roots_at_zero)
{
    owed_apr_flows *f = flows_of("2001-01-01:100", "2002-01-01:-230", "2003-01-01:130", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_SEVERAL_ROOTS);
    ck_assert_uint_eq(owed_apr_result_root_count(res), 2);
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    ck_assert_int_eq(owed_apr_result_root(res, 0, lo, hi), 1);
    ck_assert_int_eq(mpq_sgn(lo), 0);
    char *s = owed_apr_result_percent(res, 1);
    ck_assert_str_eq(s, "30.000000");
    free(s);
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
    /* 100 (1 - v)^2: a double root at 0 %, which a sign change cannot prove unique */
    f = flows_of("2001-01-01:100", "2002-01-01:-200", "2003-01-01:100", NULL);
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_result_outcome(res), OWED_APR_UNRESOLVED);
    ck_assert_uint_eq(owed_apr_result_root_count(res), 1);
    ck_assert_int_eq(owed_apr_result_root(res, 0, lo, hi), 1);
    ck_assert_int_eq(mpq_sgn(lo), 0);
    mpq_clears(lo, hi, NULL);
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(compare_caps)
{
    owed_apr_flows *f = flows_of("2023-01-10:100", "2023-02-09:-124", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_UK);
    mpq_t cap;
    mpq_init(cap);
    int cmp = 9;
    mpq_set_ui(cap, 36, 100);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 1);
    mpq_set_ui(cap, 12697, 1000); /* 1269.7 %: the rounded figure, below the rate 1269.7159.. % */
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 1);
    mpq_set_ui(cap, 126972, 10000); /* 1269.72 % */
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, -1);
    owed_apr_flows_free(f);
    /* exact equality: Reg Z single payment, 8 % x 365/255 */
    f = flows_of("1978-01-03:1000", "1978-09-15:-1080", NULL);
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    mpq_set_ui(cap, 8 * 365, 100 * 255);
    mpq_canonicalize(cap);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 0);
    /* the lender's view (signs reversed) gives the same answers */
    owed_apr_flows_free(f);
    f = flows_of("1978-01-03:-1000", "1978-09-15:1080", NULL);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 0);
    mpq_set_ui(cap, 1, 10);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 1);
    owed_apr_flows_free(f);
    /* PBoC compound 13.58 % against 24 % and 13 % */
    f = flows_of("2021-01-01:99000", NULL);
    series(f, "2021-02-01", 12, 1, 0, "-8833.3");
    owed_apr_options_init(&opt, OWED_APR_PBOC_COMPOUND);
    mpq_set_ui(cap, 24, 100);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, -1);
    mpq_set_ui(cap, 13, 100);
    ck_assert_int_eq(owed_apr_compare(&cmp, f, &opt, cap, NULL), OWED_OK);
    ck_assert_int_eq(cmp, 1);
    mpq_clear(cap);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(significant_digits)
{
    owed_apr_flows *f = flows_of("2008-01-01:-10000", "2008-03-01:2750", "2008-10-30:4250",
                                 "2009-02-15:3250", "2009-04-01:2750", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    opt.significant = 10;
    char *s = rate_opt(f, &opt);
    ck_assert_str_eq(s, "37.33625335");
    free(s);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(flows_parsing)
{
    owed_apr_flows *f = owed_apr_flows_new();
    owed_error err;
    ck_assert_int_eq(owed_apr_flows_parse(f, "2021-01-01:100", ':', NULL, 0, &err), OWED_OK);
    ck_assert_int_eq(owed_apr_flows_parse(f, " 2021-02-01 , -50.5 ", ',', "x.csv", 3, &err), OWED_OK);
    ck_assert_int_eq(owed_apr_flows_parse(f, "2021-02-30:1", ':', NULL, 0, &err), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_apr_flows_parse(f, "2021-02-01:1e3", ':', "y", 7, &err), OWED_E_SYNTAX);
    ck_assert_int_eq(err.line, 7);
    ck_assert_int_eq(owed_apr_flows_parse(f, "2021-02-01", ':', NULL, 0, &err), OWED_E_SYNTAX);
    ck_assert_uint_eq(owed_apr_flows_count(f), 2);
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    fputs("date,amount\r\n# comment\n\n2021-03-01,-49.5\n2021-04-01;1\n", fp);
    rewind(fp);
    ck_assert_int_eq(owed_apr_flows_read(f, fp, "in.csv", &err), OWED_E_SYNTAX);
    ck_assert_int_eq(err.line, 5);
    ck_assert_str_eq(err.file, "in.csv");
    fclose(fp);
    ck_assert_uint_eq(owed_apr_flows_count(f), 3);
    owed_apr_flows_free(f);
}
END_TEST

START_TEST(bad_input)
{
    owed_apr_flows *f = flows_of("2021-01-01:100", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    owed_apr_result *res = NULL;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_E_ARG); /* one date */
    ck_assert_ptr_null(res);
    owed_apr_flows_free(f);
    f = flows_of("2021-01-01:100", "2021-01-20:-110", NULL);
    owed_apr_options_init(&opt, OWED_APR_EU);
    opt.decimals = 0; /* Annex I (d): at least one decimal */
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_E_ARG);
    owed_apr_options_init(&opt, OWED_APR_PBOC);
    opt.period = OWED_APR_PERIOD_MONTH;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_E_ARG); /* 19 days */
    owed_apr_flows_free(f);
}
END_TEST

/* ---- descriptions, amounts, evaluation paths -------------------------------------------- */

/* The descriptions of the time measure and of the terms are written when asked for, in any
 * order, and stay where they were written; a date's amount is the net of its flows. */
START_TEST(descriptions_on_request)
{
    owed_apr_flows *f = flows_of("2008-01-01:-10000", "2008-03-01:2750", "2008-10-30:4250",
                                 "2009-02-15:3250", "2009-04-01:2750", NULL);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    owed_apr_result *res;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    const char *t3, *t1, *again;
    owed_apr_result_term(res, 3, NULL, NULL, NULL, &t3);
    ck_assert_str_eq(t3, "411/365");
    owed_date d;
    mpq_t a, t, x;
    mpq_inits(a, t, x, NULL);
    owed_apr_result_term(res, 1, &d, a, t, &t1);
    ck_assert_str_eq(t1, "60/365");
    ck_assert_int_eq(d, D("2008-03-01"));
    mpq_set_ui(x, 2750, 1);
    ck_assert(mpq_equal(a, x));
    mpq_set_ui(x, 12, 73);
    ck_assert(mpq_equal(t, x));
    owed_apr_result_term(res, 3, NULL, NULL, NULL, &again);
    ck_assert_ptr_eq(again, t3);
    ck_assert_str_eq(t3, "411/365");
    const char *m = owed_apr_result_time_measure(res);
    ck_assert_str_eq(m, "years: days from the first flow / 365");
    ck_assert_ptr_eq(owed_apr_result_time_measure(res), m);
    owed_apr_result_free(res);
    owed_apr_flows_free(f);

    f = flows_of("2012-01-12:1000", "2012-02-15:-300", "2013-02-15:-800", NULL);
    owed_apr_options_init(&opt, OWED_APR_EU);
    opt.period = OWED_APR_PERIOD_MONTH;
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    owed_apr_result_term(res, 2, NULL, NULL, t, &t1);
    ck_assert_str_eq(t1, "13/12 + 3/365");
    mpq_set_ui(x, 4781, 4380);
    ck_assert(mpq_equal(t, x));
    owed_apr_result_term(res, 0, NULL, NULL, NULL, &t1);
    ck_assert_str_eq(t1, "0");
    ck_assert_str_eq(owed_apr_result_time_measure(res),
                     "years: whole months (1/12) counted back from each flow, then days / 365 or "
                     "366 (year counted back)");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);

    /* two flows on the first date: one term of their net amount */
    f = flows_of("2021-01-01:100000", "2021-01-01:-1000", "2021-02-01:-50000.5",
                 "2021-03-01:-50000.5", NULL);
    owed_apr_options_init(&opt, OWED_APR_PBOC_COMPOUND);
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    ck_assert_uint_eq(owed_apr_result_term_count(res), 3);
    owed_apr_result_term(res, 0, NULL, a, NULL, NULL);
    mpq_set_ui(x, 99000, 1);
    ck_assert(mpq_equal(a, x));
    owed_apr_result_term(res, 2, NULL, a, t, &t1);
    mpq_set_si(x, -100001, 2);
    ck_assert(mpq_equal(a, x));
    mpq_set_ui(x, 1, 6);
    ck_assert(mpq_equal(t, x));
    ck_assert_str_eq(t1, "2");
    ck_assert_str_eq(owed_apr_result_time_measure(res), "period: 1 month, 12 a year");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);

    f = flows_of("2023-03-01:700", "2023-03-22:-1000", NULL);
    owed_apr_options_init(&opt, OWED_APR_SIMPLE);
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    owed_apr_result_term(res, 1, NULL, NULL, NULL, &t1);
    ck_assert_str_eq(t1, "21");
    ck_assert_str_eq(owed_apr_result_time_measure(res), "days: 21, year of 365 days");
    owed_apr_result_free(res);
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
    owed_apr_result_term(res, 1, NULL, NULL, NULL, &t1);
    ck_assert_str_eq(t1, "t=1 f=0");
    ck_assert_str_eq(owed_apr_result_time_measure(res),
                     "unit-period: the term, 21 days (365/21 a year, (b)(5)(vii))");
    owed_apr_result_free(res);
    owed_apr_flows_free(f);
    mpq_clears(a, t, x, NULL);
}
END_TEST

/* Appends a flow of amount num / den (decimal integers). */
static void add_q(owed_apr_flows *f, owed_date d, const char *num, const char *den)
{
    mpq_t a;
    mpq_init(a);
    ck_assert_int_eq(mpz_set_str(mpq_numref(a), num, 10), 0);
    ck_assert_int_eq(mpz_set_str(mpq_denref(a), den, 10), 0);
    mpq_canonicalize(a);
    ck_assert_int_eq(owed_apr_flows_add(f, d, a, NULL), OWED_OK);
    mpq_clear(a);
}

/* The XIRR of f and of g to 12 significant digits: the same proven bracket and figure.
 * Frees f and g; returns the figure (the caller frees it). */
static char *same_xirr(owed_apr_flows *f, owed_apr_flows *g)
{
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    opt.significant = 12;
    owed_apr_result *rf, *rg;
    ck_assert_int_eq(owed_apr_compute(&rf, f, &opt, NULL), OWED_OK);
    ck_assert_int_eq(owed_apr_compute(&rg, g, &opt, NULL), OWED_OK);
    mpq_t lo, hi, lo2, hi2;
    mpq_inits(lo, hi, lo2, hi2, NULL);
    owed_apr_result_root(rf, 0, lo, hi);
    owed_apr_result_root(rg, 0, lo2, hi2);
    ck_assert(mpq_equal(lo, lo2) && mpq_equal(hi, hi2));
    char *sf = owed_apr_result_percent(rf, 0), *sg = owed_apr_result_percent(rg, 0);
    ck_assert_str_eq(sf, sg);
    free(sf);
    mpq_clears(lo, hi, lo2, hi2, NULL);
    owed_apr_result_free(rf);
    owed_apr_result_free(rg);
    owed_apr_flows_free(f);
    owed_apr_flows_free(g);
    return sg;
}

/* Amounts over a common denominator wider than a limb (10^30): once multiplied out, the
 * equation is that of the integer amounts, and so are the proven brackets. */
START_TEST(wide_denominator)
{
    static const char *dates[] = {"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15",
                                  "2009-04-01"};
    static const char *amounts[] = {"-10000", "2750", "4250", "3250", "2750"};
    const char *scale = "1000000000000000000000000000000";
    owed_apr_flows *f = owed_apr_flows_new(), *g = owed_apr_flows_new();
    for (int i = 0; i < 5; i++) {
        add_q(f, D(dates[i]), amounts[i], "1");
        add_q(g, D(dates[i]), amounts[i], scale);
    }
    char *s = same_xirr(f, g);
    ck_assert_str_eq(s, "37.3362533519");
    free(s);
}
END_TEST

/* Amounts over different denominators: the common one (in a word, or past a word when the
 * lcm of one-limb denominators outgrows it) gives the rate of the integer amounts scaled by
 * it, exactly. */
START_TEST(mixed_denominators)
{
    static const char *dates[] = {"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15",
                                  "2009-04-01"};
    static const long amounts[] = {-10000, 2750, 4250, 3250, 2750};
    static const char *dens[2][5] = {{"6", "4", "10", "9", "7"},
                                     {"1099511627791", "1099511627689", "3", "1099511627791", "7"}};
    for (int c = 0; c < 2; c++) {
        owed_apr_flows *f = owed_apr_flows_new(), *g = owed_apr_flows_new();
        mpz_t L, d, k;
        mpz_init_set_ui(L, 1);
        mpz_inits(d, k, NULL);
        for (int i = 0; i < 5; i++) {
            mpz_set_str(d, dens[c][i], 10);
            mpz_lcm(L, L, d);
        }
        for (int i = 0; i < 5; i++) {
            char num[32];
            snprintf(num, sizeof num, "%ld", amounts[i]);
            add_q(f, D(dates[i]), num, dens[c][i]);
            mpz_set_str(d, dens[c][i], 10);
            mpz_divexact(k, L, d);
            mpz_mul_si(k, k, amounts[i]);
            char *kt = mpz_get_str(NULL, 10, k);
            add_q(g, D(dates[i]), kt, "1");
            free(kt);
        }
        free(same_xirr(f, g));
        mpz_clears(L, d, k, NULL);
    }
}
END_TEST

/* apr_eval and apr_eval_approx by limbs (equations without fractions, z <= 1), by wide limbs
 * (z above 1 while the powers fit one more limb; the 1990-2030 flows below overflow it at
 * z = 1.01 and fall back) and by mpz (everything else) must give the same integers: the
 * proofs and the Newton steps rest on them, and results are the same whichever way they were
 * computed. */
static void same_by_both_paths(const owed_apr_flows *f, owed_apr_method method)
{
    owed_apr_options opt;
    owed_apr_options_init(&opt, method);
    apr_built b;
    apr_built_init(&b);
    ck_assert_int_eq(apr_time_build(&b, f, &opt, NULL), OWED_OK);
    apr_eq eq;
    ck_assert_int_eq(apr_eq_build(&eq, &b, NULL), OWED_OK);
    apr_built_clear(&b); /* the equation keeps nothing of it */
    ck_assert(!eq.has_frac);
    enum { NZ = 10 };
    mpz_t Z[NZ], F1, D1, F2, D2, F3, D3, F4, D4;
    for (int i = 0; i < NZ; i++)
        mpz_init(Z[i]);
    mpz_inits(F1, D1, F2, D2, F3, D3, F4, D4, NULL);
    for (mp_bitcnt_t P = 128; P <= 384; P += 64) { /* 2, 3, 4 limbs and the general case */
        apr_ws fast, slow;
        apr_ws_init(&fast, &eq, P);
        apr_ws_init(&slow, &eq, P);
        ck_assert(fast.fast);
        slow.fast = 0; /* the mpz path throughout */
        /* z = 0, 2^-P, 1/1000, 1/2, 0.9, 0.99, 1 - 2^-P, 1, and above 1 (wide or mpz) */
        mpz_set_ui(Z[0], 0);
        mpz_set_ui(Z[1], 1);
        mpz_set_ui(Z[7], 0);
        mpz_setbit(Z[7], P);
        mpz_fdiv_q_ui(Z[2], Z[7], 1000);
        mpz_fdiv_q_2exp(Z[3], Z[7], 1);
        mpz_mul_ui(Z[4], Z[7], 9);
        mpz_fdiv_q_ui(Z[4], Z[4], 10);
        mpz_mul_ui(Z[5], Z[7], 99);
        mpz_fdiv_q_ui(Z[5], Z[5], 100);
        mpz_sub_ui(Z[6], Z[7], 1);
        mpz_mul_ui(Z[8], Z[7], 101);
        mpz_fdiv_q_ui(Z[8], Z[8], 100);
        mpz_add_ui(Z[9], Z[7], 1);
        for (int i = 0; i < NZ; i++) {
            apr_eval_approx(&fast, &eq, Z[i], F1, D1);
            apr_eval_approx(&slow, &eq, Z[i], F2, D2);
            ck_assert_msg(mpz_cmp(F1, F2) == 0 && mpz_cmp(D1, D2) == 0, "approx P=%lu z#%d",
                          (unsigned long)P, i);
            for (int j = i; j < NZ && j <= i + 2; j++) {
                apr_eval(&fast, &eq, Z[i], Z[j], F1, F2, D1, D2);
                apr_eval(&slow, &eq, Z[i], Z[j], F3, F4, D3, D4);
                ck_assert_msg(mpz_cmp(F1, F3) == 0 && mpz_cmp(F2, F4) == 0 &&
                                  mpz_cmp(D1, D3) == 0 && mpz_cmp(D2, D4) == 0,
                              "eval P=%lu z#%d..%d", (unsigned long)P, i, j);
                apr_eval(&fast, &eq, Z[i], Z[j], F1, F2, NULL, NULL);
                ck_assert(mpz_cmp(F1, F3) == 0 && mpz_cmp(F2, F4) == 0);
            }
        }
        apr_ws_clear(&fast);
        apr_ws_clear(&slow);
    }
    for (int i = 0; i < NZ; i++)
        mpz_clear(Z[i]);
    mpz_clears(F1, D1, F2, D2, F3, D3, F4, D4, NULL);
    apr_eq_clear(&eq);
}

START_TEST(limb_path)
{
    /* an annuity: 24 months at 1 % */
    owed_apr_flows *f = flows_of("2001-01-15:100000", NULL);
    series(f, "2001-02-15", 24, 1, 0, "-4707.35");
    same_by_both_paths(f, OWED_APR_XIRR);
    same_by_both_paths(f, OWED_APR_EU);
    same_by_both_paths(f, OWED_APR_PBOC_COMPOUND);
    owed_apr_flows_free(f);
    /* amounts of several limbs, two flows on one date, a date whose flows cancel, amounts
     * over a wide common denominator, irregular days */
    f = owed_apr_flows_new();
    add_q(f, D("1990-03-01"), "123456789012345678901234567890123", "1");
    add_q(f, D("1990-03-01"), "-5", "3");
    add_q(f, D("1991-07-09"), "-98765432109876543210987654321", "7");
    add_q(f, D("1992-01-31"), "17", "1");
    add_q(f, D("1992-01-31"), "-17", "1");
    add_q(f, D("1995-12-25"), "-1", "1000000000000000000000000000000000000000");
    add_q(f, D("2030-06-30"), "-123456789012345678901234567890123", "1");
    same_by_both_paths(f, OWED_APR_XIRR);
    owed_apr_flows_free(f);
}
END_TEST

/* Flows on one date are summed before the equation is built: an annuity whose every payment
 * is split in two (more dates with several flows than the sums kept inline, more flows than
 * the dates kept inline; one split through amounts of two limbs, summed as numbers, not in
 * words) has the rate of the annuity itself. */
START_TEST(split_payments_summed)
{
    owed_apr_flows *whole = flows_of("2001-01-15:100000", NULL);
    series(whole, "2001-02-15", 24, 1, 0, "-4707.35");
    owed_apr_flows *split = flows_of("2001-01-15:100000", NULL);
    series(split, "2001-02-15", 24, 1, 0, "-2000");
    series(split, "2001-02-15", 23, 1, 0, "-2707.35");
    owed_date last = plus_months(D("2001-02-15"), 23);
    add(split, last, "-10000000000000000000000002707.35");
    add(split, last, "10000000000000000000000000000");
    ck_assert_uint_eq(owed_apr_flows_count(split), 50);
    static const owed_apr_method methods[] = {OWED_APR_XIRR, OWED_APR_EU, OWED_APR_PBOC};
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
        owed_apr_options opt;
        owed_apr_options_init(&opt, methods[m]);
        opt.decimals = 6;
        char *a = rate_opt(whole, &opt), *b = rate_opt(split, &opt);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
    owed_apr_flows_free(whole);
    owed_apr_flows_free(split);
}
END_TEST

/* apr_fx_pow takes limbs for z <= 2^P at precisions of whole limbs, mpz otherwise: both must
 * give the integers of the plain square-and-multiply below, rounding each product down (up). */
static void pow_by_mpz(mpz_t r, const mpz_t z, unsigned long e, mp_bitcnt_t P, int up)
{
    mpz_set_ui(r, 0);
    mpz_setbit(r, P);
    if (e == 0)
        return;
    int top = 63;
    while (!((e >> top) & 1UL))
        top--;
    mpz_set(r, z);
    for (int bit = top - 1; bit >= 0; bit--) {
        mpz_mul(r, r, r);
        up ? mpz_cdiv_q_2exp(r, r, P) : mpz_fdiv_q_2exp(r, r, P);
        if ((e >> bit) & 1UL) {
            mpz_mul(r, r, z);
            up ? mpz_cdiv_q_2exp(r, r, P) : mpz_fdiv_q_2exp(r, r, P);
        }
    }
}

START_TEST(pow_paths)
{
    static const unsigned long expos[] = {0, 1, 2, 3, 12, 365, 366, 1000, 65537};
    mpz_t Z, r1, r2, tmp, one;
    mpz_inits(Z, r1, r2, tmp, one, NULL);
    /* 130: not whole limbs; 640: more limbs than the limb path takes on the stack */
    static const mp_bitcnt_t precs[] = {128, 130, 192, 256, 320, 512, 640};
    for (size_t pi = 0; pi < sizeof precs / sizeof *precs; pi++) {
        mp_bitcnt_t P = precs[pi];
        mpz_set_ui(one, 0);
        mpz_setbit(one, P);
        for (int zi = 0; zi < 9; zi++) {
            switch (zi) { /* 0, 2^-P, 1/3, 0.99..., 1 - 2^-P, 1, 1 + 2^-P, 1.0001, a dense z */
            case 0: mpz_set_ui(Z, 0); break;
            case 1: mpz_set_ui(Z, 1); break;
            case 2: mpz_fdiv_q_ui(Z, one, 3); break;
            case 3: mpz_mul_ui(Z, one, 99991); mpz_fdiv_q_ui(Z, Z, 100000); break;
            case 4: mpz_sub_ui(Z, one, 1); break;
            case 5: mpz_set(Z, one); break;
            case 6: mpz_add_ui(Z, one, 1); break;
            case 7: mpz_mul_ui(Z, one, 10001); mpz_fdiv_q_ui(Z, Z, 10000); break;
            default: mpz_sub_ui(Z, one, 1); mpz_fdiv_q_ui(Z, Z, 7); mpz_mul_ui(Z, Z, 6); break;
            }
            for (size_t ei = 0; ei < sizeof expos / sizeof *expos; ei++) {
                if (zi >= 6 && expos[ei] > 1000)
                    continue; /* above 1 the powers grow: keep them small */
                for (int up = 0; up <= 1; up++) {
                    pow_by_mpz(r2, Z, expos[ei], P, up);
                    apr_fx_pow(r1, Z, expos[ei], P, up, tmp);
                    ck_assert_msg(mpz_cmp(r1, r2) == 0, "P=%lu z#%d e=%lu up=%d",
                                  (unsigned long)P, zi, expos[ei], up);
                    mpz_set(r1, Z); /* r the same variable as z */
                    apr_fx_pow(r1, r1, expos[ei], P, up, tmp);
                    ck_assert_msg(mpz_cmp(r1, r2) == 0, "in place P=%lu z#%d e=%lu up=%d",
                                  (unsigned long)P, zi, expos[ei], up);
                }
            }
        }
    }
    mpz_clears(Z, r1, r2, tmp, one, NULL);
}
END_TEST

/* ---- digits only (owed_apr_options.digits_only) ------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void) /* xorshift64*: the same sequence on every machine */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Random loans of 2 to 8 flows (an advance, payments, now and then a second advance or a
 * payment that turns the signs more than once), under every method solved by a root search
 * and 0 to 6 decimals: the digits-only figures are the full path's, root by root. */
START_TEST(digits_only_random)
{
    static const owed_apr_method methods[] = {OWED_APR_XIRR, OWED_APR_EU,   OWED_APR_UK,
                                              OWED_APR_REGZ, OWED_APR_PBOC, OWED_APR_PBOC_COMPOUND};
    size_t fast0 = digits_fast, roots0 = digits_roots, several = 0, written0 = text_to_written;
    for (int k = 0; k < 1500; k++) {
        owed_apr_flows *f = owed_apr_flows_new();
        int n = 2 + (int)(rng() % 7);
        owed_date d = D("2019-01-01") + (owed_date)(rng() % 1500);
        long principal = 1000 + (long)(rng() % 5000000); /* cents */
        char text[64];
        snprintf(text, sizeof text, "%ld.%02ld", principal / 100, principal % 100);
        add(f, d, text);
        for (int i = 1; i < n; i++) {
            d += (owed_date)(1 + rng() % (rng() % 2 ? 40 : 400));
            long a = principal / (n - 1) + (long)(rng() % (uint64_t)(principal / 2 + 1));
            int sign = rng() % 9 == 0 ? 1 : -1;
            snprintf(text, sizeof text, "%s%ld.%02ld", sign < 0 ? "-" : "", a / 100, a % 100);
            add(f, d, text);
        }
        owed_apr_method m = methods[rng() % (sizeof methods / sizeof *methods)];
        owed_apr_options opt;
        owed_apr_options_init(&opt, m);
        opt.decimals = (int)(rng() % 7);
        if ((m == OWED_APR_EU || m == OWED_APR_UK) && opt.decimals == 0)
            opt.decimals = 1;
        several += same_digits(f, &opt) > 1;
        owed_apr_flows_free(f);
    }
    /* the loans had roots, some several, and the fast path settled nearly all of them */
    ck_assert_uint_gt(digits_roots - roots0, 1000);
    ck_assert_uint_gt(several, 0);
    ck_assert_uint_ge(20 * (digits_fast - fast0), 19 * (digits_roots - roots0));
    /* and owed_apr_result_percent_to wrote most figures in place (same_text_to) */
    ck_assert_uint_ge(2 * (text_to_written - written0), digits_roots - roots0);
    if (getenv("APR_DIGITS_STATS"))
        fprintf(stderr, "digits only: %zu of %zu roots, %zu loans with several\n",
                digits_fast - fast0, digits_roots - roots0, several);
}
END_TEST

/* A root on a rounding boundary and roots just either side of it: 100 received on
 * 2021-01-01, 10 paid a year later and 100 (1.105)^2 - 10 (1.105) = 111.0525 two years later
 * have the rate 10.5 % exactly (xirr: whole years of 365 days), which rounds half-up to 11 %;
 * a ten-thousandth more or less paid moves the root by about 6 10^-7, inside the bracket the
 * solver certifies first, so the sign at the boundary decides. */
/* owed_apr_flows_add takes dates from 0001-01-01 to 9999-12-31 and no others (its bounds
 * are written out as day numbers). */
START_TEST(flows_calendar_bounds)
{
    owed_apr_flows *f = owed_apr_flows_new();
    mpq_t a;
    mpq_init(a);
    mpq_set_si(a, -100, 1);
    owed_date first = owed_date_from_ymd(1, 1, 1), last = owed_date_from_ymd(9999, 12, 31);
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_apr_flows_add(f, first - 1, a, &err), OWED_E_ARG);
    ck_assert_int_eq(owed_apr_flows_add(f, last + 1, a, &err), OWED_E_ARG);
    ck_assert_int_eq(owed_apr_flows_add(f, first, a, &err), OWED_OK);
    ck_assert_int_eq(owed_apr_flows_add(f, last, a, &err), OWED_OK);
    ck_assert_uint_eq(owed_apr_flows_count(f), 2);
    mpq_clear(a);
    owed_apr_flows_free(f);
}
END_TEST

/* The flows keep their amounts' limbs in one arena that moves as it grows: every amount
 * reads back as added (zero, negative, several limbs, after many moves).  The first flows and
 * limbs are kept inside the structure: the second shape, ten wide amounts, moves the limbs out
 * of it while the amounts stay. */
START_TEST(flows_keep_amounts)
{
    static const struct {
        long n;
        unsigned long wider; /* added to the power of 7 */
    } shape[] = {{300, 0}, {10, 200}};
    for (size_t s = 0; s < sizeof shape / sizeof shape[0]; s++) {
        long n = shape[s].n;
        owed_apr_flows *f = owed_apr_flows_new();
        mpq_t a, b;
        mpq_inits(a, b, NULL);
        for (long i = 0; i < n; i++) {
            mpz_ui_pow_ui(mpq_numref(a), 7, (unsigned long)(i % 90) + shape[s].wider);
            mpz_mul_si(mpq_numref(a), mpq_numref(a), i % 3 == 0 ? -(i + 1) : i % 3 == 1 ? 0 : i);
            mpz_ui_pow_ui(mpq_denref(a), 10, (unsigned long)(i % 45));
            mpq_canonicalize(a);
            ck_assert_int_eq(owed_apr_flows_add(f, (owed_date)(20000 + i), a, NULL), OWED_OK);
        }
        ck_assert_uint_eq(owed_apr_flows_count(f), (size_t)n);
        for (long i = 0; i < n; i++) {
            mpz_ui_pow_ui(mpq_numref(a), 7, (unsigned long)(i % 90) + shape[s].wider);
            mpz_mul_si(mpq_numref(a), mpq_numref(a), i % 3 == 0 ? -(i + 1) : i % 3 == 1 ? 0 : i);
            mpz_ui_pow_ui(mpq_denref(a), 10, (unsigned long)(i % 45));
            mpq_canonicalize(a);
            owed_date d;
            owed_apr_flows_get(f, (size_t)i, &d, b);
            ck_assert_int_eq(d, 20000 + i);
            ck_assert(mpq_equal(a, b));
        }
        mpq_clears(a, b, NULL);
        owed_apr_flows_free(f);
    }
}
END_TEST

START_TEST(digits_only_boundary)
{
    static const struct {
        const char *last, *want;
        int exact;
    } cases[] = {{"-111.0525", "11", 1}, {"-111.0524", "10", 0}, {"-111.0526", "11", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        owed_apr_flows *f = owed_apr_flows_new();
        add(f, D("2021-01-01"), "100");
        add(f, D("2022-01-01"), "-10");
        add(f, D("2023-01-01"), cases[i].last);
        owed_apr_options opt;
        owed_apr_options_init(&opt, OWED_APR_XIRR);
        opt.decimals = 0;
        ck_assert_uint_eq(same_digits(f, &opt), 1);
        opt.digits_only = 1;
        owed_apr_result *res = NULL;
        ck_assert_int_eq(owed_apr_compute(&res, f, &opt, NULL), OWED_OK);
        char *p = owed_apr_result_percent(res, 0);
        ck_assert_str_eq(p, cases[i].want);
        free(p);
        mpq_t lo, hi;
        mpq_inits(lo, hi, NULL);
        ck_assert_int_eq(owed_apr_result_root(res, 0, lo, hi), cases[i].exact);
        if (cases[i].exact) {
            mpq_set_ui(hi, 21, 200); /* 0.105 in lowest terms */
            ck_assert(mpq_equal(lo, hi));
        } else { /* the rounding interval of the figure: the digits-only path settled it */
            mpq_sub(hi, hi, lo);
            mpq_set_ui(lo, 1, 100);
            ck_assert(mpq_equal(hi, lo));
        }
        mpq_clears(lo, hi, NULL);
        owed_apr_result_free(res);
        owed_apr_flows_free(f);
    }
}
END_TEST

static Suite *apr_suite(void)
{
    Suite *s = suite_create("apr");
    TCase *t = tcase_create("regz");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, regz_c1i);
    tcase_add_test(t, regz_c1ii);
    tcase_add_test(t, regz_c1iii);
    tcase_add_test(t, regz_c1iv);
    tcase_add_test(t, regz_c1v);
    tcase_add_test(t, regz_c2i);
    tcase_add_test(t, regz_c2ii);
    tcase_add_test(t, regz_c3i);
    tcase_add_test(t, regz_c3ii);
    tcase_add_test(t, regz_c3ii_wide_bracket);
    tcase_add_test(t, regz_c4i);
    tcase_add_test(t, regz_c4ii);
    tcase_add_test(t, regz_c5i);
    tcase_add_test(t, regz_c5ii);
    tcase_add_test(t, regz_c5iii);
    tcase_add_test(t, regz_c5iv);
    tcase_add_test(t, regz_c6i);
    tcase_add_test(t, regz_c6ii);
    tcase_add_test(t, regz_b9);
    tcase_add_test(t, regz_payday);
    tcase_add_test(t, regz_third_party);
    tcase_add_test(t, regz_tolerance);
    suite_add_tcase(s, t);
    t = tcase_create("eu-uk");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, eu_98_7);
    tcase_add_test(t, eu_time_measure);
    tcase_add_test(t, eu_21_days);
    tcase_add_test(t, uk_100_30);
    tcase_add_test(t, uk_tolerance);
    suite_add_tcase(s, t);
    t = tcase_create("xirr-pboc-simple");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, xirr_microsoft);
    tcase_add_test(t, xirr_openoffice);
    tcase_add_test(t, xirr_docs_rs);
    tcase_add_test(t, xirr_exact_powers);
    tcase_add_test(t, pboc_example);
    tcase_add_test(t, simple_single);
    suite_add_tcase(s, t);
    t = tcase_create("roots");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, no_root);
    tcase_add_test(t, two_roots);
    tcase_add_test(t, roots_at_zero);
    tcase_add_test(t, compare_caps);
    tcase_add_test(t, significant_digits);
    tcase_add_test(t, flows_parsing);
    tcase_add_test(t, bad_input);
    suite_add_tcase(s, t);
    t = tcase_create("internals");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, descriptions_on_request);
    tcase_add_test(t, wide_denominator);
    tcase_add_test(t, mixed_denominators);
    tcase_add_test(t, limb_path);
    tcase_add_test(t, pow_paths);
    tcase_add_test(t, flows_calendar_bounds);
    tcase_add_test(t, flows_keep_amounts);
    tcase_add_test(t, split_payments_summed);
    suite_add_tcase(s, t);
    t = tcase_create("digits-only");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, digits_only_random);
    tcase_add_test(t, digits_only_boundary);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(apr_suite());
    srunner_run_all(r, CK_ENV);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
