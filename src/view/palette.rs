//! Series, level and service colours: a Grafana-like classic palette or a colour-blind-safe one (Okabe–Ito),
//! picked by a stable hash of a series key.

/// RGB colour as the UI writes it into `rgb(r,g,b)`.
pub type Rgb = (u8, u8, u8);

/// Grafana's classic palette (its first 20 entries, two of them swapped for later ones of the same list so that
/// no two are near-identical): distinct hues, readable on dark and light backgrounds.
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
    (0x51, 0x95, 0xce), // light steel blue (Grafana's steel blue #447ebc is too near its blue)
    (0xc1, 0x5c, 0x17), // dark orange
    (0x89, 0x0f, 0x02), // dark red
    (0x0a, 0x43, 0x7c), // navy
    (0x6d, 0x1f, 0x62), // plum
    (0x58, 0x44, 0x77), // dark violet
    (0xb7, 0xdb, 0xab), // pale green
    (0xf4, 0xd5, 0x98), // pale yellow
    (0xd6, 0x83, 0xce), // orchid (Grafana's pale blue #70dbed is too near its light blue)
    (0xf9, 0xba, 0x8f), // pale orange
];

/// Okabe & Ito's colour-universal-design palette: distinguishable with every common colour-vision
/// deficiency. Its black is left out (it vanishes on the dark theme).
pub const OKABE_ITO: [Rgb; 7] = [
    (0xe6, 0x9f, 0x00), // orange
    (0x56, 0xb4, 0xe9), // sky blue
    (0x00, 0x9e, 0x73), // bluish green
    (0xf0, 0xe4, 0x42), // yellow
    (0x00, 0x72, 0xb2), // blue
    (0xd5, 0x5e, 0x00), // vermillion
    (0xcc, 0x79, 0xa7), // reddish purple
];

/// More series than Okabe–Ito has colours: each of its hues darkened, then lightened, by the amount that
/// keeps all 21 colours furthest apart for normal, deuteranope and protanope vision alike (searched once,
/// offline; `okabe_ito_shades_are_mixes_of_their_hue` checks each is its hue mixed toward black or white).
pub const OKABE_ITO_DARK: [Rgb; 7] = [
    (0x50, 0x38, 0x00), // orange, 65 % toward black
    (0x2f, 0x63, 0x80), // sky blue, 45 %
    (0x00, 0x57, 0x3f), // bluish green, 45 %
    (0xb4, 0xab, 0x32), // yellow, 25 %
    (0x00, 0x5b, 0x8e), // blue, 20 %
    (0x95, 0x42, 0x00), // vermillion, 30 %
    (0x7a, 0x49, 0x64), // reddish purple, 40 %
];
pub const OKABE_ITO_LIGHT: [Rgb; 7] = [
    (0xef, 0xc1, 0x59), // orange, 35 % toward white
    (0x91, 0xce, 0xf1), // sky blue, 35 %
    (0x66, 0xc5, 0xab), // bluish green, 40 %
    (0xf3, 0xe9, 0x68), // yellow, 20 %
    (0x33, 0x8e, 0xc1), // blue, 20 %
    (0xe8, 0xa6, 0x73), // vermillion, 45 %
    (0xe3, 0xb5, 0xcf), // reddish purple, 45 %
];

/// The series colours of the colour-blind-safe palette, in tiers: the seven hues, their dark shades, their
/// light shades.
pub const OKABE_ITO_SERIES: [Rgb; 21] = {
    let mut out = [(0u8, 0u8, 0u8); 21];
    let mut i = 0;
    while i < 7 {
        out[i] = OKABE_ITO[i];
        out[7 + i] = OKABE_ITO_DARK[i];
        out[14 + i] = OKABE_ITO_LIGHT[i];
        i += 1;
    }
    out
};

/// Which set of colours series, levels and services get (a Settings choice, kept in the browser).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Palette {
    /// Grafana's classic colours (a Settings choice).
    Classic,
    /// Okabe–Ito: the default, so nobody has to find a setting to tell series apart.
    #[default]
    ColorBlind,
}

impl Palette {
    /// Stable name (storage, `data-palette` on the document, `<option value>`).
    pub fn id(self) -> &'static str {
        match self {
            Palette::Classic => "classic",
            Palette::ColorBlind => "colorblind",
        }
    }

    /// The palette named `id`; the default (colour-blind safe) for anything unknown.
    pub fn from_id(id: &str) -> Palette {
        match id.trim() {
            "classic" => Palette::Classic,
            _ => Palette::default(),
        }
    }

    /// Human label for a picker.
    pub fn label(self) -> &'static str {
        match self {
            Palette::Classic => "Classic",
            Palette::ColorBlind => "Colour-blind safe (Okabe–Ito)",
        }
    }

    /// The series colours, in slot order.
    pub fn colors(self) -> &'static [Rgb] {
        match self {
            Palette::Classic => &CLASSIC,
            Palette::ColorBlind => &OKABE_ITO,
        }
    }

    /// Every colour a chart's series may get, in tiers of `colors().len()`: the base colours first, then
    /// (colour-blind safe) their dark and light shades, so at least 20 series never share a colour.
    pub fn series_colors(self) -> &'static [Rgb] {
        match self {
            Palette::Classic => &CLASSIC,
            Palette::ColorBlind => &OKABE_ITO_SERIES,
        }
    }
}

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
pub fn index_for_key(key: &str, palette: Palette) -> usize {
    (stable_hash(key) % palette.colors().len() as u64) as usize
}

/// The colour of a series key, the same every time the key is seen.
pub fn color_for_key(key: &str, palette: Palette) -> Rgb {
    palette.colors()[index_for_key(key, palette)]
}

/// Colours for a list of keys: each key starts at its hashed slot among the base colours; when that slot is
/// already taken by an earlier key, the next free base colour is used, and once every base colour is taken,
/// the next tier of shades (`Palette::series_colors`) the same way. So a handful of series get base colours,
/// and no two of the first `series_colors().len()` series share a colour; beyond that colours repeat.
pub fn colors_for_keys<S: AsRef<str>>(keys: &[S], palette: Palette) -> Vec<Rgb> {
    let base = palette.colors().len().max(1);
    let all = palette.series_colors();
    let mut used = vec![false; all.len()];
    let mut n_used = 0usize;
    keys.iter()
        .map(|k| {
            let slot = index_for_key(k.as_ref(), palette);
            if n_used >= all.len() {
                return all.get(slot).copied().unwrap_or((0x80, 0x80, 0x80));
            }
            let tier = n_used / base;
            let mut i = slot;
            while used.get(tier * base + i).copied().unwrap_or(false) {
                i = (i + 1) % base;
            }
            let at = tier * base + i;
            if let Some(u) = used.get_mut(at) {
                *u = true;
            }
            n_used += 1;
            all.get(at).copied().unwrap_or((0x80, 0x80, 0x80))
        })
        .collect()
}

/// The colour of the i-th service of a trace (services are listed in a stable order by the trace model).
pub fn service_color(i: usize, palette: Palette) -> Rgb {
    let colors = palette.colors();
    colors[i % colors.len()]
}

/// The colour of a log level by its rank (`view::log_volume::level_rank`: 0 fatal, 1 error, 2 warn, 3 info,
/// 4 debug, 5 trace, else unknown). Classic matches the stylesheet's dark-theme `--lvl-*`; colour-blind
/// safe uses Okabe–Ito (the stylesheet's `[data-palette="colorblind"]` rules use the same).
pub fn level_color(rank: u8, palette: Palette) -> Rgb {
    match (palette, rank) {
        (Palette::Classic, 0) => (0xd9, 0x3f, 0xd9),
        (Palette::Classic, 1) => (0xff, 0x7b, 0x7b),
        (Palette::Classic, 2) => (0xf5, 0xb7, 0x3b),
        (Palette::Classic, 3) => (0x56, 0xc2, 0x88),
        (Palette::Classic, 4) => (0x6e, 0xa8, 0xff),
        (Palette::Classic, 5) => (0x9f, 0xa3, 0xab),
        (Palette::ColorBlind, 0) => (0xcc, 0x79, 0xa7),
        (Palette::ColorBlind, 1) => (0xd5, 0x5e, 0x00),
        (Palette::ColorBlind, 2) => (0xe6, 0x9f, 0x00),
        (Palette::ColorBlind, 3) => (0x00, 0x9e, 0x73),
        (Palette::ColorBlind, 4) => (0x56, 0xb4, 0xe9),
        (Palette::ColorBlind, 5) => (0x99, 0x99, 0x99),
        _ => (0x80, 0x80, 0x80),
    }
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
        for p in [Palette::Classic, Palette::ColorBlind] {
            assert_eq!(color_for_key(k, p), color_for_key(k, p));
            assert!(p.colors().contains(&color_for_key(k, p)));
        }
        assert!(CLASSIC.contains(&color_for_key(k, Palette::Classic)));
        assert!(OKABE_ITO.contains(&color_for_key(k, Palette::ColorBlind)));
        // FNV-1a reference value for the empty string and "a".
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        // The slot is the hash modulo the palette size: "a" is slot 0xaf63dc4c8601ec8c % 20 = 16 (classic)
        // and % 7 = 5 (Okabe–Ito: vermillion).
        assert_eq!(index_for_key("a", Palette::Classic), 16);
        assert_eq!(color_for_key("a", Palette::ColorBlind), (0xd5, 0x5e, 0x00));
    }

    #[test]
    fn a_few_keys_get_distinct_colors() {
        let keys: Vec<String> = (0..20).map(|i| format!("{{i=\"{i}\"}}")).collect();
        let many: Vec<String> = (0..50).map(|i| i.to_string()).collect();
        assert_eq!(colors_for_keys(&many, Palette::Classic).len(), 50);
        let cs = colors_for_keys(&keys, Palette::Classic);
        let mut d = cs.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 20);
        // Seven keys use all seven Okabe–Ito colours; the next ones get their shades, never a repeat.
        let cb = colors_for_keys(&keys[..7], Palette::ColorBlind);
        let mut d = cb.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 7);
        assert!(cb.iter().all(|c| OKABE_ITO.contains(c)));
        let cb = colors_for_keys(&keys, Palette::ColorBlind);
        assert!(cb.iter().all(|c| OKABE_ITO_SERIES.contains(c)));
        assert!(cb[7..14].iter().all(|c| OKABE_ITO_DARK.contains(c)), "the second seven are the dark shades");
        let mut d = cb.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 20);
        assert_eq!(colors_for_keys(&many, Palette::ColorBlind).len(), 50);
        assert_eq!(colors_for_keys(&keys[..1], Palette::Classic)[0], color_for_key(&keys[0], Palette::Classic));
        assert_eq!(colors_for_keys(&keys[..1], Palette::ColorBlind)[0], color_for_key(&keys[0], Palette::ColorBlind));
    }

    #[test]
    fn the_same_key_keeps_its_colour_among_other_keys() {
        // Stable per series: a key alone and a key first in a list get the same colour in either palette.
        let keys = ["{service=\"a\"}", "{service=\"b\"}", "{service=\"c\"}"];
        for p in [Palette::Classic, Palette::ColorBlind] {
            assert_eq!(colors_for_keys(&keys, p), colors_for_keys(&keys, p));
            assert_eq!(colors_for_keys(&keys, p)[0], color_for_key(keys[0], p));
        }
    }

    /// CIELAB of an sRGB colour seen with a red-green deficiency (Viénot, Brettel & Mollon 1999, in linear
    /// RGB): `deutan` true for deuteranopia, false for protanopia.
    fn seen_lab(c: Rgb, deutan: bool) -> (f64, f64, f64) {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let (r, g, b) = (lin(c.0), lin(c.1), lin(c.2));
        let (k, d) = if deutan { (0.29275, 0.02234) } else { (0.11238, -0.00401) };
        let rg = k * r + (1.0 - k) * g;
        let (r, g, b) = (rg, rg, (-d * r + d * g + b).clamp(0.0, 1.0));
        let (x, y, z) = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b);
        let f = |t: f64| if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
        (116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz))
    }

    /// The smallest colour difference (ΔE*ab) between two entries of `cs` as seen with the deficiency.
    fn closest_pair(cs: &[Rgb], deutan: bool) -> f64 {
        let mut m = f64::INFINITY;
        for (i, a) in cs.iter().enumerate() {
            for b in &cs[i + 1..] {
                let (x, y) = (seen_lab(*a, deutan), seen_lab(*b, deutan));
                m = m.min(((x.0 - y.0).powi(2) + (x.1 - y.1).powi(2) + (x.2 - y.2).powi(2)).sqrt());
            }
        }
        m
    }

    #[test]
    fn okabe_ito_colours_stay_apart_for_red_green_deficiency() {
        // Simulated deuteranopia and protanopia: every Okabe–Ito pair stays clearly apart (ΔE > 15), and
        // further apart than the closest pair of the same number of classic colours.
        for deutan in [true, false] {
            let cb = closest_pair(&OKABE_ITO, deutan);
            let classic = closest_pair(&CLASSIC[..OKABE_ITO.len()], deutan);
            assert!(cb > 15.0, "closest Okabe–Ito pair ΔE {cb:.1} (deutan {deutan})");
            assert!(cb > classic, "Okabe–Ito {cb:.1} vs classic {classic:.1} (deutan {deutan})");
        }
        // The whole classic palette has pairs these readers can hardly tell apart; the 21 colour-blind-safe
        // series colours keep further apart.
        for deutan in [true, false] {
            assert!(closest_pair(&CLASSIC, deutan) < 8.0);
            assert!(closest_pair(&CLASSIC, deutan) < closest_pair(&OKABE_ITO_SERIES, deutan));
        }
    }

    /// ΔE*ab between two colours (normal vision).
    fn delta_e(a: Rgb, b: Rgb) -> f64 {
        let lab = |c: Rgb| {
            let lin = |c: u8| {
                let c = c as f64 / 255.0;
                if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
            };
            let (r, g, b) = (lin(c.0), lin(c.1), lin(c.2));
            let (x, y, z) = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b);
            let f = |t: f64| if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
            let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
            (116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz))
        };
        let (x, y) = (lab(a), lab(b));
        ((x.0 - y.0).powi(2) + (x.1 - y.1).powi(2) + (x.2 - y.2).powi(2)).sqrt()
    }

    #[test]
    fn twenty_series_get_twenty_distinct_colours_in_either_palette() {
        // Any 20 (and, colour-blind safe, 21) series keys: pairwise clearly different colours.
        for (p, n) in [(Palette::Classic, 20), (Palette::ColorBlind, 21)] {
            for seed in 0..5 {
                let keys: Vec<String> = (0..n).map(|i| format!("{{service=\"s{seed}-{i}\"}}")).collect();
                let cs = colors_for_keys(&keys, p);
                for (i, a) in cs.iter().enumerate() {
                    for b in &cs[i + 1..] {
                        assert!(delta_e(*a, *b) > 10.0, "{p:?}: {a:?} and {b:?} ΔE {:.1}", delta_e(*a, *b));
                    }
                }
            }
        }
        // The 21 colour-blind-safe colours stay apart for normal vision and for red-green deficiencies.
        assert!(closest_pair(&OKABE_ITO_SERIES, true) > 9.0, "deutan {:.1}", closest_pair(&OKABE_ITO_SERIES, true));
        assert!(closest_pair(&OKABE_ITO_SERIES, false) > 9.0, "protan {:.1}", closest_pair(&OKABE_ITO_SERIES, false));
        let mut normal = f64::INFINITY;
        for (i, a) in OKABE_ITO_SERIES.iter().enumerate() {
            for b in &OKABE_ITO_SERIES[i + 1..] {
                normal = normal.min(delta_e(*a, *b));
            }
        }
        assert!(normal > 11.0, "normal vision {normal:.1}");
    }

    #[test]
    fn okabe_ito_shades_are_mixes_of_their_hue() {
        // Dark: the hue mixed toward black by t; light: toward white. t in 5 % steps, as documented.
        let mix = |c: u8, to: f64, t: f64| c as f64 + (to - c as f64) * t;
        let near = |a: f64, b: u8| (a - b as f64).abs() <= 1.0;
        for (shades, to) in [(&OKABE_ITO_DARK, 0.0), (&OKABE_ITO_LIGHT, 255.0)] {
            for (base, shade) in OKABE_ITO.iter().zip(shades.iter()) {
                let found = (1..20).map(|k| k as f64 * 0.05).any(|t| near(mix(base.0, to, t), shade.0) && near(mix(base.1, to, t), shade.1) && near(mix(base.2, to, t), shade.2));
                assert!(found, "{shade:?} is not a mix of {base:?}");
            }
        }
        assert_eq!(Palette::ColorBlind.series_colors()[..7], OKABE_ITO);
        assert_eq!(Palette::Classic.series_colors(), &CLASSIC);
    }

    #[test]
    fn palette_ids_round_trip_and_unknown_is_classic() {
        for p in [Palette::Classic, Palette::ColorBlind] {
            assert_eq!(Palette::from_id(p.id()), p);
        }
        assert_eq!(Palette::from_id("neon"), Palette::ColorBlind);
        assert_eq!(Palette::from_id(""), Palette::ColorBlind);
        assert_eq!(Palette::default(), Palette::ColorBlind, "the default palette is the colour-blind-safe one");
    }

    #[test]
    fn service_and_level_colours_follow_the_palette() {
        assert_eq!(service_color(0, Palette::Classic), CLASSIC[0]);
        assert_eq!(service_color(20, Palette::Classic), CLASSIC[0]);
        assert_eq!(service_color(7, Palette::ColorBlind), OKABE_ITO[0]);
        assert_ne!(service_color(1, Palette::Classic), service_color(2, Palette::Classic));
        for rank in 0..=6u8 {
            let c = level_color(rank, Palette::ColorBlind);
            // Trace and unknown levels are neutral greys.
            assert!(rank >= 5 || OKABE_ITO.contains(&c), "level {rank}");
        }
        assert_ne!(level_color(1, Palette::Classic), level_color(1, Palette::ColorBlind));
        assert_eq!(level_color(9, Palette::Classic), level_color(9, Palette::ColorBlind));
        assert_eq!(css((1, 2, 3)), "rgb(1,2,3)");
    }
}
