//! Stories in other languages: string ids, gettext PO translation files, and translated models.
//!
//! A story folder holds one file per language, `translations/LANG.po` (`ko.po`). Each entry's
//! `msgctxt` is a string's stable id, its `msgid` the source text it translates (a fingerprint
//! that is the text itself, shown to the translator), its `msgstr` the translation.

pub mod apply;
pub mod check;
pub mod po;
pub mod strings;
#[macro_use]
pub mod ui;
pub mod update;

use std::sync::Arc;

use crate::story::Story;

/// The language code a translation file's path names: `translations/ko.po` → `ko`.
pub fn lang_of(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let code = name.strip_suffix(".po")?;
    valid_lang(code).then(|| code.to_owned())
}

/// A BCP 47-like code: 2-3 lowercase letters, then `-` parts (`ko`, `pt-BR`, `zh-Hant`).
pub fn valid_lang(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The languages a story can be played in: its own first, then each translation's, sorted.
pub fn languages(story: &Story) -> Vec<String> {
    let mut langs: Vec<String> = story
        .translations
        .iter()
        .filter_map(|f| lang_of(&f.path))
        .filter(|l| *l != story.meta.language)
        .collect();
    langs.sort();
    langs.dedup();
    langs.insert(0, story.meta.language.clone());
    langs
}

/// Why a story cannot be shown in a language.
#[derive(Debug, thiserror::Error)]
pub enum LangError {
    #[error(
        "the story has no `{lang}` translation; its languages are {available} (a translation is translations/{lang}.po in the story folder; `aftermath strings DIR --lang {lang}` starts one)"
    )]
    Unknown { lang: String, available: String },
    #[error(transparent)]
    Strings(#[from] strings::ExtractError),
}

/// `story` in `lang`: its own language as is, or its translation with each string not (yet)
/// translated left in the source language.
pub fn story_in(story: &Story, lang: &str) -> Result<Story, LangError> {
    if lang == story.meta.language {
        return Ok(story.clone());
    }
    let Some(file) = story
        .translations
        .iter()
        .find(|f| lang_of(&f.path).as_deref() == Some(lang))
    else {
        return Err(LangError::Unknown {
            lang: lang.to_owned(),
            available: languages(story).join(", "),
        });
    };
    let strings = strings::extract(story)?;
    let po = po::parse(&file.text);
    let (mut out, _) = apply::translate(story, &strings, &po);
    out.meta.language = lang.to_owned();
    Ok(out)
}

/// [`story_in`] for a story already shared: its own language is the same story, not a copy
/// (a copy of a large story costs as much memory again, and time).
pub fn edition(story: &Arc<Story>, lang: &str) -> Result<Arc<Story>, LangError> {
    if lang == story.meta.language {
        return Ok(Arc::clone(story));
    }
    story_in(story, lang).map(Arc::new)
}

/// A story in each of its languages, translated once: what the game and the classroom server
/// hand out by language code.
#[derive(Debug, Clone)]
pub struct Editions {
    /// `(code, story)`, the story's own language first.
    stories: Vec<(String, Arc<Story>)>,
}

impl Editions {
    /// Every language of `story`; one whose strings cannot be listed is left out.
    pub fn new(story: Arc<Story>) -> Editions {
        let mut stories = vec![(story.meta.language.clone(), story.clone())];
        for lang in languages(&story).into_iter().skip(1) {
            if let Ok(s) = story_in(&story, &lang) {
                stories.push((lang, Arc::new(s)));
            }
        }
        Editions { stories }
    }

    /// The story in `lang`, or in its own language when it has no such translation.
    pub fn get(&self, lang: &str) -> &Arc<Story> {
        self.stories
            .iter()
            .find(|(l, _)| l == lang)
            .map_or(&self.stories[0].1, |(_, s)| s)
    }

    /// The story in its own language.
    pub fn source(&self) -> &Arc<Story> {
        &self.stories[0].1
    }

    /// The language codes, the story's own first.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.stories.iter().map(|(l, _)| l.as_str())
    }
}
