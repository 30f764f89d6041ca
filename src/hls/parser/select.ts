// Picks what to download from a master playlist: one variant by a user's quality spec
// (--quality best | worst | 720p | 2000000), and a rendition of its audio / subtitle group by
// language (--audio, --subs). Every choice comes with a note saying what was taken and why,
// and every miss is an OptionError that lists what the playlist does offer.
import { OptionError } from '../../errors/option-error.js';
import { PlaylistError } from '../../errors/playlist-error.js';
import type { MasterPlaylist, Rendition, RenditionType, Variant } from './types.js';

export interface VariantChoice {
  readonly variant: Variant;
  /** One line for the user, e.g. "no 1080p variant; took the nearest below: 720p (1280x720, 2800 kbit/s)". */
  readonly note: string;
}

export interface RenditionChoice {
  readonly rendition: Rendition;
  readonly note: string;
}

/** `best`, `worst`, `<height>p` (e.g. `720p`) or a bandwidth ceiling in bit/s (`2000000`, `2000k`, `2.5m`). */
export type VariantSpec = 'best' | 'worst' | `${number}p` | `${number}` | (string & {});

const OPTION_BY_TYPE: Record<RenditionType, string> = {
  AUDIO: 'audio',
  SUBTITLES: 'subs',
  'CLOSED-CAPTIONS': 'closed-captions',
  VIDEO: 'video',
};

export function selectVariant(master: MasterPlaylist, spec: VariantSpec): VariantChoice {
  if (master.variants.length === 0) throw new PlaylistError(master.url, 1, 'the master playlist lists no variant streams');
  const wanted = spec.trim().toLowerCase();
  const variants = master.variants;
  if (wanted === 'best') {
    const variant = variants.reduce((best, next) => (compareVariants(next, best) > 0 ? next : best));
    return { variant, note: `best: ${describe(variant)}` };
  }
  if (wanted === 'worst') {
    const variant = variants.reduce((worst, next) => (compareVariants(next, worst) < 0 ? next : worst));
    return { variant, note: `worst: ${describe(variant)}` };
  }
  const height = /^(\d+)p$/.exec(wanted);
  if (height) return byHeight(master, spec, Number(height[1]));
  const bandwidth = /^(\d+(?:\.\d+)?)([km]?)$/.exec(wanted);
  if (bandwidth) {
    const ceiling = Math.round(Number(bandwidth[1]) * (bandwidth[2] === 'm' ? 1e6 : bandwidth[2] === 'k' ? 1e3 : 1));
    const fitting = variants.filter((variant) => variant.bandwidth <= ceiling);
    if (fitting.length === 0) {
      throw new OptionError('variant', spec, `no variant at or below ${kbit(ceiling)}; available: ${listVariants(master)}`);
    }
    const variant = pickBest(fitting);
    return { variant, note: `highest at or below ${kbit(ceiling)}: ${describe(variant)}` };
  }
  throw new OptionError('variant', spec, 'expected best, worst, <height>p (e.g. 720p) or a bandwidth in bit/s (e.g. 2000000 or 2000k)');
}

function byHeight(master: MasterPlaylist, spec: string, height: number): VariantChoice {
  const sized = master.variants.filter((variant) => variant.resolution !== undefined);
  const exact = sized.filter((variant) => variant.resolution?.height === height);
  if (exact.length > 0) {
    const variant = pickBest(exact);
    return { variant, note: `${height}p: ${describe(variant)}` };
  }
  const below = sized.filter((variant) => (variant.resolution?.height ?? 0) < height);
  if (below.length === 0) {
    throw new OptionError('variant', spec, `no variant at or below ${height}p; available: ${listVariants(master)}`);
  }
  const nearest = Math.max(...below.map((variant) => variant.resolution?.height ?? 0));
  const variant = pickBest(below.filter((candidate) => candidate.resolution?.height === nearest));
  return { variant, note: `no ${height}p variant; took the nearest below: ${nearest}p (${describe(variant)})` };
}

/**
 * The rendition of `type` to use with `variant`. With `language`, the first match in the
 * variant's group by RFC 4647 lookup over RFC 5646 tags (`en` matches `en-US`; `en-GB` falls
 * back to `en`), then by NAME; without, the group's DEFAULT=YES rendition, else its first
 * AUTOSELECT one, else its first. Undefined when the variant names no group of that type
 * (its own stream carries that media) and no language was asked for.
 */
export function selectRendition(
  master: MasterPlaylist,
  variant: Variant,
  type: RenditionType,
  language?: string,
): RenditionChoice | undefined {
  const option = OPTION_BY_TYPE[type];
  const group = groupOf(variant, type);
  const candidates = group === undefined ? [] : master.renditions.filter((r) => r.type === type && r.groupId === group);
  if (candidates.length === 0) {
    if (language === undefined) return undefined;
    const others = master.renditions.filter((rendition) => rendition.type === type);
    const offered = others.length === 0 ? `the playlist has no ${type} renditions` : `other variants offer: ${listRenditions(others)}`;
    throw new OptionError(option, language, `the chosen variant (${describe(variant)}) has no ${type} group; ${offered}`);
  }
  if (language === undefined) {
    const fallback = candidates.find((r) => r.default) ?? candidates.find((r) => r.autoselect);
    const rendition = fallback ?? (candidates[0] as Rendition);
    const why = rendition.default ? 'the default' : rendition.autoselect ? 'autoselect' : 'the first listed';
    return { rendition, note: `${option}: ${describeRendition(rendition)}, ${why} of group "${group}"` };
  }
  const matches = matchLanguage(candidates, language);
  if (matches.length === 0) {
    throw new OptionError(option, language, `no ${type} rendition in group "${group}" matches; available: ${listRenditions(candidates)}`);
  }
  const rendition = matches.find((r) => r.default) ?? (matches[0] as Rendition);
  return { rendition, note: `${option}: ${describeRendition(rendition)} for "${language}"` };
}

function groupOf(variant: Variant, type: RenditionType): string | undefined {
  const group = { AUDIO: variant.audio, VIDEO: variant.video, SUBTITLES: variant.subtitles, 'CLOSED-CAPTIONS': variant.closedCaptions }[type];
  return group ?? undefined;
}

function matchLanguage(candidates: readonly Rendition[], language: string): Rendition[] {
  const subtags = language.trim().toLowerCase().split('-');
  for (let length = subtags.length; length > 0; length--) {
    const range = subtags.slice(0, length).join('-');
    const found = candidates.filter((rendition) => {
      const tag = rendition.language?.toLowerCase();
      return tag !== undefined && (tag === range || tag.startsWith(`${range}-`));
    });
    if (found.length > 0) return found;
  }
  const wanted = language.trim().toLowerCase();
  return candidates.filter((rendition) => rendition.name.toLowerCase() === wanted);
}

/** Higher bandwidth wins; at equal bandwidth the larger picture. */
function compareVariants(a: Variant, b: Variant): number {
  return a.bandwidth - b.bandwidth || area(a) - area(b);
}

function pickBest(variants: readonly Variant[]): Variant {
  return variants.reduce((best, next) => (compareVariants(next, best) > 0 ? next : best));
}

function area(variant: Variant): number {
  return variant.resolution ? variant.resolution.width * variant.resolution.height : 0;
}

function kbit(bitsPerSecond: number): string {
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

function describe(variant: Variant): string {
  const size = variant.resolution ? `${variant.resolution.width}x${variant.resolution.height}` : 'no resolution';
  return `${size}, ${kbit(variant.bandwidth)}`;
}

function listVariants(master: MasterPlaylist): string {
  return [...master.variants]
    .sort((a, b) => compareVariants(b, a))
    .map((variant) => describe(variant))
    .join('; ');
}

function describeRendition(rendition: Rendition): string {
  return `${JSON.stringify(rendition.name)}${rendition.language ? ` (${rendition.language})` : ''}`;
}

function listRenditions(renditions: readonly Rendition[]): string {
  return renditions.map(describeRendition).join(', ');
}
