#!/usr/bin/env python3
"""`edict serve`, `edict workbench` and `edict repl` are run by edict-resident, which `edict` execs
with its own arguments (tools/cli/resident_commands.hpp). Checks: `edict --help` lists the three
with edict-resident's own words; their --help is the real one (the options, the usage line with the
name edict was called by); bad flags and arguments after `--` get the real parser's error and exit
2; the server is the process that was started (same pid, its command line unchanged) and stops on
SIGTERM with 0; stdin reaches `edict repl`. Then `edict` copied alone into a folder: the one-line
error naming both places looked in, exit 4, for each of the three; a file there that may not be run
is passed over; one that cannot be executed gives the system's reason.
Takes --edict (edict-resident is beside it). Ends with `N passed, M failed`."""
import os
import re
import shutil
import signal
import tempfile

from testlib import Checks, Server, command, edict_parser, run

a = edict_parser().parse_args()
edict = command(a.edict, timeout=60)
resident = os.path.join(os.path.dirname(os.path.abspath(a.edict)), "edict-resident")
P = "policies/fujian/2020-14"
check = Checks()
RESIDENT_COMMANDS = ("serve", "workbench", "repl")


def listed(help_text):
    """The subcommands of a --help and their descriptions."""
    part = help_text.split("Subcommands:", 1)[-1]
    return dict(re.findall(r"^  ([a-z][a-z-]*) {2,}(\S.*)$", part, re.M))


def help_and_errors():
    top, own = edict("--help"), run([resident, "--help"])
    mine, theirs = listed(top.stdout), listed(own.stdout)
    check("edict-resident --help lists exactly serve, workbench and repl",
          own.returncode == 0 and sorted(theirs) == sorted(RESIDENT_COMMANDS), own)
    for name in RESIDENT_COMMANDS:
        check(f"edict --help lists {name} with edict-resident's words", mine.get(name) == theirs.get(name) is not None,
              f"edict: {mine.get(name)!r}\nedict-resident: {theirs.get(name)!r}")
    check("edict --help lists serve, workbench, repl in their places",
          [n for n in mine if n in RESIDENT_COMMANDS] == list(RESIDENT_COMMANDS)
          and list(mine).index("serve") < list(mine).index("replay") < list(mine).index("repl"), list(mine))

    for name, option in (("serve", "--port"), ("serve", "--decision-log-keep"), ("workbench", "--port"),
                         ("repl", "--input")):
        r = edict(name, "--help")
        check(f"edict {name} --help is the real help ({option})",
              r.returncode == 0 and option in r.stdout and f"Usage: {a.edict} {name} [OPTIONS] policy" in r.stdout, r)
    r = run([resident, "serve", "--help"])
    check("edict serve --help prints what edict-resident serve --help prints, but for the usage line",
          r.stdout.replace(resident, a.edict) == edict("serve", "--help").stdout, r)

    r = edict("serve", P, "--port", "0", "--bogus")
    check("a bad flag to edict serve: CLI11's error, exit 2",
          r.returncode == 2 and "The following argument was not expected: --bogus" in r.stderr and r.stdout == "", r)
    r = edict("serve", P, "--port", "99999")
    check("a bad value: the real option's check, exit 2",
          r.returncode == 2 and "--port: Value 99999 not in range 0 to 65535" in r.stderr, r)
    r = edict("serve", "--", P, "--port", "99999")
    check("after --, everything is a positional for the real parser (--port is not seen)",
          r.returncode == 2 and "--port is required" in r.stderr, r)
    r = edict("serve", P, "--", "x")
    check("a positional after -- is handed on too, not refused by edict's top level",
          r.returncode == 2 and "--port is required" in r.stderr and "not expected" not in r.stderr, r)
    r = edict("workbench")
    check("edict workbench without a policy: the real parser's error, exit 2",
          r.returncode == 2 and "policy is required" in r.stderr, r)
    r = edict("repl", P, "--input", P + "/examples/case.json", stdin="retirement_date\n:quit\n")
    check("edict repl reads the standard input it was given", r.returncode == 0 and '"2020-' in r.stdout, r)


def the_server_is_the_process_started():
    s = Server(a.edict, P)
    try:
        pid = s.proc.pid
        exe = os.readlink(f"/proc/{pid}/exe")
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")[:-1]
        check("the pid edict serve was started with is edict-resident's", os.path.basename(exe) == "edict-resident", exe)
        check("its command line is edict's, unchanged",
              argv == [os.fsencode(x) for x in (a.edict, "serve", P, "--port", "0", "--host", "127.0.0.1")], argv)
        conn = s.connect()
        conn.request("GET", "/healthz")
        check("it answers", conn.getresponse().status == 200)
    finally:
        rc = s.stop(signal.SIGTERM)
    check("SIGTERM to that pid stops the server with 0", rc == 0, s.log())


def alone():
    work = tempfile.mkdtemp(prefix="edict-alone-")
    try:
        folder = os.path.join(work, "bin")
        os.makedirs(folder)
        lone = os.path.join(folder, "edict")
        shutil.copy2(a.edict, lone)
        beside = os.path.join(folder, "edict-resident")
        installed = os.path.join(work, "libexec", "edict", "edict-resident")
        for name in RESIDENT_COMMANDS:
            r = run([lone, name, P, "--port", "0"])
            check(f"edict {name} without edict-resident: one line naming both places, exit 4",
                  r.returncode == 4 and r.stdout == "" and r.stderr.count("\n") == 1
                  and r.stderr.startswith(f"error: `edict {name}` is run by the program edict-resident, ")
                  and f"not at {beside} nor {installed} " in r.stderr
                  and "--target edict-resident" in r.stderr and "reinstall" in r.stderr, r)
        r = run([lone, "eval", P, "--input", P + "/examples/case.json", "--output", "retirement_date"])
        check("the other commands run without it", r.returncode == 0 and "retirement_date" in r.stdout, r)

        with open(beside, "w") as f:
            f.write("#!/bin/sh\necho should not run\n")
        os.chmod(beside, 0o644)
        r = run([lone, "serve", "--help"])
        check("an edict-resident that may not be run is passed over: the same error",
              r.returncode == 4 and "should not run" not in r.stdout and f"not at {beside} nor" in r.stderr, r)
        os.makedirs(os.path.dirname(installed))
        shutil.copy2(resident, installed)
        r = run([lone, "serve", "--help"])
        check("then libexec/edict/edict-resident of the prefix is run",
              r.returncode == 0 and "--port" in r.stdout and f"Usage: {lone} serve" in r.stdout, r)
        os.remove(installed)
        with open(beside, "wb") as f:
            f.write(b"\x7fELF not a program")
        os.chmod(beside, 0o755)
        r = run([lone, "repl", P])
        check("one that cannot be executed: the system's reason, exit 4",
              r.returncode == 4 and r.stderr == f"error: cannot run {beside} for `edict repl`: Exec format error\n", r)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    help_and_errors()
    the_server_is_the_process_started()
    alone()


check.run_to_end(main)
