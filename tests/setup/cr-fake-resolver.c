/* cr-fake-resolver.c — a GResolver that knows only what a test tells it
 *
 * Installed as the default resolver, it answers the names, MX and SRV
 * records a test adds, and “not found” for everything else, at once: no
 * test can reach the real DNS. A “stalled” name never answers until the
 * lookup is cancelled, for the cancellation tests. It counts the lookups
 * of each name so that a test can check what was asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-fake-resolver.h"

struct _CrFakeResolver
{
  GResolver   parent_instance;

  GMutex      lock;
  GHashTable *names;    /* name → address */
  GHashTable *records;  /* "TYPE name" → GPtrArray of GVariant */
  GHashTable *stalls;   /* name set */
  GHashTable *counts;   /* name → count */
  guint       stalled;  /* lookups waiting now */
};

G_DEFINE_FINAL_TYPE (CrFakeResolver, cr_fake_resolver, G_TYPE_RESOLVER)

static char *
record_key (GResolverRecordType  type,
            const char          *name)
{
  return g_strdup_printf ("%d %s", (int) type, name);
}

static void
count (CrFakeResolver *self,
       const char     *name)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, name));

  g_hash_table_replace (self->counts, g_strdup (name), GUINT_TO_POINTER (n + 1));
}

/* Polls: the resolver API offers nothing to wait on but the cancellable,
 * and a stalled lookup must only end when it is cancelled. */
static gboolean
stall (CrFakeResolver  *self,
       const char      *name,
       GCancellable    *cancellable,
       GError         **error)
{
  gboolean stalled;

  g_mutex_lock (&self->lock);
  stalled = g_hash_table_contains (self->stalls, name);
  g_mutex_unlock (&self->lock);

  if (!stalled)
    return FALSE;

  g_atomic_int_inc (&self->stalled);
  while (!g_cancellable_set_error_if_cancelled (cancellable, error))
    g_usleep (G_USEC_PER_SEC / 100);
  g_atomic_int_dec_and_test (&self->stalled);

  return TRUE;
}

static GList *
lookup_name (CrFakeResolver  *self,
             const char      *name,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autofree char *address = NULL;

  if (stall (self, name, cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  count (self, name);
  address = g_strdup (g_hash_table_lookup (self->names, name));
  g_mutex_unlock (&self->lock);

  if (address == NULL)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "Error resolving “%s”: Name or service not known", name);
      return NULL;
    }

  return g_list_prepend (NULL, g_inet_address_new_from_string (address));
}

static GList *
lookup_records (CrFakeResolver       *self,
                const char           *name,
                GResolverRecordType   type,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autofree char *key = record_key (type, name);
  GPtrArray *records;
  GList *list = NULL;

  if (stall (self, name, cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  count (self, name);
  records = g_hash_table_lookup (self->records, key);
  for (guint i = 0; records != NULL && i < records->len; i++)
    list = g_list_append (list, g_variant_ref (g_ptr_array_index (records, i)));
  g_mutex_unlock (&self->lock);

  if (list == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No DNS record of the requested type for “%s”", name);

  return list;
}

static GList *
fake_lookup_by_name (GResolver     *resolver,
                     const char    *hostname,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return lookup_name (CR_FAKE_RESOLVER (resolver), hostname, cancellable, error);
}

static GList *
fake_lookup_by_name_with_flags (GResolver                 *resolver,
                                const char                *hostname,
                                GResolverNameLookupFlags   flags,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  return lookup_name (CR_FAKE_RESOLVER (resolver), hostname, cancellable, error);
}

static void
name_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GList *list = lookup_name (source_object, task_data, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_resolver_free_addresses);
}

static void
fake_lookup_by_name_with_flags_async (GResolver                *resolver,
                                      const char               *hostname,
                                      GResolverNameLookupFlags  flags,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_set_source_tag (task, fake_lookup_by_name_with_flags_async);
  g_task_set_task_data (task, g_strdup (hostname), g_free);
  g_task_run_in_thread (task, name_thread);
}

static void
fake_lookup_by_name_async (GResolver           *resolver,
                           const char          *hostname,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  fake_lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                        cancellable, callback, user_data);
}

static GList *
fake_lookup_finish (GResolver     *resolver,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
fake_lookup_by_address (GResolver     *resolver,
                        GInetAddress  *address,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No reverse lookups in tests");
  return NULL;
}

static GList *
fake_lookup_records (GResolver            *resolver,
                     const char           *rrname,
                     GResolverRecordType   record_type,
                     GCancellable         *cancellable,
                     GError              **error)
{
  return lookup_records (CR_FAKE_RESOLVER (resolver), rrname, record_type, cancellable, error);
}

typedef struct
{
  char                *name;
  GResolverRecordType  type;
} RecordQuery;

static void
record_query_free (gpointer data)
{
  RecordQuery *query = data;

  g_free (query->name);
  g_free (query);
}

static void
free_records (gpointer data)
{
  g_list_free_full (data, (GDestroyNotify) g_variant_unref);
}

static void
records_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RecordQuery *query = task_data;
  GError *error = NULL;
  GList *list = lookup_records (source_object, query->name, query->type, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, free_records);
}

static void
fake_lookup_records_async (GResolver           *resolver,
                           const char          *rrname,
                           GResolverRecordType  record_type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  RecordQuery *query = g_new0 (RecordQuery, 1);

  query->name = g_strdup (rrname);
  query->type = record_type;
  g_task_set_source_tag (task, fake_lookup_records_async);
  g_task_set_task_data (task, query, record_query_free);
  g_task_run_in_thread (task, records_thread);
}

static void
cr_fake_resolver_finalize (GObject *object)
{
  CrFakeResolver *self = (CrFakeResolver *)object;

  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->stalls, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cr_fake_resolver_parent_class)->finalize (object);
}

static void
cr_fake_resolver_class_init (CrFakeResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = cr_fake_resolver_finalize;

  resolver_class->lookup_by_name = fake_lookup_by_name;
  resolver_class->lookup_by_name_async = fake_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = fake_lookup_finish;
  resolver_class->lookup_by_name_with_flags = fake_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = fake_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = fake_lookup_finish;
  resolver_class->lookup_by_address = fake_lookup_by_address;
  resolver_class->lookup_records = fake_lookup_records;
  resolver_class->lookup_records_async = fake_lookup_records_async;
  resolver_class->lookup_records_finish = fake_lookup_finish;
}

static void
cr_fake_resolver_init (CrFakeResolver *self)
{
  g_mutex_init (&self->lock);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->stalls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * cr_fake_resolver_install:
 *
 * Returns: (transfer full): a new fake resolver, now the default
 */
CrFakeResolver *
cr_fake_resolver_install (void)
{
  CrFakeResolver *self = g_object_new (CR_TYPE_FAKE_RESOLVER, NULL);

  g_resolver_set_default (G_RESOLVER (self));

  return self;
}

void
cr_fake_resolver_add_name (CrFakeResolver *self,
                           const char     *name,
                           const char     *address)
{
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->names, g_strdup (name), g_strdup (address));
  g_mutex_unlock (&self->lock);
}

static void
add_record (CrFakeResolver      *self,
            GResolverRecordType  type,
            const char          *name,
            GVariant            *record)
{
  g_autofree char *key = record_key (type, name);
  GPtrArray *records;

  g_mutex_lock (&self->lock);
  records = g_hash_table_lookup (self->records, key);
  if (records == NULL)
    {
      records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_hash_table_insert (self->records, g_steal_pointer (&key), records);
    }
  g_ptr_array_add (records, g_variant_ref_sink (record));
  g_mutex_unlock (&self->lock);
}

void
cr_fake_resolver_add_mx (CrFakeResolver *self,
                         const char     *domain,
                         guint16         preference,
                         const char     *host)
{
  add_record (self, G_RESOLVER_RECORD_MX, domain, g_variant_new ("(qs)", preference, host));
}

void
cr_fake_resolver_add_srv (CrFakeResolver *self,
                          const char     *name,
                          guint16         priority,
                          guint16         weight,
                          guint16         port,
                          const char     *target)
{
  add_record (self, G_RESOLVER_RECORD_SRV, name,
              g_variant_new ("(qqqs)", priority, weight, port, target));
}

void
cr_fake_resolver_add_stall (CrFakeResolver *self,
                            const char     *name)
{
  g_mutex_lock (&self->lock);
  g_hash_table_add (self->stalls, g_strdup (name));
  g_mutex_unlock (&self->lock);
}

/**
 * cr_fake_resolver_clear:
 *
 * Forgets every name, record, stall and count, between tests.
 */
void
cr_fake_resolver_clear (CrFakeResolver *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->names);
  g_hash_table_remove_all (self->records);
  g_hash_table_remove_all (self->stalls);
  g_hash_table_remove_all (self->counts);
  g_mutex_unlock (&self->lock);
}

/**
 * cr_fake_resolver_count:
 *
 * Returns: how many lookups of @name (any type) were made
 */
guint
cr_fake_resolver_count (CrFakeResolver *self,
                        const char     *name)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, name));
  g_mutex_unlock (&self->lock);

  return n;
}

/**
 * cr_fake_resolver_get_stalled:
 *
 * Returns: how many lookups of stalled names are waiting right now
 */
guint
cr_fake_resolver_get_stalled (CrFakeResolver *self)
{
  return (guint) g_atomic_int_get (&self->stalled);
}
