// Writes assets/demo/manifest.json: the size and sha256 of every committed demo binary, and the
// duration of each HLS segment (taken from the playlist ffmpeg wrote, which is then removed).
// The demo server checks nothing at run time; the tests compare the files against this manifest.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../assets/demo/', import.meta.url).pathname;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const hls = {};
for (const dir of ['lesson', 'multi/v1', 'multi/v2', 'multi/v3']) {
  const playlist = join(root, 'hls', dir, 'index.m3u8');
  if (!existsSync(playlist)) continue;
  const lines = readFileSync(playlist, 'utf8').split('\n');
  const segments = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^#EXTINF:([\d.]+),/.exec(lines[i]);
    if (match) segments.push({ file: `hls/${dir}/${lines[i + 1].trim()}`, duration: Number(match[1]) });
  }
  hls[dir] = segments;
  rmSync(playlist);
}

const files = {};
for (const path of walk(root).sort()) {
  const rel = relative(root, path);
  if (rel === 'manifest.json') continue;
  const bytes = readFileSync(path);
  files[rel] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
const previous = existsSync(join(root, 'manifest.json')) ? JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) : {};
const manifest = { files, hls: Object.keys(hls).length > 0 ? hls : previous.hls };
writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
