/* User resolution inside the container root, with runc's rules:
 *   ""            uid 0 (and its passwd entry, if any)
 *   name | uid    passwd lookup; a numeric uid without an entry is fine (gid 0, HOME "/")
 *   x:group       explicit group by name (must exist) or number; no supplementary groups then
 *   implicit      supplementary groups = the groups whose member list names the user */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utils.h"
#include "init.h"

static int
parse_id (const char *s, unsigned long long *out)
{
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9')
      return -1;
  return jd_parse_u64 (s, out) < 0 || *out > 0xfffffffeULL ? -1 : 0;
}

/* Splits a passwd/group line into at most MAX ':'-separated fields (in place). */
static int
split_colon (char *line, char **f, int max)
{
  int n = 0;
  line[strcspn (line, "\n")] = '\0';
  if (line[0] == '#' || line[0] == '\0')
    return 0;
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == ':')
      {
        *p = '\0';
        f[n++] = p + 1;
      }
  return n;
}

struct pw_entry
{
  char *name;
  uid_t uid;
  gid_t gid;
  char *home;
};

/* Finds NAME (or, when NAME is NULL, UID) in the passwd file. Returns 1 when found, 0 when not. */
static int
find_passwd (const char *path, const char *name, uid_t uid, struct pw_entry *out)
{
  cleanup_file FILE *f = fopen (path, "re");
  cleanup_free char *line = NULL;
  size_t cap = 0;
  if (f == NULL)
    return 0;
  while (getline (&line, &cap, f) >= 0)
    {
      char *fl[7];
      unsigned long long id, gid;
      if (split_colon (line, fl, 7) < 4 || parse_id (fl[2], &id) < 0 || parse_id (fl[3], &gid) < 0)
        continue;
      if (name != NULL ? strcmp (fl[0], name) != 0 : id != uid)
        continue;
      out->name = strdup (fl[0]);
      out->uid = (uid_t) id;
      out->gid = (gid_t) gid;
      out->home = strdup (fl[5] && fl[5][0] ? fl[5] : "/");
      return 1;
    }
  return 0;
}

static int
member_of (char *list, const char *user)
{
  char *save = NULL;
  for (char *m = strtok_r (list, ",", &save); m; m = strtok_r (NULL, ",", &save))
    if (strcmp (m, user) == 0)
      return 1;
  return 0;
}

/* Explicit group NAME -> *gid (returns 1), or collects the groups listing USER into OUT (implicit form). */
static int
scan_groups (const char *path, const char *group_name, const char *user, struct jd_user *out, gid_t *gid)
{
  cleanup_file FILE *f = fopen (path, "re");
  cleanup_free char *line = NULL;
  size_t cap = 0;
  if (f == NULL)
    return 0;
  while (getline (&line, &cap, f) >= 0)
    {
      char *fl[4];
      unsigned long long id;
      if (split_colon (line, fl, 4) < 3 || parse_id (fl[2], &id) < 0)
        continue;
      if (group_name != NULL)
        {
          if (strcmp (fl[0], group_name) == 0)
            {
              *gid = (gid_t) id;
              return 1;
            }
          continue;
        }
      if (user == NULL || fl[3] == NULL || !member_of (fl[3], user))
        continue;
      gid_t *grown = realloc (out->sgids, (out->n_sgids + 1) * sizeof (gid_t));
      if (grown == NULL)
        return -1;
      out->sgids = grown;
      out->sgids[out->n_sgids++] = (gid_t) id;
    }
  return 0;
}

static int
resolve_group (const char *group, const char *group_path, const char *user_name, struct jd_user *out,
               struct jd_error **err)
{
  unsigned long long id;
  if (group == NULL)
    return scan_groups (group_path, NULL, user_name, out, NULL) < 0 ? jd_make_error (err, ENOMEM, "groups") : 0;
  if (parse_id (group, &id) == 0)
    {
      out->gid = (gid_t) id;
      return 0;
    }
  gid_t gid;
  if (scan_groups (group_path, group, NULL, out, &gid) != 1)
    return jd_make_error (err, 0, "unable to find group %s: no matching entries in group file", group);
  out->gid = gid;
  return 0;
}

int
jd_resolve_user (const char *spec, const char *passwd_path, const char *group_path, struct jd_user *out,
                 struct jd_error **err)
{
  memset (out, 0, sizeof (*out));
  cleanup_free char *copy = strdup (spec ? spec : "");
  if (copy == NULL)
    return jd_make_error (err, ENOMEM, "user");
  char *group = strchr (copy, ':');
  if (group != NULL)
    *group++ = '\0';
  if (group != NULL && *group == '\0')
    group = NULL;
  unsigned long long id = 0;
  struct pw_entry pw = { 0 };
  int numeric = copy[0] == '\0' || parse_id (copy, &id) == 0;
  int found = find_passwd (passwd_path, numeric ? NULL : copy, (uid_t) id, &pw);
  if (!found && !numeric)
    return jd_make_error (err, 0, "unable to find user %s: no matching entries in passwd file", copy);
  out->uid = found ? pw.uid : (uid_t) id;
  out->gid = found ? pw.gid : 0;
  out->home = found ? pw.home : strdup ("/");
  int r = resolve_group (group, group_path, found ? pw.name : NULL, out, err);
  free (pw.name);
  if (r < 0)
    {
      jd_user_free (out);
      return -1;
    }
  return 0;
}

void
jd_user_free (struct jd_user *user)
{
  free (user->home);
  free (user->sgids);
  memset (user, 0, sizeof (*user));
}
