#!/usr/bin/env python3
"""The layers hold (docs/architecture.md, "Layers"): every quoted #include is written from the
repository root and points only downwards -- runtime/ includes runtime/ alone, compiler/ runtime/ and
compiler/, api/ no tooling/, tooling/ no tools/ -- and the host library's link line (libedict)
names the runtime and the compiler but no analyst tool. Ends with `N passed, M failed`."""
import argparse, os, re, sys

ap = argparse.ArgumentParser()
ap.add_argument("--repo", required=True)
ap.add_argument("--build", required=True)
a = ap.parse_args()

# What each layer may include (besides the public headers under include/, named "edict/...").
ALLOWED = {
    "runtime": ("runtime/",),
    "compiler": ("runtime/", "compiler/"),
    "api": ("runtime/", "compiler/", "api/"),
    "tooling": ("runtime/", "compiler/", "tooling/"),
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
results = []


def check(name, ok, why=""):
    results.append(bool(ok))
    if not ok:
        print(f"FAIL {name}: {why}")


for layer, allowed in ALLOWED.items():
    for d, _, files in os.walk(os.path.join(a.repo, layer)):
        for f in files:
            if not f.endswith((".cpp", ".hpp", ".h", ".def")):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, a.repo)
            for inc in INCLUDE.findall(open(path, encoding="utf-8").read()):
                if inc.startswith("edict/"):
                    continue
                check(f"{rel} includes {inc}", os.path.isfile(os.path.join(a.repo, inc)),
                      "not a path from the repository root")
                check(f"{rel} includes {inc}", inc.startswith(allowed),
                      f"{layer}/ may include only {', '.join(allowed)}")

# The link step of libedict as the build system runs it: Ninja's build statement (with its
# LINK_LIBRARIES), or the Makefile generator's link.txt.
link = os.path.join(a.build, "CMakeFiles", "edict_api.dir", "link.txt")
if os.path.isfile(link):
    text = open(link).read()
else:
    link = os.path.join(a.build, "build.ninja")
    blocks = open(link).read().split("\n\n")
    text = next((b for b in blocks if re.search(r"^build libedict\.so[^:]*: CXX_SHARED_LIBRARY_LINKER", b, re.M)), "")
    check("libedict's link step is in build.ninja", text, link)
check("libedict links the compiler", "libedict_compiler.a" in text, link)
for tool in ("libedict_tooling.a", "libedict_service.a"):
    check(f"libedict does not link {tool}", tool not in text, f"{link} names {tool}")

print(f"{results.count(True)} passed, {results.count(False)} failed")
sys.exit(0 if all(results) else 1)
