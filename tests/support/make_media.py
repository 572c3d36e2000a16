"""Writes the media fixtures of the captions checks (run once; the files are committed):
one-second WebM clips recorded by Chromium's MediaRecorder from a canvas, with a tone (VP8 and
Opus) or without any audio track (VP8 only).

    python -m tests.support.make_media tests/webscan/checks/pages/media
"""

from __future__ import annotations

import asyncio
import base64
import sys
from pathlib import Path

from playwright.async_api import async_playwright

from audit.webscan.browser import find_browser

RECORD = """async (withAudio) => {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 90;
  document.body.append(canvas);
  const paint = canvas.getContext('2d');
  const stream = canvas.captureStream(25);
  if (withAudio) {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const out = audio.createMediaStreamDestination();
    tone.connect(out);
    tone.start();
    stream.addTrack(out.stream.getAudioTracks()[0]);
  }
  const type = withAudio ? 'video/webm;codecs=vp8,opus' : 'video/webm;codecs=vp8';
  const recorder = new MediaRecorder(stream, {mimeType: type});
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  let frame = 0;
  const timer = setInterval(() => {
    paint.fillStyle = `hsl(${(frame++ * 15) % 360}, 70%, 50%)`;
    paint.fillRect(0, 0, 160, 90);
  }, 40);
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, 1200));
  recorder.stop();
  await new Promise((resolve) => { recorder.onstop = resolve; });
  clearInterval(timer);
  const bytes = new Uint8Array(await new Blob(chunks, {type}).arrayBuffer());
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}"""


async def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(find_browser().path),
            args=["--autoplay-policy=no-user-gesture-required"])
        page = await browser.new_page()
        await page.goto("about:blank")
        for name, audio in (("speech.webm", True), ("silent.webm", False)):
            data = await page.evaluate(RECORD, audio)
            (folder / name).write_bytes(base64.b64decode(data))
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
