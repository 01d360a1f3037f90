/* Contract replay: each charge kind, payment order, allocation across loans, and money
 * conservation, on small cases whose figures are computed by hand in the comments. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocate.h"
#include "case_read.h"
#include "contract.h"
#include "number.h"
#include "qsum.h"
#include "report.h"
#include "testutil.h"

/* The tests build case files from printf templates held in variables. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"


/* The replays' sums, products and comparisons (qsum.h) give GMP's values: word-sized
 * operands of both signs and results of 0, 1 and 2 words, written into values with a limb
 * of room (in place) and into new ones without (mpz_init: the library call), and operands
 * of two words. */
static unsigned long long lcg_next(unsigned long long *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return *state >> 11;
}

static void random_small_q(mpq_t q, unsigned long long *state, int wide)
{
    unsigned long long bits = lcg_next(state) % (wide ? 90 : 40) + 1;
    mpz_set_ui(mpq_numref(q), (unsigned long)(lcg_next(state) % (1ULL << (bits > 52 ? 52 : bits))));
    if (bits > 52)
        mpz_mul_2exp(mpq_numref(q), mpq_numref(q), (mp_bitcnt_t)(bits - 52));
    if (lcg_next(state) & 1)
        mpz_neg(mpq_numref(q), mpq_numref(q));
    mpz_set_ui(mpq_denref(q), (unsigned long)(lcg_next(state) % 100000 + 1));
    mpq_canonicalize(q);
}

START_TEST(test_word_sums_agree_with_gmp)
{
    unsigned long long state = 14;
    mpq_t a, b, want, got, fresh;
    mpq_inits(a, b, want, got, NULL);
    for (int i = 0; i < 20000; i++) {
        random_small_q(a, &state, i % 4 == 0);
        random_small_q(b, &state, i % 8 == 1);
        if (i % 16 == 2)
            mpq_neg(b, a); /* sums of 0 */
        /* in place, into a value with room */
        mpq_add(want, a, b);
        mpq_set(got, a);
        owed_q_add_to(got, b);
        ck_assert_msg(mpq_equal(got, want), "sum %d", i);
        mpq_sub(want, a, b);
        mpq_set(got, a);
        owed_q_sub_from(got, b);
        ck_assert_msg(mpq_equal(got, want), "difference %d", i);
        mpq_mul(want, a, b);
        owed_q_mul(got, a, b);
        ck_assert_msg(mpq_equal(got, want), "product %d", i);
        /* into new values, whose numerators have no room yet */
        owed_q_init(fresh);
        owed_q_mul(fresh, a, b);
        ck_assert_msg(mpq_equal(fresh, want), "product into a new value %d", i);
        mpq_clear(fresh);
        owed_q_init(fresh);
        owed_q_add_to(fresh, a);
        owed_q_add_to(fresh, b);
        mpq_add(want, a, b);
        ck_assert_msg(mpq_equal(fresh, want), "sum into a new value %d", i);
        mpq_clear(fresh);
        /* equality as GMP has it, of different values and of equal ones */
        ck_assert_int_eq(owed_q_equal(a, b), mpq_equal(a, b) != 0);
        mpq_set(got, a);
        ck_assert_msg(owed_q_equal(got, a), "equal %d", i);
        mpq_neg(got, a);
        ck_assert_int_eq(owed_q_equal(got, a), mpq_sgn(a) == 0);
        /* copies and zeros in place (got has room for what it held) */
        owed_q_set(got, b);
        ck_assert_msg(mpq_equal(got, b), "copy %d", i);
        owed_q_zero(got);
        mpq_set_ui(want, 0, 1);
        ck_assert_msg(mpq_equal(got, want) && mpz_cmp_ui(mpq_denref(got), 1) == 0, "zero %d", i);
        owed_q_diff(got, a, b);
        mpq_sub(want, a, b);
        ck_assert_msg(mpq_equal(got, want), "a - b %d", i);
        /* a run's amount times its days */
        unsigned long n = (unsigned long)(lcg_next(&state) % 400 + 1);
        mpq_set(got, a);
        owed_q_mul_ui(got, n);
        mpq_set_ui(want, n, 1);
        mpq_mul(want, want, a);
        ck_assert_msg(mpq_equal(got, want), "times %lu %d", n, i);
    }
    mpq_clears(a, b, want, got, NULL);
}
END_TEST

/* A random word of 1 to 64 bits. */
static unsigned long random_bits(unsigned long long *state)
{
    unsigned bits = (unsigned)(lcg_next(state) % 64) + 1;
    unsigned long w = (unsigned long)(lcg_next(state) << 11 ^ lcg_next(state));
    return bits == 64 ? w : w & ((1UL << bits) - 1);
}

/* q = a random canonical value, never 0, whose numerator has up to a word (an eighth of
 * them two) and whose denominator is shaped after den (up to a word): the same, a
 * multiple, a divisor, 1, unrelated and small, or unrelated of up to 64 bits.  A one-word
 * numerator is made prime to the denominator, so that the shape survives; its magnitude
 * reaches 2^64, past the words' signed range. */
static void shaped_q(mpq_t q, unsigned long den, unsigned long long *state)
{
    unsigned long d, k = (unsigned long)(lcg_next(state) % 1000) + 2;
    switch (lcg_next(state) % 6) {
    case 0:
        d = den;
        break;
    case 1:
        d = den <= ULONG_MAX / k ? den * k : den;
        break;
    case 2:
        d = den % k == 0 ? den / k : den % 7 == 0 ? den / 7 : 1;
        break;
    case 3:
        d = 1;
        break;
    case 4:
        d = (unsigned long)(lcg_next(state) % 100000) + 1;
        break;
    default:
        d = random_bits(state) | 1;
        break;
    }
    unsigned long n = random_bits(state) | 1;
    while (owed_gcd_ul(n, d) != 1)
        n = n / owed_gcd_ul(n, d);
    mpz_set_ui(mpq_numref(q), n);
    mpz_set_ui(mpq_denref(q), d);
    if (lcg_next(state) % 8 == 0) { /* two words, the low one of any size */
        mpz_mul_2exp(mpq_numref(q), mpq_numref(q), 64);
        mpz_add_ui(mpq_numref(q), mpq_numref(q), random_bits(state));
        mpq_canonicalize(q);
    }
    if (lcg_next(state) & 1)
        mpz_neg(mpq_numref(q), mpq_numref(q));
}

/* Each operation of qsum.h on a and b against GMP's, into a copy of a (room for a word)
 * and into new values. */
static void check_against_gmp(const mpq_t a, const mpq_t b, int i)
{
    mpq_t want, got, fresh;
    mpq_inits(want, got, NULL);
    mpq_add(want, a, b);
    mpq_set(got, a);
    owed_q_add_to(got, b);
    ck_assert_msg(mpq_equal(got, want), "sum %d", i);
    owed_q_init(fresh);
    owed_q_sum(fresh, a, b);
    ck_assert_msg(mpq_equal(fresh, want), "sum into a new value %d", i);
    mpq_clear(fresh);
    mpq_sub(want, a, b);
    mpq_set(got, a);
    owed_q_sub_from(got, b);
    ck_assert_msg(mpq_equal(got, want), "difference %d", i);
    mpq_set(got, b);
    owed_q_diff(got, a, got);
    ck_assert_msg(mpq_equal(got, want), "a - b into b %d", i);
    mpq_mul(want, a, b);
    mpq_set(got, a);
    owed_q_mul(got, got, b);
    ck_assert_msg(mpq_equal(got, want), "product %d", i);
    owed_q_init(fresh);
    owed_q_mul(fresh, a, b);
    ck_assert_msg(mpq_equal(fresh, want), "product into a new value %d", i);
    mpq_clear(fresh);
    if (mpq_sgn(b) != 0) {
        mpq_div(want, a, b);
        mpq_set(got, b);
        owed_q_div(got, a, got);
        ck_assert_msg(mpq_equal(got, want), "quotient %d", i);
    }
    ck_assert_int_eq(owed_q_cmp(a, b) > 0, mpq_cmp(a, b) > 0);
    ck_assert_int_eq(owed_q_cmp(a, b) < 0, mpq_cmp(a, b) < 0);
    mpq_clears(want, got, NULL);
}

/* The word sums and products (owed_q_aors_word, owed_q_mul_by_word) on every shape of
 * denominators they tell apart (equal, one dividing the other, one of them 1, neither),
 * with products, sums and denominators that overflow a word, sums of 0, and the edges of
 * the signed words; sums over denominators of several words, one dividing the other. */
START_TEST(test_word_shapes_agree_with_gmp)
{
    unsigned long long state = 8;
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    for (int i = 0; i < 20000; i++) {
        shaped_q(a, (unsigned long)(lcg_next(&state) % 100000) + 1, &state);
        shaped_q(b, mpz_get_ui(mpq_denref(a)), &state);
        if (i % 16 == 3)
            mpq_neg(b, a); /* sums of 0 */
        if (i % 16 == 5)
            mpq_set(b, a); /* a + a */
        check_against_gmp(a, b, i);
        check_against_gmp(b, a, i);
    }
    /* denominators of two and three words, one dividing the other (a rate's products)
       or not */
    for (int i = 0; i < 4000; i++) {
        unsigned long d1 = random_bits(&state) | 1, d2 = random_bits(&state) | 1;
        unsigned long k = (unsigned long)(lcg_next(&state) % 1000) + 2;
        mpz_set_ui(mpq_denref(a), d1);
        mpz_mul_ui(mpq_denref(a), mpq_denref(a), d2);
        mpz_set_ui(mpq_numref(a), random_bits(&state) | 1);
        if (i % 3 == 0)
            mpz_mul_2exp(mpq_numref(a), mpq_numref(a), 64);
        switch (i % 4) {
        case 0: /* a multiple */
            mpz_mul_ui(mpq_denref(b), mpq_denref(a), k);
            break;
        case 1: /* a divisor of a word */
            mpz_set_ui(mpq_denref(b), d1);
            break;
        case 2: /* a multiple of a word */
            mpz_mul_ui(mpq_denref(b), mpq_denref(a), random_bits(&state) | 1);
            break;
        default: /* unrelated */
            mpz_set_ui(mpq_denref(b), d2 + 2);
            mpz_mul_ui(mpq_denref(b), mpq_denref(b), k);
            break;
        }
        mpz_set_ui(mpq_numref(b), random_bits(&state) | 1);
        if (lcg_next(&state) & 1)
            mpz_neg(mpq_numref(a), mpq_numref(a));
        if (lcg_next(&state) & 1)
            mpz_neg(mpq_numref(b), mpq_numref(b));
        mpq_canonicalize(a);
        mpq_canonicalize(b);
        check_against_gmp(a, b, i);
        check_against_gmp(b, a, i);
        mpq_neg(b, a);
        mpz_mul_ui(mpq_denref(b), mpq_denref(b), k); /* -a / k: a + b not 0, often reducible */
        mpq_canonicalize(b);
        check_against_gmp(a, b, i);
    }
    /* sums reaching -2^63 and 2^63 (a word's magnitude, not a long's), and past them;
       denominators of a word's whole range */
    static const char *const edges[][2] = {
        {"-4611686018427387904", "-4611686018427387904"},
        {"-9223372036854775807", "-1"},
        {"9223372036854775807", "1"},
        {"9223372036854775807/3", "9223372036854775807/3"},
        {"-9223372036854775807/2", "-1/4"},
        {"18446744073709551615", "1"},
        {"18446744073709551615/2", "1/18446744073709551615"},
        {"4294967296/4294967297", "4294967297/4294967296"},
        {"1/18446744073709551615", "1/18446744073709551614"},
        /* denominators past a long's range: multipliers that are not longs */
        {"15/17032769973742306699", "3"},
        {"1/9223372036854775809", "1/3"},
        {"7/9223372036854775809", "5/9223372036854775809"},
    };
    for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
        ck_assert_int_eq(mpq_set_str(a, edges[e][0], 10), 0);
        ck_assert_int_eq(mpq_set_str(b, edges[e][1], 10), 0);
        check_against_gmp(a, b, (int)e);
        check_against_gmp(b, a, (int)e);
        mpq_neg(a, a);
        check_against_gmp(a, b, (int)e);
        check_against_gmp(b, a, (int)e);
    }
    mpq_clears(a, b, NULL);
}
END_TEST

static owed_replay *replay(owed_case *c, owed_date until)
{
    owed_replay *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_contract_replay(c, until, &r, &err), OWED_OK);
    ck_assert_msg(owed_replay_check_conservation(r, &err) == OWED_OK, "%s", err.text);
    return r;
}

/* 3,000 at 0.05 % a day for 21 days = 3000 x 0.0005 x 21 = 31.50. */
START_TEST(test_simple_interest_term)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2018-01-11\"",
                        "<loan id=\"L\" contracted=\"2017-12-21\" principal=\"3000.00\" due=\"2018-01-11\">"
                        "<interest rate=\"0.05%\" per=\"day\"/></loan>");
    owed_replay *r = replay(c, test_day("2018-01-11"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_INTEREST], "31.5");
    ck_assert_q(r->loans[0].balance[OWED_COMP_PRINCIPAL], "3000");
    ck_assert_q(r->loans[0].delivered, "3000");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* 1,000 nominal, 300 withheld up front, 700 delivered: principal booked 1,000,
 * withheld 300; 24 % a year on 365 for 21 days on 1,000 = 1000 x 0.24 x 21/365
 * = 5040/365 = 1008/73. */
START_TEST(test_upfront_withheld)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-11-25\"",
                        "<loan id=\"L\" contracted=\"2024-11-04\" principal=\"1000.00\" due=\"2024-11-25\">"
                        "<interest rate=\"24%\" per=\"year\"/>"
                        "<fee name=\"svc\" amount=\"300.00\" at=\"upfront\"/></loan>");
    owed_replay *r = replay(c, test_day("2024-11-25"));
    ck_assert_q(r->loans[0].delivered, "700");
    ck_assert_q(r->loans[0].withheld, "300");
    ck_assert_q(r->loans[0].balance[OWED_COMP_PRINCIPAL], "1000");
    ck_assert_q(r->loans[0].charged[OWED_COMP_INTEREST], "1008/73");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Interest withheld in advance (砍头息): nominal 20,000 contracted and delivered on
 * 2019-03-01, 1.5 % a month with 2,000 of interest withheld, so 18,000 delivered; as of
 * 2019-09-01 (31 + 30 + 31 + 30 + 31 + 31 = 184 days), no payments.  The lender charges
 * interest on the nominal principal: 1.5 % a month is 18 % a year, so
 *     20,000 x 18 % x 184/365 = 662400/365 = 132480/73 (1,814.79).
 * The 2,000 withheld is booked as withheld from the principal (principal 18,000 + 2,000
 * = 20,000) and as interest paid in advance (interest withheld 2,000, not money the
 * borrower paid; the interest balance starts at -2,000), and none of it as "withheld, not explained" (20,000 - 18,000 - 2,000 = 0):
 *     interest balance = 132480/73 - 2000 = -13520/73,
 *     balance = 20,000 + 662400/365 - 2,000 = 1446480/73 (19,814.79).
 * The cost view sees two flows only: the 18,000 received and the balance; the interest
 * paid in advance was never the borrower's money to pay.
 * With agreed="unclear" no rate accrues against the money kept back: 1,000 nominal, 100
 * withheld, 900 implied delivered; it stays withheld, the balance 1,000, nothing paid. */
START_TEST(test_interest_withheld_in_advance)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2019-09-01\"",
                             "<loan id=\"L\" contracted=\"2019-03-01\" principal=\"20000.00\" "
                             "due=\"2020-03-01\">"
                             "<disbursement date=\"2019-03-01\" amount=\"18000.00\"/>"
                             "<interest rate=\"1.5%\" per=\"month\" withheld=\"2000.00\"/></loan>");
    owed_replay *r = replay(c, test_day("2019-09-01"));
    const owed_loan_result *l = &r->loans[0];
    ck_assert_q(l->delivered, "18000");
    ck_assert_q(l->withheld, "2000");
    ck_assert_q(l->charged[OWED_COMP_INTEREST], "662400/365");
    ck_assert_q(l->charged[OWED_COMP_INTEREST], "132480/73");
    ck_assert_q(l->paid[OWED_COMP_INTEREST], "0"); /* nothing the borrower paid */
    ck_assert_q(l->interest_withheld, "2000");
    ck_assert_q(l->paid[OWED_COMP_PRINCIPAL], "0");
    ck_assert_q(l->balance[OWED_COMP_PRINCIPAL], "20000");
    ck_assert_q(l->balance[OWED_COMP_INTEREST], "-13520/73");
    mpq_t t;
    mpq_init(t);
    owed_loan_total(t, l);
    ck_assert_q(t, "1446480/73");
    size_t n_withheld = 0;
    for (size_t k = 0; k < r->ledger.n; k++)
        if (r->ledger.items[k].kind == OWED_POST_WITHHELD) {
            n_withheld++;
            ck_assert_q(r->ledger.items[k].amount, "2000");
        }
    ck_assert_uint_eq(n_withheld, 1); /* no "withheld, not explained" */
    owed_replay_free(r);
    owed_report *rep = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_report_build(c, c->as_of, NULL, 0, &rep, &err), OWED_OK);
    ck_assert_int_eq(rep->cost[0].n_flows, 2);
    owed_report_free(rep);
    owed_case_free(c);

    c = test_case("currency=\"CNY\" as-of=\"2019-09-01\"",
                  "<loan id=\"L\" contracted=\"2019-03-01\" principal=\"1000.00\" "
                  "due=\"2020-03-01\"><interest agreed=\"unclear\" withheld=\"100.00\"/></loan>");
    r = replay(c, test_day("2019-09-01"));
    l = &r->loans[0];
    ck_assert_q(l->delivered, "900");
    ck_assert_q(l->withheld, "100");
    ck_assert_q(l->charged[OWED_COMP_INTEREST], "0");
    ck_assert_q(l->paid[OWED_COMP_INTEREST], "0");
    owed_loan_total(t, l);
    ck_assert_q(t, "1000");
    mpq_clear(t);
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Fees: 20 at disbursement, 5 % of 1,000 at maturity (50), 0.50 a day during the 10-day
 * term (5.00), 3 every 4 days from the first day while in term (days 0, 4, 8: 9.00). */
START_TEST(test_fee_kinds)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"",
                        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
                        "<fee name=\"d\" amount=\"20.00\" at=\"disbursement\"/>"
                        "<fee name=\"m\" percent=\"5%\" at=\"maturity\"/>"
                        "<fee name=\"daily\" amount=\"0.50\" at=\"daily\"/>"
                        "<fee name=\"p\" amount=\"3.00\" at=\"period\" every-days=\"4\"/></loan>");
    owed_replay *r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "84"); /* 20 + 50 + 5 + 9 */
    owed_replay_free(r);
    /* Before maturity only the disbursement fee, 2 days of the daily fee and the period
     * fee of day 0 have been charged: 20 + 1 + 3. */
    r = replay(c, test_day("2024-01-03"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "24");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Overdue: due 2024-01-11, grace 2 days, 1 % a day on principal 1,000 from 2024-01-13;
 * to 2024-01-20 that is 7 days = 70.  Late fee 30 once, 2 a day: 30 + 7 x 2 = 44.
 * Interest 0.1 % a day stops at due: 10 days = 10. */
START_TEST(test_overdue_and_late_fees)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"",
                        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
                        "<interest rate=\"0.1%\" per=\"day\" after-due=\"stop\"/>"
                        "<overdue rate=\"1%\" per=\"day\" grace-days=\"2\"/>"
                        "<late-fee amount=\"30.00\"/><late-fee name=\"d\" amount=\"2.00\" per=\"day\"/>"
                        "</loan>");
    owed_replay *r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_INTEREST], "10");
    ck_assert_q(r->loans[0].charged[OWED_COMP_PENALTY], "70");
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "44");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Penalty on principal and interest: 1,000 at 0.1 % a day for 10 days = 10 interest due at
 * 2024-01-11; penalty 1 % a day on 1,010 for 5 days = 50.50.  Interest keeps running on
 * principal after the due date: 5 more days = 5. */
START_TEST(test_overdue_on_principal_and_interest)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-16\"",
                        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
                        "<interest rate=\"0.1%\" per=\"day\"/>"
                        "<overdue rate=\"1%\" per=\"day\" on=\"principal+interest\"/></loan>");
    owed_replay *r = replay(c, test_day("2024-01-16"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_INTEREST], "15");
    ck_assert_q(r->loans[0].charged[OWED_COMP_PENALTY], "50.5");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Payment order: 1,000 with 0.1 % a day, fee 50 at maturity; on the due date (10 days:
 * interest 10) the borrower pays 100.  Default order fee, penalty, interest, principal:
 * fee 50, interest 10, principal 40.  With the order "principal interest fee": all 100
 * to principal. */
START_TEST(test_payment_order)
{
    const char *loan =
        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
        "<interest rate=\"0.1%%\" per=\"day\"/><fee name=\"f\" amount=\"50.00\" at=\"maturity\"/>%s</loan>"
        "<payment date=\"2024-01-11\" amount=\"100.00\"/>";
    char body[1024];
    snprintf(body, sizeof body, loan, "");
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-11\"", body);
    owed_replay *r = replay(c, test_day("2024-01-11"));
    ck_assert_q(r->loans[0].paid[OWED_COMP_FEE], "50");
    ck_assert_q(r->loans[0].paid[OWED_COMP_INTEREST], "10");
    ck_assert_q(r->loans[0].paid[OWED_COMP_PRINCIPAL], "40");
    owed_replay_free(r);
    owed_case_free(c);
    snprintf(body, sizeof body, loan,
             "<payment-order>principal interest fee penalty cost</payment-order>");
    c = test_case("currency=\"CNY\" as-of=\"2024-01-11\"", body);
    r = replay(c, test_day("2024-01-11"));
    ck_assert_q(r->loans[0].paid[OWED_COMP_PRINCIPAL], "100");
    ck_assert_q(r->loans[0].balance[OWED_COMP_FEE], "50");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* An early payoff settles the maturity fee too: 1,000, 0.1 % a day, fee 50 at maturity
 * (2024-01-11); paid 1,055 on 2024-01-06 (5 days: interest 5): everything settled, the fee
 * charged on the payoff day, nothing left. */
START_TEST(test_early_payoff_charges_maturity_fee)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-02-01\"",
                        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
                        "<interest rate=\"0.1%\" per=\"day\"/><fee name=\"f\" amount=\"50.00\" at=\"maturity\"/></loan>"
                        "<payment date=\"2024-01-06\" amount=\"1055.00\" loan=\"L\"/>");
    owed_replay *r = replay(c, test_day("2024-02-01"));
    mpq_t t;
    mpq_init(t);
    owed_loan_total(t, &r->loans[0]);
    ck_assert_q(t, "0");
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "50");
    ck_assert_q(r->loans[0].overpaid, "0");
    mpq_clear(t);
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Extension: due moved from 2024-01-11 to 2024-01-21 on 2024-01-10 for a fee of 30; the
 * penalty (1 % a day) does not start until the new due date; to 2024-01-23: 2 days = 20. */
START_TEST(test_extension)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-23\"",
                        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
                        "<overdue rate=\"1%\" per=\"day\"/></loan>"
                        "<extension date=\"2024-01-10\" loan=\"L\" due=\"2024-01-21\" fee=\"30.00\"/>");
    owed_replay *r = replay(c, test_day("2024-01-23"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "30");
    ck_assert_q(r->loans[0].charged[OWED_COMP_PENALTY], "20");
    ck_assert_int_eq(r->loans[0].due, test_day("2024-01-21"));
    ck_assert_int_eq(r->loans[0].extensions, 1);
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* A loan settled for good (paid off early, its one-off late fee decided on its first
 * overdue day: principal was 0 then, so none) is left out of the day loop while its
 * borrower's other loan accrues, and taken back for the events that name it.
 * A: 1,000 at 0.1 % a day from 01-01, due 01-31, a one-off late fee of 20; paid 1,010 on
 * 01-11 (10 days' interest, 10, then the principal).  Extended on 02-10 to 03-10 for a fee
 * of 30, which a payment of 30 on 02-20 settles: no late fee (decided on 01-31), no
 * interest after 01-11.  B: 2,000 at 0.1 % a day from 01-01: 60 days to 03-01 (2024 is a
 * leap year), 120. */
START_TEST(test_settled_loan_taken_back_for_its_events)
{
    owed_case *c = test_case(
        "currency=\"CNY\" as-of=\"2024-03-01\"",
        "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-31\">"
        "<interest rate=\"0.1%\" per=\"day\"/><late-fee amount=\"20.00\"/></loan>"
        "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"2000.00\" due=\"2024-03-01\">"
        "<interest rate=\"0.1%\" per=\"day\"/></loan>"
        "<payment date=\"2024-01-11\" amount=\"1010.00\" loan=\"A\"/>"
        "<extension date=\"2024-02-10\" loan=\"A\" due=\"2024-03-10\" fee=\"30.00\"/>"
        "<payment date=\"2024-02-20\" amount=\"30.00\" loan=\"A\"/>");
    owed_replay *r = replay(c, test_day("2024-03-01"));
    const owed_loan_result *a = &r->loans[0], *b = &r->loans[1];
    ck_assert_q(a->charged[OWED_COMP_INTEREST], "10");
    ck_assert_q(a->charged[OWED_COMP_FEE], "30");
    ck_assert_q(a->paid[OWED_COMP_PRINCIPAL], "1000");
    ck_assert_q(a->paid[OWED_COMP_INTEREST], "10");
    ck_assert_q(a->paid[OWED_COMP_FEE], "30");
    ck_assert_q(a->total, "0");
    ck_assert_int_eq(a->due, test_day("2024-03-10"));
    ck_assert_int_eq(a->extensions, 1);
    ck_assert_q(b->charged[OWED_COMP_INTEREST], "120");
    ck_assert_q(b->total, "2120");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Undesignated payment across three loans (Civil Code art. 560 order): A due 01-11 and
 * B due 01-11 are due on 01-15, C (due 02-01) is not.  Payment 1,500: A and B tie and share
 * pro rata to what each owes (A 1,000, B 500 → all of both would take 1,500: both settled),
 * C gets nothing.  Payment 600 on a second day with A 1,000, B 500 owed splits 400 / 200. */
START_TEST(test_allocation_across_loans)
{
    const char *loans =
        "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\"/>"
        "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"500.00\" due=\"2024-01-11\"/>"
        "<loan id=\"C\" contracted=\"2024-01-01\" principal=\"300.00\" due=\"2024-02-01\"/>";
    char body[1024];
    snprintf(body, sizeof body, "%s<payment date=\"2024-01-15\" amount=\"1500.00\"/>", loans);
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"", body);
    owed_replay *r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].paid[OWED_COMP_PRINCIPAL], "1000");
    ck_assert_q(r->loans[1].paid[OWED_COMP_PRINCIPAL], "500");
    ck_assert_q(r->loans[2].paid[OWED_COMP_PRINCIPAL], "0");
    owed_replay_free(r);
    owed_case_free(c);
    snprintf(body, sizeof body, "%s<payment date=\"2024-01-15\" amount=\"600.00\"/>", loans);
    c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"", body);
    r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].paid[OWED_COMP_PRINCIPAL], "400");
    ck_assert_q(r->loans[1].paid[OWED_COMP_PRINCIPAL], "200");
    ck_assert_q(r->loans[2].paid[OWED_COMP_PRINCIPAL], "0");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* A payment beyond everything owed is a credit: 1,000 owed, 1,200 paid → -200. */
START_TEST(test_overpayment)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"",
                        "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\"/>"
                        "<payment date=\"2024-01-11\" amount=\"1200.00\" loan=\"A\"/>");
    owed_replay *r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].overpaid, "200");
    ck_assert_q(r->loans[0].balance[OWED_COMP_PRINCIPAL], "-200");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Monthly rate on a 360 basis: 1.5 % a month = 0.0005 a day; 10 days on 300,000 = 1,500
 * (the JPY sample's first run). Actual basis across a year end: 36.5 % a year on 1,000
 * from 2023-12-30 to 2024-01-02: 2/365 x 365 + 1/366 x 365 = 2 + 365/366 days of 1. */
START_TEST(test_rate_periods_and_bases)
{
    owed_case *c = test_case("currency=\"JPY\" as-of=\"2025-04-11\"",
                        "<loan id=\"A\" contracted=\"2025-04-01\" principal=\"300000\" due=\"2025-06-30\">"
                        "<interest rate=\"1.5%\" per=\"month\" basis=\"360\"/></loan>");
    owed_replay *r = replay(c, test_day("2025-04-11"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_INTEREST], "1500");
    owed_replay_free(r);
    owed_case_free(c);
    c = test_case("currency=\"CNY\" as-of=\"2024-01-02\"",
             "<loan id=\"A\" contracted=\"2023-12-30\" principal=\"1000.00\" due=\"2024-06-30\">"
             "<interest rate=\"36.5%\" per=\"year\" basis=\"actual\"/></loan>");
    r = replay(c, test_day("2024-01-02"));
    /* 1000 x 0.365 x (2/365 + 1/366) = 2 + 365/366 = 1097/366 */
    ck_assert_q(r->loans[0].charged[OWED_COMP_INTEREST], "1097/366");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Money is conserved at every posting of every sample, and at every weekly as-of date. */
START_TEST(test_samples_conserve_money)
{
    const char *top = getenv("top_srcdir");
    const char *names[] = {"seed-xian-2018.xml", "cash-loan-withheld.xml", "jpy-tranches.xml"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/samples/%s", top ? top : ".", names[i]);
        owed_case *c = NULL;
        owed_error err;
        owed_error_clear(&err);
        ck_assert_msg(owed_case_read_file(path, test_schema(), &c, &err) == OWED_OK, "%s: %s", path,
                      err.text);
        owed_date first = c->loans[0].contracted;
        for (owed_date d = first; d <= c->as_of; d += 7) {
            owed_replay *r = replay(c, d);
            owed_replay_free(r);
        }
        owed_replay_free(replay(c, c->as_of));
        owed_case_free(c);
    }
}
END_TEST

/* Paying more never raises what is owed: the seed sample with each payment raised by 100
 * owes, at the as-of date, no more than the sample itself, loan by loan in total. */
START_TEST(test_paying_more_never_owes_more)
{
    const char *body =
        "<loan id=\"L2\" contracted=\"2017-12-17\" principal=\"3200.00\" term-days=\"21\">"
        "<interest rate=\"0.05%%\" per=\"day\"/><fee name=\"s\" percent=\"5%%\" at=\"maturity\"/>"
        "<overdue rate=\"0.5%%\" per=\"day\"/></loan>"
        "<loan id=\"L3\" contracted=\"2017-12-19\" principal=\"800.00\" term-days=\"21\">"
        "<interest rate=\"0.05%%\" per=\"day\"/><overdue rate=\"0.5%%\" per=\"day\"/></loan>"
        "<payment date=\"2018-01-08\" amount=\"%d.00\"/><payment date=\"2018-02-09\" amount=\"%d.00\"/>"
        "<payment date=\"2018-03-05\" amount=\"%d.00\" loan=\"L3\"/>";
    mpq_t before, after;
    mpq_inits(before, after, NULL);
    for (int extra = 0; extra <= 2000; extra += 250) {
        char text[2048];
        snprintf(text, sizeof text, body, 600 + extra, 500 + extra, 400 + extra);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2018-06-10\"", text);
        owed_replay *r = replay(c, c->as_of);
        mpq_set_ui(after, 0, 1);
        for (size_t i = 0; i < r->n_loans; i++) {
            mpq_t t;
            mpq_init(t);
            owed_loan_total(t, &r->loans[i]);
            mpq_add(after, after, t);
            mpq_clear(t);
        }
        if (extra > 0)
            ck_assert_msg(mpq_cmp(after, before) <= 0, "paying %d more raised the balance", extra);
        mpq_set(before, after);
        owed_replay_free(r);
        owed_case_free(c);
    }
    mpq_clears(before, after, NULL);
}
END_TEST

/* The one-off late fee is decided on the first overdue day (the due date in force plus any
 * grace days): charged when principal is still outstanding after that day's payments, and
 * never later.  L: 1,000 nominal, 500 delivered on 2024-01-01 and 500 on 2024-01-15, due
 * 2024-01-11 (grace 0), fee 50 at maturity, late fee 30 once; 500 paid to L on 2024-01-05.
 *   2024-01-05: payoff 500 + maturity fee 50 = 550 > 500, so the fee is not charged early;
 *               500 to principal: principal 0.
 *   2024-01-11 (due date, first overdue day): fee 50 charged; principal 0 after the day's
 *               payments: only a fee charged that day is unpaid, no late fee.
 *   2024-01-15: second tranche 500: principal 500, but the first overdue day has passed.
 * As of 2024-01-20: fees charged 50 (the code before the fix charged the late fee on
 * 2024-01-15: 80); balance 500 + 50 = 550 (before: 580).
 * A loan of 500 delivered at once and repaid the same way owes only the maturity fee on
 * its first overdue day: no late fee; fees 50, balance 50 (so before the fix too). */
START_TEST(test_late_fee_once_first_overdue_day_only)
{
    const char *body =
        "<loan id=\"L\" contracted=\"2024-01-01\" principal=\"%s\" due=\"2024-01-11\">"
        "<disbursement date=\"2024-01-01\" amount=\"500.00\"/>%s"
        "<fee name=\"m\" amount=\"50.00\" at=\"maturity\"/><late-fee amount=\"30.00\"/></loan>"
        "<payment date=\"2024-01-05\" amount=\"500.00\" loan=\"L\"/>";
    char text[1024];
    mpq_t t;
    mpq_init(t);
    snprintf(text, sizeof text, body, "1000.00",
             "<disbursement date=\"2024-01-15\" amount=\"500.00\"/>");
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"", text);
    owed_replay *r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "50");
    owed_loan_total(t, &r->loans[0]);
    ck_assert_q(t, "550");
    owed_replay_free(r);
    owed_case_free(c);
    snprintf(text, sizeof text, body, "500.00", "");
    c = test_case("currency=\"CNY\" as-of=\"2024-01-20\"", text);
    r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "50");
    owed_loan_total(t, &r->loans[0]);
    ck_assert_q(t, "50");
    owed_replay_free(r);
    owed_case_free(c);
    mpq_clear(t);
}
END_TEST

/* A loan whose credit covers what it owes takes no share of an undesignated payment; the
 * split sees what each loan owes net of its credit.
 *   A: 1,000 from 2024-01-01, due 2024-01-11; 1,200 paid to A on 2024-01-05: 1,000 to
 *      principal, 200 nobody takes (B has not started): credit, A's principal -200.
 *   B: 1,000 from 2024-01-15, due 2024-03-01.
 *   2024-01-20: the lender charges A a cost of 100: A owes 100 - 200 = -100 net, nothing.
 *   2024-01-25: 300 undesignated.  A (due) ranks before B (not due), but owes nothing net:
 *      all 300 to B.
 * As of 2024-01-31: A principal -200, cost 100 (total -100); B principal 700.  Before the
 * fix A took 100 for its cost (A total -200, cost 0) and B only 200 (principal 800). */
START_TEST(test_credit_nets_what_a_loan_owes)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-31\"",
                             "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\"/>"
                             "<loan id=\"B\" contracted=\"2024-01-15\" principal=\"1000.00\" due=\"2024-03-01\"/>"
                             "<payment date=\"2024-01-05\" amount=\"1200.00\" loan=\"A\"/>"
                             "<charge date=\"2024-01-20\" loan=\"A\" amount=\"100.00\" component=\"cost\"/>"
                             "<payment date=\"2024-01-25\" amount=\"300.00\"/>");
    owed_replay *r = replay(c, test_day("2024-01-31"));
    ck_assert_q(r->loans[0].balance[OWED_COMP_PRINCIPAL], "-200");
    ck_assert_q(r->loans[0].balance[OWED_COMP_COST], "100");
    ck_assert_q(r->loans[0].paid[OWED_COMP_COST], "0");
    ck_assert_q(r->loans[1].balance[OWED_COMP_PRINCIPAL], "700");
    ck_assert_q(r->loans[1].paid[OWED_COMP_PRINCIPAL], "300");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* What a loan does not take of its share goes on to the loans that still owe; only what
 * nobody takes is a credit.  The path: before the due date a loan's payoff counts its fee
 * due at maturity, but apply_to_loan charges that fee only when the amount settles the
 * loan in full, so a share between the balance and the payoff is not all taken.
 *   A: 1,000 from 2024-01-01, due 2024-02-01, fee 50 at maturity: payoff 1,050.
 *   B: 1,050 from 2024-01-01, due 2024-02-01: payoff 1,050.
 *   2024-01-10: 2,060 undesignated; A and B tie (not due, same due date) and owe 2,100:
 *      1,030 each.  A's 1,030 < 1,050: the fee is not charged, A takes its principal
 *      1,000; B takes 1,030 and still owes 20.
 *      The 30 A left goes on: A owes nothing now, B takes 20; the 10 left is a credit on
 *      A (started first; same day, id A sorts first).
 * As of 2024-01-20: A principal -10, B principal 0.  Before the fix the 30 became A's
 * credit at once: A -30, B 20.  As of 2024-02-05 A owes 50 - 10 = 40, B nothing. */
/* A payment marked as paid for charges never goes to principal in the contract view: the
 * W3 facts (nominal 50,000 from 2016-03-01 at 30 % a year, 5,000 of interest withheld in
 * advance, 45,000 delivered), and 5,000 paid on 2016-07-01 with a receipt for interest.
 * Interest on the nominal principal to 2016-07-01 (122 days): 50,000 x 0.3 x 122/365 =
 * 366000/73 (5,013.70); the 5,000 withheld paid for 5,000 of it, so 1000/73 (13.70) is due;
 * the payment pays it, and the other 5,000 - 1000/73 = 364000/73 (4,986.30) is interest paid
 * ahead: interest balance 366000/73 - 10,000 = -364000/73, principal still 50,000.  The same
 * payment unmarked pays 4,986.30 of principal instead. */
START_TEST(test_payment_for_charges_keeps_principal)
{
    const char *body = "<loan id=\"W3\" contracted=\"2016-03-01\" principal=\"50000.00\" "
                       "due=\"2017-03-01\"><disbursement date=\"2016-03-01\" amount=\"45000.00\"/>"
                       "<interest rate=\"30%%\" per=\"year\" withheld=\"5000.00\"/></loan>"
                       "<payment date=\"2016-07-01\" amount=\"5000.00\" loan=\"W3\"%s/>";
    char text[1024];
    for (int marked = 0; marked < 2; marked++) {
        snprintf(text, sizeof text, body, marked ? " for=\"charges\"" : "");
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2016-07-01\"", text);
        owed_replay *r = replay(c, c->as_of);
        const owed_loan_result *l = &r->loans[0];
        ck_assert_q(l->charged[OWED_COMP_INTEREST], "366000/73");
        if (marked) {
            ck_assert_q(l->balance[OWED_COMP_PRINCIPAL], "50000");
            ck_assert_q(l->balance[OWED_COMP_INTEREST], "-364000/73");
        } else {
            ck_assert_q(l->balance[OWED_COMP_PRINCIPAL], "3286000/73"); /* 50,000 - 364000/73 */
            ck_assert_q(l->balance[OWED_COMP_INTEREST], "0");
        }
        owed_error err;
        owed_error_clear(&err);
        ck_assert_int_eq(owed_replay_check_conservation(r, &err), OWED_OK);
        owed_replay_free(r);
        owed_case_free(c);
    }
}
END_TEST

START_TEST(test_share_not_taken_goes_on)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-02-05\"",
                             "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-02-01\">"
                             "<fee name=\"m\" amount=\"50.00\" at=\"maturity\"/></loan>"
                             "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"1050.00\" due=\"2024-02-01\"/>"
                             "<payment date=\"2024-01-10\" amount=\"2060.00\"/>");
    owed_replay *r = replay(c, test_day("2024-01-20"));
    ck_assert_q(r->loans[0].balance[OWED_COMP_PRINCIPAL], "-10");
    ck_assert_q(r->loans[0].overpaid, "10");
    ck_assert_q(r->loans[1].balance[OWED_COMP_PRINCIPAL], "0");
    ck_assert_q(r->loans[1].paid[OWED_COMP_PRINCIPAL], "1050");
    owed_replay_free(r);
    r = replay(c, test_day("2024-02-05"));
    mpq_t t;
    mpq_init(t);
    owed_loan_total(t, &r->loans[0]);
    ck_assert_q(t, "40");
    owed_loan_total(t, &r->loans[1]);
    ck_assert_q(t, "0");
    mpq_clear(t);
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* Each payment is allocated when it is made (art. 560), and before its due date a loan pays
 * its fee due at maturity only when one payment settles it in full (owed(1),
 * CONVENTIONS).  So one payment and the same money paid as two on the same day may differ
 * (found by tests/check_properties, OWED_SEED=20261210 case 888):
 *   A: 1,000 from 2024-01-01, due 2024-02-01, 0.1 % a day, fee 50 at maturity.
 *   B: 1,000 from 2024-01-01, due 2024-03-01, 0.05 % a day.
 *   2024-01-11, 10 days: A owes interest 10, B 5; neither is due, A is the more burdensome.
 *   One payment of 1,500: A's payoff 1,000 + 10 + 50 = 1,060 is covered: the fee is charged
 *      that day and A is settled; B takes 440: interest 5, principal 435 (565 left).
 *   1,030 + 470: the first covers A's 1,010 but not the fee: A takes 1,010, the 20 left
 *      goes to B (interest 5, principal 15); A then owes nothing until 2024-02-01, so the 470
 *      all go to B's principal (515 left).  The fee of 50 is charged on 2024-02-01, unpaid.
 * As of 2024-02-05 (B accrues 25 days at 0.05 %): one payment: A 0, B 565 + 7.0625;
 * two: A 50, B 515 + 6.4375. */
START_TEST(test_same_day_payments_are_allocated_one_by_one)
{
    const char *body =
        "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-02-01\">"
        "<interest rate=\"0.1%%\" per=\"day\"/><fee name=\"m\" amount=\"50.00\" at=\"maturity\"/></loan>"
        "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-03-01\">"
        "<interest rate=\"0.05%%\" per=\"day\"/></loan>%s";
    const char *pays[2] = {"<payment date=\"2024-01-11\" amount=\"1500.00\"/>",
                           "<payment date=\"2024-01-11\" amount=\"1030.00\"/>"
                           "<payment date=\"2024-01-11\" amount=\"470.00\"/>"};
    const char *a_total[2] = {"0", "50"}, *b_principal[2] = {"565", "515"},
               *b_total[2] = {"572.0625", "521.4375"}, *fee_day[2] = {"2024-01-11", "2024-02-01"};
    char text[1024];
    mpq_t t;
    mpq_init(t);
    for (int split = 0; split < 2; split++) {
        snprintf(text, sizeof text, body, pays[split]);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-02-05\"", text);
        owed_replay *r = replay(c, test_day("2024-02-05"));
        ck_assert_q(r->loans[0].charged[OWED_COMP_FEE], "50");
        ck_assert_q(r->loans[0].paid[OWED_COMP_FEE], split ? "0" : "50");
        owed_loan_total(t, &r->loans[0]);
        ck_assert_q(t, a_total[split]);
        ck_assert_q(r->loans[1].balance[OWED_COMP_PRINCIPAL], b_principal[split]);
        owed_loan_total(t, &r->loans[1]);
        ck_assert_q(t, b_total[split]);
        int fees = 0;
        for (size_t k = 0; k < r->ledger.n; k++) {
            const owed_posting *p = &r->ledger.items[k];
            if (p->kind == OWED_POST_CHARGE && p->component == OWED_COMP_FEE) {
                ck_assert_int_eq(p->loan, 0);
                ck_assert_int_eq(p->date, test_day(fee_day[split]));
                fees++;
            }
        }
        ck_assert_int_eq(fees, 1);
        owed_replay_free(r);
        owed_case_free(c);
    }
    mpq_clear(t);
}
END_TEST

/* owed_allocate_across on its own: ranks and pro-rata split are exact. */
START_TEST(test_allocate_pro_rata_exact)
{
    mpq_t owed[3], shares[3], amount, left;
    for (int i = 0; i < 3; i++)
        mpq_inits(owed[i], shares[i], NULL);
    mpq_inits(amount, left, NULL);
    mpq_set_ui(owed[0], 100, 1);
    mpq_set_ui(owed[1], 200, 1);
    mpq_set_ui(owed[2], 50, 1);
    owed_debt d[3] = {{1, 10, (const mpq_t *)&owed[0], NULL},
                      {1, 10, (const mpq_t *)&owed[1], NULL},
                      {0, 5, (const mpq_t *)&owed[2], NULL}};
    mpq_set_ui(amount, 100, 1);
    owed_allocate_across(3, d, amount, shares, left);
    ck_assert_q(shares[0], "100/3");
    ck_assert_q(shares[1], "200/3");
    ck_assert_q(shares[2], "0"); /* not due: waits although its due date is earlier */
    ck_assert_q(left, "0");
    mpq_set_ui(amount, 400, 1);
    owed_allocate_across(3, d, amount, shares, left);
    ck_assert_q(shares[2], "50");
    ck_assert_q(left, "50");
    for (int i = 0; i < 3; i++)
        mpq_clears(owed[i], shares[i], NULL);
    mpq_clears(amount, left, NULL);
}
END_TEST

/* Civil Code art. 560, most burdensome: two loans of 1,000.00 lent on 2024-01-01, A at
 * 0.05 % a day due 2024-01-11, B at 0.1 % a day due 2024-01-16, no other charges; 1,500.00
 * paid without designation on 2024-03-14, when both are due.  Interest for the 73 days
 * 2024-01-01 .. 2024-03-13 (31 + 29 + 13): A 1000 x 0.0005 x 73 = 36.50, B 1000 x 0.001 x 73
 * = 73.00.  Both are due, so the next criterion is the burden: B's 0.1 % a day beats A's
 * 0.05 %, and B takes all it owes, 1,073.00 (interest 73.00, principal 1,000.00), although A
 * fell due first; A takes the rest, 427.00: interest 36.50, principal 390.50, leaving
 * 609.50.  B's payment postings say most-burdensome; A's none (the only loan left owing).
 * With equal rates (both 0.05 %: 1,036.50 each) the tie on burden falls to the earlier due
 * date: A takes 1,036.50 (earliest-due) and B 463.50 (interest 36.50, principal 427.00). */
/* Every payment posting of loan `loan` says `decided`, those of the other loans `other`;
 * no other posting says anything. */
static void assert_allocation(const owed_replay *r, size_t loan, owed_alloc_decider decided,
                              owed_alloc_decider other)
{
    for (size_t k = 0; k < r->ledger.n; k++) {
        const owed_posting *p = &r->ledger.items[k];
        if (p->kind == OWED_POST_PAYMENT)
            ck_assert_int_eq(p->allocation, p->loan == loan ? decided : other);
        else
            ck_assert_int_eq(p->allocation, OWED_DECIDED_NONE);
    }
}

START_TEST(test_undesignated_most_burdensome_first)
{
    static const char *const fmt =
        "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
        "<interest rate=\"0.05%%\" per=\"day\"/></loan>"
        "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-16\">"
        "<interest rate=\"%s\" per=\"day\"/></loan>"
        "<payment date=\"2024-03-14\" amount=\"1500.00\"/>";
    char body[1024];
    snprintf(body, sizeof body, fmt, "0.1%");
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-03-14\"", body);
    owed_replay *r = replay(c, test_day("2024-03-14"));
    ck_assert_q(r->loans[1].paid[OWED_COMP_INTEREST], "73");
    ck_assert_q(r->loans[1].paid[OWED_COMP_PRINCIPAL], "1000");
    ck_assert_q(r->loans[1].balance[OWED_COMP_PRINCIPAL], "0");
    ck_assert_q(r->loans[0].paid[OWED_COMP_INTEREST], "36.5");
    ck_assert_q(r->loans[0].paid[OWED_COMP_PRINCIPAL], "390.5");
    ck_assert_q(r->loans[0].balance[OWED_COMP_PRINCIPAL], "609.5");
    assert_allocation(r, 1, OWED_DECIDED_MOST_BURDENSOME, OWED_DECIDED_NONE);
    owed_replay_free(r);
    owed_case_free(c);

    snprintf(body, sizeof body, fmt, "0.05%");
    c = test_case("currency=\"CNY\" as-of=\"2024-03-14\"", body);
    r = replay(c, test_day("2024-03-14"));
    ck_assert_q(r->loans[0].paid[OWED_COMP_INTEREST], "36.5");
    ck_assert_q(r->loans[0].paid[OWED_COMP_PRINCIPAL], "1000");
    ck_assert_q(r->loans[1].paid[OWED_COMP_INTEREST], "36.5");
    ck_assert_q(r->loans[1].paid[OWED_COMP_PRINCIPAL], "427");
    ck_assert_q(r->loans[1].balance[OWED_COMP_PRINCIPAL], "573");
    assert_allocation(r, 0, OWED_DECIDED_EARLIEST_DUE, OWED_DECIDED_NONE);
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* A designated payment's postings say designated; so does the credit it leaves. */
START_TEST(test_designated_postings_say_so)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-10\"",
                             "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"100.00\" due=\"2024-02-01\"/>"
                             "<payment date=\"2024-01-10\" amount=\"120.00\" loan=\"A\"/>");
    owed_replay *r = replay(c, test_day("2024-01-10"));
    int seen = 0;
    for (size_t k = 0; k < r->ledger.n; k++) {
        const owed_posting *p = &r->ledger.items[k];
        if (p->kind == OWED_POST_PAYMENT || p->kind == OWED_POST_OVERPAYMENT) {
            ck_assert_int_eq(p->allocation, OWED_DECIDED_DESIGNATED);
            seen++;
        }
    }
    ck_assert_int_eq(seen, 2); /* 100.00 to principal, 20.00 credit */
    ck_assert_str_eq(owed_alloc_decider_name(OWED_DECIDED_DESIGNATED), "designated");
    ck_assert_str_eq(owed_alloc_decider_name(OWED_DECIDED_MOST_BURDENSOME), "most-burdensome");
    ck_assert_str_eq(owed_alloc_decider_name(OWED_DECIDED_NONE), "none");
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* The burden measure, daily-cost: the rates that run on the payment day, each as a daily
 * rate.  L1: 36.5 % a year on 365 days = 0.001 a day; from its due date (2024-01-11) plus 3
 * grace days on, its overdue rate 0.5 % a day too: 0.006.  L2: 1.5 % a month on 360 days =
 * 0.015 x 12 / 360 = 0.0005 a day; its interest stops at the due date, and it has no
 * overdue rate: 0 after it.  L3: 36.6 % a year on the actual basis in 2024 (366 days) =
 * 0.001 a day; a daily fee is not counted.  No principal outstanding: 0. */
START_TEST(test_burden_daily_cost)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-02-01\"",
                             "<loan id=\"L1\" contracted=\"2024-01-01\" principal=\"100.00\" due=\"2024-01-11\">"
                             "<interest rate=\"36.5%\" per=\"year\"/>"
                             "<overdue rate=\"0.5%\" per=\"day\" on=\"principal\" grace-days=\"3\"/></loan>"
                             "<loan id=\"L2\" contracted=\"2024-01-01\" principal=\"100.00\" due=\"2024-01-11\">"
                             "<interest rate=\"1.5%\" per=\"month\" basis=\"360\" after-due=\"stop\"/></loan>"
                             "<loan id=\"L3\" contracted=\"2024-01-01\" principal=\"100.00\" due=\"2024-01-11\">"
                             "<interest rate=\"36.6%\" per=\"year\" basis=\"actual\"/>"
                             "<fee name=\"daily\" amount=\"1.00\" at=\"daily\"/></loan>");
    mpq_t b;
    mpq_init(b);
    const owed_loan *L = c->loans;
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[0], L[0].due, test_day("2024-01-05"), 1);
    ck_assert_q(b, "1/1000");
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[0], L[0].due, test_day("2024-01-13"), 1);
    ck_assert_q(b, "1/1000"); /* still in grace */
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[0], L[0].due, test_day("2024-01-14"), 1);
    ck_assert_q(b, "6/1000");
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[0], L[0].due, test_day("2024-01-14"), 0);
    ck_assert_q(b, "0");
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[1], L[1].due, test_day("2024-01-10"), 1);
    ck_assert_q(b, "1/2000");
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[1], L[1].due, test_day("2024-01-11"), 1);
    ck_assert_q(b, "0");
    owed_burden(b, OWED_BURDEN_DAILY_COST, &L[2], L[2].due, test_day("2024-01-20"), 1);
    ck_assert_q(b, "1/1000");
    mpq_clear(b);
    owed_case_free(c);
}
END_TEST

/* owed_allocate_ordered: the steps in a given order, and what decided each share.
 * D0 due 10, burden 1/1000, owes 100; D1 and D2 due 5, burden 1/2000, owe 100 each (a tie on
 * every step); D3 not due yet (due 30), burden 1/100, owes 50.
 *  - default order (due, most-burdensome, earliest-due, pro-rata), 150: D0 100 (ahead of the
 *    tie by burden), D1 25 and D2 25 (pro rata), D3 nothing (not due: due);
 *  - due, earliest-due, pro-rata (no burden), 150: D1 75, D2 75 (pro rata), D0 nothing
 *    (earliest-due), D3 nothing (due);
 *  - least-secured, earliest-due (security never decides), 150: D1 75, D2 75 (pro rata), D0
 *    nothing (earliest-due), D3 nothing (earliest-due);
 *  - most-burdensome, earliest-due (no due step), 150: D3 50, D0 100 (both ahead of D1 and
 *    D2 by burden, which take nothing, behind D0 by burden);
 *  - any order, 1,000: everyone in full, 650 left, nothing decided. */
START_TEST(test_allocate_ordered_deciders)
{
    mpq_t owed[4], burden[4], shares[4], amount, left;
    for (int i = 0; i < 4; i++)
        mpq_inits(owed[i], burden[i], shares[i], NULL);
    mpq_inits(amount, left, NULL);
    mpq_set_ui(owed[0], 100, 1);
    mpq_set_ui(owed[1], 100, 1);
    mpq_set_ui(owed[2], 100, 1);
    mpq_set_ui(owed[3], 50, 1);
    mpq_set_ui(burden[0], 1, 1000);
    mpq_set_ui(burden[1], 1, 2000);
    mpq_set_ui(burden[2], 1, 2000);
    mpq_set_ui(burden[3], 1, 100);
    owed_debt d[4] = {{1, 10, (const mpq_t *)&owed[0], (const mpq_t *)&burden[0]},
                      {1, 5, (const mpq_t *)&owed[1], (const mpq_t *)&burden[1]},
                      {1, 5, (const mpq_t *)&owed[2], (const mpq_t *)&burden[2]},
                      {0, 30, (const mpq_t *)&owed[3], (const mpq_t *)&burden[3]}};
    owed_alloc_decider by[4];
    mpq_set_ui(amount, 150, 1);

    owed_allocate_ordered(4, d, NULL, 0, NULL, amount, NULL, shares, left, by);
    ck_assert_q(shares[0], "100");
    ck_assert_q(shares[1], "25");
    ck_assert_q(shares[2], "25");
    ck_assert_q(shares[3], "0");
    ck_assert_q(left, "0");
    ck_assert_int_eq(by[0], OWED_DECIDED_MOST_BURDENSOME);
    ck_assert_int_eq(by[1], OWED_DECIDED_PRO_RATA);
    ck_assert_int_eq(by[2], OWED_DECIDED_PRO_RATA);
    ck_assert_int_eq(by[3], OWED_DECIDED_DUE);

    static const owed_alloc_step no_burden[] = {OWED_ALLOC_DESIGNATED, OWED_ALLOC_DUE,
                                                OWED_ALLOC_EARLIEST_DUE, OWED_ALLOC_PRO_RATA};
    owed_allocate_ordered(4, d, no_burden, 4, NULL, amount, NULL, shares, left, by);
    ck_assert_q(shares[0], "0");
    ck_assert_q(shares[1], "75");
    ck_assert_q(shares[2], "75");
    ck_assert_q(shares[3], "0");
    ck_assert_int_eq(by[0], OWED_DECIDED_EARLIEST_DUE);
    ck_assert_int_eq(by[1], OWED_DECIDED_PRO_RATA);
    ck_assert_int_eq(by[2], OWED_DECIDED_PRO_RATA);
    ck_assert_int_eq(by[3], OWED_DECIDED_DUE);

    static const owed_alloc_step security[] = {OWED_ALLOC_LEAST_SECURED, OWED_ALLOC_EARLIEST_DUE};
    owed_allocate_ordered(4, d, security, 2, NULL, amount, NULL, shares, left, by);
    ck_assert_q(shares[1], "75");
    ck_assert_q(shares[2], "75");
    ck_assert_int_eq(by[0], OWED_DECIDED_EARLIEST_DUE);
    ck_assert_int_eq(by[1], OWED_DECIDED_PRO_RATA);
    ck_assert_int_eq(by[3], OWED_DECIDED_EARLIEST_DUE);

    static const owed_alloc_step burden_first[] = {OWED_ALLOC_MOST_BURDENSOME,
                                                   OWED_ALLOC_EARLIEST_DUE};
    owed_allocate_ordered(4, d, burden_first, 2, NULL, amount, NULL, shares, left, by);
    ck_assert_q(shares[3], "50");
    ck_assert_q(shares[0], "100");
    ck_assert_q(shares[1], "0");
    ck_assert_q(shares[2], "0");
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(by[i], OWED_DECIDED_MOST_BURDENSOME);

    mpq_set_ui(amount, 1000, 1);
    owed_allocate_ordered(4, d, NULL, 0, NULL, amount, NULL, shares, left, by);
    ck_assert_q(left, "650");
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(by[i], OWED_DECIDED_NONE);
    for (int i = 0; i < 4; i++)
        mpq_clears(owed[i], burden[i], shares[i], NULL);
    mpq_clears(amount, left, NULL);
}
END_TEST

/* owed_allocate_ordered ranks up to 16 debts from the differences of neighbours in the
 * ranked order, more by comparing the debts themselves: 8 debts of few distinct due flags,
 * due dates, burdens and amounts (many ties; some owe nothing), split alone and with 12
 * debts that owe nothing after them (20: compared), take the same shares and are decided by
 * the same criterion, in the default order and with earliest-due first, in exact parts and
 * in units of 1/100, for amounts from 0 to beyond what all owe. */
START_TEST(test_allocate_ordered_ranking_paths_agree)
{
    enum { FEW = 8, MANY = 20 };
    mpq_t owed[MANY], burden[MANY], shares[MANY], alone[FEW], amount, left, unit;
    for (int i = 0; i < MANY; i++)
        mpq_inits(owed[i], burden[i], shares[i], NULL);
    for (int i = 0; i < FEW; i++)
        mpq_init(alone[i]);
    mpq_inits(amount, left, unit, NULL);
    mpq_set_ui(unit, 1, 100);
    owed_debt d[MANY];
    owed_alloc_decider by[MANY], by_alone[FEW];
    static const owed_alloc_step due_first[] = {OWED_ALLOC_EARLIEST_DUE, OWED_ALLOC_DUE,
                                                OWED_ALLOC_MOST_BURDENSOME};
    unsigned long seed = 14;
    int pro_rata_seen = 0, burden_seen = 0;
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < MANY; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            unsigned long x = seed >> 33;
            mpq_set_ui(owed[i], i < FEW ? (x % 4) * 50 : 0, 1);
            mpq_set_ui(burden[i], 1 + (x >> 2) % 3, 1000);
            d[i].is_due = (int)((x >> 4) & 1);
            d[i].due = (owed_date)(10 + (x >> 5) % 3);
            d[i].owed = (const mpq_t *)&owed[i];
            d[i].burden = (x >> 7) % 5 == 0 ? NULL : (const mpq_t *)&burden[i];
        }
        mpq_set_ui(amount, (unsigned long)(round % 13) * 50 + (unsigned long)round % 7, 3);
        const owed_alloc_step *steps = round % 2 ? due_first : NULL;
        size_t n_steps = round % 2 ? 3 : 0;
        const mpq_t *u = round % 4 < 2 ? NULL : (const mpq_t *)&unit[0];
        owed_allocate_ordered(FEW, d, steps, n_steps, NULL, amount, u, shares, left, by_alone);
        for (int i = 0; i < FEW; i++)
            mpq_set(alone[i], shares[i]);
        owed_allocate_ordered(MANY, d, steps, n_steps, NULL, amount, u, shares, left, by);
        for (int i = 0; i < FEW; i++) {
            ck_assert_msg(mpq_equal(alone[i], shares[i]), "round %d, debt %d: share", round, i);
            ck_assert_msg(by_alone[i] == by[i], "round %d, debt %d: %s, %s", round, i,
                          owed_alloc_decider_name(by_alone[i]), owed_alloc_decider_name(by[i]));
            pro_rata_seen |= by[i] == OWED_DECIDED_PRO_RATA;
            burden_seen |= by[i] == OWED_DECIDED_MOST_BURDENSOME;
        }
    }
    ck_assert(pro_rata_seen && burden_seen); /* the rounds reach ties and burdens */
    for (int i = 0; i < MANY; i++)
        mpq_clears(owed[i], burden[i], shares[i], NULL);
    for (int i = 0; i < FEW; i++)
        mpq_clear(alone[i]);
    mpq_clears(amount, left, unit, NULL);
}
END_TEST

/* A debt that owes nothing takes no part of a tie's split in units, whatever its key, and a
 * debt alone takes the amount below a unit as well:
 * D0 (key "z") and D2 (key "m") owe 1 each, D1 (key "a") owes nothing, all three tie on
 * every step; 0.01 in units of 0.01: the exact parts are 0.005 each, 0 in whole units, and
 * the one unit left goes to the larger cut (0.005 each), then to the first key of those
 * that can take it: D2 (D1, first by key, has no room).  D0 and D2 share pro rata; D1's
 * share was decided by nothing. */
START_TEST(test_allocate_units_pass_debts_owing_nothing)
{
    mpq_t owed[3], shares[3], amount, left, unit;
    for (int i = 0; i < 3; i++)
        mpq_inits(owed[i], shares[i], NULL);
    mpq_inits(amount, left, unit, NULL);
    mpq_set_ui(owed[0], 1, 1);
    mpq_set_ui(owed[2], 1, 1);
    mpq_set_ui(amount, 1, 100);
    mpq_set_ui(unit, 1, 100);
    owed_debt d[3] = {{1, 10, (const mpq_t *)&owed[0], NULL},
                      {1, 10, (const mpq_t *)&owed[1], NULL},
                      {1, 10, (const mpq_t *)&owed[2], NULL}};
    static const char *const keys[3] = {"z", "a", "m"};
    owed_alloc_decider by[3];
    owed_allocate_ordered(3, d, NULL, 0, keys, amount, (const mpq_t *)&unit[0], shares, left,
                          by);
    ck_assert_q(shares[0], "0");
    ck_assert_q(shares[1], "0");
    ck_assert_q(shares[2], "1/100");
    ck_assert_q(left, "0");
    ck_assert_int_eq(by[0], OWED_DECIDED_PRO_RATA);
    ck_assert_int_eq(by[1], OWED_DECIDED_NONE);
    ck_assert_int_eq(by[2], OWED_DECIDED_PRO_RATA);
    /* D0 owing nothing too, D2 alone of its tie takes all of 7/300 (0.02 in units, and the
     * 1/300 below a unit): D0 and D1 nothing */
    mpq_set_ui(owed[0], 0, 1);
    mpq_set_ui(amount, 7, 300);
    owed_allocate_ordered(3, d, NULL, 0, keys, amount, (const mpq_t *)&unit[0], shares, left,
                          by);
    ck_assert_q(shares[0], "0");
    ck_assert_q(shares[1], "0");
    ck_assert_q(shares[2], "7/300");
    ck_assert_q(left, "0");
    ck_assert_int_eq(by[0], OWED_DECIDED_NONE);
    ck_assert_int_eq(by[1], OWED_DECIDED_NONE);
    ck_assert_int_eq(by[2], OWED_DECIDED_NONE);
    for (int i = 0; i < 3; i++)
        mpq_clears(owed[i], shares[i], NULL);
    mpq_clears(amount, left, unit, NULL);
}
END_TEST

/* owed_split_reuse_case: a split made again for another case has that case's minor unit
 * (kept while the decimals are the same): 0.01 for two decimals, 1 for none, 0.01 again.
 * And a split of two owing debts, both not yet due, in either file order: the more
 * burdensome (2/365 a day against 1/365) takes the 1.50 paid, up to the 2 it owes, the
 * other nothing; most-burdensome decided both.  And one debt alone that owes. */
START_TEST(test_split_reuse_unit_and_two_debts)
{
    owed_loan loans[2];
    memset(loans, 0, sizeof loans);
    loans[0].id = (char *)"b";
    loans[1].id = (char *)"a";
    owed_case c;
    memset(&c, 0, sizeof c);
    c.loans = loans;
    c.n_loans = 2;
    c.currency.minor_units = 2;
    owed_split s;
    ck_assert_int_eq(owed_split_init_case(&s, &c), 0);
    ck_assert_q(s.unit, "1/100");
    c.currency.minor_units = 0;
    ck_assert_int_eq(owed_split_reuse_case(&s, &c), 0);
    ck_assert_q(s.unit, "1");
    ck_assert_int_eq(owed_split_reuse_case(&s, &c), 0);
    ck_assert_q(s.unit, "1");
    c.currency.minor_units = 2;
    ck_assert_int_eq(owed_split_reuse_case(&s, &c), 0);
    ck_assert_q(s.unit, "1/100");
    ck_assert_str_eq(s.ids[0], "b");
    mpq_t amount;
    mpq_init(amount);
    for (int heavier = 0; heavier < 2; heavier++) {
        for (int i = 0; i < 2; i++) {
            mpq_set_ui(s.owed[i], 2, 1);
            mpq_set_ui(s.burden[i], i == heavier ? 2 : 1, 365);
            s.debts[i].is_due = 0;
            s.debts[i].due = 10;
        }
        mpq_set_ui(amount, 3, 2);
        owed_split_case_payment(&s, &c, amount);
        ck_assert_q(amount, "0");
        ck_assert_q(s.shares[heavier], "3/2");
        ck_assert_q(s.shares[1 - heavier], "0");
        ck_assert_int_eq(s.by[0], OWED_DECIDED_MOST_BURDENSOME);
        ck_assert_int_eq(s.by[1], OWED_DECIDED_MOST_BURDENSOME);
    }
    /* D0 alone owes (2): of 5, it takes its 2 and 3 are left; of 1.5, all; nothing decided
       either (paid in full; the money ran out in it with no owing debt behind) */
    mpq_set_ui(s.owed[1], 0, 1);
    mpq_set_ui(amount, 5, 1);
    owed_split_case_payment(&s, &c, amount);
    ck_assert_q(amount, "3");
    ck_assert_q(s.shares[0], "2");
    ck_assert_q(s.shares[1], "0");
    ck_assert_int_eq(s.by[0], OWED_DECIDED_NONE);
    ck_assert_int_eq(s.by[1], OWED_DECIDED_NONE);
    mpq_set_ui(amount, 3, 2);
    owed_split_case_payment(&s, &c, amount);
    ck_assert_q(amount, "0");
    ck_assert_q(s.shares[0], "3/2");
    ck_assert_int_eq(s.by[0], OWED_DECIDED_NONE);
    mpq_clear(amount);
    owed_split_clear(&s);
}
END_TEST

/* Cost view: 1,000 received on 2023-01-01 at 10 % a year and 1,100 paid on 2024-01-01
 * (365 days, no 29 February in between: interest 100, nothing left, no credit) cost exactly
 * 10 % a year by XIRR ((1100/1000)^(365/365) - 1) and by the EU measure (one whole year).  With the balance still owed the final flow is the
 * balance on the as-of date: 1,000 at 0.1 % a day for 365 days owes 1,365 then, 36.5 %. */
START_TEST(test_cost_view)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-01\"",
                             "<loan id=\"A\" contracted=\"2023-01-01\" principal=\"1000.00\" due=\"2024-01-01\">"
                             "<interest rate=\"10%\" per=\"year\"/></loan>"
                             "<payment date=\"2024-01-01\" amount=\"1100.00\"/>");
    owed_report *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_report_build(c, c->as_of, NULL, 0, &r, &err), OWED_OK);
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    for (int m = 0; m < OWED_COST_METHODS; m++) {
        ck_assert_ptr_nonnull(r->cost[0].rate[m]);
        ck_assert_int_eq(owed_apr_result_outcome(r->cost[0].rate[m]), OWED_APR_ONE_ROOT);
        owed_apr_result_root(r->cost[0].rate[m], 0, lo, hi);
        mpq_t tenth;
        mpq_init(tenth);
        mpq_set_ui(tenth, 1, 10);
        ck_assert(mpq_cmp(lo, tenth) <= 0 && mpq_cmp(tenth, hi) <= 0);
        mpq_clear(tenth);
    }
    char *p = owed_apr_result_percent(r->cost[0].rate[OWED_COST_XIRR], 0);
    ck_assert_str_eq(p, "10.000000");
    free(p);
    owed_report_free(r);
    owed_case_free(c);
    c = test_case("currency=\"CNY\" as-of=\"2024-01-01\"",
                  "<loan id=\"A\" contracted=\"2023-01-01\" principal=\"1000.00\" due=\"2024-01-01\">"
                  "<interest rate=\"0.1%\" per=\"day\"/></loan>");
    ck_assert_int_eq(owed_report_build(c, c->as_of, NULL, 0, &r, &err), OWED_OK);
    p = owed_apr_result_percent(r->cost[0].rate[OWED_COST_XIRR], 0);
    ck_assert_str_eq(p, "36.500000");
    free(p);
    ck_assert_int_eq(r->cost[1].n_flows, 2); /* all loans: the same two flows */
    mpq_clears(lo, hi, NULL);
    owed_report_free(r);
    owed_case_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("contract");
    TCase *q = tcase_create("sums");
    tcase_add_test(q, test_word_sums_agree_with_gmp);
    tcase_add_test(q, test_word_shapes_agree_with_gmp);
    suite_add_tcase(s, q);
    TCase *t = tcase_create("replay");
    tcase_add_test(t, test_simple_interest_term);
    tcase_add_test(t, test_upfront_withheld);
    tcase_add_test(t, test_interest_withheld_in_advance);
    tcase_add_test(t, test_fee_kinds);
    tcase_add_test(t, test_overdue_and_late_fees);
    tcase_add_test(t, test_overdue_on_principal_and_interest);
    tcase_add_test(t, test_payment_order);
    tcase_add_test(t, test_early_payoff_charges_maturity_fee);
    tcase_add_test(t, test_extension);
    tcase_add_test(t, test_settled_loan_taken_back_for_its_events);
    tcase_add_test(t, test_allocation_across_loans);
    tcase_add_test(t, test_overpayment);
    tcase_add_test(t, test_rate_periods_and_bases);
    tcase_add_test(t, test_samples_conserve_money);
    tcase_add_test(t, test_paying_more_never_owes_more);
    tcase_add_test(t, test_late_fee_once_first_overdue_day_only);
    tcase_add_test(t, test_credit_nets_what_a_loan_owes);
    tcase_add_test(t, test_share_not_taken_goes_on);
    tcase_add_test(t, test_allocate_pro_rata_exact);
    tcase_add_test(t, test_undesignated_most_burdensome_first);
    tcase_add_test(t, test_designated_postings_say_so);
    tcase_add_test(t, test_burden_daily_cost);
    tcase_add_test(t, test_allocate_ordered_deciders);
    tcase_add_test(t, test_allocate_ordered_ranking_paths_agree);
    tcase_add_test(t, test_allocate_units_pass_debts_owing_nothing);
    tcase_add_test(t, test_split_reuse_unit_and_two_debts);
    tcase_add_test(t, test_cost_view);
    tcase_add_test(t, test_payment_for_charges_keeps_principal);
    tcase_add_test(t, test_same_day_payments_are_allocated_one_by_one);
    tcase_set_timeout(t, 60);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
