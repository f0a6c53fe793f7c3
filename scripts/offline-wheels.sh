#!/usr/bin/env bash
# Make a folder of wheels that installs genreport where the office network cannot reach PyPI:
#   bash scripts/offline-wheels.sh [folder]        (default: wheels/)
# Run it on any machine that reaches PyPI (Linux, macOS or Windows' Git Bash), copy the folder
# to the office PC and there run:
#   py -m venv .venv
#   .venv\Scripts\pip install --no-index --find-links wheels genreport
# The folder holds genreport's own wheel, every dependency's wheel for Windows (64-bit) for each
# CPython in WINDOWS_PYTHONS (default 3.11 3.12 3.13), and those of this machine's Python.
# pip evaluates environment markers for the machine it runs on, not for --platform, so the
# dependencies that only Windows needs are named here: click's colorama.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-wheels}" && cd "${1:-wheels}" && pwd)
python=${PYTHON:-python3}
windows_only=(colorama)

rm -f "$out"/genreport-*.whl
"$python" -m pip wheel -q --no-deps -w "$out" .
wheel=$(ls "$out"/genreport-*.whl)
for version in ${WINDOWS_PYTHONS-3.11 3.12 3.13}; do
    "$python" -m pip download -q -d "$out" --only-binary=:all: --platform win_amd64 \
        --python-version "$version" --implementation cp "$wheel" "${windows_only[@]}"
done
"$python" -m pip download -q -d "$out" --only-binary=:all: "$wheel"
echo "$out: $(ls "$out" | wc -l) wheels"
