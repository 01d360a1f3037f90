#include <config.h>
#include <check.h>
#include <stdlib.h>
#include "number.h"
START_TEST(test_placeholder_sum) {
    mpq_t a, b; mpq_inits(a, b, NULL);
    ck_assert_int_eq(owed_decimal_parse(a, "0.1", -1, "x", "", 0, NULL), OWED_OK);
    ck_assert_int_eq(owed_decimal_parse(b, "0.2", -1, "x", "", 0, NULL), OWED_OK);
    mpq_add(a, a, b);
    char *s = owed_exact_format(a);
    ck_assert_str_eq(s, "0.3");
    free(s); mpq_clears(a, b, NULL);
} END_TEST
int main(void) {
    Suite *s = suite_create("core"); TCase *t = tcase_create("number");
    tcase_add_test(t, test_placeholder_sum); suite_add_tcase(s, t);
    SRunner *r = srunner_create(s); srunner_run_all(r, CK_ENV);
    int f = srunner_ntests_failed(r); srunner_free(r); return f ? EXIT_FAILURE : EXIT_SUCCESS;
}
