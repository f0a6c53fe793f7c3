"""A template is data, never a program; nothing in the clerk's folder runs code.

A folder's own template that reaches for Python renders nothing of it and fails with a template
error; templates that would run away end with a bound's message; a template whose zip is a bomb or
declares a DOCTYPE is refused as a template; a poisoned cache runs nothing.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
import resource
import shutil
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

import genreport.documents.compiled as compiled
from genreport.cli.app import main
from genreport.documents.engine import render_document
from genreport.errors import TemplateError
from genreport.workspace import REPORT

REPO = Path(__file__).resolve().parent.parent
UNION = "浏阳市总工会"  # its outline is 长沙


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    return root


def word_file(path: Path, *paragraphs: str) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def own_report(root: Path, *paragraphs: str) -> Path:
    return word_file(root / "templates" / "长沙" / f"{REPORT}.docx", *paragraphs)


def test_a_template_that_runs_a_command_renders_nothing_of_it_and_fails(tmp_path):
    root = make_project(tmp_path / "project")
    marker = tmp_path / "ran"
    command = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    template = own_report(root, "{{ 单位名称 }}", command)
    runner = CliRunner()
    result = runner.invoke(main, ["2022", "--union", UNION, "--root", str(root)])
    assert not marker.exists()
    assert result.exit_code == 1
    assert (
        f"{UNION}：未生成。模板“{template}”无法生成：使用了不允许的名称“__init__”"
        "（模板只能显示数据，不能调用程序）。请删除这个标记。"
    ) in result.output.splitlines()
    assert not (root / "output" / "2022" / UNION).exists()
    result = runner.invoke(main, ["模板检查", "2022", "--root", str(root)])
    assert not marker.exists()
    assert result.exit_code == 1
    assert "使用了不允许的名称“__init__”（模板只能显示数据，不能调用程序）" in result.output


RUNAWAY = {
    "{% for x in range(10**9) %}{% endfor %}": "模板中的数1000000000超出了范围",
    "{% for x in range(100000) %}{% for y in range(100000) %}{% endfor %}{% endfor %}": (
        "循环和调用超过了1,000,000次"
    ),
    "{{ ('x'*10**10)|length }}": "模板中算出的一个值超过了4,000,000个字符",
    "{{ 10**(10**10) }}": "模板中算出的数太大",
    "{{ 'x'.ljust(10**9) }}": "模板中的数1000000000超出了范围",
    "{{ '%1000000000d' % 1 }}": "模板中的格式宽度超出了范围",
    "{{ '{:1000000000}'.format(1) }}": "模板中的格式宽度超出了范围",
    "{{ 'x'|center(10**9) }}": "模板中的数1000000000超出了范围",
    "{{ ('x\\n'*1000000)|indent(1000) }}": "模板中算出的一个值超过了4,000,000个字符",
    "{{ 'x'|wordwrap(10**9) }}": "模板中的数1000000000超出了范围",
    "{% macro m(n) %}{{ m(n+1) }}{% endmacro %}{{ m(1) }}": "宏或循环调用自身的层数过多",
    "{% set a = 'x'*1000000 %}{% set b = [a,a,a,a,a,a,a,a,a,a] %}"
    "{% set c = [b,b,b,b,b,b,b,b,b,b] %}{{ c }}": "模板中算出的一个值超过了4,000,000个字符",
    "{% set a = 'x'*1000000 %}{{ a.replace('x', a)|length }}": (
        "模板中算出的一个值超过了4,000,000个字符"
    ),
    "{% set a = 'x'*3000000 %}{% for i in range(100) %}{{ a }}{% endfor %}": (
        "生成的文字超过了4,000,000个字符"
    ),
}


def test_templates_that_would_run_away_end_with_the_bound_they_passed(tmp_path):
    """Each in a real process with its memory capped at 1 GB: on an unbounded engine they hang or
    run out of memory."""
    cases = []
    for number, (text, _) in enumerate(RUNAWAY.items()):
        cases.append(str(word_file(tmp_path / f"t{number}.docx", text)))
    probe = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
        from genreport.documents.engine import render_document
        from genreport.errors import TemplateError
        for path in {cases!r}:
            try:
                render_document(__import__("pathlib").Path(path), {{}})
                print("rendered")
            except TemplateError as exc:
                print(exc)
            sys.stdout.flush()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    lines = result.stdout.splitlines()
    assert len(lines) == len(RUNAWAY), result.stderr[-2000:]
    for path, line, what in zip(cases, lines, RUNAWAY.values()):
        assert line == (
            f"模板“{path}”无法生成：{what}。"
            "正常的报告远达不到这个限度，请检查模板中的循环、宏和计算。"
        )


def test_a_document_past_its_time_ends_with_a_template_error(tmp_path, monkeypatch):
    import genreport.documents.sandbox as sandbox

    monkeypatch.setattr(sandbox, "LIMITS", replace(sandbox.LIMITS, seconds=0.05))
    template = word_file(
        tmp_path / "慢.docx",
        "{% for i in range(1000) %}{% for j in range(900) %}{% endfor %}{% endfor %}",
    )
    with pytest.raises(TemplateError) as caught:
        render_document(template, {})
    assert str(caught.value) == (
        f"模板“{template}”无法生成：生成一份文档超过了0.05秒。"
        "正常的报告远达不到这个限度，请检查模板中的循环、宏和计算。"
    )


def _declared_small(template: Path, name: str) -> None:
    """The central directory's declared size of part `name` set to 1,000 bytes."""
    data = bytearray(template.read_bytes())
    at = data.find(b"PK\001\002")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == name.encode():
            data[at + 24 : at + 28] = (1000).to_bytes(4, "little")
        at = data.find(b"PK\001\002", at + 4)
    template.write_bytes(bytes(data))


def _with_part(template: Path, name: str, content: bytes | None = None, size: int = 0) -> None:
    """`template` with its part `name` replaced by `content`, or by `size` bytes of spaces inside
    the part's root element (written in pieces: the bomb itself is never held in memory)."""
    source = zipfile.ZipFile(io.BytesIO(template.read_bytes()))
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
            elif content is not None:
                target.writestr(info.filename, content)
            else:
                with target.open(info.filename, "w", force_zip64=True) as part:
                    part.write(b'<?xml version="1.0"?><w:document xmlns:w="urn:w">')
                    chunk = b" " * (1 << 20)
                    for _ in range(size >> 20):
                        part.write(chunk)
                    part.write(b"</w:document>")


DOCTYPE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("part", "content", "size", "reason"),
    [
        (
            "word/document.xml",
            None,
            200 << 20,
            "中的“word/document.xml”解压后有200MB，不像是Word保存的文件（可能是恶意构造的压缩炸弹）",
        ),
        (
            "word/document.xml",
            DOCTYPE,
            0,
            "中的“word/document.xml”含有Word从不写入的DOCTYPE或实体声明，不能使用",
        ),
        (
            "word/document.xml",
            None,
            -(200 << 20),
            "中的“word/document.xml”解压后超过了它声明的大小（可能是恶意构造的压缩炸弹）",
        ),
    ],
    ids=["bomb", "doctype", "declared-small"],
)
def test_a_template_whose_zip_is_unsound_is_refused_as_the_template(
    tmp_path, part, content, size, reason
):
    root = make_project(tmp_path)
    template = own_report(root, "{{ 单位名称 }}")
    _with_part(template, part, content, abs(size))
    if size < 0:  # a bomb declaring itself small: zipfile's read() inflates it whole regardless
        _declared_small(template, part)
    expected = (
        f"提纲：模板“{template}”{reason}。请换用Word或WPS正常保存的模板（用Word打开后另存为.docx）。"
        "改正前不能生成本单位的文件。"
    )
    runner = CliRunner()
    result = runner.invoke(main, ["2022", "--union", UNION, "--root", str(root)])
    assert result.exit_code == 1
    assert f"{UNION}：有1个错误，未生成（原有文件保持不变）。" in result.output.splitlines()
    assert expected in result.output
    assert "数据文件" not in result.output
    result = runner.invoke(main, ["模板检查", "2022", "--root", str(root)])
    assert result.exit_code == 1
    assert f"模板文件{reason}" in result.output
    result = runner.invoke(main, ["textconv", str(template)])
    assert result.exit_code == 1
    assert result.output == f"错误：“{template}”{reason}。\n"
    result = runner.invoke(main, ["check", "2022", "--root", str(root)])  # check reads it too
    assert result.exit_code == 1
    assert expected in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="devices and named pipes")
def test_textconv_refuses_what_is_not_a_regular_file(tmp_path):
    pipe = tmp_path / "管道"
    os.mkfifo(pipe)
    for path in ("/dev/zero", str(pipe)):
        result = subprocess.run(
            [sys.executable, "-m", "genreport", "textconv", path],
            capture_output=True,
            text=True,
            timeout=30,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)),
        )
        assert result.returncode == 1
        assert result.stderr == f"错误：“{path}”不是普通文件（可能是设备、管道或文件夹）。\n"


class _Poison:
    """Unpickled, it would create a marker file: proof that the cache ran code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _outputs(root: Path) -> dict[Path, bytes]:
    return {
        p.relative_to(root): p.read_bytes()
        for p in sorted((root / "output" / "2022").rglob("*"))
        if p.suffix in (".docx", ".md")
    }


def test_a_poisoned_cache_runs_nothing(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project")
    cache = tmp_path / "user-cache"
    monkeypatch.setenv("GENREPORT_CACHE_DIR", str(cache))
    marker = tmp_path / "ran"
    run = [sys.executable, "-m", "genreport", "2022", "--force", "--root", str(root)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    clean = _outputs(root)
    poison = pickle.dumps(_Poison(marker))
    # A shared or committed output/ whose cache files were replaced, where they were kept before
    shared = root / "output" / ".cache"
    shared.mkdir(exist_ok=True)
    for path in [*shared.glob("*.pickle"), shared / f"{'0' * 64}.pickle"]:
        path.write_bytes(poison)
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert not marker.exists()
    assert _outputs(root) == clean
    # The user's own cache tampered with: a pickle, and plain data whose code would run
    prepared = sorted(cache.glob("*.prepared"))
    prepared[0].write_bytes(poison)
    text = prepared[-1].read_bytes()
    head = len(b"genreport prepared template\n") + 32  # the file's mark and its HMAC
    forged = compiled.Prepared.from_json(text[head:])
    code = compile(f"open({str(marker)!r}, 'w')", "<poison>", "exec")
    forged.code = {name: marshal.dumps(code) for name in forged.sources}
    prepared[-1].write_bytes(text[:head] + forged.to_json())
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert not marker.exists()
    assert _outputs(root) == clean
    # prepared again and written anew: each file authenticates, with the template's own code
    import genreport.documents.usercache as usercache

    for path in (prepared[0], prepared[-1]):
        payload = usercache.load(cache, path.stem)
        assert payload is not None and b"<poison>" not in payload
