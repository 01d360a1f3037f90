/* Loading a case for a command: the schema from the data directory, errors reported. */
#ifndef OWED_CLI_CASE_H
#define OWED_CLI_CASE_H

#include "case.h"

/* Reads and checks the case file at `path`.  Returns the case, or NULL after printing the
 * error on stderr. */
owed_case *cli_load_case(const char *path);

struct owed_regime;

/* Loads each regime named by id or path.  Returns 0 and a new array in *out (free with
 * cli_free_regimes), or -1 after printing the error. */
int cli_load_regimes(char *const *names, size_t n, struct owed_regime ***out);
void cli_free_regimes(struct owed_regime **regimes, size_t n);

struct owed_report;

/* What `statement` and `check` share: loads the regimes and the case and builds the report
 * as of `as_of_text` (NULL: the case's own as-of date).  Returns the report, or NULL after
 * printing the error.  Whatever was loaded is in *kase and *regimes either way; release all
 * of it with cli_release_report. */
struct owed_report *cli_build_report(const char *case_path, const char *as_of_text,
                                     char *const *regime_names, size_t n_regimes,
                                     owed_case **kase, struct owed_regime ***regimes);
void cli_release_report(struct owed_report *r, owed_case *kase, struct owed_regime **regimes,
                        size_t n_regimes);

/* The path of schema NAME ("case.xsd") in the data directory; a static buffer. */
const char *cli_schema_path(const char *name);

#endif
