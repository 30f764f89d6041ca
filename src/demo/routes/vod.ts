// The script-built player (see data/vod.ts): player pages, the script that computes the codes,
// and the guarded stream — manifest (fresh code + player Referer), key (cookie), segments
// (Referer + token). Each refusal is a 403 whose text says which check failed.
import { createCipheriv } from 'node:crypto';
import { assetBytes } from '../assets.js';
import {
  NOTE_MAX_AGE_SLOTS,
  noteSalt,
  PASS_MAX_AGE_SLOTS,
  passSalt,
  segmentSalt,
  VOD_CODE_SOURCE,
  VOD_COOKIE,
  VOD_PAIR_PATH,
  VOD_SCRIPT_PATH,
  VOD_SLOT_MS,
  VOD_VIDEOS,
  vodCode,
  vodCodeIsFresh,
  vodKey,
  vodSegments,
  vodSlot,
  vodSubtitles,
  vodVideo,
  type VodVideo,
} from '../data/vod.js';
import { escapeHtml, escapeText, html, reply, text, type DemoRequest, type Reply, type Route } from '../reply.js';

function playerPage(title: string, videos: readonly VodVideo[]): string {
  const players = videos
    .map((video) => `<section><h2>${escapeText(video.title)}</h2>\n<div class="player" data-vid="${escapeHtml(video.vid)}"${video.subtitles ? ' data-subs="en"' : ''}>Loading the player…</div></section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${escapeText(title)}</title></head>
<body>
<h1>${escapeText(title)}</h1>
${players}
<script src="${VOD_SCRIPT_PATH}"></script>
</body>
</html>
`;
}

const PLAYER_SCRIPT = `(function () {
${VOD_CODE_SOURCE}
var slot = Math.floor(Date.now() / ${VOD_SLOT_MS});
var players = document.querySelectorAll('.player');
for (var i = 0; i < players.length; i++) load(players[i]);
function load(box) {
  var vid = box.getAttribute('data-vid');
  document.cookie = '${VOD_COOKIE}_' + vid + '=' + vodCode('pass:' + vid, slot) + '; path=/vod/';
  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/vod/' + vid + '/index.php?note=' + vodCode('note:' + vid, slot) + '&raw=1&n.m3u8');
  xhr.onload = function () {
    box.textContent = xhr.status === 200
      ? 'Ready: ' + (xhr.responseText.match(/#EXTINF/g) || []).length + ' segments'
      : 'The player could not load its stream (' + xhr.status + ')';
  };
  xhr.send();
  var lang = box.getAttribute('data-subs');
  if (lang) fetch('/vod/' + vid + '/subs.' + lang + '.vtt');
}
})();
`;

function forbidden(reason: string): Reply {
  return text(`403 Forbidden: ${reason}\n`, 403);
}

/** The Referer must be one of this site's player pages. */
function fromPlayer(request: DemoRequest): boolean {
  const referer = request.headers.referer;
  if (!referer || !URL.canParse(referer)) return false;
  const from = new URL(referer);
  return from.host === request.headers.host && /^\/vod\/(?:play\/[A-Za-z0-9]+|pair)\.html$/.test(from.pathname);
}

function cookieValue(request: DemoRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

function manifest(request: DemoRequest, video: VodVideo): Reply {
  if (request.query.get('raw') !== '1') return text('400 Bad Request: raw=1 is required\n', 400);
  if (!vodCodeIsFresh(request.query.get('note'), noteSalt(video.vid), NOTE_MAX_AGE_SLOTS)) return forbidden('the note code is missing or stale (a code lasts 30 s)');
  if (!fromPlayer(request)) return forbidden('the Referer must be the player page');
  const token = vodCode(segmentSalt(video.vid), vodSlot());
  const segments = vodSegments(video);
  const target = Math.ceil(Math.max(...segments.map((s) => s.duration)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-MEDIA-SEQUENCE:0'];
  lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="key.php"`);
  for (const segment of segments) lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, `seg/${segment.sequence}.ts?t=${token}`);
  lines.push('#EXT-X-ENDLIST');
  // What a PHP script answers unless told otherwise: the body, not the type, says it is a playlist.
  return reply(200, 'text/html; charset=UTF-8', `${lines.join('\n')}\n`, { 'cache-control': 'no-store' });
}

function key(request: DemoRequest, video: VodVideo): Reply {
  const cookie = `${VOD_COOKIE}_${video.vid}`;
  if (!vodCodeIsFresh(cookieValue(request, cookie), passSalt(video.vid), PASS_MAX_AGE_SLOTS)) return forbidden(`the ${cookie} cookie is missing or stale`);
  return reply(200, 'application/octet-stream', vodKey(video), { 'cache-control': 'no-store' });
}

const encrypted = new Map<string, Buffer>();

function segment(request: DemoRequest, video: VodVideo, sequence: number): Reply | undefined {
  const entry = vodSegments(video)[sequence];
  if (!entry) return undefined;
  if (!vodCodeIsFresh(request.query.get('t'), segmentSalt(video.vid), PASS_MAX_AGE_SLOTS)) return forbidden('the segment token is missing or stale');
  if (!fromPlayer(request)) return forbidden('the Referer must be the player page');
  const cacheKey = `${video.vid}/${sequence}`;
  let bytes = encrypted.get(cacheKey);
  if (!bytes) {
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(sequence, 12);
    const cipher = createCipheriv('aes-128-cbc', vodKey(video), iv);
    bytes = Buffer.concat([cipher.update(assetBytes(entry.file)), cipher.final()]);
    encrypted.set(cacheKey, bytes);
  }
  return reply(200, 'video/mp2t', bytes);
}

const STREAM_PATH = /^\/vod\/([A-Za-z0-9]+)\/(index\.php|key\.php|seg\/(\d{1,4})\.ts|subs\.en\.vtt)$/;
const PLAYER_PATH = /^\/vod\/play\/([A-Za-z0-9]+)\.html$/;

function handle(request: DemoRequest): Reply | undefined {
  const { path } = request;
  if (path === VOD_SCRIPT_PATH) return reply(200, 'text/javascript; charset=utf-8', PLAYER_SCRIPT);
  if (path === VOD_PAIR_PATH) return html(playerPage('Two players', VOD_VIDEOS));
  const player = PLAYER_PATH.exec(path);
  if (player) {
    const video = vodVideo(player[1]!);
    return video ? html(playerPage(video.title, [video])) : undefined;
  }
  const stream = STREAM_PATH.exec(path);
  const video = stream ? vodVideo(stream[1]!) : undefined;
  if (!stream || !video) return undefined;
  if (stream[2] === 'index.php') return manifest(request, video);
  if (stream[2] === 'key.php') return key(request, video);
  if (stream[3] !== undefined) return segment(request, video, Number(stream[3]));
  return video.subtitles ? reply(200, 'text/vtt; charset=utf-8', vodSubtitles(video)) : undefined;
}

export const vodRoutes: readonly Route[] = [{ prefix: '/vod/', matches: (p) => p.startsWith('/vod/'), handle }];
