// `trawl serve-demo`: the bundled demo site alone, until Ctrl-C.
import { floatOption, intOption } from '../parse-options.js';

export async function serveDemoCommand(options: Record<string, unknown>): Promise<number> {
  const port = intOption('--port', options.port, 0) ?? 8080;
  const faults = floatOption('--faults', options.faults, 0, 1) ?? 0;
  const { startDemoServer } = await import('../../demo/index.js');
  const server = await startDemoServer({ port, faults });
  process.stderr.write(`trawl: demo site on ${server.url}/ (Ctrl-C to stop)${faults > 0 ? `, faults at rate ${faults}` : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
