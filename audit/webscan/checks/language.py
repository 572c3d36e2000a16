"""Language of the page (WCAG 3.1.1) and of its parts (3.1.2).

Chinese government sites often keep a template's ``lang="en"`` over Chinese text; screen
readers then read Chinese with an English voice. Foreign-language passages without their own
``lang`` are read with the page's voice. The gatherer reads the declared language, the page's
visible text and its blocks of text with the language each inherits; the analyser decides the
language of a text only on enough of it (``data/language.yaml``):

- by its script where the script says it: Han characters without kana are Chinese, with kana
  Japanese, Hangul Korean (``script_share`` of the letters);
- else by py3langid's model (offline, shipped inside the package; loaded once, on first need),
  and only when it is confident (``min_confidence``).

A finding carries the evidence: declared and detected language, the share of CJK characters,
the number of letters and the confidence. Parts are judged only on a page whose own language
is right (else every block would repeat the page's finding). A missing or invalid ``lang`` is
axe-core's (``html-has-lang``, ``html-lang-valid``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, data, make_finding, script

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")
# Tokens with a digit in them (hashes, serial numbers, model codes, "60mm") are no language.
_CODE_TOKEN = re.compile(r"[^\W_]*\d[^\W_]*")
QUOTE = 80  # characters of a passage quoted in a finding


@dataclass(frozen=True)
class Detected:
    """The language of a text, and the evidence for it."""

    language: str | None  # None: not enough text, or no confident verdict
    letters: int
    cjk_share: float  # of the letters: Han, kana and Hangul
    confidence: float  # 1.0 when decided by script


async def gather(ctx: CheckContext) -> Raw:
    settings = data("language")
    arg = {"max_chars": settings["max_chars"], "max_blocks": settings["max_blocks"],
           "min_chars": settings["part_min_cjk"]}
    return await ctx.tab.evaluate(script("language"), arg, ctx.timeout_s)


def detect(text: str, min_letters: int, min_cjk: int | None = None) -> Detected:
    """The language of ``text`` when there is enough of it (``min_letters`` letters, or
    ``min_cjk`` CJK characters) and it is clear; else ``language`` None."""
    settings = data("language")
    text = _CODE_TOKEN.sub(" ", text)
    letters = len(_LETTER.findall(text))
    han, kana, hangul = (len(p.findall(text)) for p in (_HAN, _KANA, _HANGUL))
    cjk = han + kana + hangul
    share = cjk / letters if letters else 0.0
    undecided = Detected(None, letters, share, 0.0)
    if letters < min_letters and (min_cjk is None or cjk < min_cjk):
        return undecided
    if share >= settings["script_share"]:
        return Detected(_cjk_language(han, kana, hangul), letters, share, 1.0)
    if cjk:
        return undecided  # mixed scripts: no clear verdict
    language, confidence = _identifier().classify(text)
    if confidence < settings["min_confidence"]:
        return undecided
    return Detected(str(language), letters, share, float(confidence))


def script_language(text: str) -> str | None:
    """The language ``text`` is written in when its script says it (Chinese, Japanese,
    Korean), else None: no model is loaded, so it is cheap enough for every text of a report."""
    text = _CODE_TOKEN.sub(" ", text)
    letters = len(_LETTER.findall(text))
    han, kana, hangul = (len(p.findall(text)) for p in (_HAN, _KANA, _HANGUL))
    if not letters or (han + kana + hangul) / letters < data("language")["script_share"]:
        return None
    return _cjk_language(han, kana, hangul)


def _cjk_language(han: int, kana: int, hangul: int) -> str:
    return "ko" if hangul > han + kana else "ja" if kana * 10 > han + kana + hangul else "zh"


def primary(tag: str) -> str:
    """The language a lang attribute names: "zh-Hans-CN" -> "zh", "yue-HK" -> "zh"."""
    subtag = tag.strip().lower().replace("_", "-").split("-")[0]
    return str(data("language")["same_as"].get(subtag, subtag))


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    settings = data("language")
    declared = raw.get("declared") or ""
    if not declared:
        return []  # axe-core's html-has-lang
    page = detect(raw.get("text") or "", settings["page_min_letters"])
    if page.language and page.language != primary(declared):
        return [_finding("page-language-mismatch", {"selector": "html", "html": "<html>"},
                         declared, page, page_url)]
    findings = []
    for block in raw.get("blocks", []):
        inherited = block.get("lang") or declared
        found = detect(block["text"], settings["part_min_letters"], settings["part_min_cjk"])
        if found.language and found.language != primary(inherited):
            findings.append(_finding("part-language-unmarked", block, inherited, found,
                                     page_url, text=block["text"]))
    return findings[: settings["max_part_findings"]]


def _finding(rule: str, element: dict[str, Any], declared: str, found: Detected,
             page_url: str, text: str | None = None) -> Finding:
    values: dict[str, Any] = {"declared": declared, "detected": found.language,
                              "letters": found.letters,
                              "cjk_share": round(found.cjk_share * 100),
                              "confidence": round(found.confidence, 2)}
    if text is not None:
        values["text"] = " ".join(text.split())[:QUOTE]
    return make_finding(rule=rule, outcome=Outcome.VIOLATION, element=element,
                        message="mismatch", values=values, page_url=page_url)


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's identifier with its shipped model (a few seconds to load, once)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
