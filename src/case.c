#include <config.h>

#include "case.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

static const char *const component_names[OWED_COMP_COUNT] = {
    "principal", "interest", "penalty", "fee", "cost",
};

const char *owed_component_name(owed_component c)
{
    return (unsigned)c < OWED_COMP_COUNT ? component_names[c] : "?";
}

const char *owed_component_label(owed_component c)
{
    switch (c) {
    case OWED_COMP_PRINCIPAL: return _("principal");
    case OWED_COMP_INTEREST: return _("interest");
    case OWED_COMP_PENALTY: return _("penalty interest");
    case OWED_COMP_FEE: return _("fees");
    case OWED_COMP_COST: return _("costs");
    default: return "?";
    }
}

int owed_component_parse(const char *text, owed_component *out)
{
    for (int i = 0; i < OWED_COMP_COUNT; i++)
        if (strcmp(text, component_names[i]) == 0) {
            *out = (owed_component)i;
            return 0;
        }
    return -1;
}

const char *owed_lender_kind_name(owed_lender_kind k)
{
    static const char *const names[] = {"unknown", "person", "company", "licensed"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void owed_fee_money(mpq_t out, int is_percent, const mpq_t amount, const mpq_t base)
{
    if (is_percent)
        mpq_mul(out, amount, base);
    else
        mpq_set(out, amount);
}

void owed_default_order(owed_component order[OWED_COMP_COUNT])
{
    order[0] = OWED_COMP_COST;
    order[1] = OWED_COMP_FEE;
    order[2] = OWED_COMP_PENALTY;
    order[3] = OWED_COMP_INTEREST;
    order[4] = OWED_COMP_PRINCIPAL;
}

owed_date owed_case_first_day(const owed_case *c, owed_date none)
{
    owed_date first = none;
    int found = 0;
    for (size_t i = 0; i < c->n_loans; i++)
        for (size_t k = 0; k < c->loans[i].n_disbursements; k++)
            if (!found || c->loans[i].disbursements[k].date < first) {
                first = c->loans[i].disbursements[k].date;
                found = 1;
            }
    /* events are sorted by date: the first is the earliest */
    if (c->n_events > 0 && (!found || c->events[0].date < first))
        first = c->events[0].date;
    return first;
}

/* The limbs of the shared units 1/1 .. 1/10000 (owed_case_unit_share) and of the shared
 * zero (owed_case_zero_share): a loan's default rounding unit, and its withheld interest
 * until given, refer to them rather than holding a copy (for a unit two
 * allocations, a set and two frees less a convention; for a zero one and one). */
static mp_limb_t unit_one = 1; /* (never written: GMP's initialiser takes no const) */
static mp_limb_t unit_powers[] = {1, 10, 100, 1000, 10000};
static mp_limb_t zero_limb = 0; /* (the same) */
static const mpz_t unit_num = MPZ_ROINIT_N(&unit_one, 1);
static const mpz_t zero_num = MPZ_ROINIT_N(&zero_limb, 0);
static const mpz_t unit_dens[] = {MPZ_ROINIT_N(&unit_powers[0], 1),
                                  MPZ_ROINIT_N(&unit_powers[1], 1),
                                  MPZ_ROINIT_N(&unit_powers[2], 1),
                                  MPZ_ROINIT_N(&unit_powers[3], 1),
                                  MPZ_ROINIT_N(&unit_powers[4], 1)};

int owed_case_unit_share(mpq_t q, unsigned minor_units)
{
    if (minor_units >= sizeof unit_dens / sizeof unit_dens[0])
        return 0;
    /* copies of the read-only values made with GMP's initialiser (mpz_roinit_n's, with no
       call) */
    mpq_numref(q)[0] = unit_num[0];
    mpq_denref(q)[0] = unit_dens[minor_units][0];
    return 1;
}

void owed_case_zero_share(mpq_t q)
{
    mpq_numref(q)[0] = zero_num[0];
    mpq_denref(q)[0] = unit_dens[0][0];
}

/* 1 when q is one of the shared values (whose numerators are unit_one or zero_limb). */
static int q_is_shared(const mpq_t q)
{
    const mp_limb_t *num = mpz_limbs_read(mpq_numref(q));
    return num == &unit_one || num == &zero_limb;
}

/* The pool of the calling thread's scope (owed_q_pool_enter); NULL: none (case.h). */
_Thread_local owed_q_pool *owed_case_pool_in_scope;

owed_q_pool *owed_q_pool_enter(owed_q_pool *p)
{
    owed_q_pool *previous = owed_case_pool_in_scope;
    owed_case_pool_in_scope = p;
    return previous;
}

void owed_q_pool_leave(owed_q_pool *previous)
{
    owed_case_pool_in_scope = previous;
}

owed_q_pool *owed_q_pool_in_scope(void)
{
    return owed_case_pool_in_scope;
}

void owed_q_pool_clear(owed_q_pool *p)
{
    while (p->n > 0)
        mpq_clear(&p->q[--p->n]);
}

/* the external definition of the inline function (case.h) */
extern inline void owed_case_q_init(mpq_t q);

/* Gives q back to p while it has room (p not NULL), else clears it. */
static void q_give(owed_q_pool *p, mpq_t q)
{
    if (p != NULL && p->n < OWED_Q_POOL_SIZE)
        p->q[p->n++] = q[0];
    else
        mpq_clear(q);
}

void owed_case_q_release(mpq_t q)
{
    q_give(owed_case_pool_in_scope, q);
}

void owed_case_q_own(mpq_t q)
{
    if (q_is_shared(q))
        owed_case_q_init(q);
}

void owed_case_q_clear(mpq_t q)
{
    if (!q_is_shared(q))
        mpq_clear(q);
}

/* owed_case_q_clear into pool p (q_give). */
static void case_q_give(owed_q_pool *p, mpq_t q)
{
    if (!q_is_shared(q))
        q_give(p, q);
}

/* Frees l's values into p; its blocks too when `blocks` (not: an arena's, which go with
 * the arena). */
static void loan_free(owed_loan *l, owed_q_pool *p, int blocks)
{
    if (blocks) {
        owed_mem_free(l->id);
        owed_mem_free(l->lender);
    }
    q_give(p, l->principal);
    for (size_t i = 0; i < l->n_disbursements; i++)
        q_give(p, l->disbursements[i].amount);
    q_give(p, l->interest.rate);
    case_q_give(p, l->interest.withheld);
    for (size_t i = 0; i < l->n_fees; i++) {
        if (blocks)
            owed_mem_free(l->fees[i].name);
        q_give(p, l->fees[i].amount);
    }
    q_give(p, l->overdue.rate);
    case_q_give(p, l->interest.conv.rounding_unit);
    case_q_give(p, l->overdue.conv.rounding_unit);
    for (size_t i = 0; i < l->n_late_fees; i++) {
        if (blocks)
            owed_mem_free(l->late_fees[i].name);
        q_give(p, l->late_fees[i].amount);
    }
    if (blocks)
        owed_mem_free(l->disbursements); /* and the fees and late fees after them */
}

void owed_case_free(owed_case *c)
{
    if (c == NULL)
        return;
    owed_allocator mem = c->mem; /* a copy: it outlives c */
    owed_q_pool *p = c->pool;
    /* a case made in an arena (a bulk audit's borrower) gives back its rationals only: the
       arena's free would do nothing to its blocks */
    int blocks = !owed_mem_frees_nothing(&mem);
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    if (blocks) {
        owed_mem_free(c->file);
        owed_mem_free(c->title);
        owed_mem_free(c->borrower);
    }
    for (size_t i = 0; i < c->n_loans; i++)
        loan_free(&c->loans[i], p, blocks);
    for (size_t i = 0; i < c->n_events; i++) {
        q_give(p, c->events[i].amount);
        if (blocks)
            owed_mem_free(c->events[i].label);
    }
    for (size_t i = 0; i < c->n_claims; i++) {
        if (blocks)
            owed_mem_free(c->claims[i].by);
        for (int k = 0; k < OWED_COMP_COUNT; k++)
            q_give(p, c->claims[i].part[k]);
        q_give(p, c->claims[i].total);
        q_give(p, c->claims[i].rate);
    }
    if (blocks) {
        owed_mem_free(c->loans);
        owed_mem_free(c->events);
        owed_mem_free(c->claims);
        owed_mem_free(c);
    }
    owed_mem_scope_leave(previous);
}

/* The two years asked for last (owed_case_next_change), per thread: the replays ask for the days
 * of a few years, over and over (case.h). */
_Thread_local owed_kept_year owed_case_kept_year[2];

owed_date owed_case_year_end(owed_date day, owed_date next)
{
    int y, m, d;
    owed_date_to_ymd(day, &y, &m, &d);
    if (y >= 9999) /* (the last year has no next 1 January: never kept) */
        return next;
    owed_kept_year *k = owed_case_kept_year;
    k[1] = k[0];
    k[0].from = owed_date_from_ymd(y, 1, 1);
    k[0].to = k[0].from + (owed_is_leap_year(y) ? 366 : 365);
    return k[0].to > day && k[0].to < next ? k[0].to : next;
}
