/* Docker json-file logging: one JSON object per line, size rotation. */
#ifndef JD_LOGFILE_H
#define JD_LOGFILE_H

#include <stddef.h>
#include <time.h>

#include "../common/error.h"

#define JD_LOG_LINE_MAX (16 * 1024) /* Docker splits longer lines into partial messages */

struct jd_log
{
  int enabled;
  int fd;
  char *path;
  long long max_size; /* 0: never rotate */
  int max_file;
  long long size;
  char *partial[2]; /* pending bytes of an unterminated line per stream (stdout, stderr) */
  size_t partial_len[2];
};

/* JSON-escapes IN into OUT (room for 6 * LEN + 1 bytes), returns the escaped length. */
size_t jd_json_escape (const char *in, size_t len, char *out);
/* One json-file line for DATA (stream 1 = stdout, 2 = stderr), heap-allocated, with its trailing newline. */
char *jd_log_format (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len);

int jd_log_open (struct jd_log *log, const char *driver, const char *path, long long max_size, int max_file,
                 struct jd_error **err);
/* Appends output read from STREAM: complete lines are written, the rest is kept until a newline or 16 KiB. */
int jd_log_write (struct jd_log *log, int stream, const char *data, size_t len, const struct timespec *ts,
                  struct jd_error **err);
/* Writes pending partial lines (at EOF of the streams). */
int jd_log_flush (struct jd_log *log, const struct timespec *ts, struct jd_error **err);
void jd_log_close (struct jd_log *log);

#endif
