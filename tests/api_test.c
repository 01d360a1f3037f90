/* The public library as a program outside the project sees it: this file includes only
 * <owed.h> and is linked only against the installed libowed (tests/api-install.sh builds
 * it with `pkg-config --cflags --libs owed`).  It builds a case from a memory buffer and
 * checks a lawful figure worked by hand:
 *
 *   10,000 delivered on 2023-01-01 at 36 % a year, 5,000 repaid on 2023-07-01 (181 days).
 *   Under cn-private-2015 the charges enforceable are capped at 24 % a year on a 365-day
 *   basis: 10,000 x 0.24 x 181/365 = 86880/73 (1190.14).  The payment goes to them first,
 *   the rest, 5,000 - 86880/73, to principal, leaving 10,000 - 5,000 + 86880/73 =
 *   451880/73 (6190.14) of principal by law on 2023-07-01, which is also the balance by law.
 *
 * Usage: api_test DATADIR (the data directory of the source tree or of the installation). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include <owed.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char case_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2023-07-01\">\n"
    "  <loan id=\"L1\" contracted=\"2023-01-01\" principal=\"10000.00\" due=\"2023-12-31\">\n"
    "    <disbursement date=\"2023-01-01\" amount=\"10000.00\"/>\n"
    "    <interest rate=\"36%\" per=\"year\" basis=\"365\"/>\n"
    "  </loan>\n"
    "  <payment date=\"2023-07-01\" amount=\"5000.00\" loan=\"L1\"/>\n"
    "</case>\n";

static int failures = 0;

static void expect_figure(const owed_report *r, owed_figure what, owed_figure_form form,
                          const char *want, const char *label)
{
    char *got = owed_report_figure(r, what, 0, 0, form);
    if (got == NULL || strcmp(got, want) != 0) {
        fprintf(stderr, "FAIL: %s: got %s, expected %s\n", label, got ? got : "(null)", want);
        failures++;
    } else {
        printf("ok: %s = %s\n", label, got);
    }
    owed_free(got);
}

static void fail_ctx(const owed_ctx *ctx, const char *what)
{
    fprintf(stderr, "FAIL: %s: %s:%ld: %s (code %d)\n", what, owed_ctx_error_file(ctx),
            owed_ctx_error_line(ctx), owed_ctx_error_text(ctx), (int)owed_ctx_error_code(ctx));
    failures++;
}

/* ---- one field's text checked as the case reader would (owed_amount_check,
 * owed_rate_check; owed serve checks its form's fields with them) */

/* The call gave `want`; when that is an error, the context holds `text` from `file`. */
static void expect_check(const owed_ctx *ctx, owed_status got, owed_status want,
                         const char *file, const char *text, const char *label)
{
    if (got != want || (want != OWED_OK && want != OWED_E_ARG &&
                        (strcmp(owed_ctx_error_file(ctx), file) != 0 ||
                         strcmp(owed_ctx_error_text(ctx), text) != 0))) {
        fprintf(stderr, "FAIL: %s: code %d (expected %d), %s: '%s'\n", label, (int)got,
                (int)want, owed_ctx_error_file(ctx), owed_ctx_error_text(ctx));
        failures++;
    }
}

static void test_field_checks(owed_ctx *ctx)
{
    /* CNY has 2 decimals, JPY none (ISO 4217); amounts are not negative */
    expect_check(ctx, owed_amount_check(ctx, "principal", "600.00", "CNY"), OWED_OK, "", "",
                 "600.00 CNY");
    expect_check(ctx, owed_amount_check(ctx, "principal", "600.005", "CNY"), OWED_E_SYNTAX,
                 "principal", "amount '600.005' has more than 2 decimal places", "600.005 CNY");
    expect_check(ctx, owed_amount_check(ctx, NULL, "1500", "JPY"), OWED_OK, "", "", "1500 JPY");
    expect_check(ctx, owed_amount_check(ctx, NULL, "1.5", "JPY"), OWED_E_SYNTAX, "amount",
                 "amount '1.5' has more than 0 decimal places", "1.5 JPY");
    expect_check(ctx, owed_amount_check(ctx, "paid", "-5", "CNY"), OWED_E_SYNTAX, "paid",
                 "amount '-5' is negative", "-5 CNY");
    expect_check(ctx, owed_amount_check(ctx, "paid", "5", "XYZ"), OWED_E_ARG, "", "",
                 "a currency the library does not know");
    /* the context's limit on digits holds: 6 digits where 5 are allowed */
    owed_ctx_set_limit(ctx, OWED_LIMIT_DIGITS, 5);
    expect_check(ctx, owed_amount_check(ctx, "paid", "1234.56", "CNY"), OWED_E_LIMIT, "paid",
                 "amount '1234.56...' has 6 digits, which exceeds the limit of 5 (OWED_MAX_DIGITS)",
                 "6 digits under a limit of 5");
    owed_ctx_set_limit(ctx, OWED_LIMIT_DIGITS, 0);
    expect_check(ctx, owed_amount_check(ctx, "paid", "1234.56", "CNY"), OWED_OK, "", "",
                 "6 digits under the default limit");
    /* rates: a percent, a decimal, a fraction; not negative, no zero denominator */
    expect_check(ctx, owed_rate_check(ctx, "rate", "0.05%"), OWED_OK, "", "", "0.05%");
    expect_check(ctx, owed_rate_check(ctx, "rate", "3/365"), OWED_OK, "", "", "3/365");
    expect_check(ctx, owed_rate_check(ctx, "rate", "-1%"), OWED_E_SYNTAX, "rate",
                 "rate '-1%' is negative", "-1%");
    expect_check(ctx, owed_rate_check(ctx, NULL, "3/0"), OWED_E_SYNTAX, "rate",
                 "rate '3/0' divides by zero", "3/0");
    expect_check(ctx, owed_rate_check(NULL, "rate", "24%"), OWED_E_ARG, "", "", "no context");
}
static void annual_rates(owed_ctx *ctx); /* annual rates: at the end of this file */

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: api_test DATADIR\n");
        return 2;
    }
    owed_ctx *ctx = owed_ctx_new();
    if (ctx == NULL || owed_ctx_set_datadir(ctx, argv[1]) != OWED_OK) {
        fprintf(stderr, "FAIL: context\n");
        return 1;
    }
    printf("libowed %s\n", owed_version());

    owed_case *c = NULL;
    if (owed_case_open_memory(ctx, "api-case", case_xml, strlen(case_xml), &c) != OWED_OK) {
        fail_ctx(ctx, "case from memory");
        owed_ctx_free(ctx);
        return 1;
    }
    if (owed_case_loan_count(c) != 1 || strcmp(owed_case_loan_id(c, 0), "L1") != 0) {
        fprintf(stderr, "FAIL: loans of the case\n");
        failures++;
    }

    owed_regime *g = NULL;
    if (owed_regime_open(ctx, "cn-private-2015", &g) != OWED_OK) {
        fail_ctx(ctx, "regime cn-private-2015");
        owed_case_free(c);
        owed_ctx_free(ctx);
        return 1;
    }
    const owed_regime *regimes[1] = {g};
    owed_report *r = NULL;
    if (owed_report_new(ctx, c, NULL, regimes, 1, &r) != OWED_OK) {
        fail_ctx(ctx, "report");
    } else {
        expect_figure(r, OWED_FIG_LAWFUL_PRINCIPAL, OWED_EXACT, "451880/73",
                      "principal by law (exact)");
        expect_figure(r, OWED_FIG_LAWFUL_PRINCIPAL, OWED_ROUNDED, "6190.14",
                      "principal by law (rounded)");
        expect_figure(r, OWED_FIG_ENFORCEABLE_CHARGES, OWED_EXACT, "86880/73",
                      "enforceable charges");
        expect_figure(r, OWED_FIG_LAWFUL_BALANCE, OWED_ROUNDED, "6190.14", "balance by law");
        expect_figure(r, OWED_FIG_REFUND, OWED_EXACT, "0", "refund");
        if (strcmp(owed_report_loan_id(r, 0), "L1") != 0 || owed_report_regime_count(r) != 1) {
            fprintf(stderr, "FAIL: report accessors\n");
            failures++;
        }
        if (owed_report_figure(r, OWED_FIG_LAWFUL_BALANCE, 5, 0, OWED_EXACT) != NULL) {
            fprintf(stderr, "FAIL: a loan out of range gave a figure\n");
            failures++;
        }
        /* the verdict: 36 % a year charged, 24 % allowed: contract interest
         * 10,000 x 0.36 x 181/365 = 130320/73 (1785.21) above the lawful 86880/73
         * (1190.14) by 43440/73 (595.07), found at the loan's line (3) */
        char *finding = owed_report_finding(r, 0);
        if (owed_report_finding_count(r) != 1 || finding == NULL ||
            strstr(finding, "api-case:3: loan L1:") != finding ||
            strstr(finding, "1785.21") == NULL || strstr(finding, "1190.14") == NULL ||
            strstr(finding, "595.07") == NULL || strstr(finding, "cn-private-2015") == NULL ||
            owed_report_finding(r, 1) != NULL) {
            fprintf(stderr, "FAIL: findings: %zu, '%s'\n", owed_report_finding_count(r),
                    finding ? finding : "(null)");
            failures++;
        } else {
            printf("ok: finding = %s\n", finding);
        }
        owed_free(finding);
        /* no filing date: the as-of date, 2023-07-01, stands for it, after 2020-08-20 when
         * cn-private-2015 stopped governing: one warning */
        char *warning = owed_report_warning(r, 0);
        if (owed_report_warning_count(r) != 1 || warning == NULL ||
            strstr(warning, "cn-private-2015 does not govern loan L1") == NULL) {
            fprintf(stderr, "FAIL: warnings: %zu, '%s'\n", owed_report_warning_count(r),
                    warning ? warning : "(null)");
            failures++;
        }
        owed_free(warning);
        if (owed_report_mark_chosen(r, 1) != OWED_E_ARG ||
            owed_report_mark_chosen(r, 0) != OWED_OK) {
            fprintf(stderr, "FAIL: marking the regime chosen\n");
            failures++;
        }
        /* numbers as a locale writes them, and who prepared the statement */
        FILE *tp = tmpfile();
        char text[65536];
        size_t got = 0;
        if (tp == NULL || owed_ctx_set_number_format(ctx, ",", ".", "\3") != OWED_OK ||
            owed_ctx_set_preparer(ctx, "Legal Aid Office") != OWED_OK ||
            owed_report_write(ctx, r, OWED_FORMAT_TEXT, OWED_WRITE_NO_LEDGER, tp) != OWED_OK) {
            fail_ctx(ctx, "text statement");
        } else {
            rewind(tp);
            got = fread(text, 1, sizeof text - 1, tp);
            text[got] = '\0';
            if (strstr(text, "6.190,14") == NULL || strstr(text, "Legal Aid Office") == NULL) {
                fprintf(stderr, "FAIL: the text statement lacks 6.190,14 or the preparer\n");
                failures++;
            }
        }
        if (tp)
            fclose(tp);
        owed_ctx_set_number_format(ctx, ".", NULL, NULL);
        owed_ctx_set_preparer(ctx, NULL);
        tp = tmpfile();
        if (tp == NULL || owed_report_write(ctx, r, OWED_FORMAT_BRIEF, 0, tp) != OWED_OK ||
            ftell(tp) <= 0 || owed_report_write(ctx, r, (owed_format)99, 0, tp) != OWED_E_ARG) {
            fprintf(stderr, "FAIL: the brief statement, or an unknown format accepted\n");
            failures++;
        }
        if (tp)
            fclose(tp);
        /* a statement to a stream */
        FILE *fp = tmpfile();
        if (fp == NULL || owed_report_write(ctx, r, OWED_FORMAT_XML, 0, fp) != OWED_OK) {
            fail_ctx(ctx, "statement");
        } else if (ftell(fp) <= 0) {
            fprintf(stderr, "FAIL: empty statement\n");
            failures++;
        }
        if (fp)
            fclose(fp);
    }
    owed_report_free(r);

    /* an error names the buffer and the line */
    static const char broken[] = "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:owed:case:1\">\n<oops";
    owed_case *bad = NULL;
    if (owed_case_open_memory(ctx, "broken-case", broken, sizeof broken - 1, &bad) !=
            OWED_E_SYNTAX ||
        bad != NULL || strcmp(owed_ctx_error_file(ctx), "broken-case") != 0 ||
        owed_ctx_error_line(ctx) < 1 || owed_ctx_error_text(ctx)[0] == '\0') {
        fprintf(stderr, "FAIL: a broken buffer: code %d, file '%s', line %ld\n",
                (int)owed_ctx_error_code(ctx), owed_ctx_error_file(ctx),
                owed_ctx_error_line(ctx));
        failures++;
    }
    /* --regime=auto: a private loan in yuan on 2023-07-01 (no filing date, no lender kind,
     * so the case alone would not choose by default) is governed by cn-private-2020 */
    owed_regime *chosen = NULL;
    if (owed_case_names_regime(c) != 0 || owed_regime_auto(ctx, c, NULL, &chosen) != OWED_OK ||
        strcmp(owed_regime_id(chosen), "cn-private-2020") != 0) {
        fprintf(stderr, "FAIL: regime chosen: %s\n", chosen ? owed_regime_id(chosen) : "none");
        failures++;
    }
    owed_regime_free(chosen);
    if (owed_date_check(ctx, "--as-of", "2023-02-29") != OWED_E_SYNTAX ||
        strcmp(owed_ctx_error_file(ctx), "--as-of") != 0 ||
        owed_date_check(ctx, "--as-of", "2024-02-29") != OWED_OK) {
        fprintf(stderr, "FAIL: dates: '%s'\n", owed_ctx_error_text(ctx));
        failures++;
    }

    /* a case file with 25 schema errors: the first 20 kept, 5 more counted */
    char path[] = "/tmp/owed-api-test-XXXXXX";
    int fd = mkstemp(path);
    FILE *bad_fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (bad_fp == NULL) {
        fprintf(stderr, "FAIL: a temporary file\n");
        failures++;
    } else {
        fputs("<?xml version=\"1.0\"?>\n<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" "
              "as-of=\"2023-07-01\">\n<loan id=\"L1\" contracted=\"2023-01-01\" "
              "principal=\"100\" due=\"2023-12-31\">\n<disbursement date=\"2023-01-01\" "
              "amount=\"100\"/>\n</loan>\n",
              bad_fp);
        for (int k = 0; k < 25; k++)
            fprintf(bad_fp,
                    "<payment date=\"2023-07-01\" amount=\"10\" loan=\"L1\" bogus=\"%d\"/>\n", k);
        fputs("</case>\n", bad_fp);
        fclose(bad_fp);
        owed_case *listed = NULL;
        const char *file = NULL;
        long line = 0;
        const char *last = NULL;
        if (owed_case_open_file(ctx, path, &listed) == OWED_E_SCHEMA &&
            owed_ctx_error_count(ctx) == 20 && owed_ctx_error_more(ctx) == 5)
            last = owed_ctx_error_at(ctx, 19, &file, &line);
        if (last == NULL || listed != NULL || line != 25 || strcmp(file, path) != 0 ||
            strstr(last, "bogus") == NULL || owed_ctx_error_at(ctx, 20, NULL, NULL) != NULL) {
            fprintf(stderr, "FAIL: schema errors: %zu kept, %zu more, the 20th '%s' at line %ld\n",
                    owed_ctx_error_count(ctx), owed_ctx_error_more(ctx), last ? last : "(none)",
                    line);
            failures++;
        }
        remove(path);
    }

    owed_regime *g2 = NULL;
    if (owed_regime_open(ctx, "Not An Id", &g2) != OWED_E_ARG || g2 != NULL) {
        fprintf(stderr, "FAIL: a regime id that is not one\n");
        failures++;
    }

    /* limits held by a context: a context limited to 1 event (OWED_MAX_EVENTS counts
     * payments, charges, extensions and claims, not disbursements) reads the case of one
     * payment and refuses one of two payments, which a context without the limit in the
     * same process still reads; a value beyond the ceiling is refused */
    owed_ctx *tight = owed_ctx_new();
    if (tight == NULL || owed_ctx_set_datadir(tight, argv[1]) != OWED_OK) {
        fprintf(stderr, "FAIL: second context\n");
        failures++;
    } else {
        long before = owed_ctx_limit(tight, OWED_LIMIT_LOANS);
        if (owed_ctx_set_limit(tight, OWED_LIMIT_LOANS, 0) != OWED_OK ||
            owed_ctx_limit(tight, OWED_LIMIT_LOANS) != before || before < 1) {
            fprintf(stderr, "FAIL: the process's loan limit: %ld\n", before);
            failures++;
        }
        owed_case *c2 = NULL;
        if (owed_ctx_set_limit(tight, OWED_LIMIT_EVENTS, 1) != OWED_OK ||
            owed_ctx_limit(tight, OWED_LIMIT_EVENTS) != 1) {
            fprintf(stderr, "FAIL: setting a limit\n");
            failures++;
        } else if (owed_case_open_memory(tight, "tight", case_xml, strlen(case_xml), &c2) !=
                       OWED_OK) {
            fail_ctx(tight, "one event within a limit of 1");
        }
        owed_case_free(c2);
        c2 = NULL;
        static const char two_payments[] =
            "<?xml version=\"1.0\"?>\n"
            "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2023-07-01\">\n"
            "  <loan id=\"L1\" contracted=\"2023-01-01\" principal=\"100\" due=\"2023-12-31\">\n"
            "    <disbursement date=\"2023-01-01\" amount=\"100\"/>\n"
            "  </loan>\n"
            "  <payment date=\"2023-02-01\" amount=\"10\" loan=\"L1\"/>\n"
            "  <payment date=\"2023-03-01\" amount=\"10\" loan=\"L1\"/>\n"
            "</case>\n";
        if (owed_case_open_memory(tight, "two", two_payments, strlen(two_payments), &c2) !=
                OWED_E_LIMIT ||
            c2 != NULL || strstr(owed_ctx_error_text(tight), "OWED_MAX_EVENTS") == NULL) {
            fprintf(stderr, "FAIL: two events under a limit of 1: code %d, '%s'\n",
                    (int)owed_ctx_error_code(tight), owed_ctx_error_text(tight));
            failures++;
        }
        owed_case_free(c2);
        c2 = NULL;
        if (owed_case_open_memory(ctx, "two", two_payments, strlen(two_payments), &c2) !=
            OWED_OK)
            fail_ctx(ctx, "two events in a context without the limit");
        owed_case_free(c2);
        if (owed_ctx_set_limit(tight, OWED_LIMIT_EVENTS, 100000001L) != OWED_E_ARG ||
            owed_ctx_limit(tight, OWED_LIMIT_EVENTS) != 1 ||
            owed_ctx_set_limit(tight, OWED_LIMIT_COUNT, 5) != OWED_E_ARG ||
            owed_ctx_limit(tight, OWED_LIMIT_COUNT) != -1) {
            fprintf(stderr, "FAIL: limits out of range\n");
            failures++;
        }
        if (owed_ctx_set_language(tight, "ja") != OWED_OK ||
            strcmp(owed_ctx_language(tight), "ja") != 0 ||
            owed_ctx_set_language(tight, "fr") != OWED_E_ARG) {
            fprintf(stderr, "FAIL: languages\n");
            failures++;
        }
    }
    owed_ctx_free(tight);

    /* the shipped regimes, as `owed regimes list` and `show` give them */
    char **ids = NULL;
    size_t n_ids = 0, found = 0;
    if (owed_regime_ids(ctx, &ids, &n_ids) != OWED_OK)
        fail_ctx(ctx, "regime ids");
    for (size_t k = 0; k < n_ids; k++)
        found += strcmp(ids[k], "cn-private-2015") == 0 ||
                 strcmp(ids[k], "us-oh-short-term-loan") == 0;
    owed_regime_ids_free(ids, n_ids);
    char *dates = owed_regime_dates(g);
    if (found != 2 || strcmp(owed_regime_jurisdiction(g), "CN") != 0 ||
        !owed_regime_has_title(g, "zh") || dates == NULL ||
        strcmp(dates, "suits filed from 2015-09-01 until 2020-08-19") != 0 ||
        strcmp(owed_country_name("US-CA"), "United States") != 0 ||
        strcmp(owed_country_name("XX"), "XX") != 0) {
        fprintf(stderr, "FAIL: regime descriptions: %zu of 2 found, dates '%s'\n", found,
                dates ? dates : "(null)");
        failures++;
    }
    owed_free(dates);
    FILE *dp = tmpfile();
    char shown[8192];
    size_t shown_len = 0;
    if (dp == NULL || owed_regime_write(ctx, g, dp) != OWED_OK) {
        fail_ctx(ctx, "regime description");
    } else {
        rewind(dp);
        shown_len = fread(shown, 1, sizeof shown - 1, dp);
        shown[shown_len] = '\0';
        if (strstr(shown, "cn-private-2015") == NULL || strstr(shown, "cite:") == NULL) {
            fprintf(stderr, "FAIL: the regime described lacks its id or a citation\n");
            failures++;
        }
    }
    if (dp)
        fclose(dp);

    test_field_checks(ctx);
    annual_rates(ctx);

    owed_regime_free(g);
    owed_case_free(c);
    owed_ctx_free(ctx);
    return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ annual rates
 *
 * The annual-rate functions of owed.h with figures known exactly or published:
 *
 *  - 1,000 borrowed on 2023-01-01 and 1,100 repaid on 2024-01-01, 365 days later: on an
 *    actual/365 time measure (xirr) 1000 = 1100 / (1 + R)^(365/365), so R = 10 % exactly;
 *    simple interest on a 365-day basis gives 100 / 1000 x 365/365 = 10 % too.
 *  - 12 CFR 1026 Appendix J (c)(5)(i): 1,000 advanced 1978-01-03, 1,080 repaid 1978-09-15
 *    (255 days), one unit-period: 8 % x 365/255 = 584/51 % (11.45 %), exact.
 *  - The payday figure of the law brief (tests/check_apr.c regz_payday): 100 borrowed, 115
 *    repaid after 14 days, one unit-period, regz: 15 % x 365/14 = 391.07 %.
 *  - Directive 98/7/EC Annex II example 1: 1,000 on 1994-01-01, 1,200 on 1995-07-01: 13.0 %
 *    (12.96 % to two decimals).
 *  - 12 CFR 1026 Appendix J (c)(1)(i): 5,000 advanced 1978-01-10, 24 monthly payments of
 *    230: 9.69 %; a disclosed 9.81 % is within the 1/8 point of 12 CFR 1026.22(a)(2),
 *    9.82 % is not. */

static void expect_text(const char *got, const char *want, const char *label)
{
    if (got == NULL || strcmp(got, want) != 0) {
        fprintf(stderr, "FAIL: %s: got %s, expected %s\n", label, got ? got : "(null)", want);
        failures++;
    } else {
        printf("ok: %s = %s\n", label, got);
    }
}

/* The rate of `flows` under the options given as name=value pairs (NULL-terminated), or
 * NULL after counting a failure. */
static owed_annual *annual_of(owed_ctx *ctx, const owed_flows *flows, const char *const *opts,
                              const char *label)
{
    owed_annual_options *o = NULL;
    owed_annual *a = NULL;
    if (owed_annual_options_new(ctx, &o) != OWED_OK) {
        fail_ctx(ctx, label);
        return NULL;
    }
    for (size_t i = 0; opts && opts[i]; i += 2)
        if (owed_annual_options_set(ctx, o, opts[i], opts[i + 1]) != OWED_OK) {
            fail_ctx(ctx, label);
            owed_annual_options_free(o);
            return NULL;
        }
    if (owed_annual_compute(ctx, flows, o, &a) != OWED_OK)
        fail_ctx(ctx, label);
    owed_annual_options_free(o);
    return a;
}

/* Rate 0 of `a` rounded, and its exact bracket ends. */
static void expect_rate(const owed_annual *a, const char *percent, int exact, const char *lo,
                        const char *hi, const char *label)
{
    char *p = owed_annual_percent(a, 0), *l = NULL, *h = NULL;
    int got_exact = owed_annual_bracket(a, 0, &l, &h);
    expect_text(p, percent, label);
    if (owed_annual_outcome_of(a) != OWED_ANNUAL_ONE_ROOT || owed_annual_root_count(a) != 1 ||
        got_exact != exact || (lo && (l == NULL || strcmp(l, lo) != 0)) ||
        (hi && (h == NULL || strcmp(h, hi) != 0))) {
        fprintf(stderr, "FAIL: %s: outcome %d, %zu rates, bracket %s .. %s (exact %d)\n", label,
                (int)owed_annual_outcome_of(a), owed_annual_root_count(a), l ? l : "(null)",
                h ? h : "(null)", got_exact);
        failures++;
    }
    owed_free(p);
    owed_free(l);
    owed_free(h);
}

/* New flows from `n` pairs date, amount; NULL after counting a failure. */
static owed_flows *flows_of(owed_ctx *ctx, const char *const *pairs, size_t n)
{
    owed_flows *f = NULL;
    if (owed_flows_new(ctx, &f) != OWED_OK) {
        fail_ctx(ctx, "flows");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (owed_flows_add(ctx, f, pairs[2 * i], pairs[2 * i + 1]) != OWED_OK) {
            fail_ctx(ctx, "a flow");
            owed_flows_free(f);
            return NULL;
        }
    return f;
}

static void annual_rates(owed_ctx *ctx)
{
    /* 10 % exactly, by xirr and by simple interest */
    static const char *const ten[] = {"2023-01-01", "1000", "2024-01-01", "-1100"};
    owed_flows *f = flows_of(ctx, ten, 2);
    owed_annual *a = f ? annual_of(ctx, f, NULL, "xirr 10 %") : NULL;
    if (a) {
        expect_rate(a, "10.000000", 1, "10", "10", "xirr, 1000 then 1100 a year later");
        expect_text(owed_annual_method(a), "xirr", "method");
        char date[11], *amount = NULL, *time = NULL;
        if (owed_annual_term_count(a) != 2 || owed_annual_sign_changes(a) != 1 ||
            owed_annual_term(a, 1, date, &amount, &time, NULL) != 0 ||
            strcmp(date, "2024-01-01") != 0 || strcmp(amount, "-1100") != 0 ||
            strcmp(time, "1") != 0 || owed_annual_term(a, 2, date, NULL, NULL, NULL) != -1) {
            fprintf(stderr, "FAIL: xirr terms: %s %s %s\n", date, amount ? amount : "(null)",
                    time ? time : "(null)");
            failures++;
        }
        owed_free(amount);
        owed_free(time);
    }
    owed_annual_free(a);
    static const char *const simple[] = {"method", "simple", "basis", "365", NULL};
    a = f ? annual_of(ctx, f, simple, "simple 10 %") : NULL;
    if (a)
        expect_rate(a, "10.00", 1, "10", "10", "simple, 365-day basis");
    owed_annual_free(a);
    owed_flows_free(f);

    /* Appendix J (c)(5)(i), with a cap decided exactly on both sides of 584/51 % */
    static const char *const regz[] = {"1978-01-03", "1000", "1978-09-15", "-1080"};
    f = flows_of(ctx, regz, 2);
    static const char *const cap_at[] = {"method", "regz", "cap", "11.45", NULL};
    static const char *const cap_above[] = {"method", "regz", "cap", "11.4510%", NULL};
    a = f ? annual_of(ctx, f, cap_at, "regz (c)(5)(i)") : NULL;
    int cmp = 9;
    if (a) {
        expect_rate(a, "11.45", 1, "584/51", "584/51", "Reg Z App. J (c)(5)(i)");
        if (owed_annual_cap(a, &cmp) != 1 || cmp != 1 || owed_annual_tolerance(a, NULL) != 0) {
            fprintf(stderr, "FAIL: 584/51 %% against a cap of 11.45 %%: %d\n", cmp);
            failures++;
        }
    }
    owed_annual_free(a);
    a = f ? annual_of(ctx, f, cap_above, "regz under a cap") : NULL;
    if (a && (owed_annual_cap(a, &cmp) != 1 || cmp != -1)) {
        fprintf(stderr, "FAIL: 584/51 %% against a cap of 11.4510 %%: %d\n", cmp);
        failures++;
    }
    owed_annual_free(a);
    /* the rate written as `owed apr -f xml` writes it */
    static const char *const regz_only[] = {"method", "regz", NULL};
    a = f ? annual_of(ctx, f, regz_only, "regz xml") : NULL;
    FILE *xp = tmpfile();
    char xml[8192];
    size_t xn = 0;
    if (a == NULL || xp == NULL || owed_annual_write(ctx, a, OWED_FORMAT_XML, xp) != OWED_OK) {
        fail_ctx(ctx, "annual rate as XML");
    } else {
        rewind(xp);
        xn = fread(xml, 1, sizeof xml - 1, xp);
        xml[xn] = '\0';
        if (strstr(xml, "percent=\"11.45\"") == NULL || strstr(xml, "lo=\"584/51\"") == NULL ||
            owed_annual_write(ctx, a, OWED_FORMAT_CSV, xp) != OWED_E_ARG) {
            fprintf(stderr, "FAIL: the XML of the rate lacks 11.45 or 584/51\n");
            failures++;
        }
    }
    if (xp)
        fclose(xp);
    owed_annual_free(a);
    owed_flows_free(f);

    /* the quick form: the payday loan of the law brief, written as text in day numbers */
    f = NULL;
    if (owed_flows_new(ctx, &f) != OWED_OK ||
        owed_flows_add_loan(ctx, f, NULL, 14, "100", NULL, "115") != OWED_OK)
        fail_ctx(ctx, "quick form");
    a = f ? annual_of(ctx, f, regz_only, "payday") : NULL;
    FILE *tp = tmpfile();
    char text[4096];
    if (a) {
        expect_rate(a, "391.07", 1, NULL, NULL, "payday 100 -> 115 in 14 days (regz)");
        if (tp == NULL || owed_annual_write(ctx, a, OWED_FORMAT_TEXT, tp) != OWED_OK) {
            fail_ctx(ctx, "annual rate as text");
        } else {
            rewind(tp);
            size_t tn = fread(text, 1, sizeof text - 1, tp);
            text[tn] = '\0';
            if (strncmp(text, "391.07%\n", 8) != 0 || strstr(text, "on day 0 and day 14") == NULL) {
                fprintf(stderr, "FAIL: the text of the payday rate:\n%s", text);
                failures++;
            }
        }
    }
    if (tp)
        fclose(tp);
    owed_annual_free(a);
    owed_flows_free(f);

    /* Directive 98/7 example 1, to the default decimal and to two */
    static const char *const eu[] = {"1994-01-01", "1000", "1995-07-01", "-1200"};
    static const char *const eu1[] = {"method", "eu", NULL};
    static const char *const eu2[] = {"method", "eu", "digits", "2", NULL};
    f = flows_of(ctx, eu, 2);
    a = f ? annual_of(ctx, f, eu1, "eu") : NULL;
    if (a)
        expect_rate(a, "13.0", 0, NULL, NULL, "Directive 98/7 example 1");
    owed_annual_free(a);
    a = f ? annual_of(ctx, f, eu2, "eu -d 2") : NULL;
    if (a)
        expect_rate(a, "12.96", 0, NULL, NULL, "Directive 98/7 example 1, 2 decimals");
    owed_annual_free(a);
    owed_flows_free(f);

    /* flows from memory: 24 x 230 on 5,000, regz 9.69 %, and the tolerance */
    char csv[2048];
    size_t len = (size_t)snprintf(csv, sizeof csv, "date,amount\n1978-01-10,5000\n");
    for (int k = 1; k <= 24; k++)
        len += (size_t)snprintf(csv + len, sizeof csv - len, "%d-%02d-10,-230\n",
                                1978 + k / 12, k % 12 + 1);
    static const char *const within[] = {"method", "regz", "disclosed", "9.81", NULL};
    static const char *const outside[] = {"method", "regz", "disclosed", "9.82", NULL};
    f = NULL;
    if (owed_flows_new(ctx, &f) != OWED_OK ||
        owed_flows_read_memory(ctx, f, "loan.csv", csv, len) != OWED_OK ||
        owed_flows_count(f) != 25)
        fail_ctx(ctx, "flows from memory");
    int in = -1;
    a = f ? annual_of(ctx, f, within, "regz 9.69 %") : NULL;
    if (a) {
        expect_rate(a, "9.69", 0, NULL, NULL, "24 x 230 on 5,000 (regz)");
        if (owed_annual_tolerance(a, &in) != 1 || in != 1) {
            fprintf(stderr, "FAIL: 9.81 %% disclosed for 9.69 %% not within: %d\n", in);
            failures++;
        }
    }
    owed_annual_free(a);
    a = f ? annual_of(ctx, f, outside, "regz 9.82") : NULL;
    if (a && (owed_annual_tolerance(a, &in) != 1 || in != 0)) {
        fprintf(stderr, "FAIL: 9.82 %% disclosed for 9.69 %% within: %d\n", in);
        failures++;
    }
    owed_annual_free(a);
    owed_flows_free(f);

    /* PBoC announcement 2021 No. 3, as tests/apr-cli.sh has it: 100,000 lent on
     * 2021-01-01 less a 1,000 fee, 12 monthly payments of 8,833.3: 12.80 % simple, and the
     * compound (IRR) form beside it, 13.58 % */
    f = flows_of(ctx, NULL, 0);
    if (f && (owed_flows_add(ctx, f, "2021-01-01", "100000") != OWED_OK ||
              owed_flows_add_text(ctx, f, "2021-01-01:-1000") != OWED_OK))
        fail_ctx(ctx, "pboc flows");
    for (int k = 1; f && k <= 12; k++) {
        char flow[32];
        snprintf(flow, sizeof flow, "%d-%02d-01:-8833.3", 2021 + k / 12, k % 12 + 1);
        if (owed_flows_add_text(ctx, f, flow) != OWED_OK)
            fail_ctx(ctx, flow);
    }
    static const char *const pboc[] = {"method", "pboc", NULL};
    a = f ? annual_of(ctx, f, pboc, "pboc") : NULL;
    if (a) {
        expect_rate(a, "12.80", 0, NULL, NULL, "PBoC 2021 No. 3, simple");
        const owed_annual *compound = owed_annual_other(a);
        char *p = owed_annual_percent(compound, 0);
        expect_text(p, "13.58", "PBoC 2021 No. 3, compound");
        expect_text(owed_annual_method(compound), "pboc-compound", "the other form");
        owed_free(p);
    }
    owed_annual_free(a);
    owed_flows_free(f);

    /* a file: the lines of tests/apr-cli.sh's Appendix J (c)(5)(iii), 8.76 %, read from a
     * path and from a stream; a path that is not there */
    char csv_path[] = "/tmp/owed-api-flows-XXXXXX";
    int cfd = mkstemp(csv_path);
    FILE *cfp = cfd >= 0 ? fdopen(cfd, "w+") : NULL;
    f = flows_of(ctx, NULL, 0);
    if (cfp == NULL || f == NULL) {
        fprintf(stderr, "FAIL: a temporary flows file\n");
        failures++;
    } else {
        fputs("date,amount\n# 18 months\n1978-01-10,1000\r\n1979-07-10, -1135.19\n", cfp);
        fflush(cfp);
        if (owed_flows_read_file(ctx, f, csv_path) != OWED_OK || owed_flows_count(f) != 2)
            fail_ctx(ctx, "flows from a file");
        rewind(cfp);
        owed_flows *g2 = flows_of(ctx, NULL, 0);
        if (g2 == NULL || owed_flows_read_stream(ctx, g2, NULL, cfp) != OWED_OK ||
            owed_flows_count(g2) != 2)
            fail_ctx(ctx, "flows from a stream");
        owed_flows_free(g2);
        a = annual_of(ctx, f, regz_only, "regz (c)(5)(iii)");
        if (a)
            expect_rate(a, "8.76", 0, NULL, NULL, "Reg Z App. J (c)(5)(iii) from a file");
        owed_annual_free(a);
        if (owed_flows_read_file(ctx, f, "/nonexistent/flows.csv") != OWED_E_IO ||
            strcmp(owed_ctx_error_file(ctx), "/nonexistent/flows.csv") != 0 ||
            owed_flows_count(f) != 2) {
            fprintf(stderr, "FAIL: a missing file: code %d, '%s'\n",
                    (int)owed_ctx_error_code(ctx), owed_ctx_error_file(ctx));
            failures++;
        }
    }
    if (cfp) {
        fclose(cfp);
        remove(csv_path);
    }
    owed_flows_free(f);

    /* errors: a bad amount named, a bad line located, an unknown method, a limit held by
     * the context */
    f = flows_of(ctx, NULL, 0);
    static const char bad_csv[] = "date,amount\n2001-01-01,100\n2002-01-01,abc\n";
    if (f == NULL || owed_flows_add(ctx, f, "2023-01-01", "10x0") != OWED_E_SYNTAX ||
        strstr(owed_ctx_error_text(ctx), "'10x0'") == NULL ||
        strstr(owed_ctx_error_text(ctx), "amount") == NULL || owed_flows_count(f) != 0) {
        fprintf(stderr, "FAIL: a bad amount: code %d, '%s'\n", (int)owed_ctx_error_code(ctx),
                owed_ctx_error_text(ctx));
        failures++;
    }
    if (f == NULL ||
        owed_flows_read_memory(ctx, f, "bad.csv", bad_csv, sizeof bad_csv - 1) !=
            OWED_E_SYNTAX ||
        strcmp(owed_ctx_error_file(ctx), "bad.csv") != 0 || owed_ctx_error_line(ctx) != 3 ||
        strstr(owed_ctx_error_text(ctx), "'abc'") == NULL) {
        fprintf(stderr, "FAIL: a bad line: code %d, %s:%ld: '%s'\n",
                (int)owed_ctx_error_code(ctx), owed_ctx_error_file(ctx),
                owed_ctx_error_line(ctx), owed_ctx_error_text(ctx));
        failures++;
    }
    owed_annual_options *o = NULL;
    if (owed_annual_options_new(ctx, &o) != OWED_OK ||
        owed_annual_options_set(ctx, o, "method", "nope") != OWED_E_ARG ||
        strstr(owed_ctx_error_text(ctx), "unknown method 'nope'") == NULL ||
        owed_annual_options_set(ctx, o, "cap", "3x") != OWED_E_SYNTAX ||
        owed_annual_options_set(ctx, o, "colour", "red") != OWED_E_ARG) {
        fprintf(stderr, "FAIL: bad options: '%s'\n", owed_ctx_error_text(ctx));
        failures++;
    }
    owed_annual *none = NULL;
    if (f == NULL || owed_annual_compute(ctx, f, o, &none) != OWED_E_ARG || none != NULL) {
        fprintf(stderr, "FAIL: one flow has a rate: '%s'\n", owed_ctx_error_text(ctx));
        failures++;
    }
    owed_annual_options_free(o);
    owed_flows_free(f);
    owed_ctx *one = owed_ctx_new();
    f = NULL;
    if (one == NULL || owed_ctx_set_limit(one, OWED_LIMIT_FLOWS, 1) != OWED_OK ||
        owed_flows_new(one, &f) != OWED_OK || owed_flows_add_text(one, f, "2001-01-01:100") ||
        owed_flows_add_text(one, f, "2002-01-01:-110") != OWED_E_LIMIT ||
        strstr(owed_ctx_error_text(one), "OWED_MAX_FLOWS") == NULL) {
        fprintf(stderr, "FAIL: a second flow under a limit of 1: '%s'\n",
                one ? owed_ctx_error_text(one) : "");
        failures++;
    }
    owed_flows_free(f);
    owed_ctx_free(one);
}
