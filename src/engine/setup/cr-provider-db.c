/* cr-provider-db.c — the built-in list of mail providers
 *
 * The list is data (providers.json in the engine’s resources), read and
 * checked once when the database is made: a broken entry is a bug in the
 * file, reported at load time rather than half-used later. A domain is
 * matched exactly; a custom domain is matched through its MX hosts, so
 * bonvenon.fr, whose mail goes to L’Autre Net, gets L’Autre Net’s servers.
 *
 * Load errors name a bug in the shipped file, for developers (the test
 * suite loads it): they are not translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cr-provider-db.h"
#include "cr-setup-resources.h"
#include "cr-setup-util.h"

typedef struct
{
  CrProtocol    protocol;
  char         *host;
  guint16       port;
  CrSecurity    security;
  CrAuthMethod  auth;
  gboolean      local_part;
} ServerSpec;

typedef struct
{
  char       *id;
  char       *name;
  GStrv       domains;
  GStrv       mx;
  char       *webmail;
  GStrv       notes;
  GPtrArray  *servers;
} Provider;

struct _CrProviderDb
{
  GObject    parent_instance;

  GPtrArray *providers;
};

G_DEFINE_FINAL_TYPE (CrProviderDb, cr_provider_db, G_TYPE_OBJECT)

static void
server_spec_free (gpointer data)
{
  ServerSpec *spec = data;

  g_free (spec->host);
  g_free (spec);
}

static void
provider_free (gpointer data)
{
  Provider *provider = data;

  g_free (provider->id);
  g_free (provider->name);
  g_strfreev (provider->domains);
  g_strfreev (provider->mx);
  g_free (provider->webmail);
  g_strfreev (provider->notes);
  g_ptr_array_unref (provider->servers);
  g_free (provider);
}

/* The sentences behind the note keys of the data file. */
static const char *
note_to_text (const char *key)
{
  if (g_strcmp0 (key, "app-password") == 0)
    return _("This provider asks mail programs for an app password, made in the account’s security settings, rather than your usual password.");
  if (g_strcmp0 (key, "app-password-or-oauth2") == 0)
    return _("This provider refuses your usual password in mail programs: make an app password in the account’s security settings (it needs two-step verification), and use it here.");
  if (g_strcmp0 (key, "oauth2-only") == 0)
    return _("This provider now only accepts a browser sign-in (OAuth2) from mail programs, which Courrier does not offer yet: the password will probably be refused.");
  if (g_strcmp0 (key, "local-bridge") == 0)
    return _("These servers are on this computer: Proton Mail Bridge must be installed and running, and the password is the one the Bridge shows, not your Proton password.");
  if (g_strcmp0 (key, "enable-imap") == 0)
    return _("IMAP and POP access must first be switched on once in the settings of your account on the provider’s website.");

  return NULL;
}

/* json_object_get_array_member() is critical about a missing member. */
static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static GStrv
read_strv (JsonObject  *object,
           const char  *member,
           gboolean     optional,
           GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!json_object_has_member (object, member) && optional)
    return g_strv_builder_end (builder);

  array = get_array (object, member);
  if (array == NULL)
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   "“%s” is not a list", member);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *value = json_array_get_string_element (array, i);

      if (value == NULL)
        {
          g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                       "“%s” holds something else than text", member);
          return NULL;
        }
      g_strv_builder_add (builder, value);
    }

  return g_strv_builder_end (builder);
}

static gboolean
parse_enum (const char  *text,
            const char  *const *names,
            int          n_names,
            int         *out_value)
{
  for (int i = 0; i < n_names; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out_value = i;
        return TRUE;
      }

  return FALSE;
}

static ServerSpec *
read_server (JsonObject  *object,
             GError     **error)
{
  /* In the order of the CrProtocol, CrSecurity and CrAuthMethod enums. */
  static const char *const protocols[] = { "imap", "pop3", "smtp" };
  static const char *const securities[] = { "tls", "starttls", "none" };
  static const char *const auths[] = { "password", "cram-md5" };
  g_autoptr(GError) local_error = NULL;
  ServerSpec *spec = g_new0 (ServerSpec, 1);
  const char *login;
  gint64 port;
  int protocol = 0, security = 0, auth = 0;

  spec->host = g_strdup (json_object_get_string_member_with_default (object, "host", NULL));
  port = json_object_get_int_member_with_default (object, "port", 0);
  login = json_object_get_string_member_with_default (object, "login", NULL);

  if (!parse_enum (json_object_get_string_member_with_default (object, "protocol", NULL),
                   protocols, G_N_ELEMENTS (protocols), &protocol) ||
      !parse_enum (json_object_get_string_member_with_default (object, "security", NULL),
                   securities, G_N_ELEMENTS (securities), &security) ||
      !parse_enum (json_object_get_string_member_with_default (object, "auth", NULL),
                   auths, G_N_ELEMENTS (auths), &auth) ||
      !cr_setup_hostname_is_valid (spec->host) ||
      port < 1 || port > G_MAXUINT16 ||
      (g_strcmp0 (login, "address") != 0 && g_strcmp0 (login, "local-part") != 0))
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   "A server of the provider list is incomplete or invalid (host “%s”)",
                   spec->host != NULL ? spec->host : "");
      server_spec_free (spec);
      return NULL;
    }

  spec->protocol = protocol;
  spec->security = security;
  spec->auth = auth;
  spec->port = (guint16) port;
  spec->local_part = g_strcmp0 (login, "local-part") == 0;

  return spec;
}

static gboolean
read_servers (Provider    *provider,
              JsonObject  *object,
              const char  *member,
              GError     **error)
{
  JsonArray *array = get_array (object, member);

  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   "Provider “%s” has no “%s” servers", provider->id, member);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *server = json_array_get_object_element (array, i);
      ServerSpec *spec;

      if (server == NULL || (spec = read_server (server, error)) == NULL)
        return FALSE;
      g_ptr_array_add (provider->servers, spec);
    }

  return TRUE;
}

static Provider *
read_provider (JsonObject  *object,
               GError     **error)
{
  Provider *provider = g_new0 (Provider, 1);
  gboolean ok;

  provider->servers = g_ptr_array_new_with_free_func (server_spec_free);
  provider->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  provider->name = g_strdup (json_object_get_string_member_with_default (object, "name", NULL));
  provider->webmail = g_strdup (json_object_get_string_member_with_default (object, "webmail", NULL));

  ok = provider->id != NULL && provider->name != NULL;
  if (!ok)
    g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                 "A provider has no id or no name");

  ok = ok &&
       (provider->domains = read_strv (object, "domains", FALSE, error)) != NULL &&
       (provider->mx = read_strv (object, "mx", TRUE, error)) != NULL &&
       (provider->notes = read_strv (object, "notes", TRUE, error)) != NULL &&
       read_servers (provider, object, "incoming", error) &&
       read_servers (provider, object, "outgoing", error);

  for (guint i = 0; ok && provider->notes[i] != NULL; i++)
    if (note_to_text (provider->notes[i]) == NULL)
      {
        g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                     "Provider “%s” has an unknown note “%s”", provider->id, provider->notes[i]);
        ok = FALSE;
      }

  for (guint i = 0; ok && provider->mx[i] != NULL; i++)
    if (provider->mx[i][0] != '.' || !cr_setup_hostname_is_valid (provider->mx[i] + 1))
      {
        g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                     "Provider “%s” has an invalid MX suffix “%s”", provider->id, provider->mx[i]);
        ok = FALSE;
      }

  if (!ok)
    {
      provider_free (provider);
      return NULL;
    }

  return provider;
}

static void
cr_provider_db_finalize (GObject *object)
{
  CrProviderDb *self = (CrProviderDb *)object;

  g_clear_pointer (&self->providers, g_ptr_array_unref);

  G_OBJECT_CLASS (cr_provider_db_parent_class)->finalize (object);
}

static void
cr_provider_db_class_init (CrProviderDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_provider_db_finalize;
}

static void
cr_provider_db_init (CrProviderDb *self)
{
  self->providers = g_ptr_array_new_with_free_func (provider_free);
}

/**
 * cr_provider_db_new:
 * @json: the provider list, in the format of providers.json
 *
 * Returns: (transfer full) (nullable): the database, or %NULL if any entry
 *   is invalid
 */
CrProviderDb *
cr_provider_db_new (GBytes  *json,
                    GError **error)
{
  g_autoptr(CrProviderDb) self = g_object_new (CR_TYPE_PROVIDER_DB, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *node;
  JsonObject *root;
  JsonArray *providers;
  gsize len;
  const char *data = g_bytes_get_data (json, &len);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", len, error))
    return NULL;

  node = json_parser_get_root (parser);
  root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  providers = root != NULL ? get_array (root, "providers") : NULL;
  if (providers == NULL)
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   "The provider list has no “providers”");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (providers); i++)
    {
      JsonObject *object = json_array_get_object_element (providers, i);
      Provider *provider;

      if (object == NULL || (provider = read_provider (object, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->providers, provider);
    }

  return g_steal_pointer (&self);
}

/**
 * cr_provider_db_new_default:
 *
 * Returns: (transfer full) (nullable): the list shipped with Courrier
 */
CrProviderDb *
cr_provider_db_new_default (GError **error)
{
  static gsize registered = 0;
  g_autoptr(GBytes) json = NULL;

  /* --manual-register: the resource exists once registered, whatever the
   * linker kept of the static library. */
  if (g_once_init_enter (&registered))
    {
      cr_setup_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  json = g_resource_lookup_data (cr_setup_get_resource (),
                                 "/io/github/courrier/Courrier/setup/providers.json",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (json == NULL)
    return NULL;

  return cr_provider_db_new (json, error);
}

guint
cr_provider_db_get_n_providers (CrProviderDb *self)
{
  g_return_val_if_fail (CR_IS_PROVIDER_DB (self), 0);

  return self->providers->len;
}

static CrSetupResult *
make_result (Provider      *provider,
             const char    *address,
             const char    *local_part,
             CrSetupSource  source)
{
  CrSetupResult *result = cr_setup_result_new (source);

  cr_setup_result_set_provider_name (result, provider->name);
  cr_setup_result_set_webmail_url (result, provider->webmail);
  for (guint i = 0; provider->notes[i] != NULL; i++)
    cr_setup_result_add_note (result, note_to_text (provider->notes[i]));

  for (guint i = 0; i < provider->servers->len; i++)
    {
      ServerSpec *spec = g_ptr_array_index (provider->servers, i);
      g_autoptr(CrServer) server = cr_server_new (spec->protocol);

      cr_server_set_host (server, spec->host);
      cr_server_set_security (server, spec->security);
      cr_server_set_port (server, spec->port);
      cr_server_set_auth_method (server, spec->auth);
      cr_server_set_login (server, spec->local_part ? local_part : address);
      cr_setup_result_add_server (result, server);
    }

  return result;
}

/**
 * cr_provider_db_lookup_domain:
 *
 * Returns: (transfer full) (nullable): the settings of the provider whose
 *   domain is the address’s own
 */
CrSetupResult *
cr_provider_db_lookup_domain (CrProviderDb *self,
                              const char   *address)
{
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (CR_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (!cr_setup_split_address (address, &local_part, &domain, NULL))
    return NULL;

  for (guint i = 0; i < self->providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (self->providers, i);

      if (g_strv_contains ((const char *const *) provider->domains, domain))
        return make_result (provider, address, local_part, CR_SETUP_SOURCE_BUILTIN);
    }

  return NULL;
}

/**
 * cr_provider_db_lookup_mx:
 * @mx_hosts: the domain’s MX hosts, most preferred first
 *
 * Returns: (transfer full) (nullable): the settings of the provider that
 *   receives the domain’s mail
 */
CrSetupResult *
cr_provider_db_lookup_mx (CrProviderDb      *self,
                          const char        *address,
                          const char *const *mx_hosts)
{
  g_autofree char *local_part = NULL;

  g_return_val_if_fail (CR_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (mx_hosts == NULL || !cr_setup_split_address (address, &local_part, NULL, NULL))
    return NULL;

  /* The most preferred MX decides; the others are usually backups. */
  for (guint m = 0; mx_hosts[m] != NULL; m++)
    for (guint i = 0; i < self->providers->len; i++)
      {
        Provider *provider = g_ptr_array_index (self->providers, i);

        for (guint j = 0; provider->mx[j] != NULL; j++)
          if (cr_setup_mx_matches (mx_hosts[m], provider->mx[j]))
            return make_result (provider, address, local_part, CR_SETUP_SOURCE_MX);
      }

  return NULL;
}
