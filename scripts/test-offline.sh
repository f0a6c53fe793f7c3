#!/usr/bin/env bash
# The offline install, as an office PC without PyPI does it: scripts/offline-wheels.sh makes the
# folder of wheels, then a fresh virtualenv of the oldest Python genreport claims (3.11) installs
# genreport from that folder alone (--no-index, no pip configuration) and renders the samples:
# the bundled 2022 data, and in an empty folder the example `初始化 --示例` copies out of the wheel.
# The Windows wheels are checked to be there (every compiled dependency, and colorama).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
python=${PYTHON:-python3.11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

PYTHON=$python WINDOWS_PYTHONS=${WINDOWS_PYTHONS-3.11} bash scripts/offline-wheels.sh "$work/wheels" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
for name in lxml pyyaml markupsafe; do
    ls "$work/wheels/$name"-*-win_amd64.whl >/dev/null
done
ls "$work/wheels"/colorama-*.whl >/dev/null

# Nothing but the folder: no index, no find-links or constraints from the environment or config
isolated=(env)
for variable in $(env | grep -o '^PIP_[A-Z_]*' || true); do isolated+=(-u "$variable"); done
isolated+=(PIP_CONFIG_FILE=/dev/null)
"$python" -m venv "$work/venv"
"${isolated[@]}" "$work/venv/bin/pip" install -q --no-index --find-links "$work/wheels" genreport

mkdir "$work/sample" "$work/empty"
cp -r "$repo/data" "$work/sample/"
(cd "$work/sample" && "$work/venv/bin/genreport" 2022 >/dev/null)
test -s "$work/sample/output/2022/浏阳市总工会/2022年度部门整体支出绩效自评报告.docx"
(cd "$work/empty" && "$work/venv/bin/genreport" 初始化 --示例 >/dev/null)
(cd "$work/empty" && "$work/venv/bin/genreport" 2023 >/dev/null)
test -s "$work/empty/output/2023/示例区总工会/2023年度项目支出绩效自评表.docx"
echo "offline install: $("$work/venv/bin/python" --version), $(ls "$work/wheels" | wc -l) wheels, samples rendered"
