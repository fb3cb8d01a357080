/* bench-list.c — how fast the message list is (a benchmark, not a test)
 *
 *   bench-list [N_MESSAGES]     (default: 100000)
 *
 * In a private Xvfb and throw-away directories: a store with a folder of
 * N_MESSAGES and a small one; the list shows the small folder, then:
 *  - the time from choosing the big folder to the first frame drawn with
 *    its rows;
 *  - the same when the list is grouped by conversation;
 *  - the time to scroll from top to bottom a page at a time, waiting for
 *    each page to be drawn (and the number of pages);
 *  - the process's resident memory (VmRSS) before and after.
 * Goals (issue 7): first rows < 100 ms, memory growth < 100 MB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <time.h>

#include "cr-message-list.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"

static guint paints;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  paints++;
}

static gboolean
painted_since (gpointer data)
{
  return paints > GPOINTER_TO_UINT (data);
}

/* Waits for the next frame to be painted. */
static void
wait_for_paint (void)
{
  guint before = paints;

  if (!cr_test_iterate_until (painted_since, GUINT_TO_POINTER (before), 10000))
    g_error ("No frame was drawn in 10 s");
}

/* This process's CPU time in ms: on a busy machine it says more than
 * the wall clock about what the list costs. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(CrContext) context = NULL;
  g_autoptr(CrTestMailbox) mailbox = NULL;
  g_autoptr(CrMessageListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *list;
  GtkAdjustment *adjustment;
  CrStore *store;
  gint64 start;
  double first_rows_ms;
  double first_rows_cpu_ms;
  double cpu_start;
  double threaded_ms;
  double scroll_s = 0;
  long rss_before, rss_after;
  guint pages = 0;

  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  gtk_init ();
  adw_init ();

  context = cr_context_new (NULL);
  cr_context_load (context);
  store = cr_context_get_store (context, &error);
  g_assert_no_error (error);
  mailbox = cr_test_mailbox_new (context);
  start = g_get_monotonic_time ();
  cr_test_mailbox_fill (store, mailbox->inbox, 1, n, 1700000000);
  cr_test_mailbox_fill (store, mailbox->projects, 1, 10, 1700000000);
  printf ("store filled with %u messages in %.1f s\n", n,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  model = cr_message_list_model_new (store);
  cr_message_list_model_set_folder (model, mailbox->projects);
  list = cr_message_list_new ();
  cr_message_list_set_model (CR_MESSAGE_LIST (list), model);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 800);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
  cr_test_iterate (300);
  rss_before = rss_kb ();

  /* The model alone, without a view. */
  {
    g_autoptr(CrMessageListModel) alone = cr_message_list_model_new (store);
    CrMessageQuery query = { mailbox->inbox, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
    g_autoptr(GArray) ids = NULL;

    start = g_get_monotonic_time ();
    ids = cr_store_list_message_ids (store, &query, NULL);
    printf ("cr_store_list_message_ids: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
    {
      g_autoptr(GArray) handles = NULL;
      g_autoptr(GPtrArray) threads = NULL;

      start = g_get_monotonic_time ();
      handles = cr_store_list_thread_ids (store, &query, NULL);
      printf ("cr_store_list_thread_ids: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
      start = g_get_monotonic_time ();
      threads = cr_store_get_threads (store, (const gint64 *) (gpointer) handles->data,
                                      MIN (handles->len, CR_MESSAGE_LIST_PAGE_SIZE), NULL);
      printf ("cr_store_get_threads (a page): %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
    }
    start = g_get_monotonic_time ();
    cr_message_list_model_set_folder (alone, mailbox->inbox);
    printf ("model without a view: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
    {
      g_autoptr(GtkMultiSelection) selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (alone)));
      cr_message_list_model_set_folder (alone, mailbox->projects);
      start = g_get_monotonic_time ();
      cr_message_list_model_set_folder (alone, mailbox->inbox);
      printf ("model with a multi-selection: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
    }
  }

  /* Choosing the big folder: its ids are read, its first page drawn. */
  cpu_start = cpu_ms ();
  start = g_get_monotonic_time ();
  cr_message_list_model_set_folder (model, mailbox->inbox);
  printf ("set_folder returned after %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  wait_for_paint ();
  first_rows_ms = (g_get_monotonic_time () - start) / 1000.0;
  first_rows_cpu_ms = cpu_ms () - cpu_start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  /* Grouped by conversation (each message is its own here: the worst
   * case, as many conversations as messages), then back. */
  start = g_get_monotonic_time ();
  cr_message_list_model_set_threaded (model, TRUE);
  wait_for_paint ();
  threaded_ms = (g_get_monotonic_time () - start) / 1000.0;
  cr_message_list_model_set_threaded (model, FALSE);
  wait_for_paint ();

  if (g_getenv ("BENCH_LIST_NO_SCROLL") != NULL)
    goto out;

  /* Top to bottom, a page at a time, each page drawn. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (cr_message_list_get_view (CR_MESSAGE_LIST (list))));
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment) - 1)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                            gtk_adjustment_get_page_size (adjustment));
      wait_for_paint ();
      pages++;
    }
  scroll_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
out:
  rss_after = rss_kb ();

  printf ("first rows drawn: %.1f ms after choosing the folder (%.1f ms of CPU)\n",
          first_rows_ms, first_rows_cpu_ms);
  printf ("grouped by conversation, first rows drawn: %.1f ms\n", threaded_ms);
  printf ("scroll top to bottom: %.2f s for %u pages (%.2f ms a page)\n",
          scroll_s, pages, pages > 0 ? scroll_s * 1000 / pages : 0);
  printf ("VmRSS: %ld MB before, %ld MB after (+%ld MB); live rows: %u\n",
          rss_before / 1024, rss_after / 1024, (rss_after - rss_before) / 1024,
          cr_message_row_get_live_count ());

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&model);
  g_clear_pointer (&mailbox, cr_test_mailbox_free);
  g_clear_object (&context);
  cr_test_env_teardown (env_dir);

  return 0;
}
