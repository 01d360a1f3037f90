/* The HTTP side of `owed serve`, on GNU libmicrohttpd: one thread (MHD's internal polling
 * thread) serves every request in turn, so the form code needs no locks.
 *
 * Safety (issue 15): the server listens on 127.0.0.1 unless told otherwise; it answers only
 * requests whose Host header names the address it listens on (a page of another site
 * cannot reach it through DNS rebinding); every POST carries the per-process random token
 * of the form (another site cannot post to it); a body may hold at most SERVE_MAX_BODY
 * bytes and at most SERVE_MAX_CONNECTIONS connections are open at once; a case file posted
 * goes through the hardened case reader; pages are built and escaped by libxml2.  Nothing
 * is written to disk and nothing posted is logged. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <microhttpd.h>

#include "i18n.h"
#include "owed.h"
#include "serve.h"

enum {
    SERVE_MAX_BODY = 1024 * 1024, /* bytes of one request body */
    /* A body too large is still read (and thrown away) up to this many bytes before the
     * 413 page is sent: a server that answers and closes while the client is still sending
     * makes the client's kernel discard the answer on the reset, and the user sees
     * "connection reset" instead of the page.  Beyond this, the answer is sent at once. */
    SERVE_MAX_DRAIN = 64 * 1024 * 1024,
    SERVE_MAX_FIELDS = 10000,     /* fields of one form */
    SERVE_MAX_CONNECTIONS = 16,
    SERVE_TIMEOUT_SECONDS = 60
};

/* The server's state, set once at start. */
static struct {
    char token[33];
    char hosts[3][80]; /* Host header values accepted */
    size_t n_hosts;
    const char *lang;
    owed_ctx *ctx; /* the library's, for every request (the server has one thread) */
    char **regime_ids;
    char **regime_titles; /* in the page's language when the regime has one */
    size_t n_regimes;
} server;

/* One posted field: its name and its bytes (a file's content may hold any byte). */
typedef struct posted {
    char *name;
    char *data;
    size_t len;
} posted;

typedef struct request {
    struct MHD_PostProcessor *pp;
    posted *fields;
    size_t n, cap;
    size_t received;
    int too_big;
} request;

static void request_free(request *rq)
{
    if (rq == NULL)
        return;
    if (rq->pp)
        MHD_destroy_post_processor(rq->pp);
    for (size_t i = 0; i < rq->n; i++) {
        free(rq->fields[i].name);
        free(rq->fields[i].data);
    }
    free(rq->fields);
    free(rq);
}

static const posted *field(const request *rq, const char *name)
{
    for (size_t i = 0; i < rq->n; i++)
        if (strcmp(rq->fields[i].name, name) == 0)
            return &rq->fields[i];
    return NULL;
}

static const char *field_text(const request *rq, const char *name, const char *none)
{
    const posted *p = field(rq, name);
    return p ? p->data : none;
}

static enum MHD_Result take_post(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *filename, const char *content_type,
                                 const char *transfer_encoding, const char *data, uint64_t off,
                                 size_t size)
{
    request *rq = cls;
    posted *p = NULL;
    if (off > 0 && rq->n > 0 && strcmp(rq->fields[rq->n - 1].name, key) == 0) {
        p = &rq->fields[rq->n - 1];
    } else {
        if (rq->n == SERVE_MAX_FIELDS) {
            rq->too_big = 1;
            return MHD_NO;
        }
        if (rq->n == rq->cap) {
            size_t cap = rq->cap ? rq->cap * 2 : 64;
            posted *grown = realloc(rq->fields, cap * sizeof *grown);
            if (grown == NULL)
                return MHD_NO;
            rq->fields = grown;
            rq->cap = cap;
        }
        p = &rq->fields[rq->n];
        *p = (posted){strdup(key), calloc(1, 1), 0};
        if (p->name == NULL || p->data == NULL) {
            free(p->name);
            free(p->data);
            return MHD_NO;
        }
        rq->n++;
    }
    if (size > 0) {
        char *grown = realloc(p->data, p->len + size + 1);
        if (grown == NULL)
            return MHD_NO;
        memcpy(grown + p->len, data, size);
        p->len += size;
        grown[p->len] = '\0';
        p->data = grown;
    }
    return MHD_YES;
}

/* ------------------------------------------------------------------ responses */

static enum MHD_Result respond(struct MHD_Connection *conn, unsigned status, char *body, size_t len,
                            const char *type, const char *filename)
{
    struct MHD_Response *resp =
        body ? MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (resp == NULL) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
                            "img-src data:; form-action 'self'; frame-ancestors 'none'; "
                            "base-uri 'none'");
    if (filename) {
        char cd[96];
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
        MHD_add_response_header(resp, "Content-Disposition", cd);
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* A short page with one message (errors of the request itself). */
static enum MHD_Result send_message(struct MHD_Connection *conn, unsigned status, const char *msg)
{
    htmlDocPtr doc = htmlNewDoc(NULL, NULL);
    if (doc == NULL)
        return respond(conn, 500, NULL, 0, "text/plain", NULL);
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    xmlDocSetRootElement(doc, html);
    xmlNodePtr head = xmlNewChild(html, NULL, BAD_CAST "head", NULL);
    xmlNewProp(xmlNewChild(head, NULL, BAD_CAST "meta", NULL), BAD_CAST "charset",
               BAD_CAST "utf-8");
    xmlNewTextChild(head, NULL, BAD_CAST "title", BAD_CAST "owed");
    xmlNodePtr body = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
    xmlNewTextChild(body, NULL, BAD_CAST "p", BAD_CAST msg);
    xmlNewProp(xmlNewTextChild(body, NULL, BAD_CAST "a", BAD_CAST _("Back to the form")),
               BAD_CAST "href", BAD_CAST "/");
    size_t n = 0;
    char *page = serve_html_dump(doc, &n);
    xmlFreeDoc(doc);
    return respond(conn, status, page, n, "text/html; charset=utf-8", NULL);
}

static enum MHD_Result send_form(struct MHD_Connection *conn, unsigned status,
                                 const serve_form *f)
{
    size_t len = 0;
    char *page =
        serve_form_page(f, server.lang, server.token, server.regime_ids,
                        server.regime_titles, server.n_regimes, &len);
    if (page == NULL)
        return send_message(conn, 500, _("out of memory"));
    return respond(conn, status, page, len, "text/html; charset=utf-8", NULL);
}

static xmlNodePtr hidden(xmlNodePtr form, const char *name, const char *value)
{
    xmlNodePtr in = xmlNewChild(form, NULL, BAD_CAST "input", NULL);
    xmlNewProp(in, BAD_CAST "type", BAD_CAST "hidden");
    xmlNewProp(in, BAD_CAST "name", BAD_CAST name);
    xmlNewProp(in, BAD_CAST "value", BAD_CAST value);
    return in;
}

static xmlNodePtr button(xmlNodePtr form, const char *name, const char *value, const char *label)
{
    xmlNodePtr b = xmlNewTextChild(form, NULL, BAD_CAST "button", BAD_CAST label);
    xmlNewProp(b, BAD_CAST "type", BAD_CAST "submit");
    xmlNewProp(b, BAD_CAST "name", BAD_CAST name);
    xmlNewProp(b, BAD_CAST "value", BAD_CAST value);
    return b;
}

/* A form of the statement page that posts the case back to `action`, with the token. */
static xmlNodePtr case_form(xmlNodePtr parent, const char *action, const char *xml,
                            const char *regime)
{
    xmlNodePtr form = xmlNewChild(parent, NULL, BAD_CAST "form", NULL);
    xmlNewProp(form, BAD_CAST "method", BAD_CAST "post");
    xmlNewProp(form, BAD_CAST "action", BAD_CAST action);
    xmlNewProp(form, BAD_CAST "style", BAD_CAST "display:inline");
    hidden(form, "token", server.token);
    hidden(form, "casexml", xml);
    hidden(form, "regimes", regime);
    return form;
}

/* The statement page: the writer's HTML statement with a bar at its top to download the
 * case and the statement, or go back to the form; the case rides along in hidden fields. */
static char *statement_page(const char *html, size_t len, const char *xml, const char *regime,
                            size_t *out_len)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (doc == NULL)
        return NULL;
    xmlNodePtr body = NULL;
    for (xmlNodePtr n = xmlDocGetRootElement(doc) ? xmlDocGetRootElement(doc)->children : NULL; n;
         n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0)
            body = n;
    if (body == NULL) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlNodePtr bar = xmlNewNode(NULL, BAD_CAST "div");
    xmlNewProp(bar, BAD_CAST "id", BAD_CAST "owed-serve-bar");
    xmlNewProp(bar, BAD_CAST "style",
               BAD_CAST "border-bottom:1px solid #999;padding:.5em 0;margin-bottom:1em");
    if (body->children)
        xmlAddPrevSibling(body->children, bar);
    else
        xmlAddChild(body, bar);
    xmlNodePtr dl = case_form(bar, "/download", xml, regime);
    button(dl, "format", "xml", _("Download the case (XML)"));
    button(dl, "format", "html", _("Download the statement (HTML)"));
    button(dl, "format", "csv", _("Download the ledger (CSV)"));
    xmlNodePtr back = case_form(bar, "/", xml, regime);
    button(back, "action", "edit", _("Back to the form"));
    *out_len = 0;
    char *page = serve_html_dump(doc, out_len);
    xmlFreeDoc(doc);
    return page;
}

/* ------------------------------------------------------------------ routes */

/* POST /: the form's buttons.  `action`: statement (the default), add-KIND, upload, edit. */
static enum MHD_Result post_form(struct MHD_Connection *conn, const request *rq)
{
    serve_form *f = serve_form_new();
    if (f == NULL)
        return send_message(conn, 500, _("out of memory"));
    const char *action = field_text(rq, "action", "statement");
    int st = 0;
    for (size_t i = 0; i < rq->n && st == 0; i++)
        st = serve_form_take(f, rq->fields[i].name, rq->fields[i].data);
    if (st != 0) {
        serve_form_free(f);
        return send_message(conn, 413, _("The form has too many rows."));
    }
    serve_form_drop_removed(f);
    enum MHD_Result ret;
    if (strncmp(action, "add-", 4) == 0) {
        for (int k = 1; k < SERVE_KINDS; k++)
            if (strcmp(action + 4, serve_kind_prefix((serve_kind)k)) == 0)
                serve_form_rows(f, (serve_kind)k, f->n_rows[k] + 1);
        ret = send_form(conn, 200, f);
    } else if (strcmp(action, "upload") == 0 || strcmp(action, "edit") == 0) {
        const posted *p = field(rq, strcmp(action, "upload") == 0 ? "casefile" : "casexml");
        if (p == NULL || p->len == 0) {
            f->upload_error = strdup(_("choose a case file first"));
            ret = send_form(conn, 422, f);
        } else {
            int ok = serve_case_to_form(server.ctx, f, p->data, p->len) == 0;
            ret = send_form(conn, ok ? 200 : 422, f);
        }
    } else {
        char *xml = NULL;
        size_t len = 0;
        if (serve_form_to_case(server.ctx, f, &xml, &len) != 0) {
            ret = send_form(conn, 422, f);
        } else {
            char *error = NULL;
            size_t n = 0;
            char *html = serve_statement(server.ctx, xml, len, f->regime, SERVE_HTML, &n,
                                         &error);
            char *page = html ? statement_page(html, n, xml, f->regime, &n) : NULL;
            if (page) {
                ret = respond(conn, 200, page, n, "text/html; charset=utf-8", NULL);
            } else {
                free(f->message);
                f->message = error ? error : strdup(_("out of memory"));
                error = NULL;
                ret = send_form(conn, 422, f);
            }
            free(html);
            free(error);
        }
        free(xml);
    }
    serve_form_free(f);
    return ret;
}

/* POST /download: the case (from the hidden field) as XML, or its statement as HTML or CSV. */
static enum MHD_Result post_download(struct MHD_Connection *conn, const request *rq)
{
    const posted *xml = field(rq, "casexml");
    const char *format = field_text(rq, "format", "");
    serve_format fmt = strcmp(format, "html") == 0  ? SERVE_HTML
                       : strcmp(format, "csv") == 0 ? SERVE_CSV
                                                    : SERVE_XML;
    if (xml == NULL || (fmt == SERVE_XML && strcmp(format, "xml") != 0))
        return send_message(conn, 400, _("Nothing to download: go back to the form."));
    char *error = NULL;
    size_t n = 0;
    char *out = serve_statement(server.ctx, xml->data, xml->len,
                                field_text(rq, "regimes", "auto"), fmt, &n, &error);
    if (out == NULL) {
        enum MHD_Result ret = send_message(conn, 422, error ? error : _("out of memory"));
        free(error);
        return ret;
    }
    static const char *const types[] = {"text/html; charset=utf-8", "text/csv; charset=utf-8",
                                        "application/xml; charset=utf-8"};
    static const char *const names[] = {"statement.html", "statement.csv", "case.xml"};
    return respond(conn, 200, out, n, types[fmt], names[fmt]);
}

static int host_allowed(struct MHD_Connection *conn)
{
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    if (host == NULL)
        return 0;
    for (size_t i = 0; i < server.n_hosts; i++)
        if (strcasecmp(host, server.hosts[i]) == 0)
            return 1;
    return 0;
}

/* Compares the posted token in time that does not depend on where it differs. */
static int token_ok(const request *rq)
{
    const posted *p = field(rq, "token");
    if (p == NULL || p->len != strlen(server.token))
        return 0;
    unsigned char diff = 0;
    for (size_t i = 0; i < p->len; i++)
        diff |= (unsigned char)(p->data[i] ^ server.token[i]);
    return diff == 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    request *rq = *con_cls;
    int is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (rq == NULL) { /* the headers are in: decide whether to read the body */
        if (!host_allowed(conn))
            return send_message(conn, 421,
                                _("This server answers only at the address it printed."));
        if (!is_post) {
            if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
                return send_message(conn, 405, _("Method not allowed."));
            if (strcmp(url, "/") == 0) {
                serve_form *f = serve_form_new();
                if (f == NULL)
                    return send_message(conn, 500, _("out of memory"));
                enum MHD_Result ret = send_form(conn, 200, f);
                serve_form_free(f);
                return ret;
            }
            if (strcmp(url, "/form.js") == 0) {
                char *js = strdup(serve_form_js);
                return respond(conn, 200, js, js ? strlen(js) : 0,
                            "text/javascript; charset=utf-8", NULL);
            }
            return send_message(conn, 404, _("No such page."));
        }
        if (strcmp(url, "/") != 0 && strcmp(url, "/download") != 0)
            return send_message(conn, 404, _("No such page."));
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
        if (declared > SERVE_MAX_DRAIN)
            return send_message(conn, 413, _("The request is too large."));
        rq = calloc(1, sizeof *rq);
        if (rq == NULL)
            return MHD_NO;
        if (declared > SERVE_MAX_BODY) { /* drained, then refused */
            rq->too_big = 1;
            *con_cls = rq;
            return MHD_YES;
        }
        rq->pp = MHD_create_post_processor(conn, 16 * 1024, take_post, rq);
        if (rq->pp == NULL) {
            free(rq);
            return send_message(conn, 415, _("The form must be posted as a web form."));
        }
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        rq->received += *upload_data_size;
        if (rq->received > SERVE_MAX_BODY)
            rq->too_big = 1;
        if (rq->received > SERVE_MAX_DRAIN) /* a stream without end: answer now */
            return send_message(conn, 413, _("The request is too large."));
        if (!rq->too_big && MHD_post_process(rq->pp, upload_data, *upload_data_size) != MHD_YES)
            rq->too_big = rq->too_big || rq->n >= SERVE_MAX_FIELDS;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rq->too_big)
        return send_message(conn, 413, _("The request is too large."));
    if (!token_ok(rq))
        return send_message(conn, 403,
                            _("The form did not come from this server's page, or the server "
                              "was restarted: open the page again."));
    return strcmp(url, "/download") == 0 ? post_download(conn, rq) : post_form(conn, rq);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    request_free(*con_cls);
    *con_cls = NULL;
}

/* Quiet: MHD's own log would go to stderr; nothing of a request is to be logged. */
static void no_log(void *cls, const char *fmt, va_list ap)
{
}

static void free_regimes(void)
{
    for (size_t i = 0; server.regime_titles && i < server.n_regimes; i++)
        free(server.regime_titles[i]);
    free(server.regime_titles);
    owed_regime_ids_free(server.regime_ids, server.n_regimes);
}

int serve_run(const serve_options *opt)
{
    unsigned char random[16];
    if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random) {
        fprintf(stderr, "owed: %s\n", _("no random numbers for the form's token"));
        return 2;
    }
    for (size_t i = 0; i < sizeof random; i++)
        snprintf(server.token + 2 * i, 3, "%02x", random[i]);
    server.lang = opt->lang;
    server.ctx = opt->ctx;
    if (owed_regime_ids(server.ctx, &server.regime_ids, &server.n_regimes) != OWED_OK) {
        server.regime_ids = NULL;
        server.n_regimes = 0;
    }
    server.regime_titles = calloc(server.n_regimes + 1, sizeof *server.regime_titles);
    for (size_t i = 0; server.regime_titles && i < server.n_regimes; i++) {
        owed_regime *r = NULL;
        if (owed_regime_open(server.ctx, server.regime_ids[i], &r) == OWED_OK)
            server.regime_titles[i] =
                strdup(owed_regime_title(r, owed_regime_has_title(r, opt->lang) ? opt->lang : "en"));
        owed_regime_free(r);
        if (server.regime_titles[i] == NULL)
            server.regime_titles[i] = strdup(server.regime_ids[i]);
    }
    if (server.regime_titles == NULL) {
        fprintf(stderr, "owed: %s\n", _("out of memory"));
        owed_regime_ids_free(server.regime_ids, server.n_regimes);
        return 2;
    }

    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    memset(&sin, 0, sizeof sin);
    memset(&sin6, 0, sizeof sin6);
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    int v6 = 0;
    if (inet_pton(AF_INET, opt->listen, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)opt->port);
        sa = (const struct sockaddr *)&sin;
    } else if (inet_pton(AF_INET6, opt->listen, &sin6.sin6_addr) == 1) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)opt->port);
        sa = (const struct sockaddr *)&sin6;
        flags |= MHD_USE_IPv6;
        v6 = 1;
    } else {
        fprintf(stderr, "owed: %s\n", _("--listen wants an IP address (127.0.0.1, ::1, ...)"));
        return 2;
    }

    if (strcmp(opt->listen, "127.0.0.1") != 0 && strcmp(opt->listen, "::1") != 0)
        fprintf(stderr, "owed: %s %s\n", _("warning:"),
                _("listening on an address other than 127.0.0.1: the page and the cases "
                  "entered in it can be reached from other computers, without encryption"));

    /* SIGINT and SIGTERM are awaited below; the server's thread inherits the blocked mask */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)opt->port, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_SECONDS,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_EXTERNAL_LOGGER, no_log, NULL,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "owed: %s %s:%u: %s\n", _("cannot listen on"), opt->listen, opt->port,
                strerror(errno));
        free_regimes();
        return 2;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : opt->port;
    char hostport[80];
    snprintf(hostport, sizeof hostport, v6 ? "[%s]:%u" : "%s:%u", opt->listen, port);
    snprintf(server.hosts[server.n_hosts++], sizeof server.hosts[0], "%s", hostport);
    if (strcmp(opt->listen, "127.0.0.1") == 0 || strcmp(opt->listen, "::1") == 0)
        snprintf(server.hosts[server.n_hosts++], sizeof server.hosts[0], "localhost:%u", port);
    printf("http://%s/\n", hostport);
    fflush(stdout);
    fprintf(stderr, "owed: %s\n", _("open the address above in a web browser; Ctrl-C stops the server"));

    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    free_regimes();
    return 0;
}
