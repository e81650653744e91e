/* Minimal test harness: CHECK counts, TEST_MAIN prints "N passed, M failed" and sets the exit status. */
#ifndef JD_TEST_H
#define JD_TEST_H

#include <stdio.h>
#include <string.h>

static int jd_passed, jd_failed;

#define CHECK(cond)                                                                                                    \
  do                                                                                                                   \
    {                                                                                                                  \
      if (cond)                                                                                                        \
        jd_passed++;                                                                                                   \
      else                                                                                                             \
        {                                                                                                              \
          jd_failed++;                                                                                                 \
          fprintf (stderr, "%s:%d: %s: CHECK failed: %s\n", __FILE__, __LINE__, __func__, #cond);                      \
        }                                                                                                              \
    }                                                                                                                  \
  while (0)

#define CHECK_STR(actual, expected)                                                                                    \
  do                                                                                                                   \
    {                                                                                                                  \
      const char *a_ = (actual), *e_ = (expected);                                                                     \
      if (a_ != NULL && strcmp (a_, e_) == 0)                                                                          \
        jd_passed++;                                                                                                   \
      else                                                                                                             \
        {                                                                                                              \
          jd_failed++;                                                                                                 \
          fprintf (stderr, "%s:%d: %s: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, __func__, e_,               \
                   a_ ? a_ : "(null)");                                                                                \
        }                                                                                                              \
    }                                                                                                                  \
  while (0)

#define TEST_RESULT()                                                                                                  \
  (printf ("%s: %d passed, %d failed\n", __FILE__, jd_passed, jd_failed), jd_failed == 0 ? 0 : 1)

#endif
