// The end of `trawl crawl --help` and `trawl run --help`: examples and exit codes.

export const CRAWL_HELP = `
Selectors: CSS (with ::text and ::attr(name)) or XPath (starting with /, ./ or "("); either may
end in ::re(<regex>), which gives the first capture group of the first value the regex matches.
A bare ::re(<regex>) reads the page source (inside an --item: the item's text). With --item,
each match is one item: CSS fields match inside it, XPath fields start from it (./td[1]).

Host patterns (--allow-host, --deny-host): example.com (that host), *.example.com (its
subdomains, not example.com itself), host:port, or /regex/ (tested against the host name).
Without --allow-host only links on the page's own origin are followed.

State: --job <name> keeps it in .trawl/<name>.db. Without --job it goes to
.trawl/crawl-<time>-<pid>.db, removed when the crawl ends by itself (finished, or at --max-pages)
with no failures; trawl jobs lists what is kept.

Examples:
  trawl crawl https://shop.example/ --match '/item/' --extract title=h1 --extract 'price=.price::text' -o items.csv
  trawl crawl https://example.com/list/1.shtml --follow '.page a' \\
    --item '/html/body/div[2]/div[4]/div[1]/table/tr[position()>1]' \\
    --extract 'product=./td[1]/text()' --extract 'price=./td[3]/text()' -o prices.csv
  trawl crawl https://example.com/video_1 --depth 0 --extract 'src=::re(srcUrl="(.*?)",vdoUrl)'
  trawl crawl --sitemap https://example.com/robots.txt --since 2024-05-01 --extract title=h1
  trawl crawl https://example.com/ --allow-host '*.example.com' --deny-host ads.example.com
  cat urls.txt | trawl crawl -i - --depth 0 --extract title=title -o - --format csv > titles.csv
  trawl crawl https://example.com/ --proxy-file proxies.txt --proxy-rotation host
  trawl crawl https://example.com/ --proxy socks5h://127.0.0.1:9050
  trawl crawl https://example.com/ --cache .trawl/http-cache          # a second run replays it offline
  trawl crawl https://example.com/ --cache .cache --cache-mode rfc9111
  trawl crawl https://example.com/ --no-private-networks
  trawl crawl https://example.com/ --workers 4 --per-host 8 -o items.jsonl
  trawl crawl https://example.com/ --frontier redis://10.0.0.5:6379 --job shop -o items.jsonl
  trawl crawl -i urls.txt --render --depth 0 --extract name=h1 -c 8 -o items.jsonl

Exit status: 0 done, 1 some requests failed for good, 2 bad input (a URL, an option, a
selector, a file; one line names it), 130 or 143 interrupted (run again with the same --job
to resume).`;

export const RUN_HELP = `
State: without --job the job is named after the spider's name (.trawl/<name>.db): running the
spider again continues a stopped or interrupted run, and a finished run's state is removed, so the
next run starts afresh (failures keep it, for --retry-failed). With --demo, or a spider without a
name, it is a one-run job as for crawl. trawl jobs lists the jobs; trawl jobs rm <name> removes one.

Examples:
  trawl run examples/prices.ts --demo -o prices.csv
  trawl run spider.ts --base https://www.example.com --job shop -c 32
  trawl run spider.ts --sitemap https://www.example.com/sitemap.xml.gz --deny-host ads.example.com -o - --format json

Exit status: 0 done, 1 some requests failed for good, 2 bad input (the spider file, a URL, an
option), 130 or 143 interrupted (run again, with the same --job if one was given, to resume).`;
