/* test-mime-header.c — encoded words, address lists, RFC 2231 parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-mime-charset.h"
#include "cr-mime-header.h"
#include "cr-test-env.h"

typedef struct
{
  const char *raw;
  const char *expected;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *decoded = cr_mime_decode_header (cases[i].raw);

      g_test_message ("raw: %s", cases[i].raw);
      g_assert_true (g_utf8_validate (decoded, -1, NULL));
      g_assert_cmpstr (decoded, ==, cases[i].expected);
    }
}

static void
test_decode_plain (void)
{
  const Case cases[] = {
    { "", "" },
    { "Réunion de lundi", "Réunion de lundi" },
    /* Folded with CRLF and a tab, and a broken fold without white space. */
    { "Compte rendu\r\n\tdu comité", "Compte rendu du comité" },
    { "une\r\nligne", "une ligne" },
    /* Raw Latin-1 in a header (old mailers): read as Windows-1252. */
    { "Caf\xe9 cr\xe8me \x80", "Café crème €" },
    /* Text that looks like an encoded word but is not one. */
    { "=?utf-8?x?abc?= and =? plain", "=?utf-8?x?abc?= and =? plain" },
    { "=?utf-8?q?not closed", "=?utf-8?q?not closed" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_decode_encoded_words (void)
{
  const Case cases[] = {
    /* Q in UTF-8, ISO-8859-1, ISO-8859-15, Windows-1252. */
    { "=?UTF-8?Q?R=C3=A9union_de_l=E2=80=99=C3=A9quipe?=", "Réunion de l’équipe" },
    { "=?iso-8859-1?q?=E9t=E9_2026?=", "été 2026" },
    { "=?ISO-8859-15?Q?Facture_=A4_=E0_r=E9gler?=", "Facture € à régler" },
    { "=?windows-1252?Q?=93Bient=F4t=94_=96_c=9Cur=85?=", "“Bientôt” – cœur…" },
    /* B, with and without padding. */
    { "=?utf-8?B?w6l0w6kgw6AgUGFyaXM=?=", "été à Paris" },
    { "=?utf-8?b?w6l0w6k?=", "été" },
    /* Adjacent words: the white space between them is dropped. */
    { "=?utf-8?q?Bonjour?= =?utf-8?q?_=C3=A0_tous?=", "Bonjour à tous" },
    { "=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab" },
    /* A character split across two words (each invalid on its own). */
    { "=?UTF-8?B?w6k=?= =?UTF-8?B?w6g=?=", "éè" },
    { "=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=", "café" },
    /* Mixed charsets in one subject. */
    { "=?iso-8859-1?q?caf=E9?= =?utf-8?q?_cr=C3=A8me?=", "café crème" },
    /* Text around words keeps its spaces. */
    { "Re: =?utf-8?q?=C3=A9t=C3=A9?= ok", "Re: été ok" },
    /* An encoded word glued to text, as some mailers send. */
    { "Fwd:=?utf-8?q?_caf=C3=A9?=", "Fwd: café" },
    /* RFC 2231 language in the charset. */
    { "=?ISO-8859-1*fr?Q?=E9l=E8ve?=", "élève" },
    /* A lying charset: UTF-8 declared, Latin-1 bytes. */
    { "=?utf-8?q?=E9t=E9?=", "été" },
    /* Unknown charset: valid UTF-8 then Windows-1252. */
    { "=?x-unknown?q?=C3=A9?=", "é" },
    { "=?bogus-charset?q?=E9?=", "é" },
    /* Control characters cannot fake lines. */
    { "=?utf-8?q?a=0D=0Ab=00c?=", "a  b\xef\xbf\xbd" "c" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_charset_fallbacks (void)
{
  const struct {
    const char *data;
    const char *charset;
    const char *expected;
  } cases[] = {
    { "\xe9t\xe9", "iso-8859-1", "été" },
    { "\x80 \x93x\x94", "iso-8859-1", "€ “x”" },
    { "\xa4", "iso-8859-15", "€" },
    { "\xe9t\xe9", NULL, "été" },
    { "été", NULL, "été" },
    { "été", "us-ascii", "été" },
    /* Latin-1 label on UTF-8 text. */
    { "été", "iso-8859-1", "été" },
    /* Mostly valid UTF-8 with one bad byte keeps the UTF-8. */
    { "été \xff ok", "utf-8", "été \xef\xbf\xbd ok" },
    /* Undefined Windows-1252 bytes become U+FFFD. */
    { "a\x81" "b", "windows-1252", "a\xef\xbf\xbd" "b" },
    { "\xde", "koi8-r", "ч" },
    { "", "utf-8", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cr_mime_charset_to_utf8 (cases[i].data, -1, cases[i].charset);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  /* NUL bytes and UTF-16 never truncate or break the text. */
  {
    g_autofree char *a = cr_mime_charset_to_utf8 ("a\0b", 3, "utf-8");
    g_autofree char *b = cr_mime_charset_to_utf8 ("\0a\0\xe9", 4, "utf-16be");
    g_autofree char *c = cr_mime_charset_to_utf8 ("a\0\xe9", 3, NULL);

    g_assert_cmpstr (a, ==, "a\xef\xbf\xbd" "b");
    g_assert_cmpstr (b, ==, "aé");
    g_assert_cmpstr (c, ==, "a\xef\xbf\xbdé");
  }

  /* iconv lets code points beyond Unicode through from these charsets
   * (the fuzzer found the first one). */
  {
    const struct { const char *data; gsize length; const char *charset; } beyond[] = {
      { "a\xf4\x90\x80\x80" "b", 6, "UTF-8//" },
      { "\xf8\x88\x80\x80\x80", 5, "ISO-10646/UTF8/" },
      { "\x7f\xff\xff\xff", 4, "UCS-4" },
      { "\x00\x11\x00\x00", 4, "ISO-10646" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (beyond); i++)
      {
        g_autofree char *text = cr_mime_charset_to_utf8 (beyond[i].data, (gssize) beyond[i].length,
                                                         beyond[i].charset);

        g_assert_true (g_utf8_validate (text, -1, NULL));
        g_assert_nonnull (strstr (text, "\xef\xbf\xbd"));
      }
  }
}

static void
assert_address (GPtrArray  *list,
                guint       index,
                const char *name,
                const char *address)
{
  const CrMimeAddress *a;

  g_assert_cmpuint (index, <, list->len);
  a = g_ptr_array_index (list, index);
  g_assert_cmpstr (a->name, ==, name);
  g_assert_cmpstr (a->address, ==, address);
}

static void
test_address_list (void)
{
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (cr_mime_parse_address_list ("=?UTF-8?Q?Ren=C3=A9e_Lef=C3=A8vre?= <renee@example.fr>, "
                                             "\"Dupont, Jean\" <jean@example.fr>,\r\n"
                                             " plain@example.org, bob@example.org (Bob Martin), "
                                             "\"=?iso-8859-1?q?Fran=E7oise?=\" <f@example.fr>",
                                             &list));
  g_assert_cmpuint (list->len, ==, 5);
  assert_address (list, 0, "Renée Lefèvre", "renee@example.fr");
  assert_address (list, 1, "Dupont, Jean", "jean@example.fr");
  assert_address (list, 2, NULL, "plain@example.org");
  assert_address (list, 3, "Bob Martin", "bob@example.org");
  assert_address (list, 4, "Françoise", "f@example.fr");
}

static void
test_address_odd (void)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) unquoted = NULL;
  g_autoptr(GPtrArray) latin = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) escaped = NULL;

  /* Groups, empty groups, and an unquoted comma in a name. */
  g_assert_true (cr_mime_parse_address_list ("Équipe: a@example.org, <b@example.org>;, undisclosed-recipients:;", &groups));
  g_assert_cmpuint (groups->len, ==, 2);
  assert_address (groups, 0, NULL, "a@example.org");
  assert_address (groups, 1, NULL, "b@example.org");

  g_assert_true (cr_mime_parse_address_list ("Dupont, Jean <jean@example.fr>", &unquoted));
  g_assert_cmpuint (unquoted->len, ==, 1);
  assert_address (unquoted, 0, "Dupont, Jean", "jean@example.fr");

  g_assert_true (cr_mime_parse_address_list ("Andr\xe9 <andre@example.fr>, <mailto:x@example.org>", &latin));
  assert_address (latin, 0, "André", "andre@example.fr");
  assert_address (latin, 1, NULL, "x@example.org");

  g_assert_true (cr_mime_parse_address_list ("\"Le \\\"Chef\\\"\" <chef@example.fr", &escaped));
  assert_address (escaped, 0, "Le \"Chef\"", "chef@example.fr");

  g_assert_false (cr_mime_parse_address_list ("undisclosed-recipients:;", &nothing));
  g_assert_null (nothing);
  g_assert_false (cr_mime_parse_address_list ("  ,  ", &nothing));
  g_assert_null (nothing);
}

static void
test_address_to_string (void)
{
  g_autoptr(CrMimeAddress) named = cr_mime_address_new ("Renée", "r@example.fr");
  g_autoptr(CrMimeAddress) bare = cr_mime_address_new ("", "b@example.fr");
  g_autoptr(CrMimeAddress) copy = cr_mime_address_copy (named);
  g_autofree char *a = cr_mime_address_to_string (named);
  g_autofree char *b = cr_mime_address_to_string (bare);

  g_assert_cmpstr (a, ==, "Renée <r@example.fr>");
  g_assert_cmpstr (b, ==, "b@example.fr");
  g_assert_null (bare->name);
  g_assert_cmpstr (copy->name, ==, "Renée");
}

static void
test_parameters (void)
{
  const CrMimeParam rfc2231[] = {
    { "filename*", "UTF-8''r%C3%A9sum%C3%A9.pdf" },
  };
  const CrMimeParam continued[] = {
    { "filename*1*", "%A9%20d%C3%A9taill%C3%A9" },
    { "filename*0*", "utf-8'fr'r%C3%A9sum%C3" },
    { "filename*2", ".pdf" },
  };
  const CrMimeParam latin[] = {
    { "name*", "iso-8859-1'fr'%E9t%E9.txt" },
    { "name", "fallback.txt" },
  };
  const CrMimeParam rfc2047[] = {
    { "name", "\"=?UTF-8?B?Y29tcHRlLXJlbmR1LWTDqWNlbWJyZS5vZHQ=?=\"" },
  };
  const CrMimeParam split2047[] = {
    /* Thunderbird once cut encoded words across continuations. */
    { "filename*0", "=?utf-8?q?pr=C3=A9sen" },
    { "filename*1", "tation_finale.odp?=" },
  };
  const CrMimeParam raw8bit[] = {
    { "filename", "r\xe9sum\xe9.pdf" },
  };
  const CrMimeParam no_prefix[] = {
    { "filename*", "caf%C3%A9.txt" },
  };
  g_autofree char *a = cr_mime_decode_parameter (rfc2231, G_N_ELEMENTS (rfc2231), "filename");
  g_autofree char *b = cr_mime_decode_parameter (continued, G_N_ELEMENTS (continued), "FileName");
  g_autofree char *c = cr_mime_decode_parameter (latin, G_N_ELEMENTS (latin), "name");
  g_autofree char *d = cr_mime_decode_parameter (rfc2047, G_N_ELEMENTS (rfc2047), "name");
  g_autofree char *e = cr_mime_decode_parameter (split2047, G_N_ELEMENTS (split2047), "filename");
  g_autofree char *f = cr_mime_decode_parameter (raw8bit, G_N_ELEMENTS (raw8bit), "filename");
  g_autofree char *g = cr_mime_decode_parameter (no_prefix, G_N_ELEMENTS (no_prefix), "filename");
  g_autofree char *missing = cr_mime_decode_parameter (latin, G_N_ELEMENTS (latin), "filename");

  g_assert_cmpstr (a, ==, "résumé.pdf");
  g_assert_cmpstr (b, ==, "résumé détaillé.pdf");
  g_assert_cmpstr (c, ==, "été.txt");
  g_assert_cmpstr (d, ==, "compte-rendu-décembre.odt");
  g_assert_cmpstr (e, ==, "présentation finale.odp");
  g_assert_cmpstr (f, ==, "résumé.pdf");
  g_assert_cmpstr (g, ==, "café.txt");
  g_assert_null (missing);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mime-header/decode/plain", test_decode_plain);
  g_test_add_func ("/mime-header/decode/encoded-words", test_decode_encoded_words);
  g_test_add_func ("/mime-header/charset/fallbacks", test_charset_fallbacks);
  g_test_add_func ("/mime-header/address/list", test_address_list);
  g_test_add_func ("/mime-header/address/odd", test_address_odd);
  g_test_add_func ("/mime-header/address/to-string", test_address_to_string);
  g_test_add_func ("/mime-header/parameters", test_parameters);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
