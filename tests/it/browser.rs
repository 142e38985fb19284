//! The student page in a real browser: headless Chromium driven over WebDriver (chromedriver)
//! joins a class, votes, sees the tally and the next passage, and gets its seat back after a
//! reload. Debian's `chromium` and `chromium-driver` are installed by `.ci/run`; run as root
//! with apt, this test installs them itself when they are missing.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aftermath::class::{Class, ClassSetup, Event};
use aftermath::serve::Server;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::bundled;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The longest any one wait here lasts.
const WAIT: Duration = Duration::from_secs(20);

/// Installs Chromium and its driver with apt when they are missing and this is root; otherwise
/// says what to install.
fn ensure_browser() {
    let present =
        || std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if present() {
        return;
    }
    let status = Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdout(Stdio::null())
        .status();
    assert!(
        present(),
        "this test needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver); \
         installing them failed: {status:?}"
    );
}

/// chromedriver on a free loopback port, killed when dropped.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child, port);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < WAIT,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a browser session")
}

/// Waits until `css` matches a displayed element whose text contains `text`; returns its text.
async fn wait_text(c: &Client, css: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && e.is_displayed().await.unwrap_or(false)
            && let Ok(t) = e.text().await
            && t.contains(text)
        {
            return t;
        }
        assert!(
            start.elapsed() < WAIT,
            "no `{css}` showing {text:?} in {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn a_student_joins_votes_sees_the_tally_and_the_next_passage_and_keeps_the_seat_on_reload() {
    ensure_browser();
    let mut setup = ClassSetup::new("After Kursk", &["soldier", "planner"], 5, "K7QXM");
    setup.auto = true;
    let class = Class::new(bundled(), setup).unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let facilitator = running.facilitator();
    let url = running.url().to_owned();
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let shot = rt.block_on(async {
        let c = browser(&driver, profile.path()).await;
        c.goto(&url).await.unwrap();
        // The code came with the URL: the page asks for a group at once.
        wait_text(&c, "#pick-title", "pick your group").await;
        let groups = c.find_all(Locator::Css("#groups button")).await.unwrap();
        assert_eq!(groups.len(), 2, "one button per group");
        assert!(groups[1].text().await.unwrap().contains("The Planner"));
        groups[1].click().await.unwrap();
        let who = wait_text(&c, "#who", "you are").await;
        let scene = wait_text(&c, "#scene", "").await;
        wait_text(&c, "#vote-status", "The vote is open").await;
        // Tapping a choice only selects it; the Vote button casts it.
        let choices = c.find_all(Locator::Css("#choices button")).await.unwrap();
        let first_enabled = {
            let mut found = None;
            for (i, b) in choices.iter().enumerate() {
                if b.is_enabled().await.unwrap() {
                    found = Some(i);
                    break;
                }
            }
            found.expect("an enabled choice")
        };
        choices[first_enabled].click().await.unwrap();
        let ballots = || {
            facilitator.with_class(|k| {
                k.log()
                    .iter()
                    .filter(|l| matches!(l.event, Event::Ballot { .. }))
                    .count()
            })
        };
        assert_eq!(ballots(), 0, "selecting is not voting");
        c.find(Locator::Css("#cast"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // One student in the group: the vote closes at once and the story moves on.
        let last = wait_text(&c, "#last", "Your group chose").await;
        assert!(last.contains("by vote, votes "), "{last}");
        assert_eq!(ballots(), 1);
        let decided = facilitator.with_class(|k| k.groups()[1].decisions.len());
        assert_eq!(decided, 1);
        let next = facilitator.with_class(|k| k.groups()[1].view.scene_title.clone());
        wait_text(&c, "#scene", &next).await;
        let _ = scene;
        // A reload gets the same seat back from the browser's storage.
        c.refresh().await.unwrap();
        let again = wait_text(&c, "#who", "you are").await;
        assert_eq!(again, who, "the same seat and nickname after a reload");
        assert_eq!(
            facilitator.with_class(|k| k.seats().len()),
            1,
            "no second seat"
        );
        let url_now = c.current_url().await.unwrap();
        assert!(
            !url_now.as_str().to_lowercase().contains("token"),
            "{url_now}"
        );
        // The language menu: the page's words and the story switch to Korean at once, the
        // seat stays, and the choice is kept after a reload.
        c.find(Locator::Css("#lang option[value='ko']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&c, "#ballot-h", "내 투표").await;
        let hangul = |t: &str| {
            t.chars()
                .filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c))
                .count()
        };
        let start = Instant::now();
        loop {
            let passage = c.find(Locator::Css("#passage")).await.unwrap();
            let text = passage.text().await.unwrap_or_default();
            if hangul(&text) * 2 > text.chars().count() {
                break;
            }
            assert!(
                start.elapsed() < WAIT,
                "the passage stayed in English: {text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        c.refresh().await.unwrap();
        wait_text(&c, "#who", "내 별명").await;
        assert_eq!(
            facilitator.with_class(|k| k.seats().len()),
            1,
            "still one seat"
        );
        let shot = c.screenshot().await.unwrap();
        c.close().await.unwrap();
        shot
    });
    assert!(shot.starts_with(b"\x89PNG"), "a screenshot of the page");
    if let Some(dir) = std::env::var_os("AFTERMATH_SCREENSHOT_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("student-page.png"), &shot).unwrap();
    }
    running.shutdown().unwrap();
}
