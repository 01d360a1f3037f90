/* owed serve: a local web page to enter a case and read its statement (src/serve.h).
 * Built with GNU libmicrohttpd when configure found it; without it the command says so. */
#include <config.h>

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_lang.h"
#include "i18n.h"
#if HAVE_MICROHTTPD
#include "cli_public.h"
#include "serve.h"
#endif

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s serve [OPTION]...\n"), owed_program_name);
    fputs(_("Serve a web page, on this computer only, where the facts of a case are entered\n"
            "in a form (loans, payments, extensions, the lender's claim) and the statement\n"
            "is shown, with the case file and the statement to download.  A case file can\n"
            "be opened in the form to go on editing it.  Nothing is stored or logged.\n"
            "Prints the address to open, then serves until interrupted (Ctrl-C).\n\n"),
          fp);
    fputs(_("  -p, --port=N          listen on port N (default 8080; 0: any free port)\n"
            "      --lang=LL         language of the page and the statement: en, zh, ja\n"
            "                        (default: from the locale)\n"
            "      --listen=ADDR     listen on the IP address ADDR instead of 127.0.0.1\n"
            "                        (other computers could then reach the page: a warning\n"
            "                        is printed)\n"
            "  -h, --help            display this help and exit\n"),
          fp);
    fputs(_("\nExit status: 0 when stopped by a signal, 2 if there was trouble (bad usage,\n"
            "the port is in use, or this owed was built without GNU libmicrohttpd).\n"),
          fp);
}

enum { OPT_LISTEN = 256 };

int owed_cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {{"port", required_argument, NULL, 'p'},
                                             {"listen", required_argument, NULL, OPT_LISTEN},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *listen = "127.0.0.1";
    unsigned long port = 8080;
    int ch;
#if ENABLE_NLS
    const char *localedir = getenv("OWED_LOCALEDIR"); /* as in cmd_statement.c: the tests */
    if (localedir && *localedir)
        bindtextdomain(PACKAGE, localedir);
#endif
    optind = 1;
    while ((ch = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'p': {
            char *end;
            port = strtoul(optarg, &end, 10);
            if (end == optarg || *end != '\0' || port > 65535) {
                cli_fail(_("invalid port '%s' (a number from 0 to 65535)"), optarg);
                return cli_try_help("serve");
            }
            break;
        }
        case OPT_LISTEN: listen = optarg; break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("serve");
        }
    }
    if (optind != argc) {
        cli_fail(_("'serve' takes no file"));
        return cli_try_help("serve");
    }
#if HAVE_MICROHTTPD
    char lang[8];
    cli_message_language(lang);
    owed_ctx *ctx = cli_ctx_new(); /* the data directory and the message language */
    if (ctx == NULL)
        return OWED_EXIT_TROUBLE;
    const struct lconv *lc = localeconv(); /* numbers in the statements as the locale says */
    if (owed_ctx_set_number_format(ctx, lc->decimal_point, lc->thousands_sep, lc->grouping) !=
        OWED_OK) {
        cli_report_ctx(ctx);
        owed_ctx_free(ctx);
        return OWED_EXIT_TROUBLE;
    }
    serve_options opt = {.listen = listen, .port = (unsigned)port, .lang = lang, .ctx = ctx};
    int status = serve_run(&opt);
    owed_ctx_free(ctx);
    return status;
#else
    (void)listen;
    (void)port;
    cli_fail(_("this owed was built without GNU libmicrohttpd: 'serve' is not available "
               "(install libmicrohttpd-dev and build again)"));
    return OWED_EXIT_TROUBLE;
#endif
}
