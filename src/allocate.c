#include <config.h>

#include "allocate.h"

#include <stdlib.h>
#include <string.h>

static int ranks_before(const owed_debt *a, const owed_debt *b)
{
    if (a->is_due != b->is_due)
        return a->is_due > b->is_due;
    return a->due < b->due;
}

static int same_rank(const owed_debt *a, const owed_debt *b)
{
    return a->is_due == b->is_due && a->due == b->due;
}

/* 1 when debt order[g + a] of a tie takes a left-over unit before debt order[g + b]. */
static int comes_first(const char *const *ties, const size_t *order, size_t g, mpq_t *cut,
                       size_t a, size_t b)
{
    int c = mpq_cmp(cut[a], cut[b]);
    if (c != 0)
        return c > 0;
    if (ties == NULL)
        return 0;
    const char *ka = ties[order[g + a]], *kb = ties[order[g + b]];
    return ka != NULL && kb != NULL && strcmp(ka, kb) < 0;
}

/* Splits `amount` (less than the tie's total) across the tie order[g..end) in whole units:
 * see owed_allocate_across_units. */
static void split_in_units(const owed_debt *debts, const char *const *ties, const size_t *order,
                           size_t g, size_t end, const mpq_t amount, const mpq_t total,
                           const mpq_t unit, mpq_t *shares)
{
    mpq_t exact, rest, room, chunk;
    mpz_t q;
    mpq_inits(exact, rest, room, chunk, NULL);
    mpz_init(q);
    size_t m = end - g;
    mpq_t *cut = malloc(m * sizeof *cut); /* exact part - rounded part, per debt of the tie */
    size_t *rank = malloc(m * sizeof *rank);
    mpq_set(rest, amount);
    for (size_t k = 0; k < m && cut != NULL; k++)
        mpq_init(cut[k]);
    for (size_t k = g; k < end; k++) {
        size_t i = order[k];
        mpq_mul(exact, amount, *debts[i].owed);
        mpq_div(exact, exact, total);
        /* shares[i] = floor(exact / unit) * unit */
        mpq_div(chunk, exact, unit);
        mpz_fdiv_q(q, mpq_numref(chunk), mpq_denref(chunk));
        mpq_set_z(shares[i], q);
        mpq_mul(shares[i], shares[i], unit);
        if (cut != NULL)
            mpq_sub(cut[k - g], exact, shares[i]);
        mpq_sub(rest, rest, shares[i]);
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
        mpq_sub(room, *debts[i].owed, shares[i]);
        mpq_set(chunk, mpq_cmp(rest, unit) < 0 ? rest : unit);
        if (mpq_cmp(chunk, room) > 0)
            mpq_set(chunk, room);
        mpq_add(shares[i], shares[i], chunk);
        mpq_sub(rest, rest, chunk);
    }
    /* Anything still left (only when the parts above could not take it): in tie order, up
     * to what each debt is owed.  The total of the tie is more than the amount, so this
     * leaves nothing. */
    for (size_t k = g; k < end && mpq_sgn(rest) > 0; k++) {
        size_t i = order[k];
        mpq_sub(room, *debts[i].owed, shares[i]);
        mpq_set(chunk, mpq_cmp(rest, room) < 0 ? rest : room);
        mpq_add(shares[i], shares[i], chunk);
        mpq_sub(rest, rest, chunk);
    }
    if (cut != NULL)
        for (size_t k = 0; k < m; k++)
            mpq_clear(cut[k]);
    free(cut);
    free(rank);
    mpq_clears(exact, rest, room, chunk, NULL);
    mpz_clear(q);
}

static void allocate(size_t n, const owed_debt *debts, const char *const *ties,
                     const mpq_t amount, const mpq_t *unit, mpq_t *shares, mpq_t left)
{
    mpq_set(left, amount);
    for (size_t i = 0; i < n; i++)
        mpq_set_ui(shares[i], 0, 1);
    if (n == 0)
        return;
    size_t *order = malloc(n * sizeof *order);
    if (order == NULL) { /* fall back to file order, one debt at a time: still a valid split */
        for (size_t i = 0; i < n && mpq_sgn(left) > 0; i++) {
            if (mpq_cmp(left, *debts[i].owed) >= 0)
                mpq_set(shares[i], *debts[i].owed);
            else
                mpq_set(shares[i], left);
            mpq_sub(left, left, shares[i]);
        }
        return;
    }
    /* Insertion sort: stable, and n is the number of loans in one case. */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && ranks_before(&debts[i], &debts[order[j - 1]])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    mpq_t group_total, part;
    mpq_inits(group_total, part, NULL);
    for (size_t g = 0; g < n && mpq_sgn(left) > 0;) {
        size_t end = g + 1;
        while (end < n && same_rank(&debts[order[g]], &debts[order[end]]))
            end++;
        mpq_set_ui(group_total, 0, 1);
        for (size_t k = g; k < end; k++)
            mpq_add(group_total, group_total, *debts[order[k]].owed);
        if (mpq_sgn(group_total) > 0) {
            if (mpq_cmp(left, group_total) >= 0) {
                for (size_t k = g; k < end; k++)
                    mpq_set(shares[order[k]], *debts[order[k]].owed);
                mpq_sub(left, left, group_total);
            } else if (unit != NULL) {
                split_in_units(debts, ties, order, g, end, left, group_total, *unit, shares);
                mpq_set_ui(left, 0, 1);
            } else {
                for (size_t k = g; k < end; k++) {
                    mpq_mul(part, left, *debts[order[k]].owed);
                    mpq_div(shares[order[k]], part, group_total);
                }
                mpq_set_ui(left, 0, 1);
            }
        }
        g = end;
    }
    mpq_clears(group_total, part, NULL);
    free(order);
}

void owed_allocate_across(size_t n, const owed_debt *debts, const mpq_t amount, mpq_t *shares,
                          mpq_t left)
{
    allocate(n, debts, NULL, amount, NULL, shares, left);
}

void owed_allocate_across_units(size_t n, const owed_debt *debts, const char *const *ties,
                                const mpq_t amount, const mpq_t unit, mpq_t *shares,
                                mpq_t left)
{
    allocate(n, debts, ties, amount, (const mpq_t *)&unit[0], shares, left);
}

int owed_split_init(owed_split *s, size_t n)
{
    s->n = n;
    s->debts = calloc(n ? n : 1, sizeof *s->debts);
    s->owed = malloc((n ? n : 1) * sizeof *s->owed);
    s->shares = malloc((n ? n : 1) * sizeof *s->shares);
    if (s->debts == NULL || s->owed == NULL || s->shares == NULL) {
        free(s->debts);
        free(s->owed);
        free(s->shares);
        s->debts = NULL;
        s->owed = s->shares = NULL;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        mpq_inits(s->owed[i], s->shares[i], NULL);
        s->debts[i].owed = (const mpq_t *)&s->owed[i];
    }
    return 0;
}

void owed_split_clear(owed_split *s)
{
    if (s->owed != NULL)
        for (size_t i = 0; i < s->n; i++)
            mpq_clears(s->owed[i], s->shares[i], NULL);
    free(s->debts);
    free(s->owed);
    free(s->shares);
    s->debts = NULL;
    s->owed = s->shares = NULL;
}

void owed_split_case_payment(owed_split *s, const owed_case *c, mpq_t amount)
{
    /* pro-rata parts in whole minor units, as money is paid: exact parts would grow
     * without bound over many payments */
    mpq_t unit;
    mpq_init(unit);
    mpz_ui_pow_ui(mpq_denref(unit), 10, c->currency.minor_units);
    mpz_set_ui(mpq_numref(unit), 1);
    const char **ids = malloc(c->n_loans * sizeof *ids); /* NULL: ties in file order */
    for (size_t i = 0; ids != NULL && i < c->n_loans; i++)
        ids[i] = c->loans[i].id;
    owed_allocate_across_units(c->n_loans, s->debts, (const char *const *)ids, amount, unit,
                               s->shares, amount);
    free(ids);
    mpq_clear(unit);
}
