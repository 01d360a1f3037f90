/* owed batch: a bulk audit.  A CSV loan book (owed-csv(5)) or a directory of case files in,
 * one CSV row per loan and regime out, borrower by borrower, in input order, on N worker
 * processes.
 *
 * Why processes: the library keeps some state process-wide (the limits read from the
 * environment, the message catalog, libxml2's globals).  Forked workers share none of it
 * at run time, so no lock is needed and no figure can depend on the number of workers.
 * Worker k of N reads the whole input but replays only the borrowers (or case files) of
 * the blocks j of UNITS_PER_FRAME of them with j % N == k, and writes each block's rows to
 * its pipe as a frame; the parent reads the frames round-robin, so the output is in input
 * order, and a full pipe holds a worker back: memory stays bounded by N blocks and N pipe
 * buffers whatever the size of the book.
 *
 * The rows themselves are the library's (owed.h, owed_verdicts_of_group and _of_file):
 * what is left here is the program's business, the processes, their order and the
 * progress line. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <owed.h>

#include "cli.h"
#include "cli_public.h"
#include "i18n.h"

enum { MAX_REGIMES = 16, MAX_WORKERS = 256 };

static void usage(FILE *fp)
{
    fprintf(fp, _("Usage: %s batch [OPTION]... TERMS.csv EVENTS.csv\n"
                  "  or:  %s batch [OPTION]... DIRECTORY\n"),
            owed_program_name, owed_program_name);
    fputs(_("Audit a loan book: replay every borrower's loans (a CSV book, owed-csv(5), sorted\n"
            "by borrower; or every *.xml case file of DIRECTORY, in name order) and write one\n"
            "CSV row per loan and regime, in input order.\n\n"
            "  -r, --regime=ID|FILE  audit under a regime too (repeatable); 'auto': the\n"
            "                        shipped regime that governs each case (the default when\n"
            "                        a case gives a filing date or a lender kind)\n"
            "  -m, --method=M        annual rate column: xirr (default) or eu\n"
            "  -a, --as-of=DATE      the as-of date of every case of a CSV book (default: its\n"
            "                        as_of column)\n"
            "  -j, --jobs=N          N worker processes (default: the number of processors)\n"
            "  -o, --output=FILE     write to FILE (atomically) instead of standard output\n"
            "  -h, --help            display this help and exit\n\n"
            "A row that cannot be read marks its borrower's loans as errors, with the file\n"
            "and line; the rest of the book goes on.  A progress line goes to standard error\n"
            "when it is a terminal.\n\n"
            "Exit status: 0 no finding, 1 a finding (a cap exceeded), 2 a row in error or\n"
            "trouble.\n"),
          fp);
}

/* ------------------------------------------------------------------ settings and input */

typedef struct batch {
    owed_ctx *ctx;
    owed_regime *regimes[MAX_REGIMES]; /* loaded once; the "auto" slot is NULL */
    char *names[MAX_REGIMES];
    size_t n_regimes;
    long auto_at;                      /* the slot of "auto", or -1 */
    owed_verdict_rate method;
    const char *as_of;
    /* the input: a book, or the case files of a directory */
    const char *terms_path, *events_path;
    FILE *terms, *events;
    owed_loanbook *book;
    char **files;
    size_t n_files, next_file;
    const char *dir;
    unsigned long long input_size;     /* bytes of the terms file, 0 when unknown */
} batch;

/* One unit of work: a borrower's rows or one case file. */
typedef struct unit {
    owed_loanbook_group *group;
    char *path;
} unit;

typedef struct tally {
    unsigned long long loans;
    int failed;  /* a row in error */
    int finding; /* a cap exceeded (a finding, as owed check has it) */
} tally;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_directory(batch *b)
{
    DIR *d = opendir(b->dir);
    if (d == NULL) {
        cli_fail(_("%s: cannot open: %s"), b->dir, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0 || e->d_name[0] == '.')
            continue;
        if (b->n_files == cap) {
            cap = cap ? cap * 2 : 64;
            char **f = realloc(b->files, cap * sizeof *f);
            if (f == NULL)
                break;
            b->files = f;
        }
        size_t len = strlen(b->dir) + n + 2;
        if ((b->files[b->n_files] = malloc(len)) == NULL)
            break;
        snprintf(b->files[b->n_files++], len, "%s/%s", b->dir, e->d_name);
    }
    closedir(d);
    if (e != NULL) {
        cli_fail(_("out of memory"));
        return -1;
    }
    if (b->n_files)
        qsort(b->files, b->n_files, sizeof *b->files, by_name);
    return 0;
}

/* Opens the input (again, in a worker: each reads it from the start).  0, or -1 after
 * reporting. */
static int open_input(batch *b)
{
    if (b->dir != NULL) {
        b->next_file = 0;
        return 0;
    }
    b->terms = fopen(b->terms_path, "rb");
    if (b->terms == NULL) {
        cli_fail(_("%s: cannot open: %s"), b->terms_path, strerror(errno));
        return -1;
    }
    b->events = fopen(b->events_path, "rb");
    if (b->events == NULL) {
        cli_fail(_("%s: cannot open: %s"), b->events_path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(fileno(b->terms), &sb) == 0 && S_ISREG(sb.st_mode))
        b->input_size = (unsigned long long)sb.st_size;
    if (owed_loanbook_open(b->ctx, b->terms, b->terms_path, b->events, b->events_path,
                           b->as_of, &b->book) != OWED_OK) {
        cli_report_ctx(b->ctx);
        return -1;
    }
    return 0;
}

static void close_input(batch *b)
{
    owed_loanbook_free(b->book);
    b->book = NULL;
    if (b->terms)
        fclose(b->terms);
    if (b->events)
        fclose(b->events);
    b->terms = b->events = NULL;
}

/* The next unit: 1, 0 at the end, -1 when the input cannot be read further (the error in
 * b->ctx). */
static int next_unit(batch *b, unit *u)
{
    memset(u, 0, sizeof *u);
    if (b->dir != NULL) {
        if (b->next_file == b->n_files)
            return 0;
        u->path = b->files[b->next_file++];
        return 1;
    }
    if (owed_loanbook_next(b->ctx, b->book, &u->group) != OWED_OK)
        return -1;
    return u->group != NULL;
}

/* How far into the input, in thousandths. */
static unsigned progress_permille(const batch *b)
{
    if (b->dir != NULL)
        return b->n_files ? (unsigned)(b->next_file * 1000 / b->n_files) : 1000;
    if (b->input_size == 0 || b->book == NULL)
        return 0;
    unsigned long long off = owed_loanbook_offset(b->book);
    return off >= b->input_size ? 1000 : (unsigned)(off * 1000 / b->input_size);
}

/* ------------------------------------------------------------------ rows */

/* The rows of one unit to `out` (the library's verdicts, owed.h), tallied in t; the unit's
 * group is freed.  0, or -1 when memory runs out (reported). */
static int unit_rows(FILE *out, const batch *b, unit *u, tally *t)
{
    const owed_regime *regs[MAX_REGIMES];
    for (size_t k = 0; k < b->n_regimes; k++)
        regs[k] = b->regimes[k]; /* the "auto" slot is NULL: chosen for each case */
    owed_verdicts *v = NULL;
    owed_status st;
    if (u->group != NULL) {
        st = owed_verdicts_of_group(b->ctx, u->group, regs, b->n_regimes, b->method,
                                    OWED_VERDICTS_AUTO_DEFAULT, &v);
        owed_loanbook_group_free(u->group);
        u->group = NULL;
    } else
        st = owed_verdicts_of_file(b->ctx, u->path, regs, b->n_regimes, b->method,
                                   OWED_VERDICTS_AUTO_DEFAULT, &v);
    if (st != OWED_OK) {
        cli_report_ctx(b->ctx);
        return -1;
    }
    /* a write error stays on `out` (ferror): the output's commit, or the worker's fclose,
       reports it with the output's name, as for the header row */
    owed_verdicts_write(b->ctx, v, out);
    t->loans += owed_verdicts_loan_count(v);
    if (owed_verdicts_error(v, NULL, NULL) != NULL)
        t->failed = 1;
    if (owed_verdicts_finding_count(v) > 0)
        t->finding = 1;
    owed_verdicts_free(v);
    return 0;
}

/* ------------------------------------------------------------------ progress */

typedef struct progress {
    int on;
    struct timespec start, last;
} progress;

static long long ms_since(const struct timespec *a, const struct timespec *b)
{
    return (long long)(b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

static void progress_show(progress *p, unsigned long long loans, unsigned permille, int final)
{
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && ms_since(&p->last, &now) < 250)
        return;
    p->last = now;
    long long ms = ms_since(&p->start, &now);
    unsigned long long rate = ms > 0 ? loans * 1000 / (unsigned long long)ms : 0;
    fputc('\r', stderr);
    fprintf(stderr, _("%s batch: %llu loans, %llu loans/s"), owed_program_name, loans, rate);
    if (!final && permille > 0 && permille < 1000) {
        long long left = ms * (1000 - permille) / permille / 1000;
        fprintf(stderr, _(", %lld:%02lld left"), left / 60, left % 60);
    }
    fputs(final ? "\n" : "    ", stderr);
}

/* ------------------------------------------------------------------ workers */

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A frame: "KIND LOANS FLAGS PERMILLE LEN\n" then LEN bytes.  R: a unit's rows; F: the
 * message that stopped the input; E: the end. */
static int send_frame(int fd, char kind, const tally *t, unsigned permille, const char *body,
                      size_t len)
{
    char head[96];
    int n = snprintf(head, sizeof head, "%c %llu %d %u %zu\n", kind, t ? t->loans : 0ULL,
                     t ? (t->failed | t->finding << 1) : 0, permille, len);
    return write_all(fd, head, (size_t)n) || write_all(fd, body, len) ? -1 : 0;
}

/* The context's last error as "FILE:LINE: message". */
static void error_text(char *buf, size_t n, const owed_ctx *ctx)
{
    const char *file = owed_ctx_error_file(ctx), *text = owed_ctx_error_text(ctx);
    long line = owed_ctx_error_line(ctx);
    if (file[0] && line > 0)
        snprintf(buf, n, "%s:%ld: %s", file, line, text);
    else if (file[0])
        snprintf(buf, n, "%s: %s", file, text);
    else
        snprintf(buf, n, "%s", text);
}

/* The units a worker takes in turn and sends in one frame: block j (units j x
 * UNITS_PER_FRAME to j x UNITS_PER_FRAME + UNITS_PER_FRAME - 1) is worker j % N's.  A frame a
 * borrower cost a memory stream, two writes and a read of its head each: a few percent of
 * the work with two workers. */
enum { UNITS_PER_FRAME = 32 };

/* The rows gathered (*mem, not NULL) to fd as a frame, tallied in *t; then none gathered.
 * 0, or -1 when the frame cannot be made or sent. */
static int send_rows(int fd, const batch *b, FILE **mem, char **body, size_t *len, tally *t)
{
    int rc = fclose(*mem) != 0 ? -1 : send_frame(fd, 'R', t, progress_permille(b), *body, *len);
    *mem = NULL;
    free(*body);
    *body = NULL;
    *len = 0;
    t->loans = 0;
    t->failed = t->finding = 0;
    return rc;
}

static void worker(batch *b, size_t k, size_t n_workers, int fd)
{
    signal(SIGPIPE, SIG_DFL);
    if (open_input(b) != 0) {
        send_frame(fd, 'F', NULL, 0, "", 0);
        _exit(2);
    }
    FILE *mem = NULL; /* the rows of this worker's block, since its first unit read */
    char *body = NULL;
    size_t len = 0;
    tally t = {0, 0, 0};
    for (size_t g = 0;; g++) {
        unit u;
        int got = next_unit(b, &u);
        if (got < 0) {
            /* the rows before it, then the message: where the parent stops */
            char msg[1024];
            error_text(msg, sizeof msg, b->ctx);
            if (mem != NULL && send_rows(fd, b, &mem, &body, &len, &t) != 0)
                _exit(2);
            send_frame(fd, 'F', NULL, 0, msg, strlen(msg));
            _exit(2);
        }
        if (got == 0)
            break;
        if ((g / UNITS_PER_FRAME) % n_workers != k) {
            owed_loanbook_group_free(u.group);
            continue;
        }
        if (mem == NULL && (mem = open_memstream(&body, &len)) == NULL)
            _exit(2);
        if (unit_rows(mem, b, &u, &t) != 0) { /* reported */
            if (send_rows(fd, b, &mem, &body, &len, &t) == 0)
                send_frame(fd, 'F', NULL, 0, "", 0);
            _exit(2);
        }
        if ((g + 1) % UNITS_PER_FRAME == 0 && send_rows(fd, b, &mem, &body, &len, &t) != 0)
            _exit(2);
    }
    if (mem != NULL && send_rows(fd, b, &mem, &body, &len, &t) != 0)
        _exit(2);
    send_frame(fd, 'E', NULL, 1000, "", 0);
    _exit(0);
}

typedef struct pool {
    pid_t pid[MAX_WORKERS];
    FILE *from[MAX_WORKERS];
    size_t n;
} pool;

static void pool_stop(pool *p, int kill_them)
{
    for (size_t k = 0; k < p->n; k++) {
        if (p->from[k])
            fclose(p->from[k]);
        if (kill_them && p->pid[k] > 0)
            kill(p->pid[k], SIGTERM);
    }
    for (size_t k = 0; k < p->n; k++)
        if (p->pid[k] > 0)
            waitpid(p->pid[k], NULL, 0);
    p->n = 0;
}

static int pool_start(pool *p, batch *b, size_t n_workers)
{
    p->n = 0;
    fflush(NULL); /* nothing buffered may be written twice */
    for (size_t k = 0; k < n_workers; k++) {
        int fds[2];
        if (pipe(fds) != 0) {
            cli_fail(_("cannot start a worker: %s"), strerror(errno));
            pool_stop(p, 1);
            return -1;
        }
        pid_t pid = fork();
        if (pid < 0) {
            cli_fail(_("cannot start a worker: %s"), strerror(errno));
            close(fds[0]);
            close(fds[1]);
            pool_stop(p, 1);
            return -1;
        }
        if (pid == 0) {
            close(fds[0]);
            for (size_t j = 0; j < p->n; j++)
                close(fileno(p->from[j]));
            worker(b, k, n_workers, fds[1]);
        }
        close(fds[1]);
        p->pid[k] = pid;
        p->from[k] = fdopen(fds[0], "rb");
        p->n = k + 1;
        if (p->from[k] == NULL) {
            close(fds[0]);
            cli_fail(_("out of memory"));
            pool_stop(p, 1);
            return -1;
        }
    }
    return 0;
}

/* Copies the workers' frames to `out` in input order (frame j is worker j % N's, its block
 * of units).  Returns the tally. */
static int run_pool(batch *b, size_t n_workers, FILE *out, tally *total, progress *pr)
{
    pool p;
    if (open_input(b) != 0) /* the headers, once, before the workers read them again */
        return -1;
    close_input(b);
    if (pool_start(&p, b, n_workers) != 0)
        return -1;
    int rc = 0;
    char *buf = NULL;
    size_t cap = 0;
    for (size_t g = 0;; g++) {
        FILE *in = p.from[g % p.n];
        char kind;
        unsigned long long loans;
        int flags;
        unsigned permille;
        size_t len;
        if (fscanf(in, "%c %llu %d %u %zu", &kind, &loans, &flags, &permille, &len) != 5 ||
            fgetc(in) != '\n') {
            cli_fail(_("a worker ended before the end of the input"));
            rc = -1;
            break;
        }
        if (len + 1 > cap) {
            char *nb = realloc(buf, len + 1);
            if (nb == NULL) {
                cli_fail(_("out of memory"));
                rc = -1;
                break;
            }
            buf = nb;
            cap = len + 1;
        }
        if (fread(buf, 1, len, in) != len) {
            cli_fail(_("a worker ended before the end of the input"));
            rc = -1;
            break;
        }
        buf[len] = '\0';
        if (kind == 'E')
            break;
        if (kind == 'F') {
            if (len)
                fprintf(stderr, "%s: %s\n", owed_program_name, buf);
            rc = -1;
            break;
        }
        fwrite(buf, 1, len, out);
        total->loans += loans;
        total->failed |= flags & 1;
        total->finding |= (flags >> 1) & 1;
        progress_show(pr, total->loans, permille, 0);
    }
    free(buf);
    pool_stop(&p, rc != 0);
    return rc;
}

static int run_here(batch *b, FILE *out, tally *total, progress *pr)
{
    if (open_input(b) != 0)
        return -1;
    int rc = 0;
    for (;;) {
        unit u;
        int got = next_unit(b, &u);
        if (got < 0) {
            cli_report_ctx(b->ctx);
            rc = -1;
            break;
        }
        if (got == 0)
            break;
        if (unit_rows(out, b, &u, total) != 0) {
            rc = -1;
            break;
        }
        progress_show(pr, total->loans, progress_permille(b), 0);
    }
    close_input(b);
    return rc;
}

/* ------------------------------------------------------------------ the command */

static void batch_free(batch *b)
{
    for (size_t k = 0; k < b->n_regimes; k++)
        owed_regime_free(b->regimes[k]);
    for (size_t k = 0; k < b->n_files; k++)
        free(b->files[k]);
    free(b->files);
    close_input(b);
    owed_ctx_free(b->ctx);
}

int owed_cmd_batch(int argc, char **argv)
{
    static const struct option longopts[] = {{"regime", required_argument, NULL, 'r'},
                                             {"method", required_argument, NULL, 'm'},
                                             {"as-of", required_argument, NULL, 'a'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    batch b;
    memset(&b, 0, sizeof b);
    b.auto_at = -1;
    b.method = OWED_VERDICT_RATE_XIRR;
    const char *output = NULL;
    long jobs = 0;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "r:m:a:j:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r':
            if (b.n_regimes == MAX_REGIMES) {
                cli_fail(_("at most %d regimes at once"), MAX_REGIMES);
                return OWED_EXIT_TROUBLE;
            }
            b.names[b.n_regimes++] = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "xirr") == 0)
                b.method = OWED_VERDICT_RATE_XIRR;
            else if (strcmp(optarg, "eu") == 0)
                b.method = OWED_VERDICT_RATE_EU;
            else {
                cli_fail(_("unknown method '%s' (xirr or eu)"), optarg);
                return cli_try_help("batch");
            }
            break;
        case 'a': b.as_of = optarg; break;
        case 'j': {
            char *end;
            errno = 0;
            jobs = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || jobs < 1 || jobs > MAX_WORKERS) {
                cli_fail(_("--jobs: '%s' is not a number from 1 to %d"), optarg, MAX_WORKERS);
                return cli_try_help("batch");
            }
            break;
        }
        case 'o': output = optarg; break;
        case 'h': usage(stdout); return OWED_EXIT_OK;
        default: return cli_try_help("batch");
        }
    }
    int n_args = argc - optind;
    if (n_args < 1 || n_args > 2) {
        cli_fail(n_args < 1 ? _("missing book (TERMS.csv EVENTS.csv, or a directory)")
                            : _("too many arguments"));
        return cli_try_help("batch");
    }
    struct stat sb;
    if (n_args == 1) {
        if (stat(argv[optind], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            cli_fail(_("%s: not a directory (a CSV book is TERMS.csv EVENTS.csv)"),
                     argv[optind]);
            return cli_try_help("batch");
        }
        if (b.as_of != NULL) {
            cli_fail(_("--as-of is for a CSV book; case files give their own"));
            return cli_try_help("batch");
        }
        b.dir = argv[optind];
    } else {
        b.terms_path = argv[optind];
        b.events_path = argv[optind + 1];
    }
    int status = OWED_EXIT_TROUBLE;
    if ((b.ctx = cli_ctx_new()) == NULL)
        goto done;
    for (size_t k = 0; k < b.n_regimes; k++) {
        if (strcmp(b.names[k], "auto") == 0) {
            if (b.auto_at >= 0) {
                cli_fail(_("--regime=auto given twice"));
                goto done;
            }
            b.auto_at = (long)k;
        } else if (owed_regime_open(b.ctx, b.names[k], &b.regimes[k]) != OWED_OK) {
            cli_report_ctx(b.ctx);
            goto done;
        }
    }
    if (b.dir != NULL && list_directory(&b) != 0)
        goto done;
    if (jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : n;
    }
    /* the book's files, or the directory's cases, are inputs the output must not replace
       (input_ids.h): they are read after the output is opened, so they are noted first */
    if (b.dir == NULL) {
        cli_note_input(b.terms_path);
        cli_note_input(b.events_path);
    } else {
        for (size_t k = 0; k < b.n_files; k++)
            cli_note_input(b.files[k]);
    }
    cli_output out;
    if (cli_output_open(&out, output) != 0)
        goto done;
    progress pr = {.on = isatty(STDERR_FILENO)};
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    pr.last = pr.start;
    owed_verdicts_write_header(b.ctx, out.fp);
    tally total = {0, 0, 0};
    int rc = jobs == 1 ? run_here(&b, out.fp, &total, &pr)
                       : run_pool(&b, (size_t)jobs, out.fp, &total, &pr);
    progress_show(&pr, total.loans, 1000, 1);
    if (rc != 0) {
        cli_output_abort(&out);
        goto done;
    }
    if (cli_output_commit(&out) != 0)
        goto done;
    status = total.failed ? OWED_EXIT_TROUBLE : total.finding ? OWED_EXIT_FINDING : OWED_EXIT_OK;
done:
    batch_free(&b);
    return status;
}
