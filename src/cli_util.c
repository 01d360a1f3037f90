#include <config.h>

#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

const char *owed_program_name = "owed";

/* Copies `s` for one line of standard error: control characters (C0, DEL and C1, which a
 * file may carry into a message through a quoted value, e.g. &#10;) become '?', and a UTF-8
 * sequence cut short at the end (a message truncated to its buffer) is dropped.  So an error
 * is always one line and cannot forge another. */
static const char *one_line(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < size; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            buf[n++] = '?';
        } else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            buf[n++] = '?';
            p++;
        } else {
            buf[n++] = (char)*p;
        }
    }
    buf[n] = '\0';
    /* drop an incomplete last sequence: back up over continuation bytes to its lead byte */
    size_t k = n;
    while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && (unsigned char)buf[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)buf[k - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < want)
            buf[k - 1] = '\0';
    }
    return buf;
}

void cli_report(const owed_error *err)
{
    char file[2 * sizeof err->file], text[2 * sizeof err->text];
    one_line(file, sizeof file, err->file);
    one_line(text, sizeof text, err->text);
    if (err->file[0] && err->line > 0)
        fprintf(stderr, "%s: %s:%ld: %s\n", owed_program_name, file, err->line, text);
    else if (err->file[0])
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

int cli_output_open(cli_output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (path == NULL || strcmp(path, "-") == 0) {
        out->fp = stdout;
        return 0;
    }
    size_t n = strlen(path);
    out->path = strdup(path);
    out->tmp_path = malloc(n + sizeof ".tmpXXXXXX");
    if (out->path == NULL || out->tmp_path == NULL) {
        cli_fail(_("out of memory"));
        cli_output_abort(out);
        return -1;
    }
    memcpy(out->tmp_path, path, n);
    memcpy(out->tmp_path + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        cli_fail(_("%s: cannot create output: %s"), path, strerror(errno));
        free(out->tmp_path);
        out->tmp_path = NULL;
        cli_output_abort(out);
        return -1;
    }
    out->fp = fdopen(fd, "w");
    if (out->fp == NULL) {
        close(fd);
        cli_fail(_("%s: cannot create output: %s"), path, strerror(errno));
        cli_output_abort(out);
        return -1;
    }
    return 0;
}

int cli_output_commit(cli_output *out)
{
    if (out->path == NULL) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_fail(_("write error: %s"), strerror(errno));
            return -1;
        }
        return 0;
    }
    int failed = fflush(out->fp) != 0 || ferror(out->fp) || fsync(fileno(out->fp)) != 0;
    int saved = errno;
    if (fclose(out->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    out->fp = NULL;
    if (!failed && rename(out->tmp_path, out->path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        cli_fail(_("%s: write error: %s"), out->path, strerror(saved));
        cli_output_abort(out);
        return -1;
    }
    free(out->path);
    free(out->tmp_path);
    out->path = out->tmp_path = NULL;
    return 0;
}

void cli_output_abort(cli_output *out)
{
    if (out->fp != NULL && out->fp != stdout)
        fclose(out->fp);
    if (out->tmp_path != NULL)
        unlink(out->tmp_path);
    free(out->path);
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
