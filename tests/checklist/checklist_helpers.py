"""Shared by the checklist tests: YAML snippets for small test checklists."""

from __future__ import annotations

import textwrap

HEADER = """\
schema: a11y-audit/checklist/1
id: test-list
version: "1"
kind: physical
standard: TEST
title:
  zh: 测试
  en: Test
sections:
  - id: main
    title:
      zh: 主要
      en: Main
    items:
"""


SOURCE = "source: {basis: secondary, seen: test}"


def item_yaml(item_id: str, body: str) -> str:
    """One item under ``items:`` with a prompt; ``body`` holds the other keys."""
    lines = [f"- id: {item_id}", "  prompt:", "    zh: 问题", "    en: Question"]
    lines += ["  " + line for line in textwrap.dedent(body).strip().splitlines()]
    return textwrap.indent("\n".join(lines), "      ") + "\n"
