/* Loading a case for a command: the schema from the data directory, errors reported. */
#ifndef OWED_CLI_CASE_H
#define OWED_CLI_CASE_H

#include "case.h"

/* Reads and checks the case file at `path`; "-" is standard input (named "standard input"
 * in messages and statements).  Returns the case, or NULL after printing the
 * error on stderr. */
owed_case *cli_load_case(const char *path);

/* Reports why the case file at `path` could not be read (err): for a file that does not
 * follow the schema, every schema error in words, up to 20 (and how many more), so that it
 * can be fixed in one go; else err alone.  `schema` is the case schema's path. */
void cli_report_case_error(const char *path, const char *schema, const owed_error *err);

struct owed_regime;

/* Frees the regimes of cli_build_report. */
void cli_free_regimes(struct owed_regime **regimes, size_t n);

struct owed_report;

/* What `statement` and `check` share: loads the regimes and the case and builds the report
 * as of `as_of_text` (NULL: the case's own as-of date).  A regime named "auto" is the one
 * owed_regime_choose picks for the case (the suit's filing date, else the as-of date, and
 * the lenders' kinds); with `auto_default` and no regime named, "auto" is used when the case
 * gives a filing date or a lender kind.  Prints on stderr a warning for each loan a regime
 * does not govern.  Returns the report, or NULL after printing the error.  Whatever was
 * loaded is in *kase, *regimes and *n_regimes either way; release all of it with
 * cli_release_report. */
struct owed_report *cli_build_report(const char *case_path, const char *as_of_text,
                                     char *const *regime_names, size_t n_names,
                                     int auto_default, owed_case **kase,
                                     struct owed_regime ***regimes, size_t *n_regimes);
void cli_release_report(struct owed_report *r, owed_case *kase, struct owed_regime **regimes,
                        size_t n_regimes);

/* 1 when the case says when the suit was filed or who the lenders are: enough for
 * owed_regime_choose to be the default regime of statement, check and batch. */
int cli_case_says_which_regime(const owed_case *c);

/* The path of schema NAME ("case.xsd") in the data directory; a static buffer. */
const char *cli_schema_path(const char *name);

#endif
