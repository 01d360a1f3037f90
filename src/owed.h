/* owed.h: the public interface of libowed, which recomputes what a borrower owes on loans
 * (the contract view and the lawful view under a legal regime) and writes statements.
 *
 * Build:  cc prog.c $(pkg-config --cflags --libs owed)
 *
 * Conventions (stated once, valid for every function below):
 *
 *  - Handles are opaque.  owed_ctx, owed_case, owed_regime and owed_report are reached only
 *    through the functions of this header.
 *  - Ownership.  A function that gives a new handle or string through a pointer or a
 *    return value gives it to the caller, who frees it with the free function named for
 *    it: owed_ctx_free, owed_case_free, owed_regime_free, owed_report_free, and owed_free
 *    for strings (char *).  A `const char *` returned by an accessor is borrowed: it stays
 *    valid as long as the handle it came from and must not be freed.  Every free
 *    function accepts NULL.
 *  - Borrowing.  A report borrows the case and the regimes it was built from: free the
 *    report before them.  Cases and regimes do not borrow the context they were read
 *    with; a context may be freed while they live.
 *  - Errors.  Functions that can fail return an owed_status: OWED_OK (0) on success, else
 *    the error's code.  On failure, an output handle is set to NULL, nothing is left
 *    allocated, and the context given holds the error: owed_ctx_error_code,
 *    owed_ctx_error_text, owed_ctx_error_file and owed_ctx_error_line describe it until
 *    the next failing call with that context.  A success leaves the last error as it was.
 *    The library never prints and never exits.  A NULL handle where one is required is
 *    OWED_E_ARG (with no context to hold the text when the context itself is NULL).
 *  - Money and figures are exact (rationals).  They come out as text: exact ("451880/73",
 *    or a decimal when the value has a finite one: "-1234.5"), or rounded half-up to the
 *    minor unit of the case's currency ("6190.14").
 *  - Threads.  Distinct handles may be used in distinct threads; one handle is not to be
 *    used by two threads at once.  Each context writes in its own language
 *    (owed_ctx_set_language), so that two threads may write in two languages at once.
 *  - Limits.  What one input may ask (file size, digits, days, loans, events, work) is
 *    limited: see owed_ctx_set_limit.  A context starts with the process's limits, the
 *    defaults or the environment variables OWED_MAX_INPUT_BYTES, OWED_MAX_DIGITS,
 *    OWED_MAX_DAYS, OWED_MAX_LOANS, OWED_MAX_EVENTS, OWED_MAX_LOAN_DAYS,
 *    OWED_MAX_EXACT_DIGITS, OWED_MAX_DISBURSEMENTS, OWED_MAX_ATTRIBUTES and
 *    OWED_MAX_XML_NODES (and, for annual rates, OWED_MAX_FLOWS and OWED_MAX_ROOT_WORK),
 *    read once on first use (see owed(1) ENVIRONMENT); a limit set on the context holds
 *    for every call given that context.  Errors that a limit causes are OWED_E_LIMIT and
 *    name the limit by its variable.
 *  - Allocator.  The library's own memory comes from the allocator of the context a call
 *    is given (owed_ctx_set_allocator; the C library's malloc, realloc and free by
 *    default).  A handle (case, regime, report, flows, annual-rate options or result)
 *    keeps the allocator of the context that made it: what it holds is allocated with
 *    that allocator, also when a later call about it is given another context (whose
 *    limits then apply), and it is freed with it, whatever context or thread frees it;
 *    a string (or array) the library gives is made with the allocator of the context or
 *    handle it came from and owed_free frees it with that allocator, needing no
 *    context.  GMP and libxml2, which hold the figures and parse the XML, keep their own
 *    allocators: those are process-wide (mp_set_memory_functions, xmlMemSetup), the
 *    library never changes them, and a program that wants them elsewhere sets them
 *    itself before its first call of any owed_, GMP or libxml2 function.
 *
 * Only symbols that begin with owed_ (and macros with OWED_) belong to the interface.
 * The format of case files is in owed-case(5), of regime files in owed-regime(5), of
 * statements in owed-statement(5). */
#ifndef OWED_H
#define OWED_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The outcome of a call. */
typedef enum owed_status {
    OWED_OK = 0,
    OWED_E_NOMEM,    /* an allocation failed */
    OWED_E_IO,       /* a file could not be read or written */
    OWED_E_SYNTAX,   /* text that is not what its field allows (amount, date, rate, XML) */
    OWED_E_SCHEMA,   /* a document that does not follow its schema */
    OWED_E_SEMANTIC, /* well-formed facts that cannot all be true (payment before any loan) */
    OWED_E_LIMIT,    /* an input beyond a documented limit (size, digits, days, ...) */
    OWED_E_ARG,      /* a caller passed an option or value the function does not accept */
    OWED_E_NOROOT    /* an equation has no solution where one was asked for */
} owed_status;

typedef struct owed_ctx owed_ctx;       /* data directory, language, limits, allocator,
                                           last error */
typedef struct owed_case owed_case;     /* the facts of a case: loans, payments, claims */
typedef struct owed_regime owed_regime; /* a legal regime: caps, payment order, refunds */
typedef struct owed_report owed_report; /* a case recomputed as of a date under regimes */

/* The library's version, "0.1.0".  Never fails. */
const char *owed_version(void);

/* Frees a string the library returned, with the allocator that made it (the allocator of
 * the context or handle it came from: see owed_ctx_set_allocator), whatever context or
 * thread it is called from.  NULL is allowed. */
void owed_free(void *p);

/* ------------------------------------------------------------------ context */

/* A new context: data directory $OWED_DATADIR when set and not empty, else the installed
 * one; language "en"; the C library's allocator.  Returns NULL when memory runs out; free
 * with owed_ctx_free. */
owed_ctx *owed_ctx_new(void);
void owed_ctx_free(owed_ctx *ctx);

/* The directory of schemas, regimes and rate tables (the installed share/owed).  The
 * directory is copied; it is not checked until something is read from it.
 * OWED_OK; OWED_E_ARG when ctx or dir is NULL or dir is empty; OWED_E_NOMEM. */
owed_status owed_ctx_set_datadir(owed_ctx *ctx, const char *dir);
const char *owed_ctx_datadir(const owed_ctx *ctx); /* borrowed; NULL when ctx is NULL */

/* The context's language: "en" (the default), "zh" or "ja".  The words the library writes
 * for calls given the context are in it: statements, the regimes' words (the glossary),
 * descriptions, and the errors the context holds; so are the findings and warnings of a
 * report and the texts of an annual rate, in the language of the context that made them.
 * The translations are those of the compiled message catalogues of owed (LL/LC_MESSAGES/
 * owed.mo under $OWED_LOCALEDIR, else the installed locale directory, else the build
 * tree's), read by the library itself: the process's locale, LANGUAGE and gettext
 * settings play no part (a language whose catalogue is missing writes English).
 * OWED_OK; OWED_E_ARG when ctx is NULL or lang is none of them. */
owed_status owed_ctx_set_language(owed_ctx *ctx, const char *lang);
const char *owed_ctx_language(const owed_ctx *ctx); /* borrowed; NULL when ctx is NULL */

/* How text and HTML statements write numbers: the decimal point, the thousands separator
 * and the grouping, as localeconv() gives them (the C locale's: ".", "" and "", no
 * grouping, the default).  Copied.  OWED_OK; OWED_E_ARG when ctx is NULL or decimal_point
 * NULL or empty; OWED_E_NOMEM.  NULL thousands_sep or grouping: none. */
owed_status owed_ctx_set_number_format(owed_ctx *ctx, const char *decimal_point,
                                       const char *thousands_sep, const char *grouping);

/* Who prepares the statements written with ctx (a name, an office): text and HTML
 * statements end with a block naming them, with room for a date and a signature.  Copied;
 * NULL: no such block (the default).  OWED_OK; OWED_E_ARG when ctx is NULL; OWED_E_NOMEM. */
owed_status owed_ctx_set_preparer(owed_ctx *ctx, const char *who);

/* The limits on what one input may ask, each named by its environment variable (owed(1)
 * ENVIRONMENT gives each one's default and meaning). */
typedef enum owed_limit {
    OWED_LIMIT_INPUT_BYTES = 0, /* OWED_MAX_INPUT_BYTES: bytes of one XML file */
    OWED_LIMIT_DIGITS,          /* OWED_MAX_DIGITS: digits of one number of an input */
    OWED_LIMIT_DAYS,            /* OWED_MAX_DAYS: days one replay may walk */
    OWED_LIMIT_LOANS,           /* OWED_MAX_LOANS: loans of one case */
    OWED_LIMIT_EVENTS,          /* OWED_MAX_EVENTS: payments, charges... of one case */
    OWED_LIMIT_LOAN_DAYS,       /* OWED_MAX_LOAN_DAYS: loan-days of one report */
    OWED_LIMIT_ROOT_WORK,       /* OWED_MAX_ROOT_WORK: root isolation of an annual rate */
    OWED_LIMIT_FLOWS,           /* OWED_MAX_FLOWS: flows of one annual rate */
    OWED_LIMIT_EXACT_DIGITS,    /* OWED_MAX_EXACT_DIGITS: digits of an exact balance */
    OWED_LIMIT_DISBURSEMENTS,   /* OWED_MAX_DISBURSEMENTS: disbursements of one loan */
    OWED_LIMIT_ATTRIBUTES,      /* OWED_MAX_ATTRIBUTES: attributes of one XML element */
    OWED_LIMIT_XML_NODES,       /* OWED_MAX_XML_NODES: nodes of one XML file */
    OWED_LIMIT_COUNT
} owed_limit;

/* Sets limit `which` for every call given ctx: `value` from 1 to the limit's ceiling
 * (owed(1) ENVIRONMENT), or 0 to go back to the process's (the environment's or the
 * default).  OWED_OK; OWED_E_ARG when ctx is NULL, `which` is not a limit or `value` is
 * out of range (the limit is then unchanged). */
owed_status owed_ctx_set_limit(owed_ctx *ctx, owed_limit which, long value);

/* The value of limit `which` in force for ctx: the context's when set, else the
 * process's.  For OWED_LIMIT_INPUT_BYTES, 0 when neither sets it (each kind of file then
 * has its own default: 16 MiB for a case, 1 MiB for a regime, 4 MiB for a rate table).
 * -1 when ctx is NULL or `which` is not a limit. */
long owed_ctx_limit(const owed_ctx *ctx, owed_limit which);

/* The last error recorded in ctx: its code (OWED_OK when none), its message (translated,
 * without file or line; "" when none), the input it concerns ("" when none) and the
 * 1-based line in it (0 when none).  The strings are borrowed and change with the next
 * failing call. */
owed_status owed_ctx_error_code(const owed_ctx *ctx);
const char *owed_ctx_error_text(const owed_ctx *ctx);
const char *owed_ctx_error_file(const owed_ctx *ctx);
long owed_ctx_error_line(const owed_ctx *ctx);

/* When the last error is a case file that does not follow its schema (OWED_E_SCHEMA from
 * owed_case_open_file), every schema error of the file, in document order, so that it can
 * be fixed in one go: owed_ctx_error_count gives how many are kept (at most 20; 1 for any
 * other error, 0 when none), owed_ctx_error_at the i-th (i = 0 is the last error itself)
 * with its file and line (borrowed; NULL when i is out of range), and
 * owed_ctx_error_more how many more the file has. */
size_t owed_ctx_error_count(const owed_ctx *ctx);
const char *owed_ctx_error_at(const owed_ctx *ctx, size_t i, const char **file, long *line);
size_t owed_ctx_error_more(const owed_ctx *ctx);

/* Checks that `text` is a date of the form YYYY-MM-DD that the calendar has, as the
 * functions taking an `as_of` require; an error names it `name` (an option, "--as-of").
 * OWED_OK; OWED_E_SYNTAX (ctx holds the error); OWED_E_ARG when ctx or text is NULL. */
owed_status owed_date_check(owed_ctx *ctx, const char *name, const char *text);

/* ------------------------------------------------------------------ cases */

/* Read a case file (owed-case(5)), validated against DATADIR/schema/case.xsd, from a path,
 * from `len` bytes at `buf` (which need not end with a NUL; `name` names it in errors and
 * statements, "(memory)" when NULL), or from an open stream read to its end (not closed;
 * `name` as for memory, "(stream)" when NULL).
 * OWED_OK: *out is a new case (free with owed_case_free).
 * Else *out is NULL and ctx holds the error: OWED_E_IO (cannot open or read),
 * OWED_E_LIMIT (larger than the limit, or a number, span or count beyond one),
 * OWED_E_SYNTAX (not well-formed XML, a DOCTYPE, a bad amount or date), OWED_E_SCHEMA,
 * OWED_E_SEMANTIC (facts that cannot all be true), OWED_E_NOMEM, OWED_E_ARG (ctx, path,
 * fp or out NULL; buf NULL with len > 0). */
owed_status owed_case_open_file(owed_ctx *ctx, const char *path, owed_case **out);
owed_status owed_case_open_memory(owed_ctx *ctx, const char *name, const void *buf,
                                  size_t len, owed_case **out);
owed_status owed_case_open_stream(owed_ctx *ctx, const char *name, FILE *fp, owed_case **out);
void owed_case_free(owed_case *c);

/* The case's loans, in file order, and the id of loan i (borrowed; NULL when i is out of
 * range or c is NULL). */
size_t owed_case_loan_count(const owed_case *c);
const char *owed_case_loan_id(const owed_case *c, size_t i);

/* The name of the case's input in messages and statements (the path, or the name given
 * to a memory or stream reader); borrowed. */
const char *owed_case_name(const owed_case *c);

/* 1 when the case says when the suit was filed or what kind its lenders are: enough for
 * owed_regime_auto to choose (the owed(1) commands then choose a regime by default);
 * 0 otherwise or when c is NULL. */
int owed_case_names_regime(const owed_case *c);

/* ------------------------------------------------------------------ regimes */

/* Load a regime by id ("cn-private-2015": DATADIR/regimes/ID.xml, which must declare that
 * id) or by path (anything with a '/' or ending in ".xml"), with the rate tables it uses.
 * OWED_OK: *out is a new regime (free with owed_regime_free).
 * Else *out is NULL and ctx holds the error: OWED_E_ARG (an id not of the form
 * [a-z0-9][a-z0-9.-]*, or a NULL argument), OWED_E_IO (no such regime or file),
 * OWED_E_LIMIT, OWED_E_SYNTAX, OWED_E_SCHEMA, OWED_E_SEMANTIC, OWED_E_NOMEM. */
owed_status owed_regime_open(owed_ctx *ctx, const char *id_or_path, owed_regime **out);
void owed_regime_free(owed_regime *r);

/* The regime's id (borrowed; never NULL for a regime). */
const char *owed_regime_id(const owed_regime *r);

/* The regimes shipped in the data directory (DATADIR/regimes/ID.xml), their ids sorted.
 * OWED_OK: *ids is a new array of *n new strings, made with ctx's allocator (free with
 * owed_regime_ids_free, which needs no context).  Else
 * *ids is NULL, *n 0 and ctx holds the error: OWED_E_IO (the directory cannot be read),
 * OWED_E_NOMEM, OWED_E_ARG. */
owed_status owed_regime_ids(owed_ctx *ctx, char ***ids, size_t *n);
void owed_regime_ids_free(char **ids, size_t n);

/* The regime's jurisdiction: a country code ("CN", "GB") or a state of one ("US-CA");
 * borrowed. */
const char *owed_regime_jurisdiction(const owed_regime *r);

/* The regime's title in language `lang` ("en", "zh", "ja") when the file gives one, else in
 * English (borrowed); owed_regime_has_title says whether that language's is there. */
const char *owed_regime_title(const owed_regime *r, const char *lang);
int owed_regime_has_title(const owed_regime *r, const char *lang);

/* The dates the regime governs, in the message language ("suits filed from 2015-09-01
 * until 2020-08-19; loans formed ...", "any date"), as new text (owed_free; NULL when
 * memory runs out). */
char *owed_regime_dates(const owed_regime *r);

/* The name of a country in the message language ("China") from a jurisdiction ("CN",
 * "US-CA": the part before '-'); the code itself when the library does not know it.
 * Borrowed. */
const char *owed_country_name(const char *jurisdiction);

/* Writes the regime for a reader to fp, as `owed regimes show` does: titles, scope, cap
 * periods, tiers and bands, payment order, refunds, limits, and every rule's citation with
 * its grade, source and notes (UNCONFIRMED where the law files leave it so).  OWED_OK;
 * else ctx holds the error: OWED_E_IO (a write failed), OWED_E_NOMEM, OWED_E_ARG. */
owed_status owed_regime_write(owed_ctx *ctx, const owed_regime *r, FILE *fp);

/* Chooses among the shipped regimes (DATADIR/regimes: not the variants, not those marked
 * auto="no", and only those of the country whose currency is the case's) the one that
 * governs every loan of case `c` with the suit filed on the case's filing date, else on
 * `as_of` ("YYYY-MM-DD"; NULL: the case's as-of date), as --regime=auto does.
 * OWED_OK: *out is the regime (free with owed_regime_free).  Else *out is NULL and ctx
 * holds the error: OWED_E_SEMANTIC when no regime or more than one governs (the message
 * names the candidates), OWED_E_SYNTAX (as_of), and the errors of owed_regime_open. */
owed_status owed_regime_auto(owed_ctx *ctx, const owed_case *c, const char *as_of,
                             owed_regime **out);

/* ------------------------------------------------------------------ reports */

/* Recompute case `c` as of `as_of` ("YYYY-MM-DD"; NULL: the case's own as-of date), with
 * the lawful view under each of the `n_regimes` regimes (n_regimes may be 0; regimes may
 * then be NULL).  The report borrows c and the regimes: they must outlive it.
 * OWED_OK: *out is a new report (free with owed_report_free).
 * Else *out is NULL and ctx holds the error: OWED_E_SYNTAX (as_of is not a date),
 * OWED_E_LIMIT (the replays would walk more days than the limits allow),
 * OWED_E_SEMANTIC (a regime has no cap for a day it needs, ...), OWED_E_NOMEM,
 * OWED_E_ARG (ctx, c or out NULL; regimes NULL with n_regimes > 0). */
owed_status owed_report_new(owed_ctx *ctx, const owed_case *c, const char *as_of,
                            const owed_regime *const *regimes, size_t n_regimes,
                            owed_report **out);
void owed_report_free(owed_report *r);

/* The number of loans and of regimes of the report; 0 when r is NULL. */
size_t owed_report_loan_count(const owed_report *r);
size_t owed_report_regime_count(const owed_report *r);
/* The id of loan i (borrowed; NULL when out of range). */
const char *owed_report_loan_id(const owed_report *r, size_t loan);

/* Records that regime `regime` (an index below owed_report_regime_count) was chosen by
 * owed_regime_auto, so that the statement says why.  OWED_OK; OWED_E_ARG when r is NULL
 * or the index out of range. */
owed_status owed_report_mark_chosen(owed_report *r, size_t regime);

/* What the report warns of (a regime named for a loan it does not govern: the loan's
 * dates, lender or currency), in the message language: how many, and the i-th as new text
 * (free with owed_free; NULL when out of range or memory runs out). */
size_t owed_report_warning_count(const owed_report *r);
char *owed_report_warning(const owed_report *r, size_t i);

/* The findings: a loan's charges above a regime's cap, or a claim above what is owed by
 * law (or per contract when no regime is asked for).  How many (what `owed check` exits 1
 * for), and the i-th as one line in the message language, "FILE:LINE: ..." naming the
 * case line of the loan or claim, as new text (free with owed_free; NULL when out of
 * range or memory runs out). */
size_t owed_report_finding_count(const owed_report *r);
char *owed_report_finding(const owed_report *r, size_t i);

/* Pass as `loan` for the figure of all loans together. */
#define OWED_ALL_LOANS ((size_t)-1)

/* The figures a report gives, per loan or for all loans. */
typedef enum owed_figure {
    OWED_FIG_CONTRACT_BALANCE = 0, /* what the contract says is owed (negative: a credit);
                                      the regime is ignored */
    OWED_FIG_LAWFUL_BALANCE,       /* balance by law under the regime: principal, unpaid
                                      enforceable charges and costs, less prepaid charges */
    OWED_FIG_LAWFUL_PRINCIPAL,     /* principal outstanding by law */
    OWED_FIG_ENFORCEABLE_CHARGES,  /* charges enforceable by law to the date (the line
                                      below the cap), paid or not */
    OWED_FIG_REFUND,               /* refund due to the borrower (without interest) */
    OWED_FIG_REFUND_INTEREST,      /* interest on the refund to the date */
    OWED_FIG_ABOVE_CAP             /* charged by the contract above the enforceable line */
} owed_figure;

/* How a figure is written. */
typedef enum owed_figure_form {
    OWED_EXACT = 0, /* "451880/73", or a finite decimal "-1234.5" */
    OWED_ROUNDED    /* half-up to the currency's minor unit: "6190.14" */
} owed_figure_form;

/* The figure `what` of loan `loan` (an index below owed_report_loan_count, or
 * OWED_ALL_LOANS) under regime `regime` (an index below owed_report_regime_count; ignored
 * for OWED_FIG_CONTRACT_BALANCE), as new text the caller frees with owed_free.
 * NULL when r is NULL, an index is out of range, `what` or `form` is unknown, or memory
 * runs out. */
char *owed_report_figure(const owed_report *r, owed_figure what, size_t loan, size_t regime,
                         owed_figure_form form);

/* Statement formats (owed-statement(5)). */
typedef enum owed_format {
    OWED_FORMAT_TEXT = 0, /* for a terminal or a printer */
    OWED_FORMAT_HTML,     /* one self-contained page with a chart */
    OWED_FORMAT_XML,      /* every figure exact and rounded, urn:owed:statement:1 */
    OWED_FORMAT_CSV,      /* the replay ledger, RFC 4180 */
    OWED_FORMAT_BRIEF     /* text: one screen in the reader's language (what is claimed,
                             owed per contract and by law, the refund, what to do) */
} owed_format;

/* Flags of owed_report_write, or-ed. */
#define OWED_WRITE_EXACT 1u     /* text, HTML, CSV: the exact value beside rounded ones */
#define OWED_WRITE_NO_LEDGER 2u /* text, HTML, XML: leave out the posting-by-posting ledger */

/* Write the statement of `r` in `format` to `fp` (left open), in the context's language:
 * in a language other than "en", text and HTML statements give the regime files' words
 * (labels, notes) from DATADIR/glossary/LANG.xml when the data has it (read once a
 * context and language).  OWED_OK; else ctx holds the error: OWED_E_IO (a write failed;
 * errno is the write's), OWED_E_NOMEM, OWED_E_ARG (a NULL argument, an unknown format or
 * flag), and the errors of reading the glossary.  On failure part of the statement may
 * have been written. */
owed_status owed_report_write(owed_ctx *ctx, const owed_report *r, owed_format format,
                              unsigned flags, FILE *fp);

/* ------------------------------------------------------------------ checks of one field */

/* Checks that `text` is an amount of the currency `currency` (an ISO 4217 code the library
 * knows: "CNY", "JPY", "GBP", "USD", "EUR", "HKD", "KRW") as a case file writes one
 * (owed-case(5)): a decimal number, not negative, with no more decimals than the
 * currency's minor unit ("600.005" is not a CNY amount, "1.5" not a JPY one) and no more
 * digits than OWED_MAX_DIGITS allows; an error names it `name` (its file; "amount" when
 * NULL), as owed_date_check does.  For a program that takes amounts one at a time (a
 * form) and wants the case reader's word on each before it builds a case.
 * OWED_OK; else ctx holds the error: OWED_E_SYNTAX, OWED_E_LIMIT, OWED_E_NOMEM, OWED_E_ARG
 * (ctx or text NULL, or a currency the library does not know). */
owed_status owed_amount_check(owed_ctx *ctx, const char *name, const char *text,
                              const char *currency);

/* Checks that `text` is a rate as a case file writes one: "24%", "0.05%", "0.24" or
 * "3/365", not negative, with no more digits than OWED_MAX_DIGITS allows; an error names
 * it `name` ("rate" when NULL).  OWED_OK; else ctx holds the error: OWED_E_SYNTAX,
 * OWED_E_LIMIT, OWED_E_NOMEM, OWED_E_ARG (ctx or text NULL). */
owed_status owed_rate_check(owed_ctx *ctx, const char *name, const char *text);
/* ------------------------------------------------------------------ annual rates */

/* The annual rate of dated cash flows, proven in exact arithmetic, as `owed apr` computes
 * it (owed-apr(1) gives each method's equation and its source).  A flow is a date and a
 * signed amount: positive for money the borrower receives, negative for money the borrower
 * pays (the opposite convention gives the same rates).  Dates are text "YYYY-MM-DD";
 * amounts are decimal text ("1000", "-1135.19"); rates given in percent are decimal text
 * with an optional '%' ("36", "36%", "-99.99").  Rates come out in percent, rounded half-up
 * ("9.69") or exact ("1168/51", "12.5").  The handles owed_flows, owed_annual_options and
 * owed_annual borrow nothing: each may be freed in any order, the context too.  A result
 * writes the descriptions of its time measure and terms into itself the first time they
 * are asked for (owed_annual_time_measure, owed_annual_term, owed_annual_write), so even
 * these `const` reads are not to be made by two threads at once on one result. */
typedef struct owed_flows owed_flows;                   /* dated signed amounts */
typedef struct owed_annual_options owed_annual_options; /* a method and its conventions */
typedef struct owed_annual owed_annual;                 /* the rates found, proven */

/* Most decimals (or significant digits) a rate is settled to. */
#define OWED_ANNUAL_MAX_DIGITS 40

/* A new empty list of flows.  OWED_OK: *out is it (free with owed_flows_free); else *out
 * is NULL and ctx holds the error: OWED_E_NOMEM, OWED_E_ARG (ctx or out NULL). */
owed_status owed_flows_new(owed_ctx *ctx, owed_flows **out);
void owed_flows_free(owed_flows *flows);

/* The number of flows added; 0 when flows is NULL. */
size_t owed_flows_count(const owed_flows *flows);

/* Appends a flow of `amount` on `date`, or one written "YYYY-MM-DD:AMOUNT" (the form of
 * `owed apr`'s operands; spaces around the fields allowed).  OWED_OK; else the flows are
 * as they were and ctx holds the error: OWED_E_SYNTAX (not a date, not an amount, not
 * DATE:AMOUNT), OWED_E_LIMIT (more flows than OWED_LIMIT_FLOWS, more digits than
 * OWED_LIMIT_DIGITS), OWED_E_NOMEM, OWED_E_ARG (a NULL argument). */
owed_status owed_flows_add(owed_ctx *ctx, owed_flows *flows, const char *date,
                           const char *amount);
owed_status owed_flows_add_text(owed_ctx *ctx, owed_flows *flows, const char *text);

/* A single-payment loan as `owed apr --borrow ... --days` gives it: `received` (NULL: the
 * amount `borrowed`) received on `start`, `repaid` paid back `days` days later (1 to
 * OWED_FLOWS_LOAN_MAX_DAYS).  `borrowed` (NULL: the amount received) is checked and named
 * in descriptions.  start NULL: the flows are dated from OWED_FLOWS_LOAN_START as a device,
 * and the text written by owed_annual_write counts days (day 0, day N) instead of giving
 * those dates.  Unless the options set "single", regz then counts such a loan's term in
 * days (365 / days unit-periods a year).  OWED_OK; else ctx holds the error and the flows
 * are as they were (but for the first flow when OWED_E_LIMIT refused the second):
 * OWED_E_SYNTAX (start, or an amount, named "amount received", "amount borrowed" or
 * "amount repaid"), OWED_E_ARG (days out of range, the repayment after 9999-12-31, a NULL
 * argument, neither borrowed nor received), OWED_E_LIMIT, OWED_E_NOMEM. */
#define OWED_FLOWS_LOAN_START "2002-01-01" /* the device date of a loan without a start */
#define OWED_FLOWS_LOAN_MAX_DAYS 100000     /* the most days to the repayment */
owed_status owed_flows_add_loan(owed_ctx *ctx, owed_flows *flows, const char *start, long days,
                                const char *borrowed, const char *received, const char *repaid);

/* Appends the flows of "date,amount" lines (blank lines, lines starting with '#' and a
 * first line "date,amount" skipped; CR LF accepted) from a file, from `len` bytes at `buf`
 * (need not end with a NUL; `name` names it in errors, "(memory)" when NULL), or from an
 * open stream read to its end (not closed; `name` as for memory, "(stream)" when NULL).
 * OWED_OK; else ctx holds the error with the file and line, and the flows read before the
 * bad line stay appended: OWED_E_IO (cannot open or read), OWED_E_SYNTAX (a bad date or
 * amount, a NUL byte), OWED_E_LIMIT (beyond OWED_LIMIT_INPUT_BYTES, default 16 MiB, a line
 * over 4096 bytes, more flows than OWED_LIMIT_FLOWS), OWED_E_NOMEM, OWED_E_ARG (ctx,
 * flows, path or fp NULL; buf NULL with len > 0). */
owed_status owed_flows_read_file(owed_ctx *ctx, owed_flows *flows, const char *path);
owed_status owed_flows_read_memory(owed_ctx *ctx, owed_flows *flows, const char *name,
                                   const void *buf, size_t len);
owed_status owed_flows_read_stream(owed_ctx *ctx, owed_flows *flows, const char *name,
                                   FILE *fp);

/* Options of a computation, the defaults of `owed apr`: method xirr, the method's default
 * decimals, period auto, leap year-back, single months, basis 365, range -99.99:1000000, no
 * cap, nothing disclosed, irregular auto.  OWED_OK: *out is new (free with
 * owed_annual_options_free); else *out is NULL and ctx holds the error: OWED_E_NOMEM,
 * OWED_E_ARG (ctx or out NULL). */
owed_status owed_annual_options_new(owed_ctx *ctx, owed_annual_options **out);
void owed_annual_options_free(owed_annual_options *opts);

/* Sets option `name` to `value`, as the `owed apr` option of that name takes it:
 *   "method"       xirr, eu, uk, regz, simple, pboc, pboc-compound
 *   "digits"       decimals of the percent, 0 to OWED_ANNUAL_MAX_DIGITS
 *   "significant"  settle this many significant digits instead, 1 to OWED_ANNUAL_MAX_DIGITS
 *   "period"       auto, day, week, N-weeks, semimonth, month, N-months, quarter, year, term
 *   "leap"         eu, uk: year-back or 365
 *   "single"       regz single-payment terms: months or days
 *   "basis"        simple, pboc: 365 or 360
 *   "range"        "LO:HI" in percent, searched when the flows change sign more than once
 *   "cap"          a rate in percent: owed_annual_compute decides exactly whether the rate
 *                  is above it (owed_annual_cap)
 *   "disclosed"    a disclosed rate in percent, checked against the legal tolerance of regz
 *                  (12 CFR 1026.22) or uk (SI 2010/1014) (owed_annual_tolerance)
 *   "irregular"    the regz tolerance: auto (from the flows), yes or no
 * OWED_OK; else the option is unchanged and ctx holds the error (its text is the message
 * `owed apr` prints): OWED_E_ARG (an unknown name, a value the option does not take; a
 * NULL argument), OWED_E_SYNTAX (a percent that is not a number). */
owed_status owed_annual_options_set(owed_ctx *ctx, owed_annual_options *opts,
                                    const char *name, const char *value);

/* Solves the method's equation for the flows and proves its roots; with "cap" set and one
 * rate found, decides where the rate stands against the cap; with "disclosed" set and one
 * rate, whether the disclosed rate is within the tolerance.  pboc and pboc-compound also
 * compute the other form (owed_annual_other).
 * OWED_OK: *out is the result (free with owed_annual_free), for every outcome: see
 * owed_annual_outcome.  Else *out is NULL and ctx holds the error: OWED_E_ARG (flows the
 * method cannot take: fewer than two dates, a simple loan of more than two dates, a pboc
 * flow off the period grid; a tolerance for a method that has none; a NULL argument),
 * OWED_E_LIMIT (OWED_LIMIT_ROOT_WORK), OWED_E_NOROOT, OWED_E_NOMEM. */
owed_status owed_annual_compute(owed_ctx *ctx, const owed_flows *flows,
                                const owed_annual_options *opts, owed_annual **out);
void owed_annual_free(owed_annual *a);

/* What solving found. */
typedef enum owed_annual_outcome {
    OWED_ANNUAL_ONE_ROOT = 0,  /* one rate solves the equation */
    OWED_ANNUAL_NO_ROOT,       /* none does (in the range, when the signs change often) */
    OWED_ANNUAL_SEVERAL_ROOTS, /* several do: all of those in the range are given */
    OWED_ANNUAL_UNRESOLVED     /* part of the range could not be decided (a double root?);
                                  the rates given are proven, others may exist */
} owed_annual_outcome;

/* The accessors below take a result (NULL: OWED_ANNUAL_UNRESOLVED, 0, NULL or -1). */
owed_annual_outcome owed_annual_outcome_of(const owed_annual *a);
/* The method's name ("xirr", "pboc-compound") and its equation and source in one line,
 * in the message language; borrowed. */
const char *owed_annual_method(const owed_annual *a);
const char *owed_annual_rule(const owed_annual *a);
/* The rates found (0 for no root) and rate i in percent, rounded half-up to
 * owed_annual_decimals ("9.69"), as new text (owed_free; NULL when i is out of range or
 * memory runs out). */
size_t owed_annual_root_count(const owed_annual *a);
char *owed_annual_percent(const owed_annual *a, size_t i);
unsigned owed_annual_decimals(const owed_annual *a);
/* Rate i proven: *lo and *hi receive new text (owed_free), the ends in percent, exact
 * ("584/51").  1 when the rate is exact (lo = hi = the rate), 0 when lo < rate < hi, -1
 * when i is out of range or memory runs out (then *lo and *hi are NULL). */
int owed_annual_bracket(const owed_annual *a, size_t i, char **lo, char **hi);
/* How many times the flows change sign in time order (1: exactly one rate). */
unsigned owed_annual_sign_changes(const owed_annual *a);
/* The range searched, in percent, exact, as new text (owed_free).  0; -1 when memory
 * runs out or a is NULL (then NULL texts). */
int owed_annual_range(const owed_annual *a, char **lo, char **hi);
/* How time was measured, in the message language ("years: days from the first flow /
 * 365"); borrowed, valid until a is freed. */
const char *owed_annual_time_measure(const owed_annual *a);
/* The equation's terms (flows of one date merged), in time order: term i's date into
 * `date` (11 bytes, "YYYY-MM-DD"), its net amount and its time from the first (in years,
 * or unit-periods for regz and pboc) as new exact text (owed_free), and how that time was
 * counted ("1/12 + 3/366"; borrowed, valid until a is freed).  Any output may be NULL.
 * 0; -1 when i is out of range or memory runs out (outputs then NULL or ""). */
size_t owed_annual_term_count(const owed_annual *a);
int owed_annual_term(const owed_annual *a, size_t i, char *date, char **amount, char **time,
                     const char **measure);
/* pboc and pboc-compound: the result of the other form (compound or simple), borrowed;
 * NULL for other methods or when the other form could not be computed. */
const owed_annual *owed_annual_other(const owed_annual *a);
/* With "cap" set and one rate found: 1, and *cmp = -1, 0 or 1 as the rate is below, at or
 * above the cap (decided exactly, not from the rounded figure).  Else 0. */
int owed_annual_cap(const owed_annual *a, int *cmp);
/* With "disclosed" set and one rate found: 1, and *within = 1 when the disclosed rate is
 * within the legal tolerance of the rate, else 0.  Else 0. */
int owed_annual_tolerance(const owed_annual *a, int *within);

/* Writes the result as `owed apr` does: OWED_FORMAT_TEXT (the rate in percent on the first
 * line, the lines after it saying how it was obtained, in the message language) or
 * OWED_FORMAT_XML (urn:owed:apr:1, every figure exact).  When no rate solves the equation
 * the text has no rate line, only the explanation (`owed apr` then writes no text at all,
 * and says why on standard error).  OWED_OK; else ctx holds the error: OWED_E_IO (a write
 * failed; errno is the write's), OWED_E_NOMEM, OWED_E_ARG (a NULL argument, another
 * format). */
owed_status owed_annual_write(owed_ctx *ctx, const owed_annual *a, owed_format format,
                              FILE *fp);
/* ------------------------------------------------------------------ allocator */

/* An allocator: functions as malloc, realloc and free, each given `ud` first, so that each
 * context may have its own pool, arena or count (jansson's json_set_alloc_funcs and
 * libxml2's xmlMemSetup, being process-wide, need no such pointer).  malloc_fn and
 * realloc_fn return NULL when memory runs out (the call then fails with OWED_E_NOMEM,
 * nothing left allocated); they are never asked for 0 bytes, and realloc_fn is never given
 * NULL.  They are called from whichever thread uses a handle made with them or frees one
 * of their strings (at once from several threads when handles made with them are used in
 * several at once), and the functions and `ud` must stay valid until every block they
 * gave is freed: every handle made with them and every string from those. */
typedef struct owed_allocator {
    void *(*malloc_fn)(void *ud, size_t size);
    void *(*realloc_fn)(void *ud, void *p, size_t size);
    void (*free_fn)(void *ud, void *p);
    void *ud;
} owed_allocator;

/* The allocator of ctx: what calls given ctx allocate (their work, and the cases, regimes,
 * reports and strings they make) and what ctx's own settings are kept in.  `a` is copied;
 * NULL: the C library's again.  Set it before the context makes anything: handles made
 * before keep the allocator they were made with (and are freed with it).  The context
 * itself (owed_ctx_new) is always the C library's.
 * OWED_OK; OWED_E_ARG when ctx is NULL or a function of `a` is NULL; OWED_E_NOMEM when
 * the context's settings cannot be moved to the new allocator (it is then unchanged). */
owed_status owed_ctx_set_allocator(owed_ctx *ctx, const owed_allocator *a);
/* ------------------------------------------------------------------ loan books (CSV) */

/* A loan book in CSV (owed-csv(5)): a terms file, one row per loan, and an events file,
 * one row per payment, extension or charge, both sorted by borrower (byte order, as
 * `LC_ALL=C sort` gives it), read together one borrower at a time, so that memory stays
 * flat whatever the size of the book.  A group is one borrower's rows; it becomes a case
 * through the case-file format, so that a book means what the equivalent case files mean.
 *
 * Two kinds of error.  What stops the reading of the book (a CSV syntax error, a header
 * that is not right, rows out of order) is the failure of owed_loanbook_open or
 * owed_loanbook_next.  What is wrong with one borrower's rows (a row of the wrong length,
 * a value a column does not allow, a loan the case reader refuses) stays with that group
 * (owed_loanbook_group_error, and the failure of owed_loanbook_group_case), so that the
 * rest of the book goes on.  Every error names the CSV file and line.
 *
 * Ownership: a book borrows its two streams and their names (it never closes the
 * streams: close them after owed_loanbook_free; it reads them ahead, in blocks, so nothing
 * else may read them while it is open); a group is the caller's, and borrows the
 * book's names: free groups before their book.  The conventions at the top of this header
 * hold for owed_loanbook, owed_loanbook_group and owed_verdicts as for the other handles
 * (owed_loanbook_free, owed_loanbook_group_free and owed_verdicts_free accept NULL). */
typedef struct owed_loanbook owed_loanbook;             /* a CSV loan book being read */
typedef struct owed_loanbook_group owed_loanbook_group; /* one borrower's rows */

/* Opens a book: reads and checks the header rows of `terms` and `events`, named
 * `terms_name` and `events_name` in errors ("(terms)" and "(events)" when NULL).  `as_of`
 * ("YYYY-MM-DD", or NULL) is the as-of date of every case of the book, overriding the
 * terms' as_of column.
 * OWED_OK: *out is a new book (free with owed_loanbook_free).  Else *out is NULL and ctx
 * holds the error: OWED_E_SYNTAX (a header with an unknown, repeated or missing column;
 * bad CSV), OWED_E_IO, OWED_E_LIMIT, OWED_E_NOMEM, OWED_E_ARG (as_of not a date; ctx,
 * terms, events or out NULL). */
owed_status owed_loanbook_open(owed_ctx *ctx, FILE *terms, const char *terms_name,
                               FILE *events, const char *events_name, const char *as_of,
                               owed_loanbook **out);
void owed_loanbook_free(owed_loanbook *b);

/* Reads the next borrower's rows.  OWED_OK: *out is a new group (free with
 * owed_loanbook_group_free), or NULL at the end of both files.  Else *out is NULL, ctx
 * holds the error that stops the book and the book is not to be read further:
 * OWED_E_SYNTAX (bad CSV, rows not sorted by borrower, a row too short to name its
 * borrower), OWED_E_IO, OWED_E_LIMIT, OWED_E_NOMEM, OWED_E_ARG (a NULL argument). */
owed_status owed_loanbook_next(owed_ctx *ctx, owed_loanbook *b, owed_loanbook_group **out);

/* Bytes of the terms file read so far, for a progress report; 0 when b is NULL. */
unsigned long long owed_loanbook_offset(const owed_loanbook *b);

void owed_loanbook_group_free(owed_loanbook_group *g);

/* The borrower, as the rows write it (borrowed). */
const char *owed_loanbook_group_borrower(const owed_loanbook_group *g);

/* The group's loans: one per terms row, in file order (with no terms row, each loan the
 * events name, once); the id (borrowed; NULL when i is out of range) and the line of the
 * row (0 when out of range). */
size_t owed_loanbook_group_loan_count(const owed_loanbook_group *g);
const char *owed_loanbook_group_loan_id(const owed_loanbook_group *g, size_t i);
long owed_loanbook_group_loan_line(const owed_loanbook_group *g, size_t i);

/* The first thing found wrong with the group's rows while reading them: its message
 * (borrowed), with its file and line in *file and *line when those are not NULL; NULL when
 * nothing was.  A group without such an error may still be refused by the case reader
 * (owed_loanbook_group_case). */
const char *owed_loanbook_group_error(const owed_loanbook_group *g, const char **file,
                                      long *line);

/* The group as a case: the case file owed_loanbook_group_case_file writes, read back by
 * the case reader with its own checks (the schema is left out: the book reader has
 * checked every value it writes), the case's name being the terms file's and the lines
 * of its loans and events those of the CSV rows (as owed batch reads a group).
 * OWED_OK: *out is a new case (owed_case_free).  Else *out is NULL and ctx holds the
 * group's first error, at the CSV file and line of the row concerned: OWED_E_SYNTAX,
 * OWED_E_SCHEMA, OWED_E_SEMANTIC, OWED_E_LIMIT, OWED_E_NOMEM, OWED_E_ARG. */
owed_status owed_loanbook_group_case(owed_ctx *ctx, const owed_loanbook_group *g,
                                     owed_case **out);

/* The group as a case file (owed-case(5), UTF-8, one element a line), validated against
 * DATADIR/schema/case.xsd, as `owed import` writes it; `title` (may be NULL) is its
 * <title>.  OWED_OK: *xml is new NUL-terminated text of *len bytes (owed_free).  Else
 * *xml is NULL, *len 0 and ctx holds the error, as for owed_loanbook_group_case. */
owed_status owed_loanbook_group_case_file(owed_ctx *ctx, const owed_loanbook_group *g,
                                          const char *title, char **xml, size_t *len);

/* ------------------------------------------------------------------ verdicts */

/* The verdict rows of a bulk audit, as `owed batch` writes them (owed(1), BATCH): one row
 * per loan and regime (one per loan when no regime is asked for), each with the columns
 * below as text.  Money is rounded half-up to the currency's minor unit ("2700.00"). */
typedef struct owed_verdicts owed_verdicts;

typedef enum owed_verdict_column {
    OWED_VERDICT_BORROWER = 0,     /* the borrower */
    OWED_VERDICT_LOAN,             /* the loan's id ("" on the row of a file unread) */
    OWED_VERDICT_CURRENCY,         /* ISO 4217 code ("" on an error row) */
    OWED_VERDICT_REGIME,           /* the regime's id ("" without a regime, on an error row) */
    OWED_VERDICT_DELIVERED,        /* money delivered to the borrower */
    OWED_VERDICT_PAID,             /* paid by the borrower to the loan, overpayment included */
    OWED_VERDICT_CONTRACT_BALANCE, /* owed per contract (negative: a credit) */
    OWED_VERDICT_LAWFUL_BALANCE,   /* owed by law under the regime ("" without a regime) */
    OWED_VERDICT_OVERCHARGE,       /* charged above the regime's caps */
    OWED_VERDICT_REFUND_DUE,       /* refund due to the borrower (without interest) */
    OWED_VERDICT_ANNUAL_RATE,      /* by the method asked for: "761.628731%", "none" (no rate
                                      fits the flows), "several:A%;B%", or "" (the message
                                      says why) */
    OWED_VERDICT_VERDICT,          /* "within-caps", "above-cap", "contract-only" (no
                                      regime) or "error" */
    OWED_VERDICT_RULE,             /* the first rule broken with its citation,
                                      "LABEL [CITATION]" ("" when none) */
    OWED_VERDICT_MESSAGE,          /* a warning (the regime does not govern the loan), why
                                      there is no rate, or the error "FILE:LINE: text" */
    OWED_VERDICT_COLUMNS           /* the number of columns */
} owed_verdict_column;

/* The annual rate's method (owed(1), APR). */
typedef enum owed_verdict_rate {
    OWED_VERDICT_RATE_XIRR = 0, /* XIRR: actual/365, compound, as Excel defines it */
    OWED_VERDICT_RATE_EU        /* the EU APRC (Directive 2008/48/EC Annex I) */
} owed_verdict_rate;

/* Flags of the owed_verdicts_of_* functions, or-ed. */
#define OWED_VERDICTS_AUTO_DEFAULT 1u /* no regime given and the case names what chooses
                                         one (owed_case_names_regime): audit it under the
                                         regime owed_regime_auto chooses, as owed batch
                                         does */

/* The column's name in the header row ("borrower", ... "message"); NULL when `col` is
 * not a column. */
const char *owed_verdict_column_name(owed_verdict_column col);

/* The verdict rows of a case (owed_verdicts_of_case; `borrower` NULL: the case's, or ""),
 * of a book's group (owed_verdicts_of_group: the group read as owed_loanbook_group_case
 * reads it) or of a case file (owed_verdicts_of_file: read as owed_case_open_file reads
 * it; the borrower is the case's, else the file's base name), as of the case's as-of
 * date, under the `n_regimes` regimes (the report borrows none of them: they may be freed
 * after the call).  A NULL entry of `regimes` stands for the regime owed_regime_auto
 * chooses for the case (the suit filed on the case's filing date, else its as-of date).
 * Only the figures the rows show are computed (the rate of one method, of each loan).
 *
 * A case that cannot be read, a regime that cannot be chosen or a report that cannot be
 * built is not a failure of the call: the verdicts are then error rows (verdict "error",
 * the error in the message column), one per loan known (the group's, the case's) or one
 * with an empty loan, and owed_verdicts_error gives the error.
 * OWED_OK: *out is new (free with owed_verdicts_free).  Else *out is NULL and ctx holds
 * the error: OWED_E_NOMEM, OWED_E_ARG (ctx, the input or out NULL; regimes NULL with
 * n_regimes > 0; `rate` or `flags` unknown). */
owed_status owed_verdicts_of_case(owed_ctx *ctx, const owed_case *c, const char *borrower,
                                  const owed_regime *const *regimes, size_t n_regimes,
                                  owed_verdict_rate rate, unsigned flags, owed_verdicts **out);
owed_status owed_verdicts_of_group(owed_ctx *ctx, const owed_loanbook_group *g,
                                   const owed_regime *const *regimes, size_t n_regimes,
                                   owed_verdict_rate rate, unsigned flags,
                                   owed_verdicts **out);
owed_status owed_verdicts_of_file(owed_ctx *ctx, const char *path,
                                  const owed_regime *const *regimes, size_t n_regimes,
                                  owed_verdict_rate rate, unsigned flags, owed_verdicts **out);
void owed_verdicts_free(owed_verdicts *v);

/* The number of rows, and the text of column `col` of row `row` (borrowed; "" when the
 * column is empty; NULL when an index is out of range or v is NULL). */
size_t owed_verdicts_row_count(const owed_verdicts *v);
const char *owed_verdicts_text(const owed_verdicts *v, size_t row, owed_verdict_column col);

/* The number of loans the rows are about (0 for a case file that could not be read). */
size_t owed_verdicts_loan_count(const owed_verdicts *v);

/* The findings of the report the rows come from (a loan's charges above a regime's cap, a
 * claim above what is owed: what `owed check` exits 1 for); 0 for error rows. */
size_t owed_verdicts_finding_count(const owed_verdicts *v);

/* When the rows are error rows: the error's message (borrowed), with its file and line in
 * *file and *line when those are not NULL ("" and 0 when it has none).  NULL otherwise. */
const char *owed_verdicts_error(const owed_verdicts *v, const char **file, long *line);

/* Writes the header row (the column names), or the rows of v, to fp as CSV (RFC 4180:
 * fields quoted when they hold a comma, a quote or a line break; CRLF line ends), as
 * `owed batch` writes them.  OWED_OK; else ctx holds the error: OWED_E_IO (a write
 * failed), OWED_E_ARG (a NULL argument). */
owed_status owed_verdicts_write_header(owed_ctx *ctx, FILE *fp);
owed_status owed_verdicts_write(owed_ctx *ctx, const owed_verdicts *v, FILE *fp);

/* ------------------------------------------------------------------ for programs */

/* A message (an error's text, a file name) fit for one line of a terminal: the text of s
 * copied into buf (size > 0 bytes, cut to fit), with control characters (C0, DEL, C1)
 * written '?', the other code points that hide or reorder text (bidirectional controls,
 * zero-width characters: owed-case(5)) written "<U+XXXX>", and a UTF-8 sequence cut short
 * at the end dropped, so that a message is always one line and shows what it quotes in the
 * order of its bytes.  Returns buf.  Never fails; allocates nothing. */
const char *owed_text_line(char *buf, size_t size, const char *s);

/* The files a run has read, so that a program can refuse to write its output over one of
 * them (`owed statement -o case.xml case.xml`).  Process-wide and opt-in: nothing is
 * recorded until owed_inputs_record() is called, so that a program using the library from
 * several threads shares no state; once it is called, the library's readers (case files,
 * regimes and their tables, flows, loan books) record the identity (device and inode) of
 * each file they read, and the program's own calls of owed_inputs_note add others; not
 * thread-safe once enabled.  At most 256 files are remembered (a run reads a case, a few
 * regimes and their tables); later ones are not.  None of them fails. */
void owed_inputs_record(void);
/* Records the file open on fd under `name` (copied, cut to 255 bytes), when recording. */
void owed_inputs_note(int fd, const char *name);
/* The name under which the file (dev, ino) was read, or NULL when it was not (borrowed:
 * valid until the process ends). */
const char *owed_inputs_find(unsigned long long dev, unsigned long long ino);

#ifdef __cplusplus
}
#endif

#endif
