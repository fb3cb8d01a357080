/* cr-store-search.c — full-text search and the text helpers behind it
 *
 * The FTS5 table messages_fts (001-initial.sql) has the columns subject,
 * sender, recipients and body, with the unicode61 tokenizer folding case
 * and diacritics ("reunion" finds "Réunion"). Header rows are added in
 * batches by cr_store_flush_index(): FTS5 writes a segment per
 * transaction, and one per sync batch of 1,000 halved the insert speed.
 * A query such as
 *
 *   from:dupont subject:"ordre du jour" is:unread budg
 *
 * becomes the FTS5 expression
 *
 *   sender : "dupont" AND subject : "ordre du jour" AND "budg" *
 *
 * plus SQL conditions on the flags. Every user word is quoted, so FTS5
 * syntax typed by a person (AND, NEAR, *, ^) is taken as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-store-private.h"

#define RECORD_SEPARATOR '\x1e'
#define FIELD_SEPARATOR '\x1f'

/* Text helpers ------------------------------------------------------- */

/* "name\x1faddress\x1ename\x1faddress": compact, and neither separator
 * can appear in a decoded header. */
char *
cr_store_encode_addresses (GPtrArray *addresses)
{
  GString *out;

  if (addresses == NULL || addresses->len == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < addresses->len; i++)
    {
      const CrAddress *address = g_ptr_array_index (addresses, i);

      if (i > 0)
        g_string_append_c (out, RECORD_SEPARATOR);
      g_string_append (out, address->name != NULL ? address->name : "");
      g_string_append_c (out, FIELD_SEPARATOR);
      g_string_append (out, address->address != NULL ? address->address : "");
    }

  return g_string_free (out, FALSE);
}

GPtrArray *
cr_store_decode_addresses (const char *text)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_address_free);
  const char *record = text;

  while (record != NULL && *record != '\0')
    {
      const char *end = strchr (record, RECORD_SEPARATOR);
      const char *field;
      g_autofree char *name = NULL;
      g_autofree char *address = NULL;

      if (end == NULL)
        end = record + strlen (record);
      field = memchr (record, FIELD_SEPARATOR, end - record);
      if (field == NULL)
        field = end;
      name = g_strndup (record, field - record);
      address = field < end ? g_strndup (field + 1, end - field - 1) : g_strdup ("");
      g_ptr_array_add (addresses, cr_address_new (*name ? name : NULL, *address ? address : NULL));
      record = *end != '\0' ? end + 1 : NULL;
    }

  return addresses;
}

/* Reply and forward prefixes the subject sort skips, French ones too
 * ("TR :", "RE :" with the French space before the colon). */
static const char *const reply_prefixes[] = { "re", "fwd", "fw", "tr", "aw", "wg", "réf" };

static const char *
skip_reply_prefixes (const char *text)
{
  gboolean again = TRUE;

  while (again)
    {
      again = FALSE;
      while (g_ascii_isspace (*text))
        text++;
      for (guint i = 0; i < G_N_ELEMENTS (reply_prefixes); i++)
        {
          gsize len = strlen (reply_prefixes[i]);
          const char *after = text + len;

          if (g_ascii_strncasecmp (text, reply_prefixes[i], len) != 0)
            continue;
          while (*after == ' ' || *after == '\xc2' || *after == '\xa0')
            after++;
          if (*after == ':')
            {
              text = after + 1;
              again = TRUE;
              break;
            }
        }
    }

  return text;
}

/* Case folded, decomposed, marks dropped; @text is valid UTF-8. */
static char *
fold_general (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The folded form of each character written in two UTF-8 bytes
 * (U+0080–U+07FF: accented Latin, Greek, Cyrillic…), worked out once by
 * fold_general(). Folding goes character by character and marks are
 * dropped, so the key of a text is the keys of its characters end to end. */
#define TWO_BYTE_FIRST 0x80
#define TWO_BYTE_END 0x800
static char two_byte_folds[TWO_BYTE_END - TWO_BYTE_FIRST][8];

static gpointer
init_two_byte_folds (gpointer data)
{
  for (gunichar c = TWO_BYTE_FIRST; c < TWO_BYTE_END; c++)
    {
      char utf8[8] = { 0, };
      g_autofree char *folded = NULL;

      g_unichar_to_utf8 (c, utf8);
      folded = fold_general (utf8);
      /* Longer than a slot (none is in Unicode 15): the general path. */
      if (strlen (folded) < sizeof two_byte_folds[0])
        strcpy (two_byte_folds[c - TWO_BYTE_FIRST], folded);
      else
        two_byte_folds[c - TWO_BYTE_FIRST][0] = '\xff';
    }

  return NULL;
}

/* NULL when @text has a character beyond two bytes, or is not UTF-8. */
static char *
fold_two_byte (const char *text)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GString) out = g_string_sized_new (strlen (text));

  g_once (&once, init_two_byte_folds, NULL);
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      gunichar c;

      if (*p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          continue;
        }
      if ((*p & 0xE0) != 0xC0 || (p[1] & 0xC0) != 0x80)
        return NULL;
      c = ((gunichar) (*p & 0x1F) << 6) | (p[1] & 0x3F);
      if (c < TWO_BYTE_FIRST || two_byte_folds[c - TWO_BYTE_FIRST][0] == '\xff')
        return NULL;
      g_string_append (out, two_byte_folds[c - TWO_BYTE_FIRST]);
      p++;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A sort key: case and accents folded, so "Émile" sorts with "emile". */
char *
cr_store_fold_key (const char *text,
                   gboolean    strip_reply)
{
  gboolean ascii = TRUE;
  char *key;

  if (text == NULL)
    return NULL;
  if (strip_reply)
    text = skip_reply_prefixes (text);

  /* Most keys are plain ASCII: no Unicode tables needed. */
  for (const char *p = text; *p != '\0' && ascii; p++)
    ascii = (guchar) *p < 0x80;
  if (ascii)
    return g_ascii_strdown (text, -1);
  if ((key = fold_two_byte (text)) != NULL)
    return key;
  if (!g_utf8_validate (text, -1, NULL))
    return g_ascii_strdown (text, -1);

  return fold_general (text);
}

char *
cr_store_people_text (GPtrArray *to,
                      GPtrArray *cc)
{
  GPtrArray *lists[] = { to, cc };
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        const CrAddress *address = g_ptr_array_index (lists[l], i);

        g_string_append_printf (out, "%s %s ",
                                address->name != NULL ? address->name : "",
                                address->address != NULL ? address->address : "");
      }

  return g_string_free (out, FALSE);
}

/* The query ---------------------------------------------------------- */

void
cr_store_query_free (CrStoreQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->fts);
  g_clear_pointer (&query->terms, g_ptr_array_unref);
  g_free (query);
}

static void
query_term_free (gpointer data)
{
  CrStoreQueryTerm *term = data;

  g_free (term->text);
  g_free (term);
}

/* Splits @text into words; "quoted phrases" stay one word (quotes
 * removed), also after an operator: subject:"ordre du jour". */
static GPtrArray *
split_words (const char *text,
             gboolean   *out_last_open)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  *out_last_open = FALSE;
  while (*p != '\0')
    {
      GString *word = g_string_new (NULL);
      gboolean quoted = FALSE;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        {
          g_string_free (word, TRUE);
          break;
        }
      while (*p != '\0' && (quoted || !g_ascii_isspace (*p)))
        {
          if (*p == '"')
            quoted = !quoted;
          else
            g_string_append_c (word, *p);
          p++;
        }
      /* A word still being typed, not a finished one or a phrase. */
      *out_last_open = !quoted && !g_ascii_isspace (p[-1]) && p[-1] != '"';
      if (word->len > 0)
        g_ptr_array_add (words, g_string_free (word, FALSE));
      else
        g_string_free (word, TRUE);
    }
  /* "fact " is a finished word. */
  if (p > text && g_ascii_isspace (p[-1]))
    *out_last_open = FALSE;

  return words;
}

/* Appends `column : "text"` (or a prefix query) with quotes doubled. */
static void
append_term (GString    *fts,
             const char *column,
             const char *text,
             gboolean    prefix)
{
  g_autoptr(GString) quoted = g_string_new (text);

  g_string_replace (quoted, "\"", "\"\"", 0);
  if (fts->len > 0)
    g_string_append (fts, " AND ");
  if (column != NULL)
    g_string_append_printf (fts, "%s : ", column);
  g_string_append_printf (fts, "\"%s\"%s", quoted->str, prefix ? " *" : "");
}

/* Kept as a term too, for searches that are not FTS5 (IMAP SEARCH). */
static void
add_term (CrStoreQuery *query,
          GString      *fts,
          const char   *column,
          const char   *text,
          gboolean      prefix)
{
  CrStoreQueryTerm *term = g_new0 (CrStoreQueryTerm, 1);

  term->column = column;
  term->text = g_strdup (text);
  g_ptr_array_add (query->terms, term);
  append_term (fts, column, text, prefix);
}

static gboolean
parse_operator (CrStoreQuery *query,
                GString      *fts,
                const char   *word,
                gboolean      last)
{
  const char *colon = strchr (word, ':');
  const char *value;
  g_autofree char *name = NULL;

  if (colon == NULL || colon == word || colon[1] == '\0')
    return FALSE;
  name = g_ascii_strdown (word, colon - word);
  value = colon + 1;

  if (g_str_equal (name, "from") || g_str_equal (name, "de"))
    add_term (query, fts, "sender", value, last);
  else if (g_str_equal (name, "to") || g_str_equal (name, "a") || g_str_equal (name, "à"))
    add_term (query, fts, "recipients", value, last);
  else if (g_str_equal (name, "subject") || g_str_equal (name, "objet"))
    add_term (query, fts, "subject", value, last);
  else if (g_str_equal (name, "has") && g_ascii_strncasecmp (value, "attachment", 10) == 0)
    query->need_attachment = TRUE;
  else if (g_str_equal (name, "is") && g_ascii_strcasecmp (value, "unread") == 0)
    query->need_clear |= CR_MESSAGE_FLAG_SEEN;
  else if (g_str_equal (name, "is") && g_ascii_strcasecmp (value, "read") == 0)
    query->need_set |= CR_MESSAGE_FLAG_SEEN;
  else if (g_str_equal (name, "is") && (g_ascii_strcasecmp (value, "flagged") == 0 ||
                                        g_ascii_strcasecmp (value, "starred") == 0))
    query->need_set |= CR_MESSAGE_FLAG_FLAGGED;
  else
    return FALSE;

  return TRUE;
}

CrStoreQuery *
cr_store_query_parse (const char *text)
{
  CrStoreQuery *query = g_new0 (CrStoreQuery, 1);
  g_autoptr(GString) fts = g_string_new (NULL);
  g_autoptr(GPtrArray) words = NULL;
  gboolean last_open;

  query->terms = g_ptr_array_new_with_free_func (query_term_free);
  words = split_words (text != NULL ? text : "", &last_open);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      gboolean prefix = last_open && i == words->len - 1;

      /* An unknown operator ("http://…", "10:30") is plain text. */
      if (!parse_operator (query, fts, word, prefix))
        add_term (query, fts, NULL, word, prefix);
    }
  query->fts = fts->len > 0 ? g_strdup (fts->str) : NULL;

  return query;
}

/* Indexing and searching ---------------------------------------------- */

/* The full-text columns of a message row, computed by SQL so that a
 * batch is one statement. */
#define FTS_VALUES \
  "m.id, m.subject, coalesce (m.from_name, '') || ' ' || coalesce (m.from_address, ''), " \
  "replace (replace (coalesce (m.to_list, '') || char (30) || coalesce (m.cc_list, ''), " \
  "char (31), ' '), char (30), ' ')"

/* Rows per full-text transaction: FTS5 is cheap in large ones, but the
 * write lock is held meanwhile. */
#define INDEX_CHUNK 10000

gboolean
cr_store_flush_index (CrStore  *self,
                      GError  **error)
{
  guint done = 0;

  g_return_val_if_fail (CR_IS_STORE (self), FALSE);

  do
    {
      CrStoreDb *db = cr_store_begin_write (self, error);
      gboolean ok;

      if (db == NULL)
        return FALSE;
      ok = cr_store_index_pending (db, INDEX_CHUNK, &done, error);
      /* Still under the write lock: no row can come in between. */
      if (ok && done == 0)
        cr_store_forget_unindexed (self);
      if (!cr_store_end_write (self, db, ok, error))
        return FALSE;
    }
  while (done > 0);

  return TRUE;
}

guint
cr_store_count_unindexed (CrStoreDb *db)
{
  sqlite3_stmt *stmt = cr_store_db_prepare (db,
                                            "SELECT EXISTS (SELECT 1 FROM messages "
                                            "WHERE id >= coalesce ((SELECT next_id FROM index_state), 0) "
                                            "AND indexed = 0)", NULL);
  guint waiting = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    waiting = (guint) sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return waiting;
}

gboolean
cr_store_index_pending (CrStoreDb  *db,
                        guint       max,
                        guint      *out_done,
                        GError    **error)
{
  sqlite3_stmt *stmt;

  *out_done = 0;
  /* From the watermark up (migration 004): rows below it are indexed. */
  stmt = cr_store_db_prepare (db,
                              "INSERT INTO messages_fts (rowid, subject, sender, recipients) "
                              "SELECT " FTS_VALUES " FROM messages m "
                              "WHERE m.id >= coalesce ((SELECT next_id FROM index_state), 0) AND m.indexed = 0 "
                              "ORDER BY m.id LIMIT ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, max);
  if (!cr_store_db_step_done (db, stmt, error))
    return FALSE;

  stmt = cr_store_db_prepare (db,
                              "UPDATE messages SET indexed = 1 WHERE id IN "
                              "(SELECT id FROM messages "
                              "WHERE id >= coalesce ((SELECT next_id FROM index_state), 0) AND indexed = 0 "
                              "ORDER BY id LIMIT ?1)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, max);
  if (!cr_store_db_step_done (db, stmt, error))
    return FALSE;
  *out_done = sqlite3_changes (db->db);

  /* Past what was indexed: to the next row still waiting, or the end. */
  stmt = cr_store_db_prepare (db,
                              "UPDATE index_state SET next_id = coalesce ("
                              "(SELECT min (id) FROM messages WHERE id >= next_id AND indexed = 0), "
                              "(SELECT coalesce (max (id), 0) + 1 FROM messages))",
                              error);
  if (stmt == NULL)
    return FALSE;

  return cr_store_db_step_done (db, stmt, error);
}

/**
 * cr_store_note_new_rows:
 * @first_id: the id of the first row just inserted
 *
 * Lowers the full-text watermark to @first_id: ids are not increasing
 * for ever (the highest row may have been deleted).
 */
gboolean
cr_store_note_new_rows (CrStoreDb  *db,
                        gint64      first_id,
                        GError    **error)
{
  sqlite3_stmt *stmt = cr_store_db_prepare (db,
                                            "UPDATE index_state SET next_id = ?1 WHERE next_id > ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first_id);

  return cr_store_db_step_done (db, stmt, error);
}

/* Indexes the row with its body if it was not indexed yet. */
static gboolean
index_body (CrStoreDb   *db,
            gint64       message_id,
            const char  *text,
            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = cr_store_db_prepare (db,
                              "INSERT INTO messages_fts (rowid, subject, sender, recipients, body) "
                              "SELECT " FTS_VALUES ", ?2 FROM messages m "
                              "WHERE m.id = ?1 AND m.indexed = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  if (!cr_store_db_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (db->db) > 0)
    stmt = cr_store_db_prepare (db, "UPDATE messages SET indexed = 1 WHERE id = ?1", error);
  else
    stmt = cr_store_db_prepare (db, "UPDATE messages_fts SET body = ?2 WHERE rowid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  if (!cr_store_db_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (db->db) == 0)
    {
      g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
                           _("This message does not exist."));
      return FALSE;
    }

  return TRUE;
}

gboolean
cr_store_index_body_text (CrStore     *self,
                          gint64       message_id,
                          const char  *text,
                          GError     **error)
{
  CrStoreDb *db = cr_store_begin_write (self, error);

  if (db == NULL)
    return FALSE;

  return cr_store_end_write (self, db, index_body (db, message_id, text, error), error);
}

GArray *
cr_store_search (CrStore     *self,
                 const char  *account_id,
                 gint64       folder_id,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(CrStoreQuery) query = cr_store_query_parse (text);
  g_autoptr(GString) sql = g_string_new ("SELECT m.id FROM messages m");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  if (query->fts != NULL)
    g_string_append (sql, " JOIN messages_fts f ON f.rowid = m.id");
  if (account_id != NULL)
    g_string_append (sql, " JOIN folders fo ON fo.id = m.folder_id");
  g_string_append (sql, " WHERE (m.flags & ?4) = ?4 AND (m.flags & ?5) = 0");
  if (query->fts != NULL)
    g_string_append (sql, " AND messages_fts MATCH ?1");
  if (account_id != NULL)
    g_string_append (sql, " AND fo.account_id = ?2");
  if (folder_id != 0)
    g_string_append (sql, " AND m.folder_id = ?3");
  if (query->need_attachment)
    g_string_append (sql, " AND m.has_attachment != 0");
  g_string_append (sql, " ORDER BY m.date DESC, m.id DESC LIMIT ?6");

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return NULL;
  stmt = cr_store_db_prepare (db, sql->str, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, query->fts, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, account_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, folder_id);
      sqlite3_bind_int (stmt, 4, query->need_set);
      sqlite3_bind_int (stmt, 5, query->need_clear);
      sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}
