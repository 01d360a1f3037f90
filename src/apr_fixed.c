/* The rate equation in fixed-point interval arithmetic (see apr_impl.h for its form).
 *
 * Proof obligations, and how each is met:
 *  - A number X / 2^P is exact; every product or quotient is rounded with mpz_fdiv (down)
 *    or mpz_cdiv (up), so a chain of operations on non-negative numbers that rounds one way
 *    gives a lower (resp. upper) bound of the exact value, because every operation used is
 *    increasing in each non-negative argument.
 *  - apr_eval: each term |A| z^e s(z) is increasing in z on z > 0, so over [a, b] the sum P of
 *    positive terms lies in [P_down(a), P_up(b)] and likewise N; F = P - N lies in
 *    [P_down(a) - N_up(b), P_up(b) - N_down(a)].  For z F'(z), each term is
 *    |A| z^e s(z) (e + c(z)) with c(z) = f / (f + (1 - f) z) decreasing and non-negative, so
 *    a lower bound uses z^e s at a and c at b, an upper bound the reverse.
 *  - apr_z_of_rate: an approximate root Z of x z^D = 1 (x = 1 + R) is certified by
 *    computing x ZL^D rounded up and x ZH^D rounded down: if the first is <= 1 and the
 *    second >= 1 then ZL <= z <= ZH, since t -> x t^D is increasing.  Nothing rests on the
 *    accuracy of the Newton steps that produced Z.
 * The arithmetic is GMP integers only; no binary floating point. */
#include <config.h>

#include "apr_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* ---- building the equation ------------------------------------------------------------ */

static int frac_cmp(unsigned long an, unsigned long ad, unsigned long bn, unsigned long bd)
{
    /* an/ad vs bn/bd with ad, bd > 0 (0/1 when no fraction); products fit in 128 bits. */
    unsigned __int128 l = (unsigned __int128)an * bd, r = (unsigned __int128)bn * ad;
    return l < r ? -1 : l > r;
}

static int raw_cmp(const apr_raw_term *a, const apr_raw_term *b)
{
    if (a->expo != b->expo)
        return a->expo < b->expo ? -1 : 1;
    return frac_cmp(a->fnum, a->fnum ? a->fden : 1, b->fnum, b->fnum ? b->fden : 1);
}

static int ul_cmp(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

void apr_eq_clear(apr_eq *eq)
{
    for (size_t k = 0; k < eq->n; k++) {
        mpz_clear(eq->t[k].amag);
        mpz_clear(eq->t[k].anmag);
    }
    free(eq->t);
    free(eq->gaps);
    mpq_clear(eq->w);
    memset(eq, 0, sizeof *eq);
}

owed_status apr_eq_build(apr_eq *eq, const apr_built *b, owed_error *err)
{
    memset(eq, 0, sizeof *eq);
    mpq_init(eq->w);
    eq->nominal = b->nominal;
    eq->D = b->D ? b->D : 1;
    mpq_set(eq->w, b->w);

    /* Order of the terms by time; merge equal times (their amounts add). */
    size_t n = b->n;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    eq->t = calloc(n ? n : 1, sizeof *eq->t);
    eq->gaps = malloc((n ? n : 1) * sizeof *eq->gaps);
    if (order == NULL || eq->t == NULL || eq->gaps == NULL) {
        free(order);
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    }
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) { /* insertion sort: the input is nearly sorted */
        size_t v = order[i], j = i;
        while (j > 0 && raw_cmp(&b->raw[order[j - 1]], &b->raw[v]) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }

    /* Common denominator of the amounts: multiplying the equation by it keeps its roots. */
    mpz_t L;
    mpq_t sum;
    mpz_init_set_ui(L, 1);
    mpq_init(sum);
    for (size_t i = 0; i < n; i++)
        mpz_lcm(L, L, mpq_denref(b->raw[i].amount));

    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        mpq_set_ui(sum, 0, 1);
        while (j < n && raw_cmp(&b->raw[order[j]], &b->raw[order[i]]) == 0) {
            mpq_add(sum, sum, b->raw[order[j]].amount);
            j++;
        }
        if (mpq_sgn(sum) != 0) {
            apr_term *t = &eq->t[m++];
            const apr_raw_term *r = &b->raw[order[i]];
            mpz_inits(t->amag, t->anmag, NULL);
            mpz_mul(t->amag, mpq_numref(sum), L);
            mpz_divexact(t->amag, t->amag, mpq_denref(sum));
            t->sign = mpz_sgn(t->amag);
            mpz_abs(t->amag, t->amag);
            t->expo = r->expo;
            t->fnum = r->fnum;
            t->fden = r->fnum ? r->fden : 1;
            mpz_mul_ui(t->anmag, t->amag, t->expo);
            if (t->fnum)
                eq->has_frac = 1;
        }
        i = j;
    }
    eq->n = m;
    mpz_clear(L);
    mpq_clear(sum);
    free(order);

    /* Gaps between consecutive exponents, and sign changes. */
    size_t ng = 0;
    for (size_t k = 0; k < m; k++) {
        unsigned long g = eq->t[k].expo - (k ? eq->t[k - 1].expo : 0);
        eq->gaps[ng++] = g;
        if (eq->t[k].expo > eq->max_expo)
            eq->max_expo = eq->t[k].expo;
        if (k > 0 && eq->t[k].sign != eq->t[k - 1].sign)
            eq->changes++;
    }
    eq->first_sign = m ? eq->t[0].sign : 0;
    qsort(eq->gaps, ng, sizeof *eq->gaps, ul_cmp);
    size_t u = 0;
    for (size_t k = 0; k < ng; k++)
        if (u == 0 || eq->gaps[u - 1] != eq->gaps[k])
            eq->gaps[u++] = eq->gaps[k];
    eq->ngaps = u;
    for (size_t k = 0; k < m; k++) {
        unsigned long g = eq->t[k].expo - (k ? eq->t[k - 1].expo : 0);
        size_t lo = 0, hi = u;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (eq->gaps[mid] <= g)
                lo = mid;
            else
                hi = mid;
        }
        eq->t[k].gap = lo;
    }
    return OWED_OK;
}

/* ---- workspace ------------------------------------------------------------------------- */

void apr_ws_init(apr_ws *ws, const apr_eq *eq, mp_bitcnt_t P)
{
    memset(ws, 0, sizeof *ws);
    ws->P = P;
    ws->ngaps = eq->ngaps;
    ws->glo = malloc((ws->ngaps ? ws->ngaps : 1) * sizeof(mpz_t));
    ws->ghi = malloc((ws->ngaps ? ws->ngaps : 1) * sizeof(mpz_t));
    if (ws->glo == NULL || ws->ghi == NULL)
        abort(); /* like GMP itself: no memory for arithmetic is fatal */
    for (size_t i = 0; i < ws->ngaps; i++) {
        mpz_init2(ws->glo[i], 2 * P);
        mpz_init2(ws->ghi[i], 2 * P);
    }
    for (int j = 0; j < 64; j++) {
        mpz_init(ws->sqlo[j]);
        mpz_init(ws->sqhi[j]);
    }
    mpz_inits(ws->plo, ws->phi, ws->wlo, ws->whi, ws->slo, ws->shi, ws->clo, ws->chi, ws->t1,
              ws->t2, ws->fplo, ws->fphi, ws->fnlo, ws->fnhi, ws->dplo, ws->dphi, ws->dnlo,
              ws->dnhi, NULL);
}

void apr_ws_clear(apr_ws *ws)
{
    for (size_t i = 0; i < ws->ngaps; i++) {
        mpz_clear(ws->glo[i]);
        mpz_clear(ws->ghi[i]);
    }
    free(ws->glo);
    free(ws->ghi);
    for (int j = 0; j < 64; j++) {
        mpz_clear(ws->sqlo[j]);
        mpz_clear(ws->sqhi[j]);
    }
    mpz_clears(ws->plo, ws->phi, ws->wlo, ws->whi, ws->slo, ws->shi, ws->clo, ws->chi, ws->t1,
               ws->t2, ws->fplo, ws->fphi, ws->fnlo, ws->fnhi, ws->dplo, ws->dphi, ws->dnlo,
               ws->dnhi, NULL);
    memset(ws, 0, sizeof *ws);
}

/* ---- fixed-point primitives ------------------------------------------------------------- */

static inline void fx_mul(mpz_t r, const mpz_t a, const mpz_t b, mp_bitcnt_t P, int up)
{
    mpz_mul(r, a, b);
    if (up)
        mpz_cdiv_q_2exp(r, r, P);
    else
        mpz_fdiv_q_2exp(r, r, P);
}

void apr_fx_pow(mpz_t r, const mpz_t z, unsigned long e, mp_bitcnt_t P, int up, mpz_t tmp)
{
    if (e == 0) {
        mpz_set_ui(r, 0);
        mpz_setbit(r, P);
        return;
    }
    mpz_set(tmp, z);
    mpz_set(r, z);
    int top = 63;
    while (!((e >> top) & 1UL))
        top--;
    for (int bit = top - 1; bit >= 0; bit--) {
        fx_mul(r, r, r, P, up);
        if ((e >> bit) & 1UL)
            fx_mul(r, r, tmp, P, up);
    }
}

/* The gap powers z^g for every gap g, rounded `up` or down, into `out`. */
static void gap_powers(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t *out, mpz_t *sq, int up)
{
    mp_bitcnt_t P = ws->P;
    if (eq->ngaps == 0)
        return;
    unsigned long maxg = eq->gaps[eq->ngaps - 1];
    int nsq = 0;
    while (nsq < 64 && (maxg >> nsq) != 0)
        nsq++;
    if (nsq > 0)
        mpz_set(sq[0], Z);
    for (int j = 1; j < nsq; j++)
        fx_mul(sq[j], sq[j - 1], sq[j - 1], P, up);
    for (size_t i = 0; i < eq->ngaps; i++) {
        unsigned long g = eq->gaps[i];
        if (g == 0) {
            mpz_set_ui(out[i], 0);
            mpz_setbit(out[i], P);
            continue;
        }
        int first = 1;
        for (int j = 0; j < nsq; j++)
            if ((g >> j) & 1UL) {
                if (first) {
                    mpz_set(out[i], sq[j]);
                    first = 0;
                } else {
                    fx_mul(out[i], out[i], sq[j], P, up);
                }
            }
    }
}

/* s(z) = fden z / (fnum + (fden - fnum) z) in fixed point, rounded `up` or down. */
static void fx_simple_factor(mpz_t r, const mpz_t Z, unsigned long fnum, unsigned long fden,
                             mp_bitcnt_t P, int up, mpz_t tmp)
{
    mpz_mul_ui(tmp, Z, fden - fnum);
    mpz_set_ui(r, fnum);
    mpz_mul_2exp(r, r, P);
    mpz_add(tmp, tmp, r); /* (fnum + (fden - fnum) z) 2^P */
    mpz_mul_ui(r, Z, fden);
    mpz_mul_2exp(r, r, P);
    if (up)
        mpz_cdiv_q(r, r, tmp);
    else
        mpz_fdiv_q(r, r, tmp);
}

/* c(z) = fnum / (fnum + (fden - fnum) z) in fixed point, rounded `up` or down. */
static void fx_frac_weight(mpz_t r, const mpz_t Z, unsigned long fnum, unsigned long fden,
                           mp_bitcnt_t P, int up, mpz_t tmp)
{
    mpz_mul_ui(tmp, Z, fden - fnum);
    mpz_set_ui(r, fnum);
    mpz_mul_2exp(r, r, P);
    mpz_add(tmp, tmp, r);
    mpz_set_ui(r, fnum);
    mpz_mul_2exp(r, r, 2 * P);
    if (up)
        mpz_cdiv_q(r, r, tmp);
    else
        mpz_fdiv_q(r, r, tmp);
}

void apr_eval(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH, mpz_t Flo,
              mpz_t Fhi, mpz_t dlo, mpz_t dhi)
{
    mp_bitcnt_t P = ws->P;
    int deriv = dlo != NULL && dhi != NULL;
    gap_powers(ws, eq, ZL, ws->glo, ws->sqlo, 0);
    gap_powers(ws, eq, ZH, ws->ghi, ws->sqhi, 1);
    mpz_set_ui(ws->plo, 0);
    mpz_setbit(ws->plo, P);
    mpz_set(ws->phi, ws->plo);
    mpz_set_ui(ws->fplo, 0);
    mpz_set_ui(ws->fphi, 0);
    mpz_set_ui(ws->fnlo, 0);
    mpz_set_ui(ws->fnhi, 0);
    mpz_set_ui(ws->dplo, 0);
    mpz_set_ui(ws->dphi, 0);
    mpz_set_ui(ws->dnlo, 0);
    mpz_set_ui(ws->dnhi, 0);
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0) {
            fx_mul(ws->plo, ws->plo, ws->glo[t->gap], P, 0);
            fx_mul(ws->phi, ws->phi, ws->ghi[t->gap], P, 1);
        }
        mpz_srcptr wl = ws->plo, wh = ws->phi;
        if (t->fnum) {
            fx_simple_factor(ws->slo, ZL, t->fnum, t->fden, P, 0, ws->t1);
            fx_simple_factor(ws->shi, ZH, t->fnum, t->fden, P, 1, ws->t1);
            fx_mul(ws->wlo, ws->plo, ws->slo, P, 0);
            fx_mul(ws->whi, ws->phi, ws->shi, P, 1);
            wl = ws->wlo;
            wh = ws->whi;
        }
        if (t->sign > 0) {
            mpz_addmul(ws->fplo, t->amag, wl);
            mpz_addmul(ws->fphi, t->amag, wh);
        } else {
            mpz_addmul(ws->fnlo, t->amag, wl);
            mpz_addmul(ws->fnhi, t->amag, wh);
        }
        if (deriv) {
            mpz_ptr dl = t->sign > 0 ? ws->dplo : ws->dnlo;
            mpz_ptr dh = t->sign > 0 ? ws->dphi : ws->dnhi;
            mpz_addmul(dl, t->anmag, wl);
            mpz_addmul(dh, t->anmag, wh);
            if (t->fnum) {
                fx_frac_weight(ws->clo, ZH, t->fnum, t->fden, P, 0, ws->t1); /* decreasing */
                fx_frac_weight(ws->chi, ZL, t->fnum, t->fden, P, 1, ws->t1);
                fx_mul(ws->t2, wl, ws->clo, P, 0);
                mpz_addmul(dl, t->amag, ws->t2);
                fx_mul(ws->t2, wh, ws->chi, P, 1);
                mpz_addmul(dh, t->amag, ws->t2);
            }
        }
    }
    mpz_sub(Flo, ws->fplo, ws->fnhi);
    mpz_sub(Fhi, ws->fphi, ws->fnlo);
    if (deriv) {
        mpz_sub(dlo, ws->dplo, ws->dnhi);
        mpz_sub(dhi, ws->dphi, ws->dnlo);
    }
}

void apr_eval_approx(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t F, mpz_t zdF)
{
    mp_bitcnt_t P = ws->P;
    gap_powers(ws, eq, Z, ws->glo, ws->sqlo, 0);
    mpz_set_ui(ws->plo, 0);
    mpz_setbit(ws->plo, P);
    mpz_set_ui(F, 0);
    mpz_set_ui(zdF, 0);
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0)
            fx_mul(ws->plo, ws->plo, ws->glo[t->gap], P, 0);
        mpz_srcptr w = ws->plo;
        if (t->fnum) {
            fx_simple_factor(ws->slo, Z, t->fnum, t->fden, P, 0, ws->t1);
            fx_mul(ws->wlo, ws->plo, ws->slo, P, 0);
            w = ws->wlo;
        }
        if (t->sign > 0) {
            mpz_addmul(F, t->amag, w);
            mpz_addmul(zdF, t->anmag, w);
        } else {
            mpz_submul(F, t->amag, w);
            mpz_submul(zdF, t->anmag, w);
        }
        if (t->fnum) {
            fx_frac_weight(ws->clo, Z, t->fnum, t->fden, P, 0, ws->t1);
            fx_mul(ws->t2, w, ws->clo, P, 0);
            if (t->sign > 0)
                mpz_addmul(zdF, t->amag, ws->t2);
            else
                mpz_submul(zdF, t->amag, ws->t2);
        }
    }
}

/* ---- rate <-> z ------------------------------------------------------------------------- */

/* x t^D compared with 1 at precision P, t = T / 2^P, x = num/den > 0: the sign of
 * x T^D - 2^P with T^D rounded `up` or down (so the comparison is one-sided proof). */
static int scaled_pow_cmp(const mpz_t T, unsigned long D, const mpz_t num, const mpz_t den,
                          mp_bitcnt_t P, int up)
{
    mpz_t p, tmp, rhs;
    mpz_inits(p, tmp, rhs, NULL);
    apr_fx_pow(p, T, D, P, up, tmp);
    mpz_mul(p, p, num);
    mpz_mul_2exp(rhs, den, P);
    int c = mpz_cmp(p, rhs);
    mpz_clears(p, tmp, rhs, NULL);
    return c;
}

int apr_z_of_rate(mpz_t ZL, mpz_t ZH, const apr_eq *eq, const mpq_t R, mp_bitcnt_t P,
                  const mpz_t guess)
{
    mpq_t x;
    mpq_init(x);
    int rc = 0;
    if (eq->nominal) {
        /* z = w / (w + R) */
        mpq_add(x, eq->w, R);
        if (mpq_sgn(x) <= 0) {
            rc = -1;
        } else {
            mpq_div(x, eq->w, x);
            mpz_mul_2exp(ZL, mpq_numref(x), P);
            mpz_cdiv_q(ZH, ZL, mpq_denref(x));
            mpz_fdiv_q(ZL, ZL, mpq_denref(x));
        }
        mpq_clear(x);
        return rc;
    }
    mpq_set_ui(x, 1, 1);
    mpq_add(x, x, R); /* x = 1 + R */
    if (mpq_sgn(x) <= 0) {
        mpq_clear(x);
        return -1;
    }
    mpz_srcptr num = mpq_numref(x), den = mpq_denref(x);
    unsigned long D = eq->D;
    if (D == 1) {
        mpz_mul_2exp(ZL, den, P);
        mpz_cdiv_q(ZH, ZL, num);
        mpz_fdiv_q(ZL, ZL, num);
        mpq_clear(x);
        return 0;
    }
    mpz_t Z, lo, hi, p, tmp, q, step, one;
    mpz_inits(Z, lo, hi, p, tmp, q, step, one, NULL);
    mpz_setbit(one, P);
    if (guess != NULL && mpz_sgn(guess) > 0) {
        mpz_set(Z, guess);
    } else {
        /* z lies between 1 and 1/x: bisect on the sign of x z^D - 1 to get close. */
        mpz_mul_2exp(p, den, P);
        mpz_fdiv_q(p, p, num); /* 1/x */
        if (mpz_cmp(p, one) < 0) {
            mpz_set(lo, p);
            mpz_set(hi, one);
        } else {
            mpz_set(lo, one);
            mpz_set(hi, p);
        }
        for (int it = 0; it < 40; it++) {
            mpz_add(Z, lo, hi);
            mpz_fdiv_q_2exp(Z, Z, 1);
            if (scaled_pow_cmp(Z, D, num, den, P, 0) < 0)
                mpz_set(lo, Z);
            else
                mpz_set(hi, Z);
        }
        mpz_add(Z, lo, hi);
        mpz_fdiv_q_2exp(Z, Z, 1);
    }
    /* Newton on g(z) = x z^D - 1: z <- z - z (q - 1) / (D q), q = x z^D. */
    for (int it = 0; it < 100; it++) {
        apr_fx_pow(p, Z, D, P, 0, tmp);
        mpz_mul(q, p, num);
        mpz_fdiv_q(q, q, den); /* q 2^P */
        if (mpz_sgn(q) == 0) {
            mpz_mul_2exp(Z, Z, 1);
            continue;
        }
        mpz_sub(step, q, one);
        mpz_mul(step, step, Z);
        mpz_mul_ui(tmp, q, D);
        mpz_tdiv_q(step, step, tmp);
        if (mpz_cmp(step, Z) >= 0) { /* never jump to z <= 0 */
            mpz_fdiv_q_2exp(Z, Z, 1);
            continue;
        }
        mpz_sub(Z, Z, step);
        if (mpz_cmpabs_ui(step, 1) <= 0)
            break;
    }
    /* Certify, widening the enclosure until both one-sided tests pass. */
    rc = -1;
    unsigned long wide = 2;
    for (int tries = 0; tries < 12; tries++) {
        mpz_sub_ui(lo, Z, wide);
        mpz_add_ui(hi, Z, wide);
        if (mpz_sgn(lo) <= 0)
            mpz_set_ui(lo, 1);
        if (scaled_pow_cmp(lo, D, num, den, P, 1) <= 0 && scaled_pow_cmp(hi, D, num, den, P, 0) >= 0) {
            mpz_set(ZL, lo);
            mpz_set(ZH, hi);
            rc = 0;
            break;
        }
        wide *= 8;
    }
    mpz_clears(Z, lo, hi, p, tmp, q, step, one, NULL);
    mpq_clear(x);
    return rc;
}

void apr_rate_of_z(mpq_t Rlo, mpq_t Rhi, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                   mp_bitcnt_t P)
{
    mpz_t one, p, tmp;
    mpz_inits(one, p, tmp, NULL);
    mpz_setbit(one, P);
    if (eq->nominal) {
        /* R = w (1/z - 1) = w (2^P - Z) / Z, exact. */
        mpz_sub(p, one, ZH);
        mpq_set_num(Rlo, p);
        mpq_set_den(Rlo, ZH);
        mpq_canonicalize(Rlo);
        mpq_mul(Rlo, Rlo, eq->w);
        mpz_sub(p, one, ZL);
        mpq_set_num(Rhi, p);
        mpq_set_den(Rhi, ZL);
        mpq_canonicalize(Rhi);
        mpq_mul(Rhi, Rhi, eq->w);
    } else {
        /* R = z^-D - 1; z^D <= up(ZH^D) gives a lower bound, down(ZL^D) an upper one. */
        mpq_t one_q;
        mpq_init(one_q);
        mpq_set_ui(one_q, 1, 1);
        apr_fx_pow(p, ZH, eq->D, P, 1, tmp);
        mpq_set_num(Rlo, one);
        mpq_set_den(Rlo, p);
        mpq_canonicalize(Rlo);
        mpq_sub(Rlo, Rlo, one_q);
        apr_fx_pow(p, ZL, eq->D, P, 0, tmp);
        if (mpz_sgn(p) == 0)
            mpz_set_ui(p, 1); /* z^D below one unit: R is at most 2^P - 1 */
        mpq_set_num(Rhi, one);
        mpq_set_den(Rhi, p);
        mpq_canonicalize(Rhi);
        mpq_sub(Rhi, Rhi, one_q);
        mpq_clear(one_q);
    }
    mpz_clears(one, p, tmp, NULL);
}

/* ---- exact evaluation ------------------------------------------------------------------- */

/* Bits beyond which exact evaluation is not attempted (it would be slow, not wrong). */
#define APR_EXACT_MAX_BITS (1UL << 22)

int apr_exact_sign(int *sign, const apr_eq *eq, const mpq_t R)
{
    mpq_t x, z, term, sum, s;
    mpz_t ra, rb;
    mpq_inits(x, z, term, sum, s, NULL);
    mpz_inits(ra, rb, NULL);
    int ok = 1;
    if (eq->nominal) {
        mpq_add(x, eq->w, R);
        if (mpq_sgn(x) <= 0) {
            ok = 0;
            goto done;
        }
        mpq_div(z, eq->w, x); /* z = w / (w + R) */
        size_t bits = mpz_sizeinbase(mpq_numref(z), 2) + mpz_sizeinbase(mpq_denref(z), 2);
        if ((unsigned long)bits * (eq->max_expo + 1) > APR_EXACT_MAX_BITS) {
            ok = 0;
            goto done;
        }
        for (size_t k = 0; k < eq->n; k++) {
            const apr_term *t = &eq->t[k];
            mpz_pow_ui(mpq_numref(term), mpq_numref(z), t->expo);
            mpz_pow_ui(mpq_denref(term), mpq_denref(z), t->expo);
            mpq_canonicalize(term);
            if (t->fnum) {
                /* s = fden z / (fnum + (fden - fnum) z) */
                mpq_set_ui(s, t->fden - t->fnum, 1);
                mpq_mul(s, s, z);
                mpq_set_ui(x, t->fnum, 1);
                mpq_add(s, s, x);
                mpq_set_ui(x, t->fden, 1);
                mpq_mul(x, x, z);
                mpq_div(s, x, s);
                mpq_mul(term, term, s);
            }
            mpq_set_z(x, t->amag);
            mpq_mul(term, term, x);
            if (t->sign > 0)
                mpq_add(sum, sum, term);
            else
                mpq_sub(sum, sum, term);
        }
    } else {
        mpq_set_ui(x, 1, 1);
        mpq_add(x, x, R);
        if (mpq_sgn(x) <= 0) {
            ok = 0;
            goto done;
        }
        /* term = (1 + R)^(-e/D): rational when num and den are perfect q-th powers, e/D = p/q. */
        for (size_t k = 0; k < eq->n; k++) {
            const apr_term *t = &eq->t[k];
            unsigned long p = t->expo, q = eq->D;
            unsigned long a = p, bb = q; /* reduce p/q */
            while (bb) {
                unsigned long r = a % bb;
                a = bb;
                bb = r;
            }
            if (a) {
                p /= a;
                q /= a;
            }
            if (p == 0) {
                mpq_set_ui(term, 1, 1);
            } else {
                if (!mpz_root(ra, mpq_numref(x), q) || !mpz_root(rb, mpq_denref(x), q)) {
                    ok = 0;
                    goto done;
                }
                size_t bits = mpz_sizeinbase(ra, 2) + mpz_sizeinbase(rb, 2);
                if ((unsigned long)bits * p > APR_EXACT_MAX_BITS) {
                    ok = 0;
                    goto done;
                }
                mpz_pow_ui(mpq_numref(term), rb, p); /* (den/num)^(p) of the root */
                mpz_pow_ui(mpq_denref(term), ra, p);
                mpq_canonicalize(term);
            }
            mpq_set_z(s, t->amag);
            mpq_mul(term, term, s);
            if (t->sign > 0)
                mpq_add(sum, sum, term);
            else
                mpq_sub(sum, sum, term);
        }
    }
    *sign = mpq_sgn(sum);
done:
    mpq_clears(x, z, term, sum, s, NULL);
    mpz_clears(ra, rb, NULL);
    return ok;
}
