/* The one hardened entry point for XML input (case files, regime files, rate tables).
 *
 * Every XML document the program reads comes through owed_xml_read(), which:
 *   - reads the file itself, refusing files larger than `max_bytes` (OWED_E_LIMIT);
 *   - parses from memory with XML_PARSE_NONET (and XML_PARSE_NO_XXE where libxml2 has it),
 *     never with entity substitution, DTD loading or validation, XInclude or "huge" limits;
 *   - refuses any DOCTYPE the moment the parser meets it, before any entity declaration is
 *     read: no internal or external DTD, hence no entity expansion (billion laughs) and no
 *     external entity (XXE);
 *   - reports the first error of the parser, or of the schema validation when a schema is
 *     given, as FILE:LINE: message in an owed_error, and prints nothing: libxml2's own error
 *     output is silenced for the duration of the call.
 *
 * Ownership: on success *out is a document the caller frees with xmlFreeDoc().  On failure
 * *out is NULL, nothing is left allocated, and `err` (when not NULL) holds the first error. */
#ifndef OWED_XML_SAFE_H
#define OWED_XML_SAFE_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "error.h"

/* Reads and parses `path`; when `schema_path` is not NULL, validates the document against
 * that W3C XML Schema.  Errors: OWED_E_IO (the file cannot be read),
 * OWED_E_LIMIT (file too large, too many attributes or nodes: counted before parsing),
 * OWED_E_SYNTAX (not well-formed XML, bad encoding, a DOCTYPE, a NUL byte), OWED_E_SCHEMA
 * (the document does not follow the schema, or the schema itself cannot be read, is broken
 * or would load another document: schemas are read like every other file), OWED_E_NOMEM.  The error's file is `path` (or `schema_path` for an error in
 * the schema), its line the line of the offending construct when known. */
owed_status owed_xml_read(const char *path, const char *schema_path, size_t max_bytes,
                          xmlDocPtr *out, owed_error *err);

/* The same for a document already in memory (`len` bytes at `buf`, which need not end in a
 * NUL), named `name` in errors; OWED_E_LIMIT when len > max_bytes (or OWED_MAX_INPUT_BYTES),
 * OWED_E_ARG when buf is NULL and len > 0. */
owed_status owed_xml_read_memory(const char *name, const char *buf, size_t len,
                                 const char *schema_path, size_t max_bytes, xmlDocPtr *out,
                                 owed_error *err);

/* The same for an open stream, read to its end (at most max_bytes + 1 bytes are read before
 * it is refused); the stream is not closed.  OWED_E_ARG when fp is NULL. */
owed_status owed_xml_read_stream(const char *name, FILE *fp, const char *schema_path,
                                 size_t max_bytes, xmlDocPtr *out, owed_error *err);

/* Every schema error of the file `path` (issue 12: a user fixes a file in one go), in
 * words (xml_words.h), in document order: at most max_errs of them into errs[] (*n_errs
 * set), *n_more how many more there were.  A file that cannot be read or parsed gives its
 * one error.  Returns OWED_OK when the file is valid by the schema; otherwise the first
 * error's code. */
owed_status owed_xml_validate_list(const char *path, const char *schema_path, size_t max_bytes,
                                   owed_error *errs, size_t max_errs, size_t *n_errs,
                                   size_t *n_more);

/* The 1-based line of an element or attribute (0 when unknown), also past line 65535. */
long owed_xml_line(const xmlNode *node);

#endif
