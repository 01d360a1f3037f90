/* Display width of UTF-8 text in a terminal, for aligning columns that hold Chinese or
 * Japanese labels (East Asian wide characters take two columns). */
#ifndef OWED_TEXTCOL_H
#define OWED_TEXTCOL_H

#include <stddef.h>
#include <stdio.h>

/* Columns `s` takes on a terminal; invalid UTF-8 bytes count one column each. */
size_t owed_display_width(const char *s);

/* Writes `s` then spaces up to `width` columns (at least one space when s is wider). */
void owed_pad_right(FILE *fp, const char *s, size_t width);

/* Writes spaces then `s` so that it ends at `width` columns. */
void owed_pad_left(FILE *fp, const char *s, size_t width);

/* Writes `text` from column `indent` on, broken into lines of at most `width` display
 * columns: at spaces, and inside a run wider than a line (Chinese has no spaces) at any
 * character.  Ends with a newline. */
void owed_write_wrapped(FILE *fp, size_t indent, size_t width, const char *text);

#endif
