/* owed statement: recompute a case and write its statement. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_case.h"
#include "i18n.h"
#include "regime.h"
#include "report.h"
#include "statement.h"

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s statement [OPTION]... CASE.xml\n"), owed_program_name);
    fputs(_("Recompute the case and write its statement: for each loan and in total, the money\n"
            "delivered, the charges, the payments and the balance per contract; under each\n"
            "regime asked for, the lawful principal, the cap, the lawful charges, the balance\n"
            "by law and any refund due, with the rules applied; each claim beside those\n"
            "balances on the claim's date; and the replay ledger.\n\n"),
          fp);
    fputs(_("  -r, --regime=ID|FILE  add the lawful view under a regime (repeatable; see\n"
            "                        'owed regimes list')\n"
            "  -a, --as-of=DATE      state the balance on DATE (YYYY-MM-DD) instead of the\n"
            "                        case's as-of date; later events are left out\n"
            "  -f, --format=FORMAT   output format: text (the only one so far)\n"
            "  -o, --output=FILE     write to FILE (atomically) instead of standard output\n"
            "  -x, --exact           show the exact value beside every rounded figure\n"
            "      --no-ledger       leave out the posting-by-posting ledger\n"
            "  -h, --help            display this help and exit\n"),
          fp);
}

enum { OPT_NO_LEDGER = 256, MAX_REGIMES = 16 };

int owed_cmd_statement(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"as-of", required_argument, NULL, 'a'},  {"regime", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"exact", no_argument, NULL, 'x'},        {"no-ledger", no_argument, NULL, OPT_NO_LEDGER},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *as_of_text = NULL, *output = NULL, *format = "text";
    char *regime_names[MAX_REGIMES];
    size_t n_regimes = 0;
    owed_statement_options opt = {.exact = 0, .ledger = 1};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "a:r:f:o:xh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': as_of_text = optarg; break;
        case 'r':
            if (n_regimes == MAX_REGIMES) {
                cli_fail(_("at most %d regimes at once"), MAX_REGIMES);
                return OWED_EXIT_TROUBLE;
            }
            regime_names[n_regimes++] = optarg;
            break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'x': opt.exact = 1; break;
        case OPT_NO_LEDGER: opt.ledger = 0; break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("statement");
        }
    }
    if (strcmp(format, "text") != 0) {
        cli_fail(_("unknown format '%s' (this version writes: text)"), format);
        return cli_try_help("statement");
    }
    if (optind != argc - 1) {
        cli_fail(optind >= argc ? _("missing case file") : _("one case file at a time"));
        return cli_try_help("statement");
    }
    owed_error err;
    owed_error_clear(&err);
    owed_date as_of = 0;
    if (as_of_text && owed_date_parse(&as_of, as_of_text, "--as-of", 0, &err) != OWED_OK) {
        cli_report(&err);
        return OWED_EXIT_TROUBLE;
    }
    owed_regime **regimes = NULL;
    if (cli_load_regimes(regime_names, n_regimes, &regimes) != 0)
        return OWED_EXIT_TROUBLE;
    owed_case *c = cli_load_case(argv[optind]);
    if (c == NULL) {
        cli_free_regimes(regimes, n_regimes);
        return OWED_EXIT_TROUBLE;
    }
    owed_report *r = NULL;
    int status = OWED_EXIT_TROUBLE;
    if (owed_report_build(c, as_of_text ? as_of : c->as_of,
                          (const owed_regime *const *)regimes, n_regimes, &r, &err) != OWED_OK) {
        cli_report(&err);
    } else {
        cli_output out;
        if (cli_output_open(&out, output) == 0) {
            if (owed_statement_write_text(out.fp, r, &opt, &err) != OWED_OK) {
                cli_report(&err);
                cli_output_abort(&out);
            } else if (cli_output_commit(&out) == 0) {
                status = OWED_EXIT_OK;
            }
        }
    }
    owed_report_free(r);
    owed_case_free(c);
    cli_free_regimes(regimes, n_regimes);
    return status;
}
