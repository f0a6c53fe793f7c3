"""The contract as a JSON Schema: every bundled file and the contract example are valid, a
misspelt key is not, and every key carries its Chinese hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from genreport.cli.app import main
from genreport.contract.schema import json_schema
from genreport.pipeline import check_union
from genreport.reading.source import Mapping, Scalar, read_source
from genreport.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "fixtures" / "contract" / "2022" / "浏阳市总工会.yaml"
BUNDLED = sorted((REPO / "data").glob("**/*.yaml"))


def plain(path: Path):
    """The file as genreport's reader sees it: every scalar a text (or None for a blank)."""
    root, problems = read_source(path)
    assert not [p for p in problems if p.is_error]

    def convert(node):
        if isinstance(node, Scalar):
            return node.text
        if isinstance(node, Mapping):
            return {key: convert(child) for key, child in node.items.items()}
        return [convert(child) for child in node.items]

    return convert(root)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json_schema(Workspace(REPO).outlines())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator, instance) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


@pytest.mark.parametrize("path", [*BUNDLED, EXAMPLE], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_file_and_the_contract_example_is_valid(validator, path):
    assert len(BUNDLED) >= 5
    assert errors(validator, plain(path)) == []


def test_a_misspelt_key_is_invalid(validator):
    instance = plain(EXAMPLE)
    instance["单位名字"] = instance.pop("单位名称")
    found = errors(validator, instance)
    assert ": '单位名称' is a required property" in found
    assert any("'单位名字' was unexpected" in e for e in found), found


def test_an_editors_numbers_and_the_shorthands_are_accepted(validator):
    instance = {
        "单位名称": "新区总工会",
        "年度": 2024,
        "提纲": "长沙",
        "概况": {"职能": "一段文字的职能", "人员": {"编制": 4, "在职": "11"}},
        "支出": {
            "会议费": 1.5,
            "培训费": {"执行": "0.25", "预算": 0.3},
            "项目支出": {"项目": [{"名称": "甲", "执行": 2, "年初预算": 1.5}]},
        },
        "绩效情况": ["一段文字", {"标题": "标题", "要点": ["要点", {"标题": "甲", "内容": "乙"}]}],
    }
    assert errors(validator, instance) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"提纲": "株洲"}, "提纲"),
        ({"年度": "二〇二二"}, "年度"),
        ({"支出": {"会议费": -1}}, "支出.会议费"),
        ({"支出": {"会议费": "1.23456"}}, "支出.会议费"),
        ({"支出": {"会议费": "12万元"}}, "支出.会议费"),
        ({"支出": {"基本支出": {"执行": 3}}}, "支出.基本支出"),  # computed, never typed
        ({"支出": {"项目支出": {"项目": [{"执行": 3}]}}}, "支出.项目支出.项目.0"),  # no 名称
        ({"概况": {"重点工作": "一段文字"}}, "概况.重点工作"),  # no scalar shorthand here
    ],
)
def test_what_the_contract_refuses_the_schema_refuses(validator, change, where):
    instance = {"单位名称": "新区总工会", "年度": "2024", **change}
    error = best_match(validator.iter_errors(instance))
    assert ".".join(map(str, error.absolute_path)) == where
    assert errors(validator, {"单位名称": "新区总工会", "年度": "2024"}) == []


def test_every_key_has_its_chinese_hint_and_no_other_key_is_allowed():
    schema = json_schema(["湖南", "长沙"])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["提纲"]["anyOf"][0]["enum"] == ["湖南", "长沙"]
    assert schema["properties"]["单位名称"]["description"] == "单位全称，须与文件名相同"
    assert schema["required"] == ["单位名称", "年度"]
    for name, definition in schema["$defs"].items():
        mapping = definition
        assert mapping["additionalProperties"] is False, name
        for key, spec in mapping["properties"].items():
            assert spec["description"], (name, key)
    project = schema["$defs"]["Project"]
    assert project["required"] == ["名称", "执行"]
    assert (
        project["properties"]["年初预算"]["description"] == "年初预算数（与全年预算数不同时填写）"
    )


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_genreport_schema_validates_the_example_and_rejects_a_misspelt_key(tmp_path):
    result = run("schema", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    printed = Draft202012Validator(json.loads(result.output))
    assert errors(printed, plain(EXAMPLE)) == []
    misspelt = plain(EXAMPLE)
    misspelt["单位名字"] = misspelt.pop("单位名称")
    assert {e.validator for e in printed.iter_errors(misspelt)} == {
        "required",
        "additionalProperties",
    }


def test_genreport_schema_write_puts_the_printed_schema_in_the_project(tmp_path):
    printed = run("schema", "--root", str(tmp_path)).output
    result = run("schema", "--write", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / ".genreport" / "schema.json"
    assert result.output == f"已生成 {path}\n"
    assert path.read_text(encoding="utf-8") == printed
    assert "单位全称，须与文件名相同" in printed  # readable Chinese, not \\u escapes


def editors_reading(path: Path):
    """The file as an editor's YAML reader sees it: numbers are numbers."""
    return yaml.safe_load(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("path", [*BUNDLED, EXAMPLE], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_file_is_valid_as_an_editor_reads_it_too(validator, path):
    assert errors(validator, editors_reading(path)) == []


# The hostile corpus (tests/hostile/). In scope: every file genreport's YAML reader reads into a
# tree, the files an editor can hold against a schema. Out of scope: what the reader refuses before
# any key is looked at (YAML syntax, tabs, encodings, tags, anchors, duplicate keys, empty files):
# the editor's own YAML support underlines those, and no schema can say anything about them.
# In scope, a file is valid exactly when check finds no error, except where check's error is one
# no schema expresses (the name as a file and folder name, the year against its folder).
HOSTILE = sorted(
    p for p in (REPO / "tests" / "hostile").glob("*.yaml") if p.name != "expected.yaml"
)
BEYOND_A_SCHEMA = {"year-does-not-match-folder.yaml"} | {
    p.name for p in HOSTILE if p.name.startswith("name-")
}


def in_scope(path: Path) -> bool:
    return not [p for p in read_source(path)[1] if p.is_error]


@pytest.mark.parametrize("path", [p for p in HOSTILE if in_scope(p)], ids=lambda p: p.name)
def test_every_hostile_file_the_reader_reads_is_judged_as_check_judges_it(validator, path, project):
    planted = project(path.read_text(encoding="utf-8-sig"))
    clean = not check_union(planted, 2022).errors
    found = errors(validator, plain(path))
    if clean or path.name in BEYOND_A_SCHEMA:
        assert found == []
    else:
        assert found, "check finds an error here that the schema lets through"


def test_the_hostile_scope_is_what_the_comment_says():
    outside = {p.name for p in HOSTILE if not in_scope(p)}
    assert len(outside) == 42 and len(HOSTILE) - len(outside) == 47
    prefixes = {name.removesuffix(".yaml").split("-")[0] for name in outside}
    assert prefixes == {
        "alias", "anchor", "billion", "binary", "complex", "duplicate", "empty", "encoding",
        "indent", "local", "nul", "only", "python", "syntax", "tab",
    }  # fmt: skip
    assert {"unknown-key-close.yaml", "type-text-for-amount.yaml", "top-level-list.yaml"} <= {
        p.name for p in HOSTILE if in_scope(p)
    }
