//! Turns story source files into a checked [`Story`], collecting every problem on the way.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use ron::extensions::Extensions;

use super::cite;
use super::diagnostic::{Code, Diagnostic};
use super::expr::{Effect, Expr, ExprError, Type, Value, parse_effects, parse_expr};
use super::fanout;
use super::locate::{Locator, offset_of};
use super::model::VarScope;
use super::model::*;
use super::source::*;
use super::source_files::{BadFile, StorySource, content_hash};
use super::suggest;
use super::text::{Template, TextError};

/// Stands in for a node reference that failed to resolve; never reaches a session.
const BROKEN: NodeIdx = NodeIdx::MAX;

/// A story that loaded, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub story: Story,
    pub warnings: Vec<Diagnostic>,
}

/// A story that failed to load: every problem found, errors and warnings.
///
/// `Failed::render` (text, errors first) is defined by the `check` module, which renders.
#[derive(Debug, Clone)]
pub struct Failed {
    pub files: Vec<crate::story::SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// What a manifest holds, and how to get a working one.
const MANIFEST_HELP: &str = "write Story(id: ..., title: ..., roles: [...]) in story.ron; `aftermath new DIR` scaffolds a working one";

/// How the manifest's path is shown: the path a [`BadFile`] for it carries.
fn manifest_path(source: &StorySource) -> String {
    format!("{}/story.ron", source.root)
}

/// Loads and checks a story; lints (reachability, cycles, unused variables) run too.
pub fn load(source: StorySource) -> Result<Loaded, Failed> {
    let mut cx = Loader {
        diags: Vec::new(),
        locators: fanout::each_file(&sizes(&source.files), |i| {
            Locator::new(&source.files[i].text)
        }),
        files: &source.files,
        scene_ids: None,
    };
    let manifest = manifest_path(&source);
    for bad in &source.bad_files {
        cx.diags.push(match bad {
            BadFile::Empty(p) if *p == manifest => Diagnostic::error(
                Code::EmptyFile,
                format!("`{p}` is empty; it must hold the story's manifest"),
            )
            .help(MANIFEST_HELP),
            BadFile::Empty(p) => Diagnostic::error(Code::EmptyFile, format!("`{p}` is empty"))
                .help("write a Scene(...) in it, or delete it"),
            BadFile::Binary(p) => Diagnostic::error(
                Code::NotText,
                format!("`{p}` is not UTF-8 text; story files must be RON text"),
            )
            .help("remove the file from the story folder, or save it as UTF-8"),
            BadFile::Skipped { path, reason } => Diagnostic::warning(
                Code::SkippedFile,
                format!("`{path}` was not read: {reason}"),
            )
            .help("story files must be plain files inside the story folder"),
        });
    }
    let story = cx.build(&source);
    let mut diags = cx.diags;
    // The locators borrowed the files' text; they are gone, so the text moves into the story
    // (one copy of the source held, not two).
    let Some(mut story) = story else {
        return Err(Failed {
            files: source.files,
            diagnostics: diags,
        });
    };
    story.files = source.files;
    story.pictures = source.pictures;
    story.translations = source.translations;
    let has_errors = diags.iter().any(Diagnostic::is_error);
    diags.extend(super::lints::lint(&story, has_errors));
    if diags.iter().any(Diagnostic::is_error) {
        Err(Failed {
            files: story.files,
            diagnostics: diags,
        })
    } else {
        Ok(Loaded {
            story,
            warnings: diags,
        })
    }
}

/// File `file` of `files` parsed as a `T`, or the syntax error at its place.
fn parse_file<T: serde::de::DeserializeOwned>(
    files: &[crate::story::SourceFile],
    file: usize,
) -> Result<T, Diagnostic> {
    let full = files.get(file).map_or("", |f| f.text.as_str());
    // A UTF-8 byte-order mark (Windows Notepad writes one) is not RON: parse after it, and
    // shift ron's positions back onto the whole text.
    let text = full.strip_prefix('\u{feff}').unwrap_or(full);
    let bom = full.len() - text.len();
    ron_options().from_str::<T>(text).map_err(|e| {
        let start = bom + offset_of(text, e.span.start.line, e.span.start.col);
        let end = (bom + offset_of(text, e.span.end.line, e.span.end.col)).max(start);
        Diagnostic::error(Code::RonSyntax, format!("{}", e.code))
            .at(file, start..end, "here")
            .maybe_help(ron_help(&e.code))
    })
}

/// The files' lengths, for [`fanout::each_file`].
fn sizes(files: &[crate::story::SourceFile]) -> Vec<usize> {
    files.iter().map(|f| f.text.len()).collect()
}

struct Loader<'a> {
    diags: Vec<Diagnostic>,
    locators: Vec<Locator<'a>>,
    files: &'a [crate::story::SourceFile],
    /// Each scene's node ids, to suggest from: made at the first unknown target, once (a
    /// renamed scene breaks thousands of targets at once, and listing them for each was
    /// quadratic).
    scene_ids: Option<HashMap<String, Vec<String>>>,
}

/// Each scene's node ids, from the node keys (`scene.node`).
fn scene_ids(index: &HashMap<String, NodeIdx>) -> HashMap<String, Vec<String>> {
    let mut by_scene: HashMap<String, Vec<String>> = HashMap::new();
    for key in index.keys() {
        if let Some((scene, node)) = key.split_once('.') {
            by_scene
                .entry(scene.to_owned())
                .or_default()
                .push(node.to_owned());
        }
    }
    by_scene
}

/// Where in a file to look for the strings of the thing being compiled.
#[derive(Clone, Copy)]
struct Site {
    file: usize,
    from: usize,
}

impl Site {
    /// The whole of file `file`.
    fn start_of(file: usize) -> Self {
        Site { file, from: 0 }
    }
}

/// Every node's index, key (`scene.node`) and where its declaration starts: pass 1's result.
#[derive(Default)]
struct NodeTable {
    index: HashMap<String, NodeIdx>,
    sites: Vec<Site>,
    keys: Vec<String>,
}

/// What compiling one node needs: the variables, the node index, and where the node sits.
struct NodeCx<'a> {
    scope: &'a VarScope<'a>,
    index: &'a HashMap<String, NodeIdx>,
    /// The scene's id, for resolving node references written without a scene.
    scene: &'a str,
    /// The scene's position in the story.
    scene_no: u32,
    site: Site,
    /// The node's `scene.node` key.
    key: &'a str,
    /// The manifest's sources by id.
    sources: &'a HashMap<String, u32>,
    /// The story folder's pictures.
    pictures: &'a [Picture],
}

impl Loader<'_> {
    /// File `file` parsed as a `T`; a syntax error is reported and gives `None`.
    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: usize) -> Option<T> {
        let parsed = parse_file(self.files, file);
        self.parsed(parsed)
    }

    /// The value of a [`parse_file`], its error reported.
    fn parsed<T>(&mut self, parsed: Result<T, Diagnostic>) -> Option<T> {
        parsed.map_err(|d| self.diags.push(d)).ok()
    }

    /// The span of `value` written as `field: "value"`, searching from `site`, else anywhere.
    fn locate(&self, site: Site, field: &str, value: &str) -> Range<usize> {
        let loc = &self.locators[site.file];
        loc.find_field(field, value, site.from)
            .or_else(|| loc.find(value, site.from))
            .or_else(|| loc.find_field(field, value, 0))
            .unwrap_or(site.from..site.from)
    }

    /// Places `diag` on the sub-range `inner` of the string literal `src` in the site's file.
    fn expr_error(&mut self, site: Site, src: &str, inner: Range<usize>, diag: Diagnostic) {
        let span = self.locators[site.file]
            .find_inner(src, site.from, inner.clone())
            .or_else(|| self.locators[site.file].find_inner(src, 0, inner))
            .unwrap_or(site.from..site.from);
        self.diags.push(diag.at(site.file, span, "here"));
    }

    fn report_expr(&mut self, site: Site, src: &str, e: ExprError, what: &str) {
        let diag = expr_diagnostic(&e, format!("{e} in {what}"));
        self.expr_error(site, src, e.span(), diag);
    }

    fn cond(
        &mut self,
        scope: &VarScope,
        site: Site,
        src: &Option<String>,
        what: &str,
    ) -> Option<Expr> {
        let src = src.as_deref()?;
        match parse_expr(src, scope, Type::Bool) {
            Ok(e) => Some(e),
            Err(e) => {
                self.report_expr(site, src, e, what);
                None
            }
        }
    }

    fn weight(&mut self, scope: &VarScope, site: Site, w: &WeightDecl) -> Expr {
        let fixed = |i: i64| Expr {
            kind: super::expr::ExprKind::Lit(Value::Int(i)),
            ty: Type::Int,
            span: 0..0,
        };
        match w {
            WeightDecl::Fixed(i) => fixed(*i),
            WeightDecl::Expr(src) => match parse_expr(src, scope, Type::Int) {
                Ok(e) => e,
                Err(e) => {
                    self.report_expr(site, src, e, "a weight");
                    fixed(0)
                }
            },
        }
    }

    fn effects(&mut self, scope: &VarScope, site: Site, list: &[String]) -> Vec<Effect> {
        let mut out = Vec::new();
        for src in list {
            match parse_effects(src, scope) {
                Ok(fx) => out.extend(fx),
                Err(e) => self.report_expr(site, src, e, "an effect"),
            }
        }
        out
    }

    fn template(&mut self, scope: &VarScope, site: Site, src: &str, what: &str) -> Template {
        match Template::parse(src, scope) {
            Ok(t) => t,
            Err(err) => {
                let message = format!("{err} in {what}");
                let diag = match &err {
                    TextError::Structure { help, .. } => {
                        Diagnostic::error(Code::TextSyntax, message).help(*help)
                    }
                    TextError::Expr { source, .. } => expr_diagnostic(source, message),
                };
                self.expr_error(site, src, err.span(), diag);
                Template::plain(src)
            }
        }
    }

    /// Builds the story, reporting every problem on the way; `None` when no story can be built.
    fn build(&mut self, source: &StorySource) -> Option<Story> {
        let (manifest, scenes) = self.read_files(source)?;
        let variables = self.variables(&manifest);
        let scope = VarScope::new(&variables);
        let (sources, source_index) = self.sources(&manifest);
        let table = self.index_nodes(&scenes);
        let (nodes, story_scenes, once_slots) =
            self.compile_scenes(scenes, &table, &scope, &source_index, &source.pictures);
        self.unused_sources(&sources, &nodes);
        let roles = self.roles(&manifest, &variables, &table.index);
        Some(Story {
            meta: Meta {
                id: manifest.id.clone(),
                title: manifest.title.clone(),
                version: manifest.version.clone(),
                authors: manifest.authors.clone(),
                language: manifest.language.clone(),
                description: manifest.description.clone(),
                content_notes: manifest.content_notes.clone(),
            },
            variables,
            roles,
            scenes: story_scenes,
            nodes,
            sources,
            // Filled in by `load` with the source's pictures, moved, not copied.
            pictures: Vec::new(),
            once_slots,
            // Filled in by `load` with the source's files, moved, not copied.
            files: Vec::new(),
            translations: Vec::new(),
            content_hash: content_hash(&source.root, self.files),
            node_index: table.index,
            playbook: std::sync::OnceLock::new(),
        })
    }

    /// Parses the manifest and every scene file; `None` when the story cannot be built from them.
    fn read_files(
        &mut self,
        source: &StorySource,
    ) -> Option<(ManifestFile, Vec<(usize, SceneFile)>)> {
        if !source.has_manifest {
            let manifest = manifest_path(source);
            if source.bad_files.iter().any(|b| match b {
                BadFile::Empty(p) | BadFile::Binary(p) => *p == manifest,
                BadFile::Skipped { .. } => false,
            }) {
                // There is a story.ron, already reported as empty or not text: one message.
                return None;
            }
            self.diags.push(
                Diagnostic::error(
                    Code::NoManifest,
                    format!("`{}` has no story.ron manifest", source.root),
                )
                .help("create story.ron with Story(id: ..., title: ..., roles: [...]); `aftermath new DIR` scaffolds a working one"),
            );
            return None;
        }
        let manifest: Option<ManifestFile> = self.parse(0);
        // The scene files side by side; their errors are reported in file order.
        let files = self.files;
        let parsed = fanout::each_file(&sizes(files.get(1..).unwrap_or_default()), |i| {
            parse_file::<SceneFile>(files, i + 1)
        });
        let scenes: Vec<(usize, SceneFile)> = parsed
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| self.parsed(p).map(|s| (i + 1, s)))
            .collect();
        let manifest = manifest?;
        if scenes.len() + 1 < self.files.len() {
            // A scene failed to parse: its nodes are unknown, so reference checks would only
            // repeat that error as false "unknown node" reports. Fix the syntax first.
            return None;
        }
        Some((manifest, scenes))
    }

    /// Pass 1: gives every node its index and key, checking scene and node ids on the way.
    fn index_nodes(&mut self, scenes: &[(usize, SceneFile)]) -> NodeTable {
        let mut table = NodeTable::default();
        let mut scene_ids: HashMap<String, usize> = HashMap::new();
        for (file, scene) in scenes {
            if let Some(prev) = scene_ids.insert(scene.id.clone(), *file) {
                self.duplicate_scene(*file, &scene.id, prev);
            }
            if !valid_id(&scene.id) {
                let span = self.locate(Site::start_of(*file), "id", &scene.id);
                self.diags
                    .push(bad_id("scene", &scene.id).at(*file, span, "here"));
            }
            let mut from = 0;
            for node in &scene.nodes {
                let site = Site { file: *file, from };
                let span = self.locators[*file]
                    .find_field_in("Node", "id", &node.id, from)
                    .unwrap_or_else(|| self.locate(site, "id", &node.id));
                from = span.end;
                let key = format!("{}.{}", scene.id, node.id);
                if !valid_id(&node.id) {
                    self.diags
                        .push(bad_id("node", &node.id).at(*file, span.clone(), "here"));
                }
                if table.index.contains_key(&key) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::DuplicateId,
                            format!(
                                "node id `{}` is used twice in scene `{}`",
                                node.id, scene.id
                            ),
                        )
                        .at(*file, span.clone(), "second node with this id")
                        .help("rename one of them; ids must be unique within a scene"),
                    );
                } else {
                    table.index.insert(key.clone(), table.keys.len() as NodeIdx);
                }
                table.sites.push(Site {
                    file: *file,
                    from: span.start,
                });
                table.keys.push(key);
            }
        }
        table
    }

    /// Reports a scene id already used by the scene in file `prev`.
    fn duplicate_scene(&mut self, file: usize, id: &str, prev: usize) {
        let span = self.locate(Site::start_of(file), "id", id);
        self.diags.push(
            Diagnostic::error(Code::DuplicateId, format!("scene id `{id}` is used twice"))
                .at(file, span, "second use")
                .help(format!(
                    "it is also the id of `{}`; give each scene its own id",
                    self.files[prev].path
                )),
        );
    }

    /// Pass 2: compiles every node, scene by scene, each scene's parse tree dropped once its
    /// nodes are built (the trees and the model are never both whole in memory). Returns the
    /// nodes, the scenes and the number of once-only choices.
    fn compile_scenes(
        &mut self,
        scenes: Vec<(usize, SceneFile)>,
        table: &NodeTable,
        scope: &VarScope,
        sources: &HashMap<String, u32>,
        pictures: &[Picture],
    ) -> (Vec<Node>, Vec<Scene>, u32) {
        let mut once_slots = 0;
        let mut nodes = Vec::new();
        let mut story_scenes = Vec::new();
        let mut k = 0;
        for (scene_no, (file, scene)) in scenes.into_iter().enumerate() {
            let first = nodes.len() as NodeIdx;
            for decl in &scene.nodes {
                let cx = NodeCx {
                    scope,
                    index: &table.index,
                    scene: &scene.id,
                    scene_no: scene_no as u32,
                    site: table.sites[k],
                    key: &table.keys[k],
                    sources,
                    pictures,
                };
                k += 1;
                let node = self.node(&cx, decl, &mut once_slots);
                nodes.push(node);
            }
            let image = scene
                .image
                .as_ref()
                .and_then(|d| self.illustration(Site { file, from: 0 }, d, pictures));
            story_scenes.push(Scene {
                id: scene.id,
                title: scene.title,
                file,
                nodes: first..nodes.len() as NodeIdx,
                image,
            });
        }
        (nodes, story_scenes, once_slots)
    }

    /// Compiles one node.
    fn node(&mut self, cx: &NodeCx, decl: &NodeDecl, once_slots: &mut u32) -> Node {
        let span = self.locate(cx.site, "id", &decl.id);
        let exit = self.exit(cx, decl, &span, once_slots);
        Node {
            id: decl.id.clone(),
            key: cx.key.into(),
            scene: cx.scene_no,
            speaker: decl.speaker.as_deref().map(Arc::from),
            text: self.template(cx.scope, cx.site, &decl.text, "the node text"),
            tags: decl.tags.clone(),
            effects: self.effects(cx.scope, cx.site, &decl.effects),
            note: decl.note.clone(),
            sources: self.citations(cx, decl, &span),
            image: decl
                .image
                .as_ref()
                .and_then(|d| self.illustration(cx.site, d, cx.pictures)),
            prompt: decl.prompt.clone(),
            exit,
            place: Place {
                file: cx.site.file,
                span,
            },
        }
    }

    /// The manifest's sources, each checked; every problem reported at its field.
    fn sources(&mut self, m: &ManifestFile) -> (Vec<Citation>, HashMap<String, u32>) {
        let mut from = 0;
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for decl in &m.sources {
            let site = Site { file: 0, from };
            let span = self.locate(site, "id", &decl.id);
            from = span.end;
            if seen.insert(&decl.id, ()).is_some() {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("source `{}` is declared twice", decl.id),
                    )
                    .at(0, span, "second declaration")
                    .help("remove or rename one of them"),
                );
                continue;
            }
            if let Some((field, message, help)) = cite::problem(decl) {
                let value = match field {
                    "outlet" => decl.outlet.as_str(),
                    "title" => decl.title.as_str(),
                    "date" => decl.date.as_str(),
                    "url" => decl.url.as_deref().unwrap_or(""),
                    _ => decl.id.as_str(),
                };
                let at = Site {
                    file: 0,
                    from: span.start,
                };
                let place = self.locate(at, field, value);
                self.diags.push(
                    Diagnostic::error(Code::BadSource, message)
                        .at(0, place, "here")
                        .help(help),
                );
            }
        }
        cite::declare(&m.sources)
    }

    /// A node's citations as indices; unknown ids and citations without a note reported.
    fn citations(&mut self, cx: &NodeCx, decl: &NodeDecl, span: &Range<usize>) -> Vec<u32> {
        let mut out = Vec::new();
        for id in &decl.sources {
            match cx.sources.get(id) {
                Some(&i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => {
                    let place = self.locate(cx.site, "sources", id);
                    let mut d = Diagnostic::error(
                        Code::UnknownSource,
                        format!(
                            "node `{}` cites `{id}`, which is not a declared source",
                            cx.key
                        ),
                    )
                    .at(cx.site.file, place, "unknown source");
                    d = match did_you_mean(id, cx.sources.keys().map(String::as_str)) {
                        Some(guess) => d.help(guess),
                        None => d.help(
                            "declare it in story.ron's `sources: [Source(id: ..., outlet: ..., title: ..., date: ...)]`",
                        ),
                    };
                    self.diags.push(d);
                }
            }
        }
        if !decl.sources.is_empty() && decl.note.is_none() {
            let place = self.locate(cx.site, "sources", &decl.sources[0]);
            let place = if place.is_empty() {
                span.clone()
            } else {
                place
            };
            self.diags
                .push(cite::without_note(cx.key, cx.site.file, place));
        }
        out
    }

    /// A node's or scene's picture: the file must be a PNG of the story folder, and the alt
    /// text must say what it shows.
    fn illustration(
        &mut self,
        site: Site,
        decl: &ImageDecl,
        pictures: &[Picture],
    ) -> Option<Illustration> {
        let path = decl.file.trim_start_matches("./");
        let place = self.locate(site, "file", &decl.file);
        let Some(i) = pictures.iter().position(|p| p.path == path) else {
            let d = Diagnostic::error(
                Code::MissingImage,
                format!(
                    "image `{}` is not a .png file in the story folder",
                    decl.file
                ),
            )
            .at(site.file, place, "no such picture");
            let d = match did_you_mean(path, pictures.iter().map(|p| p.path.as_str())) {
                Some(guess) => d.help(guess),
                None => d.help(
                    "put the PNG in the story folder and give its path inside it, `/`-separated: `maps/kursk.png`",
                ),
            };
            self.diags.push(d);
            return None;
        };
        if let Some((w, h)) = pictures[i].size()
            && (w == 0 || h == 0 || w.max(h) > Picture::MAX_SIDE)
        {
            self.diags.push(
                Diagnostic::error(
                    Code::BadImage,
                    format!(
                        "image `{}` is {w}x{h} pixels; pictures may be at most {} on a side",
                        decl.file,
                        Picture::MAX_SIDE
                    ),
                )
                .at(site.file, place, "here")
                .help("scale it down; 1600 pixels wide is plenty for a projector"),
            );
            return None;
        }
        if !pictures[i].is_png() {
            self.diags.push(
                Diagnostic::error(
                    Code::BadImage,
                    format!("image `{}` is not a PNG picture", decl.file),
                )
                .at(site.file, place, "here")
                .help("save it as PNG (a real PNG, not another format renamed)"),
            );
            return None;
        }
        if decl.alt.trim().is_empty() {
            self.diags.push(
                Diagnostic::error(
                    Code::ImageWithoutAlt,
                    format!("image `{}` has no alt text", decl.file),
                )
                .at(site.file, place, "here")
                .help("add `alt: \"...\"`: say in a sentence what the picture shows, for readers who cannot see it"),
            );
        }
        Some(Illustration {
            picture: i as u32,
            alt: decl.alt.trim().to_owned(),
        })
    }

    /// Warns of each declared source that no node cites.
    fn unused_sources(&mut self, sources: &[Citation], nodes: &[Node]) {
        let mut cited = vec![false; sources.len()];
        for n in nodes {
            for &i in &n.sources {
                if let Some(c) = cited.get_mut(i as usize) {
                    *c = true;
                }
            }
        }
        let mut from = 0;
        for (i, (c, used)) in sources.iter().zip(cited).enumerate() {
            let span = self.locate(Site { file: 0, from }, "id", &c.id);
            from = span.end;
            // A second declaration of an id is reported as a duplicate, not as unused.
            if !used && sources[..i].iter().all(|p| p.id != c.id) {
                self.diags.push(
                    Diagnostic::warning(
                        Code::UnusedSource,
                        format!("source `{}` is cited by no node", c.id),
                    )
                    .at(0, span, "declared here")
                    .help(
                        "cite it in the `sources` of the node whose note it supports, or remove it",
                    ),
                );
            }
        }
    }

    /// The node's one way on, or an error when it has none or several.
    fn exit(
        &mut self,
        cx: &NodeCx,
        decl: &NodeDecl,
        span: &Range<usize>,
        once_slots: &mut u32,
    ) -> Exit {
        let exits = [
            !decl.choices.is_empty(),
            decl.next.is_some(),
            !decl.pick.is_empty(),
            decl.ending.is_some(),
        ];
        let key = cx.key;
        match exits.iter().filter(|b| **b).count() {
            0 => {
                self.diags.push(
                    Diagnostic::error(Code::DeadEnd, format!("node `{key}` has no way on"))
                        .at(cx.site.file, span.clone(), "the story stops here")
                        .help("add `choices`, a `next` node, a random `pick`, or mark it as an `ending`"),
                );
                Exit::Next(BROKEN)
            }
            1 => {
                if let Some(next) = &decl.next {
                    Exit::Next(self.target(cx, "next", next))
                } else if let Some(e) = &decl.ending {
                    Exit::Ending(self.ending(cx, e))
                } else if !decl.pick.is_empty() {
                    Exit::Pick(self.pick(cx, &decl.pick))
                } else {
                    Exit::Choices(
                        decl.choices
                            .iter()
                            .map(|c| self.choice(cx, c, once_slots))
                            .collect(),
                    )
                }
            }
            _ => {
                let names: Vec<&str> = ["choices", "next", "pick", "ending"]
                    .iter()
                    .zip(exits)
                    .filter_map(|(n, b)| b.then_some(*n))
                    .collect();
                self.diags.push(
                    Diagnostic::error(
                        Code::ConflictingExits,
                        format!(
                            "node `{key}` has more than one way on: {}",
                            names.join(", ")
                        ),
                    )
                    .at(cx.site.file, span.clone(), "this node")
                    .help("keep exactly one of `choices`, `next`, `pick` or `ending`"),
                );
                Exit::Next(BROKEN)
            }
        }
    }

    /// The node a `next`, `goto` or candidate names, seen from the node being compiled.
    fn target(&mut self, cx: &NodeCx, field: &str, target: &str) -> NodeIdx {
        self.resolve(cx.index, cx.scene, cx.site, field, target)
    }

    fn ending(&mut self, cx: &NodeCx, e: &EndingDecl) -> Ending {
        if !valid_id(&e.id) {
            let span = self.locate(cx.site, "id", &e.id);
            self.diags
                .push(bad_id("ending", &e.id).at(cx.site.file, span, "here"));
        }
        Ending {
            id: e.id.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
            questions: e.questions.clone(),
        }
    }

    fn pick(&mut self, cx: &NodeCx, candidates: &[CandidateDecl]) -> Vec<Candidate> {
        candidates
            .iter()
            .map(|c| Candidate {
                target: self.target(cx, "goto", &c.goto),
                when: self.cond(cx.scope, cx.site, &c.when, "a pick condition"),
                weight: self.weight(cx.scope, cx.site, &c.weight),
            })
            .collect()
    }

    fn choice(&mut self, cx: &NodeCx, c: &ChoiceDecl, once_slots: &mut u32) -> Choice {
        let target = self.choice_target(cx, c);
        if c.because.is_some() && c.requires.is_none() {
            let span = self.locate(cx.site, "because", c.because.as_deref().unwrap_or(""));
            self.diags.push(
                Diagnostic::warning(
                    Code::UnusedBecause,
                    format!("a choice in `{}` has `because` but no `requires`", cx.key),
                )
                .at(cx.site.file, span, "never shown")
                .help("`because` is the reason shown when `requires` is false"),
            );
        }
        let once = c.once.then(|| {
            *once_slots += 1;
            *once_slots - 1
        });
        Choice {
            text: self.template(cx.scope, cx.site, &c.text, "a choice text"),
            when: self.cond(cx.scope, cx.site, &c.when, "a `when` condition"),
            requires: self.cond(cx.scope, cx.site, &c.requires, "a `requires` condition"),
            because: c.because.clone(),
            effects: self.effects(cx.scope, cx.site, &c.effects),
            target,
            once,
        }
    }

    /// Where a choice leads: one `goto`, or weighted `outcomes`; an error for neither or both.
    fn choice_target(&mut self, cx: &NodeCx, c: &ChoiceDecl) -> Target {
        match (&c.goto, c.outcomes.is_empty()) {
            (Some(goto), true) => Target::Goto(self.target(cx, "goto", goto)),
            (None, false) => Target::Outcomes(
                c.outcomes
                    .iter()
                    .map(|o| Outcome {
                        target: self.target(cx, "goto", &o.goto),
                        weight: self.weight(cx.scope, cx.site, &o.weight),
                        effects: self.effects(cx.scope, cx.site, &o.effects),
                        label: o.label.clone(),
                    })
                    .collect(),
            ),
            (goto, _) => {
                let span = self.locate(cx.site, "text", &c.text);
                let msg = if goto.is_some() {
                    "has both `goto` and `outcomes`"
                } else {
                    "has neither `goto` nor `outcomes`"
                };
                self.diags.push(
                    Diagnostic::error(
                        Code::ChoiceTarget,
                        format!("a choice in `{}` {msg}", cx.key),
                    )
                    .at(cx.site.file, span, "this choice")
                    .help("give it one `goto: \"node\"`, or a list of weighted `outcomes`"),
                );
                Target::Goto(BROKEN)
            }
        }
    }

    fn resolve(
        &mut self,
        index: &HashMap<String, NodeIdx>,
        scene: &str,
        site: Site,
        field: &str,
        target: &str,
    ) -> NodeIdx {
        let key = if target.contains('.') {
            target.to_owned()
        } else {
            format!("{scene}.{target}")
        };
        if let Some(&i) = index.get(&key) {
            return i;
        }
        let span = self.locate(site, field, target);
        let ids = self.scene_ids.get_or_insert_with(|| scene_ids(index));
        let local = ids.get(scene).map_or(&[][..], Vec::as_slice);
        let help = did_you_mean(target, local.iter().map(String::as_str))
            .or_else(|| did_you_mean(&key, index.keys().map(String::as_str)))
            .unwrap_or_else(|| {
                if target.contains('.') {
                    "write `scene.node` with an existing scene and node id".to_owned()
                } else {
                    format!(
                        "no node `{target}` in scene `{scene}`; for another scene write `scene.node`"
                    )
                }
            });
        self.diags.push(
            Diagnostic::error(Code::UnknownTarget, format!("unknown node `{target}`"))
                .at(site.file, span, "no such node")
                .help(help),
        );
        BROKEN
    }

    fn variables(&mut self, m: &ManifestFile) -> Vec<Variable> {
        let mut from = 0;
        let mut out: Vec<Variable> = Vec::new();
        for decl in &m.variables {
            let id = decl.id().to_owned();
            let span = self.locate(Site { file: 0, from }, "id", &id);
            from = span.end;
            if out.iter().any(|v| v.id == id) {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("variable `{id}` is declared twice"),
                    )
                    .at(0, span.clone(), "second declaration")
                    .help("remove or rename one of them"),
                );
                continue;
            }
            if !valid_variable_id(&id) {
                self.diags.push(
                    Diagnostic::error(Code::BadId, format!("variable id `{id}` cannot be used in expressions"))
                        .at(0, span.clone(), "here")
                        .help("use letters, digits and `_`, starting with a letter; `true`, `false`, `min`, `max`, `if`, `elif`, `else` and `end` are reserved"),
                );
            }
            out.push(self.variable(decl, id, span));
        }
        out
    }

    /// One declared variable, its id already checked; an `Int`'s range is checked here.
    fn variable(&mut self, decl: &VariableDecl, id: String, span: Range<usize>) -> Variable {
        let (ty, default, min, max, label, stat) = match decl {
            VariableDecl::Bool {
                default,
                label,
                stat,
                ..
            } => (Type::Bool, Value::Bool(*default), None, None, label, stat),
            VariableDecl::Int {
                default,
                min,
                max,
                label,
                stat,
                ..
            } => {
                self.check_range(&id, *default, *min, *max, &span);
                (Type::Int, Value::Int(*default), *min, *max, label, stat)
            }
            VariableDecl::Text {
                default,
                label,
                stat,
                ..
            } => (
                Type::Text,
                Value::Text(default.as_str().into()),
                None,
                None,
                label,
                stat,
            ),
        };
        Variable {
            ty,
            default,
            min,
            max,
            label: label.clone().unwrap_or_else(|| id.clone()),
            stat: *stat,
            id,
            place: Place { file: 0, span },
        }
    }

    /// Reports an `Int` variable whose `min` is above its `max`, or whose default is outside.
    fn check_range(
        &mut self,
        id: &str,
        default: i64,
        min: Option<i64>,
        max: Option<i64>,
        span: &Range<usize>,
    ) {
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.diags.push(
                Diagnostic::error(
                    Code::BadRange,
                    format!("variable `{id}` has min {lo} above max {hi}"),
                )
                .at(0, span.clone(), "here")
                .help("swap min and max"),
            );
        }
        if min.is_some_and(|lo| default < lo) || max.is_some_and(|hi| default > hi) {
            self.diags.push(
                Diagnostic::error(
                    Code::BadRange,
                    format!("variable `{id}` starts at {default}, outside its range"),
                )
                .at(0, span.clone(), "here")
                .help(format!("give a default {}", in_range(min, max))),
            );
        }
    }

    fn roles(
        &mut self,
        m: &ManifestFile,
        vars: &[Variable],
        index: &HashMap<String, NodeIdx>,
    ) -> Vec<Role> {
        if m.roles.is_empty() {
            self.diags.push(
                Diagnostic::error(Code::NoRoles, "the story has no roles")
                    .at(0, self.locators[0].find_list("roles").unwrap_or(0..0), "no roles listed")
                    .help("add at least one Role(id: ..., name: ..., start: \"scene.node\") under `roles`"),
            );
        }
        let mut from = 0;
        let mut out: Vec<Role> = Vec::new();
        for r in &m.roles {
            let span = self.locate(Site { file: 0, from }, "id", &r.id);
            from = span.end;
            if !valid_id(&r.id) {
                self.diags
                    .push(bad_id("role", &r.id).at(0, span.clone(), "here"));
            }
            if out.iter().any(|o| o.id == r.id) {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("role `{}` is declared twice", r.id),
                    )
                    .at(0, span.clone(), "second declaration")
                    .help("give each role its own id"),
                );
            }
            let site = Site {
                file: 0,
                from: span.start,
            };
            let who = Starter::Role(&r.id);
            let start = self.start(who, &r.start, site, index);
            let defaults = vars.iter().map(|v| v.default.clone()).collect();
            let values = self.start_values(who, &r.values, defaults, site, vars);
            out.push(Role {
                presets: self.presets(r, site, start, &values, vars, index),
                start,
                values,
                stats: self.role_stats(r, site, vars),
                id: r.id.clone(),
                name: r.name.clone(),
                briefing: r.briefing.clone(),
                place: Place { file: 0, span },
            });
        }
        out
    }

    /// The role's presets: each a start node (`role_start` unless it names one) and values
    /// (the preset's over `role_values`), checked as the role's own are.
    fn presets(
        &mut self,
        r: &RoleDecl,
        role_site: Site,
        role_start: NodeIdx,
        role_values: &[Value],
        vars: &[Variable],
        index: &HashMap<String, NodeIdx>,
    ) -> Vec<Preset> {
        let mut from = role_site.from;
        let mut out: Vec<Preset> = Vec::new();
        for p in &r.presets {
            let span = self.locators[0]
                .find_field_in("Preset", "id", &p.id, from)
                .unwrap_or_else(|| self.locate(Site { file: 0, from }, "id", &p.id));
            from = span.end;
            if !valid_preset_id(&p.id) {
                self.diags.push(
                    Diagnostic::error(
                        Code::BadId,
                        format!("preset id `{}` of role `{}` is not kebab-case", p.id, r.id),
                    )
                    .at(0, span.clone(), "here")
                    .help("write lowercase letters and digits joined by single `-`, starting with a letter: `as-reported`"),
                );
            }
            if out.iter().any(|o| o.id == p.id) {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("role `{}` declares preset `{}` twice", r.id, p.id),
                    )
                    .at(0, span.clone(), "second declaration")
                    .help("give each preset of a role its own id"),
                );
            }
            let site = Site {
                file: 0,
                from: span.start,
            };
            let who = Starter::Preset {
                role: &r.id,
                preset: &p.id,
            };
            out.push(Preset {
                start: match &p.start {
                    Some(start) => self.start(who, start, site, index),
                    None => role_start,
                },
                values: self.start_values(who, &p.values, role_values.to_vec(), site, vars),
                id: p.id.clone(),
                title: p.title.clone(),
                about: p.about.clone(),
                place: Place { file: 0, span },
            });
        }
        out
    }

    /// The node a role or preset starts at: `start`, written `scene.node`.
    fn start(
        &mut self,
        who: Starter,
        start: &str,
        site: Site,
        index: &HashMap<String, NodeIdx>,
    ) -> NodeIdx {
        if let Some(&i) = index.get(start) {
            return i;
        }
        let span = self.locate(site, "start", start);
        let help = did_you_mean(start, index.keys().map(String::as_str)).unwrap_or_else(|| {
            if start.contains('.') {
                "point `start` at an existing `scene.node`".to_owned()
            } else {
                format!("{}'s start is written `scene.node`", who.kind())
            }
        });
        self.diags.push(
            Diagnostic::error(
                Code::BadStart,
                format!("{who} starts at unknown node `{start}`"),
            )
            .at(0, span, "no such node")
            .help(help),
        );
        BROKEN
    }

    /// The variables' values when a role or preset starts: `base` (the defaults for a role,
    /// the role's values for a preset) with `written` applied over it.
    fn start_values(
        &mut self,
        who: Starter,
        written: &BTreeMap<String, Literal>,
        mut values: Vec<Value>,
        site: Site,
        vars: &[Variable],
    ) -> Vec<Value> {
        for (name, lit) in written {
            let Some(i) = vars.iter().position(|v| &v.id == name) else {
                let span = self.locate(site, "", name);
                let help = did_you_mean(name, vars.iter().map(|v| v.id.as_str()))
                    .unwrap_or_else(|| "declare it under `variables` first".to_owned());
                self.diags.push(
                    Diagnostic::error(
                        Code::UnknownVariable,
                        format!("{who} sets unknown variable `{name}`"),
                    )
                    .at(0, span, "not declared")
                    .help(help),
                );
                continue;
            };
            let v = match lit {
                Literal::Bool(b) => Value::Bool(*b),
                Literal::Int(n) => Value::Int(*n),
                Literal::Text(t) => Value::Text(t.as_str().into()),
            };
            if v.ty() != vars[i].ty {
                let span = self.locate(site, "", name);
                self.diags.push(
                    Diagnostic::error(
                        Code::TypeError,
                        format!(
                            "{who} gives `{name}` {} value, but it is {}",
                            a(v.ty()),
                            vars[i].ty
                        ),
                    )
                    .at(0, span, "wrong type")
                    .help(format!("write {} value", a(vars[i].ty))),
                );
                continue;
            }
            if vars[i].clamp(v.clone()) != v {
                let span = self.locate(site, "", name);
                self.diags.push(
                    Diagnostic::error(
                        Code::BadRange,
                        format!("{who} starts `{name}` at {v}, outside its range"),
                    )
                    .at(0, span, "out of range")
                    .help(format!(
                        "give a value {}",
                        in_range(vars[i].min, vars[i].max)
                    )),
                );
            }
            if let Some(slot) = values.get_mut(i) {
                *slot = vars[i].clamp(v);
            }
        }
        values
    }

    /// The variables shown to the player: the role's `stats`, else every variable marked `stat`.
    fn role_stats(&mut self, r: &RoleDecl, site: Site, vars: &[Variable]) -> Vec<usize> {
        if r.stats.is_empty() {
            return (0..vars.len()).filter(|&i| vars[i].stat).collect();
        }
        let mut shown = Vec::new();
        for name in &r.stats {
            match vars.iter().position(|v| &v.id == name) {
                Some(i) => shown.push(i),
                None => {
                    let span = self.locate(site, "", name);
                    let help = did_you_mean(name, vars.iter().map(|v| v.id.as_str()))
                        .unwrap_or_else(|| "list declared variables only".to_owned());
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownVariable,
                            format!("role `{}` shows unknown variable `{name}` as a stat", r.id),
                        )
                        .at(0, span, "not declared")
                        .help(help),
                    );
                }
            }
        }
        shown
    }
}

/// Whose start or starting values a diagnostic is about: a role, or a preset of a role.
#[derive(Clone, Copy)]
enum Starter<'a> {
    Role(&'a str),
    Preset { role: &'a str, preset: &'a str },
}

impl Starter<'_> {
    /// "a role", "a preset": for help texts.
    fn kind(self) -> &'static str {
        match self {
            Starter::Role(_) => "a role",
            Starter::Preset { .. } => "a preset",
        }
    }
}

impl fmt::Display for Starter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Starter::Role(role) => write!(f, "role `{role}`"),
            Starter::Preset { role, preset } => write!(f, "preset `{preset}` of role `{role}`"),
        }
    }
}

/// The diagnostic (code, message, help) for an expression error.
fn expr_diagnostic(e: &ExprError, message: String) -> Diagnostic {
    match e {
        ExprError::Syntax { .. } => Diagnostic::error(Code::ExprSyntax, message),
        ExprError::UnknownVariable {
            name, suggestion, ..
        } => {
            // The scope already picked the closest name; it passes the same test again here.
            let help = did_you_mean(name, suggestion.as_deref())
                .unwrap_or_else(|| "declare it in story.ron under `variables`".to_owned());
            Diagnostic::error(Code::UnknownVariable, message).help(help)
        }
        ExprError::Type { .. } => Diagnostic::error(Code::TypeError, message),
        ExprError::TooDeep { .. } => Diagnostic::error(Code::ExprSyntax, message).help(
            "split it: compute part of it into a variable with an effect, or drop redundant parentheses",
        ),
    }
}

/// The help "did you mean `x`?" for the closest of `candidates` to `word`, when one is close
/// enough to be a likely typo. Every unknown name the loader reports gets its suggestion here.
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(word, candidates).map(|guess| format!("did you mean `{guess}`?"))
}

/// The values an `Int` range allows, for help texts: "between 0 and 3", "of at least 0".
fn in_range(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
        (Some(lo), None) => format!("of at least {lo}"),
        (None, Some(hi)) => format!("of at most {hi}"),
        (None, None) => "of any size".to_owned(),
    }
}

/// "a bool", "an integer", "a text".
fn a(ty: Type) -> String {
    match ty {
        Type::Int => "an integer".to_owned(),
        other => format!("a {other}"),
    }
}

/// Variable ids must read as one word in expressions and templates.
fn valid_variable_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(
            id,
            "true" | "false" | "min" | "max" | "if" | "elif" | "else" | "end"
        )
}

/// Preset ids are kebab-case (`as-reported`): they are typed on command lines and shown in
/// classroom links.
fn valid_preset_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn bad_id(what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(Code::BadId, format!("{what} id `{id}` is not a valid id")).help(
        "use letters, digits, `_` or `-`, starting with a letter (no dots: `scene.node` joins ids)",
    )
}

fn ron_help(code: &ron::Error) -> Option<String> {
    use ron::Error as E;
    Some(match code {
        E::NoSuchStructField {
            expected, found, ..
        }
        | E::NoSuchEnumVariant {
            expected, found, ..
        } => did_you_mean(found, expected.iter().copied())?,
        E::ExpectedComma => "add a `,` between the two items".to_owned(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "text is written in double quotes: \"like this\"".to_owned()
        }
        E::MissingStructField { field, .. } => format!("add `{field}: ...`"),
        E::ExpectedDifferentStructName { expected, .. } => format!("write `{expected}(...)` here"),
        E::Eof => "the file ends too early: look for an unclosed `(`, `[` or `\"`".to_owned(),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            "a `,` may be missing between two items".to_owned()
        }
        _ => return None,
    })
}
