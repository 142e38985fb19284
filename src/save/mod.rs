//! Save states: the save file format, migration to a changed story, and slots written atomically.
//!
//! - [`file`](mod@file): [`SaveFile`] (RON) and the types it holds, the save format written
//!   down once; reading it back with a reason for anything unreadable.
//! - [`convert`]: [`SaveFile::of`] a session and [`SaveFile::restore`] to one, through the
//!   session's plain [`crate::session::Parts`].
//! - [`migrate`]: carrying a save over to a changed story by names, with [`Notice`]s, and
//!   [`adopt_history`] for a hot reload.
//! - [`store`]: the [`SaveStore`] of a story's slots (numbered, autosave, quicksave).
//!
//! Saves sit above sessions: this module uses [`crate::session`], never the reverse.

pub mod convert;
pub mod file;
pub mod migrate;
pub mod store;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use file::{
    FIRST_CHECKSUM_FORMAT, FORMAT, SaveFile, SavedEntry, SavedState, SavedStep, Summary, Unreadable,
};
pub use migrate::{Notice, RestoreError, adopt_history};
pub use store::{SaveError, SaveStore, Slot, SlotError, SlotInfo, SlotState, SlotSummary};

/// Seconds since 1970 (0 for a clock set before then).
pub fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A date and time in UTC for slot lists: `2025-04-28 14:05 UTC`.
pub fn date_text(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// A play time for slot lists: `under a minute`, `12 min`, `1 h 05 min`.
pub fn play_time_text(d: Duration) -> String {
    let minutes = d.as_secs() / 60;
    match minutes {
        0 => t!("slots-time-under-a-minute"),
        1..60 => t!("slots-time-minutes", minutes = minutes),
        _ => t!(
            "slots-time-hours",
            hours = minutes / 60,
            minutes = format!("{:02}", minutes % 60)
        ),
    }
}

/// Year, month and day of a count of days since 1970-01-01 (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_play_times_read_well() {
        assert_eq!(date_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(date_text(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(date_text(1_745_849_100), "2025-04-28 14:05 UTC");
        assert_eq!(play_time_text(Duration::from_secs(59)), "under a minute");
        assert_eq!(play_time_text(Duration::from_secs(12 * 60 + 5)), "12 min");
        assert_eq!(play_time_text(Duration::from_secs(3900)), "1 h 05 min");
    }
}
