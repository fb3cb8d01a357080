/* test-reader-unit.c — the reader's pure parts: links found in text,
 * deceptive links, dates, and the HTML document a message becomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cr-reader-date.h"
#include "cr-reader-html.h"
#include "cr-reader-links.h"
#include "cr-test-env.h"

static void
assert_links (const char  *text,
              const char **expected_texts,
              const char **expected_targets)
{
  g_autoptr(GArray) links = cr_reader_find_links (text);
  guint n = g_strv_length ((char **) expected_texts);

  g_assert_cmpuint (links->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const CrReaderLink *link = &g_array_index (links, CrReaderLink, i);
      g_autofree char *found = g_strndup (text + link->start, link->end - link->start);

      g_assert_cmpstr (found, ==, expected_texts[i]);
      g_assert_cmpstr (link->target, ==, expected_targets[i]);
    }
}

static void
test_find_links (void)
{
  const char *none[] = { NULL };

  {
    const char *texts[] = { "https://example.org/a?b=c", NULL };
    assert_links ("Voir https://example.org/a?b=c.", texts, texts);
  }
  {
    const char *texts[] = { "http://example.org/x_(y)", "lea@example.fr", NULL };
    const char *targets[] = { "http://example.org/x_(y)", "lea@example.fr", NULL };
    assert_links ("(http://example.org/x_(y)) ou <lea@example.fr>", texts, targets);
  }
  {
    const char *texts[] = { "www.banque.fr", "mailto:marc@example.fr", NULL };
    const char *targets[] = { "https://www.banque.fr", "marc@example.fr", NULL };
    assert_links ("Allez sur www.banque.fr, écrivez à mailto:marc@example.fr !", texts, targets);
  }
  {
    const char *texts[] = { "https://example.org/été", NULL };
    assert_links ("« https://example.org/été »", texts, texts);
  }
  assert_links ("Rien ici : ni http, ni @, ni example.org", none, none);
}

static void
test_deceptive (void)
{
  g_assert_true (cr_reader_link_is_deceptive ("https://www.banque.fr", "https://evil.example"));
  g_assert_true (cr_reader_link_is_deceptive ("www.banque.fr", "https://banque.fr.evil.example/"));
  g_assert_true (cr_reader_link_is_deceptive ("banque.fr", "https://evilbanque.fr/"));
  g_assert_true (cr_reader_link_is_deceptive ("https://www.banque.fr", "javascript:alert(1)"));

  g_assert_false (cr_reader_link_is_deceptive ("https://www.banque.fr/compte", "https://banque.fr/login"));
  g_assert_false (cr_reader_link_is_deceptive ("banque.fr", "https://clients.banque.fr/"));
  g_assert_false (cr_reader_link_is_deceptive ("BANQUE.FR", "https://www.Banque.fr/"));
  g_assert_false (cr_reader_link_is_deceptive ("Cliquez ici", "https://evil.example"));
  g_assert_false (cr_reader_link_is_deceptive ("Version 2.0 est là", "https://evil.example"));
  g_assert_false (cr_reader_link_is_deceptive (NULL, "https://evil.example"));

  {
    g_autofree char *domain = cr_reader_link_label_domain ("  https://www.Banque.fr/compte?id=1 ");
    g_assert_cmpstr (domain, ==, "www.banque.fr");
  }
}

static void
test_format_date (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 26, 10, 0, 0);
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 11, 26, 16, 46, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new_local (2026, 11, 25, 9, 12, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_local (2026, 3, 12, 8, 0, 0);
  g_autoptr(GDateTime) new_year = g_date_time_new_local (2027, 1, 1, 0, 5, 0);
  g_autoptr(GDateTime) new_year_eve = g_date_time_new_local (2026, 12, 31, 23, 55, 0);
  g_autofree char *a = cr_reader_format_date (today, now);
  g_autofree char *b = cr_reader_format_date (yesterday, now);
  g_autofree char *c = cr_reader_format_date (earlier, now);
  g_autofree char *d = cr_reader_format_date (new_year_eve, new_year);

  g_assert_cmpstr (a, ==, "Today 16:46");
  g_assert_cmpstr (b, ==, "Yesterday 09:12");
  g_assert_cmpstr (c, ==, "March 12, 2026");
  g_assert_cmpstr (d, ==, "Yesterday 23:55");
}

static CrMimeMessage *
parse (const char *raw)
{
  g_autoptr(GBytes) bytes = g_bytes_new (raw, strlen (raw));

  return cr_mime_message_new_from_bytes (bytes, CR_MIME_PARSE_DEFAULT);
}

static void
test_html_text_escaped (void)
{
  g_autoptr(CrMimeMessage) message = parse ("From: a@example.org\r\nSubject: x\r\n"
                                            "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                                            "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                                            "<script>alert(1)</script> & see https://example.org/?a=1&b=2\r\n"
                                            "> quoted <b>\r\n"
                                            "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                                            "<p>html part</p>\r\n--b--\r\n");
  g_autoptr(GHashTable) inline_parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autofree char *html = cr_reader_html_build (message, CR_READER_HTML_DEFAULT, inline_parts);
  const char *csp = strstr (html, "Content-Security-Policy");

  g_assert_true (cr_reader_html_message_has_html (message));
  /* The policy comes before anything from the message. */
  g_assert_nonnull (csp);
  g_assert_true (csp < strstr (html, "&lt;script&gt;"));
  g_assert_true (strstr (html, "<script>") == NULL);
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; see "
                                  "<a href=\"https://example.org/?a=1&amp;b=2\">"));
  g_assert_nonnull (strstr (html, "<div class=\"cr-quote cr-quote-1\">quoted &lt;b&gt;</div>"));
  g_assert_nonnull (strstr (html, "<p>html part</p>"));
  g_assert_true (strstr (html, "script-src 'none'") != NULL);
  g_assert_null (strstr (html, " http: https:"));
}

static void
test_html_csp (void)
{
  g_autofree char *blocked = cr_reader_html_csp (FALSE);
  g_autofree char *allowed = cr_reader_html_csp (TRUE);

  g_assert_null (strstr (blocked, "http"));
  g_assert_nonnull (strstr (blocked, "default-src 'none'"));
  g_assert_nonnull (strstr (blocked, "img-src cid: data:;"));
  g_assert_nonnull (strstr (allowed, "img-src cid: data: http: https:;"));
  g_assert_nonnull (strstr (allowed, "script-src 'none'"));
  g_assert_nonnull (strstr (allowed, "frame-src 'none'"));
}

static void
test_html_has_remote (void)
{
  const char *remote[] = {
    "<img src=\"http://example.org/a.png\">",
    "<IMG SRC='https://example.org/a.png'>",
    "<img src=//example.org/a.png>",
    "<img srcset=\"a.png 1x, https://example.org/b.png 2x\">",
    "<td background=\"http://example.org/bg.png\">",
    "<div style=\"background: url( 'https://example.org/bg.png' )\">",
    "<style>@import \"https://example.org/s.css\";</style>",
    "<style>@font-face { src: url(http://example.org/f.woff) }</style>",
    "<link rel=\"prefetch\" href=\"http://example.org/p\">",
    "<video poster=\"http://example.org/p.png\"></video>",
    "<iframe src=\"http://example.org/\"></iframe>",
    "<meta http-equiv=\"refresh\" content=\"0; url=http://example.org/\">",
  };
  const char *local[] = {
    "<a href=\"https://example.org/\">https://example.org/</a>",
    "<img src=\"cid:logo@example.org\"> <img src=\"data:image/png;base64,AAAA\">",
    "<p>Visit http://example.org/ today</p>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (remote); i++)
    g_assert_true (cr_reader_html_has_remote (remote[i]));
  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    g_assert_false (cr_reader_html_has_remote (local[i]));
}

static void
test_html_dark (void)
{
  g_autoptr(CrMimeMessage) plain = parse ("Content-Type: text/html\r\n\r\n<p>Bonjour</p>\r\n");
  g_autoptr(CrMimeMessage) coloured = parse ("Content-Type: text/html\r\n\r\n"
                                             "<body bgcolor=\"#ffffff\"><p>Bonjour</p></body>\r\n");
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autofree char *a = cr_reader_html_build (plain, CR_READER_HTML_DARK, parts);
  g_autofree char *b = cr_reader_html_build (coloured, CR_READER_HTML_DARK, parts);
  g_autofree char *c = cr_reader_html_build (plain, CR_READER_HTML_DEFAULT, parts);

  /* Dark only where the sender chose no colours of their own. */
  g_assert_nonnull (strstr (a, "color-scheme: dark"));
  g_assert_null (strstr (b, "color-scheme: dark"));
  g_assert_null (strstr (c, "color-scheme: dark"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reader/links/find", test_find_links);
  g_test_add_func ("/reader/links/deceptive", test_deceptive);
  g_test_add_func ("/reader/date/format", test_format_date);
  g_test_add_func ("/reader/html/text-escaped", test_html_text_escaped);
  g_test_add_func ("/reader/html/csp", test_html_csp);
  g_test_add_func ("/reader/html/has-remote", test_html_has_remote);
  g_test_add_func ("/reader/html/dark", test_html_dark);

  status = g_test_run ();
  cr_test_env_teardown (env_dir);

  return status;
}
