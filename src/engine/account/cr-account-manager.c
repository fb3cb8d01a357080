/* cr-account-manager.c — the accounts, kept in $XDG_CONFIG_HOME/courrier
 *
 * The accounts live in one key file, accounts.ini:
 *
 *   [courrier]
 *   version=1
 *
 *   [account ID]      (see cr-account-keyfile.c)
 *
 * It is written whole, atomically (temporary file, fsync, rename), private
 * to the user, after every change. Accounts are never lost silently:
 *
 *  - a file that cannot be read at all, or that a newer Courrier wrote, is
 *    moved aside to accounts.ini.broken-DATE-TIME and reported; the manager
 *    starts empty and usable, and the next save cannot overwrite it;
 *  - if the file cannot even be moved aside, nothing is ever saved over it;
 *  - accounts that cannot be read inside an otherwise good file are
 *    reported, the others are loaded, and the file is left as it is until
 *    the next change, which first copies it aside.
 *
 * The manager is a GListModel of CrAccount for the UI. Passwords are not
 * its business: removing an account does not clear them (see CrSecrets).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cr-account-keyfile.h"
#include "cr-account-manager.h"
#include "cr-account-validate.h"

#define ACCOUNTS_FILE    "accounts.ini"
#define GENERAL_GROUP    "courrier"
#define VERSION_KEY      "version"
#define MAX_BACKUPS_TRY  100

struct _CrAccountManager
{
  GObject    parent_instance;

  CrPaths   *paths;
  char      *path;
  char      *backup_path;
  GPtrArray *accounts;

  guint      loaded : 1;
  /* Some of the file could not be read: copy it aside before rewriting. */
  guint      backup_before_save : 1;
  /* The unreadable file is still in place: never write over it. */
  guint      read_only : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrAccountManager, cr_account_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (cr-account-manager-error-quark, cr_account_manager_error)

enum {
  PROP_0,
  PROP_PATHS,
  PROP_PATH,
  PROP_BACKUP_PATH,
  N_PROPS
};

enum {
  ACCOUNT_ADDED,
  ACCOUNT_REMOVED,
  ACCOUNT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
cr_account_manager_get_item_type (GListModel *model)
{
  return CR_TYPE_ACCOUNT;
}

static guint
cr_account_manager_get_n_items (GListModel *model)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (model);

  return self->accounts->len;
}

static gpointer
cr_account_manager_get_item (GListModel *model,
                             guint       position)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cr_account_manager_get_item_type;
  iface->get_n_items = cr_account_manager_get_n_items;
  iface->get_item = cr_account_manager_get_item;
}

static void
cr_account_manager_constructed (GObject *object)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (object);

  G_OBJECT_CLASS (cr_account_manager_parent_class)->constructed (object);

  self->path = cr_paths_build (self->paths, CR_PATH_CONFIG, ACCOUNTS_FILE);
}

static void
cr_account_manager_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_PATHS:
      g_value_set_boxed (value, self->paths);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_BACKUP_PATH:
      g_value_set_string (value, self->backup_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_account_manager_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_PATHS:
      self->paths = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_account_manager_dispose (GObject *object)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (object);

  if (self->accounts != NULL)
    g_ptr_array_set_size (self->accounts, 0);

  G_OBJECT_CLASS (cr_account_manager_parent_class)->dispose (object);
}

static void
cr_account_manager_finalize (GObject *object)
{
  CrAccountManager *self = CR_ACCOUNT_MANAGER (object);

  g_clear_pointer (&self->paths, cr_paths_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (cr_account_manager_parent_class)->finalize (object);
}

static void
cr_account_manager_class_init (CrAccountManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cr_account_manager_constructed;
  object_class->dispose = cr_account_manager_dispose;
  object_class->finalize = cr_account_manager_finalize;
  object_class->get_property = cr_account_manager_get_property;
  object_class->set_property = cr_account_manager_set_property;

  properties[PROP_PATHS] =
    g_param_spec_boxed ("paths", NULL, NULL,
                        CR_TYPE_PATHS,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Where the last broken or replaced file was kept, for the UI to say. */
  properties[PROP_BACKUP_PATH] =
    g_param_spec_string ("backup-path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CR_TYPE_ACCOUNT);

  signals[ACCOUNT_REMOVED] =
    g_signal_new ("account-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CR_TYPE_ACCOUNT);

  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CR_TYPE_ACCOUNT);
}

static void
cr_account_manager_init (CrAccountManager *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

CrAccountManager *
cr_account_manager_new (CrPaths *paths)
{
  g_return_val_if_fail (paths != NULL, NULL);

  return g_object_new (CR_TYPE_ACCOUNT_MANAGER, "paths", paths, NULL);
}

/**
 * cr_account_manager_get_path:
 *
 * Returns: the accounts file
 */
const char *
cr_account_manager_get_path (CrAccountManager *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), NULL);

  return self->path;
}

/**
 * cr_account_manager_get_backup_path:
 *
 * Returns: (nullable): where the accounts file was last kept aside
 */
const char *
cr_account_manager_get_backup_path (CrAccountManager *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), NULL);

  return self->backup_path;
}

static gboolean
find_account (CrAccountManager *self,
              const char       *id,
              guint            *out_position)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      CrAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (cr_account_get_id (account), id) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * cr_account_manager_lookup:
 *
 * Returns: (transfer none) (nullable): the account with @id
 */
CrAccount *
cr_account_manager_lookup (CrAccountManager *self,
                           const char       *id)
{
  guint position;

  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), NULL);

  if (!find_account (self, id, &position))
    return NULL;

  return g_ptr_array_index (self->accounts, position);
}

static void
set_backup_path (CrAccountManager *self,
                 const char       *backup_path)
{
  g_free (self->backup_path);
  self->backup_path = g_strdup (backup_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKUP_PATH]);
}

/* Keeps the accounts file under a new name, by moving or copying it; an
 * older backup is never overwritten: the next free name is taken instead.
 */
static char *
keep_aside (CrAccountManager  *self,
            gboolean           move,
            GError           **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (self->path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint n = 1; n <= MAX_BACKUPS_TRY; n++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *backup = NULL;
      g_autoptr(GFile) dest = NULL;
      gboolean done;

      if (n == 1)
        backup = g_strdup_printf ("%s.broken-%s", self->path, stamp);
      else
        backup = g_strdup_printf ("%s.broken-%s-%u", self->path, stamp, n);
      dest = g_file_new_for_path (backup);

      /* Without G_FILE_COPY_OVERWRITE both fail if the name is taken. A
       * symbolic link is moved as it is (its target stays untouched), but
       * a copy keeps what it points to. */
      if (move)
        done = g_file_move (source, dest, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                            NULL, NULL, NULL, &local_error);
      else
        done = g_file_copy (source, dest, G_FILE_COPY_NONE,
                            NULL, NULL, NULL, &local_error);

      if (done)
        {
          /* It holds account details: private, like the original (but
           * a moved link’s target is not ours to change). */
          if (!g_file_test (backup, G_FILE_TEST_IS_SYMLINK))
            g_chmod (backup, 0600);
          set_backup_path (self, backup);
          return g_steal_pointer (&backup);
        }

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Too many copies of the accounts file were already kept aside."));

  return NULL;
}

static void
clear_accounts (CrAccountManager *self)
{
  g_autoptr(GPtrArray) old = NULL;
  guint n_removed = self->accounts->len;

  if (n_removed == 0)
    return;

  old = g_steal_pointer (&self->accounts);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_removed, 0);

  for (guint i = 0; i < old->len; i++)
    g_signal_emit (self, signals[ACCOUNT_REMOVED], 0, g_ptr_array_index (old, i));
}

/* The file cannot be used: move it aside so that nothing overwrites it, and
 * say so. If even that fails, refuse to save until it is sorted out.
 */
static gboolean
set_file_aside (CrAccountManager  *self,
                int                code,
                const char        *reason,
                GError           **error)
{
  g_autoptr(GError) move_error = NULL;
  g_autofree char *backup = keep_aside (self, TRUE, &move_error);

  if (backup == NULL)
    {
      self->read_only = TRUE;
      g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_READ_ONLY,
                   /* Translators: %s are a file name, then two reasons */
                   _("The accounts file “%s” cannot be used (%s) and could not be kept aside (%s). "
                     "To keep it safe, changes to the accounts will not be saved."),
                   self->path, reason, move_error->message);
      return FALSE;
    }

  if (code == CR_ACCOUNT_MANAGER_ERROR_FUTURE_VERSION)
    g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, code,
                 _("The accounts file was written by a newer version of Courrier. "
                   "It was kept as “%s”, and Courrier starts without accounts."),
                 backup);
  else
    g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, code,
                 /* Translators: the first %s is the reason, the second a file name */
                 _("The accounts file could not be read (%s). "
                   "It was kept as “%s”, and Courrier starts without accounts."),
                 reason, backup);

  return FALSE;
}

static gboolean
check_version (CrAccountManager  *self,
               GKeyFile          *key_file,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  int version;

  version = g_key_file_get_integer (key_file, GENERAL_GROUP, VERSION_KEY, &local_error);
  if (local_error != NULL || version < 1)
    return set_file_aside (self, CR_ACCOUNT_MANAGER_ERROR_CORRUPT,
                           _("it does not say which format it uses"), error);

  if (version > CR_ACCOUNTS_FILE_VERSION)
    return set_file_aside (self, CR_ACCOUNT_MANAGER_ERROR_FUTURE_VERSION,
                           _("a newer version of Courrier wrote it"), error);

  return TRUE;
}

/* How to name a broken account to the person: its address if it has one. */
static char *
describe_group (GKeyFile   *key_file,
                const char *group)
{
  g_autofree char *address = g_key_file_get_string (key_file, group, "address", NULL);

  if (address != NULL && *address != '\0' && g_utf8_validate (address, -1, NULL))
    return g_steal_pointer (&address);

  return g_strdup (group + strlen (CR_ACCOUNT_GROUP_PREFIX));
}

static gboolean
load_accounts (CrAccountManager  *self,
               GKeyFile          *key_file,
               GError           **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *summary = NULL;
  guint n_broken = 0;

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(CrAccount) account = NULL;
      g_autofree char *name = NULL;

      if (g_str_equal (groups[i], GENERAL_GROUP))
        continue;

      /* Not ours to understand, but not ours to drop either. */
      if (!g_str_has_prefix (groups[i], CR_ACCOUNT_GROUP_PREFIX))
        {
          self->backup_before_save = TRUE;
          continue;
        }

      account = cr_account_keyfile_read (key_file, groups[i], &local_error);
      if (account == NULL)
        {
          name = describe_group (key_file, groups[i]);
          n_broken++;
          g_string_append_printf (problems, "\n“%s”: %s", name, local_error->message);
          continue;
        }

      g_ptr_array_add (self->accounts, g_steal_pointer (&account));
    }

  if (self->accounts->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->accounts->len);
  for (guint i = 0; i < self->accounts->len; i++)
    g_signal_emit (self, signals[ACCOUNT_ADDED], 0, g_ptr_array_index (self->accounts, i));

  if (n_broken == 0)
    return TRUE;

  self->backup_before_save = TRUE;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u account could not be read. The file is left as it is; "
                                          "it will be copied aside before the accounts are next changed.",
                                          "%u accounts could not be read. The file is left as it is; "
                                          "it will be copied aside before the accounts are next changed.",
                                          n_broken),
                             n_broken);
  /* The summary, then one line per account: “address”: what is wrong. */
  g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_BROKEN_ACCOUNT,
               "%s%s", summary, problems->str);

  return FALSE;
}

/**
 * cr_account_manager_load:
 *
 * Reads the accounts file, replacing the accounts held. A missing file
 * means no accounts yet. On %FALSE, @error says what went wrong, and the
 * manager still holds every account that could be read and can be used:
 * see the top of this file for what happens to the file.
 */
gboolean
cr_account_manager_load (CrAccountManager  *self,
                         GError           **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_accounts (self);
  self->loaded = TRUE;
  self->backup_before_save = FALSE;
  self->read_only = FALSE;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      return set_file_aside (self, CR_ACCOUNT_MANAGER_ERROR_CORRUPT, local_error->message, error);
    }

  if (!g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, &local_error))
    return set_file_aside (self, CR_ACCOUNT_MANAGER_ERROR_CORRUPT, local_error->message, error);

  if (!check_version (self, key_file, error))
    return FALSE;

  return load_accounts (self, key_file, error);
}

static gboolean
save (CrAccountManager  *self,
      GError           **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  if (self->read_only)
    {
      g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_READ_ONLY,
                   _("The accounts file “%s” could not be read, so it is not overwritten. "
                     "Move it away, then try again."),
                   self->path);
      return FALSE;
    }

  if (!cr_paths_ensure (self->paths, CR_PATH_CONFIG, error))
    return FALSE;

  if (self->backup_before_save && g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *backup = keep_aside (self, FALSE, error);

      if (backup == NULL)
        return FALSE;
    }
  self->backup_before_save = FALSE;

  g_key_file_set_integer (key_file, GENERAL_GROUP, VERSION_KEY, CR_ACCOUNTS_FILE_VERSION);
  for (guint i = 0; i < self->accounts->len; i++)
    cr_account_keyfile_write (g_ptr_array_index (self->accounts, i), key_file);

  data = g_key_file_to_data (key_file, &length, NULL);

  if (!g_file_set_contents_full (self->path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    {
      g_prefix_error (error, _("Could not save the accounts: "));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_account (CrAccount  *account,
               GError    **error)
{
  /* No encryption was confirmed by the person before getting here. */
  return cr_account_validate (account, CR_VALIDATE_ALLOW_INSECURE, error);
}

/**
 * cr_account_manager_add:
 *
 * Adds a valid @account and saves. On error nothing changes.
 */
gboolean
cr_account_manager_add (CrAccountManager  *self,
                        CrAccount         *account,
                        GError           **error)
{
  guint position;

  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);
  /* Saving before loading would write over the accounts on disk. */
  g_return_val_if_fail (self->loaded, FALSE);

  if (find_account (self, cr_account_get_id (account), &position))
    {
      g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_DUPLICATE,
                   _("The account “%s” is already set up."),
                   cr_account_get_address (account));
      return FALSE;
    }

  if (!check_account (account, error))
    return FALSE;

  g_ptr_array_add (self->accounts, g_object_ref (account));
  if (!save (self, error))
    {
      g_ptr_array_remove_index (self->accounts, self->accounts->len - 1);
      return FALSE;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);

  return TRUE;
}

/**
 * cr_account_manager_update:
 * @account: an account held by @self, changed, or an edited copy of it
 *   (same id), which then takes its place
 *
 * Saves the change. On error the account held is left as it was given.
 */
gboolean
cr_account_manager_update (CrAccountManager  *self,
                           CrAccount         *account,
                           GError           **error)
{
  g_autoptr(CrAccount) previous = NULL;
  guint position;

  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (self->loaded, FALSE);

  if (!find_account (self, cr_account_get_id (account), &position))
    {
      g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_NOT_FOUND,
                   _("The account “%s” no longer exists."),
                   cr_account_get_address (account));
      return FALSE;
    }

  if (!check_account (account, error))
    return FALSE;

  /* Takes over the array’s reference, so it can be put back on error. */
  previous = g_ptr_array_index (self->accounts, position);
  g_ptr_array_index (self->accounts, position) = g_object_ref (account);

  if (!save (self, error))
    {
      g_object_unref (g_ptr_array_index (self->accounts, position));
      g_ptr_array_index (self->accounts, position) = g_steal_pointer (&previous);
      return FALSE;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, account);

  return TRUE;
}

/**
 * cr_account_manager_remove:
 *
 * Removes the account with the id of @account and saves. On error
 * nothing changes.
 */
gboolean
cr_account_manager_remove (CrAccountManager  *self,
                           CrAccount         *account,
                           GError           **error)
{
  g_autoptr(CrAccount) removed = NULL;
  guint position;

  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (self->loaded, FALSE);

  if (!find_account (self, cr_account_get_id (account), &position))
    {
      g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_NOT_FOUND,
                   _("The account “%s” no longer exists."),
                   cr_account_get_address (account));
      return FALSE;
    }

  removed = g_ptr_array_steal_index (self->accounts, position);
  if (!save (self, error))
    {
      g_ptr_array_insert (self->accounts, (int) position, g_steal_pointer (&removed));
      return FALSE;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[ACCOUNT_REMOVED], 0, removed);

  return TRUE;
}
