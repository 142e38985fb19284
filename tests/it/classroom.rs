//! The classroom engine (`aftermath::class`): votes, ties, timers, facilitator actions and the
//! event log that rebuilds a class exactly.

use std::sync::Arc;

use aftermath::class::{
    Action, Class, ClassSetup, Command, Event, GroupPick, How, Refusal, Spot, Target, TieRule,
};
use aftermath::story::Story;
use proptest::prelude::*;

use crate::seats::{bundled_class, random_ballots, token};
use crate::{bundled, fixture};

fn setup(roles: &[&str]) -> ClassSetup {
    ClassSetup::new("Test class", roles, 7, "K7QX")
}

fn minimal_class(setup: ClassSetup) -> Class {
    Class::new(fixture("minimal"), setup).expect("class starts")
}

/// Joins `n` students to `group`, returning their seats.
fn join(class: &mut Class, group: usize, n: u32, first: u32) -> Vec<u32> {
    (first..first + n)
        .map(|i| {
            let h = class
                .handle(
                    0,
                    Command::Join {
                        token: token(i),
                        group: GroupPick::Index(group),
                        name: None,
                    },
                )
                .expect("join");
            h.seat.expect("a seat")
        })
        .collect()
}

fn vote(class: &mut Class, at: u64, seat: u32, choice: usize) -> Result<(), Refusal> {
    let group = class.seat(seat).unwrap().group;
    let round = class.groups()[group].poll.as_ref().map_or(0, |p| p.round);
    class
        .handle(
            at,
            Command::Vote {
                seat,
                round,
                choice,
            },
        )
        .map(|_| ())
}

fn act(class: &mut Class, at: u64, action: Action) -> Result<(), Refusal> {
    class.handle(at, Command::Act(action)).map(|_| ())
}

/// Everything anyone can see of a class, to compare two classes.
fn seen(class: &Class) -> String {
    let mut out = serde_json::to_string(&class.facilitator_view()).unwrap();
    for s in class.seats() {
        out.push_str(&serde_json::to_string(&class.student_view(s.id)).unwrap());
    }
    for g in class.groups() {
        out.push_str(&serde_json::to_string(&g.decisions).unwrap());
        out.push_str(&format!(
            "{:?}{:?}",
            g.session.transcript(),
            g.session.state().vars
        ));
    }
    out
}

/// The class its log rebuilds, brought to the same clock (a tick the class already had adds
/// nothing).
fn replayed(class: &Class) -> Class {
    let mut again = Class::replay(
        class.story().clone(),
        class.setup().clone(),
        class.log().to_vec(),
    )
    .expect("the log replays");
    let h = again
        .handle(class.elapsed_ms(), Command::Tick)
        .expect("a tick");
    assert_eq!(h.events, 0, "the class had handled this time already");
    again
}

#[test]
fn a_unanimous_vote_closes_when_everyone_has_voted_and_the_story_moves_on() {
    let mut c = minimal_class(setup(&["soldier"]));
    let seats = join(&mut c, 0, 3, 1);
    assert_eq!(
        vote(&mut c, 10, seats[0], 2),
        Err(Refusal::NoVote),
        "no vote is open yet"
    );
    act(&mut c, 20, Action::Open(Target::All)).unwrap();
    assert_eq!(c.groups()[0].view.node, "camp.start");
    vote(&mut c, 30, seats[0], 2).unwrap();
    vote(&mut c, 31, seats[1], 2).unwrap();
    // A student can change their mind: the last ballot counts, and only once.
    vote(&mut c, 32, seats[1], 0).unwrap();
    vote(&mut c, 33, seats[1], 2).unwrap();
    assert_eq!(c.groups()[0].poll.as_ref().unwrap().ballots.len(), 2);
    vote(&mut c, 34, seats[2], 2).unwrap();
    let g = &c.groups()[0];
    assert!(g.poll.is_none(), "the vote closed by itself");
    let d = &g.decisions[0];
    assert_eq!((d.choice, d.choice_text()), (2, "Report"));
    assert_eq!(
        d.how,
        How::Vote {
            tally: vec![0, 0, 3]
        }
    );
    assert_eq!(
        d.polls[0].cast.len(),
        5,
        "every ballot cast is kept for the debrief"
    );
    assert_eq!(d.margin(), Some(1.0));
    // Report leads through a random pick to an ending.
    assert!(g.is_ended());
    assert_eq!(d.draws.len(), 1);
    assert_eq!(d.draws[0].kind, "pick");
    assert_eq!(
        d.ending.as_deref(),
        g.view.ending.as_ref().map(|e| e.id.as_str())
    );
}

#[test]
fn ballots_are_refused_with_the_reason_and_change_nothing() {
    let mut s = setup(&["soldier", "planner"]);
    s.seat_cap = 4;
    let mut c = minimal_class(s);
    let seats = join(&mut c, 0, 3, 1);
    act(&mut c, 0, Action::Open(Target::Group(0))).unwrap();
    let before = seen(&c);
    let log_len = c.log().len();
    let round = c.groups()[0].poll.as_ref().unwrap().round;
    let refused = [
        (
            Command::Vote {
                seat: seats[0],
                round: round + 1,
                choice: 0,
            },
            "wrong-round",
        ),
        (
            Command::Vote {
                seat: seats[0],
                round,
                choice: 9,
            },
            "no-such-choice",
        ),
        (
            Command::Vote {
                seat: 99,
                round,
                choice: 0,
            },
            "no-such-seat",
        ),
        (
            Command::Vote {
                seat: 0,
                round,
                choice: 0,
            },
            "no-such-seat",
        ),
    ];
    for (cmd, code) in refused {
        let err = c.handle(5, cmd.clone()).expect_err("refused");
        assert_eq!(err.code(), code, "{cmd:?}: {err}");
    }
    assert_eq!(seen(&c), before);
    assert_eq!(c.log().len(), log_len);
    // The room holds 4 seats; a fifth student is turned away, a known token comes back.
    join(&mut c, 1, 1, 10);
    let full = c.handle(
        0,
        Command::Join {
            token: token(11),
            group: GroupPick::Any,
            name: None,
        },
    );
    assert_eq!(full.unwrap_err().code(), "room-full");
    let back = c.handle(
        0,
        Command::Join {
            token: token(1),
            group: GroupPick::Any,
            name: None,
        },
    );
    assert_eq!(back.unwrap().seat, Some(seats[0]));
    // A locked room refuses new seats but not returning ones.
    act(&mut c, 1, Action::Remove { seat: seats[2] }).unwrap();
    act(&mut c, 1, Action::Lock(true)).unwrap();
    let locked = c.handle(
        1,
        Command::Join {
            token: token(12),
            group: GroupPick::Any,
            name: None,
        },
    );
    assert_eq!(locked.unwrap_err().code(), "room-locked");
    assert_eq!(
        c.seat_of(&token(3)),
        None,
        "a removed seat's token no longer works"
    );
    assert!(c.student_view(seats[2]).is_none());
    // A paused class takes no ballots.
    act(&mut c, 2, Action::PauseClass).unwrap();
    assert_eq!(
        vote(&mut c, 3, seats[0], 0).unwrap_err().code(),
        "class-paused"
    );
    act(&mut c, 4, Action::ResumeClass).unwrap();
    vote(&mut c, 5, seats[0], 0).unwrap();
    // Closed: a ballot for the old round is too late.
    act(&mut c, 6, Action::Close(Target::Group(0))).unwrap();
    let late = c.handle(
        7,
        Command::Vote {
            seat: seats[1],
            round,
            choice: 0,
        },
    );
    assert_eq!(late.unwrap_err().code(), "vote-closed");
}

#[test]
fn a_disabled_choice_cannot_be_voted_for() {
    // The soldier's "Run" needs suspicion < 3: after "Wait" twice it is disabled.
    let mut c = minimal_class(setup(&["soldier"]));
    let seats = join(&mut c, 0, 1, 1);
    act(
        &mut c,
        0,
        Action::Override {
            group: 0,
            choice: 0,
        },
    )
    .unwrap();
    let v = &c.groups()[0].view;
    let run = v.choices.iter().position(|ch| ch.text == "Run").unwrap();
    assert!(!v.choices[run].enabled, "{:?}", v.choices);
    act(&mut c, 1, Action::Open(Target::All)).unwrap();
    let err = vote(&mut c, 2, seats[0], run).unwrap_err();
    assert_eq!(err.code(), "choice-disabled");
    assert!(
        err.to_string().contains("You are watched too closely"),
        "{err}"
    );
    assert!(!c.groups()[0].poll.as_ref().unwrap().options.contains(&run));
}

#[test]
fn a_tie_goes_to_a_short_revote_then_to_the_facilitator() {
    let mut s = setup(&["soldier"]);
    s.vote_seconds = Some(60);
    let mut c = minimal_class(s);
    let seats = join(&mut c, 0, 4, 1);
    act(&mut c, 0, Action::Open(Target::All)).unwrap();
    for (seat, choice) in seats.iter().zip([0, 0, 2, 2]) {
        vote(&mut c, 100, *seat, choice).unwrap();
    }
    let p = c.groups()[0].poll.as_ref().unwrap();
    assert!(p.revote);
    assert_eq!(
        (p.round, p.options.clone()),
        (2, vec![0, 2]),
        "a revote between the tied two"
    );
    assert_eq!(
        p.deadline,
        Some(100 + 30_000),
        "the revote's timer is half the vote's"
    );
    assert_eq!(
        vote(&mut c, 101, seats[0], 1).unwrap_err(),
        Refusal::NotAnOption
    );
    // A phone cut off during the tied round learns its ballot there counted.
    let earlier = c.student_view(seats[2]).unwrap().vote.earlier;
    assert_eq!(
        (earlier.len(), earlier[0].round, earlier[0].mine),
        (1, 1, Some(2))
    );
    for (seat, choice) in seats.iter().zip([0, 2, 0, 2]) {
        vote(&mut c, 200, *seat, choice).unwrap();
    }
    let p = c.groups()[0].poll.as_ref().unwrap();
    assert_eq!(
        p.state,
        aftermath::class::PollState::Closed,
        "tied again: the facilitator decides"
    );
    assert_eq!(c.student_view(seats[0]).unwrap().vote.state, "deciding");
    act(
        &mut c,
        300,
        Action::Override {
            group: 0,
            choice: 2,
        },
    )
    .unwrap();
    let d = &c.groups()[0].decisions[0];
    assert_eq!(d.how, How::Override);
    assert_eq!(d.polls.len(), 2, "both votes are kept with the decision");
    assert_eq!(d.polls[1].tally, vec![2, 0, 2]);
    let last = c.student_view(seats[0]).unwrap().last.unwrap();
    assert_eq!(last.how, "override");
    let rounds: Vec<(u32, Option<usize>)> = last.rounds.iter().map(|r| (r.round, r.mine)).collect();
    assert_eq!(
        rounds,
        [(1, Some(0)), (2, Some(0))],
        "seat 1's ballot in both rounds"
    );
}

#[test]
fn with_the_facilitator_rule_a_tie_waits_for_the_facilitator_and_a_class_running_itself_draws_lots()
{
    let mut s = setup(&["soldier"]);
    s.tie = TieRule::Facilitator;
    let mut c = minimal_class(s.clone());
    let seats = join(&mut c, 0, 2, 1);
    act(&mut c, 0, Action::Open(Target::All)).unwrap();
    vote(&mut c, 1, seats[0], 0).unwrap();
    vote(&mut c, 2, seats[1], 2).unwrap();
    assert_eq!(c.groups()[0].rounds, 1, "no revote");
    assert!(c.groups()[0].decisions.is_empty());

    s.auto = true;
    let mut c = minimal_class(s);
    let seats = join(&mut c, 0, 2, 1);
    assert!(
        c.groups()[0].poll.is_some(),
        "a class running itself opens votes itself"
    );
    vote(&mut c, 1, seats[0], 0).unwrap();
    vote(&mut c, 2, seats[1], 2).unwrap();
    let d = &c.groups()[0].decisions[0];
    assert_eq!(
        d.how,
        How::Lot {
            tally: vec![1, 0, 1]
        }
    );
    assert!([0, 2].contains(&d.choice));
}

#[test]
fn timers_close_votes_stand_still_while_paused_and_can_be_extended() {
    let mut s = setup(&["soldier"]);
    s.vote_seconds = Some(10);
    let mut c = minimal_class(s);
    let seats = join(&mut c, 0, 3, 1);
    act(&mut c, 1_000, Action::Open(Target::All)).unwrap();
    vote(&mut c, 2_000, seats[0], 2).unwrap();
    assert_eq!(c.student_view(seats[0]).unwrap().vote.seconds_left, Some(9));
    c.handle(9_999, Command::Tick).unwrap();
    assert!(c.groups()[0].decisions.is_empty(), "not yet");
    act(&mut c, 10_000, Action::Pause(Target::Group(0))).unwrap();
    c.handle(50_000, Command::Tick).unwrap();
    assert!(
        c.groups()[0].decisions.is_empty(),
        "a paused vote's timer stands still"
    );
    assert_eq!(
        vote(&mut c, 50_000, seats[1], 0).unwrap_err(),
        Refusal::VotePaused
    );
    act(&mut c, 60_000, Action::Resume(Target::Group(0))).unwrap();
    assert_eq!(
        c.next_deadline(),
        Some(61_000),
        "1 s was left when it paused at 10 s"
    );
    act(&mut c, 60_000, Action::Extend(Target::All, 30)).unwrap();
    assert_eq!(c.next_deadline(), Some(91_000));
    c.handle(90_999, Command::Tick).unwrap();
    assert!(c.groups()[0].decisions.is_empty());
    c.handle(91_000, Command::Tick).unwrap();
    let d = &c.groups()[0].decisions[0];
    assert_eq!(
        d.how,
        How::Vote {
            tally: vec![0, 0, 1]
        },
        "one ballot in: it wins"
    );
}

#[test]
fn a_timer_running_out_on_an_empty_ballot_box_starts_again() {
    let mut s = setup(&["soldier"]);
    s.vote_seconds = Some(10);
    s.auto = true;
    let mut c = minimal_class(s);
    join(&mut c, 0, 2, 1);
    c.handle(10_000, Command::Tick).unwrap();
    assert!(c.groups()[0].decisions.is_empty());
    assert_eq!(c.next_deadline(), Some(20_000));
    assert!(matches!(
        c.log().last().unwrap().event,
        Event::Extended { .. }
    ));
}

#[test]
fn override_undo_and_hand_counts_are_recorded_and_the_story_follows() {
    let mut c = minimal_class(setup(&["soldier", "soldier"]));
    join(&mut c, 0, 2, 1);
    act(&mut c, 0, Action::Open(Target::Group(0))).unwrap();
    act(
        &mut c,
        1,
        Action::Override {
            group: 0,
            choice: 0,
        },
    )
    .unwrap();
    assert_eq!(c.groups()[0].decisions[0].how, How::Override);
    assert_eq!(c.groups()[0].session.state().turns, 1);
    act(&mut c, 2, Action::Undo { group: 0 }).unwrap();
    let g = &c.groups()[0];
    assert!(
        g.decisions[0].undone,
        "the undone decision stays in the record, marked"
    );
    assert_eq!(g.standing().count(), 0);
    assert_eq!(g.session.state().turns, 0);
    assert_eq!(
        act(&mut c, 3, Action::Undo { group: 0 }),
        Err(Refusal::NothingToUndo)
    );
    // Hands: one count per visible choice.
    assert_eq!(
        act(
            &mut c,
            4,
            Action::Hands {
                group: 1,
                counts: vec![1, 2]
            }
        )
        .unwrap_err()
        .code(),
        "hand-counts"
    );
    act(
        &mut c,
        5,
        Action::Hands {
            group: 1,
            counts: vec![1, 5, 2],
        },
    )
    .unwrap();
    let d = &c.groups()[1].decisions[0];
    assert_eq!(
        (d.choice, d.how.clone()),
        (
            1,
            How::Hands {
                tally: vec![1, 5, 2]
            }
        )
    );
    // "Run" draws an outcome, labelled in the record.
    assert_eq!(d.draws[0].kind, "outcome");
    assert!(d.draws[0].label.is_some());
    // The two groups of one role share a seed: the same choices give the same draws.
    act(
        &mut c,
        6,
        Action::Override {
            group: 0,
            choice: 1,
        },
    )
    .unwrap();
    assert_eq!(c.groups()[0].view, c.groups()[1].view);
}

#[test]
fn the_spotlight_is_pushed_to_every_phone() {
    let mut c = minimal_class(setup(&["soldier", "planner"]));
    let seats = join(&mut c, 1, 1, 1);
    act(&mut c, 0, Action::Spotlight(Some(Spot::Group { group: 0 }))).unwrap();
    let v = c.student_view(seats[0]).unwrap();
    let spot = v.spotlight.unwrap();
    assert_eq!((spot.kind, spot.title.as_str()), ("group", "Group 1"));
    assert!(spot.text.contains("Private Ri"), "{}", spot.text);
    assert_eq!(
        act(&mut c, 0, Action::Spotlight(Some(Spot::Group { group: 5 })))
            .unwrap_err()
            .code(),
        "no-such-group"
    );
    act(&mut c, 0, Action::Spotlight(None)).unwrap();
    assert!(c.student_view(seats[0]).unwrap().spotlight.is_none());
}

#[test]
fn names_are_used_only_when_the_teacher_asks_and_are_cleaned() {
    let mut c = minimal_class(setup(&["soldier"]));
    let h = c.handle(
        0,
        Command::Join {
            token: token(1),
            group: GroupPick::Any,
            name: Some("Min-ji".into()),
        },
    );
    let nick = &c.seat(h.unwrap().seat.unwrap()).unwrap().nickname;
    assert_ne!(nick, "Min-ji", "anonymous by default");
    let mut s = setup(&["soldier"]);
    s.names = true;
    let mut c = minimal_class(s);
    for (i, name) in [(1, "  Min-ji\u{202e} "), (2, "Min-ji")] {
        c.handle(
            0,
            Command::Join {
                token: token(i),
                group: GroupPick::Any,
                name: Some(name.into()),
            },
        )
        .unwrap();
    }
    let names: Vec<&str> = c.seats().iter().map(|s| s.nickname.as_str()).collect();
    assert_eq!(names, ["Min-ji", "Min-ji 2"]);
}

#[test]
fn an_unknown_role_names_the_group() {
    let err = Class::new(fixture("minimal"), setup(&["soldier", "medic"])).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("group 2 (Group 2): "), "{text}");
    assert!(text.contains("medic"), "{text}");
}

/// A random class: students join, vote (sometimes badly), the facilitator acts, time passes.
#[derive(Debug, Clone)]
enum Step {
    Join(u8, u8),
    Vote(u8, u8, i8),
    Tick(u16),
    Act(u8, u8, u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (any::<u8>(), any::<u8>()).prop_map(|(t, g)| Step::Join(t, g)),
        4 => (any::<u8>(), any::<u8>(), -1i8..2).prop_map(|(s, c, r)| Step::Vote(s, c, r)),
        1 => (any::<u16>()).prop_map(Step::Tick),
        1 => (0u8..12, any::<u8>(), any::<u8>()).prop_map(|(a, g, n)| Step::Act(a, g, n)),
    ]
}

fn run(story: &Arc<Story>, auto: bool, tie: TieRule, steps: &[Step]) -> Class {
    let mut s = ClassSetup::new("Prop", &["soldier", "planner", "soldier"], 3, "ABCD");
    s.auto = auto;
    s.tie = tie;
    s.vote_seconds = Some(20);
    s.seat_cap = 12;
    let mut c = Class::new(story.clone(), s).unwrap();
    let mut now = 0u64;
    for st in steps {
        let groups = c.groups().len();
        let cmd = match *st {
            Step::Join(t, g) => Command::Join {
                token: token(u32::from(t % 16)),
                group: if g % 4 == 3 {
                    GroupPick::Any
                } else {
                    GroupPick::Index(usize::from(g % 4))
                },
                name: None,
            },
            Step::Vote(s, ch, r) => {
                let seat = u32::from(s % 14);
                let group = c.seat(seat).map_or(0, |s| s.group);
                let round = c.groups()[group].poll.as_ref().map_or(0, |p| p.round);
                Command::Vote {
                    seat,
                    round: round.saturating_add_signed(i32::from(r)),
                    choice: usize::from(ch % 5),
                }
            }
            Step::Tick(ms) => {
                now += u64::from(ms);
                Command::Tick
            }
            Step::Act(a, g, n) => {
                let group = usize::from(g) % (groups + 1);
                let t = if g % 5 == 0 {
                    Target::All
                } else {
                    Target::Group(group)
                };
                Command::Act(match a {
                    0 => Action::Open(t),
                    1 => Action::Close(t),
                    2 => Action::Pause(t),
                    3 => Action::Resume(t),
                    4 => Action::Extend(t, u32::from(n)),
                    5 => Action::Reveal(t),
                    6 => Action::Override {
                        group,
                        choice: usize::from(n % 4),
                    },
                    7 => Action::Undo { group },
                    8 => Action::Hands {
                        group,
                        counts: vec![u32::from(n % 3); usize::from(n % 4)],
                    },
                    9 => Action::Remove {
                        seat: u32::from(n % 14),
                    },
                    10 => Action::PauseClass,
                    _ => Action::ResumeClass,
                })
            }
        };
        let before = c.log().len();
        if c.handle(now, cmd).is_err() {
            // Refused commands (other than a failed story step, never here) write nothing.
            assert_eq!(c.log().len(), before);
        }
        now += 1;
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_ballot_is_never_counted_twice_and_replaying_the_log_rebuilds_the_class(
        auto in any::<bool>(),
        facilitator in any::<bool>(),
        steps in proptest::collection::vec(step(), 1..120),
    ) {
        let story = fixture("minimal");
        let tie = if facilitator { TieRule::Facilitator } else { TieRule::Revote };
        let c = run(&story, auto, tie, &steps);
        for g in c.groups() {
            if let Some(p) = &g.poll {
                prop_assert!(p.ballots.len() <= g.seats.len());
                prop_assert!(p.ballots.keys().all(|s| g.seats.contains(s)));
            }
            for d in &g.decisions {
                for poll in &d.polls {
                    let counted: u32 = poll.tally.iter().sum();
                    let mut voters: Vec<u32> = poll.cast.iter().map(|c| c.seat).collect();
                    voters.sort_unstable();
                    voters.dedup();
                    // A removed seat's ballot leaves the tally, so at most one per voter.
                    prop_assert!(counted as usize <= voters.len());
                }
            }
        }
        let again = replayed(&c);
        prop_assert_eq!(seen(&again), seen(&c));
    }
}

#[test]
fn a_whole_class_on_the_bundled_story_reaches_an_ending_in_every_group_and_replays_exactly() {
    let roles = ["soldier", "soldier", "planner", "planner"];
    let mut c = bundled_class("After Kursk", &roles, 12);
    assert!(c.groups().iter().all(|g| g.seats.len() == 3));
    let mut now = 0;
    let mut rng = 12345u64;
    while !c.is_over() && now < 2_000_000 {
        now += 1_000;
        random_ballots(&mut c, now, &mut rng);
        c.handle(now, Command::Tick).unwrap();
    }
    assert!(c.is_over(), "every group reached an ending");
    for g in c.groups() {
        let ending = g.view.ending.as_ref().expect("an ending");
        assert_eq!(
            g.standing().last().unwrap().ending.as_deref(),
            Some(ending.id.as_str())
        );
    }
    let ballots = c
        .log()
        .iter()
        .filter(|l| matches!(l.event, Event::Ballot { .. }))
        .count();
    let recorded: usize = c
        .groups()
        .iter()
        .flat_map(|g| &g.decisions)
        .flat_map(|d| &d.polls)
        .map(|p| p.cast.len())
        .sum();
    assert_eq!(ballots, recorded, "every ballot cast is in the record");
    assert_eq!(seen(&replayed(&c)), seen(&c));
}

mod log_file {
    use std::fs;

    use super::*;
    use aftermath::class::LogError;

    fn played(path: &std::path::Path) -> Class {
        let mut s = setup(&["soldier", "planner"]);
        s.vote_seconds = Some(20);
        let mut c = Class::create(fixture("minimal"), s, path).unwrap();
        let seats = join(&mut c, 0, 2, 1);
        act(&mut c, 100, Action::Open(Target::Group(0))).unwrap();
        vote(&mut c, 200, seats[0], 0).unwrap();
        c
    }

    #[test]
    fn a_class_resumes_from_its_log_with_the_same_code_seats_and_votes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("class.jsonl");
        let c = played(&path);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().count(),
            1 + c.log().len(),
            "a header and one line per event"
        );
        drop(c);
        let mut again = Class::resume(fixture("minimal"), &path).unwrap();
        assert_eq!(again.code(), "K7QX");
        assert_eq!(again.seat_of(&token(2)), Some(2));
        assert_eq!(again.groups()[0].poll.as_ref().unwrap().ballots.len(), 1);
        // It goes on appending: the second ballot closes the vote, and a third start sees it.
        vote(&mut again, 300, 2, 0).unwrap();
        drop(again);
        let third = Class::resume(fixture("minimal"), &path).unwrap();
        assert_eq!(third.groups()[0].decisions.len(), 1);
        assert!(
            Class::create(fixture("minimal"), setup(&["soldier"]), &path).is_err_and(|e| matches!(
                e,
                aftermath::class::ClassError::Log(LogError::Exists { .. })
            ))
        );
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("class.jsonl");
        let events = played(&path).log().len();
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"{\"at\":300,\"event\":\"bal");
        fs::write(&path, &bytes).unwrap();
        let mut again = Class::resume(fixture("minimal"), &path).unwrap();
        assert!(again.dropped_torn_line());
        assert_eq!(again.log().len(), events);
        vote(&mut again, 300, 2, 0).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("\"bal\n") && !text.contains("\"event\":\"bal{"),
            "{text}"
        );
        assert!(Class::resume(fixture("minimal"), &path).is_ok());
    }

    #[test]
    fn a_damaged_or_foreign_log_is_refused_with_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("class.jsonl");
        played(&path);
        let good = fs::read_to_string(&path).unwrap();
        let other = dir.path().join("other.jsonl");
        // Another story.
        let e = Class::resume(bundled(), &path).unwrap_err().to_string();
        assert!(
            e.contains("class.jsonl") && e.contains("same story files"),
            "{e}"
        );
        // A line that is not an event.
        let mut lines: Vec<&str> = good.lines().collect();
        lines[2] = "{\"at\":1,\"event\":\"vanished\"}";
        fs::write(&other, lines.join("\n") + "\n").unwrap();
        let e = Class::resume(fixture("minimal"), &other)
            .unwrap_err()
            .to_string();
        assert!(e.contains("other.jsonl:3: not a class event"), "{e}");
        // An event that does not fit: a ballot by a seat that never joined.
        let mut lines: Vec<&str> = good.lines().collect();
        lines.push(
            "{\"at\":1,\"event\":\"ballot\",\"group\":0,\"round\":1,\"seat\":9,\"choice\":0}",
        );
        fs::write(&other, lines.join("\n") + "\n").unwrap();
        let e = Class::resume(fixture("minimal"), &other)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!(
                "other.jsonl:{}: the log does not replay",
                lines.len()
            )),
            "{e}"
        );
        // Not a log at all.
        for bytes in [
            &b""[..],
            b"\n",
            b"\xff\xfe\n",
            b"[1,2,3]\n",
            b"{\"aftermath_class\":99}\n",
        ] {
            fs::write(&other, bytes).unwrap();
            let e = Class::resume(fixture("minimal"), &other)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(&format!("{}:1: ", other.display())), "{e}");
        }
        // Only the start of the header, cut off by a crash: said so, not "empty".
        fs::write(&other, &good.as_bytes()[..good.find('\n').unwrap() / 2]).unwrap();
        let e = Class::resume(fixture("minimal"), &other)
            .unwrap_err()
            .to_string();
        assert!(e.contains(":1: the file holds no whole line"), "{e}");
        fs::write(&other, b"").unwrap();
        let e = Class::resume(fixture("minimal"), &other)
            .unwrap_err()
            .to_string();
        assert!(e.contains(":1: the file is empty"), "{e}");
        // A log that is not there names itself and what failed.
        let gone = dir.path().join("gone.jsonl");
        let e = Class::resume(fixture("minimal"), &gone)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("gone.jsonl") && e.contains("cannot read or write the class log"),
            "{e}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn any_bytes_appended_to_a_log_give_a_class_or_an_error_never_a_panic(extra in proptest::collection::vec(any::<u8>(), 0..300)) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("class.jsonl");
            played(&path);
            let mut bytes = fs::read(&path).unwrap();
            bytes.extend_from_slice(&extra);
            fs::write(&path, &bytes).unwrap();
            let _ = Class::resume(fixture("minimal"), &path);
        }
    }
}
