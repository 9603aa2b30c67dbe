//! Heatmaps of histograms: series with an `le` label (classic cumulative buckets) or series holding
//! histogram samples (Prometheus' native histograms: buckets with both bounds) become per-bucket counts per
//! time step; a colour scale for the counts; the cell geometry and hit-testing the chart and hover use.

use std::collections::BTreeMap;

use super::heatmap_fields::CountFormat;
use super::palette::{Palette, Rgb};
use super::units::{metric_names, Unit};
use crate::telemetry::Series;
use crate::time::format::{format_ms, TimeZone};

/// One row of the heatmap: the values above `lower` (None for the first bucket: everything up to `upper`)
/// and at most `upper` (+Inf for the last bucket of a complete histogram).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    pub lower: Option<f64>,
    pub upper: f64,
}

impl Bucket {
    /// `≤ 5 ms`, `5 ms – 10 ms`, `> 10 s`, with the bucket bounds in `unit`.
    pub fn label(&self, unit: Unit) -> String {
        // A native histogram's zero bucket [-t, t]: `0` when `t` is Prometheus' tiny default, else `± t`.
        if self.lower == Some(-self.upper) && self.upper > 0.0 && self.upper.is_finite() {
            return if self.upper < TINY { "0 (zero bucket)".to_string() } else { format!("0 ± {} (zero bucket)", unit.format(self.upper)) };
        }
        match (self.lower, self.upper.is_infinite()) {
            (None, false) => format!("≤ {}", unit.format(self.upper)),
            (None, true) => "any value".to_string(),
            (Some(l), true) => format!("> {}", unit.format(l)),
            (Some(l), false) => format!("{} – {}", unit.format(l), unit.format(self.upper)),
        }
    }
}

/// Bounds below this size are 0 for display (native histograms' default zero threshold is 1e-128).
pub const TINY: f64 = 1e-100;

/// A histogram over time, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Heatmap {
    /// Rows, bottom to top (ascending `le`).
    pub buckets: Vec<Bucket>,
    /// Columns: the sample times, ascending. Column `i` covers `times[i] - step_ms .. times[i]` (a rate or an
    /// increase at `t` counts what happened in the step before `t`).
    pub times: Vec<i64>,
    pub step_ms: i64,
    /// `counts[column][row]`; None where the bucket had no sample at that time.
    pub counts: Vec<Vec<Option<f64>>>,
    /// The largest count (0 when there is none).
    pub max: f64,
    /// True when the input were raw bucket counters and cells hold their increase per step.
    pub from_counters: bool,
    /// What was done to the input that the reader should know (summed histograms, ignored series, fixes).
    pub notes: Vec<String>,
}

/// Most buckets (rows) and columns kept; beyond that the input is not a histogram anyone can read as cells.
pub const MAX_BUCKETS: usize = 500;
pub const MAX_COLUMNS: usize = 20_000;

/// The message for input without histogram buckets.
pub const NOT_A_HISTOGRAM: &str = "A heatmap needs histogram buckets: series with an `le` label, e.g. \
     sum by (le) (rate(http_server_request_duration_seconds_bucket[$__rate_interval])), or native histograms, \
     e.g. sum(rate(http_server_request_duration_seconds[$__rate_interval])).";

/// Parses an `le` value: a number, or `+Inf`/`Inf`. None for anything else (and NaN).
pub fn parse_le(s: &str) -> Option<f64> {
    let t = s.trim();
    match t.to_ascii_lowercase().as_str() {
        "+inf" | "inf" => return Some(f64::INFINITY),
        "-inf" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    t.parse::<f64>().ok().filter(|v| !v.is_nan())
}

/// Builds the heatmap of `series`. Series with the same labels apart from `le` form one histogram; several
/// histograms are summed bucket by bucket (with a note). When every bucket series still carries a
/// `…_bucket` metric name (a raw selector, no function applied), the values are counters and each cell
/// holds the increase since the previous step (a drop is a counter reset: the new value is the increase).
/// Cumulative counts are turned into per-bucket counts; a bucket missing at a time gives no cell there and
/// the next bucket up counts from the last bucket present; a cumulative count below the one under it counts
/// 0. Err: a sentence saying why the input is not a histogram.
///
/// Series holding histogram samples (native histograms) take precedence: see [`from_histograms`].
pub fn from_series(series: &[Series]) -> Result<Heatmap, String> {
    if series.iter().any(|s| !s.histograms.is_empty()) {
        return from_histograms(series);
    }
    let mut notes = Vec::new();
    let mut without_le = 0usize;
    let mut bad_le = 0usize;
    // (le as bits of a canonical f64) -> index into `les`; one entry per distinct bound.
    let mut with_le: Vec<(f64, &Series)> = Vec::new();
    for s in series {
        match s.labels.get("le") {
            None => without_le += 1,
            Some(v) => match parse_le(v) {
                Some(le) if le != f64::NEG_INFINITY => with_le.push((if le == 0.0 { 0.0 } else { le }, s)),
                _ => bad_le += 1,
            },
        }
    }
    if with_le.is_empty() {
        return Err(if series.is_empty() {
            "No series to draw.".to_string()
        } else if bad_le > 0 {
            format!("{NOT_A_HISTOGRAM} The `le` labels here are not numbers.")
        } else {
            NOT_A_HISTOGRAM.to_string()
        });
    }
    if without_le > 0 {
        notes.push(format!("{without_le} series without an `le` label not shown."));
    }
    if bad_le > 0 {
        notes.push(format!("{bad_le} series whose `le` is not a number not shown."));
    }
    let from_counters = with_le.iter().all(|(_, s)| s.labels.get("__name__").is_some_and(|n| n.ends_with("_bucket")));

    // Bounds, ascending.
    let mut les: Vec<f64> = with_le.iter().map(|(le, _)| *le).collect();
    crate::sort::by(&mut les, f64::total_cmp);
    les.dedup();
    if les.len() > MAX_BUCKETS {
        return Err(format!("{} distinct `le` bounds: too many buckets for a heatmap (at most {MAX_BUCKETS}).", les.len()));
    }
    let row_of = |le: f64| les.binary_search_by(|x| x.total_cmp(&le)).ok();

    // Times: the union of every sample time.
    let mut times: Vec<i64> = with_le.iter().flat_map(|(_, s)| s.points.iter().map(|p| p.t_ms)).collect();
    times.sort_unstable();
    times.dedup();
    if times.len() > MAX_COLUMNS {
        let drop = times.len() - MAX_COLUMNS;
        times.drain(..drop);
        notes.push(format!("Only the last {MAX_COLUMNS} time steps are shown."));
    }
    let col_of = |t: i64| times.binary_search(&t).ok();

    // Histograms (label sets without `le` and `__name__`), counted for the note.
    let mut groups: BTreeMap<String, ()> = BTreeMap::new();
    // Summed (cumulative) values per column and row.
    let mut cum: Vec<Vec<Option<f64>>> = vec![vec![None; les.len()]; times.len()];
    for (le, s) in &with_le {
        let key: crate::telemetry::Labels = s.labels.iter().filter(|(k, _)| *k != "le" && *k != "__name__").collect();
        groups.insert(key.to_string(), ());
        let Some(row) = row_of(*le) else { continue };
        let mut prev: Option<f64> = None;
        for p in &s.points {
            let v = if p.v.is_finite() { Some(p.v) } else { None };
            let value = if from_counters {
                let inc = match (prev, v) {
                    (Some(a), Some(b)) if b >= a => Some(b - a),
                    (Some(_), Some(b)) => Some(b),
                    _ => None,
                };
                prev = v;
                inc
            } else {
                v
            };
            let (Some(value), Some(col)) = (value, col_of(p.t_ms)) else { continue };
            if let Some(cell) = cum.get_mut(col).and_then(|c| c.get_mut(row)) {
                *cell = Some(cell.unwrap_or(0.0) + value);
            }
        }
    }
    if groups.len() > 1 {
        notes.push(format!("{} histograms summed bucket by bucket; use sum by (le) (…) to choose what is summed.", groups.len()));
    }

    // Cumulative -> per bucket.
    let mut below_fixed = 0usize;
    let mut gaps = 0usize;
    let mut max = 0.0f64;
    let counts: Vec<Vec<Option<f64>>> = cum
        .iter()
        .map(|col| {
            let mut last = 0.0f64;
            let mut any = false;
            col.iter()
                .map(|c| match c {
                    None => {
                        if any {
                            gaps += 1;
                        }
                        None
                    }
                    Some(v) => {
                        any = true;
                        let d = v - last;
                        let d = if d < 0.0 {
                            if d < -1e-9 * v.abs().max(1.0) {
                                below_fixed += 1;
                            }
                            0.0
                        } else {
                            d
                        };
                        last = last.max(*v);
                        max = max.max(d);
                        Some(d)
                    }
                })
                .collect()
        })
        .collect();
    if below_fixed > 0 {
        notes.push(format!("{below_fixed} cells had a cumulative count below the bucket under them and count 0."));
    }
    if gaps > 0 {
        notes.push(format!("{gaps} cells had no sample for their bucket; the bucket above them counts from the last bucket present."));
    }
    if from_counters {
        notes.push("Raw bucket counters: each cell is the increase since the previous step (counter resets handled). Use rate(…) for per-second values.".to_string());
    }

    let buckets = les
        .iter()
        .enumerate()
        .map(|(i, &upper)| Bucket { lower: i.checked_sub(1).and_then(|j| les.get(j).copied()), upper })
        .collect();
    let step_ms = typical_step(&times);
    Ok(Heatmap { buckets, times, step_ms, counts, max, from_counters, notes })
}

/// True when a result is best drawn as a heatmap: it holds histogram samples and no float samples (native
/// histograms without a function that turns them into numbers). The views pick the heatmap for such results
/// unless the user chose another visualisation.
pub fn prefers_heatmap(series: &[Series]) -> bool {
    prefers_heatmap_of(series.iter())
}

/// [`prefers_heatmap`] over any list of series (a panel keeps them beside their legends).
pub fn prefers_heatmap_of<'a>(series: impl Iterator<Item = &'a Series> + Clone) -> bool {
    series.clone().any(|s| !s.histograms.is_empty()) && series.into_iter().all(|s| s.points.is_empty())
}

/// The visualisation to draw: the one chosen (`graph`, `stat`, `table`, `heatmap`, or a panel kind's
/// name), except that a time-series chart (`graph`, `timeseries`) of a result holding only histogram
/// samples — which has no line to draw — becomes `heatmap`. Decided by the data, never by the backend.
pub fn auto_viz<'a>(chosen: &'a str, series: &[Series]) -> &'a str {
    if matches!(chosen, "graph" | "timeseries") && prefers_heatmap(series) {
        "heatmap"
    } else {
        chosen
    }
}

/// A note for a drawn visualisation that leaves histogram samples out (a chart or stat of a result mixing
/// float series and native histograms): how many series are not shown and how to see them.
pub fn hidden_histograms_note(drawn: &str, series: &[Series]) -> Option<String> {
    if matches!(drawn, "heatmap" | "table") {
        return None;
    }
    let n = series.iter().filter(|s| !s.histograms.is_empty()).count();
    (n > 0).then(|| {
        format!("{n} series hold native histograms, which this visualisation does not draw; choose Heatmap or Table, or use histogram_quantile(…).")
    })
}

/// The note shown when [`auto_viz`] switched a chart to a heatmap.
pub const AUTO_HEATMAP_NOTE: &str = "Native histograms are drawn as a heatmap; histogram_quantile(…), \
     histogram_count(…) or histogram_sum(…) turn them into lines.";

/// Builds the heatmap of series holding histogram samples (native histograms). Each distinct bucket (lower
/// and upper bound) is a row, ascending; each sample time a column. Several series are summed bucket by
/// bucket (with a note); series with float samples only are left out (with a note). When every histogram
/// series still carries its metric name (a raw selector, no function applied), the samples are cumulative
/// counters and each cell holds the increase since the previous sample of that series (a drop of the total
/// count is a reset: the new counts are the increase). A bucket a sample does not list holds 0 then.
pub fn from_histograms(series: &[Series]) -> Result<Heatmap, String> {
    let mut notes = Vec::new();
    let hist: Vec<&Series> = series.iter().filter(|s| !s.histograms.is_empty()).collect();
    if hist.is_empty() {
        return Err(if series.is_empty() { "No series to draw.".to_string() } else { NOT_A_HISTOGRAM.to_string() });
    }
    let floats_only = series.len() - hist.len();
    if floats_only > 0 {
        notes.push(format!("{floats_only} series without histogram samples not shown."));
    }
    let from_counters = hist.iter().all(|s| s.labels.get("__name__").is_some());

    // Rows: distinct (lower, upper) bounds, ascending by upper then lower.
    let mut bounds: Vec<(f64, f64)> = hist
        .iter()
        .flat_map(|s| s.histograms.iter().flat_map(|h| h.buckets.iter().map(|b| (b.lower, b.upper))))
        .filter(|(l, u)| !l.is_nan() && !u.is_nan())
        .map(|(l, u)| (if l == 0.0 { 0.0 } else { l }, if u == 0.0 { 0.0 } else { u }))
        .collect();
    crate::sort::by(&mut bounds, |a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    bounds.dedup();
    if bounds.len() > MAX_BUCKETS {
        return Err(format!("{} distinct buckets: too many for a heatmap (at most {MAX_BUCKETS}); aggregate with a lower resolution, e.g. histogram_quantile(…).", bounds.len()));
    }
    let row_of = |l: f64, u: f64| {
        let key = (if l == 0.0 { 0.0 } else { l }, if u == 0.0 { 0.0 } else { u });
        bounds.binary_search_by(|x| x.1.total_cmp(&key.1).then(x.0.total_cmp(&key.0))).ok()
    };

    let mut times: Vec<i64> = hist.iter().flat_map(|s| s.histograms.iter().map(|h| h.t_ms)).collect();
    times.sort_unstable();
    times.dedup();
    if times.len() > MAX_COLUMNS {
        let drop = times.len() - MAX_COLUMNS;
        times.drain(..drop);
        notes.push(format!("Only the last {MAX_COLUMNS} time steps are shown."));
    }
    let col_of = |t: i64| times.binary_search(&t).ok();

    let mut groups: BTreeMap<String, ()> = BTreeMap::new();
    let mut counts: Vec<Vec<Option<f64>>> = vec![vec![None; bounds.len()]; times.len()];
    let mut resets = 0usize;
    for s in &hist {
        let key: crate::telemetry::Labels = s.labels.iter().filter(|(k, _)| *k != "__name__").collect();
        groups.insert(key.to_string(), ());
        // Counters: the previous sample's count per row (absent buckets count 0) and total count.
        let mut prev: Option<(Vec<f64>, f64)> = None;
        for h in &s.histograms {
            let mut now = vec![0.0f64; bounds.len()];
            for b in &h.buckets {
                if let Some(row) = row_of(b.lower, b.upper) {
                    if b.count.is_finite() {
                        now[row] += b.count;
                    }
                }
            }
            let cells: Option<Vec<f64>> = if from_counters {
                let cells = match &prev {
                    None => None,
                    Some((_, total)) if h.count < *total => {
                        resets += 1;
                        Some(now.clone())
                    }
                    Some((before, _)) => Some(now.iter().zip(before).map(|(n, b)| if n >= b { n - b } else { *n }).collect()),
                };
                prev = Some((now, h.count));
                cells
            } else {
                Some(now)
            };
            let (Some(cells), Some(col)) = (cells, col_of(h.t_ms)) else { continue };
            for (row, v) in cells.into_iter().enumerate() {
                if let Some(cell) = counts.get_mut(col).and_then(|c| c.get_mut(row)) {
                    *cell = Some(cell.unwrap_or(0.0) + v);
                }
            }
        }
    }
    if groups.len() > 1 {
        notes.push(format!("{} histograms summed bucket by bucket; use sum by (…) (…) to choose what is summed.", groups.len()));
    }
    if from_counters {
        notes.push("Raw histogram counters: each cell is the increase since the previous sample (counter resets handled). Use rate(…) for per-second values.".to_string());
        if resets > 0 {
            notes.push(format!("{resets} counter resets."));
        }
    }
    let max = counts.iter().flatten().flatten().copied().filter(|v| v.is_finite()).fold(0.0f64, f64::max);
    let buckets = bounds.iter().map(|&(lower, upper)| Bucket { lower: Some(lower), upper }).collect();
    let step_ms = typical_step(&times);
    Ok(Heatmap { buckets, times, step_ms, counts, max, from_counters, notes })
}

/// The median spacing of the times (60 s when there are fewer than two).
fn typical_step(times: &[i64]) -> i64 {
    let mut d: Vec<i64> = times.windows(2).map(|w| w[1].saturating_sub(w[0])).filter(|d| *d > 0).collect();
    if d.is_empty() {
        return 60_000;
    }
    let mid = d.len() / 2;
    let (_, m, _) = d.select_nth_unstable(mid);
    (*m).max(1)
}

/// The unit of the bucket bounds of a query: from its `…_bucket` metric name (`_seconds_bucket` → seconds),
/// else (a native histogram is named without `_bucket`) from its first metric name that tells a unit.
pub fn bucket_unit(expr: &str) -> Unit {
    let names = metric_names(expr);
    match names.iter().find(|n| n.ends_with("_bucket")) {
        Some(n) => super::units::guess_unit(n, ""),
        None => names.iter().map(|n| super::units::guess_unit(n, "")).find(|u| *u != Unit::default()).unwrap_or_default(),
    }
}

/// The colour ramps, low to high: magma (classic) and viridis (colour-blind safe), both perceptually uniform.
const MAGMA: [Rgb; 6] = [(0x3b, 0x0f, 0x70), (0x64, 0x1a, 0x80), (0x8c, 0x29, 0x81), (0xde, 0x49, 0x68), (0xfe, 0x9f, 0x6d), (0xfc, 0xfd, 0xbf)];
const VIRIDIS: [Rgb; 6] = [(0x44, 0x01, 0x54), (0x41, 0x44, 0x87), (0x2a, 0x78, 0x8e), (0x22, 0xa8, 0x84), (0x7a, 0xd1, 0x51), (0xfd, 0xe7, 0x25)];

/// The ramp of a palette, low to high (the UI draws it as the colour legend).
pub fn ramp(palette: Palette) -> &'static [Rgb] {
    match palette {
        Palette::Classic => &MAGMA,
        Palette::ColorBlind => &VIRIDIS,
    }
}

/// The counts the colour ramp spans: from `min` to `max` where a panel sets them (Grafana's heatmap
/// `options.color.min`/`max`), else from 0 to the `largest` count; a range that would be empty or odd is
/// 0..largest.
pub fn color_range(largest: f64, min: Option<f64>, max: Option<f64>) -> (f64, f64) {
    let ok = |v: Option<f64>| v.filter(|v| v.is_finite());
    let (lo, hi) = (ok(min).unwrap_or(0.0), ok(max).unwrap_or(largest));
    if lo < hi {
        (lo, hi)
    } else {
        (0.0, largest)
    }
}

/// The colour of a count on a square-root scale over `range` (long tails stay visible), clamped to its
/// ends. None for no count, zero, a non-finite value or an empty range: such cells are not drawn.
pub fn cell_color(count: Option<f64>, range: (f64, f64), palette: Palette) -> Option<Rgb> {
    let c = count?;
    let (lo, hi) = range;
    if !(c.is_finite() && c > 0.0 && lo.is_finite() && hi.is_finite() && hi > lo) {
        return None;
    }
    let f = ((c - lo) / (hi - lo)).clamp(0.0, 1.0).sqrt();
    let r = ramp(palette);
    let pos = f * (r.len() - 1) as f64;
    let i = (pos.floor() as usize).min(r.len() - 2);
    let (a, b) = (r[i], r[i + 1]);
    let k = pos - i as f64;
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * k).round().clamp(0.0, 255.0) as u8;
    Some((mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)))
}

/// Where a heatmap landed: the plot rectangle in pixels and the axes' ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatLayout {
    /// (left, top, right, bottom).
    pub plot: (i32, i32, i32, i32),
    pub start_ms: i64,
    pub end_ms: i64,
    pub rows: usize,
    /// Row labels (pixel y of the row's top edge, upper bound) and time ticks (pixel x, label) as drawn.
    pub y_ticks: Vec<(f64, String)>,
    pub x_ticks: Vec<(f64, String)>,
    /// The counts the colour ramp spans as drawn ([`color_range`]).
    pub color_range: (f64, f64),
}

impl HeatLayout {
    fn span(&self) -> f64 {
        (self.end_ms as i128 - self.start_ms as i128).max(1) as f64
    }

    /// The pixel column of time `ms` (not clamped).
    pub fn ms_to_x(&self, ms: i64) -> f64 {
        self.plot.0 as f64 + (ms as i128 - self.start_ms as i128) as f64 / self.span() * (self.plot.2 - self.plot.0) as f64
    }

    /// The time at pixel column `x`, clamped to the range.
    pub fn x_to_ms(&self, x: f64) -> i64 {
        let w = (self.plot.2 - self.plot.0) as f64;
        if !x.is_finite() || w <= 0.0 {
            return self.start_ms;
        }
        let f = ((x - self.plot.0 as f64) / w).clamp(0.0, 1.0);
        (self.start_ms as f64 + f * self.span()).round() as i64
    }

    /// The height of one row in pixels.
    pub fn row_h(&self) -> f64 {
        (self.plot.3 - self.plot.1) as f64 / self.rows.max(1) as f64
    }

    /// The cell rectangle (x0, y0, x1, y1) of column time `t` (covering `t - step .. t`) and `row` (0 at
    /// the bottom), clipped to the plot; None when it falls outside.
    pub fn cell_rect(&self, t: i64, step_ms: i64, row: usize) -> Option<(f64, f64, f64, f64)> {
        if row >= self.rows {
            return None;
        }
        let x0 = self.ms_to_x(t.saturating_sub(step_ms.max(1))).max(self.plot.0 as f64);
        let x1 = self.ms_to_x(t).min(self.plot.2 as f64);
        if !(x1 > x0) {
            return None;
        }
        let h = self.row_h();
        let y1 = self.plot.3 as f64 - row as f64 * h;
        Some((x0, y1 - h, x1, y1))
    }

    /// The cell (column, row) of `heat` under pixel (x, y), if any.
    pub fn hit(&self, heat: &Heatmap, x: f64, y: f64) -> Option<(usize, usize)> {
        let (l, t, r, b) = (self.plot.0 as f64, self.plot.1 as f64, self.plot.2 as f64, self.plot.3 as f64);
        if !(x.is_finite() && y.is_finite()) || x < l || x > r || y < t || y > b || self.rows == 0 {
            return None;
        }
        let row = (((b - y) / self.row_h()).floor().max(0.0) as usize).min(self.rows - 1);
        let ms = self.x_to_ms(x);
        // The first column ending at or after `ms` whose span starts before it.
        let col = heat.times.partition_point(|&c| c < ms);
        let t = *heat.times.get(col)?;
        (t.saturating_sub(heat.step_ms.max(1)) <= ms).then_some((col, row))
    }
}

/// What hovering a cell shows: its time span, bucket range and count.
#[derive(Clone, Debug, PartialEq)]
pub struct CellInfo {
    pub time: String,
    pub bucket: String,
    pub count: String,
    /// The count as a number (None: no sample), for a value mapping to match.
    pub value: Option<f64>,
}

/// The hover text of a cell: the time (end of its step), the bucket range in `bucket_unit` and the count in
/// `count`'s format ("no sample" when the bucket had none then).
pub fn cell_info(heat: &Heatmap, col: usize, row: usize, bucket_unit: Unit, count: &CountFormat, tz: TimeZone) -> Option<CellInfo> {
    let t = *heat.times.get(col)?;
    let b = heat.buckets.get(row)?;
    let value = heat.counts.get(col)?.get(row)?;
    let from = format_ms(t.saturating_sub(heat.step_ms), tz, false);
    let to = format_ms(t, tz, false);
    let to_short = to.rsplit(' ').next().unwrap_or(&to).to_string();
    Some(CellInfo {
        time: format!("{from} – {to_short}"),
        bucket: b.label(bucket_unit),
        count: match value {
            Some(c) => count.text(*c),
            None => "no sample".to_string(),
        },
        value: *value,
    })
}

#[cfg(test)]
#[path = "heatmap_tests.rs"]
mod tests;
