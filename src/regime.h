/* Legal regimes: the caps and rules of one legal system for one kind of lending, read from
 * an XML file (namespace urn:owed:regime:1, format in owed-regime(5)).
 *
 * A regime combines a fixed vocabulary of mechanisms that the lawful replay implements:
 *   - cap periods, each for loans formed in a date range and for accrual days in a date
 *     range, holding ascending bands of annual rates with an effect for the charges that
 *     fall in each band (enforceable, retained-if-paid, void) and an effect above the last
 *     band.  A band limit is a fixed rate or a multiple of a rate table's rate on a
 *     reference date (contract formation, filing of the suit, or the accrual day);
 *   - what counts as a charge, the principal basis, the order of applying a payment, the
 *     allocation of a payment across loans, the treatment of overpayments;
 *   - a citation for every rule (instrument, article, date, notes; confirmed="no" marks
 *     what the law files leave UNCONFIRMED).
 *
 * Ownership: an owed_regime owns everything it points to, including the rate tables its
 * bands refer to; owed_regime_free() releases all of it.  Every pointer returned by an
 * accessor lives as long as the regime.  The library never prints: every failure fills an
 * owed_error, with FILE:LINE for every problem in a file. */
#ifndef OWED_REGIME_H
#define OWED_REGIME_H

#include <gmp.h>
#include <stddef.h>

#include "case.h"
#include "date.h"
#include "error.h"
#include "number.h"
#include "rate_table.h"

/* The namespace of regime files, format version 1. */
#define OWED_REGIME_NAMESPACE "urn:owed:regime:1"

/* Largest regime file accepted, in bytes (1 MiB); documented in owed-regime(5). */
#define OWED_REGIME_MAX_BYTES (1u * 1024u * 1024u)

/* Most bands one cap period may have (the schema allows no more). */
#define OWED_MAX_BANDS 8

typedef struct owed_regime owed_regime;

/* ------------------------------------------------------------------ vocabulary */

/* What the charges falling in a band are, legally. */
typedef enum owed_band_effect {
    OWED_BAND_ENFORCEABLE = 0,  /* the lender may claim them */
    OWED_BAND_RETAINED_IF_PAID, /* not claimable, but what the borrower paid is kept */
    OWED_BAND_VOID              /* not claimable; what was paid offsets principal or is refunded */
} owed_band_effect;

/* The day a table rate is looked up for. */
typedef enum owed_reference_date {
    OWED_REF_NONE = 0,  /* a fixed limit: no table */
    OWED_REF_FORMATION, /* the contract's formation date */
    OWED_REF_FILING,    /* the filing date of the suit (callers pass the as-of date when none) */
    OWED_REF_ACCRUAL    /* each day the cap accrues */
} owed_reference_date;

typedef enum owed_principal_basis {
    OWED_PRINCIPAL_DELIVERED = 0, /* the money actually delivered */
    OWED_PRINCIPAL_NOMINAL        /* the principal written in the contract */
} owed_principal_basis;

/* Steps of the order in which one payment is applied within a loan. */
typedef enum owed_pay_step {
    OWED_PAY_COSTS = 0, /* costs of enforcing the claim that are not charges */
    OWED_PAY_CHARGES,   /* the lawful charges (interest, fees, ... as the charge rule counts) */
    OWED_PAY_PRINCIPAL
} owed_pay_step;

/* Steps of the rule that allocates a payment across several loans, in order. */
typedef enum owed_alloc_step {
    OWED_ALLOC_DESIGNATED = 0, /* the loan the payer designated */
    OWED_ALLOC_DUE,            /* debts already due first */
    OWED_ALLOC_LEAST_SECURED,  /* then the one with no or the least security */
    OWED_ALLOC_MOST_BURDENSOME,/* then the one more burdensome to the debtor */
    OWED_ALLOC_EARLIEST_DUE,   /* then the one that fell due first */
    OWED_ALLOC_PRO_RATA        /* then in proportion */
} owed_alloc_step;

/* Names as written in regime files and shown in output: "enforceable", "retained-if-paid",
 * "void"; "none", "formation", "filing", "accrual"; "delivered", "nominal"; "costs",
 * "charges", "principal"; "designated", "due", "least-secured", "most-burdensome",
 * "earliest-due", "pro-rata". */
const char *owed_band_effect_name(owed_band_effect e);
const char *owed_reference_date_name(owed_reference_date ref);
const char *owed_principal_basis_name(owed_principal_basis b);
const char *owed_pay_step_name(owed_pay_step s);
const char *owed_alloc_step_name(owed_alloc_step s);

/* How the step most-burdensome measures the burden of a debt (<allocation burden="..">). */
typedef enum owed_burden_measure {
    OWED_BURDEN_DAILY_COST = 0 /* "daily-cost" (default): the agreed daily cost of the debt on
                                  the payment date, as a rate: the interest rate, and the
                                  overdue rate once overdue, each as a daily rate; fees
                                  excluded (owed_burden() in allocate.h) */
} owed_burden_measure;

const char *owed_burden_measure_name(owed_burden_measure m); /* "daily-cost" */

/* ------------------------------------------------------------------ citations */

/* One citation.  A rule has one or more, linked by `next` in file order. */
typedef struct owed_citation {
    const char *instrument;   /* "法释〔2015〕18号", "民法典", "court practice"; never NULL */
    const char *title;        /* full title of the instrument, or NULL */
    const char *article;      /* "26(1)", or NULL */
    int has_date;
    owed_date date;           /* the instrument's date (in force, or issued) */
    const char *url;          /* or NULL */
    const char *source;       /* source keys of the law brief ("JUDG-LZJ LNM1"), or NULL */
    char grade;               /* 'P' primary text read, 'Q' quoted, 'S' secondary, 'D' derived,
                                 0 when not stated */
    int confirmed;            /* 0: the point is UNCONFIRMED in the law files */
    const char *const *notes; /* n_notes notes, whitespace collapsed */
    size_t n_notes;
    long line;                /* line of the <cite> in the regime file */
    const struct owed_citation *next;
} owed_citation;

/* The notes and citations that ground one rule. */
typedef struct owed_grounds {
    const char *const *notes;
    size_t n_notes;
    const owed_citation *cite; /* first citation; NULL only for an absent optional rule */
    long line;                 /* line of the rule's element, 0 when absent */
} owed_grounds;

/* Text of a citation on one line: "法释〔2015〕18号, art. 26(1), 2015-09-01".  Neither the
 * notes nor the confirmation are included.  Caller frees; NULL when memory runs out. */
char *owed_citation_format(const owed_citation *c);
/* The citations from `first` on (following `next`), each as owed_citation_format gives it,
 * joined by "; " ("" when first is NULL).  Caller frees; NULL when memory runs out. */
char *owed_citations_format(const owed_citation *first);

/* ------------------------------------------------------------------ rules */

typedef struct owed_band {
    owed_band_effect effect;
    owed_reference_date at;       /* OWED_REF_NONE: fixed `limit` */
    mpq_t limit;                  /* fixed limit, annual fraction (at == OWED_REF_NONE) */
    mpq_t multiple;               /* table limit = multiple x table rate (otherwise) */
    const char *table_id;         /* NULL for a fixed limit */
    const owed_rate_table *table; /* NULL for a fixed limit */
    owed_grounds why;
} owed_band;

typedef struct owed_cap_period {
    const char *label;
    int has_formed_from, has_formed_before; /* loans formed in [formed_from, formed_before) */
    owed_date formed_from, formed_before;
    int has_from, has_until;                /* accrual days in [from, until] */
    owed_date from, until;
    /* Tiers by principal (Japan's 利息制限法 art. 1): the period covers loans whose tier
     * principal (owed_tier_rule) is in [principal_from, principal_below), each optional. */
    int has_principal_from, has_principal_below;
    mpq_t principal_from, principal_below;
    int overdue;                            /* -1: every day (default); 0: days up to the
                                               loan's due date; 1: days after it (a damages
                                               cap, 利息制限法 art. 4) */
    owed_day_basis basis;                   /* the period's own, or the regime's */
    owed_day_count count;
    owed_grounds why;
    size_t n_bands;                         /* 1 .. OWED_MAX_BANDS */
    owed_band bands[OWED_MAX_BANDS];
    owed_band_effect above;                 /* effect above the last band */
    owed_grounds above_why;
} owed_cap_period;

typedef struct owed_day_rule {
    owed_day_basis basis; /* default for cap periods: 365 */
    owed_day_count count; /* default: first-not-last */
    /* Rounding of each period's lawful amounts as they are posted (the caps and the agreed
     * charges on the lawful principal), as recalculation sheets do (Japan: each interval's
     * interest truncated to the yen): <day-count rounding="down" rounding-unit="1">.  A unit
     * of 0 means the minor unit of the case's currency. */
    int has_rounding;
    owed_round_mode rounding;
    mpq_t rounding_unit;
    /* rounding-per="calendar-year": a period that runs over 1 January is rounded in parts,
     * one for each calendar year (the Japanese practice of truncating each part of a
     * split-year computation); 0 (rounding-per="interval", the default): once a period. */
    int rounding_per_year;
    owed_grounds why;
} owed_day_rule;

typedef struct owed_charge_rule {
    int all;                      /* 1: include="all" */
    int counts[OWED_COMP_COUNT];  /* 1 for each component that is a charge; never principal */
    int withheld;                 /* 1: amounts withheld from the money delivered count */
    owed_grounds why;
} owed_charge_rule;

/* What the lawful view does with amounts withheld at payout (design 5, rule (b)). */
typedef enum owed_withheld_treatment {
    OWED_WITHHELD_NOT_LENT = 0, /* "not-lent" (default): never lent, so neither principal, nor
                                   a payment, nor a charge; interest runs on the money
                                   actually delivered (Civil Code art. 670) */
    OWED_WITHHELD_CHARGE        /* "charge": an agreed charge, recoverable within the cap
                                   (the reading that a fee withheld is disguised interest) */
} owed_withheld_treatment;

const char *owed_withheld_treatment_name(owed_withheld_treatment t); /* "not-lent", "charge" */

typedef struct owed_principal_rule {
    owed_principal_basis basis;
    owed_withheld_treatment withheld; /* meaningful with basis delivered */
    owed_grounds why;
} owed_principal_rule;

typedef struct owed_payment_order_rule {
    owed_pay_step order[3]; /* each step exactly once */
    owed_grounds why;
} owed_payment_order_rule;

typedef struct owed_allocation_rule {
    size_t n;
    owed_alloc_step order[6]; /* no step twice */
    owed_burden_measure burden; /* what most-burdensome compares (default daily-cost) */
    owed_grounds why;
} owed_allocation_rule;

typedef struct owed_refund_rate {
    mpq_t rate; /* annual fraction, from the day after the overpayment arises */
    int has_from, has_until;
    owed_date from, until; /* overpayments arising in [from, until] */
    long line;
} owed_refund_rate;

typedef struct owed_overpayment_rule {
    int refund;                   /* 1: an overpayment is refunded (the only treatment so far) */
    int has_interest;             /* 0: no interest on refunds */
    size_t n_rates;
    const owed_refund_rate *rates;
    /* rate-by="day": each day of a refund earns the rate whose range holds that day (an
     * overpayment that arose before a change of the rate earns the new rate from the
     * change); 0 (rate-by="arising", the default): the rate of the day it arose, for good. */
    int rate_by_day;
    /* apply="later-advances": an overpayment outstanding when money is advanced again (on any
     * loan of the case) is set against the advance, its interest first, then its amount
     * (Japan: 過払金充当合意 under a basic contract); 0 (apply="none"): it stays a refund. */
    int apply_to_advances;
    owed_grounds why;
} owed_overpayment_rule;

/* A limit in money on charges of some kinds, which the rate caps then leave out
 * (<charge-limit kinds=".." amount=".." share="..">): the charges of those kinds together may
 * not exceed `amount` (money, major units), nor `share` of the loan's principal (the money
 * lent), whichever is lower (UK CONC 5A: default fees at most £15; California: a fee of at
 * most 15 % of the check).  `late_fees`: the case's <late-fee> charges (default fees). */
typedef struct owed_charge_limit {
    int present;
    int counts[OWED_COMP_COUNT];
    int late_fees;
    int has_amount, has_share;
    mpq_t amount, share;
    owed_grounds why;
} owed_charge_limit;

/* A cap on the total cost of credit as a share of the principal (<total-cap share=".."
 * across="loan|case">): all the enforceable charges of a loan (rate-capped and limited) may
 * not exceed `share` of its principal (the money lent); across="case": of the case's loans
 * taken together as connected agreements (a loan and its refinancings), `share` of the
 * first loan's principal, the loans taking the room in their order in the case (UK CONC 5A
 * 100 %; Ohio 60 %). */
typedef struct owed_total_cap {
    int present;
    int across_case;
    mpq_t share;
    owed_grounds why;
} owed_total_cap;

/* A limit in money on the charges of some kinds that fall in each month of a loan
 * (<period-limit per="month" kinds=".." amount=".." share="..">): in each month of a loan,
 * counted from its first disbursement (month k: [first + k months, first + k + 1 months),
 * owed_date_add_months), the agreed charges of those kinds together may not exceed `amount`
 * (money, major units), nor `share` of the loan's principal (the money lent so far),
 * whichever is lower; what is above is cut from what the lender may claim, charge by charge
 * in the order they fall (Ohio: a monthly maintenance fee of at most the lesser of 10 % of
 * the original principal and $30).  Kinds: `fees`, the case's <fee>s and the fees of
 * extensions and of charges the lender posts as fees; `periodic_fees`, only the <fee>s
 * charged by the day or by the period (at="day|period"); `late_fees`, the case's
 * <late-fee>s.  It applies before the charge limit and the total cap, which see only what it
 * leaves. */
typedef struct owed_period_limit {
    int present;
    int fees, periodic_fees, late_fees;
    int has_amount, has_share;
    mpq_t amount, share;
    owed_grounds why;
} owed_period_limit;

/* Limits on the loan itself (<loan-limit amount=".." amount-of=".." term-days="..">): a
 * loan whose amount exceeds `amount` or whose term exceeds `term_days` is one the regime
 * does not allow, a finding (California's deferred deposits: a check of at most $300,
 * deposited at most 31 days later).  The amount (amount-of): "principal", the nominal
 * principal; "principal-and-fees" (with_fees), the nominal principal plus the fees the
 * contract charges at disbursement and at maturity (the face amount of a deferred deposit's
 * check: the money received and the fee).  The term: the days from the contract date to the
 * due date as contracted. */
typedef struct owed_loan_limit {
    int present;
    int has_amount, has_term;
    int with_fees;
    mpq_t amount;
    long term_days;
    owed_grounds why;
} owed_loan_limit;

/* What the principal ranges of cap periods (tiers) measure: <tier measure="loan|outstanding"
 * step="any|down-only">.  The tier principal of a loan is measured at each of its advances,
 * after the advance: "loan" (the default): the loan's lawful principal outstanding;
 * "outstanding": that of every loan of the case (利息制限法 art. 5: a further loan to a
 * debtor who owes the same lender is tiered on the sum).  step="down-only": the tier
 * principal never falls, across the loans of the case with "outstanding" (the rate steps
 * only down, 最判平成22年4月20日).  Without <tier>, measure "loan", step "any". */
typedef struct owed_tier_rule {
    int outstanding;
    int down_only;
    owed_grounds why; /* cite NULL when the regime has no <tier> */
} owed_tier_rule;

/* What a regime governs, from the attributes of its <scope>: suits filed in
 * [filed-from, filed-before), loans formed in [formed-from, formed-before), lenders of the
 * kinds listed (lenders="person company licensed"); auto="no" keeps --regime=auto from
 * choosing it (a regulatory rule that a court applies only when asked, for example). */
typedef struct owed_regime_governs {
    int has_filed_from, has_filed_before, has_formed_from, has_formed_before;
    owed_date filed_from, filed_before, formed_from, formed_before;
    unsigned lenders; /* bit (1u << owed_lender_kind) for each kind listed; 0: any lender */
    int automatic;    /* 1 (default): --regime=auto may choose it (unless it is a variant) */
} owed_regime_governs;

/* Whether a regime governs a loan, and if not the first reason it does not. */
typedef enum owed_governs_result {
    OWED_GOVERNS = 0,
    OWED_GOVERNS_FILED_EARLY,  /* the suit was filed before filed-from */
    OWED_GOVERNS_FILED_LATE,   /* on or after filed-before */
    OWED_GOVERNS_FORMED_EARLY, /* the loan was formed before formed-from */
    OWED_GOVERNS_FORMED_LATE,  /* on or after formed-before */
    OWED_GOVERNS_LENDER        /* the lender is of a kind the regime does not cover */
} owed_governs_result;

/* ------------------------------------------------------------------ reading */

/* Reads the regime file `path`, validated against DATADIR/schema/regime.xsd, and loads every
 * rate table its bands refer to from DATADIR/tables/ID.xml (validated against
 * DATADIR/schema/rate-table.xsd).
 * On success returns OWED_OK and *out is a new regime (free with owed_regime_free()).
 * On failure returns the error's code, *out is NULL and `err` holds FILE:LINE: message for
 * the first problem: OWED_E_IO, OWED_E_LIMIT, OWED_E_SYNTAX, OWED_E_SCHEMA, OWED_E_SEMANTIC
 * (dates that do not exist, empty ranges, overlapping cap periods, bands out of order, a
 * band limit given in both or neither form, an unknown table, repeated list items, ...),
 * OWED_E_NOMEM, OWED_E_ARG (path or datadir NULL).  An error inside a table file names that
 * file. */
owed_status owed_regime_read_file(const char *path, const char *datadir, owed_regime **out,
                                  owed_error *err);

/* Loads a regime named by id or by path: anything containing '/' or ending in ".xml" is a
 * path; anything else is an id, read from DATADIR/regimes/ID.xml, and the file must declare
 * that id.  An id that is not of the id form ([a-z0-9][a-z0-9.-]*) is OWED_E_ARG; an id
 * with no file is OWED_E_IO ("no regime 'x' in DATADIR/regimes"). */
owed_status owed_regime_load(const char *id_or_path, const char *datadir, owed_regime **out,
                             owed_error *err);

/* The allocator that made the regime (mem.h). */
const owed_allocator *owed_regime_mem(const owed_regime *r);

/* Releases the regime and its tables with the allocator that made it, whatever the calling
 * thread's memory scope.  NULL is allowed. */
void owed_regime_free(owed_regime *r);

/* The ids of the regimes shipped in DATADIR/regimes (the file names, without ".xml"),
 * sorted by strcmp.  The files are not read.  On success *ids is an array of *n strings;
 * free it with owed_regime_list_free().  OWED_E_IO when the directory cannot be read. */
owed_status owed_regime_list(const char *datadir, char ***ids, size_t *n, owed_error *err);
void owed_regime_list_free(char **ids, size_t n);

/* ------------------------------------------------------------------ accessors */

const char *owed_regime_id(const owed_regime *r);
const char *owed_regime_path(const owed_regime *r);
const char *owed_regime_jurisdiction(const owed_regime *r); /* "CN" */
const char *owed_regime_variant_of(const owed_regime *r);   /* the base regime's id, or NULL */
/* The title in language `lang` ("en", "zh"); falls back to English, which every regime has.
 * owed_regime_has_title() tells whether that language itself is there. */
const char *owed_regime_title(const owed_regime *r, const char *lang);
int owed_regime_has_title(const owed_regime *r, const char *lang);
/* The regime's general notes (n may be 0). */
const char *const *owed_regime_notes(const owed_regime *r, size_t *n);
/* Who and what the regime covers; cite NULL when the file has no <scope>. */
const owed_grounds *owed_regime_scope(const owed_regime *r);

const owed_day_rule *owed_regime_day_rule(const owed_regime *r);
size_t owed_regime_n_periods(const owed_regime *r);
const owed_cap_period *owed_regime_period(const owed_regime *r, size_t i); /* file order */
const owed_charge_rule *owed_regime_charges(const owed_regime *r);
const owed_principal_rule *owed_regime_principal(const owed_regime *r);
const owed_payment_order_rule *owed_regime_payment_order(const owed_regime *r);
const owed_allocation_rule *owed_regime_allocation(const owed_regime *r);
const owed_overpayment_rule *owed_regime_overpayment(const owed_regime *r);
const owed_tier_rule *owed_regime_tier(const owed_regime *r);
const owed_charge_limit *owed_regime_charge_limit(const owed_regime *r); /* present 0: none */
const owed_total_cap *owed_regime_total_cap(const owed_regime *r);       /* present 0: none */
const owed_period_limit *owed_regime_period_limit(const owed_regime *r); /* present 0: none */
const owed_loan_limit *owed_regime_loan_limit(const owed_regime *r);     /* present 0: none */
/* 1 when the regime's charge limit takes component `c` (late: a case <late-fee>) out of the
 * rate caps. */
int owed_regime_limits_component(const owed_regime *r, owed_component c, int late);
/* 1 when statements show the lawful view as a recalculation sheet (sheet="recalculation":
 * one row per transaction, as Japanese 引き直し計算 sheets are laid out). */
int owed_regime_recalculation_sheet(const owed_regime *r);
/* The annual rate the regime's law discloses (apr="uk": CONC App 1.2; apr="regz": Regulation
 * Z Appendix J), as an owed_apr_method (apr.h) that statements add to the cost view, or -1
 * when the regime names none. */
int owed_regime_apr_method(const owed_regime *r);
/* 1 when some cap period has a principal range (a tier). */
int owed_regime_has_tiers(const owed_regime *r);

const owed_regime_governs *owed_regime_governs_rule(const owed_regime *r);

/* Whether `r` governs loan `L` when the suit is filed on `filing` (callers pass the as-of
 * date when the case gives none, and say so).  A lender of unknown kind is not a reason to
 * say no (the user named the regime); owed_regime_choose takes it for a private lender. */
owed_governs_result owed_regime_governs_loan(const owed_regime *r, const owed_loan *L,
                                             owed_date filing);

/* Chooses among the regimes shipped in DATADIR/regimes (not variants, not auto="no", and
 * of a jurisdiction whose country's currency is the case's: CN CNY, JP JPY, GB GBP, US USD)
 * the one that governs every loan of `c` with the suit filed on `filing`.  On success *out is
 * the loaded regime (free with owed_regime_free).  OWED_E_SEMANTIC, with a message naming
 * the candidates, when none or more than one does; the errors of owed_regime_list and
 * owed_regime_load otherwise. */
owed_status owed_regime_choose(const char *datadir, const owed_case *c, owed_date filing,
                               owed_regime **out, owed_error *err);

/* 1 when the charge rule counts component `c` (OWED_COMP_PRINCIPAL never counts). */
int owed_regime_counts_component(const owed_regime *r, owed_component c);

/* The interest rate on a refund of an overpayment arising on `arising`: returns 1 and sets
 * `rate` when the regime gives one, 0 (rate untouched) when it gives none. */
int owed_regime_refund_rate(const owed_regime *r, owed_date arising, mpq_t rate);

/* The interest a refund of `amount` arising on `arose` earns over the days [from, to)
 * (from > arose), added to `out`: simple, each day over the length of its calendar year, at
 * the rate of the day it arose or, with rate-by="day", at the rate of each day (days no
 * range holds earn nothing).  Nothing is added without interest="rate". */
void owed_regime_refund_interest(const owed_regime *r, mpq_t out, const mpq_t amount,
                                 owed_date arose, owed_date from, owed_date to);

/* 1 when some band looks a table rate up on reference date `ref` (for example whether the
 * filing date matters, so that a statement can say which date it used). */
int owed_regime_uses_reference(const owed_regime *r, owed_reference_date ref);

/* The rate tables the regime loaded, one per table id, in order of first use. */
size_t owed_regime_n_tables(const owed_regime *r);
const owed_rate_table *owed_regime_table(const owed_regime *r, size_t i);

/* ------------------------------------------------------------------ resolving caps */

/* The cap that applies to one loan on one day, with every limit resolved to an annual
 * fraction.  Initialise once with owed_cap_view_init(), reuse for many days, release with
 * owed_cap_view_clear().  Pointers in it point into the regime.  Only the first n_bands
 * limits and multiples are to be read (the others may not be initialised). */
typedef struct owed_cap_view {
    size_t n_bands;                                /* 0 when no period applies */
    size_t n_ready;                                /* limit[] and multiple[] initialised so
                                                      far: a replay keeps a view per loan,
                                                      and regimes use two or three bands */
    mpq_t limit[OWED_MAX_BANDS];                   /* resolved limits, strictly ascending */
    owed_band_effect effect[OWED_MAX_BANDS];
    const owed_citation *cite[OWED_MAX_BANDS];     /* first citation of each band */
    int from_table[OWED_MAX_BANDS];                /* 1: limit = multiple[i] x table_rate */
    mpq_t multiple[OWED_MAX_BANDS];                /* the factor, for display (0 when fixed) */
    owed_band_effect above;
    const owed_citation *above_cite;
    owed_day_basis basis;
    owed_day_count count;
    int uses_table;                /* 1 when some band limit comes from a table */
    const char *table_id;          /* NULL unless uses_table */
    const owed_rate_table *table;
    owed_reference_date table_ref; /* which reference date was used */
    owed_date table_date;          /* the date the table was looked up for */
    owed_date table_fixing;        /* the fixing (row date) that was in force then */
    int table_beyond_complete;     /* 1: table_date is after the table's complete-until date:
                                      show a warning beside every figure that uses it */
    int table_unconfirmed;         /* 1: the fixing used is marked UNCONFIRMED */
    mpq_t table_rate;              /* the table rate used (0 unless uses_table) */
    const char *period_label;
    const owed_citation *period_cite;
    const owed_cap_period *period; /* the period that applies, NULL when none */
    /* owed_regime_cap_for's own: the load serial of the regime `period` is of and the date
       table_rate was looked up for (table_date, which a caller may move).  A resolution that
       finds the same period of the same load, to be looked up on the same date, finds the
       view as it is (a serial, not a pointer: a freed regime's address may be reused). */
    unsigned long regime_serial;
    owed_date resolved_when;
} owed_cap_view;

void owed_cap_view_init(owed_cap_view *v);
void owed_cap_view_clear(owed_cap_view *v);

/* Resolves the cap for a loan formed on `formed`, whose suit was filed on `filing` (the
 * as-of date when none was filed), on the accrual day `day`.
 * *applies = 1 and `out` filled when a cap period covers that loan on that day;
 * *applies = 0 and out->n_bands = 0 when none does (the regime then sets no cap that day).
 * Errors (OWED_E_SEMANTIC, with the regime file and the band's line): a table has no rate
 * on the reference date (before its first row), or the resolved limits do not ascend. */
owed_status owed_regime_cap_on(const owed_regime *r, owed_date formed, owed_date filing,
                               owed_date day, owed_cap_view *out, int *applies,
                               owed_error *err);

/* What selects a cap period besides dates: the loan's tier principal (NULL: periods with a
 * principal range do not apply) and whether the day is after the loan's due date. */
typedef struct owed_cap_select {
    mpq_srcptr tier;
    int overdue;
} owed_cap_select;

/* owed_regime_cap_on for a loan whose tier principal and overdue state are known
 * (`sel` NULL: as owed_regime_cap_on, which is this with no tier and a day not overdue). */
owed_status owed_regime_cap_for(const owed_regime *r, owed_date formed, owed_date filing,
                                owed_date day, const owed_cap_select *sel, owed_cap_view *out,
                                int *applies, owed_error *err);

/* owed_regime_cap_for into *view, or, when *view does not hold that resolution already (as
 * the view it filled last, regime_serial), into *spare, exchanging the two pointers: a
 * caller that keeps two views of a loan (both initialised) resolves the same two periods
 * in turn without working either out again.  *view is the resolved view on return. */
owed_status owed_regime_cap_for_kept(const owed_regime *r, owed_date formed, owed_date filing,
                                     owed_date day, const owed_cap_select *sel,
                                     owed_cap_view **view, owed_cap_view **spare, int *applies,
                                     owed_error *err);

/* The days d with from < d < to on which the cap that applies to a loan formed on `formed`
 * may differ from the cap of day d - 1: where a cap period that covers the loan starts or
 * ends, and, for limits looked up on the accrual day, where the table rate (or its
 * confirmed or beyond-complete flag) changes.  Between two breakpoints cap_on gives the same
 * view, so the cap can be accrued piecewise exactly.  Writes at most `max` dates, ascending,
 * into `out` and returns how many there are in all (call again with a larger buffer when
 * the result exceeds `max`).  `filing` is accepted for symmetry with cap_on; the reference
 * dates formation and filing are fixed for a loan, so they add no breakpoint. */
size_t owed_regime_breakpoints(const owed_regime *r, owed_date formed, owed_date filing,
                               owed_date from, owed_date to, owed_date *out, size_t max);

/* The first day after `day` on which cap_on may give a loan formed on `formed` a different
 * view than on `day` (INT32_MAX when none): a breakpoint, or a new fixing of a table looked
 * up on the accrual day even at an unchanged rate.  On the days in between cap_on's view is
 * the same except table_date, which is the accrual day itself when table_ref is
 * OWED_REF_ACCRUAL.  Callers cache a view with this. */
owed_date owed_regime_view_until(const owed_regime *r, owed_date formed, owed_date day);

/* Answers of owed_regime_view_until kept for the next questions (owed_regime_view_until_kept):
 * each the answer `until` to every day in [from, until) of every loan formed in
 * [formed_from, formed_before) (on which the same periods cover a loan), for the regime of
 * load `serial` (0: empty).  Zeroed, it keeps nothing yet. */
#define OWED_VIEW_SPANS 4
typedef struct owed_view_span {
    unsigned long serial;
    owed_date formed_from, formed_before, from, until;
} owed_view_span;
typedef struct owed_view_spans {
    owed_view_span span[OWED_VIEW_SPANS];
    size_t next; /* the one to replace next */
} owed_view_spans;

/* owed_regime_view_until, answered from `kept` when it holds the answer, else worked out and
 * kept there (replacing the oldest). */
owed_date owed_regime_view_until_kept(const owed_regime *r, owed_date formed, owed_date day,
                                      owed_view_spans *kept);

#endif
