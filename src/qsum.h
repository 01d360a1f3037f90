/* Additions to a running rational that skip the arithmetic when an operand is zero.
 *
 * mpq_add and mpq_sub take a gcd of the denominators and three products whatever the
 * operands, and the replays' sums mostly start at zero or add zero (a loan's figures, the
 * parts of a payment), or add whole amounts.  These give the same canonical value: t + 0 is
 * t, 0 + x is x, and the sum of two integers (denominator 1) is their numerators' sum over
 * 1.  t and x may be the same variable. */
#ifndef OWED_QSUM_H
#define OWED_QSUM_H

#include <gmp.h>

/* t += x */
static inline void owed_q_add_to(mpq_ptr t, mpq_srcptr x)
{
    if (mpq_sgn(x) == 0)
        return;
    if (mpq_sgn(t) == 0)
        mpq_set(t, x);
    else if (mpz_cmp_ui(mpq_denref(t), 1) == 0 && mpz_cmp_ui(mpq_denref(x), 1) == 0)
        mpz_add(mpq_numref(t), mpq_numref(t), mpq_numref(x)); /* integers: stays n/1 */
    else
        mpq_add(t, t, x);
}

/* t -= x */
static inline void owed_q_sub_from(mpq_ptr t, mpq_srcptr x)
{
    if (mpq_sgn(x) == 0)
        return;
    if (mpq_sgn(t) == 0)
        mpq_neg(t, x);
    else if (mpz_cmp_ui(mpq_denref(t), 1) == 0 && mpz_cmp_ui(mpq_denref(x), 1) == 0)
        mpz_sub(mpq_numref(t), mpq_numref(t), mpq_numref(x)); /* integers: stays n/1 */
    else
        mpq_sub(t, t, x);
}

/* out = a - b (out may be a or b) */
static inline void owed_q_diff(mpq_ptr out, mpq_srcptr a, mpq_srcptr b)
{
    if (mpq_sgn(b) == 0)
        mpq_set(out, a);
    else if (mpq_sgn(a) == 0)
        mpq_neg(out, b);
    else
        mpq_sub(out, a, b);
}

#endif
