/* The commands' use of the public library (owed.h): a context set up as the program's
 * options and environment say, its errors printed GNU-style, and a report built as
 * `statement` and `check` build it.  The commands ported to it include no internal
 * header of the library (issue 11: the CLI built on the public header). */
#ifndef OWED_CLI_PUBLIC_H
#define OWED_CLI_PUBLIC_H

#include <stddef.h>

#include <owed.h>

/* A context with the program's data directory (cli_datadir) and its message language;
 * NULL after printing an error. */
owed_ctx *cli_ctx_new(void);

/* Prints the context's last error on stderr, "owed: FILE:LINE: message"; for a case file
 * that does not follow its schema, every schema error kept (and how many more there are). */
void cli_report_ctx(const owed_ctx *ctx);

/* What `statement` and `check` share: the regimes
 * named (and "auto", chosen once the case is read; with `auto_default` and no regime named,
 * "auto" when the case names what chooses it), the case at `case_path` ("-": standard
 * input) and the report as of `as_of_text` (NULL: the case's).  Prints on stderr a warning
 * for each loan a regime does not govern.  Returns the report, or NULL after printing the
 * error.  Whatever was loaded is in *kase, *regimes and *n_regimes either way; release it
 * with cli_public_release. */
owed_report *cli_public_report(owed_ctx *ctx, const char *case_path, const char *as_of_text,
                               char *const *regime_names, size_t n_names, int auto_default,
                               owed_case **kase, owed_regime ***regimes, size_t *n_regimes);
void cli_public_release(owed_report *r, owed_case *kase, owed_regime **regimes,
                        size_t n_regimes);

#endif
