#include <config.h>

#include "testutil.h"

#include "regime.h"

#include <stdio.h>
#include <unistd.h>

#include "case_read.h"

const char *test_datadir(void)
{
    const char *d = getenv("OWED_DATADIR");
    return d ? d : "data";
}

const char *test_schema(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/schema/case.xsd", test_datadir());
    return path;
}

owed_case *test_case(const char *attrs, const char *body)
{
    char path[] = "/tmp/owed-test-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:owed:case:1\" %s>\n%s\n</case>\n",
            attrs, body);
    fclose(fp);
    owed_case *c = NULL;
    owed_error err;
    owed_error_clear(&err);
    owed_status st = owed_case_read_file(path, test_schema(), &c, &err);
    unlink(path);
    ck_assert_msg(st == OWED_OK, "case did not load: %ld: %s", err.line, err.text);
    return c;
}

owed_date test_day(const char *text)
{
    owed_date d;
    ck_assert_int_eq(owed_date_parse(&d, text, "", 0, NULL), OWED_OK);
    return d;
}

struct owed_regime *test_regime(const char *id_or_path)
{
    owed_regime *r = NULL;
    owed_error err;
    owed_error_clear(&err);
    ck_assert_msg(owed_regime_load(id_or_path, test_datadir(), &r, &err) == OWED_OK, "%s: %s",
                  id_or_path, err.text);
    return r;
}

unsigned long test_cases(unsigned long n)
{
    const char *v = getenv("OWED_CASES");
    if (v == NULL || *v == '\0')
        return n;
    char *end;
    unsigned long m = strtoul(v, &end, 10);
    return *end == '\0' && m > 0 && m < n ? m : n;
}
