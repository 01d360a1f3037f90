/* A growing string: the bytes appended so far, always NUL-terminated once anything was
 * appended.  Contract: the owner zero-initialises it (or owed_text_buf_reset after use);
 * a failed allocation sets `oom`, keeps what was there, and makes later appends do nothing;
 * owed_text_buf_free releases the memory. */
#ifndef OWED_TEXT_BUF_H
#define OWED_TEXT_BUF_H

#include <stddef.h>

typedef struct owed_text_buf {
    char *text;
    size_t len, cap;
    int oom;
} owed_text_buf;

void owed_text_buf_put(owed_text_buf *b, const char *s, size_t n);
void owed_text_buf_puts(owed_text_buf *b, const char *s);

/* Empties it, keeping its memory for reuse (and clears oom). */
void owed_text_buf_reset(owed_text_buf *b);

void owed_text_buf_free(owed_text_buf *b);

#endif
