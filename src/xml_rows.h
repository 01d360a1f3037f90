/* One element of a long XML list (the ledger's <posting>s) written as text, byte for byte
 * as libxml2's XML serialiser writes it with formatting on (xmlNodeDumpOutput), and added
 * to its parent as a text node that the serialiser copies without escaping.
 *
 * Why: the ledger of the largest case the limits allow has about 77,000 postings, each an
 * element with up to ten attributes and two children with two attributes each; as DOM
 * nodes they cost a third of the XML statement.  Attribute values are cleaned as the
 * writer's attr() cleans them (owed_stmt_clean_text) and escaped by libxml2
 * (xmlAttrSerializeTxtContent) unless they hold nothing to escape.
 * tests/check_markup_rows compares the text with libxml2's serialisation of the same
 * elements.
 *
 * An element is written as: owed_xml_row_begin, its attributes (owed_xml_row_attr), each
 * empty child (owed_xml_row_child, then its attributes), owed_xml_row_end.  `level` is the
 * element's indentation level (its depth below the root; children are one deeper).
 * Contract: the caller owns the owed_xml_row and reuses it from element to element;
 * owed_xml_row_add gives a copy of the text to the parent; a failed allocation sets
 * `oom` and the later calls do nothing until owed_xml_row_begin. */
#ifndef OWED_XML_ROWS_H
#define OWED_XML_ROWS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "text_buf.h"

typedef struct owed_xml_row {
    xmlDocPtr doc; /* borrowed: its encoding must be set (UTF-8), as the stream sets it */
    xmlBufferPtr escaped; /* scratch for xmlAttrSerializeTxtContent */
    owed_text_buf buf; /* the element written so far */
    const char *name; /* borrowed: the open element's name */
    int level;
    int state; /* 0 closed, 1 in the element's start tag, 2 in a child's start tag */
    int oom;
} owed_xml_row;

void owed_xml_row_init(owed_xml_row *t, xmlDocPtr doc);
void owed_xml_row_begin(owed_xml_row *t, int level, const char *name);
void owed_xml_row_attr(owed_xml_row *t, const char *name, const char *value);
void owed_xml_row_child(owed_xml_row *t, const char *name);
void owed_xml_row_end(owed_xml_row *t);

/* Adds the element written to `parent` as its last child, a text node of its own (never
 * merged with a text node before it, as xmlAddChild would: the stream that writes the
 * parent's children puts the separators between them).  0, or -1 when memory ran out now
 * or while it was written (nothing is added then). */
int owed_xml_row_add(owed_xml_row *t, xmlNodePtr parent);

/* Frees what the owed_xml_row holds. */
void owed_xml_row_free(owed_xml_row *t);

#endif
