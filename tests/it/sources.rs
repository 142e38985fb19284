//! Sources on context notes and pictures: `check` on every kind of bad source or picture, the
//! view's citations and pictures, the terminal player, and the class debrief (the game's
//! sources page, pause menu and pictures are in `gui::screens` and `gui::play`).

use std::path::Path;
use std::sync::Arc;

use aftermath::class::export::{self, Privacy};
use aftermath::class::{Action, Class, ClassSetup, Command, Target};
use aftermath::session::Session;
use aftermath::story::{Code, Severity, StorySource, load};

use crate::fixture;
use crate::play_text::run;

const WIRE: &str = "Wire Service, \u{201c}Troops confirmed at the front\u{201d}, 2025-04-28. https://example.org/wire/troops";
const ALMANAC: &str = "Almanac Press, \u{201c}Border regions\u{201d}, 2024.";

#[test]
fn check_reports_each_bad_source_at_its_field_with_a_fix() {
    let source = StorySource::from_dir(Path::new("tests/fixtures/bad_sources")).expect("reads");
    let Err(failed) = load(source) else {
        panic!("errors stop the load")
    };
    let found: Vec<(Code, Severity)> = failed
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    for (code, n) in [
        (Code::BadSource, 3),
        (Code::DuplicateId, 1),
        (Code::UnknownSource, 1),
        (Code::UnusedSource, 1),
        (Code::SourceWithoutNote, 1),
    ] {
        assert_eq!(
            found.iter().filter(|(c, _)| *c == code).count(),
            n,
            "{code}: {found:?}"
        );
    }
    // The declared-twice id is a duplicate, not also unused; a source with a problem that a
    // node cites is not reported again as unknown.
    assert_eq!(failed.diagnostics.len(), 7, "{found:?}");
    let text = failed.render();
    for place in [
        "story.ron:10:41",
        "story.ron:11:80",
        "story.ron:12:88",
        "story.ron:13:20",
        "story.ron:14:20",
        "desk.ron:9:23",
        "desk.ron:12:59",
    ] {
        assert!(text.contains(place), "{place} missing from:\n{text}");
    }
    assert!(text.contains("did you mean `wire-report`?"), "{text}");
    assert!(
        text.contains("write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
        "{text}"
    );
}

#[test]
fn a_clean_story_with_sources_loads_without_warnings() {
    let source = StorySource::from_dir(Path::new("tests/fixtures/sources")).expect("reads");
    let loaded = load(source).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.story.sources.len(), 2);
}

#[test]
fn the_view_gives_each_note_its_citations_in_the_nodes_order() {
    let story = fixture("sources");
    let mut s = Session::start(Arc::clone(&story), "reader", 1).expect("starts");
    let v = s.view();
    assert_eq!(v.beats.len(), 1);
    assert_eq!(v.beats[0].sources, vec![ALMANAC.to_owned()]);
    s.choose(0).expect("Read the wire");
    let v = s.view();
    // The wire node and the ending after it: the wire's note cites both, the ending nothing.
    assert_eq!(
        v.beats[0].sources,
        vec![WIRE.to_owned(), ALMANAC.to_owned()]
    );
    assert!(v.beats[1].sources.is_empty());
}

/// The sources fixture in the terminal player: the first passage, then "Read the wire".
fn read_the_wire() -> (std::process::Output, String) {
    read_the_wire_with(&[])
}

/// [`read_the_wire`] with more options for `play --text`.
fn read_the_wire_with(more: &[&str]) -> (std::process::Output, String) {
    let mut args = vec![
        "play",
        "--text",
        "--story",
        "tests/fixtures/sources",
        "--role",
        "reader",
        "--seed",
        "1",
    ];
    args.extend_from_slice(more);
    let out = run(&args, "1\n");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

#[test]
fn notes_and_pictures_wrap_to_the_width_and_sources_stay_whole() {
    let (out, text) = read_the_wire_with(&["--width", "30"]);
    assert!(out.status.success(), "{text}");
    let shown: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("Source: ") && !l.starts_with("Playing `"))
        .collect();
    for line in &shown {
        assert!(
            line.chars().count() <= 30,
            "{line:?} is wider than 30:\n{text}"
        );
    }
    // The note and the picture are there, in several lines.
    assert!(text.contains("[Reported: the wire"), "{text}");
    assert!(text.contains("[Picture: A map of the"), "{text}");
    assert!(text.contains(&format!("  Source: {WIRE}")), "{text}");
}

#[test]
fn the_terminal_player_prints_sources_under_the_note() {
    let (out, text) = read_the_wire();
    assert!(out.status.success(), "{text}");
    let note = text
        .find("[Reported: the wire named the date")
        .expect("the note");
    let wire = text.find(&format!("  Source: {WIRE}")).expect("the wire");
    let almanac = text
        .rfind(&format!("  Source: {ALMANAC}"))
        .expect("the almanac");
    assert!(note < wire && wire < almanac, "{text}");
}

#[test]
fn the_debrief_lists_only_the_sources_the_groups_were_shown() {
    let story = fixture("sources");
    let setup = ClassSetup::new("Sources", &["reader"], 3, "SRC1");
    let mut class = Class::new(Arc::clone(&story), setup).expect("class starts");
    let act = |class: &mut Class, at: u64, action: Action| {
        class
            .handle(at, Command::Act(action.clone()))
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
    };
    act(&mut class, 1_000, Action::Open(Target::Group(0)));
    // "Put it down": the path is the start (citing the almanac) and the ending.
    act(
        &mut class,
        2_000,
        Action::Override {
            group: 0,
            choice: 1,
        },
    );
    assert!(class.groups()[0].view.ending.is_some());
    let md = export::markdown(&class, Privacy::Anonymous);
    let sources = md.split_once("## Sources").expect("a sources section").1;
    assert!(sources.contains("Almanac Press"), "{md}");
    assert!(!md.contains("Wire Service"), "{md}");
    let html = export::html(&class, Privacy::Anonymous);
    assert!(html.contains("<h2>Sources</h2>"), "{html}");
    assert!(html.contains("Almanac Press, “Border regions”, 2024."));
    assert!(!html.contains("Wire Service"));
    // A class over a story without sources has no such section.
    let plain = Class::new(
        fixture("minimal"),
        ClassSetup::new("Plain", &["soldier"], 3, "SRC2"),
    )
    .expect("class starts");
    assert!(!export::markdown(&plain, Privacy::Anonymous).contains("## Sources"));
}

#[test]
fn check_reports_each_bad_picture_at_its_file_with_a_fix() {
    let source = StorySource::from_dir(Path::new("tests/fixtures/bad_images")).expect("reads");
    assert_eq!(source.pictures.len(), 2, "both .png files are read");
    let Err(failed) = load(source) else {
        panic!("errors stop the load")
    };
    let codes: Vec<Code> = failed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        vec![Code::MissingImage, Code::BadImage, Code::ImageWithoutAlt],
        "{}",
        failed.render()
    );
    let text = failed.render();
    for needle in [
        "album.ron:4:24",
        "album.ron:9:32",
        "did you mean `maps/kursk.png`?",
        "album.ron:12:62",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

#[test]
fn the_view_gives_the_scene_picture_and_each_beats_own() {
    let story = fixture("sources");
    let mut s = Session::start(Arc::clone(&story), "reader", 1).expect("starts");
    let v = s.view();
    let scene = v.image.as_ref().expect("the scene's picture");
    assert_eq!(scene.path, "maps/region.png");
    assert!(
        story
            .picture(&scene.path)
            .is_some_and(aftermath::story::Picture::is_png)
    );
    assert!(v.beats[0].image.is_none());
    s.choose(0).expect("Read the wire");
    let v = s.view();
    assert_eq!(
        v.beats[0].image.as_ref().map(|i| i.path.as_str()),
        Some("wire.png")
    );
    assert!(v.beats[1].image.is_none());
}

#[test]
fn the_terminal_describes_a_picture_when_it_appears() {
    let (out, text) = read_the_wire();
    assert!(out.status.success(), "{text}");
    let map = "[Picture: A map of the border region, the crossing marked with a red dot.]";
    // Once, though the second passage is in the same scene.
    assert_eq!(text.matches(map).count(), 1, "{text}");
    assert_eq!(
        text.matches("[Picture: A printed wire report, a few lines long.]")
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn the_debrief_shows_the_pictures_each_group_was_shown_and_writes_them_beside_the_markdown() {
    use base64::Engine as _;
    let story = fixture("sources");
    let setup = ClassSetup::new("Pictures", &["reader", "reader"], 3, "PIC1");
    let mut class = Class::new(Arc::clone(&story), setup).expect("class starts");
    for (group, choice) in [(0, 0), (1, 1)] {
        for action in [
            Action::Open(Target::Group(group)),
            Action::Override { group, choice },
        ] {
            class
                .handle(1_000, Command::Act(action.clone()))
                .unwrap_or_else(|e| panic!("{action:?}: {e}"));
        }
    }
    // Group 1 is reading the wire; group 2 put it down and reached the ending.
    let map = story.picture("maps/region.png").expect("the map");
    let wire = story.picture("wire.png").expect("the wire");
    let debrief = export::json(&class, Privacy::Anonymous).unwrap();
    let json: serde_json::Value = serde_json::from_str(&debrief).unwrap();
    let files = |g: usize| -> Vec<String> {
        json["groups"][g]["pictures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["file"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(files(0), ["maps/region.png", "wire.png"]);
    assert_eq!(files(1), ["maps/region.png"]);

    // The page embeds each picture's own bytes, with its alt text, once per group that saw it.
    let html = export::html(&class, Privacy::Anonymous);
    let b64 = base64::engine::general_purpose::STANDARD;
    let embedded = |bytes: &[u8]| format!("src=\"data:image/png;base64,{}\"", b64.encode(bytes));
    assert_eq!(html.matches(&embedded(&map.bytes)).count(), 2);
    assert_eq!(html.matches(&embedded(&wire.bytes)).count(), 1);
    assert!(html.contains("alt=\"A printed wire report, a few lines long.\""));
    // Nothing outside the page is fetched (a source's address is plain text, not a link).
    for bad in ["href=", "url(", "<link", "<script"] {
        assert!(!html.contains(bad), "the page holds {bad}");
    }
    assert_eq!(
        html.matches("src=\"").count(),
        html.matches("src=\"data:image/png;base64,").count()
    );

    // The Markdown links the copies written beside it, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let written = export::write_all(&class, dir.path(), Privacy::Anonymous).unwrap();
    let md = std::fs::read_to_string(dir.path().join("debrief.md")).unwrap();
    assert!(md.contains(
        "![A map of the border region, the crossing marked with a red dot.](pictures/maps/region.png)"
    ));
    assert!(md.contains("![A printed wire report, a few lines long.](pictures/wire.png)"));
    for (file, bytes) in [("maps/region.png", &map.bytes), ("wire.png", &wire.bytes)] {
        let path = dir.path().join("pictures").join(file);
        assert_eq!(&std::fs::read(&path).unwrap()[..], &bytes[..], "{file}");
        assert!(written.contains(&path), "{written:?}");
    }
    assert_eq!(written.len(), export::FILES.len() + 2, "{written:?}");
}
