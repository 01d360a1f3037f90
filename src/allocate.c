#include <config.h>

#include "allocate.h"

#include <stdlib.h>

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

void owed_allocate_across(size_t n, const owed_debt *debts, const mpq_t amount, mpq_t *shares,
                          mpq_t left)
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
