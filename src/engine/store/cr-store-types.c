/* cr-store-types.c — plain data the message store takes and gives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-store-types.h"

G_DEFINE_QUARK (cr-store-error-quark, cr_store_error)

G_DEFINE_BOXED_TYPE (CrAddress, cr_address, cr_address_copy, cr_address_free)
G_DEFINE_BOXED_TYPE (CrFolderInfo, cr_folder_info, cr_folder_info_ref, cr_folder_info_unref)
G_DEFINE_BOXED_TYPE (CrMessageInfo, cr_message_info, cr_message_info_ref, cr_message_info_unref)
G_DEFINE_BOXED_TYPE (CrOperation, cr_operation, cr_operation_ref, cr_operation_unref)
G_DEFINE_BOXED_TYPE (CrPopUidl, cr_pop_uidl, cr_pop_uidl_copy, cr_pop_uidl_free)

CrAddress *
cr_address_new (const char *name,
                const char *address)
{
  CrAddress *self = g_new0 (CrAddress, 1);

  self->name = g_strdup (name);
  self->address = g_strdup (address);

  return self;
}

CrAddress *
cr_address_copy (const CrAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return cr_address_new (self->name, self->address);
}

void
cr_address_free (CrAddress *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->address);
  g_free (self);
}

/* Folders ------------------------------------------------------------ */

CrFolderInfo *
cr_folder_info_new (const char *account_id,
                    const char *path)
{
  CrFolderInfo *self = g_new0 (CrFolderInfo, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->account_id = g_strdup (account_id);
  self->path = g_strdup (path);

  return self;
}

CrFolderInfo *
cr_folder_info_ref (CrFolderInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
cr_folder_info_unref (CrFolderInfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->account_id);
  g_free (self->path);
  g_free (self->name);
  g_free (self);
}

/* Messages ----------------------------------------------------------- */

CrMessageInfo *
cr_message_info_new (void)
{
  CrMessageInfo *self = g_new0 (CrMessageInfo, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->to = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_address_free);
  self->cc = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_address_free);

  return self;
}

CrMessageInfo *
cr_message_info_ref (CrMessageInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
cr_message_info_unref (CrMessageInfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->message_id);
  g_free (self->subject);
  g_free (self->from_name);
  g_free (self->from_address);
  g_clear_pointer (&self->to, g_ptr_array_unref);
  g_clear_pointer (&self->cc, g_ptr_array_unref);
  g_strfreev (self->attachment_names);
  g_free (self->references);
  g_free (self->in_reply_to);
  g_free (self->preview);
  g_free (self->thread_key);
  g_free (self);
}

void
cr_message_info_add_to (CrMessageInfo *self,
                        const char    *name,
                        const char    *address)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_add (self->to, cr_address_new (name, address));
}

void
cr_message_info_add_cc (CrMessageInfo *self,
                        const char    *name,
                        const char    *address)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_add (self->cc, cr_address_new (name, address));
}

/* Operations --------------------------------------------------------- */

CrOperation *
cr_operation_new (const char      *account_id,
                  CrOperationKind  kind,
                  gint64           folder_id)
{
  CrOperation *self = g_new0 (CrOperation, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->account_id = g_strdup (account_id);
  self->kind = kind;
  self->folder_id = folder_id;
  self->uids = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->message_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  return self;
}

CrOperation *
cr_operation_ref (CrOperation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
cr_operation_unref (CrOperation *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->account_id);
  g_clear_pointer (&self->uids, g_array_unref);
  g_clear_pointer (&self->message_ids, g_array_unref);
  g_free (self->last_error);
  g_free (self);
}

/* POP3 UIDLs --------------------------------------------------------- */

CrPopUidl *
cr_pop_uidl_copy (const CrPopUidl *self)
{
  CrPopUidl *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->uidl = g_strdup (self->uidl);

  return copy;
}

void
cr_pop_uidl_free (CrPopUidl *self)
{
  if (self == NULL)
    return;

  g_free (self->uidl);
  g_free (self);
}
