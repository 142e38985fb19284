//! The save slot screen: the list, unreadable files, delete and overwrite confirmations.

use super::*;

/// A fixed save time, so slot lists read the same on every run.
fn at(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// The minimal story's slots in `dir`: slot 1 holds the soldier after one choice, saved at
/// 2025-04-28 14:05 UTC after 12 min 34 s of play; slot 2 holds a save cut off half-way.
fn slots_with_a_save_and_a_corrupt_file(dir: &Path) -> Vec<SlotInfo> {
    let store = SaveStore::new(dir, "minimal");
    let mut session = match Session::start(fixture("minimal"), "soldier", 7) {
        Ok(s) => s,
        Err(e) => panic!("the minimal story starts: {e}"),
    };
    if let Err(e) = session.choose(0) {
        panic!("Wait can be taken: {e}");
    }
    let save = SaveFile::of_at(&session, Duration::from_secs(754), at(1_745_849_100));
    if let Err(e) = store.write(Slot::Named(1), &save) {
        panic!("write slot 1: {e}");
    }
    let text = match save.to_ron() {
        Ok(t) => t,
        Err(e) => panic!("encode: {e}"),
    };
    let cut = text.len() / 2;
    if let Err(e) = std::fs::write(store.path(Slot::Named(2)), &text.as_bytes()[..cut]) {
        panic!("write the corrupt file: {e}");
    }
    store.list()
}

/// A slot screen over `slots`, applying questions as the game does and recording the rest.
fn slots_harness(
    mode: SlotMode,
    slots: Vec<SlotInfo>,
    dir: PathBuf,
) -> Harness<'static, (Option<Confirm>, Vec<UiAction>)> {
    let story = fixture("minimal");
    Harness::builder()
        .with_size(egui::vec2(1000.0, 1600.0))
        .build_ui_state(
            move |ui, (confirm, actions): &mut (Option<Confirm>, Vec<UiAction>)| {
                let info = SlotsInfo {
                    mode,
                    slots: &slots,
                    folder: Ok(&dir),
                    confirm: *confirm,
                    content_hash: story.content_hash,
                    page: 0,
                };
                match ui::slots::screen(ui, &info) {
                    Some(UiAction::Ask(c)) => *confirm = Some(c),
                    Some(UiAction::CancelConfirm) => *confirm = None,
                    Some(a) => {
                        if matches!(a, UiAction::DeleteSlot(_) | UiAction::SaveSlot(_)) {
                            *confirm = None;
                        }
                        actions.push(a);
                    }
                    None => {}
                }
            },
            (None, Vec::new()),
        )
}

#[test]
fn the_slot_list_shows_saves_and_unreadable_files_with_their_reason() {
    let dir = tempdir();
    let slots = slots_with_a_save_and_a_corrupt_file(dir.path());
    let mut harness = slots_harness(SlotMode::Load, slots, dir.path().to_path_buf());
    harness.get_by_label("Load game");
    // The saved slot: role, scene, date and play time.
    harness.get_by_label("Slot 1 \u{2014} Soldier · The camp");
    harness.get_by_label("2025-04-28 14:05 UTC · played 12 min");
    // The corrupt file: unreadable, with the reason, and it cannot be loaded.
    harness.get_by_label("Slot 2 \u{2014} Unreadable");
    harness.get_by_label_contains("the file is cut off at line");
    assert!(
        harness
            .get_by_label("Load 2")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Slot 3 \u{2014} Empty");
    harness.get_by_label("Autosave \u{2014} Empty");
    harness.get_by_label("Load 1").click();
    harness.run();
    // Keys: a numbered slot loads; an unreadable one does nothing.
    harness.key_press(egui::Key::Num2);
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(
        harness.state().1,
        vec![
            UiAction::LoadSlot(Slot::Named(1)),
            UiAction::LoadSlot(Slot::Named(1)),
            UiAction::Back
        ]
    );
}

/// Clicks the `n`th Delete button of a slot list.
fn click_delete(harness: &Harness<'static, (Option<Confirm>, Vec<UiAction>)>, n: usize) {
    match harness.get_all_by_label("Delete").nth(n) {
        Some(button) => button.click(),
        None => panic!("there is a Delete button number {}", n + 1),
    }
}

#[test]
fn deleting_a_slot_asks_for_confirmation() {
    let dir = tempdir();
    let slots = slots_with_a_save_and_a_corrupt_file(dir.path());
    let mut harness = slots_harness(SlotMode::Load, slots, dir.path().to_path_buf());
    let deletes = harness.query_all_by_label("Delete").count();
    assert_eq!(
        deletes, 2,
        "the saved and the unreadable slot can be deleted"
    );
    // Cancel leaves the slot alone.
    click_delete(&harness, 0);
    harness.run();
    assert_eq!(harness.state().0, Some(Confirm::Delete(Slot::Named(1))));
    harness.get_by_label("Delete Slot 1?");
    harness.get_by_label_contains("It holds Soldier · The camp");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().0, None);
    // Esc cancels too; Y (or the button) confirms.
    click_delete(&harness, 1);
    harness.run();
    harness.get_by_label("Delete Slot 2?");
    harness.get_by_label_contains("It holds an unreadable file");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().0, None);
    click_delete(&harness, 0);
    harness.run();
    harness.get_by_label("Yes, delete").click();
    harness.run();
    click_delete(&harness, 1);
    harness.run();
    harness.key_press(egui::Key::Y);
    harness.run();
    assert_eq!(
        harness.state(),
        &(
            None,
            vec![
                UiAction::DeleteSlot(Slot::Named(1)),
                UiAction::DeleteSlot(Slot::Named(2))
            ]
        )
    );
}

#[test]
fn saving_over_a_slot_asks_first() {
    let dir = tempdir();
    let slots = slots_with_a_save_and_a_corrupt_file(dir.path());
    let mut harness = slots_harness(SlotMode::Save, slots, dir.path().to_path_buf());
    harness.get_by_label("Save game");
    // The save screen lists the numbered slots only.
    assert!(harness.query_by_label("Autosave \u{2014} Empty").is_none());
    // An empty slot saves at once, by key or click.
    harness.key_press(egui::Key::Num3);
    harness.run();
    harness.get_by_label("Save 4").click();
    harness.run();
    // A slot holding a save asks first.
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert_eq!(harness.state().0, Some(Confirm::Overwrite(Slot::Named(1))));
    harness.get_by_label("Overwrite Slot 1?");
    harness.key_press(egui::Key::N);
    harness.run();
    assert_eq!(harness.state().0, None);
    harness.get_by_label("Save 1").click();
    harness.run();
    harness.get_by_label("Yes, overwrite").click();
    harness.run();
    assert_eq!(
        harness.state(),
        &(
            None,
            vec![
                UiAction::SaveSlot(Slot::Named(3)),
                UiAction::SaveSlot(Slot::Named(4)),
                UiAction::SaveSlot(Slot::Named(1))
            ]
        )
    );
}
