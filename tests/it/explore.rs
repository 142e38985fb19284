//! `aftermath explore` end to end.
