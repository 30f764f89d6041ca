// Dataset sinks (JSONL, CSV, JSON) and the download file store.
export { FileSink, type SinkFormat, type CheckpointState } from './file-sink.js';
export { JsonlSink } from './jsonl-sink.js';
export { CsvSink } from './csv-sink.js';
export { JsonSink } from './json-sink.js';
export { createSink } from './create-sink.js';
export { parseSinkOptions, type SinkOptions } from './options.js';
export { sanitizeFilename, filenameFromResponse, MAX_NAME_BYTES } from './safe-name.js';
export { parseContentDisposition, type ContentDisposition } from './content-disposition.js';
export { FileStore, assertInside } from './file-store.js';
