/* Helpers shared by the replay unit tests: cases from text, dates, exact assertions. */
#ifndef OWED_TESTUTIL_H
#define OWED_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

#include "case.h"
#include "number.h"

/* The case schema path, from $OWED_DATADIR (set by the test harness). */
const char *test_schema(void);
/* The data directory, $OWED_DATADIR or "data". */
const char *test_datadir(void);

/* Writes `body` inside <case xmlns=... ATTRS> to a temporary file, reads it with the schema
 * and removes the file; fails the test when the case does not load. */
owed_case *test_case(const char *attrs, const char *body);

/* The day number of "YYYY-MM-DD"; fails the test on a bad date. */
owed_date test_day(const char *text);

/* How many generated cases a test runs: `n`, or fewer when OWED_CASES asks for fewer (the
 * valgrind run of .ci/sanitize sets it). */
unsigned long test_cases(unsigned long n);

struct owed_regime;

/* Loads a regime by id (from the data directory) or path; fails the test when it does not
 * load.  Free with owed_regime_free. */
struct owed_regime *test_regime(const char *id_or_path);

/* Asserts that q rounded half-up to cents is `cents` (text). */
#define ck_assert_cents(q, cents)                                                           \
    do {                                                                                    \
        char *s_ = owed_decimal_format(q, 2, OWED_ROUND_HALF_UP);                           \
        ck_assert_str_eq(s_, cents);                                                        \
        free(s_);                                                                           \
    } while (0)

/* Asserts that q equals the decimal or fraction written in `expected` ("31.5", "1008/73"). */
#define ck_assert_q(q, expected)                                                            \
    do {                                                                                    \
        mpq_t e_;                                                                           \
        mpq_init(e_);                                                                       \
        ck_assert_int_eq(owed_number_parse(e_, expected, "x", "", 0, NULL), OWED_OK);        \
        char *got_ = owed_exact_format(q);                                                  \
        ck_assert_msg(mpq_equal(q, e_), "got %s, expected %s", got_, expected);             \
        free(got_);                                                                         \
        mpq_clear(e_);                                                                      \
    } while (0)

#endif
