// The file downloader behind `trawl get`: concurrent downloads into a folder with safe unique
// names, `.part` files renamed when complete, resume with Range + If-Range, split downloads of
// large files, SHA-256 checks. The public parts.
export { Downloader, downloadFiles, downloadFile, type DownloadFilesOptions } from './downloader.js';
export { DownloadSession } from './session.js';
export type { DownloaderOptions } from './options.js';
export type {
  ActiveDownload,
  DownloadEvent,
  DownloadItem,
  DownloadStats,
  DownloadSummary,
  FileFailure,
  FileOutcome,
  FileResult,
} from './events.js';
