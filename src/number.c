#include <config.h>

#include "number.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "owed_limits.h"

/* The most digits a decimal may have to be read in words: 10^19 < 2^64 (10^9 < 2^32). */
#if ULONG_MAX >= 0xFFFFFFFFFFFFFFFFu
#define SHORT_DECIMAL_DIGITS 19u
#else
#define SHORT_DECIMAL_DIGITS 9u
#endif

/* 5^k for the denominators of short decimals (k <= SHORT_DECIMAL_DIGITS). */
static const uint64_t powers_of_five[] = {
    1u, 5u, 25u, 125u, 625u, 3125u, 15625u, 78125u, 390625u, 1953125u, 9765625u,
    48828125u, 244140625u, 1220703125u, 6103515625u, 30517578125u, 152587890625u,
    762939453125u, 3814697265625u, 19073486328125u};

/* out = num / 10^e (num < 10^SHORT_DECIMAL_DIGITS, e <= SHORT_DECIMAL_DIGITS), negated when
 * `negative`, in lowest terms: the value mpz_set_str and mpq_canonicalize would make, in
 * words.  The denominator 10^e has no prime factor but 2 and 5, so the lowest terms come
 * from removing common 2s and 5s.  Inline: the readers' quick parse of every amount and
 * rate ends here, and the call cost a third of the work. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void decimal_set_words(mpq_t out, uint64_t num, unsigned e, int negative)
{
    /* den = 10^e = 2^e 5^e, less the 2s and 5s it shares with num */
    unsigned twos = e, fives = e;
    if (num == 0) {
        twos = fives = 0;
    } else {
        while (twos > 0 && (num & 1u) == 0) {
            num >>= 1;
            twos--;
        }
        while (fives > 0 && num % 5u == 0) {
            num /= 5u;
            fives--;
        }
    }
    uint64_t den = powers_of_five[fives] << twos;
#if GMP_NUMB_BITS == 64 && ULONG_MAX == 0xFFFFFFFFFFFFFFFFu
    /* one limb each, written in place when both have one (mpz_set_ui's values, with no
       call): a value the case reader takes again from its pool has them (case.h) */
    mpz_ptr n = mpq_numref(out), d = mpq_denref(out);
    if (n->_mp_alloc >= 1 && d->_mp_alloc >= 1) {
        n->_mp_d[0] = num;
        n->_mp_size = num == 0 ? 0 : negative ? -1 : 1;
        d->_mp_d[0] = den;
        d->_mp_size = 1;
        return;
    }
#endif
    mpz_set_ui(mpq_numref(out), (unsigned long)num);
    mpz_set_ui(mpq_denref(out), (unsigned long)den);
    if (negative)
        mpz_neg(mpq_numref(out), mpq_numref(out));
}

/* out = the decimal of the int_digits digits at `ip` and the frac_digits at `fp`
 * (SHORT_DECIMAL_DIGITS at most), negated when `negative`, in lowest terms
 * (decimal_set_words). */
static void decimal_set_short(mpq_t out, const char *ip, size_t int_digits, const char *fp,
                              size_t frac_digits, int negative)
{
    /* zeros that end the fraction change nothing ("2000.00" is 2000) */
    while (frac_digits > 0 && fp[frac_digits - 1] == '0')
        frac_digits--;
    uint64_t num = 0;
    for (size_t i = 0; i < int_digits; i++)
        num = num * 10u + (uint64_t)(ip[i] - '0');
    for (size_t i = 0; i < frac_digits; i++)
        num = num * 10u + (uint64_t)(fp[i] - '0');
    decimal_set_words(out, num, (unsigned)frac_digits, negative);
}

owed_status owed_decimal_parse(mpq_t out, const char *text, int max_fraction_digits,
                               const char *what, const char *file, long line, owed_error *err)
{
    const char *p = text ? text : "";
    int negative = 0;
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    }
    size_t int_digits = strspn(p, "0123456789");
    size_t frac_digits = 0;
    const char *frac = NULL;
    if (p[int_digits] == '.') {
        frac = p + int_digits + 1;
        frac_digits = strspn(frac, "0123456789");
        if (frac_digits == 0 || frac[frac_digits] != '\0')
            goto bad;
    } else if (p[int_digits] != '\0') {
        goto bad;
    }
    if (int_digits == 0)
        goto bad;
    long max_digits = owed_limit_get(OWED_LIMIT_DIGITS, OWED_MAX_NUMBER_DIGITS);
    if (int_digits + frac_digits > (size_t)max_digits)
        return owed_error_set(err, OWED_E_LIMIT, file, line,
                              _("%s '%.20s...' has %zu digits, which exceeds the limit of %ld "
                                "(%s)"),
                              what, text, int_digits + frac_digits, max_digits,
                              owed_limit_name(OWED_LIMIT_DIGITS));
    if (max_fraction_digits >= 0 && frac_digits > (size_t)max_fraction_digits)
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("%s '%s' has more than %d decimal places"), what, text,
                              max_fraction_digits);

    if (int_digits + frac_digits <= SHORT_DECIMAL_DIGITS) {
        decimal_set_short(out, p, int_digits, frac, frac_digits, negative);
        return OWED_OK;
    }
    char small[OWED_MAX_NUMBER_DIGITS + 1];
    char *digits = int_digits + frac_digits < sizeof small ? small
                                                           : owed_mem_alloc(int_digits + frac_digits + 1);
    if (digits == NULL)
        return owed_error_set(err, OWED_E_NOMEM, file, line, _("out of memory"));
    memcpy(digits, p, int_digits);
    if (frac_digits)
        memcpy(digits + int_digits, frac, frac_digits);
    digits[int_digits + frac_digits] = '\0';

    mpz_t num, den;
    mpz_init_set_str(num, digits, 10);
    if (digits != small)
        owed_mem_free(digits);
    mpz_init(den);
    mpz_ui_pow_ui(den, 10, frac_digits);
    if (negative)
        mpz_neg(num, num);
    mpq_set_num(out, num);
    mpq_set_den(out, den);
    mpq_canonicalize(out);
    mpz_clear(num);
    mpz_clear(den);
    return OWED_OK;

bad:;
    /* a long text is shown by its start (cut between two UTF-8 characters), so that the
     * message stays one readable line */
    const char *t = text ? text : "";
    size_t len = strlen(t), shown = len > 40 ? 40 : len;
    while (shown > 0 && shown < len && ((unsigned char)t[shown] & 0xC0) == 0x80)
        shown--;
    return owed_error_set(err, OWED_E_SYNTAX, file, line,
                          _("%s '%.*s%s' is not a decimal number"), what, (int)shown, t,
                          shown < len ? "..." : "");
}

owed_status owed_number_parse(mpq_t out, const char *text, const char *what, const char *file,
                              long line, owed_error *err)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    if (slash == NULL)
        return owed_decimal_parse(out, text, -1, what, file, line, err);
    /* The left side is copied whole, so that owed_decimal_parse judges it like any other
     * decimal: too many digits is OWED_E_LIMIT, anything that is not a decimal OWED_E_SYNTAX. */
    size_t n = (size_t)(slash - text);
    char small[64]; /* the left side on the stack when short */
    char *left = n < sizeof small ? small : owed_mem_alloc(n + 1);
    if (left == NULL)
        return owed_error_set(err, OWED_E_NOMEM, file, line, _("out of memory"));
    memcpy(left, text, n);
    left[n] = '\0';
    mpq_t a, b;
    mpq_init(a);
    mpq_init(b);
    owed_status st = owed_decimal_parse(a, left, -1, what, file, line, err);
    if (left != small)
        owed_mem_free(left);
    if (st == OWED_OK)
        st = owed_decimal_parse(b, slash + 1, -1, what, file, line, err);
    if (st == OWED_OK && mpq_sgn(b) == 0)
        st = owed_error_set(err, OWED_E_SYNTAX, file, line, _("%s '%s' divides by zero"), what,
                            text);
    if (st == OWED_OK)
        mpq_div(out, a, b);
    mpq_clear(a);
    mpq_clear(b);
    return st;
}

/* n = num / den rounded to an integer by `mode` (den != 0, either sign).  Integers only: no
 * rational is made or canonicalised (rounding and showing money were a tenth of the cost of
 * `owed batch` when they went through mpq_div and mpq_cmp).  rem may alias num. */
static void round_quotient(mpz_t n, mpz_t rem, const mpz_t num, const mpz_t den,
                           owed_round_mode mode)
{
    /* the quotient toward zero; the discarded part num/den - n has the sign of rem/den */
    mpz_tdiv_qr(n, rem, num, den);
    int sign = mpz_sgn(rem) * mpz_sgn(den);
    int away = 0; /* 1: move n one step away from zero */
    if (sign != 0) {
        /* |discarded part| against one half: 2|rem| against |den| */
        mpz_mul_2exp(rem, rem, 1);
        int cmp = mpz_cmpabs(rem, den);
        switch (mode) {
        case OWED_ROUND_HALF_UP: away = cmp >= 0; break;
        case OWED_ROUND_HALF_EVEN: away = cmp > 0 || (cmp == 0 && mpz_odd_p(n)); break;
        case OWED_ROUND_DOWN: away = 0; break;
        case OWED_ROUND_UP: away = 1; break;
        case OWED_ROUND_FLOOR: away = sign < 0; break;
        case OWED_ROUND_CEILING: away = sign > 0; break;
        }
    }
    if (away) {
        if (sign > 0)
            mpz_add_ui(n, n, 1);
        else
            mpz_sub_ui(n, n, 1);
    }
}

void owed_round(mpq_t out, const mpq_t in, const mpq_t unit, owed_round_mode mode)
{
    /* in / unit = (in.num unit.den) / (in.den unit.num), rounded to n; out = n unit */
    mpz_t num, den, n;
    mpz_inits(num, den, n, NULL);
    mpz_mul(num, mpq_numref(in), mpq_denref(unit));
    mpz_mul(den, mpq_denref(in), mpq_numref(unit));
    round_quotient(n, num, num, den, mode);
    mpz_mul(mpq_numref(out), n, mpq_numref(unit));
    mpz_set(mpq_denref(out), mpq_denref(unit));
    mpq_canonicalize(out);
    mpz_clears(num, den, n, NULL);
}

/* n = in 10^decimals (scale) rounded by `mode`: the rounded value in units of 10^-decimals. */
static void round_scaled(mpz_t n, const mpq_t in, const mpz_t scale, owed_round_mode mode)
{
    mpz_t num;
    mpz_init(num);
    mpz_mul(num, mpq_numref(in), scale);
    round_quotient(n, num, num, mpq_denref(in), mode);
    mpz_clear(num);
}

void owed_round_decimals(mpq_t out, const mpq_t in, unsigned decimals, owed_round_mode mode)
{
    mpz_t n, scale;
    mpz_inits(n, scale, NULL);
    mpz_ui_pow_ui(scale, 10, decimals);
    round_scaled(n, in, scale, mode);
    mpz_swap(mpq_numref(out), n);
    mpz_swap(mpq_denref(out), scale);
    mpq_canonicalize(out);
    mpz_clears(n, scale, NULL);
}

/* The size of the text decimal_put writes (its NUL included). */
static size_t decimal_size(size_t len, int negative, unsigned decimals)
{
    size_t int_len = len > decimals ? len - decimals : 1;
    return (size_t)negative + int_len + (decimals ? 1 + decimals : 0) + 1;
}

/* The text of a rounded value: `digits` (its magnitude in units of 10^-decimals, len of
 * them) with the point put in and a '-' when negative, at `out` (decimal_size bytes).
 * Returns the length, the NUL not counted. */
static size_t decimal_put(char *out, const char *digits, size_t len, int negative,
                          unsigned decimals)
{
    size_t int_len = len > decimals ? len - decimals : 1;
    char *w = out;
    if (negative)
        *w++ = '-';
    if (len > decimals) {
        memcpy(w, digits, int_len);
        w += int_len;
    } else {
        *w++ = '0';
    }
    if (decimals) {
        *w++ = '.';
        size_t pad = len < decimals ? decimals - len : 0;
        memset(w, '0', pad);
        w += pad;
        memcpy(w, digits + (len > decimals ? int_len : 0), decimals - pad);
        w += decimals - pad;
    }
    *w = '\0';
    return (size_t)(w - out);
}

/* decimal_put in a new string.  NULL when out of memory. */
static char *decimal_text(const char *digits, size_t len, int negative, unsigned decimals)
{
    char *out = owed_mem_alloc(decimal_size(len, negative, decimals));
    if (out != NULL)
        decimal_put(out, digits, len, negative, decimals);
    return out;
}

char *owed_decimal_text(const char *digits, size_t len, int negative, unsigned decimals)
{
    return decimal_text(digits, len, negative, decimals);
}

/* The size of a digits buffer for small_digits: 2^128 has 39 digits. */
enum { SMALL_DIGITS = 48 };

/* Whether `mode` moves a quotient away from zero, given the sign of the value, the
 * discarded part against one half (cmp: -1 below, 0 at, 1 above; rem != 0) and whether the
 * quotient toward zero is odd: round_quotient's choice. */
static inline int rounds_away(owed_round_mode mode, int sign, int cmp, int odd)
{
    switch (mode) {
    case OWED_ROUND_HALF_UP: return cmp >= 0;
    case OWED_ROUND_HALF_EVEN: return cmp > 0 || (cmp == 0 && odd);
    case OWED_ROUND_DOWN: return 0;
    case OWED_ROUND_UP: return 1;
    case OWED_ROUND_FLOOR: return sign < 0;
    case OWED_ROUND_CEILING: return sign > 0;
    }
    return 0;
}

/* The two digits of each number below 100, one after another. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                  "31323334353637383940414243444546474849505152535455565758596061"
                                  "62636465666768697071727374757677787980818283848586878889909192"
                                  "93949596979899";

char *owed_u64_digits(uint64_t w, char *end)
{
    const char *pairs = digit_pairs;
    char *d = end;
    while (w >= 100) {
        unsigned r = (unsigned)(w % 100);
        w /= 100;
        d -= 2;
        d[0] = pairs[2 * r];
        d[1] = pairs[2 * r + 1];
    }
    if (w >= 10) {
        d -= 2;
        d[0] = pairs[2 * w];
        d[1] = pairs[2 * w + 1];
    } else
        *--d = (char)('0' + (int)w);
    return d;
}

/* The decimal digits of q, written backwards ending at `end`; returns their start.  In
 * 64-bit steps: 19 digits at a time are split off while q is wider. */
static char *u128_digits(unsigned __int128 q, char *end)
{
    char *d = end;
    const uint64_t e19 = 10000000000000000000u;
    while ((q >> 64) != 0) {
        uint64_t low = (uint64_t)(q % e19);
        q /= e19;
        for (int k = 0; k < 19; k++) {
            *--d = (char)('0' + (int)(low % 10));
            low /= 10;
        }
    }
    return owed_u64_digits((uint64_t)q, d);
}

#if GMP_NUMB_BITS == 64 && ULONG_MAX == 0xFFFFFFFFFFFFFFFFu
/* small_digits for a numerator and a denominator of at most two limbs each (the sums of
 * amounts over denominators such as 365 x 10^k): the scaled numerator in three limbs, the
 * quotient and remainder by mpn_tdiv_qr, the rounding as round_quotient's, when the
 * rounded quotient fits 128 bits; else NULL. */
static const char *wide_digits(const mpq_t in, uint64_t scale, owed_round_mode mode,
                               char *end, size_t *len, int *negative)
{
    int num_size = mpq_numref(in)->_mp_size;
    mp_size_t nn = num_size < 0 ? -num_size : num_size, dn = mpq_denref(in)->_mp_size;
    const mp_limb_t *den = mpq_denref(in)->_mp_d; /* its top limb is not 0: canonical */
    if (nn == 0 || nn > 2 || dn > 2)
        return NULL;
    mp_limb_t prod[3], q[3], rem[2], twice[2];
    prod[nn] = mpn_mul_1(prod, mpq_numref(in)->_mp_d, nn, scale);
    mp_size_t pn = nn + 1; /* >= 2 >= dn */
    mpn_tdiv_qr(q, rem, 0, prod, pn, den, dn);
    mp_size_t qn = pn - dn + 1;
    if (qn == 3 && q[2] != 0)
        return NULL;
    unsigned __int128 quot = q[0] | (qn > 1 ? (unsigned __int128)q[1] << 64 : 0);
    int sign = num_size < 0 ? -1 : 1;
    if (!mpn_zero_p(rem, dn)) {
        /* 2 rem against den */
        mp_limb_t carry = mpn_lshift(twice, rem, dn, 1);
        int cmp = carry != 0 ? 1 : mpn_cmp(twice, den, dn);
        cmp = cmp > 0 ? 1 : cmp < 0 ? -1 : 0;
        if (rounds_away(mode, sign, cmp, (int)(q[0] & 1))) {
            if (quot == ~(unsigned __int128)0)
                return NULL;
            quot++;
        }
    }
    char *d = u128_digits(quot, end);
    *len = (size_t)(end - d);
    *negative = sign < 0 && !(*len == 1 && d[0] == '0');
    return d;
}
#endif

/* 10^k for k <= 19 (10^19 < 2^64). */
static const uint64_t powers_of_ten[] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
    10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
    1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
    10000000000000000000u};

/* in 10^decimals rounded by `mode`, in machine words, for a numerator and denominator of
 * one word each and at most 18 decimals (every amount of money a statement or a batch row
 * shows) when the scaled numerator fits 64 bits: the same quotient and the same rounding as
 * round_quotient, with no number made.  Returns 1 with its magnitude in *q and the sign of
 * `in` in *sign, or 0 when the value does not fit so (small_digits takes wider words).
 * Inlined into its two callers: its call and the results passed through memory were a
 * fifth of the cost of writing a row's amount. */
static inline __attribute__((always_inline)) int
small_quotient(const mpq_t in, unsigned decimals, owed_round_mode mode, uint64_t *q, int *sign)
{
    unsigned long magnitude, den;
#if GMP_NUMB_BITS == 64 && ULONG_MAX == 0xFFFFFFFFFFFFFFFFu
    /* the limbs read directly: one limb each (the numerator's sign in its size) */
    int num_size = mpq_numref(in)->_mp_size;
    if (decimals > 18 || num_size > 1 || num_size < -1 || mpq_denref(in)->_mp_size != 1)
        return 0;
    magnitude = num_size != 0 ? mpq_numref(in)->_mp_d[0] : 0;
    *sign = num_size;
    den = mpq_denref(in)->_mp_d[0]; /* > 0: in is canonical */
#else
    if (decimals > 18 || !mpz_fits_slong_p(mpq_numref(in)) ||
        !mpz_fits_ulong_p(mpq_denref(in)))
        return 0;
    long num = mpz_get_si(mpq_numref(in));
    den = mpz_get_ui(mpq_denref(in)); /* > 0: in is canonical */
    *sign = num < 0 ? -1 : num > 0;
    magnitude = num < 0 ? 0UL - (unsigned long)num : (unsigned long)num;
#endif
    uint64_t product;
    if (__builtin_mul_overflow((uint64_t)magnitude, powers_of_ten[decimals], &product))
        return 0;
    uint64_t quot = product / den, rem = product % den;
    if (rem != 0) {
        uint64_t other = den - rem; /* 2 rem against den, with no overflow */
        int cmp = rem > other ? 1 : rem == other ? 0 : -1;
        quot += (unsigned)rounds_away(mode, *sign, cmp, (int)(quot & 1)); /* den >= 2: < 2^63 */
    }
    *q = quot;
    return 1;
}

/* in 10^decimals rounded by `mode`, in machine words, for a numerator and denominator of
 * one word each and at most 18 decimals (small_quotient, and in 128-bit integers when the
 * scaled numerator does not fit 64 bits), or of two (wide_digits).  The digits of its
 * magnitude end at `end` (SMALL_DIGITS bytes before it are free); returns their start with
 * *len and *negative, or NULL when the value does not fit (the caller takes the GMP
 * path). */
static const char *small_digits(const mpq_t in, unsigned decimals, owed_round_mode mode,
                                char *end, size_t *len, int *negative)
{
    uint64_t q64;
    int sign;
    char *d;
    if (small_quotient(in, decimals, mode, &q64, &sign)) {
        d = owed_u64_digits(q64, end);
        *len = (size_t)(end - d);
        *negative = sign < 0 && q64 != 0;
        return d;
    }
    if (decimals > 18)
        return NULL;
    unsigned long magnitude, den;
#if GMP_NUMB_BITS == 64 && ULONG_MAX == 0xFFFFFFFFFFFFFFFFu
    int num_size = mpq_numref(in)->_mp_size;
    if (num_size > 1 || num_size < -1 || mpq_denref(in)->_mp_size != 1)
        return wide_digits(in, powers_of_ten[decimals], mode, end, len, negative);
    magnitude = num_size != 0 ? mpq_numref(in)->_mp_d[0] : 0;
    sign = num_size;
    den = mpq_denref(in)->_mp_d[0]; /* > 0: in is canonical */
#else
    if (!mpz_fits_slong_p(mpq_numref(in)) || !mpz_fits_ulong_p(mpq_denref(in)))
        return NULL;
    long num = mpz_get_si(mpq_numref(in));
    den = mpz_get_ui(mpq_denref(in)); /* > 0: in is canonical */
    sign = num < 0 ? -1 : num > 0;
    magnitude = num < 0 ? 0UL - (unsigned long)num : (unsigned long)num;
#endif
    /* the scaled numerator is wider than 64 bits (small_quotient) */
    unsigned __int128 wide = (unsigned __int128)magnitude * powers_of_ten[decimals];
    unsigned __int128 q = wide / den, rem = wide % den;
    if (rem != 0) {
        unsigned __int128 twice = rem * 2; /* rem < den < 2^64: no overflow */
        int cmp = twice > den ? 1 : twice == den ? 0 : -1;
        q += (unsigned)rounds_away(mode, sign, cmp, (int)(q & 1));
    }
    d = u128_digits(q, end);
    *len = (size_t)(end - d);
    *negative = sign < 0 && !(*len == 1 && d[0] == '0');
    return d;
}

/* The number of decimal digits of q (1 for 0): from its bits, then one comparison.  With
 * b bits q is below 2^b, and t = floor(b 1233 / 4096) (1233 / 4096 is just above
 * log10(2)) is the digits of 2^(b-1) less one, or of 2^b less one: q has t digits, or one
 * more when it reaches 10^t. */
static inline size_t u64_digit_count(uint64_t q)
{
    unsigned bits = 64u - (unsigned)__builtin_clzll(q | 1u);
    size_t t = (size_t)(bits * 1233u >> 12);
    size_t n = t + (q >= powers_of_ten[t]);
    return n ? n : 1;
}

/* owed_decimal_units_to, inlined into owed_decimal_format_to: a call more per amount cost
 * what writing the figure of a rate without its view saves. */
static inline __attribute__((always_inline)) size_t
units_put(char *buf, size_t size, uint64_t q, int negative, unsigned decimals)
{
    /* decimal_put's text written in place, from its end, with no digits of its own to copy
     * (its length from the number of q's digits) */
    size_t n = u64_digit_count(q);
    negative = negative && q != 0;
    size_t total = decimal_size(n, negative, decimals);
    if (total > size)
        return 0;
    char *w = buf + total - 1;
    *w = '\0';
    if (decimals == 2) { /* most currencies' minor units: the cents in one step */
        unsigned r = (unsigned)(q % 100u);
        q /= 100u;
        w -= 2;
        w[0] = digit_pairs[2 * r];
        w[1] = digit_pairs[2 * r + 1];
    } else {
        for (unsigned k = 0; k < decimals; k++) {
            *--w = (char)('0' + (int)(q % 10));
            q /= 10;
        }
    }
    if (decimals)
        *--w = '.';
    if (q != 0)
        w = owed_u64_digits(q, w);
    else
        *--w = '0';
    if (negative)
        *--w = '-';
    return total - 1;
}

size_t owed_decimal_units_to(char *buf, size_t size, uint64_t units, int negative,
                             unsigned decimals)
{
    return units_put(buf, size, units, negative, decimals);
}

size_t owed_decimal_format_to(char *buf, size_t size, const mpq_t in, unsigned decimals,
                              owed_round_mode mode)
{
    uint64_t q;
    int sign;
    if (small_quotient(in, decimals, mode, &q, &sign)) /* the usual amount */
        return units_put(buf, size, q, sign < 0, decimals);
    char digits[SMALL_DIGITS];
    size_t len;
    int negative;
    const char *d = small_digits(in, decimals, mode, digits + sizeof digits, &len, &negative);
    if (d == NULL || decimal_size(len, negative, decimals) > size)
        return 0;
    return decimal_put(buf, d, len, negative, decimals);
}

char *owed_decimal_format(const mpq_t in, unsigned decimals, owed_round_mode mode)
{
    char small[SMALL_DIGITS];
    size_t len;
    int negative;
    const char *d = small_digits(in, decimals, mode, small + sizeof small, &len, &negative);
    if (d != NULL)
        return decimal_text(d, len, negative, decimals);
    mpz_t scaled, scale;
    mpz_inits(scaled, scale, NULL);
    mpz_ui_pow_ui(scale, 10, decimals);
    round_scaled(scaled, in, scale, mode); /* the value in units of 10^-decimals */
    negative = mpz_sgn(scaled) < 0;
    mpz_abs(scaled, scaled);
    char *digits = mpz_get_str(NULL, 10, scaled);
    len = strlen(digits);
    char *out = decimal_text(digits, len, negative, decimals);
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(digits, len + 1);
    mpz_clears(scaled, scale, NULL);
    return out;
}

/* A rational has a finite decimal expansion when its reduced denominator is 2^a 5^b. */
static unsigned long finite_decimals(const mpq_t in, int *finite)
{
    mpz_t d;
    mpz_t p;
    mpz_init_set(d, mpq_denref(in));
    mpz_init_set_ui(p, 2);
    unsigned long twos = mpz_remove(d, d, p);
    mpz_set_ui(p, 5);
    unsigned long fives = mpz_remove(d, d, p);
    *finite = mpz_cmp_ui(d, 1) == 0;
    mpz_clears(d, p, NULL);
    return twos > fives ? twos : fives;
}

int owed_is_finite_decimal(const mpq_t in)
{
    int finite;
    finite_decimals(in, &finite);
    return finite;
}

char *owed_exact_format(const mpq_t in)
{
    int finite;
    unsigned long decimals = finite_decimals(in, &finite);
    if (finite)
        return owed_decimal_format(in, (unsigned)decimals, OWED_ROUND_HALF_EVEN);
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    char *g = mpq_get_str(NULL, 10, in);
    size_t len = strlen(g);
    char *out = owed_mem_alloc(len + 1);
    if (out != NULL)
        memcpy(out, g, len + 1);
    gmp_free(g, len + 1);
    return out;
}

const char *owed_round_mode_name(owed_round_mode mode)
{
    switch (mode) {
    case OWED_ROUND_HALF_EVEN: return "half-even";
    case OWED_ROUND_DOWN: return "down";
    case OWED_ROUND_UP: return "up";
    case OWED_ROUND_FLOOR: return "floor";
    case OWED_ROUND_CEILING: return "ceiling";
    case OWED_ROUND_HALF_UP:
    default: return "half-up";
    }
}

int owed_round_mode_parse(const char *text, owed_round_mode *out)
{
    static const owed_round_mode all[] = {OWED_ROUND_HALF_UP, OWED_ROUND_HALF_EVEN,
                                          OWED_ROUND_DOWN,    OWED_ROUND_UP,
                                          OWED_ROUND_FLOOR,   OWED_ROUND_CEILING};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(text, owed_round_mode_name(all[i])) == 0) {
            *out = all[i];
            return 0;
        }
    return -1;
}

int owed_posting_round_parse(const char *text, owed_round_mode *out)
{
    owed_round_mode mode;
    if (strcmp(text, "truncate") == 0)
        mode = OWED_ROUND_DOWN;
    else if (owed_round_mode_parse(text, &mode) != 0 || mode == OWED_ROUND_FLOOR ||
             mode == OWED_ROUND_CEILING)
        return -1;
    *out = mode;
    return 0;
}

int owed_decimal_parse_quick(mpq_t out, const char *text, size_t len, unsigned places)
{
    return owed_decimal_parse_quick_within(
        out, text, len, places, (size_t)-1,
        owed_limit_get(OWED_LIMIT_DIGITS, OWED_MAX_NUMBER_DIGITS));
}

int owed_decimal_parse_quick_within(mpq_t out, const char *text, size_t len, unsigned places,
                                    size_t max_fraction, long max_digits)
{
    /* One pass that reads the value as it checks the form.  Every refusal returns 0
       whichever comes first, so the order of the checks does not matter; a text longer
       than the words hold is refused when its digit after the last that fits is seen. */
    if (places > SHORT_DECIMAL_DIGITS)
        return 0;
    size_t most = SHORT_DECIMAL_DIGITS - places; /* the digits that fit with the places */
    uint64_t num = 0;
    size_t int_digits = 0;
    while (int_digits < len && text[int_digits] >= '0' && text[int_digits] <= '9') {
        if (int_digits == most)
            return 0;
        num = num * 10u + (uint64_t)(text[int_digits] - '0');
        int_digits++;
    }
    if (int_digits == 0)
        return 0;
    size_t frac_digits = 0, kept = 0; /* kept: the fraction's digits to its last nonzero */
    uint64_t kept_num = num;          /* num at the last nonzero digit of the fraction */
    if (int_digits < len) {
        if (text[int_digits] != '.')
            return 0;
        const char *frac = text + int_digits + 1;
        size_t rest = len - int_digits - 1;
        if (rest == 0 || rest > max_fraction)
            return 0;
        for (; frac_digits < rest; frac_digits++) {
            char c = frac[frac_digits];
            if (c < '0' || c > '9' || int_digits + frac_digits == most)
                return 0;
            num = num * 10u + (uint64_t)(c - '0');
            if (c != '0') {
                kept = frac_digits + 1;
                kept_num = num;
            }
        }
    }
    if ((long)(int_digits + frac_digits) > max_digits)
        return 0;
    /* zeros that end the fraction change nothing ("2000.00" is 2000) */
    decimal_set_words(out, kept_num, (unsigned)kept + places, 0);
    return 1;
}
