"""`genreport 导入` of a report in a third hand: titles in bold without numbers mixed with `一、`,
`（一）`, `1.`; every amount in 元 inside sentences; the same report as the PDF LibreOffice makes
of it (lines wrapped, titles no longer bold). And changes on last year stated for a budget."""

from __future__ import annotations

from pathlib import Path

import docx

from drafts import imported
from libreoffice import convert, needs_libreoffice

PARAGRAPHS = [
    ("", "示范市总工会2024年度部门整体支出绩效自评报告"),
    ("bold", "单位基本情况"),
    ("", "本会编制8名，年末实有在职人员7人，退休人员2人。内设机构2个：办公室、权益保障部。"),
    ("", "一、部门整体支出情况"),
    ("", "（一）基本支出"),
    ("", "本年基本支出合计1,058,000元，其中：工资福利支出865,000元，商品和服务支出193,000元，"
         "比上年增加12,000元。"),
    ("", "（二）项目支出"),
    ("", "项目支出250,000.00元，主要用于困难职工帮扶经费。"),
    ("", "1.“三公”经费"),
    ("", "2024年“三公”经费支出12,500元，其中公务接待费12,500元，比2023年减少2,300元；"
         "无因公出国（境）费，无公务用车购置及运行维护费。"),
    ("", "2.会议费和培训费"),
    ("", "会议费支出8,600元，培训费支出15,200元。"),
    ("bold", "存在的不足"),
    ("", "预算编制不够精细，个别项目执行进度偏慢。"),
    ("bold", "改进措施"),
    ("", "一是细化预算编制；二是加快项目执行进度。"),
]  # fmt: skip

# What the report states, as the contract holds it (amounts in 万元)
WANT = {
    "单位名称": "示范市总工会",
    "年度": 2024,
    "概况": {"机构": {"内设机构": ["办公室", "权益保障部"]}, "人员": {"编制": 8, "在职": 7, "退休": 2}},
    "支出": {
        "基本支出": {"明细": {"工资福利支出": {"执行": 86.5},
                              "公用经费": {"执行": 19.3, "上年": 18.1}}},
        "项目支出": {"项目": [{"名称": "困难职工帮扶经费", "执行": 25}]},
        "三公经费": {
            "公务接待费": {"执行": 1.25, "上年": 1.48},
            "因公出国（境）费": {"执行": 0},
            "公务用车购置及运行维护费": {"执行": 0},
        },
        "会议费": {"执行": 0.86},
        "培训费": {"执行": 1.52},
    },
    "存在问题": ["预算编制不够精细，个别项目执行进度偏慢。"],
    "改进措施": ["细化预算编制", "加快项目执行进度。"],
}  # fmt: skip


def _report(path: Path) -> Path:
    document = docx.Document()
    for kind, text in PARAGRAPHS:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = kind == "bold" or None
    document.save(path)
    return path


def test_a_report_in_a_third_hand_imports_every_figure_in_yuan(tmp_path):
    data, text = imported(_report(tmp_path / "报告.docx"), tmp_path)
    assert data == WANT
    assert "原文中没有放入任何字段" not in text  # nothing left over
    assert "“本年基本支出合计1,058,000元”（genreport 算得 105.8万元，一致）" in text


@needs_libreoffice
def test_the_same_report_as_a_pdf_imports_into_the_same_figures(tmp_path):
    source = _report(tmp_path / "报告.docx")
    data, text = imported(convert(source, "pdf", tmp_path / "pdf"), tmp_path)
    assert data == WANT
    assert "原文中没有放入任何字段" not in text


def test_a_budgets_change_on_last_year_is_last_years_budget(tmp_path):
    seed = tmp_path / "报告.txt"
    seed.write_text(
        "2023年度示范县总工会部门整体支出绩效自评报告\n"
        "“三公”经费：公务接待费预算0.15万元，比上年减少1.20万元；"
        "公务用车运行维护费预算2万元，较2022年预算增加0.5万元。\n"
        "会议费支出3万元，比2022年减少1万元。\n"
        "培训费支出2万元。“三公”经费预算较2022年减少0.8万元。\n",
        encoding="utf-8",
    )
    data, text = imported(seed, tmp_path)
    assert data["支出"] == {
        "三公经费": {
            "公务接待费": {"预算": 0.15, "上年预算": 1.35},
            "公务用车购置及运行维护费": {"预算": 2, "上年预算": 1.5},
        },
        "会议费": {"执行": 3, "上年": 4},
        "培训费": {"执行": 2},
    }
    # the 三公 total's change, not the 培训费's before it: which line changed is not said
    assert "（增减说的是“三公经费预算”，不是前面的“培训费支出”，不能确定是哪一项的数）" in text
