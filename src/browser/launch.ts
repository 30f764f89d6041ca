// Starting and stopping one Chromium: the executable (an explicit path, TRAWL_BROWSER, or
// Debian's /usr/bin/chromium — never a browser downloaded by Playwright), the switches a
// headless crawler wants, a fresh temporary profile, and a close() that leaves no process
// behind.
//
//   findBrowser ─▶ launchBrowser ─▶ playwright-core chromium.launch (its own temporary profile)
//                                   └▶ main pid: the new child process (memory, kill on close)
import { accessSync, constants, statSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { BrowserError } from '../errors/browser-error.js';
import { BrowserNotFoundError } from '../errors/browser-not-found-error.js';
import { lazyRequire } from '../util/lazy-require.js';
import { childProcesses, commandLine, killAll, processTree, treeRssBytes } from './process-tree.js';

const playwright = lazyRequire<typeof import('playwright-core')>('playwright-core');

/** Where trawl looks for Chromium when no path is given and TRAWL_BROWSER is unset. */
export const DEFAULT_BROWSER = '/usr/bin/chromium';
/** The environment variable naming the Chromium executable. */
export const BROWSER_ENV = 'TRAWL_BROWSER';

/**
 * Switches for every launch. Root needs --no-sandbox; a machine without internet needs the
 * background-networking, component-update, first-run and sync ones or Chromium keeps calling
 * outside hosts. The rest make a headless crawler lighter: no spare renderer, no preloaded
 * browser-UI pages (the omnibox pop-ups), GPU and network service inside the browser process,
 * no zygotes — about half the memory of a default launch (measured: ~480 MB summed RSS instead
 * of ~930 MB for one page).
 */
export const BROWSER_SWITCHES: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
  '--in-process-gpu',
  '--no-zygote',
  '--disable-breakpad',
  '--disable-extensions',
  '--mute-audio',
  '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess,Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,BackForwardCache,Prerender2,PaintHolding,LazyFrameLoading,InterestFeedContentSuggestions,HttpsUpgrades,CertificateTransparencyComponentUpdater',
  '--enable-features=NetworkServiceInProcess2',
];

/**
 * The Chromium executable to use: `explicit` (named by `source`, e.g. '--browser'), else the
 * TRAWL_BROWSER variable, else /usr/bin/chromium. Throws BrowserNotFoundError, naming the fix,
 * when that file is missing or not executable.
 */
export function findBrowser(explicit?: string, source = 'executablePath'): string {
  const fromEnv = process.env[BROWSER_ENV];
  const [path, from] = explicit ? [explicit, source] : fromEnv ? [fromEnv, BROWSER_ENV] : [DEFAULT_BROWSER, 'default'];
  try {
    if (statSync(path).isDirectory()) throw new Error('a directory');
    accessSync(path, constants.X_OK);
  } catch (error) {
    throw new BrowserNotFoundError(path, from, { cause: error });
  }
  return path;
}

export interface LaunchOptions {
  /** Chromium executable. @default TRAWL_BROWSER, else /usr/bin/chromium */
  readonly executablePath?: string;
  /** Extra switches, after trawl's own (BROWSER_SWITCHES). @default [] */
  readonly args?: readonly string[];
  /** Milliseconds allowed for the browser to start. @default 30000 */
  readonly timeoutMs?: number;
  /** User-Agent of every page. @default Chromium's own */
  readonly userAgent?: string;
}

export interface LaunchedBrowser {
  readonly browser: Browser;
  /** A context of the browser, made at launch (make more with browser.newContext()). */
  readonly context: BrowserContext;
  /** The browser's main process, when found (Linux). */
  readonly pid: number | undefined;
  /** Summed resident memory of the browser's processes, in bytes (0 when unknown). */
  memoryBytes(): number;
  /** Whether the browser is still connected. */
  readonly connected: boolean;
  /** Closes the browser and kills whatever of it is left. Safe to call twice. */
  close(): Promise<void>;
}

/** Launches run one at a time, so that the new child process is this launch's browser. */
let launching: Promise<unknown> = Promise.resolve();

/**
 * Starts one headless Chromium. Playwright gives it a fresh temporary profile and removes it
 * when the browser closes (a persistent context on a folder of our own starts twice as slowly).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const executablePath = findBrowser(options.executablePath);
  const turn = launching.then(() => start(executablePath, options));
  launching = turn.catch(() => undefined);
  return turn;
}

async function start(executablePath: string, options: LaunchOptions): Promise<LaunchedBrowser> {
  const before = new Set(childProcesses(process.pid));
  let browser: Browser;
  try {
    browser = await playwright().chromium.launch({
      executablePath,
      headless: true,
      args: [...BROWSER_SWITCHES, ...(options.args ?? [])],
      timeout: options.timeoutMs ?? 30_000,
      // Playwright's own handlers would kill the browser on Ctrl-C before the CLI has decided anything.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new BrowserError('launch', `${executablePath}: ${message}`, undefined, { cause: error });
  }
  // Playwright talks to the browser over a pipe: that flag marks our new child among any others.
  const pid = childProcesses(process.pid).find((child) => !before.has(child) && commandLine(child).includes('--remote-debugging-pipe'));
  let connected = true;
  browser.on('disconnected', () => {
    connected = false;
  });
  let context: BrowserContext;
  try {
    context = await browser.newContext(options.userAgent ? { userAgent: options.userAgent } : {});
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw new BrowserError('launch', `${executablePath}: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
  }
  let closing: Promise<void> | undefined;
  return {
    browser,
    context,
    pid,
    get connected() {
      return connected;
    },
    memoryBytes: () => (pid === undefined ? 0 : treeRssBytes(pid)),
    close: () => {
      closing ??= (async () => {
        // Taken before closing: once the main process is gone its children are re-parented.
        const tree = pid === undefined ? [] : processTree(pid);
        await Promise.race([browser.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        killAll(tree);
      })();
      return closing;
    },
  };
}
