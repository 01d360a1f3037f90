/* libxml2's schema-validation messages in words a user of owed reads (issue 12): the
 * element by its plain name ("<payment>", never "{urn:owed:case:1}payment"), and what a
 * value should look like instead of the regular expression it failed ("a date is written
 * YYYY-MM-DD, e.g. 2018-01-02"; "use a dot for decimals"). */
#ifndef OWED_XML_WORDS_H
#define OWED_XML_WORDS_H

#include <stddef.h>

/* Rewrites one libxml2 schema message `msg` (already on one line) into `out` (translated,
 * at most size - 1 bytes).  A message of a form not known here keeps libxml2's words, with
 * the namespaces taken out of element names. */
void owed_xml_schema_words(char *out, size_t size, const char *msg);

/* 1 when `msg` only repeats, in other words, the error before it on the same line (libxml2
 * follows a failed pattern with "... is not a valid value of the atomic type ..."). */
int owed_xml_schema_is_echo(const char *msg);

#endif
