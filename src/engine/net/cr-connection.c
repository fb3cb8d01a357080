/* cr-connection.c — a TCP connection to a mail server, with TLS
 *
 * The blocking core under the IMAP, POP3 and SMTP sessions; it runs on a
 * session's worker thread. TLS comes from GIO, never from libetpan (which
 * does not verify certificates): the system CA database (or one given by
 * the caller), SNI and the host name check through the server identity,
 * and TLS 1.2 at least.
 *
 * A certificate that does not verify is accepted only if the person pinned
 * exactly that certificate for this host and port in the
 * #CrCertificateStore; otherwise the handshake fails and the details are
 * kept for cr_connection_get_certificate_info(), so that the person can
 * look at them and decide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-connection.h"
#include "cr-net-error.h"

struct _CrConnection
{
  GObject              parent_instance;

  char                *host;
  CrCertificateStore  *store;
  GTlsDatabase        *database;
  GSocketConnection   *tcp;
  GTlsConnection      *tls;
  CrCertificateInfo   *certificate_info;
  GCancellable        *cancellable;
  GError              *io_error;
  GMutex               lock;
  guint                timeout;
  guint16              port;
};

G_DEFINE_FINAL_TYPE (CrConnection, cr_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_STORE,
  PROP_DATABASE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cr_connection_dispose (GObject *object)
{
  CrConnection *self = (CrConnection *)object;

  g_clear_object (&self->tls);
  g_clear_object (&self->tcp);
  g_clear_object (&self->store);
  g_clear_object (&self->database);
  g_clear_object (&self->certificate_info);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cr_connection_parent_class)->dispose (object);
}

static void
cr_connection_finalize (GObject *object)
{
  CrConnection *self = (CrConnection *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_error (&self->io_error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cr_connection_parent_class)->finalize (object);
}

static void
cr_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrConnection *self = CR_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_connection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CrConnection *self = CR_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    case PROP_TIMEOUT:
      cr_connection_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_connection_class_init (CrConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cr_connection_dispose;
  object_class->finalize = cr_connection_finalize;
  object_class->get_property = cr_connection_get_property;
  object_class->set_property = cr_connection_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL, construct);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, 1, construct);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CR_TYPE_CERTIFICATE_STORE, construct);
  /* NULL means the system's CA database; tests give their own CA's. */
  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, G_TYPE_TLS_DATABASE, construct);
  /* Seconds to connect, and for each read or write to make progress. */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, CR_CONNECTION_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_connection_init (CrConnection *self)
{
  g_mutex_init (&self->lock);
  self->timeout = CR_CONNECTION_DEFAULT_TIMEOUT;
}

/**
 * cr_connection_new:
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): the CA database to verify with, %NULL for the
 *   system's
 */
CrConnection *
cr_connection_new (const char         *host,
                   guint16             port,
                   CrCertificateStore *store,
                   GTlsDatabase       *database)
{
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (port > 0, NULL);
  g_return_val_if_fail (store == NULL || CR_IS_CERTIFICATE_STORE (store), NULL);
  g_return_val_if_fail (database == NULL || G_IS_TLS_DATABASE (database), NULL);

  return g_object_new (CR_TYPE_CONNECTION,
                       "host", host,
                       "port", (guint) port,
                       "store", store,
                       "database", database,
                       NULL);
}

const char *
cr_connection_get_host (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), NULL);

  return self->host;
}

guint16
cr_connection_get_port (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), 0);

  return self->port;
}

guint
cr_connection_get_timeout (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), 0);

  return self->timeout;
}

/**
 * cr_connection_set_timeout:
 *
 * A dead server must not block a worker thread forever: connecting, and
 * every read or write after it, fails with %CR_NET_ERROR_TIMEOUT once
 * @seconds pass without progress.
 */
void
cr_connection_set_timeout (CrConnection *self,
                           guint         seconds)
{
  g_return_if_fail (CR_IS_CONNECTION (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->tcp != NULL)
    g_socket_set_timeout (g_socket_connection_get_socket (self->tcp), seconds);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * cr_connection_get_cancellable:
 *
 * Returns: (transfer none) (nullable): what cancels reads and writes of
 *   the operation in progress
 */
GCancellable *
cr_connection_get_cancellable (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), NULL);

  return self->cancellable;
}

/**
 * cr_connection_set_cancellable:
 *
 * Sessions set the cancellable of each operation before handing the
 * stream to libetpan, which knows nothing of them.
 */
void
cr_connection_set_cancellable (CrConnection *self,
                               GCancellable *cancellable)
{
  g_return_if_fail (CR_IS_CONNECTION (self));

  g_set_object (&self->cancellable, cancellable);
}

/**
 * cr_connection_connect_sync:
 *
 * Resolves the host and opens the TCP connection. Blocks.
 */
gboolean
cr_connection_connect_sync (CrConnection  *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CR_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (self->tcp == NULL, FALSE);

  g_clear_object (&self->certificate_info);

  client = g_socket_client_new ();
  /* Also the I/O timeout of the socket it creates. */
  g_socket_client_set_timeout (client, self->timeout);
  /* The desktop's proxy settings are made for the web: an HTTP proxy
   * would not carry IMAP, POP3 or SMTP. Mail goes direct. */
  g_socket_client_set_enable_proxy (client, FALSE);

  self->tcp = g_socket_client_connect_to_host (client, self->host, self->port,
                                               cancellable, &local_error);
  if (self->tcp == NULL)
    {
      g_propagate_error (error, cr_net_error_from_gio (local_error, self->host, self->port));
      return FALSE;
    }

  return TRUE;
}

static gboolean
on_accept_certificate (GTlsConnection       *tls,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  CrConnection *self = user_data;
  g_autofree char *pinned = NULL;

  if (self->store != NULL &&
      cr_certificate_store_is_trusted (self->store, self->host, self->port, peer))
    return TRUE;

  /* Tell the person when an exception exists but for another certificate:
   * that is what an attack, or a renewed certificate, looks like. */
  if (self->store != NULL)
    pinned = cr_certificate_store_get_fingerprint (self->store, self->host, self->port);

  g_clear_object (&self->certificate_info);
  self->certificate_info = cr_certificate_info_new (self->host, self->port, peer,
                                                    errors, pinned != NULL);

  return FALSE;
}

static gboolean
check_protocol_version (CrConnection  *self,
                        GError       **error)
{
  GTlsProtocolVersion version = g_tls_connection_get_protocol_version (self->tls);

  if (version == G_TLS_PROTOCOL_VERSION_TLS_1_2 ||
      version == G_TLS_PROTOCOL_VERSION_TLS_1_3)
    return TRUE;

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_TLS_FAILED,
               /* Translators: %s is a server name */
               _("The server “%s” only offers an old, insecure version of TLS."),
               self->host);
  return FALSE;
}

static void
set_handshake_error (CrConnection  *self,
                     const GError  *handshake_error,
                     GError       **error)
{
  g_autofree char *reasons = NULL;

  if (self->certificate_info == NULL ||
      g_error_matches (handshake_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cr_net_error_from_gio (handshake_error, self->host, self->port));
      return;
    }

  reasons = cr_certificate_info_describe (self->certificate_info);
  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED,
               /* Translators: %s is a server name, %u a port, the last %s the reasons */
               _("The certificate of “%s” (port %u) is not trusted. %s"),
               self->host, (guint) self->port, reasons);
}

/**
 * cr_connection_start_tls_sync:
 *
 * Wraps the TCP connection in TLS and shakes hands: right after connecting
 * for implicit TLS, or after the server accepted STARTTLS. Blocks.
 */
gboolean
cr_connection_start_tls_sync (CrConnection  *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CR_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (self->tcp != NULL, FALSE);
  g_return_val_if_fail (self->tls == NULL, FALSE);

  g_clear_object (&self->certificate_info);

  /* The identity gives both SNI and the name the certificate must match. */
  identity = g_network_address_new (self->host, self->port);
  tls = g_tls_client_connection_new (G_IO_STREAM (self->tcp), identity, &local_error);
  if (tls == NULL)
    {
      g_propagate_error (error, cr_net_error_from_gio (local_error, self->host, self->port));
      return FALSE;
    }

  if (self->database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), self->database);

  g_signal_connect_object (tls, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);

  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, &local_error))
    {
      set_handshake_error (self, local_error, error);
      return FALSE;
    }

  self->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));

  return check_protocol_version (self, error);
}

gboolean
cr_connection_is_secure (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), FALSE);

  return self->tls != NULL;
}

/**
 * cr_connection_get_stream:
 *
 * Returns: (transfer none) (nullable): the TLS stream once TLS started,
 *   the TCP one before, %NULL before connecting
 */
GIOStream *
cr_connection_get_stream (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), NULL);

  if (self->tls != NULL)
    return G_IO_STREAM (self->tls);

  return G_IO_STREAM (self->tcp);
}

/**
 * cr_connection_get_fd:
 *
 * Returns: the socket's file descriptor (to wait on for IMAP IDLE), or -1
 */
int
cr_connection_get_fd (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), -1);

  if (self->tcp == NULL)
    return -1;

  return g_socket_get_fd (g_socket_connection_get_socket (self->tcp));
}

/**
 * cr_connection_abort:
 *
 * Makes a read or write blocked in another thread return at once, by
 * shutting the socket down. Safe from any thread.
 */
void
cr_connection_abort (CrConnection *self)
{
  g_return_if_fail (CR_IS_CONNECTION (self));

  if (self->tcp != NULL)
    g_socket_shutdown (g_socket_connection_get_socket (self->tcp), TRUE, TRUE, NULL);
}

/**
 * cr_connection_get_certificate_info:
 *
 * Returns: (transfer none) (nullable): the certificate refused by the last
 *   handshake, for the person to look at and perhaps trust
 */
CrCertificateInfo *
cr_connection_get_certificate_info (CrConnection *self)
{
  g_return_val_if_fail (CR_IS_CONNECTION (self), NULL);

  return self->certificate_info;
}

/**
 * cr_connection_set_io_error:
 *
 * The libetpan stream driver keeps its last I/O error here: libetpan only
 * says "stream error", and may already have freed the stream when the
 * session asks what happened.
 */
void
cr_connection_set_io_error (CrConnection *self,
                            const GError *error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (CR_IS_CONNECTION (self));

  locker = g_mutex_locker_new (&self->lock);
  g_clear_error (&self->io_error);
  if (error != NULL)
    self->io_error = g_error_copy (error);
}

/**
 * cr_connection_dup_io_error:
 *
 * Returns: (transfer full) (nullable): the last read or write error,
 *   classified as a #CR_NET_ERROR
 */
GError *
cr_connection_dup_io_error (CrConnection *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CR_IS_CONNECTION (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (self->io_error == NULL)
    return NULL;

  return cr_net_error_from_gio (self->io_error, self->host, self->port);
}
