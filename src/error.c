#include <config.h>

#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

owed_status owed_error_set(owed_error *err, owed_status code, const char *file, long line,
                           const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return code;
}

/* the external definition of the inline function (error.h) */
extern inline void owed_error_clear(owed_error *err);
