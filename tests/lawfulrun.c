/* See lawfulrun.h. */
#include <config.h>

#include "lawfulrun.h"

#include <stdio.h>

#include "testutil.h"

run run_replay(const char *currency, const char *as_of, const char *body, const char *regime)
{
    run r;
    owed_error err;
    owed_error_clear(&err);
    char attrs[128];
    snprintf(attrs, sizeof attrs, "currency=\"%s\" as-of=\"%s\"", currency, as_of);
    r.c = test_case(attrs, body);
    r.reg = test_regime(regime);
    ck_assert_int_eq(owed_contract_replay(r.c, r.c->as_of, &r.cr, &err), OWED_OK);
    ck_assert_msg(owed_lawful_replay(r.c, r.reg, r.cr, r.c->as_of, &r.l, &err) == OWED_OK, "%s",
                  err.text);
    ck_assert_msg(owed_lawful_check(r.l, &err) == OWED_OK, "%s", err.text);
    return r;
}

void run_done(run *r)
{
    owed_lawful_free(r->l);
    owed_replay_free(r->cr);
    owed_case_free(r->c);
    owed_regime_free(r->reg);
}
