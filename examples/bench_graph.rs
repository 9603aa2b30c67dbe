//! Timing of the layered graph layout (`view::graph::layout`) on service maps of 30, 300 and 1000 services
//! (random calls, mostly downstream, with some cycles) and on a hub with 3000 callers:
//! `cargo run --release --example bench_graph`. The target: 300 services in ≤ 100 ms.

use std::time::Instant;

use trifocal::view::graph::layout::{crossings, layout, Spacing};

/// Deterministic pseudo-random numbers (64-bit LCG).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// `n` services, each calling about three others, 95% of calls to a later service (so there are layers)
/// and 5% back (cycles).
fn service_map(n: usize) -> Vec<(usize, usize)> {
    let mut rng = Lcg(7);
    let mut e = Vec::new();
    for a in 0..n {
        for _ in 0..3 {
            let b = if rng.next() % 20 == 0 { (rng.next() as usize) % n } else { a + 1 + (rng.next() as usize) % 12 };
            if b < n {
                e.push((a, b));
            }
        }
    }
    e
}

fn run(label: &str, n: usize, e: &[(usize, usize)]) {
    let sp = Spacing::default();
    let runs = 5;
    let mut best = f64::INFINITY;
    let mut l = layout(n, e, &sp);
    for _ in 0..runs {
        let t = Instant::now();
        l = layout(n, e, &sp);
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    let cross = if e.len() <= 5000 { crossings(&l).to_string() } else { "-".into() };
    println!(
        "{label}: {n} nodes, {} edges ({} dropped) → {} columns, {cross} crossings · layout {best:.2} ms (best of {runs})",
        e.len(),
        l.dropped,
        l.layer.iter().max().map_or(0, |m| m + 1)
    );
}

fn main() {
    for n in [30, 300, 1000] {
        run(&format!("service map {n}"), n, &service_map(n));
    }
    let hub: Vec<(usize, usize)> = (1..3001).flat_map(|i| [(i, 0), (0, (i % 3000) + 1)]).collect();
    run("hub", 3001, &hub);
}
