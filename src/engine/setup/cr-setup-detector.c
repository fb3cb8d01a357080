/* cr-setup-detector.c — find the servers of an address, from every source
 *
 * Step 3 of the setup assistant, “Recherche des paramètres”. The built-in
 * provider list answers at once for the domains it knows. Otherwise every
 * other source starts together: the domain’s autoconfig file over HTTPS,
 * Thunderbird’s ISPDB, the MX records (a custom domain hosted by a known
 * provider), the SRV records, the same autoconfig file over plain HTTP,
 * and, once the MX hosts are known, probing. The answer is the first
 * source, in the order of CrSetupSource, that found something, as soon as
 * every better source has given up: the others are then stopped.
 *
 * No source ever sees a password: the detector never has one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-dns-lookup.h"
#include "cr-setup-detector.h"
#include "cr-setup-enums.h"
#include "cr-setup-util.h"

struct _CrSetupDetector
{
  GObject              parent_instance;

  CrProviderDb        *providers;
  CrAutoconfigFetcher *fetcher;
  CrProber            *prober;
  char                *status;
  gboolean             running;
};

G_DEFINE_FINAL_TYPE (CrSetupDetector, cr_setup_detector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char           *address;
  char           *domain;
  GCancellable   *cancellable;
  GCancellable   *outer;
  gulong          outer_id;
  guint           pending;
  gboolean        started[CR_SETUP_N_SOURCES];
  gboolean        done[CR_SETUP_N_SOURCES];
  CrSetupResult  *results[CR_SETUP_N_SOURCES];
  int             best;
} Detection;

static void
detection_free (gpointer data)
{
  Detection *detection = data;

  if (detection->outer_id != 0)
    g_cancellable_disconnect (detection->outer, detection->outer_id);
  g_clear_object (&detection->outer);
  g_clear_object (&detection->cancellable);
  for (guint i = 0; i < CR_SETUP_N_SOURCES; i++)
    g_clear_object (&detection->results[i]);
  g_free (detection->address);
  g_free (detection->domain);
  g_free (detection);
}

static void
cr_setup_detector_finalize (GObject *object)
{
  CrSetupDetector *self = (CrSetupDetector *)object;

  g_clear_object (&self->providers);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->prober);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (cr_setup_detector_parent_class)->finalize (object);
}

static void
cr_setup_detector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrSetupDetector *self = CR_SETUP_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_setup_detector_class_init (CrSetupDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_setup_detector_finalize;
  object_class->get_property = cr_setup_detector_get_property;

  /**
   * CrSetupDetector:status:
   *
   * What the detector is doing now, in words for the person; %NULL when
   * it is not running.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrSetupDetector::progress:
   * @source: a #CrSetupSource
   * @state: a #CrSetupStepState
   *
   * A source started, found something, found nothing, or was stopped
   * because a better answer came first. Emitted on the main context of
   * the caller of cr_setup_detector_run_async().
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CR_TYPE_SETUP_SOURCE, CR_TYPE_SETUP_STEP_STATE);
}

static void
cr_setup_detector_init (CrSetupDetector *self)
{
  self->fetcher = cr_autoconfig_fetcher_new ();
  self->prober = cr_prober_new ();
}

/**
 * cr_setup_detector_new:
 * @providers: (nullable): the provider list, %NULL for the built-in one
 */
CrSetupDetector *
cr_setup_detector_new (CrProviderDb *providers)
{
  CrSetupDetector *self = g_object_new (CR_TYPE_SETUP_DETECTOR, NULL);
  g_autoptr(GError) error = NULL;

  if (providers != NULL)
    self->providers = g_object_ref (providers);
  else if ((self->providers = cr_provider_db_new_default (&error)) == NULL)
    g_critical ("The built-in provider list is broken: %s", error->message);

  return self;
}

/**
 * cr_setup_detector_get_fetcher:
 *
 * Returns: (transfer none): the autoconfig fetcher, to set its TLS
 *   database or, in tests, its ports
 */
CrAutoconfigFetcher *
cr_setup_detector_get_fetcher (CrSetupDetector *self)
{
  g_return_val_if_fail (CR_IS_SETUP_DETECTOR (self), NULL);

  return self->fetcher;
}

/**
 * cr_setup_detector_get_prober:
 *
 * Returns: (transfer none): the prober, to set its TLS database, deadline
 *   or, in tests, its port map
 */
CrProber *
cr_setup_detector_get_prober (CrSetupDetector *self)
{
  g_return_val_if_fail (CR_IS_SETUP_DETECTOR (self), NULL);

  return self->prober;
}

const char *
cr_setup_detector_get_status (CrSetupDetector *self)
{
  g_return_val_if_fail (CR_IS_SETUP_DETECTOR (self), NULL);

  return self->status;
}

static const char *
source_status (CrSetupSource source)
{
  switch (source)
    {
    case CR_SETUP_SOURCE_BUILTIN:
      return _("Looking in the list of known providers…");
    case CR_SETUP_SOURCE_AUTOCONFIG_HTTPS:
      return _("Asking the domain for its settings…");
    case CR_SETUP_SOURCE_ISPDB:
      return _("Asking Thunderbird’s provider database…");
    case CR_SETUP_SOURCE_MX:
      return _("Looking up who receives the domain’s mail…");
    case CR_SETUP_SOURCE_SRV:
      return _("Looking up the domain’s mail services…");
    case CR_SETUP_SOURCE_PROBE:
      return _("Trying the usual server names…");
    case CR_SETUP_SOURCE_AUTOCONFIG_HTTP:
      return _("Asking the domain for its settings without encryption…");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The status names the most trustworthy source still at work. */
static void
update_status (CrSetupDetector *self,
               Detection       *detection)
{
  const char *status = NULL;

  for (guint i = 0; detection != NULL && i < CR_SETUP_N_SOURCES && status == NULL; i++)
    if (detection->started[i] && !detection->done[i])
      status = source_status (i);

  if (g_strcmp0 (status, self->status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
source_started (GTask         *task,
                CrSetupSource  source)
{
  CrSetupDetector *self = g_task_get_source_object (task);
  Detection *detection = g_task_get_task_data (task);

  detection->started[source] = TRUE;
  detection->pending++;
  g_signal_emit (self, signals[PROGRESS], 0, source, CR_SETUP_STEP_RUNNING);
  update_status (self, detection);
}

/* The best answer is known once a source found something and every
 * better one is done. */
static void
decide (Detection *detection)
{
  if (detection->best >= 0)
    return;

  for (guint i = 0; i < CR_SETUP_N_SOURCES; i++)
    {
      if (detection->results[i] != NULL)
        {
          detection->best = i;
          g_cancellable_cancel (detection->cancellable);
          return;
        }
      if (detection->started[i] && !detection->done[i])
        return;
    }
}

static void
complete (GTask *task)
{
  CrSetupDetector *self = g_task_get_source_object (task);
  Detection *detection = g_task_get_task_data (task);

  self->running = FALSE;
  update_status (self, NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (detection->best < 0)
    {
      g_task_return_new_error (task, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND,
                               /* Translators: %s is a domain, like bonvenon.fr */
                               _("No settings were found for “%s”. Enter them by hand: your provider’s help pages give them."),
                               detection->domain);
      return;
    }

  g_task_return_pointer (task, g_object_ref (detection->results[detection->best]), g_object_unref);
}

/* Takes @result and @error. Every source ends here, exactly once. */
static void
source_done (GTask         *task,
             CrSetupSource  source,
             CrSetupResult *result,
             GError        *error)
{
  CrSetupDetector *self = g_task_get_source_object (task);
  Detection *detection = g_task_get_task_data (task);
  CrSetupStepState state = CR_SETUP_STEP_NOT_FOUND;

  if (result != NULL && cr_setup_result_is_usable (result))
    {
      detection->results[source] = result;
      state = CR_SETUP_STEP_FOUND;
    }
  else
    {
      g_clear_object (&result);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        state = CR_SETUP_STEP_STOPPED;
      else if (error != NULL)
        g_debug ("Setup source %u: %s", (guint) source, error->message);
    }
  g_clear_error (&error);

  detection->done[source] = TRUE;
  detection->pending--;
  g_signal_emit (self, signals[PROGRESS], 0, source, state);
  decide (detection);
  update_status (self, detection);

  if (detection->pending == 0)
    complete (task);
}

typedef struct
{
  GTask         *task;
  CrSetupSource  source;
} FetchCall;

static void
on_fetched (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  FetchCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  CrSetupSource source = call->source;
  GError *error = NULL;
  CrSetupResult *result;

  g_free (call);
  result = cr_autoconfig_fetcher_fetch_finish (CR_AUTOCONFIG_FETCHER (object), res, &error);
  source_done (task, source, result, error);
}

static void
start_fetch (GTask         *task,
             CrSetupSource  source)
{
  CrSetupDetector *self = g_task_get_source_object (task);
  Detection *detection = g_task_get_task_data (task);
  FetchCall *call = g_new0 (FetchCall, 1);

  call->task = g_object_ref (task);
  call->source = source;
  source_started (task, source);
  cr_autoconfig_fetcher_fetch_async (self->fetcher, detection->address, source,
                                     detection->cancellable, on_fetched, call);
}

static void
on_probed (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CrSetupResult *result;

  result = cr_prober_run_finish (CR_PROBER (object), res, &error);
  source_done (task, CR_SETUP_SOURCE_PROBE, result, error);
}

static void
on_mx (GObject      *object,
       GAsyncResult *res,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CrSetupDetector *self = g_task_get_source_object (task);
  Detection *detection = g_task_get_task_data (task);
  g_auto(GStrv) mx_hosts = NULL;
  GError *error = NULL;
  CrSetupResult *result = NULL;

  mx_hosts = cr_dns_lookup_mx_finish (res, &error);
  if (mx_hosts != NULL && self->providers != NULL)
    result = cr_provider_db_lookup_mx (self->providers, detection->address,
                                       (const char *const *) mx_hosts);

  /* Probing waits for the MX hosts, one of its candidates. Started before
   * the MX source is done, so that no decision is taken without it. */
  if (!g_cancellable_is_cancelled (detection->cancellable))
    {
      source_started (task, CR_SETUP_SOURCE_PROBE);
      cr_prober_run_async (self->prober, detection->address, (const char *const *) mx_hosts,
                           detection->cancellable, on_probed, g_object_ref (task));
    }

  source_done (task, CR_SETUP_SOURCE_MX, result, error);
}

static void
on_srv (GObject      *object,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CrSetupResult *result;

  result = cr_dns_lookup_srv_finish (res, &error);
  source_done (task, CR_SETUP_SOURCE_SRV, result, error);
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  /* Thread-safe: may run in the thread that cancelled. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
start_network_sources (GTask *task)
{
  Detection *detection = g_task_get_task_data (task);

  start_fetch (task, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS);
  start_fetch (task, CR_SETUP_SOURCE_ISPDB);
  start_fetch (task, CR_SETUP_SOURCE_AUTOCONFIG_HTTP);

  source_started (task, CR_SETUP_SOURCE_MX);
  cr_dns_lookup_mx_async (detection->domain, detection->cancellable, on_mx, g_object_ref (task));

  source_started (task, CR_SETUP_SOURCE_SRV);
  cr_dns_lookup_srv_async (detection->address, detection->cancellable, on_srv, g_object_ref (task));
}

/**
 * cr_setup_detector_run_async:
 * @address: the person’s e-mail address
 *
 * Looks for the servers of @address. One run at a time per detector.
 */
void
cr_setup_detector_run_async (CrSetupDetector     *self,
                             const char          *address,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Detection *detection;
  CrSetupResult *builtin = NULL;

  g_return_if_fail (CR_IS_SETUP_DETECTOR (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_setup_detector_run_async);
  /* Checked by hand in complete(): nothing may still run on return. */
  g_task_set_check_cancellable (task, FALSE);

  detection = g_new0 (Detection, 1);
  detection->address = g_strdup (address);
  detection->cancellable = g_cancellable_new ();
  detection->best = -1;
  g_task_set_task_data (task, detection, detection_free);

  if (!cr_setup_split_address (address, NULL, &detection->domain, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cancellable != NULL)
    {
      detection->outer = g_object_ref (cancellable);
      detection->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                   g_object_ref (detection->cancellable),
                                                   g_object_unref);
    }

  self->running = TRUE;
  /* Counted as one source more until all are started, so that a source
   * that ends at once cannot complete the run halfway. */
  detection->pending++;

  source_started (task, CR_SETUP_SOURCE_BUILTIN);
  if (self->providers != NULL)
    builtin = cr_provider_db_lookup_domain (self->providers, address);
  source_done (task, CR_SETUP_SOURCE_BUILTIN, builtin, NULL);

  /* A known domain needs nothing from the network. */
  if (builtin == NULL && !g_cancellable_is_cancelled (detection->cancellable))
    start_network_sources (task);

  if (--detection->pending == 0)
    complete (task);
}

/**
 * cr_setup_detector_run_finish:
 *
 * Returns: (transfer full): the best settings found; their source says
 *   where from
 */
CrSetupResult *
cr_setup_detector_run_finish (CrSetupDetector  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (CR_IS_SETUP_DETECTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_setup_detector_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
