/* test-imap-message.c — FETCH answers made into store rows, no server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-imap-message.h"
#include "cr-test-env.h"

/* One FETCH answer's list, as the server sends it: literals as {N}
 * followed by their bytes. */
static CrMessageInfo *
row_of (const char *answer)
{
  g_autofree char *copy = g_strdup (answer);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (CrImapValue));
  gsize pos = 0;

  g_assert_true (cr_imap_response_parse_value (copy, strlen (copy), &pos, values));
  g_assert_cmpuint (pos, ==, strlen (copy));

  return cr_imap_message_from_values ((CrImapValue *) (gpointer) values->data, 0);
}

/* @block as a literal, for row_of(). */
static char *
literal (const char *block)
{
  return g_strdup_printf ("{%zu}\r\n%s", strlen (block), block);
}

/* Another client's flag change arrives amid the answers: it is no row,
 * or it would blank the message's headers in the store. */
static void
test_unsolicited_fetch (void)
{
  g_autofree char *headers = literal ("Subject: =?UTF-8?Q?R=C3=A9union?=\r\n"
                                      "From: Jeanne <jeanne@example.org>\r\n"
                                      "Date: Tue, 3 Mar 26 09:15:00 +0100\r\n\r\n");
  g_autofree char *text = g_strdup_printf ("(UID 10 FLAGS (\\Seen) BODY[HEADER.FIELDS (DATE SUBJECT FROM)] %s)",
                                           headers);
  g_autofree char *subject_only = literal ("Subject: x\r\n\r\n");
  g_autofree char *no_uid_text = g_strdup_printf ("(BODY[HEADER.FIELDS (SUBJECT)] %s)", subject_only);
  g_autoptr(CrMessageInfo) flags_only = row_of ("(UID 10 FLAGS (\\Seen))");
  g_autoptr(CrMessageInfo) answer = row_of (text);
  g_autoptr(CrMessageInfo) no_uid = row_of (no_uid_text);

  g_assert_null (flags_only);
  g_assert_null (no_uid);
  g_assert_nonnull (answer);
  g_assert_cmpuint (answer->uid, ==, 10);
  g_assert_cmpint (answer->flags, ==, CR_MESSAGE_FLAG_SEEN);
  g_assert_cmpstr (answer->subject, ==, "Réunion");
  g_assert_cmpstr (answer->from_name, ==, "Jeanne");
  g_assert_cmpstr (answer->from_address, ==, "jeanne@example.org");
  /* A two-digit year, as RFC 5322 reads it: 2026. */
  g_assert_cmpint (answer->date, ==, 1772525700);
}

/* The section twice (a broken server): the last one counts, no leak. */
static void
test_section_twice (void)
{
  g_autofree char *one = literal ("Subject: un\r\nTo: a@example.org\r\n\r\n");
  g_autofree char *two = literal ("Subject: deux\r\nTo: b@example.org\r\n\r\n");
  g_autofree char *text = g_strdup_printf ("(UID 3 BODY[HEADER.FIELDS (SUBJECT TO)] %s "
                                           "BODY[HEADER.FIELDS (SUBJECT TO)] %s)", one, two);
  g_autoptr(CrMessageInfo) info = row_of (text);

  g_assert_cmpstr (info->subject, ==, "deux");
  g_assert_cmpuint (info->to->len, ==, 1);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (info->to, 0))->address, ==, "b@example.org");
}

/* Every item of the header FETCH, in another order, in other cases. */
static void
test_items (void)
{
  g_autoptr(CrMessageInfo) info =
    row_of ("(modseq (12345) rfc822.size 4321 internaldate \" 7-Jul-1996 02:44:25 -0700\" "
            "FLAGS (\\Seen \\answered \\Flagged \\Deleted \\Draft $Forwarded Junk $MDNSent \\Recent) "
            "BODY[HEADER.FIELDS (SUBJECT)] NIL Uid 4294967295)");

  g_assert_nonnull (info);
  g_assert_cmpuint (info->uid, ==, G_MAXUINT32);
  g_assert_cmpint (info->size, ==, 4321);
  g_assert_cmpuint (info->modseq, ==, 12345);
  g_assert_cmpint (info->flags, ==, CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_ANSWERED | CR_MESSAGE_FLAG_FLAGGED |
                   CR_MESSAGE_FLAG_DELETED | CR_MESSAGE_FLAG_DRAFT | CR_MESSAGE_FLAG_FORWARDED |
                   CR_MESSAGE_FLAG_JUNK);
  /* 1996-07-07 09:44:25 UTC; no Date: header, so the arrival date. */
  g_assert_cmpint (info->internal_date, ==, 836732665);
  g_assert_cmpint (info->date, ==, 836732665);
  g_assert_null (info->subject);
}

/* What cannot be a UID, a size or a date is left out, not guessed. */
static void
test_bad_items (void)
{
  g_autoptr(CrMessageInfo) overflow = row_of ("(UID 4294967296 BODY[HEADER.FIELDS (SUBJECT)] NIL)");
  g_autoptr(CrMessageInfo) info =
    row_of ("(UID 5 RFC822.SIZE -3 INTERNALDATE \"31-Feb-2024 10:00:00 +0000\" FLAGS \\Seen "
            "BODYSTRUCTURE NIL BODY[HEADER.FIELDS (SUBJECT)] NIL MODSEQ (x) UID)");

  g_assert_null (overflow);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->uid, ==, 5);
  g_assert_cmpint (info->size, ==, 0);
  g_assert_cmpint (info->internal_date, ==, 0);
  g_assert_cmpint (info->flags, ==, CR_MESSAGE_FLAG_NONE);
  g_assert_false (info->has_attachment);
  g_assert_cmpuint (info->modseq, ==, 0);
}

static CrMessageInfo *
row_with_structure (const char *bodystructure)
{
  g_autofree char *text = g_strdup_printf ("(UID 1 BODYSTRUCTURE %s BODY[HEADER.FIELDS (SUBJECT)] NIL)",
                                           bodystructure);

  return row_of (text);
}

static void
assert_attachments (const char *bodystructure,
                    gboolean    expected,
                    const char *names)
{
  g_autoptr(CrMessageInfo) info = row_with_structure (bodystructure);
  g_autofree char *joined = info->attachment_names != NULL ? g_strjoinv ("|", info->attachment_names) : NULL;

  g_assert_cmpint (info->has_attachment, ==, expected);
  g_assert_cmpstr (joined, ==, names);
}

/* Attachments as BODYSTRUCTURE tells them, with Dovecot's spellings. */
static void
test_attachments (void)
{
  /* A plain text message. */
  assert_attachments ("(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 12 1 NIL NIL NIL NIL)",
                      FALSE, NULL);
  /* Text and a PDF whose name is RFC 2231 encoded, split in two. */
  assert_attachments ("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 12 1 NIL NIL NIL NIL)"
                      "(\"application\" \"pdf\" (\"name\" \"x.pdf\") NIL NIL \"base64\" 3000 NIL "
                      "(\"attachment\" (\"filename*0*\" \"UTF-8''r%C3%A9\" \"filename*1*\" \"union.pdf\")) NIL NIL)"
                      " \"mixed\" (\"boundary\" \"b\") NIL NIL NIL)",
                      TRUE, "réunion.pdf");
  /* A picture inside multipart/related is part of the HTML. */
  assert_attachments ("((\"text\" \"html\" NIL NIL NIL \"7bit\" 100 3 NIL NIL NIL NIL)"
                      "(\"image\" \"png\" (\"name\" \"logo.png\") \"<logo>\" NIL \"base64\" 800 NIL "
                      "(\"inline\" NIL) NIL NIL) \"related\" NIL NIL NIL NIL)",
                      FALSE, NULL);
  /* A signature is no attachment; an attachment without a name is. */
  assert_attachments ("((\"text\" \"plain\" NIL NIL NIL \"7bit\" 12 1)"
                      "(\"application\" \"pgp-signature\" (\"name\" \"signature.asc\") NIL NIL \"7bit\" 400)"
                      " \"signed\")",
                      FALSE, NULL);
  assert_attachments ("((\"text\" \"plain\" NIL NIL NIL \"7bit\" 12 1 NIL NIL)"
                      "(\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 10 NIL (\"ATTACHMENT\" NIL))"
                      " \"mixed\")",
                      TRUE, NULL);
  /* A forwarded message is named after its subject; a name with a quote
   * and a backslash, quoted, and one sent as a literal. */
  assert_attachments ("((\"text\" \"plain\" NIL NIL NIL \"7bit\" 12 1)"
                      "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 500 "
                      "(NIL \"=?UTF-8?Q?Compte_rendu?=\" NIL NIL NIL NIL NIL NIL NIL NIL) "
                      "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 20 2) 12)"
                      "(\"image\" \"jpeg\" (\"name\" \"a \\\"b\\\\c.jpg\") NIL NIL \"base64\" 10)"
                      "(\"image\" \"jpeg\" (\"name\" {9}\r\nphoto.jpg) NIL NIL \"base64\" 10)"
                      " \"mixed\")",
                      TRUE, "Compte rendu.eml|a \"b\\c.jpg|photo.jpg");
}

/* Structures a server should not send are read without harm. */
static void
test_odd_structures (void)
{
  const char *odd[] = {
    "()",
    "(())",
    "((()) \"mixed\")",
    "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 5 NIL NIL)",
    "(\"application\" \"pdf\" (\"name\") NIL NIL \"base64\" 1)",
    "(\"application\" \"pdf\" (\"name\" NIL) NIL NIL \"base64\" 1 NIL (\"attachment\"))",
    "(NIL NIL NIL NIL NIL NIL NIL NIL (NIL (\"filename\" (\"x\"))))",
    "((\"text\" \"plain\") (\"text\" \"plain\") (\"text\" \"plain\"))",
  };

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(CrMessageInfo) info = row_with_structure (odd[i]);

      g_assert_nonnull (info);
    }
  assert_attachments ("(\"application\" \"pdf\" (\"name\" NIL) NIL NIL \"base64\" 1 NIL (\"attachment\"))",
                      TRUE, NULL);
}

static gboolean
flags_of_answer (const char *answer,
                 CrUidFlags *out)
{
  g_autofree char *copy = g_strdup (answer);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (CrImapValue));
  gsize pos = 0;

  g_assert_true (cr_imap_response_parse_value (copy, strlen (copy), &pos, values));

  return cr_imap_message_flags_from_values ((CrImapValue *) (gpointer) values->data, 0, out);
}

/* The answers of a flags scan (UID FLAGS) and of CHANGEDSINCE (MODSEQ). */
static void
test_flags_only (void)
{
  CrUidFlags flags;

  g_assert_true (flags_of_answer ("(UID 7 FLAGS (\\Seen \\Flagged) MODSEQ (5))", &flags));
  g_assert_cmpuint (flags.uid, ==, 7);
  g_assert_cmpint (flags.flags, ==, CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FLAGGED);
  g_assert_cmpuint (flags.modseq, ==, 5);
  g_assert_true (flags_of_answer ("(FLAGS () UID 8)", &flags));
  g_assert_cmpint (flags.flags, ==, CR_MESSAGE_FLAG_NONE);
  g_assert_false (flags_of_answer ("(UID 9)", &flags));
  g_assert_false (flags_of_answer ("(FLAGS (\\Seen))", &flags));
}

/* The arithmetic behind dates agrees with GLib's calendar. */
static void
test_dates (void)
{
  const struct { const char *text; int y, mo, d, h, mi, s, zone_minutes; } dates[] = {
    { "Thu, 29 Feb 2024 23:59:59 +0000", 2024, 2, 29, 23, 59, 59, 0 },
    { "Tue, 29 Feb 2000 12:00:00 -0930", 2000, 2, 29, 12, 0, 0, -570 },
    { "Thu, 1 Mar 1900 00:00:00 +0100", 1900, 3, 1, 0, 0, 0, 60 },
    { "Thu, 31 Dec 2099 23:59:60 +1400", 2099, 12, 31, 23, 59, 59, 840 },
    { "1 Jan 1970 00:00:00 GMT", 1970, 1, 1, 0, 0, 0, 0 },
    { "Wed, 1 Jan 97 08:00:00 +0200", 1997, 1, 1, 8, 0, 0, 120 },
    /* As the reader reads them: a zone no one lives in is +0000, and
     * ISO 8601 is accepted. */
    { "Wed, 1 Jan 2025 08:00:00 +9999", 2025, 1, 1, 8, 0, 0, 0 },
    { "2025-06-01T10:00:00+02:00", 2025, 6, 1, 10, 0, 0, 120 },
  };
  const char *unusable[] = { "Fri, 30 Feb 2024 10:00:00 +0000", "demain", "", "Mon, 1 Jan 1800 10:00:00 +0000" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_utc (dates[i].y, dates[i].mo, dates[i].d,
                                                      dates[i].h, dates[i].mi, dates[i].s);

      g_assert_cmpint (cr_imap_message_parse_date (dates[i].text), ==,
                       g_date_time_to_unix (utc) - dates[i].zone_minutes * 60);
    }
  for (guint i = 0; i < G_N_ELEMENTS (unusable); i++)
    g_assert_cmpint (cr_imap_message_parse_date (unusable[i]), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/imap-message/unsolicited-fetch", test_unsolicited_fetch);
  g_test_add_func ("/imap-message/section-twice", test_section_twice);
  g_test_add_func ("/imap-message/items", test_items);
  g_test_add_func ("/imap-message/bad-items", test_bad_items);
  g_test_add_func ("/imap-message/attachments", test_attachments);
  g_test_add_func ("/imap-message/odd-structures", test_odd_structures);
  g_test_add_func ("/imap-message/flags-only", test_flags_only);
  g_test_add_func ("/imap-message/dates", test_dates);
  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
