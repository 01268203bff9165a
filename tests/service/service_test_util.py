"""Shared by the tests/service scripts: a copy of the policies (with stdlib/, so imports resolve by
walking up) in a temporary folder that a test may edit, waiting for a condition, checks that
count, and a strict parser of the Prometheus text exposition format."""
import json, math, os, re, shutil, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "cli"))
from testlib import Checks, Server, replace_in_file, request  # noqa: E402,F401

# One recorder for the whole script (testlib's: "ok/FAIL NAME", then "N passed, M failed").
check = Checks(limit=800)
finish = check.finish


def policy_tree(*policies):
    """A temporary folder holding stdlib/ and policies/<each of `policies`> (default: all)."""
    root = tempfile.mkdtemp(prefix="edict-svc-")
    shutil.copytree(os.path.join(REPO, "stdlib"), os.path.join(root, "stdlib"))
    src = os.path.join(REPO, "policies")
    for p in policies or os.listdir(src):
        shutil.copytree(os.path.join(src, p), os.path.join(root, "policies", p))
    return root


def wait_for(cond, seconds=15, step=0.05):
    end = time.time() + seconds
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


edit = replace_in_file  # replaces `old` (which must be there) by `new`, once


def get_json(srv, path):
    c = srv.connect()
    st, body = request(c, "GET", path)
    c.close()
    return st, body


def policies_by_id(srv):
    st, body = get_json(srv, "/v1/policies")
    return {p["id"]: p for p in body["policies"]} if st == 200 else {}


NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{((?:{LABEL})(?:,{LABEL})*,?)?\}})? (\S+)(?: (-?\d+))?$")


def parse_exposition(text):
    """Parses the text format (0.0.4) strictly: {family: {"type", "help", "samples": [(name,
    labels, value)]}}. Raises ValueError naming the line for anything out of the format: a sample
    before its TYPE, a TYPE given twice, a bad label or value, a histogram whose buckets are not
    cumulative or whose +Inf bucket is not its _count."""
    families, current = {}, None
    if not text.endswith("\n"):
        raise ValueError("the exposition must end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            parts = line.split(" ", 3)
            if len(parts) < 4 or not re.fullmatch(NAME, parts[2]):
                raise ValueError(f"line {n}: bad {parts[1]} line: {line!r}")
            fam = families.setdefault(parts[2], {"type": None, "help": None, "samples": []})
            key = parts[1].lower()
            if fam[key] is not None:
                raise ValueError(f"line {n}: second {parts[1]} for {parts[2]}")
            if key == "type" and parts[3] not in ("counter", "gauge", "histogram", "summary", "untyped"):
                raise ValueError(f"line {n}: unknown type {parts[3]}")
            if key == "type" and fam["samples"]:
                raise ValueError(f"line {n}: TYPE after samples of {parts[2]}")
            fam[key] = parts[3]
            current = parts[2]
            continue
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        if not m:
            raise ValueError(f"line {n}: not a sample: {line!r}")
        name, labels_text, value = m.group(1), m.group(2) or "", m.group(7)
        labels = dict(re.findall(LABEL, labels_text))
        try:
            v = float(value)
        except ValueError:
            raise ValueError(f"line {n}: value {value!r} is not a float")
        base = name
        for suffix in ("_bucket", "_sum", "_count"):
            if name.endswith(suffix) and name[: -len(suffix)] in families:
                base = name[: -len(suffix)]
        if base not in families or families[base]["type"] is None:
            raise ValueError(f"line {n}: sample {name} without a TYPE line before it")
        if base != current:
            raise ValueError(f"line {n}: sample {name} is not with the rest of its family {current}")
        if families[base]["type"] == "counter" and (v < 0 or math.isnan(v)):
            raise ValueError(f"line {n}: counter {name} is {v}")
        families[base]["samples"].append((name, labels, v))
    for base, fam in families.items():
        if fam["type"] != "histogram":
            continue
        series = {}
        for name, labels, v in fam["samples"]:
            key = tuple(sorted((k, x) for k, x in labels.items() if k != "le"))
            s = series.setdefault(key, {"buckets": [], "count": None, "sum": None})
            if name == base + "_bucket":
                s["buckets"].append((float(labels["le"]), v))
            elif name == base + "_count":
                s["count"] = v
            elif name == base + "_sum":
                s["sum"] = v
        for key, s in series.items():
            les = [le for le, _ in s["buckets"]]
            counts = [c for _, c in s["buckets"]]
            if les != sorted(les) or not les or les[-1] != math.inf:
                raise ValueError(f"{base}{key}: buckets not in order ending at +Inf: {les}")
            if counts != sorted(counts):
                raise ValueError(f"{base}{key}: buckets not cumulative: {counts}")
            if s["count"] != counts[-1] or s["sum"] is None:
                raise ValueError(f"{base}{key}: _count {s['count']} is not the +Inf bucket {counts[-1]}, or no _sum")
    return families


def sample(families, family, name=None, **labels):
    """The value of the sample of `family` (named `name`, default the family) with these labels; 0 if absent."""
    for n, l, v in families.get(family, {"samples": []})["samples"]:
        if n == (name or family) and all(l.get(k) == str(x) for k, x in labels.items()):
            return v
    return 0.0
