"""A template prepared once and rendered for many unions.

Preparing does, once per template content, what docxtpl does for every document: clean the XML
Word split a tag across, compile each rendered part with Jinja, and serialize and deflate the parts
that never change (styles, fonts, numbering, properties). Rendering a union then fills the compiled
parts, finishes them exactly as docxtpl does (table grids, drawing ids, tabs and line breaks) and
writes the zip in one pass, so a document is byte-identical to what docxtpl and python-docx wrote.

Prepared templates are kept in memory and in the per-user cache folder (`usercache.py`: never in
the clerk's folder, each file authenticated), each file named by a digest of the template's bytes
and of everything that shapes the result (Python, library versions, this package's code), stored as
plain data (JSON; the compiled code marshalled, loaded only from a file that authenticates) and
written atomically: two runs sharing the folder each read a complete file or prepare their own. A
cache file that cannot be read or does not authenticate is ignored and written again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import marshal
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from genreport.documents.docxzip import Entry, deflate, write_zip
from genreport.documents.grid import fix_tables
from genreport.documents.twin import HeadingStyles, W

FORMAT = 3  # bump when what is stored changes (3: sandboxed code)
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's
_RECOVER = etree.XMLParser(recover=True)  # docxtpl's, for the rendered body
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_HEADER_FOOTER = ("/header", "/footer")
_FOOTNOTES = "wordprocessingml.footnotes+xml"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


class NotPreparable(Exception):
    """The template uses a docxtpl feature the prepared form does not reproduce (Jinja in the
    document properties, footnotes); such a template is rendered by docxtpl itself."""


class BrokenPart(Exception):
    """A header or footer whose tags, rendered, cut its XML apart (a case `pairs.py` missed)."""

    def __init__(self, part: str):
        super().__init__(part)
        self.part = part


@dataclass
class Prepared:
    """What is stored: the zip's entries in order (a name for each rendered part), each rendered
    part's Jinja source and compiled code, the document part's XML around its body, and which of
    its styles are headings (read from styles.xml once, not for every document)."""

    entries: list[Entry | str]
    document: str  # the name of the document part
    sources: dict[str, str]  # rendered part → Jinja source, the document part first
    shell: bytes  # the document part as saved before rendering
    splice: tuple[bytes, bytes] | None  # the document part before and after its body, when the
    # body can be parsed in place (its source then has no namespace declarations of its own)
    headings: HeadingStyles
    unclosed: list[str]
    code: dict[str, bytes] = field(default_factory=dict)  # part → marshalled code

    def to_json(self) -> bytes:
        def entry(e: Entry | str) -> str | list[str | int]:
            if isinstance(e, str):
                return e
            return [e.name, _b64(e.compressed), e.crc, e.size]

        return json.dumps(
            {
                "entries": [entry(e) for e in self.entries],
                "document": self.document,
                "sources": self.sources,
                "shell": _b64(self.shell),
                "splice": None if self.splice is None else [_b64(b) for b in self.splice],
                "headings": [self.headings.levels, self.headings.default],
                "unclosed": self.unclosed,
                "code": {name: _b64(code) for name, code in self.code.items()},
            },
            ensure_ascii=False,
        ).encode("utf-8")

    @classmethod
    def from_json(cls, payload: bytes) -> Prepared:
        plain = json.loads(payload)
        entries = [
            e if isinstance(e, str) else Entry(e[0], _unb64(e[1]), e[2], e[3])
            for e in plain["entries"]
        ]
        headings = HeadingStyles(None)
        headings.levels, headings.default = plain["headings"]
        splice = plain["splice"]
        return cls(
            entries,
            plain["document"],
            plain["sources"],
            _unb64(plain["shell"]),
            None if splice is None else (_unb64(splice[0]), _unb64(splice[1])),
            headings,
            plain["unclosed"],
            {name: _unb64(code) for name, code in plain["code"].items()},
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


@dataclass
class Compiled:
    """A prepared template ready to render: compiled parts (or the syntax fault a part has)."""

    prepared: Prepared
    templates: dict[str, jinja2.Template | jinja2.TemplateSyntaxError]

    def render(self, context: dict[str, Any]) -> tuple[bytes, etree._Element]:
        """The .docx and its rendered body; raises Jinja's errors as docxtpl would."""
        rendered: dict[str, bytes] = {}
        for name in self.prepared.sources:
            template = self.templates[name]
            if isinstance(template, Exception):
                raise template
            xml = finish_part(template.render(context))
            if name == self.prepared.document:
                rendered[name], body = self._document(xml)
            else:
                try:
                    tree = etree.fromstring(xml.encode("utf-8"), _PARSER)
                except etree.XMLSyntaxError:  # docxtpl's XmlPart.load fails the same way
                    raise BrokenPart(name) from None
                rendered[name] = etree.tostring(tree, encoding="UTF-8", standalone=True)
        entries = [
            deflate(e, rendered[e]) if isinstance(e, str) else e for e in self.prepared.entries
        ]
        return write_zip(entries), body

    def _document(self, body_xml: str) -> tuple[bytes, etree._Element]:
        """The document part around a rendered body, as docxtpl and python-docx write it."""
        splice = self.prepared.splice
        if splice is not None:
            root = etree.fromstring(splice[0] + body_xml.encode("utf-8") + splice[1], _RECOVER)
            body = root.find(f"{W}body")
        else:  # parsed alone and moved in, as docxtpl does (slower: lxml re-homes namespaces)
            root = etree.fromstring(self.prepared.shell, _PARSER)
            shell_body = root.find(f"{W}body")
            body = etree.fromstring(body_xml, _RECOVER)
            if shell_body is not None:
                root.replace(shell_body, body)
            else:
                body = None
        if body is None:  # prepare() found the template's document part with its `w:body`
            raise ValueError("the rendered document has no body")
        fix_tables(body)
        for number, drawing in enumerate(body.iter(f"{_WP}docPr"), start=1001):
            drawing.attrib["id"] = str(number)  # docxtpl renumbers drawings from 1001
        return etree.tostring(root, encoding="UTF-8", standalone=True), body


_memory: dict[str, Compiled] = {}


def compiled(
    template: Path, environment: jinja2.Environment, cache_folder: Path | None = None
) -> Compiled:
    """The template at `template`, prepared (from memory, the cache, or now) and compiled; the
    cache is the per-user one unless `cache_folder` names another."""
    import genreport.documents.usercache as usercache
    from genreport.documents.docx_template import template_bytes

    data = template_bytes(template, check=False)  # checked before it is parsed (`prepare`)
    identity = (
        f"{_environment_digest()}|{type(environment).__module__}.{type(environment).__qualname__}"
    )
    key = hashlib.sha256(identity.encode() + data).hexdigest()
    if key in _memory:
        return _memory[key]
    folder = cache_folder if cache_folder is not None else usercache.default_folder()
    prepared = _read(usercache.load(folder, key))
    fresh = prepared is None
    if prepared is None:
        prepared = prepare(template, environment, data)
    result = _compile(prepared, environment)
    if fresh and all(not isinstance(t, Exception) for t in result.templates.values()):
        usercache.store(folder, key, prepared.to_json())
    _memory[key] = result
    return result


def _read(payload: bytes | None) -> Prepared | None:
    if payload is None:
        return None
    try:
        return Prepared.from_json(payload)
    except (ValueError, KeyError, TypeError, IndexError):  # authentic yet unreadable: prepare again
        return None


def _compile(prepared: Prepared, environment: jinja2.Environment) -> Compiled:
    templates: dict[str, jinja2.Template | jinja2.TemplateSyntaxError] = {}
    for name, source in prepared.sources.items():
        if name in prepared.code:
            code = marshal.loads(prepared.code[name])
        else:
            try:
                code = environment.compile(source)
            except jinja2.TemplateSyntaxError as exc:
                templates[name] = exc
                continue
            prepared.code[name] = marshal.dumps(code)
        templates[name] = environment.template_class.from_code(
            environment, code, environment.make_globals(None)
        )
    return Compiled(prepared, templates)


def prepare(template: Path, environment: jinja2.Environment, data: bytes | None = None) -> Prepared:
    """Open the template (its checked bytes when given) with docxtpl once and keep what every
    document is made from."""
    from genreport.documents.docx_template import fix_properties, open_template, unclosed_tags

    doc = open_template(template, data)
    package = doc.docx.part.package
    if any(_FOOTNOTES in part.content_type for part in package.iter_parts()):
        raise NotPreparable("footnotes")
    properties = doc.docx.core_properties
    if any(re.search(r"{[{%#]", getattr(properties, p) or "") for p in _PROPERTIES):
        raise NotPreparable("Jinja in the document properties")
    document = doc.docx.part.partname.lstrip("/")
    body_source = doc.patch_xml(doc.get_xml())
    sources = {document: _jinja_source(body_source)}
    for reltype in _HEADER_FOOTER:
        for rel in doc.docx.part.rels.values():
            if rel.reltype.endswith(reltype) and rel.target_part.blob:
                xml = doc.get_part_xml(rel.target_part)
                sources[rel.target_part.partname.lstrip("/")] = _jinja_source(doc.patch_xml(xml))
    doc.render_properties({}, environment)  # as docxtpl leaves them (it adds missing elements)
    fix_properties(properties)
    saved = io.BytesIO()
    doc.docx.save(saved)
    try:
        styles = doc.docx.part.part_related_by(_STYLES_REL).partname.lstrip("/")
    except KeyError:
        styles = ""
    entries: list[Entry | str] = []
    with zipfile.ZipFile(saved) as package_zip:
        for info in package_zip.infolist():
            name = info.filename
            data = package_zip.read(name)
            entries.append(name if name in sources else deflate(name, data))
        shell = package_zip.read(document)
        styles_xml = package_zip.read(styles) if styles in package_zip.namelist() else None
    splice = _splice(shell, body_source)
    if splice is not None:
        sources[document] = _jinja_source(_BODY_START.sub("<w:body>", body_source, count=1))
    headings = HeadingStyles(styles_xml)
    return Prepared(entries, document, sources, shell, splice, headings, unclosed_tags(doc))


_BODY_START = re.compile(r"<w:body(?: [^>]*)?>")


def _splice(shell: bytes, body_source: str) -> tuple[bytes, bytes] | None:
    """The document part before and after its body, when parsing a body in place gives the same
    document as parsing it alone and moving it in (lxml then drops the body's own namespace
    declarations, all repeated from the document element); checked on the template's own body."""
    start = shell.find(b"<w:body>")
    end = shell.rfind(b"</w:body>")
    if start < 0 or end < 0 or shell.count(b"<w:body>") != 1:
        return None
    splice = (shell[:start], shell[end + len(b"</w:body>") :])
    try:
        moved = etree.fromstring(shell, _PARSER)
        shell_body = moved.find(f"{W}body")
        if shell_body is None:  # `<w:body>` of another namespace than Word's
            return None
        moved.replace(shell_body, etree.fromstring(body_source, _RECOVER))
        bare = _BODY_START.sub("<w:body>", body_source, count=1).encode("utf-8")
        in_place = etree.fromstring(splice[0] + bare + splice[1], _RECOVER)
    except etree.XMLSyntaxError:
        return None
    same = etree.tostring(moved, encoding="UTF-8", standalone=True) == etree.tostring(
        in_place, encoding="UTF-8", standalone=True
    )
    return splice if same else None


def _jinja_source(xml: str) -> str:
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # as docxtpl's render_xml_part


@cache
def _environment_digest() -> str:
    """Everything besides the template that shapes a prepared template."""
    from genreport import __version__
    from genreport.versions import code_digest, library_version

    digest = hashlib.sha256(
        f"{FORMAT}|{__version__}|{sys.version}|{zlib.ZLIB_RUNTIME_VERSION}".encode()
    )
    digest.update(f"{jinja2.__version__}|{etree.LXML_VERSION}".encode())
    for library in ("docxtpl", "python-docx"):
        digest.update(f"{library}={library_version(library)}".encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


# docxtpl's finishing of a rendered part (render_xml_part, resolve_listing), reproduced (the
# body's table grids: `grid.py`) so that rendering needs neither docxtpl nor python-docx.


def finish_part(xml: str) -> str:
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(c in xml for c in "\t\a\n\f"):
        xml = _resolve_listing(xml)
    return xml


def _resolve_listing(xml: str) -> str:
    """Tabs, new paragraphs (\\a), line breaks and page breaks written in a value, as Word XML."""

    def text(run_properties: str, paragraph_properties: str, m: re.Match[str]) -> str:
        t = m.group(0).replace(
            "\t",
            f'</w:t></w:r><w:r>{run_properties}<w:tab/></w:r><w:r>{run_properties}<w:t xml:space="preserve">',
        )
        t = t.replace(
            "\a",
            f'</w:t></w:r></w:p><w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">',
        )
        t = t.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        return t.replace(
            "\f",
            '</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            f'<w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">',
        )

    def run(paragraph_properties: str, m: re.Match[str]) -> str:
        found = re.search(r"<w:rPr>.*?</w:rPr>", m.group(0))
        run_properties = found.group(0) if found else ""
        return re.sub(
            r"<w:t(?: [^>]*)?>.*?</w:t>",
            lambda x: text(run_properties, paragraph_properties, x),
            m.group(0),
            flags=re.DOTALL,
        )

    def paragraph(m: re.Match[str]) -> str:
        found = re.search(r"<w:pPr>.*?</w:pPr>", m.group(0))
        paragraph_properties = found.group(0) if found else ""
        return re.sub(
            r"<w:r(?: [^>]*)?>.*?</w:r>",
            lambda x: run(paragraph_properties, x),
            m.group(0),
            flags=re.DOTALL,
        )

    return re.sub(r"<w:p(?: [^>]*)?>.*?</w:p>", paragraph, xml, flags=re.DOTALL)
