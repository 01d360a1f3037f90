/* owed: the command-line entry point.  It sets up locale and messages, then hands the
 * arguments to one subcommand (src/cmd_*.c). */
#include <config.h>

#include <gmp.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_gmp_memory.h"

#if defined(__SANITIZE_ADDRESS__)
#define OWED_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OWED_ASAN 1
#endif
#endif
#ifndef OWED_ASAN
#define OWED_ASAN 0
#endif
#include "cli_lang.h"
#include "i18n.h"
#include "owed.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* translated at display */
};

static const struct command commands[] = {
    {"statement", owed_cmd_statement, N_("recompute a case and print its statement")},
    {"check", owed_cmd_check, N_("exit 1 when a case shows a finding, 0 when none")},
    {"validate", owed_cmd_validate, N_("check case files against the schema and the facts")},
    {"apr", owed_cmd_apr, N_("annual rate of a set of dated cash flows")},
    {"regimes", owed_cmd_regimes, N_("list the legal regimes or show one with its rules")},
    {"serve", owed_cmd_serve, N_("a local web page to enter a case and read its statement")},
    {"import", owed_cmd_import, N_("write one borrower of a CSV loan book as a case file")},
    {"batch", owed_cmd_batch, N_("audit a CSV loan book: one verdict row per loan and regime")},
};

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s COMMAND [OPTION]... [ARGUMENT]...\n"), owed_program_name);
    fputs(_("Recompute, in exact arithmetic, what a borrower owes on a set of loans,\n"
            "what the loans cost as an annual rate, and whether charges break legal caps.\n"),
          fp);
    fputs(_("\nCommands:\n"), fp);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s  %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\n"
            "  -h, --help     display this help and exit\n"
            "  -V, --version  output version information and exit\n"),
          fp);
    fputs(_("      --lang=LL  language of the messages and statements: en, zh (or zh_CN), ja;\n"
            "                 before the command or among its options; default: the locale\n"),
          fp);
    fprintf(fp, _("\nRun '%s COMMAND --help' for the options of a command.\n"), owed_program_name);
    fputs(_("\nExit status: 0 if all is well, 1 if 'check' or 'batch' found a cap exceeded or\n"
            "a claim above what is owed, 2 if there was trouble (bad input, usage, I/O).\n"),
          fp);
}

static void version(void)
{
    printf("owed %s\n", PACKAGE_VERSION);
    fputs(_("Exact arithmetic by GMP; XML by libxml2.\n"
            "This is free software: you are free to change and redistribute it.\n"),
          stdout);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* GnuTLS (pulled in by libmicrohttpd for `owed serve`) installs, when it is loaded,
     * GMP memory functions that zero every block they free or move: about a tenth of the
     * instructions of `owed batch`.  No number of ours is a secret, and GnuTLS itself is
     * only ever used without TLS here, so the program puts its own in their place before
     * it makes any number: GMP's malloc and free, with small blocks kept for reuse
     * (cli_gmp_memory.h).  Blocks GnuTLS may have made with its functions are plain malloc
     * blocks, which these release correctly.  Under AddressSanitizer GMP keeps its own, so
     * that every block it frees is one ASan watches (tests/check_gmp_memory tests ours). */
#if OWED_ASAN
    mp_set_memory_functions(NULL, NULL, NULL);
#else
    cli_gmp_memory_install();
#endif
    cli_bind_messages();
    int lang_status = cli_take_language_options(&argc, argv);
    if (lang_status != OWED_EXIT_OK)
        return lang_status;
    owed_inputs_record(); /* so that -o can refuse to replace an input */
    if (argc < 2) {
        cli_fail(_("missing command"));
        return cli_try_help(NULL);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 ? OWED_EXIT_OK : OWED_EXIT_TROUBLE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        version();
        return fflush(stdout) == 0 ? OWED_EXIT_OK : OWED_EXIT_TROUBLE;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            int status = commands[i].run(argc - 1, argv + 1);
            if (fflush(stdout) != 0 || ferror(stdout)) {
                cli_fail(_("write error"));
                return OWED_EXIT_TROUBLE;
            }
            return status;
        }
    cli_fail(_("unknown command '%s'"), cmd);
    return cli_try_help(NULL);
}
