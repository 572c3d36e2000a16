"""The DevTools commands a connection sent and is waiting on, matched to their answers by id
(our own WebSocket to a tab, and a frame reached through its parent's session)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Replies:
    """Each answer, or its error as ``error(message)``, goes to the command that waits for it;
    ``fail_all`` ends every wait when no answer can come any more."""

    def __init__(self, error: type[Exception], ids: itertools.count[int] | None = None) -> None:
        self._error = error
        self._ids = ids or itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}

    @contextmanager
    def awaited(self) -> Iterator[tuple[int, asyncio.Future[Any]]]:
        """A new command's id and the future its answer will settle, forgotten on leaving."""
        number = next(self._ids)
        answer = asyncio.get_running_loop().create_future()
        self._waiting[number] = answer
        try:
            yield number, answer
        finally:
            self._waiting.pop(number, None)

    def answer(self, message: dict[str, Any]) -> None:
        waiting = self._waiting.get(message["id"])
        if waiting is None or waiting.done():
            return
        if "error" in message:
            waiting.set_exception(self._error(str(message["error"].get("message"))))
        else:
            waiting.set_result(message.get("result"))

    def fail_all(self, why: str) -> None:
        for waiting in self._waiting.values():
            if not waiting.done():
                waiting.set_exception(self._error(why))
