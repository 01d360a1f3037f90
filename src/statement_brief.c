/* The statement in brief: see statement_brief.h. */
#include <config.h>

#include "statement_brief.h"

#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "date.h"
#include "i18n.h"
#include "mem.h"
#include "regime.h"
#include "statement_util.h"
#include "textcol.h"

enum { BRIEF_LABEL_WIDTH = 56, BRIEF_AMOUNT_WIDTH = 14, BRIEF_WIDTH = 78 };

/* Appends a row; returns 0, or -1 when out of memory. */
static int add_row(owed_brief *b, int indent, mpq_srcptr value, const char *label)
{
    owed_brief_row *rows = owed_mem_realloc(b->rows, (b->n_rows + 1) * sizeof *rows);
    if (rows == NULL)
        return -1;
    b->rows = rows;
    char *copy = owed_mem_strdup(label);
    if (copy == NULL)
        return -1;
    owed_brief_row *row = &rows[b->n_rows++];
    row->indent = indent;
    row->label = copy;
    mpq_init(row->value);
    mpq_set(row->value, value);
    return 0;
}

/* A regime's title for the reader: in the reader's language when the regime has one, else
 * in the law's language; the id when it has neither. */
static const char *title_for(const owed_regime *reg, const char *lang)
{
    const char *t = owed_regime_has_title(reg, lang) ? owed_regime_title(reg, lang)
                                                     : owed_regime_title(
                                                           reg, owed_stmt_law_language(reg));
    return t ? t : owed_regime_id(reg);
}

owed_brief *owed_brief_build(const owed_report *r, const char *lang)
{
    if (lang == NULL)
        lang = "en";
    owed_brief *b = owed_mem_calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    char d[OWED_DATE_TEXT_SIZE];
    owed_date_format(r->as_of, d);
    int fail = 0;
    {
        char heading[256];
        /* TRANSLATORS: the heading of the statement in brief; %s is the as-of date */
        snprintf(heading, sizeof heading, _("In short, on %s"), d);
        b->heading = owed_mem_strdup(heading);
        fail = b->heading == NULL;
    }
    /* the claims, as the lender put them */
    int claim_above_law = 0;
    for (size_t k = 0; k < r->n_claims && !fail; k++) {
        const owed_claim_check *cc = &r->claims[k];
        const owed_claim *cl = cc->claim;
        char cd[OWED_DATE_TEXT_SIZE];
        owed_date_format(cl->date, cd);
        char label[512];
        if (cl->loan >= 0)
            /* TRANSLATORS: %1$s who claims ("lender"), %2$s the date, %3$s the loan */
            snprintf(label, sizeof label, _("Claimed by %1$s on %2$s, loan %3$s"),
                     owed_stmt_party_label(cl->by), cd, r->kase->loans[cl->loan].id);
        else
            /* TRANSLATORS: %1$s who claims ("lender", "collector"), %2$s the date */
            snprintf(label, sizeof label, _("Claimed by %1$s on %2$s, all loans"),
                     owed_stmt_party_label(cl->by), cd);
        fail |= add_row(b, 0, cl->total, label);
        for (size_t g = 0; g < r->n_regimes; g++)
            claim_above_law |= mpq_sgn(cc->lawful_difference[g]) > 0;
    }
    if (!fail) {
        mpq_t t;
        mpq_init(t);
        owed_loan_total(t, &r->total);
        fail |= add_row(b, 0, t, _("Owed per contract"));
        mpq_clear(t);
    }
    int above = 0, refund = 0;
    for (size_t g = 0; g < r->n_regimes && !fail; g++) {
        const owed_lawful_totals *lt = &r->lawful_totals[g];
        char label[512];
        /* TRANSLATORS: %s is a regime's title, e.g. 民间借贷（2015年司法解释）... */
        snprintf(label, sizeof label, _("Owed by law under %s"), title_for(r->regimes[g], lang));
        fail |= add_row(b, 0, lt->balance, label);
        if (mpq_sgn(lt->above_cap) != 0) {
            above = 1;
            fail |= add_row(b, 1, lt->above_cap, _("charged above the legal cap"));
        }
        if (mpq_sgn(lt->refund) != 0) {
            refund = 1;
            fail |= add_row(b, 1, lt->refund, _("refund due to the borrower"));
        }
        if (mpq_sgn(lt->refund_interest) != 0)
            fail |= add_row(b, 1, lt->refund_interest, _("interest on the refund"));
        if (!mpq_equal(lt->net, lt->balance))
            fail |= add_row(b, 1, lt->net, _("owed once the refund is set off"));
    }
    /* a loan the law does not allow at all (its amount or its term): the figures above do
       not show it, the advice must */
    int loan_limit = 0;
    for (size_t k = 0; k < r->n_findings; k++)
        loan_limit |= r->findings[k].kind == OWED_FIND_LOAN_AMOUNT ||
                      r->findings[k].kind == OWED_FIND_LOAN_TERM;
    if (!fail) {
        const char *advice;
        if (r->n_regimes == 0)
            advice = _("No legal cap was applied: name a regime (see 'owed regimes list') to "
                       "see what is owed by law.");
        else if (claim_above_law)
            advice = _("The claim is more than the law allows: pay no more than what is owed "
                       "by law, ask for the refund, and give the full statement (without "
                       "--brief) to the lender, a legal-aid office or the court.");
        else if (loan_limit)
            advice = _("The loan breaks a limit the law sets on the loan itself (its amount or "
                       "its term), which the figures above do not show: the full statement "
                       "(without --brief) says which limit and cites the law; give it to a "
                       "legal-aid office or the regulator, and pay no more than what is owed "
                       "by law.");
        else if (above || refund)
            advice = _("The contract charged more than the law allows: pay no more than what "
                       "is owed by law, ask for any refund, and keep the full statement "
                       "(without --brief) as evidence.");
        else
            advice = _("The charges are within the legal caps: what is owed per contract is "
                       "owed by law.");
        b->advice = owed_mem_strdup(advice);
        fail = b->advice == NULL;
    }
    if (fail) {
        owed_brief_free(b);
        return NULL;
    }
    return b;
}

void owed_brief_free(owed_brief *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n_rows; i++) {
        owed_mem_free(b->rows[i].label);
        mpq_clear(b->rows[i].value);
    }
    owed_mem_free(b->rows);
    owed_mem_free(b->heading);
    owed_mem_free(b->advice);
    owed_mem_free(b);
}

owed_status owed_statement_write_brief(FILE *fp, const owed_report *r,
                                       const owed_statement_options *opt, owed_error *err)
{
    owed_brief *b = owed_brief_build(r, opt->lang);
    if (b == NULL)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    int oom = 0;
    fprintf(fp, "%s\n", b->heading);
    if (r->kase->title)
        fprintf(fp, "%s\n", r->kase->title);
    fputc('\n', fp);
    for (size_t i = 0; i < b->n_rows; i++) {
        const owed_brief_row *row = &b->rows[i];
        size_t indent = 2 + 2 * (size_t)row->indent;
        char *num = owed_stmt_amount_local(r, row->value, &opt->numeric);
        if (num == NULL) {
            oom = 1;
            break;
        }
        size_t room = BRIEF_LABEL_WIDTH - indent;
        fprintf(fp, "%*s", (int)indent, "");
        if (owed_display_width(row->label) + 1 > room) {
            fprintf(fp, "%s\n%*s", row->label, (int)(indent + room), "");
        } else {
            owed_pad_right(fp, row->label, room);
        }
        owed_pad_left(fp, num, BRIEF_AMOUNT_WIDTH);
        fputc('\n', fp);
        owed_mem_free(num);
    }
    fputc('\n', fp);
    owed_write_wrapped(fp, 0, BRIEF_WIDTH, b->advice);
    owed_brief_free(b);
    if (oom)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    if (ferror(fp))
        return owed_error_set(err, OWED_E_IO, "", 0, _("write error"));
    return OWED_OK;
}
