//! A structure-aware fuzzer for stories and saves: it mutates the bundled story and the fixtures
//! (lines, numbers, identifiers, strings, nesting, encodings, truncation) and runs the code of
//! every command on each mutant: load and check (text and JSON), play, save and restore, explore,
//! graph (DOT, Mermaid, SVG) and stats. Nothing may panic or hang.
//!
//! `cargo test` runs a bounded, seeded batch. Long runs (findings go to
//! `target/tmp/fuzz-findings/`, the case being run to `target/tmp/fuzz-current-SEED/`, so even an
//! abort leaves its input behind):
//!
//! ```sh
//! AFTERMATH_FUZZ_SECONDS=1800 AFTERMATH_FUZZ_SEED=1 \
//!     cargo test --release --no-default-features fuzz::long_run -- --ignored --nocapture
//! ```

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use aftermath::check::Renderer;
use aftermath::save::SaveFile;
use aftermath::session::Dice;
use aftermath::story::{SourceFile, Story, StorySource, load};
use aftermath::tools::explore::{Mode, Options, explore, render};
use aftermath::tools::graph::{self, Format};
use aftermath::tools::playthrough::{Settings, play_random};
use aftermath::tools::{stats, svg};
use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The stories mutated: (name, files).
fn corpus() -> Vec<(String, Vec<SourceFile>)> {
    let mut out = vec![("bundled".to_owned(), StorySource::bundled().files)];
    for name in [
        "minimal",
        "soft_lock",
        "pick_loop",
        "many_errors",
        "warnings_only",
    ] {
        let dir = Path::new("tests/fixtures").join(name);
        if let Ok(source) = StorySource::from_dir(&dir) {
            out.push((name.to_owned(), source.files));
        }
    }
    out
}

// ---- Mutations ------------------------------------------------------------------------------

/// A byte index of `s` moved back to a character boundary.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_pos(s: &str, rng: &mut impl Rng) -> usize {
    boundary(s, rng.random_range(0..=s.len()))
}

/// Byte ranges of every match of `is_token` runs (identifiers, digit runs).
fn tokens(
    s: &str,
    start: impl Fn(char) -> bool,
    rest: impl Fn(char) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !rest(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push((i, end));
        }
    }
    out
}

/// Byte ranges of the contents of `"..."` string literals (escapes skipped).
fn strings(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let start = i + 1;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            let end = i.min(b.len());
            if s.is_char_boundary(start) && s.is_char_boundary(end) {
                out.push((start, end));
            }
        }
        i += 1;
    }
    out
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1.5",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "1e9",
    "0x10",
    "",
];

const ODD_TEXT: &[&str] = &[
    "",
    "{",
    "}",
    "{{",
    "{if x}",
    "{if true}a{else}b",
    "{else}",
    "{end}",
    "{elif}",
    "{}",
    "\\",
    "\\é",
    "é",
    "한국어",
    "\u{feff}",
    "\u{200f}",
    "e\u{301}",
    "🙂",
    "\0",
    "\r\n",
    "((((",
    "))",
    "!",
    "&&",
    "==",
    "min(",
    "max(1,",
    "1 / 0",
    "9223372036854775807 + 1",
    "-9223372036854775808 / -1",
    "x + y",
    "a.b.c",
    "scene.node",
    "true",
];

/// Deeply nested or very long text for a string literal.
fn deep(rng: &mut impl Rng) -> String {
    let n = *[10, 100, 1000, 5000]
        .get(rng.random_range(0..4))
        .unwrap_or(&10);
    match rng.random_range(0..6) {
        0 => format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        1 => format!("{}true", "!".repeat(n)),
        2 => format!("{}1{}", "min(1, ".repeat(n), ")".repeat(n)),
        3 => format!("{}x{}", "{if true}".repeat(n), "{end}".repeat(n)),
        4 => vec!["1"; n * 10].join(" + "),
        _ => "x".repeat(n * 100),
    }
}

/// Applies one random mutation to `text`.
fn mutate_once(text: &str, rng: &mut impl Rng) -> String {
    let mut s = text.to_owned();
    match rng.random_range(0..12) {
        // Lines: delete, duplicate, swap.
        0..=2 => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return s;
            }
            let i = rng.random_range(0..lines.len());
            let j = rng.random_range(0..lines.len());
            match rng.random_range(0..3) {
                0 => {
                    lines.remove(i);
                }
                1 => lines.insert(i, lines[j]),
                _ => lines.swap(i, j),
            }
            s = lines.concat();
        }
        // A number replaced by an edge value.
        3 => {
            let nums = tokens(text, |c| c.is_ascii_digit(), |c| c.is_ascii_digit());
            if let Some(&(a, b)) = nums.get(rng.random_range(0..nums.len().max(1))) {
                let n = NUMBERS[rng.random_range(0..NUMBERS.len())];
                s.replace_range(a..b, n);
            }
        }
        // An identifier: replaced by another one of the file, misspelt, or accented.
        4 | 5 => {
            let ids = tokens(
                text,
                |c| c.is_ascii_alphabetic() || c == '_',
                |c| c.is_ascii_alphanumeric() || c == '_',
            );
            if ids.is_empty() {
                return s;
            }
            let (a, b) = ids[rng.random_range(0..ids.len())];
            let other = ids[rng.random_range(0..ids.len())];
            let new = match rng.random_range(0..4) {
                0 => text[other.0..other.1].to_owned(),
                1 => format!("{}é", &text[a..b]),
                2 => text[a..b].to_uppercase(),
                _ => text[a..b].chars().skip(1).collect(),
            };
            s.replace_range(a..b, &new);
        }
        // A string's content replaced or extended with odd text.
        6 | 7 => {
            let lits = strings(text);
            if lits.is_empty() {
                return s;
            }
            let (a, b) = lits[rng.random_range(0..lits.len())];
            let odd = ODD_TEXT[rng.random_range(0..ODD_TEXT.len())];
            if rng.random_bool(0.5) {
                s.replace_range(a..b, odd);
            } else {
                let at = boundary(&s, rng.random_range(a..=b));
                s.insert_str(at, odd);
            }
        }
        // Deep nesting or a very long expression inside a string.
        8 => {
            let lits = strings(text);
            if let Some(&(a, b)) = lits.get(rng.random_range(0..lits.len().max(1))) {
                s.replace_range(a..b, &deep(rng));
            }
        }
        // Encodings: a byte-order mark, odd characters anywhere, Windows line ends.
        9 => match rng.random_range(0..3) {
            0 => s.insert(0, '\u{feff}'),
            1 => s = s.replace('\n', "\r\n"),
            _ => {
                let at = random_pos(&s, rng);
                let odd = ["é", "\u{feff}", "\0", "한", "\u{301}", "\t"][rng.random_range(0..6)];
                s.insert_str(at, odd);
            }
        },
        // Brackets: one removed or one added.
        10 => {
            let at = random_pos(&s, rng);
            if rng.random_bool(0.5) {
                if let Some(c) = s[at..].chars().next() {
                    s.replace_range(at..at + c.len_utf8(), "");
                }
            } else {
                let c = ["(", ")", "[", "]", "{", "}", ",", ":", "\""][rng.random_range(0..9)];
                s.insert_str(at, c);
            }
        }
        // Truncation.
        _ => {
            let at = random_pos(&s, rng);
            s.truncate(at);
        }
    }
    s
}

/// One to three mutations of one or two files of `files`.
pub(crate) fn mutant(files: &[SourceFile], rng: &mut impl Rng) -> Vec<SourceFile> {
    let mut out = files.to_vec();
    for _ in 0..rng.random_range(1..=3) {
        if out.is_empty() {
            break;
        }
        let i = rng.random_range(0..out.len());
        out[i].text = mutate_once(&out[i].text, rng);
    }
    out
}

// ---- Running a mutant through every command's code ------------------------------------------

/// Everything the commands do with a story, on `files` (manifest first). Returns whether the
/// story loaded.
fn exercise(files: Vec<SourceFile>, seed: u64) -> bool {
    let mut source = StorySource::bundled();
    source.root = "fuzz".to_owned();
    source.files = files;
    source.bad_files.clear();
    source.has_manifest = true;
    exercise_source(source, seed)
}

fn exercise_source(source: StorySource, seed: u64) -> bool {
    let story = match load(source) {
        Ok(loaded) => {
            let renderer = Renderer::new(&loaded.story.files);
            let _ = renderer.render_all(&loaded.warnings);
            let _ = renderer.render_json(&loaded.warnings);
            Arc::new(loaded.story)
        }
        Err(failed) => {
            let _ = failed.render();
            let renderer = Renderer::new(&failed.files);
            let _ = renderer.render_json(&failed.diagnostics);
            return false;
        }
    };
    play_and_save(&story, seed);
    let options = Options {
        roles: Vec::new(),
        mode: Mode::Random { runs: 8, seed },
        max_turns: 300,
        threads: 1,
        progress: false,
    };
    if let Ok(report) = explore(&story, &options) {
        let _ = render(&report, "fuzz dir", false);
    }
    let _ = graph::render(&story, Format::Dot);
    let _ = graph::render(&story, Format::Mermaid);
    if story.nodes.len() <= 400 {
        let _ = svg::render(&story, None);
    }
    if let Ok(mut st) = stats::compute(&story, 4, seed) {
        st.repeats = Some(aftermath::tools::repeats::repeats(&story, 1));
        let _ = stats::render_table(&st);
    }
    if story.nodes.len() <= 400 {
        let small = Options {
            mode: Mode::Exhaustive { max_states: 200 },
            ..options
        };
        if let Ok(report) = explore(&story, &small) {
            let _ = render(&report, "fuzz dir", true);
        }
    }
    true
}

/// Plays each role at random, views every step, undoes, saves, damages the save and restores.
fn play_and_save(story: &Arc<Story>, seed: u64) {
    let settings = Settings {
        max_turns: 300,
        record: true,
    };
    for role in 0..story.roles.len() {
        let Ok(played) = play_random(story, role, seed, settings, &mut Dice) else {
            continue;
        };
        let mut session = played.session;
        let _ = session.view();
        let save = SaveFile::of(&session, Duration::from_secs(1));
        if let Ok(text) = save.to_ron() {
            let _ =
                SaveFile::parse(&text, Some(&story.meta.id)).map(|s| s.restore(Arc::clone(story)));
            let mut rng = Pcg64Mcg::seed_from_u64(seed ^ role as u64);
            let damaged = mutate_once(&text, &mut rng);
            if let Ok(s) = SaveFile::parse(&damaged, Some(&story.meta.id))
                && let Ok((mut restored, _)) = s.restore(Arc::clone(story))
            {
                let _ = restored.view();
                while restored.undo().is_ok() {
                    let _ = restored.view();
                }
            }
        }
        while session.undo().is_ok() {
            let _ = session.view();
        }
    }
}

// ---- The driver -----------------------------------------------------------------------------

/// What a fuzz run did.
#[derive(Debug, Default)]
struct Tally {
    cases: u64,
    loaded: u64,
    /// Panicking cases, by where they panicked: (place, count, the first case's folder).
    findings: Vec<(String, u64, PathBuf)>,
}

impl Tally {
    fn panicked(&self) -> u64 {
        self.findings.iter().map(|f| f.1).sum()
    }
}

/// Where the last panic on the fuzzing thread happened (the hook below writes it).
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// Records panics of the thread `fuzzer` (quietly: thousands may come) and passes every other
/// thread's panic to the hook that was there before.
fn install_panic_recorder(fuzzer: ThreadId) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == fuzzer {
            let place = info.location().map_or_else(
                || "unknown place".to_owned(),
                |l| format!("{}:{}", l.file(), l.line()),
            );
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = place;
            }
        } else {
            previous(info);
        }
    }));
}

/// Writes `files` as a story folder at `dir`: each file where it is under the story's root
/// (the manifest's folder), so `aftermath check DIR` reads the case as it was run.
fn write_case(dir: &Path, files: &[SourceFile]) {
    let _ = fs::remove_dir_all(dir);
    let root = files
        .first()
        .and_then(|f| Path::new(&f.path).parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for f in files {
        let path = dir.join(
            Path::new(&f.path)
                .strip_prefix(&root)
                .unwrap_or(Path::new(&f.path)),
        );
        if let Some(parent) = path.parent() {
            let _ = fs::create_dir_all(parent);
        }
        let _ = fs::write(path, &f.text);
    }
}

/// Inserts bytes that are not UTF-8 text into one file of the case written at `dir`.
fn damage_bytes(dir: &Path, files: &[SourceFile], rng: &mut impl Rng) {
    if files.is_empty() {
        return;
    }
    let root = Path::new(&files[0].path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let file = Path::new(&files[rng.random_range(0..files.len())].path);
    let path = dir.join(file.strip_prefix(&root).unwrap_or(file));
    if let Ok(mut bytes) = fs::read(&path) {
        let at = rng.random_range(0..=bytes.len());
        let odd: &[u8] = [&[0xff][..], &[0xc3], &[0], &[0xef, 0xbb]][rng.random_range(0..4)];
        bytes.splice(at..at, odd.iter().copied());
        let _ = fs::write(&path, bytes);
    }
}

/// Runs mutants until `cases` are done or `budget` has passed. A panicking case is written to
/// `findings/`; the case in progress is always in `current/`, and a watchdog stops the process
/// with a message if one case runs longer than `case_limit` (a hang).
/// Cases numbered below `from` are generated (so the sequence is the same) but not run: a
/// case a long run reported can be run again alone.
fn run(
    seed: u64,
    cases: u64,
    from: u64,
    budget: Duration,
    case_limit: Duration,
    out: &Path,
) -> Tally {
    let corpus = corpus();
    install_panic_recorder(std::thread::current().id());
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut tally = Tally::default();
    let current = out.join(format!("fuzz-current-{seed}"));
    let findings = out.join("fuzz-findings");
    let started = Instant::now();
    // The watchdog: the number of the case running and when it started.
    static RUNNING: AtomicU64 = AtomicU64::new(u64::MAX);
    static SINCE_MS: AtomicU64 = AtomicU64::new(0);
    let limit_ms = case_limit.as_millis() as u64;
    let clock = started;
    let watched = current.clone();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let case = RUNNING.load(Ordering::Relaxed);
                let since = SINCE_MS.load(Ordering::Relaxed);
                let now = clock.elapsed().as_millis() as u64;
                if case != u64::MAX && now.saturating_sub(since) > limit_ms {
                    eprintln!(
                        "fuzz: case {case} ran over {limit_ms} ms (a hang); its input is in {}",
                        watched.display()
                    );
                    std::process::exit(3);
                }
            }
        })
    };
    while tally.cases < cases && started.elapsed() < budget {
        let (name, files) = &corpus[rng.random_range(0..corpus.len())];
        let files = mutant(files, &mut rng);
        let case_seed = rng.random::<u64>() % 1000;
        let from_disk = rng.random_bool(0.1);
        let damage = from_disk && rng.random_bool(0.5);
        if tally.cases < from {
            if damage {
                // Keeps the generator's sequence: damaging draws from it.
                write_case(&current, &files);
                damage_bytes(&current, &files, &mut rng);
            }
            tally.cases += 1;
            continue;
        }
        write_case(&current, &files);
        SINCE_MS.store(clock.elapsed().as_millis() as u64, Ordering::Relaxed);
        RUNNING.store(tally.cases, Ordering::Relaxed);
        // One case in ten goes through the folder reader, with one file's bytes damaged
        // (invalid UTF-8, a NUL) half of the time.
        if damage {
            damage_bytes(&current, &files, &mut rng);
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            if from_disk {
                StorySource::from_dir(&current).is_ok_and(|s| exercise_source(s, case_seed))
            } else {
                exercise(files.clone(), case_seed)
            }
        }));
        RUNNING.store(u64::MAX, Ordering::Relaxed);
        match result {
            Ok(loaded) => tally.loaded += u64::from(loaded),
            Err(_) => {
                let place = LAST_PANIC.lock().map(|p| p.clone()).unwrap_or_default();
                match tally.findings.iter_mut().find(|f| f.0 == place) {
                    Some(f) => f.1 += 1,
                    None => {
                        let dir = findings.join(format!("{name}-{seed}-{}", tally.cases));
                        write_case(&dir, &files);
                        eprintln!(
                            "fuzz: case {} of {name} panicked at {place}; input in {}",
                            tally.cases,
                            dir.display()
                        );
                        tally.findings.push((place, 1, dir));
                    }
                }
            }
        }
        tally.cases += 1;
    }
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    // Back to the default hook (it prints panics of every thread).
    drop(std::panic::take_hook());
    let _ = fs::remove_dir_all(&current);
    tally
}

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// The bounded batch `cargo test` runs: the same 300 mutants every time.
#[test]
fn mutated_stories_never_panic_or_hang() {
    let tally = run(
        2026,
        300,
        0,
        Duration::from_secs(600),
        Duration::from_secs(60),
        &out_dir(),
    );
    eprintln!(
        "fuzz: {} mutants, {} loaded, {} panicked",
        tally.cases,
        tally.loaded,
        tally.findings.len()
    );
    assert_eq!(tally.cases, 300);
    assert!(
        tally.findings.is_empty(),
        "panicking inputs: {:?}",
        tally.findings
    );
    // The mutations are not all fatal: some mutants still load and are played.
    assert!(tally.loaded > 0 && tally.loaded < tally.cases, "{tally:?}");
}

/// Long runs: `AFTERMATH_FUZZ_SECONDS` (default 60) of mutants from `AFTERMATH_FUZZ_SEED`
/// (default 1), skipping the first `AFTERMATH_FUZZ_FROM` (default 0) to go straight to a case.
#[test]
#[ignore = "a long fuzz run; see the module documentation for the command"]
fn long_run() {
    let secs = std::env::var("AFTERMATH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed = std::env::var("AFTERMATH_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let from = std::env::var("AFTERMATH_FUZZ_FROM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let started = Instant::now();
    let tally = run(
        seed,
        u64::MAX,
        from,
        Duration::from_secs(secs),
        Duration::from_secs(120),
        &out_dir(),
    );
    eprintln!(
        "fuzz: seed {seed}: {} mutants in {:.0} s ({} loaded), {} panicked",
        tally.cases,
        started.elapsed().as_secs_f64(),
        tally.loaded,
        tally.panicked(),
    );
    for (place, count, dir) in &tally.findings {
        eprintln!(
            "fuzz:   {count} at {place}, first input in {}",
            dir.display()
        );
    }
    assert!(tally.findings.is_empty());
}

#[test]
fn the_mutator_keeps_text_valid_utf8_and_changes_it() {
    let text = r#"Node(id: "a", text: "Hi {n}.", weight: 12), // é"#;
    let mut rng = Pcg64Mcg::seed_from_u64(7);
    let mut changed = 0;
    for _ in 0..500 {
        let m = mutate_once(text, &mut rng);
        changed += usize::from(m != text);
    }
    // Some mutations can leave the text as it was (a swap of a line with itself).
    assert!(changed > 400, "{changed} of 500 changed");
}
