//! `aftermath new`: writes a small, commented, working story to start from.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The scaffold's files: name in the new folder and contents.
pub const FILES: [(&str, &str); 3] = [
    ("story.ron", include_str!("scaffold/story.ron.txt")),
    ("road.ron", include_str!("scaffold/road.ron.txt")),
    ("village.ron", include_str!("scaffold/village.ron.txt")),
];

/// Why a story could not be scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{}` already exists and is not an empty folder; choose a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the scaffold into `dir`, creating it; refuses a file or a non-empty folder.
pub fn create(dir: &Path) -> Result<(), ScaffoldError> {
    if dir.exists() {
        let empty = dir.is_dir() && fs::read_dir(dir).map_err(io_err(dir))?.next().is_none();
        if !empty {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    for (name, text) in FILES {
        let path = dir.join(name);
        fs::write(&path, text).map_err(io_err(&path))?;
    }
    Ok(())
}

/// What to do after `aftermath new DIR`.
pub fn next_steps(dir: &Path) -> String {
    let d = super::shell::quote(&dir.to_string_lossy());
    format!(
        "Created a new story in {d}: story.ron, road.ron, village.ron.\n\
         Next steps:\n  \
         aftermath check {d}                 check it (every problem with file:line:col)\n  \
         aftermath play --text --story {d}   play it in the terminal\n  \
         aftermath stats {d}                 words, endings and reading time\n\
         The format is described in docs/story-format.md.\n"
    )
}
