/* cr-message-row.c — one row of the message list
 *
 * A thin GObject around a CrMessageInfo. The list model makes these only
 * for the pages it has read, so their number stays small whatever the size
 * of the folder; the live count is there for the tests that check it.
 *
 * In a list grouped by conversation, a row is either a conversation (its
 * CrThreadInfo, and its newest message as the info: that is the message
 * the reader shows when the row is selected) or one of the messages of an
 * opened conversation, one level deeper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-message-row.h"

struct _CrMessageRow
{
  GObject        parent_instance;

  CrMessageInfo *info;
  CrThreadInfo  *thread;
  guint          depth;
  gboolean       expanded;
};

G_DEFINE_FINAL_TYPE (CrMessageRow, cr_message_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint live_count;

static void
cr_message_row_finalize (GObject *object)
{
  CrMessageRow *self = CR_MESSAGE_ROW (object);

  g_clear_pointer (&self->info, cr_message_info_unref);
  g_clear_pointer (&self->thread, cr_thread_info_unref);
  g_atomic_int_dec_and_test (&live_count);

  G_OBJECT_CLASS (cr_message_row_parent_class)->finalize (object);
}

static void
cr_message_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrMessageRow *self = CR_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_boxed (value, self->info);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_message_row_class_init (CrMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_message_row_finalize;
  object_class->get_property = cr_message_row_get_property;

  /* Notified when the store changes the row (flags, after a sync…). */
  properties[PROP_INFO] =
    g_param_spec_boxed ("info", NULL, NULL, CR_TYPE_MESSAGE_INFO,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_message_row_init (CrMessageRow *self)
{
  g_atomic_int_inc (&live_count);
}

CrMessageRow *
cr_message_row_new (CrMessageInfo *info)
{
  CrMessageRow *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (CR_TYPE_MESSAGE_ROW, NULL);
  self->info = cr_message_info_ref (info);

  return self;
}

/**
 * cr_message_row_get_info:
 *
 * Returns: (transfer none): what the store holds of the message
 */
CrMessageInfo *
cr_message_row_get_info (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), NULL);

  return self->info;
}

/* Replaces the data in place, so that the views and the selection keep the
 * same object; notifies only when something shown may have changed. */
void
cr_message_row_set_info (CrMessageRow  *self,
                         CrMessageInfo *info)
{
  gboolean same;

  g_return_if_fail (CR_IS_MESSAGE_ROW (self));
  g_return_if_fail (info != NULL && info->id == self->info->id);

  same = self->thread == NULL &&
         info->flags == self->info->flags &&
         info->folder_id == self->info->folder_id &&
         info->size == self->info->size &&
         info->date == self->info->date &&
         g_strcmp0 (info->subject, self->info->subject) == 0 &&
         g_strcmp0 (info->from_name, self->info->from_name) == 0 &&
         g_strcmp0 (info->from_address, self->info->from_address) == 0;

  cr_message_info_ref (info);
  g_clear_pointer (&self->info, cr_message_info_unref);
  self->info = info;

  if (!same)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

gint64
cr_message_row_get_id (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), 0);

  return self->info->id;
}

gint64
cr_message_row_get_folder_id (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), 0);

  return self->info->folder_id;
}

CrMessageFlags
cr_message_row_get_flags (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), 0);

  return self->info->flags;
}

/* The name when there is one, else the address. */
const char *
cr_message_row_get_sender (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), NULL);

  if (self->info->from_name != NULL && self->info->from_name[0] != '\0')
    return self->info->from_name;

  return self->info->from_address != NULL ? self->info->from_address : "";
}

/* A conversation's row: @info is its newest message. */
CrMessageRow *
cr_message_row_new_thread (CrThreadInfo  *thread,
                           CrMessageInfo *info)
{
  CrMessageRow *self;

  g_return_val_if_fail (thread != NULL && info != NULL, NULL);

  self = cr_message_row_new (info);
  self->thread = cr_thread_info_ref (thread);

  return self;
}

/* Replaces a conversation's data in place. */
void
cr_message_row_set_thread (CrMessageRow  *self,
                           CrThreadInfo  *thread,
                           CrMessageInfo *info)
{
  g_return_if_fail (CR_IS_MESSAGE_ROW (self));
  g_return_if_fail (self->thread != NULL && thread != NULL && info != NULL);

  cr_thread_info_ref (thread);
  g_clear_pointer (&self->thread, cr_thread_info_unref);
  self->thread = thread;
  cr_message_info_ref (info);
  g_clear_pointer (&self->info, cr_message_info_unref);
  self->info = info;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

/* (nullable) (transfer none): the conversation, for a conversation's row */
CrThreadInfo *
cr_message_row_get_thread (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), NULL);

  return self->thread;
}

/* What the list model knows the row by: the message id, or minus the
 * conversation's handle (a conversation's newest message can also be
 * shown as one of its messages). */
gint64
cr_message_row_get_key (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), 0);

  return self->thread != NULL ? -self->thread->thread_id : self->info->id;
}

/* 1 for a message shown inside its conversation, else 0. */
guint
cr_message_row_get_depth (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), 0);

  return self->depth;
}

void
cr_message_row_set_depth (CrMessageRow *self,
                          guint         depth)
{
  g_return_if_fail (CR_IS_MESSAGE_ROW (self));

  self->depth = depth;
}

/* Whether a conversation's row shows its messages under it. */
gboolean
cr_message_row_get_expanded (CrMessageRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_ROW (self), FALSE);

  return self->expanded;
}

void
cr_message_row_set_expanded (CrMessageRow *self,
                             gboolean      expanded)
{
  g_return_if_fail (CR_IS_MESSAGE_ROW (self));

  if (self->expanded == expanded)
    return;
  self->expanded = expanded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

/* For the tests: how many rows exist in the whole process. */
guint
cr_message_row_get_live_count (void)
{
  return (guint) g_atomic_int_get (&live_count);
}
