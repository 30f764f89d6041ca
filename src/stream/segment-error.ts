// SegmentError lives in the error catalogue (src/errors/); re-exported here for the downloader.
export { SegmentError } from '../errors/segment-error.js';
