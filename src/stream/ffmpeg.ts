// The optional ffmpeg tools: remuxing a finished track into .mp4/.mkv, or muxing several
// tracks into one in a single call (`-c copy`, never the concat protocol), and reading a file's
// duration with ffprobe. Found on PATH without spawning a shell; when absent the caller says so
// and keeps the tracks as they are.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of executable `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  // Windows finds `ffmpeg` as ffmpeg.exe (PATHEXT); elsewhere the name is the file.
  const suffixes = process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE').split(';')] : [''];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const suffix of suffixes) {
      const candidate = join(dir, name + suffix);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface MuxInput {
  readonly path: string;
  readonly subtitles?: boolean;
}

/**
 * One ffmpeg call: every input, every stream, copied (subtitles converted to mov_text for MP4,
 * which has no WebVTT) into `output` as `format`. Rejects with ffmpeg's last error line.
 */
export async function muxFiles(ffmpeg: string, inputs: readonly MuxInput[], output: string, format: 'mp4' | 'matroska', signal?: AbortSignal): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
  for (const input of inputs) args.push('-i', input.path);
  inputs.forEach((_, index) => args.push('-map', String(index)));
  args.push('-c', 'copy');
  if (format === 'mp4' && inputs.some((input) => input.subtitles)) args.push('-c:s', 'mov_text');
  args.push('-f', format, '-y', output);
  const result = await run(ffmpeg, args, signal);
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new Error(`ffmpeg exited with code ${result.code}${last ? `: ${last}` : ''}`);
  }
}

/** The container duration ffprobe reads, in seconds, or undefined when it reports none. */
export async function probeDuration(ffprobe: string, file: string, signal?: AbortSignal): Promise<number | undefined> {
  const result = await run(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file], signal);
  if (result.code !== 0) return undefined;
  const seconds = Number(result.stdout.trim());
  return Number.isFinite(seconds) ? seconds : undefined;
}
