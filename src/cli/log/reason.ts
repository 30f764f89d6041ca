// A failure line names the URL once: many errors end their message with it ("HTTP 404: <url>").

/** `reason` without `url` at its end or start. */
export function reasonFor(url: string, reason: string): string {
  if (reason.endsWith(`: ${url}`)) return reason.slice(0, -url.length - 2);
  if (reason.startsWith(`${url}: `)) return reason.slice(url.length + 2);
  return reason;
}
