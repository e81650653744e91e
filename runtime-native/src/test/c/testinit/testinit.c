/* testinit: the process run inside containers by the integration tests (crun tests/init.c style).
 *   echo ARGS | hostname | cwd | isatty | exit N | sleep N | caps | id | pid | ls DIR | cat FILE |
 *   write FILE | ns | env | lines N (N numbered lines) | stderr TEXT |
 *   swap A B [SECONDS] (exchanges A and B with renameat2(RENAME_EXCHANGE) in a tight loop for SECONDS, default
 *   3600; a missing name is waited for: the daemon's archive code must never be redirected by a directory or file
 *   that turns into a symlink meanwhile) */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int
cat (const char *path)
{
  char buf[4096];
  int fd = open (path, O_RDONLY);
  if (fd < 0)
    {
      printf ("error %d %s\n", errno, strerror (errno));
      return 1;
    }
  ssize_t n;
  while ((n = read (fd, buf, sizeof (buf))) > 0)
    fwrite (buf, 1, (size_t) n, stdout);
  close (fd);
  return 0;
}

static int
print_caps (void)
{
  char line[256];
  FILE *f = fopen ("/proc/self/status", "r");
  if (f == NULL)
    return 1;
  while (fgets (line, sizeof (line), f))
    if (strncmp (line, "CapEff:", 7) == 0)
      {
        char *v = line + 7;
        while (*v == ' ' || *v == '\t')
          v++;
        fputs (v, stdout);
      }
  fclose (f);
  return 0;
}

static int
print_id (void)
{
  gid_t groups[256];
  int n = getgroups (256, groups);
  printf ("%u %u", (unsigned) getuid (), (unsigned) getgid ());
  for (int i = 0; i < n; i++)
    printf ("%s%u", i == 0 ? " " : ",", (unsigned) groups[i]);
  printf ("\n");
  return 0;
}

static int
print_ns (void)
{
  static const char *names[] = { "cgroup", "ipc", "mnt", "net", "pid", "uts" };
  for (size_t i = 0; i < sizeof (names) / sizeof (names[0]); i++)
    {
      char path[64], target[128];
      snprintf (path, sizeof (path), "/proc/self/ns/%s", names[i]);
      ssize_t n = readlink (path, target, sizeof (target) - 1);
      target[n < 0 ? 0 : n] = '\0';
      printf ("%s %s\n", names[i], target);
    }
  return 0;
}

static int
list_dir (const char *path)
{
  DIR *d = opendir (path);
  struct dirent *e;
  if (d == NULL)
    {
      printf ("error %d %s\n", errno, strerror (errno));
      return 1;
    }
  while ((e = readdir (d)))
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      printf ("%s\n", e->d_name);
  closedir (d);
  return 0;
}

static int
write_file (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write (fd, "x", 1) != 1)
    {
      printf ("error %d %s\n", errno, strerror (errno));
      return 1;
    }
  close (fd);
  printf ("ok\n");
  return 0;
}

static int
swap_loop (const char *a, const char *b, const char *seconds)
{
  time_t end = time (NULL) + (seconds[0] ? atoi (seconds) : 3600);
  unsigned long n = 0, missing = 0;
  while (time (NULL) < end)
    for (int i = 0; i < 10000; i++, n++)
      if (syscall (SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) < 0)
        {
          if (errno == ENOENT)
            {
              missing++; /* one of them is being replaced: go on */
              continue;
            }
          printf ("error %d %s\n", errno, strerror (errno));
          return 1;
        }
  printf ("swapped %lu times (%lu while a name was missing)\n", n, missing);
  return 0;
}

int
main (int argc, char **argv)
{
  char buf[PATH_MAX];
  setvbuf (stdout, NULL, _IONBF, 0);
  if (argc < 2)
    {
      fprintf (stderr, "usage: testinit COMMAND [ARGS]\n");
      return 2;
    }
  const char *cmd = argv[1], *arg = argc > 2 ? argv[2] : "";
  if (strcmp (cmd, "echo") == 0)
    {
      for (int i = 2; i < argc; i++)
        printf ("%s%s", argv[i], i + 1 < argc ? " " : "\n");
      return 0;
    }
  if (strcmp (cmd, "stderr") == 0)
    return fprintf (stderr, "%s\n", arg) < 0;
  if (strcmp (cmd, "lines") == 0)
    {
      for (int i = 1; i <= atoi (arg); i++)
        printf ("line %d\n", i);
      return 0;
    }
  if (strcmp (cmd, "hostname") == 0)
    return gethostname (buf, sizeof (buf)) < 0 ? 1 : printf ("%s\n", buf) < 0;
  if (strcmp (cmd, "cwd") == 0)
    return getcwd (buf, sizeof (buf)) == NULL ? 1 : printf ("%s\n", buf) < 0;
  if (strcmp (cmd, "isatty") == 0)
    return printf ("%s\n", isatty (0) && isatty (1) ? "true" : "false") < 0;
  if (strcmp (cmd, "exit") == 0)
    return atoi (arg);
  if (strcmp (cmd, "sleep") == 0)
    return sleep ((unsigned) atoi (arg)) != 0;
  if (strcmp (cmd, "caps") == 0)
    return print_caps ();
  if (strcmp (cmd, "id") == 0)
    return print_id ();
  if (strcmp (cmd, "pid") == 0)
    return printf ("%d\n", getpid ()) < 0;
  if (strcmp (cmd, "ls") == 0)
    return list_dir (arg);
  if (strcmp (cmd, "cat") == 0)
    return cat (arg);
  if (strcmp (cmd, "write") == 0)
    return write_file (arg);
  if (strcmp (cmd, "ns") == 0)
    return print_ns ();
  if (strcmp (cmd, "swap") == 0 && argc > 3)
    return swap_loop (argv[2], argv[3], argc > 4 ? argv[4] : "");
  if (strcmp (cmd, "env") == 0)
    {
      for (char **e = environ; *e; e++)
        printf ("%s\n", *e);
      return 0;
    }
  fprintf (stderr, "unknown command %s\n", cmd);
  return 2;
}
