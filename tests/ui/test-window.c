/* test-window.c — the main window, driven as a person would, in a real
 * (virtual) display, in English and in French.
 *
 * The language comes from the environment (the Meson test sets LC_ALL), so
 * the same checks run once per language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cr-application.h"
#include "cr-preferences-window.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-window.h"

typedef struct
{
  const char *en;
  const char *fr;
} Expected;

static gboolean in_french;
static CrApplication *app;

static const char *
expected (const Expected *e)
{
  return in_french ? e->fr : e->en;
}

static char *
shot_name (const char *what)
{
  return g_strdup_printf ("%s-%s", what, in_french ? "fr" : "en");
}

typedef struct
{
  GtkWidget  *widget;
  const char *name;
  GError     *error;
} Shot;

/* A window just shown may not have drawn yet (slow under ASan). */
static gboolean
shot_taken (gpointer data)
{
  Shot *shot = data;

  g_clear_error (&shot->error);

  return cr_test_save_screenshot (shot->widget, shot->name, &shot->error);
}

static void
save_shot (GtkWidget  *widget,
           const char *what)
{
  g_autofree char *name = shot_name (what);
  Shot shot = { widget, name, NULL };

  cr_test_iterate_until (shot_taken, &shot, 10000);
  g_assert_no_error (shot.error);
}

/* Popovers are surfaces of their own: only the whole screen shows them. */
static void
save_screen_shot (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = shot_name (what);
  g_autofree char *path = cr_test_screenshot_path (name);
  const char *argv[] = { "import", "-window", "root", path, NULL };

  cr_test_run (argv, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

static GtkWidget *
find_status_page (GtkWidget  *root,
                  const char *title)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect_widgets (root, ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (pages->pdata[i]), title) == 0)
      return pages->pdata[i];

  return NULL;
}

static GtkWidget *
find_window_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} WaitWindow;

static gboolean
window_of_type_shown (gpointer data)
{
  WaitWindow *wait = data;

  wait->found = find_window_of_type (wait->type);

  return wait->found != NULL && gtk_widget_get_mapped (wait->found);
}

static GtkWidget *
wait_for_window (GType type)
{
  WaitWindow wait = { type, NULL };

  cr_test_iterate_until (window_of_type_shown, &wait, 10000);
  g_assert_nonnull (wait.found);
  gtk_test_widget_wait_for_draw (wait.found);

  return wait.found;
}

static void
close_and_wait (GtkWidget *window)
{
  g_autoptr(GtkWidget) ref = g_object_ref (window);

  gtk_window_close (GTK_WINDOW (window));
  cr_test_iterate (100);
}

static CrWindow *
main_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CR_IS_WINDOW (window));
  wait_for_window (CR_TYPE_WINDOW);

  return CR_WINDOW (window);
}

static void
assert_status_page (GtkWidget      *root,
                    const Expected *title,
                    const Expected *description)
{
  GtkWidget *page = find_status_page (root, expected (title));

  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==,
                   expected (description));
  g_assert_true (gtk_widget_get_mapped (page));
}

static void
test_window_empty_states (void)
{
  static const Expected accounts = { "No Accounts", "Aucun compte" };
  static const Expected accounts_desc = {
    "Your mail accounts and their folders will be listed here.",
    "Vos comptes de messagerie et leurs dossiers seront affichés ici.",
  };
  static const Expected folder = { "No Folder Selected", "Aucun dossier sélectionné" };
  static const Expected folder_desc = {
    "Choose a folder to see its messages.",
    "Choisissez un dossier pour voir ses messages.",
  };
  static const Expected message = { "No Message Selected", "Aucun message sélectionné" };
  static const Expected message_desc = {
    "Choose a message to read it here.",
    "Choisissez un message pour le lire ici.",
  };
  CrWindow *window = main_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  cr_test_iterate (200);

  assert_status_page (GTK_WIDGET (window), &accounts, &accounts_desc);
  assert_status_page (GTK_WIDGET (window), &folder, &folder_desc);
  assert_status_page (GTK_WIDGET (window), &message, &message_desc);
  save_shot (GTK_WIDGET (window), "window");
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  /* A button with visible text is named by it. */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return TRUE;

  return FALSE;
}

static void
assert_controls_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  collect_widgets (root, GTK_TYPE_MENU_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, >, 0);

  /* Drop-downs, search entries and lists are named as a whole. */
  collect_widgets (root, GTK_TYPE_DROP_DOWN, others);
  collect_widgets (root, GTK_TYPE_SEARCH_ENTRY, others);
  collect_widgets (root, GTK_TYPE_LIST_VIEW, others);
  for (guint i = 0; i < others->len; i++)
    if (gtk_widget_get_ancestor (gtk_widget_get_parent (others->pdata[i]), GTK_TYPE_DROP_DOWN) == NULL &&
        !has_accessible_name (others->pdata[i]))
      g_error ("%s (%p) has no accessible name", G_OBJECT_TYPE_NAME (others->pdata[i]), others->pdata[i]);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];

      /* Window controls are named by GTK itself; a drop-down's button by
       * the drop-down. */
      if (gtk_widget_get_ancestor (button, GTK_TYPE_WINDOW_CONTROLS) != NULL ||
          gtk_widget_get_ancestor (button, GTK_TYPE_DROP_DOWN) != NULL)
        continue;
      if (!gtk_widget_get_visible (button))
        continue;

      if (!has_accessible_name (button))
        g_error ("%s (%p) has no accessible name", G_OBJECT_TYPE_NAME (button), button);
    }
}

/* The main menu: the one menu button that F10 opens. */
static GtkMenuButton *
primary_menu_button (CrWindow *window)
{
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  GtkMenuButton *found = NULL;

  collect_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menu_buttons);
  for (guint i = 0; i < menu_buttons->len; i++)
    if (gtk_menu_button_get_primary (menu_buttons->pdata[i]))
      {
        g_assert_null (found);
        found = menu_buttons->pdata[i];
      }
  g_assert_nonnull (found);

  return found;
}

static void
test_window_accessible (void)
{
  static const Expected menu = { "Main Menu", "Menu principal" };
  static const Expected sidebar = { "Accounts and folders", "Comptes et dossiers" };
  CrWindow *window = main_window ();
  GtkWidget *sidebar_pane;

  assert_controls_named (GTK_WIDGET (window));

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (primary_menu_button (window)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, expected (&menu));

  sidebar_pane = gtk_widget_get_parent (find_status_page (GTK_WIDGET (window),
                                                          in_french ? "Aucun compte" : "No Accounts"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (sidebar_pane),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, expected (&sidebar));
}

static void
test_window_primary_menu (void)
{
  static const Expected labels[] = {
    { "_Preferences", "_Préférences" },
    { "_Keyboard Shortcuts", "_Raccourcis clavier" },
    { "_Help", "_Aide" },
    { "_About Courrier", "À _propos de Courrier" },
  };
  CrWindow *window = main_window ();
  GtkMenuButton *menu_button = primary_menu_button (window);
  GMenuModel *model;
  GMenuModel *section;

  model = gtk_menu_button_get_menu_model (menu_button);

  /* Writing first, on its own. */
  {
    g_autofree char *action = NULL;

    section = g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION);
    g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
    g_assert_true (g_menu_model_get_item_attribute (section, 0, "action", "s", &action));
    g_assert_cmpstr (action, ==, "win.compose");
    g_object_unref (section);
  }

  section = g_menu_model_get_item_link (model, 1, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, G_N_ELEMENTS (labels));

  for (int i = 0; i < (int) G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      const char *name;
      GActionGroup *group;

      g_assert_true (g_menu_model_get_item_attribute (section, i, "label", "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (section, i, "action", "s", &action));
      g_assert_cmpstr (label, ==, expected (&labels[i]));

      /* Every item leads somewhere: no dead entry. */
      if (g_str_has_prefix (action, "app."))
        group = G_ACTION_GROUP (app), name = action + 4;
      else
        group = G_ACTION_GROUP (window), name = action + 4;
      g_assert_true (g_action_group_has_action (group, name));
      g_assert_true (g_action_group_get_action_enabled (group, name));
    }
  g_object_unref (section);

  /* F10 opens it. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_menu_button_popup (menu_button);
  cr_test_iterate (300);
  save_screen_shot ("primary-menu");
  gtk_menu_button_popdown (menu_button);
  cr_test_iterate (100);
}

static void
test_window_preferences (void)
{
  static const Expected style = { "_Style", "_Style" };
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GSettings *settings = cr_application_get_settings (app);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *preferences;
  AdwComboRow *row;

  main_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_window (CR_TYPE_PREFERENCES_WINDOW);
  save_shot (preferences, "preferences");

  collect_widgets (preferences, ADW_TYPE_COMBO_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, expected (&style));

  /* Choosing "Dark" is saved and applied at once. */
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  adw_combo_row_set_selected (row, 2);
  g_assert_cmpint (g_settings_get_enum (settings, "color-scheme"), ==, 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  cr_test_iterate (200);
  save_shot (preferences, "preferences-dark");

  /* And the setting drives the row. */
  g_settings_reset (settings, "color-scheme");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  close_and_wait (preferences);
}

static void
test_window_about (void)
{
  GtkWidget *about;

  main_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = wait_for_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Courrier");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APPLICATION_ID);
  save_shot (about, "about");
  close_and_wait (about);
}

static gboolean
window_has_action (CrWindow   *window,
                   const char *name)
{
  const char *action_name;
  const GVariantType *parameter_type;
  const char *property_name;
  GType owner;

  /* GTK 4.8 wants every out argument. */
  for (guint i = 0;
       gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (window), i, &owner, &action_name,
                                      &parameter_type, &property_name);
       i++)
    if (g_strcmp0 (action_name, name) == 0)
      return TRUE;

  return FALSE;
}

static void
test_window_shortcuts (void)
{
  static const Expected quit = { "Quit", "Quitter" };
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  CrWindow *window = main_window ();
  GtkWidget *overlay;
  gboolean found_quit = FALSE;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  overlay = wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW);
  save_shot (overlay, "shortcuts");

  collect_widgets (overlay, GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accel = NULL;

      g_object_get (shortcuts->pdata[i], "title", &title, "accelerator", &accel, NULL);
      if (g_strcmp0 (title, expected (&quit)) == 0)
        {
          g_assert_cmpstr (accel, ==, "<Control>q");
          found_quit = TRUE;
        }
    }
  g_assert_true (found_quit);

  /* The message shortcuts lead to the window's actions. */
  {
    static const struct {
      Expected    title;
      const char *accel;
      const char *action;
    } message_shortcuts[] = {
      { { "Search", "Rechercher" }, "<Control>f", "win.search" },
      { { "Delete", "Supprimer" }, "Delete", "win.delete" },
      { { "Undo", "Annuler" }, "<Control>z", "win.undo" },
      { { "Archive", "Archiver" }, "<Control>e", "win.archive" },
      { { "Mark as junk", "Marquer comme pourriel" }, "<Control>j", "win.junk" },
      { { "Mark as read", "Marquer comme lu" }, "<Control>i", "win.mark-read" },
    };

    for (guint j = 0; j < G_N_ELEMENTS (message_shortcuts); j++)
      {
        gboolean listed = FALSE;

        for (guint i = 0; i < shortcuts->len; i++)
          {
            g_autofree char *title = NULL;
            g_autofree char *accel = NULL;

            g_object_get (shortcuts->pdata[i], "title", &title, "accelerator", &accel, NULL);
            if (g_strcmp0 (title, expected (&message_shortcuts[j].title)) == 0)
              {
                g_assert_cmpstr (accel, ==, message_shortcuts[j].accel);
                listed = TRUE;
              }
          }
        g_assert_true (listed);
        g_assert_true (window_has_action (window, message_shortcuts[j].action));
      }
  }

  /* “Relever”, found by its key (its title may wait for a translation). */
  {
    gboolean listed = FALSE;

    for (guint i = 0; i < shortcuts->len; i++)
      {
        g_autofree char *accel = NULL;

        g_object_get (shortcuts->pdata[i], "accelerator", &accel, NULL);
        listed |= g_strcmp0 (accel, "F5") == 0;
      }
    g_assert_true (listed);
    g_assert_true (window_has_action (window, "win.check-mail"));
  }

  /* Writing, found by their keys too. */
  {
    static const struct {
      const char *accel;
      const char *action;
    } compose_shortcuts[] = {
      { "<Control>n", "win.compose" },
      { "<Control>r", "win.reply" },
      { "<Shift><Control>r", "win.reply-all" },
      { "<Control>l", "win.forward" },
    };

    for (guint j = 0; j < G_N_ELEMENTS (compose_shortcuts); j++)
      {
        gboolean listed = FALSE;

        for (guint i = 0; i < shortcuts->len; i++)
          {
            g_autofree char *accel = NULL;

            g_object_get (shortcuts->pdata[i], "accelerator", &accel, NULL);
            listed |= g_strcmp0 (accel, compose_shortcuts[j].accel) == 0;
          }
        g_assert_true (listed);
        g_assert_true (window_has_action (window, compose_shortcuts[j].action));
      }
  }

  /* The shortcuts it lists are the ones the application installs. */
  g_auto(GStrv) quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");

  close_and_wait (overlay);
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static gboolean
leaflet_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (data);
}

static void
test_window_narrow (void)
{
  static const Expected back = { "Back to the Folders", "Retour aux dossiers" };
  g_autoptr(GPtrArray) leaflets = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  CrWindow *window = main_window ();
  AdwLeaflet *leaflet;
  GtkWidget *back_button = NULL;

  collect_widgets (GTK_WIDGET (window), ADW_TYPE_LEAFLET, leaflets);
  g_assert_cmpuint (leaflets->len, ==, 1);
  leaflet = leaflets->pdata[0];

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  cr_test_iterate_until (leaflet_folded, leaflet, 5000);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  cr_test_iterate (300);
  save_shot (GTK_WIDGET (window), "narrow-folders");

  /* Going to the message list shows a back button that brings us back. */
  adw_leaflet_set_visible_child_name (leaflet, "messages");
  cr_test_iterate (500);
  save_shot (GTK_WIDGET (window), "narrow-messages");

  collect_widgets (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *mismatch = NULL;

      if (!gtk_widget_is_drawable (buttons->pdata[i]))
        continue;
      /* NULL when the label is the expected one, else what it is. */
      mismatch = gtk_test_accessible_check_property (buttons->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     expected (&back));
      if (mismatch == NULL)
        back_button = buttons->pdata[i];
    }
  g_assert_nonnull (back_button);
  g_signal_emit_by_name (back_button, "clicked");
  cr_test_iterate (500);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  cr_test_iterate_until (leaflet_unfolded, leaflet, 5000);
  g_assert_false (adw_leaflet_get_folded (leaflet));
}

static void
test_window_state_saved (void)
{
  GSettings *settings = cr_application_get_settings (app);
  CrWindow *window = main_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  cr_test_iterate (200);
  close_and_wait (GTK_WIDGET (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window opens at the saved size. */
  window = main_window ();
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 600);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
}

/* The three panes, left to right: the parents of their status pages. */
static void
get_panes (CrWindow  *window,
           GtkWidget *panes[3])
{
  static const Expected titles[] = {
    { "No Accounts", "Aucun compte" },
    { "No Folder Selected", "Aucun dossier sélectionné" },
    { "No Message Selected", "Aucun message sélectionné" },
  };

  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *page = find_status_page (GTK_WIDGET (window), expected (&titles[i]));

      g_assert_nonnull (page);
      panes[i] = gtk_widget_get_parent (page);
    }
}

static int
focused_pane (CrWindow  *window,
              GtkWidget *panes[3])
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  for (int i = 0; i < 3; i++)
    if (focus != NULL && gtk_widget_is_ancestor (focus, panes[i]))
      return i;

  return -1;
}

static void
test_window_focus_panes (void)
{
  CrWindow *window = main_window ();
  GtkWidget *panes[3];

  get_panes (window, panes);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);

  /* F6 goes from pane to pane, and around; Shift+F6 goes back. */
  for (int expected_pane = 0; expected_pane < 4; expected_pane++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-pane", "i", 1);
      g_assert_cmpint (focused_pane (window, panes), ==, expected_pane % 3);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-pane", "i", -1);
  g_assert_cmpint (focused_pane (window, panes), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  const char *locale;
  int status;

  locale = setlocale (LC_ALL, "");
  if (locale == NULL)
    g_error ("The locale “%s” is not installed: run build-aux/setup-deps.sh", g_getenv ("LC_ALL"));
  in_french = g_str_has_prefix (locale, "fr");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CR_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/window/empty-states", test_window_empty_states);
  g_test_add_func ("/window/accessible", test_window_accessible);
  g_test_add_func ("/window/primary-menu", test_window_primary_menu);
  g_test_add_func ("/window/preferences", test_window_preferences);
  g_test_add_func ("/window/about", test_window_about);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/window/narrow", test_window_narrow);
  g_test_add_func ("/window/state-saved", test_window_state_saved);
  g_test_add_func ("/window/focus-panes", test_window_focus_panes);

  status = g_test_run ();

  g_clear_object (&app);
  cr_test_env_teardown (env_dir);

  return status;
}
