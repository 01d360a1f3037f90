/* Text from an input that cannot deceive its reader: code points that are invisible, that
 * reorder the text around them, or that a terminal obeys, found and made visible.
 *
 * "Hidden" code points (owed_text_is_hidden) are: the C0 controls, DEL and the C1
 * controls (U+0085 among them); the bidirectional controls U+061C, U+200E, U+200F,
 * U+202A..U+202E and U+2066..U+2069 (with which "<U+202E>00.0001" displays as 1000.00);
 * the zero-width and other default-ignorable characters U+00AD, U+034F, U+115F, U+1160,
 * U+17B4, U+17B5, U+180B..U+180F, U+200B..U+200D, U+2060..U+206F, U+3164, U+FEFF,
 * U+FFA0, U+FFF9..U+FFFB, U+1D173..U+1D17A, U+E0000..U+E007F (with which 'L1' and
 * 'L<U+200B>1' look alike); the line and paragraph separators U+2028, U+2029.  Variation
 * selectors are not hidden: they change a glyph, never the order or the meaning.
 *
 * Ids must not contain them (the case reader refuses them, naming the code point); free
 * text (names, titles, labels) shows them as the visible escape "<U+XXXX>", in every output
 * format alike, since the escape is made when the text is read. */
#ifndef OWED_TEXT_SAFE_H
#define OWED_TEXT_SAFE_H

#include <stddef.h>
#include <stdint.h>

/* 1 when `cp` is hidden (see above). */
int owed_text_is_hidden(uint32_t cp);

/* Decodes one UTF-8 sequence at s (s[0] != 0) into *cp and returns its length in bytes;
 * a byte that does not start a well-formed sequence is returned alone, as U+FFFD. */
size_t owed_text_decode(const char *s, uint32_t *cp);

/* The first hidden code point of the UTF-8 text s: its byte offset, with the code point in
 * *cp; -1 when there is none. */
long owed_text_find_hidden(const char *s, uint32_t *cp);

/* A new copy (malloc; NULL when out of memory) of s with every hidden code point written
 * as "<U+XXXX>" (four to six hexadecimal digits). */
char *owed_text_neutralise(const char *s);

/* Writes into buf (size > 0) a copy of s fit for one line of a terminal (owed_text_line in
 * owed.h): control characters (C0, DEL and C1) become '?', the other hidden code points the
 * visible "<U+XXXX>", and a UTF-8 sequence cut short at the end (by s's end or by the size
 * of buf) is dropped.  Returns buf. */
const char *owed_text_one_line(char *buf, size_t size, const char *s);

#endif
