/* test-cli-send.c — courrier-cli send, as a script uses it, against the
 * private SMTP sink and Dovecot: through the outbox, with the copy in
 * Envoyés; a wrong password leaves the message in the outbox; two CLIs
 * sending the same outbox at once deliver each message exactly once, and
 * a message locked by another process waits only while that process lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cr-mime-message.h"
#include "cr-outbox.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-smtp-sink.h"

#define HOST "127.0.0.1"

static const char *cli_path;
static char *env_dir;
static char *config_dir;
static char *data_dir;
static char *cache_dir;
static CrTestCa *ca;
static CrTestDovecot *dovecot;
static CrTestSmtpSink *sink;

/* courrier-cli on the test's directories, without a keyring (passwords
 * come on standard input only). */
static GSubprocess *
spawn_cli_va (GSubprocessFlags  flags,
              const char       *first_arg,
              va_list           ap)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *bus = g_strdup_printf ("unix:path=%s/no-such-bus", env_dir);
  GSubprocess *proc;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) "--config-dir");
  g_ptr_array_add (argv, config_dir);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, data_dir);
  g_ptr_array_add (argv, (char *) "--cache-dir");
  g_ptr_array_add (argv, cache_dir);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "COURRIER_TLS_CA_FILE", cr_test_ca_get_cert_path (ca), TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static int
run_cli (const char  *input,
         char       **out_stderr,
         const char  *first_arg,
         ...)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  va_start (ap, first_arg);
  proc = spawn_cli_va (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                       first_arg, ap);
  va_end (ap);
  g_subprocess_communicate_utf8 (proc, input != NULL ? input : "", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("courrier-cli → %d\n%s%s", g_subprocess_get_exit_status (proc), out, err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (proc);
}

static char *
password_line (const char *rest)
{
  return g_strconcat (cr_test_dovecot_get_password (dovecot), "\n", rest, NULL);
}

static guint
count_in (const char *mailbox)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  cr_test_dovecot_doveadm (dovecot, &out, &error, "search", "-u", cr_test_dovecot_get_user (dovecot),
                           "mailbox", mailbox, "ALL", NULL);
  g_assert_no_error (error);
  for (const char *p = out; p != NULL && *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static guint
count_outbox (void)
{
  g_autofree char *path = g_build_filename (data_dir, "outbox", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".ini");
  return n;
}

static void
add_account (const char *id,
             guint16     smtp_port)
{
  g_autofree char *in_port = g_strdup_printf ("%u", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  g_autofree char *out_port = g_strdup_printf ("%u", smtp_port);
  g_autofree char *input = password_line ("");

  g_assert_cmpint (run_cli (NULL, NULL, "account", "add", "--id", id, "--name", "Amélie Poulain",
                            "--address", cr_test_dovecot_get_user (dovecot),
                            "--incoming", "imap", "--in-host", HOST, "--in-port", in_port,
                            "--in-security", "tls",
                            "--out-host", HOST, "--out-port", out_port, "--out-security", "tls", NULL),
                   ==, 0);
  /* The folders, Envoyés among them, as the application would know them. */
  g_assert_cmpint (run_cli (input, NULL, "sync", id, "--password-stdin", NULL), ==, 0);
}

static void
test_send_written (void)
{
  g_autofree char *attachment = g_build_filename (env_dir, "Facture n°12 — été.pdf", NULL);
  g_autofree char *input = password_line ("Bonjour,\n\nLa facture est jointe.\n");
  g_autoptr(GBytes) received = NULL;
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  guint before = cr_test_smtp_sink_count (sink);
  guint sent_before = count_in ("Sent");
  const char pdf[] = "%PDF-1.4\n\x00\x01\x02\xff binary\r\n.\r\nend";
  CrMimePart *part;

  g_assert_true (g_file_set_contents (attachment, pdf, sizeof pdf, NULL));
  g_assert_cmpint (run_cli (input, NULL, "send", "cli", "--to", "elodie@example.org", "--cc", "jean@example.org",
                            "--subject", "Facture d’été", "--attach", attachment, "--password-stdin", NULL),
                   ==, 0);

  facts = cr_test_smtp_sink_wait_message (sink, before, CR_TEST_START_TIMEOUT_MS, &received, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (facts, "rcpt_tos")), ==, 2);
  message = cr_mime_message_new_from_bytes (received, CR_MIME_PARSE_DEFAULT);
  g_assert_cmpstr (cr_mime_message_get_subject (message), ==, "Facture d’été");
  part = g_ptr_array_index (cr_mime_message_get_attachments (message), 0);
  g_assert_cmpstr (cr_mime_part_get_filename (part), ==, "Facture n°12 — été.pdf");
  g_assert_cmpstr (cr_mime_part_get_content_type (part), ==, "application/pdf");
  {
    g_autoptr(GBytes) expected = g_bytes_new (pdf, sizeof pdf);
    g_assert_true (g_bytes_equal (cr_mime_part_get_bytes (part), expected));
  }
  g_assert_cmpuint (count_in ("Sent"), ==, sent_before + 1);
  g_assert_cmpuint (count_outbox (), ==, 0);
}

static void
test_send_file (void)
{
  const char eml[] =
    "From: Amélie <test@example.test>\r\n"
    "To: elodie@example.org\r\n"
    "Bcc: hidden@example.org\r\n"
    "Subject: fichier\r\n"
    "\r\n"
    ".leading dot\r\n";
  g_autofree char *path = g_build_filename (env_dir, "message.eml", NULL);
  g_autofree char *input = password_line ("");
  g_autoptr(GBytes) received = NULL;
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(GError) error = NULL;
  guint before = cr_test_smtp_sink_count (sink);
  JsonArray *rcpts;

  g_assert_true (g_file_set_contents (path, eml, -1, NULL));
  g_assert_cmpint (run_cli (input, NULL, "send", "cli", path, "--password-stdin", NULL), ==, 0);
  facts = cr_test_smtp_sink_wait_message (sink, before, CR_TEST_START_TIMEOUT_MS, &received, &error);
  g_assert_no_error (error);
  rcpts = json_object_get_array_member (facts, "rcpt_tos");
  g_assert_cmpuint (json_array_get_length (rcpts), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (rcpts, 1), ==, "hidden@example.org");
  /* Bcc is not in what travels; the dot-stuffing is undone. */
  g_assert_null (g_strstr_len (g_bytes_get_data (received, NULL), (gssize) g_bytes_get_size (received), "hidden"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (received, NULL), (gssize) g_bytes_get_size (received),
                                  "\r\n\r\n.leading dot\r\n"));
}

static void
test_wrong_password (void)
{
  g_autofree char *err = NULL;
  g_autofree char *retry = password_line ("");
  guint before = cr_test_smtp_sink_count (sink);

  g_assert_cmpint (run_cli ("not-the-password\nTexte\n", &err, "send", "cli", "--to", "elodie@example.org",
                            "--subject", "Raté", "--password-stdin", NULL),
                   ==, 4);
  g_assert_nonnull (strstr (err, "credentials invalid"));
  g_assert_cmpuint (count_outbox (), ==, 1);
  g_assert_cmpuint (cr_test_smtp_sink_count (sink), ==, before);

  /* A permanent failure waits for the person: a plain run does not send it. */
  g_assert_cmpint (run_cli (retry, NULL, "send", "cli", "--password-stdin", NULL), ==, 0);
  g_assert_cmpuint (count_outbox (), ==, 1);
  g_assert_cmpuint (cr_test_smtp_sink_count (sink), ==, before);
}

static GSubprocess *
spawn_cli (const char *first_arg,
           ...)
{
  GSubprocess *proc;
  va_list ap;

  va_start (ap, first_arg);
  proc = spawn_cli_va (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, first_arg, ap);
  va_end (ap);
  return proc;
}

/* Messages put in the CLI's outbox as the application would, due now. */
static GPtrArray *
enqueue (guint       n,
         const char *tag)
{
  g_autoptr(CrPaths) paths = cr_paths_new (config_dir, data_dir, cache_dir);
  g_autoptr(CrOutbox) outbox = cr_outbox_new (paths);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const char *recipients[] = { "elodie@example.org", NULL };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("From: %s\r\nTo: elodie@example.org\r\nSubject: %s %u\r\n\r\n%s\r\n",
                                               cr_test_dovecot_get_user (dovecot), tag, i, tag);
      g_autoptr(GBytes) raw = g_bytes_new (text, strlen (text));
      g_autoptr(GError) error = NULL;
      char *id = cr_outbox_enqueue (outbox, "cli", cr_test_dovecot_get_user (dovecot), recipients, raw, 0, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

/* How many of the messages the sink got since @before carry @subject. */
static guint
count_received (guint       before,
                const char *subject)
{
  guint n = 0;

  for (guint i = before; i < cr_test_smtp_sink_count (sink); i++)
    {
      g_autoptr(GBytes) raw = NULL;
      g_autoptr(JsonObject) facts = NULL;
      g_autoptr(CrMimeMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      facts = cr_test_smtp_sink_wait_message (sink, i, CR_TEST_START_TIMEOUT_MS, &raw, &error);
      g_assert_no_error (error);
      message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
      n += g_strcmp0 (cr_mime_message_get_subject (message), subject) == 0;
    }
  return n;
}

static void
finish_cli (GSubprocess *proc,
            const char  *input)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (proc, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static void
test_concurrent (void)
{
  const guint n = 12;
  guint waiting = count_outbox ();
  g_autoptr(GPtrArray) ids = enqueue (n, "concurrent");
  g_autofree char *input = password_line ("");
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  guint before = cr_test_smtp_sink_count (sink);

  /* Both read the same twelve due messages and race for each. */
  first = spawn_cli ("send", "cli", "--password-stdin", NULL);
  second = spawn_cli ("send", "cli", "--password-stdin", NULL);
  finish_cli (first, input);
  finish_cli (second, input);

  /* Both exited: nothing more can arrive. */
  g_test_message ("%u messages received for %u queued", cr_test_smtp_sink_count (sink) - before, n);
  g_assert_cmpuint (cr_test_smtp_sink_count (sink) - before, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("concurrent %u", i);

      g_assert_cmpuint (count_received (before, subject), ==, 1);
    }
  g_assert_cmpuint (count_outbox (), ==, waiting);
}

static void
test_locked_elsewhere (void)
{
  guint waiting = count_outbox ();
  g_autoptr(GPtrArray) ids = enqueue (1, "locked");
  g_autofree char *eml = g_strconcat (data_dir, "/outbox/", (char *) g_ptr_array_index (ids, 0), ".eml", NULL);
  g_autofree char *input = password_line ("");
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  guint before = cr_test_smtp_sink_count (sink);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Another process holds the message, as a sender in the middle of it
   * would (util-linux flock(1) takes the same lock). */
  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, "flock", "--close", "--exclusive", eml, "cat", NULL);
  g_assert_no_error (error);
  while (g_get_monotonic_time () < deadline)
    {
      int fd = g_open (eml, O_RDONLY, 0);
      gboolean busy = flock (fd, LOCK_EX | LOCK_NB) != 0;

      close (fd);
      if (busy)
        break;
      g_usleep (10000);
    }
  g_assert_cmpint (run_cli (input, NULL, "send", "cli", "--password-stdin", NULL), ==, 0);
  g_assert_cmpuint (cr_test_smtp_sink_count (sink), ==, before);
  g_assert_cmpuint (count_outbox (), ==, waiting + 1);

  /* Its holder dies without letting go: the kernel does. */
  g_subprocess_force_exit (holder);
  g_subprocess_wait (holder, NULL, NULL);
  g_assert_cmpint (run_cli (input, NULL, "send", "cli", "--password-stdin", NULL), ==, 0);
  g_assert_cmpuint (count_received (before, "locked 0"), ==, 1);
  g_assert_cmpuint (count_outbox (), ==, waiting);
}

static void
test_usage (void)
{
  g_assert_cmpint (run_cli (NULL, NULL, "send", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "send", "cli", "--to", "a@example.org", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "send", "cli", "file.eml", "--subject", "x", NULL), ==, 2);
  g_assert_cmpint (run_cli ("x\n", NULL, "send", "cli", "--to", "not an address", "--subject", "x",
                            "--password-stdin", NULL), ==, 2);
}

int
main (int argc, char *argv[])
{
  g_autofree char *ca_dir = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, >=, 2);
  cli_path = argv[1];

  config_dir = g_build_filename (env_dir, "cli-config", NULL);
  data_dir = g_build_filename (env_dir, "cli-data", NULL);
  cache_dir = g_build_filename (env_dir, "cli-cache", NULL);
  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  add_account ("cli", cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS));

  g_test_add_func ("/cli-send/written", test_send_written);
  g_test_add_func ("/cli-send/file", test_send_file);
  g_test_add_func ("/cli-send/wrong-password", test_wrong_password);
  g_test_add_func ("/cli-send/usage", test_usage);
  g_test_add_func ("/cli-send/concurrent", test_concurrent);
  g_test_add_func ("/cli-send/locked-elsewhere", test_locked_elsewhere);

  ret = g_test_run ();

  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);
  g_free (config_dir);
  g_free (data_dir);
  g_free (cache_dir);
  return ret;
}
