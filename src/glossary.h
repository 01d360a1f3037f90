/* A glossary: the words of the regime files (cap labels, instruments of citations, notes),
 * which are written in English, in another language (issue 12: no English word left in a
 * Chinese statement).  data/glossary/LL.xml (data/schema/glossary.xsd) maps each English
 * text, whitespace collapsed, to its translation; the text and HTML writers show the
 * translation when there is one, the English otherwise.  XML and CSV stay in English. */
#ifndef OWED_GLOSSARY_H
#define OWED_GLOSSARY_H

#include "error.h"

#define OWED_GLOSSARY_NAMESPACE "urn:owed:glossary:1"

typedef struct owed_glossary owed_glossary;

/* Reads the glossary at `path`, validated by the schema at `schema_path`.  On success *out
 * is new (free with owed_glossary_free); on failure NULL and err set (file, line). */
owed_status owed_glossary_read(const char *path, const char *schema_path, owed_glossary **out,
                               owed_error *err);
void owed_glossary_free(owed_glossary *g);

/* The translation of `text` (compared with its white space collapsed), or `text` itself
 * when the glossary has none or g is NULL.  The result lives as long as g and text. */
const char *owed_glossary_text(const owed_glossary *g, const char *text);

/* The glossary's language ("zh"). */
const char *owed_glossary_lang(const owed_glossary *g);

#endif
