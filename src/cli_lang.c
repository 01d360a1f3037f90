/* The language of messages and statements: where the catalogues are, which languages they
 * offer, and --lang.  See cli_lang.h. */
#include <config.h>

#include "cli_lang.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

/* Whether `dir` holds a catalogue of this program in some language. */
static int has_catalogue(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", dir, e->d_name, PACKAGE);
        found = access(path, R_OK) == 0;
    }
    closedir(d);
    return found;
}

const char *cli_localedir(void)
{
    static const char *chosen;
    if (chosen)
        return chosen;
    const char *env = getenv("OWED_LOCALEDIR");
    if (env && *env)
        chosen = env;
    else if (has_catalogue(LOCALEDIR))
        chosen = LOCALEDIR;
    else
        chosen = OWED_BUILD_LOCALEDIR;
    return chosen;
}

void cli_bind_messages(void)
{
#if ENABLE_NLS
    bindtextdomain(PACKAGE, cli_localedir());
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
#endif
}

/* The names of the catalogues in the catalogue directory ("zh_CN"), sorted, each at most
 * 15 bytes; returns how many (at most `max`). */
static size_t catalogues(char names[][16], size_t max)
{
    size_t n = 0;
#if ENABLE_NLS
    DIR *d = opendir(cli_localedir());
    if (d == NULL)
        return 0;
    struct dirent *e;
    while (n < max && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len >= 16)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", cli_localedir(), e->d_name,
                 PACKAGE);
        if (access(path, R_OK) == 0)
            memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[16];
            memcpy(t, names[j], 16);
            memcpy(names[j], names[j - 1], 16);
            memcpy(names[j - 1], t, 16);
        }
#else
    (void)names;
    (void)max;
#endif
    return n;
}

void cli_available_languages(char *out, size_t size)
{
    char names[32][16];
    size_t n = catalogues(names, 32);
    snprintf(out, size, "en");
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, ", %s", names[i]);
    }
}

void cli_message_language(char out[8])
{
    strcpy(out, "en");
#if ENABLE_NLS
    static const char header_msgid[] = ""; /* a variable: xgettext is not to extract it */
    const char *h = dgettext(PACKAGE, header_msgid);
    const char *l = h ? strstr(h, "Language: ") : NULL;
    if (l) {
        l += strlen("Language: ");
        size_t n = strspn(l, "abcdefghijklmnopqrstuvwxyz");
        if (n >= 2 && n <= 3) {
            memcpy(out, l, n);
            out[n] = '\0';
        }
    }
#endif
}

/* Splits `lang` ("zh", "zh_CN", "zh-cn", "zh_CN.UTF-8") into ll and CC (CC empty when not
 * given).  Returns -1 when it is not of that form. */
static int parse_language(const char *lang, char ll[4], char cc[3])
{
    size_t n = strspn(lang, "abcdefghijklmnopqrstuvwxyz");
    if (n < 2 || n > 3)
        return -1;
    memcpy(ll, lang, n);
    ll[n] = '\0';
    cc[0] = '\0';
    const char *p = lang + n;
    if (*p == '_' || *p == '-') {
        if (strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != 2)
            return -1;
        cc[0] = (char)(p[1] & ~0x20);
        cc[1] = (char)(p[2] & ~0x20);
        cc[2] = '\0';
        p += 3;
    }
    if (*p == '.')
        p += 1 + strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
    return *p == '\0' ? 0 : -1;
}

/* The catalogue that serves ll[_CC]: "zh" is served by zh_CN (or any zh_*), "zh_CN" only by
 * zh_CN; "ja_JP" by ja_JP or, as gettext itself falls back, by a catalogue of the language
 * alone (ja) -- never by another country's (zh_TW is not served by zh_CN).  Copies its name
 * into `out` and returns 0; -1 when there is none. */
static int find_catalogue(const char *ll, const char *cc, char out[16])
{
    char names[32][16];
    size_t n = catalogues(names, 32);
    char want[8];
    snprintf(want, sizeof want, "%s%s%s", ll, cc[0] ? "_" : "", cc);
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], want) == 0) {
            memcpy(out, names[i], 16);
            return 0;
        }
    if (cc[0] != '\0') {
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], ll) == 0) {
                memcpy(out, names[i], 16);
                return 0;
            }
        return -1;
    }
    size_t len = strlen(ll);
    /* Simplified Chinese first for "zh": zh_CN sorts before zh_HK and zh_TW */
    for (size_t i = 0; i < n; i++)
        if (strncmp(names[i], ll, len) == 0 && names[i][len] == '_') {
            memcpy(out, names[i], 16);
            return 0;
        }
    return -1;
}

enum why_unavailable { NOT_A_LANGUAGE, NO_CATALOGUE, NOT_LOADED };

/* Reports that `lang` cannot be had, naming the languages that can; returns -1. */
static int unavailable(enum why_unavailable why, const char *lang)
{
    char avail[256];
    cli_available_languages(avail, sizeof avail);
    char one[64];
    snprintf(one, sizeof one, "%s", lang);
    for (char *p = one; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
            *p = '?'; /* one line, and no bytes that are not text */
    switch (why) {
    case NOT_A_LANGUAGE:
        /* TRANSLATORS: %1$s is what was given, %2$s the list, e.g. "en, zh_CN" */
        cli_fail(_("invalid language '%1$s' (available: %2$s)"), one, avail);
        break;
    case NO_CATALOGUE:
        /* TRANSLATORS: %1$s is the language asked for, %2$s the list, e.g. "en, zh_CN" */
        cli_fail(_("no messages in language '%1$s' (available: %2$s)"), one, avail);
        break;
    case NOT_LOADED:
        /* TRANSLATORS: %1$s is the language asked for, %2$s the list, e.g. "en, zh_CN" */
        cli_fail(_("the messages in language '%1$s' could not be loaded (available: %2$s)"),
                 one, avail);
        break;
    }
    return -1;
}

int cli_set_language(const char *lang)
{
    char ll[4], cc[3];
    if (parse_language(lang, ll, cc) != 0)
        return unavailable(NOT_A_LANGUAGE, lang);
    char catalogue[16] = "";
    if (strcmp(ll, "en") != 0 && find_catalogue(ll, cc, catalogue) != 0)
        return unavailable(NO_CATALOGUE, lang);
    /* GNU gettext reads LANGUAGE before the locale, but ignores it while the messages
     * locale is "C", so a C or POSIX messages locale is moved to C.UTF-8 (the catalogues are
     * bound to UTF-8 output in any case).  Setting the locale again also makes gettext
     * forget the translations it has already looked up. */
    if (setenv("LANGUAGE", catalogue[0] ? catalogue : "en", 1) != 0)
        return unavailable(NO_CATALOGUE, lang);
    /* Messages of the C library (strerror) are converted to the character set of LC_CTYPE:
     * under the C locale that is ASCII, where Chinese prints as '?'.  The program writes
     * UTF-8 in any case. */
    const char *ctype = setlocale(LC_CTYPE, NULL);
    if (ctype == NULL || strcmp(ctype, "C") == 0 || strcmp(ctype, "POSIX") == 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    const char *cur = setlocale(LC_MESSAGES, NULL);
    if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
        if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL && catalogue[0]) {
            char loc[40];
            snprintf(loc, sizeof loc, "%s.UTF-8", catalogue);
            setlocale(LC_MESSAGES, loc);
        }
    } else {
        char *saved = strdup(cur);
        if (saved)
            setlocale(LC_MESSAGES, saved);
        free(saved);
    }
    char got[8];
    cli_message_language(got);
    if (strcmp(got, ll) != 0) {
        unsetenv("LANGUAGE");
        return unavailable(NOT_LOADED, lang);
    }
    return 0;
}

int cli_take_language_options(int *argc, char **argv)
{
    int out = 1;
    int done = 0; /* after "--": operands only */
    const char *chosen = NULL;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
        if (!done && strcmp(a, "--") == 0) {
            done = 1;
        } else if (!done && strncmp(a, "--lang=", 7) == 0) {
            value = a + 7;
        } else if (!done && strcmp(a, "--lang") == 0) {
            if (i + 1 >= *argc) {
                cli_fail(_("option '--lang' requires an argument"));
                return OWED_EXIT_TROUBLE;
            }
            value = argv[++i];
        }
        if (value != NULL) {
            chosen = value;
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    /* the last one given counts; the messages are switched once (gettext keeps what it
     * has looked up in one language even when switched to English) */
    if (chosen != NULL && cli_set_language(chosen) != 0)
        return OWED_EXIT_TROUBLE;
    return OWED_EXIT_OK;
}
