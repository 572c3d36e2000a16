// Captions and alternatives for media (WCAG 1.2.x): videos with their tracks and whether they
// have sound (played muted for a moment), audios with any transcript words nearby, iframes.
const TRANSCRIPT = new RegExp(arg.transcript_words, 'i');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tracks = (media) => [...media.querySelectorAll('track')]
  .map((t) => (t.getAttribute('kind') || 'subtitles').toLowerCase());
// Decoded audio bytes after a moment of muted play: true, false, or null (nothing decoded).
const hasSound = async (video) => {
  const state = {muted: video.muted, time: video.currentTime, paused: video.paused};
  if (video.readyState < 1) {
    if (video.preload === 'none') video.preload = 'metadata';
    await Promise.race([new Promise((resolve) => {
      video.addEventListener('loadedmetadata', resolve, {once: true});
      video.addEventListener('error', resolve, {once: true});
    }), sleep(arg.load_ms)]);
  }
  video.muted = true;
  try { await Promise.race([video.play(), sleep(arg.load_ms)]); } catch (e) { return null; }
  await sleep(arg.play_ms);
  const audio = video.webkitAudioDecodedByteCount;
  const pictures = video.webkitVideoDecodedByteCount;
  if (state.paused) video.pause();
  try { video.currentTime = state.time; } catch (e) {}
  video.muted = state.muted;
  if (audio === undefined) return null;
  if (audio > 0) return true;
  return pictures > 0 ? false : null;
};
const nearbyText = (el) => {
  let around = el.parentElement;
  for (let up = 1; up < 3 && around && around.parentElement && around !== document.body; up++) {
    around = around.parentElement;
  }
  return around ? around.innerText || '' : '';
};
const videos = [];
let played = 0;
for (const video of allElements().filter((el) => el.localName === 'video')) {
  if (video.muted && !video.controls) continue;  // it can never be heard
  const sound = played < arg.max_videos ? await hasSound(video) : null;
  played += 1;
  videos.push({...describe(video), tracks: tracks(video), sound,
    src: (video.currentSrc || video.getAttribute('src') || '').slice(0, 300)});
}
const audios = allElements().filter((el) => el.localName === 'audio' && (el.controls || el.autoplay))
  .map((audio) => ({...describe(audio), tracks: tracks(audio),
    transcript: TRANSCRIPT.test(nearbyText(audio))}));
const players = allElements().filter((el) => el.localName === 'iframe' && el.src)
  .map((frame) => {
    let host = '';
    try { host = new URL(frame.src, location.href).hostname.toLowerCase(); } catch (e) {}
    return {...describe(frame), host};
  }).filter((frame) => frame.host).slice(0, 50);
return {videos, audios, frames: players};
