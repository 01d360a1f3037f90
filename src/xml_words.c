/* Schema messages in words: see xml_words.h. */
#include <config.h>

#include "xml_words.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* Copies the text after `key` up to the next `end` into out ("" when `key` is absent);
 * returns a pointer past it, or NULL. */
static const char *between(const char *msg, const char *key, char end, char *out, size_t size)
{
    out[0] = '\0';
    const char *p = strstr(msg, key);
    if (p == NULL)
        return NULL;
    p += strlen(key);
    const char *q = strchr(p, end);
    if (q == NULL)
        return NULL;
    size_t n = (size_t)(q - p);
    if (n >= size)
        n = size - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return q + 1;
}

/* "{urn:owed:case:1}loan" -> "loan": drops a namespace in braces. */
static void plain_name(char *name)
{
    if (name[0] != '{')
        return;
    char *close = strchr(name, '}');
    if (close != NULL)
        memmove(name, close + 1, strlen(close + 1) + 1);
}

/* Copies `list` ("( {ns}loan, {ns}payment )" or "{'day', 'month'}") as "<loan>, <payment>"
 * (elements) or "day, month" (values). */
static void plain_list(const char *list, int elements, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    const char *open = strpbrk(list, elements ? "(" : "{");
    const char *end = open ? strrchr(open, elements ? ')' : '}') : NULL;
    if (open == NULL || end == NULL)
        return;
    const char *p = open + 1;
    while (p < end && n + 4 < size) {
        while (p < end && (*p == ' ' || *p == ',' || *p == '\'' || *p == '{'))
            p++;
        if (p >= end)
            break;
        char item[128];
        size_t k = 0;
        while (p < end && *p != ',' && *p != ' ' && *p != '\'' && k + 1 < sizeof item)
            item[k++] = *p++;
        item[k] = '\0';
        if (elements) {
            /* "{urn:owed:case:1}loan" arrives as "urn:owed:case:1}loan" (the brace was
             * skipped above): the name is what follows the closing brace */
            char *close = strchr(item, '}');
            const char *name = close ? close + 1 : item;
            n += (size_t)snprintf(out + n, size - n, "%s<%s>", n ? ", " : "", name);
        } else {
            n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", item);
        }
        if (n >= size)
            n = size - 1;
    }
}

/* Takes out every "{...:...}" (a namespace before a name) from a message. */
static void drop_namespaces(char *out, size_t size, const char *msg)
{
    size_t n = 0;
    for (const char *p = msg; *p && n + 1 < size;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close != NULL && memchr(p, ':', (size_t)(close - p)) != NULL &&
                memchr(p, '\'', (size_t)(close - p)) == NULL) {
                p = close + 1;
                continue;
            }
        }
        out[n++] = *p++;
    }
    out[n] = '\0';
}

int owed_xml_schema_is_echo(const char *msg)
{
    return strstr(msg, "is not a valid value of the atomic type") != NULL ||
           strstr(msg, "is not a valid value of the union type") != NULL ||
           strstr(msg, "is not a valid value of the list type") != NULL;
}

/* The words for a value that failed its pattern, chosen by what the pattern asks for (the
 * schemas' own patterns: dates, amounts, rates, percentages, currency codes). */
static void pattern_words(char *out, size_t size, const char *el, const char *at,
                          const char *value, const char *pattern)
{
    if (strstr(pattern, "[0-9]{4}-") != NULL)
        snprintf(out, size,
                 /* TRANSLATORS: %1$s an element, %2$s an attribute, %3$s the value */
                 _("<%1$s> attribute '%2$s': '%3$s' is not a date: a date is written "
                   "YYYY-MM-DD, e.g. 2018-01-02"),
                 el, at, value);
    else if (strstr(pattern, "[A-Z]{3}") != NULL)
        snprintf(out, size,
                 _("<%1$s> attribute '%2$s': '%3$s' is not a currency code: three capital "
                   "letters, e.g. CNY"),
                 el, at, value);
    else if (strcmp(at, "percent") == 0)
        snprintf(out, size,
                 _("<%1$s> attribute '%2$s': '%3$s' is not a percentage: write it with a "
                   "percent sign, e.g. 5%%"),
                 el, at, value);
    else if (strchr(pattern, '%') != NULL || strchr(pattern, '/') != NULL) {
        if (value[0] != '\0' && strspn(value, "0123456789.") == strlen(value))
            snprintf(out, size,
                     _("<%1$s> attribute '%2$s': rate '%3$s' is a bare number: write it with "
                       "a percent sign ('%3$s%%' is %3$s per cent) or as a fraction with a "
                       "slash (24 per cent is '24%%' or '6/25')"),
                     el, at, value);
        else if (strchr(value, ',') != NULL)
            snprintf(out, size,
                     _("<%1$s> attribute '%2$s': '%3$s' is not a rate: use a dot for "
                       "decimals, e.g. 0.05%%"),
                     el, at, value);
        else
            snprintf(out, size,
                     _("<%1$s> attribute '%2$s': '%3$s' is not a rate: write it with a "
                       "percent sign (0.05%%, 24%%) or as a fraction with a slash (6/25)"),
                     el, at, value);
    } else if (strstr(pattern, "[0-9]+") != NULL) {
        if (strchr(value, ',') != NULL)
            snprintf(out, size,
                     _("<%1$s> attribute '%2$s': '%3$s' is not an amount: use a dot for "
                       "decimals and no thousands separator, e.g. 1234.50"),
                     el, at, value);
        else
            snprintf(out, size,
                     _("<%1$s> attribute '%2$s': '%3$s' is not an amount: digits with a dot "
                       "for decimals, e.g. 1234.50"),
                     el, at, value);
    } else
        snprintf(out, size,
                 _("<%1$s> attribute '%2$s': '%3$s' is not written in the form this "
                   "attribute takes"),
                 el, at, value);
}

void owed_xml_schema_words(char *out, size_t size, const char *msg)
{
    char el[128], at[128], value[256], extra[256], list[400];
    between(msg, "Element '", '\'', el, sizeof el);
    plain_name(el);
    between(msg, "attribute '", '\'', at, sizeof at);
    if (el[0] && at[0] && strstr(msg, "[facet 'pattern']") != NULL &&
        between(msg, "The value '", '\'', value, sizeof value) &&
        between(msg, "by the pattern '", '\'', extra, sizeof extra)) {
        pattern_words(out, size, el, at, value, extra);
        return;
    }
    if (el[0] && at[0] && strstr(msg, "[facet 'enumeration']") != NULL &&
        between(msg, "The value '", '\'', value, sizeof value)) {
        const char *set = strstr(msg, "set {");
        plain_list(set ? set + 4 : "", 0, list, sizeof list);
        snprintf(out, size,
                 /* TRANSLATORS: %4$s is the list of the values allowed, "day, month, year" */
                 _("<%1$s> attribute '%2$s': '%3$s' is not one of: %4$s"), el, at, value,
                 list);
        return;
    }
    if (el[0] && strstr(msg, "is required but missing") != NULL &&
        between(msg, "The attribute '", '\'', at, sizeof at)) {
        snprintf(out, size, _("<%1$s> needs the attribute '%2$s'"), el, at);
        return;
    }
    if (el[0] && at[0] && strstr(msg, "is not allowed") != NULL) {
        snprintf(out, size, _("<%1$s> has no attribute '%2$s'"), el, at);
        return;
    }
    if (el[0] && strstr(msg, "This element is not expected") != NULL) {
        const char *exp = strstr(msg, "Expected is");
        if (exp != NULL) {
            plain_list(exp + strlen("Expected is"), 1, list, sizeof list);
            snprintf(out, size, _("<%1$s> is not expected here; expected: %2$s"), el, list);
        } else {
            snprintf(out, size, _("<%1$s> is not expected here"), el);
        }
        return;
    }
    if (el[0] && strstr(msg, "Missing child element") != NULL) {
        const char *exp = strstr(msg, "Expected is");
        plain_list(exp ? exp + strlen("Expected is") : "", 1, list, sizeof list);
        snprintf(out, size, _("<%1$s> lacks an element; expected: %2$s"), el, list);
        return;
    }
    if (strstr(msg, "No matching global declaration available for the validation root")) {
        /* the namespace is what is wrong here: keep it */
        snprintf(out, size, "%s", msg);
        return;
    }
    drop_namespaces(out, size, msg);
}
