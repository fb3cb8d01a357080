/* test-mutf7.c — modified UTF-7 folder names and folder roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-imap-folders.h"
#include "cr-mutf7.h"

typedef struct
{
  const char *wire;
  const char *utf8;
} Pair;

static const Pair pairs[] = {
  { "INBOX", "INBOX" },
  { "Envoy&AOk-s", "Envoyés" },
  { "&AMk-l&AOk-ments envoy&AOk-s", "Éléments envoyés" },
  { "Courrier ind&AOk-sirable", "Courrier indésirable" },
  { "Tom &- Jerry", "Tom & Jerry" },
  { "&-", "&" },
  { "~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/台北/日本語" },
  /* Outside the BMP: a surrogate pair. */
  { "&2D3eAA-", "😀" },
  { "F&AOo-te &2D3eAA- 2024", "Fête 😀 2024" },
};

static void
test_decode (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *utf8 = cr_mutf7_decode (pairs[i].wire);

      g_assert_cmpstr (utf8, ==, pairs[i].utf8);
    }
}

static void
test_encode (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *wire = cr_mutf7_encode (pairs[i].utf8);
      g_autofree char *back = NULL;

      g_assert_cmpstr (wire, ==, pairs[i].wire);
      back = cr_mutf7_decode (wire);
      g_assert_cmpstr (back, ==, pairs[i].utf8);
    }
}

static void
test_invalid (void)
{
  const char *invalid[] = {
    "Envoy&AOk",        /* no closing "-" */
    "&AGE-",            /* printable ASCII ("a") encoded */
    "&2D0-",            /* a lone high surrogate */
    "&3gA-",            /* a lone low surrogate */
    "&AOk!-",           /* not base64 */
    "Envoyés",          /* 8-bit bytes: not modified UTF-7 at all */
    "&AOl-",            /* non-zero padding bits */
    "tab\there",        /* a control character */
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *utf8 = cr_mutf7_decode (invalid[i]);

      if (utf8 != NULL)
        g_error ("“%s” decoded to “%s”", invalid[i], utf8);
    }

  g_assert_null (cr_mutf7_encode ("\xff\xfe"));
}

static void
test_folder_name (void)
{
  g_autofree char *a = cr_imap_folder_name ("Archives/2024/&AMk-t&AOk-", '/');
  g_autofree char *b = cr_imap_folder_name ("INBOX.Envoy&AOk-s", '.');
  g_autofree char *c = cr_imap_folder_name ("Envoy&AOk-s", '\0');
  /* A server sending raw UTF-8 against the RFC: shown as it is. */
  g_autofree char *d = cr_imap_folder_name ("Envoyés", '/');

  g_assert_cmpstr (a, ==, "Été");
  g_assert_cmpstr (b, ==, "Envoyés");
  g_assert_cmpstr (c, ==, "Envoyés");
  g_assert_cmpstr (d, ==, "Envoyés");
}

static void
test_roles (void)
{
  g_assert_cmpint (cr_imap_role_from_flag ("\\Sent"), ==, CR_FOLDER_ROLE_SENT);
  g_assert_cmpint (cr_imap_role_from_flag ("Drafts"), ==, CR_FOLDER_ROLE_DRAFTS);
  g_assert_cmpint (cr_imap_role_from_flag ("\\trash"), ==, CR_FOLDER_ROLE_TRASH);
  g_assert_cmpint (cr_imap_role_from_flag ("\\Junk"), ==, CR_FOLDER_ROLE_JUNK);
  g_assert_cmpint (cr_imap_role_from_flag ("\\Spam"), ==, CR_FOLDER_ROLE_JUNK);
  g_assert_cmpint (cr_imap_role_from_flag ("\\Archive"), ==, CR_FOLDER_ROLE_ARCHIVE);
  g_assert_cmpint (cr_imap_role_from_flag ("\\HasNoChildren"), ==, CR_FOLDER_ROLE_NONE);

  g_assert_cmpint (cr_imap_role_from_name ("Envoyés"), ==, CR_FOLDER_ROLE_SENT);
  g_assert_cmpint (cr_imap_role_from_name ("ÉLÉMENTS ENVOYÉS"), ==, CR_FOLDER_ROLE_SENT);
  g_assert_cmpint (cr_imap_role_from_name ("Sent Messages"), ==, CR_FOLDER_ROLE_SENT);
  g_assert_cmpint (cr_imap_role_from_name ("Brouillons"), ==, CR_FOLDER_ROLE_DRAFTS);
  g_assert_cmpint (cr_imap_role_from_name ("corbeille"), ==, CR_FOLDER_ROLE_TRASH);
  g_assert_cmpint (cr_imap_role_from_name ("Deleted Messages"), ==, CR_FOLDER_ROLE_TRASH);
  g_assert_cmpint (cr_imap_role_from_name ("Pourriels"), ==, CR_FOLDER_ROLE_JUNK);
  g_assert_cmpint (cr_imap_role_from_name ("Spam"), ==, CR_FOLDER_ROLE_JUNK);
  g_assert_cmpint (cr_imap_role_from_name ("Archives"), ==, CR_FOLDER_ROLE_ARCHIVE);
  g_assert_cmpint (cr_imap_role_from_name ("Factures"), ==, CR_FOLDER_ROLE_NONE);
  /* Decomposed é (NFD) is the same name. */
  g_assert_cmpint (cr_imap_role_from_name ("Envoye\xcc\x81s"), ==, CR_FOLDER_ROLE_SENT);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mutf7/decode", test_decode);
  g_test_add_func ("/mutf7/encode", test_encode);
  g_test_add_func ("/mutf7/invalid", test_invalid);
  g_test_add_func ("/mutf7/folder-name", test_folder_name);
  g_test_add_func ("/mutf7/roles", test_roles);

  return g_test_run ();
}
