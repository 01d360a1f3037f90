/* The rows of a long HTML table (the ledgers) written as text, byte for byte as libxml2's
 * HTML serialiser writes the same <tr> and <td> elements, and attached to the table's
 * <tbody> as one text node that the serialiser copies without escaping.
 *
 * Why: a ledger of the largest case the limits allow has about 100,000 rows of 7 or 8
 * cells; as DOM nodes they cost more than the rest of the statement (allocating, looking
 * up each element's HTML description while serialising, freeing).  The cells' texts are
 * still escaped by libxml2 (xmlEncodeEntitiesReentrant, the function its serialiser
 * uses), after owed_stmt_clean_text, as add_text does for the other elements.
 * tests/check_formats compares this output with libxml2's serialisation of the same
 * elements (0, 1 and 2 rows, 1 and several cells, texts with markup characters), so that a
 * libxml2 that writes them differently fails the test rather than the statements.
 *
 * Contract: the caller owns the owed_html_rows; owed_html_rows_attach gives the text to
 * the <tbody> (or frees it on failure) and leaves the owed_html_rows empty; a failed
 * allocation sets `oom` and the later calls do nothing.  owed_html_rows_discard frees
 * what was not attached. */
#ifndef OWED_HTML_ROWS_H
#define OWED_HTML_ROWS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "text_buf.h"

typedef struct owed_html_rows {
    xmlDocPtr doc; /* borrowed: the HTML document the rows go into */
    owed_text_buf buf; /* the rows so far, each preceded by "\n" */
    size_t n_rows;
    size_t row_start;   /* offset of the open row's "<tr>" */
    size_t n_cells;     /* cells of the open row */
    size_t cell_children; /* children of the open cell (owed_html_rows_td_open) */
    int cell_last_text;   /* the open cell's last child is text */
    int oom;
} owed_html_rows;

void owed_html_rows_init(owed_html_rows *t, xmlDocPtr doc);

/* Opens a row (<tr>, with class="cls" when cls is not NULL). */
void owed_html_rows_tr(owed_html_rows *t, const char *cls);

/* A cell holding text: <td class="cls" colspan="N">text</td>; cls NULL for none, colspan
 * 0 for none, text NULL for none. */
void owed_html_rows_td(owed_html_rows *t, const char *cls, unsigned colspan, const char *text);

/* A cell written in parts: open it, add text and inline <span class="cls">text</span>,
 * close it.  The first part is text (the layout of a cell that begins with an element is
 * not written). */
void owed_html_rows_td_open(owed_html_rows *t, const char *cls);
void owed_html_rows_text(owed_html_rows *t, const char *text);
void owed_html_rows_span(owed_html_rows *t, const char *cls, const char *text);
void owed_html_rows_td_close(owed_html_rows *t);

/* Closes the open row. */
void owed_html_rows_end_tr(owed_html_rows *t);

/* Gives the rows to `tbody`, which must have no children yet.  Returns 0, or -1 (and
 * sets oom) when memory ran out now or before. */
int owed_html_rows_attach(owed_html_rows *t, xmlNodePtr tbody);

void owed_html_rows_discard(owed_html_rows *t);

#endif
