/* test-addresses.c — completion of recipients from the store: prefixes of
 * names and addresses, accents, ranking, one's own address left out, and
 * the time of one query on a 100,000-message store (logged, not asserted)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-store.h"
#include "cr-test-env.h"

#define ACCOUNT "addresses"

typedef struct
{
  char    *dir;
  CrStore *store;
  gint64   inbox;
  gint64   sent;
  guint32  next_uid;
} Fixture;

static gint64
add_folder (CrStore      *store,
            const char   *path,
            CrFolderRole  role)
{
  g_autoptr(CrFolderInfo) folder = cr_folder_info_new (ACCOUNT, path);
  g_autoptr(GError) error = NULL;
  gint64 id;

  folder->name = g_strdup (path);
  folder->role = role;
  id = cr_store_upsert_folder (store, folder, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;

  /* A new store for each test, under the throw-away directory. */
  fixture->dir = g_strdup_printf ("%s/courrier%u", g_get_user_data_dir (), n++);
  paths = cr_paths_new (fixture->dir, fixture->dir, fixture->dir);
  fixture->store = cr_store_open (paths, &error);
  g_assert_no_error (error);
  fixture->inbox = add_folder (fixture->store, "INBOX", CR_FOLDER_ROLE_INBOX);
  fixture->sent = add_folder (fixture->store, "Sent", CR_FOLDER_ROLE_SENT);
  fixture->next_uid = 1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cr_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->dir);
}

static CrMessageInfo *
message (Fixture        *fixture,
         const char     *from_name,
         const char     *from_address,
         const char     *to_name,
         const char     *to_address,
         gint64          age_days,
         CrMessageFlags  flags)
{
  CrMessageInfo *info = cr_message_info_new ();

  info->uid = fixture->next_uid++;
  info->subject = g_strdup ("Réunion");
  info->from_name = g_strdup (from_name);
  info->from_address = g_strdup (from_address);
  info->date = g_get_real_time () / G_USEC_PER_SEC - age_days * 24 * 3600;
  info->flags = flags;
  cr_message_info_add_to (info, to_name, to_address);
  return info;
}

static void
store (Fixture   *fixture,
       gint64     folder_id,
       GPtrArray *infos)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_store_upsert_messages (fixture->store, folder_id, infos, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_flush_index (fixture->store, &error));
  g_assert_no_error (error);
}

static GPtrArray *
complete (Fixture    *fixture,
          const char *prefix)
{
  const char * const exclude[] = { "moi@example.test", NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *found = cr_store_complete_address (fixture->store, prefix, exclude, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static const char *
address_at (GPtrArray *found,
            guint      i)
{
  g_assert_cmpuint (i, <, found->len);
  return ((CrAddress *) g_ptr_array_index (found, i))->address;
}

static void
fill_small (Fixture *fixture)
{
  g_autoptr(GPtrArray) inbox = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

  /* Frédéric writes often; Françoise once, long ago; Fred Astaire was
   * answered; Frank Bell was written to from Envoyés. */
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (inbox, message (fixture, "Frédéric Dupont", "frederic.dupont@example.test",
                                     "Moi", "moi@example.test", i, 0));
  g_ptr_array_add (inbox, message (fixture, "Françoise Martin", "fm@example.test",
                                   "Moi", "moi@example.test", 400, 0));
  g_ptr_array_add (inbox, message (fixture, "Fred Astaire", "dance@example.test",
                                   "Moi", "moi@example.test", 30, CR_MESSAGE_FLAG_ANSWERED));
  g_ptr_array_add (inbox, message (fixture, "Zoé Roux", "zoe@example.test",
                                   "Moi", "moi@example.test", 1, 0));
  store (fixture, fixture->inbox, inbox);
  g_ptr_array_add (sent, message (fixture, "Moi", "moi@example.test",
                                  "Frank Bell", "frank.bell@example.test", 90, 0));
  store (fixture, fixture->sent, sent);
}

static void
test_prefixes (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_last_name = NULL;
  g_autoptr(GPtrArray) by_address = NULL;
  g_autoptr(GPtrArray) accented = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) punctuation = NULL;

  fill_small (fixture);

  /* “fre” finds Frédéric (the accent is ignored) and Fred, not Frank. */
  by_name = complete (fixture, "fre");
  g_assert_cmpuint (by_name->len, ==, 2);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (by_name, 1))->name, ==, "Frédéric Dupont");

  /* A word of the name, in capitals. */
  by_last_name = complete (fixture, "DUP");
  g_assert_cmpuint (by_last_name->len, ==, 1);
  g_assert_cmpstr (address_at (by_last_name, 0), ==, "frederic.dupont@example.test");

  /* The address itself, past its punctuation. */
  by_address = complete (fixture, "frederic.dupont@exa");
  g_assert_cmpuint (by_address->len, ==, 1);
  g_assert_cmpstr (address_at (by_address, 0), ==, "frederic.dupont@example.test");

  /* Typed with an accent the address has not. */
  accented = complete (fixture, "Zoé");
  g_assert_cmpuint (accented->len, ==, 1);
  g_assert_cmpstr (address_at (accented, 0), ==, "zoe@example.test");

  /* One's own address never; text that is no word finds nothing (and is
   * no FTS5 syntax error). */
  none = complete (fixture, "moi");
  g_assert_cmpuint (none->len, ==, 0);
  punctuation = complete (fixture, "\"*(");
  g_assert_cmpuint (punctuation->len, ==, 0);
}

/* A spammer's look-alike address in Pourriels is not offered; the same
 * person seen in the Inbox is. */
static void
test_junk_left_out (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 junk = add_folder (fixture->store, "Junk", CR_FOLDER_ROLE_JUNK);
  g_autoptr(GPtrArray) spam = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GPtrArray) found = NULL;

  fill_small (fixture);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (spam, message (fixture, "Frédéric Dupont", "frederic.dupont@examp1e.test",
                                    "Moi", "moi@example.test", 0, 0));
  store (fixture, junk, spam);

  found = complete (fixture, "frederic");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (address_at (found, 0), ==, "frederic.dupont@example.test");
}

/* The whole address typed: it comes first, before a longer one seen
 * more often, so that Enter or Tab keeps what the person wrote. */
static void
test_exact_first (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) inbox = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GPtrArray) found = NULL;

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (inbox, message (fixture, "Ann Lee", "ann@example.org.uk", "Moi", "moi@example.test", i, 0));
  g_ptr_array_add (inbox, message (fixture, "Ann", "ann@example.org", "Moi", "moi@example.test", 300, 0));
  store (fixture, fixture->inbox, inbox);

  found = complete (fixture, "Ann@Example.org");
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (address_at (found, 0), ==, "ann@example.org");
}

static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;

  fill_small (fixture);

  /* Written to and answered first (Frank, then Fred, whose single
   * message is newer), then Frédéric's five recent messages before
   * Françoise's old one. */
  found = complete (fixture, "fr");
  g_assert_cmpuint (found->len, ==, 4);
  g_assert_cmpstr (address_at (found, 0), ==, "dance@example.test");
  g_assert_cmpstr (address_at (found, 1), ==, "frank.bell@example.test");
  g_assert_cmpstr (address_at (found, 2), ==, "frederic.dupont@example.test");
  g_assert_cmpstr (address_at (found, 3), ==, "fm@example.test");
}

/* 100,000 messages from 2,000 people: the time of a keystroke's query,
 * for the log (timings are not asserted: CI machines vary). */
static void
test_large_store (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *firsts[] = { "Frédéric", "Amélie", "Jean", "Hélène", "Noël", "Zoé", "Paul", "Inès" };
  const char *lasts[] = { "Dupont", "Martin", "Bernard", "Lefèvre", "Roux", "Petit", "Morel", "Faure" };
  const char *prefixes[] = { "f", "fre", "he", "lef", "jean b", "z", "person1234@" };
  guint total = 100000;
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint done = 0; done < total; done += 5000)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

      for (guint i = done; i < done + 5000; i++)
        {
          guint person = i % 2000;
          g_autofree char *name = g_strdup_printf ("%s %s", firsts[person % 8], lasts[(person / 8) % 8]);
          g_autofree char *address = g_strdup_printf ("person%u@example.test", person);

          g_ptr_array_add (batch, message (fixture, name, address, "Moi", "moi@example.test", i % 1000, 0));
        }
      store (fixture, fixture->inbox, batch);
    }
  g_test_message ("100000 messages stored and indexed in %.2f s", g_timer_elapsed (timer, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(GPtrArray) found = NULL;

      g_timer_start (timer);
      found = complete (fixture, prefixes[i]);
      g_test_message ("complete “%s” on 100000 messages: %u found in %.1f ms",
                      prefixes[i], found->len, g_timer_elapsed (timer, NULL) * 1000);
      if (i < 5)
        g_assert_cmpuint (found->len, >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks its directories
   * from one test to the next, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/addresses/prefixes", Fixture, NULL, fixture_set_up, test_prefixes, fixture_tear_down);
  g_test_add ("/addresses/ranking", Fixture, NULL, fixture_set_up, test_ranking, fixture_tear_down);
  g_test_add ("/addresses/exact-first", Fixture, NULL, fixture_set_up, test_exact_first, fixture_tear_down);
  g_test_add ("/addresses/junk-left-out", Fixture, NULL, fixture_set_up, test_junk_left_out, fixture_tear_down);
  g_test_add ("/addresses/large-store", Fixture, NULL, fixture_set_up, test_large_store, fixture_tear_down);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);
  return ret;
}
