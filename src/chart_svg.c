/* The chart of the HTML statement; see chart_svg.h. */
#include <config.h>

#include "chart_svg.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "number.h"

/* Geometry, in SVG user units (the page scales the whole drawing to its width). */
enum {
    WIDTH = 760,
    LEFT = 78,   /* room for the amounts of the y axis */
    RIGHT = 16,
    TOP = 14,
    PLOT_H = 250,
    AXIS_H = 34, /* the dates under the x axis */
    LEGEND_ROW = 20,
    LEGEND_COL = (WIDTH - LEFT - RIGHT) / 2
};

#define PLOT_W (WIDTH - LEFT - RIGHT)

typedef struct chart {
    xmlDocPtr doc;
    const owed_report *r;
    const owed_statement_options *opt;
    int oom;
    owed_date d0, d1;  /* first and last day drawn */
    mpq_t y0, y1;      /* the amounts at the bottom and the top of the plot */
    mpq_t ystep;       /* between two lines of the grid */
} chart;

/* Series styles: the contract in red, each regime in its own colour and dash pattern (so
 * that regimes with equal balances stay visible, and the chart reads in grey print), the
 * payments in grey. */
static const char *const regime_colour[] = {"#2166ac", "#1b7837", "#762a83", "#b35806",
                                            "#01665e", "#8c510a"};
static const char *const regime_dash[] = {NULL, "7 4", "2 3", "10 3 2 3", "4 2", "1 2"};
#define N_STYLES (sizeof regime_colour / sizeof regime_colour[0])
#define CONTRACT_COLOUR "#b2182b"
#define PAID_COLOUR "#6b6b6b"
#define CLAIM_COLOUR "#000000"

static xmlNodePtr child(chart *c, xmlNodePtr parent, const char *name)
{
    if (parent == NULL)
        return NULL;
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (n == NULL)
        c->oom = 1;
    return n;
}

static void set(chart *c, xmlNodePtr n, const char *name, const char *value)
{
    if (n == NULL || value == NULL)
        return;
    if (xmlNewProp(n, BAD_CAST name, BAD_CAST value) == NULL)
        c->oom = 1;
}

static void set_int(chart *c, xmlNodePtr n, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    set(c, n, name, buf);
}

static xmlNodePtr text(chart *c, xmlNodePtr parent, const char *name, const char *content)
{
    if (parent == NULL)
        return NULL;
    xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST content);
    if (n == NULL)
        c->oom = 1;
    return n;
}

/* A coordinate with one decimal: "123.4". */
static char *coord(chart *c, const mpq_t q)
{
    char *s = owed_decimal_format(q, 1, OWED_ROUND_HALF_UP);
    if (s == NULL)
        c->oom = 1;
    return s;
}

static void x_of(const chart *c, mpq_t out, owed_date d)
{
    mpq_set_si(out, (long)(d - c->d0) * PLOT_W, (unsigned long)(c->d1 - c->d0));
    mpq_canonicalize(out);
    mpq_t left;
    mpq_init(left);
    mpq_set_ui(left, LEFT, 1);
    mpq_add(out, out, left);
    mpq_clear(left);
}

static void y_of(const chart *c, mpq_t out, const mpq_t v)
{
    mpq_t t;
    mpq_init(t);
    mpq_sub(out, c->y1, v);
    mpq_sub(t, c->y1, c->y0);
    mpq_div(out, out, t);
    mpq_set_ui(t, PLOT_H, 1);
    mpq_mul(out, out, t);
    mpq_set_ui(t, TOP, 1);
    mpq_add(out, out, t);
    mpq_clear(t);
}

/* A tick step of 1, 2 or 5 times a power of ten, at least range / target. */
static void nice_step(mpq_t step, const mpq_t range, unsigned target)
{
    mpq_t raw, p, t;
    mpq_inits(raw, p, t, NULL);
    mpq_set_ui(t, target, 1);
    mpq_div(raw, range, t);
    mpq_set_ui(p, 1, 1);
    mpq_set_ui(t, 10, 1);
    while (mpq_cmp(p, raw) > 0)
        mpq_div(p, p, t);
    for (;;) {
        mpq_mul(step, p, t);
        if (mpq_cmp(step, raw) > 0)
            break;
        mpq_set(p, step);
    }
    static const unsigned long m[] = {1, 2, 5, 10};
    for (size_t i = 0; i < 4; i++) {
        mpq_set_ui(t, m[i], 1);
        mpq_mul(step, p, t);
        if (mpq_cmp(step, raw) >= 0)
            break;
    }
    mpq_clears(raw, p, t, NULL);
}

/* out = q rounded to a multiple of step, up (ceiling) or down (floor). */
static void to_multiple(mpq_t out, const mpq_t q, const mpq_t step, int up)
{
    mpq_t t;
    mpz_t z;
    mpq_init(t);
    mpz_init(z);
    mpq_div(t, q, step);
    if (up)
        mpz_cdiv_q(z, mpq_numref(t), mpq_denref(t));
    else
        mpz_fdiv_q(z, mpq_numref(t), mpq_denref(t));
    mpq_set_z(t, z);
    mpq_mul(out, t, step);
    mpq_clear(t);
    mpz_clear(z);
}

static void line(chart *c, xmlNodePtr g, const mpq_t x1, const mpq_t y1, const mpq_t x2,
                 const mpq_t y2, const char *cls)
{
    xmlNodePtr l = child(c, g, "line");
    char *a = coord(c, x1), *b = coord(c, y1), *d = coord(c, x2), *e = coord(c, y2);
    set(c, l, "x1", a);
    set(c, l, "y1", b);
    set(c, l, "x2", d);
    set(c, l, "y2", e);
    set(c, l, "class", cls);
    owed_mem_free(a);
    owed_mem_free(b);
    owed_mem_free(d);
    owed_mem_free(e);
}

/* An amount on the y axis: whole numbers without decimals, grouped as the locale groups. */
static char *tick_label(chart *c, const mpq_t v)
{
    if (mpz_cmp_ui(mpq_denref(c->ystep), 1) != 0)
        return owed_stmt_amount_local(c->r, v, &c->opt->numeric);
    char *plain = owed_decimal_format(v, 0, OWED_ROUND_HALF_UP);
    char *s = owed_stmt_localize(plain, &c->opt->numeric);
    owed_mem_free(plain);
    return s;
}

static void axes(chart *c, xmlNodePtr svg, const owed_series *s)
{
    xmlNodePtr g = child(c, svg, "g");
    set(c, g, "class", "axes");
    mpq_t x1, x2, y, v, step;
    mpq_inits(x1, x2, y, v, step, NULL);
    /* amounts */
    mpq_set(step, c->ystep);
    mpq_set_ui(x1, LEFT, 1);
    mpq_set_ui(x2, LEFT + PLOT_W, 1);
    for (mpq_set(v, c->y0); mpq_cmp(v, c->y1) <= 0; mpq_add(v, v, step)) {
        y_of(c, y, v);
        line(c, g, x1, y, x2, y, mpq_sgn(v) == 0 ? "zero" : "grid");
        char *amount = tick_label(c, v);
        char *ys = coord(c, y);
        if (amount == NULL)
            c->oom = 1;
        xmlNodePtr t = text(c, g, "text", amount ? amount : "");
        set_int(c, t, "x", LEFT - 6);
        set(c, t, "y", ys);
        set(c, t, "dy", "4");
        set(c, t, "text-anchor", "end");
        owed_mem_free(amount);
        owed_mem_free(ys);
    }
    /* dates: the first of the month, every `every` months, or days when the span is short */
    int y0, m0, dd0;
    owed_date_to_ymd(c->d0, &y0, &m0, &dd0);
    long span = (long)(c->d1 - c->d0);
    static const int month_steps[] = {1, 2, 3, 6, 12, 24, 60, 120};
    int every = 0;
    for (size_t i = 0; i < sizeof month_steps / sizeof month_steps[0] && !every; i++)
        if (span / 30 / month_steps[i] <= 8)
            every = month_steps[i];
    if (every == 0)
        every = 120;
    mpq_set_ui(y, TOP, 1);
    mpq_set_ui(v, TOP + PLOT_H, 1);
    int ticks = 0;
    if (span >= 45) {
        int yy = y0, mm = m0;
        for (;;) {
            if (++mm > 12) {
                mm = 1;
                yy++;
            }
            if (yy > 9999)
                break;
            owed_date d = owed_date_from_ymd(yy, mm, 1);
            if (d > c->d1)
                break;
            if (((yy * 12 + mm - 1) % every) != 0)
                continue;
            x_of(c, x1, d);
            line(c, g, x1, y, x1, v, "grid");
            char label[32], *xs = coord(c, x1);
            if (every >= 12)
                snprintf(label, sizeof label, "%04d", yy);
            else
                snprintf(label, sizeof label, "%04d-%02d", yy, mm);
            xmlNodePtr t = text(c, g, "text", label);
            set(c, t, "x", xs);
            set_int(c, t, "y", TOP + PLOT_H + 18);
            set(c, t, "text-anchor", "middle");
            owed_mem_free(xs);
            ticks++;
        }
    }
    if (ticks < 2) {
        long step_days = span <= 10 ? 1 : span <= 20 ? 2 : span <= 70 ? 7 : 14;
        for (long k = step_days; k < span; k += step_days) {
            owed_date d = c->d0 + (owed_date)k;
            x_of(c, x1, d);
            line(c, g, x1, y, x1, v, "grid");
            char label[OWED_DATE_TEXT_SIZE], *xs = coord(c, x1);
            owed_date_format(d, label);
            xmlNodePtr t = text(c, g, "text", label + 5); /* MM-DD */
            set(c, t, "x", xs);
            set_int(c, t, "y", TOP + PLOT_H + 18);
            set(c, t, "text-anchor", "middle");
            owed_mem_free(xs);
        }
    }
    /* the frame */
    xmlNodePtr f = child(c, g, "rect");
    set_int(c, f, "x", LEFT);
    set_int(c, f, "y", TOP);
    set_int(c, f, "width", PLOT_W);
    set_int(c, f, "height", PLOT_H);
    set(c, f, "class", "frame");
    (void)s;
    mpq_clears(x1, x2, y, v, step, NULL);
}

/* A polyline through the points (day, value(i)). */
static void series_line(chart *c, xmlNodePtr parent, const owed_series *s, long regime,
                        int paid, const char *colour, const char *dash, const char *width,
                        const char *name)
{
    size_t cap = s->n * 24 + 1;
    char *pts = owed_mem_alloc(cap);
    if (pts == NULL) {
        c->oom = 1;
        return;
    }
    size_t len = 0;
    pts[0] = '\0';
    mpq_t x, y;
    mpq_inits(x, y, NULL);
    for (size_t i = 0; i < s->n; i++) {
        const owed_series_point *p = &s->points[i];
        x_of(c, x, p->date);
        y_of(c, y, paid ? p->paid : regime < 0 ? p->contract : p->lawful[regime]);
        char *xs = coord(c, x), *ys = coord(c, y);
        if (xs && ys && len + strlen(xs) + strlen(ys) + 3 < cap)
            len += (size_t)snprintf(pts + len, cap - len, "%s%s,%s", i ? " " : "", xs, ys);
        else
            c->oom = 1;
        owed_mem_free(xs);
        owed_mem_free(ys);
    }
    mpq_clears(x, y, NULL);
    xmlNodePtr l = child(c, parent, "polyline");
    set(c, l, "points", pts);
    set(c, l, "fill", "none");
    set(c, l, "stroke", colour);
    set(c, l, "stroke-width", width);
    set(c, l, "stroke-linejoin", "round");
    if (dash)
        set(c, l, "stroke-dasharray", dash);
    if (name)
        text(c, l, "title", name);
    owed_mem_free(pts);
}

/* One legend entry: a short stroke in the series' style, then its name. */
/* One item of the legend, in column `col` (0, 1) of row `row`. */
static void legend_item(chart *c, xmlNodePtr g, int col, int row, const char *colour,
                        const char *dash, const char *width, const char *label, int mark)
{
    int x = LEFT + col * LEGEND_COL;
    int y = TOP + PLOT_H + AXIS_H + row * LEGEND_ROW + 10;
    if (mark) {
        xmlNodePtr m = child(c, g, "circle");
        set_int(c, m, "cx", x + 14);
        set_int(c, m, "cy", y);
        set(c, m, "r", "4");
        set(c, m, "fill", "#ffffff");
        set(c, m, "stroke", colour);
        set(c, m, "stroke-width", "2");
    } else {
        xmlNodePtr l = child(c, g, "line");
        set_int(c, l, "x1", x);
        set_int(c, l, "y1", y);
        set_int(c, l, "x2", x + 28);
        set_int(c, l, "y2", y);
        set(c, l, "stroke", colour);
        set(c, l, "stroke-width", width);
        if (dash)
            set(c, l, "stroke-dasharray", dash);
    }
    xmlNodePtr t = text(c, g, "text", label);
    set_int(c, t, "x", x + 36);
    set_int(c, t, "y", y);
    set(c, t, "dy", "4");
}

xmlNodePtr owed_chart_svg(xmlDocPtr doc, const owed_report *r, const owed_series *s,
                          const owed_statement_options *opt, int *oom)
{
    *oom = 0;
    if (s == NULL || s->n < 2)
        return NULL;
    chart c = {.doc = doc, .r = r, .opt = opt, .oom = 0};
    c.d0 = s->points[0].date;
    c.d1 = s->points[s->n - 1].date;
    mpq_inits(c.y0, c.y1, c.ystep, NULL);
    /* the range of every value drawn, claims included, and zero */
    for (size_t i = 0; i < s->n; i++) {
        const owed_series_point *p = &s->points[i];
        const mpq_t *vals[2] = {&p->contract, &p->paid};
        for (int k = 0; k < 2; k++) {
            if (mpq_cmp(*vals[k], c.y1) > 0)
                mpq_set(c.y1, *vals[k]);
            if (mpq_cmp(*vals[k], c.y0) < 0)
                mpq_set(c.y0, *vals[k]);
        }
        for (size_t g = 0; g < s->n_regimes; g++) {
            if (mpq_cmp(p->lawful[g], c.y1) > 0)
                mpq_set(c.y1, p->lawful[g]);
            if (mpq_cmp(p->lawful[g], c.y0) < 0)
                mpq_set(c.y0, p->lawful[g]);
        }
    }
    size_t n_claims = 0;
    for (size_t k = 0; k < r->n_claims; k++) {
        const owed_claim *cl = r->claims[k].claim;
        if (cl->date < c.d0 || cl->date > c.d1)
            continue;
        n_claims++;
        if (mpq_cmp(cl->total, c.y1) > 0)
            mpq_set(c.y1, cl->total);
    }
    {
        mpq_t range;
        mpq_init(range);
        mpq_sub(range, c.y1, c.y0);
        if (mpq_sgn(range) == 0)
            mpq_set_ui(range, 1, 1);
        nice_step(c.ystep, range, 5);
        to_multiple(c.y1, c.y1, c.ystep, 1);
        to_multiple(c.y0, c.y0, c.ystep, 0);
        if (mpq_equal(c.y0, c.y1))
            mpq_add(c.y1, c.y1, c.ystep);
        mpq_clear(range);
    }
    /* the legend: the contract and the payments on one row, each regime on a row of its
     * own (its title is long), the claims on the last */
    size_t legend_rows = 1 + s->n_regimes + (n_claims > 0);
    int height = TOP + PLOT_H + AXIS_H + (int)legend_rows * LEGEND_ROW + 6;

    xmlNodePtr svg = xmlNewDocNode(doc, NULL, BAD_CAST "svg", NULL);
    if (svg == NULL) {
        mpq_clears(c.y0, c.y1, c.ystep, NULL);
        *oom = 1;
        return NULL;
    }
    char vb[64];
    snprintf(vb, sizeof vb, "0 0 %d %d", WIDTH, height);
    set(&c, svg, "viewBox", vb);
    set(&c, svg, "class", "chart");
    set(&c, svg, "role", "img");
    set(&c, svg, "aria-labelledby", "chart-title");
    set(&c, svg, "preserveAspectRatio", "xMidYMid meet");
    xmlNodePtr title = text(&c, svg, "title", _("Balances over time"));
    set(&c, title, "id", "chart-title");
    text(&c, svg, "desc",
         _("The balance per contract of all loans, the balance by law under each regime, "
           "the payments made to date, and each claim, on each day sampled; lines join the "
           "sampled days."));

    axes(&c, svg, s);

    xmlNodePtr lines = child(&c, svg, "g");
    set(&c, lines, "class", "series");
    series_line(&c, lines, s, -1, 1, PAID_COLOUR, NULL, "1.5", _("Paid to date"));
    for (size_t g = 0; g < s->n_regimes; g++) {
        char name[1024];
        char *regime = owed_stmt_regime_name(r->regimes[g], opt->lang ? opt->lang : "en", 0);
        if (regime == NULL)
            c.oom = 1;
        snprintf(name, sizeof name, _("Balance by law, %s"), regime ? regime : "?");
        owed_mem_free(regime);
        series_line(&c, lines, s, (long)g, 0, regime_colour[g % N_STYLES],
                    regime_dash[g % N_STYLES], "2.2", name);
    }
    series_line(&c, lines, s, -1, 0, CONTRACT_COLOUR, NULL, "2.6", _("Balance per contract"));

    if (n_claims) {
        xmlNodePtr marks = child(&c, svg, "g");
        set(&c, marks, "class", "claims");
        mpq_t x, y;
        mpq_inits(x, y, NULL);
        for (size_t k = 0; k < r->n_claims; k++) {
            const owed_claim *cl = r->claims[k].claim;
            if (cl->date < c.d0 || cl->date > c.d1)
                continue;
            x_of(&c, x, cl->date);
            y_of(&c, y, cl->total);
            char *xs = coord(&c, x), *ys = coord(&c, y);
            xmlNodePtr m = child(&c, marks, "circle");
            set(&c, m, "cx", xs);
            set(&c, m, "cy", ys);
            set(&c, m, "r", "4.5");
            set(&c, m, "fill", "#ffffff");
            set(&c, m, "stroke", CLAIM_COLOUR);
            set(&c, m, "stroke-width", "2");
            char *amount = owed_stmt_amount_local(r, cl->total, &opt->numeric);
            char label[256];
            snprintf(label, sizeof label, _("Claimed by %s: %s"), owed_stmt_party_label(cl->by),
                     amount ? amount : "?");
            text(&c, m, "title", label);
            xmlNodePtr t = text(&c, marks, "text", amount ? amount : "?");
            set(&c, t, "x", xs);
            set(&c, t, "y", ys);
            set(&c, t, "dy", "-9");
            set(&c, t, "text-anchor", "end");
            set(&c, t, "class", "claim-label");
            owed_mem_free(amount);
            owed_mem_free(xs);
            owed_mem_free(ys);
        }
        mpq_clears(x, y, NULL);
    }

    xmlNodePtr legend = child(&c, svg, "g");
    set(&c, legend, "class", "legend");
    int row = 0;
    legend_item(&c, legend, 0, row, CONTRACT_COLOUR, NULL, "2.6", _("Balance per contract"), 0);
    legend_item(&c, legend, 1, row++, PAID_COLOUR, NULL, "1.5", _("Paid to date"), 0);
    for (size_t g = 0; g < s->n_regimes; g++) {
        /* the short title in the law's language and the id, to fit the width of the
         * chart; the whole name is the line's own title */
        char name[512];
        char *regime = owed_stmt_regime_name(r->regimes[g],
                                             owed_stmt_law_language(r->regimes[g]), 1);
        if (regime == NULL)
            c.oom = 1;
        snprintf(name, sizeof name, _("Balance by law, %s"), regime ? regime : "?");
        owed_mem_free(regime);
        legend_item(&c, legend, 0, row++, regime_colour[g % N_STYLES],
                    regime_dash[g % N_STYLES], "2.2", name, 0);
    }
    if (n_claims)
        legend_item(&c, legend, 0, row++, CLAIM_COLOUR, NULL, "2", _("Claimed (total)"), 1);

    mpq_clears(c.y0, c.y1, c.ystep, NULL);
    if (c.oom) {
        xmlFreeNode(svg);
        *oom = 1;
        return NULL;
    }
    return svg;
}
