"""A report's blocks read into the contract's keys: narrative by the heading it stands under,
figures by the words before them; what cannot be placed is kept verbatim, with where it was found.

Nothing is guessed: a figure goes to a key only when its words name that key; totals, shares, rates
and changes that genreport computes are compared with what it computes from the imported parts,
never copied, and a disagreement is listed with both figures."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from genreport.importing.extract import Block, chinese_number
from genreport.importing.numbers import SIGN_DOWN, Figure, amount, figures, normalize, tidy

CENT = Decimal("0.01")

# 政府收支分类科目 (functional classification), by 类
FUNCTIONS = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出", "灾害防治及应急管理支出", "其他支出",
)  # fmt: skip
THREE_PUBLIC = {
    "因公出国": "因公出国（境）费",
    "出国": "因公出国（境）费",
    "公务用车": "公务用车购置及运行维护费",
    "公车": "公务用车购置及运行维护费",
    "公务接待": "公务接待费",
}
PROCUREMENT = (
    ("小微企业", "其中授予小微企业合同"),
    ("中小企业", "授予中小企业合同"),
    ("货物", "货物"),
    ("工程", "工程"),
    ("服务", "服务"),
)
# One line of 基本支出 under two names: the 经济分类 name and the one the contract's notes use
SYNONYMS = {"商品和服务支出": "公用经费", "商品服务支出": "公用经费", "日常公用经费": "公用经费"}
ZERO_FUNDS = ("政府性基金预算支出", "国有资本经营预算支出", "社会保险基金预算支出")

# A heading's words → the section it opens; the first that matches wins.
TOPICS = (
    ("其他说明", ("其他需要说明", "其他说明")),
    ("结果应用", ("结果应用", "拟应用", "应用和公开", "应用及公开")),
    ("存在问题", ("存在的问题", "存在问题", "存在的主要问题", "主要问题", "问题与不足", "不足")),
    ("原因分析", ("原因分析", "原因")),
    ("改进措施", ("改进措施", "改进建议", "有关建议", "整改措施")),
    ("资产管理", ("资产管理",)),
    ("评价等级", ("评价等级", "自评得分", "自评结论")),
    ("项目实施情况", ("项目组织实施", "项目实施情况")),
    ("绩效目标", ("绩效目标",)),
    ("绩效情况", ("绩效情况", "绩效分析", "工作成效", "主要成效", "履职成效")),
    ("其他财政性资金", ("其他财政性资金",)),
    ("职能", ("职能", "职责")),
    ("重点工作", ("重点工作",)),
    ("人员", ("人员情况", "人员")),
    ("机构", ("机构设置", "机构情况", "组织机构", "单位构成")),
    ("基本支出", ("基本支出",)),
    ("专项资金", ("专项资金",)),
    ("项目支出", ("项目支出", "项目资金")),
    ("政府性基金预算支出", ("政府性基金",)),
    ("国有资本经营预算支出", ("国有资本经营",)),
    ("社会保险基金预算支出", ("社会保险基金",)),
    ("管理情况", ("管理情况", "资金管理", "使用情况")),
    ("概况", ("概况", "基本情况")),
    ("支出", ("支出", "收支")),
)
# topics whose sub-headings may open topics of their own (湖南's `二、部门整体支出管理及使用情况`
# holds `（一）基本支出`, `（二）项目支出`)
CONTAINERS = {"概况", "支出", "人员", "机构", "管理情况", None}
NARRATIVE = {"职能", "重点工作", "绩效情况", "项目实施情况", "存在问题", "原因分析", "改进措施",
             "结果应用", "其他说明", "资产管理", "管理情况", "其他财政性资金"}  # fmt: skip

LISTED = {"职能", "重点工作", "存在问题", "原因分析", "改进措施", "存在问题+改进措施"}
CLOSING = {"存在问题", "原因分析", "改进措施", "结果应用", "其他说明"}

_NUMBERING = re.compile(
    r"^\s*(?:(?P<l0>[一二三四五六七八九十]+)\s*[、.．]|[（(](?P<l1>[一二三四五六七八九十]+)[)）]"
    r"|(?P<l2>\d{1,2})\s*(?:[、．]|\.(?!\d))|[（(](?P<l3>\d{1,2})[)）]|(?P<l4>[①-⑳]))\s*"
)
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是)")


Value = Decimal | int | str


@dataclass
class Placed:
    """An imported value and the words it came from."""

    value: Value
    where: str
    words: str

    @property
    def amount(self) -> Decimal:
        """The value as a Decimal (amounts and counts)."""
        return self.value if isinstance(self.value, Decimal) else Decimal(str(self.value))


# One item of a list the contract holds (a project, a 绩效情况 point): its keys' values, and its
# 要点 (the paragraphs under its title)
Item = dict[str, "Placed | list[Placed]"]


@dataclass
class Unplaced:
    where: str
    text: str
    why: str = ""


@dataclass
class Reading:
    """What the importer read from one union's documents."""

    name: str | None = None
    year: int | None = None
    values: dict[str, Placed] = field(default_factory=dict)  # contract key path → value
    narrative: dict[str, list[Placed]] = field(default_factory=dict)
    items: dict[str, list[Item]] = field(default_factory=dict)  # 项目, 专项资金, 绩效情况
    basic_total: Placed | None = None  # a table's 基本支出 执行, when it states one
    scores: list[ScoreRow] = field(default_factory=list)  # the 自评表's 三级指标, in order
    # the table being read, its header (column index → 上年/预算/执行, or the 自评表's keys) and
    # the section its rows above opened (明细 under 基本支出, 项目, 三公)
    table: str = ""
    columns: dict[int, str] = field(default_factory=dict)
    section: str = ""
    claims: list[tuple[str, str, Decimal, str, str]] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    # a 资金来源 line a table states with its cells blank: 0 where the other lines make the whole
    blanks: list[tuple[str, Unplaced]] = field(default_factory=list)
    # `一是…`, `二是…` paragraphs under 管理情况: each an item of work, kept in 管理情况's text (the
    # text's part) unless the report has no 绩效情况 section of its own
    enumerated: list[tuple[Placed, Item]] = field(default_factory=list)

    def put(self, path: str, value: Value, where: str, words: str) -> bool:
        """Place `value` at `path` unless another value is there already (then: not placed)."""
        if isinstance(value, Decimal):
            value = tidy(value)
        old = self.values.get(path)
        if old is not None and old.value != value:
            self.unplaced.append(Unplaced(where, words, f"与{old.where}的{path}={old.value}不一致"))
            return False
        if old is None:
            self.values[path] = Placed(value, where, words)
        return True


def heading(block: Block) -> tuple[int, str] | None:
    """(level, text without its number) if the block is a heading."""
    text = normalize(block.text)
    match = _NUMBERING.match(text)
    rest = text[match.end() :] if match else text
    if block.heading_level is not None and len(rest) <= 40:
        return block.heading_level, rest
    if not match or len(rest) > 36 or figures(rest) or not rest:
        return None
    if "：" in rest[:-1] and len(rest) > 12:  # `1．主要职能：…` is a paragraph with a lead
        return None
    level = next(i for i in range(5) if match[f"l{i}"])
    return level, rest


def _bare_title(block: Block) -> bool:
    """`存在的不足` alone on its line, without a number (a PDF or text that lost its bold): it
    opens the closing section it names."""
    text = normalize(block.text).strip()
    return len(text) <= 12 and not re.search(r"[。；：，,;:]", text) and topic_of(text) in CLOSING


def topic_of(text: str) -> str | None:
    for topic, words in TOPICS:
        if any(w in text for w in words) and not (topic == "绩效情况" and "目标" in text):
            return topic
    return None


def read_report(blocks: list[Block]) -> Reading:
    reading = Reading()
    _identify(blocks, reading)
    topic: str | None = None
    topic_level = -1
    sub_title: Placed | None = None
    for block in blocks:
        if block.cells:
            _table_row(block, reading)
            continue
        if re.match(r"^附件|^附表", block.text):
            topic, topic_level, sub_title = "附件", -1, None
            continue
        found = heading(block)
        if found is None and (block.emphasis or _bare_title(block)):
            # a bold title without a number: it opens the section its words name; any other is
            # a title of the section it stands in
            text = normalize(block.text).strip()
            new = topic_of(text)
            if new is not None:
                topic, topic_level, sub_title = new, max(topic_level, 0), None
            elif topic in ("绩效情况", "项目实施情况"):
                sub_title = Placed(text, block.where, block.text)
                reading.items.setdefault(topic, []).append({"标题": sub_title})
            continue
        if found:
            level, text = found
            new = topic_of(text)
            # `七、存在的问题` then `8、下一步改进措施`: a section of the report's end, however numbered
            closing = new in CLOSING and new != topic and topic != "存在问题+改进措施"
            if topic in LISTED and level > topic_level and not closing:
                found = None  # `（一）预算绩效目标设置有待完善。`: an item of the list
        if found:
            if level <= topic_level or (topic in CONTAINERS and new is not None) or closing:
                topic, topic_level, sub_title = new, level if not closing else topic_level, None
                if new in ("存在问题",) and topic_of(text.replace("问题", "")) == "改进措施":
                    topic = "存在问题+改进措施"
                continue
            if topic in ("绩效情况", "项目实施情况"):
                sub_title = Placed(text.rstrip("。；;"), block.where, block.text)
                reading.items.setdefault(topic, []).append({"标题": sub_title})
            continue
        text = normalize(block.text)
        lead = re.match(r"^([^：:，。]{2,10})[：:]", text)
        here = topic
        if lead and topic_of(lead[1]) in NARRATIVE | {"基本支出", "项目支出", "专项资金"}:
            here = topic_of(lead[1])
            text = text[lead.end() :]
        _figures(text, block, here, reading)
        _staff(text, block, reading)
        _organisation(text, block, here, reading)
        _sole_project(text, block, reading)
        if re.search(r"无项目(?:总)?支出", text) and not figures(text):  # `…无项目支出。`
            reading.items.setdefault("项目", [])
        if (
            here in ("绩效情况", "项目实施情况")
            and sub_title is None
            and _ORDINAL.match(text)
            and not reading.narrative.get(here)  # after a text, items would be written before it
        ):
            _enumeration(here, text, block, reading)
        elif here in NARRATIVE or here == "存在问题+改进措施":
            before = len(reading.narrative.get(here, []))
            _narrative(here, text, block, reading)
            parts = reading.narrative.get(here, [])
            if here == "管理情况" and _ORDINAL.match(text) and len(parts) > before:
                for item in _enumerated_items(text, block):
                    reading.enumerated.append((parts[-1], item))
        elif here in ZERO_FUNDS and re.fullmatch(r"(?:.*无.*|无。?)", text) and not figures(text):
            reading.put(f"支出.{here}", Decimal(0), block.where, block.text)
    _personnel_by_remainder(reading)
    _performance_under_management(reading)
    return reading


_SOLE_PROJECT = re.compile(
    r"项目(?:资金)?(?:总)?支出\s*(?P<amount>[\d.,]+\s*万?元)[，,]\s*(?:主要|全部)?用于?"
    r"(?P<name>[\u4e00-\u9fff（）()]{2,20}?(?:经费|资金|项目))。"
)


def _sole_project(text: str, block: Block, reading: Reading) -> None:
    """`项目资金支出47.32万元，主要用工会规范化建设经费。`: one project named with all the project
    money; a name listing several (`、`, `和`, `等`) is no single project."""
    found = _SOLE_PROJECT.search(text)
    if not found or re.search(r"[、和及等]", found["name"]) or reading.items.get("项目"):
        return
    spent = amount(found["amount"])
    if spent is None:
        return
    item: Item = {
        "名称": Placed(found["name"], block.where, found[0]),
        "执行": Placed(spent, block.where, found[0]),
    }
    reading.items["项目"] = [item]


def _personnel_by_remainder(reading: Reading) -> None:
    """A table that states 基本支出 and, under it, only 公用经费 (the 湖南 基础数据表): the rest
    of 基本支出 is 人员经费 (基本支出 is 人员经费 plus 公用经费 by the 经济分类), stated as such."""
    total = reading.basic_total
    lines = [k for k in reading.values if k.startswith("支出.基本支出.明细.")]
    public = reading.values.get("支出.基本支出.明细.公用经费.执行")
    if total is None or public is None or len({k.rsplit(".", 1)[0] for k in lines}) != 1:
        return
    rest = total.amount - public.amount
    if rest >= 0:
        words = f"基本支出{total.value}减公用经费{public.value}"
        reading.put("支出.基本支出.明细.人员经费.执行", rest, total.where, words)


def _identify(blocks: list[Block], reading: Reading) -> None:
    for block in blocks[:40]:
        text = normalize(block.text)
        stated = re.search(r"单位[)）]?(?:名称)?[：:]\s*(\S{2,30})", text)  # 部门（单位）名称：
        if stated and reading.name is None:
            reading.name = stated[1]
        year = re.search(r"(20\d\d)\s*年度?", text)
        if year and reading.year is None:
            reading.year = int(year[1])
    for block in blocks[:10]:
        if reading.name:
            break
        text = re.sub(r"20\d\d\s*年度?", "", normalize(block.text)).strip()
        found = re.match(r"^(\S{2,20}?(?:总工会|工会|委员会|局|中心|办公室))", text)
        if found:
            reading.name = found[1]


# --- narrative ----------------------------------------------------------------------------------

_COMPUTED_ONLY = re.compile(r"占|执行率|完成.{0,4}预算|比上年|较上年|同比|增长率|增减")
# `…，主要原因是X。` in a problems section: X is a cause (原因分析), the figures before it are
# genreport's to state
_CAUSE = re.compile(r"(?:主要|其)?原因(?:是|为|在于|：|:)\s*|主要(?:是)?由于\s*")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text) if s.strip()]


def _restates_only(sentence: str) -> bool:
    """A sentence that only restates figures genreport computes or imports (amounts and shares)."""
    stripped = sentence
    for f in reversed(figures(sentence)):
        stripped = stripped[: f.start] + stripped[f.end :]
    words = re.sub(
        r"[\W\d]|其中|占|比上年|增加|减少|增长|下降|万元|元|支出|经费|合计|总额|共|为", "", stripped
    )
    return (
        bool(figures(sentence))
        and (_COMPUTED_ONLY.search(sentence) is not None)
        and len(words) < 40
    )


def _narrative(topic: str, text: str, block: Block, reading: Reading) -> None:
    body = _NUMBERING.sub("", text, count=1).strip()
    if topic in ("存在问题", "存在问题+改进措施"):
        body = _causes(body, block, reading)
    kept = "".join(s for s in _sentences(body) if not _restates_only(s)).strip()
    if not kept:
        return
    if topic == "存在问题+改进措施":
        cut = re.search(r"下一步|今后|改进措施", kept)
        if cut and cut.start() > 0:
            _narrative("存在问题", kept[: cut.start()], block, reading)
            _narrative("改进措施", kept[cut.start() :], block, reading)
        else:
            _narrative("存在问题", kept, block, reading)
        return
    if topic in ("绩效情况", "项目实施情况"):
        items = reading.items.setdefault(topic, [])
        points = items[-1].setdefault("要点", []) if items else None
        if isinstance(points, list):
            points.append(Placed(kept, block.where, block.text))
        else:
            reading.narrative.setdefault(topic, []).append(Placed(kept, block.where, block.text))
        return
    if kept.endswith(("如下：", "如下:")):
        return
    if topic in ("职能", "重点工作", "存在问题", "原因分析", "改进措施"):
        numbered = _NUMBERING.match(text) is not None
        split = r"(?<=。)(?=[一二三四五六七八九十]+是)|(?<=[，,；;])(?=[一二三四五六七八九十]+是)"
        if topic in ("职能", "重点工作") and not numbered:
            split += r"|[；;](?=\S)"
        parts = [kept] if numbered else re.split(split, kept)
        for part in parts:
            part = _ORDINAL.sub("", part.strip()).strip("，,；; ")
            part = re.sub(r"^(?:我单位|本单位)?主要(?:工作)?职(?:责|能)(?:是|为)?[：:]?", "", part)
            if len(part) >= 4:
                reading.narrative.setdefault(topic, []).append(
                    Placed(part, block.where, block.text)
                )
        return
    reading.narrative.setdefault(topic, []).append(Placed(kept, block.where, block.text))


_ORDINALS = "一二三四五六七八九十"
# an enumeration's next item within a paragraph: `…。二是…`, `…；三是…`
_NEXT_ORDINAL = re.compile(rf"(?<=[。；;])\s*(?=[{_ORDINALS}]+是)")


def _enumeration(topic: str, text: str, block: Block, reading: Reading) -> None:
    """A paragraph of `一是…` (or `一是…。二是…` run on) under 绩效情况 or 项目实施情况: each
    ordinal opens an item of its own."""
    reading.items.setdefault(topic, []).extend(_enumerated_items(text, block))


def _enumerated_items(text: str, block: Block) -> list[Item]:
    """`一是建强基层。以创建和考核为抓手，…`: an item titled by its first sentence when that is
    short (a title), its other sentences the item's one 要点; a long first sentence leaves the
    whole as the 要点 (sentences that only restate computed figures are left out, as elsewhere)."""
    items: list[Item] = []
    for part in _NEXT_ORDINAL.split(text):
        body = _ORDINAL.sub("", part.strip()).strip("，,；; ")
        sentences = [s for s in _sentences(body) if not _restates_only(s)]
        if not sentences:
            continue
        first = sentences[0].strip().rstrip("。！？")
        item: Item = {}
        if len(sentences) > 1 and len(first) <= 30:
            item["标题"] = Placed(first, block.where, block.text)
            sentences = sentences[1:]
        item["要点"] = [Placed("".join(sentences).strip(), block.where, block.text)]
        items.append(item)
    return items


def _performance_under_management(reading: Reading) -> None:
    """An enumeration of work done (`一是…`, `二是…`, at least two) under 管理情况 in a report with
    no 绩效情况 section: 邵阳's outline states 绩效情况 within its `部门整体支出管理情况`, so
    the items are 绩效情况's, and leave 管理情况's text."""
    listed = reading.enumerated
    if len(listed) < 2 or "绩效情况" in reading.items or "绩效情况" in reading.narrative:
        return
    parts = {id(part) for part, _ in listed}
    kept = [p for p in reading.narrative["管理情况"] if id(p) not in parts]
    if kept:
        reading.narrative["管理情况"] = kept
    else:
        del reading.narrative["管理情况"]
    reading.items["绩效情况"] = [item for _, item in listed]


def _causes(text: str, block: Block, reading: Reading) -> str:
    """The text without its sentences that state a cause (`A，主要原因是X。`): X goes to 原因分析,
    A (the problem it explains) to 存在问题, each its own item."""
    kept = []
    for sentence in _sentences(text):
        found = _CAUSE.search(sentence)
        if not found:
            kept.append(sentence)
            continue
        cause = sentence[found.end() :].strip().rstrip("。；;，,")
        if len(cause) >= 4:
            reading.narrative.setdefault("原因分析", []).append(
                Placed(cause + "。", block.where, block.text)
            )
        rest = sentence[: found.start()].rstrip("，,；; ")
        if len(rest) >= 4:
            reading.narrative.setdefault("存在问题", []).append(
                Placed(rest + "。", block.where, block.text)
            )
    return "".join(kept).strip()


# --- organisation -------------------------------------------------------------------------------

_UNITS = {"内设": "内设机构", "直属": "下属单位", "下属": "下属单位", "所属": "下属单位",
          "下设": "下属单位"}  # fmt: skip
_UNIT_NAME = r"[\u4e00-\u9fff（）()]{2,30}"
_UNIT_LIST = re.compile(
    r"(?P<kind>内设|直属|下属|所属|下设)(?:机构|科室|部门|事业单位|单位)?"
    r"(?:有|为|共有|共)?(?:(?P<count>\d+|[一二三四五六七八九十]+)个)?"
    r"(?:[，,：:]?(?:主要是|分别是|分别为|包括|主要有|为|有))?[：:]?"
    rf"(?P<list>{_UNIT_NAME}(?:、{_UNIT_NAME})*)"
)
_NO_UNITS = re.compile(r"无(?:内设|下属|直属)(?:机构|科室|部门|事业单位|单位)")
_UNIT_END = re.compile(r"(?:部|室|科|处|股|组|办|委|会|中心|宫|站|所|队|院|校|馆|社)$")
_RANK = re.compile(r"^[正副]?(?:厅|处|科|股)级")
_PEOPLE_COUNT = re.compile(r"\d+\s*(?:人|名)")
_DATE_ONLY = re.compile(r"^(?:至|截至|截止|到)?20\d\d年(?:\d{1,2}月)?(?:底|末|\d{1,2}日)?$")


def _counted(chinese: str) -> int | None:
    """`三` → 3, `十二` → 12 (as a list's count is written)."""
    return next((n for n in range(1, 100) if chinese_number(n) == chinese), None)


def _organisation(text: str, block: Block, topic: str | None, reading: Reading) -> None:
    """内设机构 and 下属单位 from the lists that name them (`内设机构为3个：A、B、C`, `下设D`), the
    count, when stated, matching the names; the rest of a paragraph that states them, or that
    stands under the 机构 heading, is 机构's 说明, and the rest of a paragraph stating the staff
    is 人员's 说明 (clauses of figures left out)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff、：:])\s+(?=[\u4e00-\u9fff])", "", text)
    listed = False
    for found in _UNIT_LIST.finditer(text):
        key = _UNITS[found["kind"]]
        names = [_RANK.sub("", n) for n in found["list"].split("、")]
        count = found["count"]
        stated = None
        if count:
            stated = int(count) if count.isdigit() else _counted(count)
        if not all(_UNIT_END.search(n) for n in names) or (stated and stated != len(names)):
            continue
        listed = True
        old = reading.narrative.get(key)
        if old is not None and [p.value for p in old] != names:
            why = f"与{old[0].where}读到的{key}不同" if old else f"与已读到的{key}不同"
            reading.unplaced.append(Unplaced(block.where, found[0], why))
        elif old is None:
            reading.narrative[key] = [Placed(n, block.where, found[0]) for n in names]
        text = text[: found.start()] + "\0" * (found.end() - found.start()) + text[found.end() :]
    for found in _NO_UNITS.finditer(text):
        listed = True
        reading.narrative.setdefault("内设机构" if "内设" in found[0] else "下属单位", [])
        text = text[: found.start()] + "\0" * (found.end() - found.start()) + text[found.end() :]
    staff = any(p.search(text) for p in (_IN_SERVICE, _RETIRED, _POSTS))
    if listed:
        key = "机构说明"
    elif staff and topic in ("人员", "机构", "概况"):
        key = "人员说明"  # what the paragraph stating the staff says besides their numbers
    elif topic == "机构":
        key = "机构说明"
    else:
        return
    notes = reading.narrative.setdefault(key, [])
    said = {c for p in notes for c in re.split(r"[，,；;。]", str(p.value))}
    for sentence in _sentences(_NUMBERING.sub("", text, count=1)):
        clauses = []
        for clause in re.split(r"[，,；;。]", sentence):
            clause = clause.strip()
            if (
                not clause
                or "\0" in clause
                or _PEOPLE_COUNT.search(clause)
                or figures(clause)
                or _DATE_ONLY.match(clause)
                or clause in said
            ):
                continue
            clauses.append(clause)
            said.add(clause)
        kept = "，".join(clauses)
        if len(re.sub(r"\W", "", kept)) > 8:
            notes.append(Placed(kept + "。", block.where, block.text))
    if not notes:
        del reading.narrative[key]


# --- figures ------------------------------------------------------------------------------------

_DELIMITERS = "，,；;。：:（）()"
_NOISE = re.compile(
    r"^(?:其中|包括|主要|分别|含|即|另|全年|本年度?|本级|本单位|我单位|单位|实际|年末|截至\S*?月|合计|总计|共计?|"
    r"财政安排|20\d\d\s*年度?|[（(]?\d+[)）]|[“”\"]|\s)+"
)
_TAIL = re.compile(r"(?:全年|本年度?|为|是|达|共计?|合计|总计|完成|执行|开支|支出数|金额|数)+\s*$")
# The words before a figure that only say which of its item's figures it is
_KIND_OF_FIGURE = re.compile(
    r"(?:全年|本年度?|年初|实际)?(?:预算|执行|决算|支出|实际支出)(?:数|金额)?(?:为|是|达)?"
)
_LAST_YEAR = re.compile(r"(?:比|较)(?:上年|上年度|去年|上一年)(?:同期)?(?:支出)?")
_BUDGET = re.compile(r"(?:比|较)(?:年初)?预算(?:支出|数)?")


# A total's key → the listing its `其中` opens
_LISTING = {"基本支出": "明细", "项目支出": "项目", "整体": "整体", "三公": "三公",
            "政府采购": "政府采购", "专项资金": "专项资金"}  # fmt: skip
# a bracketed part of a name (`困难职工帮扶（一期）`, `因公出国（境）费`): not a delimiter
_IN_NAME = re.compile(r"(?<=[\u4e00-\u9fff])[（(]([^（）()，,。；;：:\d]{1,6})[)）]")
_GROWTH = re.compile(r"\s*(?:同比)?(?:增长|增加|上升|下降|减少|降低)了?\s*")


@dataclass
class _Subject:
    label: str
    key: str | None
    figure: Figure
    block: Block
    words: str = ""  # the words before the figure, which say whether it is a budget


def _clean(label: str) -> str:
    label = _NOISE.sub("", label.strip().lstrip("、"))
    label = _TAIL.sub("", label)
    return label.strip(' ：:“”"')


def _figures(text: str, block: Block, topic: str | None, reading: Reading) -> None:
    """Each figure in the paragraph, by the words before it."""
    text = _IN_NAME.sub(r"〔\1〕", text)
    found = figures(text)
    if not found:
        return
    subject: _Subject | None = None
    lead = ""  # a paragraph's subject before its `其中` list (基本支出: 总计…, 其中…)
    listing = topic
    previous_end = 0
    changed = False  # the figure before was a change on last year
    for figure in found:
        before = text[previous_end : figure.start]
        cut = max((before.rfind(d) for d in _DELIMITERS), default=-1)
        clause = before[cut + 1 :]
        wider = text[max(0, figure.start - 30) : figure.start]
        previous_end = figure.end
        words = text[max(0, figure.start - 24) : figure.end]
        if ("其中" in before or "包括" in before) and (
            subject is not None and subject.key in _LISTING
        ):
            listing = _LISTING[subject.key]
        said = _dated(clause if clause.strip() else wider, reading.year)
        relation = _relation(said, figure)
        if relation is None and figure.unit == "%" and changed and _GROWTH.fullmatch(said):
            # `比上年增加1.00万元，增长1.01%`: the rate of the change just stated
            relation = ("上年率", -1 if any(w in said for w in SIGN_DOWN) else 1)
        changed = relation is not None and relation[0] == "上年差"
        if relation is not None:
            if subject is None or figure.unit == "%" and relation[0] in ("上年差", "预算差"):
                reading.unplaced.append(Unplaced(block.where, words, "不知道是哪一项的数"))
                continue
            # `公务接待费0.15万元。“三公”经费预算较上年减少1.20万元`: the change is the clause's own
            # subject's (here the 三公 total), not the figure's before it
            named = _clean(re.split(r"[比较]", clause)[0]) if re.search(r"[比较]", clause) else ""
            own = _place(named, listing, lead, text, _known(reading)) if named else None
            if own is not None and own != subject.key:
                said_of = re.sub(r"[“”\"]", "", named)
                why = f"增减说的是“{said_of}”，不是前面的“{subject.label}”，不能确定是哪一项的数"
                reading.unplaced.append(Unplaced(block.where, words, why))
                continue
            _related(relation, subject, figure, reading, words)
            continue
        if figure.unit == "%":
            reading.claims.append(
                ("率", subject.label if subject else "", figure.value, block.where, words)
            )
            continue
        kind = _KIND_OF_FIGURE.fullmatch(re.sub(r"\s", "", clause))
        if kind and subject is not None and subject.key and subject.block is block:
            # `部门整体支出140.50万元，全年预算150.00万元`: the same item's budget (or actual)
            field_name = "预算" if "预算" in kind[0] else "执行"
            same = _Subject(subject.label, subject.key, figure, block, clause)
            _store(same, reading, words, field_name)
            if field_name == "执行":  # a change after it is the actual's, not the budget's
                subject = same
            continue
        label = _clean(clause)
        if (not label or _KIND_OF_FIGURE.fullmatch(label)) and cut >= 0:
            # `基本支出:总计149.35万元`, `会议费：2023年度支出0.00万元`
            label = _clean(re.split(f"[{_DELIMITERS}]", before[:cut])[-1])
        if not label and cut < 0 and subject is None and topic in ("基本支出", "项目支出"):
            label = topic  # `基本支出：总计149.35万元`, its lead taken as the paragraph's topic
        label = label.replace("〔", "（").replace("〕", "）")
        key = _place(label, listing, lead, text, _known(reading))
        # the words before the figure in its sentence (not the sentence before: `预算3.50万元；公务接待费`)
        subject = _Subject(label, key, figure, block, re.split(r"[；;。]", before)[-1])
        if key in ("基本支出", "项目支出", "整体", "三公"):
            lead = key
        elif key and key.startswith("明细:"):
            lead = "基本支出"
        _store(subject, reading, words, "预算" if _budget_words(clause) else None)
    _none_stated(text, block, reading)


def _none_stated(text: str, block: Block, reading: Reading) -> None:
    """`无公务用车购置及运行费` in a 三公 sentence: 0 for that line (预算 when the sentence is about
    the budget); a 三公 total of 0 `与上年持平`: every line was 0 last year too."""
    if "三公" not in text:
        return
    field_name = "预算" if re.search(r"预算数?(?:总额)?为", text) else "执行"
    for words, key in THREE_PUBLIC.items():
        if re.search(f"无{words}", text):
            reading.put(f"支出.三公经费.{key}.{field_name}", Decimal(0), block.where, f"无{words}")
    if re.search(r"总额为?0万?元.*与上年持平", text):
        for key in set(THREE_PUBLIC.values()):
            reading.put(f"支出.三公经费.{key}.上年", Decimal(0), block.where, text[:40])


def _dated(clause: str, year: int | None) -> str:
    """`比2022年减少` in a 2023 report as `比上年减少`."""
    if year is None:
        return clause
    return re.sub(rf"(?<=[比较]){year - 1}\s*年度?", "上年", clause)


def _budget_words(words: str) -> bool:
    """Words before a figure that make it a budget (`预算0.15万元`), not an actual."""
    return "年初预算" in words or ("预算" in words and "完成" not in words and "决算" not in words)


def _relation(clause: str, figure: Figure) -> tuple[str, int] | None:
    """How a figure relates to the subject before it: a change on last year or budget, a rate."""
    sign = -1 if any(w in clause for w in SIGN_DOWN) else 1
    if figure.unit == "%":
        if "预算" in clause or "执行率" in clause:
            return ("执行率", 1)
        if _LAST_YEAR.search(clause) and re.search("增|减|降|升", clause):
            return ("上年率", sign)
        if "占" in clause:
            return (_share_of(clause), 1)
        return None
    if _LAST_YEAR.search(clause) and re.search("增|减|降|升|持平", clause):
        return ("上年差", sign)
    if _BUDGET.search(clause) and re.search("增|减|降|超|节", clause):
        return ("预算差", sign)
    if re.fullmatch(r"\s*上年(?:度|数)?(?:为|是)?\s*", clause):
        return ("上年", 1)
    return None


def _share_of(clause: str) -> str:
    """A share's kind by the base its words name: `占基本支出的` is of the 基本支出 (占比:基本支出),
    `占整体支出的`, `占总支出` or a bare `占` of the whole (占比); another base (`占政府采购支出总额
    的`) is 占比:其他, which genreport does not compute."""
    base = re.sub(r"[“”\"\s]", "", clause[clause.rfind("占") + 1 :])
    base = re.sub(r"(?:的)?(?:比例|比重)?(?:为|达)?$", "", base).removesuffix("的")
    if not base or re.fullmatch(
        r"(?:部门)?(?:整体支出|总支出|年度支出总额|支出总额|支出合计)", base
    ):
        return "占比"
    if re.fullmatch(r"政府采购(?:支出)?(?:总额|合计|金额)?", base):
        return "占比:政府采购"
    for name in ("基本支出", "项目支出", "三公"):
        if re.fullmatch(f"(?:部门)?{name}(?:经费)?(?:总额|合计)?", base):
            return f"占比:{name}"
    return "占比:其他"


_KEY_OF = {"明细": "支出.基本支出.明细", "基本支出": "支出.基本支出", "项目支出": "支出.项目支出"}


def _place(
    label: str, listing: str | None, lead: str, text: str, known: Container[str] = ()
) -> str | None:
    """The contract key a figure's words name, or None."""
    if not label:
        return None
    inside = re.match(
        r".*基本支出(?:中|包括|的)?(?P<name>[\u4e00-\u9fff]{2,10}(?:经费|支出))$", label
    )
    if inside:
        return f"明细:{inside['name']}"
    if len(label) > 20:
        return None
    if re.fullmatch(r"专项资金(?:支出)?(?:总额|合计)?", label):
        return "专项资金"
    if re.search(r"基本支出", label) and "其中" not in label:
        return "基本支出"
    if re.search(r"项目(?:资金)?(?:总)?支出|专项支出", label):
        return "项目支出"
    if re.search(r"收入", label) and re.search(r"总额|合计|总计|本级|全年", label + text[:20]):
        return "收支总额.收入"
    if re.fullmatch(r".*支出总额", label) and "收入" in text or label.endswith("全部资金支出"):
        return "收支总额.支出"
    if re.search(r"结转(?:和|及)?结余", label):
        return "收支总额.结转结余"
    if "政府采购" in label or "授予" in label or listing == "政府采购":
        for words, key in PROCUREMENT:
            if words in label:
                return f"支出.政府采购.{key}"
        return "政府采购" if "政府采购" in label else None
    if re.search(r"整体支出|支出合计|支出总额|总支出", label) and "财政拨款" not in label:
        return "整体"
    if "三公" in label:
        return "三公"
    if "财政拨款" in label:
        return "支出.资金来源.财政拨款"
    for words, key in THREE_PUBLIC.items():
        if words in label:
            return f"支出.三公经费.{key}"
    if "会议费" in label:
        return "支出.会议费"
    if "培训费" in label:
        return "支出.培训费"
    name = _detail_name(label)
    if name and f"支出.基本支出.明细.{name}.执行" in known:
        return f"明细:{name}"
    if (
        name and f"项目:{project_key(name)}" in known
    ):  # a project named again (`困难职工帮扶全年执行28.50万元`)
        return f"项目:{name}"
    if listing in ("明细", "基本支出") and name:
        return f"明细:{name}"
    if listing in ("项目支出", "项目") and name:
        return f"项目:{name}"
    if listing == "专项资金" and name:
        return f"专项:{name}"
    for function in FUNCTIONS:
        if label.endswith(function) and function != "其他支出":
            return f"支出.功能分类.{function}"
    if label == "其他支出" and (listing == "整体" or "功能分类" in text):
        return "支出.功能分类.其他支出"
    if name and (name.endswith("经费") or name.endswith("支出")) and lead == "基本支出":
        return f"明细:{name}"
    return None


def _known(reading: Reading) -> set[str]:
    """The keys read so far, and each project as `项目:名称`."""
    names = {
        f"项目:{project_key(str(n.value))}"
        for i in reading.items.get("项目", [])
        if isinstance(n := i.get("名称"), Placed)
    }
    return set(reading.values) | names


def _detail_name(label: str) -> str | None:
    name = re.sub(r"^(?:单位|部门)", "", label).strip()
    name = re.sub(r"^(?:用于|主要用于|其中)", "", name)
    name = re.sub(r"(?<=经费)(?:决算)?支出$|决算支出$|决算$", "", name)
    name = SYNONYMS.get(name, name)
    if re.fullmatch(r"(?:年初|全年|本年|上年)?(?:预算|执行|决算|实际支出)数?", name):
        return None  # a figure's kind (全年预算50万元), never the name of a line or project
    if re.search(r"收入|总支出|总额|合计", name):
        return None  # a total (`项目资金总收入`), never one line
    if not re.fullmatch(r"[\u4e00-\u9fff、（）()]{2,16}", name):
        return None
    if re.search(r"慰问|帮扶|资金$|活动|发放", name) and not name.endswith(("费", "经费", "支出")):
        return name if not re.search(r"慰问金|物资", name) else None
    return name


def _store(subject: _Subject, reading: Reading, words: str, field_name: str | None = None) -> None:
    """Place the subject's figure; `field_name` (预算 or 执行), when its words say which."""
    key, value, where = subject.key, subject.figure.value, subject.block.where
    if key is None:
        reading.unplaced.append(Unplaced(where, words, "没有对应的字段"))
    elif key in ("基本支出", "项目支出", "整体", "三公") and field_name == "预算":
        if key == "三公":  # the total of the lines' 预算
            reading.claims.append(("合计", "三公.预算", value, where, words))
        else:
            reading.put(f"{_KEY_OF.get(key, '支出')}.预算", value, where, words)
    elif key in ("基本支出", "项目支出", "整体", "三公", "政府采购", "专项资金"):
        reading.claims.append(("合计", key, value, where, words))
    elif key.startswith(("项目:", "专项:")) and (
        field_name is not None or f"项目:{project_key(key[3:])}" in _known(reading)
    ):
        field_name = field_name or "执行"
        which = "项目" if key.startswith("项目") else "专项资金"
        named = [i for i in reading.items.get(which, []) if is_named(i, key[3:])]
        if not named:
            item: Item = {"名称": Placed(key[3:], where, words)}
            add_project(reading, which, item)
            named = [item]
        old = named[-1].get(field_name)
        if isinstance(old, Placed) and old.amount != value:
            why = f"与{old.where}的{key[3:]}{field_name}={old.value}不一致"
            reading.unplaced.append(Unplaced(where, words, why))
        elif old is None:
            named[-1][field_name] = Placed(tidy(value), where, words)
    elif key.startswith("明细:") and field_name is not None:
        reading.put(f"支出.基本支出.明细.{key[3:]}.{field_name}", value, where, words)
    elif key.startswith("支出.") and field_name is not None and not key.endswith("结转结余"):
        reading.put(f"{key}.{field_name}", value, where, words)
    elif key.startswith("明细:"):
        _line_item(reading, f"支出.基本支出.明细.{key[3:]}", value, where, words)
    elif key.startswith(("项目:", "专项:")):
        which = "项目" if key.startswith("项目") else "专项资金"
        item = {"名称": Placed(key[3:], where, words), "执行": Placed(value, where, words)}
        add_project(reading, which, item)
    elif key.startswith("收支总额.") and key != "收支总额.结转结余":
        _line_item(reading, key, value, where, words)
    else:
        _line_item(reading, key, value, where, words)


def project_key(name: str) -> str:
    """A project's name as matched: without spaces and quotes, full-width letters, digits and
    brackets as half-width (`“送温暖”活动（一期）` and `送温暖活动(一期)` are one project)."""
    name = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s“”‘’\"'「」『』]", "", name)


def is_named(item: Item, name: str) -> bool:
    """Whether `item` is the project named `name` (as `project_key` matches names)."""
    placed = item.get("名称")
    return isinstance(placed, Placed) and project_key(str(placed.value)) == project_key(name)


def add_project(reading: Reading, which: str, item: Item) -> None:
    """A new project (or 专项资金) into the reading; a name that looks like one read before but is
    not the same (`送温暖活动`, `送温暖慰问活动`) is said in 待核对, the two kept apart."""
    name = item["名称"]
    assert isinstance(name, Placed)
    alike = [
        str(other.value)
        for i in reading.items.get(which, [])
        if isinstance(other := i.get("名称"), Placed) and _alike(str(other.value), str(name.value))
    ]
    if alike:
        why = (
            f"项目名称与“{'”“'.join(alike)}”相近但不相同，已按两个项目导入；"
            "是同一项目的，请改成同一名称"
        )
        reading.unplaced.append(Unplaced(name.where, name.words, why))
    reading.items.setdefault(which, []).append(item)


def _alike(one: str, other: str) -> bool:
    """Two names that differ in a character or two, or one holding the other: never matched."""
    a, b = project_key(one), project_key(other)
    if a == b or min(len(a), len(b)) < 2:
        return False
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.8


def _line_item(reading: Reading, path: str, value: Decimal, where: str, words: str) -> None:
    full = (
        path
        if path.endswith("结转结余") or path.startswith(("支出.资金来源.", "支出.政府采购."))
        else f"{path}.执行"
    )
    if path.endswith("结转结余"):
        full = path
    if _budget_words(re.split(r"[；;。]", words)[-1]):  # not a 预算 the clause before names
        full = full.removesuffix(".执行") + ".预算" if full.endswith(".执行") else full
    reading.put(full if "." in full else path, value, where, words)


def _related(
    relation: tuple[str, int], subject: _Subject, figure: Figure, reading: Reading, words: str
) -> None:
    kind, sign = relation
    key = subject.key
    base = subject.figure.value
    where = subject.block.where
    if key is None:
        reading.unplaced.append(Unplaced(where, words, "不知道是哪一项的数"))
        return
    path = {
        "基本支出": "支出.基本支出",
        "项目支出": "支出.项目支出",
    }.get(key, key)
    if key.startswith("明细:"):
        path = f"支出.基本支出.明细.{key[3:]}"
    if kind in ("上年差", "预算差", "上年"):
        other = figure.value if kind == "上年" else base - sign * figure.value
        if other < 0:
            reading.unplaced.append(Unplaced(where, words, "推算出的数为负"))
            return
        field_name = "上年" if kind != "预算差" else "预算"
        if _budget_words(subject.words) and not key.startswith(("项目:", "专项:")):
            if kind == "预算差":  # a budget's change on the budget: no figure of the contract
                reading.unplaced.append(Unplaced(where, words, "不知道是哪一项的数"))
                return
            field_name = "上年预算"  # a budget's change on last year is on last year's budget
        if key in ("三公", "整体"):  # the total of the parts' 上年 (or 上年预算), compared
            reading.claims.append(("合计", f"{key}.{field_name}", other, where, words))
            return
        if key.startswith("项目:") and field_name in ("上年", "预算"):  # compared with the table's
            reading.claims.append((field_name, key, other, where, words))
            return
        if key == "整体" or key.startswith(("项目:", "专项:")):
            reading.unplaced.append(Unplaced(where, words, f"{field_name}：{other}（由原文推算）"))
            return
        reading.put(f"{path}.{field_name}", other, where, words)
        return
    if kind in ("执行率", "上年率") and path.startswith("收支总额."):
        rate = figure.value / 100
        field_name = "预算" if kind == "执行率" else "上年"
        divisor = rate if kind == "执行率" else 1 + sign * rate
        if divisor > 0:
            derived = (base / divisor).quantize(CENT, ROUND_HALF_UP)
            reading.put(f"{path}.{field_name}", derived, where, words)
            return
    stated = -figure.value if kind == "上年率" and sign < 0 else figure.value
    if kind == "上年率" and _budget_words(subject.words):  # a budget's change on last year's
        kind = "上年率:预算"
    reading.claims.append((kind, key, stated, where, words))


# --- tables -------------------------------------------------------------------------------------

_COLUMNS = (
    ("上年", ("上年决算", "上年执行", "上年数", "上年")),
    ("预算", ("本年预算", "全年预算", "预算数", "年初预算", "预算")),
    ("执行", ("本年决算", "全年执行", "执行数", "决算数", "实际支出", "决算", "执行")),
)
# The 自评表's columns, by the words of their header (any order)
_SCORE_COLUMNS = (
    ("一级", ("一级",)),
    ("二级", ("二级",)),
    ("三级", ("三级",)),
    ("指标值", ("指标值",)),
    ("完成值", ("完成值", "完成情况", "实际完成")),
    ("分值", ("分值",)),
    ("得分", ("得分",)),
    ("偏差原因", ("偏差", "原因")),
)
_WEIGHT = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]?\s*$")


@dataclass
class ScoreRow:
    """One 三级指标 of a 自评表: the 一级 and 二级 it stands under, and its own keys."""

    first: str
    second: str
    second_weight: Decimal | None
    keys: dict[str, Placed]


def _column(cell: str, year: int | None) -> str | None:
    """上年, 预算 or 执行: a money column by its header (`上年决算数`, `2022年预算数`)."""
    cell = re.sub(r"\s", "", normalize(cell))
    if len(cell) > 12 or "率" in cell:
        return None
    dated = re.match(r"(20\d\d)年(?:度)?(.*)", cell)
    if dated and year is not None:
        if int(dated[1]) == year - 1 and "决算" in dated[2]:
            return "上年"
        if int(dated[1]) != year:
            return None
        cell = dated[2]
    return next((f for f, names in _COLUMNS if any(w in cell for w in names)), None)


def _table_row(block: Block, reading: Reading) -> None:
    """A row of a table: a header names its columns (by words, any order); a row below it is
    placed by its label (a money table) or read as a 三级指标 (a 自评表)."""
    if block.table != reading.table:
        reading.table, reading.columns, reading.section = block.table, {}, ""
    cells = [re.sub(r"\s", "", normalize(c)) for c in block.cells]
    scoring = {
        i: name
        for i, cell in enumerate(cells)
        for name, words in _SCORE_COLUMNS
        if any(w in cell for w in words) and len(cell) <= 12
    }
    if {"一级", "三级", "得分"} <= set(scoring.values()):
        reading.columns = scoring
        return
    published = {i: name for i, cell in enumerate(cells) if (name := _disclosure_column(cell))}
    if "网址" in published.values() and "是否公开" in published.values():
        reading.columns = published
        return
    if "是否公开" in reading.columns.values():
        _disclosure_row(block, reading)
        return
    goals = {
        i: f"绩效目标.{c}" for i, c in enumerate(cells) if c in ("年初设定目标", "全年完成情况")
    }
    if len(goals) == 2:
        reading.columns = goals
        return
    if any(f.startswith("绩效目标.") for f in reading.columns.values()):
        for i, path in reading.columns.items():
            if i < len(block.cells) and block.cells[i].strip():
                reading.put(path, block.cells[i].strip(), block.where, block.cells[i])
        return
    money = {i: f for i, cell in enumerate(block.cells) if (f := _column(cell, reading.year))}
    scoring_rows = "三级" in reading.columns.values()  # `预算执行管理（20）` … `未全部执行`: a row
    if len(money) >= 2 and len(set(money.values())) == len(money) and not scoring_rows:
        reading.columns = money
        return
    if "三级" in reading.columns.values():
        _score_row(block, cells, reading)
    elif reading.columns:
        _money_row(block, reading)


# The 绩效自评公开网址统计表's columns, by the words of their header
DISCLOSURE = (
    ("单位名称", ("单位名称",)),
    ("是否公开", ("是否公开", "是/否", "是否")),
    ("网址", ("网址",)),
    ("联系人", ("联系人",)),
    ("联系电话", ("电话",)),
    ("备注", ("备注",)),
)


def _disclosure_column(cell: str) -> str | None:
    return next((k for k, words in DISCLOSURE if any(w in cell for w in words)), None)


def _disclosure_row(block: Block, reading: Reading) -> None:
    """The union's row of the 公开网址统计表: placed only when its cells are what their columns
    hold (the union's name under 单位名称, 是 or 否, a telephone number), since a blank cell
    the text does not show could have moved the cells after it."""
    row = {
        name: block.cells[i].strip() for i, name in reading.columns.items() if i < len(block.cells)
    }
    fits = (
        row.get("单位名称", reading.name) == reading.name
        and row.get("是否公开") in ("是", "否")
        and re.fullmatch(r"[\d\-－—() （）转]{7,}|", row.get("联系电话", "")) is not None
        and re.fullmatch(r"[\u4e00-\u9fff·]{2,5}|", row.get("联系人", "")) is not None
    )
    if not fits:
        reading.unplaced.append(
            Unplaced(block.where, block.text, "公开网址统计表的一行，各栏对不上")
        )
        return
    for name, value in row.items():
        if value and name != "单位名称":
            reading.put(f"公开.{name}", value, block.where, block.text)


def _score_row(block: Block, cells: list[str], reading: Reading) -> None:
    """A 自评表 row: `预算编审管理（3）` gives the 二级 its 分值 when its 三级 states none."""
    text = {name: cells[i] for i, name in reading.columns.items() if i < len(cells)}
    if not text.get("三级") or re.match(r"总分|合计|评价等级|等级", cells[0] if cells else ""):
        return  # 总分, 评价等级: computed by genreport
    second = _WEIGHT.sub("", text.get("二级", ""))
    weight = _WEIGHT.search(text.get("二级", ""))
    name = text.get("三级", "")
    own = _WEIGHT.search(name)
    keys: dict[str, Placed] = {"名称": Placed(_WEIGHT.sub("", name), block.where, block.text)}
    stated = Decimal(own[1]) if own else None
    if text.get("分值"):
        stated = amount(text["分值"])
    if stated is None and weight:
        stated = Decimal(weight[1])
    if stated is not None:
        keys["分值"] = Placed(tidy(stated), block.where, block.text)
    for field_name in ("指标值", "完成值", "偏差原因"):
        if text.get(field_name):
            keys[field_name] = Placed(text[field_name], block.where, block.text)
    score = amount(text.get("得分", ""))
    if score is not None:
        keys["得分"] = Placed(score, block.where, block.text)
    first = re.sub(r"指标$", "指标", text.get("一级", ""))
    reading.scores.append(ScoreRow(first, second, Decimal(weight[1]) if weight else None, keys))


_CAR_SPLIT = {"公车购置": "公务用车购置", "公务用车购置": "公务用车购置", "公车运行维护": "公务用车运行维护",
              "公务用车运行维护": "公务用车运行维护", "公务用车运行维护费": "公务用车运行维护"}  # fmt: skip


def _money_row(block: Block, reading: Reading) -> None:
    """A row of a money table (the 基础数据表, the 自评表's 资金 table): by its label, in the
    section the rows above it opened (基本支出, 项目支出, 三公)."""
    label = next((c for c in block.cells if c and amount(c) is None and not c.endswith("%")), "")
    label = re.sub(r"\s", "", normalize(label))
    label = _NUMBERING.sub("", label)
    label = re.sub(r"^.*[：:]|^[（(]?\d+[)）]|[（(](?:万元|元|人)[)）]$", "", label)
    if not label:
        return
    values = {
        f: v
        for i, f in reading.columns.items()
        if i < len(block.cells) and (v := amount(block.cells[i])) is not None
    }
    words = f"{label}（{'、'.join(block.cells[1:])}）"
    if re.match(r"编制数?$|编制人数", label) or re.match(r"(?:实际)?在职人数", label):
        staff = "编制" if label.startswith("编制") else "在职"
        if "执行" in values:
            reading.put(f"概况.人员.{staff}", int(values["执行"]), block.where, words)
        return
    if "控制率" in label:
        return
    if re.fullmatch(r"合计|总计", label):
        label = "部门整体支出合计"
    if label == "其他资金" and not values:
        blank = Unplaced(block.where, f"{label}（空白）", "")
        reading.blanks.append(("支出.资金来源.其他资金", blank))
        return
    if label == "其他资金":
        for field_name, value in values.items():
            cell = f"{label}（{field_name}：{value}）"
            reading.put(f"支出.资金来源.其他资金.{field_name}", value, block.where, cell)
        return
    key: str | None = _place(label, reading.section or None, "", "")
    if key in ("基本支出", "项目支出", "三公"):
        reading.section = {"基本支出": "明细", "项目支出": "项目", "三公": "三公"}[key]
    if re.search(r"运行维护经费", label):
        key = None
    elif label in _CAR_SPLIT:  # the two lines of 公务用车购置及运行维护费
        key = f"支出.三公经费.{_CAR_SPLIT[label]}"
    elif reading.section == "三公" and key not in ("三公", "政府采购"):
        key = next((f"支出.三公经费.{k}" for w, k in THREE_PUBLIC.items() if w in label), None)
    if label == "政府采购金额" and values and set(values.values()) == {Decimal(0)}:
        for _, part in PROCUREMENT[2:]:
            reading.put(f"支出.政府采购.{part}", Decimal(0), block.where, words)
        return
    for field_name, value in values.items():
        cell = f"{label}（{field_name}：{value}）"
        if key == "整体" and field_name != "执行":
            reading.put(f"支出.{field_name}", value, block.where, cell)
        elif key in ("基本支出", "项目支出") and field_name != "执行":
            reading.put(f"{_KEY_OF[key]}.{field_name}", value, block.where, cell)
        elif key == "三公" and field_name != "执行":  # the total of the parts' 预算 or 上年
            reading.claims.append(("合计", f"三公.{field_name}", value, block.where, cell))
        elif key in ("基本支出", "项目支出", "整体", "三公") or (
            key == "政府采购" and field_name == "执行"
        ):
            reading.claims.append(("合计", key, value, block.where, cell))
            if key == "基本支出":
                reading.basic_total = Placed(value, block.where, cell)
        elif key and key.startswith("明细:"):
            path = f"支出.基本支出.明细.{key[3:]}"
            reading.put(f"{path}.{field_name}", value, block.where, cell)
        elif key and key.startswith("项目:"):
            _project_figure(reading, key[3:], field_name, value, block.where, cell)
        elif key and key.startswith("支出.") and not key.startswith("支出.功能分类"):
            reading.put(f"{key}.{field_name}", value, block.where, cell)
        else:
            reading.unplaced.append(Unplaced(block.where, cell, "没有对应的字段"))


def _project_figure(
    reading: Reading, name: str, field_name: str, value: Decimal, where: str, words: str
) -> None:
    """One figure of a project named in a table row (its row's figures make one project)."""
    projects = reading.items.setdefault("项目", [])
    item = next((i for i in projects if is_named(i, name)), None)
    if item is None:
        item = {"名称": Placed(name, where, words)}
        add_project(reading, "项目", item)
    item[field_name] = Placed(value, where, words)


# --- staff --------------------------------------------------------------------------------------

_PEOPLE = r"(?:为|共|有|共有)?(\d+)\s*(?:人|名)"
_IN_SERVICE = re.compile(r"(?:在职(?:人员|人数|职工)?|共有职工|职工总数)" + _PEOPLE)
_RETIRED = re.compile(r"(?:离退休|退休)(?:人员|人数)?" + _PEOPLE)
_POSTS = re.compile(r"编制(?:数|人数)?" + r"(?:为|共|有)?(\d+)\s*(?:人|名|个)")
_SPLIT = re.compile(r"其中[：:]?(?P<list>[^。（(]*)")


def _staff(text: str, block: Block, reading: Reading) -> None:
    """编制, 在职, 退休 and the 在职构成 list after `其中`, when it adds up to 在职."""
    in_service = _IN_SERVICE.search(text)
    listed = _SPLIT.search(text[in_service.end() :]) if in_service else None
    outside = text
    if listed and in_service:
        start = in_service.end() + listed.start()
        outside = text[:start] + text[in_service.end() + listed.end() :]
    for pattern, key in ((_IN_SERVICE, "在职"), (_RETIRED, "退休"), (_POSTS, "编制")):
        found = pattern.search(text if key == "退休" else outside)
        if found:
            reading.put(f"概况.人员.{key}", int(found[1]), block.where, found[0])
    if in_service or _RETIRED.search(text):
        _others(text, block, reading)
    if not listed or not in_service:
        return
    parts = re.findall(r"([\u4e00-\u9fff]{2,20}?)" + _PEOPLE, listed["list"])
    parts = [(name, int(n)) for name, n in parts if "退休" not in name and "在职" not in name]
    if parts and sum(n for _, n in parts) == int(in_service[1]):
        for name, n in parts:
            reading.put(f"概况.人员.在职构成.{name}", n, block.where, listed[0])
    elif parts:
        reading.unplaced.append(Unplaced(block.where, listed[0], "各项人数之和与在职人数不符"))


# `工会社会化工作者3人`: a clause counting people of a kind of its own; the kind ends as people's
# kinds do (…者, …人员, 遗属, 职工…)
_OTHER = re.compile(
    r"^(?:另有|另外|另|还有|此外|以及|及|和)?(?P<name>[\u4e00-\u9fff]{1,14}?(?:者|员|属|工))"
    r"(?:为|共|有|共有)?(?P<count>\d+)\s*(?:人|名)$"
)
_COUNTED_ALREADY = re.compile(r"在职|退休|离休|编制|其中|含|包括|共|合计|总|全部|实有")
_CLAUSE = re.compile(r"[，,；;。](?![^（(]*[)）])")  # a clause's end, outside brackets


def _others(text: str, block: Block, reading: Reading) -> None:
    """其他人员 in the paragraph stating the staff: a clause of its own counting people of a
    kind (`…共有财政全额拨款人员6人（其中在职4人、退休2人），工会社会化工作者3人。`), outside
    any `其中`/`含` breakdown (those are 在职构成 or parts of a total) and naming no 在职, 退休,
    编制 or total."""
    for sentence in _sentences(text):
        for clause in _CLAUSE.split(sentence):
            clause = clause.strip()
            if re.match(r"其中|含|包括", clause):
                break  # the rest of the sentence breaks a figure down
            found = _OTHER.match(clause)
            if found and not _COUNTED_ALREADY.search(found["name"]):
                key = f"概况.人员.其他人员.{found['name']}"
                reading.put(key, int(found["count"]), block.where, clause)
