/* test-mime-text.c — quote levels, format=flowed, HTML reduced to text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-mime-text.h"
#include "cr-test-env.h"

static void
assert_block (GPtrArray  *blocks,
              guint       index,
              guint       quote_level,
              const char *text)
{
  const CrMimeTextBlock *block;

  g_assert_cmpuint (index, <, blocks->len);
  block = g_ptr_array_index (blocks, index);
  g_assert_cmpuint (block->quote_level, ==, quote_level);
  g_assert_cmpstr (block->text, ==, text);
}

static void
test_plain (void)
{
  g_autoptr(GPtrArray) blocks = cr_mime_text_to_blocks ("Salut\r\n\r\n> cité\r\n>> > très cité\r\nfin\r\n", FALSE, FALSE);
  g_autoptr(GPtrArray) empty = cr_mime_text_to_blocks ("", FALSE, FALSE);
  g_autoptr(GPtrArray) no_newline = cr_mime_text_to_blocks ("une ligne", FALSE, FALSE);

  g_assert_cmpuint (blocks->len, ==, 4);
  assert_block (blocks, 0, 0, "Salut\n");
  assert_block (blocks, 1, 1, "cité");
  assert_block (blocks, 2, 3, "très cité");
  assert_block (blocks, 3, 0, "fin");

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (no_newline->len, ==, 1);
  assert_block (no_newline, 0, 0, "une ligne");
}

static void
test_flowed (void)
{
  /* Without DelSp the trailing space is text; with it, it is not. */
  g_autoptr(GPtrArray) plain = cr_mime_text_to_blocks ("un paragraphe \ncoupé en \ndeux\n", TRUE, FALSE);
  g_autoptr(GPtrArray) delsp = cr_mime_text_to_blocks ("anti \nconstitutionnel\n", TRUE, TRUE);
  /* A flowed line ends at a change of quote level; “-- ” never flows;
   * a space-stuffed line is not a quote. */
  g_autoptr(GPtrArray) quoted = cr_mime_text_to_blocks ("> cité \nnon cité\n-- \nsig\n >from\n", TRUE, FALSE);
  /* Not flowed: trailing spaces do not join lines. */
  g_autoptr(GPtrArray) fixed = cr_mime_text_to_blocks ("a \nb\n", FALSE, FALSE);

  g_assert_cmpuint (plain->len, ==, 1);
  assert_block (plain, 0, 0, "un paragraphe coupé en deux");
  assert_block (delsp, 0, 0, "anticonstitutionnel");
  g_assert_cmpuint (quoted->len, ==, 2);
  assert_block (quoted, 0, 1, "cité ");
  assert_block (quoted, 1, 0, "non cité\n-- \nsig\n>from");
  assert_block (fixed, 0, 0, "a \nb");
}

static void
test_block_boxed (void)
{
  g_autoptr(CrMimeTextBlock) block = cr_mime_text_block_new (2, "x");
  g_autoptr(CrMimeTextBlock) copy = g_boxed_copy (CR_TYPE_MIME_TEXT_BLOCK, block);

  g_assert_cmpuint (copy->quote_level, ==, 2);
  g_assert_cmpstr (copy->text, ==, "x");
}

static void
test_html_to_text (void)
{
  const struct {
    const char *html;
    const char *text;
  } cases[] = {
    { "<p>Un</p><p>Deux</p>", "Un\n\nDeux" },
    { "a<br>b<br/>c", "a\nb\nc" },
    { "<b>gras</b>   et\n\n  <i>italique</i>", "gras et italique" },
    { "<head><title>T</title><style>p{}</style></head><script>x()</script>vu", "vu" },
    { "&eacute;t&eacute; &amp; &lt;tag&gt; &#233; &#x20AC; &nbsp;fin", "été & <tag> é €  fin" },
    { "&unknown; &#xZZ; & seul &#0; &#xD800;", "&unknown; &#xZZ; & seul \xef\xbf\xbd \xef\xbf\xbd" },
    { "<!-- caché -->visible<!-- jamais fermé", "visible" },
    { "<script>never closed", "" },
    { "texte <a href=\"x\"", "texte" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cr_mime_html_to_text (cases[i].html);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mime-text/plain", test_plain);
  g_test_add_func ("/mime-text/flowed", test_flowed);
  g_test_add_func ("/mime-text/block-boxed", test_block_boxed);
  g_test_add_func ("/mime-text/html-to-text", test_html_to_text);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
