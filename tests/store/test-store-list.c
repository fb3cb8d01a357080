/* test-store-list.c — paging a 100,000-message folder: sorts, filters,
 * offsets, keysets and positions (correctness, not timing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-store-test-util.h"
#include "cr-test-env.h"

#define N_MESSAGES 100000

static CrStore *store;
static gint64 folder;

static gboolean
matches (const CrMessageInfo *info,
         CrMessageFilter      filter)
{
  if ((filter & CR_MESSAGE_FILTER_UNREAD) && (info->flags & CR_MESSAGE_FLAG_SEEN))
    return FALSE;
  if ((filter & CR_MESSAGE_FILTER_FLAGGED) && !(info->flags & CR_MESSAGE_FLAG_FLAGGED))
    return FALSE;
  if ((filter & CR_MESSAGE_FILTER_ATTACHMENT) && !info->has_attachment)
    return FALSE;

  return TRUE;
}

/* The number of generated messages (cr_store_test_fill) @filter keeps. */
static guint
expected_count (CrMessageFilter filter)
{
  guint count = 0;

  for (guint uid = 1; uid <= N_MESSAGES; uid++)
    {
      gboolean seen = uid % 3 == 0, flagged = uid % 10 == 0, attachment = uid % 4 == 0;

      if ((filter & CR_MESSAGE_FILTER_UNREAD) && seen)
        continue;
      if ((filter & CR_MESSAGE_FILTER_FLAGGED) && !flagged)
        continue;
      if ((filter & CR_MESSAGE_FILTER_ATTACHMENT) && !attachment)
        continue;
      count++;
    }

  return count;
}

/* <0, 0, >0 as @a comes before @b in @query's order. */
static int
compare_rows (const CrMessageQuery *query,
              const CrMessageInfo  *a,
              const CrMessageInfo  *b)
{
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;
  int cmp = 0;

  switch (query->sort)
    {
    case CR_SORT_DATE:
      cmp = (a->date > b->date) - (a->date < b->date);
      break;
    case CR_SORT_SIZE:
      cmp = (a->size > b->size) - (a->size < b->size);
      break;
    case CR_SORT_SENDER:
      /* No name: the address stands in for it. */
      ka = cr_store_fold_key (a->from_name ? a->from_name : a->from_address, FALSE);
      kb = cr_store_fold_key (b->from_name ? b->from_name : b->from_address, FALSE);
      cmp = strcmp (ka, kb);
      if (cmp == 0)
        cmp = (a->date > b->date) - (a->date < b->date);
      break;
    case CR_SORT_SUBJECT:
      ka = cr_store_fold_key (a->subject, TRUE);
      kb = cr_store_fold_key (b->subject, TRUE);
      cmp = strcmp (ka, kb);
      if (cmp == 0)
        cmp = (a->date > b->date) - (a->date < b->date);
      break;
    default:
      g_assert_not_reached ();
    }
  if (cmp == 0)
    cmp = (a->id > b->id) - (a->id < b->id);

  return query->ascending ? cmp : -cmp;
}

/* Checks that the page at @offset, read by OFFSET and by keyset, is
 * the same slice of @ids. */
static void
check_page (const CrMessageQuery *query,
            GArray               *ids,
            guint                 offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = cr_store_list_messages (store, query, offset, 100, &error);
  g_autoptr(GPtrArray) keyset = NULL;
  guint expected = MIN (100, ids->len - offset);

  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, expected);
  if (offset > 0)
    keyset = cr_store_list_messages_after (store, query, g_array_index (ids, gint64, offset - 1),
                                           100, &error);
  else
    keyset = cr_store_list_messages_after (store, query, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keyset->len, ==, expected);
  for (guint i = 0; i < expected; i++)
    {
      gint64 id = g_array_index (ids, gint64, offset + i);

      g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (page, i))->id, ==, id);
      g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (keyset, i))->id, ==, id);
    }
  g_assert_cmpint (cr_store_get_message_position (store, query, g_array_index (ids, gint64, offset),
                                                  &error), ==, offset);
}

/* Reads every row of the query in the order of its ids and checks order,
 * filter and count; then pages at the start, middle and end. */
static void
check_query_full (const CrMessageQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = cr_store_list_message_ids (store, query, &error);
  guint expected = expected_count (query->filter);
  g_autoptr(CrMessageInfo) previous = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, expected);
  g_assert_cmpuint (cr_store_count_messages (store, query, &error), ==, expected);

  for (guint offset = 0; offset < expected; offset += 5000)
    {
      guint n = MIN (5000, expected - offset);
      g_autoptr(GPtrArray) rows = cr_store_get_messages (store, &g_array_index (ids, gint64, offset),
                                                         n, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, n);
      for (guint i = 0; i < n; i++)
        {
          CrMessageInfo *info = g_ptr_array_index (rows, i);

          g_assert_true (matches (info, query->filter));
          if (previous != NULL)
            g_assert_cmpint (compare_rows (query, previous, info), <, 0);
          g_clear_pointer (&previous, cr_message_info_unref);
          previous = cr_message_info_ref (info);
        }
    }

  check_page (query, ids, 0);
  check_page (query, ids, expected - 1);
}

/* What a sort key is: case folded, decomposed, marks dropped. The store
 * takes shortcuts for ASCII and two-byte characters; they must agree. */
static char *
reference_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_ismark (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));

  return g_string_free (out, FALSE);
}

static void
test_list_fold_keys (void)
{
  const char *texts[] = {
    "Réunion du COMITÉ", "Ærø — Søren", "ΣΊΣΥΦΟΣ", "Ёжик в тумане", "Straße", "e\xcc\x81t\xc3\xa9",
    "Émile 日本語", "ǅemal", "İstanbul",
  };
  g_autofree char *invalid = cr_store_fold_key ("Caf\xc3 OK", FALSE);

  for (gunichar c = 0x80; c < 0x800; c++)
    {
      char text[8] = { 'A', };
      g_autofree char *key = NULL, *expected = NULL;

      text[1 + g_unichar_to_utf8 (c, text + 1)] = '\0';
      key = cr_store_fold_key (text, FALSE);
      expected = reference_key (text);
      g_assert_cmpstr (key, ==, expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *key = cr_store_fold_key (texts[i], FALSE);
      g_autofree char *expected = reference_key (texts[i]);

      g_assert_cmpstr (key, ==, expected);
    }
  /* Not UTF-8: ASCII letters folded, the rest kept. */
  g_assert_cmpstr (invalid, ==, "caf\xc3 ok");
}

static void
test_list_sorts (void)
{
  for (CrSortKey sort = CR_SORT_DATE; sort <= CR_SORT_SIZE; sort++)
    for (int ascending = 0; ascending <= 1; ascending++)
      {
        CrMessageQuery query = { .folder_id = folder, .sort = sort, .ascending = ascending };

        check_query_full (&query);
      }
}

static void
test_list_filters (void)
{
  const CrMessageFilter filters[] = {
    CR_MESSAGE_FILTER_UNREAD,
    CR_MESSAGE_FILTER_FLAGGED,
    CR_MESSAGE_FILTER_ATTACHMENT,
    CR_MESSAGE_FILTER_UNREAD | CR_MESSAGE_FILTER_FLAGGED | CR_MESSAGE_FILTER_ATTACHMENT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      CrMessageQuery query = { .folder_id = folder, .sort = CR_SORT_DATE, .filter = filters[i] };

      check_query_full (&query);
      query.sort = CR_SORT_SENDER;
      query.ascending = TRUE;
      check_query_full (&query);
    }
}

/* What the message list asks when the person drags the scrollbar down. */
static void
test_list_deep_page (void)
{
  g_autoptr(GError) error = NULL;
  CrMessageQuery query = { .folder_id = folder, .sort = CR_SORT_DATE };
  g_autoptr(GArray) ids = cr_store_list_message_ids (store, &query, &error);
  g_autoptr(GPtrArray) page = cr_store_list_messages (store, &query, 99000, 51, &error);
  g_autoptr(GPtrArray) after = cr_store_list_messages_after (store, &query,
                                                             g_array_index (ids, gint64, 98999),
                                                             51, &error);
  g_autoptr(GPtrArray) tail = cr_store_list_messages (store, &query, N_MESSAGES - 10, 50, &error);
  g_autoptr(GPtrArray) beyond = cr_store_list_messages (store, &query, N_MESSAGES + 10, 50, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 51);
  g_assert_cmpuint (after->len, ==, 51);
  for (guint i = 0; i < 51; i++)
    {
      g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (page, i))->id, ==,
                       g_array_index (ids, gint64, 99000 + i));
      g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (after, i))->id, ==,
                       g_array_index (ids, gint64, 99000 + i));
    }
  g_assert_cmpuint (tail->len, ==, 10);
  g_assert_cmpuint (beyond->len, ==, 0);

  /* The oldest message is last; a missing anchor gives nothing. */
  g_assert_cmpuint (((CrMessageInfo *) g_ptr_array_index (tail, 9))->uid, ==, 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = cr_store_list_messages_after (store, &query, G_MAXINT64 - 1, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpint (cr_store_get_message_position (store, &query, G_MAXINT64 - 1, &error), ==, -1);
}

static void
test_list_invalid (void)
{
  g_autoptr(GError) error = NULL;
  CrMessageQuery query = { .folder_id = folder, .sort = 42 };

  g_assert_null (cr_store_list_messages (store, &query, 0, 10, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  store = cr_store_test_open (NULL);
  folder = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  cr_store_test_fill (store, folder, N_MESSAGES);

  g_test_add_func ("/store/list/sorts", test_list_sorts);
  g_test_add_func ("/store/list/filters", test_list_filters);
  g_test_add_func ("/store/list/deep-page", test_list_deep_page);
  g_test_add_func ("/store/list/invalid", test_list_invalid);
  g_test_add_func ("/store/list/fold-keys", test_list_fold_keys);

  ret = g_test_run ();
  g_assert_finalize_object (store);
  cr_test_env_teardown (env);

  return ret;
}
