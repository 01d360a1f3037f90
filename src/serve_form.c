/* The form of `owed serve`: its fields and how each maps onto the case format
 * (owed-case(5)), the values a request posted, and the page that shows them.  The page is
 * built as a libxml2 HTML tree and serialised by libxml2, so that every value and message
 * is escaped. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "i18n.h"
#include "serve.h"

static const char *const currencies[] = {"CNY", "JPY", "GBP", "USD", "EUR", "HKD", "KRW", NULL};
static const char *const lender_kinds[] = {"", "person", "company", "licensed", NULL};
static const char *const periods[] = {"day", "month", "year", NULL};
static const char *const fee_times[] = {"upfront", "disbursement", "maturity", "daily", NULL};
static const char *const overdue_bases[] = {"principal", "principal+interest", NULL};
static const char *const paid_for[] = {"", "charges", "principal", NULL};

static const serve_field case_fields[] = {
    {"as_of", N_("Date of the statement (as of)"), SF_DATE, "case", 0, "as-of", NULL, 1},
    {"currency", N_("Currency"), SF_SELECT, "case", 0, "currency", currencies, 0},
    {"filed", N_("Date the suit was filed (if any)"), SF_DATE, "case", 0, "filed", NULL, 0},
    {"title", N_("Title"), SF_TEXT, "title", 0, NULL, NULL, 0},
    {"borrower", N_("Borrower"), SF_TEXT, "borrower", 0, NULL, NULL, 0},
    {"lender_kind", N_("Lender is"), SF_SELECT, "lender", 0, "kind", lender_kinds, 0},
    {"lender_name", N_("Lender's name"), SF_TEXT, "lender", 0, "name", NULL, 0},
};

static const serve_field loan_fields[] = {
    {"id", N_("Loan"), SF_TEXT, "loan", 0, "id", NULL, 0},
    {"contracted", N_("Contract date"), SF_DATE, "loan", 0, "contracted", NULL, 1},
    {"principal", N_("Principal in the contract"), SF_AMOUNT, "loan", 0, "principal", NULL, 1},
    {"due", N_("Due date"), SF_DATE, "loan", 0, "due", NULL, 0},
    {"term_days", N_("or term in days"), SF_DAYS, "loan", 0, "term-days", NULL, 0},
    {"received_date", N_("Money received on"), SF_DATE, "disbursement", 0, "date", NULL, 0},
    {"received", N_("Money received"), SF_AMOUNT, "disbursement", 0, "amount", NULL, 0},
    {"rate", N_("Interest rate"), SF_RATE, "interest", 0, "rate", NULL, 0},
    {"per", N_("per"), SF_SELECT, "interest", 0, "per", periods, 0},
    {"withheld", N_("Interest withheld at payout"), SF_AMOUNT, "interest", 0, "withheld", NULL, 0},
    {"fee_name", N_("Fee"), SF_TEXT, "fee", 1, "name", NULL, 0},
    {"fee", N_("amount, or percent of principal"), SF_FEE, "fee", 1, "amount", NULL, 0},
    {"fee_at", N_("charged"), SF_SELECT, "fee", 1, "at", fee_times, 0},
    {"fee2_name", N_("Second fee"), SF_TEXT, "fee", 2, "name", NULL, 0},
    {"fee2", N_("amount, or percent of principal"), SF_FEE, "fee", 2, "amount", NULL, 0},
    {"fee2_at", N_("charged"), SF_SELECT, "fee", 2, "at", fee_times, 0},
    {"overdue_rate", N_("Overdue interest rate"), SF_RATE, "overdue", 0, "rate", NULL, 0},
    {"overdue_per", N_("per"), SF_SELECT, "overdue", 0, "per", periods, 0},
    {"overdue_on", N_("on"), SF_SELECT, "overdue", 0, "on", overdue_bases, 0},
};

static const serve_field payment_fields[] = {
    {"date", N_("Date"), SF_DATE, "payment", 0, "date", NULL, 1},
    {"amount", N_("Amount paid"), SF_AMOUNT, "payment", 0, "amount", NULL, 1},
    {"loan", N_("Loan (if known)"), SF_TEXT, "payment", 0, "loan", NULL, 0},
    {"for", N_("Paid as"), SF_SELECT, "payment", 0, "for", paid_for, 0},
};

static const serve_field extension_fields[] = {
    {"date", N_("Date"), SF_DATE, "extension", 0, "date", NULL, 1},
    {"loan", N_("Loan"), SF_TEXT, "extension", 0, "loan", NULL, 1},
    {"due", N_("New due date"), SF_DATE, "extension", 0, "due", NULL, 1},
    {"fee", N_("Extension fee"), SF_AMOUNT, "extension", 0, "fee", NULL, 0},
};

static const serve_field claim_fields[] = {
    {"date", N_("Date"), SF_DATE, "claim", 0, "date", NULL, 1},
    {"by", N_("Claimed by"), SF_TEXT, "claim", 0, "by", NULL, 1},
    {"loan", N_("Loan (if one)"), SF_TEXT, "claim", 0, "loan", NULL, 0},
    {"principal", N_("Principal"), SF_AMOUNT, "claim", 0, "principal", NULL, 0},
    {"interest", N_("Interest"), SF_AMOUNT, "claim", 0, "interest", NULL, 0},
    {"penalty", N_("Penalty"), SF_AMOUNT, "claim", 0, "penalty", NULL, 0},
    {"fees", N_("Fees"), SF_AMOUNT, "claim", 0, "fees", NULL, 0},
    {"costs", N_("Costs"), SF_AMOUNT, "claim", 0, "costs", NULL, 0},
    {"total", N_("Total"), SF_AMOUNT, "claim", 0, "total", NULL, 0},
};

static const struct {
    const serve_field *fields;
    size_t n;
    const char *elem, *prefix;
    size_t blank_rows; /* rows shown when the page opens */
} kinds[SERVE_KINDS] = {
    {case_fields, sizeof case_fields / sizeof case_fields[0], "case", "case", 1},
    {loan_fields, sizeof loan_fields / sizeof loan_fields[0], "loan", "loan", 2},
    {payment_fields, sizeof payment_fields / sizeof payment_fields[0], "payment", "payment", 4},
    {extension_fields, sizeof extension_fields / sizeof extension_fields[0], "extension",
     "extension", 1},
    {claim_fields, sizeof claim_fields / sizeof claim_fields[0], "claim", "claim", 1},
};

const serve_field *serve_fields(serve_kind k, size_t *n)
{
    *n = kinds[k].n;
    return kinds[k].fields;
}

const char *serve_kind_elem(serve_kind k)
{
    return kinds[k].elem;
}

const char *serve_kind_prefix(serve_kind k)
{
    return kinds[k].prefix;
}

/* ------------------------------------------------------------------ the model */

/* Rows ticked "remove", per kind, while one request is read (the server has one thread). */
static unsigned char removed[SERVE_KINDS][SERVE_MAX_ROWS];

serve_form *serve_form_new(void)
{
    serve_form *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    memset(removed, 0, sizeof removed);
    f->regime = strdup("auto");
    if (f->regime == NULL) {
        free(f);
        return NULL;
    }
    for (int k = 0; k < SERVE_KINDS; k++)
        if (serve_form_rows(f, (serve_kind)k, kinds[k].blank_rows) != 0) {
            serve_form_free(f);
            return NULL;
        }
    return f;
}

void serve_form_free(serve_form *f)
{
    if (f == NULL)
        return;
    for (int k = 0; k < SERVE_KINDS; k++) {
        size_t cells = f->n_rows[k] * kinds[k].n;
        for (size_t i = 0; i < cells; i++) {
            free(f->values[k][i]);
            free(f->errors[k][i]);
        }
        free(f->values[k]);
        free(f->errors[k]);
    }
    free(f->regime);
    free(f->message);
    free(f->upload_error);
    free(f);
}

int serve_form_rows(serve_form *f, serve_kind k, size_t n)
{
    if (n > SERVE_MAX_ROWS || (k == SERVE_CASE && n > 1))
        return -1;
    if (n <= f->n_rows[k])
        return 0;
    size_t nf = kinds[k].n, old = f->n_rows[k] * nf, cells = n * nf;
    char **v = realloc(f->values[k], cells * sizeof *v);
    if (v == NULL)
        return -1;
    f->values[k] = v;
    char **e = realloc(f->errors[k], cells * sizeof *e);
    if (e == NULL)
        return -1;
    f->errors[k] = e;
    for (size_t i = old; i < cells; i++) {
        const serve_field *d = &kinds[k].fields[i % nf];
        v[i] = strdup(d->type == SF_SELECT ? d->choices[0] : "");
        e[i] = NULL;
        if (v[i] == NULL) {
            for (size_t j = old; j < i; j++)
                free(v[j]);
            return -1;
        }
    }
    f->n_rows[k] = n;
    return 0;
}

int serve_form_set(serve_form *f, serve_kind k, size_t row, size_t field, const char *value)
{
    if (field >= kinds[k].n || serve_form_rows(f, k, row + 1) != 0)
        return -1;
    char *copy = strdup(value);
    if (copy == NULL)
        return -1;
    /* one line of text: control characters (a pasted line end) become spaces */
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    char **slot = &f->values[k][row * kinds[k].n + field];
    free(*slot);
    *slot = copy;
    return 0;
}

const char *serve_form_value(const serve_form *f, serve_kind k, size_t row, size_t field)
{
    return f->values[k][row * kinds[k].n + field];
}

void serve_form_error(serve_form *f, serve_kind k, size_t row, size_t field, const char *msg)
{
    char **slot = &f->errors[k][row * kinds[k].n + field];
    if (*slot == NULL)
        *slot = strdup(msg);
}

int serve_form_has_errors(const serve_form *f)
{
    if (f->message || f->upload_error)
        return 1;
    for (int k = 0; k < SERVE_KINDS; k++)
        for (size_t i = 0; i < f->n_rows[k] * kinds[k].n; i++)
            if (f->errors[k][i])
                return 1;
    return 0;
}

int serve_form_row_blank(const serve_form *f, serve_kind k, size_t row)
{
    for (size_t i = 0; i < kinds[k].n; i++)
        if (kinds[k].fields[i].type != SF_SELECT && serve_form_value(f, k, row, i)[0] != '\0')
            return 0;
    return 1;
}

int serve_form_take(serve_form *f, const char *name, const char *value)
{
    if (strcmp(name, "regime") == 0 || strcmp(name, "regimes") == 0) {
        /* "regimes": the whole list (the statement page's hidden field); "regime": one
           box ticked, added to what the boxes before it gave */
        size_t n = strlen(value);
        if (n == 0 || n > 64 || strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789.- ") != n)
            return 0;
        int append = name[6] == '\0' && f->regimes_posted;
        size_t old = append ? strlen(f->regime) + 1 : 0;
        if (old + n > 512)
            return 0;
        char *list = malloc(old + n + 1);
        if (list == NULL)
            return -1;
        if (append) {
            memcpy(list, f->regime, old - 1);
            list[old - 1] = ' ';
        }
        memcpy(list + old, value, n + 1);
        free(f->regime);
        f->regime = list;
        f->regimes_posted = 1;
        return 0;
    }
    for (int k = 0; k < SERVE_KINDS; k++) {
        size_t pl = strlen(kinds[k].prefix);
        if (strncmp(name, kinds[k].prefix, pl) != 0)
            continue;
        const char *p = name + pl;
        if (strcmp(p, ".count") == 0) { /* rows the page held (the script may have added) */
            char *end;
            unsigned long n = strtoul(value, &end, 10);
            if (end != value && *end == '\0' && n <= SERVE_MAX_ROWS && k != SERVE_CASE)
                return serve_form_rows(f, (serve_kind)k, (size_t)n);
            return 0;
        }
        size_t row = 0;
        if (k != SERVE_CASE) {
            if (*p < '0' || *p > '9')
                continue;
            char *end;
            unsigned long r = strtoul(p, &end, 10);
            if (r >= SERVE_MAX_ROWS)
                return 0;
            row = (size_t)r;
            p = end;
        }
        if (*p != '.')
            continue;
        p++;
        if (strcmp(p, "remove") == 0) {
            removed[k][row] = 1;
            return serve_form_rows(f, (serve_kind)k, row + 1);
        }
        for (size_t i = 0; i < kinds[k].n; i++)
            if (strcmp(p, kinds[k].fields[i].key) == 0)
                return serve_form_set(f, (serve_kind)k, row, i, value);
        return 0;
    }
    return 0;
}

int serve_regime_listed(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; (p = strstr(p, id)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

void serve_form_drop_removed(serve_form *f)
{
    for (int k = 1; k < SERVE_KINDS; k++) {
        size_t nf = kinds[k].n, to = 0;
        for (size_t r = 0; r < f->n_rows[k]; r++) {
            if (removed[k][r]) {
                for (size_t i = 0; i < nf; i++) {
                    free(f->values[k][r * nf + i]);
                    free(f->errors[k][r * nf + i]);
                }
                continue;
            }
            if (to != r) {
                memmove(&f->values[k][to * nf], &f->values[k][r * nf], nf * sizeof(char *));
                memmove(&f->errors[k][to * nf], &f->errors[k][r * nf], nf * sizeof(char *));
            }
            to++;
        }
        f->n_rows[k] = to;
        memset(removed[k], 0, sizeof removed[k]);
        if (to == 0)
            serve_form_rows(f, (serve_kind)k, 1);
    }
}

/* ------------------------------------------------------------------ the page */

static const char page_css[] =
    "[hidden]{display:none !important}body{font-family:sans-serif;margin:1em auto;max-width:70em;padding:0 1em;color:#222}"
    "fieldset{margin:1em 0;border:1px solid #bbb}legend{font-weight:bold}"
    ".loan{border:1px dashed #999;margin:.5em 0;padding:.5em}"
    ".loan label{display:inline-block;margin:.2em .6em .2em 0;vertical-align:top}"
    "label span.l{display:block;font-size:.85em;color:#444}"
    "input[type=text]{width:9em}td input[type=text]{width:6.5em}input.wide{width:18em}"
    "table{border-collapse:collapse}td,th{padding:.15em .3em;text-align:left;vertical-align:top}"
    "th{font-size:.85em;font-weight:normal;color:#444}"
    ".err{display:block;color:#b00;font-size:.85em;max-width:22em}"
    "input.bad,select.bad{border:2px solid #b00;background:#fee}"
    ".message{border:2px solid #b00;background:#fee;padding:.5em}"
    ".note{color:#444;font-size:.9em}"
    ".default{position:absolute;left:-9999px}"
    "label.regime{display:block}label.regime code{margin-left:.5em;color:#666}"
    "button.go{font-size:1.1em;padding:.3em 1em;margin:1em 0}";

const char serve_form_js[] =
    "/* owed serve: add and remove rows in the page.  Without it the form still works:\n"
    "   the 'add' buttons ask the server for more rows and 'remove' boxes drop rows. */\n"
    "'use strict';\n"
    "function owedAddRow(kind) {\n"
    "  var rows = document.querySelectorAll('[data-row=\"' + kind + '\"]');\n"
    "  var count = document.querySelector('input[name=\"' + kind + '.count\"]');\n"
    "  if (!rows.length || !count) return false;\n"
    "  var n = parseInt(count.value, 10), last = rows[rows.length - 1];\n"
    "  var copy = last.cloneNode(true);\n"
    "  copy.querySelectorAll('.err').forEach(function (e) { e.remove(); });\n"
    "  copy.querySelectorAll('[name]').forEach(function (el) {\n"
    "    el.name = el.name.replace(/^([a-z]+)[0-9]+\\./, '$1' + n + '.');\n"
    "    el.id = el.name;\n"
    "    el.classList.remove('bad');\n"
    "    if (el.type === 'checkbox') el.checked = false;\n"
    "    else if (el.tagName === 'SELECT') el.selectedIndex = 0;\n"
    "    else el.value = '';\n"
    "  });\n"
    "  copy.querySelectorAll('label[for]').forEach(function (l) {\n"
    "    l.htmlFor = l.htmlFor.replace(/^([a-z]+)[0-9]+\\./, '$1' + n + '.');\n"
    "  });\n"
    "  last.parentNode.insertBefore(copy, last.nextSibling);\n"
    "  count.value = String(n + 1);\n"
    "  return true;\n"
    "}\n"
    "document.addEventListener('click', function (ev) {\n"
    "  var add = ev.target.closest('button[data-add]');\n"
    "  if (add && owedAddRow(add.getAttribute('data-add'))) { ev.preventDefault(); return; }\n"
    "  var rm = ev.target.closest('button[data-remove]');\n"
    "  if (rm) {\n"
    "    ev.preventDefault();\n"
    "    var row = rm.closest('[data-row]');\n"
    "    var kind = row.getAttribute('data-row');\n"
    "    if (document.querySelectorAll('[data-row=\"' + kind + '\"]').length > 1) row.remove();\n"
    "    else row.querySelectorAll('input[type=text]').forEach(function (el) { el.value = ''; });\n"
    "  }\n"
    "});\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  document.querySelectorAll('button[data-remove]').forEach(function (b) {\n"
    "    b.hidden = false;\n"
    "  });\n"
    "  document.querySelectorAll('.noscript-remove').forEach(function (b) { b.hidden = true; });\n"
    "});\n";

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void attr(xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp(node, BAD_CAST name, BAD_CAST value);
}

/* The words shown for a select's value. */
static const char *choice_label(const char *v)
{
    static const struct {
        const char *value, *label;
    } labels[] = {
        {"person", N_("a natural person")},
        {"company", N_("a company not licensed to lend")},
        {"licensed", N_("a licensed financial institution")},
        {"day", N_("day")},
        {"month", N_("month")},
        {"year", N_("year")},
        {"upfront", N_("withheld at payout")},
        {"disbursement", N_("at payout, to be paid")},
        {"maturity", N_("on the due date")},
        {"daily", N_("each day")},
        {"principal", N_("principal")},
        {"principal+interest", N_("principal and interest")},
        {"charges", N_("interest or charges")},
    };
    if (v[0] == '\0')
        return "—";
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(v, labels[i].value) == 0)
            return _(labels[i].label);
    return v;
}

/* One input (or select) for field i of row `row` of kind k, with its message after it. */
static xmlNodePtr input(xmlNodePtr parent, const serve_form *f, serve_kind k, size_t row,
                        size_t i)
{
    const serve_field *d = &kinds[k].fields[i];
    char name[64];
    if (k == SERVE_CASE)
        snprintf(name, sizeof name, "%s.%s", kinds[k].prefix, d->key);
    else
        snprintf(name, sizeof name, "%s%zu.%s", kinds[k].prefix, row, d->key);
    const char *value = serve_form_value(f, k, row, i);
    const char *msg = f->errors[k][row * kinds[k].n + i];
    xmlNodePtr in = el(parent, d->type == SF_SELECT ? "select" : "input", NULL);
    attr(in, "name", name);
    attr(in, "id", name);
    if (d->type == SF_SELECT) {
        int found = 0;
        for (const char *const *c = d->choices; *c; c++) {
            xmlNodePtr o = el(in, "option", choice_label(*c));
            attr(o, "value", *c);
            if (strcmp(*c, value) == 0 && !found) {
                attr(o, "selected", "selected");
                found = 1;
            }
        }
        if (!found) { /* a value from a case file the form has no word for: kept as it is */
            xmlNodePtr o = el(in, "option", value);
            attr(o, "value", value);
            attr(o, "selected", "selected");
        }
    } else {
        attr(in, "value", value);
        attr(in, "type", "text");
        if (d->type == SF_DATE)
            attr(in, "placeholder", "YYYY-MM-DD");
        if (d->type == SF_TEXT && (strcmp(d->key, "title") == 0 || strcmp(d->key, "borrower") == 0 ||
                                   strcmp(d->key, "lender_name") == 0))
            attr(in, "class", "wide");
    }
    if (msg) {
        attr(in, "class", "bad");
        attr(in, "aria-invalid", "true");
        xmlNodePtr s = el(parent, "span", msg);
        attr(s, "class", "err");
        char id[80];
        snprintf(id, sizeof id, "err-%s", name);
        attr(s, "id", id);
        attr(in, "aria-describedby", id);
    }
    return in;
}

static void labelled(xmlNodePtr parent, const serve_form *f, serve_kind k, size_t row, size_t i)
{
    xmlNodePtr l = el(parent, "label", NULL);
    xmlNodePtr s = el(l, "span", _(kinds[k].fields[i].label));
    attr(s, "class", "l");
    input(l, f, k, row, i);
}

static void remove_controls(xmlNodePtr parent, serve_kind k, size_t row)
{
    char name[64];
    snprintf(name, sizeof name, "%s%zu.remove", kinds[k].prefix, row);
    xmlNodePtr l = el(parent, "label", NULL);
    attr(l, "class", "noscript-remove");
    xmlNodePtr box = el(l, "input", NULL);
    attr(box, "type", "checkbox");
    attr(box, "name", name);
    attr(box, "value", "1");
    xmlAddChild(l, xmlNewText(BAD_CAST _("remove")));
    xmlNodePtr b = el(parent, "button", _("Remove"));
    attr(b, "type", "button");
    attr(b, "data-remove", "1");
    attr(b, "hidden", "hidden");
}

static void count_field(xmlNodePtr parent, const serve_form *f, serve_kind k)
{
    char name[32], value[24];
    snprintf(name, sizeof name, "%s.count", kinds[k].prefix);
    snprintf(value, sizeof value, "%zu", f->n_rows[k]);
    xmlNodePtr h = el(parent, "input", NULL);
    attr(h, "type", "hidden");
    attr(h, "name", name);
    attr(h, "value", value);
}

static void add_button(xmlNodePtr parent, serve_kind k, const char *label)
{
    char action[32];
    snprintf(action, sizeof action, "add-%s", kinds[k].prefix);
    xmlNodePtr b = el(parent, "button", label);
    attr(b, "type", "submit");
    attr(b, "name", "action");
    attr(b, "value", action);
    attr(b, "data-add", kinds[k].prefix);
}

/* A list of rows as a table: a header of labels, one row of inputs per row. */
static void table(xmlNodePtr fs, const serve_form *f, serve_kind k)
{
    xmlNodePtr t = el(fs, "table", NULL);
    xmlNodePtr head = el(t, "tr", NULL);
    for (size_t i = 0; i < kinds[k].n; i++)
        el(head, "th", _(kinds[k].fields[i].label));
    el(head, "th", NULL);
    for (size_t r = 0; r < f->n_rows[k]; r++) {
        xmlNodePtr tr = el(t, "tr", NULL);
        attr(tr, "data-row", kinds[k].prefix);
        for (size_t i = 0; i < kinds[k].n; i++) /* the header labels the column */
            attr(input(el(tr, "td", NULL), f, k, r, i), "aria-label", _(kinds[k].fields[i].label));
        remove_controls(el(tr, "td", NULL), k, r);
    }
    count_field(fs, f, k);
}

static void loans(xmlNodePtr fs, const serve_form *f)
{
    for (size_t r = 0; r < f->n_rows[SERVE_LOAN]; r++) {
        xmlNodePtr div = el(fs, "div", NULL);
        attr(div, "class", "loan");
        attr(div, "data-row", "loan");
        const char *prev = NULL;
        int prev_nth = -1;
        xmlNodePtr line = NULL;
        for (size_t i = 0; i < kinds[SERVE_LOAN].n; i++) {
            const serve_field *d = &loan_fields[i];
            /* one line per element of the case: the loan, the money received, ... */
            int same = prev && strcmp(prev, d->elem) == 0 && prev_nth == d->nth;
            if (!same && !(prev && strcmp(prev, "loan") == 0 && strcmp(d->elem, "disbursement") == 0))
                line = el(div, "div", NULL);
            prev = d->elem;
            prev_nth = d->nth;
            labelled(line, f, SERVE_LOAN, r, i);
        }
        remove_controls(el(div, "div", NULL), SERVE_LOAN, r);
    }
    count_field(fs, f, SERVE_LOAN);
}

char *serve_form_page(const serve_form *f, const char *lang, const char *token,
                      char *const *regime_ids, char *const *regime_titles, size_t n_regimes,
                      size_t *len)
{
    htmlDocPtr doc = htmlNewDoc(BAD_CAST "about:legacy-compat", NULL);
    if (doc == NULL)
        return NULL;
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* written as UTF-8, not as references */
    xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    xmlDocSetRootElement(doc, html);
    attr(html, "lang", strcmp(lang, "zh") == 0 ? "zh-CN" : lang);
    xmlNodePtr head = el(html, "head", NULL);
    attr(el(head, "meta", NULL), "charset", "utf-8");
    xmlNodePtr vp = el(head, "meta", NULL);
    attr(vp, "name", "viewport");
    attr(vp, "content", "width=device-width, initial-scale=1");
    el(head, "title", _("owed: what is owed on your loans"));
    el(head, "style", page_css);
    xmlNodePtr js = el(head, "script", NULL);
    attr(js, "src", "/form.js");
    xmlNodePtr body = el(html, "body", NULL);
    el(body, "h1", _("What is owed on your loans"));
    el(body, "p", _("Enter the facts of your loans as the contracts and your records give them: "
                    "the loans, the money you received, what you paid, extensions and what "
                    "the lender claims.  The statement recomputes the balance under the "
                    "contract and under the law.  Nothing you enter is stored: download the "
                    "case file to keep it."));
    if (f->message) {
        xmlNodePtr m = el(body, "p", f->message);
        attr(m, "class", "message");
        attr(m, "id", "message");
    }

    xmlNodePtr up = el(body, "form", NULL);
    attr(up, "method", "post");
    attr(up, "action", "/");
    attr(up, "enctype", "multipart/form-data");
    xmlNodePtr h = el(up, "input", NULL);
    attr(h, "type", "hidden");
    attr(h, "name", "token");
    attr(h, "value", token);
    xmlNodePtr l = el(up, "label", _("Continue with a case file: "));
    xmlNodePtr file = el(l, "input", NULL);
    attr(file, "type", "file");
    attr(file, "name", "casefile");
    attr(file, "accept", ".xml,application/xml,text/xml");
    xmlNodePtr b = el(up, "button", _("Open"));
    attr(b, "type", "submit");
    attr(b, "name", "action");
    attr(b, "value", "upload");
    if (f->upload_error) {
        xmlNodePtr s = el(up, "span", f->upload_error);
        attr(s, "class", "err");
        attr(s, "id", "err-casefile");
    }

    xmlNodePtr form = el(body, "form", NULL);
    attr(form, "method", "post");
    attr(form, "action", "/");
    attr(form, "id", "case");
    /* the default button (Enter in a field): show the statement */
    b = el(form, "button", NULL);
    attr(b, "type", "submit");
    attr(b, "name", "action");
    attr(b, "value", "statement");
    attr(b, "class", "default");
    attr(b, "tabindex", "-1");
    attr(b, "aria-hidden", "true");
    h = el(form, "input", NULL);
    attr(h, "type", "hidden");
    attr(h, "name", "token");
    attr(h, "value", token);

    xmlNodePtr fs = el(form, "fieldset", NULL);
    el(fs, "legend", _("The case"));
    for (size_t i = 0; i < kinds[SERVE_CASE].n; i++)
        labelled(fs, f, SERVE_CASE, 0, i);

    fs = el(form, "fieldset", NULL);
    el(fs, "legend", _("Loans"));
    el(fs, "p", _("Rates: 0.05% (a day), 2% (a month), 24% (a year), as the contract says.  "
                  "Fees: an amount (200.00) or a share of the principal (5%).  "
                  "A loan left blank is ignored."));
    loans(fs, f);
    add_button(fs, SERVE_LOAN, _("Add a loan"));

    fs = el(form, "fieldset", NULL);
    el(fs, "legend", _("Payments"));
    el(fs, "p", _("Every payment you made.  Name the loan only when the payment was for one "
                  "loan; 'interest or charges' when it was paid as interest."));
    table(fs, f, SERVE_PAYMENT);
    add_button(fs, SERVE_PAYMENT, _("Add a payment"));

    fs = el(form, "fieldset", NULL);
    el(fs, "legend", _("Extensions"));
    table(fs, f, SERVE_EXTENSION);
    add_button(fs, SERVE_EXTENSION, _("Add an extension"));

    fs = el(form, "fieldset", NULL);
    el(fs, "legend", _("What the lender or a collector claims"));
    table(fs, f, SERVE_CLAIM);
    add_button(fs, SERVE_CLAIM, _("Add a claim"));

    fs = el(form, "fieldset", NULL);
    el(fs, "legend", _("The law"));
    el(fs, "p", _("The statement shows the balance by law under each regime ticked; with "
                  "none ticked, under the regime the rules choose."));
    for (size_t i = 0; i <= n_regimes; i++) {
        const char *id = i == 0 ? "auto" : regime_ids[i - 1];
        xmlNodePtr box_label = el(fs, "label", NULL);
        attr(box_label, "class", "regime");
        xmlNodePtr box = el(box_label, "input", NULL);
        attr(box, "type", "checkbox");
        attr(box, "name", "regime");
        attr(box, "value", id);
        char box_id[96];
        snprintf(box_id, sizeof box_id, "regime-%s", id);
        attr(box, "id", box_id);
        if (serve_regime_listed(f->regime, id))
            attr(box, "checked", "checked");
        xmlAddChild(box_label,
                    xmlNewText(BAD_CAST(i == 0 ? _("the regime the rules choose for the case")
                                               : regime_titles[i - 1])));
        if (i > 0)
            el(box_label, "code", id);
    }

    b = el(form, "button", _("Show the statement"));
    attr(b, "type", "submit");
    attr(b, "name", "action");
    attr(b, "value", "statement");
    attr(b, "class", "go");
    attr(b, "id", "go");
    el(body, "p", _("Events of the same day are taken in this order: extensions, then "
                    "payments, then claims."));

    char *page = serve_html_dump(doc, len);
    xmlFreeDoc(doc);
    return page;
}

char *serve_html_dump(xmlDocPtr doc, size_t *len)
{
    xmlOutputBufferPtr buf = xmlAllocOutputBuffer(NULL); /* no encoder: UTF-8 as held */
    if (buf == NULL)
        return NULL;
    htmlDocContentDumpFormatOutput(buf, doc, "UTF-8", 0);
    xmlOutputBufferFlush(buf);
    const xmlChar *content = xmlOutputBufferGetContent(buf);
    size_t n = xmlOutputBufferGetSize(buf);
    char *page = content && buf->error == 0 ? malloc(n + 1) : NULL;
    if (page) {
        memcpy(page, content, n);
        page[n] = '\0';
        *len = n;
    }
    xmlOutputBufferClose(buf);
    return page;
}
