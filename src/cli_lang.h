/* The language of messages and statements (issue 12).  The catalogues are found as the data
 * files are (cli_datadir): $OWED_LOCALEDIR when set; else the installed locale directory when
 * it holds a catalogue of this program; else the build tree's locale/ (laid out by `make`
 * from po/LL.gmo, src/lang.am), so a program run before `make install` speaks its languages.
 * Everything here may print (on standard error); nothing exits. */
#ifndef OWED_CLI_LANG_H
#define OWED_CLI_LANG_H

#include <stddef.h>

/* The directory of catalogues chosen as above (a static string). */
const char *cli_localedir(void);

/* Binds the text domain to cli_localedir() with UTF-8 output. */
void cli_bind_messages(void);

/* "en, zh_CN": English (the messages' own language) and every catalogue found. */
void cli_available_languages(char *out, size_t size);

/* The language of the messages in use, from the catalogue's header ("zh"); "en" when no
 * catalogue is in use. */
void cli_message_language(char out[8]);

/* Makes `lang` (en, zh, zh_CN, zh_CN.UTF-8) the language of messages.  Returns 0, or -1
 * after reporting (naming the languages available) when it is not a language name, when
 * no catalogue serves it, or when the catalogue cannot be loaded. */
int cli_set_language(const char *lang);

/* Takes every --lang=LL and --lang LL out of argv (before a "--"), wherever it stands --
 * before the command or among its options -- and applies the last one.  Returns
 * OWED_EXIT_OK, or OWED_EXIT_TROUBLE after reporting. */
int cli_take_language_options(int *argc, char **argv);

#endif
