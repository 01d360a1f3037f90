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
 * The last section checks the allocator of a context (owed_ctx_set_allocator): every block
 * freed by the allocator that made it, none left, and OWED_E_NOMEM when it fails.
 * It also reads a small loan book (owed-csv(5)) from memory streams and checks the figures
 * of a verdict row and the line of a bad row (the "loan books" section below).
 *
 * Usage: api_test DATADIR (the data directory of the source tree or of the installation). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include <owed.h>

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
static void allocator_tests(const char *datadir);
static void language_tests(const char *datadir);
static void language_threads(const char *datadir);
static void programs_tests(void); /* the last section */

/* ------------------------------------------------------------------ loan books (CSV) */

/* The hand-written book of tests/books (one borrower, two loans).  Under cn-private-2020,
 * loan W2 has the figures of its text statement (tests/batch.sh asserts the same row of
 * `owed batch`): 2,700 delivered (3,000 less 250 withheld and 50 of interest withheld),
 * 744.97 paid, 2,826.15 owed per contract, 1,655.33 by law, 826.22 charged above the cap
 * of 4 x the one-year LPR, no refund.  Its XIRR, 761.63 %: the flows -2,700 (2024-11-10),
 * +300 (12-01), +444.97 (12-24) and the balance +2,826.15 (12-31) give 761.63 % when
 * solved independently (bisection in Python on the rounded amounts: 761.625 %). */
static const char book_terms[] =
    "borrower,loan,currency,contracted,principal,delivered,due,term_days,rate,per,basis,"
    "after_due,interest_withheld,withheld_fee,disbursement_fee,maturity_fee,daily_fee,"
    "overdue_rate,overdue_per,overdue_basis,overdue_on,grace_days,late_fee,daily_late_fee,"
    "payment_order,lender_kind,as_of,filed\n"
    "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,W1,CNY,2024-11-04,1000.00,,2024-11-25,,0.05%,day,"
    "360,,,10%,,,1.00,0.1%,day,,principal+interest,3,50.00,2.00,"
    "fee cost penalty interest principal,company,2024-12-31,2024-12-20\n"
    "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,W2,CNY,2024-11-10,3000.00,2700.00,,21,36%,year,,"
    "stop,50.00,250.00,30.00,5%,,24%,year,actual,,,,,,company,2024-12-31,2024-12-20\n";
static const char book_events[] =
    "date,borrower,kind,loan,amount,for,due,component,label\n"
    "2024-11-25,\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,payment,W1,500.00,,,,\n"
    "2024-12-01,\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,extension,W2,300.00,,2024-12-22,,\n"
    "2024-12-01,\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,payment,W2,300.00,charges,,,\n"
    "2024-12-20,\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,charge,W1,100.00,,,cost,collection fee\n"
    "2024-12-24,\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,payment,,1200.00,,,,\n";

static void expect_text(const char *got, const char *want, const char *label)
{
    if (got == NULL || strcmp(got, want) != 0) {
        fprintf(stderr, "FAIL: %s: got '%s', expected '%s'\n", label, got ? got : "(null)",
                want);
        failures++;
    } else {
        printf("ok: %s = %s\n", label, got);
    }
}

/* Opens the book of the two texts (read from memory streams) and reads its first group. */
static owed_loanbook *open_book(owed_ctx *ctx, const char *terms, const char *events,
                                FILE **tf, FILE **ef, owed_loanbook_group **g)
{
    owed_loanbook *book = NULL;
    *g = NULL;
    *tf = fmemopen((char *)terms, strlen(terms), "r"); /* "r": never written */
    *ef = fmemopen((char *)events, strlen(events), "r");
    if (*tf == NULL || *ef == NULL) {
        fprintf(stderr, "FAIL: fmemopen\n");
        failures++;
        return NULL;
    }
    if (owed_loanbook_open(ctx, *tf, "terms.csv", *ef, "events.csv", NULL, &book) != OWED_OK) {
        fail_ctx(ctx, "loan book");
        return NULL;
    }
    if (owed_loanbook_next(ctx, book, g) != OWED_OK || *g == NULL)
        fail_ctx(ctx, "the book's first borrower");
    return book;
}

static void close_book(owed_loanbook *book, FILE *tf, FILE *ef, owed_loanbook_group *g)
{
    owed_loanbook_group_free(g);
    owed_loanbook_free(book);
    if (tf)
        fclose(tf);
    if (ef)
        fclose(ef);
}

static void loan_book_section(owed_ctx *ctx)
{
    FILE *tf = NULL, *ef = NULL;
    owed_loanbook_group *g = NULL;
    owed_loanbook *book = open_book(ctx, book_terms, book_events, &tf, &ef, &g);
    owed_regime *reg = NULL;
    if (g == NULL || owed_regime_open(ctx, "cn-private-2020", &reg) != OWED_OK) {
        fail_ctx(ctx, "book and regime");
        close_book(book, tf, ef, g);
        return;
    }
    if (owed_loanbook_group_loan_count(g) != 2 ||
        strcmp(owed_loanbook_group_loan_id(g, 1), "W2") != 0 ||
        owed_loanbook_group_loan_line(g, 1) != 3 ||
        strcmp(owed_loanbook_group_borrower(g), "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e") != 0 ||
        owed_loanbook_group_error(g, NULL, NULL) != NULL) {
        fprintf(stderr, "FAIL: the group's borrower and loans\n");
        failures++;
    }
    const owed_regime *regs[1] = {reg};
    owed_verdicts *v = NULL;
    if (owed_verdicts_of_group(ctx, g, regs, 1, OWED_VERDICT_RATE_XIRR, 0, &v) != OWED_OK) {
        fail_ctx(ctx, "verdicts of the group");
    } else {
        if (owed_verdicts_row_count(v) != 2 || owed_verdicts_loan_count(v) != 2 ||
            owed_verdicts_finding_count(v) == 0 || owed_verdicts_error(v, NULL, NULL) != NULL ||
            owed_verdicts_text(v, 2, OWED_VERDICT_LOAN) != NULL) {
            fprintf(stderr, "FAIL: the verdicts' rows: %zu\n", owed_verdicts_row_count(v));
            failures++;
        }
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_LOAN), "W2", "book: loan");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_REGIME), "cn-private-2020",
                    "book: regime");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_DELIVERED), "2700.00",
                    "book: W2 delivered");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_PAID), "744.97", "book: W2 paid");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_CONTRACT_BALANCE), "2826.15",
                    "book: W2 contract balance");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_LAWFUL_BALANCE), "1655.33",
                    "book: W2 lawful balance");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_OVERCHARGE), "826.22",
                    "book: W2 overcharge");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_REFUND_DUE), "0.00",
                    "book: W2 refund due");
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_VERDICT), "above-cap",
                    "book: W2 verdict");
        const char *rate = owed_verdicts_text(v, 1, OWED_VERDICT_ANNUAL_RATE);
        const char *rule = owed_verdicts_text(v, 1, OWED_VERDICT_RULE);
        if (rate == NULL || strncmp(rate, "761.6", 5) != 0 || rate[strlen(rate) - 1] != '%' ||
            rule == NULL ||
            strstr(rule, "4 x one-year LPR at formation [") == NULL ||
            strstr(rule, "art. 25") == NULL) {
            fprintf(stderr, "FAIL: W2's rate '%s' or rule '%s'\n", rate ? rate : "(null)",
                    rule ? rule : "(null)");
            failures++;
        }
        /* the CSV rows as owed batch writes them: the rule quoted (it has a comma) */
        char *csv = NULL;
        size_t csv_len = 0;
        FILE *mem = open_memstream(&csv, &csv_len);
        if (mem == NULL || owed_verdicts_write_header(ctx, mem) != OWED_OK ||
            owed_verdicts_write(ctx, v, mem) != OWED_OK || fclose(mem) != 0 ||
            strncmp(csv, "borrower,loan,currency,regime,delivered,", 40) != 0 ||
            strstr(csv, ",W2,CNY,cn-private-2020,2700.00,744.97,2826.15,1655.33,826.22,0.00,"
                        "761.6") == NULL ||
            strstr(csv, ",above-cap,\"contracts formed on or after 2020-08-20: 4 x one-year LPR"
                        " at formation [") == NULL ||
            strstr(csv, "2021-01-01]\",\r\n") == NULL) {
            fprintf(stderr, "FAIL: the CSV rows:\n%s\n", csv ? csv : "(none)");
            failures++;
        }
        free(csv);
    }
    owed_verdicts_free(v);
    v = NULL;
    /* "auto" (a NULL regime): the book's filing date and lender choose cn-private-2020 */
    const owed_regime *chosen[1] = {NULL};
    if (owed_verdicts_of_group(ctx, g, chosen, 1, OWED_VERDICT_RATE_XIRR, 0, &v) != OWED_OK)
        fail_ctx(ctx, "verdicts under the regime chosen");
    else
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_REGIME), "cn-private-2020",
                    "book: regime chosen");
    owed_verdicts_free(v);
    v = NULL;
    /* the group as a case file (owed import) and as a case */
    char *xml = NULL;
    size_t xml_len = 0;
    owed_case *c = NULL;
    if (owed_loanbook_group_case_file(ctx, g, "From memory", &xml, &xml_len) != OWED_OK ||
        xml_len != strlen(xml) || strstr(xml, "<title>From memory</title>") == NULL ||
        strstr(xml, "id=\"W2\"") == NULL)
        fail_ctx(ctx, "the group as a case file");
    owed_free(xml);
    if (owed_loanbook_group_case(ctx, g, &c) != OWED_OK || owed_case_loan_count(c) != 2 ||
        strcmp(owed_case_name(c), "terms.csv") != 0)
        fail_ctx(ctx, "the group as a case");
    else if (owed_verdicts_of_case(ctx, c, NULL, regs, 1, OWED_VERDICT_RATE_EU, 0, &v) !=
             OWED_OK)
        fail_ctx(ctx, "verdicts of the case");
    else
        expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_LAWFUL_BALANCE), "1655.33",
                    "case: W2 lawful balance");
    owed_verdicts_free(v);
    owed_case_free(c);
    owed_loanbook_group *end = NULL;
    if (owed_loanbook_next(ctx, book, &end) != OWED_OK || end != NULL) {
        fprintf(stderr, "FAIL: a second borrower in a book of one\n");
        failures++;
    }
    close_book(book, tf, ef, g);

    /* a bad amount on line 2 of the terms: every loan of the borrower is an error row
     * naming the file and line; the case reader refuses the group the same way */
    char bad_terms[sizeof book_terms];
    strcpy(bad_terms, book_terms);
    char *principal = strstr(bad_terms, "1000.00");
    memcpy(principal, "10x0.00", 7);
    book = open_book(ctx, bad_terms, book_events, &tf, &ef, &g);
    v = NULL;
    const char *file = NULL;
    long line = 0;
    if (g == NULL ||
        owed_verdicts_of_group(ctx, g, regs, 1, OWED_VERDICT_RATE_XIRR, 0, &v) != OWED_OK ||
        owed_verdicts_row_count(v) != 2 || owed_verdicts_error(v, &file, &line) == NULL ||
        strcmp(file, "terms.csv") != 0 || line != 2 ||
        strcmp(owed_verdicts_text(v, 1, OWED_VERDICT_VERDICT), "error") != 0 ||
        strcmp(owed_verdicts_text(v, 1, OWED_VERDICT_LOAN), "W2") != 0 ||
        strncmp(owed_verdicts_text(v, 0, OWED_VERDICT_MESSAGE), "terms.csv:2: ", 13) != 0 ||
        strstr(owed_verdicts_text(v, 0, OWED_VERDICT_MESSAGE), "10x0.00") == NULL) {
        fprintf(stderr, "FAIL: a bad amount: %s:%ld: %s\n", file ? file : "", line,
                v ? owed_verdicts_text(v, 0, OWED_VERDICT_MESSAGE) : "(no verdicts)");
        failures++;
    } else {
        printf("ok: bad amount = %s\n", owed_verdicts_text(v, 0, OWED_VERDICT_MESSAGE));
    }
    owed_verdicts_free(v);
    if (g == NULL || owed_loanbook_group_case(ctx, g, &c) == OWED_OK || c != NULL ||
        owed_ctx_error_line(ctx) != 2 || strcmp(owed_ctx_error_file(ctx), "terms.csv") != 0) {
        fprintf(stderr, "FAIL: a bad amount read as a case\n");
        failures++;
    }
    close_book(book, tf, ef, g);

    /* an events row of three fields (line 3): the group keeps the error */
    char bad_events[sizeof book_events];
    strcpy(bad_events, book_events);
    char *row3 = strstr(bad_events, "2024-12-01");
    char *cut = strstr(row3, ",W2,");
    memmove(cut, strchr(row3, '\n'), strlen(strchr(row3, '\n')) + 1);
    book = open_book(ctx, book_terms, bad_events, &tf, &ef, &g);
    if (g == NULL || owed_loanbook_group_error(g, &file, &line) == NULL ||
        strcmp(file, "events.csv") != 0 || line != 3) {
        fprintf(stderr, "FAIL: a short events row: line %ld\n", line);
        failures++;
    }
    close_book(book, tf, ef, g);

    /* a header with an unknown column stops the book at line 1 */
    static char bad_header[] = "borrowr,loan\n";
    tf = fmemopen(bad_header, strlen(bad_header), "r");
    ef = fmemopen((char *)book_events, strlen(book_events), "r");
    book = NULL;
    if (tf == NULL || ef == NULL ||
        owed_loanbook_open(ctx, tf, "terms.csv", ef, "events.csv", NULL, &book) !=
            OWED_E_SYNTAX ||
        book != NULL || owed_ctx_error_line(ctx) != 1 ||
        strstr(owed_ctx_error_text(ctx), "borrowr") == NULL) {
        fprintf(stderr, "FAIL: a bad header: '%s'\n", owed_ctx_error_text(ctx));
        failures++;
    }
    close_book(book, tf, ef, NULL);
    owed_regime_free(reg);
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
    annual_rates(ctx);
    loan_book_section(ctx);

    owed_regime_free(g);
    owed_case_free(c);
    owed_ctx_free(ctx);
    allocator_tests(argv[1]);
    language_tests(argv[1]);
    programs_tests();
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

/* ------------------------------------------------------------------ allocators
 *
 * A counting allocator (owed_ctx_set_allocator) whose blocks carry a header with a magic
 * number and the id of the allocator that made them: a block freed or grown by another
 * allocator (or twice) is counted as foreign instead of being freed.  With it a context
 * reads a case from memory and a regime, builds a report, writes every statement format
 * (in English and, with the glossary, in Chinese), takes figures, findings, warnings,
 * regime ids and dates, while a context with the C library's allocator works in the same
 * process on the same handles; everything freed, in an order that frees the context
 * first and the handles outside any call given it, the allocator has no live block left
 * and saw no foreign one.  Then an allocator that fails after K allocations, for K from 0
 * by steps of 7 until the whole sequence succeeds: every call fails with OWED_E_NOMEM or
 * succeeds, and nothing is left allocated. */

#include <stddef.h>

enum { BLOCK_MAGIC = 0x6f776564 /* "owed" */, FREED_MAGIC = 0x66726565 /* "free" */ };

typedef union block_header {
    struct {
        unsigned magic;
        int owner;
        size_t size;
    } h;
    max_align_t align;
} block_header;

typedef struct counting {
    int id;
    long live, peak, made, foreign;
    long fail_after; /* allocations (malloc or realloc) that succeed; -1: no limit */
} counting;

static void *counting_malloc(void *ud, size_t size)
{
    counting *a = ud;
    if (a->fail_after >= 0 && a->made >= a->fail_after)
        return NULL;
    block_header *b = malloc(sizeof *b + size);
    if (b == NULL)
        return NULL;
    b->h.magic = BLOCK_MAGIC;
    b->h.owner = a->id;
    b->h.size = size;
    a->made++;
    if (++a->live > a->peak)
        a->peak = a->live;
    return b + 1;
}

/* The header of p when this allocator made it, else NULL (and counted foreign). */
static block_header *own_block(counting *a, void *p)
{
    block_header *b = (block_header *)p - 1;
    if (b->h.magic != BLOCK_MAGIC || b->h.owner != a->id) {
        a->foreign++;
        return NULL;
    }
    return b;
}

static void *counting_realloc(void *ud, void *p, size_t size)
{
    counting *a = ud;
    block_header *b = own_block(a, p);
    if (b == NULL || (a->fail_after >= 0 && a->made >= a->fail_after))
        return NULL;
    block_header *grown = realloc(b, sizeof *grown + size);
    if (grown == NULL)
        return NULL;
    grown->h.size = size;
    a->made++;
    return grown + 1;
}

static void counting_free(void *ud, void *p)
{
    counting *a = ud;
    block_header *b = own_block(a, p);
    if (b == NULL)
        return;
    b->h.magic = FREED_MAGIC;
    a->live--;
    free(b);
}

static owed_allocator counting_allocator(counting *a, int id, long fail_after)
{
    memset(a, 0, sizeof *a);
    a->id = id;
    a->fail_after = fail_after;
    owed_allocator al = {counting_malloc, counting_realloc, counting_free, a};
    return al;
}

/* The size of what `format` writes for r, or -1 when the call fails (ctx holds why). */
static long statement_size(owed_ctx *ctx, const owed_report *r, owed_format format)
{
    FILE *fp = tmpfile();
    if (fp == NULL)
        return -1;
    long size = owed_report_write(ctx, r, format, OWED_WRITE_EXACT, fp) == OWED_OK ? ftell(fp)
                                                                                   : -1;
    fclose(fp);
    return size;
}

static const owed_format all_formats[] = {OWED_FORMAT_TEXT, OWED_FORMAT_HTML, OWED_FORMAT_XML,
                                          OWED_FORMAT_CSV, OWED_FORMAT_BRIEF};
enum { N_FORMATS = sizeof all_formats / sizeof all_formats[0] };

/* A case file with two schema errors (at `path`, made by mkstemp), for the listing of
 * every schema error.  0, or -1 when it cannot be written. */
static int write_schema_errors(char *path)
{
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (fp == NULL)
        return -1;
    fputs("<?xml version=\"1.0\"?>\n<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" "
          "as-of=\"2023-07-01\" bogus=\"1\" wrong=\"2\"/>\n",
          fp);
    return fclose(fp) == 0 ? 0 : -1;
}

/* One counting allocator, and the default one at the same time. */
static void allocator_counted(const char *datadir)
{
    counting a;
    owed_allocator al = counting_allocator(&a, 1, -1);
    owed_ctx *ctx = owed_ctx_new();
    owed_ctx *plain = owed_ctx_new();
    owed_case *c = NULL, *c_plain = NULL;
    owed_regime *g = NULL, *chosen = NULL;
    owed_report *r = NULL, *r_plain = NULL, *r_mixed = NULL;
    if (ctx == NULL || plain == NULL || owed_ctx_set_allocator(ctx, &al) != OWED_OK ||
        owed_ctx_set_datadir(ctx, datadir) != OWED_OK ||
        owed_ctx_set_datadir(plain, datadir) != OWED_OK) {
        fprintf(stderr, "FAIL: contexts with a counting and the default allocator\n");
        failures++;
        owed_ctx_free(ctx);
        owed_ctx_free(plain);
        return;
    }
    owed_allocator half = al;
    half.free_fn = NULL;
    if (owed_ctx_set_allocator(ctx, &half) != OWED_E_ARG) {
        fprintf(stderr, "FAIL: an allocator without free_fn accepted\n");
        failures++;
    }
    const owed_regime *regimes[1];
    if (owed_case_open_memory(ctx, "counted", case_xml, strlen(case_xml), &c) != OWED_OK ||
        owed_regime_open(ctx, "cn-private-2015", &g) != OWED_OK ||
        (regimes[0] = g, owed_report_new(ctx, c, NULL, regimes, 1, &r)) != OWED_OK) {
        fail_ctx(ctx, "case, regime and report with a counting allocator");
    } else {
        long made_before_plain = a.made;
        /* the default context, meanwhile: its own case and report, and a report of the
         * counted case and regime (borrowed, not copied) */
        if (owed_case_open_memory(plain, "plain", case_xml, strlen(case_xml), &c_plain) !=
                OWED_OK ||
            owed_report_new(plain, c_plain, NULL, regimes, 1, &r_plain) != OWED_OK ||
            owed_report_new(plain, c, NULL, regimes, 1, &r_mixed) != OWED_OK)
            fail_ctx(plain, "case and reports with the default allocator");
        for (int f = 0; f < N_FORMATS; f++)
            if (r_mixed != NULL && statement_size(plain, r_mixed, all_formats[f]) <= 0)
                fail_ctx(plain, "a statement with the default allocator");
        char *fig = owed_report_figure(r_plain, OWED_FIG_LAWFUL_PRINCIPAL, 0, 0, OWED_EXACT);
        if (fig == NULL || strcmp(fig, "451880/73") != 0 || a.made != made_before_plain) {
            fprintf(stderr, "FAIL: the default context: figure %s, %ld allocations counted\n",
                    fig ? fig : "(null)", a.made - made_before_plain);
            failures++;
        }
        owed_free(fig);
        /* each context writes the other's report: the writers keep nothing in it */
        for (int f = 0; f < N_FORMATS; f++)
            if (statement_size(ctx, r_mixed, all_formats[f]) <= 0 ||
                statement_size(plain, r, all_formats[f]) <= 0)
                fail_ctx(ctx, "a report written with another context");
        long sizes[N_FORMATS];
        for (int f = 0; f < N_FORMATS; f++)
            if ((sizes[f] = statement_size(ctx, r, all_formats[f])) <= 0)
                fail_ctx(ctx, "a statement with a counting allocator");
        if (owed_ctx_set_language(ctx, "zh") != OWED_OK ||
            owed_ctx_set_number_format(ctx, ",", ".", "\3") != OWED_OK ||
            owed_ctx_set_preparer(ctx, "Legal Aid Office") != OWED_OK ||
            statement_size(ctx, r, OWED_FORMAT_TEXT) <= 0 ||
            statement_size(ctx, r, OWED_FORMAT_HTML) <= 0)
            fail_ctx(ctx, "statements in Chinese with a counting allocator");
        owed_ctx_set_language(ctx, "en");
        /* a case from a stream, and a file with schema errors: the errors are listed in
         * the context, then moved with its settings when the allocator is set again */
        FILE *sp = tmpfile();
        owed_case *streamed = NULL;
        if (sp == NULL || fputs(case_xml, sp) < 0 || fseek(sp, 0, SEEK_SET) != 0 ||
            owed_case_open_stream(ctx, NULL, sp, &streamed) != OWED_OK)
            fail_ctx(ctx, "a case from a stream with a counting allocator");
        owed_case_free(streamed);
        if (sp)
            fclose(sp);
        char bad_path[] = "/tmp/owed-api-alloc-XXXXXX";
        int written = write_schema_errors(bad_path);
        owed_case *bad = NULL;
        if (written != 0 || owed_case_open_file(ctx, bad_path, &bad) != OWED_E_SCHEMA ||
            owed_ctx_error_count(ctx) < 2 || owed_ctx_set_allocator(ctx, &al) != OWED_OK ||
            owed_ctx_error_count(ctx) < 2 || strcmp(owed_ctx_datadir(ctx), datadir) != 0) {
            fprintf(stderr, "FAIL: schema errors kept and moved: %zu errors\n",
                    owed_ctx_error_count(ctx));
            failures++;
        }
        if (written == 0)
            remove(bad_path);
        char *figure = owed_report_figure(r, OWED_FIG_LAWFUL_BALANCE, OWED_ALL_LOANS, 0,
                                          OWED_ROUNDED);
        char *finding = owed_report_finding(r, 0);
        char *warning = owed_report_warning(r, 0);
        char *dates = owed_regime_dates(g);
        char **ids = NULL;
        size_t n_ids = 0;
        FILE *fp = tmpfile();
        if (figure == NULL || strcmp(figure, "6190.14") != 0 || finding == NULL ||
            warning == NULL || dates == NULL ||
            owed_regime_ids(ctx, &ids, &n_ids) != OWED_OK || n_ids == 0 || fp == NULL ||
            owed_regime_write(ctx, g, fp) != OWED_OK ||
            owed_regime_auto(ctx, c, NULL, &chosen) != OWED_OK) {
            fail_ctx(ctx, "figures, findings, regimes with a counting allocator");
        }
        if (fp)
            fclose(fp);
        /* the context first, then its handles and strings with no context: each is freed
         * by the allocator that made it */
        long live_before_free = a.live;
        owed_ctx_free(ctx);
        ctx = NULL;
        owed_free(figure);
        owed_free(finding);
        owed_free(warning);
        owed_free(dates);
        owed_regime_ids_free(ids, n_ids);
        printf("ok: counting allocator: %ld allocations, %ld blocks live at most, %ld "
               "before the frees; statements of %ld, %ld, %ld, %ld and %ld bytes\n",
               a.made, a.peak, live_before_free, sizes[0], sizes[1], sizes[2], sizes[3],
               sizes[4]);
        if (a.made == 0 || a.peak == 0 || live_before_free == 0) {
            fprintf(stderr, "FAIL: the counting allocator was not used\n");
            failures++;
        }
    }
    owed_report_free(r_mixed);
    owed_report_free(r_plain);
    owed_report_free(r);
    owed_regime_free(chosen);
    owed_regime_free(g);
    owed_case_free(c_plain);
    owed_case_free(c);
    owed_ctx_free(ctx);
    owed_ctx_free(plain);
    if (a.live != 0 || a.foreign != 0) {
        fprintf(stderr, "FAIL: counting allocator: %ld blocks left, %ld foreign frees\n",
                a.live, a.foreign);
        failures++;
    } else {
        printf("ok: counting allocator: no block left, none freed by another allocator\n");
    }
}

/* The steps of the sequence with an allocator that fails: set the allocator, the data
 * directory, read the case and the regime, build the report, write each format, take a
 * figure and a finding, write a statement in Chinese (the glossary), describe the
 * regime, list the regimes, choose one (owed_regime_auto reads them all), read a file
 * with schema errors (they are listed). */
enum {
    STEP_FORMATS = 5,                         /* the first format's */
    STEP_FIGURE = STEP_FORMATS + N_FORMATS,
    STEP_FINDING,
    STEP_GLOSSARY,
    STEP_REGIME_WRITE,
    STEP_REGIME_IDS,
    STEP_REGIME_AUTO,
    STEP_SCHEMA_ERRORS,
    N_STEPS
};

/* The step at which the sequence failed with OWED_E_NOMEM under an allocator that fails
 * after `k` allocations (0 ... N_STEPS - 1), N_STEPS when none did, or -1 after a failure
 * of another kind or memory left (reported). */
static int fail_after(const char *datadir, const char *bad_path, long k, counting *a)
{
    owed_allocator al = counting_allocator(a, 2, k);
    owed_ctx *ctx = owed_ctx_new();
    if (ctx == NULL) {
        fprintf(stderr, "FAIL: a context\n");
        return -1;
    }
    owed_case *c = NULL, *bad = NULL;
    owed_regime *g = NULL, *chosen = NULL;
    owed_report *r = NULL;
    char *text = NULL, **ids = NULL;
    size_t n_ids = 0;
    const owed_regime *regimes[1];
    int step = 0;
    owed_status st = OWED_OK;
    for (; st == OWED_OK && step < N_STEPS; st == OWED_OK ? step++ : 0) {
        FILE *fp = NULL;
        if ((step >= STEP_FORMATS && step < STEP_FIGURE) || step == STEP_GLOSSARY ||
            step == STEP_REGIME_WRITE) {
            if ((fp = tmpfile()) == NULL) {
                fprintf(stderr, "FAIL: a temporary file\n");
                st = OWED_E_IO;
                break;
            }
        }
        switch (step) {
        case 0: st = owed_ctx_set_allocator(ctx, &al); break;
        case 1: st = owed_ctx_set_datadir(ctx, datadir); break;
        case 2: st = owed_case_open_memory(ctx, "k", case_xml, strlen(case_xml), &c); break;
        case 3: st = owed_regime_open(ctx, "cn-private-2015", &g); break;
        case 4:
            regimes[0] = g;
            st = owed_report_new(ctx, c, NULL, regimes, 1, &r);
            break;
        case STEP_FIGURE:
            text = owed_report_figure(r, OWED_FIG_LAWFUL_PRINCIPAL, 0, 0, OWED_EXACT);
            if (text == NULL)
                st = OWED_E_NOMEM; /* the figure's only failure here */
            else if (strcmp(text, "451880/73") != 0) {
                fprintf(stderr, "FAIL: K = %ld: figure %s\n", k, text);
                st = OWED_E_SEMANTIC;
            }
            owed_free(text);
            break;
        case STEP_FINDING:
            text = owed_report_finding(r, 0);
            st = text ? OWED_OK : OWED_E_NOMEM;
            owed_free(text);
            break;
        case STEP_GLOSSARY:
            st = owed_ctx_set_language(ctx, "zh");
            if (st == OWED_OK)
                st = owed_report_write(ctx, r, OWED_FORMAT_TEXT, 0, fp);
            break;
        case STEP_REGIME_WRITE: st = owed_regime_write(ctx, g, fp); break;
        case STEP_REGIME_IDS: st = owed_regime_ids(ctx, &ids, &n_ids); break;
        case STEP_REGIME_AUTO: st = owed_regime_auto(ctx, c, NULL, &chosen); break;
        case STEP_SCHEMA_ERRORS:
            st = owed_case_open_file(ctx, bad_path, &bad);
            if (st == OWED_E_SCHEMA)
                st = OWED_OK; /* the listing may be cut short: the first error is kept */
            else if (st == OWED_OK)
                st = OWED_E_SEMANTIC;
            break;
        default: st = owed_report_write(ctx, r, all_formats[step - STEP_FORMATS], 0, fp);
        }
        if (fp)
            fclose(fp);
    }
    /* the context's language is Chinese from the glossary's step on: so are its messages
       ("out of memory" is 内存不足 in po/zh_CN.po) */
    const char *oom = step >= STEP_GLOSSARY ? "\xe5\x86\x85\xe5\xad\x98\xe4\xb8\x8d\xe8\xb6\xb3"
                                            : "out of memory";
    if (st != OWED_OK && st != OWED_E_NOMEM) {
        fprintf(stderr, "FAIL: K = %ld: step %d failed with code %d: %s\n", k, step, (int)st,
                owed_ctx_error_text(ctx));
        step = -1;
    } else if (st == OWED_E_NOMEM && step != STEP_FIGURE && step != STEP_FINDING &&
               (owed_ctx_error_code(ctx) != OWED_E_NOMEM ||
                strstr(owed_ctx_error_text(ctx), oom) == NULL)) {
        fprintf(stderr, "FAIL: K = %ld: step %d: the context holds code %d, '%s'\n", k, step,
                (int)owed_ctx_error_code(ctx), owed_ctx_error_text(ctx));
        step = -1;
    }
    owed_regime_ids_free(ids, n_ids);
    owed_case_free(bad);
    owed_regime_free(chosen);
    owed_report_free(r);
    owed_regime_free(g);
    owed_case_free(c);
    owed_ctx_free(ctx);
    if (a->live != 0 || a->foreign != 0) {
        fprintf(stderr, "FAIL: K = %ld (failed at step %d): %ld blocks left, %ld foreign\n", k,
                step, a->live, a->foreign);
        step = -1;
    }
    return step;
}

/* Steps of K: 7 for make check; cc -DALLOC_STEP=1 tries every K (by hand, a few
 * thousand runs). */
#ifndef ALLOC_STEP
#define ALLOC_STEP 7
#endif

static void allocator_failing(const char *datadir)
{
    int stopped_at[N_STEPS + 1] = {0};
    long k = 0, runs = 0, bad = 0;
    char bad_path[] = "/tmp/owed-api-nomem-XXXXXX";
    if (write_schema_errors(bad_path) != 0) {
        fprintf(stderr, "FAIL: a temporary file\n");
        failures++;
        return;
    }
    for (;; k += ALLOC_STEP) {
        counting a;
        int step = fail_after(datadir, bad_path, k, &a);
        runs++;
        if (step < 0) {
            bad++;
        } else {
            stopped_at[step]++;
            if (step == N_STEPS)
                break;
        }
        if (k > 200000) {
            fprintf(stderr, "FAIL: the sequence never succeeded\n");
            bad++;
            break;
        }
    }
    remove(bad_path);
    if (bad != 0) {
        failures++;
        return;
    }
    printf("ok: an allocator failing after K = 0, %d, ..., %ld allocations: %ld runs, each "
           "OWED_E_NOMEM or done, nothing left allocated; failed at step:", ALLOC_STEP, k, runs);
    for (int s = 0; s < N_STEPS; s++)
        printf(" %d", stopped_at[s]);
    printf("; done: %d\n", stopped_at[N_STEPS]);
    /* the case, the regime, the report, each format and the steps after the finding failed
     * once at least (the figure and the finding allocate too little for steps of 7 to fall
     * in them always; a file with schema errors fails with OWED_E_SCHEMA when the listing
     * finds no memory) */
    for (int s = 2; s < STEP_SCHEMA_ERRORS; s++)
        if (stopped_at[s] == 0 && s != STEP_FIGURE && s != STEP_FINDING) {
            fprintf(stderr, "FAIL: no K failed at step %d\n", s);
            failures++;
        }
}

/* The annual-rate handles under a counting allocator.  The flows and options are made by
 * the counted context and filled through a context with the default allocator, so that
 * what they hold must still come from the counting one (their own); the result is read
 * and written through the default context.  With `fail` >= 0 the counting allocator fails
 * after `fail` allocations.  Returns 1 when the whole sequence succeeded, 0 when a call
 * failed with OWED_E_NOMEM (and nothing else went wrong), -1 after a failure of another
 * kind (counted). */
static int annual_counted(long fail, counting *a)
{
    owed_allocator al = counting_allocator(a, 3, fail);
    owed_ctx *ctx = owed_ctx_new(), *plain = owed_ctx_new();
    owed_flows *f = NULL;
    owed_annual_options *o = NULL;
    owed_annual *r = NULL;
    char *p = NULL, *lo = NULL, *hi = NULL, *amount = NULL, *time = NULL;
    int done = 0, other = 0;
    owed_status st = OWED_E_ARG;
    if (ctx != NULL && plain != NULL && (st = owed_ctx_set_allocator(ctx, &al)) == OWED_OK &&
        (st = owed_flows_new(ctx, &f)) == OWED_OK &&
        (st = owed_flows_add(plain, f, "2021-01-01", "1000")) == OWED_OK &&
        (st = owed_flows_add_text(plain, f, "2022-01-01:-1100")) == OWED_OK &&
        (st = owed_annual_options_new(ctx, &o)) == OWED_OK &&
        (st = owed_annual_options_set(plain, o, "range", "-50:500")) == OWED_OK &&
        (st = owed_annual_options_set(plain, o, "cap", "24")) == OWED_OK &&
        (st = owed_annual_compute(ctx, f, o, &r)) == OWED_OK) {
        FILE *out = tmpfile();
        const char *measure = NULL;
        p = owed_annual_percent(r, 0);
        int exact = owed_annual_bracket(r, 0, &lo, &hi);
        int term = owed_annual_term(r, 1, NULL, &amount, &time, &measure);
        const char *tm = owed_annual_time_measure(r);
        st = out ? owed_annual_write(plain, r, OWED_FORMAT_XML, out) : OWED_E_IO;
        if (out)
            fclose(out);
        if (p == NULL || exact < 0 || term != 0 || tm == NULL) {
            st = OWED_E_NOMEM; /* what the accessors say when memory runs out */
        } else if (st == OWED_OK) {
            /* 1000 lent, 1100 repaid a year (365 days) later: 10 % exactly */
            if (strcmp(p, "10.000000") != 0 || exact != 1 || strcmp(lo, "10") != 0 ||
                strcmp(amount, "-1100") != 0) {
                fprintf(stderr, "FAIL: annual rate under a counting allocator: %s [%s, %s] "
                                "(exact %d), term amount %s\n",
                        p, lo, hi, exact, amount);
                other = 1;
            }
            done = 1;
        }
    }
    if (!done && st != OWED_E_NOMEM && !other) {
        fprintf(stderr, "FAIL: annual rate under a counting allocator failing after %ld: %s\n",
                fail, ctx ? owed_ctx_error_text(ctx) : "(no context)");
        other = 1;
    }
    owed_free(p);
    owed_free(lo);
    owed_free(hi);
    owed_free(amount);
    owed_free(time);
    owed_ctx_free(ctx); /* before the handles: they keep their allocator */
    owed_ctx_free(plain);
    owed_annual_free(r);
    owed_annual_options_free(o);
    owed_flows_free(f);
    if (a->live != 0 || a->foreign != 0) {
        fprintf(stderr, "FAIL: annual rates, allocator failing after %ld: %ld blocks left, "
                        "%ld freed by another allocator\n",
                fail, a->live, a->foreign);
        other = 1;
    }
    if (other)
        failures++;
    return other ? -1 : done;
}

static void allocator_annual(void)
{
    counting a;
    if (annual_counted(-1, &a) == 1) {
        if (a.made == 0) {
            fprintf(stderr, "FAIL: annual rates: the counting allocator was not used\n");
            failures++;
        } else {
            printf("ok: annual rates under a counting allocator: %ld allocations, none left\n",
                   a.made);
        }
    }
    long total = a.made, runs = 0;
    int rc = 0;
    for (long k = 0; k <= total && rc != -1; k++, runs++)
        rc = annual_counted(k, &a);
    if (rc == 1)
        printf("ok: annual rates, allocator failing after K = 0 .. %ld: %ld runs, each "
               "OWED_E_NOMEM or done, nothing left allocated\n",
               total, runs);
    else if (rc == 0) {
        fprintf(stderr, "FAIL: annual rates: no run succeeded up to K = %ld\n", total);
        failures++;
    }
}

/* A loan book opened by a context with a counting allocator and read, group by group,
 * through a context with the default one: the book's groups are the book's (its rows,
 * moved), so that everything they hold comes from the counting allocator; the verdicts and
 * the case file made by the counting context too.  Nothing is left, nothing freed by the
 * other allocator. */
static void allocator_book(const char *datadir)
{
    counting a;
    owed_allocator al = counting_allocator(&a, 4, -1);
    owed_ctx *ctx = owed_ctx_new(), *plain = owed_ctx_new();
    owed_regime *g = NULL;
    FILE *tf = NULL, *ef = NULL;
    owed_loanbook *book = NULL;
    owed_loanbook_group *group = NULL;
    owed_verdicts *v = NULL;
    char *xml = NULL;
    size_t len = 0;
    if (ctx == NULL || plain == NULL || owed_ctx_set_allocator(ctx, &al) != OWED_OK ||
        owed_ctx_set_datadir(ctx, datadir) != OWED_OK ||
        owed_regime_open(ctx, "cn-private-2020", &g) != OWED_OK ||
        (tf = fmemopen((char *)book_terms, strlen(book_terms), "r")) == NULL ||
        (ef = fmemopen((char *)book_events, strlen(book_events), "r")) == NULL ||
        owed_loanbook_open(ctx, tf, "terms.csv", ef, "events.csv", NULL, &book) != OWED_OK ||
        owed_loanbook_next(plain, book, &group) != OWED_OK || group == NULL) {
        fprintf(stderr, "FAIL: a loan book under a counting allocator: %s\n",
                ctx ? owed_ctx_error_text(ctx) : "(no context)");
        failures++;
    } else {
        const owed_regime *regimes[1] = {g};
        if (owed_verdicts_of_group(ctx, group, regimes, 1, OWED_VERDICT_RATE_XIRR, 0, &v) !=
                OWED_OK ||
            owed_loanbook_group_case_file(plain, group, NULL, &xml, &len) != OWED_OK) {
            fprintf(stderr, "FAIL: verdicts and case file under a counting allocator\n");
            failures++;
        } else {
            expect_text(owed_verdicts_text(v, 1, OWED_VERDICT_LAWFUL_BALANCE), "1655.33",
                        "counting allocator: W2 by law");
        }
    }
    owed_free(xml);
    owed_ctx_free(ctx); /* before the handles: they keep their allocator */
    owed_ctx_free(plain);
    owed_verdicts_free(v);
    owed_loanbook_group_free(group);
    owed_loanbook_free(book);
    owed_regime_free(g);
    if (tf)
        fclose(tf);
    if (ef)
        fclose(ef);
    if (a.made == 0 || a.live != 0 || a.foreign != 0) {
        fprintf(stderr, "FAIL: loan book, counting allocator: %ld made, %ld left, %ld foreign\n",
                a.made, a.live, a.foreign);
        failures++;
    } else {
        printf("ok: loan book under a counting allocator: %ld allocations, none left\n", a.made);
    }
}

static void allocator_tests(const char *datadir)
{
    allocator_counted(datadir);
    allocator_failing(datadir);
    allocator_annual();
    allocator_book(datadir);
}

/* ------------------------------------------------------------------ languages */

/* The language is the context's, not the process's: this program never sets a locale nor
 * binds gettext, so that gettext would give English; a context set to Chinese writes its
 * statement and its errors in Chinese all the same, beside an English one in the same
 * process, and a report keeps the words of the context that made it for its findings. */
static void language_tests(const char *datadir)
{
    owed_ctx *zh = owed_ctx_new(), *en = owed_ctx_new();
    owed_case *c = NULL;
    if (zh == NULL || en == NULL || owed_ctx_set_datadir(zh, datadir) != OWED_OK ||
        owed_ctx_set_datadir(en, datadir) != OWED_OK ||
        owed_ctx_set_language(zh, "zh") != OWED_OK ||
        owed_case_open_memory(en, "api-case", case_xml, strlen(case_xml), &c) != OWED_OK) {
        fprintf(stderr, "FAIL: contexts for the languages\n");
        failures++;
    } else {
        owed_report *r = NULL;
        char out[2][256] = {"", ""};
        owed_ctx *ctxs[2] = {zh, en};
        for (int i = 0; i < 2; i++) {
            FILE *fp = tmpfile();
            if (fp && owed_report_new(ctxs[i], c, NULL, NULL, 0, &r) == OWED_OK &&
                owed_report_write(ctxs[i], r, OWED_FORMAT_TEXT, 0, fp) == OWED_OK) {
                rewind(fp);
                if (fgets(out[i], sizeof out[i], fp) == NULL)
                    out[i][0] = '\0';
            }
            owed_report_free(r);
            r = NULL;
            if (fp)
                fclose(fp);
        }
        /* the statements' first lines (po/zh_CN.po: 欠款核算书) */
        expect_text(out[0], "\xe6\xac\xa0\xe6\xac\xbe\xe6\xa0\xb8\xe7\xae\x97\xe4\xb9\xa6\n",
                    "a Chinese context's statement, first line");
        expect_text(out[1], "STATEMENT OF WHAT IS OWED\n", "an English context's statement");
        /* an error: '2023-02-29' 不是日历上存在的日期 */
        if (owed_date_check(zh, "--as-of", "2023-02-29") != OWED_E_SYNTAX ||
            owed_date_check(en, "--as-of", "2023-02-29") != OWED_E_SYNTAX) {
            fprintf(stderr, "FAIL: 2023-02-29 accepted\n");
            failures++;
        } else {
            expect_text(owed_ctx_error_text(zh),
                        "'2023-02-29' \xe4\xb8\x8d\xe6\x98\xaf\xe6\x97\xa5\xe5\x8e\x86"
                        "\xe4\xb8\x8a\xe5\xad\x98\xe5\x9c\xa8\xe7\x9a\x84\xe6\x97\xa5"
                        "\xe6\x9c\x9f",
                        "a Chinese context's error");
            expect_text(owed_ctx_error_text(en), "'2023-02-29' is not a day of the calendar",
                        "an English context's error");
        }
    }
    owed_case_free(c);
    owed_ctx_free(zh);
    owed_ctx_free(en);
    language_threads(datadir);
}

/* Two threads, each with a context of its own language, write the same case's statement
 * again and again at the same time: each gets its own language's first line every time. */
typedef struct lang_worker {
    const char *datadir, *lang, *want;
    int runs, wrong;
} lang_worker;

static void *lang_work(void *arg)
{
    lang_worker *w = arg;
    owed_ctx *ctx = owed_ctx_new();
    owed_case *c = NULL;
    if (ctx == NULL || owed_ctx_set_datadir(ctx, w->datadir) != OWED_OK ||
        owed_ctx_set_language(ctx, w->lang) != OWED_OK ||
        owed_case_open_memory(ctx, "api-case", case_xml, strlen(case_xml), &c) != OWED_OK) {
        w->wrong = -1;
    } else {
        for (int i = 0; i < w->runs; i++) {
            owed_report *r = NULL;
            char line[256] = "";
            FILE *fp = tmpfile();
            if (fp == NULL || owed_report_new(ctx, c, NULL, NULL, 0, &r) != OWED_OK ||
                owed_report_write(ctx, r, OWED_FORMAT_TEXT, 0, fp) != OWED_OK ||
                (rewind(fp), fgets(line, sizeof line, fp)) == NULL || strcmp(line, w->want))
                w->wrong++;
            owed_report_free(r);
            if (fp)
                fclose(fp);
        }
    }
    owed_case_free(c);
    owed_ctx_free(ctx);
    return NULL;
}

static void language_threads(const char *datadir)
{
    lang_worker w[2] = {
        {datadir, "zh", "\xe6\xac\xa0\xe6\xac\xbe\xe6\xa0\xb8\xe7\xae\x97\xe4\xb9\xa6\n", 25, 0},
        {datadir, "en", "STATEMENT OF WHAT IS OWED\n", 25, 0}};
    pthread_t t[2];
    int started[2];
    for (int i = 0; i < 2; i++)
        started[i] = pthread_create(&t[i], NULL, lang_work, &w[i]) == 0;
    for (int i = 0; i < 2; i++)
        if (started[i])
            pthread_join(t[i], NULL);
    if (!started[0] || !started[1] || w[0].wrong != 0 || w[1].wrong != 0) {
        fprintf(stderr, "FAIL: two languages in two threads: %d and %d statements wrong\n",
                w[0].wrong, w[1].wrong);
        failures++;
    } else {
        printf("ok: two threads, Chinese and English, %d statements each, each in its own "
               "language\n",
               w[0].runs);
    }
}

/* ------------------------------------------------------------------ for programs */

static void programs_tests(void)
{
    char buf[64];
    /* a line feed, a right-to-left override and DEL: one line, the override visible */
    expect_text(owed_text_line(buf, sizeof buf, "a\nb\xe2\x80\xae" "c\x7f"), "a?b<U+202E>c?",
                "owed_text_line");
    /* "\xe7\x8e\x8b" cut by a buffer of 3 bytes: dropped whole, not half-written */
    expect_text(owed_text_line(buf, 3, "\xe7\x8e\x8b"), "", "owed_text_line, cut sequence");
    expect_text(owed_text_line(buf, sizeof buf, NULL), "", "owed_text_line of NULL");

    char path[] = "/tmp/owed-api-input-XXXXXX", other[] = "/tmp/owed-api-other-XXXXXX";
    int fd = mkstemp(path), fd2 = mkstemp(other);
    struct stat sb, sb2;
    if (fd < 0 || fd2 < 0 || fstat(fd, &sb) != 0 || fstat(fd2, &sb2) != 0) {
        fprintf(stderr, "FAIL: temporary files\n");
        failures++;
    } else {
        owed_inputs_note(fd, "before"); /* not recorded: recording is off */
        const char *before = owed_inputs_find((unsigned long long)sb.st_dev,
                                              (unsigned long long)sb.st_ino);
        owed_inputs_record();
        owed_inputs_note(fd, "case.xml");
        const char *found = owed_inputs_find((unsigned long long)sb.st_dev,
                                             (unsigned long long)sb.st_ino);
        const char *not_read = owed_inputs_find((unsigned long long)sb2.st_dev,
                                                (unsigned long long)sb2.st_ino);
        if (before != NULL || not_read != NULL) {
            fprintf(stderr, "FAIL: owed_inputs_find found a file not recorded\n");
            failures++;
        }
        expect_text(found, "case.xml", "owed_inputs_find");
    }
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    if (fd2 >= 0) {
        close(fd2);
        unlink(other);
    }
}
