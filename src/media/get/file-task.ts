// One item from start to finish: resume a `.part` an earlier run left (its sidecar says which
// URL and validator), else skip a file that is already complete, else download it afresh — in
// one stream, or in ranges with --split when the server allows. `free` is called as soon as
// the transfer no longer needs the network, so the scheduler can start the next item while
// this one is still being closed and renamed.
import { rm } from 'node:fs/promises';
import { HttpStatusError } from '../../errors/http-status-error.js';
import type { StreamingResult } from '../../types/fetch.js';
import { describeResponse, nameFor, parseContentRange, requestItem, resumable, type ActiveEntry, type ResponseInfo, type Target, type TaskContext } from './context.js';
import type { DownloadItem, FileResult } from './events.js';
import { createPart, regularFileSize, reopenPart } from './part-file.js';
import { ifRangeValue, removeSidecar, type Sidecar } from './sidecar.js';
import { RangeRestart, SplitDownload, planSegments, type SplitPlan } from './split-download.js';
import { finish, streamDownload } from './stream-download.js';
import { claimName, fileSizeSync, isComplete, pathIn, targetFor } from './target.js';

/**
 * The first request of a split download asks for a bounded range: its answer tells the size
 * and whether ranges work, and a bounded range spares servers that read a whole range before
 * answering (an open `bytes=0-` on a 256 MB file took 250 ms to start on the benchmark server,
 * 16 MiB 45 ms). A smaller file comes whole in this one answer.
 */
const FIRST_RANGE_BYTES = 4 * 1024 * 1024;

/**
 * The GET that starts a fresh download: with --split, for a bounded first range. Resolves
 * with a 200, or a 206 from byte 0 that states the file's size.
 */
async function firstRequest(ctx: TaskContext, item: DownloadItem): Promise<StreamingResult> {
  const plain = (): Promise<StreamingResult> => requestItem(ctx, item);
  if (ctx.options.split === 1) return plain();
  const range = `bytes=0-${Math.max(FIRST_RANGE_BYTES, 2 * ctx.options.minSplitBytes) - 1}`;
  let response: StreamingResult;
  try {
    response = await requestItem(ctx, item, { headers: { range } });
  } catch (error) {
    // 416: not even byte 0 exists — an empty file. Ask for it plainly.
    if (!(error instanceof HttpStatusError && error.status === 416)) throw error;
    return plain();
  }
  const info = describeResponse(response);
  if (response.status !== 206 || (info.total !== undefined && info.start === 0)) return response;
  // A range that says nothing of the whole (`bytes 0-99/*`): fetch the file plainly.
  response.body.destroy();
  return plain();
}

export async function downloadOne(ctx: TaskContext, item: DownloadItem, free: () => void): Promise<FileResult> {
  const sidecar = ctx.sidecars.get(item.url);
  if (sidecar) {
    ctx.sidecars.delete(item.url);
    const resumed = await resume(ctx, item, sidecar, free);
    if (resumed) return resumed;
  }
  if (!ctx.options.force) {
    const skipped = await probe(ctx, item);
    if (skipped) return skipped;
  }
  return fresh(ctx, item, free, await firstRequest(ctx, item));
}

/** Names and starts a download with the first response in hand (or skips it). */
async function fresh(ctx: TaskContext, item: DownloadItem, free: () => void, response: StreamingResult): Promise<FileResult> {
  const info = describeResponse(response);
  const claim = await claimName(ctx, nameFor(item, response), info.total, item.sha256).catch((error: unknown) => {
    response.body.destroy();
    throw error;
  });
  if (claim.skip) {
    response.body.destroy();
    return skipped(item, claim.path, claim.size);
  }
  return transfer(ctx, item, claim, response, info, free);
}

/** A fresh download of `target` with `first` (a 200, or a 206 from byte 0 of a known size). */
async function transfer(
  ctx: TaskContext,
  item: DownloadItem,
  target: Target,
  first: StreamingResult,
  firstInfo: ResponseInfo,
  free: () => void,
): Promise<FileResult> {
  let response = first;
  let info = firstInfo;
  const size = info.total;
  return tracked(ctx, item, target, size, async (active) => {
    const range = response.status === 206 ? parseContentRange(response.headers['content-range']) : undefined;
    if (range && size !== undefined && size >= 2 * ctx.options.minSplitBytes && ctx.options.split > 1) {
      ctx.emit({ type: 'file-start', url: item.url, place: item.place, path: target.path, total: size, resumedFrom: 0, ranges: ctx.options.split });
      const plan: SplitPlan = {
        size,
        etag: info.etag,
        lastModified: info.lastModified,
        validator: ifRangeValue(info),
        checkpoints: resumable(info, ctx.options.resumeMinBytes),
        segments: planSegments(size, ctx.options.split, ctx.options.minSplitBytes),
        first: response,
      };
      return await runSplit(ctx, item, target, plan, active, free, 0);
    }
    if (range && range.end !== size) {
      // Not split, and the range is not the whole file (a server that sends less than asked).
      response.body.destroy();
      response = await requestItem(ctx, item);
      info = describeResponse(response);
    }
    ctx.emit({ type: 'file-start', url: item.url, place: item.place, path: target.path, total: info.total, resumedFrom: 0, ranges: 1 });
    return streamDownload(ctx, item, target, { response, info, offset: 0 }, active, free);
  });
}

/** Runs `work` with the download shown as active. */
async function tracked<T>(ctx: TaskContext, item: DownloadItem, target: Target, total: number | undefined, work: (active: ActiveEntry) => Promise<T>): Promise<T> {
  const active: ActiveEntry = { url: item.url, name: target.name, have: 0, total, ranges: 1 };
  const untrack = ctx.track(active);
  try {
    return await work(active);
  } finally {
    untrack();
  }
}

async function runSplit(
  ctx: TaskContext,
  item: DownloadItem,
  target: Target,
  plan: SplitPlan,
  active: ActiveEntry,
  free: () => void,
  resumedFrom: number,
): Promise<FileResult> {
  const fresh = resumedFrom === 0;
  if (fresh && ctx.sidecarFiles.has(target.sidecar)) await removeSidecar(target.sidecar);
  const handle = fresh ? createPart(target.part, plan.size) : reopenPart(target.part);
  // Awaited by the first range that has bytes to write; a failure to open reaches run() that way.
  handle.catch(() => undefined);
  const close = (): Promise<void> => handle.then((h) => h.close()).catch(() => undefined);
  const download = new SplitDownload(ctx, item, target, handle, plan, active);
  try {
    await download.run();
  } catch (error) {
    await close();
    if (!(error instanceof RangeRestart)) {
      if (!plan.checkpoints) await removePart(target);
      throw error;
    }
    // The server would not serve ranges of this file (any more): one plain stream instead.
    ctx.emit({ type: 'restart', url: item.url, path: target.path, reason: error.message });
    await removeSidecar(target.sidecar);
    const response = await requestItem(ctx, item);
    return streamDownload(ctx, item, target, { response, info: describeResponse(response), offset: 0 }, active, free);
  }
  free();
  await (await handle).close();
  await finish(ctx, item, target, undefined);
  if (plan.checkpoints || !fresh) await removeSidecar(target.sidecar);
  return {
    url: item.url,
    place: item.place,
    outcome: 'downloaded',
    path: target.path,
    size: plan.size,
    received: download.received,
    resumedFrom,
    ranges: ctx.options.split,
  };
}

/**
 * Continues the `.part` described by `sidecar`; undefined when it cannot be continued here
 * (the part is gone, its name is taken): the caller then downloads the item afresh.
 */
async function resume(ctx: TaskContext, item: DownloadItem, sidecar: Sidecar, free: () => void): Promise<FileResult | undefined> {
  const path = pathIn(ctx, sidecar.name);
  if (ctx.claimed.has(path.toLowerCase()) || fileSizeSync(path) !== undefined) return undefined;
  const reserved = ctx.store.reserve(sidecar.name);
  if (reserved !== path) {
    ctx.store.release(reserved);
    return undefined;
  }
  ctx.claimed.add(path.toLowerCase());
  const target = targetFor(ctx, sidecar.name, path);
  const have = await regularFileSize(target.part);
  const validator = ifRangeValue(sidecar);
  if (have === undefined || validator === undefined) return restartFresh(ctx, item, target, free);
  if (!sidecar.segments) return resumeStream(ctx, item, target, sidecar, have, validator, free);
  if (sidecar.size === undefined || have !== sidecar.size) return restartFresh(ctx, item, target, free);
  const done = sidecar.segments.reduce((sum, s) => sum + (s.pos - s.start), 0);
  ctx.emit({ type: 'file-start', url: item.url, place: item.place, path, total: sidecar.size, resumedFrom: done, ranges: ctx.options.split });
  const plan: SplitPlan = {
    size: sidecar.size,
    etag: sidecar.etag,
    lastModified: sidecar.lastModified,
    validator,
    checkpoints: true,
    segments: sidecar.segments,
    first: undefined,
  };
  return tracked(ctx, item, target, plan.size, (active) => runSplit(ctx, item, target, plan, active, free, done));
}

async function resumeStream(
  ctx: TaskContext,
  item: DownloadItem,
  target: Target,
  sidecar: Sidecar,
  have: number,
  validator: string,
  free: () => void,
): Promise<FileResult> {
  let response: StreamingResult;
  try {
    response = await requestItem(ctx, item, { headers: have > 0 ? { range: `bytes=${have}-`, 'if-range': validator } : undefined });
  } catch (error) {
    // 416: nothing at or after `have`. The part is complete when it has the size saved.
    if (!(error instanceof HttpStatusError && error.status === 416)) throw error;
    if (sidecar.size !== have) return restartFresh(ctx, item, target, free);
    free();
    ctx.emit({ type: 'file-start', url: item.url, place: item.place, path: target.path, total: have, resumedFrom: have, ranges: 1 });
    await finish(ctx, item, target, undefined);
    await removeSidecar(target.sidecar);
    return { url: item.url, place: item.place, outcome: 'downloaded', path: target.path, size: have, received: 0, resumedFrom: have, ranges: 1 };
  }
  const info = describeResponse(response);
  if (response.status === 206 && info.start === have && (sidecar.size === undefined || info.total === sidecar.size)) {
    ctx.emit({ type: 'file-start', url: item.url, place: item.place, path: target.path, total: info.total, resumedFrom: have, ranges: 1 });
    return tracked(ctx, item, target, info.total, (active) => streamDownload(ctx, item, target, { response, info, offset: have }, active, free));
  }
  if (response.status === 206) {
    response.body.destroy();
    return restartFresh(ctx, item, target, free);
  }
  // 200: the server ignored the range, or the file changed since (If-Range): start over.
  if (have > 0) ctx.emit({ type: 'restart', url: item.url, path: target.path, reason: `HTTP ${response.status} to a range request` });
  ctx.emit({ type: 'file-start', url: item.url, place: item.place, path: target.path, total: info.total, resumedFrom: 0, ranges: 1 });
  await removeSidecar(target.sidecar);
  return tracked(ctx, item, target, info.total, (active) => streamDownload(ctx, item, target, { response, info, offset: 0 }, active, free));
}

/** Downloads `target` again from byte 0 (its old part and sidecar are replaced). */
async function restartFresh(ctx: TaskContext, item: DownloadItem, target: Target, free: () => void): Promise<FileResult> {
  await removeSidecar(target.sidecar);
  const response = await firstRequest(ctx, item);
  return transfer(ctx, item, target, response, describeResponse(response), free);
}

/**
 * When the file the URL names is already in the folder, a HEAD request tells whether it is
 * complete (no body is transferred for a skip). Anything unexpected: undefined, and the GET
 * that follows decides.
 */
async function probe(ctx: TaskContext, item: DownloadItem): Promise<FileResult | undefined> {
  if (ctx.existing.size === 0) return undefined;
  const name = nameFor(item);
  const predicted = pathIn(ctx, name);
  if (!ctx.existing.has(name.toLowerCase()) || ctx.claimed.has(predicted.toLowerCase()) || fileSizeSync(predicted) === undefined) {
    return undefined;
  }
  let response: StreamingResult;
  try {
    response = await requestItem(ctx, item, { method: 'HEAD' });
  } catch {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    return undefined;
  }
  response.body.destroy();
  const path = pathIn(ctx, nameFor(item, response));
  const key = path.toLowerCase();
  const size = fileSizeSync(path);
  if (ctx.claimed.has(key) || size === undefined) return undefined;
  ctx.claimed.add(key);
  if (await isComplete(path, size, describeResponse(response).total, item.sha256)) return skipped(item, path, size);
  ctx.claimed.delete(key);
  return undefined;
}

function skipped(item: DownloadItem, path: string, size: number): FileResult {
  return { url: item.url, place: item.place, outcome: 'skipped', path, size, received: 0, resumedFrom: 0, ranges: 0 };
}

async function removePart(target: Target): Promise<void> {
  await rm(target.part, { force: true });
}
