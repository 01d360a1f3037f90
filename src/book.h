/* A loan book in CSV (owed-csv(5)): a terms file (one row per loan) and an events file (one
 * row per payment, extension or charge), read together borrower by borrower, each
 * borrower's rows turned into a case (case.h) through the case-file format, so that a book
 * means exactly what the equivalent case files mean: the elements of that case file are
 * read by the case reader, built directly from the rows when nobody asks for its text.
 *
 * Both files are sorted by borrower (byte order, as `LC_ALL=C sort` gives it): the reader
 * then holds one borrower's rows at a time, whatever the size of the book.
 *
 * Errors: what stops the reading of the book (a CSV syntax error, a header that is not
 * right, rows out of order) is returned by owed_book_open / owed_book_next; what is wrong
 * with one borrower's rows (a row of the wrong length, a value a column does not allow, a
 * loan the case reader refuses) is kept with that borrower's group, so that the rest of
 * the book goes on.  Every error names the CSV file and line.
 *
 * Ownership: a book borrows its two streams (never closes them); a group is the caller's
 * (owed_book_group_free); strings a group returns are borrowed from it.  A book records the
 * allocator of the scope it is opened in (mem.h); it and its groups are read, grown and
 * freed with that allocator whatever the scope of a later call. */
#ifndef OWED_BOOK_H
#define OWED_BOOK_H

#include <stdio.h>

#include "case.h"
#include "error.h"

typedef struct owed_book owed_book;
typedef struct owed_book_group owed_book_group;

/* Opens a book: reads and checks the header rows of both files.  `as_of` ("YYYY-MM-DD", or
 * NULL) is the as-of date of every case, overriding the terms' as_of column.
 * OWED_OK: *out is new (free with owed_book_free).  Else *out is NULL and err holds the
 * error: OWED_E_SYNTAX (a header: unknown, repeated or missing column; bad CSV),
 * OWED_E_ARG (as_of is not a date), OWED_E_IO, OWED_E_LIMIT, OWED_E_NOMEM. */
owed_status owed_book_open(FILE *terms, const char *terms_name, FILE *events,
                           const char *events_name, const char *as_of, owed_book **out,
                           owed_error *err);
void owed_book_free(owed_book *b);

/* Reads the next borrower's rows.  OWED_OK: *out is the next group, or NULL at the end of
 * both files.  Else *out is NULL and err holds the error that stops the book: a CSV syntax
 * error, rows not sorted by borrower, a row too short to name its borrower, OWED_E_IO,
 * OWED_E_NOMEM. */
owed_status owed_book_next(owed_book *b, owed_book_group **out, owed_error *err);

/* Bytes of the terms file read so far (for progress reports). */
unsigned long long owed_book_terms_offset(const owed_book *b);

void owed_book_group_free(owed_book_group *g);

/* The borrower, as written in the rows. */
const char *owed_book_group_borrower(const owed_book_group *g);

/* The group's loans: one per terms row, in file order (with no terms row, the loans the
 * events name, once each); the id and the line of the row. */
size_t owed_book_group_loan_count(const owed_book_group *g);
const char *owed_book_group_loan_id(const owed_book_group *g, size_t i);
long owed_book_group_loan_line(const owed_book_group *g, size_t i);

/* The first thing found wrong with the group's rows while reading them, or NULL. */
const owed_error *owed_book_group_error(const owed_book_group *g);

/* Builds the group's case file (owed-case(5), UTF-8, one element a line) and reads it back
 * through the case reader, validated against `schema_path` (NULL: the reader's own checks
 * only).  `title` (may be NULL) is the case's <title>.  With no schema, title or xml, the
 * file's elements are built without the text (case_tree.h) and read: the same result.
 * OWED_OK: when `xml` is not NULL, *xml is the file's text (NUL-terminated, *len bytes,
 * the caller frees it); when `kase` is not NULL, *kase is the case, whose `file` is the
 * terms file and whose loans' and events' `line` fields are the lines of the terms and
 * events rows they come from.
 * Else nothing is returned and err holds the group's first error, at the CSV file and line
 * of the row concerned (also when the case reader found it). */
owed_status owed_book_group_build(const owed_book_group *g, const char *title,
                                  const char *schema_path, char **xml, size_t *len,
                                  owed_case **kase, owed_error *err);

#endif
