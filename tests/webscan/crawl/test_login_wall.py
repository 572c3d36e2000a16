"""Which redirects are login walls, and the login page's one address."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from audit.webscan.crawl.login_wall import login_page

SITE = "http://www.example.gov.cn"
HALL = SITE + "/bsdt/item?id=7"  # a protected page of the 办事大厅


@pytest.mark.parametrize("final, login", [
    (SITE + "/login?next=/bsdt/item?id=7", SITE + "/login"),
    (SITE + "/login?next=%2Fbsdt%2Fitem%3Fid%3D7", SITE + "/login"),
    (SITE + "/login?returnUrl=" + quote(HALL, safe=""), SITE + "/login"),
    (SITE + "/Account/Login?ReturnUrl=%2fbsdt%2fitem%3fid%3d7", SITE + "/Account/Login"),
    (SITE + "/cas/login?service=" + quote(quote(HALL, safe=""), safe=""), SITE + "/cas/login"),
    (SITE + "/login?locale=zh&redirect=/bsdt/item?id=7", SITE + "/login?locale=zh"),
    (SITE + "/login?from=/bsdt/item%3Fid%3D7#top", SITE + "/login"),
    ("https://sso.example.cn/login?goto=" + quote(HALL, safe=""), "https://sso.example.cn/login"),
    (SITE + "/login?url=//www.example.gov.cn/bsdt/item?id=7", SITE + "/login"),
])
def test_a_parameter_naming_the_address_makes_a_login_wall(final, login):
    assert login_page(HALL, final) == login


@pytest.mark.parametrize("final", [
    SITE + "/news/1.html",  # an ordinary redirect
    SITE + "/login?next=/bsdt/other",  # names another address
    SITE + "/login?next=/bsdt/item?id=8",
    SITE + "/login?next=bsdt/item?id=7",  # not written as an address
    SITE + "/login?next=&id=7",
    "ftp://www.example.gov.cn/login?next=/bsdt/item?id=7",
])
def test_other_redirects_are_no_login_wall(final):
    assert login_page(HALL, final) is None
