#!/usr/bin/env python3
"""Installs Edict into a temporary prefix (`cmake --install`), then builds the example hosts in
examples/ OUTSIDE the tree against that prefix, in C and in C++, once with find_package(Edict) and
once with pkg-config, and runs each on a Fujian case from the installed share/edict/policies, and
on an artifact made by the installed `edict build`. Compares with the contract's expected output.

Takes: --build DIR (a built tree), --source DIR, --cmake, --cc, --cxx, --host-flags. Prints one line per check
and a final "N passed, M failed"; exit 1 when anything failed.
"""
import argparse
import functools
import json
import os
import shutil
import tempfile

import testlib

CASE = {"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee",
        "monthly_pension": "1765.43", "first_payment_month": "2020-05",
        "computed_monthly_pension": "1765.43", "prepaid_months": 3, "settlement_month": "2020-05",
        "payment_month": "2020-03", "certification_due": "2020-01-31", "certified_on": None,
        "missed_due_to_epidemic": True, "epidemic_end": "2020-04-30"}
OUTPUTS = "benefit_suspended,retirement_date,pension_start_month,settlement_amount,settlement_direction"
# What `edict eval` prints for this case (the contract's wire format); checked against the CLI below.
check = testlib.Checks()
run = functools.partial(testlib.run, timeout=600)  # installs and host builds take long


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cxx", default="c++")
    # A sanitizer build's libedict needs its runtime in the host too (-fsanitize=... here).
    ap.add_argument("--host-flags", default="")
    a = ap.parse_args()
    host_flags = a.host_flags.split()

    work = tempfile.mkdtemp(prefix="edict-install-")
    try:
        prefix = os.path.join(work, "prefix")
        r = run([a.cmake, "--install", a.build, "--prefix", prefix])
        check("cmake --install into a temporary prefix", r.returncode == 0, r.stdout + r.stderr)
        if r.returncode:
            return
        libdir = next((os.path.join(prefix, d) for d in ("lib", "lib64", "lib/x86_64-linux-gnu")
                       if os.path.exists(os.path.join(prefix, d, "pkgconfig", "edict.pc"))), None)
        check("edict.pc, EdictConfig.cmake, headers, stdlib and the Fujian policy are installed",
              libdir is not None and os.path.exists(os.path.join(libdir, "cmake", "Edict", "EdictConfig.cmake"))
              and os.path.exists(os.path.join(prefix, "include", "edict", "edict.h"))
              and os.path.exists(os.path.join(prefix, "include", "edict", "edict.hpp"))
              and os.path.isdir(os.path.join(prefix, "share", "edict", "stdlib"))
              and os.path.isdir(os.path.join(prefix, "share", "edict", "policies", "fujian", "2020-14")),
              f"installed: {list(os.walk(prefix))[:3]}")
        if libdir is None:
            return
        check("edict is in bin, edict-resident (serve, workbench, repl) in libexec/edict",
              os.access(os.path.join(prefix, "bin", "edict"), os.X_OK)
              and os.access(os.path.join(prefix, "libexec", "edict", "edict-resident"), os.X_OK),
              f"installed: {list(os.walk(prefix))[:3]}")
        policy = os.path.join(prefix, "share", "edict", "policies", "fujian", "2020-14")
        case = os.path.join(work, "case.json")
        with open(case, "w") as f:
            json.dump(CASE, f)

        # The installed CLI gives the reference answer and builds the artifact.
        edict = os.path.join(prefix, "bin", "edict")
        ref = run([edict, "eval", policy, "--input", case, "--output", OUTPUTS], cwd=work)
        check("installed `edict eval` runs the installed Fujian policy", ref.returncode == 0, ref.stderr)
        expected = json.loads(ref.stdout) if ref.returncode == 0 else None
        check("its answer is the contract's", expected == {
            "benefit_suspended": False, "retirement_date": "2020-01-10", "pension_start_month": "2020-02",
            "settlement_amount": "-103.71", "settlement_direction": "deduct"}, ref.stdout)
        artifact = os.path.join(work, "fujian.edictc")
        r = run([edict, "build", policy, "-o", artifact], cwd=work)
        check("installed `edict build` writes an artifact", r.returncode == 0 and os.path.exists(artifact), r.stderr)

        env = dict(os.environ, CMAKE_PREFIX_PATH=prefix, CC=a.cc, CXX=a.cxx)
        env.pop("EDICT_PATH", None)
        hosts = {}
        for lang in ("c_host", "cpp_host"):
            src = os.path.join(work, "src-" + lang)
            shutil.copytree(os.path.join(a.source, "examples", lang), src)  # outside the Edict tree
            bld = os.path.join(work, "build-" + lang)
            r = run([a.cmake, "-S", src, "-B", bld, "-DCMAKE_BUILD_TYPE=Release",
                     "-DCMAKE_C_FLAGS=" + a.host_flags, "-DCMAKE_CXX_FLAGS=" + a.host_flags,
                     "-DCMAKE_EXE_LINKER_FLAGS=" + a.host_flags], env=env)
            if r.returncode == 0:
                r = run([a.cmake, "--build", bld, "-j1"], env=env)
            check(f"{lang}: find_package(Edict) build", r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:])
            hosts[lang + " (find_package)"] = os.path.join(bld, lang)

        pc_env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(libdir, "pkgconfig"))
        flags = run(["pkg-config", "--cflags", "--libs", "edict"], env=pc_env)
        check("pkg-config --cflags --libs edict", flags.returncode == 0 and "-ledict" in flags.stdout, flags.stderr)
        for lang, compiler, std in (("c_host", a.cc, []), ("cpp_host", a.cxx, ["-std=c++17"])):
            ext = "c" if lang == "c_host" else "cpp"
            out = os.path.join(work, lang + "-pc")
            r = run([compiler, *std, *host_flags, os.path.join(a.source, "examples", lang, "main." + ext), "-o", out,
                     *flags.stdout.split(), "-Wl,-rpath," + libdir])
            check(f"{lang}: pkg-config build", r.returncode == 0, r.stderr[-3000:])
            hosts[lang + " (pkg-config)"] = out

        for name, exe in hosts.items():
            for what, path in (("policy folder", policy), ("artifact", artifact)):
                r = run([exe, path, case, OUTPUTS], env=env, cwd=work)
                got = None
                try:
                    got = json.loads(r.stdout)
                except ValueError:
                    pass
                check(f"{name} evaluates the Fujian {what}", r.returncode == 0 and got == expected,
                      f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")
            bad = os.path.join(work, "bad.json")
            with open(bad, "w") as f:
                f.write('{"birth_date": "1960-02-30", "sex": "male", "scheme": "enterprise_employee"}')
            r = run([exe, policy, bad, "retirement_date"], env=env, cwd=work)
            err = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
            check(f"{name} reports a bad case as the contract's error object",
                  r.returncode == 1 and '"input":"birth_date"' in err and r.stdout == "", r.stdout + r.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    check.run_to_end(main)
