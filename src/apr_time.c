/* Time measures: how each method turns dated flows into the terms of its equation.
 *
 *   xirr   days from the first flow, over 365.
 *   eu/uk  Directive 2008/48 Annex I remark (c) with the Commission guidance SWD(2012)128
 *          4.1.1 (the sub-rules also written in Directive 2014/17 Annex I and MCOB
 *          10A.2.3R(3)(b)): whole periods counted back from the flow to the first drawdown,
 *          then the remaining days (first day excluded, last included) over the days of the
 *          complete year counted back from the end of those days (365 or 366).
 *   regz   12 CFR 1026 Appendix J (b)(3)-(b)(5).
 *   pboc   whole periods from the first flow.
 * Months: a month runs from a day to the same day of another month, the day clipped to the
 * month's length (a 30th falls on the last day of February, Appendix J (b)(3)(iv)); when both
 * ends are the last days of their months the count runs last day to last day.
 *
 * Building keeps numbers only: the times as fractions of integers, the net amounts as limbs in
 * one block, and what the descriptions need; apr_built_measure and apr_built_term_text write
 * the text when (and if) it is asked for, so that a rate computed for its value costs no
 * formatting. */
#include <config.h>

#include "apr_impl.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

/* w and exact_rate stay read-only views of 0 until a method that uses them makes them
 * (built_numbers: the nominal ones, pboc-compound, simple); setting them here cost two
 * numbers made and cleared per rate.  raw_inline is not cleared: written before read. */
void apr_built_init(apr_built *b)
{
    memset(b, 0, offsetof(apr_built, measure));
    b->measure[0] = '\0';
    apr_q_view_zero(b->w);
    apr_q_view_zero(b->exact_rate);
}

/* w and exact_rate as numbers of their own (0), for a method that writes them. */
static void built_numbers(apr_built *b)
{
    if (!b->numbers_owned) {
        mpq_init(b->w);
        mpq_init(b->exact_rate);
        b->numbers_owned = 1;
    }
}

void apr_built_release(apr_built *b)
{
    if (b->raw != (apr_raw_term *)b->raw_inline)
        owed_mem_free(b->raw); /* and b->limbs, which follow the terms in its block */
    if (b->text != NULL)
        owed_mem_free(b->text);
    if (b->numbers_owned) {
        mpq_clear(b->w);
        mpq_clear(b->exact_rate);
    }
}

void apr_built_clear(apr_built *b)
{
    apr_built_release(b);
    apr_built_init(b);
}

mpq_srcptr apr_built_amount(mpq_ptr view, const apr_built *b, size_t i)
{
    const apr_raw_term *r = &b->raw[i];
    /* two read-only mpz views (GMP's mpz_roinit_n) of the limbs, copied into view's fields */
    apr_z_view(mpq_numref(view), b->limbs + r->off, r->sign < 0 ? -r->num_n : r->num_n);
    apr_z_view(mpq_denref(view), b->limbs + r->off + r->num_n, r->den_n);
    return view;
}

/* ---- calendar helpers ------------------------------------------------------------------- */

static int is_last_day(owed_date d)
{
    int y, m, dd;
    owed_date_to_ymd(d, &y, &m, &dd);
    return dd == owed_days_in_month(y, m);
}

/* d moved by k months (k < 0: back); the day clipped to the month, or the last day of the
 * month when end_mode.  Dates are in 1..9999, but counting back from year 1 reaches the
 * proleptic year 0 (a leap year, 366 days): it is computed, never clamped into year 1,
 * which made the year counted back from 0001-01-31 zero days long (a division by zero) and
 * from 0001-03-01 59 days (a wrong rate).  Callers never go back more than a year before
 * the first flow, so year 0 is the lowest reached; the clamps are only a safety net. */
static owed_date add_months(owed_date d, long k, int end_mode)
{
    int y, m, dd;
    owed_date_to_ymd(d, &y, &m, &dd);
    long mm = (long)y * 12 + (m - 1) + k;
    if (mm < 0)
        mm = 0; /* year 0, month 1: unreachable (see above) */
    if (mm > 9999L * 12 + 11)
        mm = 9999L * 12 + 11;
    int ny = (int)(mm / 12), nm = (int)(mm % 12) + 1;
    int dim = owed_days_in_month(ny, nm);
    int nd = end_mode || dd > dim ? dim : dd;
    return owed_date_from_ymd(ny, nm, nd);
}

/* k >= 1 when b is exactly k whole months after a (clipped day, or last day to last day),
 * else 0. */
static long whole_months_between(owed_date a, owed_date b)
{
    if (b <= a)
        return 0;
    int ya, ma, da, yb, mb, db;
    owed_date_to_ymd(a, &ya, &ma, &da);
    owed_date_to_ymd(b, &yb, &mb, &db);
    long k = ((long)yb - ya) * 12 + (mb - ma);
    if (k < 1)
        return 0;
    if (add_months(a, k, 0) == b || (is_last_day(a) && is_last_day(b)))
        return k;
    return 0;
}

/* b is one semimonth after a: the 1st and 16th, the 15th and the last day, or in general
 * days d and d + 15 of a month, and from the second half to the first of the next month. */
static int is_semimonth(owed_date a, owed_date b)
{
    long days = (long)b - a;
    if (days < 13 || days > 16)
        return 0;
    int ya, ma, da, yb, mb, db;
    owed_date_to_ymd(a, &ya, &ma, &da);
    owed_date_to_ymd(b, &yb, &mb, &db);
    int same = ya == yb && ma == mb;
    if (same)
        return db == da + 15 || (is_last_day(b) && da + 15 > db);
    int next = (yb == ya && mb == ma + 1) || (yb == ya + 1 && ma == 12 && mb == 1);
    if (!next)
        return 0;
    return (da > 15 && db == da - 15) || (is_last_day(a) && db <= 15 && db >= da - 15);
}

/* Months from a's month to b's month (b - a in calendar months, may be negative). */
static long month_diff(owed_date a, owed_date b)
{
    int ya, ma, da, yb, mb, db;
    owed_date_to_ymd(a, &ya, &ma, &da);
    owed_date_to_ymd(b, &yb, &mb, &db);
    return ((long)yb - ya) * 12 + (mb - ma);
}

/* The largest k >= 0 with add_months(later, -k * step) >= earlier (later >= earlier): whole
 * periods of `step` months counted back from `later`. */
static long whole_back(owed_date earlier, owed_date later, long step, int end_mode)
{
    long k = month_diff(earlier, later) / step + 1;
    while (k > 0 && add_months(later, -k * step, end_mode) < earlier)
        k--;
    return k;
}

/* ---- flows by date ---------------------------------------------------------------------- */

/* A date and its net amount: the flow's own amount (owed by the flows) when the date has one
 * flow, else a sum owned by the `dated_set`.  Lives only while the equation is built. */
typedef struct dated {
    owed_date date;
    mpq_srcptr amount;
} dated;

/* The net amount of a date with several flows: q is a read-only view of w when the sum was
 * made in words (sum_in_words), else a number of its own (owned: cleared by dated_free). */
typedef struct dated_sum {
    mpq_t q;
    int owned;
    mp_limb_t w[3]; /* the numerator's two limbs, the denominator's one */
} dated_sum;

/* The first DATED_INLINE dates and DATED_SUMS_INLINE sums are kept in the set itself (a local
 * of apr_time_build): a loan's flows mostly fit, and then merging them allocates nothing. */
enum { DATED_INLINE = 16, DATED_SUMS_INLINE = 8 };

typedef struct dated_set {
    dated *v;
    size_t n;
    dated_sum *sums;  /* the net amounts of dates with several flows */
    size_t nsums;
    dated v_inline[DATED_INLINE];
    dated_sum sums_inline[DATED_SUMS_INLINE];
} dated_set;

static int dated_cmp(const void *x, const void *y)
{
    const dated *a = x, *b = y;
    return a->date < b->date ? -1 : a->date > b->date;
}

#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
static uint64_t gcd_u64(uint64_t a, uint64_t b) /* b > 0 */
{
    if (a == 0)
        return b;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    do {
        b >>= __builtin_ctzll(b);
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b != 0);
    return a << shift;
}

/* The sum of the amounts of v[i .. j) into s as a read-only view of s->w, in lowest terms,
 * computed in 128-bit integers: every numerator and denominator of one word, the common
 * denominator kept in a word (their lcm, step by step, as mpq_add forms it), the numerator in
 * 127 bits, reduced once at the end.  1 when done; 0 when something does not fit (s not
 * written). */
static int sum_in_words(dated_sum *s, const dated *v, size_t i, size_t j)
{
    __int128 N = 0;
    uint64_t D = 1;
    for (size_t k = i; k < j; k++) {
        mpz_srcptr an = mpq_numref(v[k].amount), ad = mpq_denref(v[k].amount);
        if (mpz_size(an) > 1 || mpz_size(ad) != 1)
            return 0;
        uint64_t a = mpz_getlimbn(an, 0), d = mpz_getlimbn(ad, 0);
        __int128 n = mpz_sgn(an) < 0 ? -(__int128)a : (__int128)a;
        if (k == i) { /* the first amount as it is: N / D = n / d */
            N = n;
            D = d;
            continue;
        }
        if (d == D) {
            if (__builtin_add_overflow(N, n, &N))
                return 0;
            continue;
        }
        /* gcd(d, D): one of them mostly divides the other (cents' 100 and its divisors) */
        uint64_t g = D % d == 0 ? d : d % D == 0 ? D : gcd_u64(d, D), dg = d / g;
        int64_t s1, s2; /* N dg and n D / g in a word each when they fit (amounts in cents) */
        if (N >= INT64_MIN && N <= INT64_MAX && a <= (uint64_t)INT64_MAX &&
            dg <= (uint64_t)INT64_MAX && D / g <= (uint64_t)INT64_MAX &&
            !__builtin_mul_overflow((int64_t)N, (int64_t)dg, &s1) &&
            !__builtin_mul_overflow((int64_t)n, (int64_t)(D / g), &s2)) {
            N = (__int128)s1 + s2; /* |N| < 2^64: no overflow */
            if (__builtin_mul_overflow(D, dg, &D))
                return 0;
            continue;
        }
        __int128 t1, t2;
        if (__builtin_mul_overflow(N, (__int128)dg, &t1) ||
            __builtin_mul_overflow(n, (__int128)(D / g), &t2) ||
            __builtin_add_overflow(t1, t2, &N) || __builtin_mul_overflow(D, dg, &D))
            return 0;
    }
    unsigned __int128 m = N < 0 ? -(unsigned __int128)N : (unsigned __int128)N;
    if ((uint64_t)(m >> 64) == 0) { /* the usual sum, of one word: divided on words */
        uint64_t m64 = (uint64_t)m, g = gcd_u64(m64 % D, D); /* gcd(m, D); D when m is 0 */
        m = m64 / g;
        D /= g;
    } else {
        uint64_t g = gcd_u64((uint64_t)(m % D), D);
        m /= g;
        D /= g;
    }
    s->w[0] = (mp_limb_t)m;
    s->w[1] = (mp_limb_t)(m >> 64);
    s->w[2] = D;
    mp_size_t ln = s->w[1] ? 2 : s->w[0] ? 1 : 0;
    apr_z_view(mpq_numref(s->q), s->w, N < 0 ? -ln : ln);
    apr_z_view(mpq_denref(s->q), s->w + 2, 1);
    return 1;
}
#else
static int sum_in_words(dated_sum *s, const dated *v, size_t i, size_t j)
{
    (void)s, (void)v, (void)i, (void)j;
    return 0;
}
#endif

/* The net amount of the flows v[i .. j) of one date (j - i > 1), a sum of out's next room
 * (out->sums has it): made in words when they fit (sum_in_words), else with GMP. */
static mpq_srcptr sum_group(dated_set *out, const dated *v, size_t i, size_t j)
{
    dated_sum *ds = &out->sums[out->nsums++];
    ds->owned = 0;
    if (sum_in_words(ds, v, i, j))
        return ds->q;
    mpq_ptr s = ds->q;
    mpq_init(s);
    ds->owned = 1;
    mpq_set(s, v[i].amount);
    /* The amounts over the sum's denominator (cents most often) added by their numerators,
     * the sum reduced only before an amount over another denominator is added with mpq_add
     * (whose inputs are in lowest terms) and at the end: the same sum in lowest terms as
     * mpq_add at each step.  mpq_add divides out the denominators' gcd first, where
     * multiplying them and reducing the product cost several times as much for the wide
     * denominators of accrued amounts. */
    mpz_ptr sn = mpq_numref(s), sd = mpq_denref(s);
    int reduced = 1;
    for (size_t k = i + 1; k < j; k++) {
        mpz_srcptr an = mpq_numref(v[k].amount), ad = mpq_denref(v[k].amount);
        if (mpz_cmp(sd, ad) == 0) {
            mpz_add(sn, sn, an);
            reduced = mpz_cmp_ui(sd, 1) == 0;
        } else {
            if (!reduced)
                mpq_canonicalize(s);
            mpq_add(s, s, v[k].amount);
            reduced = 1;
        }
    }
    if (!reduced)
        mpq_canonicalize(s);
    return s;
}

/* The sums out owns cleared, none left. */
static void sums_drop(dated_set *out)
{
    for (size_t i = 0; i < out->nsums; i++)
        if (out->sums[i].owned)
            mpq_clear(out->sums[i].q);
    out->nsums = 0;
}

/* The flows summed per date, in date order.  Dates whose amounts are zero or cancel are
 * left out: they carry no weight in the equation, and kept they would still move what the
 * time measures count from (the first drawdown of EU/UK, the unit-period and the start of
 * Reg Z, the periods of PBoC), so that a flow of 0 changed the rate.  Nothing is copied but
 * the sums of dates with several flows. */
static owed_status merge_dates(dated_set *out, const owed_apr_flows *flows, owed_error *err)
{
    const owed_date *dates;
    const mpq_t *amounts;
    size_t n = apr_flows_arrays(flows, &dates, &amounts);
    out->v = NULL; /* the inline arrays are not cleared: written before they are read */
    out->n = 0;
    out->sums = NULL;
    out->nsums = 0;
    dated *v = n <= DATED_INLINE ? out->v_inline : owed_mem_alloc(n * sizeof *v);
    if (v == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    if (n <= 2 * DATED_SUMS_INLINE) {
        /* Flows in date order (the usual): merged in one pass as they are read, only the
         * flows of a date with several copied (for sum_group), the dates written to v[m] at
         * or before the flows read.  Out of order: the sums dropped, the way below. */
        out->sums = out->sums_inline; /* n / 2 groups at most */
        size_t m = 0, i = 0;
        while (i < n) {
            size_t j = i + 1;
            while (j < n && dates[j] == dates[i])
                j++;
            if (j < n && dates[j] < dates[i])
                break;
            dated d = {dates[i], amounts[i]};
            if (j - i > 1) {
                for (size_t k = i; k < j; k++) {
                    v[k].date = dates[k];
                    v[k].amount = amounts[k];
                }
                d.amount = sum_group(out, v, i, j);
            }
            if (mpq_sgn(d.amount) != 0)
                v[m++] = d;
            i = j;
        }
        if (i == n) {
            out->v = v;
            out->n = m;
            return OWED_OK;
        }
        sums_drop(out);
    }
    int sorted = 1;
    for (size_t i = 0; i < n; i++) {
        v[i].date = dates[i];
        v[i].amount = amounts[i];
        if (i > 0 && v[i].date < v[i - 1].date)
            sorted = 0;
    }
    /* equal dates are summed, so their order does not matter */
    if (!sorted)
        qsort(v, n, sizeof *v, dated_cmp);
    /* a group has two dates at least: n / 2 of them fit the inline sums without counting */
    size_t groups = 0;
    if (n <= 2 * DATED_SUMS_INLINE)
        out->sums = out->sums_inline;
    else
        for (size_t i = 1; i < n; i++)
            if (v[i].date == v[i - 1].date && (i < 2 || v[i - 1].date != v[i - 2].date))
                groups++;
    if (groups > 0) {
        out->sums = groups <= DATED_SUMS_INLINE ? out->sums_inline
                                                : owed_mem_alloc(groups * sizeof *out->sums);
        if (out->sums == NULL) {
            if (v != out->v_inline)
                owed_mem_free(v);
            return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].date == v[i].date)
            j++;
        dated d = v[i];
        if (j - i > 1)
            d.amount = sum_group(out, v, i, j);
        if (mpq_sgn(d.amount) != 0)
            v[m++] = d;
        i = j;
    }
    out->v = v;
    out->n = m;
    return OWED_OK;
}

static inline void dated_free(dated_set *d)
{
    sums_drop(d);
    if (d->sums != d->sums_inline)
        owed_mem_free(d->sums);
    if (d->v != d->v_inline)
        owed_mem_free(d->v);
    d->v = NULL;
    d->sums = NULL;
    d->n = 0;
}

/* The terms of the n dates of v, cleared, and after them in the same block room for the
 * dates' net amounts (b->limbs, written by store_amounts): one allocation for both. */
static owed_status alloc_raw(apr_built *b, const dated *v, size_t n, owed_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += mpz_size(mpq_numref(v[i].amount)) + mpz_size(mpq_denref(v[i].amount));
    size_t nn = n ? n : 1;
    _Static_assert(sizeof(apr_raw_term) % sizeof(mp_limb_t) == 0, "the limbs are aligned");
    size_t bytes = nn * sizeof *b->raw + (total ? total : 1) * sizeof *b->limbs;
    _Static_assert(_Alignof(apr_raw_term) <= 16, "raw_inline is aligned for the terms");
    b->raw = bytes <= sizeof b->raw_inline ? (apr_raw_term *)b->raw_inline : owed_mem_alloc(bytes);
    if (b->raw == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    memset(b->raw, 0, nn * sizeof *b->raw);
    b->limbs = (mp_limb_t *)(b->raw + nn);
    b->n = n;
    return OWED_OK;
}

/* Copies the net amounts of the dates into b->limbs (made by alloc_raw for the same v). */
static void store_amounts(apr_built *b, const dated *v, size_t n)
{
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        apr_raw_term *r = &b->raw[i];
        mpz_srcptr num = mpq_numref(v[i].amount), den = mpq_denref(v[i].amount);
        r->sign = mpz_sgn(num);
        r->num_n = (mp_size_t)mpz_size(num);
        r->den_n = (mp_size_t)mpz_size(den);
        r->off = off;
        /* a limb or two each: copied in loops, cheaper than memcpy's calls, and a limb over a
         * limb (the most common) in two stores (read through the fields, as apr_z_view
         * writes) */
        mp_limb_t *to = b->limbs + off;
        if (r->num_n == 1 && r->den_n == 1) {
            to[0] = num->_mp_d[0];
            to[1] = den->_mp_d[0];
        } else {
            const mp_limb_t *from = num->_mp_d;
            for (mp_size_t k = 0; k < r->num_n; k++)
                to[k] = from[k];
            to += r->num_n;
            from = den->_mp_d;
            for (mp_size_t k = 0; k < r->den_n; k++)
                to[k] = from[k];
        }
        off += (size_t)(r->num_n + r->den_n);
    }
}

static unsigned long gcd_ul(unsigned long a, unsigned long b)
{
    while (b) {
        unsigned long r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static unsigned long lcm_ul(unsigned long a, unsigned long b)
{
    return a / gcd_ul(a, b) * b;
}

/* r->time = num / den (den > 0), in lowest terms. */
static void set_time(apr_raw_term *r, unsigned long num, unsigned long den)
{
    unsigned long g = gcd_ul(num, den);
    r->tnum = num / g;
    r->tden = den / g;
}

/* Sets expo = time * D for every raw term, D the least common denominator of the times
 * (compound methods). */
static owed_status compound_exponents(apr_built *b, owed_error *err)
{
    unsigned long D = 1;
    for (size_t i = 0; i < b->n; i++) {
        D = lcm_ul(D, b->raw[i].tden);
        if (D > 1000000000UL)
            return owed_error_set(err, OWED_E_LIMIT, NULL, 0, _("time measure out of range"));
    }
    for (size_t i = 0; i < b->n; i++) {
        unsigned long f = D / b->raw[i].tden; /* exact: tden divides D */
        if (b->raw[i].tnum > ULONG_MAX / f)
            return owed_error_set(err, OWED_E_LIMIT, NULL, 0, _("time measure out of range"));
        b->raw[i].expo = b->raw[i].tnum * f;
    }
    b->D = D;
    b->nominal = 0;
    return OWED_OK;
}

/* ---- EU / UK ---------------------------------------------------------------------------- */

owed_status owed_apr_eu_interval_of(owed_apr_eu_interval *out, owed_date from, owed_date to,
                                    owed_apr_period period, owed_apr_leap leap,
                                    owed_error *err)
{
    if (to < from)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a flow is dated before the first drawdown"));
    if (period != OWED_APR_PERIOD_YEAR && period != OWED_APR_PERIOD_MONTH &&
        period != OWED_APR_PERIOD_WEEK)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("the EU time measure counts years, months or weeks"));
    int end_mode = period != OWED_APR_PERIOD_WEEK && is_last_day(from) && is_last_day(to);
    long whole;
    owed_date cur;
    if (period == OWED_APR_PERIOD_WEEK) {
        whole = ((long)to - from) / 7;
        cur = to - (owed_date)(7 * whole);
    } else {
        long step = period == OWED_APR_PERIOD_YEAR ? 12 : 1;
        whole = whole_back(from, to, step, end_mode);
        cur = add_months(to, -whole * step, end_mode);
    }
    out->whole = whole;
    out->per_year = period == OWED_APR_PERIOD_WEEK ? 52 : period == OWED_APR_PERIOD_MONTH ? 12 : 1;
    out->days = (long)cur - from;
    out->year_days = 365;
    if (out->days > 0 && leap == OWED_APR_LEAP_YEAR_BACK)
        out->year_days = (unsigned)(cur - add_months(cur, -12, 0));
    return OWED_OK;
}

/* The most frequent spacing of consecutive dates, as a period (months, weeks or other). */
static owed_apr_period eu_auto_period(const dated *v, size_t n)
{
    if (n <= 2)
        return OWED_APR_PERIOD_YEAR;
    /* each spacing as +k (k whole months), -w (w whole weeks) or 0 (other) */
    long *sp = owed_mem_alloc((n - 1) * sizeof *sp);
    if (sp == NULL)
        return OWED_APR_PERIOD_YEAR;
    for (size_t i = 1; i < n; i++) {
        long k = whole_months_between(v[i - 1].date, v[i].date);
        long days = (long)v[i].date - v[i - 1].date;
        sp[i - 1] = k > 0 ? k : days % 7 == 0 ? -(days / 7) : 0;
    }
    /* the most frequent spacing (ties: the shorter); months before weeks */
    long best = 0;
    size_t bestc = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (sp[i] == 0)
            continue;
        size_t c = 0;
        for (size_t j = 0; j + 1 < n; j++)
            c += sp[j] == sp[i];
        long len = sp[i] > 0 ? 30 * sp[i] : -7 * sp[i], blen = best > 0 ? 30 * best : -7 * best;
        if (c > bestc || (c == bestc && len < blen)) {
            bestc = c;
            best = sp[i];
        }
        if (bestc * 2 > n) /* a majority: no other spacing can be more frequent */
            break;
    }
    owed_mem_free(sp);
    if (bestc < 2)
        return OWED_APR_PERIOD_YEAR;
    if (best > 0)
        return best % 12 == 0 ? OWED_APR_PERIOD_YEAR : OWED_APR_PERIOD_MONTH;
    return OWED_APR_PERIOD_WEEK;
}

static owed_status build_eu(apr_built *b, const dated *v, size_t n, const owed_apr_options *opt,
                            owed_error *err)
{
    owed_apr_period period = opt->period;
    if (period == OWED_APR_PERIOD_AUTO)
        period = eu_auto_period(v, n);
    if ((period != OWED_APR_PERIOD_YEAR && period != OWED_APR_PERIOD_MONTH &&
         period != OWED_APR_PERIOD_WEEK) ||
        opt->period_count > 1)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("the EU/UK time measure counts whole years, months or weeks "
                                "(--period=year, month or week)"));
    owed_status st = alloc_raw(b, v, n, err);
    for (size_t i = 0; i < n && st == OWED_OK; i++) {
        owed_apr_eu_interval iv;
        st = owed_apr_eu_interval_of(&iv, v[0].date, v[i].date, period, opt->leap, err);
        if (st != OWED_OK)
            break;
        apr_raw_term *r = &b->raw[i];
        r->date = v[i].date;
        /* whole / per_year + days / year_days */
        set_time(r,
                 (unsigned long)iv.whole * iv.year_days + (unsigned long)iv.days * iv.per_year,
                 (unsigned long)iv.per_year * iv.year_days);
        r->whole = iv.whole;
        r->per_year = iv.per_year;
        r->days = iv.days;
        r->year_days = iv.year_days;
    }
    if (st == OWED_OK)
        st = compound_exponents(b, err);
    b->text_kind = APR_TEXT_EU;
    b->m_kind = APR_MEASURE_EU;
    b->m_period = period;
    b->m_leap = opt->leap;
    return st;
}

/* ---- XIRR -------------------------------------------------------------------------------- */

static owed_status build_xirr(apr_built *b, const dated *v, size_t n, owed_error *err)
{
    owed_status st = alloc_raw(b, v, n, err);
    /* days / 365 in lowest terms, and D the least common denominator, as set_time and
     * compound_exponents make them: 365 = 5 x 73, both prime, so gcd(days, 365) is 5 when 5
     * divides days times 73 when 73 does, and D has the 5 (the 73) when some time's
     * denominator has it.  No remainder loops; days < 2^22 (dates in 0001..9999) keep every
     * exponent far below the limits compound_exponents checks. */
    unsigned long D5 = 1, D73 = 1;
    for (size_t i = 0; i < n && st == OWED_OK; i++) {
        apr_raw_term *r = &b->raw[i];
        r->date = v[i].date;
        long days = (long)v[i].date - v[0].date;
        unsigned long d = (unsigned long)days;
        int by5 = d % 5 == 0, by73 = d % 73 == 0;
        r->tnum = d / (by5 ? 5 : 1) / (by73 ? 73 : 1);
        r->tden = (by5 ? 1UL : 5UL) * (by73 ? 1UL : 73UL);
        if (!by5)
            D5 = 5;
        if (!by73)
            D73 = 73;
        r->days = days;
    }
    if (st == OWED_OK) {
        unsigned long D = D5 * D73;
        for (size_t i = 0; i < n; i++)
            b->raw[i].expo = b->raw[i].tnum * (D / b->raw[i].tden);
        b->D = D;
        b->nominal = 0;
    }
    b->text_kind = APR_TEXT_DAYS365;
    b->m_kind = APR_MEASURE_XIRR;
    return st;
}

/* ---- Reg Z Appendix J ------------------------------------------------------------------- */

/* A (b)(3) period classified as a standard interval. */
typedef struct regz_unit {
    owed_apr_period kind; /* DAY, WEEK, SEMIMONTH, MONTH, YEAR */
    unsigned count;       /* weeks or months in the unit */
} regz_unit;

static long unit_days(regz_unit u)
{
    switch (u.kind) {
    case OWED_APR_PERIOD_DAY: return 1;
    case OWED_APR_PERIOD_WEEK: return 7L * u.count;
    case OWED_APR_PERIOD_SEMIMONTH: return 15;
    case OWED_APR_PERIOD_MONTH: return 30L * u.count;
    case OWED_APR_PERIOD_YEAR: return 360;
    default: return 0;
    }
}

/* The standard interval nearest to `days` (ties to the lower), (b)(4)(i)(B). */
static regz_unit nearest_standard(long days)
{
    regz_unit best = {OWED_APR_PERIOD_DAY, 1};
    long bestd = labs(days - 1);
    regz_unit c;
    for (unsigned k = 1; k <= 52; k++) {
        c = (regz_unit){OWED_APR_PERIOD_WEEK, k};
        long d = labs(days - unit_days(c));
        if (d < bestd || (d == bestd && unit_days(c) < unit_days(best))) {
            best = c;
            bestd = d;
        }
    }
    c = (regz_unit){OWED_APR_PERIOD_SEMIMONTH, 1};
    long d = labs(days - 15);
    if (d < bestd || (d == bestd && 15 < unit_days(best))) {
        best = c;
        bestd = d;
    }
    for (unsigned k = 1; k <= 12; k++) {
        c = k == 12 ? (regz_unit){OWED_APR_PERIOD_YEAR, 1} : (regz_unit){OWED_APR_PERIOD_MONTH, k};
        d = labs(days - unit_days(c));
        if (d < bestd || (d == bestd && unit_days(c) < unit_days(best))) {
            best = c;
            bestd = d;
        }
    }
    return best;
}

static regz_unit classify(owed_date a, owed_date b)
{
    long k = whole_months_between(a, b);
    if (k >= 1 && k <= 12)
        return k == 12 ? (regz_unit){OWED_APR_PERIOD_YEAR, 1} : (regz_unit){OWED_APR_PERIOD_MONTH, (unsigned)k};
    if (is_semimonth(a, b))
        return (regz_unit){OWED_APR_PERIOD_SEMIMONTH, 1};
    long days = (long)b - a;
    if (days == 1)
        return (regz_unit){OWED_APR_PERIOD_DAY, 1};
    if (days % 7 == 0 && days / 7 <= 52)
        return (regz_unit){OWED_APR_PERIOD_WEEK, (unsigned)(days / 7)};
    return nearest_standard(days);
}

static int unit_eq(regz_unit a, regz_unit b)
{
    return a.kind == b.kind && a.count == b.count;
}

/* (b)(4): the common period that occurs most often (ties: the smaller); without one, the
 * average period rounded to the nearest standard interval. */
static regz_unit regz_auto_unit(const dated *v, size_t n, int adv_sign)
{
    regz_unit *p = owed_mem_alloc(2 * (n ? n : 1) * sizeof *p);
    long *len = owed_mem_alloc(2 * (n ? n : 1) * sizeof *len);
    size_t np = 0;
    regz_unit best = {OWED_APR_PERIOD_MONTH, 1};
    if (p == NULL || len == NULL) {
        owed_mem_free(p);
        owed_mem_free(len);
        return best;
    }
    /* periods between payments (and from the start to the first payment), then the same for
     * advances after the first one */
    for (int pass = 0; pass < 2; pass++) {
        owed_date prev = v[0].date;
        for (size_t i = 1; i < n; i++) {
            int s = mpq_sgn(v[i].amount);
            int is_adv = s == adv_sign;
            if (s == 0 || is_adv != (pass == 1))
                continue;
            p[np] = classify(prev, v[i].date);
            len[np] = (long)v[i].date - prev;
            np++;
            prev = v[i].date;
        }
    }
    size_t bestc = 0;
    for (size_t i = 0; i < np; i++) {
        size_t c = 0;
        for (size_t j = 0; j < np; j++)
            c += unit_eq(p[i], p[j]);
        if (c > bestc || (c == bestc && unit_days(p[i]) < unit_days(best))) {
            bestc = c;
            best = p[i];
        }
        if (bestc * 2 > np) /* a majority: no other period can be more frequent */
            break;
    }
    if (bestc < 2 && np > 0) {
        long sum = 0;
        for (size_t i = 0; i < np; i++)
            sum += len[i];
        /* average rounded to the nearest standard interval: compare 2*sum with 2*np*len */
        best = nearest_standard((sum + (long)np / 2) / (long)np);
    }
    owed_mem_free(p);
    owed_mem_free(len);
    return best;
}

/* Whole months counted back from `later` while not before `earlier`; *rest receives the
 * remaining days from `earlier` to the start of the first whole month. */
static long months_back_count(owed_date earlier, owed_date later, int end_mode, long *rest)
{
    long k = whole_back(earlier, later, 1, end_mode);
    *rest = (long)add_months(later, -k, end_mode) - earlier;
    return k;
}

static owed_status build_regz(apr_built *b, const dated *v, size_t n, const owed_apr_options *opt,
                              owed_error *err)
{
    built_numbers(b);
    /* Advances have the sign of the first flow (money received, in the borrower's view). */
    int adv_sign = 0;
    for (size_t i = 0; i < n && adv_sign == 0; i++)
        adv_sign = mpq_sgn(v[i].amount);
    size_t nadv = 0, npay = 0, month_end_pay = 0;
    for (size_t i = 0; i < n; i++) {
        int s = mpq_sgn(v[i].amount);
        if (s == adv_sign)
            nadv++;
        else if (s != 0) {
            npay++;
            month_end_pay += is_last_day(v[i].date);
        }
    }
    int series_end = npay >= 2 && month_end_pay == npay; /* (b)(3)(iv) last-day series */
    owed_status st = alloc_raw(b, v, n, err);
    if (st != OWED_OK)
        return st;
    owed_date start = v[0].date;
    int single = nadv == 1 && npay == 1 && n == 2;
    mpq_set_ui(b->w, 1, 1);

    if (single && add_months(v[1].date, -12, 0) < start) {
        /* (b)(4)(ii), (b)(5)(vi)/(vii): the term (under a year) is one unit-period. */
        long days = (long)v[1].date - start;
        long months = whole_months_between(start, v[1].date);
        b->m_months = months;
        b->m_days = days;
        if (months > 0 && opt->single == OWED_APR_SINGLE_MONTHS) {
            mpq_set_ui(b->w, 12, (unsigned long)months);
            b->m_kind = APR_MEASURE_REGZ_MONTHS;
        } else {
            mpq_set_ui(b->w, 365, (unsigned long)days);
            b->m_kind = APR_MEASURE_REGZ_DAYS;
        }
        mpq_canonicalize(b->w);
        for (size_t i = 0; i < 2; i++) {
            apr_raw_term *r = &b->raw[i];
            r->date = v[i].date;
            r->expo = i;
            r->fden = 1;
            set_time(r, i, 1);
        }
        b->text_kind = APR_TEXT_REGZ;
        b->nominal = 1;
        b->D = 1;
        return OWED_OK;
    }

    regz_unit unit;
    if (single) {
        unit = (regz_unit){OWED_APR_PERIOD_YEAR, 1}; /* a term over a year: unit is a year */
    } else if (opt->period == OWED_APR_PERIOD_AUTO) {
        unit = regz_auto_unit(v, n, adv_sign);
    } else {
        unit.kind = opt->period;
        unit.count = opt->period_count ? opt->period_count : 1;
        if (unit.kind == OWED_APR_PERIOD_TERM ||
            (unit.kind == OWED_APR_PERIOD_MONTH && unit.count > 12) ||
            (unit.kind == OWED_APR_PERIOD_WEEK && unit.count > 52) ||
            ((unit.kind == OWED_APR_PERIOD_DAY || unit.kind == OWED_APR_PERIOD_SEMIMONTH ||
              unit.kind == OWED_APR_PERIOD_YEAR) &&
             unit.count > 1))
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("a Reg Z unit-period is a day, a week or up to 52 weeks, a "
                                    "semimonth, or a month up to 12 months"));
        if (unit.kind == OWED_APR_PERIOD_MONTH && unit.count == 12)
            unit = (regz_unit){OWED_APR_PERIOD_YEAR, 1};
    }
    unsigned long per_num = 1, per_den = 1;
    switch (unit.kind) {
    case OWED_APR_PERIOD_DAY: per_num = 365; break;
    case OWED_APR_PERIOD_WEEK: per_num = 52; per_den = unit.count; break;
    case OWED_APR_PERIOD_SEMIMONTH: per_num = 24; break;
    case OWED_APR_PERIOD_MONTH: per_num = 12; per_den = unit.count; break;
    default: break;
    }
    mpq_set_ui(b->w, per_num, per_den);
    mpq_canonicalize(b->w);
    b->m_kind = APR_MEASURE_REGZ_UNIT;
    b->m_period = unit.kind;
    b->m_count = unit.count;
    b->text_kind = APR_TEXT_REGZ;

    for (size_t i = 0; i < n; i++) {
        apr_raw_term *r = &b->raw[i];
        r->date = v[i].date;
        long days = (long)v[i].date - start;
        int end_mode = series_end && is_last_day(v[i].date);
        unsigned long q = 0, fnum = 0, fden = 1;
        long rest = 0, months;
        switch (unit.kind) {
        case OWED_APR_PERIOD_DAY:
            q = (unsigned long)days;
            break;
        case OWED_APR_PERIOD_WEEK:
            fden = 7UL * unit.count;
            q = (unsigned long)days / fden;
            fnum = (unsigned long)days % fden;
            break;
        case OWED_APR_PERIOD_SEMIMONTH:
        case OWED_APR_PERIOD_MONTH:
            months = months_back_count(start, v[i].date, end_mode, &rest);
            if (unit.kind == OWED_APR_PERIOD_MONTH && unit.count == 1) {
                /* (b)(5)(ii): whole months, the rest in days over 30 */
                q = (unsigned long)months + (unsigned long)rest / 30;
                fnum = (unsigned long)rest % 30;
                fden = 30;
            } else {
                /* (b)(5)(iii): 30 days a month, over 15 or 30 x months */
                unsigned long total = 30UL * (unsigned long)months + (unsigned long)rest;
                fden = unit.kind == OWED_APR_PERIOD_SEMIMONTH ? 15 : 30UL * unit.count;
                q = total / fden;
                fnum = total % fden;
            }
            break;
        default: { /* year, (b)(5)(v) */
            long years = whole_back(start, v[i].date, 12, end_mode);
            owed_date ys = add_months(v[i].date, -12 * years, end_mode);
            q = (unsigned long)years;
            long m = 0;
            long restd = (long)ys - start;
            if (restd > 0) {
                m = months_back_count(start, ys, end_mode, &rest);
                if (rest == 0) {
                    fnum = (unsigned long)m;
                    fden = 12;
                } else {
                    fnum = (unsigned long)restd;
                    fden = 365;
                    if (fnum >= fden) {
                        q += fnum / fden;
                        fnum %= fden;
                    }
                }
            }
            break;
        }
        }
        if (fnum == 0)
            fden = 1;
        r->expo = q;
        r->fnum = fnum;
        r->fden = fden;
        set_time(r, q * fden + fnum, fden); /* q + fnum / fden */
    }
    b->nominal = 1;
    b->D = 1;

    /* §1026.22(a)(3): several advances, or payment periods or amounts that vary other than in
     * the first period or the first and last payments, make the transaction irregular. */
    b->irregular = nadv > 1;
    owed_date prevpay = 0;
    size_t k = 0;
    mpq_srcptr first_mid = NULL;
    size_t last_pay = 0;
    for (size_t i = 0; i < n; i++)
        if (mpq_sgn(v[i].amount) == -adv_sign)
            last_pay = i;
    for (size_t i = 0; i < n; i++) {
        if (mpq_sgn(v[i].amount) != -adv_sign)
            continue;
        if (k >= 1 && !unit_eq(classify(prevpay, v[i].date), unit))
            b->irregular = 1;
        if (k >= 1 && i != last_pay) {
            if (first_mid == NULL)
                first_mid = v[i].amount;
            else if (!mpq_equal(first_mid, v[i].amount))
                b->irregular = 1;
        }
        prevpay = v[i].date;
        k++;
    }
    return OWED_OK;
}

/* ---- PBoC --------------------------------------------------------------------------------- */

static owed_status build_pboc(apr_built *b, const dated *v, size_t n, const owed_apr_options *opt,
                              int compound, owed_error *err)
{
    built_numbers(b);
    owed_apr_period period = opt->period;
    unsigned count = opt->period_count ? opt->period_count : 1;
    unsigned long basis = opt->basis == OWED_BASIS_360 ? 360 : 365;
    owed_date start = v[0].date;
    if (period == OWED_APR_PERIOD_AUTO) {
        count = 1;
        int months = 1, weeks = 1;
        for (size_t i = 1; i < n; i++) {
            months &= whole_months_between(start, v[i].date) > 0;
            weeks &= ((long)v[i].date - start) % 7 == 0;
        }
        period = n == 2 ? OWED_APR_PERIOD_TERM
                 : months ? OWED_APR_PERIOD_MONTH
                 : weeks  ? OWED_APR_PERIOD_WEEK
                          : OWED_APR_PERIOD_DAY;
    }
    if (period == OWED_APR_PERIOD_TERM && n != 2)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("--period=term needs a single-payment loan (two dates)"));
    if (period == OWED_APR_PERIOD_SEMIMONTH)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("pboc periods are days, weeks, months, years or the term"));
    owed_status st = alloc_raw(b, v, n, err);
    if (st != OWED_OK)
        return st;
    unsigned long per_num = 1, per_den = 1;
    const char *name = "";
    switch (period) {
    case OWED_APR_PERIOD_DAY: per_num = basis; per_den = count; name = _("day"); break;
    case OWED_APR_PERIOD_WEEK: per_num = 52; per_den = count; name = _("week"); break;
    case OWED_APR_PERIOD_MONTH: per_num = 12; per_den = count; name = _("month"); break;
    case OWED_APR_PERIOD_YEAR: per_num = 1; per_den = count; name = _("year"); break;
    default:
        per_num = basis;
        per_den = (unsigned long)((long)v[1].date - start);
        name = _("term");
        if (per_den == 0)
            return owed_error_set(err, OWED_E_ARG, NULL, 0, _("the loan has no term"));
        break;
    }
    for (size_t i = 0; i < n; i++) {
        apr_raw_term *r = &b->raw[i];
        r->date = v[i].date;
        long days = (long)v[i].date - start;
        long k = -1;
        switch (period) {
        case OWED_APR_PERIOD_DAY:
            if (days % count == 0)
                k = days / count;
            break;
        case OWED_APR_PERIOD_WEEK:
            if (days % (7L * count) == 0)
                k = days / (7L * count);
            break;
        case OWED_APR_PERIOD_MONTH:
        case OWED_APR_PERIOD_YEAR: {
            long months = i == 0 ? 0 : whole_months_between(start, v[i].date);
            long per = (period == OWED_APR_PERIOD_YEAR ? 12L : 1L) * count;
            if ((i == 0 || months > 0) && months % per == 0)
                k = months / per;
            break;
        }
        default:
            k = (long)i;
            break;
        }
        if (k < 0) {
            char d[OWED_DATE_TEXT_SIZE];
            owed_date_format(v[i].date, d);
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("the flow of %s is not a whole number of %ss after the "
                                    "first; choose --period=day, or the xirr method"),
                                  d, name);
        }
        r->expo = (unsigned long)k;
        r->whole = k;
        set_time(r, (unsigned long)k, 1);
    }
    mpq_set_ui(b->w, per_num, per_den);
    mpq_canonicalize(b->w);
    b->text_kind = APR_TEXT_COUNT;
    b->m_kind = APR_MEASURE_PBOC;
    b->m_period = period;
    b->m_count = count;
    b->m_days = (long)per_den; /* the term's days, for period == TERM */
    if (compound) {
        /* time in years = k / n, n = a/b periods a year: k b / a */
        if (!mpz_fits_ulong_p(mpq_numref(b->w)) || !mpz_fits_ulong_p(mpq_denref(b->w)))
            return owed_error_set(err, OWED_E_LIMIT, NULL, 0, _("time measure out of range"));
        unsigned long wa = mpz_get_ui(mpq_numref(b->w)), wb = mpz_get_ui(mpq_denref(b->w));
        for (size_t i = 0; i < n; i++) {
            unsigned long k = b->raw[i].tnum;
            if (wb != 0 && k > ULONG_MAX / wb)
                return owed_error_set(err, OWED_E_LIMIT, NULL, 0, _("time measure out of range"));
            set_time(&b->raw[i], k * wb, wa);
        }
        st = compound_exponents(b, err);
    } else {
        b->nominal = 1;
        b->D = 1;
    }
    return st;
}

/* ---- simple ------------------------------------------------------------------------------- */

static owed_status build_simple(apr_built *b, const dated *v, size_t n, const owed_apr_options *opt,
                                owed_error *err)
{
    built_numbers(b);
    if (n != 2)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("the simple method needs a single-payment loan: money received "
                                "on one date and repaid on one later date (%zu dates given)"),
                              n);
    owed_status st = alloc_raw(b, v, n, err);
    if (st != OWED_OK)
        return st;
    unsigned long basis = opt->basis == OWED_BASIS_360 ? 360 : 365;
    long days = (long)v[1].date - v[0].date;
    for (size_t i = 0; i < 2; i++) {
        b->raw[i].date = v[i].date;
        b->raw[i].expo = i ? (unsigned long)days : 0;
        b->raw[i].whole = i ? days : 0L;
        set_time(&b->raw[i], i ? (unsigned long)days : 0, 1);
    }
    b->text_kind = APR_TEXT_COUNT;
    /* R = (-A1 / A0 - 1) x basis / days: the cost over the principal, annualised */
    if (mpq_sgn(v[0].amount) != 0 && mpq_sgn(v[0].amount) != mpq_sgn(v[1].amount)) {
        mpq_t one;
        mpq_init(one);
        mpq_div(b->exact_rate, v[1].amount, v[0].amount);
        mpq_neg(b->exact_rate, b->exact_rate);
        mpq_set_ui(one, 1, 1);
        mpq_sub(b->exact_rate, b->exact_rate, one);
        mpq_set_ui(one, basis, (unsigned long)days);
        mpq_canonicalize(one);
        mpq_mul(b->exact_rate, b->exact_rate, one);
        mpq_clear(one);
        b->exact_simple = 1;
    }
    b->nominal = 1;
    b->D = 1;
    mpq_set_ui(b->w, basis, (unsigned long)days);
    mpq_canonicalize(b->w);
    b->m_kind = APR_MEASURE_SIMPLE;
    b->m_days = days;
    b->m_basis = basis;
    return OWED_OK;
}

owed_status apr_time_build(apr_built *out, const owed_apr_flows *flows,
                           const owed_apr_options *opt, owed_error *err)
{
    dated_set ds;
    owed_status st = merge_dates(&ds, flows, err);
    if (st != OWED_OK)
        return st;
    const dated *v = ds.v;
    size_t n = ds.n;
    if (n < 2) {
        dated_free(&ds);
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("an annual rate needs flows on at least two dates"));
    }
    if (opt->basis == OWED_BASIS_ACTUAL) {
        dated_free(&ds);
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("the day basis of a rate is 365 or 360"));
    }
    switch (opt->method) {
    case OWED_APR_XIRR: st = build_xirr(out, v, n, err); break;
    case OWED_APR_EU:
    case OWED_APR_UK: st = build_eu(out, v, n, opt, err); break;
    case OWED_APR_REGZ: st = build_regz(out, v, n, opt, err); break;
    case OWED_APR_SIMPLE: st = build_simple(out, v, n, opt, err); break;
    case OWED_APR_PBOC: st = build_pboc(out, v, n, opt, 0, err); break;
    case OWED_APR_PBOC_COMPOUND: st = build_pboc(out, v, n, opt, 1, err); break;
    default: st = owed_error_set(err, OWED_E_ARG, NULL, 0, _("unknown method")); break;
    }
    if (st == OWED_OK)
        store_amounts(out, v, n);
    dated_free(&ds);
    return st;
}

/* ---- descriptions, written when asked for ------------------------------------------------ */

/* w as "12" or "52/3". */
static void per_year_text(char *buf, size_t size, const mpq_t w)
{
    if (mpz_cmp_ui(mpq_denref(w), 1) == 0)
        gmp_snprintf(buf, size, "%Zd", mpq_numref(w));
    else
        gmp_snprintf(buf, size, "%Zd/%Zd", mpq_numref(w), mpq_denref(w));
}

/* The name of a regz unit-period or a pboc period, translated. */
static const char *period_name(owed_apr_period p)
{
    switch (p) {
    case OWED_APR_PERIOD_DAY: return _("day");
    case OWED_APR_PERIOD_WEEK: return _("week");
    case OWED_APR_PERIOD_SEMIMONTH: return _("semimonth");
    case OWED_APR_PERIOD_MONTH: return _("month");
    case OWED_APR_PERIOD_YEAR: return _("year");
    default: return _("term");
    }
}

const char *apr_built_measure(apr_built *b)
{
    if (b->measure[0] != '\0')
        return b->measure;
    char per[64];
    const char *name;
    switch (b->m_kind) {
    case APR_MEASURE_XIRR:
        snprintf(b->measure, sizeof b->measure, "%s", _("years: days from the first flow / 365"));
        break;
    case APR_MEASURE_EU:
        snprintf(b->measure, sizeof b->measure,
                 _("years: whole %s counted back from each flow, then days / %s"),
                 b->m_period == OWED_APR_PERIOD_YEAR    ? _("years")
                 : b->m_period == OWED_APR_PERIOD_MONTH ? _("months (1/12)")
                                                        : _("weeks (1/52)"),
                 b->m_leap == OWED_APR_LEAP_365 ? "365" : _("365 or 366 (year counted back)"));
        break;
    case APR_MEASURE_REGZ_MONTHS:
        snprintf(b->measure, sizeof b->measure,
                 _("unit-period: the term, %ld months (12/%ld a year, (b)(5)(vi))"), b->m_months,
                 b->m_months);
        break;
    case APR_MEASURE_REGZ_DAYS:
        snprintf(b->measure, sizeof b->measure,
                 _("unit-period: the term, %ld days (365/%ld a year, (b)(5)(%s))"), b->m_days,
                 b->m_days, b->m_months > 0 ? "vi" : "vii");
        break;
    case APR_MEASURE_REGZ_UNIT:
        name = period_name(b->m_period);
        per_year_text(per, sizeof per, b->w);
        if (b->m_count > 1)
            snprintf(b->measure, sizeof b->measure, _("unit-period: %u %ss, %s a year"),
                     b->m_count, name, per);
        else
            snprintf(b->measure, sizeof b->measure, _("unit-period: 1 %s, %s a year"), name, per);
        break;
    case APR_MEASURE_PBOC:
        name = period_name(b->m_period);
        per_year_text(per, sizeof per, b->w);
        if (b->m_period == OWED_APR_PERIOD_TERM)
            snprintf(b->measure, sizeof b->measure, _("period: the term, %lu days, %s a year"),
                     (unsigned long)b->m_days, per);
        else if (b->m_count > 1)
            snprintf(b->measure, sizeof b->measure, _("period: %u %ss, %s a year"), b->m_count,
                     name, per);
        else
            snprintf(b->measure, sizeof b->measure, _("period: 1 %s, %s a year"), name, per);
        break;
    case APR_MEASURE_SIMPLE:
        snprintf(b->measure, sizeof b->measure, _("days: %ld, year of %lu days"), b->m_days,
                 b->m_basis);
        break;
    }
    return b->measure;
}

const char *apr_built_term_text(apr_built *b, size_t i)
{
    if (b->text == NULL) {
        b->text = owed_mem_calloc(b->n ? b->n : 1, sizeof *b->text);
        if (b->text == NULL)
            return "";
    }
    char *t = b->text[i];
    if (t[0] != '\0')
        return t;
    const apr_raw_term *r = &b->raw[i];
    size_t size = sizeof b->text[i];
    switch (b->text_kind) {
    case APR_TEXT_DAYS365:
        snprintf(t, size, "%ld/%lu", r->days, 365UL);
        break;
    case APR_TEXT_EU:
        if (r->whole && r->days)
            snprintf(t, size, "%ld/%u + %ld/%u", r->whole, r->per_year, r->days, r->year_days);
        else if (r->whole)
            snprintf(t, size, "%ld/%u", r->whole, r->per_year);
        else if (r->days)
            snprintf(t, size, "%ld/%u", r->days, r->year_days);
        else
            snprintf(t, size, "0");
        break;
    case APR_TEXT_REGZ:
        if (r->fnum)
            snprintf(t, size, "t=%lu f=%lu/%lu", r->expo, r->fnum, r->fden);
        else
            snprintf(t, size, "t=%lu f=0", r->expo);
        break;
    case APR_TEXT_COUNT:
        snprintf(t, size, "%ld", r->whole);
        break;
    }
    return t;
}
