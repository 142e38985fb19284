//! The wire messages of docs/classroom-protocol.md, as serde types (both directions).

use serde::{Deserialize, Serialize};

/// A message is at most this many bytes (text or binary, one frame or several).
pub const MAX_MESSAGE: usize = 4 * 1024;

/// `group` in `hello`: an index, or the word `"any"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GroupField {
    Index(usize),
    Word(String),
}

/// Student → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum ClientMsg {
    Hello {
        code: String,
        #[serde(default)]
        token: Option<String>,
        #[serde(default)]
        group: Option<GroupField>,
        #[serde(default)]
        name: Option<String>,
        /// The language this phone reads the story in (`ko`); the story's own when absent or
        /// when the story lacks it.
        #[serde(default)]
        lang: Option<String>,
    },
    /// Switches this phone's language; the next view comes in it.
    Lang {
        lang: String,
    },
    Vote {
        round: u32,
        choice: usize,
    },
    Ping,
}

/// Server → student. `view` and `pick` are the class's own serialisable views.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum ServerMsg {
    Pick(serde_json::Value),
    Welcome {
        token: String,
        seat: u32,
        nickname: String,
        group: usize,
    },
    State {
        view: serde_json::Value,
    },
    Error {
        code: String,
        message: String,
    },
    Removed {
        message: String,
    },
    Pong,
}

impl ServerMsg {
    pub fn error(code: &str, message: impl Into<String>) -> ServerMsg {
        ServerMsg::Error {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// The message as one line of JSON.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: string keys, no non-finite floats.
        serde_json::to_string(self).unwrap_or_else(|_| {
            String::from(r#"{"t":"error","code":"bad-message","message":"internal"}"#)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_parses_every_group_form() {
        let m: ClientMsg = serde_json::from_str(
            r#"{"t":"hello","code":"K7QX","token":null,"group":null,"name":null}"#,
        )
        .unwrap();
        assert!(matches!(m, ClientMsg::Hello { group: None, .. }));
        let m: ClientMsg =
            serde_json::from_str(r#"{"t":"hello","code":"K7QX","group":2}"#).unwrap();
        assert!(matches!(
            m,
            ClientMsg::Hello {
                group: Some(GroupField::Index(2)),
                ..
            }
        ));
        let m: ClientMsg =
            serde_json::from_str(r#"{"t":"hello","code":"K7QX","group":"any"}"#).unwrap();
        assert!(matches!(
            m,
            ClientMsg::Hello {
                group: Some(GroupField::Word(_)),
                ..
            }
        ));
        for bad in [
            r#"{"t":"vote","round":-1,"choice":0}"#,
            r#"{"t":"shout"}"#,
            "[1,2]",
            "{",
        ] {
            assert!(serde_json::from_str::<ClientMsg>(bad).is_err(), "{bad}");
        }
    }
}
