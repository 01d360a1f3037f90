/* owed check: one line per finding, and an exit status scripts can test. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_case.h"
#include "i18n.h"
#include "money.h"
#include "regime.h"
#include "report.h"

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

static void print_finding(const owed_report *r, const owed_finding *f)
{
    const owed_case *c = r->kase;
    char *claimed = owed_money_format(f->claimed, &c->currency);
    char *allowed = owed_money_format(f->allowed, &c->currency);
    char *excess = owed_money_format(f->excess, &c->currency);
    const char *regime = f->regime >= 0 ? owed_regime_id(r->regimes[f->regime]) : NULL;
    if (f->kind == OWED_FIND_LOAN_AMOUNT || f->kind == OWED_FIND_LOAN_TERM) {
        const owed_loan *L = &c->loans[f->loan];
        const owed_loan_limit *ll = owed_regime_loan_limit(r->regimes[f->regime]);
        char *cite = owed_citations_format(ll->why.cite);
        if (f->kind == OWED_FIND_LOAN_AMOUNT)
            printf(ll->with_fees ? _("%s:%ld: loan %s: principal and fees %s exceed the %s "
                                     "that %s allows (%s)\n")
                                 : _("%s:%ld: loan %s: principal %s exceeds the %s that %s "
                                     "allows (%s)\n"),
                   c->file, L->line, L->id, claimed ? claimed : "?", allowed ? allowed : "?",
                   regime, cite ? cite : "");
        else
            printf(_("%s:%ld: loan %s: a term of %ld days exceeds the %ld days that %s allows "
                     "(%s)\n"),
                   c->file, L->line, L->id, mpz_get_si(mpq_numref(f->claimed)),
                   mpz_get_si(mpq_numref(f->allowed)), regime, cite ? cite : "");
        free(cite);
    } else if (f->kind == OWED_FIND_ABOVE_CAP) {
        const owed_loan *L = &c->loans[f->loan];
        printf(_("%s:%ld: loan %s: contract charges %s exceed the lawful %s under %s by %s\n"),
               c->file, L->line, L->id, claimed ? claimed : "?", allowed ? allowed : "?", regime,
               excess ? excess : "?");
    } else {
        const owed_claim_check *cc = &r->claims[f->claim];
        char d[OWED_DATE_TEXT_SIZE];
        owed_date_format(cc->claim->date, d);
        const char *part = f->kind == OWED_FIND_CLAIM_TOTAL ? _("total")
                           : f->component == OWED_COMP_INTEREST && cc->interest_includes_penalty
                               ? _("interest, penalty included")
                               : owed_component_label(f->component);
        if (regime)
            printf(_("%s:%ld: claim by %s on %s: %s %s exceeds the balance by law %s under %s by "
                     "%s\n"),
                   c->file, cc->claim->line, cc->claim->by, d, part, claimed ? claimed : "?",
                   allowed ? allowed : "?", regime, excess ? excess : "?");
        else
            printf(_("%s:%ld: claim by %s on %s: %s %s exceeds %s per contract by %s\n"), c->file,
                   cc->claim->line, cc->claim->by, d, part, claimed ? claimed : "?",
                   allowed ? allowed : "?", excess ? excess : "?");
    }
    free(claimed);
    free(allowed);
    free(excess);
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
    owed_case *c = NULL;
    owed_regime **regimes = NULL;
    owed_report *r =
        cli_build_report(argv[optind], as_of_text, regime_names, n_names, 1, &c, &regimes,
                         &n_regimes);
    int status = OWED_EXIT_TROUBLE;
    if (r != NULL) {
        for (size_t i = 0; i < r->n_findings; i++)
            print_finding(r, &r->findings[i]);
        if (r->n_findings == 0)
            printf(_("%s: no finding\n"), c->file);
        status = r->n_findings ? OWED_EXIT_FINDING : OWED_EXIT_OK;
    }
    cli_release_report(r, c, regimes, n_regimes);
    return status;
}
