"""Captions and alternatives for media (WCAG 1.2.1, 1.2.2, 1.2.3, 1.2.5).

- A ``<video>`` with sound and no captions or subtitles track fails 1.2.2 (a track whose file
  is missing, cannot be loaded or holds no cue shows no captions: it counts as none; captions
  in the picture, which the text around the video says it has, need none); whether
  it has sound is decided from the media (it plays muted for a moment and the decoded audio
  bytes say; a codec Chromium cannot decode leaves it unknown: needs review). A video without
  sound is no captions failure. Every video that can be heard needs review for what it shows
  only in pictures (1.2.3, 1.2.5), and a silent one for a text or audio alternative (1.2.1).
- An ``<audio>`` without a transcript beside it (words in its figure or the elements just
  before and after it) needs review (1.2.1): whether it holds speech is not known.
- An iframe of a common video platform (腾讯视频, 优酷, 哔哩哔哩, ...) needs review: its
  player is not ours to inspect.

Whether a video is a government press conference or a public-emergency video (where the
district's plan asks for captions explicitly) is for the person reviewing. Settings and
words: ``data/media.yaml``.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, data, make_finding, script, words_pattern

_CAPTIONS = {"captions", "subtitles"}


async def gather(ctx: CheckContext) -> Raw:
    settings = data("media")
    arg = {"transcript_words": words_pattern(settings["transcript_words"]),
           "open_caption_words": words_pattern(settings["open_caption_words"]),
           "max_videos": settings["max_videos"], "play_ms": settings["play_ms"],
           "load_ms": settings["load_ms"]}
    return await ctx.tab.evaluate(script("media"), arg, ctx.timeout_s)


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    findings: list[Finding] = []
    for video in raw.get("videos", []):
        findings += _video(video, page_url)
    for audio in raw.get("audios", []):
        if not audio["transcript"] and not _CAPTIONS & set(audio["tracks"]):
            findings.append(_finding("audio-transcript-missing", Outcome.NEEDS_REVIEW, audio,
                                     "none", page_url))
    for frame in raw.get("frames", []):
        platform = player(frame["host"])
        if platform:
            findings.append(_finding("embedded-video-review", Outcome.NEEDS_REVIEW, frame,
                                     "player", page_url, {"platform": platform}))
    return findings


def player(host: str) -> str | None:
    """The video platform whose player ``host`` serves (itself or a parent domain)."""
    players: dict[str, str] = data("media")["players"]
    parts = host.lower().split(".")
    return next((players[".".join(parts[i:])] for i in range(len(parts))
                 if ".".join(parts[i:]) in players), None)


def _video(video: dict[str, Any], page_url: str) -> list[Finding]:
    sound = video["sound"]
    if sound is False:
        return [_finding("video-alternative-review", Outcome.NEEDS_REVIEW, video, "silent",
                         page_url)]
    found = [_finding("video-alternative-review", Outcome.NEEDS_REVIEW, video, "sound",
                      page_url)]
    if not _CAPTIONS & set(video["tracks"]) and not video.get("open_captions"):
        outcome = Outcome.VIOLATION if sound else Outcome.NEEDS_REVIEW
        found.insert(0, _finding("video-captions-missing", outcome, video,
                                 _no_captions(video), page_url))
    return found


def _no_captions(video: dict[str, Any]) -> str:
    """Which message says why a video has no captions: a track that shows none, or none."""
    if _CAPTIONS & set(video.get("empty_tracks", [])):
        return "empty-track"
    return "sound" if video["sound"] else "unknown"


def _finding(rule: str, outcome: Outcome, element: dict[str, Any], message: str,
             page_url: str, values: dict[str, Any] | None = None) -> Finding:
    return make_finding(rule=rule, outcome=outcome, element=element, message=message,
                        values=values, page_url=page_url)
