/* The command-line front: argument parsing, messages, exit statuses, output files.
 * Everything here may print and exit; nothing in the library does. */
#ifndef OWED_CLI_H
#define OWED_CLI_H

#include <stdio.h>

/* Exit statuses (design section 3).  Scripts depend on them: keep them stable. */
enum owed_exit {
    OWED_EXIT_OK = 0,      /* done; for `check`: every figure within the caps */
    OWED_EXIT_FINDING = 1, /* `check` found a cap exceeded or a claim above what is owed */
    OWED_EXIT_TROUBLE = 2  /* bad input, bad usage, or a failure to read or write */
};

extern const char *owed_program_name;

/* Subcommands: each gets argv with argv[0] = the subcommand's name and returns an exit
 * status. */
int owed_cmd_statement(int argc, char **argv);
int owed_cmd_check(int argc, char **argv);
int owed_cmd_validate(int argc, char **argv);
int owed_cmd_apr(int argc, char **argv);
int owed_cmd_regimes(int argc, char **argv);
int owed_cmd_serve(int argc, char **argv);
int owed_cmd_import(int argc, char **argv);
int owed_cmd_batch(int argc, char **argv);

/* Prints `owed: FILE:LINE: message` (or `owed: FILE: message` without a line, `owed:
 * message` without a file: file NULL or "") on stderr, each part on one line. */
void cli_report_at(const char *file, long line, const char *text);

/* Prints `owed: message` on stderr, printf-style. */
void cli_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Prints "Try 'owed CMD --help'" on stderr and returns OWED_EXIT_TROUBLE. */
int cli_try_help(const char *cmd);

/* Output written atomically: to a temporary file beside the target, renamed over it only
 * when everything was written (see cli_util.c for devices, FIFOs, links, modes, signals).
 * With path NULL or "-" it is standard output.  The target is refused when it is the same
 * file as one the run has read (input_ids.h).  After cli_output_abort() nothing is left
 * behind, and the target is untouched. */
typedef struct cli_output {
    FILE *fp;
    char *path;     /* the target as given, NULL for stdout */
    char *tmp_path; /* temporary file, NULL for stdout and in-place outputs */
    char *target;   /* the file renamed over: path, or the file its link names */
    int in_place;   /* a character device or FIFO, written directly */
} cli_output;

int cli_output_open(cli_output *out, const char *path);   /* 0, or -1 after reporting */
int cli_output_commit(cli_output *out);                   /* 0, or -1 after reporting */
void cli_output_abort(cli_output *out);
/* Reports "FILE: write error: REASON" (errnum 0: no reason known) and aborts. */
void cli_output_write_failed(cli_output *out, int errnum);

/* Notes the file `path` as one the run reads (input_ids.h), when it can be opened, so that
 * an output opened before the file is read cannot replace it. */
void cli_note_input(const char *path);

/* The directory of data (schemas, regimes, tables): $OWED_DATADIR when set; else the
 * configured pkgdatadir when the data is installed there; else the source tree's data/
 * (a program run from its build tree before `make install`). */
const char *cli_datadir(void);

/* The path of schema NAME ("case.xsd") in cli_datadir(); a static buffer. */
const char *cli_schema_path(const char *name);

#endif
