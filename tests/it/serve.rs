//! The class server over loopback: whole classes of simulated students (with a crash and a
//! resume), and bad input refused with the protocol's error codes while the class goes on.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aftermath::class::{Action, Class, ClassSetup, Event, Target, TieRule};
use aftermath::serve::Server;
use aftermath::serve::bots::{self, BotsConfig, BotsReport};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Kills the server when a test fails half-way.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `aftermath class serve ARGS` and reads its join URL.
fn serve(args: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftermath"))
        .args(["class", "serve"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Students open: ") {
                let _ = tx.send(url.trim().to_owned());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the server prints its join URL");
    Served { child, url }
}

fn ballots_in(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .expect("the log is there")
        .lines()
        .filter(|l| l.contains(r#""event":"ballot""#))
        .count()
}

fn bots_config(url: &str, students: usize, seed: u64) -> BotsConfig {
    BotsConfig {
        url: url.to_owned(),
        code: bots::code_in_url(url).expect("the URL has the code"),
        students,
        seed,
        timeout: Duration::from_secs(60),
        delay_ms: (10, 150),
        report: None,
    }
}

/// Waits for the server to exit by itself (with --auto, once every group ended).
fn exits_by_itself(served: &mut Served) {
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = served.child.try_wait().expect("wait") {
            assert!(status.success(), "the server exited with {status}");
            return;
        }
        assert!(
            Instant::now() < end,
            "the server did not end with the class"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn assert_every_ballot_counted(report: &BotsReport, log: &Path) {
    assert_eq!(report.groups, 4, "{report}");
    assert_eq!(report.groups_ended, 4, "{report}");
    assert_eq!(report.uncertain, 0, "{report}");
    assert!(report.ballots > 40, "{report}");
    assert_eq!(ballots_in(log) as u64, report.ballots, "{report}");
}

#[test]
fn forty_students_in_four_groups_play_to_every_ending() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("class.jsonl");
    let mut served = serve(&[
        "--groups",
        "soldier,soldier,planner,planner",
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--vote-seconds",
        "5",
        "--auto",
        "--seed",
        "7",
        "--log",
        log.to_str().unwrap(),
    ]);
    let report = bots::run(&bots_config(&served.url, 40, 1)).expect("the bots finish");
    exits_by_itself(&mut served);
    assert_every_ballot_counted(&report, &log);
}

#[test]
fn a_killed_server_resumes_from_its_log_and_loses_no_ballot() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("class.jsonl");
    let log_arg = log.to_str().unwrap().to_owned();
    let mut served = serve(&[
        "--groups",
        "soldier,soldier,planner,planner",
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--vote-seconds",
        "5",
        "--auto",
        "--seed",
        "11",
        "--log",
        &log_arg,
    ]);
    let port = served
        .url
        .split(':')
        .nth(2)
        .and_then(|p| p.split('/').next())
        .unwrap()
        .to_owned();
    let config = bots_config(&served.url, 40, 2);
    let bots = std::thread::spawn(move || bots::run(&config));
    // Kill it in the middle of a vote: some decisions made, the last event a ballot.
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let decided = text.matches(r#""event":"decided""#).count();
        if decided >= 6
            && text
                .lines()
                .last()
                .is_some_and(|l| l.contains(r#""event":"ballot""#))
        {
            break;
        }
        assert!(Instant::now() < end, "the class never got going");
        std::thread::sleep(Duration::from_millis(5));
    }
    served.child.kill().expect("SIGKILL");
    served.child.wait().unwrap();
    let before = ballots_in(&log);
    std::thread::sleep(Duration::from_millis(300));
    let mut resumed = serve(&["--resume", &log_arg, "--bind", "127.0.0.1", "--port", &port]);
    let report = bots
        .join()
        .unwrap()
        .expect("the bots finish after the restart");
    exits_by_itself(&mut resumed);
    assert!(report.reconnects >= 40, "every bot reconnected: {report}");
    assert!(
        ballots_in(&log) > before,
        "voting went on after the restart"
    );
    assert_every_ballot_counted(&report, &log);
}

// ---- bad input, against a server in this process --------------------------------------

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

pub(crate) async fn connect(
    addr: SocketAddr,
    origin: Option<&str>,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://{addr}/ws").into_client_request()?;
    if let Some(o) = origin {
        request.headers_mut().insert("Origin", o.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(s, _)| s)
}

pub(crate) async fn send(socket: &mut Socket, value: Value) {
    socket
        .send(Message::text(value.to_string()))
        .await
        .expect("sent");
}

/// The next message, skipping `state` pushes unless asked for; `None` when the connection closed.
pub(crate) async fn next(socket: &mut Socket, want_state: bool) -> Option<Value> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("an answer in time");
        match msg {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if want_state || v["t"] != "state" {
                    return Some(v);
                }
            }
            Some(Ok(Message::Close(_)) | Err(_)) | None => return None,
            Some(Ok(_)) => {}
        }
    }
}

pub(crate) async fn error_code(socket: &mut Socket, msg: Value) -> String {
    send(socket, msg).await;
    let reply = next(socket, false).await.expect("a reply");
    assert_eq!(reply["t"], "error", "{reply}");
    reply["code"].as_str().unwrap().to_owned()
}

/// Joins a new seat; returns the socket and the first view.
pub(crate) async fn join(addr: SocketAddr, code: &str) -> (Socket, Value) {
    let mut s = connect(addr, Some(&format!("http://{addr}")))
        .await
        .unwrap();
    send(
        &mut s,
        json!({"t":"hello","code":code,"token":null,"group":"any","name":null}),
    )
    .await;
    let welcome = next(&mut s, false).await.unwrap();
    assert_eq!(welcome["t"], "welcome", "{welcome}");
    let state = next(&mut s, true).await.unwrap();
    assert_eq!(state["t"], "state", "{state}");
    (s, state["view"].clone())
}

/// The first pushed view with an open vote.
async fn open_view(socket: &mut Socket) -> Value {
    loop {
        let v = next(socket, true).await.expect("a view");
        if v["t"] == "state" && v["view"]["vote"]["state"] == "open" {
            return v["view"].clone();
        }
    }
}

#[test]
fn bad_input_is_refused_with_its_code_and_changes_nothing() {
    // Votes opened by the facilitator (a class running by itself settles ties by lot).
    let mut setup = ClassSetup::new("Test", &["soldier"], 1, "ABCDE");
    setup.tie = TieRule::Facilitator;
    let class = Class::new(crate::fixture("minimal"), setup).unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = running.addr();
    let f = running.facilitator();
    let events = || f.with_class(|c| c.log().len());
    let ballots = || {
        f.with_class(|c| {
            c.log()
                .iter()
                .filter(|l| matches!(l.event, Event::Ballot { .. }))
                .count()
        })
    };
    runtime().block_on(async {
        // Another page's origin: 403 before any upgrade.
        match connect(addr, Some("http://evil.example")).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403),
            other => panic!("another origin was let in: {:?}", other.map(|_| ())),
        }
        let mut s = connect(addr, Some(&format!("http://{addr}")))
            .await
            .unwrap();
        let n = events();
        assert_eq!(
            error_code(
                &mut s,
                json!({"t":"hello","code":"WRONG","token":null,"group":"any"})
            )
            .await,
            "wrong-code"
        );
        let forged = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            error_code(&mut s, json!({"t":"hello","code":"abcde","token":forged})).await,
            "unknown-token"
        );
        assert_eq!(
            error_code(
                &mut s,
                json!({"t":"hello","code":"ABCDE","token":"not hex"})
            )
            .await,
            "unknown-token"
        );
        assert_eq!(
            error_code(&mut s, json!({"t":"vote","round":1,"choice":0})).await,
            "not-joined"
        );
        s.send(Message::text("{\"t\":\"vote\",")).await.unwrap();
        assert_eq!(next(&mut s, false).await.unwrap()["code"], "bad-message");
        s.send(Message::text(r#"{"t":"launch","missiles":true}"#))
            .await
            .unwrap();
        assert_eq!(next(&mut s, false).await.unwrap()["code"], "bad-message");
        assert_eq!(events(), n, "nothing changed");
        // Still usable after all that.
        send(&mut s, json!({"t":"ping"})).await;
        assert_eq!(next(&mut s, false).await.unwrap()["t"], "pong");

        // Two students; the facilitator opens the vote.
        let (mut a, _) = join(addr, "ABCDE").await;
        let (mut b, _) = join(addr, "abcde").await;
        f.act(Action::Open(Target::All)).unwrap();
        let view = open_view(&mut a).await;
        let round = view["vote"]["round"].as_u64().unwrap();
        let n = ballots();
        assert_eq!(
            error_code(&mut a, json!({"t":"vote","round":round + 5,"choice":0})).await,
            "wrong-round"
        );
        assert_eq!(
            error_code(&mut a, json!({"t":"vote","round":round,"choice":9})).await,
            "no-such-choice"
        );
        assert_eq!(ballots(), n);
        // A tie (Wait against Report) waits for the facilitator: the vote is closed.
        send(&mut a, json!({"t":"vote","round":round,"choice":0})).await;
        send(&mut b, json!({"t":"vote","round":round,"choice":2})).await;
        let end = Instant::now() + Duration::from_secs(5);
        while f.view().groups[0].vote.state != "deciding" {
            assert!(
                Instant::now() < end,
                "the tie was not held for the facilitator"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let n = ballots();
        assert_eq!(n, 2);
        assert_eq!(
            error_code(&mut a, json!({"t":"vote","round":round,"choice":2})).await,
            "vote-closed"
        );
        assert_eq!(ballots(), n);
        // Waiting raised suspicion: Run is now disabled.
        f.act(Action::Override {
            group: 0,
            choice: 0,
        })
        .unwrap();
        f.act(Action::Open(Target::All)).unwrap();
        let view = open_view(&mut a).await;
        let disabled = view["choices"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c["enabled"] == false)
            .unwrap_or_else(|| panic!("Run is disabled now: {view}"));
        let round = view["vote"]["round"].as_u64().unwrap();
        assert_eq!(
            error_code(&mut a, json!({"t":"vote","round":round,"choice":disabled})).await,
            "choice-disabled"
        );
        assert_eq!(ballots(), n);

        // A 1 MB message closes the connection (with `too-large` when the socket lets it say so).
        let n = events();
        let mut big = connect(addr, None).await.unwrap();
        let _ = big.send(Message::text("x".repeat(1 << 20))).await;
        if let Some(v) = next(&mut big, false).await {
            assert_eq!(v["code"], "too-large", "{v}");
            assert!(
                next(&mut big, false).await.is_none(),
                "closed after too-large"
            );
        }
        // 1,000 messages at once: refused past the burst, then the connection is closed.
        let mut flood = connect(addr, None).await.unwrap();
        for _ in 0..1000 {
            if flood.feed(Message::text(r#"{"t":"ping"}"#)).await.is_err() {
                break;
            }
        }
        let _ = flood.flush().await;
        let (mut pongs, mut limited) = (0, 0);
        while let Some(v) = next(&mut flood, false).await {
            match v["t"].as_str() {
                Some("pong") => pongs += 1,
                Some("error") if v["code"] == "rate-limited" => limited += 1,
                _ => panic!("unexpected {v}"),
            }
        }
        assert!(pongs <= 60, "{pongs} messages got through");
        assert!(limited >= 1, "the flood was not refused");
        assert_eq!(events(), n, "the class did not notice");
        // The students are still fine.
        send(&mut a, json!({"t":"ping"})).await;
        assert_eq!(next(&mut a, false).await.unwrap()["t"], "pong");
        let _ = (a.close(None).await, b.close(None).await);
    });
    running.shutdown().unwrap();
}

#[test]
fn a_taken_port_is_named_in_the_error() {
    let class = || {
        Class::new(
            crate::fixture("minimal"),
            ClassSetup::new("T", &["soldier"], 1, "ABCDE"),
        )
        .unwrap()
    };
    let first = Server::start(class(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let err = Server::start(class(), first.addr())
        .err()
        .expect("the port is taken");
    let text = err.to_string();
    assert!(
        text.contains(&first.addr().to_string()) && text.contains("in use"),
        "{text}"
    );
    let err = Server::start(class(), "192.0.2.1:7878".parse().unwrap())
        .err()
        .expect("not our address");
    assert!(
        err.to_string().contains("not an address of this computer"),
        "{err}"
    );
    first.shutdown().unwrap();
}

#[test]
fn the_page_is_served_and_nothing_else() {
    let class = Class::new(
        crate::fixture("minimal"),
        ClassSetup::new("T", &["soldier"], 1, "ABCDE"),
    )
    .unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let get = |path: &str| {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(running.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            running.addr()
        )
        .unwrap();
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        text
    };
    let page = get("/?code=ABCDE");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("content-security-policy"), "{page}");
    assert!(page.contains("<button"), "the student page");
    assert!(get("/admin").starts_with("HTTP/1.1 404"));
    assert!(running.url().ends_with("/?code=ABCDE"), "{}", running.url());
    running.shutdown().unwrap();
}

#[test]
fn connections_holding_one_token_share_its_message_budget() {
    let class = Class::new(
        crate::fixture("minimal"),
        ClassSetup::new("Test", &["soldier"], 1, "ABCDE"),
    )
    .unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = running.addr();
    let origin = format!("http://{addr}");
    runtime().block_on(async {
        let mut first = connect(addr, Some(&origin)).await.unwrap();
        send(
            &mut first,
            json!({"t":"hello","code":"ABCDE","token":null,"group":"any","name":null}),
        )
        .await;
        let welcome = next(&mut first, false).await.unwrap();
        let token = welcome["token"].as_str().unwrap().to_owned();
        let mut second = connect(addr, Some(&origin)).await.unwrap();
        send(
            &mut second,
            json!({"t":"hello","code":"ABCDE","token":token,"group":null,"name":null}),
        )
        .await;
        assert_eq!(next(&mut second, false).await.unwrap()["t"], "welcome");
        // 30 messages on each: within each connection's burst of 40, but 60 for the seat.
        for socket in [&mut first, &mut second] {
            for _ in 0..30 {
                socket.feed(Message::text(r#"{"t":"ping"}"#)).await.unwrap();
            }
            socket.flush().await.unwrap();
        }
        // One answer per message (a pong or a refusal), unless the flood closed the socket.
        let mut limited = 0;
        for socket in [&mut first, &mut second] {
            for _ in 0..30 {
                match next(socket, false).await {
                    Some(v) if v["code"] == "rate-limited" => limited += 1,
                    Some(_) => {}
                    None => break,
                }
            }
        }
        assert!(
            limited >= 10,
            "one seat's two tabs got {limited} refusals for 60 messages"
        );
    });
    running.shutdown().unwrap();
}

#[test]
fn phones_get_the_scene_picture_and_only_the_storys_pictures_are_served() {
    let story = crate::fixture("sources");
    let class = Class::new(
        std::sync::Arc::clone(&story),
        ClassSetup::new("T", &["reader"], 1, "PICTS"),
    )
    .unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = running.addr();
    let get = |path: &str| {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        bytes
    };
    // A student's view names the scene's map, at the URL that serves its bytes.
    let view = runtime().block_on(async {
        let (_socket, view) = join(addr, "PICTS").await;
        view
    });
    let picture = &view["picture"];
    assert_eq!(
        picture["alt"],
        "A map of the border region, the crossing marked with a red dot."
    );
    let url = picture["url"].as_str().expect("a URL");
    let response = get(url);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: image/png"), "{head}");
    let map = story.picture("maps/region.png").expect("the map");
    assert_eq!(&response[split + 4..], &map.bytes[..]);
    // The page may load pictures from its own server.
    let page = String::from_utf8_lossy(&get("/?code=PICTS")).to_string();
    assert!(page.contains("img-src 'self' data:"), "{page}");
    for bad in [
        "/picture/2",
        "/picture/-1",
        "/picture/x",
        "/picture/99999999999999999999",
        "/picture/../story.ron",
    ] {
        let r = String::from_utf8_lossy(&get(bad)).to_string();
        assert!(r.starts_with("HTTP/1.1 404"), "{bad}: {r}");
    }
    running.shutdown().unwrap();
}
