/* RFC 4180 records from a stream: a small state machine over bytes (see csv.h). */
#include <config.h>

#include "csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && defined(__SSE2__)
#include <emmintrin.h>
#define CSV_SSE2 1
#endif

#include "i18n.h"
#include "mem.h"

/* Bytes read from the stream at a time: one fread a block instead of one getc a byte. */
#define CSV_BLOCK 65536u

struct owed_csv {
    FILE *fp;
    char *name;
    unsigned char *in;   /* the block read last from fp: in[at..in_len) are still to read */
    size_t at, in_len;
    unsigned long long in_base; /* offset in the stream of in[0] */
    int in_end;          /* 1: fp gave its last byte (EOF or a read error) */
    int in_error;        /* 1: fp gave a read error */
    char *buf;           /* the record's fields, each NUL-terminated, one after another */
    size_t len, cap;
    size_t start[OWED_CSV_MAX_FIELDS]; /* offset of each field in buf */
    size_t n_fields;
    long line;           /* line on which the next byte lies */
    long record_line;    /* line on which the last record started */
    int started;         /* the byte-order mark was looked for */
    unsigned high;       /* the bytes of the field being read, or-ed: 0x80 set when not ASCII */
    unsigned rec_high;   /* the same of the record's fields */
    int rec_low;         /* 1: a byte of the record's fields is below 0x20 */
};

owed_csv *owed_csv_new(FILE *fp, const char *name)
{
    owed_csv *r = owed_mem_calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->fp = fp;
    r->name = owed_mem_strdup(name ? name : "(stream)");
    r->cap = 256;
    r->buf = owed_mem_alloc(r->cap);
    r->in = owed_mem_alloc(CSV_BLOCK);
    if (r->name == NULL || r->buf == NULL || r->in == NULL) {
        owed_csv_free(r);
        return NULL;
    }
    r->line = 1;
    return r;
}

void owed_csv_free(owed_csv *r)
{
    if (r == NULL)
        return;
    owed_mem_free(r->name);
    owed_mem_free(r->buf);
    owed_mem_free(r->in);
    owed_mem_free(r);
}

const char *owed_csv_field(const owed_csv *r, size_t i)
{
    return i < r->n_fields ? r->buf + r->start[i] : "";
}

const char *owed_csv_record(const owed_csv *r, size_t *len)
{
    *len = r->n_fields > 0 ? r->len : 0;
    return r->buf;
}

const size_t *owed_csv_field_starts(const owed_csv *r)
{
    return r->start;
}

int owed_csv_record_plain(const owed_csv *r)
{
    return !r->rec_low && (r->rec_high & 0x80u) == 0;
}

long owed_csv_line(const owed_csv *r) { return r->record_line; }
const char *owed_csv_name(const owed_csv *r) { return r->name; }
unsigned long long owed_csv_offset(const owed_csv *r) { return r->in_base + r->at; }

int owed_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p++;
        if (c < 0x80)
            continue;
        size_t more;
        unsigned cp, min;
        if (c >= 0xC2 && c <= 0xDF)
            more = 1, cp = c & 0x1F, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            more = 2, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            more = 3, cp = c & 0x07, min = 0x10000;
        else
            return 0;
        if ((size_t)(end - p) < more)
            return 0;
        for (size_t k = 0; k < more; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (p[k] & 0x3F);
        }
        p += more;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    }
    return 1;
}

/* Reads the next block when the last one is used up; 0 at the end of the stream (or after
 * a read error, which stays in in_error). */
static int refill(owed_csv *r)
{
    if (r->in_end)
        return 0;
    r->in_base += r->in_len;
    r->at = 0;
    r->in_len = fread(r->in, 1, CSV_BLOCK, r->fp);
    if (r->in_len == 0) {
        r->in_end = 1;
        r->in_error = ferror(r->fp) != 0;
    }
    return r->in_len > 0;
}

/* The next byte of the stream, or EOF (from then on). */
static inline int next_byte(owed_csv *r)
{
    if (r->at == r->in_len && !refill(r))
        return EOF;
    int c = r->in[r->at++];
    if (c == '\n')
        r->line++;
    return c;
}

/* put() when the buffer is full: grows it, up to the record limit. */
static owed_status grow_put(owed_csv *r, char c, owed_error *err)
{
    if (r->cap >= OWED_CSV_MAX_RECORD)
        return owed_error_set(err, OWED_E_LIMIT, r->name, r->record_line,
                              _("a record longer than %u bytes"), OWED_CSV_MAX_RECORD);
    size_t cap = r->cap * 2 > OWED_CSV_MAX_RECORD ? OWED_CSV_MAX_RECORD : r->cap * 2;
    char *b = owed_mem_realloc(r->buf, cap);
    if (b == NULL)
        return owed_error_set(err, OWED_E_NOMEM, r->name, r->record_line, _("out of memory"));
    r->buf = b;
    r->cap = cap;
    r->buf[r->len++] = c;
    return OWED_OK;
}

static inline owed_status put(owed_csv *r, char c, owed_error *err)
{
    if (r->len + 1 >= r->cap)
        return grow_put(r, c, err);
    r->buf[r->len++] = c;
    return OWED_OK;
}

/* put() of a byte of a field's text, noted in high and rec_low. */
static inline owed_status put_text(owed_csv *r, char c, owed_error *err)
{
    r->high |= (unsigned char)c;
    r->rec_low |= (unsigned char)c < 0x20;
    return put(r, c, err);
}

/* 1 for a byte that an unquoted field takes as it is: not a comma, quote, line end or NUL
 * (nearly every byte is above ',', the greatest of them). */
static inline int is_ordinary(unsigned c)
{
    return c > ',' || (c != ',' && c != '"' && c != '\n' && c != '\r' && c != '\0');
}

/* Appends to the field, all at once, the run of ordinary bytes that comes next in the
 * block, as much of it as the buffer holds without growing (put() takes the next byte and
 * grows the buffer as it would have).  None is a line end, so the line stays as it is. */
static inline void take_ordinary(owed_csv *r)
{
    if (r->len + 2 >= r->cap)
        return;
    size_t room = r->cap - r->len - 2; /* leaves len + 1 < cap, as put() does */
    const unsigned char *p = r->in + r->at, *q = p;
    const unsigned char *end = r->in_len - r->at > room ? p + room : r->in + r->in_len;
    unsigned high = 0;
    int low = 0;
    while (q < end) {
        unsigned c = *q;
        if (c <= ',') { /* rare */
            if (!is_ordinary(c))
                break;
            low |= c < 0x20;
        }
        high |= c;
        q++;
    }
    size_t n = (size_t)(q - p);
    if (n == 0)
        return;
    memcpy(r->buf + r->len, p, n);
    r->len += n;
    r->at += n;
    r->high |= high;
    r->rec_low |= low;
}

/* Ends the field being read: NUL, UTF-8 check, start of the next one. */
static owed_status end_field(owed_csv *r, int more, owed_error *err)
{
    owed_status st = put(r, '\0', err);
    if (st != OWED_OK)
        return st;
    size_t from = r->start[r->n_fields];
    if ((r->high & 0x80u) != 0 && !owed_utf8_valid(r->buf + from, r->len - 1 - from))
        return owed_error_set(err, OWED_E_SYNTAX, r->name, r->record_line,
                              _("field %zu is not valid UTF-8"), r->n_fields + 1);
    r->rec_high |= r->high;
    r->n_fields++;
    if (more) {
        if (r->n_fields == OWED_CSV_MAX_FIELDS)
            return owed_error_set(err, OWED_E_LIMIT, r->name, r->record_line,
                                  _("a record with more than %u fields"), OWED_CSV_MAX_FIELDS);
        r->start[r->n_fields] = r->len;
    }
    return OWED_OK;
}

#ifdef CSV_SSE2
/* The sixteen bytes of a plain record at `at` (the SSE2 step of plain_record): 0 when one
 * is a quote, below 0x20 or above 0x7F (below 0x20 as a signed byte, so one comparison
 * finds both, exactly); else the bytes stored at o + at with their commas made NULs, the
 * ends of the fields, and each comma past the first `done` bytes (done already) starting
 * a field in start[++*nf] (0 when there would be more than OWED_CSV_MAX_FIELDS). */
static inline int plain_block16(const unsigned char *p, char *o, size_t at, unsigned done,
                                size_t *start, size_t *nf)
{
    const __m128i quote16 = _mm_set1_epi8('"'), comma16 = _mm_set1_epi8(',');
    const __m128i low16 = _mm_set1_epi8(0x20);
    __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + at));
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(w, low16), _mm_cmpeq_epi8(w, quote16));
    if (_mm_movemask_epi8(bad) != 0)
        return 0;
    __m128i comma = _mm_cmpeq_epi8(w, comma16);
    _mm_storeu_si128((__m128i *)(void *)(o + at), _mm_andnot_si128(comma, w));
    unsigned commas = (unsigned)_mm_movemask_epi8(comma) & ~((1u << done) - 1);
    for (; commas != 0; commas &= commas - 1) {
        if (*nf + 1 == OWED_CSV_MAX_FIELDS)
            return 0;
        start[++*nf] = at + (size_t)__builtin_ctz(commas) + 1;
    }
    return 1;
}
#endif

/* The record that starts at the reader's place, read at once when it is a plain one: the
 * whole of it, up to its LF, already in the block; no quote, no byte below 0x20 but its
 * CR LF or LF, none above 0x7F, not empty; and room for it in the buffer with no growing
 * and in the field limit.  1 when it was read (as next_record would have read it, with the
 * same fields, flags and lines); 0 with nothing taken otherwise, for the byte-by-byte path
 * (which gives any error).  Most records of a book are plain: the byte-by-byte path cost
 * a hundred instructions a field. */
static int plain_record(owed_csv *r)
{
    const unsigned char *p = r->in + r->at;
    size_t avail = r->in_len - r->at;
    const unsigned char *nl = memchr(p, '\n', avail);
    if (nl == NULL)
        return 0;
    const unsigned char *stop = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
    size_t n = (size_t)(stop - p);
    if (n == 0 || n + 2 >= r->cap)
        return 0;
    /* no quote, nothing below 0x20 or above 0x7F: eight bytes at a time (a flagged word
       may be a false alarm, which only sends the record the byte-by-byte way); the record
       copied as it is checked, its commas made the ends of its fields.  In x = w ^ ",,..",
       a comma is a zero byte, and only a zero byte leaves bit 7 clear in
       ((x & 0x7F..) + 0x7F..) | x (no carry crosses a byte): the commas' mask is exact,
       and its lowest set bit the word's first comma where the first byte is the lowest.
       (A memchr a field cost more than the field.)  A refusal leaves the buffer's
       contents and the field starts to the byte-by-byte path, which sets them again. */
    char *o = r->buf;
    size_t nf = 0, i = 0;
#ifdef CSV_SSE2
    /* sixteen bytes at a time where SSE2 is (every x86-64) */
    for (; i + 16 <= n; i += 16)
        if (!plain_block16(p, o, i, 0, r->start, &nf))
            return 0;
    if (i < n && n >= 16) {
        /* the last bytes in one block that ends where the record does, over some done
           already (stored the same again): only the commas after those start fields,
           rather than a byte at a time */
        size_t j = n - 16;
        if (!plain_block16(p, o, j, (unsigned)(i - j), r->start, &nf)) /* 1 to 15 done */
            return 0;
        i = n;
    }
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    const uint64_t lows = 0x7F7F7F7F7F7F7F7Fu;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t quote = w ^ (ones * '"');
        if ((((quote - ones) & ~quote) | ((w - ones * 0x20) & ~w) | w) & highs)
            return 0;
        memcpy(o + i, &w, 8);
        uint64_t x = w ^ (ones * ',');
        uint64_t commas = ~(((x & lows) + lows) | x | lows);
        for (; commas != 0; commas &= commas - 1) {
            if (nf + 1 == OWED_CSV_MAX_FIELDS)
                return 0;
            size_t at = i + (size_t)__builtin_ctzll(commas) / 8;
            o[at] = '\0';
            r->start[++nf] = at + 1;
        }
    }
#endif
    for (; i < n; i++) {
        unsigned char c = p[i];
        if (c < 0x20 || c == '"' || c >= 0x80)
            return 0;
        if (c == ',') {
            if (nf + 1 == OWED_CSV_MAX_FIELDS)
                return 0;
            o[i] = '\0';
            r->start[++nf] = i + 1;
        } else {
            o[i] = (char)c;
        }
    }
    o[n] = '\0';
    r->start[0] = 0;
    r->len = n + 1;
    r->n_fields = nf + 1;
    r->rec_high = 0; /* (no byte above 0x7F: all that is asked of it) */
    r->rec_low = 0;
    r->record_line = r->line;
    r->line++;
    r->at = (size_t)(nl + 1 - r->in);
    return 1;
}

static owed_status next_record(owed_csv *r, size_t *n_fields, owed_error *err)
{
    *n_fields = 0;
    if (!r->started) {
        r->started = 1;
        int a = next_byte(r);
        if (a == 0xEF) {
            int b = next_byte(r), c = next_byte(r);
            if (b != 0xBB || c != 0xBF)
                return owed_error_set(err, OWED_E_SYNTAX, r->name, 1, _("not valid UTF-8"));
        } else if (a != EOF) {
            r->at--; /* the byte just read, still in the block */
            if (a == '\n')
                r->line--;
        }
    }
    for (;;) {
        if (plain_record(r)) {
            *n_fields = r->n_fields;
            return OWED_OK;
        }
        r->len = 0;
        r->n_fields = 0;
        r->start[0] = 0;
        r->rec_high = 0;
        r->rec_low = 0;
        r->record_line = r->line;
        int c = next_byte(r);
        if (c == EOF)
            return r->in_error ? owed_error_set(err, OWED_E_IO, r->name, r->line,
                                                  _("read error"))
                                 : OWED_OK;
        if (c == '\n')
            continue; /* an empty line */
        if (c == '\r') {
            if (next_byte(r) != '\n')
                return owed_error_set(err, OWED_E_SYNTAX, r->name, r->record_line,
                                      _("a carriage return not followed by a line feed"));
            continue;
        }
        owed_status st;
        for (;;) { /* one field, starting with byte c */
            r->high = 0;
            if (c == '"') {
                for (;;) {
                    c = next_byte(r);
                    if (c == EOF)
                        return owed_error_set(err, r->in_error ? OWED_E_IO : OWED_E_SYNTAX,
                                              r->name, r->record_line,
                                              _("a quoted field is not closed"));
                    if (c == '"') {
                        c = next_byte(r);
                        if (c != '"')
                            break;
                    }
                    if (c == '\0')
                        return owed_error_set(err, OWED_E_SYNTAX, r->name, r->line,
                                              _("a NUL byte"));
                    if ((st = put_text(r, (char)c, err)) != OWED_OK)
                        return st;
                }
                if (c != ',' && c != '\n' && c != '\r' && c != EOF)
                    return owed_error_set(err, OWED_E_SYNTAX, r->name, r->line,
                                          _("text after the closing quote of a field"));
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    if (c == '"')
                        return owed_error_set(err, OWED_E_SYNTAX, r->name, r->line,
                                              _("a quote inside a field that does not start "
                                                "with one"));
                    if (c == '\0')
                        return owed_error_set(err, OWED_E_SYNTAX, r->name, r->line,
                                              _("a NUL byte"));
                    if ((st = put_text(r, (char)c, err)) != OWED_OK)
                        return st;
                    take_ordinary(r);
                    c = next_byte(r);
                }
            }
            if (c == '\r' && next_byte(r) != '\n')
                return owed_error_set(err, OWED_E_SYNTAX, r->name, r->line - 0,
                                      _("a carriage return not followed by a line feed"));
            if ((st = end_field(r, c == ',', err)) != OWED_OK)
                return st;
            if (c != ',')
                break;
            c = next_byte(r);
        }
        if (r->in_error)
            return owed_error_set(err, OWED_E_IO, r->name, r->record_line, _("read error"));
        *n_fields = r->n_fields;
        return OWED_OK;
    }
}

owed_status owed_csv_next(owed_csv *r, size_t *n_fields, owed_error *err)
{
    return next_record(r, n_fields, err);
}
