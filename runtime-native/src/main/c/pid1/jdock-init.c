/* jdock-init: a tiny init for `docker run --init` (bind-mounted at /sbin/docker-init).
 * Runs argv[1..] (after an optional "--") as a child in its own process group, forwards the usual termination and
 * job-control signals to it, reaps every zombie, and exits with the child's status (128 + signal when killed).
 * `jdock-init --pause` is a pod sandbox's infra process (Kubernetes' pause): it holds the pod's namespaces, reaps
 * the zombies of a shared pid namespace, and exits 0 on SIGTERM, SIGINT or SIGHUP. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };

static pid_t
spawn (char **argv, const sigset_t *orig)
{
  pid_t pid = fork ();
  if (pid != 0)
    return pid;
  setpgid (0, 0);
  /* take the terminal's foreground along when we have one (interactive runs) */
  if (isatty (STDIN_FILENO))
    {
      signal (SIGTTOU, SIG_IGN);
      tcsetpgrp (STDIN_FILENO, getpgrp ());
    }
  for (int sig = 1; sig < NSIG; sig++)
    signal (sig, SIG_DFL);
  sigprocmask (SIG_SETMASK, orig, NULL);
  execvp (argv[0], argv);
  fprintf (stderr, "jdock-init: exec %s: %s\n", argv[0], strerror (errno));
  _exit (errno == ENOENT ? 127 : 126);
}

/* Reaps all exited children; returns the child's exit code once it is gone, else -1. */
static int
reap_all (pid_t child)
{
  int status, code = -1;
  pid_t pid;
  while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
    if (pid == child)
      code = WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
  return code;
}

static int
pause_forever (void)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGCHLD);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGHUP);
  sigprocmask (SIG_BLOCK, &set, NULL);
  for (;;)
    {
      int sig = 0;
      if (sigwait (&set, &sig) != 0)
        continue;
      if (sig != SIGCHLD)
        return 0;
      while (waitpid (-1, NULL, WNOHANG) > 0)
        ;
    }
}

int
main (int argc, char **argv)
{
  sigset_t set, orig;
  int first = 1;
  if (argc == 2 && strcmp (argv[1], "--pause") == 0)
    return pause_forever ();
  if (argc > 1 && strcmp (argv[1], "--") == 0) /* Docker runs `docker-init -- cmd args...` */
    first = 2;
  if (argc <= first)
    {
      fprintf (stderr, "usage: %s [--] program [args...]\n", argv[0]);
      return 2;
    }
  if (getpid () != 1)
    prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  sigemptyset (&set);
  sigaddset (&set, SIGCHLD);
  for (size_t i = 0; i < sizeof (forwarded) / sizeof (forwarded[0]); i++)
    sigaddset (&set, forwarded[i]);
  sigprocmask (SIG_BLOCK, &set, &orig);
  pid_t child = spawn (argv + first, &orig);
  if (child < 0)
    {
      perror ("jdock-init: fork");
      return 1;
    }
  for (;;)
    {
      int sig = 0;
      if (sigwait (&set, &sig) != 0)
        continue;
      if (sig != SIGCHLD)
        {
          kill (child, sig); /* the child itself: it may have left our process group */
          continue;
        }
      int code = reap_all (child);
      if (code >= 0)
        {
          while (waitpid (-1, NULL, WNOHANG) > 0)
            ;
          return code;
        }
    }
}
