#!/usr/bin/env python3
"""Checks that every translatable string is translated, and listed.

  check-translations.py SRCDIR potfiles   every source file with translatable
                                          strings is in po/POTFILES.in, and
                                          every listed file exists
  check-translations.py SRCDIR complete   the strings of the current sources,
                                          extracted afresh, all have a
                                          non-fuzzy translation in each
                                          language of po/LINGUAS

Prints TAP.
"""

import os
import re
import subprocess
import sys
import tempfile

# g_dgettext ("gtk40", …) and the like read another package's catalogue:
# a quoted first argument there is a domain, not a string of ours.
MARKERS = re.compile(r'\b(?:N?C?_|ngettext)\s*\(\s*"|translatable="yes"')
SCANNED = (".c", ".h", ".ui")
ALWAYS = (".desktop.in", ".metainfo.xml.in", ".gschema.xml")
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments", "--package-name=courrier",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3", "--keyword=ngettext:1,2",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format", "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format", "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, details=()):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} {name}")
        for line in details:
            print(f"# {line}")
        if not ok:
            self.failed += 1

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0


def listed_files(srcdir):
    with open(os.path.join(srcdir, "po", "POTFILES.in"), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def translatable_sources(srcdir):
    found = []
    for top in ("src", "data"):
        for root, _dirs, files in os.walk(os.path.join(srcdir, top)):
            for name in files:
                path = os.path.join(root, name)
                rel = os.path.relpath(path, srcdir)
                if name.endswith(ALWAYS):
                    found.append(rel)
                elif name.endswith(SCANNED):
                    with open(path, encoding="utf-8", errors="replace") as f:
                        if MARKERS.search(f.read()):
                            found.append(rel)
    return sorted(found)


def check_potfiles(srcdir, tap):
    listed = listed_files(srcdir)
    missing = [f for f in translatable_sources(srcdir) if f not in listed]
    tap.check(not missing, "every file with translatable strings is in po/POTFILES.in",
              [f"missing: {f}" for f in missing])
    gone = [f for f in listed if not os.path.exists(os.path.join(srcdir, f))]
    tap.check(not gone, "every file in po/POTFILES.in exists", [f"gone: {f}" for f in gone])


def fresh_template(srcdir, tmp):
    pot = os.path.join(tmp, "courrier.pot")
    files = os.path.join(tmp, "files")
    with open(files, "w", encoding="utf-8") as f:
        f.write("\n".join(listed_files(srcdir)) + "\n")
    subprocess.run(["xgettext", *XGETTEXT_ARGS, "--directory", srcdir,
                    "--files-from", files, "--output", pot], check=True)
    return pot


def untranslated(po):
    """Entries with an empty or fuzzy translation, from msgattrib."""
    out = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", po],
                         capture_output=True, text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", po],
                           capture_output=True, text=True, check=True).stdout
    ids = re.findall(r'^msgid "(.+)"$', out + fuzzy, re.M)
    return ids


def check_complete(srcdir, tap):
    with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = [l for line in f for l in line.split() if not line.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        pot = fresh_template(srcdir, tmp)
        for lang in languages:
            po = os.path.join(srcdir, "po", f"{lang}.po")
            check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, po],
                                   capture_output=True, text=True)
            tap.check(check.returncode == 0, f"po/{lang}.po is valid",
                      check.stderr.splitlines())
            merged = os.path.join(tmp, f"{lang}.po")
            subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching",
                            "--output-file", merged, po, pot], check=True)
            stats = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, merged],
                                   capture_output=True, text=True).stderr.strip()
            complete = "fuzzy" not in stats and "untranslated" not in stats
            tap.check(complete, f"po/{lang}.po translates every current string",
                      [stats] + [f"untranslated: {m}" for m in untranslated(merged)])


def main():
    srcdir, what = sys.argv[1], sys.argv[2]
    tap = Tap()
    if what == "potfiles":
        check_potfiles(srcdir, tap)
    else:
        check_complete(srcdir, tap)
    sys.exit(tap.done())


if __name__ == "__main__":
    main()
