/* The library's allocation wrappers and memory scopes: see mem.h. */
#include <config.h>

#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The calling thread's scope (owed_mem_scope_enter); NULL: the C library's allocator. */
static _Thread_local const owed_allocator *scope;

/* ------------------------------------------------------------------ arena blocks
 * (here, before owed_mem_alloc, which carves them inline) */

#if defined(__SANITIZE_ADDRESS__)
#define OWED_ARENA_PASS_THROUGH 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OWED_ARENA_PASS_THROUGH 1
#endif
#endif

/* A chunk taken from the outer allocator; its blocks follow the header. */
typedef union owed_arena_chunk_header {
    struct owed_arena_chunk *next;
    max_align_t align;
} owed_arena_chunk_header;

struct owed_arena_chunk {
    owed_arena_chunk_header h;
};

/* Each block is preceded by its size and where it lives, padded so that the block is
 * aligned for any type. */
typedef union block_header {
    struct {
        size_t size;
        int outer; /* 1: a block of the outer allocator of its own (the arena is full) */
    } b;
    max_align_t align;
} block_header;

#define ARENA_ALIGN (sizeof(max_align_t))
#define ARENA_CHUNK 65536u
/* The most bytes of chunks an arena takes; beyond them each block is the outer
 * allocator's, freed when it is freed, so that a case whose work makes and frees many
 * blocks holds no more than the C library would. */
#define ARENA_BUDGET (16u * 1024u * 1024u)

static inline size_t round_up(size_t n)
{
    return (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
}

static void *outer_alloc(const owed_allocator *o, size_t n)
{
    return o->malloc_fn ? o->malloc_fn(o->ud, n) : malloc(n);
}

static void outer_free(const owed_allocator *o, void *p)
{
    if (o->malloc_fn)
        o->free_fn(o->ud, p);
    else
        free(p);
}

#ifndef OWED_ARENA_PASS_THROUGH
/* A block of n bytes carved out of the current chunk, which has room for `need`. */
static inline void *arena_carve(owed_arena *a, size_t n, size_t need)
{
    block_header *h = (block_header *)(void *)a->at;
    h->b.size = n;
    h->b.outer = 0;
    a->last = a->at;
    a->at += need;
    return h + 1;
}

/* arena_malloc beyond the current chunk: a new chunk, or a block of the outer allocator of
 * its own beyond the budget. */
static void *arena_malloc_beyond(owed_arena *a, size_t n, size_t need)
{
    size_t size = sizeof(owed_arena_chunk_header) + (need > ARENA_CHUNK ? need : ARENA_CHUNK);
    if (a->taken + size > ARENA_BUDGET) {
        block_header *h = outer_alloc(&a->outer, sizeof *h + n);
        if (h == NULL)
            return NULL;
        h->b.size = n;
        h->b.outer = 1;
        a->n_outer++;
        return h + 1;
    }
    struct owed_arena_chunk *c = outer_alloc(&a->outer, size);
    if (c == NULL)
        return NULL;
    c->h.next = a->chunks;
    a->chunks = c;
    a->taken += size;
    a->at = (char *)(c + 1);
    a->end = (char *)c + size;
    return arena_carve(a, n, need);
}
#endif

/* Inline in owed_mem_alloc, which most of the library's blocks go through: carved out of
 * the current chunk when they fit (arena_malloc_beyond when not). */
static inline void *arena_malloc(void *ud, size_t n)
{
    owed_arena *a = ud;
#ifdef OWED_ARENA_PASS_THROUGH
    return outer_alloc(&a->outer, n);
#else
    if (n > SIZE_MAX / 2)
        return NULL;
    size_t need = sizeof(block_header) + round_up(n);
    if (a->at == NULL || (size_t)(a->end - a->at) < need)
        return arena_malloc_beyond(a, n, need);
    return arena_carve(a, n, need);
#endif
}

static void arena_free(void *ud, void *p)
{
    owed_arena *a = ud;
#ifdef OWED_ARENA_PASS_THROUGH
    outer_free(&a->outer, p);
#else
    block_header *h = (block_header *)p - 1;
    if (h->b.outer) {
        a->n_outer--;
        outer_free(&a->outer, h);
    }
    else if ((char *)h == a->last) { /* the last block made is given back (a temporary) */
        a->at = a->last;
        a->last = NULL;
    } /* the others go with the arena */
#endif
}

static void *arena_realloc(void *ud, void *p, size_t n)
{
    owed_arena *a = ud;
#ifdef OWED_ARENA_PASS_THROUGH
    return a->outer.malloc_fn ? a->outer.realloc_fn(a->outer.ud, p, n) : realloc(p, n);
#else
    block_header *h = (block_header *)p - 1;
    size_t old = h->b.size;
    if (!h->b.outer && (char *)h == a->last && n <= SIZE_MAX / 2 &&
        (size_t)(a->end - (char *)p) >= round_up(n)) { /* the last block grows in place */
        h->b.size = n;
        a->at = (char *)p + round_up(n);
        return p;
    }
    void *q = arena_malloc(a, n);
    if (q != NULL) {
        memcpy(q, p, old < n ? old : n);
        arena_free(a, p);
    }
    return q;
#endif
}


const owed_allocator *owed_mem_scope_enter(const owed_allocator *a)
{
    const owed_allocator *previous = scope;
    scope = a != NULL && a->malloc_fn != NULL ? a : NULL;
    return previous;
}

void owed_mem_scope_leave(const owed_allocator *previous)
{
    scope = previous;
}

void owed_mem_record(owed_allocator *out)
{
    if (scope != NULL)
        *out = *scope;
    else
        memset(out, 0, sizeof *out);
}

void *owed_mem_alloc(size_t n)
{
    if (n == 0)
        n = 1;
    const owed_allocator *a = scope;
    if (a == NULL)
        return malloc(n);
    if (a->malloc_fn == arena_malloc) /* (inline: most blocks are an arena's) */
        return arena_malloc(a->ud, n);
    return a->malloc_fn(a->ud, n);
}

/* The size (bytes) up to which owed_mem_calloc() clears a malloc'ed block itself. */
#define OWED_MEM_CALLOC_DIRECT 4096u

void *owed_mem_calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    /* glibc's calloc bypasses its per-thread cache and costs 350-1,800 instructions a
       call; malloc + memset costs far fewer for the small blocks the library asks for.
       Large blocks keep calloc, which can skip clearing memory fresh from the system. */
    if (scope == NULL && n * size > OWED_MEM_CALLOC_DIRECT)
        return calloc(n ? n : 1, size ? size : 1);
    void *p = owed_mem_alloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *owed_mem_realloc(void *p, size_t n)
{
    if (p == NULL)
        return owed_mem_alloc(n);
    if (n == 0)
        n = 1;
    return scope ? scope->realloc_fn(scope->ud, p, n) : realloc(p, n);
}

char *owed_mem_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = owed_mem_alloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

char *owed_mem_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = owed_mem_alloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

void owed_mem_free(void *p)
{
    if (p == NULL)
        return;
    if (scope)
        scope->free_fn(scope->ud, p);
    else
        free(p);
}

/* The header of a given block: the allocator that made it (free_fn NULL: the C library's),
 * padded so that what follows is aligned for any type. */
typedef union given_header {
    struct {
        void (*free_fn)(void *ud, void *p);
        void *ud;
    } by;
    max_align_t align;
} given_header;

void *owed_mem_give_alloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(given_header))
        return NULL;
    given_header *h = owed_mem_alloc(sizeof *h + n);
    if (h == NULL)
        return NULL;
    h->by.free_fn = scope ? scope->free_fn : NULL;
    h->by.ud = scope ? scope->ud : NULL;
    return h + 1;
}

char *owed_mem_give_string(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *copy = owed_mem_give_alloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

void owed_mem_give_free(void *p)
{
    if (p == NULL)
        return;
    given_header *h = (given_header *)p - 1;
    if (h->by.free_fn)
        h->by.free_fn(h->by.ud, h);
    else
        free(h);
}

/* ------------------------------------------------------------------ arenas */

void owed_arena_open(owed_arena *a, void *buf, size_t size)
{
    owed_mem_record(&a->outer);
    a->self.malloc_fn = arena_malloc;
    a->self.realloc_fn = arena_realloc;
    a->self.free_fn = arena_free;
    a->self.ud = a;
    a->chunks = NULL;
    a->taken = 0;
    a->n_outer = 0;
    a->last = NULL;
    a->at = buf;
    a->end = buf != NULL ? (char *)buf + size : NULL;
}

const owed_allocator *owed_arena_allocator(owed_arena *a)
{
    return &a->self;
}

void owed_arena_close(owed_arena *a)
{
    while (a->chunks != NULL) {
        struct owed_arena_chunk *next = a->chunks->h.next;
        outer_free(&a->outer, a->chunks);
        a->chunks = next;
    }
    a->at = a->end = a->last = NULL;
}

int owed_mem_frees_nothing(const owed_allocator *a)
{
#ifdef OWED_ARENA_PASS_THROUGH
    (void)a;
    return 0;
#else
    return a->free_fn == arena_free && ((const owed_arena *)a->ud)->n_outer == 0;
#endif
}
