/* test-message-list-model.c — the message list's model, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-message-list-model.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"

typedef struct
{
  CrContext     *context;
  CrStore       *store;
  CrTestMailbox *mailbox;
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} Change;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(CrPaths) paths = NULL;

  g_assert_true (cr_test_make_tmp_dir ("model", &dir, &error));
  g_assert_no_error (error);
  paths = cr_paths_new (dir, dir, dir);
  fixture->context = cr_context_new (paths);
  cr_context_load (fixture->context);
  fixture->store = cr_context_get_store (fixture->context, &error);
  g_assert_no_error (error);
  fixture->mailbox = cr_test_mailbox_new (fixture->context);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->mailbox, cr_test_mailbox_free);
  g_assert_finalize_object (fixture->context);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

/* Lets the store's merged "changed" signal arrive. */
static void
flush_main_context (void)
{
  for (int i = 0; i < 10; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static void
test_model_large (Fixture       *fixture,
                  gconstpointer  data)
{
  const guint n = 100000;
  g_autoptr(CrMessageListModel) model = cr_message_list_model_new (fixture->store);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  CrMessageQuery query = { fixture->mailbox->inbox, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  guint before = cr_message_row_get_live_count ();

  cr_test_mailbox_fill (fixture->store, fixture->mailbox->inbox, 1, n, 1700000000);
  flush_main_context ();

  cr_message_list_model_set_folder (model, fixture->mailbox->inbox);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Newest first: position p holds uid n - p. */
  for (guint i = 0; i < 2000; i++)
    {
      guint position = (guint) g_rand_int_range (rand, 0, (gint32) n);
      g_autoptr(CrMessageRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_cmpuint (cr_message_row_get_info (row)->uid, ==, n - position);
      g_assert_cmpint (cr_message_row_get_id (row), ==,
                       cr_message_list_model_get_id_at (model, position));
      /* Never a row per message: a few pages at most. */
      g_assert_cmpuint (cr_message_row_get_live_count () - before, <=,
                        CR_MESSAGE_LIST_PAGE_SIZE * CR_MESSAGE_LIST_MAX_PAGES + 1);
    }

  /* The same as the store's own paging, at the deep end too. */
  {
    g_autoptr(GPtrArray) page = cr_store_list_messages (fixture->store, &query, n - 50, 50, NULL);

    for (guint i = 0; i < page->len; i++)
      {
        g_autoptr(CrMessageRow) row = g_list_model_get_item (G_LIST_MODEL (model), n - 50 + i);

        g_assert_cmpint (cr_message_row_get_id (row), ==, ((CrMessageInfo *) page->pdata[i])->id);
      }
  }

  g_clear_object (&model);
  g_assert_cmpuint (cr_message_row_get_live_count (), ==, before);
}

static void
test_model_updates_in_place (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CrMessageListModel) model = cr_message_list_model_new (fixture->store);
  g_autoptr(CrMessageRow) held = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GError) error = NULL;
  Change change = { 0 };
  guint notified = 0;
  gint64 id;

  cr_test_mailbox_fill (fixture->store, fixture->mailbox->inbox, 1, 500, 1700000000);
  flush_main_context ();
  cr_message_list_model_set_folder (model, fixture->mailbox->inbox);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &change);

  held = g_list_model_get_item (G_LIST_MODEL (model), 10);
  g_signal_connect_swapped (held, "notify::info", G_CALLBACK (g_atomic_int_inc), &notified);
  id = cr_message_row_get_id (held);

  /* New mail lands at the top: one insertion at 0, nothing else. */
  g_ptr_array_add (batch, cr_test_mailbox_message (501, "Nouveau", "Zoé", 1700003600));
  g_assert_true (cr_store_upsert_messages (fixture->store, fixture->mailbox->inbox, batch, &error));
  g_assert_no_error (error);
  flush_main_context ();
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (cr_message_list_model_find (model, id), ==, 11);

  /* Read: the same row object changes, the list does not. */
  g_assert_false (cr_message_row_get_flags (held) & CR_MESSAGE_FLAG_SEEN);
  g_assert_true (cr_store_set_message_flags (fixture->store, &id, 1, CR_MESSAGE_FLAG_SEEN, 0, &error));
  flush_main_context ();
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (cr_message_row_get_flags (held) & CR_MESSAGE_FLAG_SEEN);
  {
    g_autoptr(CrMessageRow) again = g_list_model_get_item (G_LIST_MODEL (model), 11);
    g_assert_true (again == held);
  }

  /* Moved away: exactly that row goes. */
  g_assert_true (cr_store_move_messages (fixture->store, &id, 1, fixture->mailbox->trash, &error));
  flush_main_context ();
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 11);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 500);

  /* Changes elsewhere do not touch this list. */
  g_assert_true (cr_store_move_messages (fixture->store, &id, 1, fixture->mailbox->archive, &error));
  flush_main_context ();
  g_assert_cmpuint (change.count, ==, 2);
}

static void
test_model_filter_sort_search (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CrMessageListModel) model = cr_message_list_model_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageRow) first = NULL;
  g_autoptr(CrMessageRow) last = NULL;
  guint unread = 0;

  cr_test_mailbox_fill (fixture->store, fixture->mailbox->inbox, 1, 300, 1700000000);
  g_assert_true (cr_store_flush_index (fixture->store, &error));
  flush_main_context ();
  for (guint uid = 1; uid <= 300; uid++)
    unread += uid % 3 != 0;

  cr_message_list_model_set_folder (model, fixture->mailbox->inbox);
  cr_message_list_model_set_filter (model, CR_MESSAGE_FILTER_UNREAD);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, unread);
  cr_message_list_model_set_filter (model, CR_MESSAGE_FILTER_ATTACHMENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300 / 7);
  cr_message_list_model_set_filter (model, CR_MESSAGE_FILTER_NONE);

  /* Biggest first. */
  cr_message_list_model_set_sort (model, CR_SORT_SIZE, FALSE);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), 299);
  g_assert_cmpint (cr_message_row_get_info (first)->size, >=, cr_message_row_get_info (last)->size);
  g_assert_cmpint (cr_message_row_get_info (first)->size, >, cr_message_row_get_info (last)->size);

  /* A search is a list of its own, and leaving it goes back to the folder. */
  cr_message_list_model_set_search (model, NULL, 0, "vacances");
  g_assert_true (cr_message_list_model_is_searching (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60);
  cr_message_list_model_set_search (model, NULL, 0, "from:chloé vacances");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 15);
  cr_message_list_model_set_folder (model, fixture->mailbox->inbox);
  g_assert_false (cr_message_list_model_is_searching (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/message-list-model/large", Fixture, NULL,
              fixture_set_up, test_model_large, fixture_tear_down);
  g_test_add ("/message-list-model/updates-in-place", Fixture, NULL,
              fixture_set_up, test_model_updates_in_place, fixture_tear_down);
  g_test_add ("/message-list-model/filter-sort-search", Fixture, NULL,
              fixture_set_up, test_model_filter_sort_search, fixture_tear_down);

  status = g_test_run ();
  cr_test_env_teardown (env_dir);

  return status;
}
