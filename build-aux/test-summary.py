#!/usr/bin/env python3
"""Prints one line, "N passed, N failed[, N skipped]", from Meson test logs.

Each argument is a testlog.json, or NAME=ok / NAME=failed for a check run
outside Meson (the fuzzer); the counts are added up. Each TAP subtest counts
once, so the line tells how many checks ran, not how many programs.
"""

import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")


def count_tap(stdout):
    passed = failed = skipped = 0
    for line in stdout.splitlines():
        m = TAP_LINE.match(line.strip())
        if not m:
            continue
        directive = m.group(2)
        if "# SKIP" in directive.upper():
            skipped += 1
        elif m.group(1) == "ok" or "# TODO" in directive.upper():
            passed += 1
        else:
            failed += 1
    return passed, failed, skipped


def main():
    passed = failed = skipped = 0
    for path in sys.argv[1:]:
        name, _, outcome = path.partition("=")
        if outcome in ("ok", "failed"):
            print(f"{name}: {outcome}", file=sys.stderr)
            passed += outcome == "ok"
            failed += outcome == "failed"
            continue
        try:
            log = open(path, encoding="utf-8")
        except OSError as error:
            # A run that could not even start counts as a failure.
            print(f"{path}: {error.strerror}", file=sys.stderr)
            failed += 1
            continue
        with log:
            for line in log:
                test = json.loads(line)
                result = test.get("result")
                p, f, s = count_tap(test.get("stdout") or "")
                if p + f + s == 0:
                    p = 1 if result in ("OK", "EXPECTEDFAIL") else 0
                    s = 1 if result == "SKIP" else 0
                    f = 0 if p or s else 1
                elif result not in ("OK", "SKIP", "EXPECTEDFAIL") and f == 0:
                    # Crashed or timed out after its last TAP line.
                    f = 1
                passed += p
                failed += f
                skipped += s
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)


if __name__ == "__main__":
    main()
