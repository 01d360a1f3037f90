/* Internal interface between the files of the annual-rate engine (src/apr*.c).
 * Not part of the library's API: nothing outside src/apr*.c includes it.
 *
 *   apr_time.c     builds the equation of a method from the flows (time measures)
 *   apr_fixed.c    evaluates it in fixed-point interval arithmetic with outward rounding
 *   apr_solve.c    finds, isolates and proves its roots; decides rate-vs-cap
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

#include "apr.h"

typedef struct apr_term {
    mpz_t amag;          /* |A_k| */
    mpz_t anmag;         /* |A_k| * e_k, for z F'(z) */
    int sign;            /* +1 or -1 */
    unsigned long expo;  /* e_k */
    unsigned long fnum;  /* f_k = fnum / fden, 0 <= f_k < 1; fnum == 0: no fraction */
    unsigned long fden;
    size_t gap;          /* index in eq->gaps of e_k - e_(k-1) (e_0 for the first) */
} apr_term;

typedef struct apr_eq {
    size_t n;
    apr_term *t;          /* sorted by (expo, fraction), no two alike, no zero amount */
    int nominal;          /* 0: compound, 1: nominal */
    unsigned long D;      /* compound: years = expo / D */
    mpq_t w;              /* nominal: unit-periods a year (R = w i) */
    size_t ngaps;
    unsigned long *gaps;  /* distinct values of expo differences, ascending */
    int has_frac;         /* some f_k != 0 */
    unsigned changes;     /* sign changes of A_k in order */
    int first_sign;       /* sign of A_0 */
    unsigned long max_expo;
} apr_eq;

/* One term before the equation is built (apr_time.c produces, apr_eq_build consumes). */
typedef struct apr_raw_term {
    owed_date date;
    mpq_t amount;        /* net amount of the date */
    unsigned long expo;
    unsigned long fnum, fden;
    mpq_t time;          /* years or unit-periods, for display */
    char text[64];       /* "1/12 + 3/366", "t=1 f=19/30" */
} apr_raw_term;

typedef struct apr_built {
    size_t n;
    apr_raw_term *raw;   /* one per date, in date order */
    int nominal;
    unsigned long D;
    mpq_t w;
    char measure[160];   /* description of the time measure */
    int irregular;       /* regz: §1026.22(a)(3) irregular transaction */
    int exact_simple;    /* simple: the rate is exact_rate */
    mpq_t exact_rate;
} apr_built;

void apr_built_init(apr_built *b);
void apr_built_clear(apr_built *b);

/* apr_time.c: the equation's terms of a method for the flows. */
owed_status apr_time_build(apr_built *out, const owed_apr_flows *flows,
                           const owed_apr_options *opt, owed_error *err);
/* Access to flows for apr_time.c (apr_methods.c owns the type). */
size_t apr_flows_n(const owed_apr_flows *flows);
owed_date apr_flows_date(const owed_apr_flows *flows, size_t i);
mpq_srcptr apr_flows_amount(const owed_apr_flows *flows, size_t i);

/* apr_fixed.c ---------------------------------------------------------------------------- */

owed_status apr_eq_build(apr_eq *eq, const apr_built *b, owed_error *err);
void apr_eq_clear(apr_eq *eq);

/* Fixed point: an integer X stands for X / 2^P. */
typedef struct apr_ws {
    mp_bitcnt_t P;
    size_t ngaps;
    mpz_t *glo, *ghi;    /* z^gap, rounded down / up */
    mpz_t sqlo[64], sqhi[64];
    mpz_t plo, phi, wlo, whi, slo, shi, clo, chi, t1, t2;
    mpz_t fplo, fphi, fnlo, fnhi, dplo, dphi, dnlo, dnhi;
} apr_ws;

void apr_ws_init(apr_ws *ws, const apr_eq *eq, mp_bitcnt_t P);
void apr_ws_clear(apr_ws *ws);

/* Enclosure of F over z in [ZL, ZH] (fixed point, 0 < ZL <= ZH): Flo <= F(z) 2^P <= Fhi.
 * With dlo/dhi non-NULL, also an enclosure of z F'(z) over the interval. */
void apr_eval(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH, mpz_t Flo,
              mpz_t Fhi, mpz_t dlo, mpz_t dhi);
/* Fast approximation of F(Z) and z F'(Z) (rounded down throughout; for Newton only). */
void apr_eval_approx(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t F, mpz_t zdF);

/* r = z^e with directed rounding: up != 0 rounds up.  z >= 0. */
void apr_fx_pow(mpz_t r, const mpz_t z, unsigned long e, mp_bitcnt_t P, int up, mpz_t tmp);

/* Enclosure of z(R) at precision P: ZL <= z(R) 2^P <= ZH.  guess (may be NULL) is an
 * approximation of z(R) 2^P.  Returns 0, or -1 when R is outside the domain (R <= -1, or
 * R <= -w) or the enclosure could not be certified at this precision. */
int apr_z_of_rate(mpz_t ZL, mpz_t ZH, const apr_eq *eq, const mpq_t R, mp_bitcnt_t P,
                  const mpz_t guess);
/* Bounds of R(z) for z in [ZL, ZH] (R decreasing in z): Rlo <= R(ZH), R(ZL) <= Rhi. */
void apr_rate_of_z(mpq_t Rlo, mpq_t Rhi, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                   mp_bitcnt_t P);
/* The exact sign of F at the rational rate R when every term is rational there (nominal
 * always; compound when (1 + R) is a perfect power as needed): 1 with *sign set, else 0. */
int apr_exact_sign(int *sign, const apr_eq *eq, const mpq_t R);

/* apr_solve.c ---------------------------------------------------------------------------- */

typedef struct apr_root {
    mpq_t lo, hi;       /* lo < R < hi, or lo == hi == R when exact */
    int exact;
    unsigned decimals;  /* decimals of the percent figure this root was settled to */
} apr_root;

typedef struct apr_roots {
    owed_apr_outcome outcome;
    size_t n;
    apr_root *r;
    mpq_t range_lo, range_hi;
    unsigned decimals;
} apr_roots;

void apr_roots_init(apr_roots *rs);
void apr_roots_clear(apr_roots *rs);

/* Finds and proves the roots of eq, settled to `decimals` of the percent figure (or to
 * `significant` digits when > 0), half-up. */
owed_status apr_solve(apr_roots *out, const apr_eq *eq, unsigned decimals, unsigned significant,
                      mpq_srcptr range_lo, mpq_srcptr range_hi, owed_error *err);
/* Certified sign of F at the rate R: -1, 0 (exact root), +1; OWED_E_LIMIT if undecidable. */
owed_status apr_sign_at(int *sign, const apr_eq *eq, const mpq_t R, owed_error *err);

#endif
