/* The library's allocation wrappers and memory scopes: see mem.h. */
#include <config.h>

#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The calling thread's scope (owed_mem_scope_enter); NULL: the C library's allocator. */
static _Thread_local const owed_allocator *scope;

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
    return scope ? scope->malloc_fn(scope->ud, n) : malloc(n);
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
