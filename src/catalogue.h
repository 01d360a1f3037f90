/* The library's words in a context's language (owed_ctx_set_language), without gettext's
 * process-wide language: the catalogue of a language is read from the compiled message
 * catalogue gettext itself would read (LOCALEDIR/LL/LC_MESSAGES/owed.mo, GNU .mo format),
 * and the translations looked up in it, so that two contexts in two threads may write in
 * two languages at once, and a program need not set its own locale for the library to
 * write Chinese.
 *
 * Every public entry point given a context enters a message scope of the context's
 * language for the calling thread (owed_api_scope.h), as it enters its limits and its
 * allocator; `_()` (i18n.h) then translates with that catalogue.  Outside any message
 * scope (the program's own messages), `_()` is gettext's, as before.
 *
 * Catalogues are read once per process and directory and kept until the process ends
 * (they are shared by every context and handle, which may outlive the context that read
 * them, and never change once read); reading them is serialised by a mutex.  Their memory
 * is the C library's, not a context's allocator: no context owns them. */
#ifndef OWED_CATALOGUE_H
#define OWED_CATALOGUE_H

#include <stddef.h>

typedef struct owed_catalogue owed_catalogue;

/* The language a message scope writes: a catalogue, or none (English: every message as
 * written in the source). */
typedef struct owed_words {
    int active;                  /* 0: no scope (gettext's, for the program) */
    const owed_catalogue *cat;   /* NULL: English */
} owed_words;

/* The words of language `lang` ("en", "zh", "ja") from the catalogues under `localedir`
 * (NULL: the default, owed_catalogue_dir()).  "en", a language without a catalogue there,
 * or a catalogue that cannot be read (or memory running out) give English: cat NULL.  Never
 * fails.  Thread-safe. */
owed_words owed_words_of(const char *localedir, const char *lang);

/* The directory of the compiled catalogues: $OWED_LOCALEDIR when set, else the installed
 * LOCALEDIR when it holds a catalogue of the package, else the build tree's (so that a
 * program run from the build tree finds them, as it finds its data). */
const char *owed_catalogue_dir(void);

/* Enters a message scope of `w` for the calling thread until owed_words_leave(the value
 * returned) restores the one before (scopes nest). */
owed_words owed_words_enter(owed_words w);
void owed_words_leave(owed_words previous);

/* The calling thread's message scope (active 0 outside any). */
owed_words owed_words_current(void);

/* The translation of `msgid` in the calling thread's message scope: the catalogue's, or
 * msgid itself (English, or a message the catalogue does not translate); outside any
 * scope, gettext's.  What _() calls. */
const char *owed_words_text(const char *msgid)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;

#endif
