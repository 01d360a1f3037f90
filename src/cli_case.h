/* Loading a case for a command: the schema from the data directory, errors reported. */
#ifndef OWED_CLI_CASE_H
#define OWED_CLI_CASE_H

#include "case.h"

/* Reads and checks the case file at `path`.  Returns the case, or NULL after printing the
 * error on stderr. */
owed_case *cli_load_case(const char *path);

#endif
