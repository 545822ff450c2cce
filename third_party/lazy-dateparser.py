#!/usr/bin/env python3
"""Rebuild third_party/go-dateparser: go-dateparser with its locale data built on first use.

go-dateparser builds the data of its 205 locale files in package initialisation: about 4,000
regular expressions and 78 MB of heap, 0.28 s, in every process that links it, before main runs.
depeche links it only through go-trafilatura → go-htmldate (the boilerplate stage's HTML path,
for the page's own date), so a worker that never sees HTML paid that for nothing.

The patch renames each locale file's init function and calls them all, in the order Go ran them
(file name order), from a sync.Once in GetLocaleData, the only way into the data. Nothing else
changes. Usage, from the repository root:

    go mod download -json github.com/markusmobius/go-dateparser@v1.2.3   # prints "Dir"
    python3 third_party/lazy-dateparser.py DIR third_party/go-dateparser
"""
import os
import re
import shutil
import sys


def main(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)

    def keep(d, names):
        # The module's code generator, its tests and their data are not needed to build it.
        return [n for n in names if n in ("scripts", "data-supplementary") or n.endswith("_test.go")]

    shutil.copytree(src, dst, ignore=keep)
    for root, dirs, files in os.walk(dst):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)
    data = os.path.join(dst, "internal", "data")
    loaders = []
    for f in sorted(os.listdir(data)):
        if not f.endswith(".go"):
            continue
        p = os.path.join(data, f)
        s = open(p, encoding="utf-8").read()
        n = s.count("\nfunc init() {")
        if n == 0:
            continue
        if n != 1:
            sys.exit(f"{f}: {n} init functions, expected one")
        name = "load_" + re.sub(r"[^A-Za-z0-9]", "_", f[:-3])
        open(p, "w", encoding="utf-8").write(s.replace("\nfunc init() {", f"\nfunc {name}() {{"))
        loaders.append(name)
    p = os.path.join(data, "00-locale-data.go")
    s = open(p, encoding="utf-8").read()
    head = "func GetLocaleData(locale string) (*LocaleData, bool) {\n"
    if s.count(head) != 1:
        sys.exit("00-locale-data.go: GetLocaleData not found")
    open(p, "w", encoding="utf-8").write(s.replace(head, head + "\tloadOnce.Do(load)\n"))
    with open(os.path.join(data, "zz-lazy.go"), "w", encoding="utf-8") as o:
        o.write("// Added by depeche (third_party/lazy-dateparser.py).\n\npackage data\n\n"
                'import "sync"\n\n'
                "// loadOnce builds the locale data on the first GetLocaleData rather than in package\n"
                "// initialisation, which cost every process 0.28 s and 78 MB whether it parsed a date or not.\n"
                "var loadOnce sync.Once\n\n"
                "// load runs the locale files' builders in the order their init functions ran: file name order.\n"
                "func load() {\n")
        for name in loaders:
            o.write(f"\t{name}()\n")
        o.write("}\n")
    print(f"{dst}: {len(loaders)} locale files made lazy")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
