#include <config.h>

#include "ledger.h"

#include "mem.h"
#include "qsum.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { LIMB_BLOCK_MIN = 256 }; /* limbs: a replay of a few loans fits in one block */

/* Room for n limbs in the ledger's newest block (a new block when it has none), or NULL
 * when memory runs out. */
static mp_limb_t *limbs_take(owed_ledger *l, size_t n)
{
    struct owed_limb_block *b = l->limbs;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = b == NULL ? LIMB_BLOCK_MIN : 2 * b->cap;
        if (cap < n)
            cap = n;
        struct owed_limb_block *nb = owed_mem_alloc(sizeof *nb + cap * sizeof nb->limb[0]);
        if (nb == NULL)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        l->limbs = b = nb;
    }
    mp_limb_t *p = b->limb + b->used;
    b->used += n;
    return p;
}

const mp_limb_t owed_ledger_limb_one = 1; /* ledger.h */

/* *out = a read-only view of a copy of q in the ledger's blocks (its numerator and
 * denominator side by side; a denominator 1 is not copied).  Returns 0, or -1 when memory
 * runs out. */
static int q_view_of(owed_ledger *l, mpq_ptr out, mpq_srcptr q)
{
    /* the sizes and limbs read from the fields (as number.c does): a posting's values
       are copied at each of a replay's postings */
    mpz_srcptr num = mpq_numref(q), den = mpq_denref(q);
    int num_size = num->_mp_size;
    size_t n = (size_t)(num_size < 0 ? -num_size : num_size), d = (size_t)den->_mp_size;
    const mp_limb_t *dp = den->_mp_d;
    int den_one = d == 1 && dp[0] == 1;
    if (n == 0) {
        owed_ledger_view_set(mpq_numref(out), &owed_ledger_limb_one, 0, 0);
        owed_ledger_view_set(mpq_denref(out), &owed_ledger_limb_one, 1, 0);
        return 0;
    }
    mp_limb_t *p = limbs_take(l, den_one ? n : n + d);
    if (p == NULL)
        return -1;
    const mp_limb_t *np = num->_mp_d;
    for (size_t k = 0; k < n; k++)
        p[k] = np[k];
    owed_ledger_view_set(mpq_numref(out), p, n, num_size < 0);
    if (den_one) {
        owed_ledger_view_set(mpq_denref(out), &owed_ledger_limb_one, 1, 0);
        return 0;
    }
    for (size_t k = 0; k < d; k++)
        p[n + k] = dp[k];
    owed_ledger_view_set(mpq_denref(out), p + n, d, 0);
    return 0;
}

static const char *const kind_names[OWED_POST_KIND_COUNT] = {
    "disbursement", "withheld", "accrual", "charge", "payment", "overpayment", "extension",
};

const char *owed_posting_kind_name(owed_posting_kind k)
{
    return (unsigned)k < OWED_POST_KIND_COUNT ? kind_names[k] : "?";
}

void owed_ledger_init(owed_ledger *l)
{
    l->items = NULL;
    l->n = l->cap = 0;
    l->first_of_loan = l->next_of_loan = NULL;
    l->n_loans_indexed = 0;
    l->without_balances = 0;
    l->limbs = NULL;
    l->index_first = l->index_next = NULL;
    l->index_first_cap = l->index_next_cap = 0;
}

/* Drops the index; its storage is kept for the next (index_first, index_next). */
static void drop_index(owed_ledger *l)
{
    l->first_of_loan = l->next_of_loan = NULL;
    l->n_loans_indexed = 0;
}

/* *store holds at least n numbers (grown as needed, *cap its room).  0, or -1 when memory
 * runs out (*store left as it was). */
static int reserve(size_t **store, size_t *cap, size_t n)
{
    if (n == 0)
        n = 1;
    if (*cap >= n)
        return 0;
    size_t *p = owed_mem_realloc(*store, n * sizeof *p);
    if (p == NULL)
        return -1;
    *store = p;
    *cap = n;
    return 0;
}

int owed_ledger_index(owed_ledger *l, size_t n_loans)
{
    drop_index(l);
    if (reserve(&l->index_first, &l->index_first_cap, n_loans) ||
        reserve(&l->index_next, &l->index_next_cap, l->n))
        return -1;
    size_t *first = l->index_first, *next = l->index_next;
    for (size_t k = 0; k < n_loans; k++)
        first[k] = SIZE_MAX;
    /* from the last posting back, each put before the chain of its loan's later ones: the
       chains in ledger order, with no array of each loan's last posting */
    for (size_t i = l->n; i-- > 0;) {
        size_t k = l->items[i].loan;
        if (k >= n_loans) {
            next[i] = SIZE_MAX; /* not indexable: owed_ledger_next scans for it */
            continue;
        }
        next[i] = first[k];
        first[k] = i;
    }
    l->first_of_loan = first;
    l->next_of_loan = next;
    l->n_loans_indexed = n_loans;
    return 0;
}

size_t owed_ledger_scan(const owed_ledger *l, size_t loan, size_t i)
{
    for (; i < l->n; i++)
        if (l->items[i].loan == loan)
            return i;
    return SIZE_MAX;
}

void owed_ledger_clear(owed_ledger *l)
{
    /* the postings' values are views of the blocks: nothing of theirs to clear */
    while (l->limbs != NULL) {
        struct owed_limb_block *next = l->limbs->next;
        owed_mem_free(l->limbs);
        l->limbs = next;
    }
    owed_mem_free(l->items);
    owed_mem_free(l->index_first);
    owed_mem_free(l->index_next);
    owed_ledger_init(l);
}

void owed_ledger_reuse(owed_ledger *l)
{
    l->n = 0;
    drop_index(l);
    /* the newest block is the largest (each new one at least doubles): kept, emptied */
    if (l->limbs != NULL) {
        struct owed_limb_block *b = l->limbs->next;
        while (b != NULL) {
            struct owed_limb_block *next = b->next;
            owed_mem_free(b);
            b = next;
        }
        l->limbs->next = NULL;
        l->limbs->used = 0;
    }
}

owed_posting *owed_ledger_append(owed_ledger *l, owed_date date, owed_date from, owed_date to,
                                 size_t loan, owed_posting_kind kind, owed_component comp,
                                 const mpq_t amount, const char *label, long line)
{
    return owed_ledger_append_balance(l, date, from, to, loan, kind, comp, amount, NULL, label,
                                      line);
}

owed_posting *owed_ledger_append_values(owed_ledger *l, const mpq_t amount, const mpq_t balance)
{
    if (l->first_of_loan != NULL)
        drop_index(l);
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        owed_posting *items = owed_mem_realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return NULL;
        l->items = items;
        l->cap = cap;
    }
    owed_posting *p = &l->items[l->n];
    /* the values first: a posting is appended whole or not at all */
    if (!owed_ledger_amount_in_words(l, p->amount, amount) && q_view_of(l, p->amount, amount))
        return NULL;
    if (l->without_balances) {
        owed_ledger_no_balance(p->balance);
    } else if (balance != NULL) {
        if (q_view_of(l, p->balance, balance))
            return NULL;
    } else {
        owed_ledger_view_set(mpq_numref(p->balance), &owed_ledger_limb_one, 0, 0); /* 0 */
        owed_ledger_view_set(mpq_denref(p->balance), &owed_ledger_limb_one, 1, 0);
    }
    return p;
}

/* The one external definition of each (C99 inline, ledger.h). */
extern inline size_t owed_ledger_first(const owed_ledger *l, size_t loan);
extern inline size_t owed_ledger_next(const owed_ledger *l, size_t i);
