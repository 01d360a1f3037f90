/* Streaming serialisation with libxml2's own serialisers: see xml_stream.h. */
#include <config.h>

#include "xml_stream.h"

#include "mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>

/* The placeholder children whose places in libxml2's output give the open element's start
 * tag, the separator between children and its end.  In HTML they are <div>s, block elements
 * as the sections are, so that the newlines around them are those around a section. */
static const char *const mark_name[2] = {"owed-stream-mark-a", "owed-stream-mark-b"};

/* libxml2's output callbacks.  A failed write is recorded, not returned: libxml2 prints
 * the I/O errors its callbacks return, and the library never prints.  The stream checks
 * the record (io_errno) at every step. */
static int write_fp(void *ctx, const char *buf, int len)
{
    owed_xml_stream *s = ctx;
    if (s->io_errno == 0 && len > 0) {
        errno = 0;
        if (fwrite(buf, 1, (size_t)len, s->fp) != (size_t)len)
            s->io_errno = errno ? errno : EIO;
    }
    return len;
}

static int close_fp(void *ctx)
{
    owed_xml_stream *s = ctx;
    errno = 0;
    if (s->io_errno == 0 && fflush(s->fp) != 0)
        s->io_errno = errno ? errno : EIO;
    return 0;
}

static int fail(owed_xml_stream *s)
{
    s->failed = 1;
    return -1;
}

static xmlNodePtr add_mark(owed_xml_stream *s, xmlNodePtr parent, int k)
{
    xmlNodePtr m = xmlNewChild(parent, NULL, BAD_CAST(s->html ? "div" : mark_name[k]), NULL);
    if (m != NULL && s->html && xmlNewProp(m, BAD_CAST "class", BAD_CAST mark_name[k]) == NULL) {
        xmlUnlinkNode(m);
        xmlFreeNode(m);
        return NULL;
    }
    return m;
}

static void drop(xmlNodePtr n)
{
    if (n != NULL) {
        xmlUnlinkNode(n);
        xmlFreeNode(n);
    }
}

static char *copy_span(const char *from, const char *to)
{
    size_t n = (size_t)(to - from);
    char *t = owed_mem_alloc(n + 1);
    if (t != NULL) {
        memcpy(t, from, n);
        t[n] = '\0';
    }
    return t;
}

/* Cuts `text` (libxml2's output with the two placeholders) into what precedes the first
 * (written at once when `before` is NULL), what lies between them, and what follows the
 * second.  Returns 0, or -1 when a placeholder is not where it must be. */
static int cut(owed_xml_stream *s, const char *text, char **before,
               owed_xml_stream_level *lv)
{
    char mark[2][96];
    for (int k = 0; k < 2; k++)
        snprintf(mark[k], sizeof mark[k], s->html ? "<div class=\"%s\"></div>" : "<%s/>",
                 mark_name[k]);
    const char *a = strstr(text, mark[0]);
    const char *b = a ? strstr(a + strlen(mark[0]), mark[1]) : NULL;
    if (a == NULL || b == NULL || strstr(b + strlen(mark[1]), mark[0]) != NULL)
        return -1;
    *before = copy_span(text, a);
    lv->separator = copy_span(a + strlen(mark[0]), b);
    lv->close = owed_mem_strdup(b + strlen(mark[1]));
    if (*before == NULL || lv->separator == NULL || lv->close == NULL) {
        owed_mem_free(*before);
        *before = NULL;
        return -1;
    }
    return 0;
}

static int write_text(owed_xml_stream *s, const char *t)
{
    if (s->failed)
        return -1;
    if (*t != '\0' && xmlOutputBufferWriteString(s->out, t) < 0)
        return fail(s);
    if (s->io_errno != 0)
        return fail(s);
    return 0;
}

static int write_node(owed_xml_stream *s, owed_xml_stream_level *lv, xmlNodePtr n)
{
    if (s->failed)
        return -1;
    if (s->html) {
        htmlNodeDumpFormatOutput(s->out, s->doc, n, NULL, 1);
    } else {
        if (lv->written > 0 && write_text(s, lv->separator) != 0)
            return -1;
        xmlNodeDumpOutput(s->out, s->doc, n, lv->level, 1, "UTF-8");
    }
    lv->written++;
    if (s->out->error != 0 || s->io_errno != 0)
        return fail(s);
    return 0;
}

int owed_xml_stream_begin(owed_xml_stream *s, FILE *fp, xmlDocPtr doc, xmlNodePtr open,
                          int html)
{
    memset(s, 0, sizeof *s);
    s->doc = doc;
    s->html = html != 0;
    /* characters stay as they are, as when the whole document is saved in UTF-8 (libxml2
       escapes the others in attributes of a document without an encoding) */
    if (!s->html && doc->encoding == NULL && (doc->encoding = xmlStrdup(BAD_CAST "UTF-8")) == NULL)
        return fail(s);
    xmlNodePtr a = add_mark(s, open, 0), b = a ? add_mark(s, open, 1) : NULL;
    if (b == NULL) {
        drop(a);
        return fail(s);
    }
    xmlChar *mem = NULL;
    int size = 0;
    if (s->html)
        htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
    else
        xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    drop(a);
    drop(b);
    /* the children it has so far are written with the start: before the first mark */
    while (open->children != NULL)
        drop(open->children);
    owed_xml_stream_level *lv = &s->lv[0];
    char *before = NULL;
    if (mem == NULL || cut(s, (const char *)mem, &before, lv) != 0) {
        xmlFree(mem);
        return fail(s);
    }
    xmlFree(mem);
    lv->node = open;
    lv->level = 1;
    s->depth = 1;
    s->fp = fp;
    s->out = xmlOutputBufferCreateIO(write_fp, close_fp, s, NULL);
    if (s->out == NULL) {
        owed_mem_free(before);
        return fail(s);
    }
    int rc = write_text(s, before);
    owed_mem_free(before);
    return rc;
}

/* Writes and frees the children of the innermost open element, all of them or all but the
 * last, stopping at `stop` (not written). */
static int flush_children(owed_xml_stream *s, int keep_last, xmlNodePtr stop)
{
    if (s->failed || s->depth == 0)
        return -1;
    owed_xml_stream_level *lv = &s->lv[s->depth - 1];
    for (xmlNodePtr c = lv->node->children; c != NULL && c != stop;) {
        if (keep_last && c->next == NULL)
            break;
        if (write_node(s, lv, c) != 0)
            return -1;
        xmlNodePtr next = c->next;
        drop(c);
        c = next;
    }
    return 0;
}

int owed_xml_stream_flush(owed_xml_stream *s)
{
    return flush_children(s, s->html, NULL);
}

static void level_free(owed_xml_stream_level *lv)
{
    owed_mem_free(lv->separator);
    owed_mem_free(lv->close);
    lv->separator = lv->close = NULL;
}

int owed_xml_stream_open(owed_xml_stream *s, xmlNodePtr node)
{
    if (s->failed || s->html || s->depth == 0 || s->depth >= OWED_XML_STREAM_DEPTH)
        return fail(s);
    owed_xml_stream_level *up = &s->lv[s->depth - 1];
    if (node->parent != up->node || node->next != NULL || node->children != NULL)
        return fail(s);
    if (flush_children(s, 0, node) != 0)
        return -1;
    owed_xml_stream_level *lv = &s->lv[s->depth];
    memset(lv, 0, sizeof *lv);
    xmlNodePtr a = add_mark(s, node, 0), b = a ? add_mark(s, node, 1) : NULL;
    xmlOutputBufferPtr mb = b ? xmlAllocOutputBuffer(NULL) : NULL;
    if (mb != NULL)
        xmlNodeDumpOutput(mb, s->doc, node, up->level, 1, "UTF-8");
    drop(a);
    drop(b);
    char *start = NULL;
    int rc = mb == NULL || mb->error != 0 ||
                     cut(s, (const char *)xmlOutputBufferGetContent(mb), &start, lv) != 0
                 ? -1
                 : 0;
    if (mb != NULL)
        xmlOutputBufferClose(mb);
    if (rc != 0) {
        level_free(lv); /* owed_xml_stream_abandon frees the levels again */
        return fail(s);
    }
    /* the start tag takes the place of a child of the element above */
    if (up->written > 0)
        rc = write_text(s, up->separator);
    up->written++;
    if (rc == 0)
        rc = write_text(s, start);
    owed_mem_free(start);
    lv->node = node;
    lv->level = up->level + 1;
    s->depth++;
    return rc;
}

int owed_xml_stream_close(owed_xml_stream *s)
{
    if (s->failed || s->depth < 2)
        return fail(s);
    if (flush_children(s, 0, NULL) != 0)
        return -1;
    owed_xml_stream_level *lv = &s->lv[s->depth - 1];
    int rc = write_text(s, lv->close);
    drop(lv->node);
    level_free(lv);
    s->depth--;
    return rc;
}

int owed_xml_stream_end(owed_xml_stream *s)
{
    while (!s->failed && s->depth > 1)
        owed_xml_stream_close(s);
    if (!s->failed && s->depth == 1 && flush_children(s, 0, NULL) == 0)
        write_text(s, s->lv[0].close);
    int failed = s->failed;
    if (s->out != NULL && xmlOutputBufferClose(s->out) < 0)
        failed = 1;
    s->out = NULL;
    failed |= s->io_errno != 0;
    owed_xml_stream_abandon(s);
    if (s->io_errno != 0)
        errno = s->io_errno;
    return failed ? -1 : 0;
}

void owed_xml_stream_abandon(owed_xml_stream *s)
{
    for (int i = 0; i < OWED_XML_STREAM_DEPTH; i++)
        level_free(&s->lv[i]);
    if (s->out != NULL)
        xmlOutputBufferClose(s->out);
    s->out = NULL;
    s->depth = 0;
}
