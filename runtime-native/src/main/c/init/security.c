/* Process attributes applied in the container init: rlimits, oom_score_adj, loopback, seccomp, user and
 * capabilities. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../common/utils.h"
#include "init.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#endif

int
jd_read_last_cap (struct jd_error **err)
{
  cleanup_free char *text = NULL;
  if (jd_read_file ("/proc/sys/kernel/cap_last_cap", &text, NULL, err) < 0)
    return -1;
  return atoi (text);
}

int
jd_set_rlimits (const struct jd_spec *spec, struct jd_error **err)
{
  for (size_t i = 0; i < spec->n_rlimits; i++)
    {
      struct rlimit rl = { .rlim_cur = (rlim_t) spec->rlimits[i].soft, .rlim_max = (rlim_t) spec->rlimits[i].hard };
      if (setrlimit (spec->rlimits[i].resource, &rl) < 0)
        return jd_make_error (err, errno, "setrlimit %d", spec->rlimits[i].resource);
    }
  return 0;
}

int
jd_set_oom_score_adj (const struct jd_spec *spec, struct jd_error **err)
{
  char buf[16];
  if (!spec->has_oom_score_adj)
    return 0;
  int n = snprintf (buf, sizeof (buf), "%d", spec->oom_score_adj);
  cleanup_close int fd = open ("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || jd_write_all (fd, buf, (size_t) n) < 0)
    return jd_make_error (err, errno, "write oom_score_adj %s", buf);
  return 0;
}

int
jd_loopback_up (struct jd_error **err)
{
  struct ifreq ifr;
  cleanup_close int sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return jd_make_error (err, errno, "socket");
  memset (&ifr, 0, sizeof (ifr));
  strcpy (ifr.ifr_name, "lo");
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) < 0)
    return jd_make_error (err, errno, "get flags of lo");
  ifr.ifr_flags |= IFF_UP;
  if (ioctl (sock, SIOCSIFFLAGS, &ifr) < 0)
    return jd_make_error (err, errno, "bring lo up");
  return 0;
}

/* Reads a raw BPF program (struct sock_filter[], host order) into a struct sock_fprog. */
int
jd_load_seccomp (const char *bpf_path, void **prog, struct jd_error **err)
{
  char *data = NULL;
  size_t len = 0;
  if (jd_read_file (bpf_path, &data, &len, err) < 0)
    return -1;
  if (len == 0 || len % sizeof (struct sock_filter) != 0 || len / sizeof (struct sock_filter) > 0xffff)
    {
      free (data);
      return jd_make_error (err, EINVAL, "seccomp program `%s` has a bad size %zu", bpf_path, len);
    }
  struct sock_fprog *fprog = calloc (1, sizeof (*fprog));
  if (fprog == NULL)
    return jd_make_error (err, ENOMEM, "seccomp");
  fprog->len = (unsigned short) (len / sizeof (struct sock_filter));
  fprog->filter = (struct sock_filter *) data;
  *prog = fprog;
  return 0;
}

int
jd_apply_seccomp (void *prog, struct jd_error **err)
{
  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) < 0)
    return jd_make_error (err, errno, "install seccomp filter");
  return 0;
}

static int
drop_bounding (uint64_t bounding, int last_cap, struct jd_error **err)
{
  for (int cap = 0; cap <= last_cap && cap < 64; cap++)
    if (!(bounding & (1ULL << cap)) && prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      return jd_make_error (err, errno, "drop capability %d from the bounding set", cap);
  return 0;
}

static int
set_capabilities (const struct jd_spec *spec, int last_cap, struct jd_error **err)
{
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];
  uint64_t known = last_cap >= 63 ? ~0ULL : (1ULL << (last_cap + 1)) - 1;
  uint64_t eff = spec->cap_effective & known, perm = spec->cap_permitted & known, inh = spec->cap_inheritable & known;
  data[0].effective = (uint32_t) eff;
  data[1].effective = (uint32_t) (eff >> 32);
  data[0].permitted = (uint32_t) perm;
  data[1].permitted = (uint32_t) (perm >> 32);
  data[0].inheritable = (uint32_t) inh;
  data[1].inheritable = (uint32_t) (inh >> 32);
  if (syscall (SYS_capset, &hdr, data) < 0)
    return jd_make_error (err, errno, "capset");
  for (int cap = 0; cap <= last_cap && cap < 64; cap++)
    if ((spec->cap_ambient & (1ULL << cap)) && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      return jd_make_error (err, errno, "raise ambient capability %d", cap);
  return 0;
}

int
jd_set_user_and_caps (const struct jd_spec *spec, const struct jd_user *user, int last_cap, struct jd_error **err)
{
  size_t n;
  cleanup_free gid_t *groups = jd_user_groups (spec, user, &n, err);
  if (groups == NULL)
    return -1;
  if (drop_bounding (spec->cap_bounding, last_cap, err) < 0)
    return -1;
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return jd_make_error (err, errno, "PR_SET_KEEPCAPS");
  if (setgroups (n, groups) < 0)
    return jd_make_error (err, errno, "setgroups");
  if (setresgid (user->gid, user->gid, user->gid) < 0)
    return jd_make_error (err, errno, "setresgid %u", (unsigned) user->gid);
  if (setresuid (user->uid, user->uid, user->uid) < 0)
    return jd_make_error (err, errno, "setresuid %u", (unsigned) user->uid);
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return jd_make_error (err, errno, "PR_SET_KEEPCAPS");
  return set_capabilities (spec, last_cap, err);
}
