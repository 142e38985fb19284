//! Reports a reader can keep: a solo playthrough's transcript as Markdown or as one
//! self-contained, printable HTML page; and the page skeleton and escaping the class debrief
//! shares ([`page`], [`md`]).

pub mod md;
pub mod page;

use std::fmt::Write;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::session::{Entry, Session, View};

/// Why a transcript could not be written.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error(
        "{}: a transcript is written as Markdown (a name ending in .md) or HTML (.html or .htm)",
        path.display()
    )]
    UnknownFormat { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("no folder for transcripts was found on this system (no home folder?)")]
    NoDataDir,
}

/// The formats of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    /// The format a file name asks for by its extension (`.md`, `.markdown`, `.html`, `.htm`,
    /// in any case).
    pub fn for_path(path: &Path) -> Result<Format, ReportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => Ok(Format::Markdown),
            Some("html" | "htm") => Ok(Format::Html),
            _ => Err(ReportError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// What the transcript says about the playthrough, besides its entries.
struct Heading {
    title: String,
    role: String,
    role_id: String,
    seed: u64,
    turns: u32,
}

fn heading(session: &Session) -> Heading {
    let story = session.story();
    Heading {
        title: story.meta.title.clone(),
        role: story
            .roles
            .get(session.role)
            .map_or_else(|| session.role_id().to_owned(), |r| r.name.clone()),
        role_id: session.role_id().to_owned(),
        seed: session.seed,
        turns: session.state().turns,
    }
}

/// The scene title of the node with key `key`, if it has one.
fn scene_of(session: &Session, key: &str) -> Option<String> {
    let story = session.story();
    let node = story.node(story.node_by_key(key)?)?;
    story
        .scenes
        .get(node.scene as usize)
        .map(|s| s.title.clone())
}

/// One piece of a transcript as both renderings show it.
enum Block<'a> {
    /// The transcript entered a new scene (its title).
    Scene(String),
    /// A passage, with its speaker.
    Passage {
        speaker: Option<&'a str>,
        text: &'a str,
    },
    Chose(&'a str),
    /// A choice's random outcome: its label (or target node) and its odds.
    Chance {
        what: &'a str,
        weight: u64,
        total: u64,
    },
    /// A random event's pick: the node it went to and its odds.
    Event {
        target: &'a str,
        weight: u64,
        total: u64,
    },
}

/// The session's transcript as blocks, a scene heading before the first passage of each scene.
fn blocks(session: &Session) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut scene = String::new();
    for e in session.transcript() {
        match e {
            Entry::Shown {
                node,
                speaker,
                text,
            } => {
                if let Some(title) = scene_of(session, node).filter(|t| *t != scene) {
                    scene.clone_from(&title);
                    out.push(Block::Scene(title));
                }
                if !text.trim().is_empty() {
                    out.push(Block::Passage {
                        speaker: speaker.as_deref(),
                        text,
                    });
                }
            }
            Entry::Chose { text, .. } => out.push(Block::Chose(text)),
            Entry::Outcome {
                target,
                label,
                weight,
                total,
            } => out.push(Block::Chance {
                what: label.as_deref().unwrap_or(target),
                weight: *weight,
                total: *total,
            }),
            Entry::Picked {
                target,
                weight,
                total,
            } => out.push(Block::Event {
                target,
                weight: *weight,
                total: *total,
            }),
            Entry::Ended { .. } => {}
        }
    }
    out
}

/// The transcript as Markdown: heading, every passage, choice and random draw in order, the
/// ending with its summary and discussion questions, and the stats at the end.
pub fn markdown(session: &Session) -> String {
    let h = heading(session);
    let view = session.view();
    let mut out = String::new();
    let _ = writeln!(out, "# {} — transcript\n", md::escape(&h.title));
    let _ = writeln!(
        out,
        "- Role: {} ({})\n- Seed: {} (replay with `aftermath play --text --role {} --seed {}`)\n- Choices taken: {}\n",
        md::escape(&h.role),
        md::code(&h.role_id),
        h.seed,
        h.role_id,
        h.seed,
        h.turns
    );
    for block in blocks(session) {
        let _ = match block {
            Block::Scene(title) => writeln!(out, "## {}\n", md::escape(&title)),
            Block::Passage {
                speaker: Some(s),
                text,
            } => writeln!(out, "**{}:** {}\n", md::escape(s), md::escape(text.trim())),
            Block::Passage {
                speaker: None,
                text,
            } => writeln!(out, "{}\n", md::escape(text.trim())),
            Block::Chose(text) => writeln!(out, "→ **You chose:** {}\n", md::escape(text)),
            Block::Chance {
                what,
                weight,
                total,
            } => {
                writeln!(
                    out,
                    "*Chance: {} ({weight} in {total})*\n",
                    md::escape(what)
                )
            }
            Block::Event {
                target,
                weight,
                total,
            } => writeln!(
                out,
                "*Random event: {} ({weight} in {total})*\n",
                md::code(target)
            ),
        };
    }
    ending_markdown(&mut out, &view);
    out
}

fn ending_markdown(out: &mut String, view: &View) {
    match &view.ending {
        Some(end) => {
            let _ = writeln!(out, "## Ending: {}\n", md::escape(&end.title));
            let _ = writeln!(out, "{}\n", md::escape(end.summary.trim()));
            if !end.questions.is_empty() {
                let _ = writeln!(out, "### For discussion\n");
                for q in &end.questions {
                    let _ = writeln!(out, "- {}", md::escape(q));
                }
                out.push('\n');
            }
        }
        None => {
            let _ = writeln!(out, "*The playthrough stopped here, before an ending.*\n");
        }
    }
    if !view.stats.is_empty() {
        let _ = writeln!(out, "## Stats at the end\n");
        for s in &view.stats {
            let _ = writeln!(
                out,
                "- {}: {}",
                md::escape(&s.label),
                md::escape(&s.value.to_string())
            );
        }
        out.push('\n');
    }
}

/// The transcript as one self-contained HTML page (see [`page`]), with the same content as
/// [`markdown`].
pub fn html(session: &Session) -> String {
    use page::escape;
    let h = heading(session);
    let view = session.view();
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{} — transcript</h1>", escape(&h.title));
    let _ = writeln!(
        body,
        "<p class=\"meta\">Role: {} (<code>{}</code>) · seed {} · {} choices taken<br>Replay with <code>aftermath play --text --role {} --seed {}</code></p>",
        escape(&h.role),
        escape(&h.role_id),
        h.seed,
        h.turns,
        escape(&h.role_id),
        h.seed
    );
    for block in blocks(session) {
        match block {
            Block::Scene(title) => {
                let _ = writeln!(body, "<h2>{}</h2>", escape(&title));
            }
            Block::Passage { speaker, text } => {
                if let Some(s) = speaker {
                    let _ = writeln!(body, "<p class=\"speaker\">{}</p>", escape(s));
                }
                body.push_str(&page::paragraphs(text));
            }
            Block::Chose(text) => {
                let _ = writeln!(
                    body,
                    "<p class=\"choice\"><strong>You chose:</strong> {}</p>",
                    escape(text)
                );
            }
            Block::Chance {
                what,
                weight,
                total,
            } => {
                let _ = writeln!(
                    body,
                    "<p class=\"chance\">Chance: {} ({weight} in {total})</p>",
                    escape(what)
                );
            }
            Block::Event {
                target,
                weight,
                total,
            } => {
                let _ = writeln!(
                    body,
                    "<p class=\"chance\">Random event: <code>{}</code> ({weight} in {total})</p>",
                    escape(target)
                );
            }
        }
    }
    match &view.ending {
        Some(end) => {
            let _ = writeln!(
                body,
                "<div class=\"ending\"><h2>Ending: {}</h2>\n{}",
                escape(&end.title),
                page::paragraphs(&end.summary)
            );
            if !end.questions.is_empty() {
                body.push_str("<h3>For discussion</h3>\n<ul class=\"questions\">\n");
                for q in &end.questions {
                    let _ = writeln!(body, "<li>{}</li>", escape(q));
                }
                body.push_str("</ul>\n");
            }
            body.push_str("</div>\n");
        }
        None => body.push_str(
            "<p class=\"meta\"><em>The playthrough stopped here, before an ending.</em></p>\n",
        ),
    }
    if !view.stats.is_empty() {
        body.push_str("<h2>Stats at the end</h2>\n<table>\n");
        for s in &view.stats {
            let _ = writeln!(
                body,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(&s.label),
                escape(&s.value.to_string())
            );
        }
        body.push_str("</table>\n");
    }
    page::document(&format!("{} — transcript", h.title), "", &body)
}

/// Writes the session's transcript to `path` (atomically), as Markdown or HTML by its extension.
pub fn write_transcript(session: &Session, path: &Path) -> Result<(), ReportError> {
    let text = match Format::for_path(path)? {
        Format::Markdown => markdown(session),
        Format::Html => html(session),
    };
    crate::save::store::write_atomic(path, text.as_bytes()).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The per-user folder transcripts of `story_id` go to by default (next to the saves).
pub fn default_dir(story_id: &str) -> Result<PathBuf, ReportError> {
    let dirs = directories::ProjectDirs::from("org", "Aftermath", "Aftermath")
        .ok_or(ReportError::NoDataDir)?;
    Ok(dirs
        .data_dir()
        .join("transcripts")
        .join(crate::save::store::folder_name(story_id)))
}

/// A file name for the session's transcript with extension `ext`: story, role, seed and turn,
/// so that exports of other playthroughs do not overwrite it.
pub fn file_name(session: &Session, ext: &str) -> String {
    let story = crate::save::store::folder_name(&session.story().meta.id);
    let role = crate::save::store::folder_name(session.role_id());
    format!(
        "{story}-{role}-seed{}-turn{}.{ext}",
        session.seed,
        session.state().turns
    )
}

/// Writes the transcript as HTML into `dir` under [`file_name`]; the path written.
pub fn write_into(session: &Session, dir: &Path) -> Result<PathBuf, ReportError> {
    let path = dir.join(file_name(session, "html"));
    write_transcript(session, &path)?;
    Ok(path)
}
