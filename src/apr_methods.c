/* The annual-rate API of apr.h: flows, options, computing, comparing with a cap, tolerances,
 * results.  The time measures are in apr_time.c, the arithmetic in apr_fixed.c and the root
 * finding in apr_solve.c. */
#include <config.h>

#include "apr.h"
#include "apr_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "mem.h"
#include "number.h"
#include "owed_limits.h"

/* ---- flows ------------------------------------------------------------------------------ */

/* The amounts' limbs are copied into one arena (numerator then denominator, flow after
 * flow), and amount[i] is a read-only view of them (mpz_roinit_n): no allocation per flow,
 * nothing to clear.  When the arena moves, the views are pointed at it again.
 * The first APR_FLOWS_INLINE flows and APR_LIMBS_INLINE limbs live in the structure itself
 * (a loan's flows mostly fit): date, amount and limbs point there until they outgrow it, and
 * only then at blocks of their own, so that a small set costs one allocation, not four. */
enum { APR_FLOWS_INLINE = 16, APR_LIMBS_INLINE = 32 };

struct owed_apr_flows {
    size_t n, cap;
    owed_date *date;
    mpq_t *amount;
    mp_limb_t *limbs;
    size_t nlimbs, limbcap;
    owed_date date_inline[APR_FLOWS_INLINE];
    mpq_t amount_inline[APR_FLOWS_INLINE];
    mp_limb_t limbs_inline[APR_LIMBS_INLINE];
};

owed_apr_flows *owed_apr_flows_new(void)
{
    /* not cleared whole: the inline arrays are written before they are read */
    owed_apr_flows *flows = owed_mem_alloc(sizeof(owed_apr_flows));
    if (flows == NULL)
        return NULL;
    flows->n = 0;
    flows->cap = APR_FLOWS_INLINE;
    flows->date = flows->date_inline;
    flows->amount = flows->amount_inline;
    flows->limbs = flows->limbs_inline;
    flows->nlimbs = 0;
    flows->limbcap = APR_LIMBS_INLINE;
    return flows;
}

void owed_apr_flows_free(owed_apr_flows *flows)
{
    if (flows == NULL)
        return;
    if (flows->date != flows->date_inline)
        owed_mem_free(flows->date);
    if (flows->amount != flows->amount_inline)
        owed_mem_free(flows->amount);
    if (flows->limbs != flows->limbs_inline)
        owed_mem_free(flows->limbs);
    owed_mem_free(flows);
}

/* A block of n bytes in place of *p (used bytes of it kept): *p is reallocated when it is a
 * block of its own, copied out of the structure when it is the inline array `inl`.  NULL when
 * memory runs out (*p unchanged). */
static void *flows_grow(void *p, const void *inl, size_t used, size_t n)
{
    if (p != inl)
        return owed_mem_realloc(p, n);
    void *q = owed_mem_alloc(n);
    if (q != NULL && used > 0)
        memcpy(q, p, used);
    return q;
}

/* owed_date_from_ymd(1, 1, 1) and owed_date_from_ymd(9999, 12, 31) (days from 1970-01-01),
 * written out: a call each per flow cost more than the rest of the checks; tests/check_apr
 * (flows_calendar_bounds) holds them to owed_date_from_ymd. */
#define APR_FIRST_DATE ((owed_date)-719162)
#define APR_LAST_DATE ((owed_date)2932896)

owed_status owed_apr_flows_add(owed_apr_flows *flows, owed_date date, const mpq_t amount,
                               owed_error *err)
{
    return owed_apr_flows_add_within(flows, date, amount, owed_limit_get(OWED_LIMIT_FLOWS, 0),
                                     err);
}

/* Room for one more flow of `limbs` limbs: the arrays and the arena grown (and the views
 * pointed at the moved arena) as needed. */
static owed_status flows_make_room(owed_apr_flows *flows, size_t limbs, owed_error *err)
{
    if (flows->n == flows->cap) {
        size_t cap = 2 * flows->cap;
        owed_date *d = flows_grow(flows->date, flows->date_inline, flows->n * sizeof *d,
                                  cap * sizeof *d);
        if (d == NULL)
            return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
        flows->date = d;
        mpq_t *a = flows_grow(flows->amount, flows->amount_inline, flows->n * sizeof *a,
                              cap * sizeof *a);
        if (a == NULL)
            return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
        flows->amount = a;
        flows->cap = cap;
    }
    if (flows->limbcap - flows->nlimbs < limbs) {
        size_t limbcap = 2 * flows->limbcap;
        while (limbcap - flows->nlimbs < limbs)
            limbcap *= 2;
        mp_limb_t *l = flows_grow(flows->limbs, flows->limbs_inline,
                                  flows->nlimbs * sizeof *l, limbcap * sizeof *l);
        if (l == NULL)
            return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
        flows->limbs = l;
        flows->limbcap = limbcap;
        size_t off = 0; /* the views of the flows so far, on the moved arena */
        for (size_t i = 0; i < flows->n; i++) {
            mpq_ptr q = flows->amount[i];
            size_t qn = mpz_size(mpq_numref(q)), qd = mpz_size(mpq_denref(q));
            apr_z_view(mpq_numref(q), l + off, mpq_sgn(q) < 0 ? -(mp_size_t)qn : (mp_size_t)qn);
            off += qn;
            apr_z_view(mpq_denref(q), l + off, (mp_size_t)qd);
            off += qd;
        }
    }
    return OWED_OK;
}

static owed_status flows_add_growing(owed_apr_flows *flows, owed_date date, const mpq_t amount,
                                     long max_flows, owed_error *err);

owed_status owed_apr_flows_add_within(owed_apr_flows *flows, owed_date date, const mpq_t amount,
                                      long max_flows, owed_error *err)
{
    /* A date outside the calendar (from arithmetic on a date near its ends) would make the
     * time measures count months or years through years that do not exist. */
    if (date < APR_FIRST_DATE || date > APR_LAST_DATE)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a flow is dated outside the calendar (0001-01-01 to "
                                "9999-12-31)"));
    if (flows->n >= (size_t)max_flows)
        return owed_error_set(err, OWED_E_LIMIT, NULL, 0,
                              _("more flows than the limit of %ld (%s)"), max_flows,
                              owed_limit_name(OWED_LIMIT_FLOWS));
    mpz_srcptr num = mpq_numref(amount), den = mpq_denref(amount);
    int nsize = num->_mp_size, dsize = den->_mp_size; /* GMP's sizes: normalised, den > 0 */
    size_t nn = (size_t)(nsize < 0 ? -nsize : nsize), dn = (size_t)dsize;
    if (flows->n == flows->cap || flows->limbcap - flows->nlimbs < nn + dn)
        return flows_add_growing(flows, date, amount, max_flows, err);
    mp_limb_t *at = flows->limbs + flows->nlimbs;
    /* a limb or two each (cents): copied in a loop, cheaper than memcpy's call, and a limb
     * over a limb (the most common) in two stores, without the loops */
    if (nn == 1 && dn == 1) {
        at[0] = num->_mp_d[0];
        at[1] = den->_mp_d[0];
    } else {
        const mp_limb_t *from = num->_mp_d;
        for (size_t k = 0; k < nn; k++)
            at[k] = from[k];
        from = den->_mp_d;
        for (size_t k = 0; k < dn; k++)
            at[nn + k] = from[k];
    }
    flows->nlimbs += nn + dn;
    /* read-only views of the copies, as apr_z_view writes them: the sizes are the amount's
     * own, already normalised, so none is dropped */
    mpq_ptr q = flows->amount[flows->n];
    q->_mp_num._mp_alloc = 0;
    q->_mp_num._mp_size = nsize;
    q->_mp_num._mp_d = at;
    q->_mp_den._mp_alloc = 0;
    q->_mp_den._mp_size = dsize;
    q->_mp_den._mp_d = at + nn;
    flows->date[flows->n] = date;
    flows->n++;
    return OWED_OK;
}

/* owed_apr_flows_add_within when the flow needs more room: the room made, then the flow
 * added (there is room now).  Apart, so that the usual call, with room, makes no call and
 * keeps no register across one. */
static __attribute__((noinline)) owed_status flows_add_growing(owed_apr_flows *flows,
                                                               owed_date date,
                                                               const mpq_t amount,
                                                               long max_flows, owed_error *err)
{
    int nsize = mpq_numref(amount)->_mp_size;
    size_t limbs = (size_t)(nsize < 0 ? -nsize : nsize) + (size_t)mpq_denref(amount)->_mp_size;
    owed_status st = flows_make_room(flows, limbs, err);
    if (st != OWED_OK)
        return st;
    return owed_apr_flows_add_within(flows, date, amount, max_flows, err);
}

void owed_apr_flows_empty(owed_apr_flows *flows)
{
    flows->n = 0;      /* the views of amount[] are made again as flows are added */
    flows->nlimbs = 0;
}

size_t owed_apr_flows_count(const owed_apr_flows *flows)
{
    return flows->n;
}

void owed_apr_flows_get(const owed_apr_flows *flows, size_t i, owed_date *date, mpq_t amount)
{
    *date = flows->date[i];
    mpq_set(amount, flows->amount[i]);
}

size_t apr_flows_arrays(const owed_apr_flows *flows, const owed_date **dates,
                        const mpq_t **amounts)
{
    *dates = flows->date;
    *amounts = (const mpq_t *)flows->amount;
    return flows->n;
}

/* Copies text[a, b) without surrounding blanks into buf (size n); 0 if it does not fit. */
static int trimmed(char *buf, size_t n, const char *a, const char *b)
{
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    if ((size_t)(b - a) >= n)
        return 0;
    memcpy(buf, a, (size_t)(b - a));
    buf[b - a] = '\0';
    return 1;
}

owed_status owed_apr_flows_parse(owed_apr_flows *flows, const char *text, char sep,
                                 const char *file, long line, owed_error *err)
{
    const char *s = strchr(text, sep);
    char date[32], amount[2 * OWED_MAX_NUMBER_DIGITS + 8];
    if (s == NULL)
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("'%.40s' is not a flow DATE%cAMOUNT"), text, sep);
    if (!trimmed(date, sizeof date, text, s) || !trimmed(amount, sizeof amount, s + 1, s + strlen(s)))
        return owed_error_set(err, OWED_E_SYNTAX, file, line,
                              _("'%.40s' is not a flow DATE%cAMOUNT"), text, sep);
    owed_date d;
    owed_status st = owed_date_parse(&d, date, file, line, err);
    if (st != OWED_OK)
        return st;
    mpq_t a;
    mpq_init(a);
    st = owed_decimal_parse(a, amount, -1, _("amount"), file, line, err);
    if (st == OWED_OK) {
        st = owed_apr_flows_add(flows, d, a, err);
        if (st != OWED_OK && err != NULL && err->file[0] == '\0' && file != NULL) {
            char said[sizeof err->text];
            memcpy(said, err->text, sizeof said);
            owed_error_set(err, st, file, line, "%s", said); /* locate it */
        }
    }
    mpq_clear(a);
    return st;
}

#define APR_MAX_LINE 4096
#define APR_MAX_INPUT_BYTES (16L * 1024 * 1024) /* as a case file */

owed_status owed_apr_flows_read(owed_apr_flows *flows, FILE *fp, const char *name,
                                owed_error *err)
{
    char buf[APR_MAX_LINE + 2];
    long line = 0;
    int seen = 0;
    /* the whole input is bounded like an XML file (a pipe of endless blank lines, or
     * /dev/zero, ends with an error), and so is each line */
    unsigned long long total = 0;
    unsigned long long max_bytes =
        (unsigned long long)owed_limit_get(OWED_LIMIT_INPUT_BYTES, APR_MAX_INPUT_BYTES);
    for (;;) {
        size_t len = 0;
        int c = EOF;
        while (len < sizeof buf - 1 && (c = getc(fp)) != EOF) {
            if (++total > max_bytes)
                return owed_error_set(err, OWED_E_LIMIT, name, 0,
                                      _("the file is larger than the limit of %zu bytes (%s)"),
                                      (size_t)max_bytes,
                                      owed_limit_name(OWED_LIMIT_INPUT_BYTES));
            if (c == '\0') /* fgets would cut the line there: "-11<NUL>00" read as -11 */
                return owed_error_set(err, OWED_E_SYNTAX, name, line + 1,
                                      _("a NUL byte in a line of text"));
            buf[len++] = (char)c;
            if (c == '\n')
                break;
        }
        if (len == 0)
            break;
        buf[len] = '\0';
        line++;
        if (len == sizeof buf - 1 && buf[len - 1] != '\n')
            return owed_error_set(err, OWED_E_LIMIT, name, line,
                                  _("line longer than %d bytes"), APR_MAX_LINE);
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        char *p = buf;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        if (!seen) {
            seen = 1;
            char h[32];
            if (trimmed(h, sizeof h, p, p + strlen(p)) && strcasecmp(h, "date,amount") == 0)
                continue;
        }
        owed_status st = owed_apr_flows_parse(flows, p, ',', name, line, err);
        if (st != OWED_OK)
            return st;
    }
    if (ferror(fp))
        return owed_error_set(err, OWED_E_IO, name, 0, _("read error"));
    return OWED_OK;
}

/* ---- names ------------------------------------------------------------------------------ */

static const char *const method_names[] = {"xirr", "eu", "uk", "regz", "simple", "pboc",
                                           "pboc-compound"};

const char *owed_apr_method_name(owed_apr_method method)
{
    if ((unsigned)method < sizeof method_names / sizeof method_names[0])
        return method_names[method];
    return "?";
}

int owed_apr_method_parse(const char *text, owed_apr_method *out)
{
    for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
        if (strcmp(text, method_names[i]) == 0) {
            *out = (owed_apr_method)i;
            return 0;
        }
    return -1;
}

const char *owed_apr_method_rule(owed_apr_method method)
{
    switch (method) {
    case OWED_APR_XIRR:
        return N_("sum A/(1+r)^((d-d0)/365) = 0 (Excel/LibreOffice XIRR)");
    case OWED_APR_EU:
        return N_("sum A (1+X)^-t = 0, t in years (Directive 2008/48/EC Annex I; SWD(2012)128 4.1.1)");
    case OWED_APR_UK:
        return N_("sum A (1+X)^-t = 0, t in years (CONC App 1.2, as Directive 2008/48/EC Annex I)");
    case OWED_APR_REGZ:
        return N_("sum A/((1+f i)(1+i)^t) = 0, APR = w i (12 CFR 1026 Appendix J actuarial)");
    case OWED_APR_SIMPLE:
        return N_("total cost / principal x 365 / days (single payment)");
    case OWED_APR_PBOC:
        return N_("periodic IRR x periods a year, simple (PBoC announcement 2021 No. 3)");
    case OWED_APR_PBOC_COMPOUND:
        return N_("(1 + periodic IRR)^(periods a year) - 1, IRR (PBoC announcement 2021 No. 3)");
    }
    return "";
}

int owed_apr_period_parse(const char *text, owed_apr_period *period, unsigned *count)
{
    static const struct {
        const char *name;
        owed_apr_period p;
    } names[] = {{"auto", OWED_APR_PERIOD_AUTO},   {"day", OWED_APR_PERIOD_DAY},
                 {"week", OWED_APR_PERIOD_WEEK},   {"semimonth", OWED_APR_PERIOD_SEMIMONTH},
                 {"month", OWED_APR_PERIOD_MONTH}, {"year", OWED_APR_PERIOD_YEAR},
                 {"term", OWED_APR_PERIOD_TERM},   {"quarter", OWED_APR_PERIOD_MONTH}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(text, names[i].name) == 0) {
            *period = names[i].p;
            *count = strcmp(text, "quarter") == 0 ? 3 : 1;
            return 0;
        }
    /* "N-weeks", "N-months", "N-days" */
    char *end;
    unsigned long n = strtoul(text, &end, 10);
    if (end == text || n < 1 || n > 1000 || *end != '-')
        return -1;
    end++;
    if (strcmp(end, "weeks") == 0 || strcmp(end, "week") == 0)
        *period = OWED_APR_PERIOD_WEEK;
    else if (strcmp(end, "months") == 0 || strcmp(end, "month") == 0)
        *period = OWED_APR_PERIOD_MONTH;
    else if (strcmp(end, "days") == 0 || strcmp(end, "day") == 0)
        *period = OWED_APR_PERIOD_DAY;
    else
        return -1;
    *count = (unsigned)n;
    return 0;
}

int owed_apr_leap_parse(const char *text, owed_apr_leap *out)
{
    if (strcmp(text, "year-back") == 0)
        *out = OWED_APR_LEAP_YEAR_BACK;
    else if (strcmp(text, "365") == 0)
        *out = OWED_APR_LEAP_365;
    else
        return -1;
    return 0;
}

int owed_apr_single_parse(const char *text, owed_apr_single *out)
{
    if (strcmp(text, "months") == 0)
        *out = OWED_APR_SINGLE_MONTHS;
    else if (strcmp(text, "days") == 0)
        *out = OWED_APR_SINGLE_DAYS;
    else
        return -1;
    return 0;
}

/* ---- options ---------------------------------------------------------------------------- */

unsigned owed_apr_default_decimals(owed_apr_method method)
{
    switch (method) {
    case OWED_APR_XIRR: return 6;
    case OWED_APR_EU:
    case OWED_APR_UK: return 1;
    default: return 2;
    }
}

void owed_apr_options_init(owed_apr_options *opt, owed_apr_method method)
{
    memset(opt, 0, sizeof *opt);
    opt->method = method;
    opt->decimals = -1;
    opt->period = OWED_APR_PERIOD_AUTO;
    opt->leap = OWED_APR_LEAP_YEAR_BACK;
    opt->single = OWED_APR_SINGLE_MONTHS;
    opt->basis = OWED_BASIS_365;
}

/* ---- results ---------------------------------------------------------------------------- */

struct owed_apr_result {
    owed_apr_method method;
    apr_roots roots;
    apr_built built;
    unsigned changes;
};

static owed_status check_options(const owed_apr_options *opt, unsigned *decimals, owed_error *err)
{
    if ((unsigned)opt->method > OWED_APR_PBOC_COMPOUND)
        return owed_error_set(err, OWED_E_ARG, NULL, 0, _("unknown method"));
    *decimals = opt->decimals < 0 ? owed_apr_default_decimals(opt->method) : (unsigned)opt->decimals;
    if (*decimals > OWED_APR_MAX_DIGITS || opt->significant > OWED_APR_MAX_DIGITS)
        return owed_error_set(err, OWED_E_LIMIT, NULL, 0, _("at most %d digits"),
                              OWED_APR_MAX_DIGITS);
    if ((opt->method == OWED_APR_EU || opt->method == OWED_APR_UK) && *decimals < 1 &&
        opt->significant == 0)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("an EU/UK rate is given to at least one decimal "
                                "(Directive 2008/48/EC Annex I remark (d))"));
    return OWED_OK;
}

static unsigned count_changes(const apr_built *b)
{
    unsigned c = 0;
    int prev = 0;
    for (size_t i = 0; i < b->n; i++) {
        int s = b->raw[i].sign;
        if (s == 0)
            continue;
        if (prev != 0 && s != prev)
            c++;
        prev = s;
    }
    return c;
}

owed_status owed_apr_compute(owed_apr_result **out, const owed_apr_flows *flows,
                             const owed_apr_options *opt, owed_error *err)
{
    unsigned decimals;
    *out = NULL;
    owed_status st = check_options(opt, &decimals, err);
    if (st != OWED_OK)
        return st;
    /* not cleared whole: apr_roots_init and apr_built_init set what they own (the built's
     * inline room for the terms is written before it is read) */
    owed_apr_result *res = owed_mem_alloc(sizeof *res);
    if (res == NULL)
        return owed_error_set(err, OWED_E_NOMEM, NULL, 0, _("out of memory"));
    res->method = opt->method;
    res->changes = 0;
    apr_roots_init(&res->roots);
    res->roots.digits_only = opt->digits_only != 0;
    apr_built_init(&res->built);
    st = apr_time_build(&res->built, flows, opt, err);
    if (st == OWED_OK) {
        res->changes = count_changes(&res->built);
        if (opt->method == OWED_APR_SIMPLE) {
            apr_roots_set_range(&res->roots, opt->range_lo, opt->range_hi, 0);
            res->roots.decimals = decimals;
            if (res->built.exact_simple) {
                res->roots.outcome = OWED_APR_ONE_ROOT;
                res->roots.r = &res->roots.first; /* apr_roots' own room for one root */
                res->roots.n = 1;
                apr_root *r = &res->roots.r[0];
                mpq_inits(r->lo, r->hi, NULL);
                mpq_set(r->lo, res->built.exact_rate);
                mpq_set(r->hi, res->built.exact_rate);
                r->exact = 1;
                r->decimals = decimals;
                r->has_figure = 0;
                r->lazy = 0;
            } else {
                res->roots.outcome = OWED_APR_NO_ROOT;
            }
        } else if (opt->significant == 0 && opt->range_lo == NULL && opt->range_hi == NULL &&
                   apr_solve_words_first(&res->roots, &res->built, decimals) == 0) {
            /* the usual loan's figure, settled from its terms without the equation */
        } else {
            apr_eq eq; /* lazy: the words path settles most figures without the rest */
            st = apr_eq_build_lazy(&eq, &res->built, err);
            if (st == OWED_OK)
                st = apr_solve(&res->roots, &eq, decimals, opt->significant, opt->range_lo,
                               opt->range_hi, err);
            apr_eq_clear(&eq);
        }
    }
    if (st != OWED_OK) {
        owed_apr_result_free(res);
        return st;
    }
    *out = res;
    return OWED_OK;
}

void owed_apr_result_free(owed_apr_result *res)
{
    if (res == NULL)
        return;
    apr_roots_release(&res->roots); /* res is freed: nothing is cleared for a next use */
    apr_built_release(&res->built);
    owed_mem_free(res);
}

owed_apr_outcome owed_apr_result_outcome(const owed_apr_result *res)
{
    return res->roots.outcome;
}

owed_apr_method owed_apr_result_method(const owed_apr_result *res)
{
    return res->method;
}

size_t owed_apr_result_root_count(const owed_apr_result *res)
{
    return res->roots.n;
}

int owed_apr_result_root(const owed_apr_result *res, size_t i, mpq_t lo, mpq_t hi)
{
    apr_root_bracket(lo, hi, &res->roots.r[i]);
    return res->roots.r[i].exact;
}

/* f / 10^decimals per cent, as owed_decimal_format writes it: the value is exact at that
 * many decimals, so its text is the digits of |f| with the point put in (owed_decimal_text),
 * with no number made and nothing rounded. */
static char *figure_text(long long f, unsigned decimals)
{
    char digits[24]; /* 2^63 has 19 digits */
    char *end = digits + sizeof digits;
    unsigned long long m = f < 0 ? 0ULL - (unsigned long long)f : (unsigned long long)f;
    char *d = owed_u64_digits((uint64_t)m, end);
    return owed_decimal_text(d, (size_t)(end - d), f < 0, decimals);
}

char *owed_apr_result_percent(const owed_apr_result *res, size_t i)
{
    /* The midpoint lies strictly inside the bracket, where no rounding boundary is. */
    const apr_root *r = &res->roots.r[i];
    if (r->lazy || (r->has_figure && sizeof(mp_limb_t) >= sizeof(long long) && r->decimals <= 18))
        /* the midpoint of the rounding interval, f / 10^decimals per cent (a lazy root has
         * a figure, of at most 16 decimals, made on words of 64 bits) */
        return figure_text(r->figure, r->decimals);
    mpq_t m;
    mpq_init(m);
    /* 100 (lo + hi) / 2 = 50 (nl dh + nh dl) / (dl dh), reduced once */
    mpz_mul(mpq_numref(m), mpq_numref(r->lo), mpq_denref(r->hi));
    mpz_addmul(mpq_numref(m), mpq_numref(r->hi), mpq_denref(r->lo));
    mpz_mul_ui(mpq_numref(m), mpq_numref(m), 50);
    mpz_mul(mpq_denref(m), mpq_denref(r->lo), mpq_denref(r->hi));
    mpq_canonicalize(m);
    char *s = owed_decimal_format(m, r->decimals, OWED_ROUND_HALF_UP);
    mpq_clear(m);
    return s;
}

const uint64_t apr_pow10[APR_POW10_MAX + 1] = {
    UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000), UINT64_C(10000),
    UINT64_C(100000), UINT64_C(1000000), UINT64_C(10000000), UINT64_C(100000000),
    UINT64_C(1000000000), UINT64_C(10000000000), UINT64_C(100000000000),
    UINT64_C(1000000000000), UINT64_C(10000000000000), UINT64_C(100000000000000),
    UINT64_C(1000000000000000), UINT64_C(10000000000000000),
    UINT64_C(100000000000000000), UINT64_C(1000000000000000000)};

size_t owed_apr_result_percent_to(const owed_apr_result *res, size_t i, char *buf, size_t size)
{
    const apr_root *r = &res->roots.r[i];
    if (sizeof(mp_limb_t) < sizeof(long long) ||
        !(r->lazy || (r->has_figure && r->decimals <= APR_POW10_MAX)))
        return 0;
    /* figure_text's value, f / 10^decimals exactly, written as owed_decimal_format_to writes
     * it at those decimals (nothing to round), by the writer it uses, from |f| directly */
    unsigned long long m = r->figure < 0 ? 0ULL - (unsigned long long)r->figure
                                         : (unsigned long long)r->figure;
    return owed_decimal_units_to(buf, size, (uint64_t)m, r->figure < 0, r->decimals);
}

unsigned owed_apr_result_decimals(const owed_apr_result *res)
{
    return res->roots.decimals;
}

owed_round_mode owed_apr_result_rounding(const owed_apr_result *res)
{
    (void)res;
    return OWED_ROUND_HALF_UP;
}

const char *owed_apr_result_time_measure(const owed_apr_result *res)
{
    /* written into res on the first request (apr.h, "Descriptions on request") */
    return apr_built_measure((apr_built *)&res->built);
}

void owed_apr_result_range(const owed_apr_result *res, mpq_t lo, mpq_t hi)
{
    mpq_set(lo, res->roots.range_lo);
    mpq_set(hi, res->roots.range_hi);
}

unsigned owed_apr_result_sign_changes(const owed_apr_result *res)
{
    return res->changes;
}

size_t owed_apr_result_term_count(const owed_apr_result *res)
{
    return res->built.n;
}

void owed_apr_result_term(const owed_apr_result *res, size_t i, owed_date *date, mpq_t amount,
                          mpq_t time, const char **text)
{
    const apr_raw_term *r = &res->built.raw[i];
    if (date)
        *date = r->date;
    if (amount) {
        mpq_t view;
        mpq_set(amount, apr_built_amount(view, &res->built, i));
    }
    if (time) {
        mpz_set_ui(mpq_numref(time), r->tnum); /* tnum / tden is in lowest terms */
        mpz_set_ui(mpq_denref(time), r->tden);
    }
    if (text) /* written into res on the first request, as the time measure */
        *text = apr_built_term_text((apr_built *)&res->built, i);
}

/* ---- comparing with a cap --------------------------------------------------------------- */

owed_status owed_apr_compare(int *cmp, const owed_apr_flows *flows, const owed_apr_options *opt,
                             const mpq_t cap, owed_error *err)
{
    unsigned decimals;
    owed_status st = check_options(opt, &decimals, err);
    if (st != OWED_OK)
        return st;
    apr_built b;
    apr_built_init(&b);
    st = apr_time_build(&b, flows, opt, err);
    if (st != OWED_OK) {
        apr_built_clear(&b);
        return st;
    }
    if (opt->method == OWED_APR_SIMPLE) {
        if (b.exact_simple)
            *cmp = mpq_cmp(b.exact_rate, cap) > 0 ? 1 : mpq_cmp(b.exact_rate, cap) < 0 ? -1 : 0;
        else
            st = owed_error_set(err, OWED_E_NOROOT, NULL, 0,
                                _("no rate: the flows all go the same way"));
        apr_built_clear(&b);
        return st;
    }
    apr_eq eq;
    st = apr_eq_build(&eq, &b, err);
    if (st != OWED_OK)
        goto done;
    if (eq.n < 2 || eq.changes == 0) {
        st = owed_error_set(err, OWED_E_NOROOT, NULL, 0,
                            _("no rate: the flows all go the same way"));
    } else if (eq.changes == 1) {
        /* Monotone: the sign of F at the cap decides (apr_solve.c, point 2). */
        mpq_t lim;
        mpq_init(lim);
        if (eq.nominal)
            mpq_neg(lim, eq.w);
        else
            mpq_set_si(lim, -1, 1);
        if (mpq_cmp(cap, lim) <= 0) {
            *cmp = 1; /* every rate the equation allows is above such a cap */
        } else {
            int s;
            st = apr_sign_at(&s, &eq, cap, err);
            if (st == OWED_OK)
                *cmp = -s * eq.first_sign;
        }
        mpq_clear(lim);
    } else {
        /* Not monotone: the roots in the range first; exactly one is needed.  With one root
         * R in the range, F has one sign on [range_lo, R) and the other on (R, range_hi], so
         * the signs of F at the cap and at a point below R decide. */
        apr_roots rs;
        apr_roots_init(&rs);
        st = apr_solve(&rs, &eq, decimals, 0, opt->range_lo, opt->range_hi, err);
        if (st == OWED_OK && (rs.outcome != OWED_APR_ONE_ROOT || rs.n != 1)) {
            st = owed_error_set(err, OWED_E_NOROOT, NULL, 0,
                                rs.outcome == OWED_APR_NO_ROOT
                                    ? _("no rate solves the equation in the range searched")
                                    : _("the flows change sign more than once and not exactly "
                                        "one rate solves the equation in the range: compare each "
                                        "rate"));
        } else if (st == OWED_OK) {
            apr_root *r = &rs.r[0];
            int c_lo = mpq_cmp(cap, r->lo), c_hi = mpq_cmp(cap, r->hi);
            if (r->exact) {
                *cmp = c_lo < 0 ? 1 : c_lo > 0 ? -1 : 0;
            } else if (c_lo <= 0) {
                *cmp = 1;
            } else if (c_hi >= 0) {
                *cmp = -1;
            } else {
                int s_cap = 0, s_lo = 0;
                st = apr_sign_at(&s_cap, &eq, cap, err);
                if (st == OWED_OK && s_cap != 0)
                    st = apr_sign_at(&s_lo, &eq, r->lo, err);
                if (st == OWED_OK)
                    *cmp = s_cap == 0 ? 0 : s_lo == s_cap ? 1 : -1;
            }
        }
        apr_roots_clear(&rs);
    }
done:
    apr_eq_clear(&eq);
    apr_built_clear(&b);
    return st;
}

/* ---- disclosure tolerances -------------------------------------------------------------- */

owed_status owed_apr_tolerance(int *within, mpq_t below, mpq_t above, const char **rule,
                               const owed_apr_flows *flows, const owed_apr_options *opt,
                               const mpq_t disclosed, int irregular, owed_error *err)
{
    if (opt->method != OWED_APR_REGZ && opt->method != OWED_APR_UK)
        return owed_error_set(err, OWED_E_ARG, NULL, 0,
                              _("a disclosure tolerance is defined for regz (12 CFR 1026.22) "
                                "and uk (SI 2010/1014) only"));
    mpq_t up, down, edge;
    mpq_inits(up, down, edge, NULL);
    const char *r;
    if (opt->method == OWED_APR_REGZ) {
        if (irregular < 0) {
            apr_built b;
            apr_built_init(&b);
            owed_status st = apr_time_build(&b, flows, opt, err);
            irregular = b.irregular;
            apr_built_clear(&b);
            if (st != OWED_OK) {
                mpq_clears(up, down, edge, NULL);
                return st;
            }
        }
        /* the disclosed rate may be that far above (up) or below (down) the true one */
        mpq_set_ui(up, 1, irregular ? 400 : 800);
        mpq_set(down, up);
        r = irregular ? N_("12 CFR 1026.22(a)(3): 1/4 of a point, irregular transaction")
                      : N_("12 CFR 1026.22(a)(2): 1/8 of a point");
    } else {
        mpq_set_ui(up, 1, 100);
        mpq_set_ui(down, 1, 1000);
        r = N_("SI 2010/1014 Sch. 4 para 2: at most 1 point above or 0.1 point below");
    }
    /* within: disclosed - up <= R <= disclosed + down */
    int c1 = 0, c2 = 0;
    mpq_sub(edge, disclosed, up);
    owed_status st = owed_apr_compare(&c1, flows, opt, edge, err);
    if (st == OWED_OK) {
        mpq_add(edge, disclosed, down);
        st = owed_apr_compare(&c2, flows, opt, edge, err);
    }
    if (st == OWED_OK) {
        *within = c1 >= 0 && c2 <= 0;
        if (below)
            mpq_set(below, down);
        if (above)
            mpq_set(above, up);
        if (rule)
            *rule = r;
    }
    mpq_clears(up, down, edge, NULL);
    return st;
}
