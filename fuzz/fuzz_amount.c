/* Fuzz target: amounts and decimals (owed_decimal_parse, owed_number_parse,
 * owed_money_parse), with round trips through the formatters and the rounding modes.
 * Input: one option byte, then the text. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "fuzz_common.h"
#include "money.h"
#include "number.h"

static const char *const currencies[] = {"CNY", "JPY", "GBP", "USD", "EUR", "HKD", "KRW"};

static void check_round(const mpq_t v, unsigned decimals)
{
    static const owed_round_mode modes[] = {OWED_ROUND_HALF_UP, OWED_ROUND_HALF_EVEN,
                                            OWED_ROUND_DOWN,    OWED_ROUND_UP,
                                            OWED_ROUND_FLOOR,   OWED_ROUND_CEILING};
    mpq_t r, diff, unit;
    mpq_inits(r, diff, unit, NULL);
    mpz_ui_pow_ui(mpq_denref(unit), 10, decimals);
    mpz_set_ui(mpq_numref(unit), 1);
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        owed_round_decimals(r, v, decimals, modes[m]);
        mpq_sub(diff, r, v);
        mpq_abs(diff, diff);
        FUZZ_ASSERT(mpq_cmp(diff, unit) < 0); /* within one unit */
        if (modes[m] == OWED_ROUND_FLOOR) {
            mpq_sub(diff, v, r);
            FUZZ_ASSERT(mpq_sgn(diff) >= 0);
        } else if (modes[m] == OWED_ROUND_CEILING) {
            mpq_sub(diff, r, v);
            FUZZ_ASSERT(mpq_sgn(diff) >= 0);
        }
        char *s = owed_decimal_format(v, decimals, modes[m]);
        FUZZ_ASSERT(s != NULL);
        /* the formatted text is the rounded value */
        mpq_t back;
        mpq_init(back);
        owed_error err;
        owed_error_clear(&err);
        if (owed_decimal_parse(back, s, -1, "x", "", 0, &err) == OWED_OK)
            FUZZ_ASSERT(mpq_equal(back, r));
        else
            FUZZ_ASSERT(err.code == OWED_E_LIMIT); /* more digits than allowed is fine */
        mpq_clear(back);
        free(s);
    }
    mpq_clears(r, diff, unit, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    char *text = fuzz_string(data + 1, size - 1);
    if (text == NULL)
        return 0;
    mpq_t v, back;
    mpq_inits(v, back, NULL);
    owed_error err;

    /* a plain decimal, with or without a limit on decimals */
    int max_frac = (opt & 0x80) ? (int)(opt & 7) : -1;
    owed_error_clear(&err);
    if (owed_decimal_parse(v, text, max_frac, "amount", "f.xml", 3, &err) == OWED_OK) {
        FUZZ_ASSERT(owed_is_finite_decimal(v));
        char *s = owed_exact_format(v);
        FUZZ_ASSERT(s != NULL);
        owed_error_clear(&err);
        FUZZ_ASSERT(owed_decimal_parse(back, s, -1, "x", "", 0, &err) == OWED_OK);
        FUZZ_ASSERT(mpq_equal(back, v));
        free(s);
        check_round(v, opt & 3);
    } else {
        fuzz_check_error(&err, 1);
    }

    /* a decimal or a fraction a/b */
    owed_error_clear(&err);
    if (owed_number_parse(v, text, "rate", "f.xml", 3, &err) == OWED_OK) {
        char *s = owed_exact_format(v);
        FUZZ_ASSERT(s != NULL);
        free(s);
        check_round(v, (opt >> 2) & 3);
    } else {
        fuzz_check_error(&err, 1);
    }

    /* money in a currency */
    owed_currency cur;
    FUZZ_ASSERT(owed_currency_lookup(currencies[(opt >> 4) % 7], &cur) == 0);
    int allow_negative = (opt >> 3) & 1;
    owed_error_clear(&err);
    if (owed_money_parse(v, text, &cur, allow_negative, "f.xml", 3, &err) == OWED_OK) {
        FUZZ_ASSERT(allow_negative || mpq_sgn(v) >= 0);
        char *s = owed_money_format(v, &cur);
        FUZZ_ASSERT(s != NULL);
        owed_error_clear(&err);
        /* no more decimals than the minor unit: the display is exact (unless the zeros it
         * adds take it past the digit limit) */
        if (owed_money_parse(back, s, &cur, 1, "", 0, &err) == OWED_OK)
            FUZZ_ASSERT(mpq_equal(back, v));
        else
            FUZZ_ASSERT(err.code == OWED_E_LIMIT);
        free(s);
    } else {
        fuzz_check_error(&err, 1);
    }

    mpq_clears(v, back, NULL);
    free(text);
    return 0;
}
