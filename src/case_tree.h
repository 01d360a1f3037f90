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

/* The elements the reader knows, in the namespace of case files; OWED_CASE_OTHER for any
 * other element (another name, or another namespace).  owed_case_elem_names gives each
 * kind's local name (NULL for OWED_CASE_OTHER). */
typedef enum owed_case_kind {
    OWED_CASE_OTHER, OWED_CASE_CASE, OWED_CASE_TITLE, OWED_CASE_BORROWER, OWED_CASE_LENDER,
    OWED_CASE_LOAN, OWED_CASE_DISBURSEMENT, OWED_CASE_INTEREST, OWED_CASE_FEE,
    OWED_CASE_OVERDUE, OWED_CASE_LATE_FEE, OWED_CASE_PAYMENT_ORDER, OWED_CASE_PAYMENT,
    OWED_CASE_EXTENSION, OWED_CASE_CHARGE, OWED_CASE_CLAIM, OWED_CASE_KINDS
} owed_case_kind;

extern const char *const owed_case_elem_names[OWED_CASE_KINDS];

/* The kind of the element of local name `name` in the namespace of case files. */
owed_case_kind owed_case_kind_of(const char *name);

typedef struct owed_case_elem {
    const char *name;                /* the local name */
    int in_case_ns;                  /* 1: in the namespace of case files */
    owed_case_kind kind;             /* what the reader takes it for: owed_case_kind_of(name)
                                        in the namespace, else OWED_CASE_OTHER */
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
