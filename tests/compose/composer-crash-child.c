/* composer-crash-child.c — Courrier with a message being written, for
 * test-composer-crash: starts the application, opens “New Message”,
 * writes to argv[1] the text argv[2], prints “saved” once the draft on
 * disk holds argv[3] (ASCII: the text itself is quoted-printable there),
 * then waits to be killed with SIGKILL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "cr-application.h"
#include "cr-composer-window.h"
#include "cr-test-display.h"
#include "cr-window.h"

static gboolean
has_queue (gpointer data)
{
  return cr_window_get_send_queue (data) != NULL;
}

static GtkWidget *
find_composer (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CR_IS_COMPOSER_WINDOW (window))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
composer_shown (gpointer data)
{
  return find_composer () != NULL;
}

static GtkWidget *
first_of_type (GtkWidget *root,
               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A draft on disk holding @data (the typed text). */
static gboolean
draft_saved (gpointer data)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "courrier", "drafts", NULL);
  g_autoptr(GDir) drafts = g_dir_open (dir, 0, NULL);
  const char *name;

  while (drafts != NULL && (name = g_dir_read_name (drafts)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_str_has_suffix (name, ".eml") && g_file_get_contents (path, &contents, NULL, NULL) &&
          strstr (contents, data) != NULL)
        return TRUE;
    }
  return FALSE;
}

int
main (int argc, char *argv[])
{
  g_autoptr(CrApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *composer;
  GtkTextBuffer *buffer;

  g_assert_cmpint (argc, ==, 4);
  gtk_init ();
  adw_init ();

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CR_IS_WINDOW (window));
  g_assert_true (cr_test_iterate_until (has_queue, window, 30000));

  /* Ctrl+N, as a person would, through the window's action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compose", NULL);
  g_assert_true (cr_test_iterate_until (composer_shown, NULL, 10000));
  composer = find_composer ();
  gtk_editable_set_text (GTK_EDITABLE (first_of_type (composer, GTK_TYPE_ENTRY)), argv[1]);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (first_of_type (composer, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_insert_interactive_at_cursor (buffer, argv[2], -1, TRUE);

  g_assert_true (cr_test_iterate_until (draft_saved, argv[3], 30000));
  printf ("saved\n");
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}
