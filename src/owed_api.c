/* The public interface (owed.h) on top of the internal modules: a context that holds the
 * data directory, the language, the limits, the allocator and the last error (each entry
 * point given a context works inside a scope of its limits and its allocator:
 * owed_api_scope.h); cases, regimes and reports are the internal structures themselves,
 * opaque to callers.  The context's own settings (datadir, the number format, the
 * preparer, the schema errors, the glossary) are kept with the context's allocator; the
 * context itself is the C library's. */
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
#include "input_ids.h"
#include "lawful.h"
#include "mem.h"
#include "money.h"
#include "number.h"
#include "owed_api_ctx.h"
#include "owed_api_scope.h"
#include "owed_limits.h"
#include "rate.h"
#include "regime.h"
#include "regime_describe.h"
#include "report.h"
#include "statement.h"
#include "statement_brief.h"
#include "text_safe.h"
#include "statement_util.h"
#include "xml_safe.h"

struct owed_ctx {
    char *datadir;
    char lang[4];
    owed_words words;          /* lang's words (catalogue.h): what the library writes in */
    owed_limit_values limits; /* 0: the process's */
    owed_error error;         /* the last error: errors[0] */
    owed_error *errors;       /* a case file's schema errors (errors[0] is `error`), or
                                 NULL: owed_ctx_error_at */
    size_t n_errors, more_errors;
    char *decimal_point, *thousands_sep, *grouping; /* NULL: the C locale's */
    char *preparer;                                 /* NULL: none */
    owed_glossary *glossary;  /* of glossary_lang (NULL: the data has none for it) */
    char glossary_lang[4];    /* the language glossary is for; "": none read yet */
    owed_allocator mem;       /* owed_ctx_set_allocator; all NULL: the C library's */
    owed_report_spare spare_report; /* owed_ctx_spare_report */
    owed_q_pool q_pool;             /* owed_ctx_q_pool */
};

enum { MAX_LISTED_ERRORS = 20 };

const char *owed_version(void)
{
    return PACKAGE_VERSION;
}

/* Strings and arrays given to the caller carry the allocator that made them (mem.h). */
void owed_free(void *p)
{
    owed_mem_give_free(p);
}

/* ------------------------------------------------------------------ context */

owed_api_scope owed_api_scope_enter(const owed_ctx *ctx)
{
    owed_api_scope previous;
    previous.limits = owed_limits_scope_enter(&ctx->limits);
    previous.mem = owed_mem_scope_enter(&ctx->mem);
    previous.words = owed_words_enter(ctx->words);
    return previous;
}

void owed_api_scope_leave(owed_api_scope previous)
{
    owed_words_leave(previous.words);
    owed_mem_scope_leave(previous.mem);
    owed_limits_scope_leave(previous.limits);
}

/* A scope of the context's allocator alone, for its own settings. */
static const owed_allocator *enter_mem(const owed_ctx *ctx)
{
    return owed_mem_scope_enter(&ctx->mem);
}

owed_ctx *owed_ctx_new(void)
{
    /* the context and its first settings are the C library's: it has no allocator yet */
    const owed_allocator *previous = owed_mem_scope_enter(NULL);
    owed_ctx *ctx = owed_mem_calloc(1, sizeof *ctx);
    if (ctx != NULL) {
        const char *env = getenv("OWED_DATADIR");
        ctx->datadir = owed_mem_strdup(env && *env ? env : PKGDATADIR);
        if (ctx->datadir == NULL) {
            owed_mem_free(ctx);
            ctx = NULL;
        } else {
            strcpy(ctx->lang, "en");
            ctx->words = owed_words_of(NULL, "en"); /* English, whatever the process's */
            owed_error_clear(&ctx->error);
        }
    }
    owed_mem_scope_leave(previous);
    return ctx;
}

/* The settings of a context (the strings and arrays it owns besides the glossary). */
typedef struct settings {
    char *datadir, *decimal_point, *thousands_sep, *grouping, *preparer;
    owed_error *errors;
} settings;

/* Frees s in the calling thread's memory scope. */
static void settings_free(settings *s)
{
    owed_mem_free(s->datadir);
    owed_mem_free(s->decimal_point);
    owed_mem_free(s->thousands_sep);
    owed_mem_free(s->grouping);
    owed_mem_free(s->preparer);
    owed_mem_free(s->errors);
}

static settings settings_of(const owed_ctx *ctx)
{
    settings s = {ctx->datadir, ctx->decimal_point, ctx->thousands_sep, ctx->grouping,
                  ctx->preparer, ctx->errors};
    return s;
}

void owed_ctx_free(owed_ctx *ctx)
{
    if (ctx == NULL)
        return;
    owed_report_spare_clear(&ctx->spare_report); /* in the scope it was made in */
    owed_q_pool_clear(&ctx->q_pool); /* (GMP's memory) */
    const owed_allocator *previous = enter_mem(ctx);
    settings s = settings_of(ctx);
    settings_free(&s);
    owed_glossary_free(ctx->glossary);
    owed_mem_scope_leave(previous);
    previous = owed_mem_scope_enter(NULL);
    owed_mem_free(ctx);
    owed_mem_scope_leave(previous);
}

/* Records err in ctx (when there is one) and returns its code. */
static owed_status keep(owed_ctx *ctx, owed_status st, const owed_error *err)
{
    if (st != OWED_OK && ctx != NULL) {
        ctx->error = *err;
        const owed_allocator *previous = enter_mem(ctx);
        owed_mem_free(ctx->errors);
        owed_mem_scope_leave(previous);
        ctx->errors = NULL;
        ctx->n_errors = 1;
        ctx->more_errors = 0;
    }
    return st;
}

/* After a case file at `path` failed its schema (the error kept): lists every schema error
 * of the file, as many as MAX_LISTED_ERRORS.  A failure to list keeps the one error.  In a
 * scope of the context's allocator. */
static void list_schema_errors(owed_ctx *ctx, const char *path, const char *schema)
{
    owed_error *errs = owed_mem_calloc(MAX_LISTED_ERRORS, sizeof *errs);
    size_t n = 0, more = 0;
    if (errs == NULL)
        return;
    owed_xml_validate_list(path, schema, OWED_CASE_MAX_BYTES, errs, MAX_LISTED_ERRORS, &n,
                           &more);
    if (n == 0) {
        owed_mem_free(errs);
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

struct owed_report_spare *owed_ctx_spare_report(owed_ctx *ctx)
{
    return &ctx->spare_report;
}

struct owed_q_pool *owed_ctx_q_pool(owed_ctx *ctx)
{
    return &ctx->q_pool;
}

owed_words owed_ctx_words(const owed_ctx *ctx)
{
    owed_words english = {1, NULL};
    return ctx ? ctx->words : english;
}

/* The errors of the arguments and of memory, in the words of ctx's language (owed_api_ctx.h). */
owed_status owed_ctx_bad_arg(owed_ctx *ctx, const char *what)
{
    owed_error err;
    owed_error_clear(&err);
    owed_words words = owed_words_enter(owed_ctx_words(ctx));
    owed_error_set(&err, OWED_E_ARG, "", 0, _("invalid argument: %s"), what);
    owed_words_leave(words);
    return keep(ctx, OWED_E_ARG, &err);
}

static void forget_glossary(owed_ctx *ctx)
{
    const owed_allocator *previous = enter_mem(ctx);
    owed_glossary_free(ctx->glossary);
    owed_mem_scope_leave(previous);
    ctx->glossary = NULL;
    ctx->glossary_lang[0] = '\0';
}

/* *dst = a copy of src (NULL for NULL), in the calling thread's memory scope.  0, or -1
 * when memory runs out (*dst unchanged). */
static int replace_text(char **dst, const char *src)
{
    char *copy = NULL;
    if (src != NULL && (copy = owed_mem_strdup(src)) == NULL)
        return -1;
    owed_mem_free(*dst);
    *dst = copy;
    return 0;
}

owed_status owed_ctx_no_memory(owed_ctx *ctx)
{
    owed_error err;
    owed_error_clear(&err);
    owed_words words = owed_words_enter(owed_ctx_words(ctx));
    owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
    owed_words_leave(words);
    return keep(ctx, OWED_E_NOMEM, &err);
}

owed_status owed_ctx_set_number_format(owed_ctx *ctx, const char *decimal_point,
                                       const char *thousands_sep, const char *grouping)
{
    if (ctx == NULL || decimal_point == NULL || *decimal_point == '\0')
        return owed_ctx_bad_arg(ctx, "decimal_point");
    char *d = NULL, *t = NULL, *g = NULL;
    const owed_allocator *previous = enter_mem(ctx);
    int failed = replace_text(&d, decimal_point) != 0 || replace_text(&t, thousands_sep) != 0 ||
                 replace_text(&g, grouping) != 0;
    if (failed) {
        owed_mem_free(d);
        owed_mem_free(t);
        owed_mem_free(g);
    } else {
        owed_mem_free(ctx->decimal_point);
        owed_mem_free(ctx->thousands_sep);
        owed_mem_free(ctx->grouping);
        ctx->decimal_point = d;
        ctx->thousands_sep = t;
        ctx->grouping = g;
    }
    owed_mem_scope_leave(previous);
    return failed ? owed_ctx_no_memory(ctx) : OWED_OK;
}

owed_status owed_ctx_set_preparer(owed_ctx *ctx, const char *who)
{
    if (ctx == NULL)
        return owed_ctx_bad_arg(ctx, "ctx");
    const owed_allocator *previous = enter_mem(ctx);
    int failed = replace_text(&ctx->preparer, who) != 0;
    owed_mem_scope_leave(previous);
    return failed ? owed_ctx_no_memory(ctx) : OWED_OK;
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
    /* the context's allocator (the glossary is the context's), limits and words */
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_glossary_read(path, schema, &ctx->glossary, &err);
    owed_api_scope_leave(previous);
    if (st != OWED_OK)
        return keep(ctx, err.code, &err);
    strcpy(ctx->glossary_lang, ctx->lang);
    *out = ctx->glossary;
    return OWED_OK;
}

owed_status owed_ctx_set_datadir(owed_ctx *ctx, const char *dir)
{
    if (ctx == NULL || dir == NULL || *dir == '\0')
        return owed_ctx_bad_arg(ctx, "dir");
    const owed_allocator *previous = enter_mem(ctx);
    char *copy = owed_mem_strdup(dir);
    if (copy != NULL) {
        owed_mem_free(ctx->datadir);
        ctx->datadir = copy;
    }
    owed_mem_scope_leave(previous);
    if (copy == NULL)
        return owed_ctx_no_memory(ctx);
    forget_glossary(ctx);
    return OWED_OK;
}

/* *s = a copy of the settings of ctx, with the allocator of the calling thread's scope.
 * 0, or -1 when memory runs out (nothing left allocated). */
static int settings_copy(settings *s, const owed_ctx *ctx)
{
    memset(s, 0, sizeof *s);
    if (replace_text(&s->datadir, ctx->datadir) != 0 ||
        replace_text(&s->decimal_point, ctx->decimal_point) != 0 ||
        replace_text(&s->thousands_sep, ctx->thousands_sep) != 0 ||
        replace_text(&s->grouping, ctx->grouping) != 0 ||
        replace_text(&s->preparer, ctx->preparer) != 0)
        goto fail;
    if (ctx->errors != NULL) {
        s->errors = owed_mem_calloc(ctx->n_errors, sizeof *s->errors);
        if (s->errors == NULL)
            goto fail;
        memcpy(s->errors, ctx->errors, ctx->n_errors * sizeof *s->errors);
    }
    return 0;
fail:
    settings_free(s);
    return -1;
}

/* The settings move to the new allocator (copied with it, then freed with the old one);
 * the glossary, read again when needed, is freed. */
owed_status owed_ctx_set_allocator(owed_ctx *ctx, const owed_allocator *a)
{
    if (ctx == NULL || (a != NULL && (a->malloc_fn == NULL || a->realloc_fn == NULL ||
                                      a->free_fn == NULL)))
        return owed_ctx_bad_arg(ctx, "allocator");
    owed_allocator next;
    if (a != NULL)
        next = *a;
    else
        memset(&next, 0, sizeof next);
    settings copy;
    const owed_allocator *previous = owed_mem_scope_enter(&next);
    int failed = settings_copy(&copy, ctx);
    owed_mem_scope_leave(previous);
    if (failed)
        return owed_ctx_no_memory(ctx);
    forget_glossary(ctx);
    owed_report_spare_clear(&ctx->spare_report); /* made with the allocator that goes */
    previous = enter_mem(ctx);
    settings old = settings_of(ctx);
    settings_free(&old);
    owed_mem_scope_leave(previous);
    ctx->datadir = copy.datadir;
    ctx->decimal_point = copy.decimal_point;
    ctx->thousands_sep = copy.thousands_sep;
    ctx->grouping = copy.grouping;
    ctx->preparer = copy.preparer;
    ctx->errors = copy.errors;
    ctx->mem = next;
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
        return owed_ctx_bad_arg(ctx, "lang");
    strcpy(ctx->lang, lang);
    ctx->words = owed_words_of(NULL, lang);
    forget_glossary(ctx);
    return OWED_OK;
}

owed_status owed_ctx_set_limit(owed_ctx *ctx, owed_limit which, long value)
{
    if (ctx == NULL)
        return OWED_E_ARG;
    owed_error err;
    owed_error_clear(&err);
    owed_words words = owed_words_enter(ctx->words);
    owed_status st = owed_limit_value_check(which, value, &err);
    owed_words_leave(words);
    if (st != OWED_OK)
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
        return owed_ctx_bad_arg(ctx, "text");
    owed_error err;
    owed_error_clear(&err);
    owed_date d;
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_date_parse(&d, text, name ? name : "date", 0, &err);
    owed_api_scope_leave(previous);
    return keep(ctx, st, &err);
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
        return owed_ctx_bad_arg(ctx, "path");
    char schema[4096];
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_case_read_file(path, case_schema(ctx, schema, sizeof schema), out, &err);
    keep(ctx, st, &err);
    if (st == OWED_E_SCHEMA)
        list_schema_errors(ctx, path, schema);
    owed_api_scope_leave(previous);
    return st;
}

owed_status owed_case_open_memory(owed_ctx *ctx, const char *name, const void *buf,
                                  size_t len, owed_case **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || out == NULL || (buf == NULL && len > 0))
        return owed_ctx_bad_arg(ctx, "buf");
    char schema[4096];
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_case_read_buffer(name, buf, len,
                                           case_schema(ctx, schema, sizeof schema), out, &err);
    owed_api_scope_leave(previous);
    return keep(ctx, st, &err);
}

owed_status owed_case_open_stream(owed_ctx *ctx, const char *name, FILE *fp, owed_case **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || fp == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "fp");
    char schema[4096];
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st =
        owed_case_read_stream(name, fp, case_schema(ctx, schema, sizeof schema), out, &err);
    owed_api_scope_leave(previous);
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
        return owed_ctx_bad_arg(ctx, "id_or_path");
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_regime_load(id_or_path, ctx->datadir, out, &err);
    owed_api_scope_leave(previous);
    return keep(ctx, st, &err);
}

owed_status owed_regime_ids(owed_ctx *ctx, char ***ids, size_t *n)
{
    if (ids != NULL)
        *ids = NULL;
    if (n != NULL)
        *n = 0;
    if (ctx == NULL || ids == NULL || n == NULL)
        return owed_ctx_bad_arg(ctx, "ids");
    owed_error err;
    owed_error_clear(&err);
    char **listed = NULL;
    size_t n_listed = 0;
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_regime_list(ctx->datadir, &listed, &n_listed, &err);
    char **given = NULL;
    if (st == OWED_OK && (given = owed_mem_give_alloc((n_listed ? n_listed : 1) *
                                                      sizeof *given)) == NULL)
        st = owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
    for (size_t i = 0; st == OWED_OK && i < n_listed; i++)
        if ((given[i] = owed_mem_give_string(listed[i])) == NULL) {
            owed_regime_ids_free(given, i);
            given = NULL;
            st = owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
        }
    owed_regime_list_free(listed, n_listed);
    owed_api_scope_leave(previous);
    if (st == OWED_OK) {
        *ids = given;
        *n = n_listed;
    }
    return keep(ctx, st, &err);
}

/* The array and each id are given blocks (owed_free). */
void owed_regime_ids_free(char **ids, size_t n)
{
    if (ids == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        owed_mem_give_free(ids[i]);
    owed_mem_give_free(ids);
}

owed_status owed_regime_write(owed_ctx *ctx, const owed_regime *r, FILE *fp)
{
    if (ctx == NULL || r == NULL || fp == NULL)
        return owed_ctx_bad_arg(ctx, "regime");
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = OWED_OK;
    if (owed_regime_describe(fp, r, ctx->lang) != 0)
        st = owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
    else if (ferror(fp))
        st = owed_error_set(&err, OWED_E_IO, "", 0, _("write error"));
    owed_api_scope_leave(previous);
    return keep(ctx, st, &err);
}

/* *when = the date `as_of` names, or the case's as-of date when it is NULL; an error
 * (named "as_of") is kept in ctx. */
static owed_status as_of_date(owed_ctx *ctx, const owed_case *c, const char *as_of,
                              owed_date *when)
{
    owed_error err;
    owed_error_clear(&err);
    *when = c->as_of;
    owed_words words = owed_words_enter(ctx->words);
    owed_status st = as_of ? owed_date_parse(when, as_of, "as_of", 0, &err) : OWED_OK;
    owed_words_leave(words);
    return st == OWED_OK ? OWED_OK : keep(ctx, err.code, &err);
}

owed_status owed_regime_auto(owed_ctx *ctx, const owed_case *c, const char *as_of,
                             owed_regime **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || c == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "case");
    owed_date when;
    if (as_of_date(ctx, c, as_of, &when) != OWED_OK)
        return owed_ctx_error_code(ctx);
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_regime_choose(ctx->datadir, c, c->has_filed ? c->filed : when, out,
                                        &err);
    owed_api_scope_leave(previous);
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
        return owed_ctx_bad_arg(ctx, "case");
    for (size_t g = 0; g < n_regimes; g++)
        if (regimes[g] == NULL)
            return owed_ctx_bad_arg(ctx, "regimes");
    owed_date when;
    if (as_of_date(ctx, c, as_of, &when) != OWED_OK)
        return owed_ctx_error_code(ctx);
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_report_build(c, when, regimes, n_regimes, out, &err);
    owed_api_scope_leave(previous);
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
    const owed_allocator *previous = owed_mem_scope_enter(&r->mem);
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
    char *given = owed_mem_give_string(text);
    owed_mem_free(text);
    owed_mem_scope_leave(previous);
    mpq_clear(one);
    mpq_clear(sum);
    return given;
}

owed_status owed_report_write(owed_ctx *ctx, const owed_report *r, owed_format format,
                              unsigned flags, FILE *fp)
{
    if (ctx == NULL || r == NULL || fp == NULL)
        return owed_ctx_bad_arg(ctx, "report");
    if ((flags & ~(OWED_WRITE_EXACT | OWED_WRITE_NO_LEDGER)) != 0)
        return owed_ctx_bad_arg(ctx, "flags");
    owed_statement_options opt;
    memset(&opt, 0, sizeof opt);
    opt.exact = (flags & OWED_WRITE_EXACT) != 0;
    opt.ledger = (flags & OWED_WRITE_NO_LEDGER) == 0;
    opt.lang = ctx->lang;
    owed_error err;
    owed_error_clear(&err);
    if (format != OWED_FORMAT_TEXT && format != OWED_FORMAT_HTML && format != OWED_FORMAT_XML &&
        format != OWED_FORMAT_CSV && format != OWED_FORMAT_BRIEF)
        return owed_ctx_bad_arg(ctx, "format");
    opt.numeric.decimal_point = ctx->decimal_point ? ctx->decimal_point : ".";
    opt.numeric.thousands_sep = ctx->thousands_sep ? ctx->thousands_sep : "";
    opt.numeric.grouping = ctx->grouping ? ctx->grouping : "";
    opt.prepared_by = ctx->preparer;
    if (glossary_of(ctx, &opt.glossary) != OWED_OK)
        return owed_ctx_error_code(ctx);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st;
    switch (format) {
    case OWED_FORMAT_TEXT: st = owed_statement_write_text(fp, r, &opt, &err); break;
    case OWED_FORMAT_HTML: st = owed_statement_write_html(fp, r, &opt, &err); break;
    case OWED_FORMAT_XML: st = owed_statement_write_xml(fp, r, &opt, &err); break;
    case OWED_FORMAT_BRIEF: st = owed_statement_write_brief(fp, r, &opt, &err); break;
    default: st = owed_statement_write_csv(fp, r, &opt, &err); break;
    }
    owed_api_scope_leave(previous);
    return keep(ctx, st, &err);
}

/* ------------------------------------------------------------------ checks of one field
 * (owed serve's form checks each field as a case file's reader would, through these) */

owed_status owed_amount_check(owed_ctx *ctx, const char *name, const char *text,
                              const char *currency)
{
    if (ctx == NULL || text == NULL)
        return owed_ctx_bad_arg(ctx, "text");
    owed_currency cur;
    if (currency == NULL || owed_currency_lookup(currency, &cur) != 0)
        return owed_ctx_bad_arg(ctx, "currency");
    owed_error err;
    owed_error_clear(&err);
    mpq_t q;
    mpq_init(q);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_money_parse(q, text, &cur, 0, name ? name : "amount", 0, &err);
    owed_api_scope_leave(previous);
    mpq_clear(q);
    return keep(ctx, st, &err);
}

owed_status owed_rate_check(owed_ctx *ctx, const char *name, const char *text)
{
    if (ctx == NULL || text == NULL)
        return owed_ctx_bad_arg(ctx, "text");
    owed_error err;
    owed_error_clear(&err);
    mpq_t q;
    mpq_init(q);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_rate_parse(q, text, name ? name : "rate", 0, &err);
    owed_api_scope_leave(previous);
    mpq_clear(q);
    return keep(ctx, st, &err);
}

/* ------------------------------------------------------------------ for the other entry points */

owed_status owed_ctx_keep_error(owed_ctx *ctx, owed_status st, const owed_error *err)
{
    return keep(ctx, st, err);
}

/* ------------------------------------------------------------------ for programs */

const char *owed_text_line(char *buf, size_t size, const char *s)
{
    if (buf == NULL || size == 0)
        return buf;
    return owed_text_one_line(buf, size, s ? s : "");
}

void owed_inputs_record(void)
{
    owed_input_ids_enable();
}

void owed_inputs_note(int fd, const char *name)
{
    owed_input_ids_note(fd, name ? name : "");
}

const char *owed_inputs_find(unsigned long long dev, unsigned long long ino)
{
    return owed_input_ids_find(dev, ino);
}
