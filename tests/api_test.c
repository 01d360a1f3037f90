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

    owed_regime_free(g);
    owed_case_free(c);
    owed_ctx_free(ctx);
    return failures ? 1 : 0;
}
