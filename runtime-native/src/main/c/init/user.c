/* User resolution inside the container root, with runc's rules:
 *   ""            uid 0 (and its passwd entry, if any)
 *   name | uid    passwd lookup; a numeric uid without an entry is fine (gid 0, HOME "/")
 *   x:group       explicit group by name (must exist) or number; no supplementary groups then
 *   implicit      supplementary groups = the groups whose member list names the user */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/utils.h"
#include "init.h"

/* The files come from the image: lines and files are bounded, and anything but a regular file (a FIFO would block
 * the init, a device would be read without end) counts as no file. */
#define JD_DB_LINE_MAX 65536
#define JD_DB_FILE_MAX (16 * 1024 * 1024)

static int
parse_id (const char *s, unsigned long long *out)
{
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9')
      return -1;
  return jd_parse_u64 (s, out) < 0 || *out > 0xfffffffeULL ? -1 : 0;
}

/* A passwd or group file being read line by line. */
struct db_file
{
  const char *path;
  FILE *f;
  char *line; /* JD_DB_LINE_MAX bytes */
  size_t consumed;
  size_t size; /* the file's size when opened: nothing past it is read */
};

static void
db_close (struct db_file *db)
{
  if (db->f != NULL)
    fclose (db->f);
  free (db->line);
}

#define cleanup_db __attribute__ ((cleanup (db_close)))

/* Returns 1 when open, 0 when there is no (regular) file at PATH, -1 on error. */
static int
db_open (struct db_file *db, const char *path, struct jd_error **err)
{
  struct stat st;
  memset (db, 0, sizeof (*db));
  db->path = path;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return 0;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return 0;
    }
  /* a procfs or sysfs "regular" file (an image's /etc/passwd -> /proc/kmsg) has size 0 whatever it produces */
  db->size = (size_t) st.st_size;
  db->f = fdopen (fd, "r");
  db->line = malloc (JD_DB_LINE_MAX);
  if (db->f == NULL || db->line == NULL)
    {
      if (db->f == NULL)
        close (fd);
      return jd_make_error (err, ENOMEM, "open `%s`", path);
    }
  return 1;
}

/* The next line (newline removed, cut at a NUL byte) in db->line. Returns 1, 0 at the end of the file, 2 for a line
 * longer than JD_DB_LINE_MAX (consumed and dropped), -1 when the file passes JD_DB_FILE_MAX. */
static int
db_next (struct db_file *db, struct jd_error **err)
{
  size_t n = 0;
  int c, too_long = 0;
  while ((c = db->consumed < db->size ? getc_unlocked (db->f) : EOF) != EOF && c != '\n')
    {
      if (++db->consumed > JD_DB_FILE_MAX)
        return jd_make_error (err, EFBIG, "`%s` is too large (over %d bytes)", db->path, JD_DB_FILE_MAX);
      if (n + 1 < JD_DB_LINE_MAX)
        db->line[n++] = (char) c;
      else
        too_long = 1;
    }
  db->consumed++;
  if (c == EOF && n == 0 && !too_long)
    return ferror (db->f) ? jd_make_error (err, EIO, "read `%s`", db->path) : 0;
  db->line[n] = '\0';
  return too_long ? 2 : 1;
}

/* Splits LINE at every ':' into exactly MAX fields (the last one keeps any further ':'), as glibc's parser does:
 * empty fields stay empty and missing ones are empty (they point at the final NUL). Returns the number of fields the
 * line has (up to MAX), 0 for a comment or an empty line. */
static int
split_colon (char *line, char **f, int max)
{
  int n = 0;
  char *end = line + strlen (line);
  if (line[0] == '#' || line[0] == '\0')
    return 0;
  f[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == ':')
      {
        *p = '\0';
        f[n++] = p + 1;
      }
  for (int i = n; i < max; i++)
    f[i] = end;
  return n;
}

/* The next entry of DB with at least MIN_FIELDS of its MAX fields in F. Returns 1, 0 at the end, -1 on error. */
static int
db_entry (struct db_file *db, char **f, int max, int min_fields, struct jd_error **err)
{
  int r;
  while ((r = db_next (db, err)) > 0)
    if (r == 1 && split_colon (db->line, f, max) >= min_fields)
      return 1;
  return r;
}

struct pw_entry
{
  char *name;
  uid_t uid;
  gid_t gid;
  char *home;
};

/* Finds NAME (or, when NAME is NULL, UID) in the passwd file: name, password, uid and gid are required (glibc),
 * gecos, home and shell may be missing. Returns 1 when found, 0 when not, -1 on error. */
static int
find_passwd (const char *path, const char *name, uid_t uid, struct pw_entry *out, struct jd_error **err)
{
  cleanup_db struct db_file db;
  char *fl[7];
  int r = db_open (&db, path, err);
  if (r <= 0)
    return r;
  while ((r = db_entry (&db, fl, 7, 4, err)) > 0)
    {
      unsigned long long id, gid;
      if (parse_id (fl[2], &id) < 0 || parse_id (fl[3], &gid) < 0)
        continue;
      if (name != NULL ? strcmp (fl[0], name) != 0 : id != uid)
        continue;
      out->name = strdup (fl[0]);
      out->uid = (uid_t) id;
      out->gid = (gid_t) gid;
      out->home = strdup (fl[5][0] ? fl[5] : "/");
      if (out->name == NULL || out->home == NULL)
        return jd_make_error (err, ENOMEM, "passwd entry");
      return 1;
    }
  return r;
}

/* Whether the comma-separated LIST names USER (read only: the line is not modified). */
static int
member_of (const char *list, const char *user)
{
  size_t len = strlen (user);
  if (len == 0)
    return 0;
  for (const char *p = list;; p++)
    {
      size_t n = strcspn (p, ",");
      if (n == len && strncmp (p, user, len) == 0)
        return 1;
      p += n;
      if (*p == '\0')
        return 0;
    }
}

/* Explicit group NAME -> *gid (returns 1), or collects the groups listing USER into OUT (implicit form). A group
 * entry needs a name, a password field and a gid; the member list may be missing. Returns -1 on error. */
static int
scan_groups (const char *path, const char *group_name, const char *user, struct jd_user *out, gid_t *gid,
             struct jd_error **err)
{
  cleanup_db struct db_file db;
  char *fl[4];
  int r = db_open (&db, path, err);
  if (r <= 0)
    return r;
  while ((r = db_entry (&db, fl, 4, 3, err)) > 0)
    {
      unsigned long long id;
      if (parse_id (fl[2], &id) < 0)
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
      if (user == NULL || !member_of (fl[3], user))
        continue;
      gid_t *grown = realloc (out->sgids, (out->n_sgids + 1) * sizeof (gid_t));
      if (grown == NULL)
        return jd_make_error (err, ENOMEM, "groups");
      out->sgids = grown;
      out->sgids[out->n_sgids++] = (gid_t) id;
    }
  return r;
}

/* The primary group (an explicit GROUP, else the passwd entry's), then the groups listing USER_NAME when
 * IMAGE_GROUPS allows: runc's rule (only without an explicit group), always (CRI Merge) or never (CRI Strict). */
static int
resolve_group (const char *group, const char *group_path, const char *user_name, int image_groups,
               struct jd_user *out, struct jd_error **err)
{
  unsigned long long id;
  if (group != NULL && parse_id (group, &id) == 0)
    out->gid = (gid_t) id;
  else if (group != NULL)
    {
      gid_t gid;
      int r = scan_groups (group_path, group, NULL, out, &gid, err);
      if (r < 0)
        return -1;
      if (r == 0)
        return jd_make_error (err, 0, "unable to find group %s: no matching entries in group file", group);
      out->gid = gid;
    }
  int members = image_groups == JD_IMAGE_GROUPS_ALWAYS || (image_groups == JD_IMAGE_GROUPS_IMPLICIT && group == NULL);
  return members && scan_groups (group_path, NULL, user_name, out, NULL, err) < 0 ? -1 : 0;
}

int
jd_resolve_user (const char *spec, const char *passwd_path, const char *group_path, int image_groups,
                 struct jd_user *out, struct jd_error **err)
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
  int found = find_passwd (passwd_path, numeric ? NULL : copy, (uid_t) id, &pw, err);
  if (found < 0)
    {
      free (pw.name);
      free (pw.home);
      return -1;
    }
  if (!found && !numeric)
    return jd_make_error (err, 0, "unable to find user %s: no matching entries in passwd file", copy);
  out->uid = found ? pw.uid : (uid_t) id;
  out->gid = found ? pw.gid : 0;
  out->home = found ? pw.home : strdup ("/");
  int r = out->home == NULL ? jd_make_error (err, ENOMEM, "user")
                             : resolve_group (group, group_path, found ? pw.name : NULL, image_groups, out, err);
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

static int
compare_gid (const void *a, const void *b)
{
  gid_t x = *(const gid_t *) a, y = *(const gid_t *) b;
  return x < y ? -1 : x > y;
}

int
jd_format_user_report (uid_t uid, gid_t gid, const gid_t *groups, size_t n, char *out, size_t size)
{
  cleanup_free gid_t *sorted = malloc ((n ? n : 1) * sizeof (gid_t));
  if (sorted == NULL)
    return -1;
  memcpy (sorted, groups, n * sizeof (gid_t));
  qsort (sorted, n, sizeof (gid_t), compare_gid);
  size_t len = (size_t) snprintf (out, size, "%u %u", (unsigned) uid, (unsigned) gid);
  for (size_t i = 0; i < n && len < size; i++)
    if (i == 0 || sorted[i] != sorted[i - 1])
      len += (size_t) snprintf (out + len, size - len, " %u", (unsigned) sorted[i]);
  return len < size ? (int) len : -1;
}

gid_t *
jd_user_groups (const struct jd_spec *spec, const struct jd_user *user, size_t *n, struct jd_error **err)
{
  *n = 1 + user->n_sgids + spec->n_gids;
  gid_t *groups = calloc (*n, sizeof (gid_t));
  if (groups == NULL)
    {
      jd_make_error (err, ENOMEM, "groups");
      return NULL;
    }
  groups[0] = user->gid;
  memcpy (groups + 1, user->sgids, user->n_sgids * sizeof (gid_t));
  memcpy (groups + 1 + user->n_sgids, spec->gids, spec->n_gids * sizeof (gid_t));
  return groups;
}
