// `trawl shell` driven through a pipe, as a script would: each line runs after the previous
// result is printed (awaited fetches included), with the handler context's tools on the page.
import { describe, expect, it } from 'vitest';
import { html, site, workDir } from '../cli/helpers.js';
import { trawlWithInput } from '../extract/helpers.js';

async function shop() {
  return site({
    '/list': html(
      `<h1 class="t">Price list</h1>
       <table><tr><th>name</th><th>price</th></tr><tr><td>Kettle</td><td>12.50</td></tr><tr><td>Pot</td><td>7.00</td></tr></table>
       <script>var srcUrl="https://cdn.test/v.mp4",vdoUrl=srcUrl;</script><a href="/item/1">one</a><a href="/api">api</a>`,
      '<title>Shop &amp; more</title>',
    ),
    '/api': (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[{"id":1},{"id":2}]}'),
    '/gone': (_req, res) => void res.writeHead(410, { 'content-type': 'text/html' }).end(html('<h1>Gone</h1>')),
  });
}

/** The transcript's results: what follows each echoed `trawl> <line>`, by line. */
function results(stdout: string, lines: readonly string[]): string[] {
  let cursor = 0;
  return lines.map((line, i) => {
    const start = stdout.indexOf(`trawl> ${line}\n`, cursor);
    cursor = start + 1;
    if (start === -1) throw new Error(`line ${i + 1} (${line}) is not in the transcript:\n${stdout}`);
    const from = start + `trawl> ${line}\n`.length;
    const end = stdout.indexOf('trawl> ', from);
    return stdout.slice(from, end === -1 ? undefined : end).trim();
  });
}

describe('trawl shell', () => {
  it('answers $, xpath(), get(), getAll(), re(), reFirst(), url and links() on the page, line by line', async () => {
    const server = await shop();
    const lines = [
      "get('title')",
      "getAll('//table/tr[position()>1]/td[1]/text()')",
      "$('h1.t').text()",
      "xpath('//td[2]')",
      "xpath('count(//tr)')",
      "reFirst('srcUrl=\"(.*?)\"')",
      "re('(\\\\d+)\\\\.\\\\d+', 'td')",
      'url',
      'links()',
      "get('td::text::re(^P(.+))')",
    ];
    const result = await trawlWithInput(workDir(), ['shell', `${server.url}/list`], `${lines.join('\n')}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`<200 ${server.url}/list> text/html; charset=utf-8, ${result.stdout.split('\n')[0]!.split(', ').pop()}`);
    expect(results(result.stdout, lines)).toEqual([
      "'Shop & more'",
      "[ 'Kettle', 'Pot' ]",
      "'Price list'",
      "[ '<td>12.50</td>', '<td>7.00</td>' ]",
      '3',
      "'https://cdn.test/v.mp4'",
      "[ '12', '7' ]",
      `'${server.url}/list'`,
      `[ '${server.url}/item/1', '${server.url}/api' ]`,
      "'ot'",
    ]);
  });

  it('loads another page with fetch(), awaiting it before the next line, and reads JSON with json()', async () => {
    const server = await shop();
    const lines = ["fetch('/api')", 'json().items.length', 'response.status', "fetch('/gone')", 'response.status', "get('h1')"];
    const result = await trawlWithInput(workDir(), ['shell', `${server.url}/list`], `${lines.join('\n')}\n`);
    expect(result.code, result.stderr).toBe(0);
    const [api, count, status, gone, goneStatus, heading] = results(result.stdout, lines);
    expect(api).toMatch(new RegExp(`^<200 ${server.url}/api> application/json`));
    expect([count, status]).toEqual(['2', '200']);
    // An error page is a page to look at too.
    expect(gone).toMatch(new RegExp(`^<410 ${server.url}/gone>`));
    expect([goneStatus, heading]).toEqual(['410', "'Gone'"]);
  });

  it('shows trawl\'s errors as one line and goes on to the next line', async () => {
    const server = await shop();
    const lines = ["get('a[href')", 'json()', "fetch('http://127.0.0.1:9/nothing')", "get('h1')"];
    const result = await trawlWithInput(workDir(), ['shell', `${server.url}/list`, '--retries', '0'], `${lines.join('\n')}\n`);
    expect(result.code, result.stderr).toBe(0);
    const [selector, json, fetchError, after] = results(result.stdout, lines);
    expect(selector).toMatch(/^Uncaught TRAWL_ERR_SELECTOR: bad selector "a\[href" \(selector "a\[href"\): CSS syntax error[^\n]*$/);
    expect(json).toMatch(/^Uncaught TRAWL_ERR_INPUT: .*\/list \(line 1 column 1, offset 0\): invalid JSON[^\n]*$/);
    expect(fetchError).toMatch(/^Uncaught TRAWL_ERR_NETWORK: .*127\.0\.0\.1:9[^\n]*$/);
    expect(after).toBe("'Price list'");
  });

  it('exits 1 with one line when the first page cannot be fetched', async () => {
    const result = await trawlWithInput(workDir(), ['shell', 'http://127.0.0.1:9/', '--retries', '0'], "get('h1')\n");
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^trawl: http:\/\/127\.0\.0\.1:9\/: /)]);
    expect(result.stdout).toBe('');
  });
});
