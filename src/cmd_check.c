/* owed check: one line per finding, and an exit status scripts can test. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_case.h"
#include "i18n.h"
#include "money.h"
#include "report.h"

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s check [OPTION]... CASE.xml\n"), owed_program_name);
    fputs(_("Recompute the case and print one line per finding: a claim, or a part of a claim,\n"
            "above the balance the contract itself gives on the claim's date.\n\n"
            "  -a, --as-of=DATE  consider the case as of DATE instead of its as-of date\n"
            "  -h, --help        display this help and exit\n\n"
            "Exit status: 0 no finding, 1 at least one finding, 2 trouble.\n"),
          fp);
}

static const char *component_label(owed_component c)
{
    switch (c) {
    case OWED_COMP_PRINCIPAL: return _("principal");
    case OWED_COMP_INTEREST: return _("interest");
    case OWED_COMP_PENALTY: return _("penalty interest");
    case OWED_COMP_FEE: return _("fees");
    case OWED_COMP_COST: return _("costs");
    default: return "?";
    }
}

int owed_cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"as-of", required_argument, NULL, 'a'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *as_of_text = NULL;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "a:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': as_of_text = optarg; break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("check");
        }
    }
    if (optind != argc - 1) {
        cli_fail(optind >= argc ? _("missing case file") : _("one case file at a time"));
        return cli_try_help("check");
    }
    owed_case *c = cli_load_case(argv[optind]);
    if (c == NULL)
        return OWED_EXIT_TROUBLE;
    owed_error err;
    owed_error_clear(&err);
    owed_date as_of = c->as_of;
    owed_report *r = NULL;
    int status = OWED_EXIT_TROUBLE;
    if (as_of_text && owed_date_parse(&as_of, as_of_text, "--as-of", 0, &err) != OWED_OK) {
        cli_report(&err);
    } else if (owed_report_build(c, as_of, &r, &err) != OWED_OK) {
        cli_report(&err);
    } else {
        for (size_t i = 0; i < r->n_findings; i++) {
            const owed_finding *f = &r->findings[i];
            const owed_claim *cl = r->claims[f->claim].claim;
            char d[OWED_DATE_TEXT_SIZE];
            owed_date_format(cl->date, d);
            char *claimed = owed_money_format(f->claimed, &c->currency);
            char *allowed = owed_money_format(f->allowed, &c->currency);
            char *excess = owed_money_format(f->excess, &c->currency);
            printf(_("%s:%ld: claim by %s on %s: %s %s exceeds %s per contract by %s\n"), c->file,
                   cl->line, cl->by, d,
                   f->is_total ? _("total")
                   : f->component == OWED_COMP_INTEREST && r->claims[f->claim].interest_includes_penalty
                       ? _("interest, penalty included")
                       : component_label(f->component),
                   claimed ? claimed : "?", allowed ? allowed : "?", excess ? excess : "?");
            free(claimed);
            free(allowed);
            free(excess);
        }
        if (r->n_findings == 0)
            printf(_("%s: no finding\n"), c->file);
        status = r->n_findings ? OWED_EXIT_FINDING : OWED_EXIT_OK;
    }
    owed_report_free(r);
    owed_case_free(c);
    return status;
}
