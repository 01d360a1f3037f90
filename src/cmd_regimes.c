/* owed regimes: list the legal regimes shipped with owed, or show one (shipped or a user's
 * file) with its cap periods, bands, rules and citations. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_lang.h"
#include "apr.h"
#include "i18n.h"
#include "number.h"
#include "regime.h"
#include "statement_util.h"

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s regimes [list]\n"
                  "  or:  %s regimes show ID|FILE\n"),
            owed_program_name, owed_program_name);
    fputs(_("List the legal regimes shipped with owed, grouped by country (one line each:\n"
            "id, the dates it governs, English title, Chinese and Japanese titles), or\n"
            "show one regime with its cap periods, bands, rules and the citation of every\n"
            "rule.  ID names a shipped regime; FILE (a name with a\n"
            "'/' or ending in .xml) is a regime file of your own, read against the same\n"
            "schema; the format is described in owed-regime(5).\n"),
          fp);
    fputs(_("\n"
            "  -h, --help     display this help and exit\n"),
          fp);
    fputs(_("\nPoints that the law files leave unconfirmed are marked UNCONFIRMED.\n"), fp);
    fputs(_("\nExit status: 0 if all is well, 2 if there was trouble (an unknown regime,\n"
            "a file that is not a valid regime, bad usage).\n"),
          fp);
}

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
    char *out = realloc(exact, n + 2);
    if (out == NULL) {
        free(exact);
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

static void print_notes(const char *const *notes, size_t n, int indent)
{
    for (size_t i = 0; i < n; i++)
        printf("%*s%s\n", indent, "", notes[i]);
}

/* Whom the citations of the regime being shown (show()) are written for: the message
 * language and the language of the regime's law.  A reader of Chinese or Japanese gets the
 * articles as those languages cite them (利息制限法第1条; CONC 5A.2.3R), others the
 * file's form (利息制限法, art. 1). */
static struct {
    char lang[8];
    const char *law_lang;
} cite_reader = {"en", "en"};

/* Each citation of a rule: one line, then its notes. */
static int print_cites(const owed_citation *c, int indent)
{
    for (; c != NULL; c = c->next) {
        char *text = owed_stmt_written_without_spaces(cite_reader.lang)
                         ? owed_stmt_citation_text(c, cite_reader.law_lang, cite_reader.lang,
                                                   NULL)
                         : owed_citation_format(c);
        if (text == NULL)
            return -1;
        printf("%*s%s %s", indent, "", _("cite:"), text);
        free(text);
        if (c->grade || c->source) {
            printf(" [");
            if (c->grade)
                printf("%c", c->grade);
            if (c->grade && c->source)
                printf("; ");
            if (c->source)
                printf("%s", c->source);
            printf("]");
        }
        if (!c->confirmed)
            printf(" %s", _("UNCONFIRMED"));
        putchar('\n');
        if (c->title)
            printf("%*s%s\n", indent + 4, "", c->title);
        if (c->url)
            printf("%*s%s\n", indent + 4, "", c->url);
        print_notes(c->notes, c->n_notes, indent + 4);
    }
    return 0;
}

static int print_grounds(const owed_grounds *g, int indent)
{
    print_notes(g->notes, g->n_notes, indent);
    return print_cites(g->cite, indent);
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
static int print_tier_range(const owed_cap_period *p)
{
    if (p->has_principal_from || p->has_principal_below) {
        char *a = p->has_principal_from ? owed_exact_format(p->principal_from) : NULL;
        char *b = p->has_principal_below ? owed_exact_format(p->principal_below) : NULL;
        if ((p->has_principal_from && a == NULL) || (p->has_principal_below && b == NULL)) {
            free(a);
            free(b);
            return -1;
        }
        if (a != NULL && b != NULL)
            printf(_("    loans whose tier principal is at least %s and below %s\n"), a, b);
        else if (a != NULL)
            printf(_("    loans whose tier principal is at least %s\n"), a);
        else
            printf(_("    loans whose tier principal is below %s\n"), b);
        free(a);
        free(b);
    }
    if (p->overdue == 1)
        printf("    %s\n", _("only the days after the loan's due date"));
    else if (p->overdue == 0)
        printf("    %s\n", _("only the days up to the loan's due date"));
    return 0;
}

static int print_period(size_t i, const owed_cap_period *p)
{
    printf("\n  %zu. %s\n", i + 1, p->label);
    char range[128];
    format_range(range, sizeof range, p->has_formed_from, p->formed_from, p->has_formed_before,
                 p->formed_before, 0);
    printf("    %s %s\n", _("loans formed:"), range);
    format_range(range, sizeof range, p->has_from, p->from, p->has_until, p->until, 1);
    printf("    %s %s\n", _("accrual days:"), range);
    printf("    %s %s, %s %s\n", _("day basis"), owed_day_basis_name(p->basis), _("day count"),
           owed_day_count_name(p->count));
    if (print_tier_range(p) != 0)
        return -1;
    if (print_grounds(&p->why, 4) != 0)
        return -1;
    for (size_t b = 0; b < p->n_bands; b++) {
        const owed_band *band = &p->bands[b];
        if (band->at == OWED_REF_NONE) {
            char *lim = percent_text(band->limit);
            if (lim == NULL)
                return -1;
            printf("    %s %s: %s\n", _("up to"), lim, effect_text(band->effect));
            free(lim);
        } else {
            char *mul = owed_exact_format(band->multiple);
            if (mul == NULL)
                return -1;
            printf("    %s %s x %s (%s) %s: %s\n", _("up to"), mul, band->table_id,
                   owed_rate_table_name(band->table), reference_text(band->at),
                   effect_text(band->effect));
            free(mul);
        }
        if (print_grounds(&band->why, 6) != 0)
            return -1;
    }
    printf("    %s: %s\n", _("above"), effect_text(p->above));
    return print_grounds(&p->above_why, 6);
}

/* The charge limit and the total cost cap, when the regime has them. */
static int print_money_limits(const owed_regime *r)
{
    const owed_charge_limit *cl = owed_regime_charge_limit(r);
    if (cl->present) {
        printf("\n%s ", _("Charges outside the rate caps, limited together:"));
        const char *sep = "";
        for (int c = 0; c < OWED_COMP_COUNT; c++)
            if (cl->counts[c]) {
                printf("%s%s", sep, owed_component_name((owed_component)c));
                sep = ", ";
            }
        if (cl->late_fees)
            printf("%s%s", sep, "late-fee");
        putchar('\n');
        if (cl->has_amount) {
            char *a = owed_exact_format(cl->amount);
            if (a == NULL)
                return -1;
            printf(_("  at most %s\n"), a);
            free(a);
        }
        if (cl->has_share) {
            char *p = percent_text(cl->share);
            if (p == NULL)
                return -1;
            printf(_("  at most %s of the loan's principal\n"), p);
            free(p);
        }
        if (print_grounds(&cl->why, 2) != 0)
            return -1;
    }
    const owed_total_cap *tc = owed_regime_total_cap(r);
    if (tc->present) {
        char *p = percent_text(tc->share);
        if (p == NULL)
            return -1;
        printf("\n");
        printf(tc->across_case ? _("Total cost cap: all charges of the case's loans together "
                                   "at most %s of the first loan's principal\n")
                               : _("Total cost cap: all charges of a loan at most %s of its "
                                   "principal\n"),
               p);
        free(p);
        if (print_grounds(&tc->why, 2) != 0)
            return -1;
    }
    return 0;
}

static int show(const owed_regime *r)
{
    cli_message_language(cite_reader.lang);
    cite_reader.law_lang = owed_stmt_law_language(r);
    printf("%s: %s\n", owed_regime_id(r), owed_regime_title(r, "en"));
    if (owed_regime_has_title(r, "zh"))
        printf("  %s\n", owed_regime_title(r, "zh"));
    if (owed_regime_has_title(r, "ja"))
        printf("  %s\n", owed_regime_title(r, "ja"));
    printf("%s %s\n", _("File:"), owed_regime_path(r));
    printf("%s %s\n", _("Jurisdiction:"), owed_regime_jurisdiction(r));
    if (owed_regime_variant_of(r))
        printf("%s %s\n", _("Variant of:"), owed_regime_variant_of(r));
    if (owed_regime_recalculation_sheet(r))
        printf("%s\n", _("Statements: a recalculation sheet, one row per transaction"));
    if (owed_regime_apr_method(r) >= 0)
        printf("%s %s\n", _("Statements: the annual rate of"),
               owed_regime_apr_method(r) == OWED_APR_REGZ
                   ? _("Regulation Z (12 CFR 1026 Appendix J), with its tolerance")
                   : _("CONC App 1.2 (the UK APR)"));
    size_t n_notes;
    const char *const *notes = owed_regime_notes(r, &n_notes);
    if (n_notes > 0) {
        printf("%s\n", _("Notes:"));
        print_notes(notes, n_notes, 2);
    }
    const owed_grounds *scope = owed_regime_scope(r);
    if (scope->cite != NULL) {
        printf("\n%s\n", _("Scope:"));
        if (print_grounds(scope, 2) != 0)
            return -1;
    }

    const owed_day_rule *day = owed_regime_day_rule(r);
    printf("\n%s %s %s, %s %s", _("Day count:"), _("basis"), owed_day_basis_name(day->basis),
           _("count"), owed_day_count_name(day->count));
    if (day->has_rounding && mpq_sgn(day->rounding_unit) == 0) {
        printf(", ");
        printf(_("each period's lawful amounts rounded %s to the minor unit of the case's "
                 "currency"),
               owed_round_mode_name(day->rounding));
    } else if (day->has_rounding) {
        char *unit = owed_exact_format(day->rounding_unit);
        if (unit == NULL)
            return -1;
        printf(", ");
        printf(_("each period's lawful amounts rounded %s to %s"),
               owed_round_mode_name(day->rounding), unit);
        free(unit);
    }
    if (day->has_rounding && day->rounding_per_year)
        printf(", %s", _("in one part for each calendar year"));
    printf("\n");
    if (print_grounds(&day->why, 2) != 0)
        return -1;

    printf("\n%s\n", _("Cap periods (annual rates, all-in charges; bands ascend):"));
    for (size_t i = 0; i < owed_regime_n_periods(r); i++)
        if (print_period(i, owed_regime_period(r, i)) != 0)
            return -1;

    if (owed_regime_n_tables(r) > 0) {
        printf("\n%s\n", _("Rate tables:"));
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
            printf("  %s: %s\n", owed_rate_table_id(t), owed_rate_table_title(t, "en"));
            printf("    %s\n", owed_rate_table_path(t));
            printf(_("    %zu fixings from %s to %s; complete until %s (later days use the last "
                     "rate, with a warning)\n"),
                   rows, first, last, until);
            if (unconfirmed > 0)
                printf(_("    %zu fixings marked UNCONFIRMED\n"), unconfirmed);
        }
    }

    const owed_charge_rule *ch = owed_regime_charges(r);
    printf("\n%s ", _("Charges counted against the cap:"));
    if (ch->all) {
        printf("%s\n", _("all (interest, penalty, fee, cost, withheld amounts)"));
    } else {
        const char *sep = "";
        for (int c = 0; c < OWED_COMP_COUNT; c++)
            if (ch->counts[c]) {
                printf("%s%s", sep, owed_component_name((owed_component)c));
                sep = ", ";
            }
        if (ch->withheld)
            printf("%s%s", sep, "withheld");
        putchar('\n');
    }
    if (print_grounds(&ch->why, 2) != 0)
        return -1;

    if (print_money_limits(r) != 0)
        return -1;

    const owed_principal_rule *pr = owed_regime_principal(r);
    printf("\n%s %s\n", _("Principal:"), owed_principal_basis_name(pr->basis));
    if (pr->basis == OWED_PRINCIPAL_DELIVERED)
        printf("%s %s\n", _("Amounts withheld at payout:"),
               pr->withheld == OWED_WITHHELD_CHARGE
                   ? _("agreed charges, recoverable within the cap (withheld=\"charge\")")
                   : _("not lent: outside the lawful view (withheld=\"not-lent\")"));
    if (print_grounds(&pr->why, 2) != 0)
        return -1;

    const owed_tier_rule *tr = owed_regime_tier(r);
    if (tr->why.cite != NULL) {
        printf("\n%s %s\n", _("Tier principal:"),
               tr->outstanding ? _("the principal outstanding of every loan of the case after "
                                   "each advance")
                               : _("the loan's principal outstanding after each advance"));
        if (tr->down_only)
            printf("  %s\n", _("it never falls: the tier rate only steps down"));
        if (print_grounds(&tr->why, 2) != 0)
            return -1;
    }

    const owed_payment_order_rule *po = owed_regime_payment_order(r);
    printf("\n%s %s, %s, %s\n", _("Payment order:"), owed_pay_step_name(po->order[0]),
           owed_pay_step_name(po->order[1]), owed_pay_step_name(po->order[2]));
    if (print_grounds(&po->why, 2) != 0)
        return -1;

    const owed_allocation_rule *al = owed_regime_allocation(r);
    printf("\n%s ", _("Allocation across loans:"));
    for (size_t i = 0; i < al->n; i++)
        printf("%s%s", i ? ", " : "", owed_alloc_step_name(al->order[i]));
    putchar('\n');
    if (print_grounds(&al->why, 2) != 0)
        return -1;

    const owed_overpayment_rule *ov = owed_regime_overpayment(r);
    printf("\n%s %s; %s ", _("Overpayment:"), _("refund"), _("interest on refunds:"));
    if (!ov->has_interest) {
        printf("%s\n", _("none"));
    } else {
        putchar('\n');
        for (size_t i = 0; i < ov->n_rates; i++) {
            const owed_refund_rate *q = &ov->rates[i];
            char *rate = percent_text(q->rate);
            if (rate == NULL)
                return -1;
            char range[128];
            format_range(range, sizeof range, q->has_from, q->from, q->has_until, q->until, 1);
            printf("  %s %s %s\n", rate,
                   ov->rate_by_day ? _("for the days") : _("for overpayments arising"), range);
            free(rate);
        }
    }
    if (ov->apply_to_advances)
        printf("  %s\n", _("applied to later advances, its interest first"));
    return print_grounds(&ov->why, 2);
}

/* The name of a country or legal system by the jurisdiction code of its regimes (the part
 * before a '-': "US-CA" is in "US"); the code itself when owed knows no name for it. */
static const char *country_name(const char *code)
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

typedef struct listed {
    owed_regime *r;
    const char *id;
} listed;

/* By jurisdiction (the country part), then id. */
static int listed_cmp(const void *a, const void *b)
{
    const listed *x = a, *y = b;
    const char *jx = owed_regime_jurisdiction(x->r), *jy = owed_regime_jurisdiction(y->r);
    size_t nx = strcspn(jx, "-"), ny = strcspn(jy, "-");
    int c = strncmp(jx, jy, nx < ny ? nx : ny);
    if (c == 0 && nx != ny)
        c = nx < ny ? -1 : 1;
    return c != 0 ? c : strcmp(x->id, y->id);
}

/* One group per country ("Japan (JP):"), then one line per regime, indented: id, the dates
 * it governs in brackets, the English title, and the Chinese and Japanese titles. */
static int cmd_list(void)
{
    const char *datadir = cli_datadir();
    owed_error err;
    owed_error_clear(&err);
    char **ids;
    size_t n;
    if (owed_regime_list(datadir, &ids, &n, &err) != OWED_OK) {
        cli_report(&err);
        return OWED_EXIT_TROUBLE;
    }
    int status = OWED_EXIT_OK;
    listed *all = calloc(n ? n : 1, sizeof *all);
    if (all == NULL) {
        owed_regime_list_free(ids, n);
        cli_fail(_("out of memory"));
        return OWED_EXIT_TROUBLE;
    }
    size_t m = 0;
    int width = 0;
    for (size_t i = 0; i < n; i++) {
        owed_error_clear(&err);
        if (owed_regime_load(ids[i], datadir, &all[m].r, &err) != OWED_OK) {
            cli_report(&err);
            status = OWED_EXIT_TROUBLE;
            continue;
        }
        all[m++].id = ids[i];
    }
    qsort(all, m, sizeof *all, listed_cmp);
    const char *group = NULL;
    size_t group_len = 0;
    for (size_t i = 0; i < m; i++) {
        const char *j = owed_regime_jurisdiction(all[i].r);
        size_t jl = strcspn(j, "-");
        if (group == NULL || jl != group_len || strncmp(j, group, jl) != 0) {
            printf("%s%s (%.*s):\n", group ? "\n" : "", country_name(j), (int)jl, j);
            group = j;
            group_len = jl;
            /* the ids of one country line up */
            width = 0;
            for (size_t k = i; k < m; k++) {
                const char *jk = owed_regime_jurisdiction(all[k].r);
                if (strcspn(jk, "-") != jl || strncmp(jk, j, jl) != 0)
                    break;
                if ((int)strlen(all[k].id) > width)
                    width = (int)strlen(all[k].id);
            }
        }
        char dates[320];
        governs_text(dates, sizeof dates, all[i].r);
        printf("  %-*s  [%s]  %s", width, all[i].id, dates, owed_regime_title(all[i].r, "en"));
        if (owed_regime_has_title(all[i].r, "zh"))
            printf("  %s", owed_regime_title(all[i].r, "zh"));
        if (owed_regime_has_title(all[i].r, "ja"))
            printf("  %s", owed_regime_title(all[i].r, "ja"));
        putchar('\n');
    }
    for (size_t i = 0; i < m; i++)
        owed_regime_free(all[i].r);
    free(all);
    owed_regime_list_free(ids, n);
    return status;
}

static int cmd_show(const char *what)
{
    owed_error err;
    owed_error_clear(&err);
    owed_regime *r;
    if (owed_regime_load(what, cli_datadir(), &r, &err) != OWED_OK) {
        cli_report(&err);
        return OWED_EXIT_TROUBLE;
    }
    int rc = show(r);
    owed_regime_free(r);
    if (rc != 0) {
        cli_fail(_("out of memory"));
        return OWED_EXIT_TROUBLE;
    }
    return OWED_EXIT_OK;
}

int owed_cmd_regimes(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return OWED_EXIT_OK;
        default:
            if (optopt)
                cli_fail(_("unknown option '-%c'"), optopt);
            else
                cli_fail(_("unknown option '%s'"), argv[optind - 1]);
            return cli_try_help("regimes");
        }
    }
    int nargs = argc - optind;
    const char *action = nargs > 0 ? argv[optind] : "list";
    if (strcmp(action, "list") == 0) {
        if (nargs > 1) {
            cli_fail(_("'list' takes no argument"));
            return cli_try_help("regimes");
        }
        return cmd_list();
    }
    if (strcmp(action, "show") == 0) {
        if (nargs != 2) {
            cli_fail(nargs < 2 ? _("'show' needs a regime id or file")
                               : _("'show' takes one regime id or file"));
            return cli_try_help("regimes");
        }
        return cmd_show(argv[optind + 1]);
    }
    cli_fail(_("unknown action '%s' (use 'list' or 'show')"), action);
    return cli_try_help("regimes");
}
