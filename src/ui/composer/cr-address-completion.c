/* cr-address-completion.c — recipients completed from addresses already
 * seen, under a To, Cc or Bcc entry
 *
 * A popover with a GtkListView under the entry (GtkEntryCompletion is
 * deprecated from GTK 4.10). The entry keeps the keyboard focus: a key
 * controller in the capture phase takes Up, Down, Enter, Tab and Escape
 * while the list is shown, every other key goes on to the entry. Only
 * the last address of a comma-separated list is completed; choosing one
 * writes “Name <address>, ” so that the next can be typed at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-address-completion.h"
#include "cr-mime-header.h"

#define MAX_MATCHES 8
#define DATA_KEY "cr-address-completion"

struct _CrAddressCompletion
{
  GObject             parent_instance;

  GtkEntry           *entry;    /* (unowned) it owns us */
  CrStore            *store;
  char              **exclude;
  GPtrArray          *matches;  /* (element-type CrAddress) */
  GtkStringList      *labels;
  GtkSingleSelection *selection;
  GtkPopover         *popover;
  GtkListView        *list;
  gboolean            writing;  /* our own change of the entry's text */
};

G_DEFINE_FINAL_TYPE (CrAddressCompletion, cr_address_completion, G_TYPE_OBJECT)

gsize
cr_address_completion_last_start (const char *text)
{
  gboolean quoted = FALSE;
  gsize start = 0;

  /* “Dupont, Frédéric” <f@example.test>: a comma inside quotes is no
   * separator. */
  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (text[i] == '\\' && quoted && text[i + 1] != '\0')
        i++;
      else if (text[i] == '"')
        quoted = !quoted;
      else if (text[i] == ',' && !quoted)
        start = i + 1;
    }
  return start;
}

static void
hide (CrAddressCompletion *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (self->popover);
}

static char *
display_text (const CrAddress *address)
{
  g_autoptr(CrMimeAddress) mime = cr_mime_address_new (address->name, address->address);

  return cr_mime_address_to_string (mime);
}

static void
show_matches (CrAddressCompletion *self,
              GPtrArray           *matches)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = g_ptr_array_ref (matches);
  for (guint i = 0; i < matches->len; i++)
    g_ptr_array_add (labels, display_text (g_ptr_array_index (matches, i)));
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                          (const char * const *) labels->pdata);

  if (matches->len == 0)
    {
      hide (self);
      return;
    }
  gtk_single_selection_set_selected (self->selection, 0);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      /* As wide as the entry: addresses are long. */
      gtk_widget_set_size_request (GTK_WIDGET (self->popover),
                                   MAX (320, gtk_widget_get_width (GTK_WIDGET (self->entry))), -1);
      gtk_popover_popup (self->popover);
    }
}

static gboolean
has_focus (CrAddressCompletion *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->entry));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entry)));
}

static void
on_text_changed (CrAddressCompletion *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;

  if (self->writing)
    return;
  /* Only while a person types here, not when the composer fills it. */
  if (!has_focus (self))
    {
      hide (self);
      return;
    }
  matches = cr_store_complete_address (self->store, text + cr_address_completion_last_start (text),
                                       (const char * const *) self->exclude, MAX_MATCHES, &error);
  if (matches == NULL)
    {
      g_debug ("Address completion: %s", error->message);
      hide (self);
      return;
    }
  show_matches (self, matches);
}

static void
accept (CrAddressCompletion *self,
        guint                position)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *chosen = NULL;
  g_autofree char *head = NULL;
  g_autofree char *written = NULL;

  if (self->matches == NULL || position >= self->matches->len)
    return;
  chosen = display_text (g_ptr_array_index (self->matches, position));
  head = g_strndup (text, cr_address_completion_last_start (text));
  g_strchomp (head);
  written = g_strdup_printf ("%s%s%s, ", head, *head != '\0' ? " " : "", chosen);

  self->writing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), written);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->writing = FALSE;
  hide (self);
}

static void
move (CrAddressCompletion *self,
      int                  step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint next;

  if (n == 0)
    return;
  if (selected == GTK_INVALID_LIST_POSITION)
    next = step > 0 ? 0 : n - 1;
  else
    next = (selected + n + step) % n;
  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", next);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CrAddressCompletion   *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      accept (self, gtk_single_selection_get_selected (self->selection));
      return TRUE;
    case GDK_KEY_Escape:
      hide (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_activate (GtkListView         *list,
             guint                position,
             CrAddressCompletion *self)
{
  accept (self, position);
}

static void
on_focus_left (CrAddressCompletion *self)
{
  hide (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_list_item_set_child (item, label);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (text));
}

static void
on_entry_destroy (CrAddressCompletion *self)
{
  /* The entry does not know the popover: it must go before the entry. */
  if (self->popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->popover));
  self->popover = NULL;
}

static void
cr_address_completion_dispose (GObject *object)
{
  CrAddressCompletion *self = CR_ADDRESS_COMPLETION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->labels);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->exclude, g_strfreev);

  G_OBJECT_CLASS (cr_address_completion_parent_class)->dispose (object);
}

static void
cr_address_completion_class_init (CrAddressCompletionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cr_address_completion_dispose;
}

static void
cr_address_completion_init (CrAddressCompletion *self)
{
}

static void
build_popover (CrAddressCompletion *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->labels = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->labels)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);

  /* The list never takes the focus: typing goes on in the entry. */
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->list), FALSE);
  /* Rows that show which one Enter takes. */
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Address suggestions"), -1);
  g_signal_connect (self->list, "activate", G_CALLBACK (on_activate), self);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_autohide (self->popover, FALSE);
  gtk_popover_set_has_arrow (self->popover, FALSE);
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_widget_set_can_focus (GTK_WIDGET (self->popover), FALSE);
  gtk_popover_set_child (self->popover, scrolled);
}

CrAddressCompletion *
cr_address_completion_attach (GtkEntry           *entry,
                              CrStore            *store,
                              const char * const *exclude)
{
  CrAddressCompletion *self;
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);
  g_return_val_if_fail (CR_IS_STORE (store), NULL);

  self = g_object_new (CR_TYPE_ADDRESS_COMPLETION, NULL);
  self->entry = entry;
  self->store = g_object_ref (store);
  self->exclude = g_strdupv ((char **) exclude);
  build_popover (self);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (entry));

  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_AUTOCOMPLETE,
                                  GTK_ACCESSIBLE_AUTOCOMPLETE_LIST, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_CONTROLS, self->list, NULL, -1);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), keys);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_left), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_text_changed), self);
  g_signal_connect_swapped (entry, "destroy", G_CALLBACK (on_entry_destroy), self);

  g_object_set_data_full (G_OBJECT (entry), DATA_KEY, self, g_object_unref);
  return self;
}

CrAddressCompletion *
cr_address_completion_get (GtkEntry *entry)
{
  return g_object_get_data (G_OBJECT (entry), DATA_KEY);
}

GtkPopover *
cr_address_completion_get_popover (CrAddressCompletion *self)
{
  g_return_val_if_fail (CR_IS_ADDRESS_COMPLETION (self), NULL);
  return self->popover;
}

GPtrArray *
cr_address_completion_get_matches (CrAddressCompletion *self)
{
  g_return_val_if_fail (CR_IS_ADDRESS_COMPLETION (self), NULL);
  return self->matches;
}
