//! Save states: exact round trips, migration to a changed story, unreadable files, atomic slots.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use aftermath::save::{
    FORMAT, Notice, RestoreError, SaveFile, SaveStore, SavedEntry, Slot, SlotError, SlotState,
    Unreadable,
};
use aftermath::session::Session;
use aftermath::story::{Story, StorySource, Value, load};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::{bundled, fixture};

/// A fixed save time, so saves compare equal.
fn at(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

fn store(dir: &Path) -> SaveStore {
    SaveStore::new(dir, "minimal")
}

/// The minimal story after one once-only choice ("Wait").
fn waited() -> Session {
    let mut s = Session::start(fixture("minimal"), "soldier", 7).expect("starts");
    s.choose(0).expect("wait");
    s
}

/// Copies the minimal fixture to `dir`, applying `(file, from, to)` replacements.
fn modified_minimal(dir: &Path, edits: &[(&str, &str, &str)]) -> Arc<Story> {
    for name in ["story.ron", "camp.ron", "other.ron"] {
        let mut text =
            fs::read_to_string(Path::new("tests/fixtures/minimal").join(name)).expect("reads");
        for (file, from, to) in edits {
            if *file == name {
                assert!(text.contains(from), "{name} has no `{from}`");
                text = text.replace(from, to);
            }
        }
        fs::write(dir.join(name), text).expect("writes");
    }
    match load(StorySource::from_dir(dir).expect("folder")) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("modified story failed to load:\n{}", f.render()),
    }
}

#[test]
fn round_trip_is_exact_and_undo_works_after_load() {
    let mut original = waited();
    original.choose(1).expect("report"); // Report -> event pick -> an ending
    original.undo().expect("back at the start, Wait taken");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store(dir.path());
    let save = SaveFile::of_at(&original, Duration::from_secs(754), at(1_745_849_100));
    store.write(Slot::Named(1), &save).expect("writes");
    let read = store.read(Slot::Named(1)).expect("reads");
    assert_eq!(read, save, "the file holds exactly what was saved");

    let (mut restored, notices) = read.restore(fixture("minimal")).expect("restores");
    assert_eq!(notices, []);
    assert_eq!(restored.state(), original.state());
    assert_eq!(restored.transcript(), original.transcript());
    assert_eq!(restored.undo_depth(), 1);
    assert_eq!(restored.view(), original.view());
    assert_eq!(
        SaveFile::of_at(&restored, Duration::from_secs(754), at(1_745_849_100)),
        save
    );
    assert_eq!(read.summary.role_name, "Soldier");
    assert_eq!(read.summary.scene_title, "The camp");
    assert_eq!(read.taken, [("camp.start".to_owned(), 0)]);
    assert_eq!(read.saved_at_text, "2025-04-28 14:05 UTC");

    // Both play on the same (the random pick included), and undo the same way.
    original.choose(1).expect("report");
    restored.choose(1).expect("report");
    assert_eq!(restored.transcript(), original.transcript());
    for _ in 0..2 {
        original.undo().expect("undo");
        restored.undo().expect("undo after load");
        assert_eq!(restored.state(), original.state());
        assert_eq!(restored.transcript(), original.transcript());
    }
    assert_eq!(
        restored.view().choices.first().map(|c| c.text.as_str()),
        Some("Wait"),
        "undo reaches back before the save"
    );
    assert!(restored.undo().is_err());
}

#[test]
fn random_generator_is_restored() {
    let mut original = Session::start(fixture("minimal"), "soldier", 99).expect("starts");
    let save = SaveFile::of(&original, Duration::ZERO);
    let (mut restored, _) = save.restore(fixture("minimal")).expect("restores");
    for s in [&mut original, &mut restored] {
        s.choose(1).expect("run: a random outcome");
    }
    assert_eq!(restored.transcript(), original.transcript());
    assert_eq!(restored.state(), original.state());
}

#[test]
fn changed_story_carries_variables_by_name() {
    let original = waited();
    let save = SaveFile::of(&original, Duration::from_secs(60));
    let dir = tempfile::tempdir().expect("tempdir");
    let story = modified_minimal(
        dir.path(),
        &[
            ("story.ron", "version: \"1.0.0\"", "version: \"1.1.0\""),
            (
                "story.ron",
                "Text(id: \"name\", default: \"Kim\"),",
                "Int(id: \"courage\", default: 1),",
            ),
            (
                "story.ron",
                "values: { \"name\": \"Ri\" }",
                "values: { \"courage\": 4 }",
            ),
            ("camp.ron", "Private {name}", "Private Ri"),
        ],
    );
    assert_ne!(story.content_hash, save.content_hash);
    let (mut s, notices) = save.restore(story).expect("restores");
    assert_eq!(
        notices,
        [
            Notice::StoryChanged {
                saved_version: "1.0.0".into(),
                version: "1.1.0".into()
            },
            Notice::VariablesAdded(vec!["courage".into()]),
            Notice::VariablesRemoved(vec!["name".into()]),
        ]
    );
    assert!(notices[0].to_string().contains("version 1.0.0, now 1.1.0"));
    assert_eq!(
        notices[2].to_string(),
        "No longer in the story, so dropped: name."
    );
    assert_eq!(
        s.value("courage"),
        Some(&Value::Int(4)),
        "the role's start value"
    );
    assert_eq!(s.value("suspicion"), Some(&Value::Int(3)), "carried over");
    assert_eq!(s.undo_depth(), 0, "undo starts empty");
    let v = s.view();
    assert_eq!(v.node, "camp.start");
    assert_eq!(
        v.choices
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["Run", "Report"],
        "the once-only choice stays taken"
    );
    assert_eq!(
        v.current().map(|b| b.text.as_str()),
        Some("Private Ri, suspicion 3. They watch you."),
        "the passage is still shown"
    );
    s.choose(1).expect("plays on");
    assert!(s.is_ended());
}

#[test]
fn removed_node_fails_with_a_clear_message() {
    let mut s = Session::start(fixture("minimal"), "planner", 1).expect("starts");
    s.choose(0).expect("sign");
    assert!(s.is_ended());
    let save = SaveFile::of(&s, Duration::ZERO);
    assert_eq!(save.summary.ending.as_deref(), Some("Signed"));
    let dir = tempfile::tempdir().expect("tempdir");
    let story = modified_minimal(
        dir.path(),
        &[
            ("other.ron", "next: \"done\"", "next: \"finished\""),
            ("other.ron", "id: \"done\"", "id: \"finished\""),
        ],
    );
    let err = save.restore(story).expect_err("the node is gone");
    assert_eq!(
        err,
        RestoreError::NodeGone {
            node: "other.done".into(),
            version: "1.0.0".into()
        }
    );
    assert!(
        err.to_string()
            .contains("`other.done`, which version 1.0.0"),
        "{err}"
    );
}

#[test]
fn inconsistent_save_of_the_same_story_drops_history() {
    let mut save = SaveFile::of(&waited(), Duration::ZERO);
    save.vars
        .insert("suspicion".into(), Value::Text("high".into()));
    save.vars.insert("gone".into(), Value::Int(1));
    let (s, notices) = save.restore(fixture("minimal")).expect("restores");
    assert_eq!(
        notices,
        [
            Notice::VariablesRemoved(vec!["gone".into()]),
            Notice::VariablesReset(vec!["suspicion".into()]),
            Notice::HistoryDropped,
        ]
    );
    assert_eq!(s.value("suspicion"), Some(&Value::Int(2)));
    assert_eq!(s.undo_depth(), 0);
}

#[test]
fn restore_refuses_other_stories_roles_and_newer_formats() {
    let save = SaveFile::of(&waited(), Duration::ZERO);
    let story = fixture("minimal");
    let mut other = save.clone();
    other.story_id = "after-kursk".into();
    assert!(matches!(
        other.restore(story.clone()),
        Err(RestoreError::OtherStory { .. })
    ));
    let mut newer = save.clone();
    newer.format = FORMAT + 1;
    assert!(matches!(
        newer.restore(story.clone()),
        Err(RestoreError::NewerFormat { .. })
    ));
    let mut role = save;
    role.role = "spy".into();
    let err = role.restore(story).expect_err("no such role");
    assert!(err.to_string().contains("role `spy`"), "{err}");
}

#[test]
fn unreadable_files_are_listed_with_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store(dir.path());
    let text = SaveFile::of(&waited(), Duration::ZERO)
        .to_ron()
        .expect("encodes");
    let files: [(u8, Vec<u8>); 8] = [
        (1, text.as_bytes()[..text.len() / 2].to_vec()),
        (2, vec![0x89, b'P', b'N', b'G', 0, 0, 0xff]),
        (3, Vec::new()),
        (
            4,
            text.replace("story_id: \"minimal\"", "story_id: \"after-kursk\"")
                .into_bytes(),
        ),
        (
            5,
            text.replace(&format!("format: {FORMAT},"), "format: 99,")
                .into_bytes(),
        ),
        (
            6,
            fs::read("tests/fixtures/minimal/story.ron").expect("reads"),
        ),
        (7, text.replace("turns: 1,", "turns: \"one\",").into_bytes()),
        (8, text.into_bytes()),
    ];
    for (n, bytes) in &files {
        fs::write(store.path(Slot::Named(*n)), bytes).expect("writes");
    }
    let states: Vec<SlotState> = store
        .list()
        .into_iter()
        .filter(|i| matches!(i.slot, Slot::Named(1..=8)))
        .map(|i| i.state)
        .collect();
    let reasons: Vec<Option<&Unreadable>> = states
        .iter()
        .map(|s| match s {
            SlotState::Unreadable(r) => Some(r),
            _ => None,
        })
        .collect();
    assert!(
        matches!(reasons[0], Some(Unreadable::Truncated { .. })),
        "{reasons:?}"
    );
    assert_eq!(reasons[1], Some(&Unreadable::Binary));
    assert_eq!(reasons[2], Some(&Unreadable::Empty));
    assert_eq!(
        reasons[3],
        Some(&Unreadable::OtherStory {
            found: "after-kursk".into(),
            expected: "minimal".into()
        })
    );
    assert_eq!(reasons[4], Some(&Unreadable::NewerFormat { found: 99 }));
    assert!(
        matches!(reasons[5], Some(Unreadable::NotASave { .. })),
        "{reasons:?}"
    );
    assert!(
        matches!(reasons[6], Some(Unreadable::Damaged { .. })),
        "{reasons:?}"
    );
    assert!(matches!(states[7], SlotState::Saved(_)));
    for r in reasons.iter().flatten() {
        eprintln!("unreadable: {r}");
    }

    let err = store.read(Slot::Named(1)).expect_err("truncated");
    let msg = err.to_string();
    assert!(
        msg.contains("slot-1.ron") && msg.contains("cut off"),
        "{msg}"
    );
    assert!(matches!(
        store.read(Slot::Named(9)),
        Err(SlotError::Empty { .. })
    ));
}

#[test]
fn every_truncation_and_corruption_is_unreadable_without_panic() {
    let text = SaveFile::of(&waited(), Duration::ZERO)
        .to_ron()
        .expect("encodes");
    let bytes = text.as_bytes();
    // Every cut point.
    let mut damaged = Vec::new();
    for cut in 0..bytes.len() - 1 {
        match SaveFile::from_bytes(&bytes[..cut], Some("minimal")) {
            Err(Unreadable::Truncated { .. } | Unreadable::Empty) => {}
            Err(other) => damaged.push((cut, other)),
            // Only the final newline may be missing.
            Ok(_) => assert!(cut + 2 >= bytes.len(), "a save cut at {cut} loaded"),
        }
    }
    assert_eq!(damaged, [], "cut saves are reported as cut off");
    // Bytes flipped along the file: whatever the result, restoring never panics.
    let mut rng = Pcg64Mcg::seed_from_u64(3);
    for _ in 0..300 {
        let mut b = bytes.to_vec();
        let i = rng.random_range(0..b.len());
        b[i] = rng.random();
        if let Ok(save) = SaveFile::from_bytes(&b, Some("minimal")) {
            let _ = save.restore(fixture("minimal")).map(|(s, _)| s.view());
        }
    }
}

/// A save with a long transcript (about 500 KB), so that writing it takes a while.
fn big_save(turns: u32) -> SaveFile {
    let mut save = SaveFile::of_at(&waited(), Duration::from_secs(1), at(1_000_000));
    save.turns = turns;
    save.transcript
        .extend((0..4_000).map(|i| SavedEntry::Shown {
            node: "camp.start".into(),
            speaker: None,
            text: format!("Line {i} of a very long transcript, written to make saving slow."),
        }));
    save
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("lists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_write_interrupted_before_rename_leaves_the_previous_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store(dir.path());
    let previous = SaveFile::of_at(&waited(), Duration::from_secs(5), at(1_000));
    store.write(Slot::Quick, &previous).expect("writes");
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    // A kill between writing the temporary file and renaming it leaves this behind.
    let newer = big_save(2).to_ron().expect("encodes");
    let stale = dir.path().join(".quick.ron.4242.0.tmp");
    let fresh = dir.path().join(".quick.ron.4242.1.tmp");
    for temp in [&stale, &fresh] {
        fs::write(temp, &newer.as_bytes()[..newer.len() / 3]).expect("writes");
    }
    fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(600)))
        .expect("ages the file");

    assert_eq!(store.read(Slot::Quick).expect("loads"), previous);
    let list = store.list();
    assert_eq!(list.len(), 11, "temporary files are not slots");
    assert!(list.iter().all(|i| match i.slot {
        Slot::Quick => matches!(i.state, SlotState::Saved(_)),
        _ => i.state == SlotState::Empty,
    }));
    assert_eq!(
        temp_files(dir.path()),
        [".quick.ron.4242.1.tmp"],
        "the old leftover is removed, a recent one (maybe another game saving) is kept"
    );
    let (slot, latest) = store.latest().expect("a save");
    assert_eq!((slot, latest), (Slot::Quick, previous));
}

/// Set to a folder, makes [`crash_child_writes_saves_until_killed`] write saves there in a loop.
const CRASH_DIR: &str = "AFTERMATH_TEST_SAVE_CRASH_DIR";

/// Not a test on its own: the child process that [`saves_survive_a_writer_killed_mid_write`]
/// starts (with `--ignored` and the folder in `CRASH_DIR`) and kills. Ignored in a normal run,
/// where it would have nothing to do; run by hand without `CRASH_DIR` it fails and says so.
#[test]
#[ignore = "the child process of saves_survive_a_writer_killed_mid_write, which runs it"]
fn crash_child_writes_saves_until_killed() {
    let Some(dir) = std::env::var_os(CRASH_DIR) else {
        panic!("run by saves_survive_a_writer_killed_mid_write, which sets {CRASH_DIR}");
    };
    let store = SaveStore::new(dir, "minimal");
    let saves = [big_save(1), big_save(2)];
    println!("WRITING");
    let start = Instant::now();
    // Bounded, in case the parent dies before killing this process.
    while start.elapsed() < Duration::from_secs(20) {
        for (i, slot) in (1..=3).map(Slot::Named).enumerate() {
            store.write(slot, &saves[i % 2]).expect("writes");
        }
    }
}

/// Starts the writer process on `dir` and waits until it is writing.
fn start_writer(dir: &Path) -> std::process::Child {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "save::crash_child_writes_saves_until_killed",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CRASH_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts the writer");
    let stdout = child.stdout.take().expect("piped");
    let started = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("WRITING"));
    assert!(started, "the writer did not start");
    child
}

/// A process killed (SIGKILL on Unix) at any moment of saving, in particular between creating
/// its temporary file and renaming it, leaves every slot whole: the old save or the new one.
#[test]
fn saves_survive_a_writer_killed_mid_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store(dir.path());
    let first = big_save(1);
    for n in 1..=3 {
        store.write(Slot::Named(n), &first).expect("writes");
    }
    let mut pick = Pcg64Mcg::seed_from_u64(5);
    let mut killed_mid_write = 0;
    for round in 0..5 {
        let before = temp_files(dir.path());
        let mut child = start_writer(dir.path());
        if round < 3 {
            // Kill as soon as a temporary file appears: between its creation and the rename.
            let start = Instant::now();
            while temp_files(dir.path()).len() == before.len() {
                assert!(start.elapsed() < Duration::from_secs(5), "no write seen");
            }
        } else {
            // Kill at any moment of the loop (encoding, writing, renaming).
            std::thread::sleep(Duration::from_millis(pick.random_range(0..60)));
        }
        child.kill().expect("kills the writer");
        let _ = child.wait();
        killed_mid_write += usize::from(temp_files(dir.path()).len() > before.len());
        for info in store.list() {
            if let Slot::Named(1..=3) = info.slot {
                let save = store
                    .read(info.slot)
                    .unwrap_or_else(|e| panic!("round {round}: {e}"));
                assert!(save.turns == 1 || save.turns == 2);
                assert_eq!(save.transcript, first.transcript);
            } else {
                assert_eq!(info.state, SlotState::Empty);
            }
        }
    }
    eprintln!(
        "the writer was killed with its temporary file written in {killed_mid_write} of 5 rounds"
    );
    assert!(
        killed_mid_write > 0,
        "no kill fell between write and rename"
    );
}

#[test]
fn delete_and_latest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store(dir.path());
    assert!(store.latest().is_none(), "no folder yet");
    assert!(!store.delete(Slot::Auto).expect("nothing to delete"));
    let s = waited();
    store
        .write(Slot::Auto, &SaveFile::of_at(&s, Duration::ZERO, at(3_000)))
        .expect("writes");
    store
        .write(
            Slot::Named(4),
            &SaveFile::of_at(&s, Duration::ZERO, at(2_000)),
        )
        .expect("writes");
    store
        .write(Slot::Quick, &SaveFile::of_at(&s, Duration::ZERO, at(1_000)))
        .expect("writes");
    fs::write(
        store.path(Slot::Named(9)),
        "(format: 1, story_id: \"minimal\"",
    )
    .expect("writes");
    assert_eq!(store.latest().map(|l| l.0), Some(Slot::Auto));
    assert!(store.delete(Slot::Auto).expect("deletes"));
    assert!(!store.path(Slot::Auto).exists());
    assert_eq!(store.latest().map(|l| l.0), Some(Slot::Named(4)));
    let list = store.list();
    let states: Vec<(Slot, &str)> = list
        .iter()
        .map(|i| {
            (
                i.slot,
                match &i.state {
                    SlotState::Empty => "empty",
                    SlotState::Saved(_) => "saved",
                    SlotState::Unreadable(_) => "unreadable",
                },
            )
        })
        .filter(|(_, s)| *s != "empty")
        .collect();
    assert_eq!(
        states,
        [
            (Slot::Quick, "saved"),
            (Slot::Named(4), "saved"),
            (Slot::Named(9), "unreadable")
        ]
    );
    let Some(SlotState::Saved(summary)) = list.get(1).map(|i| &i.state) else {
        panic!("the quicksave is listed second");
    };
    assert_eq!(
        (summary.role_name.as_str(), summary.scene_title.as_str()),
        ("Soldier", "The camp")
    );
    assert_eq!(summary.saved_at_text, "1970-01-01 00:16 UTC");
}

#[test]
fn writing_a_save_of_another_story_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::new(dir.path(), "after-kursk");
    let err = store
        .write(Slot::Named(1), &SaveFile::of(&waited(), Duration::ZERO))
        .expect_err("other story");
    assert!(err.to_string().contains("`minimal`"), "{err}");
    assert!(!store.path(Slot::Named(1)).exists());
}

/// Measures a save of the bundled story at the end of a long playthrough (the longest of 400
/// random ones: 22 choices): size, write time, read and restore time.
#[test]
fn bundled_save_size_and_write_time() {
    let story = bundled();
    let mut s = Session::start(story.clone(), "planner", 3).expect("starts");
    let mut pick = Pcg64Mcg::seed_from_u64(3);
    let mut played = 0;
    while played < 50 && !s.is_ended() {
        let enabled: Vec<usize> = s
            .choice_flags()
            .iter()
            .enumerate()
            .filter_map(|(i, on)| on.then_some(i))
            .collect();
        s.choose(enabled[pick.random_range(0..enabled.len())])
            .expect("chooses");
        played += 1;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::new(dir.path(), &story.meta.id);
    let save = SaveFile::of(&s, Duration::from_secs(1800));
    let start = Instant::now();
    store.write(Slot::Auto, &save).expect("writes");
    let write = start.elapsed();
    let start = Instant::now();
    let read = store.read(Slot::Auto).expect("reads");
    let (restored, notices) = read.restore(story).expect("restores");
    let load = start.elapsed();
    assert_eq!(notices, []);
    assert_eq!(restored.state(), s.state());
    assert_eq!(restored.undo_depth(), played);
    let size = fs::metadata(store.path(Slot::Auto)).expect("exists").len();
    eprintln!(
        "bundled save after {played} choices: {size} bytes, {} transcript entries, \
         write {write:?}, read+restore {load:?}",
        s.transcript().len()
    );
    assert!(size < 1_000_000, "{size} bytes");
}

#[test]
fn another_programs_ron_file_is_not_a_save() {
    // A complete RON structure without a save's header is "not a save", not "cut off".
    let err = SaveFile::parse("(theme: Dark, text_size: Medium)\n", Some("minimal"))
        .expect_err("not a save");
    assert!(matches!(err, Unreadable::NotASave { .. }), "{err:?}");
}

/// A save written by the previous release (format 1), in tests/fixtures/saves.
fn format1(name: &str) -> String {
    fs::read_to_string(Path::new("tests/fixtures/saves").join(format!("format1-{name}.ron")))
        .expect("fixture save exists")
}

/// The playthrough `format1-minimal.ron` was saved from: Wait, then Report to an ending.
fn format1_minimal_session() -> Session {
    let mut s = waited();
    s.choose(1).expect("report");
    s
}

/// The playthrough `format1-bundled-soldier.ron` was saved from: eight choices of the
/// bundled story as the soldier (seed 2026), the last one undone.
fn format1_bundled_session(story: Arc<Story>) -> Session {
    let mut s = Session::start(story, "soldier", 2026).expect("starts");
    let mut played = 0;
    while played < 8 && !s.is_ended() {
        let enabled: Vec<usize> = s
            .choice_flags()
            .iter()
            .enumerate()
            .filter_map(|(i, on)| on.then_some(i))
            .collect();
        s.choose(enabled[played % enabled.len()]).expect("chooses");
        played += 1;
    }
    s.undo().expect("undo");
    s
}

/// Restores `text` with `story` and checks it is exactly `original`, undo stack included,
/// and that saving it again writes the same bytes.
fn assert_restores_exactly(text: &str, story: Arc<Story>, mut original: Session) {
    let save = SaveFile::parse(text, Some(&story.meta.id)).expect("reads");
    let (mut restored, notices) = save.restore(story).expect("restores");
    assert_eq!(notices, []);
    assert_eq!(restored.state(), original.state());
    assert_eq!(restored.transcript(), original.transcript());
    assert_eq!(restored.view(), original.view());
    assert_eq!(restored.undo_depth(), original.undo_depth());
    assert!(restored.undo_depth() >= 2, "the fixture has undo history");
    let again = SaveFile::of_at(&restored, save.play_duration(), at(save.saved_at));
    // Written in the fixture's format (format 1 has no checksum), it is the same text.
    let again = SaveFile {
        format: save.format,
        ..again
    };
    assert_eq!(again.to_ron().expect("encodes"), text);
    while original.undo_depth() > 0 {
        original.undo().expect("undo");
        restored.undo().expect("undo after load");
        assert_eq!(restored.state(), original.state());
        assert_eq!(restored.transcript(), original.transcript());
        assert_eq!(restored.view(), original.view());
    }
    assert!(restored.undo().is_err());
}

#[test]
fn format1_saves_read_and_write_back_byte_for_byte() {
    for name in ["minimal", "bundled-soldier"] {
        let text = format1(name);
        let save = SaveFile::parse(&text, None).expect("reads");
        assert_eq!(save.format, 1);
        assert!(save.undo.len() >= 2 && save.transcript.len() > 5, "{name}");
        assert_eq!(save.to_ron().expect("encodes"), text, "{name}");
    }
}

#[test]
fn format1_minimal_save_restores_exactly_with_undo() {
    assert_restores_exactly(
        &format1("minimal"),
        fixture("minimal"),
        format1_minimal_session(),
    );
}

#[test]
fn format1_bundled_save_restores_exactly_with_undo() {
    let text = format1("bundled-soldier");
    let story = bundled();
    let save = SaveFile::parse(&text, Some("after-kursk")).expect("reads");
    if save.content_hash != story.content_hash {
        // The bundled story was edited since the fixture was written: it is carried over.
        let (_, notices) = save.restore(story).expect("restores by names");
        assert!(matches!(notices.first(), Some(Notice::StoryChanged { .. })));
        return;
    }
    let original = format1_bundled_session(Arc::clone(&story));
    assert_restores_exactly(&text, story, original);
}

/// The save types, not the session's own, define the file: a session saved now is format 2,
/// which is the format 1 file saved from the same playthrough by the previous release plus a
/// checksum.
#[test]
fn a_save_written_now_is_format1_with_a_checksum() {
    let text = format1("minimal");
    let old = SaveFile::parse(&text, Some("minimal")).expect("reads");
    assert_eq!(old.checksum, None);
    let now = SaveFile::of(&format1_minimal_session(), old.play_duration());
    assert_eq!(now.format, FORMAT);
    assert_eq!(FORMAT, 2);
    let written = now.to_ron().expect("encodes");
    let checksum = now.checksum.clone().expect("format 2 has a checksum");
    assert!(
        written.ends_with(&format!("    checksum: \"{checksum}\",\n)\n")),
        "{written}"
    );
    let normalised = SaveFile {
        format: 1,
        saved_at: old.saved_at,
        saved_at_text: old.saved_at_text.clone(),
        ..now
    };
    assert_eq!(normalised.to_ron().expect("encodes"), text);

    let story = bundled();
    let text = format1("bundled-soldier");
    let old = SaveFile::parse(&text, Some("after-kursk")).expect("reads");
    if old.content_hash == story.content_hash {
        let session = format1_bundled_session(story);
        let now = SaveFile::of_at(&session, old.play_duration(), at(old.saved_at));
        let now = SaveFile { format: 1, ..now };
        assert_eq!(now.to_ron().expect("encodes"), text);
    }
}

#[test]
fn a_save_whose_history_does_not_fit_drops_it() {
    let text = format1("minimal");
    let mut save = SaveFile::parse(&text, Some("minimal")).expect("reads");
    save.undo[1].transcript_len = 99;
    let (s, notices) = save.restore(fixture("minimal")).expect("restores");
    assert_eq!(notices, [Notice::HistoryDropped]);
    assert_eq!(s.undo_depth(), 0);
    assert_eq!(s.state(), format1_minimal_session().state());
}

#[test]
fn adopt_history_carries_undo_over_to_an_edited_story() {
    let old = format1_minimal_session();
    let dir = tempfile::tempdir().expect("tempdir");
    let story = modified_minimal(dir.path(), &[("camp.ron", "You report.", "You report in.")]);
    let save = SaveFile::of(&old, Duration::ZERO);
    let (mut s, notices) = save.restore(story).expect("restores by names");
    assert!(matches!(notices.first(), Some(Notice::StoryChanged { .. })));
    assert_eq!(s.undo_depth(), 0);
    assert_eq!(aftermath::save::adopt_history(&mut s, &old), 2);
    s.undo().expect("undo");
    s.undo().expect("undo");
    assert_eq!(
        s.view().choices.first().map(|c| c.text.as_str()),
        Some("Wait")
    );
    assert!(s.undo().is_err());
}

/// Saves written by this build: the minimal story ended with two undo steps, and the
/// bundled story part way with seven.
fn format2_saves() -> Vec<(&'static str, Arc<Story>, SaveFile)> {
    let minimal = SaveFile::of_at(
        &format1_minimal_session(),
        Duration::from_secs(754),
        at(1_745_849_100),
    );
    let story = bundled();
    let session = format1_bundled_session(Arc::clone(&story));
    let bundled = SaveFile::of_at(&session, Duration::from_secs(1234), at(1_745_849_100));
    vec![
        ("minimal", fixture("minimal"), minimal),
        ("bundled", story, bundled),
    ]
}

#[test]
fn a_format2_save_round_trips_with_its_checksum() {
    for (name, story, save) in format2_saves() {
        assert_eq!(save.format, 2, "{name}");
        let text = save.to_ron().expect("encodes");
        let back = SaveFile::parse(&text, Some(&story.meta.id)).expect("reads");
        assert_eq!(back, save, "{name}");
        assert_eq!(back.to_ron().expect("encodes"), text, "{name}");
        let (restored, notices) = back.restore(Arc::clone(&story)).expect("restores");
        assert_eq!(notices, [], "{name}");
        assert!(restored.undo_depth() >= 2, "{name}");
        assert_eq!(restored.parts().check(&story), Ok(()), "{name}");
        // Whitespace and comments are not content.
        let spaced = text
            .replacen("(\n", "( // a comment\n\n", 1)
            .replace("\n    ", "\n      ");
        assert_eq!(
            SaveFile::parse(&spaced, None).expect("reads"),
            save,
            "{name}"
        );
    }
}

/// Every single digit changed, and every byte changed, in a format 2 save: refused, unless
/// the file still says exactly the same (e.g. a changed comment).
#[test]
fn any_change_to_a_format2_save_is_refused() {
    let (_, _, save) = format2_saves().remove(0);
    let text = save.to_ron().expect("encodes");
    let bytes = text.as_bytes();
    let mut refused = 0;
    for i in 0..bytes.len() {
        let mut changed = bytes.to_vec();
        changed[i] = match bytes[i] {
            b'9' => b'0',
            d @ b'0'..=b'8' => d + 1,
            b => b ^ 0x01,
        };
        match SaveFile::from_bytes(&changed, Some("minimal")) {
            Err(_) => refused += 1,
            Ok(back) => assert_eq!(back, save, "byte {i} changed the content unnoticed"),
        }
    }
    assert!(
        refused > bytes.len() * 9 / 10,
        "{refused} of {}",
        bytes.len()
    );
    // The checksum itself, changed or removed.
    let checksum = save.checksum.clone().expect("checksum");
    let wrong = text.replace(&checksum, "0123456789abcdef");
    let err = SaveFile::parse(&wrong, None).expect_err("wrong checksum");
    assert!(matches!(err, Unreadable::Changed { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("changed or damaged after it was saved"),
        "{err}"
    );
    let line = format!("    checksum: \"{checksum}\",\n");
    let err = SaveFile::parse(&text.replace(&line, ""), None).expect_err("no checksum");
    assert!(matches!(err, Unreadable::Changed { .. }), "{err:?}");
    // Declared format 1 to skip the check: the checksum is still checked when present.
    let err = SaveFile::parse(&text.replace("format: 2,", "format: 1,"), None)
        .expect_err("format lowered");
    assert!(matches!(err, Unreadable::Changed { .. }), "{err:?}");
}

#[test]
fn a_slot_with_a_changed_save_is_refused_naming_the_slot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store(dir.path());
    let save = SaveFile::of(&waited(), Duration::ZERO);
    store.write(Slot::Named(4), &save).expect("writes");
    let path = store.path(Slot::Named(4));
    let text = fs::read_to_string(&path).expect("reads");
    assert!(text.contains("Int(3)"));
    fs::write(&path, text.replace("Int(3)", "Int(4)")).expect("writes");
    let err = store.read(Slot::Named(4)).expect_err("changed");
    let message = err.to_string();
    assert!(message.contains("slot 4"), "{message}");
    assert!(
        message.contains("changed or damaged after it was saved"),
        "{message}"
    );
}

#[test]
fn unknown_fields_are_refused_naming_the_field() {
    let text = format1("minimal");
    for (from, to, name) in [
        ("    seed: 7,\n", "    seed: 7,\n    cheat: 1,\n", "cheat"),
        (
            "ending: Some(\"Rain\"),\n",
            "ending: Some(\"Rain\"),\n        mood: \"fine\",\n",
            "mood",
        ),
        (
            "transcript_len: 3)",
            "transcript_len: 3, bonus: 2)",
            "bonus",
        ),
        ("turns: 0)", "turns: 0, luck: 9)", "luck"),
    ] {
        let damaged = text.replacen(from, to, 1);
        assert_ne!(damaged, text);
        let err = SaveFile::parse(&damaged, Some("minimal")).expect_err("unknown field");
        assert!(matches!(err, Unreadable::Damaged { .. }), "{err:?}");
        assert!(err.to_string().contains(&format!("`{name}`")), "{err}");
    }
}

#[test]
fn a_format1_save_is_checked_value_by_value() {
    let text = format1("minimal");
    let story = fixture("minimal");
    let save = SaveFile::parse(&text, Some("minimal")).expect("reads");

    // A value outside its declared range (suspicion: 0..=5) is damage: refused, not clamped.
    let mut bad = save.clone();
    bad.vars.insert("suspicion".into(), Value::Int(99));
    let err = bad.restore(Arc::clone(&story)).expect_err("out of range");
    assert!(err.to_string().contains("`suspicion` is 99"), "{err}");

    // Undo to the other role's scene, to a node that is no place to stop, out of range:
    // the history is dropped with a notice, the rest restored.
    let office = story.node_by_key("camp.office").expect("office");
    let report = story.node_by_key("camp.report").expect("report");
    let damages: [&dyn Fn(&mut SaveFile); 6] = [
        &|s| s.undo[0].state.node = office,
        &|s| s.undo[1].state.node = report,
        &|s| s.undo[1].state.vars[0] = Value::Int(-1),
        &|s| s.undo[1].state.turns = 0,
        &|s| {
            s.undo[0].state.taken = vec![true];
            s.undo[1].state.taken = vec![false];
        },
        &|s| s.undo[0].transcript_len = 0,
    ];
    for (i, damage) in damages.iter().enumerate() {
        let mut bad = save.clone();
        damage(&mut bad);
        let (s, notices) = bad.restore(Arc::clone(&story)).expect("restores");
        assert_eq!(notices, [Notice::HistoryDropped], "damage {i}");
        assert_eq!(s.undo_depth(), 0, "damage {i}");
    }

    // The current state unfit: refused with the reason.
    let mut bad = save.clone();
    bad.node = "camp.office".into();
    let err = bad
        .restore(Arc::clone(&story))
        .expect_err("other role's node");
    assert!(err.to_string().contains("cannot be reached"), "{err}");
    let mut bad = save.clone();
    bad.turns = 5;
    let err = bad.restore(Arc::clone(&story)).expect_err("turns");
    assert!(err.to_string().contains("5 turns"), "{err}");
    let mut bad = save.clone();
    bad.passage_start = 3;
    let err = bad.restore(Arc::clone(&story)).expect_err("passage");
    assert!(
        err.to_string().contains("does not follow a choice"),
        "{err}"
    );
    let mut bad = save;
    bad.recorded = false;
    let err = bad.restore(story).expect_err("transcript not recorded");
    assert!(err.to_string().contains("keeps none"), "{err}");
}

#[test]
fn a_narrowed_range_in_a_changed_story_clamps_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let story = modified_minimal(
        dir.path(),
        &[("story.ron", "min: 0, max: 5", "min: 0, max: 2")],
    );
    let save = SaveFile::parse(&format1("minimal"), Some("minimal")).expect("reads");
    let (s, notices) = save.restore(story).expect("restores");
    assert!(
        notices.contains(&Notice::VariablesClamped(vec!["suspicion".into()])),
        "{notices:?}"
    );
    assert_eq!(s.value("suspicion"), Some(&Value::Int(2)));
}

/// One random damage to a file: a bit flipped, a byte inserted or deleted, a digit changed,
/// two numbers swapped, a line duplicated or deleted, or the end cut off.
fn damage(rng: &mut Pcg64Mcg, text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    let digits: Vec<usize> = (0..b.len()).filter(|&i| b[i].is_ascii_digit()).collect();
    let lines: Vec<(usize, usize)> = text
        .match_indices('\n')
        .scan(0, |start, (end, _)| {
            let line = (*start, end + 1);
            *start = end + 1;
            Some(line)
        })
        .collect();
    match rng.random_range(0..8) {
        0 => {
            let i = rng.random_range(0..b.len());
            b[i] ^= 1 << rng.random_range(0..8);
        }
        1 => {
            const SET: &[u8] = b"0123456789-+_.,:;()[]{}\"'\\/ azAZ\n";
            let c = SET[rng.random_range(0..SET.len())];
            b.insert(rng.random_range(0..=b.len()), c);
        }
        2 => {
            let i = rng.random_range(0..b.len());
            let n = rng.random_range(1..4).min(b.len() - i);
            b.drain(i..i + n);
        }
        3 => {
            let i = digits[rng.random_range(0..digits.len())];
            b[i] = b'0' + (b[i] - b'0' + rng.random_range(1..10)) % 10;
        }
        4 => {
            // Two whole numbers swapped.
            let numbers: Vec<(usize, usize)> = digits
                .iter()
                .filter(|&&i| i == 0 || !b[i - 1].is_ascii_digit())
                .map(|&i| {
                    (
                        i,
                        i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count(),
                    )
                })
                .collect();
            let x = numbers[rng.random_range(0..numbers.len())];
            let y = numbers[rng.random_range(0..numbers.len())];
            let (first, second) = if x.0 <= y.0 { (x, y) } else { (y, x) };
            if first != second {
                let mut out = b[..first.0].to_vec();
                out.extend_from_slice(&b[second.0..second.1]);
                out.extend_from_slice(&b[first.1..second.0]);
                out.extend_from_slice(&b[first.0..first.1]);
                out.extend_from_slice(&b[second.1..]);
                b = out;
            }
        }
        5 => {
            let (s, e) = lines[rng.random_range(0..lines.len())];
            let line = b[s..e].to_vec();
            b.splice(e..e, line);
        }
        6 => {
            let (s, e) = lines[rng.random_range(0..lines.len())];
            b.drain(s..e);
        }
        _ => b.truncate(rng.random_range(0..b.len())),
    }
    b
}

/// Damage tallies: refused when reading, refused when restoring, accepted.
#[derive(Debug, Default)]
struct Tally {
    unreadable: usize,
    unfit: usize,
    accepted: usize,
    changed: usize,
}

/// Damages `text` `rounds` times; every result is refused with a reason, or restores to a
/// session whose state (and every state undo returns to) passes the session's checks. With
/// `exact`, an accepted file must say exactly what `original` says.
fn fuzz(
    story: &Arc<Story>,
    original: &SaveFile,
    text: &str,
    seed: u64,
    rounds: usize,
    exact: bool,
) -> Tally {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut tally = Tally::default();
    for round in 0..rounds {
        let bytes = damage(&mut rng, text);
        let save = match SaveFile::from_bytes(&bytes, Some(&story.meta.id)) {
            Ok(save) => save,
            Err(reason) => {
                assert!(!reason.to_string().is_empty());
                tally.unreadable += 1;
                continue;
            }
        };
        let same = save == *original;
        if exact {
            assert!(
                same,
                "round {round}: a changed save loaded:\n{}",
                String::from_utf8_lossy(&bytes)
            );
        }
        match save.restore(Arc::clone(story)) {
            Err(reason) => {
                assert!(!reason.to_string().is_empty());
                tally.unfit += 1;
            }
            Ok((mut session, _)) => {
                tally.accepted += 1;
                tally.changed += usize::from(!same);
                loop {
                    let check = session.parts().check(story);
                    assert_eq!(check, Ok(()), "round {round}: an invalid session restored");
                    if session.undo().is_err() {
                        break;
                    }
                }
            }
        }
    }
    tally
}

/// Randomly damaged saves never restore an impossible state: format 2 saves refuse any change
/// of content, format 1 saves (no checksum) are checked value by value.
#[test]
fn damaged_saves_are_refused_or_restore_a_valid_state() {
    const ROUNDS: usize = 1_000;
    for (name, story, save) in format2_saves() {
        let text = save.to_ron().expect("encodes");
        let t = fuzz(&story, &save, &text, 10, ROUNDS, true);
        println!("format 2 {name}: {t:?} of {ROUNDS}");
        assert_eq!(t.unreadable + t.unfit + t.accepted, ROUNDS);
        assert_eq!(t.changed, 0);
    }
    for (name, story) in [
        ("minimal", fixture("minimal")),
        ("bundled-soldier", bundled()),
    ] {
        let text = format1(name);
        let save = SaveFile::parse(&text, Some(&story.meta.id)).expect("reads");
        let t = fuzz(&story, &save, &text, 11, ROUNDS, false);
        println!("format 1 {name}: {t:?} of {ROUNDS}");
        assert_eq!(t.unreadable + t.unfit + t.accepted, ROUNDS);
    }
}
