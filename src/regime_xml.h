/* Internal helpers of the regime and rate-table readers (regime_read.c, rate_table.c):
 * an allocation arena for the many small strings and records a regime owns, and a few
 * conveniences over libxml2 trees.  Not part of the library's API.
 *
 * The arena hands out zeroed, aligned memory that lives until owedi_arena_free(); nothing
 * is freed on its own, so pointers into it stay valid as long as the arena. */
#ifndef OWED_REGIME_XML_H
#define OWED_REGIME_XML_H

#include <stddef.h>

#include <libxml/tree.h>

typedef struct owedi_arena_block owedi_arena_block;

typedef struct owedi_arena {
    owedi_arena_block *head; /* the block being filled; older blocks follow it */
} owedi_arena;

/* Zeroed memory for `size` bytes, aligned for any object; NULL when memory runs out. */
void *owedi_arena_alloc(owedi_arena *a, size_t size);
/* A copy of `s` (NULL gives NULL without failing); NULL when memory runs out. */
char *owedi_arena_strdup(owedi_arena *a, const char *s);
void owedi_arena_free(owedi_arena *a);

/* The first element child of `parent`, and the next element sibling of `node` (NULL at the
 * end): text, comments and processing instructions are skipped. */
xmlNode *owedi_first_element(const xmlNode *parent);
xmlNode *owedi_next_element(const xmlNode *node);

/* 1 when `node` is an element called `name` (local name; the schema fixed the namespace). */
int owedi_is(const xmlNode *node, const char *name);

/* Sets *out to an arena copy of the attribute `name` (no namespace) of `node`, or NULL
 * when it is absent.  Returns -1 when memory runs out, else 0. */
int owedi_attr(owedi_arena *a, const xmlNode *node, const char *name, char **out);

/* Copies `src` into `dst` (as large as src) with runs of white space (including line
 * breaks) collapsed to one space and trimmed. */
void owedi_collapse_space(char *dst, const char *src);

/* Sets *out to an arena copy of the text content of `node`, with runs of white space
 * (including line breaks) collapsed to one space and trimmed.  -1 when memory runs out. */
int owedi_text(owedi_arena *a, const xmlNode *node, char **out);

/* 1 when `s` is an id: [a-z0-9][a-z0-9.-]{0,63}. */
int owedi_valid_id(const char *s);

/* "a/b/c" with any of them possibly ending in '/'; `c` may be NULL.  Caller frees; NULL
 * when memory runs out. */
char *owedi_path_join(const char *a, const char *b, const char *c);

#endif
