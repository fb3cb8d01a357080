/* cr-reader-html.c — the one HTML document a message is shown as
 *
 * A message with an HTML part is shown in a single web view: its HTML parts
 * as the sender wrote them, its text parts escaped here (never handed to the
 * HTML parser as they are), its images as cid: URLs, its forwarded messages
 * nested. The document starts with a Content-Security-Policy that allows
 * nothing but cid: and data: — the first of the reader's locks on remote
 * content (the others are a content filter and the refusal of every
 * navigation, in cr-reader-web.c). A sender's own policy can only narrow it.
 *
 * Dark style: a message that sets no colour of its own is shown in the
 * dark palette; one that does is left on a light page, because changing
 * only some of a sender's colours makes text unreadable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-reader-date.h"
#include "cr-reader-html.h"
#include "cr-reader-links.h"

#define BASE_STYLE \
  "html { font-family: sans-serif; font-size: 11pt; line-height: 1.4; }" \
  "body { margin: 12px 18px; overflow-wrap: anywhere; }" \
  ".cr-text { white-space: pre-wrap; font-family: monospace; font-size: 10.5pt; }" \
  ".cr-quote { margin: 4px 0; padding-left: 10px; border-left: 3px solid #3584e4; }" \
  ".cr-quote-2 { border-left-color: #33d17a; }" \
  ".cr-quote-3 { border-left-color: #f6d32d; }" \
  ".cr-quote-4 { border-left-color: #9141ac; }" \
  ".cr-inline-image { max-width: 100%; height: auto; display: block; margin: 8px 0; }" \
  ".cr-forwarded { margin: 12px 0; padding: 8px 12px; border: 1px solid rgba(127,127,127,.4); border-radius: 8px; }" \
  ".cr-forwarded-header { opacity: .7; margin-bottom: 8px; }"

#define DARK_STYLE \
  "html { background: #1e1e1e; color: #ffffff; color-scheme: dark; }" \
  "a { color: #78aeed; }"

/* Markers of a sender's own colours: in attributes or in CSS. */
static gboolean
sets_colours (const char *html)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("\\b(?:bgcolor|text|color|background(?:-color)?)\\s*[:=]",
                               G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&regex, r);
    }

  return g_regex_match (regex, html, 0, NULL);
}

static gboolean
parts_have_html (GPtrArray *parts)
{
  for (guint i = 0; i < parts->len; i++)
    {
      CrMimePart *part = parts->pdata[i];

      switch (cr_mime_part_get_kind (part))
        {
        case CR_MIME_PART_HTML:
          return TRUE;
        case CR_MIME_PART_MESSAGE:
          if (cr_mime_part_get_message (part) != NULL
              && cr_reader_html_message_has_html (cr_mime_part_get_message (part)))
            return TRUE;
          break;
        case CR_MIME_PART_TEXT:
        case CR_MIME_PART_IMAGE:
        case CR_MIME_PART_ATTACHMENT:
        default:
          break;
        }
    }

  return FALSE;
}

/**
 * cr_reader_html_message_has_html:
 * @message: a message
 *
 * Returns: whether @message, or a message forwarded inside it, has an HTML
 *   body (and so is shown in a web view).
 */
gboolean
cr_reader_html_message_has_html (CrMimeMessage *message)
{
  return parts_have_html (cr_mime_message_get_body_parts (message));
}

/**
 * cr_reader_html_csp:
 * @allow_remote: whether the person allowed remote content for the message
 *
 * Scripts, frames, forms, plugins and <base> are refused either way.
 *
 * Returns: (transfer full): a Content-Security-Policy.
 */
char *
cr_reader_html_csp (gboolean allow_remote)
{
  const char *remote = allow_remote ? " http: https:" : "";

  return g_strdup_printf ("default-src 'none'; script-src 'none'; object-src 'none'; "
                          "frame-src 'none'; child-src 'none'; form-action 'none'; "
                          "base-uri 'none'; connect-src 'none'; "
                          "img-src cid: data:%s; style-src 'unsafe-inline' cid:%s; "
                          "font-src cid: data:%s; media-src cid:%s",
                          remote, remote, remote, remote);
}

/**
 * cr_reader_html_has_remote:
 * @html: a message's HTML
 *
 * Looks for what a browser would fetch from the network: addresses in
 * attributes other than a link's target, in CSS url() and @import, and a
 * refresh. Blocking does not depend on this (the policy and the filter
 * block everything); it only decides whether to offer “Show remote content”.
 *
 * Returns: whether @html refers to remote content.
 */
gboolean
cr_reader_html_has_remote (const char *html)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new (
        /* src=, srcset=, background=, poster=, data=, lowsrc=, dynsrc= */
        "\\b(?:src|srcset|background|poster|data|lowsrc|dynsrc|action|formaction)\\s*=\\s*[\"']?[^\"'>]*?(?:(?:https?|ftp):)?//"
        /* <link href=…> (style sheets, prefetch), <meta http-equiv=refresh> */
        "|<link\\b[^>]*\\bhref\\s*=\\s*[\"']?\\s*(?:(?:https?|ftp):)?//"
        "|<meta\\b[^>]*\\bcontent\\s*=\\s*[\"']?[^\"'>]*url\\s*=\\s*[\"']?\\s*(?:(?:https?|ftp):)?//"
        /* CSS: url(…), @import "…" */
        "|url\\s*\\(\\s*[\"']?\\s*(?:(?:https?|ftp):)?//"
        "|@import\\s+[\"']\\s*(?:(?:https?|ftp):)?//",
        G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&regex, r);
    }

  return html != NULL && g_regex_match (regex, html, 0, NULL);
}

/* Text without its tags and with the few entities link text uses. */
static char *
strip_tags (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (out, *p);
    }
  g_string_replace (out, "&amp;", "&", 0);
  g_string_replace (out, "&nbsp;", " ", 0);

  return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
}

/**
 * cr_reader_html_link_labels:
 * @html: a message's document
 *
 * The visible text of each link, for the deceptive-link check when a link
 * is followed from the keyboard (the pointer's hit test gives it
 * otherwise). When several links share a target, the one whose text names
 * a domain wins: it is the one to check.
 *
 * Returns: (transfer full) (element-type utf8 utf8): target → text
 */
GHashTable *
cr_reader_html_link_labels (const char *html)
{
  static GRegex *regex;
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("<a\\b[^>]*?\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))[^>]*>(.*?)</a\\s*>",
                               G_REGEX_CASELESS | G_REGEX_DOTALL | G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&regex, r);
    }

  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *href = NULL;
      g_autofree char *inner = g_match_info_fetch (match, 4);
      g_autofree char *label = strip_tags (inner);

      for (int group = 1; group <= 3 && (href == NULL || *href == '\0'); group++)
        {
          g_free (href);
          href = g_match_info_fetch (match, group);
        }
      g_strstrip (href);
      {
        g_autoptr(GString) target = g_string_new (href);

        g_string_replace (target, "&amp;", "&", 0);
        g_autofree char *named = cr_reader_link_label_domain (label);

        if (!g_hash_table_contains (labels, target->str) || named != NULL)
          g_hash_table_replace (labels, g_string_free (g_steal_pointer (&target), FALSE),
                                g_steal_pointer (&label));
      }
      g_match_info_next (match, NULL);
    }

  return labels;
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      length)
{
  g_autofree char *escaped = g_markup_escape_text (text, length);

  g_string_append (out, escaped);
}

/* Escaped text whose addresses and links become <a> elements. */
static void
append_linkified (GString    *out,
                  const char *text)
{
  g_autoptr(GArray) links = cr_reader_find_links (text);
  gsize done = 0;

  for (guint i = 0; i < links->len; i++)
    {
      const CrReaderLink *link = &g_array_index (links, CrReaderLink, i);
      g_autofree char *href = NULL;

      append_escaped (out, text + done, (gssize) (link->start - done));
      if (link->kind == CR_READER_LINK_ADDRESS)
        href = g_strconcat ("mailto:", link->target, NULL);
      else
        href = g_strdup (link->target);
      g_string_append (out, "<a href=\"");
      append_escaped (out, href, -1);
      g_string_append (out, "\">");
      append_escaped (out, text + link->start, (gssize) (link->end - link->start));
      g_string_append (out, "</a>");
      done = link->end;
    }
  append_escaped (out, text + done, -1);
}

/**
 * cr_reader_html_append_text:
 * @out: where to append
 * @blocks: (element-type CrMimeTextBlock): a text part's blocks
 *
 * Appends @blocks as escaped HTML, each quote level in its own box.
 */
void
cr_reader_html_append_text (GString   *out,
                            GPtrArray *blocks)
{
  g_string_append (out, "<div class=\"cr-text\">");
  for (guint i = 0; i < blocks->len; i++)
    {
      const CrMimeTextBlock *block = blocks->pdata[i];
      guint level = MIN (block->quote_level, 4);

      for (guint l = 1; l <= level; l++)
        g_string_append_printf (out, "<div class=\"cr-quote cr-quote-%u\">", l);
      append_linkified (out, block->text);
      for (guint l = 1; l <= level; l++)
        g_string_append (out, "</div>");
      if (level == 0 && i + 1 < blocks->len)
        g_string_append_c (out, '\n');
    }
  g_string_append (out, "</div>");
}

static void
append_addresses (GString    *out,
                  const char *label,
                  GPtrArray  *addresses)
{
  if (addresses == NULL || addresses->len == 0)
    return;

  g_string_append (out, "<div>");
  append_escaped (out, label, -1);
  g_string_append_c (out, ' ');
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = cr_mime_address_to_string (addresses->pdata[i]);

      if (i > 0)
        g_string_append (out, ", ");
      append_escaped (out, text, -1);
    }
  g_string_append (out, "</div>");
}

static void append_parts (GString           *out,
                          GPtrArray         *parts,
                          CrReaderHtmlFlags  flags,
                          GHashTable        *inline_parts);

static void
append_forwarded (GString           *out,
                  CrMimeMessage     *message,
                  CrReaderHtmlFlags  flags,
                  GHashTable        *inline_parts)
{
  GDateTime *date = cr_mime_message_get_date (message);

  g_string_append (out, "<div class=\"cr-forwarded\"><div class=\"cr-forwarded-header\">");
  append_addresses (out, _("From:"), cr_mime_message_get_from (message));
  append_addresses (out, _("To:"), cr_mime_message_get_to (message));
  if (date != NULL)
    {
      g_autofree char *when = cr_reader_format_date (date, NULL);

      g_string_append (out, "<div>");
      append_escaped (out, _("Date:"), -1);
      g_string_append_c (out, ' ');
      append_escaped (out, when, -1);
      g_string_append (out, "</div>");
    }
  if (cr_mime_message_get_subject (message) != NULL)
    {
      g_string_append (out, "<div><b>");
      append_escaped (out, cr_mime_message_get_subject (message), -1);
      g_string_append (out, "</b></div>");
    }
  g_string_append (out, "</div>");
  append_parts (out, cr_mime_message_get_body_parts (message), flags, inline_parts);
  g_string_append (out, "</div>");
}

/* An inline image without a Content-ID gets a name of ours; the cid:
 * handler finds it in @inline_parts. */
static void
append_image (GString    *out,
              CrMimePart *part,
              GHashTable *inline_parts)
{
  const char *cid = cr_mime_part_get_content_id (part);
  g_autofree char *uri = NULL;

  if (cid != NULL)
    uri = g_strconcat ("cid:", cid, NULL);
  else
    uri = g_strdup_printf ("cid:cr-inline-%u@courrier.invalid",
                           g_hash_table_size (inline_parts));
  g_hash_table_replace (inline_parts, g_strdup (uri), g_object_ref (part));

  g_string_append (out, "<img class=\"cr-inline-image\" alt=\"\" src=\"");
  append_escaped (out, uri, -1);
  g_string_append (out, "\">");
}

static void
append_parts (GString           *out,
              GPtrArray         *parts,
              CrReaderHtmlFlags  flags,
              GHashTable        *inline_parts)
{
  for (guint i = 0; i < parts->len; i++)
    {
      CrMimePart *part = parts->pdata[i];

      switch (cr_mime_part_get_kind (part))
        {
        case CR_MIME_PART_HTML:
          g_string_append (out, "<div class=\"cr-html\">");
          g_string_append (out, cr_mime_part_get_html (part));
          g_string_append (out, "</div>");
          break;
        case CR_MIME_PART_TEXT:
          cr_reader_html_append_text (out, cr_mime_part_get_text_blocks (part));
          break;
        case CR_MIME_PART_IMAGE:
          append_image (out, part, inline_parts);
          break;
        case CR_MIME_PART_MESSAGE:
          if (cr_mime_part_get_message (part) != NULL)
            append_forwarded (out, cr_mime_part_get_message (part), flags, inline_parts);
          break;
        case CR_MIME_PART_ATTACHMENT:
        default:
          break;
        }
    }
}

/* @body inside a whole document: the policy, the base style. */
static char *
wrap_document (GString           *body,
               CrReaderHtmlFlags  flags)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *csp = cr_reader_html_csp (flags & CR_READER_HTML_ALLOW_REMOTE);

  /* The policy comes first, before anything of the sender's is parsed. */
  g_string_append (out, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"");
  /* Ours, with single quotes only: no escaping needed (nor wanted). */
  g_string_append (out, csp);
  g_string_append (out, "\"><meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">"
                        "<meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><style>"
                        BASE_STYLE);
  if ((flags & CR_READER_HTML_DARK) && !sets_colours (body->str))
    g_string_append (out, DARK_STYLE);
  g_string_append (out, "</style></head><body>");
  g_string_append_len (out, body->str, (gssize) body->len);
  g_string_append (out, "</body></html>");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * cr_reader_html_build:
 * @message: the message
 * @flags: remote content allowed, dark style
 * @inline_parts: (element-type utf8 CrMimePart): filled with the cid: URLs
 *   this document uses for images that have no Content-ID
 *
 * Returns: (transfer full): the whole document, UTF-8.
 */
char *
cr_reader_html_build (CrMimeMessage     *message,
                      CrReaderHtmlFlags  flags,
                      GHashTable        *inline_parts)
{
  g_autoptr(GString) body = g_string_new (NULL);

  append_parts (body, cr_mime_message_get_body_parts (message), flags, inline_parts);

  return wrap_document (body, flags);
}

/**
 * cr_reader_html_build_failure:
 * @flags: the dark style (remote content is never allowed here)
 *
 * Returns: (transfer full): the document shown instead of a message that
 *   WebKit could not display.
 */
char *
cr_reader_html_build_failure (CrReaderHtmlFlags flags)
{
  g_autoptr(GString) body = g_string_new ("<p>");

  append_escaped (body, _("This message could not be displayed. Select it again to try once more."), -1);
  g_string_append (body, "</p>");

  return wrap_document (body, flags & ~CR_READER_HTML_ALLOW_REMOTE);
}
