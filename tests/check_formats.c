/* The statement formats: number formatting, the snapshots behind the chart and the CSV,
 * and, for every sample under every shipped regime, that
 *  - the snapshot at the as-of date has the report's own figures;
 *  - the CSV's rows add up: each balance is the previous one plus the row's amount, and
 *    each loan's last balance is the report's (contract balance; balance by law less
 *    refund);
 *  - every figure of the XML is its exact value rounded half-up, the XML validates against
 *    statement.xsd, and the summary holds the report's totals;
 *  - the HTML parses, has no script and no external asset, one inline chart, and the
 *    summary figures. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "case_read.h"
#include "number.h"
#include "regime.h"
#include "report.h"
#include "statement.h"
#include "statement_util.h"

static char datadir[8192], topdir[4096];

/* The samples, and "marked": a case written here whose payments are marked as paid for
 * charges or for principal (prepaid charges held, a refund with interest under user-ok). */
static const char *const samples[] = {"seed-xian-2018", "cash-loan-withheld", "jpy-tranches",
                                      "marked"};
/* The shipped regimes, and a user's regime file that gives interest on refunds. */
static const char *const regime_ids[] = {"cn-private-2015", "cn-private-2020", "cn-licensed",
                                         "cn-cash-loan-2017", "cn-private-2015-strict",
                                         "tests/regimes/user-ok.xml"};
static const char *const regime_names[] = {"cn-private-2015", "cn-private-2020", "cn-licensed",
                                           "cn-cash-loan-2017", "cn-private-2015-strict",
                                           "user-ok"};
#define N_REGIMES (sizeof regime_ids / sizeof regime_ids[0])
#define N_SAMPLES (sizeof samples / sizeof samples[0])
#define MARKED (N_SAMPLES - 1)

typedef struct fixture {
    owed_case *c;
    owed_regime *regs[N_REGIMES];
    owed_report *r;
} fixture;

/* Two loans in 2019: A, 45,000.00 delivered on a contract for 50,000.00 at 30 % a year,
 * with two payments of 5,000.00 for charges; B, 10,000.00 at 20 %, paid 12,000.00 on its
 * due date (a refund); then 1,000.00 not designated, for principal. */
static const char marked_case[] =
    "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" "
    "as-of=\"2019-12-01\">\n"
    "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"50000.00\" due=\"2019-12-31\">"
    "<disbursement date=\"2019-01-01\" amount=\"45000.00\"/>"
    "<interest rate=\"30%\" per=\"year\"/></loan>\n"
    "<loan id=\"B\" contracted=\"2019-01-01\" principal=\"10000.00\" due=\"2019-07-01\">"
    "<interest rate=\"20%\" per=\"year\"/></loan>\n"
    "<payment date=\"2019-05-01\" amount=\"5000.00\" loan=\"A\"/>\n"
    "<payment date=\"2019-07-01\" amount=\"12000.00\" loan=\"B\"/>\n"
    "<payment date=\"2019-09-01\" amount=\"5000.00\" loan=\"A\"/>\n"
    "<payment date=\"2019-10-01\" amount=\"1000.00\"/>\n"
    "</case>\n";

static void load(fixture *f, const char *sample)
{
    char path[16384], schema[16384];
    int marked = strcmp(sample, "marked") == 0;
    if (marked) {
        snprintf(path, sizeof path, "/tmp/owed-formats-XXXXXX");
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        FILE *fp = fdopen(fd, "w");
        fputs(marked_case, fp);
        fclose(fp);
    } else {
        snprintf(path, sizeof path, "%s/samples/%s.xml", topdir, sample);
    }
    snprintf(schema, sizeof schema, "%s/schema/case.xsd", datadir);
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_case_read_file(path, schema, &f->c, &err) == OWED_OK, "%s: %s", path,
                  err.text);
    if (marked) {
        unlink(path);
        /* the markings (<payment for="..">, which this case reader does not read yet) */
        ck_assert_uint_eq(f->c->n_events, 4);
        f->c->events[0].paid_for = OWED_PAID_FOR_CHARGES;
        f->c->events[2].paid_for = OWED_PAID_FOR_CHARGES;
        f->c->events[3].paid_for = OWED_PAID_FOR_PRINCIPAL;
    }
    for (size_t g = 0; g < N_REGIMES; g++) {
        char id[16384];
        if (strchr(regime_ids[g], '/'))
            snprintf(id, sizeof id, "%s/%s", topdir, regime_ids[g]);
        else
            snprintf(id, sizeof id, "%s", regime_ids[g]);
        ck_assert_msg(owed_regime_load(id, datadir, &f->regs[g], &err) == OWED_OK, "%s: %s",
                      regime_ids[g], err.text);
        ck_assert_str_eq(owed_regime_id(f->regs[g]), regime_names[g]);
    }
    ck_assert_msg(owed_report_build(f->c, f->c->as_of, (const owed_regime *const *)f->regs,
                                    N_REGIMES, &f->r, &err) == OWED_OK,
                  "%s", err.text);
}

static void unload(fixture *f)
{
    owed_report_free(f->r);
    owed_case_free(f->c);
    for (size_t g = 0; g < N_REGIMES; g++)
        owed_regime_free(f->regs[g]);
}

/* Runs a writer into memory; the caller frees the text. */
static char *run(owed_status (*writer)(FILE *, const owed_report *,
                                       const owed_statement_options *, owed_error *),
                 const owed_report *r, const owed_statement_options *opt, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    ck_assert_ptr_nonnull(fp);
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(writer(fp, r, opt, &err) == OWED_OK, "%s", err.text);
    ck_assert_int_eq(fclose(fp), 0);
    if (len)
        *len = n;
    return buf;
}

static void parse_q(mpq_t out, const char *text)
{
    ck_assert_msg(owed_number_parse(out, text, "x", "", 0, NULL) == OWED_OK, "not a number: %s",
                  text);
}

/* ------------------------------------------------------------------ numbers */

START_TEST(test_localize)
{
    static const owed_numeric_style en = {".", ",", "\3"}, none = {NULL, NULL, NULL};
    static const owed_numeric_style in = {".", ",", "\3\2"}, de = {",", ".", "\3"};
    static const struct {
        const owed_numeric_style *ns;
        const char *in, *out;
    } cases[] = {
        {&en, "1234567.89", "1,234,567.89"}, {&en, "-1234.5", "-1,234.5"},
        {&en, "123", "123"},                 {&en, "-123.00", "-123.00"},
        {&en, "1000", "1,000"},              {&en, "0.00", "0.00"},
        {&none, "1234567.89", "1234567.89"}, {&in, "123456789.5", "12,34,56,789.5"},
        {&de, "-1234567.89", "-1.234.567,89"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = owed_stmt_localize(cases[i].in, cases[i].ns);
        ck_assert_str_eq(s, cases[i].out);
        free(s);
    }
    char *s = owed_stmt_localize("1234.5", NULL);
    ck_assert_str_eq(s, "1234.5");
    free(s);
}
END_TEST

START_TEST(test_rates)
{
    mpq_t q;
    mpq_init(q);
    static const struct {
        const char *rate, *percent, *value;
    } cases[] = {
        {"0.24", "24%", "0.24"},        {"0.154", "15.4%", "0.154"},
        {"1/3", "33.3333%", "0.3333333333"}, {"0.0005", "0.05%", "0.0005"},
        {"3/2", "150%", "1.5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parse_q(q, cases[i].rate);
        char *p = owed_stmt_percent(q, NULL), *v = owed_stmt_rate_value(q, 10);
        ck_assert_str_eq(p, cases[i].percent);
        ck_assert_str_eq(v, cases[i].value);
        free(p);
        free(v);
    }
    mpq_clear(q);
}
END_TEST

START_TEST(test_clean_text)
{
    char *s = owed_stmt_clean_text("ok \xE6\x9C\xAC\xE9\x87\x91 \xFF\x01" "end\ttab");
    ck_assert_str_eq(s, "ok \xE6\x9C\xAC\xE9\x87\x91 \xEF\xBF\xBD\xEF\xBF\xBD" "end\ttab");
    free(s);
    s = owed_stmt_clean_text("\xC0\xAF"); /* overlong "/" */
    ck_assert_str_eq(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
}
END_TEST

/* An article in the words of a Chinese or Japanese law (第N条), and a citation as readers
 * of English, Chinese and Japanese write it: the law's article right after the instrument
 * for the last two, another law's article as it writes it, a CFR part number once. */
START_TEST(test_article_forms)
{
    static const struct {
        const char *article, *law, *native;
    } natives[] = {
        {"26(1)", "zh", "第26条第1款"},
        {"26(1)", "ja", "第26条第1項"},
        {"28, 29", "zh", "第28条、第29条"},
        {"404; 附則15条1項", "ja", "第404条、附則第15条第1項"},
        {"15条1項", "ja", "第15条第1項"},
        {"附則第15条", "ja", "附則第15条"},
        {"5A.2.3R", "ja", NULL},
        {"四(一)", "zh", NULL},
        {"Appendix J (b)(5)", "ja", NULL},
        {"1234567", "ja", NULL},
        {"26, ", "zh", NULL},
    };
    for (size_t i = 0; i < sizeof natives / sizeof natives[0]; i++) {
        char *s = owed_stmt_article_native(natives[i].article, natives[i].law);
        if (natives[i].native == NULL)
            ck_assert_msg(s == NULL, "%s: %s", natives[i].article, s);
        else
            ck_assert_str_eq(s, natives[i].native);
        free(s);
    }
    static const struct {
        const char *lang, *law, *instrument, *article, *text;
    } cites[] = {
        {"ja", "ja", "利息制限法", "1", "利息制限法第1条"},
        {"zh", "ja", "利息制限法", "1", "利息制限法第1条"},
        {"en", "ja", "利息制限法", "1", "利息制限法 第1条 (art. 1)"},
        {"ja", "en", "12 CFR 1026", "1026.18(b)", "12 CFR 1026.18(b)"},
        {"zh", "en", "32 CFR 232", "232.4(b), 232.4(c)(2)", "32 CFR 232.4(b), 232.4(c)(2)"},
        {"ja", "en", "12 CFR 1026", "Appendix J (b)(5)", "12 CFR 1026 Appendix J (b)(5)"},
        {"ja", "en", "32 CFR 232", "2324.1", "32 CFR 232 2324.1"},
        {"ja", "en", "FCA Handbook, CONC", "5A.2.3R", "FCA Handbook, CONC 5A.2.3R"},
        {"en", "en", "12 CFR 1026", "1026.18(b)", "12 CFR 1026, art. 1026.18(b)"},
        {"ja", "zh", "通知", "四(一)", "通知 四(一)"},
        {"en", "zh", "通知", "四(一)", "通知, art. 四(一)"},
        {"ja", "ja", "最高裁判所 昭和31年7月3日判決", NULL, "最高裁判所 昭和31年7月3日判決"},
    };
    for (size_t i = 0; i < sizeof cites / sizeof cites[0]; i++) {
        owed_citation c = {.instrument = cites[i].instrument, .article = cites[i].article,
                           .confirmed = 1};
        char *s = owed_stmt_citation_text(&c, cites[i].law, cites[i].lang, NULL);
        ck_assert_str_eq(s, cites[i].text);
        free(s);
    }
    /* a list of citations, joined by "; " */
    owed_citation second = {.instrument = "California Financial Code", .article = "23036",
                            .confirmed = 1};
    owed_citation first = {.instrument = "California Financial Code", .article = "23035(a)",
                           .confirmed = 1, .next = &second};
    char *s = owed_stmt_citations_text(&first, "en", "ja", NULL);
    ck_assert_str_eq(s, "California Financial Code 23035(a); California Financial Code 23036");
    free(s);
    s = owed_stmt_citations_text(&first, "en", "en", NULL);
    ck_assert_str_eq(s, "California Financial Code, art. 23035(a); "
                        "California Financial Code, art. 23036");
    free(s);
    s = owed_stmt_citations_text(NULL, "en", "ja", NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* ------------------------------------------------------------------ snapshots, series */

/* The report's series ends on the report's own balances (tests/check_samples.c shows that
 * every sampled day equals a replay to that day). */
START_TEST(test_series_is_report)
{
    fixture f;
    load(&f, samples[_i]);
    mpq_t a;
    mpq_init(a);
    const owed_series *se = f.r->series;
    ck_assert_ptr_nonnull(se);
    ck_assert_uint_ge(se->n, 2);
    ck_assert_uint_le(se->n, OWED_SERIES_MAX_POINTS);
    const owed_series_point *last = &se->points[se->n - 1];
    ck_assert_int_eq(last->date, f.r->as_of);
    owed_date first = f.r->as_of + 1;
    for (size_t i = 0; i < f.c->n_loans; i++)
        for (size_t k = 0; k < f.c->loans[i].n_disbursements; k++)
            if (f.c->loans[i].disbursements[k].date < first)
                first = f.c->loans[i].disbursements[k].date;
    ck_assert_int_eq(se->points[0].date, first);
    owed_loan_total(a, &f.r->total);
    ck_assert(mpq_equal(last->contract, a));
    for (size_t g = 0; g < N_REGIMES; g++) {
        mpq_set_ui(a, 0, 1);
        for (size_t i = 0; i < f.c->n_loans; i++)
            mpq_add(a, a, f.r->lawful[g]->loans[i].balance);
        ck_assert(mpq_equal(last->lawful[g], a));
    }
    for (size_t k = 1; k < se->n; k++) {
        ck_assert_int_lt(se->points[k - 1].date, se->points[k].date);
        ck_assert_int_ge(mpq_cmp(se->points[k].paid, se->points[k - 1].paid), 0);
    }
    mpq_clear(a);
    unload(&f);
}
END_TEST

/* ------------------------------------------------------------------ payments made */

/* Each payment made is applied whole under every regime: its moves add up to it. */
START_TEST(test_payments_applied)
{
    fixture f;
    load(&f, samples[_i]);
    size_t n = 0;
    for (size_t e = 0; e < f.c->n_events; e++)
        n += f.c->events[e].kind == OWED_EV_PAYMENT && f.c->events[e].date <= f.r->as_of;
    ck_assert_uint_eq(f.r->n_payments, n);
    mpq_t sum;
    mpq_init(sum);
    for (size_t g = 0; g < N_REGIMES; g++) {
        const owed_lawful *lv = f.r->lawful[g];
        size_t moves = 0;
        for (size_t k = 0; k < f.r->n_payments; k++) {
            const owed_payment_made *p = &f.r->payments[k];
            ck_assert_uint_lt(p->moves_from[g], p->moves_to[g]);
            mpq_set_ui(sum, 0, 1);
            for (size_t i = p->moves_from[g]; i < p->moves_to[g]; i++) {
                const owed_lawful_move *m = owed_report_move(f.r, g, i);
                ck_assert_uint_eq(m->event, p->index);
                mpq_add(sum, sum, m->to_costs);
                mpq_add(sum, sum, m->to_charges);
                mpq_add(sum, sum, m->to_principal);
                mpq_add(sum, sum, m->to_band);
                mpq_add(sum, sum, m->to_prepaid);
                mpq_add(sum, sum, m->to_refund);
            }
            ck_assert_msg(mpq_equal(sum, p->event->amount), "%s: payment %zu not applied whole",
                          regime_names[g], k + 1);
            moves += p->moves_to[g] - p->moves_from[g];
        }
        ck_assert_uint_eq(moves, lv->n_moves);
        /* owed less refunds subtracts each refund with its interest */
        const owed_lawful_totals *lt = &f.r->lawful_totals[g];
        mpq_set(sum, lt->balance);
        mpq_sub(sum, sum, lt->refund);
        mpq_sub(sum, sum, lt->refund_interest);
        ck_assert(mpq_equal(sum, lt->net));
    }
    mpq_clear(sum);
    unload(&f);
}
END_TEST

/* The marked case in text: payments as made with their marking, prepaid charges held, the
 * interest on a refund (user-ok gives 5 %), the lawful application of each payment. */
START_TEST(test_marked_text)
{
    fixture f;
    load(&f, samples[MARKED]);
    owed_statement_options opt = {.exact = 0, .ledger = 0, .lang = "en"};
    char *text = run(owed_statement_write_text, f.r, &opt, NULL);
    static const char *const want[] = {
        "Payments made, as the borrower made them",
        "  No.  Date          Amount  Loan            Marked\n",
        "    1  2019-05-01   5000.00  A               for charges\n",
        "    4  2019-10-01   1000.00  not designated  for principal\n",
        "Withheld at payout, not lent",
        "Agreed charges on the money lent",
        "Prepaid charges held",
        "Interest on the refund to 2019-12-01",
        "Interest on refunds",
        "Lawful application of payments under A user's test regime (user-ok)",
        "Retention line (kept if paid)",
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        ck_assert_msg(strstr(text, want[k]) != NULL, "no '%s' in:\n%s", want[k], text);
    ck_assert_msg(strstr(text, "the lesser)") == NULL, "an old label is left");
    free(text);
    unload(&f);
}
END_TEST

/* ------------------------------------------------------------------ CSV */

/* Splits one RFC 4180 record (no line end) into at most `max` fields, in place. */
static size_t split_csv(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line, *o;
    for (;;) {
        ck_assert_uint_lt(n, max);
        if (*p == '"') {
            fields[n++] = o = ++p;
            for (;;) {
                ck_assert_msg(*p != '\0', "unterminated quoted field");
                if (*p == '"' && p[1] == '"') {
                    *o++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *o++ = *p++;
                }
            }
            ck_assert(*p == ',' || *p == '\0');
            char end = *p;
            *o = '\0';
            if (end == '\0')
                return n;
            p++;
        } else {
            fields[n++] = p;
            char *comma = strchr(p, ',');
            if (comma == NULL)
                return n;
            *comma = '\0';
            p = comma + 1;
        }
    }
}

START_TEST(test_csv_adds_up)
{
    fixture f;
    load(&f, samples[_i]);
    owed_statement_options opt = {.exact = 1, .ledger = 1};
    char *text = run(owed_statement_write_csv, f.r, &opt, NULL);
    size_t n_views = 1 + N_REGIMES, n_loans = f.c->n_loans;
    mpq_t *bal = malloc(n_views * n_loans * sizeof *bal);
    int *seen = calloc(n_views * n_loans, sizeof *seen);
    for (size_t k = 0; k < n_views * n_loans; k++)
        mpq_init(bal[k]);
    mpq_t amount, balance, t, paid;
    mpq_inits(amount, balance, t, paid, NULL);
    char *save = NULL;
    size_t rows = 0, payments = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t len = strlen(line);
        ck_assert_msg(len > 0 && line[len - 1] == '\r', "line without CRLF");
        line[len - 1] = '\0';
        char *fl[16];
        size_t nf = split_csv(line, fl, 16);
        ck_assert_uint_eq(nf, 13);
        if (rows++ == 0) {
            ck_assert_str_eq(fl[0], "date");
            ck_assert_str_eq(fl[10], "allocation");
            ck_assert_str_eq(fl[12], "balance_exact");
            continue;
        }
        /* what sent a payment's part to its loan: on those rows only */
        int pays = strcmp(fl[2], "payments") != 0 &&
                   (strcmp(fl[3], "payment") == 0 || strcmp(fl[3], "overpayment") == 0);
        if (pays) {
            int known = 0;
            for (int d = OWED_DECIDED_NONE; d <= OWED_DECIDED_PRO_RATA; d++)
                known |= strcmp(fl[10], owed_alloc_decider_name((owed_alloc_decider)d)) == 0;
            ck_assert_msg(known, "%s %s %s: allocation '%s'", fl[0], fl[1], fl[2], fl[10]);
        } else {
            ck_assert_msg(fl[10][0] == '\0', "%s %s %s %s: allocation '%s'", fl[0], fl[1],
                          fl[2], fl[3], fl[10]);
        }
        size_t loan = SIZE_MAX, view = SIZE_MAX;
        for (size_t i = 0; i < n_loans; i++)
            if (strcmp(fl[1], f.c->loans[i].id) == 0)
                loan = i;
        if (strcmp(fl[2], "payments") == 0) {
            /* a payment as made: its loan when designated, no balance */
            ck_assert_str_eq(fl[3], "payment");
            ck_assert(loan != SIZE_MAX || fl[1][0] == '\0');
            ck_assert_str_eq(fl[6], "");
            parse_q(amount, fl[11]);
            mpq_add(paid, paid, amount);
            payments++;
            continue;
        }
        if (strcmp(fl[2], "contract") == 0)
            view = 0;
        for (size_t g = 0; g < N_REGIMES; g++)
            if (strncmp(fl[2], "lawful:", 7) == 0 && strcmp(fl[2] + 7, regime_names[g]) == 0)
                view = g + 1;
        ck_assert_msg(loan != SIZE_MAX && view != SIZE_MAX, "bad row %s %s", fl[1], fl[2]);
        parse_q(amount, fl[11]);
        parse_q(balance, fl[12]);
        mpq_t *b = &bal[view * n_loans + loan];
        mpq_add(*b, *b, amount);
        ck_assert_msg(mpq_equal(*b, balance), "%s %s %s: balance does not add up", fl[0], fl[1],
                      fl[2]);
        /* the rounded columns are the exact ones rounded */
        char *r1 = owed_stmt_amount(f.r, amount), *r2 = owed_stmt_amount(f.r, balance);
        ck_assert_str_eq(r1, fl[5]);
        ck_assert_str_eq(r2, fl[6]);
        free(r1);
        free(r2);
        seen[view * n_loans + loan] = 1;
    }
    ck_assert_uint_gt(rows, 1);
    /* one row per payment made, their amounts negated */
    ck_assert_uint_eq(payments, f.r->n_payments);
    mpq_set_ui(t, 0, 1);
    for (size_t k = 0; k < f.r->n_payments; k++)
        mpq_sub(t, t, f.r->payments[k].event->amount);
    ck_assert(mpq_equal(paid, t));
    for (size_t i = 0; i < n_loans; i++) {
        owed_loan_total(t, &f.r->contract->loans[i]);
        ck_assert(mpq_equal(bal[i], t));
        for (size_t g = 0; g < N_REGIMES; g++) {
            const owed_lawful_loan *l = &f.r->lawful[g]->loans[i];
            mpq_sub(t, l->balance, l->refund);
            ck_assert_msg(mpq_equal(bal[(g + 1) * n_loans + i], t),
                          "%s loan %zu: lawful rows do not end on the balance", regime_ids[g], i);
            ck_assert(seen[(g + 1) * n_loans + i]);
        }
    }
    for (size_t k = 0; k < n_views * n_loans; k++)
        mpq_clear(bal[k]);
    mpq_clears(amount, balance, t, paid, NULL);
    free(bal);
    free(seen);
    free(text);
    unload(&f);
}
END_TEST

START_TEST(test_csv_quoting)
{
    /* A case whose labels need quoting and a formula guard. */
    char path[] = "/tmp/owed-formats-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs("<?xml version=\"1.0\"?>\n<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" "
          "as-of=\"2024-02-01\">\n<loan id=\"A\" contracted=\"2024-01-01\" principal=\"100.00\" "
          "due=\"2024-01-15\"><fee name=\"fee, &quot;special&quot;\" amount=\"5.00\" "
          "at=\"maturity\"/><fee name=\"=SUM(A1)\" amount=\"1.00\" at=\"maturity\"/></loan>\n"
          "</case>\n",
          fp);
    fclose(fp);
    char schema[16384];
    snprintf(schema, sizeof schema, "%s/schema/case.xsd", datadir);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_case_read_file(path, schema, &c, &err) == OWED_OK, "%s", err.text);
    unlink(path);
    owed_report *r = NULL;
    ck_assert_int_eq(owed_report_build(c, c->as_of, NULL, 0, &r, &err), OWED_OK);
    owed_statement_options opt = {.exact = 0, .ledger = 1};
    char *text = run(owed_statement_write_csv, r, &opt, NULL);
    ck_assert_msg(strstr(text, ",\"fee, \"\"special\"\"\",\r\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, ",'=SUM(A1),\r\n") != NULL, "%s", text);
    free(text);
    owed_report_free(r);
    owed_case_free(c);
}
END_TEST

/* ------------------------------------------------------------------ XML */

static void check_figures(const owed_report *r, xmlNode *n, size_t *count)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, BAD_CAST "value"), *e = xmlGetProp(n, BAD_CAST "exact");
        int is_rate = strstr((const char *)n->name, "rate") != NULL ||
                      strcmp((const char *)n->name, "limit") == 0 ||
                      strcmp((const char *)n->name, "multiple") == 0;
        if (v && e && !is_rate) {
            mpq_t q;
            mpq_init(q);
            parse_q(q, (const char *)e);
            char *s = owed_stmt_amount(r, q);
            ck_assert_msg(strcmp(s, (const char *)v) == 0, "<%s value=%s exact=%s>: %s",
                          n->name, v, e, s);
            free(s);
            mpq_clear(q);
            (*count)++;
        }
        xmlFree(v);
        xmlFree(e);
        check_figures(r, n->children, count);
    }
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

START_TEST(test_xml_figures)
{
    fixture f;
    load(&f, samples[_i]);
    owed_statement_options opt = {.exact = 0, .ledger = 1};
    size_t len = 0;
    char *text = run(owed_statement_write_xml, f.r, &opt, &len);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "statement.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    ck_assert_str_eq((const char *)root->name, "statement");
    ck_assert_str_eq((const char *)root->ns->href, "urn:owed:statement:1");
    size_t count = 0;
    check_figures(f.r, root->children, &count);
    ck_assert_uint_gt(count, 50);
    /* the summary holds the report's totals */
    xmlNode *owed = child(child(child(root, "summary"), "contract"), "owed");
    ck_assert_ptr_nonnull(owed);
    xmlChar *e = xmlGetProp(owed, BAD_CAST "exact");
    mpq_t q, t;
    mpq_inits(q, t, NULL);
    parse_q(q, (const char *)e);
    owed_loan_total(t, &f.r->total);
    ck_assert(mpq_equal(q, t));
    xmlFree(e);
    mpq_clears(q, t, NULL);
    /* and validates */
    char xsd[16384];
    snprintf(xsd, sizeof xsd, "%s/schema/statement.xsd", datadir);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    ck_assert_ptr_nonnull(schema);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    ck_assert_int_eq(xmlSchemaValidateDoc(vc, doc), 0);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    xmlFreeDoc(doc);
    free(text);
    unload(&f);
}
END_TEST

/* ------------------------------------------------------------------ art. 560 shown */

/* The <posting>s of the ledger and the <move>s of the payments made, in document order. */
static void collect(xmlNode *n, const char *name, xmlNode **out, size_t *count, size_t max)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, name) == 0 && *count < max)
            out[(*count)++] = n;
        collect(n->children, name, out, count, max);
    }
}

static void check_allocation_attr(xmlNode *n, owed_alloc_decider want)
{
    xmlChar *a = xmlGetProp(n, BAD_CAST "allocation");
    ck_assert_msg(a != NULL, "<%s> without allocation", n->name);
    ck_assert_str_eq((const char *)a, owed_alloc_decider_name(want));
    xmlFree(a);
}

/* Each split says what decided it: the XML's allocation attribute on every payment posting
 * and every lawful move (the engine's own decider), the text's and the page's column
 * "allocated by", and the order applied, once, in the rules. */
START_TEST(test_allocation_shown)
{
    fixture f;
    load(&f, samples[_i]);
    owed_statement_options opt = {.exact = 0, .ledger = 1, .lang = "en"};
    size_t len = 0;
    char *text = run(owed_statement_write_xml, f.r, &opt, &len);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "statement.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    const owed_ledger *lg = &f.r->contract->ledger;
    xmlNode **nodes = calloc(lg->n + 1, sizeof *nodes);
    size_t n = 0;
    collect(child(root, "ledger"), "posting", nodes, &n, lg->n + 1);
    ck_assert_uint_eq(n, lg->n);
    for (size_t i = 0; i < lg->n; i++) {
        const owed_posting *p = &lg->items[i];
        if (p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT)
            check_allocation_attr(nodes[i], p->allocation);
        else
            ck_assert(!xmlHasProp(nodes[i], BAD_CAST "allocation"));
    }
    free(nodes);
    size_t n_moves = 0;
    for (size_t g = 0; g < f.r->n_regimes; g++)
        n_moves += f.r->lawful[g]->n_moves;
    nodes = calloc(n_moves + 1, sizeof *nodes);
    n = 0;
    collect(child(root, "payments-made"), "move", nodes, &n, n_moves + 1);
    ck_assert_uint_eq(n, n_moves);
    size_t j = 0;
    for (size_t k = 0; k < f.r->n_payments; k++)
        for (size_t g = 0; g < f.r->n_regimes; g++) {
            const owed_payment_made *p = &f.r->payments[k];
            for (size_t i = p->moves_from[g]; i < p->moves_to[g]; i++)
                check_allocation_attr(nodes[j++], owed_report_move(f.r, g, i)->allocation);
        }
    free(nodes);
    xmlFreeDoc(doc);
    free(text);

    text = run(owed_statement_write_text, f.r, &opt, NULL);
    if (f.r->n_payments > 0)
        ck_assert_msg(strstr(text, "allocated by") != NULL, "no column 'allocated by'");
    for (size_t g = 0; g < f.r->n_regimes; g++)
        for (size_t i = 0; i < f.r->lawful[g]->n_moves; i++) {
            const char *w = owed_stmt_decider_label(f.r->lawful[g]->moves[i].allocation);
            ck_assert_msg(strstr(text, w) != NULL, "no '%s' in the text", w);
        }
    /* the order applied, said once when every regime has the same */
    const char *order = strstr(text, "Payments across loans, under each regime below, in this "
                                     "order: ");
    const char *again = strstr(text, "  Payments across loans\n    in this order: ");
    int same = 1;
    for (size_t g = 1; g < f.r->n_regimes; g++) {
        const owed_allocation_rule *a = owed_regime_allocation(f.r->regimes[0]),
                                   *b = owed_regime_allocation(f.r->regimes[g]);
        same &= a->n == b->n && memcmp(a->order, b->order, a->n * sizeof a->order[0]) == 0;
    }
    if (same) {
        ck_assert_msg(order != NULL, "the order is not said");
        ck_assert_msg(again == NULL, "the order is said twice");
    } else {
        ck_assert_msg(order == NULL, "one order said for all");
        ck_assert_msg(again != NULL, "no regime's own order");
    }
    ck_assert_msg(strstr(text, "this program's reading of") != NULL, "no burden measure");
    free(text);
    /* the shipped regimes alone share one order: said once, before their rules */
    {
        owed_report *r2 = NULL;
        owed_error err;
        owed_error_clear(&err);
        ck_assert(owed_report_build(f.c, f.c->as_of, (const owed_regime *const *)f.regs,
                                    N_REGIMES - 1, &r2, &err) == OWED_OK);
        text = run(owed_statement_write_text, r2, &opt, NULL);
        order = strstr(text, "\nPayments across loans, under each regime below, in this order: "
                             "the loan");
        ck_assert_msg(order != NULL, "the order is not said");
        ck_assert_msg(strstr(order + 60, "under each regime below") == NULL, "said twice");
        ck_assert_msg(strstr(text, "  Payments across loans\n    in this order: ") == NULL,
                      "said under a regime too");
        ck_assert_msg(strstr(order, "\nRules applied: ") != NULL, "not before the rules");
        free(text);
        owed_report_free(r2);
    }

    text = run(owed_statement_write_html, f.r, &opt, NULL);
    if (f.r->n_payments > 0) {
        ck_assert_msg(strstr(text, ">allocated by<") != NULL, "no column in the page");
        ck_assert_msg(strstr(text, ">Allocated by<") != NULL, "no ledger column in the page");
    }
    free(text);
    unload(&f);
}
END_TEST

/* Regimes are named title first, id last; short titles end at the first colon. */
START_TEST(test_regime_names)
{
    static const struct {
        const char *title, *brief;
    } cases[] = {
        {"民间借贷（2015年司法解释）：24%受保护，36%以上无效", "民间借贷（2015年司法解释）"},
        {"China, private lending, SPC provisions 2015: 24 % protected, 36 % void",
         "China, private lending, SPC provisions 2015"},
        {"A user's test regime", "A user's test regime"},
        {": odd", ": odd"},
        {"a：b: c", "a"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *s = owed_stmt_short_title(cases[k].title);
        ck_assert_str_eq(s, cases[k].brief);
        free(s);
    }
    fixture f;
    load(&f, samples[0]);
    char *s = owed_stmt_regime_name(f.regs[0], "en", 0);
    ck_assert_str_eq(s, "民间借贷（2015年司法解释）：24%受保护，36%以上无效 (China, private "
                        "lending, SPC provisions 2015: 24 % protected, 36 % void; "
                        "cn-private-2015)");
    free(s);
    s = owed_stmt_regime_name(f.regs[0], "en", 1);
    ck_assert_str_eq(s, "民间借贷（2015年司法解释） (China, private lending, SPC provisions "
                        "2015; cn-private-2015)");
    free(s);
    s = owed_stmt_regime_name(f.regs[0], "zh", 1);
    ck_assert_str_eq(s, "民间借贷（2015年司法解释） (cn-private-2015)");
    free(s);
    s = owed_stmt_regime_name(f.regs[N_REGIMES - 1], "en", 0);
    ck_assert_str_eq(s, "A user's test regime (user-ok)");
    free(s);
    unload(&f);
    /* the order of art. 560 in words: up to pro rata, which ends it and is never left out */
    char *o = owed_stmt_allocation_order(NULL, 0, OWED_BURDEN_DAILY_COST);
    ck_assert_str_eq(o, "loans already due before loans not yet due; then the most burdensome: "
                        "the agreed daily cost (interest and overdue rates a day, fees "
                        "excluded), this program's reading of 负担较重; then the loan that fell "
                        "due first; then pro rata to what each owes");
    free(o);
    static const owed_alloc_step short_order[] = {OWED_ALLOC_DUE, OWED_ALLOC_LEAST_SECURED};
    o = owed_stmt_allocation_order(short_order, 2, OWED_BURDEN_DAILY_COST);
    ck_assert_str_eq(o, "loans already due before loans not yet due; then the least secured "
                        "(security is not recorded in case files, so it never decides); then "
                        "pro rata to what each owes");
    free(o);
    static const owed_alloc_step cut[] = {OWED_ALLOC_PRO_RATA, OWED_ALLOC_DUE};
    o = owed_stmt_allocation_order(cut, 2, OWED_BURDEN_DAILY_COST);
    ck_assert_str_eq(o, "pro rata to what each owes");
    free(o);
    ck_assert_str_eq(owed_stmt_decider_label(OWED_DECIDED_NONE), "");
    ck_assert_str_eq(owed_stmt_decider_label(OWED_DECIDED_DUE), "due first");
    ck_assert_str_eq(owed_stmt_decider_label(OWED_DECIDED_PRO_RATA), "pro rata");
}
END_TEST

/* ------------------------------------------------------------------ HTML */

static void walk_html(xmlNode *n, size_t *svg, size_t *bad)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (strcmp(name, "svg") == 0)
            (*svg)++;
        if (strcmp(name, "script") == 0 || strcmp(name, "link") == 0 ||
            strcmp(name, "img") == 0 || strcmp(name, "iframe") == 0 ||
            strcmp(name, "object") == 0 || strcmp(name, "embed") == 0 ||
            xmlHasProp(n, BAD_CAST "src") || xmlHasProp(n, BAD_CAST "style"))
            (*bad)++;
        for (xmlAttr *a = n->properties; a; a = a->next)
            if (strncmp((const char *)a->name, "on", 2) == 0)
                (*bad)++;
        if (strcmp(name, "style") == 0) {
            xmlChar *css = xmlNodeGetContent(n);
            if (strstr((const char *)css, "url(") || strstr((const char *)css, "@import"))
                (*bad)++;
            xmlFree(css);
        }
        walk_html(n->children, svg, bad);
    }
}

START_TEST(test_html_self_contained)
{
    fixture f;
    load(&f, samples[_i]);
    owed_statement_options opt = {.exact = 1, .ledger = 1, .lang = "en"};
    size_t len = 0;
    char *text = run(owed_statement_write_html, f.r, &opt, &len);
    ck_assert_msg(strncmp(text, "<!DOCTYPE html>\n", 16) == 0, "no HTML5 doctype");
    htmlDocPtr doc = htmlReadMemory(text, (int)len, "statement.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull(doc);
    size_t svg = 0, bad = 0;
    walk_html(xmlDocGetRootElement(doc), &svg, &bad);
    ck_assert_uint_eq(svg, 1);
    ck_assert_uint_eq(bad, 0);
    xmlChar *all = xmlNodeGetContent(xmlDocGetRootElement(doc));
    mpq_t t;
    mpq_init(t);
    owed_loan_total(t, &f.r->total);
    char *s = owed_stmt_amount(f.r, t);
    ck_assert_msg(strstr((const char *)all, s) != NULL, "no %s in the page", s);
    free(s);
    mpq_clear(t);
    xmlFree(all);
    xmlFreeDoc(doc);
    free(text);
    unload(&f);
}
END_TEST

int main(void)
{
    const char *data = getenv("OWED_DATADIR"), *top = getenv("top_srcdir");
    snprintf(topdir, sizeof topdir, "%s", top && *top ? top : ".");
    if (data && *data)
        snprintf(datadir, sizeof datadir, "%s", data);
    else
        snprintf(datadir, sizeof datadir, "%s/data", topdir);
    Suite *s = suite_create("formats");
    TCase *t = tcase_create("formats");
    tcase_add_test(t, test_localize);
    tcase_add_test(t, test_rates);
    tcase_add_test(t, test_clean_text);
    tcase_add_test(t, test_article_forms);
    tcase_add_loop_test(t, test_series_is_report, 0, (int)N_SAMPLES);
    tcase_add_loop_test(t, test_payments_applied, 0, (int)N_SAMPLES);
    tcase_add_test(t, test_marked_text);
    tcase_add_loop_test(t, test_csv_adds_up, 0, (int)N_SAMPLES);
    tcase_add_test(t, test_csv_quoting);
    tcase_add_loop_test(t, test_xml_figures, 0, (int)N_SAMPLES);
    tcase_add_loop_test(t, test_html_self_contained, 0, (int)N_SAMPLES);
    tcase_add_loop_test(t, test_allocation_shown, 0, (int)N_SAMPLES);
    tcase_add_test(t, test_regime_names);
    tcase_set_timeout(t, 120);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    xmlCleanupParser();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
