/* The public interface's view of a report's verdict (owed.h): the regime chosen, the
 * warnings and the findings, in words.  `owed check` prints the findings as they are.
 * The text is made with the report's allocator and given to the caller (owed_free). */
#include <config.h>

#include "owed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "money.h"
#include "regime.h"
#include "report.h"
#include "statement_util.h"

owed_status owed_report_mark_chosen(owed_report *r, size_t regime)
{
    if (r == NULL || regime >= r->n_regimes)
        return OWED_E_ARG;
    owed_report_set_chosen(r, regime);
    return OWED_OK;
}

size_t owed_report_warning_count(const owed_report *r)
{
    return r ? r->n_scope_warnings : 0;
}

char *owed_report_warning(const owed_report *r, size_t i)
{
    if (r == NULL || i >= r->n_scope_warnings)
        return NULL;
    /* in the report's allocator and the words it was made in */
    const owed_allocator *previous = owed_mem_scope_enter(&r->mem);
    owed_words words = owed_words_enter(r->words);
    char *text = owed_stmt_scope_warning(r, &r->scope_warnings[i]);
    char *given = owed_mem_give_string(text);
    owed_mem_free(text);
    owed_words_leave(words);
    owed_mem_scope_leave(previous);
    return given;
}

size_t owed_report_finding_count(const owed_report *r)
{
    return r ? r->n_findings : 0;
}

/* The line made in the calling thread's memory scope. */
static char *finding_line(const owed_report *r, size_t i)
{
    const owed_finding *f = &r->findings[i];
    const owed_case *c = r->kase;
    char *claimed = owed_money_format(f->claimed, &c->currency);
    char *allowed = owed_money_format(f->allowed, &c->currency);
    char *excess = owed_money_format(f->excess, &c->currency);
    const char *regime = f->regime >= 0 ? owed_regime_id(r->regimes[f->regime]) : NULL;
    char *line = NULL;
    if (claimed == NULL || allowed == NULL || excess == NULL) {
        /* out of memory: NULL */
    } else if (f->kind == OWED_FIND_LOAN_AMOUNT || f->kind == OWED_FIND_LOAN_TERM) {
        const owed_loan *L = &c->loans[f->loan];
        const owed_loan_limit *ll = owed_regime_loan_limit(r->regimes[f->regime]);
        char *cite = owed_citations_format(ll->why.cite);
        if (f->kind == OWED_FIND_LOAN_AMOUNT)
            line = owed_stmt_format_new(ll->with_fees
                                            ? _("%s:%ld: loan %s: principal and fees %s exceed "
                                                "the %s that %s allows (%s)\n")
                                            : _("%s:%ld: loan %s: principal %s exceeds the %s "
                                                "that %s allows (%s)\n"),
                                        c->file, L->line, L->id, claimed, allowed, regime,
                                        cite ? cite : "");
        else
            line = owed_stmt_format_new(_("%s:%ld: loan %s: a term of %ld days exceeds the %ld "
                                          "days that %s allows (%s)\n"),
                                        c->file, L->line, L->id, mpz_get_si(mpq_numref(f->claimed)),
                                        mpz_get_si(mpq_numref(f->allowed)), regime,
                                        cite ? cite : "");
        owed_mem_free(cite);
    } else if (f->kind == OWED_FIND_ABOVE_CAP) {
        const owed_loan *L = &c->loans[f->loan];
        line = owed_stmt_format_new(
            _("%s:%ld: loan %s: contract charges %s exceed the lawful %s under %s by "
              "%s\n"),
            c->file, L->line, L->id, claimed, allowed, regime, excess);
    } else {
        const owed_claim_check *cc = &r->claims[f->claim];
        char d[OWED_DATE_TEXT_SIZE];
        owed_date_format(cc->claim->date, d);
        const char *part = f->kind == OWED_FIND_CLAIM_TOTAL ? _("total")
                           : f->component == OWED_COMP_INTEREST && cc->interest_includes_penalty
                               ? _("interest, penalty included")
                               : owed_component_label(f->component);
        if (regime)
            line = owed_stmt_format_new(
                _("%s:%ld: claim by %s on %s: %s %s exceeds the balance by law %s "
                  "under %s by %s\n"),
                c->file, cc->claim->line, cc->claim->by, d, part, claimed, allowed, regime, excess);
        else
            line = owed_stmt_format_new(
                _("%s:%ld: claim by %s on %s: %s %s exceeds %s per contract by %s\n"), c->file,
                cc->claim->line, cc->claim->by, d, part, claimed, allowed, excess);
    }
    owed_mem_free(claimed);
    owed_mem_free(allowed);
    owed_mem_free(excess);
    if (line != NULL) { /* one line, without its newline (the messages end with one) */
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
    }
    return line;
}

char *owed_report_finding(const owed_report *r, size_t i)
{
    if (r == NULL || i >= r->n_findings)
        return NULL;
    const owed_allocator *previous = owed_mem_scope_enter(&r->mem);
    owed_words words = owed_words_enter(r->words);
    char *line = finding_line(r, i);
    char *given = owed_mem_give_string(line);
    owed_mem_free(line);
    owed_words_leave(words);
    owed_mem_scope_leave(previous);
    return given;
}
