#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
vformat (const char *fmt, va_list ap)
{
  va_list copy;
  va_copy (copy, ap);
  int n = vsnprintf (NULL, 0, fmt, copy);
  va_end (copy);
  if (n < 0)
    n = 0;
  char *buf = malloc ((size_t) n + 1);
  if (buf == NULL)
    return NULL;
  vsnprintf (buf, (size_t) n + 1, fmt, ap);
  return buf;
}

/* Records STATUS (an errno) and a formatted message; always returns -1. An existing error is replaced. */
int
jd_make_error (struct jd_error **err, int status, const char *fmt, ...)
{
  va_list ap;
  jd_error_release (err);
  struct jd_error *e = calloc (1, sizeof (*e));
  if (e == NULL)
    return -1;
  va_start (ap, fmt);
  e->msg = vformat (fmt, ap);
  va_end (ap);
  e->status = status;
  *err = e;
  return -1;
}

/* Prefixes the current message with a formatted context: "context: inner". Returns -1. */
int
jd_error_wrap (struct jd_error **err, const char *fmt, ...)
{
  va_list ap;
  if (*err == NULL)
    return -1;
  va_start (ap, fmt);
  char *prefix = vformat (fmt, ap);
  va_end (ap);
  if (prefix == NULL)
    return -1;
  size_t len = strlen (prefix) + strlen ((*err)->msg ? (*err)->msg : "") + 3;
  char *msg = malloc (len);
  if (msg != NULL)
    {
      snprintf (msg, len, "%s: %s", prefix, (*err)->msg ? (*err)->msg : "");
      free ((*err)->msg);
      (*err)->msg = msg;
    }
  free (prefix);
  return -1;
}

void
jd_error_release (struct jd_error **err)
{
  if (err == NULL || *err == NULL)
    return;
  free ((*err)->msg);
  free (*err);
  *err = NULL;
}
