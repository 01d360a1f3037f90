/* The commands on the public library: see cli_public.h. */
#include <config.h>

#include "cli_public.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_lang.h"
#include "i18n.h"

owed_ctx *cli_ctx_new(void)
{
    owed_ctx *ctx = owed_ctx_new();
    if (ctx == NULL || owed_ctx_set_datadir(ctx, cli_datadir()) != OWED_OK) {
        owed_ctx_free(ctx);
        cli_fail(_("out of memory"));
        return NULL;
    }
    char lang[8];
    cli_message_language(lang);
    owed_ctx_set_language(ctx, lang); /* a language the library does not know keeps "en" */
    return ctx;
}

enum { MAX_LISTED = 20 }; /* as the library keeps (owed_ctx_error_count) */

void cli_report_ctx(const owed_ctx *ctx)
{
    size_t n = owed_ctx_error_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const char *file = NULL;
        long line = 0;
        const char *text = owed_ctx_error_at(ctx, i, &file, &line);
        if (text != NULL)
            cli_report_at(file, line, text);
    }
    size_t more = owed_ctx_error_more(ctx);
    if (more > 0)
        cli_fail(_("%1$s: %2$zu more errors not shown (the first %3$d are above)"),
                 owed_ctx_error_file(ctx), more, (int)MAX_LISTED);
}

static void free_regimes(owed_regime **regimes, size_t n)
{
    if (regimes == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        owed_regime_free(regimes[i]);
    free(regimes);
}

owed_report *cli_public_report(owed_ctx *ctx, const char *case_path, const char *as_of_text,
                               char *const *regime_names, size_t n_names, int auto_default,
                               owed_case **kase, owed_regime ***regimes, size_t *n_regimes)
{
    *kase = NULL;
    *regimes = NULL;
    *n_regimes = 0;
    if (as_of_text && owed_date_check(ctx, "--as-of", as_of_text) != OWED_OK) {
        cli_report_ctx(ctx);
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
    for (size_t i = 0; i < n_names; i++)
        if ((long)i != auto_at &&
            owed_regime_open(ctx, regime_names[i], &(*regimes)[i]) != OWED_OK) {
            cli_report_ctx(ctx);
            return NULL;
        }
    owed_status st = strcmp(case_path, "-") == 0
                         ? owed_case_open_stream(ctx, _("standard input"), stdin, kase)
                         : owed_case_open_file(ctx, case_path, kase);
    if (st != OWED_OK) {
        cli_report_ctx(ctx);
        return NULL;
    }
    int implicit = 0;
    if (n_names == 0 && auto_default && owed_case_names_regime(*kase)) {
        auto_at = 0;
        *n_regimes = 1;
        implicit = 1;
    }
    if (auto_at >= 0 && owed_regime_auto(ctx, *kase, as_of_text, &(*regimes)[auto_at]) != OWED_OK) {
        if (!implicit || owed_ctx_error_code(ctx) != OWED_E_SEMANTIC) {
            cli_report_ctx(ctx);
            return NULL;
        }
        /* the regime was not asked for: the rules choosing none (a case in a currency no
           automatic regime is of, or dates none governs) leaves the contract view alone */
        fprintf(stderr, "%s: %s: %s %s; %s\n", owed_program_name, owed_case_name(*kase),
                _("warning:"), owed_ctx_error_text(ctx),
                _("the statement shows the contract view only"));
        auto_at = -1;
        *n_regimes = 0;
    }
    owed_report *r = NULL;
    if (owed_report_new(ctx, *kase, as_of_text, (const owed_regime *const *)*regimes,
                        *n_regimes, &r) != OWED_OK) {
        cli_report_ctx(ctx);
        return NULL;
    }
    if (auto_at >= 0)
        owed_report_mark_chosen(r, (size_t)auto_at);
    for (size_t k = 0; k < owed_report_warning_count(r); k++) {
        char *text = owed_report_warning(r, k);
        if (text != NULL)
            fprintf(stderr, "%s: %s: %s %s\n", owed_program_name, owed_case_name(*kase),
                    _("warning:"), text);
        owed_free(text);
    }
    return r;
}

void cli_public_release(owed_report *r, owed_case *kase, owed_regime **regimes,
                        size_t n_regimes)
{
    owed_report_free(r);
    owed_case_free(kase);
    free_regimes(regimes, n_regimes);
}
