// `trawl serve-demo`: the bundled demo site alone, until Ctrl-C.

export async function serveDemoCommand(options: Record<string, unknown>): Promise<number> {
  const port = options.port as number;
  const faults = options.faults as number;
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
