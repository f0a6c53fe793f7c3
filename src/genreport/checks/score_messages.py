"""The Chinese warnings of scoring help: what 财预〔2020〕10号 suggests for one indicator of the
自评表 or a project table (`figures/suggest.py` works it out, once, with the figures), said where
the typed 完成值 or 得分 disagrees."""

from __future__ import annotations

from decimal import Decimal

from genreport.figures.fmt import money, percent, rounded, score
from genreport.figures.scoring import ScoredIndicator
from genreport.figures.suggest import Band, FigureKind, KnownFigure, Rule, Suggestion

ARTICLE_16 = "财预〔2020〕10号第十六条"
_MISSED = {Rule.PROPORTIONAL: "未达到", Rule.INVERSE: "超出"}


def score_help_message(indicator: ScoredIndicator, found: Suggestion) -> str | None:
    """The warning for one indicator, or None where its 完成值 and 得分 agree with the rules.

    A suggestion of full 分值 warns only with a wrong 完成值: a lower typed score is the clerk's
    judgement (an overshoot from a target set too low), and check's 扣分原因 warning already asks
    for its reason."""
    name = f"“{indicator.name}”"
    target, achieved = (indicator.target or "").strip(), (indicator.achieved or "").strip()
    should = None
    if found.score is not None:
        suggested = rounded(found.score)  # as the warning shows it
        differs = suggested != indicator.score
        if differs and suggested < indicator.weight or found.achieved_differs:
            should = f"应得{money(found.score)}分，填写的是{score(indicator.score)}分。"
    if found.figure is not None:
        return _figure_message(name, achieved, target, found, found.figure, should)
    # a rule of a quantitative indicator: both figures were read
    if found.rule in _MISSED and should and found.target and found.achieved:
        t, a = score(found.target.value), score(found.achieved.value)
        ratio = f"{a}÷{t}" if found.rule == Rule.PROPORTIONAL else f"{t}÷{a}"
        return (
            f"{name}完成值{achieved}{_MISSED[found.rule]}指标值{target}，按完成比例"
            f"（{score(indicator.weight)}×{ratio}，{ARTICLE_16}）{should}请核对得分。"
        )
    if found.rule == Rule.OVERSHOT_DEDUCTED and should:
        return (
            f"{name}完成值{achieved}超过指标值{target}达30%以上，按{found.basis}的超标扣分"
            f"扣2分，{should}请核对得分。"
        )
    if found.rule == Rule.UNIT_MISMATCH and found.target and found.achieved:
        return (
            f"{name}指标值{target}与完成值{achieved}的单位不同（{found.target.unit}、"
            f"{found.achieved.unit}），无法按完成比例计算建议得分。请统一单位。"
        )
    if found.band is not None and not found.band.holds(indicator.score, indicator.weight):
        return (
            f"{name}完成值“{achieved}”表明{found.band.label}，按{ARTICLE_16}，得分应"
            f"{_band_range(found.band, indicator.weight)}，填写的是{score(indicator.score)}分。"
        )
    return None


def _figure_message(
    name: str,
    achieved: str,
    target: str,
    found: Suggestion,
    figure: KnownFigure,
    should: str | None,
) -> str | None:
    computed = f"按{_basis(figure)}计算的{figure.kind.value}为{percent(figure.rate)}"
    if found.score is None:
        should = None
    elif should and found.rule == Rule.EXECUTION_RATE:
        should = f"按分值×预算执行率（最高100%）{should}"
    elif should:
        should = f"按此比率和指标值{target}（{ARTICLE_16}）{should}"
    if found.achieved_differs:
        return f"{name}完成值为{achieved}，但程序{computed}，请改正完成值。{should or ''}"
    return f"{name}：程序{computed}，{should}" if should else None


def _basis(figure: KnownFigure) -> str:
    n, d = figure.numerator, figure.denominator
    if figure.kind == FigureKind.EXECUTION_RATE:
        return f"整体支出执行{money(n)}万元、预算{money(d)}万元"
    if figure.kind == FigureKind.THREE_PUBLIC_CHANGE:
        return f"“三公”经费本年{money(n)}万元、上年{money(d)}万元"
    return f"编制内在职{n}人、编制{d}人"


def _band_range(band: Band, weight: Decimal) -> str:
    _, low, high, _ = band.value
    if band == Band.MET:
        return f"在分值的80%～100%之间（{score(low * weight)}～{score(weight)}分）"
    if band == Band.PARTLY:
        return f"不低于分值的60%且低于80%（{score(low * weight)}～{score(high * weight)}分）"
    return f"低于分值的60%（{score(high * weight)}分）"
