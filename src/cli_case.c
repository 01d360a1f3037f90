#include <config.h>

#include "cli_case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_read.h"
#include "cli.h"
#include "i18n.h"
#include "regime.h"
#include "report.h"
#include "statement_util.h"
#include "xml_safe.h"

const char *cli_schema_path(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/schema/%s", cli_datadir(), name);
    return path;
}

enum { MAX_REPORTED = 20 };

void cli_report_case_error(const char *path, const char *schema, const owed_error *err)
{
    if (err->code != OWED_E_SCHEMA || strcmp(path, "-") == 0) {
        cli_report(err);
        return;
    }
    owed_error errs[MAX_REPORTED];
    size_t n = 0, more = 0;
    owed_xml_validate_list(path, schema, OWED_CASE_MAX_BYTES, errs, MAX_REPORTED, &n, &more);
    if (n == 0) {
        cli_report(err);
        return;
    }
    for (size_t k = 0; k < n; k++)
        cli_report(&errs[k]);
    if (more > 0)
        cli_fail(_("%1$s: %2$zu more errors not shown (the first %3$d are above)"), path, more,
                 (int)MAX_REPORTED);
}
