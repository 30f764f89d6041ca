// Shared by the HLS parser tests: fixture loading, typed parse shortcuts and error capture.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { PlaylistError } from '../../../src/errors/index.js';
import { parsePlaylist, type MasterPlaylist, type MediaPlaylist } from '../../../src/hls/index.js';

export const BASE = 'https://cdn.example.test/video/index.m3u8';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/hls/${name}`, import.meta.url), 'utf8');
}

export function media(text: string, url: string | URL = BASE): MediaPlaylist {
  const playlist = parsePlaylist(text, url);
  if (playlist.kind !== 'media') throw new Error(`expected a media playlist, got ${playlist.kind}`);
  return playlist;
}

export function master(text: string, url: string | URL = BASE): MasterPlaylist {
  const playlist = parsePlaylist(text, url);
  if (playlist.kind !== 'master') throw new Error(`expected a master playlist, got ${playlist.kind}`);
  return playlist;
}

/** Lines joined with LF, for inline playlists. */
export function m3u8(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/**
 * The PlaylistError `parse` throws for `text` read strictly (RFC 8216 as written: the
 * deviations players accept are refused too); fails the test when it parses.
 */
export function playlistError(text: string, url: string = BASE): PlaylistError {
  try {
    parsePlaylist(text, url, { strict: true });
  } catch (error) {
    expect(error).toBeInstanceOf(PlaylistError);
    return error as PlaylistError;
  }
  throw new Error('expected the playlist to be refused, but it parsed');
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** `value` without `line` fields: where a tag stood is a property of the text, not of the playlist. */
export function withoutLines<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'line' ? undefined : inner instanceof Uint8Array ? [...inner] : inner))) as T;
}
