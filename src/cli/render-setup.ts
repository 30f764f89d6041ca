// `--render` for crawl, run and worker: which requests load in headless Chromium (all, or a
// spider's labels), how many browsers, and the RenderPool + loader the crawler uses. The browser
// module (and playwright-core) is loaded only when something renders.
import type { RenderSettings } from '../engine/page-loader.js';
import { OptionError } from '../errors/option-error.js';
import { optionDefault } from '../config/options/index.js';
import { given, sourceOf } from './command-settings.js';

export interface RenderChoice {
  /** Labels of the requests to render; undefined: every request. */
  readonly labels?: readonly string[];
  /** Browsers running at once. */
  readonly browsers: number;
  /** A page is ready once this selector matches (instead of the network going quiet). */
  readonly waitFor?: string;
  /** Chromium's executable. */
  readonly browser?: string;
}

/** From --render (or a spider's `settings.render`: true, or route labels), --browsers, --wait-for, --browser. */
export function renderChoiceFrom(options: Record<string, unknown>): RenderChoice | undefined {
  const wanted = options.render as boolean | readonly string[] | undefined;
  if (wanted === undefined || wanted === false || (Array.isArray(wanted) && wanted.length === 0)) {
    for (const name of ['browsers', 'waitFor'] as const) {
      if (given(options, name)) throw new OptionError(name === 'browsers' ? '--browsers' : '--wait-for', options[name], 'applies to rendered pages: give --render too');
    }
    return undefined;
  }
  return {
    ...(Array.isArray(wanted) ? { labels: [...(wanted as readonly string[])] } : {}),
    browsers: (options.browsers as number | undefined) ?? optionDefault<number>('browsers'),
    ...(typeof options.waitFor === 'string' ? { waitFor: options.waitFor } : {}),
    // From TRAWL_BROWSER, the launcher reads the variable itself (and names it if the path is wrong).
    ...(typeof options.browser === 'string' && sourceOf(options, 'browser') !== 'env' ? { browser: options.browser } : {}),
  };
}

/** The crawler's render settings for `choice`: `concurrency` pages in all, shared by the browsers. */
export async function renderSettings(choice: RenderChoice, concurrency: number, userAgent?: string): Promise<RenderSettings> {
  const { RenderPool, RenderLoader, findBrowser } = await import('../browser/index.js');
  // Fails now, with the fix in one line, when there is no browser to run.
  const executablePath = findBrowser(choice.browser);
  const labels = choice.labels ? new Set(choice.labels) : undefined;
  return {
    loader: (fetcher) =>
      new RenderLoader(
        new RenderPool({
          browsers: choice.browsers,
          pagesPerBrowser: Math.max(1, Math.ceil(concurrency / choice.browsers)),
          executablePath,
          ...(userAgent ? { userAgent } : {}),
        }),
        fetcher,
        choice.waitFor ? { waitFor: choice.waitFor } : {},
      ),
    ...(labels ? { select: (request) => request.label !== undefined && labels.has(request.label) } : {}),
  };
}
