//! The interface's words: Fluent message files (`assets/i18n/LANG/*.ftl`), English and Korean.
//!
//! One language is current for the whole process (the game, the terminal player, the CLI):
//! `--lang`, else the game's setting, else the system's language, else English. A message
//! missing from a language falls back to English, then to its id, so a gap never hides a button.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The message files of a language, by area: the game and terminal player, the facilitator's
/// screens, the student page, the class's exports (debrief page and Markdown).
pub const FILES: [&str; 4] = ["game.ftl", "class.ftl", "student.ftl", "export.ftl"];

/// The index of the student page's file in [`FILES`].
pub const STUDENT_FILE: usize = 2;

/// The interface languages shipped: code, name in that language, its [`FILES`]' texts.
pub const LANGUAGES: &[(&str, &str, [&str; 4])] = &[
    (
        "en",
        "English",
        [
            include_str!("../../assets/i18n/en/game.ftl"),
            include_str!("../../assets/i18n/en/class.ftl"),
            include_str!("../../assets/i18n/en/student.ftl"),
            include_str!("../../assets/i18n/en/export.ftl"),
        ],
    ),
    (
        "ko",
        "한국어",
        [
            include_str!("../../assets/i18n/ko/game.ftl"),
            include_str!("../../assets/i18n/ko/class.ftl"),
            include_str!("../../assets/i18n/ko/student.ftl"),
            include_str!("../../assets/i18n/ko/export.ftl"),
        ],
    ),
];

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle] {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(code, _, files)| {
                let id = code.parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![id]);
                b.set_use_isolating(false);
                for text in files {
                    // A message file that fails to parse in part keeps the entries it could
                    // read; the shipped files are checked whole by the tests.
                    let res =
                        FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(r, _)| r);
                    let _ = b.add_resource(res);
                }
                b
            })
            .collect()
    })
}

static CURRENT: AtomicUsize = AtomicUsize::new(0);

/// Makes `code` (`ko`, `ko-KR`, `en_GB.UTF-8`) the interface language if it is shipped;
/// returns whether it was.
pub fn set_language(code: &str) -> bool {
    match index_of(code) {
        Some(i) => {
            CURRENT.store(i, Ordering::Relaxed);
            true
        }
        None => false,
    }
}

/// The shipped language a locale name means, by its first part: `ko_KR.UTF-8` → `ko`.
pub fn shipped(code: &str) -> Option<&'static str> {
    index_of(code).map(|i| LANGUAGES[i].0)
}

fn index_of(code: &str) -> Option<usize> {
    let primary = code
        .split(['-', '_', '.', '@'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGUAGES.iter().position(|(c, _, _)| *c == primary)
}

/// The current interface language's code.
pub fn language() -> &'static str {
    LANGUAGES[CURRENT.load(Ordering::Relaxed).min(LANGUAGES.len() - 1)].0
}

/// The system's language if the interface ships it (`LANG=ko_KR.UTF-8` → `ko`).
pub fn system_language() -> Option<&'static str> {
    sys_locale::get_locale().and_then(|l| shipped(&l))
}

/// Chooses the interface language: `explicit` (a `--lang`), else the system's, else English.
/// Returns the code chosen.
pub fn choose(explicit: Option<&str>) -> &'static str {
    let code = explicit
        .and_then(shipped)
        .or_else(system_language)
        .unwrap_or("en");
    set_language(code);
    code
}

/// The message `id` in the current language, with `args`; English when the current language
/// lacks it, and the id itself when English does too.
pub fn message(id: &str, args: Option<&FluentArgs<'_>>) -> String {
    message_in(CURRENT.load(Ordering::Relaxed), id, args)
}

/// The message `id` in language `code` (English when not shipped).
pub fn message_for(code: &str, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    message_in(index_of(code).unwrap_or(0), id, args)
}

fn message_in(lang: usize, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let all = bundles();
    for b in [all.get(lang), all.first()].into_iter().flatten() {
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b.format_pattern(pattern, args, &mut errors).into_owned();
        }
    }
    id.to_owned()
}

/// The messages of `FILES[file]` for a web page that formats them itself: every shipped
/// language's messages, each variable left as `{name}`, as JSON:
/// `{"languages": [["en", "English"], …], "messages": {"en": {"id": "text {name}"}, …}}`.
pub fn page_messages(file: usize) -> serde_json::Value {
    let mut messages = serde_json::Map::new();
    for (lang, (code, _, files)) in LANGUAGES.iter().enumerate() {
        let mut these = serde_json::Map::new();
        for (id, vars) in files
            .get(file)
            .and_then(|t| ids_and_variables(t).ok())
            .unwrap_or_default()
        {
            let holes: Vec<String> = vars.iter().map(|v| format!("{{{v}}}")).collect();
            let pairs: Vec<(&str, FluentValue<'_>)> = vars
                .iter()
                .zip(&holes)
                .map(|(v, h)| (v.as_str(), FluentValue::from(h.as_str())))
                .collect();
            let text = message_in(lang, &id, Some(&args(&pairs)));
            these.insert(id, serde_json::Value::String(text));
        }
        messages.insert((*code).to_owned(), serde_json::Value::Object(these));
    }
    serde_json::json!({
        "languages": LANGUAGES.iter().map(|(c, n, _)| [c, n]).collect::<Vec<_>>(),
        "messages": messages,
    })
}

/// Builds Fluent arguments from `(name, value)` pairs.
pub fn args<'a>(pairs: &[(&'a str, FluentValue<'a>)]) -> FluentArgs<'a> {
    let mut a = FluentArgs::new();
    for (k, v) in pairs {
        a.set(*k, v.clone());
    }
    a
}

/// `t!("id")` or `t!("id", name = value, ...)`: the message in the current language.
#[macro_export]
macro_rules! t {
    ($id:expr) => {
        $crate::i18n::ui::message($id, None)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::ui::message(
            $id,
            Some(&$crate::i18n::ui::args(&[$((stringify!($name), ::fluent_bundle::FluentValue::from($value))),+])),
        )
    };
}

/// Every message id of a message file, and the variables each uses, for the tests that keep
/// the languages in step.
pub fn ids_and_variables(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    use fluent_syntax::ast;
    let res = fluent_syntax::parser::parse(text).map_err(|(_, errs)| format!("{errs:?}"))?;
    let mut out = Vec::new();
    for entry in res.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = Vec::new();
            if let Some(p) = &m.value {
                collect_vars(p, &mut vars);
            }
            vars.sort();
            vars.dedup();
            out.push((m.id.name.to_owned(), vars));
        }
    }
    Ok(out)
}

fn collect_vars(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    out.push(id.name.to_owned());
                }
                Expression::Select { selector, variants } => {
                    if let InlineExpression::VariableReference { id } = selector {
                        out.push(id.name.to_owned());
                    }
                    for v in variants {
                        collect_vars(&v.value, out);
                    }
                }
                Expression::Inline(_) => {}
            }
        }
    }
}
