/* Unit tests of owed_report_build_parts (report.h): a report built with some parts left out
 * gives exactly the figures of the full report for the parts it has, and leaves the others
 * empty, as report.h says.  The cases are samples with several loans, a claim (whose
 * balances come from the replays' samples, which the chart's days no longer share) and
 * payments split between loans, under two regimes.  $top_srcdir and $OWED_DATADIR come from
 * make check. */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_read.h"
#include "report.h"
#include "testutil.h"

static owed_case *sample(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/%s", getenv("top_srcdir"), name);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_case_read_file(path, test_schema(), &c, &err) == OWED_OK, "%s: %s", path,
                  err.text);
    return c;
}

/* "" for no rate, else every root of the result as percents, ";"-separated. */
static void rate_text(char *out, size_t cap, const owed_apr_result *res)
{
    out[0] = '\0';
    if (res == NULL)
        return;
    snprintf(out, cap, "%d:", (int)owed_apr_result_outcome(res));
    for (size_t k = 0; k < owed_apr_result_root_count(res); k++) {
        char *p = owed_apr_result_percent(res, k);
        strncat(out, p ? p : "?", cap - strlen(out) - 1);
        strncat(out, ";", cap - strlen(out) - 1);
        free(p);
    }
}

static void same_rate(const owed_apr_result *a, const owed_apr_result *b)
{
    char x[512], y[512];
    rate_text(x, sizeof x, a);
    rate_text(y, sizeof y, b);
    ck_assert_str_eq(x, y);
}

/* The figures both reports always have are equal. */
static void same_views(const owed_report *full, const owed_report *part)
{
    const owed_case *c = full->kase;
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    for (size_t i = 0; i < c->n_loans; i++) {
        owed_loan_total(a, &full->contract->loans[i]);
        owed_loan_total(b, &part->contract->loans[i]);
        ck_assert(mpq_equal(a, b));
        for (size_t g = 0; g < full->n_regimes; g++) {
            ck_assert(mpq_equal(full->lawful[g]->loans[i].balance,
                                part->lawful[g]->loans[i].balance));
            ck_assert(mpq_equal(full->lawful[g]->loans[i].above_cap,
                                part->lawful[g]->loans[i].above_cap));
            ck_assert(mpq_equal(full->lawful[g]->loans[i].lawful_charges,
                                part->lawful[g]->loans[i].lawful_charges));
            ck_assert(mpq_equal(full->lawful[g]->loans[i].charges_paid,
                                part->lawful[g]->loans[i].charges_paid));
            ck_assert(mpq_equal(full->lawful[g]->loans[i].retention_line,
                                part->lawful[g]->loans[i].retention_line));
            ck_assert(mpq_equal(full->lawful[g]->loans[i].refund,
                                part->lawful[g]->loans[i].refund));
            ck_assert(mpq_equal(full->lawful[g]->loans[i].prepaid,
                                part->lawful[g]->loans[i].prepaid));
            const owed_lawful_loan *fl = &full->lawful[g]->loans[i];
            const owed_lawful_loan *pl = &part->lawful[g]->loans[i];
            ck_assert_uint_eq(fl->n_segments, pl->n_segments);
            for (size_t k = 0; k < fl->n_segments; k++) {
                ck_assert_int_eq(fl->segments[k].from, pl->segments[k].from);
                ck_assert_int_eq(fl->segments[k].to, pl->segments[k].to);
                ck_assert_ptr_eq(fl->segments[k].period, pl->segments[k].period);
                ck_assert_int_eq(fl->segments[k].uses_table, pl->segments[k].uses_table);
                ck_assert(mpq_equal(fl->segments[k].enforceable, pl->segments[k].enforceable));
                ck_assert(mpq_equal(fl->segments[k].retained, pl->segments[k].retained));
                ck_assert(mpq_equal(fl->segments[k].table_rate, pl->segments[k].table_rate));
            }
            ck_assert_uint_eq(fl->n_refunds, pl->n_refunds);
        }
    }
    ck_assert_uint_eq(full->n_claims, part->n_claims);
    for (size_t k = 0; k < full->n_claims; k++) {
        ck_assert(mpq_equal(full->claims[k].contract_total, part->claims[k].contract_total));
        for (size_t g = 0; g < full->n_regimes; g++)
            ck_assert(mpq_equal(full->claims[k].lawful_total[g], part->claims[k].lawful_total[g]));
    }
    ck_assert_uint_eq(full->n_findings, part->n_findings);
    for (size_t k = 0; k < full->n_findings; k++) {
        ck_assert_int_eq(full->findings[k].kind, part->findings[k].kind);
        ck_assert_int_eq(full->findings[k].regime, part->findings[k].regime);
        ck_assert_uint_eq(full->findings[k].claim, part->findings[k].claim);
        ck_assert_uint_eq(full->findings[k].loan, part->findings[k].loan);
        ck_assert_int_eq(full->findings[k].component, part->findings[k].component);
        if (part->parts & OWED_PART_FINDING_FIGURES) {
            ck_assert(mpq_equal(full->findings[k].excess, part->findings[k].excess));
        } else { /* not asked for: 0 (a finding's excess is never 0) */
            if (full->parts & OWED_PART_FINDING_FIGURES)
                ck_assert_int_gt(mpq_sgn(full->findings[k].excess), 0);
            ck_assert_int_eq(mpq_sgn(part->findings[k].excess), 0);
            ck_assert_int_eq(mpq_sgn(part->findings[k].claimed), 0);
        }
    }
    ck_assert_uint_eq(full->n_scope_warnings, part->n_scope_warnings);
    if (part->parts & OWED_PART_TOTALS)
        for (size_t g = 0; g < full->n_regimes; g++) {
            ck_assert(mpq_equal(full->lawful_totals[g].net, part->lawful_totals[g].net));
            ck_assert(mpq_equal(full->total.total, part->total.total));
        }
    else
        ck_assert_ptr_null(part->lawful_totals);
    mpq_clears(a, b, NULL);
}

static void check_case(const char *name, size_t min_claims)
{
    owed_case *c = sample(name);
    const owed_regime *regs[2] = {test_regime("cn-private-2015"), test_regime("cn-private-2020")};
    owed_error err;
    owed_error_clear(&err);
    owed_report *full = NULL;
    ck_assert_msg(owed_report_build(c, c->as_of, regs, 2, &full, &err) == OWED_OK, "%s",
                  err.text);
    ck_assert_uint_eq(full->parts, OWED_PART_ALL);
    ck_assert_uint_ge(full->n_claims, min_claims);
    ck_assert_ptr_nonnull(full->series);
    ck_assert_ptr_nonnull(full->names);
    for (int m = 0; m < OWED_COST_METHODS; m++) {
        owed_report *part = NULL;
        ck_assert(owed_report_build_parts(c, c->as_of, regs, 2, 1u << m, &part, &err) ==
                  OWED_OK);
        ck_assert_uint_eq(part->parts, 1u << m);
        same_views(full, part);
        for (size_t i = 0; i < c->n_loans; i++) {
            same_rate(full->cost[i].rate[m], part->cost[i].rate[m]);
            ck_assert_str_eq(full->cost[i].why_not[m], part->cost[i].why_not[m]);
            ck_assert_ptr_null(part->cost[i].rate[1 - m]); /* the other method: not computed */
            ck_assert_str_eq(part->cost[i].why_not[1 - m], "");
        }
        ck_assert_ptr_null(part->cost[c->n_loans].rate[m]); /* all loans: not asked for */
        ck_assert_ptr_null(part->series);
        ck_assert_ptr_null(part->names);
        ck_assert_ptr_null(part->move_order);
        ck_assert_uint_eq(part->n_payments, 0);
        /* the ledger's balances: not asked for; its postings are the full report's */
        const owed_ledger *fl = &full->contract->ledger, *pl = &part->contract->ledger;
        ck_assert_int_eq(fl->without_balances, 0);
        ck_assert_int_eq(pl->without_balances, 1);
        /* the loans' charges: not asked for (0); the full report's are its ledger's */
        ck_assert_int_eq(full->contract->without_charges, 0);
        ck_assert_int_eq(part->contract->without_charges, 1);
        {
            mpq_t charged, posted;
            mpq_inits(charged, posted, NULL);
            for (size_t i = 0; i < c->n_loans; i++) {
                owed_loan_charges(charged, &part->contract->loans[i]);
                ck_assert_int_eq(mpq_sgn(charged), 0);
                mpq_set_ui(posted, 0, 1);
                for (size_t k = 0; k < fl->n; k++)
                    if (fl->items[k].loan == i && (fl->items[k].kind == OWED_POST_WITHHELD ||
                                                   fl->items[k].kind == OWED_POST_ACCRUAL ||
                                                   fl->items[k].kind == OWED_POST_CHARGE))
                        mpq_add(posted, posted, fl->items[k].amount);
                owed_loan_charges(charged, &full->contract->loans[i]);
                ck_assert(mpq_equal(charged, posted));
                ck_assert(mpq_equal(full->contract->loans[i].delivered,
                                    part->contract->loans[i].delivered));
                ck_assert(mpq_equal(full->contract->loans[i].overpaid,
                                    part->contract->loans[i].overpaid));
                for (int m2 = 0; m2 < OWED_COMP_COUNT; m2++)
                    ck_assert(mpq_equal(full->contract->loans[i].paid[m2],
                                        part->contract->loans[i].paid[m2]));
            }
            mpq_clears(charged, posted, NULL);
        }
        ck_assert_uint_eq(fl->n, pl->n);
        for (size_t k = 0; k < fl->n; k++) {
            ck_assert_int_eq(fl->items[k].kind, pl->items[k].kind);
            ck_assert_uint_eq(fl->items[k].loan, pl->items[k].loan);
            ck_assert_int_eq(fl->items[k].date, pl->items[k].date);
            ck_assert(mpq_equal(fl->items[k].amount, pl->items[k].amount));
            ck_assert_uint_eq(mpz_size(mpq_denref(pl->items[k].balance)), 0); /* none made */
        }
        for (size_t g = 0; g < 2; g++) { /* checkpoints and moves: not asked for */
            ck_assert_uint_gt(full->lawful[g]->n_checkpoints, 0);
            ck_assert_ptr_null(part->lawful[g]->checkpoints);
            ck_assert_uint_eq(part->lawful[g]->n_checkpoints, 0);
            ck_assert_uint_gt(full->lawful[g]->n_moves, 0);
            ck_assert_ptr_null(part->lawful[g]->moves);
            ck_assert_uint_eq(part->lawful[g]->n_moves, 0);
        }
        owed_report_free(part);
    }
    /* every part but the chart: the same figures, the rate of all loans included */
    owed_report *most = NULL;
    ck_assert(owed_report_build_parts(c, c->as_of, regs, 2, OWED_PART_ALL & ~OWED_PART_SERIES,
                                      &most, &err) == OWED_OK);
    same_views(full, most);
    for (size_t i = 0; i <= c->n_loans; i++)
        for (int m = 0; m < OWED_COST_METHODS; m++)
            same_rate(full->cost[i].rate[m], most->cost[i].rate[m]);
    ck_assert_uint_eq(full->n_payments, most->n_payments);
    ck_assert_int_eq(most->contract->ledger.without_balances, 0);
    for (size_t g = 0; g < 2; g++) { /* the moves asked for: the full report's */
        ck_assert_uint_eq(most->lawful[g]->n_moves, full->lawful[g]->n_moves);
        for (size_t k = 0; k < full->lawful[g]->n_moves; k++) {
            const owed_lawful_move *f = &full->lawful[g]->moves[k];
            const owed_lawful_move *m = &most->lawful[g]->moves[k];
            ck_assert_uint_eq(f->event, m->event);
            ck_assert_uint_eq(f->loan, m->loan);
            ck_assert_int_eq(f->allocation, m->allocation);
            ck_assert(mpq_equal(f->to_principal, m->to_principal));
            ck_assert(mpq_equal(f->to_charges, m->to_charges));
            ck_assert(mpq_equal(f->to_band, m->to_band));
        }
    }
    for (size_t k = 0; k < full->contract->ledger.n; k++)
        ck_assert(mpq_equal(full->contract->ledger.items[k].balance,
                            most->contract->ledger.items[k].balance));
    ck_assert_ptr_nonnull(most->names);
    ck_assert_ptr_null(most->series);
    for (size_t g = 0; g < 2; g++) { /* the checkpoints asked for: the same as the full */
        ck_assert_uint_eq(most->lawful[g]->n_checkpoints, full->lawful[g]->n_checkpoints);
        for (size_t k = 0; k < full->lawful[g]->n_checkpoints; k++) {
            const owed_lawful_checkpoint *f = &full->lawful[g]->checkpoints[k];
            const owed_lawful_checkpoint *m = &most->lawful[g]->checkpoints[k];
            ck_assert_int_eq(f->date, m->date);
            ck_assert_uint_eq(f->loan, m->loan);
            for (int q = 0; q < OWED_LF_COUNT; q++)
                ck_assert(mpq_equal(f->fig[q], m->fig[q]));
        }
    }
    owed_report_free(most);
    owed_report_free(full);
    owed_regime_free((owed_regime *)regs[0]);
    owed_regime_free((owed_regime *)regs[1]);
    owed_case_free(c);
}

START_TEST(test_parts_seed_xian)
{
    check_case("seed-xian-2018.xml", 1);
}
END_TEST

START_TEST(test_parts_withheld_interest)
{
    check_case("withheld-interest-instalments.xml", 1);
}
END_TEST

START_TEST(test_parts_cash_loan)
{
    check_case("cash-loan-withheld.xml", 1);
}
END_TEST

/* Two contract views are the same: every figure of every loan, every posting, every
 * sample. */
static void same_contract(const owed_replay *a, const owed_replay *b)
{
    ck_assert_uint_eq(a->n_loans, b->n_loans);
    ck_assert_int_eq(a->without_charges, b->without_charges);
    for (size_t i = 0; i < a->n_loans; i++) {
        const owed_loan_result *x = &a->loans[i], *y = &b->loans[i];
        ck_assert(mpq_equal(x->delivered, y->delivered));
        ck_assert(mpq_equal(x->withheld, y->withheld));
        ck_assert(mpq_equal(x->interest_withheld, y->interest_withheld));
        ck_assert(mpq_equal(x->overpaid, y->overpaid));
        ck_assert(mpq_equal(x->total, y->total));
        for (int k = 0; k < OWED_COMP_COUNT; k++) {
            ck_assert(mpq_equal(x->charged[k], y->charged[k]));
            ck_assert(mpq_equal(x->paid[k], y->paid[k]));
            ck_assert(mpq_equal(x->balance[k], y->balance[k]));
        }
        ck_assert_int_eq(x->due, y->due);
        ck_assert_int_eq(x->extensions, y->extensions);
    }
    const owed_ledger *la = &a->ledger, *lb = &b->ledger;
    ck_assert_uint_eq(la->n, lb->n);
    ck_assert_int_eq(la->without_balances, lb->without_balances);
    for (size_t k = 0; k < la->n; k++) {
        const owed_posting *p = &la->items[k], *q = &lb->items[k];
        ck_assert_int_eq(p->date, q->date);
        ck_assert_int_eq(p->from, q->from);
        ck_assert_int_eq(p->to, q->to);
        ck_assert_uint_eq(p->loan, q->loan);
        ck_assert_int_eq(p->kind, q->kind);
        ck_assert_int_eq(p->component, q->component);
        ck_assert(mpq_equal(p->amount, q->amount));
        if (!la->without_balances)
            ck_assert(mpq_equal(p->balance, q->balance));
        ck_assert_ptr_eq(p->label, q->label);
        ck_assert_int_eq(p->line, q->line);
        ck_assert_int_eq(p->event, q->event);
        ck_assert_int_eq(p->allocation, q->allocation);
        ck_assert_uint_eq(owed_ledger_first(la, p->loan), owed_ledger_first(lb, q->loan));
        ck_assert_uint_eq(owed_ledger_next(la, k), owed_ledger_next(lb, k));
    }
    ck_assert_uint_eq(a->n_samples, b->n_samples);
    for (size_t k = 0; k < a->n_samples; k++)
        for (int m = 0; m < OWED_COMP_COUNT; m++)
            ck_assert(mpq_equal(a->samples[k][m], b->samples[k][m]));
}

/* A report built into the contract replay of the reports before it (cases of one, two and
 * more loans, with and without charges and balances, one after the other and back) is the
 * report built anew. */
START_TEST(test_reusing)
{
    static const char *const names[] = {"seed-xian-2018.xml", "withheld-interest-instalments.xml",
                                        "cash-loan-withheld.xml", "monthly-interest-claim.xml",
                                        "private-loan-2014.xml"};
    const size_t n_names = sizeof names / sizeof names[0];
    const owed_regime *regs[2] = {test_regime("cn-private-2015"), test_regime("cn-private-2020")};
    owed_report_spare spare = {0};
    owed_error err;
    int reused = 0;
    for (size_t round = 0; round < 3 * n_names; round++) {
        owed_case *c = sample(names[(round * 2) % n_names]);
        unsigned parts = round % 3 == 0   ? 1u << OWED_COST_XIRR
                         : round % 3 == 1 ? OWED_PART_ALL
                                          : OWED_PART_ALL & ~OWED_PART_LEDGER_BALANCES;
        owed_report *fresh = NULL, *again = NULL;
        owed_error_clear(&err);
        ck_assert_msg(owed_report_build_parts(c, c->as_of, regs, 2, parts, &fresh, &err) ==
                          OWED_OK,
                      "%s", err.text);
        reused += spare.replay != NULL;
        ck_assert_uint_eq(spare.n_lawful, round ? 2 : 0);
        ck_assert(owed_report_build_reusing(c, c->as_of, regs, 2, parts, &spare, &again, &err) ==
                  OWED_OK);
        ck_assert_ptr_null(spare.replay); /* taken */
        ck_assert_ptr_null(spare.block);  /* taken: the report is the last one's block */
        for (size_t g = 0; g < spare.n_lawful; g++)
            ck_assert_ptr_null(spare.lawful[g]); /* taken */
        same_views(fresh, again);
        same_contract(fresh->contract, again->contract);
        ck_assert_uint_eq(again->parts, parts);
        owed_report_free(fresh);
        owed_report_free_keeping(again, &spare);
        ck_assert_ptr_nonnull(spare.replay); /* kept: the case may go */
        ck_assert_ptr_nonnull(spare.lawful[0]);
        ck_assert_ptr_nonnull(spare.lawful[1]);
        ck_assert_ptr_eq(spare.block, again); /* its block, for the next */
        ck_assert_ptr_nonnull(spare.cost);
        ck_assert_uint_eq(spare.n_cost, c->n_loans + 1);
        ck_assert_ptr_nonnull(spare.flows); /* the cost views' cash flows */
        owed_case_free(c);
    }
    ck_assert_int_eq(reused, 3 * (int)n_names - 1);
    owed_report_spare_clear(&spare);
    owed_report_free_keeping(NULL, &spare); /* nothing to do */
    ck_assert_ptr_null(spare.replay);
    ck_assert_ptr_null(spare.lawful);
    ck_assert_ptr_null(spare.block);
    ck_assert_ptr_null(spare.cost);
    ck_assert_ptr_null(spare.flows);
    owed_regime_free((owed_regime *)regs[0]);
    owed_regime_free((owed_regime *)regs[1]);
}
END_TEST

/* The cost views of a report's loans share one set of flows, emptied for each: each loan's
 * rate is the one its own flows give, made anew (the three loans of seed-xian-2018: the
 * flows of a loan before it would change the rate). */
START_TEST(test_cost_views_own_flows)
{
    owed_case *c = sample("seed-xian-2018.xml");
    ck_assert_uint_ge(c->n_loans, 2);
    owed_report *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert(owed_report_build_parts(c, c->as_of, NULL, 0, 1u << OWED_COST_XIRR, &r, &err) ==
              OWED_OK);
    for (size_t i = 0; i < c->n_loans; i++) {
        owed_apr_flows *flows = owed_apr_flows_new();
        ck_assert(owed_report_cash_flows(r, i, flows, &err) == OWED_OK);
        ck_assert_uint_eq(r->cost[i].n_flows, owed_apr_flows_count(flows));
        owed_apr_options opt;
        owed_apr_options_init(&opt, OWED_APR_XIRR);
        opt.digits_only = 1;
        owed_apr_result *alone = NULL;
        ck_assert(owed_apr_compute(&alone, flows, &opt, &err) == OWED_OK);
        ck_assert_ptr_nonnull(r->cost[i].rate[OWED_COST_XIRR]);
        char *want = owed_apr_result_percent(alone, 0);
        char *got = owed_apr_result_percent(r->cost[i].rate[OWED_COST_XIRR], 0);
        ck_assert_str_eq(got, want);
        free(want);
        free(got);
        owed_apr_result_free(alone);
        owed_apr_flows_free(flows);
    }
    owed_apr_flows *flows = owed_apr_flows_new(); /* emptied: as new */
    ck_assert(owed_report_cash_flows(r, 0, flows, &err) == OWED_OK);
    owed_apr_flows_empty(flows);
    ck_assert_uint_eq(owed_apr_flows_count(flows), 0);
    ck_assert(owed_report_cash_flows(r, 1, flows, &err) == OWED_OK);
    ck_assert_uint_eq(owed_apr_flows_count(flows), r->cost[1].n_flows);
    owed_apr_flows_free(flows);
    owed_report_free(r);
    owed_case_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_parts");
    TCase *tc = tcase_create("parts");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_parts_seed_xian);
    tcase_add_test(tc, test_parts_withheld_interest);
    tcase_add_test(tc, test_parts_cash_loan);
    tcase_add_test(tc, test_reusing);
    tcase_add_test(tc, test_cost_views_own_flows);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
