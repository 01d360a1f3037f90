/* The printed digits of a rate on machine words: the short path of apr_roots.digits_only.
 *
 * The equation F(z) = sum_k A_k z^(e_k) (compound, no fractions; apr_impl.h) is written in a
 * variable x in (0, 1], so that every power of it is at most 1 and a 64-bit fixed point
 * X = x 2^60 holds it without ever overflowing:
 *   R > 0 ("down"): x = z = (1 + R)^(-1/D),  H(x) = F(x) = sum A_k x^(e_k),  1 + R = x^-D;
 *   R < 0 ("up"):   x = 1/z = (1 + R)^(1/D), H(x) = x^E F(1/x) = sum A_k x^(E - e_k),
 *                   E the largest e_k,        1 + R = x^D.
 * x^E > 0, so H at x has the sign of F at the corresponding z.  R = 0 is decided exactly
 * before (the sign of the sum of the amounts), which also tells the form.  The amounts are
 * scaled by one common power of two so that the largest takes 62 bits: cut by a shift s,
 * rounded down and up, when wider; moved up exactly when narrower (amounts in cents).
 *
 * What is proven.  At a point X (x = X / 2^60 exactly) the powers x^m are computed twice by
 * the same squarings and products, every product rounded down in one chain and up in the
 * other; all values stay in [0, 2^60] and every operation is increasing in its non-negative
 * arguments, so the two chains bound x^m 2^60 from below and above.  With the amounts' bounds
 * (a_lo 2^s <= |A| <= a_hi 2^s) the products and sums are exact in 128 bits (at most 32
 * terms below 2^122 each), so
 *   sum_{A>0} a_lo x^m_lo - sum_{A<0} a_hi x^m_hi <= H(x) 2^(60 - s) <= (the reverse),
 * and a lower bound above 0 or an upper bound below 0 certifies the sign of F at z.  Opposite
 * certified signs at Xm < Xp put a root strictly between them (F is continuous on z > 0);
 * for flows whose signs change once it is the only root (apr_solve.c, 2).  The rate's bounds
 * come from X^D by the same two chains (R decreases in x down, increases up), and the
 * rounding interval of the printed figure that holds them is found as settle_digits() finds
 * it.  When anything does not hold (more terms or larger values than the words take, signs
 * that do not certify, a rounding boundary between the rate's bounds) the function declines
 * and the mpz path runs.  Only proven facts are written, and the rounding interval that holds
 * the root is one and the same whichever proof finds it.  Newton's iteration, which places
 * Xm and Xp, is a heuristic: nothing rests on it.
 *
 * Several sign changes (apr_words_isolate).  The search of solve_isolate (apr_solve.c, 3) is
 * made on words: below z = 1 in x = z, above it in y = W z with W <= 1 / zB (the scaled form,
 * whose bounds over an interval are those of F in z, scaled: x = 1/z would make the bounds of
 * cancelling terms far looser there).  An interval is dropped when the bounds of H over it
 * (each term is monotone in x, so its values at the ends bound it) exclude zero; where those
 * of x H' exclude zero, H is strictly monotone and the certified signs at the ends decide
 * whether it holds one root or none; otherwise it is halved.  Each root is settled as above,
 * inside its interval and inside the searched range rounded inward (the range was rounded
 * outward for the search), so that it is a root of the range the mpz search covers.  When an
 * interval gets too narrow to halve, or the search too long, the words decline and the mpz
 * search runs: the words report only what they decided entirely, which is what that search
 * decides (it is sound and, at its higher precision, decides at least what the words do). */
#include <config.h>

#include "apr_impl.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

int apr_words_test_off = 0;

#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0

#define W_ONE (UINT64_C(1) << 60)
#define W_MAX_TERMS 32
#define W_MAX_DECIMALS 16 /* U = 10^(decimals + 2) below 2^60 */

typedef unsigned __int128 w_u128;
typedef __int128 w_i128;

/* The equation in x, terms in increasing m. */
typedef struct wform {
    size_t n;
    int up;                      /* 0: down (z <= 1, R >= 0), 1: up (z >= 1, R <= 0) */
    int nsq;                     /* squarings for the largest gap */
    unsigned long D;
    uint64_t alo[W_MAX_TERMS];   /* |A| / 2^s rounded down */
    uint64_t ahi[W_MAX_TERMS];   /* and up */
    int neg[W_MAX_TERMS];        /* A < 0 */
    unsigned long m[W_MAX_TERMS];
    unsigned long gap[W_MAX_TERMS]; /* m[i] - m[i - 1], m[0] for the first */
} wform;

/* a b / 2^60, rounded down (up: up); a, b <= 2^60 give at most 2^60. */
static inline uint64_t w_mul(uint64_t a, uint64_t b, int up)
{
    w_u128 p = (w_u128)a * b;
    if (up)
        p += W_ONE - 1;
    return (uint64_t)(p >> 60);
}

static unsigned bitlen_u64(uint64_t v)
{
    return v ? 64u - (unsigned)__builtin_clzll(v) : 0u;
}

/* num / den (den > 0) with den cut to its top word, and num by as many bits: a quotient in
 * one division step (__udivti3's one-word path), within about 2^-63 of num / den relatively
 * plus one: for the heuristic steps only. */
static w_u128 w_div_approx(w_u128 num, w_u128 den)
{
    uint64_t top = (uint64_t)(den >> 64);
    unsigned cut = top ? 64 - (unsigned)__builtin_clzll(top) : 0;
    return (num >> cut) / (uint64_t)(den >> cut);
}

/* Whether any of the bits below s of the n limbs at a is set. */
static int limbs_low_bits(const mp_limb_t *a, mp_size_t n, unsigned long s)
{
    mp_size_t i = (mp_size_t)(s / 64);
    unsigned off = (unsigned)(s % 64);
    for (mp_size_t k = 0; k < i && k < n; k++)
        if (a[k] != 0)
            return 1;
    return i < n && off != 0 && (a[i] & ((UINT64_C(1) << off) - 1)) != 0;
}

/* The equation in x, down or up, of the n terms t of a compound equation (only their al,
 * aln, sign and expo are read; E the largest expo): 0 with *w set, or -1 when it does not fit
 * the words. */
static int wform_of_terms(wform *w, const apr_term *t, size_t n, unsigned long D,
                          unsigned long E, int up)
{
    if (n < 2 || n > W_MAX_TERMS || E > (1UL << 30))
        return -1;
    unsigned long bits = 0;
    for (size_t k = 0; k < n; k++) {
        if (t[k].aln == 0)
            return -1;
        unsigned long b = (unsigned long)(t[k].aln - 1) * 64 + bitlen_u64(t[k].al[t[k].aln - 1]);
        if (b > bits)
            bits = b;
    }
    unsigned long s = bits > 62 ? bits - 62 : 0;
    /* amounts of fewer bits (one limb each) are moved up to 62, exactly: Newton's x H',
     * which drops 60 bits of each term, keeps its precision then */
    unsigned up_shift = bits < 62 ? (unsigned)(62 - bits) : 0;
    w->n = n;
    w->D = D;
    w->up = up;
    unsigned long maxgap = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        const apr_term *tk = &t[w->up ? n - 1 - i : i];
        if (up_shift) {
            w->alo[i] = w->ahi[i] = (uint64_t)tk->al[0] << up_shift;
        } else {
            w->alo[i] = apr_limb_bits_at(tk->al, tk->aln, s);
            w->ahi[i] = w->alo[i] + (uint64_t)limbs_low_bits(tk->al, tk->aln, s);
        }
        w->neg[i] = tk->sign < 0;
        w->m[i] = w->up ? E - tk->expo : tk->expo;
        w->gap[i] = w->m[i] - prev;
        prev = w->m[i];
        if (w->gap[i] > maxgap)
            maxgap = w->gap[i];
    }
    w->nsq = (int)bitlen_u64(maxgap);
    return 0;
}

/* The equation in x, down or up: 0 with *w set, or -1 when it does not fit the words. */
static int wform_build(wform *w, const apr_eq *eq, int up)
{
    if (eq->nominal || eq->has_frac)
        return -1;
    return wform_of_terms(w, eq->t, eq->n, eq->D, eq->max_expo, up);
}

static uint64_t w_pow(uint64_t X, unsigned long e, int up);

/* The down form scaled for z >= 1 (isolation only): H(y) = sum_k A_k W^(E - e_k) y^(e_k) =
 * W^E F(y / W), W = Wn / 2^60 <= 1, whose powers of y <= 1 stay in a word where those of
 * z = y / W >= 1 would not.  The coefficients' bounds are the amounts' times W^(E - e_k)
 * rounded down and up, cut to 62 bits by one more common shift.  0, or -1 as wform_build. */
static int wform_build_scaled(wform *w, const apr_eq *eq, uint64_t Wn)
{
    if (wform_build(w, eq, 0) != 0 || Wn == 0 || Wn > W_ONE)
        return -1;
    unsigned long E = eq->max_expo;
    w_u128 lo[W_MAX_TERMS], hi[W_MAX_TERMS];
    unsigned bits = 0;
    for (size_t i = 0; i < w->n; i++) {
        lo[i] = (w_u128)w->alo[i] * w_pow(Wn, E - w->m[i], 0);
        hi[i] = (w_u128)w->ahi[i] * w_pow(Wn, E - w->m[i], 1);
        unsigned b = (uint64_t)(hi[i] >> 64) ? 64 + bitlen_u64((uint64_t)(hi[i] >> 64))
                                             : bitlen_u64((uint64_t)hi[i]);
        if (b > bits)
            bits = b;
    }
    unsigned sh = bits > 62 ? bits - 62 : 0;
    for (size_t i = 0; i < w->n; i++) {
        w->alo[i] = (uint64_t)(lo[i] >> sh);
        w->ahi[i] = (uint64_t)((hi[i] + (((w_u128)1 << sh) - 1)) >> sh);
    }
    return 0;
}

/* The squares x^(2^j), j < nsq, rounded down (up: up). */
static void w_squares(uint64_t *sq, uint64_t X, int nsq, int up)
{
    sq[0] = X;
    for (int j = 1; j < nsq; j++)
        sq[j] = w_mul(sq[j - 1], sq[j - 1], up);
}

/* p x^g from the squares, rounded down (up: up). */
static inline uint64_t w_times_pow(uint64_t p, const uint64_t *sq, unsigned long g, int up)
{
    for (; g != 0; g &= g - 1) /* the set bits of g, lowest first */
        p = w_mul(p, sq[__builtin_ctzl(g)], up);
    return p;
}

/* w_squares of Xl rounded down and of Xh rounded up, in one loop. */
static void w_squares_both(uint64_t *sql, uint64_t *sqh, uint64_t Xl, uint64_t Xh, int nsq)
{
    sql[0] = Xl;
    sqh[0] = Xh;
    for (int j = 1; j < nsq; j++) {
        sql[j] = w_mul(sql[j - 1], sql[j - 1], 0);
        sqh[j] = w_mul(sqh[j - 1], sqh[j - 1], 1);
    }
}

/* w_times_pow of *pl with the squares rounded down and of *ph with those rounded up, in one
 * walk over the bits of g. */
static inline void w_times_pow_both(uint64_t *pl, uint64_t *ph, const uint64_t *sql,
                                    const uint64_t *sqh, unsigned long g)
{
    uint64_t l = *pl, h = *ph;
    for (; g != 0; g &= g - 1) {
        int b = __builtin_ctzl(g);
        l = w_mul(l, sql[b], 0);
        h = w_mul(h, sqh[b], 1);
    }
    *pl = l;
    *ph = h;
}

/* Approximations of H(x) 2^(60 - s) (*h) and of x H'(x) 2^-s (*d), the powers rounded down:
 * for Newton only. */
static void w_eval_approx(const wform *w, uint64_t X, w_i128 *h, w_i128 *d)
{
    uint64_t sq[64];
    w_squares(sq, X, w->nsq, 0);
    uint64_t p = W_ONE;
    w_i128 hs = 0, ds = 0;
    for (size_t i = 0; i < w->n; i++) {
        p = w_times_pow(p, sq, w->gap[i], 0);
        w_u128 t = (w_u128)w->alo[i] * p; /* < 2^122 */
        /* t 2^-60 < 2^62 and m <= 2^30: one word times one, exactly (not 128 bits by 128) */
        w_i128 td = (w_i128)((w_u128)(uint64_t)(t >> 60) * w->m[i]);
        if (w->neg[i]) {
            hs -= (w_i128)t;
            ds -= td;
        } else {
            hs += (w_i128)t;
            ds += td;
        }
    }
    *h = hs;
    *d = ds;
}

/* The certified sign of H at X: +1, -1, or 0 when the bounds do not tell. */
static int w_sign(const wform *w, uint64_t X)
{
    uint64_t sql[64], sqh[64];
    w_squares_both(sql, sqh, X, X, w->nsq);
    uint64_t pl = W_ONE, ph = W_ONE;
    w_u128 pos_lo = 0, pos_hi = 0, neg_lo = 0, neg_hi = 0;
    for (size_t i = 0; i < w->n; i++) {
        w_times_pow_both(&pl, &ph, sql, sqh, w->gap[i]);
        w_u128 lo = (w_u128)w->alo[i] * pl, hi = (w_u128)w->ahi[i] * ph;
        if (w->neg[i]) {
            neg_lo += lo;
            neg_hi += hi;
        } else {
            pos_lo += lo;
            pos_hi += hi;
        }
    }
    if (pos_lo > neg_hi)
        return 1;
    if (pos_hi < neg_lo)
        return -1;
    return 0;
}

/* The certified sign of H over [Xa, Xb] (Xa <= Xb): +1, -1, or 0 when the bounds do not
 * exclude zero; *dsign likewise for x H'(x).  Every term A x^m and A m x^m is monotone in x
 * (m >= 0), the same way as A's sign, so over the interval the positive terms lie between
 * their values at Xa (chain rounded down) and at Xb (rounded up), the negative ones too. */
static int w_interval(const wform *w, uint64_t Xa, uint64_t Xb, int *dsign)
{
    uint64_t sql[64], sqh[64];
    w_squares_both(sql, sqh, Xa, Xb, w->nsq);
    uint64_t pl = W_ONE, ph = W_ONE;
    w_u128 f[4] = {0, 0, 0, 0}, d[4] = {0, 0, 0, 0}; /* positive lo, hi; negative lo, hi */
    for (size_t i = 0; i < w->n; i++) {
        w_times_pow_both(&pl, &ph, sql, sqh, w->gap[i]);
        w_u128 lo = (w_u128)w->alo[i] * pl, hi = (w_u128)w->ahi[i] * ph;
        int k = 2 * w->neg[i];
        f[k] += lo;
        f[k + 1] += hi;
        /* A m x^m 2^-60, the lower bound rounded down and the upper one up */
        d[k] += (w_u128)(uint64_t)(lo >> 60) * w->m[i]; /* < 2^62 times m <= 2^30, as in */
        d[k + 1] += (w_u128)(uint64_t)((hi + (W_ONE - 1)) >> 60) * w->m[i]; /* w_eval_approx */
    }
    *dsign = d[0] > d[3] ? 1 : d[1] < d[2] ? -1 : 0;
    return f[0] > f[3] ? 1 : f[1] < f[2] ? -1 : 0;
}

/* X^e 2^60, rounded down (up: up), by square-and-multiply from the top bit. */
static uint64_t w_pow(uint64_t X, unsigned long e, int up)
{
    if (e == 0)
        return W_ONE;
    int top = 63 - __builtin_clzll((unsigned long long)e);
    uint64_t r = X;
    for (int bit = top - 1; bit >= 0; bit--) {
        r = w_mul(r, r, up);
        if ((e >> bit) & 1UL)
            r = w_mul(r, X, up);
    }
    return r;
}

/* A Newton step of at most 2^((68 - b) / 2) units of 2^-60 (at least 2^20, at most 2^34),
 * for a largest m of b bits, is the last one: the error after it is about
 * (x H'' / 2 H') (step / x)^2 x, with x H'' / H' below about m, so at most about 2^7 units,
 * below w_settle's first half-width of 256, and the evaluation that would only confirm it is
 * left out.  The step is that precise because x H' keeps its precision: the amounts take 62
 * bits in the words (wform_build), and its 128-bit quotient is taken on a word.  Should the
 * point be farther, w_settle widens its bracket, and failing that the mpz path runs: nothing
 * rests on the point.  (2^20 for every m, when small amounts were left small, was best.) */
static uint64_t w_newton_done(const wform *w)
{
    unsigned b = bitlen_u64(w->m[w->n - 1]);
    unsigned bits = b < 28 ? (68 - b) / 2 : 20;
    return UINT64_C(1) << (bits > 34 ? 34 : bits);
}

/* Newton's iteration on H inside [Xa, Xb] (H(Xb) of the sign sb, H(Xa) of the other),
 * safeguarded by bisection, from X: the point it ends on. */
static uint64_t w_newton(const wform *w, uint64_t X, uint64_t Xa, uint64_t Xb, int sb)
{
    uint64_t done = w_newton_done(w);
    for (int it = 0; it < 80; it++) {
        w_i128 h, d;
        w_eval_approx(w, X, &h, &d);
        int s = (h > 0) - (h < 0);
        if (s == 0)
            return X;
        if (s == sb)
            Xb = X;
        else
            Xa = X;
        int bisect = 1;
        uint64_t Xn = 0;
        if (d != 0) {
            w_u128 ha = h < 0 ? -(w_u128)h : (w_u128)h, da = d < 0 ? -(w_u128)d : (w_u128)d;
            w_u128 q = w_div_approx(ha, da); /* 2^60 |H / (x H')| */
            if (q < W_ONE) {
                uint64_t step = (uint64_t)(((w_u128)X * (uint64_t)q) >> 60);
                int upward = (h < 0) != (d < 0); /* x - H / H' moves up when H / H' < 0 */
                Xn = upward ? X + step : X - step;
                if (step <= done)
                    return Xn;
                bisect = Xn <= Xa || Xn >= Xb;
            }
        }
        if (bisect) {
            if (Xb - Xa <= 2)
                return Xa + (Xb - Xa) / 2;
            Xn = Xa + (Xb - Xa) / 2;
        }
        X = Xn;
    }
    return X;
}

static w_i128 floor_div(w_i128 a, w_i128 b) /* b > 0 */
{
    w_i128 q = a / b;
    if ((a % b) != 0 && a < 0)
        q--;
    return q;
}

/* r = v, an integer of at most 127 bits and a sign. */
static void mpz_set_w(mpz_t r, w_i128 v)
{
    w_u128 a = v < 0 ? -(w_u128)v : (w_u128)v;
    mp_limb_t *l = mpz_limbs_write(r, 2);
    l[0] = (mp_limb_t)a;
    l[1] = (mp_limb_t)(a >> 64);
    mp_size_t n = l[1] ? 2 : l[0] ? 1 : 0;
    mpz_limbs_finish(r, v < 0 ? -n : n);
}

/* q = odd / (2 U), U = 10^e, in lowest terms (only fives may cancel), as settle_digits'
 * set_half_odd writes it. */
static void w_half_odd(mpq_t q, w_i128 odd, uint64_t U, unsigned e)
{
    uint64_t den = 2 * U;
    for (unsigned k = 0; k < e && odd % 5 == 0; k++) {
        odd /= 5;
        den /= 5;
    }
    mpz_set_w(mpq_numref(q), odd);
    mpz_set_ui(mpq_denref(q), den);
}

/* Certifies the root of H between two points around X inside [Xlo, Xhi] (where H has the one
 * root) and writes the rounding interval of its printed figure.  0 when done, 1 when not. */
static int w_settle(apr_root *out, const wform *w, uint64_t X, uint64_t Xlo, uint64_t Xhi,
                    unsigned decimals)
{
    if (X < Xlo || X > Xhi)
        return 1;
    uint64_t Xm = 0, Xp = 0;
    int certified = 0;
    for (uint64_t delta = 256; delta <= 256 * 256 && !certified; delta *= 16) {
        Xm = X - Xlo > delta ? X - delta : Xlo;
        Xp = Xhi - X > delta ? X + delta : Xhi;
        if (Xm >= Xp || Xm == 0)
            return 1;
        int sm = w_sign(w, Xm);
        certified = sm != 0 && w_sign(w, Xp) == -sm;
    }
    if (!certified)
        return 1;
    /* Nl / Dl <= R <= Nh / Dh, strictly inside */
    w_i128 Nl, Dl, Nh, Dh;
    if (!w->up) { /* R = x^-D - 1, decreasing in x: R(Xp) < R < R(Xm) */
        uint64_t ph = w_pow(Xp, w->D, 1), pl = w_pow(Xm, w->D, 0);
        if (pl == 0)
            return 1;
        Nl = (w_i128)W_ONE - (w_i128)ph;
        Dl = (w_i128)ph;
        Nh = (w_i128)W_ONE - (w_i128)pl;
        Dh = (w_i128)pl;
    } else { /* R = x^D - 1, increasing in x: R(Xm) < R < R(Xp) */
        Nl = (w_i128)w_pow(Xm, w->D, 0) - (w_i128)W_ONE;
        Nh = (w_i128)w_pow(Xp, w->D, 1) - (w_i128)W_ONE;
        Dl = Dh = (w_i128)W_ONE;
    }
    _Static_assert(W_MAX_DECIMALS + 2 <= APR_POW10_MAX, "10^(decimals + 2) is in the table");
    uint64_t U = apr_pow10[decimals + 2]; /* decimals <= W_MAX_DECIMALS: the callers check */
    /* b_j = (2j + 1) / (2U), the least boundary above Nl / Dl:
     * j = floor((2 U Nl - Dl) / (2 Dl)) + 1; the root is in (b_j - u, b_j) when b_j is not
     * below Nh / Dh, that is when (2j + 1) Dh >= 2 U Nh. */
    w_i128 j = floor_div(2 * (w_i128)U * Nl - Dl, 2 * Dl) + 1;
    w_i128 odd = 2 * j + 1;
    if (odd * Dh < 2 * (w_i128)U * Nh)
        return 1; /* a boundary between the bounds: the mpz path decides its side */
    int has_figure = j >= -(w_i128)INT64_MAX && j <= (w_i128)INT64_MAX;
    if (out->lazy) { /* the bracket is made from the figure when asked for */
        if (!has_figure || j < LONG_MIN || j > LONG_MAX)
            return 1; /* (apr_root_bracket reads it as a long) */
    } else {
        w_half_odd(out->hi, odd, U, decimals + 2);
        w_half_odd(out->lo, odd - 2, U, decimals + 2);
    }
    out->exact = 0;
    out->decimals = decimals;
    out->has_figure = has_figure;
    out->figure = out->has_figure ? (long long)j : 0;
    return 0;
}

/* Where Newton's iteration starts for the one root: Halley's step from x = 1, where every
 * power of x is 1, so that H, x H' and x^2 H'' are the sums of the amounts times 1, m and
 * m (m - 1): x (1 - r / (1 - r v / 2)), r = H / (x H'), v = x^2 H'' / (x H').  1 itself when
 * the step would not stay inside (0, 1) or its divisor is far from 1.  A heuristic only. */
static uint64_t w_start(const wform *w)
{
    if (w->m[w->n - 1] >= (1UL << 16))
        return W_ONE;
    w_i128 h = 0, d = 0, d2 = 0;
    for (size_t i = 0; i < w->n; i++) {
        w_i128 a = (w_i128)w->alo[i], am = a * (w_i128)w->m[i];
        w_i128 amm = am * (w_i128)(w->m[i] ? w->m[i] - 1 : 0);
        if (w->neg[i]) {
            h -= a;
            d -= am;
            d2 -= amm;
        } else {
            h += a;
            d += am;
            d2 += amm;
        }
    }
    /* a < 2^62, so h < 2^67: h 2^60 / d is r 2^60 */
    w_u128 ha = h < 0 ? -(w_u128)h : (w_u128)h, da = d < 0 ? -(w_u128)d : (w_u128)d;
    w_u128 d2a = d2 < 0 ? -(w_u128)d2 : (w_u128)d2;
    if (da == 0 || ha >= da || d2a >= ((w_u128)1 << 100))
        return W_ONE;
    w_u128 q = w_div_approx(ha << 60, da);  /* |r| 2^60 */
    w_u128 v = w_div_approx(d2a << 20, da); /* |v| 2^20 */
    w_u128 den = W_ONE;
    if (v < ((w_u128)1 << 60)) {
        w_u128 rv = (q * v) >> 21; /* |r v| / 2, 2^60 */
        den = (h < 0) == (d2 < 0) ? W_ONE - (rv < W_ONE ? rv : W_ONE) : W_ONE + rv;
        if (den <= W_ONE / 2 || den >= 2 * W_ONE)
            den = W_ONE; /* Newton's step */
    }
    w_u128 step = (q << 60) / den;
    if (step >= W_ONE || step == 0)
        return W_ONE;
    return (h < 0) != (d < 0) ? W_ONE : W_ONE - (uint64_t)step; /* x moves down when r > 0 */
}

int apr_words_settle_one(apr_root *out, const apr_eq *eq, int S1, unsigned decimals)
{
    wform w;
    /* the root at z > 1 (R < 0) when F at z = 1 has the first flow's sign */
    if (S1 == 0 || decimals > W_MAX_DECIMALS || wform_build(&w, eq, eq->first_sign * S1 > 0) != 0)
        return 1;
    /* H(0) is the term of m = 0, of the sign -S1 (the first flow's down, the last's up) */
    uint64_t X = w_newton(&w, w_start(&w), 0, W_ONE, S1);
    return w_settle(out, &w, X, 1, W_ONE, decimals);
}

int apr_words_settle_built(apr_root *out, const apr_built *b, unsigned decimals)
{
    size_t n = b->n;
    if (b->nominal || n < 2 || n > W_MAX_TERMS || decimals > W_MAX_DECIMALS)
        return 1;
    /* The common denominator L as apr_eq_build_lazy makes it in a word (the least common
     * multiple, so the same L), on the terms its one pass takes: a limb over a limb, no
     * fraction, the times strictly increasing. */
    mp_limb_t L = 1;
    for (size_t i = 0; i < n; i++) {
        const apr_raw_term *r = &b->raw[i];
        if (r->num_n != 1 || r->den_n != 1 || r->fnum != 0 || (i > 0 && r[-1].expo >= r->expo))
            return 1;
        mp_limb_t d0 = b->limbs[r->off + 1], l;
        if (L % d0 == 0)
            continue;
        if (L == 1) {
            L = d0;
            continue;
        }
        if (__builtin_mul_overflow(L / mpn_gcd_1(&L, 1, d0), d0, &l))
            return 1;
        L = l;
    }
    /* Its amounts A_k = num_k (L / den_k) (of a word each here, as its sum_a's short way
     * takes them), their sum's sign S1 and the sign changes. */
    mp_limb_t A[W_MAX_TERMS];
    apr_term t[W_MAX_TERMS]; /* only what wform_of_terms reads */
    w_u128 sums[2] = {0, 0};
    unsigned changes = 0;
    for (size_t i = 0; i < n; i++) {
        const apr_raw_term *r = &b->raw[i];
        const mp_limb_t *num = b->limbs + r->off;
        w_u128 p = (w_u128)num[0] * (L / num[1]);
        if ((uint64_t)(p >> 64) != 0)
            return 1;
        A[i] = (mp_limb_t)p;
        sums[r->sign < 0] += A[i];
        if (i > 0 && r->sign != r[-1].sign)
            changes++;
        t[i].al = &A[i];
        t[i].aln = 1;
        t[i].sign = r->sign;
        t[i].expo = r->expo;
    }
    int S1 = sums[0] > sums[1] ? 1 : sums[0] < sums[1] ? -1 : 0;
    /* apr_solve's way to the words (solve_monotone): one sign change, R = 0 not the root, and
     * for two terms no exact root (exact_two_terms declines at its first test) */
    unsigned long p, q;
    if (changes != 1 || S1 == 0 ||
        (n == 2 && apr_two_terms_may_be_exact(&p, &q, 0, b->D ? b->D : 1, t[1].expo - t[0].expo,
                                              t[1].al, 1, t[0].al, 1)))
        return 1;
    wform w;
    if (wform_of_terms(&w, t, n, b->D ? b->D : 1, t[n - 1].expo, b->raw[0].sign * S1 > 0) != 0)
        return 1;
    /* as apr_words_settle_one */
    uint64_t X = w_newton(&w, w_start(&w), 0, W_ONE, S1);
    return w_settle(out, &w, X, 1, W_ONE, decimals);
}

/* Z / 2^s rounded down (up: up), when below 2^64 (else 0 and *v not set). */
static int w_of_mpz(uint64_t *v, const mpz_t Z, mp_bitcnt_t s, int up)
{
    const mp_limb_t *z = mpz_limbs_read(Z);
    mp_size_t n = (mp_size_t)mpz_size(Z);
    if (n > 0 && mpz_sizeinbase(Z, 2) > s + 64)
        return 0;
    uint64_t r = apr_limb_bits_at(z, n, s);
    if (up && limbs_low_bits(z, n, s)) {
        if (r == UINT64_MAX)
            return 0;
        r++;
    }
    *v = r;
    return 1;
}

int apr_words_settle_bracket(apr_root *out, const apr_eq *eq, const mpz_t Za, const mpz_t Zb,
                             mp_bitcnt_t P, int sa, unsigned decimals)
{
    wform w;
    uint64_t Xlo, Xhi;
    int sb; /* the sign of H at Xhi */
    if (decimals > W_MAX_DECIMALS || P < 60 || mpz_sgn(Za) <= 0 || (sa != 1 && sa != -1))
        return 1;
    size_t ba = mpz_sizeinbase(Za, 2), bb = mpz_sizeinbase(Zb, 2);
    int b_le_1 = bb <= P || (bb == P + 1 && mpz_scan1(Zb, 0) == P), a_ge_1 = ba > P;
    int S0 = mpz_sgn(eq->sum_a); /* F at z = 1, exactly */
    if (!b_le_1 && !a_ge_1) {
        /* the bracket holds z = 1, where F's sign is exact: the root is on one side */
        if (S0 == 0)
            return 1;
        if (S0 == sa)
            a_ge_1 = 2; /* in (1, Zb): up from x = 1 */
        else
            b_le_1 = 2; /* in (Za, 1): down to x = 1 */
    }
    if (b_le_1) { /* Zb <= 2^P: down, x = z */
        if (!w_of_mpz(&Xlo, Za, P - 60, 1))
            return 1;
        if (b_le_1 == 2)
            Xhi = W_ONE;
        else if (!w_of_mpz(&Xhi, Zb, P - 60, 0))
            return 1;
        sb = -sa;
        if (wform_build(&w, eq, 0) != 0)
            return 1;
    } else { /* Za >= 2^P: up, x = 1 / z in [2^P / Zb, 2^P / Za] */
        mpz_t num, q;
        mpz_inits(num, q, NULL);
        mpz_setbit(num, P + 60);
        mpz_cdiv_q(q, num, Zb);
        int ok = w_of_mpz(&Xlo, q, 0, 1);
        if (a_ge_1 == 2) {
            Xhi = W_ONE;
        } else {
            mpz_fdiv_q(q, num, Za);
            ok = ok && w_of_mpz(&Xhi, q, 0, 0);
        }
        mpz_clears(num, q, NULL);
        sb = a_ge_1 == 2 ? S0 : sa;
        if (!ok || wform_build(&w, eq, 1) != 0)
            return 1;
    }
    if (Xlo == 0 || Xlo >= Xhi || Xhi > W_ONE)
        return 1;
    uint64_t X = w_newton(&w, Xlo + (Xhi - Xlo) / 2, Xlo, Xhi, sb);
    return w_settle(out, &w, X, Xlo, Xhi, decimals);
}

#define W_TREE_EVALS 4096
#define W_STACK 128

/* The roots of H in [Xlo, Xhi] isolated as solve_isolate does it (an interval is dropped when
 * H's bounds over it exclude zero; where x H' is of one sign, the certified signs at its ends
 * tell whether it holds a root, then exactly one; else it is halved), each settled inside
 * [Ilo, Ihi], appended to roots[*count ..] (at most max in all).  0 when everything was
 * decided; 1 when something was not (an interval too narrow to halve, more than max_evals
 * intervals in all (*evals counts them), a root not settled inside [Ilo, Ihi]). */
static int w_isolate_part(apr_root *roots, size_t max, size_t *count, const wform *w,
                          uint64_t Xlo, uint64_t Xhi, uint64_t Ilo, uint64_t Ihi,
                          const wform *wup, uint64_t Wn, unsigned decimals, size_t *evals,
                          size_t max_evals)
{
    uint64_t sa_stack[W_STACK], sb_stack[W_STACK];
    size_t n = 0;
    sa_stack[n] = Xlo;
    sb_stack[n++] = Xhi;
    while (n > 0) {
        n--;
        uint64_t a = sa_stack[n], b = sb_stack[n];
        if (++*evals > max_evals)
            return 1;
        int ds, s = w_interval(w, a, b, &ds);
        if (s != 0)
            continue; /* no root here */
        if (ds != 0) { /* H strictly monotone here */
            int sa = w_sign(w, a), sb = w_sign(w, b);
            if (sa != 0 && sb == -sa) {
                uint64_t lo = a > Ilo ? a : Ilo, hi = b < Ihi ? b : Ihi;
                if (*count == max || lo >= hi)
                    return 1;
                const wform *f = w;
                if (wup != NULL) {
                    /* y in [lo, hi] is z = y / W in [lo / W, hi / W], x = 1/z in
                     * [W / hi, W / lo] (rounded inward): settled up, where the powers of x
                     * keep their precision */
                    w_u128 num = (w_u128)Wn << 60;
                    uint64_t xl = (uint64_t)((num + hi - 1) / hi), xh = (uint64_t)(num / lo);
                    lo = xl;
                    hi = xh;
                    sb = sa; /* x's upper end is y's lower one */
                    f = wup;
                    if (lo >= hi || hi > W_ONE)
                        return 1;
                }
                uint64_t X = w_newton(f, lo + (hi - lo) / 2, lo, hi, sb);
                if (w_settle(&roots[*count], f, X, lo, hi, decimals) != 0)
                    return 1;
                ++*count;
                continue;
            }
            if (sa != 0 && sb == sa)
                continue; /* no sign change */
        }
        if (b - a <= 1024 || n + 2 > W_STACK)
            return 1;
        uint64_t mid = a + (b - a) / 2;
        sa_stack[n] = mid;
        sb_stack[n++] = b;
        sa_stack[n] = a;
        sb_stack[n++] = mid;
    }
    return 0;
}

/* The sign of Z - 2^P. */
static int cmp_pow2(const mpz_t Z, mp_bitcnt_t P)
{
    size_t bits = mpz_sizeinbase(Z, 2);
    if (mpz_sgn(Z) <= 0 || bits < P + 1)
        return -1;
    if (bits > P + 1)
        return 1;
    return mpz_scan1(Z, 0) == P ? 0 : 1;
}

/* 2^(P + 60) / Z rounded down (up: up), into *v; 0 when it does not fit a word. */
static int w_inverse(uint64_t *v, const mpz_t Z, mp_bitcnt_t P, int up, mpz_t num, mpz_t q)
{
    mpz_set_ui(num, 0);
    mpz_setbit(num, P + 60);
    if (up)
        mpz_cdiv_q(q, num, Z);
    else
        mpz_fdiv_q(q, num, Z);
    return w_of_mpz(v, q, 0, 0);
}

/* 2^(P + 60) / Z rounded down into *fl and up into *ce by one division; 0 when either does
 * not fit a word. */
static int w_inverse_both(uint64_t *fl, uint64_t *ce, const mpz_t Z, mp_bitcnt_t P, mpz_t num,
                          mpz_t q)
{
    mpz_set_ui(num, 0);
    mpz_setbit(num, P + 60);
    mpz_fdiv_qr(q, num, num, Z); /* num: the remainder */
    if (!w_of_mpz(fl, q, 0, 0))
        return 0;
    *ce = *fl;
    if (mpz_sgn(num) != 0) {
        if (*fl == UINT64_MAX)
            return 0;
        ++*ce;
    }
    return 1;
}

/* The one root of H in (0, 1), whose sign is sz at x -> 0+ and -sz at x = 1, looked for in
 * [lo, hi] (the range rounded outward; hi = W_ONE when the range reaches x = 1) and settled
 * inside [ilo, ihi] (rounded inward) into roots[*count].  0 when decided (a root appended, or
 * none: the root is certified outside [lo, hi]); 1 when not. */
static int w_one_root_part(apr_root *roots, size_t max, size_t *count, const wform *w, int sz,
                           uint64_t lo, uint64_t hi, uint64_t ilo, uint64_t ihi,
                           unsigned decimals)
{
    if (lo == 0 || ilo >= ihi || ihi > W_ONE)
        return 1;
    /* H has the sign sz below the root, -sz above it */
    int s_ilo = w_sign(w, ilo), s_ihi = ihi == W_ONE ? -sz : w_sign(w, ihi);
    if (s_ilo == sz && s_ihi == -sz) {
        if (*count == max)
            return 1;
        /* Halley's start from x = 1 below z = 1, where the rate is of the usual size; above
         * it (rates near -100 % mostly, far from x = 1) the middle of the bracket */
        uint64_t X = w->up ? ilo + (ihi - ilo) / 2 : w_start(w);
        if (X <= ilo || X >= ihi)
            X = ilo + (ihi - ilo) / 2;
        X = w_newton(w, X, ilo, ihi, -sz);
        if (w_settle(&roots[*count], w, X, ilo, ihi, decimals) != 0)
            return 1;
        ++*count;
        return 0;
    }
    if (s_ilo == -sz && (lo == ilo || w_sign(w, lo) == -sz))
        return 0; /* the root is below lo */
    if (s_ihi == sz && hi < W_ONE && (hi == ihi || w_sign(w, hi) == sz))
        return 0; /* the root is above hi */
    return 1;
}

/* Flows whose signs change twice and whose sum has the sign opposite to the first flow's: F
 * has the sign of its first term as z -> 0+ and as z -> oo (the last term's, the same), the
 * other one at z = 1, and at most two positive roots (Descartes), so exactly one below z = 1
 * and one above it.  Each is then found by the certified signs at the ends of the range on
 * its side and settled there, down (x = z) below 1 and up (x = 1/z) above it, without the
 * interval search; the roots and their order (increasing z) are those the search finds.  0
 * when decided, 1 when not (the search runs then). */
static int w_isolate_two_changes(apr_root *roots, size_t max, size_t *count, const apr_eq *eq,
                                 const mpz_t zA, const mpz_t zB, mp_bitcnt_t P,
                                 unsigned decimals)
{
    int sz = eq->first_sign; /* F's sign at z -> 0+ and z -> oo */
    wform w;
    if (cmp_pow2(zA, P) < 0) { /* z in [zA, min(zB, 1)]: x = z */
        uint64_t lo, hi = W_ONE, ilo, ihi = W_ONE;
        if (cmp_pow2(zB, P) <= 0 &&
            (!w_of_mpz(&hi, zB, P - 60, 1) || !w_of_mpz(&ihi, zB, P - 60, 0)))
            return 1;
        if (!w_of_mpz(&lo, zA, P - 60, 0) || !w_of_mpz(&ilo, zA, P - 60, 1) ||
            wform_build(&w, eq, 0) != 0 ||
            w_one_root_part(roots, max, count, &w, sz, lo, hi, ilo, ihi, decimals) != 0)
            return 1;
    }
    if (cmp_pow2(zB, P) > 0) { /* z in [max(zA, 1), zB]: x = 1/z in [1/zB, min(1/zA, 1)] */
        uint64_t lo, hi = W_ONE, ilo, ihi = W_ONE;
        mpz_t num, q;
        mpz_inits(num, q, NULL);
        int ok = w_inverse_both(&lo, &ilo, zB, P, num, q);
        if (ok && cmp_pow2(zA, P) > 0)
            ok = w_inverse_both(&ihi, &hi, zA, P, num, q);
        mpz_clears(num, q, NULL);
        /* x -> 0+ is z -> oo: H(x) = x^E F(1/x) has the sign sz there too */
        if (!ok || wform_build(&w, eq, 1) != 0 ||
            w_one_root_part(roots, max, count, &w, sz, lo, hi, ilo, ihi, decimals) != 0)
            return 1;
    }
    return 0;
}

int apr_words_isolate(apr_root *roots, size_t max, size_t *count, const apr_eq *eq,
                      const mpz_t zA, const mpz_t zB, mp_bitcnt_t P, unsigned decimals,
                      size_t max_evals)
{
    *count = 0;
    if (eq->changes == 2 && decimals <= W_MAX_DECIMALS && P >= 60 && mpz_sgn(zA) > 0 &&
        mpz_cmp(zA, zB) < 0 && mpz_sgn(eq->sum_a) == -eq->first_sign && eq->first_sign != 0) {
        if (w_isolate_two_changes(roots, max, count, eq, zA, zB, P, decimals) == 0)
            return 0;
        *count = 0; /* the search decides it all again */
    }
    if (max_evals > W_TREE_EVALS)
        max_evals = W_TREE_EVALS;
    if (decimals > W_MAX_DECIMALS || P < 60 || mpz_sgn(eq->sum_a) == 0 || mpz_sgn(zA) <= 0 ||
        mpz_cmp(zA, zB) >= 0)
        return 1;
    size_t evals = 0;
    wform w;
    /* z in [zA, min(zB, 1)]: x = z, searched over the range rounded outward, roots kept when
     * settled inside it rounded inward */
    if (cmp_pow2(zA, P) < 0) {
        uint64_t lo, hi, ilo, ihi;
        int below = cmp_pow2(zB, P) <= 0;
        if (!w_of_mpz(&lo, zA, P - 60, 0) || !w_of_mpz(&ilo, zA, P - 60, 1))
            return 1;
        hi = ihi = W_ONE;
        if (below && (!w_of_mpz(&hi, zB, P - 60, 1) || !w_of_mpz(&ihi, zB, P - 60, 0)))
            return 1;
        if (lo == 0 || wform_build(&w, eq, 0) != 0 ||
            w_isolate_part(roots, max, count, &w, lo, hi, ilo, ihi, NULL, 0, decimals,
                           &evals, max_evals) != 0)
            return 1;
    }
    /* z in [max(zA, 1), zB]: y = W z in [max(W zA, W), W zB], W = 2^P / zB rounded down (so
     * that y <= 1), isolated in the scaled form, whose interval bounds behave as those of F
     * in z; each root settled up, x = 1/z */
    if (cmp_pow2(zB, P) > 0) {
        uint64_t Wn, lo, hi, ilo, ihi;
        int above = cmp_pow2(zA, P) > 0;
        mpz_t num, q;
        mpz_inits(num, q, NULL);
        int ok = w_inverse(&Wn, zB, P, 0, num, q);
        if (ok) { /* W zB and W zA, rounded outward and inward */
            mpz_mul_ui(q, zB, Wn);
            ok = w_of_mpz(&hi, q, P, 1) && w_of_mpz(&ihi, q, P, 0);
            lo = ilo = Wn;
            if (ok && above) {
                mpz_mul_ui(q, zA, Wn);
                ok = w_of_mpz(&lo, q, P, 0) && w_of_mpz(&ilo, q, P, 1);
            }
        }
        mpz_clears(num, q, NULL);
        wform wup;
        if (!ok || lo == 0 || hi > W_ONE || wform_build_scaled(&w, eq, Wn) != 0 ||
            wform_build(&wup, eq, 1) != 0 ||
            w_isolate_part(roots, max, count, &w, lo, hi, ilo, ihi, &wup, Wn, decimals,
                           &evals, max_evals) != 0)
            return 1;
    }
    return 0;
}

#else

int apr_words_settle_built(apr_root *out, const apr_built *b, unsigned decimals)
{
    (void)out, (void)b, (void)decimals;
    return 1;
}

int apr_words_settle_one(apr_root *out, const apr_eq *eq, int S1, unsigned decimals)
{
    (void)out, (void)eq, (void)S1, (void)decimals;
    return 1;
}

int apr_words_settle_bracket(apr_root *out, const apr_eq *eq, const mpz_t Za, const mpz_t Zb,
                             mp_bitcnt_t P, int sa, unsigned decimals)
{
    (void)out, (void)eq, (void)Za, (void)Zb, (void)P, (void)sa, (void)decimals;
    return 1;
}

int apr_words_isolate(apr_root *roots, size_t max, size_t *count, const apr_eq *eq,
                      const mpz_t zA, const mpz_t zB, mp_bitcnt_t P, unsigned decimals,
                      size_t max_evals)
{
    (void)roots, (void)max, (void)eq, (void)zA, (void)zB, (void)P, (void)decimals;
    (void)max_evals;
    *count = 0;
    return 1;
}

#endif
