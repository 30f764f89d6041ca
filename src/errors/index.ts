// The error catalogue: every error trawl raises is one of these classes, each with one stable
// `code` (TRAWL_ERR_*). Scripts match on the code; code checks classes (instanceof works across
// two copies of trawl: see TrawlError.brand). A test keeps codes from being made anywhere else.
export { TrawlError, isTrawlError, errorMessage, errorCode, type TrawlErrorOptions } from './trawl-error.js';
export { InvalidUrlError } from './invalid-url-error.js';
export { OptionError } from './option-error.js';
export { TimeoutError, type TimeoutPhase } from './timeout-error.js';
export { NetworkError } from './network-error.js';
export { ProxyError, type ProxyFault } from './proxy-error.js';
export { PrivateNetworkError } from './private-network-error.js';
export { HttpStatusError, isRetryableStatus } from './http-status-error.js';
export { BodyTooLargeError } from './body-too-large-error.js';
export { RedirectError, type RedirectProblem } from './redirect-error.js';
export { RobotsDisallowedError } from './robots-disallowed-error.js';
export { SelectorError } from './selector-error.js';
export { InputError } from './input-error.js';
export { JobLockedError } from './job-locked-error.js';
export { FrontierUnavailableError } from './frontier-unavailable-error.js';
export { IntegrityError } from './integrity-error.js';
export { RetryRequestError, NonRetryableError, CriticalError, SlowDownError } from './policy-errors.js';
export { PlaylistError } from './playlist-error.js';
export { SegmentError } from './segment-error.js';
export { UnsafePathError } from './unsafe-path-error.js';
export { InvalidRequestError } from './invalid-request-error.js';
export { FrontierSchemaError } from './frontier-schema-error.js';
export { SinkCheckpointError } from './sink-checkpoint-error.js';
export { ItemError } from './item-error.js';
export { SpiderLoadError } from './spider-load-error.js';
export { JobMismatchError } from './job-mismatch-error.js';
export { JobNotFoundError } from './job-not-found-error.js';
export { ParseTimeoutError } from './parse-timeout-error.js';
export { HostDeniedError } from './host-denied-error.js';
export { SitemapError } from './sitemap-error.js';
export { BrowserNotFoundError } from './browser-not-found-error.js';
export { BrowserError, type BrowserProblem } from './browser-error.js';
export { PageLoadError } from './page-load-error.js';
export { NoMediaError } from './no-media-error.js';
export { ManifestError } from './manifest-error.js';
export { EncryptedStreamError } from './encrypted-stream-error.js';
