/* Errors with a location.
 *
 * The library never prints and never exits: every function that can fail takes an
 * `owed_error *` (which may be NULL when the caller does not care), fills it on failure
 * and returns a non-zero status.  On success the error is left untouched.  The CLI turns
 * an error into a GNU-style line `owed: FILE:LINE: message` and an exit status. */
#ifndef OWED_ERROR_H
#define OWED_ERROR_H

#include <stddef.h>

#include "owed.h"

/* owed_status (OWED_OK, OWED_E_*) is part of the public interface: see owed.h. */

typedef struct owed_error {
    owed_status code;
    char file[256]; /* source file of the input, "" when none */
    long line;      /* 1-based line in `file`, 0 when none */
    char text[512]; /* the message, already translated, without file or line */
} owed_error;

/* Fills `err` (when not NULL) and returns `code`, so that callers can write
 * `return owed_error_set(err, OWED_E_SYNTAX, file, line, "...", ...);`. */
owed_status owed_error_set(owed_error *err, owed_status code, const char *file, long line,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Resets `err` (when not NULL) to "no error": code OWED_OK, line 0, file and text "";
 * the bytes past the texts' ends are left as they were (nothing reads them).  Inline
 * (C99: error.c holds its external definition). */
inline void owed_error_clear(owed_error *err)
{
    if (err == NULL)
        return;
    /* the fields every reader reads (the texts up to their ends), not the 784 bytes of
       the struct: the library clears an error a few times a case */
    err->code = OWED_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->text[0] = '\0';
}

#endif
