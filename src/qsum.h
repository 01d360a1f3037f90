/* Additions to a running rational that skip the arithmetic when an operand is zero.
 *
 * mpq_add and mpq_sub take a gcd of the denominators and three products whatever the
 * operands, and the replays' sums mostly start at zero or add zero (a loan's figures, the
 * parts of a payment).  These give the same canonical value: t + 0 is t, and 0 + x is x.
 * t and x may be the same variable. */
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
    else
        mpq_sub(t, t, x);
}

#endif
