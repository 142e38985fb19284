//! Shared by the classroom tests: seat tokens, a class of the bundled story with its seats
//! taken, and a round of random ballots.

use aftermath::class::{Class, ClassSetup, Command, GroupPick, Token};
use aftermath::tools::playthrough::splitmix64;

/// A test seat's token: distinct per `n`, with bytes that make its hex easy to search for.
pub(crate) fn token(n: u32) -> Token {
    let mut t = [0u8; 16];
    t[..4].copy_from_slice(&n.to_le_bytes());
    t[8] = 0x5C;
    t[15] = 0xD3;
    Token(t)
}

/// A class of the bundled story that runs itself (30 s votes), `seats` students spread over
/// the groups of `roles`.
pub(crate) fn bundled_class(title: &str, roles: &[&str], seats: u32) -> Class {
    let mut s = ClassSetup::new(title, roles, 11, "AB12");
    s.auto = true;
    s.vote_seconds = Some(30);
    let mut c = Class::new(crate::bundled(), s).expect("the class starts");
    for i in 0..seats {
        let join = Command::Join {
            token: token(i),
            group: GroupPick::Any,
            name: None,
        };
        c.handle(0, join).expect("a seat");
    }
    c
}

/// Every seat votes at `now` for a random option of its group's open vote (`rng` is a
/// splitmix64 state); refused ballots are left out.
pub(crate) fn random_ballots(c: &mut Class, now: u64, rng: &mut u64) {
    let seats: Vec<u32> = c
        .seats()
        .iter()
        .filter(|s| !s.removed)
        .map(|s| s.id)
        .collect();
    for seat in seats {
        *rng = splitmix64(*rng);
        let group = c.seat(seat).map_or(0, |s| s.group);
        let Some(p) = &c.groups()[group].poll else {
            continue;
        };
        let choice = p.options[(*rng % p.options.len() as u64) as usize];
        let round = p.round;
        let _ = c.handle(
            now,
            Command::Vote {
                seat,
                round,
                choice,
            },
        );
    }
}
