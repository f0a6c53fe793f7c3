"""A clerk's data folder: set up from nothing (`初始化`), a shipped outline copied into it to
restyle in Word or WPS (`复制模板`), and the JSON Schema kept in it for editors. None of them ever
overwrites or removes anything already there but genreport's own schema."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from genreport.atomic import write_atomically
from genreport.contract.rules import rules_schema
from genreport.contract.schema import schema_text
from genreport.errors import ClerkError
from genreport.failures import naming
from genreport.output.stamp import STAMP_NAME
from genreport.workspace import (
    RULES_FILE,
    SCORING_TABLE,
    Workspace,
    shipped_documents,
    shipped_outlines,
    shipped_rules,
    unsafe_name,
)

# Generated documents; the virtualenv the README puts here; and each union's stamp, which records
# what genreport wrote on this machine (to tell hand edits): a clerk who commits output/ to diff
# documents does not commit it, and a clone without it tells genreport's files by their .md twins.
GITIGNORE = ("/output/", ".venv/", STAMP_NAME)
EXAMPLE_UNION = "示例区总工会"  # the made-up union of scaffold/example.yaml
EXAMPLE_YEAR = 2023
GITATTRIBUTES = ("*.docx diff=genreport",)


@dataclass(frozen=True)
class Step:
    """One thing set-up or copying looked after, and what it did (as the clerk reads it)."""

    path: Path
    done: str
    changed: bool


def set_up(project: Workspace) -> list[Step]:
    """Make the project's folder a data folder: data/, output/, .gitignore, .gitattributes and the
    JSON Schema.

    Idempotent: a folder or file already there is kept, a line missing from .gitignore or
    .gitattributes is added at its end, and the schema (genreport's own file) is brought up to date.
    """
    root = project.root
    steps = [_folder(project.data_root), _folder(project.output_root)]
    steps.append(_lines(root / ".gitignore", GITIGNORE, "git 不保存生成的文件、.venv 和生成记录"))
    steps.append(_lines(root / ".gitattributes", GITATTRIBUTES, "git diff 比较 .docx 的文字"))
    schema = project.schema_path
    before = schema.read_bytes() if schema.is_file() else None
    with naming(schema):
        write_schema(project)
    if before is None:
        steps.append(Step(schema, "已生成（数据文件的 JSON Schema，编辑器据此提示字段）", True))
    elif before != schema.read_bytes():
        steps.append(Step(schema, "已更新为本版本 genreport 的字段", True))
    else:
        steps.append(Step(schema, "已是最新", False))
    return steps


def write_schema(project: Workspace) -> Path:
    """Write the schema of the project's data files, with the outlines it can use, where the
    workspace keeps it (atomically), and return that path."""
    path = project.schema_path
    write_atomically(path, schema_text(project.outlines()).encode("utf-8"))
    rules = json.dumps(rules_schema(), ensure_ascii=False, indent=2) + "\n"
    write_atomically(project.rules_schema_path, rules.encode("utf-8"))  # for 评分规则.yaml
    return path


def modeline(data_file: Path, project: Workspace) -> str:
    """The first line of a data file `init` or `new` writes: it points editors using
    yaml-language-server (VS Code's YAML extension and others) at the project's schema, by a path
    relative to the file, so it works offline and wherever the folder is moved."""
    relative = os.path.relpath(project.schema_path.absolute(), data_file.parent.absolute())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def _folder(path: Path) -> Step:
    if path.is_dir():
        return Step(path, "已存在", False)
    if path.exists():
        raise ClerkError(
            f"“{path}”已存在，但不是文件夹。请把它改名或移走，再运行 genreport 初始化。"
        )
    path.mkdir(parents=True)
    return Step(path, "已建立", True)


def _lines(path: Path, lines: tuple[str, ...], purpose: str) -> Step:
    """`path` holding each of `lines`: created, or the missing lines added after what is there."""
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else None
    if text is None and path.exists():
        raise ClerkError(f"“{path}”已存在，但不是文件。请把它改名或移走，再运行 genreport 初始化。")
    present = {line.strip() for line in (text or "").splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return Step(path, "已存在，未改动", False)
    old = path.read_bytes() if text is not None else b""
    newline = b"\r\n" if b"\r\n" in old else b"\n"  # as Notepad wrote it, if it did
    if old and not old.endswith(b"\n"):
        old += newline
    with naming(path):
        write_atomically(path, old + b"".join(line.encode("utf-8") + newline for line in missing))
    added = "、".join(missing)
    return Step(
        path, f"{'已加入' if text is not None else '已建立，写入'} {added}（{purpose}）", True
    )


def copy_example(project: Workspace) -> Step:
    """Copy the made-up example union shipped with genreport into `data/2023/` (never over a file
    already there), for a newcomer to render every kind of document from."""
    path = project.data_folder(EXAMPLE_YEAR) / f"{EXAMPLE_UNION}.yaml"
    if path.exists():
        return Step(path, "已存在，未改动（不会覆盖）", False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with naming(path):
        write_atomically(path, example_bytes())
    return Step(path, "已复制（虚构的示例单位，数字都是编造的）", True)


def example_bytes() -> bytes:
    """The example data file shipped inside the package."""
    return (Path(__file__).resolve().parent / "example.yaml").read_bytes()


def git_commands(root: Path) -> list[str]:
    """The git commands that let `git diff` compare the text of .docx files and show Chinese file
    names as they are, in the order to run them: `git init` first when `root` is not inside a git
    work tree yet (`git config` fails there)."""
    commands = [] if in_git_work_tree(root) else ["git init"]
    return [*commands, textconv_command(), "git config core.quotepath false"]


def in_git_work_tree(root: Path) -> bool:
    """Whether `root` or a folder above it holds a `.git` (a folder, or the file of a worktree)."""
    folder = root.absolute()
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


def textconv_command() -> str:
    """The git config line that lets `git diff` compare the text of .docx files, naming this very
    Python (forward slashes, which git's shell reads as they are on Windows too)."""
    python = Path(sys.executable).as_posix()
    return f"git config diff.genreport.textconv \"'{python}' -m genreport textconv\""


def copy_outline(project: Workspace, outline: str, to: str | None = None) -> list[Step]:
    """Copy the shipped outline's templates and its rules file into `templates/<to>/` (`to` defaults to the same
    name, which overrides the shipped outline); files already there are left as they are."""
    shipped = shipped_documents(outline)
    if not shipped:
        known = "、".join(shipped_outlines())
        raise ClerkError(f"没有名为“{outline}”的自带提纲。自带的提纲：{known}。")
    to = outline if to is None else to
    reason = unsafe_name(to)
    if reason:
        raise ClerkError(f"提纲名“{to}”{reason}")
    target = project.own_templates / to
    sources = [(f"{document}.docx", source) for document, source in sorted(shipped.items())]
    rules = shipped_rules(outline)
    if rules is not None:  # the outline's scoring rules travel with its templates, listed last
        sources.append((RULES_FILE, rules))
    steps = []
    for name, source in sources:
        path = target / name
        if path.exists():
            steps.append(Step(path, "已存在，未改动（不会覆盖）", False))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, source.read_bytes())
        steps.append(Step(path, "已复制", True))
    if to != outline and project.schema_path.is_file():
        # The schema lists the outlines a data file may name: without the new one an editor marks
        # `提纲: 株洲` red while check accepts it.
        before = project.schema_path.read_bytes()
        with naming(project.schema_path):
            write_schema(project)
        if before != project.schema_path.read_bytes():
            steps.append(Step(project.schema_path, f"已更新（加入提纲“{to}”）", True))
    return steps


def scoring_table_note(project: Workspace, outline: str) -> str | None:
    """Where the outline's scoring table comes from, when its folder has none of its own."""
    own = project.own_templates / outline / f"{SCORING_TABLE}.docx"
    if own.is_file():
        return None
    used = project.template(outline, SCORING_TABLE)
    return (
        f"{SCORING_TABLE}各提纲通用，使用“{used}”；如需单独的格式，也复制一份放入“{own.parent}”。"
    )
