//! Peer benchmark: Aftermath against Ink (the bladeink runtime and bladeink-compiler) on the
//! same generated story.
//!
//! Run with `cargo bench --no-default-features --bench peer` (see BENCHMARKS.md).
//! `PEER_SIZES=1000,20000` picks the story sizes in knots (default 1000,10000,20000),
//! `PEER_RUNS` the timed runs per figure (default 5, median reported), `PEER_OUT` the folder
//! for the stories, the CSV and the chart's data (default `target/peer`), `PEER_SVG` the chart
//! (default `docs/images/peer.svg`).
//!
//! For each size N, [`aftermath::tools::peer::PeerStory`] plans one story and writes it twice,
//! as RON (a manifest and scene files) and as one `.ink` file, into `PEER_OUT/story-N/`. Then:
//! - load: Aftermath reads the folder, loads it (`story::load`: parse, compile, check,
//!   lint: what `aftermath check` does) and starts a session (which packs the story for play);
//!   Ink reads the file, compiles it with
//!   `bladeink_compiler` and loads the JSON with `bladeink::story::Story`;
//! - play: both play `CHOICES` choices, reading every line and every offered choice
//!   (Aftermath `Session::passage_into`, Ink `cont` and `get_current_choices`), taking the
//!   choice the same seeded [`Chooser`] picks, starting again after each ending; once, untimed,
//!   the two [`Reading`]s must be equal (same hash of every line and choice), or the bench
//!   stops; the timed runs play the same way into a [`Tally`] that only counts the text, so
//!   the figures are the engines' and not the checking hash's;
//! - Aftermath also plays without text (`record: false`, no undo), as explore does;
//! - peak memory: the bench runs itself again as a child (`PEER_CHILD=aftermath:DIR` or
//!   `ink:DIR`) that loads and plays one side and reports `VmHWM` from /proc/self/status
//!   after the load and after the play; `PEER_CHILD=aftermath-play:DIR` (with `PEER_REPS`)
//!   loads once, only plays, and prints the play's choices/s, for a profiler; with
//!   `PEER_MODE=bare`, `undo`, `read`, `record`, `record-undo` or `record-undo-read` it plays
//!   with only those parts of a step switched on; `PEER_CHILD=render:DIR` prints what rendering
//!   node texts costs, in cache and out of it ([`render_costs`]);
//! - the text floor: the same texts copied in the same order from one contiguous buffer, the
//!   least any engine must do per choice (see [`text_floor`]).

#[path = "peer/ink.rs"]
mod ink;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use aftermath::session::{Dice, Session};
use aftermath::story::source_files::StorySource;
use aftermath::story::{Story, load};
use aftermath::tools::peer::{Chooser, PeerStory, Reader, Reading, Tally};

const SEED: u64 = 2024;
const CHOICES: u64 = 20_000;

/// Writes the story of `n` knots as RON and Ink under `out/story-n/`; returns that folder.
fn write_story(out: &Path, n: usize) -> PathBuf {
    let dir = out.join(format!("story-{n}"));
    let plan = PeerStory::new(n, SEED);
    let ron = plan.ron();
    let _ = std::fs::remove_dir_all(&dir);
    for f in &ron.files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("story folder");
        }
        std::fs::write(&path, &f.text).expect("RON written");
    }
    std::fs::write(dir.join("peer.ink"), plan.ink()).expect("Ink written");
    dir
}

/// Reads the RON files, loads them and starts a session: until the first passage is ready to
/// read, which includes packing the story for play (its playbook, built by the first session).
/// The bench reads the files itself: at 100,000 knots the folder (about 106 MB) is over the
/// 64 MiB a story folder may hold in `StorySource::from_dir`.
fn aftermath_load(dir: &Path) -> Arc<Story> {
    let folder = dir.join("peer");
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the RON folder reads") {
        let path = entry.expect("a folder entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        entries.push((name, std::fs::read(&path).expect("a RON file reads")));
    }
    let source = StorySource::from_entries("peer", entries, Vec::new());
    let story = match load(source) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("the RON story failed to load:\n{}", f.render()),
    };
    let role = story.roles[0].id.clone();
    black_box(Session::start(Arc::clone(&story), &role, SEED).expect("a session starts"));
    story
}

fn ink_load(dir: &Path) -> bladeink::story::Story {
    let src = std::fs::read_to_string(dir.join("peer.ink")).expect("the Ink file reads");
    ink::load(&src).unwrap_or_else(|e| panic!("{e}"))
}

fn aftermath_play<R: Reader>(story: &Arc<Story>) -> R {
    PeerStory::play_aftermath(story, CHOICES, SEED)
}

fn ink_play<R: Reader>(story: &mut bladeink::story::Story) -> R {
    ink::play(story, CHOICES, SEED).unwrap_or_else(|e| panic!("Ink play failed: {e}"))
}

/// Aftermath without text: no transcript, no undo, choices by index.
fn aftermath_play_bare(story: &Arc<Story>) -> u64 {
    play_mode(story, false, false, false)
}

/// Every passage a playthrough read, as one string each (its lines and offered choices run
/// together), in order: what [`text_floor`] copies.
#[derive(Default)]
struct Passages {
    current: String,
    read: Vec<String>,
    choices: u64,
}

impl Reader for Passages {
    fn line(&mut self, text: &str) {
        self.current.push_str(text);
    }

    fn offered(&mut self, text: &str) {
        self.current.push_str(text);
    }

    fn took(&mut self, _k: usize) {
        self.read.push(std::mem::take(&mut self.current));
        self.choices += 1;
    }

    fn restarted(&mut self) {
        self.read.push(std::mem::take(&mut self.current));
    }

    fn choices(&self) -> u64 {
        self.choices
    }
}

/// The text floor: what any engine must at least do per choice on this story, copy out the
/// text it shows, with that text laid out at its best. Plays once with Aftermath (untimed,
/// the same play as the timed runs), keeps each distinct passage text once, contiguous, in
/// the order first read; then times copying the passages, in the order read, into one reused
/// buffer. Returns choices per second.
fn text_floor(story: &Arc<Story>) -> f64 {
    let played: Passages = aftermath_play(story);
    let mut arena = String::new();
    let mut placed: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    let mut order = Vec::with_capacity(played.read.len());
    for text in &played.read {
        let at = *placed.entry(text).or_insert_with(|| {
            arena.push_str(text);
            (arena.len() - text.len(), arena.len())
        });
        order.push(at);
    }
    let mut out = String::with_capacity(4096);
    let mut bytes = 0;
    let t = Instant::now();
    for &(a, b) in &order {
        out.clear();
        out.push_str(&arena[a..b]);
        bytes += black_box(&out).len();
    }
    let secs = t.elapsed().as_secs_f64();
    black_box(bytes);
    played.choices as f64 / secs
}

/// Aftermath with the parts of a step switched on one by one, to see what each costs: `record`
/// keeps the transcript (every line rendered as it is shown), `undo` the undo journal, `read`
/// fills a [`Passage`](aftermath::session::Passage) each step (with `record` off, it renders
/// only the current node's text and the choices, not the lines of the `next` steps that led
/// there: a diagnostic, not a figure to set beside Ink's). Returns the choices taken.
fn play_mode(story: &Arc<Story>, record: bool, undo: bool, read: bool) -> u64 {
    use aftermath::session::Passage;
    let role = story.roles[0].id.clone();
    let start = || {
        let mut s = Session::start_with(Arc::clone(story), &role, SEED, record).expect("starts");
        s.keep_undo(undo);
        s
    };
    let mut chooser = Chooser::new(SEED);
    let mut s = start();
    let mut passage = Passage::default();
    let mut taken = 0;
    let mut bytes = 0;
    while taken < CHOICES {
        if read {
            s.passage_into(&mut passage);
            bytes += passage.lines().map(str::len).sum::<usize>();
        }
        if s.is_ended() {
            s = start();
            continue;
        }
        let k = if read {
            bytes += passage.choices().map(str::len).sum::<usize>();
            chooser.pick(passage.choices().len())
        } else {
            chooser.pick(s.visible_choices().count())
        };
        black_box(s.choose_fated(k, &mut Dice)).expect("a visible choice");
        taken += 1;
    }
    black_box(bytes);
    taken
}

/// Nanoseconds to render node texts (for `PEER_CHILD=render:DIR`): one node's text again and
/// again (all in cache), every node's text in a shuffled order (as play jumps about), the same
/// as shared strings (as the transcript keeps them), and a plain copy of as many bytes.
fn render_costs(story: &Arc<Story>) {
    let s = Session::start(Arc::clone(story), &story.roles[0].id, SEED).expect("starts");
    let vars = s.state().vars.clone();
    let mut out = String::with_capacity(4096);
    let per = |reps: usize, t: Instant| t.elapsed().as_nanos() as f64 / reps as f64;
    const REPS: usize = 2_000_000;
    let first = &story.nodes[0].text;
    let t = Instant::now();
    for _ in 0..REPS {
        out.clear();
        first.render_to(&vars, &mut out);
        black_box(&out);
    }
    let hot = per(REPS, t);
    let mut order: Vec<usize> = (0..story.nodes.len()).collect();
    let mut chooser = Chooser::new(SEED);
    for i in (1..order.len()).rev() {
        order.swap(i, chooser.pick(i + 1));
    }
    let rounds = (REPS / order.len()).max(1);
    let t = Instant::now();
    for _ in 0..rounds {
        for &i in &order {
            out.clear();
            story.nodes[i].text.render_to(&vars, &mut out);
            black_box(&out);
        }
    }
    let shuffled = per(rounds * order.len(), t);
    let t = Instant::now();
    for _ in 0..rounds {
        for &i in &order {
            black_box(story.nodes[i].text.render_shared(&vars, &mut out));
        }
    }
    let shared = per(rounds * order.len(), t);
    let text = first.render(&vars);
    let t = Instant::now();
    for _ in 0..REPS {
        out.clear();
        out.push_str(black_box(&text));
        black_box(&out);
    }
    let copy = per(REPS, t);
    println!(
        "render ns: one text again and again {hot:.1}; every node shuffled {shuffled:.1}; \
         shuffled, as shared strings {shared:.1}; a plain copy of the first text's {} bytes {copy:.1}",
        text.len()
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn vm_hwm_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The child: loads and plays one side, prints its peak resident memory in KiB after the
/// load and after the play (`LOAD TOTAL`).
fn child(spec: &str) {
    let (side, dir) = spec.split_once(':').expect("side:folder");
    let dir = Path::new(dir);
    if side == "aftermath" {
        let story = aftermath_load(dir);
        let load = vm_hwm_kib();
        black_box(aftermath_play::<Tally>(&story));
        println!("{load} {}", vm_hwm_kib());
    } else if side == "render" {
        render_costs(&aftermath_load(dir));
    } else if side == "aftermath-play" {
        // For a profiler: one load, then play only (`PEER_REPS` times, default 50).
        let story = aftermath_load(dir);
        let reps: u64 = std::env::var("PEER_REPS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(50);
        let mode = std::env::var("PEER_MODE").unwrap_or_default();
        let t = Instant::now();
        for _ in 0..reps {
            match mode.as_str() {
                "" => {
                    black_box(aftermath_play::<Tally>(&story));
                }
                m => {
                    black_box(play_mode(
                        &story,
                        m.contains("record"),
                        m.contains("undo"),
                        m.contains("read"),
                    ));
                }
            }
        }
        println!("{:.0}", (reps * CHOICES) as f64 / t.elapsed().as_secs_f64());
    } else {
        let mut story = ink_load(dir);
        let load = vm_hwm_kib();
        black_box(ink_play::<Tally>(&mut story));
        println!("{load} {}", vm_hwm_kib());
    }
}

/// Peak resident memory of a child that loads and plays one side: (after load, after play)
/// in MiB.
fn peak_mib(side: &str, dir: &Path) -> (f64, f64) {
    let exe = std::env::current_exe().expect("own path");
    let out = std::process::Command::new(exe)
        .env("PEER_CHILD", format!("{side}:{}", dir.display()))
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "{side} child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    match kib[..] {
        [load, total] => (load / 1024.0, total / 1024.0),
        _ => panic!("{side} child printed no peaks: {text}"),
    }
}

/// One size's medians: (Aftermath, Ink) load ms, choices/s with text, peak MiB.
struct Row {
    n: usize,
    figures: [(f64, f64); 3],
}

fn main() {
    if let Ok(spec) = std::env::var("PEER_CHILD") {
        child(&spec);
        return;
    }
    let sizes: Vec<usize> = std::env::var("PEER_SIZES")
        .unwrap_or_else(|_| "1000,10000,20000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("PEER_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .max(1);
    let out = PathBuf::from(std::env::var("PEER_OUT").unwrap_or_else(|_| "target/peer".into()));
    std::fs::create_dir_all(&out).expect("output folder");
    let mut csv = String::from(
        "knots,aftermath_load_ms,ink_compile_load_ms,aftermath_choices_per_s,ink_choices_per_s,aftermath_bare_choices_per_s,aftermath_peak_mib,ink_peak_mib\n",
    );
    println!(
        "| knots | text read | Aftermath load+check+start ms | Ink compile+load ms | ratio | Aftermath choices/s | Ink choices/s | × | Aftermath without text | Aftermath peak MiB | Ink peak MiB | ratio |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut rows: Vec<Row> = Vec::new();
    let mut loads: Vec<String> = Vec::new();
    let mut floors: Vec<String> = Vec::new();
    for &n in &sizes {
        let dir = write_story(&out, n);
        let (mut al, mut il, mut ap, mut ip, mut bare, mut floor) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        // The check, untimed: both engines must give the same text, hashed byte by byte.
        let same = {
            let story = aftermath_load(&dir);
            let a: Reading = aftermath_play(&story);
            drop(story);
            let i: Reading = ink_play(&mut ink_load(&dir));
            assert_eq!(a, i, "at {n} knots: Aftermath and Ink read different text");
            format!(
                "same ({} lines, {} choices, {} playthroughs, {:.1} MB, hash {:016x})",
                a.lines,
                a.choices,
                a.playthroughs,
                a.bytes as f64 / 1e6,
                a.hash
            )
        };
        // The timed runs: the same play, the text only counted.
        for run in 0..runs {
            let t = Instant::now();
            let story = aftermath_load(&dir);
            al.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let a: Tally = black_box(aftermath_play(&story));
            ap.push(CHOICES as f64 / t.elapsed().as_secs_f64());
            let t = Instant::now();
            black_box(aftermath_play_bare(&story));
            bare.push(CHOICES as f64 / t.elapsed().as_secs_f64());
            floor.push(text_floor(&story));
            drop(story);

            let t = Instant::now();
            let mut story = ink_load(&dir);
            il.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let i: Tally = black_box(ink_play(&mut story));
            ip.push(CHOICES as f64 / t.elapsed().as_secs_f64());
            assert_eq!(
                a.choices, i.choices,
                "run {run} at {n} knots: the engines took different numbers of choices"
            );
        }
        let (al, il, ap, ip, bare) = (median(al), median(il), median(ap), median(ip), median(bare));
        let floor = median(floor);
        floors.push(format!(
            "| {n} | {floor:.0} | {ip:.0} | {:.1} |",
            floor / ip
        ));
        let ((aml, am), (iml, im)) = (peak_mib("aftermath", &dir), peak_mib("ink", &dir));
        loads.push(format!(
            "| {n} | {aml:.1} | {iml:.1} | {:.3} | {am:.1} | {im:.1} | {:.3} |",
            aml / iml,
            am / im
        ));
        println!(
            "| {n} | {same} | {al:.1} | {il:.1} | {:.3} | {ap:.0} | {ip:.0} | {:.1} | {bare:.0} | {am:.1} | {im:.1} | {:.3} |",
            al / il,
            ap / ip,
            am / im
        );
        rows.push(Row {
            n,
            figures: [(al, il), (ap, ip), (am, im)],
        });
        writeln!(
            csv,
            "{n},{al:.3},{il:.3},{ap:.0},{ip:.0},{bare:.0},{am:.1},{im:.1}"
        )
        .unwrap();
    }
    println!();
    println!(
        "| knots | Aftermath peak after load MiB | Ink | ratio | Aftermath peak after play MiB | Ink | ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for l in &loads {
        println!("{l}");
    }
    println!();
    println!("| knots | text floor choices/s (copying the text only) | Ink choices/s | × |");
    println!("|---:|---:|---:|---:|");
    for f in &floors {
        println!("{f}");
    }
    let csv_path = out.join("peer.csv");
    std::fs::write(&csv_path, csv).expect("CSV written");
    println!("CSV: {}", csv_path.display());
    let svg = std::env::var("PEER_SVG").unwrap_or_else(|_| "docs/images/peer.svg".into());
    chart(&svg, &rows).expect("chart drawn");
    println!("chart: {svg}");
}

/// Draws load time, throughput and peak memory against story size for both engines, each on
/// a logarithmic axis (the engines differ by orders of magnitude).
fn chart(path: &str, rows: &[Row]) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let root = SVGBackend::new(path, (1200, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let titles = [
        "Load ms (Aftermath load+check+start, Ink compile+load)",
        "Choices per second, text read",
        "Peak memory MiB (load + play)",
    ];
    let xmax = rows.iter().map(|r| r.n).max().unwrap_or(1) as f64 * 1.2;
    let xmin = rows.iter().map(|r| r.n).min().unwrap_or(1) as f64 / 1.2;
    for (i, area) in root.split_evenly((1, 3)).iter().enumerate() {
        let values = rows.iter().flat_map(|r| [r.figures[i].0, r.figures[i].1]);
        let ymax = values.clone().fold(1.0, f64::max) * 2.0;
        let ymin = values.fold(f64::MAX, f64::min).max(0.01) / 2.0;
        let mut c = ChartBuilder::on(area)
            .caption(titles[i], ("sans-serif", 15))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(60)
            .build_cartesian_2d((xmin..xmax).log_scale(), (ymin..ymax).log_scale())?;
        c.configure_mesh()
            .x_desc("knots")
            .light_line_style(TRANSPARENT)
            .x_labels(4)
            .y_labels(6)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        for (side, colour) in [(0, BLUE), (1, RED)] {
            let pts: Vec<(f64, f64)> = rows
                .iter()
                .map(|r| {
                    let (a, b) = r.figures[i];
                    (r.n as f64, if side == 0 { a } else { b })
                })
                .collect();
            c.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))?
                .label(if side == 0 {
                    "Aftermath"
                } else {
                    "Ink (bladeink 2.1)"
                })
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour));
            c.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
        }
        // Throughput falls with size for both: the legend goes between the two lines.
        let corner = if i == 1 {
            SeriesLabelPosition::MiddleRight
        } else {
            SeriesLabelPosition::LowerRight
        };
        c.configure_series_labels()
            .position(corner)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
    }
    root.present()?;
    Ok(())
}
