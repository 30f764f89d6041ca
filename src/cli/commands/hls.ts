// `trawl hls <url>`: the stream command for HLS alone (src/cli/commands/stream.ts).
import { runStreamCommand } from './stream.js';

export async function hlsCommand(url: string, options: Record<string, unknown>): Promise<number> {
  return runStreamCommand('hls', url, options);
}
