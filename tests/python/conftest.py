"""Shared fixtures for the edict Python package's tests (run by ctest: tests/python/CMakeLists.txt
sets PYTHONPATH to the build's python/ folder, EDICT_REPO and EDICT_BIN)."""
import json
import os
import sys

import pytest

REPO = os.environ.get("EDICT_REPO", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
sys.path.insert(0, os.path.join(REPO, "tests", "oracle"))  # gen_cases, fujian_oracle
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # wire.py

FUJIAN = os.path.join(REPO, "policies", "fujian", "2020-14")


@pytest.fixture(scope="session")
def repo():
    return REPO


@pytest.fixture(scope="session")
def edict_bin():
    path = os.environ.get("EDICT_BIN", os.path.join(REPO, "build", "release", "edict"))
    assert os.path.exists(path), f"no edict binary at {path} (set EDICT_BIN)"
    return path


@pytest.fixture(scope="session")
def fujian():
    import edict
    return edict.Policy(FUJIAN)


@pytest.fixture(scope="session")
def examples():
    """The contract's public examples: the copy in the policy's tests/ folder (the shared contract
    folder is not part of a clone)."""
    path = os.path.join(FUJIAN, "tests", "examples.jsonl")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
