/* What the files of the public interface other than owed_api.c need of a context (whose
 * structure is private to owed_api.c): its limits, entered as a scope around the work of
 * an entry point, and the keeping of an error as the context's last. */
#ifndef OWED_API_CTX_H
#define OWED_API_CTX_H

#include "owed.h"

#include "error.h"
#include "owed_limits.h"

/* Enters the scope of ctx's limits (owed_limits_scope_enter); leave it with
 * owed_limits_scope_leave(returned value).  ctx is not NULL. */
const owed_limit_values *owed_api_limits_enter(const owed_ctx *ctx);

/* Keeps err as ctx's last error when st is a failure (and ctx not NULL); returns st. */
owed_status owed_api_keep(owed_ctx *ctx, owed_status st, const owed_error *err);

#endif
