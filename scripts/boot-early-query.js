// Starts a deep link's metric query while the app's code is still loading (issue 25). scripts/build-wasm.mjs puts
// it into the release build's module loader, which the browser evaluates first. Only for the plainest case: a
// `#/metrics?…` link with one range query over a range relative to now (`from=now-<n><s|m|h|d|w>`, `to=now`,
// or none: the last hour), and no saved settings (the default Prometheus, no auth). It sends the request the app
// will send (src/backends/prometheus/request.rs query_range; src/time/step.rs auto_step over 1200 px, whose
// step table src/time/step.rs's tests pin to the one below; src/backends/request.rs encode_component) and
// stashes it, with Prometheus' build info (the probe the page waits for, src/ui/app.rs). The app resolves the
// link's range at the moment stashed here (`take_boot_now`, src/browser), and `fetch` hands a stashed answer to
// its transport only for a GET with the byte-identical URL and no headers, once; every other request is
// fetched as always, so a mismatch costs the early start, never the right data.
(() => {
  const NICE_STEPS_MS = [1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 10800000, 21600000, 43200000, 86400000, 172800000, 604800000, 2592000000];
  const MAX_POINTS = 11000;
  const WIDTH_PX = 1200;
  const MAX_GET_QUERY_BYTES = 4000;
  const UNIT_MS = { s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
  try {
    if (localStorage.getItem('trifocal.datasources') !== null) return;
    const m = location.hash.match(/^#\/*metrics\/*(?:\?(.*))?$/i);
    if (!m) return;
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    let expr = null;
    let ago = 3600000;
    for (const piece of (m[1] || '').split('&').filter((p) => p)) {
      const i = piece.indexOf('=');
      const k = decode(i < 0 ? piece : piece.slice(0, i));
      const v = i < 0 ? '' : decode(piece.slice(i + 1));
      const field = k.split('.')[0];
      if (k === 'from') {
        const r = v.trim().match(/^now-(\d{1,6})([smhdw])$/);
        if (!r) return;
        ago = Number(r[1]) * UNIT_MS[r[2]];
      } else if (k === 'to') {
        if (v.trim() !== 'now') return;
      } else if (k === 'ds' || k === 'min_step' || field === 'instant' || field === 'hidden') {
        return;
      } else if ((field === 'q' || field === 'expr') && k.includes('.')) {
        if (expr !== null) return;
        expr = v;
      }
    }
    if (!expr || !expr.trim() || ago <= 0) return;
    // Whole seconds, so the times are written as the app writes them without mirroring its fractions.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const raw = Math.max(Math.ceil(ago / WIDTH_PX), Math.ceil(ago / MAX_POINTS));
    const nice = NICE_STEPS_MS.find((s) => s >= raw) ?? Math.ceil(raw / 86400000) * 86400000;
    const step = Math.max(nice, 1000);
    const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const query = `query=${enc(expr)}&start=${(now - ago) / 1000}&end=${now / 1000}&step=${step / 1000}`;
    if (query.length > MAX_GET_QUERY_BYTES) return;
    const base = '/api/prometheus/api/v1/';
    // The query, and the probe of Prometheus that the page waits for (src/http/metrics.rs probe: build info).
    const stash = new Map();
    for (const path of [`query_range?${query}`, 'status/buildinfo']) {
      const url = new URL(base + path, location.href).href;
      const ctrl = new AbortController();
      const answer = fetch(url, { signal: ctrl.signal });
      answer.catch(() => {});
      stash.set(url, { answer, ctrl, mark: path.startsWith('query_range') });
    }
    window.__trifocalEarly = { now };
    const plain = window.fetch;
    window.fetch = function (input, init) {
      const early = input instanceof Request && init === undefined && input.method === 'GET'
        && input.headers.keys().next().done ? stash.get(input.url) : undefined;
      if (!early) return plain.apply(this, arguments);
      stash.delete(input.url);
      if (stash.size === 0) window.fetch = plain;
      if (input.signal.aborted) early.ctrl.abort();
      else input.signal.addEventListener('abort', () => early.ctrl.abort());
      if (early.mark) performance.mark('trifocal:early-query-taken');
      return early.answer;
    };
  } catch (e) {
    // A link this cannot read is left to the app.
  }
})();
