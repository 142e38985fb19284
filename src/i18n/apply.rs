//! A story in another language: the same model, with each translated string put in its slot.
//!
//! Only the words change: nodes, choices, conditions, effects and the content hash stay, so
//! saves, class logs and seeds replay the same in every language, and a session can switch
//! language between two steps. A string with no usable translation keeps its source text.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::po::{PoEntry, PoFile};
use super::strings::{Slot, StoryString};
use crate::story::expr::VarIdx;
use crate::story::model::{Exit, Story, Target, VarScope};
use crate::story::text::{Template, TextError};

/// The variables a template reads, by index.
pub fn variables_of(t: &Template) -> BTreeSet<VarIdx> {
    let mut set = BTreeSet::new();
    t.for_each_expr(&mut |e| {
        e.for_each_var(&mut |v| {
            set.insert(v);
        });
    });
    set
}

/// Why a translation was not used.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejected {
    /// The markup does not parse.
    Markup(TextError),
    /// It parses, but reads other variables than the source text: the listed ids.
    Variables {
        missing: Vec<String>,
        extra: Vec<String>,
    },
}

/// Checks a translation of `s` against its source: markup parses and reads the same variables.
/// `scope` is the story's [`VarScope`], built once by the caller.
pub fn vet(
    story: &Story,
    scope: &VarScope,
    s: &StoryString,
    translation: &str,
) -> Result<Option<Template>, Rejected> {
    if !s.slot.is_template() {
        return Ok(None);
    }
    let t = Template::parse(translation, scope).map_err(Rejected::Markup)?;
    let Ok(src) = Template::parse(&s.text, scope) else {
        return Ok(Some(t));
    };
    let (have, want) = (variables_of(&t), variables_of(&src));
    if have != want {
        let name = |i: &VarIdx| {
            story
                .variables
                .get(*i as usize)
                .map_or(String::new(), |v| v.id.clone())
        };
        return Err(Rejected::Variables {
            missing: want.difference(&have).map(name).collect(),
            extra: have.difference(&want).map(name).collect(),
        });
    }
    Ok(Some(t))
}

/// The usable entry for `s` in `po`: same id, same source text, not fuzzy, translated.
pub fn entry_for<'p>(index: &HashMap<&str, &'p PoEntry>, s: &StoryString) -> Option<&'p PoEntry> {
    index
        .get(s.id.as_str())
        .copied()
        .filter(|e| e.is_current() && e.source == s.text)
}

/// Entries by id (the first of a repeated id wins).
pub fn index(po: &PoFile) -> HashMap<&str, &PoEntry> {
    let mut map = HashMap::new();
    for e in &po.entries {
        if let Some(c) = e.context.as_deref() {
            map.entry(c).or_insert(e);
        }
    }
    map
}

/// `story` with every usable translation of `po` in place; returns it and how many strings
/// were translated.
pub fn translate(story: &Story, strings: &[StoryString], po: &PoFile) -> (Story, usize) {
    let mut out = story.clone();
    let idx = index(po);
    let scope = VarScope::new(&story.variables);
    let mut done = 0;
    let mut values = Vec::new();
    for s in strings {
        let Some(e) = entry_for(&idx, s) else {
            continue;
        };
        match vet(story, &scope, s, &e.translation) {
            Ok(_) if matches!(s.slot, Slot::VariableValue(_)) => {
                if let Slot::VariableValue(i) = s.slot {
                    values.push((i as VarIdx, s.text.as_str(), e.translation.as_str()));
                }
                done += 1;
            }
            Ok(template) => {
                set(&mut out, s.slot, &e.translation, template);
                done += 1;
            }
            Err(_) => continue,
        }
    }
    show_values(&mut out, &values);
    // The words changed: play packs them afresh.
    out.playbook = std::sync::OnceLock::new();
    (out, done)
}

/// Every passage and choice shows each text variable value of `values` (`(var, source,
/// translation)`) in its translation; the state keeps the source value.
fn show_values(story: &mut Story, values: &[(VarIdx, &str, &str)]) {
    if values.is_empty() {
        return;
    }
    let show = |t: &mut Template| {
        for &(var, from, to) in values {
            t.show_value_as(var, from, to);
        }
    };
    for node in &mut story.nodes {
        show(&mut node.text);
        if let Exit::Choices(choices) = &mut node.exit {
            for c in choices {
                show(&mut c.text);
            }
        }
    }
}

fn set(story: &mut Story, slot: Slot, text: &str, template: Option<Template>) {
    let t = text.to_owned();
    match slot {
        Slot::Title => story.meta.title = t,
        Slot::Description => story.meta.description = t,
        Slot::ContentNote(i) => {
            if let Some(x) = story.meta.content_notes.get_mut(i) {
                *x = t;
            }
        }
        Slot::VariableLabel(i) => {
            if let Some(v) = story.variables.get_mut(i) {
                v.label = t;
            }
        }
        // Shown through the templates (`show_values`), never stored as the value.
        Slot::VariableValue(_) => {}
        Slot::RoleName(r) => {
            if let Some(x) = story.roles.get_mut(r) {
                x.name = t;
            }
        }
        Slot::RoleBriefing(r) => {
            if let Some(x) = story.roles.get_mut(r) {
                x.briefing = t;
            }
        }
        Slot::PresetTitle(r, p) => {
            if let Some(x) = story.roles.get_mut(r).and_then(|r| r.presets.get_mut(p)) {
                x.title = t;
            }
        }
        Slot::PresetAbout(r, p) => {
            if let Some(x) = story.roles.get_mut(r).and_then(|r| r.presets.get_mut(p)) {
                x.about = t;
            }
        }
        Slot::SourceOutlet(i) => {
            if let Some(x) = story.sources.get_mut(i) {
                x.outlet = t;
            }
        }
        Slot::SourceTitle(i) => {
            if let Some(x) = story.sources.get_mut(i) {
                x.title = t;
            }
        }
        Slot::SourceSupports(i) => {
            if let Some(x) = story.sources.get_mut(i) {
                x.supports = t;
            }
        }
        Slot::SceneTitle(s) => {
            if let Some(x) = story.scenes.get_mut(s) {
                x.title = t;
            }
        }
        Slot::SceneAlt(s) => {
            if let Some(img) = story.scenes.get_mut(s).and_then(|x| x.image.as_mut()) {
                img.alt = t;
            }
        }
        Slot::NodeText(n) => {
            if let (Some(x), Some(tpl)) = (node(story, n), template) {
                x.text = tpl;
            }
        }
        Slot::Speaker(n) => {
            if let Some(x) = node(story, n) {
                x.speaker = Some(Arc::from(t));
            }
        }
        Slot::Note(n) => {
            if let Some(x) = node(story, n) {
                x.note = Some(t);
            }
        }
        Slot::Prompt(n) => {
            if let Some(x) = node(story, n) {
                x.prompt = Some(t);
            }
        }
        Slot::NodeAlt(n) => {
            if let Some(img) = node(story, n).and_then(|x| x.image.as_mut()) {
                img.alt = t;
            }
        }
        Slot::ChoiceText(n, c) => {
            if let (Some(Exit::Choices(cs)), Some(tpl)) =
                (node(story, n).map(|x| &mut x.exit), template)
                && let Some(choice) = cs.get_mut(c)
            {
                choice.text = tpl;
            }
        }
        Slot::Because(n, c) => {
            if let Some(Exit::Choices(cs)) = node(story, n).map(|x| &mut x.exit)
                && let Some(choice) = cs.get_mut(c)
            {
                choice.because = Some(t);
            }
        }
        Slot::OutcomeLabel(n, c, o) => {
            if let Some(Exit::Choices(cs)) = node(story, n).map(|x| &mut x.exit)
                && let Some(choice) = cs.get_mut(c)
                && let Target::Outcomes(os) = &mut choice.target
                && let Some(outcome) = os.get_mut(o)
            {
                outcome.label = Some(t);
            }
        }
        Slot::EndingTitle(n) => {
            if let Some(Exit::Ending(e)) = node(story, n).map(|x| &mut x.exit) {
                e.title = t;
            }
        }
        Slot::Summary(n) => {
            if let Some(Exit::Ending(e)) = node(story, n).map(|x| &mut x.exit) {
                e.summary = t;
            }
        }
        Slot::Question(n, q) => {
            if let Some(Exit::Ending(e)) = node(story, n).map(|x| &mut x.exit)
                && let Some(x) = e.questions.get_mut(q)
            {
                *x = t;
            }
        }
    }
}

fn node(story: &mut Story, n: u32) -> Option<&mut crate::story::model::Node> {
    story.nodes.get_mut(n as usize)
}
