//! The bundled story "After Kursk": loads clean, and both roles reach all five postwar options.

use std::collections::BTreeSet;

use aftermath::session::Session;
use aftermath::story::{StorySource, load};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::bundled;

const OPTIONS: [&str; 5] = [
    "home",
    "peacekeepers",
    "redeploy",
    "russian_pmc",
    "korean_pmc",
];

#[test]
fn bundled_story_checks_clean() {
    let loaded = load(StorySource::bundled()).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let roles: Vec<&str> = loaded.story.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(roles, ["soldier", "planner"]);
}

/// Scenes of the endings reached by random playthroughs of a role.
fn ending_scenes(role: &str, runs: u64) -> BTreeSet<String> {
    let story = bundled();
    let mut rng = Pcg64Mcg::seed_from_u64(7);
    let mut scenes = BTreeSet::new();
    for seed in 0..runs {
        let mut s = Session::start(story.clone(), role, seed).expect("starts");
        for _ in 0..200 {
            if s.is_ended() {
                break;
            }
            let enabled: Vec<usize> = s
                .choice_flags()
                .iter()
                .enumerate()
                .filter(|f| *f.1)
                .map(|f| f.0)
                .collect();
            assert!(!enabled.is_empty(), "stuck at {}", s.view().node);
            s.choose(enabled[rng.random_range(0..enabled.len())])
                .expect("a valid choice");
        }
        assert!(
            s.is_ended(),
            "{role} seed {seed} did not end within 200 choices"
        );
        let node = s.view().node;
        scenes.insert(node.split('.').next().unwrap_or_default().to_owned());
    }
    scenes
}

#[test]
fn both_roles_reach_all_five_options() {
    for role in ["soldier", "planner"] {
        let scenes = ending_scenes(role, 300);
        for option in OPTIONS {
            assert!(
                scenes.contains(option),
                "{role} never ended in {option}: {scenes:?}"
            );
        }
    }
}
