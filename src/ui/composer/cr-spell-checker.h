/* cr-spell-checker.h — spell checking for a GtkTextView, through Enchant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CR_TYPE_SPELL_CHECKER (cr_spell_checker_get_type ())

G_DECLARE_FINAL_TYPE (CrSpellChecker, cr_spell_checker, CR, SPELL_CHECKER, GObject)

CrSpellChecker *cr_spell_checker_attach          (GtkTextView       *view);
CrSpellChecker *cr_spell_checker_get_for_view    (GtkTextView       *view);
gboolean        cr_spell_checker_get_enabled     (CrSpellChecker    *self);
void            cr_spell_checker_set_enabled     (CrSpellChecker    *self,
                                                  gboolean           enabled);
const char     *cr_spell_checker_get_language    (CrSpellChecker    *self);
gboolean        cr_spell_checker_set_language    (CrSpellChecker    *self,
                                                  const char        *language);
GStrv           cr_spell_checker_list_languages  (CrSpellChecker    *self);
gboolean        cr_spell_checker_get_checking    (CrSpellChecker    *self);
gboolean        cr_spell_checker_check_word      (CrSpellChecker    *self,
                                                  const char        *word);
GStrv           cr_spell_checker_get_suggestions (CrSpellChecker    *self,
                                                  const char        *word);
void            cr_spell_checker_add_word        (CrSpellChecker    *self,
                                                  const char        *word);
void            cr_spell_checker_ignore_word     (CrSpellChecker    *self,
                                                  const char        *word);
void            cr_spell_checker_prepare_menu    (CrSpellChecker    *self,
                                                  const GtkTextIter *iter);
GMenuModel     *cr_spell_checker_get_menu        (CrSpellChecker    *self);

G_END_DECLS
