"""Label in name, the browser-free part: Chinese normalisation and the verdicts."""

from __future__ import annotations

from audit.webscan.checks.label_name import analyse, normalise


def test_normalising_drops_what_a_reader_does_not_hear():
    assert normalise("【办事指南】") == "办事指南"
    assert normalise("首　页") == "首页"  # an ideographic space
    assert normalise("查询（免费）") == normalise("查询(免费)") == "查询免费"
    assert normalise("下载ＡＢＣ表格") == "下载abc表格"
    assert normalise("LOG IN") == normalise("log-in") == "login"
    assert normalise("×") == normalise("›") == normalise("📄") == ""


def control(text, name, selector="#c"):
    return {"selector": selector, "html": "<a id=\"c\">", "role": "link", "text": text,
            "name": name}


CARD = ("关于调整城乡居民基本医疗保险个人缴费标准的通知，自九月一日起执行，"
        "请各位居民相互转告，并按时到社区服务中心办理")  # a whole teaser made a link


def test_verdicts():
    raw = {"controls": [control("【办事指南】", "办事指南", "#same"),
                        control("×", "关闭", "#icon"),
                        control("办事指南", "下载文件", "#other"),
                        control(CARD, "通知详情", "#card")]}
    found = [(f.rule, f.selector, str(f.outcome), f.wcag, f.facts["message"])
             for f in analyse(raw, "http://example.gov.cn/")]
    assert found == [("label-in-name", "#other", "violation", ("2.5.3",), "missing"),
                     ("label-in-name", "#card", "needs-review", ("2.5.3",), "long-text")]
    [other] = analyse({"controls": raw["controls"][2:3]}, "http://example.gov.cn/")
    assert other.message == ('The visible text "办事指南" is not part of the accessible name '
                             '"下载文件"; voice-control users who say what they see cannot '
                             'operate it')
