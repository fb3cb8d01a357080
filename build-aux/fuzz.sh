#!/bin/sh
# fuzz.sh [SECONDS [TARGET]] — fuzz a parser that reads what others send
#
#   mime (default): a raw message → the reader's display model; corpus
#     tests/data/mime and tests/fuzz/regressions
#   imap: an IMAP server's answers → header sync rows; corpus
#     tests/fuzz/imap
#
# Sets up a clang build with ASan + UBSan and coverage for libFuzzer in
# build-fuzz/ (or $CR_FUZZ_BUILDDIR), builds tests/fuzz/fuzz-TARGET, and
# runs it for SECONDS (default 60). Exits non-zero on a crash, a leak,
# undefined behaviour or a timeout; the input that caused it is kept in
# BUILDDIR/meson-logs/fuzz/. Add such an input to the target's corpus
# once fixed, so that every later run starts from it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

seconds=${1:-60}
target=${2:-mime}
case $target in
  mime|imap) ;;
  *) echo "fuzz.sh: no target $target (mime or imap)" >&2; exit 2 ;;
esac
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${CR_FUZZ_BUILDDIR:-$srcdir/build-fuzz}

if [ ! -f "$builddir/build.ninja" ]; then
  # A setup that failed half-way leaves a directory meson will not reuse.
  if [ -d "$builddir/meson-logs" ] && [ ! -f "$builddir/meson-private/coredata.dat" ]; then
    rm -rf "$builddir"
  fi
  # fuzzer-no-link instruments the engine for coverage; only the target
  # links libFuzzer itself (tests/fuzz/meson.build).
  CC=clang meson setup "$builddir" "$srcdir" \
    -Db_sanitize=address,undefined \
    -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link \
    -Dhelp=false
fi
ninja -C "$builddir" "tests/fuzz/fuzz-$target"

# The MIME corpus keeps the folder name it had before there were targets.
case $target in
  mime) corpus="$builddir/fuzz-corpus" ;;
  *) corpus="$builddir/fuzz-corpus-$target" ;;
esac
artifacts="$builddir/meson-logs/fuzz"
mkdir -p "$corpus" "$artifacts"
case $target in
  mime) cp "$srcdir"/tests/data/mime/*.eml "$srcdir"/tests/fuzz/regressions/* "$corpus"/ ;;
  imap) cp "$srcdir"/tests/fuzz/imap/* "$corpus"/ ;;
esac

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export G_DEBUG=gc-friendly,fatal-criticals
export G_SLICE=always-malloc

exec "$builddir/tests/fuzz/fuzz-$target" \
  -max_total_time="$seconds" \
  -max_len=65536 \
  -timeout=20 \
  -print_final_stats=1 \
  -artifact_prefix="$artifacts/$target-" \
  "$corpus"
