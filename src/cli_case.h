/* Loading a case for a command: the schema from the data directory, errors reported. */
#ifndef OWED_CLI_CASE_H
#define OWED_CLI_CASE_H

#include "case.h"

/* Reports why the case file at `path` could not be read (err): for a file that does not
 * follow the schema, every schema error in words, up to 20 (and how many more), so that it
 * can be fixed in one go; else err alone.  `schema` is the case schema's path. */
void cli_report_case_error(const char *path, const char *schema, const owed_error *err);

/* The path of schema NAME ("case.xsd") in the data directory; a static buffer. */
const char *cli_schema_path(const char *name);

#endif
