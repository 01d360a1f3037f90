#include <config.h>

#include "money.h"

#include <string.h>

#include "i18n.h"
#include "owed_limits.h"

/* The currencies of the regimes the project covers or plans to; minor units per ISO 4217. */
static const owed_currency known_currencies[] = {
    {"CNY", 2}, {"JPY", 0}, {"GBP", 2}, {"USD", 2}, {"EUR", 2}, {"HKD", 2}, {"KRW", 0},
};

int owed_currency_lookup(const char *code, owed_currency *out)
{
    for (size_t i = 0; i < sizeof known_currencies / sizeof known_currencies[0]; i++)
        if (code != NULL && strcmp(code, known_currencies[i].code) == 0) {
            *out = known_currencies[i];
            return 0;
        }
    return -1;
}

owed_status owed_money_parse(mpq_t out, const char *text, const owed_currency *cur,
                             int allow_negative, const char *file, long line, owed_error *err)
{
    return owed_money_parse_within(out, text, cur, allow_negative,
                                   owed_limit_get(OWED_LIMIT_DIGITS, OWED_MAX_NUMBER_DIGITS),
                                   file, line, err);
}

owed_status owed_money_parse_full(mpq_t out, const char *text, const owed_currency *cur,
                                  int allow_negative, const char *file, long line,
                                  owed_error *err)
{
    /* the label is translated only for a message: a first pass reports nothing, and only
       an amount it refuses is parsed again to say why (gettext costs more than the parse) */
    owed_status st =
        owed_decimal_parse(out, text, (int)cur->minor_units, "amount", file, line, NULL);
    if (st != OWED_OK)
        return owed_decimal_parse(out, text, (int)cur->minor_units, _("amount"), file, line,
                                  err);
    if (!allow_negative && mpq_sgn(out) < 0)
        return owed_error_set(err, OWED_E_SYNTAX, file, line, _("amount '%s' is negative"),
                              text);
    return OWED_OK;
}

char *owed_money_format(const mpq_t amount, const owed_currency *cur)
{
    return owed_decimal_format(amount, cur->minor_units, OWED_ROUND_HALF_UP);
}

void owed_currency_unit(mpq_t out, const owed_currency *cur)
{
    mpz_set_ui(mpq_numref(out), 1);
    mpz_ui_pow_ui(mpq_denref(out), 10, cur->minor_units);
}

void owed_money_round(mpq_t q, const mpq_t unit, owed_round_mode mode, const owed_currency *cur)
{
    if (mpq_sgn(unit) > 0) {
        owed_round(q, q, unit, mode);
        return;
    }
    mpq_t minor;
    mpq_init(minor);
    owed_currency_unit(minor, cur);
    owed_round(q, q, minor, mode);
    mpq_clear(minor);
}
