#!/usr/bin/env bash
# Run the tests again with every dependency at the lower bound pyproject.toml declares, so that a
# bound older than what genreport needs fails CI. Run after scripts/test.sh, which installs
# LibreOffice. Each `name>=X` in pyproject.toml (build system, dependencies, the test extra) is
# pinned to `name==X` in .venv-lowest/constraints.txt and installed with that constraint; the check
# below stops the run when pip installed anything else. The type check is not run again here:
# mypy judges the code against the libraries' own annotations, which differ with their versions
# (click's ParamType is generic only in recent click); scripts/test.sh runs it with the newest.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-lowest
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" - pyproject.toml >"$venv/constraints.txt" <<'EOF'
import re, sys, tomllib

with open(sys.argv[1], "rb") as file:
    pyproject = tomllib.load(file)
requirements = pyproject["build-system"]["requires"] + pyproject["project"]["dependencies"]
requirements += pyproject["project"]["optional-dependencies"]["test"]
for requirement in requirements:
    bound = re.fullmatch(r"([A-Za-z0-9._-]+)>=([0-9][0-9A-Za-z.]*)", requirement)
    if not bound:
        sys.exit(f"pyproject.toml: {requirement!r} has no plain lower bound (name>=X) to test")
    print(f"{bound[1]}=={bound[2]}")
EOF
echo "Lower bounds:" $(cat "$venv/constraints.txt")
# The build backend at its bound too (no build isolation), then genreport and its test tools
"$venv/bin/pip" install -q -c "$venv/constraints.txt" setuptools wheel
"$venv/bin/pip" install -q --no-build-isolation -c "$venv/constraints.txt" -e '.[test]'

"$venv/bin/python" - "$venv/constraints.txt" <<'EOF'
import sys
from importlib.metadata import version

def release(text):  # 6.0 and 6.0.0 are one version
    parts = text.split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return parts


wrong = []
for line in open(sys.argv[1], encoding="utf-8"):
    name, wanted = line.strip().split("==")
    if release(version(name)) != release(wanted):
        wrong.append(f"{name} {version(name)} (wanted {wanted})")
if wrong:
    sys.exit("not at the lower bound: " + ", ".join(wrong))
EOF

"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
