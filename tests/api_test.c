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
 * It also reads a small loan book (owed-csv(5)) from memory streams and checks the figures
 * of a verdict row and the line of a bad row (the "loan books" section below).
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

    loan_book_section(ctx);

    owed_regime_free(g);
    owed_case_free(c);
    owed_ctx_free(ctx);
    return failures ? 1 : 0;
}
