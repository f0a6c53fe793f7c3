"""The one YAML writer quotes any text another YAML reader would take for something else: an
indicator's `完成值: 800` stays the text 800 for genreport's loader, for PyYAML (YAML 1.1) and for an
editor checking the file against the schema (YAML 1.2), as for every other text."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from genreport.reading.load import load_union
from genreport.scaffold.yamlwriter import YamlMap, dump

# Every character a loaded text can hold (loading removes the invisible ones), and the pieces of
# text that YAML readers take for numbers, truth values, blanks and dates
_VISIBLE = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"
)
_TYPED = ["800", "0", "010", "1.5", "-2", "+3", "1e3", "1_000", "0x1F", "0o17", "0b101", "1:30",
          ".inf", "-.Inf", ".nan", "yes", "No", "on", "OFF", "true", "False", "y", "n", "null", "~",
          "2024-03-15", "2024-3-5 10:00:00", "=", "<<", ".", "e", "%", " "]  # fmt: skip
TEXTS = st.lists(st.sampled_from(_TYPED) | st.text(_VISIBLE, max_size=3), max_size=4).map("".join)


def _written(achieved: str) -> str:
    """A data file, written by the writer, whose one indicator's 完成值 is `achieved`."""
    third = YamlMap().entry("名称", "帮扶人次").entry("分值", 100).entry("完成值", achieved)
    third.entry("得分", 100)
    second = YamlMap().entry("名称", "数量指标")
    second.sequence("三级").add(third)
    first = YamlMap().entry("一级", "产出指标")
    first.sequence("二级").add(second)
    document = YamlMap().entry("单位名称", "测试区总工会").entry("年度", 2023)
    document.mapping("自评表").sequence("指标").add(first)
    return dump(document)


def _loaded(text: str) -> str | None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "测试区总工会.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_union(path)
    assert loaded.union is not None and not loaded.has_errors
    scoring = loaded.union.scoring
    assert scoring is not None
    return scoring.first[0].second[0].indicators[0].achieved


@settings(max_examples=300, deadline=None)
@given(achieved=TEXTS.filter(lambda t: t.strip() != "" and t == t.strip()))
def test_any_text_reads_back_as_that_text_by_genreports_loader_and_by_pyyaml(achieved):
    text = _written(achieved)
    assert _loaded(text) == achieved
    read = yaml.safe_load(text)["自评表"]["指标"][0]["二级"][0]["三级"][0]["完成值"]
    assert read == achieved and isinstance(read, str)


def test_text_a_yaml_reader_would_take_for_a_number_bool_or_date_is_quoted_and_only_that():
    lines = {
        "800": "完成值: '800'",
        "1e3": "完成值: '1e3'",  # a float in YAML 1.2 (an editor's schema check), text in 1.1
        "0o17": "完成值: '0o17'",
        "yes": "完成值: 'yes'",
        "2024-03-15": "完成值: '2024-03-15'",
        "100%": "完成值: 100%",
        "≥300人次": "完成值: ≥300人次",
    }
    for achieved, line in lines.items():
        text = _written(achieved)
        assert line in [written.strip().removeprefix("- ") for written in text.splitlines()]
        assert _loaded(text) == achieved
