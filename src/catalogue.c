/* Message catalogues read from GNU .mo files (catalogue.h).  The format (GNU gettext manual,
 * "The Format of GNU MO Files"): a header of 32-bit words in the file's byte order, magic
 * 0x950412de, revision, the number N of strings, the offsets of the table of original
 * strings and of the table of translations, each table N pairs (length, offset) of
 * NUL-terminated strings.  Only what owed's catalogues hold is read: messages without
 * context or plural forms; an entry with either is never asked for, and is kept as the
 * file gives it.  Every length and offset is checked against the file's size. */
#include <config.h>

#include "catalogue.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if ENABLE_NLS
#include <libintl.h>
#endif

#include "mem.h"

#define MO_MAGIC 0x950412deu
#define MO_MAX_BYTES (16u << 20) /* owed's catalogues are about 200 KB */

struct owed_catalogue {
    char *data;         /* the file */
    size_t n;           /* entries with a translation */
    const char **orig;  /* sorted by strcmp; orig[i] is translated by trans[i] */
    const char **trans;
};

/* ------------------------------------------------------------------ reading a file */

static uint32_t word_at(const unsigned char *p, int swap)
{
    uint32_t w;
    memcpy(&w, p, 4);
    if (swap)
        w = (w >> 24) | ((w >> 8) & 0xff00u) | ((w << 8) & 0xff0000u) | (w << 24);
    return w;
}

/* The string of table entry i at `table`, or NULL when it lies outside the file or is not
 * NUL-terminated where its length says. */
static const char *string_at(const char *data, size_t size, uint32_t table, uint32_t i,
                             int swap)
{
    size_t at = (size_t)table + 8 * (size_t)i;
    if (at + 8 > size)
        return NULL;
    uint32_t len = word_at((const unsigned char *)data + at, swap);
    uint32_t off = word_at((const unsigned char *)data + at + 4, swap);
    if ((size_t)off + len >= size || data[(size_t)off + len] != '\0')
        return NULL;
    return data + off;
}

static void catalogue_free(owed_catalogue *c)
{
    if (c == NULL)
        return;
    owed_mem_free(c->orig);
    owed_mem_free(c->trans);
    owed_mem_free(c->data);
    owed_mem_free(c);
}

/* For sorting the entries: pairs of (original, translation). */
typedef struct entry {
    const char *orig, *trans;
} entry;

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->orig, ((const entry *)b)->orig);
}

/* The catalogue of the .mo file at path, or NULL when there is none or it is not one. */
static owed_catalogue *catalogue_read(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    owed_catalogue *c = owed_mem_calloc(1, sizeof *c);
    size_t size = 0, cap = 0;
    int ok = c != NULL;
    while (ok) {
        if (size == cap) {
            cap = cap ? cap * 2 : 65536;
            char *d = cap <= MO_MAX_BYTES ? owed_mem_realloc(c->data, cap) : NULL;
            if (d == NULL) {
                ok = 0;
                break;
            }
            c->data = d;
        }
        size_t got = fread(c->data + size, 1, cap - size, fp);
        size += got;
        if (got == 0)
            break;
    }
    ok = ok && !ferror(fp) && size >= 28;
    fclose(fp);
    entry *e = NULL;
    if (ok) {
        const unsigned char *h = (const unsigned char *)c->data;
        int swap = word_at(h, 0) != MO_MAGIC;
        uint32_t n = word_at(h + 8, swap), orig = word_at(h + 12, swap),
                 trans = word_at(h + 16, swap);
        ok = word_at(h, swap) == MO_MAGIC && (word_at(h + 4, swap) >> 16) <= 1 &&
             n <= size / 16 && (e = owed_mem_calloc(n ? n : 1, sizeof *e)) != NULL;
        for (uint32_t i = 0; ok && i < n; i++) {
            const char *o = string_at(c->data, size, orig, i, swap);
            const char *t = string_at(c->data, size, trans, i, swap);
            if (o == NULL || t == NULL)
                ok = 0;
            else if (o[0] != '\0' && t[0] != '\0') /* not the header; translated */
                e[c->n++] = (entry){o, t};
        }
    }
    if (ok) {
        qsort(e, c->n, sizeof *e, entry_cmp);
        c->orig = owed_mem_calloc(c->n ? c->n : 1, sizeof *c->orig);
        c->trans = owed_mem_calloc(c->n ? c->n : 1, sizeof *c->trans);
        ok = c->orig != NULL && c->trans != NULL;
        for (size_t i = 0; ok && i < c->n; i++) {
            c->orig[i] = e[i].orig;
            c->trans[i] = e[i].trans;
        }
    }
    owed_mem_free(e);
    if (!ok) {
        catalogue_free(c);
        return NULL;
    }
    return c;
}

static const char *catalogue_find(const owed_catalogue *c, const char *msgid)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->orig[mid], msgid);
        if (cmp == 0)
            return c->trans[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ------------------------------------------------------------------ the process's catalogues */

enum { MAX_READ = 32, DIR_BYTES = 1024 };

typedef struct read_one {
    char dir[DIR_BYTES];
    char lang[8];
    owed_catalogue *cat; /* NULL: none (English) */
} read_one;

static read_one read_list[MAX_READ];
static size_t n_read;
static pthread_mutex_t read_lock = PTHREAD_MUTEX_INITIALIZER;

/* The directory name of a language's catalogue: the catalogues are po/LINGUAS's. */
static const char *catalogue_name(const char *lang)
{
    return strcmp(lang, "zh") == 0 ? "zh_CN" : lang;
}

static int has_catalogue(const char *dir)
{
    static const char *const langs[] = {"zh", "ja"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        char path[DIR_BYTES + 64];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", dir, catalogue_name(langs[i]),
                 PACKAGE);
        if (access(path, R_OK) == 0)
            return 1;
    }
    return 0;
}

const char *owed_catalogue_dir(void)
{
    const char *env = getenv("OWED_LOCALEDIR");
    if (env != NULL && *env != '\0')
        return env;
    return has_catalogue(LOCALEDIR) ? LOCALEDIR : OWED_BUILD_LOCALEDIR;
}

owed_words owed_words_of(const char *localedir, const char *lang)
{
    owed_words w = {1, NULL};
    if (lang == NULL || strcmp(lang, "en") == 0 || strlen(lang) >= sizeof read_list[0].lang)
        return w;
    if (localedir == NULL)
        localedir = owed_catalogue_dir();
    if (strlen(localedir) >= DIR_BYTES)
        return w;
    pthread_mutex_lock(&read_lock);
    size_t i = 0;
    while (i < n_read && (strcmp(read_list[i].dir, localedir) != 0 ||
                          strcmp(read_list[i].lang, lang) != 0))
        i++;
    if (i < n_read) {
        w.cat = read_list[i].cat;
    } else if (n_read < MAX_READ) { /* beyond: English (never in practice) */
        char path[DIR_BYTES + 64];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", localedir,
                 catalogue_name(lang), PACKAGE);
        /* the process's, not the calling context's: the C library's allocator */
        const owed_allocator *previous = owed_mem_scope_enter(NULL);
        owed_catalogue *cat = catalogue_read(path);
        owed_mem_scope_leave(previous);
        read_one *r = &read_list[n_read++];
        snprintf(r->dir, sizeof r->dir, "%s", localedir);
        snprintf(r->lang, sizeof r->lang, "%s", lang);
        r->cat = cat;
        w.cat = cat;
    }
    pthread_mutex_unlock(&read_lock);
    return w;
}

/* ------------------------------------------------------------------ message scopes */

static _Thread_local owed_words current;

owed_words owed_words_enter(owed_words w)
{
    owed_words previous = current;
    current = w;
    return previous;
}

void owed_words_leave(owed_words previous)
{
    current = previous;
}

owed_words owed_words_current(void)
{
    return current;
}

const char *owed_words_text(const char *msgid)
{
    if (current.active) {
        const char *t = current.cat ? catalogue_find(current.cat, msgid) : NULL;
        return t ? t : msgid;
    }
#if ENABLE_NLS
    return dgettext(PACKAGE, msgid);
#else
    return msgid;
#endif
}
