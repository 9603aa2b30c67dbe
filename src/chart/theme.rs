//! Chart colours for the dark and light themes (the UI picks one from its theme setting).

/// RGB triple; the drawing code turns it into a plotters colour.
pub type Rgb = (u8, u8, u8);

#[derive(Clone, Debug, PartialEq)]
pub struct ChartTheme {
    pub background: Rgb,
    /// Plot area border and axis lines.
    pub axis: Rgb,
    pub grid: Rgb,
    /// Tick labels and the "No data" note.
    pub text: Rgb,
    pub crosshair: Rgb,
    /// Drag-selection fill (drawn at `selection_alpha`) and border.
    pub selection: Rgb,
    pub selection_alpha: f64,
    /// Exemplars whose series is not on the chart: a neutral grey, unlike every series colour.
    pub exemplar: Rgb,
    /// Outline around exemplar diamonds so they stand out from lines.
    pub exemplar_outline: Rgb,
    pub font_family: &'static str,
    pub font_size: u32,
}

impl ChartTheme {
    pub fn dark() -> Self {
        ChartTheme {
            background: (0x18, 0x1b, 0x1f),
            axis: (0x5a, 0x5f, 0x66),
            grid: (0x2c, 0x30, 0x36),
            text: (0xc7, 0xd0, 0xd9),
            crosshair: (0xe0, 0xe0, 0xe0),
            selection: (0x5b, 0x9b, 0xf0),
            selection_alpha: 0.25,
            exemplar: (0xa8, 0xa8, 0xa8),
            exemplar_outline: (0x10, 0x12, 0x14),
            font_family: "sans-serif",
            font_size: 11,
        }
    }

    pub fn light() -> Self {
        ChartTheme {
            background: (0xff, 0xff, 0xff),
            axis: (0x9a, 0xa0, 0xa8),
            grid: (0xe6, 0xe8, 0xeb),
            text: (0x3a, 0x40, 0x48),
            crosshair: (0x30, 0x30, 0x30),
            selection: (0x1f, 0x60, 0xc4),
            selection_alpha: 0.18,
            exemplar: (0x6e, 0x6e, 0x6e),
            exemplar_outline: (0xff, 0xff, 0xff),
            font_family: "sans-serif",
            font_size: 11,
        }
    }
}

impl Default for ChartTheme {
    fn default() -> Self {
        ChartTheme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_differ_and_text_contrasts_with_background() {
        let (d, l) = (ChartTheme::dark(), ChartTheme::light());
        assert_ne!(d, l);
        let lum = |c: Rgb| c.0 as u32 + c.1 as u32 + c.2 as u32;
        assert!(lum(d.text) > lum(d.background) + 300);
        assert!(lum(l.background) > lum(l.text) + 300);
    }

    #[test]
    fn unmatched_exemplars_are_unlike_every_series_colour_and_visible_in_both_themes() {
        use crate::view::palette::Palette;
        let dist = |a: Rgb, b: Rgb| {
            let d = |x: u8, y: u8| (x as f64 - y as f64).powi(2);
            (d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)).sqrt()
        };
        for t in [ChartTheme::dark(), ChartTheme::light()] {
            assert!(dist(t.exemplar, t.background) > 120.0, "{:?} on {:?}", t.exemplar, t.background);
            for p in [Palette::Classic, Palette::ColorBlind] {
                for c in p.colors() {
                    assert!(dist(t.exemplar, *c) > 40.0, "{:?} too close to {c:?} of {p:?}", t.exemplar);
                }
            }
        }
    }
}
