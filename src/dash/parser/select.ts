// What to download from an MPD: the video Representation by the user's quality spec (the same
// `--variant` as HLS: best, worst, <height>p, a bandwidth ceiling), an audio AdaptationSet by
// language (`--audio`; else the one with Role main, else the first) and its best
// Representation, a text AdaptationSet by language (`--subs`). The choice is made on the first
// Period and followed through the others (same content type and language, same quality spec),
// so several Periods join into one track each. Pure; every miss is an OptionError that lists
// what the MPD offers.
import { OptionError } from '../../errors/option-error.js';
import { selectVariant } from '../../hls/parser/select.js';
import type { MasterPlaylist, Variant } from '../../hls/parser/types.js';
import type { AdaptationSet, ContentType, Mpd, Period, Representation } from './types.js';

export interface PeriodPick {
  readonly period: Period;
  readonly adaptationSet: AdaptationSet;
  readonly representation: Representation;
}

export interface SelectedTrack {
  readonly kind: 'main' | 'audio' | 'subtitles';
  readonly contentType: ContentType;
  /** The AdaptationSet's language, when it has one. */
  readonly lang?: string | undefined;
  /** One pick per Period that has such a track (a Period without one is left out). */
  readonly picks: readonly PeriodPick[];
  /** One line for the user: what was taken and why. */
  readonly note: string;
}

export interface TrackSpecs {
  readonly variant: string;
  readonly audio?: string | undefined;
  readonly subs?: string | undefined;
}

const usable = (set: AdaptationSet): boolean => !set.trickMode && set.representations.length > 0;

function setsOf(period: Period, type: ContentType): AdaptationSet[] {
  return period.adaptationSets.filter((set) => set.contentType === type && usable(set));
}

export function selectTracks(mpd: Mpd, specs: TrackSpecs): SelectedTrack[] {
  const first = mpd.periods[0]!;
  const mainType: ContentType | undefined = setsOf(first, 'video').length > 0 ? 'video' : setsOf(first, 'audio').length > 0 ? 'audio' : undefined;
  if (!mainType) {
    const kinds = [...new Set(first.adaptationSets.map((set) => set.contentType))].join(', ') || 'none';
    throw new OptionError('url', mpd.url, `the MPD's first Period has no video or audio AdaptationSet (it has: ${kinds})`);
  }
  const tracks: SelectedTrack[] = [];
  if (mainType === 'video') {
    const picks = mpd.periods.flatMap((period) => pickVideo(period, specs.variant));
    tracks.push({ kind: 'main', contentType: 'video', picks, note: `video ${describeVideo(picks[0]!.representation, specs.variant)}` });
    const audio = pickByLanguage(mpd, 'audio', specs.audio, specs.variant, 'audio');
    if (audio) tracks.push(audio);
  } else {
    const audio = pickByLanguage(mpd, 'audio', specs.audio, specs.variant, 'audio');
    tracks.push({ ...audio!, kind: 'main' });
  }
  if (specs.subs !== undefined) tracks.push(pickByLanguage(mpd, 'text', specs.subs, 'best', 'subs')!);
  return tracks;
}

/** Every video Representation of the Period as HLS variants, so that --variant means the same for both. */
function pickVideo(period: Period, spec: string): PeriodPick[] {
  const sets = setsOf(period, 'video');
  const candidates = sets.flatMap((adaptationSet) => adaptationSet.representations.map((representation) => ({ adaptationSet, representation })));
  if (candidates.length === 0) return [];
  const variants: Variant[] = candidates.map((candidate, index) => ({
    uri: String(index),
    bandwidth: candidate.representation.bandwidth,
    resolution: candidate.representation.width && candidate.representation.height ? { width: candidate.representation.width, height: candidate.representation.height } : undefined,
  }));
  const master: MasterPlaylist = { kind: 'master', url: '', independentSegments: false, variants, iFrameVariants: [], renditions: [] };
  const chosen = candidates[Number(selectVariant(master, spec).variant.uri)]!;
  return [{ period, ...chosen }];
}

function describeVideo(representation: Representation, spec: string): string {
  const size = representation.width && representation.height ? `${representation.width}x${representation.height}` : 'no resolution';
  return `${spec}: Representation ${representation.id}, ${size}, ${Math.round(representation.bandwidth / 1000)} kbit/s`;
}

/** RFC 4647 lookup over the sets' languages (`en` matches `en-US`; `en-GB` falls back to `en`). */
function matchLanguage(sets: readonly AdaptationSet[], language: string): AdaptationSet[] {
  const subtags = language.trim().toLowerCase().split('-');
  for (let length = subtags.length; length > 0; length--) {
    const range = subtags.slice(0, length).join('-');
    const found = sets.filter((set) => {
      const tag = set.lang?.toLowerCase();
      return tag !== undefined && (tag === range || tag.startsWith(`${range}-`));
    });
    if (found.length > 0) return found;
  }
  return [];
}

function bestOf(set: AdaptationSet, spec: string): Representation {
  const sorted = [...set.representations].sort((a, b) => b.bandwidth - a.bandwidth);
  return spec.trim().toLowerCase() === 'worst' ? sorted.at(-1)! : sorted[0]!;
}

function pickByLanguage(mpd: Mpd, type: 'audio' | 'text', language: string | undefined, spec: string, option: 'audio' | 'subs'): SelectedTrack | undefined {
  const kind = type === 'audio' ? 'audio' : 'subtitles';
  // The choice is made in the first Period that has a set to choose from.
  let chosen: AdaptationSet | undefined;
  let why = '';
  for (const period of mpd.periods) {
    const sets = setsOf(period, type);
    if (language === undefined) {
      chosen = sets.find((set) => set.roles.includes('main')) ?? sets[0];
      why = chosen?.roles.includes('main') ? 'Role main' : 'the first listed';
    } else {
      const matches = matchLanguage(sets, language);
      chosen = matches.find((set) => set.roles.includes('main')) ?? matches[0];
      why = `for "${language}"`;
    }
    if (chosen) break;
  }
  if (!chosen) {
    if (language === undefined) return undefined;
    const offered = [...new Set(mpd.periods.flatMap((period) => setsOf(period, type)).map((set) => set.lang ?? '(no lang)'))];
    if (offered.length === 0) throw new OptionError(option, language, `the MPD has no ${type} AdaptationSet`);
    throw new OptionError(option, language, `no ${type} AdaptationSet has that language; available: ${offered.join(', ')}`);
  }
  const picks: PeriodPick[] = [];
  for (const period of mpd.periods) {
    const candidates = setsOf(period, type);
    const same = candidates.includes(chosen)
      ? chosen
      : (candidates.find((set) => set.lang === chosen.lang && set.roles.join() === chosen.roles.join()) ?? candidates.find((set) => set.lang === chosen.lang));
    if (same) picks.push({ period, adaptationSet: same, representation: bestOf(same, spec) });
  }
  const representation = picks[0]!.representation;
  const lang = chosen.lang ? ` (${chosen.lang})` : '';
  return { kind, contentType: type, lang: chosen.lang, picks, note: `${option}: AdaptationSet${lang}, ${why}: Representation ${representation.id}, ${Math.round(representation.bandwidth / 1000)} kbit/s` };
}
