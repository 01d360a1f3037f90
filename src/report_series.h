/* The chart's days and series (report.h), from the replays' samples (sample.h).  Internal
 * to the report. */
#ifndef OWED_REPORT_SERIES_H
#define OWED_REPORT_SERIES_H

#include "report.h"

/* The days the chart samples (report.h, owed_series), sorted and unique, at most
 * OWED_SERIES_MAX_POINTS; *out is a new array of *n days (free()); none when nothing was
 * delivered by `as_of`. */
owed_status owed_report_chart_days(const owed_case *c, owed_date as_of, owed_date **out,
                                   size_t *n, owed_error *err);

/* The series of the report's views on `days` (n of them), reading for day i the replays'
 * sample number sample_of[i] (all loans).  On success *out is new (owed_series_free). */
owed_status owed_report_series(const owed_report *r, const owed_date *days, size_t n,
                               const size_t *sample_of, owed_series **out, owed_error *err);

void owed_series_free(owed_series *s);

#endif
