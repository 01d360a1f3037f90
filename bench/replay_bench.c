/* Benchmark of the replays (src/contract.c, src/lawful.c): events per second of CPU time on
 * one case file.  Not part of make check; bench/replay-bench.sh builds and runs it.
 *
 *   bench/replay_bench CASE.xml [MILLISECONDS [REGIME...]]
 *
 * The case is read once (with its schema, as owed does); then each view is replayed to the
 * case's as-of date again and again for the budget (default 1000 ms, at least 3 times):
 *   contract                the contract view alone (owed_contract_replay);
 *   lawful REGIME           the lawful view under one regime, given a contract replay made
 *                           once beforehand (owed_lawful_replay alone);
 *   contract + N lawful     one contract replay and the lawful view under every regime, as
 *                           `owed statement -r ...` needs them.
 * Regimes are loaded with owed_regime_load from the data directory $OWED_DATADIR, else
 * "data" (run from the top of the source tree); without REGIME arguments: cn-private-2015,
 * cn-private-2020 and cn-licensed.
 *
 * Events are the case's events (payments, extensions, charges) and claims, plus its
 * disbursements: what happens on a date, not the days walked between them.  Events per
 * second = events x replays / CPU seconds.  Times are the process's CPU time
 * (CLOCK_PROCESS_CPUTIME_ID), so that other work on a shared machine counts less. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case.h"
#include "case_read.h"
#include "contract.h"
#include "lawful.h"
#include "regime.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, const owed_error *err)
{
    fprintf(stderr, "replay_bench: %s: %s%s%s\n", what, err->file, err->file[0] ? ": " : "",
            err->text);
    exit(1);
}

static void report(const char *view, uint64_t replays, uint64_t ns, size_t events)
{
    double s = (double)ns / 1e9;
    printf("%-34s %8" PRIu64 " %9.3f %12.3f %12.1f\n", view, replays, s,
           s * 1e3 / (double)replays, (double)events * (double)replays / s);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: replay_bench CASE.xml [MILLISECONDS [REGIME...]]\n");
        return 2;
    }
    uint64_t budget = 1000000000u;
    if (argc > 2)
        budget = strtoull(argv[2], NULL, 10) * 1000000u;
    static const char *default_regimes[] = {"cn-private-2015", "cn-private-2020",
                                            "cn-licensed"};
    const char *const *names = argc > 3 ? (const char *const *)argv + 3 : default_regimes;
    size_t n_reg = argc > 3 ? (size_t)(argc - 3) : 3;
    const char *datadir = getenv("OWED_DATADIR");
    if (datadir == NULL || *datadir == '\0')
        datadir = "data";
    char schema[4096];
    snprintf(schema, sizeof schema, "%s/schema/case.xsd", datadir);

    owed_error err;
    owed_error_clear(&err);
    owed_case *c = NULL;
    if (owed_case_read_file(argv[1], schema, &c, &err) != OWED_OK)
        die("reading the case", &err);
    owed_regime **reg = calloc(n_reg ? n_reg : 1, sizeof *reg);
    if (reg == NULL)
        return 1;
    for (size_t i = 0; i < n_reg; i++)
        if (owed_regime_load(names[i], datadir, &reg[i], &err) != OWED_OK)
            die(names[i], &err);

    size_t disb = 0;
    for (size_t i = 0; i < c->n_loans; i++)
        disb += c->loans[i].n_disbursements;
    size_t events = c->n_events + c->n_claims + disb;

    /* one replay first: the figures the others repeat, and a conservation check */
    owed_replay *base = NULL;
    if (owed_contract_replay(c, c->as_of, &base, &err) != OWED_OK)
        die("contract replay", &err);
    if (owed_replay_check_conservation(base, &err) != OWED_OK)
        die("conservation", &err);
    printf("case %s: %zu loans, %zu events (%zu case events and claims + %zu "
           "disbursements), %zu ledger postings\n",
           argv[1], c->n_loans, events, c->n_events + c->n_claims, disb, base->ledger.n);
    printf("%-34s %8s %9s %12s %12s\n", "view", "replays", "CPU s", "CPU ms/replay",
           "events/s");

    uint64_t count = 0, t0 = now_ns(), t1;
    do {
        owed_replay *r = NULL;
        if (owed_contract_replay(c, c->as_of, &r, &err) != OWED_OK)
            die("contract replay", &err);
        owed_replay_free(r);
        count++;
        t1 = now_ns();
    } while (t1 - t0 < budget || count < 3);
    report("contract", count, t1 - t0, events);

    for (size_t i = 0; i < n_reg; i++) {
        char label[128];
        snprintf(label, sizeof label, "lawful %s", owed_regime_id(reg[i]));
        count = 0;
        t0 = now_ns();
        do {
            owed_lawful *l = NULL;
            if (owed_lawful_replay(c, reg[i], base, c->as_of, &l, &err) != OWED_OK)
                die(label, &err);
            owed_lawful_free(l);
            count++;
            t1 = now_ns();
        } while (t1 - t0 < budget || count < 3);
        report(label, count, t1 - t0, events);
    }

    if (n_reg > 0) {
        char label[128];
        snprintf(label, sizeof label, "contract + %zu lawful", n_reg);
        count = 0;
        t0 = now_ns();
        do {
            owed_replay *r = NULL;
            if (owed_contract_replay(c, c->as_of, &r, &err) != OWED_OK)
                die("contract replay", &err);
            for (size_t i = 0; i < n_reg; i++) {
                owed_lawful *l = NULL;
                if (owed_lawful_replay(c, reg[i], r, c->as_of, &l, &err) != OWED_OK)
                    die(owed_regime_id(reg[i]), &err);
                owed_lawful_free(l);
            }
            owed_replay_free(r);
            count++;
            t1 = now_ns();
        } while (t1 - t0 < budget || count < 3);
        report(label, count, t1 - t0, events);
    }

    owed_replay_free(base);
    for (size_t i = 0; i < n_reg; i++)
        owed_regime_free(reg[i]);
    free(reg);
    owed_case_free(c);
    return 0;
}
