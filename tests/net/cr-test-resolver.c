/* cr-test-resolver.c — a resolver with a few fixed answers for tests
 *
 * Without a network, looking up "nosuchhost.invalid" may wait for a DNS
 * server that cannot be reached. RFC 6761 says .invalid names never
 * resolve, so this resolver answers "not found" for them at once, as a
 * working DNS would, and defers every other name to the real resolver
 * except the few a test maps (a second name for 127.0.0.1, to show a
 * certificate that does not match the name). What the tests check is how
 * the connection layer classifies the resolver's answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-test-resolver.h"

struct _CrTestResolver
{
  GResolver   parent_instance;

  GResolver  *real;
  GHashTable *names;
};

G_DEFINE_FINAL_TYPE (CrTestResolver, cr_test_resolver, G_TYPE_RESOLVER)

typedef struct
{
  char                     *hostname;
  GResolverNameLookupFlags  flags;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_free (lookup->hostname);
  g_free (lookup);
}

static gboolean
family_allowed (GInetAddress             *address,
                GResolverNameLookupFlags  flags)
{
  GSocketFamily family = g_inet_address_get_family (address);

  if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) != 0)
    return family == G_SOCKET_FAMILY_IPV4;
  if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) != 0)
    return family == G_SOCKET_FAMILY_IPV6;

  return TRUE;
}

static GList *
lookup_sync (CrTestResolver            *self,
             const char                *hostname,
             GResolverNameLookupFlags   flags,
             GCancellable              *cancellable,
             GError                   **error)
{
  const char *mapped;

  if (g_str_has_suffix (hostname, ".invalid"))
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "Error resolving “%s”: Name or service not known", hostname);
      return NULL;
    }

  if ((mapped = g_hash_table_lookup (self->names, hostname)) != NULL)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (mapped);

      if (!family_allowed (address, flags))
        {
          g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                       "No address of that family for “%s”", hostname);
          return NULL;
        }
      return g_list_prepend (NULL, g_steal_pointer (&address));
    }

  return g_resolver_lookup_by_name_with_flags (self->real, hostname, flags, cancellable, error);
}

static GList *
cr_test_resolver_lookup_by_name_with_flags (GResolver                 *resolver,
                                            const char                *hostname,
                                            GResolverNameLookupFlags   flags,
                                            GCancellable              *cancellable,
                                            GError                   **error)
{
  return lookup_sync (CR_TEST_RESOLVER (resolver), hostname, flags, cancellable, error);
}

static GList *
cr_test_resolver_lookup_by_name (GResolver     *resolver,
                                 const char    *hostname,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return lookup_sync (CR_TEST_RESOLVER (resolver), hostname,
                      G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  GError *error = NULL;
  GList *addresses;

  addresses = lookup_sync (source_object, lookup->hostname, lookup->flags, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
cr_test_resolver_lookup_by_name_with_flags_async (GResolver                *resolver,
                                                  const char               *hostname,
                                                  GResolverNameLookupFlags  flags,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->hostname = g_strdup (hostname);
  lookup->flags = flags;
  g_task_set_source_tag (task, cr_test_resolver_lookup_by_name_with_flags_async);
  g_task_set_task_data (task, lookup, lookup_free);
  g_task_run_in_thread (task, lookup_thread);
}

static void
cr_test_resolver_lookup_by_name_async (GResolver           *resolver,
                                       const char          *hostname,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  cr_test_resolver_lookup_by_name_with_flags_async (resolver, hostname,
                                                    G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                    cancellable, callback, user_data);
}

static GList *
cr_test_resolver_lookup_by_name_finish (GResolver     *resolver,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cr_test_resolver_finalize (GObject *object)
{
  CrTestResolver *self = (CrTestResolver *)object;

  g_clear_object (&self->real);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (cr_test_resolver_parent_class)->finalize (object);
}

static void
cr_test_resolver_class_init (CrTestResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = cr_test_resolver_finalize;

  resolver_class->lookup_by_name = cr_test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = cr_test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = cr_test_resolver_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = cr_test_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = cr_test_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = cr_test_resolver_lookup_by_name_finish;
}

static void
cr_test_resolver_init (CrTestResolver *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * cr_test_resolver_install:
 *
 * Makes a new test resolver the default, over the current default.
 *
 * Returns: (transfer full): the resolver, to add names to
 */
CrTestResolver *
cr_test_resolver_install (void)
{
  CrTestResolver *self = g_object_new (CR_TYPE_TEST_RESOLVER, NULL);

  self->real = g_resolver_get_default ();
  g_resolver_set_default (G_RESOLVER (self));

  return self;
}

void
cr_test_resolver_add (CrTestResolver *self,
                      const char     *name,
                      const char     *address)
{
  g_hash_table_replace (self->names, g_strdup (name), g_strdup (address));
}
