/* cr-spell-words.h — the words of a line of text, for the spell checker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <enchant.h>
#include <glib.h>

G_BEGIN_DECLS

/* A misspelled word, from character @start to @end of the line. */
typedef void (*CrSpellWordFunc) (int      start,
                                 int      end,
                                 gpointer user_data);

gboolean cr_spell_words_correct    (EnchantDict     *dict,
                                    const char      *word,
                                    gsize            length);
void     cr_spell_words_check_line (EnchantDict     *dict,
                                    const char      *line,
                                    CrSpellWordFunc  misspelled,
                                    gpointer         user_data);
GStrv    cr_spell_words_list_languages       (EnchantBroker *broker);
char    *cr_spell_words_language_from_locale (EnchantBroker *broker,
                                              const char    *fallback);
char    *cr_spell_words_language_name        (const char    *tag);

G_END_DECLS
