/* cr-smtp-send.c — one message through a logged-in SMTP session
 *
 * MAIL FROM (with SIZE when offered), one RCPT TO per recipient, DATA.
 * When any recipient is refused nothing is sent: the person fixes the
 * address and sends again, rather than half the recipients getting it.
 * libetpan's mailsmtp_data_message() does the dot-stuffing and the CRLF.
 * A Bcc header never goes on the wire, whoever built the message: the
 * outbox keeps it for the Envoyés copy (as Thunderbird does), the
 * recipients must not see it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-smtp-send.h"

G_DEFINE_QUARK (cr-send-error-quark, cr_send_error)

static const char *
response (mailsmtp *smtp)
{
  if (smtp->response != NULL && *smtp->response != '\0')
    return smtp->response;
  return _("no explanation");
}

/* An answer that is not 2xx: which error, from the code. */
static void
set_answer_error (mailsmtp    *smtp,
                  int          result,
                  CrSendError  permanent,
                  const char  *what,
                  GError     **error)
{
  if (result == MAILSMTP_ERROR_STREAM)
    {
      g_set_error_literal (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                           _("The connection to the outgoing server was lost."));
      return;
    }
  if (smtp->response_code >= 400 && smtp->response_code < 500)
    g_set_error (error, CR_SEND_ERROR, CR_SEND_ERROR_TEMPORARY,
                 /* Translators: the first %s says what was refused, the
                  * second %s is the server's own explanation */
                 _("%s Courrier will try again later. The server said: %s"), what, response (smtp));
  else
    g_set_error (error, CR_SEND_ERROR, permanent,
                 /* Translators: the first %s says what was refused, the
                  * second %s is the server's own explanation */
                 _("%s The server said: %s"), what, response (smtp));
}

static gboolean
has_8bit (GBytes *raw)
{
  gsize size;
  const guchar *data = g_bytes_get_data (raw, &size);

  for (gsize i = 0; i < size; i++)
    if (data[i] >= 0x80)
      return TRUE;
  return FALSE;
}

/* Where the Bcc field starts in the header block, or NULL. */
static const char *
find_bcc (const char *data,
          gsize       size)
{
  const char *p = data;

  while (p < data + size)
    {
      const char *nl = memchr (p, '\n', (gsize) (data + size - p));

      /* The empty line: the body follows, a “Bcc:” there is text. */
      if (*p == '\n' || (*p == '\r' && p + 1 < data + size && p[1] == '\n'))
        return NULL;
      if ((gsize) (data + size - p) >= 4 && g_ascii_strncasecmp (p, "Bcc:", 4) == 0)
        return p;
      if (nl == NULL)
        return NULL;
      p = nl + 1;
    }
  return NULL;
}

/* @raw without its Bcc fields (their folded lines too). */
GBytes *
cr_smtp_send_strip_bcc (GBytes *raw)
{
  gsize size;
  const char *data = g_bytes_get_data (raw, &size);
  const char *bcc = find_bcc (data, size);
  GString *out;

  if (bcc == NULL)
    return g_bytes_ref (raw);

  out = g_string_sized_new (size);
  while (bcc != NULL)
    {
      const char *p = bcc;

      g_string_append_len (out, data, bcc - data);
      /* The field, then its continuation lines (starting with a blank). */
      do
        {
          const char *nl = memchr (p, '\n', (gsize) (data + size - p));

          p = nl != NULL ? nl + 1 : data + size;
        }
      while (p < data + size && (*p == ' ' || *p == '\t'));
      size -= (gsize) (p - data);
      data = p;
      bcc = find_bcc (data, size);
    }
  g_string_append_len (out, data, (gssize) size);
  return g_string_free_to_bytes (out);
}

static gboolean
check_size (mailsmtp  *smtp,
            gsize      size,
            GError   **error)
{
  g_autofree char *message_size = NULL;
  g_autofree char *limit = NULL;

  if (!(smtp->esmtp & MAILSMTP_ESMTP_SIZE) || smtp->smtp_max_msg_size == 0 || size <= smtp->smtp_max_msg_size)
    return TRUE;

  message_size = g_format_size (size);
  limit = g_format_size (smtp->smtp_max_msg_size);
  g_set_error (error, CR_SEND_ERROR, CR_SEND_ERROR_TOO_LARGE,
               /* Translators: both %s are sizes, like “12,3 Mo” */
               _("The message is too large for the outgoing server: it is %s, the server accepts at most %s. "
                 "Remove or shrink attachments."),
               message_size, limit);
  return FALSE;
}

guint64
cr_smtp_send_get_size_limit (CrSmtpSession *session)
{
  mailsmtp *smtp = cr_smtp_session_get_smtp (session);

  if (smtp == NULL || !(smtp->esmtp & MAILSMTP_ESMTP_SIZE))
    return 0;
  return smtp->smtp_max_msg_size;
}

static gboolean
mail_from (mailsmtp    *smtp,
           const char  *from,
           gsize        size,
           GError     **error)
{
  int result;
  g_autofree char *what = NULL;

  if (smtp->esmtp & MAILSMTP_ESMTP_SIZE)
    result = mailesmtp_mail_size (smtp, from, 0, NULL, size);
  else if (smtp->esmtp)
    result = mailesmtp_mail (smtp, from, 0, NULL);
  else
    result = mailsmtp_mail (smtp, from);
  if (result == MAILSMTP_NO_ERROR)
    return TRUE;

  /* Translators: %s is an email address */
  what = g_strdup_printf (_("The sender address “%s” was refused."), from);
  set_answer_error (smtp, result, CR_SEND_ERROR_SENDER_REFUSED, what, error);
  return FALSE;
}

/* Every recipient is tried, so the person learns about all the wrong
 * addresses at once. */
static gboolean
rcpt_to (mailsmtp            *smtp,
         const char * const  *recipients,
         GError             **error)
{
  g_autoptr(GString) refused = g_string_new (NULL);
  gboolean temporary = FALSE;

  for (guint i = 0; recipients[i] != NULL; i++)
    {
      int result = smtp->esmtp ? mailesmtp_rcpt (smtp, recipients[i], 0, NULL)
                               : mailsmtp_rcpt (smtp, recipients[i]);

      if (result == MAILSMTP_NO_ERROR)
        continue;
      if (result == MAILSMTP_ERROR_STREAM)
        {
          set_answer_error (smtp, result, CR_SEND_ERROR_RECIPIENTS_REFUSED, "", error);
          return FALSE;
        }
      temporary = temporary || (smtp->response_code >= 400 && smtp->response_code < 500);
      /* Translators: one refused recipient: the address, then the
       * server's explanation */
      g_string_append_printf (refused, _("\n• %s: %s"), recipients[i], response (smtp));
    }
  if (refused->len == 0)
    return TRUE;

  mailsmtp_reset (smtp);
  if (temporary)
    g_set_error (error, CR_SEND_ERROR, CR_SEND_ERROR_TEMPORARY,
                 _("The outgoing server cannot take mail for these recipients now:%s"), refused->str);
  else
    g_set_error (error, CR_SEND_ERROR, CR_SEND_ERROR_RECIPIENTS_REFUSED,
                 _("The outgoing server refused these recipients:%s"), refused->str);
  return FALSE;
}

/**
 * cr_smtp_send_raw:
 * @session: a connected session
 * @from: the envelope sender
 * @recipients: the envelope recipients (at least one)
 * @raw: the message, CRLF line ends; its Bcc field is left out
 * @before_data: (nullable): called just before DATA
 * @user_data: for @before_data
 * @error: a CR_SEND_ERROR or CR_NET_ERROR, with the server's text
 *
 * Returns: TRUE once the server answered 250 to the end of DATA: from
 *   then on the message is the server's responsibility
 */
gboolean
cr_smtp_send_raw (CrSmtpSession       *session,
                  const char          *from,
                  const char * const  *recipients,
                  GBytes              *raw,
                  CrSmtpBeforeData     before_data,
                  gpointer             user_data,
                  GError             **error)
{
  g_autoptr(GBytes) wire = NULL;
  mailsmtp *smtp;
  gsize size;
  const char *data;
  int result;

  g_return_val_if_fail (CR_IS_SMTP_SESSION (session), FALSE);
  g_return_val_if_fail (from != NULL && recipients != NULL && recipients[0] != NULL, FALSE);
  g_return_val_if_fail (raw != NULL, FALSE);

  smtp = cr_smtp_session_get_smtp (session);
  if (smtp == NULL)
    {
      g_set_error_literal (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                           _("The connection to the outgoing server was lost."));
      return FALSE;
    }
  wire = cr_smtp_send_strip_bcc (raw);
  data = g_bytes_get_data (wire, &size);

  if (!check_size (smtp, size, error))
    return FALSE;
  if (has_8bit (wire) && !(smtp->esmtp & MAILSMTP_ESMTP_8BITMIME))
    {
      g_set_error_literal (error, CR_SEND_ERROR, CR_SEND_ERROR_EIGHT_BIT,
                           _("The message contains 8-bit text and the outgoing server does not accept it."));
      return FALSE;
    }

  if (!mail_from (smtp, from, size, error) || !rcpt_to (smtp, recipients, error))
    return FALSE;

  if (before_data != NULL && !before_data (user_data, error))
    {
      mailsmtp_reset (smtp);
      return FALSE;
    }

  result = mailsmtp_data (smtp);
  if (result == MAILSMTP_NO_ERROR)
    result = mailsmtp_data_message (smtp, data, size);
  if (result != MAILSMTP_NO_ERROR)
    {
      set_answer_error (smtp, result, CR_SEND_ERROR_REFUSED, _("The message was refused."), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cr_send_error_is_temporary (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == CR_SEND_ERROR)
    return error->code == CR_SEND_ERROR_TEMPORARY;
  if (error->domain == CR_NET_ERROR)
    return error->code == CR_NET_ERROR_HOST_NOT_FOUND ||
           error->code == CR_NET_ERROR_CONNECTION_REFUSED ||
           error->code == CR_NET_ERROR_TIMEOUT ||
           error->code == CR_NET_ERROR_CONNECTION_LOST ||
           error->code == CR_NET_ERROR_SERVER_ERROR;
  return error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED;
}
