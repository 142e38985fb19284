//! Quoting for the commands the tools print, so a user can paste them into a POSIX shell.

/// `word` as one POSIX shell word: unchanged when it holds only characters no shell treats
/// specially (letters, digits, `_ - . / , : = + @ %`), else in single quotes, each `'` written
/// as `'\''`. The empty string becomes `''`.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '/' | ',' | ':' | '=' | '+' | '@' | '%')
        });
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn plain_words_stay_and_others_are_single_quoted() {
        assert_eq!(quote("story/after-kursk"), "story/after-kursk");
        assert_eq!(quote("my story"), "'my story'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$HOME;rm"), "'$HOME;rm'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("~/x"), "'~/x'");
    }
}
