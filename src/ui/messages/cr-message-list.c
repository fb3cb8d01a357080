/* cr-message-list.c — the message list pane's list
 *
 * A GtkListView with multiple selection over a CrMessageListModel: only the
 * visible rows get widgets, and the model reads only their pages. A right
 * click opens the window's context menu on the selection (selecting the
 * row under the pointer first), as do Menu and Shift+F10; dragging
 * carries the selected messages' ids to a folder of the sidebar. In a
 * list by conversation, a conversation's arrow, or Right and Left on the
 * keyboard, open and close it; actions take all its messages
 * (cr_message_list_dup_selected_messages()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-message-list-row.h"
#include "cr-message-list.h"

struct _CrMessageList
{
  GtkWidget           parent_instance;

  CrMessageListModel *model;
  GtkMultiSelection  *selection;
  GtkWidget          *scroller;
  GtkWidget          *view;
  GtkWidget          *context_menu;
};

G_DEFINE_FINAL_TYPE (CrMessageList, cr_message_list, GTK_TYPE_WIDGET)

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, cr_message_list_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  cr_message_list_row_bind (CR_MESSAGE_LIST_ROW (gtk_list_item_get_child (list_item)),
                            gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  cr_message_list_row_bind (CR_MESSAGE_LIST_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* The position of the row at (x, y) of the view, G_MAXUINT for none. */
static guint
position_at (CrMessageList *self,
             double         x,
             double         y)
{
  GtkWidget *picked = gtk_widget_pick (self->view, x, y, GTK_PICK_DEFAULT);
  GtkWidget *row_widget;
  CrMessageRow *row;

  if (picked == NULL)
    return G_MAXUINT;
  row_widget = CR_IS_MESSAGE_LIST_ROW (picked)
               ? picked : gtk_widget_get_ancestor (picked, CR_TYPE_MESSAGE_LIST_ROW);
  if (row_widget == NULL)
    {
      /* The list item around the row: look inside it. */
      for (GtkWidget *child = gtk_widget_get_first_child (picked); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (CR_IS_MESSAGE_LIST_ROW (child))
          row_widget = child;
    }
  if (row_widget == NULL || self->model == NULL)
    return G_MAXUINT;

  row = cr_message_list_row_get_row (CR_MESSAGE_LIST_ROW (row_widget));

  return row != NULL ? cr_message_list_model_find (self->model, cr_message_row_get_id (row)) : G_MAXUINT;
}

/* Acting on a row that is not selected acts on that row alone. */
static void
select_under_pointer (CrMessageList *self,
                      double         x,
                      double         y)
{
  guint position = position_at (self, x, y);

  if (position != G_MAXUINT &&
      !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    CrMessageList   *self)
{
  if (self->context_menu == NULL)
    return;

  select_under_pointer (self, x, y);
  gtk_widget_translate_coordinates (self->view, GTK_WIDGET (self), x, y, &x, &y);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* Menu and Shift+F10: the context menu on the selection, pointing at the
 * row that has the keyboard focus (the list's top when none has it). */
static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  CrMessageList *self = CR_MESSAGE_LIST (user_data);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 1, 1);

  if (self->context_menu == NULL)
    return FALSE;
  if (focus != NULL && gtk_widget_is_ancestor (focus, self->view) &&
      !gtk_widget_compute_bounds (focus, GTK_WIDGET (self), &bounds))
    bounds = GRAPHENE_RECT_INIT (0, 0, 1, 1);

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                 MAX (1, (int) bounds.size.width),
                                                 MAX (1, (int) bounds.size.height) });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  return TRUE;
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 CrMessageList *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  select_under_pointer (self, x, y);
  rows = cr_message_list_dup_selected (self);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = cr_message_row_get_id (rows->pdata[i]);
      g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_ARRAY, ids);
}

static void
cr_message_list_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CrMessageList *self = CR_MESSAGE_LIST (widget);

  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* The popover is a child too, but it is presented, not allocated. */
static void
cr_message_list_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CrMessageList *self = CR_MESSAGE_LIST (widget);

  gtk_widget_allocate (self->scroller, width, height, baseline, NULL);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
cr_message_list_dispose (GObject *object)
{
  CrMessageList *self = CR_MESSAGE_LIST (object);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (cr_message_list_parent_class)->dispose (object);
}

/* The conversation's row stays in sight above its messages. */
static void
set_expanded (CrMessageList *self,
              guint          position,
              gboolean       expanded)
{
  cr_message_list_model_set_expanded (self->model, position, expanded);
  gtk_widget_activate_action (self->view, "list.scroll-to-item", "u", position);
}

static void
toggle_thread (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrMessageList *self = CR_MESSAGE_LIST (widget);
  guint position;

  if (self->model == NULL)
    return;
  position = cr_message_list_model_find_key (self->model, g_variant_get_int64 (parameter));
  if (position != G_MAXUINT)
    set_expanded (self, position, !cr_message_list_model_get_expanded (self->model, position));
}

/* Right opens the selected conversation, Left closes it. */
static void
expand_selected (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrMessageList *self = CR_MESSAGE_LIST (widget);
  g_autoptr(GtkBitset) selected = NULL;

  if (self->model == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) == 1)
    set_expanded (self, gtk_bitset_get_nth (selected, 0), g_variant_get_boolean (parameter));
}

static void
cr_message_list_class_init (CrMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_message_list_dispose;

  widget_class->measure = cr_message_list_measure;
  widget_class->size_allocate = cr_message_list_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "crmessagelist");

  gtk_widget_class_install_action (widget_class, "messages.toggle-thread", "x", toggle_thread);
  gtk_widget_class_install_action (widget_class, "messages.expand", "b", expand_selected);
}

static void
cr_message_list_init (CrMessageList *self)
{
  static const struct { guint keyval; gboolean expand; } arrows[] = {
    { GDK_KEY_Right, TRUE }, { GDK_KEY_KP_Right, TRUE },
    { GDK_KEY_Left, FALSE }, { GDK_KEY_KP_Left, FALSE },
  };
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->selection = gtk_multi_selection_new (NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);

  self->view = gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection)),
                                  g_object_ref (factory));
  gtk_widget_add_css_class (self->view, "cr-message-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message list"), -1);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (click));

  /* Before the view, which takes Left and Right for itself. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (arrows[i].keyval, 0),
                                                gtk_named_action_new ("messages.expand"));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_boolean (arrows[i].expand));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), shortcut);
    }
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                            gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                                                          gtk_callback_action_new (on_menu_key, self, NULL)));
  gtk_widget_add_controller (self->view, keys);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (drag));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->view);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
cr_message_list_new (void)
{
  return g_object_new (CR_TYPE_MESSAGE_LIST, NULL);
}

void
cr_message_list_set_model (CrMessageList      *self,
                           CrMessageListModel *model)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST (self));

  if (!g_set_object (&self->model, model))
    return;

  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (model));
}

/* (nullable) (transfer none) */
CrMessageListModel *
cr_message_list_get_model (CrMessageList *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST (self), NULL);

  return self->model;
}

/* (transfer none) */
GtkSelectionModel *
cr_message_list_get_selection (CrMessageList *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GPtrArray *
cr_message_list_dup_selected (CrMessageList *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint position;

  g_return_val_if_fail (CR_IS_MESSAGE_LIST (self), rows);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->selection), position));

  return rows;
}

/* (transfer full) (element-type CrMessageRow): what actions on the
 * selection act on: the selected messages, and every message of the
 * selected conversations. */
GPtrArray *
cr_message_list_dup_selected_messages (CrMessageList *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CR_IS_MESSAGE_LIST (self), NULL);

  rows = cr_message_list_dup_selected (self);
  if (self->model == NULL)
    return g_steal_pointer (&rows);

  return cr_message_list_model_dup_messages (self->model, rows);
}

/* Selects the row at @position alone and shows it. */
void
cr_message_list_select (CrMessageList *self,
                        guint          position)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST (self));

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  /* As a click would: the keyboard cursor goes there too. */
  gtk_widget_activate_action (self->view, "list.select-item", "(ubb)", position, FALSE, FALSE);
  gtk_widget_activate_action (self->view, "list.scroll-to-item", "u", position);
}

void
cr_message_list_set_context_menu (CrMessageList *self,
                                  GMenuModel    *menu)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST (self));

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
}

GtkWidget *
cr_message_list_get_view (CrMessageList *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST (self), NULL);

  return self->view;
}
