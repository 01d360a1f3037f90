/* Unit tests of the case reader (case_read.c) and the hardened XML entry point
 * (xml_safe.c): a full case read field by field, then failures with their code and line.
 * The schema comes from $OWED_DATADIR (set by make check), else $top_srcdir/data. */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case_read.h"
#include "xml_safe.h"

static char schema[4096];

static void find_schema(void)
{
    const char *data = getenv("OWED_DATADIR");
    const char *top = getenv("top_srcdir");
    if (data && *data)
        snprintf(schema, sizeof schema, "%s/schema/case.xsd", data);
    else
        snprintf(schema, sizeof schema, "%s/data/schema/case.xsd", top && *top ? top : ".");
}

/* Writes `text` to a new temporary file; returns its path (caller unlinks and frees). */
static char *write_temp(const char *text)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    ck_assert_ptr_nonnull(path);
    snprintf(path, 4096, "%s/owed-case-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    size_t len = strlen(text);
    ck_assert_int_eq((long)write(fd, text, len), (long)len);
    close(fd);
    return path;
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
    if (!mpq_equal(q, want)) {
        char *got = mpq_get_str(NULL, 10, q);
        ck_abort_msg("value %s, expected %s", got, exact);
    }
    mpq_clear(want);
}

/* ---- a full case, every field --------------------------------------------------------- */

/* One line per element so that the lines are easy to check: line N is full_case[N - 1]. */
static const char *const full_case[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2018-06-10\" filed=\"2018-07-01\">",
    "  <title>三笔 &amp; <![CDATA[<21天>]]></title>",
    "  <borrower>小柳</borrower>",
    "  <loan id=\"L1\" contracted=\"2017-12-18\" principal=\"4000.00\" term-days=\"21\">", /* 5 */
    "    <interest rate=\"0.05%\" per=\"day\"/>",
    "    <fee name=\"服务费\" percent=\"5%\" at=\"upfront\"/>",
    "    <fee name=\"audit\" amount=\"10.00\" at=\"upfront\"/>",
    "  </loan>",
    "  <loan id=\"L2\" contracted=\"2017-12-21\" principal=\"3000.00\" due=\"2018-01-11\" "
    "lender=\"某平台\">", /* 10 */
    "    <disbursement date=\"2017-12-21\" amount=\"2000.00\"/>",
    "    <disbursement date=\"2017-12-23\" amount=\"850.50\"/>",
    "    <interest rate=\"1/30\" per=\"month\" basis=\"360\" after-due=\"stop\"/>",
    "    <fee name=\"service\" amount=\"149.50\" at=\"upfront\"/>",
    "    <fee name=\"maturity fee\" amount=\"150.00\" at=\"maturity\"/>", /* 15 */
    "    <fee name=\"daily fee\" percent=\"0.1%\" at=\"daily\" until=\"repaid\"/>",
    "    <fee name=\"account fee\" amount=\"30.00\" at=\"period\" every-days=\"30\"/>",
    "    <fee name=\"handling\" amount=\"20.00\" at=\"disbursement\"/>",
    "    <overdue rate=\"1%\" per=\"day\" basis=\"actual\" on=\"principal+interest\" "
    "grace-days=\"3\"/>",
    "    <late-fee amount=\"50.00\"/>", /* 20 */
    "    <late-fee name=\"滞纳金\" percent=\"0.1%\" per=\"day\"/>",
    "    <payment-order>principal interest\n penalty fee cost</payment-order>",
    "  </loan>",
    "  <loan id=\"L3\" contracted=\"2017-12-25\" principal=\"800.00\" due=\"2018-01-15\">",
    "    <disbursement date=\"2017-12-25\" amount=\"800.00\"/>", /* 25 */
    "  </loan>",
    "  <payment date=\"2018-02-09\" amount=\"600.00\" loan=\"L2\"/>",
    "  <extension date=\"2018-01-10\" loan=\"L2\" due=\"2018-01-31\" fee=\"100.00\"/>",
    "  <claim date=\"2018-06-08\" by=\"collector\" principal=\"2000.00\" interest=\"2000.00\" "
    "fees=\"200.00\"/>",
    "  <charge date=\"2018-01-10\" loan=\"L3\" amount=\"50.00\" component=\"cost\" "
    "kind=\"催收费\"/>", /* 30 */
    "  <payment date=\"2018-01-10\" amount=\"300.00\"/>",
    "  <extension date=\"2018-01-14\" loan=\"L3\" due=\"2018-02-14\"/>",
    "  <claim date=\"2018-06-09\" by=\"lender\" loan=\"L2\" penalty=\"10.00\" costs=\"5.00\" "
    "total=\"999.99\"/>",
    "</case>",
    NULL,
};

/* The lines joined with newlines (caller frees). */
static char *join(const char *const *lines)
{
    size_t n = 1;
    for (size_t i = 0; lines[i]; i++)
        n += strlen(lines[i]) + 1;
    char *s = malloc(n), *w = s;
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; lines[i]; i++) {
        size_t k = strlen(lines[i]);
        memcpy(w, lines[i], k);
        w += k;
        *w++ = '\n';
    }
    *w = '\0';
    return s;
}

/* Line in the file of the element on full_case line n (one line is added by the newline
 * inside the payment-order on line 22). */
static long at(long n)
{
    return n > 22 ? n + 1 : n;
}

static void check_full_case(const owed_case *c, const char *path)
{
    ck_assert_str_eq(c->file, path);
    ck_assert_str_eq(c->title, "三笔 & <21天>");
    ck_assert_str_eq(c->borrower, "小柳");
    ck_assert_str_eq(c->currency.code, "CNY");
    ck_assert_uint_eq(c->currency.minor_units, 2);
    ck_assert_int_eq(c->as_of, ymd(2018, 6, 10));
    ck_assert_int_eq(c->has_filed, 1);
    ck_assert_int_eq(c->filed, ymd(2018, 7, 1));
    ck_assert_uint_eq(c->n_loans, 3);

    /* L1: term-days, implied disbursement = 4000 - 5% x 4000 - 10 = 3790 */
    const owed_loan *l = &c->loans[0];
    ck_assert_str_eq(l->id, "L1");
    ck_assert_ptr_null(l->lender);
    ck_assert_int_eq(l->line, 5);
    ck_assert_int_eq(l->contracted, ymd(2017, 12, 18));
    ck_assert_int_eq(l->due, ymd(2018, 1, 8));
    assert_q(l->principal, "4000");
    ck_assert_int_eq(l->disbursements_implied, 1);
    ck_assert_uint_eq(l->n_disbursements, 1);
    ck_assert_int_eq(l->disbursements[0].date, ymd(2017, 12, 18));
    assert_q(l->disbursements[0].amount, "3790");
    ck_assert_int_eq(l->disbursements[0].line, 5);
    ck_assert_int_eq(l->interest.present, 1);
    assert_q(l->interest.rate, "1/2000");
    ck_assert_int_eq(l->interest.per, OWED_PER_DAY);
    ck_assert_int_eq(l->interest.basis, OWED_BASIS_365);
    ck_assert_int_eq(l->interest.stops_at_due, 0);
    ck_assert_int_eq(l->interest.line, 6);
    ck_assert_uint_eq(l->n_fees, 2);
    ck_assert_str_eq(l->fees[0].name, "服务费");
    ck_assert_int_eq(l->fees[0].at, OWED_FEE_UPFRONT);
    ck_assert_int_eq(l->fees[0].is_percent, 1);
    assert_q(l->fees[0].amount, "1/20");
    ck_assert_int_eq(l->fees[0].line, 7);
    ck_assert_str_eq(l->fees[1].name, "audit");
    ck_assert_int_eq(l->fees[1].is_percent, 0);
    assert_q(l->fees[1].amount, "10");
    ck_assert_int_eq(l->overdue.present, 0);
    ck_assert_uint_eq(l->n_late_fees, 0);
    ck_assert_int_eq(l->order_given, 0);
    owed_component def[OWED_COMP_COUNT];
    owed_default_order(def);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        ck_assert_int_eq(l->order[k], def[k]);

    /* L2: everything stated */
    l = &c->loans[1];
    ck_assert_str_eq(l->id, "L2");
    ck_assert_str_eq(l->lender, "某平台");
    ck_assert_int_eq(l->line, 10);
    ck_assert_int_eq(l->contracted, ymd(2017, 12, 21));
    ck_assert_int_eq(l->due, ymd(2018, 1, 11));
    assert_q(l->principal, "3000");
    ck_assert_int_eq(l->disbursements_implied, 0);
    ck_assert_uint_eq(l->n_disbursements, 2);
    ck_assert_int_eq(l->disbursements[0].date, ymd(2017, 12, 21));
    assert_q(l->disbursements[0].amount, "2000");
    ck_assert_int_eq(l->disbursements[0].line, 11);
    ck_assert_int_eq(l->disbursements[1].date, ymd(2017, 12, 23));
    assert_q(l->disbursements[1].amount, "1701/2");
    ck_assert_int_eq(l->disbursements[1].line, 12);
    assert_q(l->interest.rate, "1/30");
    ck_assert_int_eq(l->interest.per, OWED_PER_MONTH);
    ck_assert_int_eq(l->interest.basis, OWED_BASIS_360);
    ck_assert_int_eq(l->interest.stops_at_due, 1);
    ck_assert_uint_eq(l->n_fees, 5);
    ck_assert_int_eq(l->fees[0].at, OWED_FEE_UPFRONT);
    assert_q(l->fees[0].amount, "299/2");
    ck_assert_int_eq(l->fees[1].at, OWED_FEE_MATURITY);
    assert_q(l->fees[1].amount, "150");
    ck_assert_int_eq(l->fees[1].until_repaid, 0);
    ck_assert_str_eq(l->fees[2].name, "daily fee");
    ck_assert_int_eq(l->fees[2].at, OWED_FEE_PER_DAY);
    ck_assert_int_eq(l->fees[2].is_percent, 1);
    assert_q(l->fees[2].amount, "1/1000");
    ck_assert_int_eq(l->fees[2].until_repaid, 1);
    ck_assert_int_eq(l->fees[3].at, OWED_FEE_PER_PERIOD);
    ck_assert_int_eq(l->fees[3].period_days, 30);
    ck_assert_int_eq(l->fees[3].until_repaid, 0);
    assert_q(l->fees[3].amount, "30");
    ck_assert_int_eq(l->fees[4].at, OWED_FEE_DISBURSEMENT);
    ck_assert_int_eq(l->fees[4].line, 18);
    ck_assert_int_eq(l->overdue.present, 1);
    assert_q(l->overdue.rate, "1/100");
    ck_assert_int_eq(l->overdue.per, OWED_PER_DAY);
    ck_assert_int_eq(l->overdue.basis, OWED_BASIS_ACTUAL);
    ck_assert_int_eq(l->overdue.on, OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST);
    ck_assert_int_eq(l->overdue.grace_days, 3);
    ck_assert_int_eq(l->overdue.line, 19);
    ck_assert_uint_eq(l->n_late_fees, 2);
    ck_assert_str_eq(l->late_fees[0].name, "late fee");
    ck_assert_int_eq(l->late_fees[0].daily, 0);
    ck_assert_int_eq(l->late_fees[0].is_percent, 0);
    assert_q(l->late_fees[0].amount, "50");
    ck_assert_int_eq(l->late_fees[0].line, 20);
    ck_assert_str_eq(l->late_fees[1].name, "滞纳金");
    ck_assert_int_eq(l->late_fees[1].daily, 1);
    ck_assert_int_eq(l->late_fees[1].is_percent, 1);
    assert_q(l->late_fees[1].amount, "1/1000");
    ck_assert_int_eq(l->order_given, 1);
    ck_assert_int_eq(l->order[0], OWED_COMP_PRINCIPAL);
    ck_assert_int_eq(l->order[1], OWED_COMP_INTEREST);
    ck_assert_int_eq(l->order[2], OWED_COMP_PENALTY);
    ck_assert_int_eq(l->order[3], OWED_COMP_FEE);
    ck_assert_int_eq(l->order[4], OWED_COMP_COST);

    /* L3: the least a loan can say */
    l = &c->loans[2];
    ck_assert_str_eq(l->id, "L3");
    ck_assert_int_eq(l->line, at(24));
    ck_assert_int_eq(l->interest.present, 0);
    ck_assert_int_eq(l->overdue.present, 0);
    ck_assert_uint_eq(l->n_fees, 0);
    ck_assert_uint_eq(l->n_late_fees, 0);
    ck_assert_int_eq(l->disbursements_implied, 0);
    assert_q(l->disbursements[0].amount, "800");

    /* Events sorted by date; same-day events (2018-01-10) in file order. */
    ck_assert_uint_eq(c->n_events, 5);
    const owed_event *e = c->events;
    ck_assert_int_eq(e[0].kind, OWED_EV_EXTENSION);
    ck_assert_int_eq(e[0].date, ymd(2018, 1, 10));
    ck_assert_int_eq(e[0].line, at(28));
    ck_assert_int_eq(e[0].loan, 1);
    ck_assert_int_eq(e[0].new_due, ymd(2018, 1, 31));
    assert_q(e[0].amount, "100");
    ck_assert_ptr_null(e[0].label);
    ck_assert_int_eq(e[1].kind, OWED_EV_CHARGE);
    ck_assert_int_eq(e[1].date, ymd(2018, 1, 10));
    ck_assert_int_eq(e[1].line, at(30));
    ck_assert_int_eq(e[1].loan, 2);
    ck_assert_int_eq(e[1].component, OWED_COMP_COST);
    ck_assert_str_eq(e[1].label, "催收费");
    assert_q(e[1].amount, "50");
    ck_assert_int_eq(e[2].kind, OWED_EV_PAYMENT);
    ck_assert_int_eq(e[2].date, ymd(2018, 1, 10));
    ck_assert_int_eq(e[2].line, at(31));
    ck_assert_int_eq(e[2].loan, -1);
    assert_q(e[2].amount, "300");
    ck_assert_int_eq(e[3].kind, OWED_EV_EXTENSION);
    ck_assert_int_eq(e[3].date, ymd(2018, 1, 14));
    ck_assert_int_eq(e[3].loan, 2);
    ck_assert_int_eq(e[3].new_due, ymd(2018, 2, 14));
    assert_q(e[3].amount, "0"); /* no fee= */
    ck_assert_int_eq(e[4].kind, OWED_EV_PAYMENT);
    ck_assert_int_eq(e[4].date, ymd(2018, 2, 9));
    ck_assert_int_eq(e[4].line, at(27));
    ck_assert_int_eq(e[4].loan, 1);
    assert_q(e[4].amount, "600");

    /* Claims in file order; the total is the stated one, else the sum of the parts. */
    ck_assert_uint_eq(c->n_claims, 2);
    const owed_claim *cl = &c->claims[0];
    ck_assert_int_eq(cl->date, ymd(2018, 6, 8));
    ck_assert_int_eq(cl->line, at(29));
    ck_assert_str_eq(cl->by, "collector");
    ck_assert_int_eq(cl->loan, -1);
    ck_assert_int_eq(cl->has[OWED_COMP_PRINCIPAL], 1);
    ck_assert_int_eq(cl->has[OWED_COMP_INTEREST], 1);
    ck_assert_int_eq(cl->has[OWED_COMP_PENALTY], 0);
    ck_assert_int_eq(cl->has[OWED_COMP_FEE], 1);
    ck_assert_int_eq(cl->has[OWED_COMP_COST], 0);
    assert_q(cl->part[OWED_COMP_PRINCIPAL], "2000");
    assert_q(cl->part[OWED_COMP_INTEREST], "2000");
    assert_q(cl->part[OWED_COMP_FEE], "200");
    assert_q(cl->part[OWED_COMP_PENALTY], "0");
    ck_assert_int_eq(cl->has_total, 0);
    assert_q(cl->total, "4200");
    cl = &c->claims[1];
    ck_assert_str_eq(cl->by, "lender");
    ck_assert_int_eq(cl->loan, 1);
    ck_assert_int_eq(cl->has[OWED_COMP_PRINCIPAL], 0);
    ck_assert_int_eq(cl->has[OWED_COMP_PENALTY], 1);
    ck_assert_int_eq(cl->has[OWED_COMP_COST], 1);
    assert_q(cl->part[OWED_COMP_PENALTY], "10");
    assert_q(cl->part[OWED_COMP_COST], "5");
    ck_assert_int_eq(cl->has_total, 1);
    assert_q(cl->total, "99999/100");
}

/* Reads the case written as `lines` from a temporary file (its path into *path: the
 * caller unlinks and frees it); a failure to read fails the test with the reader's message. */
static owed_case *read_lines(const char *const *lines, const char *schema_path, char **path)
{
    char *text = join(lines);
    *path = write_temp(text);
    free(text);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_case_read_file(*path, schema_path, &c, &err);
    if (st != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(err.code, OWED_OK); /* untouched on success */
    return c;
}

static void read_full_case(const char *schema_path)
{
    char *path;
    owed_case *c = read_lines(full_case, schema_path, &path);
    check_full_case(c, path);
    owed_case_free(c);
    unlink(path);
    free(path);
}

START_TEST(test_full_case)
{
    read_full_case(schema);
}
END_TEST

/* The same case from a memory buffer and from a stream: the same facts, named as asked. */
START_TEST(test_full_case_from_memory_and_stream)
{
    char *text = join(full_case);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_case_read_buffer("in-memory", text, strlen(text), schema, &c, &err);
    if (st != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    check_full_case(c, "in-memory");
    owed_case_free(c);

    char *path = write_temp(text);
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    c = NULL;
    st = owed_case_read_stream("a-stream", fp, schema, &c, &err);
    fclose(fp);
    if (st != OWED_OK)
        ck_abort_msg("%s:%ld: %s", err.file, err.line, err.text);
    check_full_case(c, "a-stream");
    owed_case_free(c);
    unlink(path);
    free(path);

    /* an error names the buffer; a truncated document is a syntax error */
    st = owed_case_read_buffer("cut", text, strlen(text) / 2, schema, &c, &err);
    ck_assert_int_eq(st, OWED_E_SYNTAX);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.file, "cut");
    ck_assert_int_gt(err.line, 0);
    st = owed_case_read_buffer("none", NULL, 1, schema, &c, &err);
    ck_assert_int_eq(st, OWED_E_ARG);
    free(text);
}
END_TEST

START_TEST(test_full_case_without_schema)
{
    read_full_case(NULL);
}
END_TEST

/* An attribute in another namespace is not the case format's attribute of that name: read
 * without the schema, x:amount in place of amount is a missing amount (it was taken for
 * the amount, then read as nothing, and reported as out of memory). */
START_TEST(test_namespaced_attribute_without_schema)
{
    static const char *const lines[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<case xmlns=\"urn:owed:case:1\" xmlns:x=\"urn:x\" currency=\"CNY\" "
        "as-of=\"2019-09-01\">",
        "  <borrower>B</borrower>",
        "  <loan id=\"A\" contracted=\"2019-03-01\" principal=\"1000.00\" "
        "due=\"2019-03-22\">",
        "    <disbursement date=\"2019-03-01\" x:amount=\"1000.00\"/>", /* 5 */
        "  </loan>",
        "</case>",
        NULL};
    char *text = join(lines);
    char *path = write_temp(text);
    free(text);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_case_read_file(path, NULL, &c, &err);
    ck_assert_int_eq(st, OWED_E_SCHEMA);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(err.line, 5);
    ck_assert_msg(strstr(err.text, "has no attribute 'amount'") != NULL, "%s", err.text);
    unlink(path);
    free(path);
}
END_TEST

/* ---- what a payment was for, the interest agreement, the lender ----------------------- */

static const char *const terms_case[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2019-09-01\">",
    "  <borrower>B</borrower>",
    "  <lender kind=\"person\" name=\"张三\"/>",
    "  <loan id=\"A\" contracted=\"2019-03-01\" principal=\"20000.00\" due=\"2020-03-01\">", /* 5 */
    "    <disbursement date=\"2019-03-01\" amount=\"18000.00\"/>",
    "    <interest rate=\"1.5%\" per=\"month\" withheld=\"2000.00\"/>",
    "  </loan>",
    "  <loan id=\"B\" contracted=\"2019-03-01\" principal=\"1000.00\" due=\"2020-03-01\">",
    "    <lender kind=\"licensed\" name=\"某银行\"/>", /* 10 */
    "    <interest agreed=\"unclear\" withheld=\"100.50\"/>",
    "    <fee name=\"f\" amount=\"99.50\" at=\"upfront\"/>",
    "  </loan>",
    "  <loan id=\"C\" contracted=\"2019-03-01\" principal=\"500.00\" due=\"2020-03-01\" "
    "lender=\"李四\">",
    "    <interest agreed=\"yes\" rate=\"10%\" per=\"year\"/>", /* 15 */
    "  </loan>",
    "  <loan id=\"D\" contracted=\"2019-03-01\" principal=\"500.00\" due=\"2020-03-01\" "
    "lender=\"王五\">",
    "    <lender kind=\"company\" name=\"王五\"/>",
    "  </loan>",
    "  <payment date=\"2019-04-01\" amount=\"100.00\" for=\"charges\"/>", /* 20 */
    "  <payment date=\"2019-05-01\" amount=\"200.00\" loan=\"A\" for=\"principal\"/>",
    "  <payment date=\"2019-06-01\" amount=\"300.00\"/>",
    "  <charge date=\"2019-06-01\" loan=\"A\" amount=\"5.00\" component=\"cost\"/>",
    "</case>",
    NULL,
};

static void read_terms_case(const char *schema_path)
{
    char *path;
    owed_case *c = read_lines(terms_case, schema_path, &path);
    ck_assert_int_eq(c->lender_kind, OWED_LENDER_PERSON);
    ck_assert_uint_eq(c->n_loans, 4);

    /* A: an agreed rate, 2,000 withheld; the case's lender, kind and name */
    const owed_loan *l = &c->loans[0];
    ck_assert_int_eq(l->interest.agreement, OWED_INTEREST_AGREED);
    ck_assert_int_eq(l->interest.present, 1);
    ck_assert_int_eq(l->interest.has_withheld, 1);
    assert_q(l->interest.withheld, "2000");
    assert_q(l->interest.rate, "3/200");
    ck_assert_int_eq(l->interest.per, OWED_PER_MONTH);
    ck_assert_int_eq(l->interest.line, 7);
    ck_assert_int_eq(l->lender_kind, OWED_LENDER_PERSON);
    ck_assert_str_eq(l->lender, "张三");
    ck_assert_int_eq(l->disbursements_implied, 0);

    /* B: unclear, 100.50 withheld, its own lender; the implied disbursement subtracts the
     * fee and the interest withheld: 1000 - 99.50 - 100.50 = 800 */
    l = &c->loans[1];
    ck_assert_int_eq(l->interest.agreement, OWED_INTEREST_UNCLEAR);
    ck_assert_int_eq(l->interest.present, 0);
    ck_assert_int_eq(l->interest.has_withheld, 1);
    assert_q(l->interest.withheld, "201/2");
    ck_assert_int_eq(l->interest.line, 11);
    ck_assert_int_eq(l->lender_kind, OWED_LENDER_LICENSED);
    ck_assert_str_eq(l->lender, "某银行");
    ck_assert_int_eq(l->disbursements_implied, 1);
    assert_q(l->disbursements[0].amount, "800");

    /* C: agreed="yes" is the default's word; lender= keeps its name, the kind is the case's */
    l = &c->loans[2];
    ck_assert_int_eq(l->interest.agreement, OWED_INTEREST_AGREED);
    ck_assert_int_eq(l->interest.present, 1);
    ck_assert_int_eq(l->interest.has_withheld, 0);
    assert_q(l->interest.withheld, "0");
    ck_assert_int_eq(l->lender_kind, OWED_LENDER_PERSON);
    ck_assert_str_eq(l->lender, "李四");
    assert_q(l->disbursements[0].amount, "500");

    /* D: no <interest>; its own lender, named the same both ways */
    l = &c->loans[3];
    ck_assert_int_eq(l->interest.agreement, OWED_INTEREST_NONE);
    ck_assert_int_eq(l->interest.present, 0);
    ck_assert_int_eq(l->lender_kind, OWED_LENDER_COMPANY);
    ck_assert_str_eq(l->lender, "王五");

    ck_assert_uint_eq(c->n_events, 4);
    ck_assert_int_eq(c->events[0].paid_for, OWED_PAID_FOR_CHARGES);
    ck_assert_int_eq(c->events[0].loan, -1);
    ck_assert_int_eq(c->events[1].paid_for, OWED_PAID_FOR_PRINCIPAL);
    ck_assert_int_eq(c->events[1].loan, 0);
    ck_assert_int_eq(c->events[2].paid_for, OWED_PAID_FOR_UNMARKED);
    ck_assert_int_eq(c->events[3].kind, OWED_EV_CHARGE);
    ck_assert_int_eq(c->events[3].paid_for, OWED_PAID_FOR_UNMARKED);
    owed_case_free(c);
    unlink(path);
    free(path);
}

START_TEST(test_terms_case)
{
    read_terms_case(schema);
}
END_TEST

START_TEST(test_terms_case_without_schema)
{
    read_terms_case(NULL);
}
END_TEST

/* ---- accrual conventions, a claim's rate ---------------------------------------------- */

static const char *const conventions_case[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2019-09-01\">",
    "  <loan id=\"A\" contracted=\"2019-03-01\" principal=\"1000.00\" due=\"2020-03-01\">",
    "    <interest rate=\"1.5%\" per=\"month\"/>",
    "    <overdue rate=\"0.1%\" per=\"day\"/>", /* 5 */
    "  </loan>",
    "  <loan id=\"B\" contracted=\"2019-03-01\" principal=\"1000.00\" due=\"2020-03-01\">",
    "    <interest rate=\"1.5%\" per=\"month\" accrual=\"calendar-month\" rounding=\"truncate\"/>",
    "    <overdue rate=\"24%\" per=\"year\" accrual=\"calendar-month\" count=\"first-not-last\" "
    "rounding=\"half-even\" rounding-unit=\"0.10\"/>",
    "  </loan>", /* 10 */
    "  <loan id=\"C\" contracted=\"2019-03-01\" principal=\"1000.00\" due=\"2020-03-01\">",
    "    <interest rate=\"0.05%\" per=\"day\" accrual=\"day\" count=\"both\" rounding=\"up\" "
    "rounding-unit=\"1\"/>",
    "    <overdue rate=\"0.1%\" per=\"day\" count=\"both\" rounding=\"half-up\" "
    "rounding-unit=\"0.01\"/>",
    "  </loan>",
    "  <loan id=\"D\" contracted=\"2019-03-01\" principal=\"1000.00\" due=\"2020-03-01\">", /* 15 */
    "    <interest agreed=\"unclear\"/>",
    "  </loan>",
    "  <loan id=\"E\" contracted=\"2019-03-01\" principal=\"1000.00\" due=\"2020-03-01\">",
    "    <interest rate=\"10%\" per=\"year\" rounding=\"down\" rounding-unit=\"0.05\"/>",
    "  </loan>", /* 20 */
    "  <claim date=\"2019-08-01\" by=\"lender\" total=\"1200.00\" rate=\"1.8%\" per=\"month\"/>",
    "  <claim date=\"2019-08-02\" by=\"collector\" loan=\"A\" interest=\"10.00\"/>",
    "  <claim date=\"2019-08-03\" by=\"court\" principal=\"1000.00\" rate=\"0.05%\" per=\"day\"/>",
    "</case>",
    NULL,
};

/* The convention `cv` is: accrual, count, rounding (-1: none), unit. */
static void assert_conv(const owed_accrual_convention *cv, owed_accrual accrual,
                        owed_day_count count, int rounding, const char *unit)
{
    ck_assert_int_eq(cv->accrual, accrual);
    ck_assert_int_eq(cv->count, count);
    ck_assert_int_eq(cv->has_rounding, rounding >= 0);
    if (rounding >= 0)
        ck_assert_int_eq(cv->rounding, rounding);
    assert_q(cv->rounding_unit, unit);
}

static void read_conventions_case(const char *schema_path)
{
    char *path;
    owed_case *c = read_lines(conventions_case, schema_path, &path);
    ck_assert_uint_eq(c->n_loans, 5);
    const owed_loan *l = c->loans;
    /* A: every default, the unit the minor unit of CNY */
    assert_conv(&l[0].interest.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST, -1, "1/100");
    assert_conv(&l[0].overdue.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST, -1, "1/100");
    /* B: calendar months; truncate is down, to the minor unit; a unit of its own */
    assert_conv(&l[1].interest.conv, OWED_ACCRUE_CALENDAR_MONTH, OWED_COUNT_FIRST_NOT_LAST,
                OWED_ROUND_DOWN, "1/100");
    assert_conv(&l[1].overdue.conv, OWED_ACCRUE_CALENDAR_MONTH, OWED_COUNT_FIRST_NOT_LAST,
                OWED_ROUND_HALF_EVEN, "1/10");
    /* C: both end days with daily accrual */
    assert_conv(&l[2].interest.conv, OWED_ACCRUE_DAY, OWED_COUNT_BOTH_ENDS, OWED_ROUND_UP, "1");
    assert_conv(&l[2].overdue.conv, OWED_ACCRUE_DAY, OWED_COUNT_BOTH_ENDS, OWED_ROUND_HALF_UP,
                "1/100");
    /* D: an unclear agreement and no overdue terms keep the defaults */
    assert_conv(&l[3].interest.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST, -1, "1/100");
    assert_conv(&l[3].overdue.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST, -1, "1/100");
    /* E: down by its name */
    assert_conv(&l[4].interest.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST, OWED_ROUND_DOWN,
                "1/20");

    ck_assert_uint_eq(c->n_claims, 3);
    ck_assert_int_eq(c->claims[0].has_rate, 1);
    assert_q(c->claims[0].rate, "9/500");
    ck_assert_int_eq(c->claims[0].rate_per, OWED_PER_MONTH);
    ck_assert_int_eq(c->claims[1].has_rate, 0);
    assert_q(c->claims[1].rate, "0");
    ck_assert_int_eq(c->claims[2].has_rate, 1);
    assert_q(c->claims[2].rate, "1/2000");
    ck_assert_int_eq(c->claims[2].rate_per, OWED_PER_DAY);
    owed_case_free(c);
    unlink(path);
    free(path);
}

START_TEST(test_conventions_case)
{
    read_conventions_case(schema);
}
END_TEST

START_TEST(test_conventions_case_without_schema)
{
    read_conventions_case(NULL);
}
END_TEST

/* In yen the default unit is one yen (JPY has no minor digits). */
START_TEST(test_conventions_jpy)
{
    static const char *const lines[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<case xmlns=\"urn:owed:case:1\" currency=\"JPY\" as-of=\"2019-09-01\">",
        "  <loan id=\"J\" contracted=\"2019-03-01\" principal=\"500000\" due=\"2020-03-01\">",
        "    <interest rate=\"18%\" per=\"year\" basis=\"actual\" rounding=\"truncate\"/>",
        "    <overdue rate=\"20%\" per=\"year\" rounding=\"half-up\" rounding-unit=\"10\"/>",
        "  </loan>",
        "</case>",
        NULL,
    };
    for (int with_schema = 0; with_schema < 2; with_schema++) {
        char *path;
        owed_case *c = read_lines(lines, with_schema ? schema : NULL, &path);
        const owed_loan *l = c->loans;
        assert_conv(&l->interest.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST,
                    OWED_ROUND_DOWN, "1");
        assert_conv(&l->overdue.conv, OWED_ACCRUE_DAY, OWED_COUNT_FIRST_NOT_LAST,
                    OWED_ROUND_HALF_UP, "10");
        owed_case_free(c);
        unlink(path);
        free(path);
    }
}
END_TEST

/* Without <lender> anywhere, every loan's lender kind is unknown. */
START_TEST(test_lender_unknown)
{
    static const char *const lines[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2018-06-10\">",
        "  <loan id=\"L1\" contracted=\"2017-12-18\" principal=\"4000.00\" due=\"2018-01-08\"/>",
        "</case>",
        NULL,
    };
    char *path;
    owed_case *c = read_lines(lines, schema, &path);
    ck_assert_int_eq(c->lender_kind, OWED_LENDER_UNKNOWN);
    ck_assert_int_eq(c->loans[0].lender_kind, OWED_LENDER_UNKNOWN);
    ck_assert_ptr_null(c->loans[0].lender);
    ck_assert_int_eq(c->loans[0].interest.agreement, OWED_INTEREST_NONE);
    owed_case_free(c);
    unlink(path);
    free(path);
}
END_TEST

/* ---- failures ----------------------------------------------------------------------- */

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" /* line 1 */
#define CASE "<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2018-06-10\">\n"
#define LOAN "<loan id=\"L1\" contracted=\"2017-12-18\" principal=\"4000.00\" due=\"2018-01-08\"/>\n"
#define END "</case>\n"
/* a loan with terms inside: OPEN (line 3) terms SHUT */
#define OPEN "<loan id=\"L1\" contracted=\"2017-12-18\" principal=\"100.00\" due=\"2018-01-08\">\n"
#define SHUT "</loan>\n"

struct failure {
    const char *name;
    const char *text;
    owed_status code;
    long line;
    const char *message; /* a part of the message */
    int schema_only;     /* the error depends on the schema (skip the NULL-schema run) */
};

static const struct failure failures[] = {
    {"doctype", HEAD "<!DOCTYPE case [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n" CASE
                     "<title>&x;</title>" LOAN END,
     OWED_E_SYNTAX, 2, "DOCTYPE", 0},
    {"malformed", HEAD CASE LOAN "<payment date=\"2018-01-01\" amount=\"1.00\">\n" END,
     OWED_E_SYNTAX, 5, "not well-formed XML", 0},
    {"undefined entity", HEAD CASE "<title>&nbsp;</title>\n" LOAN END, OWED_E_SYNTAX, 3,
     "nbsp", 0},
    {"invalid utf-8", HEAD CASE "<title>\xc3\x28</title>\n" LOAN END, OWED_E_SYNTAX, 3,
     "UTF-8", 0},
    {"empty", "", OWED_E_SYNTAX, 1, "empty", 0},
    {"wrong namespace", HEAD "<case xmlns=\"urn:owed:case:0\" currency=\"CNY\" "
                             "as-of=\"2018-06-10\">\n" LOAN END,
     OWED_E_SCHEMA, 2, "{urn:owed:case:0}case", 1},
    {"wrong namespace, no schema", HEAD "<case xmlns=\"urn:owed:case:0\" currency=\"CNY\" "
                                        "as-of=\"2018-06-10\">\n" LOAN END,
     OWED_E_SCHEMA, 2, "root must be <case>", 0},
    {"element order", HEAD CASE LOAN "<title>late</title>\n" END, OWED_E_SCHEMA, 4, "title",
     1},
    {"unknown currency", HEAD "<case xmlns=\"urn:owed:case:1\" currency=\"ABC\" "
                              "as-of=\"2018-06-10\">\n" LOAN END,
     OWED_E_SEMANTIC, 2, "unknown currency 'ABC'", 0},
    {"decimals", HEAD CASE LOAN "<payment date=\"2018-01-01\" amount=\"1.001\"/>\n" END,
     OWED_E_SYNTAX, 4, "more than 2 decimal places", 0},
    {"digits", HEAD CASE LOAN "<payment date=\"2018-01-01\" "
                              "amount=\"12345678901234567890123456789012345678901\"/>\n" END,
     OWED_E_LIMIT, 4, "exceeds the limit of 40 (OWED_MAX_DIGITS)", 0},
    {"negative", HEAD CASE LOAN "<payment date=\"2018-01-01\" amount=\"-1.00\"/>\n" END,
     OWED_E_SYNTAX, 4, "negative", 0},
    {"zero disbursement", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                                    "principal=\"4000.00\" due=\"2018-01-08\">\n"
                                    "<disbursement date=\"2017-12-18\" amount=\"0\"/>\n"
                                    "</loan>\n" END,
     OWED_E_SEMANTIC, 4, "more than zero", 0},
    {"no such day", HEAD CASE "<loan id=\"L1\" contracted=\"2023-02-29\" principal=\"1.00\" "
                              "term-days=\"1\"/>\n" END,
     OWED_E_SYNTAX, 3, "'2023-02-29' is not a day of the calendar", 0},
    {"due before contract", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                                      "principal=\"1.00\" due=\"2017-12-18\"/>\n" END,
     OWED_E_SEMANTIC, 3, "is not after the contract date", 0},
    {"due and term", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                               "principal=\"1.00\" due=\"2018-01-01\" term-days=\"3\"/>\n" END,
     OWED_E_SEMANTIC, 3, "exactly one of the attributes 'due' and 'term-days'", 0},
    {"duplicate id", HEAD CASE LOAN LOAN END, OWED_E_SEMANTIC, 4,
     "the loan id 'L1' is already used on line 3", 0},
    {"unknown id", HEAD CASE LOAN "<claim date=\"2018-01-01\" by=\"x\" loan=\"L9\" "
                                  "total=\"1\"/>\n" END,
     OWED_E_SEMANTIC, 4, "no loan has the id 'L9'", 0},
    {"payment before disbursement", HEAD CASE LOAN "<payment date=\"2017-12-17\" "
                                                   "amount=\"1.00\" loan=\"L1\"/>\n" END,
     OWED_E_SEMANTIC, 4, "before the first disbursement of loan L1 (2017-12-18)", 0},
    {"after as-of", HEAD CASE LOAN "<extension date=\"2018-06-11\" loan=\"L1\" "
                                   "due=\"2018-07-01\"/>\n" END,
     OWED_E_SEMANTIC, 4, "the extension on 2018-06-11 is after the as-of date 2018-06-10", 0},
    {"claim without figure", HEAD CASE LOAN "<claim date=\"2018-06-01\" by=\"x\"/>\n" END,
     OWED_E_SEMANTIC, 4, "no figure", 0},
    {"payment order", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                                "principal=\"4000.00\" due=\"2018-01-08\">\n"
                                "<payment-order>cost fee penalty interest</payment-order>\n"
                                "</loan>\n" END,
     OWED_E_SEMANTIC, 4, "payment-order", 0},
    {"percent without %", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                                    "principal=\"4000.00\" due=\"2018-01-08\">\n"
                                    "<fee name=\"f\" percent=\"5\" at=\"upfront\"/>\n"
                                    "</loan>\n" END,
     OWED_E_SCHEMA, 4, "percent", 1},
    {"percent without %, no schema", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                                               "principal=\"4000.00\" due=\"2018-01-08\">\n"
                                               "<fee name=\"f\" percent=\"5\" at=\"upfront\"/>\n"
                                               "</loan>\n" END,
     OWED_E_SYNTAX, 4, "must end with a % sign", 0},
    {"missing attribute", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                                    "due=\"2018-01-08\"/>\n" END,
     OWED_E_SCHEMA, 3, "principal", 0},
    {"upfront fees", HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" "
                               "principal=\"100.00\" due=\"2018-01-08\">\n"
                               "<disbursement date=\"2017-12-18\" amount=\"90.00\"/>\n"
                               "<fee name=\"f\" percent=\"10.5%\" at=\"upfront\"/>\n"
                               "</loan>\n" END,
     OWED_E_SEMANTIC, 3, "the upfront fees (10.50) are more than the principal 100.00 less the "
                         "90.00 disbursed", 0},
    {"interest withheld beyond the gap",
     HEAD CASE OPEN "<disbursement date=\"2017-12-18\" amount=\"90.00\"/>\n"
                    "<interest rate=\"1%\" per=\"month\" withheld=\"5.00\"/>\n"
                    "<fee name=\"f\" amount=\"5.01\" at=\"upfront\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 3, "the upfront fees (5.01) and the interest withheld (5.00) are more "
                         "than the principal 100.00 less the 90.00 disbursed", 0},
    {"interest withheld leaves nothing",
     HEAD CASE OPEN "<interest agreed=\"unclear\" withheld=\"100.00\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 3, "the upfront fees (0.00) and the interest withheld (100.00) leave "
                         "nothing of the principal 100.00 to disburse", 0},
    {"interest withheld zero",
     HEAD CASE OPEN "<interest rate=\"1%\" per=\"month\" withheld=\"0\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "attribute 'withheld': the amount must be more than zero", 0},
    {"interest unclear with a rate",
     HEAD CASE OPEN "<interest agreed=\"unclear\" basis=\"360\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "attribute 'basis' is not allowed with agreed=\"unclear\"", 0},
    {"interest without per", HEAD CASE OPEN "<interest agreed=\"yes\" rate=\"1%\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "<interest> needs the attribute 'per' unless agreed=\"unclear\"", 0},
    {"two interests, no schema",
     HEAD CASE OPEN "<interest agreed=\"unclear\"/>\n"
                    "<interest rate=\"1%\" per=\"month\"/>\n" SHUT END,
     OWED_E_SCHEMA, 5, "a loan has at most one <interest>", 0},
    {"payment for",
     HEAD CASE LOAN "<payment date=\"2018-01-01\" amount=\"1.00\" for=\"interest\"/>\n" END,
     OWED_E_SCHEMA, 4, "for", 0},
    {"lender kind", HEAD CASE "<lender kind=\"bank\"/>\n" LOAN END, OWED_E_SCHEMA, 3, "kind",
     0},
    {"lender after a loan", HEAD CASE LOAN "<lender kind=\"person\"/>\n" END, OWED_E_SCHEMA, 4,
     "lender", 1},
    {"lender after a loan, no schema", HEAD CASE LOAN "<lender kind=\"person\"/>\n" END,
     OWED_E_SCHEMA, 4, "<lender> must come before <loan>", 0},
    {"two lenders, no schema",
     HEAD CASE "<lender kind=\"person\"/>\n<lender kind=\"company\"/>\n" LOAN END,
     OWED_E_SCHEMA, 4, "a case has at most one <lender>", 0},
    {"loan lender not first, no schema",
     HEAD CASE OPEN "<interest rate=\"1%\" per=\"month\"/>\n<lender kind=\"person\"/>\n" SHUT END,
     OWED_E_SCHEMA, 5, "<lender> must come before <interest>", 0},
    {"loan lender twice, no schema",
     HEAD CASE OPEN "<lender kind=\"person\"/>\n<lender kind=\"person\"/>\n" SHUT END,
     OWED_E_SCHEMA, 5, "a loan has at most one <lender>", 0},
    {"calendar months of a daily rate",
     HEAD CASE OPEN "<interest rate=\"0.05%\" per=\"day\" accrual=\"calendar-month\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "accrual=\"calendar-month\" needs per=\"month\" or per=\"year\"", 0},
    {"calendar months and both end days",
     HEAD CASE OPEN "<overdue rate=\"2%\" per=\"month\" accrual=\"calendar-month\" "
                    "count=\"both\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "count both end days with daily accrual", 0},
    {"rounding unit without rounding",
     HEAD CASE OPEN "<interest rate=\"2%\" per=\"month\" rounding-unit=\"1\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "the attribute 'rounding-unit' needs the attribute 'rounding'", 0},
    {"rounding unit zero",
     HEAD CASE OPEN "<overdue rate=\"1%\" per=\"day\" rounding=\"up\" rounding-unit=\"0.00\"/>\n"
                    SHUT END,
     OWED_E_SEMANTIC, 4, "attribute 'rounding-unit': the amount must be more than zero", 0},
    {"rounding unit finer than the currency",
     HEAD CASE OPEN "<interest rate=\"2%\" per=\"month\" rounding=\"down\" "
                    "rounding-unit=\"0.001\"/>\n" SHUT END,
     OWED_E_SYNTAX, 4, "attribute 'rounding-unit': amount '0.001' has more than 2 decimal places",
     0},
    {"rounding unit negative",
     HEAD CASE OPEN "<interest rate=\"2%\" per=\"month\" rounding=\"down\" "
                    "rounding-unit=\"-1\"/>\n" SHUT END,
     OWED_E_SYNTAX, 4, "negative", 0},
    {"rounding floor",
     HEAD CASE OPEN "<interest rate=\"2%\" per=\"month\" rounding=\"floor\"/>\n" SHUT END,
     OWED_E_SCHEMA, 4, "'floor'", 0},
    {"accrual unknown",
     HEAD CASE OPEN "<interest rate=\"2%\" per=\"month\" accrual=\"week\"/>\n" SHUT END,
     OWED_E_SCHEMA, 4, "'week'", 0},
    {"interest unclear with an accrual",
     HEAD CASE OPEN "<interest agreed=\"unclear\" accrual=\"calendar-month\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "attribute 'accrual' is not allowed with agreed=\"unclear\"", 0},
    {"interest unclear with a rounding unit",
     HEAD CASE OPEN "<interest agreed=\"unclear\" rounding-unit=\"1\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "attribute 'rounding-unit' is not allowed with agreed=\"unclear\"", 0},
    {"claim rate without per",
     HEAD CASE LOAN "<claim date=\"2018-06-01\" by=\"x\" total=\"1\" rate=\"2%\"/>\n" END,
     OWED_E_SEMANTIC, 4, "a claim's rate needs both the attributes 'rate' and 'per', or neither",
     0},
    {"claim per without rate",
     HEAD CASE LOAN "<claim date=\"2018-06-01\" by=\"x\" total=\"1\" per=\"month\"/>\n" END,
     OWED_E_SEMANTIC, 4, "a claim's rate needs both", 0},
    {"claim rate with a minus sign",
     HEAD CASE LOAN "<claim date=\"2018-06-01\" by=\"x\" total=\"1\" rate=\"-2%\" "
                    "per=\"month\"/>\n" END,
     OWED_E_SYNTAX, 4, "attribute 'rate': rate '-2%'", 0},
    {"claim per unknown",
     HEAD CASE LOAN "<claim date=\"2018-06-01\" by=\"x\" total=\"1\" rate=\"2%\" "
                    "per=\"week\"/>\n" END,
     OWED_E_SCHEMA, 4, "'week'", 0},
    {"lender named twice",
     HEAD CASE "<loan id=\"L1\" contracted=\"2017-12-18\" principal=\"100.00\" "
               "due=\"2018-01-08\" lender=\"甲\">\n"
               "<lender kind=\"person\" name=\"乙\"/>\n" SHUT END,
     OWED_E_SEMANTIC, 4, "the lender is named twice: lender=\"甲\" on <loan> and name=\"乙\"", 0},
};

static void run_failure(const struct failure *f, const char *schema_path)
{
    char *path = write_temp(f->text);
    owed_case *c = (owed_case *)&c; /* must be set to NULL */
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_case_read_file(path, schema_path, &c, &err);
    ck_assert_ptr_null(c);
    if (st != f->code || err.line != f->line || strstr(err.text, f->message) == NULL)
        ck_abort_msg("%s (schema %s): got code %d line %ld \"%s\", expected code %d line %ld "
                     "\"%s\"",
                     f->name, schema_path ? "yes" : "no", (int)st, err.line, err.text,
                     (int)f->code, f->line, f->message);
    ck_assert_int_eq(err.code, st);
    ck_assert_str_eq(err.file, path);
    /* the error struct is optional */
    c = (owed_case *)&c;
    ck_assert_int_eq(owed_case_read_file(path, schema_path, &c, NULL), f->code);
    ck_assert_ptr_null(c);
    unlink(path);
    free(path);
}

START_TEST(test_failure)
{
    const struct failure *f = &failures[_i];
    if (strstr(f->name, "no schema") == NULL)
        run_failure(f, schema);
    if (!f->schema_only)
        run_failure(f, NULL);
}
END_TEST

START_TEST(test_io_errors)
{
    owed_case *c = (owed_case *)&c;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_case_read_file("/nonexistent/case.xml", schema, &c, &err), OWED_E_IO);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.file, "/nonexistent/case.xml");
    ck_assert_int_eq(err.line, 0);

    char *path = write_temp(HEAD CASE LOAN END);
    owed_error_clear(&err);
    ck_assert_int_eq(owed_case_read_file(path, "/nonexistent/case.xsd", &c, &err),
                     OWED_E_SCHEMA);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.file, "/nonexistent/case.xsd");
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_xml_read_limit)
{
    const char *text = HEAD CASE LOAN END;
    size_t len = strlen(text);
    char *path = write_temp(text);
    xmlDocPtr doc = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_xml_read(path, NULL, len - 1, &doc, &err), OWED_E_LIMIT);
    ck_assert_ptr_null(doc);
    ck_assert_int_eq(owed_xml_read(path, schema, len, &doc, &err), OWED_OK);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(owed_xml_line(xmlDocGetRootElement(doc)), 2);
    xmlFreeDoc(doc);
    unlink(path);
    free(path);
}
END_TEST

/* A file just over the case limit is refused before it is parsed. */
START_TEST(test_case_size_limit)
{
    size_t size = OWED_CASE_MAX_BYTES + 1;
    char *text = malloc(size + 1);
    ck_assert_ptr_nonnull(text);
    memset(text, ' ', size);
    text[size] = '\0';
    char *path = write_temp(text);
    free(text);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_case_read_file(path, schema, &c, &err), OWED_E_LIMIT);
    ck_assert_ptr_null(c);
    unlink(path);
    free(path);
}
END_TEST

int main(void)
{
    find_schema();
    Suite *s = suite_create("case_read");
    TCase *t = tcase_create("read");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_full_case);
    tcase_add_test(t, test_full_case_without_schema);
    tcase_add_test(t, test_namespaced_attribute_without_schema);
    tcase_add_test(t, test_full_case_from_memory_and_stream);
    tcase_add_test(t, test_terms_case);
    tcase_add_test(t, test_terms_case_without_schema);
    tcase_add_test(t, test_conventions_case);
    tcase_add_test(t, test_conventions_case_without_schema);
    tcase_add_test(t, test_conventions_jpy);
    tcase_add_test(t, test_lender_unknown);
    tcase_add_loop_test(t, test_failure, 0, (int)(sizeof failures / sizeof failures[0]));
    tcase_add_test(t, test_io_errors);
    tcase_add_test(t, test_xml_read_limit);
    tcase_add_test(t, test_case_size_limit);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_ENV);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
