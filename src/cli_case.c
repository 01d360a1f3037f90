#include <config.h>

#include "cli_case.h"

#include <stdio.h>
#include <stdlib.h>

#include "case_read.h"
#include "cli.h"
#include "i18n.h"
#include "regime.h"
#include "report.h"

const char *cli_schema_path(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/schema/%s", cli_datadir(), name);
    return path;
}

owed_case *cli_load_case(const char *path)
{
    const char *schema = cli_schema_path("case.xsd");
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_case_read_file(path, schema, &c, &err) != OWED_OK) {
        cli_report(&err);
        return NULL;
    }
    return c;
}

int cli_load_regimes(char *const *names, size_t n, owed_regime ***out)
{
    *out = calloc(n ? n : 1, sizeof **out);
    if (*out == NULL) {
        cli_fail(_("out of memory"));
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        owed_error err;
        owed_error_clear(&err);
        if (owed_regime_load(names[i], cli_datadir(), &(*out)[i], &err) != OWED_OK) {
            cli_report(&err);
            cli_free_regimes(*out, i);
            *out = NULL;
            return -1;
        }
    }
    return 0;
}

void cli_free_regimes(owed_regime **regimes, size_t n)
{
    if (regimes == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        owed_regime_free(regimes[i]);
    free(regimes);
}

owed_report *cli_build_report(const char *case_path, const char *as_of_text,
                              char *const *regime_names, size_t n_regimes, owed_case **kase,
                              owed_regime ***regimes)
{
    *kase = NULL;
    *regimes = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_date as_of = 0;
    if (as_of_text && owed_date_parse(&as_of, as_of_text, "--as-of", 0, &err) != OWED_OK) {
        cli_report(&err);
        return NULL;
    }
    if (cli_load_regimes(regime_names, n_regimes, regimes) != 0)
        return NULL;
    if ((*kase = cli_load_case(case_path)) == NULL)
        return NULL;
    owed_report *r = NULL;
    if (owed_report_build(*kase, as_of_text ? as_of : (*kase)->as_of,
                          (const owed_regime *const *)*regimes, n_regimes, &r, &err) != OWED_OK) {
        cli_report(&err);
        return NULL;
    }
    return r;
}

void cli_release_report(owed_report *r, owed_case *kase, owed_regime **regimes, size_t n_regimes)
{
    owed_report_free(r);
    owed_case_free(kase);
    cli_free_regimes(regimes, n_regimes);
}
