/* owed statement: recompute a case and write its statement.  Built on the public library
 * alone (owed.h, through cli_public.h). */
#include <config.h>

#include <errno.h>

#include <getopt.h>
#include <sys/stat.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <owed.h>

#include "cli.h"
#include "cli_lang.h"
#include "cli_public.h"
#include "i18n.h"

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
            "                        'owed regimes list'); 'auto': the shipped regime that\n"
            "                        governs the case's dates and lenders (the default when\n"
            "                        the case gives a filing date or a lender kind)\n"
            "  -a, --as-of=DATE      state the balance on DATE (YYYY-MM-DD) instead of the\n"
            "                        case's as-of date; later events are left out\n"
            "  -f, --format=FORMAT   output format: text (default), html (one page,\n"
            "                        printable on A4, with a chart), xml (every figure\n"
            "                        exact and rounded; see owed-statement(5)) or csv\n"
            "                        (the replay ledger)\n"
            "      --lang=LL         language of the statement and the messages: en, zh\n"
            "                        (or zh_CN), ja; default: from the locale\n"
            "  -o, --output=FILE     write to FILE (atomically) instead of standard output\n"
            "  -x, --exact           show the exact value beside every rounded figure\n"
            "      --no-ledger       leave out the posting-by-posting ledger\n"
            "  -h, --help            display this help and exit\n"),
          fp);
    fputs(_("  -b, --brief           text: one screen in the reader's language -- what the\n"
            "                        lender claims, what is owed per contract and by law,\n"
            "                        the overcharge and the refund, and what to do (the\n"
            "                        HTML page starts with the same summary)\n"
            "      --prepared-by=TEXT  text and HTML: end with a block naming who prepared\n"
            "                        the statement, with room for a date and a signature\n"),
          fp);
    fputs(_("      --bom             CSV: start with a UTF-8 byte order mark, so that\n"
            "                        spreadsheets (Excel) read the Chinese in it\n"),
          fp);
}

/* The formats by name. */
static int find_format(const char *name, owed_format *out)
{
    static const struct {
        const char *name;
        owed_format format;
    } formats[] = {{"text", OWED_FORMAT_TEXT},
                   {"html", OWED_FORMAT_HTML},
                   {"xml", OWED_FORMAT_XML},
                   {"csv", OWED_FORMAT_CSV}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].format;
            return 0;
        }
    return -1;
}

enum { OPT_NO_LEDGER = 256, OPT_LANG, OPT_PREPARED_BY, OPT_BOM, MAX_REGIMES = 16 };

int owed_cmd_statement(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"as-of", required_argument, NULL, 'a'},  {"regime", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"exact", no_argument, NULL, 'x'},        {"no-ledger", no_argument, NULL, OPT_NO_LEDGER},
        {"lang", required_argument, NULL, OPT_LANG},
        {"brief", no_argument, NULL, 'b'},
        {"prepared-by", required_argument, NULL, OPT_PREPARED_BY},
        {"bom", no_argument, NULL, OPT_BOM},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *as_of_text = NULL, *output = NULL, *format = "text", *prepared_by = NULL;
    char *regime_names[MAX_REGIMES];
    size_t n_names = 0, n_regimes = 0;
    unsigned flags = 0;
    int ch, brief = 0, bom = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "a:r:f:o:xbh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'a': as_of_text = optarg; break;
        case 'r':
            if (n_names == MAX_REGIMES) {
                cli_fail(_("at most %d regimes at once"), MAX_REGIMES);
                return OWED_EXIT_TROUBLE;
            }
            regime_names[n_names++] = optarg;
            break;
        case 'f': format = optarg; break;
        case 'o': output = optarg; break;
        case 'x': flags |= OWED_WRITE_EXACT; break;
        case 'b': brief = 1; break;
        case OPT_PREPARED_BY: prepared_by = optarg; break;
        case OPT_BOM: bom = 1; break;
        case OPT_NO_LEDGER: flags |= OWED_WRITE_NO_LEDGER; break;
        case OPT_LANG: /* main() takes --lang out of the arguments; kept for getopt's sake */
            if (cli_set_language(optarg) != 0)
                return OWED_EXIT_TROUBLE;
            break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("statement");
        }
    }
    owed_format fmt;
    if (find_format(format, &fmt) != 0) {
        cli_fail(_("unknown format '%s' (use text, html, xml or csv)"), format);
        return cli_try_help("statement");
    }
    if (bom && fmt != OWED_FORMAT_CSV) {
        cli_fail(_("--bom is for the CSV format"));
        return cli_try_help("statement");
    }
    if (brief) {
        if (fmt != OWED_FORMAT_TEXT) {
            cli_fail(_("--brief is for the text format (the HTML page starts with the brief)"));
            return cli_try_help("statement");
        }
        fmt = OWED_FORMAT_BRIEF;
    }
    if (optind != argc - 1) {
        cli_fail(optind >= argc ? _("missing case file") : _("one case file at a time"));
        return cli_try_help("statement");
    }
    struct stat in_st, out_st;
    if (output && stat(argv[optind], &in_st) == 0 && stat(output, &out_st) == 0 &&
        in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino) {
        /* the statement would replace the facts it was computed from */
        cli_fail(_("%s: the output file is the case file"), output);
        return OWED_EXIT_TROUBLE;
    }
    owed_ctx *ctx = cli_ctx_new();
    if (ctx == NULL)
        return OWED_EXIT_TROUBLE;
    /* numbers as the locale writes them (LC_NUMERIC), in text and HTML */
    const struct lconv *lc = localeconv();
    if (owed_ctx_set_number_format(ctx, lc->decimal_point, lc->thousands_sep, lc->grouping) !=
            OWED_OK ||
        owed_ctx_set_preparer(ctx, prepared_by) != OWED_OK) {
        cli_report_ctx(ctx);
        owed_ctx_free(ctx);
        return OWED_EXIT_TROUBLE;
    }
    owed_case *c = NULL;
    owed_regime **regimes = NULL;
    owed_report *r = cli_public_report(ctx, argv[optind], as_of_text, regime_names, n_names, 1,
                                       &c, &regimes, &n_regimes);
    int status = OWED_EXIT_TROUBLE;
    if (r != NULL) {
        cli_output out;
        if (cli_output_open(&out, output) == 0) {
            /* a byte order mark: spreadsheets (Excel on Chinese Windows) read the file as
             * UTF-8 only when it starts with one */
            if (bom)
                fputs("\xEF\xBB\xBF", out.fp);
            errno = 0;
            if (owed_report_write(ctx, r, fmt, flags, out.fp) != OWED_OK) {
                if (owed_ctx_error_code(ctx) == OWED_E_IO) /* "write error": say where, why */
                    cli_output_write_failed(&out, errno);
                else {
                    cli_report_ctx(ctx);
                    cli_output_abort(&out);
                }
            } else if (cli_output_commit(&out) == 0) {
                status = OWED_EXIT_OK;
            }
        }
    }
    cli_public_release(r, c, regimes, n_regimes);
    owed_ctx_free(ctx);
    return status;
}
