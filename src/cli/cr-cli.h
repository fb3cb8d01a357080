/* cr-cli.h — what every courrier-cli command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cr-certificate-info.h"
#include "cr-context.h"

G_BEGIN_DECLS

/* A contract: scripts test these numbers. */
typedef enum
{
  CR_CLI_EXIT_OK        = 0,
  CR_CLI_EXIT_FAILED    = 1,
  CR_CLI_EXIT_USAGE     = 2,
  CR_CLI_EXIT_UNTRUSTED = 3,
  CR_CLI_EXIT_AUTH      = 4,
  CR_CLI_EXIT_NETWORK   = 5,
} CrCliExit;

#define CR_CLI_ERROR (cr_cli_error_quark ())

typedef enum
{
  CR_CLI_ERROR_USAGE,
  /* Neither standard input nor the keyring gave a password. */
  CR_CLI_ERROR_NO_PASSWORD,
} CrCliError;

typedef struct _CrCli CrCli;

/* One command (“account”, “check”…): @argv[0] is its name. */
typedef int (*CrCliCommandFunc) (CrCli  *cli,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *name;
  const char       *summary; /* N_() */
  CrCliCommandFunc  run;
} CrCliCommand;

GQuark          cr_cli_error_quark         (void);

CrCli          *cr_cli_new                 (void);
void            cr_cli_free                (CrCli              *cli);
CrContext      *cr_cli_get_context         (CrCli              *cli);
void            cr_cli_set_context         (CrCli              *cli,
                                            CrContext          *context);

char           *cr_cli_describe_commands   (const CrCliCommand *commands,
                                            guint               n_commands);
int             cr_cli_dispatch            (CrCli              *cli,
                                            const char         *group,
                                            const CrCliCommand *commands,
                                            guint               n_commands,
                                            int                 argc,
                                            char              **argv);

GOptionContext *cr_cli_option_context_new  (CrCli              *cli,
                                            const char         *command,
                                            const char         *parameters,
                                            const char         *description);
gboolean        cr_cli_parse               (CrCli              *cli,
                                            GOptionContext     *options,
                                            int                *argc,
                                            char             ***argv,
                                            int                *out_status);
int             cr_cli_usage_error         (CrCli              *cli,
                                            const char         *message);

int             cr_cli_exit_status         (const GError       *error);
int             cr_cli_report_error        (const GError       *error);
void            cr_cli_print_certificate   (CrCertificateInfo  *info);
JsonNode       *cr_cli_certificate_to_json (CrCertificateInfo  *info);
void            cr_cli_print_json          (JsonNode           *node);

CrPassword     *cr_cli_read_password       (GError            **error);
CrAccount      *cr_cli_lookup_account      (CrCli              *cli,
                                            const char         *id,
                                            GError            **error);

/* One main loop per command: callbacks chain, the last one quits. */
int             cr_cli_run                 (CrCli              *cli);
void            cr_cli_quit                (CrCli              *cli,
                                            int                 status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrCli, cr_cli_free)

G_END_DECLS
