//! The class in several languages: each phone reads the story in its own language while the
//! group votes on one story, the student page carries its words in every language, and a debrief
//! can be exported in Korean.

use std::time::Duration;

use aftermath::class::{Class, ClassSetup, TieRule};
use aftermath::serve::Server;
use serde_json::{Value, json};

use crate::play_text::run;
use crate::serve::{connect, error_code, next, runtime, send};

fn hangul(text: &str) -> usize {
    text.chars()
        .filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c))
        .count()
}

fn passage(view: &Value) -> String {
    view["passage"]
        .as_array()
        .expect("a passage")
        .iter()
        .map(|l| l["text"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn choice_texts(view: &Value) -> Vec<String> {
    view["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| c["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Joins group 0 with `hello` extra fields; returns the socket and its first view.
async fn join_with(addr: std::net::SocketAddr, extra: Value) -> (crate::serve::Socket, Value) {
    let mut s = connect(addr, Some(&format!("http://{addr}")))
        .await
        .unwrap();
    let mut hello = json!({"t":"hello","code":"LANGS","token":null,"group":0,"name":null});
    for (k, v) in extra.as_object().unwrap() {
        hello[k] = v.clone();
    }
    send(&mut s, hello).await;
    let welcome = next(&mut s, false).await.unwrap();
    assert_eq!(welcome["t"], "welcome", "{welcome}");
    let state = next(&mut s, true).await.unwrap();
    assert_eq!(state["t"], "state", "{state}");
    (s, state["view"].clone())
}

#[test]
fn each_phone_reads_its_own_language_and_the_group_votes_on_one_story() {
    let mut setup = ClassSetup::new("Languages", &["soldier"], 7, "LANGS");
    setup.tie = TieRule::Facilitator;
    let class = Class::new(crate::bundled(), setup).unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = running.addr();
    let f = running.facilitator();
    runtime().block_on(async {
        let (mut en, en_view) = join_with(addr, json!({})).await;
        let (mut ko, ko_view) = join_with(addr, json!({"lang": "ko"})).await;
        // The same moment in two languages: the English phone has no Hangul, the Korean one is
        // mostly Hangul, with as many choices, enabled alike.
        let (en_text, ko_text) = (passage(&en_view), passage(&ko_view));
        assert_eq!(hangul(&en_text), 0, "{en_text}");
        assert!(hangul(&ko_text) * 3 > ko_text.chars().count(), "{ko_text}");
        assert_eq!(en_view["node"], ko_view["node"]);
        let enabled = |v: &Value| -> Vec<Value> {
            v["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["enabled"].clone())
                .collect()
        };
        assert_eq!(enabled(&en_view), enabled(&ko_view));
        assert_ne!(choice_texts(&en_view), choice_texts(&ko_view));
        assert!(
            hangul(ko_view["role"].as_str().unwrap()) > 0,
            "{}",
            ko_view["role"]
        );
        assert_eq!(
            ko_view["group_name"], en_view["group_name"],
            "the teacher's names stay"
        );

        // A language that is not a code is refused; the phone keeps its language.
        assert_eq!(
            error_code(&mut ko, json!({"t":"lang","lang":"<script>"})).await,
            "bad-lang"
        );
        // A language the story lacks reads the story's own words.
        send(&mut en, json!({"t":"lang","lang":"fr"})).await;

        // Both phones vote in one round; the Korean ballot counts like the English one.
        f.act(aftermath::class::Action::Open(
            aftermath::class::Target::All,
        ))
        .unwrap();
        let open = |v: &Value| v["vote"]["state"] == "open";
        let mut round = 0;
        for s in [&mut en, &mut ko] {
            loop {
                let m = next(s, true).await.expect("a view");
                if m["t"] == "state" && open(&m["view"]) {
                    round = m["view"]["vote"]["round"].as_u64().unwrap();
                    break;
                }
            }
        }
        send(&mut en, json!({"t":"vote","round":round,"choice":0})).await;
        send(&mut ko, json!({"t":"vote","round":round,"choice":0})).await;
        let ballots = || {
            f.with_class(|c| {
                c.log()
                    .iter()
                    .filter(|l| matches!(l.event, aftermath::class::Event::Ballot { .. }))
                    .count()
            })
        };
        let start = std::time::Instant::now();
        while ballots() < 2 && start.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(ballots(), 2, "both ballots are in the log");

        // Switching a phone's language sends its view again in the new words.
        send(&mut en, json!({"t":"lang","lang":"ko"})).await;
        let switched = loop {
            let m = next(&mut en, true).await.expect("a view");
            if m["t"] == "state" && hangul(&passage(&m["view"])) > 0 {
                break m["view"].clone();
            }
        };
        assert!(hangul(&choice_texts(&switched).join(" ")) > 0, "{switched}");
    });
    // The log holds no language: the class replays the same from it.
    let log = f.with_class(|c| format!("{:?}", c.log()));
    assert!(!log.contains("ko"), "{log}");
    running.shutdown().unwrap();
}

#[test]
fn the_student_page_carries_its_words_in_every_language() {
    let class = Class::new(
        crate::fixture("minimal"),
        ClassSetup::new("T", &["soldier"], 1, "WORDS"),
    )
    .unwrap();
    let running = Server::start(class, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = running.addr();
    let page = {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        String::from_utf8(bytes).expect("UTF-8")
    };
    running.shutdown().unwrap();
    let start = page
        .find(r#"<script id="strings" type="application/json">"#)
        .expect("the slot");
    let rest = &page[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    let strings: Value = serde_json::from_str(json).expect("the words are JSON");
    assert_eq!(
        strings["messages"]["en"]["student-join-heading"],
        "Join the class"
    );
    assert_eq!(
        strings["messages"]["ko"]["student-join-heading"],
        "수업에 들어가기"
    );
    // Variables are left for the page to fill in.
    assert_eq!(
        strings["messages"]["ko"]["student-ballots"],
        "{seats}명 중 {ballots}명이 투표했습니다."
    );
    assert_eq!(strings["languages"][1][0], "ko");
    // Every word the page asks for is there, in both languages.
    let html = aftermath::serve::STUDENT_PAGE;
    let mut asked = Vec::new();
    for (i, _) in html.match_indices("\"student-") {
        let id = &html[i + 1..];
        let id = &id[..id.find('"').unwrap()];
        if !id.ends_with('-') {
            asked.push(id.to_owned());
        }
    }
    assert!(asked.len() > 30, "{asked:?}");
    for id in asked {
        for lang in ["en", "ko"] {
            assert!(strings["messages"][lang][&id].is_string(), "{lang}: {id}");
        }
    }
}

#[test]
fn a_debrief_exports_in_korean_from_an_english_class() {
    // A class played on the bundled story, logged; exported twice.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("class.log");
    let mut class = Class::create(
        crate::bundled(),
        ClassSetup::new("Debrief", &["soldier", "planner"], 3, "DEBRF"),
        &log,
    )
    .unwrap();
    for group in 0..2 {
        let act = aftermath::class::Action::Override { group, choice: 0 };
        class
            .handle(1000, aftermath::class::Command::Act(act))
            .unwrap();
    }
    drop(class);
    let export = |lang: &str, out: &str| {
        let out = dir.path().join(out);
        let o = run(
            &[
                "class",
                "export",
                log.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--lang",
                lang,
            ],
            "",
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out.join("debrief.md")).unwrap()
    };
    let (en, ko) = (export("en", "en"), export("ko", "ko"));
    assert_eq!(hangul(&en), 0, "{en}");
    assert!(hangul(&ko) > 200, "{ko}");
    // The same class: the same number of lines of decisions and the same ballots file.
    assert_eq!(
        std::fs::read(dir.path().join("en/ballots.csv")).unwrap(),
        std::fs::read(dir.path().join("ko/ballots.csv")).unwrap()
    );
    // A language neither the story nor the interface has is refused with the choices.
    let o = run(
        &[
            "class",
            "export",
            log.to_str().unwrap(),
            "--out",
            dir.path().join("x").to_str().unwrap(),
            "--lang",
            "xx",
        ],
        "",
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("en, ko"), "{err}");
}
