"""A union's whole submission (its four documents), and the tables in it: the 基础数据表 and the
项目支出绩效自评表 from the same figures as the report, tables that print (rows never split,
headers repeat), and PDFs made by one LibreOffice run."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

import genreport.output.pdf as pdf_module
from genreport.cli.app import main
from genreport.pipeline import check_union
from genreport.workspace import (
    BASIC_DATA,
    PROJECT_TABLES,
    REPORT,
    SCORING_TABLE,
    Workspace,
    twin_path,
)
from libreoffice import LaidOut, body_text, needs_libreoffice, read_pdf
from test_render import make_project

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"
NAME = "示例区总工会"
ALL = (REPORT, SCORING_TABLE, BASIC_DATA, PROJECT_TABLES)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def submission(root: Path, text: str | None = None) -> Path:
    """A project holding only the made-up union with every part of the submission."""
    path = root / "data" / "2023" / f"{NAME}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text or FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def twin(root: Path, document: str) -> list[str]:
    path = twin_path(Workspace(root).document_path(2023, NAME, document))
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("submission")
    submission(root)
    result = run("2023", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root


def test_a_union_with_projects_and_signatures_gets_four_documents(rendered):
    for document in ALL:
        assert Workspace(rendered).document_path(2023, NAME, document).is_file()
        assert twin_path(Workspace(rendered).document_path(2023, NAME, document)).is_file()


def test_the_basic_data_table_states_the_reports_figures(rendered):
    lines = twin(rendered, BASIC_DATA)
    for row in [
        "| 项目 | 2022年决算数 | 2023年预算数 | 2023年决算数 |",
        "| 编制数（人） |  | 8 | 8 |",
        "| 实际在职人数（人） |  |  | 7 |",
        "| 控制率（在职人数÷编制数） |  |  | 87.50% |",
        # 项目支出's 上年 is unknown (职工文体活动 has none), so is the whole's
        "| 部门整体支出（万元） |  | 150.00 | 140.50 |",
        "| 1．基本支出 | 99.00 | 100.00 | 100.00 |",
        "| 其中：公用经费 | 21.00 | 18.00 | 20.00 |",
        "| 2．项目支出 |  | 50.00 | 40.50 |",
        "| 其中：运行维护经费 |  |  |  |",
        "| 困难职工帮扶 | 26.00 | 30.00 | 28.50 |",
        "| 职工文体活动 |  | 20.00 | 12.00 |",
        "| 公务用车购置和维护经费 | 3.60 | 3.50 | 3.20 |",
        "| 其中：公车购置 |  |  | 0.00 |",
        "| 公车运行维护 | 3.60 | 3.50 | 3.20 |",
        "| 出国经费 |  |  | 0.00 |",
        "| 公务接待 | 0.90 | 1.00 | 0.80 |",
        "| 4．政府采购金额 |  |  | 8.00 |",
        "| 1200.00 | 1180.00 | 98.33% | 500.00 | 492.50 | 98.50% |",
        "单位负责人签字：张三　　填表人：李四　　联系电话：0731-12345678　　填报日期：2024年3月15日",
    ]:
        assert row in lines, row
    report = "\n".join(twin(rendered, REPORT))
    assert "基本支出100.00万元，占整体支出的71.17%" in report  # the same 100.00 and 140.50


def test_each_project_with_indicators_gets_its_table(rendered):
    lines = twin(rendered, PROJECT_TABLES)
    for row in [
        "| 项目名称 | 困难职工帮扶 |  |  |",
        "| 主管部门 | 示例区总工会 | 实施单位 | 示例区职工服务中心 |",
        "| 年度资金总额 | 25.00 | 30.00 | 28.50 | 10 | 95.00% | 9.50 |",
        "| 其中：当年财政拨款 | 25.00 | 26.00 | 24.50 | — | 94.23% | — |",
        "| 上年结转资金 |  | 4.00 | 4.00 | — | 100.00% | — |",
        "| 其他资金 |  |  |  | — |  | — |",
        "| 产出指标 | 数量指标 | 帮扶人次 | ≥300人次 | 320人次 | 20 | 20.00 |  |",
        "|  |  | 走访企业 | ≥20家 | 18家 | 10 | 9.00 | 两家企业停产 |",
        "| 总分 |  |  |  |  | 100 | 98.50 |  |",
    ]:
        assert row in lines, row
    assert lines.count("# 项目支出绩效自评表") == 1  # 职工文体活动 has no 绩效指标: no table


def test_the_rate_score_is_ten_times_the_rate_capped_and_half_up(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("执行: 28.5\n", "执行: 28.4985\n", 1)
    text = text.replace("{执行: 24.5, 预算: 26, 年初预算: 25}", "{执行: 24.4985, 预算: 26}")
    root = tmp_path
    submission(root, text)
    assert run("2023", "--root", str(root)).exit_code == 0
    # 28.4985 / 30 = 94.995%: shown 95.00%, scored 9.4995, shown 9.50 (half-up)
    assert "| 年度资金总额 | 25.00 | 30.00 | 28.50 | 10 | 95.00% | 9.50 |" in twin(
        root, PROJECT_TABLES
    )
    over = FIXTURE.read_text(encoding="utf-8").replace("预算: 30\n", "预算: 20\n", 1)
    over = over.replace("{执行: 24.5, 预算: 26, 年初预算: 25}", "{执行: 24.5, 预算: 16}")
    over = over.replace("  预算: 150\n", "  预算: 140\n")
    submission(tmp_path / "over", over)
    assert run("2023", "--root", str(tmp_path / "over")).exit_code == 0
    lines = twin(tmp_path / "over", PROJECT_TABLES)
    assert "| 年度资金总额 | 25.00 | 20.00 | 28.50 | 10 | 142.50% | 10.00 |" in lines
    assert "| 总分 |  |  |  |  | 100 | 99.00 |  |" in lines


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("上年结转: {执行: 4, 预算: 4}", "上年结转: {执行: 3, 预算: 4}"),
            "支出.项目支出.项目[1].资金来源：项目“困难职工帮扶”各资金来源的执行数合计27.50万元，"
            "与项目的执行数28.50万元不一致，请核对。",
        ),
        (
            (
                "分值: 30, 指标值: 明显改善, 完成值: 明显改善, 得分: 30",
                "分值: 25, 指标值: 明显改善, 完成值: 明显改善, 得分: 25",
            ),
            "支出.项目支出.项目[1].绩效指标：项目“困难职工帮扶”的绩效指标分值合计为85分，"
            "加上预算执行率的10分应为100分，请把指标分值合计调整为90分。",
        ),
        (
            ("公务用车购置: 0", "公务用车购置: 0.5"),
            "支出.三公经费.公务用车购置及运行维护费：公务用车购置和公务用车运行维护的执行数合计"
            "3.70万元，与公务用车购置及运行维护费的执行数3.20万元不一致，请核对。",
        ),
    ],
)
def test_the_submissions_own_rules(tmp_path, change, message):
    text = FIXTURE.read_text(encoding="utf-8")
    assert change[0] in text
    path = submission(tmp_path, text.replace(*change))
    errors = [f"{p.key}：{p.message}" for p in check_union(path, 2023).errors]
    assert errors == [message]


def test_the_fixture_checks_clean_of_errors(rendered):
    path = rendered / "data" / "2023" / f"{NAME}.yaml"
    assert check_union(path, 2023).errors == []


def _rows(docx: Path):
    return Document(str(docx)).element.body.iter(qn("w:tr"))


def test_every_table_row_of_every_document_stays_whole(rendered, tmp_path):
    bundled = make_project(tmp_path)
    for year in ("2019", "2022", "2023"):
        assert run(year, "--root", str(bundled)).exit_code == 0
    documents = sorted(bundled.glob("output/**/*.docx")) + sorted(rendered.glob("output/**/*.docx"))
    assert len(documents) == 5 * 3 + 4
    for docx in documents:
        for row in _rows(docx):
            assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, docx.name


def test_the_indicator_headers_repeat_on_each_page(rendered, tmp_path):
    bundled = make_project(tmp_path, years=(2022,))
    assert run("2022", "--root", str(bundled)).exit_code == 0
    for docx in (
        Workspace(bundled).document_path(2022, "浏阳市总工会", SCORING_TABLE),
        Workspace(rendered).document_path(2023, NAME, PROJECT_TABLES),
    ):
        headers = [
            "".join(t.text for t in row.iter(qn("w:t")))
            for row in _rows(docx)
            if row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        ]
        assert any(h.startswith("一级指标") for h in headers), docx.name


@needs_libreoffice
def test_a_long_scoring_table_repeats_its_header_on_every_page(tmp_path):
    rows = "\n".join(
        f"            - {{名称: 第{n}项检验分页的三级指标, 分值: 2.5, 指标值: ≥{n}次, "
        f"完成值: {n + 1}次, 得分: 2.5}}"
        for n in range(1, 41)
    )
    text = FIXTURE.read_text(encoding="utf-8") + (
        "自评表:\n  指标:\n    - 一级: 产出指标\n      二级:\n"
        "        - 名称: 数量指标\n          三级:\n" + rows + "\n"
    )
    submission(tmp_path, text)
    assert run("2023", "--root", str(tmp_path), "--pdf").exit_code == 0
    pdf = Workspace(tmp_path).document_path(2023, NAME, SCORING_TABLE).with_suffix(".pdf")
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    assert pages >= 2
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-raw", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "一级指标" in "".join(text.split()), f"page {page} has no header"


@needs_libreoffice
def test_pdf_makes_every_document_a_pdf_in_one_libreoffice_run(tmp_path, monkeypatch):
    submission(tmp_path)
    calls = []
    real_popen = pdf_module.subprocess.Popen

    def counting(command, *args, **kwargs):
        if Path(command[0]).name.startswith(("soffice", "libreoffice")):
            calls.append(command)
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(pdf_module.subprocess, "Popen", counting)
    result = run("2023", "--root", str(tmp_path), "--pdf")
    assert result.exit_code == 0, result.output
    assert len(calls) == 1  # one LibreOffice start for all four documents
    assert "PDF：生成4个（其余已是最新）。" in result.output
    for document, fragments in {
        REPORT: ["示例区总工会", "基本支出100.00万元"],
        SCORING_TABLE: ["部门整体支出绩效自评表", "140.50"],
        BASIC_DATA: ["部门整体支出绩效评价基础数据表", "87.50%", "492.50"],
        PROJECT_TABLES: ["项目支出绩效自评表", "困难职工帮扶", "98.50"],
    }.items():
        docx = Workspace(tmp_path).document_path(2023, NAME, document)
        pdf = docx.with_suffix(".pdf")
        laid_out = LaidOut(read_pdf(pdf, "-raw"), read_pdf(pdf, "-layout"), body_text(docx))
        for fragment in fragments:
            assert laid_out.shows(fragment), (document, fragment)
        assert not laid_out.lost(), (document, laid_out.lost())

    again = run("2023", "--root", str(tmp_path), "--pdf")
    assert again.exit_code == 0
    assert len(calls) == 1  # nothing changed: no LibreOffice at all
    assert "PDF：生成0个（其余已是最新）。" in again.output


def test_without_libreoffice_the_documents_are_written_and_the_clerk_told(tmp_path, monkeypatch):
    submission(tmp_path)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    result = run("2023", "--root", str(tmp_path), "--pdf")
    assert result.exit_code == 1
    assert (
        "错误：没有找到LibreOffice，未生成PDF（Word文件已经生成）。请安装LibreOffice后重新运行："
        in result.output
    )
    for document in ALL:
        assert Workspace(tmp_path).document_path(2023, NAME, document).is_file()
        assert (
            not Workspace(tmp_path).document_path(2023, NAME, document).with_suffix(".pdf").exists()
        )


def test_project_indicators_get_the_scoring_help(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "完成值: 18家, 得分: 9, 偏差原因: 两家企业停产", "完成值: 18家, 得分: 10"
    )
    path = submission(tmp_path, text)
    warnings = [f"{p.key}：{p.message}" for p in check_union(path, 2023).warnings]
    assert (
        "支出.项目支出.项目[1].绩效指标[1].二级[1].三级[2].得分：“走访企业”完成值18家未达到指标值"
        "≥20家，按完成比例（10×18÷20，财预〔2020〕10号第十六条）应得9.00分，填写的是10分。"
        "请核对得分。"
    ) in warnings


def test_project_weights_other_than_article_13s_get_one_warning(tmp_path):
    text = (
        FIXTURE.read_text(encoding="utf-8")
        .replace(
            "{名称: 帮扶人次, 分值: 20, 指标值: ≥300人次, 完成值: 320人次, 得分: 20}",
            "{名称: 帮扶人次, 分值: 10, 指标值: ≥300人次, 完成值: 320人次, 得分: 10}",
        )
        .replace(
            "{名称: 困难职工生活改善, 分值: 30, 指标值: 明显改善, 完成值: 明显改善, 得分: 30}",
            "{名称: 困难职工生活改善, 分值: 40, 指标值: 明显改善, 完成值: 明显改善, 得分: 40}",
        )
    )
    path = submission(tmp_path, text)
    result = check_union(path, 2023)
    assert result.errors == []
    assert [p.message for p in result.warnings if p.key == "支出.项目支出.项目[1].绩效指标"] == [
        "项目“困难职工帮扶”的一级指标权重（产出指标40分、效益指标40分）与财预〔2020〕10号第十三条"
        "原则上的预算执行率10分、产出指标50分、效益指标30分、满意度指标10分不同；"
        "有特殊情况可以调整，请确认。"
    ]


def _without_indicators(text: str) -> str:
    start = text.index("        绩效指标:\n")
    end = text.index("      - 名称: 职工文体活动")
    return text[:start] + text[end:]


def test_a_document_the_data_no_longer_makes_is_removed_unless_edited_by_hand(tmp_path):
    from genreport.output.stamp import record_pdfs

    path = submission(tmp_path)
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    tables = Workspace(tmp_path).document_path(2023, NAME, PROJECT_TABLES)
    pdf = tables.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF made from the tables")
    record_pdfs({pdf: pdf.read_bytes()}, {pdf: tables.read_bytes()})

    path.write_text(_without_indicators(FIXTURE.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("2023", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    for gone in (tables, twin_path(tables), pdf):
        assert f"  已删除 {gone}（按现在的数据不再生成这个文件）" in result.output
        assert not gone.exists()
    for document in (REPORT, SCORING_TABLE, BASIC_DATA):
        assert Workspace(tmp_path).document_path(2023, NAME, document).is_file()

    # Made again, then changed by hand: a clerk's own edit is never deleted
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    tables.write_bytes(tables.read_bytes() + b"\0")
    path.write_text(_without_indicators(FIXTURE.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("2023", "--root", str(tmp_path))
    assert result.exit_code == 0
    assert f"已删除 {tables}（" not in result.output
    assert tables.is_file()
    assert f"  已删除 {twin_path(tables)}（按现在的数据不再生成这个文件）" in result.output
