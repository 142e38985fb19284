//! Story benchmarks: load + check time, and random playthrough throughput (choices per second).
//!
//! Run with `cargo bench --no-default-features --bench story` (see BENCHMARKS.md).
//! - `load_check/N`: clone a synthetic N-node `StorySource` and `load` it (parse, compile,
//!   check and lint); dropping the loaded story is not timed.
//! - `playthrough/{no_text,text,step}/{N,bundled}`: random playthroughs of one core choosing
//!   uniformly among the enabled choices (`Session::choice_flags`), restarting at endings
//!   (alternating roles, a new seed each time). `no_text` and `text` step the bare engine
//!   (`choose_fated` with `Dice`, as explore and stats do); `text` records the transcript
//!   (`start_with(.., true)`) and calls `Session::view()` after every step and at every start,
//!   so all text is resolved. `step` takes choices with `Session::choose`, which also builds the
//!   `Step` report the front ends read. Throughput is in choices.
//! - `explore_random/{threads}/{10000,bundled}`: `aftermath explore --runs` as a library call:
//!   1,000 random playthroughs per role with coverage counting, on 1 thread and on every core.
//!   Throughput is in playthroughs.
//! - `explore_exhaustive/{threads}/{1000,bundled}/{20000,200000}`: the exhaustive walk stopped
//!   at 20,000 or 200,000 states per role (the command's default), on 1 and 2 threads (and one
//!   per core); the report is the same on any number.
//!   Throughput is in states.
//! - `class/ballot_60`: one ballot handled by a class of 60 seats in 6 groups on the bundled
//!   story (in memory, no log file); `class/views_60`: what a server does after each change:
//!   all 60 phones' `StudentView`s built and serialised to JSON; `class/whole_class`: a class of
//!   12 seats in 4 groups voting at random until every group's story ends.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use aftermath::session::{Dice, Session};
use aftermath::story::{Story, StorySource, load};
use aftermath::tools::synth::synthetic_story;
use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Choices per measured iteration.
const CHOICES: u64 = 1000;
/// A playthrough is restarted after this many choices even without an ending, so the undo
/// stack and transcript stay realistic (no synthetic playthrough comes close in practice).
const MAX_TURNS: u32 = 5000;
const SEED: u64 = 2024;

fn loaded(source: StorySource) -> Arc<Story> {
    match load(source) {
        Ok(l) => Arc::new(l.story),
        Err(f) => panic!("story failed to load:\n{}", f.render()),
    }
}

/// A random player: plays sessions back to back, choosing uniformly among enabled choices.
struct Walker {
    story: Arc<Story>,
    roles: Vec<String>,
    record: bool,
    /// Take choices with `choose` (building its Step report) rather than the bare engine step.
    report: bool,
    rng: Pcg64Mcg,
    session: Session,
    playthroughs: u64,
    choices: u64,
    endings: u64,
}

impl Walker {
    fn new(story: Arc<Story>, record: bool, report: bool) -> Walker {
        let roles: Vec<String> = story.roles.iter().map(|r| r.id.clone()).collect();
        let session =
            Session::start_with(Arc::clone(&story), &roles[0], SEED, record).expect("starts");
        if record {
            black_box(session.view());
        }
        Walker {
            story,
            roles,
            record,
            report,
            rng: Pcg64Mcg::seed_from_u64(SEED),
            session,
            playthroughs: 1,
            choices: 0,
            endings: 0,
        }
    }

    fn restart(&mut self) {
        let role = &self.roles[self.playthroughs as usize % self.roles.len()];
        let seed = SEED.wrapping_add(self.playthroughs);
        self.session =
            Session::start_with(Arc::clone(&self.story), role, seed, self.record).expect("starts");
        self.playthroughs += 1;
        if self.record {
            black_box(self.session.view());
        }
    }

    fn step(&mut self) {
        if self.session.is_ended() {
            self.endings += 1;
            self.restart();
        } else if self.session.state().turns >= MAX_TURNS {
            self.restart();
        }
        let flags = self.session.choice_flags();
        let enabled = flags.iter().filter(|f| **f).count();
        assert!(
            enabled > 0,
            "random playthrough stuck at {}",
            self.session.view().node
        );
        let mut k = self.rng.random_range(0..enabled);
        let index = flags
            .iter()
            .position(|&f| {
                if f && k == 0 {
                    return true;
                }
                k -= usize::from(f);
                false
            })
            .expect("an enabled choice");
        if self.report {
            // The interactive path: `choose` builds the Step report front ends read.
            black_box(
                self.session
                    .choose(index)
                    .expect("an enabled choice can be taken"),
            );
        } else {
            // The engine alone, as explore and stats drive it.
            self.session
                .choose_fated(index, &mut Dice)
                .expect("an enabled choice can be taken");
        }
        self.choices += 1;
        if self.record {
            black_box(self.session.view());
        }
    }

    fn steps(&mut self, n: u64) {
        for _ in 0..n {
            self.step();
        }
    }
}

fn load_check(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_check");
    g.sampling_mode(SamplingMode::Flat);
    for nodes in [1000usize, 10_000] {
        let source = synthetic_story(nodes, SEED);
        let bytes: usize = source.files.iter().map(|f| f.text.len()).sum();
        let warnings = load(source.clone()).expect("loads").warnings.len();
        eprintln!(
            "load_check/{nodes}: {} files, {bytes} bytes of RON, {warnings} warnings",
            source.files.len()
        );
        g.sample_size(if nodes >= 10_000 { 20 } else { 50 });
        g.throughput(Throughput::Elements(nodes as u64));
        g.bench_with_input(BenchmarkId::from_parameter(nodes), &source, |b, s| {
            b.iter_with_large_drop(|| load(black_box(s).clone()).expect("loads"));
        });
    }
    // The bundled story, for scale.
    let bundled = StorySource::bundled();
    g.sample_size(50);
    g.throughput(Throughput::Elements(
        loaded(bundled.clone()).nodes.len() as u64
    ));
    g.bench_function("bundled", |b| {
        b.iter_batched(
            || bundled.clone(),
            |s| load(s).expect("loads"),
            BatchSize::SmallInput,
        );
    });
    g.finish();
}

fn playthrough(c: &mut Criterion) {
    let stories = [
        ("10000", loaded(synthetic_story(10_000, SEED))),
        ("1000", loaded(synthetic_story(1000, SEED))),
        ("bundled", loaded(StorySource::bundled())),
    ];
    let mut g = c.benchmark_group("playthrough");
    g.throughput(Throughput::Elements(CHOICES));
    g.measurement_time(Duration::from_secs(5));
    for (name, story) in &stories {
        // Untimed: what a playthrough looks like, for the report.
        let mut w = Walker::new(Arc::clone(story), false, false);
        w.steps(200_000);
        eprintln!(
            "playthrough/{name}: {} nodes; {} choices in {} playthroughs ({} endings), {:.1} choices per playthrough",
            story.nodes.len(),
            w.choices,
            w.playthroughs,
            w.endings,
            w.choices as f64 / w.playthroughs as f64
        );
        for (variant, record, report) in [
            ("no_text", false, false),
            ("text", true, false),
            ("step", false, true),
        ] {
            let mut w = Walker::new(Arc::clone(story), record, report);
            g.bench_function(BenchmarkId::new(variant, name), |b| {
                b.iter(|| w.steps(CHOICES));
            });
        }
    }
    g.finish();
}

fn explore(c: &mut Criterion) {
    use aftermath::tools::explore::{Mode, Options, explore};
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let stories = [
        ("10000", loaded(synthetic_story(10_000, SEED))),
        ("bundled", loaded(StorySource::bundled())),
    ];
    const RUNS: u64 = 1000;
    let mut g = c.benchmark_group("explore_random");
    g.sample_size(10);
    for (name, story) in &stories {
        g.throughput(Throughput::Elements(RUNS * story.roles.len() as u64));
        for threads in [1, cores] {
            let options = Options {
                roles: Vec::new(),
                mode: Mode::Random {
                    runs: RUNS,
                    seed: SEED,
                },
                max_turns: MAX_TURNS,
                threads,
                progress: false,
            };
            g.bench_function(BenchmarkId::new(format!("{threads}"), name), |b| {
                b.iter(|| explore(story, &options).expect("explores"));
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("explore_exhaustive");
    g.sample_size(10);
    for (name, story) in [
        ("1000", loaded(synthetic_story(1000, SEED))),
        ("bundled", loaded(StorySource::bundled())),
    ] {
        // 20,000 states per role (the first figures), and 200,000 (the command's default).
        for states in [20_000, 200_000] {
            let options = |threads| Options {
                roles: Vec::new(),
                mode: Mode::Exhaustive { max_states: states },
                max_turns: MAX_TURNS,
                threads,
                progress: false,
            };
            let walked: u64 = explore(&story, &options(1))
                .expect("explores")
                .roles
                .iter()
                .map(|r| r.playthroughs)
                .sum();
            g.throughput(Throughput::Elements(walked));
            // The same walk and report on any number of threads: 1, 2, and every core.
            let mut counts = vec![1, 2, cores];
            counts.dedup();
            for threads in counts {
                let options = options(threads);
                let id = BenchmarkId::new(format!("{threads}"), format!("{name}/{states}"));
                g.bench_function(id, |b| {
                    b.iter(|| explore(&story, &options).expect("explores"));
                });
            }
        }
    }
    g.finish();
}

fn class(c: &mut Criterion) {
    use aftermath::class::{Class, ClassSetup, Command, GroupPick, Token};
    let story = loaded(StorySource::bundled());
    let seated = |roles: &[&str], seats: u32| {
        let mut setup = ClassSetup::new("Bench", roles, SEED, "BENCH");
        setup.auto = true;
        setup.vote_seconds = Some(30);
        let mut class = Class::new(Arc::clone(&story), setup).expect("class");
        for i in 0..seats {
            let mut t = [0u8; 16];
            t[..4].copy_from_slice(&i.to_le_bytes());
            let join = Command::Join {
                token: Token(t),
                group: GroupPick::Any,
                name: None,
            };
            class.handle(0, join).expect("join");
        }
        class
    };
    let roles6 = [
        "soldier", "planner", "soldier", "planner", "soldier", "planner",
    ];
    let mut g = c.benchmark_group("class");
    g.measurement_time(Duration::from_secs(5));
    // Seats 1 and 7 are both in group 1 (joined round-robin); seat 1 changes its vote back and
    // forth, so the round stays open and every ballot is a real one.
    let mut class = seated(&roles6, 60);
    let round = class.groups()[0].poll.as_ref().map_or(1, |p| p.round);
    let options = class.groups()[0]
        .poll
        .as_ref()
        .map(|p| p.options.clone())
        .unwrap_or_default();
    let mut n = 0usize;
    g.throughput(Throughput::Elements(1));
    g.bench_function("ballot_60", |b| {
        b.iter(|| {
            n += 1;
            let choice = options[n % options.len()];
            class
                .handle(
                    1,
                    Command::Vote {
                        seat: 1,
                        round,
                        choice,
                    },
                )
                .expect("ballot");
        });
    });
    let class = seated(&roles6, 60);
    g.throughput(Throughput::Elements(60));
    g.bench_function("views_60", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for seat in 1..=60 {
                let view = class.student_view(seat).expect("a seat");
                bytes += serde_json::to_string(&view).expect("json").len();
            }
            black_box(bytes)
        });
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("whole_class", |b| {
        b.iter_batched(
            || seated(&["soldier", "soldier", "planner", "planner"], 12),
            |mut class| {
                let mut rng = Pcg64Mcg::seed_from_u64(SEED);
                let mut now = 0;
                while !class.is_over() && now < 10_000_000 {
                    now += 1000;
                    for seat in 1..=12u32 {
                        let group = class.seat(seat).map_or(0, |s| s.group);
                        let Some(p) = &class.groups()[group].poll else {
                            continue;
                        };
                        let choice = p.options[rng.random_range(0..p.options.len())];
                        let round = p.round;
                        let _ = class.handle(
                            now,
                            Command::Vote {
                                seat,
                                round,
                                choice,
                            },
                        );
                    }
                    let _ = class.handle(now, Command::Tick);
                }
                black_box(class.log().len())
            },
            BatchSize::SmallInput,
        );
    });
    g.finish();
}

criterion_group!(benches, load_check, playthrough, explore, class);
criterion_main!(benches);
