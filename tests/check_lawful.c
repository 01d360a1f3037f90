/* Lawful replay: court figures from shared/law/cn.md section 8 (E1, E7, E8, E13) and
 * hand-worked cases (among them a 2014 loan under the 1991 limit), each explained beside
 * it; then invariants on generated cases. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocate.h"
#include "case_read.h"
#include "contract.h"
#include "lawful.h"
#include "number.h"
#include "testutil.h"
#include "regime.h"

/* The tests build case files from printf templates held in variables. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* Contract and lawful replay to `until`, with every invariant the library checks. */
static owed_lawful *lawful(owed_case *c, owed_regime *reg, owed_date until, owed_replay **cr)
{
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_contract_replay(c, until, cr, &err), OWED_OK);
    owed_lawful *l = NULL;
    ck_assert_msg(owed_lawful_replay(c, reg, *cr, until, &l, &err) == OWED_OK, "%s", err.text);
    ck_assert_msg(owed_lawful_check(l, &err) == OWED_OK, "%s", err.text);
    return l;
}


/* E1, 静宁县人民法院 (2021)甘0826民初1904号: principal actually lent 688,000 (interest
 * settled to 2019-04-26, so the replay starts on 2019-04-27); 24 % for 2019-04-27 ..
 * 2020-08-19 (481 days, both ends) on 360 days = 220,618.67; 15.4 % (4 x LPR 3.85 % at
 * filing) for 2020-08-20 .. 2021-05-20 (274 days, both ends) on 365 days = 79,536.57.
 * The contract's 3 % a month is above both caps, so the lawful charges are the cap. */
START_TEST(test_e1_jingning)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/lawful/e1-jingning.xml", getenv("top_srcdir"));
    owed_regime *reg = test_regime(path);
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2021-05-20\" filed=\"2021-05-20\"",
                        "<loan id=\"E1\" contracted=\"2017-01-07\" principal=\"688000.00\" due=\"2019-05-27\">"
                        "<disbursement date=\"2019-04-27\" amount=\"688000.00\"/>"
                        "<interest rate=\"3%\" per=\"month\" basis=\"360\"/></loan>");
    owed_replay *cr = NULL;
    /* Both ends counted: the caps to 2020-08-19 inclusive, as the court did. */
    owed_lawful *l = lawful(c, reg, test_day("2020-08-19"), &cr);
    ck_assert_q(l->loans[0].cap_enforceable, "661856/3"); /* 688000 x 0.24 x 481/360 */
    ck_assert_cents(l->loans[0].cap_enforceable, "220618.67");
    owed_lawful_free(l);
    owed_replay_free(cr);
    l = lawful(c, reg, test_day("2021-05-20"), &cr);
    /* 661856/3 + 688000 x 0.154 x 274/365 = 661856/3 + 29030848/365
     * = (661856 x 365 + 29030848 x 3)/1095 = (241577440 + 87092544)/1095 */
    ck_assert_q(l->loans[0].cap_enforceable, "328669984/1095");
    ck_assert_cents(l->loans[0].lawful_charges, "300155.24");
    ck_assert_q(l->loans[0].principal, "688000");
    ck_assert_int_eq(l->loans[0].n_segments, 2);
    /* the table lists every monthly fixing: on the filing day the fixing of that very day
     * (2021-05-20) is in force, at 3.85 % */
    ck_assert_int_eq(l->loans[0].segments[1].table_fixing, test_day("2021-05-20"));
    ck_assert_q(l->loans[0].segments[1].table_rate, "77/2000");
    ck_assert_q(l->loans[0].segments[1].enforceable, "77/500");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* E13 (cn.md section 8): contract 1,000, 300 service fee withheld, 700 delivered, due on
 * day 21.  Principal = 700 (Civil Code 670; SPC 2020 art. 26).  At LPR 3.10 % (formed
 * 2024-11-04; fixing of 2024-10-21) the cap is 12.4 %: 700 x 0.124 x 21/365 = 4.99; at
 * LPR 3.00 % (formed 2025-06-01) 4.83; licensed lenders' 24 %: 9.67.  Second edition
 * (lawful-view-v2.md, cn.md E13): the 300 withheld drops out and no interest was agreed, so
 * the enforceable charges are 0; under the variant that counts withheld amounts as charges
 * within the cap, they are the cap (the first edition's figures). */
START_TEST(test_e13_withheld_fee)
{
    const char *body = "<loan id=\"E13\" contracted=\"%s\" principal=\"1000.00\" term-days=\"21\">"
                       "<fee name=\"service\" amount=\"300.00\" at=\"upfront\"/></loan>";
    struct { const char *formed, *as_of, *regime, *cap, *cents, *lawful; } v[] = {
        {"2024-11-04", "2024-11-25", "cn-private-2020", "9114/1825", "4.99", "0"},
        {"2025-06-01", "2025-06-22", "cn-private-2020", "1764/365", "4.83", "0"},
        {"2024-11-04", "2024-11-25", "cn-licensed", "3528/365", "9.67", "0"},
        {"2024-11-04", "2024-11-25", "cn-private-2020-withheld-charge", "9114/1825", "4.99",
         "9114/1825"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char text[1024], attrs[128];
        snprintf(text, sizeof text, body, v[i].formed);
        snprintf(attrs, sizeof attrs, "currency=\"CNY\" as-of=\"%s\"", v[i].as_of);
        owed_case *c = test_case(attrs, text);
        owed_regime *reg = test_regime(v[i].regime);
        owed_replay *cr = NULL;
        owed_lawful *l = lawful(c, reg, c->as_of, &cr);
        ck_assert_q(l->loans[0].principal_basis, "700");
        ck_assert_q(l->loans[0].withheld, "300");
        ck_assert_q(l->loans[0].contract_charges, "300"); /* the withheld fee */
        ck_assert_q(l->loans[0].cap_enforceable, v[i].cap);
        ck_assert_cents(l->loans[0].cap_enforceable, v[i].cents);
        ck_assert_q(l->loans[0].lawful_charges, v[i].lawful);
        /* owed: 700 and the enforceable charges */
        mpq_t want;
        mpq_init(want);
        mpq_set_ui(want, 700, 1);
        mpq_add(want, want, l->loans[0].lawful_charges);
        ck_assert(mpq_equal(l->loans[0].balance, want));
        mpq_clear(want);
        owed_lawful_free(l);
        owed_replay_free(cr);
        owed_case_free(c);
        owed_regime_free(reg);
    }
}
END_TEST

/* E13 repaid: the borrower pays the 1,000 due on day 21.  Lawfully (second edition) no
 * charge is enforceable, 700 goes to principal and the 300 is refunded (cn-private-2020 has
 * no band).  Under the variant counting the withheld fee as a charge, 4.99 (9114/1825) goes
 * to charges and 1000 - 700 - 9114/1825 = 538386/1825 (295.01) is refunded, the first
 * edition's figures. */
START_TEST(test_overpayment_refund)
{
    const char *ids[] = {"cn-private-2020", "cn-private-2020-withheld-charge"};
    const char *charges[] = {"0", "9114/1825"}, *refund[] = {"300", "538386/1825"};
    for (int g = 0; g < 2; g++) {
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-12-01\"",
                            "<loan id=\"E13\" contracted=\"2024-11-04\" principal=\"1000.00\" term-days=\"21\">"
                            "<fee name=\"service\" amount=\"300.00\" at=\"upfront\"/></loan>"
                            "<payment date=\"2024-11-25\" amount=\"1000.00\" loan=\"E13\"/>");
        owed_regime *reg = test_regime(ids[g]);
        owed_replay *cr = NULL;
        owed_lawful *l = lawful(c, reg, c->as_of, &cr);
        ck_assert_q(l->loans[0].charges_paid, charges[g]);
        ck_assert_q(l->loans[0].principal_paid, "700");
        ck_assert_q(l->loans[0].refund, refund[g]);
        ck_assert_q(l->loans[0].balance, "0");
        ck_assert_q(l->loans[0].refund_interest, "0"); /* no interest on refunds in China */
        owed_lawful_free(l);
        owed_replay_free(cr);
        owed_case_free(c);
        owed_regime_free(reg);
    }
}
END_TEST

START_TEST(test_e7_e8_principal_is_delivered)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2021-01-10\"",
                        "<loan id=\"E7\" contracted=\"2021-01-01\" principal=\"40000.00\" term-days=\"30\">"
                        "<disbursement date=\"2021-01-01\" amount=\"39816.00\"/>"
                        "<fee name=\"deferral fee\" amount=\"184.00\" at=\"upfront\"/></loan>");
    owed_regime *reg = test_regime("cn-licensed");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].principal_basis, "39816");
    ck_assert_q(cr->loans[0].balance[OWED_COMP_PRINCIPAL], "40000"); /* the contract's view */
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
    c = test_case("currency=\"CNY\" as-of=\"2021-05-10\"",
             "<loan id=\"E8\" contracted=\"2021-04-29\" principal=\"20000.00\" due=\"2021-04-30\">"
             "<disbursement date=\"2021-04-29\" amount=\"19200.00\"/></loan>");
    reg = test_regime("cn-private-2020");
    l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].principal, "19200");
    /* the 800 not delivered was never lent (second edition): it is no charge, and with no
     * interest agreed nothing is enforceable; the cap, 4 x 3.85 % = 15.4 % on 19,200 for 11
     * days, 19200 x 0.154 x 11/365 = 32524.8/365 (89.11), would bound agreed charges */
    ck_assert_q(l->loans[0].withheld, "800");
    ck_assert_q(l->loans[0].cap_enforceable, "325248/3650");
    ck_assert_cents(l->loans[0].cap_enforceable, "89.11");
    ck_assert_q(l->loans[0].lawful_charges, "0");
    ck_assert_q(l->loans[0].balance, "19200");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* The 24-36 % band (2015): 10,000 for 2017-01-01..2018-01-01 (365 days) at 30 % a year:
 * K = 3,000; C_enf (24 %) = 2,400; C_ret (36 %) = 3,600.
 * Unpaid: only 2,400 is enforceable: balance 12,400.
 * Paid 13,000 on 2018-01-01: 3,000 to charges (all within the 36 % line), 10,000 to
 * principal; 600 paid in the band is kept (2015 art. 31), nothing refunded.
 * The strict variant: only 2,400 to charges, 10,000 to principal, 600 refunded. */
START_TEST(test_band_24_36)
{
    const char *loan = "<loan id=\"B\" contracted=\"2017-01-01\" principal=\"10000.00\" due=\"2018-01-01\">"
                       "<interest rate=\"30%%\" per=\"year\"/></loan>%s";
    char text[1024];
    snprintf(text, sizeof text, loan, "");
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2018-01-01\"", text);
    owed_regime *reg = test_regime("cn-private-2015");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].contract_charges, "3000");
    ck_assert_q(l->loans[0].cap_enforceable, "2400");
    ck_assert_q(l->loans[0].cap_retained, "3600");
    ck_assert_q(l->loans[0].balance, "12400");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    snprintf(text, sizeof text, loan, "<payment date=\"2018-01-01\" amount=\"13000.00\" loan=\"B\"/>");
    c = test_case("currency=\"CNY\" as-of=\"2018-01-01\"", text);
    l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].charges_paid, "3000");
    ck_assert_q(l->loans[0].principal_paid, "10000");
    ck_assert_q(l->loans[0].retained, "600");
    ck_assert_q(l->loans[0].refund, "0");
    ck_assert_q(l->loans[0].balance, "0");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);
    reg = test_regime("cn-private-2015-strict");
    l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].charges_paid, "2400");
    ck_assert_q(l->loans[0].retained, "0");
    ck_assert_q(l->loans[0].refund, "600");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* A payment above the lawful charges reduces principal: 1,000 at 1 % a day for 30 days
 * (K = 300), formed 2024-11-04 (cap 12.4 %): C = 1000 x 0.124 x 30/365 = 744/73 (10.19).
 * The 300 paid on day 30 goes 744/73 to charges and 300 - 744/73 = 21156/73 (289.81) to
 * principal: 1000 - 21156/73 = 51844/73 (710.19) left. */
START_TEST(test_payment_reduces_principal)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-12-04\"",
                        "<loan id=\"P\" contracted=\"2024-11-04\" principal=\"1000.00\" due=\"2024-12-04\">"
                        "<interest rate=\"1%\" per=\"day\"/></loan>"
                        "<payment date=\"2024-12-04\" amount=\"300.00\"/>");
    owed_regime *reg = test_regime("cn-private-2020");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].charges_paid, "744/73");
    ck_assert_q(l->loans[0].principal, "51844/73");
    ck_assert_cents(l->loans[0].principal, "710.19");
    ck_assert_q(cr->loans[0].balance[OWED_COMP_PRINCIPAL], "1000"); /* the contract: all interest */
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* Two undesignated payments across three loans with no charges (K = 0):
 * A 1,000 due 2024-01-11, B 500 due 2024-01-21, C 300 due 2024-02-01.
 * 1,200 on 2024-01-15: A is due: 1,000 to A; then the earliest due, B: 200.
 * 700 on 2024-01-25: B is due: 300; then C: 300; 100 left: a refund (on the first loan). */
START_TEST(test_undesignated_across_three_loans)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-02-10\"",
                        "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\"/>"
                        "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"500.00\" due=\"2024-01-21\"/>"
                        "<loan id=\"C\" contracted=\"2024-01-01\" principal=\"300.00\" due=\"2024-02-01\"/>"
                        "<payment date=\"2024-01-15\" amount=\"1200.00\"/>"
                        "<payment date=\"2024-01-25\" amount=\"700.00\"/>");
    owed_regime *reg = test_regime("cn-private-2020");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].principal_paid, "1000");
    ck_assert_q(l->loans[1].principal_paid, "500");
    ck_assert_q(l->loans[2].principal_paid, "300");
    ck_assert_q(l->loans[0].refund, "100");
    owed_lawful_free(l);
    owed_replay_free(cr);
    /* After the first payment only: B has 300 left, C all of it. */
    l = lawful(c, reg, test_day("2024-01-20"), &cr);
    ck_assert_q(l->loans[1].principal, "300");
    ck_assert_q(l->loans[2].principal, "300");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* The regime's allocation order, most-burdensome by the agreed daily cost.  A and B, 1,000.00
 * each lent on 2024-01-01; A at 0.05 % a day due 2024-01-11, B at 0.1 % a day due 2024-01-16;
 * 1,500.00 paid without designation on 2024-03-14 (both due).  Test regimes: a flat 24 %
 * cap on 365 days.  For the 73 days 2024-01-01 .. 2024-03-13: the cap is 1000 x 0.24 x
 * 73/365 = 48.00 on each; A's agreed interest 36.50 is under it, B's 73.00 is not: A owes
 * 1,036.50, B 1,048.00.
 *  - tests/lawful/alloc-burden.xml (due, least-secured, most-burdensome, earliest-due,
 *    pro-rata): both are due, security is not recorded, and B's 0.1 % a day beats A's 0.05 %:
 *    B takes 1,048.00 (charges 48.00, principal 1,000.00), A the rest, 452.00 (charges 36.50,
 *    principal 415.50, leaving 584.50).  B's move says most-burdensome, A's none.
 *  - tests/lawful/alloc-no-burden.xml (due, earliest-due, pro-rata: the order before the
 *    burden step was applied): A fell due first and takes 1,036.50 (charges 36.50, principal
 *    1,000.00), B 463.50 (charges 48.00, principal 415.50, leaving 584.50).  A's move says
 *    earliest-due, B's none.
 *  - the shipped cn-private-2020 lists most-burdensome too: B is paid off first. */
/* A regime file of tests/lawful/. */
static owed_regime *fixture_regime(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/lawful/%s", getenv("top_srcdir"), name);
    return test_regime(path);
}

/* Every move of loan `loan` says `decided`, those of the other loans `other`. */
static void assert_moves(const owed_lawful *l, size_t loan, owed_alloc_decider decided,
                         owed_alloc_decider other)
{
    for (size_t k = 0; k < l->n_moves; k++)
        ck_assert_int_eq(l->moves[k].allocation, l->moves[k].loan == loan ? decided : other);
}

START_TEST(test_allocation_order)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-03-14\"",
                             "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-11\">"
                             "<interest rate=\"0.05%\" per=\"day\"/></loan>"
                             "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"1000.00\" due=\"2024-01-16\">"
                             "<interest rate=\"0.1%\" per=\"day\"/></loan>"
                             "<payment date=\"2024-03-14\" amount=\"1500.00\"/>");
    owed_regime *reg = fixture_regime("alloc-burden.xml");
    ck_assert_int_eq(owed_regime_allocation(reg)->burden, OWED_BURDEN_DAILY_COST);
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[1].charges_paid, "48");
    ck_assert_q(l->loans[1].principal_paid, "1000");
    ck_assert_q(l->loans[0].charges_paid, "36.5");
    ck_assert_q(l->loans[0].principal_paid, "415.5");
    ck_assert_q(l->loans[0].principal, "584.5");
    ck_assert_uint_eq(l->n_moves, 2);
    assert_moves(l, 1, OWED_DECIDED_MOST_BURDENSOME, OWED_DECIDED_NONE);
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);

    reg = fixture_regime("alloc-no-burden.xml");
    l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].charges_paid, "36.5");
    ck_assert_q(l->loans[0].principal_paid, "1000");
    ck_assert_q(l->loans[1].charges_paid, "48");
    ck_assert_q(l->loans[1].principal_paid, "415.5");
    ck_assert_q(l->loans[1].principal, "584.5");
    assert_moves(l, 0, OWED_DECIDED_EARLIEST_DUE, OWED_DECIDED_NONE);
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);

    reg = test_regime("cn-private-2020");
    l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[1].principal, "0");
    ck_assert(mpq_sgn(l->loans[0].principal) > 0);
    assert_moves(l, 1, OWED_DECIDED_MOST_BURDENSOME, OWED_DECIDED_NONE);
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);
    owed_case_free(c);
}
END_TEST

/* A designated payment's move says designated. */
START_TEST(test_designated_move)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-10\"",
                             "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"100.00\" due=\"2024-02-01\"/>"
                             "<loan id=\"B\" contracted=\"2024-01-01\" principal=\"100.00\" due=\"2024-01-05\"/>"
                             "<payment date=\"2024-01-10\" amount=\"50.00\" loan=\"A\"/>");
    owed_regime *reg = test_regime("cn-private-2020");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_uint_eq(l->n_moves, 1);
    ck_assert_uint_eq(l->moves[0].loan, 0);
    ck_assert_int_eq(l->moves[0].allocation, OWED_DECIDED_DESIGNATED);
    ck_assert_q(l->loans[0].principal, "50");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_regime_free(reg);
    owed_case_free(c);
}
END_TEST

/* Where a payment sits in the file does not matter: two same-day payments to two loans on
 * one line (a minified file) give what they give on two lines.  Each loan: 1,000 at 1 % a
 * day from 2024-11-04 (cap 12.4 %); on 2024-12-04, 300 to A and 500 to B. */
START_TEST(test_payments_on_one_line)
{
    const char *loans =
        "<loan id=\"A\" contracted=\"2024-11-04\" principal=\"1000.00\" due=\"2024-12-04\"><interest rate=\"1%\" per=\"day\"/></loan>\n"
        "<loan id=\"B\" contracted=\"2024-11-04\" principal=\"1000.00\" due=\"2024-12-04\"><interest rate=\"1%\" per=\"day\"/></loan>\n";
    char one[2048], two[2048];
    snprintf(one, sizeof one, "%s<payment date=\"2024-12-04\" amount=\"300.00\" loan=\"A\"/><payment date=\"2024-12-04\" amount=\"500.00\" loan=\"B\"/>", loans);
    snprintf(two, sizeof two, "%s<payment date=\"2024-12-04\" amount=\"300.00\" loan=\"A\"/>\n<payment date=\"2024-12-04\" amount=\"500.00\" loan=\"B\"/>", loans);
    owed_regime *reg = test_regime("cn-private-2020");
    owed_case *c1 = test_case("currency=\"CNY\" as-of=\"2024-12-10\"", one);
    owed_case *c2 = test_case("currency=\"CNY\" as-of=\"2024-12-10\"", two);
    ck_assert_int_eq(c1->events[0].line, c1->events[1].line);
    owed_replay *r1 = NULL, *r2 = NULL;
    owed_lawful *l1 = lawful(c1, reg, c1->as_of, &r1);
    owed_lawful *l2 = lawful(c2, reg, c2->as_of, &r2);
    for (size_t i = 0; i < 2; i++) {
        ck_assert(mpq_equal(l1->loans[i].charges_paid, l2->loans[i].charges_paid));
        ck_assert(mpq_equal(l1->loans[i].principal, l2->loans[i].principal));
        ck_assert(mpq_equal(l1->loans[i].balance, l2->loans[i].balance));
    }
    /* A: 744/73 to charges (1000 x 0.124 x 30/365), the rest of 300 to principal */
    ck_assert_q(l1->loans[0].charges_paid, "744/73");
    ck_assert_q(l1->loans[1].charges_paid, "744/73");
    owed_lawful_free(l1);
    owed_lawful_free(l2);
    owed_replay_free(r1);
    owed_replay_free(r2);
    owed_case_free(c1);
    owed_case_free(c2);
    owed_regime_free(reg);
}
END_TEST

/* A loan spanning 2020-08-20 (cn-private-2020 transition): 10,000 delivered 2020-01-01 at
 * 36 % a year; suit filed 2021-05-20 (LPR 3.85 %).  2020-01-01..2020-08-20: 232 days at
 * 24 % = 556800/365; 2020-08-20..2021-05-20: 273 days at 15.4 % = 420420/365; total
 * 977220/365 = 2677.32.  The contract charged 10000 x 0.36 x 505/365 = 4980.82. */
START_TEST(test_transition_2020_08_20)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2021-05-20\" filed=\"2021-05-20\"",
                        "<loan id=\"T\" contracted=\"2020-01-01\" principal=\"10000.00\" due=\"2020-07-01\">"
                        "<interest rate=\"36%\" per=\"year\"/></loan>");
    owed_regime *reg = test_regime("cn-private-2020");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].cap_enforceable, "977220/365");
    ck_assert_cents(l->loans[0].lawful_charges, "2677.32");
    ck_assert_cents(l->loans[0].contract_charges, "4980.82");
    ck_assert_int_eq(l->loans[0].n_segments, 2);
    ck_assert_int_eq(l->loans[0].segments[0].to, test_day("2020-08-20"));
    ck_assert_int_eq(l->filing_is_as_of, 0);
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* The caps as one sum (lawful.c flush_caps: base x days summed, times each rate once),
 * across flushes that leave the base as it was (payments below the charges), a base that
 * grows (a second tranche) and a rate that changes (2020-08-20).  Loan T of test above,
 * delivered in two tranches, 6,000 on 2020-01-01 and 4,000 on 2020-03-01, with payments of
 * 10 on 2020-02-10, 2020-06-01 and 2020-10-01 (each far below the charges accrued, so the
 * lawful principal stays the delivered amount); cn-private-2020 counts the first day and
 * not the last, on 365 days:
 *   6,000 x 24 % x 60/365 (2020-01-01 .. 02-29)     =  86400/365
 *  10,000 x 24 % x 172/365 (2020-03-01 .. 08-19)    = 412800/365
 *  10,000 x 15.4 % x 273/365 (2020-08-20 .. 2021-05-19, 4 x LPR 3.85 % at filing)
 *                                                   = 420420/365
 * in all 919620/365 = 183924/73 (2,519.51); without the 24 % part the same loan's second
 * segment alone would be test_transition_2020_08_20's 420420/365. */
START_TEST(test_caps_summed_across_flushes)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2021-05-20\" filed=\"2021-05-20\"",
                             "<loan id=\"T\" contracted=\"2020-01-01\" principal=\"10000.00\" "
                             "due=\"2020-07-01\">"
                             "<disbursement date=\"2020-01-01\" amount=\"6000.00\"/>"
                             "<disbursement date=\"2020-03-01\" amount=\"4000.00\"/>"
                             "<interest rate=\"36%\" per=\"year\"/></loan>"
                             "<payment date=\"2020-02-10\" amount=\"10.00\" loan=\"T\"/>"
                             "<payment date=\"2020-06-01\" amount=\"10.00\" loan=\"T\"/>"
                             "<payment date=\"2020-10-01\" amount=\"10.00\" loan=\"T\"/>");
    owed_regime *reg = test_regime("cn-private-2020");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_q(l->loans[0].cap_enforceable, "183924/73");
    ck_assert_cents(l->loans[0].cap_enforceable, "2519.51");
    ck_assert_q(l->loans[0].principal, "10000");
    ck_assert_int_eq(l->loans[0].n_segments, 2);
    owed_lawful_free(l);
    owed_replay_free(cr);
    /* To 2020-08-19 (as of 08-20): the 24 % part alone, (86400 + 412800)/365 = 499200/365
     * = 99840/73, every flush on the summed path */
    l = lawful(c, reg, test_day("2020-08-20"), &cr);
    ck_assert_q(l->loans[0].cap_enforceable, "99840/73");
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- generated cases */

static unsigned long lcg_state;
static unsigned long next_rand(unsigned long n)
{
    lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
    return (lcg_state >> 33) % n;
}

/* A random case of 1-3 loans with random terms and payments, as case-file text; payment k
 * is raised by `extra` (whole yuan) when k == bump. */
static void random_case(char *buf, size_t size, unsigned long seed, int bump, int extra)
{
    lcg_state = seed;
    static const char *const rates[] = {"0.05%", "0.1%", "0.3%", "1%"};
    static const char *const per[] = {"day", "day", "day", "day"};
    size_t n = 0;
    int loans = 1 + (int)next_rand(3);
    for (int i = 0; i < loans; i++) {
        int start = 1 + (int)next_rand(20);
        int term = 7 + (int)next_rand(60);
        int principal = 500 + 100 * (int)next_rand(50);
        int withheld = (int)next_rand(3) == 0 ? 10 * (int)next_rand(principal / 20) : 0;
        n += (size_t)snprintf(buf + n, size - n,
                              "<loan id=\"L%d\" contracted=\"2024-01-%02d\" principal=\"%d.00\" term-days=\"%d\">"
                              "<disbursement date=\"2024-01-%02d\" amount=\"%d.00\"/>"
                              "<interest rate=\"%s\" per=\"%s\"/>",
                              i, start, principal, term, start, principal - withheld,
                              rates[next_rand(4)], per[next_rand(4)]);
        if (withheld)
            n += (size_t)snprintf(buf + n, size - n,
                                  "<fee name=\"w\" amount=\"%d.00\" at=\"upfront\"/>", withheld);
        if (next_rand(2))
            n += (size_t)snprintf(buf + n, size - n,
                                  "<fee name=\"m\" amount=\"%d.00\" at=\"maturity\"/>",
                                  10 * (int)next_rand(30));
        if (next_rand(2))
            n += (size_t)snprintf(buf + n, size - n, "<overdue rate=\"%s\" per=\"day\"/>",
                                  rates[next_rand(4)]);
        n += (size_t)snprintf(buf + n, size - n, "</loan>");
    }
    int payments = (int)next_rand(6);
    for (int k = 0; k < payments; k++) {
        int amount = 50 * (1 + (int)next_rand(40)) + (k == bump ? extra : 0);
        int target = (int)next_rand((unsigned long)loans + 1) - 1;
        char who[32] = "";
        if (target >= 0)
            snprintf(who, sizeof who, " loan=\"L%d\"", target);
        n += (size_t)snprintf(buf + n, size - n,
                              "<payment date=\"2024-%02d-%02d\" amount=\"%d.00\"%s/>",
                              2 + k, 1 + (int)next_rand(28), amount, who);
    }
}

/* Sum over loans of (lawful balance - refund): what the borrower owes net by law. */
static void lawful_net(mpq_t out, const owed_lawful *l)
{
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < l->n_loans; i++) {
        mpq_add(out, out, l->loans[i].balance);
        mpq_sub(out, out, l->loans[i].refund);
    }
}

/* Before 2015-09-01 (cn-private-1991; SPC opinions on lending cases 1991, art. 6): the cap
 * is 4 x the PBoC benchmark lending rate in force when the contract was formed.  100,000
 * delivered 2014-01-10, agreed 3 % a month (36 % a year, accrued by day), repaid with
 * 118,000 on 2014-07-10.  Days 2014-01-10..2014-07-10, the first day counted and not the
 * last: 22 (January 10..31) + 28 + 31 + 30 + 31 + 30 + 9 (July 1..9) = 181.
 * One-year bracket, fixing of 2012-07-06 (6.00 %): 4 x 6 % = 24 % a year;
 *   C = 100000 x 4 x 0.06 x 181/365 = 4344000/365 = 868800/73 (11,901.37).
 * Six-month bracket (the variant cn-private-1991-6m), fixing of 2012-07-06 (5.60 %):
 *   C = 100000 x 4 x 0.056 x 181/365 = 4054400/365 = 810880/73 (11,107.95).
 * The contract charged K = 100000 x 0.36 x 181/365 = 6516000/365 = 1303200/73 (17,852.05),
 * above both caps, so the lawful charges are the cap.  Above the cap is void: the payment
 * goes to the lawful charges, then 100,000 to principal, and the rest is refunded:
 *   118000 - 100000 - 868800/73 = 445200/73 (6,098.63), six-month: 503120/73 (6,892.05).
 * A loan formed on 2015-09-01 is outside the regime: no cap period covers it. */
START_TEST(test_private_1991)
{
    const char *loan = "<loan id=\"L\" contracted=\"%s\" principal=\"100000.00\" due=\"%s\">"
                       "<disbursement date=\"%s\" amount=\"100000.00\"/>"
                       "<interest rate=\"3%%\" per=\"month\"/></loan>"
                       "<payment date=\"%s\" amount=\"118000.00\" loan=\"L\"/>";
    struct { const char *id, *rate, *cap, *cents, *refund; } v[] = {
        {"cn-private-1991", "3/50", "868800/73", "11901.37", "445200/73"},
        {"cn-private-1991-6m", "7/125", "810880/73", "11107.95", "503120/73"},
    };
    char text[1024];
    snprintf(text, sizeof text, loan, "2014-01-10", "2014-07-10", "2014-01-10", "2014-07-10");
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2014-07-10\"", text);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        owed_regime *reg = test_regime(v[i].id);
        owed_replay *cr = NULL;
        owed_lawful *l = lawful(c, reg, c->as_of, &cr);
        const owed_lawful_loan *L = &l->loans[0];
        ck_assert_uint_eq(L->n_segments, 1);
        ck_assert_ptr_nonnull(L->segments[0].period);
        ck_assert_int_eq(L->segments[0].table_ref, OWED_REF_FORMATION);
        ck_assert_int_eq(L->segments[0].table_date, test_day("2014-01-10"));
        ck_assert_int_eq(L->segments[0].table_fixing, test_day("2012-07-06"));
        ck_assert_q(L->segments[0].table_rate, v[i].rate);
        ck_assert(!L->segments[0].table_unconfirmed);
        ck_assert_q(L->contract_charges, "1303200/73");
        ck_assert_q(L->cap_enforceable, v[i].cap);
        ck_assert_q(L->cap_retained, v[i].cap); /* no band kept if paid */
        ck_assert_cents(L->cap_enforceable, v[i].cents);
        ck_assert_q(L->lawful_charges, v[i].cap);
        ck_assert_q(L->charges_paid, v[i].cap);
        ck_assert_q(L->principal_paid, "100000");
        ck_assert_q(L->retained, "0");
        ck_assert_q(L->refund, v[i].refund);
        ck_assert_q(L->balance, "0");
        owed_lawful_free(l);
        owed_replay_free(cr);
        owed_regime_free(reg);
    }
    owed_case_free(c);

    snprintf(text, sizeof text, loan, "2015-09-01", "2016-03-01", "2015-09-01", "2016-03-01");
    c = test_case("currency=\"CNY\" as-of=\"2016-03-01\"", text);
    owed_regime *reg = test_regime("cn-private-1991");
    owed_replay *cr = NULL;
    owed_lawful *l = lawful(c, reg, c->as_of, &cr);
    ck_assert_ptr_null(l->loans[0].segments[0].period);
    ck_assert_int_gt(l->loans[0].uncapped_days, 0);
    owed_lawful_free(l);
    owed_replay_free(cr);
    owed_case_free(c);
    owed_regime_free(reg);
}
END_TEST

/* Invariants on 300 generated cases under every shipped Chinese regime: lawful charges
 * never exceed the contract's or the cap (owed_lawful_check), payments are conserved, and
 * a larger payment never raises what is owed by law. */
START_TEST(test_generated_invariants)
{
    const char *ids[] = {"cn-private-2015", "cn-private-2015-strict", "cn-private-2020",
                         "cn-licensed", "cn-cash-loan-2017"};
    owed_regime *regs[5];
    for (int g = 0; g < 5; g++)
        regs[g] = test_regime(ids[g]);
    static char text[16384];
    mpq_t before[5], after;
    mpq_init(after);
    for (int g = 0; g < 5; g++)
        mpq_init(before[g]);
    for (unsigned long seed = 1; seed <= 300; seed++) {
        for (int variant = 0; variant < 2; variant++) {
            random_case(text, sizeof text, seed, 0, variant ? 300 : 0);
            owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-09-30\"", text);
            for (int g = 0; g < 5; g++) {
                owed_replay *cr = NULL;
                owed_lawful *l = lawful(c, regs[g], c->as_of, &cr);
                /* Lp <= K_L always (and <= the cap: owed_lawful_check); Lp <= K where both
                   views apply payments alike (see check_properties.c, property 2) */
                for (size_t i = 0; i < l->n_loans; i++) {
                    ck_assert_msg(mpq_cmp(l->loans[i].lawful_charges, l->loans[i].agreed_charges) <= 0,
                                  "seed %lu", seed);
                    if (c->n_loans == 1 && !c->loans[0].order_given)
                        ck_assert_msg(mpq_cmp(l->loans[i].lawful_charges,
                                              l->loans[i].contract_charges) <= 0,
                                      "seed %lu", seed);
                }
                lawful_net(after, l);
                if (variant == 0)
                    mpq_set(before[g], after);
                else if (c->n_events > 0)
                    ck_assert_msg(mpq_cmp(after, before[g]) <= 0,
                                  "seed %lu regime %s: paying 300 more raised the net owed", seed,
                                  ids[g]);
                owed_lawful_free(l);
                owed_replay_free(cr);
            }
            owed_case_free(c);
        }
    }
    mpq_clear(after);
    for (int g = 0; g < 5; g++)
        mpq_clear(before[g]);
    for (int g = 0; g < 5; g++)
        owed_regime_free(regs[g]);
}
END_TEST

/* The replay's kept cap views and view ends (owed_regime_cap_for_kept,
 * owed_regime_view_until_kept) answer as the plain resolution does, for loans formed over
 * four decades under regimes with fixed limits, tables looked up at formation, filing or
 * on the accrual day, and formation boundaries; one memo of spans serves all the regimes,
 * as the store's does, and two views per loan as a slot's. */
START_TEST(test_kept_views_agree)
{
    const char *ids[] = {"cn-private-1991", "cn-private-2020", "cn-cash-loan-2017",
                         "jp-interest-rate-act", "cn-licensed"};
    enum { N = sizeof ids / sizeof ids[0] };
    owed_regime *regs[N];
    for (int g = 0; g < N; g++)
        regs[g] = test_regime(ids[g]);
    owed_view_spans spans;
    memset(&spans, 0, sizeof spans);
    owed_cap_view a, b, fresh;
    owed_cap_view_init(&a);
    owed_cap_view_init(&b);
    owed_cap_view_init(&fresh);
    owed_date filing = owed_date_from_ymd(2024, 3, 1);
    long compared = 0;
    for (owed_date formed = owed_date_from_ymd(1988, 1, 1);
         formed < owed_date_from_ymd(2025, 1, 1); formed += 97) {
        for (int g = 0; g < N; g++) {
            owed_cap_view *view = &a, *spare = &b;
            for (owed_date day = formed; day < formed + 3000; day += 61) {
                owed_date until = owed_regime_view_until(regs[g], formed, day);
                ck_assert_int_eq(owed_regime_view_until_kept(regs[g], formed, day, &spans),
                                 until);
                ck_assert_int_gt(until, day);
                owed_cap_select sel = {.tier = NULL, .overdue = (day - formed) % 2};
                int applies = 0, applies_fresh = 0;
                owed_error e1, e2;
                owed_error_clear(&e1);
                owed_error_clear(&e2);
                owed_status st = owed_regime_cap_for_kept(regs[g], formed, filing, day, &sel,
                                                          &view, &spare, &applies, &e1);
                owed_status st_fresh = owed_regime_cap_for(regs[g], formed, filing, day, &sel,
                                                           &fresh, &applies_fresh, &e2);
                ck_assert_int_eq(st, st_fresh);
                ck_assert_int_eq(applies, applies_fresh);
                ck_assert(view == &a || view == &b);
                ck_assert(spare != view);
                if (st != OWED_OK || !applies)
                    continue;
                ck_assert_ptr_eq(view->period, fresh.period);
                ck_assert_uint_eq(view->n_bands, fresh.n_bands);
                for (size_t k = 0; k < fresh.n_bands; k++) {
                    ck_assert(mpq_equal(view->limit[k], fresh.limit[k]));
                    ck_assert_int_eq(view->effect[k], fresh.effect[k]);
                }
                ck_assert_int_eq(view->uses_table, fresh.uses_table);
                if (fresh.uses_table) {
                    ck_assert_int_eq(view->table_date, fresh.table_date);
                    ck_assert_int_eq(view->table_fixing, fresh.table_fixing);
                    ck_assert_int_eq(view->table_beyond_complete, fresh.table_beyond_complete);
                    ck_assert(mpq_equal(view->table_rate, fresh.table_rate));
                }
                /* as the replay does on the days a view is kept */
                view->table_date = day + 1;
                compared++;
            }
        }
    }
    ck_assert_int_gt(compared, 10000);
    owed_cap_view_clear(&a);
    owed_cap_view_clear(&b);
    owed_cap_view_clear(&fresh);
    for (int g = 0; g < N; g++)
        owed_regime_free(regs[g]);
}
END_TEST

/* A burden's terms (owed_burden_terms_of): interest at 36 % a year on the actual basis
 * before the due date 2024-01-31, the overdue rate 0.1 % a day from the due date; equal
 * terms give equal burdens (what the replay's kept burden relies on), and nothing runs for a
 * loan with no principal owed. */
START_TEST(test_burden_terms)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2025-03-01\"",
                             "<loan id=\"A\" contracted=\"2023-12-01\" principal=\"1000.00\" "
                             "due=\"2024-01-31\"><interest rate=\"36%\" per=\"year\" "
                             "basis=\"actual\"/><overdue rate=\"0.1%\" per=\"day\"/></loan>");
    const owed_loan *L = &c->loans[0];
    owed_date due = test_day("2024-01-31");
    owed_burden_terms t = owed_burden_terms_of(OWED_BURDEN_DAILY_COST, L, due,
                                               test_day("2023-12-20"), 1);
    ck_assert_int_eq(t.interest, 1);
    ck_assert_int_eq(t.penalty, 0);
    ck_assert_int_eq(t.year_i, 365);
    ck_assert_int_eq(t.year_p, 0);
    t = owed_burden_terms_of(OWED_BURDEN_DAILY_COST, L, due, test_day("2024-01-10"), 1);
    ck_assert_int_eq(t.year_i, 366); /* a day of 2024 on the actual basis */
    t = owed_burden_terms_of(OWED_BURDEN_DAILY_COST, L, due, due, 1);
    ck_assert_int_eq(t.penalty, 1);
    ck_assert_int_eq(t.year_p, 0); /* per day */
    t = owed_burden_terms_of(OWED_BURDEN_DAILY_COST, L, due, due, 0);
    ck_assert(t.interest == 0 && t.penalty == 0 && t.year_i == 0 && t.year_p == 0);
    /* two days of equal terms, equal burdens: interest runs on after the due date */
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    owed_burden(a, OWED_BURDEN_DAILY_COST, L, due, test_day("2024-03-01"), 1);
    owed_burden(b, OWED_BURDEN_DAILY_COST, L, due, test_day("2024-11-30"), 1);
    ck_assert(mpq_equal(a, b));
    ck_assert_q(a, "121/61000"); /* 0.36 / 366 + 0.001 */
    owed_burden(b, OWED_BURDEN_DAILY_COST, L, due, test_day("2025-01-02"), 1);
    ck_assert_q(b, "29/14600"); /* 0.36 / 365 + 0.001 */
    mpq_clears(a, b, NULL);
    owed_case_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lawful");
    TCase *t = tcase_create("replay");
    tcase_add_test(t, test_e1_jingning);
    tcase_add_test(t, test_e13_withheld_fee);
    tcase_add_test(t, test_overpayment_refund);
    tcase_add_test(t, test_e7_e8_principal_is_delivered);
    tcase_add_test(t, test_band_24_36);
    tcase_add_test(t, test_payment_reduces_principal);
    tcase_add_test(t, test_undesignated_across_three_loans);
    tcase_add_test(t, test_transition_2020_08_20);
    tcase_add_test(t, test_caps_summed_across_flushes);
    tcase_add_test(t, test_payments_on_one_line);
    tcase_add_test(t, test_allocation_order);
    tcase_add_test(t, test_designated_move);
    tcase_add_test(t, test_private_1991);
    tcase_add_test(t, test_generated_invariants);
    tcase_add_test(t, test_kept_views_agree);
    tcase_add_test(t, test_burden_terms);
    tcase_set_timeout(t, 300);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
