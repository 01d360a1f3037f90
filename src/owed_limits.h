/* Limits on what one input may ask of the program, so that a hostile or broken file cannot
 * make it use unbounded time or memory.  Each limit has a documented default and can be
 * changed with an environment variable (owed(1) ENVIRONMENT; owed-case(5) and
 * owed-regime(5) LIMITS):
 *
 *   OWED_MAX_INPUT_BYTES  the size of an XML file (case, regime or rate table).  Unset, each
 *                         kind has its own default: 16 MiB for a case file, 1 MiB for a
 *                         regime, 4 MiB for a rate table; set, it applies to every kind.
 *   OWED_MAX_DIGITS       digits in one number of an input (default 40).
 *   OWED_MAX_DAYS         days one replay may walk, from the first disbursement of the case
 *                         to the date replayed (default 36525, 100 years).
 *   OWED_MAX_LOANS        loans in one case (default 200).
 *   OWED_MAX_EVENTS       payments, extensions, charges and claims in one case (default
 *                         1000).
 *   OWED_MAX_LOAN_DAYS    loan-days the replays of one report may walk in all (default
 *                         4000000): see owed_report_work().
 *   OWED_MAX_ROOT_WORK    for an annual rate whose flows change sign more than once, the
 *                         dates times the sign changes (default 2000000): isolating every
 *                         root costs about that many evaluations of a term, times the bits
 *                         of the search.
 *   OWED_MAX_FLOWS        flows given to one annual rate (default 400000, ceiling
 *                         OWED_APR_MAX_FLOWS): about 350 bytes each while the rate is
 *                         computed, so that the default stays within 256 MiB.
 *   OWED_MAX_EXACT_DIGITS the digits of the denominator of a loan's exact balance in a
 *                         replay (default 10000): see contract.c, post().
 *   OWED_MAX_DISBURSEMENTS disbursements of one loan (default 100).
 *   OWED_MAX_ATTRIBUTES   attributes of one element of any XML file read, namespace
 *                         declarations included (default 256): counted before libxml2
 *                         parses the file, whose check of duplicate attributes takes a time
 *                         that grows with the square of their number.
 *   OWED_MAX_XML_NODES    elements, attributes, comments, processing instructions and
 *                         CDATA sections of one XML file (default 400000), counted before
 *                         it is parsed: the memory of the parsed document (about 150 bytes
 *                         a node) stays within 256 MiB.
 *
 * A value must be a whole number from 1 to the limit's ceiling (OWED_LIMIT_*_CEILING), in
 * decimal, without sign or spaces.  The variables are read once, on first use; a value that
 * is not valid is an error (OWED_E_ARG) reported by owed_limits_check(), which the readers
 * and replays call before they start, and the limit keeps its default meanwhile.
 * (The header is not called limits.h: with -I src it would hide the C library's.)
 * Errors that a limit causes name it: "... exceeds the limit of N (OWED_MAX_DAYS)". */
#ifndef OWED_LIMITS_H
#define OWED_LIMITS_H

#include <stddef.h>

#include "date.h"
#include "error.h"
#include "owed.h"

/* enum owed_limit (OWED_LIMIT_INPUT_BYTES ... OWED_LIMIT_COUNT) is public: owed.h. */

#define OWED_LIMIT_DIGITS_DEFAULT 40
#define OWED_LIMIT_DAYS_DEFAULT 36525L
#define OWED_LIMIT_LOANS_DEFAULT 200L
#define OWED_LIMIT_EVENTS_DEFAULT 1000L
#define OWED_LIMIT_LOAN_DAYS_DEFAULT 4000000L
#define OWED_LIMIT_ROOT_WORK_DEFAULT 2000000L
#define OWED_LIMIT_FLOWS_DEFAULT 400000L
#define OWED_LIMIT_EXACT_DIGITS_DEFAULT 10000L
#define OWED_LIMIT_DISBURSEMENTS_DEFAULT 100L
#define OWED_LIMIT_ATTRIBUTES_DEFAULT 256L
#define OWED_LIMIT_XML_NODES_DEFAULT 400000L

/* The largest values the variables accept. */
#define OWED_LIMIT_INPUT_BYTES_CEILING 2147483646L /* the XML parser takes an int size */
#define OWED_LIMIT_DIGITS_CEILING 1000000L
#define OWED_LIMIT_DAYS_CEILING 3652059L           /* 0001-01-01 .. 9999-12-31 */
#define OWED_LIMIT_LOANS_CEILING 100000000L
#define OWED_LIMIT_EVENTS_CEILING 100000000L
#define OWED_LIMIT_LOAN_DAYS_CEILING 2000000000L  /* fits a 32-bit long */
#define OWED_LIMIT_ROOT_WORK_CEILING 2000000000L
#define OWED_LIMIT_FLOWS_CEILING 1000000L /* OWED_APR_MAX_FLOWS */
#define OWED_LIMIT_EXACT_DIGITS_CEILING 100000000L
#define OWED_LIMIT_DISBURSEMENTS_CEILING 100000000L
#define OWED_LIMIT_ATTRIBUTES_CEILING 100000000L
#define OWED_LIMIT_XML_NODES_CEILING 1000000000L

/* The name of the environment variable of a limit ("OWED_MAX_DAYS"). */
const char *owed_limit_name(owed_limit which);

/* The value in force: the calling thread's scope's when it sets one, else the
 * environment's when it is set and valid, else the default.
 * For OWED_LIMIT_INPUT_BYTES, `dflt` is the caller's default for its kind of file (it is
 * ignored for the other limits). */
long owed_limit_get(owed_limit which, long dflt);

/* 1 when the scope or the environment sets the limit (validly). */
int owed_limit_is_set(owed_limit which);

/* OWED_OK, or OWED_E_ARG naming the first variable whose value is not valid. */
owed_status owed_limits_check(owed_error *err);

/* The limits a context sets (owed_ctx_set_limit): 0 where it leaves the process's. */
typedef struct owed_limit_values {
    long value[OWED_LIMIT_COUNT];
} owed_limit_values;

/* A scope of limits for the calling thread: owed_limit_get and owed_limit_is_set see
 * the values `v` sets until owed_limits_scope_leave(previous) restores the scope that was
 * in force (scopes nest).  `v` is borrowed for the scope's duration.  The public entry
 * points given a context open one around their work (owed_api.c). */
const owed_limit_values *owed_limits_scope_enter(const owed_limit_values *v);
void owed_limits_scope_leave(const owed_limit_values *previous);

/* OWED_OK when `value` is 0 or from 1 to the ceiling of `which`; else OWED_E_ARG with a
 * message naming the limit. */
owed_status owed_limit_value_check(owed_limit which, long value, owed_error *err);

/* Reads the environment again (for tests that change it). */
void owed_limits_reload(void);

struct owed_case;

/* OWED_E_LIMIT when a replay of `c` to `until` would walk more than OWED_MAX_DAYS days:
 * from the earliest disbursement of the case to `until`.  The error names the case file and
 * the line of that disbursement. */
owed_status owed_limit_check_span(const struct owed_case *c, owed_date until, owed_error *err);

/* The work of the replays a report of `c` as of `as_of` makes, in loan-days: for the replay
 * to `as_of` and for the replay to each claim's date (on or before `as_of`), the sum over the
 * loans of the days from the loan's first disbursement to that date, both counted, times one
 * more than the loan's fees and late fees; plus, for each replay, the loans times the events
 * up to its date.  Saturates at ULLONG_MAX. */
unsigned long long owed_report_work(const struct owed_case *c, owed_date as_of);

/* OWED_E_LIMIT when owed_report_work() exceeds OWED_MAX_LOAN_DAYS (also checks the span). */
owed_status owed_limit_check_work(const struct owed_case *c, owed_date as_of,
                                  owed_error *err);

#endif
