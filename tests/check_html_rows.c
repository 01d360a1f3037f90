/* The ledger rows written as text (src/html_rows.c) are byte for byte what libxml2's HTML
 * serialiser writes for the same <tr>/<td>/<span> elements built as DOM nodes, as the
 * statement writer serialises them (htmlNodeDumpFormatOutput, formatting on): with 0, 1
 * and 2 rows, rows of 1 and several cells, classes, a colspan, a cell of text and an
 * inline span, empty text, and texts with markup characters, a carriage return and
 * non-ASCII letters.  A libxml2 that lays the elements out otherwise fails here. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "html_rows.h"
#include "statement_util.h"

/* One cell of a test table: class, colspan, text, and the text of a span after it. */
typedef struct cell {
    const char *cls;
    unsigned colspan;
    const char *text;
    const char *span; /* NULL: none */
} cell;

typedef struct row {
    const char *cls;
    size_t n;
    cell cells[4];
} row;

static const char *const hostile = "a<b>&amp;\"x' \r\n\xE6\x9C\x8D\xE5\x8A\xA1\xE8\xB4\xB9 \xE2\x80\x93 \xE2\x82\xAC";

/* The serialisation of `tbody` and what follows it inside its table. */
static char *dump(htmlDocPtr doc, xmlNodePtr table)
{
    xmlBufferPtr b = xmlBufferCreate();
    ck_assert_ptr_nonnull(b);
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(b, NULL);
    ck_assert_ptr_nonnull(out);
    htmlNodeDumpFormatOutput(out, doc, table, NULL, 1);
    xmlOutputBufferClose(out);
    char *s = strdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    ck_assert_ptr_nonnull(s);
    return s;
}

static htmlDocPtr new_doc(xmlNodePtr *table, xmlNodePtr *tbody)
{
    htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    ck_assert_ptr_nonnull(doc);
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    xmlDocSetRootElement(doc, html);
    xmlNewChild(html, NULL, BAD_CAST "head", NULL);
    ck_assert_int_eq(htmlSetMetaEncoding(doc, BAD_CAST "UTF-8"), 0);
    xmlNodePtr body = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
    *table = xmlNewChild(body, NULL, BAD_CAST "table", NULL);
    xmlNewProp(*table, BAD_CAST "class", BAD_CAST "ledger");
    xmlNodePtr thead = xmlNewChild(*table, NULL, BAD_CAST "thead", NULL);
    xmlNewTextChild(thead, NULL, BAD_CAST "th", BAD_CAST "Date");
    *tbody = xmlNewChild(*table, NULL, BAD_CAST "tbody", NULL);
    return doc;
}

/* As the statement writer's add_text: the text cleaned (statement_util.h), then a node. */
static void text_child(htmlDocPtr doc, xmlNodePtr parent, const char *text)
{
    char *clean = owed_stmt_clean_text(text);
    ck_assert_ptr_nonnull(clean);
    xmlAddChild(parent, xmlNewDocText(doc, BAD_CAST clean));
    free(clean);
}

/* The rows as DOM nodes, as the statement writer built them before html_rows. */
static char *by_dom(const row *rows, size_t n)
{
    xmlNodePtr table, tbody;
    htmlDocPtr doc = new_doc(&table, &tbody);
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr tr = xmlNewChild(tbody, NULL, BAD_CAST "tr", NULL);
        if (rows[i].cls)
            xmlNewProp(tr, BAD_CAST "class", BAD_CAST rows[i].cls);
        for (size_t k = 0; k < rows[i].n; k++) {
            const cell *c = &rows[i].cells[k];
            xmlNodePtr td = xmlNewChild(tr, NULL, BAD_CAST "td", NULL);
            if (c->cls)
                xmlNewProp(td, BAD_CAST "class", BAD_CAST c->cls);
            if (c->colspan) {
                char buf[16];
                snprintf(buf, sizeof buf, "%u", c->colspan);
                xmlNewProp(td, BAD_CAST "colspan", BAD_CAST buf);
            }
            if (c->text)
                text_child(doc, td, c->text);
            if (c->span) {
                xmlNodePtr sp = xmlNewChild(td, NULL, BAD_CAST "span", NULL);
                xmlNewProp(sp, BAD_CAST "class", BAD_CAST "exact");
                text_child(doc, sp, c->span);
            }
        }
    }
    char *s = dump(doc, table);
    xmlFreeDoc(doc);
    return s;
}

static char *by_rows(const row *rows, size_t n)
{
    xmlNodePtr table, tbody;
    htmlDocPtr doc = new_doc(&table, &tbody);
    owed_html_rows t;
    owed_html_rows_init(&t, doc);
    for (size_t i = 0; i < n; i++) {
        owed_html_rows_tr(&t, rows[i].cls);
        for (size_t k = 0; k < rows[i].n; k++) {
            const cell *c = &rows[i].cells[k];
            if (c->span) {
                owed_html_rows_td_open(&t, c->cls);
                owed_html_rows_text(&t, c->text);
                owed_html_rows_span(&t, "exact", c->span);
                owed_html_rows_td_close(&t);
            } else {
                owed_html_rows_td(&t, c->cls, c->colspan, c->text);
            }
        }
        owed_html_rows_end_tr(&t);
    }
    ck_assert_int_eq(owed_html_rows_attach(&t, tbody), 0);
    ck_assert_ptr_null(t.text);
    char *s = dump(doc, table);
    xmlFreeDoc(doc);
    return s;
}

static void same(const row *rows, size_t n)
{
    char *a = by_dom(rows, n);
    char *b = by_rows(rows, n);
    ck_assert_str_eq(b, a);
    free(a);
    free(b);
}

static const row ledger_row = {NULL, 4,
                               {{NULL, 0, "2018-01-02", NULL},
                                {"num", 0, "", NULL},
                                {NULL, 0, hostile, NULL},
                                {"num over", 0, "-12.50", "= -25/2 & <1>"}}};

START_TEST(no_rows)
{
    same(NULL, 0);
}
END_TEST

START_TEST(one_row_one_cell)
{
    const row r[] = {{NULL, 1, {{"num", 0, hostile, NULL}}}};
    same(r, 1);
    const row s[] = {{"lvl2", 1, {{NULL, 0, "1.00", "= 1"}}}};
    same(s, 1);
}
END_TEST

START_TEST(one_row_several_cells)
{
    row r[] = {ledger_row};
    r[0].n = 4;
    same(r, 1);
    const row s[] = {{NULL, 3, {{NULL, 0, "", NULL}, {NULL, 4, "due date moved to 2018-02-01", NULL}, {"num", 0, NULL, NULL}}}};
    same(s, 1);
}
END_TEST

START_TEST(several_rows)
{
    row r[3] = {ledger_row, ledger_row, ledger_row};
    r[0].n = 4;
    r[1].n = 1;
    r[2].n = 3;
    r[2].cls = "lvl3";
    same(r, 2);
    same(r, 3);
    same(r + 1, 2);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("html_rows");
    TCase *tc = tcase_create("libxml2's layout");
    tcase_add_test(tc, no_rows);
    tcase_add_test(tc, one_row_one_cell);
    tcase_add_test(tc, one_row_several_cells);
    tcase_add_test(tc, several_rows);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
