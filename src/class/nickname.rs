//! Friendly generated nicknames ("Quiet Heron"), and cleaning the names students type.

const ADJECTIVES: [&str; 32] = [
    "Quiet", "Brave", "Calm", "Clever", "Swift", "Gentle", "Bright", "Steady", "Curious",
    "Patient", "Bold", "Kind", "Keen", "Lucky", "Merry", "Nimble", "Proud", "Quick", "Shy",
    "Sunny", "Tidy", "Wise", "Witty", "Eager", "Jolly", "Lively", "Noble", "Plucky", "Sharp",
    "Silent", "Sturdy", "Warm",
];

const ANIMALS: [&str; 32] = [
    "Heron", "Otter", "Badger", "Crane", "Fox", "Hare", "Lynx", "Magpie", "Marten", "Owl", "Panda",
    "Puffin", "Raven", "Robin", "Seal", "Sparrow", "Stork", "Swan", "Tiger", "Turtle", "Walrus",
    "Wolf", "Wren", "Yak", "Beaver", "Bison", "Camel", "Deer", "Eagle", "Falcon", "Gecko", "Ibex",
];

/// The longest name a student may type, in characters.
pub const MAX_NAME_CHARS: usize = 24;

/// A nickname for a seat, not used by anyone in `taken`: the same seed and seat always give the
/// same name, so a replayed log names everyone alike.
pub fn generate(seed: u64, seat: u32, taken: &[&str]) -> String {
    let mut z = seed ^ u64::from(seat).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for round in 0u32.. {
        z = crate::tools::playthrough::splitmix64(z);
        let a = ADJECTIVES[(z % 32) as usize];
        let b = ANIMALS[((z >> 8) % 32) as usize];
        let name = if round < 64 {
            format!("{a} {b}")
        } else {
            format!("{a} {b} {seat}")
        };
        if !taken.contains(&name.as_str()) {
            return name;
        }
    }
    format!("Seat {seat}")
}

/// A typed name made safe to show: control characters dropped, spaces collapsed, at most
/// [`MAX_NAME_CHARS`] characters; `None` when nothing is left.
pub fn clean(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let joined: String = words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .take(MAX_NAME_CHARS)
        .collect();
    let joined = joined.trim().to_owned();
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_are_stable_and_unique() {
        let a = generate(7, 1, &[]);
        assert_eq!(a, generate(7, 1, &[]));
        let b = generate(7, 1, &[&a]);
        assert_ne!(a, b);
        let mut taken: Vec<String> = Vec::new();
        for seat in 1..=200 {
            let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
            let n = generate(3, seat, &refs);
            assert!(!taken.contains(&n), "{n} twice");
            taken.push(n);
        }
    }

    #[test]
    fn typed_names_are_cleaned() {
        assert_eq!(clean("  Min\tji \n"), Some("Min ji".to_owned()));
        assert_eq!(clean("\u{202e}evil\u{0007}"), Some("evil".to_owned()));
        assert_eq!(clean(" \n\t "), None);
        assert_eq!(
            clean(&"가".repeat(100)).map(|s| s.chars().count()),
            Some(24)
        );
    }
}
