/* The case-file reader: XML (namespace urn:owed:case:1, format in owed-case(5)) to the case
 * model of case.h.
 *
 * It reads through the hardened XML entry point (xml_safe.h), validates against the
 * schema, then checks the facts that a schema cannot (dates that exist, amounts that fit
 * the currency, ids that resolve, events in a possible order) and fills the model with
 * exact values. */
#ifndef OWED_CASE_READ_H
#define OWED_CASE_READ_H

#include <stdio.h>

#include "case.h"
#include "case_tree.h"
#include "error.h"

/* Largest case file accepted, in bytes (16 MiB); documented in owed-case(5). */
#define OWED_CASE_MAX_BYTES (16u * 1024u * 1024u)

/* The namespace of case files, format version 1. */
#define OWED_CASE_NAMESPACE "urn:owed:case:1"

/* Reads the case file `path`.  `schema_path` is the case schema (data/schema/case.xsd);
 * NULL skips schema validation (the semantic checks then still refuse any structure the
 * reader does not understand, but with less precise messages).
 *
 * On success: returns OWED_OK and *out is a new case, every mpq_t of which is initialised
 * (present or not); the caller frees it with owed_case_free().
 * On failure: returns the error's code, *out is NULL, nothing is left allocated, and `err`
 * (when not NULL) holds FILE:LINE: message for the first problem found.  Codes:
 * OWED_E_IO, OWED_E_LIMIT, OWED_E_SYNTAX, OWED_E_SCHEMA, OWED_E_SEMANTIC, OWED_E_NOMEM. */
owed_status owed_case_read_file(const char *path, const char *schema_path, owed_case **out,
                                owed_error *err);

/* The same for a case file already in memory: `len` bytes at `buf` (no NUL needed), named
 * `name` in errors and in the case's `file` ("(memory)" when NULL).  The same codes, and
 * OWED_E_ARG when buf is NULL and len > 0. */
owed_status owed_case_read_buffer(const char *name, const char *buf, size_t len,
                                  const char *schema_path, owed_case **out, owed_error *err);

/* The same for an open stream, read to its end within the size limit (the stream is not
 * closed), named `name` in errors ("(stream)" when NULL); OWED_E_ARG when fp is NULL. */
owed_status owed_case_read_stream(const char *name, FILE *fp, const char *schema_path,
                                  owed_case **out, owed_error *err);

/* The same for the elements of a case file built in memory (case_tree.h; the book reader
 * builds them from CSV rows, book_read.c), read with no schema and without the XML text in
 * between: `root` (not NULL) and all it points to are borrowed and left as they are; their
 * lines are the lines errors and the case's `line` fields give.  The same codes. */
owed_status owed_case_read_elements(const char *name, const owed_case_elem *root,
                                    owed_case **out, owed_error *err);

#endif
