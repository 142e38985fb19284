//! The peer story: one generated plan written both as an Aftermath story (RON) and as an Ink
//! story, so the peer benchmark plays the same text on both engines.
//!
//! The plan keeps to what both languages say the same way: integer, boolean and text
//! variables without ranges (Ink does not clamp), conditions made of comparisons, `&&`, `||`,
//! `!`, `+` and `-`, effects that assign, `{var}` interpolation and two- or three-way
//! conditional text, choices hidden by a condition (Ink has no disabled choices), once-only
//! choices, `next` steps and endings; no random outcomes (the two engines draw differently).
//!
//! Shape, for knot `i` of `n` (at least 3): about 5% endings (each after a choice knot, whose
//! second choice skips it), 3% `next` knots and the rest three choices: one to `i + 1` that is
//! always shown (a playthrough never gets stuck), one to `i + 2`, often behind a condition, and
//! one to a random knot (sometimes a once-only rest back to the same knot).
//!
//! [`PeerStory::play_aftermath`] and the benchmark's Ink driver both report what a player reads
//! as a [`Reading`]: each line of text and each offered choice, with a hash of the lot, so the
//! two engines can be checked to have produced the same text from the same choices.

use std::fmt::Write as _;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::session::{Dice, Passage, Session};
use crate::story::SourceFile;
use crate::story::Story;
use crate::story::source_files::{MANIFEST, StorySource};
use crate::tools::synth::{PLACES, SENTENCES, q};

/// Knots per scene file of the RON story.
const SCENE_KNOTS: usize = 500;

/// The integer variables and their starting values.
const INTS: [(&str, i64); 6] = [
    ("trust", 5),
    ("supplies", 10),
    ("danger", 2),
    ("day", 1),
    ("fuel", 4),
    ("morale", 6),
];

/// Conditional text: (condition, text when true, text otherwise). No branch is empty: Ink
/// folds the double space an empty branch would leave, Aftermath keeps it.
const FRAGMENTS: [(&str, &str, &str); 5] = [
    (
        "alerted || danger >= 5",
        "Shots echo somewhere close, and {name} keeps low.",
        "For now the only sound is the wind.",
    ),
    (
        "trust >= 6",
        "The others wait for {name} to decide.",
        "The others fall quiet when {name} comes near.",
    ),
    (
        "supplies < 5",
        "The packs are nearly empty.",
        "There is food in the packs, for now.",
    ),
    (
        "danger > trust",
        "Fear has the upper hand tonight.",
        "Nerves hold, if only just.",
    ),
    (
        "name == \"Mira\" && !alerted",
        "Mira hums under her breath.",
        "{name} checks the straps of the pack again.",
    ),
];

/// An assignment, written `var = expr` in both languages (Ink puts `~ ` in front).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Effect {
    var: &'static str,
    value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Exit {
    End,
    Next(usize),
    Choices(Vec<PeerChoice>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PeerChoice {
    text: String,
    when: Option<String>,
    effects: Vec<Effect>,
    goto: usize,
    once: bool,
}

/// A piece of a knot's text: plain words, or a two- or three-way condition.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Words(String),
    /// `if cond: yes, elif cond2: mid, else: no`.
    If {
        cond: &'static str,
        yes: &'static str,
        elif: Option<(&'static str, &'static str)>,
        no: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Knot {
    effects: Vec<Effect>,
    text: Vec<Piece>,
    exit: Exit,
}

/// One generated plan of `n` knots, deterministic from its seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerStory {
    knots: Vec<Knot>,
    seed: u64,
}

/// What a driver does with the text an engine gives it: both engines' drivers read into one,
/// so the same driver code can check the text ([`Reading`]) or only count it ([`Tally`]) while
/// it is timed.
pub trait Reader: Default {
    /// A line of passage text.
    fn line(&mut self, text: &str);
    /// A choice offered.
    fn offered(&mut self, text: &str);
    /// Choice `k` was taken.
    fn took(&mut self, k: usize);
    /// The story ended and starts again.
    fn restarted(&mut self);
    /// Choices taken so far.
    fn choices(&self) -> u64;
}

/// What a player read over a playthrough: every line of text and every choice offered, in
/// order, as one hash, with counts to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// FNV-1a of every line and choice, each followed by a separator.
    pub hash: u64,
    /// Bytes of text read (lines and choices, trimmed).
    pub bytes: u64,
    /// Lines of passage text read.
    pub lines: u64,
    /// Choices taken.
    pub choices: u64,
    /// Playthroughs started (the first, and one after each ending).
    pub playthroughs: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl Default for Reading {
    fn default() -> Reading {
        Reading::new()
    }
}

impl Reading {
    pub fn new() -> Reading {
        Reading {
            hash: FNV_OFFSET,
            bytes: 0,
            lines: 0,
            choices: 0,
            playthroughs: 1,
        }
    }

    fn eat(&mut self, text: &[u8], tag: u8) {
        for &b in text.iter().chain([tag].iter()) {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
}

impl Reader for Reading {
    /// Surrounding white space is not compared, and a blank line is not read.
    fn line(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.lines += 1;
        self.bytes += text.len() as u64;
        self.eat(text.as_bytes(), b'\n');
    }

    fn offered(&mut self, text: &str) {
        let text = text.trim();
        self.bytes += text.len() as u64;
        self.eat(text.as_bytes(), b'\t');
    }

    fn took(&mut self, k: usize) {
        self.choices += 1;
        self.eat(&(k as u64).to_le_bytes(), b'>');
    }

    fn restarted(&mut self) {
        self.playthroughs += 1;
        self.eat(&[], b'#');
    }

    fn choices(&self) -> u64 {
        self.choices
    }
}

/// Counts what a driver was given without reading it byte by byte: the timed runs use it, so
/// the figures are the engines' and not the checking hash's (a byte-at-a-time hash costs more
/// than Aftermath's whole step). [`Reading`] checks the same text in an untimed run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Bytes of lines and choices given.
    pub bytes: u64,
    /// Lines given (blank ones included).
    pub lines: u64,
    pub choices: u64,
}

impl Reader for Tally {
    fn line(&mut self, text: &str) {
        self.lines += 1;
        self.bytes += text.len() as u64;
    }

    fn offered(&mut self, text: &str) {
        self.bytes += text.len() as u64;
    }

    fn took(&mut self, _k: usize) {
        self.choices += 1;
    }

    fn restarted(&mut self) {}

    fn choices(&self) -> u64 {
        self.choices
    }
}

/// Which offered choice a driver takes: the same sequence for both engines, given the number
/// of choices offered each time.
pub struct Chooser(Pcg64Mcg);

impl Chooser {
    pub fn new(seed: u64) -> Chooser {
        Chooser(Pcg64Mcg::seed_from_u64(seed))
    }

    /// One of `count` choices (`count` at least 1).
    pub fn pick(&mut self, count: usize) -> usize {
        self.0.random_range(0..count.max(1))
    }
}

impl PeerStory {
    /// A plan of `knots` knots (at least 3), deterministic from `seed`.
    pub fn new(knots: usize, seed: u64) -> PeerStory {
        let n = knots.max(3);
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut plan = Vec::with_capacity(n);
        let mut prev_choices = false;
        for i in 0..n {
            let roll = rng.random_range(0..100);
            let ending = i + 1 == n || (i > 0 && i + 2 < n && roll < 5 && prev_choices);
            let next = !ending && (5..8).contains(&roll) && i > 0 && i + 2 < n;
            let effects = if ending {
                Vec::new()
            } else {
                effects(&mut rng, 0.3)
            };
            let text = text(&mut rng, i);
            let exit = if ending {
                Exit::End
            } else if next {
                Exit::Next(i + 1)
            } else {
                Exit::Choices(choices(&mut rng, i, n))
            };
            prev_choices = matches!(exit, Exit::Choices(_));
            // The knot before an ending always shows its way round it, so the knots after an
            // ending stay reachable.
            if ending
                && let Some(Knot {
                    exit: Exit::Choices(cs),
                    ..
                }) = plan.last_mut()
            {
                for c in cs.iter_mut().filter(|c| c.goto == i + 1) {
                    c.when = None;
                }
            }
            plan.push(Knot {
                effects,
                text,
                exit,
            });
        }
        PeerStory { knots: plan, seed }
    }

    /// Number of knots.
    pub fn len(&self) -> usize {
        self.knots.len()
    }

    /// Never true: a plan has at least 3 knots.
    pub fn is_empty(&self) -> bool {
        self.knots.is_empty()
    }

    /// The plan as an Aftermath story: a manifest and one scene file per 500 knots, in a
    /// folder named `peer`.
    pub fn ron(&self) -> StorySource {
        let scenes = self.knots.len().div_ceil(SCENE_KNOTS);
        let mut files = Vec::with_capacity(scenes + 1);
        files.push(SourceFile {
            path: format!("peer/{MANIFEST}"),
            text: self.manifest(),
        });
        for s in 0..scenes {
            let mut o = String::with_capacity(SCENE_KNOTS * 1200);
            let first = s * SCENE_KNOTS;
            let last = ((s + 1) * SCENE_KNOTS).min(self.knots.len());
            let _ = write!(
                o,
                "// Knots {first} to {} of the peer story.\nScene(\n    id: \"{}\",\n    title: \"The Road, part {}\",\n    nodes: [\n",
                last - 1,
                scene_id(s),
                s + 1
            );
            for i in first..last {
                self.ron_knot(&mut o, i);
            }
            o.push_str("    ],\n)\n");
            files.push(SourceFile {
                path: format!("peer/{}.ron", scene_id(s)),
                text: o,
            });
        }
        StorySource {
            translations: Vec::new(),
            root: "peer".to_owned(),
            files,
            bad_files: Vec::new(),
            has_manifest: true,
            pictures: Vec::new(),
        }
    }

    fn manifest(&self) -> String {
        let mut vars = String::new();
        for (id, default) in INTS {
            let _ = writeln!(
                vars,
                "        Int(id: \"{id}\", default: {default}, label: \"{id}\"),"
            );
        }
        format!(
            r#"// The peer benchmark's story, generated by aftermath::tools::peer (also written as Ink).
Story(
    id: "peer",
    title: "Peer story of {n} knots",
    version: "0.1.0",
    authors: ["aftermath::tools::peer"],
    language: "en",
    description: "A generated story of {n} knots (seed {seed}) that Ink can tell word for word.",
    variables: [
{vars}        Bool(id: "alerted", default: false, label: "alerted"),
        Text(id: "name", default: "Mira", label: "name"),
    ],
    roles: [
        Role(
            id: "walker",
            name: "The Walker",
            briefing: "Walk the road.",
            start: "{start}",
        ),
    ],
)
"#,
            n = self.knots.len(),
            seed = self.seed,
            start = key(0),
        )
    }

    fn ron_knot(&self, o: &mut String, i: usize) {
        let knot = &self.knots[i];
        let _ = writeln!(o, "        Node(\n            id: \"n{i}\",");
        let mut text = String::new();
        for p in &knot.text {
            match p {
                Piece::Words(w) => text.push_str(w),
                Piece::If {
                    cond,
                    yes,
                    elif,
                    no,
                } => {
                    let _ = write!(text, "{{if {cond}}}{yes}");
                    if let Some((c, t)) = elif {
                        let _ = write!(text, "{{elif {c}}}{t}");
                    }
                    let _ = write!(text, "{{else}}{no}{{end}}");
                }
            }
        }
        let _ = writeln!(o, "            text: {},", q(&text));
        ron_effects(o, "            ", &knot.effects);
        match &knot.exit {
            Exit::End => {
                let _ = writeln!(
                    o,
                    "            ending: Ending(id: \"end_{i}\", title: \"The road ends at waypoint {i}\", summary: \"The group stops here.\"),"
                );
            }
            Exit::Next(t) => {
                let _ = writeln!(o, "            next: {},", q(&target(i, *t)));
            }
            Exit::Choices(cs) => {
                o.push_str("            choices: [\n");
                for c in cs {
                    let _ = writeln!(
                        o,
                        "                Choice(\n                    text: {},",
                        q(&c.text)
                    );
                    if let Some(w) = &c.when {
                        let _ = writeln!(o, "                    when: {},", q(w));
                    }
                    if c.once {
                        o.push_str("                    once: true,\n");
                    }
                    ron_effects(o, "                    ", &c.effects);
                    let _ = writeln!(
                        o,
                        "                    goto: {},\n                ),",
                        q(&target(i, c.goto))
                    );
                }
                o.push_str("            ],\n");
            }
        }
        o.push_str("        ),\n");
    }

    /// The plan as one Ink file.
    pub fn ink(&self) -> String {
        let mut o = String::with_capacity(self.knots.len() * 700);
        let _ = writeln!(
            o,
            "// The peer benchmark's story, generated by aftermath::tools::peer (also written as RON)."
        );
        for (id, default) in INTS {
            let _ = writeln!(o, "VAR {id} = {default}");
        }
        o.push_str("VAR alerted = false\nVAR name = \"Mira\"\n-> n0\n");
        for (i, knot) in self.knots.iter().enumerate() {
            let _ = writeln!(o, "=== n{i} ===");
            ink_effects(&mut o, "", &knot.effects);
            for p in &knot.text {
                match p {
                    Piece::Words(w) => o.push_str(w),
                    Piece::If {
                        cond,
                        yes,
                        elif,
                        no,
                    } => {
                        let _ = write!(o, "{{{cond}:{yes}|");
                        match elif {
                            Some((c, t)) => {
                                let _ = write!(o, "{{{c}:{t}|{no}}}}}");
                            }
                            None => {
                                let _ = write!(o, "{no}}}");
                            }
                        }
                    }
                }
            }
            o.push('\n');
            match &knot.exit {
                Exit::End => o.push_str("-> END\n"),
                Exit::Next(t) => {
                    let _ = writeln!(o, "-> n{t}");
                }
                Exit::Choices(cs) => {
                    for c in cs {
                        o.push(if c.once { '*' } else { '+' });
                        if let Some(w) = &c.when {
                            let _ = write!(o, " {{{w}}}");
                        }
                        let _ = writeln!(o, " [{}]", c.text);
                        ink_effects(&mut o, "  ", &c.effects);
                        let _ = writeln!(o, "  -> n{}", c.goto);
                    }
                }
            }
        }
        o
    }

    /// Plays `choices` choices on Aftermath as a player would read them (every passage line and
    /// every offered choice resolved), taking the choices `chooser` picks and starting again
    /// after each ending.
    pub fn play_aftermath<R: Reader>(story: &Arc<Story>, choices: u64, seed: u64) -> R {
        let mut reading = R::default();
        let mut chooser = Chooser::new(seed);
        let Some(role) = story.roles.first().map(|r| r.id.clone()) else {
            return reading;
        };
        let Ok(mut s) = Session::start(Arc::clone(story), &role, seed) else {
            return reading;
        };
        let mut passage = Passage::default();
        while reading.choices() < choices {
            s.passage_into(&mut passage);
            for line in passage.lines() {
                reading.line(line);
            }
            if s.is_ended() {
                let Ok(again) = Session::start(Arc::clone(story), &role, seed) else {
                    return reading;
                };
                s = again;
                reading.restarted();
                continue;
            }
            for c in passage.choices() {
                reading.offered(c);
            }
            let k = chooser.pick(passage.choices().len());
            reading.took(k);
            if s.choose_fated(k, &mut Dice).is_err() {
                return reading;
            }
        }
        reading
    }
}

fn scene_id(s: usize) -> String {
    format!("s{s:03}")
}

fn key(i: usize) -> String {
    format!("{}.n{i}", scene_id(i / SCENE_KNOTS))
}

fn target(from: usize, to: usize) -> String {
    if from / SCENE_KNOTS == to / SCENE_KNOTS {
        format!("n{to}")
    } else {
        key(to)
    }
}

fn ron_effects(o: &mut String, indent: &str, effects: &[Effect]) {
    if effects.is_empty() {
        return;
    }
    let list: Vec<String> = effects
        .iter()
        .map(|e| q(&format!("{} = {}", e.var, e.value)))
        .collect();
    let _ = writeln!(o, "{indent}effects: [{}],", list.join(", "));
}

fn ink_effects(o: &mut String, indent: &str, effects: &[Effect]) {
    for e in effects {
        let _ = writeln!(o, "{indent}~ {} = {}", e.var, e.value);
    }
}

fn cond(rng: &mut Pcg64Mcg) -> String {
    match rng.random_range(0..7) {
        0 => format!("trust >= {}", rng.random_range(2..8)),
        1 => format!("supplies > {}", rng.random_range(1..10)),
        2 => format!("danger < {}", rng.random_range(3..9)),
        3 => "!alerted".to_owned(),
        4 => format!("alerted && danger >= {}", rng.random_range(2..7)),
        5 => format!("trust + morale - fuel >= {}", rng.random_range(4..12)),
        _ => format!("name == \"Mira\" || trust > {}", rng.random_range(3..8)),
    }
}

fn effect(rng: &mut Pcg64Mcg) -> Effect {
    let e = |var, value: &str| Effect {
        var,
        value: value.to_owned(),
    };
    match rng.random_range(0..12) {
        0 => e("trust", "trust + 1"),
        1 => e("trust", "trust - 1"),
        2 => e(
            "supplies",
            &format!("supplies - {}", rng.random_range(1..4)),
        ),
        3 => e("supplies", "supplies + 2"),
        4 => e("danger", "danger + 1"),
        5 => e("danger", "danger - 1"),
        6 => e("alerted", "true"),
        7 => e("alerted", "false"),
        8 => e(
            "name",
            if rng.random_bool(0.5) {
                "\"Ada\""
            } else {
                "\"Mira\""
            },
        ),
        9 => e("fuel", "fuel - 1"),
        10 => e("morale", "morale + 1"),
        _ => e("day", "day + 1"),
    }
}

/// Zero to two effects on different variables, at least one with probability `p`.
fn effects(rng: &mut Pcg64Mcg, p: f64) -> Vec<Effect> {
    let mut fx = Vec::new();
    if rng.random_bool(p) {
        fx.push(effect(rng));
        if rng.random_bool(0.3) {
            let second = effect(rng);
            if second.var != fx[0].var {
                fx.push(second);
            }
        }
    }
    fx
}

fn text(rng: &mut Pcg64Mcg, i: usize) -> Vec<Piece> {
    let place = PLACES[rng.random_range(0..PLACES.len())];
    let a = rng.random_range(0..SENTENCES.len());
    let b = (a + 1 + rng.random_range(0..SENTENCES.len() - 1)) % SENTENCES.len();
    let (cond, yes, no) = FRAGMENTS[rng.random_range(0..FRAGMENTS.len())];
    let elif = rng
        .random_bool(0.2)
        .then_some(("danger >= 3", "Everyone is listening for engines."));
    vec![
        Piece::Words(format!(
            "Day {{day}}. {{name}} reaches waypoint {i}, at the {place}. {} {} ",
            SENTENCES[a], SENTENCES[b]
        )),
        Piece::If {
            cond,
            yes,
            elif,
            no,
        },
        Piece::Words(" Trust stands at {trust}, supplies at {supplies}.".to_owned()),
    ]
}

fn choices(rng: &mut Pcg64Mcg, i: usize, n: usize) -> Vec<PeerChoice> {
    let mut list = Vec::with_capacity(3);
    let text = if rng.random_bool(0.3) {
        format!(
            "Share out the {{supplies}} rations and press on to waypoint {}",
            i + 1
        )
    } else {
        format!("Press on to waypoint {}", i + 1)
    };
    list.push(PeerChoice {
        text,
        when: None,
        effects: effects(rng, 0.7),
        goto: i + 1,
        once: false,
    });
    let to = (i + 2).min(n - 1);
    list.push(PeerChoice {
        text: format!("Take the long way round to waypoint {to}"),
        when: rng.random_bool(0.6).then(|| cond(rng)),
        effects: effects(rng, 0.7),
        goto: to,
        once: false,
    });
    let when = rng.random_bool(0.5).then(|| cond(rng));
    if rng.random_range(0..100) < 5 {
        list.push(PeerChoice {
            text: "Rest here for an hour and talk".to_owned(),
            when,
            effects: vec![
                Effect {
                    var: "trust",
                    value: "trust + 1".to_owned(),
                },
                Effect {
                    var: "day",
                    value: "day + 1".to_owned(),
                },
            ],
            goto: i,
            once: true,
        });
    } else {
        let far = rng.random_range(0..n);
        list.push(PeerChoice {
            text: format!("Follow the rumour to waypoint {far}"),
            when,
            effects: effects(rng, 0.7),
            goto: far,
            once: false,
        });
    }
    // The always-shown choice is not always first.
    list.rotate_left(rng.random_range(0..3));
    list
}
