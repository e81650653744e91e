/* Docker json-file logging (one JSON object per line), the local driver's format (size-framed protobuf
 * LogEntry records), both with size rotation, and the CRI's log lines that the kubelet reads and rotates. */
#ifndef JD_LOGFILE_H
#define JD_LOGFILE_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "../common/error.h"

#define JD_LOG_LINE_MAX (16 * 1024) /* Docker splits longer lines into partial messages */
#define JD_LOG_WRITE_OUT (4LL << 20)
#define JD_LOG_ATTRS_MAX (64 * 1024) /* the longest attrs object a json-file line may carry */

enum
{
  JD_LOG_JSON = 0,
  JD_LOG_LOCAL = 1,
  JD_LOG_CRI = 2,
};

struct jd_log
{
  int enabled;
  int format; /* JD_LOG_JSON lines, JD_LOG_LOCAL framed records or JD_LOG_CRI lines */
  int fd;
  char *path;
  long long max_size; /* 0: never rotate */
  int max_file;
  long long size;
  long long written_out;   /* the live file's writeback has been started up to here (see jd_log_write) */
  int compress;            /* gzip rotated files (Docker's compress=true) */
  int compressing;         /* the compressor thread of the last rotation is running or not yet joined */
  pthread_t compressor;
  struct timespec last_ts; /* time of the last line written to the live file */
  char *partial[2]; /* pending bytes of an unterminated line per stream (stdout, stderr) */
  size_t partial_len[2];
  char *batch;      /* formatted entries of one jd_log_write, written with one write(2) at its end */
  size_t batch_len; /* bytes in BATCH; SIZE does not count them yet */
  struct timespec batch_ts;
  char *attrs; /* json-file: `"attrs":{...},`, written between stream and time in every line; NULL: none */
  size_t attrs_len;
};

/* JSON-escapes IN into OUT (room for 6 * LEN + 1 bytes), returns the escaped length. */
size_t jd_json_escape (const char *in, size_t len, char *out);
/* One json-file line for DATA (stream 1 = stdout, 2 = stderr), heap-allocated, with its trailing newline (and a
 * NUL after it, not counted in OUT_LEN, as for the two below). */
char *jd_log_format (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len);

/* One local-driver record for DATA: [u32 BE size][protobuf LogEntry{source, time_nano, line, partial}][u32 BE
 * size], as moby's local driver writes it; the line without its newline, partial when it had none. */
char *jd_log_format_local (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len);

/* One CRI log line for DATA: "<time> <stdout|stderr> <F|P> <line>\n" (F: DATA ended a line, its "\n" or "\r\n"
 * dropped; P: a part of a longer line, or the last bytes at EOF). */
char *jd_log_format_cri (int stream, const char *data, size_t len, const struct timespec *ts, size_t *out_len);

/* Rotation, as Docker's json-file: log -> log.1 -> ... -> log.<max_file-1>, the oldest dropped. With COMPRESS
 * every rotated file is gzip-compressed: log.1 is compressed to log.1.gz by a background thread right after the
 * rename (through log.1.gz.tmp, then log.1 is removed), older ones move as log.<i>.gz. */
/* DRIVER "json-file", "local" or "cri" writes PATH; anything else writes nothing. */
int jd_log_open (struct jd_log *log, const char *driver, const char *path, long long max_size, int max_file,
                 struct jd_error **err);
/* json-file only: JSON, an object of at most JD_LOG_ATTRS_MAX bytes (Docker's log-opt labels, env, their regex
 * forms and tag), is written as "attrs" into every line (NULL or "": none). */
int jd_log_set_attrs (struct jd_log *log, const char *json, struct jd_error **err);
/* Turns compression of rotated files on (only meaningful with max_file > 1). */
void jd_log_set_compress (struct jd_log *log, int compress);
/* Appends output read from STREAM: complete lines are formatted where they lie into one batch written with one
 * write(2) (more when the batch would pass ~96 KiB), the rest is kept until a newline or 16 KiB. Every
 * JD_LOG_WRITE_OUT bytes the writeback of the live file's full pages is started (sync_file_range WRITE: not waited
 * for, nothing made durable), unless rotated files are compressed (they are read back and removed soon). */
int jd_log_write (struct jd_log *log, int stream, const char *data, size_t len, const struct timespec *ts,
                  struct jd_error **err);
/* Writes pending partial lines (at EOF of the streams). */
int jd_log_flush (struct jd_log *log, const struct timespec *ts, struct jd_error **err);
/* Writes what is batched and opens the path again (created when it was moved away): the CRI's ReopenContainerLog,
 * after the kubelet rotated the file. */
int jd_log_reopen (struct jd_log *log, struct jd_error **err);
/* Waits for a running compression, then closes the log. */
void jd_log_close (struct jd_log *log);

/* Compresses SRC to DST (gzip, through DST.tmp), then removes SRC. The header's extra field holds JSON like
 * Docker's, {"lastTime":LAST_TIME,"jdockSource":"<dev>:<ino>"}: the time of the last line (Docker's --since
 * shortcut) and the identity of SRC, by which a log reader that had SRC open finds its place again. */
int jd_log_gzip (const char *src, const char *dst, const char *last_time, struct jd_error **err);

#endif
