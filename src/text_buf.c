/* A growing string: see text_buf.h. */
#include <config.h>

#include "text_buf.h"

#include "mem.h"

#include <stdlib.h>
#include <string.h>

void owed_text_buf_put(owed_text_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 512;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = owed_mem_realloc(b->text, cap);
        if (p == NULL) {
            b->oom = 1;
            return;
        }
        b->text = p;
        b->cap = cap;
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

void owed_text_buf_puts(owed_text_buf *b, const char *s)
{
    owed_text_buf_put(b, s, strlen(s));
}

void owed_text_buf_reset(owed_text_buf *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->text != NULL)
        b->text[0] = '\0';
}

void owed_text_buf_free(owed_text_buf *b)
{
    owed_mem_free(b->text);
    memset(b, 0, sizeof *b);
}
