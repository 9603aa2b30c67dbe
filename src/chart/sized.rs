//! Sharp canvases: the drawing buffer is the CSS box times devicePixelRatio ([`buffer_size`]), and
//! [`CssSized`] wraps a backend so that charts still lay out in CSS pixels (the canvas context is scaled by
//! the ratio, see `browser::fit_canvas`).

use plotters::prelude::DrawingBackend;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

/// The largest ratio honoured, and the largest buffer side in device pixels (browsers refuse huge canvases).
pub const MAX_RATIO: f64 = 4.0;
pub const MAX_SIDE: u32 = 16_384;

/// The device-pixel ratio to draw at: 1 for anything that is not a finite number ≥ 1 … [`MAX_RATIO`]
/// (a zoomed-out page reports less than 1; drawing below 1 only blurs).
pub fn ratio(dpr: f64) -> f64 {
    if dpr.is_finite() && dpr > 1.0 {
        dpr.min(MAX_RATIO)
    } else {
        1.0
    }
}

/// The drawing buffer for a CSS box of `css_w` × `css_h` at `dpr`: each side rounded, at least 1, at most
/// [`MAX_SIDE`].
pub fn buffer_size(css_w: u32, css_h: u32, dpr: f64) -> (u32, u32) {
    let r = ratio(dpr);
    let side = |v: u32| ((f64::from(v) * r).round() as u32).clamp(1, MAX_SIDE);
    (side(css_w), side(css_h))
}

/// A backend that reports `size` (CSS pixels) and draws through `inner` (whose context maps CSS pixels to
/// its larger buffer).
pub struct CssSized<B> {
    inner: B,
    size: (u32, u32),
}

impl<B: DrawingBackend> CssSized<B> {
    pub fn new(inner: B, size: (u32, u32)) -> CssSized<B> {
        CssSized { inner, size }
    }
}

impl<B: DrawingBackend> DrawingBackend for CssSized<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, ul: BackendCoord, br: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_rect(ul, br, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<T: BackendTextStyle>(&self, text: &str, style: &T) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        self.inner.estimate_text_size(text, style)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn the_buffer_follows_the_css_box_times_the_ratio() {
        assert_eq!(buffer_size(1368, 130, 1.0), (1368, 130));
        assert_eq!(buffer_size(1368, 130, 2.0), (2736, 260));
        assert_eq!(buffer_size(683, 130, 1.5), (1025, 195));
        assert_eq!(buffer_size(100, 50, 0.5), (100, 50), "a zoomed-out page is drawn at 1");
        assert_eq!(buffer_size(100, 50, f64::NAN), (100, 50));
        assert_eq!(buffer_size(100, 50, 99.0), (400, 200), "capped at MAX_RATIO");
        assert_eq!(buffer_size(0, 0, 2.0), (1, 1));
        assert_eq!(buffer_size(u32::MAX, 10, 3.0), (MAX_SIDE, 30));
    }

    #[test]
    fn a_chart_lays_out_in_the_reported_size() {
        let mut svg = String::new();
        {
            // The inner backend is twice as large; the chart sees the CSS size.
            let inner = SVGBackend::with_string(&mut svg, (800, 400));
            let area = CssSized::new(inner, (400, 200)).into_drawing_area();
            assert_eq!(area.dim_in_pixel(), (400, 200));
            area.fill(&WHITE).expect("fill");
            area.draw(&Rectangle::new([(10, 10), (390, 190)], ShapeStyle::from(&BLACK))).expect("rect");
            area.present().expect("present");
        }
        assert!(svg.contains("<rect"), "{svg}");
    }
}
