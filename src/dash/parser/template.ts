// SegmentTemplate URL templates (ISO/IEC 23009-1 5.3.9.4.4, Table 16): `$RepresentationID$`,
// `$Number$`, `$Bandwidth$`, `$Time$` with an optional printf width (`$Number%05d$`), and `$$`
// for a dollar sign. A template is checked once, when the MPD is parsed (an unknown identifier
// or a width on $RepresentationID$ is an error naming the element), and filled per segment.

export type TemplateIdentifier = 'RepresentationID' | 'Number' | 'Bandwidth' | 'Time';

type Token = string | { readonly id: TemplateIdentifier; readonly width: number };

export interface CompiledTemplate {
  readonly source: string;
  readonly tokens: readonly Token[];
  /** Identifiers the template uses. */
  readonly uses: ReadonlySet<TemplateIdentifier>;
}

const IDENTIFIERS = new Set<string>(['RepresentationID', 'Number', 'Bandwidth', 'Time']);

/** Parses `source`; returns the reason it is not a valid template instead of throwing. */
export function compileTemplate(source: string): CompiledTemplate | { readonly error: string } {
  const tokens: Token[] = [];
  const uses = new Set<TemplateIdentifier>();
  let at = 0;
  let literal = '';
  while (at < source.length) {
    const dollar = source.indexOf('$', at);
    if (dollar === -1) {
      literal += source.slice(at);
      break;
    }
    literal += source.slice(at, dollar);
    const close = source.indexOf('$', dollar + 1);
    if (close === -1) return { error: `the $ at character ${dollar + 1} is not closed (a literal dollar sign is written $$)` };
    const inner = source.slice(dollar + 1, close);
    at = close + 1;
    if (inner === '') {
      literal += '$';
      continue;
    }
    const match = /^([A-Za-z]+)(?:%0(\d+)([diouxX]))?$/.exec(inner);
    const name = match?.[1] ?? inner;
    if (!match || !IDENTIFIERS.has(name)) return { error: `unknown identifier $${inner}$ (known: $RepresentationID$, $Number$, $Bandwidth$, $Time$, $$)` };
    if (match[3] !== undefined && match[3] !== 'd') return { error: `$${inner}$: the format tag must be %0<width>d` };
    if (name === 'RepresentationID' && match[2] !== undefined) return { error: '$RepresentationID$ takes no format tag' };
    if (literal) tokens.push(literal);
    literal = '';
    tokens.push({ id: name as TemplateIdentifier, width: match[2] === undefined ? 0 : Number(match[2]) });
    uses.add(name as TemplateIdentifier);
  }
  if (literal) tokens.push(literal);
  return { source, tokens, uses };
}

export interface TemplateValues {
  readonly RepresentationID: string;
  readonly Bandwidth: number;
  readonly Number?: number | undefined;
  readonly Time?: number | undefined;
}

/** The template with its identifiers replaced, padded to their widths. */
export function fillTemplate(template: CompiledTemplate, values: TemplateValues): string {
  let out = '';
  for (const token of template.tokens) {
    if (typeof token === 'string') {
      out += token;
      continue;
    }
    const value = values[token.id];
    if (value === undefined) throw new Error(`fillTemplate: no value for $${token.id}$`);
    const text = typeof value === 'number' ? String(Math.round(value)) : value;
    out += token.width > 0 ? text.padStart(token.width, '0') : text;
  }
  return out;
}
