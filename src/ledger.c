#include <config.h>

#include "ledger.h"

#include "mem.h"
#include "qsum.h"

#include <stdint.h>
#include <stdlib.h>

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
}

static void drop_index(owed_ledger *l)
{
    owed_mem_free(l->first_of_loan);
    owed_mem_free(l->next_of_loan);
    l->first_of_loan = l->next_of_loan = NULL;
    l->n_loans_indexed = 0;
}

int owed_ledger_index(owed_ledger *l, size_t n_loans)
{
    drop_index(l);
    size_t *first = owed_mem_alloc((n_loans ? n_loans : 1) * sizeof *first);
    size_t *next = owed_mem_alloc((l->n ? l->n : 1) * sizeof *next);
    size_t *last = owed_mem_alloc((n_loans ? n_loans : 1) * sizeof *last);
    if (first == NULL || next == NULL || last == NULL) {
        owed_mem_free(first);
        owed_mem_free(next);
        owed_mem_free(last);
        return -1;
    }
    for (size_t k = 0; k < n_loans; k++)
        first[k] = last[k] = SIZE_MAX;
    for (size_t i = 0; i < l->n; i++) {
        size_t k = l->items[i].loan;
        next[i] = SIZE_MAX;
        if (k >= n_loans)
            continue; /* not indexable: owed_ledger_next scans for it */
        if (last[k] == SIZE_MAX)
            first[k] = i;
        else
            next[last[k]] = i;
        last[k] = i;
    }
    owed_mem_free(last);
    l->first_of_loan = first;
    l->next_of_loan = next;
    l->n_loans_indexed = n_loans;
    return 0;
}

/* The first posting of `loan` from index i on, read one by one. */
static size_t scan(const owed_ledger *l, size_t loan, size_t i)
{
    for (; i < l->n; i++)
        if (l->items[i].loan == loan)
            return i;
    return SIZE_MAX;
}

size_t owed_ledger_first(const owed_ledger *l, size_t loan)
{
    if (l->first_of_loan != NULL && loan < l->n_loans_indexed)
        return l->first_of_loan[loan];
    return scan(l, loan, 0);
}

size_t owed_ledger_next(const owed_ledger *l, size_t i)
{
    if (i >= l->n)
        return SIZE_MAX;
    size_t loan = l->items[i].loan;
    if (l->next_of_loan != NULL && loan < l->n_loans_indexed)
        return l->next_of_loan[i];
    return scan(l, loan, i + 1);
}

void owed_ledger_clear(owed_ledger *l)
{
    for (size_t i = 0; i < l->n; i++) {
        mpq_clear(l->items[i].amount);
        mpq_clear(l->items[i].balance); /* without balances: nothing to free */
    }
    owed_mem_free(l->items);
    drop_index(l);
    owed_ledger_init(l);
}

owed_posting *owed_ledger_append(owed_ledger *l, owed_date date, owed_date from, owed_date to,
                                 size_t loan, owed_posting_kind kind, owed_component comp,
                                 const mpq_t amount, const char *label, long line)
{
    return owed_ledger_append_balance(l, date, from, to, loan, kind, comp, amount, NULL, label,
                                      line);
}

owed_posting *owed_ledger_append_balance(owed_ledger *l, owed_date date, owed_date from,
                                         owed_date to, size_t loan, owed_posting_kind kind,
                                         owed_component comp, const mpq_t amount,
                                         const mpq_t balance, const char *label, long line)
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
    owed_posting *p = &l->items[l->n++];
    p->date = date;
    p->from = from;
    p->to = to;
    p->loan = loan;
    p->kind = kind;
    p->component = comp;
    /* the terms at their size (mpq_init and mpq_set would allocate twice); without a
       balance, the caller sets it */
    mpz_init_set(mpq_numref(p->amount), mpq_numref(amount));
    mpz_init_set(mpq_denref(p->amount), mpq_denref(amount));
    if (l->without_balances) {
        /* no storage (mpz_init allocates none): mpq_clear frees nothing */
        mpz_init(mpq_numref(p->balance));
        mpz_init(mpq_denref(p->balance));
    } else if (balance != NULL) {
        mpz_init_set(mpq_numref(p->balance), mpq_numref(balance));
        mpz_init_set(mpq_denref(p->balance), mpq_denref(balance));
    } else {
        owed_q_init(p->balance);
    }
    p->label = label;
    p->line = line;
    p->event = -1;
    p->allocation = OWED_DECIDED_NONE;
    return p;
}
