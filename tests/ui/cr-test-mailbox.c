/* cr-test-mailbox.c — an account with folders and messages, straight into a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-test-mailbox.h"

static gint64
add_folder (CrStore      *store,
            const char   *account_id,
            const char   *path,
            const char   *name,
            CrFolderRole  role)
{
  g_autoptr(CrFolderInfo) info = cr_folder_info_new (account_id, path);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (info->name);
  info->name = g_strdup (name);
  info->delimiter = '/';
  info->role = role;
  info->flags = CR_FOLDER_FLAG_SUBSCRIBED;
  id = cr_store_upsert_folder (store, info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

CrTestMailbox *
cr_test_mailbox_new (CrContext *context)
{
  CrTestMailbox *self = g_new0 (CrTestMailbox, 1);
  CrAccountManager *manager = cr_context_get_account_manager (context);
  g_autoptr(GError) error = NULL;
  CrStore *store = cr_context_get_store (context, &error);
  const char *id;

  g_assert_no_error (error);

  self->account = cr_account_new (NULL);
  cr_account_set_display_name (self->account, "Élodie Dupré");
  cr_account_set_address (self->account, "elodie@lautre.net");
  cr_server_set_host (cr_account_get_incoming (self->account), "imap.lautre.net");
  cr_server_set_host (cr_account_get_outgoing (self->account), "smtp.lautre.net");
  g_assert_true (cr_account_manager_add (manager, self->account, &error));
  g_assert_no_error (error);
  id = cr_account_get_id (self->account);

  /* Not in the order they are shown, on purpose. */
  self->projects = add_folder (store, id, "Projets", "Projets", CR_FOLDER_ROLE_NONE);
  add_folder (store, id, "Projets/Courrier", "Courrier", CR_FOLDER_ROLE_NONE);
  self->trash = add_folder (store, id, "Trash", "Trash", CR_FOLDER_ROLE_TRASH);
  self->archive = add_folder (store, id, "Archive", "Archive", CR_FOLDER_ROLE_ARCHIVE);
  self->invoices = add_folder (store, id, "Factures", "Factures", CR_FOLDER_ROLE_NONE);
  self->sent = add_folder (store, id, "Sent", "Sent", CR_FOLDER_ROLE_SENT);
  self->junk = add_folder (store, id, "Junk", "Junk", CR_FOLDER_ROLE_JUNK);
  self->drafts = add_folder (store, id, "Drafts", "Drafts", CR_FOLDER_ROLE_DRAFTS);
  self->inbox = add_folder (store, id, "INBOX", "INBOX", CR_FOLDER_ROLE_INBOX);

  return self;
}

void
cr_test_mailbox_free (CrTestMailbox *self)
{
  g_clear_object (&self->account);
  g_free (self);
}

CrMessageInfo *
cr_test_mailbox_message (guint32     uid,
                         const char *subject,
                         const char *from_name,
                         gint64      date)
{
  CrMessageInfo *info = cr_message_info_new ();

  info->uid = uid;
  info->message_id = g_strdup_printf ("%u.test@lautre.net", uid);
  info->subject = g_strdup (subject);
  info->from_name = g_strdup (from_name);
  info->from_address = g_strdup_printf ("sender%u@example.org", uid % 97);
  cr_message_info_add_to (info, "Élodie Dupré", "elodie@lautre.net");
  info->date = date;
  info->internal_date = date;
  info->size = 1500 + (gint64) (uid % 50) * 1024;
  info->flags = uid % 3 == 0 ? CR_MESSAGE_FLAG_SEEN : 0;
  if (uid % 5 == 0)
    info->flags |= CR_MESSAGE_FLAG_FLAGGED;
  if (uid % 11 == 0)
    info->flags |= CR_MESSAGE_FLAG_ANSWERED;
  info->has_attachment = uid % 7 == 0;

  return info;
}

void
cr_test_mailbox_fill (CrStore *store,
                      gint64   folder_id,
                      guint32  first_uid,
                      guint    n,
                      gint64   newest)
{
  static const char *senders[] = { "Anne Martin", "Bruno Lefèvre", "Chloé Bernard", "David Petit" };
  static const char *subjects[] = { "Réunion de lundi", "Facture", "Vacances d’été",
                                    "Compte rendu", "Invitation" };
  const guint batch = 5000;

  for (guint start = 0; start < n; start += batch)
    {
      g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
      g_autoptr(GError) error = NULL;

      for (guint i = start; i < MIN (n, start + batch); i++)
        {
          guint32 uid = first_uid + i;
          g_autofree char *subject = g_strdup_printf ("%s n°%u", subjects[uid % G_N_ELEMENTS (subjects)], uid);

          g_ptr_array_add (infos, cr_test_mailbox_message (uid, subject, senders[uid % G_N_ELEMENTS (senders)],
                                                           newest - (gint64) (n - 1 - i) * 3600));
        }
      g_assert_true (cr_store_upsert_messages (store, folder_id, infos, &error));
      g_assert_no_error (error);
    }
}
