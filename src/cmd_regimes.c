/* owed regimes: list the legal regimes shipped with owed, or show one (shipped or a user's
 * file) with its cap periods, bands, rules and citations.  Built on the public library
 * alone (owed.h); the words of `show` are the library's (src/regime_describe.c). */
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
    fprintf(fp, _("Usage: %s regimes [list]\n"
                  "  or:  %s regimes show ID|FILE\n"),
            owed_program_name, owed_program_name);
    fputs(_("List the legal regimes shipped with owed, grouped by country (one line each:\n"
            "id, the dates it governs, English title, Chinese and Japanese titles), or\n"
            "show one regime with its cap periods, bands, rules and the citation of every\n"
            "rule.  ID names a shipped regime; FILE (a name with a\n"
            "'/' or ending in .xml) is a regime file of your own, read against the same\n"
            "schema; the format is described in owed-regime(5).\n"),
          fp);
    fputs(_("\n"
            "  -h, --help     display this help and exit\n"),
          fp);
    fputs(_("\nPoints that the law files leave unconfirmed are marked UNCONFIRMED.\n"), fp);
    fputs(_("\nExit status: 0 if all is well, 2 if there was trouble (an unknown regime,\n"
            "a file that is not a valid regime, bad usage).\n"),
          fp);
}

typedef struct listed {
    owed_regime *r;
    const char *id;
} listed;

/* By jurisdiction (the country part), then id. */
static int listed_cmp(const void *a, const void *b)
{
    const listed *x = a, *y = b;
    const char *jx = owed_regime_jurisdiction(x->r), *jy = owed_regime_jurisdiction(y->r);
    size_t nx = strcspn(jx, "-"), ny = strcspn(jy, "-");
    int c = strncmp(jx, jy, nx < ny ? nx : ny);
    if (c == 0 && nx != ny)
        c = nx < ny ? -1 : 1;
    return c != 0 ? c : strcmp(x->id, y->id);
}

/* One group per country ("Japan (JP):"), then one line per regime, indented: id, the dates
 * it governs in brackets, the English title, and the Chinese and Japanese titles. */
static int cmd_list(owed_ctx *ctx)
{
    char **ids;
    size_t n;
    if (owed_regime_ids(ctx, &ids, &n) != OWED_OK) {
        cli_report_ctx(ctx);
        return OWED_EXIT_TROUBLE;
    }
    int status = OWED_EXIT_OK;
    listed *all = calloc(n ? n : 1, sizeof *all);
    if (all == NULL) {
        owed_regime_ids_free(ids, n);
        cli_fail(_("out of memory"));
        return OWED_EXIT_TROUBLE;
    }
    size_t m = 0;
    int width = 0;
    for (size_t i = 0; i < n; i++) {
        if (owed_regime_open(ctx, ids[i], &all[m].r) != OWED_OK) {
            cli_report_ctx(ctx);
            status = OWED_EXIT_TROUBLE;
            continue;
        }
        all[m++].id = ids[i];
    }
    qsort(all, m, sizeof *all, listed_cmp);
    const char *group = NULL;
    size_t group_len = 0;
    for (size_t i = 0; i < m; i++) {
        const char *j = owed_regime_jurisdiction(all[i].r);
        size_t jl = strcspn(j, "-");
        if (group == NULL || jl != group_len || strncmp(j, group, jl) != 0) {
            printf("%s%s (%.*s):\n", group ? "\n" : "", owed_country_name(j), (int)jl, j);
            group = j;
            group_len = jl;
            /* the ids of one country line up */
            width = 0;
            for (size_t k = i; k < m; k++) {
                const char *jk = owed_regime_jurisdiction(all[k].r);
                if (strcspn(jk, "-") != jl || strncmp(jk, j, jl) != 0)
                    break;
                if ((int)strlen(all[k].id) > width)
                    width = (int)strlen(all[k].id);
            }
        }
        char *dates = owed_regime_dates(all[i].r);
        printf("  %-*s  [%s]  %s", width, all[i].id, dates ? dates : "?",
               owed_regime_title(all[i].r, "en"));
        owed_free(dates);
        if (owed_regime_has_title(all[i].r, "zh"))
            printf("  %s", owed_regime_title(all[i].r, "zh"));
        if (owed_regime_has_title(all[i].r, "ja"))
            printf("  %s", owed_regime_title(all[i].r, "ja"));
        putchar('\n');
    }
    for (size_t i = 0; i < m; i++)
        owed_regime_free(all[i].r);
    free(all);
    owed_regime_ids_free(ids, n);
    return status;
}

static int cmd_show(owed_ctx *ctx, const char *what)
{
    owed_regime *r;
    if (owed_regime_open(ctx, what, &r) != OWED_OK) {
        cli_report_ctx(ctx);
        return OWED_EXIT_TROUBLE;
    }
    owed_status st = owed_regime_write(ctx, r, stdout);
    owed_regime_free(r);
    if (st != OWED_OK) {
        if (st != OWED_E_IO) /* a failed write to stdout is main()'s to report, once */
            cli_report_ctx(ctx);
        return OWED_EXIT_TROUBLE;
    }
    return OWED_EXIT_OK;
}

/* list or show, with a context of the program's data directory */
static int run(const char *what)
{
    owed_ctx *ctx = cli_ctx_new();
    if (ctx == NULL)
        return OWED_EXIT_TROUBLE;
    int status = what ? cmd_show(ctx, what) : cmd_list(ctx);
    owed_ctx_free(ctx);
    return status;
}

int owed_cmd_regimes(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return OWED_EXIT_OK;
        default:
            if (optopt)
                cli_fail(_("unknown option '-%c'"), optopt);
            else
                cli_fail(_("unknown option '%s'"), argv[optind - 1]);
            return cli_try_help("regimes");
        }
    }
    int nargs = argc - optind;
    const char *action = nargs > 0 ? argv[optind] : "list";
    if (strcmp(action, "list") == 0) {
        if (nargs > 1) {
            cli_fail(_("'list' takes no argument"));
            return cli_try_help("regimes");
        }
        return run(NULL);
    }
    if (strcmp(action, "show") == 0) {
        if (nargs != 2) {
            cli_fail(nargs < 2 ? _("'show' needs a regime id or file")
                               : _("'show' takes one regime id or file"));
            return cli_try_help("regimes");
        }
        return run(argv[optind + 1]);
    }
    cli_fail(_("unknown action '%s' (use 'list' or 'show')"), action);
    return cli_try_help("regimes");
}
