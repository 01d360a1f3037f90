/* The public interface's verdict rows (owed.h, "verdicts"): a case, a loan book's group or
 * a case file recomputed under the regimes asked for, one row of text per loan and regime,
 * as `owed batch` writes them.  The report is built with only the parts the rows show
 * (owed_report_build_parts: the rate of one method, loan by loan), which is what keeps a
 * bulk audit's cost per loan down.
 *
 * The rows' text lives in one buffer (an arena) and each cell is an offset into it: a
 * row costs no allocation of its own beyond the money the formatter writes.  The verdicts
 * are made in the scope of the context given (limits, allocator: mem.h) and record its
 * allocator, with which they are freed. */
#include <config.h>

#include "owed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "apr.h"
#include "book.h"
#include "case_read.h"
#include "contract.h"
#include "i18n.h"
#include "lawful.h"
#include "mem.h"
#include "money.h"
#include "number.h"
#include "owed_api_ctx.h"
#include "owed_api_scope.h"
#include "qsum.h"
#include "regime.h"
#include "report.h"
#include "statement_util.h"

struct owed_verdicts {
    owed_allocator mem; /* the allocator they were made with */
    char *text;        /* the cells' text, each NUL-terminated; text[0] is ""; each other
                          text comes after its head (CELL_HEAD) */
    size_t len, cap;
    size_t (*cells)[OWED_VERDICT_COLUMNS]; /* row by row, offsets into text */
    size_t n_rows, cap_rows;
    size_t n_loans;
    size_t n_findings;
    int failed;        /* the rows are error rows: `error` says why */
    owed_error error;
    int out_of_memory; /* an append failed: the verdicts are not to be given out */
};

static const char *const column_names[OWED_VERDICT_COLUMNS] = {
    "borrower", "loan", "currency", "regime", "delivered", "paid", "contract_balance",
    "lawful_balance", "overcharge", "refund_due", "annual_rate", "verdict", "rule", "message"};

const char *owed_verdict_column_name(owed_verdict_column col)
{
    return (unsigned)col < OWED_VERDICT_COLUMNS ? column_names[col] : NULL;
}

/* ------------------------------------------------------------------ the rows' storage */

/* The head before a cell's text: its length (4 bytes, a uint32_t, unaligned) and a mark,
 * whether the CSV writer must quote it (RFC 4180: it holds a comma, a quote or a line
 * end), found once when the text is put rather than each time a row writes it (a case's
 * rows share most of their texts).  (A cell's text is a few hundred bytes at most.) */
enum { CELL_PLAIN = 0, CELL_QUOTED = 1, CELL_HEAD = 5 };

static char cell_mark(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL ? CELL_QUOTED : CELL_PLAIN;
}

/* Ends the text of n bytes and its NUL written at v->text + v->len + CELL_HEAD (reserved):
 * its head written before it, the text kept.  Returns its offset. */
static size_t cell_done(owed_verdicts *v, size_t n, char mark)
{
    uint32_t len = (uint32_t)n;
    memcpy(v->text + v->len, &len, sizeof len);
    v->text[v->len + 4] = mark;
    size_t at = v->len + CELL_HEAD;
    v->len = at + n + 1;
    return at;
}

/* In the scope of the context given. */
static owed_verdicts *verdicts_new(void)
{
    owed_verdicts *v = owed_mem_calloc(1, sizeof *v);
    if (v == NULL)
        return NULL;
    owed_mem_record(&v->mem);
    v->cap = 1024; /* a row takes 100 to 200 bytes: a borrower's rows, mostly */
    if ((v->text = owed_mem_alloc(v->cap)) == NULL) {
        owed_mem_free(v);
        return NULL;
    }
    v->text[0] = '\0';
    v->len = 1;
    owed_error_clear(&v->error);
    return v;
}

void owed_verdicts_free(owed_verdicts *v)
{
    if (v == NULL)
        return;
    owed_allocator mem = v->mem; /* a copy: v is freed inside the scope */
    const owed_allocator *previous = owed_mem_scope_enter(&mem);
    owed_mem_free(v->text);
    owed_mem_free(v->cells);
    owed_mem_free(v);
    owed_mem_scope_leave(previous);
}

/* Room for n more bytes in v's text: 1, or 0 with out_of_memory set when it cannot grow. */
static int reserve(owed_verdicts *v, size_t n)
{
    if (v->len + n <= v->cap)
        return 1;
    size_t cap = v->cap;
    while (v->len + n > cap)
        cap *= 2;
    char *t = owed_mem_realloc(v->text, cap);
    if (t == NULL) {
        v->out_of_memory = 1;
        return 0;
    }
    v->text = t;
    v->cap = cap;
    return 1;
}

/* The offset of a copy of s in v's text, after its mark (0, "", for NULL or ""); 0 with
 * out_of_memory set when the text cannot grow. */
static size_t put(owed_verdicts *v, const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    size_t n = strlen(s);
    if (!reserve(v, CELL_HEAD + n + 1))
        return 0;
    memcpy(v->text + v->len + CELL_HEAD, s, n + 1);
    return cell_done(v, n, cell_mark(s));
}

/* A new row, its cells to be set; NULL with out_of_memory set when there is no room. */
static size_t *new_row(owed_verdicts *v)
{
    if (v->n_rows == v->cap_rows) {
        size_t cap = v->cap_rows ? v->cap_rows * 2 : 8;
        size_t(*c)[OWED_VERDICT_COLUMNS] = owed_mem_realloc(v->cells, cap * sizeof *c);
        if (c == NULL) {
            v->out_of_memory = 1;
            return NULL;
        }
        v->cells = c;
        v->cap_rows = cap;
    }
    return v->cells[v->n_rows++];
}

/* Appends a row of the cells `cell` (NULL: ""). */
static void add_row(owed_verdicts *v, const char *const cell[OWED_VERDICT_COLUMNS])
{
    size_t at[OWED_VERDICT_COLUMNS];
    for (size_t k = 0; k < OWED_VERDICT_COLUMNS; k++)
        at[k] = put(v, cell[k]);
    size_t *row = new_row(v);
    if (row != NULL)
        memcpy(row, at, sizeof at);
}

/* ------------------------------------------------------------------ error rows */

/* Error rows: one per loan of `c`, else of `g`, else one with an empty loan; the error is
 * kept in v. */
static void error_rows(owed_verdicts *v, const owed_case *c, const owed_book_group *g,
                       const char *borrower, const owed_error *e)
{
    char msg[sizeof e->file + sizeof e->text + 32];
    if (e->file[0] && e->line > 0)
        snprintf(msg, sizeof msg, "%s:%ld: %s", e->file, e->line, e->text);
    else if (e->file[0])
        snprintf(msg, sizeof msg, "%s: %s", e->file, e->text);
    else
        snprintf(msg, sizeof msg, "%s", e->text);
    size_t n = c ? c->n_loans : g ? owed_book_group_loan_count(g) : 0;
    const char *cell[OWED_VERDICT_COLUMNS] = {borrower, "", "", "", "", "", "", "",
                                              "", "", "", "error", "", msg};
    if (n == 0)
        add_row(v, cell);
    for (size_t i = 0; i < n; i++) {
        cell[OWED_VERDICT_LOAN] = c ? c->loans[i].id : owed_book_group_loan_id(g, i);
        add_row(v, cell);
    }
    v->n_loans = n;
    v->n_findings = 0;
    v->failed = 1;
    v->error = *e;
}

/* ------------------------------------------------------------------ a report's rows */

/* The annual rate of method m, as the rate column writes it.  Caller frees; NULL when
 * memory runs out. */
static char *rate_text(const owed_cost_view *cv, int m)
{
    const owed_apr_result *res = cv->rate[m];
    if (res == NULL)
        return owed_mem_strdup("");
    switch (owed_apr_result_outcome(res)) {
    case OWED_APR_ONE_ROOT: {
        char *p = owed_apr_result_percent(res, 0);
        char *s = p ? owed_mem_alloc(strlen(p) + 2) : NULL;
        if (s)
            sprintf(s, "%s%%", p);
        owed_mem_free(p);
        return s;
    }
    case OWED_APR_NO_ROOT: return owed_mem_strdup("none");
    default: {
        size_t n = owed_apr_result_root_count(res);
        size_t cap = 16 + n * 32;
        char *s = owed_mem_alloc(cap);
        if (s == NULL)
            return NULL;
        strcpy(s, "several:");
        size_t len = strlen(s);
        for (size_t k = 0; k < n; k++) {
            char *p = owed_apr_result_percent(res, k);
            const char *t = p ? p : "?";
            size_t t_len = strlen(t);
            if (len + (k ? 1 : 0) + t_len + 2 <= cap) {
                /* the usual root: its text put as the snprintf below would, with no call */
                if (k)
                    s[len++] = ';';
                memcpy(s + len, t, t_len);
                len += t_len;
                memcpy(s + len, "%", 2);
                len++;
            } else {
                snprintf(s + len, cap - len, "%s%s%%", k ? ";" : "", t);
                len = strlen(s);
            }
            owed_mem_free(p);
        }
        return s;
    }
    }
}

/* The offset in v's text of amount q as owed_money_format writes it, formatted in place
 * (no string of its own) when it fits machine words, as money does. */
static size_t put_amount(owed_verdicts *v, const mpq_t q, const owed_currency *cur)
{
    if (!reserve(v, CELL_HEAD + 64))
        return 0;
    size_t len = owed_decimal_format_to(v->text + v->len + CELL_HEAD,
                                        v->cap - v->len - CELL_HEAD, q, cur->minor_units,
                                        OWED_ROUND_HALF_UP);
    if (len == 0) {
        char *s = owed_money_format(q, cur);
        size_t at = put(v, s);
        owed_mem_free(s);
        return at;
    }
    return cell_done(v, len, CELL_PLAIN); /* a sign, digits and a point */
}

/* put_amount() of an amount of a case's rows, where zero (a third of the amounts of a
 * book's rows: balances paid off, nothing above a cap) is written once and its offset
 * repeated: *zero_at is its offset, 0 until it is written. */
static size_t put_case_amount(owed_verdicts *v, const mpq_t q, const owed_currency *cur,
                              size_t *zero_at)
{
    if (mpq_sgn(q) != 0)
        return put_amount(v, q, cur);
    if (*zero_at == 0)
        *zero_at = put_amount(v, q, cur);
    return *zero_at;
}

/* The offset in v's text of the annual rate of method m, as the rate column writes it
 * (rate_text). */
static size_t put_rate(owed_verdicts *v, const owed_cost_view *cv, int m)
{
    const owed_apr_result *res = cv->rate[m];
    if (res != NULL && owed_apr_result_outcome(res) == OWED_APR_ONE_ROOT) {
        /* the most common: the percent and its sign, with no string of its own */
        enum { RATE_ROOM = 48 }; /* a figure of 18 decimals, its sign, point and "%" */
        if (reserve(v, CELL_HEAD + RATE_ROOM)) {
            char *w = v->text + v->len + CELL_HEAD;
            size_t n = owed_apr_result_percent_to(res, 0, w, RATE_ROOM - 1);
            if (n != 0) {
                memcpy(w + n, "%", 2);
                return cell_done(v, n + 1, CELL_PLAIN); /* digits, '-' and '.' */
            }
        }
        char *p = owed_apr_result_percent(res, 0);
        size_t at = 0;
        if (p != NULL) {
            size_t n = strlen(p);
            if (reserve(v, CELL_HEAD + n + 2)) {
                char *w = v->text + v->len + CELL_HEAD;
                memcpy(w, p, n);
                memcpy(w + n, "%", 2);
                at = cell_done(v, n + 1, cell_mark(p)); /* ("%" needs no quotes) */
            }
        }
        owed_mem_free(p);
        return at;
    }
    char *s = rate_text(cv, m);
    size_t at = put(v, s);
    owed_mem_free(s);
    return at;
}

/* The last rule text put in v's text, for the next loan of the case under the same cap
 * period (most loans of a borrower): formatting a citation costs more than the rest of a
 * row, and the rows share the text. */
typedef struct rule_cache {
    const owed_cap_period *period;
    size_t at; /* its offset in v's text */
} rule_cache;

/* The offset in v's text of the cap the loan's charges went beyond: the rule of the first
 * stretch of days the regime caps, with its first citation ("label [citation]"); 0, "",
 * when none. */
static size_t put_rule(owed_verdicts *v, const owed_lawful_loan *l, rule_cache *cache)
{
    for (size_t k = 0; k < l->n_segments; k++) {
        const owed_cap_period *p = l->segments[k].period;
        if (p == NULL)
            continue;
        if (cache->period == p)
            return cache->at;
        char *cite = p->why.cite ? owed_citation_format(p->why.cite) : NULL;
        const char *label = p->label ? p->label : "";
        size_t label_len = strlen(label), cite_len = cite ? strlen(cite) : 0;
        size_t at = 0;
        /* "label [citation]" ("[citation]" without a label), or the label alone */
        if ((label_len > 0 || cite != NULL) &&
            reserve(v, CELL_HEAD + label_len + cite_len + 8)) {
            char *text = v->text + v->len + CELL_HEAD, *w = text;
            memcpy(w, label, label_len);
            w += label_len;
            if (cite != NULL) {
                if (label_len > 0)
                    *w++ = ' ';
                *w++ = '[';
                memcpy(w, cite, cite_len);
                w += cite_len;
                *w++ = ']';
            }
            *w = '\0';
            at = cell_done(v, (size_t)(w - text), cell_mark(text));
            cache->period = p;
            cache->at = at;
        }
        owed_mem_free(cite);
        return at;
    }
    return 0;
}

/* The rows of one case's report: one per loan and regime (one per loan without a
 * regime).  The texts the rows share (the borrower, the loan's figures, the regime, the
 * verdict, a rule) are put in v's text once and their offsets repeated. */
static void report_rows(owed_verdicts *v, const owed_report *r, const char *borrower, int method)
{
    const owed_case *c = r->kase;
    mpq_t paid, owed, refund; /* (from the scope's pool, which source_rows enters) */
    owed_case_q_init(paid);
    owed_case_q_init(owed);
    owed_case_q_init(refund);
    rule_cache rules = {NULL, 0};
    size_t n_reg = r->n_regimes ? r->n_regimes : 1;
    size_t borrower_at = put(v, borrower), currency_at = put(v, c->currency.code);
    enum { SHARED_REGIMES = 16 };
    size_t regime_at[SHARED_REGIMES];
    for (size_t g = 0; g < n_reg && g < SHARED_REGIMES; g++)
        regime_at[g] = r->n_regimes ? put(v, owed_regime_id(r->regimes[g])) : 0;
    static const char *const verdicts[] = {"contract-only", "above-cap", "within-caps"};
    size_t verdict_at[3] = {0, 0, 0}; /* 0: not put yet (none is "") */
    size_t zero_at = 0;                 /* the same for the amount zero */
    for (size_t i = 0; i < c->n_loans; i++) {
        const owed_loan_result *cl = &r->contract->loans[i];
        owed_q_set(paid, cl->overpaid); /* (in place: paid is from the pool) */
        for (int k = 0; k < OWED_COMP_COUNT; k++)
            owed_q_add_to(paid, cl->paid[k]); /* mostly 0: skipped */
        owed_loan_total(owed, cl);
        size_t loan_at = put(v, c->loans[i].id);
        size_t delivered_at = put_case_amount(v, cl->delivered, &c->currency, &zero_at);
        size_t paid_at = put_case_amount(v, paid, &c->currency, &zero_at);
        size_t owed_at = put_case_amount(v, owed, &c->currency, &zero_at);
        size_t rate_at = put_rate(v, &r->cost[i], method);
        for (size_t g = 0; g < n_reg; g++) {
            size_t lawful_at = 0, over_at = 0, refund_at = 0, rule_at = 0, note_at = 0;
            int verdict = 0;
            char *note = NULL;
            if (r->n_regimes) {
                const owed_lawful_loan *l = &r->lawful[g]->loans[i];
                owed_lawful_refund_total(refund, l);
                lawful_at = put_case_amount(v, l->balance, &c->currency, &zero_at);
                over_at = put_case_amount(v, l->above_cap, &c->currency, &zero_at);
                refund_at = put_case_amount(v, refund, &c->currency, &zero_at);
                if (l->amount_exceeded || l->term_exceeded) {
                    /* a loan the regime does not allow (owed_loan_limit) */
                    verdict = 1;
                    char *rule_s =
                        owed_citations_format(owed_regime_loan_limit(r->regimes[g])->why.cite);
                    rule_at = put(v, rule_s);
                    owed_mem_free(rule_s);
                } else if (mpq_sgn(l->above_cap) > 0) {
                    verdict = 1;
                    rule_at = put_rule(v, l, &rules);
                } else
                    verdict = 2;
                for (size_t k = 0; k < r->n_scope_warnings && note == NULL; k++)
                    if (r->scope_warnings[k].regime == g && r->scope_warnings[k].loan == i)
                        note = owed_stmt_scope_warning(r, &r->scope_warnings[k]);
            }
            if (note == NULL && r->cost[i].rate[method] == NULL && r->cost[i].why_not[method][0])
                note_at = put(v, r->cost[i].why_not[method]);
            else {
                note_at = put(v, note);
                owed_mem_free(note);
            }
            if (verdict_at[verdict] == 0)
                verdict_at[verdict] = put(v, verdicts[verdict]);
            size_t *row = new_row(v);
            if (row == NULL)
                break;
            row[OWED_VERDICT_BORROWER] = borrower_at;
            row[OWED_VERDICT_LOAN] = loan_at;
            row[OWED_VERDICT_CURRENCY] = currency_at;
            row[OWED_VERDICT_REGIME] =
                g < SHARED_REGIMES ? regime_at[g]
                                   : put(v, r->n_regimes ? owed_regime_id(r->regimes[g]) : "");
            row[OWED_VERDICT_DELIVERED] = delivered_at;
            row[OWED_VERDICT_PAID] = paid_at;
            row[OWED_VERDICT_CONTRACT_BALANCE] = owed_at;
            row[OWED_VERDICT_LAWFUL_BALANCE] = lawful_at;
            row[OWED_VERDICT_OVERCHARGE] = over_at;
            row[OWED_VERDICT_REFUND_DUE] = refund_at;
            row[OWED_VERDICT_ANNUAL_RATE] = rate_at;
            row[OWED_VERDICT_VERDICT] = verdict_at[verdict];
            row[OWED_VERDICT_RULE] = rule_at;
            row[OWED_VERDICT_MESSAGE] = note_at;
        }
    }
    v->n_loans = c->n_loans;
    v->n_findings = r->n_findings;
    owed_case_q_release(paid);
    owed_case_q_release(owed);
    owed_case_q_release(refund);
}

/* The rows of case c under the regimes (NULL entries: the regime chosen for the case), in
 * the scope of the context given. */
static void case_rows(owed_verdicts *v, owed_ctx *ctx, const owed_case *c,
                      const char *borrower, const owed_regime *const *regimes,
                      size_t n_regimes, int method, unsigned flags)
{
    const owed_regime *few[16] = {NULL}; /* what owed batch allows; more are allocated */
    const owed_regime **regs = few;
    size_t n = n_regimes;
    if (n == 0 && (flags & OWED_VERDICTS_AUTO_DEFAULT) && owed_case_names_regime(c))
        n = 1;
    else if (n > sizeof few / sizeof few[0] && (regs = owed_mem_alloc(n * sizeof *regs)) == NULL) {
        v->out_of_memory = 1;
        return;
    }
    int wants_auto = n_regimes == 0 && n == 1;
    for (size_t k = 0; k < n_regimes; k++) {
        regs[k] = regimes[k];
        wants_auto |= regimes[k] == NULL;
    }
    owed_regime *chosen = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (wants_auto) {
        if (owed_regime_choose(owed_ctx_datadir(ctx), c, c->has_filed ? c->filed : c->as_of,
                               &chosen, &err) != OWED_OK) {
            error_rows(v, c, NULL, borrower, &err);
            goto done;
        }
        for (size_t k = 0; k < n; k++)
            if (regs[k] == NULL)
                regs[k] = chosen;
    }
    /* the rows show each loan's figures and the rate of one method: the report leaves out
       the other method, the rate of all loans together, the chart and the names, and the
       rate's narrow bracket (OWED_PART_RATE_BRACKETS): the rows print its figure only */
    owed_report *r = NULL;
    owed_report_spare *spare = owed_ctx_spare_report(ctx); /* the last case's, reused */
    if (owed_report_build_reusing(c, c->as_of, regs, n, 1u << method, spare, &r, &err) !=
        OWED_OK)
        error_rows(v, c, NULL, borrower, &err);
    else
        report_rows(v, r, borrower, method);
    owed_report_free_keeping(r, spare);
done:
    owed_regime_free(chosen);
    if (regs != few)
        owed_mem_free(regs);
}

/* ------------------------------------------------------------------ entry points */

static owed_status check_args(owed_ctx *ctx, const void *input,
                              const owed_regime *const *regimes, size_t n_regimes,
                              owed_verdict_rate rate, unsigned flags, owed_verdicts **out)
{
    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || input == NULL || out == NULL)
        return owed_ctx_bad_arg(ctx, "input");
    if (regimes == NULL && n_regimes > 0)
        return owed_ctx_bad_arg(ctx, "regimes");
    if (rate != OWED_VERDICT_RATE_XIRR && rate != OWED_VERDICT_RATE_EU)
        return owed_ctx_bad_arg(ctx, "rate");
    if ((flags & ~OWED_VERDICTS_AUTO_DEFAULT) != 0)
        return owed_ctx_bad_arg(ctx, "flags");
    return OWED_OK;
}

/* The internal method of a public one. */
static int method_of(owed_verdict_rate rate)
{
    return rate == OWED_VERDICT_RATE_EU ? OWED_COST_EU : OWED_COST_XIRR;
}

/* Gives v to the caller, or frees it and keeps "out of memory" in ctx. */
static owed_status give(owed_ctx *ctx, owed_verdicts *v, owed_verdicts **out)
{
    if (v != NULL && !v->out_of_memory) {
        *out = v;
        return OWED_OK;
    }
    owed_verdicts_free(v);
    return owed_ctx_no_memory(ctx);
}

/* What rows are asked of: a case, a book's group or a case file (one of them not NULL). */
typedef struct source {
    const owed_case *kase;
    const char *borrower; /* of kase: NULL for the case's */
    const owed_book_group *group;
    const char *path;
} source;

/* The rows of `src`, in the scope of the context given.  A book's group is built into a
 * case in an arena (mem.h) that starts on this stack: the borrower's case is made and freed
 * whole, and its many small blocks (ids, loans, fees, events) cost no allocation or free of
 * their own; it is freed (for its GMP numbers) before the arena closes.  The report is not
 * made in the arena: its contract replay is kept in the context for the next borrower
 * (case_rows), so it must outlive the arena; keeping it saves more than the arena would
 * (callgrind, 2,000 loans: 280.5M instructions against 285.2M with the report in the
 * arena and no replay kept). */
static void source_rows(owed_verdicts *v, owed_ctx *ctx, const source *src,
                        const owed_regime *const *regimes, size_t n_regimes, int method,
                        unsigned flags)
{
    union {
        max_align_t align;
        char bytes[16384];
    } first;
    owed_arena arena;
    owed_arena_open(&arena, first.bytes, sizeof first.bytes);
    /* the case's rationals are taken from the context's pool and given back to it when
       the case is freed, for the next borrower's (case.h owed_q_pool) */
    owed_q_pool *outer_pool = owed_q_pool_enter(owed_ctx_q_pool(ctx));
    const owed_case *k = src->kase;
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    if (k != NULL) {
        case_rows(v, ctx, k,
                  src->borrower ? src->borrower : k->borrower ? k->borrower : "", regimes,
                  n_regimes, method, flags);
    } else if (src->group != NULL) {
        const owed_allocator *outer = owed_mem_scope_enter(owed_arena_allocator(&arena));
        owed_status st = owed_book_group_build(src->group, NULL, NULL, NULL, NULL, &c, &err);
        owed_mem_scope_leave(outer);
        const char *borrower = owed_book_group_borrower(src->group);
        if (st != OWED_OK)
            error_rows(v, NULL, src->group, borrower, &err);
        else
            case_rows(v, ctx, c, borrower, regimes, n_regimes, method, flags);
    } else {
        const char *base = strrchr(src->path, '/');
        base = base ? base + 1 : src->path;
        char schema[4096];
        snprintf(schema, sizeof schema, "%s/schema/case.xsd", owed_ctx_datadir(ctx));
        if (owed_case_read_file(src->path, schema, &c, &err) != OWED_OK)
            error_rows(v, NULL, NULL, base, &err);
        else
            case_rows(v, ctx, c, c->borrower ? c->borrower : base, regimes, n_regimes,
                      method, flags);
    }
    owed_case_free(c);
    owed_q_pool_leave(outer_pool);
    owed_arena_close(&arena);
}

static owed_status verdicts_of(owed_ctx *ctx, const source *src, const void *input,
                               const owed_regime *const *regimes, size_t n_regimes,
                               owed_verdict_rate rate, unsigned flags, owed_verdicts **out)
{
    owed_status st = check_args(ctx, input, regimes, n_regimes, rate, flags, out);
    if (st != OWED_OK)
        return st;
    owed_api_scope previous = owed_api_scope_enter(ctx);
    owed_verdicts *v = verdicts_new();
    if (v != NULL)
        source_rows(v, ctx, src, regimes, n_regimes, method_of(rate), flags);
    owed_api_scope_leave(previous);
    return give(ctx, v, out);
}

owed_status owed_verdicts_of_case(owed_ctx *ctx, const owed_case *c, const char *borrower,
                                  const owed_regime *const *regimes, size_t n_regimes,
                                  owed_verdict_rate rate, unsigned flags, owed_verdicts **out)
{
    source src = {.kase = c, .borrower = borrower};
    return verdicts_of(ctx, &src, c, regimes, n_regimes, rate, flags, out);
}

owed_status owed_verdicts_of_group(owed_ctx *ctx, const owed_loanbook_group *group,
                                   const owed_regime *const *regimes, size_t n_regimes,
                                   owed_verdict_rate rate, unsigned flags,
                                   owed_verdicts **out)
{
    source src = {.group = (const owed_book_group *)(const void *)group};
    return verdicts_of(ctx, &src, group, regimes, n_regimes, rate, flags, out);
}

owed_status owed_verdicts_of_file(owed_ctx *ctx, const char *path,
                                  const owed_regime *const *regimes, size_t n_regimes,
                                  owed_verdict_rate rate, unsigned flags, owed_verdicts **out)
{
    source src = {.path = path};
    return verdicts_of(ctx, &src, path, regimes, n_regimes, rate, flags, out);
}

/* ------------------------------------------------------------------ accessors */

size_t owed_verdicts_row_count(const owed_verdicts *v)
{
    return v ? v->n_rows : 0;
}

const char *owed_verdicts_text(const owed_verdicts *v, size_t row, owed_verdict_column col)
{
    if (v == NULL || row >= v->n_rows || (unsigned)col >= OWED_VERDICT_COLUMNS)
        return NULL;
    return v->text + v->cells[row][col];
}

size_t owed_verdicts_loan_count(const owed_verdicts *v)
{
    return v ? v->n_loans : 0;
}

size_t owed_verdicts_finding_count(const owed_verdicts *v)
{
    return v ? v->n_findings : 0;
}

const char *owed_verdicts_error(const owed_verdicts *v, const char **file, long *line)
{
    if (v == NULL || !v->failed)
        return NULL;
    if (file != NULL)
        *file = v->error.file;
    if (line != NULL)
        *line = v->error.line;
    return v->error.text;
}

/* ------------------------------------------------------------------ CSV */

/* A CSV field, quoted when it needs to be (RFC 4180). */
static void field(FILE *fp, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n") != NULL) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else
        fputs(s, fp);
    fputs(last ? "\r\n" : ",", fp);
}

static owed_status written(owed_ctx *ctx, FILE *fp)
{
    if (!ferror(fp))
        return OWED_OK;
    owed_error err;
    owed_error_clear(&err);
    owed_words words = owed_words_enter(owed_ctx_words(ctx));
    owed_error_set(&err, OWED_E_IO, "", 0, _("write error"));
    owed_words_leave(words);
    return owed_ctx_keep_error(ctx, OWED_E_IO, &err);
}

owed_status owed_verdicts_write_header(owed_ctx *ctx, FILE *fp)
{
    if (ctx == NULL || fp == NULL)
        return owed_ctx_bad_arg(ctx, "fp");
    for (size_t k = 0; k < OWED_VERDICT_COLUMNS; k++)
        field(fp, column_names[k], k + 1 == OWED_VERDICT_COLUMNS);
    return written(ctx, fp);
}

/* Rows gathered in a buffer and written a block at a time: a row's fourteen cells went
 * through stdio character by character (fputc, fputs) at a tenth of a bulk audit's cost
 * outside the replays. */
typedef struct row_writer {
    FILE *fp;
    size_t len;
    char buf[8192];
} row_writer;

static void writer_flush(row_writer *w)
{
    if (w->len > 0)
        fwrite(w->buf, 1, w->len, w->fp);
    w->len = 0;
}

/* memcpy(o, s, n), with no call for the short texts of most cells (fixed-size copies
 * that overlap, within the n bytes). */
static inline void copy_short(char *o, const char *s, size_t n)
{
    if (n >= 8 && n <= 16) {
        memcpy(o, s, 8);
        memcpy(o + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(o, s, 4);
        memcpy(o + n - 4, s + n - 4, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++)
            o[i] = s[i];
    } else {
        memcpy(o, s, n);
    }
}

/* Appends the cell at offset `at` of v's text as field() writes it: quoted when it needs
 * to be (RFC 4180), then the separator or the end of the row. */
static void writer_field(row_writer *w, const owed_verdicts *v, size_t at, int last)
{
    const char *s = v->text + at;
    size_t n = 0;
    char mark = CELL_PLAIN;
    if (at != 0) { /* (text[0], "", has no head) */
        uint32_t len;
        memcpy(&len, s - CELL_HEAD, sizeof len);
        n = len;
        mark = s[-1];
    }
    /* the worst case, every character a quote: 2n + 2 quotes + "\r\n" */
    if (w->len + 2 * n + 4 > sizeof w->buf) {
        writer_flush(w);
        if (2 * n + 4 > sizeof w->buf) { /* a cell longer than the buffer */
            field(w->fp, s, last);
            return;
        }
    }
    char *o = w->buf + w->len;
    if (mark == CELL_QUOTED) {
        *o++ = '"';
        /* the text between quotes copied a stretch at a time, each quote doubled */
        for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
            memcpy(o, s, (size_t)(q - s) + 1);
            o += q - s + 1;
            *o++ = '"';
        }
        n = strlen(s);
        memcpy(o, s, n);
        o += n;
        *o++ = '"';
    } else {
        copy_short(o, s, n);
        o += n;
    }
    if (last) {
        *o++ = '\r';
        *o++ = '\n';
    } else
        *o++ = ',';
    w->len = (size_t)(o - w->buf);
}

owed_status owed_verdicts_write(owed_ctx *ctx, const owed_verdicts *v, FILE *fp)
{
    if (ctx == NULL || v == NULL || fp == NULL)
        return owed_ctx_bad_arg(ctx, "verdicts");
    row_writer w;
    w.fp = fp;
    w.len = 0;
    for (size_t i = 0; i < v->n_rows; i++)
        for (size_t k = 0; k < OWED_VERDICT_COLUMNS; k++)
            writer_field(&w, v, v->cells[i][k], k + 1 == OWED_VERDICT_COLUMNS);
    writer_flush(&w);
    return written(ctx, fp);
}
