/* Unit tests of the CSV reader (csv.c) and the loan-book reader (book_read.c): RFC 4180
 * quoting, line ends, the byte-order mark, bad records; headers, borrower groups, the
 * order check, rows turned into cases with errors at the CSV line; the arena (mem.h) the
 * batch builds a borrower's case in.
 * The schema comes from $OWED_DATADIR (set by make check). */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "csv.h"
#include "mem.h"
#include "owed_limits.h"
#include "testutil.h"

/* A stream over `text` (len bytes, NULs allowed). */
static FILE *stream_of(const char *text, size_t len)
{
    FILE *fp = fmemopen((void *)text, len, "rb");
    ck_assert_ptr_nonnull(fp);
    return fp;
}

/* Reads every record of `text` and writes them as "a|b|c@LINE;" into out. */
static owed_status records(const char *text, size_t len, char *out, size_t cap,
                           owed_error *err)
{
    FILE *fp = stream_of(text, len);
    owed_csv *r = owed_csv_new(fp, "t.csv");
    ck_assert_ptr_nonnull(r);
    out[0] = '\0';
    owed_status st;
    for (;;) {
        size_t n;
        st = owed_csv_next(r, &n, err);
        if (st != OWED_OK || n == 0)
            break;
        size_t rec_len;
        const char *rec = owed_csv_record(r, &rec_len);
        const size_t *starts = owed_csv_field_starts(r);
        for (size_t i = 0; i < n; i++) {
            ck_assert_ptr_eq(rec + starts[i], owed_csv_field(r, i));
            strncat(out, owed_csv_field(r, i), cap - strlen(out) - 1);
            strncat(out, i + 1 < n ? "|" : "", cap - strlen(out) - 1);
        }
        char at[32];
        snprintf(at, sizeof at, "@%ld;", owed_csv_line(r));
        strncat(out, at, cap - strlen(out) - 1);
    }
    owed_csv_free(r);
    fclose(fp);
    return st;
}

#define CK_RECORDS(TEXT_, WANT_)                                                                 \
    do {                                                                                       \
        char got_[1024];                                                                       \
        owed_error e_;                                                                         \
        owed_error_clear(&e_);                                                                 \
        owed_status st_ = records(TEXT_, sizeof(TEXT_) - 1, got_, sizeof got_, &e_);         \
        ck_assert_msg(st_ == OWED_OK, "error %s:%ld: %s", e_.file, e_.line, e_.text);          \
        ck_assert_str_eq(got_, WANT_);                                                          \
    } while (0)

#define CK_BAD(TEXT_, CODE_, LINE_, FRAGMENT_)                                                     \
    do {                                                                                       \
        char got_[1024];                                                                       \
        owed_error e_;                                                                         \
        owed_error_clear(&e_);                                                                 \
        owed_status st_ = records(TEXT_, sizeof(TEXT_) - 1, got_, sizeof got_, &e_);         \
        ck_assert_int_eq(st_, CODE_);                                                           \
        ck_assert_str_eq(e_.file, "t.csv");                                                    \
        ck_assert_int_eq(e_.line, LINE_);                                                       \
        ck_assert_msg(strstr(e_.text, FRAGMENT_) != NULL, "message: %s", e_.text);             \
    } while (0)

START_TEST(test_csv_plain)
{
    CK_RECORDS("a,b,c\n1,2,3\n", "a|b|c@1;1|2|3@2;");
    CK_RECORDS("a,b\n1,2", "a|b@1;1|2@2;");              /* no final line end */
    CK_RECORDS("a,,c\n,,\n", "a||c@1;||@2;");            /* empty fields */
    CK_RECORDS("a\n\n\nb\n", "a@1;b@4;");                /* empty lines skipped */
    CK_RECORDS("", "");
}
END_TEST

/* Plain records whose commas fall at every place of the eight-byte words they are read in,
 * next to the bytes closest to a comma ('+', '-', '.': a comma's bits but one or three),
 * give the fields a comma-by-comma split gives. */
START_TEST(test_csv_plain_commas)
{
    static const char alphabet[] = {',', '-', '+', '.', 'a', ','};
    char text[64], want[256], got[1024];
    unsigned long long seed = 14;
    for (int round = 0; round < 2000; round++) {
        size_t len = 1 + (size_t)(round % 40), w = 0;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            text[i] = alphabet[(seed >> 33) % sizeof alphabet];
        }
        text[len] = '\n';
        for (size_t i = 0; i < len; i++)
            want[w++] = text[i] == ',' ? '|' : text[i];
        snprintf(want + w, sizeof want - w, "@1;");
        owed_error e;
        owed_error_clear(&e);
        ck_assert_int_eq(records(text, len + 1, got, sizeof got, &e), OWED_OK);
        ck_assert_msg(strcmp(got, want) == 0, "'%.*s': %s, want %s", (int)len, text, got, want);
    }
}
END_TEST

START_TEST(test_csv_quoting)
{
    CK_RECORDS("\"a,b\",\"say \"\"hi\"\"\",c\n", "a,b|say \"hi\"|c@1;");
    CK_RECORDS("\"\",x\n", "|x@1;");                      /* a quoted empty field */
    /* a line end inside quotes belongs to the field; the next record starts on line 3 */
    CK_RECORDS("\"two\nlines\",b\nc,d\n", "two\nlines|b@1;c|d@3;");
    CK_RECORDS("\"cr\r\nlf\",b\r\n", "cr\r\nlf|b@1;");
}
END_TEST

START_TEST(test_csv_crlf_bom_utf8)
{
    CK_RECORDS("a,b\r\n1,2\r\n", "a|b@1;1|2@2;");
    CK_RECORDS("\xEF\xBB\xBF" "a,b\n", "a|b@1;");
    CK_RECORDS("\xE5\xB0\x8F\xE6\x9D\x8E,1\n", "\xE5\xB0\x8F\xE6\x9D\x8E|1@1;"); /* 小李 */
}
END_TEST

START_TEST(test_csv_bad)
{
    CK_BAD("a,b\n\"open,c\n", OWED_E_SYNTAX, 2, "not closed");
    CK_BAD("a,b\nx\"y,c\n", OWED_E_SYNTAX, 2, "quote inside");
    CK_BAD("a,b\n\"x\"y,c\n", OWED_E_SYNTAX, 2, "after the closing quote");
    CK_BAD("a,b\nx\ry\n", OWED_E_SYNTAX, 2, "carriage return");
    CK_BAD("a,b\n1,\xC3\x28\n", OWED_E_SYNTAX, 2, "field 2 is not valid UTF-8");
    CK_BAD("a,b\n1,\xED\xA0\x80\n", OWED_E_SYNTAX, 2, "UTF-8"); /* a surrogate */
    CK_BAD("a,b\n1,\xC0\xAF\n", OWED_E_SYNTAX, 2, "UTF-8");     /* overlong '/' */
    CK_BAD("a,b\n1,x\0y\n", OWED_E_SYNTAX, 2, "NUL");
    /* the same past the first eight bytes of a record (read a word at a time when plain) */
    CK_BAD("a,b\n1234567890,abcdefgh\0ij\n", OWED_E_SYNTAX, 2, "NUL");
    CK_BAD("a,b\n1234567890,abcdefghij\"k\n", OWED_E_SYNTAX, 2, "quote inside");
    CK_BAD("a,b\n1234567890,abcdefghij\rk\n", OWED_E_SYNTAX, 2, "carriage return");
    CK_BAD("a,b\n1234567890,abcdefghij\xC3\x28\n", OWED_E_SYNTAX, 2, "field 2 is not valid UTF-8");
    /* the same within the first sixteen bytes of a long record (read sixteen at a time) */
    CK_BAD("a,b\n12\"4567890123456789,abcdefghij\n", OWED_E_SYNTAX, 2, "quote inside");
    CK_BAD("a,b\n12345\r7890123456789,abcdefghij\n", OWED_E_SYNTAX, 2, "carriage return");
    CK_BAD("a,b\n1234567890123\0" "56789,abcdefghij\n", OWED_E_SYNTAX, 2, "NUL");
    CK_BAD("a,b\n1234567890,abc\xC3\x28" "efghijklmnopqrstu\n", OWED_E_SYNTAX, 2,
           "field 2 is not valid UTF-8");
}
END_TEST

START_TEST(test_csv_limits)
{
    size_t n = OWED_CSV_MAX_FIELDS + 1;
    char *text = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        text[2 * i] = 'x';
        text[2 * i + 1] = i + 1 < n ? ',' : '\n';
    }
    owed_error e;
    owed_error_clear(&e);
    char got[64];
    ck_assert_int_eq(records(text, 2 * n, got, sizeof got, &e), OWED_E_LIMIT);
    free(text);
}
END_TEST

/* Records read at once (plain ones) and byte by byte (the rest) mixed, across the
 * reader's 64 KiB blocks and its buffer's growth: the same fields and lines either way. */
START_TEST(test_csv_mixed_records)
{
    /* a tab, a quote, a line with CR LF, a non-ASCII field, an empty line, among plain ones */
    CK_RECORDS("a,b\nx\ty,1\n\"q\",2\r\n\n3,\xC3\xA9\n4,5",
               "a|b@1;x\ty|1@2;q|2@3;3|\xC3\xA9@5;4|5@6;");
    /* the same past the first eight bytes of a record; DEL is a plain byte */
    CK_RECORDS("0123456789,abcdefghij\tk\n0123456789,\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9x\n"
               "0123456789,abcdefghij\x7Fk\r\n",
               "0123456789|abcdefghij\tk@1;0123456789|\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9x@2;"
               "0123456789|abcdefghij\x7Fk@3;");
    /* the same within the first sixteen bytes of a long record */
    CK_RECORDS("01\t3,56789abcdefghijk\n01\xC3\xA9" "3,56789abcdefghijk\n"
               "01\x7F" "3,56789abcdefghijk\r\n",
               "01\t3|56789abcdefghijk@1;01\xC3\xA9" "3|56789abcdefghijk@2;"
               "01\x7F" "3|56789abcdefghijk@3;");
    /* 256 fields: the most a record may have */
    size_t n = OWED_CSV_MAX_FIELDS;
    char *text = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        text[2 * i] = 'x';
        text[2 * i + 1] = i + 1 < n ? ',' : '\n';
    }
    FILE *fp = stream_of(text, 2 * n);
    owed_csv *r = owed_csv_new(fp, "t.csv");
    owed_error e;
    owed_error_clear(&e);
    size_t got = 0;
    ck_assert_int_eq(owed_csv_next(r, &got, &e), OWED_OK);
    ck_assert_uint_eq(got, OWED_CSV_MAX_FIELDS);
    ck_assert_str_eq(owed_csv_field(r, OWED_CSV_MAX_FIELDS - 1), "x");
    owed_csv_free(r);
    fclose(fp);
    free(text);

    /* 3,000 records of growing length (up to 3 KiB, past the first buffer), every 7th
       quoted, over several blocks */
    enum { RECORDS = 3000 };
    size_t cap = 12u * 1024u * 1024u, len = 0;
    text = malloc(cap);
    for (size_t i = 0; i < RECORDS; i++) {
        size_t pad = i % 3072;
        len += (size_t)sprintf(text + len, i % 7 == 0 ? "%zu,\"%zu\"," : "%zu,%zu,", i, pad);
        memset(text + len, 'a' + (int)(i % 26), pad);
        len += pad;
        text[len++] = '\n';
    }
    fp = stream_of(text, len);
    r = owed_csv_new(fp, "t.csv");
    for (size_t i = 0; i < RECORDS; i++) {
        ck_assert_int_eq(owed_csv_next(r, &got, &e), OWED_OK);
        ck_assert_uint_eq(got, 3);
        ck_assert_int_eq(owed_csv_line(r), (long)i + 1);
        ck_assert_uint_eq(strtoul(owed_csv_field(r, 0), NULL, 10), i);
        size_t pad = strtoul(owed_csv_field(r, 1), NULL, 10);
        ck_assert_uint_eq(pad, i % 3072);
        const char *f = owed_csv_field(r, 2);
        ck_assert_uint_eq(strlen(f), pad);
        ck_assert(pad == 0 || (f[0] == 'a' + (int)(i % 26) && f[pad - 1] == f[0]));
        size_t rec_len;
        owed_csv_record(r, &rec_len);
        ck_assert_uint_eq(rec_len, strlen(owed_csv_field(r, 0)) + strlen(owed_csv_field(r, 1)) +
                                       pad + 3);
        ck_assert_int_eq(owed_csv_record_plain(r), 1);
    }
    ck_assert_int_eq(owed_csv_next(r, &got, &e), OWED_OK);
    ck_assert_uint_eq(got, 0);
    ck_assert_uint_eq(owed_csv_offset(r), len);
    owed_csv_free(r);
    fclose(fp);
    free(text);
}
END_TEST

/* ------------------------------------------------------------------ the arena */

/* An outer allocator that counts its live blocks. */
static void *counted_malloc(void *ud, size_t n)
{
    ++*(long *)ud;
    return malloc(n);
}

static void *counted_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return realloc(p, n);
}

static void counted_free(void *ud, void *p)
{
    --*(long *)ud;
    free(p);
}

START_TEST(test_arena)
{
    long live = 0;
    owed_allocator counted = {counted_malloc, counted_realloc, counted_free, &live};
    const owed_allocator *previous = owed_mem_scope_enter(&counted);
    union {
        max_align_t align;
        char bytes[256];
    } first;
    owed_arena arena;
    owed_arena_open(&arena, first.bytes, sizeof first.bytes);
    const owed_allocator *outer = owed_mem_scope_enter(owed_arena_allocator(&arena));
    char *a = owed_mem_strdup("first");
    char *b = owed_mem_calloc(10, 3);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    /* without AddressSanitizer (which sees every block) the first ones are in the buffer */
    int carved = a >= first.bytes && a < first.bytes + sizeof first.bytes;
    ck_assert_uint_eq((uintptr_t)b % _Alignof(max_align_t), 0);
    for (int i = 0; i < 30; i++)
        ck_assert_int_eq(b[i], 0);
    memset(b, 'b', 30);
    /* the last block grows in place when it can, else moves with its bytes */
    char *b2 = owed_mem_realloc(b, 60);
    ck_assert_ptr_nonnull(b2);
    if (carved)
        ck_assert_ptr_eq(b2, b);
    for (int i = 0; i < 30; i++)
        ck_assert_int_eq(b2[i], 'b');
    char *a2 = owed_mem_realloc(a, 100); /* not the last: moved */
    ck_assert_ptr_nonnull(a2);
    ck_assert_str_eq(a2, "first");
    /* a block beyond what is left, and one beyond a chunk, from the outer allocator */
    char *big = owed_mem_alloc(200000);
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', 200000);
    ck_assert_int_gt(live, 0);
    /* the last block freed is given back */
    char *tmp = owed_mem_alloc(40);
    owed_mem_free(tmp);
    char *again = owed_mem_alloc(40);
    if (carved)
        ck_assert_ptr_eq(again, tmp);
    owed_mem_free(again);
    owed_mem_free(big);
    owed_mem_free(a2);
    owed_mem_free(b2);
    owed_mem_scope_leave(outer);
    owed_arena_close(&arena);
    owed_mem_scope_leave(previous);
    ck_assert_int_eq(live, 0); /* every chunk given back */
}
END_TEST

/* owed_mem_frees_nothing: an arena's allocator while it holds no block of its outer
 * allocator of its own (a handle made there may skip its frees), never another. */
START_TEST(test_arena_frees_nothing)
{
    long live = 0;
    owed_allocator counted = {counted_malloc, counted_realloc, counted_free, &live};
    ck_assert_int_eq(owed_mem_frees_nothing(&counted), 0);
    owed_allocator libc;
    owed_mem_record(&libc); /* outside any scope: the C library's */
    ck_assert_int_eq(owed_mem_frees_nothing(&libc), 0);
    const owed_allocator *previous = owed_mem_scope_enter(&counted);
    owed_arena arena;
    owed_arena_open(&arena, NULL, 0);
    const owed_allocator *outer = owed_mem_scope_enter(owed_arena_allocator(&arena));
    owed_allocator in_arena;
    owed_mem_record(&in_arena); /* what a handle made here records */
    /* without AddressSanitizer (which hands every block to the outer allocator) */
    char *first = owed_mem_alloc(16);
    ck_assert_ptr_nonnull(first);
    int carved = arena.chunks != NULL; /* a chunk taken, not a block of its own */
    ck_assert_int_eq(owed_mem_frees_nothing(&in_arena), carved);
    /* beyond the 16 MiB of chunks, a block of the outer allocator of its own: until it is
       freed, the arena's blocks must be freed one by one */
    char *blocks[20];
    int n = 0;
    while (n < 20 && (n == 0 || owed_mem_frees_nothing(&in_arena))) {
        blocks[n] = owed_mem_alloc(1u << 20);
        ck_assert_ptr_nonnull(blocks[n++]);
    }
    if (carved)
        ck_assert_int_eq(n, 16); /* 15 chunks of a block (and the first): the 16th is its own */
    ck_assert_int_eq(owed_mem_frees_nothing(&in_arena), 0);
    owed_mem_free(blocks[--n]);
    ck_assert_int_eq(owed_mem_frees_nothing(&in_arena), carved);
    while (n > 0)
        owed_mem_free(blocks[--n]);
    owed_mem_free(first);
    owed_mem_scope_leave(outer);
    owed_arena_close(&arena);
    owed_mem_scope_leave(previous);
    ck_assert_int_eq(live, 0); /* every chunk and block given back */
}
END_TEST

/* ------------------------------------------------------------------ the book */

typedef struct book_fixture {
    FILE *t, *e;
    owed_book *book;
} book_fixture;

static owed_status open_book(book_fixture *f, const char *terms, const char *events,
                             const char *as_of, owed_error *err)
{
    f->t = stream_of(terms, strlen(terms));
    f->e = stream_of(events, strlen(events));
    return owed_book_open(f->t, "terms.csv", f->e, "events.csv", as_of, &f->book, err);
}

static void close_book(book_fixture *f)
{
    owed_book_free(f->book);
    fclose(f->t);
    fclose(f->e);
}

#define TERMS_HEADER "borrower,loan,currency,contracted,principal,due,rate,per,withheld_fee,as_of\n"
#define EVENTS_HEADER "borrower,loan,date,kind,amount\n"

START_TEST(test_book_headers)
{
    static const struct {
        const char *terms, *events, *file, *fragment;
    } bad[] = {
        {"borrower,loan,currency,contracted,principal,colour\n", EVENTS_HEADER, "terms.csv",
         "unknown column 'colour'"},
        {"borrower,loan,currency,contracted,principal,loan\n", EVENTS_HEADER, "terms.csv",
         "column 'loan' given twice"},
        {"borrower,loan,currency,contracted\n", EVENTS_HEADER, "terms.csv",
         "no column 'principal'"},
        {TERMS_HEADER, "borrower,loan,date,amount\n", "events.csv", "no column 'kind'"},
        {"", EVENTS_HEADER, "terms.csv", "no header row"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        book_fixture f;
        owed_error e;
        owed_error_clear(&e);
        ck_assert_int_eq(open_book(&f, bad[i].terms, bad[i].events, NULL, &e), OWED_E_SYNTAX);
        ck_assert_ptr_null(f.book);
        ck_assert_str_eq(e.file, bad[i].file);
        ck_assert_int_eq(e.line, 1);
        ck_assert_msg(strstr(e.text, bad[i].fragment) != NULL, "%zu: %s", i, e.text);
        close_book(&f);
    }
}
END_TEST

/* Two borrowers, columns in another order in the events; a borrower with events only. */
START_TEST(test_book_groups)
{
    const char *terms = TERMS_HEADER
        "A,A1,CNY,2024-01-01,1000.00,2024-01-22,0.05%,day,100.00,2024-03-01\n"
        "A,A2,CNY,2024-01-05,500.00,2024-01-26,,,,2024-03-01\n"
        "\"B, the second\",B1,CNY,2024-01-01,800.00,2024-01-22,,,,2024-03-01\n";
    const char *events = "kind,amount,date,loan,borrower\n"
                         "payment,300.00,2024-01-22,,A\n"
                         "payment,1010.50,2024-01-20,A1,A\n"
                         "payment,10.00,2024-02-01,,C\n";
    book_fixture f;
    owed_error e;
    owed_error_clear(&e);
    ck_assert_int_eq(open_book(&f, terms, events, NULL, &e), OWED_OK);
    owed_book_group *g = NULL;
    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    ck_assert_str_eq(owed_book_group_borrower(g), "A");
    ck_assert_uint_eq(owed_book_group_loan_count(g), 2);
    ck_assert_str_eq(owed_book_group_loan_id(g, 1), "A2");
    ck_assert_int_eq(owed_book_group_loan_line(g, 1), 3);
    owed_case *c = NULL;
    char *xml = NULL;
    size_t len = 0;
    ck_assert_int_eq(owed_book_group_build(g, "t", test_schema(), &xml, &len, &c, &e), OWED_OK);
    ck_assert_uint_eq(strlen(xml), len);
    ck_assert_ptr_nonnull(
        strstr(xml, "<fee name=\"withheld fee\" amount=\"100.00\" at=\"upfront\"/>"));
    ck_assert_uint_eq(c->n_loans, 2);
    ck_assert_uint_eq(c->n_events, 2);
    ck_assert_str_eq(c->currency.code, "CNY");
    ck_assert_str_eq(c->borrower, "A");
    /* the loan's line is its terms row; events sorted by date keep their events rows */
    ck_assert_int_eq(c->loans[0].line, 2);
    ck_assert_int_eq(c->events[0].line, 3);
    ck_assert_int_eq(c->events[0].loan, 0);
    ck_assert_int_eq(c->events[1].loan, -1); /* undesignated */
    /* the money delivered: the nominal principal less the fee withheld */
    ck_assert_uint_eq(c->loans[0].n_disbursements, 1);
    ck_assert_int_eq(mpz_get_si(mpq_numref(c->loans[0].disbursements[0].amount)), 900);
    owed_case_free(c);
    free(xml);
    owed_book_group_free(g);

    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    ck_assert_str_eq(owed_book_group_borrower(g), "B, the second");
    ck_assert_ptr_null(owed_book_group_error(g));
    owed_book_group_free(g);

    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    ck_assert_str_eq(owed_book_group_borrower(g), "C");
    const owed_error *ge = owed_book_group_error(g);
    ck_assert_ptr_nonnull(ge);
    ck_assert_str_eq(ge->file, "events.csv");
    ck_assert_int_eq(ge->line, 4);
    ck_assert_ptr_nonnull(strstr(ge->text, "no row in the terms file"));
    ck_assert_int_eq(owed_book_group_build(g, NULL, NULL, NULL, NULL, &c, &e), OWED_E_SEMANTIC);
    ck_assert_ptr_null(c);
    owed_book_group_free(g);

    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    ck_assert_ptr_null(g);
    close_book(&f);
}
END_TEST

/* Rows out of order stop the book, at the line of the row that comes too late. */
START_TEST(test_book_order)
{
    const char *terms = TERMS_HEADER
        "A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n"
        "B,B1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n"
        "A,A2,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n";
    book_fixture f;
    owed_error e;
    owed_error_clear(&e);
    ck_assert_int_eq(open_book(&f, terms, EVENTS_HEADER, NULL, &e), OWED_OK);
    owed_book_group *g = NULL;
    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    owed_book_group_free(g);
    /* reading B's rows reads the next row ahead: A again */
    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_E_SYNTAX);
    ck_assert_ptr_null(g);
    ck_assert_str_eq(e.file, "terms.csv");
    ck_assert_int_eq(e.line, 4);
    ck_assert_ptr_nonnull(strstr(e.text, "borrower 'A' comes after 'B'"));
    close_book(&f);
}
END_TEST

/* What is wrong with one borrower's rows stays with that borrower, at the CSV line, both
 * what the book reader finds and what the case reader finds. */
/* The case of the first group of a book of one terms row and one events row (each with its
 * header), built with the schema `schema` (NULL: as elements), *c when it is made. */
static owed_status first_case(const char *terms_header, const char *terms_row,
                              const char *events_header, const char *events_row,
                              const char *schema, owed_case **c, owed_error *e)
{
    char terms[512], events[512];
    snprintf(terms, sizeof terms, "%s%s", terms_header, terms_row);
    snprintf(events, sizeof events, "%s%s", events_header, events_row);
    book_fixture f;
    owed_error_clear(e);
    ck_assert_int_eq(open_book(&f, terms, events, NULL, e), OWED_OK);
    owed_book_group *g = NULL;
    ck_assert_int_eq(owed_book_next(f.book, &g, e), OWED_OK);
    ck_assert_ptr_nonnull(g);
    *c = NULL;
    owed_status st = owed_book_group_build(g, NULL, schema, NULL, NULL, c, e);
    owed_book_group_free(g);
    close_book(&f);
    return st;
}

START_TEST(test_book_bad_rows)
{
    static const struct {
        const char *terms_row, *events_row;
        const char *file;
        long line;
        const char *fragment;
    } bad[] = {
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01,extra\n", "", "terms.csv", 2,
         "different number of fields"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,5%,week,,2024-03-01\n", "", "terms.csv", 2,
         "column per: 'week' is not one of day|month|year"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,5%,,,2024-03-01\n", "", "terms.csv", 2,
         "rate and per go together"},
        {"A,A 1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n", "", "terms.csv", 2,
         "holds a space"},
        {"A,A\t1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n", "", "terms.csv", 2,
         "holds a space"},
        {"A,A\x01" "1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n", "", "terms.csv", 2,
         "holds a control character"},
        {"A,L1234567890123456789012345678901234567890123456789012345678901234,CNY,2024-01-01,"
         "1000.00,2024-01-22,,,,2024-03-01\n", "", "terms.csv", 2, "is too long"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,\n", "", "terms.csv", 2, "no as-of date"},
        /* found by the case reader, reported at the row */
        {"A,A1,CNY,2024-02-30,1000.00,2024-03-22,,,,2024-04-01\n", "", "terms.csv", 2,
         "2024-02-30"},
        {"A,A1,CNY,2024-01-01,1000.005,2024-01-22,,,,2024-03-01\n", "", "terms.csv", 2, "1000.005"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n",
         "A,A1,2024-01-10,payment,abc\n", "events.csv", 2, "abc"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n",
         "A,Z9,2024-01-10,payment,10.00\n", "events.csv", 2, "Z9"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n",
         "A,A1,2024-01-10,refund,10.00\n", "events.csv", 2, "kind: 'refund'"},
        {"A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n",
         "A,,2024-01-10,extension,10.00\n", "events.csv", 2, "names its loan"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        owed_case *c;
        owed_error e;
        ck_assert_int_ne(first_case(TERMS_HEADER, bad[i].terms_row, EVENTS_HEADER,
                                    bad[i].events_row, test_schema(), &c, &e),
                         OWED_OK);
        ck_assert_ptr_null(c);
        ck_assert_msg(strcmp(e.file, bad[i].file) == 0 && e.line == bad[i].line &&
                          strstr(e.text, bad[i].fragment) != NULL,
                      "%zu: %s:%ld: %s", i, e.file, e.line, e.text);
    }
    /* the columns an event kind takes: one it does not take is refused, at its row */
    static const struct {
        const char *events_row, *fragment; /* NULL: accepted */
    } kinds[] = {
        {"A,A1,2024-01-10,extension,10.00,charges,2024-02-01,,\n",
         "column for is not for an event of kind extension"},
        {"A,A1,2024-01-10,payment,10.00,,2024-02-01,,\n",
         "column due is not for an event of kind payment"},
        {"A,A1,2024-01-10,payment,10.00,,,,late\n",
         "column label is not for an event of kind payment"},
        /* two it does not take: the first of them in column order is told */
        {"A,A1,2024-01-10,payment,10.00,,2024-02-01,fee,late\n",
         "column due is not for an event of kind payment"},
        {"A,A1,2024-01-10,extension,10.00,,2024-02-01,fee,\n",
         "column component is not for an event of kind extension"},
        {"A,A1,2024-01-10,charge,10.00,,,fee,late\n", NULL},
        {"A,A1,2024-01-10,payment,10.00,principal,,,\n", NULL},
        {"A,A1,2024-01-10,extension,10.00,,2024-02-01,,\n", NULL},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        owed_case *c;
        owed_error e;
        owed_status st = first_case(TERMS_HEADER,
                                    "A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n",
                                    "borrower,loan,date,kind,amount,for,due,component,label\n",
                                    kinds[i].events_row, NULL, &c, &e);
        if (kinds[i].fragment == NULL) {
            ck_assert_msg(st == OWED_OK, "%zu: %s:%ld: %s", i, e.file, e.line, e.text);
            owed_case_free(c);
        } else {
            ck_assert_int_ne(st, OWED_OK);
            ck_assert_msg(strcmp(e.file, "events.csv") == 0 && e.line == 2 &&
                              strstr(e.text, kinds[i].fragment) != NULL,
                          "%zu: %s:%ld: %s", i, e.file, e.line, e.text);
        }
    }
}
END_TEST

/* --as-of overrides the as_of column. */
START_TEST(test_book_as_of)
{
    const char *terms = TERMS_HEADER "A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,\n";
    book_fixture f;
    owed_error e;
    owed_error_clear(&e);
    ck_assert_int_eq(open_book(&f, terms, EVENTS_HEADER, "2024-02-29", &e), OWED_OK);
    owed_book_group *g = NULL;
    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    owed_case *c = NULL;
    ck_assert_int_eq(owed_book_group_build(g, NULL, NULL, NULL, NULL, &c, &e), OWED_OK);
    char d[OWED_DATE_TEXT_SIZE];
    owed_date_format(c->as_of, d);
    ck_assert_str_eq(d, "2024-02-29");
    owed_case_free(c);
    owed_book_group_free(g);
    close_book(&f);
    ck_assert_int_eq(open_book(&f, terms, EVENTS_HEADER, "2024-02-30", &e), OWED_E_ARG);
    close_book(&f);
}
END_TEST

/* A borrower with more loans than OWED_MAX_LOANS: an error of that borrower at the first row
 * beyond the limit; the rows beyond it are not kept; the next borrower is read as usual. */
START_TEST(test_book_limit)
{
    setenv("OWED_MAX_LOANS", "2", 1);
    owed_limits_reload();
    const char *terms = TERMS_HEADER
        "A,A1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n"
        "A,A2,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n"
        "A,A3,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n"
        "B,B1,CNY,2024-01-01,1000.00,2024-01-22,,,,2024-03-01\n";
    book_fixture f;
    owed_error e;
    owed_error_clear(&e);
    ck_assert_int_eq(open_book(&f, terms, EVENTS_HEADER, NULL, &e), OWED_OK);
    owed_book_group *g = NULL;
    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    ck_assert_uint_eq(owed_book_group_loan_count(g), 2);
    const owed_error *ge = owed_book_group_error(g);
    ck_assert_ptr_nonnull(ge);
    ck_assert_int_eq(ge->code, OWED_E_LIMIT);
    ck_assert_int_eq(ge->line, 4);
    ck_assert_ptr_nonnull(strstr(ge->text, "OWED_MAX_LOANS"));
    owed_book_group_free(g);
    ck_assert_int_eq(owed_book_next(f.book, &g, &e), OWED_OK);
    ck_assert_str_eq(owed_book_group_borrower(g), "B");
    ck_assert_ptr_null(owed_book_group_error(g));
    owed_book_group_free(g);
    close_book(&f);
    unsetenv("OWED_MAX_LOANS");
    owed_limits_reload();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("book");
    TCase *t = tcase_create("csv");
    tcase_add_test(t, test_csv_plain);
    tcase_add_test(t, test_csv_plain_commas);
    tcase_add_test(t, test_csv_quoting);
    tcase_add_test(t, test_csv_crlf_bom_utf8);
    tcase_add_test(t, test_csv_bad);
    tcase_add_test(t, test_csv_limits);
    tcase_add_test(t, test_csv_mixed_records);
    tcase_add_test(t, test_arena);
    tcase_add_test(t, test_arena_frees_nothing);
    suite_add_tcase(s, t);
    TCase *b = tcase_create("book");
    tcase_set_timeout(b, 60);
    tcase_add_test(b, test_book_headers);
    tcase_add_test(b, test_book_groups);
    tcase_add_test(b, test_book_order);
    tcase_add_test(b, test_book_bad_rows);
    tcase_add_test(b, test_book_as_of);
    tcase_add_test(b, test_book_limit);
    suite_add_tcase(s, b);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
