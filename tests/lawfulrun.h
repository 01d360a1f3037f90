/* A case replayed under a regime, for the lawful-view tests of other countries
 * (check_lawful_jp.c, check_lawful_uk_us.c). */
#ifndef OWED_TEST_LAWFULRUN_H
#define OWED_TEST_LAWFULRUN_H

#include "case.h"
#include "contract.h"
#include "lawful.h"
#include "regime.h"

typedef struct run {
    owed_case *c;
    owed_regime *reg;
    owed_replay *cr;
    owed_lawful *l;
} run;

/* A case in `currency` as of `as_of` (the case's body in `body`), its contract replay and
 * its lawful replay under `regime` (an id, or a path), every invariant the library checks
 * asserted.  Free with run_done(). */
run run_replay(const char *currency, const char *as_of, const char *body, const char *regime);
void run_done(run *r);

#endif
