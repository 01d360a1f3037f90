/* One replay answers for every day a statement asks about (sample.h): the balances it
 * samples on a day are exactly those of a replay ending that day, for the contract view
 * and the lawful view, on generated cases with every convention (calendar months, both end
 * days, rounding per period), withheld amounts, marked payments, several loans, and regimes
 * with bands, transitions and rounding.  Every day of each case is sampled. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "contract.h"
#include "lawful.h"
#include "regime.h"
#include "testutil.h"

static unsigned long rng;

static unsigned long next_rand(unsigned long n)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (rng >> 33) % n;
}

static void gen_case(char *buf, size_t size, unsigned long seed)
{
    static const char *const interest[] = {
        "", "<interest rate=\"0.05%\" per=\"day\"/>",
        "<interest rate=\"2%\" per=\"month\" accrual=\"calendar-month\"/>",
        "<interest rate=\"36%\" per=\"year\" count=\"both\"/>",
        "<interest rate=\"18%\" per=\"year\" basis=\"actual\" rounding=\"truncate\"/>",
        "<interest rate=\"1.5%\" per=\"month\" withheld=\"300.00\"/>"};
    static const char *const overdue[] = {
        "", "<overdue rate=\"0.1%\" per=\"day\"/>",
        "<overdue rate=\"24%\" per=\"year\" on=\"principal+interest\" rounding=\"half-up\" "
        "rounding-unit=\"1\"/>",
        "<overdue rate=\"3%\" per=\"month\" accrual=\"calendar-month\" grace-days=\"3\"/>"};
    rng = seed;
    size_t n = 0;
    int loans = 1 + (int)next_rand(3);
    for (int i = 0; i < loans; i++) {
        int day = 1 + (int)next_rand(28), month = 1 + (int)next_rand(2);
        int delivered = 1000 * (2 + (int)next_rand(10));
        int k = (int)next_rand(6);
        int withheld = k == 5 ? 300 : (next_rand(3) == 0 ? 100 : 0);
        n += (size_t)snprintf(buf + n, size - n,
                              "<loan id=\"L%d\" contracted=\"2020-%02d-%02d\" principal=\"%d.00\" "
                              "term-days=\"%d\"><disbursement date=\"2020-%02d-%02d\" "
                              "amount=\"%d.00\"/>%s",
                              i, month, day, delivered + withheld, 20 + (int)next_rand(60), month,
                              day, delivered, interest[k]);
        if (next_rand(2))
            n += (size_t)snprintf(buf + n, size - n,
                                  "<fee name=\"m\" amount=\"%d.00\" at=\"maturity\"/>",
                                  10 * (int)next_rand(10));
        n += (size_t)snprintf(buf + n, size - n, "%s", overdue[next_rand(4)]);
        if (next_rand(3) == 0)
            n += (size_t)snprintf(buf + n, size - n, "<late-fee amount=\"2.00\" per=\"day\"/>");
        n += (size_t)snprintf(buf + n, size - n, "</loan>");
    }
    int payments = (int)next_rand(5);
    for (int p = 0; p < payments; p++) {
        int target = (int)next_rand((unsigned long)loans + 1) - 1;
        char who[32] = "";
        if (target >= 0)
            snprintf(who, sizeof who, " loan=\"L%d\"", target);
        n += (size_t)snprintf(buf + n, size - n,
                              "<payment date=\"2020-%02d-%02d\" amount=\"%d.00\"%s%s/>",
                              4 + p, 1 + (int)next_rand(28), 200 * (1 + (int)next_rand(30)),
                              who, next_rand(4) == 0 ? " for=\"charges\"" : "");
    }
}

START_TEST(test_samples_are_replays)
{
    char path[4096], both[4096];
    snprintf(path, sizeof path, "%s/tests/lawful/jp-truncate.xml", getenv("top_srcdir"));
    /* both end days counted, 24 % to 2020-08-19 then 4 x LPR at filing */
    snprintf(both, sizeof both, "%s/tests/lawful/e1-jingning.xml", getenv("top_srcdir"));
    const char *ids[] = {"cn-private-2015", "cn-private-2020", "cn-licensed", path, both};
    enum { N_REGIMES = 5 };
    owed_regime *regs[N_REGIMES];
    for (int g = 0; g < N_REGIMES; g++)
        regs[g] = test_regime(ids[g]);
    static char body[8192];
    long compared = 0;
    for (unsigned long seed = 1; seed <= test_cases(12); seed++) {
        gen_case(body, sizeof body, seed);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2020-09-30\"", body);
        owed_date first = owed_case_first_day(c, c->as_of) - 2;
        size_t n_days = (size_t)(c->as_of - first + 1);
        /* every day, for all loans and for loan 0 */
        owed_sample_request *req = calloc(2 * n_days, sizeof *req);
        ck_assert_ptr_nonnull(req);
        for (size_t d = 0; d < n_days; d++) {
            req[2 * d] = (owed_sample_request){first + (owed_date)d, -1};
            req[2 * d + 1] = (owed_sample_request){first + (owed_date)d, 0};
        }
        owed_error err;
        owed_error_clear(&err);
        owed_replay *all = NULL;
        ck_assert_int_eq(owed_contract_replay_sampled(c, c->as_of, req, 2 * n_days, &all, &err),
                         OWED_OK);
        owed_lawful *law[N_REGIMES];
        for (int g = 0; g < N_REGIMES; g++)
            ck_assert_msg(owed_lawful_replay_sampled(c, regs[g], all, c->as_of, req, 2 * n_days,
                                                     &law[g], &err) == OWED_OK,
                          "%s", err.text);
        for (size_t d = 0; d < n_days; d++) {
            owed_date day = first + (owed_date)d;
            owed_replay *one = NULL;
            ck_assert_int_eq(owed_contract_replay(c, day, &one, &err), OWED_OK);
            mpq_t sum, t;
            mpq_inits(sum, t, NULL);
            for (int k = 0; k < OWED_COMP_COUNT; k++) {
                mpq_set_ui(sum, 0, 1);
                for (size_t i = 0; i < c->n_loans; i++)
                    mpq_add(sum, sum, one->loans[i].balance[k]);
                ck_assert_msg(mpq_equal(sum, all->samples[2 * d][k]),
                              "seed %lu day %zu component %d: contract sample differs", seed, d,
                              k);
                ck_assert_msg(mpq_equal(one->loans[0].balance[k], all->samples[2 * d + 1][k]),
                              "seed %lu day %zu component %d: contract sample (loan 0)", seed,
                              d, k);
            }
            for (int g = 0; g < N_REGIMES; g++) {
                owed_lawful *lw1 = NULL;
                /* the report's filing date: the as-of date, for every day */
                owed_case copy = *c;
                copy.has_filed = 1;
                copy.filed = c->as_of;
                owed_replay *one_c = NULL;
                ck_assert_int_eq(owed_contract_replay(&copy, day, &one_c, &err), OWED_OK);
                ck_assert_msg(owed_lawful_replay(&copy, regs[g], one_c, day, &lw1, &err) ==
                                  OWED_OK,
                              "%s", err.text);
                mpq_set_ui(sum, 0, 1);
                for (size_t i = 0; i < c->n_loans; i++)
                    mpq_add(sum, sum, lw1->loans[i].balance);
                char *a = owed_exact_format(sum), *b = owed_exact_format(law[g]->samples[2 * d]);
                ck_assert_msg(mpq_equal(sum, law[g]->samples[2 * d]),
                              "seed %lu day %zu regime %s: replay %s, sample %s\n%s", seed, d,
                              ids[g], a, b, body);
                free(a);
                free(b);
                ck_assert_msg(mpq_equal(lw1->loans[0].balance, law[g]->samples[2 * d + 1]),
                              "seed %lu day %zu regime %s: lawful sample (loan 0)", seed, d,
                              ids[g]);
                compared++;
                owed_lawful_free(lw1);
                owed_replay_free(one_c);
            }
            mpq_clears(sum, t, NULL);
            owed_replay_free(one);
        }
        for (int g = 0; g < N_REGIMES; g++)
            owed_lawful_free(law[g]);
        owed_replay_free(all);
        free(req);
        owed_case_free(c);
    }
    ck_assert_int_gt(compared, 100 * (long)test_cases(12));
    for (int g = 0; g < N_REGIMES; g++)
        owed_regime_free(regs[g]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("samples");
    TCase *t = tcase_create("replays");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, test_samples_are_replays);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
