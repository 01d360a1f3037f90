/* Rate tables: the dated history of one published rate (China's one-year LPR), read from
 * an XML file (namespace urn:owed:rate-table:1, format in owed-regime(5)).
 *
 * A row is a fixing: its rate is in force from its date until the day before the next
 * row.  The table states the last date up to which it is known to be complete; a lookup
 * past that date gives the last rate and says so, so that a statement can show a warning
 * beside the figure.  Rates are exact annual fractions (3.85% is 77/2000).
 *
 * Ownership: an owed_rate_table owns its rows and strings; owed_rate_table_free() releases
 * everything.  Pointers returned by the accessors live as long as the table.  Lookups
 * neither allocate nor change the table. */
#ifndef OWED_RATE_TABLE_H
#define OWED_RATE_TABLE_H

#include <gmp.h>
#include <stddef.h>

#include "date.h"
#include "error.h"

/* The namespace of rate-table files, format version 1. */
#define OWED_RATE_TABLE_NAMESPACE "urn:owed:rate-table:1"

/* Largest rate-table file accepted, in bytes (4 MiB); documented in owed-regime(5). */
#define OWED_RATE_TABLE_MAX_BYTES (4u * 1024u * 1024u)

typedef struct owed_rate_table owed_rate_table;

typedef struct owed_rate_row {
    owed_date date;     /* the fixing date: in force from this day */
    mpq_t rate;         /* annual fraction */
    int confirmed;      /* 0 when the file marks the row UNCONFIRMED (confirmed="no") */
    const char *source; /* the source keys as written ("REUTERS19 XFA19"), never NULL */
    const char *note;   /* the row's notes joined by a space, or NULL */
    long line;          /* line of the row in the table file */
} owed_rate_row;

/* What a lookup found besides the rate. */
typedef struct owed_rate_lookup {
    owed_date day;            /* the day asked for */
    owed_date fixing;         /* the date of the row used: the last fixing on or before `day` */
    int beyond_complete;      /* 1 when `day` is after complete-until: the last known rate is
                                 used, and callers show a warning beside the figure */
    int unconfirmed;          /* 1 when the row used is marked UNCONFIRMED */
    const owed_rate_row *row; /* the row used */
} owed_rate_lookup;

/* Reads the rate table `path`, validated against DATADIR/schema/rate-table.xsd.
 * On success returns OWED_OK and *out is a new table (free with owed_rate_table_free()).
 * On failure returns the error's code, *out is NULL and `err` holds FILE:LINE: message:
 * OWED_E_IO, OWED_E_LIMIT, OWED_E_SYNTAX, OWED_E_SCHEMA, OWED_E_SEMANTIC (rows not in
 * ascending date order, a source key that no <source> declares, a row after complete-until,
 * a date that does not exist), OWED_E_NOMEM, OWED_E_ARG (datadir NULL). */
owed_status owed_rate_table_read_file(const char *path, const char *datadir,
                                      owed_rate_table **out, owed_error *err);

/* Reads the table with id `id` from DATADIR/tables/ID.xml and checks that the file declares
 * that id.  Same results as owed_rate_table_read_file(); an id that is not of the id form
 * ([a-z0-9][a-z0-9.-]*) is OWED_E_ARG. */
owed_status owed_rate_table_load(const char *id, const char *datadir, owed_rate_table **out,
                                 owed_error *err);

/* Releases the table.  NULL is allowed. */
void owed_rate_table_free(owed_rate_table *t);

const char *owed_rate_table_id(const owed_rate_table *t);   /* "cn-lpr-1y" */
const char *owed_rate_table_name(const owed_rate_table *t); /* "one-year LPR", for messages */
const char *owed_rate_table_path(const owed_rate_table *t); /* the file it was read from */
/* The title in language `lang` ("en", "zh"); falls back to English, then to the first. */
const char *owed_rate_table_title(const owed_rate_table *t, const char *lang);
owed_date owed_rate_table_complete_until(const owed_rate_table *t);
size_t owed_rate_table_size(const owed_rate_table *t);                        /* rows, >= 1 */
const owed_rate_row *owed_rate_table_row(const owed_rate_table *t, size_t i); /* ascending */

/* rate = the rate in force on `day`: that of the last row dated on or before `day`.
 * `info` (may be NULL) tells which row was used and whether `day` lies beyond the table's
 * complete-until date (the last rate is then used).  A day before the first row is
 * OWED_E_SEMANTIC ("no one-year LPR before 2019-08-20"), with no file in `err`; `rate` and
 * `info` are then left unchanged. */
owed_status owed_rate_table_lookup(const owed_rate_table *t, owed_date day, mpq_t rate,
                                   owed_rate_lookup *info, owed_error *err);

#endif
