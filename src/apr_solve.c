/* Finding and proving the roots of the rate equation (form and notation: apr_impl.h).
 *
 * What is proven, and how.
 *
 * 1. A root is bracketed by two dyadic points Zm < Zp at which the enclosure of F computed by
 *    apr_eval() (outward rounding, see apr_fixed.c) excludes zero with opposite signs.  F is
 *    continuous on z > 0, so a root lies strictly between them (intermediate value theorem).
 *    The rates R(Zp) < R(Zm) are bounded outward (apr_rate_of_z) and rounded outward to a
 *    decimal grid, giving rationals lo < R < hi.  Only these certified signs decide anything;
 *    the Newton iterations that choose Zm and Zp are heuristics and may be wrong, in which
 *    case the certification fails and is retried wider or with more bits.
 *
 * 2. Uniqueness, flows whose signs change once.  Order the terms by time (e, f).  For two
 *    times s < t the ratio of discount factors d(t)/d(s), d = z^e s_f(z) written in the rate,
 *    is strictly decreasing in the rate: for compound terms it is (1 + R)^-(t - s); for
 *    nominal ones it is a product of (1 + f_s i)/(1 + i) (decreasing as f_s < 1),
 *    1/(1 + f_t i) (non-increasing as f_t >= 0) and (1 + i)^-(q_t - q_s - 1), or, when
 *    q_t = q_s, (1 + f_s i)/(1 + f_t i) with f_s < f_t.  Dividing F by d(c), c the time of the
 *    last term whose sign is that of the first, every term becomes strictly monotone in the
 *    same direction (positive terms before c grow, negative terms after c grow, or the
 *    reverse), so F / d(c) is strictly monotone and F has at most one root.  It has one:
 *    as z -> 0 the first term dominates and as z -> infinity the last ones (all of one sign)
 *    do, and they differ.  Hence "is the rate above a cap C" is decided by the sign of F at C
 *    alone (apr_sign_at): F increases with R when the first flow is positive.
 *
 * 3. Several sign changes.  The range [Rmin, Rmax] is mapped to [zA, zB] (a certified
 *    superset) and split recursively.  An interval is dropped when the enclosure of F over it
 *    excludes zero (no root there).  When the enclosure of z F'(z) over it excludes zero, F is
 *    strictly monotone on it, so it holds a root exactly when F has opposite certified signs
 *    at its ends, and then exactly one.  Intervals that reach the minimal width without
 *    either proof are reported as unresolved (a double root, or roots closer than the width),
 *    never as roots.  So every root of the range is either listed, proven and unique in its
 *    bracket, or lies in a reported unresolved part.  For the printed digits only, the same
 *    search is first made on machine words (apr_words.c), which report only what they
 *    decided entirely.
 *
 * 4. Digits.  A bracket (lo, hi) settles the printed figure when no rounding boundary
 *    (k + 1/2) 10^-d lies strictly inside it; otherwise the sign of F at the boundary decides
 *    on which side the root is (an exact zero there, found by exact rational evaluation, means
 *    the root is the boundary itself and rounds half-up). */
#include <config.h>

#include "apr_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "owed_limits.h"

#define APR_P_MIN 128
#define APR_P_MAX 16384
#define APR_ISOLATE_MAX_EVALS 100000
#define APR_WORDS_MAX_ROOTS 16 /* most sign changes (so roots) the words isolate */

/* The constants the default range's views read: 1, 9999 and 10000 (apr_roots). */
static const mp_limb_t range_limbs[3] = {1, 9999, 10000};

/* x as a read-only view of the constant sign |num| / den (one limb each, sign -1, 0 or 1): the
 * fields mpz_roinit_n would set, without its calls (as apr_q_view_zero). */
static inline void range_view(mpq_ptr x, int sign, const mp_limb_t *num, const mp_limb_t *den)
{
    x->_mp_num._mp_alloc = 0;
    x->_mp_num._mp_size = sign;
    x->_mp_num._mp_d = (mp_limb_t *)num; /* read only */
    x->_mp_den._mp_alloc = 0;
    x->_mp_den._mp_size = 1;
    x->_mp_den._mp_d = (mp_limb_t *)den;
}

void apr_roots_init(apr_roots *rs)
{
    memset(rs, 0, sizeof *rs);
    apr_q_view_zero(rs->range_lo); /* 0, as mpq_init */
    apr_q_view_zero(rs->range_hi);
}

void apr_roots_set_range(apr_roots *rs, mpq_srcptr lo, mpq_srcptr hi, int defaults)
{
    if (!rs->range_owned && (lo != NULL || hi != NULL)) {
        mpq_t l, h; /* the values so far, copied into numbers of their own */
        memcpy(l, rs->range_lo, sizeof l);
        memcpy(h, rs->range_hi, sizeof h);
        mpq_init(rs->range_lo);
        mpq_init(rs->range_hi);
        mpq_set(rs->range_lo, l);
        mpq_set(rs->range_hi, h);
        rs->range_owned = 1;
    }
    if (lo != NULL)
        mpq_set(rs->range_lo, lo);
    else if (defaults && rs->range_owned)
        mpq_set_si(rs->range_lo, -9999, 10000);
    else if (defaults)
        range_view(rs->range_lo, -1, &range_limbs[1], &range_limbs[2]);
    if (hi != NULL)
        mpq_set(rs->range_hi, hi);
    else if (defaults && rs->range_owned)
        mpq_set_ui(rs->range_hi, 10000, 1);
    else if (defaults)
        range_view(rs->range_hi, 1, &range_limbs[2], &range_limbs[0]);
}

void apr_roots_clear(apr_roots *rs)
{
    apr_roots_release(rs);
    memset(rs, 0, sizeof *rs);
}

void apr_roots_release(apr_roots *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->r[i].lazy)
            continue;
        mpq_clear(rs->r[i].lo);
        mpq_clear(rs->r[i].hi);
    }
    if (rs->r != &rs->first)
        owed_mem_free(rs->r);
    if (rs->range_owned) {
        mpq_clear(rs->range_lo);
        mpq_clear(rs->range_hi);
    }
}

/* Gives r's bracket lo and hi numbers of their own (nothing when it has them). */
static void root_unlazy(apr_root *r)
{
    if (r->lazy) {
        mpq_init(r->lo);
        mpq_init(r->hi);
        r->lazy = 0;
    }
}

/* A new root at the end of rs, or NULL when memory runs out.  A lazy root (lazy != 0) has no
 * numbers for its bracket: only the words' digits-only path may settle it as it is (it
 * declines a root whose figure does not fit a word), any other one calls root_unlazy first. */
static apr_root *roots_push(apr_roots *rs, int lazy)
{
    if (rs->n == 0) {
        rs->r = &rs->first; /* one root, the usual outcome, allocates nothing */
    } else {
        apr_root *r = owed_mem_alloc((rs->n + 1) * sizeof *r);
        if (r == NULL)
            return NULL;
        memcpy(r, rs->r, rs->n * sizeof *r);
        if (rs->r != &rs->first)
            owed_mem_free(rs->r);
        rs->r = r;
    }
    apr_root *x = &rs->r[rs->n++];
    x->lazy = 1;
    if (!lazy)
        root_unlazy(x);
    x->exact = 0;
    x->decimals = 0;
    x->has_figure = 0;
    return x;
}

void apr_root_bracket(mpq_t lo, mpq_t hi, const apr_root *r)
{
    if (!r->lazy) {
        mpq_set(lo, r->lo);
        mpq_set(hi, r->hi);
        return;
    }
    /* (2f -+ 1) / (2 10^(decimals + 2)), each reduced (only fives may cancel: 2f -+ 1 is
     * odd) */
    mpz_set_si(mpq_numref(hi), r->figure);
    mpz_mul_2exp(mpq_numref(hi), mpq_numref(hi), 1);
    mpz_sub_ui(mpq_numref(lo), mpq_numref(hi), 1);
    mpz_add_ui(mpq_numref(hi), mpq_numref(hi), 1);
    mpz_ui_pow_ui(mpq_denref(hi), 10, r->decimals + 2);
    mpz_mul_2exp(mpq_denref(hi), mpq_denref(hi), 1);
    mpz_set(mpq_denref(lo), mpq_denref(hi));
    mpq_canonicalize(lo);
    mpq_canonicalize(hi);
}

/* ---- small helpers ---------------------------------------------------------------------- */

/* u = 10^-(decimals + 2): one unit of the last printed digit of a percent, as a fraction. */
static void unit_of(mpq_t u, unsigned decimals)
{
    mpz_set_ui(mpq_numref(u), 1);
    mpz_ui_pow_ui(mpq_denref(u), 10, decimals + 2);
}

/* floor(log10 |x|), x != 0. */
static long floor_log10(const mpq_t x)
{
    mpq_t a, p;
    mpq_inits(a, p, NULL);
    mpq_abs(a, x);
    long e = (long)mpz_sizeinbase(mpq_numref(a), 10) - (long)mpz_sizeinbase(mpq_denref(a), 10);
    for (;;) {
        mpq_set_ui(p, 1, 1);
        if (e >= 0)
            mpz_ui_pow_ui(mpq_numref(p), 10, (unsigned long)e);
        else
            mpz_ui_pow_ui(mpq_denref(p), 10, (unsigned long)-e);
        if (mpq_cmp(a, p) < 0) {
            e--;
            continue;
        }
        mpz_mul_ui(mpq_numref(p), mpq_numref(p), 10);
        mpq_canonicalize(p);
        if (mpq_cmp(a, p) >= 0) {
            e++;
            continue;
        }
        break;
    }
    mpq_clears(a, p, NULL);
    return e;
}

static unsigned decimals_for_significant(const mpq_t R, unsigned significant)
{
    if (mpq_sgn(R) == 0)
        return significant;
    long d = (long)significant - 3 - floor_log10(R);
    if (d < 0)
        d = 0;
    if (d > OWED_APR_MAX_DIGITS)
        d = OWED_APR_MAX_DIGITS;
    return (unsigned)d;
}

static unsigned bitlen_ul(unsigned long v)
{
    unsigned b = 0;
    while (v) {
        b++;
        v >>= 1;
    }
    return b;
}

/* Working precision for a figure with `digits` decimal digits after the point of the
 * fraction (decimals + 2), plus guard bits for the grid, the time unit and the sums. */
static mp_bitcnt_t choose_P(const apr_eq *eq, unsigned digits)
{
    unsigned long bits = (unsigned long)digits * 10 / 3 + 24 + bitlen_ul(eq->D) + bitlen_ul(eq->n) +
                         bitlen_ul(eq->max_expo) + 48;
    bits = (bits + 63) / 64 * 64;
    return bits < APR_P_MIN ? APR_P_MIN : bits;
}

/* Is there a rounding boundary (k + 1/2) u strictly inside (lo, hi)?  The smallest one above
 * lo goes to b.  With lo = n/d and u = p/q (lowest terms, d, p, q > 0),
 * k = floor(lo/u - 1/2) + 1 = floor((2 n q - d p) / (2 d p)) + 1 and b = (2k + 1) p / (2 q),
 * put in lowest terms once: the value of the rational steps, without a gcd at each. */
static int boundary_inside(mpq_t b, const mpq_t lo, const mpq_t hi, const mpq_t u)
{
    mpz_t t, s;
    mpz_inits(t, s, NULL);
    mpz_mul(t, mpq_numref(lo), mpq_denref(u));
    mpz_mul_2exp(t, t, 1);                     /* 2 n q */
    mpz_mul(s, mpq_denref(lo), mpq_numref(u)); /* d p */
    mpz_sub(t, t, s);
    mpz_mul_2exp(s, s, 1);
    mpz_fdiv_q(t, t, s);    /* k - 1 */
    mpz_mul_2exp(t, t, 1);
    mpz_add_ui(t, t, 3);    /* 2 k + 1 */
    mpz_mul(mpq_numref(b), t, mpq_numref(u));
    mpz_mul_2exp(mpq_denref(b), mpq_denref(u), 1);
    mpq_canonicalize(b);
    int inside = mpq_cmp(b, hi) < 0;
    mpz_clears(t, s, NULL);
    return inside;
}

/* Certified sign of F at the dyadic point Z: -1, +1, 0 (exactly zero), 2 undecided. */
static int point_sign(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t lo, mpz_t hi)
{
    int hint = apr_sign_hint(eq, ws->P, Z, Z, NULL); /* the sign apr_eval would give, or 0 */
    if (hint != 0)
        return hint;
    apr_eval(ws, eq, Z, Z, lo, hi, NULL, NULL);
    if (mpz_sgn(lo) > 0)
        return 1;
    if (mpz_sgn(hi) < 0)
        return -1;
    if (mpz_sgn(lo) == 0 && mpz_sgn(hi) == 0)
        return 0;
    return 2;
}

/* Certified sign of F over the enclosure [ZL, ZH] of z(R). */
static int interval_sign(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH, mpz_t lo,
                         mpz_t hi)
{
    int hint = apr_sign_hint(eq, ws->P, ZL, ZH, NULL);
    if (hint != 0)
        return hint;
    apr_eval(ws, eq, ZL, ZH, lo, hi, NULL, NULL);
    if (mpz_sgn(lo) > 0)
        return 1;
    if (mpz_sgn(hi) < 0)
        return -1;
    if (mpz_sgn(lo) == 0 && mpz_sgn(hi) == 0)
        return 0;
    return 2;
}

/* Number of units of z (at precision P, around Z) that move the rate by g: the half-width
 * of the bracket to certify.  compound: dR = D (1 + R) dz / z, 1 + R = z^-D;
 * nominal: dR = w dz / z^2. */
static void z_width_for(mpz_t delta, const apr_eq *eq, const mpz_t Z, const mpq_t g,
                        mp_bitcnt_t P, mpz_t p, mpz_t tmp)
{
    /* p, tmp: the caller's scratch (two variables other than delta and Z) */
    if (eq->nominal) {
        mpz_mul(delta, Z, Z);
        mpz_mul(delta, delta, mpq_numref(g));
        mpz_mul(delta, delta, mpq_denref(eq->w));
        mpz_mul(p, mpq_denref(g), mpq_numref(eq->w));
        mpz_mul_2exp(p, p, P);
        mpz_fdiv_q(delta, delta, p);
    } else {
        apr_fx_pow(p, Z, eq->D, P, 0, tmp);
        mpz_mul(delta, Z, p);
        mpz_mul(delta, delta, mpq_numref(g));
        mpz_mul_ui(p, mpq_denref(g), eq->D);
        mpz_mul_2exp(p, p, P);
        mpz_fdiv_q(delta, delta, p);
    }
}

/* Safeguarded Newton on F in z inside the approximate bracket [Za, Zb] (sa: sign of F at Za):
 * stops when a step is at most tol.  F0, dF0 (may be NULL) are F and z F' already computed at
 * Z.  F, dF, step, Zn: the caller's scratch, four variables none of the others (their
 * allocations are kept from one call to the next).  A heuristic: nothing relies on its
 * result. */
static void newton(apr_ws *ws, const apr_eq *eq, mpz_t Z, mpz_t Za, mpz_t Zb, int sa,
                   const mpz_t tol, mpz_srcptr F0, mpz_srcptr dF0, mpz_t F, mpz_t dF,
                   mpz_t step, mpz_t Zn)
{
    for (int it = 0; it < 400; it++) {
        if (it == 0 && F0 != NULL && dF0 != NULL) {
            mpz_set(F, F0);
            mpz_set(dF, dF0);
        } else {
            apr_eval_approx(ws, eq, Z, F, dF);
        }
        int s = mpz_sgn(F);
        if (s == 0)
            break;
        if (s == sa)
            mpz_set(Za, Z);
        else
            mpz_set(Zb, Z);
        int bisect = mpz_sgn(dF) == 0;
        if (!bisect) {
            mpz_mul(step, Z, F);
            mpz_tdiv_q(step, step, dF);
            if (mpz_cmpabs(step, tol) <= 0) { /* converged: a last, small step */
                mpz_sub(Z, Z, step);
                break;
            }
            mpz_sub(Zn, Z, step);
            bisect = mpz_cmp(Zn, Za) <= 0 || mpz_cmp(Zn, Zb) >= 0;
        }
        if (bisect) {
            mpz_add(Zn, Za, Zb);
            mpz_fdiv_q_2exp(Zn, Zn, 1);
        }
        mpz_sub(step, Zn, Z);
        mpz_set(Z, Zn);
        if (mpz_cmpabs(step, tol) <= 0)
            break;
        mpz_sub(step, Zb, Za);
        if (mpz_cmp(step, tol) <= 0)
            break;
    }
}

/* The first Newton pass of settle: from Zstart in [Za0, Zb0] (sa, F0, dF0 as settle has them)
 * to about 7 digits of the rate, enough to know its size (dR/R ~ D dz/z).  Sets Z, the
 * narrowed bracket Za, Zb and tol (the tolerance used); s1..s4: the caller's scratch. */
static void newton_coarse(apr_ws *ws, const apr_eq *eq, mpz_t Z, mpz_t Za, mpz_t Zb, mpz_t tol,
                          const mpz_t Za0, const mpz_t Zb0, int sa, const mpz_t Zstart,
                          mpz_srcptr F0, mpz_srcptr dF0, mpz_t s1, mpz_t s2, mpz_t s3, mpz_t s4)
{
    mp_bitcnt_t P = ws->P;
    mpz_set(Za, Za0);
    mpz_set(Zb, Zb0);
    mpz_set(Z, Zstart);
    unsigned long shift = 24 + bitlen_ul(eq->D);
    mpz_fdiv_q_2exp(tol, Z, shift < P - 8 ? shift : P - 8);
    if (mpz_sgn(tol) == 0)
        mpz_set_ui(tol, 1);
    newton(ws, eq, Z, Za, Zb, sa, tol, F0, dF0, s1, s2, s3, s4);
}

/* The ends of the bracket to certify around Z: Z -+ delta, within [Za0, Zb0] when clip, and
 * Zm at least 1. */
static void bracket_ends(mpz_t Zm, mpz_t Zp, const mpz_t Z, const mpz_t delta, const mpz_t Za0,
                         const mpz_t Zb0, int clip)
{
    mpz_sub(Zm, Z, delta);
    mpz_add(Zp, Z, delta);
    if (clip) {
        if (mpz_cmp(Zm, Za0) < 0)
            mpz_set(Zm, Za0);
        if (mpz_cmp(Zp, Zb0) > 0)
            mpz_set(Zp, Zb0);
    }
    if (mpz_sgn(Zm) <= 0)
        mpz_set_ui(Zm, 1);
}

/* Which side of the rounding boundary b the root certified between Zm and Zp is on (sm: the
 * certified sign of F at Zm; Z an approximation of the root; Za0, Zb0, clip as settle has
 * them): *side = +1 above b, -1 below, 0 exactly b.  Returns 0, or 1 when it cannot be
 * decided at this precision.  bl, bh, lo, hi: the caller's scratch, four variables none of
 * the others. */
static int boundary_side(int *side, apr_ws *ws, const apr_eq *eq, const mpq_t b, const mpz_t Z,
                         const mpz_t Zm, const mpz_t Zp, int sm, const mpz_t Za0, const mpz_t Zb0,
                         int clip, mpz_t bl, mpz_t bh, mpz_t lo, mpz_t hi)
{
    if (apr_z_of_rate(bl, bh, eq, b, ws->P, Z) != 0)
        return 1;
    if (mpz_cmp(bh, Zm) < 0) {
        *side = -1; /* z(b) < Zm < z*: b above the root */
    } else if (mpz_cmp(bl, Zp) > 0) {
        *side = 1;
    } else {
        if (clip && (mpz_cmp(bl, Za0) < 0 || mpz_cmp(bh, Zb0) > 0))
            return 1;
        int sb = interval_sign(ws, eq, bl, bh, lo, hi);
        if (sb == 2) {
            int es;
            if (!apr_exact_sign(&es, eq, b))
                return 1;
            sb = es;
        }
        *side = sb == 0 ? 0 : sb == sm ? -1 : 1;
    }
    return 0;
}

/* Settles one root known to lie in [Za, Zb] (the only one there; for clip, F is monotone on
 * [Za, Zb] and the signs at its ends are certified; without clip F is monotone everywhere and
 * [Za, Zb] is only a guess).  sa: sign of F at Za.  Returns 0 with the root in *out, 1 when
 * more precision is needed. */
int apr_settle_test_widenings = 0;

static int settle(apr_root *out, apr_ws *ws, const apr_eq *eq, const mpz_t Za0, const mpz_t Zb0,
                  int sa, const mpz_t Zstart, mpz_srcptr F0, mpz_srcptr dF0, int clip,
                  unsigned decimals, unsigned significant)
{
    mp_bitcnt_t P = ws->P;
    int rc = 1;
    mpz_t Za, Zb, Z, tol, delta, Zm, Zp, lo, hi, bl, bh;
    mpq_t Rl, Rh, u, g, h, b;
    mpz_inits(Za, Zb, Z, tol, delta, Zm, Zp, lo, hi, bl, bh, NULL);
    mpq_inits(Rl, Rh, u, g, h, b, NULL);
    newton_coarse(ws, eq, Z, Za, Zb, tol, Za0, Zb0, sa, Zstart, F0, dF0, Zm, Zp, lo, hi);
    if (significant) { /* the size of the rate decides the decimals; else nothing uses it */
        apr_rate_of_z(Rl, Rh, eq, Z, Z, P);
        mpq_add(Rl, Rl, Rh);
        mpq_div_2exp(Rl, Rl, 1);
        decimals = decimals_for_significant(Rl, significant);
    }
    unit_of(u, decimals);
    /* bracket half-width g: a 2000th of the last digit; grid of the bracket's ends h: a
     * 100000th.  u = 1 / 10^(decimals + 2), so both are 1 / (k den u), in lowest terms. */
    mpz_set_ui(mpq_numref(g), 1);
    mpz_mul_ui(mpq_denref(g), mpq_denref(u), 2000);
    mpz_set_ui(mpq_numref(h), 1);
    mpz_mul_ui(mpq_denref(h), mpq_denref(u), 100000);
    z_width_for(delta, eq, Z, g, P, bl, bh); /* scratch, set before their own use */
    if (mpz_cmp_ui(delta, 64) < 0)
        goto out; /* not enough bits to resolve the grid */
    mpz_fdiv_q_2exp(tol, delta, 6);
    newton(ws, eq, Z, Za, Zb, sa, tol, NULL, NULL, Zm, Zp, lo, hi);

    int sm = 2, sp = 2;
    int widen = apr_settle_test_widenings > 0 && apr_settle_test_widenings < 4
                    ? apr_settle_test_widenings : 0;
    mpz_mul_2exp(delta, delta, 4 * (mp_bitcnt_t)widen);
    for (; widen < 4; widen++) {
        bracket_ends(Zm, Zp, Z, delta, Za0, Zb0, clip);
        sm = point_sign(ws, eq, Zm, lo, hi);
        sp = point_sign(ws, eq, Zp, lo, hi);
        if (sm == 2 || sp == 2 || sm == 0 || sp == 0)
            goto out;
        if (sm != sp)
            break;
        mpz_mul_2exp(delta, delta, 4);
    }
    if (sm == sp)
        goto out;

    /* lo < R < hi, rounded outward to the grid h = 1 / den(h).
     * apr_rate_of_z(.., ZL, ZH): Rl <= R(ZH) = R(Zp), R(ZL) = R(Zm) <= Rh */
    apr_rate_of_z_grid(Rl, Rh, eq, Zm, Zp, P, mpq_denref(h));

    /* Each rounding boundary b inside the bracket, lowest first: which side of b is the root
     * on?  A bracket widened three times above (half-width about two units of the last
     * digit) can hold several; deciding only the first would leave the printed midpoint
     * free to round across the next.  A root below b ends the search (b is then the
     * bracket's top, and no boundary lies between its bottom and b). */
    while (boundary_inside(b, Rl, Rh, u)) {
        int side; /* +1: root above b, -1: below, 0: exactly b */
        if (boundary_side(&side, ws, eq, b, Z, Zm, Zp, sm, Za0, Zb0, clip, bl, bh, lo, hi) != 0)
            goto out;
        if (side == 0) {
            mpq_set(Rl, b);
            mpq_set(Rh, b);
            out->exact = 1;
            break;
        } else if (side < 0) {
            mpq_set(Rh, b);
        } else {
            mpq_set(Rl, b);
        }
    }
    mpq_set(out->lo, Rl);
    mpq_set(out->hi, Rh);
    out->decimals = decimals;
    out->has_figure = 0;
    rc = 0;
out:
    mpz_clears(Za, Zb, Z, tol, delta, Zm, Zp, lo, hi, bl, bh, NULL);
    mpq_clears(Rl, Rh, u, g, h, b, NULL);
    return rc;
}

/* q = odd / (2 U), U = 10^e, in lowest terms: odd is odd, so only fives may cancel. */
static void set_half_odd(mpq_t q, const mpz_t odd, const mpz_t U, unsigned e)
{
    mpz_set(mpq_numref(q), odd);
    mpz_mul_2exp(mpq_denref(q), U, 1);
    for (unsigned k = 0; k < e && mpz_divisible_ui_p(mpq_numref(q), 5); k++) {
        mpz_divexact_ui(mpq_numref(q), mpq_numref(q), 5);
        mpz_divexact_ui(mpq_denref(q), mpq_denref(q), 5);
    }
}

/* settle() for a caller that shows the printed figure only (apr_roots.digits_only): the same
 * proof of the digits, by a shorter path, and a wider bracket.  The root is certified between
 * Zm and Zp exactly as settle() does it (opposite certified signs of F, so R(Zp) < R < R(Zm)),
 * and bounded outward by Nl / Dl <= R(Zp), R(Zm) <= Nh / Dh (on words when they apply, else
 * apr_rate_of_z), not rounded to the grid.  With u = 1 / U the unit of the last digit, the
 * rounding boundaries are b_j = (2j + 1) / (2U); b_j, the least above the lower bound, is
 * j = floor((2 Nl U - Dl) / (2 Dl)) + 1.  When b_j is not below the upper bound, the root
 * lies in (b_j - u, b_j); when it is, the sign of F at b_j decides the side as settle() does
 * (the root is then b_j exactly, or in (b_j - u, b_j), or in (b_j, b_j + u) when b_(j+1) is not
 * below the upper bound).  The bracket stored is that rounding interval, which holds the root
 * strictly, or lo == hi == b_j: its midpoint is the printed figure, and settle()'s bracket,
 * which holds the root and no boundary strictly inside, lies in the same interval, so
 * owed_apr_result_percent prints the same digits from either.  The point the bracket is
 * centred on comes from Newton on machine words (apr_newton_words), whose last step is
 * within 2^-44 of z; when the words do not apply, or their point does not certify, from
 * settle()'s first Newton pass, whose last step is within 2^-(24 + log D), which leaves the
 * root far closer than the bracket's half-width: settle()'s second pass (to a 128th of the
 * bracket) is left out.  When the signs still fail to certify, settle() runs.  Returns 0 with the root in *out, or 1 when
 * this path did not settle it (nothing written to *out): then the caller runs settle(),
 * whose outcome is the full path's own. */
static int settle_digits(apr_root *out, apr_ws *ws, const apr_eq *eq, const mpz_t Za0,
                         const mpz_t Zb0, int sa, const mpz_t Zstart, mpz_srcptr F0,
                         mpz_srcptr dF0, int clip, unsigned decimals)
{
    mp_bitcnt_t P = ws->P;
    int rc = 1;
    mpz_t Za, Zb, Z, tol, delta, Zm, Zp, lo, hi, bl, bh, U, j;
    mpq_t Rl, Rh, b;
    mpz_inits(Za, Zb, Z, tol, delta, Zm, Zp, lo, hi, bl, bh, U, j, NULL);
    mpq_inits(Rl, Rh, b, NULL);
    /* Newton on words; Newton on mpz (settle's first pass) when the words do not apply, or
     * when their point does not certify */
    mpz_set(Z, Zstart);
    int words = apr_newton_words(eq, P, Z, Za0, Zb0, sa);
    if (!words)
        newton_coarse(ws, eq, Z, Za, Zb, tol, Za0, Zb0, sa, Zstart, F0, dF0, Zm, Zp, lo, hi);
    mpz_ui_pow_ui(U, 10, decimals + 2);
    int sm;
    for (;;) {
        /* the bracket's half-width, a 2000th of the last digit, as settle() has it */
        uint64_t zD;
        if (apr_pow_word(&zD, eq, Z, P) && zD > 0) { /* z_width_for with z^D on a word */
            mpz_mul_ui(delta, Z, zD);
            mpz_mul_ui(bl, U, 2000);
            mpz_mul_ui(bl, bl, eq->D);
            mpz_mul_2exp(bl, bl, 60);
            mpz_fdiv_q(delta, delta, bl);
        } else {
            mpq_set_ui(Rl, 1, 1);
            mpz_mul_ui(mpq_denref(Rl), U, 2000);
            z_width_for(delta, eq, Z, Rl, P, bl, bh); /* scratch, set before their own use */
        }
        if (mpz_cmp_ui(delta, 64) < 0)
            goto out;
        bracket_ends(Zm, Zp, Z, delta, Za0, Zb0, clip);
        if (mpz_cmp(Zm, Zp) < 0) {
            sm = point_sign(ws, eq, Zm, lo, hi);
            if ((sm == 1 || sm == -1) && point_sign(ws, eq, Zp, lo, hi) == -sm)
                break; /* the root is certified between Zm and Zp */
        }
        if (!words)
            goto out;
        words = 0;
        newton_coarse(ws, eq, Z, Za, Zb, tol, Za0, Zb0, sa, Z, NULL, NULL, Zm, Zp, lo, hi);
    }

    /* Nl / Dl = Rl <= R(Zp) < R < R(Zm) <= Rh = Nh / Dh, the fractions as they come */
    mpz_ptr Nl = mpq_numref(Rl), Dl = mpq_denref(Rl), Nh = mpq_numref(Rh), Dh = mpq_denref(Rh);
    if (!apr_rate_of_z_words(Nl, Dl, Nh, Dh, eq, Zm, Zp, P))
        apr_rate_of_z(Rl, Rh, eq, Zm, Zp, P);
    /* j: b_j = (2j + 1) / (2U) the least boundary above Rl; then lo = 2j + 1 */
    mpz_mul(j, Nl, U);
    mpz_mul_2exp(j, j, 1);
    mpz_sub(j, j, Dl);
    mpz_mul_2exp(bl, Dl, 1);
    mpz_fdiv_q(j, j, bl);
    mpz_add_ui(j, j, 1);
    mpz_mul_2exp(lo, j, 1);
    mpz_add_ui(lo, lo, 1);
    /* b_j < Rh, that is (2j + 1) Dh < 2 U Nh: a boundary inside the bracket */
    mpz_mul(bl, lo, Dh);
    mpz_mul(hi, U, Nh);
    mpz_mul_2exp(hi, hi, 1); /* 2 U Nh, kept in hi */
    if (mpz_cmp(bl, hi) < 0) {
        int side; /* +1: root above b, -1: below, 0: exactly b */
        set_half_odd(b, lo, U, decimals + 2);
        if (boundary_side(&side, ws, eq, b, Z, Zm, Zp, sm, Za0, Zb0, clip, bl, bh, Za, Zb) != 0)
            goto out;
        if (side == 0) {
            mpq_set(out->lo, b);
            mpq_set(out->hi, b);
            out->exact = 1;
            out->decimals = decimals;
            out->has_figure = 0;
            rc = 0;
            goto out;
        }
        if (side > 0) {
            /* the root is in (b_j, Rh): b_(j+1) must not be below Rh */
            mpz_add_ui(lo, lo, 2);
            mpz_mul(bl, lo, Dh);
            if (mpz_cmp(bl, hi) < 0)
                goto out; /* a second boundary inside: the bracket spans more than a digit */
        }
    }
    /* the root is in (b - u, b), b = lo / (2U) */
    set_half_odd(out->hi, lo, U, decimals + 2);
    mpz_sub_ui(lo, lo, 2);
    set_half_odd(out->lo, lo, U, decimals + 2);
    out->exact = 0;
    out->decimals = decimals;
    mpz_add_ui(lo, lo, 1); /* 2f, f the figure: the bracket's midpoint is f / U */
    out->has_figure = mpz_fits_slong_p(lo) && mpz_size(lo) <= 1 && decimals <= 18;
    if (out->has_figure)
        out->figure = mpz_get_si(lo) / 2;
    rc = 0;
out:
    mpz_clears(Za, Zb, Z, tol, delta, Zm, Zp, lo, hi, bl, bh, U, j, NULL);
    mpq_clears(Rl, Rh, b, NULL);
    return rc;
}

/* b^e mod m, m < 2^8. */
static unsigned long pow_mod_small(unsigned long b, unsigned long e, unsigned long m)
{
    unsigned long r = 1 % m;
    for (b %= m; e != 0; e >>= 1) {
        if (e & 1)
            r = r * b % m;
        b = b * b % m;
    }
    return r;
}

/* The n limbs at a modulo m (0 < m < 2^8), from the top limb down: cheaper than mpn_mod_1's
 * set-up for the limb or two of an amount. */
static unsigned long limbs_mod_small(const mp_limb_t *a, mp_size_t n, unsigned long m)
{
    unsigned long base = (unsigned long)((~(mp_limb_t)0 % m + 1) % m); /* 2^GMP_NUMB_BITS mod m */
    unsigned long r = 0;
    for (mp_size_t i = n; i-- > 0;)
        r = (r * base + (unsigned long)(a[i] % m)) % m;
    return r;
}

/* 0 when |A1 / A0| (n1 limbs at a1 over n0 at a0, n0, n1 >= 1) is provably not the q-th power
 * of a rational, else 1 (it may be).  If A1 / A0 = (a / b)^q, a / b in lowest terms, then
 * A1 b^q = A0 a^q, so a prime m that divides neither A0 nor A1 divides neither a nor b, and
 * A1 / A0 is a q-th power modulo m: with g = gcd(q, m - 1) > 1 and e = (m - 1) / g,
 * (A1 / A0)^e = 1, that is A1^e = A0^e (mod m).  A few residues instead of the reduced
 * ratio and two roots, which the usual ratio (no power) needs to be refused. */
static int may_be_qth_power(const mp_limb_t *a1, mp_size_t n1, const mp_limb_t *a0,
                            mp_size_t n0, unsigned long q)
{
    static const unsigned char primes[] = {3,  5,  7,  11, 13, 17, 19, 23, 29,  31,  37,
                                           41, 43, 47, 53, 59, 61, 67, 71, 73,  79,  83,
                                           89, 97, 101, 103, 107, 109, 113, 127, 131, 137};
    for (size_t k = 0; k < sizeof primes; k++) {
        unsigned long m = primes[k], g = m - 1;
        for (unsigned long x = q; x != 0;) { /* g = gcd(q, m - 1) */
            unsigned long t = g % x;
            g = x;
            x = t;
        }
        if (g == 1)
            continue;
        unsigned long v1 = limbs_mod_small(a1, n1, m), v0 = limbs_mod_small(a0, n0, m);
        if (v1 == 0 || v0 == 0)
            continue;
        unsigned long e = (m - 1) / g;
        if (pow_mod_small(v1, e, m) != pow_mod_small(v0, e, m))
            return 0;
    }
    return 1;
}

int apr_two_terms_may_be_exact(unsigned long *p_out, unsigned long *q_out, int nominal,
                               unsigned long D, unsigned long d, const mp_limb_t *a1,
                               mp_size_t n1, const mp_limb_t *a0, mp_size_t n0)
{
    unsigned long p, q;
    if (nominal) {
        p = 1; /* 1/z = (A1/A0)^(1/d); R = w (1/z - 1) */
        q = d;
    } else {
        p = D; /* 1 + R = z^-D = (A1/A0)^(D/d) */
        q = d;
    }
    unsigned long a = p, bb = q;
    while (bb) {
        unsigned long r = a % bb;
        a = bb;
        bb = r;
    }
    p /= a;
    q /= a;
    *p_out = p;
    *q_out = q;
    /* as the test of exact_two_terms finds, at less cost */
    return !(p > 4096 || (q > 1 && !may_be_qth_power(a1, n1, a0, n0, q)));
}

/* The exact root of a two-term equation A0 z^e0 + A1 z^e1 = 0 when it is rational:
 * z^(e1 - e0) = |A0 / A1|.  R is not initialised: made and set when this returns 1 (the
 * caller clears it then), left alone when it returns 0. */
static int exact_two_terms(mpq_t R, const apr_eq *eq)
{
    if (eq->n != 2 || eq->has_frac || eq->changes != 1)
        return 0;
    unsigned long p, q;
    if (!apr_two_terms_may_be_exact(&p, &q, eq->nominal, eq->D, eq->t[1].expo - eq->t[0].expo,
                                    eq->t[1].al, eq->t[1].aln, eq->t[0].al, eq->t[0].aln))
        return 0;
    mpq_t ratio;
    mpz_t rn, rd;
    mpq_init(ratio);
    mpz_inits(rn, rd, NULL);
    mpq_set_num(ratio, eq->t[1].amag);
    mpq_set_den(ratio, eq->t[0].amag);
    mpq_canonicalize(ratio);
    int ok = 0;
    if (p <= 4096 && mpz_root(rn, mpq_numref(ratio), q) && mpz_root(rd, mpq_denref(ratio), q)) {
        mpq_init(R);
        mpz_pow_ui(mpq_numref(R), rn, p);
        mpz_pow_ui(mpq_denref(R), rd, p);
        mpq_canonicalize(R);
        mpq_set_ui(ratio, 1, 1);
        mpq_sub(R, R, ratio);
        if (eq->nominal)
            mpq_mul(R, R, eq->w);
        ok = 1;
    }
    mpq_clear(ratio);
    mpz_clears(rn, rd, NULL);
    return ok;
}

/* 0, or -1 when memory runs out. */
static int set_exact_root(apr_roots *out, const mpq_t R, unsigned decimals, unsigned significant)
{
    apr_root *r = roots_push(out, 0);
    if (r == NULL)
        return -1;
    mpq_set(r->lo, R);
    mpq_set(r->hi, R);
    r->exact = 1;
    r->decimals = significant ? decimals_for_significant(R, significant) : decimals;
    r->has_figure = 0;
    return 0;
}

/* Sign of the sum of the amounts: F at z = 1, that is at R = 0, exactly. */
static int sign_at_zero(const apr_eq *eq)
{
    return mpz_sgn(eq->sum_a);
}

/* An approximate bracket of the unique root (flows with one sign change): one end is z = 1,
 * whose sign S1 is exact; the other end moves away from 1 by squaring until the sign of F
 * (approximately) differs.  Returns 0, or -1 when the rate is beyond the representable
 * range. */
static int find_bracket(apr_ws *ws, const apr_eq *eq, int S1, mpz_t Za, mpz_t Zb, int *sa, mpz_t Z,
                        mpz_t F, mpz_t dF)
{
    mp_bitcnt_t P = ws->P;
    int rc = -1;
    mpz_t one;
    mpq_t s0, t;
    mpz_init(one);
    mpq_inits(s0, t, NULL);
    mpz_setbit(one, P);
    int left = (-eq->first_sign) * S1 > 0; /* root at z < 1, that is R > 0 */
    /* First-order estimate of s = -ln z: sum A (1 - e s) = 0. */
    mpz_srcptr sA = eq->sum_a, sAe = eq->sum_an;
    if (mpz_sgn(sAe) != 0) {
        mpq_set_num(s0, sA);
        mpq_set_den(s0, sAe);
        if (mpz_sgn(sAe) < 0) {
            mpz_neg(mpq_numref(s0), mpq_numref(s0));
            mpz_neg(mpq_denref(s0), mpq_denref(s0));
        }
        mpq_canonicalize(s0);
    }
    if (left) {
        if (mpq_sgn(s0) <= 0)
            mpq_set_ui(s0, 1, eq->max_expo + 1);
    } else {
        mpq_set_si(t, -1, 2);
        if (mpq_sgn(s0) >= 0)
            mpq_set_si(s0, -1, 2 * (eq->max_expo + 1));
        if (mpq_cmp(s0, t) < 0)
            mpq_set(s0, t);
    }
    /* Z = 2^P / (1 + s0) */
    mpq_set_ui(t, 1, 1);
    mpq_add(t, t, s0);
    mpz_mul_2exp(Z, mpq_denref(t), P);
    mpz_fdiv_q(Z, Z, mpq_numref(t));
    for (int it = 0; it < 200; it++) {
        apr_eval_approx(ws, eq, Z, F, dF);
        int s = mpz_sgn(F);
        if (s == 0 || s != S1) {
            if (mpz_cmp(Z, one) < 0) {
                mpz_set(Za, Z);
                mpz_set(Zb, one);
                *sa = s == 0 ? -S1 : s;
            } else {
                mpz_set(Za, one);
                mpz_set(Zb, Z);
                *sa = S1;
            }
            rc = 0;
            break;
        }
        mpz_mul(Z, Z, Z);
        mpz_fdiv_q_2exp(Z, Z, P);
        if (left && mpz_cmp_ui(Z, 16) < 0)
            break;
        if (!left && mpz_sizeinbase(Z, 2) > P + 64)
            break;
    }
    mpz_clear(one);
    mpq_clears(s0, t, NULL);
    return rc;
}

static owed_status solve_monotone(apr_roots *out, apr_eq *eq, unsigned decimals,
                                  unsigned significant, owed_error *err)
{
    int S1 = sign_at_zero(eq);
    mpq_t R; /* made by exact_two_terms when it finds the root, or here as 0 */
    int exact = S1 != 0 && exact_two_terms(R, eq);
    if (S1 == 0) {
        mpq_init(R);
        exact = 1;
    }
    if (exact) {
        int failed = set_exact_root(out, R, decimals, significant); /* R = 0 when S1 == 0 */
        mpq_clear(R);
        if (failed)
            return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
        out->outcome = OWED_APR_ONE_ROOT;
        return OWED_OK;
    }
    unsigned digits = significant ? significant + 6 : decimals + 6;
    int digits_only = out->digits_only && significant == 0;
    owed_status st = OWED_E_LIMIT;
    int reported = 0;
    /* the printed figure on machine words first (apr_words.c), into a lazy root (its
     * bracket made only when asked for); the mpz path when they do not settle it */
    int words = digits_only && !apr_words_test_off;
    apr_root *root = roots_push(out, words);
    if (root == NULL) {
        reported = 1;
        st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    }
    if (root != NULL && words && apr_words_settle_one(root, eq, S1, decimals) == 0) {
        out->outcome = OWED_APR_ONE_ROOT;
        return OWED_OK;
    }
    if (root != NULL)
        root_unlazy(root);
    apr_eq_complete(eq); /* the mpz search reads sum_an, the gaps and |A_k| e_k */
    mpz_t Za, Zb, Z, F, dF;
    mpz_inits(Za, Zb, Z, F, dF, NULL);
    for (mp_bitcnt_t P = choose_P(eq, digits); root != NULL && P <= APR_P_MAX; P *= 2) {
        apr_ws ws;
        if (apr_ws_init(&ws, eq, P) != 0) {
            apr_ws_clear(&ws);
            reported = 1;
            st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
            break;
        }
        int sa = 0;
        int fb = find_bracket(&ws, eq, S1, Za, Zb, &sa, Z, F, dF);
        int rc = -1;
        if (fb == 0 && digits_only)
            rc = settle_digits(root, &ws, eq, Za, Zb, sa, Z, F, dF, 0, decimals);
        if (fb == 0 && rc != 0)
            rc = settle(root, &ws, eq, Za, Zb, sa, Z, F, dF, 0, decimals, significant);
        apr_ws_clear(&ws);
        if (fb != 0) {
            reported = 1;
            st = owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                                _("the rate is too far from zero to compute (beyond %s)"),
                                S1 * (-eq->first_sign) > 0 ? "+10^(10^18) %" : "-100 %");
            break;
        }
        if (rc == 0) {
            st = OWED_OK;
            break;
        }
    }
    if (st == OWED_E_LIMIT && !reported)
        owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                       _("the rate could not be settled to the digits asked for"));
    mpz_clears(Za, Zb, Z, F, dF, NULL);
    if (st == OWED_OK)
        out->outcome = OWED_APR_ONE_ROOT;
    return st;
}

/* ---- several sign changes: isolation ---------------------------------------------------- */

typedef struct zint {
    mpz_t a, b;
} zint;

typedef struct zstack {
    size_t n, cap;
    zint *v;
    int failed; /* a push found no memory (the interval was not pushed) */
} zstack;

static void zstack_push(zstack *s, const mpz_t a, const mpz_t b)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        zint *v = owed_mem_realloc(s->v, cap * sizeof *v);
        if (v == NULL) {
            s->failed = 1;
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    mpz_init_set(s->v[s->n].a, a);
    mpz_init_set(s->v[s->n].b, b);
    s->n++;
}

static void zstack_free(zstack *s)
{
    for (size_t i = 0; i < s->n; i++)
        mpz_clears(s->v[i].a, s->v[i].b, NULL);
    owed_mem_free(s->v);
    memset(s, 0, sizeof *s);
}

static int root_cmp(const void *x, const void *y)
{
    const apr_root *a = x, *b = y;
    return mpq_cmp(a->lo, b->lo);
}

static owed_status solve_isolate(apr_roots *out, apr_eq *eq, unsigned decimals,
                                 unsigned significant, owed_error *err)
{
    /* The work is bounded before it starts: each root costs a bisection of about P/2 steps,
     * each step an evaluation of every term, and there are at most `changes` roots.  The
     * evaluations themselves are bounded too (a derivative that changes sign often makes
     * the bisection split more): at most 64 times the limit, in terms evaluated. */
    unsigned long long work = (unsigned long long)eq->n * eq->changes;
    long limit = owed_limit_get(OWED_LIMIT_ROOT_WORK, 0);
    if (work > (unsigned long long)limit)
        return owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                              _("too many sign changes to isolate every root: %zu dates times "
                                "%u sign changes is %llu, which exceeds the limit of %ld (%s)"),
                              eq->n, eq->changes, work, limit,
                              owed_limit_name(OWED_LIMIT_ROOT_WORK));
    size_t max_evals = (size_t)(64ULL * (unsigned long long)limit / eq->n);
    if (max_evals > APR_ISOLATE_MAX_EVALS)
        max_evals = APR_ISOLATE_MAX_EVALS;
    unsigned digits = significant ? significant + 6 : decimals + 6;
    mp_bitcnt_t P = choose_P(eq, digits);
    owed_status st = OWED_OK;
    apr_ws ws;
    int ws_made = 0; /* ws is set up when the search needs it, and cleared then */
    zstack todo = {0}, found = {0};
    size_t unresolved = 0, evals = 0;
    mpz_t zA, zB, t, Flo, Fhi, dlo, dhi, mid, width, minw;
    mpz_inits(zA, zB, t, Flo, Fhi, dlo, dhi, mid, width, minw, NULL);
    if (apr_z_of_rate(zA, t, eq, out->range_hi, P, NULL) != 0 ||
        apr_z_of_rate(t, zB, eq, out->range_lo, P, NULL) != 0) {
        st = owed_error_set(err, OWED_E_ARG, NULL, 0,
                            _("the search range is outside the rates the method allows"));
        goto done;
    }
    mpz_fdiv_q_2exp(minw, zB, P / 2);
    if (mpz_cmp_ui(minw, 4) < 0)
        mpz_set_ui(minw, 4);
    /* R = 0 (z = 1) is a root exactly when the amounts sum to zero: record it and search on
     * each side of it, where the exact zero at the shared end is never taken for a sign
     * change. */
    mpz_set_ui(mid, 0);
    mpz_setbit(mid, P);
    /* Digits only: the roots isolated and settled on machine words first (apr_words.c); the
     * search below when they do not decide everything. */
    int words_done = 0;
    if (out->digits_only && significant == 0 && !apr_words_test_off && sign_at_zero(eq) != 0 &&
        eq->changes <= APR_WORDS_MAX_ROOTS) {
        apr_root w[APR_WORDS_MAX_ROOTS];
        size_t nw = 0;
        for (size_t i = 0; i < eq->changes; i++) {
            mpq_inits(w[i].lo, w[i].hi, NULL);
            w[i].lazy = 0;
        }
        if (apr_words_isolate(w, eq->changes, &nw, eq, zA, zB, P, decimals, max_evals) == 0) {
            words_done = 1;
            for (size_t i = 0; i < nw && !todo.failed; i++) {
                apr_root *r = roots_push(out, 0);
                if (r == NULL) {
                    todo.failed = 1; /* reported as out of memory below */
                    break;
                }
                mpq_swap(r->lo, w[i].lo);
                mpq_swap(r->hi, w[i].hi);
                r->exact = 0;
                r->decimals = decimals;
                r->has_figure = w[i].has_figure;
                r->figure = w[i].figure;
            }
        }
        for (size_t i = 0; i < eq->changes; i++)
            mpq_clears(w[i].lo, w[i].hi, NULL);
    }
    if (!words_done) {
        apr_eq_complete(eq); /* the mpz search reads the gaps and |A_k| e_k */
        ws_made = 1; /* apr_ws_clear after either outcome */
        if (apr_ws_init(&ws, eq, P) != 0) {
            st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
            goto done;
        }
    }
    if (words_done) {
        /* nothing left to search */
    } else if (sign_at_zero(eq) == 0 && mpz_cmp(zA, mid) < 0 && mpz_cmp(mid, zB) < 0) {
        mpq_t zero;
        mpq_init(zero);
        if (set_exact_root(out, zero, decimals, significant) != 0)
            todo.failed = 1;
        mpq_clear(zero);
        zstack_push(&todo, mid, zB);
        zstack_push(&todo, zA, mid);
    } else {
        zstack_push(&todo, zA, zB);
    }
    while (todo.n > 0 || todo.failed || found.failed) {
        if (todo.failed || found.failed) {
            st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
            goto done;
        }
        zint iv = todo.v[--todo.n]; /* owned now */
        if (++evals > max_evals) {
            st = owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                                _("too many sign changes to isolate every root: the search "
                                  "took more than %zu evaluations of %zu dates, which exceeds "
                                  "the limit of %ld (%s)"),
                                max_evals, eq->n, limit, owed_limit_name(OWED_LIMIT_ROOT_WORK));
            mpz_clears(iv.a, iv.b, NULL);
            goto done;
        }
        /* No root here when F's enclosure excludes zero; the words tell it for most.  When
         * they tell that z F' is of one sign, apr_eval is not needed either: if its F would
         * exclude zero (dropping the interval), the point enclosures at the ends, which are
         * narrower (P_lo(a) - N_hi(a) >= P_lo(a) - N_hi(b), the rounded chains being
         * increasing in z), exclude zero on the same side, so the monotone branch below drops
         * it as well; otherwise apr_eval would have taken that branch. */
        int dhint;
        if (apr_sign_hint(eq, P, iv.a, iv.b, &dhint) != 0) {
            mpz_clears(iv.a, iv.b, NULL);
            continue;
        }
        int monotone = dhint != 0;
        if (!monotone) {
            apr_eval(&ws, eq, iv.a, iv.b, Flo, Fhi, dlo, dhi);
            if (mpz_sgn(Flo) > 0 || mpz_sgn(Fhi) < 0) {
                mpz_clears(iv.a, iv.b, NULL);
                continue; /* no root here */
            }
            monotone = mpz_sgn(dlo) > 0 || mpz_sgn(dhi) < 0;
        }
        if (monotone) {
            /* F strictly monotone here. */
            int sa = point_sign(&ws, eq, iv.a, Flo, Fhi);
            int sb = point_sign(&ws, eq, iv.b, Flo, Fhi);
            if ((sa == 1 && sb == -1) || (sa == -1 && sb == 1)) {
                zstack_push(&found, iv.a, iv.b);
                mpz_clears(iv.a, iv.b, NULL);
                continue;
            }
            if ((sa == 1 && sb == 1) || (sa == -1 && sb == -1) || sa == 0 || sb == 0) {
                /* no sign change (an exact zero at an end is z = 1, recorded above) */
                mpz_clears(iv.a, iv.b, NULL);
                continue;
            }
        }
        mpz_sub(width, iv.b, iv.a);
        if (mpz_cmp(width, minw) <= 0) {
            unresolved++;
            mpz_clears(iv.a, iv.b, NULL);
            continue;
        }
        mpz_add(mid, iv.a, iv.b);
        mpz_fdiv_q_2exp(mid, mid, 1);
        zstack_push(&todo, mid, iv.b);
        zstack_push(&todo, iv.a, mid);
        mpz_clears(iv.a, iv.b, NULL);
    }
    /* Settle each isolated root, with more bits when needed. */
    for (size_t i = 0; i < found.n && st == OWED_OK; i++) {
        apr_root *r = roots_push(out, 0);
        if (r == NULL) {
            st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
            break;
        }
        int done_root = 0;
        for (mp_bitcnt_t Q = P; Q <= APR_P_MAX && !done_root; Q *= 2) {
            apr_ws w2;
            if (apr_ws_init(&w2, eq, Q) != 0) {
                apr_ws_clear(&w2);
                st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
                break;
            }
            mpz_t a, b, z0;
            mpz_inits(a, b, z0, NULL);
            mpz_mul_2exp(a, found.v[i].a, Q - P);
            mpz_mul_2exp(b, found.v[i].b, Q - P);
            int sa = point_sign(&w2, eq, a, Flo, Fhi);
            mpz_add(z0, a, b);
            mpz_fdiv_q_2exp(z0, z0, 1);
            if ((sa == 1 || sa == -1) && out->digits_only && significant == 0 && Q == P &&
                !apr_words_test_off)
                done_root = apr_words_settle_bracket(r, eq, a, b, Q, sa, decimals) == 0;
            if ((sa == 1 || sa == -1) && out->digits_only && significant == 0 && !done_root)
                done_root = settle_digits(r, &w2, eq, a, b, sa, z0, NULL, NULL, 1, decimals) == 0;
            if ((sa == 1 || sa == -1) && !done_root)
                done_root =
                    settle(r, &w2, eq, a, b, sa, z0, NULL, NULL, 1, decimals, significant) == 0;
            mpz_clears(a, b, z0, NULL);
            apr_ws_clear(&w2);
        }
        if (!done_root && st == OWED_OK)
            st = owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                                _("a rate could not be settled to the digits asked for"));
    }
    if (st == OWED_OK) {
        /* Keep the roots of the range only (the z-range was a slight superset). */
        size_t k = 0;
        for (size_t i = 0; i < out->n; i++) {
            apr_root *r = &out->r[i];
            if (mpq_cmp(r->hi, out->range_lo) < 0 || mpq_cmp(r->lo, out->range_hi) > 0) {
                mpq_clears(r->lo, r->hi, NULL);
                continue;
            }
            if (k != i)
                out->r[k] = *r;
            k++;
        }
        out->n = k;
        if (out->n > 1) /* qsort's base may not be NULL, even for no element */
            qsort(out->r, out->n, sizeof *out->r, root_cmp);
        out->outcome = unresolved ? OWED_APR_UNRESOLVED
                       : out->n == 0 ? OWED_APR_NO_ROOT
                       : out->n == 1 ? OWED_APR_ONE_ROOT
                                     : OWED_APR_SEVERAL_ROOTS;
    }
done:
    zstack_free(&todo);
    zstack_free(&found);
    mpz_clears(zA, zB, t, Flo, Fhi, dlo, dhi, mid, width, minw, NULL);
    if (ws_made)
        apr_ws_clear(&ws);
    return st;
}

owed_status apr_solve(apr_roots *out, apr_eq *eq, unsigned decimals, unsigned significant,
                      mpq_srcptr range_lo, mpq_srcptr range_hi, owed_error *err)
{
    apr_roots_set_range(out, range_lo, range_hi, 1);
    out->decimals = decimals;
    /* the default range (views of -9999/10000 and 10000 when none is given, range_owned 0)
       is not empty: a range given is compared */
    if (out->range_owned && mpq_cmp(out->range_lo, out->range_hi) >= 0)
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("the search range is empty"));
    if (eq->n < 2 || eq->changes == 0) {
        out->outcome = OWED_APR_NO_ROOT;
        return OWED_OK;
    }
    owed_status st = eq->changes == 1 ? solve_monotone(out, eq, decimals, significant, err)
                                      : solve_isolate(out, eq, decimals, significant, err);
    if (st == OWED_OK && out->n > 0)
        out->decimals = out->r[0].decimals;
    return st;
}

int apr_solve_words_first(apr_roots *out, const apr_built *b, unsigned decimals)
{
    if (!out->digits_only || apr_words_test_off || apr_eq_test_general)
        return 1;
    apr_root r;
    r.lazy = 1; /* as roots_push(out, 1) makes it: the words write a lazy root's figure only */
    if (apr_words_settle_built(&r, b, decimals) != 0)
        return 1;
    /* what apr_solve and solve_monotone leave after the words settled the figure */
    apr_roots_set_range(out, NULL, NULL, 1);
    apr_root *root = roots_push(out, 1); /* the first root: in out, never NULL */
    root->exact = r.exact;
    root->decimals = r.decimals;
    root->has_figure = r.has_figure;
    root->figure = r.figure;
    out->outcome = OWED_APR_ONE_ROOT;
    out->decimals = root->decimals;
    return 0;
}

owed_status apr_sign_at(int *sign, const apr_eq *eq, const mpq_t R, owed_error *err)
{
    mpz_t ZL, ZH, lo, hi;
    mpz_inits(ZL, ZH, lo, hi, NULL);
    owed_status st = OWED_E_LIMIT;
    int tried_exact = 0;
    for (mp_bitcnt_t P = APR_P_MIN; P <= APR_P_MAX; P *= 2) {
        if (apr_z_of_rate(ZL, ZH, eq, R, P, NULL) == 0) {
            apr_ws ws;
            if (apr_ws_init(&ws, eq, P) != 0) {
                apr_ws_clear(&ws);
                st = owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
                break;
            }
            int s = interval_sign(&ws, eq, ZL, ZH, lo, hi);
            apr_ws_clear(&ws);
            if (s != 2) {
                *sign = s;
                st = OWED_OK;
                break;
            }
        }
        if (!tried_exact && P >= 512) {
            tried_exact = 1;
            int es;
            if (apr_exact_sign(&es, eq, R)) {
                *sign = es;
                st = OWED_OK;
                break;
            }
        }
    }
    mpz_clears(ZL, ZH, lo, hi, NULL);
    if (st == OWED_E_LIMIT)
        owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                       _("the rate equals the cap to more digits than can be decided"));
    return st;
}
