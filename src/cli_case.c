#include <config.h>

#include "cli_case.h"

#include <stdio.h>
#include <stdlib.h>

#include "case_read.h"
#include "cli.h"
#include "i18n.h"

owed_case *cli_load_case(const char *path)
{
    char schema[4096];
    snprintf(schema, sizeof schema, "%s/schema/case.xsd", cli_datadir());
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (owed_case_read_file(path, schema, &c, &err) != OWED_OK) {
        cli_report(&err);
        return NULL;
    }
    return c;
}
