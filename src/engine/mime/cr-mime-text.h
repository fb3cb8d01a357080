/* cr-mime-text.h — plain text as runs of quote levels, HTML as plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CR_TYPE_MIME_TEXT_BLOCK (cr_mime_text_block_get_type ())

/**
 * CrMimeTextBlock:
 * @quote_level: 0 for the sender’s own text, 1 for “> ”, 2 for “> > ”…
 * @text: the lines of the block without their quote marks, joined by
 *   “\n”; format=flowed paragraphs are already one line each
 *
 * Consecutive lines with the same quote level.
 */
typedef struct
{
  guint  quote_level;
  char  *text;
} CrMimeTextBlock;

GType            cr_mime_text_block_get_type (void) G_GNUC_CONST;
CrMimeTextBlock *cr_mime_text_block_new      (guint                  quote_level,
                                              const char            *text);
CrMimeTextBlock *cr_mime_text_block_copy     (const CrMimeTextBlock *self);
void             cr_mime_text_block_free     (CrMimeTextBlock       *self);

GPtrArray       *cr_mime_text_to_blocks      (const char            *text,
                                              gboolean               flowed,
                                              gboolean               delsp);
char            *cr_mime_html_to_text        (const char            *html);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrMimeTextBlock, cr_mime_text_block_free)

G_END_DECLS
