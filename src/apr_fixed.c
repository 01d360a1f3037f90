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
 *  - The limb paths of apr_eval and apr_eval_approx (no fraction; z <= 1, or z > 1 while the
 *    powers fit one more limb) perform the same roundings on the same integers as the mpz
 *    path, written on machine words; the tests compare them (tests/check_apr.c, limb_path).
 * The arithmetic is integers only (GMP, and limbs as GMP's mpn layer holds them); no binary
 * floating point.  Evaluating allocates nothing: the workspace (apr_ws) holds every buffer. */
#include <config.h>

#include "apr_impl.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

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
    if (eq->block != eq->inline_block)
        owed_mem_free(eq->block); /* t, gaps and limbs; amag and anmag are views into limbs */
    if (eq->nominal)
        mpq_clear(eq->w); /* compound: a view of a constant */
    eq->block = NULL;
    eq->n = 0;
    eq->nominal = 0;
}

static size_t align_up(size_t x)
{
    return (x + 15) / 16 * 16;
}

/* Sorted distinct values of gaps[0..n), in place; returns their number.  Few distinct values
 * (the usual case: periods of a schedule) are kept by insertion, many by a sort. */
static size_t unique_sorted(unsigned long *gaps, size_t n)
{
    enum { FEW = 32 };
    unsigned long few[FEW];
    size_t u = 0, k;
    for (k = 0; k < n; k++) {
        unsigned long g = gaps[k];
        size_t lo = 0, hi = u;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (few[mid] < g)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < u && few[lo] == g)
            continue;
        if (u == FEW)
            break;
        memmove(few + lo + 1, few + lo, (u - lo) * sizeof *few);
        few[lo] = g;
        u++;
    }
    if (k == n) {
        memcpy(gaps, few, u * sizeof *gaps);
        return u;
    }
    qsort(gaps, n, sizeof *gaps, ul_cmp);
    u = 0;
    for (k = 0; k < n; k++)
        if (u == 0 || gaps[u - 1] != gaps[k])
            gaps[u++] = gaps[k];
    return u;
}

/* x = p - m as a read-only view: the difference is written over p or m (n limbs each). */
static void limbs_signed_diff(mpz_t x, mp_limb_t *p, mp_limb_t *m, mp_size_t n)
{
    int c = mpn_cmp(p, m, n);
    if (c >= 0) {
        mpn_sub_n(p, p, m, n);
        apr_z_view(x, p, n);
    } else {
        mpn_sub_n(m, m, p, n);
        apr_z_view(x, m, -n);
    }
}

#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
/* x = pos - neg (sums of terms of a limb each, in 128 bits), a read-only view of the
 * difference written in acc's first two limbs. */
static void sum_view_128(mpz_t x, mp_limb_t *acc, unsigned __int128 pos, unsigned __int128 neg)
{
    int minus = neg > pos;
    unsigned __int128 d = minus ? neg - pos : pos - neg;
    acc[0] = (mp_limb_t)d;
    acc[1] = (mp_limb_t)(d >> 64);
    apr_z_view(x, acc, minus ? -2 : 2);
}
#endif

/* x = sum_k sign_k |X_k| over the terms, with |X_k| the limbs at al (aln) or, when `an`, at
 * dl (dln): the positive and the negative ones added in acc and acc + accn (2 accn limbs,
 * accn = max_limbs + 2 at most `room`, enough for n < 2^64 terms of max_limbs limbs), then
 * subtracted; x a read-only view of the difference in acc. */
static void signed_sum(mpz_t x, const apr_eq *eq, int an, mp_limb_t *acc, size_t room)
{
    mp_size_t accn = eq->max_limbs + 2;
    if ((size_t)accn > room)
        abort(); /* cannot happen: see the block's size */
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
    /* Terms of a limb each (the amounts in cents): the two sums in 128 bits (n < 2^64 terms
     * below 2^64 each), their difference written in acc's first two limbs (accn >= 2). */
    unsigned __int128 s[2] = {0, 0};
    size_t i = 0;
    for (; i < eq->n; i++) {
        const apr_term *t = &eq->t[i];
        mp_size_t ln = an ? t->dln : t->aln;
        if (ln > 1)
            break;
        if (ln == 1)
            s[t->sign < 0] += an ? t->dl[0] : t->al[0];
    }
    if (i == eq->n) {
        sum_view_128(x, acc, s[0], s[1]);
        return;
    }
#endif
    memset(acc, 0, 2 * (size_t)accn * sizeof *acc);
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        mp_limb_t *p = acc + (size_t)(t->sign < 0) * accn;
        if (an ? mpn_add(p, p, accn, t->dl, t->dln) : mpn_add(p, p, accn, t->al, t->aln))
            abort(); /* cannot happen: accn is large enough */
    }
    limbs_signed_diff(x, acc, acc + accn, accn);
}

/* The integer N = amount x L of raw term i (L a multiple of its denominator) into tmp, signed;
 * q is scratch. */
static void scaled_amount(mpz_t tmp, mpz_t q, const apr_built *b, size_t i, const mpz_t L)
{
    mpq_t view;
    mpq_srcptr a = apr_built_amount(view, b, i);
    mpz_divexact(q, L, mpq_denref(a));
    mpz_mul(tmp, mpq_numref(a), q);
}

/* Term m of eq: the an limbs at dst as |A_k| (sign, the time of r), anmag's room (an + 1 limbs)
 * after them, written by apr_eq_complete.  The one writer of a term, for both of
 * apr_eq_build_lazy's loops. */
static inline void term_put(apr_eq *eq, size_t m, mp_limb_t *dst, mp_size_t an, int sign,
                            const apr_raw_term *r)
{
    apr_term *t = &eq->t[m];
    t->sign = sign;
    t->expo = r->expo;
    t->fnum = r->fnum;
    t->fden = r->fnum ? r->fden : 1;
    apr_z_view(t->amag, dst, an);
    t->al = dst;
    t->aln = an;
    t->dl = dst + an; /* anmag's room, an + 1 limbs, written by apr_eq_complete */
    t->dln = 0;
    if (an > eq->max_limbs)
        eq->max_limbs = an;
    if (t->fnum)
        eq->has_frac = 1;
}

owed_status apr_eq_build(apr_eq *eq, const apr_built *b, owed_error *err)
{
    owed_status st = apr_eq_build_lazy(eq, b, err);
    if (st == OWED_OK)
        apr_eq_complete(eq);
    return st;
}

int apr_eq_test_general = 0;

owed_status apr_eq_build_lazy(apr_eq *eq, const apr_built *b, owed_error *err)
{
    _Static_assert(sizeof(unsigned long) <= sizeof(mp_limb_t), "an exponent fits a limb");
    memset(eq, 0, offsetof(apr_eq, inline_block)); /* the inline block is written before read */
    eq->nominal = b->nominal;
    eq->D = b->D ? b->D : 1;
    if (eq->nominal) {
        mpq_init(eq->w);
        mpq_set(eq->w, b->w);
    } else { /* compound: w is never read; a read-only 0, nothing made */
        apr_q_view_zero(eq->w);
    }
    size_t n = b->n;

    /* Common denominator of the amounts: multiplying the equation by it keeps its roots.
     * It is made in a word (Lw) while it fits one, the usual case (cents' 100), and L is then
     * a read-only view of that word; else in Lown from the first denominator that does not
     * fit, which is then L. */
    mpz_t q, tmp, sum, Lown;
    int temps = 0; /* q, tmp and sum made: only for amounts wider than a limb, merged dates */
    mp_limb_t Lw = 1;
    size_t first_wide = 0;
    /* ordered: every amount a limb over a limb, no fraction, the times strictly increasing
     * (XIRR's terms, from merged dates, mostly): nothing to sort nor merge, the terms made in
     * one pass (below) */
    int ordered = 1;
    for (; first_wide < n; first_wide++) {
        const apr_raw_term *r = &b->raw[first_wide];
        if (r->den_n != 1)
            break;
        if (r->num_n != 1 || r->fnum != 0 || (first_wide > 0 && r[-1].expo >= r->expo))
            ordered = 0;
        mp_limb_t d0 = b->limbs[r->off + r->num_n], l;
        if (Lw % d0 == 0)
            continue; /* L is already a multiple */
        if (Lw == 1) {
            Lw = d0; /* lcm(1, d0), the first denominator but 1 */
            continue;
        }
        /* lcm(Lw, d0) in a word when it fits (cents' 100 on the first term) */
        if (__builtin_mul_overflow(Lw / mpn_gcd_1(&Lw, 1, d0), d0, &l))
            break;
        Lw = l;
    }
    int own = first_wide < n;
#if !(defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0)
    ordered = 0; /* its pass adds sum_a in 128 bits */
#endif
    if (own || apr_eq_test_general)
        ordered = 0;
    mpz_t Lview;
    mpz_srcptr L = Lview;
    if (!own) {
        apr_z_view(Lview, &Lw, 1);
    } else {
        mpz_init_set_ui(Lown, Lw);
        L = Lown;
    }
    for (size_t i = first_wide; i < n; i++) {
        const apr_raw_term *r = &b->raw[i];
        const mp_limb_t *dl = b->limbs + r->off + r->num_n;
        if (r->den_n == 1 && mpz_size(Lown) == 1) {
            mp_limb_t L0 = mpz_getlimbn(Lown, 0), d0 = dl[0], l;
            if (L0 % d0 == 0)
                continue; /* the usual case: L is already a multiple */
            /* lcm(L0, d0) in a word when it fits */
            if (!__builtin_mul_overflow(L0 / mpn_gcd_1(&L0, 1, d0), d0, &l)) {
                mpz_limbs_write(Lown, 1)[0] = l;
                mpz_limbs_finish(Lown, 1);
                continue;
            }
        }
        mpz_t den;
        apr_z_view(den, dl, r->den_n);
        if (!mpz_divisible_p(Lown, den))
            mpz_lcm(Lown, Lown, den);
    }
    size_t bound = 0, widest = 0;
    mp_size_t Ln = (mp_size_t)mpz_size(L);
    if (ordered) { /* the loop's sizes: a limb, L's limb, a carry for each */
        bound = 3 * n;
        widest = n ? 3 : 0;
    }
    for (size_t i = 0; i < n && !ordered; i++) {
        size_t w = (size_t)(b->raw[i].num_n + Ln + 1); /* limbs of a scaled amount, a carry */
        bound += w;
        if (w > widest)
            widest = w;
    }

    /* One block: the terms, the gaps, the order of the terms, the magnitudes' limbs. */
    size_t nn = n ? n : 1;
    size_t o_gaps = align_up(nn * sizeof *eq->t);
    size_t o_order = o_gaps + align_up(nn * sizeof *eq->gaps);
    size_t o_limbs = o_order + align_up(nn * sizeof(size_t));
    size_t nlimbs = 2 * bound + n + 1; /* amag, anmag (one limb longer) */
    size_t o_sums = nlimbs;
    /* The sums of the amounts (positive / negative, A and A e), accn = max_limbs + 2 limbs
     * each: an amag has at most widest limbs (a sum of amounts at one time one more than the
     * widest of them, which the carry limb of `widest` holds), an anmag one more. */
    nlimbs += 4 * (widest + 3);
    size_t bytes = o_limbs + nlimbs * sizeof(mp_limb_t);
    eq->block = bytes <= sizeof eq->inline_block ? eq->inline_block : owed_mem_alloc(bytes);
    if (eq->block == NULL) {
        if (own)
            mpz_clear(Lown);
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    }
    char *base = eq->block;
    eq->t = (apr_term *)base;
    eq->gaps = (unsigned long *)(base + o_gaps);
    size_t *order = (size_t *)(base + o_order);
    eq->limbs = (mp_limb_t *)(base + o_limbs);

    mp_limb_t *dst = eq->limbs;
    mp_limb_t L0 = mpz_getlimbn(L, 0);
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
    if (ordered) {
        /* one pass: the terms, sum_a as signed_sum makes it, the sign changes; the largest
         * exponent is the last */
        unsigned __int128 sums[2] = {0, 0};
        int small = 1;
        for (size_t i = 0; i < n; i++) {
            const apr_raw_term *r = &b->raw[i];
            const mp_limb_t *num = b->limbs + r->off;
            unsigned __int128 p = (unsigned __int128)num[0] * (L0 / num[1]);
            mp_size_t an = 1;
            dst[0] = (mp_limb_t)p;
            if ((mp_limb_t)(p >> 64) != 0)
                dst[an++] = (mp_limb_t)(p >> 64);
            term_put(eq, i, dst, an, r->sign, r);
            if (an == 1)
                sums[r->sign < 0] += dst[0];
            else
                small = 0;
            if (i > 0 && r->sign != r[-1].sign)
                eq->changes++;
            dst += 2 * an + 1;
        }
        eq->n = n;
        if (small)
            sum_view_128(eq->sum_a, eq->limbs + o_sums, sums[0], sums[1]);
        else
            signed_sum(eq->sum_a, eq, 0, eq->limbs + o_sums, widest + 3);
        eq->sums_an = eq->limbs + o_sums + 2 * (widest + 3);
        eq->sums_an_room = widest + 3;
        eq->max_expo = n ? b->raw[n - 1].expo : 0;
        eq->first_sign = n ? eq->t[0].sign : 0;
        eq->lazy = 1;
        return OWED_OK;
    }
#endif

    /* Order of the terms by time; merge equal times (their amounts add). */
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

    size_t m = 0;
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
    /* sum_a as signed_sum makes it, added as the terms are made while each is a limb (the
     * amounts in cents): no second walk over them */
    unsigned __int128 sum_a[2] = {0, 0};
    int sum_a_small = 1;
#endif
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && raw_cmp(&b->raw[order[j]], &b->raw[order[i]]) == 0)
            j++;
        const apr_raw_term *r = &b->raw[order[i]];
        int sign;
        mp_size_t an;
        if (j - i == 1) {
            /* one date at this time: |N| = |num| x (L / den) */
            sign = r->sign;
            an = r->num_n;
            const mp_limb_t *num = b->limbs + r->off, *den = num + r->num_n;
            if (sign == 0) {
                an = 0;
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
            } else if (Ln == 1 && an == 1 && r->den_n == 1) {
                /* a limb over a limb (cents): the product in line, not through a call */
                unsigned __int128 p = (unsigned __int128)num[0] * (L0 / den[0]);
                dst[0] = (mp_limb_t)p;
                if ((mp_limb_t)(p >> 64) != 0)
                    dst[an++] = (mp_limb_t)(p >> 64);
#endif
            } else if (r->den_n == Ln && mpn_cmp(den, mpz_limbs_read(L), Ln) == 0) {
                memcpy(dst, num, (size_t)an * sizeof *dst);
            } else if (Ln == 1) {
                mp_limb_t cy = mpn_mul_1(dst, num, an, L0 / den[0]);
                if (cy)
                    dst[an++] = cy;
            } else {
                if (!temps) {
                    mpz_inits(q, tmp, sum, NULL);
                    temps = 1;
                }
                scaled_amount(tmp, q, b, order[i], L);
                an = (mp_size_t)mpz_size(tmp);
                memcpy(dst, mpz_limbs_read(tmp), (size_t)an * sizeof *dst);
            }
        } else {
            /* several dates at one time (the time measure merged them): their sum */
            if (!temps) {
                mpz_inits(q, tmp, sum, NULL);
                temps = 1;
            }
            mpz_set_ui(sum, 0);
            for (size_t k = i; k < j; k++) {
                scaled_amount(tmp, q, b, order[k], L);
                mpz_add(sum, sum, tmp);
            }
            sign = mpz_sgn(sum);
            an = (mp_size_t)mpz_size(sum);
            if (an > 0)
                memcpy(dst, mpz_limbs_read(sum), (size_t)an * sizeof *dst);
        }
        if (sign != 0) {
            term_put(eq, m++, dst, an, sign, r);
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
            if (an == 1)
                sum_a[sign < 0] += dst[0];
            else
                sum_a_small = 0;
#endif
            dst += 2 * an + 1;
        }
        i = j;
    }
    eq->n = m;
    if (temps)
        mpz_clears(q, tmp, sum, NULL);
    if (own)
        mpz_clear(Lown);

    /* sum_k sign_k A_k (the value of F at z = 1), accumulated in limbs: accn limbs hold
     * n < 2^64 terms of max_limbs.  Its two accumulators are the first 2 (widest + 3) limbs
     * of the sums' room, sum_an's (apr_eq_complete) the next. */
#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
    if (sum_a_small)
        sum_view_128(eq->sum_a, eq->limbs + o_sums, sum_a[0], sum_a[1]);
    else
#endif
        signed_sum(eq->sum_a, eq, 0, eq->limbs + o_sums, widest + 3);
    eq->sums_an = eq->limbs + o_sums + 2 * (widest + 3);
    eq->sums_an_room = widest + 3;

    /* Sign changes and the largest exponent. */
    for (size_t k = 0; k < m; k++) {
        if (eq->t[k].expo > eq->max_expo)
            eq->max_expo = eq->t[k].expo;
        if (k > 0 && eq->t[k].sign != eq->t[k - 1].sign)
            eq->changes++;
    }
    eq->first_sign = m ? eq->t[0].sign : 0;
    eq->lazy = 1;
    return OWED_OK;
}

void apr_eq_complete(apr_eq *eq)
{
    if (!eq->lazy)
        return;
    eq->lazy = 0;
    size_t m = eq->n;
    /* |A_k| e_k, for z F'(z), in the room after each amount's limbs (an + 1 limbs) */
    for (size_t k = 0; k < m; k++) {
        apr_term *t = &eq->t[k];
        mp_limb_t *nd = (mp_limb_t *)t->dl;
        mp_size_t an = t->aln, nn2 = 0;
        if (t->expo != 0) {
            mp_limb_t cy = mpn_mul_1(nd, t->al, an, (mp_limb_t)t->expo);
            nn2 = an;
            if (cy)
                nd[nn2++] = cy;
        }
        apr_z_view(t->anmag, nd, nn2);
        t->dln = nn2;
        if (nn2 > eq->max_limbs)
            eq->max_limbs = nn2;
    }
    /* sum_k sign_k A_k e_k (F's first order in the rate), as sum_a is made */
    signed_sum(eq->sum_an, eq, 1, eq->sums_an, eq->sums_an_room);

    /* Gaps between consecutive exponents. */
    for (size_t k = 0; k < m; k++)
        eq->gaps[k] = eq->t[k].expo - (k ? eq->t[k - 1].expo : 0);
    size_t u = unique_sorted(eq->gaps, m);
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
}

/* ---- workspace ------------------------------------------------------------------------- */

int apr_ws_init(apr_ws *ws, const apr_eq *eq, mp_bitcnt_t P)
{
    if (eq->lazy)
        abort(); /* cannot happen: apr_solve completes the equation before its mpz search */
    memset(ws, 0, sizeof *ws);
    ws->P = P;
    ws->ngaps = eq->ngaps;
    unsigned long maxg = eq->ngaps ? eq->gaps[eq->ngaps - 1] : 0;
    while (ws->nsq < 64 && (maxg >> ws->nsq) != 0)
        ws->nsq++;
    ws->fast = GMP_NAIL_BITS == 0 && !eq->has_frac && P % GMP_NUMB_BITS == 0;
    /* One block: the mpz path's arrays (now, so that its first use, ws_generic, cannot fail),
     * the limbs of 2^P (ws->one views them) and those of the limb path. */
    size_t ng = ws->ngaps, ng1 = ng ? ng : 1, nsq = (size_t)ws->nsq;
    size_t one_limbs = (size_t)(P / GMP_NUMB_BITS) + 1;
    mp_size_t PL = (mp_size_t)(P / GMP_NUMB_BITS), L1 = PL + 1;
    size_t limbs = one_limbs;
    if (ws->fast) {
        ws->PL = PL;
        ws->accn = eq->max_limbs + PL + 2; /* n < 2^64 terms below 2^(P + 64 max_limbs) each */
        limbs += 2 * ng * (size_t)L1 + 2 * nsq * (size_t)L1 + 2 * (size_t)L1 + 2 * (size_t)L1 +
                 8 * (size_t)ws->accn;
    }
    size_t arrays = align_up(2 * ng1 * sizeof(mpz_t));
    ws->block = owed_mem_alloc(arrays + limbs * sizeof(mp_limb_t));
    if (ws->block == NULL)
        return -1;
    ws->glo = (mpz_t *)ws->block;
    ws->ghi = ws->glo + ng1;
    mp_limb_t *p = (mp_limb_t *)((char *)ws->block + arrays);
    memset(p, 0, (one_limbs - 1) * sizeof *p);
    p[one_limbs - 1] = (mp_limb_t)1 << (P % GMP_NUMB_BITS);
    mpz_roinit_n(ws->one, p, (mp_size_t)one_limbs);
    p += one_limbs;
    if (!ws->fast)
        return 0;
    ws->limbs = p;
    ws->gl = p, p += ng * (size_t)L1;
    ws->gh = p, p += ng * (size_t)L1;
    ws->sql = p, p += nsq * (size_t)L1;
    ws->sqh = p, p += nsq * (size_t)L1;
    ws->pl = p, p += L1;
    ws->ph = p, p += L1;
    ws->prod = p, p += 2 * (size_t)L1;
    for (int k = 0; k < 8; k++)
        ws->acc[k] = p, p += ws->accn;
    return 0;
}

/* The mpz path's buffers, on its first use. */
static void ws_generic(apr_ws *ws)
{
    if (ws->generic_ready)
        return;
    mp_bitcnt_t P = ws->P;
    for (size_t i = 0; i < ws->ngaps; i++) {
        mpz_init2(ws->glo[i], 2 * P);
        mpz_init2(ws->ghi[i], 2 * P);
    }
    for (int j = 0; j < ws->nsq; j++) {
        mpz_init(ws->sqlo[j]);
        mpz_init(ws->sqhi[j]);
    }
    mpz_inits(ws->plo, ws->phi, ws->wlo, ws->whi, ws->slo, ws->shi, ws->clo, ws->chi, ws->t1,
              ws->t2, ws->prodz, ws->fplo, ws->fphi, ws->fnlo, ws->fnhi, ws->dplo, ws->dphi,
              ws->dnlo, ws->dnhi, NULL);
    ws->generic_ready = 1;
}

void apr_ws_clear(apr_ws *ws)
{
    if (ws->generic_ready) {
        for (size_t i = 0; i < ws->ngaps; i++) {
            mpz_clear(ws->glo[i]);
            mpz_clear(ws->ghi[i]);
        }
        for (int j = 0; j < ws->nsq; j++) {
            mpz_clear(ws->sqlo[j]);
            mpz_clear(ws->sqhi[j]);
        }
        mpz_clears(ws->plo, ws->phi, ws->wlo, ws->whi, ws->slo, ws->shi, ws->clo, ws->chi,
                   ws->t1, ws->t2, ws->prodz, ws->fplo, ws->fphi, ws->fnlo, ws->fnhi, ws->dplo,
                   ws->dphi, ws->dnlo, ws->dnhi, NULL);
    }
    owed_mem_free(ws->block); /* glo, ghi, one's limbs and limbs are in it */
    memset(ws, 0, sizeof *ws);
}

/* ---- fixed-point primitives (mpz) ------------------------------------------------------- */

/* r = a b / 2^P rounded down (up: up); scratch holds the product, so r may be a or b without
 * GMP allocating a copy.  scratch is none of r, a, b. */
static inline void fx_mul(mpz_t r, const mpz_t a, const mpz_t b, mp_bitcnt_t P, int up,
                          mpz_t scratch)
{
    mpz_mul(scratch, a, b);
    if (up)
        mpz_cdiv_q_2exp(r, scratch, P);
    else
        mpz_fdiv_q_2exp(r, scratch, P);
}

static int fxl_pow_try(mpz_t r, const mpz_t z, unsigned long e, int top, mp_bitcnt_t P, int up);

void apr_fx_pow(mpz_t r, const mpz_t z, unsigned long e, mp_bitcnt_t P, int up, mpz_t tmp)
{
    if (e == 0) {
        mpz_set_ui(r, 0);
        mpz_setbit(r, P);
        return;
    }
    int top = 63;
    while (!((e >> top) & 1UL))
        top--;
    if (fxl_pow_try(r, z, e, top, P, up))
        return;
    if (r == z || tmp == z) { /* z is overwritten: work on a copy in tmp (GMP allocates) */
        mpz_set(tmp, z);
        mpz_set(r, z);
        for (int bit = top - 1; bit >= 0; bit--) {
            mpz_mul(r, r, r);
            up ? mpz_cdiv_q_2exp(r, r, P) : mpz_fdiv_q_2exp(r, r, P);
            if ((e >> bit) & 1UL) {
                mpz_mul(r, r, tmp);
                up ? mpz_cdiv_q_2exp(r, r, P) : mpz_fdiv_q_2exp(r, r, P);
            }
        }
        return;
    }
    mpz_set(r, z);
    for (int bit = top - 1; bit >= 0; bit--) {
        fx_mul(r, r, r, P, up, tmp);
        if ((e >> bit) & 1UL)
            fx_mul(r, r, z, P, up, tmp);
    }
}

/* ---- the limb path ----------------------------------------------------------------------- *
 * Numbers 0 <= X <= 2^P, P = PL limbs, held in exactly PL + 1 limbs: the top limb is 1 only
 * for X = 2^P (the others then 0).  For a, b < 2^P the product has 2 PL limbs; dropping the PL
 * low ones is the floor of a b / 2^P, and adding one when any of them is not zero the ceiling:
 * exactly what mpz_fdiv_q_2exp and mpz_cdiv_q_2exp give on the mpz
 * path, so both paths compute the same integers.  A factor 2^P leaves the other unchanged.
 * The sums of positive and of negative terms are kept apart (accumulators of accn limbs, no
 * sign handling) and subtracted at the end: the same integers as the signed running sums.
 * The loops below run over PL, a constant where the common precisions are instantiated
 * (fxl_eval, fxl_eval_approx), so that the compiler writes them out. */

#if defined(__GNUC__)
#define APR_INLINE static inline __attribute__((always_inline))
#define APR_NOINLINE __attribute__((noinline))
#else
#define APR_INLINE static inline
#define APR_NOINLINE
#endif

/* Loops over PL written out (-O2 alone does not when that makes the code longer). */
#if defined(__clang__)
#define APR_UNROLL _Pragma("unroll 8")
#elif defined(__GNUC__) && __GNUC__ >= 8
#define APR_UNROLL _Pragma("GCC unroll 8")
#else
#define APR_UNROLL
#endif

#if defined(__SIZEOF_INT128__) && GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0
typedef unsigned __int128 apr_dlimb; /* products of a few limbs cost less in line than in calls */
#define APR_DLIMB 1
#else
#define APR_DLIMB 0
#endif

/* p[0..2n) = a[0..n) b[0..n).  No overflow: a limb product plus two limbs is < 2^128. */
APR_INLINE void mul_nn(mp_limb_t *p, const mp_limb_t *a, const mp_limb_t *b, mp_size_t n)
{
#if APR_DLIMB
    apr_dlimb c = 0;
    APR_UNROLL
    for (mp_size_t j = 0; j < n; j++) {
        c += (apr_dlimb)a[0] * b[j];
        p[j] = (mp_limb_t)c;
        c >>= 64;
    }
    p[n] = (mp_limb_t)c;
    APR_UNROLL
    for (mp_size_t i = 1; i < n; i++) {
        c = 0;
        APR_UNROLL
        for (mp_size_t j = 0; j < n; j++) {
            c += (apr_dlimb)a[i] * b[j] + p[i + j];
            p[i + j] = (mp_limb_t)c;
            c >>= 64;
        }
        p[i + n] = (mp_limb_t)c;
    }
#else
    mpn_mul_n(p, a, b, n);
#endif
}

/* r[0..n) += w[0..n) x; returns the carry out. */
APR_INLINE mp_limb_t addmul_n(mp_limb_t *r, const mp_limb_t *w, mp_size_t n, mp_limb_t x)
{
#if APR_DLIMB
    apr_dlimb c = 0;
    APR_UNROLL
    for (mp_size_t i = 0; i < n; i++) {
        c += (apr_dlimb)w[i] * x + r[i];
        r[i] = (mp_limb_t)c;
        c >>= 64;
    }
    return (mp_limb_t)c;
#else
    return mpn_addmul_1(r, w, n, x);
#endif
}

/* p[0..] += cy, the carry running up (the caller's sizes keep it inside). */
APR_INLINE void limbs_incr(mp_limb_t *p, mp_limb_t cy)
{
    mp_limb_t x = p[0] + cy;
    p[0] = x;
    if (x < cy)
        while (++*++p == 0)
            ;
}

/* r[0 .. n) = p[PL .. PL + n), plus one when rounding up (up) and any of p[0 .. PL) is not
 * zero: a product divided by 2^P = 2^(64 PL) and rounded.  Returns the carry out of the
 * top limb.  r and p do not overlap. */
APR_INLINE mp_limb_t drop_low_limbs(mp_limb_t *r, const mp_limb_t *p, mp_size_t PL,
                                    mp_size_t n, int up)
{
    mp_limb_t inexact = 0;
    if (up)
        APR_UNROLL
        for (mp_size_t i = 0; i < PL; i++)
            inexact |= p[i];
    mp_limb_t cy = inexact != 0;
    APR_UNROLL
    for (mp_size_t i = 0; i < n; i++) {
        mp_limb_t x = p[PL + i] + cy;
        cy = x < cy;
        r[i] = x;
    }
    return cy;
}

/* r = a b / 2^P rounded down (up: up); r may be a or b; p is scratch of 2 PL limbs. */
APR_INLINE void fxl_mul(mp_limb_t *r, const mp_limb_t *a, const mp_limb_t *b, mp_limb_t *p,
                        mp_size_t PL, int up)
{
    if (a[PL] || b[PL]) { /* a factor 2^P */
        const mp_limb_t *x = a[PL] ? b : a;
        if (r != x)
            APR_UNROLL
            for (mp_size_t i = 0; i <= PL; i++)
                r[i] = x[i];
        return;
    }
    mul_nn(p, a, b, PL);
    /* 0: a, b <= 2^P - 1 and (2^P - 1)^2 / 2^P < 2^P - 1, kept for safety */
    r[PL] = drop_low_limbs(r, p, PL, PL, up);
}

/* acc += a w, a of an limbs, acc large enough for the sum. */
APR_INLINE void fxl_acc(mp_limb_t *acc, const mp_limb_t *a, mp_size_t an, const mp_limb_t *w,
                        mp_size_t PL)
{
    if (w[PL]) { /* w = 2^P: a shifted by PL limbs */
        if (an > 0) {
            mp_limb_t cy = mpn_add_n(acc + PL, acc + PL, a, an);
            if (cy)
                limbs_incr(acc + PL + an, cy);
        }
        return;
    }
    for (mp_size_t j = 0; j < an; j++) {
        mp_limb_t cy = addmul_n(acc + j, w, PL, a[j]);
        if (cy)
            limbs_incr(acc + j + PL, cy);
    }
}

/* r = p - m, two accumulators of n limbs. */
static void acc_diff(mpz_t r, const mp_limb_t *p, const mp_limb_t *m, mp_size_t n)
{
    int c = mpn_cmp(p, m, n);
    if (c == 0) {
        mpz_set_ui(r, 0);
        return;
    }
    const mp_limb_t *x = c > 0 ? p : m, *y = c > 0 ? m : p;
    mp_size_t xn = n;
    while (x[xn - 1] == 0)
        xn--;
    mp_limb_t *rp = mpz_limbs_write(r, xn);
    mpn_sub_n(rp, x, y, xn); /* y < x: y has no more limbs than x */
    mp_size_t rn = xn;
    while (rn > 0 && rp[rn - 1] == 0)
        rn--;
    mpz_limbs_finish(r, c > 0 ? rn : -rn);
}

APR_INLINE void fxl_set_one(mp_limb_t *x, mp_size_t PL)
{
    APR_UNROLL
    for (mp_size_t i = 0; i < PL; i++)
        x[i] = 0;
    x[PL] = 1;
}

/* ---- the wide limb path ------------------------------------------------------------------ *
 * Just above z = 1 (the negative rates of a search range) the powers of z exceed 2^P by a few
 * bits only.  There numbers 0 <= X < 2^(P + 64) are held in PL + 1 limbs: a product is the
 * full (PL + 1)-limb product without its PL low limbs (plus one when rounding up and any of
 * them is not zero), which is again what mpz_fdiv_q_2exp / mpz_cdiv_q_2exp give, so the
 * integers are those of the mpz path.  A result that does not fit PL + 1 limbs is reported
 * and the caller takes the mpz path instead: nothing is ever truncated. */

/* r = a b / 2^P rounded down (up: up); r may be a or b; p is scratch of 2 PL + 2 limbs.
 * Returns non-zero when the result does not fit PL + 1 limbs (r is then not meaningful). */
APR_INLINE int fxw_mul(mp_limb_t *r, const mp_limb_t *a, const mp_limb_t *b, mp_limb_t *p,
                       mp_size_t PL, int up)
{
    mul_nn(p, a, b, PL + 1);
    mp_limb_t cy = drop_low_limbs(r, p, PL, PL + 1, up);
    return p[2 * PL + 1] != 0 || cy != 0;
}

/* acc += a w, w of PL + 1 limbs, acc large enough for the sum. */
APR_INLINE void fxw_acc(mp_limb_t *acc, const mp_limb_t *a, mp_size_t an, const mp_limb_t *w,
                        mp_size_t PL)
{
    for (mp_size_t j = 0; j < an; j++) {
        mp_limb_t cy = addmul_n(acc + j, w, PL + 1, a[j]);
        if (cy)
            limbs_incr(acc + j + PL + 1, cy);
    }
}

/* r = a b / 2^P on the narrow (wide: 0) or the wide path: non-zero when a wide product
 * overflows.  wide is a constant at every use, so each path compiles on its own. */
APR_INLINE int fxk_mul(mp_limb_t *r, const mp_limb_t *a, const mp_limb_t *b, mp_limb_t *p,
                       mp_size_t PL, int up, int wide)
{
    if (wide)
        return fxw_mul(r, a, b, p, PL, up);
    fxl_mul(r, a, b, p, PL, up);
    return 0;
}

APR_INLINE void fxk_acc(mp_limb_t *acc, const mp_limb_t *a, mp_size_t an, const mp_limb_t *w,
                        mp_size_t PL, int wide)
{
    if (wide)
        fxw_acc(acc, a, an, w, PL);
    else
        fxl_acc(acc, a, an, w, PL);
}

/* The gap powers z^g rounded `up` or down, as gap_powers below: into out, with sq the repeated
 * squares.  0 <= Z <= 2^P (wide: Z < 2^(P + 64)); non-zero when a wide power overflows. */
APR_INLINE int fxl_gap_powers(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mp_limb_t *out,
                              mp_limb_t *sq, mp_size_t PL, int up, int wide)
{
    mp_size_t L1 = PL + 1;
    int nsq = ws->nsq, over = 0;
    if (eq->ngaps == 0)
        return 0;
    if (nsq > 0) {
        mp_size_t zn = (mp_size_t)mpz_size(Z);
        const mp_limb_t *zl = mpz_limbs_read(Z);
        for (mp_size_t i = 0; i < L1; i++)
            sq[i] = i < zn ? zl[i] : 0;
    }
    for (int j = 1; j < nsq; j++)
        over |= fxk_mul(sq + j * L1, sq + (j - 1) * L1, sq + (j - 1) * L1, ws->prod, PL, up, wide);
    for (size_t i = 0; i < eq->ngaps; i++) {
        unsigned long g = eq->gaps[i];
        mp_limb_t *o = out + i * (size_t)L1;
        if (g == 0) {
            fxl_set_one(o, PL);
            continue;
        }
        int first = 1;
        for (int j = 0; j < nsq; j++)
            if ((g >> j) & 1UL) {
                if (first) {
                    for (mp_size_t k = 0; k < L1; k++)
                        o[k] = sq[j * L1 + k];
                    first = 0;
                } else {
                    over |= fxk_mul(o, o, sq + j * L1, ws->prod, PL, up, wide);
                }
            }
    }
    return over;
}

/* The sums of apr_eval on the limb paths into ws->acc: no fraction, 0 <= ZL <= ZH <= 2^P (wide:
 * ZH < 2^(P + 64)).  Non-zero when a wide power overflows (the sums are then not meaningful). */
APR_INLINE int fxl_eval_sums(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                             int deriv, mp_size_t PL, int wide)
{
    mp_size_t L1 = PL + 1;
    int over = fxl_gap_powers(ws, eq, ZL, ws->gl, ws->sql, PL, 0, wide);
    over |= fxl_gap_powers(ws, eq, ZH, ws->gh, ws->sqh, PL, 1, wide);
    if (over)
        return 1;
    fxl_set_one(ws->pl, PL);
    fxl_set_one(ws->ph, PL);
    mp_limb_t **acc = ws->acc; /* fplo, fphi, fnlo, fnhi, dplo, dphi, dnlo, dnhi */
    memset(acc[0], 0, (size_t)((deriv ? 8 : 4) * ws->accn) * sizeof(mp_limb_t));
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0) {
            over |= fxk_mul(ws->pl, ws->pl, ws->gl + t->gap * L1, ws->prod, PL, 0, wide);
            over |= fxk_mul(ws->ph, ws->ph, ws->gh + t->gap * L1, ws->prod, PL, 1, wide);
            if (over)
                return 1;
        }
        int neg = t->sign < 0;
        fxk_acc(acc[2 * neg], t->al, t->aln, ws->pl, PL, wide);
        fxk_acc(acc[2 * neg + 1], t->al, t->aln, ws->ph, PL, wide);
        if (deriv) {
            fxk_acc(acc[4 + 2 * neg], t->dl, t->dln, ws->pl, PL, wide);
            fxk_acc(acc[4 + 2 * neg + 1], t->dl, t->dln, ws->ph, PL, wide);
        }
    }
    return 0;
}

/* The sums of apr_eval_approx on the limb paths into ws->acc: no fraction, 0 <= Z <= 2^P (wide:
 * Z < 2^(P + 64)).  Non-zero when a wide power overflows. */
APR_INLINE int fxl_approx_sums(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mp_size_t PL, int wide)
{
    mp_size_t L1 = PL + 1;
    if (fxl_gap_powers(ws, eq, Z, ws->gl, ws->sql, PL, 0, wide))
        return 1;
    fxl_set_one(ws->pl, PL);
    mp_limb_t **acc = ws->acc; /* F+, F-, zF'+, zF'- */
    memset(acc[0], 0, (size_t)(4 * ws->accn) * sizeof(mp_limb_t));
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0 &&
            fxk_mul(ws->pl, ws->pl, ws->gl + t->gap * L1, ws->prod, PL, 0, wide))
            return 1;
        int neg = t->sign < 0;
        fxk_acc(acc[neg], t->al, t->aln, ws->pl, PL, wide);
        fxk_acc(acc[2 + neg], t->dl, t->dln, ws->pl, PL, wide);
    }
    return 0;
}

/* The enclosures of F (and of its derivative when dlo is not NULL) from the sums of the
 * positive and negative terms that an evaluation left in ws->acc: F in [P(a) - N(b),
 * P(b) - N(a)]. */
static void enclosures_of_sums(apr_ws *ws, mpz_t Flo, mpz_t Fhi, mpz_t dlo, mpz_t dhi)
{
    mp_limb_t **acc = ws->acc;
    acc_diff(Flo, acc[0], acc[3], ws->accn); /* P(a) - N(b) */
    acc_diff(Fhi, acc[1], acc[2], ws->accn); /* P(b) - N(a) */
    if (dlo != NULL) {
        acc_diff(dlo, acc[4], acc[7], ws->accn);
        acc_diff(dhi, acc[5], acc[6], ws->accn);
    }
}
/* P of 128, 192 and 256 bits (the usual ones) with constant limb counts, others as they come. */
static void fxl_eval(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH, mpz_t Flo,
                     mpz_t Fhi, mpz_t dlo, mpz_t dhi)
{
    int deriv = dlo != NULL && dhi != NULL;
    switch (ws->PL) {
    case 2: fxl_eval_sums(ws, eq, ZL, ZH, deriv, 2, 0); break;
    case 3: fxl_eval_sums(ws, eq, ZL, ZH, deriv, 3, 0); break;
    case 4: fxl_eval_sums(ws, eq, ZL, ZH, deriv, 4, 0); break;
    default: fxl_eval_sums(ws, eq, ZL, ZH, deriv, ws->PL, 0); break;
    }
    enclosures_of_sums(ws, Flo, Fhi, deriv ? dlo : NULL, deriv ? dhi : NULL);
}

static void fxl_eval_approx(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t F, mpz_t zdF)
{
    switch (ws->PL) {
    case 2: fxl_approx_sums(ws, eq, Z, 2, 0); break;
    case 3: fxl_approx_sums(ws, eq, Z, 3, 0); break;
    case 4: fxl_approx_sums(ws, eq, Z, 4, 0); break;
    default: fxl_approx_sums(ws, eq, Z, ws->PL, 0); break;
    }
    acc_diff(F, ws->acc[0], ws->acc[1], ws->accn);
    acc_diff(zdF, ws->acc[2], ws->acc[3], ws->accn);
}

/* apr_eval on the wide path: 0 with the enclosures set, or 1 (nothing set) when a power
 * overflows PL + 1 limbs.  0 <= ZL <= ZH < 2^(P + 64). */
APR_NOINLINE static int fxw_eval(apr_ws *ws, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                                 mpz_t Flo, mpz_t Fhi, mpz_t dlo, mpz_t dhi)
{
    int deriv = dlo != NULL && dhi != NULL, over;
    switch (ws->PL) {
    case 2: over = fxl_eval_sums(ws, eq, ZL, ZH, deriv, 2, 1); break;
    case 3: over = fxl_eval_sums(ws, eq, ZL, ZH, deriv, 3, 1); break;
    case 4: over = fxl_eval_sums(ws, eq, ZL, ZH, deriv, 4, 1); break;
    default: over = fxl_eval_sums(ws, eq, ZL, ZH, deriv, ws->PL, 1); break;
    }
    if (over)
        return 1;
    enclosures_of_sums(ws, Flo, Fhi, deriv ? dlo : NULL, deriv ? dhi : NULL);
    return 0;
}

/* apr_eval_approx on the wide path: 0, or 1 (nothing set) when a power overflows. */
APR_NOINLINE static int fxw_eval_approx(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t F,
                                        mpz_t zdF)
{
    int over;
    switch (ws->PL) {
    case 2: over = fxl_approx_sums(ws, eq, Z, 2, 1); break;
    case 3: over = fxl_approx_sums(ws, eq, Z, 3, 1); break;
    case 4: over = fxl_approx_sums(ws, eq, Z, 4, 1); break;
    default: over = fxl_approx_sums(ws, eq, Z, ws->PL, 1); break;
    }
    if (over)
        return 1;
    acc_diff(F, ws->acc[0], ws->acc[1], ws->accn);
    acc_diff(zdF, ws->acc[2], ws->acc[3], ws->accn);
    return 0;
}

/* z^e on the limb path, the same squarings and products as apr_fx_pow's mpz path (fxl_mul
 * rounds as fx_mul does), so the same integers; top is the highest set bit of e. */
APR_INLINE void fxl_pow(mp_limb_t *r, const mp_limb_t *z, unsigned long e, int top,
                        mp_limb_t *prod, mp_size_t PL, int up)
{
    for (mp_size_t i = 0; i <= PL; i++)
        r[i] = z[i];
    for (int bit = top - 1; bit >= 0; bit--) {
        fxl_mul(r, r, r, prod, PL, up);
        if ((e >> bit) & 1UL)
            fxl_mul(r, r, z, prod, PL, up);
    }
}

/* Precisions up to FXL_POW_MAX_PL limbs take the limb path on the stack. */
#define FXL_POW_MAX_PL 8

/* apr_fx_pow on the limb path when it applies (0 <= z <= 2^P, P a whole number of at most
 * FXL_POW_MAX_PL limbs): 1 with r set, else 0 and nothing done.  r may be z. */
static int fxl_pow_try(mpz_t r, const mpz_t z, unsigned long e, int top, mp_bitcnt_t P, int up)
{
    if (GMP_NAIL_BITS != 0 || P % GMP_NUMB_BITS != 0 || P / GMP_NUMB_BITS > FXL_POW_MAX_PL ||
        mpz_sgn(z) < 0)
        return 0;
    mp_size_t PL = (mp_size_t)(P / GMP_NUMB_BITS), L1 = PL + 1;
    mp_size_t zn = (mp_size_t)mpz_size(z);
    const mp_limb_t *zp = mpz_limbs_read(z);
    if (zn > L1)
        return 0;
    if (zn == L1) { /* only 2^P itself: top limb 1, the others 0 */
        if (zp[PL] != 1)
            return 0;
        for (mp_size_t i = 0; i < PL; i++)
            if (zp[i] != 0)
                return 0;
    }
    mp_limb_t zl[FXL_POW_MAX_PL + 1], rl[FXL_POW_MAX_PL + 1], prod[2 * FXL_POW_MAX_PL];
    for (mp_size_t i = 0; i < L1; i++)
        zl[i] = i < zn ? zp[i] : 0;
    switch (PL) {
    case 2: fxl_pow(rl, zl, e, top, prod, 2, up); break;
    case 3: fxl_pow(rl, zl, e, top, prod, 3, up); break;
    case 4: fxl_pow(rl, zl, e, top, prod, 4, up); break;
    default: fxl_pow(rl, zl, e, top, prod, PL, up); break;
    }
    mp_size_t rn = L1;
    while (rn > 0 && rl[rn - 1] == 0)
        rn--;
    mp_limb_t *rp = mpz_limbs_write(r, L1);
    for (mp_size_t i = 0; i < rn; i++)
        rp[i] = rl[i];
    mpz_limbs_finish(r, rn);
    return 1;
}

/* ---- the mpz path -------------------------------------------------------------------------- */

/* The gap powers z^g for every gap g, rounded `up` or down, into `out`. */
static void gap_powers(apr_ws *ws, const apr_eq *eq, const mpz_t Z, mpz_t *out, mpz_t *sq, int up)
{
    mp_bitcnt_t P = ws->P;
    if (eq->ngaps == 0)
        return;
    int nsq = ws->nsq;
    if (nsq > 0)
        mpz_set(sq[0], Z);
    for (int j = 1; j < nsq; j++)
        fx_mul(sq[j], sq[j - 1], sq[j - 1], P, up, ws->prodz);
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
                    fx_mul(out[i], out[i], sq[j], P, up, ws->prodz);
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
    if (ws->fast && mpz_sgn(ZL) >= 0 && mpz_cmp(ZL, ws->one) <= 0 &&
        mpz_cmp(ZH, ws->one) <= 0) {
        fxl_eval(ws, eq, ZL, ZH, Flo, Fhi, dlo, dhi);
        return;
    }
    if (ws->fast && mpz_sgn(ZL) >= 0 && mpz_cmp(ZL, ZH) <= 0 &&
        mpz_size(ZH) <= (size_t)ws->PL + 1 && fxw_eval(ws, eq, ZL, ZH, Flo, Fhi, dlo, dhi) == 0)
        return;
    ws_generic(ws);
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
            fx_mul(ws->plo, ws->plo, ws->glo[t->gap], P, 0, ws->prodz);
            fx_mul(ws->phi, ws->phi, ws->ghi[t->gap], P, 1, ws->prodz);
        }
        mpz_srcptr wl = ws->plo, wh = ws->phi;
        if (t->fnum) {
            fx_simple_factor(ws->slo, ZL, t->fnum, t->fden, P, 0, ws->t1);
            fx_simple_factor(ws->shi, ZH, t->fnum, t->fden, P, 1, ws->t1);
            fx_mul(ws->wlo, ws->plo, ws->slo, P, 0, ws->prodz);
            fx_mul(ws->whi, ws->phi, ws->shi, P, 1, ws->prodz);
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
                fx_mul(ws->t2, wl, ws->clo, P, 0, ws->prodz);
                mpz_addmul(dl, t->amag, ws->t2);
                fx_mul(ws->t2, wh, ws->chi, P, 1, ws->prodz);
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
    if (ws->fast && mpz_sgn(Z) >= 0 && mpz_cmp(Z, ws->one) <= 0) {
        fxl_eval_approx(ws, eq, Z, F, zdF);
        return;
    }
    if (ws->fast && mpz_sgn(Z) >= 0 && mpz_size(Z) <= (size_t)ws->PL + 1 &&
        fxw_eval_approx(ws, eq, Z, F, zdF) == 0)
        return;
    ws_generic(ws);
    mp_bitcnt_t P = ws->P;
    gap_powers(ws, eq, Z, ws->glo, ws->sqlo, 0);
    mpz_set_ui(ws->plo, 0);
    mpz_setbit(ws->plo, P);
    mpz_set_ui(F, 0);
    mpz_set_ui(zdF, 0);
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0)
            fx_mul(ws->plo, ws->plo, ws->glo[t->gap], P, 0, ws->prodz);
        mpz_srcptr w = ws->plo;
        if (t->fnum) {
            fx_simple_factor(ws->slo, Z, t->fnum, t->fden, P, 0, ws->t1);
            fx_mul(ws->wlo, ws->plo, ws->slo, P, 0, ws->prodz);
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
            fx_mul(ws->t2, w, ws->clo, P, 0, ws->prodz);
            if (t->sign > 0)
                mpz_addmul(zdF, t->amag, ws->t2);
            else
                mpz_submul(zdF, t->amag, ws->t2);
        }
    }
}

/* ---- the sign on machine words ---------------------------------------------------------- *
 * Most certifications ask apr_eval for a sign only, and most of its enclosures exclude zero
 * by far.  apr_sign_hint repeats apr_eval's computation on a coarser grid 2^-q (q <= P) on
 * machine words: the same squarings and products in the same order, the lower chain rounded
 * down and the upper one up, the sums exact.  Every operation is increasing in each
 * non-negative argument, and rounding down to the coarser grid gives at most what rounding
 * down to the finer one gives (the coarse grid's points are points of the fine one), rounding
 * up the reverse.  So, by induction along the chain, every lower value of the word computation
 * is at most the one apr_eval computes and every upper value at least, and the word enclosure
 * of F contains apr_eval's (whichever of apr_eval's paths, which give the same integers).
 * When it excludes zero, apr_eval's excludes zero on the same side: the hint is the sign
 * apr_eval would decide.  Otherwise the hint is 0 and the caller asks apr_eval, so nothing is
 * ever decided differently from apr_eval; only sooner.  The enclosure of z F' (no fractions:
 * the amounts times their exponents, summed over the same powers) is bounded likewise and
 * contains apr_eval's.  q = 60 first (values below 16); when
 * a power outgrows a word there (z > 1), q = 44 (below 2^20), then q = 24 (below 2^40). */

#if APR_DLIMB
#define HINT_AMOUNT_LIMBS 4
#define HINT_ACC (HINT_AMOUNT_LIMBS + 2) /* n < 2^64 products of 4 + 1 limbs */
#define HINT_GAPS 32

/* *r = a b / 2^q rounded down (up: up); 0 when it does not fit a word. */
APR_INLINE int hint_mul(uint64_t *r, uint64_t a, uint64_t b, unsigned q, int up)
{
    apr_dlimb p = (apr_dlimb)a * b; /* at most (2^64 - 1)^2: adding 2^q - 1 fits */
    if (up)
        p += ((apr_dlimb)1 << q) - 1;
    p >>= q;
    if (p >> 64)
        return 0;
    *r = (uint64_t)p;
    return 1;
}

/* *v = Z / 2^s rounded down (up: up), Z >= 0; 0 when it does not fit a word. */
static int hint_of_mpz(uint64_t *v, const mpz_t Z, mp_bitcnt_t s, int up)
{
    size_t n = mpz_size(Z), wi = s / 64;
    unsigned off = (unsigned)(s % 64);
    const mp_limb_t *z = mpz_limbs_read(Z);
    if (n <= wi) { /* Z < 2^s */
        *v = up && n > 0 ? 1 : 0;
        return 1;
    }
    if (n > wi + 2)
        return 0;
    uint64_t lo = z[wi], hi = n > wi + 1 ? z[wi + 1] : 0, r;
    if (off == 0) {
        if (hi != 0)
            return 0;
        r = lo;
    } else {
        if (hi >> off)
            return 0;
        r = (lo >> off) | (hi << (64 - off));
    }
    if (up) {
        int inexact = off != 0 && (lo & ((UINT64_C(1) << off) - 1)) != 0;
        for (size_t i = 0; i < wi && !inexact; i++)
            inexact = z[i] != 0;
        if (inexact) {
            if (r == UINT64_MAX)
                return 0;
            r++;
        }
    }
    *v = r;
    return 1;
}

/* acc[0 .. HINT_ACC) += a w, a of an <= HINT_AMOUNT_LIMBS limbs. */
static inline void hint_acc(mp_limb_t *acc, const mp_limb_t *a, mp_size_t an, uint64_t w)
{
    apr_dlimb c = 0;
    mp_size_t j = 0;
    for (; j < an; j++) {
        c += (apr_dlimb)a[j] * w + acc[j];
        acc[j] = (mp_limb_t)c;
        c >>= 64;
    }
    for (; c != 0 && j < HINT_ACC; j++) {
        c += acc[j];
        acc[j] = (mp_limb_t)c;
        c >>= 64;
    }
}

/* The hint on the grid 2^-q: +1, -1, 0 undecided, 2 a value outgrew a word; with dsign, that
 * of z F' into *dsign likewise (+1, -1, 0).  q is a constant at each use (the shifts compile to
 * constants). */
APR_INLINE int sign_hint_q(const apr_eq *eq, mp_bitcnt_t P, const mpz_t ZL, const mpz_t ZH,
                           int nsq, unsigned q, int *dsign)
{
    uint64_t sql[64], sqh[64], gl[HINT_GAPS], gh[HINT_GAPS];
    if (!hint_of_mpz(&sql[0], ZL, P - q, 0) || !hint_of_mpz(&sqh[0], ZH, P - q, 1))
        return 2;
    /* the gap powers, formed as fxl_gap_powers and gap_powers form them */
    for (int j = 1; j < nsq; j++)
        if (!hint_mul(&sql[j], sql[j - 1], sql[j - 1], q, 0) ||
            !hint_mul(&sqh[j], sqh[j - 1], sqh[j - 1], q, 1))
            return 2;
    for (size_t i = 0; i < eq->ngaps; i++) {
        unsigned long g = eq->gaps[i];
        if (g == 0) {
            gl[i] = gh[i] = UINT64_C(1) << q;
            continue;
        }
        int first = 1;
        for (int j = 0; j < nsq; j++)
            if ((g >> j) & 1UL) {
                if (first) {
                    gl[i] = sql[j];
                    gh[i] = sqh[j];
                    first = 0;
                } else if (!hint_mul(&gl[i], gl[i], sql[j], q, 0) ||
                           !hint_mul(&gh[i], gh[i], sqh[j], q, 1)) {
                    return 2;
                }
            }
    }
    /* the running powers and the sums: positive low, high; negative low, high; the same four
     * for z F' (the amounts times their exponents: no fractions here) */
    uint64_t pl = UINT64_C(1) << q, ph = pl;
    mp_limb_t acc[8][HINT_ACC];
    memset(acc, 0, (dsign ? 8 : 4) * sizeof acc[0]);
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0 &&
            (!hint_mul(&pl, pl, gl[t->gap], q, 0) || !hint_mul(&ph, ph, gh[t->gap], q, 1)))
            return 2;
        int neg = t->sign < 0;
        hint_acc(acc[2 * neg], t->al, t->aln, pl);
        hint_acc(acc[2 * neg + 1], t->al, t->aln, ph);
        if (dsign) {
            hint_acc(acc[4 + 2 * neg], t->dl, t->dln, pl);
            hint_acc(acc[4 + 2 * neg + 1], t->dl, t->dln, ph);
        }
    }
    if (dsign)
        *dsign = mpn_cmp(acc[4], acc[7], HINT_ACC) > 0   ? 1
                 : mpn_cmp(acc[5], acc[6], HINT_ACC) < 0 ? -1
                                                         : 0;
    if (mpn_cmp(acc[0], acc[3], HINT_ACC) > 0) /* P(a) - N(b) > 0 */
        return 1;
    if (mpn_cmp(acc[1], acc[2], HINT_ACC) < 0) /* P(b) - N(a) < 0 */
        return -1;
    return 0;
}
#endif

int apr_sign_hint(const apr_eq *eq, mp_bitcnt_t P, const mpz_t ZL, const mpz_t ZH, int *dsign)
{
    if (dsign)
        *dsign = 0;
#if APR_DLIMB
    if (eq->has_frac || P < 60 || eq->max_limbs > HINT_AMOUNT_LIMBS || eq->ngaps == 0 ||
        eq->ngaps > HINT_GAPS || mpz_sgn(ZL) < 0)
        return 0;
    unsigned long maxg = eq->gaps[eq->ngaps - 1];
    int nsq = 0; /* as apr_ws_init counts them */
    while (nsq < 64 && (maxg >> nsq) != 0)
        nsq++;
    int s = sign_hint_q(eq, P, ZL, ZH, nsq, 60, dsign);
    if (s == 2)
        s = sign_hint_q(eq, P, ZL, ZH, nsq, 44, dsign);
    if (s == 2)
        s = sign_hint_q(eq, P, ZL, ZH, nsq, 24, dsign);
    if (s == 2 && dsign)
        *dsign = 0;
    return s == 2 ? 0 : s;
#else
    (void)eq, (void)P, (void)ZL, (void)ZH;
    return 0;
#endif
}

/* ---- Newton on machine words ------------------------------------------------------------ */

#if APR_DLIMB
/* F(z) and z F'(z) for z = Zw / 2^60, each amount cut to its bits from `shift` up and
 * moved `left` bits up (one of the two is 0: the largest amount takes 62 bits), the powers
 * rounded down: approximations in units of 2^(shift - left) (signed).  0 when a power
 * outgrows a word. */
static int word_eval(const apr_eq *eq, uint64_t Zw, mp_bitcnt_t shift, unsigned left, int nsq,
                     __int128 *F, __int128 *zdF)
{
    uint64_t sq[64], g[HINT_GAPS];
    sq[0] = Zw;
    for (int j = 1; j < nsq; j++)
        if (!hint_mul(&sq[j], sq[j - 1], sq[j - 1], 60, 0))
            return 0;
    for (size_t i = 0; i < eq->ngaps; i++) {
        unsigned long gp = eq->gaps[i];
        g[i] = UINT64_C(1) << 60;
        int first = 1;
        for (int j = 0; j < nsq; j++)
            if ((gp >> j) & 1UL) {
                if (first) {
                    g[i] = sq[j];
                    first = 0;
                } else if (!hint_mul(&g[i], g[i], sq[j], 60, 0)) {
                    return 0;
                }
            }
    }
    uint64_t pw = UINT64_C(1) << 60;
    __int128 f = 0, d = 0;
    for (size_t k = 0; k < eq->n; k++) {
        const apr_term *t = &eq->t[k];
        if (eq->gaps[t->gap] != 0 && !hint_mul(&pw, pw, g[t->gap], 60, 0))
            return 0;
        /* a < 2^62 and pw < 2^64: the term is below 2^66, times e_k below 2^98 */
        uint64_t a = apr_limb_bits_at(t->al, t->aln, shift) << left;
        __int128 term = (__int128)(((unsigned __int128)a * pw) >> 60);
        if (t->sign < 0)
            term = -term;
        f += term;
        d += term * (__int128)t->expo;
    }
    *F = f;
    *zdF = d;
    return 1;
}
#endif

int apr_newton_words(const apr_eq *eq, mp_bitcnt_t P, mpz_t Z, const mpz_t Za, const mpz_t Zb,
                     int sa)
{
#if APR_DLIMB
    uint64_t zw, za, zb;
    if (eq->has_frac || P < 60 || eq->ngaps == 0 || eq->ngaps > HINT_GAPS ||
        eq->max_expo > (1UL << 30) || eq->n > (1UL << 20) || mpz_sgn(Za) <= 0 ||
        !hint_of_mpz(&zw, Z, P - 60, 0) || !hint_of_mpz(&za, Za, P - 60, 1) ||
        !hint_of_mpz(&zb, Zb, P - 60, 0) || za >= zb)
        return 0;
    mp_bitcnt_t bits = 0;
    for (size_t k = 0; k < eq->n; k++) {
        mp_bitcnt_t b = mpz_sizeinbase(eq->t[k].amag, 2);
        if (b > bits)
            bits = b;
    }
    /* the largest amount on 62 bits: cut (shift) or moved up (left), the others alike */
    mp_bitcnt_t shift = bits > 62 ? bits - 62 : 0;
    unsigned left = bits < 62 ? (unsigned)(62 - bits) : 0;
    unsigned long maxg = eq->gaps[eq->ngaps - 1];
    int nsq = 0;
    while (nsq < 64 && (maxg >> nsq) != 0)
        nsq++;
    for (int it = 0; it < 64; it++) {
        __int128 F, dF;
        if (!word_eval(eq, zw, shift, left, nsq, &F, &dF))
            return 0;
        if (F == 0)
            break;
        if ((F > 0) == (sa > 0)) /* keep the bracket: F has the sign sa at za */
            za = zw;
        else
            zb = zw;
        unsigned __int128 fa = F < 0 ? (unsigned __int128)-F : (unsigned __int128)F;
        unsigned __int128 da = dF < 0 ? (unsigned __int128)-dF : (unsigned __int128)dF;
        uint64_t zn = 0, step = 0;
        int newton = dF != 0 && fa < da; /* else a step of z or more: bisect */
        if (newton) {
            while (da >> 62) {
                da >>= 1;
                fa >>= 1;
            }
            newton = da != 0;
        }
        if (newton) {
            /* step = z F / (z F') = z (fa / da), fa / da < 1 */
            uint64_t ratio = (uint64_t)((fa << 60) / da);
            step = (uint64_t)(((unsigned __int128)zw * ratio) >> 60);
            int up = (F < 0) != (dF < 0); /* z - z F / (z F') moves up when F / F' < 0 */
            zn = up ? zw + step : zw - step;
            if (step <= (zw >> 44) && !(up && zn < zw)) {
                zw = zn; /* converged; a step of 0 may end on the bracket's end */
                break;
            }
            newton = !(up && zn < zw) && zn > za && zn < zb;
        }
        if (!newton) {
            zn = za + (zb - za) / 2;
            step = 0;
            if (zb - za <= (zb >> 44))
                break;
        }
        zw = zn;
        if (it == 63)
            return 0;
    }
    mpz_set_ui(Z, zw);
    mpz_mul_2exp(Z, Z, P - 60);
    return 1;
#else
    (void)eq, (void)P, (void)Z, (void)Za, (void)Zb, (void)sa;
    return 0;
#endif
}

/* ---- rate <-> z ------------------------------------------------------------------------- */

/* z^e on one machine word, fixed point 2^-60, by the same square-and-multiply as apr_fx_pow,
 * each product rounded down (up: up): a lower (upper) bound of the exact power of the word
 * z / 2^60, every step being increasing in its non-negative arguments.  0 when a value
 * outgrows the word (it stays below 2^64, that is below 16). */
#if APR_DLIMB
static int word_pow(uint64_t *r, uint64_t z, unsigned long e, int up)
{
    if (e == 0) {
        *r = UINT64_C(1) << 60;
        return 1;
    }
    int top = 63;
    while (!((e >> top) & 1UL))
        top--;
    uint64_t x = z;
    for (int bit = top - 1; bit >= 0; bit--) {
        if (!hint_mul(&x, x, x, 60, up))
            return 0;
        if (((e >> bit) & 1UL) && !hint_mul(&x, x, z, 60, up))
            return 0;
    }
    *r = x;
    return 1;
}
#endif

int apr_rate_of_z_words(mpz_t Nlo, mpz_t Dlo, mpz_t Nhi, mpz_t Dhi, const apr_eq *eq,
                        const mpz_t ZL, const mpz_t ZH, mp_bitcnt_t P)
{
#if APR_DLIMB
    uint64_t zl, zh, pl, ph;
    if (eq->nominal || P < 60 || mpz_sgn(ZL) <= 0 || !hint_of_mpz(&zl, ZL, P - 60, 0) ||
        !hint_of_mpz(&zh, ZH, P - 60, 1) || !word_pow(&pl, zl, eq->D, 0) ||
        !word_pow(&ph, zh, eq->D, 1))
        return 0;
    /* zl / 2^60 <= ZL / 2^P and ZH / 2^P <= zh / 2^60, so pl / 2^60 <= (ZL / 2^P)^D and
     * (ZH / 2^P)^D <= ph / 2^60; R = z^-D - 1 decreases in z.  Below pl = 2^52 (rates above
     * 25,500 %) the words' rounding would widen the bounds beyond a digit's thousandths:
     * those are left to the mpz path. */
    if (pl < (UINT64_C(1) << 52))
        return 0;
    mpz_set_ui(Nlo, 0);
    mpz_setbit(Nlo, 60);
    mpz_sub_ui(Nlo, Nlo, ph);
    mpz_set_ui(Dlo, ph);
    mpz_set_ui(Nhi, 0);
    mpz_setbit(Nhi, 60);
    mpz_sub_ui(Nhi, Nhi, pl);
    mpz_set_ui(Dhi, pl);
    return 1;
#else
    (void)Nlo, (void)Dlo, (void)Nhi, (void)Dhi, (void)eq, (void)ZL, (void)ZH, (void)P;
    return 0;
#endif
}

int apr_pow_word(uint64_t *r, const apr_eq *eq, const mpz_t Z, mp_bitcnt_t P)
{
#if APR_DLIMB
    uint64_t z;
    return !eq->nominal && P >= 60 && mpz_sgn(Z) > 0 && hint_of_mpz(&z, Z, P - 60, 0) &&
           word_pow(r, z, eq->D, 0);
#else
    (void)r, (void)eq, (void)Z, (void)P;
    return 0;
#endif
}

/* x t^D compared with 1 at precision P, t = T / 2^P, x = num/den > 0: the sign of
 * x T^D - 2^P with T^D rounded `up` or down (so the comparison is one-sided proof). */
static int scaled_pow_cmp(const mpz_t T, unsigned long D, const mpz_t num, const mpz_t den,
                          mp_bitcnt_t P, int up)
{
    /* The answer without the power when z >= 2 and x z^D is plainly above 1 (the first
     * steps of apr_z_of_rate's bisection, whose powers would have thousands of digits).
     * With b the bit length of T >= 2^(P + 1) and e = b - 1 - P >= 1: T >= 2^(b-1), and
     * T^D rounded either way is at least (2^(b-1))^D rounded down, which is exactly
     * 2^(P + D e) (each rounded product of two such powers of two is exact) since the
     * rounded power is increasing in T.  So x T^D 2^P >= num 2^(P + D e) / den, above 2^P
     * once D e + bitlen(num) - 1 >= bitlen(den): the sign the full computation gives. */
    size_t b = mpz_sizeinbase(T, 2);
    if (mpz_sgn(T) > 0 && b >= P + 2 &&
        (unsigned __int128)D * (b - 1 - P) + mpz_sizeinbase(num, 2) - 1 >=
            (unsigned __int128)mpz_sizeinbase(den, 2))
        return 1;
    mpz_t p, tmp, rhs;
    mpz_inits(p, tmp, rhs, NULL);
    apr_fx_pow(p, T, D, P, up, tmp);
    mpz_mul(p, p, num);
    mpz_mul_2exp(rhs, den, P);
    int c = mpz_cmp(p, rhs);
    mpz_clears(p, tmp, rhs, NULL);
    return c;
}

static int z_of_rate(mpz_t ZL, mpz_t ZH, const apr_eq *eq, const mpq_t R, mp_bitcnt_t P,
                     const mpz_t guess);

/* The enclosures of the rates that bound every search (the range's ends, the same for every
 * equation with the same D and P) are asked again for each equation with several sign
 * changes, and each costs a bisection with powers of thousands of bits: a twentieth of
 * `owed batch`.  They are kept here, per thread, in fixed storage (no heap: nothing to free
 * when a thread ends), for rates whose numerator and denominator fit a long and enclosures
 * of at most Z_CACHE_LIMBS limbs.  The answer of a call is the same with or without it. */
#define Z_CACHE_SLOTS 16
#define Z_CACHE_LIMBS 8
typedef struct z_cached {
    int used;
    long rnum, rden;
    unsigned long D;
    mp_bitcnt_t P;
    mp_size_t nlo, nhi; /* limb counts of ZL and ZH (both > 0) */
    mp_limb_t lo[Z_CACHE_LIMBS], hi[Z_CACHE_LIMBS];
} z_cached;
static _Thread_local z_cached z_cache[Z_CACHE_SLOTS];
static _Thread_local unsigned z_cache_next;

/* Z = the kept enclosure of n limbs (n > 0, the top one not 0: mpz_export's), copied in a
 * loop: the same number as mpz_import makes of them, without its general word order and
 * size handling (two calls of it for each equation with several sign changes). */
static void z_cached_get(mpz_t Z, const mp_limb_t *from, mp_size_t n)
{
    mp_limb_t *to = mpz_limbs_write(Z, n);
    for (mp_size_t i = 0; i < n; i++)
        to[i] = from[i];
    mpz_limbs_finish(Z, n);
}

int apr_z_of_rate(mpz_t ZL, mpz_t ZH, const apr_eq *eq, const mpq_t R, mp_bitcnt_t P,
                  const mpz_t guess)
{
    int cacheable = guess == NULL && !eq->nominal && eq->D != 1 &&
                    mpz_fits_slong_p(mpq_numref(R)) && mpz_fits_slong_p(mpq_denref(R));
    if (!cacheable)
        return z_of_rate(ZL, ZH, eq, R, P, guess);
    long rnum = mpz_get_si(mpq_numref(R)), rden = mpz_get_si(mpq_denref(R));
    for (unsigned i = 0; i < Z_CACHE_SLOTS; i++) {
        const z_cached *k = &z_cache[i];
        if (k->used && k->rnum == rnum && k->rden == rden && k->D == eq->D && k->P == P) {
            z_cached_get(ZL, k->lo, k->nlo);
            z_cached_get(ZH, k->hi, k->nhi);
            return 0;
        }
    }
    int rc = z_of_rate(ZL, ZH, eq, R, P, guess);
    /* only certified, positive enclosures are kept */
    if (rc == 0 && mpz_sgn(ZL) > 0 && mpz_sgn(ZH) > 0 &&
        mpz_size(ZL) <= Z_CACHE_LIMBS && mpz_size(ZH) <= Z_CACHE_LIMBS) {
        z_cached *k = &z_cache[z_cache_next++ % Z_CACHE_SLOTS];
        k->used = 1;
        k->rnum = rnum;
        k->rden = rden;
        k->D = eq->D;
        k->P = P;
        size_t n;
        mpz_export(k->lo, &n, -1, sizeof(mp_limb_t), 0, 0, ZL);
        k->nlo = (mp_size_t)n;
        mpz_export(k->hi, &n, -1, sizeof(mp_limb_t), 0, 0, ZH);
        k->nhi = (mp_size_t)n;
    }
    return rc;
}

static int z_of_rate(mpz_t ZL, mpz_t ZH, const apr_eq *eq, const mpq_t R, mp_bitcnt_t P,
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
    /* Newton on g(z) = x z^D - 1: z <- z - z (q - 1) / (D q), q = x z^D.  Close to the root
     * the rounding of z^D (a few units of z, whatever D) moves the steps more than the
     * distance to the root does, and they cycle without shrinking: the loop stops at the
     * first small step that is no smaller than the one before (the certification below
     * widens the enclosure past that noise). */
    mpz_t prev;
    mpz_init(prev);
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
        if (mpz_sgn(prev) != 0 && mpz_cmpabs_ui(step, 1UL << 16) <= 0 &&
            mpz_cmpabs(step, prev) >= 0)
            break;
        mpz_sub(Z, Z, step);
        if (mpz_cmpabs_ui(step, 1) <= 0)
            break;
        mpz_abs(prev, step);
    }
    mpz_clear(prev);
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

/* R = 2^P / p - 1 in lowest terms, p > 0: the same value and form as mpq_canonicalize then
 * mpq_sub of 1 give, found without a gcd.  gcd(2^P, p) is 2^k, k = min(P, v2(p)), so
 * 2^(P-k) / (p / 2^k) is in lowest terms, and so is (2^(P-k) - p / 2^k) / (p / 2^k), since
 * gcd(a - b, b) = gcd(a, b). */
static void pow2_over_minus_one(mpq_t R, mp_bitcnt_t P, const mpz_t p)
{
    mp_bitcnt_t k = mpz_scan1(p, 0);
    if (k > P)
        k = P;
    mpz_fdiv_q_2exp(mpq_denref(R), p, k); /* exact */
    mpz_set_ui(mpq_numref(R), 0);
    mpz_setbit(mpq_numref(R), P - k);
    mpz_sub(mpq_numref(R), mpq_numref(R), mpq_denref(R));
}

void apr_rate_of_z(mpq_t Rlo, mpq_t Rhi, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                   mp_bitcnt_t P)
{
    mpz_t one, p, tmp;
    mpz_inits(one, p, tmp, NULL);
    if (eq->nominal) {
        /* R = w (1/z - 1) = w (2^P - Z) / Z, exact. */
        mpz_setbit(one, P);
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
        apr_fx_pow(p, ZH, eq->D, P, 1, tmp);
        pow2_over_minus_one(Rlo, P, p);
        apr_fx_pow(p, ZL, eq->D, P, 0, tmp);
        if (mpz_sgn(p) == 0)
            mpz_set_ui(p, 1); /* z^D below one unit: R is at most 2^P - 1 */
        pow2_over_minus_one(Rhi, P, p);
    }
    mpz_clears(one, p, tmp, NULL);
}

/* R = num / den rounded to the grid 1 / H, down (up: up), in lowest terms: what owed_round
 * to the unit 1 / H gives for the rational num / den, without making that rational.  den > 0;
 * num is consumed. */
static void rate_on_grid(mpq_t R, mpz_t num, const mpz_t den, const mpz_t H, int up)
{
    mpz_mul(num, num, H);
    if (up)
        mpz_cdiv_q(mpq_numref(R), num, den);
    else
        mpz_fdiv_q(mpq_numref(R), num, den);
    mpz_set(mpq_denref(R), H);
    mpq_canonicalize(R);
}

void apr_rate_of_z_grid(mpq_t Rlo, mpq_t Rhi, const apr_eq *eq, const mpz_t ZL, const mpz_t ZH,
                        mp_bitcnt_t P, const mpz_t H)
{
    mpz_t p, num, den;
    mpz_inits(p, num, den, NULL);
    if (eq->nominal) {
        /* R = w (2^P - Z) / Z, exact: the same values as apr_rate_of_z */
        for (int up = 0; up <= 1; up++) {
            mpz_srcptr Z = up ? ZL : ZH;
            mpz_set_ui(num, 0);
            mpz_setbit(num, P);
            mpz_sub(num, num, Z);
            mpz_mul(num, num, mpq_numref(eq->w));
            mpz_mul(den, Z, mpq_denref(eq->w));
            rate_on_grid(up ? Rhi : Rlo, num, den, H, up);
        }
    } else {
        /* R = 2^P / p - 1 = (2^P - p) / p with p as apr_rate_of_z has it */
        apr_fx_pow(p, ZH, eq->D, P, 1, den);
        mpz_set_ui(num, 0);
        mpz_setbit(num, P);
        mpz_sub(num, num, p);
        rate_on_grid(Rlo, num, p, H, 0);
        apr_fx_pow(p, ZL, eq->D, P, 0, den);
        if (mpz_sgn(p) == 0)
            mpz_set_ui(p, 1);
        mpz_set_ui(num, 0);
        mpz_setbit(num, P);
        mpz_sub(num, num, p);
        rate_on_grid(Rhi, num, p, H, 1);
    }
    mpz_clears(p, num, den, NULL);
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
