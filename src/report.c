#include <config.h>

#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "qsum.h"
#include "report_series.h"
#include "owed_limits.h"

static void sum_results(owed_loan_result *t, const owed_replay *r)
{
    mpq_inits(t->delivered, t->withheld, t->overpaid, t->interest_withheld, t->total, NULL);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_inits(t->charged[k], t->paid[k], t->balance[k], NULL);
    t->due = 0;
    t->extensions = 0;
    for (size_t i = 0; i < r->n_loans; i++) {
        const owed_loan_result *l = &r->loans[i];
        owed_q_add_to(t->delivered, l->delivered);
        owed_q_add_to(t->withheld, l->withheld);
        owed_q_add_to(t->overpaid, l->overpaid);
        owed_q_add_to(t->interest_withheld, l->interest_withheld);
        owed_q_add_to(t->total, l->total);
        for (int k = 0; k < OWED_COMP_COUNT; k++) {
            owed_q_add_to(t->charged[k], l->charged[k]);
            owed_q_add_to(t->paid[k], l->paid[k]);
            owed_q_add_to(t->balance[k], l->balance[k]);
        }
        t->extensions += l->extensions;
    }
}

static void clear_result(owed_loan_result *t)
{
    mpq_clears(t->delivered, t->withheld, t->overpaid, t->interest_withheld, t->total, NULL);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        mpq_clears(t->charged[k], t->paid[k], t->balance[k], NULL);
}

/* A read-only 0 (MPZ_ROINIT_N view of a static limb): the figures of a finding a report
 * without OWED_PART_FINDING_FIGURES leaves out (owed batch counts findings only); never
 * written, never cleared. */
static const mp_limb_t limb_one = 1;

static void q_zero_view(mpq_ptr q)
{
    mpz_t num = MPZ_ROINIT_N((mp_limb_t *)&limb_one, 0);
    mpz_t den = MPZ_ROINIT_N((mp_limb_t *)&limb_one, 1);
    *mpq_numref(q) = num[0];
    *mpq_denref(q) = den[0];
}

static int add_finding(owed_report *r, owed_finding_kind kind, long regime, size_t claim,
                       size_t loan, owed_component comp, const mpq_t claimed,
                       const mpq_t allowed)
{
    /* the array grows by doubling: its room is 4 below 4 findings, else the power of two
       at or above n_findings, so it is full exactly when n_findings is 0, 4, 8, 16, ... */
    size_t n = r->n_findings;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        owed_finding *f = owed_mem_realloc(r->findings, (n ? 2 * n : 4) * sizeof *f);
        if (f == NULL)
            return -1;
        r->findings = f;
    }
    owed_finding *f = &r->findings[r->n_findings++];
    f->kind = kind;
    f->regime = regime;
    f->claim = claim;
    f->loan = loan;
    f->component = comp;
    if (!(r->parts & OWED_PART_FINDING_FIGURES)) {
        q_zero_view(f->claimed);
        q_zero_view(f->allowed);
        q_zero_view(f->excess);
        return 0;
    }
    /* made at their size (mpq_init then mpq_set allocates twice for a large one) */
    mpz_init_set(mpq_numref(f->claimed), mpq_numref(claimed));
    mpz_init_set(mpq_denref(f->claimed), mpq_denref(claimed));
    mpz_init_set(mpq_numref(f->allowed), mpq_numref(allowed));
    mpz_init_set(mpq_denref(f->allowed), mpq_denref(allowed));
    mpq_init(f->excess);
    owed_q_diff(f->excess, claimed, allowed);
    return 0;
}

static int add_named(owed_named_amount **items, size_t *n, const owed_posting *p)
{
    owed_named_amount *a = owed_mem_realloc(*items, (*n + 1) * sizeof *a);
    if (a == NULL)
        return -1;
    *items = a;
    a = &a[(*n)++];
    a->component = p->component;
    a->label = p->label;
    mpq_init(a->amount);
    mpq_set(a->amount, p->amount);
    return 0;
}

/* The charges of loan `loan` (all loans when loan == n_loans) by name, and the amounts
 * withheld from it. */
static int charge_names(owed_charge_names *cn, const owed_ledger *lg, size_t loan,
                        size_t n_loans)
{
    int all = loan == n_loans;
    for (size_t i = all ? 0 : owed_ledger_first(lg, loan); i != SIZE_MAX && i < lg->n;
         i = all ? i + 1 : owed_ledger_next(lg, i)) {
        const owed_posting *p = &lg->items[i];
        if (p->kind == OWED_POST_WITHHELD) {
            if (add_named(&cn->withheld, &cn->n_withheld, p))
                return -1;
            continue;
        }
        if (p->label == NULL || (p->kind != OWED_POST_CHARGE && p->kind != OWED_POST_ACCRUAL))
            continue;
        size_t k = 0;
        while (k < cn->n_charges && (cn->charges[k].component != p->component ||
                                     strcmp(cn->charges[k].label, p->label) != 0))
            k++;
        if (k < cn->n_charges)
            owed_q_add_to(cn->charges[k].amount, p->amount);
        else if (add_named(&cn->charges, &cn->n_charges, p))
            return -1;
    }
    return 0;
}

static void clear_names(owed_charge_names *cn)
{
    for (size_t k = 0; k < cn->n_charges; k++)
        mpq_clear(cn->charges[k].amount);
    for (size_t k = 0; k < cn->n_withheld; k++)
        mpq_clear(cn->withheld[k].amount);
    owed_mem_free(cn->charges);
    owed_mem_free(cn->withheld);
}

/* The summary's column of regime `g`: the lawful figures of all loans added up. */
static void lawful_totals(owed_lawful_totals *t, const owed_lawful *lv)
{
    mpq_inits(t->balance, t->refund, t->refund_interest, t->net, t->above_cap, t->retained,
              NULL);
    mpq_t due;
    mpq_init(due);
    for (size_t i = 0; i < lv->n_loans; i++) {
        const owed_lawful_loan *l = &lv->loans[i];
        owed_q_add_to(t->balance, l->balance);
        owed_q_add_to(t->refund, l->refund);
        owed_q_add_to(t->refund_interest, l->refund_interest);
        owed_q_add_to(t->above_cap, l->above_cap);
        owed_q_add_to(t->retained, l->retained);
        owed_lawful_refund_total(due, l); /* the refund with its interest */
        owed_q_add_to(t->net, l->balance);
        mpq_neg(due, due);
        owed_q_add_to(t->net, due);
    }
    mpq_clear(due);
}

static void clear_totals(owed_lawful_totals *t)
{
    mpq_clears(t->balance, t->refund, t->refund_interest, t->net, t->above_cap, t->retained,
               NULL);
}

/* Sorts the move indexes order[from..to) of regime view `lv` by loan id (a payment's moves
 * are a few, one per loan). */
static void sort_by_loan(const owed_report *r, const owed_lawful *lv, size_t *order,
                         size_t from, size_t to)
{
    for (size_t i = from + 1; i < to; i++) {
        size_t m = order[i], j = i;
        const char *id = r->kase->loans[lv->moves[m].loan].id;
        while (j > from && strcmp(r->kase->loans[lv->moves[order[j - 1]].loan].id, id) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = m;
    }
}

/* The payments made up to the as-of date, each with the range of each regime's moves that
 * applied it.  The lawful view applies payments in the case's order and keeps the moves of
 * one payment together, in that order (lawful.h), so one cursor per regime finds them. */
static int payments_made(owed_report *r)
{
    const owed_case *c = r->kase;
    r->move_order = owed_mem_calloc(r->n_regimes ? r->n_regimes : 1, sizeof *r->move_order);
    if (r->move_order == NULL)
        return -1;
    for (size_t g = 0; g < r->n_regimes; g++) {
        const owed_lawful *lv = r->lawful[g];
        r->move_order[g] = owed_mem_alloc((lv->n_moves ? lv->n_moves : 1) * sizeof **r->move_order);
        if (r->move_order[g] == NULL)
            return -1;
        for (size_t m = 0; m < lv->n_moves; m++)
            r->move_order[g][m] = m;
    }
    size_t n = 0;
    for (size_t e = 0; e < c->n_events; e++)
        n += c->events[e].kind == OWED_EV_PAYMENT && c->events[e].date <= r->as_of;
    if (n == 0)
        return 0;
    r->payments = owed_mem_calloc(n, sizeof *r->payments);
    if (r->payments == NULL)
        return -1;
    size_t *cursor = owed_mem_calloc(r->n_regimes ? r->n_regimes : 1, sizeof *cursor);
    if (cursor == NULL)
        return -1;
    for (size_t e = 0; e < c->n_events; e++) {
        const owed_event *ev = &c->events[e];
        if (ev->kind != OWED_EV_PAYMENT || ev->date > r->as_of)
            continue;
        owed_payment_made *p = &r->payments[r->n_payments];
        p->moves_from = owed_mem_alloc(2 * (r->n_regimes ? r->n_regimes : 1) * sizeof *p->moves_from);
        if (p->moves_from == NULL) {
            owed_mem_free(cursor);
            return -1;
        }
        r->n_payments++;
        p->event = ev;
        p->index = e;
        p->moves_to = p->moves_from + r->n_regimes;
        for (size_t g = 0; g < r->n_regimes; g++) {
            const owed_lawful *lv = r->lawful[g];
            while (cursor[g] < lv->n_moves && lv->moves[cursor[g]].event < e)
                cursor[g]++;
            p->moves_from[g] = cursor[g];
            while (cursor[g] < lv->n_moves && lv->moves[cursor[g]].event == e)
                cursor[g]++;
            p->moves_to[g] = cursor[g];
            sort_by_loan(r, lv, r->move_order[g], p->moves_from[g], p->moves_to[g]);
        }
    }
    owed_mem_free(cursor);
    return 0;
}

static const owed_apr_method cost_methods[OWED_COST_METHODS] = {OWED_APR_XIRR, OWED_APR_EU};

/* Whether posting p is money that moved: a disbursement, or a payment or overpayment that a
 * payment made (one booked as paid at the disbursement, interest withheld in advance, moved
 * none).  The paid kinds tested as one mask. */
static inline int moved_money(const owed_posting *p)
{
    const unsigned paid = 1u << OWED_POST_PAYMENT | 1u << OWED_POST_OVERPAYMENT;
    return p->kind == OWED_POST_DISBURSEMENT || ((1u << p->kind & paid) && p->event >= 0);
}

owed_status owed_report_cash_flows(const owed_report *r, size_t loan, owed_apr_flows *flows,
                                   owed_error *err)
{
    const owed_replay *rp = r->contract;
    int all = loan == rp->n_loans;
    owed_status st = OWED_OK;
    const owed_ledger *lg = &rp->ledger;
    long max_flows = owed_limit_get(OWED_LIMIT_FLOWS, 0); /* read once, not per flow */
    /* one loop for all the loans and one for a loan's (a report asks for each loan's),
     * neither testing which it is for each posting */
    if (all) {
        for (size_t k = 0; k < lg->n && st == OWED_OK; k++) {
            const owed_posting *p = &lg->items[k];
            if (moved_money(p))
                st = owed_apr_flows_add_within(flows, p->date, p->amount, max_flows, err);
        }
    } else {
        for (size_t k = owed_ledger_first(lg, loan); k != SIZE_MAX && k < lg->n;
             k = owed_ledger_next(lg, k)) {
            const owed_posting *p = &lg->items[k];
            if (moved_money(p)) {
                st = owed_apr_flows_add_within(flows, p->date, p->amount, max_flows, err);
                if (st != OWED_OK)
                    break;
            }
        }
    }
    if (st != OWED_OK)
        return st;
    /* the balance, paid back on the as-of date */
    if (!all) {
        /* one loan's: minus its total, read in place through a negated read-only view
         * (mpz_roinit_n) instead of copied into temporaries */
        if (loan > rp->n_loans || mpq_sgn(rp->loans[loan].total) == 0)
            return st;
        mpq_srcptr total = rp->loans[loan].total;
        mpz_srcptr num = mpq_numref(total), den = mpq_denref(total);
        mp_size_t n = (mp_size_t)mpz_size(num);
        mpq_t minus;
        mpz_roinit_n(mpq_numref(minus), mpz_limbs_read(num), mpq_sgn(total) > 0 ? -n : n);
        mpz_roinit_n(mpq_denref(minus), mpz_limbs_read(den), (mp_size_t)mpz_size(den));
        return owed_apr_flows_add_within(flows, r->as_of, minus, max_flows, err);
    }
    mpq_t final;
    mpq_init(final);
    for (size_t i = 0; i < rp->n_loans; i++)
        owed_q_sub_from(final, rp->loans[i].total);
    if (mpq_sgn(final) != 0)
        st = owed_apr_flows_add_within(flows, r->as_of, final, max_flows, err);
    mpq_clear(final);
    return st;
}

/* Fills the cost view of loan `loan` (or of all loans when loan == n_loans) from the contract
 * ledger, its flows made in `flows` (emptied first: one for all the views of a report).  A
 * method that cannot take the flows (fewer than two dates, all one sign) leaves its rate
 * NULL with the reason; only memory exhaustion is an error. */
static owed_status cost_view(owed_report *r, size_t loan, owed_apr_flows *flows,
                             owed_cost_view *cv, owed_error *err)
{
    owed_apr_flows_empty(flows);
    owed_status st = owed_report_cash_flows(r, loan, flows, err);
    cv->n_flows = owed_apr_flows_count(flows);
    for (int m = 0; m < OWED_COST_METHODS && st == OWED_OK; m++) {
        if (!(r->parts & (1u << m)))
            continue; /* a method not asked for (OWED_PART_COST_*) */
        owed_apr_options opt;
        owed_apr_options_init(&opt, cost_methods[m]);
        opt.digits_only = !(r->parts & OWED_PART_RATE_BRACKETS);
        owed_error why; /* only why.text is read, on failure */
        owed_error_clear(&why);
        owed_status ms = owed_apr_compute(&cv->rate[m], flows, &opt, &why);
        if (ms == OWED_E_NOMEM)
            st = owed_error_set(err, ms, r->kase->file, 0, "%s", why.text);
        else if (ms != OWED_OK)
            snprintf(cv->why_not[m], sizeof cv->why_not[m], "%s", why.text);
    }
    return st;
}

static owed_status nomem(const owed_report *r, long line, owed_error *err)
{
    return owed_error_set(err, OWED_E_NOMEM, r->kase->file, line, _("out of memory"));
}

/* Check `k` for claim `cl`: the views on the claim's date (the replays' sample `sample`,
 * the claim's loans) compared with it, in the contract view and under each regime. */
static owed_status check_claim(owed_report *r, size_t k, const owed_claim *cl, size_t sample,
                               owed_error *err)
{
    const owed_case *c = r->kase;
    owed_claim_check *cc = &r->claims[k];
    cc->claim = cl;
    for (int i = 0; i < OWED_COMP_COUNT; i++)
        mpq_init(cc->contract[i]);
    mpq_inits(cc->contract_total, cc->difference, NULL);
    cc->lawful_total = owed_mem_calloc(r->n_regimes ? r->n_regimes : 1, sizeof(mpq_t));
    cc->lawful_difference = owed_mem_calloc(r->n_regimes ? r->n_regimes : 1, sizeof(mpq_t));
    if (cc->lawful_total == NULL || cc->lawful_difference == NULL)
        return nomem(r, cl->line, err);
    for (size_t g = 0; g < r->n_regimes; g++)
        mpq_inits(cc->lawful_total[g], cc->lawful_difference[g], NULL);
    (void)c;
    for (int j = 0; j < OWED_COMP_COUNT; j++)
        mpq_set(cc->contract[j], r->contract->samples[sample][j]);
    for (size_t g = 0; g < r->n_regimes; g++) {
        mpq_set(cc->lawful_total[g], r->lawful[g]->samples[sample]);
        owed_q_diff(cc->lawful_difference[g], cl->total, cc->lawful_total[g]);
        if (mpq_sgn(cc->lawful_difference[g]) > 0 &&
            add_finding(r, OWED_FIND_CLAIM_TOTAL, (long)g, k, 0, OWED_COMP_PRINCIPAL, cl->total,
                        cc->lawful_total[g]))
            return nomem(r, cl->line, err);
    }
    if (cl->has[OWED_COMP_INTEREST] && !cl->has[OWED_COMP_PENALTY]) {
        cc->interest_includes_penalty = 1;
        owed_q_add_to(cc->contract[OWED_COMP_INTEREST], cc->contract[OWED_COMP_PENALTY]);
        mpq_set_ui(cc->contract[OWED_COMP_PENALTY], 0, 1);
    }
    for (int j = 0; j < OWED_COMP_COUNT; j++)
        owed_q_add_to(cc->contract_total, cc->contract[j]);
    owed_q_diff(cc->difference, cl->total, cc->contract_total);
    for (int j = 0; j < OWED_COMP_COUNT; j++)
        if (cl->has[j] && mpq_cmp(cl->part[j], cc->contract[j]) > 0 &&
            add_finding(r, OWED_FIND_CLAIM_PART, -1, k, 0, (owed_component)j, cl->part[j],
                        cc->contract[j]))
            return nomem(r, cl->line, err);
    if (mpq_sgn(cc->difference) > 0 &&
        add_finding(r, OWED_FIND_CLAIM_TOTAL, -1, k, 0, OWED_COMP_PRINCIPAL, cl->total,
                    cc->contract_total))
        return nomem(r, cl->line, err);
    return OWED_OK;
}

/* A sample request with its place: the chart's day i (claim -1) or claim k's date. */
typedef struct request {
    owed_sample_request q;
    long chart, claim;
} request;

static int cmp_request(const void *a, const void *b)
{
    const request *x = a, *y = b;
    if (x->q.date != y->q.date)
        return (x->q.date > y->q.date) - (x->q.date < y->q.date);
    /* the same day: chart points first, then claims in file order (any order would do:
       each request is answered on its own) */
    long kx = x->claim, ky = y->claim;
    return (kx > ky) - (kx < ky);
}

/* The days the report asks the replays about: the chart's days (all loans) and each
 * claim's date (its loans), sorted by date.  *req is new (owed_mem_free()); chart_sample[i] and
 * claim_sample[k] (new arrays, n_days and c->n_claims long) give each one's request; all
 * three NULL when there are neither days nor claims. */
static owed_status sample_requests(const owed_case *c, owed_date as_of, const owed_date *days,
                                   size_t n_days, owed_sample_request **req, size_t *n_req,
                                   size_t **chart_sample, size_t **claim_sample,
                                   owed_error *err)
{
    size_t n = n_days + c->n_claims;
    if (n == 0) { /* no chart, no claim (owed batch, mostly): nothing to ask */
        *req = NULL;
        *chart_sample = *claim_sample = NULL;
        *n_req = 0;
        return OWED_OK;
    }
    request *all = owed_mem_alloc(n * sizeof *all);
    *req = owed_mem_alloc((n ? n : 1) * sizeof **req);
    *chart_sample = owed_mem_alloc((n_days ? n_days : 1) * sizeof **chart_sample);
    *claim_sample = owed_mem_alloc((c->n_claims ? c->n_claims : 1) * sizeof **claim_sample);
    if (all == NULL || *req == NULL || *chart_sample == NULL || *claim_sample == NULL) {
        owed_mem_free(all);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    size_t k = 0;
    for (size_t i = 0; i < n_days; i++)
        all[k++] = (request){{days[i], -1}, (long)i, -1};
    for (size_t i = 0; i < c->n_claims; i++)
        if (c->claims[i].date <= as_of)
            all[k++] = (request){{c->claims[i].date, c->claims[i].loan}, -1, (long)i};
    qsort(all, k, sizeof *all, cmp_request);
    for (size_t i = 0; i < k; i++) {
        (*req)[i] = all[i].q;
        if (all[i].chart >= 0)
            (*chart_sample)[all[i].chart] = i;
        else
            (*claim_sample)[all[i].claim] = i;
    }
    *n_req = k;
    owed_mem_free(all);
    return OWED_OK;
}

owed_status owed_report_build(const owed_case *c, owed_date as_of,
                              const owed_regime *const *regimes, size_t n_regimes,
                              owed_report **out, owed_error *err)
{
    return owed_report_build_parts(c, as_of, regimes, n_regimes, OWED_PART_ALL, out, err);
}

/* owed_report_build_parts, with the contract replay made into `spare` (NULL, or a replay
 * of an earlier report made in the calling thread's memory scope, which it takes over),
 * and, when lawful_spare is not NULL (what it holds made in the calling thread's scope;
 * what is taken is set NULL there), the lawful view of regime g into
 * lawful_spare->lawful[g], the report in lawful_spare->block and its cost views in
 * lawful_spare->cost when there is room. */
static owed_status build(const owed_case *c, owed_date as_of, const owed_regime *const *regimes,
                         size_t n_regimes, unsigned parts, owed_replay *spare,
                         owed_report_spare *lawful_spare, owed_report **out, owed_error *err)
{
    *out = NULL;
    /* the replays this report makes walk a bounded number of loan-days (owed_limits.h) */
    owed_status work = owed_limit_check_work(c, as_of, err);
    if (work != OWED_OK) {
        owed_replay_free(spare);
        return work;
    }
    owed_report *r;
    if (lawful_spare != NULL && lawful_spare->block != NULL) { /* an earlier report's */
        r = lawful_spare->block;
        lawful_spare->block = NULL;
        memset(r, 0, sizeof *r);
    } else {
        r = owed_mem_calloc(1, sizeof *r);
    }
    if (r == NULL) {
        owed_replay_free(spare);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    owed_mem_record(&r->mem);
    r->words = owed_words_current();
    r->kase = c;
    r->as_of = as_of;
    r->chosen = -1;
    r->regimes = regimes;
    r->parts = parts & OWED_PART_ALL;
    owed_date *days = NULL;
    size_t n_days = 0, n_req = 0, *chart_sample = NULL, *claim_sample = NULL;
    owed_sample_request *req = NULL;
    /* without the chart, the replays are sampled on the claims' dates only */
    owed_status st = parts & OWED_PART_SERIES
                         ? owed_report_chart_days(c, as_of, &days, &n_days, err)
                         : OWED_OK;
    if (st == OWED_OK)
        st = sample_requests(c, as_of, days, n_days, &req, &n_req, &chart_sample, &claim_sample,
                             err);
    r->contract = spare; /* made into below, or freed */
    if (st == OWED_OK)
        st = owed_contract_replay_into(
            &r->contract, c, as_of, req, n_req,
            ((parts & OWED_PART_LEDGER_BALANCES) ? OWED_REPLAY_BALANCES : 0u) |
                ((parts & OWED_PART_CONTRACT_CHARGES) ? OWED_REPLAY_CHARGES : 0u),
            err);
    else {
        owed_replay_free(r->contract);
        r->contract = NULL;
    }
    if (st != OWED_OK) {
        owed_mem_free(days);
        owed_mem_free(req);
        owed_mem_free(chart_sample);
        owed_mem_free(claim_sample);
        owed_mem_free(r);
        return st;
    }
    if (parts & OWED_PART_TOTALS)
        sum_results(&r->total, r->contract);
    if (parts & OWED_PART_NAMES) {
        r->names = owed_mem_calloc(c->n_loans + 1, sizeof *r->names);
        for (size_t i = 0; r->names && i <= c->n_loans && st == OWED_OK; i++)
            if (charge_names(&r->names[i], &r->contract->ledger, i, c->n_loans))
                st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
        if (r->names == NULL)
            st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    if (st == OWED_OK && lawful_spare != NULL && lawful_spare->lawful != NULL &&
        lawful_spare->n_lawful == n_regimes && n_regimes > 0) {
        /* the last report's array, with its views, each made into below (or freed with r) */
        r->lawful = lawful_spare->lawful;
        lawful_spare->lawful = NULL;
        lawful_spare->n_lawful = 0;
    } else if (st == OWED_OK &&
               (r->lawful = owed_mem_calloc(n_regimes ? n_regimes : 1, sizeof *r->lawful)) == NULL) {
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    if (r->lawful != NULL)
        r->n_regimes = n_regimes;
    for (size_t g = 0; g < n_regimes && st == OWED_OK; g++) {
        owed_lawful *into = r->lawful[g]; /* an earlier report's view, or NULL */
        r->lawful[g] = NULL;
        if (lawful_spare != NULL && g < lawful_spare->n_lawful) {
            into = lawful_spare->lawful[g];
            lawful_spare->lawful[g] = NULL;
        }
        st = owed_lawful_replay_into(c, regimes[g], r->contract, as_of, req, n_req,
                                     (parts & OWED_PART_CHECKPOINTS) != 0,
                                     (parts & (OWED_PART_PAYMENTS | OWED_PART_CHECKPOINTS)) != 0,
                                     into, &r->lawful[g], err);
        for (size_t i = 0; st == OWED_OK && i < c->n_loans; i++) {
            const owed_lawful_loan *l = &r->lawful[g]->loans[i];
            if (mpq_sgn(l->above_cap) > 0 &&
                add_finding(r, OWED_FIND_ABOVE_CAP, (long)g, 0, i, OWED_COMP_INTEREST,
                            l->contract_charges, l->lawful_charges))
                st = nomem(r, c->loans[i].line, err);
            if (st == OWED_OK && l->amount_exceeded &&
                add_finding(r, OWED_FIND_LOAN_AMOUNT, (long)g, 0, i, OWED_COMP_PRINCIPAL,
                            l->loan_amount, owed_regime_loan_limit(regimes[g])->amount))
                st = nomem(r, c->loans[i].line, err);
            if (st == OWED_OK && l->term_exceeded) {
                mpq_t term, limit;
                mpq_inits(term, limit, NULL);
                mpq_set_si(term, l->term_days, 1);
                mpq_set_si(limit, owed_regime_loan_limit(regimes[g])->term_days, 1);
                if (add_finding(r, OWED_FIND_LOAN_TERM, (long)g, 0, i, OWED_COMP_PRINCIPAL,
                                term, limit))
                    st = nomem(r, c->loans[i].line, err);
                mpq_clears(term, limit, NULL);
            }
        }
    }
    /* scope warnings regime by regime, loans by id: no statement depends on the order of
       the loans in the file */
    size_t by_id_stack[16]; /* a case's few loans: no allocation */
    size_t *by_id = c->n_loans <= sizeof by_id_stack / sizeof by_id_stack[0]
                        ? by_id_stack
                        : owed_mem_alloc(c->n_loans * sizeof *by_id);
    if (st == OWED_OK && by_id == NULL)
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    for (size_t i = 0; by_id != NULL && i < c->n_loans; i++) {
        size_t k = i;
        for (; k > 0 && strcmp(c->loans[by_id[k - 1]].id, c->loans[i].id) > 0; k--)
            by_id[k] = by_id[k - 1];
        by_id[k] = i;
    }
    for (size_t g = 0; g < n_regimes && st == OWED_OK; g++)
        for (size_t j = 0; j < c->n_loans && st == OWED_OK; j++) {
            size_t i = by_id[j];
            owed_governs_result why =
                owed_regime_governs_loan(regimes[g], &c->loans[i], r->lawful[g]->filing);
            if (why == OWED_GOVERNS)
                continue;
            owed_scope_warning *sw =
                owed_mem_realloc(r->scope_warnings, (r->n_scope_warnings + 1) * sizeof *sw);
            if (sw == NULL) {
                st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
                break;
            }
            r->scope_warnings = sw;
            sw[r->n_scope_warnings++] = (owed_scope_warning){g, i, why};
        }
    if (by_id != by_id_stack)
        owed_mem_free(by_id);
    if (st == OWED_OK && (parts & OWED_PART_TOTALS) &&
        (r->lawful_totals = owed_mem_calloc(n_regimes ? n_regimes : 1, sizeof *r->lawful_totals)) == NULL)
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    for (size_t g = 0; r->lawful_totals != NULL && g < n_regimes && st == OWED_OK; g++)
        lawful_totals(&r->lawful_totals[g], r->lawful[g]);
    if (st == OWED_OK && (parts & OWED_PART_PAYMENTS) && payments_made(r))
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    /* not zeroed (about 1 KB a loan, mostly the why_not texts): each view gets its rates
       and the first byte of its texts set here, the rest only when a method fails */
    if (st == OWED_OK && lawful_spare != NULL && lawful_spare->cost != NULL &&
        lawful_spare->n_cost >= c->n_loans + 1) { /* an earlier report's room */
        r->cost = lawful_spare->cost;
        lawful_spare->cost = NULL;
        lawful_spare->n_cost = 0;
    } else if (st == OWED_OK &&
               (r->cost = owed_mem_alloc((c->n_loans + 1) * sizeof *r->cost)) == NULL) {
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    for (size_t i = 0; r->cost != NULL && i <= c->n_loans; i++) {
        r->cost[i].n_flows = 0;
        for (int m = 0; m < OWED_COST_METHODS; m++) {
            r->cost[i].rate[m] = NULL;
            r->cost[i].why_not[m][0] = '\0';
        }
    }
    size_t n_cost = parts & OWED_PART_COST_ALL_LOANS ? c->n_loans + 1 : c->n_loans;
    owed_apr_flows *flows = NULL; /* an earlier report's (cost_view empties them), or new */
    if (st == OWED_OK && n_cost && lawful_spare != NULL && lawful_spare->flows != NULL) {
        flows = lawful_spare->flows;
        lawful_spare->flows = NULL;
    } else if (st == OWED_OK && n_cost && (flows = owed_apr_flows_new()) == NULL) {
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    for (size_t i = 0; i < n_cost && st == OWED_OK; i++)
        st = cost_view(r, i, flows, &r->cost[i], err);
    if (lawful_spare != NULL && lawful_spare->flows == NULL)
        lawful_spare->flows = flows; /* for the next report */
    else
        owed_apr_flows_free(flows);
    size_t n = 0;
    for (size_t i = 0; i < c->n_claims; i++)
        n += c->claims[i].date <= as_of;
    if (st == OWED_OK && n && (r->claims = owed_mem_calloc(n, sizeof *r->claims)) == NULL)
        st = owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    for (size_t i = 0; i < c->n_claims && st == OWED_OK; i++) {
        if (c->claims[i].date > as_of)
            continue;
        st = check_claim(r, r->n_claims++, &c->claims[i], claim_sample[i], err);
    }
    if (st == OWED_OK && (parts & OWED_PART_SERIES))
        st = owed_report_series(r, days, n_days, chart_sample, &r->series, err);
    owed_mem_free(days);
    owed_mem_free(req);
    owed_mem_free(chart_sample);
    owed_mem_free(claim_sample);
    if (st != OWED_OK) {
        owed_report_free(r);
        return st;
    }
    *out = r;
    return OWED_OK;
}

owed_status owed_report_build_parts(const owed_case *c, owed_date as_of,
                                    const owed_regime *const *regimes, size_t n_regimes,
                                    unsigned parts, owed_report **out, owed_error *err)
{
    return build(c, as_of, regimes, n_regimes, parts, NULL, NULL, out, err);
}

/* Frees what spare keeps but its replay (lawful views, blocks) in the scope that made
 * them. */
static void clear_spare_kept(owed_report_spare *spare)
{
    if (spare->lawful == NULL && spare->block == NULL && spare->cost == NULL &&
        spare->flows == NULL)
        return;
    owed_allocator mem = spare->mem;
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    for (size_t g = 0; spare->lawful != NULL && g < spare->n_lawful; g++)
        owed_lawful_free(spare->lawful[g]);
    owed_mem_free(spare->lawful);
    owed_mem_free(spare->block);
    owed_mem_free(spare->cost);
    owed_apr_flows_free(spare->flows);
    owed_mem_scope_leave(previous);
    spare->lawful = NULL;
    spare->n_lawful = 0;
    spare->block = NULL;
    spare->cost = NULL;
    spare->n_cost = 0;
    spare->flows = NULL;
}

owed_status owed_report_build_reusing(const owed_case *c, owed_date as_of,
                                      const owed_regime *const *regimes, size_t n_regimes,
                                      unsigned parts, owed_report_spare *spare,
                                      owed_report **out, owed_error *err)
{
    owed_replay *taken = spare->replay;
    spare->replay = NULL;
    owed_allocator now;
    owed_mem_record(&now);
    if (now.malloc_fn != spare->mem.malloc_fn || now.realloc_fn != spare->mem.realloc_fn ||
        now.free_fn != spare->mem.free_fn || now.ud != spare->mem.ud)
        clear_spare_kept(spare); /* made with another allocator */
    spare->mem = now; /* what is kept from here on is made with it */
    return build(c, as_of, regimes, n_regimes, parts, taken, spare, out, err);
}

static void free_report(owed_report *r, owed_report_spare *spare);

void owed_report_free_keeping(owed_report *r, owed_report_spare *spare)
{
    if (r == NULL)
        return;
    owed_replay_free(spare->replay);
    spare->replay = r->contract;
    /* made in the report's scope, like the rest of it */
    owed_allocator mem = r->mem; /* a copy: it outlives r */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    if (r->contract != NULL && (r->parts & OWED_PART_TOTALS))
        clear_result(&r->total);
    r->parts &= ~(unsigned)OWED_PART_TOTALS;
    r->contract = NULL;
    owed_mem_scope_leave(previous);
    owed_apr_flows *flows = spare->flows; /* r's, made in its scope (build) */
    spare->flows = NULL;
    clear_spare_kept(spare);
    spare->mem = r->mem;
    spare->flows = flows;
    if (r->lawful != NULL) {
        spare->lawful = r->lawful;
        spare->n_lawful = r->n_regimes;
        r->lawful = NULL;
    }
    previous = owed_mem_scope_enter(&mem);
    free_report(r, spare);
    owed_mem_scope_leave(previous);
}

void owed_report_spare_clear(owed_report_spare *spare)
{
    owed_replay_free(spare->replay);
    spare->replay = NULL;
    clear_spare_kept(spare);
}

const owed_charge_names *owed_report_names(const owed_report *r, size_t loan)
{
    return &r->names[loan == SIZE_MAX ? r->kase->n_loans : loan];
}

const owed_lawful_move *owed_report_move(const owed_report *r, size_t g, size_t j)
{
    return &r->lawful[g]->moves[r->move_order[g][j]];
}

/* Frees r in the calling thread's memory scope; with `spare` not NULL, the blocks of r and
 * of its cost views go there instead (what they held freed). */
static void free_report(owed_report *r, owed_report_spare *spare)
{
    if (r->contract) {
        if (r->parts & OWED_PART_TOTALS)
            clear_result(&r->total);
        owed_replay_free(r->contract);
    }
    if (r->names)
        for (size_t i = 0; i <= r->kase->n_loans; i++)
            clear_names(&r->names[i]);
    owed_mem_free(r->names);
    if (r->lawful)
        for (size_t g = 0; g < r->n_regimes; g++)
            owed_lawful_free(r->lawful[g]);
    owed_mem_free(r->lawful);
    if (r->lawful_totals)
        for (size_t g = 0; g < r->n_regimes; g++)
            clear_totals(&r->lawful_totals[g]);
    owed_mem_free(r->lawful_totals);
    for (size_t i = 0; i < r->n_payments; i++)
        owed_mem_free(r->payments[i].moves_from);
    owed_mem_free(r->payments);
    if (r->move_order)
        for (size_t g = 0; g < r->n_regimes; g++)
            owed_mem_free(r->move_order[g]);
    owed_mem_free(r->move_order);
    if (r->cost)
        for (size_t i = 0; i <= r->kase->n_loans; i++)
            for (int m = 0; m < OWED_COST_METHODS; m++)
                owed_apr_result_free(r->cost[i].rate[m]);
    if (spare != NULL && r->cost != NULL) {
        spare->cost = r->cost;
        spare->n_cost = r->kase->n_loans + 1;
    } else {
        owed_mem_free(r->cost);
    }
    for (size_t i = 0; i < r->n_claims; i++) {
        owed_claim_check *cc = &r->claims[i];
        for (int j = 0; j < OWED_COMP_COUNT; j++)
            mpq_clear(cc->contract[j]);
        mpq_clears(cc->contract_total, cc->difference, NULL);
        if (cc->lawful_total && cc->lawful_difference)
            for (size_t g = 0; g < r->n_regimes; g++)
                mpq_clears(cc->lawful_total[g], cc->lawful_difference[g], NULL);
        owed_mem_free(cc->lawful_total);
        owed_mem_free(cc->lawful_difference);
    }
    owed_mem_free(r->claims);
    for (size_t i = 0; (r->parts & OWED_PART_FINDING_FIGURES) && i < r->n_findings; i++)
        mpq_clears(r->findings[i].claimed, r->findings[i].allowed, r->findings[i].excess, NULL);
    owed_mem_free(r->findings);
    owed_mem_free(r->scope_warnings);
    owed_series_free(r->series);
    if (spare != NULL)
        spare->block = r;
    else
        owed_mem_free(r);
}

void owed_report_free(owed_report *r)
{
    if (r == NULL)
        return;
    owed_allocator mem = r->mem; /* a copy: it outlives r */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    free_report(r, NULL);
    owed_mem_scope_leave(previous);
}

void owed_report_set_chosen(owed_report *r, size_t g)
{
    if (g < r->n_regimes)
        r->chosen = (long)g;
}
