/* The case-file reader: a validated XML tree (xml_safe.c) to the case model (case.h).
 * It reads the tree's elements as case_tree.h gives them (elements_of), so that the
 * book reader, which builds those elements from CSV rows, has every check run the same.
 *
 * The schema has already checked the shape; this file checks the facts, in file order,
 * and stops at the first problem with the line of the element that carries it.  It does
 * not trust the schema either: without one (schema_path NULL) every attribute it needs is
 * still checked for presence and form, so no input can make it misread a file.
 *
 * Memory: the case is built in place.  Every array is allocated to its final size before
 * it is filled, and an element's count grows only once its GMP values are initialised, so
 * that owed_case_free() can release a half-built case on any failure path. */
#include <config.h>

#include "case_read.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "mem.h"
#include "number.h"
#include "owed_limits.h"
#include "qsum.h"
#include "text_safe.h"
#include "case_tree.h"
#include "xml_safe.h"

typedef struct id_key {
    const char *id;
    size_t pos; /* index in loans[] */
} id_key;

/* A case's loans up to this many are indexed in the reader itself (index_loans), with no
 * allocation: a borrower has a few. */
#define READER_FEW_LOANS 8

/* The state of one read. */
typedef struct reader {
    const char *file;
    owed_error *err;      /* always points at `error` below */
    owed_case *c;
    xmlChar **held;       /* attribute values and texts to release after each element */
    size_t n_held, cap_held;
    struct id_key *by_id; /* loan ids sorted (then in file order) */
    owed_date *first_disb; /* per loan: date of its earliest disbursement */
    char *lender_name;    /* name= of the case's <lender>, for loans that name none */
    long max_digits;      /* the digits limit in force, for the amounts and rates read */
    long max_disb;        /* and the disbursements limit, for each loan */
    const owed_case_elem *attr_elem; /* the built element whose attribute was found last */
    size_t attr_next;     /* and the index after that attribute's (built_attr) */
    /* (from here on, not zeroed by read_from) */
    owed_error error;     /* cleared (owed_error_clear), not its 784 bytes */
    /* by_id and first_disb of a case of few loans */
    id_key few_by_id[READER_FEW_LOANS];
    owed_date few_first_disb[READER_FEW_LOANS];
} reader;

/* ---- errors -------------------------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static owed_status fail_at(reader *r, const owed_case_elem *n, owed_status code,
                           const char *fmt, ...)
{
    char text[sizeof r->error.text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return owed_error_set(r->err, code, r->file, n != NULL ? n->line : 0, "%s", text);
}

static owed_status nomem(reader *r)
{
    return owed_error_set(r->err, OWED_E_NOMEM, r->file, 0, _("out of memory"));
}

/* Puts "attribute 'NAME': " before the message a value parser left in r->err. */
static owed_status in_attribute(reader *r, const char *name, owed_status st)
{
    if (st != OWED_OK) {
        char text[sizeof r->error.text];
        memcpy(text, r->error.text, sizeof text);
        text[sizeof text - 1] = '\0';
        int n = snprintf(r->error.text, sizeof r->error.text, _("attribute '%s': "), name);
        if (n > 0 && (size_t)n < sizeof r->error.text)
            snprintf(r->error.text + n, sizeof r->error.text - (size_t)n, "%s", text);
    }
    return st;
}

/* ---- the tree ------------------------------------------------------------------------ */

static int in_namespace(const xmlNode *n)
{
    return n->ns != NULL && n->ns->href != NULL &&
           strcmp((const char *)n->ns->href, OWED_CASE_NAMESPACE) == 0;
}

/* strcmp(a, b) == 0 for the short names of elements and attributes, inline: the reader
 * looks names up some fifty times a loan, and most differ at the first byte. */
static inline int same_name(const char *a, const char *b)
{
    if (a == b) /* the same literal (the linker merges equal ones) */
        return 1;
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const char *const owed_case_elem_names[OWED_CASE_KINDS] = {
    NULL,      "case",     "title",   "borrower",      "lender",  "loan",
    "disbursement", "interest", "fee", "overdue",      "late-fee", "payment-order",
    "payment", "extension", "charge", "claim"};

owed_case_kind owed_case_kind_of(const char *name)
{
    for (int k = 1; k < OWED_CASE_KINDS; k++)
        if (strcmp(name, owed_case_elem_names[k]) == 0)
            return (owed_case_kind)k;
    return OWED_CASE_OTHER;
}

/* Elements are told apart by their kind, set once when they are made (elements_of, or the
 * maker of built ones): the reader asks each element what it is several times over. */
static inline int is_element(const owed_case_elem *n, owed_case_kind kind)
{
    return n != NULL && n->kind == kind;
}

#define FOR_EACH_ELEMENT(child, parent) \
    for (const owed_case_elem *child = (parent)->children; child != NULL; child = child->next)

static owed_status unexpected(reader *r, const owed_case_elem *n)
{
    return fail_at(r, n, OWED_E_SCHEMA, _("unexpected element <%s>"), n->name);
}

static owed_status hold(reader *r, xmlChar *s)
{
    if (r->n_held == r->cap_held) {
        size_t cap = r->cap_held ? 2 * r->cap_held : 16;
        xmlChar **grown = owed_mem_realloc(r->held, cap * sizeof *grown);
        if (grown == NULL) {
            xmlFree(s);
            return nomem(r);
        }
        r->held = grown;
        r->cap_held = cap;
    }
    r->held[r->n_held++] = s;
    return OWED_OK;
}

static void release_held(reader *r)
{
    for (size_t i = 0; i < r->n_held; i++)
        xmlFree(r->held[i]);
    r->n_held = 0;
}

/* Frees the values held (hold).  Inline for none, the case of every built element: the
 * reader releases after each element. */
static inline void release(reader *r)
{
    if (r->n_held > 0)
        release_held(r);
}

#if defined(__GNUC__)
#define CASE_NOINLINE __attribute__((noinline))
#define CASE_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CASE_NOINLINE
#define CASE_ALWAYS_INLINE inline
#endif

/* built_attr() past the test of the name's key, out of line so that the test stays inline
 * (with a literal name the key is a constant: an absent attribute costs an and). */
static CASE_NOINLINE const owed_case_attr *built_attr_scan(reader *r, const owed_case_elem *n,
                                                           const char *name)
{
    /* the book reader names attributes with the literals this file asks for, which the
       linker merges: the name is found by its address, and compared byte by byte only
       when no address matches (another maker's names, or an absent name of the same key) */
    size_t i = 0;
    while (i < n->n_attrs && n->attrs[i].name != name)
        i++;
    if (i == n->n_attrs) {
        i = 0;
        while (i < n->n_attrs && !same_name(n->attrs[i].name, name))
            i++;
        if (i == n->n_attrs)
            return NULL;
    }
    r->attr_elem = n;
    r->attr_next = i + 1;
    return &n->attrs[i];
}

/* The attribute `name` of a built element, or NULL.  The reader asks for most of an
 * element's attributes in the order the book reader gives them: the one after the
 * attribute found last is tried first, inline, by its name's address. */
static inline const owed_case_attr *built_attr(reader *r, const owed_case_elem *n,
                                               const char *name)
{
    if ((n->attr_keys & owed_case_attr_key(name)) == 0)
        return NULL;
    size_t at = r->attr_elem == n ? r->attr_next : 0;
    if (at < n->n_attrs && n->attrs[at].name == name) {
        r->attr_elem = n;
        r->attr_next = at + 1;
        return &n->attrs[at];
    }
    return built_attr_scan(r, n, name);
}

/* 1 when `n` is built and lacks the attribute `name` by its key: for the inline tests of
 * the optional attributes, which most elements lack. */
static inline int built_lacks(const owed_case_elem *n, const char *name)
{
    return n->xml == NULL && (n->attr_keys & owed_case_attr_key(name)) == 0;
}

/* 1 when `n` has the attribute `name` of no namespace (the case format's attributes have
 * none; an attribute x:name is another attribute, which the schema refuses). */
static int has_attr(reader *r, const owed_case_elem *n, const char *name)
{
    if (n->xml == NULL)
        return built_attr(r, n, name) != NULL;
    return xmlHasNsProp((xmlNode *)n->xml, BAD_CAST name, NULL) != NULL;
}

/* attr() of an element read from XML, kept out of line so that attr() stays small. */
static CASE_NOINLINE owed_status xml_attr(reader *r, const owed_case_elem *n, const char *name,
                                          const char **out)
{
    /* of no namespace: found with xmlHasProp, x:name would be taken for name, and
       xmlGetNoNsProp below, finding none, would look like a failed allocation */
    const xmlAttr *a = xmlHasNsProp((xmlNode *)n->xml, BAD_CAST name, NULL);
    if (a == NULL)
        return OWED_OK;
    /* the usual attribute, of no namespace and one text node: its text is the value
       xmlGetNoNsProp would copy, read in place (the tree outlives the read) */
    if (a->type == XML_ATTRIBUTE_NODE && a->ns == NULL && a->children != NULL &&
        a->children->type == XML_TEXT_NODE && a->children->next == NULL &&
        a->children->content != NULL) {
        *out = (const char *)a->children->content;
        return OWED_OK;
    }
    xmlChar *v = xmlGetNoNsProp(n->xml, BAD_CAST name);
    if (v == NULL)
        return nomem(r);
    owed_status st = hold(r, v);
    if (st == OWED_OK)
        *out = (const char *)v;
    return st;
}

/* The value of attribute `name` of `n` into *out, NULL when absent.  The value lives until
 * release().  The built case is inline (the batch asks some 40 a loan); the XML one is out
 * of line. */
static inline owed_status attr(reader *r, const owed_case_elem *n, const char *name,
                               const char **out)
{
    *out = NULL;
    if (n->xml == NULL) {
        const owed_case_attr *b = built_attr(r, n, name);
        if (b != NULL)
            *out = b->value;
        return OWED_OK;
    }
    return xml_attr(r, n, name, out);
}

static CASE_NOINLINE owed_status no_attribute(reader *r, const owed_case_elem *n,
                                              const char *name)
{
    return fail_at(r, n, OWED_E_SCHEMA, _("<%s> has no attribute '%s'"), n->name, name);
}

/* attr() of an attribute that must be there: inline, the message out of line. */
static inline owed_status required_attr(reader *r, const owed_case_elem *n, const char *name,
                                        const char **out)
{
    owed_status st = attr(r, n, name, out);
    if (st == OWED_OK && *out == NULL)
        st = no_attribute(r, n, name);
    return st;
}

/* A required date attribute: the lookup and the quick parse inline in the caller, and
 * owed_date_parse, which says what is wrong, past it. */
static CASE_ALWAYS_INLINE owed_status get_date(reader *r, const owed_case_elem *n,
                                               const char *name, owed_date *out)
{
    const char *v;
    owed_status st = required_attr(r, n, name, &v);
    if (st == OWED_OK && !owed_date_parse_quick(out, v))
        st = in_attribute(r, name, owed_date_parse(out, v, r->file, n->line, r->err));
    return st;
}

/* An optional date attribute; *present says whether it was there. */
static owed_status get_opt_date(reader *r, const owed_case_elem *n, const char *name,
                                owed_date *out, int *present)
{
    const char *v;
    owed_status st = attr(r, n, name, &v);
    *present = v != NULL;
    if (st == OWED_OK && v != NULL)
        st = in_attribute(r, name, owed_date_parse(out, v, r->file, n->line, r->err));
    return st;
}

/* parse_money past its quick test: any amount, with its messages. */
static CASE_NOINLINE owed_status parse_money_read(reader *r, const owed_case_elem *n,
                                                  const char *name, const char *v, mpq_t out,
                                                  int positive)
{
    owed_status st = in_attribute(
        r, name,
        owed_money_parse_within(out, v, &r->c->currency, 0, r->max_digits, r->file, n->line,
                                r->err));
    /* "-0" is zero, but a minus sign on an amount that may not be negative is a slip or a
     * trick: refused rather than read as zero */
    if (st == OWED_OK && v[0] == '-')
        st = fail_at(r, n, OWED_E_SYNTAX,
                     _("attribute '%s': amount '%s' has a minus sign (it may not be negative)"),
                     name, v);
    if (st == OWED_OK && positive && mpq_sgn(out) == 0)
        st = fail_at(r, n, OWED_E_SEMANTIC, _("attribute '%s': the amount must be more than zero"),
                     name);
    return st;
}

/* Money in the case currency.  `positive`: zero is refused too.  Inline for the usual
 * amount, digits with at most the currency's decimals ("1500", "99.50"), which
 * owed_money_parse_quick reads as owed_money_parse_within would, and which has no sign:
 * past that test (or on a zero that must not be), parse_money_read, which says what is
 * wrong. */
static inline owed_status parse_money(reader *r, const owed_case_elem *n, const char *name,
                                      const char *v, mpq_t out, int positive)
{
    if (owed_money_parse_quick(out, v, &r->c->currency, r->max_digits) &&
        (!positive || mpq_sgn(out) != 0))
        return OWED_OK;
    return parse_money_read(r, n, name, v, out, positive);
}

/* A required amount: the attribute's lookup and the quick parse inline in the caller
 * (a loan and each of its events read one or two). */
static CASE_ALWAYS_INLINE owed_status get_money(reader *r, const owed_case_elem *n,
                                                const char *name, mpq_t out, int positive)
{
    const char *v;
    owed_status st = required_attr(r, n, name, &v);
    if (st == OWED_OK)
        st = parse_money(r, n, name, v, out, positive);
    return st;
}

/* parse_rate past its quick test: any rate, with its messages.  "-0%", or "-1/-3" (a
 * positive fraction of two negative numbers): a minus sign in a rate is a slip or a trick,
 * refused rather than read. */
static CASE_NOINLINE owed_status parse_rate_read(reader *r, const owed_case_elem *n,
                                                 const char *name, const char *v, mpq_t out)
{
    /* which of '%', '/' and '-' the text has, in one walk (rates are a few bytes) */
    int has_percent = 0, has_slash = 0, has_minus = 0;
    for (const char *p = v; *p != '\0'; p++) {
        has_percent |= *p == '%';
        has_slash |= *p == '/';
        has_minus |= *p == '-';
    }
    /* A bare decimal ("0.1") reads as 10 % to one person and 0.1 % to another, and a day's
     * 10 % is not a day's 0.1 %: a rate of a case file says which with "%" or a slash. */
    if (!has_percent && !has_slash)
        return fail_at(r, n, OWED_E_SYNTAX,
                       /* TRANSLATORS: %1$s the attribute, %2$s the value, as in the file */
                       _("attribute '%1$s': rate '%2$s' is a bare number: write it with a "
                         "percent sign ('%2$s%%' is %2$s per cent) or as a fraction with a "
                         "slash (24 per cent is '24%%' or '6/25')"),
                       name, v);
    owed_status st =
        in_attribute(r, name, owed_rate_parse_within(out, v, r->max_digits, r->file, n->line,
                                                     r->err));
    if (st == OWED_OK && has_minus)
        st = fail_at(r, n, OWED_E_SYNTAX,
                     _("attribute '%s': rate '%s' has a minus sign (it may not be negative)"),
                     name, v);
    return st;
}

/* A rate of a case file (parse_rate_read).  Inline for the usual rate, a short decimal
 * per cent ("0.1%"), read by owed_rate_parse_quick as owed_rate_parse_within reads it first:
 * digits and a point, so neither a bare number nor a minus sign. */
static inline owed_status parse_rate(reader *r, const owed_case_elem *n, const char *name,
                                     const char *v, mpq_t out)
{
    if (owed_rate_parse_quick(out, v, strlen(v), r->max_digits))
        return OWED_OK;
    return parse_rate_read(r, n, name, v, out);
}

static owed_status get_rate(reader *r, const owed_case_elem *n, const char *name, mpq_t out)
{
    const char *v;
    owed_status st = required_attr(r, n, name, &v);
    if (st == OWED_OK)
        st = parse_rate(r, n, name, v, out);
    return st;
}

/* get_choice() past its quick test: the attribute read and its value looked up. */
static CASE_NOINLINE owed_status get_choice_read(reader *r, const owed_case_elem *n,
                                                 const char *name, const char *const *names,
                                                 int dflt, int *out)
{
    const char *v;
    owed_status st = dflt < 0 ? required_attr(r, n, name, &v) : attr(r, n, name, &v);
    if (st != OWED_OK)
        return st;
    if (v == NULL) {
        *out = dflt;
        return OWED_OK;
    }
    for (int i = 0; names[i] != NULL; i++)
        if (same_name(v, names[i])) {
            *out = i;
            return OWED_OK;
        }
    return fail_at(r, n, OWED_E_SCHEMA, _("attribute '%s': '%s' is not one of its values"),
                   name, v);
}

/* One of `names` (NULL-terminated); *out is its index, or `dflt` when the attribute is
 * absent (dflt < 0: the attribute is required).  Inline for the usual case, an optional
 * attribute a built element lacks (most of the ones a loan is asked for): the test of a
 * literal name's key, with no call. */
static inline owed_status get_choice(reader *r, const owed_case_elem *n, const char *name,
                                     const char *const *names, int dflt, int *out)
{
    if (dflt >= 0 && built_lacks(n, name)) {
        *out = dflt;
        return OWED_OK;
    }
    return get_choice_read(r, n, name, names, dflt, out);
}

/* get_days() past its quick test. */
static CASE_NOINLINE owed_status get_days_read(reader *r, const owed_case_elem *n,
                                               const char *name, int *out, int *present)
{
    const char *v;
    owed_status st = attr(r, n, name, &v);
    *present = v != NULL;
    if (st != OWED_OK || v == NULL)
        return st;
    /* one to five digits and nothing else, their value made as they are checked */
    int days = 0;
    size_t len = 0;
    while (len < 6 && v[len] >= '0' && v[len] <= '9')
        days = days * 10 + (v[len++] - '0');
    if (len == 0 || len > 5 || v[len] != '\0')
        return fail_at(r, n, OWED_E_SYNTAX,
                       _("attribute '%s': '%s' is not a whole number of days (0 to 99999)"),
                       name, v);
    *out = days;
    return OWED_OK;
}

/* A whole number of days 0..99999 when present (*present says whether it was); inline for
 * an absent one of a built element. */
static inline owed_status get_days(reader *r, const owed_case_elem *n, const char *name,
                                   int *out, int *present)
{
    if (built_lacks(n, name)) {
        *present = 0;
        return OWED_OK;
    }
    return get_days_read(r, n, name, out, present);
}

/* Makes a text from the file fit one line of a statement or a message: runs of XML white
 * space (space, tab, newline, carriage return) become one space, and leading and trailing
 * space goes.  (Hidden code points are made visible afterwards: text_safe.h.)  So a name or
 * a label cannot start a line of its own and pass for a figure of the statement. */
static void tidy_text(char *s)
{
    char *w = s;
    int space = 0;
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = w != s;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = 0;
        *w++ = *p;
    }
    *w = '\0';
}

/* 1 when tidy_text and owed_text_neutralise would leave `s` as it is: printable ASCII with
 * no space at either end and no two spaces together (the usual name or label). */
static int is_plain_line(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (*p == ' ')
        return 0;
    for (; *p; p++) {
        if (*p > 0x20 && *p < 0x7F)
            continue;
        if (*p != ' ' || p[1] == ' ' || p[1] == '\0')
            return 0;
    }
    return 1;
}

/* Tidies the text *copy and replaces it with its visible form (hidden code points as
 * "<U+XXXX>"); *copy is freed and NULL on failure. */
static owed_status visible_text(reader *r, char **copy)
{
    if (is_plain_line(*copy))
        return OWED_OK;
    tidy_text(*copy);
    char *shown = owed_text_neutralise(*copy);
    owed_mem_free(*copy);
    *copy = shown;
    return shown == NULL ? nomem(r) : OWED_OK;
}

/* get_string() past its quick test. */
static CASE_NOINLINE owed_status get_string_read(reader *r, const owed_case_elem *n,
                                                 const char *name, int required, char **copy)
{
    const char *v;
    *copy = NULL;
    owed_status st = required ? required_attr(r, n, name, &v) : attr(r, n, name, &v);
    if (st != OWED_OK || v == NULL)
        return st;
    *copy = owed_mem_strdup(v);
    if (*copy == NULL)
        return nomem(r);
    return visible_text(r, copy);
}

/* A copy (malloc) of an attribute, or NULL when absent; `*copy` is NULL on failure.
 * Inline for an optional one a built element lacks. */
static inline owed_status get_string(reader *r, const owed_case_elem *n, const char *name,
                                     int required, char **copy)
{
    if (!required && built_lacks(n, name)) {
        *copy = NULL;
        return OWED_OK;
    }
    return get_string_read(r, n, name, required, copy);
}

/* Refuses an id (attribute `name` of n, value v) that holds a hidden code point: an id is
 * compared byte for byte, so 'L1' and 'L<U+200B>1' would be two loans that look like one. */
static CASE_NOINLINE owed_status check_id_hidden(reader *r, const owed_case_elem *n,
                                                 const char *name, const char *v);

static inline owed_status check_id(reader *r, const owed_case_elem *n, const char *name,
                                   const char *v)
{
    const unsigned char *p = (const unsigned char *)v;
    while (*p >= 0x20 && *p < 0x7F) /* printable ASCII, which hides nothing (text_safe.h) */
        p++;
    if (*p == '\0')
        return OWED_OK;
    return check_id_hidden(r, n, name, v);
}

/* check_id past its quick test. */
static CASE_NOINLINE owed_status check_id_hidden(reader *r, const owed_case_elem *n,
                                                 const char *name, const char *v)
{
    uint32_t cp;
    if (owed_text_find_hidden(v, &cp) < 0)
        return OWED_OK;
    return fail_at(r, n, OWED_E_SCHEMA,
                   _("attribute '%s': the id holds the character U+%04lX (a control, "
                     "bidirectional or invisible character), which no id may hold"),
                   name, (unsigned long)cp);
}

/* A copy (malloc) of an id attribute, or NULL when absent. */
static owed_status get_id(reader *r, const owed_case_elem *n, const char *name, int required,
                          char **copy)
{
    const char *v;
    *copy = NULL;
    owed_status st = required ? required_attr(r, n, name, &v) : attr(r, n, name, &v);
    if (st != OWED_OK || v == NULL || (st = check_id(r, n, name, v)) != OWED_OK)
        return st;
    *copy = owed_mem_strdup(v);
    return *copy == NULL ? nomem(r) : OWED_OK;
}

static owed_status get_text(reader *r, const owed_case_elem *n, char **copy)
{
    if (n->xml == NULL) {
        *copy = owed_mem_strdup(n->text != NULL ? n->text : "");
        if (*copy == NULL)
            return nomem(r);
        return visible_text(r, copy);
    }
    xmlChar *t = xmlNodeGetContent(n->xml);
    if (t == NULL)
        return nomem(r);
    *copy = owed_mem_strdup((const char *)t);
    xmlFree(t);
    if (*copy == NULL)
        return nomem(r);
    return visible_text(r, copy);
}

static void fmt_date(char buf[OWED_DATE_TEXT_SIZE], owed_date d)
{
    owed_date_format(d, buf);
}

/* An amount for a message: to the minor unit when exact there, else exact. */
static void fmt_amount(char *buf, size_t size, const mpq_t q, const owed_currency *cur)
{
    mpq_t r;
    mpq_init(r);
    owed_round_decimals(r, q, cur->minor_units, OWED_ROUND_HALF_EVEN);
    char *s = mpq_equal(r, q) ? owed_money_format(q, cur) : owed_exact_format(q);
    snprintf(buf, size, "%s", s ? s : "?");
    owed_mem_free(s);
    mpq_clear(r);
}

/* ---- loans --------------------------------------------------------------------------- */

static const char *const basis_names[] = {"365", "360", "actual", NULL};
static const char *const per_names[] = {"year", "month", "day", NULL};

/* per="day|month|year" (required). */
static owed_status get_per(reader *r, const owed_case_elem *n, owed_rate_period *per)
{
    int p;
    owed_status st = get_choice(r, n, "per", per_names, -1, &p);
    if (st == OWED_OK) /* the name table follows the enum order */
        *per = p == 0 ? OWED_PER_YEAR : p == 1 ? OWED_PER_MONTH : OWED_PER_DAY;
    return st;
}

static owed_status read_period(reader *r, const owed_case_elem *n, owed_rate_period *per,
                               owed_day_basis *basis)
{
    int b;
    owed_status st = get_per(r, n, per);
    if (st == OWED_OK)
        st = get_choice(r, n, "basis", basis_names, 0, &b);
    if (st == OWED_OK) /* the name table follows the enum order */
        *basis = b == 0 ? OWED_BASIS_365 : b == 1 ? OWED_BASIS_360 : OWED_BASIS_ACTUAL;
    return st;
}

/* The minor unit of the case currency (0.01 for CNY, 1 for JPY): the default rounding unit. */
static void minor_unit(const reader *r, mpq_t out)
{
    static const unsigned long powers[] = {1, 10, 100, 1000, 10000}; /* the usual units */
    unsigned k = r->c->currency.minor_units;
    if (k < sizeof powers / sizeof powers[0]) {
        mpq_set_ui(out, 1, powers[k]);
        return;
    }
    mpq_set_ui(out, 1, 1);
    mpz_ui_pow_ui(mpq_denref(out), 10, k);
}

/* A loan's default rounding unit into q, not initialised: the minor unit, shared by the
 * loans when the currency's is a usual one (case.h), else a value of q's own. */
static void default_unit(const reader *r, mpq_t q)
{
    if (!owed_case_unit_share(q, r->c->currency.minor_units)) {
        owed_case_q_init(q);
        minor_unit(r, q);
    }
}

/* accrual=, count=, rounding= and rounding-unit= of an <interest> or <overdue> whose rate is
 * quoted `per`.  The defaults (daily accrual, first day counted and last not, no rounding,
 * the minor unit) are already in `cv`. */
static owed_status read_convention(reader *r, const owed_case_elem *n, owed_rate_period per,
                                   owed_accrual_convention *cv)
{
    static const char *const accruals[] = {"day", "calendar-month", NULL};
    static const char *const counts[] = {"first-not-last", "both", NULL};
    int accrual, count;
    const char *rounding, *unit;
    owed_status st = get_choice(r, n, "accrual", accruals, 0, &accrual);
    if (st == OWED_OK)
        st = get_choice(r, n, "count", counts, 0, &count);
    if (st == OWED_OK)
        st = attr(r, n, "rounding", &rounding);
    if (st == OWED_OK)
        st = attr(r, n, "rounding-unit", &unit);
    if (st != OWED_OK)
        return st;
    cv->accrual = accrual == 0 ? OWED_ACCRUE_DAY : OWED_ACCRUE_CALENDAR_MONTH;
    cv->count = count == 0 ? OWED_COUNT_FIRST_NOT_LAST : OWED_COUNT_BOTH_ENDS;
    if (rounding != NULL) {
        cv->has_rounding = 1;
        if (owed_posting_round_parse(rounding, &cv->rounding) != 0)
            return fail_at(r, n, OWED_E_SCHEMA,
                           _("attribute '%s': '%s' is not one of its values"), "rounding",
                           rounding);
    }
    if (unit != NULL) {
        if (rounding == NULL)
            return fail_at(r, n, OWED_E_SEMANTIC,
                           _("the attribute 'rounding-unit' needs the attribute 'rounding'"));
        owed_case_q_own(cv->rounding_unit); /* the default may be shared */
        st = parse_money(r, n, "rounding-unit", unit, cv->rounding_unit, 1);
        if (st != OWED_OK)
            return st;
    }
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH && per == OWED_PER_DAY)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("accrual=\"calendar-month\" needs per=\"month\" or per=\"year\" (a "
                         "daily rate has no month)"));
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH && cv->count == OWED_COUNT_BOTH_ENDS)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("count=\"both\" is refused with accrual=\"calendar-month\" (a whole "
                         "month has no end days): count both end days with daily accrual"));
    return OWED_OK;
}

/* Exactly one of amount= (money, >= 0) and percent= (a share of the principal, with a %
 * sign) into amount / *is_percent. */
static owed_status read_amount_or_percent(reader *r, const owed_case_elem *n, mpq_t amount,
                                          int *is_percent)
{
    const char *a, *p;
    owed_status st = attr(r, n, "amount", &a);
    if (st == OWED_OK)
        st = attr(r, n, "percent", &p);
    if (st != OWED_OK)
        return st;
    if ((a == NULL) == (p == NULL))
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("<%s> needs exactly one of the attributes 'amount' and 'percent'"),
                       n->name);
    if (a != NULL) {
        *is_percent = 0;
        return parse_money(r, n, "amount", a, amount, 0);
    }
    *is_percent = 1;
    size_t len = strlen(p);
    if (len == 0 || p[len - 1] != '%')
        return fail_at(r, n, OWED_E_SYNTAX,
                       _("attribute 'percent': '%s' must end with a %% sign"), p);
    return parse_rate(r, n, "percent", p, amount);
}

static owed_status read_disbursement(reader *r, owed_loan *l, const owed_case_elem *n)
{
    owed_disbursement *d = &l->disbursements[l->n_disbursements];
    owed_case_q_init(d->amount);
    l->n_disbursements++;
    d->line = n->line;
    owed_status st = get_date(r, n, "date", &d->date);
    if (st == OWED_OK)
        st = get_money(r, n, "amount", d->amount, 1);
    if (st != OWED_OK)
        return st;
    char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    /* dates are put in words only for a message */
    if (d->date < l->contracted) {
        fmt_date(a, d->date);
        fmt_date(b, l->contracted);
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the disbursement on %s is before the contract date %s"), a, b);
    }
    if (d->date > r->c->as_of) {
        fmt_date(a, d->date);
        fmt_date(b, r->c->as_of);
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the disbursement on %s is after the as-of date %s"), a, b);
    }
    return OWED_OK;
}

/* <interest>: an agreed rate (agreed="yes", the default), or an agreement a court found
 * unclear (agreed="unclear"), which states no rate; either may say that interest was
 * withheld in advance (withheld="AMOUNT"). */
static owed_status read_interest(reader *r, owed_loan *l, const owed_case_elem *n)
{
    static const char *const after_due[] = {"continue", "stop", NULL};
    static const char *const agreed[] = {"yes", "unclear", NULL};
    /* refused with agreed="unclear"; the first two are required without it */
    static const char *const rate_terms[] = {"rate",    "per",   "basis",    "after-due",
                                             "accrual", "count", "rounding", "rounding-unit"};
    owed_interest_terms *t = &l->interest;
    if (t->agreement != OWED_INTEREST_NONE)
        return fail_at(r, n, OWED_E_SCHEMA, _("a loan has at most one <%s>"), "interest");
    t->line = n->line;
    int unclear, stop;
    const char *withheld;
    owed_status st = get_choice(r, n, "agreed", agreed, 0, &unclear);
    if (st == OWED_OK)
        st = attr(r, n, "withheld", &withheld);
    if (st == OWED_OK && withheld != NULL) {
        owed_case_q_own(t->withheld); /* the shared zero until now */
        st = parse_money(r, n, "withheld", withheld, t->withheld, 1);
        t->has_withheld = 1;
    }
    if (st != OWED_OK)
        return st;
    if (unclear) {
        t->agreement = OWED_INTEREST_UNCLEAR;
        for (size_t i = 0; i < sizeof rate_terms / sizeof rate_terms[0]; i++)
            if (has_attr(r, n, rate_terms[i]))
                return fail_at(r, n, OWED_E_SEMANTIC,
                               _("attribute '%s' is not allowed with agreed=\"unclear\" (an "
                                 "unclear agreement states no rate)"),
                               rate_terms[i]);
        return OWED_OK;
    }
    t->agreement = OWED_INTEREST_AGREED;
    t->present = 1;
    /* rate= and per= (rate_terms[0], [1]) are required here: looked up once, rate= read */
    const char *rate, *per;
    if ((st = attr(r, n, "rate", &rate)) != OWED_OK || (st = attr(r, n, "per", &per)) != OWED_OK)
        return st;
    if (rate == NULL || per == NULL)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("<interest> needs the attribute '%s' unless agreed=\"unclear\""),
                       rate_terms[rate == NULL ? 0 : 1]);
    st = parse_rate(r, n, "rate", rate, t->rate);
    if (st == OWED_OK)
        st = read_period(r, n, &t->per, &t->basis);
    if (st == OWED_OK)
        st = get_choice(r, n, "after-due", after_due, 0, &stop);
    if (st == OWED_OK)
        t->stops_at_due = stop;
    if (st == OWED_OK)
        st = read_convention(r, n, t->per, &t->conv);
    return st;
}

static owed_status read_fee(reader *r, owed_loan *l, const owed_case_elem *n)
{
    static const char *const timings[] = {"upfront", "disbursement", "maturity", "daily",
                                          "period", NULL};
    static const owed_fee_timing timing_values[] = {OWED_FEE_UPFRONT, OWED_FEE_DISBURSEMENT,
                                                    OWED_FEE_MATURITY, OWED_FEE_PER_DAY,
                                                    OWED_FEE_PER_PERIOD};
    static const char *const until[] = {"due", "repaid", NULL};
    owed_fee *f = &l->fees[l->n_fees];
    memset(f, 0, sizeof *f);
    owed_case_q_init(f->amount);
    l->n_fees++;
    f->line = n->line;
    int at, until_repaid, has_every, has_until;
    const char *until_text;
    owed_status st = get_string(r, n, "name", 1, &f->name);
    if (st == OWED_OK)
        st = read_amount_or_percent(r, n, f->amount, &f->is_percent);
    if (st == OWED_OK)
        st = get_choice(r, n, "at", timings, -1, &at);
    if (st == OWED_OK)
        st = get_days(r, n, "every-days", &f->period_days, &has_every);
    if (st == OWED_OK)
        st = attr(r, n, "until", &until_text);
    if (st == OWED_OK)
        st = get_choice(r, n, "until", until, 0, &until_repaid);
    if (st != OWED_OK)
        return st;
    f->at = timing_values[at];
    f->until_repaid = until_repaid;
    has_until = until_text != NULL;
    if (f->at == OWED_FEE_PER_PERIOD && !has_every)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("a fee at=\"period\" needs the attribute 'every-days'"));
    if (f->at != OWED_FEE_PER_PERIOD && has_every)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the attribute 'every-days' is only for a fee at=\"period\""));
    if (has_every && f->period_days <= 0)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("attribute 'every-days': a period must last at least one day"));
    if (has_until && f->at != OWED_FEE_PER_DAY && f->at != OWED_FEE_PER_PERIOD)
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the attribute 'until' is only for a fee at=\"daily\" or "
                         "at=\"period\""));
    return OWED_OK;
}

static owed_status read_overdue(reader *r, owed_loan *l, const owed_case_elem *n)
{
    static const char *const bases[] = {"principal", "principal+interest", NULL};
    owed_overdue_terms *t = &l->overdue;
    if (t->present)
        return fail_at(r, n, OWED_E_SCHEMA, _("a loan has at most one <%s>"), "overdue");
    t->present = 1;
    t->line = n->line;
    int on, has_grace;
    owed_status st = get_rate(r, n, "rate", t->rate);
    if (st == OWED_OK)
        st = read_period(r, n, &t->per, &t->basis);
    if (st == OWED_OK)
        st = get_choice(r, n, "on", bases, 0, &on);
    if (st == OWED_OK)
        st = get_days(r, n, "grace-days", &t->grace_days, &has_grace);
    if (st == OWED_OK) {
        t->on = on == 0 ? OWED_OVERDUE_ON_PRINCIPAL : OWED_OVERDUE_ON_PRINCIPAL_AND_INTEREST;
        if (!has_grace)
            t->grace_days = 0;
        st = read_convention(r, n, t->per, &t->conv);
    }
    return st;
}

static owed_status read_late_fee(reader *r, owed_loan *l, const owed_case_elem *n)
{
    static const char *const pers[] = {"once", "day", NULL};
    owed_late_fee *f = &l->late_fees[l->n_late_fees];
    memset(f, 0, sizeof *f);
    owed_case_q_init(f->amount);
    l->n_late_fees++;
    f->line = n->line;
    int daily;
    owed_status st = get_string(r, n, "name", 0, &f->name);
    if (st == OWED_OK && f->name == NULL) {
        f->name = owed_mem_strdup("late fee");
        if (f->name == NULL)
            st = nomem(r);
    }
    if (st == OWED_OK)
        st = read_amount_or_percent(r, n, f->amount, &f->is_percent);
    if (st == OWED_OK)
        st = get_choice(r, n, "per", pers, 0, &daily);
    if (st == OWED_OK)
        f->daily = daily;
    return st;
}

static int is_xml_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static owed_status read_payment_order(reader *r, owed_loan *l, const owed_case_elem *n)
{
    if (l->order_given)
        return fail_at(r, n, OWED_E_SCHEMA, _("a loan has at most one <%s>"), "payment-order");
    const char *text = n->text != NULL ? n->text : "";
    if (n->xml != NULL) {
        xmlChar *content = xmlNodeGetContent(n->xml);
        if (content == NULL)
            return nomem(r);
        owed_status st = hold(r, content);
        if (st != OWED_OK)
            return st;
        text = (const char *)content;
    }
    int seen[OWED_COMP_COUNT] = {0};
    int count = 0, ok = 1;
    const char *p = text;
    while (ok) {
        while (is_xml_space(*p))
            p++;
        if (*p == '\0')
            break;
        const char *end = p;
        while (*end && !is_xml_space(*end))
            end++;
        char word[16];
        size_t len = (size_t)(end - p);
        owed_component comp;
        if (len >= sizeof word) {
            ok = 0;
            break;
        }
        memcpy(word, p, len);
        word[len] = '\0';
        if (owed_component_parse(word, &comp) != 0 || seen[comp] || count >= OWED_COMP_COUNT) {
            ok = 0;
            break;
        }
        seen[comp] = 1;
        l->order[count++] = comp;
        p = end;
    }
    if (!ok || count != OWED_COMP_COUNT) {
        owed_default_order(l->order);
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("payment-order must name each of cost, fee, penalty, interest and "
                         "principal exactly once"));
    }
    l->order_given = 1;
    return OWED_OK;
}

/* <lender kind=".." [name=".."]/>, of the case or of a loan: its kind into *kind, its
 * name (a copy, NULL when absent) into *name. */
static owed_status read_lender(reader *r, const owed_case_elem *n, owed_lender_kind *kind,
                               char **name)
{
    static const char *const kinds[] = {"person", "company", "licensed", NULL};
    static const owed_lender_kind kind_values[] = {OWED_LENDER_PERSON, OWED_LENDER_COMPANY,
                                                   OWED_LENDER_LICENSED};
    int k;
    owed_status st = get_choice(r, n, "kind", kinds, -1, &k);
    if (st == OWED_OK) {
        *kind = kind_values[k];
        st = get_string(r, n, "name", 0, name);
    }
    return st;
}

/* A loan's own <lender>: the first child of the loan, at most one.  Its name becomes the
 * loan's lender unless lender= named it already; two different names are refused. */
static owed_status read_loan_lender(reader *r, owed_loan *l, const owed_case_elem *n,
                                    const owed_case_elem *first_term)
{
    if (first_term != NULL)
        return fail_at(r, n, OWED_E_SCHEMA, _("<lender> must come before <%s>"),
                       first_term->name);
    if (l->lender_kind != OWED_LENDER_UNKNOWN)
        return fail_at(r, n, OWED_E_SCHEMA, _("a loan has at most one <%s>"), "lender");
    char *name = NULL;
    owed_status st = read_lender(r, n, &l->lender_kind, &name);
    if (st == OWED_OK && name != NULL && l->lender != NULL && strcmp(name, l->lender) != 0)
        st = fail_at(r, n, OWED_E_SEMANTIC,
                     _("the lender is named twice: lender=\"%s\" on <loan> and name=\"%s\" "
                       "on its <lender>"),
                     l->lender, name);
    if (st == OWED_OK && l->lender == NULL) {
        l->lender = name;
        name = NULL;
    }
    owed_mem_free(name);
    return st;
}

/* Checks the money delivered against the principal and what was withheld from it (upfront
 * fees, interest withheld in advance), and adds the implied disbursement when the file gave
 * none.  The contract replay books any gap left as "withheld, not explained". */
/* The disbursement of `amount` on the contract date that a loan whose file gives none
 * implies. */
static void imply_disbursement(owed_loan *l, const mpq_t amount)
{
    owed_disbursement *dd = &l->disbursements[0];
    owed_case_q_init(dd->amount);
    l->n_disbursements = 1;
    owed_q_set(dd->amount, amount); /* (in place: a value from the pool has the room) */
    dd->date = l->contracted;
    dd->line = l->line;
    l->disbursements_implied = 1;
}

static owed_status settle_disbursements(reader *r, owed_loan *l, const owed_case_elem *n)
{
    /* the usual loan (no disbursement given, nothing withheld, no upfront fee): what is
       left to deliver is the principal, and the work below would find just that */
    int upfront_fees = 0;
    for (size_t i = 0; i < l->n_fees; i++)
        upfront_fees |= l->fees[i].at == OWED_FEE_UPFRONT;
    if (!upfront_fees && l->n_disbursements == 0 && mpq_sgn(l->interest.withheld) == 0 &&
        mpq_sgn(l->principal) > 0) {
        imply_disbursement(l, l->principal);
        return OWED_OK;
    }
    const owed_currency *cur = &r->c->currency;
    const int interest = l->interest.has_withheld;
    char a[64], b[64], d[64], w[64];
    a[0] = b[0] = d[0] = w[0] = '\0';
    mpq_t upfront, part, delivered;
    owed_case_q_init(upfront);
    owed_case_q_init(part);
    owed_case_q_init(delivered);
    owed_status st = OWED_OK;
    for (size_t i = 0; i < l->n_fees; i++) {
        if (l->fees[i].at != OWED_FEE_UPFRONT)
            continue;
        if (l->fees[i].is_percent)
            owed_q_mul(part, l->fees[i].amount, l->principal);
        else
            mpq_set(part, l->fees[i].amount);
        owed_q_add_to(upfront, part);
    }
    /* what is left to deliver: the principal less the fees and the interest withheld */
    /* (the sums in words when they fit: qsum.h, the values mpq_add would make) */
    owed_q_diff(part, l->principal, upfront);
    if (mpq_sgn(l->interest.withheld) != 0) /* zero unless has_withheld */
        owed_q_sub_from(part, l->interest.withheld);
    for (size_t i = 0; i < l->n_disbursements; i++)
        owed_q_add_to(delivered, l->disbursements[i].amount);
    const int given = l->n_disbursements > 0;
    /* the amounts are put in words only for a message: most loans need none */
    if (given ? mpq_cmp(delivered, part) > 0 : mpq_sgn(part) <= 0) {
        fmt_amount(a, sizeof a, upfront, cur);
        fmt_amount(b, sizeof b, l->principal, cur);
        fmt_amount(w, sizeof w, l->interest.withheld, cur);
        fmt_amount(d, sizeof d, delivered, cur);
    }
    if (given) {
        if (mpq_cmp(delivered, part) > 0 && interest)
            st = fail_at(r, n, OWED_E_SEMANTIC,
                         _("the upfront fees (%s) and the interest withheld (%s) are more than "
                           "the principal %s less the %s disbursed"),
                         a, w, b, d);
        else if (mpq_cmp(delivered, part) > 0)
            st = fail_at(r, n, OWED_E_SEMANTIC,
                         _("the upfront fees (%s) are more than the principal %s less the %s "
                           "disbursed"),
                         a, b, d);
    } else if (mpq_sgn(part) <= 0 && interest) {
        st = fail_at(r, n, OWED_E_SEMANTIC,
                     _("the upfront fees (%s) and the interest withheld (%s) leave nothing of "
                       "the principal %s to disburse"),
                     a, w, b);
    } else if (mpq_sgn(part) <= 0) {
        st = fail_at(r, n, OWED_E_SEMANTIC,
                     _("the upfront fees (%s) leave nothing of the principal %s to disburse"), a,
                     b);
    } else {
        imply_disbursement(l, part);
    }
    owed_case_q_release(upfront);
    owed_case_q_release(part);
    owed_case_q_release(delivered);
    return st;
}

static owed_status read_loan(reader *r, owed_loan *l, const owed_case_elem *n)
{
    owed_status st;
    char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    size_t nd = 0, nf = 0, nl = 0; /* counted in one walk of the children */
    FOR_EACH_ELEMENT(child, n) {
        if (is_element(child, OWED_CASE_DISBURSEMENT))
            nd++;
        else if (is_element(child, OWED_CASE_FEE))
            nf++;
        else if (is_element(child, OWED_CASE_LATE_FEE))
            nl++;
    }
    /* Each disbursement is a stream of the replays and a line of every view: bounded per
     * loan, and the first one beyond the limit is shown. */
    long max_disb = r->max_disb;
    if (nd > (size_t)max_disb) {
        size_t k = 0;
        FOR_EACH_ELEMENT(child, n) {
            if (is_element(child, OWED_CASE_DISBURSEMENT) && ++k > (size_t)max_disb)
                return fail_at(r, child, OWED_E_LIMIT,
                               _("the loan has %zu disbursements, which exceeds the limit of "
                                 "%ld (%s)"),
                               nd, max_disb, owed_limit_name(OWED_LIMIT_DISBURSEMENTS));
        }
    }
    /* the three arrays in one allocation (case.h), each at an offset aligned for any type;
       +1 disbursement: an implied one */
    const size_t align = _Alignof(max_align_t);
    size_t fees_at = ((nd + 1) * sizeof *l->disbursements + align - 1) / align * align;
    size_t late_at = (fees_at + (nf ? nf : 1) * sizeof *l->fees + align - 1) / align * align;
    char *arrays = owed_mem_calloc(1, late_at + (nl ? nl : 1) * sizeof *l->late_fees);
    if (arrays == NULL)
        return nomem(r);
    l->disbursements = (owed_disbursement *)(void *)arrays;
    l->fees = (owed_fee *)(void *)(arrays + fees_at);
    l->late_fees = (owed_late_fee *)(void *)(arrays + late_at);

    const char *due_text, *term_text;
    int term, has_term;
    if ((st = get_id(r, n, "id", 1, &l->id)) != OWED_OK ||
        (st = get_string(r, n, "lender", 0, &l->lender)) != OWED_OK ||
        (st = get_date(r, n, "contracted", &l->contracted)) != OWED_OK ||
        (st = get_money(r, n, "principal", l->principal, 1)) != OWED_OK ||
        (st = attr(r, n, "due", &due_text)) != OWED_OK ||
        (st = attr(r, n, "term-days", &term_text)) != OWED_OK)
        return st;
    if ((due_text == NULL) == (term_text == NULL))
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("<loan> needs exactly one of the attributes 'due' and 'term-days'"));
    if (due_text != NULL) {
        if ((st = get_date(r, n, "due", &l->due)) != OWED_OK)
            return st;
    } else {
        if ((st = get_days(r, n, "term-days", &term, &has_term)) != OWED_OK)
            return st;
        l->due = l->contracted + term;
        if (l->due > OWED_DATE_LAST)
            return fail_at(r, n, OWED_E_SEMANTIC,
                           _("attribute 'term-days': the loan would fall due after the year "
                             "9999"));
    }
    /* dates are put in words only for a message */
    if (l->due <= l->contracted) {
        fmt_date(a, l->due);
        fmt_date(b, l->contracted);
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the due date %s is not after the contract date %s"), a, b);
    }
    if (l->contracted > r->c->as_of) {
        fmt_date(b, l->contracted);
        fmt_date(a, r->c->as_of);
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the loan is contracted on %s, after the as-of date %s"), b, a);
    }
    release(r);

    /* the terms, in schema order */
    const owed_currency *cur = &r->c->currency;
    mpq_t sum; /* of the disbursements: made at the first (most loans give none) */
    int have_sum = 0;
    const owed_case_elem *first_term = NULL; /* the first child that is not <lender> */
    FOR_EACH_ELEMENT(child, n) {
        if (is_element(child, OWED_CASE_LENDER)) {
            st = read_loan_lender(r, l, child, first_term);
            release(r);
            if (st != OWED_OK)
                break;
            continue;
        }
        if (first_term == NULL)
            first_term = child;
        if (is_element(child, OWED_CASE_DISBURSEMENT)) {
            st = read_disbursement(r, l, child);
            if (st == OWED_OK) {
                if (!have_sum) {
                    owed_case_q_init(sum);
                    have_sum = 1;
                }
                owed_q_add_to(sum, l->disbursements[l->n_disbursements - 1].amount);
                if (mpq_cmp(sum, l->principal) > 0) {
                    char s1[64], s2[64];
                    fmt_amount(s1, sizeof s1, sum, cur);
                    fmt_amount(s2, sizeof s2, l->principal, cur);
                    st = fail_at(r, child, OWED_E_SEMANTIC,
                                 _("the disbursements total %s, more than the principal %s"),
                                 s1, s2);
                }
            }
        } else if (is_element(child, OWED_CASE_INTEREST)) {
            st = read_interest(r, l, child);
        } else if (is_element(child, OWED_CASE_FEE)) {
            st = read_fee(r, l, child);
        } else if (is_element(child, OWED_CASE_OVERDUE)) {
            st = read_overdue(r, l, child);
        } else if (is_element(child, OWED_CASE_LATE_FEE)) {
            st = read_late_fee(r, l, child);
        } else if (is_element(child, OWED_CASE_PAYMENT_ORDER)) {
            st = read_payment_order(r, l, child);
        } else {
            st = unexpected(r, child);
        }
        release(r);
        if (st != OWED_OK)
            break;
    }
    if (have_sum)
        owed_case_q_release(sum);
    if (st == OWED_OK)
        st = settle_disbursements(r, l, n);
    /* without a <lender> of its own (whose kind is required), the loan's lender is the
     * case's: its kind, and its name unless lender= gave one */
    if (st == OWED_OK && l->lender_kind == OWED_LENDER_UNKNOWN) {
        l->lender_kind = r->c->lender_kind;
        if (l->lender == NULL && r->lender_name != NULL &&
            (l->lender = owed_mem_strdup(r->lender_name)) == NULL)
            st = nomem(r);
    }
    return st;
}

/* ---- loan ids ------------------------------------------------------------------------ */

/* qsort for the few keys of a borrower's case (most have fewer than ten loans and events),
 * by insertion, in place: qsort's set-up costs more than the sort.  The comparisons give a
 * total order (ties broken by position), so both give the same order. */
#define SORT_SMALL_MAX 16
#define SORT_SMALL_KEY 32 /* bytes: id_key and event_key fit */
static void sort_small(void *base, size_t n, size_t size,
                       int (*cmp)(const void *, const void *))
{
    if (n > SORT_SMALL_MAX || size > SORT_SMALL_KEY) {
        qsort(base, n, size, cmp);
        return;
    }
    char *b = base;
    unsigned char key[SORT_SMALL_KEY];
    for (size_t i = 1; i < n; i++) {
        size_t j = i;
        if (cmp(b + (j - 1) * size, b + i * size) <= 0)
            continue;
        memcpy(key, b + i * size, size);
        while (j > 0 && cmp(b + (j - 1) * size, key) > 0) {
            memcpy(b + j * size, b + (j - 1) * size, size);
            j--;
        }
        memcpy(b + j * size, key, size);
    }
}

static int by_id_then_order(const void *pa, const void *pb)
{
    const id_key *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c != 0 ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* Sorts the ids, refuses a duplicate (reported at the second use of the id whose second
 * use comes first in the file, the loans being the children <loan> of root), and records
 * each loan's first disbursement date. */
static owed_status index_loans(reader *r, const owed_case_elem *root)
{
    owed_case *c = r->c;
    if (c->n_loans <= READER_FEW_LOANS) {
        r->by_id = r->few_by_id;
        r->first_disb = r->few_first_disb;
    } else {
        r->by_id = owed_mem_alloc(c->n_loans * sizeof *r->by_id);
        r->first_disb = owed_mem_alloc(c->n_loans * sizeof *r->first_disb);
        if (r->by_id == NULL || r->first_disb == NULL)
            return nomem(r);
    }
    for (size_t i = 0; i < c->n_loans; i++) {
        r->by_id[i].id = c->loans[i].id;
        r->by_id[i].pos = i;
        owed_date first = c->loans[i].disbursements[0].date;
        for (size_t k = 1; k < c->loans[i].n_disbursements; k++)
            if (c->loans[i].disbursements[k].date < first)
                first = c->loans[i].disbursements[k].date;
        r->first_disb[i] = first;
    }
    sort_small(r->by_id, c->n_loans, sizeof *r->by_id, by_id_then_order);
    size_t dup = c->n_loans, first = 0; /* the earliest second use, and the first use */
    for (size_t i = 1; i < c->n_loans; i++) {
        const id_key *a = &r->by_id[i - 1], *b = &r->by_id[i];
        if (strcmp(a->id, b->id) == 0 && b->pos < dup) {
            dup = b->pos;
            first = a->pos; /* equal ids are in file order: a is the use just before b */
        }
    }
    if (dup == c->n_loans)
        return OWED_OK;
    const owed_case_elem *at = NULL; /* the loan element of loans[dup] */
    size_t k = 0;
    FOR_EACH_ELEMENT(child, root) {
        if (is_element(child, OWED_CASE_LOAN) && k++ == dup) {
            at = child;
            break;
        }
    }
    return fail_at(r, at, OWED_E_SEMANTIC, _("the loan id '%s' is already used on line %ld"),
                   c->loans[dup].id, c->loans[first].line);
}

/* The index of the loan with id `id`, or -1. */
static long find_loan(const reader *r, const char *id)
{
    size_t lo = 0, hi = r->c->n_loans;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(id, r->by_id[mid].id);
        if (cmp == 0)
            return (long)r->by_id[mid].pos; /* ids are unique once index_loans passed */
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* The loan named by attribute 'loan' into *loan (-1 when absent and not required). */
static owed_status get_loan_ref(reader *r, const owed_case_elem *n, int required, long *loan)
{
    const char *v;
    owed_status st = required ? required_attr(r, n, "loan", &v) : attr(r, n, "loan", &v);
    *loan = -1;
    if (st != OWED_OK || v == NULL)
        return st;
    /* an id the same, byte for byte, as a loan's passed check_id with it (get_id): it is
       checked when it names no loan, before it is said to name none */
    *loan = find_loan(r, v);
    if (*loan < 0 && (st = check_id(r, n, "loan", v)) == OWED_OK)
        st = fail_at(r, n, OWED_E_SEMANTIC, _("no loan has the id '%s'"), v);
    return st;
}

/* ---- events and claims --------------------------------------------------------------- */

/* The date of an event or claim: it must not be after the as-of date, nor before the
 * contract of its loan (when it names one). */
static owed_status check_event_date(reader *r, const owed_case_elem *n, owed_date date, long loan)
{
    char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    /* dates are put in words only for a message */
    if (date > r->c->as_of) {
        fmt_date(a, date);
        fmt_date(b, r->c->as_of);
        return fail_at(r, n, OWED_E_SEMANTIC, _("the %s on %s is after the as-of date %s"),
                       n->name, a, b);
    }
    if (loan >= 0 && date < r->c->loans[loan].contracted) {
        fmt_date(a, date);
        fmt_date(b, r->c->loans[loan].contracted);
        return fail_at(r, n, OWED_E_SEMANTIC,
                       _("the %s on %s is before loan %s was contracted (%s)"),
                       n->name, a, r->c->loans[loan].id, b);
    }
    return OWED_OK;
}

static owed_status read_payment(reader *r, owed_event *e, const owed_case_elem *n)
{
    static const char *const purposes[] = {"charges", "principal", NULL};
    static const owed_payment_purpose purpose_values[] = {
        OWED_PAID_FOR_CHARGES, OWED_PAID_FOR_PRINCIPAL, OWED_PAID_FOR_UNMARKED};
    e->kind = OWED_EV_PAYMENT;
    int purpose;
    owed_status st = get_date(r, n, "date", &e->date);
    if (st == OWED_OK)
        st = get_money(r, n, "amount", e->amount, 1);
    if (st == OWED_OK)
        st = get_loan_ref(r, n, 0, &e->loan);
    if (st == OWED_OK) /* absent: the last value, unmarked */
        st = get_choice(r, n, "for", purposes, 2, &purpose);
    if (st != OWED_OK)
        return st;
    e->paid_for = purpose_values[purpose];
    char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    /* dates are put in words only for a message */
    if (e->date > r->c->as_of) {
        fmt_date(a, e->date);
        fmt_date(b, r->c->as_of);
        return fail_at(r, n, OWED_E_SEMANTIC, _("the payment on %s is after the as-of date %s"),
                       a, b);
    }
    if (e->loan >= 0) {
        if (e->date < r->first_disb[e->loan]) {
            fmt_date(a, e->date);
            fmt_date(b, r->first_disb[e->loan]);
            return fail_at(r, n, OWED_E_SEMANTIC,
                           _("the payment on %s is before the first disbursement of loan %s "
                             "(%s)"),
                           a, r->c->loans[e->loan].id, b);
        }
    } else {
        owed_date first = r->first_disb[0];
        for (size_t i = 1; i < r->c->n_loans; i++)
            if (r->first_disb[i] < first)
                first = r->first_disb[i];
        if (e->date < first) {
            fmt_date(a, e->date);
            fmt_date(b, first);
            return fail_at(r, n, OWED_E_SEMANTIC,
                           _("the payment on %s is before the first disbursement of any loan "
                             "(%s)"),
                           a, b);
        }
    }
    return OWED_OK;
}

static owed_status read_extension(reader *r, owed_event *e, const owed_case_elem *n)
{
    e->kind = OWED_EV_EXTENSION;
    const char *fee;
    owed_status st = get_date(r, n, "date", &e->date);
    if (st == OWED_OK)
        st = get_loan_ref(r, n, 1, &e->loan);
    if (st == OWED_OK)
        st = get_date(r, n, "due", &e->new_due);
    if (st == OWED_OK)
        st = attr(r, n, "fee", &fee);
    if (st == OWED_OK && fee != NULL)
        st = parse_money(r, n, "fee", fee, e->amount, 0);
    if (st == OWED_OK)
        st = check_event_date(r, n, e->date, e->loan);
    if (st == OWED_OK && e->new_due <= e->date) {
        char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
        fmt_date(a, e->new_due);
        fmt_date(b, e->date);
        st = fail_at(r, n, OWED_E_SEMANTIC,
                     _("the new due date %s is not after the extension date %s"), a, b);
    }
    return st;
}

static owed_status read_charge(reader *r, owed_event *e, const owed_case_elem *n)
{
    static const char *const comps[] = {"interest", "penalty", "fee", "cost", NULL};
    static const owed_component comp_values[] = {OWED_COMP_INTEREST, OWED_COMP_PENALTY,
                                                 OWED_COMP_FEE, OWED_COMP_COST};
    e->kind = OWED_EV_CHARGE;
    int comp;
    owed_status st = get_date(r, n, "date", &e->date);
    if (st == OWED_OK)
        st = get_loan_ref(r, n, 1, &e->loan);
    if (st == OWED_OK)
        st = get_money(r, n, "amount", e->amount, 0);
    if (st == OWED_OK)
        st = get_choice(r, n, "component", comps, -1, &comp);
    if (st == OWED_OK)
        st = get_string(r, n, "kind", 0, &e->label);
    if (st == OWED_OK) {
        e->component = comp_values[comp];
        st = check_event_date(r, n, e->date, e->loan);
    }
    return st;
}

static owed_status read_claim(reader *r, owed_claim *cl, const owed_case_elem *n)
{
    static const struct {
        const char *attr;
        owed_component comp;
    } parts[] = {
        {"principal", OWED_COMP_PRINCIPAL}, {"interest", OWED_COMP_INTEREST},
        {"penalty", OWED_COMP_PENALTY},     {"fees", OWED_COMP_FEE},
        {"costs", OWED_COMP_COST},
    };
    cl->line = n->line;
    owed_status st = get_date(r, n, "date", &cl->date);
    if (st == OWED_OK)
        st = get_string(r, n, "by", 1, &cl->by);
    if (st == OWED_OK)
        st = get_loan_ref(r, n, 0, &cl->loan);
    int any = 0;
    for (size_t i = 0; st == OWED_OK && i < sizeof parts / sizeof parts[0]; i++) {
        const char *v;
        owed_component k = parts[i].comp;
        st = attr(r, n, parts[i].attr, &v);
        if (st == OWED_OK && v != NULL) {
            st = parse_money(r, n, parts[i].attr, v, cl->part[k], 0);
            cl->has[k] = 1;
            mpq_add(cl->total, cl->total, cl->part[k]);
            any = 1;
        }
    }
    const char *total;
    if (st == OWED_OK)
        st = attr(r, n, "total", &total);
    if (st == OWED_OK && total != NULL) {
        st = parse_money(r, n, "total", total, cl->total, 0);
        cl->has_total = 1;
        any = 1;
    }
    if (st == OWED_OK && !any)
        st = fail_at(r, n, OWED_E_SEMANTIC,
                     _("the claim states no figure: give at least one of principal, interest, "
                       "penalty, fees, costs and total"));
    const char *rate = NULL, *per = NULL;
    if (st == OWED_OK)
        st = attr(r, n, "rate", &rate);
    if (st == OWED_OK)
        st = attr(r, n, "per", &per);
    if (st == OWED_OK && (rate == NULL) != (per == NULL))
        st = fail_at(r, n, OWED_E_SEMANTIC,
                     _("a claim's rate needs both the attributes 'rate' and 'per', or neither"));
    if (st == OWED_OK && rate != NULL) {
        st = parse_rate(r, n, "rate", rate, cl->rate);
        if (st == OWED_OK)
            st = get_per(r, n, &cl->rate_per);
        cl->has_rate = st == OWED_OK;
    }
    if (st == OWED_OK)
        st = check_event_date(r, n, cl->date, cl->loan);
    return st;
}

/* ---- the case ------------------------------------------------------------------------ */

typedef struct event_key {
    owed_date date;
    size_t pos; /* file order */
} event_key;

static int by_date_then_order(const void *pa, const void *pb)
{
    const event_key *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Stable sort of the events by date. */
static owed_status sort_events(reader *r)
{
    owed_case *c = r->c;
    size_t k = 1; /* already in order (as a book's events often are): nothing moves */
    while (k < c->n_events && c->events[k - 1].date <= c->events[k].date)
        k++;
    if (k >= c->n_events)
        return OWED_OK;
    /* the keys of a borrower's few events on the stack */
    event_key few_keys[SORT_SMALL_MAX];
    event_key *keys = c->n_events <= SORT_SMALL_MAX
                          ? few_keys
                          : owed_mem_alloc(c->n_events * sizeof *keys);
    owed_event *sorted = owed_mem_alloc(c->n_events * sizeof *sorted);
    if (keys == NULL || sorted == NULL) {
        if (keys != few_keys)
            owed_mem_free(keys);
        owed_mem_free(sorted);
        return nomem(r);
    }
    for (size_t i = 0; i < c->n_events; i++) {
        keys[i].date = c->events[i].date;
        keys[i].pos = i;
    }
    sort_small(keys, c->n_events, sizeof *keys, by_date_then_order);
    for (size_t i = 0; i < c->n_events; i++)
        sorted[i] = c->events[keys[i].pos]; /* moves the GMP values with the struct */
    owed_mem_free(c->events);
    c->events = sorted;
    if (keys != few_keys)
        owed_mem_free(keys);
    return OWED_OK;
}

static owed_status read_case(reader *r, const owed_case_elem *root)
{
    owed_case *c = r->c;
    owed_status st;
    if (!is_element(root, OWED_CASE_CASE))
        return fail_at(r, root, OWED_E_SCHEMA,
                       _("the document is not a case file: its root must be <case> in the "
                         "namespace %s"),
                       OWED_CASE_NAMESPACE);

    const char *currency;
    if ((st = required_attr(r, root, "currency", &currency)) != OWED_OK)
        return st;
    if (owed_currency_lookup(currency, &c->currency) != 0)
        return fail_at(r, root, OWED_E_SEMANTIC, _("unknown currency '%s'"), currency);
    if ((st = get_date(r, root, "as-of", &c->as_of)) != OWED_OK ||
        (st = get_opt_date(r, root, "filed", &c->filed, &c->has_filed)) != OWED_OK)
        return st;
    release(r);

    size_t n_loans = 0, n_events = 0, n_claims = 0;
    FOR_EACH_ELEMENT(child, root) {
        if (is_element(child, OWED_CASE_LOAN))
            n_loans++;
        else if (is_element(child, OWED_CASE_PAYMENT) || is_element(child, OWED_CASE_EXTENSION) ||
                 is_element(child, OWED_CASE_CHARGE))
            n_events++;
        else if (is_element(child, OWED_CASE_CLAIM))
            n_claims++;
        else if (is_element(child, OWED_CASE_LENDER)) {
            /* read first, so that every loan can take it */
            if (n_loans > 0)
                return fail_at(r, child, OWED_E_SCHEMA, _("<lender> must come before <%s>"),
                               "loan");
            if (c->lender_kind != OWED_LENDER_UNKNOWN)
                return fail_at(r, child, OWED_E_SCHEMA, _("a case has at most one <%s>"),
                               "lender");
            st = read_lender(r, child, &c->lender_kind, &r->lender_name);
            release(r);
            if (st != OWED_OK)
                return st;
        } else if (!is_element(child, OWED_CASE_TITLE) && !is_element(child, OWED_CASE_BORROWER))
            return unexpected(r, child);
    }
    if (n_loans == 0)
        return fail_at(r, root, OWED_E_SCHEMA, _("the case has no <loan>"));
    /* Each loan costs every payment and every writer work (owed-case(5) LIMITS): the count
     * is bounded, and the first loan beyond it is shown. */
    long max_loans = owed_limit_get(OWED_LIMIT_LOANS, OWED_LIMIT_LOANS_DEFAULT);
    if (n_loans > (size_t)max_loans) {
        size_t k = 0;
        FOR_EACH_ELEMENT(child, root) {
            if (is_element(child, OWED_CASE_LOAN) && ++k > (size_t)max_loans)
                return fail_at(r, child, OWED_E_LIMIT,
                               _("the case has %zu loans, which exceeds the limit of %ld (%s)"),
                               n_loans, max_loans, owed_limit_name(OWED_LIMIT_LOANS));
        }
    }
    /* Every payment costs the replays work on numbers that may grow with each one (see
     * owed-case(5) LIMITS): their count is bounded, and the first one beyond it is shown. */
    long max_events = owed_limit_get(OWED_LIMIT_EVENTS, OWED_LIMIT_EVENTS_DEFAULT);
    if (n_events + n_claims > (size_t)max_events) {
        size_t k = 0;
        FOR_EACH_ELEMENT(child, root) {
            if (is_element(child, OWED_CASE_LOAN) || is_element(child, OWED_CASE_TITLE) ||
                is_element(child, OWED_CASE_BORROWER) || is_element(child, OWED_CASE_LENDER))
                continue;
            if (++k > (size_t)max_events)
                return fail_at(r, child, OWED_E_LIMIT,
                               _("the case has %zu payments, extensions, charges and claims, "
                                 "which exceeds the limit of %ld (%s)"),
                               n_events + n_claims, max_events,
                               owed_limit_name(OWED_LIMIT_EVENTS));
        }
    }
    c->loans = owed_mem_calloc(n_loans, sizeof *c->loans);
    c->events = owed_mem_calloc(n_events ? n_events : 1, sizeof *c->events);
    c->claims = owed_mem_calloc(n_claims ? n_claims : 1, sizeof *c->claims);
    if (c->loans == NULL || c->events == NULL || c->claims == NULL)
        return nomem(r);

    /* First the loans, so that events can name any of them. */
    st = OWED_OK;
    FOR_EACH_ELEMENT(child, root) {
        if (is_element(child, OWED_CASE_TITLE) || is_element(child, OWED_CASE_BORROWER)) {
            char **slot = is_element(child, OWED_CASE_TITLE) ? &c->title : &c->borrower;
            if (*slot != NULL)
                st = fail_at(r, child, OWED_E_SCHEMA, _("a case has at most one <%s>"),
                             child->name);
            else
                st = get_text(r, child, slot);
        } else if (is_element(child, OWED_CASE_LOAN)) {
            owed_loan *l = &c->loans[c->n_loans];
            owed_case_q_init(l->principal);
            owed_case_q_init(l->interest.rate);
            owed_case_zero_share(l->interest.withheld); /* (until given) */
            owed_case_q_init(l->overdue.rate);
            default_unit(r, l->interest.conv.rounding_unit);
            default_unit(r, l->overdue.conv.rounding_unit);
            owed_default_order(l->order);
            l->line = child->line;
            c->n_loans++;
            st = read_loan(r, l, child);
        }
        release(r);
        if (st != OWED_OK)
            break;
    }
    if (st == OWED_OK)
        st = index_loans(r, root);
    if (st == OWED_OK) /* the replays walk each day from the first disbursement to as-of */
        st = owed_limit_check_span(c, c->as_of, r->err);
    if (st != OWED_OK)
        return st;

    /* Then events and claims, in file order. */
    FOR_EACH_ELEMENT(child, root) {
        if (is_element(child, OWED_CASE_CLAIM)) {
            owed_claim *cl = &c->claims[c->n_claims];
            for (int k = 0; k < OWED_COMP_COUNT; k++)
                owed_case_q_init(cl->part[k]);
            owed_case_q_init(cl->total);
            owed_case_q_init(cl->rate);
            c->n_claims++;
            st = read_claim(r, cl, child);
        } else if (is_element(child, OWED_CASE_PAYMENT) || is_element(child, OWED_CASE_EXTENSION) ||
                   is_element(child, OWED_CASE_CHARGE)) {
            owed_event *e = &c->events[c->n_events];
            owed_case_q_init(e->amount);
            c->n_events++;
            e->line = child->line;
            e->loan = -1;
            if (is_element(child, OWED_CASE_PAYMENT))
                st = read_payment(r, e, child);
            else if (is_element(child, OWED_CASE_EXTENSION))
                st = read_extension(r, e, child);
            else
                st = read_charge(r, e, child);
        }
        release(r);
        if (st != OWED_OK)
            return st;
    }
    return sort_events(r);
}

/* The elements of a parsed case file the reader reads: the root element, its elements and
 * theirs, into a new array (owed_mem) whose first element is the root; NULL (and *failed 0)
 * when the document has no root element, NULL and *failed 1 when out of memory. */
static owed_case_elem *elements_of(const xmlNode *root, int *failed)
{
    *failed = 0;
    if (root == NULL)
        return NULL;
    size_t n = 1;
    for (const xmlNode *a = root->children; a != NULL; a = a->next) {
        if (a->type != XML_ELEMENT_NODE)
            continue;
        n++;
        for (const xmlNode *b = a->children; b != NULL; b = b->next)
            n += b->type == XML_ELEMENT_NODE;
    }
    owed_case_elem *e = owed_mem_calloc(n, sizeof *e);
    if (e == NULL) {
        *failed = 1;
        return NULL;
    }
    size_t k = 0;
    owed_case_elem *parents[2] = {NULL, NULL};
    /* depth 0: the root; 1: its elements; 2: theirs (walked in document order) */
    const xmlNode *at[3] = {root, NULL, NULL};
    int depth = 0;
    for (;;) {
        const xmlNode *x = at[depth];
        if (x == NULL) { /* this level is done: on with the parent's next sibling */
            if (depth == 1) /* the root's elements are done */
                break;
            depth--;
            at[depth] = at[depth]->next;
            continue;
        }
        if (x->type != XML_ELEMENT_NODE) {
            at[depth] = x->next;
            continue;
        }
        owed_case_elem *el = &e[k++];
        el->name = (const char *)x->name;
        el->in_case_ns = in_namespace(x);
        el->kind = el->in_case_ns ? owed_case_kind_of(el->name) : OWED_CASE_OTHER;
        el->line = owed_xml_line(x);
        el->xml = x;
        if (depth > 0) {
            owed_case_elem *p = parents[depth - 1];
            if (p->last != NULL)
                p->last->next = el;
            else
                p->children = el;
            p->last = el;
        }
        if (depth < 2) {
            parents[depth] = el;
            at[depth + 1] = x->children;
            depth++;
        } else {
            at[depth] = x->next;
        }
    }
    return e;
}

/* Where a case comes from: a file, a buffer, a stream or elements already built. */
typedef struct case_source {
    const char *path;          /* a file, or NULL */
    const char *buf;           /* a buffer of len bytes, when path, fp and root are NULL */
    size_t len;
    FILE *fp;                  /* a stream, or NULL */
    const owed_case_elem *root; /* built elements (borrowed), or NULL */
} case_source;

static owed_status read_from(const char *name, const case_source *src, const char *schema_path,
                             owed_case **out, owed_error *err)
{
    *out = NULL;
    reader r;
    memset(&r, 0, offsetof(reader, error));
    owed_error_clear(&r.error);
    r.file = name;
    r.err = &r.error;
    r.max_digits = owed_limit_get(OWED_LIMIT_DIGITS, OWED_MAX_NUMBER_DIGITS);
    r.max_disb = owed_limit_get(OWED_LIMIT_DISBURSEMENTS, 0);

    xmlDocPtr doc = NULL;
    owed_case_elem *elements = NULL;
    owed_status st = owed_limits_check(r.err);
    if (st == OWED_OK) {
        if (src->root != NULL)
            ; /* built by the caller: nothing to parse */
        else if (src->path != NULL)
            st = owed_xml_read(src->path, schema_path, OWED_CASE_MAX_BYTES, &doc, r.err);
        else if (src->fp != NULL)
            st = owed_xml_read_stream(name, src->fp, schema_path, OWED_CASE_MAX_BYTES, &doc,
                                      r.err);
        else
            st = owed_xml_read_memory(name, src->buf, src->len, schema_path,
                                      OWED_CASE_MAX_BYTES, &doc, r.err);
    }
    if (st == OWED_OK) {
        int failed = 0;
        r.c = owed_mem_calloc(1, sizeof *r.c);
        if (r.c != NULL) {
            owed_mem_record(&r.c->mem);
            r.c->pool = owed_q_pool_in_scope(); /* where its values go back */
        }
        if (r.c == NULL || (r.c->file = owed_mem_strdup(name)) == NULL)
            st = nomem(&r);
        else if (src->root == NULL &&
                 (elements = elements_of(xmlDocGetRootElement(doc), &failed)) == NULL && failed)
            st = nomem(&r);
        else
            st = read_case(&r, src->root != NULL ? src->root : elements);
    }
    release(&r);
    owed_mem_free(r.held);
    if (r.by_id != r.few_by_id) {
        owed_mem_free(r.by_id);
        owed_mem_free(r.first_disb);
    }
    owed_mem_free(r.lender_name);
    owed_mem_free(elements);
    xmlFreeDoc(doc);
    if (st != OWED_OK) {
        owed_case_free(r.c);
        if (err != NULL)
            *err = r.error;
        return st;
    }
    *out = r.c;
    return OWED_OK;
}

owed_status owed_case_read_file(const char *path, const char *schema_path, owed_case **out,
                                owed_error *err)
{
    case_source src = {.path = path};
    return read_from(path, &src, schema_path, out, err);
}

owed_status owed_case_read_buffer(const char *name, const char *buf, size_t len,
                                  const char *schema_path, owed_case **out, owed_error *err)
{
    case_source src = {.buf = buf, .len = len};
    return read_from(name ? name : "(memory)", &src, schema_path, out, err);
}

owed_status owed_case_read_stream(const char *name, FILE *fp, const char *schema_path,
                                  owed_case **out, owed_error *err)
{
    case_source src = {.fp = fp};
    return read_from(name ? name : "(stream)", &src, schema_path, out, err);
}

owed_status owed_case_read_elements(const char *name, const owed_case_elem *root,
                                    owed_case **out, owed_error *err)
{
    case_source src = {.root = root};
    return read_from(name ? name : "(memory)", &src, NULL, out, err);
}
