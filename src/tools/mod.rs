//! Writers' tools built on the core: synthetic stories for benchmarks.

pub mod synth;
