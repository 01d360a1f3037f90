/* Internal helpers of the regime and rate-table readers: see regime_xml.h. */
#include <config.h>

#include "regime_xml.h"

#include "mem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

/* Each block is one malloc: this header, then `size` bytes of which `used` are handed out. */
struct owedi_arena_block {
    owedi_arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK = 16384 };

void *owedi_arena_alloc(owedi_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - align)
        return NULL;
    size = (size + align - 1) / align * align;
    owedi_arena_block *b = a->head;
    if (b == NULL || b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        if (want > SIZE_MAX - sizeof *b)
            return NULL;
        b = owed_mem_alloc(sizeof *b + want);
        if (b == NULL)
            return NULL;
        b->size = want;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *owedi_arena_strdup(owedi_arena *a, const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = owedi_arena_alloc(a, n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

void owedi_arena_free(owedi_arena *a)
{
    owedi_arena_block *b = a->head;
    while (b != NULL) {
        owedi_arena_block *next = b->next;
        owed_mem_free(b);
        b = next;
    }
    a->head = NULL;
}

xmlNode *owedi_first_element(const xmlNode *parent)
{
    for (xmlNode *n = parent ? parent->children : NULL; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

xmlNode *owedi_next_element(const xmlNode *node)
{
    for (xmlNode *n = node ? node->next : NULL; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

int owedi_is(const xmlNode *node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

int owedi_attr(owedi_arena *a, const xmlNode *node, const char *name, char **out)
{
    *out = NULL;
    xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
    if (v == NULL)
        return 0;
    *out = owedi_arena_strdup(a, (const char *)v);
    xmlFree(v);
    return *out == NULL ? -1 : 0;
}

void owedi_collapse_space(char *dst, const char *src)
{
    size_t n = 0;
    int space = 0;
    for (const char *p = src; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = n > 0;
            continue;
        }
        if (space)
            dst[n++] = ' ';
        space = 0;
        dst[n++] = *p;
    }
    dst[n] = '\0';
}

int owedi_text(owedi_arena *a, const xmlNode *node, char **out)
{
    *out = NULL;
    xmlChar *v = xmlNodeGetContent(node);
    const char *src = v ? (const char *)v : "";
    char *dst = owedi_arena_alloc(a, strlen(src) + 1);
    if (dst == NULL) {
        xmlFree(v);
        return -1;
    }
    owedi_collapse_space(dst, src);
    xmlFree(v);
    *out = dst;
    return 0;
}

int owedi_valid_id(const char *s)
{
    if (s == NULL || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return 0;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.';
        if (!ok || n >= 64)
            return 0;
    }
    return 1;
}

char *owedi_path_join(const char *a, const char *b, const char *c)
{
    const char *parts[3] = {a, b, c};
    size_t total = 1;
    for (int i = 0; i < 3; i++)
        if (parts[i] != NULL)
            total += strlen(parts[i]) + 1;
    char *out = owed_mem_alloc(total);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    for (int i = 0; i < 3; i++) {
        if (parts[i] == NULL)
            continue;
        if (n > 0 && out[n - 1] != '/')
            out[n++] = '/';
        size_t len = strlen(parts[i]);
        memcpy(out + n, parts[i], len);
        n += len;
    }
    out[n] = '\0';
    return out;
}
