/* jdock-monitor: the per-container monitor (conmon-like) that also creates the container process. */
#ifndef JD_MONITOR_H
#define JD_MONITOR_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "../common/error.h"
#include "../common/spec.h"
#include "logfile.h"

/* attach protocol frames: [type u8][length u32 big-endian][payload] */
enum
{
  JD_FRAME_STDOUT = 1,
  JD_FRAME_STDERR = 2,
  JD_FRAME_EXIT = 3,         /* "<code>[\n<message>]" */
  JD_FRAME_STARTED = 4,      /* "<host pid>" */
  JD_FRAME_START_FAILED = 5, /* "<code>\n<message>" */
  JD_FRAME_STATE = 6,        /* answer to STATUS: "<created|starting|running|failed|exited> <pid> <started-at|->" */
  JD_FRAME_LOG_REOPENED = 7, /* answer to REOPEN_LOG: "0", or "<errno> <message>" */
  JD_FRAME_LOG_AT = 8,       /* answer to LOG_MARK: "<dev> <ino> <size> <stdout partial> <stderr partial>" or "-" */
  JD_FRAME_STDIN = 10,
  JD_FRAME_CLOSE_STDIN = 11,
  JD_FRAME_RESIZE = 12, /* "<height> <width>" */
  JD_FRAME_START = 13,
  JD_FRAME_STATUS = 14, /* asks for a STATE frame: what a restarted jdockd reconciles its record with */
  JD_FRAME_REOPEN_LOG = 15, /* reopens the log file at its path (the kubelet rotated it): LOG_REOPENED answers */
  JD_FRAME_NO_OUTPUT = 16,  /* this client takes no STDOUT/STDERR frames (jdockd's exit watch: logs are in the file) */
  JD_FRAME_LOG_MARK = 17,   /* asks where the log file ends now (LOG_AT), in the order of the output frames */
};

/* Back-pressure, as dockerd's synchronous attach: while a client has JD_CLIENT_BUFFER_HIGH bytes queued the monitor
 * stops reading the container's output (the container then blocks on its pipe). A client still past
 * JD_CLIENT_BUFFER_MAX (only reachable while the exited container's pipes are drained) is dropped. */
#define JD_CLIENT_BUFFER_HIGH (256 * 1024)
#define JD_CLIENT_BUFFER_MAX (1024 * 1024)
#define JD_FRAME_PAYLOAD_MAX (1024 * 1024)
/* The size of the container's stdout and stderr pipes (Linux's default is 64 KiB): room for what a container writes
 * while the monitor's output rests (loop.c), so that a fast writer does not block. Pages are only taken while
 * output waits in the pipe; the slot array is 5 KiB per pipe (1.25 KiB at 64 KiB). */
#define JD_OUTPUT_PIPE_SIZE (512 * 1024)

struct jd_buf
{
  char *data;
  size_t len, cap;
};

int jd_buf_append (struct jd_buf *b, const void *data, size_t len);
void jd_buf_consume (struct jd_buf *b, size_t n);
void jd_buf_free (struct jd_buf *b);

struct jd_client
{
  int fd;
  struct jd_buf in, out;
  int sent_stdin;
  int write_closed; /* the peer reads no more: nothing is queued for it, what it sent is still served */
  int no_output;    /* asked for no output (NO_OUTPUT): only the other frames are sent to it */
};

struct jd_attach
{
  int listen_fd;
  char *path;
  struct jd_client *clients;
  size_t n_clients;
};

enum jd_state
{
  JD_CREATED,  /* child blocked at sync 2 */
  JD_STARTING, /* GO sent, waiting for exec (sync EOF) */
  JD_RUNNING,
  JD_FAILED, /* setup or exec failed; waiting to reap the child */
  JD_EXITED,
};

struct jd_monitor
{
  const struct jd_spec *spec;
  enum jd_state state;
  pid_t pid;
  int sync_fd;
  int out_fd, err_fd; /* pipe read ends, or the pty master as out_fd */
  int in_fd;          /* stdin pipe write end or a dup of the pty master; -1 when closed */
  int stdin_close_pending;
  struct jd_buf stdin_buf;
  int signal_fd;
  struct jd_attach attach;
  struct jd_log log;
  int exit_code;
  char *exit_msg;
  struct timespec started_at; /* when the exec succeeded (STARTED), for STATE */
  struct timespec output_rest; /* CLOCK_MONOTONIC: the output pipes are not polled before (see loop.c) */
};

/* stdio.c */
struct jd_stdio
{
  int in_r, in_w, out_r, out_w, err_r, err_w; /* pipes (-1 unused) */
  int master;                                 /* pty master or -1 */
  char *slave_path;
};
int jd_stdio_create (const struct jd_spec *spec, struct jd_stdio *io, struct jd_error **err);
/* CTTY 0: the pty is not made the controlling terminal (a child that exits soon: its pid 1 takes it, sync 1's pid
 * split), else it is. */
int jd_stdio_child (const struct jd_stdio *io, int ctty, struct jd_error **err);
void jd_stdio_parent (struct jd_stdio *io, struct jd_monitor *m);
int jd_stdio_resize (int master, unsigned short height, unsigned short width);

/* attach.c */
int jd_attach_listen (struct jd_attach *a, const char *path, struct jd_error **err);
void jd_attach_accept (struct jd_attach *a);
void jd_attach_send (struct jd_client *c, int type, const void *data, size_t len);
void jd_attach_flush (struct jd_client *c);
void jd_attach_sweep (struct jd_attach *a);
void jd_attach_broadcast (struct jd_attach *a, int type, const void *data, size_t len);
void jd_attach_drop (struct jd_attach *a, size_t index);
int jd_attach_backlogged (const struct jd_attach *a);
int jd_attach_wait_writable (struct jd_attach *a, size_t below, int stall_ms);
void jd_attach_flush_all (struct jd_attach *a, int stall_ms);
void jd_attach_close (struct jd_attach *a);
/* Reads from client INDEX and hands complete frames to jd_monitor_frame. Returns -1 when the client is gone. */
int jd_attach_read (struct jd_monitor *m, size_t index);
void jd_monitor_frame (struct jd_monitor *m, struct jd_client *c, int type, const char *payload, size_t len);

/* exit.c */
int jd_exit_oom_killed (const struct jd_spec *spec);
int jd_exit_write (const struct jd_spec *spec, int code, int oom, const char *msg, struct jd_error **err);

/* loop.c */
int jd_monitor_loop (struct jd_monitor *m);
int jd_monitor_setup_signals (struct jd_monitor *m, struct jd_error **err);

#endif
