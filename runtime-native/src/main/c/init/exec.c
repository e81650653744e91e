/* execve with PATH search in the container's environment, reporting failures with Docker's (runc's) texts. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

/* strerror in Go's spelling: lower-case first letter ("no such file or directory"). */
static const char *
go_strerror (int e)
{
  static char buf[128];
  snprintf (buf, sizeof (buf), "%s", strerror (e));
  if (buf[0] >= 'A' && buf[0] <= 'Z')
    buf[0] = (char) (buf[0] - 'A' + 'a');
  return buf;
}

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *
env_path (char *const env[])
{
  for (size_t i = 0; env[i]; i++)
    if (strncmp (env[i], "PATH=", 5) == 0)
      return env[i] + 5;
  return DEFAULT_PATH;
}

static int
exec_direct (char *const args[], char *const env[], struct jd_error **err)
{
  struct stat st;
  const char *name = args[0];
  if (stat (name, &st) < 0)
    {
      int saved = errno;
      return jd_make_error (err, saved, "exec: \"%s\": stat %s: %s", name, name, go_strerror (saved));
    }
  if (S_ISDIR (st.st_mode) || !(st.st_mode & 0111))
    return jd_make_error (err, EACCES, "exec: \"%s\": permission denied", name);
  execve (name, args, env);
  int saved = errno;
  return jd_make_error (err, saved, "exec: \"%s\": %s", name, go_strerror (saved));
}

int
jd_exec (char *const args[], char *const env[], struct jd_error **err)
{
  const char *name = args[0];
  if (strchr (name, '/') != NULL)
    return exec_direct (args, env, err);
  const char *path = env_path (env);
  char candidate[PATH_MAX];
  while (*name != '\0')
    {
      size_t len = strcspn (path, ":");
      const char *dir = len == 0 ? "." : path;
      int dlen = len == 0 ? 1 : (int) len;
      struct stat st;
      if (snprintf (candidate, sizeof (candidate), "%.*s/%s", dlen, dir, name) < (int) sizeof (candidate)
          && stat (candidate, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0111))
        {
          /* like Go's exec.LookPath: the first executable regular file wins */
          execve (candidate, args, env);
          int saved = errno;
          return jd_make_error (err, saved, "exec: \"%s\": %s", name, go_strerror (saved));
        }
      if (path[len] == '\0')
        break;
      path += len + 1;
    }
  return jd_make_error (err, ENOENT, "exec: \"%s\": executable file not found in $PATH", name);
}
