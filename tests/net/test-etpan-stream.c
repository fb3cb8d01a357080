/* test-etpan-stream.c — libetpan streams over GIO, against a local peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-connection.h"
#include "cr-etpan-stream.h"
#include "cr-net-error.h"
#include "cr-test-certs.h"
#include "cr-test-env.h"

typedef void (*ServeFunc) (GIOStream *stream,
                           gpointer   data);

/* A peer on 127.0.0.1 serving one connection in a thread. */
typedef struct
{
  GSocketListener *listener;
  GThread         *thread;
  ServeFunc        serve;
  gpointer         data;
  guint16          port;
} Peer;

static gpointer
peer_thread (gpointer user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) conn = NULL;

  conn = g_socket_listener_accept (peer->listener, NULL, NULL, &error);
  g_assert_no_error (error);
  peer->serve (G_IO_STREAM (conn), peer->data);

  return NULL;
}

static Peer *
peer_start (ServeFunc serve,
            gpointer  data)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  peer->serve = serve;
  peer->data = data;
  peer->listener = g_socket_listener_new ();
  g_socket_listener_add_address (peer->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  peer->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  peer->thread = g_thread_new ("peer", peer_thread, peer);

  return peer;
}

static void
peer_join (Peer *peer)
{
  g_thread_join (peer->thread);
  g_object_unref (peer->listener);
  g_free (peer);
}

static void
send_text (GIOStream  *stream,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
receive_line (GIOStream *stream)
{
  GString *line = g_string_new (NULL);
  char c;

  while (g_input_stream_read (g_io_stream_get_input_stream (stream), &c, 1, NULL, NULL) == 1)
    {
      g_string_append_c (line, c);
      if (c == '\n')
        break;
    }

  return g_string_free (line, FALSE);
}

/* Reads until the client closes: the peer outlives nothing. */
static void
drain (GIOStream *stream)
{
  char buf[256];

  while (g_input_stream_read (g_io_stream_get_input_stream (stream), buf, sizeof buf, NULL, NULL) > 0)
    ;
}

static CrConnection *
connect_to (Peer               *peer,
            CrCertificateStore *store)
{
  g_autoptr(CrConnection) conn = cr_connection_new ("127.0.0.1", peer->port, store, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_connection_connect_sync (conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cr_connection_is_secure (conn));

  return g_steal_pointer (&conn);
}

static void
serve_hello (GIOStream *stream,
             gpointer   data)
{
  g_autofree char *line = NULL;

  send_text (stream, "* OK hello\r\nsecond line\r\n");
  line = receive_line (stream);
  g_assert_cmpstr (line, ==, "PING\r\n");
  send_text (stream, "PONG\r\n");
  drain (stream);
}

static void
test_read_write (void)
{
  Peer *peer = peer_start (serve_hello, NULL);
  g_autoptr(CrConnection) conn = connect_to (peer, NULL);
  mailstream *s = cr_etpan_stream_new (conn);
  char buf[64] = { 0 };

  g_assert_true (cr_etpan_stream_get_connection (s) == conn);
  g_assert_cmpint (mailstream_low_get_fd (mailstream_get_low (s)), ==, cr_connection_get_fd (conn));
  g_assert_cmpint (cr_connection_get_fd (conn), >=, 0);
  /* IMAP IDLE needs a cancel object to wait on. */
  g_assert_nonnull (mailstream_low_get_cancel (mailstream_get_low (s)));

  /* What the peer sent in one write is all in libetpan's own buffer: the
   * driver keeps nothing back (what STARTTLS injection checks rely on). */
  g_assert_cmpint (mailstream_read (s, buf, 4), ==, 4);
  g_assert_cmpstr (buf, ==, "* OK");
  g_assert_cmpuint (s->read_buffer_len, ==, strlen (" hello\r\nsecond line\r\n"));

  g_assert_cmpint (mailstream_write (s, "PING\r\n", 6), ==, 6);
  g_assert_cmpint (mailstream_flush (s), ==, 0);
  memset (buf, 0, sizeof buf);
  g_assert_cmpint (mailstream_read (s, buf, strlen (" hello\r\nsecond line\r\n")), >, 0);
  memset (buf, 0, sizeof buf);
  g_assert_cmpint (mailstream_read (s, buf, 6), ==, 6);
  g_assert_cmpstr (buf, ==, "PONG\r\n");

  mailstream_close (s);
  peer_join (peer);
}

static void
serve_injection (GIOStream *stream,
                 gpointer   data)
{
  /* The answer and forged bytes in one segment, as an attacker would. */
  send_text (stream, "OK\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] forged\r\n");
  drain (stream);
}

static void
test_starttls_injection (void)
{
  Peer *peer = peer_start (serve_injection, NULL);
  g_autoptr(CrConnection) conn = connect_to (peer, NULL);
  g_autoptr(GError) error = NULL;
  mailstream *s = cr_etpan_stream_new (conn);
  char buf[8] = { 0 };

  g_assert_cmpint (mailstream_read (s, buf, 4), ==, 4);
  g_assert_cmpstr (buf, ==, "OK\r\n");

  g_assert_false (cr_etpan_stream_starttls (s, conn, NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_false (cr_connection_is_secure (conn));

  mailstream_close (s);
  peer_join (peer);
}

/* Answers "OK", starts TLS as a server with certificate A, then echoes one
 * line; if the client refuses the certificate, the handshake just fails. */
static void
serve_starttls (GIOStream *stream,
                gpointer   data)
{
  g_autofree char *pem = g_strconcat (test_cert_a, test_key_a, NULL);
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_pem (pem, -1, NULL);
  g_autoptr(GIOStream) tls = NULL;
  g_autofree char *line = NULL;
  g_autofree char *reply = NULL;

  g_assert_nonnull (cert);
  send_text (stream, "OK\r\n");

  tls = g_tls_server_connection_new (stream, cert, NULL);
  g_assert_nonnull (tls);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    {
      drain (stream);
      return;
    }

  line = receive_line (tls);
  reply = g_strconcat ("ECHO ", line, NULL);
  send_text (tls, reply);
  drain (tls);
}

static void
test_starttls_swap (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cr-etpan-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "certificates.ini", NULL);
  g_autoptr(CrCertificateStore) store = cr_certificate_store_new (path);
  CrCertificateInfo *info;
  Peer *peer;
  char buf[32] = { 0 };

  /* First time: the certificate is refused and described. */
  {
    g_autoptr(CrConnection) conn = NULL;
    mailstream *s;

    peer = peer_start (serve_starttls, NULL);
    conn = connect_to (peer, store);
    s = cr_etpan_stream_new (conn);
    g_assert_cmpint (mailstream_read (s, buf, 4), ==, 4);
    g_assert_false (cr_etpan_stream_starttls (s, conn, NULL, &error));
    g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
    g_clear_error (&error);

    info = cr_connection_get_certificate_info (conn);
    g_assert_nonnull (info);
    g_assert_cmpstr (cr_certificate_info_get_fingerprint (info), ==, TEST_CERT_A_SHA256);
    g_assert_cmpstr (cr_certificate_info_get_host (info), ==, "127.0.0.1");
    g_assert_cmpuint (cr_certificate_info_get_port (info), ==, peer->port);
    g_assert_true (cr_certificate_info_get_errors (info) & G_TLS_CERTIFICATE_BAD_IDENTITY);
    g_assert_true (cr_certificate_info_get_errors (info) & G_TLS_CERTIFICATE_UNKNOWN_CA);
    g_assert_true (cr_certificate_store_trust (store, info, &error));
    g_assert_no_error (error);

    mailstream_close (s);
    peer_join (peer);
  }

  /* Once approved, the same certificate on the same port is accepted and
   * the stream carries on over TLS. */
  {
    g_autoptr(CrConnection) conn = NULL;
    mailstream *s;

    peer = peer_start (serve_starttls, NULL);
    /* The exception is for host:port: move it to the new port. */
    g_assert_true (cr_certificate_store_trust_fingerprint (store, "127.0.0.1", peer->port,
                                                           TEST_CERT_A_SHA256, &error));
    conn = connect_to (peer, store);
    s = cr_etpan_stream_new (conn);
    g_assert_cmpint (mailstream_read (s, buf, 4), ==, 4);
    g_assert_true (cr_etpan_stream_starttls (s, conn, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (cr_connection_is_secure (conn));
    g_assert_null (cr_connection_get_certificate_info (conn));
    g_assert_true (cr_etpan_stream_get_connection (s) == conn);

    g_assert_cmpint (mailstream_write (s, "hello\r\n", 7), ==, 7);
    g_assert_cmpint (mailstream_flush (s), ==, 0);
    memset (buf, 0, sizeof buf);
    g_assert_cmpint (mailstream_read (s, buf, 12), ==, 12);
    g_assert_cmpstr (buf, ==, "ECHO hello\r\n");

    mailstream_close (s);
    peer_join (peer);
  }

  g_assert_true (cr_certificate_store_forget (store, "127.0.0.1", 1, &error));
  g_remove (path);
  g_rmdir (dir);
}

static void
serve_silence (GIOStream *stream,
               gpointer   data)
{
  drain (stream);
}

static void
test_timeout (void)
{
  Peer *peer = peer_start (serve_silence, NULL);
  g_autoptr(CrConnection) conn = connect_to (peer, NULL);
  g_autoptr(GError) error = NULL;
  mailstream *s;
  char buf[8];

  /* A server that never answers cannot block a worker thread forever. */
  cr_connection_set_timeout (conn, 1);
  s = cr_etpan_stream_new (conn);
  g_assert_cmpint (mailstream_read (s, buf, sizeof buf), ==, -1);
  error = cr_connection_dup_io_error (conn);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));

  mailstream_close (s);
  peer_join (peer);
}

static void
test_cancellable (void)
{
  Peer *peer = peer_start (serve_silence, NULL);
  g_autoptr(CrConnection) conn = connect_to (peer, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  mailstream *s = cr_etpan_stream_new (conn);
  char buf[8];

  cr_connection_set_cancellable (conn, cancellable);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (mailstream_read (s, buf, sizeof buf), ==, -1);
  error = cr_connection_dup_io_error (conn);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  cr_connection_set_cancellable (conn, NULL);
  mailstream_close (s);
  peer_join (peer);
}

static gpointer
cancel_stream (gpointer data)
{
  mailstream_cancel (data);
  return NULL;
}

static void
test_cancel_from_thread (void)
{
  Peer *peer = peer_start (serve_silence, NULL);
  g_autoptr(CrConnection) conn = connect_to (peer, NULL);
  g_autoptr(GError) error = NULL;
  mailstream *s = cr_etpan_stream_new (conn);
  GThread *thread;
  char buf[8];

  /* libetpan's mailstream_cancel() from another thread ends a blocked read
   * at once (whether the read started yet or not), not at the timeout. */
  cr_connection_set_timeout (conn, 600);
  thread = g_thread_new ("cancel", cancel_stream, s);
  g_assert_cmpint (mailstream_read (s, buf, sizeof buf), <=, 0);
  g_thread_join (thread);
  error = cr_connection_dup_io_error (conn);
  g_assert_false (g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_TIMEOUT));

  mailstream_close (s);
  peer_join (peer);
}

int
main (int   argc,
      char *argv[])
{
  /* A throw-away HOME rather than G_TEST_OPTION_ISOLATE_DIRS, which
   * leaks in GLib 2.74 and would fail the AddressSanitizer build. */
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/etpan-stream/read-write", test_read_write);
  g_test_add_func ("/etpan-stream/starttls-injection", test_starttls_injection);
  g_test_add_func ("/etpan-stream/starttls-swap", test_starttls_swap);
  g_test_add_func ("/etpan-stream/timeout", test_timeout);
  g_test_add_func ("/etpan-stream/cancellable", test_cancellable);
  g_test_add_func ("/etpan-stream/cancel-from-thread", test_cancel_from_thread);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
