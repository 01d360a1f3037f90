/* The files a run has read: see input_ids.h. */
#include <config.h>

#include "input_ids.h"

#include <string.h>
#include <sys/stat.h>

static struct {
    int enabled;
    size_t n;
    struct {
        unsigned long long dev, ino;
        char name[256];
    } file[OWED_INPUT_IDS_MAX];
} ids;

void owed_input_ids_enable(void)
{
    ids.enabled = 1;
}

void owed_input_ids_note(int fd, const char *name)
{
    struct stat sb;
    if (!ids.enabled || ids.n >= OWED_INPUT_IDS_MAX || fd < 0 || fstat(fd, &sb) != 0)
        return;
    if (owed_input_ids_find((unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino))
        return;
    ids.file[ids.n].dev = (unsigned long long)sb.st_dev;
    ids.file[ids.n].ino = (unsigned long long)sb.st_ino;
    size_t len = name ? strlen(name) : 0;
    if (len >= sizeof ids.file[ids.n].name)
        len = sizeof ids.file[ids.n].name - 1;
    if (len)
        memcpy(ids.file[ids.n].name, name, len);
    ids.file[ids.n].name[len] = '\0';
    ids.n++;
}

const char *owed_input_ids_find(unsigned long long dev, unsigned long long ino)
{
    for (size_t i = 0; i < ids.n; i++)
        if (ids.file[i].dev == dev && ids.file[i].ino == ino)
            return ids.file[i].name;
    return NULL;
}
