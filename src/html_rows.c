/* Table rows as text for libxml2's HTML serialiser: see html_rows.h.
 *
 * The layout follows libxml2's HTML serialiser with formatting on (htmlNodeDumpFormatOutput):
 * an element that is not inline and has more than one child, the first not text, gets a
 * newline after its start tag, between its children that are elements, and (when the last
 * child is not text) before its end tag; <td> and <tr> are not inline, <span> is: a cell
 * "<td>1.00<span>= 1</span>\n</td>".  So a row of several cells is
 * "<tr>\n<td>a</td>\n<td>b</td>\n</tr>", a row of one cell "<tr><td>a</td></tr>", and
 * the rows of a <tbody> are separated the same way. */
#include <config.h>

#include "html_rows.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>
#include <libxml/parserInternals.h> /* xmlStringTextNoenc */

#include "mem.h"
#include "statement_util.h"

void owed_html_rows_init(owed_html_rows *t, xmlDocPtr doc)
{
    memset(t, 0, sizeof *t);
    t->doc = doc;
}

static void put(owed_html_rows *t, const char *s)
{
    owed_text_buf_puts(&t->buf, s);
    t->oom |= t->buf.oom;
}

/* ` class="cls"`: cls is a constant of the writers (letters, digits, spaces, hyphens),
 * which the serialiser writes as it is. */
static void put_class(owed_html_rows *t, const char *cls)
{
    if (cls == NULL)
        return;
    put(t, " class=\"");
    put(t, cls);
    put(t, "\"");
}

/* Text as add_text gives it to the serialiser: cleaned, then escaped by libxml2. */
static void put_text(owed_html_rows *t, const char *text)
{
    if (t->oom || text == NULL || text[0] == '\0')
        return;
    char *clean = owed_stmt_clean_text(text);
    xmlChar *esc = clean ? xmlEncodeEntitiesReentrant(t->doc, BAD_CAST clean) : NULL;
    owed_mem_free(clean);
    if (esc == NULL) {
        t->oom = 1;
        return;
    }
    put(t, (const char *)esc);
    xmlFree(esc);
}

void owed_html_rows_tr(owed_html_rows *t, const char *cls)
{
    put(t, "\n");
    t->row_start = t->buf.len;
    t->n_cells = 0;
    put(t, "<tr");
    put_class(t, cls);
    put(t, ">");
}

void owed_html_rows_td_open(owed_html_rows *t, const char *cls)
{
    put(t, "\n"); /* removed at the end of the row when the row has one cell */
    put(t, "<td");
    put_class(t, cls);
    put(t, ">");
    t->n_cells++;
    t->cell_children = 0;
    t->cell_last_text = 0;
}

void owed_html_rows_text(owed_html_rows *t, const char *text)
{
    put_text(t, text);
    t->cell_children++;
    t->cell_last_text = 1;
}

void owed_html_rows_span(owed_html_rows *t, const char *cls, const char *text)
{
    put(t, "<span");
    put_class(t, cls);
    put(t, ">");
    put_text(t, text);
    put(t, "</span>");
    t->cell_children++;
    t->cell_last_text = 0;
}

void owed_html_rows_td_close(owed_html_rows *t)
{
    if (t->cell_children > 1 && !t->cell_last_text) /* several children, an element last */
        put(t, "\n");
    put(t, "</td>");
}

void owed_html_rows_td(owed_html_rows *t, const char *cls, unsigned colspan, const char *text)
{
    put(t, "\n");
    put(t, "<td");
    put_class(t, cls);
    if (colspan > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, " colspan=\"%u\"", colspan);
        put(t, buf);
    }
    put(t, ">");
    t->n_cells++;
    put_text(t, text);
    put(t, "</td>");
}

void owed_html_rows_end_tr(owed_html_rows *t)
{
    if (t->oom)
        return;
    if (t->n_cells == 1) { /* no newline around a single cell */
        char *nl = strchr(t->buf.text + t->row_start, '\n');
        if (nl != NULL) {
            memmove(nl, nl + 1, t->buf.len - (size_t)(nl - t->buf.text));
            t->buf.len--;
        }
        put(t, "</tr>");
    } else {
        put(t, t->n_cells > 1 ? "\n</tr>" : "</tr>");
    }
    t->n_rows++;
}

int owed_html_rows_attach(owed_html_rows *t, xmlNodePtr tbody)
{
    if (!t->oom && t->n_rows > 1)
        put(t, "\n");
    if (t->oom || tbody == NULL) {
        owed_html_rows_discard(t);
        t->oom = 1;
        return -1;
    }
    if (t->n_rows == 0) {
        owed_html_rows_discard(t);
        return 0;
    }
    if (t->buf.len > INT_MAX) { /* libxml2 takes an int length */
        owed_html_rows_discard(t);
        t->oom = 1;
        return -1;
    }
    /* one row: no newline after <tbody> either */
    const char *start = t->n_rows == 1 ? t->buf.text + 1 : t->buf.text;
    xmlNodePtr n = xmlNewDocTextLen(t->doc, BAD_CAST start,
                                    (int)(t->buf.len - (size_t)(start - t->buf.text)));
    if (n != NULL)
        n->name = xmlStringTextNoenc; /* written as it is: the cells are escaped already */
    owed_html_rows_discard(t);
    if (n == NULL || xmlAddChild(tbody, n) == NULL) {
        xmlFreeNode(n);
        t->oom = 1;
        return -1;
    }
    return 0;
}

void owed_html_rows_discard(owed_html_rows *t)
{
    owed_text_buf_free(&t->buf);
    t->n_rows = t->n_cells = t->row_start = 0;
}
