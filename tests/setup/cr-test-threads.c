/* cr-test-threads.c — let GLib’s pooled threads end before a test exits
 *
 * glib-networking runs each blocking TLS handshake in GLib’s shared thread
 * pool. After many handshakes in parallel, several pooled threads hold
 * gnutls’s thread-local state when the test exits, and LeakSanitizer’s
 * check at exit (GCC 12 on Debian 12) then crashes while it reads their
 * thread-local storage (“Tracer caught signal 11”). Stopping the idle
 * pooled threads first, and waiting until they are gone, avoids it; the
 * threads hold no memory of the test’s own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-test-threads.h"

static guint
count_pool_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) &&
          g_str_has_prefix (comm, "pool-") && !g_str_has_prefix (comm, "pool-spawner"))
        n++;
    }

  return n;
}

/**
 * cr_test_threads_settle:
 *
 * Stops GLib’s idle pooled threads and waits, up to a generous deadline,
 * until they have ended. Call at the end of main(), after every task.
 */
void
cr_test_threads_settle (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_thread_pool_set_max_unused_threads (0);
  g_thread_pool_set_max_idle_time (1);

  while (count_pool_threads () > 0 && g_get_monotonic_time () < deadline)
    {
      g_thread_pool_stop_unused_threads ();
      g_usleep (G_USEC_PER_SEC / 100);
    }
}
