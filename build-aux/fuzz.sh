#!/bin/sh
# fuzz.sh [SECONDS] — fuzz the MIME parser (raw message → display model)
#
# Sets up a clang build with ASan + UBSan and coverage for libFuzzer in
# build-fuzz/ (or $CR_FUZZ_BUILDDIR), builds tests/fuzz/fuzz-mime, and runs
# it for SECONDS (default 60) from the corpus in tests/data/mime and the
# inputs in tests/fuzz/regressions. Exits non-zero on a crash, a leak,
# undefined behaviour or a timeout; the input that caused it is kept in
# BUILDDIR/meson-logs/fuzz/.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

seconds=${1:-60}
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
ninja -C "$builddir" tests/fuzz/fuzz-mime

corpus="$builddir/fuzz-corpus"
artifacts="$builddir/meson-logs/fuzz"
mkdir -p "$corpus" "$artifacts"
cp "$srcdir"/tests/data/mime/*.eml "$srcdir"/tests/fuzz/regressions/* "$corpus"/

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export G_DEBUG=gc-friendly,fatal-criticals
export G_SLICE=always-malloc

exec "$builddir/tests/fuzz/fuzz-mime" \
  -max_total_time="$seconds" \
  -max_len=65536 \
  -timeout=20 \
  -print_final_stats=1 \
  -artifact_prefix="$artifacts/" \
  "$corpus"
