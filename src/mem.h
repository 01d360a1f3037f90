/* The library's own allocations (every module of libowed_core): they go through these
 * wrappers, which use the allocator of the calling thread's memory scope, or the C
 * library's outside any scope.  The public entry points given a context enter a scope of
 * the context's allocator (owed_ctx_set_allocator) around their work, as they enter one of
 * its limits (owed_api_scope.h); the functions that free a handle or make text from one
 * enter the scope of the allocator the handle recorded when it was made.
 *
 * Contract: a block is freed (or grown) in a scope of the allocator that made it.  Each
 * handle (owed_case, owed_regime, owed_report) records the allocator in force when it was
 * made (owed_mem_record) and its free function enters it, so that it may be freed outside
 * any scope or from a scope of another context.  Memory that GMP allocates (mpz_t, mpq_t,
 * mpz_get_str) is GMP's, and memory that libxml2 allocates (xmlGetProp, documents) is
 * libxml2's: they are freed with GMP's free function and xmlFree, never with these.
 *
 * Strings and arrays given to a caller of the public interface (freed with owed_free) are
 * "given" blocks: they carry a header naming the allocator that made them, so that
 * owed_free needs no context.
 *
 * What a public function does to keep the contract:
 *  - given a context, it works inside owed_api_scope_enter(ctx) ... owed_api_scope_leave
 *    (owed_api_scope.h), which also enters the context's limits;
 *  - a handle has an `owed_allocator mem` field, set with owed_mem_record() where the
 *    handle is allocated, and its free function enters a scope of (a copy of) it around
 *    the freeing;
 *  - a function given only a handle that allocates (owed_report_figure) enters a scope of
 *    the handle's allocator;
 *  - a string or array it returns for owed_free is made with owed_mem_give_string or
 *    owed_mem_give_alloc, never with owed_mem_alloc or owed_mem_strdup: owed_free reads
 *    the header that only given blocks have. */
#ifndef OWED_MEM_H
#define OWED_MEM_H

#include <stddef.h>

#include "owed.h"

/* A scope of allocator `a` for the calling thread (NULL, or an allocator whose malloc_fn is
 * NULL: the C library's) until owed_mem_scope_leave(previous) restores the scope that was
 * in force (scopes nest).  `a` is borrowed for the scope's duration. */
const owed_allocator *owed_mem_scope_enter(const owed_allocator *a);
void owed_mem_scope_leave(const owed_allocator *previous);

/* *out = the allocator of the calling thread's scope (all fields NULL: the C library's):
 * what a handle records when it is made. */
void owed_mem_record(owed_allocator *out);

/* As malloc, calloc (0 when n * size overflows), realloc (realloc(NULL, n) is
 * owed_mem_alloc(n)), strdup, strndup and free, with the scope's allocator.  A request for
 * 0 bytes asks for 1, so that NULL always means that memory ran out. */
void *owed_mem_alloc(size_t n);
void *owed_mem_calloc(size_t n, size_t size);
void *owed_mem_realloc(void *p, size_t n);
char *owed_mem_strdup(const char *s);
char *owed_mem_strndup(const char *s, size_t n);
void owed_mem_free(void *p);

/* Given blocks (owed_free): `n` bytes made with the scope's allocator, or a copy of the
 * string `s` (NULL for NULL).  NULL when memory runs out. */
void *owed_mem_give_alloc(size_t n);
char *owed_mem_give_string(const char *s);

/* Frees a given block with the allocator that made it, whatever the scope.  NULL is
 * allowed. */
void owed_mem_give_free(void *p);

/* An arena: an allocator whose blocks are carved one after another out of a buffer the
 * caller gives (most often on its stack), then out of chunks of the allocator in force when
 * it was opened (16 MiB of them at most: beyond, each block is the outer allocator's and
 * freed as usual), and whose free does nothing (but give back the last block made): for
 * the many small blocks of short-lived values, such as a borrower's case and report in a
 * bulk audit, which are made and freed whole.  Within a scope of owed_arena_allocator(a), owed_mem_*
 * allocate from the arena; handles made there record it and must be freed (which costs
 * nothing) before owed_arena_close(a) gives its chunks back.  Built with AddressSanitizer,
 * the arena hands every request to the outer allocator, so that the sanitizer sees each
 * block. */
typedef struct owed_arena {
    owed_allocator outer;      /* the scope's allocator at owed_arena_open: the chunks' */
    owed_allocator self;       /* the arena's own, for owed_mem_scope_enter */
    char *at, *end;            /* the free bytes of the current chunk */
    char *last;                /* the block made last (its header), or NULL */
    struct owed_arena_chunk *chunks; /* the chunks taken from `outer`, newest first */
    size_t taken;              /* their bytes */
    size_t n_outer;            /* the blocks of `outer` of their own not freed yet */
} owed_arena;

/* Opens a on `size` bytes at `buf` (aligned for any type; NULL, 0: none). */
void owed_arena_open(owed_arena *a, void *buf, size_t size);
/* The allocator to enter a scope of: valid while a is open. */
const owed_allocator *owed_arena_allocator(owed_arena *a);
/* Gives the chunks back to the outer allocator; every block of a is gone. */
void owed_arena_close(owed_arena *a);

/* 1 when `a` (a handle's recorded allocator) is an open arena's holding no block of the
 * outer allocator of its own (beyond its budget), whose free then does nothing that
 * matters to a handle's blocks: a handle made there may skip freeing its blocks one by one
 * (they go when the arena closes), as owed_case_free does.  0 for any other allocator,
 * and always built with AddressSanitizer (each block is then the outer allocator's). */
int owed_mem_frees_nothing(const owed_allocator *a);

#endif
