/* Message translation inside the library and the CLI.  Both use the text domain
 * PACKAGE; the CLI binds it in main() for its own messages; the library's, written within
 * a call given a context, come from the context's language (catalogue.h). */
#ifndef OWED_I18N_H
#define OWED_I18N_H

#include <config.h>

#if ENABLE_NLS
#include <libintl.h>
#include "catalogue.h"
/* In the library, within a public call: the words of the context's language (catalogue.h);
 * elsewhere (the program's own messages): gettext's. */
#define _(s) owed_words_text(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
