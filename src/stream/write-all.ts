// Positional vectored writes that finish the job: writev may write less than asked (a full
// disk, a signal), so the rest is written until every byte is at its place.
import type { FileHandle } from 'node:fs/promises';

const MAX_IOV = 512;

export async function writeAllAt(fh: FileHandle, parts: readonly Buffer[], position: number): Promise<void> {
  let pending = parts.filter((part) => part.length > 0);
  let at = position;
  while (pending.length > 0) {
    const chunk = pending.slice(0, MAX_IOV);
    let { bytesWritten } = await fh.writev(chunk, at);
    if (bytesWritten === 0) throw new Error(`writev wrote nothing at offset ${at}`);
    at += bytesWritten;
    let taken = 0;
    const rest: Buffer[] = [];
    for (const part of chunk) {
      if (bytesWritten >= part.length) {
        bytesWritten -= part.length;
        taken++;
        continue;
      }
      rest.push(part.subarray(bytesWritten));
      bytesWritten = 0;
      taken++;
    }
    pending = [...rest, ...pending.slice(taken)];
  }
}
