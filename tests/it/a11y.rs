//! Screen readers: the game window under Xvfb, read through AT-SPI in a D-Bus session of its
//! own (scripts/a11y.sh and scripts/a11y_probe.py): the passage and the choices are in the tree,
//! and a choice activated through the accessibility API moves the story on. The script installs
//! what it needs (xvfb, dbus, at-spi2-core, python3-pyatspi) where apt can.

use std::process::Command;

fn probe(lang: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("tree.txt");
    let run = Command::new("scripts/a11y.sh")
        .arg(&out)
        .env("BIN", env!("CARGO_BIN_EXE_aftermath"))
        .env("A11Y_ARGS", format!("--lang {lang}"))
        .env("A11Y_TIMEOUT", "120")
        .output()
        .expect("scripts/a11y.sh runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "the screen-reader probe failed:\n{said}"
    );
    assert!(said.contains("the story moved on"), "{said}");
    std::fs::read_to_string(out).expect("the tree was written")
}

#[test]
fn a_screen_reader_reads_the_passage_and_takes_a_choice_in_english_and_korean() {
    let en = probe("en");
    // The choices are buttons named by their text, in reading order after the passage.
    let passage = en.find("Winter, in a barracks hall").expect("the passage");
    let first = en.find("[push button] '1. A conscript").expect("choice 1");
    let second = en
        .find("[push button] '2. A penal labourer")
        .expect("choice 2");
    assert!(passage < first && first < second, "{en}");
    assert!(
        en.contains("[label] 'Loyalty 6'"),
        "the stats are read: {en}"
    );
    assert!(
        en.contains("[push button] 'Menu Esc'"),
        "the menu is reachable: {en}"
    );
    let ko = probe("ko");
    assert!(
        ko.contains("[push button] '1. 가난한 북부 도 출신의 징집병'"),
        "{ko}"
    );
    assert!(
        ko.contains("겨울, 석탄 연기와 젖은 모직 냄새가 밴 병영 강당"),
        "{ko}"
    );
}
