/* Properties of the replays over many generated cases, seeded and reproducible.
 *
 * Each case is generated from a seed (OWED_SEED, default below, plus the case number) as
 * facts (loans, payments, extensions, charges, claims), written as a case file and read with
 * the schema.  For every case:
 *   1. money is conserved in every view: owed_replay_check_conservation on the contract
 *      replay, owed_lawful_check under each shipped regime;
 *   2. lawful charges never exceed the cap nor the contract's charges (checked here too);
 *   3. the result does not depend on the order of independent elements in the file: the
 *      loans shuffled, and the events of different days shuffled (events of one day keep
 *      their order, which the format gives a meaning), give the same figures for every loan
 *      id, exactly, in the contract view and under each regime;
 *   4. paying more never increases what is owed: one payment raised, the contract total and
 *      the lawful net (balance - refund, over all loans) under each regime do not grow;
 *   5. splitting one payment into two on the same day changes nothing, exactly, in both
 *      views (a designated payment; an undesignated one when no two loans tie for it, since
 *      a tie is split pro rata in whole minor units, which can move one unit between the
 *      tied loans: see allocate.h; and when no loan's contract pays principal before a
 *      charge, since paying a loan's principal off ranks it last for the next payment);
 *   6. every statement's text is written without error, with and without the exact figures
 *      and the ledger.
 * A failure names the seed and the case number; OWED_SEED=S OWED_CASES=N reproduce it
 * (OWED_FIRST_CASE=K starts at case K; OWED_KEEP=1 leaves the case files in $TMPDIR). */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocate.h"
#include "case_read.h"
#include "number.h"
#include "contract.h"
#include "lawful.h"
#include "regime.h"
#include "report.h"
#include "statement.h"
#include "testutil.h"

#define DEFAULT_SEED 20260601ULL
#define DEFAULT_CASES 400

/* ---------------------------------------------------------------- random numbers */

static uint64_t rng_state;

static void rng_seed(uint64_t s)
{
    rng_state = s * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    if (rng_state == 0)
        rng_state = 1;
}

/* xorshift64*: a number in [0, n). */
static long rnd(long n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    uint64_t v = rng_state * 0x2545F4914F6CDD1DULL;
    return n > 0 ? (long)((v >> 11) % (uint64_t)n) : 0;
}

/* ---------------------------------------------------------------- generated facts */

enum { MAX_LOANS = 4, MAX_EVENTS = 16 };
enum { EV_PAYMENT, EV_EXTENSION, EV_CHARGE, EV_CLAIM };

typedef struct gloan {
    char id[16];
    int contracted, due;  /* days from the base date */
    int first;            /* day of the first disbursement */
    char terms[1536];     /* the loan's attributes after id and its child elements */
} gloan;

typedef struct gevent {
    int kind, day, loan;  /* loan -1: undesignated payment, or a claim on all loans */
    long cents;           /* amount (payments, charges, claims), extension fee */
    int new_due;          /* extensions */
    int comp;             /* charges */
} gevent;

typedef struct gcase {
    int jpy;
    int as_of;
    int n_loans, n_events;
    gloan loans[MAX_LOANS];
    gevent events[MAX_EVENTS];
} gcase;

static owed_date base_day;

static void day_text(char buf[OWED_DATE_TEXT_SIZE], int day)
{
    owed_date_format(base_day + day, buf);
}

/* An amount of `cents` in the case currency (yen have no minor unit). */
static void money_text(char *buf, size_t size, const gcase *g, long cents)
{
    if (g->jpy)
        snprintf(buf, size, "%ld", cents);
    else
        snprintf(buf, size, "%ld.%02ld", cents / 100, cents % 100);
}

static void append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
    ck_assert_msg(k >= 0 && (size_t)k < size - n, "generated text too long");
}

static const char *pick(const char *const *list, size_t n)
{
    return list[rnd((long)n)];
}
#define PICK(list) pick(list, sizeof list / sizeof list[0])

static void gen_loan(gcase *g, int i)
{
    static const char *const day_rates[] = {"0.05%", "0.1%", "0.3%", "1%", "1/365"};
    static const char *const year_rates[] = {"24%", "36%", "15.4%", "100%"};
    static const char *const month_rates[] = {"1.5%", "2%", "3%"};
    static const char *const bases[] = {"365", "360", "actual"};
    static const char *const comps[] = {"cost", "fee", "penalty", "interest", "principal"};
    gloan *L = &g->loans[i];
    char t[64], d[OWED_DATE_TEXT_SIZE];
    snprintf(L->id, sizeof L->id, "L%d", (int)rnd(90) + 10);
    for (int k = 0; k < i; k++) /* ids unique */
        if (strcmp(L->id, g->loans[k].id) == 0)
            snprintf(L->id, sizeof L->id, "X%d", i);
    L->contracted = (int)rnd(60);
    L->due = L->contracted + 7 + (int)rnd(90);
    long principal = g->jpy ? 10000 + 1000 * rnd(200) : 10000 + rnd(500000);
    long withheld = rnd(3) == 0 ? rnd(principal / 10) : 0;
    int implied = rnd(3) == 0;
    L->terms[0] = '\0';
    money_text(t, sizeof t, g, principal);
    day_text(d, L->contracted);
    append(L->terms, sizeof L->terms, " contracted=\"%s\" principal=\"%s\"", d, t);
    day_text(d, L->due);
    if (rnd(2))
        append(L->terms, sizeof L->terms, " due=\"%s\">", d);
    else
        append(L->terms, sizeof L->terms, " term-days=\"%d\">", L->due - L->contracted);
    L->first = L->contracted;
    if (!implied) {
        /* one or two disbursements of principal - withheld */
        long total = principal - withheld;
        int two = total > 2 && rnd(3) == 0;
        long a = two ? 1 + rnd(total - 1) : total;
        L->first = L->contracted + (int)rnd(3);
        day_text(d, L->first);
        money_text(t, sizeof t, g, a);
        append(L->terms, sizeof L->terms, "<disbursement date=\"%s\" amount=\"%s\"/>", d, t);
        if (two) {
            day_text(d, L->first + 1 + (int)rnd(10));
            money_text(t, sizeof t, g, total - a);
            append(L->terms, sizeof L->terms, "<disbursement date=\"%s\" amount=\"%s\"/>", d, t);
        }
    }
    if (rnd(4) != 0) {
        int per = (int)rnd(3);
        append(L->terms, sizeof L->terms, "<interest rate=\"%s\" per=\"%s\" basis=\"%s\"%s/>",
               per == 0 ? PICK(day_rates) : per == 1 ? PICK(month_rates) : PICK(year_rates),
               per == 0 ? "day" : per == 1 ? "month" : "year", PICK(bases),
               rnd(3) == 0 ? " after-due=\"stop\"" : "");
    }
    if (withheld > 0 && (implied || rnd(2))) {
        money_text(t, sizeof t, g, withheld);
        append(L->terms, sizeof L->terms,
               "<fee name=\"withheld\" amount=\"%s\" at=\"upfront\"/>", t);
    }
    for (int f = (int)rnd(3); f > 0; f--) {
        static const char *const at[] = {"disbursement", "maturity", "daily", "period"};
        const char *when = PICK(at);
        char amount[80];
        if (rnd(2)) {
            money_text(t, sizeof t, g, g->jpy ? 10 * (1 + rnd(100)) : 1 + rnd(5000));
            snprintf(amount, sizeof amount, "amount=\"%s\"", t);
        } else {
            snprintf(amount, sizeof amount, "percent=\"%s\"", rnd(2) ? "1%" : "0.1%");
        }
        append(L->terms, sizeof L->terms, "<fee name=\"fee %d\" %s at=\"%s\"", f, amount, when);
        if (strcmp(when, "period") == 0)
            append(L->terms, sizeof L->terms, " every-days=\"%d\"", 7 + (int)rnd(24));
        if ((strcmp(when, "period") == 0 || strcmp(when, "daily") == 0) && rnd(2))
            append(L->terms, sizeof L->terms, " until=\"repaid\"");
        append(L->terms, sizeof L->terms, "/>");
    }
    if (rnd(2)) {
        int per_day = (int)rnd(2);
        append(L->terms, sizeof L->terms,
               "<overdue rate=\"%s\" per=\"%s\" on=\"%s\" grace-days=\"%d\"/>",
               per_day ? (rnd(2) ? "0.05%" : "0.1%") : "50%", per_day ? "day" : "year",
               rnd(2) ? "principal" : "principal+interest", (int)rnd(6));
    }
    if (rnd(3) == 0) {
        money_text(t, sizeof t, g, g->jpy ? 100 * (1 + rnd(10)) : 100 + rnd(5000));
        append(L->terms, sizeof L->terms, "<late-fee name=\"late\" amount=\"%s\" per=\"%s\"/>", t,
               rnd(2) ? "once" : "day");
    }
    if (rnd(4) == 0) {
        int order[5] = {0, 1, 2, 3, 4};
        for (int k = 4; k > 0; k--) {
            int j = (int)rnd(k + 1), x = order[k];
            order[k] = order[j];
            order[j] = x;
        }
        append(L->terms, sizeof L->terms, "<payment-order>%s %s %s %s %s</payment-order>",
               comps[order[0]], comps[order[1]], comps[order[2]], comps[order[3]],
               comps[order[4]]);
    }
    append(L->terms, sizeof L->terms, "</loan>");
}

static void gen_case(gcase *g)
{
    memset(g, 0, sizeof *g);
    g->jpy = rnd(5) == 0;
    g->n_loans = 1 + (int)rnd(MAX_LOANS);
    for (int i = 0; i < g->n_loans; i++)
        gen_loan(g, i);
    int earliest = g->loans[0].first, latest_contract = 0;
    for (int i = 0; i < g->n_loans; i++) {
        if (g->loans[i].first < earliest)
            earliest = g->loans[i].first;
        if (g->loans[i].contracted > latest_contract)
            latest_contract = g->loans[i].contracted;
    }
    g->as_of = latest_contract + 20 + (int)rnd(400);
    int n = (int)rnd(10);
    for (int k = 0; k < n; k++) {
        gevent *e = &g->events[g->n_events++];
        e->kind = rnd(6) == 0 ? EV_EXTENSION : rnd(6) == 0 ? EV_CHARGE : rnd(8) == 0 ? EV_CLAIM
                                                                                  : EV_PAYMENT;
        e->loan = (int)rnd(g->n_loans);
        const gloan *L = &g->loans[e->loan];
        switch (e->kind) {
        case EV_PAYMENT:
            if (rnd(3) != 0) { /* undesignated: after the earliest disbursement */
                e->loan = -1;
                e->day = earliest + (int)rnd(g->as_of - earliest + 1);
            } else {
                e->day = L->first + 1 + (int)rnd(g->as_of - L->first);
                if (e->day > g->as_of)
                    e->day = g->as_of;
            }
            e->cents = g->jpy ? 1000 * (1 + rnd(300)) : 1 + rnd(rnd(2) ? 30000 : 600000);
            break;
        case EV_EXTENSION:
            e->day = L->contracted + (int)rnd(g->as_of - L->contracted + 1);
            e->new_due = e->day + 1 + (int)rnd(60);
            e->cents = rnd(2) ? (g->jpy ? 100 * rnd(50) : rnd(5000)) : 0;
            break;
        case EV_CHARGE:
            e->day = L->contracted + (int)rnd(g->as_of - L->contracted + 1);
            e->comp = (int)rnd(4);
            e->cents = g->jpy ? 100 * rnd(50) : rnd(10000);
            break;
        default:
            e->day = L->contracted + (int)rnd(g->as_of - L->contracted + 1);
            if (rnd(2))
                e->loan = -1;
            e->cents = g->jpy ? 1000 * rnd(500) : rnd(1000000);
            break;
        }
    }
}

/* ---------------------------------------------------------------- writing a variant */

typedef struct variant {
    int loan_order[MAX_LOANS]; /* file order of the loans */
    int event_order[MAX_EVENTS + 1];
    int n_order;
    int raise;                 /* event whose amount is raised by raise_cents, or -1 */
    long raise_cents;
    int split;                 /* payment written as two, split_cents first, or -1 */
    long split_cents;
} variant;

static void plain(const gcase *g, variant *v)
{
    for (int i = 0; i < g->n_loans; i++)
        v->loan_order[i] = i;
    /* events in date order, stable (insertion sort): the order one writes them in */
    v->n_order = g->n_events;
    for (int k = 0; k < g->n_events; k++) {
        int j = k;
        while (j > 0 && g->events[v->event_order[j - 1]].day > g->events[k].day) {
            v->event_order[j] = v->event_order[j - 1];
            j--;
        }
        v->event_order[j] = k;
    }
    v->raise = v->split = -1;
    v->raise_cents = v->split_cents = 0;
}

/* The loans shuffled, and the days shuffled (each day's events keep their order). */
static void shuffled(const gcase *g, variant *v)
{
    plain(g, v);
    for (int i = g->n_loans - 1; i > 0; i--) {
        int j = (int)rnd(i + 1), x = v->loan_order[i];
        v->loan_order[i] = v->loan_order[j];
        v->loan_order[j] = x;
    }
    int days[MAX_EVENTS], n_days = 0;
    for (int k = 0; k < v->n_order; k++) {
        int d = g->events[v->event_order[k]].day;
        if (n_days == 0 || days[n_days - 1] != d)
            days[n_days++] = d;
    }
    for (int i = n_days - 1; i > 0; i--) {
        int j = (int)rnd(i + 1), x = days[i];
        days[i] = days[j];
        days[j] = x;
    }
    int order[MAX_EVENTS + 1], n = 0;
    for (int i = 0; i < n_days; i++)
        for (int k = 0; k < v->n_order; k++)
            if (g->events[v->event_order[k]].day == days[i])
                order[n++] = v->event_order[k];
    memcpy(v->event_order, order, sizeof order);
}

static char *write_case(const gcase *g, const variant *v)
{
    static char text[65536];
    char d[OWED_DATE_TEXT_SIZE], t[64], t2[64];
    text[0] = '\0';
    day_text(d, g->as_of);
    append(text, sizeof text,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<case xmlns=\"urn:owed:case:1\" currency=\"%s\" as-of=\"%s\">\n",
           g->jpy ? "JPY" : "CNY", d);
    for (int i = 0; i < g->n_loans; i++) {
        const gloan *L = &g->loans[v->loan_order[i]];
        append(text, sizeof text, "<loan id=\"%s\"%s\n", L->id, L->terms);
    }
    static const char *const comps[] = {"interest", "penalty", "fee", "cost"};
    for (int k = 0; k < v->n_order; k++) {
        int idx = v->event_order[k];
        const gevent *e = &g->events[idx];
        long cents = e->cents + (idx == v->raise ? v->raise_cents : 0);
        char loan[32] = "";
        if (e->loan >= 0)
            snprintf(loan, sizeof loan, " loan=\"%s\"", g->loans[e->loan].id);
        day_text(d, e->day);
        money_text(t, sizeof t, g, cents);
        switch (e->kind) {
        case EV_PAYMENT:
            if (idx == v->split) {
                money_text(t, sizeof t, g, v->split_cents);
                money_text(t2, sizeof t2, g, cents - v->split_cents);
                append(text, sizeof text,
                       "<payment date=\"%s\" amount=\"%s\"%s/>\n"
                       "<payment date=\"%s\" amount=\"%s\"%s/>\n",
                       d, t, loan, d, t2, loan);
            } else {
                append(text, sizeof text, "<payment date=\"%s\" amount=\"%s\"%s/>\n", d, t, loan);
            }
            break;
        case EV_EXTENSION: {
            char nd[OWED_DATE_TEXT_SIZE];
            day_text(nd, e->new_due);
            append(text, sizeof text, "<extension date=\"%s\"%s due=\"%s\" fee=\"%s\"/>\n", d,
                   loan, nd, t);
            break;
        }
        case EV_CHARGE:
            append(text, sizeof text,
                   "<charge date=\"%s\"%s component=\"%s\" amount=\"%s\" kind=\"posted\"/>\n", d,
                   loan, comps[e->comp], t);
            break;
        default:
            append(text, sizeof text, "<claim date=\"%s\" by=\"collector\"%s total=\"%s\"/>\n", d,
                   loan, t);
            break;
        }
    }
    append(text, sizeof text, "</case>\n");
    return text;
}

/* ---------------------------------------------------------------- running a case */

static uint64_t seed;
static int case_no;
static const char *const regime_ids[] = {"cn-private-2015", "cn-private-2015-strict",
                                         "cn-private-2020", "cn-licensed",
                                         "cn-cash-loan-2017"};
#define N_REGIMES 5
static owed_regime *regimes[N_REGIMES];
static long counts[8];
enum { C_CASES, C_VARIANTS, C_LOANS, C_PAYMENTS, C_SPLITS, C_SPLIT_SKIPPED, C_RAISES,
       C_STATEMENTS };

#define FAILS(...)                                                                          \
    ck_abort_msg("OWED_SEED=%llu case %d: %s", (unsigned long long)seed, case_no,          \
                 (snprintf(why, sizeof why, __VA_ARGS__), why))
static char why[8192];

/* The report of one variant, with every library check passed. */
static owed_report *build(const gcase *g, const variant *v, owed_case **out, const char *what)
{
    char path[4096];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/owed-prop-%llu-%d-%s.xml", tmp && *tmp ? tmp : "/tmp",
             (unsigned long long)seed, case_no, what);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(write_case(g, v), fp);
    fclose(fp);
    owed_error err;
    owed_error_clear(&err);
    owed_case *c = NULL;
    if (owed_case_read_file(path, test_schema(), &c, &err) != OWED_OK)
        FAILS("%s: the generated case does not load: %s:%ld: %s (kept in %s)", what, err.file,
              err.line, err.text, path);
    if (!getenv("OWED_KEEP"))
        unlink(path);
    owed_report *r = NULL;
    owed_error_clear(&err);
    if (owed_report_build(c, c->as_of, (const owed_regime *const *)regimes, N_REGIMES, &r,
                          &err) != OWED_OK)
        FAILS("%s: the report failed: %ld: %s", what, err.line, err.text);
    /* 1. money is conserved in every view */
    owed_error_clear(&err);
    if (owed_replay_check_conservation(r->contract, &err) != OWED_OK)
        FAILS("%s: contract view: %s", what, err.text);
    for (int g2 = 0; g2 < N_REGIMES; g2++) {
        owed_error_clear(&err);
        if (owed_lawful_check(r->lawful[g2], &err) != OWED_OK)
            FAILS("%s: %s: %s", what, regime_ids[g2], err.text);
        /* 2. enforceable charges within the agreed charges on the lawful principal (K_L) and
         * the cap; within the contract's own charges K where both views apply payments to
         * the same loan in the same order (one loan, the default order): then the lawful
         * principal is never above the contract's, so neither is what accrues on it.  With
         * several loans the views may allocate an undesignated payment to different loans,
         * and a loan the contract paid off early runs on lawfully: K_L > K is right there. */
        for (size_t i = 0; i < c->n_loans; i++) {
            const owed_lawful_loan *l = &r->lawful[g2]->loans[i];
            if (mpq_cmp(l->lawful_charges, l->agreed_charges) > 0)
                FAILS("%s: %s: loan %s: lawful charges above the agreed charges", what,
                      regime_ids[g2], c->loans[i].id);
            /* (Nor where the contract's credit from an overpayment met a later advance of
             * the loan: the contract nets them, the regime keeps a refund due and the whole
             * advance accrues, so K_L > K there too: OWED_SEED=7, case 639.) */
            int credit_met_advance = c->loans[0].n_disbursements > 1 &&
                                     mpq_sgn(r->contract->loans[0].overpaid) > 0;
            if (c->n_loans == 1 && !c->loans[0].order_given && !credit_met_advance &&
                mpq_cmp(l->lawful_charges, l->contract_charges) > 0)
                FAILS("%s: %s: loan %s: lawful charges above the contract's", what,
                      regime_ids[g2], c->loans[i].id);
            /* and there what is owed by law net of refunds is never more than what is owed
             * per contract net of credits, where interest was agreed (where none was, the
             * lender keeps money paid beyond everything up to the retention line C_ret, 2015
             * art. 31, which may be more than the contract charged) */
            if (c->n_loans == 1 && !c->loans[0].order_given && !credit_met_advance &&
                c->loans[0].interest.agreement == OWED_INTEREST_AGREED) {
                mpq_t owed_c, net;
                mpq_inits(owed_c, net, NULL);
                owed_loan_total(owed_c, &r->contract->loans[i]);
                owed_lawful_refund_total(net, l);
                mpq_sub(net, l->balance, net);
                int above = mpq_cmp(net, owed_c) > 0;
                mpq_clears(owed_c, net, NULL);
                if (above)
                    FAILS("%s: %s: loan %s: balance by law above the contract's", what,
                          regime_ids[g2], c->loans[i].id);
            }
            if (l->uncapped_days == 0 && mpq_cmp(l->lawful_charges, l->cap_enforceable) > 0)
                FAILS("%s: %s: loan %s: lawful charges above the cap", what, regime_ids[g2],
                      c->loans[i].id);
        }
    }
    counts[C_VARIANTS]++;
    *out = c;
    return r;
}

static void done(owed_report *r, owed_case *c)
{
    owed_report_free(r);
    owed_case_free(c);
}

/* The index of loan `id` in case c. */
static size_t loan_index(const owed_case *c, const char *id)
{
    for (size_t i = 0; i < c->n_loans; i++)
        if (strcmp(c->loans[i].id, id) == 0)
            return i;
    ck_abort_msg("no loan %s", id);
    return 0;
}

/* The first field in which two loans' results differ, or NULL. */
static const char *contract_diff(const owed_loan_result *a, const owed_loan_result *b)
{
    if (!mpq_equal(a->delivered, b->delivered)) return "delivered";
    if (!mpq_equal(a->withheld, b->withheld)) return "withheld";
    if (!mpq_equal(a->overpaid, b->overpaid)) return "overpaid";
    for (int k = 0; k < OWED_COMP_COUNT; k++) {
        if (!mpq_equal(a->charged[k], b->charged[k])) return "charged";
        if (!mpq_equal(a->paid[k], b->paid[k])) return "paid";
        if (!mpq_equal(a->balance[k], b->balance[k])) return "balance";
    }
    if (a->due != b->due || a->extensions != b->extensions) return "due";
    return NULL;
}

static const char *lawful_diff(const owed_lawful_loan *a, const owed_lawful_loan *b)
{
#define SAME(f)                                                                             \
    if (!mpq_equal(a->f, b->f))                                                             \
        return #f;
    SAME(principal_basis) SAME(principal_paid) SAME(principal) SAME(contract_charges)
    SAME(cap_enforceable) SAME(cap_retained) SAME(lawful_charges) SAME(charges_paid)
    SAME(charges_unpaid) SAME(retained) SAME(above_cap) SAME(costs_charged) SAME(costs_paid)
    SAME(refund) SAME(balance)
#undef SAME
    if (a->uncapped_days != b->uncapped_days) return "uncapped_days";
    return NULL;
}

/* Every loan of `a` has the same figures in `b` (found by id), in both views. */
static void same_results(const owed_report *a, const owed_report *b, const char *what)
{
    const owed_case *ca = a->kase, *cb = b->kase;
    for (size_t i = 0; i < ca->n_loans; i++) {
        size_t j = loan_index(cb, ca->loans[i].id);
        const char *d = contract_diff(&a->contract->loans[i], &b->contract->loans[j]);
        if (d)
            FAILS("%s: loan %s: contract view differs in %s", what, ca->loans[i].id, d);
        for (int g = 0; g < N_REGIMES; g++) {
            d = lawful_diff(&a->lawful[g]->loans[i], &b->lawful[g]->loans[j]);
            if (d)
                FAILS("%s: loan %s: lawful view under %s differs in %s", what, ca->loans[i].id,
                      regime_ids[g], d);
        }
    }
}

static void contract_total(mpq_t out, const owed_report *r)
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < r->contract->n_loans; i++) {
        owed_loan_total(t, &r->contract->loans[i]);
        mpq_add(out, out, t);
    }
    mpq_clear(t);
}

static void lawful_net(mpq_t out, const owed_lawful *l)
{
    mpq_set_ui(out, 0, 1);
    for (size_t i = 0; i < l->n_loans; i++) {
        mpq_add(out, out, l->loans[i].balance);
        mpq_sub(out, out, l->loans[i].refund);
    }
}

/* 6. the text statement, four ways, to a scratch file */
static void write_statements(const owed_report *r)
{
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    for (int k = 0; k < 4; k++) {
        owed_statement_options opt = {.exact = k & 1, .ledger = (k >> 1) & 1};
        owed_error err;
        owed_error_clear(&err);
        rewind(fp);
        if (owed_statement_write_text(fp, r, &opt, &err) != OWED_OK)
            FAILS("the text statement failed: %s", err.text);
        if (ferror(fp))
            FAILS("the text statement could not be written");
        counts[C_STATEMENTS]++;
    }
    fclose(fp);
}

/* 1 when an undesignated amount of payment `idx` may be split across loans that tie (the
 * same due date, hence the same rank on any day): then splitting it in whole units may move
 * a unit between them.  Conservative: any two loans with one due date, or any extension.
 * Also 1 when the ranks may change between the parts, or a part may leave a fee due at
 * maturity for later (below). */
static int may_tie(const gcase *g, const owed_report *r, int idx)
{
    const owed_case *c = r->kase;
    /* A payment split across the loans, when a loan's contract pays principal before a
     * charge: the first part of a split may pay its principal off while charges remain,
     * and a loan without principal weighs nothing a day (owed_burden), so the second part
     * may go to another loan, as art. 560 allocates each payment when it is made
     * (OWED_SEED=20261206, case 1575).  An undesignated payment is split across the loans;
     * so is what a designated payment leaves once its loan is settled, in either view (the
     * lawful view's loan often owes less), across the other loans (OWED_SEED=31337, case
     * 6092: 4,728.07 for L95 left 4,546.40, which went to L41, its principal paid before
     * its penalty interest, 196.91 of that penalty last; paid as 4,703.28 and 24.79, the
     * second part, all of it left over, went to L77's daily fee, L41 then weighing nothing
     * a day). */
    const char *designated = g->events[idx].loan >= 0 ? g->loans[g->events[idx].loan].id : NULL;
    if (c->n_loans > 1)
        for (size_t i = 0; i < c->n_loans; i++) {
            if (designated && strcmp(c->loans[i].id, designated) == 0)
                continue;
            for (int k = 0; k + 1 < OWED_COMP_COUNT; k++)
                if (c->loans[i].order[k] == OWED_COMP_PRINCIPAL)
                    return 1;
        }
    /* A payment before the due date of a loan with a fee due at maturity: the whole payment
     * may settle that loan in full, the fee charged and paid that day, where the first part
     * pays all it owes but the fee, which is then charged only at maturity (owed(1),
     * CONVENTIONS: only a payment settling the loan in full makes it pay that fee early).
     * The loan then owes nothing until its due date, so the second part goes to the other
     * loans, or is a credit, as art. 560 allocates each payment when it is made
     * (OWED_SEED=20261210, case 888: 223,000 at once settles L28 with its fee of 1,080;
     * 109,153 + 113,847 leave the fee to fall due unpaid at maturity).  Both views do it,
     * on their own balances. */
    owed_date paid_on = base_day + g->events[idx].day;
    for (size_t i = 0; i < c->n_loans; i++)
        if (paid_on < c->loans[i].due)
            for (size_t f = 0; f < c->loans[i].n_fees; f++)
                if (c->loans[i].fees[f].at == OWED_FEE_MATURITY)
                    return 1;
    for (size_t k = 0; k < c->n_events; k++) /* extensions move due dates: uncertain */
        if (c->events[k].kind == OWED_EV_EXTENSION)
            return 1;
    for (size_t i = 0; i < c->n_loans; i++)
        for (size_t j = i + 1; j < c->n_loans; j++) {
            owed_date di = c->loans[i].due, dj = c->loans[j].due;
            if (di == dj) /* same due date: the same rank, split pro rata */
                return 1;
        }
    return 0;
}

static void run_case(void)
{
    gcase g;
    gen_case(&g);
    counts[C_CASES]++;
    counts[C_LOANS] += g.n_loans;
    variant v;
    plain(&g, &v);
    owed_case *c0;
    owed_report *r0 = build(&g, &v, &c0, "plain");
    write_statements(r0);

    /* 3. order */
    variant s;
    shuffled(&g, &s);
    owed_case *c1;
    owed_report *r1 = build(&g, &s, &c1, "shuffled");
    same_results(r0, r1, "shuffled");
    done(r1, c1);

    int payments[MAX_EVENTS], n_pay = 0;
    for (int k = 0; k < g.n_events; k++)
        if (g.events[k].kind == EV_PAYMENT)
            payments[n_pay++] = k;
    counts[C_PAYMENTS] += n_pay;
    if (n_pay > 0) {
        /* 4. paying more */
        int k = payments[rnd(n_pay)];
        variant m = v;
        m.raise = k;
        m.raise_cents = g.jpy ? 1000 * (1 + rnd(100)) : 1 + rnd(rnd(2) ? 100 : 100000);
        owed_case *c2;
        owed_report *r2 = build(&g, &m, &c2, "raised");
        mpq_t before, after;
        mpq_inits(before, after, NULL);
        contract_total(before, r0);
        contract_total(after, r2);
        if (mpq_cmp(after, before) > 0)
            FAILS("paying more on line of event %d raised the contract total", k);
        for (int gi = 0; gi < N_REGIMES; gi++) {
            lawful_net(before, r0->lawful[gi]);
            lawful_net(after, r2->lawful[gi]);
            if (mpq_cmp(after, before) > 0) {
                char *b = owed_exact_format(before), *a = owed_exact_format(after);
                FAILS("paying more (event %d) raised the lawful net under %s from %s to %s", k,
                      regime_ids[gi], b, a);
            }
        }
        mpq_clears(before, after, NULL);
        counts[C_RAISES]++;
        done(r2, c2);

        /* 5. splitting a payment into two on its day */
        k = payments[rnd(n_pay)];
        if (g.events[k].cents >= 2 && !may_tie(&g, r0, k)) {
            variant p = v;
            p.split = k;
            p.split_cents = 1 + rnd(g.events[k].cents - 1);
            owed_case *c3;
            owed_report *r3 = build(&g, &p, &c3, "split");
            same_results(r0, r3, "split");
            counts[C_SPLITS]++;
            done(r3, c3);
        } else {
            counts[C_SPLIT_SKIPPED]++;
        }
    }
    done(r0, c0);
}

START_TEST(test_properties)
{
    const char *s = getenv("OWED_SEED");
    seed = s && *s ? strtoull(s, NULL, 10) : DEFAULT_SEED;
    const char *n = getenv("OWED_CASES");
    int cases = n && *n ? atoi(n) : DEFAULT_CASES;
    base_day = test_day("2019-09-01");
    for (int g = 0; g < N_REGIMES; g++) {
        owed_error err;
        owed_error_clear(&err);
        ck_assert_msg(owed_regime_load(regime_ids[g], test_datadir(), &regimes[g], &err) ==
                          OWED_OK,
                      "%s: %s", regime_ids[g], err.text);
    }
    const char *f = getenv("OWED_FIRST_CASE"); /* to reproduce one case quickly */
    int first = f && *f ? atoi(f) : 0;
    for (case_no = first; case_no < cases; case_no++) {
        rng_seed((seed << 24) ^ (uint64_t)case_no);
        run_case();
    }
    for (int g = 0; g < N_REGIMES; g++)
        owed_regime_free(regimes[g]);
    printf("OWED_SEED=%llu: %ld cases (%ld loans, %ld payments), %ld reports built and "
           "checked, %ld shuffled, %ld raised payments, %ld split payments (%ld not split: "
           "loans that may tie or change rank, an extension, a fee due at maturity still to "
           "come, or an amount of one unit), %ld statements written\n",
           (unsigned long long)seed, counts[C_CASES], counts[C_LOANS], counts[C_PAYMENTS],
           counts[C_VARIANTS], counts[C_CASES], counts[C_RAISES], counts[C_SPLITS],
           counts[C_SPLIT_SKIPPED], counts[C_STATEMENTS]);
}
END_TEST

/* Found by the generated cases (seed 20260601, case 205): a charge dated before the first
 * disbursement (the schema and the reader allow it: on or after the contract date) made both
 * replays start on the first disbursement and never take the events in date order past it,
 * so that every later payment was silently left out of both views. */
START_TEST(test_event_before_disbursement)
{
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-03-01\"",
                             "<loan id=\"A\" contracted=\"2024-01-01\" principal=\"1000.00\" "
                             "due=\"2024-02-01\"><disbursement date=\"2024-01-05\" "
                             "amount=\"1000.00\"/></loan>"
                             "<charge date=\"2024-01-02\" loan=\"A\" component=\"fee\" "
                             "amount=\"10.00\" kind=\"application\"/>"
                             "<extension date=\"2024-01-03\" loan=\"A\" due=\"2024-02-15\"/>"
                             "<payment date=\"2024-01-20\" amount=\"300.00\"/>");
    owed_regime *reg = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_regime_load("cn-private-2015", test_datadir(), &reg, &err), OWED_OK);
    owed_report *r = NULL;
    ck_assert_msg(owed_report_build(c, c->as_of, (const owed_regime *const *)&reg, 1, &r, &err) ==
                      OWED_OK,
                  "%s", err.text);
    const owed_loan_result *l = &r->contract->loans[0];
    ck_assert_q(l->charged[OWED_COMP_FEE], "10");
    ck_assert_q(l->paid[OWED_COMP_FEE], "10");        /* the payment is applied: fee first */
    ck_assert_q(l->paid[OWED_COMP_PRINCIPAL], "290"); /* then principal */
    ck_assert_q(l->balance[OWED_COMP_PRINCIPAL], "710");
    ck_assert_int_eq(l->due, test_day("2024-02-15"));
    ck_assert_int_eq(owed_replay_check_conservation(r->contract, &err), OWED_OK);
    ck_assert_msg(owed_lawful_check(r->lawful[0], &err) == OWED_OK, "%s", err.text);
    /* lawfully the 10.00 fee is capped at 24 % on 1,000 for 15 days (01-05 .. 01-20):
     * 1000 x 0.24 x 15/365 = 720/73 (9.86), and the payment is not diverted into the band:
     * 300 - 720/73 = 21180/73 (290.14) to principal */
    ck_assert_q(r->lawful[0]->loans[0].charges_paid, "720/73");
    ck_assert_q(r->lawful[0]->loans[0].principal_paid, "21180/73");
    ck_assert_int_eq(r->lawful[0]->loans[0].due, test_day("2024-02-15"));
    owed_report_free(r);
    owed_regime_free(reg);
    owed_case_free(c);
}
END_TEST

/* Pro rata in whole minor units (allocate.h): 1.00 across three debts of 1.00 that tie goes
 * 0.34 / 0.33 / 0.33, the extra cent to the id that sorts first whatever the order; an amount
 * with a part below the unit keeps it; no debt gets more than it owes. */
START_TEST(test_pro_rata_units)
{
    mpq_t owed[3], shares[3], amount, left, unit;
    for (int i = 0; i < 3; i++)
        mpq_inits(owed[i], shares[i], NULL);
    mpq_inits(amount, left, unit, NULL);
    mpq_set_ui(unit, 1, 100);
    owed_debt d[3] = {{1, 10, (const mpq_t *)&owed[0], NULL},
                      {1, 10, (const mpq_t *)&owed[1], NULL},
                      {1, 10, (const mpq_t *)&owed[2], NULL}};
    const char *ids[3] = {"b", "a", "c"};
    for (int i = 0; i < 3; i++)
        mpq_set_ui(owed[i], 1, 1);
    mpq_set_ui(amount, 1, 1);
    owed_allocate_across_units(3, d, ids, amount, unit, shares, left);
    ck_assert_q(shares[0], "0.33");
    ck_assert_q(shares[1], "0.34"); /* "a" sorts first */
    ck_assert_q(shares[2], "0.33");
    ck_assert_q(left, "0");
    /* 1/3 of a cent more: each part is 0.334444..; floors 0.33 leave 0.01333..: one cent to
     * "a", the third of a cent left to "b", next in the order */
    mpq_set_ui(amount, 301, 300);
    owed_allocate_across_units(3, d, ids, amount, unit, shares, left);
    ck_assert_q(shares[1], "0.34");
    ck_assert_q(shares[0], "1/3"); /* 0.33 + 1/300 */
    ck_assert_q(shares[2], "0.33");
    ck_assert_q(left, "0");
    /* weights 1 : 2 : 0.005, 0.10 to split: 0.0333.. / 0.0666.. / 0.00016..: floors 0.03, 0.06,
     * 0; the cent left goes to the largest part cut off (0.0066.. of the second) */
    mpq_set_ui(owed[0], 1, 1);
    mpq_set_ui(owed[1], 2, 1);
    mpq_set_ui(owed[2], 1, 200);
    mpq_set_ui(amount, 1, 10);
    owed_allocate_across_units(3, d, ids, amount, unit, shares, left);
    ck_assert_q(shares[0], "0.03");
    ck_assert_q(shares[1], "0.07");
    ck_assert_q(shares[2], "0");
    for (int i = 0; i < 3; i++)
        mpq_clears(owed[i], shares[i], NULL);
    mpq_clears(amount, left, unit, NULL);
}
END_TEST

/* Exact pro-rata parts grew without bound (each divided by the total of the tie, and the
 * balances then accrued at different rates): 40 undesignated payments across three loans with
 * one due date took 7 s with 20 payments and did not finish with 40.  In whole cents every
 * figure keeps a small denominator, and the replay is quick.  The loans tie on burden (the
 * interest and overdue rates a day add up to 0.017 % + 1/3 % on each), so that the payments
 * are split pro rata, while their balances accrue differently (the overdue interest runs on
 * principal and interest). */
START_TEST(test_pro_rata_does_not_grow)
{
    char body[16384] = "";
    for (int i = 0; i < 3; i++)
        append(body, sizeof body,
               "<loan id=\"L%d\" contracted=\"2024-01-01\" principal=\"%d.%02d\" "
               "due=\"2024-02-01\"><interest rate=\"0.0%d7%%\" per=\"day\" basis=\"actual\"/>"
               "<overdue rate=\"%d/300%%\" per=\"day\" on=\"principal+interest\"/></loan>",
               i, 1000 + 37 * i, 7 * i, i + 1, 100 - 3 * i);
    for (int k = 0; k < 60; k++)
        append(body, sizeof body, "<payment date=\"2024-%02d-%02d\" amount=\"%d.%02d\"/>",
               2 + k / 28 % 10, 1 + k % 28, 1 + k % 7, k % 100);
    owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-12-31\"", body);
    owed_replay *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_contract_replay(c, c->as_of, &r, &err), OWED_OK);
    ck_assert_int_eq(owed_replay_check_conservation(r, &err), OWED_OK);
    for (size_t i = 0; i < r->n_loans; i++)
        for (int k = 0; k < OWED_COMP_COUNT; k++)
            ck_assert_msg(mpz_sizeinbase(mpq_denref(r->loans[i].balance[k]), 10) < 40,
                          "loan %zu component %d: a denominator of %zu digits", i, k,
                          mpz_sizeinbase(mpq_denref(r->loans[i].balance[k]), 10));
    for (size_t k = 0; k < r->ledger.n; k++) /* every part of a payment is whole cents */
        if (r->ledger.items[k].kind == OWED_POST_PAYMENT) {
            mpq_t cents;
            mpq_init(cents);
            mpq_set_ui(cents, 100, 1);
            mpq_mul(cents, cents, r->ledger.items[k].amount);
            ck_assert_msg(mpz_cmp_ui(mpq_denref(cents), 1) == 0, "posting %zu", k);
            ck_assert_int_eq(r->ledger.items[k].allocation, OWED_DECIDED_PRO_RATA);
            mpq_clear(cents);
        }
    owed_replay_free(r);
    owed_case_free(c);
}
END_TEST

/* A credit (contract) or refund (lawful) that no loan takes is booked on the loan that
 * started first, not on the first loan of the file. */
START_TEST(test_credit_loan_independent_of_order)
{
    const char *a = "<loan id=\"A\" contracted=\"2024-01-05\" principal=\"100.00\" "
                    "due=\"2024-02-01\"/>";
    const char *b = "<loan id=\"B\" contracted=\"2024-01-02\" principal=\"100.00\" "
                    "due=\"2024-02-01\"/>";
    const char *pay = "<payment date=\"2024-01-10\" amount=\"250.00\"/>";
    char body[1024];
    owed_regime *reg = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_regime_load("cn-private-2015", test_datadir(), &reg, &err), OWED_OK);
    for (int order = 0; order < 2; order++) {
        snprintf(body, sizeof body, "%s%s%s", order ? a : b, order ? b : a, pay);
        owed_case *c = test_case("currency=\"CNY\" as-of=\"2024-01-31\"", body);
        owed_report *r = NULL;
        ck_assert_int_eq(owed_report_build(c, c->as_of, (const owed_regime *const *)&reg, 1, &r,
                                           &err),
                         OWED_OK);
        size_t ib = strcmp(c->loans[0].id, "B") == 0 ? 0 : 1;
        ck_assert_q(r->contract->loans[ib].balance[OWED_COMP_PRINCIPAL], "-50");
        ck_assert_q(r->contract->loans[1 - ib].balance[OWED_COMP_PRINCIPAL], "0");
        /* no interest was agreed, so the money paid beyond principal is kept up to the 36 %
         * line (2015 art. 31: 没有约定利息但借款人自愿支付): A 100 x 0.36 x 5/365 (01-05 ..
         * 01-10) = 180/365, B 100 x 0.36 x 8/365 = 288/365; the rest, 50 - 468/365 =
         * 17782/365 (48.72), is refunded on B, the loan that started first */
        ck_assert_q(r->lawful[0]->loans[ib].refund, "17782/365");
        ck_assert_q(r->lawful[0]->loans[1 - ib].refund, "0");
        owed_report_free(r);
        owed_case_free(c);
    }
    owed_regime_free(reg);
}
END_TEST

/* A text that is not a number is quoted by its start in the message, cut between two UTF-8
 * characters, so that a long or hostile value keeps the message one short, valid line. */
START_TEST(test_long_text_in_message)
{
    char text[200] = "";
    for (int i = 0; i < 30; i++)
        strcat(text, "\xe4\xb8\xad"); /* U+4E2D, three bytes */
    mpq_t q;
    mpq_init(q);
    owed_error err;
    owed_error_clear(&err);
    ck_assert_int_eq(owed_decimal_parse(q, text, 2, "amount", "f.xml", 3, &err), OWED_E_SYNTAX);
    /* 13 whole characters (39 bytes) of the 30, then "..." */
    ck_assert_str_eq(err.text, "amount '\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
                               "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
                               "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad...' is not a "
                               "decimal number");
    mpq_clear(q);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("properties");
    TCase *t = tcase_create("generated");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, test_event_before_disbursement);
    tcase_add_test(t, test_pro_rata_units);
    tcase_add_test(t, test_pro_rata_does_not_grow);
    tcase_add_test(t, test_credit_loan_independent_of_order);
    tcase_add_test(t, test_long_text_in_message);
    tcase_add_test(t, test_properties);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
