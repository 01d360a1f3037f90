/* Conventions from practice (design 5 rule (i)), each a named option of the case or the
 * regime: calendar months, both end days, rounding of each period as it is posted, a claim
 * that asks for less than the cap.  Every figure is worked by hand beside its assertion. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "contract.h"
#include "date.h"
#include "lawful.h"
#include "number.h"
#include "rate.h"
#include "regime.h"
#include "testutil.h"

/* The yen case is a printf template held in a variable. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static owed_replay *contract(const owed_case *c)
{
    owed_replay *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_contract_replay(c, c->as_of, &r, &err), OWED_OK);
    ck_assert_msg(owed_replay_check_conservation(r, &err) == OWED_OK, "%s", err.text);
    return r;
}

static owed_lawful *lawful(const owed_case *c, const owed_regime *reg, const owed_replay *cr)
{
    owed_lawful *l = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_lawful_replay(c, reg, cr, c->as_of, &l, &err) == OWED_OK, "%s", err.text);
    ck_assert_msg(owed_lawful_check(l, &err) == OWED_OK, "%s", err.text);
    return l;
}

/* Whole calendar months counted from the first day, the rest in days: 03-15 .. 06-20 is 3
 * months and 5 days; 01-31 plus one month is the last day of February. */
START_TEST(test_whole_months)
{
    long stub;
    ck_assert_int_eq(owed_whole_months(test_day("2024-03-15"), test_day("2024-06-20"), &stub), 3);
    ck_assert_int_eq(stub, 5);
    ck_assert_int_eq(owed_whole_months(test_day("2024-01-15"), test_day("2024-03-25"), &stub), 2);
    ck_assert_int_eq(stub, 10);
    ck_assert_int_eq(owed_whole_months(test_day("2024-03-15"), test_day("2024-04-14"), &stub), 0);
    ck_assert_int_eq(stub, 30);
    ck_assert_int_eq(owed_date_add_months(test_day("2024-01-31"), 1), test_day("2024-02-29"));
    ck_assert_int_eq(owed_date_add_months(test_day("2023-01-31"), 1), test_day("2023-02-28"));
    ck_assert_int_eq(owed_date_add_months(test_day("2023-11-30"), 3), test_day("2024-02-29"));
    ck_assert_int_eq(owed_whole_months(test_day("2023-01-31"), test_day("2023-03-01"), &stub), 1);
    ck_assert_int_eq(stub, 1); /* 01-31 + 1 month = 02-28, then one day */
}
END_TEST

/* 月息3分 by calendar month: 10,000 delivered 2024-01-15 at 3 % a month, as of 2024-03-25:
 * 2 whole months (to 03-15) and 10 days: 10,000 x 0.03 x (2 + 10/30) = 700 exactly.  Accrued
 * by day the same loan gives 10,000 x 0.36 x 70/365 = 50400/73 (690.41): 70 days, a month
 * being a twelfth of a 365-day year. */
START_TEST(test_calendar_months)
{
    const char *accrual[] = {" accrual=\"calendar-month\"", ""};
    const char *want[] = {"700", "50400/73"};
    for (int k = 0; k < 2; k++) {
        char body[512];
        snprintf(body, sizeof body,
                 "<loan id=\"M\" contracted=\"2024-01-15\" principal=\"10000.00\" "
                 "due=\"2024-12-31\"><interest rate=\"3%%\" per=\"month\"%s/></loan>",
                 accrual[k]);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-03-25\"", body);
        owed_replay *cr = contract(c);
        ck_assert_q(cr->loans[0].charged[OWED_COMP_INTEREST], want[k]);
        owed_replay_free(cr);
        owed_case_free(c);
    }
}
END_TEST

/* The agreed charges on the lawful principal follow the contract's convention: 1.5 % a
 * month by calendar month on 10,000 from 2024-01-15 to 2024-03-25 = 10,000 x 0.015 x
 * (2 + 1/3) = 350, below the 24 % cap (10,000 x 0.24 x 70/365 = 33600/73, 460.27): the
 * enforceable charges are 350 exactly. */
START_TEST(test_calendar_months_lawful)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-03-25\"",
                             "<loan id=\"M\" contracted=\"2024-01-15\" principal=\"10000.00\" "
                             "due=\"2024-12-31\"><interest rate=\"1.5%\" per=\"month\" "
                             "accrual=\"calendar-month\"/></loan>");
    owed_regime *reg = test_regime("cn-licensed");
    owed_replay *cr = contract(c);
    owed_lawful *l = lawful(c, reg, cr);
    ck_assert_q(l->loans[0].agreed_charges, "350");
    ck_assert_q(l->loans[0].cap_enforceable, "33600/73");
    ck_assert_q(l->loans[0].lawful_charges, "350");
    ck_assert_q(l->loans[0].balance, "10350");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);
    owed_case_free(c);
}
END_TEST

/* Both end days across a year end: 10,000 delivered 2023-12-30 at 36.5 % a year on actual
 * days, as of 2024-01-02.  Both ends: 12-30, 12-31 (of 365) and 01-01, 01-02 (of 366):
 * 10,000 x 0.365 x (2/365 + 2/366) = 7310/183 (39.95).  First day, not last: 12-30, 12-31,
 * 01-01: 10,000 x 0.365 x (2/365 + 1/366) = 5485/183 (29.97). */
START_TEST(test_both_ends_across_year_end)
{
    const char *count[] = {" count=\"both\"", ""};
    const char *want[] = {"7310/183", "5485/183"};
    for (int k = 0; k < 2; k++) {
        char body[512];
        snprintf(body, sizeof body,
                 "<loan id=\"Y\" contracted=\"2023-12-30\" principal=\"10000.00\" "
                 "due=\"2024-12-31\"><interest rate=\"36.5%%\" per=\"year\" basis=\"actual\"%s/>"
                 "</loan>",
                 count[k]);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-02\"", body);
        owed_replay *cr = contract(c);
        ck_assert_q(cr->loans[0].charged[OWED_COMP_INTEREST], want[k]);
        owed_replay_free(cr);
        owed_case_free(c);
    }
}
END_TEST

/* Both end days on a loan repaid: 10,000 from 2023-12-30 at 36.5 % a year on 365 days (10 a
 * day), repaid with 10,040 on 2024-01-02: the repayment day is counted too (4 days, 40),
 * so nothing is left; counting the first day only, 30 of interest, 10 is a credit. */
START_TEST(test_both_ends_repaid)
{
    const char *count[] = {" count=\"both\"", ""};
    const char *interest[] = {"40", "30"}, *balance[] = {"0", "-10"};
    for (int k = 0; k < 2; k++) {
        char body[512];
        snprintf(body, sizeof body,
                 "<loan id=\"Y\" contracted=\"2023-12-30\" principal=\"10000.00\" "
                 "due=\"2024-12-31\"><interest rate=\"36.5%%\" per=\"year\"%s/></loan>"
                 "<payment date=\"2024-01-02\" amount=\"10040.00\" loan=\"Y\"/>",
                 count[k]);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-10\"", body);
        owed_replay *cr = contract(c);
        ck_assert_q(cr->loans[0].charged[OWED_COMP_INTEREST], interest[k]);
        mpq_t t;
        mpq_init(t);
        owed_loan_total(t, &cr->loans[0]);
        ck_assert_q(t, balance[k]);
        mpq_clear(t);
        owed_replay_free(cr);
        owed_case_free(c);
    }
}
END_TEST

/* Yen truncated for each period (1円未満切捨て): 100,000 yen delivered 2020-01-01 at 18 % a
 * year on actual days (2020 has 366), 10,000 paid on 2020-02-10 and on 2020-03-17, as of
 * 2020-04-30.  Periods: 40, 36 and 44 days.
 *   100,000 x 0.18 x 40/366 = 1,967.21 -> 1,967; the payment pays it and 8,033 of
 *     principal: 91,967.
 *   91,967 x 0.18 x 36/366 = 1,628.27 -> 1,628; principal 91,967 - 8,372 = 83,595.
 *   83,595 x 0.18 x 44/366 = 1,808.94 -> 1,808.
 * Interest 5,403, owed 85,403.  Unrounded: 1226704416/226981 (5,404.44) of interest and
 * 19385184416/226981 (85,404.44) owed: the truncated sum differs from the exact one. */
static const char *const yen_case =
    "<loan id=\"J\" contracted=\"2020-01-01\" principal=\"100000\" due=\"2020-12-31\">"
    "<interest rate=\"18%%\" per=\"year\" basis=\"actual\"%s/></loan>"
    "<payment date=\"2020-02-10\" amount=\"10000\" loan=\"J\"/>"
    "<payment date=\"2020-03-17\" amount=\"10000\" loan=\"J\"/>";

START_TEST(test_yen_truncated_per_period)
{
    const char *rounding[] = {" rounding=\"truncate\"", ""};
    const char *interest[] = {"5403", "1226704416/226981"};
    const char *owed[] = {"85403", "19385184416/226981"};
    for (int k = 0; k < 2; k++) {
        char body[1024];
        snprintf(body, sizeof body, yen_case, rounding[k]);
        owed_case *c = test_case("currency=\"JPY\" as-of=\"2020-04-30\"", body);
        owed_replay *cr = contract(c);
        ck_assert_q(cr->loans[0].charged[OWED_COMP_INTEREST], interest[k]);
        mpq_t t;
        mpq_init(t);
        owed_loan_total(t, &cr->loans[0]);
        ck_assert_q(t, owed[k]);
        mpq_clear(t);
        if (k == 0) {
            const char *posted[] = {"1967", "1628", "1808"};
            size_t n = 0;
            for (size_t i = 0; i < cr->ledger.n; i++)
                if (cr->ledger.items[i].kind == OWED_POST_ACCRUAL) {
                    ck_assert_uint_lt(n, 3);
                    ck_assert_q(cr->ledger.items[i].amount, posted[n]);
                    n++;
                }
            ck_assert_uint_eq(n, 3);
        }
        owed_replay_free(cr);
        owed_case_free(c);
    }
}
END_TEST

/* The same loan under a regime that truncates each lawful period to the yen, with a 20 %
 * cap: the agreed charges (18 %, truncated by the contract's own convention) are below it,
 * so they are enforceable: 5,403, owed 85,403 as per contract.  The cap, truncated per
 * period on the lawful principal: 100,000 x 0.2 x 40/366 = 2,185.79 -> 2,185; 91,967 x 0.2
 * x 36/366 = 1,809.19 -> 1,809; 83,595 x 0.2 x 44/366 = 2,009.93 -> 2,009: 6,003. */
START_TEST(test_yen_truncated_lawful)
{
    char path[4096], body[1024];
    snprintf(path, sizeof path, "%s/tests/lawful/jp-truncate.xml", getenv("top_srcdir"));
    snprintf(body, sizeof body, yen_case, " rounding=\"truncate\"");
    owed_case *c = test_case("currency=\"JPY\" as-of=\"2020-04-30\"", body);
    owed_regime *reg = test_regime(path);
    owed_replay *cr = contract(c);
    owed_lawful *l = lawful(c, reg, cr);
    ck_assert_q(l->loans[0].agreed_charges, "5403");
    ck_assert_q(l->loans[0].cap_enforceable, "6003");
    ck_assert_q(l->loans[0].lawful_charges, "5403");
    ck_assert_q(l->loans[0].principal, "83595");
    ck_assert_q(l->loans[0].balance, "85403");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);
    owed_case_free(c);
}
END_TEST

/* A claim at 1.8 % a month (21.6 % a year) below a 24 % cap: 10,000 delivered 2024-01-01
 * at an agreed 3 % a month, as of 2024-07-01 (182 days), licensed lender (24 % all-in).
 * The claimant asks for no more than 21.6 %: 10,000 x 0.216 x 182/365 = 393120/365
 * (1,077.04) is enforceable, not the cap's 10,000 x 0.24 x 182/365 = 436800/365
 * (1,196.71). */
START_TEST(test_claim_rate_below_cap)
{
    const char *claim[] = {" rate=\"1.8%\" per=\"month\"", ""};
    const char *want[] = {"393120/365", "436800/365"};
    for (int k = 0; k < 2; k++) {
        char body[1024];
        snprintf(body, sizeof body,
                 "<loan id=\"K\" contracted=\"2024-01-01\" principal=\"10000.00\" "
                 "due=\"2024-12-31\"><interest rate=\"3%%\" per=\"month\"/></loan>"
                 "<claim date=\"2024-07-01\" by=\"lender\" total=\"11077.04\"%s/>",
                 claim[k]);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-07-01\"", body);
        owed_regime *reg = test_regime("cn-licensed");
        owed_replay *cr = contract(c);
        owed_lawful *l = lawful(c, reg, cr);
        ck_assert_q(l->loans[0].lawful_charges, want[k]);
        ck_assert_int_eq(l->loans[0].n_segments, 1);
        ck_assert_int_eq(l->loans[0].segments[0].claim_bound, k == 0);
        owed_lawful_free(l);
        owed_replay_free(cr);
        owed_regime_free(reg);
        owed_case_free(c);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conventions");
    TCase *t = tcase_create("practice");
    tcase_add_test(t, test_whole_months);
    tcase_add_test(t, test_calendar_months);
    tcase_add_test(t, test_calendar_months_lawful);
    tcase_add_test(t, test_both_ends_across_year_end);
    tcase_add_test(t, test_both_ends_repaid);
    tcase_add_test(t, test_yen_truncated_per_period);
    tcase_add_test(t, test_yen_truncated_lawful);
    tcase_add_test(t, test_claim_rate_below_cap);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
