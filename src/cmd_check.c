/* TEMPORARY placeholder while the command is being written; must not be committed. */
#include <config.h>
#include "cli.h"
int owed_cmd_check(int argc, char **argv) { (void)argc; (void)argv; cli_fail("'check' is not built yet"); return OWED_EXIT_TROUBLE; }
