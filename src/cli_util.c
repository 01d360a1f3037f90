#include <config.h>

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "owed.h"

const char *owed_program_name = "owed";

void cli_report_at(const char *file_in, long line, const char *text_in)
{
    /* one line each, whatever the file or message holds (owed_text_line); twice the
       library's longest file name and message, room for the visible escapes */
    char file[512], text[1024];
    owed_text_line(file, sizeof file, file_in);
    owed_text_line(text, sizeof text, text_in);
    if (file[0] && line > 0)
        fprintf(stderr, "%s: %s:%ld: %s\n", owed_program_name, file, line, text);
    else if (file[0])
        fprintf(stderr, "%s: %s: %s\n", owed_program_name, file, text);
    else
        fprintf(stderr, "%s: %s\n", owed_program_name, text);
}

void cli_fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", owed_program_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_try_help(const char *cmd)
{
    if (cmd)
        fprintf(stderr, _("Try '%s %s --help' for more information.\n"), owed_program_name, cmd);
    else
        fprintf(stderr, _("Try '%s --help' for more information.\n"), owed_program_name);
    return OWED_EXIT_TROUBLE;
}

/* ---- output files --------------------------------------------------------------------
 * A regular file (or a name not yet taken) is written to a temporary file in the same
 * directory, with a short name of its own (".owed-XXXXXX", within NAME_MAX whatever the
 * target's name), then renamed over the target: a reader sees the old file or the new one,
 * never half of one.  A symbolic link to a regular file is followed (the temporary file goes
 * beside the file it names, and the link stays), except when that file is standard output's
 * (`-o /dev/stdout >> log.txt`): it is written through standard output, at its offset, and
 * what it held stays.  A character device or a FIFO that exists
 * (/dev/stdout, /dev/null, a named pipe) is written in place, never replaced: rename() over
 * it would put a regular file in its place.  Anything else that exists (a directory, a
 * block device, a socket) is refused.  So is a target that is the same file as an input
 * (input_ids.h).  The file gets the mode of the file it replaces, else 0666 less the umask.
 *
 * While a temporary file exists, SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGXFSZ remove it
 * before the signal takes its course (a handler that calls only unlink(), signal() and
 * raise(), on a path copied beforehand into a static buffer).  One output at a time. */

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};
#define N_CLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])
static char cleanup_path[PATH_MAX];
static volatile sig_atomic_t cleanup_armed;
static struct sigaction cleanup_saved[N_CLEANUP_SIGNALS];
static int cleanup_installed;

static void cleanup_on_signal(int sig)
{
    if (cleanup_armed)
        unlink(cleanup_path);
    cleanup_armed = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void cleanup_arm(const char *tmp_path)
{
    size_t n = strlen(tmp_path);
    if (n >= sizeof cleanup_path)
        return; /* cannot happen: the path was created, so it fits PATH_MAX */
    memcpy(cleanup_path, tmp_path, n + 1);
    cleanup_armed = 1;
    if (cleanup_installed)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cleanup_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
        sigaction(cleanup_signals[i], NULL, &cleanup_saved[i]);
        if (cleanup_saved[i].sa_handler != SIG_IGN) /* nohup and friends stay obeyed */
            sigaction(cleanup_signals[i], &sa, NULL);
    }
    cleanup_installed = 1;
}

static void cleanup_disarm(void)
{
    cleanup_armed = 0;
    if (!cleanup_installed)
        return;
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
        sigaction(cleanup_signals[i], &cleanup_saved[i], NULL);
    cleanup_installed = 0;
}

/* The directory part of `path` ("." when none), as a new string. */
static char *directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    return dir;
}

/* Reports "PATH: cannot create output: REASON" (or "cannot open output" for a device or
 * FIFO written in place), aborts, returns -1. */
static int output_fail(cli_output *out, int in_place, const char *path, int e)
{
    if (in_place)
        cli_fail(_("%s: cannot open output: %s"), path, strerror(e));
    else
        cli_fail(_("%s: cannot create output: %s"), path, strerror(e));
    cli_output_abort(out);
    return -1;
}

int cli_output_open(cli_output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (path == NULL || strcmp(path, "-") == 0) {
        out->fp = stdout;
        return 0;
    }
    out->path = strdup(path);
    if (out->path == NULL) {
        cli_fail(_("out of memory"));
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    mode_t mode = 0666 & ~mask;
    const char *target = path; /* the file to replace: path, or what its link names */
    char *resolved = NULL;
    struct stat sb, lsb;
    if (stat(path, &sb) == 0) {
        const char *input = owed_inputs_find((unsigned long long)sb.st_dev,
                                                (unsigned long long)sb.st_ino);
        if (input != NULL) {
            /* the output would replace (or overwrite) facts it was computed from */
            cli_fail(_("%s: the output file is the input file %s"), path, input);
            cli_output_abort(out);
            return -1;
        }
        if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode)) {
            int fd = open(path, O_WRONLY | O_NOCTTY);
            if (fd < 0)
                return output_fail(out, 1, path, errno);
            out->fp = fdopen(fd, "w");
            if (out->fp == NULL) {
                int e = errno;
                close(fd);
                return output_fail(out, 1, path, e);
            }
            out->in_place = 1;
            return 0;
        }
        if (!S_ISREG(sb.st_mode)) {
            cli_fail(_("%s: cannot write output: not a regular file, a character device or "
                       "a FIFO"),
                     path);
            cli_output_abort(out);
            return -1;
        }
        struct stat osb;
        if (fstat(STDOUT_FILENO, &osb) == 0 && osb.st_dev == sb.st_dev &&
            osb.st_ino == sb.st_ino) {
            /* -o /dev/stdout >> log.txt: the file standard output writes to is written
               through it, at its offset; replacing it would lose what it held */
            out->fp = stdout;
            out->in_place = 1;
            return 0;
        }
        mode = sb.st_mode & 07777;
        if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
            resolved = realpath(path, NULL);
            if (resolved == NULL)
                return output_fail(out, 0, path, errno);
            target = resolved;
        }
    } else if (errno == ENOENT && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
        /* a link to nothing: creating its target would write where the name does not say */
        cli_fail(_("%s: cannot create output: a symbolic link to a file that does not "
                   "exist"),
                 path);
        cli_output_abort(out);
        return -1;
    }
    char *dir = directory_of(target);
    size_t dn = dir ? strlen(dir) : 0;
    out->target = strdup(target);
    out->tmp_path = dir ? malloc(dn + sizeof "/.owed-XXXXXX") : NULL;
    free(resolved);
    if (out->target == NULL || out->tmp_path == NULL) {
        free(dir);
        cli_fail(_("out of memory"));
        cli_output_abort(out);
        return -1;
    }
    memcpy(out->tmp_path, dir, dn);
    memcpy(out->tmp_path + dn, "/.owed-XXXXXX", sizeof "/.owed-XXXXXX");
    free(dir);
    /* the cleanup signals wait while the file is made and the cleanup armed: one caught
       between mkstemp and cleanup_arm would leave the file behind */
    sigset_t block, saved_mask;
    sigemptyset(&block);
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
        sigaddset(&block, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &block, &saved_mask);
    int fd = mkstemp(out->tmp_path);
    int made_errno = errno;
    if (fd >= 0)
        cleanup_arm(out->tmp_path);
    sigprocmask(SIG_SETMASK, &saved_mask, NULL); /* a signal that waited is taken here */
    if (fd < 0) {
        free(out->tmp_path);
        out->tmp_path = NULL;
        return output_fail(out, 0, path, made_errno);
    }
    if (fchmod(fd, mode) != 0) {
        int e = errno;
        close(fd);
        return output_fail(out, 0, path, e);
    }
    out->fp = fdopen(fd, "w");
    if (out->fp == NULL) {
        int e = errno;
        close(fd);
        return output_fail(out, 0, path, e);
    }
    return 0;
}

void cli_output_write_failed(cli_output *out, int errnum)
{
    const char *name = out->path ? out->path : _("standard output");
    if (errnum != 0)
        cli_fail(_("%s: write error: %s"), name, strerror(errnum));
    else
        cli_fail(_("%s: write error"), name);
    cli_output_abort(out);
}

int cli_output_commit(cli_output *out)
{
    if (out->path == NULL) {
        errno = 0;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_fail(_("%s: write error: %s"), _("standard output"),
                     strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    errno = 0;
    int failed = fflush(out->fp) != 0 || ferror(out->fp) ||
                 (!out->in_place && fsync(fileno(out->fp)) != 0);
    int saved = errno ? errno : EIO;
    if (out->fp != stdout && fclose(out->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    out->fp = NULL;
    if (!failed && !out->in_place && rename(out->tmp_path, out->target) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        cli_fail(_("%s: write error: %s"), out->path, strerror(saved));
        cli_output_abort(out);
        return -1;
    }
    cleanup_disarm();
    free(out->path);
    free(out->target);
    free(out->tmp_path);
    memset(out, 0, sizeof *out);
    return 0;
}

void cli_output_abort(cli_output *out)
{
    if (out->fp != NULL && out->fp != stdout)
        fclose(out->fp);
    if (out->tmp_path != NULL)
        unlink(out->tmp_path);
    cleanup_disarm();
    free(out->path);
    free(out->target);
    free(out->tmp_path);
    memset(out, 0, sizeof *out);
}

const char *cli_datadir(void)
{
    const char *env = getenv("OWED_DATADIR");
    if (env && *env)
        return env;
    /* Installed data first; a program run from its build tree, before `make install`,
     * uses the source tree's data/ instead (OWED_SOURCE_DATADIR is set at build time). */
    if (access(PKGDATADIR "/schema/case.xsd", R_OK) == 0)
        return PKGDATADIR;
    return OWED_SOURCE_DATADIR;
}

const char *cli_schema_path(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/schema/%s", cli_datadir(), name);
    return path;
}

void cli_note_input(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOCTTY);
    if (fd >= 0) {
        owed_inputs_note(fd, path);
        close(fd);
    }
}
