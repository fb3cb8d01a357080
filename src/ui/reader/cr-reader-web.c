/* cr-reader-web.c — the sandboxed web view HTML mail is shown in
 *
 * The locks, all of them, because each one alone has had holes:
 * - page JavaScript off (enable-javascript-markup FALSE removes scripts and
 *   on… handlers while parsing; enable-javascript FALSE besides), and a
 *   Content-Security-Policy with script-src 'none' (cr-reader-html.c);
 * - the same policy allows only cid: and data: until the person allows
 *   remote content for the message;
 * - a compiled content filter blocks http, https, ftp, ws and file loads,
 *   whatever the document says (prefetch, CSS, fonts, frames…);
 * - every navigation is refused: a link click becomes the “open-link”
 *   signal, for the reader to check and open in the browser;
 * - an ephemeral network session: nothing is stored, no cookies;
 * - WebKit's speculative connections off (see turn_off_speculation ()).
 * Rendering is not accelerated (see new_settings ()).
 * cid: URLs are answered from the message being shown, and only from it.
 *
 * The web view (and so WebKit's processes) is created on the first HTML
 * message, never before: the main window starts without it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "cr-reader-html.h"
#include "cr-reader-web.h"

#define FILTER_ID "courrier-remote-content"
#define EMPTY_PAGE "<!DOCTYPE html><html><body></body></html>"
#define FILTER_RULES \
  "[" \
  "{\"trigger\":{\"url-filter\":\"^https?:\"},\"action\":{\"type\":\"block\"}}," \
  "{\"trigger\":{\"url-filter\":\"^ftps?:\"},\"action\":{\"type\":\"block\"}}," \
  "{\"trigger\":{\"url-filter\":\"^wss?:\"},\"action\":{\"type\":\"block\"}}," \
  "{\"trigger\":{\"url-filter\":\"^file:\"},\"action\":{\"type\":\"block\"}}" \
  "]"

struct _CrReaderWeb
{
  GtkWidget       parent_instance;

  GtkWidget      *overlay;
  WebKitWebView  *web_view;
  GtkWidget      *link_status;

  CrMimeMessage  *message;
  GHashTable     *inline_parts;
  GHashTable     *link_labels;
  char           *pending_html;
  char           *hovered_uri;
  char           *hovered_label;
  double          zoom;
  guint           load_serial;
  char           *expected_uri;
  GBytes         *document;       /* what was last loaded, for a reload */
  guint           reloads;        /* of that document, after a crash */
  guint           failure_shown : 1;
  guint           block_remote : 1;
  guint           loaded : 1;
};

G_DEFINE_FINAL_TYPE (CrReaderWeb, cr_reader_web, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

enum {
  OPEN_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Shared by every reader: one web process pool, one cid: handler, one
 * compiled filter. */
typedef struct
{
  WebKitWebContext        *context;
  WebKitNetworkSession    *session;
  WebKitUserContentFilter *filter;
  GError                  *filter_error;
  GPtrArray               *waiting;
} Shared;

static Shared shared;

static void show_pending (CrReaderWeb *self);

static CrMimePart *
find_cid_part (CrMimeMessage *message,
               const char    *uri)
{
  GPtrArray *parts;
  CrMimePart *part = cr_mime_message_get_part_by_cid (message, uri);

  if (part != NULL)
    return part;

  /* A forwarded message's HTML names its own parts. */
  parts = cr_mime_message_get_body_parts (message);
  for (guint i = 0; i < parts->len; i++)
    {
      CrMimeMessage *nested = cr_mime_part_get_message (parts->pdata[i]);

      if (nested != NULL && (part = find_cid_part (nested, uri)) != NULL)
        return part;
    }

  return NULL;
}

static void
serve_cid (WebKitURISchemeRequest *request,
           gpointer                user_data)
{
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  CrReaderWeb *self = web_view != NULL ? g_object_get_data (G_OBJECT (web_view), "cr-reader-web") : NULL;
  const char *uri = webkit_uri_scheme_request_get_uri (request);
  CrMimePart *part = NULL;
  g_autoptr(GInputStream) stream = NULL;
  GBytes *bytes;

  if (self != NULL && self->message != NULL)
    {
      part = g_hash_table_lookup (self->inline_parts, uri);
      if (part == NULL)
        part = find_cid_part (self->message, uri);
    }

  if (part == NULL || (bytes = cr_mime_part_get_bytes (part)) == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             "No part %s in this message", uri);

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  stream = g_memory_input_stream_new_from_bytes (bytes);
  webkit_uri_scheme_request_finish (request, stream, (gint64) g_bytes_get_size (bytes),
                                    cr_mime_part_get_content_type (part));
}

static void
filter_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&shared.waiting);

  shared.filter = webkit_user_content_filter_store_save_finish (WEBKIT_USER_CONTENT_FILTER_STORE (source),
                                                                result, &shared.filter_error);
  if (shared.filter_error != NULL)
    g_warning ("Remote content filter not compiled: %s", shared.filter_error->message);

  for (guint i = 0; i < waiting->len; i++)
    show_pending (waiting->pdata[i]);
}

static void
ensure_shared (void)
{
  g_autofree char *path = NULL;
  g_autoptr(WebKitUserContentFilterStore) store = NULL;
  g_autoptr(GBytes) rules = NULL;

  if (shared.context != NULL)
    return;

  shared.context = webkit_web_context_new ();
  webkit_web_context_set_cache_model (shared.context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
  webkit_web_context_register_uri_scheme (shared.context, "cid", serve_cid, NULL, NULL);
  shared.session = webkit_network_session_new_ephemeral ();
  shared.waiting = g_ptr_array_new_with_free_func (g_object_unref);

  path = g_build_filename (g_get_user_cache_dir (), "courrier", "content-filters", NULL);
  store = webkit_user_content_filter_store_new (path);
  rules = g_bytes_new_static (FILTER_RULES, strlen (FILTER_RULES));
  webkit_user_content_filter_store_save (store, FILTER_ID, rules, NULL, filter_saved, NULL);
}

/* WebKit opens a connection to a clicked link's host while it still asks
 * whether to follow it ("LinkPreconnect" drives that as well as
 * <link rel=preconnect>): a click, even one refused or cancelled at the
 * deceptive-link warning, told the link's server that the message was read
 * (measured in test-reader-view). The others are speculative loads the
 * content filter also blocks; off all the same. */
static void
turn_off_speculation (WebKitSettings *settings)
{
  static const char * const features[] = {
    "LinkPreconnect", "LinkDNSPrefetch", "LinkPrefetch", "LinkPreload",
  };
  g_autoptr(WebKitFeatureList) all = webkit_settings_get_all_features ();

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      gboolean found = FALSE;

      for (gsize j = 0; j < webkit_feature_list_get_length (all) && !found; j++)
        {
          WebKitFeature *feature = webkit_feature_list_get (all, j);

          found = g_strcmp0 (webkit_feature_get_identifier (feature), features[i]) == 0;
          if (found)
            webkit_settings_set_feature_enabled (settings, feature, FALSE);
        }

      /* A WebKit that renamed one must be looked at again, not trusted. */
      if (!found)
        g_warning ("WebKit has no feature “%s” to turn off", features[i]);
    }
}

static WebKitSettings *
new_settings (void)
{
  WebKitSettings *settings;

  settings = g_object_new (WEBKIT_TYPE_SETTINGS,
                           "enable-javascript", FALSE,
                           "enable-javascript-markup", FALSE,
                           "javascript-can-open-windows-automatically", FALSE,
                           "enable-html5-local-storage", FALSE,
                           "enable-html5-database", FALSE,
                           "enable-page-cache", FALSE,
                           "enable-webgl", FALSE,
                           "enable-webaudio", FALSE,
                           "enable-media", FALSE,
                           "enable-mediasource", FALSE,
                           "enable-developer-extras", FALSE,
                           "enable-back-forward-navigation-gestures", FALSE,
                           "enable-site-specific-quirks", FALSE,
                           "allow-file-access-from-file-urls", FALSE,
                           "allow-universal-access-from-file-urls", FALSE,
                           "auto-load-images", TRUE,
                           /* Mail needs no GPU: no WebGL, no video, no
                            * script-driven animation; software rendering
                            * spares each web process a GL context. (It was
                            * once taken for the cure of a painting bug that
                            * was the tests' main-loop helper: see
                            * tests/fixtures/README.md.) */
                           "hardware-acceleration-policy", WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER,
                           NULL);
  turn_off_speculation (settings);

  return settings;
}

/* The link's text as written in the document; WebKit may have added a
 * trailing slash to its target. */
static const char *
link_label (CrReaderWeb *self,
            const char  *uri)
{
  const char *label;
  gsize length = strlen (uri);
  g_autofree char *bare = NULL;

  if (self->link_labels == NULL)
    return NULL;

  label = g_hash_table_lookup (self->link_labels, uri);
  if (label != NULL || length == 0 || uri[length - 1] != '/')
    return label;

  bare = g_strndup (uri, length - 1);

  return g_hash_table_lookup (self->link_labels, bare);
}

typedef struct
{
  CrReaderWeb *self;
  char        *uri;
  char        *label;
} LinkClick;

static void
link_click_free (gpointer data)
{
  LinkClick *click = data;

  g_object_unref (click->self);
  g_free (click->uri);
  g_free (click->label);
  g_free (click);
}

static gboolean
emit_open_link (gpointer data)
{
  LinkClick *click = data;

  /* Not for a reader gone meanwhile. */
  if (click->self->overlay != NULL)
    g_signal_emit (click->self, signals[OPEN_LINK], 0, click->uri, click->label);

  return G_SOURCE_REMOVE;
}

static gboolean
decide_policy (WebKitWebView            *web_view,
               WebKitPolicyDecision     *decision,
               WebKitPolicyDecisionType  type,
               CrReaderWeb              *self)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  /* Our own load of the latest document, and jumps to its own anchors;
   * nothing else, ever. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && self->expected_uri != NULL
      && g_str_has_prefix (uri, self->expected_uri)
      && (uri[strlen (self->expected_uri)] == '\0' || uri[strlen (self->expected_uri)] == '#'))
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);

  if (webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED
      && webkit_navigation_action_is_user_gesture (action))
    {
      const char *label = g_strcmp0 (uri, self->hovered_uri) == 0 ? self->hovered_label : link_label (self, uri);
      LinkClick *click = g_new0 (LinkClick, 1);

      /* Once WebKit has its answer: whatever “open-link” does (a dialog,
       * launching the browser) must not run inside its policy callback. */
      click->self = g_object_ref (self);
      click->uri = g_strdup (uri);
      click->label = g_strdup (label);
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, emit_open_link, click, link_click_free);
    }

  return TRUE;
}

static void
mouse_target_changed (WebKitWebView       *web_view,
                      WebKitHitTestResult *hit,
                      guint                modifiers,
                      CrReaderWeb         *self)
{
  const char *uri = webkit_hit_test_result_context_is_link (hit)
                    ? webkit_hit_test_result_get_link_uri (hit) : NULL;

  g_free (self->hovered_uri);
  self->hovered_uri = g_strdup (uri);
  g_free (self->hovered_label);
  self->hovered_label = uri != NULL ? g_strdup (webkit_hit_test_result_get_link_label (hit)) : NULL;

  /* The real address, whatever the link's text says. */
  gtk_label_set_label (GTK_LABEL (self->link_status), uri != NULL ? uri : "");
  gtk_widget_set_visible (self->link_status, uri != NULL);
}

static void
load_changed (WebKitWebView   *web_view,
              WebKitLoadEvent  event,
              CrReaderWeb     *self)
{
  /* A load replaced by a newer one finishes too: wait for the last. */
  if (event != WEBKIT_LOAD_FINISHED || self->loaded || self->message == NULL
      || g_strcmp0 (webkit_web_view_get_uri (web_view), self->expected_uri) != 0)
    return;

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* No context menu: its entries (open in a new window, reload, inspect)
 * would all be ways around the locks. */
static gboolean
context_menu (WebKitWebView       *web_view,
              WebKitContextMenu   *menu,
              WebKitHitTestResult *hit,
              CrReaderWeb         *self)
{
  webkit_context_menu_remove_all (menu);
  webkit_context_menu_append (menu, webkit_context_menu_item_new_from_stock_action (WEBKIT_CONTEXT_MENU_ACTION_COPY));

  return FALSE;
}

/* Each document gets an address of its own, so that its load is told
 * apart from a replaced one's, and from anything the page tries. */
static void
load_document (CrReaderWeb *self,
               GBytes      *bytes)
{
  if (self->document != bytes)
    {
      g_clear_pointer (&self->document, g_bytes_unref);
      self->document = g_bytes_ref (bytes);
      self->reloads = 0;
    }
  g_free (self->expected_uri);
  self->expected_uri = g_strdup_printf ("about:blank?courrier-%u", ++self->load_serial);
  webkit_web_view_load_bytes (self->web_view, bytes, "text/html", "UTF-8", self->expected_uri);
}

/* The dark style follows the desktop's. */
static CrReaderHtmlFlags
style_flags (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? CR_READER_HTML_DARK
                                                                       : CR_READER_HTML_DEFAULT;
}

/* Instead of a message WebKit cannot show: a word, not an empty view;
 * only once, should even that fail. */
static void
show_failure (CrReaderWeb *self)
{
  g_autoptr(GBytes) bytes = NULL;
  char *html;

  if (self->failure_shown)
    return;
  self->failure_shown = TRUE;
  html = cr_reader_html_build_failure (style_flags ());
  bytes = g_bytes_new_take (html, strlen (html));
  load_document (self, bytes);
}

/* The web process died (it crashed, or failed to start when the system
 * was short of something): the view would stay empty. A new process is
 * started by loading the document again, twice at most, so that a
 * message that crashes WebKit every time does not loop; then a short
 * notice takes its place. */
static void
web_process_terminated (WebKitWebView                     *web_view,
                        WebKitWebProcessTerminationReason  reason,
                        CrReaderWeb                       *self)
{
  if (reason == WEBKIT_WEB_PROCESS_TERMINATED_BY_API || self->document == NULL)
    return;

  g_message ("The web process showing the message ended (%s)",
             reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT ? "memory limit" : "crash");
  if (reason != WEBKIT_WEB_PROCESS_CRASHED || self->reloads >= 2)
    {
      show_failure (self);
      return;
    }

  self->reloads++;
  load_document (self, self->document);
}

static void
ensure_web_view (CrReaderWeb *self)
{
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(WebKitUserContentManager) content = NULL;

  if (self->web_view != NULL)
    return;

  ensure_shared ();
  settings = new_settings ();
  content = webkit_user_content_manager_new ();
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context", shared.context,
                                 "network-session", shared.session,
                                 "settings", settings,
                                 "user-content-manager", content,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  g_object_set_data (G_OBJECT (self->web_view), "cr-reader-web", self);
  webkit_web_view_set_zoom_level (self->web_view, self->zoom);
  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (decide_policy), self);
  g_signal_connect (self->web_view, "mouse-target-changed", G_CALLBACK (mouse_target_changed), self);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (load_changed), self);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (context_menu), self);
  g_signal_connect (self->web_view, "web-process-terminated", G_CALLBACK (web_process_terminated), self);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->web_view));
}

static void
show_pending (CrReaderWeb *self)
{
  WebKitUserContentManager *content;
  g_autoptr(GBytes) bytes = NULL;

  if (self->pending_html == NULL)
    return;

  /* Without its filter the view shows nothing rather than less safely. */
  if (shared.filter == NULL)
    {
      if (shared.filter_error == NULL && !g_ptr_array_find (shared.waiting, self, NULL))
        g_ptr_array_add (shared.waiting, g_object_ref (self));
      return;
    }

  content = webkit_web_view_get_user_content_manager (self->web_view);
  webkit_user_content_manager_remove_all_filters (content);
  if (self->block_remote)
    webkit_user_content_manager_add_filter (content, shared.filter);

  bytes = g_bytes_new_take (self->pending_html, strlen (self->pending_html));
  self->pending_html = NULL;
  load_document (self, bytes);
}

/**
 * cr_reader_web_show_message:
 * @self: a reader web view
 * @message: the message
 * @allow_remote: whether the person allowed remote content for it
 *
 * Shows @message's body; #CrReaderWeb:loaded turns %TRUE once it is laid out.
 */
void
cr_reader_web_show_message (CrReaderWeb   *self,
                            CrMimeMessage *message,
                            gboolean       allow_remote)
{
  CrReaderHtmlFlags flags = style_flags ();

  g_return_if_fail (CR_IS_READER_WEB (self));
  g_return_if_fail (CR_IS_MIME_MESSAGE (message));

  ensure_web_view (self);
  g_set_object (&self->message, message);
  g_hash_table_remove_all (self->inline_parts);

  if (allow_remote)
    flags |= CR_READER_HTML_ALLOW_REMOTE;

  self->block_remote = !allow_remote;
  self->failure_shown = FALSE;
  g_free (self->pending_html);
  self->pending_html = cr_reader_html_build (message, flags, self->inline_parts);
  g_clear_pointer (&self->link_labels, g_hash_table_unref);
  self->link_labels = cr_reader_html_link_labels (self->pending_html);

  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  show_pending (self);
}

/**
 * cr_reader_web_clear:
 * @self: a reader web view
 *
 * Forgets the message: its parts are no longer served.
 */
void
cr_reader_web_clear (CrReaderWeb *self)
{
  g_return_if_fail (CR_IS_READER_WEB (self));

  g_clear_object (&self->message);
  g_hash_table_remove_all (self->inline_parts);
  g_clear_pointer (&self->link_labels, g_hash_table_unref);
  g_clear_pointer (&self->pending_html, g_free);
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (self->web_view != NULL)
    {
      g_autoptr(GBytes) empty = g_bytes_new_static (EMPTY_PAGE, strlen (EMPTY_PAGE));

      webkit_web_view_stop_loading (self->web_view);
      load_document (self, empty);
    }
}

/**
 * cr_reader_web_get_web_view:
 * @self: a reader web view
 *
 * Returns: (transfer none) (nullable): the web view, once a message was shown
 */
WebKitWebView *
cr_reader_web_get_web_view (CrReaderWeb *self)
{
  g_return_val_if_fail (CR_IS_READER_WEB (self), NULL);

  return self->web_view;
}

gboolean
cr_reader_web_get_loaded (CrReaderWeb *self)
{
  g_return_val_if_fail (CR_IS_READER_WEB (self), FALSE);

  return self->loaded;
}

void
cr_reader_web_set_zoom (CrReaderWeb *self,
                        double       zoom)
{
  g_return_if_fail (CR_IS_READER_WEB (self));

  self->zoom = zoom;
  if (self->web_view != NULL)
    webkit_web_view_set_zoom_level (self->web_view, zoom);
}

CrReaderWeb *
cr_reader_web_new (void)
{
  return g_object_new (CR_TYPE_READER_WEB, NULL);
}

static void
cr_reader_web_dispose (GObject *object)
{
  CrReaderWeb *self = CR_READER_WEB (object);

  if (shared.waiting != NULL)
    g_ptr_array_remove (shared.waiting, self);
  if (self->web_view != NULL)
    g_object_set_data (G_OBJECT (self->web_view), "cr-reader-web", NULL);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  self->web_view = NULL;
  self->link_status = NULL;
  g_clear_object (&self->message);
  g_clear_pointer (&self->inline_parts, g_hash_table_unref);
  g_clear_pointer (&self->link_labels, g_hash_table_unref);
  g_clear_pointer (&self->document, g_bytes_unref);

  G_OBJECT_CLASS (cr_reader_web_parent_class)->dispose (object);
}

static void
cr_reader_web_finalize (GObject *object)
{
  CrReaderWeb *self = CR_READER_WEB (object);

  g_free (self->pending_html);
  g_free (self->expected_uri);
  g_free (self->hovered_uri);
  g_free (self->hovered_label);

  G_OBJECT_CLASS (cr_reader_web_parent_class)->finalize (object);
}

static void
cr_reader_web_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrReaderWeb *self = CR_READER_WEB (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_reader_web_class_init (CrReaderWebClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_reader_web_dispose;
  object_class->finalize = cr_reader_web_finalize;
  object_class->get_property = cr_reader_web_get_property;

  /**
   * CrReaderWeb:loaded:
   *
   * Whether the message's document finished loading.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrReaderWeb::open-link:
   * @self: the view
   * @uri: where the link goes
   * @label: (nullable): the link's visible text, when known
   *
   * The person clicked a link; the view itself went nowhere.
   */
  signals[OPEN_LINK] =
    g_signal_new ("open-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cr-reader-web");
}

static void
cr_reader_web_init (CrReaderWeb *self)
{
  self->zoom = 1.0;
  self->inline_parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->link_status = g_object_new (GTK_TYPE_LABEL,
                                    "halign", GTK_ALIGN_START,
                                    "valign", GTK_ALIGN_END,
                                    "margin-start", 6,
                                    "margin-bottom", 6,
                                    "ellipsize", PANGO_ELLIPSIZE_MIDDLE,
                                    "max-width-chars", 80,
                                    "visible", FALSE,
                                    "can-target", FALSE,
                                    NULL);
  gtk_widget_add_css_class (self->link_status, "osd");
  gtk_widget_add_css_class (self->link_status, "cr-link-status");
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->link_status);
}
