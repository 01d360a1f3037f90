/* Shared helpers of the fuzz targets (fuzz/run.sh builds them with libFuzzer).
 *
 * Every target is a LLVMFuzzerTestOneInput() that feeds one input to one parser of the
 * library and releases everything it got back, so that AddressSanitizer sees a leak or a
 * bad access and UndefinedBehaviorSanitizer an overflow.  A property that must hold on
 * every input (a round trip, a conservation law) is checked with FUZZ_ASSERT, which
 * aborts: libFuzzer then saves the input as a crash. */
#ifndef OWED_FUZZ_COMMON_H
#define OWED_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define FUZZ_ASSERT(cond)                                                                   \
    do {                                                                                    \
        if (!(cond))                                                                        \
            fuzz_fail(__FILE__, __LINE__, #cond);                                           \
    } while (0)

void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* The data directory: $OWED_DATADIR, else the source tree's data/ (OWED_FUZZ_DATADIR,
 * set by run.sh). */
const char *fuzz_datadir(void);

/* "DATADIR/schema/NAME" in a static buffer. */
const char *fuzz_schema(const char *name);

/* Writes the input to this process's temporary file (created on first use in $TMPDIR,
 * removed at exit) and returns its path. */
const char *fuzz_temp_file(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (caller frees), or NULL when memory runs out. */
char *fuzz_string(const uint8_t *data, size_t size);

/* Checks that a failed call left a usable error: a known code and a terminated text.
 * `file_expected`: the error must name a file. */
void fuzz_check_error(const owed_error *err, int file_expected);

#endif
