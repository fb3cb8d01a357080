/* test-reader-view.c — the reader pane in a real (virtual) display: remote
 * content stays blocked, message scripts never run, the view never
 * navigates and a link reaches its server only through the browser (no
 * connection from the view on a click, hover or Enter), cid: images show,
 * plain text keeps its quotes and links, attachments are listed, a
 * message comes back after its web process is killed (and gives way to
 * a notice after the third time); screenshots in
 * English and in French.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <gdk/x11/gdkx.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "cr-reader-attachments.h"
#include "cr-resources.h"
#include "cr-reader-test-http.h"
#include "cr-reader-text.h"
#include "cr-reader-view.h"
#include "cr-reader-web.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"

/* Generous: an ASan build on a loaded CI machine starts WebKit slowly. */
#define LOAD_TIMEOUT_MS 60000
/* How long a blocked page is watched for requests it should not make. */
#define QUIET_MS 2000

static gboolean in_french;
static CrReaderTestHttp *http;

typedef struct
{
  GtkWindow    *window;
  CrReaderView *view;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->view = cr_reader_view_new ();
  fixture->window = g_object_new (GTK_TYPE_WINDOW,
                                  "default-width", 900,
                                  "default-height", 720,
                                  "child", fixture->view,
                                  NULL);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  cr_test_iterate (50);
}

static GBytes *
corpus (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("CR_TEST_SRCDIR"), "data", "mime", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static gboolean
view_loaded (gpointer data)
{
  return cr_reader_view_get_loaded (data);
}

static void
show_and_wait (Fixture *fixture,
               GBytes  *raw)
{
  cr_reader_view_show_bytes (fixture->view, raw);
  cr_test_iterate (20);
  g_assert_true (cr_test_iterate_until (view_loaded, fixture->view, LOAD_TIMEOUT_MS));
}

static GBytes *
message_bytes (const char *headers_and_body)
{
  return g_bytes_new (headers_and_body, strlen (headers_and_body));
}

static WebKitWebView *
web_view_of (Fixture *fixture)
{
  GtkWidget *body = cr_reader_view_get_body_widget (fixture->view);

  g_assert_true (CR_IS_READER_WEB (body));

  return cr_reader_web_get_web_view (CR_READER_WEB (body));
}

typedef struct
{
  char     *result;
  GError   *error;
  gboolean  done;
} Eval;

static void
evaluated (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Eval *eval = user_data;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source),
                                                                          result, &eval->error);

  if (value != NULL)
    eval->result = jsc_value_to_string (value);
  eval->done = TRUE;
}

static gboolean
eval_done (gpointer data)
{
  return ((Eval *) data)->done;
}

/* Runs in an isolated world of the test's own: the page's scripts stay
 * off whatever this does. */
static char *
evaluate (WebKitWebView *web_view,
          const char    *script)
{
  Eval eval = { NULL, NULL, FALSE };

  webkit_web_view_evaluate_javascript (web_view, script, -1, "courrier-test", NULL, NULL,
                                       evaluated, &eval);
  g_assert_true (cr_test_iterate_until (eval_done, &eval, LOAD_TIMEOUT_MS));
  g_assert_no_error (eval.error);

  return eval.result;
}

/* The page's own scripts stay off (enable-javascript-markup); the test
 * needs JavaScript for its isolated-world probes only. */
static void
allow_test_probes (WebKitWebView *web_view)
{
  webkit_settings_set_enable_javascript (webkit_web_view_get_settings (web_view), TRUE);
}

static void
save_screen (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("reader-%s-%s", what, in_french ? "fr" : "en");
  g_autofree char *path = cr_test_screenshot_path (name);
  const char *argv[] = { "import", "-window", "root", path, NULL };

  /* WebKit draws in its own process, a moment after it has loaded: only
   * the screen shows it all. */
  cr_test_iterate (1500);
  cr_test_run (argv, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* ---- Remote content --------------------------------------------------- */

static char *
hostile_message (const char *from)
{
  guint16 port = cr_reader_test_http_get_port (http);

  return g_strdup_printf (
    "From: %s\r\nTo: lea@example.fr\r\nSubject: Offre exceptionnelle\r\n"
    "Date: Thu, 26 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><head><title>Courrier test</title>"
    "<meta http-equiv=\"refresh\" content=\"0; url=http://127.0.0.1:%u/refresh\">"
    "<link rel=\"stylesheet\" href=\"http://127.0.0.1:%u/style.css\">"
    "<link rel=\"prefetch\" href=\"http://127.0.0.1:%u/prefetch\">"
    "<link rel=\"dns-prefetch\" href=\"//127.0.0.1:%u\">"
    "<style>@import url(\"http://127.0.0.1:%u/import.css\");"
    "@font-face { font-family: Remote; src: url(http://127.0.0.1:%u/font.woff); }"
    "body { background: url(http://127.0.0.1:%u/background.png); font-family: Remote; }"
    /* The links where a click can find them without a script. */
    "#link, #phish { position: fixed; left: 0; width: 360px; height: 90px; display: block;"
    " background: #dde8f6; }"
    "#link { top: 0; } #phish { top: 120px; }</style>"
    "</head><body><h1>Bonjour</h1>"
    "<img id=\"remote\" src=\"http://127.0.0.1:%u/image.png\" width=\"20\" height=\"20\">"
    "<img srcset=\"http://127.0.0.1:%u/srcset.png 2x\" width=\"20\" height=\"20\">"
    "<iframe src=\"http://127.0.0.1:%u/frame\"></iframe>"
    "<video poster=\"http://127.0.0.1:%u/poster.png\"></video>"
    "<script>document.title = 'script ran'; new Image ().src = 'http://127.0.0.1:%u/script';</script>"
    "<img src=\"cid:nothing-here\" onerror=\"document.title = 'onerror ran'; new Image ().src = 'http://127.0.0.1:%u/onerror';\">"
    "<p><a id=\"link\" href=\"http://127.0.0.1:%u/link\">Voir l’offre</a></p>"
    "<p><a id=\"phish\" href=\"http://127.0.0.1:%u/phish\">https://www.banque.fr</a></p>"
    "</body></html>\r\n",
    from, port, port, port, port, port, port, port, port, port, port, port, port, port, port, port);
}

static void
assert_never_asked (const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    if (cr_reader_test_http_was_asked (http, paths[i]))
      {
        g_autofree char *seen = cr_reader_test_http_describe (http);
        g_error ("%s was requested (requests: %s)", paths[i], seen);
      }
}

typedef struct
{
  const char *path;
} Asked;

static gboolean
was_asked (gpointer data)
{
  return cr_reader_test_http_was_asked (http, ((Asked *) data)->path);
}

static void
test_remote_blocked (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *raw = hostile_message ("Vendeur <promo@example.com>");
  g_autoptr(GBytes) bytes = message_bytes (raw);
  const char *never[] = { "/script", "/onerror", "/refresh", "/link", "/phish", "/frame", NULL };
  WebKitWebView *web_view;
  guint before = cr_reader_test_http_get_connections (http);
  Asked image = { "/image.png" };

  show_and_wait (fixture, bytes);
  web_view = web_view_of (fixture);

  /* Loaded, laid out, and then watched for a while: nothing leaves, not
   * even a connection. */
  cr_test_iterate (QUIET_MS);
  if (cr_reader_test_http_get_connections (http) != before)
    {
      g_autofree char *seen = cr_reader_test_http_describe (http);
      g_error ("Remote content was fetched while blocked: %s", seen);
    }
  g_assert_true (cr_reader_view_get_remote_blocked (fixture->view));
  g_assert_cmpstr (webkit_web_view_get_title (web_view), ==, "Courrier test");
  g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (web_view), "about:blank?courrier-"));
  save_screen ("remote-blocked");

  /* The person asks: the images come, the scripts still do not run. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.show-remote", NULL);
  g_assert_true (cr_test_iterate_until (view_loaded, fixture->view, LOAD_TIMEOUT_MS));
  g_assert_true (cr_test_iterate_until (was_asked, &image, LOAD_TIMEOUT_MS));
  cr_test_iterate (QUIET_MS);

  g_assert_false (cr_reader_view_get_remote_blocked (fixture->view));
  assert_never_asked (never);
  g_assert_cmpstr (webkit_web_view_get_title (web_view), ==, "Courrier test");
  g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (web_view), "about:blank?courrier-"));
}

static void
test_remote_always_for_sender (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *raw = hostile_message ("Lettre <Nouvelles@Example.NET>");
  g_autoptr(GBytes) bytes = message_bytes (raw);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) senders = NULL;

  g_settings_reset (settings, "remote-content-senders");
  show_and_wait (fixture, bytes);
  g_assert_true (cr_reader_view_get_remote_blocked (fixture->view));

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.always-remote", NULL);
  senders = g_settings_get_strv (settings, "remote-content-senders");
  g_assert_cmpuint (g_strv_length (senders), ==, 1);
  g_assert_cmpstr (senders[0], ==, "nouvelles@example.net");

  /* The next message from that sender is not blocked at all. */
  cr_reader_view_clear (fixture->view);
  show_and_wait (fixture, bytes);
  g_assert_false (cr_reader_view_get_remote_blocked (fixture->view));
  g_settings_reset (settings, "remote-content-senders");
}

/* ---- Navigation ------------------------------------------------------- */

static gboolean
record_link (CrReaderView *view,
             const char   *uri,
             GPtrArray    *opened)
{
  g_ptr_array_add (opened, g_strdup (uri));

  return TRUE;
}

static gboolean
array_not_empty (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWindow *dialog = find_message_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* libXtst has no headers installed here: what we need of it, declared. */
typedef int (*FakeMotionEvent) (Display *display, int screen, int x, int y, unsigned long delay);
typedef int (*FakeButtonEvent) (Display *display, unsigned int button, int is_press, unsigned long delay);
typedef int (*FakeKeyEvent) (Display *display, unsigned int keycode, int is_press, unsigned long delay);

static gboolean
pointer_on_link (gpointer data)
{
  return *(gboolean *) data;
}

static void
target_changed (WebKitWebView       *web_view,
                WebKitHitTestResult *hit,
                guint                modifiers,
                gboolean            *on_link)
{
  *on_link = webkit_hit_test_result_context_is_link (hit);
}

static Display *
xdisplay_of (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  g_assert_true (GDK_IS_X11_DISPLAY (display));

  return gdk_x11_display_get_xdisplay (display);
}

/* (@x, @y) of @widget on the X screen: the widget in its window, the
 * window's surface on the screen. */
static void
screen_point (GtkWidget *widget,
              double     x,
              double     y,
              int       *root_x,
              int       *root_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay = xdisplay_of (widget);
  double wx, wy, sx, sy;
  Window child;

  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &wx, &wy));
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_assert_true (XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                                        DefaultRootWindow (xdisplay), (int) (wx + sx), (int) (wy + sy),
                                        root_x, root_y, &child));
}

static FakeMotionEvent fake_motion_event;
static FakeButtonEvent fake_button_event;
static FakeKeyEvent fake_key_event;

static void
load_xtest (void)
{
  GModule *xtst;

  if (fake_button_event != NULL)
    return;

  xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY);
  g_assert_nonnull (xtst);
  g_assert_true (g_module_symbol (xtst, "XTestFakeMotionEvent", (gpointer *) &fake_motion_event));
  g_assert_true (g_module_symbol (xtst, "XTestFakeButtonEvent", (gpointer *) &fake_button_event));
  g_assert_true (g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *) &fake_key_event));
}

/* The pointer goes to (@x, @y) of @web_view through the X server. */
static void
move_pointer (WebKitWebView *web_view,
              double         x,
              double         y)
{
  Display *xdisplay = xdisplay_of (GTK_WIDGET (web_view));
  int root_x, root_y;

  load_xtest ();
  screen_point (GTK_WIDGET (web_view), x, y, &root_x, &root_y);
  fake_motion_event (xdisplay, DefaultScreen (xdisplay), root_x - 5, root_y - 5, 0);
  fake_motion_event (xdisplay, DefaultScreen (xdisplay), root_x, root_y, 0);
  XFlush (xdisplay);
}

/* The pointer goes to (@x, @y) of @web_view, and stays until WebKit has
 * seen the link under it: it learns where the pointer is in its own
 * process. */
static void
hover_link (WebKitWebView *web_view,
            double         x,
            double         y)
{
  gboolean on_link = FALSE;
  gulong handler;

  handler = g_signal_connect (web_view, "mouse-target-changed", G_CALLBACK (target_changed), &on_link);
  move_pointer (web_view, x, y);
  g_assert_true (cr_test_iterate_until (pointer_on_link, &on_link, LOAD_TIMEOUT_MS));
  g_signal_handler_disconnect (web_view, handler);
}

/* @button goes down and up where the pointer is, through the X server. */
static void
press_button (WebKitWebView *web_view,
              guint          button)
{
  Display *xdisplay = xdisplay_of (GTK_WIDGET (web_view));

  fake_button_event (xdisplay, button, True, 0);
  fake_button_event (xdisplay, button, False, 0);
  XFlush (xdisplay);
}

/* A real click, as a person makes it: the pointer rests on the link at
 * (@x, @y) of @web_view, and @button goes down and up. */
static void
click_at (WebKitWebView *web_view,
          double         x,
          double         y,
          guint          button)
{
  hover_link (web_view, x, y);
  press_button (web_view, button);
}

/* A key pressed and released through the X server. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  Display *xdisplay = xdisplay_of (widget);
  unsigned int keycode = XKeysymToKeycode (xdisplay, keyval);

  g_assert_cmpuint (keycode, !=, 0);
  load_xtest ();
  fake_key_event (xdisplay, keycode, True, 0);
  fake_key_event (xdisplay, keycode, False, 0);
  XFlush (xdisplay);
}

/* Where the message above lays its links out. */
#define LINK_X 40
#define LINK_Y 30
#define PHISH_Y 150

static void
show_link_page (Fixture        *fixture,
                GPtrArray      *opened,
                WebKitWebView **web_view,
                char          **uri)
{
  g_autofree char *raw = hostile_message ("Vendeur <promo@example.com>");
  g_autoptr(GBytes) bytes = message_bytes (raw);

  g_signal_connect (fixture->view, "activate-link", G_CALLBACK (record_link), opened);
  show_and_wait (fixture, bytes);
  *web_view = web_view_of (fixture);
  *uri = g_strdup (webkit_web_view_get_uri (*web_view));
}

/* The view stays where it is (same document, same title, nothing asked
 * of the server). */
static void
assert_not_navigated (WebKitWebView *web_view,
                      const char    *uri)
{
  const char *never[] = { "/link", "/phish", NULL };

  cr_test_iterate (200);
  assert_never_asked (never);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri);
  g_assert_cmpstr (webkit_web_view_get_title (web_view), ==, "Courrier test");
}

/* Nothing reached the link's server, not even a connection: WebKit
 * connects to a link's host as it decides whether to follow it, unless
 * told not to (cr-reader-web.c). Watched for a while, since a connection
 * would come a moment after the click. */
static void
assert_no_connection (guint before)
{
  cr_test_iterate (QUIET_MS);
  if (cr_reader_test_http_get_connections (http) != before)
    {
      g_autofree char *seen = cr_reader_test_http_describe (http);

      g_error ("%u connection(s) to the link's server (requests: %s)",
               cr_reader_test_http_get_connections (http) - before, seen);
    }
}

typedef struct
{
  int   x;
  int   y;
  char *path;
} Painted;

/* The screen shows the next message's green block where the link was. */
static gboolean
block_painted (gpointer data)
{
  Painted *painted = data;
  const char *argv[] = { "import", "-window", "root", painted->path, NULL };
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guchar *pixel;

  if (!cr_test_run (argv, NULL, NULL, NULL))
    return FALSE;
  pixbuf = gdk_pixbuf_new_from_file (painted->path, NULL);
  if (pixbuf == NULL || painted->x >= gdk_pixbuf_get_width (pixbuf) || painted->y >= gdk_pixbuf_get_height (pixbuf))
    return FALSE;
  pixel = gdk_pixbuf_read_pixels (pixbuf) + painted->y * gdk_pixbuf_get_rowstride (pixbuf)
          + painted->x * gdk_pixbuf_get_n_channels (pixbuf);

  return pixel[0] == 0x20 && pixel[1] == 0x80 && pixel[2] == 0x40;
}

static gboolean
titled_suite (gpointer data)
{
  return g_strcmp0 (webkit_web_view_get_title (data), "Courrier suite") == 0;
}

/* The view loads the next message, and the screen shows it.
 *
 * This check once failed half the time (“the previous message stays on
 * screen”): WebKit had queued the draw, but cr_test_iterate_until()'s
 * wake-up outranked GTK's redraw and block_painted () is slow, so GTK
 * never painted while it was watched. Fixed in the fixture
 * (tests/fixtures/README.md); the check runs always. */
static void
assert_still_working (Fixture       *fixture,
                      WebKitWebView *web_view,
                      const char    *uri)
{
  g_autoptr(GBytes) next = message_bytes (
    "From: Marc <marc@example.fr>\r\nTo: lea@example.fr\r\nSubject: Suite\r\n"
    "Date: Thu, 26 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><head><title>Courrier suite</title></head><body>"
    "<div style=\"position: fixed; left: 0; top: 0; width: 360px; height: 240px; background: #208040\"></div>"
    "<p style=\"margin-top: 260px\">Voici la suite de notre conversation d’hier : le programme du week-end "
    "est arrêté, le train part samedi à huit heures, nous arriverons vers midi et nous irons directement "
    "à la plage. Dis-moi si tu viens avec nous, et n’oublie pas ton maillot ni ta crème solaire.</p>"
    "</body></html>\r\n");
  g_autofree char *name = g_strdup_printf ("reader-after-link-%s", in_french ? "fr" : "en");
  Painted painted = { 0, 0, cr_test_screenshot_path (name) };

  show_and_wait (fixture, next);
  /* The title may be told a moment after the load is. */
  g_assert_true (cr_test_iterate_until (titled_suite, web_view, LOAD_TIMEOUT_MS));
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), !=, uri);
  screen_point (GTK_WIDGET (web_view), LINK_X, LINK_Y, &painted.x, &painted.y);
  g_assert_true (cr_test_iterate_until (block_painted, &painted, LOAD_TIMEOUT_MS));
  g_free (painted.path);
}

/* One plain message after another, the pointer resting on the view. */
static void
test_next_message (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) first = message_bytes (
    "From: Marc <marc@example.fr>\r\nTo: lea@example.fr\r\nSubject: Début\r\n"
    "Date: Thu, 26 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><head><title>Courrier début</title></head><body><p>Bonjour Léa,</p></body></html>\r\n");
  WebKitWebView *web_view;
  g_autofree char *uri = NULL;

  show_and_wait (fixture, first);
  web_view = web_view_of (fixture);
  uri = g_strdup (webkit_web_view_get_uri (web_view));
  /* The pointer rests on the message and stays there. */
  move_pointer (web_view, 600, 400);
  cr_test_iterate (200);
  assert_still_working (fixture, web_view, uri);
}

/* Is @pid a descendant of this test (WebKit's processes may sit below
 * bubblewrap)? */
static gboolean
descends_from_us (int pid)
{
  for (int depth = 0; pid > 1 && depth < 8; depth++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
      g_autofree char *stat = NULL;
      const char *after_name;
      int ppid = 0;

      if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL ||
          sscanf (after_name + 1, " %*c %d", &ppid) != 1)
        return FALSE;
      if (ppid == (int) getpid ())
        return TRUE;
      pid = ppid;
    }

  return FALSE;
}

/* Kills this test's web processes, as a crash would end them. */
static guint
kill_web_processes (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint killed = 0;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      int pid = atoi (name);
      g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", name);
      g_autofree char *comm = NULL;

      if (pid <= 1 || !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_str_has_prefix (comm, "WebKitWebProces") || !descends_from_us (pid))
        continue;
      if (kill (pid, SIGKILL) == 0)
        killed++;
    }

  return killed;
}

typedef struct
{
  WebKitWebView *web_view;
  const char    *expected;
  const char    *or_else;     /* (nullable) also accepted, then @other is set */
  gboolean       evaluating;
  gboolean       found;
  gboolean       other;
} TextProbe;

static void
text_probed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TextProbe *probe = user_data;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, NULL);
  g_autofree char *text = value != NULL ? jsc_value_to_string (value) : NULL;

  probe->other = text != NULL && probe->or_else != NULL && strstr (text, probe->or_else) != NULL;
  probe->found = probe->other || (text != NULL && strstr (text, probe->expected) != NULL);
  probe->evaluating = FALSE;
}

/* Asks the page for its text until it holds @probe->expected. */
static gboolean
text_shown (gpointer data)
{
  TextProbe *probe = data;

  if (!probe->found && !probe->evaluating && !webkit_web_view_is_loading (probe->web_view))
    {
      probe->evaluating = TRUE;
      webkit_web_view_evaluate_javascript (probe->web_view, "document.body ? document.body.innerText : ''", -1,
                                           "courrier-test", NULL, NULL, text_probed, probe);
    }

  return probe->found;
}

/* The web process dies while a message is shown (a crash, or a process
 * that could not start on a loaded machine): the message comes back by
 * itself, in a new process. */
static void
test_web_process_crash (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GBytes) raw = message_bytes (
    "From: Marc <marc@example.fr>\r\nTo: lea@example.fr\r\nSubject: Relance\r\n"
    "Date: Thu, 26 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><body><p>Toujours l\xc3\xa0 apr\xc3\xa8s la panne</p></body></html>\r\n");
  TextProbe probe = { NULL, "Toujours là après la panne", NULL, FALSE, FALSE, FALSE };

  show_and_wait (fixture, raw);
  probe.web_view = web_view_of (fixture);
  allow_test_probes (probe.web_view);
  g_assert_true (cr_test_iterate_until (text_shown, &probe, LOAD_TIMEOUT_MS));

  g_assert_cmpuint (kill_web_processes (), >, 0);
  cr_test_iterate (200);
  probe.found = FALSE;
  g_assert_true (cr_test_iterate_until (text_shown, &probe, LOAD_TIMEOUT_MS));
  save_screen ("after-crash");
}

/* A message whose web process dies again and again: at most two new
 * processes, then a notice instead of an empty view, which stays. (On a
 * loaded machine a new process may die by itself: the test kills until
 * the notice shows, counting on the limit, not on each reload.) */
static void
test_web_process_gives_up (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GBytes) raw = message_bytes (
    "From: Marc <marc@example.fr>\r\nTo: lea@example.fr\r\nSubject: Relance\r\n"
    "Date: Thu, 26 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><body><p>Encore une panne</p></body></html>\r\n");
  const char *notice = _("This message could not be displayed. Select it again to try once more.");
  TextProbe probe = { NULL, "Encore une panne", notice, FALSE, FALSE, FALSE };
  guint kills = 0;

  show_and_wait (fixture, raw);
  probe.web_view = web_view_of (fixture);
  allow_test_probes (probe.web_view);
  g_assert_true (cr_test_iterate_until (text_shown, &probe, LOAD_TIMEOUT_MS));
  g_assert_false (probe.other);

  /* The message again after each kill, until the notice takes its place:
   * three kills at most (the first process, then two new ones). */
  while (!probe.other)
    {
      g_assert_cmpuint (++kills, <=, 3);
      kill_web_processes ();
      cr_test_iterate (200);
      probe.found = FALSE;
      g_assert_true (cr_test_iterate_until (text_shown, &probe, LOAD_TIMEOUT_MS));
    }
  save_screen ("gave-up");

  /* The notice stays: no more loads. */
  cr_test_iterate (1000);
  g_assert_false (webkit_web_view_is_loading (probe.web_view));
  probe.found = FALSE;
  g_assert_true (cr_test_iterate_until (text_shown, &probe, LOAD_TIMEOUT_MS));
  g_assert_true (probe.other);
}

/* An ordinary link goes to the browser, not into the view, whichever
 * way it is followed; the view itself connects nowhere. */
static void
check_link_opened (Fixture       *fixture,
                   WebKitWebView *web_view,
                   const char    *uri,
                   GPtrArray     *opened,
                   guint          before)
{
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/link", cr_reader_test_http_get_port (http));

  g_assert_true (cr_test_iterate_until (array_not_empty, opened, LOAD_TIMEOUT_MS));
  assert_no_connection (before);
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpstr (opened->pdata[0], ==, expected);
  assert_not_navigated (web_view, uri);
  assert_still_working (fixture, web_view, uri);
  g_assert_cmpuint (opened->len, ==, 1);
}

static void
test_link_opened_outside (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri = NULL;
  WebKitWebView *web_view;
  guint before;

  show_link_page (fixture, opened, &web_view, &uri);
  before = cr_reader_test_http_get_connections (http);

  /* Resting on the link shows where it goes, and nothing more. */
  hover_link (web_view, LINK_X, LINK_Y);
  assert_no_connection (before);
  g_assert_cmpuint (opened->len, ==, 0);

  press_button (web_view, 1);
  check_link_opened (fixture, web_view, uri, opened, before);
}

static void
test_link_middle_click (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri = NULL;
  WebKitWebView *web_view;
  guint before;

  show_link_page (fixture, opened, &web_view, &uri);
  before = cr_reader_test_http_get_connections (http);
  click_at (web_view, LINK_X, LINK_Y, 2);
  check_link_opened (fixture, web_view, uri, opened, before);
}

static gboolean
link_focused (gpointer data)
{
  g_autofree char *id = evaluate (data, "document.activeElement ? document.activeElement.id : ''");

  return g_strcmp0 (id, "link") == 0;
}

/* Tab to the link, Enter: the keyboard's way of following it. */
static void
test_link_keyboard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri = NULL;
  WebKitWebView *web_view;
  guint before;

  show_link_page (fixture, opened, &web_view, &uri);
  before = cr_reader_test_http_get_connections (http);
  allow_test_probes (web_view);

  /* Keys go to the window under the pointer (no window manager). */
  move_pointer (web_view, 600, 400);
  gtk_widget_grab_focus (GTK_WIDGET (web_view));
  for (guint i = 0; i < 5 && !link_focused (web_view); i++)
    {
      press_key (GTK_WIDGET (web_view), GDK_KEY_Tab);
      cr_test_iterate (100);
    }
  g_assert_true (link_focused (web_view));
  assert_no_connection (before);

  press_key (GTK_WIDGET (web_view), GDK_KEY_Return);
  check_link_opened (fixture, web_view, uri, opened, before);
}

/* A link showing another domain asks first; “Cancel” opens nothing,
 * “Open Link” hands it to the browser. Either way, the link's server
 * hears nothing from the view: not while the question is asked, not
 * after. @data is the response. */
static void
test_link_deceptive (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *response = data;
  gboolean open = g_str_equal (response, "open");
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/phish", cr_reader_test_http_get_port (http));
  g_autofree char *uri = NULL;
  WebKitWebView *web_view;
  AdwMessageDialog *dialog;
  guint before;

  show_link_page (fixture, opened, &web_view, &uri);
  before = cr_reader_test_http_get_connections (http);

  click_at (web_view, LINK_X, PHISH_Y, 1);
  g_assert_true (cr_test_iterate_until (dialog_shown, NULL, LOAD_TIMEOUT_MS));
  dialog = ADW_MESSAGE_DIALOG (find_message_dialog ());
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "www.banque.fr"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "/phish"));
  assert_no_connection (before);
  if (!open)
    save_screen ("deceptive-link");
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));

  assert_no_connection (before);
  g_assert_cmpuint (opened->len, ==, open ? 1 : 0);
  if (open)
    g_assert_cmpstr (opened->pdata[0], ==, expected);
  assert_not_navigated (web_view, uri);
  assert_still_working (fixture, web_view, uri);
  g_assert_cmpuint (opened->len, ==, open ? 1 : 0);
}

/* ---- cid: ------------------------------------------------------------- */

static void
test_cid_image (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = corpus ("related-cid.eml");
  g_autofree char *width = NULL;
  WebKitWebView *web_view;

  show_and_wait (fixture, bytes);
  web_view = web_view_of (fixture);
  allow_test_probes (web_view);

  width = evaluate (web_view, "document.images[0].complete ? String (document.images[0].naturalWidth) : 'loading'");
  g_assert_cmpint (atoi (width), >, 0);
  save_screen ("cid");
}

/* ---- Plain text ------------------------------------------------------- */

static gboolean
text_has_tag (GtkTextBuffer *buffer,
              const char    *needle,
              const char    *tag_name)
{
  GtkTextIter start, match_start, match_end;
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &match_start, &match_end, NULL));

  return gtk_text_iter_has_tag (&match_start, tag);
}

static const char *
link_at_text (CrReaderText *text,
              const char   *needle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (cr_reader_text_get_view (text));
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &match_start, &match_end, NULL));
  gtk_text_iter_forward_char (&match_start);

  return cr_reader_text_link_at (text, &match_start);
}

static void
test_plain_text (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) bytes = message_bytes (
    "From: =?utf-8?q?Marc_H=C3=A9non?= <marc@example.fr>\r\nTo: lea@example.fr\r\n"
    "Cc: Paul <paul@example.fr>\r\nSubject: Re: Re: Vacances\r\n"
    "Date: Thu, 26 Nov 2026 16:46:00 +0100\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "D'accord, le programme est sur https://example.org/vacances?jour=samedi.\r\n"
    "<script>document.title = 'x'</script> <b>pas du HTML</b>\r\n\r\n"
    "> Je pars samedi, écris à lea@example.fr.\r\n"
    "> > Tu pars quand ?\r\n"
    "> > Dis-moi vite.\r\n>\r\n> Léa\r\n");
  GtkWidget *body;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *all = NULL;

  show_and_wait (fixture, bytes);
  body = cr_reader_view_get_body_widget (fixture->view);
  g_assert_true (CR_IS_READER_TEXT (body));
  buffer = gtk_text_view_get_buffer (cr_reader_text_get_view (CR_READER_TEXT (body)));

  /* Markup-looking text is text. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  all = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (all, "<script>document.title = 'x'</script> <b>pas du HTML</b>"));

  g_assert_false (text_has_tag (buffer, "D'accord", "quote-1"));
  g_assert_true (text_has_tag (buffer, "Je pars samedi", "quote-1"));
  g_assert_true (text_has_tag (buffer, "Tu pars quand", "quote-2"));
  g_assert_true (text_has_tag (buffer, "Léa", "quote-1"));

  g_assert_cmpstr (link_at_text (CR_READER_TEXT (body), "https://example.org"), ==,
                   "https://example.org/vacances?jour=samedi");
  g_assert_cmpstr (link_at_text (CR_READER_TEXT (body), "lea@example.fr."), ==, "mailto:lea@example.fr");
  g_assert_null (link_at_text (CR_READER_TEXT (body), "Tu pars"));

  save_screen ("plain-text");
}

/* ---- Attachments ------------------------------------------------------ */

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) bytes = corpus ("mixed-attachments.eml");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  struct { const char *name; gsize size; } expected[] = {
    { "plage.png", 70 }, { "archive.zip", 22 }, { "notes.txt", 18 }, { NULL, 6 },
  };
  GPtrArray *parts;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  gsize length;
  GStatBuf st;

  /* The engine names a nameless attachment, in the person's language. */
  expected[3].name = _("attachment");
  show_and_wait (fixture, bytes);
  collect (GTK_WIDGET (fixture->view), ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *size = g_format_size (expected[i].size);
      /* Translators: must match the reader's “Open “%s”” */
      g_autofree char *open_name = g_strdup_printf (_("Open “%s”"), expected[i].name);

      g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==, expected[i].name);
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (rows->pdata[i]), size));

      g_ptr_array_set_size (buttons, 0);
      collect (rows->pdata[i], GTK_TYPE_BUTTON, buttons);
      g_assert_cmpuint (buttons->len, ==, 2);
      gtk_test_accessible_assert_property (buttons->pdata[0], GTK_ACCESSIBLE_PROPERTY_LABEL, open_name);
    }

  /* “Open” first writes a private copy. */
  parts = cr_mime_message_get_attachments (cr_reader_view_get_message (fixture->view));
  file = cr_reader_attachments_write_private (parts->pdata[2], &error);
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length,
                   g_bytes_get_data (cr_mime_part_get_bytes (parts->pdata[2]), NULL),
                   g_bytes_get_size (cr_mime_part_get_bytes (parts->pdata[2])));
  g_assert_cmpint (g_stat (g_file_peek_path (file), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  dir = g_path_get_dirname (g_file_peek_path (file));
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_str_has_prefix (dir, g_get_user_cache_dir ()));

  save_screen ("attachments");
}

/* ---- Signals for the window ------------------------------------------- */

static void
count_signal (CrReaderView *view,
              guint        *count)
{
  (*count)++;
}

static gboolean
count_positive (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_store_actions (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = corpus ("plain-quotes.eml");
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  guint deleted = 0, junk = 0, read = 0;

  g_signal_connect (fixture->view, "delete-requested", G_CALLBACK (count_signal), &deleted);
  g_signal_connect (fixture->view, "junk-requested", G_CALLBACK (count_signal), &junk);
  g_signal_connect (fixture->view, "read-timeout", G_CALLBACK (count_signal), &read);
  g_settings_set_int (settings, "mark-read-delay", 0);
  show_and_wait (fixture, bytes);

  /* Nobody listens yet: no buttons, no actions. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.delete", NULL);
  g_assert_cmpuint (deleted, ==, 0);

  cr_reader_view_set_store_actions (fixture->view, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.delete", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.junk", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.flag", NULL);
  g_assert_cmpuint (deleted, ==, 1);
  g_assert_cmpuint (junk, ==, 1);
  g_assert_true (cr_reader_view_get_flagged (fixture->view));

  g_assert_true (cr_test_iterate_until (count_positive, &read, LOAD_TIMEOUT_MS));
  g_settings_reset (settings, "mark-read-delay");
  save_screen ("store-actions");
}

/* ---- Screenshots ------------------------------------------------------ */

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *names[] = { "html-only", "forward-nested", "encoded-words", "cp1252", "calendar" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".eml", NULL);
      g_autoptr(GBytes) bytes = corpus (file);

      show_and_wait (fixture, bytes);
      g_assert_nonnull (cr_reader_view_get_message (fixture->view));
      save_screen (names[i]);
    }

  cr_reader_view_clear (fixture->view);
  cr_test_iterate (100);
  g_assert_null (cr_reader_view_get_message (fixture->view));
  save_screen ("empty");
}

static void
test_dark (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GBytes) html = corpus ("related-cid.eml");
  g_autoptr(GBytes) text = corpus ("plain-quotes.eml");
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  show_and_wait (fixture, html);
  save_screen ("dark-html");
  show_and_wait (fixture, text);
  save_screen ("dark-text");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  const char *locale;
  int status;

  locale = setlocale (LC_ALL, "");
  if (locale == NULL)
    g_error ("The locale “%s” is not installed: run build-aux/setup-deps.sh", g_getenv ("LC_ALL"));
  in_french = g_str_has_prefix (locale, "fr");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CR_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  http = cr_reader_test_http_start (&error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The application registers them; this test has no application. */
  cr_register_resource ();

  /* Plain text first: no web view exists before an HTML message. */
  g_test_add ("/reader/plain-text", Fixture, NULL, fixture_setup, test_plain_text, fixture_teardown);
  g_test_add ("/reader/attachments", Fixture, NULL, fixture_setup, test_attachments, fixture_teardown);
  g_test_add ("/reader/store-actions", Fixture, NULL, fixture_setup, test_store_actions, fixture_teardown);
  g_test_add ("/reader/remote-blocked", Fixture, NULL, fixture_setup, test_remote_blocked, fixture_teardown);
  g_test_add ("/reader/remote-always", Fixture, NULL, fixture_setup, test_remote_always_for_sender, fixture_teardown);
  g_test_add ("/reader/next-message", Fixture, NULL, fixture_setup, test_next_message, fixture_teardown);
  g_test_add ("/reader/web-process-crash", Fixture, NULL, fixture_setup, test_web_process_crash, fixture_teardown);
  g_test_add ("/reader/web-process-gives-up", Fixture, NULL, fixture_setup, test_web_process_gives_up,
              fixture_teardown);
  g_test_add ("/reader/link-opened-outside", Fixture, NULL, fixture_setup, test_link_opened_outside, fixture_teardown);
  g_test_add ("/reader/link-middle-click", Fixture, NULL, fixture_setup, test_link_middle_click, fixture_teardown);
  g_test_add ("/reader/link-keyboard", Fixture, NULL, fixture_setup, test_link_keyboard, fixture_teardown);
  g_test_add ("/reader/link-deceptive/cancel", Fixture, "cancel", fixture_setup, test_link_deceptive, fixture_teardown);
  g_test_add ("/reader/link-deceptive/open", Fixture, "open", fixture_setup, test_link_deceptive, fixture_teardown);
  g_test_add ("/reader/cid-image", Fixture, NULL, fixture_setup, test_cid_image, fixture_teardown);
  g_test_add ("/reader/screenshots", Fixture, NULL, fixture_setup, test_screenshots, fixture_teardown);
  g_test_add ("/reader/dark", Fixture, NULL, fixture_setup, test_dark, fixture_teardown);

  status = g_test_run ();

  g_clear_pointer (&http, cr_reader_test_http_stop);
  cr_test_env_teardown (env_dir);

  return status;
}
