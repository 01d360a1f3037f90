/* The case model: the facts of a dispute as a case file states them, never conclusions.
 *
 * Ownership: an owed_case owns everything it points to (strings, arrays, GMP values);
 * owed_case_free() releases all of it.  Indexes (`loan` fields) refer to `loans[]`.
 * The reader (case_read.c) builds it; replays only read it. */
#ifndef OWED_CASE_H
#define OWED_CASE_H

#include <gmp.h>
#include <stddef.h>

#include "date.h"
#include "money.h"
#include "number.h"
#include "owed.h"
#include "rate.h"

/* The parts a loan balance is made of.  The order is the display order. */
typedef enum owed_component {
    OWED_COMP_PRINCIPAL = 0,
    OWED_COMP_INTEREST,  /* contract interest for the term (and after it where it runs on) */
    OWED_COMP_PENALTY,   /* overdue (penalty) interest */
    OWED_COMP_FEE,       /* service, management, extension and late fees */
    OWED_COMP_COST,      /* collection and enforcement costs */
    OWED_COMP_COUNT
} owed_component;

const char *owed_component_name(owed_component c);          /* "principal", "interest", ... */
const char *owed_component_label(owed_component c); /* translated, for people: "penalty interest" */
int owed_component_parse(const char *text, owed_component *out); /* 0 on success */

/* When a fee falls due. */
typedef enum owed_fee_timing {
    OWED_FEE_UPFRONT = 0,    /* withheld from the money delivered ("deducted up front") */
    OWED_FEE_DISBURSEMENT,   /* charged on the day of the first disbursement, to be paid */
    OWED_FEE_MATURITY,       /* charged on the due date */
    OWED_FEE_PER_DAY,        /* charged each day (see `until_repaid`) */
    OWED_FEE_PER_PERIOD      /* charged at the start of each period of `period_days` days */
} owed_fee_timing;

typedef struct owed_fee {
    char *name;           /* as the contract calls it ("服务费"); never NULL */
    owed_fee_timing at;
    int is_percent;       /* 1: `amount` is a fraction of the nominal principal */
    mpq_t amount;         /* money, or a fraction when is_percent */
    int period_days;      /* OWED_FEE_PER_PERIOD only, > 0 */
    int until_repaid;     /* per-day/per-period fees: 0 = during the term only (default),
                             1 = while any principal is outstanding */
    long line;
} owed_fee;

/* How an agreed rate turns into money over a stretch of days (design 5 rule (i)).  Every
 * field has a default that is the engine's ordinary reading, so that a case that says
 * nothing keeps its figures. */
typedef enum owed_accrual {
    OWED_ACCRUE_DAY = 0,       /* accrual="day": each day at the rate for one day */
    OWED_ACCRUE_CALENDAR_MONTH /* accrual="calendar-month": a whole calendar month at the
                                  monthly rate, stub days at a thirtieth of it (月息) */
} owed_accrual;

typedef struct owed_accrual_convention {
    owed_accrual accrual;
    owed_day_count count;       /* count="first-not-last" (default) | "both" */
    int has_rounding;           /* rounding="..." given */
    owed_round_mode rounding;   /* applied to each period's amount as it is posted */
    mpq_t rounding_unit;        /* rounding-unit="0.01|1|...": default the currency's minor
                                   unit; initialised by the reader, read-only (the default
                                   may be a value the loans share: owed_case_unit_share) */
} owed_accrual_convention;

/* What the case says about the agreement on interest (Civil Code art. 680). */
typedef enum owed_interest_agreement {
    OWED_INTEREST_NONE = 0,   /* no <interest>: no interest was agreed (art. 680(2)) */
    OWED_INTEREST_AGREED,     /* <interest rate=".." per=".."/> */
    OWED_INTEREST_UNCLEAR     /* <interest agreed="unclear"/>: a court found the agreement
                                 unclear; between natural persons no interest (art. 680(3)) */
} owed_interest_agreement;

typedef struct owed_interest_terms {
    int present;          /* 1 when an agreed rate applies (agreement == AGREED) */
    owed_interest_agreement agreement;
    int has_withheld;     /* 1: interest was deducted in advance from the money delivered */
    mpq_t withheld;       /* that amount (withheld="AMOUNT"); the contract view treats it as
                             interest prepaid, the lawful view drops it (art. 670); zero
                             when not given, read-only (owed_case_zero_share) */
    mpq_t rate;
    owed_rate_period per;
    owed_day_basis basis; /* default 365 */
    int stops_at_due;     /* 0 (default): runs on after the due date while principal is
                             outstanding; 1: runs for the term only */
    owed_accrual_convention conv;
    long line;
} owed_interest_terms;

typedef enum owed_overdue_base {
    OWED_OVERDUE_ON_PRINCIPAL = 0,
    OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST /* principal + unpaid interest accrued to the due date */
} owed_overdue_base;

typedef struct owed_overdue_terms {
    int present;
    mpq_t rate;
    owed_rate_period per;
    owed_day_basis basis;
    owed_overdue_base on;
    int grace_days;       /* overdue charges start this many days after the due date */
    owed_accrual_convention conv;
    long line;
} owed_overdue_terms;

typedef struct owed_late_fee {
    char *name;
    int daily;            /* 0: once, on the first overdue day; 1: each overdue day */
    int is_percent;       /* amount is a fraction of the nominal principal */
    mpq_t amount;
    long line;
} owed_late_fee;

typedef struct owed_disbursement {
    owed_date date;
    mpq_t amount;         /* money actually delivered to the borrower */
    long line;
} owed_disbursement;

/* Who lends (<lender kind="..."> on the case or a loan).  It selects rules: between
 * natural persons unclear interest is none (art. 680(3)); a licensed lender falls under
 * the financial-lending regime. */
typedef enum owed_lender_kind {
    OWED_LENDER_UNKNOWN = 0,
    OWED_LENDER_PERSON,    /* a natural person */
    OWED_LENDER_COMPANY,   /* a legal person or other organisation, not licensed to lend */
    OWED_LENDER_LICENSED   /* a licensed financial institution */
} owed_lender_kind;

const char *owed_lender_kind_name(owed_lender_kind k); /* "unknown", "person", ... */

typedef struct owed_loan {
    char *id;
    char *lender;         /* may be NULL */
    owed_lender_kind lender_kind; /* the loan's own, else the case's; UNKNOWN when neither */
    long line;
    owed_date contracted;
    owed_date due;        /* from `due`, or contracted + term */
    mpq_t principal;      /* nominal principal written in the contract */
    /* at least one; the reader adds the implied one.  One allocation (owed_mem) holds this
     * array, then `fees`, then `late_fees`: freeing it frees the three. */
    owed_disbursement *disbursements;
    size_t n_disbursements;
    int disbursements_implied; /* 1 when the file gave none: principal less upfront fees
                                  delivered on the contract date */
    owed_interest_terms interest;
    owed_fee *fees;
    size_t n_fees;
    owed_overdue_terms overdue;
    owed_late_fee *late_fees;
    size_t n_late_fees;
    /* The contract's order for applying a payment to components; default
     * cost, fee, penalty, interest, principal (design: fees, penalties, interest, principal). */
    owed_component order[OWED_COMP_COUNT];
    int order_given;      /* 1 when the case file stated it */
} owed_loan;

typedef enum owed_event_kind {
    OWED_EV_PAYMENT = 0,  /* the borrower pays `amount` (to `loan`, or undesignated) */
    OWED_EV_EXTENSION,    /* the due date of `loan` moves to `new_due`, for a fee `amount` */
    OWED_EV_CHARGE        /* the lender posts a charge of `amount` to `component` of `loan` */
} owed_event_kind;

/* What a payment was marked as paid for (<payment for="...">). */
typedef enum owed_payment_purpose {
    OWED_PAID_FOR_UNMARKED = 0, /* no marking: costs, charges, principal (art. 561) */
    OWED_PAID_FOR_CHARGES,      /* a scheduled interest instalment, a receipt that says
                                   interest: goes to charges; what is left is held as
                                   prepaid charges in the lawful view */
    OWED_PAID_FOR_PRINCIPAL     /* marked as repaying principal */
} owed_payment_purpose;

typedef struct owed_event {
    owed_event_kind kind;
    owed_payment_purpose paid_for; /* payments only */
    owed_date date;
    long line;
    long loan;            /* index into loans[], or -1 for an undesignated payment */
    mpq_t amount;
    owed_date new_due;    /* extensions */
    owed_component component; /* charges */
    char *label;          /* charge kind or note as written; may be NULL */
} owed_event;

typedef struct owed_claim {
    owed_date date;
    long line;
    char *by;             /* "lender", "collector", ...; never NULL */
    long loan;            /* index, or -1 when the claim covers all loans */
    int has[OWED_COMP_COUNT];
    mpq_t part[OWED_COMP_COUNT];
    int has_total;        /* 1 when a total was stated; otherwise the sum of the parts */
    mpq_t total;          /* the stated total, or the sum of stated parts */
    int has_rate;         /* the claim asks for charges at this rate (rate=".." per=".."):
                             it bounds the lawful charges it is compared with */
    mpq_t rate;
    owed_rate_period rate_per;
} owed_claim;

/* A stock of initialised rationals, kept from one case to the next: the cases read in a
 * scope of it (owed_q_pool_enter) take their values from it (owed_case_q_init) and, when
 * freed (owed_case_free), give them back to it while it has room, rather than making and
 * freeing each (an mpq_init and an mpq_clear are two allocations and two frees: a bulk
 * audit reads a case of some twenty values per borrower).  A value given back keeps its
 * limbs; one taken is 0.  A context keeps one (owed_api.c) for the cases it reads and frees
 * in its scope; owed_q_pool_clear releases its values. */
enum { OWED_Q_POOL_SIZE = 128 };
typedef struct owed_q_pool {
    size_t n;                           /* q[0 .. n - 1] are initialised */
    __mpq_struct q[OWED_Q_POOL_SIZE];
} owed_q_pool;

typedef struct owed_case {
    char *file;           /* path it was read from */
    char *title;          /* may be NULL */
    char *borrower;       /* may be NULL */
    owed_currency currency;
    owed_date as_of;      /* the date of the statement */
    int has_filed;
    owed_date filed;      /* date a suit was filed, when known */
    owed_lender_kind lender_kind; /* <lender kind=".."/> of the case; loans inherit it */
    owed_loan *loans;
    size_t n_loans;
    owed_event *events;   /* sorted by date; same-day events keep file order */
    size_t n_events;
    owed_claim *claims;   /* in file order */
    size_t n_claims;
    owed_allocator mem;   /* the allocator that made the case, which frees it (mem.h) */
    owed_q_pool *pool;    /* the scope's pool when it was read (NULL: none), which its
                             values go back to when it is freed */
} owed_case;

/* The first day of the case's history: its earliest disbursement or event (a charge or an
 * extension may come before any money is delivered), or `none` when it has neither.  The
 * replays walk the days from here. */
owed_date owed_case_first_day(const owed_case *c, owed_date none);

/* Releases everything the case owns, then the case itself, with the allocator that made
 * it (c->mem), whatever the calling thread's memory scope.  NULL is allowed. */
void owed_case_free(owed_case *c);

/* Makes q, not initialised, the read-only value 10^-minor_units that the loans of every
 * case share, with no memory of its own (mpz_roinit_n), as a loan's default rounding unit
 * (owed_accrual_convention): 1 when done, 0 (q left as it was) when minor_units is beyond
 * those kept (more than 4).  owed_case_zero_share makes q the shared zero, the value of a
 * loan's withheld interest until the file gives one.  Such a q must not be
 * changed: owed_case_q_own makes it a value of its own first (zero, or left as it is when
 * already its own).  owed_case_q_clear clears either. */
int owed_case_unit_share(mpq_t q, unsigned minor_units);
void owed_case_zero_share(mpq_t q);
void owed_case_q_own(mpq_t q);
void owed_case_q_clear(mpq_t q);

/* The pool of the calling thread's scope (NULL: none) until owed_q_pool_leave(previous)
 * restores the one in force before (scopes nest).  The pool is borrowed for the scope. */
owed_q_pool *owed_q_pool_enter(owed_q_pool *p);
void owed_q_pool_leave(owed_q_pool *previous);
owed_q_pool *owed_q_pool_in_scope(void);

/* Clears the values of p (that it keeps for later cases), leaving it empty. */
void owed_q_pool_clear(owed_q_pool *p);

/* q, not initialised, = 0 initialised: a value of the scope's pool when it has one, else
 * by mpq_init.  owed_case_q_release gives q back to the scope's pool while it has room,
 * else clears it: a case's values are given back by owed_case_free, to the pool of its
 * reading's scope (c->pool). */
inline void owed_case_q_init(mpq_t q);
void owed_case_q_release(mpq_t q);

/* The pool of the calling thread's scope (case.c): for owed_case_q_init, inline (C99:
 * case.c holds its external definition), as the case reader asks it for each value. */
extern _Thread_local owed_q_pool *owed_case_pool_in_scope;

inline void owed_case_q_init(mpq_t q)
{
    owed_q_pool *p = owed_case_pool_in_scope;
    if (p == NULL || p->n == 0) {
        mpq_init(q);
        return;
    }
    q[0] = p->q[--p->n];
    /* 0/1, as mpq_init makes it: the denominator's limb is written in place when it has
       one (it always has: GMP allocates it, and nothing the reader does frees it) */
    mpq_numref(q)->_mp_size = 0;
    if (mpq_denref(q)->_mp_alloc >= 1) {
        mpq_denref(q)->_mp_d[0] = 1;
        mpq_denref(q)->_mp_size = 1;
    } else {
        mpz_set_ui(mpq_denref(q), 1);
    }
}

/* out = a fee's money amount: `amount` itself, or when is_percent that fraction of `base`
 * (the nominal principal in the contract view, the money lent in the lawful view). */
void owed_fee_money(mpq_t out, int is_percent, const mpq_t amount, const mpq_t base);

/* Days after the due date before overdue charges start (0 when no overdue terms).  Inline:
 * the replays ask it for each loan on each day. */
static inline int owed_loan_grace_days(const owed_loan *L)
{
    return L->overdue.present ? L->overdue.grace_days : 0;
}

/* The days on which a replay's day may stop being plain, as both replays take runs of plain
 * days in one step (contract.c plain_days, lawful.c next_change):
 *  - owed_case_next_change: the sooner of `next` and, after `day`, 1 January (the year's
 *    length), the date of events[ev] (the next event, when ev < n_events) and *sample (the
 *    next sample request; NULL: none);
 *  - owed_loan_next_change: the sooner of `next` and, after `day`, L's next disbursement
 *    (disbursements[disb_next], when there is one) and, when the loan has started on
 *    `first_day` (started 1), the start of the next period of each of its fees charged by
 *    the period. */
static inline owed_date owed_case_next_change(const owed_case *c, size_t ev,
                                              const owed_date *sample, owed_date day,
                                              owed_date next);
static inline owed_date owed_loan_next_change(const owed_loan *L, size_t disb_next,
                                              int started, owed_date first_day, owed_date day,
                                              owed_date next);

/* The days of the two years asked for last, per thread (case.c): owed_case_next_change
 * takes the next 1 January from here while the days asked for stay in one of them.  Two,
 * so that the contract and the lawful replays of a case, whose days may lie in different
 * years, do not replace each other's. */
typedef struct owed_kept_year {
    owed_date from, to; /* from..to-1 are its days (none when from == to: not kept) */
} owed_kept_year;
extern _Thread_local owed_kept_year owed_case_kept_year[2]; /* [0]: the latest */

/* The sooner of `next` and the 1 January after `day`, that year kept in
 * owed_case_kept_year[0] (the year there before moving to [1]) (case.c). */
owed_date owed_case_year_end(owed_date day, owed_date next);

/* Inline, as owed_loan_next_change: each candidate taken when after `day` and before
 * `next`, as owed_date_sooner takes it. */
static inline owed_date owed_case_next_change(const owed_case *c, size_t ev,
                                              const owed_date *sample, owed_date day,
                                              owed_date next)
{
    const owed_kept_year *k = owed_case_kept_year;
    if (day >= k[0].from && day < k[0].to)
        next = k[0].to < next ? k[0].to : next;
    else if (day >= k[1].from && day < k[1].to)
        next = k[1].to < next ? k[1].to : next;
    else
        next = owed_case_year_end(day, next);
    if (ev < c->n_events) {
        owed_date d = c->events[ev].date;
        next = d > day && d < next ? d : next;
    }
    if (sample != NULL)
        next = *sample > day && *sample < next ? *sample : next;
    return next;
}

/* Inline: the replays ask it for each loan at each change of a run of plain days.  Each
 * candidate is taken as owed_date_sooner takes it: when after `day` and before `next`. */
static inline owed_date owed_loan_next_change(const owed_loan *L, size_t disb_next,
                                              int started, owed_date first_day, owed_date day,
                                              owed_date next)
{
    if (disb_next < L->n_disbursements) {
        owed_date d = L->disbursements[disb_next].date;
        next = d > day && d < next ? d : next;
    }
    for (size_t k = 0; started && k < L->n_fees; k++) {
        const owed_fee *f = &L->fees[k];
        if (f->at != OWED_FEE_PER_PERIOD || f->period_days <= 0)
            continue;
        owed_date from = day + 1 - first_day;
        owed_date d = day + 1 + (from % f->period_days == 0
                                     ? 0
                                     : f->period_days - from % f->period_days);
        next = d > day && d < next ? d : next;
    }
    return next;
}

/* Sets the default payment order (cost, fee, penalty, interest, principal). */
void owed_default_order(owed_component order[OWED_COMP_COUNT]);

#endif
