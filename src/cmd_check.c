/* owed check: one line per finding, and an exit status scripts can test.  Built on the
 * public library alone (owed.h, through cli_public.h). */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <owed.h>

#include "cli.h"
#include "cli_public.h"
#include "i18n.h"

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s check [OPTION]... CASE.xml\n"), owed_program_name);
    fputs(_("Recompute the case and print one line per finding: a loan whose contract charges\n"
            "exceed a regime's cap; a claim above the balance by law under a regime; a claim,\n"
            "or a stated part of one, above the balance the contract itself gives.\n\n"
            "  -r, --regime=ID|FILE  check under a regime too (repeatable); 'auto': the\n"
            "                        shipped regime that governs the case (the default when\n"
            "                        the case gives a filing date or a lender kind)\n"
            "  -a, --as-of=DATE      consider the case as of DATE instead of its as-of date\n"
            "  -h, --help            display this help and exit\n\n"
            "Exit status: 0 no finding, 1 at least one finding, 2 trouble.\n"),
          fp);
}

enum { MAX_REGIMES = 16 };

int owed_cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"as-of", required_argument, NULL, 'a'},
                                             {"regime", required_argument, NULL, 'r'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *as_of_text = NULL;
    char *regime_names[MAX_REGIMES];
    size_t n_names = 0, n_regimes = 0;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "a:r:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': as_of_text = optarg; break;
        case 'r':
            if (n_names == MAX_REGIMES) {
                cli_fail(_("at most %d regimes at once"), MAX_REGIMES);
                return OWED_EXIT_TROUBLE;
            }
            regime_names[n_names++] = optarg;
            break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("check");
        }
    }
    if (optind != argc - 1) {
        cli_fail(optind >= argc ? _("missing case file") : _("one case file at a time"));
        return cli_try_help("check");
    }
    owed_ctx *ctx = cli_ctx_new();
    if (ctx == NULL)
        return OWED_EXIT_TROUBLE;
    owed_case *c = NULL;
    owed_regime **regimes = NULL;
    owed_report *r = cli_public_report(ctx, argv[optind], as_of_text, regime_names, n_names, 1,
                                       &c, &regimes, &n_regimes);
    int status = OWED_EXIT_TROUBLE;
    if (r != NULL) {
        size_t n = owed_report_finding_count(r);
        status = n ? OWED_EXIT_FINDING : OWED_EXIT_OK;
        for (size_t i = 0; i < n; i++) {
            char *line = owed_report_finding(r, i);
            if (line == NULL) {
                cli_fail(_("out of memory"));
                status = OWED_EXIT_TROUBLE;
                break;
            }
            printf("%s\n", line);
            owed_free(line);
        }
        if (n == 0)
            printf(_("%s: no finding\n"), owed_case_name(c));
    }
    cli_public_release(r, c, regimes, n_regimes);
    owed_ctx_free(ctx);
    return status;
}
