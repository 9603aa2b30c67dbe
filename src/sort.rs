//! One stable sort for the app's many orderings: the standard library's `sort_by` is compiled again for every
//! element type and comparator (2–4 KB of wasm each, ~30 on the metrics page alone: docs/decisions/0011), so
//! call sites sort here instead, where a single routine orders indices and the slice is then permuted in place.
//! Equal elements keep their order, as with `slice::sort_by`. Sorting already sorted input costs one pass.

use std::cmp::Ordering;

/// The order of `n` items under `cmp` (which compares items by index): position `i` of the answer holds the
/// index of the item that goes there. Ties keep index order, so the order is stable. Not generic: every
/// sort in the app runs this one instance.
#[inline(never)]
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..n as u32).collect();
    idx.sort_unstable_by(|&a, &b| cmp(a as usize, b as usize).then(a.cmp(&b)));
    idx
}

/// Moves each item to its place in `order` (`v[i]` becomes the old `v[order[i]]`), following each cycle with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `v` by `cmp`, stably (as `slice::sort_by`).
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` by the key `key` gives, stably (as `slice::sort_by_key`).
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so that the property checks below see many shapes of input.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (x >> 33) % range
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does_ties_included() {
        for seed in 0..200 {
            let n = (seed as usize * 7) % 90;
            // (key, original position): equal keys must come out in their original order
            let items: Vec<(u64, usize)> = numbers(seed, n, 1 + seed % 9).into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            by_key(&mut ours, |p| p.0);
            let mut std = items.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "seed {seed}");
        }
    }

    #[test]
    fn descending_and_sorted_inputs_and_strings() {
        let mut v: Vec<i64> = (0..1000).rev().collect();
        by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, (0..1000).collect::<Vec<_>>());
        by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, (0..1000).rev().collect::<Vec<_>>());
        let mut s = vec!["pear".to_string(), "Apple".into(), "fig".into(), "apple".into()];
        by_key(&mut s, |w| w.to_lowercase());
        assert_eq!(s, ["Apple", "apple", "fig", "pear"]);
    }

    #[test]
    fn empty_and_single() {
        let mut e: Vec<u8> = vec![];
        by(&mut e, |a, b| a.cmp(b));
        assert!(e.is_empty());
        let mut one = vec![5];
        by(&mut one, |a, b| b.cmp(a));
        assert_eq!(one, [5]);
    }
}
