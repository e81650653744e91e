/* Small helpers shared by the monitor, the container init and the tests. */
#ifndef JD_UTILS_H
#define JD_UTILS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "error.h"

void jd_cleanup_closep (int *fd);
void jd_cleanup_freep (void *p);
void jd_cleanup_filep (FILE **f);

#define cleanup_close __attribute__ ((cleanup (jd_cleanup_closep)))
#define cleanup_free __attribute__ ((cleanup (jd_cleanup_freep)))
#define cleanup_file __attribute__ ((cleanup (jd_cleanup_filep)))

#define JD_UNUSED __attribute__ ((unused))

/* write(2) until everything is written, retrying EINTR. Returns 0 or -1 with errno set. */
int jd_write_all (int fd, const void *buf, size_t len);
/* read(2) exactly LEN bytes unless EOF comes first; returns the number read or -1. */
ssize_t jd_read_full (int fd, void *buf, size_t len);

int jd_read_file (const char *path, char **out, size_t *len, struct jd_error **err);
/* Writes DATA to PATH.tmp (mode 0600: state files are root's alone), fsyncs, renames it over PATH. */
int jd_write_file_atomic (const char *path, const char *data, size_t len, struct jd_error **err);
/* As jd_write_file_atomic without the fsync, for the exec root's run files (monitor.pid): the rename keeps them whole
 * through a kill -9, and after a power cut no process they name is left (the exec root is tmpfs on most hosts). */
int jd_write_run_file (const char *path, const char *data, size_t len, struct jd_error **err);
/* openat2 of PATH (absolute or relative) inside ROOTFD with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: symlinks,
 * absolute ones too, cannot lead out of the root. Returns the fd or -1 with errno. */
int jd_open_in_root (int rootfd, const char *path, int flags);
/* mkdir -p with MODE for each missing component. */
int jd_mkdir_p (const char *path, mode_t mode, struct jd_error **err);

/* Go's RFC3339Nano in UTC ("2026-11-28T02:03:04.123456789Z", trailing zeros of the fraction dropped). BUF >= 40. */
void jd_format_rfc3339nano (const struct timespec *ts, char *buf, size_t size);

/* Parses a decimal (or 0x hex) unsigned 64-bit number; returns -1 when S is not entirely a number. */
int jd_parse_u64 (const char *s, unsigned long long *out);
int jd_parse_i64 (const char *s, long long *out);

/* Forks CHILD, which writes one report line ("OK <pid> <monitor-pid>" or "ERR <errno> <message>") on the fd it is
   given and then goes on detached, and relays that line to stdout for jdockd. WHAT names the child in the fallback
   error. Always returns 0: the report carries the outcome. */
int jd_fork_and_relay_report (int (*child) (void *arg, int report_fd), void *arg, const char *what);

#endif
