/* Loan books in CSV: headers, borrower groups, and each group turned into a case file and
 * read back through the case reader (see book.h and owed-csv(5)). */
#include <config.h>

#include "book.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "case_read.h"
#include "case_tree.h"
#include "csv.h"
#include "date.h"
#include "i18n.h"
#include "input_ids.h"
#include "mem.h"
#include "owed_limits.h"

/* ------------------------------------------------------------------ columns */

enum {
    T_BORROWER, T_LOAN, T_CURRENCY, T_CONTRACTED, T_PRINCIPAL, T_DELIVERED, T_DUE,
    T_TERM_DAYS, T_RATE, T_PER, T_BASIS, T_AFTER_DUE, T_INTEREST_WITHHELD, T_WITHHELD_FEE,
    T_DISBURSEMENT_FEE, T_MATURITY_FEE, T_DAILY_FEE, T_OVERDUE_RATE, T_OVERDUE_PER,
    T_OVERDUE_BASIS, T_OVERDUE_ON, T_GRACE_DAYS, T_LATE_FEE, T_DAILY_LATE_FEE,
    T_PAYMENT_ORDER, T_LENDER_KIND, T_AS_OF, T_FILED, T_COUNT
};
static const char *const terms_columns[T_COUNT] = {
    "borrower", "loan", "currency", "contracted", "principal", "delivered", "due",
    "term_days", "rate", "per", "basis", "after_due", "interest_withheld", "withheld_fee",
    "disbursement_fee", "maturity_fee", "daily_fee", "overdue_rate", "overdue_per",
    "overdue_basis", "overdue_on", "grace_days", "late_fee", "daily_late_fee",
    "payment_order", "lender_kind", "as_of", "filed"};
static const int terms_required[] = {T_BORROWER, T_LOAN, T_CURRENCY, T_CONTRACTED, T_PRINCIPAL};

enum { E_BORROWER, E_LOAN, E_DATE, E_KIND, E_AMOUNT, E_FOR, E_DUE, E_COMPONENT, E_LABEL, E_COUNT };
static const char *const events_columns[E_COUNT] = {
    "borrower", "loan", "date", "kind", "amount", "for", "due", "component", "label"};
static const int events_required[] = {E_BORROWER, E_DATE, E_KIND, E_AMOUNT};

#define MAX_COLUMNS 32 /* >= T_COUNT, E_COUNT */

/* A row: the values of the known columns ("" when the file has no such column), v[0] ..
 * v[n_names - 1], read only.  A row a group holds is one block of `bytes` bytes, the
 * row, its pointers and their strings (but the empty text of the columns the file lacks,
 * no_text), in the group's chunks (keep_row), freed with the group; the row read ahead is
 * the stream's head of it, with v[0] alone, into the CSV reader's record. */
typedef struct row {
    long line;
    int plain;         /* 1: every field is printable ASCII (elements_fit) */
    size_t text_bytes; /* when plain: the bytes of the fields, NULs not counted */
    size_t bytes;      /* of the block: the row, its pointers and their strings */
    char *v[];
} row;

/* One of the two files. */
typedef struct stream {
    owed_csv *csv;
    const char *file;            /* its name, and where the fields of its records start, */
    const size_t *starts;        /* the same for the reader's life (csv.h) */
    const char *record;          /* the record read last (the row ahead's), of */
    size_t record_size;          /* these bytes */
    const char *const *names;
    size_t n_names;
    int column_of[MAX_COLUMNS];  /* file column of each known column, -1 when absent */
    size_t n_file_columns;
    unsigned char given[MAX_COLUMNS]; /* the known columns the header has, */
    unsigned char absent[MAX_COLUMNS]; /* and those it lacks */
    char *lacking_v[MAX_COLUMNS]; /* a row's v[] of those it lacks: the empty text */
    size_t n_given, n_absent;
    row *ahead;                  /* the next row, read ahead (its head, in ahead_head), or
                                    NULL */
    _Alignas(max_align_t) unsigned char ahead_head[sizeof(row) + MAX_COLUMNS * sizeof(char *)];
    int have_ahead;
    int bad_ahead;               /* that row has the wrong number of fields */
    int same_ahead;              /* that row's borrower is the row's before it */
    char *last_borrower;         /* of the last row read, for the order check: */
    char last_small[64];         /* here when it fits, else a copy of its own */
} stream;

/* A book and its groups record the allocator in force when the book was opened (mem.h):
 * a group's rows are the book's own, moved, so everything a book or group holds is made,
 * grown and freed with it, whatever scope a later call is made in. */
struct owed_book {
    owed_allocator mem;
    stream terms, events;
    char *as_of;                 /* --as-of, or NULL */
};

#define GROUP_FEW_ROWS 8
/* The rows a group takes are copied one after another into chunks of its own: the first
 * in the group's own block, which holds a borrower's few rows, then ROW_CHUNK_BYTES ones
 * (or one row's size when larger), rather than an allocation and a free a row. */
#define GROUP_ROW_BYTES 2560u
#define ROW_CHUNK_BYTES 4096u
typedef union row_chunk_head {
    struct {
        union row_chunk_head *next; /* the chunk made before, or NULL */
        size_t used, size;          /* bytes of the rows after the head */
    } c;
    max_align_t align;
} row_chunk_head;

struct owed_book_group {
    owed_allocator mem;                   /* the book's */
    char *borrower;
    row **terms, **events;
    size_t n_terms, n_events, cap_terms, cap_events;
    /* the rows' arrays of most groups (a borrower's few loans and events), in the group
       itself: terms and events point here until they outgrow them */
    row *few_terms[GROUP_FEW_ROWS], *few_events[GROUP_FEW_ROWS];
    row_chunk_head *chunks;               /* the rows' chunks, newest first, the last of
                                             them in the group's block */
    const char *terms_name, *events_name; /* borrowed from the book */
    const char *as_of;                    /* borrowed from the book */
    char **loan_ids;                      /* when no terms row: the loans the events name */
    long *loan_lines;
    size_t n_loan_ids;
    int has_error;
    owed_error error; /* (last: a group is made with the fields before it zero) */
};

/* Where a group's first chunk of rows starts in its block. */
#define GROUP_FIRST_CHUNK \
    ((sizeof(owed_book_group) + sizeof(row_chunk_head) - 1) / sizeof(row_chunk_head) * \
     sizeof(row_chunk_head))


static owed_status nomem(owed_error *err, const char *file, long line)
{
    return owed_error_set(err, OWED_E_NOMEM, file, line, _("out of memory"));
}

/* The value of a column the file lacks (read only). */
static char no_text[1];

static owed_status read_header(stream *s, const char *const *names, size_t n_names,
                               const int *required, size_t n_required, owed_error *err)
{
    s->names = names;
    s->n_names = n_names;
    s->file = owed_csv_name(s->csv);
    s->starts = owed_csv_field_starts(s->csv);
    for (size_t k = 0; k < MAX_COLUMNS; k++)
        s->column_of[k] = -1;
    size_t n;
    owed_status st = owed_csv_next(s->csv, &n, err);
    if (st != OWED_OK)
        return st;
    const char *file = owed_csv_name(s->csv);
    if (n == 0)
        return owed_error_set(err, OWED_E_SYNTAX, file, 1, _("no header row"));
    long line = owed_csv_line(s->csv);
    for (size_t i = 0; i < n; i++) {
        const char *h = owed_csv_field(s->csv, i);
        size_t k = 0;
        while (k < n_names && strcmp(h, names[k]) != 0)
            k++;
        if (k == n_names)
            return owed_error_set(err, OWED_E_SYNTAX, file, line,
                                  _("unknown column '%s' (owed-csv(5) lists the columns)"), h);
        if (s->column_of[k] >= 0)
            return owed_error_set(err, OWED_E_SYNTAX, file, line, _("column '%s' given twice"),
                                  h);
        s->column_of[k] = (int)i;
    }
    for (size_t j = 0; j < n_required; j++)
        if (s->column_of[required[j]] < 0)
            return owed_error_set(err, OWED_E_SYNTAX, file, line, _("no column '%s'"),
                                  names[required[j]]);
    s->n_file_columns = n;
    s->n_given = s->n_absent = 0;
    for (size_t k = 0; k < n_names; k++) {
        s->lacking_v[k] = no_text;
        if (s->column_of[k] >= 0)
            s->given[s->n_given++] = (unsigned char)k;
        else
            s->absent[s->n_absent++] = (unsigned char)k;
    }
    return OWED_OK;
}

/* Reads the next row of s into s->ahead (have_ahead 0 at the end), checking the order. */
static owed_status read_ahead(stream *s, owed_error *err)
{
    s->ahead = NULL; /* (its block is the stream's, read into again below) */
    s->have_ahead = 0;
    s->bad_ahead = 0;
    size_t n;
    owed_status st = owed_csv_next(s->csv, &n, err);
    if (st != OWED_OK || n == 0)
        return st;
    const char *file = s->file;
    long line = owed_csv_line(s->csv);
    if (n != s->n_file_columns) {
        s->bad_ahead = 1;
        if ((size_t)s->column_of[0] >= n)
            return owed_error_set(err, OWED_E_SYNTAX, file, line,
                                  _("%zu fields where the header has %zu"), n,
                                  s->n_file_columns);
    }
    /* the row's head, with the borrower's field alone: the others are placed when a
       group keeps the row (keep_row), the record being the CSV reader's until its next */
    size_t size;
    const char *record = owed_csv_record(s->csv, &size);
    s->record = record;
    s->record_size = size;
    row *r = (row *)(void *)s->ahead_head;
    r->bytes = sizeof(row) + s->n_names * sizeof(char *) + size + 1;
    r->line = line;
    /* with every column of the header, each field is in one column: their bytes are those
       of the columns */
    r->plain = n == s->n_file_columns && owed_csv_record_plain(s->csv);
    r->text_bytes = size - n;
    r->v[0] = (char *)(uintptr_t)(record + s->starts[s->column_of[0]]);
    s->ahead = r;
    const char *b = r->v[0]; /* borrower is column 0 of both files */
    if (*b == '\0')
        return owed_error_set(err, OWED_E_SYNTAX, file, line, _("no borrower"));
    int order = s->last_borrower != NULL ? strcmp(b, s->last_borrower) : 1;
    if (order < 0)
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("borrower '%s' comes after '%s': the rows must be sorted by "
                                "borrower (see owed-csv(5))"),
                              b, s->last_borrower);
    if (order > 0) { /* a new borrower: kept in last_small when it fits */
        if (s->last_borrower != s->last_small)
            owed_mem_free(s->last_borrower);
        size_t b_size = strlen(b) + 1;
        if (b_size <= sizeof s->last_small)
            s->last_borrower = memcpy(s->last_small, b, b_size);
        else if ((s->last_borrower = owed_mem_strdup(b)) == NULL)
            return nomem(err, file, line);
    }
    s->same_ahead = order == 0;
    s->have_ahead = 1;
    return OWED_OK;
}

owed_status owed_book_open(FILE *terms, const char *terms_name, FILE *events,
                           const char *events_name, const char *as_of, owed_book **out,
                           owed_error *err)
{
    *out = NULL;
    /* inputs an output must not replace (input_ids.h) */
    owed_input_ids_note(fileno(terms), terms_name);
    owed_input_ids_note(fileno(events), events_name);
    owed_book *b = owed_mem_calloc(1, sizeof *b);
    if (b == NULL)
        return nomem(err, terms_name, 0);
    owed_mem_record(&b->mem);
    owed_status st = OWED_OK;
    if (as_of != NULL) {
        owed_date d;
        if (owed_date_parse(&d, as_of, "--as-of", 0, err) != OWED_OK)
            st = OWED_E_ARG;
        else if ((b->as_of = owed_mem_strdup(as_of)) == NULL)
            st = nomem(err, terms_name, 0);
    }
    if (st == OWED_OK && ((b->terms.csv = owed_csv_new(terms, terms_name)) == NULL ||
                          (b->events.csv = owed_csv_new(events, events_name)) == NULL))
        st = nomem(err, terms_name, 0);
    if (st == OWED_OK)
        st = read_header(&b->terms, terms_columns, T_COUNT, terms_required,
                         sizeof terms_required / sizeof terms_required[0], err);
    if (st == OWED_OK)
        st = read_header(&b->events, events_columns, E_COUNT, events_required,
                         sizeof events_required / sizeof events_required[0], err);
    if (st == OWED_OK)
        st = read_ahead(&b->terms, err);
    if (st == OWED_OK)
        st = read_ahead(&b->events, err);
    if (st != OWED_OK) {
        owed_book_free(b);
        return st;
    }
    *out = b;
    return OWED_OK;
}

static void stream_clear(stream *s)
{
    owed_csv_free(s->csv);
    if (s->last_borrower != s->last_small)
        owed_mem_free(s->last_borrower);
}

void owed_book_free(owed_book *b)
{
    if (b == NULL)
        return;
    owed_allocator mem = b->mem; /* a copy: b is freed inside the scope */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    stream_clear(&b->terms);
    stream_clear(&b->events);
    owed_mem_free(b->as_of);
    owed_mem_free(b);
    owed_mem_scope_leave(previous);
}

unsigned long long owed_book_terms_offset(const owed_book *b)
{
    return owed_csv_offset(b->terms.csv);
}

void owed_book_group_free(owed_book_group *g)
{
    if (g == NULL)
        return;
    owed_allocator mem = g->mem;
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    /* the rows: the chunks but the one in the group's block */
    row_chunk_head *first = (row_chunk_head *)(void *)((char *)g + GROUP_FIRST_CHUNK);
    while (g->chunks != first) {
        row_chunk_head *next = g->chunks->c.next;
        owed_mem_free(g->chunks);
        g->chunks = next;
    }
    for (size_t i = 0; i < g->n_loan_ids; i++)
        owed_mem_free(g->loan_ids[i]);
    owed_mem_free(g->loan_ids);
    owed_mem_free(g->loan_lines);
    if (g->terms != g->few_terms)
        owed_mem_free(g->terms);
    if (g->events != g->few_events)
        owed_mem_free(g->events);
    owed_mem_free(g->borrower);
    owed_mem_free(g);
    owed_mem_scope_leave(previous);
}

/* Keeps the first error of the group. */
static void group_fail(owed_book_group *g, const owed_error *e)
{
    if (!g->has_error) {
        g->has_error = 1;
        g->error = *e;
    }
}

/* A copy of s->ahead, a row of every column of the header, in the group's chunks, with
 * its fields, from the CSV reader's record (its last, still); NULL when memory runs out. */
static row *keep_row(owed_book_group *g, const stream *s)
{
    const row *r = s->ahead;
    const size_t align = sizeof(row_chunk_head);
    size_t need = (r->bytes + align - 1) / align * align;
    row_chunk_head *c = g->chunks;
    if (c->c.size - c->c.used < need) {
        size_t size = need > ROW_CHUNK_BYTES ? need : ROW_CHUNK_BYTES;
        if ((c = owed_mem_alloc(sizeof *c + size)) == NULL)
            return NULL;
        c->c.next = g->chunks;
        c->c.used = 0;
        c->c.size = size;
        g->chunks = c;
    }
    row *copy = (row *)(void *)((char *)(c + 1) + c->c.used);
    c->c.used += need;
    size_t size = s->record_size;
    const char *record = s->record;
    copy->line = r->line;
    copy->plain = r->plain;
    copy->text_bytes = r->text_bytes;
    copy->bytes = r->bytes;
    /* the record's fields copied at once; the columns the file lacks, the empty text,
       copied at once too when they are several (a book of the usual columns lacks half) */
    char *text = (char *)copy + (r->bytes - size - 1);
    memcpy(text, record, size);
    text[size] = '\0';
    if (s->n_absent > 2)
        memcpy(copy->v, s->lacking_v, s->n_names * sizeof copy->v[0]);
    else
        for (size_t i = 0; i < s->n_absent; i++)
            copy->v[s->absent[i]] = no_text;
    const size_t *starts = s->starts;
    for (size_t i = 0; i < s->n_given; i++) {
        unsigned k = s->given[i];
        copy->v[k] = text + starts[s->column_of[k]];
    }
    return copy;
}

/* Copies s->ahead into the group's rows while it is the group's borrower.  *rows is
 * `few` (of GROUP_FEW_ROWS) or an array of its own. */
static owed_status take_rows(owed_book_group *g, stream *s, row ***rows, size_t *n, size_t *cap,
                             row **few, owed_limit limit, owed_error *err)
{
    /* a case holds at most the limit's rows: beyond it the rows are read but not kept, so
       that no borrower can make the reader hold more */
    long max = owed_limit_get(limit, 0);
    /* the rows after the first are the group's when their borrower is the row's before
       them (read_ahead's order check), which was the group's */
    for (int first = 1; s->have_ahead && (first ? strcmp(s->ahead->v[0], g->borrower) == 0
                                                : s->same_ahead);
         first = 0) {
        if (s->bad_ahead) {
            owed_error e;
            owed_error_set(&e, OWED_E_SYNTAX, owed_csv_name(s->csv), s->ahead->line,
                           _("the row has a different number of fields than the header"));
            group_fail(g, &e);
        } else if (*n >= (size_t)max) {
            owed_error e;
            owed_error_set(&e, OWED_E_LIMIT, owed_csv_name(s->csv), s->ahead->line,
                           _("borrower '%s' has more rows here than the limit of %ld (%s)"),
                           g->borrower, max, owed_limit_name(limit));
            group_fail(g, &e);
        } else {
            if (*n == *cap) {
                size_t c = *cap * 2;
                row **r = owed_mem_realloc(*rows != few ? *rows : NULL, c * sizeof *r);
                if (r == NULL)
                    return nomem(err, owed_csv_name(s->csv), s->ahead->line);
                if (*rows == few)
                    memcpy(r, few, *n * sizeof *r);
                *rows = r;
                *cap = c;
            }
            row *kept = keep_row(g, s);
            if (kept == NULL)
                return nomem(err, owed_csv_name(s->csv), s->ahead->line);
            (*rows)[(*n)++] = kept;
        }
        owed_status st = read_ahead(s, err);
        if (st != OWED_OK)
            return st;
    }
    return OWED_OK;
}

/* With no terms row: the loans the events name, once each, so that the output can name
 * them. */
static owed_status loans_from_events(owed_book_group *g, owed_error *err)
{
    g->loan_ids = owed_mem_calloc(g->n_events ? g->n_events : 1, sizeof *g->loan_ids);
    g->loan_lines = owed_mem_calloc(g->n_events ? g->n_events : 1, sizeof *g->loan_lines);
    if (g->loan_ids == NULL || g->loan_lines == NULL)
        return nomem(err, g->events_name, 0);
    for (size_t i = 0; i < g->n_events; i++) {
        const char *id = g->events[i]->v[E_LOAN];
        size_t k = 0;
        while (k < g->n_loan_ids && strcmp(g->loan_ids[k], id) != 0)
            k++;
        if (k < g->n_loan_ids)
            continue;
        if ((g->loan_ids[k] = owed_mem_strdup(id)) == NULL)
            return nomem(err, g->events_name, 0);
        g->loan_lines[k] = g->events[i]->line;
        g->n_loan_ids++;
    }
    return OWED_OK;
}

/* owed_book_next in the scope of the book's allocator. */
static owed_status next_group(owed_book *b, owed_book_group **out, owed_error *err)
{
    *out = NULL;
    if (!b->terms.have_ahead && !b->events.have_ahead)
        return OWED_OK;
    const char *name;
    if (!b->terms.have_ahead)
        name = b->events.ahead->v[0];
    else if (!b->events.have_ahead)
        name = b->terms.ahead->v[0];
    else
        name = strcmp(b->terms.ahead->v[0], b->events.ahead->v[0]) <= 0 ? b->terms.ahead->v[0]
                                                                       : b->events.ahead->v[0];
    /* the group, then its first chunk of rows; the fields before the error zero */
    owed_book_group *g =
        owed_mem_alloc(GROUP_FIRST_CHUNK + sizeof(row_chunk_head) + GROUP_ROW_BYTES);
    if (g != NULL) {
        memset(g, 0, offsetof(owed_book_group, error));
        g->mem = b->mem;
        g->chunks = (row_chunk_head *)(void *)((char *)g + GROUP_FIRST_CHUNK);
        g->chunks->c.next = NULL;
        g->chunks->c.used = 0;
        g->chunks->c.size = GROUP_ROW_BYTES;
    }
    if (g == NULL || (g->borrower = owed_mem_strdup(name)) == NULL) {
        owed_mem_free(g);
        return nomem(err, owed_csv_name(b->terms.csv), 0);
    }
    g->terms_name = owed_csv_name(b->terms.csv);
    g->events_name = owed_csv_name(b->events.csv);
    g->as_of = b->as_of;
    g->terms = g->few_terms;
    g->events = g->few_events;
    g->cap_terms = g->cap_events = GROUP_FEW_ROWS;
    owed_status st = take_rows(g, &b->terms, &g->terms, &g->n_terms, &g->cap_terms,
                               g->few_terms, OWED_LIMIT_LOANS, err);
    if (st == OWED_OK)
        st = take_rows(g, &b->events, &g->events, &g->n_events, &g->cap_events,
                       g->few_events, OWED_LIMIT_EVENTS, err);
    if (st == OWED_OK && g->n_terms == 0 && !g->has_error) {
        owed_error e;
        owed_error_set(&e, OWED_E_SEMANTIC, g->events_name,
                       g->n_events ? g->events[0]->line : 0,
                       _("borrower '%s' has events but no row in the terms file"),
                       g->borrower);
        group_fail(g, &e);
    }
    if (st == OWED_OK && g->n_terms == 0)
        st = loans_from_events(g, err);
    if (st != OWED_OK) {
        owed_book_group_free(g);
        return st;
    }
    *out = g;
    return OWED_OK;
}

owed_status owed_book_next(owed_book *b, owed_book_group **out, owed_error *err)
{
    const owed_allocator *previous = owed_mem_scope_enter(&b->mem);
    owed_status st = next_group(b, out, err);
    owed_mem_scope_leave(previous);
    return st;
}

const char *owed_book_group_borrower(const owed_book_group *g) { return g->borrower; }

size_t owed_book_group_loan_count(const owed_book_group *g)
{
    return g->n_terms ? g->n_terms : g->n_loan_ids;
}

const char *owed_book_group_loan_id(const owed_book_group *g, size_t i)
{
    if (g->n_terms)
        return i < g->n_terms ? g->terms[i]->v[T_LOAN] : NULL;
    return i < g->n_loan_ids ? g->loan_ids[i] : NULL;
}

long owed_book_group_loan_line(const owed_book_group *g, size_t i)
{
    if (g->n_terms)
        return i < g->n_terms ? g->terms[i]->line : 0;
    return i < g->n_loan_ids ? g->loan_lines[i] : 0;
}

const owed_error *owed_book_group_error(const owed_book_group *g)
{
    return g->has_error ? &g->error : NULL;
}

/* ------------------------------------------------------------------ checking values */

/* Where an element of the case file comes from: which file, which line. */
typedef struct origin {
    int events;  /* 0: terms file, 1: events file */
    long line;
} origin;

#if defined(__GNUC__)
#define BOOK_NOINLINE __attribute__((noinline))
#define BOOK_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define BOOK_NOINLINE
#define BOOK_ALWAYS_INLINE inline
#endif

/* A group's case is made in one of two ways from the same calls (start, attr, text, end):
 * written as the text of a case file (xmlTextWriter), or, when nobody needs the text, built
 * directly as the elements the case reader reads (case_tree.h) from that text once parsed
 * (build_elements).  The elements carry the lines the text would give them and borrow
 * their values from the rows, so that both ways give the same case, the same errors and
 * the same lines. */
/* At most the elements and attributes of one terms row (loan, lender, disbursement,
 * interest, 4 fees, overdue, 2 late fees, payment-order) and of one events row. */
#define LOAN_ELEMENTS 12
#define LOAN_ATTRIBUTES 40
#define EVENT_ATTRIBUTES 6
typedef struct builder {
    const owed_book_group *g;
    xmlTextWriterPtr w; /* writing the text, or NULL: building the elements */
    owed_case_elem *elems;  /* the elements: all of them, made to their final size, */
    size_t n_elems, cap_elems;
    owed_case_attr *attrs;  /* the attributes of all, each element's one after another, */
    size_t n_attrs, cap_attrs;
    owed_case_elem *open[4]; /* the element open now, open[depth - 1], and its parents, */
    int depth;
    long line;          /* and the line of the text the writer would be on */
    origin *origins;    /* writing the text: one per element start, in writing order;
                           building the elements: one per line of the text (line 0 unused), zero
                           on the lines that start no element */
    size_t n_origins, cap_origins;
    int failed;         /* a writer call failed, or the arrays were too small */
    owed_error *err;
} builder;

static owed_status value_error(builder *b, int events, long line, const char *column,
                               const char *value, const char *what)
{
    return owed_error_set(b->err, OWED_E_SYNTAX, events ? b->g->events_name : b->g->terms_name,
                          line, _("column %s: '%s' %s"), column, value, what);
}

/* 1 when v is one of the '|'-separated words of `allowed` (a '|' in v matches none): each
 * word compared in place, in one pass over `allowed`. */
static int one_of(const char *v, const char *allowed)
{
    for (const char *p = allowed; *p != '\0';) {
        const char *q = v;
        while (*p != '|' && *p != '\0' && *p == *q) {
            p++;
            q++;
        }
        if (*q == '\0' && (*p == '|' || *p == '\0'))
            return 1;
        while (*p != '|' && *p != '\0')
            p++;
        if (*p == '\0')
            break;
        p++;
    }
    return 0;
}

/* check_given_choice's refusal, out of line with its buffer. */
static BOOK_NOINLINE owed_status choice_error(builder *b, int events, const row *r, int col,
                                              const char *allowed)
{
    const char *v = r->v[col];
    char what[160];
    snprintf(what, sizeof what, _("is not one of %s"), allowed);
    return value_error(b, events, r->line, (events ? events_columns : terms_columns)[col], v,
                       what);
}

static owed_status check_given_choice(builder *b, int events, const row *r, int col,
                                      const char *allowed)
{
    if (one_of(r->v[col], allowed))
        return OWED_OK;
    return choice_error(b, events, r, col, allowed);
}

/* A column of a few words, empty or one of `allowed` ('|'-separated).  Inline: a row has
 * seven such columns, most of them empty, and the call cost more than the test. */
static inline owed_status check_choice(builder *b, int events, const row *r, int col,
                                       const char *allowed)
{
    if (*r->v[col] == '\0')
        return OWED_OK;
    return check_given_choice(b, events, r, col, allowed);
}

/* Text that goes into the case file: no control characters (which XML 1.0 cannot hold and
 * which would break the one-element-a-line map). */
static owed_status check_text(builder *b, int events, const row *r, int col, size_t max)
{
    const char *v = r->v[col];
    const unsigned char *p = (const unsigned char *)v;
    for (; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return value_error(b, events, r->line, (events ? events_columns : terms_columns)[col],
                               v, _("holds a control character"));
    if ((size_t)(p - (const unsigned char *)v) > max)
        return value_error(b, events, r->line, (events ? events_columns : terms_columns)[col],
                           v, _("is too long"));
    return OWED_OK;
}

/* check_text(.., 64) of an id that holds no space, in one pass over it: a space anywhere
 * is told first, then a control character, then the length, as three passes would. */
static BOOK_NOINLINE owed_status check_id_slow(builder *b, int events, const row *r, int col);

static inline owed_status check_id(builder *b, int events, const row *r, int col)
{
    const char *v = r->v[col];
    const unsigned char *p = (const unsigned char *)v;
    /* the usual id, printable ASCII and no space, up to 64 bytes: one test a byte */
    while (*p > 0x20 && *p < 0x7f)
        p++;
    if (*p == '\0' && (size_t)(p - (const unsigned char *)v) <= 64)
        return OWED_OK;
    return check_id_slow(b, events, r, col);
}

/* check_id past its quick test. */
static BOOK_NOINLINE owed_status check_id_slow(builder *b, int events, const row *r, int col)
{
    const char *v = r->v[col];
    const unsigned char *p = (const unsigned char *)v;
    int space = 0, control = 0;
    for (; *p; p++) {
        unsigned c = *p;
        if (c <= 0x20 || c >= 0x7f) { /* printable ASCII is neither */
            space |= isspace((int)c) != 0;
            control |= c < 0x20 || c == 0x7f;
        }
    }
    const char *what = space ? _("holds a space")
                       : control ? _("holds a control character")
                       : (size_t)(p - (const unsigned char *)v) > 64 ? _("is too long")
                       : NULL;
    if (what == NULL)
        return OWED_OK;
    return value_error(b, events, r->line, (events ? events_columns : terms_columns)[col], v,
                       what);
}

/* ------------------------------------------------------------------ writing the case */

/* Notes where the element started next comes from (building the elements: the one on line
 * b->line). */
static BOOK_ALWAYS_INLINE void note_origin(builder *b, int events, long line)
{
    size_t at = b->w != NULL ? b->n_origins : (size_t)b->line;
    if (b->w == NULL && at >= b->cap_origins) {
        b->failed = 1; /* cannot be: made for the largest group (build_elements) */
        return;
    }
    while (at >= b->cap_origins) {
        size_t c = b->cap_origins ? b->cap_origins * 2 : 16;
        origin *o = owed_mem_realloc(b->origins, c * sizeof *o);
        if (o == NULL) {
            b->failed = 1;
            return;
        }
        b->origins = o;
        b->cap_origins = c;
    }
    while (b->n_origins < at) { /* lines that start no element */
        b->origins[b->n_origins].events = 0;
        b->origins[b->n_origins].line = 0;
        b->n_origins++;
    }
    b->origins[at].events = events;
    b->origins[at].line = line;
    b->n_origins = at + 1;
}

/* Building the elements: a new one, inside the one open now. */
static BOOK_ALWAYS_INLINE void elem_start(builder *b, owed_case_kind kind)
{
    if (b->n_elems == b->cap_elems || b->depth == (int)(sizeof b->open / sizeof b->open[0])) {
        b->failed = 1; /* cannot be: the arrays are made for the largest group */
        return;
    }
    owed_case_elem *e = &b->elems[b->n_elems++];
    memset(e, 0, sizeof *e);
    e->name = owed_case_elem_names[kind];
    e->in_case_ns = 1;
    e->kind = kind;
    e->line = b->line;
    e->attrs = &b->attrs[b->n_attrs]; /* its attributes come next (attr) */
    if (b->depth > 0) {
        owed_case_elem *p = b->open[b->depth - 1];
        if (p->last != NULL)
            p->last->next = e;
        else
            p->children = e;
        p->last = e;
    }
    b->open[b->depth++] = e;
}

/* An element of kind `kind` (case_tree.h), which names it, from line `line` of the terms
 * (events 0) or events file. */
/* start() when writing the text, out of line so that start() stays small. */
static BOOK_NOINLINE void write_start(builder *b, owed_case_kind kind, int events, long line)
{
    note_origin(b, events, line);
    if (xmlTextWriterStartElement(b->w, BAD_CAST owed_case_elem_names[kind]) < 0)
        b->failed = 1;
}

/* Building the elements, always inline with its constant kind: a group's case has some
 * twenty elements a borrower, and the calls cost more than the work. */
static BOOK_ALWAYS_INLINE void start(builder *b, owed_case_kind kind, int events, long line)
{
    if (b->w == NULL) {
        if (b->failed)
            return;
        b->line++; /* the writer puts every element start on a line of its own */
        note_origin(b, events, line);
        elem_start(b, kind);
        return;
    }
    write_start(b, kind, events, line);
}

/* end() when writing the text. */
static BOOK_NOINLINE void write_end(builder *b)
{
    if (xmlTextWriterEndElement(b->w) < 0)
        b->failed = 1;
}

static BOOK_ALWAYS_INLINE void end(builder *b)
{
    if (b->w == NULL) {
        if (b->failed)
            return;
        /* the writer puts the end tag of an element with elements inside on its own line;
           the others end on the line they start (<x .../>, <x>text</x>) */
        if (b->open[b->depth - 1]->children != NULL)
            b->line++;
        b->depth--;
        return;
    }
    write_end(b);
}

/* attr() when writing the text, out of line so that attr() stays small. */
static BOOK_NOINLINE void write_attr(builder *b, const char *name, const char *v)
{
    if (xmlTextWriterWriteAttribute(b->w, BAD_CAST name, BAD_CAST v) < 0)
        b->failed = 1;
}

/* An attribute when the value is not empty (building: `v` is borrowed, and the
 * attributes of an element all come before the elements inside it, so that they follow one
 * another from where its start put them).  Always inline: with the literal name of each
 * call the name's key is a constant, and an empty value costs a test. */
static BOOK_ALWAYS_INLINE void attr(builder *b, const char *name, const char *v)
{
    if (v == NULL || *v == '\0')
        return;
    if (b->w != NULL) {
        write_attr(b, name, v);
        return;
    }
    if (b->failed)
        return;
    owed_case_elem *e = b->open[b->depth - 1];
    if (b->n_attrs == b->cap_attrs || e->children != NULL) {
        b->failed = 1; /* cannot be (see above) */
        return;
    }
    b->attrs[b->n_attrs].name = name;
    b->attrs[b->n_attrs].value = v;
    b->n_attrs++;
    e->attr_keys |= owed_case_attr_key(name);
    e->n_attrs++;
}

/* The text of the element open now. */
static void text(builder *b, const char *v)
{
    if (b->w == NULL) {
        if (!b->failed)
            b->open[b->depth - 1]->text = v; /* borrowed */
    } else if (xmlTextWriterWriteString(b->w, BAD_CAST v) < 0) {
        b->failed = 1;
    }
}

/* "5%" is a percent of the principal, anything else an amount. */
static void amount_or_percent(builder *b, const char *v)
{
    size_t n = strlen(v);
    attr(b, n && v[n - 1] == '%' ? "percent" : "amount", v);
}

/* fee() of a given fee. */
static BOOK_NOINLINE void fee_given(builder *b, const row *r, int col, const char *name,
                                    const char *at)
{
    start(b, OWED_CASE_FEE, 0, r->line);
    attr(b, "name", name);
    amount_or_percent(b, r->v[col]);
    attr(b, "at", at);
    end(b);
}

/* A fee of column col, when given.  Always inline: a loan has four such columns, most of
 * them empty, and the call cost more than the test. */
static BOOK_ALWAYS_INLINE void fee(builder *b, const row *r, int col, const char *name,
                                   const char *at)
{
    if (*r->v[col] != '\0')
        fee_given(b, r, col, name, at);
}

static owed_status write_loan(builder *b, const row *r)
{
    owed_status st;
    if ((st = check_id(b, 0, r, T_LOAN)) != OWED_OK ||
        (st = check_choice(b, 0, r, T_PER, "day|month|year")) != OWED_OK ||
        (st = check_choice(b, 0, r, T_BASIS, "365|360|actual")) != OWED_OK ||
        (st = check_choice(b, 0, r, T_AFTER_DUE, "continue|stop")) != OWED_OK ||
        (st = check_choice(b, 0, r, T_OVERDUE_PER, "day|month|year")) != OWED_OK ||
        (st = check_choice(b, 0, r, T_OVERDUE_BASIS, "365|360|actual")) != OWED_OK ||
        (st = check_choice(b, 0, r, T_OVERDUE_ON, "principal|principal+interest")) != OWED_OK ||
        (st = check_choice(b, 0, r, T_LENDER_KIND, "person|company|licensed")) != OWED_OK)
        return st;
    if (*r->v[T_LOAN] == '\0')
        return value_error(b, 0, r->line, "loan", "", _("is empty"));
    const char *f = b->g->terms_name;
    int has_rate = *r->v[T_RATE] != '\0', has_per = *r->v[T_PER] != '\0';
    if (has_rate != has_per)
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("columns rate and per go together"));
    if (!has_rate && (*r->v[T_BASIS] || *r->v[T_AFTER_DUE] || *r->v[T_INTEREST_WITHHELD]))
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("basis, after_due and interest_withheld need a rate"));
    int has_overdue = *r->v[T_OVERDUE_RATE] != '\0';
    if (has_overdue != (*r->v[T_OVERDUE_PER] != '\0'))
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("columns overdue_rate and overdue_per go together"));
    if (!has_overdue && (*r->v[T_OVERDUE_BASIS] || *r->v[T_OVERDUE_ON] || *r->v[T_GRACE_DAYS]))
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("overdue_basis, overdue_on and grace_days need an "
                                "overdue_rate"));
    start(b, OWED_CASE_LOAN, 0, r->line);
    attr(b, "id", r->v[T_LOAN]);
    attr(b, "contracted", r->v[T_CONTRACTED]);
    attr(b, "principal", r->v[T_PRINCIPAL]);
    attr(b, "due", r->v[T_DUE]);
    attr(b, "term-days", r->v[T_TERM_DAYS]);
    if (*r->v[T_LENDER_KIND]) {
        start(b, OWED_CASE_LENDER, 0, r->line);
        attr(b, "kind", r->v[T_LENDER_KIND]);
        end(b);
    }
    if (*r->v[T_DELIVERED]) {
        start(b, OWED_CASE_DISBURSEMENT, 0, r->line);
        attr(b, "date", r->v[T_CONTRACTED]);
        attr(b, "amount", r->v[T_DELIVERED]);
        end(b);
    }
    if (has_rate) {
        start(b, OWED_CASE_INTEREST, 0, r->line);
        attr(b, "rate", r->v[T_RATE]);
        attr(b, "per", r->v[T_PER]);
        attr(b, "withheld", r->v[T_INTEREST_WITHHELD]);
        attr(b, "basis", r->v[T_BASIS]);
        attr(b, "after-due", r->v[T_AFTER_DUE]);
        end(b);
    }
    fee(b, r, T_WITHHELD_FEE, "withheld fee", "upfront");
    fee(b, r, T_DISBURSEMENT_FEE, "fee at disbursement", "disbursement");
    fee(b, r, T_MATURITY_FEE, "fee at maturity", "maturity");
    fee(b, r, T_DAILY_FEE, "daily fee", "daily");
    if (has_overdue) {
        start(b, OWED_CASE_OVERDUE, 0, r->line);
        attr(b, "rate", r->v[T_OVERDUE_RATE]);
        attr(b, "per", r->v[T_OVERDUE_PER]);
        attr(b, "basis", r->v[T_OVERDUE_BASIS]);
        attr(b, "on", r->v[T_OVERDUE_ON]);
        attr(b, "grace-days", r->v[T_GRACE_DAYS]);
        end(b);
    }
    if (*r->v[T_LATE_FEE]) {
        start(b, OWED_CASE_LATE_FEE, 0, r->line);
        attr(b, "name", "late fee");
        amount_or_percent(b, r->v[T_LATE_FEE]);
        end(b);
    }
    if (*r->v[T_DAILY_LATE_FEE]) {
        start(b, OWED_CASE_LATE_FEE, 0, r->line);
        attr(b, "name", "daily late fee");
        amount_or_percent(b, r->v[T_DAILY_LATE_FEE]);
        attr(b, "per", "day");
        end(b);
    }
    if (*r->v[T_PAYMENT_ORDER]) {
        if ((st = check_text(b, 0, r, T_PAYMENT_ORDER, 100)) != OWED_OK)
            return st;
        start(b, OWED_CASE_PAYMENT_ORDER, 0, r->line);
        text(b, r->v[T_PAYMENT_ORDER]);
        end(b);
    }
    end(b);
    return OWED_OK;
}

/* Columns an event kind takes beside borrower, date and kind. */
static owed_status write_event(builder *b, const row *r)
{
    static const struct {
        const char *kind;
        owed_case_kind element;
        unsigned allowed; /* columns that may be given, a bit each */
    } kinds[] = {{"payment", OWED_CASE_PAYMENT, 1u << E_LOAN | 1u << E_AMOUNT | 1u << E_FOR},
                 {"extension", OWED_CASE_EXTENSION, 1u << E_LOAN | 1u << E_AMOUNT | 1u << E_DUE},
                 {"charge", OWED_CASE_CHARGE,
                  1u << E_LOAN | 1u << E_AMOUNT | 1u << E_COMPONENT | 1u << E_LABEL}};
    const char *f = b->g->events_name;
    size_t k = 0;
    while (k < 3 && strcmp(r->v[E_KIND], kinds[k].kind) != 0)
        k++;
    if (k == 3)
        return value_error(b, 1, r->line, "kind", r->v[E_KIND],
                           _("is not one of payment|extension|charge"));
    /* the columns the kind does not take, in column order (borrower, date and kind are
       every event's) */
    unsigned others = ((1u << E_COUNT) - 1) & ~(1u << E_BORROWER | 1u << E_DATE | 1u << E_KIND) &
                      ~kinds[k].allowed;
    for (; others != 0; others &= others - 1) {
#if defined(__GNUC__)
        int c = __builtin_ctz(others);
#else
        int c = 0;
        while ((others >> c & 1u) == 0)
            c++;
#endif
        if (*r->v[c])
            return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                                  _("column %s is not for an event of kind %s"),
                                  events_columns[c], kinds[k].kind);
    }
    owed_status st;
    if ((st = check_choice(b, 1, r, E_FOR, "charges|principal")) != OWED_OK ||
        (st = check_choice(b, 1, r, E_COMPONENT, "interest|penalty|fee|cost")) != OWED_OK ||
        (st = check_id(b, 1, r, E_LOAN)) != OWED_OK ||
        (st = check_text(b, 1, r, E_LABEL, 200)) != OWED_OK)
        return st;
    if (k > 0 && *r->v[E_LOAN] == '\0')
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("an event of kind %s names its loan"), kinds[k].kind);
    if ((k == 0 || k == 2) && *r->v[E_AMOUNT] == '\0')
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("an event of kind %s has an amount"), kinds[k].kind);
    if (k == 1 && *r->v[E_DUE] == '\0')
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("an extension gives the new due date (column due)"));
    if (k == 2 && *r->v[E_COMPONENT] == '\0')
        return owed_error_set(b->err, OWED_E_SYNTAX, f, r->line,
                              _("a charge gives its component"));
    start(b, kinds[k].element, 1, r->line);
    attr(b, "date", r->v[E_DATE]);
    if (k == 0) {
        attr(b, "amount", r->v[E_AMOUNT]);
        attr(b, "loan", r->v[E_LOAN]);
        attr(b, "for", r->v[E_FOR]);
    } else if (k == 1) {
        attr(b, "loan", r->v[E_LOAN]);
        attr(b, "due", r->v[E_DUE]);
        attr(b, "fee", r->v[E_AMOUNT]);
    } else {
        attr(b, "loan", r->v[E_LOAN]);
        attr(b, "amount", r->v[E_AMOUNT]);
        attr(b, "component", r->v[E_COMPONENT]);
        attr(b, "kind", r->v[E_LABEL]);
    }
    end(b);
    return OWED_OK;
}

/* The value of a case-wide column: the same on every terms row that gives it. */
static owed_status case_value(builder *b, int col, const char **out)
{
    *out = "";
    for (size_t i = 0; i < b->g->n_terms; i++) {
        const char *v = b->g->terms[i]->v[col];
        if (*v == '\0')
            continue;
        if (**out == '\0')
            *out = v;
        else if (strcmp(*out, v) != 0)
            return owed_error_set(b->err, OWED_E_SEMANTIC, b->g->terms_name,
                                  b->g->terms[i]->line,
                                  _("column %s: '%s' differs from '%s' on an earlier row of "
                                    "borrower '%s' (one case has one)"),
                                  terms_columns[col], v, *out, b->g->borrower);
    }
    return OWED_OK;
}

static owed_status write_case(builder *b, const char *title)
{
    const owed_book_group *g = b->g;
    const char *currency, *as_of, *filed;
    owed_status st;
    if ((st = case_value(b, T_CURRENCY, &currency)) != OWED_OK ||
        (st = case_value(b, T_AS_OF, &as_of)) != OWED_OK ||
        (st = case_value(b, T_FILED, &filed)) != OWED_OK)
        return st;
    if (g->as_of != NULL)
        as_of = g->as_of;
    if (*as_of == '\0')
        return owed_error_set(b->err, OWED_E_SEMANTIC, g->terms_name, g->terms[0]->line,
                              _("no as-of date for borrower '%s': give an as_of column or "
                                "--as-of"),
                              g->borrower);
    if (b->w == NULL) {
        b->line = 1; /* the XML declaration */
        start(b, OWED_CASE_CASE, 0, g->terms[0]->line);
    } else {
        if (xmlTextWriterStartDocument(b->w, NULL, "UTF-8", NULL) < 0)
            b->failed = 1;
        note_origin(b, 0, g->terms[0]->line);
        if (xmlTextWriterStartElementNS(b->w, NULL, BAD_CAST "case",
                                        BAD_CAST OWED_CASE_NAMESPACE) < 0)
            b->failed = 1;
    }
    attr(b, "currency", currency);
    attr(b, "as-of", as_of);
    attr(b, "filed", filed);
    if (title != NULL) {
        start(b, OWED_CASE_TITLE, 0, g->terms[0]->line);
        text(b, title);
        end(b);
    }
    if ((st = check_text(b, 0, g->terms[0], T_BORROWER, 1000)) != OWED_OK)
        return st;
    start(b, OWED_CASE_BORROWER, 0, g->terms[0]->line);
    text(b, g->borrower);
    end(b);
    for (size_t i = 0; i < g->n_terms; i++)
        if ((st = write_loan(b, g->terms[i])) != OWED_OK)
            return st;
    for (size_t i = 0; i < g->n_events; i++)
        if ((st = write_event(b, g->events[i])) != OWED_OK)
            return st;
    end(b);
    if (b->w != NULL && xmlTextWriterEndDocument(b->w) < 0)
        b->failed = 1;
    return OWED_OK;
}

/* The origin of each line of the case file: every line that starts an element (all of them
 * but the declaration and end tags) takes the next origin in writing order. */
static origin *line_origins(const builder *b, const char *xml, size_t *n_lines)
{
    size_t n = 1;
    for (const char *p = xml; *p; p++)
        n += *p == '\n';
    origin *map = owed_mem_calloc(n + 1, sizeof *map);
    if (map == NULL)
        return NULL;
    size_t next = 0, line = 1;
    for (const char *p = xml; *p; line++) {
        const char *q = p;
        while (*q == ' ')
            q++;
        if (q[0] == '<' && q[1] != '/' && q[1] != '?' && q[1] != '!' && next < b->n_origins)
            map[line] = b->origins[next++];
        const char *e = strchr(p, '\n');
        if (e == NULL)
            break;
        p = e + 1;
    }
    *n_lines = n;
    return map;
}

/* After the case reader read the group's case (OWED_OK, *c) or failed (e, its error at a
 * line of the case file): the lines of the case file made lines of the CSV files, through
 * `map` (the origin of lines 1 .. n_lines).  Returns st; on failure *err is the error at
 * the row concerned. */
static owed_status read_back(const owed_book_group *g, owed_status st, owed_case *c,
                             owed_error *e, const origin *map, size_t n_lines, owed_error *err)
{
    if (st != OWED_OK) {
        /* the case reader's line is a line of the case file: say which row made it */
        long line = e->line;
        if (line > 0 && (size_t)line <= n_lines && map[line].line > 0) {
            snprintf(e->file, sizeof e->file, "%s",
                     map[line].events ? g->events_name : g->terms_name);
            e->line = map[line].line;
        } else {
            snprintf(e->file, sizeof e->file, "%s", g->terms_name);
            e->line = g->terms[0]->line;
        }
        if (err != NULL)
            *err = *e;
        return st;
    }
    for (size_t i = 0; i < c->n_loans; i++)
        if (c->loans[i].line > 0 && (size_t)c->loans[i].line <= n_lines)
            c->loans[i].line = map[c->loans[i].line].line;
    for (size_t i = 0; i < c->n_events; i++)
        if (c->events[i].line > 0 && (size_t)c->events[i].line <= n_lines)
            c->events[i].line = map[c->events[i].line].line;
    return OWED_OK;
}

/* 1 when the group's case can be built as elements with the same outcome as its text read
 * back: no value holds what XML 1.0 cannot (a control character, U+FFFE, U+FFFF; the
 * CSV reader has checked the UTF-8), and the text would be well within the limits the XML
 * reader puts on a file (xml_safe.c: bytes, nodes, attributes), which are then at their
 * defaults.  Otherwise the text is written and read (the rare group, the same result). */
static int elements_fit(const owed_book_group *g)
{
    static const owed_limit xml_limits[] = {OWED_LIMIT_INPUT_BYTES, OWED_LIMIT_ATTRIBUTES,
                                            OWED_LIMIT_XML_NODES, OWED_LIMIT_LOANS,
                                            OWED_LIMIT_EVENTS};
    for (size_t i = 0; i < sizeof xml_limits / sizeof xml_limits[0]; i++)
        if (owed_limit_is_set(xml_limits[i]))
            return 0;
    size_t bytes = 0;
    for (int events = 0; events < 2; events++) {
        row *const *rows = events ? g->events : g->terms;
        size_t n = events ? g->n_events : g->n_terms, n_names = events ? E_COUNT : T_COUNT;
        for (size_t i = 0; i < n; i++) {
            if (rows[i]->plain) { /* no control character, nothing above ASCII */
                bytes += rows[i]->text_bytes;
                continue;
            }
            for (size_t k = 0; k < n_names; k++) {
                const unsigned char *p = (const unsigned char *)rows[i]->v[k], *q = p;
                for (; *q; q++)
                    if (*q < 0x20 || (q[0] == 0xEF && q[1] == 0xBF && (q[2] & 0xFE) == 0xBE))
                        return 0;
                bytes += (size_t)(q - p);
            }
        }
    }
    /* (default limits: at most 201 terms rows and 1001 events rows, each of at most 13
       elements and 8 attributes; escaped, a value takes at most 6 times its bytes) */
    return bytes <= 1024u * 1024u;
}

/* The group's case, built as elements and read by the case reader (see builder). */
static owed_status build_elements(const owed_book_group *g, owed_case **kase, owed_error *err)
{
    builder b = {.g = g, .err = err};
    /* most groups fit in arrays on the stack (about 17 KiB); the others get their own */
    owed_case_elem elems[96];
    owed_case_attr attrs[384];
    origin origins[2 * 96 + 2];
    b.cap_elems = 3 + g->n_terms * LOAN_ELEMENTS + g->n_events;
    b.cap_attrs = 3 + g->n_terms * LOAN_ATTRIBUTES + g->n_events * EVENT_ATTRIBUTES;
    /* a line for the declaration, and at most two for each element (its start, its end) */
    b.cap_origins = 2 + 2 * b.cap_elems;
    b.origins = b.cap_origins <= sizeof origins / sizeof origins[0]
                    ? origins
                    : owed_mem_alloc(b.cap_origins * sizeof *b.origins);
    b.elems = b.cap_elems <= sizeof elems / sizeof elems[0]
                  ? elems
                  : owed_mem_alloc(b.cap_elems * sizeof *b.elems);
    b.attrs = b.cap_attrs <= sizeof attrs / sizeof attrs[0]
                  ? attrs
                  : owed_mem_alloc(b.cap_attrs * sizeof *b.attrs);
    owed_status st = OWED_OK;
    if (b.elems == NULL || b.attrs == NULL || b.origins == NULL)
        st = nomem(err, g->terms_name, 0);
    else
        st = write_case(&b, NULL);
    if (st == OWED_OK && b.failed)
        st = nomem(err, g->terms_name, 0);
    owed_case *c = NULL;
    if (st == OWED_OK) {
        owed_error e; /* (the reader writes the whole of it when it fails; read only then) */
        st = owed_case_read_elements(g->terms_name, &b.elems[0], &c, &e);
        st = read_back(g, st, c, &e, b.origins, b.n_origins ? b.n_origins - 1 : 0, err);
    }
    if (st == OWED_OK && kase != NULL)
        *kase = c;
    else
        owed_case_free(c);
    if (b.origins != origins)
        owed_mem_free(b.origins);
    if (b.elems != elems)
        owed_mem_free(b.elems);
    if (b.attrs != attrs)
        owed_mem_free(b.attrs);
    return st;
}

owed_status owed_book_group_build(const owed_book_group *g, const char *title,
                                  const char *schema_path, char **xml, size_t *len,
                                  owed_case **kase, owed_error *err)
{
    if (xml != NULL)
        *xml = NULL;
    if (len != NULL)
        *len = 0;
    if (kase != NULL)
        *kase = NULL;
    if (g->has_error) {
        if (err != NULL)
            *err = g->error;
        return g->error.code;
    }
    if (xml == NULL && title == NULL && schema_path == NULL && elements_fit(g))
        return build_elements(g, kase, err);
    builder b = {.g = g, .err = err};
    xmlBufferPtr buf = xmlBufferCreate();
    if (buf == NULL || (b.w = xmlNewTextWriterMemory(buf, 0)) == NULL) {
        xmlBufferFree(buf);
        return nomem(err, g->terms_name, 0);
    }
    xmlTextWriterSetIndent(b.w, 1);
    xmlTextWriterSetIndentString(b.w, BAD_CAST "  ");
    owed_status st = write_case(&b, title);
    xmlFreeTextWriter(b.w); /* flushes into buf */
    if (st == OWED_OK && b.failed)
        st = nomem(err, g->terms_name, 0);
    const char *text = (const char *)xmlBufferContent(buf);
    size_t text_len = (size_t)xmlBufferLength(buf);
    size_t n_lines = 0;
    origin *map = NULL;
    if (st == OWED_OK && (map = line_origins(&b, text, &n_lines)) == NULL)
        st = nomem(err, g->terms_name, 0);
    owed_case *c = NULL;
    if (st == OWED_OK) {
        owed_error e;
        owed_error_clear(&e);
        st = owed_case_read_buffer(g->terms_name, text, text_len, schema_path, &c, &e);
        st = read_back(g, st, c, &e, map, n_lines, err);
    }
    if (st == OWED_OK && xml != NULL) {
        if ((*xml = owed_mem_alloc(text_len + 1)) == NULL) {
            st = nomem(err, g->terms_name, 0);
        } else {
            memcpy(*xml, text, text_len + 1);
            if (len != NULL)
                *len = text_len;
        }
    }
    if (st == OWED_OK && kase != NULL)
        *kase = c;
    else
        owed_case_free(c);
    if (st != OWED_OK && xml != NULL) {
        owed_mem_free(*xml);
        *xml = NULL;
    }
    owed_mem_free(map);
    owed_mem_free(b.origins);
    xmlBufferFree(buf);
    return st;
}
