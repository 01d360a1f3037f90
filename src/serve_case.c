/* From the form to a case and back, and the statement of a case, all in memory.
 *
 * The case XML is built with libxml2 from the form's fields (serve_form.c says where each
 * goes), then read back through the library's hardened reader (owed_case_open_memory), so
 * that the form accepts exactly what a case file accepts.  An error of the reader carries a
 * line of the generated XML; the element on that line is traced back to the row it came
 * from, and the field by the attribute the message names or the value it quotes. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>

#include "i18n.h"
#include "owed.h"
#include "serve.h"

/* Where an element of the generated case came from. */
typedef struct origin {
    serve_kind kind;
    size_t row;
    const char *elem;
    int nth;
} origin;

/* ------------------------------------------------------------------ checks of fields */

static int all_digits(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

static int ends_with_percent(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] == '%';
}

/* Checks one field's text as the case reader would, with its messages (the library's
 * checks, owed.h: owed_date_check, owed_amount_check, owed_rate_check); 0 when good.
 * Amounts are checked in the case's currency, `currency`; not at all when the library
 * does not know it (the currency's own field says what is wrong then). */
static int check_field(owed_ctx *ctx, serve_form *f, serve_kind k, size_t row, size_t i,
                       const serve_field *d, const char *currency)
{
    const char *v = serve_form_value(f, k, row, i);
    if (v[0] == '\0') {
        if (d->required) {
            serve_form_error(f, k, row, i, _("this is needed"));
            return -1;
        }
        return 0;
    }
    char msg[512]; /* a message of the program's own, as long as the library's may be */
    const char *bad = NULL;
    owed_status st = OWED_OK;
    switch (d->type) {
    case SF_DATE: st = owed_date_check(ctx, "", v); break;
    case SF_DAYS:
        if (!all_digits(v) || strlen(v) > 5 || atoi(v) < 1) {
            snprintf(msg, sizeof msg, _("'%s' is not a number of days (1 to 99999)"), v);
            bad = msg;
        }
        break;
    case SF_AMOUNT: st = owed_amount_check(ctx, "", v, currency); break;
    case SF_RATE: st = owed_rate_check(ctx, "", v); break;
    case SF_FEE:
        st = ends_with_percent(v) ? owed_rate_check(ctx, "", v)
                                  : owed_amount_check(ctx, "", v, currency);
        break;
    case SF_TEXT:
    case SF_SELECT: break;
    }
    if (st == OWED_E_ARG) /* a currency the library does not know: amounts unchecked */
        st = OWED_OK;
    if (st != OWED_OK)
        bad = owed_ctx_error_text(ctx);
    if (d->type == SF_SELECT) {
        int ok = 0;
        for (const char *const *c = d->choices; *c; c++)
            ok |= strcmp(*c, v) == 0;
        if (!ok) {
            snprintf(msg, sizeof msg, _("'%s' is not one of the choices"), v);
            bad = msg;
        }
    }
    if (bad != NULL) {
        serve_form_error(f, k, row, i, bad);
        return -1;
    }
    return 0;
}

static size_t field_index(serve_kind k, const char *key)
{
    size_t n;
    const serve_field *d = serve_fields(k, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].key, key) == 0)
            return i;
    return 0;
}

/* Checks every field of every row that is not blank; gives loans without an id one. */
static int check_form(owed_ctx *ctx, serve_form *f)
{
    int bad = 0;
    const char *code = serve_form_value(f, SERVE_CASE, 0, field_index(SERVE_CASE, "currency"));
    size_t n_loans = 0;
    for (int k = 0; k < SERVE_KINDS; k++) {
        size_t n;
        const serve_field *d = serve_fields((serve_kind)k, &n);
        for (size_t r = 0; r < f->n_rows[k]; r++) {
            if (k != SERVE_CASE && serve_form_row_blank(f, (serve_kind)k, r))
                continue;
            for (size_t i = 0; i < n; i++)
                bad |= check_field(ctx, f, (serve_kind)k, r, i, &d[i], code) != 0;
            if (k != SERVE_LOAN)
                continue;
            n_loans++;
            size_t due = field_index(SERVE_LOAN, "due"), term = field_index(SERVE_LOAN, "term_days");
            int has_due = serve_form_value(f, SERVE_LOAN, r, due)[0] != '\0';
            int has_term = serve_form_value(f, SERVE_LOAN, r, term)[0] != '\0';
            if (has_due == has_term) {
                serve_form_error(f, SERVE_LOAN, r, due,
                                 _("give the due date or the term in days (one of them)"));
                bad = 1;
            }
            size_t id = field_index(SERVE_LOAN, "id");
            if (serve_form_value(f, SERVE_LOAN, r, id)[0] == '\0') {
                char name[24];
                snprintf(name, sizeof name, "L%zu", n_loans);
                if (serve_form_set(f, SERVE_LOAN, r, id, name) != 0)
                    return -1;
            }
        }
    }
    if (n_loans == 0 && f->message == NULL)
        f->message = strdup(_("Enter at least one loan: its contract date, principal and due "
                              "date or term."));
    return bad || n_loans == 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ form -> XML */

static void set_attr(xmlNodePtr node, const serve_field *d, const char *v)
{
    const char *name = d->attr;
    if (d->type == SF_FEE && ends_with_percent(v))
        name = "percent";
    xmlNewProp(node, BAD_CAST name, BAD_CAST v);
}

/* Adds the elements of one row under `parent` (the row's own element, then its children, in
 * the order of the fields); the case row's own element is `parent` itself. */
static int build_row(xmlNodePtr parent, const serve_form *f, serve_kind k, size_t row,
                     origin *origins, size_t *n_origins)
{
    size_t n;
    const serve_field *d = serve_fields(k, &n);
    xmlNodePtr main = k == SERVE_CASE ? parent : NULL;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int any = 0;
        while (j < n && strcmp(d[j].elem, d[i].elem) == 0 && d[j].nth == d[i].nth) {
            const char *v = serve_form_value(f, k, row, j);
            if (d[j].type != SF_SELECT ? v[0] != '\0' : d[j].choices[0][0] == '\0' && v[0])
                any = 1;
            j++;
        }
        int is_main = strcmp(d[i].elem, serve_kind_elem(k)) == 0;
        if (any || (is_main && main == NULL)) {
            xmlNodePtr node;
            if (is_main && main != NULL)
                node = main;
            else {
                node = xmlNewChild(main ? main : parent, NULL, BAD_CAST d[i].elem, NULL);
                if (node == NULL)
                    return -1;
                origin *o = &origins[(*n_origins)++];
                *o = (origin){k, row, d[i].elem, d[i].nth};
                node->_private = o;
                if (is_main)
                    main = node;
            }
            for (size_t m = i; m < j; m++) {
                const char *v = serve_form_value(f, k, row, m);
                if (v[0] == '\0')
                    continue;
                if (d[m].attr == NULL)
                    xmlNodeAddContent(node, BAD_CAST v);
                else
                    set_attr(node, &d[m], v);
            }
        }
        i = j;
    }
    return 0;
}

typedef struct event_ref {
    const char *date; /* YYYY-MM-DD, checked: its order as text is the calendar's */
    int rank;         /* same day: extensions, then payments, then claims */
    serve_kind kind;
    size_t row;
} event_ref;

static int event_cmp(const void *a, const void *b)
{
    const event_ref *x = a, *y = b;
    int by_date = strcmp(x->date, y->date);
    if (by_date != 0)
        return by_date;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    return x->row < y->row ? -1 : x->row > y->row;
}

static void elements_in_order(xmlNodePtr node, xmlNodePtr *out, size_t *n, size_t max)
{
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (*n < max)
            out[(*n)++] = node;
        elements_in_order(node->children, out, n, max);
    }
}

/* The line of each start tag of the XML text that libxml2 wrote from the form, in document
 * order, into lines[] (at most max; *n set): the line the reader gives an element.  In that
 * text every '<' of a value is escaped and a start tag is on one line ('\n' in an
 * attribute is written "&#10;"), so a '<' before a name starts an element; the XML
 * declaration ("<?") and end tags ("</") are passed over. */
static void start_tag_lines(const char *xml, size_t len, long *lines, size_t *n, size_t max)
{
    long line = 1;
    for (size_t i = 0; i < len; i++) {
        if (xml[i] == '\n')
            line++;
        else if (xml[i] == '<' && i + 1 < len && strchr("/?!", xml[i + 1]) == NULL &&
                 *n < max)
            lines[(*n)++] = line;
    }
}

/* Puts the reader's message on the field the generated line `line` came from. */
static void map_error(serve_form *f, xmlDocPtr built, const char *xml, size_t len, long line,
                      const char *msg, size_t n_elements)
{
    xmlNodePtr *a = calloc(n_elements + 1, sizeof *a);
    long *b = calloc(n_elements + 1, sizeof *b);
    const origin *o = NULL;
    if (a && b && line > 0) {
        size_t na = 0, nb = 0;
        elements_in_order(xmlDocGetRootElement(built), a, &na, n_elements + 1);
        start_tag_lines(xml, len, b, &nb, n_elements + 1);
        if (na == nb)
            for (size_t i = 0; i < nb && b[i] <= line; i++)
                o = a[i]->_private;
    }
    free(a);
    free(b);
    serve_kind k = o ? o->kind : SERVE_CASE;
    size_t row = o ? o->row : 0;
    const char *elem = o ? o->elem : "case";
    int nth = o ? o->nth : 0;
    size_t n;
    const serve_field *d = serve_fields(k, &n);
    long best = -1;
    char quoted[64];
    for (size_t i = 0; i < n && best < 0; i++) /* the attribute the message names */
        if (strcmp(d[i].elem, elem) == 0 && d[i].nth == nth && d[i].attr) {
            snprintf(quoted, sizeof quoted, "'%s'", d[i].attr);
            if (strstr(msg, quoted) ||
                (d[i].type == SF_FEE && strstr(msg, "'percent'")))
                best = (long)i;
        }
    for (size_t i = 0; i < n && best < 0; i++) { /* the value it quotes */
        const char *v = serve_form_value(f, k, row, i);
        if (strcmp(d[i].elem, elem) == 0 && d[i].nth == nth && v[0] && strstr(msg, v))
            best = (long)i;
    }
    for (size_t i = 0; i < n && best < 0 && o; i++) /* the first field of the element */
        if (strcmp(d[i].elem, elem) == 0 && d[i].nth == nth)
            best = (long)i;
    if (best >= 0)
        serve_form_error(f, k, row, (size_t)best, msg);
    else if (f->message == NULL)
        f->message = strdup(msg);
}

int serve_form_to_case(owed_ctx *ctx, serve_form *f, char **xml, size_t *len)
{
    *xml = NULL;
    *len = 0;
    if (check_form(ctx, f) != 0) {
        if (f->message == NULL)
            f->message = strdup(_("Some facts cannot be read as they are: see the messages "
                                  "beside the fields."));
        return -1;
    }
    size_t n_rows = 1;
    for (int k = 1; k < SERVE_KINDS; k++)
        n_rows += f->n_rows[k];
    origin *origins = calloc(n_rows * 8 + 8, sizeof *origins);
    event_ref *events = calloc(n_rows, sizeof *events);
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    int status = -1;
    if (origins == NULL || events == NULL || doc == NULL)
        goto done;
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "case", NULL);
    xmlDocSetRootElement(doc, root);
    xmlSetNs(root, xmlNewNs(root, BAD_CAST "urn:owed:case:1", NULL));
    size_t n_origins = 0, n_events = 0;
    if (build_row(root, f, SERVE_CASE, 0, origins, &n_origins) != 0)
        goto done;
    for (size_t r = 0; r < f->n_rows[SERVE_LOAN]; r++)
        if (!serve_form_row_blank(f, SERVE_LOAN, r) &&
            build_row(root, f, SERVE_LOAN, r, origins, &n_origins) != 0)
            goto done;
    static const serve_kind event_kinds[] = {SERVE_EXTENSION, SERVE_PAYMENT, SERVE_CLAIM};
    for (int e = 0; e < 3; e++) {
        serve_kind k = event_kinds[e];
        for (size_t r = 0; r < f->n_rows[k]; r++) {
            if (serve_form_row_blank(f, k, r))
                continue;
            event_ref *ev = &events[n_events++];
            *ev = (event_ref){serve_form_value(f, k, r, field_index(k, "date")), e, k, r};
        }
    }
    qsort(events, n_events, sizeof *events, event_cmp);
    for (size_t i = 0; i < n_events; i++)
        if (build_row(root, f, events[i].kind, events[i].row, origins, &n_origins) != 0)
            goto done;
    xmlChar *out = NULL;
    int n = 0;
    xmlDocDumpFormatMemoryEnc(doc, &out, &n, "UTF-8", 1);
    if (out == NULL)
        goto done;
    *xml = malloc((size_t)n + 1);
    if (*xml == NULL) {
        xmlFree(out);
        goto done;
    }
    memcpy(*xml, out, (size_t)n);
    (*xml)[n] = '\0';
    *len = (size_t)n;
    xmlFree(out);

    owed_case *c = NULL;
    if (owed_case_open_memory(ctx, "case.xml", *xml, *len, &c) == OWED_OK) {
        status = 0;
    } else {
        map_error(f, doc, *xml, *len, owed_ctx_error_line(ctx), owed_ctx_error_text(ctx),
                  n_origins + 1);
        free(*xml);
        *xml = NULL;
        *len = 0;
    }
    owed_case_free(c);
done:
    if (status != 0 && f->message == NULL)
        f->message = strdup(_("Some facts cannot be read as they are: see the messages beside "
                              "the fields."));
    xmlFreeDoc(doc);
    free(origins);
    free(events);
    return status;
}

/* ------------------------------------------------------------------ XML -> form */

typedef struct left_out {
    char text[512];
} left_out;

static void note_left_out(left_out *lo, const char *elem, const char *attr)
{
    char item[96];
    snprintf(item, sizeof item, attr ? "<%s %s>" : "<%s>", elem, attr ? attr : "");
    if (strstr(lo->text, item))
        return;
    size_t used = strlen(lo->text);
    if (used + strlen(item) + 3 < sizeof lo->text)
        snprintf(lo->text + used, sizeof lo->text - used, "%s%s", used ? ", " : "", item);
}

/* Copies the attributes (or the text) of `node` into the fields of element `elem`/`nth`. */
static int fill(serve_form *f, serve_kind k, size_t row, const char *elem, int nth,
                xmlNodePtr node, left_out *lo)
{
    size_t n;
    const serve_field *d = serve_fields(k, &n);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (a->ns != NULL) /* xsi:, which owed ignores */
            continue;
        size_t i = 0;
        for (; i < n; i++)
            if (strcmp(d[i].elem, elem) == 0 && d[i].nth == nth && d[i].attr &&
                (strcmp(d[i].attr, name) == 0 ||
                 (d[i].type == SF_FEE && strcmp(name, "percent") == 0)))
                break;
        if (i == n) {
            note_left_out(lo, elem, name);
            continue;
        }
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        int st = serve_form_set(f, k, row, i, v ? (const char *)v : "");
        xmlFree(v);
        if (st != 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].elem, elem) == 0 && d[i].attr == NULL) {
            xmlChar *v = xmlNodeGetContent(node);
            int st = serve_form_set(f, k, row, i, v ? (const char *)v : "");
            xmlFree(v);
            if (st != 0)
                return -1;
        }
    return 0;
}

static int is(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

static int fill_loan(serve_form *f, size_t row, xmlNodePtr loan, left_out *lo)
{
    if (fill(f, SERVE_LOAN, row, "loan", 0, loan, lo) != 0)
        return -1;
    int disbursements = 0, fees = 0;
    for (xmlNodePtr ch = loan->children; ch; ch = ch->next) {
        if (ch->type != XML_ELEMENT_NODE)
            continue;
        int st = 0;
        if (is(ch, "disbursement") && disbursements++ == 0)
            st = fill(f, SERVE_LOAN, row, "disbursement", 0, ch, lo);
        else if (is(ch, "interest"))
            st = fill(f, SERVE_LOAN, row, "interest", 0, ch, lo);
        else if (is(ch, "fee") && fees < 2)
            st = fill(f, SERVE_LOAN, row, "fee", ++fees, ch, lo);
        else if (is(ch, "overdue"))
            st = fill(f, SERVE_LOAN, row, "overdue", 0, ch, lo);
        else
            note_left_out(lo, (const char *)ch->name, NULL);
        if (st != 0)
            return -1;
    }
    return 0;
}

/* The context's last error as the page shows it: "line N: message" when it has a line. */
static char *located(const owed_ctx *ctx)
{
    char msg[700];
    long line = owed_ctx_error_line(ctx);
    if (line > 0)
        snprintf(msg, sizeof msg, _("line %ld: %s"), line, owed_ctx_error_text(ctx));
    else
        snprintf(msg, sizeof msg, "%s", owed_ctx_error_text(ctx));
    return strdup(msg);
}

/* The tree of a case file that owed_case_open_memory has accepted, to copy what it says
 * into the form.  The library's reader has refused anything hostile in these very bytes
 * (a DOCTYPE, hence any entity; sizes beyond the limits), so libxml2's own parser reads
 * them here with the reader's options: no network, no external entity, no catalog, CDATA
 * as text; quiet.  NULL when memory runs out. */
static xmlDocPtr read_accepted(const char *xml, size_t len)
{
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
#if LIBXML_VERSION >= 21300
    options |= XML_PARSE_NO_XXE;
#endif
#if LIBXML_VERSION >= 21400
    options |= XML_PARSE_NO_SYS_CATALOG;
#endif
    if (len > (size_t)INT_MAX)
        return NULL;
    return xmlReadMemory(xml, (int)len, "case.xml", NULL, options);
}

int serve_case_to_form(owed_ctx *ctx, serve_form *f, const char *xml, size_t len)
{
    owed_case *c = NULL;
    if (owed_case_open_memory(ctx, "case.xml", xml, len, &c) != OWED_OK) {
        free(f->upload_error);
        f->upload_error = located(ctx);
        return -1;
    }
    owed_case_free(c);
    xmlDocPtr doc = read_accepted(xml, len);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        xmlFreeDoc(doc);
        return -1;
    }
    for (int k = 0; k < SERVE_KINDS; k++) /* the file replaces what the form held */
        for (size_t i = 0; i < f->n_rows[k]; i++) {
            size_t n;
            const serve_field *d = serve_fields((serve_kind)k, &n);
            for (size_t j = 0; j < n; j++)
                serve_form_set(f, (serve_kind)k, i, j,
                               d[j].type == SF_SELECT ? d[j].choices[0] : "");
        }
    left_out lo = {""};
    size_t rows[SERVE_KINDS] = {0};
    int st = 0;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    st |= fill(f, SERVE_CASE, 0, "case", 0, root, &lo);
    for (xmlNodePtr ch = root->children; ch && st == 0; ch = ch->next) {
        if (ch->type != XML_ELEMENT_NODE)
            continue;
        if (is(ch, "title") || is(ch, "borrower") || is(ch, "lender")) {
            st = fill(f, SERVE_CASE, 0, (const char *)ch->name, 0, ch, &lo);
            continue;
        }
        serve_kind k = is(ch, "loan") ? SERVE_LOAN
                       : is(ch, "payment") ? SERVE_PAYMENT
                       : is(ch, "extension") ? SERVE_EXTENSION
                       : is(ch, "claim") ? SERVE_CLAIM
                                           : SERVE_CASE;
        if (k == SERVE_CASE || rows[k] >= SERVE_MAX_ROWS) {
            note_left_out(&lo, (const char *)ch->name, NULL);
            continue;
        }
        size_t row = rows[k]++;
        st = k == SERVE_LOAN ? fill_loan(f, row, ch, &lo)
                             : fill(f, k, row, serve_kind_elem(k), 0, ch, &lo);
    }
    xmlFreeDoc(doc);
    for (int k = 1; k < SERVE_KINDS && st == 0; k++) /* one blank row more to go on with */
        st = serve_form_rows(f, (serve_kind)k, rows[k] + 1 > f->n_rows[k] ? rows[k] + 1 : 0);
    if (st == 0 && lo.text[0]) {
        char msg[900];
        snprintf(msg, sizeof msg,
                 _("The form cannot show these parts of the case file, so they are left out "
                   "here: %s.  Keep the file itself to keep them."),
                 lo.text);
        free(f->message);
        f->message = strdup(msg);
    }
    return st;
}

/* ------------------------------------------------------------------ the statement */

/* 1 when `id` is a regime shipped in the context's data directory (not a path). */
static int known_regime(owed_ctx *ctx, const char *id)
{
    char **ids = NULL;
    size_t n = 0;
    if (owed_regime_ids(ctx, &ids, &n) != OWED_OK)
        return 0;
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found |= strcmp(ids[i], id) == 0;
    owed_regime_ids_free(ids, n);
    return found;
}

char *serve_statement(owed_ctx *ctx, const char *xml, size_t xml_len, const char *regime,
                      serve_format format, size_t *len, char **error)
{
    *error = NULL;
    *len = 0;
    owed_case *c = NULL;
    owed_regime *regs[8] = {NULL};
    owed_report *r = NULL;
    char *out = NULL;
    if (owed_case_open_memory(ctx, "case.xml", xml, xml_len, &c) != OWED_OK) {
        *error = located(ctx);
        goto done;
    }
    if (format == SERVE_XML) {
        out = malloc(xml_len + 1);
        if (out) {
            memcpy(out, xml, xml_len);
            out[xml_len] = '\0';
            *len = xml_len;
        }
        goto done;
    }
    /* the regimes of the list, in its order; "auto" once at most */
    enum { MAX_REGIMES = 8 };
    char ids[MAX_REGIMES][72];
    size_t n_regs = 0;
    long chosen = -1;
    for (const char *p = regime; *p && n_regs < MAX_REGIMES;) {
        size_t n = strcspn(p, " ");
        if (n > 0 && n < sizeof ids[0]) {
            memcpy(ids[n_regs], p, n);
            ids[n_regs][n] = '\0';
            int dup = 0;
            for (size_t i = 0; i < n_regs; i++)
                dup |= strcmp(ids[i], ids[n_regs]) == 0;
            if (!dup)
                n_regs++;
        }
        p += n + (p[n] == ' ');
    }
    if (n_regs == 0)
        strcpy(ids[n_regs++], "auto");
    for (size_t i = 0; i < n_regs; i++) {
        owed_status st;
        if (strcmp(ids[i], "auto") == 0) {
            chosen = (long)i;
            st = owed_regime_auto(ctx, c, NULL, &regs[i]);
        } else if (known_regime(ctx, ids[i])) {
            st = owed_regime_open(ctx, ids[i], &regs[i]);
        } else {
            char msg[512];
            snprintf(msg, sizeof msg, _("unknown regime '%s'"), ids[i]);
            *error = strdup(msg);
            goto done;
        }
        if (st != OWED_OK) {
            *error = located(ctx);
            goto done;
        }
    }
    if (owed_report_new(ctx, c, NULL, (const owed_regime *const *)regs, n_regs, &r) != OWED_OK) {
        *error = located(ctx);
        goto done;
    }
    if (chosen >= 0)
        owed_report_mark_chosen(r, (size_t)chosen);
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    if (fp == NULL)
        goto done;
    owed_status st = owed_report_write(ctx, r, format == SERVE_HTML ? OWED_FORMAT_HTML
                                                                    : OWED_FORMAT_CSV,
                                       0, fp);
    if (fclose(fp) != 0) { /* a memory stream: out of memory */
        free(buf);
        goto done;
    }
    if (st != OWED_OK) {
        free(buf);
        *error = located(ctx);
        goto done;
    }
    out = buf;
    *len = n;
done:
    owed_report_free(r);
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++)
        owed_regime_free(regs[i]);
    owed_case_free(c);
    if (out == NULL && *error == NULL)
        *error = strdup(_("out of memory"));
    return out;
}
