//! Seat tokens (128 bits from the OS) and join codes (an alphabet without look-alikes).

use crate::class::Token;

/// Join-code letters: no 0/O, 1/I/L, so a code read off a projector is typed right.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a generated join code (the protocol allows 4 to 6).
pub const CODE_LEN: usize = 5;

/// The OS's random generator failed (it does not on any supported system).
#[derive(Debug, thiserror::Error)]
#[error("the system's random number generator failed: {0}")]
pub struct RandomError(String);

fn fill(buf: &mut [u8]) -> Result<(), RandomError> {
    getrandom::fill(buf).map_err(|e| RandomError(e.to_string()))
}

/// A fresh seat token: 128 random bits from the OS.
pub fn new_token() -> Result<Token, RandomError> {
    let mut bytes = [0u8; 16];
    fill(&mut bytes)?;
    Ok(Token(bytes))
}

/// A fresh join code of [`CODE_LEN`] characters from [`CODE_ALPHABET`], uniformly drawn.
pub fn new_code() -> Result<String, RandomError> {
    let mut code = String::with_capacity(CODE_LEN);
    // Rejection sampling: bytes at or above the largest multiple of the alphabet are redrawn.
    let n = CODE_ALPHABET.len();
    let limit = 256 - 256 % n;
    while code.len() < CODE_LEN {
        let mut b = [0u8; 16];
        fill(&mut b)?;
        for byte in b {
            if usize::from(byte) < limit && code.len() < CODE_LEN {
                code.push(char::from(CODE_ALPHABET[usize::from(byte) % n]));
            }
        }
    }
    Ok(code)
}

/// A join code as typed by a student: case and surrounding spaces do not matter.
pub fn same_code(typed: &str, code: &str) -> bool {
    typed.trim().eq_ignore_ascii_case(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        for _ in 0..200 {
            let code = new_code().unwrap();
            assert_eq!(code.len(), CODE_LEN);
            assert!(code.bytes().all(|c| CODE_ALPHABET.contains(&c)), "{code}");
        }
        for bad in b"0O1IL" {
            assert!(!CODE_ALPHABET.contains(bad));
        }
    }

    #[test]
    fn tokens_are_fresh_each_time() {
        let t = new_token().unwrap();
        assert_ne!(new_token().unwrap(), t);
        assert_eq!(Token::from_hex(&t.to_hex()), Some(t));
    }

    #[test]
    fn codes_compare_loosely() {
        assert!(same_code(" k7qxa ", "K7QXA"));
        assert!(!same_code("K7QX", "K7QXA"));
    }
}
