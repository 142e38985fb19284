//! Synthetic stories of any size for benchmarks and tests, deterministic from a seed.
//!
//! The generated story is ordinary RON text (a manifest and one scene file per
//! [`SCENE_NODES`] nodes) that loads with no errors and no warnings. It uses every
//! feature a playthrough exercises: int, bool and text variables with ranges, `{var}`
//! interpolation and `{if}..{elif}..{else}..{end}` fragments, `when` and `requires` +
//! `because` conditions, effects, weighted `outcomes` with expression weights, `next`
//! and `pick` nodes, `once` choices, and endings.
//!
//! Shape, for node `i` of `n` (`n` at least 3):
//! - about 5% endings, 3% `next` nodes, 2% `pick` nodes; the rest have 3 choices;
//! - every choice node has a choice to `i + 1` with no condition (so a random playthrough
//!   never gets stuck), one to `i + 2` (often conditional) and one to a random node of the
//!   whole story (sometimes weighted `outcomes`, sometimes a `once` choice back to itself);
//! - an ending is always preceded by a choice node, whose `i + 2` choice skips it, so every
//!   node is reachable from the first; `next` and `pick` only go forward, so no cycles;
//! - role `scout` starts at node 0, role `medic` at node `n / 2`.

use std::fmt::Write as _;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::story::SourceFile;
use crate::story::source_files::{MANIFEST, StorySource};

/// Nodes per generated scene file.
pub const SCENE_NODES: usize = 500;

const ROOT: &str = "synthetic";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Choices,
    Next,
    Pick,
    Ending,
}

/// Places a waypoint can be (the peer story uses them too).
pub(crate) const PLACES: [&str; 10] = [
    "birch wood",
    "flooded quarry",
    "burnt village",
    "railway cutting",
    "orchard",
    "river crossing",
    "collective farm",
    "ridge road",
    "pumping station",
    "field of sunflowers",
];

/// Sentences of a waypoint's text (the peer story uses them too).
pub(crate) const SENTENCES: [&str; 12] = [
    "The road here is churned to mud by months of traffic, and every step costs twice the effort it should.",
    "Someone has painted a number on the last standing wall, but nobody remembers what it counted.",
    "A dog follows the group for a while, then thinks better of it and trots back the way it came.",
    "The wind carries the smell of diesel and wet ash from somewhere beyond the trees.",
    "An old woman watches from a doorway and does not answer when she is greeted.",
    "The map says there should be a bridge; there is a bridge, in three pieces, in the water.",
    "Far off, a generator coughs into life and dies again, twice, three times, then gives up.",
    "The radio picks up music from the other side, a song everyone knows and nobody sings along to.",
    "Boot prints in the frost lead north, fresh enough that nobody wants to say whose they are.",
    "A column of trucks passes without stopping, their canvas covers tied down tight.",
    "The ground is littered with the green plastic of ration packs, some of them unopened.",
    "Crows lift from the field all at once, circle, and settle again a little further away.",
];

/// Fragments: (condition, text when true, text otherwise).
const FRAGMENTS: [(&str, &str, &str); 6] = [
    (
        "alerted || danger >= 5",
        "Shots echo somewhere close, and {name} keeps low.",
        "For now the only sound is the wind.",
    ),
    (
        "trust >= 6",
        "The others wait for {name} to decide, and nobody argues.",
        "The others talk among themselves and fall quiet when {name} comes near.",
    ),
    (
        "supplies < 5",
        "The packs are nearly empty; hunger makes everyone slow.",
        "At least there is food in the packs, for now.",
    ),
    (
        "danger > trust",
        "Fear has the upper hand tonight.",
        "Nerves hold, if only just.",
    ),
    (
        "name == \"Mira\" && !alerted",
        "Mira hums under her breath, the way she does when things are calm.",
        "{name} checks the straps of the pack for the third time.",
    ),
    (
        "day % 7 == 0",
        "It is a rest day, or would be anywhere else.",
        "It is day {day}, and nobody is counting any more.",
    ),
];

const SPEAKERS: [&str; 4] = [
    "Sergeant Ilse",
    "The radio operator",
    "Old Petro",
    "The medic",
];

const NOTES: [&str; 4] = [
    "Scenario, not reporting: this waypoint and everyone met here are invented for the benchmark.",
    "Context: in the real war, supply lines this far forward were unreliable for weeks at a time.",
    "Teaching note: ask how the group's trust changed what the leader could ask of them.",
    "Context: patrols were most often spotted at dawn and dusk, when the light is flat.",
];

const BECAUSE: [&str; 4] = [
    "Nobody will follow you there yet.",
    "It is too dangerous right now.",
    "You do not have what that would take.",
    "The others talk you out of it.",
];

/// A synthetic story of `nodes` nodes (at least 3), deterministic from `seed`.
pub fn synthetic_story(nodes: usize, seed: u64) -> StorySource {
    let n = nodes.max(3);
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let kinds = plan(n, &mut rng);
    let scenes = n.div_ceil(SCENE_NODES);
    let width = (scenes - 1).to_string().len().max(3);
    let mut g = Gen {
        n,
        width,
        kinds,
        rng,
        out: String::new(),
    };
    let mut files = vec![SourceFile {
        path: format!("{ROOT}/{MANIFEST}"),
        text: g.manifest(seed),
    }];
    for s in 0..scenes {
        g.out = String::with_capacity(SCENE_NODES * 1600);
        g.scene(s);
        files.push(SourceFile {
            path: format!("{ROOT}/{}.ron", g.scene_id(s)),
            text: std::mem::take(&mut g.out),
        });
    }
    StorySource {
        translations: Vec::new(),
        root: ROOT.to_owned(),
        files,
        bad_files: Vec::new(),
        has_manifest: true,
        pictures: Vec::new(),
    }
}

/// Decides each node's kind, keeping the invariants reachability and play rely on.
fn plan(n: usize, rng: &mut Pcg64Mcg) -> Vec<Kind> {
    let mut kinds = Vec::with_capacity(n);
    for i in 0..n {
        let forced_choices = i == 0 || i == n / 2 || i + 2 == n;
        let kind = if i + 1 == n {
            Kind::Ending
        } else if forced_choices {
            Kind::Choices
        } else {
            match rng.random_range(0..100) {
                // An ending needs a choice node before it, whose `i + 2` choice skips it.
                0..5 if kinds[i - 1] == Kind::Choices => Kind::Ending,
                5..8 => Kind::Next,
                8..10 if i + 2 < n => Kind::Pick,
                _ => Kind::Choices,
            }
        };
        kinds.push(kind);
    }
    kinds
}

struct Gen {
    n: usize,
    width: usize,
    kinds: Vec<Kind>,
    rng: Pcg64Mcg,
    out: String,
}

/// A RON string literal.
pub(crate) fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            o.push('\\');
        }
        o.push(c);
    }
    o.push('"');
    o
}

impl Gen {
    fn scene_id(&self, s: usize) -> String {
        format!("s{s:0w$}", w = self.width)
    }

    /// How node `from` refers to node `to`: by id in the same scene, else `scene.node`.
    fn target(&self, from: usize, to: usize) -> String {
        if from / SCENE_NODES == to / SCENE_NODES {
            format!("n{to}")
        } else {
            format!("{}.n{to}", self.scene_id(to / SCENE_NODES))
        }
    }

    fn key(&self, i: usize) -> String {
        format!("{}.n{i}", self.scene_id(i / SCENE_NODES))
    }

    fn manifest(&self, seed: u64) -> String {
        format!(
            r#"// A synthetic story generated by aftermath::tools::synth for benchmarks.
Story(
    id: "synthetic",
    title: "Synthetic story of {n} nodes",
    version: "0.1.0",
    authors: ["aftermath::tools::synth"],
    language: "en",
    description: "A generated story of {n} nodes (seed {seed}): waypoints on a long road, three choices at most of them.",
    content_notes: ["war"],

    variables: [
        Int(id: "trust", default: 5, min: 0, max: 10, label: "Trust", stat: true),
        Int(id: "supplies", default: 10, min: 0, max: 20, label: "Supplies", stat: true),
        Int(id: "danger", default: 2, min: 0, max: 10, label: "Danger", stat: true),
        Int(id: "day", default: 1, min: 1, max: 100000, label: "Day"),
        Bool(id: "alerted", default: false, label: "The patrol has been noticed"),
        Text(id: "name", default: "Mira", label: "Leader"),
    ],

    roles: [
        Role(
            id: "scout",
            name: "The Scout",
            briefing: "You lead a small group along a road nobody maps any more. Keep them trusting you, keep them fed, and keep out of sight.",
            start: "{scout}",
            values: {{ "trust": 6 }},
        ),
        Role(
            id: "medic",
            name: "The Medic",
            briefing: "You join the road halfway, with a full pack of supplies and a patrol already looking for you.",
            start: "{medic}",
            values: {{ "supplies": 14, "danger": 3, "day": 30, "alerted": true, "name": "Jon" }},
        ),
    ],
)
"#,
            n = self.n,
            scout = self.key(0),
            medic = self.key(self.n / 2),
        )
    }

    fn scene(&mut self, s: usize) {
        let first = s * SCENE_NODES;
        let last = ((s + 1) * SCENE_NODES).min(self.n);
        let id = self.scene_id(s);
        let _ = write!(
            self.out,
            "// Waypoints {first} to {} of a synthetic story.\nScene(\n    id: {},\n    title: {},\n    nodes: [\n",
            last - 1,
            q(&id),
            q(&format!("The Road, part {}", s + 1)),
        );
        for i in first..last {
            self.node(i);
        }
        self.out.push_str("    ],\n)\n");
    }

    fn cond(&mut self) -> String {
        let r = &mut self.rng;
        match r.random_range(0..8) {
            0 => format!("trust >= {}", r.random_range(2..8)),
            1 => format!("supplies > {}", r.random_range(1..10)),
            2 => format!("danger < {}", r.random_range(3..9)),
            3 => "!alerted".to_owned(),
            4 => format!("alerted && danger >= {}", r.random_range(2..7)),
            5 => format!("trust + supplies / 2 >= {}", r.random_range(4..12)),
            6 => format!("name == \"Mira\" || trust > {}", r.random_range(3..8)),
            _ => format!("max(trust, danger) >= {}", r.random_range(3..8)),
        }
    }

    fn effect(&mut self) -> String {
        let r = &mut self.rng;
        match r.random_range(0..12) {
            0 => "trust += 1".to_owned(),
            1 => "trust -= 1".to_owned(),
            2 => format!("trust -= {}; danger += 1", r.random_range(1..3)),
            3 => format!("supplies -= {}", r.random_range(1..4)),
            4 => "supplies += 2".to_owned(),
            5 => "danger += 1".to_owned(),
            6 => "danger -= 1; alerted = false".to_owned(),
            7 => "alerted = true".to_owned(),
            8 => "name = \"Ada\"".to_owned(),
            9 => "name = \"Mira\"".to_owned(),
            10 => "supplies = min(supplies + 3, 15)".to_owned(),
            _ => "day += 1".to_owned(),
        }
    }

    /// Zero to two effects, at least one with probability `p`.
    fn effects(&mut self, p: f64) -> Vec<String> {
        let mut fx = Vec::new();
        if self.rng.random_bool(p) {
            fx.push(self.effect());
            if self.rng.random_bool(0.3) {
                let second = self.effect();
                if second != fx[0] {
                    fx.push(second);
                }
            }
        }
        fx
    }

    fn text(&mut self, i: usize) -> String {
        let r = &mut self.rng;
        let place = PLACES[r.random_range(0..PLACES.len())];
        let a = r.random_range(0..SENTENCES.len());
        let b = (a + 1 + r.random_range(0..SENTENCES.len() - 1)) % SENTENCES.len();
        // Node 0 uses the first fragment so every variable is read even in tiny stories.
        let f = if i == 0 {
            0
        } else {
            r.random_range(0..FRAGMENTS.len())
        };
        let (cond, yes, no) = FRAGMENTS[f];
        let elif = if r.random_bool(0.2) {
            "{elif danger >= 3}Everyone is listening for engines.".to_owned()
        } else {
            String::new()
        };
        format!(
            "Day {{day}}. {{name}} reaches waypoint {i}, at the {place}. {} {} {{if {cond}}}{yes}{elif}{{else}}{no}{{end}} Trust stands at {{trust}}, supplies at {{supplies}}.",
            SENTENCES[a], SENTENCES[b]
        )
    }

    fn node(&mut self, i: usize) {
        let kind = self.kinds[i];
        let text = self.text(i);
        let speaker = self
            .rng
            .random_bool(0.15)
            .then(|| SPEAKERS[self.rng.random_range(0..SPEAKERS.len())]);
        let note = self
            .rng
            .random_bool(0.25)
            .then(|| NOTES[self.rng.random_range(0..NOTES.len())]);
        let tags = self.rng.random_bool(0.1);
        let effects = if kind == Kind::Ending {
            Vec::new()
        } else {
            self.effects(0.3)
        };

        let o = &mut self.out;
        let _ = writeln!(o, "        Node(\n            id: \"n{i}\",");
        if let Some(s) = speaker {
            let _ = writeln!(o, "            speaker: {},", q(s));
        }
        if tags {
            o.push_str("            tags: [\"branch\"],\n");
        }
        let _ = writeln!(o, "            text: {},", q(&text));
        if let Some(nt) = note {
            let _ = writeln!(o, "            note: {},", q(nt));
        }
        write_list(o, "            ", "effects", &effects);

        match kind {
            Kind::Ending => {
                let _ = writeln!(
                    o,
                    "            ending: Ending(\n                id: \"end_{i}\",\n                title: \"The road ends at waypoint {i}\",\n                summary: \"The group stops here. Whether that was wise depends on who you ask.\",\n                questions: [\"What would the group have said, if asked?\", \"Which choice mattered most?\"],\n            ),"
                );
            }
            Kind::Next => {
                let t = self.target(i, i + 1);
                let _ = writeln!(self.out, "            next: {},", q(&t));
            }
            Kind::Pick => {
                let c = self.cond();
                let near = self.target(i, i + 1);
                let far = self.target(i, i + 2);
                let _ = writeln!(
                    self.out,
                    "            pick: [\n                Candidate(goto: {}, when: {}, weight: \"danger + 1\"),\n                Candidate(goto: {}, weight: 2),\n            ],",
                    q(&near),
                    q(&c),
                    q(&far),
                );
            }
            Kind::Choices => self.choices(i),
        }
        self.out.push_str("        ),\n");
    }

    fn choices(&mut self, i: usize) {
        let n = self.n;
        let mut list: Vec<String> = Vec::with_capacity(3);

        // A: always visible and enabled, one step on.
        let fx = self.effects(0.7);
        let text = if self.rng.random_bool(0.3) {
            format!(
                "Share out the {{supplies}} rations and press on to waypoint {}",
                i + 1
            )
        } else {
            format!("Press on to waypoint {}", i + 1)
        };
        list.push(choice(
            &text,
            None,
            None,
            &fx,
            Some(&self.target(i, i + 1)),
            None,
            false,
        ));

        // B: two steps on, often conditional.
        let fx = self.effects(0.7);
        let to = (i + 2).min(n - 1);
        let (when, requires) = match self.rng.random_range(0..10) {
            0..5 => (Some(self.cond()), None),
            5..8 => (None, Some(self.cond())),
            _ => (None, None),
        };
        let because = requires
            .as_ref()
            .map(|_| BECAUSE[self.rng.random_range(0..BECAUSE.len())]);
        let text = format!("Take the long way round to waypoint {to}");
        list.push(choice(
            &text,
            when.as_deref(),
            requires.as_deref().zip(because),
            &fx,
            Some(&self.target(i, to)),
            None,
            false,
        ));

        // C: somewhere else in the story: a jump, a gamble, or a once-only rest.
        let when = self.rng.random_bool(0.5).then(|| self.cond());
        let roll = self.rng.random_range(0..100);
        if roll < 10 {
            let fx = self.effects(0.5);
            let a = self.target(i, i + 1);
            let far = self.rng.random_range(0..n);
            let b = self.target(i, far);
            let outcomes = format!(
                "[\n                        Outcome(goto: {}, weight: \"1 + trust\", label: \"The crossing holds\"),\n                        Outcome(goto: {}, weight: \"max(1, 6 - danger)\", effects: [\"danger += 2\"], label: \"The current carries the packs downstream\"),\n                    ]",
                q(&a),
                q(&b)
            );
            list.push(choice(
                "Risk the crossing with {name} in front",
                when.as_deref(),
                None,
                &fx,
                None,
                Some(&outcomes),
                false,
            ));
        } else if roll < 13 {
            let me = self.target(i, i);
            list.push(choice(
                "Rest here for an hour and talk",
                when.as_deref(),
                None,
                &["trust += 1".to_owned(), "day += 1".to_owned()],
                Some(&me),
                None,
                true,
            ));
        } else {
            let fx = self.effects(0.7);
            let far = self.rng.random_range(0..n);
            let t = self.target(i, far);
            let text = format!("Follow the rumour to waypoint {far}");
            list.push(choice(
                &text,
                when.as_deref(),
                None,
                &fx,
                Some(&t),
                None,
                false,
            ));
        }

        // Deterministic shuffle so the always-available choice is not always first.
        let k = self.rng.random_range(0..3);
        list.rotate_left(k);
        if self.rng.random_bool(0.5) {
            list.swap(1, 2);
        }
        self.out.push_str("            choices: [\n");
        for c in list {
            self.out.push_str(&c);
        }
        self.out.push_str("            ],\n");
    }
}

fn write_list(o: &mut String, indent: &str, field: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    let _ = writeln!(o, "{indent}{field}: [{}],", quoted.join(", "));
}

fn choice(
    text: &str,
    when: Option<&str>,
    requires: Option<(&str, &str)>,
    effects: &[String],
    goto: Option<&str>,
    outcomes: Option<&str>,
    once: bool,
) -> String {
    let mut o = String::with_capacity(256);
    let _ = writeln!(
        o,
        "                Choice(\n                    text: {},",
        q(text)
    );
    if let Some(w) = when {
        let _ = writeln!(o, "                    when: {},", q(w));
    }
    if let Some((r, b)) = requires {
        let _ = writeln!(
            o,
            "                    requires: {},\n                    because: {},",
            q(r),
            q(b)
        );
    }
    if once {
        o.push_str("                    once: true,\n");
    }
    write_list(&mut o, "                    ", "effects", effects);
    if let Some(g) = goto {
        let _ = writeln!(o, "                    goto: {},", q(g));
    }
    if let Some(os) = outcomes {
        let _ = writeln!(o, "                    outcomes: {os},");
    }
    o.push_str("                ),\n");
    o
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rand::{RngExt, SeedableRng};
    use rand_pcg::Pcg64Mcg;

    use super::*;
    use crate::session::Session;
    use crate::story::{Exit, load};

    fn loads_cleanly(nodes: usize, seed: u64) -> crate::story::Story {
        let source = synthetic_story(nodes, seed);
        match load(source) {
            Ok(loaded) => {
                let ws: Vec<String> = loaded
                    .warnings
                    .iter()
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .collect();
                assert!(
                    ws.is_empty(),
                    "{nodes} nodes, seed {seed}: warnings: {ws:#?}"
                );
                loaded.story
            }
            Err(failed) => panic!(
                "{nodes} nodes, seed {seed}: failed to load:\n{}",
                failed.render()
            ),
        }
    }

    #[test]
    fn thousand_nodes_load_without_errors_or_warnings() {
        let story = loads_cleanly(1000, 7);
        assert_eq!(story.nodes.len(), 1000);
        assert_eq!(story.scenes.len(), 2);
        assert_eq!(story.roles.len(), 2);
        assert_eq!(story.variables.len(), 6);
        let count = |f: fn(&Exit) -> bool| story.nodes.iter().filter(|n| f(&n.exit)).count();
        let endings = count(|e| matches!(e, Exit::Ending(_)));
        let choices = count(|e| matches!(e, Exit::Choices(cs) if cs.len() == 3));
        assert!((25..=75).contains(&endings), "{endings} endings");
        assert!(count(|e| matches!(e, Exit::Next(_))) > 5);
        assert!(count(|e| matches!(e, Exit::Pick(_))) > 5);
        assert!(choices > 800, "{choices} choice nodes");
        assert!(story.once_slots > 0);
    }

    #[test]
    fn small_and_odd_sizes_load_cleanly() {
        for (nodes, seed) in [(0, 1), (3, 2), (10, 3), (499, 4), (501, 5), (1200, 6)] {
            let story = loads_cleanly(nodes, seed);
            assert_eq!(story.nodes.len(), nodes.max(3));
        }
    }

    #[test]
    fn deterministic_from_the_seed() {
        let a = synthetic_story(600, 42);
        let b = synthetic_story(600, 42);
        let c = synthetic_story(600, 43);
        assert_eq!(a.files, b.files);
        assert_ne!(a.files, c.files);
    }

    #[test]
    fn random_playthroughs_never_get_stuck() {
        let story = Arc::new(loads_cleanly(1000, 7));
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        for (seed, role) in [(1, "scout"), (2, "medic"), (3, "scout"), (4, "medic")] {
            let mut s =
                Session::start_with(Arc::clone(&story), role, seed, seed % 2 == 0).expect("starts");
            let mut taken = 0;
            while !s.is_ended() && taken < 10_000 {
                let flags = s.choice_flags();
                let enabled: Vec<usize> = flags
                    .iter()
                    .enumerate()
                    .filter(|f| *f.1)
                    .map(|f| f.0)
                    .collect();
                assert!(!enabled.is_empty(), "stuck at {}", s.view().node);
                let i = enabled[rng.random_range(0..enabled.len())];
                s.choose(i).expect("a choice works");
                taken += 1;
                if seed % 2 == 0 {
                    assert!(!s.view().is_stuck());
                }
            }
            assert!(s.is_ended() || taken == 10_000);
        }
    }
}
