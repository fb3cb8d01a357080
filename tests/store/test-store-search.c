/* test-store-search.c — full-text search: diacritics, case, prefixes,
 * operators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-store-test-util.h"
#include "cr-test-env.h"

static CrStore *store;
static gint64 inbox, archive, other_inbox;
static gint64 reunion, facture, budget, photos, other;

static gint64
add (gint64      folder_id,
     guint32     uid,
     const char *subject,
     const char *from_name,
     const char *from_address,
     const char *to_address,
     gint64      date,
     guint       flags,
     gboolean    attachment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  CrMessageInfo *info = cr_store_test_message (uid, subject, from_name, from_address, date);

  g_ptr_array_set_size (info->to, 0);
  cr_message_info_add_to (info, NULL, to_address);
  info->flags = flags;
  info->has_attachment = attachment;
  g_ptr_array_add (batch, info);
  g_assert_true (cr_store_upsert_messages (store, folder_id, batch, &error));
  g_assert_no_error (error);

  return info->id;
}

static void
assert_search (const char   *account_id,
               gint64        folder_id,
               const char   *query,
               const gint64 *expected,
               guint         n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = cr_store_search (store, account_id, folder_id, query, 0, &error);

  g_assert_no_error (error);
  if (ids->len != n_expected)
    g_error ("“%s”: %u results, %u expected", query, ids->len, n_expected);
  /* Newest first. */
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

#define ASSERT_SEARCH(query, ...) \
  G_STMT_START { \
    const gint64 expected_[] = { __VA_ARGS__ }; \
    assert_search (NULL, 0, query, expected_ + 1, G_N_ELEMENTS (expected_) - 1); \
  } G_STMT_END

static void
test_search_diacritics (void)
{
  /* "reunion" finds "Réunion", in any case, and the other way round. */
  ASSERT_SEARCH ("reunion", 0, reunion);
  ASSERT_SEARCH ("RÉUNION", 0, reunion);
  ASSERT_SEARCH ("Réunion", 0, reunion);
  ASSERT_SEARCH ("reunions", 0);
  ASSERT_SEARCH ("francois", 0, facture);
  ASSERT_SEARCH ("ÇA", 0, budget);
}

static void
test_search_prefix (void)
{
  /* Search as you type: the last word is a prefix, finished words not. */
  ASSERT_SEARCH ("reu", 0, reunion);
  ASSERT_SEARCH ("réu", 0, reunion);
  ASSERT_SEARCH ("fact", 0, facture);
  ASSERT_SEARCH ("fact ", 0);
  ASSERT_SEARCH ("\"fact\"", 0);
  ASSERT_SEARCH ("budget tri", 0, budget);
  ASSERT_SEARCH ("tri budget", 0);
}

static void
test_search_operators (void)
{
  ASSERT_SEARCH ("from:dupont", 0, facture, reunion);
  ASSERT_SEARCH ("from:jean.dupont@example.fr", 0, facture, reunion);
  ASSERT_SEARCH ("FROM:\"Jean Dupont\" reunion", 0, reunion);
  ASSERT_SEARCH ("to:compta", 0, facture);
  ASSERT_SEARCH ("to:dupont", 0);
  ASSERT_SEARCH ("subject:budget", 0, budget);
  ASSERT_SEARCH ("subject:\"budget trimestriel\"", 0, budget);
  ASSERT_SEARCH ("subject:\"trimestriel budget\"", 0);
  ASSERT_SEARCH ("has:attachment", 0, photos, facture);
  ASSERT_SEARCH ("is:unread", 0, other, photos, reunion);
  ASSERT_SEARCH ("is:read", 0, budget, facture);
  ASSERT_SEARCH ("is:flagged", 0, budget);
  ASSERT_SEARCH ("is:unread has:attachment", 0, photos);
  ASSERT_SEARCH ("is:unread from:dupont", 0, reunion);
  /* Unknown operators and FTS syntax are plain text, never an error. */
  ASSERT_SEARCH ("lundi 10:30", 0);
  ASSERT_SEARCH ("AND OR NOT NEAR(", 0);
  /* Nothing to look for: everything, newest first. */
  ASSERT_SEARCH ("\"", 0, other, photos, budget, facture, reunion);
  ASSERT_SEARCH ("*", 0);
}

static void
test_search_scope (void)
{
  const gint64 in_other[] = { other };
  const gint64 in_archive[] = { budget };
  const gint64 in_acct[] = { photos, reunion };

  assert_search ("other", 0, "is:unread", in_other, 1);
  assert_search (NULL, archive, "", in_archive, 1);
  assert_search ("acct", inbox, "is:unread", in_acct, 2);
  assert_search ("nobody", 0, "reunion", NULL, 0);
}

static void
test_search_body (void)
{
  g_autoptr(GError) error = NULL;

  ASSERT_SEARCH ("Pâques", 0);
  g_assert_true (cr_store_index_body_text (store, photos, "Les photos de Pâques à Noël", &error));
  g_assert_no_error (error);
  ASSERT_SEARCH ("paques", 0, photos);
  ASSERT_SEARCH ("noel photos", 0, photos);
  g_assert_false (cr_store_index_body_text (store, G_MAXINT64 - 1, "x", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A removed message leaves the index too. */
  g_assert_true (cr_store_remove_messages (store, &photos, 1, &error));
  ASSERT_SEARCH ("paques", 0);
  cr_store_test_assert_intact (store);
}

static void
test_search_parse (void)
{
  g_autoptr(CrStoreQuery) query = cr_store_query_parse ("from:\"A \"\"B\" is:unread x");

  g_assert_cmpstr (query->fts, ==, "sender : \"A B\" AND \"x\" *");
  g_assert_cmpuint (query->need_clear, ==, CR_MESSAGE_FLAG_SEEN);
  g_clear_pointer (&query, cr_store_query_free);

  query = cr_store_query_parse ("say \"hi\"\"there\"");
  g_assert_cmpstr (query->fts, ==, "\"say\" AND \"hithere\"");
  g_clear_pointer (&query, cr_store_query_free);

  query = cr_store_query_parse ("has:attachment");
  g_assert_null (query->fts);
  g_assert_true (query->need_attachment);
}

/* A large batch waits for the end of the folder's sync, then is indexed
 * by the background pass, without anyone calling cr_store_flush_index(). */
static void
test_search_deferred (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GArray) ids = NULL;
  gint64 deadline;

  for (guint uid = 100; uid < 300; uid++)
    g_ptr_array_add (batch, cr_store_test_message (uid, "Livraison groupée", "Léa", "lea@example.org", uid));
  g_assert_true (cr_store_upsert_messages (store, archive, batch, &error));
  g_assert_no_error (error);
  ids = cr_store_search (store, NULL, 0, "livraison", 0, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  g_assert_true (cr_store_set_folder_sync_state (store, archive, 1, 300, 0, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&ids, g_array_unref);
      if (g_get_monotonic_time () > deadline)
        break;
      g_usleep (10000);
      ids = cr_store_search (store, "acct", archive, "from:lea groupee", 0, &error);
      g_assert_no_error (error);
    }
  while (ids->len < 200);
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, 200);
  cr_store_test_assert_intact (store);
}

/* Full-text indexing starts from a watermark (migration 004): a row
 * whose id comes back after the highest row was deleted is still
 * indexed, and a store opened again finds what was left waiting. */
static void
test_search_reused_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) own = cr_store_test_open (NULL);
  gint64 folder = cr_store_test_folder (own, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GArray) ids = NULL;
  guint32 top = 3;
  gint64 top_id;

  for (guint32 uid = 1; uid <= top; uid++)
    g_ptr_array_add (first, cr_store_test_message (uid, "Premier envoi", "Léa", "lea@example.org", uid));
  g_assert_true (cr_store_upsert_messages (own, folder, first, &error));
  g_assert_true (cr_store_flush_index (own, &error));
  g_assert_no_error (error);
  top_id = ((CrMessageInfo *) g_ptr_array_index (first, top - 1))->id;

  g_assert_true (cr_store_remove_uids (own, folder, &top, 1, &error));
  g_assert_no_error (error);
  g_ptr_array_add (again, cr_store_test_message (10, "Deuxième envoi", "Léa", "lea@example.org", 10));
  g_assert_true (cr_store_upsert_messages (own, folder, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (again, 0))->id, ==, top_id);

  g_assert_true (cr_store_flush_index (own, &error));
  g_assert_no_error (error);
  ids = cr_store_search (own, NULL, 0, "deuxieme", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, top_id);
  g_clear_pointer (&ids, g_array_unref);
  ids = cr_store_search (own, NULL, 0, "premier", 0, &error);
  g_assert_cmpuint (ids->len, ==, top - 1);
  cr_store_test_assert_intact (own);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  store = cr_store_test_open (NULL);
  inbox = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  archive = cr_store_test_folder (store, "acct", "Archive", CR_FOLDER_ROLE_ARCHIVE, 0);
  other_inbox = cr_store_test_folder (store, "other", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  reunion = add (inbox, 1, "Réunion du lundi", "Jean Dupont", "jean.dupont@example.fr",
                 "equipe@example.fr", 1000, 0, FALSE);
  facture = add (inbox, 2, "Facture de François", "Jean Dupont", "jean.dupont@example.fr",
                 "compta@example.fr", 2000, CR_MESSAGE_FLAG_SEEN, TRUE);
  budget = add (archive, 3, "Budget trimestriel, ça avance", "Zoé", "zoe@example.org",
                "equipe@example.fr", 3000, CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FLAGGED, FALSE);
  photos = add (inbox, 4, "Photos", "Anne", "anne@example.net", "equipe@example.fr",
                4000, 0, TRUE);
  other = add (other_inbox, 1, "Autre compte", "Paul", "paul@example.com", "moi@example.com",
               5000, 0, FALSE);

  g_test_add_func ("/store/search/diacritics", test_search_diacritics);
  g_test_add_func ("/store/search/prefix", test_search_prefix);
  g_test_add_func ("/store/search/operators", test_search_operators);
  g_test_add_func ("/store/search/scope", test_search_scope);
  g_test_add_func ("/store/search/parse", test_search_parse);
  g_test_add_func ("/store/search/body", test_search_body);
  g_test_add_func ("/store/search/deferred", test_search_deferred);
  g_test_add_func ("/store/search/reused-id", test_search_reused_id);

  ret = g_test_run ();
  g_assert_finalize_object (store);
  cr_test_env_teardown (env);

  return ret;
}
