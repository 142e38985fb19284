//! The Ink side of the peer benchmark: compile with bladeink-compiler, load and play with
//! bladeink, reading what a player reads into the same [`Reader`] as Aftermath's driver.

use aftermath::tools::peer::{Chooser, Reader};

/// Compiles Ink source to the runtime's JSON and loads it.
pub(crate) fn load(src: &str) -> Result<bladeink::story::Story, String> {
    let json = bladeink_compiler::Compiler::new()
        .compile(src)
        .map_err(|e| format!("Ink did not compile: {e:?}"))?;
    bladeink::story::Story::new_with_seed(&json, 1).map_err(|e| format!("Ink did not load: {e}"))
}

/// Plays `choices` choices: every line continued, every choice offered read, the choice
/// [`Chooser`] picks taken, the story started again after each ending.
pub(crate) fn play<R: Reader>(
    story: &mut bladeink::story::Story,
    choices: u64,
    seed: u64,
) -> Result<R, String> {
    let mut reading = R::default();
    let mut chooser = Chooser::new(seed);
    while reading.choices() < choices {
        while story.can_continue() {
            let line = story.cont().map_err(|e| e.to_string())?;
            reading.line(&line);
        }
        let offered = story.get_current_choices();
        if offered.is_empty() {
            story.reset_state().map_err(|e| e.to_string())?;
            reading.restarted();
            continue;
        }
        for c in &offered {
            reading.offered(&c.text);
        }
        let k = chooser.pick(offered.len());
        reading.took(k);
        story.choose_choice_index(k).map_err(|e| e.to_string())?;
    }
    Ok(reading)
}
