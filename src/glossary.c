/* A glossary of the regime files' words: see glossary.h. */
#include <config.h>

#include "glossary.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "regime_xml.h"
#include "xml_safe.h"

enum { GLOSSARY_MAX_BYTES = 4 * 1024 * 1024 };

typedef struct glossary_entry {
    const char *en, *text;
} glossary_entry;

struct owed_glossary {
    owedi_arena arena;
    const char *lang;
    glossary_entry *entries; /* sorted by en */
    size_t n;
};

static int by_en(const void *a, const void *b)
{
    return strcmp(((const glossary_entry *)a)->en, ((const glossary_entry *)b)->en);
}

owed_status owed_glossary_read(const char *path, const char *schema_path, owed_glossary **out,
                               owed_error *err)
{
    *out = NULL;
    xmlDocPtr doc = NULL;
    owed_status st = owed_xml_read(path, schema_path, GLOSSARY_MAX_BYTES, &doc, err);
    if (st != OWED_OK)
        return st;
    owed_glossary *g = owed_mem_calloc(1, sizeof *g);
    xmlNode *root = xmlDocGetRootElement(doc);
    size_t cap = 0;
    char *lang = NULL;
    if (g == NULL || owedi_attr(&g->arena, root, "lang", &lang)) {
        st = owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
    } else if (!owedi_is(root, "glossary") || root->ns == NULL ||
               strcmp((const char *)root->ns->href, OWED_GLOSSARY_NAMESPACE) != 0) {
        st = owed_error_set(err, OWED_E_SCHEMA, path, owed_xml_line(root),
                            _("not a glossary (root element <glossary> in namespace %s)"),
                            OWED_GLOSSARY_NAMESPACE);
    }
    if (g != NULL)
        g->lang = lang;
    for (xmlNode *e = st == OWED_OK ? owedi_first_element(root) : NULL; e && st == OWED_OK;
         e = owedi_next_element(e)) {
        /* <entry><en>...</en><text>...</text></entry>: the schema fixed the order */
        xmlNode *en = owedi_first_element(e);
        xmlNode *text = en ? owedi_next_element(en) : NULL;
        char *a = NULL, *b = NULL;
        if (en == NULL || text == NULL) {
            st = owed_error_set(err, OWED_E_SCHEMA, path, owed_xml_line(e),
                                _("<entry> needs <en> and <text>"));
            break;
        }
        if (owedi_text(&g->arena, en, &a) || owedi_text(&g->arena, text, &b)) {
            st = owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
            break;
        }
        if (g->n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            glossary_entry *grown = owed_mem_realloc(g->entries, ncap * sizeof *grown);
            if (grown == NULL) {
                st = owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
                break;
            }
            g->entries = grown;
            cap = ncap;
        }
        g->entries[g->n].en = a;
        g->entries[g->n++].text = b;
    }
    if (st == OWED_OK) {
        qsort(g->entries, g->n, sizeof *g->entries, by_en);
        for (size_t i = 1; i < g->n; i++)
            if (strcmp(g->entries[i - 1].en, g->entries[i].en) == 0) {
                st = owed_error_set(err, OWED_E_SEMANTIC, path, 0,
                                    _("the text '%s' is translated twice"), g->entries[i].en);
                break;
            }
    }
    xmlFreeDoc(doc);
    if (st != OWED_OK) {
        owed_glossary_free(g);
        return st;
    }
    *out = g;
    return OWED_OK;
}

void owed_glossary_free(owed_glossary *g)
{
    if (g == NULL)
        return;
    owed_mem_free(g->entries);
    owedi_arena_free(&g->arena);
    owed_mem_free(g);
}

const char *owed_glossary_lang(const owed_glossary *g)
{
    return g ? g->lang : NULL;
}

const char *owed_glossary_text(const owed_glossary *g, const char *text)
{
    if (g == NULL || text == NULL || g->n == 0)
        return text;
    /* the key with its white space collapsed, as the glossary's are */
    char small[1024];
    size_t len = strlen(text);
    char *key = len < sizeof small ? small : owed_mem_alloc(len + 1);
    if (key == NULL)
        return text;
    owedi_collapse_space(key, text);
    glossary_entry probe = {.en = key, .text = NULL};
    const glossary_entry *hit = bsearch(&probe, g->entries, g->n, sizeof *g->entries, by_en);
    if (key != small)
        owed_mem_free(key);
    return hit ? hit->text : text;
}
