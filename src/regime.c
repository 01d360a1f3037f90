/* Legal regimes: names, accessors, loading by id, the list of shipped regimes, and the
 * resolution of the cap that applies to a loan on a day.  The XML reader is in
 * regime_read.c.  See regime.h for the contracts. */
#include <config.h>

#include "regime.h"
#include "mem.h"
#include "qsum.h"
#include "rate.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "regime_impl.h"

/* ------------------------------------------------------------------ names */

const char *owed_band_effect_name(owed_band_effect e)
{
    switch (e) {
    case OWED_BAND_ENFORCEABLE: return "enforceable";
    case OWED_BAND_RETAINED_IF_PAID: return "retained-if-paid";
    case OWED_BAND_VOID: return "void";
    }
    return "?";
}

const char *owed_reference_date_name(owed_reference_date ref)
{
    switch (ref) {
    case OWED_REF_NONE: return "none";
    case OWED_REF_FORMATION: return "formation";
    case OWED_REF_FILING: return "filing";
    case OWED_REF_ACCRUAL: return "accrual";
    }
    return "?";
}

const char *owed_principal_basis_name(owed_principal_basis b)
{
    return b == OWED_PRINCIPAL_NOMINAL ? "nominal" : "delivered";
}

const char *owed_pay_step_name(owed_pay_step s)
{
    switch (s) {
    case OWED_PAY_COSTS: return "costs";
    case OWED_PAY_CHARGES: return "charges";
    case OWED_PAY_PRINCIPAL: return "principal";
    }
    return "?";
}

const char *owed_alloc_step_name(owed_alloc_step s)
{
    switch (s) {
    case OWED_ALLOC_DESIGNATED: return "designated";
    case OWED_ALLOC_DUE: return "due";
    case OWED_ALLOC_LEAST_SECURED: return "least-secured";
    case OWED_ALLOC_MOST_BURDENSOME: return "most-burdensome";
    case OWED_ALLOC_EARLIEST_DUE: return "earliest-due";
    case OWED_ALLOC_PRO_RATA: return "pro-rata";
    }
    return "?";
}

const char *owed_burden_measure_name(owed_burden_measure m)
{
    switch (m) {
    case OWED_BURDEN_DAILY_COST: return "daily-cost";
    }
    return "?";
}

/* The date formatted last by owed_citation_format, per thread, and its text ("": none):
 * the batch formats a regime's citation, with its date, for each borrower. */
static _Thread_local struct {
    owed_date date;
    char text[OWED_DATE_TEXT_SIZE];
} last_citation_date;

char *owed_citation_format(const owed_citation *c)
{
    const char *date = "";
    if (c->has_date) {
        if (last_citation_date.text[0] == '\0' || last_citation_date.date != c->date) {
            owed_date_format(c->date, last_citation_date.text);
            last_citation_date.date = c->date;
        }
        date = last_citation_date.text;
    }
    const char *art = c->article ? _("art.") : "";
    /* "INSTRUMENT[, ART ARTICLE][, DATE]", put together with memcpy: the batch formats a
       citation for each capped stretch, and three snprintf calls cost ten times the copy */
    size_t n_inst = strlen(c->instrument), n_art = c->article ? strlen(art) : 0,
           n_article = c->article ? strlen(c->article) : 0,
           n_date = c->has_date ? strlen(date) : 0;
    size_t n = n_inst + (c->article ? n_art + n_article + 3 : 0) +
               (c->has_date ? n_date + 2 : 0) + 1;
    char *out = owed_mem_alloc(n);
    if (out == NULL)
        return NULL;
    char *w = out;
    memcpy(w, c->instrument, n_inst);
    w += n_inst;
    if (c->article) {
        *w++ = ',';
        *w++ = ' ';
        memcpy(w, art, n_art);
        w += n_art;
        *w++ = ' ';
        memcpy(w, c->article, n_article);
        w += n_article;
    }
    if (c->has_date) {
        *w++ = ',';
        *w++ = ' ';
        memcpy(w, date, n_date);
        w += n_date;
    }
    *w = '\0';
    return out;
}

char *owed_citations_format(const owed_citation *first)
{
    char *out = owed_mem_strdup("");
    for (const owed_citation *c = first; c != NULL && out != NULL; c = c->next) {
        char *t = owed_citation_format(c);
        char *more = t ? owed_mem_realloc(out, strlen(out) + strlen(t) + 3) : NULL;
        if (more == NULL) {
            owed_mem_free(t);
            owed_mem_free(out);
            return NULL;
        }
        out = more;
        if (c != first)
            strcat(out, "; ");
        strcat(out, t);
        owed_mem_free(t);
    }
    return out;
}

/* ------------------------------------------------------------------ lifetime, accessors */

/* Frees r in the calling thread's memory scope. */
static void free_regime(owed_regime *r)
{
    for (size_t i = 0; i < r->n_periods; i++)
        for (int b = 0; b < OWED_MAX_BANDS; b++)
            mpq_clears(r->periods[i].bands[b].limit, r->periods[i].bands[b].multiple, NULL);
    for (size_t i = 0; i < r->n_periods; i++)
        mpq_clears(r->periods[i].principal_from, r->periods[i].principal_below, NULL);
    owed_mem_free(r->periods);
    for (size_t i = 0; i < r->n_refund_rates; i++)
        mpq_clear(r->refund_rates[i].rate);
    owed_mem_free(r->refund_rates);
    mpq_clear(r->day.rounding_unit);
    mpq_clears(r->charge_limit.amount, r->charge_limit.share, r->total_cap.share,
               r->period_limit.amount, r->period_limit.share, r->loan_limit.amount, NULL);
    for (size_t i = 0; i < r->n_tables; i++)
        owed_rate_table_free(r->tables[i]);
    owed_mem_free(r->tables);
    owedi_arena_free(&r->arena);
    owed_mem_free(r);
}

void owed_regime_free(owed_regime *r)
{
    if (r == NULL)
        return;
    owed_allocator mem = r->mem; /* a copy: it outlives r */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    free_regime(r);
    owed_mem_scope_leave(previous);
}

const owed_allocator *owed_regime_mem(const owed_regime *r) { return &r->mem; }
const char *owed_regime_id(const owed_regime *r) { return r->id; }
const char *owed_regime_path(const owed_regime *r) { return r->path; }
const char *owed_regime_jurisdiction(const owed_regime *r) { return r->jurisdiction; }
const char *owed_regime_variant_of(const owed_regime *r) { return r->variant_of; }

int owed_regime_has_title(const owed_regime *r, const char *lang)
{
    for (size_t i = 0; i < r->n_titles; i++)
        if (lang != NULL && strcmp(r->title_lang[i], lang) == 0)
            return 1;
    return 0;
}

const char *owed_regime_title(const owed_regime *r, const char *lang)
{
    for (size_t i = 0; i < r->n_titles; i++)
        if (lang != NULL && strcmp(r->title_lang[i], lang) == 0)
            return r->title_text[i];
    for (size_t i = 0; i < r->n_titles; i++)
        if (strcmp(r->title_lang[i], "en") == 0)
            return r->title_text[i];
    return r->n_titles > 0 ? r->title_text[0] : r->id;
}

const char *const *owed_regime_notes(const owed_regime *r, size_t *n)
{
    *n = r->n_notes;
    return r->notes;
}

const owed_grounds *owed_regime_scope(const owed_regime *r) { return &r->scope; }
const owed_regime_governs *owed_regime_governs_rule(const owed_regime *r) { return &r->governs; }

owed_governs_result owed_regime_governs_loan(const owed_regime *r, const owed_loan *L,
                                             owed_date filing)
{
    const owed_regime_governs *g = &r->governs;
    if (g->has_filed_from && filing < g->filed_from)
        return OWED_GOVERNS_FILED_EARLY;
    if (g->has_filed_before && filing >= g->filed_before)
        return OWED_GOVERNS_FILED_LATE;
    if (g->has_formed_from && L->contracted < g->formed_from)
        return OWED_GOVERNS_FORMED_EARLY;
    if (g->has_formed_before && L->contracted >= g->formed_before)
        return OWED_GOVERNS_FORMED_LATE;
    if (g->lenders != 0 && L->lender_kind != OWED_LENDER_UNKNOWN &&
        (g->lenders & (1u << L->lender_kind)) == 0)
        return OWED_GOVERNS_LENDER;
    return OWED_GOVERNS;
}

/* The currency of a jurisdiction's country (ISO 3166 code or subdivision "US-CA"; ISO
 * 4217), or NULL when this table does not know it.  --regime=auto chooses only among the
 * regimes of the country whose money the case is in: a case in yen is not judged by
 * Chinese law because its dates fit a Chinese regime. */
static const char *jurisdiction_currency(const char *jurisdiction)
{
    static const struct {
        const char *country, *currency;
    } table[] = {{"CN", "CNY"}, {"JP", "JPY"}, {"GB", "GBP"}, {"US", "USD"}};
    if (jurisdiction == NULL || strlen(jurisdiction) < 2 ||
        (jurisdiction[2] != '\0' && jurisdiction[2] != '-'))
        return NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strncmp(jurisdiction, table[i].country, 2) == 0)
            return table[i].currency;
    return NULL;
}

owed_status owed_regime_choose(const char *datadir, const owed_case *c, owed_date filing,
                               owed_regime **out, owed_error *err)
{
    *out = NULL;
    char **ids = NULL;
    size_t n = 0;
    owed_status st = owed_regime_list(datadir, &ids, &n, err);
    if (st != OWED_OK)
        return st;
    owed_regime *chosen = NULL;
    char names[512] = "";
    size_t found = 0;
    for (size_t i = 0; i < n && st == OWED_OK; i++) {
        owed_regime *r = NULL;
        st = owed_regime_load(ids[i], datadir, &r, err);
        if (st != OWED_OK)
            break;
        const char *money = jurisdiction_currency(r->jurisdiction);
        int fits = r->variant_of == NULL && r->governs.automatic &&
                   (money == NULL || strcmp(money, c->currency.code) == 0);
        unsigned private_lenders = (1u << OWED_LENDER_PERSON) | (1u << OWED_LENDER_COMPANY);
        for (size_t k = 0; fits && k < c->n_loans; k++) {
            fits = owed_regime_governs_loan(r, &c->loans[k], filing) == OWED_GOVERNS;
            /* a lender of unknown kind is taken for a private lender */
            if (fits && c->loans[k].lender_kind == OWED_LENDER_UNKNOWN &&
                r->governs.lenders != 0 && (r->governs.lenders & private_lenders) == 0)
                fits = 0;
        }
        if (!fits) {
            owed_regime_free(r);
            continue;
        }
        found++;
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", ids[i]);
        if (chosen == NULL)
            chosen = r;
        else
            owed_regime_free(r);
    }
    owed_regime_list_free(ids, n);
    if (st != OWED_OK) {
        owed_regime_free(chosen);
        return st;
    }
    char day[OWED_DATE_TEXT_SIZE];
    owed_date_format(filing, day);
    if (found == 0)
        return owed_error_set(err, OWED_E_SEMANTIC, c->file, 0,
                              _("no shipped regime governs every loan of the case with the "
                                "suit filed on %s; name one with --regime"),
                              day);
    if (found > 1) {
        owed_regime_free(chosen);
        return owed_error_set(err, OWED_E_SEMANTIC, c->file, 0,
                              _("several shipped regimes govern the case with the suit filed "
                                "on %s (%s); name one with --regime"),
                              day, names);
    }
    *out = chosen;
    return OWED_OK;
}
const owed_day_rule *owed_regime_day_rule(const owed_regime *r) { return &r->day; }
size_t owed_regime_n_periods(const owed_regime *r) { return r->n_periods; }

const owed_cap_period *owed_regime_period(const owed_regime *r, size_t i)
{
    return i < r->n_periods ? &r->periods[i] : NULL;
}

const owed_charge_rule *owed_regime_charges(const owed_regime *r) { return &r->charges; }
const owed_principal_rule *owed_regime_principal(const owed_regime *r) { return &r->principal; }

const owed_payment_order_rule *owed_regime_payment_order(const owed_regime *r)
{
    return &r->payment_order;
}

const owed_allocation_rule *owed_regime_allocation(const owed_regime *r)
{
    return &r->allocation;
}

const owed_overpayment_rule *owed_regime_overpayment(const owed_regime *r)
{
    return &r->overpayment;
}

const owed_tier_rule *owed_regime_tier(const owed_regime *r)
{
    return &r->tier;
}

const owed_charge_limit *owed_regime_charge_limit(const owed_regime *r)
{
    return &r->charge_limit;
}

const owed_total_cap *owed_regime_total_cap(const owed_regime *r)
{
    return &r->total_cap;
}

const owed_period_limit *owed_regime_period_limit(const owed_regime *r)
{
    return &r->period_limit;
}

const owed_loan_limit *owed_regime_loan_limit(const owed_regime *r)
{
    return &r->loan_limit;
}

int owed_regime_limits_component(const owed_regime *r, owed_component c, int late)
{
    const owed_charge_limit *cl = &r->charge_limit;
    if (!cl->present)
        return 0;
    if (late)
        return cl->late_fees;
    return (unsigned)c < OWED_COMP_COUNT && cl->counts[c];
}

int owed_regime_apr_method(const owed_regime *r)
{
    return r->apr_method;
}

int owed_regime_recalculation_sheet(const owed_regime *r)
{
    return r->recalculation_sheet;
}

int owed_regime_has_tiers(const owed_regime *r)
{
    for (size_t i = 0; i < r->n_periods; i++)
        if (r->periods[i].has_principal_from || r->periods[i].has_principal_below)
            return 1;
    return 0;
}

const char *owed_withheld_treatment_name(owed_withheld_treatment t)
{
    return t == OWED_WITHHELD_CHARGE ? "charge" : "not-lent";
}

int owed_regime_counts_component(const owed_regime *r, owed_component c)
{
    return (unsigned)c < OWED_COMP_COUNT && c != OWED_COMP_PRINCIPAL && r->charges.counts[c];
}

int owed_regime_refund_rate(const owed_regime *r, owed_date arising, mpq_t rate)
{
    if (!r->overpayment.has_interest)
        return 0;
    for (size_t i = 0; i < r->n_refund_rates; i++) {
        const owed_refund_rate *q = &r->refund_rates[i];
        if ((!q->has_from || arising >= q->from) && (!q->has_until || arising <= q->until)) {
            mpq_set(rate, q->rate);
            return 1;
        }
    }
    return 0;
}

void owed_regime_refund_interest(const owed_regime *r, mpq_t out, const mpq_t amount,
                                 owed_date arose, owed_date from, owed_date to)
{
    if (!r->overpayment.has_interest || from >= to)
        return;
    mpq_t rate, part;
    mpq_inits(rate, part, NULL);
    if (!r->overpayment.rate_by_day) {
        if (owed_regime_refund_rate(r, arose, rate)) {
            owed_rate_accrue(part, amount, rate, OWED_PER_YEAR, OWED_BASIS_ACTUAL, from, to);
            mpq_add(out, out, part);
        }
    } else {
        /* each range's part of [from, to) at that range's rate */
        for (size_t i = 0; i < r->n_refund_rates; i++) {
            const owed_refund_rate *q = &r->refund_rates[i];
            owed_date a = q->has_from && q->from > from ? q->from : from;
            owed_date b = q->has_until && q->until + 1 < to ? q->until + 1 : to;
            if (a < b) {
                owed_rate_accrue(part, amount, q->rate, OWED_PER_YEAR, OWED_BASIS_ACTUAL, a, b);
                mpq_add(out, out, part);
            }
        }
    }
    mpq_clears(rate, part, NULL);
}

int owed_regime_uses_reference(const owed_regime *r, owed_reference_date ref)
{
    for (size_t i = 0; i < r->n_periods; i++)
        for (size_t b = 0; b < r->periods[i].n_bands; b++)
            if (r->periods[i].bands[b].at == ref)
                return 1;
    return 0;
}

size_t owed_regime_n_tables(const owed_regime *r) { return r->n_tables; }

const owed_rate_table *owed_regime_table(const owed_regime *r, size_t i)
{
    return i < r->n_tables ? r->tables[i] : NULL;
}

/* ------------------------------------------------------------------ loading, listing */

owed_status owed_regime_load(const char *id_or_path, const char *datadir, owed_regime **out,
                             owed_error *err)
{
    *out = NULL;
    if (id_or_path == NULL || datadir == NULL)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a regime needs an id or a file, and a data directory"));
    size_t n = strlen(id_or_path);
    if (strchr(id_or_path, '/') != NULL || (n >= 4 && strcmp(id_or_path + n - 4, ".xml") == 0))
        return owed_regime_read_file(id_or_path, datadir, out, err);
    if (!owedi_valid_id(id_or_path))
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("'%s' is neither a regime id nor a file name ending in .xml"),
                              id_or_path);
    char *file = owed_mem_alloc(n + sizeof ".xml");
    char *path = NULL;
    if (file != NULL) {
        memcpy(file, id_or_path, n);
        memcpy(file + n, ".xml", sizeof ".xml");
        path = owedi_path_join(datadir, "regimes", file);
    }
    owed_mem_free(file);
    if (path == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    owed_status st;
    if (access(path, F_OK) != 0) {
        char *dir = owedi_path_join(datadir, "regimes", NULL);
        st = owed_error_set(err, OWED_E_IO, NULL, 0,
                            _("no regime '%s' in %s (see 'owed regimes list')"), id_or_path,
                            dir ? dir : datadir);
        owed_mem_free(dir);
    } else {
        st = owed_regime_read_file(path, datadir, out, err);
        if (st == OWED_OK && strcmp((*out)->id, id_or_path) != 0) {
            st = owed_error_set(err, OWED_E_SEMANTIC, path, (*out)->line,
                                _("the file declares the regime id '%s', not '%s'"), (*out)->id,
                                id_or_path);
            owed_regime_free(*out);
            *out = NULL;
        }
    }
    owed_mem_free(path);
    return st;
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void owed_regime_list_free(char **ids, size_t n)
{
    if (ids == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        owed_mem_free(ids[i]);
    owed_mem_free(ids);
}

owed_status owed_regime_list(const char *datadir, char ***ids, size_t *n, owed_error *err)
{
    *ids = NULL;
    *n = 0;
    if (datadir == NULL)
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("no data directory"));
    char *dir = owedi_path_join(datadir, "regimes", NULL);
    if (dir == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    DIR *d = opendir(dir);
    if (d == NULL) {
        owed_status st = owed_error_set(err, OWED_E_IO, dir, 0, _("cannot read the directory: %s"),
                                        strerror(errno));
        owed_mem_free(dir);
        return st;
    }
    char **list = NULL;
    size_t count = 0, cap = 0;
    owed_status st = OWED_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        char *id = owed_mem_alloc(len - 3);
        if (id == NULL) {
            st = owed_error_set(err, OWED_E_NOMEM, dir, 0, _("out of memory"));
            break;
        }
        memcpy(id, e->d_name, len - 4);
        id[len - 4] = '\0';
        if (!owedi_valid_id(id)) {
            owed_mem_free(id);
            continue;
        }
        if (count == cap) {
            size_t want = cap ? cap * 2 : 16;
            char **grown = owed_mem_realloc(list, want * sizeof *grown);
            if (grown == NULL) {
                owed_mem_free(id);
                st = owed_error_set(err, OWED_E_NOMEM, dir, 0, _("out of memory"));
                break;
            }
            list = grown;
            cap = want;
        }
        list[count++] = id;
    }
    closedir(d);
    owed_mem_free(dir);
    if (st != OWED_OK) {
        owed_regime_list_free(list, count);
        return st;
    }
    if (count > 1)
        qsort(list, count, sizeof *list, compare_ids);
    *ids = list;
    *n = count;
    return OWED_OK;
}

/* ------------------------------------------------------------------ resolving caps */

unsigned long owedi_regime_serial_next(void)
{
    static atomic_ulong last_serial;
    return atomic_fetch_add(&last_serial, 1) + 1;
}

void owed_cap_view_init(owed_cap_view *v)
{
    memset(v, 0, sizeof *v);
    mpq_init(v->table_rate);
}

void owed_cap_view_clear(owed_cap_view *v)
{
    for (size_t i = 0; i < v->n_ready; i++)
        mpq_clears(v->limit[i], v->multiple[i], NULL);
    mpq_clear(v->table_rate);
    memset(v, 0, sizeof *v);
}

/* Makes the view's limit and multiple of band b (and those before it) usable, at 0. */
static void view_ready(owed_cap_view *v, size_t b)
{
    for (; v->n_ready <= b; v->n_ready++)
        mpq_inits(v->limit[v->n_ready], v->multiple[v->n_ready], NULL);
}

/* Empties the view, keeping its numbers initialised; the limits of the first `set` bands
 * are left as they are (the caller sets them next). */
static void view_reset_but(owed_cap_view *v, size_t set)
{
    for (size_t i = 0; i < OWED_MAX_BANDS; i++) {
        if (i < v->n_ready) {
            if (i >= set)
                owed_q_zero(v->limit[i]);
            owed_q_zero(v->multiple[i]);
        }
        v->effect[i] = OWED_BAND_ENFORCEABLE;
        v->cite[i] = NULL;
        v->from_table[i] = 0;
    }
    owed_q_zero(v->table_rate);
    v->n_bands = 0;
    v->above = OWED_BAND_VOID;
    v->above_cite = NULL;
    v->basis = OWED_BASIS_365;
    v->count = OWED_COUNT_FIRST_NOT_LAST;
    v->uses_table = 0;
    v->table_id = NULL;
    v->table = NULL;
    v->table_ref = OWED_REF_NONE;
    v->table_date = 0;
    v->table_fixing = 0;
    v->table_beyond_complete = 0;
    v->table_unconfirmed = 0;
    v->period_label = NULL;
    v->period_cite = NULL;
    v->period = NULL;
    v->regime_serial = 0;
}

/* Empties the view, keeping its numbers initialised. */
static void view_reset(owed_cap_view *v)
{
    view_reset_but(v, 0);
}

static int covers_loan(const owed_cap_period *p, owed_date formed)
{
    return (!p->has_formed_from || formed >= p->formed_from) &&
           (!p->has_formed_before || formed < p->formed_before);
}

static int covers_day(const owed_cap_period *p, owed_date day)
{
    return (!p->has_from || day >= p->from) && (!p->has_until || day <= p->until);
}

/* The tier and the overdue state: a period with a principal range needs a tier principal in
 * it; one for overdue days (or days to the due date) needs the day to be such a day. */
static int covers_select(const owed_cap_period *p, const owed_cap_select *sel)
{
    int overdue = sel != NULL && sel->overdue;
    if (p->overdue >= 0 && p->overdue != overdue)
        return 0;
    if (!p->has_principal_from && !p->has_principal_below)
        return 1;
    if (sel == NULL || sel->tier == NULL)
        return 0;
    return (!p->has_principal_from || owed_q_cmp(sel->tier, p->principal_from) >= 0) &&
           (!p->has_principal_below || owed_q_cmp(sel->tier, p->principal_below) < 0);
}

/* The first table band of a period, or NULL: all its table bands share table and date. */
static const owed_band *table_band(const owed_cap_period *p)
{
    for (size_t b = 0; b < p->n_bands; b++)
        if (p->bands[b].at != OWED_REF_NONE)
            return &p->bands[b];
    return NULL;
}

owed_status owed_regime_cap_on(const owed_regime *r, owed_date formed, owed_date filing,
                               owed_date day, owed_cap_view *out, int *applies,
                               owed_error *err)
{
    return owed_regime_cap_for(r, formed, filing, day, NULL, out, applies, err);
}

/* The period that applies to a loan formed on `formed` on `day`, or NULL: the first that
 * covers them. */
static const owed_cap_period *period_for(const owed_regime *r, owed_date formed, owed_date day,
                                         const owed_cap_select *sel)
{
    for (size_t i = 0; i < r->n_periods; i++)
        if (covers_loan(&r->periods[i], formed) && covers_day(&r->periods[i], day) &&
            covers_select(&r->periods[i], sel))
            return &r->periods[i];
    return NULL;
}

/* The date a table band `tb` (NULL: none, 0) is looked up for. */
static owed_date lookup_date(const owed_band *tb, owed_date formed, owed_date filing,
                             owed_date day)
{
    return tb == NULL                       ? 0
           : tb->at == OWED_REF_FORMATION ? formed
           : tb->at == OWED_REF_FILING    ? filing
                                          : day;
}

/* Whether `v` holds the resolution of period p (not NULL) of r looked up on `when`. */
static int view_holds(const owed_regime *r, const owed_cap_period *p, owed_date when,
                      const owed_cap_view *v)
{
    return p == v->period && r->serial != 0 && v->regime_serial == r->serial &&
           v->resolved_when == when;
}

/* owed_regime_cap_for once the period p (NULL: none), its table band tb (table_band) and
 * the date the table is looked up for are known. */
static owed_status resolve(const owed_regime *r, const owed_cap_period *p, const owed_band *tb,
                           owed_date when, owed_cap_view *out, int *applies, owed_error *err)
{
    *applies = 0;
    if (p != NULL && view_holds(r, p, when, out)) {
        /* the view holds this resolution already (regime.h): the same period of the same
           load, its table looked up on the same date, gives the same figures and no error */
        if (tb != NULL)
            out->table_date = when;
        *applies = 1;
        return OWED_OK;
    }
    /* the period's band limits are all set below (or the view emptied on an error) */
    view_reset_but(out, p != NULL ? p->n_bands : 0);
    if (p == NULL)
        return OWED_OK;

    if (tb != NULL) {
        owed_rate_lookup info;
        owed_error inner;
        owed_error_clear(&inner);
        if (owed_rate_table_lookup(tb->table, when, out->table_rate, &info, &inner) != OWED_OK) {
            view_reset(out);
            return owed_error_set(err, OWED_E_SEMANTIC, r->path, tb->why.line,
                                  _("%s: the cap \"%s\" needs it at the %s date"), inner.text,
                                  p->label, owed_reference_date_name(tb->at));
        }
        out->uses_table = 1;
        out->table_id = tb->table_id;
        out->table = tb->table;
        out->table_ref = tb->at;
        out->table_date = when;
        out->table_fixing = info.fixing;
        out->table_beyond_complete = info.beyond_complete;
        out->table_unconfirmed = info.unconfirmed;
    }
    for (size_t b = 0; b < p->n_bands; b++) {
        const owed_band *band = &p->bands[b];
        view_ready(out, b);
        if (band->at == OWED_REF_NONE) {
            mpq_set(out->limit[b], band->limit);
        } else {
            out->from_table[b] = 1;
            mpq_set(out->multiple[b], band->multiple);
            owed_q_mul(out->limit[b], band->multiple, out->table_rate);
        }
        out->effect[b] = band->effect;
        out->cite[b] = band->why.cite;
        if (b > 0 && owed_q_cmp(out->limit[b], out->limit[b - 1]) <= 0) {
            view_reset(out);
            return owed_error_set(err, OWED_E_SEMANTIC, r->path, band->why.line,
                                  _("in the cap \"%s\" this band's limit is not above the "
                                    "previous band's on that day"),
                                  p->label);
        }
    }
    out->n_bands = p->n_bands;
    out->above = p->above;
    out->above_cite = p->above_why.cite;
    out->basis = p->basis;
    out->count = p->count;
    out->period_label = p->label;
    out->period_cite = p->why.cite;
    out->period = p;
    out->regime_serial = r->serial;
    out->resolved_when = when;
    *applies = 1;
    return OWED_OK;
}

owed_status owed_regime_cap_for(const owed_regime *r, owed_date formed, owed_date filing,
                                owed_date day, const owed_cap_select *sel, owed_cap_view *out,
                                int *applies, owed_error *err)
{
    const owed_cap_period *p = period_for(r, formed, day, sel);
    const owed_band *tb = p != NULL ? table_band(p) : NULL;
    owed_date when = lookup_date(tb, formed, filing, day);
    return resolve(r, p, tb, when, out, applies, err);
}

owed_status owed_regime_cap_for_kept(const owed_regime *r, owed_date formed, owed_date filing,
                                     owed_date day, const owed_cap_select *sel,
                                     owed_cap_view **view, owed_cap_view **spare, int *applies,
                                     owed_error *err)
{
    const owed_cap_period *p = period_for(r, formed, day, sel);
    const owed_band *tb = p != NULL ? table_band(p) : NULL;
    owed_date when = lookup_date(tb, formed, filing, day);
    if (p == NULL || !view_holds(r, p, when, *view)) {
        /* resolved into the spare, which may hold it already; the view kept as the spare */
        owed_cap_view *kept = *view;
        *view = *spare;
        *spare = kept;
    }
    return resolve(r, p, tb, when, *view, applies, err);
}

/* Considers `c` as a breakpoint: keeps the smallest candidate in (after, before), and in
 * *last (when not NULL) the largest one at most `after`. */
static void consider(owed_date c, owed_date after, owed_date before, int *found, owed_date *best,
                     owed_date *last)
{
    if (c > after && c < before && (!*found || c < *best)) {
        *best = c;
        *found = 1;
    }
    if (last != NULL && c <= after && c > *last)
        *last = c;
}

/* The first day after `after` and before `before` on which the cap may change.  With
 * `every_fixing`, also every row date of a table looked up on the accrual day, even one that
 * repeats the rate before it: cap_on's view names the fixing in force (table_fixing). */
static int next_breakpoint(const owed_regime *r, owed_date formed, owed_date after,
                           owed_date before, int every_fixing, owed_date *out, owed_date *last)
{
    int found = 0;
    for (size_t i = 0; i < r->n_periods; i++) {
        const owed_cap_period *p = &r->periods[i];
        if (!covers_loan(p, formed))
            continue;
        if (p->has_from)
            consider(p->from, after, before, &found, out, last);
        if (p->has_until)
            consider(p->until + 1, after, before, &found, out, last);
        const owed_band *tb = table_band(p);
        if (tb == NULL || tb->at != OWED_REF_ACCRUAL)
            continue;
        const owed_rate_table *t = tb->table;
        size_t n = owed_rate_table_size(t);
        for (size_t k = 0; k < n; k++) {
            const owed_rate_row *row = owed_rate_table_row(t, k), *prev = NULL;
            if (k > 0)
                prev = owed_rate_table_row(t, k - 1);
            if (!every_fixing && prev != NULL && mpq_equal(row->rate, prev->rate) &&
                row->confirmed == prev->confirmed)
                continue;
            if (covers_day(p, row->date))
                consider(row->date, after, before, &found, out, last);
        }
        owed_date beyond = owed_rate_table_complete_until(t) + 1;
        if (covers_day(p, beyond))
            consider(beyond, after, before, &found, out, last);
    }
    return found;
}

size_t owed_regime_breakpoints(const owed_regime *r, owed_date formed, owed_date filing,
                               owed_date from, owed_date to, owed_date *out, size_t max)
{
    (void)filing;
    size_t n = 0;
    owed_date d = from, next = from;
    while (next_breakpoint(r, formed, d, to, 0, &next, NULL)) {
        if (n < max)
            out[n] = next;
        n++;
        d = next;
    }
    return n;
}

owed_date owed_regime_view_until(const owed_regime *r, owed_date formed, owed_date day)
{
    owed_date next = INT32_MAX;
    if (!next_breakpoint(r, formed, day, INT32_MAX, 1, &next, NULL))
        return INT32_MAX;
    return next;
}

owed_date owed_regime_view_until_kept(const owed_regime *r, owed_date formed, owed_date day,
                                      owed_view_spans *kept)
{
    for (size_t k = 0; k < OWED_VIEW_SPANS; k++) {
        const owed_view_span *sp = &kept->span[k];
        if (sp->serial != 0 && sp->serial == r->serial && formed >= sp->formed_from &&
            formed < sp->formed_before && day >= sp->from && day < sp->until)
            return sp->until;
    }
    owed_date next = INT32_MAX, last = INT32_MIN;
    if (!next_breakpoint(r, formed, day, INT32_MAX, 1, &next, &last))
        next = INT32_MAX;
    if (r->serial == 0)
        return next;
    /* the formation dates on which the same periods cover a loan: those give the same
       breakpoints, so on the days from `last` (the latest at most `day`) to `next` the same
       answer */
    owed_date formed_from = INT32_MIN, formed_before = INT32_MAX;
    for (size_t i = 0; i < r->n_periods; i++) {
        const owed_cap_period *p = &r->periods[i];
        if (p->has_formed_from) {
            if (p->formed_from <= formed && p->formed_from > formed_from)
                formed_from = p->formed_from;
            if (p->formed_from > formed && p->formed_from < formed_before)
                formed_before = p->formed_from;
        }
        if (p->has_formed_before) {
            if (p->formed_before <= formed && p->formed_before > formed_from)
                formed_from = p->formed_before;
            if (p->formed_before > formed && p->formed_before < formed_before)
                formed_before = p->formed_before;
        }
    }
    owed_view_span *sp = &kept->span[kept->next];
    kept->next = (kept->next + 1) % OWED_VIEW_SPANS;
    *sp = (owed_view_span){.serial = r->serial, .formed_from = formed_from,
                           .formed_before = formed_before, .from = last, .until = next};
    return next;
}
