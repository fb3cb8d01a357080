/* test-compose-reply.c — recipients, subjects, threading and quoting of
 * replies and forwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include "cr-compose-reply.h"

#define ORIGINAL \
  "From: Bonvenon <bonvenon@example.org>\r\n" \
  "Reply-To: liste@example.org\r\n" \
  "To: Amélie <test@example.test>, =?UTF-8?B?w4lsb2RpZQ==?= <elodie@example.org>\r\n" \
  "Cc: jean@example.org, TEST@example.test\r\n" \
  "Subject: =?UTF-8?Q?R=C3=A9union?=\r\n" \
  "Date: Thu, 12 Mar 2026 16:46:00 +0000\r\n" \
  "Message-ID: <three@example.org>\r\n" \
  "References: <one@example.org> <two@example.org>\r\n" \
  "MIME-Version: 1.0\r\n" \
  "Content-Type: multipart/mixed; boundary=b\r\n" \
  "\r\n" \
  "--b\r\n" \
  "Content-Type: text/plain; charset=UTF-8\r\n" \
  "Content-Transfer-Encoding: 8bit\r\n" \
  "\r\n" \
  "Bonjour à tous,\r\n" \
  "> ancienne citation\r\n" \
  "\r\n" \
  "À jeudi.\r\n" \
  "--b\r\n" \
  "Content-Type: application/pdf; name=ordre.pdf\r\n" \
  "Content-Disposition: attachment; filename=ordre.pdf\r\n" \
  "Content-Transfer-Encoding: base64\r\n" \
  "\r\n" \
  "JVBERi0xLjQK\r\n" \
  "--b--\r\n"

static CrAccount *
make_account (void)
{
  CrAccount *account = cr_account_new ("compose");

  cr_account_set_display_name (account, "Amélie Poulain");
  cr_account_set_address (account, "test@example.test");
  cr_account_set_organisation (account, "Café des 2 Moulins");
  return account;
}

static CrMimeMessage *
make_original (void)
{
  g_autoptr(GBytes) raw = g_bytes_new_static (ORIGINAL, strlen (ORIGINAL));

  return cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
}

static void
assert_addresses (GPtrArray          *addresses,
                  const char * const *expected)
{
  g_assert_cmpuint (addresses->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (addresses, i))->address, ==, expected[i]);
}

static void
test_subjects (void)
{
  const struct { const char *in, *reply, *forward; } cases[] = {
    { "Réunion", "Re: Réunion", "Fwd: Réunion" },
    { "Re: Réunion", "Re: Réunion", "Fwd: Re: Réunion" },
    { "RE: x", "RE: x", "Fwd: RE: x" },
    { "Re : x", "Re : x", "Fwd: Re : x" },
    { "Fwd: x", "Re: Fwd: x", "Fwd: x" },
    { "TR: x", "Re: TR: x", "TR: x" },
    { "  ", "Re: ", "Fwd: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reply = cr_compose_reply_subject (cases[i].in);
      g_autofree char *forward = cr_compose_forward_subject (cases[i].in);

      g_assert_cmpstr (reply, ==, cases[i].reply);
      g_assert_cmpstr (forward, ==, cases[i].forward);
    }
}

static void
test_reply (void)
{
  g_autoptr(CrMimeMessage) original = make_original ();
  g_autoptr(CrAccount) account = make_account ();
  g_autoptr(CrMessageBuilder) reply = cr_compose_reply (original, account, CR_REPLY_SENDER);
  const char *to[] = { "liste@example.org", NULL };
  const char *none[] = { NULL };
  const char *refs[] = { "one@example.org", "two@example.org", "three@example.org", NULL };
  const char * const *got = cr_message_builder_get_references (reply);

  /* Reply-To wins over From. */
  assert_addresses (cr_message_builder_get_to (reply), to);
  assert_addresses (cr_message_builder_get_cc (reply), none);
  g_assert_cmpstr (cr_message_builder_get_from (reply)->address, ==, "test@example.test");
  g_assert_cmpstr (cr_message_builder_get_subject (reply), ==, "Re: Réunion");
  g_assert_cmpstr (cr_message_builder_get_in_reply_to (reply), ==, "three@example.org");
  for (guint i = 0; refs[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, refs[i]);
  g_assert_null (got[3]);
  g_assert_cmpstr (cr_message_builder_get_body (reply), ==,
                   "\n\nOn March 12, 2026 at 16:46, Bonvenon wrote:\n"
                   "> Bonjour à tous,\n"
                   ">> ancienne citation\n"
                   ">\n"
                   "> À jeudi.\n");
}

static void
test_reply_all (void)
{
  g_autoptr(CrMimeMessage) original = make_original ();
  g_autoptr(CrAccount) account = make_account ();
  g_autoptr(CrMessageBuilder) reply = cr_compose_reply (original, account, CR_REPLY_ALL);
  const char *to[] = { "liste@example.org", NULL };
  /* Without ourselves, whatever the case of the address. */
  const char *cc[] = { "elodie@example.org", "jean@example.org", NULL };

  assert_addresses (cr_message_builder_get_to (reply), to);
  assert_addresses (cr_message_builder_get_cc (reply), cc);
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_message_builder_get_cc (reply), 0))->name, ==, "Élodie");
}

static void
test_forward (void)
{
  g_autoptr(CrMimeMessage) original = make_original ();
  g_autoptr(CrAccount) account = make_account ();
  g_autoptr(GBytes) raw = g_bytes_new_static (ORIGINAL, strlen (ORIGINAL));
  g_autoptr(CrMessageBuilder) inline_fwd = cr_compose_forward (original, raw, account, CR_FORWARD_INLINE);
  g_autoptr(CrMessageBuilder) attached = cr_compose_forward (original, raw, account, CR_FORWARD_ATTACHMENT);
  g_autoptr(GBytes) built = NULL;
  g_autoptr(CrMimeMessage) reread = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *attachments;
  CrMimePart *part;

  g_assert_cmpstr (cr_message_builder_get_subject (inline_fwd), ==, "Fwd: Réunion");
  g_assert_cmpuint (cr_message_builder_get_to (inline_fwd)->len, ==, 0);
  g_assert_null (cr_message_builder_get_in_reply_to (inline_fwd));
  g_assert_nonnull (strstr (cr_message_builder_get_body (inline_fwd), "From: Bonvenon <bonvenon@example.org>\n"));
  g_assert_nonnull (strstr (cr_message_builder_get_body (inline_fwd), "\nBonjour à tous,\n"));
  g_assert_cmpuint (cr_message_builder_get_n_attachments (inline_fwd), ==, 1);

  /* As an attachment: the original, whole, as message/rfc822. */
  cr_message_builder_add_to (attached, NULL, "ami@example.org");
  built = cr_message_builder_build (attached, TRUE, &error);
  g_assert_no_error (error);
  reread = cr_mime_message_new_from_bytes (built, CR_MIME_PARSE_DEFAULT);
  attachments = cr_mime_message_get_attachments (reread);
  g_assert_cmpuint (attachments->len, >=, 1);
  part = g_ptr_array_index (attachments, 0);
  g_assert_cmpstr (cr_mime_part_get_filename (part), ==, "Réunion.eml");
  g_assert_cmpstr (cr_mime_part_get_content_type (part), ==, "message/rfc822");
  g_assert_true (g_bytes_equal (cr_mime_part_get_bytes (part), raw));
}

static void
test_quote_header (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 ("2026-03-12T16:46:00Z", NULL);
  g_autoptr(CrMimeAddress) bare = cr_mime_address_new (NULL, "x@example.org");
  g_autofree char *with_date = cr_compose_quote_header (date, bare);
  g_autofree char *without = cr_compose_quote_header (NULL, bare);

  g_assert_cmpstr (with_date, ==, "On March 12, 2026 at 16:46, x@example.org wrote:");
  g_assert_cmpstr (without, ==, "x@example.org wrote:");
}

/* A message of one's own opened again (a draft, a refused message): as
 * it was written, Bcc included; a damaged file (binary, empty) still
 * gives a builder to show, never a crash. */
static void
test_reopen (void)
{
  const char garbage[] = "\xff\xfe\x00\x01From \x80\r\n\r\n\xc3";
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(CrMessageBuilder) back = NULL;
  g_autoptr(CrMessageBuilder) damaged = NULL;
  g_autoptr(CrMessageBuilder) empty = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) bad = g_bytes_new_static (garbage, sizeof garbage - 1);
  g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  cr_message_builder_set_from (builder, "Amélie", "amelie@example.test");
  cr_message_builder_add_to (builder, "Élodie", "elodie@example.org");
  cr_message_builder_add_bcc (builder, "Caché", "cache@example.org");
  cr_message_builder_set_subject (builder, "Été");
  cr_message_builder_set_body (builder, "Bonjour,\n\n> cité\n-- \nAmélie");
  raw = cr_message_builder_build (builder, TRUE, &error);
  g_assert_no_error (error);

  back = cr_compose_reopen (raw);
  g_assert_cmpstr (cr_message_builder_get_subject (back), ==, "Été");
  g_assert_cmpstr (cr_message_builder_get_body (back), ==, "Bonjour,\n\n> cité\n-- \nAmélie");
  g_assert_cmpuint (cr_message_builder_get_bcc (back)->len, ==, 1);
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_message_builder_get_bcc (back), 0))->name, ==, "Caché");

  damaged = cr_compose_reopen (bad);
  g_assert_nonnull (damaged);
  empty = cr_compose_reopen (nothing);
  g_assert_nonnull (empty);
  g_assert_cmpuint (cr_message_builder_get_to (empty)->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  /* The English strings, in UTC, whatever the machine says. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reply/subjects", test_subjects);
  g_test_add_func ("/reply/sender", test_reply);
  g_test_add_func ("/reply/all", test_reply_all);
  g_test_add_func ("/reply/forward", test_forward);
  g_test_add_func ("/reply/quote-header", test_quote_header);
  g_test_add_func ("/reply/reopen", test_reopen);

  return g_test_run ();
}
