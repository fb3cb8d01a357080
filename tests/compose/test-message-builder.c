/* test-message-builder.c — folding, encoded words, flowed text, RFC 2231
 * parameters, and messages read back by the MIME reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-compose-encode.h"
#include "cr-message-builder.h"
#include "cr-mime-message.h"
#include "cr-smtp-send.h"

static void
assert_lines_fit (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, CR_COMPOSE_LINE_LENGTH);
}

static void
test_subject_folding (void)
{
  const char *subject = "Très très long sujet accentué : éèàùç œ € — qui doit être replié sur plusieurs lignes sans couper un caractère";
  g_autofree char *header = cr_compose_header_unstructured ("Subject", subject);
  g_autofree char *value = NULL;
  g_autofree char *decoded = NULL;

  assert_lines_fit (header);
  g_assert_true (g_str_has_prefix (header, "Subject: =?UTF-8?B?"));
  g_assert_true (g_str_has_suffix (header, "?=\r\n"));
  /* Each encoded word holds whole characters: it decodes alone. */
  {
    g_auto(GStrv) words = g_strsplit_set (header + 9, " \r\n", -1);

    for (guint i = 0; words[i] != NULL; i++)
      {
        gsize length;
        g_autofree guchar *bytes = NULL;
        g_autofree char *b64 = NULL;

        if (*words[i] == '\0')
          continue;
        g_assert_true (g_str_has_prefix (words[i], "=?UTF-8?B?"));
        b64 = g_strndup (words[i] + 10, strlen (words[i]) - 12);
        bytes = g_base64_decode (b64, &length);
        g_assert_true (g_utf8_validate ((const char *) bytes, (gssize) length, NULL));
      }
  }

  value = g_strndup (header + 9, strlen (header) - 11);
  decoded = cr_mime_decode_header (value);
  g_assert_cmpstr (decoded, ==, subject);
}

static void
test_ascii_folding (void)
{
  g_autofree char *header = cr_compose_header_unstructured ("Subject",
    "A plain ASCII subject that is long enough to need folding at the seventy-eighth column of the line");

  assert_lines_fit (header);
  g_assert_null (strstr (header, "=?"));
  g_assert_nonnull (strstr (header, "\r\n "));
}

static void
test_addresses (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_mime_address_free);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *header = NULL;
  g_autofree char *unfolded = NULL;

  g_ptr_array_add (list, cr_mime_address_new ("Dupont, Jean", "jean@example.org"));
  g_ptr_array_add (list, cr_mime_address_new ("Élodie \"Lolo\" Bouchez", "elodie@example.org"));
  g_ptr_array_add (list, cr_mime_address_new ("Plain Name", "plain@example.org"));
  g_ptr_array_add (list, cr_mime_address_new ("Quote \"me\"", "q@example.org"));
  g_ptr_array_add (list, cr_mime_address_new (NULL, "bare@example.org"));
  header = cr_compose_header_addresses ("To", list);
  assert_lines_fit (header);
  g_assert_nonnull (strstr (header, "\"Dupont, Jean\" <jean@example.org>,"));
  g_assert_nonnull (strstr (header, "\"Quote \\\"me\\\"\""));

  unfolded = g_strndup (header + 4, strlen (header) - 6);
  g_assert_true (cr_mime_parse_address_list (unfolded, &parsed));
  g_assert_cmpuint (parsed->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const CrMimeAddress *a = g_ptr_array_index (list, i);
      const CrMimeAddress *b = g_ptr_array_index (parsed, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->address, ==, b->address);
    }

  g_assert_true (cr_compose_is_valid_address ("a.b+c@example.org"));
  g_assert_false (cr_compose_is_valid_address ("a b@example.org"));
  g_assert_false (cr_compose_is_valid_address ("a@b@example.org"));
  g_assert_false (cr_compose_is_valid_address ("a@example.org>\r\nBcc: x"));
  g_assert_false (cr_compose_is_valid_address ("noat"));
}

static void
test_flowed (void)
{
  const char *text = "Une ligne courte.\n"
                     "Un long paragraphe qui dépasse largement la limite de soixante-douze caractères et qui doit donc être coupé.\n"
                     " commence par une espace\n"
                     "From here\n"
                     "trailing spaces   \n"
                     "> citation\n"
                     "-- \n"
                     "Signature";
  g_autofree char *flowed = cr_compose_flow_text (text);
  g_auto(GStrv) lines = g_strsplit (flowed, "\n", -1);
  g_autoptr(GPtrArray) blocks = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 78);
  g_assert_nonnull (strstr (flowed, "\n  commence par une espace\n"));
  g_assert_nonnull (strstr (flowed, "\n From here\n"));
  g_assert_nonnull (strstr (flowed, "\ntrailing spaces\n"));
  g_assert_nonnull (strstr (flowed, "\n-- \n"));

  blocks = cr_mime_text_to_blocks (flowed, TRUE, FALSE);
  g_assert_cmpuint (blocks->len, ==, 3);
  g_assert_cmpstr (((CrMimeTextBlock *) g_ptr_array_index (blocks, 0))->text, ==,
                   "Une ligne courte.\n"
                   "Un long paragraphe qui dépasse largement la limite de soixante-douze caractères et qui doit donc être coupé.\n"
                   " commence par une espace\n"
                   "From here\n"
                   "trailing spaces");
  g_assert_cmpstr (((CrMimeTextBlock *) g_ptr_array_index (blocks, 1))->text, ==, "citation");
}

static void
test_qp (void)
{
  const char *text = "é=x trailing \nFrom a\nline without end";
  g_autofree char *qp = cr_compose_encode_qp (text, strlen (text));
  g_autofree char *long_line = g_strnfill (200, 'a');
  g_autofree char *long_qp = cr_compose_encode_qp (long_line, 200);

  g_assert_cmpstr (qp, ==, "=C3=A9=3Dx trailing=20\r\n=46rom a\r\nline without end");
  assert_lines_fit (long_qp);
  g_assert_nonnull (strstr (long_qp, "=\r\n"));
}

static void
test_parameter (void)
{
  g_autoptr(GString) header = g_string_new ("Content-Disposition: attachment");
  g_autoptr(GString) plain = g_string_new ("Content-Disposition: attachment");

  cr_compose_append_parameter (header, "filename", "Relevé de compte très long — été 2026 pour l’administration fiscale.pdf");
  assert_lines_fit (header->str);
  g_assert_nonnull (strstr (header->str, "filename*0*=UTF-8''Relev%C3%A9"));
  g_assert_nonnull (strstr (header->str, "filename*1*="));

  cr_compose_append_parameter (plain, "filename", "report 2026.pdf");
  g_assert_cmpstr (plain->str, ==, "Content-Disposition: attachment;\r\n filename=\"report 2026.pdf\"");
}

static void
test_round_trip (void)
{
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) forwarded = g_bytes_new_static ("From: a@example.org\r\nSubject: old\r\n\r\nold text\r\n", 45);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 ("2026-03-12T16:46:00+01:00", NULL);
  const char *refs[] = { "a@example.org", "b@example.org", NULL };
  const char *body = "Bonjour Élodie,\n\nVoici le document.";
  GPtrArray *attachments;
  CrMimePart *text;
  const char *data;

  cr_message_builder_set_from (builder, "Amélie Poulain", "amelie@example.fr");
  cr_message_builder_add_to (builder, "Élodie", "elodie@example.org");
  cr_message_builder_set_subject (builder, "Re: Réunion");
  cr_message_builder_set_body (builder, body);
  cr_message_builder_set_organization (builder, "Café des 2 Moulins");
  cr_message_builder_set_in_reply_to (builder, "b@example.org");
  cr_message_builder_set_references (builder, refs);
  cr_message_builder_set_date (builder, date);
  cr_message_builder_add_attachment (builder, "image écran.png", NULL, png);
  cr_message_builder_add_message_attachment (builder, "old.eml", forwarded);

  raw = cr_message_builder_build (builder, TRUE, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (raw, NULL);
  assert_lines_fit (data);
  g_assert_true (g_str_has_prefix (data, "Date: Thu, 12 Mar 2026 16:46:00 +0100\r\n"));
  g_assert_null (strstr (data, "User-Agent"));
  for (gsize i = 0; i < g_bytes_get_size (raw); i++)
    g_assert_cmpuint ((guchar) data[i], <, 0x80);

  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  g_assert_cmpstr (cr_mime_message_get_subject (message), ==, "Re: Réunion");
  g_assert_cmpstr (cr_mime_message_get_in_reply_to (message), ==, "b@example.org");
  g_assert_cmpstr (cr_mime_message_get_references (message)[1], ==, "b@example.org");
  g_assert_true (g_str_has_suffix (cr_mime_message_get_message_id (message), "@example.fr"));
  g_assert_cmpstr (cr_mime_message_get_message_id (message), ==, cr_message_builder_get_message_id (builder));
  {
    g_autofree char *organization = cr_mime_message_dup_header (message, "Organization");
    g_autofree char *decoded = cr_mime_decode_header (organization);
    g_assert_cmpstr (decoded, ==, "Café des 2 Moulins");
  }
  text = g_ptr_array_index (cr_mime_message_get_body_parts (message), 0);
  g_assert_cmpstr (((CrMimeTextBlock *) g_ptr_array_index (cr_mime_part_get_text_blocks (text), 0))->text, ==, body);

  attachments = cr_mime_message_get_attachments (message);
  g_assert_cmpuint (attachments->len, >=, 1);
  {
    CrMimePart *image = g_ptr_array_index (attachments, 0);
    GBytes *got = cr_mime_part_get_bytes (image);

    g_assert_cmpstr (cr_mime_part_get_filename (image), ==, "image écran.png");
    g_assert_cmpstr (cr_mime_part_get_content_type (image), ==, "image/png");
    g_assert_true (g_bytes_equal (got, png));
  }
}

static void
test_errors (void)
{
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GError) error = NULL;

  raw = cr_message_builder_build (builder, TRUE, &error);
  g_assert_error (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_NO_SENDER);
  g_clear_error (&error);

  cr_message_builder_set_from (builder, NULL, "me@example.org");
  raw = cr_message_builder_build (builder, TRUE, &error);
  g_assert_error (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_NO_RECIPIENT);
  g_clear_error (&error);

  /* A draft needs no recipient. */
  raw = cr_message_builder_build (builder, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (raw);

  cr_message_builder_add_to (builder, NULL, "not an address");
  g_clear_pointer (&raw, g_bytes_unref);
  raw = cr_message_builder_build (builder, TRUE, &error);
  g_assert_error (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_INVALID_ADDRESS);
}

/* Bcc is in what is built (the Envoyés copy keeps it) and never in
 * what travels: folded lines go with it, a “Bcc:” in the text stays. */
static void
test_strip_bcc (void)
{
  const char in[] =
    "From: me@example.org\r\n"
    "bcc: a@example.org,\r\n"
    " b@example.org\r\n"
    "To: c@example.org\r\n"
    "BCC: d@example.org\r\n"
    "\r\n"
    "Bcc: this is text\r\n";
  const char out[] =
    "From: me@example.org\r\n"
    "To: c@example.org\r\n"
    "\r\n"
    "Bcc: this is text\r\n";
  g_autoptr(GBytes) raw = g_bytes_new_static (in, sizeof in - 1);
  g_autoptr(GBytes) wire = cr_smtp_send_strip_bcc (raw);
  g_autoptr(GBytes) expected = g_bytes_new_static (out, sizeof out - 1);
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(GBytes) built = NULL;
  g_autoptr(GBytes) built_wire = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_bytes_equal (wire, expected));

  cr_message_builder_set_from (builder, NULL, "me@example.org");
  cr_message_builder_add_to (builder, NULL, "to@example.org");
  cr_message_builder_add_bcc (builder, "Caché", "hidden@example.org");
  built = cr_message_builder_build (builder, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (built, NULL), (gssize) g_bytes_get_size (built),
                                  "hidden@example.org"));
  built_wire = cr_smtp_send_strip_bcc (built);
  g_assert_null (g_strstr_len (g_bytes_get_data (built_wire, NULL), (gssize) g_bytes_get_size (built_wire),
                               "hidden@example.org"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (built_wire, NULL), (gssize) g_bytes_get_size (built_wire),
                                  "To: to@example.org\r\n"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/builder/subject-folding", test_subject_folding);
  g_test_add_func ("/builder/ascii-folding", test_ascii_folding);
  g_test_add_func ("/builder/addresses", test_addresses);
  g_test_add_func ("/builder/flowed", test_flowed);
  g_test_add_func ("/builder/quoted-printable", test_qp);
  g_test_add_func ("/builder/rfc2231", test_parameter);
  g_test_add_func ("/builder/round-trip", test_round_trip);
  g_test_add_func ("/builder/errors", test_errors);
  g_test_add_func ("/builder/strip-bcc", test_strip_bcc);

  return g_test_run ();
}
