/* test-mime-corpus.c — each message of tests/data/mime read into the
 * display model its .json file expects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-mime-test-json.h"
#include "cr-test-env.h"

static char *
data_path (const char *name)
{
  const char *srcdir = g_getenv ("CR_TEST_SRCDIR");

  g_assert_nonnull (srcdir);
  return g_build_filename (srcdir, "data", "mime", name, NULL);
}

static CrMimeParseFlags
flags_of (JsonObject *test)
{
  CrMimeParseFlags flags = CR_MIME_PARSE_DEFAULT;
  JsonArray *names;

  if (!json_object_has_member (test, "flags"))
    return flags;

  names = json_object_get_array_member (test, "flags");
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      const char *name = json_array_get_string_element (names, i);

      g_assert_cmpstr (name, ==, "prefer-plain");
      flags |= CR_MIME_PARSE_PREFER_PLAIN;
    }

  return flags;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_corpus_case (gconstpointer data)
{
  const char *json_name = data;
  g_autofree char *json_path = data_path (json_name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *test;
  g_autofree char *eml_path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(GString) path = g_string_new ("$");

  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  test = json_node_get_object (json_parser_get_root (parser));

  eml_path = data_path (json_object_get_string_member (test, "eml"));
  g_file_get_contents (eml_path, &contents, &length, &error);
  g_assert_no_error (error);
  raw = g_bytes_new_take (g_steal_pointer (&contents), length);

  message = cr_mime_message_new_from_bytes (raw, flags_of (test));
  actual = cr_mime_test_message_to_json (message);

  if (!cr_mime_test_json_matches (json_object_get_member (test, "expect"), actual, path))
    {
      g_autofree char *dump = json_to_string (actual, TRUE);

      g_test_message ("actual display model:\n%s", dump);
      g_test_fail_printf ("%s: %s", json_name, path->str);
    }

  g_assert_finalize_object (g_steal_pointer (&message));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *dir_path = data_path ("");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;
  int ret;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  /* An empty corpus would pass; it must not. */
  g_assert_cmpuint (names->len, >=, 20);

  for (guint i = 0; i < names->len; i++)
    {
      const char *json_name = g_ptr_array_index (names, i);
      g_autofree char *base = g_strndup (json_name, strlen (json_name) - 5);
      g_autofree char *test_path = g_strconcat ("/mime-corpus/", base, NULL);

      g_test_add_data_func (test_path, json_name, test_corpus_case);
    }

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
