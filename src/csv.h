/* Reading CSV (RFC 4180) record by record, from a stream, with no printing.
 *
 * Accepted: fields separated by commas; records ended by CR LF or LF (the last one may have
 * no line end); a field in double quotes may hold commas, line ends and doubled quotes ("");
 * a UTF-8 byte-order mark at the start is skipped; lines with nothing on them are skipped.
 * Refused, with the line where the record starts (OWED_E_SYNTAX): a quote inside an
 * unquoted field, text after a closing quote, a quoted field still open at the end, a CR
 * not followed by LF outside quotes, a NUL byte, a field that is not valid UTF-8.
 * Refused with OWED_E_LIMIT: a record over OWED_CSV_MAX_RECORD bytes or
 * OWED_CSV_MAX_FIELDS fields.
 *
 * Ownership: the reader borrows the stream (never closes it) and owns the fields it
 * returns; they stay valid until the next call of owed_csv_next or owed_csv_free.  It reads
 * the stream in blocks (fread), so the stream's own position runs ahead of the records
 * returned: nothing else may read the stream while the reader does. */
#ifndef OWED_CSV_H
#define OWED_CSV_H

#include <stdio.h>

#include "error.h"

#define OWED_CSV_MAX_RECORD (1024u * 1024u)
#define OWED_CSV_MAX_FIELDS 256u

typedef struct owed_csv owed_csv;

/* A reader of `fp`, named `name` in errors (copied).  NULL when memory runs out. */
owed_csv *owed_csv_new(FILE *fp, const char *name);
void owed_csv_free(owed_csv *r);

/* Reads the next record.  OWED_OK: *n_fields is its number of fields (at least 1), or 0 at
 * the end of the input.  Errors: OWED_E_SYNTAX, OWED_E_LIMIT, OWED_E_IO (a read error),
 * OWED_E_NOMEM, at the record's first line; after an error the reader is at an unknown
 * place in the input and must not be read further. */
owed_status owed_csv_next(owed_csv *r, size_t *n_fields, owed_error *err);

/* Field i (below the last *n_fields) of the record read last, NUL-terminated. */
const char *owed_csv_field(const owed_csv *r, size_t i);

/* The fields of the record read last, one after another, each NUL-terminated: *len bytes
 * from the returned start, where owed_csv_field(r, 0) is and the others follow. */
const char *owed_csv_record(const owed_csv *r, size_t *len);

/* Where the fields of the record read last start in it: field i (below the last
 * *n_fields) is at owed_csv_record()'s start plus element i.  Owned by r, the same array
 * for r's life, its elements those of the record read last (one call for all the fields of
 * every record instead of one a field). */
const size_t *owed_csv_field_starts(const owed_csv *r);

/* 1 when no byte of the fields of the record read last is below 0x20 or above 0x7F. */
int owed_csv_record_plain(const owed_csv *r);

/* The line on which the record read last starts (1-based), and the stream's name. */
long owed_csv_line(const owed_csv *r);
const char *owed_csv_name(const owed_csv *r);

/* Bytes of the stream taken by the records read so far (for progress reports). */
unsigned long long owed_csv_offset(const owed_csv *r);

/* 1 when the `len` bytes at `s` are valid UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF). */
int owed_utf8_valid(const char *s, size_t len);

#endif
