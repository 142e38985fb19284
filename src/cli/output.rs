//! Writing a command's output to stdout without panicking when stdout is closed or full.
//!
//! `print!` panics when a write fails, so `aftermath graph DIR | head -1` or
//! `aftermath check DIR > /dev/full` used to end in a panic. Every command writes through
//! [`emit`] (or its own `Write` on stdout) and turns a failure into an exit status with
//! [`write_failed`]:
//!
//! - a closed pipe (the reader stopped reading, `EPIPE`): nothing more is printed and the exit
//!   status is [`BROKEN_PIPE`] (141, what a shell shows for a process ended by `SIGPIPE`);
//! - any other failure (a full disk, `ENOSPC`): one line on stderr,
//!   `error: cannot write the output: No space left on device`, and exit status 1.

use std::io::{self, Write};
use std::process::ExitCode;

/// The exit status after the reader of stdout went away: 128 + `SIGPIPE` (13), as shells report.
pub const BROKEN_PIPE: u8 = 141;

/// Writes `text` to stdout and flushes it; `ok` on success, else the status of
/// [`write_failed`].
pub fn emit(text: &str, ok: ExitCode) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ok,
        Err(e) => write_failed(&e),
    }
}

/// The exit status for a failed write to stdout, after saying why on stderr (except for a
/// closed pipe, which ends quietly).
pub fn write_failed(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(BROKEN_PIPE);
    }
    // "No space left on device (os error 28)" without the number.
    let text = e.to_string();
    let reason = text.split(" (os error").next().unwrap_or(&text);
    let _ = writeln!(io::stderr(), "error: cannot write the output: {reason}");
    ExitCode::FAILURE
}

/// True for the errors a write to stdout gives when the reader went away or the disk is full,
/// as opposed to errors reading input.
pub fn is_write_failure(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::StorageFull | io::ErrorKind::WriteZero
    )
}
