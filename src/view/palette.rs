//! Series and service colours: a Grafana-like classic palette, picked by a stable hash of a series key.

/// RGB colour as the UI writes it into `rgb(r,g,b)`.
pub type Rgb = (u8, u8, u8);

/// Grafana's classic palette (first 20 entries): distinct hues, readable on dark and light backgrounds.
pub const CLASSIC: [Rgb; 20] = [
    (0x7e, 0xb2, 0x6d), // green
    (0xea, 0xb8, 0x39), // yellow
    (0x6e, 0xd0, 0xe0), // light blue
    (0xef, 0x84, 0x3c), // orange
    (0xe2, 0x4d, 0x42), // red
    (0x1f, 0x78, 0xc1), // blue
    (0xba, 0x43, 0xa6), // purple
    (0x70, 0x5d, 0xa0), // violet
    (0x50, 0x86, 0x42), // dark green
    (0xcc, 0xa3, 0x00), // dark yellow
    (0x44, 0x7e, 0xbc), // steel blue
    (0xc1, 0x5c, 0x17), // dark orange
    (0x89, 0x0f, 0x02), // dark red
    (0x0a, 0x43, 0x7c), // navy
    (0x6d, 0x1f, 0x62), // plum
    (0x58, 0x44, 0x77), // dark violet
    (0xb7, 0xdb, 0xab), // pale green
    (0xf4, 0xd5, 0x98), // pale yellow
    (0x70, 0xdb, 0xed), // pale blue
    (0xf9, 0xba, 0x8f), // pale orange
];

/// FNV-1a: a hash that is the same on every platform and in every build (unlike `DefaultHasher`).
pub fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The palette slot of a series key (its label set as text).
pub fn index_for_key(key: &str) -> usize {
    (stable_hash(key) % CLASSIC.len() as u64) as usize
}

/// The colour of a series key, the same every time the key is seen.
pub fn color_for_key(key: &str) -> Rgb {
    CLASSIC[index_for_key(key)]
}

/// Colours for a list of keys: each key starts at its hashed slot; when that slot is already taken by an
/// earlier key and free slots remain, the next free slot is used, so a handful of series never share a colour.
pub fn colors_for_keys<S: AsRef<str>>(keys: &[S]) -> Vec<Rgb> {
    let mut used = [false; CLASSIC.len()];
    let mut n_used = 0usize;
    keys.iter()
        .map(|k| {
            let mut i = index_for_key(k.as_ref());
            if n_used < CLASSIC.len() {
                while used[i] {
                    i = (i + 1) % CLASSIC.len();
                }
                used[i] = true;
                n_used += 1;
            }
            CLASSIC[i]
        })
        .collect()
}

/// The colour of the i-th service of a trace (services are listed in a stable order by the trace model).
pub fn service_color(i: usize) -> Rgb {
    CLASSIC[i % CLASSIC.len()]
}

/// `rgb(r,g,b)` for CSS.
pub fn css(c: Rgb) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_colors_are_stable_and_from_the_palette() {
        let k = r#"{job="api", instance="a:1"}"#;
        assert_eq!(color_for_key(k), color_for_key(k));
        assert!(CLASSIC.contains(&color_for_key(k)));
        // FNV-1a reference value for the empty string and "a".
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_few_keys_get_distinct_colors() {
        let keys: Vec<String> = (0..20).map(|i| format!("{{i=\"{i}\"}}")).collect();
        let cs = colors_for_keys(&keys);
        let mut d = cs.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 20);
        // More keys than colours: still one colour each, no panic.
        let many: Vec<String> = (0..50).map(|i| i.to_string()).collect();
        assert_eq!(colors_for_keys(&many).len(), 50);
        assert_eq!(colors_for_keys(&keys[..1])[0], color_for_key(&keys[0]));
    }

    #[test]
    fn service_colors_cycle() {
        assert_eq!(service_color(0), CLASSIC[0]);
        assert_eq!(service_color(20), CLASSIC[0]);
        assert_ne!(service_color(1), service_color(2));
        assert_eq!(css((1, 2, 3)), "rgb(1,2,3)");
    }
}
