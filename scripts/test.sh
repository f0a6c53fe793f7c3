#!/usr/bin/env bash
# Set up and run the tests on a fresh machine: LibreOffice (the real client the documents are
# checked in), a virtualenv with genreport and its test tools, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

have_cjk_font() { command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; }
# Calc recalculates the summary workbook's formulas (tests/test_summary.py)
have_calc() { dpkg-query -W -f='${db:Status-Status}\n' 'libreoffice-calc*' 2>/dev/null | grep -qx installed; }
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! have_cjk_font || ! have_calc; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "LibreOffice tests need: sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils" >&2
  fi
fi

# A Chinese desktop locale that is not UTF-8 (tests/test_locale.py)
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.gb18030'; then
  if [ "$(id -u)" = 0 ] && command -v localedef >/dev/null; then
    localedef -i zh_CN -f GB18030 zh_CN.GB18030 2>/dev/null || true
  else
    echo "Locale tests need: sudo localedef -i zh_CN -f GB18030 zh_CN.GB18030" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
# The types first ([tool.mypy] in pyproject.toml: strict over src/); any error stops the run
.venv/bin/python -m mypy
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
