/* The public interface (owed.h) on top of the internal modules: a context that holds the
 * data directory, the language, the limits and the last error (each entry point given a
 * context works inside a scope of its limits: owed_limits_scope_enter); cases, regimes
 * and reports are the internal structures themselves, opaque to callers. */
#include <config.h>

#include "owed.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmp.h>

#include "case_read.h"
#include "contract.h"
#include "date.h"
#include "error.h"
#include "glossary.h"
#include "i18n.h"
#include "lawful.h"
#include "number.h"
#include "owed_limits.h"
#include "owed_api_ctx.h"
#include "regime.h"
#include "regime_describe.h"
#include "report.h"
#include "statement.h"
#include "statement_brief.h"
#include "statement_util.h"
#include "xml_safe.h"

struct owed_ctx {
    char *datadir;
    char lang[4];
    owed_limit_values limits; /* 0: the process's */
    owed_error error;         /* the last error: errors[0] */
    owed_error *errors;       /* a case file's schema errors (errors[0] is `error`), or
                                 NULL: owed_ctx_error_at */
    size_t n_errors, more_errors;
    char *decimal_point, *thousands_sep, *grouping; /* NULL: the C locale's */
    char *preparer;                                 /* NULL: none */
    owed_glossary *glossary;  /* of glossary_lang (NULL: the data has none for it) */
    char glossary_lang[4];    /* the language glossary is for; "": none read yet */
};

enum { MAX_LISTED_ERRORS = 20 };

const char *owed_version(void)
{
    return PACKAGE_VERSION;
}

void owed_free(void *p)
{
    free(p);
}

/* ------------------------------------------------------------------ context */

owed_ctx *owed_ctx_new(void)
{
    owed_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return NULL;
    const char *env = getenv("OWED_DATADIR");
    ctx->datadir = strdup(env && *env ? env : PKGDATADIR);
    if (ctx->datadir == NULL) {
        free(ctx);
        return NULL;
    }
    strcpy(ctx->lang, "en");
    owed_error_clear(&ctx->error);
    return ctx;
}

void owed_ctx_free(owed_ctx *ctx)
{
    if (ctx == NULL)
        return;
    free(ctx->datadir);
    free(ctx->errors);
    free(ctx->decimal_point);
    free(ctx->thousands_sep);
    free(ctx->grouping);
    free(ctx->preparer);
    owed_glossary_free(ctx->glossary);
    free(ctx);
}

/* Records err in ctx (when there is one) and returns its code. */
static owed_status keep(owed_ctx *ctx, owed_status st, const owed_error *err)
{
    if (st != OWED_OK && ctx != NULL) {
        ctx->error = *err;
        free(ctx->errors);
        ctx->errors = NULL;
        ctx->n_errors = 1;
        ctx->more_errors = 0;
    }
    return st;
}

/* After a case file at `path` failed its schema (the error kept): lists every schema error
 * of the file, as many as MAX_LISTED_ERRORS.  A failure to list keeps the one error. */
static void list_schema_errors(owed_ctx *ctx, const char *path, const char *schema)
{
    owed_error *errs = calloc(MAX_LISTED_ERRORS, sizeof *errs);
    size_t n = 0, more = 0;
    if (errs == NULL)
        return;
    owed_xml_validate_list(path, schema, OWED_CASE_MAX_BYTES, errs, MAX_LISTED_ERRORS, &n,
                           &more);
    if (n == 0) {
        free(errs);
        return;
    }
    ctx->error = errs[0];
    ctx->errors = errs;
    ctx->n_errors = n;
    ctx->more_errors = more;
}

size_t owed_ctx_error_count(const owed_ctx *ctx)
{
    return ctx && ctx->error.code != OWED_OK ? ctx->n_errors : 0;
}

const char *owed_ctx_error_at(const owed_ctx *ctx, size_t i, const char **file, long *line)
{
    if (ctx == NULL || i >= owed_ctx_error_count(ctx))
        return NULL;
    const owed_error *e = ctx->errors ? &ctx->errors[i] : &ctx->error;
    if (file)
        *file = e->file;
    if (line)
        *line = e->line;
    return e->text;
}

size_t owed_ctx_error_more(const owed_ctx *ctx)
{
    return ctx && ctx->error.code != OWED_OK ? ctx->more_errors : 0;
}

static owed_status bad_arg(owed_ctx *ctx, const char *what)
{
    owed_error err;
    owed_error_clear(&err);
    owed_error_set(&err, OWED_E_ARG, "", 0, _("invalid argument: %s"), what);
    return keep(ctx, OWED_E_ARG, &err);
}

static void forget_glossary(owed_ctx *ctx)
{
    owed_glossary_free(ctx->glossary);
    ctx->glossary = NULL;
    ctx->glossary_lang[0] = '\0';
}

/* *dst = a copy of src (NULL for NULL).  0, or -1 when memory runs out (*dst unchanged). */
static int replace_text(char **dst, const char *src)
{
    char *copy = NULL;
    if (src != NULL && (copy = strdup(src)) == NULL)
        return -1;
    free(*dst);
    *dst = copy;
    return 0;
}

static owed_status no_memory(owed_ctx *ctx)
{
    owed_error err;
    owed_error_clear(&err);
    return keep(ctx, owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory")), &err);
}

owed_status owed_ctx_set_number_format(owed_ctx *ctx, const char *decimal_point,
                                       const char *thousands_sep, const char *grouping)
{
    if (ctx == NULL || decimal_point == NULL || *decimal_point == '\0')
        return bad_arg(ctx, "decimal_point");
    char *d = NULL, *t = NULL, *g = NULL;
    if (replace_text(&d, decimal_point) != 0 || replace_text(&t, thousands_sep) != 0 ||
        replace_text(&g, grouping) != 0) {
        free(d);
        free(t);
        free(g);
        return no_memory(ctx);
    }
    free(ctx->decimal_point);
    free(ctx->thousands_sep);
    free(ctx->grouping);
    ctx->decimal_point = d;
    ctx->thousands_sep = t;
    ctx->grouping = g;
    return OWED_OK;
}

owed_status owed_ctx_set_preparer(owed_ctx *ctx, const char *who)
{
    if (ctx == NULL)
        return bad_arg(ctx, "ctx");
    return replace_text(&ctx->preparer, who) == 0 ? OWED_OK : no_memory(ctx);
}

/* The glossary of the context's language (NULL for "en", or when the data has none):
 * read on first use.  OWED_OK, or the error of reading it (kept in ctx). */
static owed_status glossary_of(owed_ctx *ctx, const owed_glossary **out)
{
    *out = NULL;
    if (strcmp(ctx->lang, "en") == 0)
        return OWED_OK;
    if (strcmp(ctx->glossary_lang, ctx->lang) == 0) {
        *out = ctx->glossary;
        return OWED_OK;
    }
    forget_glossary(ctx);
    char path[4096], schema[4096];
    snprintf(path, sizeof path, "%s/glossary/%s.xml", ctx->datadir, ctx->lang);
    snprintf(schema, sizeof schema, "%s/schema/glossary.xsd", ctx->datadir);
    if (access(path, F_OK) != 0) {
        strcpy(ctx->glossary_lang, ctx->lang); /* none: statements keep the files' words */
        return OWED_OK;
    }
    owed_error err;
    owed_error_clear(&err);
    if (owed_glossary_read(path, schema, &ctx->glossary, &err) != OWED_OK)
        return keep(ctx, err.code, &err);
    strcpy(ctx->glossary_lang, ctx->lang);
    *out = ctx->glossary;
    return OWED_OK;
}

owed_status owed_ctx_set_datadir(owed_ctx *ctx, const char *dir)
{
    if (ctx == NULL || dir == NULL || *dir == '\0')
        return bad_arg(ctx, "dir");
    char *copy = strdup(dir);
    if (copy == NULL) {
        owed_error err;
        owed_error_clear(&err);
        return keep(ctx, owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory")), &err);
    }
    free(ctx->datadir);
    ctx->datadir = copy;
    forget_glossary(ctx);
    return OWED_OK;
}

const char *owed_ctx_datadir(const owed_ctx *ctx)
{
    return ctx ? ctx->datadir : NULL;
}

owed_status owed_ctx_set_language(owed_ctx *ctx, const char *lang)
{
    if (ctx == NULL || lang == NULL || (strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0 &&
                                       strcmp(lang, "ja") != 0))
        return bad_arg(ctx, "lang");
    strcpy(ctx->lang, lang);
    forget_glossary(ctx);
    return OWED_OK;
}

owed_status owed_ctx_set_limit(owed_ctx *ctx, owed_limit which, long value)
{
    if (ctx == NULL)
        return OWED_E_ARG;
    owed_error err;
    owed_error_clear(&err);
    if (owed_limit_value_check(which, value, &err) != OWED_OK)
        return keep(ctx, err.code, &err);
    ctx->limits.value[which] = value;
    return OWED_OK;
}

long owed_ctx_limit(const owed_ctx *ctx, owed_limit which)
{
    if (ctx == NULL || which < 0 || which >= OWED_LIMIT_COUNT)
        return -1;
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    long v = which == OWED_LIMIT_INPUT_BYTES && !owed_limit_is_set(which)
                 ? 0
                 : owed_limit_get(which, 0);
    owed_limits_scope_leave(previous);
    return v;
}

const char *owed_ctx_language(const owed_ctx *ctx)
{
    return ctx ? ctx->lang : NULL;
}

owed_status owed_ctx_error_code(const owed_ctx *ctx)
{
    return ctx ? ctx->error.code : OWED_E_ARG;
}

const char *owed_ctx_error_text(const owed_ctx *ctx)
{
    return ctx ? ctx->error.text : "";
}

const char *owed_ctx_error_file(const owed_ctx *ctx)
{
    return ctx ? ctx->error.file : "";
}

long owed_ctx_error_line(const owed_ctx *ctx)
{
    return ctx ? ctx->error.line : 0;
}

owed_status owed_date_check(owed_ctx *ctx, const char *name, const char *text)
{
    if (ctx == NULL || text == NULL)
        return bad_arg(ctx, "text");
    owed_error err;
    owed_error_clear(&err);
    owed_date d;
    return keep(ctx, owed_date_parse(&d, text, name ? name : "date", 0, &err), &err);
}

/* ------------------------------------------------------------------ cases */

static const char *case_schema(const owed_ctx *ctx, char *buf, size_t size)
{
    snprintf(buf, size, "%s/schema/case.xsd", ctx->datadir);
    return buf;
}

owed_status owed_case_open_file(owed_ctx *ctx, const char *path, owed_case **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || path == NULL || out == NULL)
        return bad_arg(ctx, "path");
    char schema[4096];
    owed_error err;
    owed_error_clear(&err);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st = owed_case_read_file(path, case_schema(ctx, schema, sizeof schema), out, &err);
    keep(ctx, st, &err);
    if (st == OWED_E_SCHEMA)
        list_schema_errors(ctx, path, schema);
    owed_limits_scope_leave(previous);
    return st;
}

owed_status owed_case_open_memory(owed_ctx *ctx, const char *name, const void *buf,
                                  size_t len, owed_case **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || out == NULL || (buf == NULL && len > 0))
        return bad_arg(ctx, "buf");
    char schema[4096];
    owed_error err;
    owed_error_clear(&err);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st = owed_case_read_buffer(name, buf, len,
                                           case_schema(ctx, schema, sizeof schema), out, &err);
    owed_limits_scope_leave(previous);
    return keep(ctx, st, &err);
}

owed_status owed_case_open_stream(owed_ctx *ctx, const char *name, FILE *fp, owed_case **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || fp == NULL || out == NULL)
        return bad_arg(ctx, "fp");
    char schema[4096];
    owed_error err;
    owed_error_clear(&err);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st =
        owed_case_read_stream(name, fp, case_schema(ctx, schema, sizeof schema), out, &err);
    owed_limits_scope_leave(previous);
    return keep(ctx, st, &err);
}

size_t owed_case_loan_count(const owed_case *c)
{
    return c ? c->n_loans : 0;
}

const char *owed_case_loan_id(const owed_case *c, size_t i)
{
    return c && i < c->n_loans ? c->loans[i].id : NULL;
}

const char *owed_case_name(const owed_case *c)
{
    return c ? c->file : NULL;
}

int owed_case_names_regime(const owed_case *c)
{
    if (c == NULL)
        return 0;
    if (c->has_filed || c->lender_kind != OWED_LENDER_UNKNOWN)
        return 1;
    for (size_t i = 0; i < c->n_loans; i++)
        if (c->loans[i].lender_kind != OWED_LENDER_UNKNOWN)
            return 1;
    return 0;
}

/* ------------------------------------------------------------------ regimes */

owed_status owed_regime_open(owed_ctx *ctx, const char *id_or_path, owed_regime **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || id_or_path == NULL || out == NULL)
        return bad_arg(ctx, "id_or_path");
    owed_error err;
    owed_error_clear(&err);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st = owed_regime_load(id_or_path, ctx->datadir, out, &err);
    owed_limits_scope_leave(previous);
    return keep(ctx, st, &err);
}

owed_status owed_regime_ids(owed_ctx *ctx, char ***ids, size_t *n)
{
    if (ids != NULL)
        *ids = NULL;
    if (n != NULL)
        *n = 0;
    if (ctx == NULL || ids == NULL || n == NULL)
        return bad_arg(ctx, "ids");
    owed_error err;
    owed_error_clear(&err);
    return keep(ctx, owed_regime_list(ctx->datadir, ids, n, &err), &err);
}

void owed_regime_ids_free(char **ids, size_t n)
{
    owed_regime_list_free(ids, n);
}

owed_status owed_regime_write(owed_ctx *ctx, const owed_regime *r, FILE *fp)
{
    if (ctx == NULL || r == NULL || fp == NULL)
        return bad_arg(ctx, "regime");
    owed_error err;
    owed_error_clear(&err);
    if (owed_regime_describe(fp, r, ctx->lang) != 0)
        return keep(ctx, owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory")), &err);
    if (ferror(fp))
        return keep(ctx, owed_error_set(&err, OWED_E_IO, "", 0, _("write error")), &err);
    return OWED_OK;
}

/* *when = the date `as_of` names, or the case's as-of date when it is NULL; an error
 * (named "as_of") is kept in ctx. */
static owed_status as_of_date(owed_ctx *ctx, const owed_case *c, const char *as_of,
                              owed_date *when)
{
    owed_error err;
    owed_error_clear(&err);
    *when = c->as_of;
    if (as_of != NULL && owed_date_parse(when, as_of, "as_of", 0, &err) != OWED_OK)
        return keep(ctx, err.code, &err);
    return OWED_OK;
}

owed_status owed_regime_auto(owed_ctx *ctx, const owed_case *c, const char *as_of,
                             owed_regime **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || c == NULL || out == NULL)
        return bad_arg(ctx, "case");
    owed_date when;
    if (as_of_date(ctx, c, as_of, &when) != OWED_OK)
        return owed_ctx_error_code(ctx);
    owed_error err;
    owed_error_clear(&err);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st = owed_regime_choose(ctx->datadir, c, c->has_filed ? c->filed : when, out,
                                        &err);
    owed_limits_scope_leave(previous);
    return keep(ctx, st, &err);
}

/* ------------------------------------------------------------------ reports */

owed_status owed_report_new(owed_ctx *ctx, const owed_case *c, const char *as_of,
                            const owed_regime *const *regimes, size_t n_regimes,
                            owed_report **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || c == NULL || out == NULL || (regimes == NULL && n_regimes > 0))
        return bad_arg(ctx, "case");
    for (size_t g = 0; g < n_regimes; g++)
        if (regimes[g] == NULL)
            return bad_arg(ctx, "regimes");
    owed_date when;
    if (as_of_date(ctx, c, as_of, &when) != OWED_OK)
        return owed_ctx_error_code(ctx);
    owed_error err;
    owed_error_clear(&err);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st = owed_report_build(c, when, regimes, n_regimes, out, &err);
    owed_limits_scope_leave(previous);
    return keep(ctx, st, &err);
}

size_t owed_report_loan_count(const owed_report *r)
{
    return r ? r->kase->n_loans : 0;
}

size_t owed_report_regime_count(const owed_report *r)
{
    return r ? r->n_regimes : 0;
}

const char *owed_report_loan_id(const owed_report *r, size_t loan)
{
    return r ? owed_case_loan_id(r->kase, loan) : NULL;
}

/* out = figure `what` of loan i under regime g.  0, or -1 when `what` is unknown. */
static int loan_figure(mpq_t out, const owed_report *r, owed_figure what, size_t i, size_t g)
{
    if (what == OWED_FIG_CONTRACT_BALANCE) {
        owed_loan_total(out, &r->contract->loans[i]);
        return 0;
    }
    const owed_lawful_loan *L = &r->lawful[g]->loans[i];
    switch (what) {
    case OWED_FIG_LAWFUL_BALANCE: mpq_set(out, L->balance); return 0;
    case OWED_FIG_LAWFUL_PRINCIPAL: mpq_set(out, L->principal); return 0;
    case OWED_FIG_ENFORCEABLE_CHARGES: mpq_set(out, L->lawful_charges); return 0;
    case OWED_FIG_REFUND: mpq_set(out, L->refund); return 0;
    case OWED_FIG_REFUND_INTEREST: mpq_set(out, L->refund_interest); return 0;
    case OWED_FIG_ABOVE_CAP: mpq_set(out, L->above_cap); return 0;
    default: return -1;
    }
}

char *owed_report_figure(const owed_report *r, owed_figure what, size_t loan, size_t regime,
                         owed_figure_form form)
{
    if (r == NULL || (loan != OWED_ALL_LOANS && loan >= r->kase->n_loans) ||
        (form != OWED_EXACT && form != OWED_ROUNDED))
        return NULL;
    if (what != OWED_FIG_CONTRACT_BALANCE && regime >= r->n_regimes)
        return NULL;
    mpq_t sum, one;
    mpq_init(sum);
    mpq_init(one);
    int bad = 0;
    size_t from = loan == OWED_ALL_LOANS ? 0 : loan;
    size_t to = loan == OWED_ALL_LOANS ? r->kase->n_loans : loan + 1;
    for (size_t i = from; i < to && !bad; i++) {
        if (loan_figure(one, r, what, i, regime) != 0)
            bad = 1;
        else
            mpq_add(sum, sum, one);
    }
    char *text = NULL;
    if (!bad)
        text = form == OWED_EXACT ? owed_exact_format(sum) : owed_stmt_amount(r, sum);
    mpq_clear(one);
    mpq_clear(sum);
    return text;
}

owed_status owed_report_write(owed_ctx *ctx, const owed_report *r, owed_format format,
                              unsigned flags, FILE *fp)
{
    if (ctx == NULL || r == NULL || fp == NULL)
        return bad_arg(ctx, "report");
    if ((flags & ~(OWED_WRITE_EXACT | OWED_WRITE_NO_LEDGER)) != 0)
        return bad_arg(ctx, "flags");
    owed_statement_options opt;
    memset(&opt, 0, sizeof opt);
    opt.exact = (flags & OWED_WRITE_EXACT) != 0;
    opt.ledger = (flags & OWED_WRITE_NO_LEDGER) == 0;
    opt.lang = ctx->lang;
    owed_error err;
    owed_error_clear(&err);
    if (format != OWED_FORMAT_TEXT && format != OWED_FORMAT_HTML && format != OWED_FORMAT_XML &&
        format != OWED_FORMAT_CSV && format != OWED_FORMAT_BRIEF)
        return bad_arg(ctx, "format");
    opt.numeric.decimal_point = ctx->decimal_point ? ctx->decimal_point : ".";
    opt.numeric.thousands_sep = ctx->thousands_sep ? ctx->thousands_sep : "";
    opt.numeric.grouping = ctx->grouping ? ctx->grouping : "";
    opt.prepared_by = ctx->preparer;
    if (glossary_of(ctx, &opt.glossary) != OWED_OK)
        return owed_ctx_error_code(ctx);
    const owed_limit_values *previous = owed_limits_scope_enter(&ctx->limits);
    owed_status st;
    switch (format) {
    case OWED_FORMAT_TEXT: st = owed_statement_write_text(fp, r, &opt, &err); break;
    case OWED_FORMAT_HTML: st = owed_statement_write_html(fp, r, &opt, &err); break;
    case OWED_FORMAT_XML: st = owed_statement_write_xml(fp, r, &opt, &err); break;
    case OWED_FORMAT_BRIEF: st = owed_statement_write_brief(fp, r, &opt, &err); break;
    default: st = owed_statement_write_csv(fp, r, &opt, &err); break;
    }
    owed_limits_scope_leave(previous);
    return keep(ctx, st, &err);
}

/* ------------------------------------------------------------------ owed_api_ctx.h */

const owed_limit_values *owed_api_limits_enter(const owed_ctx *ctx)
{
    return owed_limits_scope_enter(&ctx->limits);
}

owed_status owed_api_keep(owed_ctx *ctx, owed_status st, const owed_error *err)
{
    return keep(ctx, st, err);
}
