"""The README's Python example (python/examples/readme.py, which README.md shows verbatim: the docs
test checks the two are equal) prints what its closing comment says."""
import os
import subprocess
import sys


def test_the_readme_example_prints_what_it_says(repo):
    path = os.path.join(repo, "python", "examples", "readme.py")
    text = open(path, encoding="utf-8").read()
    expected = text.split("# prints:\n", 1)[1]
    expected = "".join(line[2:] + "\n" for line in expected.splitlines())
    r = subprocess.run([sys.executable, path], cwd=repo, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout == expected
