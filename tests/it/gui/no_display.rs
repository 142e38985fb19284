//! The game where no window can open (a terminal over SSH, a display that has gone away): a
//! clear message and exit status 1, not a panic inside winit.

use std::process::Command;

/// Runs the game binary with `args`, no Wayland, and `display` as DISPLAY (or none).
fn game(display: Option<&str>, args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aftermath"));
    cmd.args(args)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .env("AFTERMATH_CONFIG_DIR", dir.path().join("config"))
        .env("AFTERMATH_DATA_DIR", dir.path().join("data"));
    match display {
        Some(d) => cmd.env("DISPLAY", d),
        None => cmd.env_remove("DISPLAY"),
    };
    let out = cmd.output().expect("the game runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn without_a_display_the_game_says_so_and_points_to_the_terminal_player() {
    let (code, err) = game(None, &["--role", "soldier"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("cannot open"), "{err}");
    assert!(err.contains("DISPLAY"), "names what is missing: {err}");
    assert!(
        err.contains("aftermath play --text"),
        "says what to do: {err}"
    );
}

#[test]
fn a_display_that_does_not_answer_is_named_and_no_class_is_started() {
    let (code, err) = game(Some(":9876"), &["--role", "soldier"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("DISPLAY=:9876 does not answer"), "{err}");

    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("class.jsonl");
    let log_arg = log.to_str().expect("utf-8");
    let (code, err) = game(
        Some(":9876"),
        &[
            "class",
            "host",
            "--groups",
            "soldier",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--log",
            log_arg,
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("aftermath class serve"),
        "says what to do: {err}"
    );
    assert!(!log.exists(), "no class was started, so no log");
}
