// Captions and alternatives for media (WCAG 1.2.x): videos with their tracks, whether they
// have sound (played muted for a moment) and any words beside them saying their captions are
// in the picture; audios with any transcript words beside them; iframes.
const TRANSCRIPT = new RegExp(arg.transcript_words, 'i');
const OPEN_CAPTIONS = new RegExp(arg.open_caption_words, 'i');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const kindOf = (t) => (t.getAttribute('kind') || 'subtitles').toLowerCase();
const TEXT_KINDS = new Set(['captions', 'subtitles']);
// Load every captions and subtitles track (a disabled one loads nothing), wait a bounded time
// for each to load or fail, and put the modes back. `empty`: loaded with no cue, or failed.
const loadTracks = async (media) => {
  const textTracks = media.flatMap((m) => [...m.querySelectorAll('track')])
    .filter((t) => TEXT_KINDS.has(kindOf(t)));
  const modes = textTracks.map((t) => t.track.mode);
  const settled = textTracks.filter((t) => t.readyState < 2).map((t) => new Promise((resolve) => {
    t.addEventListener('load', resolve, {once: true});
    t.addEventListener('error', resolve, {once: true});
  }));
  textTracks.forEach((t) => { if (t.track.mode === 'disabled') t.track.mode = 'hidden'; });
  await Promise.race([Promise.all(settled), sleep(arg.load_ms)]);
  const empty = new Set(textTracks.filter((t) => t.readyState === 3 ||
    (t.readyState === 2 && t.track.cues && t.track.cues.length === 0)));
  textTracks.forEach((t, i) => { t.track.mode = modes[i]; });
  return empty;
};
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
// The text that is about one player and no other: its figure's, else that of the elements
// just before and after it (not another player, nor what holds one). A "阅读全文" elsewhere
// in the page says nothing of an audio.
const PLAYERS = 'video, audio';
const besideText = (player) => {
  const figure = player.closest('figure');
  if (figure) return figure.innerText || '';
  const about = (el) => el && !el.matches(PLAYERS) && !el.querySelector(PLAYERS);
  return [player.previousElementSibling, player.nextElementSibling]
    .map((el) => (about(el) ? el.innerText || '' : '')).join(' ');
};
const elements = allElements();
const heard = elements.filter((el) => el.localName === 'video')
  .filter((video) => !video.muted || video.controls);  // a muted one without controls is not
const audible = elements.filter((el) => el.localName === 'audio' && (el.controls || el.autoplay));
const empty = await loadTracks([...heard, ...audible]);
// The kinds of a player's tracks that show something (or could not be told), and of the rest.
const tracks = (media) => [...media.querySelectorAll('track')].filter((t) => !empty.has(t))
  .map(kindOf);
const emptyTracks = (media) => [...media.querySelectorAll('track')].filter((t) => empty.has(t))
  .map(kindOf);
const videos = [];
let played = 0;
for (const video of heard) {
  const sound = played < arg.max_videos ? await hasSound(video) : null;
  played += 1;
  videos.push({...describe(video), tracks: tracks(video), empty_tracks: emptyTracks(video), sound,
    open_captions: OPEN_CAPTIONS.test(besideText(video)),
    src: (video.currentSrc || video.getAttribute('src') || '').slice(0, 300)});
}
const audios = audible.map((audio) => ({...describe(audio), tracks: tracks(audio),
  empty_tracks: emptyTracks(audio), transcript: TRANSCRIPT.test(besideText(audio))}));
const players = elements.filter((el) => el.localName === 'iframe' && el.src)
  .map((frame) => {
    let host = '';
    try { host = new URL(frame.src, location.href).hostname.toLowerCase(); } catch (e) {}
    return {...describe(frame), host};
  }).filter((frame) => frame.host).slice(0, 50);
return {videos, audios, frames: players};
