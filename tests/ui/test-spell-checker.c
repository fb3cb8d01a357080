/* test-spell-checker.c — spell checking in a text view and in the
 * composer, with the Hunspell dictionaries through Enchant, in a throw-away
 * HOME: French words with apostrophes and hyphens pass, a misspelled word
 * is underlined and its menu offers corrections, “Add to Dictionary” lasts,
 * “Ignore” does not, quoted lines are left alone, the switch turns it off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cr-composer-window.h"
#include "cr-spell-checker.h"
#include "cr-spell-words.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"

#define TIMEOUT_MS 20000

static char *env_dir;

typedef struct
{
  GtkWindow      *window;
  GtkTextView    *view;
  CrSpellChecker *checker;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (fixture->view, GTK_WRAP_WORD_CHAR);
  fixture->window = g_object_new (GTK_TYPE_WINDOW,
                                  "default-width", 640,
                                  "default-height", 240,
                                  "child", fixture->view,
                                  NULL);
  fixture->checker = cr_spell_checker_attach (fixture->view);
  g_assert_true (cr_spell_checker_set_language (fixture->checker, "fr_FR"));
  gtk_window_present (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  gtk_window_destroy (fixture->window);
  cr_test_iterate (20);
  /* What a test chose is not the next test's starting point. */
  g_settings_reset (settings, "spell-checking");
  g_settings_reset (settings, "spell-checking-language");
}

static gboolean
checked (gpointer data)
{
  return !cr_spell_checker_get_checking (data);
}

static void
set_text_and_wait (Fixture    *fixture,
                   const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (fixture->view), text, -1);
  g_assert_true (cr_spell_checker_get_checking (fixture->checker));
  g_assert_true (cr_test_iterate_until (checked, fixture->checker, TIMEOUT_MS));
}

/* The underlined words, “a b c”. */
static char *
misspelled (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "cr-misspelled");
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextIter iter, end;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_starts_tag (&iter, tag) || gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      g_autofree char *word = NULL;

      end = iter;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      word = gtk_text_iter_get_slice (&iter, &end);
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", word);
      iter = end;
      if (gtk_text_iter_is_end (&iter))
        break;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
iter_in (GtkTextView *view,
         const char  *needle,
         GtkTextIter *iter)
{
  GtkTextIter start, match_end;

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, iter, &match_end, NULL));
  gtk_text_iter_forward_char (iter);
}

/* The labels of the menu's first section, “a|b|c”. */
static char *
first_section (GMenuModel *menu)
{
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (section);
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", label);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GError) error = NULL;

  gtk_test_widget_wait_for_draw (widget);
  cr_test_iterate (200);
  g_assert_true (cr_test_save_screenshot (widget, name, &error));
  g_assert_no_error (error);
}

/* ---- Checking --------------------------------------------------------- */

static void
test_french (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *words = NULL;
  g_auto(GStrv) suggestions = NULL;

  /* “contant” is French (conter, to tell a tale): a spell checker cannot
   * flag it in “je suis contant”; “contnt” it must. */
  set_text_and_wait (fixture,
                     "Bonjour, je suis contnt de vous voir.\n"
                     "L’été, aujourd'hui, aujourd’hui, peut-être : dis-moi qu’il vient, Jean-Pierre, à 16h30.\n"
                     "Écris à lea@example.fr ou va sur https://exemple.fr/pagge.\n");
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "contnt");

  suggestions = cr_spell_checker_get_suggestions (fixture->checker, "contnt");
  g_assert_true (g_strv_contains ((const char * const *) suggestions, "content"));
  g_assert_true (cr_spell_checker_check_word (fixture->checker, "contant"));
  screenshot (GTK_WIDGET (fixture->window), "spell-checker-fr");
}

static void
test_english (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *words = NULL;
  g_auto(GStrv) languages = cr_spell_checker_list_languages (fixture->checker);

  g_assert_true (g_strv_contains ((const char * const *) languages, "en_US"));
  g_assert_true (g_strv_contains ((const char * const *) languages, "fr_FR"));
  g_assert_false (cr_spell_checker_set_language (fixture->checker, "xx_NOPE"));
  g_assert_cmpstr (cr_spell_checker_get_language (fixture->checker), ==, "fr_FR");

  /* Switching the language checks the text again. */
  set_text_and_wait (fixture, "I don’t think it's a well-known helo.\n");
  words = misspelled (fixture->view);
  g_assert_true (g_str_has_suffix (words, " helo"));
  g_clear_pointer (&words, g_free);

  g_assert_true (cr_spell_checker_set_language (fixture->checker, "en_US"));
  g_assert_true (cr_test_iterate_until (checked, fixture->checker, TIMEOUT_MS));
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "helo");
}

static void
test_quoted (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *words = NULL;

  set_text_and_wait (fixture,
                     "> Je suis contnt.\n"
                     "  > > Encore contnt.\n"
                     "Moi ausi.\n");
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "ausi");
}

/* Typing checks the edited line only, a moment later. */
static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->view);
  g_autofree char *words = NULL;
  GtkTextIter end;

  set_text_and_wait (fixture, "Premiere ligne.\nDeuxième ligne.\n");
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "Premiere");
  g_clear_pointer (&words, g_free);

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "Troisiemme", -1);
  g_assert_true (cr_spell_checker_get_checking (fixture->checker));
  g_assert_true (cr_test_iterate_until (checked, fixture->checker, TIMEOUT_MS));
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "Premiere Troisiemme");
}

/* ---- The menu --------------------------------------------------------- */

static void
test_menu_replace (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->view);
  g_autofree char *labels = NULL;
  g_autofree char *text = NULL;
  GtkTextIter iter, start, end;
  GMenuModel *menu;

  set_text_and_wait (fixture, "Je suis contnt de vous voir.\n");
  iter_in (fixture->view, "contnt", &iter);
  cr_spell_checker_prepare_menu (fixture->checker, &iter);
  menu = cr_spell_checker_get_menu (fixture->checker);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  labels = first_section (menu);
  g_assert_nonnull (strstr (labels, "content"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.replace", "s", "content");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Je suis content de vous voir.\n");

  /* On a correct word: only the language and the switch. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  cr_spell_checker_prepare_menu (fixture->checker, &iter);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
}

static void
test_add_to_dictionary (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "enchant", "fr_FR.dic", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *words = NULL;
  GtkWidget *other;
  CrSpellChecker *other_checker;
  GtkTextIter iter;

  set_text_and_wait (fixture, "Le Zorglubien arrive.\n");
  iter_in (fixture->view, "Zorglubien", &iter);
  cr_spell_checker_prepare_menu (fixture->checker, &iter);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.add", NULL);
  g_assert_true (cr_test_iterate_until (checked, fixture->checker, TIMEOUT_MS));
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "");

  /* In the personal word list, under the throw-away HOME… */
  g_assert_true (g_str_has_prefix (path, env_dir));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Zorglubien"));

  /* …so another checker knows it too. */
  other = gtk_text_view_new ();
  g_object_ref_sink (other);
  other_checker = cr_spell_checker_attach (GTK_TEXT_VIEW (other));
  g_assert_true (cr_spell_checker_set_language (other_checker, "fr_FR"));
  g_assert_true (cr_spell_checker_check_word (other_checker, "Zorglubien"));
  g_object_unref (other);
}

static void
test_ignore (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *words = NULL;
  GtkWidget *other;
  CrSpellChecker *other_checker;
  GtkTextIter iter;

  set_text_and_wait (fixture, "Le Bidulotron et le Bidulotron.\n");
  iter_in (fixture->view, "Bidulotron", &iter);
  cr_spell_checker_prepare_menu (fixture->checker, &iter);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.ignore", NULL);
  g_assert_true (cr_test_iterate_until (checked, fixture->checker, TIMEOUT_MS));
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "");

  /* Only here. */
  other = gtk_text_view_new ();
  g_object_ref_sink (other);
  other_checker = cr_spell_checker_attach (GTK_TEXT_VIEW (other));
  g_assert_true (cr_spell_checker_set_language (other_checker, "fr_FR"));
  g_assert_false (cr_spell_checker_check_word (other_checker, "Bidulotron"));
  g_object_unref (other);
}

static void
test_switch_off (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *words = NULL;

  set_text_and_wait (fixture, "Je suis contnt.\n");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.enabled", NULL);
  g_assert_false (cr_spell_checker_get_enabled (fixture->checker));
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "");
  g_clear_pointer (&words, g_free);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.enabled", NULL);
  g_assert_true (cr_spell_checker_get_enabled (fixture->checker));
  g_assert_true (cr_test_iterate_until (checked, fixture->checker, TIMEOUT_MS));
  words = misspelled (fixture->view);
  g_assert_cmpstr (words, ==, "contnt");
}

/* ---- Remembered, named ------------------------------------------------ */

/* The language and the switch chosen in the menu are those of the next
 * text view; a dictionary since removed gives the locale's again. */
static void
test_remembered (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkTextView *next = GTK_TEXT_VIEW (gtk_text_view_new ());
  GtkTextView *third = GTK_TEXT_VIEW (gtk_text_view_new ());
  g_autofree char *chosen = NULL;
  CrSpellChecker *checker;

  g_object_ref_sink (next);
  g_object_ref_sink (third);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.language", "s", "en_US");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "spell.enabled", NULL);
  chosen = g_settings_get_string (settings, "spell-checking-language");
  g_assert_cmpstr (chosen, ==, "en_US");
  g_assert_false (g_settings_get_boolean (settings, "spell-checking"));

  checker = cr_spell_checker_attach (next);
  g_assert_cmpstr (cr_spell_checker_get_language (checker), ==, "en_US");
  g_assert_false (cr_spell_checker_get_enabled (checker));

  /* Not a dictionary Enchant has: the locale's (C here: the fallback). */
  g_settings_set_string (settings, "spell-checking-language", "xx_YY");
  g_settings_set_boolean (settings, "spell-checking", TRUE);
  checker = cr_spell_checker_attach (third);
  g_assert_cmpstr (cr_spell_checker_get_language (checker), !=, "xx_YY");
  g_assert_nonnull (cr_spell_checker_get_language (checker));
  g_assert_true (cr_spell_checker_get_enabled (checker));

  g_object_unref (next);
  g_object_unref (third);
}

static void
test_language_names (Fixture       *fixture,
                     gconstpointer  data)
{
  struct { const char *tag, *name; } cases[] = {
    { "fr_FR", "French (France)" },
    { "en_US", "English (United States)" },
    { "en-GB", "English (United Kingdom)" },
    { "de", "German" },
    { "xx_YY", "xx_YY" },
    { "fr_QQ", "fr_QQ" },
  };
  g_autoptr(GMenuModel) settings_section = NULL;
  g_autoptr(GMenuModel) languages = NULL;
  GMenuModel *menu;
  GtkTextIter iter;
  gboolean found = FALSE;

  /* iso-codes is installed by build-aux/setup-deps.sh; the C locale
   * gives its English names. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = cr_spell_words_language_name (cases[i].tag);

      g_assert_cmpstr (name, ==, cases[i].name);
    }

  /* The menu shows names, and its actions still carry the tags. */
  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (fixture->view), &iter);
  cr_spell_checker_prepare_menu (fixture->checker, &iter);
  menu = cr_spell_checker_get_menu (fixture->checker);
  settings_section = g_menu_model_get_item_link (menu, g_menu_model_get_n_items (menu) - 1, G_MENU_LINK_SECTION);
  languages = g_menu_model_get_item_link (settings_section, 0, G_MENU_LINK_SUBMENU);
  g_assert_nonnull (languages);
  for (int i = 0; i < g_menu_model_get_n_items (languages); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (languages, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);

      g_assert_true (g_menu_model_get_item_attribute (languages, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_nonnull (target);
      if (g_str_equal (g_variant_get_string (target, NULL), "fr_FR"))
        {
          g_assert_cmpstr (label, ==, "French (France)");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* ---- In the composer -------------------------------------------------- */

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkToggleButton *
find_spell_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget)
      && g_strcmp0 (gtk_widget_get_tooltip_text (widget), _("Check Spelling")) == 0)
    return GTK_TOGGLE_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_spell_toggle (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_composer (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "courrier-spell", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, dir, dir);
  g_autoptr(CrContext) context = cr_context_new (paths);
  g_autoptr(CrSendQueue) queue = NULL;
  g_autoptr(CrComposerWindow) window = NULL;
  g_autofree char *words = NULL;
  CrSpellChecker *checker;
  GtkToggleButton *toggle;
  GtkTextView *body;

  cr_context_load (context);
  queue = cr_send_queue_new (context);
  window = g_object_ref_sink (cr_composer_window_new (context, queue, NULL));
  gtk_window_present (GTK_WINDOW (window));

  /* The only text view is the message's text; it is checked. */
  body = GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (body);
  checker = cr_spell_checker_get_for_view (body);
  g_assert_nonnull (checker);
  g_assert_true (cr_spell_checker_set_language (checker, "fr_FR"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body),
                            "Bonjour Léa,\n\nJe suis contnt de vous voir demain à la plage.\n\n"
                            "> Tu viens quand ? Je suis pressé de te voirr.\n", -1);
  g_assert_true (cr_test_iterate_until (checked, checker, TIMEOUT_MS));
  words = misspelled (body);
  g_assert_cmpstr (words, ==, "contnt");
  screenshot (GTK_WIDGET (window), "spell-checker-composer");

  /* The header's switch turns it off. */
  toggle = find_spell_toggle (GTK_WIDGET (window));
  g_assert_nonnull (toggle);
  g_assert_true (gtk_toggle_button_get_active (toggle));
  gtk_toggle_button_set_active (toggle, FALSE);
  g_assert_false (cr_spell_checker_get_enabled (checker));
  g_clear_pointer (&words, g_free);
  words = misspelled (body);
  g_assert_cmpstr (words, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  cr_test_iterate (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  env_dir = cr_test_env_setup ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/spell/french", Fixture, NULL, fixture_setup, test_french, fixture_teardown);
  g_test_add ("/spell/english", Fixture, NULL, fixture_setup, test_english, fixture_teardown);
  g_test_add ("/spell/quoted", Fixture, NULL, fixture_setup, test_quoted, fixture_teardown);
  g_test_add ("/spell/incremental", Fixture, NULL, fixture_setup, test_incremental, fixture_teardown);
  g_test_add ("/spell/menu-replace", Fixture, NULL, fixture_setup, test_menu_replace, fixture_teardown);
  g_test_add ("/spell/add-to-dictionary", Fixture, NULL, fixture_setup, test_add_to_dictionary, fixture_teardown);
  g_test_add ("/spell/ignore", Fixture, NULL, fixture_setup, test_ignore, fixture_teardown);
  g_test_add ("/spell/switch-off", Fixture, NULL, fixture_setup, test_switch_off, fixture_teardown);
  g_test_add ("/spell/remembered", Fixture, NULL, fixture_setup, test_remembered, fixture_teardown);
  g_test_add ("/spell/language-names", Fixture, NULL, fixture_setup, test_language_names, fixture_teardown);
  g_test_add_func ("/spell/composer", test_composer);

  status = g_test_run ();
  cr_test_env_teardown (env_dir);
  g_free (env_dir);

  return status;
}
