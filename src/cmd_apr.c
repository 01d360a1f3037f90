/* owed apr: the annual rate of dated cash flows, proven in exact arithmetic by the
 * library (owed.h, "annual rates"; the engine is src/apr.h).
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

#include "owed.h"

#include "cli.h"
#include "cli_public.h"
#include "i18n.h"


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

/* Sets option `name` (owed_annual_options_set); -1 after printing the error. */
static int set_option(owed_ctx *ctx, owed_annual_options *opts, const char *name,
                      const char *value)
{
    if (owed_annual_options_set(ctx, opts, name, value) == OWED_OK)
        return 0;
    cli_report_ctx(ctx);
    return -1;
}

/* Reads the FLOW operands into flows; -1 after printing the error. */
static int read_operands(owed_ctx *ctx, owed_flows *flows, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        owed_status st;
        if (strcmp(a, "-") == 0) {
            st = owed_flows_read_stream(ctx, flows, "-", stdin);
        } else if (strlen(a) > 11 && a[4] == '-' && a[7] == '-' && a[10] == ':' &&
                   strspn(a, "0123456789") == 4) {
            st = owed_flows_add_text(ctx, flows, a);
        } else {
            FILE *fp = fopen(a, "r");
            if (fp == NULL) {
                cli_fail(_("%s: cannot open: %s"), a, strerror(errno));
                return -1;
            }
            st = owed_flows_read_stream(ctx, flows, a, fp);
            fclose(fp);
        }
        if (st != OWED_OK) {
            cli_report_ctx(ctx);
            return -1;
        }
    }
    return 0;
}

/* The quick form's flows (--borrow ... --days); OWED_EXIT_OK, else the exit status after
 * printing the error (with "Try ..." for usage errors). */
static int read_quick(owed_ctx *ctx, owed_flows *flows, const char *borrow, const char *receive,
                      const char *repay, const char *days_text, const char *start)
{
    if ((!borrow && !receive) || !repay || !days_text) {
        cli_fail(_("the quick form needs --borrow (or --receive), --repay and --days"));
        return cli_try_help("apr");
    }
    unsigned days;
    if (parse_uint(&days, days_text, 1, (unsigned)OWED_FLOWS_LOAN_MAX_DAYS, _("days")) != 0)
        return cli_try_help("apr");
    const char *when = start ? start : OWED_FLOWS_LOAN_START;
    if (owed_date_check(ctx, "", when) != OWED_OK) {
        cli_report_ctx(ctx);
        return cli_try_help("apr");
    }
    owed_status st = owed_flows_add_loan(ctx, flows, start, (long)days, borrow, receive, repay);
    if (st == OWED_E_ARG) /* the date checked, the days in range: past the calendar */
        cli_fail(_("--start=%s plus %u days is past 9999-12-31, the last day of the calendar"),
                 when, days);
    else if (st != OWED_OK)
        cli_report_ctx(ctx);
    return st == OWED_OK ? OWED_EXIT_OK : OWED_EXIT_TROUBLE;
}

/* The exit status of a rate written, with the message of an outcome that is not one rate. */
static int outcome_status(const owed_annual *res)
{
    int cmp = 0, within = 1;
    switch (owed_annual_outcome_of(res)) {
    case OWED_ANNUAL_ONE_ROOT:
        return (owed_annual_cap(res, &cmp) && cmp > 0) ||
                       (owed_annual_tolerance(res, &within) && !within)
                   ? OWED_EXIT_FINDING
                   : OWED_EXIT_OK;
    case OWED_ANNUAL_NO_ROOT:
        if (owed_annual_sign_changes(res) == 0)
            cli_fail(_("no rate solves the equation: the flows all go the same way"));
        else
            cli_fail(_("no rate solves the equation between the ends of the range searched"));
        break;
    case OWED_ANNUAL_SEVERAL_ROOTS:
        cli_fail(_("%zu rates solve the equation (listed): the flows change sign %u times, "
                   "so no single rate describes them"),
                 owed_annual_root_count(res), owed_annual_sign_changes(res));
        break;
    default:
        cli_fail(_("part of the range could not be decided (a double root?); the rates listed "
                   "are proven, others may exist"));
        break;
    }
    return OWED_EXIT_TROUBLE;
}

/* Writes res to `output` (NULL: standard output); the exit status. */
static int write_rate(owed_ctx *ctx, const owed_annual *res, const char *format,
                      const char *output)
{
    owed_annual_outcome outcome = owed_annual_outcome_of(res);
    cli_output out;
    if (cli_output_open(&out, output) != 0)
        return OWED_EXIT_TROUBLE;
    owed_status st = OWED_OK;
    if (strcmp(format, "xml") == 0)
        st = owed_annual_write(ctx, res, OWED_FORMAT_XML, out.fp);
    else if (outcome != OWED_ANNUAL_NO_ROOT)
        st = owed_annual_write(ctx, res, OWED_FORMAT_TEXT, out.fp);
    if (st != OWED_OK && st != OWED_E_IO) { /* a write error is reported on commit */
        cli_report_ctx(ctx);
        cli_output_abort(&out);
        return OWED_EXIT_TROUBLE;
    }
    if (outcome != OWED_ANNUAL_ONE_ROOT && out.path != NULL) {
        /* exit 2: a file named by -o is left as it was (standard output shows the rates) */
        cli_output_abort(&out);
    } else if (cli_output_commit(&out) != 0) {
        return OWED_EXIT_TROUBLE;
    }
    return outcome_status(res);
}

int owed_cmd_apr(int argc, char **argv)
{
    const char *format = "text", *output = NULL;
    const char *borrow = NULL, *receive = NULL, *repay = NULL, *days_text = NULL, *start = NULL;
    int status = OWED_EXIT_TROUBLE, c;
    owed_flows *flows = NULL;
    owed_annual_options *opts = NULL;
    owed_annual *res = NULL;
    owed_ctx *ctx = cli_ctx_new();
    if (ctx == NULL)
        return OWED_EXIT_TROUBLE;
    if (owed_annual_options_new(ctx, &opts) != OWED_OK) {
        cli_report_ctx(ctx);
        goto done;
    }

    while ((c = getopt_long(argc, argv, "m:d:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (set_option(ctx, opts, "method", optarg) != 0)
                goto usage;
            break;
        case 'd':
            if (set_option(ctx, opts, "digits", optarg) != 0)
                goto usage;
            break;
        case OPT_SIGNIFICANT:
            if (set_option(ctx, opts, "significant", optarg) != 0)
                goto usage;
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
            if (set_option(ctx, opts, "period", optarg) != 0)
                goto usage;
            break;
        case OPT_LEAP:
            if (set_option(ctx, opts, "leap", optarg) != 0)
                goto usage;
            break;
        case OPT_SINGLE:
            if (set_option(ctx, opts, "single", optarg) != 0)
                goto usage;
            break;
        case OPT_BASIS:
            if (set_option(ctx, opts, "basis", optarg) != 0)
                goto usage;
            break;
        case OPT_RANGE:
            if (set_option(ctx, opts, "range", optarg) != 0)
                goto usage;
            break;
        case OPT_CAP:
            if (set_option(ctx, opts, "cap", optarg) != 0)
                goto usage;
            break;
        case OPT_DISCLOSED:
            if (set_option(ctx, opts, "disclosed", optarg) != 0)
                goto usage;
            break;
        case OPT_IRREGULAR:
            if (owed_annual_options_set(ctx, opts, "irregular", optarg) != OWED_OK) {
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

    if (owed_flows_new(ctx, &flows) != OWED_OK) {
        cli_report_ctx(ctx);
        goto done;
    }
    if (borrow || receive || repay || days_text || start) {
        if (optind < argc) {
            cli_fail(_("give either FLOWs or the quick form (--borrow ... --days), not both"));
            goto usage;
        }
        if ((status = read_quick(ctx, flows, borrow, receive, repay, days_text, start)) !=
            OWED_EXIT_OK)
            goto done;
        status = OWED_EXIT_TROUBLE;
    } else {
        if (optind >= argc) {
            cli_fail(_("missing FLOW (DATE:AMOUNT, a file, or -)"));
            goto usage;
        }
        if (read_operands(ctx, flows, argc - optind, argv + optind) != 0)
            goto done;
    }

    if (owed_annual_compute(ctx, flows, opts, &res) != OWED_OK) {
        cli_report_ctx(ctx);
        goto done;
    }
    status = write_rate(ctx, res, format, output);
    goto done;

usage:
    status = cli_try_help("apr");
done:
    owed_annual_free(res);
    owed_flows_free(flows);
    owed_annual_options_free(opts);
    owed_ctx_free(ctx);
    return status;
}
