//! chart: drawing on any plotters `DrawingBackend` (SVG in tests, canvas in the app); pure given its inputs.

pub mod axis;
pub mod axis_range;
pub mod heatmap;
pub mod sized;
pub mod strokes;
pub mod theme;
pub mod timeseries;

#[cfg(test)]
mod tests;
