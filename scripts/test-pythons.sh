#!/usr/bin/env bash
# Run the tests on each newer Python genreport is said to work with (3.12, 3.13), as scripts/test.sh
# runs them on the oldest (3.11, the machine's python3): a virtualenv of each with genreport and its
# test tools from PyPI, then pytest. Run after scripts/test.sh, which installs LibreOffice.
#
# No registry this runs against ships an interpreter (PyPI has none; Debian bookworm has 3.11 only),
# so each is found on the machine: `python3.X` on PATH when it runs, else pyenv's
# `$PYENV_ROOT/versions/3.X.*` (the CI image has 3.12.1 and 3.13.0 there). A version not found
# stops the run: the README says which versions are tested, and a skipped one would make it untrue.
# NEWER_PYTHONS="3.13" tests only that one.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    local version=$1 candidate
    if command -v "python$version" >/dev/null && "python$version" -c '' 2>/dev/null; then
        command -v "python$version"
        return
    fi
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/"python$version"; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return
        fi
    done
    return 1
}

for version in ${NEWER_PYTHONS-3.12 3.13}; do
    if ! python=$(find_python "$version"); then
        echo "Python $version not found (python$version on PATH, or pyenv's versions/$version.*):" \
            "install it, or leave it out with NEWER_PYTHONS, and say so in the README" >&2
        exit 1
    fi
    venv=.venv-$version
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q -e '.[test]' \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    echo "Tests on $("$venv/bin/python" --version):"
    "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
done
