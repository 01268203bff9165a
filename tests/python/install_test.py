#!/usr/bin/env python3
"""`cmake --install` puts the edict package where Debian's python3 imports it from: installs into a
temporary prefix, checks the package landed in PREFIX/<package dir>/edict and that, with the
default prefix /usr/local, that folder is on this interpreter's sys.path; then imports the
installed copy (not the build tree's) in a fresh interpreter and evaluates the installed Fujian
policy. Takes: --cmake, --build, --package-dir (EDICT_PYTHON_INSTALL_DIR). Exit 1 on failure."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SCRIPT = """
import edict, sys
assert edict.__file__.startswith(sys.argv[1]), edict.__file__
p = edict.Policy(sys.argv[2])
r = p.evaluate({"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}, ["retirement_date"])
print(r["retirement_date"].isoformat())
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--build", required=True)
    ap.add_argument("--package-dir", required=True)
    a = ap.parse_args()
    failed = []
    default_dir = os.path.join("/usr/local", a.package_dir)
    if default_dir not in sys.path:
        failed.append(f"{default_dir} (where the default prefix installs the package) is not on sys.path of {sys.executable}: {sys.path}")
    work = tempfile.mkdtemp(prefix="edict-python-install-")
    try:
        prefix = os.path.join(work, "prefix")
        r = subprocess.run([a.cmake, "--install", a.build, "--prefix", prefix], capture_output=True, text=True)
        if r.returncode:
            failed.append("cmake --install failed: " + r.stdout + r.stderr)
        package = os.path.join(prefix, a.package_dir, "edict")
        files = sorted(os.listdir(package)) if os.path.isdir(package) else []
        if "__init__.py" not in files or "dask.py" not in files or not any(f.startswith("_core") for f in files):
            failed.append(f"the package is not complete in {package}: {files}")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = os.path.join(prefix, a.package_dir)
        policy = os.path.join(prefix, "share", "edict", "policies", "fujian", "2020-14")
        r = subprocess.run([sys.executable, "-c", SCRIPT, package, policy], capture_output=True, text=True, env=env,
                           cwd=work)
        if r.returncode or r.stdout.strip() != "2020-01-10":
            failed.append(f"the installed package does not evaluate the installed policy: {r.stdout}{r.stderr}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failed:
        print("FAIL", f)
    print(f"{3 - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
