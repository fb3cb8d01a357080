/* cr-cli-commands.h — the commands of courrier-cli, one file each
 *
 * A new command is a file cr-cli-NAME.c with one function here and one
 * line in main.c's table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-cli.h"

G_BEGIN_DECLS

int cr_cli_account (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_check   (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_folder  (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_folders (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_list    (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_search  (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_send    (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_show    (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_sync    (CrCli  *cli,
                    int     argc,
                    char  **argv);
int cr_cli_trust   (CrCli  *cli,
                    int     argc,
                    char  **argv);

G_END_DECLS
