/* cr-store-addresses.c — completion of recipients from addresses already
 * seen
 *
 * No table of its own: the full-text index (messages_fts) already holds
 * every sender and recipient, folded for case and diacritics. A typed
 * prefix becomes the FTS5 phrase query
 *
 *   {sender recipients} : "fre" *
 *
 * which walks the index's terms, never the messages table, and returns the
 * newest matching rows first. Only the newest WINDOW rows are read: they
 * carry the people one writes to now, and they bound the work of one
 * keystroke whatever the size of the store. Their From, To and Cc are then
 * matched and counted here: the index says a row matches somewhere, not
 * which of its addresses did.
 *
 * Addresses seen only in Pourriels are never offered: a spammer's
 * address one letter away from a friend's is a trap. Every account's
 * folders are read, as Thunderbird's “Collected Addresses” serve every
 * account: a person known through one account is completed when writing
 * from another (the composer's From can change after the To is typed).
 *
 * Ranking: the address typed in full first (Tab or Enter must not swap
 * it for a longer one that starts the same), then people one wrote to
 * (recipients of messages in Envoyés) and people one answered (senders
 * of messages flagged \Answered), then
 * by a score where each message counts less as it gets older (a message
 * of today counts 1, one of a month ago ½).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-store-private.h"

#define WINDOW 2000
#define SECONDS_PER_MONTH (30.0 * 24 * 3600)

typedef struct
{
  char     *name;
  char     *address;
  gint64    last_seen;
  double    score;
  gboolean  written_to;
  gboolean  exact;      /* the whole address was typed */
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->name);
  g_free (candidate->address);
  g_free (candidate);
}

/* Whether @folded_prefix starts @text or one of its words. */
static gboolean
starts_a_word (const char *text,
               const char *folded_prefix)
{
  g_autofree char *folded = cr_store_fold_key (text, FALSE);
  gsize length = strlen (folded_prefix);
  gboolean at_word_start = TRUE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (at_word_start && strncmp (p, folded_prefix, length) == 0)
        return TRUE;
      at_word_start = !g_unichar_isalnum (c);
    }
  return FALSE;
}

static gboolean
matches (const char *name,
         const char *address,
         const char *folded_prefix)
{
  g_autofree char *folded_address = NULL;

  if (address == NULL || strchr (address, '@') == NULL)
    return FALSE;
  folded_address = cr_store_fold_key (address, FALSE);
  if (g_str_has_prefix (folded_address, folded_prefix))
    return TRUE;
  return name != NULL && starts_a_word (name, folded_prefix);
}

typedef struct
{
  GHashTable         *candidates; /* folded address → Candidate */
  const char         *folded_prefix;
  const char * const *exclude;
  gint64              now;
} Tally;

static void
count (Tally      *tally,
       const char *name,
       const char *address,
       gint64      date,
       gboolean    written_to)
{
  g_autofree char *key = NULL;
  Candidate *candidate;
  double age;

  if (!matches (name, address, tally->folded_prefix))
    return;
  key = g_ascii_strdown (address, -1);
  for (guint i = 0; tally->exclude != NULL && tally->exclude[i] != NULL; i++)
    if (g_ascii_strcasecmp (tally->exclude[i], key) == 0)
      return;

  candidate = g_hash_table_lookup (tally->candidates, key);
  if (candidate == NULL)
    {
      candidate = g_new0 (Candidate, 1);
      candidate->address = g_strdup (address);
      candidate->last_seen = G_MININT64;
      candidate->exact = g_str_equal (key, tally->folded_prefix);
      g_hash_table_insert (tally->candidates, g_steal_pointer (&key), candidate);
    }
  /* The name as it was written last. */
  if (date >= candidate->last_seen)
    {
      candidate->last_seen = date;
      if (name != NULL && *name != '\0')
        {
          g_free (candidate->name);
          candidate->name = g_strdup (name);
        }
    }
  else if (candidate->name == NULL && name != NULL && *name != '\0')
    candidate->name = g_strdup (name);
  age = MAX (0.0, (double) (tally->now - date)) / SECONDS_PER_MONTH;
  candidate->score += 1.0 / (1.0 + age);
  candidate->written_to |= written_to;
}

static void
count_list (Tally      *tally,
            const char *encoded,
            gint64      date,
            gboolean    written_to)
{
  g_autoptr(GPtrArray) addresses = cr_store_decode_addresses (encoded);

  for (guint i = 0; i < addresses->len; i++)
    {
      const CrAddress *address = g_ptr_array_index (addresses, i);

      count (tally, address->name, address->address, date, written_to);
    }
}

static gint
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = *(const Candidate * const *) a;
  const Candidate *y = *(const Candidate * const *) b;

  if (x->exact != y->exact)
    return x->exact ? -1 : 1;
  if (x->written_to != y->written_to)
    return x->written_to ? -1 : 1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return g_ascii_strcasecmp (x->address, y->address);
}

/* "fre" → {sender recipients} : "fre" *  — quoted, so that whatever a
 * person types is text, never FTS5 syntax. */
static char *
fts_expression (const char *folded_prefix)
{
  GString *out = g_string_new ("{sender recipients} : \"");

  for (const char *p = folded_prefix; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, "\" *");
  return g_string_free (out, FALSE);
}

static gboolean
has_token (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
tally_rows (CrStore     *self,
            Tally       *tally,
            GError     **error)
{
  g_autofree char *expression = fts_expression (tally->folded_prefix);
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return FALSE;
  stmt = cr_store_db_prepare (db,
                              "SELECT m.from_name, m.from_address, m.to_list, m.cc_list, m.date, m.flags, fo.role "
                              "FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 "
                              "      ORDER BY rowid DESC LIMIT ?2) AS f "
                              "JOIN messages m ON m.id = f.rowid "
                              "JOIN folders fo ON fo.id = m.folder_id "
                              "WHERE fo.role != ?3", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, WINDOW);
      sqlite3_bind_int (stmt, 3, CR_FOLDER_ROLE_JUNK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 date = sqlite3_column_int64 (stmt, 4);
          CrMessageFlags flags = sqlite3_column_int (stmt, 5);
          gboolean sent = sqlite3_column_int (stmt, 6) == CR_FOLDER_ROLE_SENT;

          count (tally, (const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                 date, (flags & CR_MESSAGE_FLAG_ANSWERED) != 0);
          count_list (tally, (const char *) sqlite3_column_text (stmt, 2), date, sent);
          count_list (tally, (const char *) sqlite3_column_text (stmt, 3), date, sent);
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  if (stmt != NULL && rc != SQLITE_DONE)
    cr_store_set_sqlite_error (error, db->db, rc);
  cr_store_release_reader (self, db);
  return stmt != NULL && rc == SQLITE_DONE;
}

GPtrArray *
cr_store_complete_address (CrStore             *self,
                           const char          *prefix,
                           const char * const  *exclude,
                           guint                limit,
                           GError             **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_address_free);
  g_autoptr(GHashTable) candidates = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;
  GHashTableIter iter;
  gpointer value;
  Tally tally;

  g_return_val_if_fail (CR_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  stripped = g_strstrip (g_strdup (prefix));
  if (!has_token (stripped))
    return g_steal_pointer (&result);
  folded = cr_store_fold_key (stripped, FALSE);

  candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) candidate_free);
  tally.candidates = candidates;
  tally.folded_prefix = folded;
  tally.exclude = exclude;
  tally.now = g_get_real_time () / G_USEC_PER_SEC;
  if (!tally_rows (self, &tally, error))
    return NULL;

  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, candidates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_candidates);
  for (guint i = 0; i < sorted->len && (limit == 0 || i < limit); i++)
    {
      const Candidate *candidate = g_ptr_array_index (sorted, i);

      g_ptr_array_add (result, cr_address_new (candidate->name, candidate->address));
    }
  return g_steal_pointer (&result);
}
