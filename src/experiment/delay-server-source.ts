// The delay server `trawl bench` times against: GET /delay/<ms>/<id> answers the demo site's delay
// page (same HTML, same checks) after <ms> ms, and nothing else. The demo site answers the same
// path, but matches routes, plans faults, keeps statistics and builds a reply object for each
// request; at C = 1000 on a small machine that work shares the CPU with the client being timed
// and shows up as the client's overhead. This server does only what the experiment needs: one
// regular expression, one timer, one write of the header block and the page.
//
// A string run with `node -e` (like the pool's worker source) so that it needs no bundle entry
// and no file to find, and runs the same from dist/ and from the TypeScript sources. It imports
// only node:http. It prints "trawl: delay server on http://127.0.0.1:PORT/" on stderr once
// listening, and exits when its stdin closes, so that it never outlives the bench that started
// it (even one killed with SIGKILL).
//
// argv after the script: [host, port].
export const DELAY_SERVER_SOURCE = String.raw`'use strict';
const http = require('node:http');
const MAX_DELAY_MS = 60000;
const PATH = /^\/delay\/(\d{1,6})\/([\w.-]{1,100})$/;
const host = process.argv[1] || '127.0.0.1';
const port = Number(process.argv[2] || 0);
const HTML = 'text/html; charset=utf-8';

// The page is ASCII (ids match [\w.-]), so its length is its byte length, and as a string it goes
// out in one write with the header block instead of two.
function page(ms, id) {
  return '<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>delay item ' + id +
    '</title></head>\n<body>\n<h1 class="title">delay item ' + id + '</h1>\n<p class="delay">served after ' + ms +
    ' ms</p>\n</body>\n</html>\n';
}

function plain(res, status, text) {
  const body = Buffer.from(text + '\n');
  res.writeHead(status, ['content-type', 'text/plain; charset=utf-8', 'content-length', String(body.length)]);
  res.end(body);
}

const server = http.createServer({ keepAliveTimeout: 10000, noDelay: true }, (req, res) => {
  const match = PATH.exec(req.url);
  if (match === null) return plain(res, 404, 'not found: ' + req.url);
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'only GET');
  const ms = Number(match[1]);
  if (ms > MAX_DELAY_MS) return plain(res, 400, 'delay must be at most ' + MAX_DELAY_MS + ' ms (received ' + match[1] + ')');
  const id = match[2];
  // A client that went away meanwhile costs one write to a destroyed response, nothing more.
  setTimeout(() => {
    if (res.destroyed) return;
    const body = page(ms, id);
    // An explicit Connection header spares the Keep-Alive header Node would add (one header
    // less to write and to parse per answer); keep-alive is HTTP/1.1's default anyway.
    res.writeHead(200, ['content-type', HTML, 'content-length', String(body.length), 'connection', 'keep-alive']);
    res.end(req.method === 'HEAD' ? undefined : body);
  }, ms);
});
// Idle keep-alive sockets stay open between the bench's runs; nothing caps requests per socket.
server.maxRequestsPerSocket = 0;
// A large backlog: a thousand connections opened at once must not lose SYNs (a lost SYN costs
// the client a one-second retransmission).
server.listen({ host, port, backlog: 4096 }, () => {
  process.stderr.write('trawl: delay server on http://' + host + ':' + server.address().port + '/\n');
});
process.stdin.on('data', () => undefined).on('close', () => process.exit(0));
`;
