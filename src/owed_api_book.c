/* The public interface's loan books (owed.h, "Loan books (CSV)"): the book reader of
 * book.h behind a context.  The public handles are the reader's own structures (an
 * owed_loanbook is an owed_book, a group an owed_book_group), converted at the boundary;
 * each entry point works inside the scope of its context (limits, allocator) and keeps its
 * error in the context.  A book and its groups hold and free their memory with the
 * allocator of the context they were opened with (book.h). */
#include <config.h>

#include "owed.h"

#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "i18n.h"
#include "mem.h"
#include "owed_api_ctx.h"
#include "owed_api_scope.h"

static owed_book *book_of(owed_loanbook *b)
{
    return (owed_book *)(void *)b;
}

static owed_book_group *group_of(const owed_loanbook_group *g)
{
    return (owed_book_group *)(void *)g;
}

owed_status owed_loanbook_open(owed_ctx *ctx, FILE *terms, const char *terms_name,
                               FILE *events, const char *events_name, const char *as_of,
                               owed_loanbook **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || terms == NULL || events == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "terms");
    owed_error err;
    owed_error_clear(&err);
    owed_book *b = NULL;
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_book_open(terms, terms_name ? terms_name : "(terms)", events,
                                    events_name ? events_name : "(events)", as_of, &b, &err);
    owed_api_scope_leave(previous);
    *out = (owed_loanbook *)(void *)b;
    return owed_ctx_keep_error(ctx, st, &err);
}

void owed_loanbook_free(owed_loanbook *b)
{
    owed_book_free(book_of(b));
}

owed_status owed_loanbook_next(owed_ctx *ctx, owed_loanbook *b, owed_loanbook_group **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || b == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "book");
    owed_error err;
    owed_error_clear(&err);
    owed_book_group *g = NULL;
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_book_next(book_of(b), &g, &err);
    owed_api_scope_leave(previous);
    *out = (owed_loanbook_group *)(void *)g;
    return owed_ctx_keep_error(ctx, st, &err);
}

unsigned long long owed_loanbook_offset(const owed_loanbook *b)
{
    return b ? owed_book_terms_offset((const owed_book *)(const void *)b) : 0;
}

void owed_loanbook_group_free(owed_loanbook_group *g)
{
    owed_book_group_free(group_of(g));
}

const char *owed_loanbook_group_borrower(const owed_loanbook_group *g)
{
    return g ? owed_book_group_borrower(group_of(g)) : NULL;
}

size_t owed_loanbook_group_loan_count(const owed_loanbook_group *g)
{
    return g ? owed_book_group_loan_count(group_of(g)) : 0;
}

const char *owed_loanbook_group_loan_id(const owed_loanbook_group *g, size_t i)
{
    return g ? owed_book_group_loan_id(group_of(g), i) : NULL;
}

long owed_loanbook_group_loan_line(const owed_loanbook_group *g, size_t i)
{
    return g ? owed_book_group_loan_line(group_of(g), i) : 0;
}

const char *owed_loanbook_group_error(const owed_loanbook_group *g, const char **file,
                                      long *line)
{
    const owed_error *e = g ? owed_book_group_error(group_of(g)) : NULL;
    if (e == NULL)
        return NULL;
    if (file != NULL)
        *file = e->file;
    if (line != NULL)
        *line = e->line;
    return e->text;
}

owed_status owed_loanbook_group_case(owed_ctx *ctx, const owed_loanbook_group *g,
                                     owed_case **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || g == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "group");
    owed_error err;
    owed_error_clear(&err);
    /* no schema: the case file is written by the book reader, which checks every value;
       the case reader's own checks remain (owed batch reads the same way) */
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_status st = owed_book_group_build(group_of(g), NULL, NULL, NULL, NULL, out, &err);
    owed_api_scope_leave(previous);
    return owed_ctx_keep_error(ctx, st, &err);
}

owed_status owed_loanbook_group_case_file(owed_ctx *ctx, const owed_loanbook_group *g,
                                          const char *title, char **xml, size_t *len)
{
    if (xml != NULL)
        *xml = NULL;
    if (len != NULL)
        *len = 0;
    if (ctx == NULL || g == NULL || xml == NULL || len == NULL)
        return owed_ctx_bad_arg(ctx, "group");
    char schema[4096];
    snprintf(schema, sizeof schema, "%s/schema/case.xsd", owed_ctx_datadir(ctx));
    owed_error err;
    owed_error_clear(&err);
    owed_api_scope previous = owed_api_scope_enter(ctx);
    char *text = NULL;
    owed_status st = owed_book_group_build(group_of(g), title, schema, &text, len, NULL, &err);
    /* the caller frees it with owed_free: a given block (mem.h) */
    if (st == OWED_OK && (*xml = owed_mem_give_alloc(*len + 1)) == NULL) {
        *len = 0;
        st = owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
    } else if (st == OWED_OK) {
        memcpy(*xml, text, *len + 1);
    }
    owed_mem_free(text);
    owed_api_scope_leave(previous);
    return owed_ctx_keep_error(ctx, st, &err);
}
