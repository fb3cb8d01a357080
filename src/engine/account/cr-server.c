/* cr-server.c — one mail server of an account: where and how to log in
 *
 * A plain value object: it checks nothing beyond its property ranges.
 * cr_account_validate() says whether the whole account makes sense, so the
 * setup assistant can hold half-typed values in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-server.h"
#include "cr-account-enums.h"

struct _CrServer
{
  GObject       parent_instance;

  char         *host;
  char         *login;
  CrProtocol    protocol;
  CrSecurity    security;
  CrAuthMethod  auth_method;
  guint16       port;
};

G_DEFINE_FINAL_TYPE (CrServer, cr_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROTOCOL,
  PROP_HOST,
  PROP_PORT,
  PROP_SECURITY,
  PROP_AUTH_METHOD,
  PROP_LOGIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cr_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrServer *self = CR_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      g_value_set_enum (value, self->protocol);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_SECURITY:
      g_value_set_enum (value, self->security);
      break;

    case PROP_AUTH_METHOD:
      g_value_set_enum (value, self->auth_method);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CrServer *self = CR_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      cr_server_set_protocol (self, g_value_get_enum (value));
      break;

    case PROP_HOST:
      cr_server_set_host (self, g_value_get_string (value));
      break;

    case PROP_PORT:
      cr_server_set_port (self, (guint16) g_value_get_uint (value));
      break;

    case PROP_SECURITY:
      cr_server_set_security (self, g_value_get_enum (value));
      break;

    case PROP_AUTH_METHOD:
      cr_server_set_auth_method (self, g_value_get_enum (value));
      break;

    case PROP_LOGIN:
      cr_server_set_login (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_server_finalize (GObject *object)
{
  CrServer *self = CR_SERVER (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cr_server_parent_class)->finalize (object);
}

static void
cr_server_class_init (CrServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_server_finalize;
  object_class->get_property = cr_server_get_property;
  object_class->set_property = cr_server_set_property;

  properties[PROP_PROTOCOL] =
    g_param_spec_enum ("protocol", NULL, NULL,
                       CR_TYPE_PROTOCOL, CR_PROTOCOL_IMAP,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Never NULL: the empty string means “not filled in yet”. */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       1, G_MAXUINT16, 993,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SECURITY] =
    g_param_spec_enum ("security", NULL, NULL,
                       CR_TYPE_SECURITY, CR_SECURITY_TLS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTH_METHOD] =
    g_param_spec_enum ("auth-method", NULL, NULL,
                       CR_TYPE_AUTH_METHOD, CR_AUTH_PASSWORD,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Empty means “the account’s full address”, which the guide insists on. */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_server_init (CrServer *self)
{
  self->host = g_strdup ("");
  self->login = g_strdup ("");
  self->protocol = CR_PROTOCOL_IMAP;
  self->security = CR_SECURITY_TLS;
  self->auth_method = CR_AUTH_PASSWORD;
  self->port = cr_server_default_port (self->protocol, self->security);
}

/**
 * cr_server_new:
 *
 * A server with the secure defaults of the guide: implicit TLS on the
 * protocol’s usual port, normal password, login = the account’s address.
 */
CrServer *
cr_server_new (CrProtocol protocol)
{
  return g_object_new (CR_TYPE_SERVER,
                       "protocol", protocol,
                       "port", (guint) cr_server_default_port (protocol, CR_SECURITY_TLS),
                       NULL);
}

/**
 * cr_server_copy:
 *
 * Returns: (transfer full): a new server with the same settings, so that an
 * editor can change it and throw it away on “Cancel”
 */
CrServer *
cr_server_copy (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), NULL);

  return g_object_new (CR_TYPE_SERVER,
                       "protocol", self->protocol,
                       "host", self->host,
                       "port", (guint) self->port,
                       "security", self->security,
                       "auth-method", self->auth_method,
                       "login", self->login,
                       NULL);
}

gboolean
cr_server_equal (CrServer *a,
                 CrServer *b)
{
  g_return_val_if_fail (CR_IS_SERVER (a), FALSE);
  g_return_val_if_fail (CR_IS_SERVER (b), FALSE);

  return a->protocol == b->protocol &&
         a->port == b->port &&
         a->security == b->security &&
         a->auth_method == b->auth_method &&
         g_strcmp0 (a->host, b->host) == 0 &&
         g_strcmp0 (a->login, b->login) == 0;
}

CrProtocol
cr_server_get_protocol (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), CR_PROTOCOL_IMAP);

  return self->protocol;
}

void
cr_server_set_protocol (CrServer   *self,
                        CrProtocol  protocol)
{
  g_return_if_fail (CR_IS_SERVER (self));
  g_return_if_fail (protocol <= CR_PROTOCOL_SMTP);

  if (self->protocol == protocol)
    return;

  self->protocol = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTOCOL]);
}

const char *
cr_server_get_host (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), NULL);

  return self->host;
}

/* NULL and "" are the same: nothing typed yet. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

void
cr_server_set_host (CrServer   *self,
                    const char *host)
{
  g_return_if_fail (CR_IS_SERVER (self));

  if (set_string (&self->host, host))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
}

guint16
cr_server_get_port (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), 0);

  return self->port;
}

void
cr_server_set_port (CrServer *self,
                    guint16   port)
{
  g_return_if_fail (CR_IS_SERVER (self));
  g_return_if_fail (port > 0);

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

CrSecurity
cr_server_get_security (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), CR_SECURITY_TLS);

  return self->security;
}

void
cr_server_set_security (CrServer   *self,
                        CrSecurity  security)
{
  g_return_if_fail (CR_IS_SERVER (self));
  g_return_if_fail (security <= CR_SECURITY_NONE);

  if (self->security == security)
    return;

  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY]);
}

CrAuthMethod
cr_server_get_auth_method (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), CR_AUTH_PASSWORD);

  return self->auth_method;
}

void
cr_server_set_auth_method (CrServer     *self,
                           CrAuthMethod  auth_method)
{
  g_return_if_fail (CR_IS_SERVER (self));
  g_return_if_fail (auth_method <= CR_AUTH_APOP);

  if (self->auth_method == auth_method)
    return;

  self->auth_method = auth_method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_METHOD]);
}

const char *
cr_server_get_login (CrServer *self)
{
  g_return_val_if_fail (CR_IS_SERVER (self), NULL);

  return self->login;
}

void
cr_server_set_login (CrServer   *self,
                     const char *login)
{
  g_return_if_fail (CR_IS_SERVER (self));

  if (set_string (&self->login, login))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
}

/**
 * cr_server_default_port:
 *
 * The registered ports: 993/143 for IMAP, 995/110 for POP3, 465 for SMTP
 * over implicit TLS and 587 (submission) otherwise. Without any security the
 * plain-text ports are the same as for STARTTLS.
 */
guint16
cr_server_default_port (CrProtocol protocol,
                        CrSecurity security)
{
  gboolean implicit_tls = security == CR_SECURITY_TLS;

  switch (protocol)
    {
    case CR_PROTOCOL_IMAP:
      return implicit_tls ? 993 : 143;

    case CR_PROTOCOL_POP3:
      return implicit_tls ? 995 : 110;

    case CR_PROTOCOL_SMTP:
      return implicit_tls ? 465 : 587;

    default:
      g_return_val_if_reached (0);
    }
}

/**
 * cr_protocol_to_string:
 *
 * Returns: "imap", "pop3" or "smtp": the nick used in the accounts file and
 * in the keyring attributes, never shown to the person
 */
const char *
cr_protocol_to_string (CrProtocol protocol)
{
  switch (protocol)
    {
    case CR_PROTOCOL_IMAP:
      return "imap";

    case CR_PROTOCOL_POP3:
      return "pop3";

    case CR_PROTOCOL_SMTP:
      return "smtp";

    default:
      g_return_val_if_reached (NULL);
    }
}
