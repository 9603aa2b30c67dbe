//! Layered left-to-right layout of a directed graph (Sugiyama): cycles broken by reversing DFS back edges,
//! layers by longest path, dummy nodes on edges that span layers, crossings reduced by barycenter sweeps,
//! then coordinates (each node pulled towards its neighbours, order kept, gaps kept).
//!
//! Iterative throughout (no recursion), O((V + E) log V) per sweep, so a 50k-node call tree or a
//! service with thousands of edges is safe. Edges to unknown nodes and self-edges are dropped and counted.

use std::collections::HashSet;

/// Distances in the drawing's units (CSS pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    pub node_w: f64,
    pub node_h: f64,
    /// Horizontal gap between the right side of one layer and the left side of the next.
    pub layer_gap: f64,
    /// Vertical gap between two nodes of one layer.
    pub node_gap: f64,
}

impl Default for Spacing {
    fn default() -> Spacing {
        Spacing { node_w: 180.0, node_h: 56.0, layer_gap: 60.0, node_gap: 16.0 }
    }
}

/// One edge as drawn: from the right side of `from` to the left side of `to`, through `points` (the first
/// and last are on the nodes). `reversed` edges were turned around to break a cycle and are drawn
/// right to left (their points still run from `from` to `to`).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    /// Index into the edges given to `layout`.
    pub edge: usize,
    pub from: usize,
    pub to: usize,
    pub points: Vec<(f64, f64)>,
    pub reversed: bool,
}

/// Where every node goes: top-left corners, layer (column) and order within it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub layer: Vec<u32>,
    pub edges: Vec<EdgePath>,
    pub width: f64,
    pub height: f64,
    /// Edges dropped: self-edges, edges to nodes that do not exist, repeats.
    pub dropped: usize,
}

const SWEEPS: usize = 4;
const SMOOTHING: usize = 4;

/// Lays out `n` nodes with the directed `edges` (from, to).
pub fn layout(n: usize, edges: &[(usize, usize)], sp: &Spacing) -> Layout {
    // 1. Clean edges.
    let mut seen = HashSet::with_capacity(edges.len());
    let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(edges.len());
    let mut dropped = 0;
    for (i, &(a, b)) in edges.iter().enumerate() {
        if a >= n || b >= n || a == b || !seen.insert((a, b)) {
            dropped += 1;
            continue;
        }
        kept.push((i, a, b));
    }

    // 2. Break cycles: edges that close a cycle in a DFS (to a node still on the stack) are reversed.
    let reversed = back_edges(n, &kept);
    let dag: Vec<(usize, usize)> =
        kept.iter().zip(&reversed).map(|(&(_, a, b), &r)| if r { (b, a) } else { (a, b) }).collect();

    // 3. Layers by longest path from the sources (Kahn's order).
    let layer = longest_path_layers(n, &dag);

    // 4. Dummy nodes: every DAG edge becomes a chain of unit-length segments.
    let mut node_layer: Vec<u32> = layer.clone();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(dag.len());
    let mut seg: Vec<(usize, usize)> = Vec::with_capacity(dag.len());
    for &(a, b) in &dag {
        let mut chain = vec![a];
        let mut prev = a;
        for l in layer[a] + 1..layer[b] {
            let d = node_layer.len();
            node_layer.push(l);
            seg.push((prev, d));
            chain.push(d);
            prev = d;
        }
        seg.push((prev, b));
        chain.push(b);
        chains.push(chain);
    }
    let total = node_layer.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); total];
    for &(a, b) in &seg {
        down[a].push(b);
        up[b].push(a);
    }

    // 5. Initial order: depth-first from the sources in input order, so trees come out untangled.
    let layers_n = node_layer.iter().max().map_or(0, |&m| m as usize + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers_n];
    let mut placed = vec![false; total];
    let mut stack: Vec<usize> = Vec::new();
    let roots = (0..n).filter(|&v| up[v].is_empty());
    for start in roots.chain(0..total) {
        if placed[start] {
            continue;
        }
        stack.push(start);
        while let Some(v) = stack.pop() {
            if placed[v] {
                continue;
            }
            placed[v] = true;
            order[node_layer[v] as usize].push(v);
            stack.extend(down[v].iter().rev().copied().filter(|&c| !placed[c]));
        }
    }
    let mut pos = vec![0usize; total];
    let set_pos = |order: &Vec<Vec<usize>>, pos: &mut Vec<usize>| {
        for l in order {
            for (i, &v) in l.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    set_pos(&order, &mut pos);

    // 6. Crossing reduction: barycenter sweeps down and up, keeping the best order seen.
    let mut best = order.clone();
    let mut best_cross = crossings_of(&order, &down, &pos);
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let seq: Vec<usize> = if downward { (1..layers_n).collect() } else { (0..layers_n.saturating_sub(1)).rev().collect() };
        for l in seq {
            let nb = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize, usize)> = order[l]
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let ns = &nb[v];
                    let bc = if ns.is_empty() { i as f64 } else { ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64 };
                    (bc, i, v)
                })
                .collect();
            crate::sort::by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[l] = keyed.into_iter().map(|k| k.2).collect();
            for (i, &v) in order[l].iter().enumerate() {
                pos[v] = i;
            }
        }
        let c = crossings_of(&order, &down, &pos);
        if c < best_cross {
            best_cross = c;
            best = order.clone();
        }
    }
    let order = best;
    set_pos(&order, &mut pos);

    // 7. Coordinates: x by layer; y packed, then pulled towards the neighbours' mean with gaps kept.
    let pitch = sp.node_h + sp.node_gap;
    let mut y = vec![0.0f64; total];
    for l in &order {
        for (i, &v) in l.iter().enumerate() {
            y[v] = i as f64 * pitch;
        }
    }
    for pass in 0..SMOOTHING {
        let downward = pass % 2 == 0;
        let seq: Vec<usize> = if downward { (1..layers_n).collect() } else { (0..layers_n.saturating_sub(1)).rev().collect() };
        for l in seq {
            let nb = if downward { &up } else { &down };
            let want: Vec<f64> = order[l]
                .iter()
                .map(|&v| if nb[v].is_empty() { y[v] } else { nb[v].iter().map(|&u| y[u]).sum::<f64>() / nb[v].len() as f64 })
                .collect();
            place_in_order(&order[l], &want, pitch, &mut y);
        }
    }
    let min_y = y.iter().copied().fold(f64::INFINITY, f64::min);
    let shift = if min_y.is_finite() { -min_y } else { 0.0 };
    for v in &mut y {
        *v += shift;
    }
    let col = sp.node_w + sp.layer_gap;
    let xs: Vec<f64> = node_layer.iter().map(|&l| f64::from(l) * col).collect();

    let mid = |v: usize| y[v] + sp.node_h / 2.0;
    let out_edges = kept
        .iter()
        .zip(&reversed)
        .zip(&chains)
        .map(|((&(i, a, b), &rev), chain)| {
            // Points along the chain in DAG direction: right side of the first, through dummies, left of the last.
            let mut pts: Vec<(f64, f64)> = Vec::with_capacity(chain.len());
            for (k, &v) in chain.iter().enumerate() {
                let x = if k == 0 { xs[v] + sp.node_w } else if k + 1 == chain.len() { xs[v] } else { xs[v] + sp.node_w / 2.0 };
                pts.push((x, mid(v)));
            }
            if rev {
                pts.reverse();
            }
            EdgePath { edge: i, from: a, to: b, points: pts, reversed: rev }
        })
        .collect();

    let height = order.iter().flatten().map(|&v| y[v] + sp.node_h).fold(0.0, f64::max);
    let width = if layers_n == 0 { 0.0 } else { layers_n as f64 * col - sp.layer_gap };
    y.truncate(n);
    let mut x = xs;
    x.truncate(n);
    Layout { x, y, layer, edges: out_edges, width, height, dropped }
}

impl EdgePath {
    /// The edge as an SVG path: a smooth curve through its points (horizontal tangents at each point).
    pub fn svg_d(&self) -> String {
        let mut d = String::new();
        for (i, &(x, y)) in self.points.iter().enumerate() {
            if i == 0 {
                d.push_str(&format!("M{x:.1} {y:.1}"));
            } else {
                let (px, py) = self.points[i - 1];
                let mx = (px + x) / 2.0;
                d.push_str(&format!(" C{mx:.1} {py:.1} {mx:.1} {y:.1} {x:.1} {y:.1}"));
            }
        }
        d
    }
}

/// Which of `edges` (index, from, to) close a cycle in an iterative DFS over the nodes in index order.
fn back_edges(n: usize, edges: &[(usize, usize, usize)]) -> Vec<bool> {
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(_, a, _)) in edges.iter().enumerate() {
        out_adj[a].push(k);
    }
    // 0 new, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut rev = vec![false; edges.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        state[s] = 1;
        stack.push((s, 0));
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&k) = out_adj[v].get(next) {
                top.1 += 1;
                let w = edges[k].2;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => rev[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    rev
}

fn longest_path_layers(n: usize, dag: &[(usize, usize)]) -> Vec<u32> {
    let mut indeg = vec![0usize; n];
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        indeg[b] += 1;
        out_adj[a].push(b);
    }
    let mut layer = vec![0u32; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut head = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        for &w in &out_adj[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    layer
}

/// Places the nodes of one layer as near `want` as their order and the minimum pitch allow: a forward
/// pass pushes down, a backward pass pulls up towards the wanted places without breaking the gaps.
fn place_in_order(layer: &[usize], want: &[f64], pitch: f64, y: &mut [f64]) {
    let k = layer.len();
    if k == 0 {
        return;
    }
    let mut p: Vec<f64> = want.iter().map(|w| if w.is_finite() { *w } else { 0.0 }).collect();
    for i in 1..k {
        p[i] = p[i].max(p[i - 1] + pitch);
    }
    for i in (0..k - 1).rev() {
        let limit = p[i + 1] - pitch;
        if p[i] > limit {
            p[i] = limit;
        } else {
            p[i] = p[i].max(want[i].min(limit));
        }
    }
    for (i, &v) in layer.iter().enumerate() {
        y[v] = p[i];
    }
}

/// Crossings between adjacent layers, counted by inversions (merge sort): O(E log E) per layer pair.
fn crossings_of(order: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> u64 {
    let mut total = 0;
    for l in order.iter().take(order.len().saturating_sub(1)) {
        let mut pairs: Vec<(usize, usize)> = l.iter().flat_map(|&v| down[v].iter().map(move |&w| (pos[v], pos[w]))).collect();
        pairs.sort_unstable();
        let mut targets: Vec<usize> = pairs.into_iter().map(|p| p.1).collect();
        total += inversions(&mut targets);
    }
    total
}

fn inversions(v: &mut [usize]) -> u64 {
    let n = v.len();
    if n < 2 {
        return 0;
    }
    let mut buf = v.to_vec();
    let mut count = 0u64;
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let (mid, end) = ((i + width).min(n), (i + 2 * width).min(n));
            let (mut a, mut b, mut k) = (i, mid, i);
            while a < mid && b < end {
                if v[a] <= v[b] {
                    buf[k] = v[a];
                    a += 1;
                } else {
                    buf[k] = v[b];
                    count += (mid - a) as u64;
                    b += 1;
                }
                k += 1;
            }
            buf[k..k + mid - a].copy_from_slice(&v[a..mid]);
            k += mid - a;
            buf[k..k + end - b].copy_from_slice(&v[b..end]);
            i += 2 * width;
        }
        v.copy_from_slice(&buf);
        width *= 2;
    }
    count
}

/// Edge crossings of a finished layout between adjacent layers (for tests and the benchmark).
pub fn crossings(l: &Layout) -> u64 {
    // Segments between consecutive points that go from one layer column to the next.
    let mut segs: Vec<(f64, f64, f64, f64)> = Vec::new();
    for e in &l.edges {
        for w in e.points.windows(2) {
            let (a, b) = if w[0].0 <= w[1].0 { (w[0], w[1]) } else { (w[1], w[0]) };
            segs.push((a.0, a.1, b.0, b.1));
        }
    }
    let mut c = 0;
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            let (s, t) = (segs[i], segs[j]);
            let same_span = (s.0 - t.0).abs() < 1.0 && (s.2 - t.2).abs() < 1.0;
            if same_span && (s.1 - t.1) * (s.3 - t.3) < 0.0 {
                c += 1;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(n: usize, e: &[(usize, usize)]) -> Layout {
        layout(n, e, &Spacing::default())
    }

    fn no_overlap(l: &Layout, sp: &Spacing) {
        for i in 0..l.x.len() {
            for j in i + 1..l.x.len() {
                if l.layer[i] == l.layer[j] {
                    assert!((l.y[i] - l.y[j]).abs() >= sp.node_h + sp.node_gap - 1e-6, "nodes {i} and {j} overlap");
                }
            }
        }
    }

    #[test]
    fn chain_goes_left_to_right() {
        let l = lay(3, &[(0, 1), (1, 2)]);
        assert_eq!(l.layer, vec![0, 1, 2]);
        assert!(l.x[0] < l.x[1] && l.x[1] < l.x[2]);
        assert_eq!(l.y, vec![0.0, 0.0, 0.0]);
        assert_eq!(l.edges.len(), 2);
        assert_eq!(l.edges[0].points, vec![(180.0, 28.0), (240.0, 28.0)]);
        assert_eq!(l.width, 3.0 * 180.0 + 2.0 * 60.0);
    }

    #[test]
    fn tree_has_no_crossings_and_no_overlaps() {
        // 0 -> 1,2,3; 1 -> 4,5; 3 -> 6,7; 2 -> 8
        let e = [(0, 1), (0, 2), (0, 3), (1, 4), (1, 5), (3, 6), (3, 7), (2, 8)];
        let l = lay(9, &e);
        assert_eq!(crossings(&l), 0);
        no_overlap(&l, &Spacing::default());
        // Children of 1 lie above the children of 3, as their parents do.
        assert!(l.y[1] < l.y[3] && l.y[4].max(l.y[5]) < l.y[6].min(l.y[7]));
    }

    #[test]
    fn barycenter_untangles_a_crossed_bipartite_graph() {
        // Sources 0,1,2; sinks 3,4,5 wired in reverse: 0->5, 1->4, 2->3 plus extra 0->4.
        let e = [(0, 5), (1, 4), (2, 3), (0, 4)];
        let l = lay(6, &e);
        assert_eq!(crossings(&l), 0, "{l:?}");
    }

    #[test]
    fn cycles_are_broken_and_marked() {
        let l = lay(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(l.layer, vec![0, 1, 2]);
        let rev: Vec<bool> = l.edges.iter().map(|e| e.reversed).collect();
        assert_eq!(rev, vec![false, false, true]);
        // The reversed edge is drawn from 2 back to 0: its points start at node 2.
        let back = &l.edges[2];
        assert_eq!((back.from, back.to), (2, 0));
        assert!(back.points.first().unwrap().0 > back.points.last().unwrap().0);
        // A two-node loop.
        let l = lay(2, &[(0, 1), (1, 0)]);
        assert_eq!(l.layer, vec![0, 1]);
    }

    #[test]
    fn long_edges_go_through_dummy_points() {
        let l = lay(3, &[(0, 1), (1, 2), (0, 2)]);
        let long = l.edges.iter().find(|e| e.from == 0 && e.to == 2).unwrap();
        assert_eq!(long.points.len(), 3);
        assert_eq!(l.x.len(), 3, "dummies are not nodes of the result");
    }

    #[test]
    fn bad_edges_are_dropped_and_counted() {
        let l = lay(2, &[(0, 0), (0, 7), (9, 1), (0, 1), (0, 1)]);
        assert_eq!(l.dropped, 4);
        assert_eq!(l.edges.len(), 1);
        assert_eq!(l.edges[0].edge, 3);
    }

    #[test]
    fn empty_and_edgeless_graphs() {
        let l = lay(0, &[]);
        assert_eq!((l.width, l.height, l.x.len()), (0.0, 0.0, 0));
        let l = lay(3, &[]);
        assert_eq!(l.layer, vec![0, 0, 0]);
        no_overlap(&l, &Spacing::default());
    }

    #[test]
    fn a_hub_with_thousands_of_edges() {
        let n = 3001;
        let e: Vec<(usize, usize)> = (1..n).flat_map(|i| [(0, i), (i, 0)]).collect();
        let l = lay(n, &e);
        assert_eq!(l.edges.len(), 6000);
        assert!(l.y.iter().all(|v| v.is_finite()) && l.height.is_finite());
        no_overlap(&l, &Spacing::default());
    }

    #[test]
    fn edges_as_svg_curves() {
        let e = EdgePath { edge: 0, from: 0, to: 1, points: vec![(0.0, 0.0), (10.0, 20.0)], reversed: false };
        assert_eq!(e.svg_d(), "M0.0 0.0 C5.0 0.0 5.0 20.0 10.0 20.0");
        assert_eq!(EdgePath { points: vec![], ..e }.svg_d(), "");
    }

    #[test]
    fn inversions_count_pairs_out_of_order() {
        assert_eq!(inversions(&mut [3, 1, 2]), 2);
        assert_eq!(inversions(&mut [1, 2, 3, 4]), 0);
        assert_eq!(inversions(&mut [5, 4, 3, 2, 1]), 10);
    }
}
