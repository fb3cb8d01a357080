/* cr-imap-folders.c — the folder list of an IMAP account
 *
 * LIST "" "*" gives every folder with its SPECIAL-USE flags (RFC 6154),
 * LSUB "" "*" the subscriptions. Servers without SPECIAL-USE but with
 * XLIST (old Gmail) tell roles through XLIST; failing both, well-known
 * names — French ones included — give the roles. Runs on the account's
 * worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libetpan/libetpan.h>
#include <string.h>

#include "cr-imap-folders.h"
#include "cr-mutf7.h"

typedef struct
{
  const char   *flag;
  CrFolderRole  role;
} FlagRole;

/* RFC 6154, and the XLIST names Gmail used before it. */
static const FlagRole flag_roles[] = {
  { "Sent", CR_FOLDER_ROLE_SENT },
  { "Drafts", CR_FOLDER_ROLE_DRAFTS },
  { "Trash", CR_FOLDER_ROLE_TRASH },
  { "Junk", CR_FOLDER_ROLE_JUNK },
  { "Spam", CR_FOLDER_ROLE_JUNK },
  { "Archive", CR_FOLDER_ROLE_ARCHIVE },
  { "Inbox", CR_FOLDER_ROLE_INBOX },
};

typedef struct
{
  const char   *name;
  CrFolderRole  role;
} NameRole;

/* Compared without case. Names seen at French and international
 * providers and in the clients people migrate from. */
static const NameRole name_roles[] = {
  { "Sent", CR_FOLDER_ROLE_SENT },
  { "Sent Messages", CR_FOLDER_ROLE_SENT },
  { "Sent Items", CR_FOLDER_ROLE_SENT },
  { "Sent Mail", CR_FOLDER_ROLE_SENT },
  { "Envoyés", CR_FOLDER_ROLE_SENT },
  { "Éléments envoyés", CR_FOLDER_ROLE_SENT },
  { "Messages envoyés", CR_FOLDER_ROLE_SENT },
  { "Drafts", CR_FOLDER_ROLE_DRAFTS },
  { "Draft", CR_FOLDER_ROLE_DRAFTS },
  { "Brouillons", CR_FOLDER_ROLE_DRAFTS },
  { "Trash", CR_FOLDER_ROLE_TRASH },
  { "Deleted Messages", CR_FOLDER_ROLE_TRASH },
  { "Deleted Items", CR_FOLDER_ROLE_TRASH },
  { "Corbeille", CR_FOLDER_ROLE_TRASH },
  { "Éléments supprimés", CR_FOLDER_ROLE_TRASH },
  { "Junk", CR_FOLDER_ROLE_JUNK },
  { "Junk E-mail", CR_FOLDER_ROLE_JUNK },
  { "Spam", CR_FOLDER_ROLE_JUNK },
  { "Pourriels", CR_FOLDER_ROLE_JUNK },
  { "Courrier indésirable", CR_FOLDER_ROLE_JUNK },
  { "Indésirables", CR_FOLDER_ROLE_JUNK },
  { "Archive", CR_FOLDER_ROLE_ARCHIVE },
  { "Archives", CR_FOLDER_ROLE_ARCHIVE },
};

/**
 * cr_imap_role_from_flag:
 * @flag: a LIST/XLIST attribute, with or without its backslash
 *
 * Returns: the role it gives, %CR_FOLDER_ROLE_NONE for other attributes
 */
CrFolderRole
cr_imap_role_from_flag (const char *flag)
{
  g_return_val_if_fail (flag != NULL, CR_FOLDER_ROLE_NONE);

  if (*flag == '\\')
    flag++;

  for (guint i = 0; i < G_N_ELEMENTS (flag_roles); i++)
    if (g_ascii_strcasecmp (flag, flag_roles[i].flag) == 0)
      return flag_roles[i].role;

  return CR_FOLDER_ROLE_NONE;
}

/**
 * cr_imap_role_from_name:
 * @name: a decoded folder name (the last part of the path)
 *
 * Returns: the role a well-known folder name suggests
 */
CrFolderRole
cr_imap_role_from_name (const char *name)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (name != NULL, CR_FOLDER_ROLE_NONE);

  folded = g_utf8_casefold (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (name_roles); i++)
    {
      g_autofree char *candidate = g_utf8_casefold (name_roles[i].name, -1);
      g_autofree char *a = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
      g_autofree char *b = g_utf8_normalize (candidate, -1, G_NORMALIZE_NFC);

      if (g_strcmp0 (a, b) == 0)
        return name_roles[i].role;
    }

  return CR_FOLDER_ROLE_NONE;
}

/**
 * cr_imap_folder_name:
 * @path: a folder path as the server sent it (modified UTF-7)
 * @delimiter: its hierarchy delimiter, or '\0'
 *
 * Returns: (transfer full): the decoded last part of @path, for display
 */
char *
cr_imap_folder_name (const char *path,
                     char        delimiter)
{
  g_autofree char *decoded = NULL;
  const char *last;

  g_return_val_if_fail (path != NULL, NULL);

  /* Some servers send UTF-8 although they should not: keep it then. */
  decoded = cr_mutf7_decode (path);
  if (decoded == NULL)
    decoded = g_utf8_make_valid (path, -1);

  if (delimiter != '\0' && (last = strrchr (decoded, delimiter)) != NULL && last[1] != '\0')
    return g_strdup (last + 1);

  return g_steal_pointer (&decoded);
}

static void
apply_list_flags (CrFolderInfo                   *info,
                  struct mailimap_mbx_list_flags *flags)
{
  if (flags == NULL)
    return;

  if (flags->mbf_type == MAILIMAP_MBX_LIST_FLAGS_SFLAG &&
      flags->mbf_sflag == MAILIMAP_MBX_LIST_SFLAG_NOSELECT)
    info->flags |= CR_FOLDER_FLAG_NOSELECT;

  for (clistiter *it = clist_begin (flags->mbf_oflags); it != NULL; it = clist_next (it))
    {
      struct mailimap_mbx_list_oflag *oflag = clist_content (it);
      CrFolderRole role;

      if (oflag->of_type != MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT || oflag->of_flag_ext == NULL)
        continue;

      /* LIST-EXTENDED: listed as a parent only. */
      if (g_ascii_strcasecmp (oflag->of_flag_ext, "NonExistent") == 0 ||
          g_ascii_strcasecmp (oflag->of_flag_ext, "Noselect") == 0)
        info->flags |= CR_FOLDER_FLAG_NOSELECT;

      role = cr_imap_role_from_flag (oflag->of_flag_ext);
      if (role != CR_FOLDER_ROLE_NONE && info->role == CR_FOLDER_ROLE_NONE)
        info->role = role;
    }
}

static gboolean
is_inbox (const char *path)
{
  return g_ascii_strcasecmp (path, "INBOX") == 0;
}

static CrFolderInfo *
folder_from_list (const char                   *account_id,
                  struct mailimap_mailbox_list *item)
{
  CrFolderInfo *info = cr_folder_info_new (account_id, item->mb_name);

  info->delimiter = item->mb_delimiter;
  g_free (info->name);
  info->name = cr_imap_folder_name (item->mb_name, item->mb_delimiter);
  apply_list_flags (info, item->mb_flag);

  /* INBOX is special by name in IMAP itself (RFC 3501 §5.1). */
  if (is_inbox (item->mb_name))
    info->role = CR_FOLDER_ROLE_INBOX;
  else if (info->role == CR_FOLDER_ROLE_INBOX)
    info->role = CR_FOLDER_ROLE_NONE;

  return info;
}

/* Each role goes to one folder only: the first flagged one wins, then
 * the first one whose name is well known, top-level names first. */
static void
assign_roles (GPtrArray *folders)
{
  gboolean taken[CR_FOLDER_ROLE_ARCHIVE + 1] = { FALSE, };

  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *info = g_ptr_array_index (folders, i);

      if (info->role == CR_FOLDER_ROLE_NONE)
        continue;
      if (taken[info->role])
        info->role = CR_FOLDER_ROLE_NONE;
      else
        taken[info->role] = TRUE;
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < folders->len; i++)
      {
        CrFolderInfo *info = g_ptr_array_index (folders, i);
        gboolean top_level = info->delimiter == '\0' || strchr (info->path, info->delimiter) == NULL;
        CrFolderRole role;

        if (info->role != CR_FOLDER_ROLE_NONE || (info->flags & CR_FOLDER_FLAG_NOSELECT) != 0)
          continue;
        if ((pass == 0) != top_level)
          continue;

        role = cr_imap_role_from_name (info->name);
        if (role != CR_FOLDER_ROLE_NONE && role != CR_FOLDER_ROLE_INBOX && !taken[role])
          {
            info->role = role;
            taken[role] = TRUE;
          }
      }
}

static gboolean
has_special_use (GPtrArray *folders)
{
  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *info = g_ptr_array_index (folders, i);

      if (info->role != CR_FOLDER_ROLE_NONE && info->role != CR_FOLDER_ROLE_INBOX)
        return TRUE;
    }

  return FALSE;
}

/* XLIST gives the same folders with roles (and a localised INBOX name we
 * do not want): only the roles are taken from it. */
static gboolean
merge_xlist_roles (CrImapSession  *session,
                   GPtrArray      *folders,
                   GError        **error)
{
  mailimap *imap = cr_imap_session_get_imap (session);
  clist *list = NULL;
  int r;

  if ((r = mailimap_xlist (imap, "", "*", &list)) != MAILIMAP_NO_ERROR)
    {
      cr_imap_session_set_error (session, r, error);
      return FALSE;
    }

  for (clistiter *it = clist_begin (list); it != NULL; it = clist_next (it))
    {
      struct mailimap_mailbox_list *item = clist_content (it);
      g_autoptr(CrFolderInfo) xinfo = folder_from_list ("", item);

      if (xinfo->role == CR_FOLDER_ROLE_NONE || xinfo->role == CR_FOLDER_ROLE_INBOX)
        continue;

      for (guint i = 0; i < folders->len; i++)
        {
          CrFolderInfo *info = g_ptr_array_index (folders, i);

          if (strcmp (info->path, item->mb_name) == 0 && info->role == CR_FOLDER_ROLE_NONE)
            info->role = xinfo->role;
        }
    }

  mailimap_list_result_free (list);

  return TRUE;
}

static gboolean
mark_subscribed (CrImapSession  *session,
                 GPtrArray      *folders,
                 GError        **error)
{
  g_autoptr(GHashTable) subscribed = g_hash_table_new (g_str_hash, g_str_equal);
  clist *list = NULL;
  int r;

  if ((r = mailimap_lsub (cr_imap_session_get_imap (session), "", "*", &list)) != MAILIMAP_NO_ERROR)
    {
      cr_imap_session_set_error (session, r, error);
      return FALSE;
    }

  for (clistiter *it = clist_begin (list); it != NULL; it = clist_next (it))
    {
      struct mailimap_mailbox_list *item = clist_content (it);

      g_hash_table_add (subscribed, item->mb_name);
    }

  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *info = g_ptr_array_index (folders, i);

      /* INBOX is always there for the person, subscribed or not. */
      if (g_hash_table_contains (subscribed, info->path) || info->role == CR_FOLDER_ROLE_INBOX)
        info->flags |= CR_FOLDER_FLAG_SUBSCRIBED;
    }

  mailimap_list_result_free (list);

  return TRUE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  const CrFolderInfo *fa = *(CrFolderInfo * const *) a;
  const CrFolderInfo *fb = *(CrFolderInfo * const *) b;

  return strcmp (fa->path, fb->path);
}

/**
 * cr_imap_list_folders:
 * @session: a logged-in session (used from its worker thread only)
 * @account_id: the account the folders belong to
 *
 * Lists every folder, with roles, flags (subscribed, \Noselect) and
 * decoded names; two or three round trips.
 *
 * Returns: (transfer full) (element-type CrFolderInfo) (nullable): the
 *   folders sorted by path, or %NULL with @error set
 */
GPtrArray *
cr_imap_list_folders (CrImapSession  *session,
                      const char     *account_id,
                      GError        **error)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_folder_info_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  clist *list = NULL;
  int r;

  g_return_val_if_fail (CR_IS_IMAP_SESSION (session), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  if ((r = mailimap_list (cr_imap_session_get_imap (session), "", "*", &list)) != MAILIMAP_NO_ERROR)
    {
      cr_imap_session_set_error (session, r, error);
      return NULL;
    }

  for (clistiter *it = clist_begin (list); it != NULL; it = clist_next (it))
    {
      struct mailimap_mailbox_list *item = clist_content (it);
      CrFolderInfo *info;

      /* A server may list a folder twice (namespaces overlapping). */
      if (g_hash_table_contains (seen, item->mb_name))
        continue;

      info = folder_from_list (account_id, item);
      g_hash_table_add (seen, info->path);
      g_ptr_array_add (folders, info);
    }

  mailimap_list_result_free (list);

  if (!has_special_use (folders) && cr_imap_session_has_capability (session, "XLIST") &&
      !merge_xlist_roles (session, folders, error))
    return NULL;

  if (!mark_subscribed (session, folders, error))
    return NULL;

  g_ptr_array_sort (folders, compare_paths);
  assign_roles (folders);

  return g_steal_pointer (&folders);
}
