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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/imap-message/unsolicited-fetch", test_unsolicited_fetch);
  g_test_add_func ("/imap-message/section-twice", test_section_twice);
  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
