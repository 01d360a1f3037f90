/* A regime in words for a reader (`owed regimes show` and `list`): see regime_describe.h.
 * The text is in the message language (gettext); rates are exact percentages. */
#include <config.h>

#include "regime_describe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr.h"
#include "i18n.h"
#include "mem.h"
#include "number.h"
#include "regime.h"
#include "statement_util.h"

/* Where the description goes, and whom its citations are written for: the reader's
 * language and the language of the regime's law.  A reader of Chinese or Japanese gets the
 * articles as those languages cite them (利息制限法第1条; CONC 5A.2.3R), others the
 * file's form (利息制限法, art. 1). */
typedef struct describe_out {
    FILE *fp;
    const char *lang;
    const char *law_lang;
} describe_out;

/* "24%" or "77/20%": a rate as an exact percentage.  Caller frees. */
static char *percent_text(const mpq_t rate)
{
    mpq_t p;
    mpq_init(p);
    mpq_set_ui(p, 100, 1);
    mpq_mul(p, p, rate);
    char *exact = owed_exact_format(p);
    mpq_clear(p);
    if (exact == NULL)
        return NULL;
    size_t n = strlen(exact);
    char *out = owed_mem_realloc(exact, n + 2);
    if (out == NULL) {
        owed_mem_free(exact);
        return NULL;
    }
    out[n] = '%';
    out[n + 1] = '\0';
    return out;
}

static const char *effect_text(owed_band_effect e)
{
    switch (e) {
    case OWED_BAND_ENFORCEABLE: return _("enforceable");
    case OWED_BAND_RETAINED_IF_PAID: return _("retained-if-paid (not claimable; kept if paid)");
    case OWED_BAND_VOID: return _("void (not claimable; paid amounts offset principal or are refunded)");
    }
    return "?";
}

/* When a table rate is looked up, as shown after "4 x cn-lpr-1y (one-year LPR)". */
static const char *reference_text(owed_reference_date at)
{
    switch (at) {
    case OWED_REF_FORMATION: return _("on the formation date of the contract");
    case OWED_REF_FILING: return _("on the filing date of the suit (the as-of date when none)");
    case OWED_REF_ACCRUAL: return _("on each accrual day");
    case OWED_REF_NONE: break;
    }
    return "";
}

static void print_notes(const describe_out *o, const char *const *notes, size_t n, int indent)
{
    for (size_t i = 0; i < n; i++)
        fprintf(o->fp, "%*s%s\n", indent, "", notes[i]);
}

/* Each citation of a rule: one line, then its notes. */
static int print_cites(const describe_out *o, const owed_citation *c, int indent)
{
    for (; c != NULL; c = c->next) {
        char *text = owed_stmt_written_without_spaces(o->lang)
                         ? owed_stmt_citation_text(c, o->law_lang, o->lang, NULL)
                         : owed_citation_format(c);
        if (text == NULL)
            return -1;
        fprintf(o->fp, "%*s%s %s", indent, "", _("cite:"), text);
        owed_mem_free(text);
        if (c->grade || c->source) {
            fprintf(o->fp, " [");
            if (c->grade)
                fprintf(o->fp, "%c", c->grade);
            if (c->grade && c->source)
                fprintf(o->fp, "; ");
            if (c->source)
                fprintf(o->fp, "%s", c->source);
            fprintf(o->fp, "]");
        }
        if (!c->confirmed)
            fprintf(o->fp, " %s", _("UNCONFIRMED"));
        fputc('\n', o->fp);
        if (c->title)
            fprintf(o->fp, "%*s%s\n", indent + 4, "", c->title);
        if (c->url)
            fprintf(o->fp, "%*s%s\n", indent + 4, "", c->url);
        print_notes(o, c->notes, c->n_notes, indent + 4);
    }
    return 0;
}

static int print_grounds(const describe_out *o, const owed_grounds *g, int indent)
{
    print_notes(o, g->notes, g->n_notes, indent);
    return print_cites(o, g->cite, indent);
}

/* "any", "from A", "until B" (or "before B"), "from A until B" into buf. */
static void format_range(char *buf, size_t size, int has_a, owed_date a, int has_b, owed_date b,
                         int b_inclusive)
{
    char ta[OWED_DATE_TEXT_SIZE], tb[OWED_DATE_TEXT_SIZE];
    owed_date_format(a, ta);
    owed_date_format(b, tb);
    if (!has_a && !has_b)
        snprintf(buf, size, "%s", _("any"));
    else if (has_a && !has_b)
        snprintf(buf, size, _("from %s"), ta);
    else if (!has_a)
        snprintf(buf, size, b_inclusive ? _("until %s") : _("before %s"), tb);
    else
        snprintf(buf, size, b_inclusive ? _("from %s until %s") : _("from %s, before %s"), ta, tb);
}

/* The principal range (tier) and the days (to or after the due date) a period selects. */
static int print_tier_range(const describe_out *o, const owed_cap_period *p)
{
    if (p->has_principal_from || p->has_principal_below) {
        char *a = p->has_principal_from ? owed_exact_format(p->principal_from) : NULL;
        char *b = p->has_principal_below ? owed_exact_format(p->principal_below) : NULL;
        if ((p->has_principal_from && a == NULL) || (p->has_principal_below && b == NULL)) {
            owed_mem_free(a);
            owed_mem_free(b);
            return -1;
        }
        if (a != NULL && b != NULL)
            fprintf(o->fp, _("    loans whose tier principal is at least %s and below %s\n"), a, b);
        else if (a != NULL)
            fprintf(o->fp, _("    loans whose tier principal is at least %s\n"), a);
        else
            fprintf(o->fp, _("    loans whose tier principal is below %s\n"), b);
        owed_mem_free(a);
        owed_mem_free(b);
    }
    if (p->overdue == 1)
        fprintf(o->fp, "    %s\n", _("only the days after the loan's due date"));
    else if (p->overdue == 0)
        fprintf(o->fp, "    %s\n", _("only the days up to the loan's due date"));
    return 0;
}

static int print_period(const describe_out *o, size_t i, const owed_cap_period *p)
{
    fprintf(o->fp, "\n  %zu. %s\n", i + 1, p->label);
    char range[128];
    format_range(range, sizeof range, p->has_formed_from, p->formed_from, p->has_formed_before,
                 p->formed_before, 0);
    fprintf(o->fp, "    %s %s\n", _("loans formed:"), range);
    format_range(range, sizeof range, p->has_from, p->from, p->has_until, p->until, 1);
    fprintf(o->fp, "    %s %s\n", _("accrual days:"), range);
    fprintf(o->fp, "    %s %s, %s %s\n", _("day basis"), owed_day_basis_name(p->basis), _("day count"),
           owed_day_count_name(p->count));
    if (print_tier_range(o, p) != 0)
        return -1;
    if (print_grounds(o, &p->why, 4) != 0)
        return -1;
    for (size_t b = 0; b < p->n_bands; b++) {
        const owed_band *band = &p->bands[b];
        if (band->at == OWED_REF_NONE) {
            char *lim = percent_text(band->limit);
            if (lim == NULL)
                return -1;
            fprintf(o->fp, "    %s %s: %s\n", _("up to"), lim, effect_text(band->effect));
            owed_mem_free(lim);
        } else {
            char *mul = owed_exact_format(band->multiple);
            if (mul == NULL)
                return -1;
            fprintf(o->fp, "    %s %s x %s (%s) %s: %s\n", _("up to"), mul, band->table_id,
                   owed_rate_table_name(band->table), reference_text(band->at),
                   effect_text(band->effect));
            owed_mem_free(mul);
        }
        if (print_grounds(o, &band->why, 6) != 0)
            return -1;
    }
    fprintf(o->fp, "    %s: %s\n", _("above"), effect_text(p->above));
    return print_grounds(o, &p->above_why, 6);
}

/* The amount and the share of the principal a limit in money allows (each when given);
 * 0, or -1 when memory runs out. */
static int print_amount_share(const describe_out *o, int has_amount, const mpq_t amount, int has_share,
                              const mpq_t share)
{
    if (has_amount) {
        char *a = owed_exact_format(amount);
        if (a == NULL)
            return -1;
        fprintf(o->fp, _("  at most %s\n"), a);
        owed_mem_free(a);
    }
    if (has_share) {
        char *p = percent_text(share);
        if (p == NULL)
            return -1;
        fprintf(o->fp, _("  at most %s of the loan's principal\n"), p);
        owed_mem_free(p);
    }
    return 0;
}

/* The money limits of the regime, when it has them: the charge limit, the total cost cap,
 * the period limit and the loan limit. */
static int print_money_limits(const describe_out *o, const owed_regime *r)
{
    const owed_charge_limit *cl = owed_regime_charge_limit(r);
    if (cl->present) {
        fprintf(o->fp, "\n%s ", _("Charges outside the rate caps, limited together:"));
        const char *sep = "";
        for (int c = 0; c < OWED_COMP_COUNT; c++)
            if (cl->counts[c]) {
                fprintf(o->fp, "%s%s", sep, owed_component_name((owed_component)c));
                sep = ", ";
            }
        if (cl->late_fees)
            fprintf(o->fp, "%s%s", sep, "late-fee");
        fputc('\n', o->fp);
        if (print_amount_share(o, cl->has_amount, cl->amount, cl->has_share, cl->share) != 0 ||
            print_grounds(o, &cl->why, 2) != 0)
            return -1;
    }
    const owed_total_cap *tc = owed_regime_total_cap(r);
    if (tc->present) {
        char *p = percent_text(tc->share);
        if (p == NULL)
            return -1;
        fprintf(o->fp, "\n");
        fprintf(o->fp, tc->across_case ? _("Total cost cap: all charges of the case's loans together "
                                   "at most %s of the first loan's principal\n")
                               : _("Total cost cap: all charges of a loan at most %s of its "
                                   "principal\n"),
               p);
        owed_mem_free(p);
        if (print_grounds(o, &tc->why, 2) != 0)
            return -1;
    }
    const owed_period_limit *pl = owed_regime_period_limit(r);
    if (pl->present) {
        fprintf(o->fp, "\n%s ", _("Charges limited in each month of a loan:"));
        const char *sep = "";
        const char *kind[] = {"fee", "periodic-fee", "late-fee"};
        int on[] = {pl->fees, pl->periodic_fees, pl->late_fees};
        for (int k = 0; k < 3; k++)
            if (on[k]) {
                fprintf(o->fp, "%s%s", sep, kind[k]);
                sep = ", ";
            }
        fputc('\n', o->fp);
        if (print_amount_share(o, pl->has_amount, pl->amount, pl->has_share, pl->share) != 0 ||
            print_grounds(o, &pl->why, 2) != 0)
            return -1;
    }
    const owed_loan_limit *ll = owed_regime_loan_limit(r);
    if (ll->present) {
        fprintf(o->fp, "\n%s\n", _("Loans the regime allows:"));
        if (ll->has_amount) {
            char *a = owed_exact_format(ll->amount);
            if (a == NULL)
                return -1;
            fprintf(o->fp, ll->with_fees ? _("  principal and fees at most %s\n")
                                 : _("  principal at most %s\n"),
                   a);
            owed_mem_free(a);
        }
        if (ll->has_term)
            fprintf(o->fp, _("  term at most %ld days\n"), ll->term_days);
        if (print_grounds(o, &ll->why, 2) != 0)
            return -1;
    }
    return 0;
}

static int describe(const describe_out *o, const owed_regime *r)
{
    fprintf(o->fp, "%s: %s\n", owed_regime_id(r), owed_regime_title(r, "en"));
    if (owed_regime_has_title(r, "zh"))
        fprintf(o->fp, "  %s\n", owed_regime_title(r, "zh"));
    if (owed_regime_has_title(r, "ja"))
        fprintf(o->fp, "  %s\n", owed_regime_title(r, "ja"));
    fprintf(o->fp, "%s %s\n", _("File:"), owed_regime_path(r));
    fprintf(o->fp, "%s %s\n", _("Jurisdiction:"), owed_regime_jurisdiction(r));
    if (owed_regime_variant_of(r))
        fprintf(o->fp, "%s %s\n", _("Variant of:"), owed_regime_variant_of(r));
    if (owed_regime_recalculation_sheet(r))
        fprintf(o->fp, "%s\n", _("Statements: a recalculation sheet, one row per transaction"));
    if (owed_regime_apr_method(r) >= 0)
        fprintf(o->fp, "%s %s\n", _("Statements: the annual rate of"),
               owed_regime_apr_method(r) == OWED_APR_REGZ
                   ? _("Regulation Z (12 CFR 1026 Appendix J), with its tolerance")
                   : _("CONC App 1.2 (the UK APR)"));
    size_t n_notes;
    const char *const *notes = owed_regime_notes(r, &n_notes);
    if (n_notes > 0) {
        fprintf(o->fp, "%s\n", _("Notes:"));
        print_notes(o, notes, n_notes, 2);
    }
    const owed_grounds *scope = owed_regime_scope(r);
    if (scope->cite != NULL) {
        fprintf(o->fp, "\n%s\n", _("Scope:"));
        if (print_grounds(o, scope, 2) != 0)
            return -1;
    }

    const owed_day_rule *day = owed_regime_day_rule(r);
    fprintf(o->fp, "\n%s %s %s, %s %s", _("Day count:"), _("basis"), owed_day_basis_name(day->basis),
           _("count"), owed_day_count_name(day->count));
    if (day->has_rounding && mpq_sgn(day->rounding_unit) == 0) {
        fprintf(o->fp, ", ");
        fprintf(o->fp, _("each period's lawful amounts rounded %s to the minor unit of the case's "
                 "currency"),
               owed_round_mode_name(day->rounding));
    } else if (day->has_rounding) {
        char *unit = owed_exact_format(day->rounding_unit);
        if (unit == NULL)
            return -1;
        fprintf(o->fp, ", ");
        fprintf(o->fp, _("each period's lawful amounts rounded %s to %s"),
               owed_round_mode_name(day->rounding), unit);
        owed_mem_free(unit);
    }
    if (day->has_rounding && day->rounding_per_year)
        fprintf(o->fp, ", %s", _("in one part for each calendar year"));
    fprintf(o->fp, "\n");
    if (print_grounds(o, &day->why, 2) != 0)
        return -1;

    fprintf(o->fp, "\n%s\n", _("Cap periods (annual rates, all-in charges; bands ascend):"));
    for (size_t i = 0; i < owed_regime_n_periods(r); i++)
        if (print_period(o, i, owed_regime_period(r, i)) != 0)
            return -1;

    if (owed_regime_n_tables(r) > 0) {
        fprintf(o->fp, "\n%s\n", _("Rate tables:"));
        for (size_t i = 0; i < owed_regime_n_tables(r); i++) {
            const owed_rate_table *t = owed_regime_table(r, i);
            char first[OWED_DATE_TEXT_SIZE], last[OWED_DATE_TEXT_SIZE], until[OWED_DATE_TEXT_SIZE];
            size_t rows = owed_rate_table_size(t);
            owed_date_format(owed_rate_table_row(t, 0)->date, first);
            owed_date_format(owed_rate_table_row(t, rows - 1)->date, last);
            owed_date_format(owed_rate_table_complete_until(t), until);
            size_t unconfirmed = 0;
            for (size_t k = 0; k < rows; k++)
                unconfirmed += !owed_rate_table_row(t, k)->confirmed;
            fprintf(o->fp, "  %s: %s\n", owed_rate_table_id(t), owed_rate_table_title(t, "en"));
            fprintf(o->fp, "    %s\n", owed_rate_table_path(t));
            fprintf(o->fp, _("    %zu fixings from %s to %s; complete until %s (later days use the last "
                     "rate, with a warning)\n"),
                   rows, first, last, until);
            if (unconfirmed > 0)
                fprintf(o->fp, _("    %zu fixings marked UNCONFIRMED\n"), unconfirmed);
        }
    }

    const owed_charge_rule *ch = owed_regime_charges(r);
    fprintf(o->fp, "\n%s ", _("Charges counted against the cap:"));
    if (ch->all) {
        fprintf(o->fp, "%s\n", _("all (interest, penalty, fee, cost, withheld amounts)"));
    } else {
        const char *sep = "";
        for (int c = 0; c < OWED_COMP_COUNT; c++)
            if (ch->counts[c]) {
                fprintf(o->fp, "%s%s", sep, owed_component_name((owed_component)c));
                sep = ", ";
            }
        if (ch->withheld)
            fprintf(o->fp, "%s%s", sep, "withheld");
        fputc('\n', o->fp);
    }
    if (print_grounds(o, &ch->why, 2) != 0)
        return -1;

    if (print_money_limits(o, r) != 0)
        return -1;

    const owed_principal_rule *pr = owed_regime_principal(r);
    fprintf(o->fp, "\n%s %s\n", _("Principal:"), owed_principal_basis_name(pr->basis));
    if (pr->basis == OWED_PRINCIPAL_DELIVERED)
        fprintf(o->fp, "%s %s\n", _("Amounts withheld at payout:"),
               pr->withheld == OWED_WITHHELD_CHARGE
                   ? _("agreed charges, recoverable within the cap (withheld=\"charge\")")
                   : _("not lent: outside the lawful view (withheld=\"not-lent\")"));
    if (print_grounds(o, &pr->why, 2) != 0)
        return -1;

    const owed_tier_rule *tr = owed_regime_tier(r);
    if (tr->why.cite != NULL) {
        fprintf(o->fp, "\n%s %s\n", _("Tier principal:"),
               tr->outstanding ? _("the principal outstanding of every loan of the case after "
                                   "each advance")
                               : _("the loan's principal outstanding after each advance"));
        if (tr->down_only)
            fprintf(o->fp, "  %s\n", _("it never falls: the tier rate only steps down"));
        if (print_grounds(o, &tr->why, 2) != 0)
            return -1;
    }

    const owed_payment_order_rule *po = owed_regime_payment_order(r);
    fprintf(o->fp, "\n%s %s, %s, %s\n", _("Payment order:"), owed_pay_step_name(po->order[0]),
           owed_pay_step_name(po->order[1]), owed_pay_step_name(po->order[2]));
    if (print_grounds(o, &po->why, 2) != 0)
        return -1;

    const owed_allocation_rule *al = owed_regime_allocation(r);
    fprintf(o->fp, "\n%s ", _("Allocation across loans:"));
    for (size_t i = 0; i < al->n; i++)
        fprintf(o->fp, "%s%s", i ? ", " : "", owed_alloc_step_name(al->order[i]));
    fputc('\n', o->fp);
    if (print_grounds(o, &al->why, 2) != 0)
        return -1;

    const owed_overpayment_rule *ov = owed_regime_overpayment(r);
    fprintf(o->fp, "\n%s %s; %s ", _("Overpayment:"), _("refund"), _("interest on refunds:"));
    if (!ov->has_interest) {
        fprintf(o->fp, "%s\n", _("none"));
    } else {
        fputc('\n', o->fp);
        for (size_t i = 0; i < ov->n_rates; i++) {
            const owed_refund_rate *q = &ov->rates[i];
            char *rate = percent_text(q->rate);
            if (rate == NULL)
                return -1;
            char range[128];
            format_range(range, sizeof range, q->has_from, q->from, q->has_until, q->until, 1);
            fprintf(o->fp, "  %s %s %s\n", rate,
                   ov->rate_by_day ? _("for the days") : _("for overpayments arising"), range);
            owed_mem_free(rate);
        }
    }
    if (ov->apply_to_advances)
        fprintf(o->fp, "  %s\n", _("applied to later advances, its interest first"));
    return print_grounds(o, &ov->why, 2);
}

/* The name of a country or legal system by the jurisdiction code of its regimes (the part
 * before a '-': "US-CA" is in "US"); the code itself when owed knows no name for it. */
const char *owed_country_name(const char *code)
{
    static const struct {
        const char *code, *name;
    } names[] = {{"CN", N_("China")},
                 {"JP", N_("Japan")},
                 {"GB", N_("United Kingdom")},
                 {"US", N_("United States")}};
    size_t n = strcspn(code, "-");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].code) == n && strncmp(names[i].code, code, n) == 0)
            return _(names[i].name);
    return code;
}

/* The dates a regime governs, from its scope: "suits filed from 2015-09-01 until
 * 2020-08-19", "loans formed from 2017-12-01", both joined by "; ", or "any date". */
static void governs_text(char *buf, size_t size, const owed_regime *r)
{
    const owed_regime_governs *g = owed_regime_governs_rule(r);
    char range[128];
    size_t n = 0;
    buf[0] = '\0';
    if (g->has_filed_from || g->has_filed_before) {
        format_range(range, sizeof range, g->has_filed_from, g->filed_from,
                     g->has_filed_before, g->filed_before - 1, 1);
        n += (size_t)snprintf(buf + n, size - n, _("suits filed %s"), range);
    }
    if ((g->has_formed_from || g->has_formed_before) && n < size) {
        format_range(range, sizeof range, g->has_formed_from, g->formed_from,
                     g->has_formed_before, g->formed_before - 1, 1);
        if (n > 0)
            n += (size_t)snprintf(buf + n, size - n, "; ");
        if (n < size)
            n += (size_t)snprintf(buf + n, size - n, _("loans formed %s"), range);
    }
    if (n == 0)
        snprintf(buf, size, "%s", _("any date"));
}

/* Public (owed.h): a string given to the caller, made with the regime's allocator. */
char *owed_regime_dates(const owed_regime *r)
{
    if (r == NULL)
        return NULL;
    char buf[320];
    governs_text(buf, sizeof buf, r);
    const owed_allocator *previous = owed_mem_scope_enter(owed_regime_mem(r));
    char *text = owed_mem_give_string(buf);
    owed_mem_scope_leave(previous);
    return text;
}

int owed_regime_describe(FILE *fp, const owed_regime *r, const char *lang)
{
    describe_out o = {.fp = fp, .lang = lang ? lang : "en", .law_lang = owed_stmt_law_language(r)};
    return describe(&o, r);
}
