#!/bin/sh
# Installs what Edict needs to build and test on Debian 12, from Debian's archive only.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  cmake ninja-build g++ make python3 \
  tao-pegtl-dev libfmt-dev libboost-dev libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev >/dev/null
# `edict doc`: the HTML report is checked in headless Chromium by the test suite; CJK fonts so the
# notice renders in its screenshots.
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
