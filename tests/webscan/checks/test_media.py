"""Captions and alternatives for media, the browser-free part: verdicts from what the page
told about its videos, audios and frames."""

from __future__ import annotations

from audit.webscan.checks.media import analyse, player


def video(selector, sound, tracks=(), empty=()):
    return {"selector": selector, "html": "<video>", "tracks": list(tracks), "sound": sound,
            "src": "a.mp4", "empty_tracks": list(empty)}


def verdicts(raw):
    return [(f.rule, f.selector, str(f.outcome), f.facts["message"])
            for f in analyse(raw, "http://example.gov.cn/")]


def test_a_video_is_failed_for_captions_only_when_it_has_sound():
    raw = {"videos": [video("#loud", True), video("#silent", False), video("#mp4", None),
                      video("#captioned", True, ["captions"]), video("#subs", None, ["subtitles"])]}
    assert verdicts(raw) == [
        ("video-captions-missing", "#loud", "violation", "sound"),
        ("video-alternative-review", "#loud", "needs-review", "sound"),
        ("video-alternative-review", "#silent", "needs-review", "silent"),
        ("video-captions-missing", "#mp4", "needs-review", "unknown"),
        ("video-alternative-review", "#mp4", "needs-review", "sound"),
        ("video-alternative-review", "#captioned", "needs-review", "sound"),
        ("video-alternative-review", "#subs", "needs-review", "sound")]


def test_a_captions_track_that_shows_nothing_is_no_captions():
    raw = {"videos": [video("#empty", True, (), ["captions"]),
                      video("#mp4", None, (), ["subtitles"]),
                      video("#one-good", True, ["captions"], ["captions"]),
                      video("#chapters", True, (), ["chapters"])]}
    assert verdicts(raw) == [
        ("video-captions-missing", "#empty", "violation", "empty-track"),
        ("video-alternative-review", "#empty", "needs-review", "sound"),
        ("video-captions-missing", "#mp4", "needs-review", "empty-track"),
        ("video-alternative-review", "#mp4", "needs-review", "sound"),
        ("video-alternative-review", "#one-good", "needs-review", "sound"),
        ("video-captions-missing", "#chapters", "violation", "sound"),
        ("video-alternative-review", "#chapters", "needs-review", "sound")]
    audio = {"selector": "#a", "html": "<audio>", "tracks": [], "empty_tracks": ["captions"],
             "transcript": False}
    assert verdicts({"audios": [audio]}) == [
        ("audio-transcript-missing", "#a", "needs-review", "none")]


def test_a_video_said_to_have_its_captions_in_the_picture_needs_no_track():
    burned = {**video("#burned", True), "open_captions": True}
    assert verdicts({"videos": [burned]}) == [
        ("video-alternative-review", "#burned", "needs-review", "sound")]


def test_audio_without_a_transcript_and_platform_players_need_review():
    raw = {"audios": [{"selector": "#a", "html": "<audio>", "tracks": [], "transcript": False},
                      {"selector": "#b", "html": "<audio>", "tracks": [], "transcript": True}],
           "frames": [{"selector": "#v", "html": "<iframe>", "host": "v.qq.com"},
                      {"selector": "#m", "html": "<iframe>", "host": "map.example.gov.cn"}]}
    assert verdicts(raw) == [("audio-transcript-missing", "#a", "needs-review", "none"),
                             ("embedded-video-review", "#v", "needs-review", "player")]


def test_players_by_host_or_parent_domain():
    assert player("player.bilibili.com") == "哔哩哔哩"
    assert player("V.QQ.COM") == "腾讯视频"
    assert player("tv.cctv.com") == "央视网"
    assert player("qq.com") is None
    assert player("notbilibili.com") is None
