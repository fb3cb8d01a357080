/* cr-imap-folder-ops.c — creating, renaming and deleting IMAP folders
 *
 * These are online operations, not local-first ones: a folder the server
 * refused to make must not appear to exist. Each is a job on the
 * account's worker (the same session as sync), sends CREATE / RENAME /
 * DELETE with the name in modified UTF-7 under the server's hierarchy
 * delimiter (a new top-level folder under the personal NAMESPACE's
 * prefix, when the server has one), keeps the subscriptions in step (a folder the person made is
 * one they want to see), then updates the store's folder rows, whose
 * "changed" signal refreshes the sidebar. A refusal carries the server's
 * own words ("[ALREADYEXISTS] Mailbox already exists").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libetpan/libetpan.h>
#include <string.h>

#include "cr-imap-folder-ops.h"
#include "cr-imap-folders.h"
#include "cr-imap-sync-private.h"
#include "cr-mutf7.h"

typedef struct
{
  char *path;     /* the folder, or the parent (NULL: the top) to create in */
  char *name;     /* the new name, UTF-8 */
} FolderOp;

static void
folder_op_free (gpointer data)
{
  FolderOp *op = data;

  g_free (op->path);
  g_free (op->name);
  g_free (op);
}

static FolderOp *
folder_op_new (const char *path,
               const char *name)
{
  FolderOp *op = g_new0 (FolderOp, 1);

  op->path = g_strdup (path);
  op->name = g_strdup (name);

  return op;
}

/* Helpers -------------------------------------------------------------- */

/**
 * cr_imap_folder_is_protected:
 *
 * Returns: %TRUE for the inbox and the special folders (sent, drafts,
 *   trash, junk, archive): other parts of Courrier rely on them.
 */
gboolean
cr_imap_folder_is_protected (const CrFolderInfo *folder)
{
  g_return_val_if_fail (folder != NULL, TRUE);

  return folder->role != CR_FOLDER_ROLE_NONE || g_ascii_strcasecmp (folder->path, "INBOX") == 0;
}

/**
 * cr_imap_folder_check_name:
 * @delimiter: the server's hierarchy delimiter, '\0' when unknown
 *
 * Returns: %TRUE when @name can be one level of a folder path; else
 *   %FALSE with a #CR_STORE_ERROR_INVALID error saying why.
 */
gboolean
cr_imap_folder_check_name (const char  *name,
                           char         delimiter,
                           GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                           _("The folder name is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                           _("The folder name is not valid text."));
      return FALSE;
    }
  if (delimiter != '\0' && strchr (name, delimiter) != NULL)
    {
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                   /* Translators: %c is a character such as / or . */
                   _("A folder name cannot contain “%c”: the server uses it between folders and subfolders."),
                   delimiter);
      return FALSE;
    }
  /* IMAP LIST wildcards and control characters make names no list can
   * show reliably. */
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || *p == '%' || *p == '*')
      {
        g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                             /* xgettext:no-c-format */
                             _("A folder name cannot contain “%”, “*” or control characters."));
        return FALSE;
      }

  return TRUE;
}

/**
 * cr_imap_folder_in_tree:
 * @path: a server path
 * @root: a folder
 *
 * Returns: %TRUE when @path is @root or a folder under it (“Work/Notes”
 *   is under “Work”, “Workshop” is not)
 */
gboolean
cr_imap_folder_in_tree (const char         *path,
                        const CrFolderInfo *root)
{
  gsize len;

  g_return_val_if_fail (path != NULL && root != NULL, FALSE);

  len = strlen (root->path);
  if (strcmp (path, root->path) == 0)
    return TRUE;

  return root->delimiter != '\0' && strncmp (path, root->path, len) == 0 && path[len] == root->delimiter;
}

/**
 * cr_imap_folder_child_path:
 * @parent_path: (nullable): the parent's server path, NULL for the top
 * @name: one level, UTF-8 (see cr_imap_folder_check_name())
 *
 * Returns: (transfer full): the server path, in modified UTF-7
 */
char *
cr_imap_folder_child_path (const char *parent_path,
                           char        delimiter,
                           const char *name)
{
  g_autofree char *stripped = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  stripped = g_strstrip (g_strdup (name));
  encoded = cr_mutf7_encode (stripped);
  if (parent_path == NULL || *parent_path == '\0')
    return g_steal_pointer (&encoded);

  return g_strdup_printf ("%s%c%s", parent_path, delimiter, encoded);
}

static mailimap *
imap (CrImapSyncRun *run)
{
  return cr_imap_session_get_imap (run->session);
}


/* (element-type CrFolderInfo): @root and the folders under it, by path:
 * a parent before its children. */
static GPtrArray *
stored_tree (CrImapSyncRun  *run,
             CrFolderInfo   *root,
             GError        **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *tree;

  if ((all = cr_store_list_folders (run->store, run->account_id, error)) == NULL)
    return NULL;

  tree = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_folder_info_unref);
  for (guint i = 0; i < all->len; i++)
    {
      CrFolderInfo *info = g_ptr_array_index (all, i);

      if (cr_imap_folder_in_tree (info->path, root))
        g_ptr_array_add (tree, cr_folder_info_ref (info));
    }

  return tree;
}

static CrFolderInfo *
lookup_changeable (CrImapSyncRun  *run,
                   const char     *path,
                   GError        **error)
{
  g_autoptr(CrFolderInfo) folder = NULL;

  if ((folder = cr_store_lookup_folder (run->store, run->account_id, path, error)) == NULL)
    return NULL;

  if (cr_imap_folder_is_protected (folder))
    {
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                   /* Translators: %s is a folder name such as “Envoyés” */
                   _("“%s” is a special folder: it cannot be renamed or deleted."), folder->name);
      return NULL;
    }

  return g_steal_pointer (&folder);
}

/* The delimiter of the top level: LIST "" "" asks only for it. */
static gboolean
server_delimiter (CrImapSyncRun  *run,
                  char           *out_delimiter,
                  GError        **error)
{
  clist *list = NULL;
  int r;

  r = mailimap_list (imap (run), "", "", &list);
  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    return cr_imap_sync_run_set_error (run, r, error);

  *out_delimiter = '\0';
  if (clist_begin (list) != NULL)
    *out_delimiter = ((struct mailimap_mailbox_list *) clist_content (clist_begin (list)))->mb_delimiter;
  mailimap_list_result_free (list);

  return TRUE;
}

/* Where the account's top-level folders go: under the personal
 * namespace's prefix (“INBOX.” on Cyrus and Courier, which refuse a
 * folder beside INBOX; empty on Dovecot and Gmail), NULL when empty.
 * Without NAMESPACE, the top level and its delimiter from LIST "" "". */
static gboolean
top_level (CrImapSyncRun  *run,
           char          **out_parent,
           char           *out_delimiter,
           GError        **error)
{
  struct mailimap_namespace_data *namespaces = NULL;
  struct mailimap_namespace_info *personal = NULL;
  int r;

  *out_parent = NULL;
  if (!mailimap_has_namespace (imap (run)))
    return server_delimiter (run, out_delimiter, error);

  r = mailimap_namespace (imap (run), &namespaces);
  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    return cr_imap_sync_run_set_error (run, r, error);

  if (namespaces->ns_personal != NULL && clist_begin (namespaces->ns_personal->ns_data_list) != NULL)
    personal = clist_content (clist_begin (namespaces->ns_personal->ns_data_list));
  if (personal == NULL)
    {
      mailimap_namespace_data_free (namespaces);
      return server_delimiter (run, out_delimiter, error);
    }

  *out_delimiter = personal->ns_delimiter;
  if (personal->ns_prefix[0] != '\0')
    {
      gsize len = strlen (personal->ns_prefix);

      /* The prefix ends with the delimiter, which the child's path adds. */
      if (personal->ns_delimiter != '\0' && personal->ns_prefix[len - 1] == personal->ns_delimiter)
        len--;
      *out_parent = g_strndup (personal->ns_prefix, len);
    }
  mailimap_namespace_data_free (namespaces);

  return TRUE;
}

/* Subscriptions follow the folders; a refusal there is not worth
 * failing for once the folder itself is done. */
static void
set_subscribed (CrImapSyncRun *run,
                const char    *path,
                gboolean       subscribed)
{
  int r = subscribed ? mailimap_subscribe (imap (run), path) : mailimap_unsubscribe (imap (run), path);

  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    g_debug ("%sSUBSCRIBE %s: %d", subscribed ? "" : "UN", path, r);
}

static void
announce (CrImapSyncRun *run)
{
  if (run->changed != NULL)
    run->changed (0, CR_STORE_CHANGE_FOLDERS, run->user_data);
}

/* Jobs ------------------------------------------------------------------ */

static gpointer
create_folder_job (CrImapSync     *self,
                   CrImapSyncRun  *run,
                   gpointer        data,
                   GError        **error)
{
  FolderOp *op = data;
  g_autofree char *path = NULL;
  g_autofree char *top = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  char delimiter = '\0';
  int r;

  if (op->path != NULL)
    {
      g_autoptr(CrFolderInfo) parent = cr_store_lookup_folder (run->store, run->account_id, op->path, error);

      if (parent == NULL)
        return NULL;
      delimiter = parent->delimiter;
    }
  else if (!top_level (run, &top, &delimiter, error))
    return NULL;

  if (op->path != NULL && delimiter == '\0')
    {
      g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                           _("This server does not allow folders inside folders."));
      return NULL;
    }
  if (!cr_imap_folder_check_name (op->name, delimiter, error))
    return NULL;

  path = cr_imap_folder_child_path (op->path != NULL ? op->path : top, delimiter, op->name);
  r = mailimap_create (imap (run), path);
  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    {
      cr_imap_sync_run_set_error (run, r, error);
      return NULL;
    }
  set_subscribed (run, path, TRUE);

  /* The server's view, with flags and roles, becomes the store's. */
  if ((folders = cr_imap_sync_run_folder_list (run, error)) == NULL)
    return NULL;

  return g_steal_pointer (&path);
}

static gboolean
rename_stored_tree (CrImapSyncRun  *run,
                    CrFolderInfo   *folder,
                    const char     *new_path,
                    GError        **error)
{
  g_autoptr(GPtrArray) tree = NULL;
  gsize old_len = strlen (folder->path);

  if ((tree = stored_tree (run, folder, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < tree->len; i++)
    {
      CrFolderInfo *info = g_ptr_array_index (tree, i);
      g_autofree char *path = g_strconcat (new_path, info->path + old_len, NULL);
      g_autofree char *name = cr_imap_folder_name (path, info->delimiter);

      /* Dovecot moves subscriptions with the folder, others do not. */
      if ((info->flags & CR_FOLDER_FLAG_SUBSCRIBED) != 0)
        {
          set_subscribed (run, info->path, FALSE);
          set_subscribed (run, path, TRUE);
        }
      /* Rows keep their messages: UIDs survive a RENAME (RFC 3501). */
      if (!cr_store_rename_folder (run->store, info->id, path, name, error))
        return FALSE;
      if (g_strcmp0 (*run->selected, info->path) == 0)
        g_clear_pointer (run->selected, g_free);
    }

  return TRUE;
}

static gpointer
rename_folder_job (CrImapSync     *self,
                   CrImapSyncRun  *run,
                   gpointer        data,
                   GError        **error)
{
  FolderOp *op = data;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *new_path = NULL;
  const char *last;
  int r;

  if ((folder = lookup_changeable (run, op->path, error)) == NULL)
    return NULL;
  if (!cr_imap_folder_check_name (op->name, folder->delimiter, error))
    return NULL;

  if (folder->delimiter != '\0' && (last = strrchr (folder->path, folder->delimiter)) != NULL)
    parent = g_strndup (folder->path, (gsize) (last - folder->path));
  new_path = cr_imap_folder_child_path (parent, folder->delimiter, op->name);
  if (strcmp (new_path, folder->path) == 0)
    return g_steal_pointer (&new_path);

  r = mailimap_rename (imap (run), folder->path, new_path);
  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    {
      cr_imap_sync_run_set_error (run, r, error);
      return NULL;
    }

  if (!rename_stored_tree (run, folder, new_path, error))
    return NULL;
  if ((folders = cr_imap_sync_run_folder_list (run, error)) == NULL)
    return NULL;

  return g_steal_pointer (&new_path);
}

static gpointer
delete_folder_job (CrImapSync     *self,
                   CrImapSyncRun  *run,
                   gpointer        data,
                   GError        **error)
{
  FolderOp *op = data;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GPtrArray) tree = NULL;

  if ((folder = lookup_changeable (run, op->path, error)) == NULL)
    return NULL;
  if ((tree = stored_tree (run, folder, error)) == NULL)
    return NULL;

  /* Deleting the selected folder makes some servers (Dovecot) hang up:
   * another SELECT leaves it first, without expunging anything. */
  if (*run->selected != NULL && cr_imap_folder_in_tree (*run->selected, folder) &&
      !cr_imap_sync_run_select (run, "INBOX", error))
    return NULL;

  /* Children first: servers refuse to delete a folder that has some. */
  for (guint i = tree->len; i > 0; i--)
    {
      CrFolderInfo *info = g_ptr_array_index (tree, i - 1);
      int r;

      r = mailimap_delete (imap (run), info->path);
      run->round_trips++;
      if (r != MAILIMAP_NO_ERROR)
        {
          cr_imap_sync_run_set_error (run, r, error);
          announce (run);
          return NULL;
        }
      set_subscribed (run, info->path, FALSE);
      if (!cr_store_delete_folder (run->store, info->id, error))
        return NULL;
    }
  announce (run);

  return GINT_TO_POINTER (TRUE);
}

/* Public API ------------------------------------------------------------ */

static void
queue_folder_job (CrImapSync          *self,
                  gpointer             source_tag,
                  CrImapSyncJobFunc    func,
                  FolderOp            *op,
                  const char          *shown_name,
                  GDestroyNotify       result_free,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* The name for the error message, whatever the server says. */
  g_task_set_task_data (task, g_strdup (shown_name), g_free);
  cr_imap_sync_queue_job (self, task, func, op, folder_op_free, result_free);
}

/* An error worth saying which folder it was about (not a cancel). */
static gboolean
needs_prefix (GError *error)
{
  return error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const char *
shown_name (GAsyncResult *result)
{
  return g_task_get_task_data (G_TASK (result));
}

/* The last part of @path, decoded, for messages. */
static char *
shown_name_of (CrImapSync *self,
               const char *path)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (self->store, self->account_id, path, NULL);

  if (folder != NULL)
    return g_strdup (folder->name);

  return cr_imap_folder_name (path, '\0');
}

/**
 * cr_imap_sync_create_folder_async:
 * @parent_path: (nullable): the server path of the parent, NULL for the
 *   top level
 * @name: the new folder's name, UTF-8 (one level: no delimiter)
 *
 * Creates the folder on the server, subscribes to it and reads the folder
 * list into the store. Fails when offline or refused by the server.
 */
void
cr_imap_sync_create_folder_async (CrImapSync          *self,
                                  const char          *parent_path,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  queue_folder_job (self, cr_imap_sync_create_folder_async, create_folder_job,
                    folder_op_new (parent_path, name), name, g_free,
                    cancellable, callback, user_data);
}

/**
 * cr_imap_sync_create_folder_finish:
 *
 * Returns: (transfer full) (nullable): the new folder's server path
 */
char *
cr_imap_sync_create_folder_finish (CrImapSync    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GError *local_error = NULL;
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_create_folder_async, NULL);

  path = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (needs_prefix (local_error))
    /* Translators: %s is a folder name, the reason follows */
    g_prefix_error (&local_error, _("The folder “%s” could not be created: "), shown_name (result));
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return path;
}

/**
 * cr_imap_sync_rename_folder_async:
 * @path: the folder's server path
 * @new_name: its new name, UTF-8; it stays under the same parent
 *
 * Renames the folder (and so its subfolders) on the server and in the
 * store, where its messages stay. Special folders are refused.
 */
void
cr_imap_sync_rename_folder_async (CrImapSync          *self,
                                  const char          *path,
                                  const char          *new_name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (new_name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  shown = shown_name_of (self, path);
  queue_folder_job (self, cr_imap_sync_rename_folder_async, rename_folder_job,
                    folder_op_new (path, new_name), shown, g_free,
                    cancellable, callback, user_data);
}

/**
 * cr_imap_sync_rename_folder_finish:
 *
 * Returns: (transfer full) (nullable): the folder's new server path
 */
char *
cr_imap_sync_rename_folder_finish (CrImapSync    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GError *local_error = NULL;
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_rename_folder_async, NULL);

  path = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (needs_prefix (local_error))
    /* Translators: %s is a folder name, the reason follows */
    g_prefix_error (&local_error, _("The folder “%s” could not be renamed: "), shown_name (result));
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return path;
}

/**
 * cr_imap_sync_delete_folder_async:
 * @path: the folder's server path
 *
 * Deletes the folder, its subfolders and their messages on the server,
 * then in the store. Special folders are refused. Asking the person
 * first is the caller's business.
 */
void
cr_imap_sync_delete_folder_async (CrImapSync          *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  shown = shown_name_of (self, path);
  queue_folder_job (self, cr_imap_sync_delete_folder_async, delete_folder_job,
                    folder_op_new (path, NULL), shown, NULL,
                    cancellable, callback, user_data);
}

gboolean
cr_imap_sync_delete_folder_finish (CrImapSync    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_delete_folder_async, FALSE);

  if (g_task_propagate_pointer (G_TASK (result), &local_error) != NULL)
    return TRUE;
  if (needs_prefix (local_error))
    /* Translators: %s is a folder name, the reason follows */
    g_prefix_error (&local_error, _("The folder “%s” could not be deleted: "), shown_name (result));
  g_propagate_error (error, local_error);

  return FALSE;
}
