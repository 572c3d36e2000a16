"""The engine-independent parts of a tab: the log of the JavaScript dialogs a page opened."""

from __future__ import annotations

from audit.report.notes import english_note
from audit.webscan.driver import DialogLog


def _log(texts: list[str], *, repeats_doubtful: bool) -> list[str]:
    log = DialogLog(repeats_doubtful=repeats_doubtful)
    for text in texts:
        log.add(text, "alert")
    return [english_note(note) for note in log.notes()]


def test_the_first_dialogs_are_named_and_the_rest_counted():
    texts = [f"loop {n}" for n in range(1, 41)]
    assert _log(texts, repeats_doubtful=False) == [
        *(f"dismissed a JavaScript alert dialog: loop {n}" for n in range(1, 6)),
        "dismissed 35 more JavaScript dialogs"]


def test_an_engine_that_may_report_a_dialog_twice_names_it_once():
    """WebDriver can report one alert twice (chromedriver's notice of a dialog and the next
    command's): seen in a full run as 'loop 3' twice and 'loop 5' never named."""
    texts = ["loop 1", "loop 2", "loop 3", "loop 3", "loop 4", "loop 5", "loop 6"]
    assert _log(texts, repeats_doubtful=True) == [
        *(f"dismissed a JavaScript alert dialog: loop {n}" for n in range(1, 6)),
        "dismissed 2 more JavaScript dialogs"]
    assert _log(texts, repeats_doubtful=False)[3] == \
        "dismissed a JavaScript alert dialog: loop 3"
