"""edict.dask: evaluate a policy over a Dask DataFrame, each partition on the workers.

    from distributed import Client
    import dask.dataframe as dd, edict, edict.dask
    client = Client("tcp://scheduler:8786")            # or LocalCluster(...)
    cases = dd.read_csv("cases-*.csv", dtype=str, keep_default_na=False, na_values=[""])
    results = edict.dask.evaluate(cases, edict.Policy("policies/fujian/2020-14"), ["retirement_date"])
    results.to_csv("results-*.csv")

The policy travels as its compiled artifact (bytes): one task in the graph holds them, so the
scheduler ships them to each worker once, and each worker process loads them once (a cache keyed
by the artifact's SHA-256), however many partitions it evaluates. Workers need the edict package
importable (installed, or on PYTHONPATH), not the policy's source files."""
import hashlib
import threading

from ._policy import Policy

_loaded = {}          # artifact digest -> Policy, per worker process
_lock = threading.Lock()
_load_count = 0       # how many artifacts this process has loaded (tests check: once per worker)


def _policy_for(digest, artifact):
    global _load_count
    with _lock:
        policy = _loaded.get(digest)
        if policy is None:
            policy = Policy.from_artifact(artifact)
            _loaded[digest] = policy
            _load_count += 1
        return policy


def load_count():
    """How many policy artifacts this process has loaded (run it on the workers with client.run)."""
    return _load_count


def _evaluate_partition(frame, digest, artifact, outputs, allow_extra, money, jobs):
    return _policy_for(digest, artifact).evaluate_many(frame, outputs, jobs=jobs, allow_extra=allow_extra, money=money)


def evaluate(ddf, policy, outputs=None, *, allow_extra=False, money="decimal", jobs=1):
    """A Dask DataFrame of results, one row per case of `ddf` (same index and partitions): one column
    per output plus `error` and `error_input`, typed as Policy.evaluate_many types them. `policy`:
    an edict.Policy, or a path or artifact bytes to make one. `jobs`: threads per partition (leave
    it at 1 when Dask already runs a thread per core)."""
    import dask
    if not isinstance(policy, Policy):
        policy = Policy(policy)
    artifact = policy.to_artifact()
    digest = hashlib.sha256(artifact).hexdigest()
    # One graph node for the bytes: every partition task depends on it, so the scheduler moves it
    # to a worker once instead of embedding a copy in each task.
    shared = dask.delayed(artifact, pure=True, name=f"edict-artifact-{digest}")
    outputs = None if outputs is None else ([outputs] if isinstance(outputs, str) else list(outputs))
    meta = policy.evaluate_many(ddf._meta, outputs, allow_extra=allow_extra, money=money)
    return ddf.map_partitions(_evaluate_partition, digest, shared, outputs, allow_extra, money, jobs, meta=meta,
                              align_dataframes=False)
