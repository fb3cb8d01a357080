/* cr-pop3-local.c — the local folders of a POP3 account and what a
 * person does with their messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-pop3-local.h"

typedef struct
{
  CrFolderRole  role;
  const char   *path;
} LocalFolder;

static const LocalFolder local_folders[] = {
  { CR_FOLDER_ROLE_INBOX, CR_POP3_INBOX_PATH },
  { CR_FOLDER_ROLE_DRAFTS, "Drafts" },
  { CR_FOLDER_ROLE_SENT, "Sent" },
  { CR_FOLDER_ROLE_TRASH, "Trash" },
  { CR_FOLDER_ROLE_JUNK, "Junk" },
  { CR_FOLDER_ROLE_ARCHIVE, "Archive" },
};

/* The guide's words in French; a context, since “Sent” or “Junk” alone
 * could be translated as a verb or an adjective. */
const char *
cr_pop3_local_role_name (CrFolderRole role)
{
  switch (role)
    {
    case CR_FOLDER_ROLE_INBOX:
      return C_("folder name", "Inbox");
    case CR_FOLDER_ROLE_DRAFTS:
      return C_("folder name", "Drafts");
    case CR_FOLDER_ROLE_SENT:
      return C_("folder name", "Sent");
    case CR_FOLDER_ROLE_TRASH:
      return C_("folder name", "Trash");
    case CR_FOLDER_ROLE_JUNK:
      return C_("folder name", "Junk");
    case CR_FOLDER_ROLE_ARCHIVE:
      return C_("folder name", "Archive");
    case CR_FOLDER_ROLE_NONE:
    default:
      return NULL;
    }
}

gint64
cr_pop3_local_ensure_folders (CrStore     *store,
                              const char  *account_id,
                              GError     **error)
{
  gint64 inbox_id = 0;

  g_return_val_if_fail (CR_IS_STORE (store), 0);
  g_return_val_if_fail (account_id != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (local_folders); i++)
    {
      g_autoptr(CrFolderInfo) info = cr_store_lookup_folder (store, account_id,
                                                              local_folders[i].path, NULL);

      if (info == NULL)
        {
          info = cr_folder_info_new (account_id, local_folders[i].path);
          info->name = g_strdup (cr_pop3_local_role_name (local_folders[i].role));
          info->role = local_folders[i].role;
          info->flags = CR_FOLDER_FLAG_LOCAL_ONLY | CR_FOLDER_FLAG_SUBSCRIBED;
          if (cr_store_upsert_folder (store, info, error) == 0)
            return 0;
        }
      if (local_folders[i].role == CR_FOLDER_ROLE_INBOX)
        inbox_id = info->id;
    }

  return inbox_id;
}

gboolean
cr_pop3_local_set_flags (CrStore         *store,
                         const gint64    *ids,
                         guint            n_ids,
                         CrMessageFlags   set,
                         CrMessageFlags   clear,
                         GError         **error)
{
  return cr_store_set_message_flags (store, ids, n_ids, set, clear, error);
}

gboolean
cr_pop3_local_move (CrStore       *store,
                    const gint64  *ids,
                    guint          n_ids,
                    gint64         target_folder_id,
                    GError       **error)
{
  return cr_store_move_messages (store, ids, n_ids, target_folder_id, error);
}

/* The rows go first, then the queue entry: a check that sees the entry
 * then sees the rows gone (cr-pop3-run.c reads the queue before the
 * UIDLs), so it never completes an entry without its DELEs. A crash in
 * between leaves the message on the server, never deletes one still
 * here. */
static gboolean
remove_for_good (CrStore       *store,
                 CrAccount     *account,
                 gint64         trash_id,
                 GArray        *ids,
                 GError       **error)
{
  g_autoptr(CrOperation) op = NULL;

  if (ids->len == 0)
    return TRUE;

  if (!cr_store_remove_messages (store, (const gint64 *) (gpointer) ids->data, ids->len, error))
    return FALSE;
  if (!cr_account_get_leave_on_server (account) ||
      !cr_account_get_delete_when_deleted_here (account))
    return TRUE;

  op = cr_operation_new (cr_account_get_id (account), CR_OPERATION_DELETE, trash_id);
  g_array_append_vals (op->message_ids, ids->data, ids->len);

  return cr_store_enqueue_operation (store, op, error);
}

gboolean
cr_pop3_local_delete (CrStore       *store,
                      CrAccount     *account,
                      const gint64  *ids,
                      guint          n_ids,
                      GError       **error)
{
  g_autoptr(CrFolderInfo) trash = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GArray) to_trash = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) for_good = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (CR_IS_STORE (store), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);

  trash = cr_store_lookup_folder_by_role (store, cr_account_get_id (account),
                                          CR_FOLDER_ROLE_TRASH, error);
  if (trash == NULL)
    return FALSE;
  infos = cr_store_get_messages (store, ids, n_ids, error);
  if (infos == NULL)
    return FALSE;

  for (guint i = 0; i < infos->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (infos, i);

      g_array_append_val (info->folder_id == trash->id ? for_good : to_trash, info->id);
    }

  if (to_trash->len > 0 &&
      !cr_store_move_messages (store, (const gint64 *) (gpointer) to_trash->data,
                               to_trash->len, trash->id, error))
    return FALSE;

  return remove_for_good (store, account, trash->id, for_good, error);
}

gboolean
cr_pop3_local_empty_trash (CrStore    *store,
                           CrAccount  *account,
                           GError    **error)
{
  g_autoptr(CrFolderInfo) trash = NULL;
  g_autoptr(GArray) ids = NULL;
  CrMessageQuery query = { 0 };

  g_return_val_if_fail (CR_IS_STORE (store), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);

  trash = cr_store_lookup_folder_by_role (store, cr_account_get_id (account),
                                          CR_FOLDER_ROLE_TRASH, error);
  if (trash == NULL)
    return FALSE;
  query.folder_id = trash->id;
  ids = cr_store_list_message_ids (store, &query, error);
  if (ids == NULL)
    return FALSE;

  return remove_for_good (store, account, trash->id, ids, error);
}
