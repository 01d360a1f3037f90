/* Unit tests of the regimes and rate tables (regime.c, regime_read.c, rate_table.c): every
 * shipped regime loads and validates; one-year LPR lookups; the caps of the shipped Chinese
 * regimes on given days (the transition of 2020-08-20 included); breakpoints; the other
 * rules; and regime files with errors, which must give FILE:LINE.
 * The data (schemas, regimes, tables) come from $OWED_DATADIR (set by make check), else
 * $top_srcdir/data. */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rate_table.h"
#include "regime.h"

static char datadir[4096];

static void find_datadir(void)
{
    const char *data = getenv("OWED_DATADIR");
    const char *top = getenv("top_srcdir");
    if (data && *data)
        snprintf(datadir, sizeof datadir, "%s", data);
    else
        snprintf(datadir, sizeof datadir, "%s/data", top && *top ? top : ".");
}

static owed_date ymd(int y, int m, int d)
{
    return owed_date_from_ymd(y, m, d);
}

/* q equals the exact rational written "a" or "a/b". */
static void assert_q(const mpq_t q, const char *exact)
{
    mpq_t want;
    mpq_init(want);
    ck_assert_int_eq(mpq_set_str(want, exact, 10), 0);
    mpq_canonicalize(want);
    int same = mpq_equal(q, want);
    mpq_clear(want);
    if (!same) {
        char *got = mpq_get_str(NULL, 10, q);
        ck_abort_msg("value %s, expected %s", got, exact);
    }
}

static owed_regime *load(const char *id)
{
    owed_regime *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_regime_load(id, datadir, &r, &err);
    if (st != OWED_OK)
        ck_abort_msg("%s: %s:%ld: %s", id, err.file, err.line, err.text);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* ------------------------------------------------------------------ shipped files */

static const char *const shipped[] = {"cn-cash-loan-2017", "cn-licensed", "cn-private-1991",
                                      "cn-private-1991-6m", "cn-private-2015",
                                      "cn-private-2015-strict", "cn-private-2020",
                                      "cn-private-2020-withheld-charge", "gb-fca-hcstc",
                                      "jp-interest-rate-act",
                                      "jp-interest-rate-act-basic-contract",
                                      "jp-interest-rate-act-business",
                                      "jp-interest-rate-act-by-day",
                                      "jp-interest-rate-act-exact", "us-ca-deferred-deposit",
                                      "us-co-deferred-deposit", "us-il-plpa", "us-mla",
                                      "us-oh-short-term-loan"};

START_TEST(test_list_sorted)
{
    char **ids;
    size_t n;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_regime_list(datadir, &ids, &n, &err), OWED_OK);
    ck_assert_uint_eq(n, sizeof shipped / sizeof shipped[0]);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(ids[i], shipped[i]);
    owed_regime_list_free(ids, n);
}
END_TEST

/* Every rule of every shipped regime carries a citation, and every title is there. */
START_TEST(test_shipped_load)
{
    owed_regime *r = load(shipped[_i]);
    ck_assert_str_eq(owed_regime_id(r), shipped[_i]);
    int jp = strncmp(shipped[_i], "jp-", 3) == 0, cn = strncmp(shipped[_i], "cn-", 3) == 0;
    const char *j = owed_regime_jurisdiction(r);
    ck_assert_str_eq(j, jp ? "JP" : cn ? "CN" : j); /* the others: below */
    ck_assert(jp || cn || strcmp(j, "GB") == 0 || strncmp(j, "US", 2) == 0);
    ck_assert(owed_regime_has_title(r, "en"));
    ck_assert(owed_regime_has_title(r, "zh"));
    ck_assert(!jp || owed_regime_has_title(r, "ja"));
    ck_assert_ptr_nonnull(owed_regime_day_rule(r)->why.cite);
    /* the Chinese regimes round nothing; the Japanese truncate each interval to the yen,
       but for the variant that computes exactly */
    int rounds = jp && strcmp(shipped[_i], "jp-interest-rate-act-exact") != 0;
    ck_assert_int_eq(owed_regime_day_rule(r)->has_rounding, rounds);
    assert_q(owed_regime_day_rule(r)->rounding_unit, rounds ? "1" : "0");
    ck_assert_int_eq(owed_regime_has_tiers(r), jp);
    ck_assert(!jp || owed_regime_tier(r)->why.cite != NULL);
    ck_assert(owed_regime_n_periods(r) >= 1 || owed_regime_charge_limit(r)->present);
    for (size_t i = 0; i < owed_regime_n_periods(r); i++) {
        const owed_cap_period *p = owed_regime_period(r, i);
        ck_assert_ptr_nonnull(p->why.cite);
        ck_assert_ptr_nonnull(p->above_why.cite);
        ck_assert_uint_ge(p->n_bands, 1);
        for (size_t b = 0; b < p->n_bands; b++) {
            ck_assert_ptr_nonnull(p->bands[b].why.cite);
            ck_assert_ptr_nonnull(p->bands[b].why.cite->instrument);
            ck_assert_int_gt(p->bands[b].why.line, 0);
        }
        ck_assert_int_eq(p->above, OWED_BAND_VOID);
    }
    ck_assert_ptr_nonnull(owed_regime_charges(r)->why.cite);
    ck_assert_ptr_nonnull(owed_regime_principal(r)->why.cite);
    ck_assert_ptr_nonnull(owed_regime_payment_order(r)->why.cite);
    ck_assert_ptr_nonnull(owed_regime_allocation(r)->why.cite);
    ck_assert_ptr_nonnull(owed_regime_overpayment(r)->why.cite);
    owed_regime_free(r);
}
END_TEST

/* ------------------------------------------------------------------ the LPR table */

static owed_rate_table *table(const char *id)
{
    owed_rate_table *t = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_rate_table_load(id, datadir, &t, &err) != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    return t;
}

static owed_rate_table *lpr(void)
{
    return table("cn-lpr-1y");
}

/* Every row of `t` names a source, and the rows ascend. */
static void assert_rows_sourced(const owed_rate_table *t)
{
    for (size_t k = 0; k < owed_rate_table_size(t); k++) {
        const owed_rate_row *row = owed_rate_table_row(t, k);
        ck_assert(row->source[0] != '\0');
        if (k > 0)
            ck_assert_int_gt(row->date, owed_rate_table_row(t, k - 1)->date);
    }
}

/* A lookup on y-m-d before the first row of `t` fails with `message`. */
static void assert_no_rate(const owed_rate_table *t, int y, int m, int d, const char *message)
{
    mpq_t rate;
    mpq_init(rate);
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_rate_table_lookup(t, ymd(y, m, d), rate, NULL, &err), OWED_E_SEMANTIC);
    ck_assert_msg(strstr(err.text, message) != NULL, "%s", err.text);
    mpq_clear(rate);
}

/* rate in force on y-m-d is `exact`; returns the lookup info */
static owed_rate_lookup lookup_ok(const owed_rate_table *t, int y, int m, int d, const char *exact)
{
    mpq_t rate;
    mpq_init(rate);
    owed_rate_lookup info;
    owed_error err;
    owed_error_clear(&err);
    if (owed_rate_table_lookup(t, ymd(y, m, d), rate, &info, &err) != OWED_OK)
        ck_abort_msg("%04d-%02d-%02d: %s", y, m, d, err.text);
    assert_q(rate, exact);
    mpq_clear(rate);
    return info;
}

START_TEST(test_lpr_lookup)
{
    owed_rate_table *t = lpr();
    ck_assert_str_eq(owed_rate_table_id(t), "cn-lpr-1y");
    ck_assert_int_eq(owed_rate_table_complete_until(t), ymd(2026, 2, 24));

    owed_rate_lookup i = lookup_ok(t, 2020, 8, 20, "77/2000"); /* 3.85 % */
    ck_assert_int_eq(i.fixing, ymd(2020, 8, 20));
    ck_assert_int_eq(i.beyond_complete, 0);
    i = lookup_ok(t, 2019, 8, 20, "17/400"); /* 4.25 %, the first fixing */
    ck_assert_int_eq(i.fixing, ymd(2019, 8, 20));
    lookup_ok(t, 2019, 9, 19, "17/400");
    lookup_ok(t, 2019, 9, 20, "21/500");   /* 4.20 % */
    lookup_ok(t, 2021, 12, 19, "77/2000"); /* the day before a change */
    lookup_ok(t, 2021, 12, 20, "19/500");  /* 3.80 % */
    lookup_ok(t, 2024, 10, 20, "67/2000"); /* 3.35 % */
    i = lookup_ok(t, 2024, 10, 21, "31/1000"); /* 3.10 % */
    ck_assert_int_eq(i.unconfirmed, 0);
    lookup_ok(t, 2021, 5, 20, "77/2000");
    i = lookup_ok(t, 2025, 2, 25, "31/1000"); /* an UNCONFIRMED fixing date */
    ck_assert_int_eq(i.fixing, ymd(2025, 2, 20));
    ck_assert_int_eq(i.unconfirmed, 1);
    i = lookup_ok(t, 2026, 2, 24, "3/100");
    ck_assert_int_eq(i.beyond_complete, 0);
    i = lookup_ok(t, 2026, 6, 1, "3/100"); /* beyond the table: last rate, flagged */
    ck_assert_int_eq(i.beyond_complete, 1);
    ck_assert_int_eq(i.fixing, ymd(2026, 2, 24));

    /* before the first fixing: an error, and the rate untouched */
    mpq_t rate;
    mpq_init(rate);
    mpq_set_ui(rate, 7, 1);
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_rate_table_lookup(t, ymd(2019, 8, 19), rate, NULL, &err),
                     OWED_E_SEMANTIC);
    ck_assert_ptr_nonnull(strstr(err.text, "no one-year LPR before 2019-08-20"));
    assert_q(rate, "7");
    mpq_clear(rate);

    /* every row has a source; rows ascend */
    assert_rows_sourced(t);
    owed_rate_table_free(t);
}
END_TEST

/* The PBoC benchmark lending rates (before the LPR): the one-year bracket from 1997-10-23,
 * the six-month bracket from 2007-12-21, both complete until 2019-08-19. */
START_TEST(test_benchmark_lookup)
{
    owed_rate_table *t = table("cn-pboc-benchmark-1y");
    ck_assert_int_eq(owed_rate_table_complete_until(t), ymd(2019, 8, 19));
    owed_rate_lookup i = lookup_ok(t, 1997, 10, 23, "54/625"); /* 8.64 %, the first row */
    lookup_ok(t, 2007, 12, 20, "729/10000");                   /* 7.29 % */
    lookup_ok(t, 2007, 12, 21, "747/10000");                   /* 7.47 % */
    i = lookup_ok(t, 2014, 1, 10, "3/50");                     /* 6.00 % since 2012-07-06 */
    ck_assert_int_eq(i.fixing, ymd(2012, 7, 6));
    lookup_ok(t, 2014, 11, 21, "3/50");
    lookup_ok(t, 2014, 11, 22, "7/125");                       /* 5.60 % */
    i = lookup_ok(t, 2015, 10, 24, "87/2000");                 /* 4.35 %, the last change */
    ck_assert_int_eq(i.unconfirmed, 0);
    i = lookup_ok(t, 2019, 8, 19, "87/2000");
    ck_assert_int_eq(i.beyond_complete, 0);
    i = lookup_ok(t, 2019, 8, 20, "87/2000");
    ck_assert_int_eq(i.beyond_complete, 1);
    assert_no_rate(t, 1997, 10, 22, "no PBoC one-year benchmark lending rate before 1997-10-23");
    assert_rows_sourced(t);
    owed_rate_table_free(t);

    t = table("cn-pboc-benchmark-6m");
    ck_assert_int_eq(owed_rate_table_complete_until(t), ymd(2019, 8, 19));
    lookup_ok(t, 2007, 12, 21, "657/10000"); /* 6.57 % */
    lookup_ok(t, 2009, 6, 1, "243/5000");    /* 4.86 % from 2008-12-23 */
    lookup_ok(t, 2011, 7, 7, "61/1000");     /* 6.10 % */
    i = lookup_ok(t, 2014, 1, 10, "7/125");  /* 5.60 % since 2012-07-06 */
    ck_assert_int_eq(i.fixing, ymd(2012, 7, 6));
    ck_assert_int_eq(i.unconfirmed, 0);
    i = lookup_ok(t, 2014, 11, 22, "7/125"); /* the merged bracket: UNCONFIRMED */
    ck_assert_int_eq(i.unconfirmed, 1);
    assert_no_rate(t, 2007, 12, 20, "no PBoC six-month benchmark lending rate before 2007-12-21");
    assert_rows_sourced(t);
    owed_rate_table_free(t);
}
END_TEST

/* ------------------------------------------------------------------ caps */

/* The cap of `r` for a loan formed f, filed g, on day d; must apply. */
static void cap(const owed_regime *r, owed_date f, owed_date g, owed_date d, owed_cap_view *v)
{
    int applies = -1;
    owed_error err;
    owed_error_clear(&err);
    if (owed_regime_cap_on(r, f, g, d, v, &applies, &err) != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    ck_assert_int_eq(applies, 1);
}

START_TEST(test_cap_2020_transition)
{
    owed_regime *r = load("cn-private-2020");
    owed_cap_view v;
    owed_cap_view_init(&v);
    owed_date formed = ymd(2017, 1, 7), filing = ymd(2021, 5, 20);

    /* Jingning (cn.md E1): 2019-04-27 under the 2015 bands */
    cap(r, formed, filing, ymd(2019, 4, 27), &v);
    ck_assert_uint_eq(v.n_bands, 2);
    assert_q(v.limit[0], "6/25"); /* 24 % */
    assert_q(v.limit[1], "9/25"); /* 36 % */
    ck_assert_int_eq(v.effect[0], OWED_BAND_ENFORCEABLE);
    ck_assert_int_eq(v.effect[1], OWED_BAND_RETAINED_IF_PAID);
    ck_assert_int_eq(v.above, OWED_BAND_VOID);
    ck_assert_int_eq(v.uses_table, 0);
    ck_assert_ptr_nonnull(v.cite[0]);
    ck_assert_ptr_nonnull(v.period_cite);
    ck_assert_ptr_nonnull(strstr(v.period_label, "2015"));

    cap(r, formed, filing, ymd(2020, 8, 19), &v); /* the last day of the old rules */
    ck_assert_uint_eq(v.n_bands, 2);

    /* from 2020-08-20: 4 x LPR at filing (2021-05-20: 3.85 %) = 15.4 % */
    cap(r, formed, filing, ymd(2020, 8, 20), &v);
    ck_assert_uint_eq(v.n_bands, 1);
    assert_q(v.limit[0], "77/500");
    ck_assert_int_eq(v.effect[0], OWED_BAND_ENFORCEABLE);
    ck_assert_int_eq(v.above, OWED_BAND_VOID);
    ck_assert_int_eq(v.uses_table, 1);
    ck_assert_str_eq(v.table_id, "cn-lpr-1y");
    ck_assert_int_eq(v.table_ref, OWED_REF_FILING);
    ck_assert_int_eq(v.table_date, filing);
    ck_assert_int_eq(v.table_fixing, ymd(2021, 5, 20));
    ck_assert_int_eq(v.table_beyond_complete, 0);
    assert_q(v.table_rate, "77/2000");
    ck_assert_int_eq(v.from_table[0], 1);
    assert_q(v.multiple[0], "4");
    ck_assert_int_eq(v.basis, OWED_BASIS_365);
    ck_assert_int_eq(v.count, OWED_COUNT_FIRST_NOT_LAST);

    /* a later filing picks a later LPR */
    cap(r, formed, ymd(2024, 11, 1), ymd(2022, 1, 1), &v);
    assert_q(v.limit[0], "31/250"); /* 4 x 3.10 % = 12.4 % */

    /* formed on/after 2020-08-20: 4 x LPR at formation, whatever the filing date */
    cap(r, ymd(2021, 3, 1), filing, ymd(2021, 3, 1), &v);
    assert_q(v.limit[0], "77/500");
    ck_assert_int_eq(v.table_ref, OWED_REF_FORMATION);
    ck_assert_int_eq(v.table_date, ymd(2021, 3, 1));
    ck_assert_int_eq(v.table_fixing, ymd(2021, 2, 20));
    cap(r, ymd(2024, 11, 1), ymd(2025, 6, 1), ymd(2025, 1, 15), &v);
    assert_q(v.limit[0], "31/250"); /* 12.4 % */
    cap(r, ymd(2020, 8, 20), ymd(2025, 6, 1), ymd(2020, 9, 1), &v);
    assert_q(v.limit[0], "77/500");
    ck_assert_int_eq(v.table_ref, OWED_REF_FORMATION);

    /* a formation date beyond the table: the last rate, flagged */
    cap(r, ymd(2026, 3, 5), ymd(2026, 6, 1), ymd(2026, 3, 5), &v);
    assert_q(v.limit[0], "3/25"); /* 4 x 3.00 % = 12 % */
    ck_assert_int_eq(v.table_beyond_complete, 1);

    ck_assert(owed_regime_uses_reference(r, OWED_REF_FILING));
    ck_assert(owed_regime_uses_reference(r, OWED_REF_FORMATION));
    ck_assert(!owed_regime_uses_reference(r, OWED_REF_ACCRUAL));
    ck_assert_uint_eq(owed_regime_n_tables(r), 1);

    owed_cap_view_clear(&v);
    owed_regime_free(r);
}
END_TEST

START_TEST(test_breakpoints_2020)
{
    owed_regime *r = load("cn-private-2020");
    owed_date out[4];
    /* an old loan: the one change is at 2020-08-20 */
    size_t n = owed_regime_breakpoints(r, ymd(2017, 1, 7), ymd(2021, 5, 20), ymd(2017, 1, 7),
                                       ymd(2022, 1, 1), out, 4);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(out[0], ymd(2020, 8, 20));
    /* counted even when no room is given */
    ck_assert_uint_eq(owed_regime_breakpoints(r, ymd(2017, 1, 7), ymd(2021, 5, 20),
                                              ymd(2017, 1, 7), ymd(2022, 1, 1), NULL, 0),
                      1);
    /* from and to are excluded */
    ck_assert_uint_eq(owed_regime_breakpoints(r, ymd(2017, 1, 7), ymd(2021, 5, 20),
                                              ymd(2020, 8, 20), ymd(2022, 1, 1), out, 4),
                      0);
    ck_assert_uint_eq(owed_regime_breakpoints(r, ymd(2017, 1, 7), ymd(2021, 5, 20),
                                              ymd(2019, 1, 1), ymd(2020, 8, 20), out, 4),
                      0);
    /* a new loan: one cap for its whole life */
    ck_assert_uint_eq(owed_regime_breakpoints(r, ymd(2021, 3, 1), ymd(2021, 5, 20),
                                              ymd(2021, 3, 1), ymd(2026, 1, 1), out, 4),
                      0);
    owed_regime_free(r);
}
END_TEST

START_TEST(test_cap_2015_and_variants)
{
    owed_cap_view v;
    owed_cap_view_init(&v);
    owed_date f = ymd(2017, 12, 21), g = ymd(2018, 6, 10), d = ymd(2018, 1, 11);

    owed_regime *r = load("cn-private-2015");
    cap(r, f, g, d, &v);
    ck_assert_uint_eq(v.n_bands, 2);
    assert_q(v.limit[0], "6/25");
    assert_q(v.limit[1], "9/25");
    ck_assert_int_eq(v.effect[0], OWED_BAND_ENFORCEABLE);
    ck_assert_int_eq(v.effect[1], OWED_BAND_RETAINED_IF_PAID);
    ck_assert_int_eq(v.above, OWED_BAND_VOID);
    ck_assert_str_eq(v.cite[0]->instrument, "法释〔2015〕18号");
    ck_assert_str_eq(v.cite[0]->article, "26(1)");
    ck_assert_int_eq(v.cite[0]->date, ymd(2015, 9, 1));
    ck_assert_int_eq(v.cite[0]->confirmed, 1);
    ck_assert_ptr_nonnull(v.cite[1]->next); /* art. 26(2) and art. 31 */
    ck_assert_str_eq(v.cite[1]->next->article, "31");
    char *text = owed_citation_format(v.cite[0]);
    ck_assert_str_eq(text, "法释〔2015〕18号, art. 26(1), 2015-09-01");
    free(text);
    ck_assert_uint_eq(owed_regime_breakpoints(r, f, g, f, g, NULL, 0), 0);
    owed_regime_free(r);

    r = load("cn-private-2015-strict");
    ck_assert_str_eq(owed_regime_variant_of(r), "cn-private-2015");
    cap(r, f, g, d, &v);
    ck_assert_uint_eq(v.n_bands, 2);
    ck_assert_int_eq(v.effect[0], OWED_BAND_ENFORCEABLE);
    ck_assert_int_eq(v.effect[1], OWED_BAND_VOID);
    ck_assert_int_eq(v.above, OWED_BAND_VOID);
    owed_regime_free(r);

    r = load("cn-licensed");
    cap(r, f, g, d, &v);
    ck_assert_uint_eq(v.n_bands, 1);
    assert_q(v.limit[0], "6/25");
    ck_assert_int_eq(v.above, OWED_BAND_VOID);
    owed_regime_free(r);

    /* before 2015-09-01: 4 x the benchmark at formation, one-year or six-month bracket */
    r = load("cn-private-1991");
    owed_date f14 = ymd(2014, 1, 10), d14 = ymd(2014, 3, 1);
    cap(r, f14, g, d14, &v);
    ck_assert_uint_eq(v.n_bands, 1);
    assert_q(v.limit[0], "6/25"); /* 4 x 6.00 % */
    ck_assert_int_eq(v.effect[0], OWED_BAND_ENFORCEABLE);
    ck_assert_int_eq(v.above, OWED_BAND_VOID);
    ck_assert_str_eq(v.table_id, "cn-pboc-benchmark-1y");
    ck_assert_int_eq(v.table_ref, OWED_REF_FORMATION);
    ck_assert_int_eq(v.table_date, f14);
    ck_assert_str_eq(v.cite[0]->article, "6");
    ck_assert_int_eq(v.cite[0]->date, ymd(1991, 8, 13));
    int applies = -1;
    ck_assert_int_eq(owed_regime_cap_on(r, ymd(2015, 9, 1), g, d, &v, &applies, NULL), OWED_OK);
    ck_assert_int_eq(applies, 0); /* formed on 2015-09-01: the 2015 provisions */
    owed_regime_free(r);
    r = load("cn-private-1991-6m");
    ck_assert_str_eq(owed_regime_variant_of(r), "cn-private-1991");
    cap(r, f14, g, d14, &v);
    assert_q(v.limit[0], "28/125"); /* 4 x 5.60 % = 22.4 % */
    ck_assert_str_eq(v.table_id, "cn-pboc-benchmark-6m");
    owed_regime_free(r);

    r = load("cn-cash-loan-2017");
    cap(r, f, g, d, &v);
    ck_assert_uint_eq(v.n_bands, 1);
    assert_q(v.limit[0], "9/25");
    ck_assert_int_eq(v.cite[0]->confirmed, 0); /* the 36 % reading is UNCONFIRMED */
    applies = -1;
    ck_assert_int_eq(owed_regime_cap_on(r, ymd(2017, 11, 30), g, d, &v, &applies, NULL), OWED_OK);
    ck_assert_int_eq(applies, 0); /* formed before the notice */
    ck_assert_uint_eq(v.n_bands, 0);
    ck_assert_ptr_null(v.period);
    owed_regime_free(r);
    owed_cap_view_clear(&v);
}
END_TEST

/* The US regimes' limits that are not rate caps: Ohio's monthly maintenance fee (the lesser of
 * 10 % of the principal and $30 a month, fees charged by the day or by the period only) and
 * California's check (the money received and the fee) of at most $300 for at most 31 days. */
START_TEST(test_us_limits)
{
    owed_regime *r = load("us-oh-short-term-loan");
    const owed_period_limit *pl = owed_regime_period_limit(r);
    ck_assert_int_eq(pl->present, 1);
    ck_assert_int_eq(pl->periodic_fees, 1);
    ck_assert_int_eq(pl->fees, 0);
    ck_assert_int_eq(pl->late_fees, 0);
    ck_assert_int_eq(pl->has_amount && pl->has_share, 1);
    assert_q(pl->amount, "30");
    assert_q(pl->share, "1/10");
    ck_assert_ptr_nonnull(pl->why.cite);
    ck_assert_int_eq(owed_regime_loan_limit(r)->present, 0);
    owed_regime_free(r);

    r = load("us-ca-deferred-deposit");
    const owed_loan_limit *ll = owed_regime_loan_limit(r);
    ck_assert_int_eq(ll->present, 1);
    ck_assert_int_eq(ll->has_amount, 1);
    ck_assert_int_eq(ll->with_fees, 1);
    assert_q(ll->amount, "300");
    ck_assert_int_eq(ll->has_term, 1);
    ck_assert_int_eq(ll->term_days, 31);
    char *cites = owed_citations_format(ll->why.cite);
    ck_assert_str_eq(cites, "California Financial Code, art. 23035");
    free(cites);
    ck_assert_int_eq(owed_regime_period_limit(r)->present, 0);
    owed_regime_free(r);
}
END_TEST

START_TEST(test_other_rules)
{
    owed_regime *r = load("cn-private-2015");
    const owed_charge_rule *ch = owed_regime_charges(r);
    ck_assert_int_eq(ch->all, 1);
    ck_assert_int_eq(ch->withheld, 1);
    ck_assert(owed_regime_counts_component(r, OWED_COMP_INTEREST));
    ck_assert(owed_regime_counts_component(r, OWED_COMP_PENALTY));
    ck_assert(owed_regime_counts_component(r, OWED_COMP_FEE));
    ck_assert(owed_regime_counts_component(r, OWED_COMP_COST));
    ck_assert(!owed_regime_counts_component(r, OWED_COMP_PRINCIPAL));
    ck_assert_int_eq(owed_regime_principal(r)->basis, OWED_PRINCIPAL_DELIVERED);
    const owed_payment_order_rule *po = owed_regime_payment_order(r);
    ck_assert_int_eq(po->order[0], OWED_PAY_COSTS);
    ck_assert_int_eq(po->order[1], OWED_PAY_CHARGES);
    ck_assert_int_eq(po->order[2], OWED_PAY_PRINCIPAL);
    ck_assert_str_eq(po->why.cite->instrument, "民法典");
    ck_assert_str_eq(po->why.cite->article, "561");
    const owed_allocation_rule *al = owed_regime_allocation(r);
    ck_assert_uint_eq(al->n, 6);
    ck_assert_int_eq(al->order[0], OWED_ALLOC_DESIGNATED);
    ck_assert_int_eq(al->order[5], OWED_ALLOC_PRO_RATA);
    ck_assert_int_eq(al->burden, OWED_BURDEN_DAILY_COST);
    ck_assert_str_eq(owed_burden_measure_name(al->burden), "daily-cost");
    ck_assert_str_eq(al->why.cite->article, "560");
    const owed_overpayment_rule *ov = owed_regime_overpayment(r);
    ck_assert_int_eq(ov->refund, 1);
    ck_assert_int_eq(ov->has_interest, 0);
    mpq_t q;
    mpq_init(q);
    ck_assert_int_eq(owed_regime_refund_rate(r, ymd(2020, 1, 1), q), 0);
    mpq_clear(q);
    const owed_day_rule *day = owed_regime_day_rule(r);
    ck_assert_int_eq(day->basis, OWED_BASIS_365);
    ck_assert_int_eq(day->count, OWED_COUNT_FIRST_NOT_LAST);
    ck_assert_int_eq(day->why.cite->confirmed, 0); /* no national day-count rule found */
    size_t n;
    owed_regime_notes(r, &n);
    ck_assert_uint_ge(n, 1);
    ck_assert_ptr_nonnull(owed_regime_scope(r)->cite);
    owed_regime_free(r);
}
END_TEST

/* ------------------------------------------------------------------ user files */

static char tmpdir[4096];

static void make_tmpdir(void)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/owed-regime-XXXXXX", dir && *dir ? dir : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    rmdir(tmpdir);
}

/* The head of a test regime: its <day-count> (line 4) comes between the two parts, and the
 * <cap> elements start on line 6. */
static const char head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<regime xmlns=\"urn:owed:regime:1\" id=\"test\" jurisdiction=\"XX\">\n"
    "  <title lang=\"en\">Test regime</title>\n";
static const char default_day[] =
    "  <day-count basis=\"360\"><cite instrument=\"T\"/></day-count>\n";
static const char head_end[] = "  <!-- caps follow -->\n";

static const char tail[] =
    "  <charges include=\"listed\"><kind>interest</kind><kind>withheld</kind>"
    "<cite instrument=\"T\"/></charges>\n"
    "  <principal basis=\"nominal\"><cite instrument=\"T\"/></principal>\n"
    "  <payment-order order=\"charges costs principal\"><cite instrument=\"T\"/></payment-order>\n"
    "  <allocation order=\"due pro-rata\"><cite instrument=\"T\"/></allocation>\n"
    "  <overpayment treatment=\"refund\" interest=\"rate\">"
    "<interest-rate rate=\"5%\" arising-until=\"2020-03-31\"/>"
    "<interest-rate rate=\"3%\" arising-from=\"2020-04-01\"/>"
    "<cite instrument=\"T\"/></overpayment>\n"
    "</regime>\n";

/* Writes head + day + caps + tail to TMPDIR/regime.xml; returns the path (static).  `day`
 * is one line, NULL for default_day. */
static const char *write_regime_day(const char *day, const char *caps)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/regime.xml", tmpdir);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(head, fp);
    fputs(day != NULL ? day : default_day, fp);
    fputs(head_end, fp);
    fputs(caps, fp);
    fputs(tail, fp);
    ck_assert_int_eq(fclose(fp), 0);
    return path;
}

static const char *write_regime(const char *caps)
{
    return write_regime_day(NULL, caps);
}

static const char good_caps[] =
    "  <cap label=\"old\" until=\"2019-12-31\">\n"                                 /* 6 */
    "    <cite instrument=\"T\"/>\n"                                              /* 7 */
    "    <band limit=\"20%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n" /* 8 */
    "    <above effect=\"void\"><cite instrument=\"T\"/></above>\n"               /* 9 */
    "  </cap>\n"                                                                  /* 10 */
    "  <cap label=\"new\" from=\"2020-01-01\" count=\"both\">\n"                  /* 11 */
    "    <cite instrument=\"T\" confirmed=\"no\"><note>a  note\n  on two lines</note></cite>\n"
    "    <band multiple=\"1\" table=\"cn-lpr-1y\" at=\"accrual\" effect=\"enforceable\">"
    "<cite instrument=\"T\"/></band>\n"                                           /* 14 */
    "    <band multiple=\"3/2\" table=\"cn-lpr-1y\" at=\"accrual\" effect=\"retained-if-paid\">"
    "<cite instrument=\"T\"/></band>\n"                                           /* 15 */
    "    <above effect=\"void\"><cite instrument=\"T\"/></above>\n"
    "  </cap>\n";

START_TEST(test_user_regime)
{
    make_tmpdir();
    const char *path = write_regime(good_caps);
    owed_regime *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_regime_load(path, datadir, &r, &err) != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    ck_assert_str_eq(owed_regime_id(r), "test");
    ck_assert_str_eq(owed_regime_title(r, "zh"), "Test regime"); /* falls back to English */
    ck_assert(!owed_regime_has_title(r, "zh"));
    const owed_cap_period *p = owed_regime_period(r, 1);
    ck_assert_int_eq(p->basis, OWED_BASIS_360);             /* the regime's */
    ck_assert_int_eq(p->count, OWED_COUNT_BOTH_ENDS);        /* the period's own */
    ck_assert_str_eq(p->why.cite->notes[0], "a note on two lines");
    ck_assert_int_eq(p->why.cite->confirmed, 0);
    ck_assert_int_eq(p->bands[1].why.line, 15);
    ck_assert(!owed_regime_counts_component(r, OWED_COMP_FEE));
    ck_assert(owed_regime_counts_component(r, OWED_COMP_INTEREST));
    ck_assert_int_eq(owed_regime_charges(r)->withheld, 1);
    ck_assert_int_eq(owed_regime_principal(r)->basis, OWED_PRINCIPAL_NOMINAL);
    ck_assert_int_eq(owed_regime_payment_order(r)->order[0], OWED_PAY_CHARGES);
    ck_assert_int_eq(owed_regime_allocation(r)->burden, OWED_BURDEN_DAILY_COST); /* default */

    mpq_t q;
    mpq_init(q);
    ck_assert_int_eq(owed_regime_refund_rate(r, ymd(2019, 5, 1), q), 1);
    assert_q(q, "1/20");
    ck_assert_int_eq(owed_regime_refund_rate(r, ymd(2020, 4, 1), q), 1);
    assert_q(q, "3/100");
    mpq_clear(q);

    /* a limit on the accrual day */
    owed_cap_view v;
    owed_cap_view_init(&v);
    cap(r, ymd(2019, 1, 1), ymd(2023, 1, 1), ymd(2021, 12, 20), &v);
    assert_q(v.limit[0], "19/500");  /* 1 x 3.80 % */
    assert_q(v.limit[1], "57/1000"); /* 3/2 x 3.80 % */
    ck_assert_int_eq(v.table_ref, OWED_REF_ACCRUAL);
    ck_assert_int_eq(v.table_date, ymd(2021, 12, 20));
    /* breakpoints: the period start, then the LPR changes (same-rate fixings skipped) */
    owed_date out[8];
    size_t n = owed_regime_breakpoints(r, ymd(2019, 1, 1), 0, ymd(2019, 6, 1),
                                       ymd(2020, 5, 1), out, 8);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(out[0], ymd(2020, 1, 1));
    ck_assert_int_eq(out[1], ymd(2020, 2, 20));
    ck_assert_int_eq(out[2], ymd(2020, 4, 20));
    n = owed_regime_breakpoints(r, ymd(2019, 1, 1), 0, ymd(2025, 1, 1), ymd(2026, 12, 31), out,
                                8);
    /* 2025-02-20 (unconfirmed), 03-20 (confirmed again), 05-20 (3.00 %), 10-20 and 11-20
     * (around the other unconfirmed row), 2026-02-25 (beyond complete-until) */
    ck_assert_uint_eq(n, 6);
    ck_assert_int_eq(out[0], ymd(2025, 2, 20));
    ck_assert_int_eq(out[1], ymd(2025, 3, 20));
    ck_assert_int_eq(out[2], ymd(2025, 5, 20));
    ck_assert_int_eq(out[3], ymd(2025, 10, 20));
    ck_assert_int_eq(out[4], ymd(2025, 11, 20));
    ck_assert_int_eq(out[5], ymd(2026, 2, 25));
    n = owed_regime_breakpoints(r, ymd(2019, 1, 1), 0, ymd(2026, 1, 1), ymd(2026, 12, 31), out,
                                8);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(out[0], ymd(2026, 2, 25)); /* beyond complete-until */

    owed_cap_view_clear(&v);
    owed_regime_free(r);
    unlink(path);
    remove_tmpdir();
}
END_TEST

START_TEST(test_table_before_first_fixing)
{
    make_tmpdir();
    const char *path = write_regime(good_caps);
    owed_regime *r = NULL;
    ck_assert_int_eq(owed_regime_read_file(path, datadir, &r, NULL), OWED_OK);
    owed_cap_view v;
    owed_cap_view_init(&v);
    int applies = -1;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_regime_cap_on(r, ymd(2019, 1, 1), ymd(2023, 1, 1), ymd(2020, 1, 1),
                                        &v, &applies, &err),
                     OWED_OK);
    ck_assert_int_eq(applies, 1);
    owed_regime_free(r);
    r = NULL;
    owed_cap_view_clear(&v);

    /* a period whose accrual-day LPR would be needed in 2019-05: an error at the band */
    path = write_regime("  <cap label=\"x\">\n"
                        "    <cite instrument=\"T\"/>\n"
                        "    <band multiple=\"4\" table=\"cn-lpr-1y\" at=\"accrual\" "
                        "effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
                        "    <above effect=\"void\"><cite instrument=\"T\"/></above>\n"
                        "  </cap>\n");
    ck_assert_int_eq(owed_regime_read_file(path, datadir, &r, NULL), OWED_OK);
    owed_cap_view_init(&v);
    ck_assert_int_eq(owed_regime_cap_on(r, ymd(2019, 1, 1), ymd(2023, 1, 1), ymd(2019, 5, 1),
                                        &v, &applies, &err),
                     OWED_E_SEMANTIC);
    ck_assert_int_eq(applies, 0);
    ck_assert_uint_eq(v.n_bands, 0);
    ck_assert_str_eq(err.file, path);
    ck_assert_int_eq(err.line, 8);
    ck_assert_ptr_nonnull(strstr(err.text, "no one-year LPR before 2019-08-20"));
    owed_cap_view_clear(&v);
    owed_regime_free(r);
    unlink(path);
    remove_tmpdir();
}
END_TEST

/* <day-count rounding rounding-unit>: the mode (truncate is down) and the unit, 0 for the
 * case currency's minor unit. */
static const struct {
    const char *attrs;
    int has_rounding;
    owed_round_mode mode;
    const char *unit;
} day_roundings[] = {
    {"", 0, OWED_ROUND_HALF_UP, "0"},
    {" rounding=\"truncate\" rounding-unit=\"1\"", 1, OWED_ROUND_DOWN, "1"},
    {" rounding=\"half-even\"", 1, OWED_ROUND_HALF_EVEN, "0"},
    {" rounding=\"half-up\" rounding-unit=\"minor\"", 1, OWED_ROUND_HALF_UP, "0"},
    {" rounding=\"up\" rounding-unit=\"0.01\"", 1, OWED_ROUND_UP, "1/100"},
    {" rounding=\"down\" rounding-unit=\"0.5\"", 1, OWED_ROUND_DOWN, "1/2"},
};

START_TEST(test_day_rounding)
{
    char day[256];
    snprintf(day, sizeof day,
             "  <day-count basis=\"actual\"%s><cite instrument=\"T\"/></day-count>\n",
             day_roundings[_i].attrs);
    make_tmpdir();
    const char *path = write_regime_day(day, good_caps);
    owed_regime *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_regime_read_file(path, datadir, &r, &err) != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    const owed_day_rule *d = owed_regime_day_rule(r);
    ck_assert_int_eq(d->basis, OWED_BASIS_ACTUAL);
    ck_assert_int_eq(d->count, OWED_COUNT_FIRST_NOT_LAST);
    ck_assert_int_eq(d->has_rounding, day_roundings[_i].has_rounding);
    if (d->has_rounding)
        ck_assert_int_eq(d->rounding, day_roundings[_i].mode);
    assert_q(d->rounding_unit, day_roundings[_i].unit);
    ck_assert_int_eq(d->why.line, 4);
    owed_regime_free(r);
    unlink(path);
    remove_tmpdir();
}
END_TEST

/* A broken regime file: the code, the line, and a word of the message. */
typedef struct bad_case {
    const char *caps;
    owed_status code;
    long line;
    const char *words;
} bad_case;

static const bad_case bad[] = {
    /* two periods for the same loans and days */
    {"  <cap label=\"a\" from=\"2020-01-01\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"20%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n"
     "  <cap label=\"b\" until=\"2020-01-01\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"20%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SEMANTIC, 9, "overlaps the one on line 6"},
    /* bands that do not ascend */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"36%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <band limit=\"24%\" effect=\"void\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SEMANTIC, 8, "ascend"},
    /* both forms of a limit */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"24%\" multiple=\"4\" table=\"cn-lpr-1y\" at=\"formation\" "
     "effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SEMANTIC, 7, "not both"},
    /* a table form without its reference date */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band multiple=\"4\" table=\"cn-lpr-1y\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SEMANTIC, 7, "multiple, table and at"},
    /* a table that does not exist */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band multiple=\"4\" table=\"xx-none\" at=\"formation\" effect=\"enforceable\">"
     "<cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SEMANTIC, 7, "rate table 'xx-none'"},
    /* an effect outside the vocabulary: the schema says so */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"24%\" effect=\"halved\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SCHEMA, 7, "effect"},
    /* a band without a citation */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"24%\" effect=\"enforceable\"/>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SCHEMA, 7, "band"},
    /* a day that does not exist */
    {"  <cap label=\"a\" from=\"2023-02-29\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"24%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SYNTAX, 6, "2023-02-29"},
    /* an empty range of days */
    {"  <cap label=\"a\" from=\"2023-02-28\" until=\"2023-02-27\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"24%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
     "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n",
     OWED_E_SEMANTIC, 6, "until"},
    /* not well-formed */
    {"  <cap label=\"a\"><cite instrument=\"T\"/>\n"
     "    <band limit=\"24%\" effect=\"enforceable\"><cite instrument=\"T\"/></bnd>\n",
     OWED_E_SYNTAX, 7, "XML"},
};

/* A broken <day-count> (line 4), in a regime otherwise good: as for bad_case, with the
 * <day-count> line in place of the caps. */
static const bad_case bad_day[] = {
    /* a rounding unit without a rounding */
    {"  <day-count rounding-unit=\"1\"><cite instrument=\"T\"/></day-count>\n",
     OWED_E_SEMANTIC, 4, "the attribute 'rounding-unit' needs the attribute 'rounding'"},
    /* a rounding unit of zero */
    {"  <day-count rounding=\"down\" rounding-unit=\"0.00\"><cite instrument=\"T\"/>"
     "</day-count>\n",
     OWED_E_SEMANTIC, 4, "the rounding unit '0.00' is not above zero"},
    /* a rounding outside the vocabulary, a unit that is not a decimal: the schema says so */
    {"  <day-count rounding=\"floor\"><cite instrument=\"T\"/></day-count>\n",
     OWED_E_SCHEMA, 4, "rounding"},
    {"  <day-count rounding=\"up\" rounding-unit=\"1/2\"><cite instrument=\"T\"/>"
     "</day-count>\n",
     OWED_E_SCHEMA, 4, "rounding-unit"},
};

/* Reads the regime of `day` (NULL: the default) and `caps`, which must fail as `b` says. */
static void expect_bad(int i, const char *day, const char *caps, const bad_case *b)
{
    make_tmpdir();
    const char *path = write_regime_day(day, caps);
    owed_regime *r = (owed_regime *)&r; /* must be set to NULL */
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_regime_read_file(path, datadir, &r, &err);
    if (st != b->code || err.line != b->line || strstr(err.text, b->words) == NULL)
        ck_abort_msg("case %d: got %d %s:%ld: %s; expected %d at line %ld with \"%s\"", i,
                     (int)st, err.file, err.line, err.text, (int)b->code, b->line, b->words);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.file, path);
    unlink(path);
    remove_tmpdir();
}

START_TEST(test_bad_regime)
{
    expect_bad(_i, NULL, bad[_i].caps, &bad[_i]);
}
END_TEST

START_TEST(test_bad_day_count)
{
    static const char caps[] =
        "  <cap label=\"a\"><cite instrument=\"T\"/>\n"
        "    <band limit=\"24%\" effect=\"enforceable\"><cite instrument=\"T\"/></band>\n"
        "    <above effect=\"void\"><cite instrument=\"T\"/></above></cap>\n";
    expect_bad(_i, bad_day[_i].caps, caps, &bad_day[_i]);
}
END_TEST

START_TEST(test_load_errors)
{
    owed_regime *r;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_regime_load("no-such-regime", datadir, &r, &err), OWED_E_IO);
    ck_assert_ptr_nonnull(strstr(err.text, "no regime 'no-such-regime'"));
    ck_assert_ptr_null(r);
    ck_assert_int_eq(owed_regime_load("Bad_Id", datadir, &r, &err), OWED_E_ARG);
    ck_assert_int_eq(owed_regime_load("./missing.xml", datadir, &r, &err), OWED_E_IO);
    ck_assert_str_eq(err.file, "./missing.xml");
    ck_assert_int_eq(owed_regime_load("cn-private-2015", "/nonexistent-owed-data", &r, &err),
                     OWED_E_IO);
    char **ids;
    size_t n;
    ck_assert_int_eq(owed_regime_list("/nonexistent-owed-data", &ids, &n, &err), OWED_E_IO);
    ck_assert_ptr_null(ids);

    owed_rate_table *t;
    ck_assert_int_eq(owed_rate_table_load("../etc", datadir, &t, &err), OWED_E_ARG);
    ck_assert_ptr_null(t);
}
END_TEST

int main(void)
{
    find_datadir();
    Suite *s = suite_create("regime");
    TCase *t = tcase_create("shipped");
    tcase_add_test(t, test_list_sorted);
    tcase_add_loop_test(t, test_shipped_load, 0, (int)(sizeof shipped / sizeof shipped[0]));
    suite_add_tcase(s, t);
    t = tcase_create("table");
    tcase_add_test(t, test_lpr_lookup);
    tcase_add_test(t, test_benchmark_lookup);
    suite_add_tcase(s, t);
    t = tcase_create("caps");
    tcase_add_test(t, test_cap_2020_transition);
    tcase_add_test(t, test_breakpoints_2020);
    tcase_add_test(t, test_cap_2015_and_variants);
    tcase_add_test(t, test_other_rules);
    tcase_add_test(t, test_us_limits);
    suite_add_tcase(s, t);
    t = tcase_create("files");
    tcase_add_test(t, test_user_regime);
    tcase_add_test(t, test_table_before_first_fixing);
    tcase_add_loop_test(t, test_day_rounding, 0,
                        (int)(sizeof day_roundings / sizeof day_roundings[0]));
    tcase_add_loop_test(t, test_bad_regime, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_loop_test(t, test_bad_day_count, 0, (int)(sizeof bad_day / sizeof bad_day[0]));
    tcase_add_test(t, test_load_errors);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_ENV);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
