//! Choosing the step of a range query: about one point per pixel, at most 11,000 points (Prometheus'
//! limit), rounded up to a step people recognise (15s, 1m, 5m, …).

/// Most points Prometheus returns per series for one range query.
pub const MAX_POINTS: i64 = 11_000;

const NICE_STEPS_MS: [i64; 21] = [
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
    60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
    3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
    86_400_000, 172_800_000, 604_800_000, 2_592_000_000,
];

/// The step (ms) for a range of `range_ms` drawn `width_px` wide: `range / width`, raised so the query stays
/// under [`MAX_POINTS`], rounded up to a nice step (beyond 30 days: whole days), never below `min_step`
/// (when positive) nor below 1 s.
pub fn auto_step(range_ms: i64, width_px: u32, min_step: Option<i64>) -> i64 {
    let range = range_ms.max(0);
    let width = i64::from(width_px.max(1));
    let raw = ceil_div(range, width).max(ceil_div(range, MAX_POINTS));
    let nice = NICE_STEPS_MS
        .iter()
        .copied()
        .find(|s| *s >= raw)
        .unwrap_or_else(|| ceil_div(raw, 86_400_000).saturating_mul(86_400_000));
    nice.max(min_step.unwrap_or(0)).max(1_000)
}

fn ceil_div(a: i64, b: i64) -> i64 {
    if b <= 0 {
        return a;
    }
    a / b + i64::from(a % b != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_pixel_rounded_up() {
        // 1 h over 1200 px = 3 s → 5 s.
        assert_eq!(auto_step(3_600_000, 1200, None), 5_000);
        // 6 h over 1200 px = 18 s → 30 s.
        assert_eq!(auto_step(21_600_000, 1200, None), 30_000);
        // 24 h over 1200 px = 72 s → 2 m.
        assert_eq!(auto_step(86_400_000, 1200, None), 120_000);
        // Exactly a nice step stays.
        assert_eq!(auto_step(18_000_000, 1200, None), 15_000);
        // 7 d over 1000 px = 604.8 s → 15 m.
        assert_eq!(auto_step(604_800_000, 1000, None), 900_000);
    }

    #[test]
    fn never_below_one_second_or_min_step() {
        assert_eq!(auto_step(60_000, 1200, None), 1_000);
        assert_eq!(auto_step(0, 1200, None), 1_000);
        assert_eq!(auto_step(-5, 0, None), 1_000);
        assert_eq!(auto_step(3_600_000, 1200, Some(60_000)), 60_000);
        assert_eq!(auto_step(3_600_000, 1200, Some(100)), 5_000);
        assert_eq!(auto_step(3_600_000, 1200, Some(-100)), 5_000);
    }

    #[test]
    fn stays_under_prometheus_point_limit() {
        // A 4000 px wide chart would ask for 4000 points; 30 d / 11000 = 235.6 s → 5 m.
        let range = 30 * 86_400_000;
        let step = auto_step(range, 100_000, None);
        assert_eq!(step, 300_000);
        assert!(range / step <= MAX_POINTS);
    }

    #[test]
    fn huge_ranges_use_whole_days() {
        // 10 y over 100 px = 36.5 d → 37 d.
        let step = auto_step(10 * 365 * 86_400_000, 100, None);
        assert_eq!(step, 37 * 86_400_000);
        assert!(auto_step(i64::MAX, 1, None) >= i64::MAX / 2);
        assert_eq!(auto_step(i64::MAX, 0, Some(i64::MAX)), i64::MAX);
    }

    #[test]
    fn the_boot_script_uses_the_same_steps() {
        // scripts/boot-early-query.js starts a deep link's query before the app runs, with a copy of this rule:
        // a different step there would only lose the early start, so this keeps the copies equal.
        let js = include_str!("../../scripts/boot-early-query.js");
        let list = NICE_STEPS_MS.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ");
        assert!(js.contains(&format!("const NICE_STEPS_MS = [{list}];")), "the boot script's step table differs");
        assert!(js.contains(&format!("const MAX_POINTS = {MAX_POINTS};")));
        assert!(js.contains("const WIDTH_PX = 1200;"), "the metrics page asks for one point per pixel of 1200");
        let max_get = crate::backends::prometheus::request::MAX_GET_QUERY_BYTES;
        assert!(js.contains(&format!("const MAX_GET_QUERY_BYTES = {max_get};")));
    }
}
