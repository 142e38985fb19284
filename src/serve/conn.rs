//! One student's WebSocket: the Origin check, limits, hello and ballots in, views out.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::watch;

use super::limit::{Bucket, Verdict};
use super::protocol::{ClientMsg, GroupField, MAX_MESSAGE, ServerMsg};
use super::random::{new_token, same_code};
use super::shared::Shared;
use crate::class::{Command, GroupPick, SeatId, Token};

/// A connection that sends nothing for this long is closed (the page pings every 20 s).
const IDLE: Duration = Duration::from_secs(60);
/// A phone that does not take a message within this time is dropped (it will reconnect).
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes waiting to be written to one connection at most.
const MAX_WRITE_BUFFER: usize = 256 * 1024;

#[derive(Clone)]
pub(super) struct App {
    pub(super) shared: Arc<Shared>,
    pub(super) stop: watch::Receiver<bool>,
}

/// True when the request comes to one of our own addresses and, if it says where it comes
/// from (browsers always do), from the page this server served.
pub(super) fn origin_ok(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return false;
    }
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => true,
        Some(Ok(origin)) => origin.eq_ignore_ascii_case(&format!("http://{host}")),
        Some(Err(_)) => false,
    }
}

pub(super) async fn upgrade(
    State(app): State<App>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !origin_ok(&headers, &app.shared.hosts) {
        return (
            StatusCode::FORBIDDEN,
            "Only the class page served by this computer may connect here.\n",
        )
            .into_response();
    }
    let Some(slot) = app.shared.open_connection() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many connections; try again in a moment.\n",
        )
            .into_response();
    };
    upgrade
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        .on_upgrade(move |socket| async move {
            Connection::new(app.shared.clone())
                .run(socket, app.stop)
                .await;
            drop(slot);
        })
}

/// What one connection knows about its student.
struct Connection {
    shared: Arc<Shared>,
    seat: Option<SeatId>,
    /// The last `state` or `pick` message sent, to send only changes.
    last_sent: String,
    /// The student was shown the group list and has not joined yet.
    picking: bool,
    bucket: Bucket,
    /// The language this phone reads the story in (`None`: the story's own).
    lang: Option<String>,
}

/// What to do after a message.
enum Next {
    Go,
    Close,
}

impl Connection {
    fn new(shared: Arc<Shared>) -> Connection {
        Connection {
            shared,
            seat: None,
            last_sent: String::new(),
            picking: false,
            bucket: Bucket::new(Instant::now()),
            lang: None,
        }
    }

    async fn run(mut self, socket: WebSocket, mut stop: watch::Receiver<bool>) {
        let (mut tx, mut rx) = socket.split();
        let mut changes = self.shared.subscribe();
        loop {
            let (out, next) = tokio::select! {
                incoming = tokio::time::timeout(IDLE, rx.next()) => match incoming {
                    Err(_) => (vec![ServerMsg::error("idle", "No message for a minute; closing.")], Next::Close),
                    Ok(None | Some(Ok(Message::Close(_)))) => break,
                    Ok(Some(Ok(Message::Text(text)))) => self.message(text.as_str()),
                    Ok(Some(Ok(Message::Binary(_)))) => self.refuse_or_close(ServerMsg::error("bad-message", "Messages are JSON text.")),
                    Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => (Vec::new(), Next::Go),
                    Ok(Some(Err(e))) => (read_error(e), Next::Close),
                },
                changed = changes.changed() => match changed {
                    Ok(()) => (self.refresh(), Next::Go),
                    Err(_) => break,
                },
                _ = stop.wait_for(|s| *s) => (Vec::new(), Next::Close),
            };
            let removed = out.iter().any(|m| matches!(m, ServerMsg::Removed { .. }));
            for msg in out {
                if send(&mut tx, Message::Text(msg.to_json().into()))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            if removed || matches!(next, Next::Close) {
                let _ = send(
                    &mut tx,
                    Message::Close(Some(CloseFrame {
                        code: 1000,
                        reason: "closing".into(),
                    })),
                )
                .await;
                return;
            }
        }
    }

    /// The rate limit first, then the message itself. A seated student's messages also count
    /// against the seat's own budget, so several tabs (or connections) holding one token
    /// share one rate.
    fn message(&mut self, text: &str) -> (Vec<ServerMsg>, Next) {
        let now = Instant::now();
        let verdict = match (self.bucket.take(now), self.seat) {
            (Verdict::Accept, Some(seat)) => self.shared.seat_budget(seat, now),
            (verdict, _) => verdict,
        };
        match verdict {
            Verdict::Accept => {}
            Verdict::Refuse => {
                return (
                    vec![ServerMsg::error(
                        "rate-limited",
                        "Too many messages; slow down.",
                    )],
                    Next::Go,
                );
            }
            Verdict::Close => {
                return (
                    vec![ServerMsg::error(
                        "rate-limited",
                        "Too many messages; closing this connection.",
                    )],
                    Next::Close,
                );
            }
        }
        match serde_json::from_str::<ClientMsg>(text) {
            Ok(ClientMsg::Ping) => (vec![ServerMsg::Pong], Next::Go),
            Ok(ClientMsg::Hello {
                code,
                token,
                group,
                name,
                lang,
            }) => match lang.map(|l| self.set_lang(&l)) {
                Some(Err(e)) => (vec![e], Next::Go),
                _ => (
                    self.hello(&code, token.as_deref(), group, name.as_deref()),
                    Next::Go,
                ),
            },
            Ok(ClientMsg::Lang { lang }) => match self.set_lang(&lang) {
                Err(e) => (vec![e], Next::Go),
                // The view (or group list) in the new language, if the phone has one.
                Ok(()) if self.seat.is_some() || self.picking => (self.refresh(), Next::Go),
                Ok(()) => (Vec::new(), Next::Go),
            },
            Ok(ClientMsg::Vote { round, choice }) => (self.vote(round, choice), Next::Go),
            Err(e) => (
                vec![ServerMsg::error(
                    "bad-message",
                    format!("Not a message of the class protocol: {e}"),
                )],
                Next::Go,
            ),
        }
    }

    /// Takes `lang` as this phone's language if it is a language code.
    fn set_lang(&mut self, lang: &str) -> Result<(), ServerMsg> {
        if !crate::i18n::valid_lang(lang) {
            return Err(ServerMsg::error(
                "bad-lang",
                "A language is a code such as \"en\" or \"ko\".",
            ));
        }
        self.lang = Some(lang.to_owned());
        Ok(())
    }

    fn refuse_or_close(&mut self, msg: ServerMsg) -> (Vec<ServerMsg>, Next) {
        match self.bucket.take(Instant::now()) {
            Verdict::Close => (vec![msg], Next::Close),
            _ => (vec![msg], Next::Go),
        }
    }

    fn hello(
        &mut self,
        code: &str,
        token: Option<&str>,
        group: Option<GroupField>,
        name: Option<&str>,
    ) -> Vec<ServerMsg> {
        if !same_code(code, &self.shared.code) {
            return vec![ServerMsg::error(
                "wrong-code",
                "That is not this class's code. Check the code your teacher shows.",
            )];
        }
        if let Some(token) = token {
            let seat =
                Token::from_hex(token).and_then(|t| self.shared.with_class(|c| c.seat_of(&t)));
            return match seat {
                Some(seat) => self.seated(seat, token.to_owned()),
                None => vec![ServerMsg::error(
                    "unknown-token",
                    "This browser's seat is not in this class; join again.",
                )],
            };
        }
        let pick = match group {
            None => {
                self.picking = true;
                let pick = self.pick();
                self.last_sent = pick.to_json();
                return vec![pick];
            }
            Some(GroupField::Index(i)) => GroupPick::Index(i),
            Some(GroupField::Word(w)) if w == "any" => GroupPick::Any,
            Some(GroupField::Word(w)) => {
                return vec![ServerMsg::error(
                    "no-such-group",
                    format!("There is no group {w:?}; pick one from the list."),
                )];
            }
        };
        let token = match new_token() {
            Ok(t) => t,
            Err(e) => return vec![ServerMsg::error("bad-message", e.to_string())],
        };
        let join = Command::Join {
            token,
            group: pick,
            // The class cleans and shortens names (class::nickname::clean).
            name: name.map(str::to_owned),
        };
        match self.shared.handle(join) {
            Ok(_) => match self.shared.with_class(|c| c.seat_of(&token)) {
                Some(seat) => self.seated(seat, token.to_hex()),
                None => vec![ServerMsg::error(
                    "not-joined",
                    "The class did not seat you.",
                )],
            },
            Err(r) => vec![ServerMsg::error(r.code(), r.to_string())],
        }
    }

    /// Welcome and the first view for a student now in `seat`.
    fn seated(&mut self, seat: SeatId, token: String) -> Vec<ServerMsg> {
        self.seat = Some(seat);
        self.picking = false;
        let Some(view) = self.view() else {
            self.seat = None;
            return vec![ServerMsg::Removed {
                message: "The teacher removed this seat.".into(),
            }];
        };
        let nickname = view["nickname"].as_str().unwrap_or_default().to_owned();
        let group = view["group"]
            .as_u64()
            .and_then(|g| usize::try_from(g).ok())
            .unwrap_or(0);
        let state = ServerMsg::State { view };
        self.last_sent = state.to_json();
        vec![
            ServerMsg::Welcome {
                token,
                seat,
                nickname,
                group,
            },
            state,
        ]
    }

    fn vote(&mut self, round: u32, choice: usize) -> Vec<ServerMsg> {
        let Some(seat) = self.seat else {
            return vec![ServerMsg::error(
                "not-joined",
                "Join the class before voting.",
            )];
        };
        match self.shared.handle(Command::Vote {
            seat,
            round,
            choice,
        }) {
            // The new state arrives through `refresh`, like everyone else's.
            Ok(_) => Vec::new(),
            Err(r) => vec![ServerMsg::error(r.code(), r.to_string())],
        }
    }

    fn view(&self) -> Option<serde_json::Value> {
        let seat = self.seat?;
        self.shared.with_class(|c| {
            c.student_view_in(seat, self.lang.as_deref())
                .and_then(|v| serde_json::to_value(v).ok())
        })
    }

    fn pick(&self) -> ServerMsg {
        ServerMsg::Pick(self.shared.with_class(|c| {
            serde_json::to_value(c.pick_list_in(self.lang.as_deref())).unwrap_or_default()
        }))
    }

    /// After a change: this student's view (or the group list) if it differs from the last sent.
    fn refresh(&mut self) -> Vec<ServerMsg> {
        let msg = if self.seat.is_some() {
            match self.view() {
                Some(view) => ServerMsg::State { view },
                None => {
                    self.seat = None;
                    return vec![ServerMsg::Removed {
                        message: "The teacher removed this seat.".into(),
                    }];
                }
            }
        } else if self.picking {
            self.pick()
        } else {
            return Vec::new();
        };
        let json = msg.to_json();
        if json == self.last_sent {
            return Vec::new();
        }
        self.last_sent = json;
        vec![msg]
    }
}

async fn send(
    tx: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    msg: Message,
) -> Result<(), ()> {
    match tokio::time::timeout(SEND_TIMEOUT, tx.send(msg)).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

/// The reply to a failed read: `too-large` for a message over the limit.
fn read_error(e: axum::Error) -> Vec<ServerMsg> {
    let inner = e.into_inner();
    match inner.downcast_ref::<tokio_tungstenite::tungstenite::Error>() {
        Some(tokio_tungstenite::tungstenite::Error::Capacity(_)) => vec![ServerMsg::error(
            "too-large",
            format!("A message may be at most {MAX_MESSAGE} bytes; closing this connection."),
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: &str, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn only_our_own_page_may_connect() {
        let hosts = vec!["192.168.1.20:7878".to_owned()];
        assert!(origin_ok(
            &headers("192.168.1.20:7878", Some("http://192.168.1.20:7878")),
            &hosts
        ));
        assert!(origin_ok(&headers("192.168.1.20:7878", None), &hosts));
        assert!(!origin_ok(
            &headers("192.168.1.20:7878", Some("http://evil.example")),
            &hosts
        ));
        assert!(!origin_ok(
            &headers("192.168.1.20:7878", Some("https://192.168.1.20:7878")),
            &hosts
        ));
        // A DNS name pointed at the laptop (rebinding): its own origin, but not our host.
        assert!(!origin_ok(
            &headers("evil.example:7878", Some("http://evil.example:7878")),
            &hosts
        ));
        assert!(!origin_ok(&HeaderMap::new(), &hosts));
    }
}
