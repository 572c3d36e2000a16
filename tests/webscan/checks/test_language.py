"""Language of the page and of its parts, the browser-free part: deciding on enough text,
by script or by the model, and the evidence a finding carries."""

from __future__ import annotations

from audit.webscan.checks.language import Detected, analyse, detect, primary, script_language

NOTICE = ("各有关单位、广大市民：根据工作需要，自九月一日起，区政务服务中心的办公时间调整为"
          "周一至周五上午九点至下午五点，周六上午九点至十二点。如有疑问，请拨打热线咨询。")
ENGLISH = ("Residents can apply for the new social insurance card online from the first of "
           "September and follow the progress of their application on the portal.")


def test_chinese_is_decided_by_its_script():
    found = detect(NOTICE, 60)
    assert found == Detected("zh", found.letters, 1.0, 1.0)
    assert found.letters == 71
    japanese = "お問い合わせは区役所までお願いします。窓口は平日に開いています。"
    korean = "민원 안내는 구청으로 문의하시기 바랍니다. 창구는 평일에 엽니다."
    assert (detect(japanese, 20).language, detect(korean, 20).language) == ("ja", "ko")


def test_other_languages_by_the_model_when_it_is_confident():
    found = detect(ENGLISH, 40)
    assert (found.language, found.cjk_share) == ("en", 0.0)
    assert found.confidence >= 0.95
    french = ("Les habitants peuvent demander la nouvelle carte d'assurance sociale en ligne à "
              "partir du premier septembre.")
    assert detect(french, 40).language == "fr"


def test_no_verdict_on_too_little_or_mixed_text():
    assert detect("Home News Services", 60).language is None
    assert detect("首页", 60).language is None
    assert detect("下载 PDF 文件", 60, 12).language is None
    mixed = "Shanghai Jiao Tong University 与世界卫生组织签署了合作协议 and the city of Lyon"
    assert detect(mixed, 40).language is None


def test_hashes_and_serial_numbers_are_no_language():
    digest = "SHA-256 6da3ca5a7ac5ed8456492bac0dc43d2e52d9acd956fa22b07f0241d2a6940b10"
    assert detect(f"Before the work {digest} Taken: 2025-04-02 Place (GPS): 30.279", 40,
                  12).language is None
    assert detect(NOTICE + " 6da3ca5a7ac5ed84 a0b1c2d3e4f5", 60).cjk_share == 1.0


def test_the_script_alone_names_chinese_japanese_and_korean():
    assert script_language("原门槛 60 mm，已去除并以斜面过渡") == "zh"
    assert script_language("お問い合わせは区役所まで") == "ja"
    assert script_language("Threshold removed, 60 mm") is None
    assert script_language("") is None


def test_declared_languages_by_their_primary_subtag():
    assert primary("zh-Hans-CN") == primary("zh_CN") == primary("yue-HK") == "zh"
    assert primary("EN-gb") == "en"
    assert primary("nb") == "no"


def test_lang_en_over_chinese_text_is_the_page_finding_with_its_evidence():
    raw = {"declared": "en", "text": NOTICE, "blocks": [
        {"selector": "p", "html": "<p>", "text": NOTICE, "lang": "en"}]}
    [finding] = analyse(raw, "http://example.gov.cn/")
    assert (finding.rule, finding.selector, str(finding.outcome), finding.wcag) == (
        "page-language-mismatch", "html", "violation", ("3.1.1",))
    assert finding.facts["values"] == {"declared": "en", "detected": "zh", "letters": 71,
                                       "cjk_share": 100, "confidence": 1.0}
    assert finding.message == ('The page declares lang="en" but its text is in zh (100 % of '
                               '71 letters are CJK characters; confidence 1.0)')


def test_a_passage_without_its_own_lang():
    raw = {"declared": "zh-CN", "text": NOTICE + ENGLISH, "blocks": [
        {"selector": "#en", "html": "<p id=\"en\">", "text": ENGLISH, "lang": "zh-CN"},
        {"selector": "#marked", "html": "<p id=\"marked\">", "text": ENGLISH, "lang": "en"},
        {"selector": "#zh", "html": "<p id=\"zh\">", "text": NOTICE, "lang": "zh-CN"}]}
    [part] = analyse(raw, "http://example.gov.cn/")
    assert (part.rule, part.selector, part.wcag) == ("part-language-unmarked", "#en", ("3.1.2",))
    assert part.facts["values"]["text"] == ENGLISH[:80]
    assert analyse({"declared": "", "text": NOTICE, "blocks": []}, "http://x.gov.cn/") == []
