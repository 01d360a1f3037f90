/* The hardened XML entry point: see xml_safe.h for the contract.  The parse options are
 * the whole security story, so they are listed in one place (read_options) with the
 * reason for each one left out. */
#include <config.h>

#include "xml_safe.h"
#include "mem.h"
#include "xml_words.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>

#include "i18n.h"
#include "input_ids.h"
#include "owed_limits.h"

/* libxml2 2.12 made the structured error handler take a const error. */
#if LIBXML_VERSION >= 21200
#define OWED_XML_ERROR_CONST const
#else
#define OWED_XML_ERROR_CONST
#endif

/* The largest schema read (the data directory's are under 100 KiB). */
#define OWED_XML_SCHEMA_MAX_BYTES (4L * 1024 * 1024)

/* Parse options.  Left out on purpose: XML_PARSE_NOENT (entity substitution),
 * XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID (they read DTDs),
 * XML_PARSE_XINCLUDE (reads other files), XML_PARSE_HUGE (lifts the parser's limits),
 * XML_PARSE_RECOVER (would accept broken documents).  XML_PARSE_BIG_LINES keeps line
 * numbers right past line 65535; XML_PARSE_NOCDATA turns CDATA sections into text. */
static int read_options(void)
{
    int options = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
                  XML_PARSE_NOCDATA;
#if LIBXML_VERSION >= 21300
    options |= XML_PARSE_NO_XXE;
#endif
#if LIBXML_VERSION >= 21400
    options |= XML_PARSE_NO_SYS_CATALOG;
#endif
    return options;
}

/* What one call has seen: the first error (warnings are ignored) and whether a DOCTYPE
 * was met. */
typedef struct xml_state {
    int have_error;
    long line;
    char message[400];
    int doctype;
    long doctype_line;
    /* owed_xml_validate_list: every schema error, in words, up to max_list */
    owed_error *list;
    size_t max_list, n_list, more;
    const char *path;
} xml_state;

/* Copies a libxml2 message on one line: newlines become spaces, runs of spaces shrink to
 * one, trailing spaces go. */
static void copy_message(char *dst, size_t size, const char *src)
{
    size_t n = 0;
    int space = 0;
    for (const char *p = src ? src : ""; *p && n + 1 < size; p++) {
        int is_space = *p == '\n' || *p == '\r' || *p == '\t' || *p == ' ';
        if (is_space) {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            dst[n++] = ' ';
        space = 0;
        dst[n++] = *p;
    }
    dst[n] = '\0';
}

static void record_error(xml_state *st, OWED_XML_ERROR_CONST xmlError *e)
{
    if (st == NULL || e == NULL || st->have_error || e->level < XML_ERR_ERROR)
        return;
    st->have_error = 1;
    long line = 0;
    if (e->node != NULL)
        line = owed_xml_line((const xmlNode *)e->node);
    if (line <= 0)
        line = e->line > 0 ? e->line : 0;
    st->line = line;
    copy_message(st->message, sizeof st->message, e->message);
}

/* Parser errors: libxml2 passes the parser context (its userData), which carries our state
 * in _private. */
static void parser_error(void *data, OWED_XML_ERROR_CONST xmlError *e)
{
    xmlParserCtxtPtr ctxt = data;
    record_error(ctxt ? ctxt->_private : NULL, e);
}

static void schema_error(void *data, OWED_XML_ERROR_CONST xmlError *e)
{
    xml_state *st = data;
    int first = st != NULL && !st->have_error;
    long previous_line = st ? st->line : 0;
    record_error(st, e);
    if (st == NULL || st->list == NULL || e == NULL || e->level < XML_ERR_ERROR)
        return;
    char message[sizeof st->message];
    copy_message(message, sizeof message, e->message);
    long line = e->node != NULL ? owed_xml_line((const xmlNode *)e->node) : 0;
    if (line <= 0)
        line = e->line > 0 ? e->line : 0;
    if (!first && line == previous_line && owed_xml_schema_is_echo(message))
        return; /* libxml2 repeating the error before in other words */
    st->line = line;
    if (st->n_list == st->max_list) {
        st->more++;
        return;
    }
    char words[sizeof st->message];
    owed_xml_schema_words(words, sizeof words, message);
    owed_error_set(&st->list[st->n_list++], OWED_E_SCHEMA, st->path, line,
                   _("not valid by the schema: %s"), words);
}

/* Called by the parser on "<!DOCTYPE name ...", before the internal subset is read: the
 * parse stops here, so no entity is ever declared, let alone expanded or fetched. */
static void refuse_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = data;
    (void)name;
    (void)external_id;
    (void)system_id;
    xml_state *st = ctxt->_private;
    if (st != NULL && !st->doctype) {
        st->doctype = 1;
        st->doctype_line = ctxt->input != NULL ? ctxt->input->line : 0;
    }
    xmlStopParser(ctxt);
}

/* Elements as libxml2 makes them, with their line kept also past line 65535: libxml2 stores
 * 65535 in the element and, asked for its line, guesses it from a neighbouring text node,
 * one too high (XML_PARSE_BIG_LINES keeps the exact line of text nodes only).  The exact
 * line goes into the element's psvi, which nothing else uses in a parsed document;
 * owed_xml_line() reads it there. */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    xmlParserCtxtPtr ctxt = ctx;
    if (ctxt->node != NULL && ctxt->input != NULL && ctxt->input->line >= 65535)
        ctxt->node->psvi = (void *)(ptrdiff_t)ctxt->input->line;
}

/* libxml2's generic error output goes here while we work: the library never prints. */
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

long owed_xml_line(const xmlNode *node)
{
    if (node == NULL)
        return 0;
    if (node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    if (node == NULL)
        return 0;
    if (node->type == XML_ELEMENT_NODE && node->line == 65535 && node->psvi != NULL)
        return (long)(ptrdiff_t)node->psvi; /* see start_element() */
    long line = xmlGetLineNo(node);
    return line > 0 ? line : 0;
}

static owed_status too_large(const char *path, size_t max_bytes, owed_error *err)
{
    return owed_error_set(err, OWED_E_LIMIT, path, 0,
                          _("the file is larger than the limit of %zu bytes (%s)"), max_bytes,
                          owed_limit_name(OWED_LIMIT_INPUT_BYTES));
}

/* Reads at most max_bytes of the open stream `fp` (named `path` in errors) into a new
 * buffer.  The stream is not closed. */
static owed_status read_stream_limited(const char *path, FILE *fp, size_t max_bytes,
                                       char **out, size_t *len, owed_error *err)
{
    *out = NULL;
    *len = 0;
    size_t cap = 0, n = 0;
    char *buf = NULL;
    owed_status st = OWED_OK;
    struct stat sb;
    owed_input_ids_note(fileno(fp), path);
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0 &&
        (unsigned long long)sb.st_size > (unsigned long long)max_bytes)
        /* a regular file too large is refused without reading it */
        return too_large(path, max_bytes, err);
    for (;;) {
        if (n == cap) {
            size_t want = cap ? cap * 2 : 65536;
            if (want > max_bytes + 1)
                want = max_bytes + 1;
            if (want <= cap) { /* n == max_bytes + 1 */
                st = too_large(path, max_bytes, err);
                break;
            }
            char *grown = owed_mem_realloc(buf, want);
            if (grown == NULL) {
                st = owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
                break;
            }
            buf = grown;
            cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp))
                st = owed_error_set(err, OWED_E_IO, path, 0, _("cannot read: %s"),
                                    strerror(errno));
            break;
        }
    }
    if (st == OWED_OK && n > max_bytes)
        st = too_large(path, max_bytes, err);
    if (st != OWED_OK) {
        owed_mem_free(buf);
        return st;
    }
    *out = buf;
    *len = n;
    return OWED_OK;
}

/* Reads at most max_bytes of `path` into a new buffer. */
static owed_status read_limited(const char *path, size_t max_bytes, char **out, size_t *len,
                                owed_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return owed_error_set(err, OWED_E_IO, path, 0, _("cannot open: %s"), strerror(errno));
    owed_status st = read_stream_limited(path, fp, max_bytes, out, len, err);
    fclose(fp);
    return st;
}

static owed_status too_many_nodes(const char *path, long line, long max_nodes, owed_error *err)
{
    return owed_error_set(err, OWED_E_LIMIT, path, line,
                          _("the file has more elements, attributes, comments and processing "
                            "instructions than the limit of %ld (%s)"),
                          max_nodes, owed_limit_name(OWED_LIMIT_XML_NODES));
}

/* Refuses a NUL character anywhere (libxml2 takes one after the root element for the end of
 * the document, and whatever follows is never seen), and counts the attributes of each
 * start tag (namespace declarations included) before libxml2 sees the file: its check of duplicate attributes takes a time that grows with the square
 * of their number (50,000 attributes on one element took 10 s).  A light scan of the
 * markup: comments, CDATA sections, processing instructions and declarations are skipped,
 * quoted values may hold '>' and '='.  A document in UTF-16 (with its byte-order mark) is
 * scanned by 16-bit units; in every other encoding libxml2 reads, the characters of the
 * markup are the ASCII bytes.  Returns OWED_OK, or OWED_E_LIMIT at the line of the tag. */
static owed_status count_attributes(const char *path, const char *buf, size_t len,
                                    owed_error *err)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t step = 1, lo = 0; /* the byte of each unit that holds an ASCII character */
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == '<' && b[1] == 0)))
        step = 2, lo = 0;
    else if (len >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0 && b[1] == '<')))
        step = 2, lo = 1;
    size_t n = len / step;
#define UNIT(i) (step == 1 ? b[(i)] : (b[(i)*2 + (1 - lo)] ? 0xFFu : b[(i)*2 + lo]))
    long max_attrs = owed_limit_get(OWED_LIMIT_ATTRIBUTES, 0);
    /* and the nodes libxml2 will make of them (a 16 MiB file of empty elements took
       562 MB): elements, attributes, comments, processing instructions, CDATA sections */
    long max_nodes = owed_limit_get(OWED_LIMIT_XML_NODES, 0), nodes = 0;
    long line = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned c = UNIT(i);
        if (c == '\n') {
            line++;
            continue;
        }
        if (c == 0) /* libxml2 would end the document there, unseen: "</case>\0junk" */
            return owed_error_set(err, OWED_E_SYNTAX, path, line,
                                  _("a NUL byte in a line of text"));
        if (c != '<' || i + 1 >= n)
            continue;
        unsigned c1 = UNIT(i + 1);
        if (c1 != '/' && ++nodes > max_nodes)
            return too_many_nodes(path, line, max_nodes, err);
        const char *end = NULL;
        if (c1 == '!' && i + 3 < n && UNIT(i + 2) == '-' && UNIT(i + 3) == '-')
            end = "-->";
        else if (c1 == '!' && i + 2 < n && UNIT(i + 2) == '[')
            end = "]]>";
        else if (c1 == '?')
            end = "?>";
        else if (c1 == '!' || c1 == '/')
            end = ">";
        if (end != NULL) { /* skip to the end of the construct, counting its lines */
            size_t k = strlen(end), j = i + 2;
            for (; j + k <= n; j++) {
                size_t m = 0;
                while (m < k && UNIT(j + m) == (unsigned char)end[m])
                    m++;
                if (m == k)
                    break;
                if (UNIT(j) == '\n')
                    line++;
            }
            i = j + k - 1;
            continue;
        }
        /* a start tag: count the '=' outside quoted values up to its '>' */
        long tag_line = line, attrs = 0;
        unsigned quote = 0;
        size_t j = i + 1;
        for (; j < n; j++) {
            unsigned d = UNIT(j);
            if (d == '\n')
                line++;
            if (quote) {
                if (d == quote)
                    quote = 0;
            } else if (d == '"' || d == '\'') {
                quote = d;
            } else if (d == '=') {
                if (++nodes > max_nodes)
                    return too_many_nodes(path, tag_line, max_nodes, err);
                if (++attrs > max_attrs)
                    return owed_error_set(err, OWED_E_LIMIT, path, tag_line,
                                          _("an element has more attributes and namespace "
                                            "declarations than the limit of %ld (%s)"),
                                          max_attrs, owed_limit_name(OWED_LIMIT_ATTRIBUTES));
            } else if (d == '>' || d == '<') {
                break;
            }
        }
        i = j > i ? j - 1 : i;
    }
#undef UNIT
    return OWED_OK;
}

static owed_status parse_buffer(const char *path, const char *buf, size_t len, xmlDocPtr *out,
                                owed_error *err)
{
    *out = NULL;
    owed_status counted = count_attributes(path, buf, len, err);
    if (counted != OWED_OK)
        return counted;
    xml_state st;
    memset(&st, 0, sizeof st);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL || ctxt->sax == NULL) {
        xmlFreeParserCtxt(ctxt);
        return owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
    }
    ctxt->_private = &st;
    ctxt->sax->serror = parser_error;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->startElementNs = start_element;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, read_options());
    xmlFreeParserCtxt(ctxt);

    owed_status rc = OWED_OK;
    if (st.doctype || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL)))
        rc = owed_error_set(err, OWED_E_SYNTAX, path, st.doctype ? st.doctype_line : 0,
                            _("a DOCTYPE declaration is not allowed (DTDs and entities "
                              "are refused)"));
    else if (st.have_error)
        rc = owed_error_set(err, OWED_E_SYNTAX, path, st.line, _("not well-formed XML: %s"),
                            st.message);
    else if (doc == NULL || xmlDocGetRootElement(doc) == NULL)
        rc = owed_error_set(err, OWED_E_SYNTAX, path, 0, _("not well-formed XML"));
    if (rc != OWED_OK) {
        xmlFreeDoc(doc);
        return rc;
    }
    *out = doc;
    return OWED_OK;
}

/* The limit in force for a document whose kind allows `max_bytes`. */
static size_t effective_limit(size_t max_bytes)
{
    /* OWED_MAX_INPUT_BYTES, when set, replaces the caller's limit for its kind of file */
    max_bytes = (size_t)owed_limit_get(OWED_LIMIT_INPUT_BYTES,
                                       max_bytes > (size_t)OWED_LIMIT_INPUT_BYTES_CEILING
                                           ? OWED_LIMIT_INPUT_BYTES_CEILING
                                           : (long)max_bytes);
    if (max_bytes > (size_t)INT_MAX - 1)
        max_bytes = (size_t)INT_MAX - 1; /* xmlCtxtReadMemory takes an int size */
    return max_bytes;
}

/* The first element of the XML Schema namespace that would make libxml2 load another
 * document (xs:include, xs:import, xs:redefine, xs:override), or NULL. */
static const xmlNode *schema_reference(const xmlNode *n)
{
    static const char *const loaders[] = {"include", "import", "redefine", "override"};
    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns != NULL && n->ns->href != NULL &&
            strcmp((const char *)n->ns->href, "http://www.w3.org/2001/XMLSchema") == 0)
            for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
                if (strcmp((const char *)n->name, loaders[i]) == 0)
                    return n;
        const xmlNode *inner = schema_reference(n->children);
        if (inner != NULL)
            return inner;
    }
    return NULL;
}

/* The schema, read like every other XML file (owed_xml_read: its size bounded, no DOCTYPE,
 * no entity, no network), and refused when it would load another document: the schemas of
 * the data directory are self-contained, and a hostile OWED_DATADIR must not make the
 * program read a local file or connect anywhere.  *out is freed with xmlFreeDoc(). */
static owed_status read_schema(const char *schema_path, xmlDocPtr *out, owed_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    owed_status rc = read_limited(schema_path, effective_limit(OWED_XML_SCHEMA_MAX_BYTES), &buf,
                                  &len, err);
    if (rc == OWED_OK)
        rc = parse_buffer(schema_path, buf, len, out, err);
    owed_mem_free(buf);
    if (rc != OWED_OK)
        return rc;
    const xmlNode *ref = schema_reference(xmlDocGetRootElement(*out));
    if (ref != NULL) {
        rc = owed_error_set(err, OWED_E_SCHEMA, schema_path, owed_xml_line(ref),
                            _("the schema may not load another document (xs:%s)"),
                            (const char *)ref->name);
        xmlFreeDoc(*out);
        *out = NULL;
    }
    return rc;
}

static owed_status validate(const char *path, const char *schema_path, xmlDocPtr doc,
                            owed_error *err)
{
    xml_state st;
    memset(&st, 0, sizeof st);
    xmlDocPtr schema_doc;
    owed_status read_rc = read_schema(schema_path, &schema_doc, err);
    if (read_rc == OWED_E_NOMEM)
        return read_rc;
    if (read_rc != OWED_OK) { /* any fault of the schema file is a schema error */
        if (err != NULL)
            err->code = OWED_E_SCHEMA;
        return OWED_E_SCHEMA;
    }
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewDocParserCtxt(schema_doc);
    if (pctxt == NULL) {
        xmlFreeDoc(schema_doc);
        return owed_error_set(err, OWED_E_NOMEM, schema_path, 0, _("out of memory"));
    }
    xmlSchemaSetParserStructuredErrors(pctxt, schema_error, &st);
    xmlSchemaPtr schema = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    if (schema == NULL) {
        xmlFreeDoc(schema_doc);
        if (st.have_error)
            return owed_error_set(err, OWED_E_SCHEMA, schema_path, st.line,
                                  _("cannot load the schema: %s"), st.message);
        return owed_error_set(err, OWED_E_SCHEMA, schema_path, 0, _("cannot load the schema"));
    }

    memset(&st, 0, sizeof st);
    owed_status rc = OWED_OK;
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
    if (vctxt == NULL) {
        rc = owed_error_set(err, OWED_E_NOMEM, path, 0, _("out of memory"));
    } else {
        xmlSchemaSetValidStructuredErrors(vctxt, schema_error, &st);
        int valid = xmlSchemaValidateDoc(vctxt, doc);
        if (valid != 0 || st.have_error) {
            if (st.have_error) {
                char words[sizeof st.message];
                owed_xml_schema_words(words, sizeof words, st.message);
                rc = owed_error_set(err, OWED_E_SCHEMA, path, st.line,
                                    _("not valid by the schema: %s"), words);
            }
            else
                rc = owed_error_set(err, OWED_E_SCHEMA, path, 0,
                                    _("the schema validation failed"));
        }
        xmlSchemaFreeValidCtxt(vctxt);
    }
    xmlSchemaFree(schema);
    xmlFreeDoc(schema_doc); /* after the schema, which may point into it */
    return rc;
}

/* Parses and validates a buffer already within the limit. */
static owed_status parse_validate(const char *path, const char *buf, size_t len,
                                  const char *schema_path, xmlDocPtr *out, owed_error *err)
{
    xmlInitParser();
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_generic_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);

    xmlDocPtr doc = NULL;
    owed_status rc = parse_buffer(path, buf, len, &doc, err);
    if (rc == OWED_OK && schema_path != NULL) {
        rc = validate(path, schema_path, doc, err);
        if (rc != OWED_OK) {
            xmlFreeDoc(doc);
            doc = NULL;
        }
    }

    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    *out = doc;
    return rc;
}

owed_status owed_xml_read(const char *path, const char *schema_path, size_t max_bytes,
                          xmlDocPtr *out, owed_error *err)
{
    *out = NULL;
    owed_status rc = owed_limits_check(err);
    if (rc != OWED_OK)
        return rc;
    max_bytes = effective_limit(max_bytes);
    char *buf;
    size_t len;
    rc = read_limited(path, max_bytes, &buf, &len, err);
    if (rc != OWED_OK)
        return rc;
    rc = parse_validate(path, buf, len, schema_path, out, err);
    owed_mem_free(buf);
    return rc;
}

owed_status owed_xml_read_memory(const char *name, const char *buf, size_t len,
                                 const char *schema_path, size_t max_bytes, xmlDocPtr *out,
                                 owed_error *err)
{
    *out = NULL;
    owed_status rc = owed_limits_check(err);
    if (rc != OWED_OK)
        return rc;
    if (buf == NULL && len > 0)
        return owed_error_set(err, OWED_E_ARG, name, 0, _("no buffer given"));
    max_bytes = effective_limit(max_bytes);
    if (len > max_bytes)
        return too_large(name, max_bytes, err);
    return parse_validate(name, buf ? buf : "", len, schema_path, out, err);
}

owed_status owed_xml_read_stream(const char *name, FILE *fp, const char *schema_path,
                                 size_t max_bytes, xmlDocPtr *out, owed_error *err)
{
    *out = NULL;
    owed_status rc = owed_limits_check(err);
    if (rc != OWED_OK)
        return rc;
    if (fp == NULL)
        return owed_error_set(err, OWED_E_ARG, name, 0, _("no stream given"));
    max_bytes = effective_limit(max_bytes);
    char *buf;
    size_t len;
    rc = read_stream_limited(name, fp, max_bytes, &buf, &len, err);
    if (rc != OWED_OK)
        return rc;
    rc = parse_validate(name, buf, len, schema_path, out, err);
    owed_mem_free(buf);
    return rc;
}

owed_status owed_xml_validate_list(const char *path, const char *schema_path, size_t max_bytes,
                                   owed_error *errs, size_t max_errs, size_t *n_errs,
                                   size_t *n_more)
{
    *n_errs = 0;
    *n_more = 0;
    if (max_errs == 0)
        return OWED_E_ARG;
    xmlDocPtr doc = NULL;
    owed_status rc = owed_xml_read(path, NULL, max_bytes, &doc, &errs[0]);
    if (rc != OWED_OK) {
        *n_errs = 1;
        return rc;
    }
    xmlInitParser();
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_generic_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xml_state st;
    memset(&st, 0, sizeof st);
    /* the schema read as validate() reads it: through the hardened reader, refused when it
       would load another document */
    xmlDocPtr schema_doc = NULL;
    owed_status read_rc = read_schema(schema_path, &schema_doc, &errs[0]);
    xmlSchemaPtr schema = NULL;
    if (read_rc == OWED_OK) {
        xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewDocParserCtxt(schema_doc);
        if (pctxt != NULL) {
            xmlSchemaSetParserStructuredErrors(pctxt, schema_error, &st);
            schema = xmlSchemaParse(pctxt);
            xmlSchemaFreeParserCtxt(pctxt);
        }
    }
    if (read_rc != OWED_OK) {
        /* any fault of the schema file is a schema error */
        rc = read_rc == OWED_E_NOMEM ? read_rc : OWED_E_SCHEMA;
        errs[0].code = rc;
        *n_errs = 1;
    } else if (schema == NULL) {
        if (st.have_error)
            rc = owed_error_set(&errs[0], OWED_E_SCHEMA, schema_path, st.line,
                                _("cannot load the schema: %s"), st.message);
        else
            rc = owed_error_set(&errs[0], OWED_E_SCHEMA, schema_path, 0,
                                _("cannot load the schema"));
        *n_errs = 1;
    } else {
        memset(&st, 0, sizeof st);
        st.list = errs;
        st.max_list = max_errs;
        st.path = path;
        xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
        if (vctxt == NULL) {
            rc = owed_error_set(&errs[0], OWED_E_NOMEM, path, 0, _("out of memory"));
            *n_errs = 1;
        } else {
            xmlSchemaSetValidStructuredErrors(vctxt, schema_error, &st);
            int valid = xmlSchemaValidateDoc(vctxt, doc);
            *n_errs = st.n_list;
            *n_more = st.more;
            if (st.n_list > 0)
                rc = OWED_E_SCHEMA;
            else if (valid != 0) {
                rc = owed_error_set(&errs[0], OWED_E_SCHEMA, path, 0,
                                    _("the schema validation failed"));
                *n_errs = 1;
            }
            xmlSchemaFreeValidCtxt(vctxt);
        }
        xmlSchemaFree(schema);
    }
    xmlFreeDoc(schema_doc);
    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    xmlFreeDoc(doc);
    return rc;
}
