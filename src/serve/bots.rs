//! Simulated students for load runs and tests: they join, vote at random among the options
//! with short random delays, rejoin their seat with their token after a drop, and stop when
//! their group's story (or the class) has ended.
//!
//! A bot counts a ballot as cast when the server accepted it: the bot sends `ping` right after
//! its `vote`, and a `pong` with no error before it means the ballot is in. When the connection
//! drops with a ballot unanswered, the bot finds out after rejoining: its seat's `mine` in the
//! same round, or the `last` decision's `mine` once the round has been decided. A ballot it
//! still cannot place is reported as uncertain.
//!
//! For load runs the bots also time each decision ([`Latency`]): for every round a bot voted
//! in, from the moment the group's last ballot of that round left its phone to the moment this
//! phone received the `state` of the next round (or the ending). All bots share one clock, so
//! the last ballot is known. With [`BotsConfig::report`] set (`--report FILE`), [`run`] writes these
//! figures as JSON into FILE when it stops (also after a timeout); `scripts/class-bench.sh`
//! uses it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;
use serde_json::{Value, json};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

/// Connection attempts in a row a bot makes before giving up.
const MAX_RETRIES: u32 = 60;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// How to run the bots.
#[derive(Debug, Clone)]
pub struct BotsConfig {
    /// The join URL (`http://HOST:PORT/?code=…`) or just `http://HOST:PORT`.
    pub url: String,
    pub code: String,
    pub students: usize,
    pub seed: u64,
    pub timeout: Duration,
    /// Delay before voting, drawn uniformly from this range (milliseconds).
    pub delay_ms: (u64, u64),
    /// Write the JSON report (latencies included) here when the bots stop.
    pub report: Option<std::path::PathBuf>,
}

/// What the bots did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BotsReport {
    pub students: usize,
    /// Ballots the server accepted.
    pub ballots: u64,
    /// Ballots sent just before a drop whose fate the bot could not learn.
    pub uncertain: u64,
    pub reconnects: u64,
    /// Groups the bots sat in, and how many of them ended.
    pub groups: usize,
    pub groups_ended: usize,
    /// Decision latencies and error codes seen (for load runs).
    pub latency: Latency,
}

/// What the bots timed: one sample per phone and decided round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Latency {
    /// Microseconds from a round's last ballot sent to this phone's view of the next round.
    pub samples_us: Vec<u64>,
    /// Rounds (group, round) timed.
    pub rounds: usize,
    /// Error messages the server sent, by code.
    pub errors: BTreeMap<String, u64>,
}

impl Latency {
    /// The `p`-quantile (0–1, nearest rank) of the samples in milliseconds.
    pub fn quantile_ms(&self, p: f64) -> Option<f64> {
        let mut v = self.samples_us.clone();
        v.sort_unstable();
        let n = v.len();
        if n == 0 {
            return None;
        }
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
        #[allow(clippy::cast_precision_loss)]
        Some(v[rank - 1] as f64 / 1000.0)
    }

    /// The report as one JSON object (what `--report FILE` gets).
    pub fn to_json(&self, report: &BotsReport, outcome: &str) -> Value {
        let ms = |p: f64| self.quantile_ms(p).map(|x| (x * 100.0).round() / 100.0);
        #[allow(clippy::cast_precision_loss)]
        let mean = (!self.samples_us.is_empty()).then(|| {
            let sum: u64 = self.samples_us.iter().sum();
            (sum as f64 / self.samples_us.len() as f64 / 10.0).round() / 100.0
        });
        json!({
            "outcome": outcome,
            "students": report.students,
            "ballots": report.ballots,
            "uncertain": report.uncertain,
            "reconnects": report.reconnects,
            "groups": report.groups,
            "groups_ended": report.groups_ended,
            "rounds": self.rounds,
            "samples": self.samples_us.len(),
            "median_ms": ms(0.5),
            "p95_ms": ms(0.95),
            "p99_ms": ms(0.99),
            "max_ms": ms(1.0),
            "mean_ms": mean,
            "errors": self.errors,
            "samples_us": self.samples_us,
        })
    }
}

/// The bots' shared stopwatch.
#[derive(Default)]
struct Stopwatch {
    /// The latest moment a ballot of (group, round) was sent.
    last_ballot: HashMap<(u64, u64), Instant>,
    /// (group, round) → latency of each phone that saw the next round.
    seen: HashMap<(u64, u64), Vec<Duration>>,
    errors: BTreeMap<String, u64>,
}

impl Stopwatch {
    fn sent(&mut self, group: u64, round: u64, at: Instant) {
        let t = self.last_ballot.entry((group, round)).or_insert(at);
        *t = (*t).max(at);
    }

    fn arrived(&mut self, group: u64, round: u64, at: Instant) {
        if let Some(&sent) = self.last_ballot.get(&(group, round)) {
            self.seen
                .entry((group, round))
                .or_default()
                .push(at.saturating_duration_since(sent));
        }
    }

    fn latency(&self) -> Latency {
        let mut samples_us: Vec<u64> = self
            .seen
            .values()
            .flatten()
            .map(|d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
            .collect();
        samples_us.sort_unstable();
        Latency {
            samples_us,
            rounds: self.seen.len(),
            errors: self.errors.clone(),
        }
    }
}

fn lock_watch(w: &std::sync::Mutex<Stopwatch>) -> std::sync::MutexGuard<'_, Stopwatch> {
    w.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl std::fmt::Display for BotsReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "students: {}, ballots cast: {}, uncertain: {}, reconnects: {}, groups ended: {}/{}",
            self.students,
            self.ballots,
            self.uncertain,
            self.reconnects,
            self.groups_ended,
            self.groups
        )
    }
}

/// Why the bots stopped early.
#[derive(Debug, thiserror::Error)]
pub enum BotsError {
    #[error("not a class URL: {0:?} (expected http://HOST:PORT/?code=CODE)")]
    BadUrl(String),
    #[error("timed out after {secs} s with {report}")]
    Timeout { secs: u64, report: BotsReport },
    #[error("a bot gave up: {0}")]
    GaveUp(String),
    #[error("cannot start the bots: {0}")]
    Runtime(std::io::Error),
}

/// The WebSocket address for a class URL: `http://H:P/?code=X` → `ws://H:P/ws`.
pub fn ws_url(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .strip_prefix("http://")
        .or_else(|| url.trim().strip_prefix("ws://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("ws://{host}/ws"))
}

/// The join code in a class URL's `?code=`, if any.
pub fn code_in_url(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("code="))
        .map(|c| c.split('#').next().unwrap_or(c).to_owned())
        .filter(|c| !c.is_empty())
}

#[derive(Default)]
struct Tally {
    ballots: AtomicU64,
    uncertain: AtomicU64,
    reconnects: AtomicU64,
}

/// Runs the bots to the end of every group they sit in, on a runtime of their own.
pub fn run(config: &BotsConfig) -> Result<BotsReport, BotsError> {
    let ws = ws_url(&config.url).ok_or_else(|| BotsError::BadUrl(config.url.clone()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(BotsError::Runtime)?;
    let result = runtime.block_on(run_async(config.clone(), ws));
    if let Some(path) = &config.report {
        let (report, outcome) = match &result {
            Ok(r) => (r, "done"),
            Err(BotsError::Timeout { report, .. }) => (report, "timeout"),
            Err(_) => (&BotsReport::default(), "failed"),
        };
        let text = report.latency.to_json(report, outcome).to_string();
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("cannot write {}: {e}", path.display());
        }
    }
    result
}

async fn run_async(config: BotsConfig, ws: String) -> Result<BotsReport, BotsError> {
    let tally = Arc::new(Tally::default());
    let groups = Arc::new(std::sync::Mutex::new((BTreeSet::new(), BTreeSet::new())));
    let watch = Arc::new(std::sync::Mutex::new(Stopwatch::default()));
    let mut set = tokio::task::JoinSet::new();
    for i in 0..config.students {
        let bot = Bot {
            ws: ws.clone(),
            code: config.code.clone(),
            rng: Pcg32::seed_from_u64(config.seed.wrapping_mul(1_000_003).wrapping_add(i as u64)),
            delay: config.delay_ms,
            tally: tally.clone(),
            groups: groups.clone(),
            token: None,
            group: None,
            confirmed: BTreeSet::new(),
            unanswered: None,
            watch: watch.clone(),
            awaiting: None,
        };
        set.spawn(bot.play());
    }
    let report = |tally: &Tally| {
        let g = groups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        BotsReport {
            students: config.students,
            ballots: tally.ballots.load(Ordering::SeqCst),
            uncertain: tally.uncertain.load(Ordering::SeqCst),
            reconnects: tally.reconnects.load(Ordering::SeqCst),
            groups: g.0.len(),
            groups_ended: g.1.len(),
            latency: lock_watch(&watch).latency(),
        }
    };
    let deadline = Instant::now() + config.timeout;
    loop {
        match tokio::time::timeout_at(deadline, set.join_next()).await {
            Err(_) => {
                return Err(BotsError::Timeout {
                    secs: config.timeout.as_secs(),
                    report: report(&tally),
                });
            }
            Ok(None) => return Ok(report(&tally)),
            Ok(Some(Ok(Ok(())))) => {}
            Ok(Some(Ok(Err(e)))) => return Err(BotsError::GaveUp(e)),
            Ok(Some(Err(e))) => return Err(BotsError::GaveUp(e.to_string())),
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Bot {
    ws: String,
    code: String,
    rng: Pcg32,
    delay: (u64, u64),
    tally: Arc<Tally>,
    #[allow(clippy::type_complexity)]
    groups: Arc<std::sync::Mutex<(BTreeSet<u64>, BTreeSet<u64>)>>,
    token: Option<String>,
    group: Option<u64>,
    /// Rounds whose ballot the server accepted.
    confirmed: BTreeSet<u64>,
    /// A ballot sent on a connection that dropped before the server answered: (round, choice).
    unanswered: Option<(u64, u64)>,
    watch: Arc<std::sync::Mutex<Stopwatch>>,
    /// The (group, round) this bot voted in and waits to see decided.
    awaiting: Option<(u64, u64)>,
}

enum Outcome {
    Done,
    Dropped,
}

impl Bot {
    async fn play(mut self) -> Result<(), String> {
        let mut retries = 0u32;
        loop {
            match tokio::time::timeout(
                Duration::from_secs(5),
                tokio_tungstenite::connect_async(&self.ws),
            )
            .await
            {
                Ok(Ok((socket, _))) => {
                    retries = 0;
                    match self.session(socket).await? {
                        Outcome::Done => return Ok(()),
                        Outcome::Dropped => {
                            self.tally.reconnects.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                }
                _ => {
                    retries += 1;
                    if retries > MAX_RETRIES {
                        return Err(format!(
                            "could not reach {} after {MAX_RETRIES} attempts",
                            self.ws
                        ));
                    }
                }
            }
            let backoff = Duration::from_millis(50u64 << retries.min(6)).min(MAX_BACKOFF);
            let jitter = Duration::from_millis(self.rng.random_range(0..100));
            tokio::time::sleep(backoff + jitter).await;
        }
    }

    fn confirm(&mut self, round: u64) {
        if self.confirmed.insert(round) {
            self.tally.ballots.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// One connection, until the group ends (`Done`) or the connection drops.
    async fn session(&mut self, mut socket: Socket) -> Result<Outcome, String> {
        let hello = json!({
            "t": "hello", "code": self.code, "token": self.token,
            "group": if self.token.is_none() { json!("any") } else { Value::Null }, "name": null,
        });
        if socket.send(Message::text(hello.to_string())).await.is_err() {
            return Ok(Outcome::Dropped);
        }
        // The ballot waiting to be sent (round, choice, when) and the one awaiting its pong.
        let mut planned: Option<(u64, u64, Instant)> = None;
        let mut in_flight: Option<(u64, u64)> = None;
        let mut last_heard = Instant::now();
        // The group ended while a ballot awaited its answer.
        let mut finished = false;
        loop {
            let wake = planned.map_or(last_heard + Duration::from_secs(20), |p| p.2);
            let msg = tokio::select! {
                m = socket.next() => m,
                () = tokio::time::sleep_until(wake) => {
                    let sent = match planned.take() {
                        Some((round, choice, _)) => {
                            in_flight = Some((round, choice));
                            let vote = json!({"t": "vote", "round": round, "choice": choice});
                            let ok = socket.send(Message::text(vote.to_string())).await.is_ok();
                            if ok && let Some(g) = self.group {
                                lock_watch(&self.watch).sent(g, round, Instant::now());
                                self.awaiting = Some((g, round));
                            }
                            ok && socket.send(Message::text(r#"{"t":"ping"}"#)).await.is_ok()
                        }
                        None if in_flight.is_none() => {
                            last_heard = Instant::now();
                            socket.send(Message::text(r#"{"t":"ping"}"#)).await.is_ok()
                        }
                        None => { last_heard = Instant::now(); true }
                    };
                    if !sent {
                        self.unanswered = in_flight.or(self.unanswered);
                        return Ok(Outcome::Dropped);
                    }
                    continue;
                }
            };
            let Some(Ok(msg)) = msg else {
                self.unanswered = in_flight.or(self.unanswered);
                return Ok(Outcome::Dropped);
            };
            let Ok(text) = msg.to_text() else { continue };
            let Ok(value) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            match value["t"].as_str() {
                Some("welcome") => {
                    self.token = value["token"].as_str().map(str::to_owned);
                    let group = value["group"].as_u64();
                    if self.group.is_none()
                        && let Some(g) = group
                    {
                        self.group = Some(g);
                        self.groups.lock().map_err(|e| e.to_string())?.0.insert(g);
                    }
                }
                Some("pong") => {
                    if let Some((round, _)) = in_flight.take() {
                        self.confirm(round);
                    }
                    if finished {
                        let _ = socket.close(None).await;
                        return Ok(Outcome::Done);
                    }
                }
                Some("error") => {
                    let code = value["code"].as_str().unwrap_or_default();
                    *lock_watch(&self.watch)
                        .errors
                        .entry(code.to_owned())
                        .or_default() += 1;
                    if in_flight.take().is_none()
                        && matches!(
                            code,
                            "unknown-token"
                                | "wrong-code"
                                | "room-full"
                                | "room-locked"
                                | "class-ended"
                        )
                    {
                        return Err(format!("the server refused to seat a bot: {text}"));
                    }
                }
                Some("removed") => return Ok(Outcome::Done),
                Some("state") => {
                    let view = &value["view"];
                    self.time_decision(view);
                    self.settle(view);
                    if view["ended"].as_bool() == Some(true) || !view["ending"].is_null() {
                        if let Some(g) = self.group {
                            self.groups.lock().map_err(|e| e.to_string())?.1.insert(g);
                        }
                        // A last ballot may have ended the story: wait for its answer.
                        if in_flight.is_none() {
                            let _ = socket.close(None).await;
                            return Ok(Outcome::Done);
                        }
                        finished = true;
                        planned = None;
                        continue;
                    }
                    let vote = &view["vote"];
                    let round = vote["round"].as_u64();
                    let open = vote["state"].as_str() == Some("open");
                    let options: Vec<u64> = vote["options"]
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_u64).collect())
                        .unwrap_or_default();
                    match round {
                        Some(r)
                            if open
                                && vote["mine"].is_null()
                                && !self.confirmed.contains(&r)
                                && in_flight.is_none()
                                && planned.is_none_or(|p| p.0 != r)
                                && !options.is_empty() =>
                        {
                            let choice = options[self.rng.random_range(0..options.len())];
                            let delay = self
                                .rng
                                .random_range(self.delay.0..=self.delay.1.max(self.delay.0));
                            planned =
                                Some((r, choice, Instant::now() + Duration::from_millis(delay)));
                        }
                        _ if !open => planned = None,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }

    /// Times the decision this bot waits for when `view` shows the next round or the ending.
    fn time_decision(&mut self, view: &Value) {
        let Some((group, round)) = self.awaiting else {
            return;
        };
        let next = view["vote"]["round"].as_u64().is_some_and(|r| r > round);
        if next || view["ended"].as_bool() == Some(true) || !view["ending"].is_null() {
            self.awaiting = None;
            lock_watch(&self.watch).arrived(group, round, Instant::now());
        }
    }

    /// After a rejoin: learns whether the ballot left unanswered by the drop was counted, from
    /// this seat's ballot in the open round, in rounds closed by a tie (`vote.earlier`) or in
    /// the rounds of the last decision (`last.rounds`).
    fn settle(&mut self, view: &Value) {
        fn listed(rounds: &Value) -> Vec<(Option<u64>, &Value)> {
            rounds.as_array().map_or_else(Vec::new, |a| {
                a.iter()
                    .map(|r| (r["round"].as_u64(), &r["mine"]))
                    .collect()
            })
        }
        let Some((round, choice)) = self.unanswered else {
            return;
        };
        self.unanswered = None;
        let vote = &view["vote"];
        let open = [(vote["round"].as_u64(), &vote["mine"])];
        let mut seen = listed(&vote["earlier"]);
        seen.extend(listed(&view["last"]["rounds"]));
        seen.extend(open);
        match seen.iter().find(|(r, _)| *r == Some(round)) {
            // Found: `mine` says whether it counted (null: not counted; the bot votes again).
            Some((_, mine)) => {
                if mine.as_u64() == Some(choice) {
                    self.confirm(round);
                }
            }
            None => {
                self.tally.uncertain.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            ws_url("http://127.0.0.1:7878/?code=K7QXA").as_deref(),
            Some("ws://127.0.0.1:7878/ws")
        );
        assert_eq!(
            ws_url("http://[::1]:80").as_deref(),
            Some("ws://[::1]:80/ws")
        );
        assert_eq!(ws_url("ftp://x"), None);
        assert_eq!(
            code_in_url("http://h:1/?code=K7QXA").as_deref(),
            Some("K7QXA")
        );
        assert_eq!(code_in_url("http://h:1/"), None);
    }

    #[test]
    fn latency_is_timed_from_the_groups_last_ballot() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut w = Stopwatch::default();
        // Group 0, round 1: ballots at 0, 30 and 10 ms; the last one (30 ms) closes the vote.
        w.sent(0, 1, t0);
        w.sent(0, 1, t0 + ms(30));
        w.sent(0, 1, t0 + ms(10));
        for arrive in [32, 34, 40] {
            w.arrived(0, 1, t0 + ms(arrive));
        }
        // A round with no ballot timed is not counted.
        w.arrived(1, 1, t0 + ms(50));
        w.sent(1, 2, t0 + ms(100));
        w.arrived(1, 2, t0 + ms(200));
        let l = w.latency();
        assert_eq!(l.rounds, 2);
        assert_eq!(l.samples_us, vec![2_000, 4_000, 10_000, 100_000]);
        assert_eq!(l.quantile_ms(0.5), Some(4.0));
        assert_eq!(l.quantile_ms(0.95), Some(100.0));
        assert_eq!(l.quantile_ms(0.0), Some(2.0));
        let report = BotsReport {
            students: 4,
            ..BotsReport::default()
        };
        let j = l.to_json(&report, "done");
        assert_eq!(j["samples"], 4);
        assert_eq!(j["median_ms"], 4.0);
        assert_eq!(j["max_ms"], 100.0);
        assert_eq!(j["mean_ms"], 29.0);
        assert_eq!(j["samples_us"], json!([2_000, 4_000, 10_000, 100_000]));
        assert_eq!(Latency::default().quantile_ms(0.5), None);
    }

    #[test]
    fn bots_time_every_decision_of_a_class_that_runs_itself() {
        use crate::class::{Class, ClassSetup, TieRule};
        let dir = tempfile::tempdir().expect("a temporary folder");
        let story = crate::story::load(crate::story::StorySource::bundled())
            .expect("the bundled story loads")
            .story;
        let mut setup = ClassSetup::new("t", &["soldier", "planner"], 7, "K7QXA");
        setup.auto = true;
        setup.tie = TieRule::Facilitator;
        let class = Class::create(Arc::new(story), setup, &dir.path().join("class.jsonl"))
            .expect("the class starts");
        let running = crate::serve::Server::start(class, "127.0.0.1:0".parse().unwrap())
            .expect("the server starts");
        let report = run(&BotsConfig {
            url: running.url().to_owned(),
            code: running.code().to_owned(),
            students: 6,
            seed: 3,
            timeout: Duration::from_secs(60),
            delay_ms: (5, 30),
            report: None,
        })
        .expect("the bots finish");
        let l = &report.latency;
        assert_eq!(report.groups_ended, 2, "{report}");
        assert!(l.rounds >= 2, "{l:?}");
        // Every phone of a group sees each decision it voted in (3 phones a group).
        assert!(l.samples_us.len() >= 2 * l.rounds, "{l:?}");
        assert!(l.errors.is_empty(), "{l:?}");
        assert!(
            l.quantile_ms(1.0).is_some_and(|max| max < 10_000.0),
            "{l:?}"
        );
    }
}
