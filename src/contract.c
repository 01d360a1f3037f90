/* Contract replay: a day-by-day walk over the case's history (see contract.h for the
 * conventions).  Accruals are summed exactly per day and posted as one ledger line per
 * uninterrupted run of days, so the ledger stays readable while every day is counted. */
#include <config.h>

#include "contract.h"

#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "i18n.h"
#include "mem.h"
#include "owed_limits.h"
#include "qsum.h"
#include "rate.h"

/* A run of consecutive days of one accrual not yet posted.  The days at the end of the run
 * that accrued the same amount are counted rather than added one by one (`last` x `n`
 * still to add to `acc`): the sum is the same, but a long run of days costs one
 * multiplication instead of one addition a day, which matters when the amounts are exact
 * rationals grown long over many payments. */
typedef struct stream {
    mpq_t acc;
    mpq_t last;
    unsigned long n;
    owed_date from;
    owed_date through; /* the last day the run holds */
    int active;
    int before_due;    /* the run's days are before the due date in force on them */
    /* accrual="calendar-month": the run records its base instead of daily amounts, and
       its amount is computed over the whole period when it is posted */
    mpq_t base;
    /* accrual="day": the base and year length `last` was computed for, so that a day with
       the same ones is counted without computing its amount again */
    mpq_t day_base;
    int day_year;
    int last_fits;     /* `last` is the amount of a day on day_base in a year of day_year
                          days, also once the run is posted (n = 0): a run that starts
                          again on that base takes it without making it again */
    /* accrual="day", a rate's run: the rate of one day in a year of rate_year days (0: a
       daily rate), the day's amount on any base being base x day_rate (-1: not made) */
    mpq_t day_rate;
    int rate_year;
} stream;

/* The replay's working state for one loan; the public part is `res`. */
typedef struct loan_work {
    const owed_loan *loan;
    owed_loan_result *res;
    size_t index;
    size_t disb_next;          /* next disbursement to deliver */
    int started;               /* the first disbursement has been made */
    int pending;               /* some run of the loan may be active (set when one may have
                                  started, cleared by flush_loan): 0, flush_loan has nothing
                                  to post (a run's acc is 0 while it is not active) */
    owed_date first_day;       /* day of the first disbursement */
    int maturity_done;         /* fees due at maturity have been charged */
    int *late_once_done;       /* per late fee: the one-off fee has been decided */
    stream interest, penalty;
    stream *daily_fee;         /* per fee; used by OWED_FEE_PER_DAY fees */
    stream *daily_late;        /* per late fee; used by daily late fees */
    int plain_interest, plain_penalty; /* plain_days: what plain_runs found the runs take */
    int counts_both_ends;      /* a rate of the loan counts both ends (accrue_rates before
                                  the day's payments has something to do) */
    int has_maturity_fees;     /* some fee of the loan is due at maturity */
    int has_period_fees;       /* some fee of the loan is charged by the period */
    int has_daily_fees;        /* some fee or late fee of the loan accrues by the day */
    size_t late_once_left;     /* its one-off late fees not decided yet */
    int dormant;               /* left out of the day loop's walks (settled_for_good) until
                                  an event names it (wake_loans) */
    int dens_small;            /* without a running total: every balance component's
                                  denominator has at most x->small_den_limbs limbs (its
                                  total surely within OWED_MAX_EXACT_DIGITS); 0 once one
                                  had more, for good (check_digits) */
    mpq_t interest_before_due; /* interest accrued on days before the due date in force */
    mpq_t interest_paid;
    int interest_tracked;      /* the two above are kept: overdue interest runs on principal
                                  and interest (overdue_base, their only reader); else they
                                  stay 0, unread */
    /* what the loan's burden in the replay's split (r->store->split.burden[index]) was
       last made of (owed_burden_kept), when burden_known: its rates that ran, and their year
       lengths (owed_burden_terms_of) */
    int burden_known;
    owed_burden_terms burden;
} loan_work;

typedef struct replay_ctx {
    const owed_case *c;
    owed_replay *r;
    loan_work *w;
    owed_error *err;
    long event;   /* index of the event being applied, or -1: stamped on its postings */
    owed_alloc_decider alloc; /* what sends the payment being applied to its loan: stamped
                                 on its payment and overpayment postings */
    mpq_t t1, t2; /* scratch */
    mpq_t fees, tmp;    /* scratch of payoff_amount */
    mpq_t left, before; /* scratch of apply_payment */
    mpq_t base;   /* scratch: the base of the day's overdue interest */
    mpq_t amount; /* scratch: a run's amount (stream_amount) */
    mpq_t delivered_all, named; /* scratch of deliver */
    int split_ready;  /* r->store->split is made for this case (at the first payment
                         split) */
    loan_work **live; /* the loans that are not dormant, in index order: the day loop's
                         walks (r->store->live), as the pointers each walk reads */
    size_t n_live;
    const owed_sample_request *req; /* sample requests, sorted by date */
    size_t n_req, next_req;
    int withholding; /* 1 while posting interest withheld in advance */
    long max_digits; /* OWED_MAX_EXACT_DIGITS */
    size_t small_den_limbs; /* the limbs each of the OWED_COMP_COUNT denominators of a
                               loan's balance may have for total_surely_within to hold */
    int running_total; /* each loan's total is kept as it changes (the ledger states the
                          balances); 0: made once at the end from the components */
    int charges;     /* the loans' charged[], withheld and interest_withheld are kept
                        (OWED_REPLAY_CHARGES) */
    mpq_t sum;       /* scratch: a loan's total made from its components (post) */
    owed_status failure; /* what stopped the replay when it was not memory */
} replay_ctx;

/* Values made when first written: until then a read-only 0 of no storage of its own
 * (MPZ_ROINIT_N views of one static limb), read as any 0, never written, never cleared.
 * Three in four of the runs' values of a loan book, and many of a loan's figures (the
 * components it never owes), are never written; an allocation and a free each cost more
 * than the check before each write. */
static const mp_limb_t limb_one = 1;

static void q_zero_view(mpq_ptr q)
{
    mpz_t num = MPZ_ROINIT_N((mp_limb_t *)&limb_one, 0);
    mpz_t den = MPZ_ROINIT_N((mp_limb_t *)&limb_one, 1);
    *mpq_numref(q) = num[0];
    *mpq_denref(q) = den[0];
}

static int q_is_view(mpq_srcptr q)
{
    /* the limbs' address read from the field (mpz_limbs_read's value, without the call:
       every write of the replay asks it) */
    return mpq_denref(q)->_mp_d == &limb_one;
}

/* Makes q (0) a value of its own before it is written. */
static void q_own(mpq_ptr q)
{
    if (q_is_view(q))
        owed_q_init(q);
}

static void q_clear(mpq_ptr q)
{
    if (!q_is_view(q))
        mpq_clear(q);
}

/* What a replay keeps for the next one made into it (owed_contract_replay_into): the
 * storage of the working state, whose values stay made (views of 0 or values of their own)
 * from one replay to the next, so that a replay into it allocates only what grows. */
enum { SCRATCH_COUNT = 11 };

struct owed_replay_store {
    loan_work *w;             /* w_cap of them, streams and figures made */
    size_t w_cap;
    stream *fee_runs, *late_runs; /* fee_cap and late_cap of them, made */
    int *late_flags;          /* late_cap of them */
    loan_work **live;         /* live_cap of them (replay_ctx.live) */
    size_t live_cap;
    size_t fee_cap, late_cap;
    size_t loans_cap;         /* the owed_replay's loans[] have room for loans_cap, all made */
    size_t samples_cap;       /* its samples[] likewise */
    mpq_t scratch[SCRATCH_COUNT]; /* the replay_ctx's scratch values, between replays */
    owed_day_rates day_rates; /* the runs' and the burdens' rates of one day */
    owed_split split;         /* the payments' splits, made at the first one */
    int have_split;
    owed_allocator mem;       /* the allocator of the scope it was made in, which frees it
                                 and in which alone it is reused (mem.h) */
};

static void stream_init(stream *s)
{
    /* made when first written (q_own): most runs of a loan (its fees', its penalty's)
       never run, and base is written by calendar-month accrual only */
    q_zero_view(s->acc);
    q_zero_view(s->last);
    q_zero_view(s->base);
    q_zero_view(s->day_base);
    s->day_year = -1;
    s->last_fits = 0;
    q_zero_view(s->day_rate);
    s->rate_year = -1;
    s->n = 0;
    s->active = 0;
    s->from = 0;
    s->through = 0;
}

static void stream_clear(stream *s)
{
    q_clear(s->acc);
    q_clear(s->last);
    q_clear(s->base);
    q_clear(s->day_base);
    q_clear(s->day_rate);
}

/* acc += last x n; n = 0. */
static void stream_settle(stream *s)
{
    if (s->n == 0)
        return;
    if (s->n > 1) {
        owed_q_mul_ui(s->last, s->n); /* last is set (n > 0: stream_add) */
    }
    q_own(s->acc);
    owed_q_add_to(s->acc, s->last);
    s->n = 0;
}

/* Every figure 0, made when first written (q_own): most of a loan's figures stay 0 (the
 * components it never owes, never pays).  Without `charges`, charged[], withheld and
 * interest_withheld are never written. */
static void result_init(owed_loan_result *l)
{
    q_zero_view(l->delivered);
    q_zero_view(l->overpaid);
    q_zero_view(l->total);
    q_zero_view(l->withheld);
    q_zero_view(l->interest_withheld);
    for (int k = 0; k < OWED_COMP_COUNT; k++) {
        q_zero_view(l->paid[k]);
        q_zero_view(l->balance[k]);
        q_zero_view(l->charged[k]);
    }
    l->due = 0;
    l->extensions = 0;
}

static void result_clear(owed_loan_result *l)
{
    q_clear(l->delivered);
    q_clear(l->overpaid);
    q_clear(l->total);
    q_clear(l->withheld);
    q_clear(l->interest_withheld);
    for (int k = 0; k < OWED_COMP_COUNT; k++) {
        q_clear(l->paid[k]);
        q_clear(l->balance[k]);
        q_clear(l->charged[k]);
    }
}

void owed_loan_total(mpq_t out, const owed_loan_result *l)
{
    mpq_set(out, l->total);
}

void owed_loan_charges(mpq_t out, const owed_loan_result *l)
{
    mpq_set(out, l->withheld);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        owed_q_add_to(out, l->charged[k]);
}

/* out = the sum of the loan's balance components: its total, the same canonical value
 * however it is summed. */
static void loan_total_of_components(mpq_ptr out, const owed_loan_result *res)
{
    owed_q_zero(out);
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        owed_q_add_to(out, res->balance[k]);
}

/* Whether the denominator of the loan's total surely has at most max_digits digits as
 * mpz_sizeinbase counts them (one more than it has, at times), without making the total:
 * it divides the product of the components' denominators, which is below 2^bits with bits
 * the limbs of those denominators times GMP_NUMB_BITS; such a number has at most
 * floor(bits log10 2) + 1 digits, and 30103 / 100000 > log10 2.  A loan's denominators
 * are mostly one limb each: at most 97 digits. */
static int total_surely_within(const owed_loan_result *res, long max_digits)
{
    size_t limbs = 0;
    for (int k = 0; k < OWED_COMP_COUNT; k++)
        limbs += mpz_size(mpq_denref(res->balance[k]));
    unsigned long long bits = (unsigned long long)limbs * GMP_NUMB_BITS;
    return bits * 30103ULL / 100000ULL + 2 <= (unsigned long long)max_digits;
}

/* The limbs each denominator of a loan's balance components may have for
 * total_surely_within to hold whatever the others are (0 when even 1 is too many). */
static size_t small_den_limbs(long max_digits)
{
    if (max_digits < 2)
        return 0;
    /* bits x 30103 / 100000 + 2 <= max_digits (rounded down) when
       bits x 30103 < (max_digits - 1) x 100000; the loop only checks it */
    unsigned long long most_bits = ((unsigned long long)(max_digits - 1) * 100000ULL - 1) / 30103ULL;
    unsigned long long each = most_bits / ((unsigned long long)OWED_COMP_COUNT * GMP_NUMB_BITS);
    while (each > 0 && (each * OWED_COMP_COUNT * GMP_NUMB_BITS) * 30103ULL / 100000ULL + 2 >
                           (unsigned long long)max_digits)
        each--;
    return (size_t)each;
}

/* Applies a posting of `amount` to the loan's figures (not to the ledger). */
static inline void post_figures(replay_ctx *x, loan_work *lw, owed_posting_kind kind,
                         owed_component comp, const mpq_t amount)
{
    owed_loan_result *res = lw->res;
    /* the figures written are made first (q_own): result_init leaves them views of 0 */
    switch (kind) {
    case OWED_POST_DISBURSEMENT:
        q_own(res->delivered);
        owed_q_add_to(res->delivered, amount);
        break;
    case OWED_POST_WITHHELD:
        if (x->charges) {
            q_own(res->withheld);
            owed_q_add_to(res->withheld, amount);
        }
        break;
    case OWED_POST_ACCRUAL:
    case OWED_POST_CHARGE:
        if (x->charges) {
            q_own(res->charged[comp]);
            owed_q_add_to(res->charged[comp], amount);
        }
        break;
    case OWED_POST_PAYMENT:
        if (x->withholding) { /* interest withheld in advance: no money the borrower paid */
            if (x->charges) {
                q_own(res->interest_withheld);
                owed_q_sub_from(res->interest_withheld, amount);
            }
        } else {
            q_own(res->paid[comp]);
            owed_q_sub_from(res->paid[comp], amount);
        }
        break;
    case OWED_POST_OVERPAYMENT:
        q_own(res->overpaid);
        owed_q_sub_from(res->overpaid, amount);
        break;
    case OWED_POST_EXTENSION:
    case OWED_POST_KIND_COUNT:
        break;
    }
    if (kind != OWED_POST_EXTENSION) {
        q_own(res->balance[comp]);
        owed_q_add_to(res->balance[comp], amount);
        if (x->running_total) {
            q_own(res->total);
            owed_q_add_to(res->total, amount);
        }
    }
}

/* Appends the posting, with the loan's total as its balance.  Returns 0, or -1 (err set)
 * when memory runs out. */
static inline int append_posting(replay_ctx *x, loan_work *lw, owed_date date, owed_date from,
                          owed_date to, owed_posting_kind kind, owed_component comp,
                          const mpq_t amount, const char *label, long line)
{
    owed_posting *p = owed_ledger_append_balance(&x->r->ledger, date, from, to, lw->index, kind,
                                                 comp, amount, lw->res->total, label, line);
    if (p == NULL) {
        owed_error_set(x->err, OWED_E_NOMEM, x->c->file, line, _("out of memory"));
        return -1;
    }
    p->event = x->event;
    if (kind == OWED_POST_PAYMENT || kind == OWED_POST_OVERPAYMENT)
        p->allocation = x->alloc;
    return 0;
}

/* The error of a posting after which the denominator of the loan's total has `digits`
 * digits, more than OWED_MAX_EXACT_DIGITS allows: set in x->err and x->failure. */
static void __attribute__((noinline, cold))
digits_error(replay_ctx *x, loan_work *lw, owed_date date, owed_posting_kind kind,
             owed_component comp, long line, size_t digits)
{
    /* located at the payment (or other fact) posted; an accrual, at the rate's element */
    long where = line ? line
                 : comp == OWED_COMP_INTEREST ? lw->loan->interest.line
                 : comp == OWED_COMP_PENALTY  ? lw->loan->overdue.line
                                              : lw->loan->line;
    char when[OWED_DATE_TEXT_SIZE];
    owed_date_format(date, when);
    x->failure = owed_error_set(
        x->err, OWED_E_LIMIT, x->c->file, where ? where : lw->loan->line,
        _("loan %s: the exact balance after the %s of %s on %s has a denominator of %zu "
          "digits, which exceeds the limit of %ld (%s): the fractions of the rates "
          "multiply with each payment that reaches the principal; round each period "
          "(rounding= on <interest> and <overdue>, owed-case(5) CONVENTIONS)"),
        lw->loan->id, owed_posting_kind_name(kind), owed_component_name(comp), when,
        digits, x->max_digits, owed_limit_name(OWED_LIMIT_EXACT_DIGITS));
}

/* After a posting (its figures applied): 0, or -1 (err set, x->failure OWED_E_LIMIT) when
 * the denominator of the loan's total has grown beyond OWED_MAX_EXACT_DIGITS. */
static inline int check_digits(replay_ctx *x, loan_work *lw, owed_date date,
                               owed_posting_kind kind, owed_component comp, long line)
{
    owed_loan_result *res = lw->res;
    /* Exact figures grow: a payment that pays interest and then part of the principal
     * leaves the principal with the denominator of the rate, and the next interest on it
     * multiplies the denominators again, so that figures of tens of thousands of digits
     * would take minutes.  Bounded here, at the posting that made them grow. */
    size_t digits = 0; /* of the denominator of the loan's total: p->balance's */
    if (x->running_total)
        digits = mpz_sizeinbase(mpq_denref(res->total), 10);
    else if (lw->dens_small && mpz_size(mpq_denref(res->balance[comp])) <= x->small_den_limbs)
        return 0; /* the posting changed balance[comp] only: all are still small */
    else if (lw->dens_small = 0, !total_surely_within(res, x->max_digits)) {
        /* (dens_small is cleared for good above: the components' sizes are read each
           time from now on, as they were before it) */
        loan_total_of_components(x->sum, res);
        digits = mpz_sizeinbase(mpq_denref(x->sum), 10);
    }
    if (digits > (size_t)x->max_digits) {
        digits_error(x, lw, date, kind, comp, line, digits);
        return -1;
    }
    return 0;
}

/* Applies a posting to the loan's figures and appends it, with the balance they leave.
 * `amount` is not one of the loan's figures.  Returns 0, or -1 (err set) when memory runs
 * out or a figure grows too long. */
static int post(replay_ctx *x, loan_work *lw, owed_date date, owed_date from, owed_date to,
                owed_posting_kind kind, owed_component comp, const mpq_t amount,
                const char *label, long line)
{
    post_figures(x, lw, kind, comp, amount);
    if (append_posting(x, lw, date, from, to, kind, comp, amount, label, line))
        return -1;
    return check_digits(x, lw, date, kind, comp, line);
}

/* out = a read-only view of -q (MPZ_ROINIT_N over q's limbs): valid while q is not
 * written, never written or cleared itself. */
static void neg_view(mpq_ptr out, mpq_srcptr q)
{
    mpz_srcptr num = mpq_numref(q), den = mpq_denref(q);
    mp_size_t n = (mp_size_t)mpz_size(num);
    mpz_t minus_num = MPZ_ROINIT_N(num->_mp_d, mpz_sgn(num) > 0 ? -n : n);
    mpz_t minus_den = MPZ_ROINIT_N(den->_mp_d, (mp_size_t)mpz_size(den));
    *mpq_numref(out) = minus_num[0];
    *mpq_denref(out) = minus_den[0];
}

/* What post(x, lw, day, day, day, OWED_POST_PAYMENT, comp, -b, NULL, line) does for a
 * payment that takes the whole balance b > 0 of component `comp` (not interest withheld in
 * advance): paid[comp] += b, total -= b, the posting of -b (a negated read-only view of b,
 * copied by the ledger), then the balance 0 as b - b leaves it; without the copy of b a
 * posting of it would take, and the sum that makes 0. */
static int post_settle(replay_ctx *x, loan_work *lw, owed_date day, owed_component comp,
                       long line)
{
    owed_loan_result *res = lw->res;
    mpq_ptr balance = res->balance[comp];
    q_own(res->paid[comp]);
    owed_q_add_to(res->paid[comp], balance);
    if (x->running_total) {
        q_own(res->total);
        owed_q_sub_from(res->total, balance);
    }
    mpq_t minus;
    neg_view(minus, balance);
    if (append_posting(x, lw, day, day, day, OWED_POST_PAYMENT, comp, minus, NULL, line))
        return -1;
    owed_q_zero(balance);
    return check_digits(x, lw, day, OWED_POST_PAYMENT, comp, line);
}

/* The accrual convention of a component's stream (interest, penalty), NULL for fees. */
static const owed_accrual_convention *stream_conv(const loan_work *lw, owed_component comp)
{
    if (comp == OWED_COMP_INTEREST)
        return &lw->loan->interest.conv;
    if (comp == OWED_COMP_PENALTY)
        return &lw->loan->overdue.conv;
    return NULL;
}

/* out = what the run of the stream would post now: the sum of its days, or for
 * calendar-month accrual the period's whole months and stub days; rounded as the
 * convention says (each period's amount as it is posted, design 5 rule (i)).  Nothing
 * changes: flush_stream posts it, sampling only reads it.  out must not be x->t2. */
static void stream_amount(replay_ctx *x, const loan_work *lw, const stream *s,
                          owed_component comp, mpq_t out)
{
    owed_q_zero(out);
    if (!s->active)
        return;
    if (s->n > 1) /* last x n, made in out at once (last is not 0: stream_add) */
        owed_q_mul_by(out, s->last, s->n, 1, 0);
    else if (s->n == 1)
        owed_q_set(out, s->last);
    owed_q_add_to(out, s->acc);
    const owed_accrual_convention *cv = stream_conv(lw, comp);
    if (cv != NULL && cv->accrual == OWED_ACCRUE_CALENDAR_MONTH) {
        const owed_loan *L = lw->loan;
        if (comp == OWED_COMP_INTEREST)
            owed_rate_accrue_months(out, s->base, L->interest.rate, L->interest.per, s->from,
                                    s->through + 1);
        else
            owed_rate_accrue_months(out, s->base, L->overdue.rate, L->overdue.per, s->from,
                                    s->through + 1);
    }
    if (cv != NULL && cv->has_rounding)
        owed_money_round(out, cv->rounding_unit, cv->rounding, &x->c->currency);
}

/* Posts the run of the stream as one accrual (stream_amount).  Interest posted for days
 * before the due date in force is remembered for overdue interest on principal and
 * interest.  Inline at its calls (flush_runs' for each run of a loan, accrue_rate's for a
 * calendar month's): its posting is most of the replay's. */
static inline __attribute__((always_inline)) int
flush_stream(replay_ctx *x, loan_work *lw, stream *s, owed_date day, owed_component comp,
             const char *label)
{
    int rc = 0;
    if (s->active) {
        stream_amount(x, lw, s, comp, x->amount);
        owed_date to = s->through + 1 > day ? s->through + 1 : day;
        if (comp == OWED_COMP_INTEREST && s->before_due && lw->interest_tracked)
            owed_q_add_to(lw->interest_before_due, x->amount);
        if (mpq_sgn(x->amount) != 0)
            rc = post(x, lw, day, s->from, to, OWED_POST_ACCRUAL, comp, x->amount, label, 0);
    }
    s->active = 0;
    s->n = 0;
    if (mpq_sgn(s->acc) != 0) /* most streams flushed never ran (a loan's fees, penalty) */
        owed_q_zero(s->acc);
    return rc;
}

/* Calendar-month accrual: the run takes day `day` on `base`.  Returns 1 when the base
 * differs from the run's (the caller posts the run first and starts a new one). */
static int stream_mark(stream *s, owed_date day, const mpq_t base)
{
    if (s->active && !owed_q_equal(s->base, base))
        return 1;
    if (!s->active) {
        s->active = 1;
        s->from = day;
        q_own(s->base);
        owed_q_set(s->base, base);
    }
    s->through = day;
    return 0;
}

/* Adds the day's `amount` (not 0: nothing) to the run.  `amount` is scratch: a new daily
 * amount is taken from it (swapped with the run's old one) rather than copied, and its
 * value is unspecified after. */
static void stream_add(stream *s, owed_date day, mpq_ptr amount)
{
    if (mpq_sgn(amount) == 0)
        return;
    if (!s->active) {
        s->active = 1;
        s->from = day;
    }
    s->through = day;
    if (s->n > 0 && owed_q_equal(s->last, amount)) {
        s->n++;
        return;
    }
    stream_settle(s);
    q_own(s->last);
    /* mpq_swap's exchange of the two values' fields, without the call */
    __mpq_struct was = *s->last;
    *s->last = *amount;
    *amount = was;
    s->n = 1;
}

/* Posts every accrual of the loan for the days before `day` (flush_loan, when one of its
 * runs may be active). */
static int flush_runs(replay_ctx *x, loan_work *lw, owed_date day)
{
    lw->pending = 0;
    const owed_loan *L = lw->loan;
    /* a run that is not active has nothing to post (its n and acc are 0): flush_stream
       would leave it as it is */
    if ((lw->interest.active &&
         flush_stream(x, lw, &lw->interest, day, OWED_COMP_INTEREST, NULL)) ||
        (lw->penalty.active && flush_stream(x, lw, &lw->penalty, day, OWED_COMP_PENALTY, NULL)))
        return -1;
    if (!lw->has_daily_fees) /* the fees' runs never start */
        return 0;
    for (size_t i = 0; i < L->n_fees; i++)
        if (lw->daily_fee[i].active &&
            flush_stream(x, lw, &lw->daily_fee[i], day, OWED_COMP_FEE, L->fees[i].name))
            return -1;
    for (size_t i = 0; i < L->n_late_fees; i++)
        if (lw->daily_late[i].active &&
            flush_stream(x, lw, &lw->daily_late[i], day, OWED_COMP_FEE, L->late_fees[i].name))
            return -1;
    return 0;
}

/* Posts every accrual of the loan for the days before `day` (flush_runs), when one of its
 * runs may be active (inline: most calls find none). */
static inline int flush_loan(replay_ctx *x, loan_work *lw, owed_date day)
{
    return lw->pending ? flush_runs(x, lw, day) : 0;
}

static int flush_all(replay_ctx *x, owed_date day)
{
    for (size_t i = 0; i < x->c->n_loans; i++)
        if (flush_loan(x, &x->w[i], day))
            return -1;
    return 0;
}

/* out = amount x principal, owed_fee_money's value for a fee that is a fraction of the
 * principal, as a product in words (owed_q_mul: mpq_mul's canonical value, without its
 * gcds of several limbs).  Out of line: made once per fee and loan. */
static __attribute__((noinline)) void percent_fee(mpq_ptr out, mpq_srcptr amount,
                                                  mpq_srcptr principal)
{
    owed_q_mul(out, amount, principal);
}

/* out = a fee's money amount: fixed, or its fraction of the nominal principal. */
static void fee_amount(mpq_t out, int is_percent, const mpq_t amount, const owed_loan *L)
{
    if (is_percent)
        percent_fee(out, amount, L->principal);
    else
        owed_q_set(out, amount); /* owed_fee_money's copy, inline: most fees are fixed */
}


static int principal_outstanding(const loan_work *lw)
{
    return mpq_sgn(lw->res->balance[OWED_COMP_PRINCIPAL]) > 0;
}

/* Whether the loan may accrue on a day: started, with principal outstanding (every rate
 * and daily fee runs on it).  Tested before the calls of the day loop: most loans of a
 * borrower's case are paid, or not yet started, on most of its worked days. */
static inline int may_accrue(const loan_work *lw)
{
    return lw->started && principal_outstanding(lw);
}

/* out = the maturity fees not charged yet (zero once charged).  out must not alias tmp. */
static void pending_maturity_fees(mpq_t out, const loan_work *lw, mpq_t tmp)
{
    owed_q_zero(out);
    if (lw->maturity_done)
        return;
    const owed_loan *L = lw->loan;
    for (size_t i = 0; i < L->n_fees; i++)
        if (L->fees[i].at == OWED_FEE_MATURITY) {
            fee_amount(tmp, L->fees[i].is_percent, L->fees[i].amount, L);
            owed_q_add_to(out, tmp);
        }
}

static int charge_maturity_fees(replay_ctx *x, loan_work *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    lw->maturity_done = 1;
    for (size_t i = 0; i < L->n_fees; i++)
        if (L->fees[i].at == OWED_FEE_MATURITY) {
            fee_amount(x->t1, L->fees[i].is_percent, L->fees[i].amount, L);
            if (mpq_sgn(x->t1) != 0 &&
                post(x, lw, day, day, day, OWED_POST_CHARGE, OWED_COMP_FEE, x->t1,
                     L->fees[i].name, L->fees[i].line))
                return -1;
        }
    return 0;
}

/* out = what would settle the loan on `day`: its positive components, plus maturity fees
 * still to be charged when the day is before the due date, less the loan's credit (a
 * negative principal); never below 0: a loan whose credit covers what it owes owes
 * nothing. */
static void payoff_amount(replay_ctx *x, mpq_t out, const loan_work *lw, owed_date day)
{
    owed_q_zero(out);
    if (!lw->started)
        return;
    /* every component in one pass, the positive ones with a credit (negative principal)
     * and interest paid ahead (negative interest), which count against what the loan owes:
     * exact sums, so their order changes nothing */
    int owes = 0; /* a component is positive */
    for (int k = 0; k < OWED_COMP_COUNT; k++) {
        mpq_srcptr b = lw->res->balance[k];
        int sign = mpq_sgn(b);
        if (sign != 0) {
            owes |= sign > 0;
            owed_q_add_to(out, b);
        }
    }
    if (owes && lw->has_maturity_fees && day < lw->res->due) {
        pending_maturity_fees(x->fees, lw, x->tmp);
        owed_q_add_to(out, x->fees);
    }
    if (mpq_sgn(out) < 0)
        owed_q_zero(out);
}

/* Applies `amount` to the loan in the contract's order; leaves in `amount` what the loan
 * did not take.  A payment marked as paid for charges (`charges_only`) never goes to
 * principal: while principal is outstanding, what the charges due do not take is interest
 * paid ahead (the interest balance goes below zero, as with interest withheld in advance),
 * as the lender books an instalment of interest paid early.  `payoff` is the loan's
 * payoff_amount on `day` as it stands, when the caller has made it (a split's), else NULL;
 * it is read (made) only for a loan with fees due at maturity not charged yet: for one with
 * none, charge_maturity_fees would post nothing (day_charges marks them charged at the due
 * date, its flush there being day_boundaries').  Inline at its two calls (apply_payment's
 * to the loan named, and to a loan's share of a split). */
static inline __attribute__((always_inline)) int
apply_to_loan(replay_ctx *x, loan_work *lw, owed_date day, mpq_t amount, long line,
              int charges_only, mpq_srcptr payoff)
{
    if (!charges_only && lw->has_maturity_fees && !lw->maturity_done && day < lw->res->due) {
        if (payoff == NULL) {
            payoff_amount(x, x->t2, lw, day);
            payoff = x->t2;
        }
        if (mpq_sgn(payoff) > 0 && owed_q_cmp(amount, payoff) >= 0 &&
            charge_maturity_fees(x, lw, day))
            return -1;
    }
    for (int k = 0; k < OWED_COMP_COUNT && mpq_sgn(amount) > 0; k++) {
        owed_component comp = lw->loan->order[k];
        if (mpq_sgn(lw->res->balance[comp]) <= 0 || (charges_only && comp == OWED_COMP_PRINCIPAL))
            continue;
        int cmp = owed_q_cmp(amount, lw->res->balance[comp]);
        if (cmp >= 0) {
            /* the payment takes the whole component (all of what is left when they are
               equal: 0 without the sum) */
            if (cmp == 0)
                owed_q_zero(amount);
            else
                owed_q_sub_from(amount, lw->res->balance[comp]);
            if (comp == OWED_COMP_INTEREST && lw->interest_tracked)
                owed_q_add_to(lw->interest_paid, lw->res->balance[comp]);
            if (post_settle(x, lw, day, comp, line))
                return -1;
            continue;
        }
        /* the component takes all that is left: posted as it is (negated, read in place),
           which leaves 0 */
        if (comp == OWED_COMP_INTEREST && lw->interest_tracked)
            owed_q_add_to(lw->interest_paid, amount);
        mpq_t minus;
        neg_view(minus, amount);
        if (post(x, lw, day, day, day, OWED_POST_PAYMENT, comp, minus, NULL, line))
            return -1;
        owed_q_zero(amount);
    }
    if (charges_only && mpq_sgn(amount) > 0 && principal_outstanding(lw)) {
        if (lw->interest_tracked)
            owed_q_add_to(lw->interest_paid, amount);
        mpq_neg(x->t1, amount);
        owed_q_zero(amount);
        if (post(x, lw, day, day, day, OWED_POST_PAYMENT, OWED_COMP_INTEREST, x->t1,
                 _("interest paid ahead"), line))
            return -1;
    }
    return 0;
}

static int apply_payment(replay_ctx *x, const owed_event *e)
{
    const owed_case *c = x->c;
    mpq_ptr left = x->left;
    owed_q_set(left, e->amount);
    int rc = 0;
    int charges_only = e->paid_for == OWED_PAID_FOR_CHARGES;
    if (e->loan >= 0) {
        x->alloc = OWED_DECIDED_DESIGNATED;
        rc = apply_to_loan(x, &x->w[e->loan], e->date, left, e->line, charges_only, NULL);
        if (rc == 0 && mpq_sgn(left) > 0) {
            /* what the designated loan leaves goes across the loans: post their accruals
               first (they belong to no event) */
            long event = x->event;
            x->event = -1;
            rc = flush_all(x, e->date);
            x->event = event;
        }
    }
    if (rc == 0 && mpq_sgn(left) > 0) {
        /* one split for the replay: each split writes its shares and by[] before they are
           read (owed_allocate_ordered), and owed and burden are set below before each round
           reads them */
        struct owed_replay_store *st = x->r->store;
        if (!x->split_ready) {
            /* the split of an earlier replay made into this one, else a new one */
            if ((st->have_split ? owed_split_reuse_case(&st->split, c)
                                : owed_split_init_case(&st->split, c)) == 0)
                st->have_split = x->split_ready = 1;
            else
                st->have_split = 0;
        }
        owed_split sp = st->split;
        if (!x->split_ready) {
            owed_error_set(x->err, OWED_E_NOMEM, c->file, e->line, _("out of memory"));
            rc = -1;
        } else {
            /* A loan may take less than its share: before its due date its payoff counts
             * the fees due at maturity, which apply_to_loan charges only when the amount
             * settles the loan in full.  What it leaves is split again over the loans that
             * still owe.  A round that leaves something has settled every loan that did not
             * take all its share (or every loan, when the split itself left something), so
             * n_loans rounds are enough; a round in which no loan takes anything ends it. */
            mpq_ptr before = x->before;
            for (size_t round = 0; round < c->n_loans && rc == 0 && mpq_sgn(left) > 0; round++) {
                size_t owing = 0;
                for (size_t i = 0; i < c->n_loans; i++) {
                    payoff_amount(x, sp.owed[i], &x->w[i], e->date);
                    owing += mpq_sgn(sp.owed[i]) > 0;
                    sp.debts[i].is_due = x->w[i].res->due <= e->date;
                    sp.debts[i].due = x->w[i].res->due;
                }
                if (owing == 0)
                    break; /* the split would give nothing: what is left is a credit */
                /* the burdens the split compares: those of the loans that owe, when two or
                   more do (a debt that owes nothing is left out of the ranking, and one
                   alone is compared with none: owed_allocate_ordered) */
                for (size_t i = 0; owing > 1 && i < c->n_loans; i++)
                    if (mpq_sgn(sp.owed[i]) > 0)
                        owed_burden_kept(&st->day_rates, sp.burden[i], &x->w[i].burden_known,
                                         &x->w[i].burden, OWED_BURDEN_DAILY_COST,
                                         x->w[i].loan, x->w[i].res->due, e->date,
                                         principal_outstanding(&x->w[i]));
                owed_q_set(before, left);
                owed_split_case_payment(&sp, c, left); /* the default order */
                for (size_t i = 0; i < c->n_loans && rc == 0; i++)
                    if (mpq_sgn(sp.shares[i]) > 0) {
                        x->alloc = sp.by[i];
                        /* its payoff as the round found it: nothing was posted to it since */
                        rc = apply_to_loan(x, &x->w[i], e->date, sp.shares[i], e->line,
                                           charges_only, sp.owed[i]);
                        owed_q_add_to(left, sp.shares[i]); /* whatever a loan did not take */
                    }
                if (owed_q_equal(left, before))
                    break;
            }
        }
    }
    if (rc == 0 && mpq_sgn(left) > 0) {
        /* Nobody is owed anything: a credit on the designated loan, else on the loan that
         * started first (of two started on one day, the one whose id sorts first), so that
         * the credit does not depend on the order of the loans in the file. */
        size_t target = 0;
        if (e->loan >= 0) {
            target = (size_t)e->loan;
        } else {
            int found = 0;
            for (size_t i = 0; i < c->n_loans; i++) {
                const loan_work *w = &x->w[i], *t = &x->w[target];
                int earlier = w->first_day < t->first_day ||
                              (w->first_day == t->first_day &&
                               strcmp(c->loans[i].id, c->loans[target].id) < 0);
                if (w->started && (!found || earlier)) {
                    target = i;
                    found = 1;
                }
            }
        }
        mpq_neg(left, left);
        x->alloc = e->loan >= 0 ? OWED_DECIDED_DESIGNATED : OWED_DECIDED_NONE;
        rc = post(x, &x->w[target], e->date, e->date, e->date, OWED_POST_OVERPAYMENT,
                  OWED_COMP_PRINCIPAL, left, NULL, e->line);
    }
    x->alloc = OWED_DECIDED_NONE;
    return rc;
}

/* Interest withheld in advance (<interest withheld="..">) at the first disbursement: kept
 * back from the principal, like an upfront fee.  Where a rate was agreed, the lender counts
 * it as interest paid in advance: the interest balance starts that much below zero and the
 * interest accrued on the nominal principal fills it.  An unclear agreement states no rate,
 * so nothing accrues against it: it stays money kept back, as an upfront fee would. */
static int withhold_interest(replay_ctx *x, loan_work *lw, owed_date day)
{
    const owed_interest_terms *t = &lw->loan->interest;
    if (!t->has_withheld || mpq_sgn(t->withheld) <= 0)
        return 0;
    const char *label = _("interest withheld in advance");
    if (post(x, lw, day, day, day, OWED_POST_WITHHELD, OWED_COMP_PRINCIPAL, t->withheld, label,
             t->line))
        return -1;
    if (t->agreement != OWED_INTEREST_AGREED)
        return 0;
    if (lw->interest_tracked)
        owed_q_add_to(lw->interest_paid, t->withheld);
    mpq_neg(x->t2, t->withheld);
    x->withholding = 1;
    int rc = post(x, lw, day, day, day, OWED_POST_PAYMENT, OWED_COMP_INTEREST, x->t2, label,
                  t->line);
    x->withholding = 0;
    return rc;
}

static int deliver(replay_ctx *x, loan_work *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    while (lw->disb_next < L->n_disbursements && L->disbursements[lw->disb_next].date == day) {
        const owed_disbursement *d = &L->disbursements[lw->disb_next++];
        if (flush_loan(x, lw, day) ||
            post(x, lw, day, day, day, OWED_POST_DISBURSEMENT, OWED_COMP_PRINCIPAL, d->amount,
                 NULL, d->line))
            return -1;
        if (lw->started)
            continue;
        lw->started = 1;
        lw->first_day = day;
        /* What the lender kept back: named upfront fees first, then interest withheld in
         * advance, then any unexplained gap between the nominal principal and all the money
         * delivered. */
        mpq_ptr delivered_all = x->delivered_all, named = x->named;
        owed_q_zero(delivered_all);
        owed_q_zero(named);
        for (size_t i = 0; i < L->n_disbursements; i++)
            owed_q_add_to(delivered_all, L->disbursements[i].amount);
        int rc = 0;
        for (size_t i = 0; i < L->n_fees && rc == 0; i++) {
            if (L->fees[i].at != OWED_FEE_UPFRONT)
                continue;
            fee_amount(x->t1, L->fees[i].is_percent, L->fees[i].amount, L);
            owed_q_add_to(named, x->t1);
            if (mpq_sgn(x->t1) != 0)
                rc = post(x, lw, day, day, day, OWED_POST_WITHHELD, OWED_COMP_PRINCIPAL, x->t1,
                          L->fees[i].name, L->fees[i].line);
        }
        if (rc == 0)
            rc = withhold_interest(x, lw, day);
        if (L->interest.has_withheld)
            owed_q_add_to(named, L->interest.withheld);
        if (mpq_sgn(named) == 0 && owed_q_equal(L->principal, delivered_all)) {
            owed_q_zero(x->t1); /* all of it delivered, nothing named: no gap */
        } else {
            owed_q_diff(x->t1, L->principal, delivered_all);
            owed_q_sub_from(x->t1, named);
        }
        if (rc == 0 && mpq_sgn(x->t1) > 0)
            rc = post(x, lw, day, day, day, OWED_POST_WITHHELD, OWED_COMP_PRINCIPAL, x->t1,
                      _("withheld, not explained"), L->line);
        for (size_t i = 0; i < L->n_fees && rc == 0; i++) {
            if (L->fees[i].at != OWED_FEE_DISBURSEMENT)
                continue;
            fee_amount(x->t1, L->fees[i].is_percent, L->fees[i].amount, L);
            if (mpq_sgn(x->t1) != 0)
                rc = post(x, lw, day, day, day, OWED_POST_CHARGE, OWED_COMP_FEE, x->t1,
                          L->fees[i].name, L->fees[i].line);
        }
        if (rc)
            return -1;
    }
    return 0;
}

static int extend(replay_ctx *x, const owed_event *e)
{
    loan_work *lw = &x->w[e->loan];
    owed_q_zero(x->t1); /* the extension itself moves no money; its fee is a charge */
    if (flush_loan(x, lw, e->date) ||
        post(x, lw, e->date, e->date, e->new_due, OWED_POST_EXTENSION, OWED_COMP_PRINCIPAL,
             x->t1, e->label, e->line))
        return -1;
    lw->res->due = e->new_due;
    lw->res->extensions++;
    if (mpq_sgn(e->amount) > 0 &&
        post(x, lw, e->date, e->date, e->date, OWED_POST_CHARGE, OWED_COMP_FEE, e->amount,
             e->label ? e->label : _("extension fee"), e->line))
        return -1;
    return 0;
}

/* Charges falling due on `day` before the day's charges and payments: maturity and
 * period fees. */
static int day_charges(replay_ctx *x, loan_work *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->started)
        return 0;
    if (day == lw->res->due && !lw->maturity_done) {
        if (flush_loan(x, lw, day) || charge_maturity_fees(x, lw, day))
            return -1;
    }
    for (size_t i = 0; lw->has_period_fees && i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at != OWED_FEE_PER_PERIOD || f->period_days <= 0)
            continue;
        if ((day - lw->first_day) % f->period_days != 0 || !principal_outstanding(lw))
            continue;
        if (day >= lw->res->due && !f->until_repaid)
            continue;
        fee_amount(x->t1, f->is_percent, f->amount, L);
        if (mpq_sgn(x->t1) != 0 &&
            (flush_loan(x, lw, day) || post(x, lw, day, day, day, OWED_POST_CHARGE, OWED_COMP_FEE,
                                             x->t1, f->name, f->line)))
            return -1;
    }
    return 0;
}

/* One-off late fees, after the day's payments: decided once, on the first overdue day (the
 * due date in force plus grace days, or the first disbursement if later), and charged only
 * when principal is still outstanding then; a loan owing only fees, interest or penalty
 * that day owes no late fee, then or later. */
static int late_fees_once(replay_ctx *x, loan_work *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->started || lw->late_once_left == 0 || day < lw->res->due + owed_loan_grace_days(L))
        return 0;
    int owed = principal_outstanding(lw);
    for (size_t i = 0; i < L->n_late_fees; i++) {
        const owed_late_fee *f = &L->late_fees[i];
        if (f->daily || lw->late_once_done[i])
            continue;
        lw->late_once_done[i] = 1;
        lw->late_once_left--;
        if (!owed)
            continue;
        fee_amount(x->t1, f->is_percent, f->amount, L);
        if (mpq_sgn(x->t1) != 0 &&
            (flush_loan(x, lw, day) || post(x, lw, day, day, day, OWED_POST_CHARGE, OWED_COMP_FEE,
                                             x->t1, f->name, f->line)))
            return -1;
    }
    return 0;
}

/* Starts new runs at the due date and at the end of grace, so that the ledger shows the
 * term and the overdue period apart (and each is a period of its own for calendar months
 * and rounding).  Called once a day, before the day's payments. */
static int day_boundaries(replay_ctx *x, loan_work *lw, owed_date day)
{
    if (!lw->started)
        return 0;
    owed_date due = lw->res->due;
    owed_date overdue_from = due + owed_loan_grace_days(lw->loan);
    return (day == due || day == overdue_from) ? flush_loan(x, lw, day) : 0;
}

/* Adds one day's amount on `base` to a rate's stream: the day's amount, or for calendar-month
 * accrual the day itself (the period's amount is computed when it is posted).  Inline at its
 * two calls (accrue_rates): most of its days count the amount of the day before, which
 * costs less than the call with its ten arguments. */
static inline __attribute__((always_inline)) int
accrue_rate(replay_ctx *x, loan_work *lw, stream *s, owed_component comp, owed_date day,
            const mpq_t base, const mpq_t rate, owed_rate_period per, owed_day_basis basis,
            const owed_accrual_convention *cv)
{
    /* runs are posted at the due date, so a run is all before it or all after */
    int before_due = day < lw->res->due;
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH) {
        if (stream_mark(s, day, base)) {
            if (flush_stream(x, lw, s, day, comp, NULL))
                return -1;
            stream_mark(s, day, base);
        }
    } else {
        int year = per == OWED_PER_DAY ? 0 : owed_basis_year_length(basis, day);
        if ((s->n > 0 || s->last_fits) && s->day_year == year && owed_q_equal(s->day_base, base)) {
            /* the same amount as the day before, or as the last day of the run posted
               before: stream_add's steps for an amount equal to `last` */
            if (!s->active) {
                s->active = 1;
                s->from = day;
            }
            s->n++;
            s->through = day;
        } else {
            /* base x rate over one day (owed_rate_accrue's value) as base x the rate of a
               day, made once for a year's length: one product instead of two */
            if (s->rate_year != year) {
                q_own(s->day_rate);
                owed_day_rate_of(&x->r->store->day_rates, s->day_rate, rate, per, basis, day,
                                 year);
                s->rate_year = year;
            }
            owed_q_mul(x->t1, base, s->day_rate);
            s->last_fits = mpq_sgn(x->t1) != 0; /* stream_add takes it into `last` */
            stream_add(s, day, x->t1);
            q_own(s->day_base);
            owed_q_set(s->day_base, base);
            s->day_year = year;
        }
    }
    if (s->from == day)
        s->before_due = before_due;
    lw->pending = 1; /* the run is active (stream_mark), or may be (stream_add) */
    return 0;
}

/* The base of the loan's overdue interest: the principal outstanding, and the interest
 * accrued before the due date and not paid when the contract says so.  That is the
 * principal itself (read, not copied) unless such interest is added, in x->base. */
static mpq_srcptr overdue_base(replay_ctx *x, const loan_work *lw)
{
    mpq_srcptr principal = lw->res->balance[OWED_COMP_PRINCIPAL];
    if (lw->loan->overdue.on != OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST)
        return principal;
    owed_q_diff(x->t2, lw->interest_before_due, lw->interest_paid);
    if (mpq_sgn(x->t2) <= 0)
        return principal;
    owed_q_set(x->base, principal);
    owed_q_add_to(x->base, x->t2);
    return x->base;
}

/* Adds the day's interest and penalty interest to the loan's streams, for the rates whose
 * days are counted by `count`: first-not-last after the day's payments, on the balance they
 * leave (not on the last day); both ends before them, on the balance at the start of the
 * day (every day, the last one too).  The loan may accrue (may_accrue: its callers test it,
 * and its accruals leave the principal as it is). */
static int accrue_rates(replay_ctx *x, loan_work *lw, owed_date day, owed_day_count count)
{
    const owed_loan *L = lw->loan;
    owed_date due = lw->res->due;
    owed_date overdue_from = due + owed_loan_grace_days(L);
    const mpq_t *principal = (const mpq_t *)&lw->res->balance[OWED_COMP_PRINCIPAL];
    if (L->interest.present && L->interest.conv.count == count &&
        (day < due || !L->interest.stops_at_due) &&
        accrue_rate(x, lw, &lw->interest, OWED_COMP_INTEREST, day, *principal,
                    L->interest.rate, L->interest.per, L->interest.basis, &L->interest.conv))
        return -1;
    if (L->overdue.present && L->overdue.conv.count == count && day >= overdue_from) {
        int rc = accrue_rate(x, lw, &lw->penalty, OWED_COMP_PENALTY, day, overdue_base(x, lw),
                             L->overdue.rate, L->overdue.per, L->overdue.basis,
                             &L->overdue.conv);
        if (rc)
            return -1;
    }
    return 0;
}

/* Adds the day's daily fees and daily late fees to the loan's streams (after the day's
 * payments, while principal is outstanding: the loan may accrue, as accrue_rates). */
static void accrue_fees(replay_ctx *x, loan_work *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->has_daily_fees)
        return;
    owed_date due = lw->res->due;
    owed_date overdue_from = due + owed_loan_grace_days(L);
    for (size_t i = 0; i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at != OWED_FEE_PER_DAY || (day >= due && !f->until_repaid))
            continue;
        fee_amount(x->t1, f->is_percent, f->amount, L);
        stream_add(&lw->daily_fee[i], day, x->t1);
        lw->pending |= lw->daily_fee[i].active;
    }
    if (day >= overdue_from)
        for (size_t i = 0; i < L->n_late_fees; i++) {
            const owed_late_fee *f = &L->late_fees[i];
            if (!f->daily)
                continue;
            fee_amount(x->t1, f->is_percent, f->amount, L);
            stream_add(&lw->daily_late[i], day, x->t1);
            lw->pending |= lw->daily_late[i].active;
        }
}


/* Answers the sample requests of `day` (sample.h): each loan's balance by component, with
 * the runs not yet posted counted as a replay ending that day would post them. */
static void answer_samples(replay_ctx *x, owed_date day)
{
    const owed_case *c = x->c;
    for (; x->next_req < x->n_req && x->req[x->next_req].date <= day; x->next_req++) {
        const owed_sample_request *q = &x->req[x->next_req];
        mpq_t *out = x->r->samples[x->next_req];
        if (q->date < day)
            continue; /* before the first day of the history: nothing yet */
        for (size_t i = 0; i < c->n_loans; i++) {
            if (q->loan >= 0 && (size_t)q->loan != i)
                continue;
            loan_work *lw = &x->w[i];
            for (int k = 0; k < OWED_COMP_COUNT; k++)
                owed_q_add_to(out[k], lw->res->balance[k]);
            stream_amount(x, lw, &lw->interest, OWED_COMP_INTEREST, x->amount);
            owed_q_add_to(out[OWED_COMP_INTEREST], x->amount);
            stream_amount(x, lw, &lw->penalty, OWED_COMP_PENALTY, x->amount);
            owed_q_add_to(out[OWED_COMP_PENALTY], x->amount);
            for (size_t f = 0; f < lw->loan->n_fees; f++) {
                stream_amount(x, lw, &lw->daily_fee[f], OWED_COMP_FEE, x->amount);
                owed_q_add_to(out[OWED_COMP_FEE], x->amount);
            }
            for (size_t f = 0; f < lw->loan->n_late_fees; f++) {
                stream_amount(x, lw, &lw->daily_late[f], OWED_COMP_FEE, x->amount);
                owed_q_add_to(out[OWED_COMP_FEE], x->amount);
            }
        }
    }
}

/* Plain days.  After the work of `day`, the days up to the next one with an event, a
 * disbursement or a sample request, or that is a started loan's due date in force, the end
 * of its grace, the start of a fee's period or the first of January (year lengths), are
 * plain: on each of them every loan does what it did the day before, or nothing.  A loan
 * with no principal outstanding accrues nothing (interest, penalty interest, daily and
 * period fees all run on outstanding principal: accrue_rates, accrue_fees, day_charges);
 * a loan that accrues adds to each of its runs the amount of the day before, provided each
 * run already repeats (accrue_rate's and stream_add's first branch: the same base, year
 * length and amount) and none accrues by calendar month.  plain_days adds the plain days
 * to the runs, as the day loop would have one by one, and returns the first day that is
 * not plain (day + 1 when the next is not, or when some run does not repeat yet).  A loan
 * book's loans are mostly paid, or accrue unchanged, for hundreds of days before the as-of
 * date, and so do a case's. */

/* Whether a rate's run takes, on a plain day after `day`, the amount of the day before. */
static int rate_repeats(const stream *s, const mpq_t base, owed_rate_period per,
                        owed_day_basis basis, const owed_accrual_convention *cv, owed_date day)
{
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH)
        return 0;
    int year = per == OWED_PER_DAY ? 0 : owed_basis_year_length(basis, day + 1);
    return s->n > 0 && s->day_year == year && owed_q_equal(s->day_base, base);
}

/* Whether a fee's run takes, on a plain day, the amount of the day before (or nothing). */
static int fee_repeats(replay_ctx *x, const stream *s, int is_percent, const mpq_t amount,
                       const owed_loan *L)
{
    fee_amount(x->t1, is_percent, amount, L);
    return mpq_sgn(x->t1) == 0 || (s->n > 0 && owed_q_equal(s->last, x->t1));
}

/* What the loan's runs take on a plain day after `day`: for each, whether it accrues (1).
 * Returns 0 when some run would not repeat (the day is worked as any other). */
static int plain_runs(replay_ctx *x, const loan_work *lw, owed_date day, int *interest,
                      int *penalty)
{
    const owed_loan *L = lw->loan;
    owed_date due = lw->res->due, overdue_from = due + owed_loan_grace_days(L);
    const mpq_t *principal = (const mpq_t *)&lw->res->balance[OWED_COMP_PRINCIPAL];
    *interest = L->interest.present && (due > day || !L->interest.stops_at_due);
    if (*interest && !rate_repeats(&lw->interest, *principal, L->interest.per,
                                   L->interest.basis, &L->interest.conv, day))
        return 0;
    *penalty = L->overdue.present && overdue_from <= day;
    if (*penalty) {
        if (!rate_repeats(&lw->penalty, overdue_base(x, lw), L->overdue.per, L->overdue.basis,
                          &L->overdue.conv, day))
            return 0;
    }
    if (!lw->has_daily_fees)
        return 1;
    for (size_t i = 0; i < L->n_fees; i++) {
        const owed_fee *f = &L->fees[i];
        if (f->at == OWED_FEE_PER_DAY && (due > day || f->until_repaid) &&
            !fee_repeats(x, &lw->daily_fee[i], f->is_percent, f->amount, L))
            return 0;
    }
    for (size_t i = 0; i < L->n_late_fees && overdue_from <= day; i++) {
        const owed_late_fee *f = &L->late_fees[i];
        if (f->daily && !fee_repeats(x, &lw->daily_late[i], f->is_percent, f->amount, L))
            return 0;
    }
    return 1;
}

/* A repeating run takes k more days, the last of them `last`. */
static void take_days(stream *s, owed_date last, unsigned long k)
{
    if (s->n > 0) {
        s->n += k;
        s->through = last;
    }
}

static owed_date plain_days(replay_ctx *x, owed_date day, size_t ev, owed_date until)
{
    const owed_case *c = x->c;
    owed_date next = owed_case_next_change(
        c, ev, x->next_req < x->n_req ? &x->req[x->next_req].date : NULL, day, until);
    for (size_t j = 0; j < x->n_live; j++) { /* a dormant loan bounds no run (accrue_and_rest) */
        loan_work *lw = x->live[j];
        const owed_loan *L = lw->loan;
        /* the periods of its fees counted only for a loan with some charged by the period
           (a book's loans have several fees, rarely such): the same day otherwise */
        next = owed_loan_next_change(L, lw->disb_next, lw->started && lw->has_period_fees,
                                     lw->first_day, day, next);
        if (lw->started) {
            owed_date due = lw->res->due;
            owed_date overdue_from = due + owed_loan_grace_days(L);
            /* each taken when after `day` and before `next` (owed_date_sooner, inline) */
            next = due > day && due < next ? due : next;
            next = overdue_from > day && overdue_from < next ? overdue_from : next;
            if (principal_outstanding(lw) &&
                !plain_runs(x, lw, day, &lw->plain_interest, &lw->plain_penalty))
                return day + 1;
        }
    }
    if (next <= day + 1)
        return day + 1;
    /* days day + 1 .. next - 1 are plain: each accruing run takes them */
    unsigned long k = (unsigned long)(next - day - 1);
    for (size_t j = 0; j < x->n_live; j++) { /* a dormant loan accrues nothing */
        loan_work *lw = x->live[j];
        const owed_loan *L = lw->loan;
        if (!may_accrue(lw))
            continue;
        /* as plain_runs found them in the loop above (nothing has changed since) */
        if (lw->plain_interest)
            take_days(&lw->interest, next - 1, k);
        if (lw->plain_penalty)
            take_days(&lw->penalty, next - 1, k);
        for (size_t f = 0; lw->has_daily_fees && f < L->n_fees; f++)
            if (L->fees[f].at == OWED_FEE_PER_DAY &&
                (lw->res->due > day || L->fees[f].until_repaid))
                take_days(&lw->daily_fee[f], next - 1, k);
        for (size_t f = 0; lw->has_daily_fees && f < L->n_late_fees; f++)
            if (L->late_fees[f].daily && lw->res->due + owed_loan_grace_days(L) <= day)
                take_days(&lw->daily_late[f], next - 1, k);
    }
    return next;
}

/* Dormant loans.  After the work of `day`, a loan started, with no disbursement to come,
 * no run active, no principal outstanding, its fees due at maturity charged (or none, or
 * their due date past) and its one-off late fees decided, has nothing to do on the days
 * to come: it accrues nothing (every rate and daily fee runs on outstanding principal), no
 * period fee falls due (the same), its due date and end of grace have nothing to charge or
 * post (day_charges, day_boundaries, late_fees_once), and it bounds no run of plain days.
 * Only an event can change that (a charge, an extension, a payment): the day loop leaves
 * such a loan out of its walks over the loans (x->live) until an event names it, from the
 * start of that event's day.  A book's loans are mostly paid off long before the last of
 * their borrower's. */
static int settled_for_good(const loan_work *lw, owed_date day)
{
    const owed_loan *L = lw->loan;
    if (!lw->started || lw->pending || lw->disb_next < L->n_disbursements ||
        principal_outstanding(lw))
        return 0;
    if (lw->has_maturity_fees && !lw->maturity_done && lw->res->due > day)
        return 0;
    return lw->late_once_left == 0;
}

/* The last work of `day` (not the last day): the day's accruals of the loans that may
 * accrue, on the balances the day's payments leave, and the loans settled for good after it
 * left out of x->live, in one walk (a loan that may accrue has principal outstanding, which
 * its accruals do not change: it is not settled).  Returns 0, or -1 when memory runs out. */
static int accrue_and_rest(replay_ctx *x, owed_date day)
{
    size_t n = 0;
    for (size_t k = 0; k < x->n_live; k++) {
        loan_work *lw = x->live[k];
        if (may_accrue(lw)) { /* what accrue_rates and accrue_fees require */
            if (accrue_rates(x, lw, day, OWED_COUNT_FIRST_NOT_LAST))
                return -1;
            accrue_fees(x, lw, day);
        } else if (settled_for_good(lw, day)) {
            lw->dormant = 1;
            continue;
        }
        x->live[n++] = lw;
    }
    x->n_live = n;
    return 0;
}

/* Brings back into x->live (in index order) the dormant loans that events[from..to) name,
 * or all of them when one names none (a payment split across the loans). */
static void wake_loans(replay_ctx *x, size_t from, size_t to)
{
    const owed_case *c = x->c;
    int woke = 0;
    if (x->n_live == c->n_loans)
        return; /* none dormant */
    for (size_t k = from; k < to; k++) {
        long loan = c->events[k].loan;
        for (size_t i = loan >= 0 ? (size_t)loan : 0;
             i < (loan >= 0 ? (size_t)loan + 1 : c->n_loans); i++)
            if (x->w[i].dormant) {
                x->w[i].dormant = 0;
                woke = 1;
            }
    }
    if (!woke)
        return;
    x->n_live = 0;
    for (size_t i = 0; i < c->n_loans; i++)
        if (!x->w[i].dormant)
            x->live[x->n_live++] = &x->w[i];
}

static owed_status run(replay_ctx *x, owed_date until)
{
    const owed_case *c = x->c;
    if (c->n_loans == 0)
        return OWED_OK;
    owed_date start = owed_case_first_day(c, until + 1);
    size_t ev = 0;
    x->live = x->r->store->live;
    x->n_live = c->n_loans;
    for (size_t i = 0; i < c->n_loans; i++)
        x->live[i] = &x->w[i];
    for (owed_date day = start; day <= until; day++) {
        size_t day_end = ev;
        while (day_end < c->n_events && c->events[day_end].date == day)
            day_end++;
        if (day_end > ev)
            wake_loans(x, ev, day_end);
        for (size_t k = 0; k < x->n_live; k++) {
            loan_work *lw = x->live[k];
            const owed_loan *L = lw->loan;
            /* deliver's first test, inline: most days deliver nothing */
            if (lw->disb_next < L->n_disbursements &&
                L->disbursements[lw->disb_next].date == day && deliver(x, lw, day))
                return OWED_E_NOMEM;
        }
        for (size_t k = ev; k < day_end; k++) {
            const owed_event *e = &c->events[k];
            if (e->kind != OWED_EV_EXTENSION)
                continue;
            if (flush_loan(x, &x->w[e->loan], day))
                return OWED_E_NOMEM;
            x->event = (long)k; /* set after flushing: accruals belong to no event */
            if (extend(x, e))
                return OWED_E_NOMEM;
            x->event = -1;
        }
        for (size_t k = 0; k < x->n_live; k++) {
            loan_work *lw = x->live[k];
            if (day_charges(x, lw, day) || day_boundaries(x, lw, day) ||
                (lw->counts_both_ends && may_accrue(lw) &&
                 accrue_rates(x, lw, day, OWED_COUNT_BOTH_ENDS)))
                return OWED_E_NOMEM;
        }
        for (size_t k = ev; k < day_end; k++) {
            const owed_event *e = &c->events[k];
            /* a payment is an event of the loan it names, or of every loan when it names
               none (it is split across them): their accruals are posted first */
            if (e->kind == OWED_EV_PAYMENT &&
                (e->loan >= 0 ? flush_loan(x, &x->w[e->loan], day) : flush_all(x, day)))
                return OWED_E_NOMEM;
            if (e->kind == OWED_EV_CHARGE && flush_loan(x, &x->w[e->loan], day))
                return OWED_E_NOMEM;
            x->event = (long)k; /* set after flushing: accruals belong to no event */
            if (e->kind == OWED_EV_CHARGE) {
                loan_work *lw = &x->w[e->loan];
                if (
                    post(x, lw, day, day, day, OWED_POST_CHARGE, e->component, e->amount,
                         e->label, e->line))
                    return OWED_E_NOMEM;
            } else if (e->kind == OWED_EV_PAYMENT) {
                if (apply_payment(x, e))
                    return OWED_E_NOMEM;
            }
            x->event = -1;
        }
        ev = day_end;
        for (size_t k = 0; k < x->n_live; k++)
            if (x->live[k]->late_once_left > 0 && /* late_fees_once's first test */
                late_fees_once(x, x->live[k], day))
                return OWED_E_NOMEM;
        answer_samples(x, day);
        if (day == until)
            break;
        if (accrue_and_rest(x, day))
            return OWED_E_NOMEM;
        day = plain_days(x, day, ev, until) - 1; /* the loop's day++ makes it the next */
    }
    return flush_all(x, until) ? OWED_E_NOMEM : OWED_OK;
}

owed_status owed_contract_replay(const owed_case *c, owed_date until, owed_replay **out,
                                 owed_error *err)
{
    return owed_contract_replay_sampled(c, until, NULL, 0, out, err);
}

owed_status owed_contract_replay_sampled(const owed_case *c, owed_date until,
                                         const owed_sample_request *req, size_t n_req,
                                         owed_replay **out, owed_error *err)
{
    return owed_contract_replay_parts(c, until, req, n_req, OWED_REPLAY_ALL, out, err);
}

/* Empties a run for a new replay; its values stay made (acc is 0 again; the others are
 * read only once written anew: stream_add, stream_mark, accrue_rate). */
static void stream_reset(stream *s)
{
    owed_q_zero(s->acc);
    s->day_year = -1;
    s->last_fits = 0;
    s->rate_year = -1; /* the run may be another loan's */
    s->n = 0;
    s->active = 0;
    s->before_due = 0;
    s->from = 0;
    s->through = 0;
}

static void work_init(loan_work *lw)
{
    stream_init(&lw->interest);
    stream_init(&lw->penalty);
    owed_q_init(lw->interest_before_due);
    owed_q_init(lw->interest_paid);
}

static void work_clear(loan_work *lw)
{
    stream_clear(&lw->interest);
    stream_clear(&lw->penalty);
    mpq_clears(lw->interest_before_due, lw->interest_paid, NULL);
}

/* Loan i's working state for a new replay, as a zeroed loan_work with its values 0. */
static void work_reset(loan_work *lw, const owed_loan *L, owed_loan_result *res, size_t i)
{
    lw->loan = L;
    lw->res = res;
    lw->index = i;
    lw->disb_next = 0;
    lw->started = 0;
    lw->pending = 0;
    lw->first_day = 0;
    lw->maturity_done = 0;
    lw->plain_interest = lw->plain_penalty = 0;
    lw->burden_known = 0;
    lw->dens_small = 1; /* every denominator 1 (replay_into: 0 when that is too many) */
    lw->interest_tracked = L->overdue.on == OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST;
    lw->dormant = 0;
    lw->has_maturity_fees = lw->has_period_fees = lw->has_daily_fees = 0;
    for (size_t k = 0; k < L->n_fees; k++) {
        lw->has_maturity_fees |= L->fees[k].at == OWED_FEE_MATURITY;
        lw->has_period_fees |= L->fees[k].at == OWED_FEE_PER_PERIOD;
        lw->has_daily_fees |= L->fees[k].at == OWED_FEE_PER_DAY;
    }
    lw->late_once_left = 0;
    for (size_t k = 0; k < L->n_late_fees; k++) {
        lw->has_daily_fees |= L->late_fees[k].daily;
        lw->late_once_left += !L->late_fees[k].daily;
    }
    lw->counts_both_ends =
        (L->interest.present && L->interest.conv.count == OWED_COUNT_BOTH_ENDS) ||
        (L->overdue.present && L->overdue.conv.count == OWED_COUNT_BOTH_ENDS);
    stream_reset(&lw->interest);
    stream_reset(&lw->penalty);
    owed_q_zero(lw->interest_before_due);
    owed_q_zero(lw->interest_paid);
}

/* A loan's figures 0 again, for a new replay (views of 0 stay views; values of their own
 * keep their storage). */
static void result_reset(owed_loan_result *l)
{
    owed_q_zero(l->delivered);
    owed_q_zero(l->overpaid);
    owed_q_zero(l->total);
    owed_q_zero(l->withheld);
    owed_q_zero(l->interest_withheld);
    for (int k = 0; k < OWED_COMP_COUNT; k++) {
        owed_q_zero(l->paid[k]);
        owed_q_zero(l->balance[k]);
        owed_q_zero(l->charged[k]);
    }
    l->due = 0;
    l->extensions = 0;
}

/* Grows the arrays *a (of *cap items of `size` bytes, the first *cap made) to hold n,
 * making the new ones with `make`.  0, or -1 when memory runs out (*a as it was). */
static int grow(void **a, size_t *cap, size_t n, size_t size, void (*make)(void *))
{
    if (n <= *cap)
        return 0;
    unsigned char *p = owed_mem_realloc(*a, n * size);
    if (p == NULL)
        return -1;
    *a = p;
    if (make != NULL)
        for (size_t k = *cap; k < n; k++)
            make(p + k * size);
    *cap = n;
    return 0;
}

static void make_work(void *p)
{
    work_init(p);
}

static void make_stream(void *p)
{
    stream_init(p);
}

static void make_result(void *p)
{
    result_init(p);
}

static void make_sample(void *p)
{
    mpq_t *q = p;
    for (int m = 0; m < OWED_COMP_COUNT; m++)
        owed_q_init(q[m]);
}

/* Whether r was made with the allocator of the calling thread's scope. */
static int made_here(const owed_replay *r)
{
    owed_allocator now;
    owed_mem_record(&now);
    const owed_allocator *was = &r->store->mem;
    return now.malloc_fn == was->malloc_fn && now.realloc_fn == was->realloc_fn &&
           now.free_fn == was->free_fn && now.ud == was->ud;
}

/* A new replay with an empty store, or NULL when memory runs out. */
static owed_replay *replay_new(void)
{
    owed_replay *r = owed_mem_calloc(1, sizeof *r);
    struct owed_replay_store *st = owed_mem_calloc(1, sizeof *st);
    if (r == NULL || st == NULL) {
        owed_mem_free(r);
        owed_mem_free(st);
        return NULL;
    }
    owed_ledger_init(&r->ledger);
    for (int k = 0; k < SCRATCH_COUNT; k++)
        owed_q_init(st->scratch[k]);
    owed_mem_record(&st->mem);
    r->store = st;
    return r;
}

/* Readies r (new, or made by an earlier replay) for a replay of c with n_req samples:
 * every array with room, every figure 0.  0, or -1 when memory runs out (r still whole:
 * owed_replay_free frees it). */
static int replay_ready(owed_replay *r, const owed_case *c, size_t n_req)
{
    struct owed_replay_store *st = r->store;
    size_t all_fees = 0, all_late = 0;
    for (size_t i = 0; i < c->n_loans; i++) {
        all_fees += c->loans[i].n_fees;
        all_late += c->loans[i].n_late_fees;
    }
    size_t late_was = st->late_cap;
    void *loans = r->loans, *samples = r->samples, *w = st->w;
    void *fee_runs = st->fee_runs, *late_runs = st->late_runs;
    int rc = grow(&loans, &st->loans_cap, c->n_loans, sizeof *r->loans, make_result);
    r->loans = loans;
    if (rc == 0)
        rc = grow(&samples, &st->samples_cap, n_req, sizeof *r->samples, make_sample);
    r->samples = samples;
    if (rc == 0)
        rc = grow(&w, &st->w_cap, c->n_loans, sizeof *st->w, make_work);
    st->w = w;
    if (rc == 0)
        rc = grow(&fee_runs, &st->fee_cap, all_fees, sizeof *st->fee_runs, make_stream);
    st->fee_runs = fee_runs;
    if (rc == 0)
        rc = grow(&late_runs, &st->late_cap, all_late, sizeof *st->late_runs, make_stream);
    st->late_runs = late_runs;
    void *live = st->live;
    if (rc == 0)
        rc = grow(&live, &st->live_cap, c->n_loans, sizeof *st->live, NULL);
    st->live = live;
    if (rc == 0 && st->late_cap > late_was) {
        int *flags = owed_mem_realloc(st->late_flags, st->late_cap * sizeof *flags);
        if (flags == NULL) {
            rc = -1;
        } else {
            st->late_flags = flags;
        }
    }
    if (rc != 0) {
        r->n_loans = 0; /* the results made are freed by their room (loans_cap) */
        r->n_samples = 0;
        return -1;
    }
    r->kase = c;
    r->n_loans = c->n_loans;
    r->n_samples = n_req;
    for (size_t k = 0; k < n_req; k++)
        for (int m = 0; m < OWED_COMP_COUNT; m++)
            owed_q_zero(r->samples[k][m]);
    if (all_late > 0)
        memset(st->late_flags, 0, all_late * sizeof *st->late_flags);
    for (size_t i = 0, fee_at = 0, late_at = 0; i < c->n_loans; i++) {
        const owed_loan *L = &c->loans[i];
        loan_work *lw = &st->w[i];
        result_reset(&r->loans[i]);
        r->loans[i].due = L->due;
        work_reset(lw, L, &r->loans[i], i);
        lw->daily_fee = st->fee_runs + fee_at;
        lw->daily_late = st->late_runs + late_at;
        lw->late_once_done = st->late_flags + late_at;
        fee_at += L->n_fees;
        late_at += L->n_late_fees;
        for (size_t k = 0; k < L->n_fees; k++)
            stream_reset(&lw->daily_fee[k]);
        for (size_t k = 0; k < L->n_late_fees; k++)
            stream_reset(&lw->daily_late[k]);
    }
    owed_ledger_reuse(&r->ledger);
    return 0;
}

owed_status owed_contract_replay_parts(const owed_case *c, owed_date until,
                                       const owed_sample_request *req, size_t n_req,
                                       unsigned keep, owed_replay **out, owed_error *err)
{
    *out = NULL;
    return owed_contract_replay_into(out, c, until, req, n_req, keep, err);
}

owed_status owed_contract_replay_into(owed_replay **into, const owed_case *c, owed_date until,
                                      const owed_sample_request *req, size_t n_req,
                                      unsigned keep, owed_error *err)
{
    int balances = (keep & OWED_REPLAY_BALANCES) != 0;
    int charges = (keep & OWED_REPLAY_CHARGES) != 0;
    owed_replay *r = *into;
    *into = NULL;
    /* the replay walks each day from the first disbursement to `until` */
    owed_status span = owed_limit_check_span(c, until, err);
    if (span != OWED_OK) {
        owed_replay_free(r);
        return span;
    }
    if (r != NULL && !made_here(r)) { /* made with another allocator: not reused */
        owed_replay_free(r);
        r = NULL;
    }
    if (r == NULL && (r = replay_new()) == NULL)
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    if (replay_ready(r, c, n_req) != 0) {
        owed_replay_free(r);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    struct owed_replay_store *store = r->store;
    r->until = until;
    r->ledger.without_balances = !balances;
    r->without_charges = !charges;
    replay_ctx x = {.c = c, .r = r, .w = store->w, .err = err, .event = -1, .req = req,
                    .n_req = n_req, .max_digits = owed_limit_get(OWED_LIMIT_EXACT_DIGITS, 0),
                    .running_total = balances, .charges = charges};
    x.small_den_limbs = small_den_limbs(x.max_digits);
    /* the scratch values live in the store between replays (their storage kept) */
    mpq_ptr scratch[SCRATCH_COUNT] = {x.t1, x.t2, x.base, x.amount, x.fees, x.tmp, x.left,
                                      x.before, x.delivered_all, x.named, x.sum};
    for (int k = 0; k < SCRATCH_COUNT; k++)
        *scratch[k] = store->scratch[k][0];
    owed_status st = run(&x, until);
    if (st != OWED_OK && x.failure != OWED_OK)
        st = x.failure;
    /* without the ledger's balances, nothing read the totals as they changed: each is made
       once, from its components */
    for (size_t i = 0; st == OWED_OK && !balances && i < c->n_loans; i++) {
        q_own(r->loans[i].total);
        loan_total_of_components(r->loans[i].total, &r->loans[i]);
    }
    /* the statement's per-loan parts walk each loan's postings (an index is only speed); a
       loan alone has every posting, each the next one read */
    if (st == OWED_OK && c->n_loans > 1)
        (void)owed_ledger_index(&r->ledger, c->n_loans);
    for (int k = 0; k < SCRATCH_COUNT; k++)
        store->scratch[k][0] = *scratch[k];
    if (st != OWED_OK) {
        if (err && err->code == OWED_OK)
            owed_error_set(err, st, c->file, 0, _("out of memory"));
        owed_replay_free(r);
        return st;
    }
    *into = r;
    return OWED_OK;
}

/* Frees r in the calling thread's scope. */
static void replay_free(owed_replay *r)
{
    struct owed_replay_store *st = r->store;
    /* every result, sample and run the arrays have room for is made (replay_ready) */
    for (size_t i = 0; i < st->loans_cap; i++)
        result_clear(&r->loans[i]);
    owed_mem_free(r->loans);
    owed_ledger_clear(&r->ledger);
    for (size_t k = 0; k < st->samples_cap; k++)
        for (int m = 0; m < OWED_COMP_COUNT; m++)
            mpq_clear(r->samples[k][m]);
    owed_mem_free(r->samples);
    for (size_t i = 0; i < st->w_cap; i++)
        work_clear(&st->w[i]);
    owed_mem_free(st->w);
    for (size_t k = 0; k < st->fee_cap; k++)
        stream_clear(&st->fee_runs[k]);
    owed_mem_free(st->fee_runs);
    for (size_t k = 0; k < st->late_cap; k++)
        stream_clear(&st->late_runs[k]);
    owed_mem_free(st->late_runs);
    owed_mem_free(st->late_flags);
    owed_mem_free(st->live);
    for (int k = 0; k < SCRATCH_COUNT; k++)
        mpq_clear(st->scratch[k]);
    owed_day_rates_clear(&st->day_rates);
    if (st->have_split)
        owed_split_clear(&st->split);
    owed_mem_free(st);
    owed_mem_free(r);
}

void owed_replay_free(owed_replay *r)
{
    if (r == NULL)
        return;
    owed_allocator mem = r->store->mem; /* a copy: it outlives r */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    replay_free(r);
    owed_mem_scope_leave(previous);
}

owed_status owed_replay_check_conservation(const owed_replay *r, owed_error *err)
{
    const char *file = r->kase->file;
    owed_status st = OWED_OK;
    mpq_t *running = owed_mem_calloc(r->n_loans ? r->n_loans : 1, sizeof *running);
    if (running == NULL)
        return owed_error_set(err, OWED_E_NOMEM, file, 0, _("out of memory"));
    for (size_t i = 0; i < r->n_loans; i++)
        mpq_init(running[i]);
    for (size_t k = 0; k < r->ledger.n && st == OWED_OK; k++) {
        const owed_posting *p = &r->ledger.items[k];
        owed_q_add_to(running[p->loan], p->amount);
        if (!r->ledger.without_balances && !mpq_equal(running[p->loan], p->balance))
            st = owed_error_set(err, OWED_E_SEMANTIC, file, p->line,
                                "posting %zu of loan %s: balance is not the sum of postings", k,
                                r->kase->loans[p->loan].id);
    }
    mpq_t sum, total;
    mpq_inits(sum, total, NULL);
    for (size_t i = 0; i < r->n_loans && st == OWED_OK; i++) {
        const owed_loan_result *l = &r->loans[i];
        owed_loan_charges(sum, l);
        owed_q_add_to(sum, l->delivered);
        for (int c = 0; c < OWED_COMP_COUNT; c++)
            owed_q_sub_from(sum, l->paid[c]);
        owed_q_sub_from(sum, l->interest_withheld);
        owed_q_sub_from(sum, l->overpaid);
        owed_loan_total(total, l);
        if (!mpq_equal(sum, total) || !mpq_equal(total, running[i]))
            st = owed_error_set(err, OWED_E_SEMANTIC, file, r->kase->loans[i].line,
                                "loan %s: delivered + charges - payments != balance",
                                r->kase->loans[i].id);
    }
    mpq_clears(sum, total, NULL);
    for (size_t i = 0; i < r->n_loans; i++)
        mpq_clear(running[i]);
    owed_mem_free(running);
    return st;
}
