/* cr-dns-lookup.c — MX and SRV (RFC 6186, RFC 8314) records of a domain
 *
 * Through the default GResolver, so that tests can answer instead of the
 * DNS. Names from the DNS are checked like any other host name from the
 * network; a target of “.” means the service is deliberately not offered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-dns-lookup.h"
#include "cr-setup-util.h"

typedef struct
{
  const char *prefix;
  CrProtocol  protocol;
  CrSecurity  security;
} SrvService;

/* Implicit TLS first: the order of preference within a result. */
static const SrvService srv_services[] = {
  { "_imaps._tcp.",       CR_PROTOCOL_IMAP, CR_SECURITY_TLS },
  { "_imap._tcp.",        CR_PROTOCOL_IMAP, CR_SECURITY_STARTTLS },
  { "_pop3s._tcp.",       CR_PROTOCOL_POP3, CR_SECURITY_TLS },
  { "_pop3._tcp.",        CR_PROTOCOL_POP3, CR_SECURITY_STARTTLS },
  { "_submissions._tcp.", CR_PROTOCOL_SMTP, CR_SECURITY_TLS },
  { "_submission._tcp.",  CR_PROTOCOL_SMTP, CR_SECURITY_STARTTLS },
};

/* Host names from the DNS may end with the root’s dot. */
static char *
clean_target (const char *target)
{
  g_autofree char *host = g_ascii_strdown (target, -1);
  gsize len = strlen (host);

  if (len > 0 && host[len - 1] == '.')
    host[len - 1] = '\0';

  if (!cr_setup_hostname_is_valid (host))
    return NULL;

  return g_steal_pointer (&host);
}

typedef struct
{
  guint16  preference;
  char    *host;
} MxRecord;

static int
compare_mx (gconstpointer a,
            gconstpointer b)
{
  const MxRecord *ma = a;
  const MxRecord *mb = b;

  return (int) ma->preference - (int) mb->preference;
}

static void
on_mx_records (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (MxRecord));
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  GError *error = NULL;
  GList *list;

  list = g_resolver_lookup_records_finish (G_RESOLVER (object), res, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (GList *l = list; l != NULL; l = l->next)
    {
      MxRecord record;
      const char *target;

      if (!g_variant_is_of_type (l->data, G_VARIANT_TYPE ("(qs)")))
        continue;
      g_variant_get (l->data, "(q&s)", &record.preference, &target);
      if ((record.host = clean_target (target)) != NULL)
        g_array_append_val (records, record);
    }
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);

  g_array_sort (records, compare_mx);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (hosts, g_array_index (records, MxRecord, i).host);

  if (hosts->len == 0)
    {
      g_task_return_new_error (task, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND,
                               _("The domain has no mail server (MX) records."));
      return;
    }

  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&hosts), FALSE),
                         (GDestroyNotify) g_strfreev);
}

/**
 * cr_dns_lookup_mx_async:
 *
 * Looks up the hosts that receive @domain’s mail.
 */
void
cr_dns_lookup_mx_async (const char          *domain,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  GTask *task;

  g_return_if_fail (domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_dns_lookup_mx_async);
  g_resolver_lookup_records_async (resolver, domain, G_RESOLVER_RECORD_MX,
                                   cancellable, on_mx_records, task);
}

/**
 * cr_dns_lookup_mx_finish:
 *
 * Returns: (transfer full): the MX hosts, most preferred first
 */
char **
cr_dns_lookup_mx_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_dns_lookup_mx_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char       *address;
  guint       pending;
  CrServer   *servers[G_N_ELEMENTS (srv_services)];
} SrvLookup;

typedef struct
{
  GTask *task;
  guint  index;
} SrvQuery;

static void
srv_lookup_free (gpointer data)
{
  SrvLookup *lookup = data;

  g_free (lookup->address);
  for (guint i = 0; i < G_N_ELEMENTS (lookup->servers); i++)
    g_clear_object (&lookup->servers[i]);
  g_free (lookup);
}

/* The record to use: lowest priority, then highest weight (RFC 2782’s
 * random choice by weight would make tests and results vary). */
static GVariant *
pick_srv (GList *list)
{
  GVariant *best = NULL;
  guint16 best_priority = 0, best_weight = 0;

  for (GList *l = list; l != NULL; l = l->next)
    {
      guint16 priority, weight, port;
      const char *target;

      if (!g_variant_is_of_type (l->data, G_VARIANT_TYPE ("(qqqs)")))
        continue;
      g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &target);
      if (best == NULL || priority < best_priority ||
          (priority == best_priority && weight > best_weight))
        {
          best = l->data;
          best_priority = priority;
          best_weight = weight;
        }
    }

  return best;
}

static CrServer *
server_from_srv (const SrvService *service,
                 GVariant         *record,
                 const char       *address)
{
  g_autoptr(CrServer) server = NULL;
  g_autofree char *host = NULL;
  guint16 priority, weight, port;
  const char *target;

  g_variant_get (record, "(qqq&s)", &priority, &weight, &port, &target);
  /* RFC 2782: a target of “.” says the service is not offered. */
  if (g_strcmp0 (target, ".") == 0 || port == 0 || (host = clean_target (target)) == NULL)
    return NULL;

  server = cr_server_new (service->protocol);
  cr_server_set_host (server, host);
  cr_server_set_security (server, service->security);
  cr_server_set_port (server, port);
  cr_server_set_login (server, address);

  return g_steal_pointer (&server);
}

static void
finish_srv (GTask *task)
{
  SrvLookup *lookup = g_task_get_task_data (task);
  g_autoptr(CrSetupResult) result = cr_setup_result_new (CR_SETUP_SOURCE_SRV);

  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (lookup->servers); i++)
    if (lookup->servers[i] != NULL)
      cr_setup_result_add_server (result, lookup->servers[i]);

  if (!cr_setup_result_is_usable (result))
    {
      g_task_return_new_error (task, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND,
                               _("The domain publishes no mail service (SRV) records."));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&result), g_object_unref);
}

static void
on_srv_records (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  SrvQuery *query = user_data;
  g_autoptr(GTask) task = query->task;
  SrvLookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *list;
  GVariant *record;

  list = g_resolver_lookup_records_finish (G_RESOLVER (object), res, &error);
  if ((record = pick_srv (list)) != NULL)
    lookup->servers[query->index] = server_from_srv (&srv_services[query->index], record,
                                                     lookup->address);
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);
  g_free (query);

  if (--lookup->pending == 0)
    finish_srv (task);
}

/**
 * cr_dns_lookup_srv_async:
 *
 * Looks up the six mail services of the address’s domain in parallel.
 */
void
cr_dns_lookup_srv_async (const char          *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GTask) task = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GError) error = NULL;
  SrvLookup *lookup;

  g_return_if_fail (address != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_dns_lookup_srv_async);

  if (!cr_setup_split_address (address, NULL, &domain, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  lookup = g_new0 (SrvLookup, 1);
  lookup->address = g_strdup (address);
  lookup->pending = G_N_ELEMENTS (srv_services);
  g_task_set_task_data (task, lookup, srv_lookup_free);

  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    {
      g_autofree char *name = g_strconcat (srv_services[i].prefix, domain, NULL);
      SrvQuery *query = g_new0 (SrvQuery, 1);

      query->task = g_object_ref (task);
      query->index = i;
      g_resolver_lookup_records_async (resolver, name, G_RESOLVER_RECORD_SRV,
                                       cancellable, on_srv_records, query);
    }
}

/**
 * cr_dns_lookup_srv_finish:
 *
 * Returns: (transfer full): the servers the domain publishes, with the
 *   full address as login
 */
CrSetupResult *
cr_dns_lookup_srv_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_dns_lookup_srv_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
