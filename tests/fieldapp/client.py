"""A small HTTP client for the field app over a real socket: cookies, CSRF tokens, uploads."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    url: str = ""
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                   _NoRedirect())
        self.token = ""

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str] | None = None, *,
             files: dict[str, list[tuple[str, bytes]]] | None = None,
             csrf: bool = True, headers: dict[str, str] | None = None) -> Reply:
        fields = dict(data or {})
        if csrf:
            fields.setdefault("csrf_token", self.token)
        if files:
            body, kind = _multipart(fields, files)
        else:
            body, kind = urllib.parse.urlencode(fields).encode(), \
                "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Content-Type": kind} | (headers or {}))
        return self._open(request)

    def log_in(self, name: str, password: str) -> Reply:
        self.get("/login")
        reply = self.post("/login", {"name": name, "password": password})
        self.get("/")  # the session is new after login: so is its CSRF token
        return reply

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            response = self._opener.open(request, timeout=30)
        except urllib.error.HTTPError as err:
            response = err
        body = response.read()
        text = body.decode("utf-8", errors="replace")
        found = _TOKEN.search(text)
        if found:
            self.token = found.group(1)
        return Reply(response.status, text, dict(response.headers.items()), response.url, body)


def _multipart(fields: dict[str, str],
               files: dict[str, list[tuple[str, bytes]]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, uploads in files.items():
        for filename, data in uploads:
            head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n')
            parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
