"""Text of the clerk's set inside our sentences: closing punctuation, lead-ins, Chinese ordinals,
lists of parts."""

from __future__ import annotations

from typing import Any

_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (for 一、 and （一）)."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CHINESE_DIGITS[tens]
    return f"{head}十{_CHINESE_DIGITS[ones] if ones else ''}"


_END_PUNCTUATION = "。；;，,.、：:！!？? "


def clause(text: str | None) -> str:
    """Text to be set inside a sentence of ours: its own closing punctuation dropped."""
    return (text or "").strip().rstrip(_END_PUNCTUATION)


_SENTENCE_END = "。！？!?；;…"
_CLOSERS = "”’）)》」』"


def sentence(text: str | None) -> str:
    """Text shown as a sentence of its own: closed with 。 unless it already ends a sentence.

    A closing quote or bracket ends the sentence only when the sentence ends inside it
    (“……。”); after a quoted term (开展“职工之家”建设”) the 。 still follows.
    """
    text = (text or "").strip()
    if not text:
        return text
    inner = text.rstrip(_CLOSERS)
    if text[-1] in _SENTENCE_END or (inner != text and inner and inner[-1] in _SENTENCE_END):
        return text
    return text.rstrip("，,、：: ") + "。"


_LEAD_INS = ("主要包括", "主要用于", "主要是", "主要为", "包括", "用于")


def without_lead_in(text: str | None) -> str:
    """A 说明 or 用途 as a clause, without a lead-in the template already writes
    (“主要包括：”“主要用于”), so the text never reads “主要包括：主要用于……”."""
    text = clause(text)
    for lead in _LEAD_INS:
        if text.startswith(lead) and len(text) > len(lead):
            return text[len(lead) :].lstrip("：: ")
    return text


def enumeration(*parts: Any) -> str:
    """The parts given, as a heading lists them: “三公”经费、会议费和政府采购. A part the template
    passes as a false value (a figure the file does not give) is left out, so a heading names only
    what its section shows; none given is the empty string (`or` the heading's full wording)."""
    names = [str(x) for x in parts if x]
    if len(names) < 2:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]
