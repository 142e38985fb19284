//! Keeps an idle window idle: filters the no-op input bevy_egui sends every frame.
//!
//! bevy_egui 0.42 pushes `egui::Event::ModifiersChanged` into the egui input on every frame,
//! changed or not. egui treats any input event as a reason to repaint at once, bevy_egui turns
//! that repaint into a `RequestRedraw`, and the reactive window ends up redrawing continuously
//! (a full core on software rendering). Dropping the event when it is the frame's only event
//! and the modifiers did not change restores idling; egui keeps the modifier state between
//! frames, so nothing is lost.

use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        drop_unchanged_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
}

fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        if let [egui::Event::ModifiersChanged(m)] = input.events.as_slice() {
            let m = *m;
            if last.get(&entity) == Some(&m) {
                input.events.clear();
            }
            last.insert(entity, m);
        } else if let Some(m) = input.events.iter().rev().find_map(|e| match e {
            egui::Event::ModifiersChanged(m) => Some(*m),
            _ => None,
        }) {
            last.insert(entity, m);
        }
    }
}
