//! The peer story: its RON loads cleanly, and Aftermath and Ink read the same text from it.

#[path = "../../benches/peer/ink.rs"]
mod ink;

use std::sync::Arc;

use aftermath::session::{Passage, Session};
use aftermath::story::load;
use aftermath::tools::peer::{PeerStory, Reading, Tally};

fn aftermath(plan: &PeerStory) -> Arc<aftermath::story::Story> {
    match load(plan.ron()) {
        Ok(l) => {
            assert!(
                l.warnings.is_empty(),
                "the peer story has warnings: {:?}",
                l.warnings
            );
            Arc::new(l.story)
        }
        Err(f) => panic!("the peer story failed to load:\n{}", f.render()),
    }
}

#[test]
fn ron_and_ink_read_the_same_text_from_the_same_choices() {
    for (knots, seed) in [(300, 1), (1200, 7)] {
        let plan = PeerStory::new(knots, seed);
        let story = aftermath(&plan);
        let mut ink = ink::load(&plan.ink()).expect("the Ink compiles and loads");
        let a: Reading = PeerStory::play_aftermath(&story, 3000, seed);
        let i: Reading = ink::play(&mut ink, 3000, seed).expect("Ink plays");
        assert_eq!(a, i, "{knots} knots, seed {seed}");
        // The timed runs' tally is given the same text: every byte the check read, and only
        // white space and blank lines more.
        let t: Tally = PeerStory::play_aftermath(&story, 3000, seed);
        assert_eq!(t.choices, a.choices);
        assert!(t.lines >= a.lines && t.bytes >= a.bytes, "{t:?} {a:?}");
        assert!(t.bytes < a.bytes + a.bytes / 10, "{t:?} {a:?}");
        // Not a trivial agreement: many passages, several endings, text read.
        assert_eq!(a.choices, 3000);
        assert!(a.playthroughs > 3, "{a:?}");
        assert!(a.lines > 3000 && a.bytes > 500_000, "{a:?}");
    }
}

#[test]
fn a_different_choice_reads_differently() {
    let plan = PeerStory::new(300, 1);
    let story = aftermath(&plan);
    let a: Reading = PeerStory::play_aftermath(&story, 200, 1);
    let b: Reading = PeerStory::play_aftermath(&story, 200, 2);
    assert_ne!(a.hash, b.hash);
    assert_eq!(a, PeerStory::play_aftermath::<Reading>(&story, 200, 1));
    assert_ne!(a, Reading::new());
}

#[test]
fn the_passage_buffer_says_what_the_view_says() {
    let plan = PeerStory::new(400, 3);
    let story = aftermath(&plan);
    for record in [true, false] {
        let mut s = Session::start_with(Arc::clone(&story), "walker", 3, record).expect("starts");
        let mut passage = Passage::default();
        for step in 0..300 {
            if s.is_ended() {
                break;
            }
            s.passage_into(&mut passage);
            let view = s.view();
            let lines: Vec<&str> = passage.lines().collect();
            let beats: Vec<&str> = view.beats.iter().map(|b| b.text.as_str()).collect();
            assert_eq!(lines, beats, "step {step}, record {record}");
            let choices: Vec<&str> = passage.choices().collect();
            let shown: Vec<&str> = view.choices.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(choices, shown, "step {step}");
            for (k, c) in view.choices.iter().enumerate() {
                assert_eq!(passage.enabled(k), c.enabled);
            }
            s.choose(step % choices.len()).expect("a visible choice");
        }
    }
}
