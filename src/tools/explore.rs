//! `aftermath explore`: exhaustive and random automated playtests.
