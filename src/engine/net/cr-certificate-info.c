/* cr-certificate-info.c — a server certificate that was refused, and why
 *
 * Everything a person needs to decide whether to trust a certificate:
 * where it came from, its SHA-256 fingerprint (to compare with what the
 * provider publishes), who it names, who signed it, when it is valid, and
 * a sentence for each problem found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-certificate-info.h"

struct _CrCertificateInfo
{
  GObject               parent_instance;

  char                 *host;
  GTlsCertificate      *certificate;
  char                 *fingerprint;
  char                 *subject;
  char                 *issuer;
  GDateTime            *not_before;
  GDateTime            *not_after;
  GTlsCertificateFlags  errors;
  guint16               port;
  guint                 changed : 1;
};

G_DEFINE_FINAL_TYPE (CrCertificateInfo, cr_certificate_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_CERTIFICATE,
  PROP_ERRORS,
  PROP_CHANGED,
  PROP_FINGERPRINT,
  PROP_SUBJECT,
  PROP_ISSUER,
  PROP_NOT_BEFORE,
  PROP_NOT_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * cr_certificate_fingerprint:
 *
 * Returns: (transfer full): the SHA-256 of the DER form of @certificate,
 *   upper-case hexadecimal pairs separated by colons ("AB:CD:…"), the form
 *   browsers and `openssl x509 -fingerprint -sha256` show
 */
char *
cr_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  g_return_val_if_fail (der != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  out = g_string_sized_new (digest_len * 3);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (out, "%s%02X", i > 0 ? ":" : "", digest[i]);

  return g_string_free (out, FALSE);
}

static void
cr_certificate_info_constructed (GObject *object)
{
  CrCertificateInfo *self = (CrCertificateInfo *)object;

  G_OBJECT_CLASS (cr_certificate_info_parent_class)->constructed (object);

  g_return_if_fail (self->host != NULL);
  g_return_if_fail (self->certificate != NULL);

  self->fingerprint = cr_certificate_fingerprint (self->certificate);
  self->subject = g_tls_certificate_get_subject_name (self->certificate);
  self->issuer = g_tls_certificate_get_issuer_name (self->certificate);
  self->not_before = g_tls_certificate_get_not_valid_before (self->certificate);
  self->not_after = g_tls_certificate_get_not_valid_after (self->certificate);
}

static void
cr_certificate_info_finalize (GObject *object)
{
  CrCertificateInfo *self = (CrCertificateInfo *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (cr_certificate_info_parent_class)->finalize (object);
}

static void
cr_certificate_info_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CrCertificateInfo *self = CR_CERTIFICATE_INFO (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_ERRORS:
      g_value_set_flags (value, self->errors);
      break;
    case PROP_CHANGED:
      g_value_set_boolean (value, self->changed);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;
    case PROP_NOT_BEFORE:
      g_value_set_boxed (value, self->not_before);
      break;
    case PROP_NOT_AFTER:
      g_value_set_boxed (value, self->not_after);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_certificate_info_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CrCertificateInfo *self = CR_CERTIFICATE_INFO (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;
    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;
    case PROP_ERRORS:
      self->errors = g_value_get_flags (value);
      break;
    case PROP_CHANGED:
      self->changed = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_certificate_info_class_init (CrCertificateInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = cr_certificate_info_constructed;
  object_class->finalize = cr_certificate_info_finalize;
  object_class->get_property = cr_certificate_info_get_property;
  object_class->set_property = cr_certificate_info_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL, construct);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, 1, construct);
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE, construct);
  properties[PROP_ERRORS] =
    g_param_spec_flags ("errors", NULL, NULL, G_TYPE_TLS_CERTIFICATE_FLAGS, 0, construct);
  /* An exception exists for this server, but for another certificate. */
  properties[PROP_CHANGED] =
    g_param_spec_boolean ("changed", NULL, NULL, FALSE, construct);
  properties[PROP_FINGERPRINT] =
    g_param_spec_string ("fingerprint", NULL, NULL, NULL, read_only);
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL, read_only);
  properties[PROP_ISSUER] =
    g_param_spec_string ("issuer", NULL, NULL, NULL, read_only);
  properties[PROP_NOT_BEFORE] =
    g_param_spec_boxed ("not-before", NULL, NULL, G_TYPE_DATE_TIME, read_only);
  properties[PROP_NOT_AFTER] =
    g_param_spec_boxed ("not-after", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_certificate_info_init (CrCertificateInfo *self)
{
}

CrCertificateInfo *
cr_certificate_info_new (const char           *host,
                         guint16               port,
                         GTlsCertificate      *certificate,
                         GTlsCertificateFlags  errors,
                         gboolean              changed)
{
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_object_new (CR_TYPE_CERTIFICATE_INFO,
                       "host", host,
                       "port", (guint) port,
                       "certificate", certificate,
                       "errors", errors,
                       "changed", changed,
                       NULL);
}

const char *
cr_certificate_info_get_host (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->host;
}

guint16
cr_certificate_info_get_port (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), 0);

  return self->port;
}

/**
 * cr_certificate_info_get_certificate:
 *
 * Returns: (transfer none): the certificate itself, for a detailed view
 */
GTlsCertificate *
cr_certificate_info_get_certificate (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->certificate;
}

GTlsCertificateFlags
cr_certificate_info_get_errors (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), 0);

  return self->errors;
}

gboolean
cr_certificate_info_get_changed (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), FALSE);

  return self->changed;
}

const char *
cr_certificate_info_get_fingerprint (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->fingerprint;
}

const char *
cr_certificate_info_get_subject (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->subject;
}

const char *
cr_certificate_info_get_issuer (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->issuer;
}

/**
 * cr_certificate_info_get_not_before:
 *
 * Returns: (transfer none) (nullable): the start of the validity period
 */
GDateTime *
cr_certificate_info_get_not_before (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->not_before;
}

/**
 * cr_certificate_info_get_not_after:
 *
 * Returns: (transfer none) (nullable): the end of the validity period
 */
GDateTime *
cr_certificate_info_get_not_after (CrCertificateInfo *self)
{
  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  return self->not_after;
}

static const char *
reason_for_flag (GTlsCertificateFlags flag)
{
  switch (flag)
    {
    case G_TLS_CERTIFICATE_UNKNOWN_CA:
      return _("The certificate was not issued by a known certificate authority.");
    case G_TLS_CERTIFICATE_BAD_IDENTITY:
      return _("The certificate does not match the server’s name.");
    case G_TLS_CERTIFICATE_NOT_ACTIVATED:
      return _("The certificate is not valid yet.");
    case G_TLS_CERTIFICATE_EXPIRED:
      return _("The certificate has expired.");
    case G_TLS_CERTIFICATE_REVOKED:
      return _("The certificate has been revoked.");
    case G_TLS_CERTIFICATE_INSECURE:
      return _("The certificate uses insecure cryptography.");
    case G_TLS_CERTIFICATE_GENERIC_ERROR:
    default:
      return _("The certificate could not be checked.");
    }
}

/**
 * cr_certificate_info_get_reasons:
 *
 * Returns: (transfer full): one translated sentence per problem found
 */
char **
cr_certificate_info_get_reasons (CrCertificateInfo *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CR_IS_CERTIFICATE_INFO (self), NULL);

  if (self->changed)
    g_strv_builder_add (builder,
                        _("The certificate differs from the one you approved for this server."));

  for (guint bit = 0; bit < 32; bit++)
    {
      GTlsCertificateFlags flag = (GTlsCertificateFlags) (1u << bit);

      if ((self->errors & flag) != 0)
        g_strv_builder_add (builder, reason_for_flag (flag));
    }

  return g_strv_builder_end (builder);
}

/**
 * cr_certificate_info_describe:
 *
 * Returns: (transfer full): the reasons as one paragraph, for an error
 *   message
 */
char *
cr_certificate_info_describe (CrCertificateInfo *self)
{
  g_auto(GStrv) reasons = cr_certificate_info_get_reasons (self);

  return g_strjoinv (" ", reasons);
}
