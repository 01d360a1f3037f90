/* Currencies and money amounts.
 *
 * An amount is an exact rational in the currency's major unit (yuan, pound, yen).  Amounts
 * written in a case file may not have more decimals than the currency's minor unit (ISO 4217):
 * "600.005" CNY is refused, since no such payment can be made. */
#ifndef OWED_MONEY_H
#define OWED_MONEY_H

#include <gmp.h>
#include <string.h>

#include "error.h"
#include "number.h"

typedef struct owed_currency {
    char code[4];         /* ISO 4217 letters, "CNY" */
    unsigned minor_units; /* decimals of the minor unit: CNY 2, JPY 0 */
} owed_currency;

/* Looks up an ISO 4217 code among the currencies the program knows; 0 when found. */
int owed_currency_lookup(const char *code, owed_currency *out);

/* Parses an amount with at most the currency's minor-unit decimals.  Negative amounts are
 * refused unless `allow_negative`. */
owed_status owed_money_parse(mpq_t out, const char *text, const owed_currency *cur,
                             int allow_negative, const char *file, long line, owed_error *err);

/* owed_money_parse_within past its quick test. */
owed_status owed_money_parse_full(mpq_t out, const char *text, const owed_currency *cur,
                                  int allow_negative, const char *file, long line,
                                  owed_error *err);

/* The usual amount, digits with at most the currency's decimal places and no sign, read in
 * words to the value owed_money_parse_full would make: 1 with out set; 0 for anything else
 * (out unspecified), which the full parse reads and says what is wrong with. */
static inline int owed_money_parse_quick(mpq_t out, const char *text,
                                         const owed_currency *cur, long max_digits)
{
    return owed_decimal_parse_quick_within(out, text, strlen(text), 0, cur->minor_units,
                                           max_digits);
}

/* owed_money_parse with the digits limit in force given (owed_limit_get(OWED_LIMIT_DIGITS,
 * OWED_MAX_NUMBER_DIGITS)), by a reader that reads many amounts in one scope.  Inline: the
 * usual amount ("1500", "99.5") is read by owed_money_parse_quick; anything else takes the
 * full parse, which says what is wrong. */
static inline owed_status owed_money_parse_within(mpq_t out, const char *text,
                                                  const owed_currency *cur, int allow_negative,
                                                  long max_digits, const char *file, long line,
                                                  owed_error *err)
{
    if (text != NULL && owed_money_parse_quick(out, text, cur, max_digits))
        return OWED_OK;
    return owed_money_parse_full(out, text, cur, allow_negative, file, line, err);
}

/* out = the currency's minor unit as an amount (CNY 1/100, JPY 1). */
void owed_currency_unit(mpq_t out, const owed_currency *cur);

/* Rounds q in place to a multiple of `unit` in `mode`; a unit of 0 means the currency's
 * minor unit (a rounding a case or regime names without a unit of its own). */
void owed_money_round(mpq_t q, const mpq_t unit, owed_round_mode mode, const owed_currency *cur);

/* An amount rounded half-up to the minor unit, for display.  Caller frees. */
char *owed_money_format(const mpq_t amount, const owed_currency *cur);

#endif
