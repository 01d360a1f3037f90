/* Message translation inside the library and the CLI.  Both use the text domain
 * PACKAGE; the CLI binds it in main(). */
#ifndef OWED_I18N_H
#define OWED_I18N_H

#include <config.h>

#if ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
