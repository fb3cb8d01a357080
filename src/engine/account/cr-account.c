/* cr-account.c — an identity with its incoming and outgoing servers
 *
 * Like CrServer, a value object that holds whatever is typed:
 * cr_account_validate() (cr-account-validate.c) says whether it makes sense,
 * and CrAccountManager keeps the accounts on disk. Passwords are never
 * here: see CrSecrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-account.h"

struct _CrAccount
{
  GObject   parent_instance;

  char     *id;
  char     *display_name;
  char     *address;
  char     *organisation;
  char     *signature;
  char     *reply_to;
  CrServer *incoming;
  CrServer *outgoing;
  guint     delete_after_days;
  guint     check_interval;
  guint     leave_on_server : 1;
  guint     delete_when_deleted_here : 1;
  guint     use_idle : 1;
  guint     remember_password : 1;
};

G_DEFINE_FINAL_TYPE (CrAccount, cr_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_ADDRESS,
  PROP_ORGANISATION,
  PROP_SIGNATURE,
  PROP_REPLY_TO,
  PROP_INCOMING,
  PROP_OUTGOING,
  PROP_LEAVE_ON_SERVER,
  PROP_DELETE_AFTER_DAYS,
  PROP_DELETE_WHEN_DELETED_HERE,
  PROP_CHECK_INTERVAL,
  PROP_USE_IDLE,
  PROP_REMEMBER_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* NULL and "" are the same: nothing typed. */
static void
set_string_prop (CrAccount   *self,
                 char       **field,
                 const char  *value,
                 guint        prop_id)
{
  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean_prop (CrAccount *self,
                  gboolean   value,
                  guint      prop_id)
{
  gboolean old = FALSE;

  value = !!value;

  switch (prop_id)
    {
    case PROP_LEAVE_ON_SERVER:
      old = self->leave_on_server;
      self->leave_on_server = value;
      break;

    case PROP_DELETE_WHEN_DELETED_HERE:
      old = self->delete_when_deleted_here;
      self->delete_when_deleted_here = value;
      break;

    case PROP_USE_IDLE:
      old = self->use_idle;
      self->use_idle = value;
      break;

    case PROP_REMEMBER_PASSWORD:
      old = self->remember_password;
      self->remember_password = value;
      break;

    default:
      g_return_if_reached ();
    }

  if (old != value)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_server_prop (CrAccount  *self,
                 CrServer  **field,
                 CrServer   *server,
                 guint       prop_id)
{
  g_return_if_fail (CR_IS_SERVER (server));

  if (g_set_object (field, server))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
cr_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrAccount *self = CR_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;

    case PROP_SIGNATURE:
      g_value_set_string (value, self->signature);
      break;

    case PROP_REPLY_TO:
      g_value_set_string (value, self->reply_to);
      break;

    case PROP_INCOMING:
      g_value_set_object (value, self->incoming);
      break;

    case PROP_OUTGOING:
      g_value_set_object (value, self->outgoing);
      break;

    case PROP_LEAVE_ON_SERVER:
      g_value_set_boolean (value, self->leave_on_server);
      break;

    case PROP_DELETE_AFTER_DAYS:
      g_value_set_uint (value, self->delete_after_days);
      break;

    case PROP_DELETE_WHEN_DELETED_HERE:
      g_value_set_boolean (value, self->delete_when_deleted_here);
      break;

    case PROP_CHECK_INTERVAL:
      g_value_set_uint (value, self->check_interval);
      break;

    case PROP_USE_IDLE:
      g_value_set_boolean (value, self->use_idle);
      break;

    case PROP_REMEMBER_PASSWORD:
      g_value_set_boolean (value, self->remember_password);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrAccount *self = CR_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* Construct-only: a fresh account gets an id of its own. */
      if (cr_account_is_valid_id (g_value_get_string (value)))
        self->id = g_value_dup_string (value);
      else
        self->id = g_uuid_string_random ();
      break;

    case PROP_DISPLAY_NAME:
      cr_account_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS:
      cr_account_set_address (self, g_value_get_string (value));
      break;

    case PROP_ORGANISATION:
      cr_account_set_organisation (self, g_value_get_string (value));
      break;

    case PROP_SIGNATURE:
      cr_account_set_signature (self, g_value_get_string (value));
      break;

    case PROP_REPLY_TO:
      cr_account_set_reply_to (self, g_value_get_string (value));
      break;

    case PROP_INCOMING:
      cr_account_set_incoming (self, g_value_get_object (value));
      break;

    case PROP_OUTGOING:
      cr_account_set_outgoing (self, g_value_get_object (value));
      break;

    case PROP_LEAVE_ON_SERVER:
    case PROP_DELETE_WHEN_DELETED_HERE:
    case PROP_USE_IDLE:
    case PROP_REMEMBER_PASSWORD:
      set_boolean_prop (self, g_value_get_boolean (value), prop_id);
      break;

    case PROP_DELETE_AFTER_DAYS:
      cr_account_set_delete_after_days (self, g_value_get_uint (value));
      break;

    case PROP_CHECK_INTERVAL:
      cr_account_set_check_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_account_dispose (GObject *object)
{
  CrAccount *self = CR_ACCOUNT (object);

  g_clear_object (&self->incoming);
  g_clear_object (&self->outgoing);

  G_OBJECT_CLASS (cr_account_parent_class)->dispose (object);
}

static void
cr_account_finalize (GObject *object)
{
  CrAccount *self = CR_ACCOUNT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->signature, g_free);
  g_clear_pointer (&self->reply_to, g_free);

  G_OBJECT_CLASS (cr_account_parent_class)->finalize (object);
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "",
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boolean_pspec (const char *name,
               gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL, default_value,
                               (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
server_pspec (const char *name)
{
  return g_param_spec_object (name, NULL, NULL, CR_TYPE_SERVER,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
cr_account_class_init (CrAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_account_dispose;
  object_class->finalize = cr_account_finalize;
  object_class->get_property = cr_account_get_property;
  object_class->set_property = cr_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISPLAY_NAME] = string_pspec ("display-name");
  properties[PROP_ADDRESS] = string_pspec ("address");
  properties[PROP_ORGANISATION] = string_pspec ("organisation");
  properties[PROP_SIGNATURE] = string_pspec ("signature");
  properties[PROP_REPLY_TO] = string_pspec ("reply-to");
  properties[PROP_INCOMING] = server_pspec ("incoming");
  properties[PROP_OUTGOING] = server_pspec ("outgoing");
  properties[PROP_LEAVE_ON_SERVER] = boolean_pspec ("leave-on-server", TRUE);
  properties[PROP_DELETE_AFTER_DAYS] =
    g_param_spec_uint ("delete-after-days", NULL, NULL,
                       0, G_MAXUINT, CR_ACCOUNT_DEFAULT_DELETE_AFTER_DAYS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DELETE_WHEN_DELETED_HERE] = boolean_pspec ("delete-when-deleted-here", TRUE);
  properties[PROP_CHECK_INTERVAL] =
    g_param_spec_uint ("check-interval", NULL, NULL,
                       0, G_MAXUINT, CR_ACCOUNT_DEFAULT_CHECK_INTERVAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_USE_IDLE] = boolean_pspec ("use-idle", TRUE);
  properties[PROP_REMEMBER_PASSWORD] = boolean_pspec ("remember-password", TRUE);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* POP defaults. The guide describes POP as “downloads to this computer and
 * empties the server”. Emptying the server at once means one lost or broken
 * computer loses the mail, so, like Thunderbird and Evolution, a new
 * account leaves the messages on the server and deletes them there after
 * 14 days (and when they are deleted here). The guide’s classic behaviour
 * is one switch away: leave-on-server = FALSE. None of this applies to IMAP.
 */
static void
cr_account_init (CrAccount *self)
{
  self->display_name = g_strdup ("");
  self->address = g_strdup ("");
  self->organisation = g_strdup ("");
  self->signature = g_strdup ("");
  self->reply_to = g_strdup ("");
  self->incoming = cr_server_new (CR_PROTOCOL_IMAP);
  self->outgoing = cr_server_new (CR_PROTOCOL_SMTP);
  self->leave_on_server = TRUE;
  self->delete_after_days = CR_ACCOUNT_DEFAULT_DELETE_AFTER_DAYS;
  self->delete_when_deleted_here = TRUE;
  self->check_interval = CR_ACCOUNT_DEFAULT_CHECK_INTERVAL;
  self->use_idle = TRUE;
  self->remember_password = TRUE;
}

/**
 * cr_account_new:
 * @id: (nullable): the id of an existing account, or %NULL for a new one
 *
 * A new account gets a random id: it names the account in the accounts file
 * and in the keyring, and never changes.
 */
CrAccount *
cr_account_new (const char *id)
{
  return g_object_new (CR_TYPE_ACCOUNT, "id", id, NULL);
}

/**
 * cr_account_copy:
 *
 * Returns: (transfer full): an account with the same id and a copy of every
 * setting and server, for an editor that may be cancelled
 */
CrAccount *
cr_account_copy (CrAccount *self)
{
  g_autoptr(CrServer) incoming = NULL;
  g_autoptr(CrServer) outgoing = NULL;

  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  incoming = cr_server_copy (self->incoming);
  outgoing = cr_server_copy (self->outgoing);

  return g_object_new (CR_TYPE_ACCOUNT,
                       "id", self->id,
                       "display-name", self->display_name,
                       "address", self->address,
                       "organisation", self->organisation,
                       "signature", self->signature,
                       "reply-to", self->reply_to,
                       "incoming", incoming,
                       "outgoing", outgoing,
                       "leave-on-server", (gboolean) self->leave_on_server,
                       "delete-after-days", self->delete_after_days,
                       "delete-when-deleted-here", (gboolean) self->delete_when_deleted_here,
                       "check-interval", self->check_interval,
                       "use-idle", (gboolean) self->use_idle,
                       "remember-password", (gboolean) self->remember_password,
                       NULL);
}

/**
 * cr_account_is_valid_id:
 *
 * Ids end up in key file group names, keyring attributes and folder names:
 * only ASCII letters, digits and “-”, 1 to 64 of them.
 */
gboolean
cr_account_is_valid_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;

  len = strlen (id);
  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

const char *
cr_account_get_id (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
cr_account_get_display_name (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

void
cr_account_set_display_name (CrAccount  *self,
                             const char *display_name)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_string_prop (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
cr_account_get_address (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->address;
}

void
cr_account_set_address (CrAccount  *self,
                        const char *address)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_string_prop (self, &self->address, address, PROP_ADDRESS);
}

const char *
cr_account_get_organisation (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->organisation;
}

void
cr_account_set_organisation (CrAccount  *self,
                             const char *organisation)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_string_prop (self, &self->organisation, organisation, PROP_ORGANISATION);
}

const char *
cr_account_get_signature (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->signature;
}

void
cr_account_set_signature (CrAccount  *self,
                          const char *signature)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_string_prop (self, &self->signature, signature, PROP_SIGNATURE);
}

const char *
cr_account_get_reply_to (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->reply_to;
}

void
cr_account_set_reply_to (CrAccount  *self,
                         const char *reply_to)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_string_prop (self, &self->reply_to, reply_to, PROP_REPLY_TO);
}

/**
 * cr_account_get_incoming:
 *
 * Returns: (transfer none): the IMAP or POP3 server
 */
CrServer *
cr_account_get_incoming (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->incoming;
}

void
cr_account_set_incoming (CrAccount *self,
                         CrServer  *incoming)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_server_prop (self, &self->incoming, incoming, PROP_INCOMING);
}

/**
 * cr_account_get_outgoing:
 *
 * Returns: (transfer none): the SMTP server
 */
CrServer *
cr_account_get_outgoing (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);

  return self->outgoing;
}

void
cr_account_set_outgoing (CrAccount *self,
                         CrServer  *outgoing)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_server_prop (self, &self->outgoing, outgoing, PROP_OUTGOING);
}

/**
 * cr_account_get_login:
 *
 * The identifier to log in to @server with: its own login if one was
 * typed, otherwise the account’s full address, as the guide asks.
 */
const char *
cr_account_get_login (CrAccount *self,
                      CrServer  *server)
{
  const char *login;

  g_return_val_if_fail (CR_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  login = cr_server_get_login (server);
  if (login != NULL && *login != '\0')
    return login;

  return self->address;
}

gboolean
cr_account_get_leave_on_server (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), TRUE);

  return self->leave_on_server;
}

void
cr_account_set_leave_on_server (CrAccount *self,
                                gboolean   leave_on_server)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_boolean_prop (self, leave_on_server, PROP_LEAVE_ON_SERVER);
}

/**
 * cr_account_get_delete_after_days:
 *
 * POP only, when leaving messages on the server: 0 keeps them forever.
 */
guint
cr_account_get_delete_after_days (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), 0);

  return self->delete_after_days;
}

void
cr_account_set_delete_after_days (CrAccount *self,
                                  guint      days)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  if (self->delete_after_days == days)
    return;

  self->delete_after_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETE_AFTER_DAYS]);
}

gboolean
cr_account_get_delete_when_deleted_here (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), TRUE);

  return self->delete_when_deleted_here;
}

void
cr_account_set_delete_when_deleted_here (CrAccount *self,
                                         gboolean   delete_when_deleted_here)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_boolean_prop (self, delete_when_deleted_here, PROP_DELETE_WHEN_DELETED_HERE);
}

/**
 * cr_account_get_check_interval:
 *
 * Minutes between two checks for new mail; 0 checks only when asked.
 */
guint
cr_account_get_check_interval (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), 0);

  return self->check_interval;
}

void
cr_account_set_check_interval (CrAccount *self,
                               guint      minutes)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  if (self->check_interval == minutes)
    return;

  self->check_interval = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK_INTERVAL]);
}

/**
 * cr_account_get_use_idle:
 *
 * IMAP only: be told of new mail at once (IDLE) when the server can.
 */
gboolean
cr_account_get_use_idle (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), TRUE);

  return self->use_idle;
}

void
cr_account_set_use_idle (CrAccount *self,
                         gboolean   use_idle)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_boolean_prop (self, use_idle, PROP_USE_IDLE);
}

/**
 * cr_account_get_remember_password:
 *
 * “Retenir le mot de passe”: when %FALSE, the password is kept in memory
 * for this session only and asked again at the next start.
 */
gboolean
cr_account_get_remember_password (CrAccount *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (self), TRUE);

  return self->remember_password;
}

void
cr_account_set_remember_password (CrAccount *self,
                                  gboolean   remember_password)
{
  g_return_if_fail (CR_IS_ACCOUNT (self));

  set_boolean_prop (self, remember_password, PROP_REMEMBER_PASSWORD);
}
