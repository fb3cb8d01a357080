/* test-message-list-row.c — the self-drawn message row as people meet it
 *
 * The row draws its texts itself, so what labels did for free must be
 * checked here: text of either direction inside its box in a list of
 * either direction, a row height that follows large text, the theme's
 * colours in dark mode, and a name for screen readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cr-message-list-row.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-ui-util.h"

static const char english[] = "Meeting notes for Thursday";
static const char hebrew[] = "סיכום הפגישה של יום חמישי";
static const char arabic[] = "ملاحظات الاجتماع";

static GtkWidget *window;
static GtkWidget *box;

static CrMessageRow *
message_row (const char     *subject,
             CrMessageFlags  flags)
{
  g_autoptr(CrMessageInfo) info = cr_message_info_new ();

  info->id = 1;
  info->folder_id = 1;
  info->subject = g_strdup (subject);
  info->from_name = g_strdup ("Alice Martin");
  info->from_address = g_strdup ("alice@example.org");
  info->date = g_get_real_time () / G_USEC_PER_SEC;
  info->size = 2048;
  info->flags = flags;

  return cr_message_row_new (info);
}

static gboolean
is_drawn (gpointer data)
{
  graphene_rect_t sender, subject;

  cr_message_list_row_get_text_areas (data, &sender, &subject);

  return subject.size.width > 0;
}

/* A row in the test window, drawn, in the direction @dir. */
static CrMessageListRow *
show_row (const char       *subject,
          CrMessageFlags    flags,
          GtkTextDirection  dir)
{
  g_autoptr(CrMessageRow) row = message_row (subject, flags);
  GtkWidget *widget = cr_message_list_row_new ();

  for (GtkWidget *child; (child = gtk_widget_get_first_child (box)) != NULL;)
    gtk_box_remove (GTK_BOX (box), child);
  gtk_widget_set_direction (widget, dir);
  cr_message_list_row_bind (CR_MESSAGE_LIST_ROW (widget), row);
  gtk_box_append (GTK_BOX (box), widget);
  g_assert_true (cr_test_iterate_until (is_drawn, widget, 10000));

  return CR_MESSAGE_LIST_ROW (widget);
}

static void
assert_inside (CrMessageListRow      *row,
               const graphene_rect_t *area)
{
  int width = gtk_widget_get_width (GTK_WIDGET (row));

  g_assert_cmpfloat (area->size.width, >, 0);
  g_assert_cmpfloat (area->origin.x, >=, 0);
  g_assert_cmpfloat (area->origin.x + area->size.width, <=, width);
}

/* Each subject starts at its own reading side of the subject's box, as
 * a GtkLabel's text does; never outside the row. */
static void
test_row_directions (void)
{
  struct {
    const char       *subject;
    GtkTextDirection  dir;
    gboolean          at_left;
    const char       *shot;
  } cases[] = {
    { english, GTK_TEXT_DIR_LTR, TRUE, "message-row-ltr" },
    { hebrew, GTK_TEXT_DIR_LTR, FALSE, "message-row-ltr-hebrew" },
    { arabic, GTK_TEXT_DIR_RTL, FALSE, "message-row-rtl" },
    { english, GTK_TEXT_DIR_RTL, TRUE, "message-row-rtl-english" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CrMessageListRow *row = show_row (cases[i].subject, CR_MESSAGE_FLAG_SEEN, cases[i].dir);
      int width = gtk_widget_get_width (GTK_WIDGET (row));
      graphene_rect_t sender, subject;

      cr_test_ui_shot (window, cases[i].shot);
      cr_message_list_row_get_text_areas (row, &sender, &subject);
      assert_inside (row, &sender);
      assert_inside (row, &subject);
      if (cases[i].dir == GTK_TEXT_DIR_LTR)
        g_assert_cmpfloat (sender.origin.x, <=, 1);

      /* The box's start is the row's edge; its end, the date's column,
       * is only known to be past the middle. */
      if (cases[i].at_left && cases[i].dir == GTK_TEXT_DIR_LTR)
        g_assert_cmpfloat (subject.origin.x, <=, 1);
      else if (!cases[i].at_left && cases[i].dir == GTK_TEXT_DIR_RTL)
        g_assert_cmpfloat (subject.origin.x + subject.size.width, >=, width - 1);
      else if (cases[i].at_left)
        {
          g_assert_cmpfloat (subject.origin.x, <, width / 2.f);
          g_assert_cmpfloat (subject.origin.x + subject.size.width, <, width - 1);
          /* Both Latin, both at the far end of boxes that end alike: a
           * space away from the date, not against it. */
          g_assert_cmpfloat_with_epsilon (sender.origin.x, subject.origin.x, 0.5);
        }
      else
        {
          g_assert_cmpfloat (subject.origin.x, >, 1);
          g_assert_cmpfloat (subject.origin.x + subject.size.width, >, width / 2.f);
        }
    }
}

/* A very long subject is cut with an ellipsis inside the row. */
static void
test_row_long_subject (void)
{
  g_autoptr(GString) subject = g_string_new (NULL);
  CrMessageListRow *row;
  graphene_rect_t sender, area;

  for (guint i = 0; i < 200; i++)
    g_string_append (subject, "very long subject ");
  row = show_row (subject->str, 0, GTK_TEXT_DIR_LTR);
  cr_message_list_row_get_text_areas (row, &sender, &area);
  assert_inside (row, &area);
  g_assert_true (cr_message_list_row_is_bold (row));
  cr_test_ui_shot (window, "message-row-long");
}

static int
row_height (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);

  return natural;
}

typedef struct
{
  GtkWidget *widget;
  int        height;
} Taller;

static gboolean
is_taller (gpointer data)
{
  Taller *taller = data;

  return gtk_widget_get_height (taller->widget) > taller->height;
}

/* Large text (what GNOME's text scaling sets: the X resolution) makes
 * rows taller, the row already shown included. */
static void
test_row_large_text (void)
{
  GtkWidget *widget = GTK_WIDGET (show_row (english, 0, GTK_TEXT_DIR_LTR));
  GtkSettings *settings = gtk_widget_get_settings (widget);
  Taller taller = { widget, 0 };
  int dpi;
  int before;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;
  before = row_height (widget);
  taller.height = gtk_widget_get_height (widget);

  g_object_set (settings, "gtk-xft-dpi", dpi * 2, NULL);
  g_assert_true (cr_test_iterate_until (is_taller, &taller, 10000));
  cr_test_ui_shot (window, "message-row-large-text");
  g_assert_cmpint (row_height (widget), >, before * 3 / 2);

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  cr_test_iterate (100);
  g_assert_cmpint (row_height (widget), ==, before);
}

/* The brightest pixel of @area of @widget, as drawn. */
static double
brightest (GtkWidget             *widget,
           const graphene_rect_t *area)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double best = 0;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);

  for (int y = (int) area->origin.y; y < (int) (area->origin.y + area->size.height) && y < height; y++)
    for (int x = (int) area->origin.x; x < (int) (area->origin.x + area->size.width) && x < width; x++)
      {
        /* Cairo's ARGB32, premultiplied: B, G, R, A in memory. */
        const guchar *p = pixels + ((gsize) y * width + x) * 4;
        best = MAX (best, (p[0] + p[1] + p[2]) / 3.0 / 255.0);
      }

  return best;
}

/* In dark mode the texts are drawn in the theme's light foreground. */
static void
test_row_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  CrMessageListRow *row;
  graphene_rect_t sender, subject;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  cr_test_iterate (100);
  row = show_row (english, CR_MESSAGE_FLAG_FLAGGED, GTK_TEXT_DIR_LTR);
  cr_test_iterate (100);
  cr_test_ui_shot (window, "message-row-dark");
  cr_message_list_row_get_text_areas (row, &sender, &subject);
  g_assert_cmpfloat (brightest (GTK_WIDGET (row), &subject), >, 0.8);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  cr_test_iterate (100);
  g_assert_cmpfloat (brightest (GTK_WIDGET (row), &subject), <, 0.5);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* A screen reader reads the subject, the sender and the state. */
static void
test_row_accessible (void)
{
  CrMessageListRow *row = show_row (english, CR_MESSAGE_FLAG_FLAGGED, GTK_TEXT_DIR_LTR);
  g_autofree char *state = g_strdup_printf ("%s, %s", _("unread"), _("flagged"));
  g_autofree char *label = NULL;

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_ROLE_GROUP);
  /* Compared with "", it answers with the label it has. */
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_nonnull (label);
  g_assert_true (g_str_has_prefix (label, english));
  g_assert_nonnull (strstr (label, "Alice Martin"));
  g_assert_nonnull (strstr (label, state));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cr_test_ui_init_locale ();
  display = cr_test_display_start (&error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, -1);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/message-list-row/directions", test_row_directions);
  g_test_add_func ("/message-list-row/long-subject", test_row_long_subject);
  g_test_add_func ("/message-list-row/large-text", test_row_large_text);
  g_test_add_func ("/message-list-row/dark", test_row_dark);
  g_test_add_func ("/message-list-row/accessible", test_row_accessible);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  cr_test_iterate (100);
  cr_test_env_teardown (env_dir);

  return status;
}
