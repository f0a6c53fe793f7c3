"""A project folder and the jobs it holds: where data, templates and output live, which names may
become folders, and, for each union, every input and output of its documents listed once.

Templates ship inside the package (`genreport/templates/<提纲>/`); a folder's own
`templates/<提纲>/<文档>.docx` overrides a shipped one document by document, and an outline found
only in the folder adds an outline.

Every command that writes goes through here (`render`, `new`, `init`), so the folder layout and the
safe-name rule live in one place. A `Job` is used by the stamp (what the documents depend on) and by
the renderer (what to render where).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import NoDataError, OutputError
from .history import previous_file

REPORT = "部门整体支出绩效自评报告"
SCORING_TABLE = "部门整体支出绩效自评表"
BASIC_DATA = "部门整体支出绩效评价基础数据表"
PROJECT_TABLES = "项目支出绩效自评表"  # written for a union whose projects have 绩效指标
DOCUMENTS = (REPORT, SCORING_TABLE, BASIC_DATA, PROJECT_TABLES)
DEFAULT_OUTLINE = "湖南"


@functools.cache
def shipped_templates() -> Path:
    """The folder of the templates installed with genreport, one subfolder an outline."""
    beside = Path(__file__).resolve().parent / "templates"
    if beside.is_dir():  # an ordinary install; importlib.resources costs a cold run to import
        return beside
    from importlib import resources

    shipped = resources.files("genreport") / "templates"
    if isinstance(shipped, Path):
        return shipped
    # Installed as a zip: unpack once, for the life of the process.
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    return stack.enter_context(resources.as_file(shipped))


def _outlines_in(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if (p / f"{REPORT}.docx").is_file()}


@functools.cache
def _shipped() -> dict[str, dict[str, Path]]:
    """Each shipped outline's templates by document name, found by the bytes of their names.

    The package names them in UTF-8, and pip writes them in the file system's encoding when it
    installs: under a locale such as zh_CN.GB18030, Python reads the UTF-8 names of a checkout as
    other characters, and `folder / "湖南"` names no file. A name that is valid UTF-8 is read as
    UTF-8, any other in the file system's encoding; the clerk's own files keep the locale's."""
    outlines: dict[str, dict[str, Path]] = {}
    for outline, folder in _entries(shipped_templates()):
        documents = {
            name[: -len(".docx")]: path
            for name, path in _entries(folder)
            if name.endswith(".docx") and path.is_file()
        }
        if REPORT in documents:
            outlines[outline] = documents
    return outlines


def _entries(folder: Path) -> list[tuple[str, Path]]:
    """The names in `folder` as they were written, and the path Python opens each by."""
    try:
        raw = os.listdir(os.fsencode(folder))
    except OSError:
        return []
    entries = []
    for name in raw:
        try:
            text = name.decode("utf-8")
        except UnicodeDecodeError:
            text = os.fsdecode(name)
        entries.append((text, Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))))
    return entries


def shipped_documents(outline: str) -> dict[str, Path]:
    """The templates installed with genreport for `outline`, by document (none: no such outline)."""
    return dict(_shipped().get(outline, {}))


def shipped_template(outline: str, document: str) -> Path | None:
    """The template installed with genreport for `document` in `outline`, or None."""
    return _shipped().get(outline, {}).get(document)


def shipped_outlines() -> list[str]:
    """The outlines installed with genreport."""
    return sorted(_shipped())


MAX_NAME_LENGTH = 50
_FORBIDDEN = set('/\\:*?"<>|')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


def unsafe_name(name: str) -> str | None:
    """Why `name` cannot be a folder name on Windows or Linux (the rest of a message), or None."""
    forbidden = [c for c in dict.fromkeys(name) if c in _FORBIDDEN or ord(c) < 32]
    if forbidden:
        shown = " ".join(c if ord(c) >= 32 else f"U+{ord(c):04X}" for c in forbidden)
        return (
            f"中含有不能用于文件夹名的字符（{shown}），生成的文件放在以单位名称命名的文件夹中。"
            "请删除这些字符或改用全角字符（如“／”“：”），并让文件名与单位名称一致。"
        )
    if name != name.strip(" .") or name.strip(" .") == "":
        return "以空格或“.”开头或结尾，不能用作文件夹名。请删除开头和结尾的空格和“.”。"
    if name.split(".")[0].upper() in _RESERVED:
        return "是Windows保留的设备名，不能用作文件夹名。请填写单位的正式名称。"
    if len(name) > MAX_NAME_LENGTH:
        return f"过长（{len(name)}个字），请填写不超过{MAX_NAME_LENGTH}个字的正式名称。"
    return None


@dataclass(frozen=True)
class Job:
    """One union's documents: the files they are made from and the files they become."""

    data: Path
    previous: Path | None  # last year's data file, when it exists
    templates: dict[str, Path]  # document → template
    outputs: dict[str, Path]  # document → .docx

    @property
    def folder(self) -> Path:
        return next(iter(self.outputs.values())).parent


@dataclass(frozen=True)
class Workspace:
    """The folder holding `data/<年度>/`, `templates/<提纲>/` and `output/<年度>/<单位>/`."""

    root: Path

    def data_folder(self, year: int) -> Path:
        return self.root / "data" / str(year)

    def data_files(self, year: int) -> list[Path]:
        folder = self.data_folder(year)
        try:
            if not folder.is_dir():
                raise NoDataError(
                    f"没有找到{year}年度的数据文件夹“{folder}”。请先在其中为每个单位建立一个YAML文件。"
                )
            files = sorted(
                p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
        except PermissionError:
            raise NoDataError(
                f"无法读取{year}年度的数据文件夹“{folder}”：没有权限。"
                "请让当前用户可以打开这个文件夹（及其上级文件夹）后重新运行。"
            ) from None
        if not files:
            raise NoDataError(f"文件夹“{folder}”中没有任何 .yaml 数据文件。")
        return files

    def data_file(self, year: int, union_name: str) -> Path:
        return self.data_folder(year) / f"{union_name}.yaml"

    @property
    def own_templates(self) -> Path:
        """The folder's own `templates/`, which adds outlines and overrides shipped templates."""
        return self.root / "templates"

    def outlines(self) -> list[str]:
        """The outlines: shipped ones and the folder's own (a folder holding a report template)."""
        return sorted(_outlines_in(self.own_templates) | set(shipped_outlines()))

    def template(self, outline: str, document: str) -> Path:
        """The outline's template: the folder's own, else the shipped one; for the scoring table,
        which is common, else the default outline's (own, then shipped)."""
        names = [outline] if document == REPORT else [outline, DEFAULT_OUTLINE]
        for name in names:
            path = self.own_templates / name / f"{document}.docx"
            if path.is_file():
                return path
            shipped = shipped_template(name, document)
            if shipped is not None:
                return shipped
        return self.own_templates / outline / f"{document}.docx"  # missing: named where to put it

    def is_shipped(self, template: Path) -> bool:
        """Whether `template` is one installed with genreport rather than the folder's own."""
        return template.is_relative_to(shipped_templates())

    def output_folder(self, year: int, union_name: str) -> Path:
        """`output/<year>/<union_name>`; raises OutputError for a name that would lead anywhere
        else (check refuses such names first: this is the last line of defence)."""
        refused = OutputError(f"单位名称“{union_name}”不能用作文件夹名，未生成。请改正单位名称。")
        if not union_name or any(c in "/\\\0" for c in union_name):
            raise refused
        years = (self.root / "output").resolve() / str(year)
        resolved = (years / union_name).resolve()
        if resolved.parent != years or resolved.name != union_name:
            raise refused
        return self.root / "output" / str(year) / union_name

    def document_path(self, year: int, union_name: str, document: str) -> Path:
        return self.output_folder(year, union_name) / f"{year}年度{document}.docx"

    def job(
        self,
        data: Path,
        year: int,
        union_name: str,
        outline: str,
        documents: tuple[str, ...] = DOCUMENTS,
    ) -> Job:
        return Job(
            data=data,
            previous=previous_file(data),
            templates={d: self.template(outline, d) for d in documents},
            outputs={d: self.document_path(year, union_name, d) for d in documents},
        )


def document_path(root: Path, year: int, union_name: str, document: str) -> Path:
    """Where a union's document is written in the project at `root`."""
    return Workspace(root).document_path(year, union_name, document)


def twin_path(document: Path) -> Path:
    """The text twin (.md) beside a document."""
    return document.with_suffix(".md")
