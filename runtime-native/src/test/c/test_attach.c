/* The attach socket's clients: frames read whole, control connections that close at once, slow readers. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../main/c/monitor/monitor.h"
#include "test.h"

/* the loop's frame handler, recorded instead of acted on */
static int frames;
static int last_type;
static char last_payload[64];

void
jd_monitor_frame (struct jd_monitor *m, struct jd_client *c, int type, const char *payload, size_t len)
{
  (void) m;
  (void) c;
  frames++;
  last_type = type;
  snprintf (last_payload, sizeof (last_payload), "%.*s", (int) len, payload);
}

static void
write_frame (int fd, int type, const char *payload)
{
  size_t len = strlen (payload);
  unsigned char hdr[5] = { (unsigned char) type, 0, 0, 0, (unsigned char) len };
  CHECK (write (fd, hdr, 5) == 5);
  CHECK (write (fd, payload, len) == (ssize_t) len);
}

/* one client on a socketpair; returns the peer's end */
static int
one_client (struct jd_monitor *m)
{
  int sv[2];
  memset (m, 0, sizeof (*m));
  CHECK (socketpair (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
  m->attach.listen_fd = -1;
  m->attach.clients = calloc (1, sizeof (struct jd_client));
  m->attach.clients[0].fd = sv[0];
  m->attach.n_clients = 1;
  frames = 0;
  return sv[1];
}

/* A resize connection writes its frame and closes; output broadcast before the frame is read fails to send, and
 * the frame must still be served (the lost-resize race seen with `docker run -it` and a redrawing shell). */
static void
test_frame_of_a_closed_peer_is_served_after_a_failed_send (void)
{
  struct jd_monitor m;
  int peer = one_client (&m);
  write_frame (peer, JD_FRAME_RESIZE, "25 90");
  close (peer);
  jd_attach_broadcast (&m.attach, JD_FRAME_STDOUT, "prompt", 6);
  CHECK (m.attach.clients[0].fd >= 0);
  CHECK (m.attach.clients[0].write_closed);
  jd_attach_sweep (&m.attach);
  CHECK (m.attach.n_clients == 1);
  CHECK (jd_attach_read (&m, 0) == 0);
  CHECK (frames == 1 && last_type == JD_FRAME_RESIZE);
  CHECK_STR (last_payload, "25 90");
  jd_attach_broadcast (&m.attach, JD_FRAME_STDOUT, "more", 4); /* nothing queued for it any more */
  CHECK (m.attach.clients[0].out.len == 0);
  CHECK (jd_attach_read (&m, 0) < 0); /* then EOF: the loop drops it */
  jd_attach_close (&m.attach);
}

/* Frames split across reads are assembled; two in one read are both served. */
static void
test_frames_split_and_joined (void)
{
  struct jd_monitor m;
  int peer = one_client (&m);
  unsigned char hdr[5] = { JD_FRAME_RESIZE, 0, 0, 0, 5 };
  CHECK (write (peer, hdr, 3) == 3);
  CHECK (jd_attach_read (&m, 0) == 0 && frames == 0);
  CHECK (write (peer, hdr + 3, 2) == 2 && write (peer, "40 1", 4) == 4);
  CHECK (jd_attach_read (&m, 0) == 0 && frames == 0);
  CHECK (write (peer, "2", 1) == 1);
  write_frame (peer, JD_FRAME_CLOSE_STDIN, "");
  CHECK (jd_attach_read (&m, 0) == 0);
  CHECK (frames == 2 && last_type == JD_FRAME_CLOSE_STDIN);
  close (peer);
  jd_attach_close (&m.attach);
}

/* A client that stays connected but reads nothing is dropped once its queue passes the bound. */
static void
test_slow_reader_is_dropped (void)
{
  struct jd_monitor m;
  int peer = one_client (&m);
  static char chunk[65536];
  for (int i = 0; i < 64 && m.attach.clients[0].fd >= 0; i++)
    jd_attach_broadcast (&m.attach, JD_FRAME_STDOUT, chunk, sizeof (chunk));
  CHECK (m.attach.clients[0].fd < 0);
  jd_attach_sweep (&m.attach);
  CHECK (m.attach.n_clients == 0);
  close (peer);
  jd_attach_close (&m.attach);
}

/* A reader with JD_CLIENT_BUFFER_HIGH queued is backlogged (the loop stops reading output); a peer that stopped
 * reading is not; waiting for a reader that reads everything ends once it has, for one that reads nothing after the
 * stall time. */
static void
test_backlog_and_waiting_for_a_reader (void)
{
  struct jd_monitor m;
  int peer = one_client (&m);
  static char chunk[32768], sink[65536];
  CHECK (!jd_attach_backlogged (&m.attach));
  while (m.attach.clients[0].out.len < JD_CLIENT_BUFFER_HIGH)
    jd_attach_broadcast (&m.attach, JD_FRAME_STDOUT, chunk, sizeof (chunk));
  CHECK (m.attach.clients[0].fd >= 0);
  CHECK (jd_attach_backlogged (&m.attach));
  CHECK (jd_attach_wait_writable (&m.attach, JD_CLIENT_BUFFER_HIGH, 50) == 0); /* nobody reads: stalls */
  size_t queued = m.attach.clients[0].out.len;
  while (read (peer, sink, sizeof (sink)) > 0) /* the peer takes what the socket holds */
    ;
  CHECK (jd_attach_wait_writable (&m.attach, JD_CLIENT_BUFFER_HIGH, 50) == 1);
  CHECK (m.attach.clients[0].out.len < queued && !jd_attach_backlogged (&m.attach));
  m.attach.clients[0].write_closed = 1;
  m.attach.clients[0].out.len = JD_CLIENT_BUFFER_HIGH;
  CHECK (!jd_attach_backlogged (&m.attach)); /* it reads no more: it never holds the container */
  m.attach.clients[0].out.len = 0;
  close (peer);
  jd_attach_close (&m.attach);
}

/* A client that asked for no output (jdockd's exit watch) gets no STDOUT/STDERR frames, so it never holds the
 * container back however much it writes, and still gets the others (EXIT). */
static void
test_no_output_client_gets_only_control_frames (void)
{
  struct jd_monitor m;
  int peer = one_client (&m);
  static char chunk[65536];
  unsigned char got[64];
  m.attach.clients[0].no_output = 1;
  for (int i = 0; i < 64; i++)
    jd_attach_broadcast (&m.attach, i % 2 ? JD_FRAME_STDERR : JD_FRAME_STDOUT, chunk, sizeof (chunk));
  CHECK (m.attach.clients[0].fd >= 0 && m.attach.clients[0].out.len == 0 && !jd_attach_backlogged (&m.attach));
  jd_attach_broadcast (&m.attach, JD_FRAME_EXIT, "0", 1);
  CHECK (read (peer, got, sizeof (got)) == 6);
  CHECK (got[0] == JD_FRAME_EXIT && got[4] == 1 && got[5] == '0');
  close (peer);
  jd_attach_close (&m.attach);
}

/* The socket is bound under a directory whose path is far longer than sun_path (an exec root of 120 characters):
 * it is made 0600, a client reaches it through the directory's descriptor, and the monitor's cwd is "/" again. */
static void
test_listen_under_a_long_path (void)
{
  char base[] = "/tmp/jd-attach-XXXXXX", dir[400], sock[450], via[64], cwd[64];
  struct jd_attach a;
  struct jd_error *err = NULL;
  struct stat st;
  CHECK (mkdtemp (base) != NULL);
  snprintf (dir, sizeof (dir), "%s/%0150d", base, 0);
  CHECK (mkdir (dir, 0700) == 0);
  snprintf (sock, sizeof (sock), "%s/attach.sock", dir);
  CHECK (strlen (sock) > 107);
  CHECK (jd_attach_listen (&a, sock, &err) == 0);
  CHECK (getcwd (cwd, sizeof (cwd)) != NULL && strcmp (cwd, "/") == 0);
  CHECK (stat (sock, &st) == 0 && S_ISSOCK (st.st_mode) && (st.st_mode & 0777) == 0600);
  int dfd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  snprintf (via, sizeof (via), "/proc/self/fd/%d/attach.sock", dfd);
  strcpy (addr.sun_path, via);
  int c = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  CHECK (connect (c, (struct sockaddr *) &addr, sizeof (addr)) == 0);
  jd_attach_accept (&a);
  CHECK (a.n_clients == 1);
  close (c);
  close (dfd);
  jd_attach_close (&a); /* unlinks the socket */
  CHECK (stat (sock, &st) < 0);
  CHECK (rmdir (dir) == 0 && rmdir (base) == 0);
  jd_error_release (&err);
}

int
main (void)
{
  test_listen_under_a_long_path ();
  test_frame_of_a_closed_peer_is_served_after_a_failed_send ();
  test_frames_split_and_joined ();
  test_slow_reader_is_dropped ();
  test_backlog_and_waiting_for_a_reader ();
  test_no_output_client_gets_only_control_frames ();
  return TEST_RESULT ();
}
