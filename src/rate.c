#include <config.h>

#include "rate.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "number.h"
#include "owed_limits.h"
#include "qsum.h"

/* out *= n / d, for n / d in lowest terms and d > 0, as mpq_mul would make it (the same
 * canonical value) but with no temporary: the one-day accruals of the replays call
 * owed_rate_accrue once a day and loan, and an mpq_t made and freed each time cost more than
 * the product. */
static void scale_by_fraction(mpq_t out, unsigned long n, unsigned long d)
{
    owed_q_scale(out, n, d);
}

/* owed_number_parse with the label "rate" translated only for a message: a first pass
 * reports nothing, and only a number it refuses is parsed again to say why (gettext costs
 * more than the parse). */
static owed_status parse_rate_number(mpq_t out, const char *text, const char *file, long line,
                                     owed_error *err)
{
    owed_status st = owed_number_parse(out, text, "rate", file, line, NULL);
    if (st != OWED_OK)
        st = owed_number_parse(out, text, _("rate"), file, line, err);
    return st;
}

owed_status owed_rate_parse(mpq_t out, const char *text, const char *file, long line,
                            owed_error *err)
{
    return owed_rate_parse_within(out, text,
                                  owed_limit_get(OWED_LIMIT_DIGITS, OWED_MAX_NUMBER_DIGITS),
                                  file, line, err);
}

owed_status owed_rate_parse_within(mpq_t out, const char *text, long max_digits,
                                   const char *file, long line, owed_error *err)
{
    size_t len = text ? strlen(text) : 0;
    int percent = len > 0 && text[len - 1] == '%';
    owed_status st;
    if (text != NULL && owed_rate_parse_quick(out, text, len, max_digits)) /* no copy */
        return OWED_OK;
    if (percent) {
        /* the number before the sign, copied: on the stack when short (rates are) */
        char small[64];
        char *body = len <= sizeof small ? small : owed_mem_alloc(len);
        if (body == NULL)
            return owed_error_set(err, OWED_E_NOMEM, file, line, _("out of memory"));
        memcpy(body, text, len - 1);
        body[len - 1] = '\0';
        st = parse_rate_number(out, body, file, line, err);
        if (body != small)
            owed_mem_free(body);
        if (st == OWED_OK)
            scale_by_fraction(out, 1, 100);
    } else {
        st = parse_rate_number(out, text, file, line, err);
    }
    if (st == OWED_OK && mpq_sgn(out) < 0)
        st = owed_error_set(err, OWED_E_SYNTAX, file, line, _("rate '%s' is negative"), text);
    return st;
}

int owed_rate_period_parse(const char *text, owed_rate_period *out)
{
    if (strcmp(text, "day") == 0) *out = OWED_PER_DAY;
    else if (strcmp(text, "month") == 0) *out = OWED_PER_MONTH;
    else if (strcmp(text, "year") == 0) *out = OWED_PER_YEAR;
    else return -1;
    return 0;
}

const char *owed_rate_period_name(owed_rate_period per)
{
    switch (per) {
    case OWED_PER_DAY: return "day";
    case OWED_PER_MONTH: return "month";
    case OWED_PER_YEAR:
    default: return "year";
    }
}

void owed_rate_accrue(mpq_t out, const mpq_t amount, const mpq_t rate, owed_rate_period per,
                      owed_day_basis basis, owed_date from, owed_date to)
{
    if (to <= from) {
        owed_q_zero(out);
        return;
    }
    /* t (the time in the rate's periods) = n / d exactly when the interval has one year
       length: every basis but actual, and any one day; otherwise owed_year_fraction's sum */
    if (per == OWED_PER_DAY || basis != OWED_BASIS_ACTUAL || to - from == 1) {
        unsigned long n = (unsigned long)(to - from), d = 1;
        if (per != OWED_PER_DAY) {
            d = (unsigned long)owed_basis_year_length(basis, from);
            if (per == OWED_PER_MONTH)
                n *= 12;
        }
        unsigned long g = owed_gcd_ul(n, d);
        owed_q_mul(out, amount, rate);
        scale_by_fraction(out, n / g, d / g);
        return;
    }
    mpq_t t;
    mpq_init(t);
    owed_year_fraction(t, from, to, basis);
    if (per == OWED_PER_MONTH)
        scale_by_fraction(t, 12, 1);
    owed_q_mul(out, amount, rate);
    owed_q_mul(out, out, t);
    mpq_clear(t);
}

void owed_rate_annualise(mpq_t out, const mpq_t rate, owed_rate_period per, owed_day_basis basis)
{
    mpq_t f;
    mpq_init(f);
    switch (per) {
    case OWED_PER_DAY:
        mpq_set_ui(f, basis == OWED_BASIS_360 ? 360 : 365, 1);
        break;
    case OWED_PER_MONTH:
        mpq_set_ui(f, 12, 1);
        break;
    case OWED_PER_YEAR:
    default:
        mpq_set_ui(f, 1, 1);
        break;
    }
    owed_q_mul(out, rate, f);
    mpq_clear(f);
}

void owed_rate_accrue_months(mpq_t out, const mpq_t amount, const mpq_t rate,
                             owed_rate_period per, owed_date from, owed_date to)
{
    long stub;
    long months = owed_whole_months(from, to, &stub);
    mpq_t t;
    mpq_init(t);
    /* t = months + stub/30, in months */
    owed_q_set_frac(t, (unsigned long)(months * 30 + stub), 30);
    if (per == OWED_PER_YEAR)
        scale_by_fraction(t, 1, 12);
    owed_q_mul(out, amount, rate);
    owed_q_mul(out, out, t);
    mpq_clear(t);
}
