/* The lawful view, second edition: the worked examples W1-W6 of lawful-view-v2.md (the
 * project's law notes, from Civil Code arts. 561, 670, 680 and the SPC private-lending
 * provisions 2015 arts. 26, 27, 31), each hand computation beside its assertions, and the
 * first edition's figures shown to differ where the notes give them.  Unless said otherwise:
 * 365-day year, first day counted and not the last, regime cn-private-2015. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_read.h"
#include "contract.h"
#include "lawful.h"
#include "number.h"
#include "regime.h"
#include "testutil.h"

/* A case, its contract replay and its lawful replay under `regime_id` to `until`, every
 * invariant the library checks asserted.  Free with done(). */
typedef struct run {
    owed_case *c;
    owed_regime *reg;
    owed_replay *cr;
    owed_lawful *l;
} run;

static run replay(const char *attrs, const char *body, const char *regime_id, const char *until)
{
    run r;
    owed_error err;
    owed_error_clear(&err);
    r.c = test_case(attrs, body);
    r.reg = test_regime(regime_id);
    owed_date day = until ? test_day(until) : r.c->as_of;
    ck_assert_int_eq(owed_contract_replay(r.c, day, &r.cr, &err), OWED_OK);
    ck_assert_msg(owed_lawful_replay(r.c, r.reg, r.cr, day, &r.l, &err) == OWED_OK, "%s",
                  err.text);
    ck_assert_msg(owed_lawful_check(r.l, &err) == OWED_OK, "%s", err.text);
    return r;
}

static void done(run *r)
{
    owed_lawful_free(r->l);
    owed_replay_free(r->cr);
    owed_case_free(r->c);
    owed_regime_free(r->reg);
}

/* Asserts that q is not the decimal `figure`: a first-edition figure the notes call wrong. */
#define ck_assert_not_cents(q, figure)                                                      \
    do {                                                                                    \
        char *s_ = owed_decimal_format(q, 2, OWED_ROUND_HALF_UP);                           \
        ck_assert_str_ne(s_, figure);                                                       \
        free(s_);                                                                           \
    } while (0)

/* W1: nominal 20,000 on 2019-03-01, 2,000 of interest withheld, 18,000 delivered, 1.5 % a
 * month (18 % a year) accrued by day, as of 2019-09-01 (184 days).
 *   P = 18,000.  K_L = 18,000 x 0.18 x 184/365 = 596160/365 (1,633.32).
 *   C_enf = 18,000 x 0.24 x 184/365 = 794880/365 (2,177.75).  Lp = K_L.
 *   Owed = 18,000 + 596160/365 = 7166160/365 (19,633.32); the 2,000 appears only as
 *   "withheld, not lent".
 *   K (the contract, for the retention line): with the 2,000 as an unexplained gap, the
 *   contract replay sees a withheld amount and interest on 20,000: 2,000 + 20,000 x 0.18 x
 *   184/365 = 2,000 + 662400/365 = 1392400/365 (3,814.79); written as interest withheld in
 *   advance, the 2,000 is the interest the contract charges for the first 2,000 of its
 *   accruals, counted once: 662400/365 (1,814.79) is below it, so K = 2,000.
 * The withholding written two ways gives the same lawful figures: as a gap between the
 * nominal principal and the money delivered, and as interest withheld in advance. */
static const char *const w1_loans[] = {
    "<loan id=\"W1\" contracted=\"2019-03-01\" principal=\"20000.00\" due=\"2019-09-01\">"
    "<disbursement date=\"2019-03-01\" amount=\"18000.00\"/>"
    "<interest rate=\"1.5%\" per=\"month\"/></loan>",
    "<loan id=\"W1\" contracted=\"2019-03-01\" principal=\"20000.00\" due=\"2019-09-01\">"
    "<disbursement date=\"2019-03-01\" amount=\"18000.00\"/>"
    "<interest rate=\"1.5%\" per=\"month\" withheld=\"2000.00\"/></loan>",
};

START_TEST(test_w1_withheld_interest)
{
    for (int form = 0; form < 2; form++) {
        run r = replay("currency=\"CNY\" as-of=\"2019-09-01\"", w1_loans[form],
                       "cn-private-2015", NULL);
        const owed_lawful_loan *l = &r.l->loans[0];
        ck_assert_q(l->principal, "18000");
        ck_assert_q(l->withheld, "2000");
        ck_assert_q(l->agreed_charges, "596160/365");
        ck_assert_q(l->cap_enforceable, "794880/365");
        ck_assert_cents(l->cap_enforceable, "2177.75");
        ck_assert_q(l->lawful_charges, "596160/365");
        ck_assert_cents(l->lawful_charges, "1633.32");
        ck_assert_q(l->contract_charges, form == 0 ? "1392400/365" : "2000");
        ck_assert_q(l->balance, "7166160/365");
        ck_assert_cents(l->balance, "19633.32");
        done(&r);
    }
}
END_TEST

/* W1, repaid in one sum of 19,633.32 on 2019-09-01: charges 596160/365, principal 18,000;
 * the 0.0049 left (19,633.32 - 7166160/365 = 9/1825) is beyond everything enforceable on a
 * paid-off loan and falls in the band (Lr = min(K, C_ret) = min(3,814.79, 18,000 x 0.36 x
 * 184/365 = 3,266.63) > Lp): kept, no refund. */
START_TEST(test_w1_repaid)
{
    char body[1024];
    snprintf(body, sizeof body, "%s%s", w1_loans[1],
             "<payment date=\"2019-09-01\" amount=\"19633.32\"/>");
    run r = replay("currency=\"CNY\" as-of=\"2019-09-01\"", body, "cn-private-2015", NULL);
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->balance, "0");
    ck_assert_q(l->principal_paid, "18000");
    ck_assert_q(l->retained, "9/1825");
    ck_assert_q(l->refund, "0");
    done(&r);
}
END_TEST

/* W1, first edition (wrong): K = 3,814.79 counted the 2,000 as a charge, so Lp = C_enf =
 * 2,177.75 and the owed balance was 20,177.75.  The variant regime that counts withheld
 * amounts as agreed charges within the cap (cn-private-2020-withheld-charge; before
 * 2020-08-20 it applies the 2015 bands) reproduces that figure: K_L = 2,000 + 596160/365 =
 * 1326160/365, Lp = C_enf = 794880/365. */
START_TEST(test_w1_first_edition_and_variant)
{
    run r = replay("currency=\"CNY\" as-of=\"2019-09-01\"", w1_loans[1], "cn-private-2015",
                   NULL);
    ck_assert_not_cents(r.l->loans[0].lawful_charges, "2177.75");
    ck_assert_not_cents(r.l->loans[0].balance, "20177.75");
    done(&r);
    r = replay("currency=\"CNY\" as-of=\"2019-09-01\"", w1_loans[1],
               "cn-private-2020-withheld-charge", NULL);
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->agreed_charges, "1326160/365");
    ck_assert_q(l->lawful_charges, "794880/365");
    ck_assert_cents(l->balance, "20177.75");
    done(&r);
}
END_TEST

/* W2: between two natural persons, an IOU for 50,000, 5,000 kept back "as interest", rate
 * never stated; 45,000 delivered; 30,000 repaid.  P = 45,000, K_L = 0 (art. 680), Lp = 0:
 * owed 15,000.00 whatever the dates.  Written two ways: no <interest> at all (no agreement,
 * art. 680(2)), and an agreement found unclear with the 5,000 withheld (art. 680(3)). */
START_TEST(test_w2_no_agreed_interest)
{
    const char *loans[] = {
        "<lender kind=\"person\"/>"
        "<loan id=\"W2\" contracted=\"2020-01-01\" principal=\"50000.00\" due=\"2020-12-31\">"
        "<disbursement date=\"2020-01-01\" amount=\"45000.00\"/></loan>",
        "<lender kind=\"person\"/>"
        "<loan id=\"W2\" contracted=\"2020-01-01\" principal=\"50000.00\" due=\"2020-12-31\">"
        "<disbursement date=\"2020-01-01\" amount=\"45000.00\"/>"
        "<interest agreed=\"unclear\" withheld=\"5000.00\"/></loan>",
    };
    const char *as_of[] = {"2020-06-01", "2021-01-01", "2023-06-30"};
    for (int form = 0; form < 2; form++)
        for (int d = 0; d < 3; d++) {
            char body[1024], attrs[128];
            snprintf(body, sizeof body, "%s<payment date=\"2020-06-01\" amount=\"30000.00\"/>",
                     loans[form]);
            snprintf(attrs, sizeof attrs, "currency=\"CNY\" as-of=\"%s\"", as_of[d]);
            run r = replay(attrs, body, "cn-private-2015", NULL);
            const owed_lawful_loan *l = &r.l->loans[0];
            ck_assert_q(l->principal_basis, "45000");
            ck_assert_q(l->withheld, "5000");
            ck_assert_q(l->agreed_charges, "0");
            ck_assert_q(l->lawful_charges, "0");
            ck_assert_q(l->balance, "15000");
            done(&r);
        }
}
END_TEST

/* W3: nominal 50,000 for one year from 2016-03-01, interest 15,000 for the year (30 % on
 * 50,000) payable 5,000 every four months in advance; the first 5,000 withheld, 45,000
 * delivered; 5,000 paid on 2016-07-01 and on 2016-11-01, each marked as paid for interest;
 * 45,000 paid on 2017-03-01, not marked.
 *   K_L(year) = 45,000 x 30 % = 13,500; C_enf(year) = 45,000 x 24 % = 10,800: Lp = C_enf.
 *   2016-07-01 (122 days): enforceable 45,000 x 0.24 x 122/365 = 263520/73 (3,609.86) is
 *     paid; 5,000 - 263520/73 = 101480/73 (1,390.14) is held as prepaid charges.
 *   2016-11-01 (245 days): enforceable 45,000 x 0.24 x 245/365 = 529200/73 (7,249.32) in
 *     all; the prepaid absorbs 1,390.14, the new 5,000 pays the rest, 529200/73 -
 *     263520/73 - 101480/73 = 164200/73; prepaid now 5,000 - 164200/73 = 200800/73
 *     (2,750.68).
 *   2017-03-01 (365 days; 2016-02-29 is before the loan): enforceable 10,800; the prepaid
 *     absorbs 2,750.68, so 10,000 is paid and 800 unpaid; the 45,000 pays 800 of charges
 *     and 44,200 of principal.  Owed 800.00 (principal 800).
 * First edition (wrong): owed 5,000. */
/* The payments undesignated (split over the loans' charges, the rest held on the loan) and
 * designated to the loan (held on it directly): the same figures. */
static const char *const w3_cases[] = {
    "<loan id=\"W3\" contracted=\"2016-03-01\" principal=\"50000.00\" due=\"2017-03-01\">"
    "<disbursement date=\"2016-03-01\" amount=\"45000.00\"/>"
    "<interest rate=\"30%\" per=\"year\" withheld=\"5000.00\"/></loan>"
    "<payment date=\"2016-07-01\" amount=\"5000.00\" for=\"charges\"/>"
    "<payment date=\"2016-11-01\" amount=\"5000.00\" for=\"charges\"/>"
    "<payment date=\"2017-03-01\" amount=\"45000.00\"/>",
    "<loan id=\"W3\" contracted=\"2016-03-01\" principal=\"50000.00\" due=\"2017-03-01\">"
    "<disbursement date=\"2016-03-01\" amount=\"45000.00\"/>"
    "<interest rate=\"30%\" per=\"year\" withheld=\"5000.00\"/></loan>"
    "<payment date=\"2016-07-01\" amount=\"5000.00\" for=\"charges\" loan=\"W3\"/>"
    "<payment date=\"2016-11-01\" amount=\"5000.00\" for=\"charges\" loan=\"W3\"/>"
    "<payment date=\"2017-03-01\" amount=\"45000.00\" loan=\"W3\"/>",
};

START_TEST(test_w3_prepaid_charges)
{
    const char *w3_case = w3_cases[_i];
    const char *attrs = "currency=\"CNY\" as-of=\"2017-03-01\"";
    run r = replay(attrs, w3_case, "cn-private-2015", "2016-07-01");
    ck_assert_q(r.l->loans[0].charges_paid, "263520/73");
    ck_assert_cents(r.l->loans[0].charges_paid, "3609.86");
    ck_assert_q(r.l->loans[0].prepaid, "101480/73");
    ck_assert_cents(r.l->loans[0].prepaid, "1390.14");
    ck_assert_q(r.l->loans[0].principal, "45000");
    /* the balance counts the prepaid charges held against what is owed */
    ck_assert_q(r.l->loans[0].balance, "3183520/73"); /* 45,000 - 101480/73 */
    done(&r);

    r = replay(attrs, w3_case, "cn-private-2015", "2016-11-01");
    ck_assert_q(r.l->loans[0].cap_enforceable, "529200/73");
    ck_assert_q(r.l->loans[0].charges_paid, "529200/73");
    ck_assert_q(r.l->loans[0].prepaid, "200800/73");
    ck_assert_cents(r.l->loans[0].prepaid, "2750.68");
    done(&r);

    r = replay(attrs, w3_case, "cn-private-2015", NULL);
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->agreed_charges, "13500");
    ck_assert_q(l->lawful_charges, "10800");
    ck_assert_q(l->charges_paid, "10800");
    ck_assert_q(l->prepaid, "0");
    ck_assert_q(l->principal_paid, "44200");
    ck_assert_q(l->principal, "800");
    ck_assert_q(l->balance, "800");
    ck_assert_not_cents(l->balance, "5000.00");
    /* the last payment, as the court applies it: 800 to charges, 44,200 to principal */
    const owed_lawful_move *m = &r.l->moves[r.l->n_moves - 1];
    ck_assert_int_eq(m->event, 2);
    ck_assert_q(m->to_charges, "800");
    ck_assert_q(m->to_principal, "44200");
    ck_assert_q(m->to_band, "0");
    done(&r);
}
END_TEST

/* W4: 100,000 delivered on 2019-01-01 at an agreed 33 % a year, one year (as of
 * 2020-01-01): K = K_L = 33,000, C_enf = 24,000, C_ret = 36,000.
 *   Paid 133,000 (not marked): 24,000 enforceable, 100,000 principal, 9,000 into the band
 *   (Lr - Lp = min(33,000, 36,000) - 24,000); owed 0, refund 0, kept 9,000.
 *   Paid 140,000: the same, and 7,000 more than the contract ever charged: refund 7,000.
 *   Strict reading (no band): 133,000 -> refund 9,000. */
START_TEST(test_w4_band_after_everything_enforceable)
{
    struct { const char *paid, *regime, *kept, *refund; } v[] = {
        {"133000.00", "cn-private-2015", "9000", "0"},
        {"140000.00", "cn-private-2015", "9000", "7000"},
        {"133000.00", "cn-private-2015-strict", "0", "9000"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char body[1024];
        snprintf(body, sizeof body,
                 "<loan id=\"W4\" contracted=\"2019-01-01\" principal=\"100000.00\" "
                 "due=\"2020-01-01\"><interest rate=\"33%%\" per=\"year\"/></loan>"
                 "<payment date=\"2020-01-01\" amount=\"%s\"/>",
                 v[i].paid);
        run r = replay("currency=\"CNY\" as-of=\"2020-01-01\"", body, v[i].regime, NULL);
        const owed_lawful_loan *l = &r.l->loans[0];
        ck_assert_q(l->contract_charges, "33000");
        ck_assert_q(l->agreed_charges, "33000");
        ck_assert_q(l->lawful_charges, "24000");
        ck_assert_q(l->principal_paid, "100000");
        ck_assert_q(l->balance, "0");
        ck_assert_q(l->retained, v[i].kept);
        ck_assert_q(l->refund, v[i].refund);
        done(&r);
    }
}
END_TEST

/* W5: 10,000 delivered 2019-01-01 at an agreed 36 % a year; 5,000 paid 2019-07-01 (181
 * days), not marked.  C_enf = 10,000 x 0.24 x 181/365 = 86880/73 (1,190.14) to charges;
 * 5,000 - 86880/73 = 278120/73 (3,809.86) to principal; P = 451880/73 (6,190.14).
 * First edition (wrong): 10,000 x 0.36 x 181/365 = 1,785.21 went to charges first, P =
 * 6,785.21. */
START_TEST(test_w5_no_diversion_into_band)
{
    run r = replay("currency=\"CNY\" as-of=\"2019-07-01\"",
                   "<loan id=\"W5\" contracted=\"2019-01-01\" principal=\"10000.00\" "
                   "due=\"2019-12-31\"><interest rate=\"36%\" per=\"year\"/></loan>"
                   "<payment date=\"2019-07-01\" amount=\"5000.00\"/>",
                   "cn-private-2015", NULL);
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->charges_paid, "86880/73");
    ck_assert_q(l->principal_paid, "278120/73");
    ck_assert_q(l->principal, "451880/73");
    ck_assert_cents(l->principal, "6190.14");
    ck_assert_not_cents(l->principal, "6785.21");
    ck_assert_q(l->retained, "0");
    done(&r);
}
END_TEST

/* W6 (Japan): an overpayment of 100,000 yen arising on 2019-06-01 earns 5 % a year simple
 * (it arose before 2020-04-01), from the day after it arose to the as-of date, both
 * included, each day over the days of its own calendar year.  As of 2020-03-31: 213 days
 * of 2019 and 91 of 2020: 100,000 x 0.05 x (213/365 + 91/366) = 55586500/13359 (4,160.98).
 * Here a loan of 100,000 without interest, repaid twice over on 2019-06-01, under a test
 * regime with the refund rates of the Japanese practice (tests/lawful/w6-refund-interest.xml).
 * A second overpayment of 100,000 arising on 2020-04-01 earns 3 %: to 2021-03-31, 274 days
 * of 2020 and 90 of 2021: 100,000 x 0.03 x (274/366 + 90/365) = 13295000/4453 (2,985.63);
 * the first, to 2021-03-31: 5,000 x (213/365 + 366/366 + 90/365) = 5000 x (303/365 + 1). */
START_TEST(test_w6_refund_interest)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/lawful/w6-refund-interest.xml", getenv("top_srcdir"));
    const char *loan = "<loan id=\"W6\" contracted=\"2019-05-01\" principal=\"100000\" "
                       "due=\"2019-06-01\"><disbursement date=\"2019-05-01\" amount=\"100000\"/>"
                       "</loan><payment date=\"2019-06-01\" amount=\"200000\" loan=\"W6\"/>";
    run r = replay("currency=\"JPY\" as-of=\"2020-03-31\"", loan, path, NULL);
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->refund, "100000");
    ck_assert_int_eq(l->n_refunds, 1);
    ck_assert_int_eq(l->refunds[0].arose, test_day("2019-06-01"));
    ck_assert_q(l->refunds[0].rate, "1/20");
    ck_assert_q(l->refund_interest, "55586500/13359");
    ck_assert_cents(l->refund_interest, "4160.98");
    done(&r);

    char body[1024];
    snprintf(body, sizeof body, "%s%s", loan,
             "<payment date=\"2020-04-01\" amount=\"100000\" loan=\"W6\"/>");
    r = replay("currency=\"JPY\" as-of=\"2021-03-31\"", body, path, NULL);
    l = &r.l->loans[0];
    ck_assert_int_eq(l->n_refunds, 2);
    ck_assert_q(l->refunds[1].rate, "3/100");
    ck_assert_q(l->refunds[1].interest, "13295000/4453");
    ck_assert_q(l->refunds[0].interest, "3340000/365"); /* 5000 x 668/365 */
    mpq_t sum;
    mpq_init(sum);
    mpq_add(sum, l->refunds[0].interest, l->refunds[1].interest);
    ck_assert(mpq_equal(sum, l->refund_interest));
    mpq_clear(sum);
    done(&r);
}
END_TEST


/* ------------------------------------------------------------------ generated cases */

/* A small seeded generator (the same numbers on every machine): 1-3 loans formed in 2019,
 * part of each nominal principal possibly withheld, an agreed rate or none, maybe a maturity
 * fee and an overdue rate; 1-5 payments, each designated to a loan.  `mark` (-1: none)
 * writes for="charges" on that payment; `extra_withheld` adds that much to every nominal
 * principal without changing the money delivered. */
static unsigned long rng;

static unsigned long next_rand(unsigned long n)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (rng >> 33) % n;
}

static void gen_case(char *buf, size_t size, unsigned long seed, int mark, int extra_withheld,
                     int *n_payments)
{
    static const char *const rates[] = {"", "<interest rate=\"0.05%\" per=\"day\"/>",
                                        "<interest rate=\"18%\" per=\"year\"/>",
                                        "<interest rate=\"36%\" per=\"year\"/>",
                                        "<interest rate=\"2%\" per=\"month\"/>"};
    rng = seed;
    size_t n = 0;
    int loans = 1 + (int)next_rand(3);
    for (int i = 0; i < loans; i++) {
        int day = 1 + (int)next_rand(28), month = 1 + (int)next_rand(6);
        int delivered = 1000 * (1 + (int)next_rand(20));
        int withheld = next_rand(2) ? 100 * (int)next_rand(10) : 0;
        n += (size_t)snprintf(buf + n, size - n,
                              "<loan id=\"L%d\" contracted=\"2019-%02d-%02d\" principal=\"%d.00\" "
                              "term-days=\"%d\"><disbursement date=\"2019-%02d-%02d\" "
                              "amount=\"%d.00\"/>%s",
                              i, month, day, delivered + withheld + extra_withheld,
                              21 + (int)next_rand(70), month, day, delivered,
                              rates[next_rand(5)]);
        if (next_rand(2))
            n += (size_t)snprintf(buf + n, size - n,
                                  "<fee name=\"service\" amount=\"%d.00\" at=\"maturity\"/>",
                                  10 * (int)next_rand(30));
        if (next_rand(2))
            n += (size_t)snprintf(buf + n, size - n, "<overdue rate=\"0.1%%\" per=\"day\"/>");
        n += (size_t)snprintf(buf + n, size - n, "</loan>");
    }
    *n_payments = 1 + (int)next_rand(5);
    for (int k = 0; k < *n_payments; k++)
        n += (size_t)snprintf(buf + n, size - n,
                              "<payment date=\"2019-%02d-%02d\" amount=\"%d.00\" loan=\"L%d\"%s/>",
                              7 + k, 1 + (int)next_rand(28), 100 * (1 + (int)next_rand(60)),
                              (int)next_rand((unsigned long)loans),
                              k == mark ? " for=\"charges\"" : "");
}

static const char *const default_regimes[] = {"cn-private-2015", "cn-private-2015-strict",
                                              "cn-private-2020", "cn-licensed",
                                              "cn-cash-loan-2017"};

/* A payment marked as paid for charges never lowers a loan's principal more than the same
 * payment unmarked: what the marked payment holds as prepaid charges goes to charges later,
 * never to principal, while the unmarked one pays principal at once. */
START_TEST(test_marked_payment_lowers_principal_no_more)
{
    static char a[8192], b[8192];
    int checked = 0;
    for (unsigned long seed = 1; seed <= test_cases(150); seed++) {
        int n;
        gen_case(a, sizeof a, seed, -1, 0, &n);
        int k = (int)(seed % (unsigned long)n);
        gen_case(b, sizeof b, seed, k, 0, &n);
        for (size_t g = 0; g < sizeof default_regimes / sizeof *default_regimes; g++) {
            run ra = replay("currency=\"CNY\" as-of=\"2020-03-31\"", a, default_regimes[g], NULL);
            run rb = replay("currency=\"CNY\" as-of=\"2020-03-31\"", b, default_regimes[g], NULL);
            for (size_t i = 0; i < ra.l->n_loans; i++) {
                ck_assert_msg(mpq_cmp(rb.l->loans[i].principal, ra.l->loans[i].principal) >= 0,
                              "seed %lu regime %s loan %zu: marking payment %d for charges "
                              "lowered principal more", seed, default_regimes[g], i, k);
                checked++;
            }
            done(&ra);
            done(&rb);
        }
    }
    ck_assert_int_gt(checked, 2 * (int)test_cases(150));
}
END_TEST

/* Adding a withheld amount to a case (a larger nominal principal, the same money delivered)
 * never raises the lawful balance or the enforceable charges of any loan under the regimes
 * that treat withheld amounts as never lent: the lawful principal and the agreed charges
 * on it are the same; only the contract's own charges K, and so the retention line, grow. */
START_TEST(test_withheld_never_raises_lawful_balance)
{
    static char a[8192], b[8192];
    int checked = 0, differ = 0;
    for (unsigned long seed = 1; seed <= test_cases(150); seed++) {
        int n;
        gen_case(a, sizeof a, seed, (int)(seed % 3) - 1, 0, &n);
        gen_case(b, sizeof b, seed, (int)(seed % 3) - 1, 500, &n);
        for (size_t g = 0; g < sizeof default_regimes / sizeof *default_regimes; g++) {
            run ra = replay("currency=\"CNY\" as-of=\"2020-03-31\"", a, default_regimes[g], NULL);
            run rb = replay("currency=\"CNY\" as-of=\"2020-03-31\"", b, default_regimes[g], NULL);
            for (size_t i = 0; i < ra.l->n_loans; i++) {
                const owed_lawful_loan *x = &ra.l->loans[i], *y = &rb.l->loans[i];
                ck_assert_msg(mpq_cmp(y->balance, x->balance) <= 0 &&
                                  mpq_cmp(y->lawful_charges, x->lawful_charges) <= 0,
                              "seed %lu regime %s loan %zu: withholding 500 more raised the "
                              "lawful balance", seed, default_regimes[g], i);
                differ += !mpq_equal(ra.cr->loans[i].balance[OWED_COMP_PRINCIPAL],
                                     rb.cr->loans[i].balance[OWED_COMP_PRINCIPAL]);
                checked++;
            }
            done(&ra);
            done(&rb);
        }
    }
    /* the contract view does see the 500: the property is not vacuous */
    ck_assert_int_gt(checked, 2 * (int)test_cases(150));
    ck_assert_int_gt(differ, (int)test_cases(150) / 2);
}
END_TEST


/* K_L is the contract's own terms applied to the lawful principal: where nothing is
 * withheld and no payment is made, the lawful principal is the contract's, so K_L must be
 * exactly the contract's charges K, whatever kinds of charges the contract has.  Seeded
 * cases with every kind: interest per day, month or year on each basis, fees withheld never
 * (they would make the principals differ), fees at disbursement, at maturity, daily and per
 * period (fixed and as a share of principal, during the term or until repaid), overdue
 * interest on principal or on principal and interest with grace days, one-off and daily
 * late fees, an extension with a fee, a charge the lender posted, two disbursements. */
START_TEST(test_agreed_charges_equal_contract_without_payments)
{
    static const char *const interest[] = {
        "<interest rate=\"0.05%\" per=\"day\"/>", "<interest rate=\"2%\" per=\"month\" basis=\"360\"/>",
        "<interest rate=\"18%\" per=\"year\" basis=\"actual\"/>",
        "<interest rate=\"24%\" per=\"year\" after-due=\"stop\"/>", ""};
    static const char *const fees[] = {
        "<fee name=\"d\" amount=\"30.00\" at=\"disbursement\"/>",
        "<fee name=\"m\" percent=\"5%\" at=\"maturity\"/>",
        "<fee name=\"day\" amount=\"1.00\" at=\"daily\"/>",
        "<fee name=\"day2\" percent=\"0.1%\" at=\"daily\" until=\"repaid\"/>",
        "<fee name=\"p\" amount=\"10.00\" at=\"period\" every-days=\"7\"/>",
        "<fee name=\"p2\" amount=\"5.00\" at=\"period\" every-days=\"10\" until=\"repaid\"/>"};
    static const char *const overdue[] = {
        "", "<overdue rate=\"0.5%\" per=\"day\"/>",
        "<overdue rate=\"36%\" per=\"year\" on=\"principal+interest\" grace-days=\"3\"/>"};
    static const char *const late[] = {
        "", "<late-fee name=\"l\" amount=\"50.00\"/>",
        "<late-fee name=\"l\" amount=\"50.00\"/><late-fee name=\"ld\" percent=\"0.2%\" per=\"day\"/>"};
    static char body[4096];
    int nonzero = 0;
    for (unsigned long seed = 1; seed <= test_cases(60); seed++) {
        rng = seed;
        size_t n = (size_t)snprintf(body, sizeof body,
                                    "<loan id=\"K\" contracted=\"2023-12-20\" principal=\"3000.00\" "
                                    "due=\"2024-01-31\"><disbursement date=\"2023-12-20\" "
                                    "amount=\"2000.00\"/><disbursement date=\"2024-01-05\" "
                                    "amount=\"1000.00\"/>%s",
                                    interest[next_rand(5)]);
        for (size_t f = 0; f < sizeof fees / sizeof *fees; f++)
            if (next_rand(2))
                n += (size_t)snprintf(body + n, sizeof body - n, "%s", fees[f]);
        n += (size_t)snprintf(body + n, sizeof body - n, "%s%s</loan>", overdue[next_rand(3)],
                              late[next_rand(3)]);
        if (next_rand(2))
            n += (size_t)snprintf(body + n, sizeof body - n,
                                  "<extension date=\"2024-01-25\" loan=\"K\" due=\"2024-02-20\" "
                                  "fee=\"40.00\"/>");
        if (next_rand(2))
            snprintf(body + n, sizeof body - n,
                     "<charge date=\"2024-02-01\" loan=\"K\" amount=\"25.00\" component=\"fee\" "
                     "kind=\"sms\"/>");
        for (int g = 0; g < 2; g++) {
            /* before and after the due date */
            run r = replay("currency=\"CNY\" as-of=\"2024-03-31\"", body, "cn-private-2015",
                           g ? "2024-03-31" : "2024-01-20");
            char *k = owed_exact_format(r.l->loans[0].contract_charges);
            char *kl = owed_exact_format(r.l->loans[0].agreed_charges);
            ck_assert_msg(mpq_equal(r.l->loans[0].contract_charges, r.l->loans[0].agreed_charges),
                          "seed %lu: K = %s but K_L = %s\n%s", seed, k, kl, body);
            nonzero += mpq_sgn(r.l->loans[0].agreed_charges) != 0;
            free(k);
            free(kl);
            done(&r);
        }
    }
    ck_assert_int_gt(nonzero, (int)test_cases(60));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lawful-v2");
    TCase *t = tcase_create("examples");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_w1_withheld_interest);
    tcase_add_test(t, test_w1_repaid);
    tcase_add_test(t, test_w1_first_edition_and_variant);
    tcase_add_test(t, test_w2_no_agreed_interest);
    tcase_add_loop_test(t, test_w3_prepaid_charges, 0, 2);
    tcase_add_test(t, test_w4_band_after_everything_enforceable);
    tcase_add_test(t, test_w5_no_diversion_into_band);
    tcase_add_test(t, test_w6_refund_interest);
    suite_add_tcase(s, t);
    TCase *p = tcase_create("generated");
    tcase_set_timeout(p, 240);
    tcase_add_test(p, test_marked_payment_lowers_principal_no_more);
    tcase_add_test(p, test_withheld_never_raises_lawful_balance);
    tcase_add_test(p, test_agreed_charges_equal_contract_without_payments);
    suite_add_tcase(s, p);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
