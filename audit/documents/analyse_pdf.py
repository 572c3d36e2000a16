"""From a PDF's facts to issues: pure, so stored facts can be analysed again without the file.

An untagged PDF gets one finding that explains the whole cascade (no headings, figures,
tables or link elements can exist without a structure tree), not one per missing tag.
"""

from __future__ import annotations

import re
from typing import Any

from audit.documents._textstats import add, garbled_share
from audit.documents.issues import (
    Issue,
    alt_issues,
    matches_any,
    page_list,
    settings,
)
from audit.model import Outcome, Severity

_LANG_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")  # RFC 3066, as PDF/UA asks
_ADOBE_ORDERINGS = {"GB1", "CNS1", "Japan1", "Korea1"}
UNNAMED_FONT = "?"  # the gatherer's name for a font without /BaseFont
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+(?=.)")  # ISO 32000-1 9.6.4: six capitals and "+"
_STANDARD_ENCODINGS = {"WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding",
                       "MacExpertEncoding"}


def analyse_pdf(facts: dict[str, Any]) -> list[Issue]:
    issues = _access(facts) + _metadata(facts) + _pages(facts) + _fonts(facts)
    if facts["struct_tree"] and facts["marked"]:
        issues += _structure(facts) + _annotations(facts)
    issues += [Issue("pdf-form-field-name", "missing", f"field {field['name'][:80]!r}",
                     {"name": field["name"]}) for field in facts["fields"]
               if not field["tooltip"]]
    return issues


def page_kinds(facts: dict[str, Any]) -> dict[str, list[int]]:
    """Page numbers by what the page is: ``image-only``, ``ocr-layer``, ``drawings-only``."""
    image_only = settings("pdf-image-only")
    ocr_cover = settings("pdf-ocr-layer")["min_cover"]
    min_paths = settings("pdf-no-text")["min_paths"]
    kinds: dict[str, list[int]] = {"image-only": [], "ocr-layer": [], "drawings-only": []}
    for number, page in enumerate(facts["page_facts"], 1):
        if page.get("unreadable"):
            continue
        if page["text"] and page["invisible"] == page["text"] and page["cover"] >= ocr_cover:
            kinds["ocr-layer"].append(number)
        elif page["cover"] >= image_only["min_cover"] and page["chars"] <= image_only["max_chars"]:
            kinds["image-only"].append(number)
        elif not page["text"] and not page["images"] and page["paths"] >= min_paths:
            kinds["drawings-only"].append(number)
    return kinds


def _access(facts: dict[str, Any]) -> list[Issue]:
    issues = []
    if facts["encrypted"] and not facts["accessibility_allowed"]:
        issues.append(Issue("pdf-encryption-blocks-at", "blocked"))
    if not facts["struct_tree"]:
        issues.append(Issue("pdf-untagged", "no-tree"))
    elif not facts["marked"]:
        issues.append(Issue("pdf-untagged", "not-marked"))
    return issues


def _metadata(facts: dict[str, Any]) -> list[Issue]:
    issues = _language(facts)
    title = facts["info_title"] or facts["xmp_title"]
    if not title:
        issues.append(Issue("pdf-no-title", "missing"))
    elif matches_any(title, settings("pdf-no-title")["placeholders"]):
        issues.append(Issue("pdf-no-title", "placeholder", facts={"title": title},
                            snippet=title))
    if not facts["display_doc_title"]:
        issues.append(Issue("pdf-display-title", "missing"))
    return issues


def _language(facts: dict[str, Any]) -> list[Issue]:
    """No /Lang; one that is no language tag or does not match the text; one written as a
    name (``/Lang /zh-CN``). ISO 32000 asks for a text string, and pdf.js (Firefox) ignores a
    name, but the language is plainly stated and PDFium (Chrome, Edge) reads it: so it is
    not "no language" but a moderate "wrong language" whose fix is to write it again as a
    string, reported only when the tag itself is right (otherwise that fix says more)."""
    lang = facts["lang"]
    if not lang:
        return [Issue("pdf-no-lang", "missing")]
    if not _LANG_TAG.match(lang):
        return [Issue("pdf-lang-wrong", "invalid", facts={"lang": lang}, snippet=lang)]
    mismatch = _mismatch(facts, lang)
    if mismatch or not facts.get("lang_as_name"):
        return mismatch
    return [Issue("pdf-lang-wrong", "name", facts={"lang": lang}, impact=Severity.MODERATE,
                  snippet=f"/Lang /{lang}")]


def _mismatch(facts: dict[str, Any], lang: str) -> list[Issue]:
    rule = settings("pdf-lang-wrong")
    counts = _char_totals(facts)
    letters = sum(counts.get(name, 0) for name in ("cjk", "latin", "kana", "hangul"))
    if letters < rule["min_letters"]:
        return []
    cjk = counts.get("cjk", 0) / letters
    declared_cjk = lang.split("-")[0].lower() in rule["cjk_languages"]
    if (declared_cjk and cjk < rule["min_cjk_share_cjk"]) or \
            (not declared_cjk and cjk > rule["max_cjk_share_other"]):
        return [Issue("pdf-lang-wrong", "mismatch", facts={"lang": lang, "share": round(cjk * 100)},
                      snippet=lang)]
    return []


def _pages(facts: dict[str, Any]) -> list[Issue]:
    examined = len(facts["page_facts"])
    kinds = page_kinds(facts)
    issues = []
    image_only = kinds["image-only"]
    if image_only:
        every = len(image_only) == examined
        issues.append(Issue("pdf-image-only", "pages", facts=_pages_facts(image_only, examined),
                            impact=Severity.CRITICAL if every else None))
    for kind, rule in (("ocr-layer", "pdf-ocr-layer"), ("drawings-only", "pdf-no-text")):
        if kinds[kind]:
            issues.append(Issue(rule, "pages", facts=_pages_facts(kinds[kind], examined),
                                outcome=Outcome.NEEDS_REVIEW))
    return issues + _garbled(facts)


def _garbled(facts: dict[str, Any]) -> list[Issue]:
    rule = settings("pdf-garbled-text")
    bad: list[int] = []
    shares: list[float] = []
    for number, page in enumerate(facts["page_facts"], 1):
        classes = page.get("classes") or {}
        chars = sum(classes.values())
        share = garbled_share(classes)
        if chars >= rule["min_chars"] and share > rule["min_share"]:
            bad.append(number)
            shares.append(share)
    if not bad:
        return []
    share = round(100 * sum(shares) / len(shares))
    return [Issue("pdf-garbled-text", "pages",
                  facts={**_pages_facts(bad, len(facts["page_facts"])), "share": share})]


def _fonts(facts: dict[str, Any]) -> list[Issue]:
    """A finding per named font without a Unicode mapping; one for all the fonts of a subtype
    that have no name (Type3 fonts have none: told apart by nothing stable, a document in
    dozens of them would get dozens of findings of one location and one fingerprint).

    A font is named without its subset tag (``ABCDEF+SimSun`` is ``SimSun``): every export
    draws new tags, and a location that changed with them would show the same barrier as
    fixed and new in the next round. The tags stay in the snippet."""
    unnamed: dict[str, list[dict[str, Any]]] = {}
    named: dict[str, list[dict[str, Any]]] = {}
    for font in facts["fonts"]:
        if _maps_to_unicode(font):
            continue
        if font["name"] == UNNAMED_FONT:
            unnamed.setdefault(font["subtype"], []).append(font)
        else:
            named.setdefault(_SUBSET_TAG.sub("", font["name"]), []).append(font)
    return [Issue("pdf-font-unicode", "unnamed", f"{subtype} fonts without a name",
                  {"count": len(fonts), "subtype": subtype, "pages": _font_pages(fonts)},
                  snippet=f"/{subtype}") for subtype, fonts in unnamed.items()] + \
        [Issue("pdf-font-unicode", "font", f"font {name!r}",
               {"font": name, "subtype": fonts[0]["subtype"],
                "encoding": fonts[0]["encoding"] or "built-in", "pages": _font_pages(fonts)},
               snippet=f"/{fonts[0]['subtype']} " + " ".join(f"/{font['name']}" for font in fonts))
         for name, fonts in named.items()]


def _font_pages(fonts: list[dict[str, Any]]) -> str:
    return page_list(page for font in fonts for page in font["pages"])


def _maps_to_unicode(font: dict[str, Any]) -> bool:
    """Whether a reader can tell which characters the font's codes are (PDF/UA 7.21.7-1 and
    its exemptions: predefined Adobe CJK collections, standard encodings, non-symbolic
    simple fonts)."""
    if font["to_unicode"]:
        return True
    subtype = font["subtype"]
    if subtype == "Type0":
        return font["registry"] == "Adobe" and font["ordering"] in _ADOBE_ORDERINGS
    if subtype == "Type3":
        return False
    if subtype == "TrueType" and font["symbolic"]:
        return (font["encoding"] or "").split("+")[0] in _STANDARD_ENCODINGS
    return True


def _structure(facts: dict[str, Any]) -> list[Issue]:
    structure = facts["structure"]
    figures: list[tuple[str, str | None, dict[str, Any]]] = [
        (_where(figure["page"], "figure", number), figure["alt"] or figure["actual_text"],
                {}) for number, figure in enumerate(structure["figures"], 1)]
    issues = alt_issues(figures, "pdf-figure-alt", "missing")
    if not structure["headings"] and facts["pages"] >= settings("pdf-no-headings")["min_pages"]:
        issues.append(Issue("pdf-no-headings", "none", facts={"pages": facts["pages"]},
                            outcome=Outcome.NEEDS_REVIEW))
    issues += [Issue("pdf-table-headers", "none", _where(table["page"], "table", number),
                     {"rows": table["rows"]})
               for number, table in enumerate(structure["tables"], 1)
               if table["rows"] >= 2 and not table["header_cells"]]
    return issues


def _annotations(facts: dict[str, Any]) -> list[Issue]:
    issues = []
    unordered = []
    for number, page in enumerate(facts["page_facts"], 1):
        annots = page.get("annots") or []
        outside = [kind for kind, held in annots if not held]
        if outside:
            kinds = ", ".join(f"{outside.count(k)} {k}" for k in sorted(set(outside)))
            issues.append(Issue("pdf-annot-untagged", "page", f"page {number}",
                                {"count": len(outside), "kinds": kinds}))
        if annots and page.get("tabs") != "S":
            unordered.append(number)
    if unordered:
        issues.append(Issue("pdf-tab-order", "pages",
                            facts={"count": len(unordered), "pages": page_list(unordered)}))
    return issues


def _where(page: int | None, kind: str, number: int) -> str:
    return f"page {page}, {kind} {number}" if page else f"{kind} {number}"


def _pages_facts(pages: list[int], total: int) -> dict[str, Any]:
    return {"count": len(pages), "total": total, "pages": page_list(pages)}


def _char_totals(facts: dict[str, Any]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for page in facts["page_facts"]:
        add(totals, page.get("classes") or {})
    return totals
