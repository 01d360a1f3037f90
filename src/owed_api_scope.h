/* The scope a public entry point given a context works in: the context's limits
 * (owed_limits_scope_enter), its allocator (owed_mem_scope_enter) and the words of its
 * language (owed_words_enter, catalogue.h), for the calling thread, from owed_api_scope_enter(ctx) until owed_api_scope_leave(the value it returned).
 * Every public function given a context enters one around the work it calls, so that what
 * that work allocates comes from the context's allocator and the handles it makes record
 * it (mem.h).  Scopes nest. */
#ifndef OWED_API_SCOPE_H
#define OWED_API_SCOPE_H

#include "owed.h"
#include "catalogue.h"
#include "owed_limits.h"

typedef struct owed_api_scope {
    const owed_limit_values *limits; /* the scopes in force before */
    const owed_allocator *mem;
    owed_words words;
} owed_api_scope;

/* ctx must not be NULL and must outlive the scope. */
owed_api_scope owed_api_scope_enter(const owed_ctx *ctx);
void owed_api_scope_leave(owed_api_scope previous);

#endif
