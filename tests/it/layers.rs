//! The library's layers point one way: a module may use the modules below it, never above.

use std::fs;
use std::path::{Path, PathBuf};

/// Bottom to top. `cli` loads the story and opens the game, so it sits above `gui`.
const LAYERS: [&str; 10] = [
    "story", "i18n", "check", "session", "save", "tools", "class", "serve", "gui", "cli",
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// The top-level modules `text` names through `crate::…` paths, comments left out.
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{story::Story, save::SaveFile};`: every top-level name in the group.
            let end = group.find(';').unwrap_or(group.len());
            let mut depth = 0usize;
            let mut start = true;
            for (j, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_alphanumeric() || c == '_') => {
                        found.push(ident_at(&group[j..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(ident_at(rest));
        }
    }
    found
}

fn ident_at(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every use of a higher layer from a lower one, as `file: from -> to`. `files` are
/// (top-level module, source text).
fn back_edges(files: &[(String, String, String)]) -> Vec<String> {
    let mut edges = Vec::new();
    for (name, module, text) in files {
        let Some(from) = rank(module) else { continue };
        for used in crate_paths(text) {
            if rank(&used).is_some_and(|to| to > from) {
                edges.push(format!("{name}: {module} -> {used}"));
            }
        }
    }
    edges.sort();
    edges.dedup();
    edges
}

#[test]
fn lower_layers_never_use_higher_ones() {
    let mut paths = Vec::new();
    rust_files(Path::new("src"), &mut paths);
    let files: Vec<(String, String, String)> = paths
        .iter()
        .filter_map(|p| {
            let rel = p.strip_prefix("src").ok()?;
            let top = rel.components().next()?.as_os_str().to_str()?;
            let module = top.strip_suffix(".rs").unwrap_or(top).to_owned();
            let text = fs::read_to_string(p).ok()?;
            Some((p.display().to_string(), module, text))
        })
        .collect();
    // Every layer is there: the walk found the tree.
    for layer in LAYERS {
        assert!(
            files.iter().any(|(_, m, _)| m == layer),
            "no files of layer `{layer}` under src/"
        );
    }
    let edges = back_edges(&files);
    assert!(
        edges.is_empty(),
        "layers point one way ({}); these files use a higher layer:\n{}",
        LAYERS.join(" -> "),
        edges.join("\n")
    );
}

#[test]
fn a_back_edge_is_caught_in_every_form() {
    let file = |module: &str, text: &str| ("x.rs".to_owned(), module.to_owned(), text.to_owned());
    let cases = [
        file("story", "use crate::check::Diagnostic;"),
        file("session", "use crate::{story::Story, save::SaveFile};"),
        file("tools", "fn f() { crate::cli::load_story(None); }"),
        file("gui", "use crate::{\n    cli::{GameArgs, run},\n};"),
        file("class", "fn f() { crate::serve::new_code(); }"),
        file("serve", "use crate::gui::Game;"),
    ];
    for case in &cases {
        assert_eq!(
            back_edges(std::slice::from_ref(case)).len(),
            1,
            "{}",
            case.2
        );
    }
    let fine = [
        file("cli", "use crate::{gui, story::Story, tools::graph};"),
        file(
            "save",
            "use crate::session::Session; // crate::cli in a comment",
        ),
        file("story", "/// See [`crate::check::Renderer`].\nfn f() {}"),
    ];
    assert!(back_edges(&fine).is_empty(), "{:?}", back_edges(&fine));
}
