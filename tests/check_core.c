/* Unit tests of the exact core: numbers and rounding (number.c), money (money.c), dates and
 * day counts (date.c), rates and accrual (rate.c).
 *
 * Every expected value is written down by hand, with the computation in a comment where it is
 * not obvious.  No binary floating point is used anywhere: expected values are built with
 * mpq_set_si / mpq_set_str on integers, never from a double. */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "ledger.h"
#include "money.h"
#include "number.h"
#include "rate.h"

/* ------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------ */

static const owed_round_mode all_modes[] = {OWED_ROUND_HALF_UP, OWED_ROUND_HALF_EVEN,
                                            OWED_ROUND_DOWN,    OWED_ROUND_UP,
                                            OWED_ROUND_FLOOR,   OWED_ROUND_CEILING};
#define N_MODES (sizeof all_modes / sizeof all_modes[0])

/* Sets q to the exact rational written "a/b" or "a" (integers only; GMP's own reader, which is
 * independent of the parser under test). */
static void q_exact(mpq_t q, const char *rational)
{
    ck_assert_msg(mpq_set_str(q, rational, 10) == 0, "bad test literal '%s'", rational);
    mpq_canonicalize(q);
}

/* Asserts that q equals the exact rational "a/b". */
#define ck_assert_q_eq(q, rational)                                                            \
    do {                                                                                       \
        mpq_t want_;                                                                           \
        mpq_init(want_);                                                                       \
        q_exact(want_, rational);                                                              \
        int eq_ = mpq_equal(q, want_);                                                         \
        char *got_ = mpq_get_str(NULL, 10, q);                                                 \
        char got_copy_[256];                                                                   \
        snprintf(got_copy_, sizeof got_copy_, "%s", got_);                                     \
        free_gmp_string(got_);                                                                 \
        mpq_clear(want_);                                                                      \
        ck_assert_msg(eq_, "expected %s, got %s", rational, got_copy_);                        \
    } while (0)

static void free_gmp_string(char *s)
{
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(s, strlen(s) + 1);
}

/* Asserts that an allocated string equals `want`, then frees it. */
#define ck_assert_owned_str(expr, want)                                                        \
    do {                                                                                       \
        char *s_ = (expr);                                                                     \
        ck_assert_ptr_nonnull(s_);                                                             \
        char copy_[512];                                                                       \
        snprintf(copy_, sizeof copy_, "%s", s_);                                               \
        free(s_);                                                                              \
        ck_assert_str_eq(copy_, want);                                                         \
    } while (0)

/* Parses `text` with owed_number_parse, which must succeed. */
static void q_parse(mpq_t q, const char *text)
{
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_number_parse(q, text, "test", "t.xml", 1, &err);
    ck_assert_msg(st == OWED_OK, "'%s' did not parse: %s", text, err.text);
}

static owed_date d_parse(const char *text)
{
    owed_date d = 0;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_date_parse(&d, text, "t.xml", 1, &err) == OWED_OK, "date '%s': %s", text,
                  err.text);
    return d;
}

static owed_currency currency(const char *code)
{
    owed_currency cur;
    memset(&cur, 0, sizeof cur);
    ck_assert_int_eq(owed_currency_lookup(code, &cur), 0);
    return cur;
}

/* ------------------------------------------------------------------------------------------
 * Decimal parsing
 * ------------------------------------------------------------------------------------------ */

START_TEST(test_decimal_sum_is_exact)
{
    mpq_t a, b, want;
    mpq_inits(a, b, want, NULL);
    ck_assert_int_eq(owed_decimal_parse(a, "0.1", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_int_eq(owed_decimal_parse(b, "0.2", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(a, "1/10");
    ck_assert_q_eq(b, "1/5");
    mpq_add(a, a, b);
    mpq_set_ui(want, 3, 10);
    ck_assert(mpq_equal(a, want));
    ck_assert_owned_str(owed_exact_format(a), "0.3");
    /* And "0.3" read directly is the same number. */
    ck_assert_int_eq(owed_decimal_parse(b, "0.3", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert(mpq_equal(a, b));
    mpq_clears(a, b, want, NULL);
}
END_TEST

START_TEST(test_decimal_not_binary)
{
    /* Amounts that have no finite binary expansion come out exact. */
    static const struct {
        const char *text, *exact;
    } cases[] = {
        {"0.1", "1/10"},
        {"1234.56", "30864/25"}, /* 123456/100 = 30864/25 */
        {"0.07", "7/100"},
        {"2.675", "107/40"}, /* 2675/1000 */
        {"600.005", "120001/200"},
        {"0.000001", "1/1000000"},
        {"12", "12"},
        {"007", "7"},
        {"0.500", "1/2"},
        {"-1234.5", "-2469/2"},
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(owed_decimal_parse(q, cases[i].text, -1, "x", "", 0, NULL) == OWED_OK,
                      "%s", cases[i].text);
        ck_assert_q_eq(q, cases[i].exact);
    }
    mpq_clear(q);
}
END_TEST

START_TEST(test_decimal_signs)
{
    mpq_t q;
    mpq_init(q);
    ck_assert_int_eq(owed_decimal_parse(q, "-0", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_int_eq(mpq_sgn(q), 0);
    ck_assert_owned_str(owed_exact_format(q), "0");
    ck_assert_int_eq(owed_decimal_parse(q, "-0.00", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_int_eq(mpq_sgn(q), 0);
    ck_assert_owned_str(owed_decimal_format(q, 2, OWED_ROUND_HALF_UP), "0.00");
    ck_assert_int_eq(owed_decimal_parse(q, "+5", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "5");
    ck_assert_int_eq(owed_decimal_parse(q, "+0.5", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "1/2");
    ck_assert_int_eq(owed_decimal_parse(q, "-12", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "-12");
    ck_assert_int_eq(owed_decimal_parse(q, "-0.07", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "-7/100");
    mpq_clear(q);
}
END_TEST

START_TEST(test_decimal_rejects)
{
    static const char *bad[] = {
        "",    ".5",   "5.",   "1e3", "1E3",  "1,000", " 1",   "1 ",   "0x10", "--1", "+-1",
        "-+1", "-",    "+",    ".",   "1.2.3", "-.5",  "1_000", "1/2", "abc",  "1-", "1.5%",
        "∞",   "1.\n", "\t1",  "0.5 ", "12a",
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_error err;
        owed_error_clear(&err);
        mpq_set_ui(q, 42, 1);
        owed_status st = owed_decimal_parse(q, bad[i], -1, "amount", "case.xml", 17, &err);
        ck_assert_msg(st == OWED_E_SYNTAX, "'%s' gave status %d", bad[i], (int)st);
        ck_assert_int_eq(err.code, OWED_E_SYNTAX);
        ck_assert_str_eq(err.file, "case.xml");
        ck_assert_int_eq(err.line, 17);
        ck_assert_msg(strstr(err.text, "amount") != NULL, "message names the field: %s",
                      err.text);
        /* With no error record the status is the same and nothing crashes. */
        ck_assert_int_eq(owed_decimal_parse(q, bad[i], -1, "amount", NULL, 0, NULL),
                         OWED_E_SYNTAX);
    }
    /* A NULL text is refused, not dereferenced. */
    ck_assert_int_eq(owed_decimal_parse(q, NULL, -1, "amount", NULL, 0, NULL), OWED_E_SYNTAX);
    mpq_clear(q);
}
END_TEST

START_TEST(test_decimal_success_leaves_error_untouched)
{
    mpq_t q;
    mpq_init(q);
    owed_error err;
    owed_error_clear(&err);
    err.code = OWED_E_IO;
    err.line = 99;
    ck_assert_int_eq(owed_decimal_parse(q, "1.5", -1, "x", "f", 1, &err), OWED_OK);
    ck_assert_int_eq(err.code, OWED_E_IO);
    ck_assert_int_eq(err.line, 99);
    mpq_clear(q);
}
END_TEST

START_TEST(test_decimal_digit_limit)
{
    /* 40 digits are accepted, 41 are OWED_E_LIMIT; integer and fraction digits count together. */
    static const char forty[] = "1234567890123456789012345678901234567890";
    char text[64];
    mpq_t q, want;
    mpq_inits(q, want, NULL);
    owed_error err;
    ck_assert_int_eq(strlen(forty), 40);

    ck_assert_int_eq(owed_decimal_parse(q, forty, -1, "x", "", 0, NULL), OWED_OK);
    mpz_set_str(mpq_numref(want), forty, 10);
    mpz_set_ui(mpq_denref(want), 1);
    ck_assert(mpq_equal(q, want));

    snprintf(text, sizeof text, "-%s", forty); /* the sign is not a digit */
    ck_assert_int_eq(owed_decimal_parse(q, text, -1, "x", "", 0, NULL), OWED_OK);
    mpq_neg(want, want);
    ck_assert(mpq_equal(q, want));

    snprintf(text, sizeof text, "%s1", forty); /* 41 digits */
    owed_error_clear(&err);
    ck_assert_int_eq(owed_decimal_parse(q, text, -1, "x", "f", 3, &err), OWED_E_LIMIT);
    ck_assert_int_eq(err.code, OWED_E_LIMIT);
    ck_assert_int_eq(err.line, 3);

    snprintf(text, sizeof text, "0%s", forty); /* a leading zero is still a digit */
    ck_assert_int_eq(owed_decimal_parse(q, text, -1, "x", "", 0, NULL), OWED_E_LIMIT);

    /* 20 + 20 digits around the point: accepted; 21 + 20: refused. */
    ck_assert_int_eq(
        owed_decimal_parse(q, "12345678901234567890.12345678901234567890", -1, "x", "", 0, NULL),
        OWED_OK);
    mpq_set_str(want, "1234567890123456789012345678901234567890/100000000000000000000", 10);
    mpq_canonicalize(want);
    ck_assert(mpq_equal(q, want));
    ck_assert_int_eq(owed_decimal_parse(q, "123456789012345678901.12345678901234567890", -1, "x",
                                        "", 0, NULL),
                     OWED_E_LIMIT);
    ck_assert_int_eq(owed_decimal_parse(q, "1.1234567890123456789012345678901234567890", -1, "x",
                                        "", 0, NULL),
                     OWED_E_LIMIT);
    mpq_clears(q, want, NULL);
}
END_TEST

START_TEST(test_decimal_max_fraction_digits)
{
    mpq_t q;
    mpq_init(q);
    owed_error err;
    ck_assert_int_eq(owed_decimal_parse(q, "1.23", 2, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "123/100");
    ck_assert_int_eq(owed_decimal_parse(q, "1.20", 2, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "6/5");
    ck_assert_int_eq(owed_decimal_parse(q, "1.2", 2, "x", "", 0, NULL), OWED_OK);
    ck_assert_int_eq(owed_decimal_parse(q, "7", 0, "x", "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "7");
    owed_error_clear(&err);
    ck_assert_int_eq(owed_decimal_parse(q, "1.234", 2, "x", "f", 5, &err), OWED_E_SYNTAX);
    ck_assert_int_eq(err.line, 5);
    /* Trailing zeros still count as written decimals. */
    ck_assert_int_eq(owed_decimal_parse(q, "1.230", 2, "x", "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_decimal_parse(q, "1.0", 0, "x", "", 0, NULL), OWED_E_SYNTAX);
    /* No limit when negative. */
    ck_assert_int_eq(owed_decimal_parse(q, "0.123456789012345678901234567890", -1, "x", "", 0,
                                        NULL),
                     OWED_OK);
    ck_assert_q_eq(q, "123456789012345678901234567890/1000000000000000000000000000000");
    mpq_clear(q);
}
END_TEST

START_TEST(test_number_parse)
{
    static const struct {
        const char *text, *exact;
    } good[] = {
        {"3/365", "3/365"},
        {"0.05/7", "1/140"}, /* (5/100) / 7 = 5/700 = 1/140 */
        {"6/4", "3/2"},
        {"1.5/0.25", "6"},
        {"0/5", "0"},
        {"0.24", "6/25"},
        {"-1/3", "-1/3"},
        {"12", "12"},
        {"1234567890123456789012345678901234567890/1234567890123456789012345678901234567891",
         "1234567890123456789012345678901234567890/1234567890123456789012345678901234567891"},
    };
    static const struct {
        const char *text;
        owed_status st;
    } bad[] = {
        {"1/0", OWED_E_SYNTAX},
        {"1/0.0", OWED_E_SYNTAX},
        {"1/-0", OWED_E_SYNTAX},
        {"1/", OWED_E_SYNTAX},
        {"/1", OWED_E_SYNTAX},
        {"/", OWED_E_SYNTAX},
        {"1/2/3", OWED_E_SYNTAX},
        {"1 /2", OWED_E_SYNTAX},
        {"1/ 2", OWED_E_SYNTAX},
        {"", OWED_E_SYNTAX},
        {".5/2", OWED_E_SYNTAX},
        {"1e3/2", OWED_E_SYNTAX},
        {"12345678901234567890123456789012345678901/3", OWED_E_LIMIT},
        {"3/12345678901234567890123456789012345678901", OWED_E_LIMIT},
        /* A left side longer than any buffer: too many digits is a limit... */
        {"1234567890123456789012345678901234567890123456789012345678901234567890123456789012345"
         "67890/3",
         OWED_E_LIMIT},
        /* ...but a long left side that is no number at all is a syntax error, not "more than 40
         * digits". */
        {"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde"
         "fghij/3",
         OWED_E_SYNTAX},
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        q_parse(q, good[i].text);
        ck_assert_q_eq(q, good[i].exact);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_error err;
        owed_error_clear(&err);
        owed_status st = owed_number_parse(q, bad[i].text, "rate", "f", 8, &err);
        ck_assert_msg(st == bad[i].st, "'%s' gave %d, want %d", bad[i].text, (int)st,
                      (int)bad[i].st);
        ck_assert_int_eq(err.code, bad[i].st);
        ck_assert_int_eq(err.line, 8);
    }
    ck_assert_int_eq(owed_number_parse(q, NULL, "rate", NULL, 0, NULL), OWED_E_SYNTAX);
    mpq_clear(q);
}
END_TEST

/* ------------------------------------------------------------------------------------------
 * Rounding
 * ------------------------------------------------------------------------------------------ */

typedef struct round_case {
    const char *in;   /* exact rational "a/b" */
    const char *unit; /* exact rational */
    /* Expected result for HALF_UP, HALF_EVEN, DOWN, UP, FLOOR, CEILING, in that order. */
    const char *want[6];
} round_case;

static void run_round_cases(const round_case *cases, size_t n)
{
    mpq_t in, unit, out;
    mpq_inits(in, unit, out, NULL);
    for (size_t i = 0; i < n; i++) {
        q_exact(in, cases[i].in);
        q_exact(unit, cases[i].unit);
        for (size_t m = 0; m < N_MODES; m++) {
            owed_round(out, in, unit, all_modes[m]);
            mpq_t want;
            mpq_init(want);
            q_exact(want, cases[i].want[m]);
            int eq = mpq_equal(out, want);
            mpq_clear(want);
            ck_assert_msg(eq, "round %s to %s by %s: want %s", cases[i].in, cases[i].unit,
                          owed_round_mode_name(all_modes[m]), cases[i].want[m]);
            /* The same with out aliasing in. */
            mpq_set(out, in);
            owed_round(out, out, unit, all_modes[m]);
            mpq_init(want);
            q_exact(want, cases[i].want[m]);
            eq = mpq_equal(out, want);
            mpq_clear(want);
            ck_assert_msg(eq, "aliased round %s to %s by %s", cases[i].in, cases[i].unit,
                          owed_round_mode_name(all_modes[m]));
        }
    }
    mpq_clears(in, unit, out, NULL);
}

START_TEST(test_round_ties)
{
    /*                      half-up  half-even down   up     floor  ceiling */
    static const round_case cases[] = {
        {"5/2", "1", {"3", "2", "2", "3", "2", "3"}},          /* 2.5 */
        {"-5/2", "1", {"-3", "-2", "-2", "-3", "-3", "-2"}},   /* -2.5 */
        {"7/2", "1", {"4", "4", "3", "4", "3", "4"}},          /* 3.5: even is 4 */
        {"-7/2", "1", {"-4", "-4", "-3", "-4", "-4", "-3"}},   /* -3.5 */
        {"1/2", "1", {"1", "0", "0", "1", "0", "1"}},          /* 0.5 */
        {"-1/2", "1", {"-1", "0", "0", "-1", "-1", "0"}},      /* -0.5 */
        /* 0.125 to 0.01: 12.5 hundredths */
        {"1/8", "1/100", {"13/100", "3/25", "3/25", "13/100", "3/25", "13/100"}},
        {"-1/8", "1/100", {"-13/100", "-3/25", "-3/25", "-13/100", "-13/100", "-3/25"}},
        /* 0.135 to 0.01: 13.5 hundredths, even is 14 */
        {"27/200", "1/100", {"7/50", "7/50", "13/100", "7/50", "13/100", "7/50"}},
        /* 0.005 to 0.01 */
        {"1/200", "1/100", {"1/100", "0", "0", "1/100", "0", "1/100"}},
        {"-1/200", "1/100", {"-1/100", "0", "0", "-1/100", "-1/100", "0"}},
    };
    run_round_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_round_non_ties)
{
    static const round_case cases[] = {
        /* 2.4999 */
        {"24999/10000", "1", {"2", "2", "2", "3", "2", "3"}},
        /* 2.5001 */
        {"25001/10000", "1", {"3", "3", "2", "3", "2", "3"}},
        /* -2.5001 */
        {"-25001/10000", "1", {"-3", "-3", "-2", "-3", "-3", "-2"}},
        /* -2.4999 */
        {"-24999/10000", "1", {"-2", "-2", "-2", "-3", "-3", "-2"}},
        /* 1/3 to 0.01 = 0.333..: 0.33 or 0.34 */
        {"1/3", "1/100", {"33/100", "33/100", "33/100", "17/50", "33/100", "17/50"}},
        /* 2/3 to 0.01 = 0.666..: 0.67 or 0.66 */
        {"2/3", "1/100", {"67/100", "67/100", "33/50", "67/100", "33/50", "67/100"}},
        {"-2/3", "1/100", {"-67/100", "-67/100", "-33/50", "-67/100", "-67/100", "-33/50"}},
        /* -0.004 to 0.01: a tiny negative */
        {"-1/250", "1/100", {"0", "0", "0", "-1/100", "-1/100", "0"}},
        /* 0.004 to 0.01 */
        {"1/250", "1/100", {"0", "0", "0", "1/100", "0", "1/100"}},
        /* 661856/3 = 220618.666.. to 1 */
        {"661856/3", "1", {"220619", "220619", "220618", "220619", "220618", "220619"}},
    };
    run_round_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_round_exact_unchanged)
{
    static const round_case cases[] = {
        {"2", "1", {"2", "2", "2", "2", "2", "2"}},
        {"-2", "1", {"-2", "-2", "-2", "-2", "-2", "-2"}},
        {"0", "1", {"0", "0", "0", "0", "0", "0"}},
        {"0", "1/100", {"0", "0", "0", "0", "0", "0"}},
        {"3/25", "1/100", {"3/25", "3/25", "3/25", "3/25", "3/25", "3/25"}}, /* 0.12 */
        {"-3/25", "1/100", {"-3/25", "-3/25", "-3/25", "-3/25", "-3/25", "-3/25"}},
        {"1/20", "1/20", {"1/20", "1/20", "1/20", "1/20", "1/20", "1/20"}},
        {"2/3", "1/3", {"2/3", "2/3", "2/3", "2/3", "2/3", "2/3"}},
        {"123456789012345678901234567890", "1/100",
         {"123456789012345678901234567890", "123456789012345678901234567890",
          "123456789012345678901234567890", "123456789012345678901234567890",
          "123456789012345678901234567890", "123456789012345678901234567890"}},
    };
    run_round_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_round_other_units)
{
    static const round_case cases[] = {
        /* To 0.05: 0.125 = 2.5 twentieths (tie) */
        {"1/8", "1/20", {"3/20", "1/10", "1/10", "3/20", "1/10", "3/20"}},
        /* 0.075 = 1.5 twentieths: even is 2 -> 0.10 */
        {"3/40", "1/20", {"1/10", "1/10", "1/20", "1/10", "1/20", "1/10"}},
        /* 1.02 = 20.4 twentieths -> 1.00 or 1.05 */
        {"51/50", "1/20", {"1", "1", "1", "21/20", "1", "21/20"}},
        /* -1.03 = -20.6 twentieths -> -1.05 or -1.00 */
        {"-103/100", "1/20", {"-21/20", "-21/20", "-1", "-21/20", "-21/20", "-1"}},
        /* To 1/3: 1/2 = 1.5 thirds (tie; even multiple is 2/3) */
        {"1/2", "1/3", {"2/3", "2/3", "1/3", "2/3", "1/3", "2/3"}},
        /* 1/6 = 0.5 thirds (tie; even multiple is 0) */
        {"1/6", "1/3", {"1/3", "0", "0", "1/3", "0", "1/3"}},
        {"-1/6", "1/3", {"-1/3", "0", "0", "-1/3", "-1/3", "0"}},
        /* 0.4 = 1.2 thirds */
        {"2/5", "1/3", {"1/3", "1/3", "1/3", "2/3", "1/3", "2/3"}},
        /* To 100: 250 is a tie, 251 is not */
        {"250", "100", {"300", "200", "200", "300", "200", "300"}},
        {"251", "100", {"300", "300", "200", "300", "200", "300"}},
        {"-350", "100", {"-400", "-400", "-300", "-400", "-400", "-300"}},
    };
    run_round_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_round_decimals)
{
    mpq_t in, out;
    mpq_inits(in, out, NULL);
    q_exact(in, "12345678/10000"); /* 1234.5678 */
    owed_round_decimals(out, in, 2, OWED_ROUND_HALF_UP);
    ck_assert_q_eq(out, "123457/100");
    owed_round_decimals(out, in, 0, OWED_ROUND_HALF_UP);
    ck_assert_q_eq(out, "1235");
    owed_round_decimals(out, in, 0, OWED_ROUND_DOWN);
    ck_assert_q_eq(out, "1234");
    owed_round_decimals(out, in, 4, OWED_ROUND_UP);
    ck_assert_q_eq(out, "12345678/10000");
    mpq_neg(in, in);
    owed_round_decimals(out, in, 3, OWED_ROUND_HALF_EVEN);
    ck_assert_q_eq(out, "-1234568/1000");
    owed_round_decimals(out, in, 1, OWED_ROUND_CEILING);
    ck_assert_q_eq(out, "-12345/10");
    owed_round_decimals(in, in, 1, OWED_ROUND_FLOOR); /* aliasing */
    ck_assert_q_eq(in, "-12346/10");
    mpq_clears(in, out, NULL);
}
END_TEST

/* ------------------------------------------------------------------------------------------
 * Formatting
 * ------------------------------------------------------------------------------------------ */

START_TEST(test_decimal_format)
{
    static const struct {
        const char *in;
        unsigned decimals;
        owed_round_mode mode;
        const char *want;
    } cases[] = {
        {"-123/10", 2, OWED_ROUND_HALF_UP, "-12.30"},
        {"1/20", 2, OWED_ROUND_HALF_UP, "0.05"},
        {"1/20", 1, OWED_ROUND_HALF_UP, "0.1"},
        {"1/20", 1, OWED_ROUND_HALF_EVEN, "0.0"},
        {"1/200", 2, OWED_ROUND_HALF_UP, "0.01"},
        {"1/10000", 4, OWED_ROUND_HALF_UP, "0.0001"},
        {"1/10000", 3, OWED_ROUND_HALF_UP, "0.000"},
        {"0", 3, OWED_ROUND_HALF_UP, "0.000"},
        {"0", 0, OWED_ROUND_HALF_UP, "0"},
        {"123", 0, OWED_ROUND_HALF_UP, "123"},
        {"-7", 1, OWED_ROUND_HALF_UP, "-7.0"},
        {"2469/2", 0, OWED_ROUND_HALF_EVEN, "1234"},
        {"2469/2", 0, OWED_ROUND_HALF_UP, "1235"},
        {"1/3", 5, OWED_ROUND_HALF_UP, "0.33333"},
        {"2/3", 5, OWED_ROUND_HALF_UP, "0.66667"},
        {"-2/3", 5, OWED_ROUND_DOWN, "-0.66666"},
        {"107/40", 2, OWED_ROUND_HALF_UP, "2.68"},   /* 2.675: the classic binary trap */
        {"107/40", 2, OWED_ROUND_HALF_EVEN, "2.68"}, /* 267.5 hundredths, 268 is even */
        {"661856/3", 2, OWED_ROUND_HALF_UP, "220618.67"},
        {"99999/1000", 2, OWED_ROUND_HALF_UP, "100.00"}, /* 99.999: carry through every digit */
        {"-99999/1000", 2, OWED_ROUND_HALF_UP, "-100.00"},
        {"9/10", 0, OWED_ROUND_HALF_UP, "1"},
        /* Tiny negatives that round to zero print without a sign. */
        {"-1/250", 2, OWED_ROUND_HALF_UP, "0.00"},    /* -0.004 */
        {"-1/250", 2, OWED_ROUND_HALF_EVEN, "0.00"},
        {"-1/250", 2, OWED_ROUND_DOWN, "0.00"},
        {"-1/250", 2, OWED_ROUND_CEILING, "0.00"},
        {"-1/250", 2, OWED_ROUND_FLOOR, "-0.01"},
        {"-1/250", 2, OWED_ROUND_UP, "-0.01"},
        {"-1/200", 2, OWED_ROUND_HALF_EVEN, "0.00"},  /* -0.005, tie to even 0 */
        {"-1/200", 2, OWED_ROUND_HALF_UP, "-0.01"},   /* -0.005, tie away from zero */
        {"-2/5", 0, OWED_ROUND_HALF_UP, "0"},
        {"-1/2", 0, OWED_ROUND_HALF_UP, "-1"},
        {"-1/2", 0, OWED_ROUND_HALF_EVEN, "0"},
        /* Large: 10^30 + 0.005 */
        {"200000000000000000000000000000001/200", 2, OWED_ROUND_HALF_UP,
         "1000000000000000000000000000000.01"},
        {"-200000000000000000000000000000001/200", 2, OWED_ROUND_HALF_UP,
         "-1000000000000000000000000000000.01"},
        {"200000000000000000000000000000001/200", 2, OWED_ROUND_DOWN,
         "1000000000000000000000000000000.00"},
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        q_exact(q, cases[i].in);
        char *s = owed_decimal_format(q, cases[i].decimals, cases[i].mode);
        ck_assert_ptr_nonnull(s);
        char got[128];
        snprintf(got, sizeof got, "%s", s);
        free(s);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "format %s to %u by %s: got %s, want %s",
                      cases[i].in, cases[i].decimals, owed_round_mode_name(cases[i].mode), got,
                      cases[i].want);
    }
    mpq_clear(q);
}
END_TEST

START_TEST(test_decimal_format_agrees_with_round)
{
    /* For every k/1000 in [-2, 2] and every mode: the text has exactly 2 decimals, never reads
     * "-0.00", and parses back to owed_round_decimals of the value. */
    mpq_t q, r, back;
    mpq_inits(q, r, back, NULL);
    for (long k = -2000; k <= 2000; k++) {
        mpq_set_si(q, k, 1000);
        mpq_canonicalize(q);
        for (size_t m = 0; m < N_MODES; m++) {
            char *s = owed_decimal_format(q, 2, all_modes[m]);
            ck_assert_ptr_nonnull(s);
            char text[64];
            snprintf(text, sizeof text, "%s", s);
            free(s);
            ck_assert_msg(strcmp(text, "-0.00") != 0, "k=%ld mode %s printed -0.00", k,
                          owed_round_mode_name(all_modes[m]));
            const char *point = strchr(text, '.');
            ck_assert_ptr_nonnull(point);
            ck_assert_int_eq(strlen(point + 1), 2);
            ck_assert_int_eq(owed_decimal_parse(back, text, 2, "x", "", 0, NULL), OWED_OK);
            owed_round_decimals(r, q, 2, all_modes[m]);
            ck_assert_msg(mpq_equal(back, r), "k=%ld mode %s: '%s'", k,
                          owed_round_mode_name(all_modes[m]), text);
        }
    }
    mpq_clears(q, r, back, NULL);
}
END_TEST

START_TEST(test_decimal_format_word_edges)
{
    /* Numerators and denominators at the edges of a machine word (where owed_decimal_format
     * changes from words to GMP), 0 to 18 decimals, every mode: the text has exactly the
     * decimals asked, never a "-0", and parses back to owed_round_decimals of the value. */
    static const char *const nums[] = {
        "9223372036854775807", "-9223372036854775808", "-9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "4611686018427387905",
        "999999999999999999", "-999999999999999999", "1", "-1", "7", "-5", "123456789012345",
        "18446744073709551615", "-18446744073709551615", "1844674407370955162",
        "-1844674407370955162",
        /* two limbs (the sums of amounts over long denominators), at most 20 digits so
           that the text (up to 19 decimals) stays within the digits a number may have */
        "-20347881484774364347", "55064625848607402384", "36893488147419103233",
        "-99999999999999999999"};
    static const char *const dens[] = {
        "1", "3", "7", "200", "4294967297", "18446744073709551615", "18446744073709551613",
        "1000000000000000009", "9223372036854775808", "18446744073709551616",
        "141991205000000000", "1295669745625000000000", "36893488147419103233",
        "340282366920938463463374607431768211456"};
    static const unsigned decimals[] = {0, 2, 5, 17, 18, 19};
    mpq_t q, r, back;
    mpq_inits(q, r, back, NULL);
    for (size_t n = 0; n < sizeof nums / sizeof nums[0]; n++)
        for (size_t d = 0; d < sizeof dens / sizeof dens[0]; d++)
            for (size_t k = 0; k < sizeof decimals / sizeof decimals[0]; k++)
                for (size_t m = 0; m < N_MODES; m++) {
                    ck_assert_int_eq(mpz_set_str(mpq_numref(q), nums[n], 10), 0);
                    ck_assert_int_eq(mpz_set_str(mpq_denref(q), dens[d], 10), 0);
                    mpq_canonicalize(q);
                    char *s = owed_decimal_format(q, decimals[k], all_modes[m]);
                    ck_assert_ptr_nonnull(s);
                    char text[128];
                    snprintf(text, sizeof text, "%s", s);
                    free(s);
                    const char *what = owed_round_mode_name(all_modes[m]);
                    /* the text written in place, when the value fits words: the same */
                    char in_place[128];
                    size_t len = owed_decimal_format_to(in_place, sizeof in_place, q,
                                                        decimals[k], all_modes[m]);
                    if (len > 0) {
                        ck_assert_str_eq(in_place, text);
                        ck_assert_uint_eq(len, strlen(text));
                        ck_assert_uint_eq(owed_decimal_format_to(in_place, len, q, decimals[k],
                                                                 all_modes[m]),
                                          0); /* no room for the NUL */
                    } else
                        ck_assert(decimals[k] > 18 || mpz_size(mpq_numref(q)) > 1 ||
                                  mpz_size(mpq_denref(q)) > 1);
                    ck_assert_msg(strncmp(text, "-0", 2) != 0 || strspn(text + 1, "0.") !=
                                      strlen(text + 1),
                                  "%s/%s to %u by %s printed %s", nums[n], dens[d],
                                  decimals[k], what, text);
                    const char *point = strchr(text, '.');
                    if (decimals[k] == 0)
                        ck_assert_ptr_null(point);
                    else {
                        ck_assert_ptr_nonnull(point);
                        ck_assert_uint_eq(strlen(point + 1), decimals[k]);
                    }
                    ck_assert_int_eq(owed_decimal_parse(back, text, -1, "x", "", 0, NULL),
                                     OWED_OK);
                    owed_round_decimals(r, q, decimals[k], all_modes[m]);
                    ck_assert_msg(mpq_equal(back, r), "%s/%s to %u by %s: '%s'", nums[n],
                                  dens[d], decimals[k], what, text);
                }
    mpq_clears(q, r, back, NULL);
}
END_TEST

START_TEST(test_exact_format)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"7407407/6000", "7407407/6000"}, /* 6000 = 2^4 3 5^3: not a finite decimal */
        {"1/3", "1/3"},
        {"-1/3", "-1/3"},
        {"100/7", "100/7"},
        {"661856/3", "661856/3"},
        {"29030848/365", "29030848/365"},
        {"3/10", "0.3"},
        {"-2469/2", "-1234.5"},
        {"12", "12"},
        {"-12", "-12"},
        {"0", "0"},
        {"1/8", "0.125"},
        {"1/40", "0.025"},
        {"-1/1024", "-0.0009765625"},
        {"30864/25", "1234.56"},
        {"63/2", "31.5"},
        {"1000000000000000000000000000000", "1000000000000000000000000000000"},
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        q_exact(q, cases[i].in);
        char *s = owed_exact_format(q);
        ck_assert_ptr_nonnull(s);
        char got[128];
        snprintf(got, sizeof got, "%s", s);
        free(s);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "exact %s: got %s, want %s", cases[i].in,
                      got, cases[i].want);
        /* The exact text reads back to the same value. */
        mpq_t back;
        mpq_init(back);
        ck_assert_int_eq(owed_number_parse(back, got, "x", "", 0, NULL), OWED_OK);
        int eq = mpq_equal(back, q);
        mpq_clear(back);
        ck_assert_msg(eq, "exact text %s does not read back", got);
    }
    mpq_clear(q);
}
END_TEST

START_TEST(test_is_finite_decimal)
{
    static const struct {
        const char *in;
        int finite;
    } cases[] = {
        {"0", 1},     {"5", 1},      {"3/10", 1},    {"1/1024", 1}, {"-7/625", 1},
        {"1/3", 0},   {"-1/6", 0},   {"1/7", 0},     {"3/365", 0},  {"7407407/6000", 0},
        {"6/3", 1},   /* = 2 */
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        q_exact(q, cases[i].in);
        ck_assert_msg(owed_is_finite_decimal(q) == cases[i].finite, "%s", cases[i].in);
    }
    mpq_clear(q);
}
END_TEST

START_TEST(test_round_mode_names)
{
    static const char *names[] = {"half-up", "half-even", "down", "up", "floor", "ceiling"};
    for (size_t m = 0; m < N_MODES; m++) {
        ck_assert_str_eq(owed_round_mode_name(all_modes[m]), names[m]);
        owed_round_mode back = (owed_round_mode)-1;
        ck_assert_int_eq(owed_round_mode_parse(names[m], &back), 0);
        ck_assert_int_eq(back, all_modes[m]);
    }
    static const char *bad[] = {"", "HALF-UP", "half_up", "halfup", "half-up ", "nearest",
                                "truncate"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_round_mode back = OWED_ROUND_CEILING;
        ck_assert_msg(owed_round_mode_parse(bad[i], &back) != 0, "'%s' accepted", bad[i]);
        ck_assert_int_eq(back, OWED_ROUND_CEILING);
    }
}
END_TEST

/* rounding= of case and regime files: four modes of number.h, and truncate for down. */
START_TEST(test_posting_round_names)
{
    static const struct {
        const char *name;
        owed_round_mode mode;
    } good[] = {{"half-up", OWED_ROUND_HALF_UP}, {"half-even", OWED_ROUND_HALF_EVEN},
                {"down", OWED_ROUND_DOWN},       {"up", OWED_ROUND_UP},
                {"truncate", OWED_ROUND_DOWN}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        owed_round_mode back = OWED_ROUND_CEILING;
        ck_assert_int_eq(owed_posting_round_parse(good[i].name, &back), 0);
        ck_assert_int_eq(back, good[i].mode);
    }
    static const char *bad[] = {"floor", "ceiling", "", "Truncate", "truncate "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_round_mode back = OWED_ROUND_CEILING;
        ck_assert_msg(owed_posting_round_parse(bad[i], &back) != 0, "'%s' accepted", bad[i]);
        ck_assert_int_eq(back, OWED_ROUND_CEILING);
    }
}
END_TEST

/* ------------------------------------------------------------------------------------------
 * Money
 * ------------------------------------------------------------------------------------------ */

START_TEST(test_currency_lookup)
{
    static const struct {
        const char *code;
        unsigned minor;
    } known[] = {{"CNY", 2}, {"JPY", 0}, {"GBP", 2}, {"USD", 2},
                 {"EUR", 2}, {"HKD", 2}, {"KRW", 0}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        owed_currency cur;
        memset(&cur, 0, sizeof cur);
        ck_assert_int_eq(owed_currency_lookup(known[i].code, &cur), 0);
        ck_assert_str_eq(cur.code, known[i].code);
        ck_assert_uint_eq(cur.minor_units, known[i].minor);
    }
    static const char *unknown[] = {"XXX", "cny", "CN", "CNYX", "", " CNY", "BTC"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        owed_currency cur = {"ZZZ", 7};
        ck_assert_msg(owed_currency_lookup(unknown[i], &cur) != 0, "'%s'", unknown[i]);
        ck_assert_str_eq(cur.code, "ZZZ"); /* untouched */
    }
    owed_currency cur;
    ck_assert_int_ne(owed_currency_lookup(NULL, &cur), 0);
}
END_TEST

START_TEST(test_money_parse_cny)
{
    owed_currency cny = currency("CNY");
    mpq_t q;
    mpq_init(q);
    owed_error err;
    ck_assert_int_eq(owed_money_parse(q, "600.00", &cny, 0, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "600");
    ck_assert_int_eq(owed_money_parse(q, "600.5", &cny, 0, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "1201/2");
    ck_assert_int_eq(owed_money_parse(q, "0.01", &cny, 0, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "1/100");
    ck_assert_int_eq(owed_money_parse(q, "688000", &cny, 0, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "688000");
    owed_error_clear(&err);
    ck_assert_int_eq(owed_money_parse(q, "600.005", &cny, 0, "case.xml", 12, &err),
                     OWED_E_SYNTAX);
    ck_assert_int_eq(err.line, 12);
    ck_assert_str_eq(err.file, "case.xml");
    ck_assert_int_eq(owed_money_parse(q, "600.005", &cny, 1, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "1,000.00", &cny, 0, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "", &cny, 0, "", 0, NULL), OWED_E_SYNTAX);
    /* Negatives: refused unless allowed; "-0" is zero, not negative. */
    owed_error_clear(&err);
    ck_assert_int_eq(owed_money_parse(q, "-5", &cny, 0, "f", 2, &err), OWED_E_SYNTAX);
    ck_assert_int_eq(err.code, OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "-0.01", &cny, 0, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "-5.25", &cny, 1, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "-21/4");
    ck_assert_int_eq(owed_money_parse(q, "-0", &cny, 0, "", 0, NULL), OWED_OK);
    ck_assert_int_eq(mpq_sgn(q), 0);
    ck_assert_int_eq(owed_money_parse(q, "+5", &cny, 0, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "5");
    mpq_clear(q);
}
END_TEST

START_TEST(test_money_parse_jpy)
{
    owed_currency jpy = currency("JPY");
    mpq_t q;
    mpq_init(q);
    ck_assert_int_eq(owed_money_parse(q, "100", &jpy, 0, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "100");
    ck_assert_int_eq(owed_money_parse(q, "100.5", &jpy, 0, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "100.0", &jpy, 0, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "100.", &jpy, 0, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "-100", &jpy, 0, "", 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_money_parse(q, "-100", &jpy, 1, "", 0, NULL), OWED_OK);
    ck_assert_q_eq(q, "-100");
    mpq_clear(q);
}
END_TEST

/* owed_money_parse reads the usual amount in words and leaves the rest to
 * owed_decimal_parse: both ways must give the same value, or the same refusal with the same
 * message, for amounts on either side of each limit of the quick way (the decimal places,
 * 19 digits in a word, a sign, a point with no digits). */
START_TEST(test_money_parse_quick_is_decimal_parse)
{
    static const char *const texts[] = {
        "0", "00", "007", "0.1", "0.10", "1500.00", "2039.90", "99.5", "600.005", "1.2.3",
        "5.", ".5", "", "1e5", "12.3%", " 12", "12 ", "+5", "-0", "-5",
        "12345678901234567.89", "1234567890123456789", "123456789012345678.9",
        "1234567890123456789.01", "12345678901234567890", "99999999999999999999999999999999.99",
        "1234567890123456789012345678901234567890", "12345678901234567890123456789012345678901",
    };
    static const char *const codes[] = {"CNY", "JPY"};
    mpq_t got, want;
    mpq_inits(got, want, NULL);
    for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
        owed_currency cur = currency(codes[c]);
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            owed_error e1, e2;
            owed_error_clear(&e1);
            owed_error_clear(&e2);
            mpq_set_si(got, 7, 3);
            mpq_set_si(want, 7, 3);
            owed_status s1 = owed_money_parse(got, texts[i], &cur, 0, "f", 3, &e1);
            owed_status s2 =
                owed_decimal_parse(want, texts[i], (int)cur.minor_units, "amount", "f", 3, &e2);
            if (s2 == OWED_OK && mpq_sgn(want) < 0)
                s2 = OWED_E_SYNTAX; /* a negative amount, refused when not allowed */
            ck_assert_msg(s1 == s2, "%s '%s': %d, want %d", codes[c], texts[i], (int)s1,
                          (int)s2);
            if (s1 == OWED_OK) {
                ck_assert_msg(mpq_equal(got, want), "%s '%s': another value", codes[c],
                              texts[i]);
                /* canonical, as mpq_canonicalize makes it */
                mpq_set(want, got);
                mpq_canonicalize(want);
                ck_assert(mpz_cmp(mpq_numref(got), mpq_numref(want)) == 0 &&
                          mpz_cmp(mpq_denref(got), mpq_denref(want)) == 0);
            } else if (mpq_sgn(want) >= 0 || s2 != OWED_E_SYNTAX) {
                ck_assert_str_eq(e1.text, e2.text);
            }
        }
    }
    mpq_clears(got, want, NULL);
}
END_TEST

/* owed_decimal_parse_quick_within: refuses a fraction longer than max_fraction and more
 * digits than max_digits (out untouched), and takes the rest as owed_decimal_parse_quick. */
START_TEST(test_decimal_parse_quick_within)
{
    mpq_t got;
    mpq_init(got);
    mpq_set_si(got, 7, 3);
    ck_assert_int_eq(owed_decimal_parse_quick_within(got, "1.234", 5, 0, 2, 40), 0);
    ck_assert_int_eq(owed_decimal_parse_quick_within(got, "1234", 4, 0, 2, 3), 0);
    ck_assert(mpq_cmp_si(got, 7, 3) == 0);
    ck_assert_int_eq(owed_decimal_parse_quick_within(got, "1.20", 4, 0, 2, 3), 1);
    ck_assert(mpq_cmp_si(got, 6, 5) == 0);
    ck_assert_int_eq(owed_decimal_parse_quick_within(got, "0.1", 3, 2, (size_t)-1, 40), 1);
    ck_assert(mpq_cmp_si(got, 1, 1000) == 0);
    /* the amount the quick way refuses is parsed the usual way, with the limit in force */
    owed_currency cny = currency("CNY");
    ck_assert_int_eq(owed_money_parse_within(got, "12345", &cny, 0, 3, "f", 1, NULL), OWED_OK);
    ck_assert(mpq_cmp_si(got, 12345, 1) == 0);
    ck_assert_int_eq(owed_money_parse_within(got, "1.234", &cny, 0, 40, "f", 1, NULL),
                     OWED_E_SYNTAX);
    mpq_clear(got);
}
END_TEST

/* owed_decimal_parse_quick with places: the value of owed_decimal_parse divided by
 * 10^places, in lowest terms, for every text it takes; it takes exactly the unsigned
 * decimals whose digits and places together are 19 at most (9 with a 32-bit long). */
START_TEST(test_decimal_parse_quick_places)
{
    static const char *const texts[] = {
        "0", "0.0", "0.10", "15", "2.40", "24.000", "0.00005", "125", "1.", "1.x", ".5", "x",
        "1 ", "-1", "12345678901234567", "123456789012345678", "1234567890123456.7",
        "12345678901234567.8", "1234567890123456.70", "9999999999999999.99",
    };
    const size_t short_digits = sizeof(long) >= 8 ? 19 : 9;
    mpq_t got, want, scale;
    mpq_inits(got, want, scale, NULL);
    for (unsigned places = 0; places <= 3; places++) {
        mpz_ui_pow_ui(mpq_numref(scale), 10, places);
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            const char *t = texts[i];
            size_t len = strlen(t), digits = 0, k = 0;
            for (; k < len && t[k] >= '0' && t[k] <= '9'; k++)
                digits++;
            int form = digits > 0;
            if (form && k < len) {
                size_t f = 0;
                for (k++; k < len && t[k] >= '0' && t[k] <= '9'; k++)
                    f++;
                form = t[digits] == '.' && f > 0 && k == len;
                digits += f;
            }
            int want_taken = form && digits + places <= short_digits;
            mpq_set_si(got, 7, 3);
            int taken = owed_decimal_parse_quick(got, t, len, places);
            ck_assert_msg(taken == want_taken, "'%s' places %u: %d", t, places, taken);
            if (!taken) {
                ck_assert(mpq_cmp_si(got, 7, 3) == 0); /* untouched */
                continue;
            }
            ck_assert(owed_decimal_parse(want, t, -1, "n", "f", 1, NULL) == OWED_OK);
            mpq_div(want, want, scale);
            ck_assert_msg(mpz_cmp(mpq_numref(got), mpq_numref(want)) == 0 &&
                              mpz_cmp(mpq_denref(got), mpq_denref(want)) == 0,
                          "'%s' places %u: another value", t, places);
        }
    }
    mpq_clears(got, want, scale, NULL);
}
END_TEST

START_TEST(test_money_format)
{
    owed_currency cny = currency("CNY"), jpy = currency("JPY");
    static const struct {
        const char *in;
        int jpy;
        const char *want;
    } cases[] = {
        {"1/200", 0, "0.01"},      /* 0.005 half-up */
        {"-1/200", 0, "-0.01"},    /* -0.005: ties away from zero */
        {"-1/250", 0, "0.00"},     /* -0.004: never "-0.00" */
        {"107/40", 0, "2.68"},     /* 2.675 */
        {"1/3", 0, "0.33"},
        {"2/3", 0, "0.67"},
        {"30864/25", 0, "1234.56"},
        {"600", 0, "600.00"},
        {"29030848/365", 0, "79536.57"}, /* 79536.5698.. */
        {"9114/1825", 0, "4.99"},        /* 4.99397.. */
        {"0", 0, "0.00"},
        {"201/2", 1, "101"}, /* 100.5 yen */
        {"9949/100", 1, "99"},
        {"-201/2", 1, "-101"},
        {"-2/5", 1, "0"},
        {"100", 1, "100"},
    };
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        q_exact(q, cases[i].in);
        char *s = owed_money_format(q, cases[i].jpy ? &jpy : &cny);
        ck_assert_ptr_nonnull(s);
        char got[64];
        snprintf(got, sizeof got, "%s", s);
        free(s);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "%s %s: got %s, want %s", cases[i].in,
                      cases[i].jpy ? "JPY" : "CNY", got, cases[i].want);
    }
    mpq_clear(q);
}
END_TEST

/* ------------------------------------------------------------------------------------------
 * Dates
 * ------------------------------------------------------------------------------------------ */

START_TEST(test_date_parse)
{
    static const char *good[] = {"2024-02-29", "2000-02-29", "2023-02-28", "0001-01-01",
                                 "9999-12-31", "1970-01-01", "2024-04-30", "2019-04-27",
                                 "1600-02-29"};
    static const char *bad[] = {
        "2023-02-29", "1900-02-29", "2100-02-29", "2024-02-30", "2024-04-31", "2024-06-31",
        "0000-01-01", "10000-01-01", "2024-1-5",  "2024-01-5",  "2024-13-01", "2024-00-10",
        "2024-01-00", "2024-01-32",  "",           "2024/01/05", "20240105",   " 2024-01-05",
        "2024-01-05 ", "2024-01-05T00:00", "+024-01-05", "-024-01-05", "2024-+1-05", "2024-1a-05",
        "24-01-05",   "2024-01-05\n", "abcd-ef-gh",
    };
    char buf[OWED_DATE_TEXT_SIZE];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        owed_date d = d_parse(good[i]);
        owed_date_format(d, buf);
        ck_assert_str_eq(buf, good[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_date d = 12345;
        owed_error err;
        owed_error_clear(&err);
        owed_status st = owed_date_parse(&d, bad[i], "case.xml", 4, &err);
        ck_assert_msg(st == OWED_E_SYNTAX, "'%s' gave %d", bad[i], (int)st);
        ck_assert_int_eq(err.code, OWED_E_SYNTAX);
        ck_assert_int_eq(err.line, 4);
        ck_assert_str_eq(err.file, "case.xml");
        ck_assert_int_eq(d, 12345); /* untouched on failure */
        ck_assert_int_eq(owed_date_parse(&d, bad[i], NULL, 0, NULL), OWED_E_SYNTAX);
    }
    owed_date d;
    ck_assert_int_eq(owed_date_parse(&d, NULL, NULL, 0, NULL), OWED_E_SYNTAX);
}
END_TEST

START_TEST(test_date_known_day_numbers)
{
    /* 1970..1999 = 30 years of 365 days + 7 leap days (1972..1996): 10957.
     * 0001-01-01: years 1..1969 have 1969 x 365 = 718685 days plus 492 - 19 + 4 = 477 leap days,
     *   so 0001-01-01 is day -719162.
     * 9999-12-31: years 1970..9999 have 8030 x 365 = 2930950 days plus
     *   (2499 - 492) - (99 - 19) + (24 - 4) = 1947 leap days = 2932897 days; the last is 2932896.
     * 2024-01-01: 10957 + 24 x 365 + 6 leap days (2000, 04, 08, 12, 16, 20) = 19723;
     * 2024-02-29 is 31 + 28 days later: 19782. */
    static const struct {
        const char *text;
        owed_date n;
    } cases[] = {
        {"1970-01-01", 0},       {"1970-01-02", 1},       {"1969-12-31", -1},
        {"2000-01-01", 10957},   {"1999-01-01", 10592},   {"2024-01-01", 19723},
        {"2024-02-29", 19782},   {"0001-01-01", -719162}, {"9999-12-31", 2932896},
    };
    char buf[OWED_DATE_TEXT_SIZE];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(d_parse(cases[i].text) == cases[i].n, "%s is %d, want %d", cases[i].text,
                      (int)d_parse(cases[i].text), (int)cases[i].n);
        owed_date_format(cases[i].n, buf);
        ck_assert_str_eq(buf, cases[i].text);
    }
}
END_TEST

/* Walks every day from y0-01-01 to y1-12-31 in calendar order: the day number must go up by
 * one each day, starting from `first`, and convert back to the same y/m/d (and, when
 * `check_text`, format and parse as the same text).  Plain comparisons inside the loop (one
 * ck_assert per day would cost a pipe write each in fork mode); the first mismatch aborts. */
static owed_date walk_years(int y0, int y1, owed_date first, int check_text)
{
    owed_date expect = first;
    for (int y = y0; y <= y1; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= owed_days_in_month(y, m); d++) {
                if (!owed_date_valid(y, m, d))
                    ck_abort_msg("%04d-%02d-%02d not valid", y, m, d);
                owed_date n = owed_date_from_ymd(y, m, d);
                if (n != expect)
                    ck_abort_msg("%04d-%02d-%02d is %d, want %d", y, m, d, (int)n, (int)expect);
                int yy, mm, dd;
                owed_date_to_ymd(n, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    ck_abort_msg("%d -> %d-%d-%d, want %d-%d-%d", (int)n, yy, mm, dd, y, m, d);
                if (check_text) {
                    char want[32], buf[OWED_DATE_TEXT_SIZE];
                    snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
                    owed_date_format(n, buf);
                    if (strcmp(buf, want) != 0)
                        ck_abort_msg("%d formats as %s, want %s", (int)n, buf, want);
                    owed_date back = 0;
                    if (owed_date_parse(&back, want, NULL, 0, NULL) != OWED_OK || back != n)
                        ck_abort_msg("%s does not parse to %d", want, (int)n);
                }
                expect++;
            }
    return expect;
}

START_TEST(test_date_round_trip_1999_2001)
{
    /* 1999-01-01 = 10957 - 365 = 10592; 1999..2001 hold 365 + 366 + 365 = 1096 days. */
    owed_date end = walk_years(1999, 2001, 10592, 1);
    ck_assert_int_eq(end - 10592, 1096);
    ck_assert_int_eq(end, d_parse("2002-01-01"));
}
END_TEST

START_TEST(test_date_round_trip_edges)
{
    /* Around the epoch: 1969 starts at -365; 1969..1970 hold 730 days. */
    owed_date end = walk_years(1969, 1970, -365, 1);
    ck_assert_int_eq(end, 365);
    /* The first years of the range. */
    walk_years(1, 3, -719162, 1);
    /* The last years: 9997-01-01 = 9999-12-31 - (365 + 365 + 365) + 1, none leap. */
    end = walk_years(9997, 9999, 2932896 - 1095 + 1, 1);
    ck_assert_int_eq(end, 2932897);
}
END_TEST

START_TEST(test_date_round_trip_full_range)
{
    /* Every day of years 1..9999 in order: 2932896 - (-719162) + 1 = 3652059 days. */
    owed_date end = walk_years(1, 9999, -719162, 0);
    ck_assert_int_eq(end, 2932897);
    ck_assert_int_eq(end - (-719162), 3652059);
}
END_TEST

START_TEST(test_leap_years_and_months)
{
    ck_assert(owed_is_leap_year(2024));
    ck_assert(owed_is_leap_year(2000));
    ck_assert(owed_is_leap_year(2400));
    ck_assert(owed_is_leap_year(4));
    ck_assert(!owed_is_leap_year(2023));
    ck_assert(!owed_is_leap_year(1900));
    ck_assert(!owed_is_leap_year(2100));
    ck_assert(!owed_is_leap_year(1));
    static const int days2023[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        ck_assert_int_eq(owed_days_in_month(2023, m), days2023[m - 1]);
        ck_assert_int_eq(owed_days_in_month(2024, m), m == 2 ? 29 : days2023[m - 1]);
    }
    ck_assert_int_eq(owed_days_in_month(1900, 2), 28);
    ck_assert_int_eq(owed_days_in_month(2000, 2), 29);
    ck_assert_int_eq(owed_days_in_month(2024, 0), 0);
    ck_assert_int_eq(owed_days_in_month(2024, 13), 0);
    ck_assert(owed_date_valid(1, 1, 1));
    ck_assert(owed_date_valid(9999, 12, 31));
    ck_assert(!owed_date_valid(0, 12, 31));
    ck_assert(!owed_date_valid(10000, 1, 1));
    ck_assert(!owed_date_valid(2024, 4, 31));
    ck_assert(!owed_date_valid(2024, 1, 0));
    ck_assert(!owed_date_valid(2024, 0, 1));
    ck_assert(!owed_date_valid(-2024, 1, 1));
}
END_TEST

START_TEST(test_days_between)
{
    /* Court judgment E1 (/work/shared/law/cn.md §8) counts both end days:
     *   2019-04-27 .. 2020-08-19 inclusive = 481 days, 2020-08-20 .. 2021-05-20 inclusive = 274.
     * The same figures arise first-not-last by ending on the next day:
     *   [2019-04-27, 2020-08-20) = 481, [2020-08-20, 2021-05-21) = 274.
     * By hand: 2019-04-27 .. 2019-12-31 is 4 (Apr) + 31+30+31+31+30+31+30+31 = 249 days;
     * 2020-01-01 .. 2020-08-19 is 31+29+31+30+31+30+31 + 19 = 232 days; 249 + 232 = 481.
     * 2020-08-20 .. 2020-12-31 is 12 + 30+31+30+31 = 134; 2021-01-01 .. 2021-05-20 is
     * 31+28+31+30 + 20 = 140; 134 + 140 = 274. */
    owed_date a = d_parse("2019-04-27"), b = d_parse("2020-08-19"), c = d_parse("2020-08-20");
    owed_date e = d_parse("2021-05-20"), f = d_parse("2021-05-21");
    ck_assert_int_eq(owed_days_between(a, c, OWED_COUNT_FIRST_NOT_LAST), 481);
    ck_assert_int_eq(owed_days_between(a, b, OWED_COUNT_BOTH_ENDS), 481);
    ck_assert_int_eq(owed_days_between(a, b, OWED_COUNT_FIRST_NOT_LAST), 480);
    ck_assert_int_eq(owed_days_between(a, c, OWED_COUNT_BOTH_ENDS), 482);
    ck_assert_int_eq(owed_days_between(c, f, OWED_COUNT_FIRST_NOT_LAST), 274);
    ck_assert_int_eq(owed_days_between(c, e, OWED_COUNT_BOTH_ENDS), 274);
    ck_assert_int_eq(owed_days_between(c, e, OWED_COUNT_FIRST_NOT_LAST), 273);
    /* Same day: empty interval first-not-last, one day with both ends. */
    ck_assert_int_eq(owed_days_between(a, a, OWED_COUNT_FIRST_NOT_LAST), 0);
    ck_assert_int_eq(owed_days_between(a, a, OWED_COUNT_BOTH_ENDS), 1);
    /* Reversed: negative. */
    ck_assert_int_eq(owed_days_between(c, a, OWED_COUNT_FIRST_NOT_LAST), -481);
    ck_assert_int_lt(owed_days_between(c, a, OWED_COUNT_BOTH_ENDS), 0);
    /* Leap day inside: 2024-02-28 .. 2024-03-01 = 2; 2023-02-28 .. 2023-03-01 = 1. */
    ck_assert_int_eq(owed_days_between(d_parse("2024-02-28"), d_parse("2024-03-01"),
                                       OWED_COUNT_FIRST_NOT_LAST),
                     2);
    ck_assert_int_eq(owed_days_between(d_parse("2023-02-28"), d_parse("2023-03-01"),
                                       OWED_COUNT_FIRST_NOT_LAST),
                     1);
    /* Whole leap year and whole common year. */
    ck_assert_int_eq(owed_days_between(d_parse("2024-01-01"), d_parse("2025-01-01"),
                                       OWED_COUNT_FIRST_NOT_LAST),
                     366);
    ck_assert_int_eq(owed_days_between(d_parse("1900-01-01"), d_parse("1901-01-01"),
                                       OWED_COUNT_FIRST_NOT_LAST),
                     365);
    /* The whole range. */
    ck_assert_int_eq(owed_days_between(d_parse("0001-01-01"), d_parse("9999-12-31"),
                                       OWED_COUNT_BOTH_ENDS),
                     3652059);
}
END_TEST

START_TEST(test_basis_year_length)
{
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_365, d_parse("2024-06-01")), 365);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_360, d_parse("2024-06-01")), 360);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_ACTUAL, d_parse("2024-01-01")), 366);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_ACTUAL, d_parse("2024-12-31")), 366);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_ACTUAL, d_parse("2023-12-31")), 365);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_ACTUAL, d_parse("2025-01-01")), 365);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_ACTUAL, d_parse("1900-06-01")), 365);
    ck_assert_int_eq(owed_basis_year_length(OWED_BASIS_ACTUAL, d_parse("2000-06-01")), 366);
}
END_TEST

START_TEST(test_year_fraction)
{
    mpq_t q, sum, part;
    mpq_inits(q, sum, part, NULL);
    owed_date a = d_parse("2019-04-27"), c = d_parse("2020-08-20");
    owed_year_fraction(q, a, c, OWED_BASIS_365);
    ck_assert_q_eq(q, "481/365");
    owed_year_fraction(q, a, c, OWED_BASIS_360);
    ck_assert_q_eq(q, "481/360");
    /* Actual: 249 days of 2019 and 232 days of 2020 (see test_days_between):
     * 249/365 + 232/366 = (249 x 183 + 116 x 365) / (365 x 183) = (45567 + 42340) / 66795. */
    owed_year_fraction(q, a, c, OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "87907/66795");

    /* 2023-12-31 .. 2024-01-02: one day of 2023 and one of 2024: 1/365 + 1/366 = 731/133590. */
    owed_date y0 = d_parse("2023-12-31"), y1 = d_parse("2024-01-02");
    owed_year_fraction(q, y0, y1, OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "731/133590");
    mpq_set_ui(sum, 1, 365);
    mpq_set_ui(part, 1, 366);
    mpq_add(sum, sum, part);
    ck_assert(mpq_equal(q, sum));
    owed_year_fraction(q, y0, y1, OWED_BASIS_365);
    ck_assert_q_eq(q, "2/365");
    owed_year_fraction(q, y0, y1, OWED_BASIS_360);
    ck_assert_q_eq(q, "1/180");

    /* Whole calendar years are exactly one year on the actual basis. */
    owed_year_fraction(q, d_parse("2024-01-01"), d_parse("2025-01-01"), OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "1");
    owed_year_fraction(q, d_parse("2023-01-01"), d_parse("2025-01-01"), OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "2");
    owed_year_fraction(q, d_parse("2024-01-01"), d_parse("2025-01-01"), OWED_BASIS_365);
    ck_assert_q_eq(q, "366/365");
    /* Across three years: 2023-07-01 .. 2025-07-01 = 184/365 + 1 + 181/365 = 1 + 365/365 = 2. */
    owed_year_fraction(q, d_parse("2023-07-01"), d_parse("2025-07-01"), OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "2");
    /* The last days of the range: 9999-12-01 .. 9999-12-31 = 30/365. */
    owed_year_fraction(q, d_parse("9999-12-01"), d_parse("9999-12-31"), OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "6/73");
    /* The actual fraction equals the sum of 1/year length day by day (2019-04-27 ..). */
    mpq_set_ui(sum, 0, 1);
    for (owed_date d = a; d < c; d++) {
        mpq_set_ui(part, 1, (unsigned long)owed_basis_year_length(OWED_BASIS_ACTUAL, d));
        mpq_add(sum, sum, part);
    }
    owed_year_fraction(q, a, c, OWED_BASIS_ACTUAL);
    ck_assert(mpq_equal(q, sum));

    /* Empty and reversed intervals are zero on every basis. */
    static const owed_day_basis bases[] = {OWED_BASIS_365, OWED_BASIS_360, OWED_BASIS_ACTUAL};
    for (size_t i = 0; i < 3; i++) {
        mpq_set_ui(q, 7, 1);
        owed_year_fraction(q, a, a, bases[i]);
        ck_assert_int_eq(mpq_sgn(q), 0);
        mpq_set_ui(q, 7, 1);
        owed_year_fraction(q, c, a, bases[i]);
        ck_assert_int_eq(mpq_sgn(q), 0);
    }
    mpq_clears(q, sum, part, NULL);
}
END_TEST

START_TEST(test_basis_and_count_names)
{
    static const owed_day_basis bases[] = {OWED_BASIS_365, OWED_BASIS_360, OWED_BASIS_ACTUAL};
    static const char *basis_names[] = {"365", "360", "actual"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(owed_day_basis_name(bases[i]), basis_names[i]);
        owed_day_basis back = (owed_day_basis)-1;
        ck_assert_int_eq(owed_day_basis_parse(basis_names[i], &back), 0);
        ck_assert_int_eq(back, bases[i]);
    }
    static const char *bad_bases[] = {"", "366", "Actual", "act", "365 ", "actual/365"};
    for (size_t i = 0; i < sizeof bad_bases / sizeof bad_bases[0]; i++) {
        owed_day_basis back = OWED_BASIS_360;
        ck_assert_msg(owed_day_basis_parse(bad_bases[i], &back) != 0, "'%s'", bad_bases[i]);
        ck_assert_int_eq(back, OWED_BASIS_360);
    }
    ck_assert_str_eq(owed_day_count_name(OWED_COUNT_FIRST_NOT_LAST), "first-not-last");
    ck_assert_str_eq(owed_day_count_name(OWED_COUNT_BOTH_ENDS), "both");
    owed_day_count cnt = OWED_COUNT_BOTH_ENDS;
    ck_assert_int_eq(owed_day_count_parse("first-not-last", &cnt), 0);
    ck_assert_int_eq(cnt, OWED_COUNT_FIRST_NOT_LAST);
    ck_assert_int_eq(owed_day_count_parse("both", &cnt), 0);
    ck_assert_int_eq(cnt, OWED_COUNT_BOTH_ENDS);
    ck_assert_int_ne(owed_day_count_parse("", &cnt), 0);
    ck_assert_int_ne(owed_day_count_parse("Both", &cnt), 0);
    ck_assert_int_ne(owed_day_count_parse("inclusive", &cnt), 0);
    ck_assert_int_eq(cnt, OWED_COUNT_BOTH_ENDS);
}
END_TEST

/* ------------------------------------------------------------------------------------------
 * Rates
 * ------------------------------------------------------------------------------------------ */

START_TEST(test_rate_parse)
{
    static const struct {
        const char *text, *exact;
    } good[] = {
        {"0.05%", "1/2000"}, /* 5/100/100 */
        {"24%", "6/25"},
        {"1.5%", "3/200"},
        {"15.4%", "77/500"}, /* 154/1000 */
        {"12.4%", "31/250"},
        {"3.85%", "77/2000"},
        {"0%", "0"},
        {"100%", "1"},
        {"3/365", "3/365"},
        {"0.24", "6/25"},
        {"0", "0"},
        {"-0%", "0"},
    };
    static const char *bad[] = {"-1%", "-0.24", "-3/365", "%",    "",    "24 %", "24%%",
                                "abc", "1e2%", "%24",    " 24%", "24% ", "0.05 %"};
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        owed_error err;
        owed_error_clear(&err);
        ck_assert_msg(owed_rate_parse(q, good[i].text, "f", 1, &err) == OWED_OK, "'%s': %s",
                      good[i].text, err.text);
        ck_assert_q_eq(q, good[i].exact);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_error err;
        owed_error_clear(&err);
        owed_status st = owed_rate_parse(q, bad[i], "rates.xml", 6, &err);
        ck_assert_msg(st == OWED_E_SYNTAX, "'%s' gave %d", bad[i], (int)st);
        ck_assert_int_eq(err.code, OWED_E_SYNTAX);
        ck_assert_int_eq(err.line, 6);
        ck_assert_str_eq(err.file, "rates.xml");
    }
    ck_assert_int_eq(owed_rate_parse(q, NULL, NULL, 0, NULL), OWED_E_SYNTAX);
    ck_assert_int_eq(owed_rate_parse(q, "1/0", NULL, 0, NULL), OWED_E_SYNTAX);
    mpq_clear(q);
}
END_TEST

START_TEST(test_rate_period_names)
{
    static const owed_rate_period pers[] = {OWED_PER_DAY, OWED_PER_MONTH, OWED_PER_YEAR};
    static const char *names[] = {"day", "month", "year"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(owed_rate_period_name(pers[i]), names[i]);
        owed_rate_period back = (owed_rate_period)-1;
        ck_assert_int_eq(owed_rate_period_parse(names[i], &back), 0);
        ck_assert_int_eq(back, pers[i]);
    }
    owed_rate_period back = OWED_PER_MONTH;
    ck_assert_int_ne(owed_rate_period_parse("days", &back), 0);
    ck_assert_int_ne(owed_rate_period_parse("Year", &back), 0);
    ck_assert_int_ne(owed_rate_period_parse("", &back), 0);
    ck_assert_int_eq(back, OWED_PER_MONTH);
}
END_TEST

/* out = amount x rate accrued on [from, to); amount and rate are parsed from text. */
static void accrue(mpq_t out, const char *amount, const char *rate, owed_rate_period per,
                   owed_day_basis basis, const char *from, const char *to)
{
    mpq_t a, r;
    mpq_inits(a, r, NULL);
    q_parse(a, amount);
    ck_assert_int_eq(owed_rate_parse(r, rate, "", 0, NULL), OWED_OK);
    owed_rate_accrue(out, a, r, per, basis, d_parse(from), d_parse(to));
    mpq_clears(a, r, NULL);
}

START_TEST(test_accrue_e1)
{
    /* E1 (cn.md §8).  First period 2019-04-27 .. 2020-08-19 inclusive = [2019-04-27, 2020-08-20)
     * = 481 days at 24 % a year on a 360-day basis:
     *   688000 x 6/25 = 165120;  165120 x 481 = 79422720;  / 360 = 1985568/9 = 661856/3
     *   = 220618.666..  -> 220618.67 (half-up to 0.01), 220619 to the yuan (the court's figure).
     * On a 365 basis: 79422720 / 365 = 15884544/73 = 217596.4931.. -> 217596.49. */
    mpq_t i1, i2, r, t;
    mpq_inits(i1, i2, r, t, NULL);
    accrue(i1, "688000", "24%", OWED_PER_YEAR, OWED_BASIS_360, "2019-04-27", "2020-08-20");
    ck_assert_q_eq(i1, "661856/3");
    ck_assert_owned_str(owed_exact_format(i1), "661856/3");
    ck_assert_owned_str(owed_decimal_format(i1, 2, OWED_ROUND_HALF_UP), "220618.67");
    owed_round_decimals(r, i1, 0, OWED_ROUND_HALF_UP);
    ck_assert_q_eq(r, "220619");
    accrue(t, "688000", "24%", OWED_PER_YEAR, OWED_BASIS_365, "2019-04-27", "2020-08-20");
    ck_assert_q_eq(t, "15884544/73");
    ck_assert_owned_str(owed_decimal_format(t, 2, OWED_ROUND_HALF_UP), "217596.49");

    /* Second period 2020-08-20 .. 2021-05-20 inclusive = [2020-08-20, 2021-05-21) = 274 days at
     * 15.4 % (4 x 3.85 %) on a 365 basis:
     *   688000 x 77/500 = 105952;  105952 x 274 = 29030848;  / 365 = 29030848/365 (365 = 5 x 73
     *   and 29030848 is divisible by neither) = 79536 + 208/365 = 79536.5698.. -> 79536.57;
     *   79537 to the yuan (the court's figure).
     * On a 360 basis: 29030848 / 360 = 3628856/45 = 80641.2444.. -> 80641.24. */
    accrue(i2, "688000", "15.4%", OWED_PER_YEAR, OWED_BASIS_365, "2020-08-20", "2021-05-21");
    ck_assert_q_eq(i2, "29030848/365");
    ck_assert_owned_str(owed_decimal_format(i2, 2, OWED_ROUND_HALF_UP), "79536.57");
    ck_assert_owned_str(owed_decimal_format(i2, 2, OWED_ROUND_DOWN), "79536.56");
    owed_round_decimals(t, i2, 0, OWED_ROUND_HALF_UP);
    ck_assert_q_eq(t, "79537");
    accrue(t, "688000", "15.4%", OWED_PER_YEAR, OWED_BASIS_360, "2020-08-20", "2021-05-21");
    ck_assert_q_eq(t, "3628856/45");
    ck_assert_owned_str(owed_decimal_format(t, 2, OWED_ROUND_HALF_UP), "80641.24");

    /* The court's total 300,156 is the sum of the parts each rounded to the yuan
     * (220619 + 79537); the exact sum 300155.236.. would round to 300155. */
    owed_round_decimals(t, i2, 0, OWED_ROUND_HALF_UP);
    mpq_add(r, r, t);
    ck_assert_q_eq(r, "300156");
    mpq_add(t, i1, i2);
    owed_round_decimals(t, t, 0, OWED_ROUND_HALF_UP);
    ck_assert_q_eq(t, "300155");
    mpq_clears(i1, i2, r, t, NULL);
}
END_TEST

START_TEST(test_accrue_e13)
{
    /* E13 (cn.md §8): 700 at 12.4 % a year for 21 days.
     *   365 basis: 700 x 31/250 = 434/5 = 86.8; x 21 = 1822.8; / 365 = 18228/3650 = 9114/1825
     *              = 4.99397.. -> 4.99.
     *   360 basis: 1822.8 / 360 = 18228/3600 = 1519/300 = 5.0633.. -> 5.06.
     *   At 12 % (4 x 3.00 %): 700 x 0.12 x 21 = 1764; /365 = 4.8328.. -> 4.83; /360 = 4.90.
     *   At 24 %: 3528 / 365 = 9.6657.. -> 9.67; / 360 = 9.80. */
    owed_currency cny = currency("CNY");
    mpq_t q;
    mpq_init(q);
    accrue(q, "700", "12.4%", OWED_PER_YEAR, OWED_BASIS_365, "2024-03-01", "2024-03-22");
    ck_assert_q_eq(q, "9114/1825");
    ck_assert_owned_str(owed_money_format(q, &cny), "4.99");
    accrue(q, "700", "12.4%", OWED_PER_YEAR, OWED_BASIS_360, "2024-03-01", "2024-03-22");
    ck_assert_q_eq(q, "1519/300");
    ck_assert_owned_str(owed_money_format(q, &cny), "5.06");
    accrue(q, "700", "12%", OWED_PER_YEAR, OWED_BASIS_365, "2024-03-01", "2024-03-22");
    ck_assert_q_eq(q, "1764/365");
    ck_assert_owned_str(owed_money_format(q, &cny), "4.83");
    accrue(q, "700", "12%", OWED_PER_YEAR, OWED_BASIS_360, "2024-03-01", "2024-03-22");
    ck_assert_q_eq(q, "49/10");
    ck_assert_owned_str(owed_money_format(q, &cny), "4.90");
    accrue(q, "700", "24%", OWED_PER_YEAR, OWED_BASIS_365, "2024-03-01", "2024-03-22");
    ck_assert_q_eq(q, "3528/365");
    ck_assert_owned_str(owed_money_format(q, &cny), "9.67");
    accrue(q, "700", "24%", OWED_PER_YEAR, OWED_BASIS_360, "2024-03-01", "2024-03-22");
    ck_assert_q_eq(q, "49/5");
    ck_assert_owned_str(owed_money_format(q, &cny), "9.80");
    /* The cost of E13: 300 on 700 over 21 days is a per-day rate of 300/700/21 = 1/49;
     * annualised on 365 days: 365/49 = 7.448979.. = 744.9 %. */
    mpq_t r;
    mpq_init(r);
    mpq_set_ui(r, 1, 49);
    owed_rate_annualise(q, r, OWED_PER_DAY, OWED_BASIS_365);
    ck_assert_q_eq(q, "365/49");
    ck_assert_owned_str(owed_decimal_format(q, 3, OWED_ROUND_HALF_UP), "7.449");
    mpq_clears(q, r, NULL);
}
END_TEST

START_TEST(test_accrue_per_day_and_month)
{
    mpq_t q;
    mpq_init(q);
    /* 0.05 % a day on 3000 for 21 days: 3000 x 1/2000 x 21 = 63/2 = 31.50, on any basis. */
    static const owed_day_basis bases[] = {OWED_BASIS_365, OWED_BASIS_360, OWED_BASIS_ACTUAL};
    for (size_t i = 0; i < 3; i++) {
        accrue(q, "3000", "0.05%", OWED_PER_DAY, bases[i], "2023-12-20", "2024-01-10");
        ck_assert_q_eq(q, "63/2");
        ck_assert_owned_str(owed_decimal_format(q, 2, OWED_ROUND_HALF_UP), "31.50");
    }
    /* 2 % a month on 1000 over 30 days, 360 basis: 1000 x 1/50 x 12 x 30/360 = 20. */
    accrue(q, "1000", "2%", OWED_PER_MONTH, OWED_BASIS_360, "2024-04-01", "2024-05-01");
    ck_assert_q_eq(q, "20");
    /* The same on a 365 basis: 20 x 12 x 30 / 365 = 7200/365 = 1440/73 = 19.726.. */
    accrue(q, "1000", "2%", OWED_PER_MONTH, OWED_BASIS_365, "2024-04-01", "2024-05-01");
    ck_assert_q_eq(q, "1440/73");
    /* 2 % a month over 360 days on a 360 basis is 24 % of 1000 = 240
     * ([2024-01-01, 2024-12-26): 2024-12-26 is day 361 of the leap year 2024). */
    accrue(q, "1000", "2%", OWED_PER_MONTH, OWED_BASIS_360, "2024-01-01", "2024-12-26");
    ck_assert_q_eq(q, "240");
    /* 3 % a month on 200000 (E1's IOU rate) for 30 days on 360: 200000 x 3/100 = 6000. */
    accrue(q, "200000", "3%", OWED_PER_MONTH, OWED_BASIS_360, "2017-01-07", "2017-02-06");
    ck_assert_q_eq(q, "6000");
    /* An exact fraction per day: 3/365 a day for the 365 days of 2023 is 3 x the amount. */
    accrue(q, "100", "3/365", OWED_PER_DAY, OWED_BASIS_365, "2023-01-01", "2024-01-01");
    ck_assert_q_eq(q, "300");
    /* ... and for one day 100 x 3/365 = 300/365 = 60/73. */
    accrue(q, "100", "3/365", OWED_PER_DAY, OWED_BASIS_365, "2023-01-01", "2023-01-02");
    ck_assert_q_eq(q, "60/73");
    mpq_clear(q);
}
END_TEST

START_TEST(test_accrue_actual_basis)
{
    mpq_t q;
    mpq_init(q);
    /* 10 % a year on 10000 over 2023-12-31 .. 2024-01-02 on the actual basis:
     * 1000 x (1/365 + 1/366) = 1000 x 731/133590 = 73100/13359 = 5.4719.. -> 5.47. */
    accrue(q, "10000", "10%", OWED_PER_YEAR, OWED_BASIS_ACTUAL, "2023-12-31", "2024-01-02");
    ck_assert_q_eq(q, "73100/13359");
    ck_assert_owned_str(owed_decimal_format(q, 2, OWED_ROUND_HALF_UP), "5.47");
    /* Versus 365: 1000 x 2/365 = 400/73. */
    accrue(q, "10000", "10%", OWED_PER_YEAR, OWED_BASIS_365, "2023-12-31", "2024-01-02");
    ck_assert_q_eq(q, "400/73");
    /* 1 % a month on 1000 over the same two days, actual: 10 x 12 x 731/133590 = 2924/4453. */
    accrue(q, "1000", "1%", OWED_PER_MONTH, OWED_BASIS_ACTUAL, "2023-12-31", "2024-01-02");
    ck_assert_q_eq(q, "2924/4453");
    /* A whole leap year on the actual basis is exactly the annual rate. */
    accrue(q, "1000", "15.4%", OWED_PER_YEAR, OWED_BASIS_ACTUAL, "2024-01-01", "2025-01-01");
    ck_assert_q_eq(q, "154");
    mpq_clear(q);
}
END_TEST

START_TEST(test_accrue_empty_and_alias)
{
    mpq_t q, a, r;
    mpq_inits(q, a, r, NULL);
    mpq_set_ui(a, 1000, 1);
    mpq_set_ui(r, 6, 25);
    owed_date d0 = d_parse("2024-01-01"), d1 = d_parse("2024-02-01");
    static const owed_rate_period pers[] = {OWED_PER_DAY, OWED_PER_MONTH, OWED_PER_YEAR};
    for (size_t i = 0; i < 3; i++) {
        mpq_set_ui(q, 9, 1);
        owed_rate_accrue(q, a, r, pers[i], OWED_BASIS_365, d0, d0);
        ck_assert_int_eq(mpq_sgn(q), 0);
        mpq_set_ui(q, 9, 1);
        owed_rate_accrue(q, a, r, pers[i], OWED_BASIS_ACTUAL, d1, d0);
        ck_assert_int_eq(mpq_sgn(q), 0);
    }
    /* out may be the amount: 1000 x 6/25 x 31/365 = 7440/365 = 1488/73. */
    owed_rate_accrue(a, a, r, OWED_PER_YEAR, OWED_BASIS_365, d0, d1);
    ck_assert_q_eq(a, "1488/73");
    /* A zero rate accrues nothing. */
    mpq_set_ui(a, 1000, 1);
    mpq_set_ui(r, 0, 1);
    owed_rate_accrue(q, a, r, OWED_PER_YEAR, OWED_BASIS_365, d0, d1);
    ck_assert_int_eq(mpq_sgn(q), 0);
    mpq_clears(q, a, r, NULL);
}
END_TEST

START_TEST(test_rate_annualise)
{
    mpq_t r, q;
    mpq_inits(r, q, NULL);
    mpq_set_ui(r, 1, 2000); /* 0.05 % a day */
    owed_rate_annualise(q, r, OWED_PER_DAY, OWED_BASIS_365);
    ck_assert_q_eq(q, "73/400"); /* 18.25 % */
    owed_rate_annualise(q, r, OWED_PER_DAY, OWED_BASIS_360);
    ck_assert_q_eq(q, "9/50"); /* 18 % */
    owed_rate_annualise(q, r, OWED_PER_DAY, OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "73/400");
    mpq_set_ui(r, 1, 50); /* 2 % a month */
    owed_rate_annualise(q, r, OWED_PER_MONTH, OWED_BASIS_360);
    ck_assert_q_eq(q, "6/25");
    owed_rate_annualise(q, r, OWED_PER_MONTH, OWED_BASIS_ACTUAL);
    ck_assert_q_eq(q, "6/25");
    mpq_set_ui(r, 77, 500);
    owed_rate_annualise(r, r, OWED_PER_YEAR, OWED_BASIS_365); /* aliasing */
    ck_assert_q_eq(r, "77/500");
    mpq_clears(r, q, NULL);
}
END_TEST

/* ------------------------------------------------------------------------------------------ */

/* A loan's postings walked through the index are those a scan of the whole ledger finds, in
 * the same order; with the index dropped by an append, and before indexing, the same. */
static void expect_walk(const owed_ledger *lg, size_t loan, const size_t *want, size_t n_want)
{
    size_t n = 0;
    for (size_t i = owed_ledger_first(lg, loan); i != SIZE_MAX; i = owed_ledger_next(lg, i)) {
        ck_assert_uint_lt(n, n_want);
        ck_assert_uint_eq(i, want[n]);
        n++;
    }
    ck_assert_uint_eq(n, n_want);
}

START_TEST(test_ledger_index)
{
    owed_ledger lg;
    owed_ledger_init(&lg);
    mpq_t one;
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    const size_t loans[] = {2, 0, 2, 1, 2, 0};
    for (size_t i = 0; i < 6; i++)
        ck_assert_ptr_nonnull(owed_ledger_append(&lg, 1, 1, 1, loans[i], OWED_POST_CHARGE,
                                                 OWED_COMP_FEE, one, NULL, 0));
    const size_t of0[] = {1, 5}, of1[] = {3}, of2[] = {0, 2, 4}, of2_more[] = {0, 2, 4, 6};
    for (int indexed = 0; indexed < 2; indexed++) {
        if (indexed)
            ck_assert_int_eq(owed_ledger_index(&lg, 4), 0);
        ck_assert(indexed == (lg.first_of_loan != NULL));
        expect_walk(&lg, 0, of0, 2);
        expect_walk(&lg, 1, of1, 1);
        expect_walk(&lg, 2, of2, 3);
        expect_walk(&lg, 3, NULL, 0); /* a loan without postings */
    }
    ck_assert_ptr_nonnull(owed_ledger_append(&lg, 2, 2, 2, 2, OWED_POST_CHARGE, OWED_COMP_FEE,
                                             one, NULL, 0));
    ck_assert_ptr_null(lg.first_of_loan); /* an append drops the index */
    expect_walk(&lg, 2, of2_more, 4);
    ck_assert_uint_eq(owed_ledger_next(&lg, 99), SIZE_MAX);
    mpq_clear(one);
    owed_ledger_clear(&lg);
}
END_TEST

static Suite *ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *t = tcase_create("index");
    tcase_add_test(t, test_ledger_index);
    suite_add_tcase(s, t);
    return s;
}

static Suite *number_suite(void)
{
    Suite *s = suite_create("number");
    TCase *t = tcase_create("parse");
    tcase_add_test(t, test_decimal_sum_is_exact);
    tcase_add_test(t, test_decimal_not_binary);
    tcase_add_test(t, test_decimal_signs);
    tcase_add_test(t, test_decimal_rejects);
    tcase_add_test(t, test_decimal_success_leaves_error_untouched);
    tcase_add_test(t, test_decimal_digit_limit);
    tcase_add_test(t, test_decimal_max_fraction_digits);
    tcase_add_test(t, test_number_parse);
    suite_add_tcase(s, t);
    t = tcase_create("round");
    tcase_add_test(t, test_round_ties);
    tcase_add_test(t, test_round_non_ties);
    tcase_add_test(t, test_round_exact_unchanged);
    tcase_add_test(t, test_round_other_units);
    tcase_add_test(t, test_round_decimals);
    tcase_add_test(t, test_round_mode_names);
    tcase_add_test(t, test_posting_round_names);
    suite_add_tcase(s, t);
    t = tcase_create("format");
    tcase_add_test(t, test_decimal_format);
    tcase_add_test(t, test_decimal_format_agrees_with_round);
    tcase_add_test(t, test_decimal_format_word_edges);
    tcase_add_test(t, test_exact_format);
    tcase_add_test(t, test_is_finite_decimal);
    suite_add_tcase(s, t);
    return s;
}

static Suite *money_suite(void)
{
    Suite *s = suite_create("money");
    TCase *t = tcase_create("money");
    tcase_add_test(t, test_currency_lookup);
    tcase_add_test(t, test_money_parse_cny);
    tcase_add_test(t, test_money_parse_jpy);
    tcase_add_test(t, test_money_parse_quick_is_decimal_parse);
    tcase_add_test(t, test_decimal_parse_quick_places);
    tcase_add_test(t, test_decimal_parse_quick_within);
    tcase_add_test(t, test_money_format);
    suite_add_tcase(s, t);
    return s;
}

static Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *t = tcase_create("calendar");
    tcase_add_test(t, test_date_parse);
    tcase_add_test(t, test_date_known_day_numbers);
    tcase_add_test(t, test_date_round_trip_1999_2001);
    tcase_add_test(t, test_date_round_trip_edges);
    tcase_add_test(t, test_date_round_trip_full_range);
    tcase_add_test(t, test_leap_years_and_months);
    tcase_set_timeout(t, 60); /* the full-range walk is slow under valgrind */
    suite_add_tcase(s, t);
    t = tcase_create("intervals");
    tcase_add_test(t, test_days_between);
    tcase_add_test(t, test_basis_year_length);
    tcase_add_test(t, test_year_fraction);
    tcase_add_test(t, test_basis_and_count_names);
    suite_add_tcase(s, t);
    return s;
}

static Suite *rate_suite(void)
{
    Suite *s = suite_create("rate");
    TCase *t = tcase_create("rate");
    tcase_add_test(t, test_rate_parse);
    tcase_add_test(t, test_rate_period_names);
    tcase_add_test(t, test_accrue_e1);
    tcase_add_test(t, test_accrue_e13);
    tcase_add_test(t, test_accrue_per_day_and_month);
    tcase_add_test(t, test_accrue_actual_basis);
    tcase_add_test(t, test_accrue_empty_and_alias);
    tcase_add_test(t, test_rate_annualise);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(number_suite());
    srunner_add_suite(sr, money_suite());
    srunner_add_suite(sr, date_suite());
    srunner_add_suite(sr, rate_suite());
    srunner_add_suite(sr, ledger_suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
