//! `aftermath play --text`: the terminal player, interactive or scripted from stdin.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::{GameArgs, load_story_or_report};
use crate::session::{Change, Session, StartError, View, clock_seed};
use crate::story::Story;
use crate::tools::report::{self, Format, ReportError};

/// How a terminal playthrough ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayEnd {
    /// The story reached an ending.
    Ending,
    /// The player typed `q`.
    Quit,
    /// Input ran out before an ending.
    InputEnded,
}

/// Options of one terminal playthrough.
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    pub role: Option<String>,
    /// The role's preset to start from (`None`: the role's own start).
    pub preset: Option<String>,
    pub seed: u64,
    /// Choices (1-based) to take before reading input.
    pub script: Vec<usize>,
    /// Prompts and role questions are shown only when interactive.
    pub interactive: bool,
    pub width: usize,
    /// Write the transcript here (Markdown or HTML by the extension) when the playthrough
    /// ends, the player quits or input ends.
    pub transcript: Option<PathBuf>,
    /// Where `x` writes the transcript (default: the per-user data folder, see
    /// [`report::default_dir`]).
    pub export_dir: Option<PathBuf>,
}

pub fn run(
    args: &GameArgs,
    script: &[usize],
    width: usize,
    transcript: Option<PathBuf>,
) -> ExitCode {
    // A transcript name that names no format is a usage error, found before playing.
    if let Some(path) = &transcript
        && let Err(e) = Format::for_path(path)
    {
        eprintln!("error: --transcript {e}");
        return ExitCode::from(2);
    }
    let Some(story) = load_story_or_report(args.story.as_deref()) else {
        return ExitCode::FAILURE;
    };
    let ui = crate::i18n::ui::choose(args.lang.as_deref());
    // The story in `--lang` (or the interface's language when the story has it).
    let lang = args.lang.clone().unwrap_or_else(|| ui.to_owned());
    let story = match crate::i18n::edition(&story, &lang) {
        Ok(s) => s,
        Err(e) if args.lang.is_some() => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        Err(_) => story,
    };
    let stdin = io::stdin();
    let opts = TextOptions {
        role: args.role.clone(),
        preset: args.preset.clone(),
        seed: args.seed.unwrap_or_else(clock_seed),
        script: script.to_vec(),
        interactive: stdin.is_terminal(),
        width: width.max(20),
        transcript,
        export_dir: args.save_dir.as_ref().map(|d| d.join("transcripts")),
    };
    match play(story, &opts, stdin.lock(), io::stdout().lock()) {
        Ok(PlayEnd::Ending | PlayEnd::Quit) => ExitCode::SUCCESS,
        Ok(PlayEnd::InputEnded) => {
            eprintln!("input ended before the story reached an ending");
            ExitCode::from(2)
        }
        Err(e) if super::output::is_write_failure(&e) => super::output::write_failed(&e),
        // A preset the role does not have is a usage error, like a bad flag value.
        Err(e) if is_unknown_preset(&e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` is [`play`]'s error for a `--preset` the role does not have.
pub fn is_unknown_preset(e: &io::Error) -> bool {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<StartError>())
        .is_some_and(|s| matches!(s, StartError::UnknownPreset { .. }))
}

struct Player<R, W> {
    input: R,
    out: W,
    opts: TextOptions,
    script: std::vec::IntoIter<usize>,
    /// The picture the last passage showed: a picture is described once, when it appears.
    picture: Option<String>,
}

enum Command {
    Choose(usize),
    Undo,
    Export,
    Quit,
    Eof,
}

impl<R: BufRead, W: Write> Player<R, W> {
    fn wrap(&mut self, text: &str, indent: &str) -> io::Result<()> {
        for para in text.split('\n') {
            if para.trim().is_empty() {
                writeln!(self.out)?;
                continue;
            }
            let opts = textwrap::Options::new(self.opts.width)
                .initial_indent(indent)
                .subsequent_indent(indent);
            for line in textwrap::wrap(para.trim(), opts) {
                writeln!(self.out, "{line}")?;
            }
        }
        Ok(())
    }

    /// Text beside the passage (a picture's description, a context note), in brackets and
    /// wrapped like the passage.
    fn aside(&mut self, text: &str) -> io::Result<()> {
        self.wrap(&format!("[{text}]"), "")
    }

    /// Reads the next non-empty, non-comment line.
    fn line(&mut self, prompt: &str) -> io::Result<Option<String>> {
        loop {
            if self.opts.interactive {
                write!(self.out, "{prompt}")?;
                self.out.flush()?;
            }
            let mut buf = String::new();
            if self.input.read_line(&mut buf)? == 0 {
                return Ok(None);
            }
            let line = buf.trim();
            if !line.is_empty() && !line.starts_with('#') {
                return Ok(Some(line.to_owned()));
            }
        }
    }

    fn command(&mut self) -> io::Result<Command> {
        if let Some(n) = self.script.next() {
            writeln!(self.out, "> {n}")?;
            return Ok(Command::Choose(n));
        }
        loop {
            let Some(line) = self.line("> ")? else {
                return Ok(Command::Eof);
            };
            if !self.opts.interactive {
                writeln!(self.out, "> {line}")?;
            }
            match line.as_str() {
                "q" | "quit" => return Ok(Command::Quit),
                "u" | "undo" => return Ok(Command::Undo),
                "x" | "export" => return Ok(Command::Export),
                _ => match line.parse::<usize>() {
                    Ok(n) => return Ok(Command::Choose(n)),
                    Err(_) => writeln!(self.out, "{}", t!("text-help"))?,
                },
            }
        }
    }

    fn pick_role(&mut self, story: &Story) -> io::Result<Option<String>> {
        if let Some(r) = self.opts.role.clone() {
            return Ok(Some(r));
        }
        writeln!(self.out, "{}\n", story.meta.title)?;
        if !story.meta.content_notes.is_empty() {
            writeln!(
                self.out,
                "{}: {}\n",
                t!("content-notes"),
                story.meta.content_notes.join(", ")
            )?;
        }
        for (i, r) in story.roles.iter().enumerate() {
            writeln!(self.out, "{}) {} [{}]", i + 1, r.name, r.id)?;
            let briefing = r.briefing.clone();
            self.wrap(&briefing, "   ")?;
            if !r.presets.is_empty() {
                let ids = r.preset_ids().join(", ");
                self.wrap(&t!("text-presets", ids = ids), "   ")?;
            }
            writeln!(self.out)?;
        }
        loop {
            let Some(line) = self.line(&t!("text-choose-role"))? else {
                return Ok(None);
            };
            let by_number = line
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| story.roles.get(i));
            if let Some(r) = by_number.or_else(|| story.roles.iter().find(|r| r.id == line)) {
                return Ok(Some(r.id.clone()));
            }
            writeln!(self.out, "{}", t!("text-no-role", role = line.as_str()))?;
        }
    }

    /// Shows the current moment; `changes` are the visible stats the last choice changed.
    fn show(&mut self, view: &View, changes: &[Change], story: &Story) -> io::Result<()> {
        writeln!(self.out)?;
        if let Some(label) = &view.outcome {
            writeln!(self.out, "({})\n", t!("chance", label = label.to_string()))?;
        }
        let picture = view.image.as_ref().map(|i| &i.path);
        if let Some(image) = &view.image
            && picture != self.picture.as_ref()
        {
            self.aside(&t!("picture-alt-bare", alt = image.alt.as_str()))?;
        }
        self.picture = picture.cloned();
        for beat in &view.beats {
            if let Some(image) = &beat.image {
                self.aside(&t!("picture-alt-bare", alt = image.alt.as_str()))?;
            }
            if let Some(note) = &beat.note {
                self.aside(note)?;
            }
            // A source stays on one line, so its address can be copied whole.
            for source in &beat.sources {
                writeln!(
                    self.out,
                    "  {}",
                    t!("text-source", source = source.to_string())
                )?;
            }
            match &beat.speaker {
                Some(s) => {
                    writeln!(self.out, "{s}:")?;
                    self.wrap(&beat.text, "  ")?;
                }
                None => self.wrap(&beat.text, "")?,
            }
            if let Some(p) = &beat.prompt {
                writeln!(self.out)?;
                self.wrap(&t!("text-discuss", prompt = p.to_string()), "  ")?;
            }
            writeln!(self.out)?;
        }
        if !changes.is_empty() {
            writeln!(self.out, "({})", stat_changes(story, changes))?;
        }
        if let Some(end) = &view.ending {
            writeln!(
                self.out,
                "=== {} ===",
                t!("history-ending", title = end.title.as_str())
            )?;
            let summary = end.summary.clone();
            self.wrap(&summary, "")?;
            if !end.questions.is_empty() {
                writeln!(self.out, "\n{}", t!("text-for-discussion"))?;
                for q in &end.questions {
                    self.wrap(&format!("- {q}"), "  ")?;
                }
            }
            return Ok(());
        }
        for (i, c) in view.choices.iter().enumerate() {
            match &c.reason {
                None => writeln!(self.out, "{}) {}", i + 1, c.text)?,
                Some(r) => writeln!(
                    self.out,
                    "{}) {} [{}]",
                    i + 1,
                    c.text,
                    t!("text-unavailable", reason = r.to_string())
                )?,
            }
        }
        Ok(())
    }
}

impl<R, W: Write> Player<R, W> {
    /// At the end of play: writes the `--transcript`, if asked for, and says where.
    fn finish(&mut self, session: &Session) -> io::Result<()> {
        if let Some(path) = self.opts.transcript.clone() {
            report::write_transcript(session, &path).map_err(transcript_error)?;
            writeln!(
                self.out,
                "\n({})",
                t!("text-transcript-written", path = path.display().to_string())
            )?;
        }
        self.out.flush()
    }
}

/// A transcript that could not be written, as the I/O error [`play`] returns.
fn transcript_error(e: ReportError) -> io::Error {
    io::Error::other(t!("text-transcript-failed", error = e.to_string()))
}

/// "Loyalty +1, Suspicion -2": the changes as the player reads them.
fn stat_changes(story: &Story, changes: &[Change]) -> String {
    changes
        .iter()
        .filter_map(|c| Some((story.variables.get(c.var)?, c)))
        .map(|(v, c)| match c.delta() {
            Some(d) => format!("{} {d:+}", v.label),
            None => format!("{}: {}", v.label, c.after),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plays `story` in text from `input` to `out`.
pub fn play(
    story: Arc<Story>,
    opts: &TextOptions,
    input: impl BufRead,
    out: impl Write,
) -> io::Result<PlayEnd> {
    let mut p = Player {
        input,
        out,
        script: opts.script.clone().into_iter(),
        opts: opts.clone(),
        picture: None,
    };
    let Some(role) = p.pick_role(&story)? else {
        return Ok(PlayEnd::InputEnded);
    };
    let mut session = match Session::start_preset(story, &role, opts.preset.as_deref(), opts.seed) {
        Ok(s) => s,
        // The start error itself, so that `run` can tell an unknown preset (see
        // [`is_unknown_preset`]); its message is the error's.
        Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidInput, e)),
    };
    match &opts.preset {
        None => writeln!(
            p.out,
            "{}",
            t!(
                "text-playing",
                role = role.as_str(),
                seed = opts.seed.to_string()
            )
        )?,
        Some(preset) => writeln!(
            p.out,
            "{}",
            t!(
                "text-playing-preset",
                role = role.as_str(),
                preset = preset.as_str(),
                seed = opts.seed.to_string()
            )
        )?,
    }
    let story = Arc::clone(session.story());
    let shown = story
        .roles
        .get(session.role)
        .map_or(&[][..], |r| r.stats.as_slice());
    let mut changes = Vec::new();
    let mut scene = String::new();
    loop {
        let view = session.view();
        if view.scene_title != scene && !view.scene_title.is_empty() {
            scene = view.scene_title.clone();
            writeln!(p.out, "\n== {scene} ==")?;
        }
        p.show(&view, &changes, &story)?;
        if view.ending.is_some() {
            p.finish(&session)?;
            return Ok(PlayEnd::Ending);
        }
        if view.is_stuck() {
            writeln!(p.out, "{}", t!("text-stuck"))?;
        }
        loop {
            match p.command()? {
                Command::Quit => {
                    p.finish(&session)?;
                    return Ok(PlayEnd::Quit);
                }
                Command::Eof => {
                    p.finish(&session)?;
                    return Ok(PlayEnd::InputEnded);
                }
                Command::Export => {
                    let dir = match &p.opts.export_dir {
                        Some(d) => Ok(d.clone()),
                        None => report::default_dir(&story.meta.id),
                    };
                    match dir.and_then(|d| report::write_into(&session, &d)) {
                        Ok(path) => writeln!(
                            p.out,
                            "({})",
                            t!("text-transcript-written", path = path.display().to_string())
                        )?,
                        Err(e) => writeln!(
                            p.out,
                            "{}",
                            t!("text-transcript-failed", error = e.to_string())
                        )?,
                    }
                }
                Command::Undo => match session.undo() {
                    Ok(_) => {
                        writeln!(p.out, "({})", t!("text-undone"))?;
                        changes.clear();
                        break;
                    }
                    Err(e) => writeln!(p.out, "{e}")?,
                },
                Command::Choose(n) => match n.checked_sub(1).map(|i| session.choose(i)) {
                    Some(Ok(step)) => {
                        changes = step.changes_of(shown);
                        break;
                    }
                    Some(Err(e)) => writeln!(p.out, "{e}")?,
                    None => writeln!(p.out, "{}", t!("text-choices-start-at-1"))?,
                },
            }
        }
    }
}
