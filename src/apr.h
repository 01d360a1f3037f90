/* Annual rates of dated cash flows, proven in exact arithmetic.
 *
 * A flow is a date and a signed amount: positive is money the borrower receives, negative is
 * money the borrower pays (the opposite convention gives the same rates).  Every method below
 * defines the rate R as the root of an equation in the flows; this module finds the roots and
 * proves them.  No binary floating point is used anywhere: amounts and dates are exact, the
 * equation is evaluated in interval arithmetic on integers (GMP) with outward rounding, and a
 * rate is reported as a closed bracket [lo, hi] of rationals that provably contains the root,
 * narrowed until the requested digits are settled.  When the root is rational and found
 * exactly (a single-period loan, a root on a rounding boundary), lo == hi is the root.
 *
 * Methods and their equations (A_k the signed flows, d_k their dates, d_0 the earliest):
 *
 *  xirr    sum_k A_k / (1 + R)^((d_k - d_0) / 365) = 0.
 *          Excel and LibreOffice XIRR (Microsoft support "XIRR function"; ECMA-376 Part 4;
 *          OpenOffice wiki "Calc: XIRR function").  Default: 6 decimals of the percent.
 *
 *  eu      Directive 2008/48/EC Annex I: sum_k A_k (1 + R)^(-t_k) = 0 with t_k in years from
 *          the first flow, measured per remark (c) and the Commission guidance SWD(2012)128
 *          4.1.1: whole periods (years, months = 1/12, or weeks = 1/52) counted back from
 *          each flow, then the remaining days divided by 365 -- or by 366 when the complete
 *          year counted back from the end of those days holds a 29 February (OWED_APR_LEAP_
 *          YEAR_BACK, the default; OWED_APR_LEAP_365 always divides by 365).  Result rounded
 *          half-up, remark (d), to at least one decimal (default 1).
 *  uk      The same equation and time measure, as CONC App 1.2 (formerly SI 2010/1011 Sch.)
 *          copies it; whether App 1.2 carries the backward count for unsecured credit is
 *          unconfirmed (law addendum 2.3), so it is the same named option.  Default 1 decimal.
 *
 *  regz    12 CFR 1026 Appendix J actuarial method, equation (b)(8):
 *            sum_k A_k / ((1 + f_k i)(1 + i)^(q_k)) = 0,   APR R = w i,
 *          q_k whole unit-periods and f_k the fraction before them, counted by (b)(5) from
 *          the start of the term (the earliest flow); fractions at simple interest (b)(6);
 *          the unit-period by (b)(4) (the most frequent common period, ties to the smaller;
 *          else the average period rounded to a standard interval; a single-advance
 *          single-payment loan: its term, at most a year); w unit-periods a year.  Whole-month
 *          single-payment terms give w = 12 / months, or 365 / days with OWED_APR_SINGLE_DAYS
 *          ((b)(5)(vi)/(vii)).  Default 2 decimals; owed_apr_tolerance() applies §1026.22(a).
 *
 *  simple  total cost / principal x 365 / days for a single-payment loan: the net amount
 *          received on the first date is the principal, the net amount paid on the second
 *          date less the principal is the cost.  Exact.  Default 2 decimals.
 *
 *  pboc    PBoC announcement 2021 No. 3 (annualised rate of a loan): the periodic IRR r of
 *          sum_k A_k / (1 + r)^k = 0, flows k whole periods after the first, is annualised
 *          either as simple, R = n r (OWED_APR_PBOC, "单利"), or compound, R = (1 + r)^n - 1
 *          (OWED_APR_PBOC_COMPOUND, the IRR method), n periods a year.  Default 2 decimals.
 *
 * Roots: flows whose signs change once (money in, then money out) give an equation that is
 * strictly monotone in R (argument in apr_solve.c), so exactly one rate solves it and
 * owed_apr_compare() decides "R above a cap" by the sign of the equation at the cap.  Flows
 * whose signs change more often may have no rate or several; then every root in the range
 * (default -99.99 % .. 1,000,000 %) is isolated and proven, and the outcome says so.
 *
 * Ownership: owed_apr_flows and owed_apr_result are opaque and owned by the caller, who frees
 * them with owed_apr_flows_free() and owed_apr_result_free().  A result keeps its own copy of
 * what it shows (dates, net amounts, times): the flows may be freed first.  Strings returned
 * as `char *` are the caller's to free(); `const char *` strings are static, or belong to the
 * result they came from where so stated.  mpq_t arguments are the caller's: functions read
 * inputs and write outputs, they keep no reference.  Every function that can fail fills `err`
 * (may be NULL) and returns a status; none prints or exits.  Memory exhaustion inside GMP is
 * fatal (GMP aborts).
 *
 * Descriptions on request: computing a rate writes no text.  The description of the time
 * measure and those of the terms are written into the result the first time they are asked
 * for (owed_apr_result_time_measure, owed_apr_result_term with `text`), so these two calls
 * modify the result although they take it `const`: a result read from several threads needs
 * a lock around them.  Everything else reads results only. */
#ifndef OWED_APR_H
#define OWED_APR_H

#include <gmp.h>
#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "error.h"
#include "number.h"

/* Most flows one list may hold; a longer list is refused with OWED_E_LIMIT. */
#define OWED_APR_MAX_FLOWS 1000000
/* Most decimals (or significant digits) a rate can be settled to. */
#define OWED_APR_MAX_DIGITS 40

typedef enum owed_apr_method {
    OWED_APR_XIRR = 0,
    OWED_APR_EU,
    OWED_APR_UK,
    OWED_APR_REGZ,
    OWED_APR_SIMPLE,
    OWED_APR_PBOC,         /* periodic IRR x periods a year ("simple" form) */
    OWED_APR_PBOC_COMPOUND /* (1 + periodic IRR)^(periods a year) - 1 */
} owed_apr_method;

/* The period that measures time: eu/uk (year, month, week), regz (unit-period), pboc.
 * With a count (period_count > 1): N weeks, N months.  AUTO: the method's own rule. */
typedef enum owed_apr_period {
    OWED_APR_PERIOD_AUTO = 0,
    OWED_APR_PERIOD_DAY,
    OWED_APR_PERIOD_WEEK,
    OWED_APR_PERIOD_SEMIMONTH,
    OWED_APR_PERIOD_MONTH,
    OWED_APR_PERIOD_YEAR,
    OWED_APR_PERIOD_TERM /* pboc: the whole term is one period (single-payment loans) */
} owed_apr_period;

/* eu/uk: the divisor of the remaining days. */
typedef enum owed_apr_leap {
    OWED_APR_LEAP_YEAR_BACK = 0, /* 365, or 366 if the year counted back holds 29 February */
    OWED_APR_LEAP_365            /* always 365 */
} owed_apr_leap;

/* regz, single advance and single payment over a whole number of months under a year. */
typedef enum owed_apr_single {
    OWED_APR_SINGLE_MONTHS = 0, /* (b)(5)(vi): 12 / months unit-periods a year */
    OWED_APR_SINGLE_DAYS        /* (b)(5)(vi)/(vii): 365 / days */
} owed_apr_single;

typedef struct owed_apr_options {
    owed_apr_method method;
    int decimals;             /* decimals of the percent figure; < 0: the method's default */
    unsigned significant;     /* > 0: settle this many significant digits instead */
    owed_apr_period period;   /* see owed_apr_period; AUTO by default */
    unsigned period_count;    /* N for N weeks / N months; 0 or 1: one */
    owed_apr_leap leap;       /* eu/uk */
    owed_apr_single single;   /* regz */
    owed_day_basis basis;     /* simple, pboc day periods: 365 (default) or 360 */
    mpq_srcptr range_lo;      /* search range for several roots, as fractions (-0.9999 is */
    mpq_srcptr range_hi;      /* -99.99 %); NULL: -99.99 % and 1,000,000 % */
    int digits_only;          /* nonzero: only the printed figures are wanted; they are
                               * proven and equal, but owed_apr_result_root gives a wider
                               * bracket (the rounding interval of the figure) */
} owed_apr_options;

typedef enum owed_apr_outcome {
    OWED_APR_ONE_ROOT = 0,   /* one rate solves the equation (and no other in the range) */
    OWED_APR_NO_ROOT,        /* no rate solves it (in the range, when signs change often) */
    OWED_APR_SEVERAL_ROOTS,  /* several rates solve it: all of them in the range are listed */
    OWED_APR_UNRESOLVED      /* a part of the range could not be decided (a double root?) */
} owed_apr_outcome;

typedef struct owed_apr_flows owed_apr_flows;
typedef struct owed_apr_result owed_apr_result;

/* ---- flows ---- */

owed_apr_flows *owed_apr_flows_new(void); /* NULL when memory runs out */
void owed_apr_flows_free(owed_apr_flows *flows);
/* Drops every flow, keeping the room made for them: the flows are as new. */
void owed_apr_flows_empty(owed_apr_flows *flows);
/* Appends a flow; the amount is copied. */
owed_status owed_apr_flows_add(owed_apr_flows *flows, owed_date date, const mpq_t amount,
                               owed_error *err);
/* owed_apr_flows_add with the limit of flows (OWED_LIMIT_FLOWS) already read by the caller,
 * who adds many flows in one scope of limits: owed_limit_get per flow cost a fifth of the
 * adding. */
owed_status owed_apr_flows_add_within(owed_apr_flows *flows, owed_date date, const mpq_t amount,
                                      long max_flows, owed_error *err);
size_t owed_apr_flows_count(const owed_apr_flows *flows);
/* Flow i in the order added. */
void owed_apr_flows_get(const owed_apr_flows *flows, size_t i, owed_date *date, mpq_t amount);
/* Parses and appends "YYYY-MM-DD:AMOUNT" (the command-line form) or, with sep ',',
 * "YYYY-MM-DD,AMOUNT" (spaces around the fields allowed).  file/line locate errors. */
owed_status owed_apr_flows_parse(owed_apr_flows *flows, const char *text, char sep,
                                 const char *file, long line, owed_error *err);
/* Reads "date,amount" lines: blank lines, lines starting with '#' and a first line
 * "date,amount" are skipped; CR LF accepted.  `name` names the stream in errors. */
owed_status owed_apr_flows_read(owed_apr_flows *flows, FILE *fp, const char *name,
                                owed_error *err);

/* ---- computing ---- */

/* Defaults for `method`: AUTO period, year-back leap rule, months for single payments,
 * 365-day basis, the method's default decimals, the default range. */
void owed_apr_options_init(owed_apr_options *opt, owed_apr_method method);
unsigned owed_apr_default_decimals(owed_apr_method method);

/* Solves the method's equation for the flows.  OWED_OK with a result for every outcome
 * (check owed_apr_result_outcome); an error for flows the method cannot take (fewer than
 * two dates, a simple loan with more than two dates, a pboc flow off the period grid, ...).
 * *out is the caller's, freed with owed_apr_result_free. */
owed_status owed_apr_compute(owed_apr_result **out, const owed_apr_flows *flows,
                             const owed_apr_options *opt, owed_error *err);

/* Decides exactly where the rate stands against `cap` (a fraction: 0.36 is 36 %):
 * *cmp = -1 below, 0 equal, +1 above.  For flows whose signs change once this is the sign of
 * the equation at the cap (the equation is monotone in the rate); otherwise the roots are
 * found first, and the comparison needs exactly one: OWED_E_NOROOT when there is none or
 * several, with the reason in err. */
owed_status owed_apr_compare(int *cmp, const owed_apr_flows *flows, const owed_apr_options *opt,
                             const mpq_t cap, owed_error *err);

/* Whether a disclosed rate is within the legal tolerance of the computed one:
 *   regz: §1026.22(a)(2) 1/8 of a point, or (a)(3) 1/4 point when the transaction is
 *         irregular (several advances, irregular payment periods or amounts other than the
 *         first or last); irregular < 0 decides from the flows, 0 / 1 forces it;
 *   uk:   SI 2010/1014 Sch. 4 para 2: at most 1 point above or 0.1 point below.
 * *within is 1 or 0; below/above (may be NULL) receive the tolerance used (fractions);
 * *rule (may be NULL) a static citation.  Other methods: OWED_E_ARG. */
owed_status owed_apr_tolerance(int *within, mpq_t below, mpq_t above, const char **rule,
                               const owed_apr_flows *flows, const owed_apr_options *opt,
                               const mpq_t disclosed, int irregular, owed_error *err);

/* ---- results ---- */

void owed_apr_result_free(owed_apr_result *res);
owed_apr_outcome owed_apr_result_outcome(const owed_apr_result *res);
owed_apr_method owed_apr_result_method(const owed_apr_result *res);
size_t owed_apr_result_root_count(const owed_apr_result *res);
/* Root i as a fraction of one (0.0969 is 9.69 %): lo <= R <= hi, proven; returns 1 when the
 * root is exact (lo == hi), else 0 and lo < R < hi. */
int owed_apr_result_root(const owed_apr_result *res, size_t i, mpq_t lo, mpq_t hi);
/* Root i in percent, rounded half-up to the result's decimals ("9.69").  Caller frees. */
char *owed_apr_result_percent(const owed_apr_result *res, size_t i);
/* owed_apr_result_percent's text of root i written at buf (size bytes), with no string of
 * its own.  Returns its length, the NUL not counted; 0, with nothing written, when the root's
 * figure is not on machine words or the text does not fit (owed_apr_result_percent gives
 * it then). */
size_t owed_apr_result_percent_to(const owed_apr_result *res, size_t i, char *buf, size_t size);
/* The decimals used (after `significant` was applied to root 0). */
unsigned owed_apr_result_decimals(const owed_apr_result *res);
/* The rounding of the printed figure: half-up (ties away from zero). */
owed_round_mode owed_apr_result_rounding(const owed_apr_result *res);
/* How time was measured, e.g. "period: 1 month, 12 a year" or "years: days from the first flow
 * / 365", in the current locale.  Written into res on the first call (see "Descriptions on
 * request"); valid until res is freed. */
const char *owed_apr_result_time_measure(const owed_apr_result *res);
/* The range searched when signs change more than once (fractions). */
void owed_apr_result_range(const owed_apr_result *res, mpq_t lo, mpq_t hi);
/* Number of sign changes of the flows in time order (1 means one rate exactly). */
unsigned owed_apr_result_sign_changes(const owed_apr_result *res);
/* The equation's terms after merging flows of one date, in time order: date, net amount,
 * and time from the first flow, in years (xirr, eu, uk, pboc-compound) or unit-periods
 * (regz, pboc), as an exact fraction.  `text` (may be NULL) receives a description such as
 * "1/12 + 3/366" or "t=1 f=19/30", written into res on the first request for term i (see
 * "Descriptions on request") and valid until res is freed; "" if no memory was left for it. */
size_t owed_apr_result_term_count(const owed_apr_result *res);
void owed_apr_result_term(const owed_apr_result *res, size_t i, owed_date *date, mpq_t amount,
                          mpq_t time, const char **text);

/* ---- names and time measures (for explanations and tests) ---- */

const char *owed_apr_method_name(owed_apr_method method);        /* "xirr", "pboc-compound" */
int owed_apr_method_parse(const char *text, owed_apr_method *out); /* 0 on success */
/* One-line statement of the method's equation and source. */
const char *owed_apr_method_rule(owed_apr_method method);
/* Parses "auto", "day", "week", "N-weeks", "semimonth", "month", "N-months", "year", "term". */
int owed_apr_period_parse(const char *text, owed_apr_period *period, unsigned *count);
int owed_apr_leap_parse(const char *text, owed_apr_leap *out);      /* "year-back", "365" */
int owed_apr_single_parse(const char *text, owed_apr_single *out);  /* "months", "days" */

/* The Directive 2008/48 interval from `from` (first drawdown) to `to` (a later flow):
 * `whole` periods of `period` (YEAR, MONTH or WEEK) counted back from `to`, then `days` over
 * `year_days` (365 or 366 by `leap`).  years = whole / per_year + days / year_days. */
typedef struct owed_apr_eu_interval {
    long whole;
    unsigned per_year; /* 1, 12 or 52 */
    long days;
    unsigned year_days; /* 365 or 366 */
} owed_apr_eu_interval;
owed_status owed_apr_eu_interval_of(owed_apr_eu_interval *out, owed_date from, owed_date to,
                                    owed_apr_period period, owed_apr_leap leap,
                                    owed_error *err);

/* For tests only (tests/check_apr): the certification of a root starts as if its bracket had
 * already been widened this many times (1 to 3; 0, the default, which the program and the
 * library never change: as usual), so that a bracket wide enough to hold several rounding
 * boundaries can be tested.  Not thread-safe: set it only with no rate being computed. */
extern int apr_settle_test_widenings;

#endif
