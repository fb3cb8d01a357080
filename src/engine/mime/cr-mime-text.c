/* cr-mime-text.c — plain text as runs of quote levels, HTML as plain text
 *
 * Plain text is cut into blocks of equal quote level so the reader can
 * style quotes without parsing “>” itself; format=flowed (RFC 3676) lines
 * are joined back into paragraphs. HTML is reduced to text for search and
 * previews only: nothing here is ever shown as HTML.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-mime-text.h"

G_DEFINE_BOXED_TYPE (CrMimeTextBlock, cr_mime_text_block, cr_mime_text_block_copy, cr_mime_text_block_free)

CrMimeTextBlock *
cr_mime_text_block_new (guint       quote_level,
                        const char *text)
{
  CrMimeTextBlock *self = g_new0 (CrMimeTextBlock, 1);

  self->quote_level = quote_level;
  self->text = g_strdup (text != NULL ? text : "");

  return self;
}

CrMimeTextBlock *
cr_mime_text_block_copy (const CrMimeTextBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return cr_mime_text_block_new (self->quote_level, self->text);
}

void
cr_mime_text_block_free (CrMimeTextBlock *self)
{
  if (self == NULL)
    return;

  g_free (self->text);
  g_free (self);
}

/* RFC 3676 quotes are “>>>” with no spaces; ordinary mail also writes
 * “> > >”. Both count. */
static guint
quote_level (const char  *line,
             const char **content)
{
  const char *p = line;
  guint level = 0;

  while (*p == '>')
    {
      level++;
      p++;
      if (*p == ' ' && p[1] == '>')
        p++;
    }

  *content = p;
  return level;
}

typedef struct
{
  GPtrArray *blocks;
  GString   *current;
  guint      level;
  gboolean   open;
  gboolean   continues;
} Builder;

static void
builder_flush (Builder *b)
{
  if (!b->open)
    return;

  g_ptr_array_add (b->blocks, cr_mime_text_block_new (b->level, b->current->str));
  g_string_truncate (b->current, 0);
  b->open = FALSE;
  b->continues = FALSE;
}

static void
builder_add (Builder    *b,
             guint       level,
             const char *content,
             gboolean    flowed_line)
{
  if (b->open && level != b->level)
    builder_flush (b);

  if (!b->open)
    {
      b->open = TRUE;
      b->level = level;
    }
  else if (!b->continues)
    {
      g_string_append_c (b->current, '\n');
    }

  g_string_append (b->current, content);
  b->continues = flowed_line;
}

/**
 * cr_mime_text_to_blocks:
 * @text: UTF-8 text of a text/plain part
 * @flowed: whether it is format=flowed
 * @delsp: whether DelSp=yes (the space ending a flowed line is not text)
 *
 * Returns: (transfer full) (element-type CrMimeTextBlock): the blocks
 */
GPtrArray *
cr_mime_text_to_blocks (const char *text,
                        gboolean    flowed,
                        gboolean    delsp)
{
  Builder b = { 0 };
  g_autoptr(GString) line = g_string_new (NULL);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  b.blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_mime_text_block_free);
  b.current = g_string_new (NULL);

  /* Line by line in place: a body of a million empty lines must not
   * become a million strings. The final newline starts no line. */
  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      gsize length = nl != NULL ? (gsize) (nl - p) : strlen (p);
      const char *content;
      guint level;
      gboolean flowed_line = FALSE;

      g_string_truncate (line, 0);
      g_string_append_len (line, p, (gssize) length);
      if (line->len > 0 && line->str[line->len - 1] == '\r')
        g_string_truncate (line, line->len - 1);
      p = nl != NULL ? nl + 1 : p + length;

      level = quote_level (line->str, &content);
      if (*content == ' ' && (flowed || level > 0))
        content++;

      if (flowed)
        {
          gsize content_length = strlen (content);

          flowed_line = content_length > 0 && content[content_length - 1] == ' ' &&
                        strcmp (content, "-- ") != 0;
          if (flowed_line && delsp)
            g_string_truncate (line, line->len - 1);
        }

      builder_add (&b, level, content, flowed_line);
    }
  builder_flush (&b);
  g_string_free (b.current, TRUE);

  return b.blocks;
}

/* HTML to text ------------------------------------------------------------ */

static const struct { const char *name; const char *text; } entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
  { "apos", "'" }, { "nbsp", " " }, { "eacute", "é" }, { "egrave", "è" },
  { "ecirc", "ê" }, { "agrave", "à" }, { "acirc", "â" }, { "ccedil", "ç" },
  { "ocirc", "ô" }, { "ucirc", "û" }, { "ugrave", "ù" }, { "icirc", "î" },
  { "iuml", "ï" }, { "euml", "ë" }, { "oelig", "œ" }, { "Eacute", "É" },
  { "Agrave", "À" }, { "euro", "€" }, { "rsquo", "’" }, { "lsquo", "‘" },
  { "ldquo", "“" }, { "rdquo", "”" }, { "laquo", "«" }, { "raquo", "»" },
  { "hellip", "…" }, { "ndash", "–" }, { "mdash", "—" }, { "copy", "©" },
};

/* Appends the character an entity at @p names; returns what it used. */
static gsize
append_entity (GString    *out,
               const char *p)
{
  const char *semicolon = strchr (p, ';');
  gsize length;

  if (semicolon == NULL || semicolon - p > 10 || semicolon == p + 1)
    goto literal;
  length = (gsize) (semicolon - p - 1);

  if (p[1] == '#')
    {
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      g_autofree char *digits = g_strndup (p + (hex ? 3 : 2), length - (hex ? 2 : 1));
      char *end = NULL;
      guint64 code = g_ascii_strtoull (digits, &end, hex ? 16 : 10);

      if (end == digits || *end != '\0')
        goto literal;
      if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        code = 0xFFFD;
      g_string_append_unichar (out, (gunichar) code);
      return (gsize) (semicolon - p + 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strlen (entities[i].name) == length && strncmp (p + 1, entities[i].name, length) == 0)
      {
        g_string_append (out, entities[i].text);
        return (gsize) (semicolon - p + 1);
      }

literal:
  g_string_append_c (out, '&');
  return 1;
}

static gboolean
tag_is (const char *tag,
        const char *name)
{
  gsize length = strlen (name);

  if (*tag == '/')
    tag++;
  return g_ascii_strncasecmp (tag, name, length) == 0 &&
         (tag[length] == '>' || tag[length] == '/' || g_ascii_isspace (tag[length]) || tag[length] == '\0');
}

static gboolean
is_block_tag (const char *tag)
{
  static const char *const blocks[] = {
    "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "table", "ul", "ol", "hr", "pre",
  };

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (tag_is (tag, blocks[i]))
      return TRUE;
  return FALSE;
}

/* Whose content is no text for a person: skipped up to the closing tag. */
static const char *
skip_hidden_element (const char *tag)
{
  static const char *const hidden[] = { "script", "style", "title", "head" };

  if (*tag == '/')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    if (tag_is (tag, hidden[i]))
      {
        g_autofree char *close = g_strconcat ("</", hidden[i], NULL);
        const char *p = tag;

        while ((p = strchr (p, '<')) != NULL)
          {
            if (g_ascii_strncasecmp (p, close, strlen (close)) == 0)
              return p;
            p++;
          }
        return tag + strlen (tag);
      }

  return NULL;
}

static void
append_space (GString *out,
              char     c)
{
  if (c == '\n')
    {
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      if (out->len >= 2 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
        return;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      return;
    }

  if (out->len > 0 && out->str[out->len - 1] != ' ' && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ' ');
}

/**
 * cr_mime_html_to_text:
 * @html: UTF-8 HTML
 *
 * Returns: (transfer full): the visible text of @html, roughly, for search
 *   and previews
 */
char *
cr_mime_html_to_text (const char *html)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (html != NULL, NULL);

  out = g_string_sized_new (strlen (html) / 2);
  p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *tag = p + 1;
          const char *skip_to;
          const char *end;

          if (strncmp (p, "<!--", 4) == 0)
            {
              end = strstr (p + 4, "-->");
              p = end != NULL ? end + 3 : p + strlen (p);
              continue;
            }
          if ((skip_to = skip_hidden_element (tag)) != NULL)
            {
              /* Never closed: nothing visible follows. */
              if (*skip_to == '\0')
                {
                  p = skip_to;
                  continue;
                }
              tag = skip_to + 1;
            }
          if (is_block_tag (tag))
            append_space (out, '\n');
          end = strchr (tag, '>');
          p = end != NULL ? end + 1 : tag + strlen (tag);
          continue;
        }
      if (*p == '&')
        {
          p += append_entity (out, p);
          continue;
        }
      if (g_ascii_isspace (*p))
        append_space (out, ' ');
      else
        g_string_append_c (out, *p);
      p++;
    }

  /* &nbsp; and friends may have left runs of spaces: harmless for search. */
  return g_strstrip (g_string_free (out, FALSE));
}
