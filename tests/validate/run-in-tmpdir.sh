#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command inside a throw-away directory, for tools that leave state
# in their working directory (flatpak-builder creates .flatpak-builder/).
set -eu

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$@"
