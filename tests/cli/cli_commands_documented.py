"""Every command `edict --help` lists is in docs/cli.md: a line of the synopsis that starts with
`edict NAME` and a row of the command table (`| \`NAME\` |`), and every command the docs list is
one `edict --help` lists — so a new command (one file in tools/cli, registered through
tools/cli/registry.hpp) cannot ship undocumented, nor a removed one stay in the docs.
Ends with `N passed, M failed`."""
import os
import re

from testlib import Checks, command, edict_parser

a = edict_parser().parse_args()
edict = command(a.edict)
check = Checks()


def main():
    r = edict("--help")
    check("edict --help exits 0", r.returncode == 0, r)
    listed = re.findall(r"^  ([a-z][a-z-]*) {2,}\S", r.stdout.split("Subcommands:", 1)[-1], re.M)
    check("edict --help lists the commands", len(listed) >= 10, r)
    with open(os.path.join("docs", "cli.md"), encoding="utf-8") as f:
        doc = f.read()
    synopsis = doc.split("```", 2)[1]
    in_synopsis = set(re.findall(r"^edict ([a-z][a-z-]*)", synopsis, re.M))
    in_table = set(re.findall(r"^\| `([a-z][a-z-]*)` \|", doc, re.M))
    for name in listed:
        check(f"{name}: in docs/cli.md's synopsis and command table", name in in_synopsis and name in in_table,
              f"synopsis {'has' if name in in_synopsis else 'lacks'} it, table {'has' if name in in_table else 'lacks'} it")
    check("docs/cli.md lists no command edict does not have",
          not (in_synopsis | in_table) - set(listed), sorted((in_synopsis | in_table) - set(listed)))


check.run_to_end(main)
