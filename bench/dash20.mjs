// The 20-panel dashboard of the load benchmarks (bench/refresh_load.mjs, bench/dashboard_load.mjs): 14 time
// series, 2 stats, 2 instant tables, logs and traces, the kinds a real board mixes, on the test stack's data.
const RATE = 'sum by (service_name) (rate(http_server_requests_total[$__rate_interval]))';
const series = [
  RATE,
  'sum by (http_route) (rate(http_server_requests_total[$__rate_interval]))',
  'sum by (http_response_status_code) (rate(http_server_requests_total[$__rate_interval]))',
  'histogram_quantile(0.5, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket[$__rate_interval])))',
  'histogram_quantile(0.9, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket[$__rate_interval])))',
  'histogram_quantile(0.99, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket[$__rate_interval])))',
  'sum by (le) (rate(http_server_request_duration_seconds_bucket[$__rate_interval]))',
  'sum(rate(http_server_requests_total{http_response_status_code=~"5.."}[$__rate_interval]))',
  'sum by (service_name) (rate(http_server_request_duration_seconds_sum[$__rate_interval])) / sum by (service_name) (rate(http_server_request_duration_seconds_count[$__rate_interval]))',
  'up',
  'scrape_duration_seconds',
  'sum by (job) (scrape_samples_scraped)',
  'process_resident_memory_bytes',
  'rate(process_cpu_seconds_total[$__rate_interval])',
];
/** The dashboard, `perRow` panels of `h` grid rows (30 px) side by side, row after row. */
export function dashboard20(uid, title, { perRow = 3, h = 6 } = {}) {
  const panels = [];
  let id = 1;
  const w = 24 / perRow;
  const add = (kind, title, q) => {
    const i = panels.length;
    panels.push({ id: id++, title, kind, gridPos: { x: (i % perRow) * w, y: Math.floor(i / perRow) * h, w, h }, queries: [q], options: {} });
  };
  series.forEach((expr, i) => add('timeseries', `series ${i + 1}`, { refId: 'A', datasource: 'prometheus', expr, legend: '' }));
  add('stat', 'requests/s', { refId: 'A', datasource: 'prometheus', expr: `sum(${RATE})` });
  add('stat', '5xx/s', { refId: 'A', datasource: 'prometheus', expr: 'sum(rate(http_server_requests_total{http_response_status_code=~"5.."}[5m]))' });
  add('table', 'by route', { refId: 'A', datasource: 'prometheus', expr: 'sum by (service_name, http_route) (rate(http_server_requests_total[5m]))', instant: true });
  add('table', 'targets', { refId: 'A', datasource: 'prometheus', expr: 'up', instant: true });
  add('logs', 'errors', { refId: 'A', datasource: 'loki', expr: '{job="trifocal-gen"} |= "error"', limit: 200 });
  add('traces', 'slow searches', { refId: 'A', datasource: 'tempo', expr: '{resource.service.name="search-service"}', limit: 20 });
  return { schemaVersion: 1, uid, title, time: { from: 'now-1h', to: 'now' }, panels };
}
