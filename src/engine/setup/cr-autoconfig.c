/* cr-autoconfig.c — Mozilla autoconfig files (config-v1.1.xml)
 *
 * The format Thunderbird reads from autoconfig.DOMAIN, from
 * DOMAIN/.well-known/autoconfig and from its ISPDB. The file comes from the
 * network, so it is read with GMarkup (no DTD, no external entities),
 * capped in size, and every value is checked before it becomes a CrServer:
 * see cr-setup-util.c for what a host name and a login may be. A server
 * with a bad value is dropped; a file with no good server is an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-autoconfig.h"
#include "cr-setup-util.h"

/* More servers of each direction than any provider offers: the rest is
 * ignored. */
#define MAX_SERVERS 16

typedef struct
{
  gboolean      active;
  gboolean      skip;
  CrProtocol    protocol;
  char         *hostname;
  char         *port;
  char         *socket_type;
  char         *username;
  gboolean      has_auth;
  CrAuthMethod  auth;
} ServerState;

typedef struct
{
  const char    *address;
  CrSetupResult *result;
  GPtrArray     *plain_servers;
  ServerState    server;
  GString       *text;
  gboolean       collect;
  gboolean       seen_provider;
  guint          n_incoming;
  guint          n_outgoing;
  GError        *last_error;
} ParseState;

static void
server_state_clear (ServerState *server)
{
  g_clear_pointer (&server->hostname, g_free);
  g_clear_pointer (&server->port, g_free);
  g_clear_pointer (&server->socket_type, g_free);
  g_clear_pointer (&server->username, g_free);
  memset (server, 0, sizeof *server);
}

static gboolean
parent_is (GMarkupParseContext *context,
           const char          *name)
{
  const GSList *stack = g_markup_parse_context_get_element_stack (context);

  return stack != NULL && stack->next != NULL &&
         g_strcmp0 (stack->next->data, name) == 0;
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], wanted) == 0)
      return values[i];

  return NULL;
}

/* Only https links are shown to the person: anything else could be a
 * “javascript:” or “file:” trap behind a friendly label. */
static gboolean
url_is_safe (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || strlen (url) > CR_SETUP_MAX_VALUE_LENGTH)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  return uri != NULL &&
         g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
         cr_setup_hostname_is_valid (g_uri_get_host (uri));
}

static void
start_server (ParseState           *state,
              GMarkupParseContext  *context,
              const char          **names,
              const char          **values)
{
  const char *type = find_attribute (names, values, "type");
  gboolean outgoing = g_strcmp0 (g_markup_parse_context_get_element (context), "outgoingServer") == 0;

  server_state_clear (&state->server);
  state->server.active = TRUE;

  if (outgoing && g_strcmp0 (type, "smtp") == 0)
    state->server.protocol = CR_PROTOCOL_SMTP;
  else if (!outgoing && g_strcmp0 (type, "imap") == 0)
    state->server.protocol = CR_PROTOCOL_IMAP;
  else if (!outgoing && g_strcmp0 (type, "pop3") == 0)
    state->server.protocol = CR_PROTOCOL_POP3;
  else
    state->server.skip = TRUE; /* Exchange, JMAP…: not ours */
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;

  g_string_truncate (state->text, 0);
  state->collect = FALSE;

  if (g_strcmp0 (element, "emailProvider") == 0 && parent_is (context, "clientConfig"))
    {
      state->seen_provider = TRUE;
    }
  else if ((g_strcmp0 (element, "incomingServer") == 0 ||
            g_strcmp0 (element, "outgoingServer") == 0) &&
           parent_is (context, "emailProvider"))
    {
      start_server (state, context, names, values);
    }
  else if (state->server.active &&
           (parent_is (context, "incomingServer") || parent_is (context, "outgoingServer")) &&
           (g_strcmp0 (element, "hostname") == 0 || g_strcmp0 (element, "port") == 0 ||
            g_strcmp0 (element, "socketType") == 0 || g_strcmp0 (element, "username") == 0 ||
            g_strcmp0 (element, "authentication") == 0))
    {
      state->collect = TRUE;
    }
  else if (g_strcmp0 (element, "displayName") == 0 && parent_is (context, "emailProvider"))
    {
      state->collect = TRUE;
    }
  else if (g_strcmp0 (element, "documentation") == 0 && parent_is (context, "emailProvider"))
    {
      const char *url = find_attribute (names, values, "url");

      if (url_is_safe (url) && cr_setup_result_get_documentation_url (state->result) == NULL)
        cr_setup_result_set_documentation_url (state->result, url);
    }
  else if (g_strcmp0 (element, "loginPage") == 0 && parent_is (context, "webMail"))
    {
      const char *url = find_attribute (names, values, "url");

      if (url_is_safe (url) && cr_setup_result_get_webmail_url (state->result) == NULL)
        cr_setup_result_set_webmail_url (state->result, url);
    }
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (!state->collect)
    return;

  if (state->text->len + len > CR_SETUP_MAX_VALUE_LENGTH)
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   _("The settings contain a value that is too long."));
      return;
    }

  g_string_append_len (state->text, text, len);
}

static gboolean
parse_port (const char *text,
            guint16    *out_port)
{
  guint64 port;

  if (text == NULL || strlen (text) > 5 ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &port, NULL))
    return FALSE;

  *out_port = (guint16) port;
  return TRUE;
}

static gboolean
parse_security (const char *text,
                CrSecurity *out_security)
{
  if (g_strcmp0 (text, "SSL") == 0 || g_strcmp0 (text, "TLS") == 0)
    *out_security = CR_SECURITY_TLS;
  else if (g_strcmp0 (text, "STARTTLS") == 0)
    *out_security = CR_SECURITY_STARTTLS;
  else if (g_strcmp0 (text, "plain") == 0)
    *out_security = CR_SECURITY_NONE;
  else
    return FALSE;

  return TRUE;
}

/* The first method we can do wins; the file lists its preference first. */
static void
take_authentication (ServerState *server,
                     const char  *text)
{
  if (server->has_auth)
    return;

  if (g_strcmp0 (text, "password-cleartext") == 0 || g_strcmp0 (text, "plain") == 0)
    server->auth = CR_AUTH_PASSWORD;
  else if (g_strcmp0 (text, "password-encrypted") == 0 || g_strcmp0 (text, "secure") == 0)
    server->auth = CR_AUTH_CRAM_MD5;
  else
    return;

  server->has_auth = TRUE;
}

static CrServer *
build_server (ParseState  *state,
              GError     **error)
{
  ServerState *s = &state->server;
  g_autoptr(CrServer) server = cr_server_new (s->protocol);
  g_autofree char *host = NULL;
  g_autofree char *login = NULL;
  CrSecurity security;
  guint16 port;

  if (s->hostname == NULL || !s->has_auth ||
      !parse_port (s->port, &port) || !parse_security (s->socket_type, &security))
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   _("The settings describe a server without a usable name, port, security or authentication."));
      return NULL;
    }

  if ((host = cr_setup_expand_hostname (s->hostname, state->address, error)) == NULL ||
      (login = cr_setup_expand_login (s->username != NULL ? s->username : "%EMAILADDRESS%",
                                      state->address, error)) == NULL)
    return NULL;

  cr_server_set_host (server, host);
  cr_server_set_security (server, security);
  cr_server_set_port (server, port);
  cr_server_set_auth_method (server, s->auth);
  cr_server_set_login (server, login);

  return g_steal_pointer (&server);
}

static void
end_server (ParseState *state)
{
  g_autoptr(CrServer) server = NULL;
  g_autoptr(GError) error = NULL;

  gboolean outgoing = state->server.protocol == CR_PROTOCOL_SMTP;
  guint *n_servers = outgoing ? &state->n_outgoing : &state->n_incoming;

  if (!state->server.skip && *n_servers < MAX_SERVERS)
    {
      server = build_server (state, &error);
      if (server == NULL)
        {
          g_debug ("Autoconfig server dropped: %s", error->message);
          g_clear_error (&state->last_error);
          state->last_error = g_steal_pointer (&error);
        }
      else if (cr_server_get_security (server) == CR_SECURITY_NONE)
        {
          /* Kept for the person to see, after every encrypted one. */
          g_ptr_array_add (state->plain_servers, g_steal_pointer (&server));
        }
      else
        {
          cr_setup_result_add_server (state->result, server);
        }
      (*n_servers)++;
    }

  server_state_clear (&state->server);
}

static char *
take_text (ParseState *state)
{
  return g_strstrip (g_strdup (state->text->str));
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;
  ServerState *s = &state->server;
  gboolean collected = state->collect;

  state->collect = FALSE;

  if (g_strcmp0 (element, "incomingServer") == 0 || g_strcmp0 (element, "outgoingServer") == 0)
    {
      if (s->active)
        end_server (state);
      return;
    }

  if (!collected)
    return;

  if (g_strcmp0 (element, "hostname") == 0 && s->hostname == NULL)
    s->hostname = take_text (state);
  else if (g_strcmp0 (element, "port") == 0 && s->port == NULL)
    s->port = take_text (state);
  else if (g_strcmp0 (element, "socketType") == 0 && s->socket_type == NULL)
    s->socket_type = take_text (state);
  else if (g_strcmp0 (element, "username") == 0 && s->username == NULL)
    s->username = take_text (state);
  else if (g_strcmp0 (element, "authentication") == 0)
    {
      g_autofree char *auth = take_text (state);

      take_authentication (s, auth);
    }
  else if (g_strcmp0 (element, "displayName") == 0 &&
           cr_setup_result_get_provider_name (state->result) == NULL)
    {
      g_autofree char *name = take_text (state);

      /* A name is shown, never interpreted: printable text only. */
      for (char *p = name; *p != '\0'; p++)
        if ((guchar) *p < ' ' || *p == 0x7f)
          *p = ' ';
      if (name[0] != '\0')
        cr_setup_result_set_provider_name (state->result, name);
    }
}

static const GMarkupParser parser = {
  on_start_element,
  on_end_element,
  on_text,
  NULL,
  NULL,
};

static void
add_plain_servers (ParseState *state)
{
  for (guint i = 0; i < state->plain_servers->len; i++)
    cr_setup_result_add_server (state->result, g_ptr_array_index (state->plain_servers, i));
}

/**
 * cr_autoconfig_parse:
 * @data: the file, not necessarily nul-terminated
 * @address: the address the settings are for
 * @source: where the file came from, kept in the result
 *
 * Returns: (transfer full) (nullable): the servers the file describes,
 *   those with TLS first, or %NULL with an error when it is malformed,
 *   too large or has no usable server
 */
CrSetupResult *
cr_autoconfig_parse (const char     *data,
                     gsize           len,
                     const char     *address,
                     CrSetupSource   source,
                     GError        **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  g_autoptr(GPtrArray) plain_servers = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) local_error = NULL;
  ParseState state = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (len > CR_AUTOCONFIG_MAX_SIZE)
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_TOO_LARGE,
                   _("The settings file is too large."));
      return NULL;
    }

  if (!cr_setup_split_address (address, NULL, NULL, error))
    return NULL;

  result = cr_setup_result_new (source);
  plain_servers = g_ptr_array_new_with_free_func (g_object_unref);
  text = g_string_new (NULL);
  state.address = address;
  state.result = result;
  state.plain_servers = plain_servers;
  state.text = text;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);
  if ((len > 0 && !g_markup_parse_context_parse (context, data, len, &local_error)) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      server_state_clear (&state.server);
      g_clear_error (&state.last_error);
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   /* Translators: %s is the reason, from the XML parser */
                   _("The settings file is not valid: %s"), local_error->message);
      return NULL;
    }
  server_state_clear (&state.server);
  add_plain_servers (&state);

  if (!state.seen_provider ||
      cr_setup_result_get_incoming (result)->len == 0 ||
      cr_setup_result_get_outgoing (result)->len == 0)
    {
      if (state.last_error != NULL)
        g_propagate_error (error, g_steal_pointer (&state.last_error));
      else
        g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND,
                     _("The settings file describes no server to read and send mail with."));
      return NULL;
    }
  g_clear_error (&state.last_error);

  return g_steal_pointer (&result);
}
