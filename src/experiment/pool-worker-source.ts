// The script each pool thread runs: the thread-pool model's worker. One request at a time on its
// own keep-alive connection, the next request index taken from a counter shared by all threads
// (Atomics.add on a SharedArrayBuffer), so the threads split the work without a dispatcher.
//
// Why a string run with `new Worker(source, { eval: true })` rather than a module file: the
// script must run the same from the esbuild bundle (dist/) and from the TypeScript sources (tests,
// tsx), and a string needs no bundle entry and no path to find at run time. It imports nothing
// from trawl on purpose: it models a plain blocking client (node:http, like `requests` in a
// thread), not trawl. It is CommonJS-or-ESM neutral (process.getBuiltinModule when there is no
// `require`), and the pool starts it with execArgv [] so no loader of the parent applies.
//
// workerData: { url, delayMs, requests, counter (SharedArrayBuffer, Int32 [0] = next index),
//               prefix, worker (thread number), warmUp, timeoutMs }
// messages to the parent: { type: 'ready' } once warm (warmUp only; then it waits for any
// message before starting), { type: 'done', ok, errors, firstError }.
export const POOL_WORKER_SOURCE = String.raw`'use strict';
const load = typeof require === 'function' ? require : process.getBuiltinModule;
const { parentPort, workerData } = load('node:worker_threads');
const { url, delayMs, requests, counter, prefix, worker, warmUp, timeoutMs } = workerData;
const client = load(url.startsWith('https:') ? 'node:https' : 'node:http');
const agent = new client.Agent({ keepAlive: true, maxSockets: 1 });
const next = new Int32Array(counter);

function get(path) {
  return new Promise((resolve, reject) => {
    const req = client.get(url + path, { agent, headers: { 'user-agent': 'trawl-bench-pool' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('no answer in ' + timeoutMs + ' ms')));
    req.on('error', reject);
  });
}

async function work() {
  let ok = 0;
  let errors = 0;
  let firstError;
  for (let i = Atomics.add(next, 0, 1); i < requests; i = Atomics.add(next, 0, 1)) {
    const id = prefix + (i + 1);
    let problem;
    try {
      const res = await get('/delay/' + delayMs + '/' + id);
      if (res.status !== 200) problem = 'HTTP ' + res.status;
      else if (!res.body.includes('<h1 class="title">delay item ' + id + '</h1>')) problem = 'the page lacks its title';
    } catch (error) {
      problem = error && error.message ? error.message : String(error);
    }
    if (problem === undefined) ok++;
    else {
      errors++;
      if (firstError === undefined) firstError = id + ': ' + problem;
    }
  }
  agent.destroy();
  parentPort.postMessage({ type: 'done', ok, errors, firstError });
}

if (warmUp) {
  get('/delay/0/' + prefix + 'warm' + worker).catch(() => undefined).then(() => {
    parentPort.once('message', () => { work(); });
    parentPort.postMessage({ type: 'ready' });
  });
} else {
  work();
}
`;
