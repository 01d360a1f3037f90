/* Errors with a location.
 *
 * The library never prints and never exits: every function that can fail takes an
 * `owed_error *` (which may be NULL when the caller does not care), fills it on failure
 * and returns a non-zero status.  On success the error is left untouched.  The CLI turns
 * an error into a GNU-style line `owed: FILE:LINE: message` and an exit status. */
#ifndef OWED_ERROR_H
#define OWED_ERROR_H

#include <stddef.h>

typedef enum owed_status {
    OWED_OK = 0,
    OWED_E_NOMEM,    /* an allocation failed */
    OWED_E_IO,       /* a file could not be read or written */
    OWED_E_SYNTAX,   /* text that is not what its field allows (amount, date, rate, XML) */
    OWED_E_SCHEMA,   /* a document that does not follow its schema */
    OWED_E_SEMANTIC, /* well-formed facts that cannot all be true (payment before any loan) */
    OWED_E_LIMIT,    /* an input beyond a documented limit (size, digits, nesting) */
    OWED_E_ARG,      /* a caller passed an option or value the function does not accept */
    OWED_E_NOROOT    /* an equation has no solution where one was asked for */
} owed_status;

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

/* Resets `err` to "no error". */
void owed_error_clear(owed_error *err);

#endif
