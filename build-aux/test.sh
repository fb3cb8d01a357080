#!/bin/sh
# Sets up, builds (warnings are errors) and runs the whole test suite.
#
# The tests start their own Dovecot, SMTP sink, D-Bus session with
# gnome-keyring and Xvfb, on 127.0.0.1 only: no desktop is needed.
# Extra arguments go to `meson test` (e.g. --suite unit).
#
# The last line printed is "N passed, N failed[, N skipped]".
set -eu
cd "$(dirname "$0")/.."

build-aux/setup-deps.sh test

builddir=${BUILDDIR:-build-tests}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dwerror=true ${MESON_SETUP_ARGS:-}
fi
meson compile -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs "$@" || status=$?

build-aux/test-summary.py "$builddir/meson-logs/testlog.json"
exit $status
