/* owed validate FILE...: schema and semantic checks of case files.
 *
 * For each file: `FILE: valid` on standard output, or `owed: FILE:LINE: message` on
 * standard error.  Exit status 0 when every file is valid, 2 otherwise.  Built on the public
 * library alone (owed.h). */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <owed.h>

#include "cli.h"
#include "cli_public.h"
#include "i18n.h"

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s validate [OPTION]... FILE...\n"), owed_program_name);
    fputs(_("Check case files against the case schema and against the facts they state\n"
            "(dates that exist, amounts that fit the currency, loans that events name,\n"
            "events in a possible order).  The format is described in owed-case(5).\n"),
          fp);
    fputs(_("\n"
            "  -h, --help     display this help and exit\n"),
          fp);
    fputs(_("\nFor each valid file, 'FILE: valid' is printed on standard output; an\n"
            "invalid file gets a line 'owed: FILE:LINE: message' on standard error for each\n"
            "error: every error against the schema (up to 20 a file), else the first error\n"
            "in the facts.\n"),
          fp);
    fputs(_("\nExit status: 0 if every file is valid, 2 otherwise.\n"), fp);
}

int owed_cmd_validate(int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (ch) {
        case 'h':
            usage(stdout);
            return OWED_EXIT_OK;
        default:
            if (optopt != 0 && optopt != '?')
                cli_fail(_("invalid option -- '%c'"), optopt);
            else
                cli_fail(_("unrecognized option '%s'"), argv[optind - 1]);
            return cli_try_help("validate");
        }
    }
    if (optind >= argc) {
        cli_fail(_("missing file operand"));
        return cli_try_help("validate");
    }

    owed_ctx *ctx = cli_ctx_new();
    if (ctx == NULL)
        return OWED_EXIT_TROUBLE;
    int status = OWED_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        owed_case *c = NULL;
        if (owed_case_open_file(ctx, argv[i], &c) == OWED_OK) {
            printf(_("%s: valid\n"), argv[i]);
            owed_case_free(c);
        } else {
            fflush(stdout);
            cli_report_ctx(ctx);
            status = OWED_EXIT_TROUBLE;
        }
    }
    owed_ctx_free(ctx);
    return status;
}
