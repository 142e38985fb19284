//! Every translatable string of a loaded story, with its stable id and where the model holds it.
//!
//! Ids follow the story's own names, not positions in a file, so they survive reordering of
//! nodes and unrelated edits: `home_soldier.gate.text`, `home_soldier.gate.choice.2.text` (or
//! `choice.<id>` when the choice has an `id`), `role:soldier.briefing`, `source:nknews.title`.
//! Manifest ids use `:` (never part of a scene id), so they cannot collide with a scene's.

use crate::story::NodeIdx;
use crate::story::model::{Exit, Story, Target};
use crate::story::source::{ChoiceDecl, ManifestFile, NodeDecl, SceneFile};

/// Where in the model a translatable string lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Title,
    Description,
    ContentNote(usize),
    VariableLabel(usize),
    /// A text variable's starting value, as `{var}` shows it (the state keeps the source's).
    VariableValue(usize),
    RoleName(usize),
    RoleBriefing(usize),
    PresetTitle(usize, usize),
    PresetAbout(usize, usize),
    SourceOutlet(usize),
    SourceTitle(usize),
    SourceSupports(usize),
    SceneTitle(usize),
    SceneAlt(usize),
    NodeText(NodeIdx),
    Speaker(NodeIdx),
    Note(NodeIdx),
    Prompt(NodeIdx),
    NodeAlt(NodeIdx),
    ChoiceText(NodeIdx, usize),
    Because(NodeIdx, usize),
    OutcomeLabel(NodeIdx, usize, usize),
    EndingTitle(NodeIdx),
    Summary(NodeIdx),
    Question(NodeIdx, usize),
}

impl Slot {
    /// Whether the string is a text template (`{var}`, `{if}`): node and choice text.
    pub fn is_template(self) -> bool {
        matches!(self, Slot::NodeText(_) | Slot::ChoiceText(..))
    }
}

/// One translatable string of the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryString {
    /// The stable id (a PO entry's `msgctxt`).
    pub id: String,
    /// The source text, as written.
    pub text: String,
    pub slot: Slot,
    /// Index in [`Story::files`] of the file that holds it, and its 1-based line there.
    pub file: usize,
    pub line: usize,
    /// A hint for translators: what the string is, and who speaks it.
    pub hint: String,
}

/// Why the strings of a story could not be listed.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{path}` again to list its strings: {message}")]
pub struct ExtractError {
    pub path: String,
    pub message: String,
}

/// Lists every translatable string of `story`, in story order (manifest, then scenes as loaded).
///
/// The story's files are parsed again for the texts as written (the model keeps templates
/// compiled); a story that loaded parses, so this fails only if its files were changed in memory.
pub fn extract(story: &Story) -> Result<Vec<StoryString>, ExtractError> {
    let mut out = Vec::new();
    let opts = crate::story::load::ron_options();
    if let Some(manifest) = story.files.first() {
        let m: ManifestFile = opts.from_str(&manifest.text).map_err(|e| ExtractError {
            path: manifest.path.clone(),
            message: e.to_string(),
        })?;
        manifest_strings(story, &m, &mut out);
    }
    for (s, scene) in story.scenes.iter().enumerate() {
        let Some(file) = story.files.get(scene.file) else {
            continue;
        };
        let decl: SceneFile = opts.from_str(&file.text).map_err(|e| ExtractError {
            path: file.path.clone(),
            message: e.to_string(),
        })?;
        let lines = crate::story::locate::Lines::new(&file.text);
        let mut push = |id: String, text: &str, slot: Slot, line: usize, hint: String| {
            if !text.trim().is_empty() {
                out.push(StoryString {
                    id,
                    text: text.to_owned(),
                    slot,
                    file: scene.file,
                    line,
                    hint,
                });
            }
        };
        push(
            format!("{}.title", scene.id),
            &decl.title,
            Slot::SceneTitle(s),
            lines.of(0, "title"),
            "Scene title".into(),
        );
        if let Some(img) = &decl.image {
            push(
                format!("{}.image", scene.id),
                &img.alt,
                Slot::SceneAlt(s),
                lines.of(0, "alt"),
                format!("Alternative text of the picture {}", img.file),
            );
        }
        for (k, nd) in decl.nodes.iter().enumerate() {
            let idx = scene.nodes.start + k as NodeIdx;
            let Some(node) = story.node(idx) else {
                continue;
            };
            if node.id != nd.id {
                continue;
            }
            let line = lines.at(node.place.span.start);
            node_strings(story, idx, nd, &node.key, line, &mut push);
        }
    }
    Ok(out)
}

fn manifest_strings(story: &Story, m: &ManifestFile, out: &mut Vec<StoryString>) {
    let lines =
        crate::story::locate::Lines::new(story.files.first().map_or("", |f| f.text.as_str()));
    let mut push = |id: String, s: &str, slot: Slot, line: usize, hint: &str| {
        if !s.trim().is_empty() {
            out.push(StoryString {
                id,
                text: s.to_owned(),
                slot,
                file: 0,
                line,
                hint: hint.to_owned(),
            });
        }
    };
    push(
        "story:title".into(),
        &m.title,
        Slot::Title,
        lines.of(0, "title"),
        "Story title",
    );
    push(
        "story:description".into(),
        &m.description,
        Slot::Description,
        lines.of(0, "description"),
        "Story description",
    );
    for (i, note) in m.content_notes.iter().enumerate() {
        push(
            format!("story:content-note.{}", i + 1),
            note,
            Slot::ContentNote(i),
            lines.of(0, "content_notes"),
            "Content note (a word or two)",
        );
    }
    for (i, v) in story.variables.iter().enumerate() {
        push(
            format!("variable:{}.label", v.id),
            &v.label,
            Slot::VariableLabel(i),
            lines.at(v.place.span.start),
            "Stat label",
        );
        if let crate::story::Value::Text(value) = &v.default
            && !value.trim().is_empty()
        {
            push(
                format!("variable:{}.value", v.id),
                value,
                Slot::VariableValue(i),
                lines.at(v.place.span.start),
                "A text variable's value, as {name} shows it inside passages and choices",
            );
        }
    }
    for (r, role) in story.roles.iter().enumerate() {
        let line = lines.at(role.place.span.start);
        push(
            format!("role:{}.name", role.id),
            &role.name,
            Slot::RoleName(r),
            line,
            "Role name",
        );
        push(
            format!("role:{}.briefing", role.id),
            &role.briefing,
            Slot::RoleBriefing(r),
            lines.of(role.place.span.start, "briefing"),
            "Role briefing",
        );
        for (p, preset) in role.presets.iter().enumerate() {
            let line = lines.at(preset.place.span.start);
            push(
                format!("role:{}.preset.{}.title", role.id, preset.id),
                &preset.title,
                Slot::PresetTitle(r, p),
                line,
                "Title of a named start",
            );
            push(
                format!("role:{}.preset.{}.about", role.id, preset.id),
                &preset.about,
                Slot::PresetAbout(r, p),
                line,
                "What a named start is",
            );
        }
    }
    for (i, src) in m.sources.iter().enumerate() {
        if story.sources.get(i).is_none_or(|c| c.id != src.id) {
            continue;
        }
        let line = lines.of(0, &format!("\"{}\"", src.id));
        let id = &src.id;
        push(
            format!("source:{id}.outlet"),
            &src.outlet,
            Slot::SourceOutlet(i),
            line,
            "Who published a cited source",
        );
        push(
            format!("source:{id}.title"),
            &src.title,
            Slot::SourceTitle(i),
            line,
            "Title of a cited source (translate it in brackets after the original, or keep the original)",
        );
        push(
            format!("source:{id}.supports"),
            &src.supports,
            Slot::SourceSupports(i),
            line,
            "What the story relies on the source for",
        );
    }
}

fn choice_key(n: usize, c: &ChoiceDecl) -> String {
    match &c.id {
        Some(id) if !id.trim().is_empty() => id.clone(),
        _ => (n + 1).to_string(),
    }
}

fn node_strings(
    story: &Story,
    idx: NodeIdx,
    nd: &NodeDecl,
    key: &str,
    line: usize,
    push: &mut impl FnMut(String, &str, Slot, usize, String),
) {
    let speaker = nd
        .speaker
        .as_deref()
        .map_or(String::new(), |s| format!(", spoken by {s}"));
    if let Some(s) = &nd.speaker {
        push(
            format!("{key}.speaker"),
            s,
            Slot::Speaker(idx),
            line,
            "Speaker's name".into(),
        );
    }
    push(
        format!("{key}.text"),
        &nd.text,
        Slot::NodeText(idx),
        line,
        format!("Passage{speaker}; keep {{name}} and {{if ...}} markup as written"),
    );
    if let Some(note) = &nd.note {
        push(
            format!("{key}.note"),
            note,
            Slot::Note(idx),
            line,
            "Context note".into(),
        );
    }
    if let Some(img) = &nd.image {
        push(
            format!("{key}.image"),
            &img.alt,
            Slot::NodeAlt(idx),
            line,
            format!("Alternative text of the picture {}", img.file),
        );
    }
    if let Some(p) = &nd.prompt {
        push(
            format!("{key}.prompt"),
            p,
            Slot::Prompt(idx),
            line,
            "The question before the choices".into(),
        );
    }
    let Some(node) = story.node(idx) else {
        return;
    };
    match &node.exit {
        Exit::Choices(choices) if choices.len() == nd.choices.len() => {
            for (n, (cd, choice)) in nd.choices.iter().zip(choices).enumerate() {
                let ck = format!("{key}.choice.{}", choice_key(n, cd));
                push(
                    format!("{ck}.text"),
                    &cd.text,
                    Slot::ChoiceText(idx, n),
                    line,
                    "A choice the player can take".into(),
                );
                if let Some(b) = &cd.because {
                    push(
                        format!("{ck}.because"),
                        b,
                        Slot::Because(idx, n),
                        line,
                        "Why the choice is unavailable".into(),
                    );
                }
                if let Target::Outcomes(os) = &choice.target {
                    for (o, od) in cd.outcomes.iter().enumerate().take(os.len()) {
                        if let Some(label) = &od.label {
                            push(
                                format!("{ck}.outcome.{}.label", o + 1),
                                label,
                                Slot::OutcomeLabel(idx, n, o),
                                line,
                                "What a random outcome was, shown in transcripts".into(),
                            );
                        }
                    }
                }
            }
        }
        Exit::Ending(_) => {
            if let Some(e) = &nd.ending {
                push(
                    format!("{key}.ending.title"),
                    &e.title,
                    Slot::EndingTitle(idx),
                    line,
                    "Ending title".into(),
                );
                push(
                    format!("{key}.ending.summary"),
                    &e.summary,
                    Slot::Summary(idx),
                    line,
                    "Ending summary, for the debrief".into(),
                );
                for (q, question) in e.questions.iter().enumerate() {
                    push(
                        format!("{key}.ending.question.{}", q + 1),
                        question,
                        Slot::Question(idx, q),
                        line,
                        "Discussion question".into(),
                    );
                }
            }
        }
        _ => {}
    }
}
