/* The regime reader: an XML regime file (namespace urn:owed:regime:1, format in
 * owed-regime(5)) to the model of regime.h.
 *
 * It reads through the hardened XML entry point (xml_safe.h) with the regime schema, so the
 * shape of the document is known when the tree is walked; it then checks what the schema
 * cannot (dates that exist, ranges that are not empty, periods that do not overlap, bands
 * that ascend, one form per band limit, tables that exist, lists without repeats) and fills
 * the model with exact values.  Every problem is reported as FILE:LINE: message. */
#include <config.h>

#include "mem.h"
#include "regime.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "apr.h"
#include "i18n.h"
#include "number.h"
#include "rate.h"
#include "regime_impl.h"
#include "xml_safe.h"

typedef struct reader {
    owed_regime *r;
    const char *path; /* the regime file (also r->path) */
    const char *datadir;
    owed_error *err;
} reader;

static owed_status nomem(reader *rd)
{
    return owed_error_set(rd->err, OWED_E_NOMEM, rd->path, 0, _("out of memory"));
}

/* An error located at `node` in the regime file. */
static owed_status fail(reader *rd, owed_status code, const xmlNode *node, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static owed_status fail(reader *rd, owed_status code, const xmlNode *node, const char *fmt, ...)
{
    char text[sizeof rd->err->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return owed_error_set(rd->err, code, rd->path, owed_xml_line(node), "%s", text);
}

static int attr(reader *rd, const xmlNode *node, const char *name, char **out)
{
    return owedi_attr(&rd->r->arena, node, name, out);
}

/* An optional date attribute. */
static owed_status date_attr(reader *rd, const xmlNode *node, const char *name, int *has,
                             owed_date *out)
{
    char *text;
    *has = 0;
    if (attr(rd, node, name, &text))
        return nomem(rd);
    if (text == NULL)
        return OWED_OK;
    owed_status st = owed_date_parse(out, text, rd->path, owed_xml_line(node), rd->err);
    if (st == OWED_OK)
        *has = 1;
    return st;
}

/* The <note> children of `parent`, in order. */
static owed_status read_notes(reader *rd, const xmlNode *parent, const char *const **notes,
                              size_t *n)
{
    size_t count = 0;
    for (xmlNode *c = owedi_first_element(parent); c; c = owedi_next_element(c))
        count += owedi_is(c, "note");
    *notes = NULL;
    *n = 0;
    if (count == 0)
        return OWED_OK;
    const char **list = owedi_arena_alloc(&rd->r->arena, count * sizeof *list);
    if (list == NULL)
        return nomem(rd);
    for (xmlNode *c = owedi_first_element(parent); c; c = owedi_next_element(c)) {
        char *text;
        if (!owedi_is(c, "note"))
            continue;
        if (owedi_text(&rd->r->arena, c, &text))
            return nomem(rd);
        list[(*n)++] = text;
    }
    *notes = list;
    return OWED_OK;
}

static owed_status read_cite(reader *rd, const xmlNode *node, owed_citation **out)
{
    owed_citation *c = owedi_arena_alloc(&rd->r->arena, sizeof *c);
    if (c == NULL)
        return nomem(rd);
    char *instrument, *title, *article, *url, *source, *grade, *confirmed;
    if (attr(rd, node, "instrument", &instrument) || attr(rd, node, "title", &title) ||
        attr(rd, node, "article", &article) || attr(rd, node, "url", &url) ||
        attr(rd, node, "source", &source) || attr(rd, node, "grade", &grade) ||
        attr(rd, node, "confirmed", &confirmed))
        return nomem(rd);
    if (instrument == NULL)
        return fail(rd, OWED_E_SCHEMA, node, _("<cite> needs an instrument"));
    c->instrument = instrument;
    c->title = title;
    c->article = article;
    c->url = url;
    c->source = source;
    c->grade = grade != NULL ? grade[0] : 0;
    c->confirmed = confirmed == NULL || strcmp(confirmed, "no") != 0;
    c->line = owed_xml_line(node);
    owed_status st = date_attr(rd, node, "date", &c->has_date, &c->date);
    if (st == OWED_OK)
        st = read_notes(rd, node, &c->notes, &c->n_notes);
    if (st != OWED_OK)
        return st;
    *out = c;
    return OWED_OK;
}

/* The notes and citations directly under `elem`; at least one citation. */
static owed_status read_grounds(reader *rd, const xmlNode *elem, owed_grounds *g)
{
    memset(g, 0, sizeof *g);
    g->line = owed_xml_line(elem);
    owed_status st = read_notes(rd, elem, &g->notes, &g->n_notes);
    if (st != OWED_OK)
        return st;
    owed_citation *last = NULL;
    for (xmlNode *c = owedi_first_element(elem); c; c = owedi_next_element(c)) {
        if (!owedi_is(c, "cite"))
            continue;
        owed_citation *cite = NULL;
        st = read_cite(rd, c, &cite);
        if (st != OWED_OK)
            return st;
        if (last == NULL)
            g->cite = cite;
        else
            last->next = cite;
        last = cite;
    }
    if (g->cite == NULL)
        return fail(rd, OWED_E_SCHEMA, elem, _("<%s> needs at least one <cite>"),
                    (const char *)elem->name);
    return OWED_OK;
}

/* The table `id`, loaded once per regime. */
static owed_status get_table(reader *rd, const char *id, const xmlNode *band,
                             const owed_rate_table **out)
{
    owed_regime *r = rd->r;
    for (size_t i = 0; i < r->n_tables; i++)
        if (strcmp(owed_rate_table_id(r->tables[i]), id) == 0) {
            *out = r->tables[i];
            return OWED_OK;
        }
    owed_rate_table **grown = owed_mem_realloc(r->tables, (r->n_tables + 1) * sizeof *grown);
    if (grown == NULL)
        return nomem(rd);
    r->tables = grown;
    owed_error inner;
    owed_error_clear(&inner);
    owed_rate_table *t;
    owed_status st = owed_rate_table_load(id, rd->datadir, &t, &inner);
    if (st == OWED_E_IO && inner.line == 0) {
        /* the table file is missing or unreadable: say so where the regime names it */
        return fail(rd, OWED_E_SEMANTIC, band, _("rate table '%s' cannot be loaded: %s: %s"),
                    id, inner.file, inner.text);
    }
    if (st != OWED_OK) {
        if (rd->err != NULL)
            *rd->err = inner;
        return st;
    }
    r->tables[r->n_tables++] = t;
    *out = t;
    return OWED_OK;
}

static owed_status parse_effect(reader *rd, const xmlNode *node, owed_band_effect *out)
{
    char *text;
    if (attr(rd, node, "effect", &text))
        return nomem(rd);
    if (text != NULL && strcmp(text, "enforceable") == 0)
        *out = OWED_BAND_ENFORCEABLE;
    else if (text != NULL && strcmp(text, "retained-if-paid") == 0)
        *out = OWED_BAND_RETAINED_IF_PAID;
    else if (text != NULL && strcmp(text, "void") == 0)
        *out = OWED_BAND_VOID;
    else
        return fail(rd, OWED_E_SCHEMA, node, _("unknown effect '%s'"), text ? text : "");
    return OWED_OK;
}

static owed_status read_band(reader *rd, const xmlNode *node, owed_band *b)
{
    long line = owed_xml_line(node);
    char *limit, *multiple, *table, *at;
    if (attr(rd, node, "limit", &limit) || attr(rd, node, "multiple", &multiple) ||
        attr(rd, node, "table", &table) || attr(rd, node, "at", &at))
        return nomem(rd);
    owed_status st = parse_effect(rd, node, &b->effect);
    if (st != OWED_OK)
        return st;
    int fixed = limit != NULL;
    int tabled = multiple != NULL || table != NULL || at != NULL;
    if (fixed && tabled)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("a band limit is either limit=\"RATE\" or multiple, table and at, "
                      "not both"));
    if (!fixed && !(multiple && table && at))
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("a band needs limit=\"RATE\", or all of multiple, table and at"));
    if (fixed) {
        b->at = OWED_REF_NONE;
        st = owed_rate_parse(b->limit, limit, rd->path, line, rd->err);
    } else {
        if (strcmp(at, "formation") == 0)
            b->at = OWED_REF_FORMATION;
        else if (strcmp(at, "filing") == 0)
            b->at = OWED_REF_FILING;
        else if (strcmp(at, "accrual") == 0)
            b->at = OWED_REF_ACCRUAL;
        else
            return fail(rd, OWED_E_SCHEMA, node, _("unknown reference date '%s'"), at);
        st = owed_number_parse(b->multiple, multiple, _("multiple"), rd->path, line, rd->err);
        if (st == OWED_OK && mpq_sgn(b->multiple) <= 0)
            return fail(rd, OWED_E_SEMANTIC, node, _("multiple '%s' is not above zero"),
                        multiple);
        if (st == OWED_OK && !owedi_valid_id(table))
            return fail(rd, OWED_E_SEMANTIC, node, _("'%s' is not a rate-table id"), table);
        b->table_id = table;
        if (st == OWED_OK)
            st = get_table(rd, table, node, &b->table);
    }
    if (st == OWED_OK)
        st = read_grounds(rd, node, &b->why);
    return st;
}

/* principal-from="DECIMAL" principal-below="DECIMAL" overdue="yes|no" of a <cap>. */
static owed_status read_tier_range(reader *rd, const xmlNode *node, owed_cap_period *p)
{
    char *from, *below, *overdue;
    if (attr(rd, node, "principal-from", &from) || attr(rd, node, "principal-below", &below) ||
        attr(rd, node, "overdue", &overdue))
        return nomem(rd);
    p->overdue = overdue == NULL ? -1 : strcmp(overdue, "yes") == 0 ? 1 : 0;
    owed_status st = OWED_OK;
    if (from != NULL) {
        p->has_principal_from = 1;
        st = owed_decimal_parse(p->principal_from, from, -1, _("principal"), rd->path,
                                owed_xml_line(node), rd->err);
    }
    if (st == OWED_OK && below != NULL) {
        p->has_principal_below = 1;
        st = owed_decimal_parse(p->principal_below, below, -1, _("principal"), rd->path,
                                owed_xml_line(node), rd->err);
    }
    if (st == OWED_OK && p->has_principal_from && p->has_principal_below &&
        mpq_cmp(p->principal_from, p->principal_below) >= 0)
        st = fail(rd, OWED_E_SEMANTIC, node,
                  _("principal-from must be below principal-below (no loan is covered)"));
    return st;
}

/* 1 when the principal ranges of two periods share an amount. */
static int tiers_meet(const owed_cap_period *a, const owed_cap_period *b)
{
    if (a->has_principal_from && b->has_principal_below &&
        mpq_cmp(a->principal_from, b->principal_below) >= 0)
        return 0;
    if (b->has_principal_from && a->has_principal_below &&
        mpq_cmp(b->principal_from, a->principal_below) >= 0)
        return 0;
    return 1;
}

static owed_status read_period(reader *rd, const xmlNode *node, owed_cap_period *p)
{
    owed_regime *r = rd->r;
    char *label, *basis, *count;
    if (attr(rd, node, "label", &label) || attr(rd, node, "basis", &basis) ||
        attr(rd, node, "count", &count))
        return nomem(rd);
    p->label = label ? label : "";
    owed_status st = date_attr(rd, node, "formed-from", &p->has_formed_from, &p->formed_from);
    if (st == OWED_OK)
        st = date_attr(rd, node, "formed-before", &p->has_formed_before, &p->formed_before);
    if (st == OWED_OK)
        st = date_attr(rd, node, "from", &p->has_from, &p->from);
    if (st == OWED_OK)
        st = date_attr(rd, node, "until", &p->has_until, &p->until);
    if (st != OWED_OK)
        return st;
    if (p->has_formed_from && p->has_formed_before && p->formed_from >= p->formed_before)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("formed-from must come before formed-before (no loan is covered)"));
    if (p->has_from && p->has_until && p->from > p->until)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("from must not come after until (no day is covered)"));
    st = read_tier_range(rd, node, p);
    if (st != OWED_OK)
        return st;
    p->basis = r->day.basis;
    p->count = r->day.count;
    if (basis != NULL && owed_day_basis_parse(basis, &p->basis) != 0)
        return fail(rd, OWED_E_SCHEMA, node, _("unknown day basis '%s'"), basis);
    if (count != NULL && owed_day_count_parse(count, &p->count) != 0)
        return fail(rd, OWED_E_SCHEMA, node, _("unknown day count '%s'"), count);
    st = read_grounds(rd, node, &p->why);
    if (st != OWED_OK)
        return st;

    const owed_band *first_table = NULL, *last_fixed = NULL, *last_table = NULL;
    for (xmlNode *c = owedi_first_element(node); c; c = owedi_next_element(c)) {
        if (owedi_is(c, "band")) {
            if (p->n_bands == OWED_MAX_BANDS)
                return fail(rd, OWED_E_LIMIT, c, _("more than %d bands in one cap period"),
                            OWED_MAX_BANDS);
            owed_band *b = &p->bands[p->n_bands];
            st = read_band(rd, c, b);
            if (st != OWED_OK)
                return st;
            p->n_bands++;
            if (b->at == OWED_REF_NONE) {
                if (last_fixed != NULL && mpq_cmp(b->limit, last_fixed->limit) <= 0)
                    return fail(rd, OWED_E_SEMANTIC, c,
                                _("band limits must ascend: this one is not above the "
                                  "previous one"));
                last_fixed = b;
            } else {
                if (first_table != NULL && (strcmp(first_table->table_id, b->table_id) != 0 ||
                                            first_table->at != b->at))
                    return fail(rd, OWED_E_SEMANTIC, c,
                                _("the table bands of one cap period must use the same table "
                                  "and reference date"));
                if (last_table != NULL && mpq_cmp(b->multiple, last_table->multiple) <= 0)
                    return fail(rd, OWED_E_SEMANTIC, c,
                                _("band limits must ascend: this multiple is not above the "
                                  "previous one"));
                if (first_table == NULL)
                    first_table = b;
                last_table = b;
            }
        } else if (owedi_is(c, "above")) {
            st = parse_effect(rd, c, &p->above);
            if (st == OWED_OK)
                st = read_grounds(rd, c, &p->above_why);
            if (st != OWED_OK)
                return st;
        }
    }
    if (p->n_bands == 0 || p->above_why.cite == NULL)
        return fail(rd, OWED_E_SCHEMA, node, _("a cap period needs bands and an <above>"));
    return OWED_OK;
}

/* Cap periods may not overlap: one loan on one day has at most one cap. */
static owed_status check_overlaps(reader *rd, const xmlNode *const *nodes)
{
    const owed_regime *r = rd->r;
    for (size_t i = 0; i < r->n_periods; i++) {
        const owed_cap_period *a = &r->periods[i];
        int64_t aff = a->has_formed_from ? a->formed_from : INT64_MIN;
        int64_t afb = a->has_formed_before ? a->formed_before : INT64_MAX;
        int64_t af = a->has_from ? a->from : INT64_MIN;
        int64_t au = a->has_until ? a->until : INT64_MAX;
        for (size_t j = 0; j < i; j++) {
            const owed_cap_period *b = &r->periods[j];
            int64_t bff = b->has_formed_from ? b->formed_from : INT64_MIN;
            int64_t bfb = b->has_formed_before ? b->formed_before : INT64_MAX;
            int64_t bf = b->has_from ? b->from : INT64_MIN;
            int64_t bu = b->has_until ? b->until : INT64_MAX;
            if (aff < bfb && bff < afb && af <= bu && bf <= au && tiers_meet(a, b) &&
                (a->overdue < 0 || b->overdue < 0 || a->overdue == b->overdue))
                return fail(rd, OWED_E_SEMANTIC, nodes[i],
                            _("this cap period overlaps the one on line %ld: a loan and a "
                              "day may fall under only one"),
                            owed_xml_line(nodes[j]));
        }
    }
    return OWED_OK;
}

/* rounding="half-up|half-even|down|up|truncate" and rounding-unit="DECIMAL|minor" of
 * <day-count>: the unit stays 0, the case currency's minor unit, when absent or "minor". */
static owed_status read_rounding(reader *rd, const xmlNode *node, owed_day_rule *day)
{
    char *rounding, *unit;
    if (attr(rd, node, "rounding", &rounding) || attr(rd, node, "rounding-unit", &unit))
        return nomem(rd);
    if (rounding != NULL) {
        day->has_rounding = 1;
        if (owed_posting_round_parse(rounding, &day->rounding) != 0)
            return fail(rd, OWED_E_SCHEMA, node, _("unknown rounding '%s'"), rounding);
    }
    if (unit == NULL)
        return OWED_OK;
    if (rounding == NULL)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("the attribute 'rounding-unit' needs the attribute 'rounding'"));
    if (strcmp(unit, "minor") == 0)
        return OWED_OK;
    owed_status st = owed_decimal_parse(day->rounding_unit, unit, -1, _("rounding unit"),
                                        rd->path, owed_xml_line(node), rd->err);
    if (st == OWED_OK && mpq_sgn(day->rounding_unit) <= 0)
        st = fail(rd, OWED_E_SEMANTIC, node, _("the rounding unit '%s' is not above zero"),
                  unit);
    return st;
}

static owed_status read_day_count(reader *rd, const xmlNode *node)
{
    char *basis, *count;
    if (attr(rd, node, "basis", &basis) || attr(rd, node, "count", &count))
        return nomem(rd);
    rd->r->day.basis = OWED_BASIS_365;
    rd->r->day.count = OWED_COUNT_FIRST_NOT_LAST;
    if (basis != NULL && owed_day_basis_parse(basis, &rd->r->day.basis) != 0)
        return fail(rd, OWED_E_SCHEMA, node, _("unknown day basis '%s'"), basis);
    if (count != NULL && owed_day_count_parse(count, &rd->r->day.count) != 0)
        return fail(rd, OWED_E_SCHEMA, node, _("unknown day count '%s'"), count);
    owed_status st = read_rounding(rd, node, &rd->r->day);
    char *per;
    if (st == OWED_OK && attr(rd, node, "rounding-per", &per))
        return nomem(rd);
    if (st == OWED_OK && per != NULL) {
        if (!rd->r->day.has_rounding)
            return fail(rd, OWED_E_SEMANTIC, node,
                        _("the attribute 'rounding-per' needs the attribute 'rounding'"));
        rd->r->day.rounding_per_year = strcmp(per, "calendar-year") == 0;
    }
    if (st == OWED_OK)
        st = read_grounds(rd, node, &rd->r->day.why);
    return st;
}

static owed_status read_charges(reader *rd, const xmlNode *node)
{
    owed_charge_rule *c = &rd->r->charges;
    char *include;
    if (attr(rd, node, "include", &include))
        return nomem(rd);
    c->all = include != NULL && strcmp(include, "all") == 0;
    size_t kinds = 0;
    for (xmlNode *k = owedi_first_element(node); k; k = owedi_next_element(k)) {
        if (!owedi_is(k, "kind"))
            continue;
        char *text;
        if (owedi_text(&rd->r->arena, k, &text))
            return nomem(rd);
        if (c->all)
            return fail(rd, OWED_E_SEMANTIC, k,
                        _("include=\"all\" takes no <kind>: every charge counts"));
        owed_component comp;
        int *slot;
        if (strcmp(text, "withheld") == 0)
            slot = &c->withheld;
        else if (owed_component_parse(text, &comp) == 0 && comp != OWED_COMP_PRINCIPAL)
            slot = &c->counts[comp];
        else
            return fail(rd, OWED_E_SCHEMA, k, _("unknown kind of charge '%s'"), text);
        if (*slot)
            return fail(rd, OWED_E_SEMANTIC, k, _("kind '%s' is listed twice"), text);
        *slot = 1;
        kinds++;
    }
    if (!c->all && kinds == 0)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("include=\"listed\" needs at least one <kind>"));
    if (c->all) {
        for (int i = 0; i < OWED_COMP_COUNT; i++)
            c->counts[i] = i != OWED_COMP_PRINCIPAL;
        c->withheld = 1;
    }
    return read_grounds(rd, node, &c->why);
}

/* <scope>: its grounds, and what the regime governs (owed_regime_governs). */
static owed_status read_scope(reader *rd, const xmlNode *node)
{
    owed_regime_governs *g = &rd->r->governs;
    owed_status st = date_attr(rd, node, "filed-from", &g->has_filed_from, &g->filed_from);
    if (st == OWED_OK)
        st = date_attr(rd, node, "filed-before", &g->has_filed_before, &g->filed_before);
    if (st == OWED_OK)
        st = date_attr(rd, node, "formed-from", &g->has_formed_from, &g->formed_from);
    if (st == OWED_OK)
        st = date_attr(rd, node, "formed-before", &g->has_formed_before, &g->formed_before);
    if (st != OWED_OK)
        return st;
    if ((g->has_filed_from && g->has_filed_before && g->filed_from >= g->filed_before) ||
        (g->has_formed_from && g->has_formed_before && g->formed_from >= g->formed_before))
        return fail(rd, OWED_E_SEMANTIC, node, _("an empty range of dates in <scope>"));
    char *lenders, *automatic;
    if (attr(rd, node, "lenders", &lenders) || attr(rd, node, "auto", &automatic))
        return nomem(rd);
    g->automatic = automatic == NULL || strcmp(automatic, "yes") == 0;
    for (char *p = lenders ? lenders : ""; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        size_t len = strcspn(p, " \t\n\r");
        if (len == 0)
            break;
        owed_lender_kind k = OWED_LENDER_UNKNOWN;
        for (int i = OWED_LENDER_PERSON; i <= OWED_LENDER_LICENSED; i++)
            if (strlen(owed_lender_kind_name((owed_lender_kind)i)) == len &&
                memcmp(owed_lender_kind_name((owed_lender_kind)i), p, len) == 0)
                k = (owed_lender_kind)i;
        if (k == OWED_LENDER_UNKNOWN)
            return fail(rd, OWED_E_SCHEMA, node, _("unknown lender kind '%.*s' in lenders"),
                        (int)len, p);
        g->lenders |= 1u << k;
        p += len;
    }
    return read_grounds(rd, node, &rd->r->scope);
}

static owed_status read_principal(reader *rd, const xmlNode *node)
{
    char *basis;
    if (attr(rd, node, "basis", &basis))
        return nomem(rd);
    if (basis != NULL && strcmp(basis, "delivered") == 0)
        rd->r->principal.basis = OWED_PRINCIPAL_DELIVERED;
    else if (basis != NULL && strcmp(basis, "nominal") == 0)
        rd->r->principal.basis = OWED_PRINCIPAL_NOMINAL;
    else
        return fail(rd, OWED_E_SCHEMA, node, _("unknown principal basis '%s'"),
                    basis ? basis : "");
    char *withheld;
    if (attr(rd, node, "withheld", &withheld))
        return nomem(rd);
    if (withheld == NULL || strcmp(withheld, "not-lent") == 0)
        rd->r->principal.withheld = OWED_WITHHELD_NOT_LENT;
    else if (strcmp(withheld, "charge") == 0)
        rd->r->principal.withheld = OWED_WITHHELD_CHARGE;
    else
        return fail(rd, OWED_E_SCHEMA, node, _("unknown treatment of withheld amounts '%s'"),
                    withheld);
    if (rd->r->principal.withheld == OWED_WITHHELD_CHARGE &&
        rd->r->principal.basis == OWED_PRINCIPAL_NOMINAL)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("withheld=\"charge\" needs basis=\"delivered\": with the nominal "
                      "basis the withheld amount is principal already"));
    return read_grounds(rd, node, &rd->r->principal.why);
}

/* Splits the list attribute `order` into words and maps each through `names`. */
static owed_status read_steps(reader *rd, const xmlNode *node, const char *const *names,
                              size_t n_names, int *steps, size_t max, size_t *n)
{
    char *order;
    if (attr(rd, node, "order", &order))
        return nomem(rd);
    *n = 0;
    for (char *p = order ? order : ""; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        size_t len = strcspn(p, " \t\n\r");
        if (len == 0)
            break;
        size_t i = 0;
        while (i < n_names && !(strlen(names[i]) == len && memcmp(names[i], p, len) == 0))
            i++;
        if (i == n_names)
            return fail(rd, OWED_E_SCHEMA, node, _("unknown step '%.*s' in order"), (int)len,
                        p);
        for (size_t j = 0; j < *n; j++)
            if (steps[j] == (int)i)
                return fail(rd, OWED_E_SEMANTIC, node, _("step '%.*s' appears twice in order"),
                            (int)len, p);
        if (*n == max)
            return fail(rd, OWED_E_SCHEMA, node, _("too many steps in order"));
        steps[(*n)++] = (int)i;
        p += len;
    }
    return OWED_OK;
}

static owed_status read_payment_order(reader *rd, const xmlNode *node)
{
    static const char *const names[] = {"costs", "charges", "principal"};
    int steps[3];
    size_t n;
    owed_status st = read_steps(rd, node, names, 3, steps, 3, &n);
    if (st != OWED_OK)
        return st;
    if (n != 3)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("order must name costs, charges and principal, each once"));
    for (size_t i = 0; i < 3; i++)
        rd->r->payment_order.order[i] = (owed_pay_step)steps[i];
    return read_grounds(rd, node, &rd->r->payment_order.why);
}

static owed_status read_allocation(reader *rd, const xmlNode *node)
{
    static const char *const names[] = {"designated",      "due",          "least-secured",
                                        "most-burdensome", "earliest-due", "pro-rata"};
    int steps[6];
    size_t n;
    owed_status st = read_steps(rd, node, names, 6, steps, 6, &n);
    if (st != OWED_OK)
        return st;
    if (n == 0)
        return fail(rd, OWED_E_SEMANTIC, node, _("order names no step"));
    rd->r->allocation.n = n;
    for (size_t i = 0; i < n; i++)
        rd->r->allocation.order[i] = (owed_alloc_step)steps[i];
    char *burden;
    if (attr(rd, node, "burden", &burden))
        return nomem(rd);
    if (burden == NULL || strcmp(burden, "daily-cost") == 0)
        rd->r->allocation.burden = OWED_BURDEN_DAILY_COST;
    else
        return fail(rd, OWED_E_SCHEMA, node, _("unknown measure of burden '%s'"), burden);
    return read_grounds(rd, node, &rd->r->allocation.why);
}

static owed_status read_overpayment(reader *rd, const xmlNode *node)
{
    owed_regime *r = rd->r;
    owed_overpayment_rule *o = &r->overpayment;
    char *treatment, *interest;
    if (attr(rd, node, "treatment", &treatment) || attr(rd, node, "interest", &interest))
        return nomem(rd);
    if (treatment == NULL || strcmp(treatment, "refund") != 0)
        return fail(rd, OWED_E_SCHEMA, node, _("unknown overpayment treatment '%s'"),
                    treatment ? treatment : "");
    o->refund = 1;
    o->has_interest = interest != NULL && strcmp(interest, "rate") == 0;
    char *rate_by;
    if (attr(rd, node, "rate-by", &rate_by))
        return nomem(rd);
    o->rate_by_day = rate_by != NULL && strcmp(rate_by, "day") == 0;
    char *apply;
    if (attr(rd, node, "apply", &apply))
        return nomem(rd);
    o->apply_to_advances = apply != NULL && strcmp(apply, "later-advances") == 0;
    if (rate_by != NULL && !o->has_interest)
        return fail(rd, OWED_E_SEMANTIC, node, _("rate-by needs interest=\"rate\""));
    size_t count = 0;
    for (xmlNode *c = owedi_first_element(node); c; c = owedi_next_element(c))
        count += owedi_is(c, "interest-rate");
    if (!o->has_interest && count > 0)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("interest=\"none\" takes no <interest-rate>"));
    if (o->has_interest && count == 0)
        return fail(rd, OWED_E_SEMANTIC, node,
                    _("interest=\"rate\" needs at least one <interest-rate>"));
    if (count > 0) {
        r->refund_rates = owed_mem_calloc(count, sizeof *r->refund_rates);
        if (r->refund_rates == NULL)
            return nomem(rd);
    }
    for (xmlNode *c = owedi_first_element(node); c; c = owedi_next_element(c)) {
        if (!owedi_is(c, "interest-rate"))
            continue;
        owed_refund_rate *q = &r->refund_rates[r->n_refund_rates];
        mpq_init(q->rate);
        r->n_refund_rates++;
        q->line = owed_xml_line(c);
        char *rate;
        if (attr(rd, c, "rate", &rate))
            return nomem(rd);
        owed_status st = owed_rate_parse(q->rate, rate ? rate : "", rd->path, q->line, rd->err);
        if (st == OWED_OK)
            st = date_attr(rd, c, "arising-from", &q->has_from, &q->from);
        if (st == OWED_OK)
            st = date_attr(rd, c, "arising-until", &q->has_until, &q->until);
        if (st != OWED_OK)
            return st;
        if (q->has_from && q->has_until && q->from > q->until)
            return fail(rd, OWED_E_SEMANTIC, c,
                        _("arising-from must not come after arising-until"));
        for (size_t j = 0; j + 1 < r->n_refund_rates; j++) {
            const owed_refund_rate *p = &r->refund_rates[j];
            int64_t pf = p->has_from ? p->from : INT64_MIN, pu = p->has_until ? p->until : INT64_MAX;
            int64_t qf = q->has_from ? q->from : INT64_MIN, qu = q->has_until ? q->until : INT64_MAX;
            if (pf <= qu && qf <= pu)
                return fail(rd, OWED_E_SEMANTIC, c,
                            _("this refund rate overlaps the one on line %ld"), p->line);
        }
    }
    o->n_rates = r->n_refund_rates;
    o->rates = r->refund_rates;
    return read_grounds(rd, node, &o->why);
}

/* The attributes amount (money) and share (a rate) of a limit in money (<charge-limit>,
 * <period-limit>), the text of each or NULL: at least one; `neither` is the message when
 * both are missing. */
static owed_status read_money_limit(reader *rd, const xmlNode *node, const char *amount,
                                    int *has_amount, mpq_t amount_q, const char *share,
                                    int *has_share, mpq_t share_q, const char *neither)
{
    owed_status st = OWED_OK;
    if (amount != NULL) {
        *has_amount = 1;
        st = owed_decimal_parse(amount_q, amount, -1, _("limit"), rd->path, owed_xml_line(node),
                                rd->err);
    }
    if (st == OWED_OK && share != NULL) {
        *has_share = 1;
        st = owed_rate_parse(share_q, share, rd->path, owed_xml_line(node), rd->err);
    }
    if (st == OWED_OK && amount == NULL && share == NULL)
        st = fail(rd, OWED_E_SEMANTIC, node, "%s", neither);
    return st;
}

/* <charge-limit kinds="late-fee fee ..." amount=".." share="..">. */
static owed_status read_charge_limit(reader *rd, const xmlNode *node)
{
    owed_charge_limit *cl = &rd->r->charge_limit;
    char *kinds, *amount, *share;
    if (attr(rd, node, "kinds", &kinds) || attr(rd, node, "amount", &amount) ||
        attr(rd, node, "share", &share))
        return nomem(rd);
    cl->present = 1;
    char *save = NULL;
    for (char *k = kinds ? strtok_r(kinds, " \t\n", &save) : NULL; k;
         k = strtok_r(NULL, " \t\n", &save)) {
        owed_component c;
        if (strcmp(k, "late-fee") == 0)
            cl->late_fees = 1;
        else if (owed_component_parse(k, &c) == 0 && c != OWED_COMP_PRINCIPAL)
            cl->counts[c] = 1;
        else
            return fail(rd, OWED_E_SCHEMA, node, _("unknown kind of charge '%s'"), k);
    }
    owed_status st = read_money_limit(rd, node, amount, &cl->has_amount, cl->amount, share,
                                      &cl->has_share, cl->share,
                                      _("a <charge-limit> needs amount or share"));
    if (st == OWED_OK)
        st = read_grounds(rd, node, &cl->why);
    return st;
}

/* <total-cap share=".." across="loan|case">. */
static owed_status read_total_cap(reader *rd, const xmlNode *node)
{
    owed_total_cap *tc = &rd->r->total_cap;
    char *share, *across;
    if (attr(rd, node, "share", &share) || attr(rd, node, "across", &across))
        return nomem(rd);
    tc->present = 1;
    tc->across_case = across != NULL && strcmp(across, "case") == 0;
    owed_status st = owed_rate_parse(tc->share, share ? share : "", rd->path,
                                     owed_xml_line(node), rd->err);
    if (st == OWED_OK)
        st = read_grounds(rd, node, &tc->why);
    return st;
}

/* <period-limit per="month" kinds="fee periodic-fee late-fee" amount=".." share="..">. */
static owed_status read_period_limit(reader *rd, const xmlNode *node)
{
    owed_period_limit *pl = &rd->r->period_limit;
    char *kinds, *amount, *share;
    if (attr(rd, node, "kinds", &kinds) || attr(rd, node, "amount", &amount) ||
        attr(rd, node, "share", &share))
        return nomem(rd);
    pl->present = 1;
    char *save = NULL;
    for (char *k = kinds ? strtok_r(kinds, " \t\n", &save) : NULL; k;
         k = strtok_r(NULL, " \t\n", &save)) {
        int *bit = strcmp(k, "fee") == 0            ? &pl->fees
                   : strcmp(k, "periodic-fee") == 0 ? &pl->periodic_fees
                   : strcmp(k, "late-fee") == 0     ? &pl->late_fees
                                                    : NULL;
        if (bit == NULL)
            return fail(rd, OWED_E_SCHEMA, node, _("unknown kind of charge '%s'"), k);
        if (*bit)
            return fail(rd, OWED_E_SEMANTIC, node, _("'%s' is listed twice"), k);
        *bit = 1;
    }
    owed_status st = read_money_limit(rd, node, amount, &pl->has_amount, pl->amount, share,
                                      &pl->has_share, pl->share,
                                      _("a <period-limit> needs amount or share"));
    if (st == OWED_OK)
        st = read_grounds(rd, node, &pl->why);
    return st;
}

/* <loan-limit amount=".." amount-of="principal|principal-and-fees" term-days="..">. */
static owed_status read_loan_limit(reader *rd, const xmlNode *node)
{
    owed_loan_limit *ll = &rd->r->loan_limit;
    char *amount, *of, *term;
    if (attr(rd, node, "amount", &amount) || attr(rd, node, "amount-of", &of) ||
        attr(rd, node, "term-days", &term))
        return nomem(rd);
    ll->present = 1;
    ll->with_fees = of != NULL && strcmp(of, "principal-and-fees") == 0;
    owed_status st = OWED_OK;
    if (amount != NULL) {
        ll->has_amount = 1;
        st = owed_decimal_parse(ll->amount, amount, -1, _("limit"), rd->path,
                                owed_xml_line(node), rd->err);
    }
    if (st == OWED_OK && term != NULL) {
        char *end = NULL;
        errno = 0;
        long days = strtol(term, &end, 10);
        if (errno != 0 || end == term || *end != '\0' || days < 1 || days > 36600)
            return fail(rd, OWED_E_SEMANTIC, node,
                        _("term-days must be a whole number of days from 1 to 36600"));
        ll->has_term = 1;
        ll->term_days = days;
    }
    if (st == OWED_OK && !ll->has_amount && !ll->has_term)
        st = fail(rd, OWED_E_SEMANTIC, node, _("a <loan-limit> needs amount or term-days"));
    if (st == OWED_OK)
        st = read_grounds(rd, node, &ll->why);
    return st;
}

static owed_status read_tier(reader *rd, const xmlNode *node)
{
    char *measure, *step;
    if (attr(rd, node, "measure", &measure) || attr(rd, node, "step", &step))
        return nomem(rd);
    rd->r->tier.outstanding = measure != NULL && strcmp(measure, "outstanding") == 0;
    rd->r->tier.down_only = step != NULL && strcmp(step, "down-only") == 0;
    return read_grounds(rd, node, &rd->r->tier.why);
}

static owed_status read_titles(reader *rd, const xmlNode *root)
{
    owed_regime *r = rd->r;
    for (xmlNode *c = owedi_first_element(root); c; c = owedi_next_element(c)) {
        if (!owedi_is(c, "title"))
            continue;
        if (r->n_titles == OWED_REGIME_MAX_TITLES)
            return fail(rd, OWED_E_LIMIT, c, _("more than %d titles"), OWED_REGIME_MAX_TITLES);
        char *lang, *text;
        if (attr(rd, c, "lang", &lang) || owedi_text(&r->arena, c, &text))
            return nomem(rd);
        if (lang == NULL)
            return fail(rd, OWED_E_SCHEMA, c, _("<title> needs lang"));
        for (size_t i = 0; i < r->n_titles; i++)
            if (strcmp(r->title_lang[i], lang) == 0)
                return fail(rd, OWED_E_SEMANTIC, c, _("a second title in language '%s'"), lang);
        r->title_lang[r->n_titles] = lang;
        r->title_text[r->n_titles++] = text;
    }
    if (!owed_regime_has_title(r, "en"))
        return fail(rd, OWED_E_SEMANTIC, root, _("a regime needs a title in English (lang=\"en\")"));
    return OWED_OK;
}

static owed_status read_root(reader *rd, const xmlNode *root)
{
    owed_regime *r = rd->r;
    r->line = owed_xml_line(root);
    if (!owedi_is(root, "regime") || root->ns == NULL ||
        strcmp((const char *)root->ns->href, OWED_REGIME_NAMESPACE) != 0)
        return fail(rd, OWED_E_SCHEMA, root,
                    _("not a regime (root element <regime> in namespace %s)"),
                    OWED_REGIME_NAMESPACE);
    char *id, *jurisdiction, *variant_of;
    if (attr(rd, root, "id", &id) || attr(rd, root, "jurisdiction", &jurisdiction) ||
        attr(rd, root, "variant-of", &variant_of))
        return nomem(rd);
    if (id == NULL || !owedi_valid_id(id))
        return fail(rd, OWED_E_SCHEMA, root, _("<regime> needs an id of the form [a-z0-9][a-z0-9.-]*"));
    r->id = id;
    r->jurisdiction = jurisdiction ? jurisdiction : "";
    r->variant_of = variant_of;
    char *sheet;
    if (attr(rd, root, "sheet", &sheet))
        return nomem(rd);
    r->recalculation_sheet = sheet != NULL && strcmp(sheet, "recalculation") == 0;
    char *apr;
    if (attr(rd, root, "apr", &apr))
        return nomem(rd);
    r->apr_method = apr == NULL                ? -1
                    : strcmp(apr, "uk") == 0   ? (int)OWED_APR_UK
                    : strcmp(apr, "regz") == 0 ? (int)OWED_APR_REGZ
                                               : -1;

    owed_status st = read_titles(rd, root);
    if (st == OWED_OK)
        st = read_notes(rd, root, &r->notes, &r->n_notes);
    if (st != OWED_OK)
        return st;

    size_t n_caps = 0;
    for (xmlNode *c = owedi_first_element(root); c; c = owedi_next_element(c))
        n_caps += owedi_is(c, "cap");
    int limited = 0; /* a regime that limits charges in money needs no rate cap */
    for (xmlNode *c = owedi_first_element(root); c; c = owedi_next_element(c))
        limited |= owedi_is(c, "charge-limit") || owedi_is(c, "total-cap");
    if (n_caps == 0 && !limited)
        return fail(rd, OWED_E_SCHEMA, root,
                    _("a regime needs at least one <cap>, <charge-limit> or <total-cap>"));
    r->periods = owed_mem_calloc(n_caps ? n_caps : 1, sizeof *r->periods);
    const xmlNode **cap_nodes = owed_mem_calloc(n_caps ? n_caps : 1, sizeof *cap_nodes);
    if (r->periods == NULL || cap_nodes == NULL) {
        owed_mem_free(cap_nodes);
        return nomem(rd);
    }
    /* r->day starts as 365 / first-not-last (zero); the schema puts <day-count> first */
    int seen_day = 0, seen[5] = {0, 0, 0, 0, 0};
    for (xmlNode *c = owedi_first_element(root); c && st == OWED_OK; c = owedi_next_element(c)) {
        if (owedi_is(c, "scope")) {
            st = read_scope(rd, c);
        } else if (owedi_is(c, "day-count")) {
            st = read_day_count(rd, c);
            seen_day = 1;
        } else if (owedi_is(c, "cap")) {
            owed_cap_period *p = &r->periods[r->n_periods];
            for (int b = 0; b < OWED_MAX_BANDS; b++)
                mpq_inits(p->bands[b].limit, p->bands[b].multiple, NULL);
            mpq_inits(p->principal_from, p->principal_below, NULL);
            cap_nodes[r->n_periods++] = c;
            st = read_period(rd, c, p);
        } else if (owedi_is(c, "charges")) {
            st = read_charges(rd, c);
            seen[0] = 1;
        } else if (owedi_is(c, "principal")) {
            st = read_principal(rd, c);
            seen[1] = 1;
        } else if (owedi_is(c, "charge-limit")) {
            st = read_charge_limit(rd, c);
        } else if (owedi_is(c, "total-cap")) {
            st = read_total_cap(rd, c);
        } else if (owedi_is(c, "period-limit")) {
            st = read_period_limit(rd, c);
        } else if (owedi_is(c, "loan-limit")) {
            st = read_loan_limit(rd, c);
        } else if (owedi_is(c, "tier")) {
            st = read_tier(rd, c);
        } else if (owedi_is(c, "payment-order")) {
            st = read_payment_order(rd, c);
            seen[2] = 1;
        } else if (owedi_is(c, "allocation")) {
            st = read_allocation(rd, c);
            seen[3] = 1;
        } else if (owedi_is(c, "overpayment")) {
            st = read_overpayment(rd, c);
            seen[4] = 1;
        }
    }
    if (st == OWED_OK)
        st = check_overlaps(rd, (const xmlNode *const *)cap_nodes);
    owed_mem_free(cap_nodes);
    if (st == OWED_OK && !(seen_day && seen[0] && seen[1] && seen[2] && seen[3] && seen[4]))
        st = fail(rd, OWED_E_SCHEMA, root,
                  _("a regime needs <day-count>, <charges>, <principal>, <payment-order>, "
                    "<allocation> and <overpayment>"));
    return st;
}

owed_status owed_regime_read_file(const char *path, const char *datadir, owed_regime **out,
                                  owed_error *err)
{
    *out = NULL;
    if (path == NULL || datadir == NULL)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a regime needs a file and a data directory"));
    char *schema = owedi_path_join(datadir, "schema", "regime.xsd");
    if (schema == NULL)
        return owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
    xmlDocPtr doc = NULL;
    owed_status st = owed_xml_read(path, schema, OWED_REGIME_MAX_BYTES, &doc, err);
    owed_mem_free(schema);
    if (st != OWED_OK)
        return st;

    owed_regime *r = owed_mem_calloc(1, sizeof *r);
    if (r == NULL) {
        xmlFreeDoc(doc);
        return owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
    }
    owed_mem_record(&r->mem);
    r->serial = owedi_regime_serial_next();
    mpq_init(r->day.rounding_unit);
    mpq_inits(r->charge_limit.amount, r->charge_limit.share, r->total_cap.share,
              r->period_limit.amount, r->period_limit.share, r->loan_limit.amount, NULL);
    reader rd = {r, path, datadir, err};
    r->path = owedi_arena_strdup(&r->arena, path);
    if (r->path == NULL)
        st = nomem(&rd);
    else
        st = read_root(&rd, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    if (st != OWED_OK) {
        owed_regime_free(r);
        return st;
    }
    *out = r;
    return OWED_OK;
}
