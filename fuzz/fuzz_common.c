/* Shared helpers of the fuzz targets: see fuzz_common.h. */
#include <config.h>

#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef OWED_FUZZ_DATADIR
#define OWED_FUZZ_DATADIR "data"
#endif

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
    abort();
}

const char *fuzz_datadir(void)
{
    const char *env = getenv("OWED_DATADIR");
    return env && *env ? env : OWED_FUZZ_DATADIR;
}

const char *fuzz_schema(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/schema/%s", fuzz_datadir(), name);
    return path;
}

static char temp_path[4096];

static void remove_temp(void)
{
    if (temp_path[0])
        unlink(temp_path);
}

const char *fuzz_temp_file(const uint8_t *data, size_t size)
{
    if (!temp_path[0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(temp_path, sizeof temp_path, "%s/owed-fuzz-XXXXXX.xml",
                 dir && *dir ? dir : "/tmp");
        int fd = mkstemps(temp_path, 4);
        if (fd < 0) {
            perror("owed fuzz: mkstemps");
            abort();
        }
        close(fd);
        atexit(remove_temp);
    }
    FILE *fp = fopen(temp_path, "wb");
    if (fp == NULL || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
        perror("owed fuzz: writing the input");
        abort();
    }
    return temp_path;
}

char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s != NULL) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

void fuzz_check_error(const owed_error *err, int file_expected)
{
    FUZZ_ASSERT(err->code != OWED_OK);
    FUZZ_ASSERT(err->code >= OWED_E_NOMEM && err->code <= OWED_E_NOROOT);
    FUZZ_ASSERT(memchr(err->text, '\0', sizeof err->text) != NULL);
    FUZZ_ASSERT(err->text[0] != '\0');
    FUZZ_ASSERT(memchr(err->file, '\0', sizeof err->file) != NULL);
    FUZZ_ASSERT(err->line >= 0);
    if (file_expected)
        FUZZ_ASSERT(err->file[0] != '\0');
}
