/* test-imap-message.c — FETCH answers made into store rows, no server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-imap-message.h"
#include "cr-test-env.h"

static struct mailimap_msg_att_item *
uid_item (guint32 uid)
{
  return mailimap_msg_att_item_new (MAILIMAP_MSG_ATT_ITEM_STATIC, NULL,
                                    mailimap_msg_att_static_new (MAILIMAP_MSG_ATT_UID, NULL, NULL, NULL, NULL,
                                                                 NULL, 0, 0, NULL, NULL, NULL, uid),
                                    NULL);
}

static struct mailimap_msg_att_item *
seen_item (void)
{
  clist *flags = clist_new ();

  clist_append (flags, mailimap_flag_fetch_new (MAILIMAP_FLAG_FETCH_OTHER, mailimap_flag_new_seen ()));
  return mailimap_msg_att_item_new (MAILIMAP_MSG_ATT_ITEM_DYNAMIC, mailimap_msg_att_dynamic_new (flags),
                                    NULL, NULL);
}

/* The literal as libetpan's parser leaves it: in a registered MMAPString,
 * which freeing the answer unrefs. */
static struct mailimap_msg_att_item *
headers_item (const char *block)
{
  MMAPString *text = mmap_string_new (block);
  clist *names = clist_new ();
  struct mailimap_section *section;

  clist_append (names, strdup ("Subject"));
  section = mailimap_section_new_header_fields (mailimap_header_list_new (names));
  g_assert_cmpint (mmap_string_ref (text), ==, 0);

  return mailimap_msg_att_item_new (MAILIMAP_MSG_ATT_ITEM_STATIC, NULL,
                                    mailimap_msg_att_static_new (MAILIMAP_MSG_ATT_BODY_SECTION, NULL, NULL, NULL,
                                                                 NULL, NULL, 0, 0, NULL, NULL,
                                                                 mailimap_msg_att_body_section_new (section, 0, text->str,
                                                                                                    text->len),
                                                                 0),
                                    NULL);
}

static CrMessageInfo *
row_of (struct mailimap_msg_att_item *first,
        ...)
{
  clist *items = clist_new ();
  struct mailimap_msg_att *att;
  CrMessageInfo *info;
  va_list args;

  va_start (args, first);
  for (struct mailimap_msg_att_item *item = first; item != NULL; item = va_arg (args, struct mailimap_msg_att_item *))
    clist_append (items, item);
  va_end (args);

  att = mailimap_msg_att_new (items);
  info = cr_imap_message_from_att (att);
  mailimap_msg_att_free (att);

  return info;
}

/* Another client's flag change arrives amid the answers: it is no row,
 * or it would blank the message's headers in the store. */
static void
test_unsolicited_fetch (void)
{
  g_autoptr(CrMessageInfo) flags_only = row_of (uid_item (10), seen_item (), NULL);
  g_autoptr(CrMessageInfo) answer = row_of (uid_item (10), seen_item (),
                                            headers_item ("Subject: =?UTF-8?Q?R=C3=A9union?=\r\n"
                                                          "From: Jeanne <jeanne@example.org>\r\n"
                                                          "Date: Tue, 3 Mar 26 09:15:00 +0100\r\n\r\n"),
                                            NULL);
  g_autoptr(CrMessageInfo) no_uid = row_of (headers_item ("Subject: x\r\n\r\n"), NULL);

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
  g_autoptr(CrMessageInfo) info = row_of (uid_item (3),
                                          headers_item ("Subject: un\r\nTo: a@example.org\r\n\r\n"),
                                          headers_item ("Subject: deux\r\nTo: b@example.org\r\n\r\n"),
                                          NULL);

  g_assert_cmpstr (info->subject, ==, "deux");
  g_assert_cmpuint (info->to->len, ==, 1);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (info->to, 0))->address, ==, "b@example.org");
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
  g_test_add_func ("/imap-message/dates", test_dates);
  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
