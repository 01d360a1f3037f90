/* owed import: one borrower's rows of a CSV loan book (owed-csv(5)) as a case file
 * (owed-case(5)), so that one loan of a bulk audit can be taken to a full statement. */
#include <config.h>

#include <errno.h>
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
    fprintf(fp, _("Usage: %s import [OPTION]... TERMS.csv EVENTS.csv\n"), owed_program_name);
    fputs(_("Write one borrower's loans and events of a CSV loan book (owed-csv(5)) as a case\n"
            "file (owed-case(5)), checked against the case schema.\n\n"
            "  -b, --borrower=NAME   the borrower to import (needed when the book has more\n"
            "                        than one)\n"
            "  -a, --as-of=DATE      the case's as-of date (default: the as_of column)\n"
            "  -o, --output=FILE     write to FILE (atomically) instead of standard output\n"
            "  -h, --help            display this help and exit\n\n"
            "Exit status: 0 written, 2 trouble (the message names the CSV file and line).\n"),
          fp);
}

static FILE *open_input(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        cli_fail(_("%s: cannot open: %s"), path, strerror(errno));
    return fp;
}

static void close_input(FILE *fp)
{
    if (fp != NULL && fp != stdin)
        fclose(fp);
}

/* Finds the group to import: the one named, or the only one.  NULL after reporting. */
static owed_loanbook_group *find_group(owed_ctx *ctx, owed_loanbook *book,
                                       const char *borrower, const char *terms)
{
    owed_loanbook_group *found = NULL, *g = NULL;
    for (;;) {
        if (owed_loanbook_next(ctx, book, &g) != OWED_OK) {
            cli_report_ctx(ctx);
            owed_loanbook_group_free(found);
            return NULL;
        }
        if (g == NULL)
            break;
        if (borrower != NULL ? strcmp(owed_loanbook_group_borrower(g), borrower) == 0
                             : found == NULL) {
            if (found != NULL) { /* cannot happen: rows are grouped */
                owed_loanbook_group_free(g);
                continue;
            }
            found = g;
            if (borrower != NULL)
                break;
            continue;
        }
        owed_loanbook_group_free(g);
        if (borrower == NULL) {
            cli_fail(_("%s: the book has more than one borrower: choose one with --borrower"),
                     terms);
            owed_loanbook_group_free(found);
            return NULL;
        }
    }
    if (found == NULL) {
        if (borrower != NULL)
            cli_fail(_("%s: no borrower '%s' in the book"), terms, borrower);
        else
            cli_fail(_("%s: the book has no loan"), terms);
    }
    return found;
}

int owed_cmd_import(int argc, char **argv)
{
    static const struct option longopts[] = {{"borrower", required_argument, NULL, 'b'},
                                             {"as-of", required_argument, NULL, 'a'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *borrower = NULL, *as_of = NULL, *output = NULL;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "b:a:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'b': borrower = optarg; break;
        case 'a': as_of = optarg; break;
        case 'o': output = optarg; break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("import");
        }
    }
    if (argc - optind != 2) {
        cli_fail(argc - optind < 2 ? _("missing terms or events file")
                                   : _("too many arguments"));
        return cli_try_help("import");
    }
    const char *terms_path = argv[optind], *events_path = argv[optind + 1];
    if (strcmp(terms_path, "-") == 0 && strcmp(events_path, "-") == 0) {
        cli_fail(_("only one of the two files can be standard input"));
        return OWED_EXIT_TROUBLE;
    }
    int status = OWED_EXIT_TROUBLE;
    FILE *terms = open_input(terms_path);
    FILE *events = terms ? open_input(events_path) : NULL;
    owed_ctx *ctx = NULL;
    owed_loanbook *book = NULL;
    owed_loanbook_group *g = NULL;
    char *xml = NULL;
    size_t len = 0;
    if (events == NULL || (ctx = cli_ctx_new()) == NULL)
        goto done;
    if (owed_loanbook_open(ctx, terms, terms_path, events, events_path, as_of, &book) !=
        OWED_OK) {
        cli_report_ctx(ctx);
        goto done;
    }
    if ((g = find_group(ctx, book, borrower, terms_path)) == NULL)
        goto done;
    char title[300];
    snprintf(title, sizeof title, _("Imported from %s and %s"), terms_path, events_path);
    if (owed_loanbook_group_case_file(ctx, g, title, &xml, &len) != OWED_OK) {
        cli_report_ctx(ctx);
        goto done;
    }
    cli_output out;
    if (cli_output_open(&out, output) != 0)
        goto done;
    if (fwrite(xml, 1, len, out.fp) != len) {
        cli_output_abort(&out);
        cli_fail(_("write error"));
        goto done;
    }
    if (cli_output_commit(&out) == 0)
        status = OWED_EXIT_OK;
done:
    owed_free(xml);
    owed_loanbook_group_free(g);
    owed_loanbook_free(book);
    owed_ctx_free(ctx);
    close_input(terms);
    close_input(events);
    return status;
}
