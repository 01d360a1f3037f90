/* What the files of the public interface other than owed_api.c need of a context, whose
 * structure owed_api.c keeps to itself.  Internal: not in owed.h, not exported. */
#ifndef OWED_API_CTX_H
#define OWED_API_CTX_H

#include "owed.h"

#include "catalogue.h"
#include "error.h"
#include "owed_limits.h"

/* Records err in ctx (when ctx is not NULL and st is not OWED_OK), as the last error the
 * owed_ctx_error_* functions give; returns st. */
owed_status owed_ctx_keep_error(owed_ctx *ctx, owed_status st, const owed_error *err);

/* The words of ctx's language (catalogue.h), English when ctx is NULL: a message put in
 * words outside an entry point's scope (a bad argument, a file that cannot be opened) is
 * put in them, between owed_words_enter(owed_ctx_words(ctx)) and owed_words_leave. */
owed_words owed_ctx_words(const owed_ctx *ctx);

/* Where ctx keeps the contract replay and lawful views of the last report owed_verdicts_*
 * built in its scope, for the next (owed_report_free_keeping, owed_report_build_reusing):
 * empty, or what owed_ctx_free frees. */
struct owed_report_spare *owed_ctx_spare_report(owed_ctx *ctx);

/* The pool of rationals (case.h owed_q_pool) that the cases owed_verdicts_* read in ctx's
 * scope take their values from and give them back to, from one borrower to the next:
 * empty, or what owed_ctx_free clears. */
struct owed_q_pool *owed_ctx_q_pool(owed_ctx *ctx);

/* Keeps in ctx, in the words of its language, "invalid argument: WHAT" (OWED_E_ARG) or
 * "out of memory" (OWED_E_NOMEM), and returns that code. */
owed_status owed_ctx_bad_arg(owed_ctx *ctx, const char *what);
owed_status owed_ctx_no_memory(owed_ctx *ctx);

#endif
