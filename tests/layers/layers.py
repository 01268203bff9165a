#!/usr/bin/env python3
"""The layers hold (docs/architecture.md, "Layers"): every quoted #include is written from the
repository root and points only downwards -- runtime/ includes runtime/ alone, compiler/ runtime/ and
compiler/, api/ no tooling/, tooling/ no tools/ -- and the host library's link line (libedict)
names the runtime and the compiler but no analyst tool. And the programs: `edict` loads neither
cpp-httplib (nor the OpenSSL it brings) nor libedit, directly or through another library, while
edict-resident, which runs serve, workbench and repl, needs them (readelf -d's NEEDED entries, and
what ldd resolves). Ends with `N passed, M failed`."""
import argparse, os, re, subprocess, sys

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


# The programs' shared libraries: what each names itself (NEEDED), and all it loads (ldd).
def needed(binary):
    out = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def loaded(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return re.findall(r"^\s*(\S+\.so[^\s]*)", out, re.M)


STARTUP_COSTS = {"cpp-httplib": "libcpp-httplib", "OpenSSL's libssl": "libssl", "OpenSSL's libcrypto": "libcrypto",
                 "libedit": "libedit"}
edict = os.path.join(a.build, "edict")
resident = os.path.join(a.build, "edict-resident")
for path in (edict, resident):
    check(f"{os.path.basename(path)} is built", os.path.isfile(path), path)
if os.path.isfile(edict) and os.path.isfile(resident):
    names, closure = needed(edict), loaded(edict)
    check("readelf -d finds edict's NEEDED entries", any(n.startswith("libc.so") for n in names), names)
    check("ldd resolves edict's libraries", any(n.startswith("libc.so") for n in closure), closure)
    for what, lib in STARTUP_COSTS.items():
        check(f"edict does not load {what}", not any(n.startswith(lib + ".") or n.startswith(lib + "-")
                                                    for n in names + closure),
              f"NEEDED {names}; ldd {closure}")
    names, closure = needed(resident), loaded(resident)
    for what, lib in {"cpp-httplib": "libcpp-httplib", "libedit": "libedit"}.items():
        check(f"edict-resident names {what} (NEEDED)", any(n.startswith(lib + ".") for n in names), names)
    for what, lib in STARTUP_COSTS.items():
        check(f"edict-resident loads {what}", any(n.startswith(lib + ".") for n in closure), closure)

print(f"{results.count(True)} passed, {results.count(False)} failed")
sys.exit(0 if all(results) else 1)
