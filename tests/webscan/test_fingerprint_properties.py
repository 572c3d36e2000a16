"""Fingerprint stability over generated variations: what changes between deployments or runs
(host, query order, sibling indices, generated ids, other attributes) keeps the fingerprint;
what names another barrier (rule, page, stable attributes) changes it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.webscan.fingerprint import fingerprint, normalise_selector

RULES = st.sampled_from(["image-alt", "color-contrast", "label", "keyboard-trap"])
PATHS = st.sampled_from(["/", "/zwgk/index.html", "/news", "/s"])
QUERIES = st.lists(st.sampled_from(["id=1", "id=2", "page=3", "lang=zh"]), max_size=3,
                   unique=True)
HOSTS = st.sampled_from(["http://www.example.gov.cn", "https://example.gov.cn:8443",
                         "http://127.0.0.1:8080"])
STABLE = st.fixed_dictionaries({}, optional={"src": st.sampled_from(["/a.png", "/b.png"]),
                                             "alt": st.sampled_from(["", "logo"]),
                                             "name": st.sampled_from(["q", "kw"])})
VOLATILE_IDS = st.sampled_from(["el-8f3a9c2d", "item-20231", r"\:r1\:", "x-12"])  # as in axe
NTH = st.sampled_from(["", ":nth-child(3)", ":nth-of-type(12)"])


def element(tag: str, stable: dict[str, str], extra: dict[str, str], reverse: bool) -> str:
    attrs = [*stable.items(), *extra.items()]
    attrs = attrs[::-1] if reverse else attrs
    return f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in attrs) + "><span>child</span>"


@given(RULES, PATHS, QUERIES, HOSTS, HOSTS, STABLE, VOLATILE_IDS, VOLATILE_IDS, NTH, NTH,
       st.booleans())
def test_what_changes_between_runs_keeps_the_fingerprint(rule, path, query, host, other_host,
                                                          stable, id_one, id_two, nth_one,
                                                          nth_two, reverse):
    url = f"{host}{path}" + (f"?{'&'.join(query)}" if query else "")
    moved = f"{other_host}{path}" + (f"?{'&'.join(query[::-1])}" if query else "")
    first = fingerprint(rule, url, f"main > div#{id_one} > img{nth_one}",
                        element("img", stable, {"class": "a", "data-v-1": "x"}, False))
    again = fingerprint(rule, moved, f"main > div#{id_two} > img{nth_two}",
                        element("img", stable, {"class": "b", "style": "x"}, reverse))
    assert first == again
    assert len(first) == 20 and int(first, 16) >= 0


@given(RULES, RULES, PATHS, PATHS, STABLE, STABLE)
def test_rule_page_and_stable_attributes_tell_barriers_apart(rule, other_rule, path, other_path,
                                                             stable, other_stable):
    one = fingerprint(rule, f"http://x.cn{path}", "img", element("img", stable, {}, False))
    two = fingerprint(other_rule, f"http://x.cn{other_path}", "img",
                      element("img", other_stable, {}, False))
    same = (rule, path, stable) == (other_rule, other_path, other_stable)
    assert (one == two) is same


@given(st.text(alphabet="#:-_()abc0123456789 >.[]=\\", max_size=40))
def test_normalising_a_selector_twice_changes_nothing(selector):
    once = normalise_selector(selector)
    assert normalise_selector(once) == once
