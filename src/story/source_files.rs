//! Reading a story folder (or the bundled story) into source files, with clear errors.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::model::{Picture, SourceFile};

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/story/after-kursk");

/// The name of the manifest file in a story folder.
pub const MANIFEST: &str = "story.ron";

/// The largest story file read, in bytes (8 MiB); a larger one stops the reading.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// The largest translation file read (32 MiB): one `.po` holds every string of the whole story,
/// so it grows with the story where scene files do not (20,000 knots make an 18 MB one).
pub const MAX_TRANSLATION_BYTES: u64 = 32 * 1024 * 1024;
/// The most bytes read for a whole story, in bytes (64 MiB).
pub const MAX_STORY_BYTES: u64 = 64 * 1024 * 1024;
/// The most folder levels below the story folder that are read.
pub const MAX_DEPTH: usize = 16;
/// The most folder entries (files, folders, links, of any name) looked at in a story folder.
pub const MAX_ENTRIES: usize = 10_000;

/// Why a story folder could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("story folder `{0}` does not exist; pass the folder that holds story.ron")]
    NotFound(PathBuf),
    #[error("`{0}` is a file, not a story folder; pass the folder that holds story.ron")]
    NotAFolder(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "`{path}` is larger than the limit of {limit} bytes ({} MiB) for one {}",
        limit / (1024 * 1024),
        if is_translation_file(path) { "translation file" } else { "story file" }
    )]
    FileTooLarge { path: PathBuf, limit: u64 },
    #[error(
        "the story's files reach `{path}` with more than {limit} bytes (64 MiB), the limit for a whole story"
    )]
    StoryTooLarge { path: PathBuf, limit: u64 },
    #[error(
        "`{path}` holds more than {limit} files and folders; a story folder holds story.ron and its scene files"
    )]
    TooManyEntries { path: PathBuf, limit: usize },
    #[error(
        "`{path}` is nested more than {limit} folders deep below the story folder; stopped reading there"
    )]
    TooDeep { path: PathBuf, limit: usize },
}

/// A file that is not usable text, or that was not read, found while reading the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadFile {
    Empty(String),
    Binary(String),
    /// A story file (or folder) that was skipped: a special file, a link leaving the folder or
    /// going round in a loop, a name that is not UTF-8. `reason` says which.
    Skipped {
        path: String,
        reason: String,
    },
}

/// The files of a story, manifest first, then scenes sorted by path.
#[derive(Debug, Clone, Default)]
pub struct StorySource {
    /// The folder as the user named it (or `story/after-kursk` for the bundled story).
    pub root: String,
    pub files: Vec<SourceFile>,
    /// Files that could not be used; the loader reports each in one line.
    pub bad_files: Vec<BadFile>,
    /// True when the folder has a `story.ron`.
    pub has_manifest: bool,
    /// The pictures in the folder (`.png`), for nodes' and scenes' `image`.
    pub pictures: Vec<Picture>,
    /// The translation files (`.po`), paths shown as the story files' are.
    pub translations: Vec<SourceFile>,
}

impl StorySource {
    /// The bundled story, embedded in the binary.
    pub fn bundled() -> StorySource {
        let mut entries = Vec::new();
        collect_embedded(&BUNDLED, &mut entries);
        StorySource::from_entries("story/after-kursk", entries, Vec::new())
    }

    /// Reads every `.ron` file under `dir`: regular files only, links only when they stay
    /// inside the folder, within [`MAX_FILE_BYTES`], [`MAX_STORY_BYTES`], [`MAX_DEPTH`] and
    /// [`MAX_ENTRIES`]. What it skips is listed in `bad_files`.
    pub fn from_dir(dir: &Path) -> Result<StorySource, FolderError> {
        if !dir.exists() {
            return Err(FolderError::NotFound(dir.to_owned()));
        }
        if !dir.is_dir() {
            return Err(FolderError::NotAFolder(dir.to_owned()));
        }
        let canon = dir.canonicalize().map_err(|source| FolderError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let mut walker = Walker {
            dir,
            seen_dirs: HashSet::from([canon.clone()]),
            root: canon,
            seen_files: HashSet::new(),
            entries: 0,
            found: Vec::new(),
            skipped: Vec::new(),
            links: Vec::new(),
        };
        walker.walk(dir, 0)?;
        // Links last, so a file or folder reached both directly and through a link is read
        // through its own name; links may lead to more links, each entry counted once.
        while let Some((link, depth)) = walker.links.pop() {
            walker.follow(&link, depth)?;
        }
        let mut entries = Vec::new();
        let mut total: u64 = 0;
        for path in walker.found {
            let bytes = read_limited(&path)?;
            total += bytes.len() as u64;
            if total > MAX_STORY_BYTES {
                return Err(FolderError::StoryTooLarge {
                    path,
                    limit: MAX_STORY_BYTES,
                });
            }
            entries.push((walker_rel(dir, &path), bytes));
        }
        let root = dir.to_string_lossy().trim_end_matches('/').to_owned();
        let skipped = walker
            .skipped
            .into_iter()
            .map(|(path, reason)| (walker_rel(dir, &path), reason))
            .collect();
        Ok(StorySource::from_entries(&root, entries, skipped))
    }

    /// A story from files already read: `(path inside the folder, bytes)` pairs, and files
    /// skipped with why. The folder limits are the reader's; this checks what it is given as
    /// [`StorySource::from_dir`] does (empty, not text, manifest first).
    pub fn from_entries(
        root: &str,
        mut entries: Vec<(String, Vec<u8>)>,
        mut skipped: Vec<(String, String)>,
    ) -> StorySource {
        entries.sort_by(|a, b| (a.0 != MANIFEST, &a.0).cmp(&(b.0 != MANIFEST, &b.0)));
        let mut source = StorySource {
            root: root.to_owned(),
            ..StorySource::default()
        };
        skipped.sort();
        for (rel, reason) in skipped {
            source.bad_files.push(BadFile::Skipped {
                path: format!("{root}/{rel}"),
                reason,
            });
        }
        for (rel, bytes) in entries {
            if is_picture_file(Path::new(&rel)) {
                source.pictures.push(Picture {
                    path: rel,
                    bytes: bytes.into(),
                });
                continue;
            }
            let shown = format!("{root}/{rel}");
            if is_translation_file(Path::new(&rel)) {
                // Not UTF-8: read lossily; `check` reports the replacement characters' lines.
                source.translations.push(SourceFile {
                    path: shown,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                });
                continue;
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                source.bad_files.push(BadFile::Empty(shown));
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(text) if !text.contains('\0') => {
                    source.has_manifest |= rel == MANIFEST;
                    source.files.push(SourceFile { path: shown, text });
                }
                _ => source.bad_files.push(BadFile::Binary(shown)),
            }
        }
        source
    }
}

/// `path` relative to the story folder, with `/` separators (lossy when a name is not UTF-8).
fn walker_rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads at most the file's limit ([`MAX_TRANSLATION_BYTES`] for a translation,
/// [`MAX_FILE_BYTES`] for any other) + 1 bytes, so `/dev/zero` or a huge file cannot eat memory.
fn read_limited(path: &Path) -> Result<Vec<u8>, FolderError> {
    let limit = if is_translation_file(path) {
        MAX_TRANSLATION_BYTES
    } else {
        MAX_FILE_BYTES
    };
    let io = |source| FolderError::Io {
        path: path.to_owned(),
        source,
    };
    let file = fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(FolderError::FileTooLarge {
            path: path.to_owned(),
            limit,
        });
    }
    Ok(bytes)
}

/// The state of one folder walk: what was found, skipped and already seen.
struct Walker<'a> {
    /// The folder as named.
    dir: &'a Path,
    /// The folder's canonical path: links must resolve inside it.
    root: PathBuf,
    seen_dirs: HashSet<PathBuf>,
    seen_files: HashSet<PathBuf>,
    entries: usize,
    /// Story files to read, as paths under `dir`.
    found: Vec<PathBuf>,
    skipped: Vec<(PathBuf, String)>,
    /// Links met during the walk, with their depth, followed after it.
    links: Vec<(PathBuf, usize)>,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, depth: usize) -> Result<(), FolderError> {
        if depth > MAX_DEPTH {
            return Err(FolderError::TooDeep {
                path: dir.to_owned(),
                limit: MAX_DEPTH,
            });
        }
        let io = |source| FolderError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut names = Vec::new();
        for entry in fs::read_dir(dir).map_err(io)? {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                return Err(FolderError::TooManyEntries {
                    path: self.dir.to_owned(),
                    limit: MAX_ENTRIES,
                });
            }
            names.push(entry.map_err(io)?.file_name());
        }
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let Some(name) = name.to_str() else {
                if meta.is_dir() || name.to_string_lossy().ends_with(".ron") {
                    self.skip(&path, "its name is not valid UTF-8; rename it");
                }
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if meta.is_symlink() {
                self.links.push((path, depth));
            } else if meta.is_dir() {
                if let Ok(canon) = path.canonicalize() {
                    self.seen_dirs.insert(canon);
                }
                self.walk(&path, depth + 1)?;
            } else if is_story_file(&path) || is_picture_file(&path) || is_translation_file(&path) {
                self.file(path, meta.is_file());
            }
        }
        Ok(())
    }

    /// Follows a link found at `depth`: only to a regular story file or a folder inside the
    /// story folder, each read once.
    fn follow(&mut self, link: &Path, depth: usize) -> Result<(), FolderError> {
        let story_name = is_story_file(link) || is_picture_file(link) || is_translation_file(link);
        let Ok(target) = link.canonicalize() else {
            if story_name {
                self.skip(link, "it is a link to nothing (a broken symlink)");
            }
            return Ok(());
        };
        let Ok(meta) = fs::metadata(&target) else {
            return Ok(());
        };
        if !meta.is_dir() && !story_name {
            return Ok(());
        }
        if !target.starts_with(&self.root) {
            self.skip(link, "it is a link to outside the story folder");
        } else if meta.is_dir() {
            if self.seen_dirs.insert(target) {
                self.walk(link, depth + 1)?;
            } else {
                self.skip(
                    link,
                    "it is a link to a folder already read (a symlink loop or a second name)",
                );
            }
        } else {
            self.file(link.to_owned(), meta.is_file());
        }
        Ok(())
    }

    fn file(&mut self, path: PathBuf, regular: bool) {
        if !regular {
            self.skip(
                &path,
                "it is not a regular file (a pipe, socket or device); story files must be plain files",
            );
            return;
        }
        let fresh = path
            .canonicalize()
            .map_or(true, |canon| self.seen_files.insert(canon));
        if fresh {
            self.found.push(path);
        } else {
            self.skip(&path, "it is a link to a file already read");
        }
    }

    fn skip(&mut self, path: &Path, reason: &str) {
        self.skipped.push((path.to_owned(), reason.to_owned()));
    }
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        if is_story_file(f.path()) || is_picture_file(f.path()) || is_translation_file(f.path()) {
            out.push((
                f.path().to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            ));
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// A picture a story can show: a `.png` file that is not hidden.
pub fn is_picture_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.to_ascii_lowercase().ends_with(".png") && !name.starts_with('.')
}

/// A translation of the story: a `.po` file that is not hidden (`translations/ko.po`).
pub fn is_translation_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".po") && !name.starts_with('.')
}

/// A `.ron` file that is not hidden (editors' swap and backup files are skipped).
pub fn is_story_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".ron") && !name.starts_with('.')
}

/// A stable 64-bit hash of the story's files (paths relative to the root, and texts): FNV-1a's
/// multiply-xor over 8-byte words, so 10 MB of story hashes in about 2 ms.
pub fn content_hash(root: &str, files: &[SourceFile]) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |bytes: &[u8]| {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            h = (h ^ u64::from_le_bytes(word)).wrapping_mul(PRIME);
        }
        for &b in words.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        // Separate fields so ("ab", "c") and ("a", "bc") differ.
        h = (h ^ bytes.len() as u64).wrapping_mul(PRIME);
    };
    for f in files {
        let rel = f.path.strip_prefix(root).unwrap_or(&f.path);
        mix(rel.as_bytes());
        mix(f.text.as_bytes());
    }
    h
}
