//! Reading a story folder (or the bundled story) into source files, with clear errors.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::model::SourceFile;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/story/after-kursk");

/// The name of the manifest file in a story folder.
pub const MANIFEST: &str = "story.ron";

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
}

/// A file that is not usable text, found while reading the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadFile {
    Empty(String),
    Binary(String),
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
}

impl StorySource {
    /// The bundled story, embedded in the binary.
    pub fn bundled() -> StorySource {
        let mut entries = Vec::new();
        collect_embedded(&BUNDLED, &mut entries);
        StorySource::from_entries("story/after-kursk", entries)
    }

    /// Reads every `.ron` file under `dir`.
    pub fn from_dir(dir: &Path) -> Result<StorySource, FolderError> {
        if !dir.exists() {
            return Err(FolderError::NotFound(dir.to_owned()));
        }
        if !dir.is_dir() {
            return Err(FolderError::NotAFolder(dir.to_owned()));
        }
        let mut paths = Vec::new();
        walk(dir, &mut paths)?;
        let mut entries = Vec::new();
        for path in paths {
            let bytes = fs::read(&path).map_err(|source| FolderError::Io {
                path: path.clone(),
                source,
            })?;
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            entries.push((rel, bytes));
        }
        let root = dir.to_string_lossy().trim_end_matches('/').to_owned();
        Ok(StorySource::from_entries(&root, entries))
    }

    fn from_entries(root: &str, mut entries: Vec<(String, Vec<u8>)>) -> StorySource {
        entries.sort_by(|a, b| (a.0 != MANIFEST, &a.0).cmp(&(b.0 != MANIFEST, &b.0)));
        let mut source = StorySource {
            root: root.to_owned(),
            ..StorySource::default()
        };
        for (rel, bytes) in entries {
            let shown = format!("{root}/{rel}");
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

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        if is_story_file(f.path()) {
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

/// A `.ron` file that is not hidden (editors' swap and backup files are skipped).
pub fn is_story_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".ron") && !name.starts_with('.')
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), FolderError> {
    let io = |source| FolderError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if path.is_dir() && !hidden {
            walk(&path, out)?;
        } else if is_story_file(&path) {
            out.push(path);
        }
    }
    Ok(())
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
