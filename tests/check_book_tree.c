/* The two ways a loan book's group becomes a case (book_read.c) give the same result: the
 * case-file text written and read back (what `owed import` writes), and the tree built
 * directly from the rows (what `owed batch` reads).  For every group of the hand-made book
 * of tests/books and of a generated book that uses every column of owed-csv(5), with good
 * and bad values, both give the same status and error (code, file, line, text) or equal
 * cases, field by field, lines included. */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "case.h"
#include "testutil.h"

/* ---- comparing cases ------------------------------------------------------------------ */

static void same_str(const char *a, const char *b, const char *what)
{
    ck_assert_msg((a == NULL) == (b == NULL), "%s: one is NULL", what);
    if (a != NULL)
        ck_assert_msg(strcmp(a, b) == 0, "%s: '%s' vs '%s'", what, a, b);
}

static void same_q(const mpq_t a, const mpq_t b, const char *what)
{
    ck_assert_msg(mpq_equal(a, b), "%s differs", what);
}

#define SAME(A_, B_, WHAT_) \
    ck_assert_msg((A_) == (B_), "%s: %ld vs %ld", WHAT_, (long)(A_), (long)(B_))

static void same_conv(const owed_accrual_convention *a, const owed_accrual_convention *b)
{
    SAME(a->accrual, b->accrual, "accrual");
    SAME(a->count, b->count, "count");
    SAME(a->has_rounding, b->has_rounding, "has_rounding");
    SAME(a->rounding, b->rounding, "rounding");
    same_q(a->rounding_unit, b->rounding_unit, "rounding_unit");
}

static void same_loan(const owed_loan *a, const owed_loan *b)
{
    same_str(a->id, b->id, "loan id");
    same_str(a->lender, b->lender, "lender");
    SAME(a->lender_kind, b->lender_kind, "lender_kind");
    SAME(a->line, b->line, "loan line");
    SAME(a->contracted, b->contracted, "contracted");
    SAME(a->due, b->due, "due");
    same_q(a->principal, b->principal, "principal");
    SAME(a->n_disbursements, b->n_disbursements, "n_disbursements");
    SAME(a->disbursements_implied, b->disbursements_implied, "disbursements_implied");
    for (size_t i = 0; i < a->n_disbursements; i++) {
        SAME(a->disbursements[i].date, b->disbursements[i].date, "disbursement date");
        SAME(a->disbursements[i].line, b->disbursements[i].line, "disbursement line");
        same_q(a->disbursements[i].amount, b->disbursements[i].amount, "disbursement");
    }
    const owed_interest_terms *ia = &a->interest, *ib = &b->interest;
    SAME(ia->present, ib->present, "interest present");
    SAME(ia->agreement, ib->agreement, "agreement");
    SAME(ia->has_withheld, ib->has_withheld, "has_withheld");
    same_q(ia->withheld, ib->withheld, "withheld");
    same_q(ia->rate, ib->rate, "rate");
    SAME(ia->per, ib->per, "per");
    SAME(ia->basis, ib->basis, "basis");
    SAME(ia->stops_at_due, ib->stops_at_due, "stops_at_due");
    same_conv(&ia->conv, &ib->conv);
    SAME(ia->line, ib->line, "interest line");
    SAME(a->n_fees, b->n_fees, "n_fees");
    for (size_t i = 0; i < a->n_fees; i++) {
        const owed_fee *fa = &a->fees[i], *fb = &b->fees[i];
        same_str(fa->name, fb->name, "fee name");
        SAME(fa->at, fb->at, "fee at");
        SAME(fa->is_percent, fb->is_percent, "fee is_percent");
        same_q(fa->amount, fb->amount, "fee amount");
        SAME(fa->period_days, fb->period_days, "period_days");
        SAME(fa->until_repaid, fb->until_repaid, "until_repaid");
        SAME(fa->line, fb->line, "fee line");
    }
    const owed_overdue_terms *oa = &a->overdue, *ob = &b->overdue;
    SAME(oa->present, ob->present, "overdue present");
    same_q(oa->rate, ob->rate, "overdue rate");
    SAME(oa->per, ob->per, "overdue per");
    SAME(oa->basis, ob->basis, "overdue basis");
    SAME(oa->on, ob->on, "overdue on");
    SAME(oa->grace_days, ob->grace_days, "grace_days");
    same_conv(&oa->conv, &ob->conv);
    SAME(oa->line, ob->line, "overdue line");
    SAME(a->n_late_fees, b->n_late_fees, "n_late_fees");
    for (size_t i = 0; i < a->n_late_fees; i++) {
        const owed_late_fee *fa = &a->late_fees[i], *fb = &b->late_fees[i];
        same_str(fa->name, fb->name, "late fee name");
        SAME(fa->daily, fb->daily, "late fee daily");
        SAME(fa->is_percent, fb->is_percent, "late fee is_percent");
        same_q(fa->amount, fb->amount, "late fee amount");
        SAME(fa->line, fb->line, "late fee line");
    }
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        SAME(a->order[k], b->order[k], "order");
    SAME(a->order_given, b->order_given, "order_given");
}

static void same_case(const owed_case *a, const owed_case *b)
{
    same_str(a->file, b->file, "file");
    same_str(a->title, b->title, "title");
    same_str(a->borrower, b->borrower, "borrower");
    ck_assert_str_eq(a->currency.code, b->currency.code);
    SAME(a->as_of, b->as_of, "as_of");
    SAME(a->has_filed, b->has_filed, "has_filed");
    SAME(a->filed, b->filed, "filed");
    SAME(a->lender_kind, b->lender_kind, "case lender_kind");
    SAME(a->n_loans, b->n_loans, "n_loans");
    for (size_t i = 0; i < a->n_loans; i++)
        same_loan(&a->loans[i], &b->loans[i]);
    SAME(a->n_events, b->n_events, "n_events");
    for (size_t i = 0; i < a->n_events; i++) {
        const owed_event *ea = &a->events[i], *eb = &b->events[i];
        SAME(ea->kind, eb->kind, "event kind");
        SAME(ea->paid_for, eb->paid_for, "paid_for");
        SAME(ea->date, eb->date, "event date");
        SAME(ea->line, eb->line, "event line");
        SAME(ea->loan, eb->loan, "event loan");
        same_q(ea->amount, eb->amount, "event amount");
        SAME(ea->new_due, eb->new_due, "new_due");
        SAME(ea->component, eb->component, "component");
        same_str(ea->label, eb->label, "label");
    }
    SAME(a->n_claims, b->n_claims, "n_claims");
}

/* ---- a book, group by group ------------------------------------------------------------ */

typedef struct tally {
    int groups, cases, errors;
    int large_cases; /* cases of more than 8 loans */
} tally;

/* Reads the book of `terms` and `events` (texts) and checks every group both ways. */
static void both_ways(const char *terms, const char *events, tally *t)
{
    FILE *tf = fmemopen((void *)terms, strlen(terms), "rb");
    FILE *ef = fmemopen((void *)events, strlen(events), "rb");
    ck_assert_ptr_nonnull(tf);
    ck_assert_ptr_nonnull(ef);
    owed_book *book = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_book_open(tf, "t.csv", ef, "e.csv", NULL, &book, &err) == OWED_OK,
                  "%s:%ld: %s", err.file, err.line, err.text);
    for (;;) {
        owed_book_group *g = NULL;
        ck_assert_msg(owed_book_next(book, &g, &err) == OWED_OK, "%s:%ld: %s", err.file,
                      err.line, err.text);
        if (g == NULL)
            break;
        owed_case *by_text = NULL, *by_tree = NULL;
        char *xml = NULL;
        size_t len = 0;
        owed_error e_text, e_tree;
        owed_error_clear(&e_text);
        owed_error_clear(&e_tree);
        owed_status st_text = owed_book_group_build(g, NULL, NULL, &xml, &len, &by_text, &e_text);
        owed_status st_tree = owed_book_group_build(g, NULL, NULL, NULL, NULL, &by_tree, &e_tree);
        ck_assert_msg(st_text == st_tree, "borrower %s: status %d by text, %d by tree (%s:%ld: %s)",
                      owed_book_group_borrower(g), st_text, st_tree, e_tree.file, e_tree.line,
                      e_tree.text);
        if (st_text != OWED_OK) {
            ck_assert_str_eq(e_text.file, e_tree.file);
            ck_assert_msg(e_text.line == e_tree.line, "%s: line %ld by text, %ld by tree (%s)",
                          e_text.file, e_text.line, e_tree.line, e_text.text);
            ck_assert_str_eq(e_text.text, e_tree.text);
            ck_assert_int_eq(e_text.code, e_tree.code);
            t->errors++;
        } else {
            same_case(by_text, by_tree);
            t->cases++;
            t->large_cases += by_tree->n_loans > 8;
        }
        t->groups++;
        owed_case_free(by_text);
        owed_case_free(by_tree);
        free(xml);
        owed_book_group_free(g);
    }
    owed_book_free(book);
    fclose(tf);
    fclose(ef);
}

/* The contents of a file of the source tree. */
static char *slurp(const char *name)
{
    /* top_srcdir as the other check programs (.ci/sanitize runs them outside make), else
       automake's srcdir, else the current directory */
    const char *srcdir = getenv("top_srcdir");
    if (srcdir == NULL)
        srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", srcdir ? srcdir : ".", name);
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (len + n + 1 > cap) {
            cap = 2 * (len + n + 1);
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(fp);
    if (buf == NULL)
        buf = calloc(1, 1);
    buf[len] = '\0';
    return buf;
}

START_TEST(test_hand_book)
{
    char *terms = slurp("tests/books/hand-terms.csv");
    char *events = slurp("tests/books/hand-events.csv");
    tally t = {0};
    both_ways(terms, events, &t);
    ck_assert_int_gt(t.cases, 0);
    free(terms);
    free(events);
}
END_TEST

/* ---- a generated book ------------------------------------------------------------------ */

static unsigned long seed = 14;

static unsigned pick(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((seed >> 33) % n);
}

/* A value of a column: usually one of `good`, now and then one of `bad`. */
static const char *value(const char *const *good, size_t n_good, const char *const *bad,
                         size_t n_bad, unsigned bad_in)
{
    if (n_bad > 0 && pick(bad_in) == 0)
        return bad[pick((unsigned)n_bad)];
    return good[pick((unsigned)n_good)];
}

#define V(GOOD_, BAD_, IN_) value(GOOD_, sizeof GOOD_ / sizeof GOOD_[0], BAD_, \
                                  sizeof BAD_ / sizeof BAD_[0], IN_)

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = 2 * (t->len + n + 1);
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

/* A field, quoted when it holds a comma, a quote or a line end. */
static void field(text *t, const char *v, int last)
{
    if (strpbrk(v, ",\"\n\r") != NULL) {
        put(t, "\"");
        for (const char *p = v; *p; p++)
            put(t, *p == '"' ? "\"\"" : (char[]){*p, '\0'});
        put(t, "\"");
    } else {
        put(t, v);
    }
    put(t, last ? "\n" : ",");
}

/* contracts come before due dates, which mostly come before events */
static const char *const contract_dates[] = {"2019-03-01", "2019-11-30", "2020-01-15"};
static const char *const due_dates[] = {"2020-02-29", "2020-06-24", "2020-12-31"};
static const char *const dates[] = {"2019-11-30", "2020-02-29", "2020-06-24", "2020-12-31",
                                    "2021-03-05", "2021-03-05", "2021-03-05"};
static const char *const bad_dates[] = {"2020-02-30", "2020-1-5", "2022-01-01", "1999-01-01",
                                        "20200101", ""};
static const char *const amounts[] = {"1000.00", "2000", "350.50", "99.99", "5000.00", "12000"};
static const char *const small[] = {"10.00", "30", "0.50", "100.00"};
static const char *const new_dues[] = {"2021-04-01", "2021-06-01"};
static const char *const bad_amounts[] = {"-5", "12.345", "abc", "1e3", "-0", "1,000", " 5", "0"};
static const char *const fees[] = {"10.00", "5%", "1/2%", "30", "0.5%"};
static const char *const bad_fees[] = {"5", "%", "-1%", "200%x", "0.1"};
static const char *const rates[] = {"0.1%", "24%", "6/25", "1.5%", "0.05%"};
static const char *const bad_rates[] = {"0.1", "-1%", "x%", "1/0", "24 %"};
static const char *const pers[] = {"day", "month", "year"};
static const char *const bad_pers[] = {"week", "Day"};
static const char *const bases[] = {"", "365", "360", "actual"};
static const char *const bad_bases[] = {"366"};
static const char *const after_dues[] = {"", "continue", "stop"};
static const char *const ons[] = {"", "principal", "principal+interest"};
static const char *const graces[] = {"", "0", "3", "15"};
static const char *const bad_graces[] = {"-1", "x", "123456"};
static const char *const terms_days[] = {"7", "14", "21", "30", "365"};
static const char *const bad_terms_days[] = {"0", "-3", "abc", "3000000"};
static const char *const orders[] = {"cost fee penalty interest principal",
                                     "principal interest penalty fee cost",
                                     "interest principal fee penalty cost"};
static const char *const bad_orders[] = {"cost fee", "cost fee penalty interest interest",
                                         "cost fee penalty interest principal extra"};
static const char *const kinds[] = {"", "person", "company", "licensed"};
static const char *const bad_kinds[] = {"bank"};
static const char *const fors[] = {"", "", "charges", "principal"};
static const char *const comps[] = {"interest", "penalty", "fee", "cost"};
static const char *const labels[] = {"", "service fee", "a, \"quoted\" <b> & c",
                                     "\xE6\x9C\x8D\xE5\x8A\xA1\xE8\xB4\xB9", "  spaced  out  "};
static const char *const bad_labels[] = {"tab\there"};
static const char *const none[] = {""};

static void gen_book(text *terms, text *events, int n_borrowers)
{
    static const char *const tcols[] = {
        "borrower", "loan", "currency", "contracted", "principal", "delivered", "due",
        "term_days", "rate", "per", "basis", "after_due", "interest_withheld", "withheld_fee",
        "disbursement_fee", "maturity_fee", "daily_fee", "overdue_rate", "overdue_per",
        "overdue_basis", "overdue_on", "grace_days", "late_fee", "daily_late_fee",
        "payment_order", "lender_kind", "as_of", "filed"};
    static const char *const ecols[] = {"borrower", "loan", "date", "kind", "amount",
                                        "for", "due", "component", "label"};
    const size_t nt = sizeof tcols / sizeof tcols[0], ne = sizeof ecols / sizeof ecols[0];
    for (size_t i = 0; i < nt; i++)
        field(terms, tcols[i], i + 1 == nt);
    for (size_t i = 0; i < ne; i++)
        field(events, ecols[i], i + 1 == ne);
    static const char *const suffixes[] = {"", "", "", " & <Co>", " \xE5\xBC\xA0\xE4\xB8\x89"};
    for (int b = 0; b < n_borrowers; b++) {
        char borrower[64];
        snprintf(borrower, sizeof borrower, "B%05d%s", b, suffixes[pick(5)]);
        /* now and then a large group, beyond what book_read.c builds on the stack */
        int large = b % 50 == 49;
        int n_loans = large ? 9 + (int)pick(6) : 1 + (int)pick(3);
        const int bad = large ? 100000 : 80; /* one value in about 80 is a bad one */
        for (int l = 0; l < n_loans; l++) {
            char loan[32];
            /* now and then the same id twice */
            snprintf(loan, sizeof loan, "L%d", !large && pick(12) == 0 ? 0 : l);
            const char *v[28];
            v[0] = borrower;
            v[1] = pick(60) == 0 ? (pick(2) ? "L 1" : "") : loan;
            v[2] = pick(80) == 0 ? "XYZ" : "CNY";
            v[3] = V(contract_dates, bad_dates, bad);
            v[4] = V(amounts, bad_amounts, bad);
            v[5] = pick(5) == 0 ? V(small, bad_amounts, bad) : "";
            int due = pick(2);
            v[6] = due || pick(50) == 0 ? V(due_dates, bad_dates, bad) : "";
            v[7] = !due || pick(50) == 0 ? V(terms_days, bad_terms_days, bad) : "";
            int rate = pick(4) != 0;
            v[8] = rate ? V(rates, bad_rates, bad) : "";
            v[9] = rate || pick(50) == 0 ? V(pers, bad_pers, bad) : "";
            v[10] = rate || pick(50) == 0 ? V(bases, bad_bases, bad) : "";
            v[11] = rate ? V(after_dues, none, bad) : "";
            v[12] = rate && pick(6) == 0 ? V(small, bad_amounts, bad) : "";
            v[13] = pick(3) == 0 ? V(fees, bad_fees, bad) : "";
            v[14] = pick(5) == 0 ? V(fees, bad_fees, bad) : "";
            v[15] = pick(4) == 0 ? V(fees, bad_fees, bad) : "";
            v[16] = pick(8) == 0 ? V(fees, bad_fees, bad) : "";
            int overdue = pick(3) != 0;
            v[17] = overdue ? V(rates, bad_rates, bad) : "";
            v[18] = overdue || pick(50) == 0 ? V(pers, bad_pers, bad) : "";
            v[19] = overdue ? V(bases, bad_bases, bad) : "";
            v[20] = overdue || pick(50) == 0 ? V(ons, none, bad) : "";
            v[21] = overdue ? V(graces, bad_graces, bad) : "";
            v[22] = pick(5) == 0 ? V(fees, bad_fees, bad) : "";
            v[23] = pick(8) == 0 ? V(fees, bad_fees, bad) : "";
            v[24] = pick(8) == 0 ? V(orders, bad_orders, bad) : "";
            v[25] = V(kinds, bad_kinds, bad);
            v[26] = pick(40) == 0 ? "2021-07-01" : "2021-06-30";
            v[27] = pick(6) == 0 ? "2021-05-01" : "";
            for (size_t i = 0; i < nt; i++)
                field(terms, v[i], i + 1 == nt);
        }
        int n_events = large ? 20 + (int)pick(20) : (int)pick(5);
        for (int k = 0; k < n_events; k++) {
            char loan[32];
            snprintf(loan, sizeof loan, "L%d",
                     !large && pick(40) == 0 ? 7 : (int)pick((unsigned)n_loans));
            const char *v[9] = {borrower, loan,
                                large ? due_dates[1 + pick(2)] : V(dates, bad_dates, bad),
                                "", "", "", "", "", ""};
            switch (pick(!large && pick(30) == 0 ? 4 : 3)) {
            case 0:
                v[3] = "payment";
                v[1] = pick(4) == 0 ? "" : loan;
                v[4] = V(small, bad_amounts, bad);
                v[5] = V(fors, none, bad);
                break;
            case 1:
                v[3] = "extension";
                v[4] = pick(2) ? V(small, bad_amounts, bad) : "";
                v[6] = V(new_dues, bad_dates, bad);
                break;
            case 2:
                v[3] = "charge";
                v[4] = V(small, bad_amounts, bad);
                v[7] = !large && pick(40) == 0 ? "tax" : comps[pick(4)];
                v[8] = V(labels, bad_labels, bad);
                break;
            default:
                v[3] = pick(2) ? "refund" : "payment";
                v[6] = "2021-01-01"; /* a column the kind does not take */
                v[4] = "1.00";
            }
            for (size_t i = 0; i < ne; i++)
                field(events, v[i], i + 1 == ne);
        }
    }
}

START_TEST(test_generated_book)
{
    text terms = {0}, events = {0};
    int n = (int)test_cases(3000);
    gen_book(&terms, &events, n);
    tally t = {0};
    both_ways(terms.s, events.s, &t);
    free(terms.s);
    free(events.s);
    /* both outcomes are exercised, many times; and in a full run (make check: 3,000
       borrowers) large groups too, one borrower in 50 (a short run, such as .ci/sanitize's
       OWED_CASES=40 under valgrind, may have none) */
    ck_assert_int_gt(t.cases, t.groups / 20);
    ck_assert_int_gt(t.errors, t.groups / 20);
    if (n >= 1000)
        ck_assert_int_gt(t.large_cases, 5);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("book_tree");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_hand_book);
    tcase_add_test(tc, test_generated_book);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
