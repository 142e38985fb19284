//! Writers' tools built on the core: explore, graph, stats (and its repeats), scaffolding,
//! synthetic stories.

pub mod explore;
pub mod graph;
pub mod peer;
pub mod playthrough;
pub mod repeats;
pub mod report;
pub mod scaffold;
pub mod shell;
pub mod stats;
pub mod svg;
pub mod synth;
