/* Internal interface between the files of the annual-rate engine (src/apr*.c).
 * Not part of the library's API: nothing outside src/apr*.c includes it, but for
 * tests/check_apr.c and tests/check_apr_hint.c, which compare the ways of evaluating and
 * solving (apr_ws, the words).
 *
 *   apr_time.c     builds the equation of a method from the flows (time measures) and
 *                  writes its descriptions when asked for
 *   apr_fixed.c    evaluates it in fixed-point interval arithmetic with outward rounding
 *   apr_solve.c    finds, isolates and proves its roots; decides rate-vs-cap
 *   apr_words.c    the same for the printed digits only, on machine words, when they do
 *   apr_methods.c  the public API of apr.h (flows, options, results, tolerance)
 *
 * The equation.  Every method is brought to one form in a variable z > 0:
 *
 *     F(z) = sum_k A_k z^(e_k) s_k(z),   s_k(z) = z / (f_k + (1 - f_k) z)  (1 when f_k = 0)
 *
 * with integer amounts A_k (the flows times one positive common denominator, which does not
 * move the roots), integer exponents e_k >= 0 (the first is 0) and fractions 0 <= f_k < 1.
 *   compound (xirr, eu, uk, pboc-compound): z = (1 + R)^(-1/D), time t_k = e_k / D years;
 *   nominal  (regz, pboc):                  z = 1 / (1 + R / w), e_k whole unit-periods,
 *            f_k the fraction of (b)(8): 1/(1 + f i) = s(z) when i = 1/z - 1.
 * Both maps R -> z are strictly decreasing, so a root in z is a root in R and back.
 * Each A_k z^e_k s_k(z) is, for A_k > 0, increasing in z (z^e and s(z) both are), so with
 * P(z) the sum of the positive terms and N(z) that of the negative ones (both increasing),
 * F over [a, b] lies in [P(a) - N(b), P(b) - N(a)]: the enclosure apr_eval() computes. */
#ifndef OWED_APR_IMPL_H
#define OWED_APR_IMPL_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "apr.h"

/* 10^k for k <= APR_POW10_MAX, the powers of ten below 2^63 (apr_methods.c). */
#define APR_POW10_MAX 18
extern const uint64_t apr_pow10[APR_POW10_MAX + 1];

#if GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
/* Bits s .. s + 63 of the magnitude held in the n limbs at a (0 beyond them): an amount or
 * a bound cut to one machine word at bit s, for the word paths (apr_fixed.c's sign hints,
 * apr_words.c). */
static inline uint64_t apr_limb_bits_at(const mp_limb_t *a, mp_size_t n, unsigned long s)
{
    mp_size_t i = (mp_size_t)(s / 64);
    unsigned off = (unsigned)(s % 64);
    if (i >= n)
        return 0;
    uint64_t v = a[i] >> off;
    if (off != 0 && i + 1 < n)
        v |= a[i + 1] << (64 - off);
    return v;
}
#endif

/* z made a read-only view of the |size| limbs at d, negative when size < 0: what
 * mpz_roinit_n does (the size normalised: high zero limbs dropped), written without its
 * call, for the views made per flow and per term.  d is only read through z. */
static inline void apr_z_view(mpz_ptr z, const mp_limb_t *d, mp_size_t size)
{
    mp_size_t n = size < 0 ? -size : size;
    while (n > 0 && d[n - 1] == 0)
        n--;
    z->_mp_alloc = 0;
    z->_mp_size = (int)(size < 0 ? -n : n);
    z->_mp_d = (mp_limb_t *)d;
}

/* q made a read-only view of the constant 0 (a numerator of no limb over 1): a number that
 * is never written, nothing allocated and nothing to clear.  The fields are gmp.h's, as
 * mpz_roinit_n sets them, written without the calls. */
static inline void apr_q_view_zero(mpq_ptr q)
{
    static mp_limb_t one = 1; /* never written: the views are read-only */
    q->_mp_num._mp_alloc = 0;
    q->_mp_num._mp_size = 0;
    q->_mp_num._mp_d = &one;
    q->_mp_den._mp_alloc = 0;
    q->_mp_den._mp_size = 1;
    q->_mp_den._mp_d = &one;
}

typedef struct apr_term {
    mpz_t amag;          /* |A_k|: a read-only view (mpz_roinit_n) of limbs in eq->limbs */
    mpz_t anmag;         /* |A_k| * e_k, for z F'(z): a read-only view likewise */
    const mp_limb_t *al, *dl; /* the same limbs as amag and anmag, for the limb path */
    mp_size_t aln, dln;       /* and their sizes */
    int sign;            /* +1 or -1 */
    unsigned long expo;  /* e_k */
    unsigned long fnum;  /* f_k = fnum / fden, 0 <= f_k < 1; fnum == 0: no fraction */
    unsigned long fden;
    size_t gap;          /* index in eq->gaps of e_k - e_(k-1) (e_0 for the first) */
} apr_term;

/* The equation owns one block: eq->t, eq->gaps and eq->limbs (the magnitudes the terms view)
 * all point into it, and apr_eq_clear frees it (when it is not the equation's own inline
 * block).  Nothing in it refers to the apr_built it was
 * made from, which may be freed first. */
typedef struct apr_eq {
    size_t n;
    apr_term *t;          /* sorted by (expo, fraction), no two alike, no zero amount */
    int nominal;          /* 0: compound, 1: nominal */
    unsigned long D;      /* compound: years = expo / D */
    mpq_t w;              /* nominal: unit-periods a year (R = w i); compound: a read-only 0,
                           * never read */
    size_t ngaps;
    unsigned long *gaps;  /* distinct values of expo differences, ascending */
    int has_frac;         /* some f_k != 0 */
    unsigned changes;     /* sign changes of A_k in order */
    int first_sign;       /* sign of A_0 */
    unsigned long max_expo;
    mp_size_t max_limbs;  /* most limbs of any amag or anmag */
    mpz_t sum_a;          /* sum_k sign_k |A_k|: F at z = 1 (R = 0); a read-only view */
    mpz_t sum_an;         /* sum_k sign_k |A_k| e_k; a read-only view */
    /* 1: built by apr_eq_build_lazy, and anmag (dl, dln), sum_an, gaps, ngaps, the terms'
     * gap and max_limbs' count of the anmag are not made yet (apr_eq_complete makes them) */
    int lazy;
    mp_limb_t *sums_an;   /* the room of sum_an's two accumulators, sums_an_room limbs each */
    size_t sums_an_room;
    void *block;          /* the one allocation, or inline_block when it fits there */
    mp_limb_t *limbs;
    /* The block of an equation of a few terms (a loan's): no allocation.  An apr_eq is
     * therefore never copied (its pointers may point into itself). */
    _Alignas(16) unsigned char inline_block[2048];
} apr_eq;

/* One term before the equation is built (apr_time.c produces, apr_eq_build consumes).
 * Numbers only: the description of the time is written when it is asked for
 * (apr_built_term_text), from `whole`, `days`, `per_year` and `year_days` as b->text_kind says. */
typedef struct apr_raw_term {
    owed_date date;
    int sign;              /* sign of the net amount of the date: -1, 0, +1 */
    mp_size_t num_n, den_n; /* limbs of |numerator| and of the denominator of the net amount */
    size_t off;            /* where they are in b->limbs: numerator, then denominator */
    unsigned long expo;
    unsigned long fnum, fden;
    unsigned long tnum, tden; /* time, years or unit-periods, = tnum / tden in lowest terms */
    long whole, days;      /* shown by the description: whole periods and days (eu), days
                            * (xirr), the period count (pboc, simple: in whole) */
    unsigned per_year, year_days;
} apr_raw_term;

/* How the term descriptions read (one kind for all the terms of a method). */
typedef enum apr_text_kind {
    APR_TEXT_DAYS365 = 0, /* xirr: "days/365" */
    APR_TEXT_EU,          /* "whole/per_year + days/year_days" (the parts that are not 0) */
    APR_TEXT_REGZ,        /* "t=expo f=fnum/fden" or "t=expo f=0" */
    APR_TEXT_COUNT        /* "whole" */
} apr_text_kind;

/* Which description of the time measure apr_built_measure writes, from b->m_* below. */
typedef enum apr_measure_kind {
    APR_MEASURE_XIRR = 0,
    APR_MEASURE_EU,          /* m_period (year, month, week), m_leap */
    APR_MEASURE_REGZ_MONTHS, /* single payment: the term, m_months months */
    APR_MEASURE_REGZ_DAYS,   /* single payment: the term, m_days days (m_months > 0: (vi)) */
    APR_MEASURE_REGZ_UNIT,   /* unit-period m_count x m_period, w a year */
    APR_MEASURE_PBOC,        /* period m_count x m_period, or the term of m_days; w a year */
    APR_MEASURE_SIMPLE       /* m_days over a year of m_basis days */
} apr_measure_kind;

/* The terms of a method's equation and what describes them.  Ownership: apr_built owns raw,
 * limbs (the net amounts, copied from the flows: nothing refers to the flows afterwards) and
 * text, all freed by apr_built_clear.  The descriptions (measure, text) are written on the
 * first request, so the accessors below modify b: callers that share a built between threads
 * must serialise them. */
typedef struct apr_built {
    size_t n;
    apr_raw_term *raw;   /* one per date, in date order */
    mp_limb_t *limbs;    /* the net amounts' limbs (apr_raw_term.off) */
    int nominal;
    unsigned long D;
    mpq_t w;             /* unit-periods a year: set by the nominal methods and pboc-compound,
                          * 0 otherwise (see numbers_owned) */
    int irregular;       /* regz: §1026.22(a)(3) irregular transaction */
    int exact_simple;    /* simple: the rate is exact_rate */
    mpq_t exact_rate;
    apr_text_kind text_kind;
    apr_measure_kind m_kind;
    owed_apr_period m_period;
    unsigned m_count;
    owed_apr_leap m_leap;
    long m_days, m_months;
    unsigned long m_basis;
    char (*text)[64];    /* n descriptions of the terms' times, NULL until one is asked for;
                          * an entry is "" until asked for */
    int numbers_owned;   /* w and exact_rate are numbers of their own (set by the methods
                          * that use them); else read-only views of 0, nothing made */
    char measure[160];   /* the description of the time measure, "" until asked for (only
                          * its first byte is cleared by apr_built_init) */
    /* raw and limbs of a loan's few terms: no allocation.  An apr_built is therefore never
     * copied (raw may point into it).  Last: apr_built_init does not clear it. */
    _Alignas(16) unsigned char raw_inline[448];
} apr_built;

void apr_built_init(apr_built *b);
void apr_built_clear(apr_built *b);
/* apr_built_clear for a built that is not used again (its memory freed next): what it
 * owns freed, the fields left as they are. */
void apr_built_release(apr_built *b);
/* The net amount of term i as a read-only view into b (valid while b is): `view` is the
 * caller's storage, never to be cleared or written; the return value is view. */
mpq_srcptr apr_built_amount(mpq_ptr view, const apr_built *b, size_t i);
/* The description of the time measure ("years: days from the first flow / 365"), and that of
 * term i ("30/365", "1/12 + 3/366", "t=1 f=19/30"), written on the first request; both stay
 * valid until apr_built_clear.  "" when no memory is left for the terms' descriptions. */
const char *apr_built_measure(apr_built *b);
const char *apr_built_term_text(apr_built *b, size_t i);

/* apr_time.c: the equation's terms of a method for the flows. */
owed_status apr_time_build(apr_built *out, const owed_apr_flows *flows,
                           const owed_apr_options *opt, owed_error *err);
/* Access to flows for apr_time.c (apr_methods.c owns the type): their count, and their
 * dates and amounts in two arrays of that many (read-only, valid until flows changes). */
size_t apr_flows_arrays(const owed_apr_flows *flows, const owed_date **dates,
                        const mpq_t **amounts);

/* apr_fixed.c ---------------------------------------------------------------------------- */

owed_status apr_eq_build(apr_eq *eq, const apr_built *b, owed_error *err);
/* apr_eq_build without what only the mpz evaluation reads (the words path and the exact
 * two-term root do without): the terms' |A_k| e_k, sum_an and the gaps wait for
 * apr_eq_complete, which apr_solve calls before its mpz search, and which makes an equation
 * as apr_eq_build does (once; nothing when it is complete already). */
owed_status apr_eq_build_lazy(apr_eq *eq, const apr_built *b, owed_error *err);
void apr_eq_complete(apr_eq *eq);
/* For tests only (tests/check_apr_hint): nonzero makes apr_eq_build_lazy make every equation
 * on its general path (sorted, merged), not in its one pass for terms of a limb over a limb in
 * strictly increasing time, so that the two equations can be compared.  0, the default, which
 * the program and the library never change.  Not thread-safe, as apr_words_test_off. */
extern int apr_eq_test_general;
void apr_eq_clear(apr_eq *eq);

/* Fixed point: an integer X stands for X / 2^P.
 *
 * The workspace of one precision P: every buffer an evaluation needs, so that evaluating
 * allocates nothing.  Three ways to evaluate give the same integers:
 *  - the limb path (`fast`), for equations without fractions when P is a whole number of
 *    limbs and z <= 1: every power of z is then at most 2^P, so it fits PL + 1 limbs, and the
 *    sums fit accumulators of a size known in advance; all of it is one block (limbs);
 *  - the wide limb path, the same for z > 1 while every power is below 2^(P + 64) (PL + 1
 *    limbs; an evaluation whose powers outgrow them is redone on the mpz path);
 *  - the mpz path for the rest (larger z, where powers grow without bound, or fractions f_k),
 *    whose mpz buffers are set up on its first use (generic_ready).
 * apr_ws_init allocates: 0, or -1 when memory runs out; apr_ws_clear frees everything
 * (after either outcome). */
typedef struct apr_ws {
    mp_bitcnt_t P;
    size_t ngaps;
    int nsq;              /* squarings needed: bit length of the largest gap */
    int fast;             /* the limb path may be used (tests clear it to compare the paths) */
    void *block;          /* the one allocation: glo, ghi, the limbs of one, limbs */
    mpz_t one;            /* 2^P: a read-only view (mpz_roinit_n) of limbs in block */
    /* limb path */
    mp_size_t PL;         /* P / GMP_NUMB_BITS */
    mp_size_t accn;       /* limbs of an accumulator */
    mp_limb_t *limbs;     /* the part of block holding all of the following */
    mp_limb_t *gl, *gh;   /* ngaps x (PL + 1): z^gap rounded down / up */
    mp_limb_t *sql, *sqh; /* nsq x (PL + 1): repeated squares */
    mp_limb_t *pl, *ph;   /* PL + 1: the running powers */
    mp_limb_t *prod;      /* 2 PL + 2: a product (of PL + 1 limbs each on the wide path) */
    mp_limb_t *acc[8];    /* accn each: sums of positive and negative terms, F and z F' */
    /* mpz path */
    int generic_ready;
    mpz_t *glo, *ghi;    /* z^gap, rounded down / up */
    mpz_t sqlo[64], sqhi[64];
    mpz_t plo, phi, wlo, whi, slo, shi, clo, chi, t1, t2, prodz;
    mpz_t fplo, fphi, fnlo, fnhi, dplo, dphi, dnlo, dnhi;
} apr_ws;

int apr_ws_init(apr_ws *ws, const apr_eq *eq, mp_bitcnt_t P);
void apr_ws_clear(apr_ws *ws);

/* Enclosure of F over z in [ZL, ZH] (fixed point, 0 < ZL <= ZH): Flo <= F(z) 2^P <= Fhi.
 * With dlo/dhi non-NULL, also an enclosure of z F'(z) over the interval. */
void apr_eval(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH, mpz_t Flo,
              mpz_t Fhi, mpz_t dlo, mpz_t dhi);
/* The sign apr_eval(ZL, ZH) at precision P would certify, found on machine words when that is
 * enough: +1 when its Flo would be > 0, -1 when its Fhi would be < 0, 0 when the words do not
 * tell (then call apr_eval).  With dsign (may be NULL), likewise *dsign = +1 when its dlo
 * would be > 0, -1 when its dhi would be < 0, else 0.  0 < ZL <= ZH as for apr_eval.
 * Allocates nothing. */
int apr_sign_hint(const apr_eq *eq, mp_bitcnt_t P, const mpz_t ZL, const mpz_t ZH, int *dsign);
/* Fast approximation of F(Z) and z F'(Z) (rounded down throughout; for Newton only). */
void apr_eval_approx(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t F, mpz_t zdF);

/* r = z^e with directed rounding: up != 0 rounds up.  z >= 0; tmp is scratch.  r, z and tmp
 * should be three different variables: then nothing is allocated once r and tmp have grown. */
void apr_fx_pow(mpz_t r, const mpz_t z, unsigned long e, mp_bitcnt_t P, int up, mpz_t tmp);

/* Enclosure of z(R) at precision P: ZL <= z(R) 2^P <= ZH.  guess (may be NULL) is an
 * approximation of z(R) 2^P.  Returns 0, or -1 when R is outside the domain (R <= -1, or
 * R <= -w) or the enclosure could not be certified at this precision. */
int apr_z_of_rate(mpz_t ZL, mpz_t ZH, const apr_eq *eq, const mpq_t R, mp_bitcnt_t P,
                  const mpz_t guess);
/* Bounds of R(z) for z in [ZL, ZH] (R decreasing in z): Rlo <= R(ZH), R(ZL) <= Rhi. */
void apr_rate_of_z(mpq_t Rlo, mpq_t Rhi, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                   mp_bitcnt_t P);
/* The same bounds rounded outward to the grid 1 / H (H > 0): Rlo = floor(H R_lo) / H and
 * Rhi = ceil(H R_hi) / H, in lowest terms, exactly what apr_rate_of_z followed by owed_round
 * (OWED_ROUND_FLOOR, OWED_ROUND_CEILING, unit 1 / H) gives, at less cost. */
void apr_rate_of_z_grid(mpq_t Rlo, mpq_t Rhi, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                        mp_bitcnt_t P, const mpz_t H);
/* Newton's iteration on F from Z (precision P) on machine words, safeguarded by bisection
 * inside (Za, Zb) (sa: the sign of F at Za), for equations without fractions: 1 with Z
 * replaced by a point within about 2^-44 of the root (relative) when it converged, else 0
 * and Z unchanged.  A heuristic start for Newton on mpz: nothing relies on it. */
int apr_newton_words(const apr_eq *eq, mp_bitcnt_t P, mpz_t Z, const mpz_t Za, const mpz_t Zb,
                     int sa);
/* Bounds of R(z) for z in [ZL, ZH] on machine words, for compound equations whose z^D is
 * not too small (z^D >= 2^-8, rates up to 25,500 %) nor large (< 16): Nlo / Dlo <= R(ZH), R(ZL) <= Nhi / Dhi, the
 * denominators positive, the fractions not necessarily in lowest terms; slightly wider than
 * apr_rate_of_z's.  1 when set, 0 when the words do not apply (nothing set). */
int apr_rate_of_z_words(mpz_t Nlo, mpz_t Dlo, mpz_t Nhi, mpz_t Dhi, const apr_eq *eq,
                        const mpz_t ZL, const mpz_t ZH, mp_bitcnt_t P);
/* (Z / 2^P)^D, rounded down, as a word fixed point 2^-60 (compound equations): 1 when set,
 * 0 when the words do not apply.  An approximation for heuristics. */
int apr_pow_word(uint64_t *r, const apr_eq *eq, const mpz_t Z, mp_bitcnt_t P);
/* The exact sign of F at the rational rate R when every term is rational there (nominal
 * always; compound when (1 + R) is a perfect power as needed): 1 with *sign set, else 0. */
int apr_exact_sign(int *sign, const apr_eq *eq, const mpq_t R);

/* apr_words.c ----------------------------------------------------------------------------- */

typedef struct apr_root apr_root;
/* The printed figure of the one root of eq (flows whose signs change once; S1 the exact sign
 * of F at R = 0, not 0), proven on machine words: 0 with *out the rounding interval of the
 * figure (as settle_digits writes it), 1 when the words do not settle it (nothing written). */
int apr_words_settle_one(apr_root *out, const apr_eq *eq, int S1, unsigned decimals);
/* apr_solve's outcome on the words, from the terms of b without the equation, for the usual
 * loan's flows: those apr_eq_build_lazy makes an equation of on its one pass (compound, a
 * limb over a limb, no fraction, strictly increasing times, the common denominator and the
 * scaled amounts a word each), whose signs change once, whose amounts do not sum to zero, and
 * whose rate is not exact_two_terms' (two terms).  The same amounts, sign at R = 0 and word
 * form as apr_eq_build_lazy and apr_words_settle_one make, so the same figure: 0 with *out
 * written as apr_words_settle_one writes it (out->lazy set by the caller), 1 when any of it
 * does not hold or the words do not settle it (nothing written; the equation is needed). */
int apr_words_settle_built(apr_root *out, const apr_built *b, unsigned decimals);
/* The same for the one root in (Za, Zb) (fixed point 2^-P, 0 < Za < Zb) of an equation that
 * is strictly monotone on [Za, Zb], with the certified sign sa (+1 or -1) of F at Za. */
int apr_words_settle_bracket(apr_root *out, const apr_eq *eq, const mpz_t Za, const mpz_t Zb,
                             mp_bitcnt_t P, int sa, unsigned decimals);
/* Every root of eq in [zA, zB] (fixed point 2^-P, 0 < zA < zB; F not 0 at z = 1) isolated and
 * settled on machine words, as solve_isolate and settle_digits would: 0 with *count roots
 * written to roots[0 ..] (at most max, their mpq initialised by the caller; in no order), or
 * 1 when the words did not decide everything (then nothing written is to be used), among
 * others when the search took more than max_evals intervals (solve_isolate's own bound, so
 * that a search too long for it is left to it, and fails as it did). */
int apr_words_isolate(apr_root *roots, size_t max, size_t *count, const apr_eq *eq,
                      const mpz_t zA, const mpz_t zB, mp_bitcnt_t P, unsigned decimals,
                      size_t max_evals);
/* For tests only (tests/check_apr_hint): nonzero makes apr_solve leave the words out, so that
 * the mpz path's brackets can be compared with theirs.  0, the default, which the program and
 * the library never change.  Not thread-safe: set it only with no rate being computed. */
extern int apr_words_test_off;

/* apr_solve.c ---------------------------------------------------------------------------- */

struct apr_root {
    mpq_t lo, hi;       /* lo < R < hi, or lo == hi == R when exact; not initialised when
                         * lazy (read the bracket through apr_root_bracket) */
    int exact;
    unsigned decimals;  /* decimals of the percent figure this root was settled to */
    int has_figure;     /* the bracket is the rounding interval of the figure: lo and hi are
                         * (2f -+ 1) / (2 10^(decimals + 2)), so the percent is f / 10^decimals */
    long long figure;   /* f, when has_figure */
    int lazy;           /* has_figure and lo, hi neither initialised nor written: the bracket
                         * is made from f when asked for (the words' digits-only roots, whose
                         * brackets the batch never reads); apr_roots_clear leaves lo, hi */
};

/* The bracket of r into lo and hi (the caller's): r's own, or, for a lazy root, the rounding
 * interval of its figure in lowest terms, the rationals the words would have written. */
void apr_root_bracket(mpq_t lo, mpq_t hi, const apr_root *r);

typedef struct apr_roots {
    owed_apr_outcome outcome;
    size_t n;
    apr_root *r;        /* &first while there is at most one root, else an allocation */
    apr_root first;
    /* Read-only views of static constants (0 after apr_roots_init, the default range after
     * apr_roots_set_range) until a range is given: then numbers of their own (range_owned),
     * so that a rate computed with the default range makes and frees no number for it. */
    mpq_t range_lo, range_hi;
    int range_owned;
    unsigned decimals;
    int digits_only;    /* set before apr_solve: prove the printed figure only, whose root
                         * brackets are then the rounding intervals (settle_digits) */
} apr_roots;

void apr_roots_init(apr_roots *rs);
void apr_roots_clear(apr_roots *rs);
/* apr_roots_clear for roots not used again: what they own freed, the fields left as they
 * are. */
void apr_roots_release(apr_roots *rs);
/* The search range: lo and hi copied, or when NULL, the default (-99.99 % and 1,000,000 %)
 * when `defaults`, else left as they are (0 after apr_roots_init). */
void apr_roots_set_range(apr_roots *rs, mpq_srcptr lo, mpq_srcptr hi, int defaults);

/* Finds and proves the roots of eq, settled to `decimals` of the percent figure (or to
 * `significant` digits when > 0), half-up.  eq may be lazy (apr_eq_build_lazy): it is
 * completed when the mpz search is needed. */
owed_status apr_solve(apr_roots *out, apr_eq *eq, unsigned decimals, unsigned significant,
                      mpq_srcptr range_lo, mpq_srcptr range_hi, owed_error *err);
/* apr_solve for digits only (out->digits_only, no significant digits, the default range),
 * settled on the words from b's terms without the equation (apr_words_settle_built): 0 with
 * out as apr_solve leaves it then, 1 when not (out unchanged: make the equation and call
 * apr_solve).  Declines when apr_words_test_off or apr_eq_test_general is set. */
int apr_solve_words_first(apr_roots *out, const apr_built *b, unsigned decimals);
/* Whether exact_two_terms may find the root of two terms A0 + A1 z^d (|A1| the n1 limbs at a1,
 * |A0| the n0 at a0; compound with D, or nominal): 0 when the test it makes first tells that
 * it does not, with p / q the reduced exponent of (A1 / A0) it would take. */
int apr_two_terms_may_be_exact(unsigned long *p, unsigned long *q, int nominal, unsigned long D,
                               unsigned long d, const mp_limb_t *a1, mp_size_t n1,
                               const mp_limb_t *a0, mp_size_t n0);
/* Certified sign of F at the rate R: -1, 0 (exact root), +1; OWED_E_LIMIT if undecidable. */
owed_status apr_sign_at(int *sign, const apr_eq *eq, const mpq_t R, owed_error *err);

#endif
