// One file in one stream: the body goes into `<name>.part` (from 0, or appended after the
// bytes an earlier run left), then the part is checked and renamed. A transfer that breaks
// after its headers is continued with `Range: bytes=<on disk>-` and If-Range when the server
// allows it, else started over; a 200 to such a request means the file changed: start over.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { IntegrityError } from '../../errors/integrity-error.js';
import { TrawlError, errorMessage } from '../../errors/trawl-error.js';
import type { StreamingResult } from '../../types/fetch.js';
import { backoffDelay, sleep } from '../../util/backoff.js';
import { describeResponse, requestItem, resumable, type ActiveEntry, type ResponseInfo, type Target, type TaskContext } from './context.js';
import type { DownloadItem, FileResult } from './events.js';
import { PartSink } from './part-sink.js';
import { ifRangeValue, removeSidecar, saveSidecar } from './sidecar.js';
import { quarantine, sha256File } from './target.js';

export interface StreamStart {
  readonly response: StreamingResult;
  readonly info: ResponseInfo;
  /** Bytes of the part already on disk that the body continues (0: a fresh download). */
  readonly offset: number;
}

export async function streamDownload(
  ctx: TaskContext,
  item: DownloadItem,
  target: Target,
  start: StreamStart,
  active: ActiveEntry,
  free: () => void,
): Promise<FileResult> {
  let { response, info, offset } = start;
  const resumedFrom = offset;
  let total = info.total;
  const validator = ifRangeValue(info);
  let keepSidecar = offset > 0 || resumable(info, ctx.options.resumeMinBytes);
  // A sidecar left by an older download of another file under this name must go before any
  // byte of this one lands in the part.
  if (offset === 0 && ctx.sidecarFiles.has(target.sidecar)) await removeSidecar(target.sidecar);
  let saving: Promise<void> | undefined;
  if (offset === 0 && keepSidecar) saving = saveMeta(ctx, item, target, info);
  // The digest is computed on the way in only for a file written in one pass from byte 0.
  let hash = item.sha256 !== undefined && offset === 0 ? createHash('sha256') : undefined;
  // A resumable download writes to disk from the first byte, so a crash leaves bytes to resume.
  const newSink = (): PartSink => new PartSink(target.part, offset, { hash, memoryBytes: keepSidecar ? 0 : ctx.options.memoryBytes });
  let sink = newSink();
  active.have = offset;
  active.total = total;
  let received = 0;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        for await (const chunk of response.body) {
          received += chunk.length;
          active.have += chunk.length;
          ctx.received(chunk.length);
          const wait = sink.push(chunk);
          if (wait) await wait;
        }
        free();
        await sink.close();
        if (total !== undefined && sink.position !== total) {
          throw new IntegrityError(item.url, `${target.name}: the body ended after ${sink.position} of ${total} bytes`);
        }
        break;
      } catch (error) {
        response.body.destroy();
        await sink.abort();
        if (ctx.signal?.aborted || !(error instanceof TrawlError) || !error.retryable || attempt >= ctx.options.bodyRetries) {
          throw error;
        }
        const delayMs = backoffDelay(attempt + 1, { baseMs: 250, maxMs: 5000 });
        ctx.emit({ type: 'retry', url: item.url, attempt: attempt + 2, delayMs, reason: errorMessage(error) });
        await sleep(delayMs, ctx.signal);
        // Bytes received but not written are lost with the sink: continue from what is on disk.
        offset = sink.durable;
        hash = undefined;
        const canRange = keepSidecar && validator !== undefined && info.ranges && offset > 0;
        response = await requestItem(ctx, item, { headers: canRange ? { range: `bytes=${offset}-`, 'if-range': validator } : undefined });
        const next = describeResponse(response);
        if (!(canRange && response.status === 206 && next.start === offset && next.total === total)) {
          if (canRange) ctx.emit({ type: 'restart', url: item.url, path: target.path, reason: `HTTP ${response.status} to a range request` });
          offset = 0;
          info = next;
          total = next.total;
          const keep = resumable(next, ctx.options.resumeMinBytes);
          await saving;
          saving = keep ? saveMeta(ctx, item, target, next) : keepSidecar ? removeSidecar(target.sidecar) : undefined;
          keepSidecar = keep;
          hash = item.sha256 !== undefined ? createHash('sha256') : undefined;
        }
        sink = newSink();
        active.have = offset;
        active.total = total;
      }
    }
  } catch (error) {
    free();
    await sink.abort();
    await saving;
    // Without a sidecar the bytes could never be resumed: do not leave them lying around.
    if (!keepSidecar) await rm(target.part, { force: true });
    throw error;
  }
  await finish(ctx, item, target, hash?.digest('hex'));
  await saving;
  if (keepSidecar) await removeSidecar(target.sidecar);
  return {
    url: item.url,
    place: item.place,
    outcome: 'downloaded',
    path: target.path,
    size: active.have,
    received,
    resumedFrom,
    ranges: 1,
  };
}

/** Checks the digest (when one is expected) and gives the part its final name. */
export async function finish(ctx: TaskContext, item: DownloadItem, target: Target, digest: string | undefined): Promise<void> {
  if (item.sha256 !== undefined) {
    const actual = digest ?? (await sha256File(target.part));
    if (actual !== item.sha256) await quarantine(ctx, item.url, target, actual, item.sha256);
  }
  await ctx.store.commit(target.part, target.path);
}

function saveMeta(ctx: TaskContext, item: DownloadItem, target: Target, info: ResponseInfo): Promise<void> {
  return saveSidecar(target.sidecar, {
    version: 1,
    url: item.url,
    name: target.name,
    etag: info.etag,
    lastModified: info.lastModified,
    size: info.total,
  }).catch((error: unknown) => {
    ctx.emit({ type: 'warning', message: `cannot save ${target.sidecar}: ${errorMessage(error)}` });
  });
}
