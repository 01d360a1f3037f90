/* Hidden code points found and made visible: see text_safe.h. */
#include <config.h>

#include "text_safe.h"

#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int owed_text_is_hidden(uint32_t cp)
{
    static const struct {
        uint32_t lo, hi;
    } ranges[] = {
        {0x0000, 0x001F},   {0x007F, 0x009F},   {0x00AD, 0x00AD},   {0x034F, 0x034F},
        {0x061C, 0x061C},   {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},
        {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x206F},   {0x3164, 0x3164},
        {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},   {0xFFF9, 0xFFFB},   {0x1D173, 0x1D17A},
        {0xE0000, 0xE007F},
    };
    /* printable ASCII (U+0020..U+007E), nearly every character read, is in no range */
    if (cp >= 0x20 && cp < 0x7F)
        return 0;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i].lo && cp <= ranges[i].hi)
            return 1;
    return 0;
}

size_t owed_text_decode(const char *s, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len;
    uint32_t v, min;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    } else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        len = 2, v = p[0] & 0x1F, min = 0x80;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        len = 3, v = p[0] & 0x0F, min = 0x800;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        len = 4, v = p[0] & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) { /* also stops at the terminating NUL */
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

long owed_text_find_hidden(const char *s, uint32_t *cp)
{
    for (size_t i = 0; s[i];) {
        uint32_t c;
        size_t n = owed_text_decode(s + i, &c);
        if (owed_text_is_hidden(c)) {
            *cp = c;
            return (long)i;
        }
        i += n;
    }
    return -1;
}

char *owed_text_neutralise(const char *s)
{
    size_t need = 1;
    for (size_t i = 0; s[i];) {
        uint32_t c;
        size_t n = owed_text_decode(s + i, &c);
        need += owed_text_is_hidden(c) ? sizeof "<U+XXXXXX>" - 1 : n;
        i += n;
    }
    char *out = owed_mem_alloc(need), *w = out;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; s[i];) {
        uint32_t c;
        size_t n = owed_text_decode(s + i, &c);
        if (owed_text_is_hidden(c)) {
            w += snprintf(w, need - (size_t)(w - out), "<U+%04lX>", (unsigned long)c);
        } else {
            memcpy(w, s + i, n);
            w += n;
        }
        i += n;
    }
    *w = '\0';
    return out;
}

const char *owed_text_one_line(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && n + 1 < size;) {
        uint32_t cp;
        size_t len = owed_text_decode(s + i, &cp);
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            buf[n++] = '?';
        } else if (owed_text_is_hidden(cp)) {
            char esc[sizeof "<U+XXXXXX>"];
            size_t k = (size_t)snprintf(esc, sizeof esc, "<U+%04lX>", (unsigned long)cp);
            if (n + k + 1 > size)
                break;
            memcpy(buf + n, esc, k);
            n += k;
        } else {
            /* a sequence cut by the end of s is copied as far as it goes, dropped below */
            for (size_t j = 0; j < len && n + 1 < size; j++)
                buf[n++] = s[i + j];
        }
        i += len;
    }
    buf[n] = '\0';
    /* drop an incomplete last sequence: back up over continuation bytes to its lead byte */
    size_t k = n;
    while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && (unsigned char)buf[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)buf[k - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < want)
            buf[k - 1] = '\0';
    }
    return buf;
}
