// "Is the script-built content there yet?", answered inside the page, in one round trip.
//
// An init script, run before any page script, counts the page's own fetch() and XMLHttpRequest
// calls — from the call until the callbacks that use the answer have run — and notes the time of
// the last DOM change. The page is ready when its load event has fired, nothing is pending and
// nothing has changed for `quietMs`. A page that fetches one JSON and fills two elements is
// ready a few milliseconds after the fill, instead of after a fixed network-idle window
// (Playwright's 'networkidle' waits 500 ms). Requests the page starts by other means (an
// inserted <script>, an iframe) count only through the DOM changes and the load event.
//
// How "the callbacks have run" is known: the settling of a fetch promise, a Response body read
// (json(), text()…) or an XHR's loadend is counted down in a macrotask queued at that moment;
// the page's own continuations are microtasks (or listeners of the same event) and all run first.
//
// Written as strings: they run in the page, and this code is type-checked without the DOM library.

/** Installed with context.addInitScript: runs in every frame before the page's scripts. */
export const READY_INIT_SCRIPT = `(() => {
  if (window.__trawlReady) return;
  const state = { pending: 0, last: performance.now() };
  const touch = () => { state.last = performance.now(); };
  const begin = () => { state.pending++; touch(); };
  const end = () => { setTimeout(() => { state.pending--; touch(); }, 0); };
  const track = (promise) => { begin(); promise.then(end, end); return promise; };
  if (typeof window.fetch === 'function') {
    const fetch = window.fetch;
    window.fetch = function () { return track(fetch.apply(this, arguments)); };
  }
  if (typeof Response === 'function') {
    for (const name of ['json', 'text', 'arrayBuffer', 'blob', 'formData']) {
      const read = Response.prototype[name];
      if (typeof read === 'function') Response.prototype[name] = function () { return track(read.apply(this, arguments)); };
    }
  }
  if (typeof XMLHttpRequest === 'function') {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function () {
      begin();
      this.addEventListener('loadend', end, { once: true });
      try { return send.apply(this, arguments); } catch (error) { end(); throw error; }
    };
  }
  new MutationObserver(touch).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // Ready: quiet (or the selector matched), then the DOM serialised as Playwright's content() does.
  const html = () => (document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '') + (document.documentElement ? document.documentElement.outerHTML : '');
  window.__trawlReady = (quietMs, capMs, selector) => new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const now = performance.now();
      if (selector !== null) {
        let found;
        try { found = document.querySelector(selector); } catch (error) { return resolve(['bad-selector', String(error && error.message)]); }
        if (found) return resolve(['selector', html()]);
      } else if (document.readyState === 'complete' && state.pending <= 0 && now - state.last >= quietMs) {
        return resolve(['quiet', html()]);
      }
      if (now - started >= capMs) return resolve([selector !== null ? 'no-match' : state.pending > 0 ? 'pending:' + state.pending : 'changing', html()]);
      setTimeout(check, selector !== null ? 10 : Math.max(5, Math.min(quietMs - (now - state.last), 25)));
    };
    check();
  });
})();`;

/**
 * The expression that waits in the page and then serialises it, in one round trip: resolves
 * [state, html] where state is 'quiet', 'selector', or at `capMs` 'pending:<n>' (requests still
 * out), 'changing' (the DOM kept changing) or 'no-match' (the selector never matched);
 * ['bad-selector', message] for a selector the page cannot parse;
 * 'missing' when the init script did not run (about:blank, a document replaced by document.write).
 */
export function readyExpression(quietMs: number, capMs: number, selector: string | undefined): string {
  const args = `${Math.max(0, Math.round(quietMs))}, ${Math.max(0, Math.round(capMs))}, ${selector === undefined ? 'null' : JSON.stringify(selector)}`;
  return `window.__trawlReady ? window.__trawlReady(${args}) : ['missing', (document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '') + (document.documentElement ? document.documentElement.outerHTML : '')]`;
}
