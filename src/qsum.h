/* Additions to a running rational that skip the arithmetic when an operand is zero, and
 * do the rest without mpq_add's temporaries when the denominators fit in a word.
 *
 * mpq_add and mpq_sub take a gcd of the denominators and three products whatever the
 * operands, in temporaries of their own, and the replays' sums mostly start at zero or add
 * zero (a loan's figures, the parts of a payment), add whole amounts, or add amounts over
 * the same few small denominators (a rate's).  These give the same canonical value:
 * t + 0 is t, 0 + x is x, and otherwise the sum is formed as mpq_add forms it (Knuth,
 * TAOCP 4.5.1: with g = gcd(a, b) of the denominators, the numerator
 * n1 (b / g) + n2 (a / g) shares with the denominator a b / g no factor but those of
 * gcd(numerator, g)), with word-sized gcds in place of multiple-precision ones.  A
 * canonical value has only one form, so any exact path gives the same bits.  t and x may
 * be the same variable. */
#ifndef OWED_QSUM_H
#define OWED_QSUM_H

#include <gmp.h>
#include <limits.h>

/* Whether the word paths below may read and write a number's fields as one 64-bit limb
 * each (other builds take the library calls). */
#if GMP_NAIL_BITS == 0 && GMP_LIMB_BITS == 64 && ULONG_MAX == 18446744073709551615UL
#define OWED_QSUM_WORDS 1
#else
#define OWED_QSUM_WORDS 0
#endif

/* The word sums and products are inlined at each call; the rest of a sum or product is
 * one function (per file), not inlined, so that the calls stay small. */
#ifdef __GNUC__
#define OWED_QSUM_INLINE static inline __attribute__((always_inline))
#define OWED_QSUM_OUTLINE static __attribute__((noinline, unused))
#else
#define OWED_QSUM_INLINE static inline
#define OWED_QSUM_OUTLINE static inline
#endif

/* z = v and z = u, as mpz_set_si and mpz_set_ui make them (one limb, or none for 0),
 * written in place when z has room for a limb: the word sums and products below end with
 * one of each, and the calls into the library cost more than the rest of a small sum. */
#if OWED_QSUM_WORDS
static inline void owed_z_set_si(mpz_ptr z, long v)
{
    if (z->_mp_alloc < 1) {
        mpz_set_si(z, v);
        return;
    }
    z->_mp_d[0] = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    z->_mp_size = v < 0 ? -1 : v > 0;
}

static inline void owed_z_set_ui(mpz_ptr z, unsigned long u)
{
    if (z->_mp_alloc < 1) {
        mpz_set_ui(z, u);
        return;
    }
    z->_mp_d[0] = u;
    z->_mp_size = u != 0;
}

/* q = x, as mpq_set makes it, copied in place when its terms have up to two limbs each and
 * q has room for them (nearly every copy the replays make: amounts and rates). */
static inline void owed_q_set(mpq_ptr q, mpq_srcptr x)
{
    mpz_ptr qn = mpq_numref(q), qd = mpq_denref(q);
    mpz_srcptr xn = mpq_numref(x), xd = mpq_denref(x);
    int ns = xn->_mp_size, ds = xd->_mp_size;
    int n = ns < 0 ? -ns : ns;
    if (q == x)
        return;
    if (n == 1 && ds == 1 && qn->_mp_alloc >= 1 && qd->_mp_alloc >= 1) { /* most copies */
        qn->_mp_d[0] = xn->_mp_d[0];
        qd->_mp_d[0] = xd->_mp_d[0];
        qn->_mp_size = ns;
        qd->_mp_size = 1;
        return;
    }
    if (n > 2 || ds > 2 || qn->_mp_alloc < n || qd->_mp_alloc < ds) {
        mpq_set(q, x);
        return;
    }
    for (int k = 0; k < n; k++)
        qn->_mp_d[k] = xn->_mp_d[k];
    for (int k = 0; k < ds; k++)
        qd->_mp_d[k] = xd->_mp_d[k];
    qn->_mp_size = ns;
    qd->_mp_size = ds;
}

/* q = 0 (0/1), as mpq_set_ui(q, 0, 1) makes it, in place when its denominator has a limb
 * of room. */
static inline void owed_q_set_zero(mpq_ptr q)
{
    mpz_ptr qd = mpq_denref(q);
    if (qd->_mp_alloc < 1) {
        mpq_set_ui(q, 0, 1);
        return;
    }
    mpq_numref(q)->_mp_size = 0;
    qd->_mp_d[0] = 1;
    qd->_mp_size = 1;
}
#else
#define owed_z_set_si mpz_set_si
#define owed_z_set_ui mpz_set_ui
#define owed_q_set mpq_set
static inline void owed_q_set_zero(mpq_ptr q)
{
    mpq_set_ui(q, 0, 1);
}
#endif

/* Initialises q to 0 as mpq_init does, but leaves its numerator unallocated until a value
 * is stored in it (mpz_init allocates nothing since GMP 6.2): most of a replay's figures
 * stay zero, and each allocation made and freed per loan costs more than the sums.
 * mpq_clear releases it as any other. */
static inline void owed_q_init(mpq_ptr q)
{
    mpz_init(mpq_numref(q));
    mpz_init_set_ui(mpq_denref(q), 1);
}

/* q = 0, q canonical: nothing to write when it is 0 already (0/1; mpq_set_ui would
 * write it again), which most of a replay's resets find. */
static inline void owed_q_zero(mpq_ptr q)
{
    if (mpq_sgn(q) != 0)
        owed_q_set_zero(q);
}

/* mpq_equal(a, b) without its call: the replays compare a run's amount and base, and the
 * caps' rates, on most days, nearly always values of one word each, and the call into the
 * library costs more than the comparison.  As in GMP, canonical values (every mpq_t of the
 * replays, and their read-only views) are equal when their numerators and denominators
 * have the same sizes and limbs. */
static inline int owed_q_equal(mpq_srcptr a, mpq_srcptr b)
{
    mpz_srcptr an = mpq_numref(a), bn = mpq_numref(b);
    mpz_srcptr ad = mpq_denref(a), bd = mpq_denref(b);
    if (an->_mp_size != bn->_mp_size || ad->_mp_size != bd->_mp_size)
        return 0;
    if ((an->_mp_size == 1 || an->_mp_size == -1) && ad->_mp_size == 1) /* a word over one */
        return an->_mp_d[0] == bn->_mp_d[0] && ad->_mp_d[0] == bd->_mp_d[0];
    size_t nn = mpz_size(an), nd = mpz_size(ad);
    for (size_t i = 0; i < nn; i++)
        if (an->_mp_d[i] != bn->_mp_d[i])
            return 0;
    for (size_t i = 0; i < nd; i++)
        if (ad->_mp_d[i] != bd->_mp_d[i])
            return 0;
    return 1;
}

/* Whether z (a denominator: positive) is 1. */
static inline int owed_z_is_one(mpz_srcptr z)
{
    return mpz_size(z) == 1 && mpz_getlimbn(z, 0) == 1;
}

static inline unsigned long owed_gcd_ul(unsigned long a, unsigned long b)
{
    while (b != 0) {
        unsigned long r = a % b;
        a = b;
        b = r;
    }
    return a;
}

/* Whether z fits in a long; *v = z then. */
static inline int owed_z_to_long(mpz_srcptr z, long *v)
{
    int size = z->_mp_size; /* the fields read as mpz_size and mpz_getlimbn read them */
    if (size == 0) {
        *v = 0;
        return 1;
    }
    mp_limb_t m = z->_mp_d[0];
    if ((size != 1 && size != -1) || m > (mp_limb_t)LONG_MAX)
        return 0;
    *v = size < 0 ? -(long)m : (long)m;
    return 1;
}

#ifdef __SIZEOF_INT128__
/* m % d and m / d in one word when m fits in one (a library call otherwise), as most
 * sums' numerators and denominators do. */
static inline unsigned long owed_u128_mod_ul(unsigned __int128 m, unsigned long d)
{
    return m >> 64 ? (unsigned long)(m % d) : (unsigned long)m % d;
}

static inline unsigned __int128 owed_u128_div_ul(unsigned __int128 m, unsigned long d)
{
    return m >> 64 ? m / d : (unsigned __int128)((unsigned long)m / d);
}

/* The last step of both word sums: the magnitude of the sum's numerator num (not 0) and
 * its denominator a (b / g), reduced by what num shares with g = gcd(a, b) (the only common
 * factor they can have, as in mpq_add). */
static inline void owed_q_words_reduce(__int128 num, unsigned long a, unsigned long b,
                                       unsigned long g, unsigned __int128 *mag_out,
                                       unsigned __int128 *den_out)
{
    unsigned __int128 mag = num < 0 ? (unsigned __int128)0 - (unsigned __int128)num
                                    : (unsigned __int128)num;
    unsigned __int128 den = (unsigned __int128)a * (b / g);
    if (g > 1) {
        unsigned long g2 = owed_gcd_ul(g, owed_u128_mod_ul(mag, g));
        if (g2 > 1) {
            mag = owed_u128_div_ul(mag, g2);
            den = owed_u128_div_ul(den, g2);
        }
    }
    *mag_out = mag;
    *den_out = den;
}

/* The numerators tn, xn and denominators a, b of the sum in machine words: the same steps
 * as below, in 128-bit numbers (each cross product is below 2^127; their sum is checked).
 * Returns 0, leaving t alone, when the sum or the result's terms do not fit. */
static inline int owed_q_aors_words(mpq_ptr t, long tn, long xn, unsigned long a,
                                    unsigned long b, int sub)
{
    unsigned long g = a == b ? a : owed_gcd_ul(a, b);
    __int128 left = (__int128)tn * (__int128)(b / g);
    __int128 right = (__int128)xn * (__int128)(a / g);
    __int128 num;
    if (sub ? __builtin_sub_overflow(left, right, &num) : __builtin_add_overflow(left, right, &num))
        return 0;
    if (num == 0) {
        owed_q_set_zero(t);
        return 1;
    }
    unsigned __int128 mag, den;
    owed_q_words_reduce(num, a, b, g, &mag, &den);
    if (mag > (unsigned __int128)LONG_MAX || den > (unsigned __int128)ULONG_MAX)
        return 0;
    owed_z_set_si(mpq_numref(t), num < 0 ? -(long)mag : (long)mag);
    if (den != a)
        owed_z_set_ui(mpq_denref(t), (unsigned long)den);
    return 1;
}
#endif

#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
/* Whether z fits in a signed 128-bit number (at most two limbs, below 2^127); *v = z
 * then. */
static inline int owed_z_to_i128(mpz_srcptr z, __int128 *v)
{
    size_t n = mpz_size(z);
    if (n > 2)
        return 0;
    unsigned __int128 m = n > 0 ? (unsigned __int128)mpz_getlimbn(z, 0) : 0;
    if (n > 1)
        m |= (unsigned __int128)mpz_getlimbn(z, 1) << 64;
    if (m >> 127)
        return 0;
    *v = mpz_sgn(z) < 0 ? -(__int128)m : (__int128)m;
    return 1;
}

/* owed_q_aors_words for numerators of up to two limbs (a rate's products of amounts): the
 * same steps with every product checked.  Returns 0, leaving t alone, when a product, the
 * sum or the result's denominator does not fit. */
static inline int owed_q_aors_wide(mpq_ptr t, __int128 tn, __int128 xn, unsigned long a,
                                   unsigned long b, int sub)
{
    unsigned long g = a == b ? a : owed_gcd_ul(a, b);
    __int128 left, right, num;
    if (__builtin_mul_overflow(tn, (__int128)(b / g), &left) ||
        __builtin_mul_overflow(xn, (__int128)(a / g), &right) ||
        (sub ? __builtin_sub_overflow(left, right, &num)
             : __builtin_add_overflow(left, right, &num)))
        return 0;
    if (num == 0) {
        owed_q_set_zero(t);
        return 1;
    }
    unsigned __int128 mag, den;
    owed_q_words_reduce(num, a, b, g, &mag, &den);
    if (den > (unsigned __int128)ULONG_MAX)
        return 0;
    mpz_ptr n = mpq_numref(t);
    int size = mag >> 64 ? 2 : 1;
    mp_limb_t *limb = mpz_limbs_write(n, size);
    limb[0] = (mp_limb_t)mag;
    if (size == 2)
        limb[1] = (mp_limb_t)(mag >> 64);
    mpz_limbs_finish(n, num < 0 ? -size : size);
    if (den != a)
        owed_z_set_ui(mpq_denref(t), (unsigned long)den);
    return 1;
}
#endif

#if OWED_QSUM_WORDS
/* t = t + x (sub: t - x) for t and x nonzero and canonical whose numerators and
 * denominators are one word each, in machine words and in place, with no call: nearly
 * every sum of the replays (2,000 loans: 80 % of them also below 2^32), whose shapes are
 * spread (equal denominators, one of them 1, one dividing the other, neither).  The same
 * steps as owed_q_aors_rest below (Knuth, TAOCP 4.5.1), where g = gcd(a, b) needs no
 * gcd when a = b or one divides the other: g is the smaller one.  Returns 0, leaving t
 * alone, when a term is 2^63 or more (of two words, or past a long), or a product, the
 * sum or the denominator does not fit in a word. */
OWED_QSUM_INLINE int owed_q_aors_word(mpq_ptr t, mpq_srcptr x, int sub)
{
    mpz_ptr tn = mpq_numref(t), td = mpq_denref(t);
    mpz_srcptr xn = mpq_numref(x), xd = mpq_denref(x);
    int ts = tn->_mp_size, xs = xn->_mp_size;
    if (td->_mp_size != 1 || xd->_mp_size != 1 || (ts != 1 && ts != -1) || (xs != 1 && xs != -1))
        return 0;
    unsigned long tm = tn->_mp_d[0], xm = xn->_mp_d[0];
    unsigned long a = td->_mp_d[0], b = xd->_mp_d[0];
    if ((tm | xm | a | b) > (unsigned long)LONG_MAX) /* the multipliers below are longs */
        return 0;
    long left = ts < 0 ? -(long)tm : (long)tm;
    long right = (xs < 0) != (sub != 0) ? -(long)xm : (long)xm;
    unsigned long g, den;
    if (a == b) {
        g = a;
        den = a;
    } else if (b % a == 0) { /* a = 1 among them */
        g = a;
        den = b;
        if (__builtin_mul_overflow(left, (long)(b / a), &left))
            return 0;
    } else if (a % b == 0) { /* b = 1 among them */
        g = b;
        den = a;
        if (__builtin_mul_overflow(right, (long)(a / b), &right))
            return 0;
    } else {
        g = owed_gcd_ul(a, b);
        if (__builtin_mul_overflow(a, b / g, &den) ||
            __builtin_mul_overflow(left, (long)(b / g), &left) ||
            __builtin_mul_overflow(right, (long)(a / g), &right))
            return 0;
    }
    long num;
    if (__builtin_add_overflow(left, right, &num))
        return 0;
    if (num == 0) {
        tn->_mp_size = 0;
        td->_mp_d[0] = 1;
        return 1;
    }
    unsigned long mag = num < 0 ? 0UL - (unsigned long)num : (unsigned long)num;
    if (g > 1) {
        unsigned long g2 = owed_gcd_ul(g, mag % g);
        if (g2 > 1) {
            mag /= g2;
            den /= g2;
        }
    }
    tn->_mp_d[0] = mag; /* t's terms have a limb each: room for these */
    tn->_mp_size = num < 0 ? -1 : 1;
    td->_mp_d[0] = den;
    return 1;
}
#endif

/* t = t + x (sub: t - x), t and x nonzero and canonical, when owed_q_aors_word could not
 * form it. */
OWED_QSUM_OUTLINE void owed_q_aors_rest(mpq_ptr t, mpq_srcptr x, int sub)
{
    mpz_ptr tn = mpq_numref(t), td = mpq_denref(t);
    mpz_srcptr xn = mpq_numref(x), xd = mpq_denref(x);
    if (t == x || !mpz_fits_ulong_p(td) || !mpz_fits_ulong_p(xd)) {
        if (t != x && mpz_cmp(td, xd) == 0) {
            /* one denominator d (of several limbs: a rate's products): (tn +- xn) / d,
               reduced by gcd(tn +- xn, d), where mpq_add would first find gcd(d, d) */
            if (sub)
                mpz_sub(tn, tn, xn);
            else
                mpz_add(tn, tn, xn);
            if (mpz_sgn(tn) == 0) {
                mpz_set_ui(td, 1);
                return;
            }
            mpz_t g;
            mpz_init(g);
            mpz_gcd(g, tn, td);
            if (mpz_cmp_ui(g, 1) != 0) {
                mpz_divexact(tn, tn, g);
                mpz_divexact(td, td, g);
            }
            mpz_clear(g);
            return;
        }
        int a_divides = t != x && mpz_divisible_p(xd, td);
        if (a_divides || (t != x && mpz_divisible_p(td, xd))) {
            /* one denominator divides the other (a rate's products): g = gcd(a, b) is
               the smaller one, and the sum is over the larger one, reduced by
               gcd(numerator, g), without mpq_add's gcd of the denominators */
            mpz_t k;
            mpz_init(k);
            if (a_divides) { /* b = k a: (tn k +- xn) / b */
                mpz_divexact(k, xd, td);
                mpz_mul(tn, tn, k);
                if (sub)
                    mpz_sub(tn, tn, xn);
                else
                    mpz_add(tn, tn, xn);
                mpz_gcd(k, tn, td);
                mpz_set(td, xd);
            } else { /* a = k b: (tn +- xn k) / a */
                mpz_divexact(k, td, xd);
                if (sub)
                    mpz_submul(tn, xn, k);
                else
                    mpz_addmul(tn, xn, k);
                mpz_gcd(k, tn, xd);
            }
            /* the sum is not 0: canonical values over different denominators are not
               opposite */
            if (mpz_cmp_ui(k, 1) != 0) {
                mpz_divexact(tn, tn, k);
                mpz_divexact(td, td, k);
            }
            mpz_clear(k);
            return;
        }
        if (sub)
            mpq_sub(t, t, x);
        else
            mpq_add(t, t, x);
        return;
    }
    unsigned long a = mpz_get_ui(td), b = mpz_get_ui(xd);
#ifdef __SIZEOF_INT128__
    long tv, xv;
    if (owed_z_to_long(tn, &tv) && owed_z_to_long(xn, &xv) &&
        owed_q_aors_words(t, tv, xv, a, b, sub))
        return;
#endif
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
    __int128 tw, xw;
    if (owed_z_to_i128(tn, &tw) && owed_z_to_i128(xn, &xw) &&
        owed_q_aors_wide(t, tw, xw, a, b, sub))
        return;
#endif
    if (b == 1) {
        /* (tn +- xn a) / a: gcd(tn +- xn a, a) = gcd(tn, a) = 1 */
        if (a == 1) {
            if (sub)
                mpz_sub(tn, tn, xn);
            else
                mpz_add(tn, tn, xn);
        } else if (sub) {
            mpz_submul_ui(tn, xn, a);
        } else {
            mpz_addmul_ui(tn, xn, a);
        }
        return;
    }
    if (a == 1) {
        /* (tn b +- xn) / b: gcd(tn b +- xn, b) = gcd(xn, b) = 1 */
        mpz_mul_ui(tn, tn, b);
        if (sub)
            mpz_sub(tn, tn, xn);
        else
            mpz_add(tn, tn, xn);
        mpz_set_ui(td, b);
        return;
    }
    unsigned long g = a == b ? a : owed_gcd_ul(a, b);
    if (b / g > 1)
        mpz_mul_ui(tn, tn, b / g);
    if (sub) {
        if (a / g > 1)
            mpz_submul_ui(tn, xn, a / g);
        else
            mpz_sub(tn, tn, xn);
    } else {
        if (a / g > 1)
            mpz_addmul_ui(tn, xn, a / g);
        else
            mpz_add(tn, tn, xn);
    }
    if (mpz_sgn(tn) == 0) {
        mpz_set_ui(td, 1);
        return;
    }
    if (b / g > 1)
        mpz_mul_ui(td, td, b / g); /* a b / g */
    if (g > 1) {
        unsigned long g2 = mpz_gcd_ui(NULL, tn, g);
        if (g2 > 1) {
            mpz_divexact_ui(tn, tn, g2);
            mpz_divexact_ui(td, td, g2);
        }
    }
}

/* t = t + x (sub: t - x), t and x nonzero and canonical: the word sum at the call, the
 * rest in one function. */
OWED_QSUM_INLINE void owed_q_aors(mpq_ptr t, mpq_srcptr x, int sub)
{
#if OWED_QSUM_WORDS
    if (owed_q_aors_word(t, x, sub))
        return;
#endif
    owed_q_aors_rest(t, x, sub);
}

/* q = -x, as mpq_neg makes it, through owed_q_set (mpq_neg copies with mpq_set). */
static inline void owed_q_set_neg(mpq_ptr q, mpq_srcptr x)
{
    owed_q_set(q, x);
    mpz_neg(mpq_numref(q), mpq_numref(q)); /* in place: the sign only */
}

/* t += x */
static inline void owed_q_add_to(mpq_ptr t, mpq_srcptr x)
{
    if (mpq_sgn(x) == 0)
        return;
    if (mpq_sgn(t) == 0)
        owed_q_set(t, x);
    else
        owed_q_aors(t, x, 0);
}

/* t -= x */
static inline void owed_q_sub_from(mpq_ptr t, mpq_srcptr x)
{
    if (mpq_sgn(x) == 0)
        return;
    if (mpq_sgn(t) == 0)
        owed_q_set_neg(t, x);
    else
        owed_q_aors(t, x, 1);
}

/* out = a - b (out may be a or b) */
static inline void owed_q_diff(mpq_ptr out, mpq_srcptr a, mpq_srcptr b)
{
    if (mpq_sgn(b) == 0) {
        if (out != a)
            owed_q_set(out, a);
    } else if (mpq_sgn(a) == 0) {
        owed_q_set_neg(out, b);
    } else if (out == a) {
        owed_q_aors(out, b, 1);
    } else if (out == b) {
        mpq_neg(out, out); /* -b + a */
        owed_q_aors(out, a, 0);
    } else {
        owed_q_set(out, a);
        owed_q_aors(out, b, 1);
    }
}

/* Whether q's numerator and denominator each fit in an unsigned long. */
static inline int owed_q_is_small(mpq_srcptr q)
{
    int ns = mpq_numref(q)->_mp_size; /* the fields, as in owed_z_to_long */
    return ns >= -1 && ns <= 1 && (ns == 0 || mpq_numref(q)->_mp_d[0] <= ULONG_MAX) &&
           mpz_fits_ulong_p(mpq_denref(q));
}

#if OWED_QSUM_WORDS
/* owed_q_mul_by below for a whose numerator and denominator are one word each, and a
 * product whose terms are too, in machine words with no call: nearly every product of the
 * replays (a rate by a fraction of a year, an amount by a rate).  Returns 0, leaving out
 * alone, when a term does not fit in a word. */
OWED_QSUM_INLINE int owed_q_mul_by_word(mpq_ptr out, mpq_srcptr a, unsigned long nb,
                                        unsigned long db, int negative)
{
    mpz_srcptr an = mpq_numref(a), ad = mpq_denref(a);
    int as = an->_mp_size;
    if (ad->_mp_size != 1 || (as != 1 && as != -1))
        return 0;
    unsigned long mag = an->_mp_d[0], da = ad->_mp_d[0];
    /* |na| / w1 x nb / w2 over da / w2 x db / w1, as below */
    unsigned long w1 = db == 1 ? 1 : owed_gcd_ul(db, mag % db);
    unsigned long w2 = nb == 1 ? 1 : owed_gcd_ul(nb, da % nb);
    unsigned long num, den;
    if (__builtin_mul_overflow(mag / w1, nb / w2, &num) ||
        __builtin_mul_overflow(da / w2, db / w1, &den))
        return 0;
    mpz_ptr on = mpq_numref(out);
    owed_z_set_ui(on, num); /* num > 0: a and nb are not 0 */
    if ((as < 0) != (negative != 0))
        on->_mp_size = -1;
    owed_z_set_ui(mpq_denref(out), den);
    return 1;
}
#endif

/* out = a x (negative ? -1 : 1) nb / db, for a nonzero and canonical, nb / db in lowest
 * terms, nb > 0, db > 0 (the terms of a small factor, read before out is written: out may
 * be that factor), when owed_q_mul_by_word could not form it. */
OWED_QSUM_OUTLINE void owed_q_mul_by_rest(mpq_ptr out, mpq_srcptr a, unsigned long nb,
                                          unsigned long db, int negative)
{
#ifdef __SIZEOF_INT128__
    long na;
    if (mpz_fits_ulong_p(mpq_denref(a)) && owed_z_to_long(mpq_numref(a), &na)) {
        /* in machine words: |na| / g1 x nb / g2 is below 2^127, the denominators' product
           below 2^128 */
        unsigned long da = mpz_get_ui(mpq_denref(a));
        unsigned long mag = na < 0 ? 0UL - (unsigned long)na : (unsigned long)na;
        unsigned long w1 = db == 1 ? 1 : owed_gcd_ul(db, mag % db);
        unsigned long w2 = nb == 1 ? 1 : owed_gcd_ul(nb, da % nb);
        unsigned __int128 num = (unsigned __int128)(mag / w1) * (nb / w2);
        unsigned __int128 den = (unsigned __int128)(da / w2) * (db / w1);
        if (num <= (unsigned __int128)LONG_MAX && den <= (unsigned __int128)ULONG_MAX) {
            long v = (long)num;
            owed_z_set_si(mpq_numref(out), (na < 0) != negative ? -v : v);
            owed_z_set_ui(mpq_denref(out), (unsigned long)den);
            return;
        }
    }
#endif
    unsigned long g1 = db == 1 ? 1 : mpz_gcd_ui(NULL, mpq_numref(a), db);
    unsigned long g2 = nb == 1 ? 1 : mpz_gcd_ui(NULL, mpq_denref(a), nb);
    /* the factor's terms are words: out may be that factor from here on */
    if (g1 > 1)
        mpz_divexact_ui(mpq_numref(out), mpq_numref(a), g1);
    else if (out != a)
        mpz_set(mpq_numref(out), mpq_numref(a));
    if (nb / g2 > 1)
        mpz_mul_ui(mpq_numref(out), mpq_numref(out), nb / g2);
    if (negative)
        mpz_neg(mpq_numref(out), mpq_numref(out));
    if (g2 > 1)
        mpz_divexact_ui(mpq_denref(out), mpq_denref(a), g2);
    else if (out != a)
        mpz_set(mpq_denref(out), mpq_denref(a));
    if (db / g1 > 1)
        mpz_mul_ui(mpq_denref(out), mpq_denref(out), db / g1);
}

/* out = a x (negative ? -1 : 1) nb / db, for a nonzero and canonical, nb / db in lowest
 * terms, nb > 0, db > 0 (the terms of a small factor, read before out is written: out may
 * be that factor): the word product at the call, the rest in one function. */
OWED_QSUM_INLINE void owed_q_mul_by(mpq_ptr out, mpq_srcptr a, unsigned long nb,
                                   unsigned long db, int negative)
{
#if OWED_QSUM_WORDS
    if (owed_q_mul_by_word(out, a, nb, db, negative))
        return;
#endif
    owed_q_mul_by_rest(out, a, nb, db, negative);
}

/* out = a x b (out may be a or b).  When one factor's terms fit in a word, the product is
 * formed as mpq_mul forms it (each numerator reduced by its gcd with the other's
 * denominator, then multiplied) with word gcds and no temporaries: a rate (6/25, 1/365)
 * times an amount. */
static inline void owed_q_mul(mpq_ptr out, mpq_srcptr a, mpq_srcptr b)
{
    if (mpq_sgn(a) == 0 || mpq_sgn(b) == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    if (!owed_q_is_small(b)) {
        mpq_srcptr s = a;
        a = b;
        b = s;
        if (!owed_q_is_small(b)) {
            mpq_mul(out, a, b);
            return;
        }
    }
    owed_q_mul_by(out, a, (unsigned long)mpq_numref(b)->_mp_d[0], /* b is not 0 */
                  mpz_get_ui(mpq_denref(b)), mpq_sgn(b) < 0);
}

/* out = a / b (out may be a or b), b nonzero, as mpq_div makes it: a times b's inverse,
 * which is in lowest terms when b is. */
static inline void owed_q_div(mpq_ptr out, mpq_srcptr a, mpq_srcptr b)
{
    if (mpq_sgn(b) == 0 || !owed_q_is_small(b)) {
        mpq_div(out, a, b);
        return;
    }
    if (mpq_sgn(a) == 0) {
        mpq_set_ui(out, 0, 1);
        return;
    }
    owed_q_mul_by(out, a, mpz_get_ui(mpq_denref(b)),
                  (unsigned long)mpq_numref(b)->_mp_d[0], mpq_sgn(b) < 0); /* b is not 0 */
}

/* q = q x n / d, for q canonical, n / d in lowest terms and d > 0, canonical: n is
 * reduced against q's denominator and d against its numerator, and what is left is in
 * lowest terms (a rate by a fraction of a year). */
static inline void owed_q_scale(mpq_ptr q, unsigned long n, unsigned long d)
{
    if (n == 0) {
        mpq_set_ui(q, 0, 1);
        return;
    }
    if (mpq_sgn(q) != 0)
        owed_q_mul_by(q, q, n, d, 0);
}

/* q = q x n, for q canonical, canonical without a full gcd: gcd(num n, den) is
 * gcd(n, den) when gcd(num, den) = 1 (a run's amount times its days). */
static inline void owed_q_mul_ui(mpq_ptr q, unsigned long n)
{
    owed_q_scale(q, n, 1);
}

/* q = n / d in lowest terms (d > 0), as mpq_set_ui and mpq_canonicalize make it. */
static inline void owed_q_set_frac(mpq_ptr q, unsigned long n, unsigned long d)
{
    unsigned long g = n == 0 ? d : owed_gcd_ul(d, n % d);
    mpq_set_ui(q, n / g, d / g);
}

/* out = a + b (out may be a or b). */
static inline void owed_q_sum(mpq_ptr out, mpq_srcptr a, mpq_srcptr b)
{
    if (out == a) {
        owed_q_add_to(out, b);
    } else if (out == b) {
        owed_q_add_to(out, a);
    } else {
        owed_q_set(out, a);
        owed_q_add_to(out, b);
    }
}

/* The sign of a - b, as mpq_cmp gives it (its sign only: callers compare it with 0). */
static inline int owed_q_cmp(mpq_srcptr a, mpq_srcptr b)
{
    int sa = mpq_sgn(a), sb = mpq_sgn(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
#if OWED_QSUM_WORDS && defined(__SIZEOF_INT128__)
    mpz_srcptr ad = mpq_denref(a), bd = mpq_denref(b);
    if (mpq_numref(a)->_mp_size == mpq_numref(b)->_mp_size && /* +-1 both: sa = sb */
        (sa > 0 ? mpq_numref(a)->_mp_size == 1 : mpq_numref(a)->_mp_size == -1) &&
        ad->_mp_size == 1 && bd->_mp_size == 1) {
        /* a word over a word each, of one sign: the magnitudes' cross products, below
           2^128, compared */
        unsigned __int128 l = (unsigned __int128)mpq_numref(a)->_mp_d[0] * bd->_mp_d[0];
        unsigned __int128 r = (unsigned __int128)mpq_numref(b)->_mp_d[0] * ad->_mp_d[0];
        int c = (l > r) - (l < r);
        return sa > 0 ? c : -c;
    }
#endif
#ifdef __SIZEOF_INT128__
    long na, nb;
    if (mpz_fits_ulong_p(mpq_denref(a)) && mpz_fits_ulong_p(mpq_denref(b)) &&
        owed_z_to_long(mpq_numref(a), &na) && owed_z_to_long(mpq_numref(b), &nb)) {
        /* |n| < 2^63 and d < 2^64: the cross products are below 2^127 */
        __int128 l = (__int128)na * (__int128)mpz_get_ui(mpq_denref(b));
        __int128 r = (__int128)nb * (__int128)mpz_get_ui(mpq_denref(a));
        return (l > r) - (l < r);
    }
#endif
    return mpq_cmp(a, b);
}

#endif
