/* Limits from the environment: see owed_limits.h. */
#include <config.h>

#include "owed_limits.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"

typedef struct limit_def {
    const char *name;
    long dflt;    /* 0: the caller gives the default */
    long ceiling;
} limit_def;

static const limit_def defs[OWED_LIMIT_COUNT] = {
    {"OWED_MAX_INPUT_BYTES", 0, OWED_LIMIT_INPUT_BYTES_CEILING},
    {"OWED_MAX_DIGITS", OWED_LIMIT_DIGITS_DEFAULT, OWED_LIMIT_DIGITS_CEILING},
    {"OWED_MAX_DAYS", OWED_LIMIT_DAYS_DEFAULT, OWED_LIMIT_DAYS_CEILING},
    {"OWED_MAX_LOANS", OWED_LIMIT_LOANS_DEFAULT, OWED_LIMIT_LOANS_CEILING},
    {"OWED_MAX_EVENTS", OWED_LIMIT_EVENTS_DEFAULT, OWED_LIMIT_EVENTS_CEILING},
    {"OWED_MAX_LOAN_DAYS", OWED_LIMIT_LOAN_DAYS_DEFAULT, OWED_LIMIT_LOAN_DAYS_CEILING},
    {"OWED_MAX_ROOT_WORK", OWED_LIMIT_ROOT_WORK_DEFAULT, OWED_LIMIT_ROOT_WORK_CEILING},
    {"OWED_MAX_FLOWS", OWED_LIMIT_FLOWS_DEFAULT, OWED_LIMIT_FLOWS_CEILING},
    {"OWED_MAX_EXACT_DIGITS", OWED_LIMIT_EXACT_DIGITS_DEFAULT, OWED_LIMIT_EXACT_DIGITS_CEILING},
    {"OWED_MAX_DISBURSEMENTS", OWED_LIMIT_DISBURSEMENTS_DEFAULT,
     OWED_LIMIT_DISBURSEMENTS_CEILING},
    {"OWED_MAX_ATTRIBUTES", OWED_LIMIT_ATTRIBUTES_DEFAULT, OWED_LIMIT_ATTRIBUTES_CEILING},
    {"OWED_MAX_XML_NODES", OWED_LIMIT_XML_NODES_DEFAULT, OWED_LIMIT_XML_NODES_CEILING},
};

static struct {
    int loaded;
    long value[OWED_LIMIT_COUNT]; /* 0 when not set (or not valid) */
    int bad;                      /* index + 1 of the first variable not valid, 0 when none */
    char bad_text[64];
} state;

/* The calling thread's scope (owed_limits_scope_enter); NULL: the process's limits. */
static _Thread_local const owed_limit_values *scope;

const owed_limit_values *owed_limits_scope_enter(const owed_limit_values *v)
{
    const owed_limit_values *previous = scope;
    scope = v;
    return previous;
}

void owed_limits_scope_leave(const owed_limit_values *previous)
{
    scope = previous;
}

static long scoped(owed_limit which)
{
    return scope != NULL ? scope->value[which] : 0;
}

owed_status owed_limit_value_check(owed_limit which, long value, owed_error *err)
{
    if (which < 0 || which >= OWED_LIMIT_COUNT)
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("invalid argument: %s"), "which");
    if (value < 0 || value > defs[which].ceiling) {
        char text[32];
        snprintf(text, sizeof text, "%ld", value);
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("%s='%s' is not a whole number from 1 to %ld"),
                              defs[which].name, text, defs[which].ceiling);
    }
    return OWED_OK;
}

/* A whole number 1..ceiling written in decimal digits only; 0 when it is not one. */
static long parse_value(const char *text, long ceiling)
{
    size_t len = strlen(text);
    if (len == 0 || strspn(text, "0123456789") != len)
        return 0;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        int d = text[i] - '0';
        if (v > (ceiling - d) / 10)
            return 0; /* beyond the ceiling, and no overflow on the way */
        v = v * 10 + d;
    }
    return v >= 1 ? v : 0;
}

static void load(void)
{
    if (state.loaded)
        return;
    memset(&state, 0, sizeof state);
    state.loaded = 1;
    for (int i = 0; i < OWED_LIMIT_COUNT; i++) {
        const char *env = getenv(defs[i].name);
        if (env == NULL || *env == '\0')
            continue;
        state.value[i] = parse_value(env, defs[i].ceiling);
        if (state.value[i] == 0 && state.bad == 0) {
            state.bad = i + 1;
            size_t n = strlen(env);
            if (n >= sizeof state.bad_text)
                n = sizeof state.bad_text - 1;
            memcpy(state.bad_text, env, n);
            state.bad_text[n] = '\0';
        }
    }
}

void owed_limits_reload(void)
{
    state.loaded = 0;
    load();
}

const char *owed_limit_name(owed_limit which)
{
    return which >= 0 && which < OWED_LIMIT_COUNT ? defs[which].name : "?";
}

long owed_limit_get(owed_limit which, long dflt)
{
    load();
    if (which < 0 || which >= OWED_LIMIT_COUNT)
        return dflt;
    if (scoped(which) > 0)
        return scoped(which);
    if (state.value[which] > 0)
        return state.value[which];
    return defs[which].dflt > 0 ? defs[which].dflt : dflt;
}

int owed_limit_is_set(owed_limit which)
{
    load();
    return which >= 0 && which < OWED_LIMIT_COUNT && (scoped(which) > 0 || state.value[which] > 0);
}

owed_status owed_limits_check(owed_error *err)
{
    load();
    if (state.bad == 0)
        return OWED_OK;
    const limit_def *d = &defs[state.bad - 1];
    for (const char *p = state.bad_text; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            state.bad_text[p - state.bad_text] = '\0'; /* keep the message on one line */
            break;
        }
    return owed_error_set(err, OWED_E_ARG, NULL, 0,
                          _("%s='%s' is not a whole number from 1 to %ld"), d->name,
                          state.bad_text, d->ceiling);
}

/* The earliest disbursement of the case, or NULL when it has none. */
static const owed_disbursement *first_disbursement(const owed_case *c)
{
    const owed_disbursement *first = NULL;
    for (size_t i = 0; i < c->n_loans; i++)
        for (size_t k = 0; k < c->loans[i].n_disbursements; k++)
            if (first == NULL || c->loans[i].disbursements[k].date < first->date)
                first = &c->loans[i].disbursements[k];
    return first;
}

owed_status owed_limit_check_span(const owed_case *c, owed_date until, owed_error *err)
{
    owed_status st = owed_limits_check(err);
    if (st != OWED_OK)
        return st;
    const owed_disbursement *first = first_disbursement(c);
    long max_days = owed_limit_get(OWED_LIMIT_DAYS, OWED_LIMIT_DAYS_DEFAULT);
    long days = first != NULL ? (long)until - (long)first->date : 0;
    /* the walk starts earlier when an event (a charge, an extension) comes first */
    const owed_event *early = c->n_events > 0 && (first == NULL || c->events[0].date < first->date)
                                  ? &c->events[0]
                                  : NULL;
    if (early != NULL)
        days = (long)until - (long)early->date;
    if (days <= max_days)
        return OWED_OK;
    char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    owed_date_format(early ? early->date : first->date, a);
    owed_date_format(until, b);
    if (early != NULL)
        return owed_error_set(err, OWED_E_LIMIT, c->file, early->line,
                              _("from the first event on %s to %s is %ld days, which exceeds "
                                "the limit of %ld (%s)"),
                              a, b, days, max_days, owed_limit_name(OWED_LIMIT_DAYS));
    return owed_error_set(err, OWED_E_LIMIT, c->file, first->line,
                          _("from the first disbursement on %s to %s is %ld days, which "
                            "exceeds the limit of %ld (%s)"),
                          a, b, days, max_days, owed_limit_name(OWED_LIMIT_DAYS));
}

static unsigned long long add_sat(unsigned long long a, unsigned long long b)
{
    return a > ULLONG_MAX - b ? ULLONG_MAX : a + b;
}

static unsigned long long mul_sat(unsigned long long a, unsigned long long b)
{
    return b != 0 && a > ULLONG_MAX / b ? ULLONG_MAX : a * b;
}

/* The work of one replay to `until` (see owed_report_work). */
static unsigned long long replay_work(const owed_case *c, owed_date until)
{
    unsigned long long w = 0;
    for (size_t i = 0; i < c->n_loans; i++) {
        const owed_loan *L = &c->loans[i];
        if (L->n_disbursements == 0)
            continue;
        owed_date first = L->disbursements[0].date;
        for (size_t k = 1; k < L->n_disbursements; k++)
            if (L->disbursements[k].date < first)
                first = L->disbursements[k].date;
        if (until < first)
            continue;
        unsigned long long days = (unsigned long long)((long)until - (long)first + 1);
        w = add_sat(w, mul_sat(days, 1ULL + L->n_fees + L->n_late_fees));
    }
    size_t events = 0;
    while (events < c->n_events && c->events[events].date <= until)
        events++; /* the events are sorted by date */
    return add_sat(w, mul_sat(events, c->n_loans));
}

unsigned long long owed_report_work(const owed_case *c, owed_date as_of)
{
    unsigned long long w = replay_work(c, as_of);
    for (size_t i = 0; i < c->n_claims; i++)
        if (c->claims[i].date <= as_of)
            w = add_sat(w, replay_work(c, c->claims[i].date));
    return w;
}

owed_status owed_limit_check_work(const owed_case *c, owed_date as_of, owed_error *err)
{
    owed_status st = owed_limit_check_span(c, as_of, err);
    if (st != OWED_OK)
        return st;
    unsigned long long w = owed_report_work(c, as_of);
    long max = owed_limit_get(OWED_LIMIT_LOAN_DAYS, OWED_LIMIT_LOAN_DAYS_DEFAULT);
    if (w <= (unsigned long long)max)
        return OWED_OK;
    return owed_error_set(err, OWED_E_LIMIT, c->file, 0,
                          _("replaying the case takes %llu loan-days (each loan's days, once "
                            "more for each of its fees, for the statement and for each "
                            "claim), which exceeds the limit of %ld (%s)"),
                          w, max, owed_limit_name(OWED_LIMIT_LOAN_DAYS));
}
