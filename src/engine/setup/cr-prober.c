/* cr-prober.c — find mail servers by trying the usual names and ports
 *
 * The last resort of the detector, what Thunderbird did in the guide
 * (“trouvés en sondant le serveur indiqué”): imap., pop., pop3., smtp.,
 * mail. and the MX host, on 993/143, 995/110 and 465/587. A probe connects,
 * shakes hands with TLS (at once, or after STARTTLS), reads the greeting
 * and leaves: it never logs in and never has a password to send. Only
 * servers that complete TLS with a trusted certificate are proposed.
 *
 * Probes run in threads (the connection layer blocks), a few at a time,
 * all under one deadline. Tests map the usual ports to the random ones of
 * their private servers; once a map is set, unmapped ports are skipped so
 * that a test never reaches a real service of the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-connection.h"
#include "cr-net-error.h"
#include "cr-prober.h"
#include "cr-setup-util.h"

#define MAX_LINE   2048
#define MAX_LINES  64

struct _CrProber
{
  GObject       parent_instance;

  GTlsDatabase *database;
  GHashTable   *port_map;
  guint         timeout;
  guint         deadline;
  guint         max_parallel;
};

G_DEFINE_FINAL_TYPE (CrProber, cr_prober, G_TYPE_OBJECT)

typedef struct
{
  CrProtocol   protocol;
  CrSecurity   security;
  guint16      port;
  const char  *prefixes[4];
} Pattern;

/* Implicit TLS first for each protocol, as the guide recommends. */
static const Pattern patterns[] = {
  { CR_PROTOCOL_IMAP, CR_SECURITY_TLS,      993, { "imap.", "mail.", NULL } },
  { CR_PROTOCOL_IMAP, CR_SECURITY_STARTTLS, 143, { "imap.", "mail.", NULL } },
  { CR_PROTOCOL_POP3, CR_SECURITY_TLS,      995, { "pop.", "pop3.", "mail.", NULL } },
  { CR_PROTOCOL_POP3, CR_SECURITY_STARTTLS, 110, { "pop.", "pop3.", "mail.", NULL } },
  { CR_PROTOCOL_SMTP, CR_SECURITY_TLS,      465, { "smtp.", "mail.", NULL } },
  { CR_PROTOCOL_SMTP, CR_SECURITY_STARTTLS, 587, { "smtp.", "mail.", NULL } },
};

static void
cr_prober_finalize (GObject *object)
{
  CrProber *self = (CrProber *)object;

  g_clear_object (&self->database);
  g_clear_pointer (&self->port_map, g_hash_table_unref);

  G_OBJECT_CLASS (cr_prober_parent_class)->finalize (object);
}

static void
cr_prober_class_init (CrProberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_prober_finalize;
}

static void
cr_prober_init (CrProber *self)
{
  self->port_map = g_hash_table_new (NULL, NULL);
  self->timeout = CR_PROBER_DEFAULT_TIMEOUT;
  self->deadline = CR_PROBER_DEFAULT_DEADLINE;
  self->max_parallel = CR_PROBER_DEFAULT_MAX_PARALLEL;
}

CrProber *
cr_prober_new (void)
{
  return g_object_new (CR_TYPE_PROBER, NULL);
}

/**
 * cr_prober_set_tls_database:
 * @database: (nullable): the CAs to trust, %NULL for the system’s
 */
void
cr_prober_set_tls_database (CrProber     *self,
                            GTlsDatabase *database)
{
  g_return_if_fail (CR_IS_PROBER (self));

  g_set_object (&self->database, database);
}

/**
 * cr_prober_set_timeout:
 *
 * How long one probe may wait for the network.
 */
void
cr_prober_set_timeout (CrProber *self,
                       guint     seconds)
{
  g_return_if_fail (CR_IS_PROBER (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

/**
 * cr_prober_set_deadline:
 *
 * How long all the probes of a run may take together; what was found by
 * then is the answer.
 */
void
cr_prober_set_deadline (CrProber *self,
                        guint     seconds)
{
  g_return_if_fail (CR_IS_PROBER (self));
  g_return_if_fail (seconds > 0);

  self->deadline = seconds;
}

void
cr_prober_set_max_parallel (CrProber *self,
                            guint     max_parallel)
{
  g_return_if_fail (CR_IS_PROBER (self));
  g_return_if_fail (max_parallel > 0);

  self->max_parallel = max_parallel;
}

/**
 * cr_prober_map_port:
 *
 * Probes @actual_port wherever @usual_port would be probed. Once a port
 * is mapped, ports without a mapping are not probed at all.
 */
void
cr_prober_map_port (CrProber *self,
                    guint16   usual_port,
                    guint16   actual_port)
{
  g_return_if_fail (CR_IS_PROBER (self));
  g_return_if_fail (usual_port > 0 && actual_port > 0);

  g_hash_table_insert (self->port_map, GUINT_TO_POINTER (usual_port), GUINT_TO_POINTER (actual_port));
}

static gboolean
map_port (CrProber *self,
          guint16   usual_port,
          guint16  *out_port)
{
  gpointer actual;

  if (g_hash_table_size (self->port_map) == 0)
    {
      *out_port = usual_port;
      return TRUE;
    }

  if (!g_hash_table_lookup_extended (self->port_map, GUINT_TO_POINTER (usual_port), NULL, &actual))
    return FALSE;

  *out_port = (guint16) GPOINTER_TO_UINT (actual);
  return TRUE;
}

static void
add_candidate (CrProber      *self,
               GPtrArray     *candidates,
               const Pattern *pattern,
               const char    *host,
               const char    *address)
{
  g_autoptr(CrServer) server = NULL;
  guint16 port;

  if (!cr_setup_hostname_is_valid (host) || !map_port (self, pattern->port, &port))
    return;

  for (guint i = 0; i < candidates->len; i++)
    {
      CrServer *other = g_ptr_array_index (candidates, i);

      if (cr_server_get_port (other) == port && g_ascii_strcasecmp (cr_server_get_host (other), host) == 0)
        return;
    }

  server = cr_server_new (pattern->protocol);
  cr_server_set_host (server, host);
  cr_server_set_security (server, pattern->security);
  cr_server_set_port (server, port);
  cr_server_set_login (server, address);
  g_ptr_array_add (candidates, g_steal_pointer (&server));
}

/**
 * cr_prober_list_candidates:
 * @mx_hosts: (nullable): the domain’s MX hosts, most preferred first
 *
 * Returns: (transfer full) (element-type CrServer): the servers a run
 *   would try, most wanted first, with the full address as login
 */
GPtrArray *
cr_prober_list_candidates (CrProber          *self,
                           const char        *address,
                           const char *const *mx_hosts)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *domain = NULL;

  g_return_val_if_fail (CR_IS_PROBER (self), NULL);

  if (!cr_setup_split_address (address, NULL, &domain, NULL))
    return g_steal_pointer (&candidates);

  for (guint p = 0; p < G_N_ELEMENTS (patterns); p++)
    {
      for (guint i = 0; patterns[p].prefixes[i] != NULL; i++)
        {
          g_autofree char *host = g_strconcat (patterns[p].prefixes[i], domain, NULL);

          add_candidate (self, candidates, &patterns[p], host, address);
        }

      /* Small hosts often serve everything from their MX. */
      if (mx_hosts != NULL && mx_hosts[0] != NULL)
        add_candidate (self, candidates, &patterns[p], mx_hosts[0], address);
    }

  return g_steal_pointer (&candidates);
}

static gboolean
read_line (GInputStream  *input,
           GString       *line,
           GCancellable  *cancellable,
           GError       **error)
{
  g_string_truncate (line, 0);

  /* Byte by byte: nothing may be left buffered here when TLS starts. */
  while (line->len < MAX_LINE)
    {
      char c;
      gssize n = g_input_stream_read (input, &c, 1, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (c == '\n')
        {
          if (line->len > 0 && line->str[line->len - 1] == '\r')
            g_string_truncate (line, line->len - 1);
          return TRUE;
        }
      g_string_append_c (line, c);
    }

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_PROTOCOL,
               _("The server’s answer is not one of a mail server."));
  return FALSE;
}

static gboolean
write_line (GIOStream     *stream,
            const char    *line,
            GCancellable  *cancellable,
            GError       **error)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (stream), line, strlen (line),
                                    NULL, cancellable, error);
}

static gboolean
protocol_error (GError **error)
{
  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_PROTOCOL,
               _("The server’s answer is not one of a mail server."));
  return FALSE;
}

/* Reads a whole answer; for SMTP, the lines of a multi-line reply. */
static gboolean
read_reply (GIOStream     *stream,
            CrProtocol     protocol,
            const char    *tag,
            GString       *last,
            GString       *all,
            GCancellable  *cancellable,
            GError       **error)
{
  GInputStream *input = g_io_stream_get_input_stream (stream);

  for (guint i = 0; i < MAX_LINES; i++)
    {
      if (!read_line (input, last, cancellable, error))
        return FALSE;
      if (all != NULL)
        g_string_append_printf (all, "%s\n", last->str);

      if (protocol == CR_PROTOCOL_SMTP && (last->len < 4 || last->str[3] != '-'))
        return TRUE;
      /* A greeting is one line; an IMAP command ends with its tag. */
      if (protocol != CR_PROTOCOL_SMTP && (tag == NULL || g_str_has_prefix (last->str, tag)))
        return TRUE;
    }

  return protocol_error (error);
}

static gboolean
check_greeting (GIOStream     *stream,
                CrServer      *server,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  CrProtocol protocol = cr_server_get_protocol (server);
  gboolean starttls = cr_server_get_security (server) == CR_SECURITY_STARTTLS;

  if (!read_reply (stream, protocol, NULL, line, NULL, cancellable, error))
    return FALSE;

  switch (protocol)
    {
    case CR_PROTOCOL_IMAP:
      /* PREAUTH leaves no way to STARTTLS: that server is not proposed. */
      if (g_str_has_prefix (line->str, "* OK") ||
          (!starttls && g_str_has_prefix (line->str, "* PREAUTH")))
        return TRUE;
      break;

    case CR_PROTOCOL_POP3:
      if (g_str_has_prefix (line->str, "+OK"))
        return TRUE;
      break;

    case CR_PROTOCOL_SMTP:
      if (g_str_has_prefix (line->str, "220"))
        return TRUE;
      break;

    default:
      break;
    }

  return protocol_error (error);
}

static gboolean
starttls_refused (GError **error)
{
  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE,
               _("The server does not offer to encrypt the connection (STARTTLS)."));
  return FALSE;
}

/* Asks for TLS the protocol’s way and checks the answer; the handshake
 * itself is the connection layer’s. */
static gboolean
request_starttls (GIOStream     *stream,
                  CrProtocol     protocol,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) all = g_string_new (NULL);

  switch (protocol)
    {
    case CR_PROTOCOL_IMAP:
      if (!write_line (stream, "P1 STARTTLS\r\n", cancellable, error) ||
          !read_reply (stream, protocol, "P1 ", line, NULL, cancellable, error))
        return FALSE;
      return g_str_has_prefix (line->str, "P1 OK") || starttls_refused (error);

    case CR_PROTOCOL_POP3:
      if (!write_line (stream, "STLS\r\n", cancellable, error) ||
          !read_reply (stream, protocol, NULL, line, NULL, cancellable, error))
        return FALSE;
      return g_str_has_prefix (line->str, "+OK") || starttls_refused (error);

    case CR_PROTOCOL_SMTP:
      if (!write_line (stream, "EHLO localhost\r\n", cancellable, error) ||
          !read_reply (stream, protocol, NULL, line, all, cancellable, error))
        return FALSE;
      if (!g_str_has_prefix (line->str, "250") || strstr (all->str, "STARTTLS") == NULL)
        return starttls_refused (error);
      if (!write_line (stream, "STARTTLS\r\n", cancellable, error) ||
          !read_reply (stream, protocol, NULL, line, NULL, cancellable, error))
        return FALSE;
      return g_str_has_prefix (line->str, "220") || starttls_refused (error);

    default:
      return protocol_error (error);
    }
}

/* A polite end, so that the server logs a client that left rather than
 * a lost connection; whatever it answers does not matter any more. */
static void
say_goodbye (GIOStream    *stream,
             CrProtocol    protocol,
             GCancellable *cancellable)
{
  const char *command = protocol == CR_PROTOCOL_IMAP ? "P2 LOGOUT\r\n" : "QUIT\r\n";

  write_line (stream, command, cancellable, NULL);
}

static gboolean
probe_unclassified (CrServer      *server,
                    GTlsDatabase  *database,
                    guint          timeout,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CrConnection) connection = NULL;
  CrSecurity security = cr_server_get_security (server);

  connection = cr_connection_new (cr_server_get_host (server), cr_server_get_port (server),
                                  NULL, database);
  cr_connection_set_timeout (connection, timeout);

  if (!cr_connection_connect_sync (connection, cancellable, error))
    return FALSE;

  if (security == CR_SECURITY_TLS)
    {
      if (!cr_connection_start_tls_sync (connection, cancellable, error) ||
          !check_greeting (cr_connection_get_stream (connection), server, cancellable, error))
        return FALSE;
    }
  else if (security == CR_SECURITY_STARTTLS)
    {
      if (!check_greeting (cr_connection_get_stream (connection), server, cancellable, error) ||
          !request_starttls (cr_connection_get_stream (connection), cr_server_get_protocol (server),
                             cancellable, error) ||
          !cr_connection_start_tls_sync (connection, cancellable, error))
        return FALSE;
    }
  else
    {
      /* Servers without encryption are never proposed by probing. */
      return starttls_refused (error);
    }

  say_goodbye (cr_connection_get_stream (connection), cr_server_get_protocol (server), cancellable);

  return TRUE;
}

/* Errors in the connection layer’s terms, whoever raised them. */
static gboolean
probe (CrServer      *server,
       GTlsDatabase  *database,
       guint          timeout,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (probe_unclassified (server, database, timeout, cancellable, &local_error))
    return TRUE;

  g_propagate_error (error, cr_net_error_from_gio (local_error, cr_server_get_host (server),
                                                   cr_server_get_port (server)));
  return FALSE;
}

/**
 * cr_prober_probe_sync:
 *
 * Connects to @server, starts TLS the way its security says, reads its
 * greeting, and disconnects. Blocks.
 *
 * Returns: whether a mail server of that protocol answered with TLS and a
 *   trusted certificate
 */
gboolean
cr_prober_probe_sync (CrProber      *self,
                      CrServer      *server,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (CR_IS_PROBER (self), FALSE);
  g_return_val_if_fail (CR_IS_SERVER (server), FALSE);

  return probe (server, self->database, self->timeout, cancellable, error);
}

typedef struct
{
  GPtrArray    *candidates;
  gboolean     *found;
  guint         next;
  guint         running;
  GCancellable *cancellable;
  GCancellable *outer;
  gulong        outer_id;
  guint         deadline_id;
} Run;

/* One probe, in its own thread: joined when it reports back, so that a
 * finished run has no thread left behind. */
typedef struct
{
  GTask        *task;
  GThread      *thread;
  GMainContext *context;
  GCancellable *cancellable;
  CrServer     *server;
  GTlsDatabase *database;
  guint         timeout;
  guint         index;
  gboolean      ok;
  GError       *error;
} Probe;

static void
run_free (gpointer data)
{
  Run *run = data;

  if (run->outer_id != 0)
    g_cancellable_disconnect (run->outer, run->outer_id);
  g_clear_object (&run->outer);
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  g_clear_pointer (&run->candidates, g_ptr_array_unref);
  g_clear_pointer (&run->found, g_free);
  g_clear_object (&run->cancellable);
  g_free (run);
}

static void
probe_free (Probe *p)
{
  g_clear_object (&p->task);
  g_clear_pointer (&p->context, g_main_context_unref);
  g_clear_object (&p->cancellable);
  g_clear_object (&p->server);
  g_clear_object (&p->database);
  g_clear_error (&p->error);
  g_free (p);
}

static void launch_probes (GTask *task);

static void
finish_run (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(CrSetupResult) result = cr_setup_result_new (CR_SETUP_SOURCE_PROBE);

  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < run->candidates->len; i++)
    if (run->found[i])
      cr_setup_result_add_server (result, g_ptr_array_index (run->candidates, i));

  if (!cr_setup_result_is_usable (result))
    {
      g_task_return_new_error (task, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND,
                               _("No mail server answered at the usual names and ports."));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&result), g_object_unref);
}

static gboolean
on_probe_done (gpointer user_data)
{
  Probe *p = user_data;
  g_autoptr(GTask) task = g_object_ref (p->task);
  Run *run = g_task_get_task_data (task);

  /* The thread has nothing left to do but return. */
  if (p->thread != NULL)
    g_thread_join (p->thread);

  run->running--;
  if (p->ok)
    run->found[p->index] = TRUE;
  else
    g_debug ("Probe %s:%u: %s", cr_server_get_host (p->server),
             (guint) cr_server_get_port (p->server), p->error->message);
  probe_free (p);

  launch_probes (task);

  return G_SOURCE_REMOVE;
}

static void
report (Probe *p)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, on_probe_done, p, NULL);
  g_source_attach (source, p->context);
  g_source_unref (source);
}

static gpointer
probe_thread (gpointer data)
{
  Probe *p = data;

  p->ok = probe (p->server, p->database, p->timeout, p->cancellable, &p->error);
  report (p);

  return NULL;
}

static void
start_probe (GTask *task)
{
  CrProber *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Probe *p = g_new0 (Probe, 1);

  p->task = g_object_ref (task);
  p->context = g_main_context_ref (g_task_get_context (task));
  p->cancellable = g_object_ref (run->cancellable);
  p->index = run->next++;
  p->server = g_object_ref (g_ptr_array_index (run->candidates, p->index));
  p->database = self->database != NULL ? g_object_ref (self->database) : NULL;
  p->timeout = self->timeout;
  run->running++;

  p->thread = g_thread_try_new ("cr-probe", probe_thread, p, &p->error);
  if (p->thread == NULL)
    report (p);
}

/* Keeps up to max_parallel probes running; the run ends when none is left
 * running, so that nothing outlives it, even when cancelled. */
static void
launch_probes (GTask *task)
{
  CrProber *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  while (run->running < self->max_parallel &&
         run->next < run->candidates->len &&
         !g_cancellable_is_cancelled (run->cancellable))
    start_probe (task);

  if (run->running == 0)
    finish_run (task);
}

static gboolean
on_deadline (gpointer user_data)
{
  Run *run = user_data;

  run->deadline_id = 0;
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  /* Thread-safe: may run in the thread that cancelled. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * cr_prober_run_async:
 * @mx_hosts: (nullable): the domain’s MX hosts, most preferred first
 *
 * Probes every candidate of cr_prober_list_candidates(), a few at a time,
 * until all answered or the deadline passed.
 */
void
cr_prober_run_async (CrProber            *self,
                     const char          *address,
                     const char *const   *mx_hosts,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (CR_IS_PROBER (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_prober_run_async);
  /* Cancellation is checked by hand: the task must not return before its
   * probes have stopped. */
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (Run, 1);
  run->candidates = cr_prober_list_candidates (self, address, mx_hosts);
  run->found = g_new0 (gboolean, MAX (run->candidates->len, 1));
  run->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, run, run_free);

  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                             g_object_ref (run->cancellable), g_object_unref);
    }
  run->deadline_id = g_timeout_add_seconds (self->deadline, on_deadline, run);

  launch_probes (task);
}

/**
 * cr_prober_run_finish:
 *
 * Returns: (transfer full): every server that answered, most wanted first
 */
CrSetupResult *
cr_prober_run_finish (CrProber      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (CR_IS_PROBER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_prober_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
