#include <config.h>

#include "textcol.h"

#include <stdint.h>
#include <string.h>

static int is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t owed_display_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int len;
        if (*p < 0x80) { cp = *p; len = 1; }
        else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; len = 2; }
        else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; len = 3; }
        else if ((*p & 0xF8) == 0xF0) { cp = *p & 0x07; len = 4; }
        else { w++; p++; continue; }
        int ok = 1;
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) { ok = 0; break; }
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (!ok) { w++; p++; continue; }
        w += is_wide(cp) ? 2 : 1;
        p += len;
    }
    return w;
}

void owed_pad_right(FILE *fp, const char *s, size_t width)
{
    size_t w = owed_display_width(s);
    fputs(s, fp);
    do
        fputc(' ', fp);
    while (++w < width);
}

void owed_pad_left(FILE *fp, const char *s, size_t width)
{
    for (size_t w = owed_display_width(s); w < width; w++)
        fputc(' ', fp);
    fputs(s, fp);
}

void owed_write_wrapped(FILE *fp, size_t indent, size_t width, const char *text)
{
    size_t col = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char word[1024];
        size_t wl = len < sizeof word ? len : sizeof word - 1;
        memcpy(word, p, wl);
        word[wl] = '\0';
        size_t ww = owed_display_width(word);
        if (col > 0 && col + 1 + ww > width) {
            fputc('\n', fp);
            col = 0;
        }
        if (col == 0) {
            fprintf(fp, "%*s", (int)indent, "");
            col = indent;
        } else {
            fputc(' ', fp);
            col++;
        }
        /* a run wider than the line: character by character, but an ASCII word inside it
         * (an id such as cn-private-2015, a number) whole */
        for (const char *q = word; *q;) {
            size_t n = 1;
            if ((unsigned char)q[0] < 0x80)
                while (q[n] != '\0' && (unsigned char)q[n] < 0x80 && q[n] != ' ' && n < 63)
                    n++;
            else
                while (((unsigned char)q[n] & 0xC0) == 0x80)
                    n++;
            char ch[64];
            memcpy(ch, q, n < sizeof ch ? n : sizeof ch - 1);
            ch[n < sizeof ch ? n : sizeof ch - 1] = '\0';
            size_t cw = owed_display_width(ch);
            /* Chinese punctuation stays at the end of its line (it never starts one) */
            int closing = strstr("，。；：、）」』！？", ch) != NULL && ch[0] != '\0' &&
                          (unsigned char)ch[0] >= 0x80;
            if (col + cw > width && col > indent && !closing) {
                fprintf(fp, "\n%*s", (int)indent, "");
                col = indent;
            }
            fputs(ch, fp);
            col += cw;
            q += n;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    fputc('\n', fp);
}
