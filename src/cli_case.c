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

owed_case *cli_load_case(const char *path)
{
    const char *schema = cli_schema_path("case.xsd");
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = strcmp(path, "-") == 0
                         ? owed_case_read_stream(_("standard input"), stdin, schema, &c, &err)
                         : owed_case_read_file(path, schema, &c, &err);
    if (st != OWED_OK) {
        cli_report_case_error(path, schema, &err);
        return NULL;
    }
    return c;
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

void cli_free_regimes(owed_regime **regimes, size_t n)
{
    if (regimes == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        owed_regime_free(regimes[i]);
    free(regimes);
}

int cli_case_says_which_regime(const owed_case *c)
{
    if (c->has_filed || c->lender_kind != OWED_LENDER_UNKNOWN)
        return 1;
    for (size_t i = 0; i < c->n_loans; i++)
        if (c->loans[i].lender_kind != OWED_LENDER_UNKNOWN)
            return 1;
    return 0;
}

owed_report *cli_build_report(const char *case_path, const char *as_of_text,
                              char *const *regime_names, size_t n_names, int auto_default,
                              owed_case **kase, owed_regime ***regimes, size_t *n_regimes)
{
    static char *const automatic[] = {"auto"};
    *kase = NULL;
    *regimes = NULL;
    *n_regimes = 0;
    owed_error err;
    owed_error_clear(&err);
    owed_date as_of = 0;
    if (as_of_text && owed_date_parse(&as_of, as_of_text, "--as-of", 0, &err) != OWED_OK) {
        cli_report(&err);
        return NULL;
    }
    /* the named regimes first (their errors come before the case's), "auto" once the case
       is known */
    long auto_at = -1;
    for (size_t i = 0; i < n_names; i++)
        if (strcmp(regime_names[i], "auto") == 0) {
            if (auto_at >= 0) {
                cli_fail(_("--regime=auto given twice"));
                return NULL;
            }
            auto_at = (long)i;
        }
    *regimes = calloc(n_names ? n_names : 1, sizeof **regimes);
    if (*regimes == NULL) {
        cli_fail(_("out of memory"));
        return NULL;
    }
    *n_regimes = n_names;
    for (size_t i = 0; i < n_names; i++) {
        if ((long)i == auto_at)
            continue;
        if (owed_regime_load(regime_names[i], cli_datadir(), &(*regimes)[i], &err) != OWED_OK) {
            cli_report(&err);
            return NULL;
        }
    }
    if ((*kase = cli_load_case(case_path)) == NULL)
        return NULL;
    owed_case *c = *kase;
    owed_date when = as_of_text ? as_of : c->as_of;
    int implicit = 0;
    if (n_names == 0 && auto_default && cli_case_says_which_regime(c)) {
        regime_names = automatic;
        auto_at = 0;
        *n_regimes = 1;
        implicit = 1;
    }
    if (auto_at >= 0 &&
        owed_regime_choose(cli_datadir(), c, c->has_filed ? c->filed : when,
                           &(*regimes)[auto_at], &err) != OWED_OK) {
        if (!implicit || err.code != OWED_E_SEMANTIC) {
            cli_report(&err);
            return NULL;
        }
        /* the regime was not asked for: the rules choosing none (a case in a currency no
           automatic regime is of, or dates none governs) leaves the contract view alone */
        fprintf(stderr, "%s: %s: %s %s; %s\n", owed_program_name, c->file, _("warning:"),
                err.text, _("the statement shows the contract view only"));
        auto_at = -1;
        *n_regimes = 0;
    }
    owed_report *r = NULL;
    if (owed_report_build(c, when, (const owed_regime *const *)*regimes, *n_regimes, &r, &err) !=
        OWED_OK) {
        cli_report(&err);
        return NULL;
    }
    if (auto_at >= 0)
        owed_report_set_chosen(r, (size_t)auto_at);
    for (size_t k = 0; k < r->n_scope_warnings; k++) {
        char *text = owed_stmt_scope_warning(r, &r->scope_warnings[k]);
        if (text != NULL)
            fprintf(stderr, "%s: %s: %s %s\n", owed_program_name, c->file, _("warning:"), text);
        free(text);
    }
    return r;
}

void cli_release_report(owed_report *r, owed_case *kase, owed_regime **regimes, size_t n_regimes)
{
    owed_report_free(r);
    owed_case_free(kase);
    cli_free_regimes(regimes, n_regimes);
}
