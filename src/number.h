/* Exact numbers from text, and exact rounding.
 *
 * Numbers are read from decimal text straight into GMP rationals, never through a binary
 * float: "0.1" is exactly 1/10.  Rounding is never implicit: a caller names the mode and
 * the unit (for example half-up to 0.01), and only where a rule, a contract or a display
 * asks for it. */
#ifndef OWED_NUMBER_H
#define OWED_NUMBER_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Longest run of digits accepted in one number (integer and fraction parts together, or
 * each side of a fraction a/b).  It keeps a hostile file from asking for huge numbers. */
#define OWED_MAX_NUMBER_DIGITS 40

typedef enum owed_round_mode {
    OWED_ROUND_HALF_UP = 0, /* nearest; ties away from zero (commercial rounding) */
    OWED_ROUND_HALF_EVEN,   /* nearest; ties to the even multiple (banker's rounding) */
    OWED_ROUND_DOWN,        /* toward zero (truncation) */
    OWED_ROUND_UP,          /* away from zero */
    OWED_ROUND_FLOOR,       /* toward minus infinity */
    OWED_ROUND_CEILING      /* toward plus infinity */
} owed_round_mode;

/* Parses an optionally signed decimal: "-12", "1234.5", ".5" is refused (a digit must
 * come before the point), no exponent, no thousands separators, no spaces.
 * `max_fraction_digits` < 0 means no limit beyond OWED_MAX_NUMBER_DIGITS.
 * "-0" parses as zero.  `what` names the field in the message ("amount", "rate"). */
owed_status owed_decimal_parse(mpq_t out, const char *text, int max_fraction_digits,
                               const char *what, const char *file, long line, owed_error *err);

/* Parses a decimal or a fraction of two decimals "a/b" (b non-zero), e.g. "3/365". */
owed_status owed_number_parse(mpq_t out, const char *text, const char *what, const char *file,
                              long line, owed_error *err);

/* out = in rounded to a whole multiple of `unit` (> 0) by `mode`.  out may alias in. */
void owed_round(mpq_t out, const mpq_t in, const mpq_t unit, owed_round_mode mode);

/* out = in rounded to `decimals` digits after the point. */
void owed_round_decimals(mpq_t out, const mpq_t in, unsigned decimals, owed_round_mode mode);

/* Decimal text of `in` rounded to `decimals` digits by `mode` ("-12.30" for decimals 2).
 * Returns a string the caller frees with free(), or NULL when memory runs out. */
char *owed_decimal_format(const mpq_t in, unsigned decimals, owed_round_mode mode);

/* owed_decimal_format's text written at buf (size bytes), for a value whose numerator and
 * denominator fit a machine word each (all money in practice).  Returns its length, the
 * NUL not counted; 0, with nothing written, when the value does not fit or the text would
 * not fit in size bytes (owed_decimal_format then gives it). */
size_t owed_decimal_format_to(char *buf, size_t size, const mpq_t in, unsigned decimals,
                              owed_round_mode mode);

/* owed_decimal_format's text of units / 10^decimals (a value already at `decimals` digits,
 * exact: nothing rounded), '-' before it when negative and units != 0, written at buf (size
 * bytes) as owed_decimal_format_to writes it.  Returns its length, the NUL not counted; 0,
 * with nothing written, when the text would not fit in size bytes. */
size_t owed_decimal_units_to(char *buf, size_t size, uint64_t units, int negative,
                             unsigned decimals);

/* owed_decimal_format's text of a value already at `decimals` digits: `digits` (len of
 * them, at least one) its magnitude in units of 10^-decimals, `negative` its sign.  Returns a
 * string the caller frees with free(), or NULL when memory runs out. */
char *owed_decimal_text(const char *digits, size_t len, int negative, unsigned decimals);

/* The decimal digits of w, written backwards ending at `end` (room for 20 before it),
 * two at a time; returns their start.  No NUL is written. */
char *owed_u64_digits(uint64_t w, char *end);

/* The exact value: "a/b" in lowest terms, or "a" when the denominator is 1; a finite
 * decimal expansion is given as a decimal ("0.3", "-1234.5").  Caller frees. */
char *owed_exact_format(const mpq_t in);

/* 1 when the value has a finite decimal expansion. */
int owed_is_finite_decimal(const mpq_t in);

const char *owed_round_mode_name(owed_round_mode mode);
int owed_round_mode_parse(const char *text, owed_round_mode *out); /* 0 on success */

/* The rounding of amounts as they are posted, as case and regime files name it (rounding=):
 * "half-up", "half-even", "down", "up", and "truncate", the word of recalculation sheets for
 * down; not floor or ceiling (no amount posted is below zero, so they would be down and up
 * again).  0 on success. */
int owed_posting_round_parse(const char *text, owed_round_mode *out);

/* The quick path of a parse: the `len` bytes at `text`, a decimal of no sign (digits, then
 * a point and digits or not), divided by 10^places, into out in lowest terms, and 1 --
 * when it is that and short enough to read in words (digits and places together 19 at most,
 * 9 where a long has 32 bits; its digits within the digits limit).  0 otherwise, out
 * untouched: the caller parses the text the usual way, which says what is wrong with it. */
int owed_decimal_parse_quick(mpq_t out, const char *text, size_t len, unsigned places);

/* owed_decimal_parse_quick, but 0 too when the fraction has more than max_fraction digits,
 * and with the digits limit in force given (owed_limit_get(OWED_LIMIT_DIGITS,
 * OWED_MAX_NUMBER_DIGITS)), by a reader that reads many numbers in one scope. */
int owed_decimal_parse_quick_within(mpq_t out, const char *text, size_t len, unsigned places,
                                    size_t max_fraction, long max_digits);

#endif
