//! Peer benchmark: Aftermath against Ink (the bladeink runtime and bladeink-compiler).
//!
//! Run with `cargo bench --no-default-features --bench peer` (see BENCHMARKS.md).
//! `PEER_SIZES=1000,20000` picks the story sizes (default 1000,10000,20000), `PEER_RUNS`
//! the timed runs per figure (default 5, median reported), `PEER_OUT` the CSV path
//! (default `target/peer/peer.csv`).
//!
//! For each size N:
//! - Aftermath: `synthetic_story(N)` (the RON story of `aftermath::tools::synth`) is loaded
//!   (`story::load`: parse, compile, check, lint) — what `aftermath check` does;
//! - Ink: an Ink story of the same shape (N knots, 3 choices each, 8 `VAR`s, conditions,
//!   effects, `{var}` interpolation; written by [`ink_story`] below) is compiled with
//!   `bladeink_compiler::Compiler` and loaded with `bladeink::story::Story`.
//! - Both are then played for `CHOICES` choices, choosing the k-th visible choice with k from
//!   the same seeded generator, all text resolved (Aftermath `Session::view`, Ink `cont`).
//! - Peak memory: the bench re-runs itself as a child (`PEER_CHILD=aftermath:N` or `ink:N`)
//!   that loads and plays one side and reports `VmHWM` from /proc/self/status.
//!
//! Caveat: the Ink story is not yet a translation of the RON one (same size and shape, not the
//! same text), so the two texts are not compared; see BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use aftermath::session::Session;
use aftermath::story::{Story, load};
use aftermath::tools::synth::synthetic_story;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

const SEED: u64 = 2024;
const CHOICES: u64 = 5000;
const VARS: usize = 8;

/// An Ink story of `n` knots shaped like the synthetic RON story: every knot has a
/// choice to the next knot with no condition, one two ahead behind a condition, and one to a
/// random knot with an effect; about 5% of knots end the story.
fn ink_story(n: usize, seed: u64) -> String {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut o = String::with_capacity(n * 400);
    for v in 0..VARS {
        writeln!(o, "VAR v{v} = {}", v % 3).unwrap();
    }
    o.push_str("-> n0\n");
    for i in 0..n {
        writeln!(o, "=== n{i} ===").unwrap();
        let a = rng.random_range(0..VARS);
        let b = rng.random_range(0..VARS);
        writeln!(
            o,
            "Waypoint {i}. The road here is churned to mud, and the group has trust {{v{a}}} and supplies {{v{b}}}.",
        )
        .unwrap();
        if i + 1 == n || (i > 0 && i + 2 < n && rng.random_range(0..100) < 5) {
            o.push_str("The story ends here.\n-> END\n");
            continue;
        }
        writeln!(o, "+ [Press on to waypoint {}]", i + 1).unwrap();
        writeln!(o, "  ~ v{a} = v{a} + 1").unwrap();
        writeln!(o, "  -> n{}", i + 1).unwrap();
        let t = (i + 2).min(n - 1);
        writeln!(o, "+ {{v{b} > 1}} [Skip ahead to waypoint {t}]").unwrap();
        writeln!(o, "  ~ v{b} = v{b} - 1").unwrap();
        writeln!(o, "  -> n{t}").unwrap();
        let r = rng.random_range(0..n);
        writeln!(o, "+ [Take the side road to waypoint {r}]").unwrap();
        writeln!(o, "  ~ v{a} = v{a} - 1").unwrap();
        writeln!(o, "  -> n{r}").unwrap();
    }
    o
}

fn aftermath_load(n: usize) -> Arc<Story> {
    match load(synthetic_story(n, SEED)) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("story failed to load:\n{}", f.render()),
    }
}

/// Plays `CHOICES` choices, restarting at endings; returns the bytes of text resolved.
fn aftermath_play(story: &Arc<Story>) -> usize {
    let role = story.roles[0].id.clone();
    let mut rng = Pcg64Mcg::seed_from_u64(SEED);
    let mut s = Session::start_with(Arc::clone(story), &role, SEED, true).expect("starts");
    let mut bytes = 0;
    for _ in 0..CHOICES {
        if s.is_ended() {
            s = Session::start_with(Arc::clone(story), &role, SEED, true).expect("starts");
        }
        let view = s.view();
        bytes += view.beats.iter().map(|b| b.text.len()).sum::<usize>();
        bytes += view.choices.iter().map(|c| c.text.len()).sum::<usize>();
        let enabled: Vec<usize> = (0..view.choices.len())
            .filter(|&i| view.choices[i].enabled)
            .collect();
        let k = enabled[rng.random_range(0..enabled.len())];
        black_box(s.choose(k).expect("an enabled choice"));
    }
    bytes
}

fn ink_load(src: &str) -> bladeink::story::Story {
    let json = bladeink_compiler::Compiler::new()
        .compile(src)
        .expect("ink compiles");
    bladeink::story::Story::new_with_seed(&json, 1).expect("ink loads")
}

fn ink_play(story: &mut bladeink::story::Story) -> usize {
    let mut rng = Pcg64Mcg::seed_from_u64(SEED);
    let mut bytes = 0;
    let mut chosen = 0;
    while chosen < CHOICES {
        while story.can_continue() {
            bytes += story.cont().expect("continues").len();
        }
        let choices = story.get_current_choices();
        if choices.is_empty() {
            story.reset_state().expect("resets");
            continue;
        }
        bytes += choices.iter().map(|c| c.text.len()).sum::<usize>();
        let k = rng.random_range(0..choices.len());
        story.choose_choice_index(k).expect("a visible choice");
        chosen += 1;
    }
    bytes
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

/// The child: loads and plays one side, prints its peak resident memory in KiB.
fn child(spec: &str) {
    let (side, n) = spec.split_once(':').expect("side:N");
    let n: usize = n.parse().expect("N");
    if side == "aftermath" {
        let story = aftermath_load(n);
        black_box(aftermath_play(&story));
    } else {
        let src = ink_story(n, SEED);
        let mut story = ink_load(&src);
        black_box(ink_play(&mut story));
    }
    println!("{}", vm_hwm_kib());
}

fn peak_mib(side: &str, n: usize) -> f64 {
    let exe = std::env::current_exe().expect("own path");
    let out = std::process::Command::new(exe)
        .env("PEER_CHILD", format!("{side}:{n}"))
        .output()
        .expect("child runs");
    assert!(out.status.success(), "{side} child failed");
    let kib: f64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
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
    let out = std::env::var("PEER_OUT").unwrap_or_else(|_| "target/peer/peer.csv".into());
    let mut csv = String::from(
        "nodes,aftermath_load_ms,ink_compile_load_ms,aftermath_choices_per_s,ink_choices_per_s,aftermath_peak_mib,ink_peak_mib\n",
    );
    println!(
        "| nodes | Aftermath load+check ms | Ink compile+load ms | ratio | Aftermath choices/s | Ink choices/s | × | Aftermath peak MiB | Ink peak MiB | ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut rows: Vec<Row> = Vec::new();
    for &n in &sizes {
        let src = ink_story(n, SEED);
        let (mut al, mut il, mut ap, mut ip) = (vec![], vec![], vec![], vec![]);
        for _ in 0..runs {
            let t = Instant::now();
            let story = aftermath_load(n);
            al.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            black_box(aftermath_play(&story));
            ap.push(CHOICES as f64 / t.elapsed().as_secs_f64());
            drop(story);

            let t = Instant::now();
            let mut ink = ink_load(&src);
            il.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            black_box(ink_play(&mut ink));
            ip.push(CHOICES as f64 / t.elapsed().as_secs_f64());
        }
        let (al, il, ap, ip) = (median(al), median(il), median(ap), median(ip));
        let (am, im) = (peak_mib("aftermath", n), peak_mib("ink", n));
        println!(
            "| {n} | {al:.1} | {il:.1} | {:.2} | {ap:.0} | {ip:.0} | {:.2} | {am:.1} | {im:.1} | {:.2} |",
            il / al,
            ap / ip,
            im / am
        );
        rows.push((n, [(al, il), (ap, ip), (am, im)]));
        writeln!(csv, "{n},{al:.3},{il:.3},{ap:.0},{ip:.0},{am:.1},{im:.1}").unwrap();
    }
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("output folder");
    }
    std::fs::write(&out, csv).expect("CSV written");
    println!("CSV: {out}");
    let svg = std::env::var("PEER_SVG").unwrap_or_else(|_| "docs/images/peer.svg".into());
    chart(&svg, &rows).expect("chart drawn");
    println!("chart: {svg}");
}

/// One row of results: nodes, then (Aftermath, Ink) pairs of load ms, choices/s, peak MiB.
type Row = (usize, [(f64, f64); 3]);

/// Draws load time, throughput and peak memory against story size for both engines.
fn chart(path: &str, rows: &[Row]) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let root = SVGBackend::new(path, (1200, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let titles = [
        "Load ms (Aftermath load+check, Ink compile+load)",
        "Choices per second with text",
        "Peak memory MiB (load + play)",
    ];
    let xmax = rows.iter().map(|r| r.0).max().unwrap_or(1) as f64 * 1.05;
    for (i, area) in root.split_evenly((1, 3)).iter().enumerate() {
        let ymax = rows
            .iter()
            .map(|r| r.1[i].0.max(r.1[i].1))
            .fold(0.0, f64::max)
            * 1.1;
        let mut c = ChartBuilder::on(area)
            .caption(titles[i], ("sans-serif", 15))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..xmax, 0f64..ymax.max(1.0))?;
        c.configure_mesh().x_desc("knots (nodes)").draw()?;
        for (side, colour) in [(0, BLUE), (1, RED)] {
            let pts: Vec<(f64, f64)> = rows
                .iter()
                .map(|r| (r.0 as f64, if side == 0 { r.1[i].0 } else { r.1[i].1 }))
                .collect();
            c.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))?
                .label(if side == 0 {
                    "Aftermath"
                } else {
                    "Ink (bladeink)"
                })
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour));
            c.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
        }
        c.configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
    }
    root.present()?;
    Ok(())
}
