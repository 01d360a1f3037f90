#include <config.h>

#include "allocate.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "qsum.h"
#include "rate.h"

const owed_alloc_step owed_alloc_default_order[] = {OWED_ALLOC_DUE, OWED_ALLOC_MOST_BURDENSOME,
                                                    OWED_ALLOC_EARLIEST_DUE, OWED_ALLOC_PRO_RATA};
const size_t owed_alloc_default_n =
    sizeof owed_alloc_default_order / sizeof owed_alloc_default_order[0];

const char *owed_alloc_decider_name(owed_alloc_decider d)
{
    switch (d) {
    case OWED_DECIDED_NONE: return "none";
    case OWED_DECIDED_DESIGNATED: return owed_alloc_step_name(OWED_ALLOC_DESIGNATED);
    case OWED_DECIDED_DUE: return owed_alloc_step_name(OWED_ALLOC_DUE);
    case OWED_DECIDED_MOST_BURDENSOME: return owed_alloc_step_name(OWED_ALLOC_MOST_BURDENSOME);
    case OWED_DECIDED_EARLIEST_DUE: return owed_alloc_step_name(OWED_ALLOC_EARLIEST_DUE);
    case OWED_DECIDED_PRO_RATA: return owed_alloc_step_name(OWED_ALLOC_PRO_RATA);
    }
    return "?";
}

/* The one external definition (C99 inline, allocate.h). */
extern inline owed_burden_terms owed_burden_terms_of(owed_burden_measure m, const owed_loan *L,
                                                     owed_date due, owed_date day,
                                                     int principal_owed);

extern inline void owed_burden_kept(owed_day_rates *d, mpq_ptr out, int *known,
                                    owed_burden_terms *kept, owed_burden_measure m,
                                    const owed_loan *L, owed_date due, owed_date day,
                                    int principal_owed);

void owed_day_rates_clear(owed_day_rates *d)
{
    if (!d->made)
        return;
    for (int k = 0; k < OWED_DAY_RATE_MEMOS; k++)
        mpq_clears(d->memo[k].rate, d->memo[k].day_rate, NULL);
    mpq_clear(d->sum);
    d->made = 0;
}

void owed_day_rate_make(owed_day_rates *d, mpq_ptr out, const mpq_t rate, owed_rate_period per,
                        owed_day_basis basis, owed_date day, int year)
{
    if (!d->made) {
        for (int k = 0; k < OWED_DAY_RATE_MEMOS; k++) {
            mpq_inits(d->memo[k].rate, d->memo[k].day_rate, NULL);
            d->memo[k].year = -1;
        }
        mpq_init(d->sum);
        d->next = 0;
        d->made = 1;
    }
    static const mp_limb_t one_limb = 1; /* 1, read only (mpz_roinit_n) */
    mpq_t one;
    mpz_roinit_n(mpq_numref(one), &one_limb, 1);
    mpz_roinit_n(mpq_denref(one), &one_limb, 1);
    owed_rate_accrue(out, one, rate, per, basis, day, day + 1);
    struct owed_day_rate_memo *m = &d->memo[d->next];
    d->next = (d->next + 1) % OWED_DAY_RATE_MEMOS;
    owed_q_set(m->rate, rate);
    owed_q_set(m->day_rate, out);
    m->per = per;
    m->year = year;
}

void owed_burden_remake(owed_day_rates *d, mpq_ptr out, owed_burden_terms t, const owed_loan *L,
                        owed_date day)
{
    /* owed_burden(out, m, L, due, day, principal_owed): the sum of the day rates that run */
    owed_q_zero(out);
    if (t.interest)
        owed_day_rate_of(d, out, L->interest.rate, L->interest.per, L->interest.basis, day,
                         t.year_i);
    if (t.penalty && !t.interest) {
        owed_day_rate_of(d, out, L->overdue.rate, L->overdue.per, L->overdue.basis, day,
                         t.year_p);
    } else if (t.penalty) {
        owed_day_rate_of(d, d->sum, L->overdue.rate, L->overdue.per, L->overdue.basis, day,
                         t.year_p);
        owed_q_add_to(out, d->sum);
    }
}

void owed_burden(mpq_t out, owed_burden_measure m, const owed_loan *L, owed_date due,
                 owed_date day, int principal_owed)
{
    owed_q_zero(out);
    /* which rates run that day: the one rule, which the replays' kept burdens use too */
    owed_burden_terms t = owed_burden_terms_of(m, L, due, day, principal_owed);
    if (!t.interest && !t.penalty)
        return;
    /* 1, read only (mpz_roinit_n): the day's cost of one unit of money */
    static const mp_limb_t one_limb = 1;
    mpq_t one;
    mpz_roinit_n(mpq_numref(one), &one_limb, 1);
    mpz_roinit_n(mpq_denref(one), &one_limb, 1);
    if (t.interest)
        owed_rate_accrue(out, one, L->interest.rate, L->interest.per, L->interest.basis, day,
                         day + 1);
    if (t.penalty) {
        if (!t.interest) {
            owed_rate_accrue(out, one, L->overdue.rate, L->overdue.per, L->overdue.basis, day,
                             day + 1);
        } else {
            mpq_t rate;
            mpq_init(rate);
            owed_rate_accrue(rate, one, L->overdue.rate, L->overdue.per, L->overdue.basis, day,
                             day + 1);
            owed_q_add_to(out, rate);
            mpq_clear(rate);
        }
    }
}

/* How two debts compare on one step: > 0 when a goes first, < 0 when b does, 0 on a tie. */
static int step_cmp(owed_alloc_step s, const owed_debt *a, const owed_debt *b)
{
    switch (s) {
    case OWED_ALLOC_DUE:
        return (a->is_due != 0) - (b->is_due != 0);
    case OWED_ALLOC_MOST_BURDENSOME:
        if (a->burden == NULL || b->burden == NULL)
            return (a->burden ? mpq_sgn(*a->burden) : 0) - (b->burden ? mpq_sgn(*b->burden) : 0);
        return owed_q_cmp(*a->burden, *b->burden);
    case OWED_ALLOC_EARLIEST_DUE:
        return (a->due < b->due) - (a->due > b->due);
    case OWED_ALLOC_DESIGNATED:    /* the callers' business: a designated payment is not split */
    case OWED_ALLOC_LEAST_SECURED: /* case files record no security: every debt ties */
    case OWED_ALLOC_PRO_RATA:
        break;
    }
    return 0;
}

typedef struct ranking {
    const owed_alloc_step *steps;
    size_t n;
} ranking;

/* The first step on which a and b differ (*cmp: > 0 when a goes first), or -1 when they tie
 * on every step up to pro-rata. */
static long first_difference(const ranking *rk, const owed_debt *a, const owed_debt *b, int *cmp)
{
    for (size_t k = 0; k < rk->n && rk->steps[k] != OWED_ALLOC_PRO_RATA; k++) {
        int c = step_cmp(rk->steps[k], a, b);
        if (c != 0) {
            *cmp = c;
            return (long)k;
        }
    }
    *cmp = 0;
    return -1;
}

static int ranks_before(const ranking *rk, const owed_debt *a, const owed_debt *b)
{
    int c;
    first_difference(rk, a, b, &c);
    return c > 0;
}

/* Debts in their ranked order: diff (NULL, or n - 1 entries) holds the first step on which
 * the debts at positions k and k + 1 differ, -1 when they tie, computed once per split. */
typedef struct ranked {
    const ranking *rk;
    const owed_debt *debts;
    const size_t *order;
    const long *diff;
} ranked;

/* The first step on which the debts at positions a and b of the order differ, -1 when they
 * tie.  With diff, the least of the adjacent differences from a to b: the order is sorted
 * by the steps one after the other, so that the steps before that one tie all along, and on
 * that one the order never goes back and moves at least once.  Without it, compared. */
static long step_between(const ranked *r, size_t a, size_t b)
{
    if (r->diff == NULL) {
        int c;
        return first_difference(r->rk, &r->debts[r->order[a]], &r->debts[r->order[b]], &c);
    }
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    long first = -1;
    for (size_t k = a; k < b; k++)
        if (r->diff[k] >= 0 && (first < 0 || r->diff[k] < first))
            first = r->diff[k];
    return first;
}

static int same_rank(const ranked *r, size_t a, size_t b)
{
    return step_between(r, a, b) < 0;
}

/* The criterion that sets the debts at positions a and b apart: the first step on which
 * they differ, pro-rata when they tie. */
static owed_alloc_decider decider(const ranked *r, size_t a, size_t b)
{
    long k = step_between(r, a, b);
    if (k < 0)
        return OWED_DECIDED_PRO_RATA;
    switch (r->rk->steps[k]) {
    case OWED_ALLOC_DUE: return OWED_DECIDED_DUE;
    case OWED_ALLOC_MOST_BURDENSOME: return OWED_DECIDED_MOST_BURDENSOME;
    case OWED_ALLOC_EARLIEST_DUE: return OWED_DECIDED_EARLIEST_DUE;
    default: return OWED_DECIDED_PRO_RATA;
    }
}

/* 1 when debt order[g + a] of a tie takes a left-over unit before debt order[g + b]. */
static int comes_first(const char *const *ties, const size_t *order, size_t g, mpq_t *cut,
                       size_t a, size_t b)
{
    int c = owed_q_cmp(cut[a], cut[b]);
    if (c != 0)
        return c > 0;
    if (ties == NULL)
        return 0;
    const char *ka = ties[order[g + a]], *kb = ties[order[g + b]];
    return ka != NULL && kb != NULL && strcmp(ka, kb) < 0;
}

/* Debts a split sorts in arrays of its own stack rather than allocated ones: a case has a
 * few loans, and two allocations a split cost more than its sort. */
enum { SPLIT_STACK_DEBTS = 16 };

/* The temporaries of a split: made once for all the splits of an owed_split (its
 * scratch), or for one call of owed_allocate_ordered.  Every value is written before it is
 * read; cut[0 .. cut_made) are made. */
struct owed_split_scratch {
    mpq_t group_total, part, exact, rest, room, chunk;
    mpz_t q;
    mpq_t cut[SPLIT_STACK_DEBTS];
    size_t cut_made;
    int made;          /* an owed_split's: the values above are made (at its first split) */
};

static void scratch_init(struct owed_split_scratch *sc)
{
    /* numerators unallocated until written (owed_q_init) */
    owed_q_init(sc->group_total);
    owed_q_init(sc->part);
    owed_q_init(sc->exact);
    owed_q_init(sc->rest);
    owed_q_init(sc->room);
    owed_q_init(sc->chunk);
    mpz_init(sc->q);
    sc->cut_made = 0;
}

static void scratch_clear(struct owed_split_scratch *sc)
{
    mpq_clears(sc->group_total, sc->part, sc->exact, sc->rest, sc->room, sc->chunk, NULL);
    mpz_clear(sc->q);
    for (size_t k = 0; k < sc->cut_made; k++)
        mpq_clear(sc->cut[k]);
}

/* Splits `amount` (less than the tie's total) across the tie order[g..end) in whole units:
 * see owed_allocate_across_units. */
static void split_in_units(const owed_debt *debts, const char *const *ties, const size_t *order,
                           size_t g, size_t end, const mpq_t amount, const mpq_t total,
                           const mpq_t unit, mpq_t *shares, struct owed_split_scratch *sc)
{
    size_t m = end - g;
    if (m == 1) {
        /* one debt (most ties, once the debts that owe nothing are left out): its exact
         * part is the amount, rounded down to the unit, and the rest of the amount (less
         * than a unit, less than its room: it owes more than the amount) goes to it too */
        owed_q_set(shares[order[g]], amount);
        return;
    }
    mpq_ptr exact = sc->exact, rest = sc->rest, room = sc->room, chunk = sc->chunk;
    mpz_ptr q = sc->q;
    size_t rank_stack[SPLIT_STACK_DEBTS];
    int small = m <= SPLIT_STACK_DEBTS;
    /* exact part - rounded part, per debt of the tie: the scratch's (made as needed) */
    mpq_t *cut = small ? sc->cut : owed_mem_alloc(m * sizeof *cut);
    size_t *rank = small ? rank_stack : owed_mem_alloc(m * sizeof *rank);
    owed_q_set(rest, amount);
    if (small)
        for (; sc->cut_made < m; sc->cut_made++)
            owed_q_init(sc->cut[sc->cut_made]);
    for (size_t k = 0; !small && k < m && cut != NULL; k++)
        owed_q_init(cut[k]);
    for (size_t k = g; k < end; k++) {
        size_t i = order[k];
        owed_q_mul(exact, amount, *debts[i].owed);
        owed_q_div(exact, exact, total);
        /* shares[i] = floor(exact / unit) * unit */
        owed_q_div(chunk, exact, unit);
        mpz_fdiv_q(q, mpq_numref(chunk), mpq_denref(chunk));
        mpq_set_z(shares[i], q);
        owed_q_mul(shares[i], shares[i], unit);
        if (cut != NULL)
            owed_q_diff(cut[k - g], exact, shares[i]);
        owed_q_sub_from(rest, shares[i]);
    }
    /* The debts that get one more unit: largest cut first, then the smaller tie key, then
     * tie order (an insertion sort, stable). */
    for (size_t k = 0; k < m; k++) {
        size_t j = k;
        if (rank != NULL && cut != NULL) {
            while (j > 0 && comes_first(ties, order, g, cut, k, rank[j - 1])) {
                rank[j] = rank[j - 1];
                j--;
            }
            rank[j] = k;
        }
    }
    for (size_t k = 0; k < m && mpq_sgn(rest) > 0; k++) {
        size_t i = order[g + (rank != NULL && cut != NULL ? rank[k] : k)];
        owed_q_diff(room, *debts[i].owed, shares[i]);
        owed_q_set(chunk, owed_q_cmp(rest, unit) < 0 ? rest : unit);
        if (owed_q_cmp(chunk, room) > 0)
            owed_q_set(chunk, room);
        owed_q_add_to(shares[i], chunk);
        owed_q_sub_from(rest, chunk);
    }
    /* Anything still left (only when the parts above could not take it): in tie order, up
     * to what each debt is owed.  The total of the tie is more than the amount, so this
     * leaves nothing. */
    for (size_t k = g; k < end && mpq_sgn(rest) > 0; k++) {
        size_t i = order[k];
        owed_q_diff(room, *debts[i].owed, shares[i]);
        owed_q_set(chunk, owed_q_cmp(rest, room) < 0 ? rest : room);
        owed_q_add_to(shares[i], chunk);
        owed_q_sub_from(rest, chunk);
    }
    if (!small) {
        if (cut != NULL)
            for (size_t k = 0; k < m; k++)
                mpq_clear(cut[k]);
        owed_mem_free(cut);
        owed_mem_free(rank);
    }
}

/* by[] for a split done (see owed_allocate_ordered), from the ranked order. */
static void decide(const ranked *r, size_t n, mpq_t *shares, owed_alloc_decider *by)
{
    const owed_debt *debts = r->debts;
    const size_t *order = r->order;
    long u = -1, w = -1; /* the first owing debt not paid in full; the last that took money */
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        by[i] = OWED_DECIDED_NONE;
        if (u < 0 && mpq_sgn(*debts[i].owed) > 0 && owed_q_cmp(shares[i], *debts[i].owed) < 0)
            u = (long)k;
        if (mpq_sgn(shares[i]) > 0)
            w = (long)k;
    }
    if (u < 0 || w < 0)
        return; /* everything owed was paid, or nothing was */
    /* the tie group of U (at u), when it took money: pro rata if two or more of it owe */
    size_t owing_in_u = 0;
    int u_took = same_rank(r, (size_t)u, (size_t)w);
    for (size_t k = 0; k < n; k++)
        if (mpq_sgn(*debts[order[k]].owed) > 0 && same_rank(r, k, (size_t)u))
            owing_in_u++;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        const owed_debt *d = &debts[i];
        if (mpq_sgn(*d->owed) <= 0)
            continue;
        if (u_took && same_rank(r, k, (size_t)u)) {
            if (owing_in_u > 1) {
                by[i] = OWED_DECIDED_PRO_RATA;
                continue;
            }
            /* alone where the money ran out: against the next owing debt behind it */
            for (size_t j = k + 1; j < n; j++)
                if (mpq_sgn(*debts[order[j]].owed) > 0) {
                    by[i] = decider(r, k, j);
                    break;
                }
        } else if (owed_q_cmp(shares[i], *d->owed) >= 0) {
            by[i] = decider(r, k, (size_t)u); /* paid in full: ranked ahead of U */
        } else {
            by[i] = decider(r, k, (size_t)w); /* took nothing: ranked behind W */
        }
    }
}

/* Sorts the debt numbers in order[0..n) by rank, stably (debts that tie keep their order):
 * the order of the case file decides among equals.  Insertion sort, used when no scratch
 * space can be had: n^2 comparisons. */
static void insertion_sort(const ranking *rk, const owed_debt *debts, size_t *order, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t d = order[i], j = i;
        while (j > 0 && ranks_before(rk, &debts[d], &debts[order[j - 1]])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = d;
    }
}

/* The same order as insertion_sort (a stable sort's result is unique), by merging runs
 * bottom-up: n log n comparisons, for cases with many loans.  scratch holds n numbers. */
static void sort_stable(const ranking *rk, const owed_debt *debts, size_t *order,
                        size_t *scratch, size_t n)
{
    size_t *from = order, *to = scratch;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            /* take from the right run only when it ranks strictly before: stable */
            while (a < mid && b < hi)
                to[k++] = ranks_before(rk, &debts[from[b]], &debts[from[a]]) ? from[b++]
                                                                              : from[a++];
            while (a < mid)
                to[k++] = from[a++];
            while (b < hi)
                to[k++] = from[b++];
        }
        size_t *t = from;
        from = to;
        to = t;
    }
    if (from != order)
        memcpy(order, from, n * sizeof *order);
}

/* owed_allocate_ordered with the temporaries of `sc` (made). */
static void allocate_ordered(size_t n, const owed_debt *debts, const owed_alloc_step *steps,
                             size_t n_steps, const char *const *ties, const mpq_t amount,
                             const mpq_t *unit, mpq_t *shares, mpq_t left,
                             owed_alloc_decider *by, struct owed_split_scratch *sc)
{
    const ranking rk = {steps ? steps : owed_alloc_default_order,
                        steps ? n_steps : owed_alloc_default_n};
    owed_q_set(left, amount);
    if (n == 0)
        return;
    size_t order_stack[SPLIT_STACK_DEBTS], scratch_stack[SPLIT_STACK_DEBTS];
    int small = n <= SPLIT_STACK_DEBTS;
    size_t *order = small ? order_stack : owed_mem_alloc(n * sizeof *order);
    /* every share 0 and by[] none, in one pass with the order of the debts that owe: those
     * that owe nothing are left out of the ranking (about half of a book's, paid off): they
     * would take no share (in units, the units left over pass them by: no room), by[] says
     * none for them, and the order of the others is theirs in the order of all (the sort
     * is stable; the first difference of two debts is their own) */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        owed_q_zero(shares[i]);
        if (by != NULL)
            by[i] = OWED_DECIDED_NONE;
        if (order != NULL && mpq_sgn(*debts[i].owed) != 0)
            order[m++] = i;
    }
    if (order == NULL) { /* fall back to file order, one debt at a time: still a valid split */
        for (size_t i = 0; i < n && mpq_sgn(left) > 0; i++) {
            if (owed_q_cmp(left, *debts[i].owed) >= 0)
                owed_q_set(shares[i], *debts[i].owed);
            else
                owed_q_set(shares[i], left);
            owed_q_sub_from(left, shares[i]);
        }
        return;
    }
    if (m == 1 && mpq_sgn(*debts[order[0]].owed) > 0 && mpq_sgn(left) > 0) {
        /* one debt owes (many splits: a case's loans often run one after another): it takes
           the amount up to what it owes, as its group of one would (whole, or its part in
           units and the rest below one unit: all of it), and by[] says none, as decide
           finds (it was paid in full, or the money ran out in it with no owing debt
           behind) */
        size_t i = order[0];
        if (owed_q_cmp(left, *debts[i].owed) >= 0) {
            owed_q_set(shares[i], *debts[i].owed);
            owed_q_sub_from(left, *debts[i].owed);
        } else {
            owed_q_set(shares[i], left);
            owed_q_zero(left);
        }
        if (!small)
            owed_mem_free(order);
        return;
    }
    size_t *scratch = small ? scratch_stack : owed_mem_alloc(n * sizeof *scratch);
    long diff_stack[SPLIT_STACK_DEBTS];
    if (small && m == 2) {
        /* two debts (many splits): the one comparison sorts them and is their
           difference (a step's comparison changes sign with its operands: the second goes
           first when it ranks strictly before, as in sort_stable) */
        int c;
        diff_stack[0] = first_difference(&rk, &debts[order[0]], &debts[order[1]], &c);
        if (c < 0) {
            size_t t = order[0];
            order[0] = order[1];
            order[1] = t;
        }
    } else {
        if (scratch != NULL)
            sort_stable(&rk, debts, order, scratch, m);
        else
            insertion_sort(&rk, debts, order, m);
        /* the adjacent differences, once (m - 1 comparisons): the groups and by[] read them
         * rather than comparing debts again; a case of more debts than the stack's
         * compares */
        for (size_t k = 0; small && k + 1 < m; k++) {
            int c;
            diff_stack[k] = first_difference(&rk, &debts[order[k]], &debts[order[k + 1]], &c);
        }
    }
    if (!small)
        owed_mem_free(scratch);
    const ranked r = {&rk, debts, order, small ? diff_stack : NULL};
    mpq_ptr group_total = sc->group_total, part = sc->part;
    for (size_t g = 0; g < m && mpq_sgn(left) > 0;) {
        size_t end = g + 1;
        while (end < m && same_rank(&r, g, end))
            end++;
        /* what the group owes: a group of one debt's read in place (most groups) */
        mpq_srcptr total = *debts[order[g]].owed;
        if (end - g > 1) {
            owed_q_zero(group_total);
            for (size_t k = g; k < end; k++)
                owed_q_add_to(group_total, *debts[order[k]].owed);
            total = group_total;
        }
        if (mpq_sgn(total) > 0) {
            if (owed_q_cmp(left, total) >= 0) {
                for (size_t k = g; k < end; k++)
                    owed_q_set(shares[order[k]], *debts[order[k]].owed);
                owed_q_sub_from(left, total);
            } else if (unit != NULL) {
                split_in_units(debts, ties, order, g, end, left, total, *unit, shares, sc);
                owed_q_zero(left);
            } else {
                for (size_t k = g; k < end; k++) {
                    owed_q_mul(part, left, *debts[order[k]].owed);
                    owed_q_div(shares[order[k]], part, total);
                }
                owed_q_zero(left);
            }
        }
        g = end;
    }
    if (by != NULL)
        decide(&r, m, shares, by);
    if (!small)
        owed_mem_free(order);
}

void owed_allocate_ordered(size_t n, const owed_debt *debts, const owed_alloc_step *steps,
                           size_t n_steps, const char *const *ties, const mpq_t amount,
                           const mpq_t *unit, mpq_t *shares, mpq_t left,
                           owed_alloc_decider *by)
{
    struct owed_split_scratch sc;
    scratch_init(&sc);
    allocate_ordered(n, debts, steps, n_steps, ties, amount, unit, shares, left, by, &sc);
    scratch_clear(&sc);
}

void owed_allocate_across(size_t n, const owed_debt *debts, const mpq_t amount, mpq_t *shares,
                          mpq_t left)
{
    owed_allocate_ordered(n, debts, NULL, 0, NULL, amount, NULL, shares, left, NULL);
}

void owed_allocate_across_units(size_t n, const owed_debt *debts, const char *const *ties,
                                const mpq_t amount, const mpq_t unit, mpq_t *shares,
                                mpq_t left)
{
    owed_allocate_ordered(n, debts, NULL, 0, ties, amount, (const mpq_t *)&unit[0], shares,
                          left, NULL);
}

int owed_split_init(owed_split *s, size_t n)
{
    size_t m = n ? n : 1;
    s->n = n;
    s->cap = m;
    s->steps = NULL;
    s->n_steps = 0;
    s->ids = NULL;
    s->has_unit = 0;
    /* made here, not at the first split: callers split with copies of s (NULL: each split
       makes temporaries of its own) */
    s->scratch = owed_mem_alloc(sizeof *s->scratch);
    if (s->scratch != NULL)
        s->scratch->made = 0;
    s->debts = owed_mem_calloc(m, sizeof *s->debts);
    s->owed = owed_mem_alloc(m * sizeof *s->owed);
    s->burden = owed_mem_alloc(m * sizeof *s->burden);
    s->shares = owed_mem_alloc(m * sizeof *s->shares);
    s->by = owed_mem_calloc(m, sizeof *s->by);
    if (s->debts == NULL || s->owed == NULL || s->burden == NULL || s->shares == NULL ||
        s->by == NULL) {
        owed_mem_free(s->debts);
        owed_mem_free(s->owed);
        owed_mem_free(s->burden);
        owed_mem_free(s->shares);
        owed_mem_free(s->by);
        owed_mem_free(s->scratch);
        s->debts = NULL;
        s->owed = s->burden = s->shares = NULL;
        s->by = NULL;
        s->scratch = NULL;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        /* numerators unallocated until written (owed_q_init): a split is made for a
           replay's first undesignated payment, whether or not it is ever split */
        owed_q_init(s->owed[i]);
        owed_q_init(s->burden[i]);
        owed_q_init(s->shares[i]);
        s->debts[i].owed = (const mpq_t *)&s->owed[i];
        s->debts[i].burden = (const mpq_t *)&s->burden[i];
        s->by[i] = OWED_DECIDED_NONE;
    }
    for (size_t i = n; i < m; i++) { /* n = 0: the one debt of room */
        owed_q_init(s->owed[i]);
        owed_q_init(s->burden[i]);
        owed_q_init(s->shares[i]);
    }
    return 0;
}

void owed_split_clear(owed_split *s)
{
    if (s->owed != NULL)
        for (size_t i = 0; i < s->cap; i++)
            mpq_clears(s->owed[i], s->burden[i], s->shares[i], NULL);
    owed_mem_free(s->debts);
    owed_mem_free(s->owed);
    owed_mem_free(s->burden);
    owed_mem_free(s->shares);
    owed_mem_free(s->by);
    owed_mem_free(s->ids);
    if (s->has_unit)
        mpq_clear(s->unit);
    if (s->scratch != NULL && s->scratch->made)
        scratch_clear(s->scratch);
    owed_mem_free(s->scratch);
    s->scratch = NULL;
    s->debts = NULL;
    s->owed = s->burden = s->shares = NULL;
    s->by = NULL;
    s->ids = NULL;
    s->has_unit = 0;
}

/* The minor unit of `currency`, 1/10^minor_units, into unit (initialised). */
static void minor_unit(mpq_t unit, const owed_currency *currency)
{
    mpz_ui_pow_ui(mpq_denref(unit), 10, currency->minor_units);
    mpz_set_ui(mpq_numref(unit), 1);
}

int owed_split_init_case(owed_split *s, const owed_case *c)
{
    if (owed_split_init(s, c->n_loans) != 0)
        return -1;
    mpq_init(s->unit);
    minor_unit(s->unit, &c->currency);
    s->unit_minor = c->currency.minor_units;
    s->has_unit = 1;
    /* NULL: ties in file order, as owed_split_case_payment without them */
    s->ids = owed_mem_alloc((c->n_loans ? c->n_loans : 1) * sizeof *s->ids);
    for (size_t i = 0; s->ids != NULL && i < c->n_loans; i++)
        s->ids[i] = c->loans[i].id;
    return 0;
}

int owed_split_reuse_case(owed_split *s, const owed_case *c)
{
    if (s->debts == NULL || s->ids == NULL || !s->has_unit || s->cap < c->n_loans) {
        owed_split_clear(s);
        return owed_split_init_case(s, c);
    }
    s->n = c->n_loans;
    s->steps = NULL;
    s->n_steps = 0;
    for (size_t i = 0; i < c->n_loans; i++) {
        owed_q_zero(s->shares[i]);
        s->by[i] = OWED_DECIDED_NONE;
        s->ids[i] = c->loans[i].id;
    }
    if (s->unit_minor != c->currency.minor_units) { /* made again only for other decimals */
        minor_unit(s->unit, &c->currency);
        s->unit_minor = c->currency.minor_units;
    }
    return 0;
}

void owed_split_case_payment(owed_split *s, const owed_case *c, mpq_t amount)
{
    /* pro-rata parts in whole minor units, as money is paid: exact parts would grow
     * without bound over many payments */
    struct owed_split_scratch local;
    struct owed_split_scratch *sc = s->scratch;
    if (sc != NULL && !sc->made) { /* for all the splits made with s (and its copies) */
        scratch_init(sc);
        sc->made = 1;
    }
    if (sc == NULL) { /* no memory for it: temporaries of this call */
        scratch_init(&local);
        sc = &local;
    }
    if (s->has_unit) { /* owed_split_init_case made them */
        allocate_ordered(c->n_loans, s->debts, s->steps, s->n_steps,
                         (const char *const *)s->ids, amount, (const mpq_t *)&s->unit[0],
                         s->shares, amount, s->by, sc);
        if (sc == &local)
            scratch_clear(&local);
        return;
    }
    mpq_t unit;
    mpq_init(unit);
    minor_unit(unit, &c->currency);
    const char **ids = owed_mem_alloc(c->n_loans * sizeof *ids); /* NULL: ties in file order */
    for (size_t i = 0; ids != NULL && i < c->n_loans; i++)
        ids[i] = c->loans[i].id;
    allocate_ordered(c->n_loans, s->debts, s->steps, s->n_steps, (const char *const *)ids,
                     amount, (const mpq_t *)&unit[0], s->shares, amount, s->by, sc);
    owed_mem_free(ids);
    mpq_clear(unit);
    if (sc == &local)
        scratch_clear(&local);
}
