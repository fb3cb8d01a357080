/* test-cli-mail.c — courrier-cli folders, list, show and search
 *
 * courrier-cli, run as a script would, against the private Dovecot
 * (IMAPS): after a sync, the folders with decoded French names and
 * roles; a folder's messages newest first, by role or by path; a message
 * shown with decoded headers, attachment names and text, its body
 * fetched on demand then read from the cache; a search that ignores
 * accents; the --json forms; exit statuses for bad usage and unknown
 * folders or messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cr-test-cli.h"
#include "cr-test-env.h"

static CrTestCli cli;

static const char meeting[] =
  "From: =?ISO-8859-1?Q?Fran=E7ois_L=E9v=EAque?= <francois@example.test>\r\n"
  "To: =?UTF-8?B?Wm/DqSBNYXJ0aW4=?= <zoe@example.test>\r\n"
  "Subject: =?UTF-8?Q?R=C3=A9union_d=E2=80=99=C3=A9quipe_=C3=A0_15h?=\r\n"
  "Date: Tue, 3 Mar 2026 09:15:00 +0100\r\n"
  "Message-ID: <meeting@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
  "\r\n"
  "--b\r\n"
  "Content-Type: text/plain; charset=ISO-8859-1\r\n"
  "Content-Transfer-Encoding: quoted-printable\r\n"
  "\r\n"
  "Bonjour =E0 tous, voici l'ordre du jour de la r=E9union.\r\n"
  "--b\r\n"
  "Content-Type: application/pdf\r\n"
  "Content-Disposition: attachment; filename*=UTF-8''compte-rendu%20%C3%A9t%C3%A9.pdf\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "JVBERi0xLjQK\r\n"
  "--b--\r\n";

static const char older[] =
  "From: Agn\xc3\xa8s Duval <agnes@example.test>\r\n"
  "To: zoe@example.test\r\n"
  "Subject: Cong\xc3\xa9s d\xe2\x80\x99\xc3\xa9t\xc3\xa9\r\n"
  "Date: Mon, 2 Mar 2026 08:00:00 +0100\r\n"
  "Message-ID: <older@example.test>\r\n"
  "Content-Type: text/plain; charset=UTF-8\r\n"
  "\r\n"
  "Les cong\xc3\xa9s commencent lundi.\r\n";

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
seed (const char *mailbox,
      const char *raw,
      gint64      date)
{
  g_autoptr(GError) error = NULL;

  cr_test_dovecot_seed_message (cli.dovecot, mailbox, raw, strlen (raw), NULL, date, &error);
  g_assert_no_error (error);
}

static void
deliver (const char *mailbox,
         const char *raw)
{
  g_autoptr(GError) error = NULL;

  cr_test_dovecot_deliver (cli.dovecot, mailbox, raw, strlen (raw), &error);
  g_assert_no_error (error);
}

static JsonObject *
find_folder (JsonArray  *folders,
             const char *path)
{
  for (guint i = 0; i < json_array_get_length (folders); i++)
    {
      JsonObject *folder = json_array_get_object_element (folders, i);

      if (g_strcmp0 (json_object_get_string_member (folder, "path"), path) == 0)
        return folder;
    }
  g_error ("no folder %s", path);
}

static void
test_folders_list_show_search (void)
{
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (cli.dovecot));
  g_autofree char *out = NULL, *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  JsonObject *object, *from;
  char *tab;

  g_assert_true (cr_test_dovecot_doveadm (cli.dovecot, NULL, &error, "mailbox", "create", "-s", "-u",
                                          cr_test_dovecot_get_user (cli.dovecot), "Réunions", NULL));
  g_assert_no_error (error);
  seed ("INBOX", older, 1772434800);
  seed ("INBOX", meeting, 1772525700);
  deliver ("Réunions", older);

  g_assert_cmpint (cr_test_cli_add_account (&cli, "bureau", "Zoé Martin", CR_TEST_IMAPS), ==, 0);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, NULL, "sync", "bureau", "--password-stdin", NULL), ==, 0);

  /* folders */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "folders", "bureau", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "INBOX\tinbox\t2\t2\n"));
  g_assert_nonnull (strstr (out, "Réunions\tnone\t1\t1\n"));
  g_assert_nonnull (strstr (out, "Trash\ttrash\t0\t0\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "folders", "bureau", "--json", NULL), ==, 0);
  node = parse (out);
  object = find_folder (json_node_get_array (node), "Réunions");
  g_assert_cmpstr (json_object_get_string_member (object, "server_path"), ==, "R&AOk-unions");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "none");
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 1);
  object = find_folder (json_node_get_array (node), "Junk");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "junk");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* list, by role, newest first */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "list", "bureau", "inbox", NULL), ==, 0);
  g_assert_true (g_str_has_suffix (out, "\tAgnès Duval\tCongés d’été\n"));
  g_assert_nonnull (strstr (out, "\t2026-03-03T08:15:00Z\t-\tFrançois Lévêque\tRéunion d’équipe à 15h\n"));
  g_assert_true (strstr (out, "Réunion") < strstr (out, "Congés"));
  tab = strchr (out, '\t');
  id = g_strndup (out, tab - out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "list", "bureau", "inbox", "--limit", "1", "--json", NULL), ==, 0);
  node = parse (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==, "Réunion d’équipe à 15h");
  from = json_object_get_object_member (object, "from");
  g_assert_cmpstr (json_object_get_string_member (from, "name"), ==, "François Lévêque");
  g_assert_cmpstr (json_object_get_string_member (from, "address"), ==, "francois@example.test");
  g_assert_cmpstr (json_object_get_string_member (object, "date"), ==, "2026-03-03T08:15:00Z");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "attachments"), 0),
                   ==, "compte-rendu été.pdf");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "flags")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, g_ascii_strtoll (id, NULL, 10));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* list by path, decoded or as on the server */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "list", "bureau", "Réunions", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Congés d’été"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "list", "bureau", "R&AOk-unions", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Congés d’été"));
  g_clear_pointer (&out, g_free);

  /* show: fetched from the server (not in the cache yet), then cached */
  /* Not cached and no keyring here to give the password: status 1. */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "show", "bureau", id, NULL), ==, 1);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "show", "bureau", id, "--password-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "François Lévêque <francois@example.test>\n"));
  g_assert_nonnull (strstr (out, "Zoé Martin <zoe@example.test>\n"));
  g_assert_nonnull (strstr (out, " Réunion d’équipe à 15h\n"));
  g_assert_nonnull (strstr (out, " compte-rendu été.pdf\n"));
  g_assert_nonnull (strstr (out, "\n\nBonjour à tous, voici l'ordre du jour de la réunion."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "show", "bureau", id, "--json", NULL), ==, 0);
  node = parse (out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==, "Réunion d’équipe à 15h");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "text"), "Bonjour à tous"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "attachments"), 0),
                   ==, "compte-rendu été.pdf");
  /* Read on the server? No: BODY.PEEK. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "flags")), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* search: accents and case do not matter */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "search", "bureau", "REUNION", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Réunion d’équipe à 15h"));
  g_assert_null (strstr (out, "Congés"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "search", "conges", "--json", NULL), ==, 0);
  node = parse (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==, "Congés d’été");
  g_assert_cmpstr (json_object_get_string_member (object, "account"), ==, "bureau");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* Exit statuses */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "list", "bureau", NULL), ==, 2);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "list", "bureau", "inbox", "--limit", "-1", NULL), ==, 2);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "folders", NULL), ==, 2);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "show", "bureau", NULL), ==, 2);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "search", NULL), ==, 2);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "list", "bureau", "Nulle-part", NULL), ==, 1);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "list", "ailleurs", "inbox", NULL), ==, 1);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "show", "bureau", "999999", NULL), ==, 1);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "show", "bureau", "abc", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cr_test_cli_start (&cli, env_dir, argv[1]);

  g_test_add_func ("/cli-mail/folders-list-show-search", test_folders_list_show_search);
  ret = g_test_run ();

  cr_test_cli_stop (&cli);
  cr_test_env_teardown (env_dir);

  return ret;
}
