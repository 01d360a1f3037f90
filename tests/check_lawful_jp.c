/* Japan: the recalculation (引き直し計算) of the Interest Rate Restriction Act (利息制限法)
 * under the shipped regime jp-interest-rate-act and its variants, with the worked examples of
 * the law brief (law/uk-us-jp-eu.md sections 3 and 6) and a hand-worked history whose every
 * step is written out beside its assertions.  Amounts in yen; days of a leap year count
 * 1/366 of a year, the others 1/365; an interval counts its first day and not its last. */
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
#include "sheet.h"
#include "lawfulrun.h"
#include "testutil.h"

/* A yen case as of `as_of`, replayed under `regime` (an id, or a file of tests/lawful/ when
 * it ends in .xml), every invariant the library checks asserted. */
static run replay(const char *as_of, const char *body, const char *regime)
{
    char path[4096];
    if (strstr(regime, ".xml") != NULL) {
        snprintf(path, sizeof path, "%s/tests/lawful/%s", getenv("top_srcdir"), regime);
        regime = path;
    }
    return run_replay("JPY", as_of, body, regime);
}

static void done(run *r)
{
    run_done(r);
}

/* The leap-year step (law brief JP-leap, shomin-law.com): 478,594 yen at 18 % over the 29
 * days 2000-03-27 to 2000-04-25, all in the leap year 2000: 478,594 x 0.18 x 29/366 =
 * 6,825.8, truncated to 6,825 (the lender's /365 gives 6,844.5).  Here one loan of 478,594
 * (tier 18 %) at an agreed 29.2 % and one payment of 20,000 on 2000-04-25: 6,825 goes to
 * interest, 13,175 to principal. */
START_TEST(test_leap_year_step)
{
    run r = replay("2000-04-25",
                   "<loan id=\"A\" contracted=\"2000-03-27\" principal=\"478594\" "
                   "due=\"2001-03-27\"><interest rate=\"29.2%\" per=\"year\"/></loan>"
                   "<payment date=\"2000-04-25\" amount=\"20000\" loan=\"A\"/>",
                   "jp-interest-rate-act");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->cap_enforceable, "6825");
    ck_assert_q(l->charges_paid, "6825");
    ck_assert_q(l->principal_paid, "13175");
    ck_assert_q(l->principal, "465419");
    ck_assert_q(l->segments[0].enforceable, "9/50");
    done(&r);
    /* exactly, without truncation: 478,594 x 0.18 x 29/366 = 1249130340/183000 */
    r = replay("2000-04-25",
               "<loan id=\"A\" contracted=\"2000-03-27\" principal=\"478594\" "
               "due=\"2001-03-27\"><interest rate=\"29.2%\" per=\"year\"/></loan>"
               "<payment date=\"2000-04-25\" amount=\"20000\" loan=\"A\"/>",
               "jp-interest-rate-act-exact");
    ck_assert_q(r.l->loans[0].cap_enforceable, "1249130340/183000");
    ck_assert_cents(r.l->loans[0].cap_enforceable, "6825.85");
    done(&r);
}
END_TEST

/* The split-year damages example (law brief JP-split, bengoshi-mie.com): 1,000,000 yen at
 * 5 % from 2010-06-03 to 2012-03-02, both ends counted: 212 days of 2010 (29,041.09 ->
 * 29,041), the whole of 2011 (50,000) and 62 days of 2012 over 366 (8,469.94 -> 8,469):
 * 87,510, each part truncated.  Truncated once, the same days give 87,511 (87,511.04). */
START_TEST(test_split_year)
{
    const char *body = "<loan id=\"D\" contracted=\"2010-06-03\" principal=\"1000000\" "
                       "due=\"2013-01-01\"><interest rate=\"5%\" per=\"year\" basis=\"actual\" "
                       "count=\"both\"/></loan>";
    run r = replay("2012-03-02", body, "jp-split-year.xml");
    ck_assert_q(r.l->loans[0].cap_enforceable, "87510");
    ck_assert_q(r.l->loans[0].lawful_charges, "87510");
    done(&r);
    r = replay("2012-03-02", body, "jp-split-interval.xml");
    ck_assert_q(r.l->loans[0].cap_enforceable, "87511");
    done(&r);
}
END_TEST

/* The caps as one sum (lawful.c flush_caps: base x days summed over flushes at one rate,
 * while the days are of one year length) where the year length changes.  500,000 yen
 * (tier 18 %) at an agreed 29.2 % from 2023-11-01, due 2025-11-01, untruncated
 * (jp-interest-rate-act-exact), with payments of 1,000 yen, each below the interest
 * accrued, so that the principal stays 500,000 and the cap is 90,000 a year:
 * - paid 2023-11-15, 12-10 and 2024-01-20 (the days pending at the last cross the year
 *   end), as of 2024-02-01: 90,000 x (61/365 + 31/366) = 1098000/73 + 465000/61
 *   = (66978000 + 33945000)/4453 = 100923000/4453 (22,664.05);
 * - the same with the last payment on 2024-01-01 instead (the days pending after it are
 *   all of 366, those summed before all of 365): the same days, the same cap;
 * - paid 2023-11-15 only, as of 2025-02-01 (the days pending from it cross the whole leap
 *   year 2024 and end in a year of 365 again): 90,000 x (61/365 + 366/366 + 31/365)
 *   = 90,000 + 1656000/73 = 8226000/73 (112,684.93);
 * - paid 2023-11-15 and 12-10, as of 2023-12-31: 90,000 x 60/365 = 1080000/73. */
START_TEST(test_caps_summed_year_end)
{
    const char *loan = "<loan id=\"Y\" contracted=\"2023-11-01\" principal=\"500000\" "
                       "due=\"2025-11-01\"><interest rate=\"29.2%\" per=\"year\"/></loan>"
                       "<payment date=\"2023-11-15\" amount=\"1000\" loan=\"Y\"/>";
    struct { const char *as_of, *payments, *cap, *cents; } v[] = {
        {"2024-02-01",
         "<payment date=\"2023-12-10\" amount=\"1000\" loan=\"Y\"/>"
         "<payment date=\"2024-01-20\" amount=\"1000\" loan=\"Y\"/>",
         "100923000/4453", "22664.05"},
        {"2024-02-01",
         "<payment date=\"2023-12-10\" amount=\"1000\" loan=\"Y\"/>"
         "<payment date=\"2024-01-01\" amount=\"1000\" loan=\"Y\"/>",
         "100923000/4453", "22664.05"},
        {"2025-02-01", "", "8226000/73", "112684.93"},
        {"2023-12-31", "<payment date=\"2023-12-10\" amount=\"1000\" loan=\"Y\"/>",
         "1080000/73", "14794.52"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char body[1024];
        snprintf(body, sizeof body, "%s%s", loan, v[i].payments);
        run r = replay(v[i].as_of, body, "jp-interest-rate-act-exact");
        ck_assert_q(r.l->loans[0].cap_enforceable, v[i].cap);
        ck_assert_cents(r.l->loans[0].cap_enforceable, v[i].cents);
        ck_assert_q(r.l->loans[0].principal, "500000");
        done(&r);
    }
}
END_TEST

/* The tiers of art. 1 (law brief JP-tiers): below 100,000: 20 %; 100,000 to 999,999: 18 %;
 * 1,000,000 and more: 15 %.  One loan each, the tier its principal. */
START_TEST(test_tiers)
{
    static const struct {
        const char *principal, *rate;
    } cases[] = {{"99999", "1/5"}, {"100000", "9/50"}, {"999999", "9/50"}, {"1000000", "3/20"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char body[512];
        snprintf(body, sizeof body,
                 "<loan id=\"T\" contracted=\"2019-01-01\" principal=\"%s\" due=\"2019-12-31\">"
                 "<interest rate=\"29.2%%\" per=\"year\"/></loan>",
                 cases[i].principal);
        run r = replay("2019-03-01", body, "jp-interest-rate-act");
        ck_assert_int_eq(r.l->loans[0].n_segments, 1);
        ck_assert_q(r.l->loans[0].segments[0].enforceable, cases[i].rate);
        done(&r);
    }
}
END_TEST

/* Damages after the due date (art. 4): 1.46 x the tier rate, 26.28 % for a loan of 500,000;
 * 20 % under the business-lending variant (art. 7(1)).  Due 2019-06-30: the days up to it
 * are capped at 18 %, the days after it at the damages rate. */
START_TEST(test_damages)
{
    const char *body = "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"500000\" "
                       "due=\"2019-06-30\"><interest rate=\"29.2%\" per=\"year\"/>"
                       "<overdue rate=\"29.2%\" per=\"year\"/></loan>";
    run r = replay("2019-09-30", body, "jp-interest-rate-act");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_int_eq(l->n_segments, 2);
    ck_assert_q(l->segments[0].enforceable, "9/50");
    ck_assert_int_eq(l->segments[1].from, test_day("2019-07-01"));
    ck_assert_q(l->segments[1].enforceable, "657/2500"); /* 26.28 % */
    done(&r);
    r = replay("2019-09-30", body, "jp-interest-rate-act-business");
    ck_assert_q(r.l->loans[0].segments[1].enforceable, "1/5");
    done(&r);
}
END_TEST

/* Art. 5 and the step-down rule: loan A of 800,000 on 2019-01-01 (18 %); loan B of 300,000
 * on 2019-02-01, when A's principal is still 800,000: tiered on 1,100,000, 15 %.  A keeps
 * its 18 %.  A is repaid on 2019-03-01 and B on 2019-04-01; loan C of 50,000 on 2019-05-01
 * would be tiered on 50,000 (20 %), but the rate only steps down: 15 %. */
START_TEST(test_further_loans)
{
    run r = replay("2019-06-01",
                   "<loan id=\"A\" contracted=\"2019-01-01\" principal=\"800000\" "
                   "due=\"2020-01-01\"><interest rate=\"29.2%\" per=\"year\"/></loan>"
                   "<loan id=\"B\" contracted=\"2019-02-01\" principal=\"300000\" "
                   "due=\"2020-01-01\"><interest rate=\"29.2%\" per=\"year\"/></loan>"
                   "<loan id=\"C\" contracted=\"2019-05-01\" principal=\"50000\" "
                   "due=\"2020-01-01\"><interest rate=\"29.2%\" per=\"year\"/></loan>"
                   "<payment date=\"2019-03-01\" amount=\"900000\" loan=\"A\"/>"
                   "<payment date=\"2019-04-01\" amount=\"400000\" loan=\"B\"/>",
                   "jp-interest-rate-act");
    ck_assert_q(r.l->loans[0].segments[0].enforceable, "9/50");
    ck_assert_q(r.l->loans[1].segments[0].enforceable, "3/20");
    ck_assert_q(r.l->loans[2].segments[0].enforceable, "3/20");
    done(&r);
}
END_TEST

/* A hand-worked recalculation over three years, with an overpayment that arises before
 * 2020-04-01 and one after.  300,000 yen lent on 2018-04-01 at an agreed 29.2 % (tier 18 %,
 * the principal being 100,000 to 999,999), due 2023-04-01, as of 2021-03-31.  Each row:
 * interest = principal x 18 % x days / (365 or 366), truncated to the yen; the payment pays
 * interest first, then principal; what is left once principal is paid is an overpayment.
 *   2018-10-01, 183 days: 300,000 x 0.18 x 183/365 = 27,073.97 -> 27,073.
 *     Paid 100,000: 27,073 interest, 72,927 principal; principal 227,073.
 *   2019-04-01, 182 days: 227,073 x 0.18 x 182/365 = 20,380.58 -> 20,380.
 *     Paid 150,000: 20,380 interest, 129,620 principal; principal 97,453.
 *   2019-10-01, 183 days: 97,453 x 0.18 x 183/365 = 8,794.80 -> 8,794.
 *     Paid 100,000: 8,794 interest, 91,206 principal; principal 6,247.
 *   2020-01-10, 101 days (92 in 2019 over 365, 9 in 2020 over 366):
 *     6,247 x 0.18 x (92/365 + 9/366) = 311.08 -> 311.
 *     Paid 20,000: 311 interest, 6,247 principal; principal 0; overpayment 13,442.
 *   2020-06-01: nothing owed; paid 10,000: overpayment 10,000.
 * Interest is paid 27,073 + 20,380 + 8,794 + 311 = 56,558; principal 300,000.
 * Overpayment interest to 2021-03-31, from the day after each arose:
 *   13,442 arose 2020-01-10, before 2020-04-01: 5 % for 2020-01-11 to 2021-03-31, 356 days of
 *     2020 over 366 and 90 of 2021 over 365: 13,442 x 0.05 x (356/366 + 90/365) =
 *     54735824/66795 (819.46).
 *   10,000 arose 2020-06-01: 3 % for 214 days of 2020 and 90 of 2021:
 *     10,000 x 0.03 x (214/366 + 90/365) = 1106850/4453 (248.56).
 * Under the by-day reading (jp-interest-rate-act-by-day) the first earns 5 % only to
 * 2020-03-31 (81 days over 366) and 3 % after (275 days over 366, 90 over 365):
 *   13,442 x (0.05 x 81/366 + 0.03 x (275/366 + 90/365)) = 122718739/222650 (551.17). */
static const char *const history =
    "<loan id=\"K\" contracted=\"2018-04-01\" principal=\"300000\" due=\"2023-04-01\">"
    "<interest rate=\"29.2%\" per=\"year\"/></loan>"
    "<payment date=\"2018-10-01\" amount=\"100000\"/>"
    "<payment date=\"2019-04-01\" amount=\"150000\"/>"
    "<payment date=\"2019-10-01\" amount=\"100000\"/>"
    "<payment date=\"2020-01-10\" amount=\"20000\"/>"
    "<payment date=\"2020-06-01\" amount=\"10000\"/>";

START_TEST(test_history)
{
    run r = replay("2021-03-31", history, "jp-interest-rate-act");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_q(l->charges_paid, "56558");
    ck_assert_q(l->principal_paid, "300000");
    ck_assert_q(l->principal, "0");
    ck_assert_q(l->refund, "23442");
    ck_assert_int_eq(l->n_refunds, 2);
    ck_assert_int_eq(l->refunds[0].arose, test_day("2020-01-10"));
    ck_assert_q(l->refunds[0].amount, "13442");
    ck_assert_q(l->refunds[0].interest, "54735824/66795");
    ck_assert_int_eq(l->refunds[1].arose, test_day("2020-06-01"));
    ck_assert_q(l->refunds[1].amount, "10000");
    ck_assert_q(l->refunds[1].interest, "1106850/4453");
    ck_assert_cents(l->refund_interest, "1068.02");
    /* the interest of each row, as the moves record it */
    static const char *const rows[] = {"27073", "20380", "8794", "311", "0"};
    size_t k = 0;
    for (size_t i = 0; i < r.l->n_moves && k < 5; i++)
        ck_assert_q(r.l->moves[i].to_charges, rows[k++]);
    ck_assert_int_eq(k, 5);

    /* the recalculation sheet: one row per transaction and one for the as-of date, the
       figures above row by row */
    owed_sheet sh;
    ck_assert_int_eq(owed_sheet_build(r.l, 0, &sh), OWED_OK);
    ck_assert_uint_eq(sh.n_rows, 7);
    static const struct {
        const char *date;
        long days;
        const char *interest, *payment, *principal, *overpayment;
    } want[] = {{"2018-04-01", 0, "0", "0", "300000", "0"},
                {"2018-10-01", 183, "27073", "100000", "227073", "0"},
                {"2019-04-01", 182, "20380", "150000", "97453", "0"},
                {"2019-10-01", 183, "8794", "100000", "6247", "0"},
                {"2020-01-10", 101, "311", "20000", "0", "13442"},
                {"2020-06-01", 143, "0", "10000", "0", "23442"},
                {"2021-03-31", 303, "0", "0", "0", "23442"}};
    for (size_t j = 0; j < 7; j++) {
        const owed_sheet_row *w = &sh.rows[j];
        ck_assert_int_eq(w->date, test_day(want[j].date));
        ck_assert_int_eq(w->days, want[j].days);
        ck_assert_q(w->interest, want[j].interest);
        ck_assert_q(w->payment, want[j].payment);
        ck_assert_q(w->principal, want[j].principal);
        ck_assert_q(w->overpayment, want[j].overpayment);
    }
    ck_assert_q(sh.rows[1].rate, "9/50");
    ck_assert_q(sh.rows[0].advance, "300000");
    /* overpayment interest: 13,442 at 5 % for 2020-01-11..2020-06-01 (143 days of 2020) at
       the 2020-06-01 row; the total at the last row is the refund interest of the loan */
    ck_assert_q(sh.rows[5].over_interest, "961103/3660"); /* 13442 x 0.05 x 143/366 */
    ck_assert(mpq_equal(sh.rows[6].over_interest_total, l->refund_interest));
    owed_sheet_clear(&sh);
    done(&r);

    r = replay("2021-03-31", history, "jp-interest-rate-act-by-day");
    ck_assert_q(r.l->loans[0].refunds[0].interest, "122718739/222650");
    ck_assert_q(r.l->loans[0].refunds[1].interest, "1106850/4453");
    done(&r);
}
END_TEST

/* An overpayment applied to a later borrowing under a basic contract
 * (jp-interest-rate-act-basic-contract, 最判平成19年6月7日, 最判平成25年4月11日): one account,
 * 100,000 lent on 2019-01-01 (tier 18 %), 120,000 paid on 2019-07-01:
 *   interest 100,000 x 0.18 x 181/365 = 8,926.03 -> 8,926; principal 100,000; overpayment
 *   120,000 - 108,926 = 11,074, arising 2019-07-01, earning 5 %.
 * 50,000 more lent on 2019-10-01: the overpayment's interest for 2019-07-02 to 2019-10-01
 *   (92 days): 11,074 x 0.05 x 92/365 = 139.56 -> 139, applied first, then the 11,074:
 *   11,213 applied; principal 50,000 - 11,213 = 38,787; nothing left to refund.
 *   The tier (art. 5, after the overpayment is applied, 最判平成25年7月18日) would be 20 %
 *   on 38,787, but the rate only steps down: 18 %.
 * As of 2019-12-31: 38,787 x 0.18 x 91/365 = 1,740.63 -> 1,740; cap 8,926 + 1,740. */
START_TEST(test_applied_to_later_advance)
{
    const char *body = "<loan id=\"K\" contracted=\"2019-01-01\" principal=\"150000\" "
                       "due=\"2022-01-01\"><disbursement date=\"2019-01-01\" amount=\"100000\"/>"
                       "<disbursement date=\"2019-10-01\" amount=\"50000\"/>"
                       "<interest rate=\"29.2%\" per=\"year\"/></loan>"
                       "<payment date=\"2019-07-01\" amount=\"120000\"/>";
    run r = replay("2019-12-31", body, "jp-interest-rate-act-basic-contract");
    const owed_lawful_loan *l = &r.l->loans[0];
    ck_assert_int_eq(l->n_refunds, 1);
    ck_assert_q(l->refunds[0].interest_applied, "139");
    ck_assert_q(l->refunds[0].applied, "11074");
    ck_assert_q(l->refunds[0].amount, "0");
    ck_assert_q(l->refund, "0");
    ck_assert_q(l->refund_interest, "0");
    ck_assert_q(l->offset_received, "11213");
    ck_assert_q(l->principal, "38787");
    ck_assert_q(l->cap_enforceable, "10666");
    ck_assert_q(l->segments[l->n_segments - 1].enforceable, "9/50");
    done(&r);
    /* without the agreement the overpayment stays a refund, with its interest to the as-of
       date, and the principal is the whole 50,000: 11,074 x 0.05 x 183/365 (277.61) */
    r = replay("2019-12-31", body, "jp-interest-rate-act");
    l = &r.l->loans[0];
    ck_assert_q(l->refund, "11074");
    ck_assert_q(l->principal, "50000");
    ck_assert_q(l->refund_interest, "1013271/3650");
    done(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("lawful-jp");
    TCase *t = tcase_create("jp");
    tcase_add_test(t, test_leap_year_step);
    tcase_add_test(t, test_split_year);
    tcase_add_test(t, test_caps_summed_year_end);
    tcase_add_test(t, test_tiers);
    tcase_add_test(t, test_damages);
    tcase_add_test(t, test_further_loans);
    tcase_add_test(t, test_history);
    tcase_add_test(t, test_applied_to_later_advance);
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
