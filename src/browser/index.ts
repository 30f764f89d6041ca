// The browser module's public surface: one headless Chromium driven through playwright-core
// (launch), the media requests a page makes (sniffPage), a page URL to a downloadable stream
// (resolvePageStream), and a pool of pages that render URLs for crawls (RenderPool).
export { launchBrowser, findBrowser, BROWSER_SWITCHES, BROWSER_ENV, DEFAULT_BROWSER, type LaunchOptions, type LaunchedBrowser } from './launch.js';
export { sniffPage } from './sniff.js';
export type { SniffOptions } from './sniff-options.js';
export type { SniffedMedia, SniffEvent, SniffResult, SniffEnd, SniffNoteKind, BrowserCookie } from './sniff-types.js';
export { classifyResponse, kindFromBody, kindFromContentType, kindFromUrl, MEDIA_TYPES, type MediaType, type MediaKind } from './media-kind.js';
export { describeManifest, type ManifestInfo, type StreamVariant } from './manifest-info.js';
export { resolvePageStream, replayHeaders, type PageStream, type PageStreamOptions } from './resolve-page-stream.js';
export { RenderPool, type RenderPoolStats } from './render-pool.js';
export { renderedFetchResult } from './rendered-result.js';
export { RenderLoader, type RenderLoaderOptions } from './render-loader.js';
export {
  BLOCKABLE,
  type BlockableResource,
  type ReadyState,
  type RenderCookie,
  type RenderedPage,
  type RenderEvent,
  type RenderOptions,
  type RenderPoolOptions,
} from './render-options.js';
