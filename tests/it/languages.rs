//! Translations: `strings` creates and updates a language's PO file without losing work,
//! `check` reports broken and stale translations at their line, and a translated story plays
//! the same paths as the source with its own words.

use std::fs;
use std::path::Path;

use aftermath::i18n::{self, po, strings, ui};
use aftermath::session::Session;
use aftermath::story::{StorySource, load};

use crate::play_text::run;

/// A copy of the minimal fixture in a temporary folder.
fn story_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["story.ron", "camp.ron", "other.ron"] {
        let from = Path::new("tests/fixtures/minimal").join(f);
        if from.exists() {
            fs::copy(&from, dir.path().join(f)).expect("copy");
        }
    }
    for e in fs::read_dir("tests/fixtures/minimal").expect("fixture") {
        let e = e.expect("entry");
        let to = dir.path().join(e.file_name());
        if !to.exists() && e.path().is_file() {
            fs::copy(e.path(), to).expect("copy");
        }
    }
    dir
}

fn strings_cmd(dir: &Path, lang: &str) -> std::process::Output {
    run(
        &["strings", dir.to_str().expect("utf-8"), "--lang", lang],
        "",
    )
}

fn check_cmd(dir: &Path, lang: &str) -> (String, bool) {
    let out = run(&["check", dir.to_str().expect("utf-8"), "--lang", lang], "");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.success(),
    )
}

/// Fills every entry of `po_path` whose id ends with `suffix` with `f(source)`.
fn translate_where(po_path: &Path, f: impl Fn(&str, &str) -> Option<String>) {
    let text = fs::read_to_string(po_path).expect("po");
    let mut file = po::parse(&text);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    for e in &mut file.entries {
        if let Some(t) = f(e.context.as_deref().unwrap_or(""), &e.source) {
            e.translation = t;
        }
    }
    fs::write(po_path, po::write(&file.header, &file.entries)).expect("write");
}

#[test]
fn strings_creates_a_file_a_translator_fills_and_play_uses_it() {
    let dir = story_copy();
    let out = strings_cmd(dir.path(), "ko");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let po_path = dir.path().join("translations/ko.po");
    let text = fs::read_to_string(&po_path).expect("created");
    assert!(text.contains("msgctxt \"camp.start.text\""), "{text}");
    assert!(text.contains("msgctxt \"camp.start.choice.2.because\""));
    assert!(text.contains("msgctxt \"role:soldier.name\""));
    let (report, ok) = check_cmd(dir.path(), "ko");
    assert!(ok, "missing strings are warnings, not errors:\n{report}");
    assert!(report.contains("warning[translation-missing]"), "{report}");
    assert!(report.contains("ko: 0 of "), "{report}");

    translate_where(&po_path, |id, src| {
        match id {
        "camp.start.text" => Some("{name} 이병, 의심 {suspicion}.{if suspicion >= 3} 그들이 지켜본다.{else} 아무도 두 번 보지 않는다.{end}".into()),
        "camp.start.choice.1.text" => Some("기다린다".into()),
        "role:soldier.name" => Some("병사".into()),
        _ => (!src.is_empty() && id.starts_with("camp.caught")).then(|| format!("[ko] {src}")),
    }
    });
    let (report, ok) = check_cmd(dir.path(), "ko");
    assert!(ok, "{report}");
    assert!(!report.contains("translation-markup"), "{report}");

    let play = |lang: &str| {
        let out = run(
            &[
                "play",
                "--text",
                "--story",
                dir.path().to_str().unwrap(),
                "--role",
                "soldier",
                "--seed",
                "4",
                "--lang",
                lang,
            ],
            "1\n4\n",
        );
        // The script stops before an ending: exit 2, "input ended".
        assert!(
            out.status.code() == Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let ko = play("ko");
    let en = play("en");
    assert!(
        ko.contains("Ri 이병, 의심 2. 아무도 두 번 보지 않는다."),
        "{ko}"
    );
    assert!(ko.contains("1) 기다린다"), "{ko}");
    assert!(
        ko.contains(") Report"),
        "an untranslated string stays in the source language:\n{ko}"
    );
    assert!(
        en.contains("Private Ri, suspicion 2. Nobody looks twice."),
        "{en}"
    );
    assert!(ko.contains("역할"), "the interface is Korean too:\n{ko}");
}

#[test]
fn an_edit_marks_the_translation_stale_and_strings_keeps_it() {
    let dir = story_copy();
    assert!(strings_cmd(dir.path(), "ko").status.success());
    let po_path = dir.path().join("translations/ko.po");
    translate_where(&po_path, |id, _| {
        (id == "camp.report.text").then(|| "보고한다.".to_owned())
    });
    let (report, _) = check_cmd(dir.path(), "ko");
    assert!(!report.contains("translation-stale"), "{report}");

    // The writer edits the node; the translation now answers an older text.
    let camp = dir.path().join("camp.ron");
    let src = fs::read_to_string(&camp).expect("camp");
    fs::write(
        &camp,
        src.replace("\"You report.\"", "\"You report to the captain.\""),
    )
    .expect("edit");
    let (report, _) = check_cmd(dir.path(), "ko");
    assert!(report.contains("warning[translation-stale]"), "{report}");
    assert!(
        report.contains("ko.po:"),
        "the warning names the translation's line:\n{report}"
    );

    let out = strings_cmd(dir.path(), "ko");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("1 need an update"), "{said}");
    let text = fs::read_to_string(&po_path).expect("po");
    let file = po::parse(&text);
    let e = file
        .entries
        .iter()
        .find(|e| e.context.as_deref() == Some("camp.report.text"))
        .expect("kept");
    assert_eq!(e.translation, "보고한다.", "the translation is kept");
    assert!(e.fuzzy, "and marked as needing an update");
    assert_eq!(e.previous.as_deref(), Some("You report."));
    assert_eq!(e.source, "You report to the captain.");
    let (report, _) = check_cmd(dir.path(), "ko");
    assert!(report.contains("fuzzy"), "{report}");
}

#[test]
fn broken_markup_is_an_error_at_its_line_and_play_falls_back() {
    let dir = story_copy();
    assert!(strings_cmd(dir.path(), "ko").status.success());
    let po_path = dir.path().join("translations/ko.po");
    translate_where(&po_path, |id, _| match id {
        "camp.start.text" => Some("{이름} 이병 {if suspicion >= 3}".into()),
        "camp.rain.text" => Some("비가 온다. {cash}.".into()),
        _ => None,
    });
    let (report, ok) = check_cmd(dir.path(), "ko");
    assert!(!ok, "{report}");
    assert_eq!(
        report.matches("error[translation-markup]").count(),
        2,
        "{report}"
    );
    let text = fs::read_to_string(&po_path).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("msgctxt \"camp.start.text\""))
        .unwrap()
        + 1;
    assert!(
        report.contains(&format!("ko.po:{line}:")),
        "line {line}:\n{report}"
    );

    let source = StorySource::from_dir(dir.path()).unwrap();
    let story = load(source).unwrap().story;
    let ko = i18n::story_in(&story, "ko").unwrap();
    let mut s = Session::start(std::sync::Arc::new(ko), "soldier", 1).unwrap();
    assert!(
        s.view().beats[0].text.starts_with("Private Ri"),
        "the source text is shown"
    );
    let _ = s.choose(0);
}

#[test]
fn a_translation_changes_words_only_the_same_seeds_take_the_same_paths() {
    let story = crate::fixture("minimal");
    let list = strings::extract(&story).unwrap();
    let entries: Vec<po::PoEntry> = list
        .iter()
        .map(|s| po::PoEntry {
            context: Some(s.id.clone()),
            source: s.text.clone(),
            translation: format!("«{}»", s.text),
            ..po::PoEntry::default()
        })
        .collect();
    let mut translated = (*story).clone();
    translated.translations = vec![aftermath::story::SourceFile {
        path: "minimal/translations/xx.po".into(),
        text: po::write("Language: xx\n", &entries),
    }];
    let xx = std::sync::Arc::new(i18n::story_in(&translated, "xx").unwrap());
    assert_eq!(
        xx.content_hash, story.content_hash,
        "saves and logs hold in every language"
    );
    for seed in 0..200 {
        for role in ["soldier", "planner"] {
            let mut a = Session::start(story.clone(), role, seed).unwrap();
            let mut b = Session::start(xx.clone(), role, seed).unwrap();
            for step in 0..12 {
                let (va, vb) = (a.view(), b.view());
                assert_eq!(va.node, vb.node, "seed {seed} step {step}");
                assert_eq!(va.choices.len(), vb.choices.len());
                if va.ending.is_some() || va.choices.is_empty() {
                    break;
                }
                assert_ne!(
                    va.beats.last().map(|b| &b.text),
                    vb.beats.last().map(|b| &b.text)
                );
                let pick = (seed as usize + step) % va.choices.len();
                let (ra, rb) = (a.choose(pick), b.choose(pick));
                assert_eq!(ra.is_ok(), rb.is_ok());
            }
        }
    }
}

#[test]
fn the_interface_files_have_the_same_messages_and_variables() {
    let mut ids = std::collections::HashSet::new();
    for (f, file) in ui::FILES.iter().enumerate() {
        let en = ui::ids_and_variables(ui::LANGUAGES[0].2[f])
            .unwrap_or_else(|e| panic!("en/{file}: {e}"));
        for (code, _, files) in ui::LANGUAGES {
            let other =
                ui::ids_and_variables(files[f]).unwrap_or_else(|e| panic!("{code}/{file}: {e}"));
            assert_eq!(
                other, en,
                "{code}/{file} must have en/{file}'s messages, with the same variables"
            );
        }
        for (id, _) in en {
            assert!(ids.insert(id.clone()), "{id} is in two message files");
        }
    }
    // Every message the code asks for exists.
    let mut missing = Vec::new();
    let mut stack = vec![Path::new("src").to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in fs::read_dir(&p).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("t!(") {
                    let before = text[..i].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let rest = text[i + 3..].trim_start();
                    if let Some(r) = rest.strip_prefix('"') {
                        let id = &r[..r.find('"').unwrap()];
                        if id != "id" && !ids.contains(id) {
                            missing.push(format!("{}: {id}", path.display()));
                        }
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages used but not in assets/i18n/en/: {missing:?}"
    );
    assert_eq!(ui::message_for("ko", "menu-new-game", None), "새 게임");
    assert_eq!(ui::shipped("ko_KR.UTF-8"), Some("ko"));
    assert_eq!(ui::shipped("C"), None);
}

#[test]
fn strings_refuses_to_rewrite_a_file_it_cannot_read_whole() {
    let dir = story_copy();
    fs::create_dir_all(dir.path().join("translations")).unwrap();
    let po_path = dir.path().join("translations/ko.po");
    let broken = "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"camp.report.text\"\nmsgid \"You report.\"\nmsgstr \"보고\n";
    fs::write(&po_path, broken).unwrap();
    let out = strings_cmd(dir.path(), "ko");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ko.po:6:"), "{err}");
    assert_eq!(
        fs::read_to_string(&po_path).unwrap(),
        broken,
        "nothing lost"
    );
    let (report, ok) = check_cmd(dir.path(), "ko");
    assert!(
        !ok && report.contains("error[translation-syntax]"),
        "{report}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any text reads without a panic, and what the writer writes reads back the same.
    #[test]
    fn po_files_round_trip_and_any_text_reads(
        junk in "\\PC*",
        ctx in "[a-z_.:0-9]{1,20}",
        src in "\\PC{0,60}",
        tr in "\\PC{0,60}",
        fuzzy in proptest::bool::ANY,
    ) {
        let _ = po::parse(&junk);
        let e = po::PoEntry { context: Some(ctx), source: src, translation: tr, fuzzy, ..po::PoEntry::default() };
        let back = po::parse(&po::write("Language: ko\n", std::slice::from_ref(&e)));
        proptest::prop_assert!(back.errors.is_empty(), "{:?}", back.errors);
        proptest::prop_assert_eq!(back.entries.len(), 1);
        let b = &back.entries[0];
        proptest::prop_assert_eq!((&b.context, &b.source, &b.translation, b.fuzzy), (&e.context, &e.source, &e.translation, e.fuzzy));
    }
}

#[test]
fn after_kursk_is_wholly_translated_into_korean_with_sound_markup() {
    let story = crate::bundled();
    let (diags, cover) = i18n::check::check(&story, story.files.len(), Some("ko"));
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(cover.len(), 1);
    let c = &cover[0];
    assert!(c.total > 2000, "{c:?}");
    assert_eq!(
        (c.translated, c.stale, c.missing, c.broken),
        (c.total, 0, 0, 0),
        "{c:?}"
    );
    let ko = i18n::story_in(&story, "ko").expect("ko");
    let hangul = |s: &str| {
        s.chars()
            .filter(|c| ('\u{ac00}'..='\u{d7a3}').contains(c))
            .count()
    };
    for n in &ko.nodes {
        let text = n.text.render(&story.roles[0].values);
        assert!(
            text.trim().is_empty() || hangul(&text) > 0,
            "{}: {text}",
            n.key
        );
    }
    assert!(ko.roles.iter().all(|r| hangul(&r.name) > 0));
}

#[test]
fn a_text_variables_value_is_shown_translated_and_stored_as_in_the_source() {
    let story = crate::bundled();
    let ko = std::sync::Arc::new(i18n::story_in(&story, "ko").expect("the Korean edition"));
    let mut s = Session::start(ko, "soldier", 7).expect("starts");
    s.choose(0).expect("the first choice");
    let text: String = s.view().beats.iter().map(|b| b.text.clone()).collect();
    assert!(text.contains("보병 제7중대에서"), "{text}");
    assert!(!text.contains("Rifle Company"), "{text}");
    // The state, saves and conditions keep the source value.
    assert!(
        matches!(s.value("unit_name"), Some(aftermath::story::Value::Text(t)) if &**t == "the 7th Rifle Company"),
        "{:?}",
        s.value("unit_name")
    );
}

#[test]
fn a_story_played_before_it_is_translated_plays_in_the_translation() {
    let story = crate::bundled();
    // Play the source first: that packs it for play (its playbook), and a translation starts
    // as a copy of it.
    let mut source = Session::start(story.clone(), "soldier", 7).expect("starts");
    source.choose(0).expect("the first choice");
    let ko = std::sync::Arc::new(i18n::story_in(&story, "ko").expect("the Korean edition"));
    let mut s = Session::start(ko, "soldier", 7).expect("starts");
    s.choose(0).expect("the first choice");
    let mut passage = aftermath::session::Passage::default();
    s.passage_into(&mut passage);
    let text: String = passage.lines().collect();
    assert!(text.contains("보병 제7중대에서"), "{text}");
    assert!(!text.contains("Rifle Company"), "{text}");
    let choices: Vec<&str> = passage.choices().collect();
    assert!(!choices.is_empty());
    for c in choices {
        assert!(
            c.chars().any(|ch| ('\u{ac00}'..='\u{d7a3}').contains(&ch)),
            "a choice in the source's words: {c}"
        );
    }
}

#[test]
fn a_story_in_its_own_language_is_shared_and_a_translation_is_its_own() {
    let story = crate::bundled();
    let en = i18n::edition(&story, &story.meta.language).expect("its own language");
    assert!(
        std::sync::Arc::ptr_eq(&en, &story),
        "the story itself, not a copy of it"
    );
    let ko = i18n::edition(&story, "ko").expect("the Korean edition");
    assert!(!std::sync::Arc::ptr_eq(&ko, &story));
    assert_eq!(ko.meta.language, "ko");
    assert_ne!(
        ko.nodes[0].text.render(&story.roles[0].values),
        en.nodes[0].text.render(&story.roles[0].values)
    );
    let err = i18n::edition(&story, "xx").expect_err("no such translation");
    assert!(err.to_string().contains("ko"), "names what there is: {err}");
}

#[test]
fn a_story_without_translations_has_nothing_to_check_and_one_with_them_is_checked() {
    let mut story = (*crate::bundled()).clone();
    let (diags, cover) = i18n::check::check(&story, story.files.len(), None);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        cover.len(),
        story.translations.len(),
        "one coverage per translation"
    );
    assert!(!cover.is_empty());
    story.translations.clear();
    let (diags, cover) = i18n::check::check(&story, story.files.len(), None);
    assert!(diags.is_empty() && cover.is_empty(), "{diags:#?} {cover:?}");
}
