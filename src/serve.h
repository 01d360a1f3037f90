/* owed serve: a local web page where a borrower enters the facts of a case and reads the
 * statement (issue 15).  Three parts, one concern each:
 *   serve_form.c  the form: its fields, their mapping onto the case format (owed-case(5)),
 *                 the values posted, and the page that shows them (libxml2's HTML tree);
 *   serve_case.c  form -> case XML (libxml2) -> the hardened case reader -> report ->
 *                 statement in memory; errors of the reader mapped back to a field; a case
 *                 XML (uploaded, or carried by the statement page) -> form.  All the
 *                 library's work goes through its public interface (owed.h) alone;
 *   serve_http.c  the HTTP server (GNU libmicrohttpd): limits, Host check, CSRF token,
 *                 routes.  Nothing is stored on disk and nothing about a case is logged.
 * Everything runs on the server's one thread: the message language (gettext) is
 * process-wide and chosen once at start, and one library context (owed_ctx: the data
 * directory, the statement's language and number format) serves every request. */
#ifndef OWED_SERVE_H
#define OWED_SERVE_H

#include <stddef.h>

#include "owed.h"

/* The parts of a case the form has, each a list of rows (the case itself: one row). */
typedef enum serve_kind {
    SERVE_CASE = 0,
    SERVE_LOAN,
    SERVE_PAYMENT,
    SERVE_EXTENSION,
    SERVE_CLAIM,
    SERVE_KINDS
} serve_kind;

typedef enum serve_ftype {
    SF_TEXT = 0, /* free text, one line */
    SF_DATE,     /* YYYY-MM-DD */
    SF_AMOUNT,   /* an amount of the case's currency */
    SF_RATE,     /* a rate (0.05%, 0.24, 3/365) */
    SF_FEE,      /* an amount, or a share of the principal when it ends in '%' */
    SF_DAYS,     /* a whole number of days */
    SF_SELECT    /* one of `choices` */
} serve_ftype;

/* One field: its key in the form ("principal"), its label (N_), its type, and where it goes
 * in the case: element `elem` (the n-th of that name among the row's children when `nth`
 * > 0) and attribute `attr` (NULL: the element's text).  For SF_FEE, `attr` is "amount"
 * and a value ending in '%' goes to "percent" instead. */
typedef struct serve_field {
    const char *key;
    const char *label;
    serve_ftype type;
    const char *elem;
    int nth;
    const char *attr;
    const char *const *choices; /* SF_SELECT: values, NULL-terminated; the first is the default */
    int required;               /* 1: a row that is not blank needs it */
} serve_field;

/* The fields of a kind and their number; the XML element of one row ("loan"), and the
 * prefix of its keys in the page ("loan" gives "loan0.principal"). */
const serve_field *serve_fields(serve_kind k, size_t *n);
const char *serve_kind_elem(serve_kind k);
const char *serve_kind_prefix(serve_kind k);

enum { SERVE_MAX_ROWS = 200 }; /* rows of one kind a request may hold */

/* What the form holds: values and messages, row by row.  Strings are owned (malloc). */
typedef struct serve_form {
    size_t n_rows[SERVE_KINDS];
    char **values[SERVE_KINDS]; /* [row * n_fields + field], never NULL once allocated */
    char **errors[SERVE_KINDS]; /* same shape; NULL: no message */
    char *regime;               /* regime ids ("auto" among them) separated by spaces */
    int regimes_posted;         /* 1 once the request named a regime */
    char *message;              /* a message for the whole form (top of the page), or NULL */
    char *upload_error;         /* the message of a case file that could not be read */
} serve_form;

/* A new form with `rows` blank rows of each list (the case: one row). NULL on no memory. */
serve_form *serve_form_new(void);
void serve_form_free(serve_form *f);
/* Ensures at least `n` rows of kind k (n <= SERVE_MAX_ROWS); 0, or -1 on no memory. */
int serve_form_rows(serve_form *f, serve_kind k, size_t n);
/* Sets a value (copied); -1 on no memory or an unknown key. */
int serve_form_set(serve_form *f, serve_kind k, size_t row, size_t field, const char *value);
const char *serve_form_value(const serve_form *f, serve_kind k, size_t row, size_t field);
/* Sets a message on a field (copied; the first one set stays). */
void serve_form_error(serve_form *f, serve_kind k, size_t row, size_t field, const char *msg);
int serve_form_has_errors(const serve_form *f);
/* 1 when no field of the row but its selects holds text. */
int serve_form_row_blank(const serve_form *f, serve_kind k, size_t row);

/* Takes one posted name=value ("loan2.principal", "payment.count", "regime"); names it does
 * not know are ignored.  0, or -1 on no memory. */
int serve_form_take(serve_form *f, const char *name, const char *value);
/* 1 when `id` is one of the space-separated ids of `list`. */
int serve_regime_listed(const char *list, const char *id);
/* Rows whose "remove" box was ticked are dropped (call once all is taken). */
void serve_form_drop_removed(serve_form *f);

/* The page: the form with its values and messages, in the message language (`lang` "en" or
 * "zh"), with `token` in a hidden field and the regimes offered (ids and titles).  A new NUL-terminated
 * string (free()), or NULL on no memory. */
char *serve_form_page(const serve_form *f, const char *lang, const char *token,
                      char *const *regime_ids, char *const *regime_titles, size_t n_regimes,
                      size_t *len);

/* A page built with libxml2's HTML tree, serialised in UTF-8 (every value escaped); a new
 * string of *len bytes (free()), or NULL on no memory. */
struct _xmlDoc;
char *serve_html_dump(struct _xmlDoc *doc, size_t *len);

/* The page script: rows added and removed in the page (the form works without it). */
extern const char serve_form_js[];

/* ---- serve_case.c */

/* Builds the case XML of the form into *xml (a new string, *len bytes), after checking
 * each field (dates, amounts, rates, days, required fields); then reads it back through
 * the hardened case reader.  Returns 0 when the case is good; else -1 with the messages set
 * on the fields of `f` (or on f->message), and *xml NULL. */
int serve_form_to_case(owed_ctx *ctx, serve_form *f, char **xml, size_t *len);

/* Fills the form from a case XML (uploaded or carried back by the statement page): reads it
 * through the hardened reader (schema and facts checked); parts the form cannot show are
 * named in f->message.  0; else -1 with the reader's message in f->upload_error. */
int serve_case_to_form(owed_ctx *ctx, serve_form *f, const char *xml, size_t len);

/* Formats of serve_statement. */
typedef enum serve_format { SERVE_HTML = 0, SERVE_CSV, SERVE_XML } serve_format;

/* The statement of the case XML under the regimes of `regime` (ids separated by spaces, at
 * most 8; "auto": the regime the rules choose; none: "auto") in `format`, in the language
 * and number format of ctx, as a new string of *len bytes; SERVE_XML gives the case XML
 * itself once the reader has accepted it.  NULL on failure, with the message in *error (a
 * new string). */
char *serve_statement(owed_ctx *ctx, const char *xml, size_t xml_len, const char *regime,
                      serve_format format, size_t *len, char **error);

/* ---- serve_http.c */

typedef struct serve_options {
    const char *listen; /* the address to listen on; "127.0.0.1" by default */
    unsigned port;      /* 0: any free port */
    const char *lang;   /* "en" or "zh" */
    owed_ctx *ctx;      /* the library's context for every request (borrowed): data
                           directory, statement language and number format */
} serve_options;

/* Runs the server until SIGINT or SIGTERM; prints the URL to open on stdout once it
 * listens.  Returns an exit status (0, or 2 after printing why it could not start). */
int serve_run(const serve_options *opt);

#endif
