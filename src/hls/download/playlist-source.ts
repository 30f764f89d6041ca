// Where segments come from: the playlists. Loads the URL the user gave, picks the variant and
// renditions from a master playlist, and keeps each media playlist current: a refresh after a
// 403 (expired token; shared by every segment that hit it, and climbing back to the master
// when the media playlist's own URL has expired), and reloads for live recording.
import type { Fetcher } from '../../http/index.js';
import { parseMasterPlaylist, parseMediaPlaylist, parsePlaylist } from '../parser/parse.js';
import { selectRendition, selectVariant, type RenditionChoice, type VariantChoice } from '../parser/select.js';
import type { MasterPlaylist, MediaPlaylist, Playlist, RenditionType, Segment } from '../parser/types.js';
import type { SegmentSource } from '../../stream/segment-job.js';
import type { StreamEvent } from '../../stream/types.js';
import type { TypedEmitter } from '../../util/emitter.js';
import { isExpiredUrl } from '../../stream/resource-fetch.js';
import { stableUrl } from '../../stream/state-file.js';
import type { PlaylistParseOptions } from '../parser/lines.js';

/** Fetches and parses a playlist; URIs in it resolve against the URL it came from after redirects. */
export async function loadPlaylist(fetcher: Fetcher, url: string, signal?: AbortSignal, parse: PlaylistParseOptions = {}): Promise<Playlist> {
  const { text, finalUrl } = await fetchText(fetcher, url, signal);
  return parsePlaylist(text, finalUrl, parse);
}

async function loadMedia(fetcher: Fetcher, url: string, signal: AbortSignal | undefined, parse: PlaylistParseOptions): Promise<MediaPlaylist> {
  const { text, finalUrl } = await fetchText(fetcher, url, signal);
  return parseMediaPlaylist(text, finalUrl, parse);
}

/**
 * Parse options for one download: `strict` as asked, and each tolerated deviation reported as
 * a warning once per playlist URL and kind, however often the playlist is loaded again.
 */
function parseOptions(choice: StreamChoice): PlaylistParseOptions {
  const warned = new Set<string>();
  return {
    strict: choice.strict === true,
    onWarning: (warning) => {
      const key = `${stableUrl(warning.url)} ${warning.code}`;
      if (warned.has(key)) return;
      warned.add(key);
      choice.events?.emit({ type: 'warning', message: `playlist ${warning.url} line ${warning.line}: ${warning.message} — accepted, as players do (--strict refuses it)` });
    },
  };
}

async function fetchText(fetcher: Fetcher, url: string, signal: AbortSignal | undefined): Promise<{ text: string; finalUrl: string }> {
  const result = await fetcher.fetch({ url, ...(signal ? { signal } : {}) });
  // RFC 8216 4.1: playlists are UTF-8, whatever a Content-Type charset claims.
  return { text: result.body.toString('utf8'), finalUrl: result.url };
}

/** A media playlist being downloaded from, kept current. */
export class MediaSource implements SegmentSource {
  #playlist: MediaPlaylist;
  #url: string;
  #generation = 0;
  #refreshing: Promise<MediaPlaylist> | undefined;

  constructor(
    private readonly fetcher: Fetcher,
    url: string,
    first: MediaPlaylist,
    /** Finds the media playlist's URL again from the master (its URL may carry a token too). */
    private readonly reResolve: (() => Promise<string>) | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly parse: PlaylistParseOptions = {},
  ) {
    this.#url = url;
    this.#playlist = first;
  }

  get playlist(): MediaPlaylist {
    return this.#playlist;
  }

  get url(): string {
    return this.#playlist.url;
  }

  /** Counts loads: a segment that failed under generation g knows whether a newer list exists. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * A fresh copy of the playlist, fetched once however many callers ask at the same time; a
   * caller that saw generation `seen` gets the newer list without a new fetch when there is one.
   */
  async refresh(seen: number): Promise<readonly Segment[]> {
    if (this.#generation > seen) return this.#playlist.segments;
    this.#refreshing ??= this.reload().finally(() => {
      this.#refreshing = undefined;
    });
    return (await this.#refreshing).segments;
  }

  /** Fetches the playlist again (live reloads, refreshes). */
  async reload(): Promise<MediaPlaylist> {
    let playlist: MediaPlaylist;
    try {
      playlist = await loadMedia(this.fetcher, this.#url, this.signal, this.parse);
    } catch (error) {
      if (!this.reResolve || !isExpiredUrl(error)) throw error;
      this.#url = await this.reResolve();
      playlist = await loadMedia(this.fetcher, this.#url, this.signal, this.parse);
    }
    this.#playlist = playlist;
    this.#generation++;
    return playlist;
  }
}

export interface RenditionSource {
  readonly choice: RenditionChoice;
  readonly source: MediaSource;
}

export interface ResolvedStream {
  readonly master?: MasterPlaylist | undefined;
  readonly variant?: VariantChoice | undefined;
  readonly main: MediaSource;
  readonly audio?: RenditionSource | undefined;
  readonly subtitles?: RenditionSource | undefined;
  /** Lines for the user: what was chosen and why. */
  readonly notes: readonly string[];
}

export interface StreamChoice {
  readonly variant: string;
  readonly audio?: string | undefined;
  readonly subs?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Refuse deviations from RFC 8216 that players accept (else each is accepted and reported once). */
  readonly strict?: boolean | undefined;
  readonly events?: TypedEmitter<StreamEvent> | undefined;
}

/** A manifest already fetched (the stream command fetches it once to tell HLS from DASH). */
export interface Fetched {
  readonly text: string;
  readonly finalUrl: string;
}

/** Loads `url` (or takes it `fetched`); from a master playlist, the variant and the renditions asked for. */
export async function resolveStream(fetcher: Fetcher, url: string, choice: StreamChoice, fetched?: Fetched): Promise<ResolvedStream> {
  const signal = choice.signal;
  const parse = parseOptions(choice);
  const first = fetched ? parsePlaylist(fetched.text, fetched.finalUrl, parse) : await loadPlaylist(fetcher, url, signal, parse);
  if (first.kind === 'media') {
    const notes = choice.audio || choice.subs ? ['--audio and --subs need a master playlist; this is a media playlist'] : [];
    return { main: new MediaSource(fetcher, first.url, first, undefined, signal, parse), notes };
  }
  const master = first;
  const variant = selectVariant(master, choice.variant);
  const notes = [`variant ${variant.note}`];
  // Rendition choices are made before anything is fetched, so a wrong --audio fails at once.
  const audioChoice = selectRendition(master, variant.variant, 'AUDIO', choice.audio);
  const subsChoice = choice.subs === undefined ? undefined : selectRendition(master, variant.variant, 'SUBTITLES', choice.subs);
  const fromMaster = async (pick: (fresh: MasterPlaylist) => string): Promise<string> => {
    const { text, finalUrl } = await fetchText(fetcher, url, signal);
    return pick(parseMasterPlaylist(text, finalUrl, parse));
  };
  // The variant's and the renditions' playlists load at once: one round trip, not three.
  const mainLoading = openMedia(fetcher, variant.variant.uri, signal, parse, () => fromMaster((fresh) => selectVariant(fresh, choice.variant).variant.uri));
  mainLoading.catch(() => {});
  const rendition = async (picked: RenditionChoice | undefined, type: RenditionType): Promise<RenditionSource | undefined> => {
    if (!picked) return undefined;
    const uri = picked.rendition.uri;
    if (uri === undefined) {
      notes.push(`${picked.note}; carried in the variant stream itself`);
      return undefined;
    }
    notes.push(picked.note);
    const same = (fresh: MasterPlaylist): string => {
      const again = fresh.renditions.find(
        (r) => r.type === type && r.groupId === picked.rendition.groupId && r.name === picked.rendition.name && r.uri !== undefined,
      );
      return again?.uri ?? uri;
    };
    return { choice: picked, source: await openMedia(fetcher, uri, signal, parse, () => fromMaster(same)) };
  };
  const [main, audio, subtitles] = await Promise.all([mainLoading, rendition(audioChoice, 'AUDIO'), rendition(subsChoice, 'SUBTITLES')]);
  return { master, variant, main, audio, subtitles, notes };
}

async function openMedia(fetcher: Fetcher, url: string, signal: AbortSignal | undefined, parse: PlaylistParseOptions, reResolve: () => Promise<string>): Promise<MediaSource> {
  const playlist = await loadMedia(fetcher, url, signal, parse);
  return new MediaSource(fetcher, url, playlist, reResolve, signal, parse);
}
