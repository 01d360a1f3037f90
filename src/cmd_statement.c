/* owed statement: recompute a case and write its statement. */
#include <config.h>

#include <errno.h>

#include <getopt.h>
#include <sys/stat.h>
#include <locale.h>
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
            "                        (or zh_CN); default: from the locale\n"
            "  -o, --output=FILE     write to FILE (atomically) instead of standard output\n"
            "  -x, --exact           show the exact value beside every rounded figure\n"
            "      --no-ledger       leave out the posting-by-posting ledger\n"
            "  -h, --help            display this help and exit\n"),
          fp);
}

/* Switches the language of messages (gettext) to `lang` ("en", "zh", "zh_CN",
 * "zh_CN.UTF-8"): GNU gettext reads LANGUAGE before the locale, but ignores it while the
 * messages locale is "C", so a C or POSIX messages locale is moved to C.UTF-8 (the
 * catalogs are bound to UTF-8 output in any case).  Setting the locale again also makes
 * gettext forget the translations it has already looked up.  Returns -1 when `lang` is
 * not of the form ll, ll_CC, ll_CC.CODESET. */
static int set_language(const char *lang)
{
    size_t n = strspn(lang, "abcdefghijklmnopqrstuvwxyz");
    if (n < 2 || n > 3)
        return -1;
    char ll[4] = "";
    memcpy(ll, lang, n);
    char cc[3] = "";
    const char *p = lang + n;
    if (*p == '_' || *p == '-') {
        if (strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != 2)
            return -1;
        cc[0] = (char)(p[1] & ~0x20);
        cc[1] = (char)(p[2] & ~0x20);
        p += 3;
    }
    if (*p == '.')
        p += 1 + strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
    if (*p != '\0')
        return -1;
    if (cc[0] == '\0' && strcmp(ll, "zh") == 0)
        strcpy(cc, "CN"); /* Simplified Chinese: the catalog is zh_CN */
    char value[32];
    if (cc[0])
        snprintf(value, sizeof value, "%s_%s:%s", ll, cc, ll);
    else
        snprintf(value, sizeof value, "%s", ll);
    if (setenv("LANGUAGE", value, 1) != 0)
        return -1;
    /* Messages of the C library (strerror) are converted to the character set of
     * LC_CTYPE: under the C locale that is ASCII, where Chinese prints as '?'.  The
     * program writes UTF-8 in any case. */
    const char *ctype = setlocale(LC_CTYPE, NULL);
    if (ctype == NULL || strcmp(ctype, "C") == 0 || strcmp(ctype, "POSIX") == 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    const char *cur = setlocale(LC_MESSAGES, NULL);
    if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
        if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL) {
            char loc[40];
            snprintf(loc, sizeof loc, "%s%s%s.UTF-8", ll, cc[0] ? "_" : "", cc);
            setlocale(LC_MESSAGES, loc);
        }
    } else {
        char *saved = strdup(cur);
        if (saved)
            setlocale(LC_MESSAGES, saved);
        free(saved);
    }
    return 0;
}

/* The language of the messages in use, as the catalog's header names it ("Language:
 * zh_CN" gives "zh"); "en" when no catalog is in use (the messages are the English
 * originals). */
static void message_language(char out[8])
{
    strcpy(out, "en");
#if ENABLE_NLS
    static const char header_msgid[] = ""; /* a variable: xgettext is not to extract it */
    const char *h = dgettext(PACKAGE, header_msgid);
    const char *l = h ? strstr(h, "Language: ") : NULL;
    if (l) {
        l += strlen("Language: ");
        size_t n = strspn(l, "abcdefghijklmnopqrstuvwxyz");
        if (n >= 2 && n <= 3) {
            memcpy(out, l, n);
            out[n] = '\0';
        }
    }
#endif
}

typedef owed_status (*writer_fn)(FILE *, const owed_report *, const owed_statement_options *,
                                 owed_error *);

static writer_fn find_writer(const char *format)
{
    static const struct {
        const char *name;
        writer_fn fn;
    } writers[] = {{"text", owed_statement_write_text},
                   {"html", owed_statement_write_html},
                   {"xml", owed_statement_write_xml},
                   {"csv", owed_statement_write_csv}};
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcmp(format, writers[i].name) == 0)
            return writers[i].fn;
    return NULL;
}

enum { OPT_NO_LEDGER = 256, OPT_LANG, MAX_REGIMES = 16 };

int owed_cmd_statement(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"as-of", required_argument, NULL, 'a'},  {"regime", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"exact", no_argument, NULL, 'x'},        {"no-ledger", no_argument, NULL, OPT_NO_LEDGER},
        {"lang", required_argument, NULL, OPT_LANG},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *as_of_text = NULL, *output = NULL, *format = "text";
    char *regime_names[MAX_REGIMES];
    size_t n_names = 0, n_regimes = 0;
    owed_statement_options opt = {.exact = 0, .ledger = 1};
    int ch;
#if ENABLE_NLS
    /* A catalog tree other than the installed one: the tests run the program before
     * `make install` (tests/lang-zh.sh).  Only main() binds the domain otherwise. */
    const char *localedir = getenv("OWED_LOCALEDIR");
    if (localedir && *localedir)
        bindtextdomain(PACKAGE, localedir);
#endif
    optind = 1;
    while ((ch = getopt_long(argc, argv, "a:r:f:o:xh", longopts, NULL)) != -1) {
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
        case 'x': opt.exact = 1; break;
        case OPT_NO_LEDGER: opt.ledger = 0; break;
        case OPT_LANG:
            if (set_language(optarg) != 0) {
                cli_fail(_("invalid language '%s' (use for example en, zh or zh_CN)"), optarg);
                return cli_try_help("statement");
            }
            break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("statement");
        }
    }
    writer_fn write_fn = find_writer(format);
    if (write_fn == NULL) {
        cli_fail(_("unknown format '%s' (use text, html, xml or csv)"), format);
        return cli_try_help("statement");
    }
    char lang[8];
    message_language(lang);
    opt.lang = lang;
    const struct lconv *lc = localeconv();
    opt.numeric.decimal_point = lc->decimal_point;
    opt.numeric.thousands_sep = lc->thousands_sep;
    opt.numeric.grouping = lc->grouping;
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
    owed_error err;
    owed_error_clear(&err);
    owed_case *c = NULL;
    owed_regime **regimes = NULL;
    owed_report *r =
        cli_build_report(argv[optind], as_of_text, regime_names, n_names, 1, &c, &regimes,
                         &n_regimes);
    int status = OWED_EXIT_TROUBLE;
    if (r != NULL) {
        cli_output out;
        if (cli_output_open(&out, output) == 0) {
            errno = 0;
            if (write_fn(out.fp, r, &opt, &err) != OWED_OK) {
                if (err.code == OWED_E_IO) /* the writer's "write error": say where and why */
                    cli_output_write_failed(&out, errno);
                else {
                    cli_report(&err);
                    cli_output_abort(&out);
                }
            } else if (cli_output_commit(&out) == 0) {
                status = OWED_EXIT_OK;
            }
        }
    }
    cli_release_report(r, c, regimes, n_regimes);
    return status;
}
