//! Writers' tools built on the core: synthetic stories for benchmarks.

pub mod graph;
pub mod scaffold;
pub mod stats;
pub mod synth;
