/* The exit file: "<code> <finished-at RFC3339Nano> <oom 0|1>\n[<message>\n]", written atomically. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/utils.h"
#include "monitor.h"

/* Whether the kernel OOM-killed in one of the container's memory cgroups (v1 memory.oom_control, v2 memory.events). */
int
jd_exit_oom_killed (const struct jd_spec *spec)
{
  static const char *files[] = { "memory.oom_control", "memory.events" };
  for (size_t i = 0; i < spec->n_cgroup_procs; i++)
    {
      cleanup_free char *dir = strdup (spec->cgroup_procs[i]);
      char *slash = dir ? strrchr (dir, '/') : NULL;
      if (slash == NULL)
        continue;
      *slash = '\0';
      for (size_t f = 0; f < 2; f++)
        {
          char path[4096];
          cleanup_free char *text = NULL;
          struct jd_error *err = NULL;
          snprintf (path, sizeof (path), "%s/%s", dir, files[f]);
          if (jd_read_file (path, &text, NULL, &err) < 0)
            {
              jd_error_release (&err);
              continue;
            }
          char *line = strstr (text, "oom_kill ");
          if (line != NULL && atoll (line + 9) > 0)
            return 1;
        }
    }
  return 0;
}

int
jd_exit_write (const struct jd_spec *spec, int code, int oom, const char *msg, struct jd_error **err)
{
  char when[48], path[4096];
  struct timespec now;
  clock_gettime (CLOCK_REALTIME, &now);
  jd_format_rfc3339nano (&now, when, sizeof (when));
  size_t cap = 128 + (msg ? strlen (msg) : 0);
  cleanup_free char *text = malloc (cap);
  if (text == NULL)
    return jd_make_error (err, ENOMEM, "exit file");
  int n = snprintf (text, cap, "%d %s %d\n", code, when, oom ? 1 : 0);
  if (msg != NULL && msg[0] != '\0')
    {
      n += snprintf (text + n, cap - (size_t) n, "%s\n", msg);
      for (char *p = strchr (text, '\n') + 1; *p && p < text + n - 1; p++)
        if (*p == '\n')
          *p = ' '; /* the message stays on one line */
    }
  snprintf (path, sizeof (path), "%s/exit", spec->bundle);
  if (jd_write_file_atomic (path, text, (size_t) n, err) == 0)
    return 0;
  /* the data root is full (or read-only): the run dir (the exec root's tmpfs) keeps the status for a jdockd
   * that restarts before it can record it */
  jd_error_release (err);
  snprintf (path, sizeof (path), "%s/exit", spec->rundir);
  return jd_write_file_atomic (path, text, (size_t) n, err);
}
