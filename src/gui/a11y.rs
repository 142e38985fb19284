//! Screen readers: AccessKit action requests (a screen reader's "click") reach egui's widgets.
//!
//! Bevy's winit backend turns a screen reader's requests into `bevy::a11y::ActionRequest`
//! messages, and bevy_egui builds egui's AccessKit tree, but bevy_egui 0.42 does not pass the
//! requests back to egui: this does, so a choice activated from Orca (or any AT-SPI client) is
//! taken like a click.

use bevy::a11y::ActionRequest;
use bevy::prelude::*;
use bevy_egui::{EguiInput, EguiPreUpdateSet, PrimaryEguiContext, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ActionRequest>().add_systems(
        PreUpdate,
        forward_actions
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
}

/// Each pending request becomes an egui input event of the primary context.
fn forward_actions(
    mut requests: MessageReader<ActionRequest>,
    mut inputs: Query<&mut EguiInput, With<PrimaryEguiContext>>,
) {
    let Ok(mut input) = inputs.single_mut() else {
        requests.clear();
        return;
    };
    for request in requests.read() {
        input
            .events
            .push(egui::Event::AccessKitActionRequest(request.0.clone()));
    }
}
