/* The elements of a case file as the case reader (case_read.c) reads them: the root, its
 * children and theirs (the reader reads nothing deeper but the text of an element).
 *
 * The reader makes them from a parsed XML file, each pointing at its libxml2 element,
 * whose attributes and text it then reads; the book reader (book_read.c) builds them
 * directly from CSV rows, with their attributes and text, as the elements of the case file
 * it would otherwise write, lines included.  Either way the reader runs the same checks
 * on the same elements.
 *
 * Ownership: the maker's; every string is borrowed and must outlive the read. */
#ifndef OWED_CASE_TREE_H
#define OWED_CASE_TREE_H

#include <stddef.h>
#include <stdint.h>

struct _xmlNode;

typedef struct owed_case_attr {
    const char *name;
    const char *value;
} owed_case_attr;

typedef struct owed_case_elem {
    const char *name;                /* the local name */
    int in_case_ns;                  /* 1: in the namespace of case files */
    long line;                       /* of the case file, for messages and `line` fields */
    const struct _xmlNode *xml;      /* read from XML: the element; NULL: built */
    const owed_case_attr *attrs;     /* built: the attributes, none empty or repeated */
    size_t n_attrs;
    uint64_t attr_keys;              /* built: owed_case_attr_key() of each attribute, or-ed */
    const char *text;                /* built: the text inside, or NULL for none */
    struct owed_case_elem *children; /* the elements inside, in document order */
    struct owed_case_elem *last;     /* the last of them */
    struct owed_case_elem *next;     /* the next element of the same parent */
} owed_case_elem;

/* A bit that stands for an attribute's name: an element whose attr_keys lacks it has no
 * attribute of that name (the case reader asks for many that are absent). */
static inline uint64_t owed_case_attr_key(const char *name)
{
    unsigned k = (unsigned char)name[0];
    if (name[0] != '\0')
        k = k * 31u + (unsigned char)name[1];
    return (uint64_t)1 << (k & 63u);
}

#endif
