//! Story checking output: diagnostics (defined in [`crate::story::diagnostic`]) rendered like
//! rustc or as JSON, sorted and summarised.

pub mod render;

pub use render::{JsonDiagnostic, Renderer, sorted, summary};
