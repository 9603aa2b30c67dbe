// Starts a deep link's request while the app's code is still loading (issue 25). scripts/build-wasm.mjs puts
// it into the release build's module loader, which the browser evaluates first. Two links are started, each only
// in its plainest case; every request the app would send differently is fetched by the app as always:
// - `#/metrics?…` with one range query over a range relative to now (`from=now-<n><s|m|h|d|w>`, `to=now`,
//   or none: the last hour), and no saved settings (the default Prometheus, no auth). It sends the request the app
//   will send (src/backends/prometheus/request.rs query_range; src/time/step.rs auto_step over 1200 px, whose
//   step table src/time/step.rs's tests pin to the one below; src/backends/request.rs encode_component) and
//   stashes it, with Prometheus' build info (the probe the page waits for, src/ui/app.rs). The app resolves the
//   link's range at the moment stashed here (`take_boot_now`, src/browser).
// - `#/trace/<16 or 32 hex digits>` (without `ds=`) with the default trace datasource: no saved settings, or
//   saved settings that change nothing the trace page asks (TRACE_SETTINGS below; src/datasource/mod.rs's
//   tests pin it to the settings' fields and defaults). It asks what the app's "Auto" trace backend asks
//   (src/http/traces.rs detect, trace_by_id): Tempo's build info; when that is not Tempo's answer, Jaeger's
//   services and the trace from Jaeger's v3 API (src/backends/jaeger/request.rs, whose tests pin the paths),
//   so a huge trace is on its way while the app's code loads.
// `fetch` hands a stashed answer to the app's transport only for a GET with the byte-identical URL and no
// headers, once; every other request is fetched as always, so a mismatch costs the early start, never the
// right data.
(() => {
  const NICE_STEPS_MS = [1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 10800000, 21600000, 43200000, 86400000, 172800000, 604800000, 2592000000];
  const MAX_POINTS = 11000;
  const WIDTH_PX = 1200;
  const MAX_GET_QUERY_BYTES = 4000;
  const UNIT_MS = { s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
  // The saved settings a trace link still starts early with: each field either changes nothing the trace page
  // asks (true) or must hold this value (the default); `sources` must be empty and `secrets` hold none. A field
  // not listed gives up.
  const TRACE_SETTINGS = {
    prometheus: true, loki: true, victorialogs: true, logs: true, alertmanager: true, trace_id_fields: true,
    trace_id_regex: true, timeout_s: true, max_answer_mb: true,
    tempo: '/api/tempo', jaeger: '/api/jaeger', traces: 'Auto',
    tenant: '', bearer_token: '', basic_user: '', basic_password: '', account_id: '', project_id: '',
  };
  const TEMPO_PROBE = '/api/tempo/api/status/buildinfo';
  const JAEGER_PROBE = '/api/jaeger/api/services';
  const JAEGER_TRACE = '/api/jaeger/api/v3/traces/';
  const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
  const plain = window.fetch;
  // url -> { answer: Promise<Response>, ctrl, mark }: what the app's fetch takes.
  const stash = new Map();
  const abs = (path) => new URL(path, location.href).href;
  // `go` (optional) decides, once the answer before it is in, whether to ask at all.
  const ask = (path, mark, go) => {
    const url = abs(path);
    const ctrl = new AbortController();
    const answer = go
      ? go.then((yes) => (yes ? plain.call(window, url, { signal: ctrl.signal }) : Promise.reject(new Error('not asked'))))
      : plain.call(window, url, { signal: ctrl.signal });
    answer.catch(() => {});
    stash.set(url, { answer, ctrl, mark });
    return answer;
  };

  /** A plain metrics deep link: its range query and Prometheus' build info. */
  const metrics = (saved) => {
    if (saved !== null) return false;
    const m = location.hash.match(/^#\/*metrics\/*(?:\?(.*))?$/i);
    if (!m) return false;
    let expr = null;
    let ago = 3600000;
    for (const piece of (m[1] || '').split('&').filter((p) => p)) {
      const i = piece.indexOf('=');
      const k = decode(i < 0 ? piece : piece.slice(0, i));
      const v = i < 0 ? '' : decode(piece.slice(i + 1));
      const field = k.split('.')[0];
      if (k === 'from') {
        const r = v.trim().match(/^now-(\d{1,6})([smhdw])$/);
        if (!r) return false;
        ago = Number(r[1]) * UNIT_MS[r[2]];
      } else if (k === 'to') {
        if (v.trim() !== 'now') return false;
      } else if (k === 'ds' || k === 'min_step' || field === 'instant' || field === 'hidden') {
        return false;
      } else if ((field === 'q' || field === 'expr') && k.includes('.')) {
        if (expr !== null) return false;
        expr = v;
      }
    }
    if (!expr || !expr.trim() || ago <= 0) return false;
    // Whole seconds, so the times are written as the app writes them without mirroring its fractions.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const raw = Math.max(Math.ceil(ago / WIDTH_PX), Math.ceil(ago / MAX_POINTS));
    const nice = NICE_STEPS_MS.find((s) => s >= raw) ?? Math.ceil(raw / 86400000) * 86400000;
    const step = Math.max(nice, 1000);
    const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const query = `query=${enc(expr)}&start=${(now - ago) / 1000}&end=${now / 1000}&step=${step / 1000}`;
    if (query.length > MAX_GET_QUERY_BYTES) return false;
    // The query, and the probe of Prometheus that the page waits for (src/http/metrics.rs probe: build info).
    const base = '/api/prometheus/api/v1/';
    ask(`${base}query_range?${query}`, 'trifocal:early-query-taken');
    ask(`${base}status/buildinfo`);
    window.__trifocalEarly = { now };
    return true;
  };

  /** Saved settings under which the trace page asks exactly what it asks by default. */
  const plainTraceSettings = (saved) => {
    const s = JSON.parse(saved);
    if (!s || typeof s !== 'object' || Array.isArray(s)) return false;
    return Object.entries(s).every(([k, v]) => {
      if (k === 'sources') return Array.isArray(v) && v.length === 0;
      if (k === 'secrets') return v && typeof v === 'object' && Object.keys(v).length === 0;
      const want = TRACE_SETTINGS[k];
      return want === true || (want !== undefined && v === want);
    });
  };

  /** A trace link: the "Auto" trace backend's probes (Tempo, then Jaeger) and Jaeger's answer. */
  const trace = (saved) => {
    const m = location.hash.match(/^#\/*trace\/+([0-9a-f]{16}|[0-9a-f]{32})\/*(?:\?(.*))?$/i);
    if (!m) return false;
    if ((m[2] || '').split('&').some((p) => decode(p.split('=')[0]) === 'ds')) return false;
    if (saved !== null && !plainTraceSettings(saved)) return false;
    const id = m[1].toLowerCase().padStart(32, '0');
    // Tempo, as src/http/traces.rs detect reads it (a clone: the app reads the answer itself).
    const tempo = ask(TEMPO_PROBE).then((r) => r.status === 200 && r.clone().text().then((t) => t.includes('version')), () => false);
    const jaeger = tempo.then((t) => !t, () => true);
    ask(JAEGER_PROBE, undefined, jaeger);
    ask(JAEGER_TRACE + id, 'trifocal:early-trace-taken', jaeger);
    // Tempo answered: the app asks Tempo for the trace, never Jaeger.
    jaeger.then((yes) => {
      if (yes) return;
      stash.delete(abs(JAEGER_PROBE));
      stash.delete(abs(JAEGER_TRACE + id));
      if (stash.size === 0) window.fetch = plain;
    });
    return true;
  };

  try {
    const saved = localStorage.getItem('trifocal.datasources');
    if (!metrics(saved) && !trace(saved)) return;
    window.fetch = function (input, init) {
      const early = input instanceof Request && init === undefined && input.method === 'GET'
        && input.headers.keys().next().done ? stash.get(input.url) : undefined;
      if (!early) return plain.apply(this, arguments);
      stash.delete(input.url);
      if (stash.size === 0) window.fetch = plain;
      if (input.signal.aborted) early.ctrl.abort();
      else input.signal.addEventListener('abort', () => early.ctrl.abort());
      if (early.mark) performance.mark(early.mark);
      return early.answer;
    };
  } catch (e) {
    // A link this cannot read is left to the app.
  }
})();
