#include <config.h>

#include "cli_case.h"

#include <stdio.h>
#include <stdlib.h>

#include "case_read.h"
#include "cli.h"
#include "i18n.h"
#include "regime.h"

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
