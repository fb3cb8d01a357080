/* cr-store-test-util.c — helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-store-test-util.h"

CrStore *
cr_store_test_open (CrPaths **out_paths)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_build_filename (g_get_home_dir (), "store-XXXXXX", NULL);
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  g_autoptr(CrPaths) paths = NULL;
  CrStore *store;

  g_assert_nonnull (g_mkdtemp (base));
  data = g_build_filename (base, "data", NULL);
  cache = g_build_filename (base, "cache", NULL);
  paths = cr_paths_new (base, data, cache);
  store = cr_store_open (paths, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_null (cr_store_get_recovery_error (store));
  if (out_paths != NULL)
    *out_paths = g_steal_pointer (&paths);

  return store;
}

CrMessageInfo *
cr_store_test_message (guint32     uid,
                       const char *subject,
                       const char *from_name,
                       const char *from_address,
                       gint64      date)
{
  CrMessageInfo *info = cr_message_info_new ();

  info->uid = uid;
  info->message_id = g_strdup_printf ("%u.%" G_GINT64_FORMAT "@example.org", uid, date);
  info->subject = g_strdup (subject);
  info->from_name = g_strdup (from_name);
  info->from_address = g_strdup (from_address);
  info->date = date;
  info->internal_date = date + 5;
  info->size = 1000 + uid % 5000;
  cr_message_info_add_to (info, "Jeanne Martin", "jeanne@example.fr");

  return info;
}

gint64
cr_store_test_folder (CrStore       *store,
                      const char    *account_id,
                      const char    *path,
                      CrFolderRole   role,
                      CrFolderFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = cr_folder_info_new (account_id, path);
  gint64 id;

  folder->role = role;
  folder->flags = flags;
  folder->delimiter = '/';
  id = cr_store_upsert_folder (store, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

void
cr_store_test_fill (CrStore *store,
                    gint64   folder_id,
                    guint    n)
{
  static const char *const names[] = { "Émile Zola", "anne durand", "Bruno", "Zoé Lefèvre", NULL };

  for (guint start = 1; start <= n; start += 1000)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
      g_autoptr(GError) error = NULL;

      for (guint uid = start; uid < start + 1000 && uid <= n; uid++)
        {
          g_autofree char *subject = g_strdup_printf ("Message %u", uid);
          /* Dates collide every 7 messages: ties must be broken by id. */
          CrMessageInfo *info = cr_store_test_message (uid, subject, names[uid % 5],
                                                       "someone@example.org",
                                                       1700000000 + (uid / 7) * 60);

          if (uid % 3 == 0)
            info->flags |= CR_MESSAGE_FLAG_SEEN;
          if (uid % 10 == 0)
            info->flags |= CR_MESSAGE_FLAG_FLAGGED;
          info->has_attachment = uid % 4 == 0;
          g_ptr_array_add (batch, info);
        }
      g_assert_true (cr_store_upsert_messages (store, folder_id, batch, &error));
      g_assert_no_error (error);
    }
}

void
cr_store_test_assert_intact (CrStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_store_check_integrity (store, &error));
  g_assert_no_error (error);
}
