/* cr-autoconfig-fetcher.c — fetch autoconfig files over HTTP(S)
 *
 * Three of the detector’s sources: the domain’s own file over HTTPS
 * (autoconfig.DOMAIN, then DOMAIN/.well-known), the same over plain HTTP
 * (labelled unverified: anyone on the way could have written it), and
 * Thunderbird’s ISPDB. A short timeout, a size cap, no cookies, and
 * redirects followed only within the same scheme, so that an HTTPS answer
 * can never be one that travelled over HTTP.
 *
 * The ports and the ISPDB address can be changed so that tests serve the
 * files from 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cr-autoconfig.h"
#include "cr-autoconfig-fetcher.h"
#include "cr-setup-util.h"

#define MAX_REDIRECTS 3
#define READ_CHUNK 8192

struct _CrAutoconfigFetcher
{
  GObject      parent_instance;

  SoupSession *session;
  char        *ispdb_url;
  guint16      https_port;
  guint16      http_port;
};

G_DEFINE_FINAL_TYPE (CrAutoconfigFetcher, cr_autoconfig_fetcher, G_TYPE_OBJECT)

typedef struct
{
  char          *address;
  CrSetupSource  source;
  GStrv          urls;
  guint          next_url;
  guint          redirects;
  GUri          *uri;
  GInputStream  *stream;
  GByteArray    *body;
  GError        *last_error;
} Fetch;

static void fetch_next_url (GTask *task);
static void send_message   (GTask *task);

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_free (fetch->address);
  g_strfreev (fetch->urls);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_clear_error (&fetch->last_error);
  g_free (fetch);
}

static void
cr_autoconfig_fetcher_finalize (GObject *object)
{
  CrAutoconfigFetcher *self = (CrAutoconfigFetcher *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->ispdb_url, g_free);

  G_OBJECT_CLASS (cr_autoconfig_fetcher_parent_class)->finalize (object);
}

static void
cr_autoconfig_fetcher_class_init (CrAutoconfigFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_autoconfig_fetcher_finalize;
}

static void
cr_autoconfig_fetcher_init (CrAutoconfigFetcher *self)
{
  /* A new session has no cookie jar and no cache: nothing is kept. */
  self->session = soup_session_new_with_options ("timeout", CR_AUTOCONFIG_FETCHER_DEFAULT_TIMEOUT,
                                                 "idle-timeout", CR_AUTOCONFIG_FETCHER_DEFAULT_TIMEOUT,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
  self->ispdb_url = g_strdup (CR_AUTOCONFIG_ISPDB_URL);
}

CrAutoconfigFetcher *
cr_autoconfig_fetcher_new (void)
{
  return g_object_new (CR_TYPE_AUTOCONFIG_FETCHER, NULL);
}

/**
 * cr_autoconfig_fetcher_set_tls_database:
 * @database: (nullable): the CAs to trust, %NULL for the system’s
 */
void
cr_autoconfig_fetcher_set_tls_database (CrAutoconfigFetcher *self,
                                        GTlsDatabase        *database)
{
  g_return_if_fail (CR_IS_AUTOCONFIG_FETCHER (self));

  soup_session_set_tls_database (self->session, database);
}

void
cr_autoconfig_fetcher_set_timeout (CrAutoconfigFetcher *self,
                                   guint                seconds)
{
  g_return_if_fail (CR_IS_AUTOCONFIG_FETCHER (self));

  soup_session_set_timeout (self->session, seconds);
  soup_session_set_idle_timeout (self->session, seconds);
}

/**
 * cr_autoconfig_fetcher_set_ports:
 * @https_port: the port of the domain’s HTTPS server, 0 for 443
 * @http_port: the port of its HTTP server, 0 for 80
 *
 * For tests, whose servers listen on free ports of 127.0.0.1.
 */
void
cr_autoconfig_fetcher_set_ports (CrAutoconfigFetcher *self,
                                 guint16              https_port,
                                 guint16              http_port)
{
  g_return_if_fail (CR_IS_AUTOCONFIG_FETCHER (self));

  self->https_port = https_port;
  self->http_port = http_port;
}

/**
 * cr_autoconfig_fetcher_set_ispdb_url:
 * @base_url: the ISPDB address the domain is appended to
 */
void
cr_autoconfig_fetcher_set_ispdb_url (CrAutoconfigFetcher *self,
                                     const char          *base_url)
{
  g_return_if_fail (CR_IS_AUTOCONFIG_FETCHER (self));
  g_return_if_fail (base_url != NULL);

  g_free (self->ispdb_url);
  self->ispdb_url = g_strdup (base_url);
}

static char *
build_url (const char *scheme,
           const char *host,
           guint16     port,
           const char *path,
           const char *query)
{
  g_autoptr(GUri) uri = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, scheme, NULL, host,
                                     port != 0 ? port : -1, path, query, NULL);

  return g_uri_to_string (uri);
}

/**
 * cr_autoconfig_fetcher_get_urls:
 * @source: %CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, %CR_SETUP_SOURCE_AUTOCONFIG_HTTP
 *   or %CR_SETUP_SOURCE_ISPDB
 *
 * Returns: (transfer full) (nullable): the addresses tried, in order
 */
char **
cr_autoconfig_fetcher_get_urls (CrAutoconfigFetcher *self,
                                const char          *address,
                                CrSetupSource        source)
{
  g_autoptr(GPtrArray) urls = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  g_autofree char *domain = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  g_autofree char *autoconfig_host = NULL;
  gboolean https = source == CR_SETUP_SOURCE_AUTOCONFIG_HTTPS;
  guint16 port = https ? self->https_port : self->http_port;

  g_return_val_if_fail (CR_IS_AUTOCONFIG_FETCHER (self), NULL);

  if (!cr_setup_split_address (address, NULL, &domain, NULL))
    return NULL;

  if (source == CR_SETUP_SOURCE_ISPDB)
    {
      g_ptr_array_add (urls, g_strconcat (self->ispdb_url, domain, NULL));
      return (char **) g_ptr_array_free (g_steal_pointer (&urls), FALSE);
    }

  g_return_val_if_fail (https || source == CR_SETUP_SOURCE_AUTOCONFIG_HTTP, NULL);

  escaped = g_uri_escape_string (address, NULL, FALSE);
  query = g_strconcat ("emailaddress=", escaped, NULL);
  autoconfig_host = g_strconcat ("autoconfig.", domain, NULL);
  g_ptr_array_add (urls, build_url (https ? "https" : "http", autoconfig_host, port,
                                        "/mail/config-v1.1.xml", query));
  g_ptr_array_add (urls, build_url (https ? "https" : "http", domain, port,
                                        "/.well-known/autoconfig/mail/config-v1.1.xml", query));

  return (char **) g_ptr_array_free (g_steal_pointer (&urls), FALSE);
}

static void
remember_error (Fetch  *fetch,
                GError *error)
{
  /* “Not found” says least: any other reason is worth more to report. */
  if (fetch->last_error == NULL ||
      g_error_matches (fetch->last_error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND))
    {
      g_clear_error (&fetch->last_error);
      fetch->last_error = error;
    }
  else
    {
      g_error_free (error);
    }
}

static void
fail_url (GTask  *task,
          GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  url = g_uri_to_string (fetch->uri);
  g_debug ("Autoconfig %s: %s", url, error->message);
  remember_error (fetch, error);
  fetch_next_url (task);
}

static void
parse_body (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  CrSetupResult *result;

  result = cr_autoconfig_parse ((const char *) fetch->body->data, fetch->body->len,
                                fetch->address, fetch->source, &error);
  if (result == NULL)
    {
      fail_url (task, error);
      return;
    }

  g_task_return_pointer (task, result, g_object_unref);
  g_object_unref (task);
}

static void
on_read (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), res, &error);
  if (bytes == NULL)
    {
      fail_url (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      parse_body (task);
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (fetch->body->len > CR_AUTOCONFIG_MAX_SIZE)
    {
      fail_url (task, g_error_new (CR_SETUP_ERROR, CR_SETUP_ERROR_TOO_LARGE,
                                   _("The settings file is too large.")));
      return;
    }

  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, task);
}

/* Follows a redirect only to the same scheme: an https file must not come
 * from an http server, and nothing but http(s) is ever fetched. */
static gboolean
follow_redirect (GTask        *task,
                 SoupMessage  *message)
{
  Fetch *fetch = g_task_get_task_data (task);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                       "Location");
  g_autoptr(GUri) target = NULL;

  if (location == NULL || fetch->redirects >= MAX_REDIRECTS)
    return FALSE;

  target = g_uri_parse_relative (fetch->uri, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL ||
      g_strcmp0 (g_uri_get_scheme (target), g_uri_get_scheme (fetch->uri)) != 0)
    return FALSE;

  fetch->redirects++;
  g_clear_pointer (&fetch->uri, g_uri_unref);
  fetch->uri = g_steal_pointer (&target);
  send_message (task);

  return TRUE;
}

static void
on_sent (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), res);
  GError *error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint status;
  goffset length;

  stream = soup_session_send_finish (SOUP_SESSION (object), res, &error);
  if (stream == NULL)
    {
      fail_url (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_REDIRECTION (status) && follow_redirect (task, message))
    return;

  if (status != SOUP_STATUS_OK)
    {
      fail_url (task, g_error_new (CR_SETUP_ERROR,
                                   status == SOUP_STATUS_NOT_FOUND ? CR_SETUP_ERROR_NOT_FOUND : CR_SETUP_ERROR_HTTP,
                                   /* Translators: %u is an HTTP status code, like 404 */
                                   _("The web server answered with error %u."), status));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (message));
  if (length > CR_AUTOCONFIG_MAX_SIZE)
    {
      fail_url (task, g_error_new (CR_SETUP_ERROR, CR_SETUP_ERROR_TOO_LARGE,
                                   _("The settings file is too large.")));
      return;
    }

  g_clear_object (&fetch->stream);
  fetch->stream = g_steal_pointer (&stream);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  fetch->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, task);
}

static void
send_message (GTask *task)
{
  CrAutoconfigFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = soup_message_new_from_uri (SOUP_METHOD_GET, fetch->uri);

  /* Redirects are ours to judge, see follow_redirect(). */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, task);
}

static void
fetch_next_url (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (fetch->urls[fetch->next_url] == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&fetch->last_error));
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&fetch->uri, g_uri_unref);
  fetch->uri = g_uri_parse (fetch->urls[fetch->next_url++], SOUP_HTTP_URI_FLAGS, NULL);
  fetch->redirects = 0;
  if (fetch->uri == NULL)
    {
      fetch_next_url (task);
      return;
    }

  send_message (task);
}

/**
 * cr_autoconfig_fetcher_fetch_async:
 * @source: which file: %CR_SETUP_SOURCE_AUTOCONFIG_HTTPS,
 *   %CR_SETUP_SOURCE_AUTOCONFIG_HTTP or %CR_SETUP_SOURCE_ISPDB
 *
 * Fetches and parses the first file found among the addresses of @source.
 */
void
cr_autoconfig_fetcher_fetch_async (CrAutoconfigFetcher *self,
                                   const char          *address,
                                   CrSetupSource        source,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Fetch *fetch;

  g_return_if_fail (CR_IS_AUTOCONFIG_FETCHER (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (source == CR_SETUP_SOURCE_AUTOCONFIG_HTTPS ||
                    source == CR_SETUP_SOURCE_AUTOCONFIG_HTTP ||
                    source == CR_SETUP_SOURCE_ISPDB);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_autoconfig_fetcher_fetch_async);

  fetch = g_new0 (Fetch, 1);
  fetch->address = g_strdup (address);
  fetch->source = source;
  fetch->urls = cr_autoconfig_fetcher_get_urls (self, address, source);
  fetch->last_error = g_error_new (CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND,
                                   _("No settings file was found."));
  g_task_set_task_data (task, fetch, fetch_free);

  if (fetch->urls == NULL)
    {
      g_task_return_new_error (task, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_ADDRESS,
                               /* Translators: %s is what the person typed as their address */
                               _("“%s” is not an e-mail address like “name@example.org”."),
                               address);
      g_object_unref (task);
      return;
    }

  fetch_next_url (task);
}

/**
 * cr_autoconfig_fetcher_fetch_finish:
 *
 * Returns: (transfer full): the settings, from the given source
 */
CrSetupResult *
cr_autoconfig_fetcher_fetch_finish (CrAutoconfigFetcher  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (CR_IS_AUTOCONFIG_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_autoconfig_fetcher_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
