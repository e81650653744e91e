/* The container init's cgroup joins: see cgroup.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cgroup.h"

#define JD_CGROUP_SUPER_MAGIC 0x27e0eb
#define JD_CGROUP2_SUPER_MAGIC 0x63677270

int
jd_cgroup_kind (unsigned long f_type)
{
  return f_type == JD_CGROUP_SUPER_MAGIC ? JD_CGROUP_V1 : f_type == JD_CGROUP2_SUPER_MAGIC ? JD_CGROUP_V2 : JD_CGROUP_OTHER;
}

int
jd_cgroup_self_join_file (const char *procs, int kind, char *buf, size_t size)
{
  static const char procs_name[] = "/cgroup.procs";
  size_t len = strlen (procs), n = sizeof (procs_name) - 1;
  int r;
  if (kind == JD_CGROUP_V1 && len > n && strcmp (procs + len - n, procs_name) == 0)
    r = snprintf (buf, size, "%.*s/tasks", (int) (len - n), procs);
  else
    r = snprintf (buf, size, "%s", procs);
  if (r < 0 || (size_t) r >= size)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  return 0;
}
