// The demo site's deterministic truth, for tests and `trawl demo` to compare outputs against:
// every list, row, chapter and byte the server serves comes from these functions.
export { videoList, findVideo, videoFileBytes, videoFileSha256, type DemoVideo } from './data/videos.js';
export {
  GALLERY_PAGES,
  IMAGES_PER_PAGE,
  PLACEHOLDER_PATH,
  galleryImages,
  findGalleryImage,
  galleryImageBytes,
  galleryImageSha256,
  placeholderBytes,
  posterBytes,
  type GalleryImage,
} from './data/gallery.js';
export { PRICE_PAGES, ROWS_PER_PAGE, PRICE_HEADER, priceRows, priceCells, type PriceRow } from './data/prices.js';
export {
  NOVEL_BOOK_ID,
  novelBook,
  novelCatalog,
  chapterContent,
  type NovelBook,
  type NovelChapter,
} from './data/novel.js';
export {
  LESSON_STREAM_DIR,
  MULTI_STREAM_DIR,
  hlsStreams,
  hlsStream,
  hlsVariantPlain,
  hlsSegmentPlain,
  type HlsStream,
  type HlsVariant,
  type HlsSegment,
  type HlsKey,
} from './data/hls.js';
export {
  encodedPages,
  findEncodedPage,
  encodedPageBytes,
  encodedPageText,
  type EncodedPage,
} from './data/encodings.js';
export {
  VOD_VIDEOS,
  VOD_PAIR_PATH,
  vodVideo,
  vodPlayerPath,
  vodPlain,
  vodPlainSha256,
  vodSegments,
  vodSubtitles,
  vodCode,
  VOD_CODE_SOURCE,
  type VodVideo,
} from './data/vod.js';
export {
  CATALOG_PAGES,
  CATALOG_PER_PAGE,
  CATALOG_ITEMS,
  catalogItem,
  catalogItems,
  catalogPageIds,
  catalogItemPath,
  catalogListPath,
  type CatalogItem,
} from './data/catalog.js';
