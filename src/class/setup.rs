//! How the teacher set up a class: its groups and their roles, the vote timer, the tie rule,
//! what students see, and the join code.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A seat's number in the class, from 1, in the order students joined.
pub type SeatId = u32;

/// The most seats a class takes unless the teacher says otherwise.
pub const DEFAULT_SEAT_CAP: u32 = 60;

/// What happens when a vote ends in a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TieRule {
    /// A short revote between the tied choices; if that ties too, the facilitator decides.
    #[default]
    Revote,
    /// The facilitator decides at once.
    Facilitator,
}

/// One group of students playing one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSetup {
    /// Shown to students and on the projector, e.g. "Group 1".
    pub name: String,
    /// The story's role id, e.g. `soldier`.
    pub role: String,
    /// A start preset the role declares (e.g. `as-reported`), or the role's own start.
    pub preset: Option<String>,
}

/// Everything the teacher chose before the class started. Stored at the head of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSetup {
    /// The class's title (the story's, unless the teacher named it).
    pub title: String,
    pub groups: Vec<GroupSetup>,
    /// Seeds every group's random draws; groups of one role share a seed.
    pub seed: u64,
    /// Seconds a vote stays open, or no timer.
    pub vote_seconds: Option<u32>,
    pub tie: TieRule,
    /// Show the tally while a vote is open (otherwise only once it closes, or when revealed).
    pub live_results: bool,
    /// Students give a name; otherwise they get a generated nickname.
    pub names: bool,
    /// The most seats the class takes.
    pub seat_cap: u32,
    /// Votes open by themselves when a passage with choices appears.
    pub auto: bool,
    /// The join code students type (4 to 6 letters and digits).
    pub code: String,
}

impl ClassSetup {
    /// A setup with the defaults the issue asks for: no timer, revote on ties, hidden results,
    /// anonymous nicknames, 60 seats, votes opened by the facilitator; groups named "Group N".
    pub fn new(title: &str, roles: &[&str], seed: u64, code: &str) -> ClassSetup {
        ClassSetup {
            title: title.to_owned(),
            groups: roles
                .iter()
                .enumerate()
                .map(|(i, role)| GroupSetup {
                    name: format!("Group {}", i + 1),
                    role: (*role).to_owned(),
                    preset: None,
                })
                .collect(),
            seed,
            vote_seconds: None,
            tie: TieRule::Revote,
            live_results: false,
            names: false,
            seat_cap: DEFAULT_SEAT_CAP,
            auto: false,
            code: code.to_owned(),
        }
    }
}

/// A seat's secret: 128 random bits the student's browser keeps to get its seat back.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(pub [u8; 16]);

impl Token {
    /// Reads 32 hex digits (either case); anything else is not a token.
    pub fn from_hex(text: &str) -> Option<Token> {
        let bytes = text.as_bytes();
        if bytes.len() != 32 {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = u8::try_from(hi * 16 + lo).ok()?;
        }
        Some(Token(out))
    }

    /// 32 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        use fmt::Write;
        self.0.iter().fold(String::with_capacity(32), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

impl fmt::Debug for Token {
    /// Never prints the secret itself, so tokens don't end up in logs of debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Serialize for Token {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Token, D::Error> {
        let text = String::deserialize(d)?;
        Token::from_hex(&text).ok_or_else(|| serde::de::Error::custom("a token is 32 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_hex_and_refuse_anything_else() {
        let t = Token([0xab, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xff]);
        assert_eq!(t.to_hex(), "ab0102030405060708090a0b0c0d0eff");
        assert_eq!(Token::from_hex(&t.to_hex()), Some(t));
        assert_eq!(Token::from_hex(&t.to_hex().to_uppercase()), Some(t));
        for bad in [
            "",
            "ab",
            &"g".repeat(32),
            &"a".repeat(33),
            "ééééééééééééééée",
        ] {
            assert_eq!(Token::from_hex(bad), None, "{bad}");
        }
        assert_eq!(format!("{t:?}"), "Token(…)");
    }
}
