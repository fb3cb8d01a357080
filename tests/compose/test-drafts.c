/* test-drafts.c — drafts kept on disk through a SIGKILL, and in the
 * account's Brouillons: Dovecot for IMAP, the local folder for POP3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <gio/gunixinputstream.h>

#include "cr-context.h"
#include "cr-drafts.h"
#include "cr-message-builder.h"
#include "cr-mime-message.h"
#include "cr-outbox.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

static const char *saver_path;
static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static char *env_dir;

static CrContext *
make_context (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("ctx%u", n++);
  g_autofree char *dir = g_build_filename (env_dir, name, NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, dir, dir);
  CrContext *context = cr_context_new (paths);

  cr_context_set_tls_database (context, database);
  return context;
}

static CrAccount *
make_account (CrProtocol protocol)
{
  g_autoptr(CrAccount) account = cr_account_new ("compose");
  g_autoptr(CrServer) in = cr_server_new (protocol);
  g_autoptr(CrServer) out = cr_server_new (CR_PROTOCOL_SMTP);

  cr_account_set_address (account, "test@example.test");
  cr_server_set_host (in, "127.0.0.1");
  cr_server_set_port (in, cr_test_dovecot_get_port (dovecot, protocol == CR_PROTOCOL_IMAP ? CR_TEST_IMAPS : CR_TEST_POP3S));
  cr_server_set_security (in, CR_SECURITY_TLS);
  cr_server_set_login (in, cr_test_dovecot_get_user (dovecot));
  cr_server_set_host (out, "127.0.0.1");
  cr_account_set_incoming (account, in);
  cr_account_set_outgoing (account, out);
  return g_steal_pointer (&account);
}

static GBytes *
make_draft (const char *body)
{
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(GError) error = NULL;
  GBytes *raw;

  cr_message_builder_set_from (builder, "Amélie", "test@example.test");
  cr_message_builder_add_bcc (builder, NULL, "cache@example.org");
  cr_message_builder_set_subject (builder, "Brouillon été");
  cr_message_builder_set_body (builder, body);
  raw = cr_message_builder_build (builder, FALSE, &error);
  g_assert_no_error (error);
  return raw;
}

static guint
count_drafts (const char *text)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (text != NULL)
    cr_test_dovecot_doveadm (dovecot, &out, &error, "search", "-u", cr_test_dovecot_get_user (dovecot),
                             "mailbox", "Drafts", "DRAFT", "BODY", text, NULL);
  else
    cr_test_dovecot_doveadm (dovecot, &out, &error, "search", "-u", cr_test_dovecot_get_user (dovecot),
                             "mailbox", "Drafts", "ALL", NULL);
  g_assert_no_error (error);
  for (const char *p = out; p != NULL && *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_kill (void)
{
  g_autofree char *dir = g_build_filename (env_dir, "killed", NULL);
  g_autofree char *key = cr_drafts_new_key ();
  const char *argv[] = { saver_path, dir, key, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrDrafts) drafts = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  g_autofree char *account_id = NULL;
  GPid pid;
  int out_fd;
  int status;
  guint last = 0;
  CrMimePart *part;
  const char *text;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GInputStream) in = g_unix_input_stream_new (out_fd, TRUE);
    g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);

    /* Several versions saved, and the next one under way. */
    while (last < 5)
      {
        g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

        g_assert_no_error (error);
        g_assert_nonnull (line);
        g_assert_true (sscanf (line, "saved %u", &last) == 1);
      }
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFSIGNALED (status));
  }
  g_spawn_close_pid (pid);

  /* A whole version, at least the last one announced. */
  paths = cr_paths_new (dir, dir, dir);
  drafts = cr_drafts_new (paths);
  keys = cr_drafts_list (drafts);
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, key);
  raw = cr_drafts_load (drafts, key, &account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account_id, ==, "compose");
  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  part = g_ptr_array_index (cr_mime_message_get_body_parts (message), 0);
  text = cr_mime_part_get_text (part);
  {
    guint version = 0;
    const char *newline = strchr (text, '\n');

    g_assert_true (sscanf (text, "version %u", &version) == 1);
    g_assert_cmpuint (version, >=, last);
    g_assert_nonnull (newline);
    g_assert_cmpuint (strspn (newline + 1, "x"), ==, 256 * 1024);
  }
}

/* The store knows Brouillons as a sync would have found it. */
static void
add_drafts_folder (CrContext *context)
{
  g_autoptr(GError) error = NULL;
  CrStore *store = cr_context_get_store (context, &error);
  g_autoptr(CrFolderInfo) folder = cr_folder_info_new ("compose", "Drafts");

  g_assert_no_error (error);
  folder->name = g_strdup ("Drafts");
  folder->role = CR_FOLDER_ROLE_DRAFTS;
  cr_store_upsert_folder (store, folder, &error);
  g_assert_no_error (error);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_drafts_save_finish (CR_DRAFTS (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* A draft read back fills a composer as it was: Bcc (kept in drafts),
 * accents, a long line (format=flowed on disk), the attachment. Marked
 * open and never closed, it is a crash; closed, it is not. */
static void
test_read_back (void)
{
  g_autofree char *dir = g_build_filename (env_dir, "read-back", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, dir, dir);
  g_autoptr(CrDrafts) writer = cr_drafts_new (paths);
  g_autoptr(CrDrafts) after_crash = cr_drafts_new (paths);
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(CrMessageBuilder) back = NULL;
  g_autoptr(GBytes) raw = NULL;
  static const char data[] = "\x00\x01" "binaire" "\xff";
  g_autoptr(GBytes) file = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GPtrArray) crashed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = cr_drafts_new_key ();
  g_autofree char *account_id = NULL;
  const char *body = "Bonjour Élodie,\n\nUne très longue ligne qui dépasse largement les soixante-dix-huit "
                     "colonnes d’un message et que format=flowed coupe en plusieurs lignes sur le disque.\n"
                     "> une citation\n\nAmélie";

  cr_message_builder_set_from (builder, "Amélie Poulain", "amelie@example.test");
  cr_message_builder_add_to (builder, "Élodie Bouchez", "elodie@example.org");
  cr_message_builder_add_cc (builder, NULL, "jean@example.org");
  cr_message_builder_add_bcc (builder, "Caché", "cache@example.org");
  cr_message_builder_set_subject (builder, "Brouillon d’été");
  cr_message_builder_set_body (builder, body);
  cr_message_builder_add_attachment (builder, "données.bin", "application/octet-stream", file);
  raw = cr_message_builder_build (builder, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (cr_drafts_mark_open (writer, key, &error));
  g_assert_no_error (error);
  g_assert_true (cr_drafts_save_local (writer, key, "acct", raw, &error));
  g_assert_no_error (error);

  /* Held open by a living composer: no crash. */
  crashed = cr_drafts_list_crashed (after_crash);
  g_assert_cmpuint (crashed->len, ==, 0);
  g_clear_pointer (&crashed, g_ptr_array_unref);

  back = cr_drafts_load_builder (after_crash, key, &account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account_id, ==, "acct");
  g_assert_cmpstr (cr_message_builder_get_subject (back), ==, "Brouillon d’été");
  g_assert_cmpstr (cr_message_builder_get_body (back), ==, body);
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_message_builder_get_to (back), 0))->name, ==,
                   "Élodie Bouchez");
  g_assert_cmpuint (cr_message_builder_get_cc (back)->len, ==, 1);
  g_assert_cmpuint (cr_message_builder_get_bcc (back)->len, ==, 1);
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_message_builder_get_bcc (back), 0))->address, ==,
                   "cache@example.org");
  g_assert_cmpuint (cr_message_builder_get_n_attachments (back), ==, 1);
  g_assert_cmpstr (cr_message_builder_get_attachment_name (back, 0), ==, "données.bin");
  g_assert_true (g_bytes_equal (cr_message_builder_get_attachment_data (back, 0), file));

  /* The writer goes away without closing it, as a killed process would
   * (its lock with it): a crash. Closed, it is not. */
  g_clear_object (&writer);
  crashed = cr_drafts_list_crashed (after_crash);
  g_assert_cmpuint (crashed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (crashed, 0), ==, key);
  g_clear_pointer (&crashed, g_ptr_array_unref);
  cr_drafts_mark_closed (after_crash, key);
  crashed = cr_drafts_list_crashed (after_crash);
  g_assert_cmpuint (crashed->len, ==, 0);
}

static void
test_imap (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrAccount) account = make_account (CR_PROTOCOL_IMAP);
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autofree char *key = cr_drafts_new_key ();
  g_autoptr(GBytes) first = make_draft ("premierjet");
  g_autoptr(GBytes) second = make_draft ("deuxiemejet");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  const char *password = cr_test_dovecot_get_password (dovecot);
  gboolean done = FALSE;
  guint before = count_drafts (NULL);

  add_drafts_folder (context);
  cr_drafts_save_async (drafts, context, account, password, key, first, NULL, on_saved, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_drafts ("premierjet"), ==, 1);

  /* The new version replaces the old one on the server. */
  g_assert_true (cr_drafts_save_local (drafts, key, "compose", second, &error));
  g_assert_true (cr_drafts_upload_sync (drafts, context, account, password, key, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_drafts ("premierjet"), ==, 0);
  g_assert_cmpuint (count_drafts ("deuxiemejet"), ==, 1);
  g_assert_cmpuint (count_drafts (NULL), ==, before + 1);
  /* Nothing new to upload: nothing happens. */
  g_assert_true (cr_drafts_upload_sync (drafts, context, account, password, key, NULL, &error));
  g_assert_cmpuint (count_drafts (NULL), ==, before + 1);

  g_assert_true (cr_drafts_discard_sync (drafts, context, account, password, key, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_drafts (NULL), ==, before);
  keys = cr_drafts_list (drafts);
  g_assert_cmpuint (keys->len, ==, 0);
}

/* Closed offline: the draft stays on disk, pending, never lost; closed
 * (or started again) online: it goes to Brouillons and leaves the disk,
 * where it would only pile up. */
static void
test_release (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrAccount) account = make_account (CR_PROTOCOL_IMAP);
  g_autoptr(CrAccount) offline = make_account (CR_PROTOCOL_IMAP);
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autofree char *key = cr_drafts_new_key ();
  g_autoptr(GBytes) raw = make_draft ("fermehorsligne");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const char *password = cr_test_dovecot_get_password (dovecot);

  add_drafts_folder (context);
  cr_server_set_port (cr_account_get_incoming (offline), cr_test_free_port ());
  g_assert_true (cr_drafts_mark_open (drafts, key, &error));
  g_assert_true (cr_drafts_save_local (drafts, key, "compose", raw, &error));
  cr_drafts_mark_closed (drafts, key);

  g_assert_false (cr_drafts_release_sync (drafts, context, offline, password, key, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  pending = cr_drafts_list_pending (drafts);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (pending, 0), ==, key);

  g_assert_true (cr_drafts_release_sync (drafts, context, account, password, key, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_drafts ("fermehorsligne"), ==, 1);
  left = cr_drafts_list (drafts);
  g_assert_cmpuint (left->len, ==, 0);
  none = cr_drafts_list_pending (drafts);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_pop3 (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrAccount) account = make_account (CR_PROTOCOL_POP3);
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autofree char *key = cr_drafts_new_key ();
  g_autoptr(GBytes) first = make_draft ("premier");
  g_autoptr(GBytes) second = make_draft ("second");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;
  CrStore *store;
  guint total = 0;
  guint unread = 0;

  g_assert_true (cr_drafts_save_local (drafts, key, "compose", first, &error));
  g_assert_true (cr_drafts_upload_sync (drafts, context, account, NULL, key, NULL, &error));
  g_assert_true (cr_drafts_save_local (drafts, key, "compose", second, &error));
  g_assert_true (cr_drafts_upload_sync (drafts, context, account, NULL, key, NULL, &error));
  g_assert_no_error (error);

  store = cr_context_get_store (context, &error);
  folder = cr_store_lookup_folder_by_role (store, "compose", CR_FOLDER_ROLE_DRAFTS, &error);
  g_assert_no_error (error);
  g_assert_true (cr_store_get_counts (store, folder->id, &total, &unread, &error));
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (unread, ==, 0);

  g_assert_true (cr_drafts_discard_sync (drafts, context, account, NULL, key, NULL, &error));
  g_assert_true (cr_store_get_counts (store, folder->id, &total, &unread, &error));
  g_assert_cmpuint (total, ==, 0);
}

/* A full disk, as the kernel gives it: writes past @bytes fail (EFBIG,
 * with SIGXFSZ ignored). Returns the limit to put back. */
static struct rlimit
limit_file_size (rlim_t bytes)
{
  struct rlimit saved;
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = bytes;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  return saved;
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The disk fills up while a draft is saved: the previous version stays
 * whole, no temporary file is left, and the error says what failed. */
static void
test_disk_full_draft (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autofree char *key = cr_drafts_new_key ();
  g_autofree char *dir = cr_paths_build (cr_context_get_paths (context), CR_PATH_DATA, "drafts");
  g_autofree char *long_text = g_strnfill (20000, 'a');
  g_autoptr(GBytes) first = make_draft ("Première version");
  g_autoptr(GBytes) second = make_draft (long_text);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved;
  gboolean ok;

  g_assert_true (cr_drafts_save_local (drafts, key, "compose", first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (dir), ==, 2);

  saved = limit_file_size (g_bytes_get_size (first) + 1000);
  ok = cr_drafts_save_local (drafts, key, "compose", second, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_false (ok);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The draft could not be saved: "));
  g_clear_error (&error);

  back = cr_drafts_load (drafts, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, first));
  g_assert_cmpuint (count_files (dir), ==, 2);
}

/* The same while “Envoyer” puts a message in the outbox: no entry, no
 * file left, an error for the composer (which keeps the message). */
static void
test_disk_full_outbox (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrOutbox) outbox = cr_outbox_new (cr_context_get_paths (context));
  g_autofree char *dir = cr_paths_build (cr_context_get_paths (context), CR_PATH_DATA, "outbox");
  g_autofree char *long_text = g_strnfill (20000, 'a');
  g_autoptr(GBytes) raw = make_draft (long_text);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char * const recipients[] = { "elodie@example.org", NULL };
  struct rlimit saved;

  saved = limit_file_size (4096);
  id = cr_outbox_enqueue (outbox, "compose", "test@example.test", recipients, raw, 0, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_null (id);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The message could not be put in the outbox: "));
  g_clear_error (&error);

  entries = cr_outbox_list (outbox, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpuint (count_files (dir), ==, 0);
}

static void
assert_mode (const char *dir,
             const char *name,
             guint       mode)
{
  g_autofree char *path = name != NULL ? g_build_filename (dir, name, NULL) : g_strdup (dir);
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

/* Drafts and the outbox hold private mail: only their owner reads them. */
static void
test_private_files (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autoptr(CrOutbox) outbox = cr_outbox_new (cr_context_get_paths (context));
  g_autofree char *key = cr_drafts_new_key ();
  g_autofree char *drafts_dir = cr_paths_build (cr_context_get_paths (context), CR_PATH_DATA, "drafts");
  g_autofree char *outbox_dir = cr_paths_build (cr_context_get_paths (context), CR_PATH_DATA, "outbox");
  g_autoptr(GBytes) raw = make_draft ("secret");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char * const recipients[] = { "elodie@example.org", NULL };
  const char * const suffixes[] = { ".eml", ".ini", ".open" };

  g_assert_true (cr_drafts_mark_open (drafts, key, &error));
  g_assert_true (cr_drafts_save_local (drafts, key, "compose", raw, &error));
  g_assert_no_error (error);
  assert_mode (drafts_dir, NULL, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (key, suffixes[i], NULL);

      assert_mode (drafts_dir, name, 0600);
    }
  cr_drafts_mark_closed (drafts, key);

  id = cr_outbox_enqueue (outbox, "compose", "test@example.test", recipients, raw, 0, &error);
  g_assert_no_error (error);
  assert_mode (outbox_dir, NULL, 0700);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strconcat (id, suffixes[i], NULL);

      assert_mode (outbox_dir, name, 0600);
    }
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
  saver_path = argv[1];

  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);

  g_test_add_func ("/drafts/kill", test_kill);
  g_test_add_func ("/drafts/read-back", test_read_back);
  g_test_add_func ("/drafts/imap", test_imap);
  g_test_add_func ("/drafts/release", test_release);
  g_test_add_func ("/drafts/pop3", test_pop3);
  g_test_add_func ("/drafts/private-files", test_private_files);
  g_test_add_func ("/drafts/disk-full", test_disk_full_draft);
  g_test_add_func ("/drafts/disk-full-outbox", test_disk_full_outbox);

  ret = g_test_run ();

  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);
  return ret;
}
