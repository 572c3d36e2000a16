"""One translation module: language tags, the default language, strict lookup of words."""

from __future__ import annotations

import pytest

from audit.errors import UsageError
from audit.i18n import Messages, MissingText, Words, default_lang, lang_tag, pick, short


@pytest.mark.parametrize(("given", "tag"), [
    ("zh", "zh-CN"), ("zh-CN", "zh-CN"), ("zh_cn", "zh-CN"), ("ZH-Hans", "zh-CN"),
    ("en", "en"), ("en-GB", "en"), ("EN_us", "en"),
])
def test_what_users_say_becomes_one_of_two_languages(given, tag):
    assert lang_tag(given) == tag
    assert short(given) == tag[:2]


def test_another_language_is_a_usage_error():
    with pytest.raises(UsageError, match=r"^unknown language 'fr'; choose zh or en$"):
        lang_tag("fr")
    with pytest.raises(UsageError):
        lang_tag("")


@pytest.mark.parametrize(("environ", "lang"), [
    ({}, "zh-CN"),
    ({"LANG": "C.UTF-8"}, "zh-CN"),
    ({"LANG": "de_DE.UTF-8"}, "zh-CN"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.GB18030"}, "zh-CN"),
    ({"LANG": "en_US.UTF-8", "A11Y_AUDIT_LANG": "zh"}, "zh-CN"),
    ({"LANG": "zh_CN.UTF-8", "A11Y_AUDIT_LANG": "en"}, "en"),
    ({"LANG": "en_GB@euro", "A11Y_AUDIT_LANG": " "}, "en"),
])
def test_the_default_follows_the_environment_else_chinese(environ, lang):
    assert default_lang(environ) == lang


def test_an_unknown_language_in_our_variable_is_an_error_not_ignored():
    with pytest.raises(UsageError, match=r"^\$A11Y_AUDIT_LANG='fr' is not a language we have; "
                                         r"set it to zh or en$"):
        default_lang({"A11Y_AUDIT_LANG": "fr", "LANG": "en_US.UTF-8"})


def test_words_are_looked_up_by_dotted_key_and_filled():
    msg = Messages("zh", {"scan": {"pages": "共 {count} 个页面"}}, source="words.yaml")
    assert msg.lang == "zh-CN"
    assert msg.t("scan.pages", count=3) == "共 3 个页面"
    assert msg.has("scan.pages") and not msg.has("scan.missing")
    assert msg.pick("中", "en") == "中" and pick("en", "中", "en") == "en"


@pytest.mark.parametrize(("key", "fields", "problem"), [
    ("scan.missing", {}, "no zh-CN text for 'scan.missing'"),
    ("scan", {}, "'scan' in zh-CN is not a text"),
    ("scan.pages", {"other": 1}, "'scan.pages' in zh-CN asks for a field it is not given"),
])
def test_a_missing_key_is_an_error_never_a_fallback(key, fields, problem):
    msg = Messages("zh-CN", {"scan": {"pages": "共 {count} 个页面"}}, source="words.yaml")
    with pytest.raises(MissingText, match=rf"^words\.yaml: {problem}"):
        msg.t(key, **fields)


def test_words_of_data_files_carry_both_languages():
    words = Words(zh="标题", en="Title")
    assert (words.get("zh-CN"), words.get("en"), words.get("zh")) == ("标题", "Title", "标题")
    with pytest.raises(ValueError):
        Words(zh="标题", en="")
