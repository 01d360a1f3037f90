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

static void allocator_tests(const char *datadir); /* the last section */

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

    owed_regime_free(g);
    owed_case_free(c);
    owed_ctx_free(ctx);
    allocator_tests(argv[1]);
    return failures ? 1 : 0;
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
    if (st != OWED_OK && st != OWED_E_NOMEM) {
        fprintf(stderr, "FAIL: K = %ld: step %d failed with code %d: %s\n", k, step, (int)st,
                owed_ctx_error_text(ctx));
        step = -1;
    } else if (st == OWED_E_NOMEM && step != STEP_FIGURE && step != STEP_FINDING &&
               (owed_ctx_error_code(ctx) != OWED_E_NOMEM ||
                strstr(owed_ctx_error_text(ctx), "out of memory") == NULL)) {
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

static void allocator_tests(const char *datadir)
{
    allocator_counted(datadir);
    allocator_failing(datadir);
}
