#include <config.h>

#include "ledger.h"

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
}

void owed_ledger_clear(owed_ledger *l)
{
    for (size_t i = 0; i < l->n; i++) {
        mpq_clear(l->items[i].amount);
        mpq_clear(l->items[i].balance);
    }
    free(l->items);
    owed_ledger_init(l);
}

owed_posting *owed_ledger_append(owed_ledger *l, owed_date date, owed_date from, owed_date to,
                                 size_t loan, owed_posting_kind kind, owed_component comp,
                                 const mpq_t amount, const char *label, long line)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        owed_posting *items = realloc(l->items, cap * sizeof *items);
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
    mpq_init(p->amount);
    mpq_set(p->amount, amount);
    mpq_init(p->balance);
    p->label = label;
    p->line = line;
    p->event = -1;
    p->allocation = OWED_DECIDED_NONE;
    return p;
}
