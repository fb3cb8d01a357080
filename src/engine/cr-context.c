/* cr-context.c — the engine's shared objects, handed around as one
 *
 * gnome-calendar's GcalContext pattern: the application, the command-line
 * client and the tests make one CrContext for a set of paths and ask it for
 * the account manager, the passwords, the certificate exceptions and the
 * sessions, instead of keeping singletons of their own. Everything that
 * connects to a server gets the same certificate store and CA database
 * from here, so that a test (or a private CA) is honoured everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-context.h"

struct _CrContext
{
  GObject             parent_instance;

  CrPaths            *paths;
  CrAccountManager   *account_manager;
  CrSecrets          *secrets;
  CrCertificateStore *certificate_store;
  GTlsDatabase       *tls_database;
  CrStore            *store;
  CrSyncScheduler    *scheduler;
  GError             *load_problem;
};

G_DEFINE_FINAL_TYPE (CrContext, cr_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATHS,
  PROP_ACCOUNT_MANAGER,
  PROP_SECRETS,
  PROP_CERTIFICATE_STORE,
  PROP_TLS_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cr_context_constructed (GObject *object)
{
  CrContext *self = (CrContext *)object;

  G_OBJECT_CLASS (cr_context_parent_class)->constructed (object);

  if (self->paths == NULL)
    self->paths = cr_paths_new (NULL, NULL, NULL);

  self->account_manager = cr_account_manager_new (self->paths);
  self->secrets = cr_secrets_new ();
  self->certificate_store = cr_certificate_store_new_for_paths (self->paths);
}

static void
cr_context_dispose (GObject *object)
{
  CrContext *self = (CrContext *)object;

  g_clear_object (&self->account_manager);
  g_clear_object (&self->secrets);
  g_clear_object (&self->certificate_store);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cr_context_parent_class)->dispose (object);
}

static void
cr_context_finalize (GObject *object)
{
  CrContext *self = (CrContext *)object;

  g_clear_pointer (&self->paths, cr_paths_unref);
  g_clear_error (&self->load_problem);

  G_OBJECT_CLASS (cr_context_parent_class)->finalize (object);
}

static void
cr_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrContext *self = CR_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_PATHS:
      g_value_set_boxed (value, self->paths);
      break;
    case PROP_ACCOUNT_MANAGER:
      g_value_set_object (value, self->account_manager);
      break;
    case PROP_SECRETS:
      g_value_set_object (value, self->secrets);
      break;
    case PROP_CERTIFICATE_STORE:
      g_value_set_object (value, self->certificate_store);
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrContext *self = CR_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_PATHS:
      self->paths = g_value_dup_boxed (value);
      break;
    case PROP_TLS_DATABASE:
      cr_context_set_tls_database (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_context_class_init (CrContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cr_context_constructed;
  object_class->dispose = cr_context_dispose;
  object_class->finalize = cr_context_finalize;
  object_class->get_property = cr_context_get_property;
  object_class->set_property = cr_context_set_property;

  properties[PROP_PATHS] =
    g_param_spec_boxed ("paths", NULL, NULL, CR_TYPE_PATHS,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, CR_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL, CR_TYPE_SECRETS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE_STORE] =
    g_param_spec_object ("certificate-store", NULL, NULL, CR_TYPE_CERTIFICATE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_context_init (CrContext *self)
{
}

/**
 * cr_context_new:
 * @paths: (nullable): where to keep everything, %NULL for the XDG folders
 *
 * Nothing is read until cr_context_load().
 */
CrContext *
cr_context_new (CrPaths *paths)
{
  return g_object_new (CR_TYPE_CONTEXT, "paths", paths, NULL);
}

/**
 * cr_context_load:
 *
 * Reads the accounts. A damaged accounts file does not stop anything: it is
 * kept aside by the account manager, the readable accounts are used, and
 * cr_context_get_load_problem() says what happened so that it can be shown.
 */
void
cr_context_load (CrContext *self)
{
  g_return_if_fail (CR_IS_CONTEXT (self));

  g_clear_error (&self->load_problem);
  cr_account_manager_load (self->account_manager, &self->load_problem);
}

/**
 * cr_context_get_load_problem:
 *
 * Returns: (nullable): why the accounts file could not be read in full at
 *   the last cr_context_load(), or %NULL when it was
 */
const GError *
cr_context_get_load_problem (CrContext *self)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  return self->load_problem;
}

CrPaths *
cr_context_get_paths (CrContext *self)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  return self->paths;
}

CrAccountManager *
cr_context_get_account_manager (CrContext *self)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  return self->account_manager;
}

CrSecrets *
cr_context_get_secrets (CrContext *self)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  return self->secrets;
}

CrCertificateStore *
cr_context_get_certificate_store (CrContext *self)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  return self->certificate_store;
}

/**
 * cr_context_get_tls_database:
 *
 * Returns: (nullable) (transfer none): the CA database sessions use, or
 *   %NULL for the system's
 */
GTlsDatabase *
cr_context_get_tls_database (CrContext *self)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  return self->tls_database;
}

/**
 * cr_context_set_tls_database:
 * @database: (nullable): the CA database, %NULL for the system's
 *
 * For tests and private certificate authorities: every session made by
 * this context from now on trusts the CAs of @database instead of the
 * system's. The person's certificate exceptions still apply.
 */
void
cr_context_set_tls_database (CrContext    *self,
                             GTlsDatabase *database)
{
  g_return_if_fail (CR_IS_CONTEXT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (g_set_object (&self->tls_database, database))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
}

/**
 * cr_context_get_store:
 *
 * Opens the message store the first time it is asked for (not at start-up:
 * a window can be shown before), then gives the same one.
 *
 * Returns: (transfer none) (nullable): the store, or %NULL with @error set
 *   when it cannot be opened (it is tried again at the next call)
 */
CrStore *
cr_context_get_store (CrContext  *self,
                      GError    **error)
{
  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  if (self->store == NULL)
    self->store = cr_store_open (self->paths, error);

  return self->store;
}

/**
 * cr_context_get_scheduler:
 *
 * Made with the store the first time it is asked for; it checks nothing
 * before cr_sync_scheduler_start().
 *
 * Returns: (transfer none) (nullable): the sync scheduler, or %NULL with
 *   @error set when the store cannot be opened
 */
CrSyncScheduler *
cr_context_get_scheduler (CrContext  *self,
                          GError    **error)
{
  CrStore *store;

  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);

  if (self->scheduler != NULL)
    return self->scheduler;

  store = cr_context_get_store (self, error);
  if (store == NULL)
    return NULL;

  self->scheduler = cr_sync_scheduler_new (self->account_manager, self->secrets,
                                           self->certificate_store, self->tls_database,
                                           store, NULL);

  return self->scheduler;
}

/**
 * cr_context_new_imap_session:
 * @account: an account whose incoming server is IMAP
 *
 * Returns: (transfer full): a session, not yet connected, that logs in with
 *   the account's identifier for its incoming server
 */
CrImapSession *
cr_context_new_imap_session (CrContext *self,
                             CrAccount *account)
{
  CrServer *server;

  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);

  server = cr_account_get_incoming (account);
  g_return_val_if_fail (cr_server_get_protocol (server) == CR_PROTOCOL_IMAP, NULL);

  return cr_imap_session_new (server, cr_account_get_login (account, server),
                              self->certificate_store, self->tls_database);
}

/**
 * cr_context_new_pop3_session:
 * @account: an account whose incoming server is POP3
 *
 * Returns: (transfer full): a session, not yet connected
 */
CrPop3Session *
cr_context_new_pop3_session (CrContext *self,
                             CrAccount *account)
{
  CrServer *server;

  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);

  server = cr_account_get_incoming (account);
  g_return_val_if_fail (cr_server_get_protocol (server) == CR_PROTOCOL_POP3, NULL);

  return cr_pop3_session_new (server, cr_account_get_login (account, server),
                              self->certificate_store, self->tls_database);
}

/**
 * cr_context_new_smtp_session:
 * @account: an account
 *
 * Returns: (transfer full): a session to the account's outgoing server,
 *   not yet connected
 */
CrSmtpSession *
cr_context_new_smtp_session (CrContext *self,
                             CrAccount *account)
{
  CrServer *server;

  g_return_val_if_fail (CR_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);

  server = cr_account_get_outgoing (account);

  return cr_smtp_session_new (server, cr_account_get_login (account, server),
                              self->certificate_store, self->tls_database);
}
