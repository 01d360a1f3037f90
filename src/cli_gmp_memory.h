/* The program's memory functions for GMP (issue 14): small limb blocks are kept on a free
 * list per size and thread and reused, instead of going to malloc and free each time.
 * The program's choice, never the library's: GMP's memory functions are the process's,
 * and libowed leaves them to the program that links it (owed-api(3)). */
#ifndef OWED_CLI_GMP_MEMORY_H
#define OWED_CLI_GMP_MEMORY_H

#include <stddef.h>

/* Installs them (mp_set_memory_functions).  Call before the program makes any number:
 * blocks made before are released correctly, but only the functions in force when a
 * number grows or is freed are used for it. */
void cli_gmp_memory_install(void);

/* The bytes the calling thread's lists hold (for tests). */
size_t cli_gmp_memory_kept_bytes(void);

#endif
