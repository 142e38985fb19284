//! Hardening of story text: non-ASCII outside string literals, a byte-order mark, broken
//! `{if}` structure, nesting deep enough to exhaust the stack, over-long automatic chains and
//! confusing messages. Every input is reported as a diagnostic (exit status 1), never a panic
//! (101) or an abort.

use std::ops::Range;
use std::path::Path;
use std::process::{Command, Output};

use aftermath::story::expr::{MAX_NESTING, Scope, Type, VarIdx, parse_effects, parse_expr};
use aftermath::story::locate::{Locator, offset_of};
use aftermath::story::text::Template;
use aftermath::story::{
    Code, Diagnostic, Failed, Loaded, MAX_AUTO_STEPS, SourceFile, StorySource, load,
};
use aftermath::tools::explore::{Mode, Options, explore};
use proptest::prelude::*;

const MANIFEST: &str = r#"Story(id: "h", title: "H", variables: [Int(id: "x", default: 1)], roles: [Role(id: "r", name: "R", start: "s.a")])
"#;

/// A scene `s` whose node `a` has `fields` (and whatever else they bring).
fn scene(node: &str) -> String {
    format!("Scene(id: \"s\", title: \"S\", nodes: [\n    {node},\n])\n")
}

/// A node `a` with `text`, ending the story.
fn ending_node(text: &str) -> String {
    format!(
        "Node(id: \"a\", text: \"{text}\", effects: [\"x += 1\"], ending: Ending(id: \"e\", title: \"E\", summary: \"S\"))"
    )
}

/// A story of a manifest and one scene file, in memory.
fn source(manifest: &str, scene: &str) -> StorySource {
    StorySource {
        translations: Vec::new(),
        root: "mem".into(),
        files: vec![
            SourceFile {
                path: "mem/story.ron".into(),
                text: manifest.into(),
            },
            SourceFile {
                path: "mem/s.ron".into(),
                text: scene.into(),
            },
        ],
        bad_files: Vec::new(),
        has_manifest: true,
        pictures: Vec::new(),
    }
}

fn load_ok(manifest: &str, scene: &str) -> Loaded {
    match load(source(manifest, scene)) {
        Ok(l) => l,
        Err(f) => panic!("should load:\n{}", f.render()),
    }
}

fn load_err(manifest: &str, scene: &str) -> Failed {
    match load(source(manifest, scene)) {
        Ok(_) => panic!("should fail to load"),
        Err(f) => {
            // Rendering must not panic either (it slices the text at the spans).
            let _ = f.render();
            f
        }
    }
}

/// The only error of `f`, checked to have `code`.
fn the_error(f: &Failed, code: Code) -> &Diagnostic {
    let errors: Vec<&Diagnostic> = f.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", f.render());
    assert_eq!(errors[0].code, code, "{}", f.render());
    errors[0]
}

/// The text under a diagnostic's span.
fn under<'a>(f: &'a Failed, d: &Diagnostic) -> &'a str {
    let file = d.file.expect("a place");
    &f.files[file].text[d.span.clone()]
}

fn write_story(dir: &Path, manifest: &[u8], scene: &[u8]) {
    std::fs::write(dir.join("story.ron"), manifest).expect("write manifest");
    std::fs::write(dir.join("s.ron"), scene).expect("write scene");
}

fn aftermath(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args(args)
        .output()
        .expect("run aftermath")
}

// ------------------------------------------------------------ 1. non-ASCII outside strings

#[test]
fn a_byte_order_mark_is_accepted() {
    let manifest = format!("\u{feff}{MANIFEST}");
    let scene = format!("\u{feff}{}", scene(&ending_node("hi {x}")));
    let loaded = load_ok(&manifest, &scene);
    assert_eq!(loaded.story.meta.id, "h");
    // Positions stay right: an error after a BOM points at the bad text.
    let bad = format!("\u{feff}{}", scene_with_typo("tèxt"));
    let f = load_err(&manifest, &bad);
    let d = the_error(&f, Code::RonSyntax);
    assert_eq!(under(&f, d), "tèxt");
}

fn scene_with_typo(field: &str) -> String {
    scene(&format!(
        "Node(id: \"a\", {field}: \"hi\", ending: Ending(id: \"e\", title: \"E\", summary: \"S\"))"
    ))
}

#[test]
fn an_accented_field_name_is_a_ron_syntax_error_at_its_place() {
    let f = load_err(MANIFEST, &scene_with_typo("téxt"));
    let d = the_error(&f, Code::RonSyntax);
    assert_eq!(under(&f, d), "téxt");
    assert!(f.render().contains("mem/s.ron:2:19"), "{}", f.render());
}

#[test]
fn an_accented_struct_name_is_a_ron_syntax_error() {
    let scene = scene(&ending_node("hi").replacen("Node", "Nöde", 1));
    let f = load_err(MANIFEST, &scene);
    let d = the_error(&f, Code::RonSyntax);
    assert_eq!(under(&f, d), "Nöde");
    assert!(f.render().contains("mem/s.ron:2:5"), "{}", f.render());
}

#[test]
fn an_invalid_escape_before_a_non_ascii_character_is_reported() {
    let f = load_err(MANIFEST, &scene(&ending_node("\\é and more é")));
    the_error(&f, Code::RonSyntax);
    assert!(f.render().contains("mem/s.ron:2:26"), "{}", f.render());
}

#[test]
fn an_expression_error_after_escapes_and_accents_stays_on_characters() {
    // The decoded text and the source differ by the escapes: the span is rounded to characters.
    let f = load_err(MANIFEST, &scene(&ending_node("\\\"é\\\"é {é} {x +}")));
    let d = the_error(&f, Code::ExprSyntax);
    let text = &f.files[1].text;
    assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
}

#[test]
fn the_cli_reports_non_ascii_typos_with_exit_status_1() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (manifest, scene) in [
        (format!("\u{feff}{MANIFEST}"), scene_with_typo("téxt")),
        (MANIFEST.to_owned(), scene(&ending_node("\\é"))),
        (
            MANIFEST.to_owned(),
            scene(&ending_node("hi").replacen("Node", "Nöde", 1)),
        ),
    ] {
        write_story(tmp.path(), manifest.as_bytes(), scene.as_bytes());
        let d = tmp.path().to_str().expect("utf-8 path");
        let commands: [&[&str]; 5] = [
            &["check", d],
            &["stats", d],
            &["graph", d],
            &["explore", d],
            &["play", "--text", "--story", d],
        ];
        for args in commands {
            let out = aftermath(args);
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
            assert!(text.contains("error[ron-syntax]"), "{args:?}: {text}");
        }
    }
}

// ------------------------------------------------------------ 2. {if}..{else} without {end}

#[test]
fn if_else_without_end_is_reported_on_the_if() {
    let f = load_err(MANIFEST, &scene(&ending_node("A {if x > 0}b{else}c")));
    let d = the_error(&f, Code::TextSyntax);
    assert!(
        d.message.contains("`{if}` is never closed"),
        "{}",
        d.message
    );
    assert_eq!(under(&f, d), "{if x > 0}");
    // Nested: the inner `{if}` is the one left open.
    let f = load_err(
        MANIFEST,
        &scene(&ending_node("{if x > 0}a{if x > 1}b{else}c{end}")),
    );
    let d = the_error(&f, Code::TextSyntax);
    assert!(d.message.contains("never closed"), "{}", d.message);
    assert_eq!(under(&f, d), "{if x > 0}");
    let f = load_err(
        MANIFEST,
        &scene(&ending_node("{if x > 0}a{else}b{else}c{end}")),
    );
    let d = the_error(&f, Code::TextSyntax);
    assert!(d.message.contains("must be the last part"), "{}", d.message);
}

// ------------------------------------------------------------ 3. deep nesting

struct OneVar;

impl Scope for OneVar {
    fn lookup(&self, name: &str) -> Option<(VarIdx, Type)> {
        match name {
            "x" => Some((0, Type::Int)),
            "b" => Some((1, Type::Bool)),
            _ => None,
        }
    }
    fn names(&self) -> Vec<&str> {
        vec!["x", "b"]
    }
}

/// `open` × n, then `middle`, then `close` × n.
fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
    format!("{}{middle}{}", open.repeat(n), close.repeat(n))
}

fn assert_too_deep(src: &str, ty: Type, at: &str) {
    let e = parse_expr(src, &OneVar, ty).expect_err("too deep");
    assert_eq!(
        e.to_string(),
        format!("expression nested too deeply (limit {MAX_NESTING})")
    );
    assert_eq!(&src[e.span()], at, "the caret is on what went too deep");
}

#[test]
fn deep_expressions_are_rejected_not_overflowing() {
    assert_too_deep(&nested("(", "x", ")", 10_000), Type::Int, "(");
    assert_too_deep(&nested("!", "b", "", 10_000), Type::Bool, "!");
    assert_too_deep(&nested("-", "x", "", 10_000), Type::Int, "-");
    assert_too_deep(&nested("min(", "x", ", 1)", 10_000), Type::Int, "min");
    assert_too_deep(&vec!["x"; 100_000].join(" + "), Type::Int, "+");
    assert_too_deep(&vec!["b"; 100_000].join(" && "), Type::Bool, "&&");
    assert!(parse_effects(&format!("x = {}", nested("(", "x", ")", 10_000)), &OneVar).is_err());
    // Up to the limit is fine, and evaluates.
    let ok = nested("(", "x", ")", MAX_NESTING);
    assert!(parse_expr(&ok, &OneVar, Type::Int).is_ok());
    let sum = vec!["x"; MAX_NESTING + 1].join(" + ");
    let e = parse_expr(&sum, &OneVar, Type::Int).expect("at the limit");
    let vars = [
        aftermath::story::Value::Int(2),
        aftermath::story::Value::Bool(true),
    ];
    assert_eq!(e.eval_int(&vars), 2 * (MAX_NESTING as i64 + 1));
    assert!(parse_expr(&vec!["x"; MAX_NESTING + 2].join(" + "), &OneVar, Type::Int).is_err());
}

#[test]
fn deep_if_fragments_are_rejected_not_overflowing() {
    let deep = nested("{if b}", "x", "{end}", 10_000);
    let e = Template::parse(&deep, &OneVar).expect_err("too deep");
    assert_eq!(
        e.to_string(),
        format!("`{{if}}` nested too deeply (limit {MAX_NESTING})")
    );
    assert_eq!(e.span(), MAX_NESTING * 6..(MAX_NESTING + 1) * 6);
    assert!(Template::parse(&nested("{if b}", "x", "{end}", MAX_NESTING), &OneVar).is_ok());
    // A deep expression inside a tag is caught by the expression limit.
    let e = Template::parse(&format!("a {{{}}}", nested("(", "x", ")", 10_000)), &OneVar)
        .expect_err("too deep");
    assert!(e.to_string().contains("nested too deeply"), "{e}");
}

#[test]
fn deep_nesting_in_a_story_is_a_diagnostic_at_its_place() {
    let cases = [
        (format!("{{{}}}", nested("(", "x", ")", 10_000)), "("),
        (
            format!("{{if {}}}.{{end}}", nested("!", "x > 0", "", 10_000)),
            "!",
        ),
        (
            format!("{{{}}}", nested("min(", "x", ", 1)", 10_000)),
            "min",
        ),
        (format!("{{{}}}", vec!["x"; 100_000].join(" + ")), "+"),
        (nested("{if x > 0}", "x", "{end}", 10_000), "{if x > 0}"),
    ];
    for (text, at) in cases {
        let f = load_err(MANIFEST, &scene(&ending_node(&text)));
        let d = f
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .expect("an error");
        assert!(d.message.contains("nested too deeply"), "{}", d.message);
        assert_eq!(under(&f, d), at);
    }
}

#[test]
fn a_long_sum_in_a_weight_is_reported_by_the_cli() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sum = vec!["x"; 100_000].join(" + ");
    let scene = scene(&format!(
        "Node(id: \"a\", text: \"A\", pick: [Candidate(goto: \"b\", weight: \"{sum}\")]),\n    {}",
        ending_node("B").replacen("\"a\"", "\"b\"", 1)
    ));
    write_story(tmp.path(), MANIFEST.as_bytes(), scene.as_bytes());
    let d = tmp.path().to_str().expect("utf-8 path");
    for cmd in ["check", "explore"] {
        let out = aftermath(&[cmd, d]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {text}");
        assert!(
            text.contains("nested too deeply (limit 100)"),
            "{cmd}: {text}"
        );
    }
}

#[test]
fn a_long_sum_within_the_limit_explores() {
    let sum = vec!["x"; MAX_NESTING].join(" + ");
    let scene = scene(&format!(
        "Node(id: \"a\", text: \"A {{{sum}}}\", pick: [Candidate(goto: \"b\", weight: \"{sum}\")]),\n    {}",
        ending_node("B").replacen("\"a\"", "\"b\"", 1)
    ));
    let loaded = load_ok(MANIFEST, &scene);
    let story = std::sync::Arc::new(loaded.story);
    let report = explore(
        &story,
        &Options {
            roles: Vec::new(),
            mode: Mode::Exhaustive { max_states: 1000 },
            max_turns: 50,
            threads: 2,
            progress: false,
        },
    )
    .expect("explores");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

// ------------------------------------------------------------ 4. messages

fn chain(len: usize) -> String {
    let mut nodes: Vec<String> = (1..len)
        .map(|i| format!("Node(id: \"n{i}\", text: \".\", next: \"n{}\")", i + 1))
        .collect();
    nodes.push(format!(
        "Node(id: \"n{len}\", text: \".\", ending: Ending(id: \"e\", title: \"E\", summary: \"S\"))"
    ));
    format!(
        "Scene(id: \"s\", title: \"S\", nodes: [\n    {},\n])\n",
        nodes.join(",\n    ")
    )
}

#[test]
fn a_long_next_chain_is_reported_by_check() {
    let manifest = MANIFEST.replace("s.a", "s.n1");
    let f = load_err(&manifest, &chain(1_500));
    let d = the_error(&f, Code::AutoStepLimit);
    assert_eq!(under(&f, d), "\"n1\"");
    assert!(d.message.contains("1500 nodes"), "{}", d.message);
    // A chain of exactly the limit loads and plays to its ending.
    let loaded = match load(source(&manifest, &chain(MAX_AUTO_STEPS))) {
        Ok(l) => l,
        Err(f) => panic!("{}", f.render()),
    };
    let story = std::sync::Arc::new(loaded.story);
    let s = aftermath::session::Session::start(story, "r", 1).expect("a session");
    assert!(s.view().ending.is_some());
}

#[test]
fn a_pick_fork_reports_its_long_chain_once() {
    let manifest = MANIFEST.replace("s.a", "s.fork");
    let body = chain(1_200);
    let scene = body.replacen(
        "nodes: [\n",
        "nodes: [\n    Node(id: \"fork\", text: \".\", pick: [Candidate(goto: \"n1\"), Candidate(goto: \"n2\")]),\n",
        1,
    );
    let f = load_err(&manifest, &scene);
    let d = the_error(&f, Code::AutoStepLimit);
    assert_eq!(under(&f, d), "\"fork\"");
}

#[test]
fn an_empty_manifest_gets_one_message() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for manifest in [&b""[..], b"  \n\t\n"] {
        write_story(tmp.path(), manifest, scene(&ending_node("hi")).as_bytes());
        let source = StorySource::from_dir(tmp.path()).expect("a folder");
        let Err(f) = load(source) else {
            panic!("an empty manifest cannot load")
        };
        assert_eq!(f.diagnostics.len(), 1, "{}", f.render());
        let d = &f.diagnostics[0];
        assert_eq!(d.code, Code::EmptyFile);
        assert!(d.message.contains("story.ron` is empty"), "{}", d.message);
        assert!(d.help.as_deref().is_some_and(|h| h.contains("Story(")));
        let out = aftermath(&["check", tmp.path().to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn a_fractional_weight_says_what_is_allowed() {
    let scene = scene(&format!(
        "Node(id: \"a\", text: \"A\", pick: [Candidate(goto: \"b\", weight: 1.5)]),\n    {}",
        ending_node("B").replacen("\"a\"", "\"b\"", 1)
    ));
    let f = load_err(MANIFEST, &scene);
    let d = the_error(&f, Code::RonSyntax);
    assert!(!d.message.contains("WeightDecl"), "{}", d.message);
    assert!(
        d.message.contains("a whole number") && d.message.contains("expression string"),
        "{}",
        d.message
    );
    assert_eq!(under(&f, d), "1.5");
    // Integers and expression strings still load.
    let good = scene.replace("1.5", "3");
    load_ok(MANIFEST, &good);
    load_ok(MANIFEST, &good.replace("weight: 3", "weight: \"x + 1\""));
}

#[test]
fn an_error_in_a_very_long_line_shows_a_window_and_the_true_column() {
    // A scene written on one line (as a tool might write it), with text in several scripts
    // before and after the error, which sits at the start, the middle or the end of the line.
    for (before, after) in [(0, 4000), (3000, 3000), (6000, 0)] {
        let pad = |n: usize| "é한a".repeat(n / 3);
        let scene = format!(
            "Scene(id: \"s\", title: \"S\", nodes: [Node(id: \"z\", text: \"{}\", ending: Ending(id: \"f\", title: \"F\", summary: \"S\")), Node(id: \"a\", text: \"hi\", choices: [Choice(text: \"go\", goto: \"nowhere\")]), Node(id: \"y\", text: \"{}\", ending: Ending(id: \"e\", title: \"E\", summary: \"S\"))])\n",
            pad(before),
            pad(after)
        );
        let f = load_err(MANIFEST, &scene);
        let d = the_error(&f, Code::UnknownTarget);
        assert_eq!(under(&f, d), "\"nowhere\"");
        let column = scene[..scene.find("\"nowhere").expect("there")]
            .chars()
            .count()
            + 1;
        let out = f.render();
        assert!(out.contains(&format!("mem/s.ron:1:{column}")), "{out}");
        assert!(out.contains("nowhere"), "{out}");
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        // The window, the gutter and the two `…`: no more than a wide terminal's line.
        assert!(widest <= 160, "a line of {widest} characters:\n{out}");
        // The caret sits under the name: same column in the snippet line and the caret line.
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines
            .iter()
            .position(|l| l.contains("\"nowhere"))
            .expect("snippet");
        let caret = lines[shown + 1]
            .chars()
            .position(|c| c == '^')
            .expect("caret");
        let name = lines[shown].chars().collect::<String>();
        let at = name[..name.find("\"nowhere").expect("name")]
            .chars()
            .count();
        assert_eq!(caret, at, "{out}");
        if before > 0 {
            assert!(lines[shown].contains('…'), "{out}");
        }
    }
}

#[test]
fn a_guess_between_equally_close_targets_is_the_same_every_time() {
    // `nb` is as close to `na` as to `nc`: the guess must not hang on a hash map's order.
    let scene = scene(
        "Node(id: \"a\", text: \"hi\", choices: [Choice(text: \"go\", goto: \"s.nb\")]),\n    \
         Node(id: \"na\", text: \"A\", ending: Ending(id: \"e\", title: \"E\", summary: \"S\")),\n    \
         Node(id: \"nc\", text: \"C\", ending: Ending(id: \"f\", title: \"F\", summary: \"S\"))",
    );
    let help = || {
        let f = load_err(MANIFEST, &scene);
        the_error(&f, Code::UnknownTarget).help.clone()
    };
    let first = help();
    // Of the two, the first in alphabetical order.
    assert_eq!(first.as_deref(), Some("did you mean `s.na`?"));
    for _ in 0..12 {
        assert_eq!(help(), first);
    }
}

#[test]
fn a_long_list_of_errors_ends_with_a_count_of_each_kind() {
    // `n` nodes, each with a choice to a node that is not there.
    let broken = |n: usize| {
        let nodes: Vec<String> = (0..n)
            .map(|i| {
                format!("Node(id: \"{}\", text: \"t\", choices: [Choice(text: \"go\", goto: \"gone{i}\")])", if i == 0 { "a".to_owned() } else { format!("n{i}") })
            })
            .collect();
        scene(&nodes.join(",\n    "))
    };
    let last = |f: &Failed| {
        f.render()
            .trim_end()
            .lines()
            .last()
            .unwrap_or("")
            .to_owned()
    };
    let f = load_err(MANIFEST, &broken(21));
    assert!(
        last(&f).starts_with("21 errors, ")
            && last(&f).contains(" (unknown-target 21")
            && last(&f).ends_with(')'),
        "{}",
        last(&f)
    );
    let f = load_err(MANIFEST, &broken(3));
    assert!(!last(&f).contains('('), "{}", last(&f));
}

// ------------------------------------------------------------ no panic on any input

/// Pieces likely to upset position code and the parsers: multi-byte characters, brackets,
/// escapes, quotes, tags.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("{if b}".to_owned()),
        Just("{elif b}".to_owned()),
        Just("{else}".to_owned()),
        Just("{end}".to_owned()),
        Just("!".to_owned()),
        Just("min(".to_owned()),
        Just(" + ".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just("r#\"".to_owned()),
        Just("//".to_owned()),
        Just("/*".to_owned()),
        Just(":".to_owned()),
        Just("\n".to_owned()),
        Just("é".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("x".to_owned()),
        Just("Node".to_owned()),
        "\\PC{0,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(piece(), 0..48),
        prop::sample::select(vec!["(", "!", "{if b}", "[", "é", "-"]),
        0usize..1200,
    )
        .prop_map(|(pieces, deep, n)| format!("{}{}", deep.repeat(n), pieces.concat()))
}

fn on_boundaries(s: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn parsers_and_locator_never_panic(s in text()) {
        for ty in [Type::Int, Type::Bool, Type::Text] {
            if let Err(e) = parse_expr(&s, &OneVar, ty) {
                prop_assert!(on_boundaries(&s, &e.span()), "{:?} in {:?}", e, s);
            }
        }
        let _ = parse_effects(&s, &OneVar);
        if let Err(e) = Template::parse(&s, &OneVar) {
            let span = e.span();
            prop_assert!(span.start <= span.end && span.end <= s.len(), "{:?} in {:?}", e, s);
        }
        let loc = Locator::new(&s);
        for value in ["", "x", "é", "b", "\\"] {
            for inner in [0..0, 0..1, 1..2, 0..5] {
                if let Some(r) = loc.find_inner(value, 0, inner) {
                    prop_assert!(on_boundaries(&s, &r), "{:?} in {:?}", r, s);
                }
            }
            if let Some(r) = loc.find(value, 0) {
                prop_assert!(on_boundaries(&s, &r), "{:?} in {:?}", r, s);
            }
        }
        for (line, col) in [(1, 1), (1, 3), (2, 2), (3, 9)] {
            prop_assert!(s.is_char_boundary(offset_of(&s, line, col)));
        }
    }

    #[test]
    fn loading_any_scene_text_never_panics(s in text()) {
        // Also inside a node's text, where templates and escapes meet the locator.
        let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
        for scene in [s.clone(), scene(&ending_node(&escaped))] {
            if let Err(f) = load(source(MANIFEST, &scene)) {
                let _ = f.render();
            }
        }
    }
}
