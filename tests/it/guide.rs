//! The writing guide's worked example stays valid.
