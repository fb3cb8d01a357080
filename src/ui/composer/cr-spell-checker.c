/* cr-spell-checker.c — spell checking for a GtkTextView, through Enchant
 *
 * Debian 12 has no GTK 4 spell checker (gspell is GTK 3, libspelling is
 * not packaged), but it has Enchant 2 with the Hunspell dictionaries, which
 * is what those libraries use underneath.
 *
 * What changes is checked, not the whole text per keystroke: an edit marks
 * its lines dirty, and the dirty lines are checked a moment later, a few
 * hundred at a time from the main loop. Misspelled words get a red wavy
 * underline. What a word is, and what is not checked (quoted lines,
 * addresses, links), is in cr-spell-words.c.
 *
 * The text view's context menu gets, for a misspelled word, the
 * suggestions, “Add to Dictionary” (Enchant's personal word list, under
 * the user's configuration directory) and “Ignore” (this checker only);
 * always, the language (any dictionary Enchant has) and a switch to turn
 * checking off. The language starts from the locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cr-spell-checker.h"
#include "cr-spell-words.h"

#define TAG_NAME          "cr-misspelled"
#define DATA_KEY          "cr-spell-checker"
#define CHECK_DELAY_MS    250
#define LINES_PER_SLICE   200
#define MAX_SUGGESTIONS   6
#define FALLBACK_LANGUAGE "en_US"

struct _CrSpellChecker
{
  GObject             parent_instance;

  GtkTextView        *view;          /* owns this checker */
  GtkTextBuffer      *buffer;
  GtkTextTag         *tag;
  GtkTextMark        *dirty_start;   /* NULL when all is checked */
  GtkTextMark        *dirty_end;
  GtkTextMark        *menu_start;    /* the word the menu is about */
  GtkTextMark        *menu_end;
  char               *menu_word;

  EnchantBroker      *broker;
  EnchantDict        *dict;
  char               *language;

  GSimpleActionGroup *actions;
  GMenu              *menu;
  guint               source_id;
  gboolean            enabled;
};

G_DEFINE_FINAL_TYPE (CrSpellChecker, cr_spell_checker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_LANGUAGE,
  PROP_CHECKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean check_slice (gpointer data);

/* ---- Checking --------------------------------------------------------- */

typedef struct
{
  CrSpellChecker    *self;
  const GtkTextIter *line_start;
} LineCheck;

static void
tag_word (int      start_offset,
          int      end_offset,
          gpointer data)
{
  LineCheck *check = data;
  GtkTextIter start = *check->line_start, end = *check->line_start;

  gtk_text_iter_set_line_offset (&start, start_offset);
  gtk_text_iter_set_line_offset (&end, end_offset);
  gtk_text_buffer_apply_tag (check->self->buffer, check->self->tag, &start, &end);
}

static void
check_line (CrSpellChecker    *self,
            const GtkTextIter *line_start)
{
  GtkTextIter line_end = *line_start;
  g_autofree char *text = NULL;
  LineCheck check = { self, line_start };

  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, line_start, &line_end);

  text = gtk_text_iter_get_slice (line_start, &line_end);
  cr_spell_words_check_line (self->dict, text, tag_word, &check);
}

static void
clear_dirty (CrSpellChecker *self)
{
  if (self->dirty_start != NULL)
    {
      gtk_text_buffer_delete_mark (self->buffer, self->dirty_start);
      gtk_text_buffer_delete_mark (self->buffer, self->dirty_end);
      self->dirty_start = self->dirty_end = NULL;
    }
  g_clear_handle_id (&self->source_id, g_source_remove);
}

/* Checks up to LINES_PER_SLICE dirty lines; the rest in the next slice. */
static gboolean
check_slice (gpointer data)
{
  CrSpellChecker *self = data;
  GtkTextIter iter, end;

  self->source_id = 0;
  if (self->dirty_start == NULL)
    return G_SOURCE_REMOVE;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, self->dirty_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->dirty_end);
  gtk_text_iter_set_line_offset (&iter, 0);

  for (guint lines = 0; lines < LINES_PER_SLICE; lines++)
    {
      check_line (self, &iter);
      if (!gtk_text_iter_forward_line (&iter) || gtk_text_iter_compare (&iter, &end) > 0)
        {
          clear_dirty (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
          return G_SOURCE_REMOVE;
        }
    }

  gtk_text_buffer_move_mark (self->buffer, self->dirty_start, &iter);
  self->source_id = g_idle_add (check_slice, self);

  return G_SOURCE_REMOVE;
}

static void
mark_dirty (CrSpellChecker    *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  GtkTextIter dirty;

  if (!self->enabled || self->dict == NULL)
    return;

  if (self->dirty_start == NULL)
    {
      self->dirty_start = gtk_text_buffer_create_mark (self->buffer, NULL, start, TRUE);
      self->dirty_end = gtk_text_buffer_create_mark (self->buffer, NULL, end, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
    }
  else
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &dirty, self->dirty_start);
      if (gtk_text_iter_compare (start, &dirty) < 0)
        gtk_text_buffer_move_mark (self->buffer, self->dirty_start, start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &dirty, self->dirty_end);
      if (gtk_text_iter_compare (end, &dirty) > 0)
        gtk_text_buffer_move_mark (self->buffer, self->dirty_end, end);
    }

  /* A moment after typing stops, not at every key. */
  g_clear_handle_id (&self->source_id, g_source_remove);
  self->source_id = g_timeout_add (CHECK_DELAY_MS, check_slice, self);
}

static void
mark_all_dirty (CrSpellChecker *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  mark_dirty (self, &start, &end);
}

static void
text_inserted (GtkTextBuffer  *buffer,
               GtkTextIter    *location,
               const char     *text,
               int             length,
               CrSpellChecker *self)
{
  GtkTextIter start = *location;

  /* After the default handler: @location is the end of the new text. */
  gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (text, length));
  mark_dirty (self, &start, location);
}

static void
range_deleted (GtkTextBuffer  *buffer,
               GtkTextIter    *start,
               GtkTextIter    *end,
               CrSpellChecker *self)
{
  mark_dirty (self, start, end);
}

/**
 * cr_spell_checker_list_languages:
 * @self: a spell checker
 *
 * Returns: (transfer full): the dictionaries Enchant has, sorted
 */
GStrv
cr_spell_checker_list_languages (CrSpellChecker *self)
{
  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), NULL);

  return cr_spell_words_list_languages (self->broker);
}

/* ---- Context menu ----------------------------------------------------- */

static GMenu *
language_menu (CrSpellChecker *self)
{
  g_auto(GStrv) languages = cr_spell_checker_list_languages (self);
  GMenu *menu = g_menu_new ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *name = cr_spell_words_language_name (languages[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "spell.language", "s", languages[i]);
      g_menu_append_item (menu, item);
    }

  return menu;
}

static void
set_menu_word (CrSpellChecker    *self,
               const GtkTextIter *start,
               const GtkTextIter *end)
{
  g_clear_pointer (&self->menu_word, g_free);
  if (start == NULL)
    return;

  self->menu_word = gtk_text_iter_get_slice (start, end);
  gtk_text_buffer_move_mark (self->buffer, self->menu_start, start);
  gtk_text_buffer_move_mark (self->buffer, self->menu_end, end);
}

/**
 * cr_spell_checker_prepare_menu:
 * @self: a spell checker
 * @iter: where the menu is opened
 *
 * Fills the text view's extra menu for the word at @iter: suggestions,
 * “Add to Dictionary” and “Ignore” when it is misspelled; the language and
 * the on/off switch always.
 */
void
cr_spell_checker_prepare_menu (CrSpellChecker    *self,
                               const GtkTextIter *iter)
{
  g_autoptr(GMenu) languages = NULL;
  g_autoptr(GMenu) settings = g_menu_new ();
  GtkTextIter start = *iter, end = *iter;

  g_return_if_fail (CR_IS_SPELL_CHECKER (self));

  g_menu_remove_all (self->menu);

  /* The misspelled word around @iter, by its tag's edges. */
  if (self->enabled && (gtk_text_iter_has_tag (iter, self->tag) || gtk_text_iter_ends_tag (iter, self->tag)))
    {
      g_auto(GStrv) suggestions = NULL;
      g_autoptr(GMenu) replace = g_menu_new ();
      g_autoptr(GMenu) word = g_menu_new ();

      if (!gtk_text_iter_starts_tag (&start, self->tag))
        gtk_text_iter_backward_to_tag_toggle (&start, self->tag);
      if (!gtk_text_iter_ends_tag (&end, self->tag))
        gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
      set_menu_word (self, &start, &end);

      suggestions = cr_spell_checker_get_suggestions (self, self->menu_word);
      for (guint i = 0; suggestions[i] != NULL; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

          g_menu_item_set_action_and_target (item, "spell.replace", "s", suggestions[i]);
          g_menu_append_item (replace, item);
        }
      if (suggestions[0] == NULL)
        g_menu_append (replace, _("No Suggestions"), "spell.none");
      g_menu_append_section (self->menu, NULL, G_MENU_MODEL (replace));

      g_menu_append (word, _("_Add to Dictionary"), "spell.add");
      g_menu_append (word, _("_Ignore"), "spell.ignore");
      g_menu_append_section (self->menu, NULL, G_MENU_MODEL (word));
    }
  else
    set_menu_word (self, NULL, NULL);

  languages = language_menu (self);
  g_menu_append_submenu (settings, _("_Language"), G_MENU_MODEL (languages));
  g_menu_append (settings, _("Check _Spelling"), "spell.enabled");
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (settings));
}

/**
 * cr_spell_checker_get_menu:
 * @self: a spell checker
 *
 * Returns: (transfer none): the text view's extra menu
 */
GMenuModel *
cr_spell_checker_get_menu (CrSpellChecker *self)
{
  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), NULL);

  return G_MENU_MODEL (self->menu);
}

/* Before GTK opens the menu on a right click: about the word clicked. */
static void
secondary_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CrSpellChecker  *self)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (self->view, &iter, bx, by);
  cr_spell_checker_prepare_menu (self, &iter);
}

/* Before GTK opens the menu from the keyboard: about the word at the cursor. */
static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             CrSpellChecker        *self)
{
  GtkTextIter iter;

  if (keyval == GDK_KEY_Menu || (keyval == GDK_KEY_F10 && (state & GDK_SHIFT_MASK)))
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
      cr_spell_checker_prepare_menu (self, &iter);
    }

  return GDK_EVENT_PROPAGATE;
}

/* ---- Actions ---------------------------------------------------------- */

static void
replace_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CrSpellChecker *self = user_data;
  GtkTextIter start, end;

  if (self->menu_word == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->menu_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->menu_end);
  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, g_variant_get_string (parameter, NULL), -1);
  gtk_text_buffer_end_user_action (self->buffer);
  set_menu_word (self, NULL, NULL);
}

static void
add_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CrSpellChecker *self = user_data;

  if (self->menu_word != NULL)
    cr_spell_checker_add_word (self, self->menu_word);
}

static void
ignore_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CrSpellChecker *self = user_data;

  if (self->menu_word != NULL)
    cr_spell_checker_ignore_word (self, self->menu_word);
}

/* The person's choices (from the menus, not the API) are remembered for
 * the next composer. */
static void
language_changed (GSimpleAction *action,
                  GVariant      *value,
                  gpointer       user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *language = g_variant_get_string (value, NULL);

  if (cr_spell_checker_set_language (user_data, language))
    g_settings_set_string (settings, "spell-checking-language", language);
}

static void
enabled_changed (GSimpleAction *action,
                 GVariant      *value,
                 gpointer       user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  cr_spell_checker_set_enabled (user_data, g_variant_get_boolean (value));
  g_settings_set_boolean (settings, "spell-checking", g_variant_get_boolean (value));
}

static const GActionEntry action_entries[] = {
  { "replace", replace_activated, "s", NULL, NULL },
  { "add", add_activated, NULL, NULL, NULL },
  { "ignore", ignore_activated, NULL, NULL, NULL },
  { "none", NULL, NULL, NULL, NULL },
  { "language", NULL, "s", "''", language_changed },
  { "enabled", NULL, NULL, "true", enabled_changed },
};

static void
sync_action_states (CrSpellChecker *self)
{
  GAction *language = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "language");
  GAction *enabled = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "enabled");
  GAction *none = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "none");

  g_simple_action_set_state (G_SIMPLE_ACTION (language), g_variant_new_string (self->language != NULL ? self->language : ""));
  g_simple_action_set_state (G_SIMPLE_ACTION (enabled), g_variant_new_boolean (self->enabled));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (none), FALSE);
}

/* ---- Public ----------------------------------------------------------- */

/**
 * cr_spell_checker_attach:
 * @view: a text view
 *
 * Checks @view's text from now on, in the language last chosen (else the
 * locale's), unless the person turned checking off.
 *
 * Returns: (transfer none): the checker, owned by @view
 */
CrSpellChecker *
cr_spell_checker_attach (GtkTextView *view)
{
  CrSpellChecker *self;
  GtkGesture *click;
  GtkEventController *keys;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *chosen = g_settings_get_string (settings, "spell-checking-language");
  g_autofree char *language = NULL;
  GtkTextIter start;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);
  g_return_val_if_fail (cr_spell_checker_get_for_view (view) == NULL, NULL);

  self = g_object_new (CR_TYPE_SPELL_CHECKER, NULL);
  self->view = view;
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  self->tag = gtk_text_buffer_create_tag (self->buffer, TAG_NAME,
                                          "underline", PANGO_UNDERLINE_ERROR,
                                          "underline-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 },
                                          NULL);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->menu_start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  self->menu_end = gtk_text_buffer_create_mark (self->buffer, NULL, &start, FALSE);
  g_object_set_data_full (G_OBJECT (view), DATA_KEY, self, g_object_unref);

  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (text_inserted), self, G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (range_deleted), self, G_CONNECT_AFTER);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (secondary_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), keys);

  gtk_widget_insert_action_group (GTK_WIDGET (view), "spell", G_ACTION_GROUP (self->actions));
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (self->menu));

  /* A chosen dictionary since uninstalled falls back to the locale's. */
  if (*chosen == '\0' || !cr_spell_checker_set_language (self, chosen))
    {
      language = cr_spell_words_language_from_locale (self->broker, FALLBACK_LANGUAGE);
      if (language == NULL || !cr_spell_checker_set_language (self, language))
        g_debug ("No spelling dictionary for the locale");
    }
  cr_spell_checker_set_enabled (self, g_settings_get_boolean (settings, "spell-checking"));
  sync_action_states (self);

  return self;
}

/**
 * cr_spell_checker_get_for_view:
 * @view: a text view
 *
 * Returns: (transfer none) (nullable): the checker attached to @view
 */
CrSpellChecker *
cr_spell_checker_get_for_view (GtkTextView *view)
{
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  return g_object_get_data (G_OBJECT (view), DATA_KEY);
}

gboolean
cr_spell_checker_get_enabled (CrSpellChecker *self)
{
  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), FALSE);

  return self->enabled;
}

void
cr_spell_checker_set_enabled (CrSpellChecker *self,
                              gboolean        enabled)
{
  GtkTextIter start, end;

  g_return_if_fail (CR_IS_SPELL_CHECKER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  if (enabled)
    mark_all_dirty (self);
  else
    {
      clear_dirty (self);
      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
      set_menu_word (self, NULL, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
    }
  sync_action_states (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

const char *
cr_spell_checker_get_language (CrSpellChecker *self)
{
  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), NULL);

  return self->language;
}

/**
 * cr_spell_checker_set_language:
 * @self: a spell checker
 * @language: a dictionary tag, “fr_FR”
 *
 * Returns: whether Enchant has that dictionary (if not, nothing changes)
 */
gboolean
cr_spell_checker_set_language (CrSpellChecker *self,
                               const char     *language)
{
  EnchantDict *dict;

  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), FALSE);
  g_return_val_if_fail (language != NULL, FALSE);

  if (g_strcmp0 (self->language, language) == 0)
    return TRUE;
  if (!enchant_broker_dict_exists (self->broker, language)
      || (dict = enchant_broker_request_dict (self->broker, language)) == NULL)
    return FALSE;

  if (self->dict != NULL)
    enchant_broker_free_dict (self->broker, self->dict);
  self->dict = dict;
  g_free (self->language);
  self->language = g_strdup (language);
  mark_all_dirty (self);
  sync_action_states (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);

  return TRUE;
}

/* Whether some edited text is still waiting to be checked. */
gboolean
cr_spell_checker_get_checking (CrSpellChecker *self)
{
  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), FALSE);

  return self->dirty_start != NULL;
}

gboolean
cr_spell_checker_check_word (CrSpellChecker *self,
                             const char     *word)
{
  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  return self->dict == NULL || cr_spell_words_correct (self->dict, word, strlen (word));
}

/**
 * cr_spell_checker_get_suggestions:
 * @self: a spell checker
 * @word: a misspelled word
 *
 * Returns: (transfer full): at most a few corrections, best first
 */
GStrv
cr_spell_checker_get_suggestions (CrSpellChecker *self,
                                  const char     *word)
{
  GPtrArray *out = g_ptr_array_new ();
  char **suggestions = NULL;
  size_t n = 0;

  g_return_val_if_fail (CR_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (self->dict != NULL)
    suggestions = enchant_dict_suggest (self->dict, word, -1, &n);
  for (size_t i = 0; i < n && i < MAX_SUGGESTIONS; i++)
    g_ptr_array_add (out, g_strdup (suggestions[i]));
  if (suggestions != NULL)
    enchant_dict_free_string_list (self->dict, suggestions);
  g_ptr_array_add (out, NULL);

  return (GStrv) g_ptr_array_free (out, FALSE);
}

/* Into the personal word list, for good: every text checked from now on. */
void
cr_spell_checker_add_word (CrSpellChecker *self,
                           const char     *word)
{
  g_return_if_fail (CR_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  if (self->dict == NULL)
    return;
  enchant_dict_add (self->dict, word, -1);
  mark_all_dirty (self);
}

/* For this checker only, until it goes. */
void
cr_spell_checker_ignore_word (CrSpellChecker *self,
                              const char     *word)
{
  g_return_if_fail (CR_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  if (self->dict == NULL)
    return;
  enchant_dict_add_to_session (self->dict, word, -1);
  mark_all_dirty (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
cr_spell_checker_finalize (GObject *object)
{
  CrSpellChecker *self = CR_SPELL_CHECKER (object);

  g_clear_handle_id (&self->source_id, g_source_remove);
  g_clear_object (&self->buffer);
  g_clear_object (&self->actions);
  g_clear_object (&self->menu);
  if (self->dict != NULL)
    enchant_broker_free_dict (self->broker, self->dict);
  enchant_broker_free (self->broker);
  g_free (self->language);
  g_free (self->menu_word);

  G_OBJECT_CLASS (cr_spell_checker_parent_class)->finalize (object);
}

static void
cr_spell_checker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrSpellChecker *self = CR_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_CHECKING:
      g_value_set_boolean (value, self->dirty_start != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_spell_checker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrSpellChecker *self = CR_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      cr_spell_checker_set_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_LANGUAGE:
      cr_spell_checker_set_language (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_spell_checker_class_init (CrSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_spell_checker_finalize;
  object_class->get_property = cr_spell_checker_get_property;
  object_class->set_property = cr_spell_checker_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether edited text waits to be checked. */
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_spell_checker_init (CrSpellChecker *self)
{
  self->enabled = TRUE;
  self->broker = enchant_broker_init ();
  self->menu = g_menu_new ();
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
}
