#!/bin/sh
# Installs what Edict needs to build and test on Debian 12, from Debian's archive only.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  cmake ninja-build g++ make python3 \
  tao-pegtl-dev libfmt-dev libboost-dev libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev \
  pkg-config libcpp-httplib-dev >/dev/null
# Benchmark peers (bench/: Google Benchmark, Lua 5.4, LuaJIT) and the libFuzzer build
# (tests/fuzz/run.sh: clang with its sanitizer and fuzzer runtimes); valgrind for profiles.
apt-get install -y -qq --no-install-recommends pkg-config libbenchmark-dev liblua5.4-dev libluajit-5.1-dev \
  clang libclang-rt-14-dev valgrind >/dev/null
# `edict doc`: the HTML report is checked in headless Chromium by the test suite; CJK fonts so the
# notice renders in its screenshots.
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
# `edict repl`: line editing and history (libedit, BSD licence); tests/cli drives it through tmux.
apt-get install -y -qq --no-install-recommends libedit-dev tmux >/dev/null
# The OpenAPI check of `edict serve` (ctest service_openapi): Node and npm from Debian (and PyYAML
# for ctest service_deploy, which reads deploy/kubernetes.yaml), then the
# validator @apidevtools/swagger-parser and Ajv at the versions pinned in the committed lockfile.
# A machine that already has Node.js with its npm (NodeSource's nodejs package bundles npm and
# conflicts with Debian's npm package) keeps it; otherwise Debian's are installed.
apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
(cd "$(dirname "$0")/../tests/service/openapi" && npm ci --no-audit --no-fund --loglevel=error)
# The Python package (python/, docs/python.md): pybind11 and Python's headers to build it; pandas,
# numpy, Dask's distributed scheduler and pytest for its tests (tests/python), all for Debian's python3.
apt-get install -y -qq --no-install-recommends python3-dev pybind11-dev python3-numpy python3-pandas \
  python3-dask python3-distributed python3-pytest >/dev/null
# The workbench's browser test (ctest workbench_browser, issue 15): Debian's chromium (installed
# above for the report) driven by puppeteer-core, pinned in tests/workbench/package-lock.json.
(cd "$(dirname "$0")/../tests/workbench" && npm ci --no-audit --no-fund --loglevel=error)
