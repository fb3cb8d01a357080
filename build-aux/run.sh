#!/bin/sh
# Sets up, builds, installs and launches Courrier.
#
# As root it installs the missing Debian packages and installs Courrier
# under /usr/local; as another user, under ~/.local.
set -eu
cd "$(dirname "$0")/.."

build-aux/setup-deps.sh run

if [ "$(id -u)" -eq 0 ]; then
  prefix=/usr/local
else
  prefix="$HOME/.local"
fi

if [ ! -f build/build.ninja ]; then
  meson setup build --prefix="$prefix" -Dtests=false
fi
meson compile -C build
meson install -C build --quiet

if [ "$prefix" != /usr/local ]; then
  # Let GLib find the schema, icons and help installed under ~/.local.
  XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
  GSETTINGS_SCHEMA_DIR="$prefix/share/glib-2.0/schemas"
  export XDG_DATA_DIRS GSETTINGS_SCHEMA_DIR
fi
exec "$prefix/bin/courrier" "$@"
