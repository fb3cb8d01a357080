/* cr-reader-links.c — addresses and links found in text, deceptive links
 *
 * Plain text is never parsed as HTML: links are found with regular
 * expressions and become text tags. A link in HTML whose visible text names
 * a domain other than its target (“https://www.banque.fr” pointing at
 * evil.example) is the classic phishing trick: the reader asks first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-reader-links.h"

/* A URL ends before trailing punctuation that belongs to the sentence
 * (“see https://example.org.”), and never includes spaces, quotes or
 * angle brackets (“<https://example.org>”). */
#define URL_PATTERN \
  "\\b(?:(?:https?|ftp)://|www\\.)[^\\s<>\"]*[^\\s<>\".,;:!?)\\]}'’»]"
#define ADDRESS_PATTERN \
  "\\b(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"
/* A domain as people write it in link text: optional scheme, labels, a
 * top-level domain of letters. */
#define DOMAIN_PATTERN \
  "^\\s*(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\\s]*@)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,63})\\.?(?:[:/?#]\\S*)?\\s*$"

static GRegex *
links_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("(" URL_PATTERN ")|(" ADDRESS_PATTERN ")",
                               G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&regex, r);
    }

  return regex;
}

static guint
count_char (const char *text,
            char        c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;

  return n;
}

static void
clear_link (gpointer data)
{
  CrReaderLink *link = data;

  g_clear_pointer (&link->target, g_free);
}

/**
 * cr_reader_find_links:
 * @text: UTF-8 text
 *
 * Returns: (transfer full) (element-type CrReaderLink): the links of @text
 *   in order; freeing the array frees their targets.
 */
GArray *
cr_reader_find_links (const char *text)
{
  GArray *links = g_array_new (FALSE, FALSE, sizeof (CrReaderLink));
  g_autoptr(GMatchInfo) match = NULL;

  g_array_set_clear_func (links, clear_link);
  g_regex_match (links_regex (), text, 0, &match);

  while (g_match_info_matches (match))
    {
      CrReaderLink link = { 0 };
      int start, end;
      g_autofree char *url = g_match_info_fetch (match, 1);

      g_match_info_fetch_pos (match, 0, &start, &end);
      link.start = (gsize) start;
      link.end = (gsize) end;

      if (url != NULL && *url != '\0')
        {
          /* “(see http://x.org/a_(b))”: a closing parenthesis belongs to
           * the URL when the URL opened it. */
          while (text[link.end] == ')' && count_char (url, '(') > count_char (url, ')'))
            {
              g_autofree char *longer = g_strndup (text + link.start, link.end + 1 - link.start);

              g_free (url);
              url = g_steal_pointer (&longer);
              link.end++;
            }
          link.kind = CR_READER_LINK_URL;
          link.target = g_str_has_prefix (url, "www.")
                        ? g_strconcat ("https://", url, NULL)
                        : g_steal_pointer (&url);
        }
      else
        {
          g_autofree char *address = g_match_info_fetch (match, 2);
          const char *bare = address;

          if (g_ascii_strncasecmp (bare, "mailto:", 7) == 0)
            bare += 7;
          link.kind = CR_READER_LINK_ADDRESS;
          link.target = g_strdup (bare);
        }

      g_array_append_val (links, link);
      g_match_info_next (match, NULL);
    }

  return links;
}

/**
 * cr_reader_link_label_domain:
 * @label: the visible text of a link
 *
 * Returns: (transfer full) (nullable): the domain @label names when it reads
 *   like an address (“https://www.banque.fr/compte”, “banque.fr”), in lower
 *   case, or %NULL for ordinary words (“Cliquez ici”).
 */
char *
cr_reader_link_label_domain (const char *label)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *lower = NULL;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new (DOMAIN_PATTERN, G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&regex, r);
    }

  if (label == NULL)
    return NULL;

  lower = g_utf8_strdown (label, -1);
  if (!g_regex_match (regex, lower, 0, &match))
    return NULL;

  return g_match_info_fetch (match, 1);
}

/* “www.banque.fr” and “banque.fr” are the same site; a subdomain of the
 * named domain (“clients.banque.fr”) is too. */
static gboolean
same_site (const char *named,
           const char *host)
{
  gsize named_len, host_len;

  if (g_str_has_prefix (named, "www."))
    named += 4;
  if (g_str_has_prefix (host, "www."))
    host += 4;

  named_len = strlen (named);
  host_len = strlen (host);

  if (g_strcmp0 (named, host) == 0)
    return TRUE;

  return host_len > named_len
         && host[host_len - named_len - 1] == '.'
         && strcmp (host + host_len - named_len, named) == 0;
}

/**
 * cr_reader_link_is_deceptive:
 * @label: (nullable): the visible text of a link
 * @href: where it goes
 *
 * Returns: %TRUE when @label names a domain and @href goes elsewhere.
 */
gboolean
cr_reader_link_is_deceptive (const char *label,
                             const char *href)
{
  g_autofree char *named = cr_reader_link_label_domain (label);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;

  if (named == NULL)
    return FALSE;

  uri = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return TRUE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);

  return !same_site (named, host);
}
