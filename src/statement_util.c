/* Shared by the HTML, XML and CSV statement writers and the chart.  See statement_util.h. */
#include <config.h>

#include "statement_util.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glossary.h"
#include "i18n.h"
#include "mem.h"
#include "money.h"
#include "number.h"

/* Text from outside (file names, case and regime text) made fit for XML: invalid UTF-8
 * and control characters other than tab and newline become U+FFFD. */
char *owed_stmt_clean_text(const char *s)
{
    size_t n = strlen(s);
    char *out = owed_mem_alloc(3 * n + 1);
    if (out == NULL)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        int len = 0;
        unsigned cp = 0;
        if (*p < 0x80) {
            len = 1;
            cp = *p;
        } else if ((*p & 0xE0) == 0xC0) {
            len = 2;
            cp = *p & 0x1Fu;
        } else if ((*p & 0xF0) == 0xE0) {
            len = 3;
            cp = *p & 0x0Fu;
        } else if ((*p & 0xF8) == 0xF0) {
            len = 4;
            cp = *p & 0x07u;
        }
        int ok = len > 0;
        for (int i = 1; ok && i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                ok = 0;
            else
                cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                   (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
                   (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF ||
                   (cp < 0x20 && cp != '\t' && cp != '\n')))
            ok = 0;
        if (ok) {
            memcpy(o, p, (size_t)len);
            o += len;
            p += len;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        }
    }
    *o = '\0';
    return out;
}

char *owed_stmt_amount(const owed_report *r, const mpq_t q)
{
    return owed_money_format(q, &r->kase->currency);
}

char *owed_stmt_localize(const char *plain, const owed_numeric_style *ns)
{
    if (plain == NULL)
        return NULL;
    const char *dp = ns && ns->decimal_point && *ns->decimal_point ? ns->decimal_point : ".";
    const char *ts = ns && ns->thousands_sep ? ns->thousands_sep : "";
    const char *grouping = ns && ns->grouping && *ts ? ns->grouping : "";
    const char *p = plain;
    int neg = *p == '-';
    if (neg)
        p++;
    size_t int_len = strspn(p, "0123456789");
    const char *frac = p + int_len; /* "" or ".digits" */
    /* Where separators go, counted from the right of the integer part. */
    size_t n_seps = 0;
    size_t marks[64];
    {
        size_t pos = 0; /* digits to the right already grouped */
        const char *g = grouping;
        unsigned size = 0;
        while (*g || size) {
            if (*g) {
                if ((unsigned char)*g == CHAR_MAX || *g <= 0)
                    break;
                size = (unsigned char)*g++;
            }
            if (pos + size >= int_len || n_seps == sizeof marks / sizeof marks[0])
                break;
            pos += size;
            marks[n_seps++] = pos;
        }
    }
    size_t len = (size_t)neg + int_len + n_seps * strlen(ts) + strlen(dp) + strlen(frac) + 1;
    char *out = owed_mem_alloc(len);
    if (out == NULL)
        return NULL;
    char *o = out;
    if (neg)
        *o++ = '-';
    for (size_t i = 0; i < int_len; i++) {
        *o++ = p[i];
        size_t right = int_len - i - 1; /* digits still to write */
        for (size_t k = 0; k < n_seps; k++)
            if (marks[k] == right && right > 0) {
                memcpy(o, ts, strlen(ts));
                o += strlen(ts);
            }
    }
    if (*frac == '.') {
        memcpy(o, dp, strlen(dp));
        o += strlen(dp);
        frac++;
    }
    strcpy(o, frac);
    return out;
}

char *owed_stmt_amount_local(const owed_report *r, const mpq_t q, const owed_numeric_style *ns)
{
    char *plain = owed_stmt_amount(r, q);
    char *s = owed_stmt_localize(plain, ns);
    owed_mem_free(plain);
    return s;
}

int owed_stmt_rounded_differs(const owed_report *r, const mpq_t q)
{
    mpq_t t;
    mpq_init(t);
    owed_round_decimals(t, q, r->kase->currency.minor_units, OWED_ROUND_HALF_UP);
    int differs = !mpq_equal(t, q);
    mpq_clear(t);
    return differs;
}

static char *trim_zeros(char *s)
{
    if (s == NULL || strchr(s, '.') == NULL)
        return s;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0')
        s[--n] = '\0';
    if (n > 0 && s[n - 1] == '.')
        s[--n] = '\0';
    if (strcmp(s, "-0") == 0)
        strcpy(s, "0");
    return s;
}

char *owed_stmt_rate_value(const mpq_t rate, unsigned decimals)
{
    return trim_zeros(owed_decimal_format(rate, decimals, OWED_ROUND_HALF_UP));
}

char *owed_stmt_percent(const mpq_t rate, const owed_numeric_style *ns)
{
    mpq_t pct;
    mpq_init(pct);
    mpq_set_ui(pct, 100, 1);
    mpq_mul(pct, pct, rate);
    char *plain = trim_zeros(owed_decimal_format(pct, 4, OWED_ROUND_HALF_UP));
    mpq_clear(pct);
    char *local = owed_stmt_localize(plain, ns);
    owed_mem_free(plain);
    if (local == NULL)
        return NULL;
    char *s = owed_mem_alloc(strlen(local) + 2);
    if (s)
        strcat(strcpy(s, local), "%");
    owed_mem_free(local);
    return s;
}

const char *owed_stmt_posting_label(owed_posting_kind k)
{
    switch (k) {
    case OWED_POST_DISBURSEMENT: return _("money delivered");
    case OWED_POST_WITHHELD: return _("withheld");
    case OWED_POST_ACCRUAL: return _("accrued");
    case OWED_POST_CHARGE: return _("charged");
    case OWED_POST_PAYMENT: return _("payment");
    case OWED_POST_OVERPAYMENT: return _("overpayment");
    case OWED_POST_EXTENSION: return _("extension");
    default: return "?";
    }
}

const char *owed_stmt_effect_label(owed_band_effect e)
{
    switch (e) {
    case OWED_BAND_ENFORCEABLE: return _("enforceable");
    case OWED_BAND_RETAINED_IF_PAID: return _("not enforceable, kept if paid");
    case OWED_BAND_VOID: return _("void");
    default: return "?";
    }
}

const char *owed_stmt_count_label(owed_day_count c)
{
    return c == OWED_COUNT_BOTH_ENDS ? _("both the first and the last day count")
                                     : _("the first day counts, the last does not");
}

const char *owed_stmt_basis_label(owed_day_basis b)
{
    switch (b) {
    case OWED_BASIS_360: return _("360 days a year");
    case OWED_BASIS_ACTUAL: return _("actual days (365 or 366) a year");
    default: return _("365 days a year");
    }
}

const char *owed_stmt_reference_label(owed_reference_date ref)
{
    switch (ref) {
    case OWED_REF_FORMATION: return _("formation of the contract");
    case OWED_REF_FILING: return _("filing of the suit");
    case OWED_REF_ACCRUAL: return _("each day of accrual");
    default: return _("fixed");
    }
}

const char *owed_stmt_withheld_label(const owed_principal_rule *pr)
{
    if (pr->basis == OWED_PRINCIPAL_NOMINAL)
        return _("Withheld at payout, counted as principal");
    if (pr->withheld == OWED_WITHHELD_CHARGE)
        return _("Withheld at payout, counted as a charge");
    return _("Withheld at payout, not lent");
}

int owed_stmt_any_refund_interest(const owed_report *r)
{
    for (size_t g = 0; g < r->n_regimes; g++)
        if (owed_regime_overpayment(r->regimes[g])->has_interest)
            return 1;
    return 0;
}

int owed_stmt_moves_pay_costs(const owed_lawful *lv)
{
    for (size_t k = 0; k < lv->n_moves; k++)
        if (mpq_sgn(lv->moves[k].to_costs) != 0)
            return 1;
    return 0;
}

const char *owed_stmt_paid_for_label(owed_payment_purpose p)
{
    switch (p) {
    case OWED_PAID_FOR_CHARGES: return _("for charges");
    case OWED_PAID_FOR_PRINCIPAL: return _("for principal");
    default: return "";
    }
}

const char *owed_stmt_neutral_label(const char *label)
{
    /* The labels the library itself gives postings (contract.c), translated when the
     * replay ran.  A translated label is the catalog's own string, so its address tells
     * it from a case file's label that happens to read the same. */
    static const char *const own[] = {N_("extension fee"), N_("withheld, not explained"),
                                      N_("interest withheld in advance")};
    for (size_t i = 0; label && i < sizeof own / sizeof own[0]; i++)
        if (label == _(own[i]))
            return own[i];
    return label;
}

const char *owed_stmt_party_label(const char *by)
{
    static const struct {
        const char *word, *label;
    } parties[] = {
        {"lender", N_("lender")},       {"collector", N_("collector")},
        {"platform", N_("platform")},   {"court", N_("court")},
        {"guarantor", N_("guarantor")}, {"borrower", N_("borrower")},
    };
    for (size_t i = 0; by && i < sizeof parties / sizeof parties[0]; i++)
        if (strcmp(by, parties[i].word) == 0)
            return _(parties[i].label);
    return by;
}

const char *owed_stmt_law_language(const owed_regime *reg)
{
    const char *j = owed_regime_jurisdiction(reg);
    if (j == NULL)
        return "en";
    if (strcmp(j, "CN") == 0 || strcmp(j, "TW") == 0 || strcmp(j, "HK") == 0 ||
        strcmp(j, "MO") == 0)
        return "zh";
    if (strcmp(j, "JP") == 0)
        return "ja";
    return "en";
}

void owed_stmt_regime_titles(const owed_regime *reg, const char *lang, const char **primary,
                             const char **beside)
{
    const char *law = owed_stmt_law_language(reg);
    *primary = owed_regime_title(reg, law);
    *beside = NULL;
    if (lang == NULL)
        lang = "en";
    const char *mine = owed_regime_title(reg, lang);
    if (owed_regime_has_title(reg, lang) && mine && *primary && strcmp(mine, *primary) != 0)
        *beside = mine;
}


char *owed_stmt_format_new(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *out = owed_mem_alloc((size_t)n + 1);
    if (out == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

/* " (the as-of date: the case gives no filing date)" when the filing date is the as-of
 * date, else "". */
static const char *filing_note(const owed_lawful *lv)
{
    return lv->filing_is_as_of ? _(" (the as-of date: the case gives no filing date)") : "";
}

/* A kind of lender in the reader's words (the English words are the case file's codes). */
static const char *lender_kind_label(owed_lender_kind k)
{
    switch (k) {
    /* TRANSLATORS: a kind of lender: a natural person */
    case OWED_LENDER_PERSON: return _("person");
    /* TRANSLATORS: a kind of lender: a company or organisation not licensed to lend */
    case OWED_LENDER_COMPANY: return _("company");
    /* TRANSLATORS: a kind of lender: a licensed financial institution */
    case OWED_LENDER_LICENSED: return _("licensed");
    default: return owed_lender_kind_name(k);
    }
}

char *owed_stmt_scope_warning(const owed_report *r, const owed_scope_warning *w)
{
    const owed_regime *reg = r->regimes[w->regime];
    const owed_regime_governs *g = owed_regime_governs_rule(reg);
    const owed_loan *L = &r->kase->loans[w->loan];
    const owed_lawful *lv = r->lawful[w->regime];
    char a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    const char *id = owed_regime_id(reg);
    switch (w->why) {
    case OWED_GOVERNS_FILED_EARLY:
        owed_date_format(lv->filing, a);
        owed_date_format(g->filed_from, b);
        return owed_stmt_format_new(
            _("%1$s does not govern loan %2$s: the suit was filed on %3$s%4$s, "
              "before %5$s, when this regime begins to apply"),
            id, L->id, a, filing_note(lv), b);
    case OWED_GOVERNS_FILED_LATE:
        owed_date_format(lv->filing, a);
        owed_date_format(g->filed_before, b);
        return owed_stmt_format_new(
            _("%1$s does not govern loan %2$s: the suit was filed on %3$s%4$s, "
              "on or after %5$s, when this regime no longer applies"),
            id, L->id, a, filing_note(lv), b);
    case OWED_GOVERNS_FORMED_EARLY:
        owed_date_format(L->contracted, a);
        owed_date_format(g->formed_from, b);
        return owed_stmt_format_new(
            _("%1$s does not govern loan %2$s: the loan was formed on %3$s, "
              "before %4$s, when this regime begins to apply"),
            id, L->id, a, b);
    case OWED_GOVERNS_FORMED_LATE:
        owed_date_format(L->contracted, a);
        owed_date_format(g->formed_before, b);
        return owed_stmt_format_new(
            _("%1$s does not govern loan %2$s: the loan was formed on %3$s, on "
              "or after %4$s, when this regime no longer applies"),
            id, L->id, a, b);
    case OWED_GOVERNS_LENDER:
    default:
        return owed_stmt_format_new(
            _("%1$s does not govern loan %2$s: this regime does not cover a "
              "lender of the kind '%3$s'"),
            id, L->id, lender_kind_label(L->lender_kind));
    }
}

char *owed_stmt_chosen_reason(const owed_report *r)
{
    if (r->chosen < 0)
        return NULL;
    const owed_regime *reg = r->regimes[r->chosen];
    const owed_regime_governs *g = owed_regime_governs_rule(reg);
    const owed_lawful *lv = r->lawful[r->chosen];
    char filed[OWED_DATE_TEXT_SIZE], a[OWED_DATE_TEXT_SIZE], b[OWED_DATE_TEXT_SIZE];
    owed_date_format(lv->filing, filed);
    char *range;
    if (g->has_filed_from && g->has_filed_before) {
        owed_date_format(g->filed_from, a);
        owed_date_format(g->filed_before, b);
        range = owed_stmt_format_new(_("filed from %1$s and before %2$s"), a, b);
    } else if (g->has_filed_from) {
        owed_date_format(g->filed_from, a);
        range = owed_stmt_format_new(_("filed on or after %s"), a);
    } else if (g->has_filed_before) {
        owed_date_format(g->filed_before, b);
        range = owed_stmt_format_new(_("filed before %s"), b);
    } else {
        range = owed_stmt_format_new("%s", _("filed on any date"));
    }
    if (range == NULL)
        return NULL;
    char *out =
        owed_stmt_format_new(_("%1$s was chosen from the case (--regime=auto): of the regimes "
                               "shipped, it alone governs every loan of the case; it governs "
                               "suits %2$s, and this suit was filed on %3$s%4$s"),
                             owed_regime_id(reg), range, filed, filing_note(lv));
    owed_mem_free(range);
    return out;
}

/* "rounded down to 0.01" for a rounding mode and unit (0: the currency's minor unit). */
static char *rounding_words(owed_round_mode mode, const mpq_t unit, const owed_report *r)
{
    mpq_t u;
    mpq_init(u);
    if (mpq_sgn(unit) > 0)
        mpq_set(u, unit);
    else
        owed_currency_unit(u, &r->kase->currency);
    char *text = owed_exact_format(u);
    mpq_clear(u);
    if (text == NULL)
        return NULL;
    char *out;
    switch (mode) {
    case OWED_ROUND_HALF_UP: out = owed_stmt_format_new(_("rounded half up to %s"), text); break;
    case OWED_ROUND_HALF_EVEN:
        out = owed_stmt_format_new(_("rounded half to even to %s"), text);
        break;
    case OWED_ROUND_UP: out = owed_stmt_format_new(_("rounded up to %s"), text); break;
    case OWED_ROUND_DOWN:
    default: out = owed_stmt_format_new(_("rounded down (truncated) to %s"), text); break;
    }
    owed_mem_free(text);
    return out;
}

char *owed_stmt_conventions(const owed_accrual_convention *cv, const owed_report *r)
{
    char buf[512] = "";
    size_t n = 0;
    if (cv->accrual == OWED_ACCRUE_CALENDAR_MONTH)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
                              _("by calendar month, stub days at a thirtieth of the monthly rate"));
    if (cv->count == OWED_COUNT_BOTH_ENDS && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "; " : "",
                              _("both end days counted"));
    if (cv->has_rounding && n < sizeof buf) {
        char *words = rounding_words(cv->rounding, cv->rounding_unit, r);
        if (words == NULL)
            return NULL;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s %s", n ? "; " : "",
                              _("each period's amount"), words);
        owed_mem_free(words);
    }
    return n ? owed_stmt_format_new("%s", buf) : NULL;
}

char *owed_stmt_regime_rounding(const owed_regime *reg, const owed_report *r)
{
    const owed_day_rule *dr = owed_regime_day_rule(reg);
    if (!dr->has_rounding)
        return NULL;
    char *words = rounding_words(dr->rounding, dr->rounding_unit, r);
    if (words == NULL)
        return NULL;
    char *out = owed_stmt_format_new("%s %s", _("each period's lawful amount"), words);
    owed_mem_free(words);
    return out;
}

/* ------------------------------------------------------------------ regime names */

char *owed_stmt_short_title(const char *title)
{
    if (title == NULL)
        return owed_stmt_format_new("%s", "");
    size_t n = strlen(title);
    const char *colon = strchr(title, ':');
    const char *wide = strstr(title, "\xEF\xBC\x9A"); /* U+FF1A FULLWIDTH COLON */
    if (colon && (size_t)(colon - title) < n)
        n = (size_t)(colon - title);
    if (wide && (size_t)(wide - title) < n)
        n = (size_t)(wide - title);
    while (n > 0 && title[n - 1] == ' ')
        n--;
    if (n == 0) /* nothing before the colon: the whole title */
        n = strlen(title);
    return owed_stmt_format_new("%.*s", (int)n, title);
}

char *owed_stmt_regime_name(const owed_regime *reg, const char *lang, int brief)
{
    const char *primary = NULL, *beside = NULL;
    owed_stmt_regime_titles(reg, lang, &primary, &beside);
    if (primary == NULL)
        primary = owed_regime_title(reg, "en");
    char *p =
        brief ? owed_stmt_short_title(primary) : owed_stmt_format_new("%s", primary ? primary : "");
    char *b = beside == NULL ? NULL
              : brief        ? owed_stmt_short_title(beside)
                             : owed_stmt_format_new("%s", beside);
    char *out = NULL;
    if (p != NULL && (beside == NULL || b != NULL)) {
        if (b != NULL && strcmp(b, p) != 0)
            /* TRANSLATORS: a regime's title in the law's language, its title in the
               statement's language, and its id */
            out = owed_stmt_format_new(_("%1$s (%2$s; %3$s)"), p, b, owed_regime_id(reg));
        else
            /* TRANSLATORS: a regime's title and its id */
            out = owed_stmt_format_new(_("%1$s (%2$s)"), p, owed_regime_id(reg));
    }
    owed_mem_free(p);
    owed_mem_free(b);
    return out;
}

/* ------------------------------------------------------------------ art. 560 */

const char *owed_stmt_decider_label(owed_alloc_decider d)
{
    switch (d) {
    case OWED_DECIDED_DESIGNATED:
        /* TRANSLATORS: what sent a payment to a loan: the payer designated it */
        return _("designated");
    case OWED_DECIDED_DUE:
        /* TRANSLATORS: what sent a payment to a loan: it was due, others were not */
        return _("due first");
    case OWED_DECIDED_MOST_BURDENSOME:
        /* TRANSLATORS: Civil Code art. 560: 负担较重 */
        return _("most burdensome");
    case OWED_DECIDED_EARLIEST_DUE:
        /* TRANSLATORS: Civil Code art. 560: it fell due before the others */
        return _("earliest due");
    case OWED_DECIDED_PRO_RATA:
        /* TRANSLATORS: Civil Code art. 560: 按照债务比例 */
        return _("pro rata");
    case OWED_DECIDED_NONE:
    default:
        return "";
    }
}

/* One step of an allocation order in words. */
static const char *alloc_step_words(owed_alloc_step s, owed_burden_measure m)
{
    switch (s) {
    case OWED_ALLOC_DESIGNATED: return _("the loan the payer designated");
    case OWED_ALLOC_DUE: return _("loans already due before loans not yet due");
    case OWED_ALLOC_LEAST_SECURED:
        return _("the least secured (security is not recorded in case files, so it never "
                 "decides)");
    case OWED_ALLOC_MOST_BURDENSOME:
        switch (m) {
        case OWED_BURDEN_DAILY_COST:
        default:
            /* TRANSLATORS: 负担较重 is Civil Code art. 560's word; keep it in Chinese */
            return _("the most burdensome: the agreed daily cost (interest and overdue rates "
                     "a day, fees excluded), this program's reading of 负担较重");
        }
    case OWED_ALLOC_EARLIEST_DUE: return _("the loan that fell due first");
    case OWED_ALLOC_PRO_RATA:
    default: return _("pro rata to what each owes");
    }
}

int owed_stmt_same_allocation(const owed_report *r)
{
    const owed_allocation_rule *x = r->n_regimes ? owed_regime_allocation(r->regimes[0]) : NULL;
    for (size_t g = 1; g < r->n_regimes; g++) {
        const owed_allocation_rule *y = owed_regime_allocation(r->regimes[g]);
        if (x->n != y->n || x->burden != y->burden)
            return 0;
        for (size_t k = 0; k < x->n; k++)
            if (x->order[k] != y->order[k])
                return 0;
    }
    return 1;
}

char *owed_stmt_allocation_order(const owed_alloc_step *steps, size_t n,
                                 owed_burden_measure burden)
{
    if (steps == NULL) {
        steps = owed_alloc_default_order;
        n = owed_alloc_default_n;
    }
    size_t size = 1;
    int pro_rata = 0;
    for (size_t k = 0; k <= n; k++) {
        if (k == n && pro_rata)
            break;
        owed_alloc_step s = k < n ? steps[k] : OWED_ALLOC_PRO_RATA;
        size += strlen(alloc_step_words(s, burden)) + strlen(_("; then ")) + 1;
        if (s == OWED_ALLOC_PRO_RATA)
            pro_rata = 1;
    }
    char *out = owed_mem_alloc(size);
    if (out == NULL)
        return NULL;
    out[0] = '\0';
    pro_rata = 0;
    /* the steps up to pro-rata (those after it never apply); debts that tie on every step
     * share pro rata even when the order does not name it */
    for (size_t k = 0; k <= n && !pro_rata; k++) {
        owed_alloc_step s = k < n ? steps[k] : OWED_ALLOC_PRO_RATA;
        if (k > 0)
            strcat(out, _("; then "));
        strcat(out, alloc_step_words(s, burden));
        pro_rata = s == OWED_ALLOC_PRO_RATA;
    }
    return out;
}

/* ------------------------------------------------------------------ citations */

int owed_stmt_written_without_spaces(const char *lang)
{
    return lang != NULL && (strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0);
}

/* Appends the n bytes at `s` to `out` (of capacity cap, which the caller made large
 * enough). */
static void append(char *out, size_t cap, const char *s, size_t n)
{
    size_t len = strlen(out);
    snprintf(out + len, cap - len, "%.*s", (int)n, s);
}

/* One part of an article list already in the law's words ("附則15条1項"), with 第 put
 * before each number that counts articles, paragraphs or items and lacks it:
 * "附則第15条第1項".  0, or -1 when the part has ASCII letters or no 条 (not the law's
 * words). */
static int native_words(const char *part, size_t n, char *out, size_t cap)
{
    static const char *const units[] = {"条", "項", "款", "号"};
    static const char dai[] = "第";
    int has_article = 0;
    for (size_t i = 0; i < n; i++) {
        if ((part[i] >= 'A' && part[i] <= 'Z') || (part[i] >= 'a' && part[i] <= 'z'))
            return -1;
        has_article |= i + strlen(units[0]) <= n &&
                       memcmp(part + i, units[0], strlen(units[0])) == 0;
    }
    if (!has_article)
        return -1;
    size_t i = 0;
    while (i < n) {
        size_t digits = 0;
        while (i + digits < n && part[i + digits] >= '0' && part[i + digits] <= '9')
            digits++;
        if (digits == 0) {
            append(out, cap, part + i, 1);
            i++;
            continue;
        }
        int counts = 0;
        for (size_t u = 0; u < sizeof units / sizeof *units; u++)
            counts |= i + digits + strlen(units[u]) <= n &&
                      memcmp(part + i + digits, units[u], strlen(units[u])) == 0;
        size_t d = strlen(dai);
        if (counts && !(i >= d && memcmp(part + i - d, dai, d) == 0))
            append(out, cap, dai, d);
        append(out, cap, part + i, digits);
        i += digits;
    }
    return 0;
}

/* The article in the words of a Chinese or Japanese law: "26(1)" -> "第26条第1款" (zh) or
 * "第26条第1項" (ja); "28, 29" -> "第28条、第29条"; a part already in the law's words
 * gets its 第: "404; 附則15条1項" -> "第404条、附則第15条第1項".  NULL when `article` is
 * not a list (", " or "; ") of NUMBER, NUMBER(NUMBER) or such words. */
char *owed_stmt_article_native(const char *article, const char *law_lang)
{
    const char *para = strcmp(law_lang, "ja") == 0 ? "項" : "款";
    size_t cap = strlen(article) * 8 + 32;
    char *out = owed_mem_alloc(cap);
    if (out == NULL)
        return NULL;
    out[0] = '\0';
    const char *p = article;
    for (int first = 1;; first = 0) {
        if (!first)
            append(out, cap, "、", strlen("、"));
        size_t part = strcspn(p, ",;"), n = strspn(p, "0123456789");
        int words = 0;
        for (size_t i = 0; i < part; i++)
            words |= (unsigned char)p[i] >= 0x80;
        if (words || n == 0) {
            if (native_words(p, part, out, cap) != 0) {
                owed_mem_free(out);
                return NULL;
            }
            p += part;
        } else {
            if (n > 6) {
                owed_mem_free(out);
                return NULL;
            }
            char num[8], sub[8] = "";
            memcpy(num, p, n);
            num[n] = '\0';
            p += n;
            if (*p == '(') {
                size_t m = strspn(p + 1, "0123456789");
                if (m == 0 || m > 6 || p[1 + m] != ')') {
                    owed_mem_free(out);
                    return NULL;
                }
                memcpy(sub, p + 1, m);
                sub[m] = '\0';
                p += m + 2;
            }
            size_t len = strlen(out);
            snprintf(out + len, cap - len, "第%s条%s%s%s", num, sub[0] ? "第" : "", sub,
                     sub[0] ? para : "");
        }
        if (*p == '\0')
            return out;
        if ((p[0] != ',' && p[0] != ';') || p[1] != ' ') {
            owed_mem_free(out);
            return NULL;
        }
        p += 2;
    }
}

char *owed_stmt_article_after(const char *instrument, const owed_citation *c,
                              const char *law_lang, const char *lang, int may_join,
                              size_t *shown)
{
    *shown = strlen(instrument);
    if (c->article == NULL)
        return owed_mem_strdup("");
    if (law_lang == NULL)
        law_lang = "en";
    if (lang == NULL)
        lang = "en";
    int close = owed_stmt_written_without_spaces(lang);
    char *native =
        strcmp(law_lang, "en") != 0 ? owed_stmt_article_native(c->article, law_lang) : NULL;
    if (native != NULL) {
        if (close)
            return native;
        char beside[128] = "";
        if (strcmp(lang, law_lang) != 0)
            snprintf(beside, sizeof beside, _(" (art. %s)"), c->article);
        char *out = owed_stmt_format_new(" %s%s", native, beside);
        owed_mem_free(native);
        return out;
    }
    if (close) {
        /* as the law writes it: "CONC 5A.2.3R", "通知 四(一)"; a part number the instrument
         * ends with is written once, "12 CFR 1026" + "1026.18(b)" -> "12 CFR 1026.18(b)" */
        const char *last = strrchr(instrument, ' ');
        last = last ? last + 1 : instrument;
        size_t n = strlen(last);
        if (may_join && strcmp(law_lang, "en") == 0 && n > 0 &&
            strspn(last, "0123456789") == n &&
            strncmp(c->article, last, n) == 0 && c->article[n] == '.') {
            *shown = (size_t)(last - instrument);
            return owed_mem_strdup(c->article);
        }
        return owed_stmt_format_new(" %s", c->article);
    }
    return owed_stmt_format_new(_(", art. %s"), c->article);
}

char *owed_stmt_citation_text(const owed_citation *c, const char *law_lang, const char *lang,
                              const owed_glossary *glossary)
{
    const char *instrument = owed_glossary_text(glossary, c->instrument);
    size_t shown;
    char *after = owed_stmt_article_after(instrument, c, law_lang, lang, 1, &shown);
    if (after == NULL)
        return NULL;
    char date[OWED_DATE_TEXT_SIZE] = "";
    if (c->has_date)
        owed_date_format(c->date, date);
    char *out = owed_stmt_format_new("%.*s%s%s%s", (int)shown, instrument, after,
                                     c->has_date ? ", " : "", date);
    owed_mem_free(after);
    return out;
}

char *owed_stmt_citations_text(const owed_citation *first, const char *law_lang,
                               const char *lang, const owed_glossary *glossary)
{
    char *out = owed_mem_strdup("");
    for (const owed_citation *c = first; c != NULL && out != NULL; c = c->next) {
        char *t = owed_stmt_citation_text(c, law_lang, lang, glossary);
        char *more = t ? owed_stmt_format_new("%s%s%s", out, c != first ? "; " : "", t) : NULL;
        owed_mem_free(t);
        owed_mem_free(out);
        out = more;
    }
    return out;
}

/* ------------------------------------------------------------------ the lawful ledger */

const char *owed_stmt_lawful_event_label(const char *event)
{
    if (strcmp(event, "disbursement") == 0)
        return _("money delivered");
    if (strcmp(event, "accrual") == 0)
        return _("accrued");
    if (strcmp(event, "charge") == 0)
        return _("charged");
    if (strcmp(event, "payment") == 0)
        return _("payment");
    if (strcmp(event, "overpayment") == 0)
        return _("overpayment");
    /* TRANSLATORS: the lawful ledger: paid above the enforceable line, kept by the lender */
    if (strcmp(event, "kept") == 0)
        return _("kept by the lender");
    /* TRANSLATORS: the lawful ledger: prepaid charges held, absorbing charges as they accrue */
    if (strcmp(event, "prepaid") == 0)
        return _("prepaid charges used");
    return event;
}

const char *owed_stmt_lawful_component_label(const char *component)
{
    if (strcmp(component, "principal") == 0)
        return _("principal");
    /* TRANSLATORS: the lawful ledger: interest and fees together, as the cap counts them */
    if (strcmp(component, "charges") == 0)
        return _("interest and fees");
    if (strcmp(component, "cost") == 0)
        return _("cost");
    /* TRANSLATORS: the lawful ledger: paid into the band above the enforceable line */
    if (strcmp(component, "band") == 0)
        return _("into the band");
    /* TRANSLATORS: the lawful ledger: held as prepaid charges */
    if (strcmp(component, "prepaid") == 0)
        return _("prepaid charges");
    return component;
}

owed_status owed_stmt_stream_outcome(FILE *fp, int failed, int oom, int io_errno,
                                     owed_error *err)
{
    if (io_errno != 0 || ferror(fp)) {
        int e = io_errno != 0 ? io_errno : errno;
        owed_status rc = owed_error_set(err, OWED_E_IO, "", 0, _("write error"));
        errno = e;
        return rc;
    }
    if (failed || oom)
        return owed_error_set(err, OWED_E_NOMEM, "", 0, _("out of memory"));
    return OWED_OK;
}
