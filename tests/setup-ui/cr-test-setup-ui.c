/* cr-test-setup-ui.c — finding the assistant's controls by their words,
 * as a person does, and waiting for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-test-display.h"
#include "cr-test-setup-ui.h"
#include "cr-test-ui-util.h"

/* Widgets, found as a person finds them: by their visible words -------- */

gboolean
cr_test_setup_is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget);
}

GtkWidget *
cr_test_setup_find_group (GtkWidget  *root,
            const char *title)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  cr_test_ui_collect (root, ADW_TYPE_PREFERENCES_GROUP, groups);
  for (guint i = 0; i < groups->len; i++)
    if (cr_test_setup_is_shown (groups->pdata[i]) &&
        g_strcmp0 (adw_preferences_group_get_title (groups->pdata[i]), title) == 0)
      return groups->pdata[i];

  g_error ("No group “%s” shown", title);
}

GtkWidget *
cr_test_setup_find_row (GtkWidget  *root,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  cr_test_ui_collect (root, ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (cr_test_setup_is_shown (rows->pdata[i]) &&
        g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];

  g_error ("No row “%s” shown", title);
}

GtkWidget *
cr_test_setup_lookup_button (GtkWidget  *root,
               const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cr_test_ui_collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (cr_test_setup_is_shown (buttons->pdata[i]) &&
        g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];

  return NULL;
}

GtkWidget *
cr_test_setup_find_button (GtkWidget  *root,
             const char *label)
{
  GtkWidget *button = cr_test_setup_lookup_button (root, label);

  if (button == NULL)
    g_error ("No button “%s” shown", label);

  return button;
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} WaitButton;

static gboolean
cr_test_setup_button_shown (gpointer data)
{
  WaitButton *wait = data;

  return cr_test_setup_lookup_button (wait->root, wait->label) != NULL;
}

void
cr_test_setup_wait_button (GtkWidget  *root,
             const char *label)
{
  WaitButton wait = { root, label };

  cr_test_iterate_until (cr_test_setup_button_shown, &wait, 30000);
  cr_test_setup_find_button (root, label);
}

void
cr_test_setup_click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = cr_test_setup_find_button (root, label);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  cr_test_iterate (50);
}

void
cr_test_setup_type_in (GtkWidget  *root,
         const char *group,
         const char *row,
         const char *text)
{
  GtkWidget *parent = group != NULL ? cr_test_setup_find_group (root, group) : root;

  gtk_editable_set_text (GTK_EDITABLE (cr_test_setup_find_row (parent, row)), text);
}

GtkWidget *
cr_test_setup_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
cr_test_setup_dialog_shown (gpointer data)
{
  GtkWidget *dialog = cr_test_setup_find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

GtkWidget *
cr_test_setup_wait_dialog (void)
{
  cr_test_iterate_until (cr_test_setup_dialog_shown, NULL, 10000);
  g_assert_nonnull (cr_test_setup_find_dialog ());
  cr_test_iterate (100);

  return cr_test_setup_find_dialog ();
}

/* Every control a person reaches has a name: buttons by their label or
 * their accessible label, the other controls by their accessible label.
 * A combo row's own pop-up list is named by the row. */
void
cr_test_setup_assert_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  GType control_types[] = {
    GTK_TYPE_BUTTON, GTK_TYPE_CHECK_BUTTON, GTK_TYPE_SWITCH,
    GTK_TYPE_SPIN_BUTTON, GTK_TYPE_TEXT_VIEW,
  };

  for (guint t = 0; t < G_N_ELEMENTS (control_types); t++)
    cr_test_ui_collect (root, control_types[t], controls);
  g_assert_cmpuint (controls->len, >, 0);

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = controls->pdata[i];
      GtkAccessible *accessible = GTK_ACCESSIBLE (control);

      if (!gtk_widget_is_visible (control) ||
          gtk_widget_get_ancestor (control, ADW_TYPE_COMBO_ROW) != NULL ||
          gtk_widget_get_ancestor (control, ADW_TYPE_ENTRY_ROW) != NULL ||
          gtk_widget_get_ancestor (control, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        continue;
      if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
          gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
          (GTK_IS_BUTTON (control) && gtk_button_get_label (GTK_BUTTON (control)) != NULL))
        continue;
      g_error ("%s (%p, in %s, in %s) has no accessible name", G_OBJECT_TYPE_NAME (control), control,
               G_OBJECT_TYPE_NAME (gtk_widget_get_parent (control)),
               G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (control))));
    }
}
