/* owed apr: the annual rate of dated cash flows, proven in exact arithmetic (src/apr.h).
 *
 * The first line of the text output is the rate in percent, rounded half-up to the digits
 * asked for ("9.69%"); the lines after it say how it was obtained.  --format=xml writes the
 * same with every figure exact.  Exit: 0 a rate (within --cap / --disclosed), 1 above the
 * cap or outside the tolerance, 2 trouble: bad usage or input, no rate, several rates. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "apr.h"
#include "cli.h"
#include "i18n.h"
#include "input_ids.h"

#define APR_XML_NS "urn:owed:apr:1"

enum {
    OPT_SIGNIFICANT = 256,
    OPT_PERIOD,
    OPT_LEAP,
    OPT_SINGLE,
    OPT_BASIS,
    OPT_RANGE,
    OPT_CAP,
    OPT_DISCLOSED,
    OPT_IRREGULAR,
    OPT_BORROW,
    OPT_RECEIVE,
    OPT_REPAY,
    OPT_DAYS,
    OPT_START
};

static const struct option longopts[] = {
    {"method", required_argument, NULL, 'm'},
    {"digits", required_argument, NULL, 'd'},
    {"significant", required_argument, NULL, OPT_SIGNIFICANT},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"leap", required_argument, NULL, OPT_LEAP},
    {"single", required_argument, NULL, OPT_SINGLE},
    {"basis", required_argument, NULL, OPT_BASIS},
    {"range", required_argument, NULL, OPT_RANGE},
    {"cap", required_argument, NULL, OPT_CAP},
    {"disclosed", required_argument, NULL, OPT_DISCLOSED},
    {"irregular", required_argument, NULL, OPT_IRREGULAR},
    {"borrow", required_argument, NULL, OPT_BORROW},
    {"receive", required_argument, NULL, OPT_RECEIVE},
    {"repay", required_argument, NULL, OPT_REPAY},
    {"days", required_argument, NULL, OPT_DAYS},
    {"start", required_argument, NULL, OPT_START},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void usage(void)
{
    printf(_("Usage: %s apr [OPTION]... FLOW...\n"
             "  or:  %s apr [OPTION]... --borrow=AMOUNT [--receive=AMOUNT] --repay=AMOUNT "
             "--days=N\n"),
           owed_program_name, owed_program_name);
    fputs(_("Compute the annual rate of dated cash flows, proven in exact arithmetic.\n"
            "\n"
            "A FLOW is DATE:AMOUNT (YYYY-MM-DD:AMOUNT): positive for money the borrower\n"
            "receives, negative for money the borrower pays.  A FLOW may also name a file of\n"
            "'date,amount' lines, or be - for standard input.  The first output line is the\n"
            "rate in percent, rounded half-up; the next lines explain it.\n"
            "\n"),
          stdout);
    fputs(_("  -m, --method=METHOD   xirr (default), eu, uk, regz, simple, pboc,\n"
            "                          pboc-compound\n"
            "  -d, --digits=N        decimals of the percent (default: xirr 6, eu and uk 1,\n"
            "                          regz, simple and pboc 2)\n"
            "      --significant=N   settle N significant digits instead\n"
            "  -f, --format=FORMAT   text (default) or xml (every figure exact)\n"
            "  -o, --output=FILE     write to FILE (replaced only when complete)\n"
            "      --period=PERIOD   the time unit: auto (default), day, week, N-weeks,\n"
            "                          semimonth, month, N-months, quarter, year, term\n"
            "      --leap=RULE       eu, uk: days over 365 or 366 by the year counted back\n"
            "                          (year-back, default) or always over 365 (365)\n"
            "      --single=RULE     regz, single payment over whole months: 12/months\n"
            "                          unit-periods a year (months, default) or 365/days (days)\n"
            "      --basis=DAYS      simple, pboc: days in a year, 365 (default) or 360\n"
            "      --range=LO:HI     percent range searched when the flows change sign more\n"
            "                          than once (default -99.99:1000000)\n"
            "      --cap=RATE        decide exactly whether the rate is above RATE percent\n"
            "      --disclosed=RATE  check a disclosed rate (percent) against the legal\n"
            "                          tolerance (regz: 12 CFR 1026.22; uk: SI 2010/1014)\n"
            "      --irregular=WHEN  regz tolerance: auto (default), yes or no\n"
            "\n"
            "Quick form, a single-payment loan:\n"
            "      --borrow=AMOUNT   amount borrowed\n"
            "      --receive=AMOUNT  amount actually received (default: the amount borrowed)\n"
            "      --repay=AMOUNT    amount repaid at the end\n"
            "      --days=N          days from receipt to repayment\n"
            "      --start=DATE      date of receipt (default 2002-01-01)\n"
            "\n"
            "  -h, --help            display this help and exit\n"
            "\n"
            "Exit status: 0 if a rate was found (and is not above --cap, and is within the\n"
            "--disclosed tolerance), 1 if it is above the cap or outside the tolerance, 2 if\n"
            "there was trouble, no rate solves the equation, or several do.\n"
            "See owed-apr(1) for each method's equation and source.\n"),
          stdout);
}

/* A rate written in percent ("36", "36%", "-99.99") as a fraction. */
static int parse_percent(mpq_t out, const char *text, const char *what)
{
    char buf[2 * OWED_MAX_NUMBER_DIGITS + 8];
    size_t n = strlen(text);
    if (n > 0 && text[n - 1] == '%')
        n--;
    if (n >= sizeof buf) {
        cli_fail(_("%s '%s' is too long"), what, text);
        return -1;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    owed_error err;
    if (owed_decimal_parse(out, buf, -1, what, NULL, 0, &err) != OWED_OK) {
        cli_report(&err);
        return -1;
    }
    mpz_mul_ui(mpq_denref(out), mpq_denref(out), 100);
    mpq_canonicalize(out);
    return 0;
}

/* A whole number min..max (min is 0 or 1) in decimal; -1 after a message naming `what`. */
static int parse_uint(unsigned *out, const char *text, unsigned min, unsigned max,
                      const char *what)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || end == text || *end != '\0' || text[0] == '-' || v > max || v < min) {
        if (min == 0)
            cli_fail(_("invalid %s '%s' (0 to %u)"), what, text, max);
        else
            cli_fail(_("invalid %s '%s' (1 to %u)"), what, text, max);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* "12.5" from a fraction 0.125: the exact value in percent. */
static char *percent_exact(const mpq_t x)
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

/* Reads the FLOW operands into flows. */
static int read_operands(owed_apr_flows *flows, int argc, char **argv)
{
    owed_error err;
    owed_error_clear(&err);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        owed_status st;
        if (strcmp(a, "-") == 0) {
            owed_input_ids_note(fileno(stdin), "-");
            st = owed_apr_flows_read(flows, stdin, "-", &err);
        } else if (strlen(a) > 11 && a[4] == '-' && a[7] == '-' && a[10] == ':' &&
                   strspn(a, "0123456789") == 4) {
            st = owed_apr_flows_parse(flows, a, ':', NULL, 0, &err);
        } else {
            FILE *fp = fopen(a, "r");
            if (fp == NULL) {
                cli_fail(_("%s: cannot open: %s"), a, strerror(errno));
                return -1;
            }
            owed_input_ids_note(fileno(fp), a);
            st = owed_apr_flows_read(flows, fp, a, &err);
            fclose(fp);
        }
        if (st != OWED_OK) {
            cli_report(&err);
            return -1;
        }
    }
    return 0;
}

struct report {
    const char *format;
    const owed_apr_result *res;
    const owed_apr_result *other; /* pboc: the other form, may be NULL */
    const mpq_t *cap;             /* NULL when not asked */
    int cap_cmp;
    const mpq_t *disclosed;
    int within;
    mpq_t below, above;
    const char *tol_rule;
    const char *quick;            /* description of the quick form, or NULL */
    int day_numbers;              /* the quick form without --start: its dates are a device,
                                     so the text gives day numbers (day 0 = receipt) */
};

static const char *outcome_name(owed_apr_outcome o)
{
    switch (o) {
    case OWED_APR_ONE_ROOT: return "one-root";
    case OWED_APR_NO_ROOT: return "no-root";
    case OWED_APR_SEVERAL_ROOTS: return "several-roots";
    default: return "unresolved";
    }
}

static void text_range(FILE *fp, const owed_apr_result *res)
{
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    owed_apr_result_range(res, lo, hi);
    char *a = percent_exact(lo), *b = percent_exact(hi);
    fprintf(fp, _("range searched: %s%% .. %s%%\n"), a ? a : "?", b ? b : "?");
    free(a);
    free(b);
    mpq_clears(lo, hi, NULL);
}

static void write_text(FILE *fp, const struct report *r)
{
    const owed_apr_result *res = r->res;
    size_t n = owed_apr_result_root_count(res);
    owed_apr_outcome o = owed_apr_result_outcome(res);
    owed_apr_method m = owed_apr_result_method(res);
    for (size_t i = 0; i < n; i++) {
        char *s = owed_apr_result_percent(res, i);
        fprintf(fp, "%s%%\n", s ? s : "?");
        free(s);
    }
    if (r->other && owed_apr_result_outcome(r->other) == OWED_APR_ONE_ROOT) {
        char *s = owed_apr_result_percent(r->other, 0);
        fprintf(fp, "%s: %s%%\n",
                owed_apr_result_method(r->other) == OWED_APR_PBOC_COMPOUND
                    ? _("compound (IRR)")
                    : _("simple"),
                s ? s : "?");
        free(s);
    }
    fprintf(fp, _("method: %s: %s\n"), owed_apr_method_name(m), _(owed_apr_method_rule(m)));
    fprintf(fp, _("time: %s\n"), owed_apr_result_time_measure(res));
    if (r->quick)
        fprintf(fp, "%s\n", r->quick);
    size_t nt = owed_apr_result_term_count(res);
    owed_date d0, d1;
    owed_apr_result_term(res, 0, &d0, NULL, NULL, NULL);
    owed_apr_result_term(res, nt - 1, &d1, NULL, NULL, NULL);
    char t0[OWED_DATE_TEXT_SIZE], t1[OWED_DATE_TEXT_SIZE];
    owed_date_format(d0, t0);
    owed_date_format(d1, t1);
    unsigned ch = owed_apr_result_sign_changes(res);
    if (r->day_numbers) {
        long last = (long)(d1 - d0);
        if (ch == 1)
            /* TRANSLATORS: the quick form: flows on day 0 (receipt) to day N (repayment) */
            fprintf(fp, _("flows: %1$zu, on day 0 and day %2$ld; one sign change, so exactly "
                          "one rate\n"),
                    nt, last);
        else
            fprintf(fp, _("flows: %1$zu, on day 0 and day %2$ld; %3$u sign changes\n"), nt,
                    last, ch);
    } else if (ch == 1)
        fprintf(fp, _("flows: %zu dates from %s to %s; one sign change, so exactly one rate\n"),
                nt, t0, t1);
    else
        fprintf(fp, _("flows: %zu dates from %s to %s; %u sign changes\n"), nt, t0, t1, ch);
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    for (size_t i = 0; i < n; i++) {
        int exact = owed_apr_result_root(res, i, lo, hi);
        char *a = percent_exact(lo), *b = percent_exact(hi);
        if (exact)
            fprintf(fp, _("exact: %s%%\n"), a ? a : "?");
        else
            fprintf(fp, _("proven: %s%% < rate < %s%% (the equation changes sign between)\n"),
                    a ? a : "?", b ? b : "?");
        free(a);
        free(b);
    }
    if (ch > 1 || o != OWED_APR_ONE_ROOT)
        text_range(fp, res);
    fprintf(fp, _("rounding: half-up to %u decimal%s\n"), owed_apr_result_decimals(res),
            owed_apr_result_decimals(res) == 1 ? "" : "s");
    if (r->cap) {
        char *c = percent_exact(*r->cap);
        fprintf(fp, _("cap %s%%: the rate is %s it\n"), c ? c : "?",
                r->cap_cmp > 0   ? _("above")
                : r->cap_cmp < 0 ? _("below")
                                 : _("exactly at"));
        free(c);
    }
    if (r->disclosed) {
        char *c = percent_exact(*r->disclosed);
        fprintf(fp, _("disclosed %s%%: %s the tolerance (%s)\n"), c ? c : "?",
                r->within ? _("within") : _("outside"), _(r->tol_rule));
        free(c);
    }
    mpq_clears(lo, hi, NULL);
}

static void xml_prop_exact(xmlNodePtr node, const char *name, const mpq_t x, int percent)
{
    char *s = percent ? percent_exact(x) : owed_exact_format(x);
    if (s)
        xmlNewProp(node, BAD_CAST name, BAD_CAST s);
    free(s);
}

static void xml_rates(xmlNodePtr root, const owed_apr_result *res, const char *form)
{
    mpq_t lo, hi;
    mpq_inits(lo, hi, NULL);
    size_t n = owed_apr_result_root_count(res);
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr r = xmlNewChild(root, NULL, BAD_CAST "rate", NULL);
        xmlNewProp(r, BAD_CAST "method", BAD_CAST owed_apr_method_name(owed_apr_result_method(res)));
        if (form)
            xmlNewProp(r, BAD_CAST "form", BAD_CAST form);
        char *s = owed_apr_result_percent(res, i);
        if (s)
            xmlNewProp(r, BAD_CAST "percent", BAD_CAST s);
        free(s);
        char dec[16];
        snprintf(dec, sizeof dec, "%u", owed_apr_result_decimals(res));
        xmlNewProp(r, BAD_CAST "decimals", BAD_CAST dec);
        xmlNewProp(r, BAD_CAST "rounding", BAD_CAST "half-up");
        int exact = owed_apr_result_root(res, i, lo, hi);
        xmlNewProp(r, BAD_CAST "exact", BAD_CAST(exact ? "true" : "false"));
        xml_prop_exact(r, "lo", lo, 1);
        xml_prop_exact(r, "hi", hi, 1);
    }
    mpq_clears(lo, hi, NULL);
}

static int write_xml(FILE *fp, const struct report *r)
{
    const owed_apr_result *res = r->res;
    owed_apr_method m = owed_apr_result_method(res);
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "apr", NULL);
    xmlDocSetRootElement(doc, root);
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST APR_XML_NS, NULL);
    xmlSetNs(root, ns);
    xmlNewProp(root, BAD_CAST "method", BAD_CAST owed_apr_method_name(m));
    xmlNewProp(root, BAD_CAST "outcome", BAD_CAST outcome_name(owed_apr_result_outcome(res)));
    xmlNewChild(root, ns, BAD_CAST "rule", BAD_CAST _(owed_apr_method_rule(m)));
    xmlNewChild(root, ns, BAD_CAST "time-measure", BAD_CAST owed_apr_result_time_measure(res));
    xml_rates(root, res, NULL);
    if (r->other && owed_apr_result_outcome(r->other) == OWED_APR_ONE_ROOT)
        xml_rates(root, r->other,
                  owed_apr_result_method(r->other) == OWED_APR_PBOC_COMPOUND ? "compound"
                                                                             : "simple");
    mpq_t a, b;
    mpq_inits(a, b, NULL);
    if (owed_apr_result_sign_changes(res) > 1) {
        xmlNodePtr range = xmlNewChild(root, ns, BAD_CAST "range", NULL);
        owed_apr_result_range(res, a, b);
        xml_prop_exact(range, "lo", a, 1);
        xml_prop_exact(range, "hi", b, 1);
    }
    xmlNodePtr flows = xmlNewChild(root, ns, BAD_CAST "flows", NULL);
    char buf[32];
    snprintf(buf, sizeof buf, "%u", owed_apr_result_sign_changes(res));
    xmlNewProp(flows, BAD_CAST "sign-changes", BAD_CAST buf);
    for (size_t i = 0; i < owed_apr_result_term_count(res); i++) {
        owed_date d;
        const char *text;
        owed_apr_result_term(res, i, &d, a, b, &text);
        xmlNodePtr f = xmlNewChild(flows, ns, BAD_CAST "flow", NULL);
        char ds[OWED_DATE_TEXT_SIZE];
        owed_date_format(d, ds);
        xmlNewProp(f, BAD_CAST "date", BAD_CAST ds);
        xml_prop_exact(f, "amount", a, 0);
        xml_prop_exact(f, "time", b, 0);
        xmlNewProp(f, BAD_CAST "measure", BAD_CAST text);
    }
    if (r->cap) {
        xmlNodePtr c = xmlNewChild(root, ns, BAD_CAST "cap", NULL);
        xml_prop_exact(c, "percent", *r->cap, 1);
        xmlNewProp(c, BAD_CAST "rate-is",
                   BAD_CAST(r->cap_cmp > 0 ? "above" : r->cap_cmp < 0 ? "below" : "equal"));
    }
    if (r->disclosed) {
        xmlNodePtr c = xmlNewChild(root, ns, BAD_CAST "tolerance", NULL);
        xml_prop_exact(c, "disclosed", *r->disclosed, 1);
        xml_prop_exact(c, "below", r->below, 1);
        xml_prop_exact(c, "above", r->above, 1);
        xmlNewProp(c, BAD_CAST "within", BAD_CAST(r->within ? "true" : "false"));
        xmlNewProp(c, BAD_CAST "rule", BAD_CAST r->tol_rule);
    }
    mpq_clears(a, b, NULL);
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (mem == NULL) {
        cli_fail(_("out of memory"));
        return -1;
    }
    fwrite(mem, 1, (size_t)size, fp);
    xmlFree(mem);
    return 0;
}

int owed_cmd_apr(int argc, char **argv)
{
    owed_apr_options opt;
    owed_apr_options_init(&opt, OWED_APR_XIRR);
    int single_set = 0, irregular = -1, c;
    owed_apr_method method = OWED_APR_XIRR;
    const char *format = "text", *output = NULL;
    const char *borrow = NULL, *receive = NULL, *repay = NULL, *days_text = NULL, *start = NULL;
    int status = OWED_EXIT_TROUBLE;
    mpq_t range_lo, range_hi, cap, disclosed;
    int have_range = 0, have_cap = 0, have_disclosed = 0;
    mpq_inits(range_lo, range_hi, cap, disclosed, NULL);
    owed_apr_flows *flows = NULL;
    owed_apr_result *res = NULL, *other = NULL;
    char quick[256] = "";
    struct report rep;
    memset(&rep, 0, sizeof rep);
    mpq_inits(rep.below, rep.above, NULL);

    while ((c = getopt_long(argc, argv, "m:d:f:o:h", longopts, NULL)) != -1) {
        unsigned u;
        char *colon;
        switch (c) {
        case 'm':
            if (owed_apr_method_parse(optarg, &method) != 0) {
                cli_fail(_("unknown method '%s' (xirr, eu, uk, regz, simple, pboc, "
                           "pboc-compound)"),
                         optarg);
                goto usage;
            }
            break;
        case 'd':
            if (parse_uint(&u, optarg, 0, OWED_APR_MAX_DIGITS, _("digits")) != 0)
                goto usage;
            opt.decimals = (int)u;
            break;
        case OPT_SIGNIFICANT:
            if (parse_uint(&u, optarg, 1, OWED_APR_MAX_DIGITS, _("significant digits")) != 0)
                goto usage;
            opt.significant = u;
            break;
        case 'f':
            if (strcmp(optarg, "text") != 0 && strcmp(optarg, "xml") != 0) {
                cli_fail(_("unknown format '%s' (text, xml)"), optarg);
                goto usage;
            }
            format = optarg;
            break;
        case 'o': output = optarg; break;
        case OPT_PERIOD:
            if (owed_apr_period_parse(optarg, &opt.period, &opt.period_count) != 0) {
                cli_fail(_("unknown period '%s'"), optarg);
                goto usage;
            }
            break;
        case OPT_LEAP:
            if (owed_apr_leap_parse(optarg, &opt.leap) != 0) {
                cli_fail(_("unknown leap rule '%s' (year-back, 365)"), optarg);
                goto usage;
            }
            break;
        case OPT_SINGLE:
            if (owed_apr_single_parse(optarg, &opt.single) != 0) {
                cli_fail(_("unknown single-payment rule '%s' (months, days)"), optarg);
                goto usage;
            }
            single_set = 1;
            break;
        case OPT_BASIS:
            if (strcmp(optarg, "365") == 0)
                opt.basis = OWED_BASIS_365;
            else if (strcmp(optarg, "360") == 0)
                opt.basis = OWED_BASIS_360;
            else {
                cli_fail(_("unknown day basis '%s' (365, 360)"), optarg);
                goto usage;
            }
            break;
        case OPT_RANGE:
            colon = strchr(optarg, ':');
            if (colon == NULL) {
                cli_fail(_("the range is LO:HI in percent"));
                goto usage;
            }
            *colon = '\0';
            if (parse_percent(range_lo, optarg, _("range")) != 0 ||
                parse_percent(range_hi, colon + 1, _("range")) != 0)
                goto usage;
            have_range = 1;
            break;
        case OPT_CAP:
            if (parse_percent(cap, optarg, _("cap")) != 0)
                goto usage;
            have_cap = 1;
            break;
        case OPT_DISCLOSED:
            if (parse_percent(disclosed, optarg, _("disclosed rate")) != 0)
                goto usage;
            have_disclosed = 1;
            break;
        case OPT_IRREGULAR:
            if (strcmp(optarg, "auto") == 0)
                irregular = -1;
            else if (strcmp(optarg, "yes") == 0)
                irregular = 1;
            else if (strcmp(optarg, "no") == 0)
                irregular = 0;
            else {
                cli_fail(_("--irregular is auto, yes or no"));
                goto usage;
            }
            break;
        case OPT_BORROW: borrow = optarg; break;
        case OPT_RECEIVE: receive = optarg; break;
        case OPT_REPAY: repay = optarg; break;
        case OPT_DAYS: days_text = optarg; break;
        case OPT_START: start = optarg; break;
        case 'h':
            usage();
            status = OWED_EXIT_OK;
            goto done;
        default: goto usage;
        }
    }
    opt.method = method;
    if (have_range) {
        opt.range_lo = range_lo;
        opt.range_hi = range_hi;
    }

    flows = owed_apr_flows_new();
    if (flows == NULL) {
        cli_fail(_("out of memory"));
        goto done;
    }
    int quick_form = borrow || receive || repay || days_text || start;
    if (quick_form) {
        if (optind < argc) {
            cli_fail(_("give either FLOWs or the quick form (--borrow ... --days), not both"));
            goto usage;
        }
        if ((!borrow && !receive) || !repay || !days_text) {
            cli_fail(_("the quick form needs --borrow (or --receive), --repay and --days"));
            goto usage;
        }
        unsigned days;
        if (parse_uint(&days, days_text, 1, 100000, _("days")) != 0)
            goto usage;
        owed_error err;
        owed_date d0;
        if (owed_date_parse(&d0, start ? start : "2002-01-01", NULL, 0, &err) != OWED_OK) {
            cli_report(&err);
            goto usage;
        }
        if ((long)d0 + days > (long)owed_date_from_ymd(9999, 12, 31)) {
            char when[OWED_DATE_TEXT_SIZE];
            owed_date_format(d0, when);
            cli_fail(_("--start=%s plus %u days is past 9999-12-31, the last day of the "
                       "calendar"),
                     when, days);
            goto done;
        }
        mpq_t a, b;
        mpq_inits(a, b, NULL);
        owed_status st = owed_decimal_parse(a, receive ? receive : borrow, -1, _("amount received"),
                                            NULL, 0, &err);
        if (st == OWED_OK && borrow)
            st = owed_decimal_parse(b, borrow, -1, _("amount borrowed"), NULL, 0, &err);
        if (st == OWED_OK)
            st = owed_apr_flows_add(flows, d0, a, &err);
        if (st == OWED_OK)
            st = owed_decimal_parse(b, repay, -1, _("amount repaid"), NULL, 0, &err);
        if (st == OWED_OK) {
            mpq_neg(b, b);
            st = owed_apr_flows_add(flows, d0 + (owed_date)days, b, &err);
        }
        mpq_clears(a, b, NULL);
        if (st != OWED_OK) {
            cli_report(&err);
            goto done;
        }
        snprintf(quick, sizeof quick, _("loan: borrowed %s, received %s, repaid %s after %u days"),
                 borrow ? borrow : receive, receive ? receive : borrow, repay, days);
        rep.quick = quick;
        rep.day_numbers = start == NULL;
        if (!single_set)
            opt.single = OWED_APR_SINGLE_DAYS; /* a term given in days */
    } else {
        if (optind >= argc) {
            cli_fail(_("missing FLOW (DATE:AMOUNT, a file, or -)"));
            goto usage;
        }
        if (read_operands(flows, argc - optind, argv + optind) != 0)
            goto done;
    }

    owed_error err;
    owed_error_clear(&err);
    if (owed_apr_compute(&res, flows, &opt, &err) != OWED_OK) {
        cli_report(&err);
        goto done;
    }
    if (method == OWED_APR_PBOC || method == OWED_APR_PBOC_COMPOUND) {
        owed_apr_options o2 = opt;
        o2.method = method == OWED_APR_PBOC ? OWED_APR_PBOC_COMPOUND : OWED_APR_PBOC;
        owed_error e2;
        if (owed_apr_compute(&other, flows, &o2, &e2) != OWED_OK)
            other = NULL;
    }
    owed_apr_outcome outcome = owed_apr_result_outcome(res);
    if (outcome == OWED_APR_ONE_ROOT && have_cap) {
        if (owed_apr_compare(&rep.cap_cmp, flows, &opt, cap, &err) != OWED_OK) {
            cli_report(&err);
            goto done;
        }
        rep.cap = (const mpq_t *)&cap;
    }
    if (outcome == OWED_APR_ONE_ROOT && have_disclosed) {
        if (owed_apr_tolerance(&rep.within, rep.below, rep.above, &rep.tol_rule, flows, &opt,
                               disclosed, irregular, &err) != OWED_OK) {
            cli_report(&err);
            goto done;
        }
        rep.disclosed = (const mpq_t *)&disclosed;
    }
    rep.format = format;
    rep.res = res;
    rep.other = other;

    cli_output out;
    if (cli_output_open(&out, output) != 0)
        goto done;
    int wrc = 0;
    if (strcmp(format, "xml") == 0)
        wrc = write_xml(out.fp, &rep);
    else if (outcome != OWED_APR_NO_ROOT)
        write_text(out.fp, &rep);
    if (wrc != 0) {
        cli_output_abort(&out);
        goto done;
    }
    if (outcome != OWED_APR_ONE_ROOT && out.path != NULL) {
        /* exit 2: a file named by -o is left as it was (standard output shows the rates) */
        cli_output_abort(&out);
    } else if (cli_output_commit(&out) != 0) {
        goto done;
    }

    switch (outcome) {
    case OWED_APR_ONE_ROOT:
        status = (rep.cap && rep.cap_cmp > 0) || (rep.disclosed && !rep.within) ? OWED_EXIT_FINDING
                                                                                : OWED_EXIT_OK;
        break;
    case OWED_APR_NO_ROOT:
        if (owed_apr_result_sign_changes(res) == 0)
            cli_fail(_("no rate solves the equation: the flows all go the same way"));
        else
            cli_fail(_("no rate solves the equation between the ends of the range searched"));
        break;
    case OWED_APR_SEVERAL_ROOTS:
        cli_fail(_("%zu rates solve the equation (listed): the flows change sign %u times, "
                   "so no single rate describes them"),
                 owed_apr_result_root_count(res), owed_apr_result_sign_changes(res));
        break;
    default:
        cli_fail(_("part of the range could not be decided (a double root?); the rates listed "
                   "are proven, others may exist"));
        break;
    }
    goto done;

usage:
    status = cli_try_help("apr");
done:
    owed_apr_result_free(res);
    owed_apr_result_free(other);
    owed_apr_flows_free(flows);
    mpq_clears(range_lo, range_hi, cap, disclosed, rep.below, rep.above, NULL);
    return status;
}
