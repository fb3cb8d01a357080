/* cr-pop3-test-util.c — what the POP3 tests check on the server and in
 * the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-pop3-test-util.h"

static CrTestDovecot *test_dovecot;

void
cr_pop3_test_set_dovecot (CrTestDovecot *dovecot)
{
  test_dovecot = dovecot;
}

void
cr_pop3_test_doveadm (const char *first_arg,
                      ...)
{
  g_autoptr(GError) error = NULL;
  const char *args[12] = { first_arg };
  guint n = 1;
  va_list ap;

  va_start (ap, first_arg);
  while (n < G_N_ELEMENTS (args) - 1 && (args[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  args[n] = NULL;

  g_assert_true (cr_test_dovecot_doveadm (test_dovecot, NULL, &error, args[0], args[1], args[2], args[3],
                                          args[4], args[5], args[6], args[7], args[8], args[9],
                                          NULL));
  g_assert_no_error (error);
}

void
cr_pop3_test_empty_server (void)
{
  cr_pop3_test_doveadm ("expunge", "-u", cr_test_dovecot_get_user (test_dovecot), "mailbox", "INBOX", "all", NULL);
}

char *
cr_pop3_test_make_message (guint       i,
                           const char *extra_body)
{
  return g_strdup_printf ("From: Émile Zola <emile%u@example.test>\n"
                          "To: test@example.test\n"
                          "Subject: =?UTF-8?Q?R=C3=A9union_n=C2=B0?= %u\n"
                          "Date: Thu, 26 Nov 2026 10:%02u:00 +0100\n"
                          "Message-ID: <pop-%u@example.test>\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: text/plain; charset=utf-8\n"
                          "Content-Transfer-Encoding: 8bit\n"
                          "\n"
                          "Bonjour, voici le message %u.\n"
                          ".Une ligne qui commence par un point.\n"
                          "%s",
                          i, i, i % 60, i, i, extra_body != NULL ? extra_body : "");
}

void
cr_pop3_test_seed (guint first,
                   guint n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *raw = cr_pop3_test_make_message (i, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (cr_test_dovecot_seed_message (test_dovecot, "INBOX", raw, strlen (raw), "",
                                                   g_get_real_time () / G_USEC_PER_SEC, &error));
      g_assert_no_error (error);
    }
}

/* The Message-IDs the server holds, from its own index. */
GHashTable *
cr_pop3_test_server_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (cr_test_dovecot_doveadm (test_dovecot, &out, &error, "-f", "flow", "fetch", "-u",
                                          cr_test_dovecot_get_user (test_dovecot), "hdr.message-id",
                                          "mailbox", "INBOX", "all", NULL));
  g_assert_no_error (error);

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start = strchr (lines[i], '<');
      const char *end = start != NULL ? strchr (start, '>') : NULL;

      if (end != NULL)
        g_assert_true (g_hash_table_add (ids, g_strndup (start + 1, end - start - 1)));
    }

  return ids;
}

guint
cr_pop3_test_server_count (void)
{
  g_autoptr(GHashTable) ids = cr_pop3_test_server_ids ();

  return g_hash_table_size (ids);
}

CrStore *
cr_pop3_test_open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (config, data, cache);
  CrStore *store = cr_store_open (paths, &error);

  g_assert_no_error (error);
  return store;
}

CrFolderInfo *
cr_pop3_test_role_folder (CrStore      *store,
                          CrFolderRole  role)
{
  g_autoptr(GError) error = NULL;
  CrFolderInfo *info = cr_store_lookup_folder_by_role (store, "pop", role, &error);

  g_assert_no_error (error);
  return info;
}

/* (element-type CrMessageInfo): every message of the account's folders. */
GPtrArray *
cr_pop3_test_all_messages (CrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folders = cr_store_list_folders (store, "pop", &error);
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < folders->len; i++)
    {
      CrMessageQuery query = { .folder_id = ((CrFolderInfo *) g_ptr_array_index (folders, i))->id };
      g_autoptr(GPtrArray) page = cr_store_list_messages (store, &query, 0, G_MAXINT, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < page->len; j++)
        g_ptr_array_add (all, cr_message_info_ref (g_ptr_array_index (page, j)));
    }

  return all;
}

/* The store is sound: integrity, one row per Message-ID,
 * every row's raw message readable. Returns the Message-IDs stored. */
GHashTable *
cr_pop3_test_assert_store_consistent (CrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = cr_pop3_test_all_messages (store);
  g_autoptr(GPtrArray) uidls = cr_store_list_pop_uidls (store, "pop", &error);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint linked = 0;

  g_assert_no_error (error);
  g_assert_true (cr_store_check_integrity (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < messages->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (messages, i);
      g_autoptr(GBytes) raw = cr_store_load_body (store, info->id, &error);

      g_assert_no_error (error);
      g_assert_cmpint ((gint64) g_bytes_get_size (raw), ==, info->size);
      g_assert_nonnull (info->message_id);
      /* Never stored twice. */
      g_assert_true (g_hash_table_add (ids, g_strdup (info->message_id)));
    }
  for (guint i = 0; i < uidls->len; i++)
    if (((CrPopUidl *) g_ptr_array_index (uidls, i))->message_id != 0)
      linked++;
  /* No UIDL without its message (UIDLs of messages gone from the
   * server are forgotten, so there may be fewer). */
  g_assert_cmpuint (linked, <=, messages->len);

  return ids;
}

/* Nothing lost: each seeded message is on the server or in the store. */
void
cr_pop3_test_assert_nothing_lost (CrStore *store,
                                  guint    first,
                                  guint    n)
{
  g_autoptr(GHashTable) stored = cr_pop3_test_assert_store_consistent (store);
  g_autoptr(GHashTable) on_server = cr_pop3_test_server_ids ();

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("pop-%u@example.test", i);

      g_assert_true (g_hash_table_contains (stored, id) || g_hash_table_contains (on_server, id));
    }
}

guint
cr_pop3_test_inbox_total (CrStore *store)
{
  g_autoptr(CrFolderInfo) inbox = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0, unread = 0;

  /* A check killed before it made the local folders stored nothing. */
  inbox = cr_store_lookup_folder_by_role (store, "pop", CR_FOLDER_ROLE_INBOX, &error);
  if (g_error_matches (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND))
    return 0;
  g_assert_no_error (error);

  g_assert_true (cr_store_get_counts (store, inbox->id, &total, &unread, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unread, ==, total);

  return total;
}

gint64
cr_pop3_test_first_message_id (CrStore *store,
                               gint64   folder_id)
{
  g_autoptr(GError) error = NULL;
  CrMessageQuery query = { .folder_id = folder_id };
  g_autoptr(GArray) ids = cr_store_list_message_ids (store, &query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  return g_array_index (ids, gint64, 0);
}
