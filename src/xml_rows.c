/* Elements of a long XML list as text: see xml_rows.h.
 *
 * The layout follows libxml2's XML serialiser with formatting on: an element with element
 * children is "<e a=\"1\">" "\n" + indentation + child ... "\n" + indentation "</e>", the
 * indentation being two spaces a level; an element without children is "<e a=\"1\"/>". */
#include <config.h>

#include "xml_rows.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */

#include "mem.h"
#include "statement_util.h"

void owed_xml_row_init(owed_xml_row *t, xmlDocPtr doc)
{
    memset(t, 0, sizeof *t);
    t->doc = doc;
}

static void put_bytes(owed_xml_row *t, const char *s, size_t n)
{
    owed_text_buf_put(&t->buf, s, n);
    t->oom |= t->buf.oom;
}

static void put(owed_xml_row *t, const char *s)
{
    put_bytes(t, s, strlen(s));
}

/* libxml2's indentation: two spaces a level, at most 60 (xmlsave.c, MAX_INDENT). */
static void indent(owed_xml_row *t, int level)
{
    static const char spaces[] = "                                                            ";
    size_t n = level < 0 ? 0 : (size_t)level * 2;
    if (n > sizeof spaces - 1)
        n = sizeof spaces - 1;
    put_bytes(t, spaces, n);
}

void owed_xml_row_begin(owed_xml_row *t, int level, const char *name)
{
    owed_text_buf_reset(&t->buf);
    t->oom = 0;
    t->name = name;
    t->level = level;
    t->state = 1;
    put(t, "<");
    put(t, name);
}

/* 1 when the serialiser would write `s` in an attribute as it is. */
static int plain(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '&' || *p == '<' || *p == '>')
            return 0;
    return 1;
}

void owed_xml_row_attr(owed_xml_row *t, const char *name, const char *value)
{
    if (t->oom || value == NULL)
        return;
    char *clean = owed_stmt_clean_text(value);
    if (clean == NULL) {
        t->oom = 1;
        return;
    }
    put(t, " ");
    put(t, name);
    put(t, "=\"");
    if (plain(clean)) {
        put(t, clean);
    } else {
        if (t->escaped == NULL && (t->escaped = xmlBufferCreate()) == NULL)
            t->oom = 1;
        if (!t->oom) {
            xmlBufferEmpty(t->escaped);
            xmlAttrSerializeTxtContent(t->escaped, t->doc, NULL, BAD_CAST clean);
            put(t, (const char *)xmlBufferContent(t->escaped));
        }
    }
    put(t, "\"");
    owed_mem_free(clean);
}

void owed_xml_row_child(owed_xml_row *t, const char *name)
{
    put(t, t->state == 1 ? ">\n" : "/>\n");
    indent(t, t->level + 1);
    put(t, "<");
    put(t, name);
    t->state = 2;
}

void owed_xml_row_end(owed_xml_row *t)
{
    put(t, "/>");
    if (t->state == 2) {
        put(t, "\n");
        indent(t, t->level);
        put(t, "</");
        put(t, t->name);
        put(t, ">");
    }
    t->state = 0;
}

int owed_xml_row_add(owed_xml_row *t, xmlNodePtr parent)
{
    if (t->oom || t->buf.len > INT_MAX)
        return -1;
    xmlNodePtr n = xmlNewDocTextLen(t->doc, BAD_CAST t->buf.text, (int)t->buf.len);
    if (n == NULL)
        return -1;
    n->name = xmlStringTextNoenc; /* written as it is: the values are escaped already */
    n->parent = parent;
    if (parent->last == NULL) {
        parent->children = parent->last = n;
    } else {
        n->prev = parent->last;
        parent->last->next = n;
        parent->last = n;
    }
    return 0;
}

void owed_xml_row_free(owed_xml_row *t)
{
    owed_text_buf_free(&t->buf);
    if (t->escaped)
        xmlBufferFree(t->escaped);
    memset(t, 0, sizeof *t);
}
