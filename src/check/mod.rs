//! Story checking: diagnostics, their rendering, and lints over a loaded story.

pub mod diagnostic;
pub mod lints;

pub use diagnostic::{Diagnostic, Renderer, Severity, summary};
pub use lints::lint;
