/* test-imap-sync.c — the IMAP sync engine against a real server
 *
 * Against the private Dovecot (IMAPS, CONDSTORE and QRESYNC on): first
 * sync with decoded French headers and folder roles; changes by another
 * client seen on resync, with QRESYNC and with the fallback path; a
 * UIDVALIDITY change; a connection cut in the middle of a FETCH (through
 * a proxy that cuts); bodies on demand that stay unread on the server;
 * offline download; a wrong password; shutting down with jobs queued.
 *
 * Each test works in folders of its own and a store of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-sync-test-util.h"

static CrSyncTestServers servers;
static GThread *main_thread;

typedef struct
{
  char       *dir;
  CrStore    *store;
  CrImapSync *sync;
  guint       progress_calls;
  guint       progress_off_thread;
  guint       resets;
  GHashTable *progress_last; /* path → last "done" */
} Fixture;

static void
on_progress (CrImapSync *sync,
             const char *path,
             guint       done,
             guint       total,
             Fixture    *fixture)
{
  fixture->progress_calls++;
  if (g_thread_self () != main_thread)
    fixture->progress_off_thread++;
  g_assert_cmpuint (done, <=, total);
  g_hash_table_insert (fixture->progress_last, g_strdup (path), GUINT_TO_POINTER (done));
}

static void
on_changed (CrImapSync *sync,
            gint64      folder_id,
            guint       change,
            Fixture    *fixture)
{
  g_assert_true (g_thread_self () == main_thread);
  if (change & CR_STORE_CHANGE_RESET)
    fixture->resets++;
}

static void
fixture_setup_full (Fixture     *fixture,
                    guint16      port,
                    const char  *password)
{
  fixture->store = cr_sync_test_open_store ("sync", &fixture->dir, NULL);
  fixture->sync = cr_sync_test_new_sync (&servers, fixture->store, port, password);
  fixture->progress_last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (fixture->sync, "progress", G_CALLBACK (on_progress), fixture);
  g_signal_connect (fixture->sync, "changed", G_CALLBACK (on_changed), fixture);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_setup_full (fixture, cr_test_dovecot_get_port (servers.dovecot, CR_TEST_IMAPS),
                      cr_test_dovecot_get_password (servers.dovecot));
}

static void
fixture_setup_proxy (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_setup_full (fixture, cr_test_proxy_get_port (servers.proxy), cr_test_dovecot_get_password (servers.dovecot));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cr_sync_test_drop_sync (&fixture->sync);
  cr_sync_test_close_store (&fixture->store, NULL, &fixture->dir);
  g_clear_pointer (&fixture->progress_last, g_hash_table_unref);
}

/* Helpers ------------------------------------------------------------- */

static gboolean
sync_account (Fixture  *fixture,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_sync_async (fixture->sync, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_sync_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

static gboolean
sync_folder (Fixture     *fixture,
             const char  *path,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_sync_folder_async (fixture->sync, path, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_sync_folder_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

static GBytes *
fetch_body (Fixture  *fixture,
            gint64    message_id,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_fetch_body_async (fixture->sync, message_id, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_fetch_body_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

static CrFolderInfo *
folder (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  CrFolderInfo *info = cr_store_lookup_folder (fixture->store, "test", path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);

  return info;
}

static GPtrArray *
messages (Fixture    *fixture,
          const char *path)
{
  g_autoptr(CrFolderInfo) info = folder (fixture, path);
  CrMessageQuery query = { info->id, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  g_autoptr(GError) error = NULL;
  GPtrArray *list = cr_store_list_messages (fixture->store, &query, 0, 1000000, &error);

  g_assert_no_error (error);

  return list;
}

static CrMessageInfo *
find_by_message_id (GPtrArray  *list,
                    const char *message_id)
{
  for (guint i = 0; i < list->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (list, i);

      if (g_strcmp0 (info->message_id, message_id) == 0)
        return info;
    }

  g_error ("no message <%s>", message_id);
}

static CrMessageInfo *
find_by_uid (GPtrArray *list,
             guint32    uid)
{
  for (guint i = 0; i < list->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (list, i);

      if (info->uid == uid)
        return info;
    }

  return NULL;
}

static void
doveadm (const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* cr_test_dovecot_doveadm is variadic too: pass up to ten words. */
  g_assert_cmpuint (args->len, <=, 11);
  g_ptr_array_set_size (args, 11);
  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, NULL, &error,
                                          args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3],
                                          args->pdata[4], args->pdata[5], args->pdata[6], args->pdata[7],
                                          args->pdata[8], args->pdata[9], NULL));
  g_assert_no_error (error);
}

static void
seed (const char *mailbox,
      guint       n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_seed (servers.dovecot, mailbox, n, &error));
  g_assert_no_error (error);
}

static void
seed_message (const char *mailbox,
              const char *raw,
              const char *flags)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_seed_message (servers.dovecot, mailbox, raw, strlen (raw), flags,
                                               g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
}

static void
deliver (const char *mailbox,
         const char *raw)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_deliver (servers.dovecot, mailbox, raw, strlen (raw), &error));
  g_assert_no_error (error);
}

static void
assert_integrity (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

/* Messages ------------------------------------------------------------ */

static const char encoded_words[] =
  "From: =?ISO-8859-1?Q?Fran=E7ois_L=E9v=EAque?= <francois@example.test>\n"
  "To: =?UTF-8?B?Wm/DqSBNYXJ0aW4=?= <zoe@example.test>, paul@example.test\n"
  "Cc: \"Agn\xc3\xa8s Duval\" <agnes@example.test>\n"
  "Subject: =?UTF-8?Q?R=C3=A9union_d=E2=80=99=C3=A9quipe?= =?UTF-8?Q?_=C3=A0_15h?=\n"
  "Date: Tue, 3 Mar 2026 09:15:00 +0100\n"
  "Message-ID: <words@example.test>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/plain; charset=UTF-8\n"
  "\n"
  "Bonjour \xc3\xa0 tous.\n";

static const char related[] =
  "From: H\xc3\xa9l\xc3\xa8ne <helene@example.test>\n"
  "To: =?UTF-8?Q?=C3=89quipe?=: test@example.test;\n"
  "Subject: Caf\xc3\xa9 cr\xc3\xa8me\n"
  " et p\xc3\xa2tisseries\n"
  "Date: Wed, 4 Mar 2026\n"
  " 16:00:00 +0000\n"
  "Message-ID: <related@example.test>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/related; boundary=\"rel\"\n"
  "\n"
  "--rel\n"
  "Content-Type: text/html; charset=UTF-8\n"
  "\n"
  "<p>Voici <img src=\"cid:logo@example.test\"></p>\n"
  "--rel\n"
  "Content-Type: image/png; name=\"logo.png\"\n"
  "Content-ID: <logo@example.test>\n"
  "Content-Disposition: inline; filename=\"logo.png\"\n"
  "Content-Transfer-Encoding: base64\n"
  "\n"
  "iVBORw0KGgo=\n"
  "--rel--\n";

static const char attachments[] =
  "From: Service comptable <compta@example.test>\n"
  "To: test@example.test\n"
  "Subject: Pi\xc3\xa8" "ces jointes\n"
  "Date: Thu, 5 Mar 2026 08:00:00 +0000\n"
  "Message-ID: <attachments@example.test>\n"
  "In-Reply-To: <second@example.test>\n"
  "References: <first@example.test>\n"
  " <second@example.test>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/mixed; boundary=\"mix\"\n"
  "\n"
  "--mix\n"
  "Content-Type: text/plain; charset=UTF-8\n"
  "\n"
  "Ci-joint.\n"
  "--mix\n"
  "Content-Type: application/pdf\n"
  "Content-Disposition: attachment; filename*0*=UTF-8''r%C3%A9sum%C3%A9;\n"
  " filename*1*=.pdf\n"
  "Content-Transfer-Encoding: base64\n"
  "\n"
  "JVBERi0=\n"
  "--mix\n"
  "Content-Type: image/jpeg; name=\"=?UTF-8?Q?photo_=C3=A9t=C3=A9.jpg?=\"\n"
  "Content-Transfer-Encoding: base64\n"
  "\n"
  "/9j/4AA=\n"
  "--mix--\n";

static char *
simple_message (const char *id,
                const char *subject)
{
  return g_strdup_printf ("From: Robot <robot@example.test>\n"
                          "To: test@example.test\n"
                          "Subject: %s\n"
                          "Date: Fri, 6 Mar 2026 10:00:00 +0000\n"
                          "Message-ID: <%s@example.test>\n"
                          "\n"
                          "Rien.\n", subject, id);
}

/* Tests --------------------------------------------------------------- */

static void
test_initial_sync (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GPtrArray) sent_fr = NULL;
  g_autoptr(CrFolderInfo) info = NULL;
  g_autofree char *first = simple_message ("envoye-1", "Premier envoi");
  g_autofree char *second = simple_message ("envoye-2", "Second envoi");
  g_autofree char *far_away = simple_message ("lointain", "Loin");
  CrMessageInfo *message;
  const struct { const char *path; CrFolderRole role; } roles[] = {
    { "INBOX", CR_FOLDER_ROLE_INBOX },
    { "Sent", CR_FOLDER_ROLE_SENT },
    { "Drafts", CR_FOLDER_ROLE_DRAFTS },
    { "Trash", CR_FOLDER_ROLE_TRASH },
    { "Junk", CR_FOLDER_ROLE_JUNK },
    { "Archive", CR_FOLDER_ROLE_ARCHIVE },
  };
  gboolean found_invoice = FALSE;

  seed ("INBOX", 1234);
  seed_message ("INBOX", encoded_words, "SF");
  seed_message ("INBOX", related, "");
  seed_message ("INBOX", attachments, "R");

  /* A French folder name goes over the wire in modified UTF-7. */
  doveadm ("mailbox", "create", "-s", "-u", cr_test_dovecot_get_user (servers.dovecot), "Envoyés", NULL);
  deliver ("Envoyés", first);
  deliver ("Envoyés", second);
  doveadm ("mailbox", "create", "-s", "-u", cr_test_dovecot_get_user (servers.dovecot), "Projets/Été 2026", NULL);
  doveadm ("mailbox", "create", "-u", cr_test_dovecot_get_user (servers.dovecot), "Lointain", NULL);
  deliver ("Lointain", far_away);
  doveadm ("mailbox", "create", "-s", "-u", cr_test_dovecot_get_user (servers.dovecot), "Ephemere", NULL);

  g_assert_true (sync_account (fixture, &error));
  g_assert_no_error (error);
  assert_integrity (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(CrFolderInfo) role_folder = folder (fixture, roles[i].path);

      g_assert_cmpint (role_folder->role, ==, roles[i].role);
      g_assert_cmpint (role_folder->delimiter, ==, '/');
    }

  info = folder (fixture, "INBOX");
  g_assert_cmpuint (info->total, ==, 1237);
  g_assert_cmpuint (info->uidnext, ==, 1238);
  g_assert_cmpuint (info->uidvalidity, !=, 0);
  g_assert_cmpuint (info->highestmodseq, !=, 0);
  g_clear_pointer (&info, cr_folder_info_unref);

  /* Decoded, with the delimiter kept, subscribed, not special: the
   * flagged Sent folder has the role. */
  info = folder (fixture, "Envoy&AOk-s");
  g_assert_cmpstr (info->name, ==, "Envoyés");
  g_assert_cmpint (info->role, ==, CR_FOLDER_ROLE_NONE);
  g_assert_true (info->flags & CR_FOLDER_FLAG_SUBSCRIBED);
  g_assert_cmpuint (info->total, ==, 2);
  g_clear_pointer (&info, cr_folder_info_unref);
  sent_fr = messages (fixture, "Envoy&AOk-s");
  g_assert_nonnull (find_by_message_id (sent_fr, "envoye-2@example.test"));

  info = folder (fixture, "Projets/&AMk-t&AOk- 2026");
  g_assert_cmpstr (info->name, ==, "Été 2026");
  g_clear_pointer (&info, cr_folder_info_unref);
  /* The parent is a tree node (\Noselect or listed as a parent). */
  info = folder (fixture, "Projets");
  g_assert_cmpstr (info->name, ==, "Projets");
  g_clear_pointer (&info, cr_folder_info_unref);

  /* Listed but not subscribed: not synced. */
  info = folder (fixture, "Lointain");
  g_assert_false (info->flags & CR_FOLDER_FLAG_SUBSCRIBED);
  g_assert_cmpuint (info->total, ==, 0);
  g_clear_pointer (&info, cr_folder_info_unref);

  inbox = messages (fixture, "INBOX");
  g_assert_cmpuint (inbox->len, ==, 1237);

  message = find_by_message_id (inbox, "words@example.test");
  g_assert_cmpstr (message->subject, ==, "Réunion d’équipe à 15h");
  g_assert_cmpstr (message->from_name, ==, "François Lévêque");
  g_assert_cmpstr (message->from_address, ==, "francois@example.test");
  g_assert_cmpuint (message->to->len, ==, 2);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (message->to, 0))->name, ==, "Zoé Martin");
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (message->to, 1))->address, ==, "paul@example.test");
  g_assert_cmpuint (message->cc->len, ==, 1);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (message->cc, 0))->name, ==, "Agnès Duval");
  g_assert_cmpint (message->flags, ==, CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FLAGGED);
  g_assert_cmpint (message->date, ==, 1772525700); /* 2026-03-03 08:15 UTC */
  g_assert_false (message->has_attachment);

  message = find_by_message_id (inbox, "related@example.test");
  g_assert_cmpstr (message->subject, ==, "Café crème et pâtisseries");
  g_assert_cmpstr (message->from_name, ==, "Hélène");
  /* Folded fields, and a group around the only recipient. */
  g_assert_cmpint (message->date, ==, 1772640000); /* 2026-03-04 16:00 UTC */
  g_assert_cmpuint (message->to->len, ==, 1);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (message->to, 0))->address, ==, "test@example.test");
  g_assert_null (((CrAddress *) g_ptr_array_index (message->to, 0))->name);
  g_assert_cmpint (message->flags, ==, CR_MESSAGE_FLAG_NONE);
  /* A cid: picture of the HTML is no attachment. */
  g_assert_false (message->has_attachment);

  message = find_by_message_id (inbox, "attachments@example.test");
  g_assert_cmpstr (message->subject, ==, "Pièces jointes");
  g_assert_cmpint (message->flags, ==, CR_MESSAGE_FLAG_ANSWERED);
  g_assert_true (message->has_attachment);
  g_assert_nonnull (message->attachment_names);
  g_assert_cmpstr (message->attachment_names[0], ==, "résumé.pdf");
  g_assert_cmpstr (message->attachment_names[1], ==, "photo été.jpg");
  g_assert_null (message->attachment_names[2]);
  g_assert_cmpstr (message->references, ==, "first@example.test second@example.test");
  g_assert_cmpstr (message->in_reply_to, ==, "second@example.test");
  g_assert_cmpint (message->size, >, 0);
  g_assert_cmpint (message->internal_date, >, 0);

  /* Generated mail: RFC 2231 names in every fourth message. */
  for (guint i = 0; i < inbox->len; i++)
    {
      CrMessageInfo *m = g_ptr_array_index (inbox, i);

      if (m->attachment_names != NULL && g_str_has_prefix (m->attachment_names[0], "facture-été-"))
        found_invoice = TRUE;
    }
  g_assert_true (found_invoice);

  /* Progress came on the main thread, up to the whole inbox. */
  g_assert_cmpuint (fixture->progress_calls, >, 0);
  g_assert_cmpuint (fixture->progress_off_thread, ==, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (fixture->progress_last, "INBOX")), ==, 1237);

  /* A folder deleted on the server goes from the store. */
  info = folder (fixture, "Ephemere");
  g_clear_pointer (&info, cr_folder_info_unref);
  doveadm ("mailbox", "delete", "-u", cr_test_dovecot_get_user (servers.dovecot), "Ephemere", NULL);
  g_assert_true (sync_account (fixture, &error));
  g_assert_no_error (error);
  info = cr_store_lookup_folder (fixture->store, "test", "Ephemere", &error);
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_assert_null (info);
  g_clear_error (&error);

  /* Nothing changed: the second sync did not refetch anything. */
  g_clear_pointer (&inbox, g_ptr_array_unref);
  inbox = messages (fixture, "INBOX");
  g_assert_cmpuint (inbox->len, ==, 1237);
}

static void
test_resync (Fixture       *fixture,
             gconstpointer  data)
{
  gboolean qresync = GPOINTER_TO_INT (data);
  const char *path = qresync ? "ResyncQ" : "ResyncPlain";
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(CrFolderInfo) info = NULL;
  g_autofree char *fresh = simple_message (qresync ? "fresh-q" : "fresh-plain", "Tout frais");
  CrMessageInfo *message;

  cr_imap_sync_set_use_qresync (fixture->sync, qresync);
  doveadm ("mailbox", "create", "-s", "-u", user, path, NULL);
  seed (path, 60);

  g_assert_true (sync_folder (fixture, path, &error));
  g_assert_no_error (error);
  info = folder (fixture, path);
  g_assert_cmpuint (info->total, ==, 60);
  if (qresync)
    g_assert_cmpuint (info->highestmodseq, !=, 0);
  else
    g_assert_cmpuint (info->highestmodseq, ==, 0);
  g_clear_pointer (&info, cr_folder_info_unref);

  /* Nothing changed: with QRESYNC, NOOP and STATUS say so (NOOP as the
   * folder is still selected); without, SELECT and a flags scan. */
  g_assert_true (sync_folder (fixture, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cr_imap_sync_get_round_trips (fixture->sync), ==, 2);

  /* Another client: a new message, flags, expunges. */
  deliver (path, fresh);
  doveadm ("flags", "add", "-u", user, "\\Seen \\Flagged", "mailbox", path, "uid", "3", NULL);
  doveadm ("flags", "replace", "-u", user, "\\Answered", "mailbox", path, "uid", "4", NULL);
  doveadm ("expunge", "-u", user, "mailbox", path, "uid", "5,7", NULL);

  g_assert_true (sync_folder (fixture, path, &error));
  g_assert_no_error (error);
  assert_integrity (fixture);

  /* With QRESYNC: NOOP, STATUS (something changed), SELECT, UID FETCH
   * (CHANGEDSINCE … VANISHED); without: SELECT and a flags scan. Then
   * UID SEARCH and UID FETCH of the new message. */
  g_assert_cmpuint (cr_imap_sync_get_round_trips (fixture->sync), ==, (qresync ? 6 : 4));

  list = messages (fixture, path);
  g_assert_cmpuint (list->len, ==, 59);
  g_assert_null (find_by_uid (list, 5));
  g_assert_null (find_by_uid (list, 7));
  message = find_by_uid (list, 3);
  g_assert_true (message->flags & CR_MESSAGE_FLAG_SEEN);
  g_assert_true (message->flags & CR_MESSAGE_FLAG_FLAGGED);
  message = find_by_uid (list, 4);
  g_assert_cmpint (message->flags, ==, CR_MESSAGE_FLAG_ANSWERED);
  message = find_by_message_id (list, qresync ? "fresh-q@example.test" : "fresh-plain@example.test");
  g_assert_cmpuint (message->uid, ==, 61);
  g_assert_cmpstr (message->subject, ==, "Tout frais");

  info = folder (fixture, path);
  g_assert_cmpuint (info->total, ==, 59);
  g_assert_cmpuint (info->uidnext, ==, 62);
}

static void
test_uidvalidity (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) before = NULL;
  g_autoptr(CrFolderInfo) after = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *validity = NULL;
  gint64 old_id;

  doveadm ("mailbox", "create", "-s", "-u", user, "Validity", NULL);
  seed ("Validity", 10);
  g_assert_true (sync_folder (fixture, "Validity", &error));
  g_assert_no_error (error);
  before = folder (fixture, "Validity");
  g_assert_cmpuint (before->total, ==, 10);
  list = messages (fixture, "Validity");
  old_id = ((CrMessageInfo *) g_ptr_array_index (list, 0))->id;
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The server renumbers the folder: every UID we hold is void. Leave
   * the folder first, as a server does not renumber a selected one. */
  g_assert_true (sync_folder (fixture, "INBOX", &error));
  g_assert_no_error (error);
  validity = g_strdup_printf ("%u", before->uidvalidity + 1000);
  doveadm ("mailbox", "update", "-u", user, "--uid-validity", validity, "Validity", NULL);

  g_assert_true (sync_folder (fixture, "Validity", &error));
  g_assert_no_error (error);
  assert_integrity (fixture);

  after = folder (fixture, "Validity");
  g_assert_cmpuint (after->uidvalidity, ==, before->uidvalidity + 1000);
  g_assert_cmpuint (after->total, ==, 10);
  g_assert_cmpuint (fixture->resets, ==, 1);

  /* The rows were made again. */
  list = messages (fixture, "Validity");
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (list, i))->id, !=, old_id);
}

static void
test_connection_cut (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) info = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint32 lowest = G_MAXUINT32;

  doveadm ("mailbox", "create", "-s", "-u", user, "Cut", NULL);
  seed ("Cut", 3000);
  cr_imap_sync_set_batch_size (fixture->sync, 500);

  /* Log in and list through the proxy, then cut in the third batch. */
  g_assert_true (sync_folder (fixture, "INBOX", &error));
  g_assert_no_error (error);
  cr_test_proxy_cut_after (servers.proxy, 800 * 1024);

  g_assert_false (sync_folder (fixture, "Cut", &error));
  g_assert_nonnull (error);
  g_test_message ("cut: %s", error->message);
  g_assert_true (error->domain == CR_NET_ERROR);
  g_assert_cmpint (error->code, !=, CR_NET_ERROR_AUTH_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (cr_test_proxy_get_cuts (servers.proxy), >=, 1);
  cr_test_proxy_cut_after (servers.proxy, -1);

  /* Whole batches only, the newest ones, and no state moved on. */
  assert_integrity (fixture);
  info = folder (fixture, "Cut");
  g_assert_cmpuint (info->total % 500, ==, 0);
  g_assert_cmpuint (info->total, >, 0);
  g_assert_cmpuint (info->total, <, 3000);
  g_assert_cmpuint (info->uidnext, ==, 0);
  list = messages (fixture, "Cut");
  for (guint i = 0; i < list->len; i++)
    lowest = MIN (lowest, ((CrMessageInfo *) g_ptr_array_index (list, i))->uid);
  g_assert_cmpuint (lowest, ==, 3000 - info->total + 1);
  g_clear_pointer (&info, cr_folder_info_unref);

  /* The next sync reconnects and completes, without duplicates. */
  g_assert_true (sync_folder (fixture, "Cut", &error));
  g_assert_no_error (error);
  assert_integrity (fixture);
  info = folder (fixture, "Cut");
  g_assert_cmpuint (info->total, ==, 3000);
  g_assert_cmpuint (info->uidnext, ==, 3001);
}

/* The server says BYE in the middle of a header fetch (an administrator
 * kicks the user): the job stops there, without touching the closed
 * session again for the next folder, and the next sync completes. */
static void
test_bye_mid_fetch (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) big = NULL;
  g_autoptr(CrFolderInfo) zed = NULL;
  guint at_kick;

  doveadm ("mailbox", "create", "-s", "-u", user, "Big", NULL);
  doveadm ("mailbox", "create", "-s", "-u", user, "Zed", NULL);
  seed ("Big", 20000);
  seed ("Zed", 3);
  /* Small batches: many round trips, so the kick lands mid-folder. */
  cr_imap_sync_set_batch_size (fixture->sync, 10);

  cr_imap_sync_sync_async (fixture->sync, NULL, cr_sync_test_on_done, &result);
  while (GPOINTER_TO_UINT (g_hash_table_lookup (fixture->progress_last, "Big")) < 200 && result == NULL)
    g_main_context_iteration (NULL, TRUE);
  at_kick = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->progress_last, "Big"));
  g_assert_null (result);
  doveadm ("kick", user, NULL);

  g_assert_false (cr_imap_sync_sync_finish (fixture->sync, cr_sync_test_wait_for (&result), &error));
  g_test_message ("kicked at %u: %s", at_kick, error->message);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST);
  g_clear_error (&error);
  assert_integrity (fixture);
  big = folder (fixture, "Big");
  g_assert_cmpuint (big->total, <, 20000);
  g_assert_cmpuint (big->total % 10, ==, 0);
  g_clear_pointer (&big, cr_folder_info_unref);

  g_assert_true (sync_account (fixture, &error));
  g_assert_no_error (error);
  assert_integrity (fixture);
  big = folder (fixture, "Big");
  zed = folder (fixture, "Zed");
  g_assert_cmpuint (big->total, ==, 20000);
  g_assert_cmpuint (zed->total, ==, 3);
}

/* Every seventh message file of @mailbox made unreadable (or readable
 * again); returns how many. */
static guint
lock_messages (const char *mailbox,
               gboolean    locked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) uids = cr_test_dovecot_lock_messages (servers.dovecot, mailbox, G_MAXUINT, locked, &error);

  g_assert_no_error (error);
  return uids->len;
}

/* Messages the server cannot read (a damaged file): it refuses the
 * batches that hold them, but sends the others, which are all kept, the
 * batches after them included; the session stays usable, and once the
 * files are readable again the next sync brings the rest. */
static void
test_unreadable_messages (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) info = NULL;
  guint locked;

  doveadm ("mailbox", "create", "-s", "-u", user, "Broken", NULL);
  seed ("Broken", 300);
  cr_imap_sync_set_batch_size (fixture->sync, 50);
  g_assert_true (sync_folder (fixture, "INBOX", &error));
  g_assert_no_error (error);
  /* Dovecot keeps a folder's files in cur/ once a session saw them. */
  doveadm ("mailbox", "status", "-u", user, "messages", "Broken", NULL);
  locked = lock_messages ("Broken", TRUE);
  g_assert_cmpuint (locked, >, 2);

  g_assert_false (sync_folder (fixture, "Broken", &error));
  g_test_message ("%u unreadable: %s", locked, error->message);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR);
  g_clear_error (&error);
  assert_integrity (fixture);
  info = folder (fixture, "Broken");
  g_assert_cmpuint (info->total, ==, 300 - locked);
  g_assert_cmpuint (info->uidnext, ==, 0);
  g_clear_pointer (&info, cr_folder_info_unref);

  /* Still in step with the server. */
  g_assert_true (sync_folder (fixture, "INBOX", &error));
  g_assert_no_error (error);

  lock_messages ("Broken", FALSE);
  g_assert_true (sync_folder (fixture, "Broken", &error));
  g_assert_no_error (error);
  assert_integrity (fixture);
  info = folder (fixture, "Broken");
  g_assert_cmpuint (info->total, ==, 300);
  g_assert_cmpuint (info->uidnext, ==, 301);
}

static char *
normalize_newlines (const char *data,
                    gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    if (!(data[i] == '\r' && i + 1 < length && data[i + 1] == '\n'))
      g_string_append_c (out, data[i]);

  return g_string_free (out, FALSE);
}

static void
test_fetch_body (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GBytes) big_raw = NULL;
  g_autoptr(CrMessageInfo) reloaded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flags = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  CrMessageInfo *message, *big_message;

  doveadm ("mailbox", "create", "-s", "-u", user, "Bodies", NULL);
  seed_message ("Bodies", attachments, "");
  /* Over CR_IMAP_BODY_CHUNK (4 MiB): fetched in pieces. */
  g_string_append (big, "From: Robot <robot@example.test>\nSubject: Gros\nMessage-ID: <big@example.test>\n\n");
  while (big->len < 9 * 1024 * 1024 + 12345)
    g_string_append (big, "Une ligne de texte assez longue pour remplir le message.\n");
  seed_message ("Bodies", big->str, "");

  g_assert_true (sync_folder (fixture, "Bodies", &error));
  g_assert_no_error (error);
  list = messages (fixture, "Bodies");
  message = find_by_message_id (list, "attachments@example.test");
  g_assert_cmpint (message->body_state, ==, CR_BODY_STATE_NONE);

  raw = fetch_body (fixture, message->id, &error);
  g_assert_no_error (error);
  text = normalize_newlines (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
  g_assert_cmpstr (text, ==, attachments);

  reloaded = cr_store_get_message (fixture->store, message->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reloaded->body_state, ==, CR_BODY_STATE_CACHED);
  cached = cr_store_load_body (fixture->store, message->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cached, raw));

  /* BODY.PEEK: still unread on the server. */
  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, &flags, &error, "fetch", "-u", user, "flags",
                                          "mailbox", "Bodies", "uid", "1", NULL));
  g_assert_no_error (error);
  g_assert_null (strstr (flags, "\\Seen"));

  big_message = find_by_message_id (list, "big@example.test");
  big_raw = fetch_body (fixture, big_message->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (big_raw), ==, big_message->size);
  /* Three pieces of 4 MiB at most (the folder was selected already). */
  g_assert_cmpuint (cr_imap_sync_get_round_trips (fixture->sync), ==, 3);
  g_clear_pointer (&text, g_free);
  text = normalize_newlines (g_bytes_get_data (big_raw, NULL), g_bytes_get_size (big_raw));
  g_assert_true (strcmp (text, big->str) == 0);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (servers.dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *flags = NULL;

  doveadm ("mailbox", "create", "-s", "-u", user, "Offline", NULL);
  seed ("Offline", 130);
  cr_imap_sync_set_offline_days (fixture->sync, 36500);

  g_assert_true (sync_folder (fixture, "Offline", &error));
  g_assert_no_error (error);
  assert_integrity (fixture);

  list = messages (fixture, "Offline");
  g_assert_cmpuint (list->len, ==, 130);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (list, i))->body_state, ==, CR_BODY_STATE_CACHED);

  /* Unread ones stayed unread. */
  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, &flags, &error, "search", "-u", user,
                                          "mailbox", "Offline", "unseen", NULL));
  g_assert_no_error (error);
  g_strstrip (flags);
  g_assert_cmpstr (flags, !=, "");
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cr_imap_sync_set_password (fixture->sync, "not the password");
  g_assert_false (sync_folder (fixture, "INBOX", &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
}

static void
test_shutdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) late = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[2];

  cr_imap_sync_sync_folder_async (fixture->sync, "INBOX", NULL, cr_sync_test_on_done, &first);
  cr_imap_sync_sync_folder_async (fixture->sync, "INBOX", NULL, cr_sync_test_on_done, &second);
  cr_imap_sync_shutdown (fixture->sync);

  /* Each answers once: done before the shutdown, or cancelled. */
  results[0] = cr_sync_test_wait_for (&first);
  results[1] = cr_sync_test_wait_for (&second);
  for (guint i = 0; i < 2; i++)
    {
      if (!cr_imap_sync_sync_folder_finish (fixture->sync, results[i], &error))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
    }

  cr_imap_sync_sync_folder_async (fixture->sync, "INBOX", NULL, cr_sync_test_on_done, &late);
  g_assert_false (cr_imap_sync_sync_folder_finish (fixture->sync, cr_sync_test_wait_for (&late), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  cr_sync_test_servers_start (&servers, env_dir, TRUE);

  g_test_add ("/imap-sync/initial", Fixture, NULL, fixture_setup, test_initial_sync, fixture_teardown);
  g_test_add ("/imap-sync/resync/qresync", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_resync, fixture_teardown);
  g_test_add ("/imap-sync/resync/fallback", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_resync, fixture_teardown);
  g_test_add ("/imap-sync/uidvalidity", Fixture, NULL, fixture_setup, test_uidvalidity, fixture_teardown);
  g_test_add ("/imap-sync/connection-cut", Fixture, NULL, fixture_setup_proxy, test_connection_cut, fixture_teardown);
  g_test_add ("/imap-sync/bye-mid-fetch", Fixture, NULL, fixture_setup, test_bye_mid_fetch, fixture_teardown);
  g_test_add ("/imap-sync/unreadable-messages", Fixture, NULL, fixture_setup, test_unreadable_messages,
              fixture_teardown);
  g_test_add ("/imap-sync/fetch-body", Fixture, NULL, fixture_setup, test_fetch_body, fixture_teardown);
  g_test_add ("/imap-sync/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/imap-sync/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/imap-sync/shutdown", Fixture, NULL, fixture_setup, test_shutdown, fixture_teardown);

  ret = g_test_run ();

  cr_sync_test_servers_stop (&servers);
  cr_test_env_teardown (env_dir);

  return ret;
}
