/* The identities (device and inode) of the files a run has read, so that an output can be
 * refused when it is one of them: `owed statement -r my.xml -o my.xml`, `owed apr -o
 * flows.csv flows.csv` or `-o case.xml /dev/stdin < case.xml` would replace the facts
 * they were computed from.
 *
 * Opt-in and process-wide: nothing is recorded until owed_input_ids_enable() is called
 * (the command-line program does, first thing), so that a program using the library from
 * several threads shares no state.  Not thread-safe once enabled.  At most
 * OWED_INPUT_IDS_MAX files are remembered; later ones are not (a run reads a case, a few
 * regimes and their tables). */
#ifndef OWED_INPUT_IDS_H
#define OWED_INPUT_IDS_H

#define OWED_INPUT_IDS_MAX 256

/* Starts recording. */
void owed_input_ids_enable(void);

/* Records the file open on `fd`, named `name` (copied, cut to 255 bytes), when recording
 * is enabled and fstat succeeds.  A pipe or terminal is recorded too (its identity is
 * that of the pipe: harmless). */
void owed_input_ids_note(int fd, const char *name);

/* The name under which the file (dev, ino) was read, or NULL when it was not. */
const char *owed_input_ids_find(unsigned long long dev, unsigned long long ino);

#endif
