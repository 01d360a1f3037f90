/* The replay ledger: dated postings, each changing one component of one loan's balance.
 *
 * Sign convention: a posting's amount is positive when it increases what the borrower owes
 * (money delivered, amounts withheld, interest, fees, penalties) and negative when it
 * decreases it (payments).  So for every loan, at every posting,
 *     balance = delivered + withheld + charges - payments = sum of the postings so far,
 * and replays test exactly that (owed_ledger_check_conservation).
 *
 * Ownership: the ledger owns its postings and their GMP values; `label` strings are
 * borrowed from the case the replay read, which must outlive the ledger.  A posting's
 * values are read-only (MPZ_ROINIT_N) views of limbs the ledger keeps in a few blocks of
 * its own, not GMP allocations: they are read as any mpq_t but never written, never
 * passed to mpq_clear (owed_ledger_clear releases the blocks), and a posting is never
 * copied by value out of a ledger that outlives it.  Two allocations and two frees a
 * posting cost more than the rest of it. */
#ifndef OWED_LEDGER_H
#define OWED_LEDGER_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "allocate.h"
#include "case.h"
#include "date.h"
#include "error.h"

typedef enum owed_posting_kind {
    OWED_POST_DISBURSEMENT = 0, /* money delivered to the borrower */
    OWED_POST_WITHHELD,         /* part of the nominal principal kept back by the lender */
    OWED_POST_ACCRUAL,          /* interest, penalty or a daily fee over [from, to) */
    OWED_POST_CHARGE,           /* a fee or charge falling due on a date */
    OWED_POST_PAYMENT,          /* the part of a payment applied to one component */
    OWED_POST_OVERPAYMENT,      /* the part of a payment beyond everything owed: a credit */
    OWED_POST_EXTENSION,        /* the due date moved (amount zero; the fee is a CHARGE) */
    OWED_POST_KIND_COUNT
} owed_posting_kind;

const char *owed_posting_kind_name(owed_posting_kind k); /* "disbursement", "withheld", ... */

typedef struct owed_posting {
    owed_date date;     /* the day it takes effect (for accruals: `to`) */
    owed_date from, to; /* accruals: the days [from, to); extensions: from = date, to = the
                           new due date; otherwise from = to = date */
    size_t loan;        /* index into the case's loans[] */
    owed_posting_kind kind;
    owed_component component;
    mpq_t amount;       /* signed, see above; read-only */
    mpq_t balance;      /* the loan's total balance after this posting, read-only; in a
                           ledger kept without balances (owed_ledger.without_balances) not
                           a number at all (denominator 0): never to be read */
    const char *label;  /* borrowed: fee name, charge kind; NULL when none */
    long line;          /* case-file line of the fact behind it; 0 for accruals */
    long event;         /* index of the case event behind it (events[]), or -1 */
    owed_alloc_decider allocation; /* payments and overpayments: what sent this part of the
                           payment to this loan: designated (the payer named the loan), or
                           the criterion that decided the loan's share of an undesignated
                           payment (allocate.h); none otherwise */
} owed_posting;

typedef struct owed_ledger {
    owed_posting *items;
    size_t n, cap;
    /* The postings of each loan, chained in order (owed_ledger_index): first_of_loan[loan]
       and next_of_loan[i] are posting indices, SIZE_MAX at the end.  NULL until indexed;
       appending drops the index. */
    size_t *first_of_loan, *next_of_loan;
    size_t n_loans_indexed;
    /* 1: the postings are made without their balances (set before the first append), for a
       caller that reads only what each posting is (owed batch): the copy of a rational a
       posting costs more than the rest of it.  0 after owed_ledger_init. */
    int without_balances;
    struct owed_limb_block *limbs; /* the blocks the postings' values are in (below) */
    size_t *index_first, *index_next; /* the index's storage, kept when it is dropped */
    size_t index_first_cap, index_next_cap;
} owed_ledger;

void owed_ledger_init(owed_ledger *l);
void owed_ledger_clear(owed_ledger *l); /* releases all postings; the ledger is as after
                                           owed_ledger_init */
/* Empties the ledger (no postings, no index), keeping storage for the postings of the next
 * use; without_balances is left as it was. */
void owed_ledger_reuse(owed_ledger *l);

/* Appends a posting (amount copied) and returns it, or NULL when memory runs out.  Its
 * balance is 0 (without balances: not a number); the caller sets `event` when an event is
 * behind it (-1 by default). */
owed_posting *owed_ledger_append(owed_ledger *l, owed_date date, owed_date from, owed_date to,
                                 size_t loan, owed_posting_kind kind, owed_component comp,
                                 const mpq_t amount, const char *label, long line);

/* A block of limbs the postings' values are read-only views of: blocks are chained newest
 * first and never move, so that the views stay valid as the postings array grows. */
struct owed_limb_block {
    struct owed_limb_block *next;
    size_t used, cap; /* limbs */
    mp_limb_t limb[];
};

/* One limb holding 1 (ledger.c), for the views that need no copy: a denominator 1, and a
 * value 0 or "not a number" (a zero-size view reads no limb). */
extern const mp_limb_t owed_ledger_limb_one;

/* A read-only view of the n limbs at p (normalised: the top one is not 0), negative when
 * `negative` (MPZ_ROINIT_N, gmp.h: no call, no normalisation to find). */
static inline void owed_ledger_view_set(mpz_ptr out, const mp_limb_t *p, size_t n, int negative)
{
    mpz_t v = MPZ_ROINIT_N((mp_limb_t *)p, negative ? -(mp_size_t)n : (mp_size_t)n);
    *out = v[0];
}

/* *out = a read-only view of a copy of q in the ledger's newest block, for the usual
 * amount, a word over a word (a denominator 1 not copied), when that block has room for
 * both: 1, or 0 (nothing done) for the general copy (ledger.c) to make it. */
static inline int owed_ledger_amount_in_words(owed_ledger *l, mpq_ptr out, mpq_srcptr q)
{
    mpz_srcptr num = mpq_numref(q), den = mpq_denref(q);
    int ns = num->_mp_size;
    struct owed_limb_block *b = l->limbs;
    if ((ns != 1 && ns != -1) || den->_mp_size != 1 || b == NULL || b->cap - b->used < 2)
        return 0;
    mp_limb_t *p = b->limb + b->used;
    p[0] = num->_mp_d[0];
    owed_ledger_view_set(mpq_numref(out), p, 1, ns < 0);
    if (den->_mp_d[0] == 1) {
        b->used += 1;
        owed_ledger_view_set(mpq_denref(out), &owed_ledger_limb_one, 1, 0);
    } else {
        p[1] = den->_mp_d[0];
        b->used += 2;
        owed_ledger_view_set(mpq_denref(out), p + 1, 1, 0);
    }
    return 1;
}

/* out = "not a number" (numerator and denominator of size 0): a posting's balance in a
 * ledger kept without balances. */
static inline void owed_ledger_no_balance(mpq_ptr out)
{
    owed_ledger_view_set(mpq_numref(out), &owed_ledger_limb_one, 0, 0);
    owed_ledger_view_set(mpq_denref(out), &owed_ledger_limb_one, 0, 0);
}

/* The posting owed_ledger_append_balance appends, with its values (amount, and balance as
 * there), the index dropped and the array grown as needed; not counted yet (l->n), its
 * other fields unset.  NULL when memory runs out. */
owed_posting *owed_ledger_append_values(owed_ledger *l, const mpq_t amount, const mpq_t balance);

/* The same as owed_ledger_append with the posting's balance as well (copied): the replay
 * knows it before it appends, and a copy made with the posting is made at its size at
 * once.  Inline, the usual posting made in place (an amount of a word over a word, no
 * balance kept, room for both): the contract replay appends one for each figure it posts. */
static inline owed_posting *owed_ledger_append_balance(owed_ledger *l, owed_date date,
                                                       owed_date from, owed_date to,
                                                       size_t loan, owed_posting_kind kind,
                                                       owed_component comp, const mpq_t amount,
                                                       const mpq_t balance, const char *label,
                                                       long line)
{
    owed_posting *p;
    if (l->first_of_loan == NULL && l->n < l->cap && l->without_balances &&
        owed_ledger_amount_in_words(l, l->items[l->n].amount, amount)) {
        p = &l->items[l->n];
        owed_ledger_no_balance(p->balance);
    } else if ((p = owed_ledger_append_values(l, amount, balance)) == NULL) {
        return NULL;
    }
    l->n++;
    p->date = date;
    p->from = from;
    p->to = to;
    p->loan = loan;
    p->kind = kind;
    p->component = comp;
    p->label = label;
    p->line = line;
    p->event = -1;
    p->allocation = OWED_DECIDED_NONE;
    return p;
}

/* Chains each loan's postings (n_loans loans) so that one loan's postings are walked
 * without reading the others': a statement's per-loan parts would otherwise read the whole
 * ledger once per loan.  Returns 0, or -1 when memory runs out (the ledger is then left
 * unindexed, which only costs time). */
int owed_ledger_index(owed_ledger *l, size_t n_loans);

/* The first posting of `loan` from index i on, read one by one (SIZE_MAX: none): what
 * owed_ledger_first and owed_ledger_next do for a ledger or a loan not indexed. */
size_t owed_ledger_scan(const owed_ledger *l, size_t loan, size_t i);

/* The index of loan `loan`'s first posting, and of the posting of the same loan after
 * posting i; SIZE_MAX when there is none.  In ledger order, indexed or not:
 *     for (size_t i = owed_ledger_first(lg, loan); i != SIZE_MAX; i = owed_ledger_next(lg, i))
 * Inline (C99: ledger.c holds their external definitions): a report's parts call them for
 * each posting of each loan. */
inline size_t owed_ledger_first(const owed_ledger *l, size_t loan)
{
    if (l->first_of_loan != NULL && loan < l->n_loans_indexed)
        return l->first_of_loan[loan];
    return owed_ledger_scan(l, loan, 0);
}

inline size_t owed_ledger_next(const owed_ledger *l, size_t i)
{
    if (i >= l->n)
        return SIZE_MAX;
    size_t loan = l->items[i].loan;
    if (l->next_of_loan != NULL && loan < l->n_loans_indexed)
        return l->next_of_loan[i];
    return owed_ledger_scan(l, loan, i + 1);
}

#endif
