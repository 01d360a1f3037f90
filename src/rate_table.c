/* Rate tables: reader and lookup.  See rate_table.h for the contract and owed-regime(5)
 * for the format. */
#include <config.h>

#include "rate_table.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "mem.h"
#include "rate.h"
#include "regime_xml.h"
#include "xml_safe.h"

#define MAX_TITLES 8

struct owed_rate_table {
    owedi_arena arena;     /* every string of the table */
    char *path, *id, *name;
    size_t n_titles;
    char *title_lang[MAX_TITLES];
    char *title_text[MAX_TITLES];
    owed_date complete_until;
    long line;             /* line of <rate-table> */
    owed_rate_row *rows;   /* n_rows rows, each rate initialised */
    size_t n_rows;
};

void owed_rate_table_free(owed_rate_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_rows; i++)
        mpq_clear(t->rows[i].rate);
    owed_mem_free(t->rows);
    owedi_arena_free(&t->arena);
    owed_mem_free(t);
}

const char *owed_rate_table_id(const owed_rate_table *t) { return t->id; }
const char *owed_rate_table_name(const owed_rate_table *t) { return t->name; }
const char *owed_rate_table_path(const owed_rate_table *t) { return t->path; }
owed_date owed_rate_table_complete_until(const owed_rate_table *t) { return t->complete_until; }
size_t owed_rate_table_size(const owed_rate_table *t) { return t->n_rows; }

const owed_rate_row *owed_rate_table_row(const owed_rate_table *t, size_t i)
{
    return i < t->n_rows ? &t->rows[i] : NULL;
}

const char *owed_rate_table_title(const owed_rate_table *t, const char *lang)
{
    for (size_t i = 0; i < t->n_titles; i++)
        if (lang != NULL && strcmp(t->title_lang[i], lang) == 0)
            return t->title_text[i];
    for (size_t i = 0; i < t->n_titles; i++)
        if (strcmp(t->title_lang[i], "en") == 0)
            return t->title_text[i];
    return t->n_titles > 0 ? t->title_text[0] : t->id;
}

owed_status owed_rate_table_lookup(const owed_rate_table *t, owed_date day, mpq_t rate,
                                   owed_rate_lookup *info, owed_error *err)
{
    if (t->n_rows == 0 || day < t->rows[0].date) {
        char first[OWED_DATE_TEXT_SIZE], asked[OWED_DATE_TEXT_SIZE];
        owed_date_format(t->n_rows ? t->rows[0].date : day, first);
        owed_date_format(day, asked);
        return owed_error_set(err, OWED_E_SEMANTIC, NULL, 0,
                              _("no %s before %s (asked for %s)"), t->name, first, asked);
    }
    /* the last row dated on or before `day`: rows[lo].date <= day < rows[hi].date */
    size_t lo = 0, hi = t->n_rows;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->rows[mid].date <= day)
            lo = mid;
        else
            hi = mid;
    }
    const owed_rate_row *row = &t->rows[lo];
    mpq_set(rate, row->rate);
    if (info != NULL) {
        info->day = day;
        info->fixing = row->date;
        info->beyond_complete = day > t->complete_until;
        info->unconfirmed = !row->confirmed;
        info->row = row;
    }
    return OWED_OK;
}

/* ------------------------------------------------------------------ reader */

static owed_status nomem(owed_error *err, const char *path)
{
    return owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
}

/* 1 when `key` is one of the whitespace-separated words of the <source> keys seen. */
static int key_declared(char *const *keys, size_t n, const char *key, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(keys[i]) == len && memcmp(keys[i], key, len) == 0)
            return 1;
    return 0;
}

static owed_status read_rows(owed_rate_table *t, xmlNode *root, owed_error *err)
{
    const char *path = t->path;
    size_t n_keys = 0, n_rows = 0;
    for (xmlNode *n = owedi_first_element(root); n; n = owedi_next_element(n)) {
        if (owedi_is(n, "source"))
            n_keys++;
        else if (owedi_is(n, "rate"))
            n_rows++;
    }
    if (n_rows == 0)
        return owed_error_set(err, OWED_E_SCHEMA, path, owed_xml_line(root),
                              _("a rate table needs at least one <rate>"));
    char **keys = owedi_arena_alloc(&t->arena, (n_keys ? n_keys : 1) * sizeof *keys);
    t->rows = owed_mem_calloc(n_rows, sizeof *t->rows);
    if (keys == NULL || t->rows == NULL)
        return nomem(err, path);

    size_t k = 0;
    for (xmlNode *n = owedi_first_element(root); n; n = owedi_next_element(n)) {
        if (owedi_is(n, "source") && owedi_attr(&t->arena, n, "key", &keys[k++]) != 0)
            return nomem(err, path);
    }

    for (xmlNode *n = owedi_first_element(root); n; n = owedi_next_element(n)) {
        if (owedi_is(n, "title")) {
            if (t->n_titles == MAX_TITLES)
                continue;
            char *lang, *text;
            if (owedi_attr(&t->arena, n, "lang", &lang) || owedi_text(&t->arena, n, &text))
                return nomem(err, path);
            for (size_t i = 0; i < t->n_titles; i++)
                if (lang && strcmp(t->title_lang[i], lang) == 0)
                    return owed_error_set(err, OWED_E_SEMANTIC, path, owed_xml_line(n),
                                          _("a second title in language '%s'"), lang);
            t->title_lang[t->n_titles] = lang ? lang : "en";
            t->title_text[t->n_titles++] = text;
            continue;
        }
        if (!owedi_is(n, "rate"))
            continue;
        long line = owed_xml_line(n);
        owed_rate_row *row = &t->rows[t->n_rows];
        mpq_init(row->rate);
        t->n_rows++;
        row->line = line;
        char *date, *value, *source, *confirmed;
        if (owedi_attr(&t->arena, n, "date", &date) || owedi_attr(&t->arena, n, "value", &value) ||
            owedi_attr(&t->arena, n, "source", &source) ||
            owedi_attr(&t->arena, n, "confirmed", &confirmed))
            return nomem(err, path);
        if (date == NULL || value == NULL || source == NULL)
            return owed_error_set(err, OWED_E_SCHEMA, path, line,
                                  _("<rate> needs date, value and source"));
        owed_status st = owed_date_parse(&row->date, date, path, line, err);
        if (st == OWED_OK)
            st = owed_rate_parse(row->rate, value, path, line, err);
        if (st != OWED_OK)
            return st;
        row->confirmed = confirmed == NULL || strcmp(confirmed, "no") != 0;
        row->source = source;
        if (t->n_rows > 1 && row->date <= t->rows[t->n_rows - 2].date) {
            char prev[OWED_DATE_TEXT_SIZE];
            owed_date_format(t->rows[t->n_rows - 2].date, prev);
            return owed_error_set(err, OWED_E_SEMANTIC, path, line,
                                  _("rate dated %s does not come after the previous one (%s)"),
                                  date, prev);
        }
        if (row->date > t->complete_until)
            return owed_error_set(err, OWED_E_SEMANTIC, path, line,
                                  _("rate dated %s lies after the table's complete-until date"),
                                  date);
        for (const char *p = source; *p;) {
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                p++;
            size_t len = strcspn(p, " \t\n\r");
            if (len == 0)
                break;
            if (!key_declared(keys, n_keys, p, len))
                return owed_error_set(err, OWED_E_SEMANTIC, path, line,
                                      _("source key '%.*s' is not declared by a <source>"),
                                      (int)len, p);
            p += len;
        }
        /* notes of the row, joined */
        for (xmlNode *c = owedi_first_element(n); c; c = owedi_next_element(c)) {
            char *text;
            if (!owedi_is(c, "note"))
                continue;
            if (owedi_text(&t->arena, c, &text))
                return nomem(err, path);
            if (row->note == NULL) {
                row->note = text;
            } else {
                size_t a = strlen(row->note), b = strlen(text);
                char *joined = owedi_arena_alloc(&t->arena, a + b + 2);
                if (joined == NULL)
                    return nomem(err, path);
                memcpy(joined, row->note, a);
                joined[a] = ' ';
                memcpy(joined + a + 1, text, b + 1);
                row->note = joined;
            }
        }
    }
    return OWED_OK;
}

owed_status owed_rate_table_read_file(const char *path, const char *datadir,
                                      owed_rate_table **out, owed_error *err)
{
    *out = NULL;
    if (path == NULL || datadir == NULL)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a rate table needs a file and a data directory"));
    char *schema = owedi_path_join(datadir, "schema", "rate-table.xsd");
    if (schema == NULL)
        return nomem(err, path);
    xmlDocPtr doc = NULL;
    owed_status st = owed_xml_read(path, schema, OWED_RATE_TABLE_MAX_BYTES, &doc, err);
    owed_mem_free(schema);
    if (st != OWED_OK)
        return st;

    owed_rate_table *t = owed_mem_calloc(1, sizeof *t);
    if (t == NULL) {
        xmlFreeDoc(doc);
        return nomem(err, path);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    long line = owed_xml_line(root);
    t->line = line;
    char *until = NULL;
    t->path = owedi_arena_strdup(&t->arena, path);
    if (t->path == NULL || owedi_attr(&t->arena, root, "id", &t->id) ||
        owedi_attr(&t->arena, root, "name", &t->name) ||
        owedi_attr(&t->arena, root, "complete-until", &until)) {
        st = nomem(err, path);
    } else if (!owedi_is(root, "rate-table") || root->ns == NULL ||
               strcmp((const char *)root->ns->href, OWED_RATE_TABLE_NAMESPACE) != 0) {
        st = owed_error_set(err, OWED_E_SCHEMA, path, line,
                            _("not a rate table (root element <rate-table> in namespace %s)"),
                            OWED_RATE_TABLE_NAMESPACE);
    } else if (t->id == NULL || t->name == NULL || until == NULL) {
        st = owed_error_set(err, OWED_E_SCHEMA, path, line,
                            _("<rate-table> needs id, name and complete-until"));
    } else {
        st = owed_date_parse(&t->complete_until, until, path, line, err);
        if (st == OWED_OK)
            st = read_rows(t, root, err);
    }
    xmlFreeDoc(doc);
    if (st != OWED_OK) {
        owed_rate_table_free(t);
        return st;
    }
    *out = t;
    return OWED_OK;
}

owed_status owed_rate_table_load(const char *id, const char *datadir, owed_rate_table **out,
                                 owed_error *err)
{
    *out = NULL;
    if (!owedi_valid_id(id))
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("'%s' is not a rate-table id"),
                              id ? id : "");
    if (datadir == NULL)
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("no data directory"));
    size_t n = strlen(id);
    char *file = owed_mem_alloc(n + sizeof ".xml");
    char *path = NULL;
    if (file != NULL) {
        memcpy(file, id, n);
        memcpy(file + n, ".xml", sizeof ".xml");
        path = owedi_path_join(datadir, "tables", file);
    }
    owed_mem_free(file);
    if (path == NULL)
        return nomem(err, NULL);
    owed_status st = owed_rate_table_read_file(path, datadir, out, err);
    if (st == OWED_OK && strcmp((*out)->id, id) != 0) {
        st = owed_error_set(err, OWED_E_SEMANTIC, path, (*out)->line,
                            _("the file declares the table id '%s', not '%s'"), (*out)->id, id);
        owed_rate_table_free(*out);
        *out = NULL;
    }
    owed_mem_free(path);
    return st;
}
