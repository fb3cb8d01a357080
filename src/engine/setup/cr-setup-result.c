/* cr-setup-result.c — the servers found for an address, and where from
 *
 * What one detection source proposes: incoming servers (IMAP and POP3)
 * and outgoing ones (SMTP), best first, each with its login. The setup
 * assistant shows where the answer came from: an autoconfig file fetched
 * over plain HTTP could have been changed by anyone on the way, so it is
 * not “verified”.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-setup-result.h"
#include "cr-setup-enums.h"

struct _CrSetupResult
{
  GObject        parent_instance;

  CrSetupSource  source;
  char          *provider_name;
  char          *webmail_url;
  char          *documentation_url;
  GPtrArray     *notes;
  GPtrArray     *incoming;
  GPtrArray     *outgoing;
};

G_DEFINE_FINAL_TYPE (CrSetupResult, cr_setup_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_PROVIDER_NAME,
  PROP_WEBMAIL_URL,
  PROP_DOCUMENTATION_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cr_setup_result_finalize (GObject *object)
{
  CrSetupResult *self = (CrSetupResult *)object;

  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->webmail_url, g_free);
  g_clear_pointer (&self->documentation_url, g_free);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  g_clear_pointer (&self->outgoing, g_ptr_array_unref);

  G_OBJECT_CLASS (cr_setup_result_parent_class)->finalize (object);
}

static void
cr_setup_result_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrSetupResult *self = CR_SETUP_RESULT (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;

    case PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider_name);
      break;

    case PROP_WEBMAIL_URL:
      g_value_set_string (value, self->webmail_url);
      break;

    case PROP_DOCUMENTATION_URL:
      g_value_set_string (value, self->documentation_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_setup_result_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrSetupResult *self = CR_SETUP_RESULT (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_get_enum (value);
      break;

    case PROP_PROVIDER_NAME:
      cr_setup_result_set_provider_name (self, g_value_get_string (value));
      break;

    case PROP_WEBMAIL_URL:
      cr_setup_result_set_webmail_url (self, g_value_get_string (value));
      break;

    case PROP_DOCUMENTATION_URL:
      cr_setup_result_set_documentation_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_setup_result_class_init (CrSetupResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_setup_result_finalize;
  object_class->get_property = cr_setup_result_get_property;
  object_class->set_property = cr_setup_result_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       CR_TYPE_SETUP_SOURCE, CR_SETUP_SOURCE_BUILTIN,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER_NAME] =
    g_param_spec_string ("provider-name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WEBMAIL_URL] =
    g_param_spec_string ("webmail-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DOCUMENTATION_URL] =
    g_param_spec_string ("documentation-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_setup_result_init (CrSetupResult *self)
{
  /* NULL-terminated, so that get_notes() is a string vector. */
  self->notes = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  self->outgoing = g_ptr_array_new_with_free_func (g_object_unref);
}

CrSetupResult *
cr_setup_result_new (CrSetupSource source)
{
  return g_object_new (CR_TYPE_SETUP_RESULT, "source", source, NULL);
}

CrSetupSource
cr_setup_result_get_source (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), CR_SETUP_SOURCE_BUILTIN);

  return self->source;
}

/**
 * cr_setup_result_is_verified:
 *
 * Returns: %FALSE when the answer travelled without TLS (an autoconfig file
 *   over HTTP) and may have been forged on the way
 */
gboolean
cr_setup_result_is_verified (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), FALSE);

  return self->source != CR_SETUP_SOURCE_AUTOCONFIG_HTTP;
}

const char *
cr_setup_result_get_provider_name (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  return self->provider_name;
}

void
cr_setup_result_set_provider_name (CrSetupResult *self,
                                   const char    *name)
{
  g_return_if_fail (CR_IS_SETUP_RESULT (self));

  if (set_str (&self->provider_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_NAME]);
}

const char *
cr_setup_result_get_webmail_url (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  return self->webmail_url;
}

void
cr_setup_result_set_webmail_url (CrSetupResult *self,
                                 const char    *url)
{
  g_return_if_fail (CR_IS_SETUP_RESULT (self));

  if (set_str (&self->webmail_url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEBMAIL_URL]);
}

const char *
cr_setup_result_get_documentation_url (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  return self->documentation_url;
}

void
cr_setup_result_set_documentation_url (CrSetupResult *self,
                                       const char    *url)
{
  g_return_if_fail (CR_IS_SETUP_RESULT (self));

  if (set_str (&self->documentation_url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENTATION_URL]);
}

/**
 * cr_setup_result_get_notes:
 *
 * Returns: (transfer none): translated sentences for the person (an app
 *   password is needed, a local bridge must run…), never %NULL
 */
const char *const *
cr_setup_result_get_notes (CrSetupResult *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  /* An empty array may have no storage at all yet. */
  if (self->notes->pdata == NULL)
    return none;

  return (const char *const *) self->notes->pdata;
}

void
cr_setup_result_add_note (CrSetupResult *self,
                          const char    *note)
{
  g_return_if_fail (CR_IS_SETUP_RESULT (self));
  g_return_if_fail (note != NULL);

  g_ptr_array_add (self->notes, g_strdup (note));
}

/**
 * cr_setup_result_get_incoming:
 *
 * Returns: (transfer none) (element-type CrServer): IMAP and POP3 servers,
 *   best first
 */
GPtrArray *
cr_setup_result_get_incoming (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  return self->incoming;
}

/**
 * cr_setup_result_get_outgoing:
 *
 * Returns: (transfer none) (element-type CrServer): SMTP servers, best first
 */
GPtrArray *
cr_setup_result_get_outgoing (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  return self->outgoing;
}

/**
 * cr_setup_result_add_server:
 *
 * Appends a server after those already there: add them best first.
 */
void
cr_setup_result_add_server (CrSetupResult *self,
                            CrServer      *server)
{
  g_return_if_fail (CR_IS_SETUP_RESULT (self));
  g_return_if_fail (CR_IS_SERVER (server));

  if (cr_server_get_protocol (server) == CR_PROTOCOL_SMTP)
    g_ptr_array_add (self->outgoing, g_object_ref (server));
  else
    g_ptr_array_add (self->incoming, g_object_ref (server));
}

/**
 * cr_setup_result_get_first:
 *
 * Returns: (transfer none) (nullable): the best server for @protocol
 */
CrServer *
cr_setup_result_get_first (CrSetupResult *self,
                           CrProtocol     protocol)
{
  GPtrArray *servers;

  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), NULL);

  servers = protocol == CR_PROTOCOL_SMTP ? self->outgoing : self->incoming;
  for (guint i = 0; i < servers->len; i++)
    {
      CrServer *server = g_ptr_array_index (servers, i);

      if (cr_server_get_protocol (server) == protocol)
        return server;
    }

  return NULL;
}

/**
 * cr_setup_result_is_usable:
 *
 * Returns: whether an account can be made of it: something to read mail
 *   with and something to send it with
 */
gboolean
cr_setup_result_is_usable (CrSetupResult *self)
{
  g_return_val_if_fail (CR_IS_SETUP_RESULT (self), FALSE);

  return self->incoming->len > 0 && self->outgoing->len > 0;
}

/**
 * cr_setup_source_to_label:
 *
 * Returns: where the settings came from, in words for the result page
 */
const char *
cr_setup_source_to_label (CrSetupSource source)
{
  switch (source)
    {
    case CR_SETUP_SOURCE_BUILTIN:
      return _("Courrier’s list of known providers");
    case CR_SETUP_SOURCE_AUTOCONFIG_HTTPS:
      return _("The configuration published by the domain (HTTPS)");
    case CR_SETUP_SOURCE_ISPDB:
      return _("Thunderbird’s provider database");
    case CR_SETUP_SOURCE_MX:
      return _("The provider that receives the domain’s mail (MX)");
    case CR_SETUP_SOURCE_SRV:
      return _("The domain’s service records (SRV)");
    case CR_SETUP_SOURCE_PROBE:
      return _("Probing the usual server names");
    case CR_SETUP_SOURCE_AUTOCONFIG_HTTP:
      return _("The configuration published by the domain, unverified (HTTP without encryption)");
    default:
      g_return_val_if_reached (NULL);
    }
}
