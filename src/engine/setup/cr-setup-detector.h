/* cr-setup-detector.h — find the servers of an address, from every source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-autoconfig-fetcher.h"
#include "cr-prober.h"
#include "cr-provider-db.h"
#include "cr-setup-result.h"

G_BEGIN_DECLS

typedef enum
{
  CR_SETUP_STEP_RUNNING,   /*< nick=running >*/
  CR_SETUP_STEP_FOUND,     /*< nick=found >*/
  CR_SETUP_STEP_NOT_FOUND, /*< nick=not-found >*/
  CR_SETUP_STEP_STOPPED,   /*< nick=stopped >*/
} CrSetupStepState;

#define CR_TYPE_SETUP_DETECTOR (cr_setup_detector_get_type ())

G_DECLARE_FINAL_TYPE (CrSetupDetector, cr_setup_detector, CR, SETUP_DETECTOR, GObject)

CrSetupDetector     *cr_setup_detector_new         (CrProviderDb         *providers);
CrAutoconfigFetcher *cr_setup_detector_get_fetcher (CrSetupDetector      *self);
CrProber            *cr_setup_detector_get_prober  (CrSetupDetector      *self);
const char          *cr_setup_detector_get_status  (CrSetupDetector      *self);
void                 cr_setup_detector_run_async   (CrSetupDetector      *self,
                                                    const char           *address,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CrSetupResult       *cr_setup_detector_run_finish  (CrSetupDetector      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
