"""Properties of ``normalise`` over generated links: one page, one frontier key."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from audit.webscan.crawl.urls import normalise

SEGMENTS = st.sampled_from([
    "", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2e.", "a", "B", "%41", "%7e", "~x", "政务",
    "%E6%94%BF", "a b", "100%", "%2F", "p;jsessionid=1", "p;v=2", "x;SID=9", "..a", "a.."])
QUERY_PARTS = st.sampled_from(["a=1", "b=%7e", "utm_source=x", "q=a+b", "kw=政务", "", "id=2",
                               "flag", "%41=1", "x=%2e%2e"])


@st.composite
def links(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP"]))
    host = draw(st.sampled_from(["x.cn", "WWW.Example.gov.cn", "政府.中国", "127.0.0.1:8080",
                                 "user:pw@x.cn", "x.cn.", "[::1]"]))
    path = "/".join(draw(st.lists(SEGMENTS, max_size=6)))
    query = "&".join(draw(st.lists(QUERY_PARTS, max_size=4)))
    fragment = draw(st.sampled_from(["", "#top", "#/route"]))
    return f"{scheme}://{host}/{path}" + (f"?{query}" if query else "") + fragment


@given(links())
@example("http://x.cn/a/%2e%2e/b")  # RFC 3986 6.2.2: decode unreserved, then remove dots
@example("http://x.cn/a/.%2E/b/%2e/c")
def test_normalising_twice_changes_nothing(link):
    once = normalise(link)
    assert once is not None
    assert normalise(once) == once


@given(links(), st.sampled_from(["http://x.cn/a/b/c", "https://x.cn/", None]))
def test_the_canonical_form_is_plain_ascii_without_fragment_user_or_dot_segments(link, base):
    canonical = normalise(link, base)
    assert canonical is not None and canonical.isascii()
    parts = urlsplit(canonical)
    assert parts.fragment == "" and "@" not in parts.netloc
    assert not {".", ".."} & set(parts.path.split("/"))
    assert "%2E" not in parts.path.upper()


def test_an_escaped_dot_segment_is_a_dot_segment():
    assert normalise("http://x.cn/a/%2e%2e/b") == "http://x.cn/b"
    assert normalise("http://x.cn/a/%2E/b") == "http://x.cn/a/b"
    assert normalise("http://x.cn/a/%2e%2e") == "http://x.cn/"


@given(st.lists(st.tuples(links(), st.sampled_from(["http://x.cn/a/b/c", "https://x.cn/", None])),
                min_size=1, max_size=5))
def test_a_remembered_answer_is_the_answer_worked_out_afresh(asked):
    """``normalise`` keeps recent answers (a crawl asks about the same menu on every page):
    asking again, in any order, gives what working it out from scratch gives."""
    for link, base in asked + asked[::-1]:
        assert normalise(link, base) == normalise.__wrapped__(link, base)
