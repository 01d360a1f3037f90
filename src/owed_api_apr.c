/* The public interface's annual rates (owed.h, "annual rates"): flows, options set by name
 * and value as `owed apr` takes them, and the result with its accessors, on top of the
 * engine of apr.h.  Every entry point given a context works inside the scope of its limits
 * and leaves its errors there; results are written by owed_api_apr_write.c.
 *
 * Memory (mem.h): a handle records the allocator of the scope it is made in, and whatever
 * it holds is allocated, grown and freed in a scope of that allocator, also when a later
 * call gives another context (whose limits then apply); strings given to the caller are
 * given blocks (owed_free). */
#include <config.h>

#include "owed.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "apr.h"
#include "date.h"
#include "error.h"
#include "i18n.h"
#include "input_ids.h"
#include "mem.h"
#include "number.h"
#include "owed_api_apr.h"
#include "owed_api_ctx.h"
#include "owed_api_scope.h"
#include "owed_limits.h"

/* The scope of a call given ctx about a handle made with allocator `mem`: ctx's limits, and
 * mem (NULL: ctx's own) for what is allocated. */
typedef struct call_scope {
    owed_api_scope api;
    const owed_allocator *mem;
} call_scope;

static call_scope scope_enter(const owed_ctx *ctx, const owed_allocator *mem)
{
    call_scope s;
    s.api = owed_api_scope_enter(ctx);
    s.mem = mem ? owed_mem_scope_enter(mem) : NULL;
    return s;
}

static void scope_leave(call_scope s, const owed_allocator *mem)
{
    if (mem)
        owed_mem_scope_leave(s.mem);
    owed_api_scope_leave(s.api);
}

/* A given copy (owed_free) of s, which is freed; NULL when s is NULL or memory runs out.
 * In the scope s was made in. */
static char *give(char *s)
{
    if (s == NULL)
        return NULL;
    char *g = owed_mem_give_string(s);
    owed_mem_free(s);
    return g;
}

char *owed_annual_percent_exact(const mpq_t x)
{
    mpq_t p;
    mpq_init(p);
    mpq_set(p, x);
    mpz_mul_ui(mpq_numref(p), mpq_numref(p), 100);
    mpq_canonicalize(p);
    char *s = owed_exact_format(p);
    mpq_clear(p);
    return s;
}

/* ------------------------------------------------------------------ flows */

owed_status owed_flows_new(owed_ctx *ctx, owed_flows **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "out");
    call_scope scope = scope_enter(ctx, NULL);
    owed_flows *f = owed_mem_calloc(1, sizeof *f);
    if (f != NULL)
        owed_mem_record(&f->mem);
    if (f != NULL && (f->flows = owed_apr_flows_new()) == NULL) {
        owed_mem_free(f);
        f = NULL;
    }
    scope_leave(scope, NULL);
    if (f == NULL)
        return owed_ctx_no_memory(ctx);
    *out = f;
    return OWED_OK;
}

void owed_flows_free(owed_flows *flows)
{
    if (flows == NULL)
        return;
    owed_allocator mem = flows->mem; /* a copy: the handle is freed before the scope ends */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    owed_apr_flows_free(flows->flows);
    owed_mem_free(flows->loan);
    owed_mem_free(flows);
    owed_mem_scope_leave(previous);
}

size_t owed_flows_count(const owed_flows *flows)
{
    return flows ? owed_apr_flows_count(flows->flows) : 0;
}

owed_status owed_flows_add_text(owed_ctx *ctx, owed_flows *flows, const char *text)
{
    if (ctx == NULL || flows == NULL || text == NULL)
        return owed_ctx_bad_arg(ctx, "text");
    owed_error err;
    owed_error_clear(&err);
    call_scope scope = scope_enter(ctx, &flows->mem);
    owed_status st = owed_apr_flows_parse(flows->flows, text, ':', NULL, 0, &err);
    scope_leave(scope, &flows->mem);
    return owed_ctx_keep_error(ctx, st, &err);
}

/* Appends `amount` (named `what` in errors; negated when `paid`) on day d. */
static owed_status add_amount(owed_apr_flows *flows, owed_date d, const char *amount,
                              const char *what, int paid, owed_error *err)
{
    mpq_t a;
    mpq_init(a);
    owed_status st = owed_decimal_parse(a, amount, -1, what, NULL, 0, err);
    if (st == OWED_OK) {
        if (paid)
            mpq_neg(a, a);
        st = owed_apr_flows_add(flows, d, a, err);
    }
    mpq_clear(a);
    return st;
}

owed_status owed_flows_add(owed_ctx *ctx, owed_flows *flows, const char *date,
                           const char *amount)
{
    if (ctx == NULL || flows == NULL || date == NULL || amount == NULL)
        return owed_ctx_bad_arg(ctx, "flow");
    owed_error err;
    owed_error_clear(&err);
    owed_date d;
    call_scope scope = scope_enter(ctx, &flows->mem);
    owed_status st = owed_date_parse(&d, date, NULL, 0, &err);
    if (st == OWED_OK)
        st = add_amount(flows->flows, d, amount, _("amount"), 0, &err);
    scope_leave(scope, &flows->mem);
    return owed_ctx_keep_error(ctx, st, &err);
}

/* The quick form's flows and description (see owed_flows_add_loan), in the limits scope. */
static owed_status add_loan(owed_flows *flows, const char *start, long days,
                            const char *borrowed, const char *received, const char *repaid,
                            owed_error *err)
{
    owed_date d0;
    owed_status st = owed_date_parse(&d0, start ? start : OWED_FLOWS_LOAN_START, NULL, 0, err);
    if (st != OWED_OK)
        return st;
    if ((long)d0 + days > (long)owed_date_from_ymd(9999, 12, 31))
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a flow is dated outside the calendar (0001-01-01 to "
                                "9999-12-31)"));
    /* checked in the order `owed apr` always checked them, all before a flow is added */
    mpq_t got, paid;
    mpq_inits(got, paid, NULL);
    st = owed_decimal_parse(got, received ? received : borrowed, -1, _("amount received"), NULL,
                            0, err);
    if (st == OWED_OK && borrowed)
        st = owed_decimal_parse(paid, borrowed, -1, _("amount borrowed"), NULL, 0, err);
    if (st == OWED_OK)
        st = owed_decimal_parse(paid, repaid, -1, _("amount repaid"), NULL, 0, err);
    if (st == OWED_OK)
        st = owed_apr_flows_add(flows->flows, d0, got, err);
    if (st == OWED_OK) {
        mpq_neg(paid, paid);
        st = owed_apr_flows_add(flows->flows, d0 + (owed_date)days, paid, err);
    }
    mpq_clears(got, paid, NULL);
    if (st != OWED_OK)
        return st;
    char loan[256]; /* as `owed apr` always cut it */
    snprintf(loan, sizeof loan, _("loan: borrowed %s, received %s, repaid %s after %u days"),
             borrowed ? borrowed : received, received ? received : borrowed, repaid,
             (unsigned)days);
    char *copy = owed_mem_strdup(loan);
    if (copy == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    owed_mem_free(flows->loan);
    flows->loan = copy;
    flows->day_numbers = start == NULL;
    return OWED_OK;
}

owed_status owed_flows_add_loan(owed_ctx *ctx, owed_flows *flows, const char *start, long days,
                                const char *borrowed, const char *received, const char *repaid)
{
    if (ctx == NULL || flows == NULL || repaid == NULL || (borrowed == NULL && received == NULL))
        return owed_ctx_bad_arg(ctx, "loan");
    if (days < 1 || days > OWED_FLOWS_LOAN_MAX_DAYS)
        return owed_ctx_bad_arg(ctx, "days");
    owed_error err;
    owed_error_clear(&err);
    call_scope scope = scope_enter(ctx, &flows->mem);
    owed_status st = add_loan(flows, start, days, borrowed, received, repaid, &err);
    scope_leave(scope, &flows->mem);
    return owed_ctx_keep_error(ctx, st, &err);
}

/* The "date,amount" lines of fp, named `name`, appended. */
static owed_status read_lines(owed_ctx *ctx, owed_flows *flows, const char *name, FILE *fp)
{
    owed_error err;
    owed_error_clear(&err);
    call_scope scope = scope_enter(ctx, &flows->mem);
    owed_status st = owed_apr_flows_read(flows->flows, fp, name, &err);
    scope_leave(scope, &flows->mem);
    return owed_ctx_keep_error(ctx, st, &err);
}

owed_status owed_flows_read_stream(owed_ctx *ctx, owed_flows *flows, const char *name,
                                   FILE *fp)
{
    if (ctx == NULL || flows == NULL || fp == NULL)
        return owed_ctx_bad_arg(ctx, "fp");
    if (name == NULL)
        name = "(stream)";
    owed_input_ids_note(fileno(fp), name); /* an output must not replace it (input_ids.h) */
    return read_lines(ctx, flows, name, fp);
}

owed_status owed_flows_read_file(owed_ctx *ctx, owed_flows *flows, const char *path)
{
    if (ctx == NULL || flows == NULL || path == NULL)
        return owed_ctx_bad_arg(ctx, "path");
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        owed_error err;
        owed_error_clear(&err);
        int e = errno;
        owed_words words = owed_words_enter(owed_ctx_words(ctx));
        owed_error_set(&err, OWED_E_IO, path, 0, _("cannot open: %s"), strerror(e));
        owed_words_leave(words);
        return owed_ctx_keep_error(ctx, OWED_E_IO, &err);
    }
    owed_status st = owed_flows_read_stream(ctx, flows, path, fp);
    fclose(fp);
    return st;
}

owed_status owed_flows_read_memory(owed_ctx *ctx, owed_flows *flows, const char *name,
                                   const void *buf, size_t len)
{
    if (ctx == NULL || flows == NULL || (buf == NULL && len > 0))
        return owed_ctx_bad_arg(ctx, "buf");
    if (len == 0)
        return OWED_OK; /* no line, no flow (and fmemopen may refuse a size of 0) */
    /* read-only: fmemopen does not write to a buffer opened "r" */
    FILE *fp = fmemopen((void *)(uintptr_t)buf, len, "r");
    if (fp == NULL)
        return owed_ctx_no_memory(ctx);
    owed_status st = read_lines(ctx, flows, name ? name : "(memory)", fp);
    fclose(fp);
    return st;
}

/* ------------------------------------------------------------------ options */

owed_status owed_annual_options_new(owed_ctx *ctx, owed_annual_options **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "out");
    call_scope scope = scope_enter(ctx, NULL);
    owed_annual_options *o = owed_mem_calloc(1, sizeof *o);
    if (o != NULL)
        owed_mem_record(&o->mem);
    scope_leave(scope, NULL);
    if (o == NULL)
        return owed_ctx_no_memory(ctx);
    owed_apr_options_init(&o->opt, OWED_APR_XIRR);
    o->irregular = -1;
    mpq_inits(o->range[0], o->range[1], o->cap, o->disclosed, NULL);
    *out = o;
    return OWED_OK;
}

void owed_annual_options_free(owed_annual_options *opts)
{
    if (opts == NULL)
        return;
    mpq_clears(opts->range[0], opts->range[1], opts->cap, opts->disclosed, NULL);
    owed_allocator mem = opts->mem;
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    owed_mem_free(opts);
    owed_mem_scope_leave(previous);
}

/* A rate written in percent ("36", "36%", "-99.99") as a fraction; `what` names it. */
static owed_status parse_percent(mpq_t out, const char *text, const char *what, owed_error *err)
{
    char buf[2 * OWED_MAX_NUMBER_DIGITS + 8];
    size_t n = strlen(text);
    if (n > 0 && text[n - 1] == '%')
        n--;
    if (n >= sizeof buf)
        return owed_error_set(err, OWED_E_SYNTAX, NULL, 0, _("%s '%s' is too long"), what, text);
    memcpy(buf, text, n);
    buf[n] = '\0';
    owed_status st = owed_decimal_parse(out, buf, -1, what, NULL, 0, err);
    if (st != OWED_OK)
        return st;
    mpz_mul_ui(mpq_denref(out), mpq_denref(out), 100);
    mpq_canonicalize(out);
    return OWED_OK;
}

/* A whole number from min (0 or 1) to OWED_ANNUAL_MAX_DIGITS, named `what`. */
static owed_status parse_digits(unsigned *out, const char *text, unsigned min, const char *what,
                                owed_error *err)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || end == text || *end != '\0' || text[0] == '-' || v > OWED_ANNUAL_MAX_DIGITS ||
        v < min) {
        if (min == 0)
            return owed_error_set(err, OWED_E_ARG, NULL, 0, _("invalid %s '%s' (0 to %u)"), what,
                                  text, (unsigned)OWED_ANNUAL_MAX_DIGITS);
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("invalid %s '%s' (1 to %u)"), what,
                              text, (unsigned)OWED_ANNUAL_MAX_DIGITS);
    }
    *out = (unsigned)v;
    return OWED_OK;
}

/* "LO:HI" in percent into lo and hi. */
static owed_status parse_range(mpq_t lo, mpq_t hi, const char *value, owed_error *err)
{
    const char *colon = strchr(value, ':');
    if (colon == NULL)
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("the range is LO:HI in percent"));
    char *left = owed_mem_strndup(value, (size_t)(colon - value));
    if (left == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    owed_status st = parse_percent(lo, left, _("range"), err);
    owed_mem_free(left);
    return st == OWED_OK ? parse_percent(hi, colon + 1, _("range"), err) : st;
}

/* Sets option `name` of o; on failure the option is as it was. */
static owed_status set_option(owed_annual_options *o, const char *name, const char *value,
                              owed_error *err)
{
    owed_apr_options *opt = &o->opt;
    unsigned u;
    owed_status st;
    if (strcmp(name, "method") == 0) {
        if (owed_apr_method_parse(value, &opt->method) != 0)
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("unknown method '%s' (xirr, eu, uk, regz, simple, pboc, "
                                    "pboc-compound)"),
                                  value);
    } else if (strcmp(name, "digits") == 0) {
        if ((st = parse_digits(&u, value, 0, _("digits"), err)) != OWED_OK)
            return st;
        opt->decimals = (int)u;
    } else if (strcmp(name, "significant") == 0) {
        if ((st = parse_digits(&u, value, 1, _("significant digits"), err)) != OWED_OK)
            return st;
        opt->significant = u;
    } else if (strcmp(name, "period") == 0) {
        owed_apr_period period;
        if (owed_apr_period_parse(value, &period, &u) != 0)
            return owed_error_set(err, OWED_E_ARG, NULL, 0, _("unknown period '%s'"), value);
        opt->period = period;
        opt->period_count = u;
    } else if (strcmp(name, "leap") == 0) {
        if (owed_apr_leap_parse(value, &opt->leap) != 0)
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("unknown leap rule '%s' (year-back, 365)"), value);
    } else if (strcmp(name, "single") == 0) {
        if (owed_apr_single_parse(value, &opt->single) != 0)
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("unknown single-payment rule '%s' (months, days)"), value);
        o->single_set = 1;
    } else if (strcmp(name, "basis") == 0) {
        if (strcmp(value, "365") == 0)
            opt->basis = OWED_BASIS_365;
        else if (strcmp(value, "360") == 0)
            opt->basis = OWED_BASIS_360;
        else
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("unknown day basis '%s' (365, 360)"), value);
    } else if (strcmp(name, "irregular") == 0) {
        if (strcmp(value, "auto") == 0)
            o->irregular = -1;
        else if (strcmp(value, "yes") == 0)
            o->irregular = 1;
        else if (strcmp(value, "no") == 0)
            o->irregular = 0;
        else
            return owed_error_set(err, OWED_E_ARG, NULL, 0,
                                  _("invalid argument: %s"), "irregular");
    } else {
        /* the rates: parsed aside, so that a bad one leaves the option as it was */
        mpq_t a, b;
        mpq_inits(a, b, NULL);
        if (strcmp(name, "range") == 0) {
            if ((st = parse_range(a, b, value, err)) == OWED_OK) {
                mpq_set(o->range[0], a);
                mpq_set(o->range[1], b);
                opt->range_lo = o->range[0];
                opt->range_hi = o->range[1];
                o->have_range = 1;
            }
        } else if (strcmp(name, "cap") == 0) {
            if ((st = parse_percent(a, value, _("cap"), err)) == OWED_OK) {
                mpq_set(o->cap, a);
                o->have_cap = 1;
            }
        } else if (strcmp(name, "disclosed") == 0) {
            if ((st = parse_percent(a, value, _("disclosed rate"), err)) == OWED_OK) {
                mpq_set(o->disclosed, a);
                o->have_disclosed = 1;
            }
        } else {
            st = owed_error_set(err, OWED_E_ARG, NULL, 0, _("invalid argument: %s"), name);
        }
        mpq_clears(a, b, NULL);
        return st;
    }
    return OWED_OK;
}

owed_status owed_annual_options_set(owed_ctx *ctx, owed_annual_options *opts, const char *name,
                                    const char *value)
{
    if (ctx == NULL || opts == NULL || name == NULL || value == NULL)
        return owed_ctx_bad_arg(ctx, "option");
    owed_error err;
    owed_error_clear(&err);
    call_scope scope = scope_enter(ctx, &opts->mem);
    owed_status st = set_option(opts, name, value, &err);
    scope_leave(scope, &opts->mem);
    return owed_ctx_keep_error(ctx, st, &err);
}

/* ------------------------------------------------------------------ computing */

/* In the scope of the allocator it is to record. */
static owed_annual *annual_new(void)
{
    owed_annual *a = owed_mem_calloc(1, sizeof *a);
    if (a != NULL) {
        owed_mem_record(&a->mem);
        a->words = owed_words_current();
        mpq_inits(a->cap, a->disclosed, a->below, a->above, NULL);
    }
    return a;
}

void owed_annual_free(owed_annual *a)
{
    if (a == NULL)
        return;
    owed_allocator mem = a->mem;
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    owed_apr_result_free(a->res);
    owed_annual_free(a->other);
    owed_mem_free(a->loan);
    mpq_clears(a->cap, a->disclosed, a->below, a->above, NULL);
    owed_mem_free(a);
    owed_mem_scope_leave(previous);
}

/* The rate, the other pboc form, the cap and the tolerance, into a; in the limits scope. */
static owed_status compute(owed_annual *a, const owed_flows *flows,
                           const owed_annual_options *opts, owed_error *err)
{
    owed_apr_options opt = opts->opt;
    if (flows->loan != NULL && !opts->single_set)
        opt.single = OWED_APR_SINGLE_DAYS; /* a term given in days */
    owed_status st = owed_apr_compute(&a->res, flows->flows, &opt, err);
    if (st != OWED_OK)
        return st;
    if (opt.method == OWED_APR_PBOC || opt.method == OWED_APR_PBOC_COMPOUND) {
        owed_apr_options o2 = opt;
        o2.method = opt.method == OWED_APR_PBOC ? OWED_APR_PBOC_COMPOUND : OWED_APR_PBOC;
        owed_error ignored;
        a->other = annual_new();
        if (a->other == NULL)
            return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
        if (owed_apr_compute(&a->other->res, flows->flows, &o2, &ignored) != OWED_OK) {
            owed_annual_free(a->other); /* the other form is an extra: none is no error */
            a->other = NULL;
        }
    }
    if (owed_apr_result_outcome(a->res) != OWED_APR_ONE_ROOT)
        return OWED_OK;
    if (opts->have_cap) {
        st = owed_apr_compare(&a->cap_cmp, flows->flows, &opt, opts->cap, err);
        if (st != OWED_OK)
            return st;
        mpq_set(a->cap, opts->cap);
        a->have_cap = 1;
    }
    if (opts->have_disclosed) {
        st = owed_apr_tolerance(&a->within, a->below, a->above, &a->tol_rule, flows->flows, &opt,
                                opts->disclosed, opts->irregular, err);
        if (st != OWED_OK)
            return st;
        mpq_set(a->disclosed, opts->disclosed);
        a->have_disclosed = 1;
    }
    return OWED_OK;
}

owed_status owed_annual_compute(owed_ctx *ctx, const owed_flows *flows,
                                const owed_annual_options *opts, owed_annual **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || flows == NULL || opts == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "flows");
    owed_error err;
    owed_error_clear(&err);
    call_scope scope = scope_enter(ctx, NULL);
    owed_annual *a = annual_new();
    owed_status st = OWED_OK;
    if (a == NULL || (flows->loan != NULL && (a->loan = owed_mem_strdup(flows->loan)) == NULL))
        st = owed_error_set(&err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (st == OWED_OK) {
        a->day_numbers = flows->day_numbers;
        st = compute(a, flows, opts, &err);
    }
    scope_leave(scope, NULL);
    if (st != OWED_OK) {
        owed_annual_free(a);
        return owed_ctx_keep_error(ctx, st, &err);
    }
    *out = a;
    return OWED_OK;
}

/* ------------------------------------------------------------------ results */

owed_annual_outcome owed_annual_outcome_of(const owed_annual *a)
{
    if (a == NULL)
        return OWED_ANNUAL_UNRESOLVED;
    switch (owed_apr_result_outcome(a->res)) {
    case OWED_APR_ONE_ROOT: return OWED_ANNUAL_ONE_ROOT;
    case OWED_APR_NO_ROOT: return OWED_ANNUAL_NO_ROOT;
    case OWED_APR_SEVERAL_ROOTS: return OWED_ANNUAL_SEVERAL_ROOTS;
    default: return OWED_ANNUAL_UNRESOLVED;
    }
}

const char *owed_annual_method(const owed_annual *a)
{
    return a ? owed_apr_method_name(owed_apr_result_method(a->res)) : NULL;
}

const char *owed_annual_rule(const owed_annual *a)
{
    if (a == NULL)
        return NULL;
    owed_words words = owed_words_enter(a->words);
    const char *rule = _(owed_apr_method_rule(owed_apr_result_method(a->res)));
    owed_words_leave(words);
    return rule;
}

size_t owed_annual_root_count(const owed_annual *a)
{
    return a ? owed_apr_result_root_count(a->res) : 0;
}

char *owed_annual_percent(const owed_annual *a, size_t i)
{
    if (a == NULL || i >= owed_apr_result_root_count(a->res))
        return NULL;
    const owed_allocator *previous = owed_mem_scope_enter(&a->mem);
    char *s = give(owed_apr_result_percent(a->res, i));
    owed_mem_scope_leave(previous);
    return s;
}

unsigned owed_annual_decimals(const owed_annual *a)
{
    return a ? owed_apr_result_decimals(a->res) : 0;
}

/* *lo and *hi = the percent texts of x and y, given blocks made with allocator mem; 0, or
 * -1 (both NULL) when memory runs out. */
static int two_percents(const owed_allocator *mem, const mpq_t x, const mpq_t y, char **lo,
                        char **hi)
{
    const owed_allocator *previous = owed_mem_scope_enter(mem);
    *lo = give(owed_annual_percent_exact(x));
    *hi = give(owed_annual_percent_exact(y));
    if (*lo == NULL || *hi == NULL) {
        owed_mem_give_free(*lo);
        owed_mem_give_free(*hi);
        *lo = *hi = NULL;
    }
    owed_mem_scope_leave(previous);
    return *lo == NULL ? -1 : 0;
}

int owed_annual_bracket(const owed_annual *a, size_t i, char **lo, char **hi)
{
    if (lo == NULL || hi == NULL)
        return -1;
    *lo = *hi = NULL;
    if (a == NULL || i >= owed_apr_result_root_count(a->res))
        return -1;
    mpq_t x, y;
    mpq_inits(x, y, NULL);
    int exact = owed_apr_result_root(a->res, i, x, y);
    int rc = two_percents(&a->mem, x, y, lo, hi);
    mpq_clears(x, y, NULL);
    return rc == 0 ? exact : -1;
}

unsigned owed_annual_sign_changes(const owed_annual *a)
{
    return a ? owed_apr_result_sign_changes(a->res) : 0;
}

int owed_annual_range(const owed_annual *a, char **lo, char **hi)
{
    if (lo == NULL || hi == NULL)
        return -1;
    *lo = *hi = NULL;
    if (a == NULL)
        return -1;
    mpq_t x, y;
    mpq_inits(x, y, NULL);
    owed_apr_result_range(a->res, x, y);
    int rc = two_percents(&a->mem, x, y, lo, hi);
    mpq_clears(x, y, NULL);
    return rc;
}

const char *owed_annual_time_measure(const owed_annual *a)
{
    if (a == NULL)
        return NULL;
    /* written on first request, and kept by the result: in its allocator */
    const owed_allocator *previous = owed_mem_scope_enter(&a->mem);
    owed_words words = owed_words_enter(a->words);
    const char *s = owed_apr_result_time_measure(a->res);
    owed_words_leave(words);
    owed_mem_scope_leave(previous);
    return s;
}

size_t owed_annual_term_count(const owed_annual *a)
{
    return a ? owed_apr_result_term_count(a->res) : 0;
}

int owed_annual_term(const owed_annual *a, size_t i, char *date, char **amount, char **time,
                     const char **measure)
{
    if (amount)
        *amount = NULL;
    if (time)
        *time = NULL;
    if (measure)
        *measure = "";
    if (date)
        date[0] = '\0';
    if (a == NULL || i >= owed_apr_result_term_count(a->res))
        return -1;
    owed_date d;
    mpq_t x, t;
    mpq_inits(x, t, NULL);
    const owed_allocator *previous = owed_mem_scope_enter(&a->mem);
    owed_words words = owed_words_enter(a->words);
    owed_apr_result_term(a->res, i, &d, x, t, measure);
    if (date)
        owed_date_format(d, date);
    int rc = 0;
    if (amount && (*amount = give(owed_exact_format(x))) == NULL)
        rc = -1;
    if (time && (*time = give(owed_exact_format(t))) == NULL)
        rc = -1;
    owed_words_leave(words);
    owed_mem_scope_leave(previous);
    mpq_clears(x, t, NULL);
    return rc;
}

const owed_annual *owed_annual_other(const owed_annual *a)
{
    return a ? a->other : NULL;
}

int owed_annual_cap(const owed_annual *a, int *cmp)
{
    if (a == NULL || !a->have_cap)
        return 0;
    if (cmp)
        *cmp = a->cap_cmp;
    return 1;
}

int owed_annual_tolerance(const owed_annual *a, int *within)
{
    if (a == NULL || !a->have_disclosed)
        return 0;
    if (within)
        *within = a->within;
    return 1;
}
