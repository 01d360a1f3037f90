/* The ledger rows written as text are byte for byte what libxml2's serialisers write for
 * the same elements built as DOM nodes, as the statement writers serialise them:
 *  - HTML (src/html_rows.c; htmlNodeDumpFormatOutput, formatting on): 0, 1 and 2 rows,
 *    rows of 1 and several cells, classes, a colspan, a cell of text and an inline span,
 *    empty text, texts with markup characters, a carriage return and non-ASCII letters;
 *  - XML (src/xml_rows.c; xmlNodeDumpOutput, formatting on, through the statement's
 *    stream): postings with and without children, at two levels, with attribute values
 *    that need escaping, and several postings in a row (the stream's separators).
 * A libxml2 that lays the elements out otherwise fails here. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>
#include <libxml/tree.h>

#include "html_rows.h"
#include "xml_rows.h"
#include "xml_stream.h"
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
    ck_assert_ptr_null(t.buf.text);
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

/* ------------------------------------------------------------------ XML */

/* An element of the XML test: name, attributes (name, value pairs), empty children with
 * theirs. */
typedef struct xml_el {
    const char *name;
    const char *attrs[8]; /* name, value, ...; NULL ends */
    size_t n_children;
    struct {
        const char *name;
        const char *attrs[8];
    } children[2];
} xml_el;

static const char *const hostile_attr = "a&b<c>\"d' e\tf\ng\rh \xC3\xA9 \xE6\x9C\x8D";

/* The document <statement><ledger>ELEMENTS</ledger></statement> written through the
 * statement's stream, the elements as DOM nodes (by_text 0) or as text (by_text 1). */
static char *xml_doc(const xml_el *els, size_t n, int by_text)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    ck_assert_ptr_nonnull(doc);
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "statement", NULL);
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "format", BAD_CAST "1");
    xmlNodePtr before = xmlNewChild(root, NULL, BAD_CAST "summary", NULL);
    xmlNewProp(before, BAD_CAST "x", BAD_CAST "1");
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    owed_xml_stream st;
    ck_assert_int_eq(owed_xml_stream_begin(&st, fp, doc, root, 0), 0);
    ck_assert_int_eq(owed_xml_stream_flush(&st), 0);
    xmlNodePtr ledger = xmlNewChild(root, NULL, BAD_CAST "ledger", NULL);
    ck_assert_int_eq(owed_xml_stream_open(&st, ledger), 0);
    owed_xml_row xr;
    owed_xml_row_init(&xr, doc);
    for (size_t i = 0; i < n; i++) {
        const xml_el *e = &els[i];
        if (by_text) {
            owed_xml_row_begin(&xr, 2, e->name);
            for (size_t a = 0; e->attrs[a]; a += 2)
                owed_xml_row_attr(&xr, e->attrs[a], e->attrs[a + 1]);
            for (size_t k = 0; k < e->n_children; k++) {
                owed_xml_row_child(&xr, e->children[k].name);
                for (size_t a = 0; e->children[k].attrs[a]; a += 2)
                    owed_xml_row_attr(&xr, e->children[k].attrs[a], e->children[k].attrs[a + 1]);
            }
            owed_xml_row_end(&xr);
            ck_assert_int_eq(owed_xml_row_add(&xr, ledger), 0);
        } else {
            xmlNodePtr x = xmlNewChild(ledger, NULL, BAD_CAST e->name, NULL);
            for (size_t a = 0; e->attrs[a]; a += 2) {
                char *clean = owed_stmt_clean_text(e->attrs[a + 1]);
                xmlNewProp(x, BAD_CAST e->attrs[a], BAD_CAST clean);
                free(clean);
            }
            for (size_t k = 0; k < e->n_children; k++) {
                xmlNodePtr c = xmlNewChild(x, NULL, BAD_CAST e->children[k].name, NULL);
                for (size_t a = 0; e->children[k].attrs[a]; a += 2)
                    xmlNewProp(c, BAD_CAST e->children[k].attrs[a],
                               BAD_CAST e->children[k].attrs[a + 1]);
            }
        }
        if (i % 2 == 1) /* as the writer does every 256: the separators across flushes */
            ck_assert_int_eq(owed_xml_stream_flush(&st), 0);
    }
    owed_xml_row_free(&xr);
    ck_assert_int_eq(owed_xml_stream_close(&st), 0);
    xmlNewChild(root, NULL, BAD_CAST "after", NULL);
    ck_assert_int_eq(owed_xml_stream_end(&st), 0);
    xmlFreeDoc(doc);
    long len = ftell(fp);
    ck_assert_int_gt(len, 0);
    char *s = calloc(1, (size_t)len + 1);
    ck_assert_ptr_nonnull(s);
    rewind(fp);
    ck_assert_uint_eq(fread(s, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    return s;
}

static void xml_same(const xml_el *els, size_t n)
{
    char *a = xml_doc(els, n, 0);
    char *b = xml_doc(els, n, 1);
    ck_assert_str_eq(b, a);
    free(a);
    free(b);
}

START_TEST(xml_postings)
{
    const xml_el posting = {"posting",
                            {"date", "2018-01-02", "label", hostile_attr, "line", "31"},
                            2,
                            {{"amount", {"value", "-200.00", "exact", "-200"}},
                             {"balance", {"value", "4036.00", "exact", "4036"}}}};
    const xml_el bare = {"posting", {"kind", "extension", "label", "R&D", NULL}, 0, {{NULL, {NULL}}}};
    const xml_el one = {"posting", {NULL}, 1, {{"amount", {"exact", "1/3", NULL}}}};
    xml_same(&posting, 1);
    xml_same(&bare, 1);
    xml_same(&one, 1);
    const xml_el many[] = {posting, bare, one, posting, posting};
    xml_same(many, 5);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("markup_rows");
    TCase *tc = tcase_create("libxml2's layout");
    tcase_add_test(tc, no_rows);
    tcase_add_test(tc, one_row_one_cell);
    tcase_add_test(tc, one_row_several_cells);
    tcase_add_test(tc, several_rows);
    tcase_add_test(tc, xml_postings);
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
