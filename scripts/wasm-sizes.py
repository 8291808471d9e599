#!/usr/bin/env python3
"""Sizes of the release wasm as the browser gets it (scripts/bench.sh): the main module, which the
planning board needs and nothing more, and for every page split from it (a Leptos lazy route) the
pieces it loads when it first opens (the split-manifest's list: its own module and the chunks it
shares with other pages). Raw, gzip and brotli, as built by scripts/build-site.sh."""
import glob, json, os, sys

pkg = sys.argv[1] if len(sys.argv) > 1 else "target/site/pkg"


def sizes(stem):
    path = os.path.join(pkg, stem + ".wasm")
    return [os.path.getsize(path + ext) for ext in ("", ".gz", ".br")]


def kb(triple):
    return "raw %d KB, gzip %d KB, brotli %d KB" % tuple(n // 1024 for n in triple)


main = [p for p in glob.glob(os.path.join(pkg, "branchboard.*.wasm"))]
if len(main) != 1:
    sys.exit("expected one main module in %s, found %d" % (pkg, len(main)))
stem = os.path.basename(main[0])[: -len(".wasm")]
print("main module (shell, planning board, sync engine): " + kb(sizes(stem)))
manifests = glob.glob(os.path.join(pkg, "__wasm_split_manifest.*.json"))
if not manifests:
    sys.exit("no split manifest in %s" % pkg)
pages = json.load(open(manifests[0]))
every = set()
for name, pieces in sorted(pages.items()):
    every.update(pieces)
    total = [sum(t) for t in zip(*(sizes(p) for p in pieces))]
    page = name.strip("_").split("_route_view")[0]
    print("  page %-10s %2d pieces: %s" % (page, len(pieces), kb(total)))
total = [sum(t) for t in zip(*(sizes(p) for p in sorted(every)))]
print("all %d split pieces together: %s" % (len(every), kb(total)))
