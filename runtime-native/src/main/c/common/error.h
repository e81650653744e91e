/* jd_error: crun-style error reporting. Every fallible function returns int (negative on failure)
 * and fills a heap-allocated struct jd_error carrying errno and a message. */
#ifndef JD_ERROR_H
#define JD_ERROR_H

struct jd_error
{
  int status; /* errno, or 0 when the error has no errno */
  char *msg;
};

int jd_make_error (struct jd_error **err, int status, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));
int jd_error_wrap (struct jd_error **err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void jd_error_release (struct jd_error **err);

#endif
