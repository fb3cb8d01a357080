/* cr-test-ui-util.c — what the mail window tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <gdk/x11/gdkx.h>

#include "cr-test-display.h"
#include "cr-test-ui-util.h"

static gboolean in_french;

void
cr_test_ui_init_locale (void)
{
  const char *locale = setlocale (LC_ALL, "");

  if (locale == NULL)
    g_error ("The locale “%s” is not installed: run build-aux/setup-deps.sh", g_getenv ("LC_ALL"));
  in_french = g_str_has_prefix (locale, "fr");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CR_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
cr_test_ui_in_french (void)
{
  return in_french;
}

const char *
cr_test_ui_expected (const CrExpected *e)
{
  return in_french ? e->fr : e->en;
}

void
cr_test_ui_shot (GtkWidget  *widget,
                 const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s", what, in_french ? "fr" : "en");

  cr_test_save_screenshot (widget, name, &error);
  g_assert_no_error (error);
}

void
cr_test_ui_collect (GtkWidget *widget,
                    GType      type,
                    GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cr_test_ui_collect (child, type, out);
}

GtkWidget *
cr_test_ui_find_label (GtkWidget  *root,
                       const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  cr_test_ui_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0 &&
        gtk_widget_is_drawable (labels->pdata[i]))
      return labels->pdata[i];

  return NULL;
}

GtkWidget *
cr_test_ui_find_toplevel (GType type)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (g_type_is_a (G_OBJECT_TYPE (l->data), type) && gtk_widget_get_mapped (l->data))
      found = l->data;
  g_list_free (windows);

  return found;
}

static gboolean
has_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  return gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL);
}

void
cr_test_ui_assert_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();

  cr_test_ui_collect (root, GTK_TYPE_BUTTON, controls);
  cr_test_ui_collect (root, GTK_TYPE_MENU_BUTTON, controls);
  cr_test_ui_collect (root, GTK_TYPE_DROP_DOWN, controls);
  cr_test_ui_collect (root, GTK_TYPE_SEARCH_ENTRY, controls);
  cr_test_ui_collect (root, GTK_TYPE_LIST_VIEW, controls);
  g_assert_cmpuint (controls->len, >, 0);

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = controls->pdata[i];

      /* Named by GTK itself, or by the drop-down they belong to. */
      if (gtk_widget_get_ancestor (control, GTK_TYPE_WINDOW_CONTROLS) != NULL ||
          gtk_widget_get_ancestor (gtk_widget_get_parent (control), GTK_TYPE_DROP_DOWN) != NULL)
        continue;
      if (!gtk_widget_is_drawable (control))
        continue;

      if (!has_name (control))
        g_error ("%s (%p) has no accessible name", G_OBJECT_TYPE_NAME (control), control);
    }
}

/* libXtst has no headers installed here: what we need of it, declared. */
typedef int (*FakeKeyEvent) (Display *display, unsigned int keycode, int is_press, unsigned long delay);

void
cr_test_ui_press_key (GtkWidget *widget,
                      guint      keyval)
{
  cr_test_ui_press_chord (widget, 0, keyval);
}

void
cr_test_ui_press_chord (GtkWidget *widget,
                        guint      modifier,
                        guint      keyval)
{
  static FakeKeyEvent fake_key_event;
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *xdisplay;
  unsigned int keycode;
  unsigned int modifier_code = 0;

  if (fake_key_event == NULL)
    {
      GModule *xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY);

      g_assert_nonnull (xtst);
      g_assert_true (g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *) &fake_key_event));
    }

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  keycode = XKeysymToKeycode (xdisplay, keyval);
  g_assert_cmpuint (keycode, !=, 0);
  if (modifier != 0)
    {
      modifier_code = XKeysymToKeycode (xdisplay, modifier);
      g_assert_cmpuint (modifier_code, !=, 0);
      fake_key_event (xdisplay, modifier_code, True, 0);
    }
  fake_key_event (xdisplay, keycode, True, 0);
  fake_key_event (xdisplay, keycode, False, 0);
  if (modifier != 0)
    fake_key_event (xdisplay, modifier_code, False, 0);
  XFlush (xdisplay);
  cr_test_iterate (150);
}
