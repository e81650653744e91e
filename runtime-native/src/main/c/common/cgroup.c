/* How the container's init and an exec's process join the container's cgroups: see cgroup.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "utils.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#define JD_CLONE_INTO_CGROUP 0x200000000ULL

/* struct clone_args of linux/sched.h (v2 layout, up to .cgroup) */
struct jd_clone_args
{
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define JD_CGROUP_SUPER_MAGIC 0x27e0eb
#define JD_CGROUP2_SUPER_MAGIC 0x63677270

int
jd_cgroup_kind (unsigned long f_type)
{
  return f_type == JD_CGROUP_SUPER_MAGIC    ? JD_CGROUP_V1
         : f_type == JD_CGROUP2_SUPER_MAGIC ? JD_CGROUP_V2
                                            : JD_CGROUP_OTHER;
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

/* KINDS of the entries; the directory of the one v2 entry opened (-1 when there is none, or more than one). */
static int
classify (char *const *procs, size_t n, signed char *kinds, size_t *v2_index)
{
  char dir[4096];
  struct statfs st;
  size_t n_v2 = 0;
  for (size_t i = 0; i < n; i++)
    {
      kinds[i] = (signed char) (statfs (procs[i], &st) == 0 ? jd_cgroup_kind (st.f_type) : JD_CGROUP_OTHER);
      if (kinds[i] == JD_CGROUP_V2)
        {
          *v2_index = i;
          n_v2++;
        }
    }
  if (n_v2 != 1)
    return -1;
  const char *slash = strrchr (procs[*v2_index], '/');
  size_t len = slash ? (size_t) (slash - procs[*v2_index]) : 0;
  if (slash == NULL || strcmp (slash, "/cgroup.procs") != 0 || len >= sizeof (dir))
    return -1;
  memcpy (dir, procs[*v2_index], len);
  dir[len] = '\0';
  return open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

pid_t
jd_cgroup_clone (int flags, char *const *procs, size_t n, signed char *kinds)
{
  size_t v2 = 0;
  cleanup_close int cg = classify (procs, n, kinds, &v2);
  if (cg >= 0)
    {
      struct jd_clone_args args = { .flags = (uint64_t) (unsigned int) flags | JD_CLONE_INTO_CGROUP,
                                    .exit_signal = SIGCHLD,
                                    .cgroup = (uint64_t) cg };
      kinds[v2] = JD_CGROUP_PLACED;
      pid_t pid = (pid_t) syscall (SYS_clone3, &args, sizeof (args));
      if (pid >= 0)
        return pid;
      /* Any refusal falls back to a plain clone and a join by write: an old kernel (ENOSYS, E2BIG, EINVAL), and a
       * cgroup at its pids.max (EAGAIN) or memory.max (ENOMEM), which a process created into it is charged against
       * but a process moved into it is not: an exec must still reach a fork-bombed container (runc does the same). */
      kinds[v2] = JD_CGROUP_V2;
    }
  return (pid_t) syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
}

int
jd_cgroup_join_self (char *const *procs, size_t n, const signed char *kinds, struct jd_error **err)
{
  char path[4096];
  for (size_t i = 0; i < n; i++)
    {
      if (kinds[i] == JD_CGROUP_PLACED)
        continue;
      if (jd_cgroup_self_join_file (procs[i], kinds[i], path, sizeof (path)) < 0)
        return jd_make_error (err, errno, "join cgroup `%s`", procs[i]);
      cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC);
      if (fd < 0 || jd_write_all (fd, "0", 1) < 0)
        return jd_make_error (err, errno, "join cgroup `%s`", procs[i]);
    }
  return 0;
}
