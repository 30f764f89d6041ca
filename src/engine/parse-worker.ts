// Entry of a parse worker thread: decodes, parses and applies the crawl rules to pages the main
// thread fetched, so parsing uses another core and the page trees never load the main heap.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeBody, detectCharset } from '../util/charset.js';
import { applyPageRules, compilePageRules, type CrawlRules } from './page-rules.js';
import type { ParseTask, ParseReply } from './parse-pool.js';

const rules = compilePageRules(workerData as CrawlRules);
const port = parentPort!;

port.on('message', (task: ParseTask) => {
  let reply: ParseReply;
  try {
    const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
    const text = decodeBody(body, detectCharset(task.contentType, body));
    reply = { id: task.id, output: applyPageRules(rules, text, task.url) };
  } catch (error) {
    reply = { id: task.id, error: (error as Error).message ?? String(error) };
  }
  port.postMessage(reply);
});
