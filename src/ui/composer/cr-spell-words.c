/* cr-spell-words.c — the words of a line of text, for the spell checker
 *
 * A word is letters, digits and marks, joined by inner apostrophes and
 * hyphens (“l’été”, “aujourd'hui”, “peut-être”). It is looked up whole
 * first, as the dictionary may know it, else part by part. Words with
 * digits, addresses and links are not words of the language, and a quoted
 * line (“> ”) is someone else's text: none of them is checked.
 *
 * The dictionaries: those Enchant has, and the locale's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cr-spell-words.h"

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Inside a word only: apostrophes (straight and typographic), hyphens. */
static gboolean
is_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011;
}

static gboolean
dict_knows (EnchantDict *dict,
            const char  *word,
            gssize       length)
{
  return enchant_dict_check (dict, word, length) == 0;
}

/* “l’été” may be known whole; else “l’” and “été” each, a part before an
 * apostrophe being tried with it (elision) and without. */
gboolean
cr_spell_words_correct (EnchantDict *dict,
                        const char  *word,
                        gsize        length)
{
  const char *end = word + length;
  const char *part = word;

  if (dict_knows (dict, word, (gssize) length))
    return TRUE;

  while (part < end)
    {
      const char *p = part;
      gunichar joiner = 0;

      while (p < end && !is_joiner (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p == end && part == word)
        return FALSE;
      if (p < end)
        joiner = g_utf8_get_char (p);

      if (p > part && !dict_knows (dict, part, p - part)
          && !((joiner == '\'' || joiner == 0x2019)
               && dict_knows (dict, part, g_utf8_next_char (p) - part)))
        return FALSE;

      part = p < end ? g_utf8_next_char (p) : end;
    }

  return TRUE;
}

static gboolean
has_digit (const char *word,
           gsize       length)
{
  for (const char *p = word; p < word + length; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Addresses and links are not words of the language. */
static gboolean
is_address (const char *chunk,
            gsize       length)
{
  g_autofree char *copy = g_strndup (chunk, length);

  return strchr (copy, '@') != NULL || strstr (copy, "://") != NULL
         || g_str_has_prefix (copy, "www.");
}

static gboolean
is_quoted (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;

  return *line == '>';
}

/* The words of one whitespace-separated chunk of a line, which starts at
 * character @offset. */
static void
check_chunk (EnchantDict     *dict,
             const char      *chunk,
             const char      *chunk_end,
             int              offset,
             CrSpellWordFunc  misspelled,
             gpointer         user_data)
{
  const char *p = chunk;

  if (is_address (chunk, chunk_end - chunk))
    return;

  while (p < chunk_end)
    {
      const char *word = p;
      int word_offset = offset;

      if (!is_word_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
          continue;
        }

      while (p < chunk_end)
        {
          const char *next = g_utf8_next_char (p);
          gunichar c = g_utf8_get_char (p);

          if (is_word_char (c) || (is_joiner (c) && next < chunk_end && is_word_char (g_utf8_get_char (next))))
            {
              p = next;
              offset++;
            }
          else
            break;
        }

      if (!has_digit (word, p - word) && !cr_spell_words_correct (dict, word, p - word))
        misspelled (word_offset, offset, user_data);
    }
}

/**
 * cr_spell_words_check_line:
 * @dict: the dictionary
 * @line: a line of text, without its end
 * @misspelled: called with the character offsets of each misspelled word
 * @user_data: for @misspelled
 */
void
cr_spell_words_check_line (EnchantDict     *dict,
                           const char      *line,
                           CrSpellWordFunc  misspelled,
                           gpointer         user_data)
{
  const char *p = line;
  int offset = 0;

  if (is_quoted (line))
    return;

  while (*p != '\0')
    {
      const char *chunk = p;
      int chunk_offset = offset;

      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      if (p > chunk)
        check_chunk (dict, chunk, p, chunk_offset, misspelled, user_data);
      if (*p != '\0')
        {
          p = g_utf8_next_char (p);
          offset++;
        }
    }
}

static void
add_language (const char * const  tag,
              const char * const  provider_name,
              const char * const  provider_desc,
              const char * const  provider_file,
              void               *user_data)
{
  GPtrArray *languages = user_data;

  for (guint i = 0; i < languages->len; i++)
    if (g_str_equal (languages->pdata[i], tag))
      return;
  g_ptr_array_add (languages, g_strdup (tag));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * cr_spell_words_list_languages:
 * @broker: Enchant
 *
 * Returns: (transfer full): the dictionaries Enchant has, sorted
 */
GStrv
cr_spell_words_list_languages (EnchantBroker *broker)
{
  GPtrArray *languages = g_ptr_array_new ();

  enchant_broker_list_dicts (broker, add_language, languages);
  g_ptr_array_sort (languages, compare_strings);
  g_ptr_array_add (languages, NULL);

  return (GStrv) g_ptr_array_free (languages, FALSE);
}

/**
 * cr_spell_words_language_from_locale:
 * @broker: Enchant
 * @fallback: the dictionary to take when the locale has none (“C”)
 *
 * “fr_FR.UTF-8@euro” gives “fr_FR”, else “fr”, as the locale lists them.
 *
 * Returns: (transfer full) (nullable): a dictionary Enchant has, if any
 */
char *
cr_spell_words_language_from_locale (EnchantBroker *broker,
                                     const char    *fallback)
{
  const char * const *names = g_get_language_names ();
  g_auto(GStrv) available = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (names[i], strcspn (names[i], ".@"));

      if (*name != '\0' && !g_str_equal (name, "C") && !g_str_equal (name, "POSIX")
          && enchant_broker_dict_exists (broker, name))
        return g_steal_pointer (&name);
    }

  if (enchant_broker_dict_exists (broker, fallback))
    return g_strdup (fallback);

  available = cr_spell_words_list_languages (broker);

  return available[0] != NULL ? g_strdup (available[0]) : NULL;
}

/* iso-codes' table @standard (“639-3”), code → English name, as the
 * system (or the Flatpak runtime) has it; empty without iso-codes. */
static GHashTable *
load_iso_names (const char *standard,
                const char *code_member,
                const char *other_member)
{
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *file = g_strdup_printf ("iso_%s.json", standard);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "iso-codes", "json", file, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonArray *entries;

      if (!json_parser_load_from_file (parser, path, NULL)
          || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser))
          || !json_object_has_member (json_node_get_object (root), standard))
        continue;

      entries = json_object_get_array_member (json_node_get_object (root), standard);
      for (guint j = 0; entries != NULL && j < json_array_get_length (entries); j++)
        {
          JsonObject *entry = json_array_get_object_element (entries, j);
          const char *name = json_object_get_string_member_with_default (entry, "name", NULL);
          const char *codes[] = {
            json_object_get_string_member_with_default (entry, code_member, NULL),
            other_member != NULL ? json_object_get_string_member_with_default (entry, other_member, NULL) : NULL,
          };

          for (guint k = 0; k < G_N_ELEMENTS (codes) && name != NULL; k++)
            if (codes[k] != NULL)
              g_hash_table_insert (names, g_ascii_strdown (codes[k], -1), g_strdup (name));
        }
      break;
    }

  return names;
}

/**
 * cr_spell_words_language_name:
 * @tag: a dictionary tag, “fr_FR”, “en”
 *
 * The tag's language and country in the person's language (“French
 * (France)”, “français (France)”), from iso-codes; the tag itself when
 * iso-codes is missing or does not know it.
 *
 * Returns: (transfer full): a name to show
 */
char *
cr_spell_words_language_name (const char *tag)
{
  /* Read once: a few hundred kilobytes, for every menu after. */
  static GHashTable *languages, *countries;
  g_auto(GStrv) parts = NULL;
  const char *language = NULL, *country = NULL;

  g_return_val_if_fail (tag != NULL, NULL);

  if (g_once_init_enter (&languages))
    g_once_init_leave (&languages, load_iso_names ("639-3", "alpha_2", "alpha_3"));
  if (g_once_init_enter (&countries))
    g_once_init_leave (&countries, load_iso_names ("3166-1", "alpha_2", NULL));

  parts = g_strsplit_set (tag, "_-", 2);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *code = g_ascii_strdown (parts[i], -1);

      if (i == 0)
        language = g_hash_table_lookup (languages, code);
      else
        country = g_hash_table_lookup (countries, code);
    }

  if (language == NULL || (parts[1] != NULL && country == NULL))
    return g_strdup (tag);
  if (country == NULL)
    return g_strdup (g_dgettext ("iso_639-3", language));

  /* Translators: a spelling dictionary's language and country,
   * “French (France)” */
  return g_strdup_printf (C_("spelling language", "%s (%s)"),
                          g_dgettext ("iso_639-3", language),
                          g_dgettext ("iso_3166-1", country));
}
