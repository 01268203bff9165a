"""deploy/kubernetes.yaml against the real server (issue 14): `edict serve` started with the
Deployment's exact arguments (the policy folder, address, port and log path mapped to this
machine) must start, and the paths of its startup, liveness and readiness probes must answer 200 on
the container port; the Service must target that port; the grace period must exceed
--drain-timeout. Ends with `N passed, M failed`."""
import argparse, os, shutil, sys, tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_test_util import REPO, Server, check, finish, get_json  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--edict", required=True)
a = ap.parse_args()

docs = list(yaml.safe_load_all(open(os.path.join(REPO, "deploy", "kubernetes.yaml"))))
deployment = next(d for d in docs if d["kind"] == "Deployment")
service = next(d for d in docs if d["kind"] == "Service")
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
args = list(container["args"])
check("the container runs `edict serve` on the installed policies", args[:2] == ["serve", "/opt/edict/share/edict/policies"],
      args[:2])
port_name = {p["name"]: p["containerPort"] for p in container["ports"]}
check("the Service targets the container's port", service["spec"]["ports"][0]["targetPort"] in port_name
      and service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"], service["spec"])
drain = float(args[args.index("--drain-timeout") + 1])
check("terminationGracePeriodSeconds exceeds --drain-timeout", pod["terminationGracePeriodSeconds"] > drain)

# The same arguments here: the installed policies are policies/ of the repository (with stdlib/
# beside them, as installed), the port any free one, the decision log in a scratch folder.
tmp = tempfile.mkdtemp(prefix="edict-deploy-")
mapped = {"/opt/edict/share/edict/policies": os.path.join(REPO, "policies"), "0.0.0.0": "127.0.0.1",
          "/var/log/edict/decisions.jsonl": os.path.join(tmp, "decisions.jsonl")}
run = [mapped.get(x, x) for x in args[2:]]
given = {"--host", "--port"}  # Server() gives its own: 127.0.0.1, a free port
run = [x for k, x in enumerate(run) if x not in given and (k == 0 or run[k - 1] not in given)]
srv = Server(a.edict, mapped[args[1]], *run)
try:
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = container[kind]["httpGet"]
        st, body = get_json(srv, probe["path"])
        check(f"{kind} {probe['path']} answers 200 on port {probe['port']}", st == 200 and probe["port"] in port_name,
              (st, body))
    st, body = get_json(srv, "/v1/policies")
    check("the policies are served", st == 200 and any(p["id"] == "fujian/2020-14" and p["status"] == "serving"
                                                        for p in body["policies"]), st)
finally:
    check("exit 0 on SIGTERM", srv.stop() == 0, srv.log()[-800:])
check("the decision log was opened where the manifest says", os.path.exists(mapped["/var/log/edict/decisions.jsonl"]))
shutil.rmtree(tmp)
finish()
