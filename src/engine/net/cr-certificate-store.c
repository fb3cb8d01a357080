/* cr-certificate-store.c — certificates the person chose to trust
 *
 * An exception is pinned to one certificate on one host:port: approving a
 * self-signed certificate for imap.example.org:993 says nothing about any
 * other server, nor about another certificate on that same server. The
 * exceptions live in a key file next to the accounts, private to the user
 * and written atomically; it never holds a password.
 *
 * Sessions run on worker threads and the UI or the command-line client may
 * approve a certificate at any time, so every operation holds a lock and
 * reads the file afresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cr-certificate-store.h"

#define CERTIFICATES_FILE "certificates.ini"
#define KEY_SHA256        "sha256"
#define KEY_PEM           "pem"
#define KEY_APPROVED      "approved"

struct _CrCertificateStore
{
  GObject  parent_instance;

  char    *path;
  GMutex   lock;
};

G_DEFINE_FINAL_TYPE (CrCertificateStore, cr_certificate_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "host:port". Key file group names cannot hold brackets, so IPv6
 * literals are not bracketed as in URLs; the port always follows the last
 * colon, which keeps every host and port apart ("::1" port 993 is
 * "::1:993", "::1:993" port 143 is "::1:993:143"). Host names are
 * case-insensitive. */
static char *
group_name (const char *host,
            guint16     port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", lower, (guint) port);
}

/**
 * cr_certificate_normalize_fingerprint:
 * @sha256: a SHA-256 fingerprint, in any case, with or without colons
 *
 * Returns: (transfer full) (nullable): the fingerprint as "AB:CD:…", or
 *   %NULL if @sha256 is not 32 hexadecimal bytes
 */
char *
cr_certificate_normalize_fingerprint (const char *sha256)
{
  GString *out;
  guint digits = 0;

  g_return_val_if_fail (sha256 != NULL, NULL);

  out = g_string_sized_new (32 * 3);
  for (const char *p = sha256; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p) || digits == 64)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (digits > 0 && digits % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (*p));
      digits++;
    }

  if (digits != 64)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static GKeyFile *
load_locked (CrCertificateStore  *self,
             GError             **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (key_file, self->path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  /* Translators: %s is a file name */
                                  _("Could not read the approved certificates in “%s”: "),
                                  self->path);
      return NULL;
    }

  return g_steal_pointer (&key_file);
}

static gboolean
save_locked (CrCertificateStore  *self,
             GKeyFile            *key_file,
             GError             **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, the second %s the reason */
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (key_file, &length, NULL);

  return g_file_set_contents_full (self->path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
pin_fingerprint (CrCertificateStore  *self,
                 const char          *host,
                 guint16              port,
                 const char          *sha256,
                 const char          *pem,
                 GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *group = group_name (host, port);
  g_autofree char *approved = g_date_time_format_iso8601 (now);

  if (!(key_file = load_locked (self, error)))
    return FALSE;

  /* Replace the whole group: an old PEM must not outlive its fingerprint. */
  g_key_file_remove_group (key_file, group, NULL);
  g_key_file_set_string (key_file, group, KEY_SHA256, sha256);
  if (pem != NULL)
    g_key_file_set_string (key_file, group, KEY_PEM, pem);
  g_key_file_set_string (key_file, group, KEY_APPROVED, approved);

  return save_locked (self, key_file, error);
}

static void
cr_certificate_store_finalize (GObject *object)
{
  CrCertificateStore *self = (CrCertificateStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cr_certificate_store_parent_class)->finalize (object);
}

static void
cr_certificate_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CrCertificateStore *self = CR_CERTIFICATE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_certificate_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CrCertificateStore *self = CR_CERTIFICATE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_certificate_store_class_init (CrCertificateStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_certificate_store_finalize;
  object_class->get_property = cr_certificate_store_get_property;
  object_class->set_property = cr_certificate_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_certificate_store_init (CrCertificateStore *self)
{
  g_mutex_init (&self->lock);
}

/**
 * cr_certificate_store_new:
 * @path: the key file holding the exceptions; created on the first one
 */
CrCertificateStore *
cr_certificate_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (CR_TYPE_CERTIFICATE_STORE, "path", path, NULL);
}

/**
 * cr_certificate_store_new_for_paths:
 *
 * The store in Courrier's configuration folder, `certificates.ini`.
 */
CrCertificateStore *
cr_certificate_store_new_for_paths (CrPaths *paths)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (paths != NULL, NULL);

  path = cr_paths_build (paths, CR_PATH_CONFIG, CERTIFICATES_FILE);

  return cr_certificate_store_new (path);
}

const char *
cr_certificate_store_get_path (CrCertificateStore *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (self), NULL);

  return self->path;
}

/**
 * cr_certificate_store_trust:
 * @info: a certificate the person has looked at and approved
 *
 * Pins the certificate of @info to its host and port, replacing any
 * earlier exception for that server.
 */
gboolean
cr_certificate_store_trust (CrCertificateStore  *self,
                            CrCertificateInfo   *info,
                            GError             **error)
{
  g_autofree char *pem = NULL;

  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (self), FALSE);
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (info), FALSE);

  g_object_get (cr_certificate_info_get_certificate (info), "certificate-pem", &pem, NULL);

  return pin_fingerprint (self,
                          cr_certificate_info_get_host (info),
                          cr_certificate_info_get_port (info),
                          cr_certificate_info_get_fingerprint (info),
                          pem,
                          error);
}

/**
 * cr_certificate_store_trust_fingerprint:
 * @sha256: the SHA-256 fingerprint, as shown by cr_certificate_info_get_fingerprint()
 *   or `openssl x509 -fingerprint -sha256`
 *
 * For `courrier-cli trust`: the person got the fingerprint elsewhere.
 */
gboolean
cr_certificate_store_trust_fingerprint (CrCertificateStore  *self,
                                        const char          *host,
                                        guint16              port,
                                        const char          *sha256,
                                        GError             **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL && *host != '\0', FALSE);
  g_return_val_if_fail (port > 0, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  if (!(normalized = cr_certificate_normalize_fingerprint (sha256)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the person typed */
                   _("“%s” is not a SHA-256 certificate fingerprint"),
                   sha256);
      return FALSE;
    }

  return pin_fingerprint (self, host, port, normalized, NULL, error);
}

/**
 * cr_certificate_store_get_fingerprint:
 *
 * Returns: (transfer full) (nullable): the fingerprint approved for
 *   @host:@port, or %NULL when there is no exception for it
 */
char *
cr_certificate_store_get_fingerprint (CrCertificateStore *self,
                                      const char         *host,
                                      guint16             port)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  group = group_name (host, port);

  /* An unreadable file trusts nothing: fail closed. */
  if (!(key_file = load_locked (self, &error)))
    {
      g_debug ("%s", error->message);
      return NULL;
    }

  return g_key_file_get_string (key_file, group, KEY_SHA256, NULL);
}

/**
 * cr_certificate_store_is_trusted:
 *
 * Returns: whether the person approved exactly @certificate for @host:@port
 */
gboolean
cr_certificate_store_is_trusted (CrCertificateStore *self,
                                 const char         *host,
                                 guint16             port,
                                 GTlsCertificate    *certificate)
{
  g_autofree char *pinned = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *actual = NULL;

  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  if (!(pinned = cr_certificate_store_get_fingerprint (self, host, port)))
    return FALSE;

  /* The file may have been edited by hand: compare canonical forms. */
  if (!(normalized = cr_certificate_normalize_fingerprint (pinned)))
    return FALSE;

  actual = cr_certificate_fingerprint (certificate);

  return g_strcmp0 (normalized, actual) == 0;
}

/**
 * cr_certificate_store_forget:
 *
 * Removes the exception for @host:@port, if there is one.
 */
gboolean
cr_certificate_store_forget (CrCertificateStore  *self,
                             const char          *host,
                             guint16              port,
                             GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  group = group_name (host, port);

  if (!(key_file = load_locked (self, error)))
    return FALSE;

  if (!g_key_file_has_group (key_file, group))
    return TRUE;

  g_key_file_remove_group (key_file, group, NULL);

  return save_locked (self, key_file, error);
}
