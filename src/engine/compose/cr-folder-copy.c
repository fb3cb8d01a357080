/* cr-folder-copy.c — a message put into an account's Envoyés or
 * Brouillons
 *
 * IMAP accounts get an APPEND on a connection of their own: the sync
 * engine has no append job, and an append must not wait behind a long
 * sync. The folder comes from the store (found by its role when the
 * account was synced). POP3 accounts keep the copy in their local folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-folder-copy.h"
#include "cr-net-error.h"
#include "cr-pop3-local.h"
#include "cr-pop3-message.h"

/* Outgoing servers that file a copy of what they send. */
static const char * const keeps_sent[] = {
  "smtp.gmail.com",
  "smtp.googlemail.com",
  NULL,
};

gboolean
cr_folder_copy_server_keeps_sent (CrAccount *account)
{
  const char *host = cr_server_get_host (cr_account_get_outgoing (account));

  return host != NULL && g_strv_contains (keeps_sent, host);
}

static CrFolderInfo *
lookup_folder (CrContext     *context,
               CrAccount     *account,
               CrFolderRole   role,
               GError       **error)
{
  CrStore *store = cr_context_get_store (context, error);
  g_autoptr(GError) local_error = NULL;
  CrFolderInfo *folder;

  if (store == NULL)
    return NULL;
  if (cr_server_get_protocol (cr_account_get_incoming (account)) == CR_PROTOCOL_POP3 &&
      cr_pop3_local_ensure_folders (store, cr_account_get_id (account), error) == 0)
    return NULL;

  folder = cr_store_lookup_folder_by_role (store, cr_account_get_id (account), role, &local_error);
  if (folder == NULL && g_error_matches (local_error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND))
    g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
                 /* Translators: %s is a folder (“Envoyés”, “Brouillons”) */
                 _("The account has no “%s” folder yet: check the account for new mail first."),
                 cr_pop3_local_role_name (role));
  else if (folder == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return folder;
}

static CrImapSession *
connect_imap (CrContext     *context,
              CrAccount     *account,
              const char    *password,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(CrImapSession) session = cr_context_new_imap_session (context, account);

  if (!cr_session_connect_sync (CR_SESSION (session), password, cancellable, error))
    return NULL;
  return g_steal_pointer (&session);
}

static void
set_imap_error (mailimap    *imap,
                const char  *folder,
                GError     **error)
{
  const char *text = imap != NULL && imap->imap_response != NULL ? imap->imap_response : _("no explanation");

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR,
               /* Translators: the first %s is a folder, the second the
                * server's explanation */
               _("The server refused to change the folder “%s”: %s"), folder, text);
}

static struct mailimap_flag_list *
imap_flags (CrMessageFlags flags)
{
  struct mailimap_flag_list *list = mailimap_flag_list_new_empty ();

  if (flags & CR_MESSAGE_FLAG_SEEN)
    mailimap_flag_list_add (list, mailimap_flag_new_seen ());
  if (flags & CR_MESSAGE_FLAG_DRAFT)
    mailimap_flag_list_add (list, mailimap_flag_new_draft ());
  return list;
}

static gboolean
append_imap (CrContext      *context,
             CrAccount      *account,
             const char     *password,
             CrFolderInfo   *folder,
             GBytes         *raw,
             CrMessageFlags  flags,
             guint32        *out_uid,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(CrImapSession) session = connect_imap (context, account, password, cancellable, error);
  struct mailimap_flag_list *list;
  uint32_t uidvalidity = 0;
  uint32_t uid = 0;
  gsize size;
  const char *data;
  mailimap *imap;
  int result;

  if (session == NULL)
    return FALSE;
  imap = cr_imap_session_get_imap (session);
  data = g_bytes_get_data (raw, &size);
  list = imap_flags (flags);
  if (mailimap_has_uidplus (imap))
    result = mailimap_uidplus_append (imap, folder->path, list, NULL, data, size, &uidvalidity, &uid);
  else
    result = mailimap_append (imap, folder->path, list, NULL, data, size);
  mailimap_flag_list_free (list);

  if (result != MAILIMAP_NO_ERROR)
    {
      set_imap_error (imap, folder->name, error);
      return FALSE;
    }
  if (out_uid != NULL)
    *out_uid = uid;
  cr_session_disconnect (CR_SESSION (session));
  return TRUE;
}

static gboolean
append_local (CrContext      *context,
              CrFolderInfo   *folder,
              GBytes         *raw,
              CrMessageFlags  flags,
              gint64         *out_message_id,
              GError        **error)
{
  CrStore *store = cr_context_get_store (context, error);
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GPtrArray) raws = g_ptr_array_new ();
  CrMessageInfo *info;

  if (store == NULL)
    return FALSE;
  info = cr_pop3_message_info_new (raw, g_get_real_time () / G_USEC_PER_SEC, NULL);
  info->flags = flags;
  g_ptr_array_add (infos, info);
  g_ptr_array_add (raws, raw);
  if (!cr_store_add_local_messages (store, folder->id, infos, raws, NULL, error))
    return FALSE;
  if (out_message_id != NULL)
    *out_message_id = info->id;
  return TRUE;
}

/**
 * cr_folder_copy_append_sync:
 *
 * Puts @raw into the folder of @role of @account with @flags.
 */
gboolean
cr_folder_copy_append_sync (CrContext      *context,
                            CrAccount      *account,
                            const char     *password,
                            CrFolderRole    role,
                            GBytes         *raw,
                            CrMessageFlags  flags,
                            guint32        *out_uid,
                            gint64         *out_message_id,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(CrFolderInfo) folder = NULL;

  g_return_val_if_fail (CR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);

  if (out_uid != NULL)
    *out_uid = 0;
  if (out_message_id != NULL)
    *out_message_id = 0;

  folder = lookup_folder (context, account, role, error);
  if (folder == NULL)
    return FALSE;
  if (folder->flags & CR_FOLDER_FLAG_LOCAL_ONLY)
    return append_local (context, folder, raw, flags, out_message_id, error);
  return append_imap (context, account, password, folder, raw, flags, out_uid, cancellable, error);
}

static gboolean
remove_imap (CrContext     *context,
             CrAccount     *account,
             const char    *password,
             CrFolderInfo  *folder,
             guint32        uid,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(CrImapSession) session = connect_imap (context, account, password, cancellable, error);
  struct mailimap_flag_list *list;
  struct mailimap_store_att_flags *store_flags;
  struct mailimap_set *set;
  mailimap *imap;
  int result;

  if (session == NULL)
    return FALSE;
  imap = cr_imap_session_get_imap (session);
  if (mailimap_select (imap, folder->path) != MAILIMAP_NO_ERROR)
    {
      set_imap_error (imap, folder->name, error);
      return FALSE;
    }

  list = mailimap_flag_list_new_empty ();
  mailimap_flag_list_add (list, mailimap_flag_new_deleted ());
  store_flags = mailimap_store_att_flags_new_add_flags_silent (list);
  set = mailimap_set_new_single (uid);
  result = mailimap_uid_store (imap, set, store_flags);
  mailimap_store_att_flags_free (store_flags);
  /* Only this message: never expunge what someone else marked. */
  if (result == MAILIMAP_NO_ERROR && mailimap_has_uidplus (imap))
    result = mailimap_uid_expunge (imap, set);
  mailimap_set_free (set);

  if (result != MAILIMAP_NO_ERROR)
    {
      set_imap_error (imap, folder->name, error);
      return FALSE;
    }
  cr_session_disconnect (CR_SESSION (session));
  return TRUE;
}

gboolean
cr_folder_copy_remove_sync (CrContext     *context,
                            CrAccount     *account,
                            const char    *password,
                            CrFolderRole   role,
                            guint32        uid,
                            gint64         message_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(CrFolderInfo) folder = NULL;

  g_return_val_if_fail (CR_IS_CONTEXT (context), FALSE);

  folder = lookup_folder (context, account, role, error);
  if (folder == NULL)
    return FALSE;
  if (folder->flags & CR_FOLDER_FLAG_LOCAL_ONLY)
    {
      CrStore *store = cr_context_get_store (context, error);

      return store != NULL && (message_id == 0 || cr_store_remove_messages (store, &message_id, 1, error));
    }
  if (uid == 0)
    return TRUE;
  return remove_imap (context, account, password, folder, uid, cancellable, error);
}
