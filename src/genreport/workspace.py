"""A project folder and the jobs it holds: where data, last year's data, templates, output, the
summary workbook and the schema live, which names may become folders, and, for each union, every
input and output of its documents listed once.

Templates ship inside the package (`genreport/templates/<提纲>/`); a folder's own
`templates/<提纲>/<文档>.docx` overrides a shipped one document by document, and an outline found
only in the folder adds an outline.

Every command builds one `Workspace` and asks it where things are (`render`, `check`, `new`,
`init`, `summary`, `schema`): the folder layout and the safe-name rule live in one place. A `Job`
is used by the stamp (what the documents depend on) and by the renderer (what to render where).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePath

from genreport.errors import NoDataError, OutputError
from genreport.failures import read_regular

REPORT = "部门整体支出绩效自评报告"
SCORING_TABLE = "部门整体支出绩效自评表"
BASIC_DATA = "部门整体支出绩效评价基础数据表"
PROJECT_TABLES = "项目支出绩效自评表"  # written for a union whose projects have 绩效指标
DOCUMENTS = (REPORT, SCORING_TABLE, BASIC_DATA, PROJECT_TABLES)
SUMMARY = "部门整体支出绩效自评汇总表"  # the year's workbook over every union
DEFAULT_OUTLINE = "湖南"
# An outline's scoring rules, beside its templates: named in Chinese like the documents a clerk
# opens there, and YAML like the data files, so the same editor and the same reading serve it.
RULES_FILE = "评分规则.yaml"


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


def shipped_rules(outline: str) -> Path | None:
    """The rules file installed with genreport for `outline`, or None."""
    folder = next((path for name, path in _entries(shipped_templates()) if name == outline), None)
    if folder is None:
        return None
    return next((path for name, path in _entries(folder) if name == RULES_FILE), None)


def shipped_outlines() -> list[str]:
    """The outlines installed with genreport."""
    return sorted(_shipped())


MAX_NAME_LENGTH = 50
_FORBIDDEN = set('/\\:*?"<>|')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
# Invisible characters outside the format (Cf) category: variation selectors, the combining
# grapheme joiner, Hangul and Khmer fillers, Mongolian free variation selectors.
_INVISIBLE = {
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0,
    *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0),
}  # fmt: skip
_KINDS = {
    "文字方向控制符": {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)},
    "零宽字符": {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF},
    "软连字符": {0x00AD},
    "异体字选择符": {*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)},
    "换行符": {0x2028, 0x2029},
    "全角空格": {0x3000},
    "不换行空格": {0x00A0, 0x202F, 0x2007},
}
# Look-alikes of common ideographs that a PDF or an old font leaves in copied text: Kangxi and
# CJK radicals, CJK compatibility ideographs. NFKC gives the common ideograph.
_LOOKALIKE_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def unsafe_name(name: str) -> str | None:
    """Why `name` cannot be a folder name on Windows or Linux, or could pass for another name
    (the rest of a message), or None."""
    forbidden = [c for c in dict.fromkeys(name) if c in _FORBIDDEN or ord(c) < 32]
    if forbidden:
        shown = " ".join(c if ord(c) >= 32 else f"U+{ord(c):04X}" for c in forbidden)
        return (
            f"中含有不能用于文件夹名的字符（{shown}），生成的文件放在以单位名称命名的文件夹中。"
            "请删除这些字符或改用全角字符（如“／”“：”），并让文件名与单位名称一致。"
        )
    if name != name.strip(" .") or name.strip(" .") == "":
        return "以空格或“.”开头或结尾，不能用作文件夹名。请删除开头和结尾的空格和“.”。"
    ends = [c for c in dict.fromkeys(name[:1] + name[-1:]) if _blank(c)]
    if ends:
        return (
            f"的开头或结尾有空白字符（{_codes(ends)}），不能用作文件夹名。"
            "请删除开头和结尾的空白（包括全角空格）。"
        )
    invisible = [c for c in dict.fromkeys(name) if _invisible(c)]
    if invisible:
        return (
            f"中含有看不见的字符（{_codes(invisible)}），它们会打乱文字的显示顺序或让两个名称"
            "看起来相同，不能用于文件名和文件夹名。请删除这些字符：删掉单位名称后重新输入，"
            "不要从网页或其他文件中复制。"
        )
    lookalikes = [c for c in dict.fromkeys(name) if _lookalike(c)]
    if lookalikes:
        common = "、".join(
            f"“{c}”（U+{ord(c):04X}）应为“{_common(c)}”（U+{ord(_common(c)):04X}）"
            for c in lookalikes
        )
        return (
            f"中含有外形与常用汉字相同的部首或兼容汉字：{common}。这类字符多由从PDF复制带入，"
            "会让两个名称看起来相同。请删除这些字，用输入法重新输入。"
        )
    if name.split(".")[0].upper() in _RESERVED:
        return "是Windows保留的设备名，不能用作文件夹名。请填写单位的正式名称。"
    if len(name) > MAX_NAME_LENGTH:
        return f"过长（{len(name)}个字），请填写不超过{MAX_NAME_LENGTH}个字的正式名称。"
    return None


def _invisible(c: str) -> bool:
    """A character that shows as nothing (or as a space inside a name) or reorders what follows:
    format characters (bidi controls, zero-width characters, U+FEFF, U+00AD), line and paragraph
    separators, controls, surrogates, noncharacters, variation selectors, and spaces other than
    " " and U+3000."""
    category, code = unicodedata.category(c), ord(c)
    if category in ("Cc", "Cf", "Cs", "Zl", "Zp") or code in _INVISIBLE:
        return True
    if code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:  # noncharacters
        return True
    return category == "Zs" and c not in " \u3000"


def _blank(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) == "Zs"


def _lookalike(c: str) -> bool:
    code = ord(c)
    return any(low <= code <= high for low, high in _LOOKALIKE_BLOCKS) and _common(c) != c


def _common(c: str) -> str:
    return unicodedata.normalize("NFKC", c)


def _codes(chars: list[str]) -> str:
    """`U+202E 文字方向控制符、U+200B 零宽字符`."""
    shown = []
    for c in chars:
        kind = next((k for k, codes in _KINDS.items() if ord(c) in codes), None)
        shown.append(f"U+{ord(c):04X}" + (f" {kind}" if kind else ""))
    return "、".join(shown)


def readable(text: str) -> str:
    """`text` to quote in a message with each character `unsafe_name` refuses as unseen, and a
    blank other than " " at either end, written as `[U+202E]`: a bidi control cannot reorder the
    message and nothing hides in it."""
    last = len(text) - 1
    return "".join(
        f"[U+{ord(c):04X}]" if _invisible(c) or i in (0, last) and c != " " and _blank(c) else c
        for i, c in enumerate(text)
    )


DATA_SUFFIXES = (".yaml", ".yml")


# Windows Explorer names a copy `X - 副本.yaml` (`X - Copy.yaml` in English), `X - 副本 (2).yaml`
# the next; macOS `X 副本.yaml`, `X copy.yaml`, `X copy 2.yaml`.
_COPY = re.compile(r"^(?P<original>.+?)(?: -)? (?:副本|[Cc]opy)(?: \(\d+\)| \d+)?$")
# A file saved or dropped where its name is taken: Explorer's "keep both" and browsers write
# `X (2).yaml`, WeChat and QQ `X(1).yaml`.
_NUMBERED = re.compile(r"^(?P<original>.+?) ?\((?P<number>\d+)\)$")
# Notepad++ and other editors keep the file as it was before saving as `X.yaml.bak`.
_BACKUP = ".bak"
# A data file saved under a name of any other shape (`X.txt`) is known by its text: a top-level
# `单位名称:` line, as every data file has. Only a small regular file is read for it.
_UNION_LINE = re.compile(
    r"^单位名称[ \t]*[:：][ \t]*(?P<value>.*?)[ \t]*(?:[ \t]#.*)?$", re.MULTILINE
)
_INSIDE_LIMIT = 1_000_000
_BACKUPS = ("~", ".bak", ".BAK", ".old", ".orig")


@dataclass(frozen=True)
class Misnamed:
    """A file of a year's folder meant as a union's data file but not read as one."""

    path: Path
    union: str  # the union it stands for: `X` for `X.yaml.txt`, `X - 副本.yaml` or `X (2).yaml`
    message: str  # what it is and what to do about it


@dataclass(frozen=True)
class Listing:
    """A year's folder as genreport reads it: its data files, and the misnamed ones."""

    data: list[Path]
    misnamed: list[Misnamed]

    @functools.cached_property
    def by_union(self) -> dict[str, list[Path]]:
        """The data files by the union they stand for (`union_key`), in the folder's order."""
        by_union: dict[str, list[Path]] = {}
        for path in self.data:
            by_union.setdefault(union_key(path.stem), []).append(path)
        return by_union

    def files_of(self, stem: str) -> list[Path]:
        """The data files of the union a file named `stem` stands for (more than one is an error:
        `X.yaml` beside `X.yml`), looked up once the folder is listed, not by listing it again."""
        return list(self.by_union.get(union_key(stem), []))


def _ignored(name: str) -> bool:
    """A file no clerk means as a union, and none sees: the `._X.yaml` macOS leaves beside each
    file it copies to a USB stick (its metadata, not text), and the owner file Office and WPS keep
    while a file is open (`~$X.yaml`, hidden, gone when it is closed)."""
    return name.startswith(("._", "~$"))


def _copy_of(stem: str) -> str | None:
    """The name of the file `stem` is a copy of, as Explorer or Finder names a copy (`X - 副本`);
    None for a name of its own."""
    copy = _COPY.match(stem)
    return None if copy is None else copy["original"]


def _numbered_copy_of(stem: str, names: set[str]) -> str | None:
    """The name of the file `stem` is another copy of (`X (2)`, `X(1)`), when that file is among
    `names` (`union_key`s): a union may be named `X (2)` itself, and `init` writes its file."""
    numbered = _NUMBERED.match(stem)
    if numbered is None or union_key(numbered["original"]) not in names:
        return None
    return numbered["original"]


def taken_for_copy(name: str, folder: Path) -> str | None:
    """The union whose data file `name.yaml` in `folder` would be taken for a copy of (`X - 副本`,
    or `X (2)` beside `X.yaml`), and so not read; None when it would be a union's file."""
    copied = _copy_of(name)
    if copied is not None:
        return copied
    return _numbered_copy_of(name, set(listing(folder).by_union))


def _named_as_data(path: Path) -> bool:
    """A name meant for a union's data file: `.yaml` or `.yml` in any case (Windows shows `X.YAML`
    as a YAML file); not a file `_ignored`, nor a hidden one (`.X.yaml`), nor an Explorer or Finder
    copy (`X - 副本.yaml`): `listing` tells those, and which numbered names (`X (2).yaml`) are
    copies."""
    return (
        path.suffix.lower() in DATA_SUFFIXES
        and PurePath(path.stem).suffix.lower() not in DATA_SUFFIXES  # `X.yaml.yaml`
        and not path.name.startswith((".", "~$"))
        and _copy_of(path.stem) is None
    )


def listing(folder: Path) -> Listing:
    """Every file of a year's folder that genreport reads, and every file meant as one that it
    does not read, with what to do about it: the one place that lists a year's data files.

    `X.yaml.txt` (Notepad adds `.txt`, and Windows hides it), `X.yaml.yaml`, `X.yaml ` (a blank
    or a dot after the suffix), a copy `X - 副本.yaml`, a numbered `X (2).yaml` beside `X.yaml`
    (alone it is the union `X (2)`), a hidden `.X.yaml` (Explorer shows it, Finder does not), a
    backup `X.yaml.bak` of a union that has no data file, and a small text file of any other name
    whose text has a top-level `单位名称:` line (`X.txt`) are misnamed; a backup beside its data
    file, other files (a .docx, a README.txt, images) and the files `_ignored` are left alone
    unsaid."""
    if not folder.is_dir():
        return Listing([], [])
    files = sorted(p for p in folder.iterdir() if not _ignored(p.name) and p.is_file())
    named = [p for p in files if _named_as_data(p)]  # `files` are regular files
    names = {union_key(p.stem) for p in named}
    copies = {p: original for p in named if (original := _numbered_copy_of(p.stem, names))}
    data = [p for p in named if p not in copies]
    keys = {union_key(p.stem) for p in data}
    misnamed = []
    for path in files:
        if path in copies:
            found: Misnamed | None = _copy(path, copies[path], folder, keys, numbered=True)
        else:
            found = _misnamed(path, folder, keys)
        if found is not None:
            misnamed.append(found)
    return Listing(data, misnamed)


def _misnamed(path: Path, folder: Path, keys: set[str]) -> Misnamed | None:
    """What `path` is meant as and what to do, when it is meant as a data file but not read."""
    name, stem, suffix = path.name, path.stem, path.suffix
    inner = PurePath(stem).suffix
    if suffix.lower() == ".txt" and inner.lower() in DATA_SUFFIXES:
        union = stem[: -len(inner)]
        message = (
            f"文件名是“{readable(name)}”，多了“.txt”（记事本保存时加上的；Windows 默认隐藏扩展名，"
            f"所以它看起来是“{readable(stem)}”），genreport 不读它。"
        )
        return Misnamed(path, union, message + _rename_to(stem, union_key(union) in keys))
    if name.startswith(".") and suffix.lower() in DATA_SUFFIXES:
        unhidden = PurePath(name.lstrip("."))
        message = (
            f"“{readable(name)}”的文件名以“.”开头（在苹果电脑和Linux上是隐藏文件，看不见），"
            "genreport 不读它。"
        )
        if unhidden.suffix.lower() not in DATA_SUFFIXES:  # `...yaml`: no name left
            return Misnamed(path, name, message + "请把它改名为“单位名称.yaml”。")
        union, meant = unhidden.stem, unhidden.name
        return Misnamed(path, union, message + _rename_to(meant, union_key(union) in keys))
    if suffix.lower() == _BACKUP and inner.lower() in DATA_SUFFIXES:
        union = stem[: -len(inner)]
        if union_key(union) in keys:
            return None  # a backup beside the file it backs up: kept on purpose
        message = (
            f"“{readable(name)}”是备份文件（编辑器保存时留下的），genreport 不读它。"
            f"本文件夹中没有“{readable(stem)}”：要用它，请把它改名为“{readable(stem)}”。"
        )
        return Misnamed(path, union, message)
    if suffix.lower() in DATA_SUFFIXES and inner.lower() in DATA_SUFFIXES:
        message = f"文件名“{readable(name)}”中多了一个“{inner}”，genreport 不读它。"
        return Misnamed(path, stem[: -len(inner)], message + _rename_to(stem, _taken(stem, keys)))
    trimmed = name.rstrip(" .")
    if trimmed != name and PurePath(trimmed).suffix.lower() in DATA_SUFFIXES:
        message = (
            f"文件名“{readable(name)}”的末尾多了空格或“.”（看起来是“{readable(trimmed)}”），"
            "genreport 不读它。"
        )
        union = PurePath(trimmed).stem
        return Misnamed(path, union, message + _rename_to(trimmed, _taken(trimmed, keys)))
    if suffix.lower() in DATA_SUFFIXES:
        copied = _copy_of(stem)
        return None if copied is None else _copy(path, copied, folder, keys, numbered=False)
    return _data_under_another_name(path, keys)


def _taken(meant: str, keys: set[str]) -> bool:
    """Whether the folder has the data file `meant` (`X.yaml`) would be: its union is among `keys`."""
    return union_key(PurePath(meant).stem) in keys


def _data_under_another_name(path: Path, keys: set[str]) -> Misnamed | None:
    """A small text file whose name does not end in `.yaml` but whose text is a union's data (a
    top-level `单位名称:` line): Notepad's `X.txt`, say. Renamed after its 单位名称, which check
    asks the file name to match; after its own name when that cannot be a file name."""
    union = _union_inside(path)
    if union is None:
        return None
    name = path.name
    if name.endswith(_BACKUPS) and union_key(union) in keys:
        return None  # an editor's backup (`X.yaml~`) beside the file it backs up
    if not union or unsafe_name(union) is not None:
        union = PurePath(name.rstrip(" .")).stem.strip() or union
    meant = f"{union}.yaml"
    message = (
        f"“{readable(name)}”中是“{readable(union)}”的数据（有“单位名称”一行），但文件名不以“.yaml”"
        "结尾（用记事本“另存为”时，保存类型要选“所有文件”），genreport 不读它。"
    )
    return Misnamed(path, union, message + _rename_to(meant, _taken(meant, keys)))


def _union_inside(path: Path) -> str | None:
    """The 单位名称 a file's text gives on a top-level line ("" when blank), or None when the file
    is no small regular text file or has no such line. Never raises: a file that cannot be read
    is no data file of the folder's, left unsaid as before."""
    try:
        raw = read_regular(path, _INSIDE_LIMIT)
    except OSError:
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")  # Notepad's ANSI on a Chinese Windows
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        found = _UNION_LINE.search(text)
        if found is None:
            return None
        value = found["value"].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        return value
    return None


def _rename_to(meant: str, taken: bool) -> str:
    """What to do with a file that should be named `meant`, when a file of that name is there
    (`taken`) and when not."""
    if taken:
        return (
            f"本文件夹已有“{readable(meant)}”：要用的若是这个文件，请删除“{readable(meant)}”后"
            f"把它改名为“{readable(meant)}”；否则请删除它。"
        )
    return f"请把它改名为“{readable(meant)}”。"


def _copy(path: Path, union: str, folder: Path, keys: set[str], *, numbered: bool) -> Misnamed:
    """A copy of `union`'s data file (numbered `X (2).yaml`, or Explorer's `X - 副本.yaml`)."""
    name = path.name
    original = f"{union}{path.suffix}"
    if numbered:
        message = (
            f"“{readable(name)}”是“{readable(original)}”的另一份（同名的文件复制、下载或从微信、QQ"
            "保存到同一文件夹时，名称后会加上编号），genreport 不读它。"
        )
    else:
        message = f"“{readable(name)}”是“{readable(original)}”的副本（复制文件时产生），genreport 不读它。"
    if union_key(union) in keys:
        message += (
            f"请删除它，或把它移出“{folder.name}”文件夹；其中有要用的修改的，"
            f"请先把修改抄到“{readable(original)}”中。"
        )
    else:
        message += f"本文件夹中没有“{readable(original)}”：请把它改名为“{readable(original)}”。"
    return Misnamed(path, union, message)


def union_key(stem: str) -> str:
    """The union a data file's name stands for. Names that differ only in case or in Unicode
    normalization (macOS may write a name decomposed, NFD) are one union: on Windows and macOS
    they are one file name, and they would render into one folder."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", stem).casefold())


def same_union(path: Path, folder: Path) -> list[Path]:
    """The data files in `folder` of the union `path` is the file of (`path` itself among them
    when it is in `folder`): more than one is an error, `X.yaml` beside `X.yml`."""
    return listing(folder).files_of(path.stem)


def twins_message(twins: list[Path], consequence: str) -> str:
    """`“X.yaml”、“X.yml”是同一个单位的数据文件…请保留一个…`."""
    names = "、".join(f"“{readable(p.name)}”" for p in twins)
    stems = {p.stem for p in twins}
    if len(stems) > len({unicodedata.normalize("NFC", stem) for stem in stems}):
        why = "文件名看起来相同，但字符的编码方式不同，多由苹果电脑复制产生"
    else:
        why = "文件名只差扩展名或大小写"
    return (
        f"{names}是同一个单位的数据文件（{why}），{consequence}"
        f"请保留一个，把其余的删除或移出“{twins[0].parent.name}”文件夹。"
    )


def _last_year_folder(year_folder: Path, year: int) -> Path:
    """Where last year's data files lie beside the folder of `year`'s: `data/2022/` beside
    `data/2023/`. The one place "last year" is worked out."""
    return year_folder.with_name(str(year - 1))


def previous_files(path: Path) -> list[Path]:
    """Last year's data files of the union in `data/<YEAR>/<name>.yaml`: those in `data/<YEAR-1>/`
    of the same union (whatever their suffix, case or normalization); none when the folder is not
    a year. One is last year's file; two or more leave unknown which holds last year's figures."""
    folder = path.parent
    if not folder.name.isdigit():
        return []
    return same_union(path, _last_year_folder(folder, int(folder.name)))


@dataclass(frozen=True)
class Job:
    """One union's documents: the files they are made from and the files they become."""

    data: Path
    templates: dict[str, Path]  # document → template
    outputs: dict[str, Path]  # document → .docx

    @property
    def folder(self) -> Path:
        return next(iter(self.outputs.values())).parent


@dataclass(frozen=True)
class Workspace:
    """The folder holding `data/<年度>/`, `templates/<提纲>/`, `output/<年度>/<单位>/` and
    `.genreport/schema.json`."""

    root: Path

    @property
    def data_root(self) -> Path:
        """`data/`, one folder a year."""
        return self.root / "data"

    @property
    def output_root(self) -> Path:
        """`output/`, one folder a year; everything in it is generated."""
        return self.root / "output"

    @property
    def schema_path(self) -> Path:
        """Where the project keeps the data files' JSON Schema, for editors to read offline."""
        return self.root / ".genreport" / "schema.json"

    @property
    def rules_schema_path(self) -> Path:
        """Where the project keeps the JSON Schema of the outlines' rules files (评分规则.yaml)."""
        return self.root / ".genreport" / "rules-schema.json"

    def data_folder(self, year: int) -> Path:
        return self.data_root / str(year)

    def last_year_folder(self, year: int) -> Path:
        """The data folder of the year before `year`."""
        return _last_year_folder(self.data_folder(year), year)

    def year_listing(self, year: int) -> Listing:
        """The year's data files and misnamed files (`listing`); raises NoDataError when the
        folder is missing or unreadable, or holds neither."""
        folder = self.data_folder(year)
        try:
            if not folder.is_dir():
                raise NoDataError(self._no_year_folder(year))
            found = listing(folder)
        except PermissionError:
            raise NoDataError(
                f"无法读取{year}年度的数据文件夹“{folder}”：没有权限。"
                "请让当前用户可以打开这个文件夹（及其上级文件夹）后重新运行。"
            ) from None
        if not found.data and not found.misnamed:
            raise NoDataError(
                f"文件夹“{folder}”中没有任何 .yaml 数据文件。"
                f"新单位运行 genreport init 单位名称 {year} 生成一个。"
            )
        return found

    def data_files(self, year: int) -> list[Path]:
        """The year's data files; none only when the folder holds misnamed ones."""
        return self.year_listing(year).data

    def listing_or_none(self, year: int) -> Listing:
        """The year's data files and misnamed files, none when its folder is missing or
        unreadable."""
        try:
            return listing(self.data_folder(year))
        except OSError:
            return Listing([], [])

    def years(self) -> list[int]:
        """The years `data/` has a folder for."""
        if not self.data_root.is_dir():
            return []
        return sorted(
            int(p.name) for p in self.data_root.iterdir() if p.name.isdigit() and p.is_dir()
        )

    def _no_year_folder(self, year: int) -> str:
        """Why there is nothing to read for `year`, and the command that helps: the folder is not a
        data folder at all (`--root`, `初始化`), or the year is new (`new`, `init`)."""
        here = self.root.resolve()
        if not self.data_root.is_dir():
            return (
                f"在“{here}”中没有找到 data 文件夹，这里不是genreport的数据文件夹。"
                "请先进入数据文件夹再运行，或用 --root 指定数据文件夹；"
                "要在这里新建数据文件夹，运行 genreport 初始化，"
                f"再运行 genreport init 单位名称 {year} 为每个单位生成数据文件。"
            )
        folder = self.data_folder(year).relative_to(self.root)
        message = f"在“{here}”中没有找到{year}年度的数据文件夹“{folder}”。"
        years = self.years()
        if years:
            message += f"已有的年度：{'、'.join(map(str, years))}。"
        if year - 1 in years:
            return message + (
                f"要由{year - 1}年度的文件生成{year}年度的，运行 genreport new {year}；"
                f"新单位运行 genreport init 单位名称 {year}。"
            )
        return message + f"新单位运行 genreport init 单位名称 {year} 生成数据文件。"

    def data_file(self, year: int, union_name: str) -> Path:
        """The union's data file: the one the year's folder holds (`X.yml`, say), else `X.yaml`."""
        wanted = self.data_folder(year) / f"{union_name}.yaml"
        found = same_union(wanted, wanted.parent)
        return found[0] if found else wanted

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

    def rules_file(self, outline: str) -> Path | None:
        """The outline's rules file: the folder's own `templates/<提纲>/评分规则.yaml`, else the
        shipped outline's; None: the outline follows 财预〔2020〕10号 as it stands."""
        own = self.own_templates / outline / RULES_FILE
        return own if own.is_file() else shipped_rules(outline)

    def rules_label(self, rules: Path) -> str:
        """How messages cite a rules file: from the project folder, or as a shipped outline's."""
        if rules.is_relative_to(self.root):
            return rules.relative_to(self.root).as_posix()
        return f"自带提纲“{rules.parent.name}”的{RULES_FILE}"

    def is_shipped(self, template: Path) -> bool:
        """Whether `template` is one installed with genreport rather than the folder's own."""
        return template.is_relative_to(shipped_templates())

    def output_folder(self, year: int, union_name: str) -> Path:
        """`output/<year>/<union_name>`; raises OutputError for a name `unsafe_name` refuses or that
        would lead anywhere else (check refuses such names first: this is the last line of
        defence)."""
        unsafe = unsafe_name(union_name)
        if unsafe:  # check's own message: the rule is the same
            raise OutputError(f"单位名称“{readable(union_name)}”{unsafe}")
        refused = OutputError(
            f"单位名称“{readable(union_name)}”不能用作文件夹名，未生成。请改正单位名称。"
        )
        years = self.year_output(year).resolve()
        resolved = (years / union_name).resolve()
        if resolved.parent != years or resolved.name != union_name:
            raise refused
        return self.year_output(year) / union_name

    def year_output(self, year: int) -> Path:
        """`output/<year>`: the unions' folders and the year's summary."""
        return self.output_root / str(year)

    def document_path(self, year: int, union_name: str, document: str) -> Path:
        return self.output_folder(year, union_name) / f"{year}年度{document}.docx"

    def summary_path(self, year: int) -> Path:
        """`output/<年度>/<年度>年度部门整体支出绩效自评汇总表.xlsx`."""
        return self.year_output(year) / f"{year}年度{SUMMARY}.xlsx"

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
            templates={d: self.template(outline, d) for d in documents},
            outputs={d: self.document_path(year, union_name, d) for d in documents},
        )


def twin_path(document: Path) -> Path:
    """The text twin (.md) beside a document."""
    return document.with_suffix(".md")
