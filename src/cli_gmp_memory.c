/* The program's GMP memory functions: small limb blocks kept for reuse (see cli_gmp_memory.h).
 *
 * Why: GMP makes and frees a block for nearly every rational it computes (mpq_init and
 * mpq_clear, the limbs of every sum), and the C library's malloc and free took about a
 * fifth of the instructions of `owed batch` (bench/README.md, issue 14).  Most of those
 * blocks are one to a few limbs, made and freed in the same order again and again, which
 * a free list per size serves in a few instructions.
 *
 * Contract: every block handed out is a block of the C library's malloc of at least the
 * size asked, and every block taken back goes either to a list of blocks of exactly its
 * size or to free().  So a block may be released by either side: by GMP's free function
 * (ours) or by free(); and a block made by malloc elsewhere (GnuTLS, before main() takes
 * GMP's functions back) may come back through ours: a block of N bytes is handed out again
 * only for a request of exactly N bytes.  Only sizes that are whole limbs (multiples of
 * 8 bytes, every limb array GMP makes) up to CACHE_MAX_BYTES are kept; strings and large
 * numbers go straight to malloc.  The lists are per thread (`owed serve` computes in
 * libmicrohttpd's threads) and hold at most CACHE_CAP_BYTES a thread; a thread that ends
 * frees what its lists hold.  Out of memory: the message GMP's own functions print, then
 * abort(), as GMP's do (GMP has no way to report a failed allocation). */
#include <config.h>

#include "cli_gmp_memory.h"

#include <gmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    CACHE_UNIT = 8,                      /* bytes; every limb array is whole units */
    CACHE_MAX_BYTES = 512,               /* the largest block kept: 64 limbs */
    CACHE_CLASSES = CACHE_MAX_BYTES / CACHE_UNIT + 1,
    CACHE_CAP_BYTES = 4 * 1024 * 1024    /* the most a thread keeps */
};

typedef struct free_block {
    struct free_block *next;
} free_block;

typedef struct block_cache {
    free_block *head[CACHE_CLASSES]; /* head[n]: blocks of exactly n * CACHE_UNIT bytes */
    size_t bytes;                    /* bytes on all lists */
} block_cache;

static _Thread_local block_cache cache;

/* A thread that ends gives its blocks back (a server's threads come and go): the first
 * block a thread keeps registers this destructor for it.  The main thread's stay on its
 * list until the program ends, reachable. */
static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;
static int cache_key_made;
static _Thread_local int cache_registered;
static _Thread_local int cache_closed; /* the thread is ending: keep nothing more */

static void cache_empty(void *unused)
{
    (void)unused;
    /* Another destructor of this thread may still free GMP blocks after this one: they go
     * straight to free(), since nothing would give back what the lists took now. */
    cache_closed = 1;
    for (size_t c = 0; c < CACHE_CLASSES; c++)
        while (cache.head[c] != NULL) {
            free_block *b = cache.head[c];
            cache.head[c] = b->next;
            free(b);
        }
    cache.bytes = 0;
}

static void cache_make_key(void)
{
    cache_key_made = pthread_key_create(&cache_key, cache_empty) == 0;
}

/* 1 when this thread's blocks will be given back when it ends, so that it may keep some. */
static int cache_ready(void)
{
    if (cache_closed)
        return 0;
    if (!cache_registered) {
        pthread_once(&cache_key_once, cache_make_key);
        if (!cache_key_made || pthread_setspecific(cache_key, &cache) != 0)
            return 0;
        cache_registered = 1;
    }
    return 1;
}

static int kept_size(size_t size)
{
    return size != 0 && size <= CACHE_MAX_BYTES && size % CACHE_UNIT == 0;
}

static void *out_of_memory(size_t size)
{
    fprintf(stderr, "GNU MP: Cannot allocate memory (size=%zu)\n", size);
    abort();
}

static void *block_alloc(size_t size)
{
    if (kept_size(size)) {
        free_block **head = &cache.head[size / CACHE_UNIT];
        free_block *b = *head;
        if (b != NULL) {
            *head = b->next;
            cache.bytes -= size;
            return b;
        }
    }
    void *p = malloc(size);
    return p != NULL ? p : out_of_memory(size);
}

static void block_free(void *p, size_t size)
{
    if (p == NULL)
        return;
    if (kept_size(size) && cache.bytes + size <= CACHE_CAP_BYTES && cache_ready()) {
        free_block *b = p;
        b->next = cache.head[size / CACHE_UNIT];
        cache.head[size / CACHE_UNIT] = b;
        cache.bytes += size;
        return;
    }
    free(p);
}

static void *block_realloc(void *p, size_t old_size, size_t new_size)
{
    if (kept_size(old_size) || kept_size(new_size)) {
        void *q = block_alloc(new_size);
        memcpy(q, p, old_size < new_size ? old_size : new_size);
        block_free(p, old_size);
        return q;
    }
    void *q = realloc(p, new_size);
    return q != NULL ? q : out_of_memory(new_size);
}

void cli_gmp_memory_install(void)
{
    mp_set_memory_functions(block_alloc, block_realloc, block_free);
}

size_t cli_gmp_memory_kept_bytes(void)
{
    return cache.bytes;
}
