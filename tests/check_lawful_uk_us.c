/* The United Kingdom's and the United States' caps under the shipped regimes: the FCA's
 * high-cost short-term credit cap (gb-fca-hcstc), the Military Lending Act, California's
 * deferred deposits and Ohio's short-term loans, with the law brief's figures
 * (law/uk-us-jp-eu.md sections 1, 2 and 6) and hand computations beside the assertions.
 * 365 days a year; an interval counts its first day and not its last. */
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
#include "apr.h"
#include "lawfulrun.h"
#include "testutil.h"

/* A case in `currency` replayed under the shipped regime `regime`. */
static run replay_in(const char *currency, const char *as_of, const char *body,
                     const char *regime)
{
    return run_replay(currency, as_of, body, regime);
}

static void done(run *r)
{
    run_done(r);
}

/* UK-FCA-100-30: £100 for 30 days allows at most £24 (0.8 % x 30 x £100).  A contract fee
 * of £30 at maturity: £24 enforceable, £6 above the cap. */
START_TEST(test_uk_initial_cost_cap)
{
    run r = replay_in("GBP", "2019-01-31",
                      "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"100.00\" "
                      "due=\"2019-01-31\"><fee name=\"loan fee\" amount=\"30.00\" "
                      "at=\"maturity\"/></loan>",
                      "gb-fca-hcstc");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->cap_enforceable, "24");
    ck_assert_q(l->lawful_charges, "24");
    ck_assert_q(l->above_cap, "6");
    ck_assert_q(l->balance, "124");
    done(&r);
    /* UK-cap-21: £100 for 21 days, at most £16.80 */
    r = replay_in("GBP", "2019-01-22",
                  "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"100.00\" "
                  "due=\"2019-01-22\"><fee name=\"loan fee\" amount=\"30.00\" "
                  "at=\"maturity\"/></loan>",
                  "gb-fca-hcstc");
    ck_assert_q(r.l->loans[0].lawful_charges, "84/5");
    done(&r);
}
END_TEST

/* A default fee of £20 is cut to £15 (CONC 5A.3.18R), outside the initial cost cap: £100
 * for 30 days at 0.8 % a day (£24, within the cap), unpaid; a late fee of £20 once overdue.
 * As of 2019-02-10 (10 days late, interest stopped at the due date): 24 + min(20, 15) = 39. */
START_TEST(test_uk_default_fee)
{
    run r = replay_in("GBP", "2019-02-10",
                      "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"100.00\" "
                      "due=\"2019-01-31\"><interest rate=\"0.8%\" per=\"day\" "
                      "after-due=\"stop\"/><late-fee name=\"default fee\" amount=\"20.00\"/>"
                      "</loan>",
                      "gb-fca-hcstc");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->limited_charges, "20");
    ck_assert_q(l->agreed_charges, "24");
    ck_assert_q(l->lawful_charges, "39");
    ck_assert_q(l->above_cap, "5");
    done(&r);
}
END_TEST

/* The total cost cap across a chain of refinancings (CONC 5A.3.2R, 100 % of the credit
 * provided): A, £100 for 30 days with a £24 fee, repaid £124 on 2019-01-31 with the money of
 * B, £100 for 60 days with a £48 fee (0.8 % x 60), repaid £148 on 2019-04-01 with the money
 * of C, £100 for 60 days with a £48 fee, unpaid as of its due date 2019-05-31.  Each is
 * within the 0.8 % a day cap; together 24 + 48 + 48 = 120 > 100, so C may charge only
 * 100 - 24 - 48 = 28: C owes 128, and 20 of its fee is above the caps. */
START_TEST(test_uk_total_cost_cap)
{
    run r = replay_in("GBP", "2019-05-31",
                      "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"100.00\" "
                      "due=\"2019-01-31\"><fee name=\"fee\" amount=\"24.00\" at=\"maturity\"/>"
                      "</loan>"
                      "<loan id=\"B\" contracted=\"2019-01-31\" principal=\"100.00\" "
                      "due=\"2019-04-01\"><fee name=\"fee\" amount=\"48.00\" at=\"maturity\"/>"
                      "</loan>"
                      "<loan id=\"C\" contracted=\"2019-04-01\" principal=\"100.00\" "
                      "due=\"2019-05-31\"><fee name=\"fee\" amount=\"48.00\" at=\"maturity\"/>"
                      "</loan>"
                      "<payment date=\"2019-01-31\" amount=\"124.00\" loan=\"A\"/>"
                      "<payment date=\"2019-04-01\" amount=\"148.00\" loan=\"B\"/>",
                      "gb-fca-hcstc");
    ck_assert_q(r.l->loans[0].lawful_charges, "24");
    ck_assert_q(r.l->loans[1].lawful_charges, "48");
    ck_assert_q(r.l->loans[2].cap_enforceable, "48");
    ck_assert_q(r.l->loans[2].total_cap, "28");
    ck_assert_q(r.l->loans[2].lawful_charges, "28");
    ck_assert_q(r.l->loans[2].above_cap, "20");
    ck_assert_q(r.l->loans[2].balance, "128");
    done(&r);
}
END_TEST

/* California's maximum (US-CA-max): a $300 check, $45 fee, $255 received, 14 days: the Reg Z
 * APR is 45/255 x 365/14 = 460.08 %.  The fee is within 15 % of the check (3/17 of the
 * $255 received = $45); a $50 fee is cut to $45. */
START_TEST(test_us_california)
{
#define CA_LOAN                                                                             \
    "<loan id=\"D\" contracted=\"2021-06-01\" principal=\"255.00\" term-days=\"14\">"           \
    "<fee name=\"deferred deposit fee\" amount=\"%s\" at=\"maturity\"/></loan>"
    char body[512];
    snprintf(body, sizeof body, CA_LOAN, "45.00");
    run r = replay_in("USD", "2021-06-15", body, "us-ca-deferred-deposit");
    ck_assert_q(r.l->loans[0].limited_charges, "45");
    ck_assert_q(r.l->loans[0].lawful_charges, "45");
    ck_assert_q(r.l->loans[0].above_cap, "0");
    done(&r);
    snprintf(body, sizeof body, CA_LOAN, "50.00");
    r = replay_in("USD", "2021-06-15", body, "us-ca-deferred-deposit");
    ck_assert_q(r.l->loans[0].lawful_charges, "45");
    ck_assert_q(r.l->loans[0].above_cap, "5");
    done(&r);

    owed_error err;
    owed_error_clear(&err);
    owed_apr_flows *flows = owed_apr_flows_new();
    mpq_t a;
    mpq_init(a);
    mpq_set_ui(a, 255, 1);
    ck_assert_int_eq(owed_apr_flows_add(flows, test_day("2021-06-01"), a, &err), OWED_OK);
    mpq_set_si(a, -300, 1);
    ck_assert_int_eq(owed_apr_flows_add(flows, test_day("2021-06-15"), a, &err), OWED_OK);
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_REGZ);
    owed_apr_result *res = NULL;
    ck_assert_int_eq(owed_apr_compute(&res, flows, &opt, &err), OWED_OK);
    char *pct = owed_apr_result_percent(res, 0);
    ck_assert_str_eq(pct, "460.08");
    free(pct);
    owed_apr_result_free(res);
    owed_apr_flows_free(flows);
    mpq_clear(a);
}
END_TEST

/* The Military Lending Act: $1,000 for 182 days at 30 % a year (interest $149.59, under 36 %)
 * with a single credit insurance premium of $60 charged at the start: the MAPR counts it
 * (232.4(c)(1)(i)), and 149.59 + 60 = 209.59 is above the 36 % line,
 * 1,000 x 0.36 x 182/365 = 179.51.  Without the premium the loan is within the cap. */
START_TEST(test_us_mla)
{
#define MLA_LOAN                                                                            \
    "<loan id=\"M\" contracted=\"2021-01-01\" principal=\"1000.00\" term-days=\"182\">"         \
    "<interest rate=\"30%%\" per=\"year\"/>%s</loan>"
    char body[512];
    snprintf(body, sizeof body, MLA_LOAN,
             "<fee name=\"credit insurance\" amount=\"60.00\" at=\"disbursement\"/>");
    run r = replay_in("USD", "2021-07-02", body, "us-mla");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->cap_enforceable, "65520/365");    /* 179.51 */
    ck_assert_q(l->agreed_charges, "76500/365");     /* 54600/365 + 60 = 209.59 */
    ck_assert_q(l->lawful_charges, "65520/365");
    ck_assert_cents(l->above_cap, "30.08");
    done(&r);
    snprintf(body, sizeof body, MLA_LOAN, "");
    r = replay_in("USD", "2021-07-02", body, "us-mla");
    ck_assert_q(r.l->loans[0].lawful_charges, "54600/365"); /* 149.59 */
    ck_assert_q(r.l->loans[0].above_cap, "0");
    done(&r);
}
END_TEST

/* Ohio (US-OH): $500 for a year at 28 % interest (140) and a maintenance fee of $30 every
 * 30 days: thirteen fees (2019-01-01, 01-31, 03-02, 04-01, 05-01, 05-31, 06-30, ...,
 * 12-27), 390.  The months of the loan run from the 1st: January and May hold two fees
 * each, so the monthly limit (the lesser of 10 % of 500 and $30: $30) cuts one $30 fee in
 * each, 60, leaving 330.  140 + 330 = 470 is above 60 % of the principal (300): the
 * enforceable line stops at 300. */
START_TEST(test_us_ohio)
{
    run r = replay_in("USD", "2020-01-01",
                      "<loan id=\"O\" contracted=\"2019-01-01\" principal=\"500.00\" "
                      "due=\"2020-01-01\"><interest rate=\"28%\" per=\"year\"/>"
                      "<fee name=\"maintenance fee\" amount=\"30.00\" at=\"period\" "
                      "every-days=\"30\"/></loan>",
                      "us-oh-short-term-loan");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->agreed_charges, "140");
    ck_assert_q(l->total_cap, "300");
    ck_assert_q(l->lawful_charges, "300");
    ck_assert_q(l->period_cut, "60");
    ck_assert_q(l->limited_charges, "330");
    done(&r);
}
END_TEST

/* Ohio's monthly maintenance fee, at most the lesser of 10 % of the original principal and
 * $30 in each month of the loan (owed_period_limit; months from the first disbursement).
 * All loans run from 2020-02-01 to 2020-04-01 (60 days, 2020 being a leap year), so that a
 * fee every 30 days falls on 02-01 (month 1, 02-01..02-29) and 03-02 (month 2,
 * 03-01..03-31); none on the due date. */
#define OH_LOAN                                                                             \
    "<loan id=\"O\" contracted=\"2020-02-01\" principal=\"%s\" due=\"2020-04-01\">%s</loan>"
static run ohio(const char *principal, const char *fees)
{
    char body[1024];
    snprintf(body, sizeof body, OH_LOAN, principal, fees);
    return replay_in("USD", "2020-04-01", body, "us-oh-short-term-loan");
}

START_TEST(test_us_ohio_monthly_fee)
{
    /* $500 for 2 months with a $40 monthly fee: 10 % of 500 is 50, so $30 is the lesser;
       each fee is cut to 30: 60 enforceable, 20 cut, and the 20 is charged above the caps
       (the contract charged 80).  60 is far below the 60 % total (300). */
    run r = ohio("500.00", "<fee name=\"maintenance fee\" amount=\"40.00\" at=\"period\" "
                           "every-days=\"30\"/>");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_int_eq(l->has_period_limit, 1);
    ck_assert_q(l->period_limit, "30");
    ck_assert_q(l->contract_charges, "80");
    ck_assert_q(l->period_cut, "20");
    ck_assert_q(l->limited_charges, "60");
    ck_assert_q(l->lawful_charges, "60");
    ck_assert_q(l->above_cap, "20");
    ck_assert_q(l->balance, "560");
    done(&r);

    /* $200 with a $25 monthly fee: 10 % of 200 = 20 is now the lesser; 2 x 20 = 40
       enforceable, 2 x 5 = 10 cut. */
    r = ohio("200.00", "<fee name=\"maintenance fee\" amount=\"25.00\" at=\"period\" "
                       "every-days=\"30\"/>");
    l = &r.l->loans[0];
    ck_assert_q(l->period_limit, "20");
    ck_assert_q(l->period_cut, "10");
    ck_assert_q(l->lawful_charges, "40");
    ck_assert_q(l->above_cap, "10");
    done(&r);

    /* The limit is on each month, not on each fee: $20 every 15 days falls on 02-01, 02-16
       (month 1) and 03-02, 03-17 (month 2): 40 a month, cut to 30; 20 cut in all. */
    r = ohio("500.00", "<fee name=\"maintenance fee\" amount=\"20.00\" at=\"period\" "
                       "every-days=\"15\"/>");
    l = &r.l->loans[0];
    ck_assert_q(l->contract_charges, "80");
    ck_assert_q(l->period_cut, "20");
    ck_assert_q(l->lawful_charges, "60");
    done(&r);

    /* A fee charged once (an origination fee of $10 at disbursement) is not a maintenance
       fee (kinds="periodic-fee"): it is not cut and takes nothing of month 1's $30.
       10 + 30 + 30 = 70 enforceable; 20 cut. */
    r = ohio("500.00", "<fee name=\"origination fee\" amount=\"10.00\" at=\"disbursement\"/>"
                       "<fee name=\"maintenance fee\" amount=\"40.00\" at=\"period\" "
                       "every-days=\"30\"/>");
    l = &r.l->loans[0];
    ck_assert_q(l->contract_charges, "90");
    ck_assert_q(l->period_cut, "20");
    ck_assert_q(l->lawful_charges, "70");
    done(&r);

    /* Within the limit ($30 a month on $500), nothing is cut. */
    r = ohio("500.00", "<fee name=\"maintenance fee\" amount=\"30.00\" at=\"period\" "
                       "every-days=\"30\"/>");
    ck_assert_q(r.l->loans[0].period_cut, "0");
    ck_assert_q(r.l->loans[0].lawful_charges, "60");
    ck_assert_q(r.l->loans[0].above_cap, "0");
    done(&r);
}
END_TEST

/* California's limits on the transaction itself (Fin. Code 23035, owed_loan_limit): the check
 * (money received + fee) at most $300 and the deposit deferred at most 31 days.  $255 + $45
 * = $300 for 31 days is within both (the limits are inclusive); $256 + $45 = $301 is above
 * the first, 32 days above the second.  Neither changes the figures: the fee is still cut
 * to 3/17 of the money received or $45. */
START_TEST(test_us_california_limits)
{
#define CA_LIMIT_LOAN                                                                       \
    "<loan id=\"D\" contracted=\"2021-06-01\" principal=\"%s\" term-days=\"%d\">"          \
    "<fee name=\"deferred deposit fee\" amount=\"45.00\" at=\"maturity\"/></loan>"
    char body[512];
    snprintf(body, sizeof body, CA_LIMIT_LOAN, "255.00", 31);
    run r = replay_in("USD", "2021-07-02", body, "us-ca-deferred-deposit");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_int_eq(l->has_loan_amount, 1);
    ck_assert_q(l->loan_amount, "300");
    ck_assert_int_eq(l->amount_exceeded, 0);
    ck_assert_int_eq(l->has_term, 1);
    ck_assert_int_eq(l->term_days, 31);
    ck_assert_int_eq(l->term_exceeded, 0);
    done(&r);

    snprintf(body, sizeof body, CA_LIMIT_LOAN, "256.00", 32);
    r = replay_in("USD", "2021-07-03", body, "us-ca-deferred-deposit");
    l = &r.l->loans[0];
    ck_assert_q(l->loan_amount, "301");
    ck_assert_int_eq(l->amount_exceeded, 1);
    ck_assert_int_eq(l->term_days, 32);
    ck_assert_int_eq(l->term_exceeded, 1);
    ck_assert_q(l->lawful_charges, "45"); /* min(45, 3/17 x 256 = 45.18, $45) */
    done(&r);

    /* a regime without a loan limit measures nothing */
    r = replay_in("USD", "2021-07-03", body, "us-mla");
    ck_assert_int_eq(r.l->loans[0].has_loan_amount, 0);
    ck_assert_int_eq(r.l->loans[0].term_exceeded, 0);
    done(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("lawful-uk-us");
    TCase *t = tcase_create("uk-us");
    tcase_add_test(t, test_uk_initial_cost_cap);
    tcase_add_test(t, test_uk_default_fee);
    tcase_add_test(t, test_uk_total_cost_cap);
    tcase_add_test(t, test_us_california);
    tcase_add_test(t, test_us_mla);
    tcase_add_test(t, test_us_ohio);
    tcase_add_test(t, test_us_ohio_monthly_fee);
    tcase_add_test(t, test_us_california_limits);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
