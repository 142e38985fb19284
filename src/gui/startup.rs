//! With `AFTERMATH_STARTUP_LOG` set, prints the time from process start to the first drawn UI frame.
//!
//! The line on stderr is `startup: first interactive frame after N ms`. "Process start" is the
//! kernel's start time of this process (`starttime` in `/proc/self/stat`, 10 ms ticks, compared
//! with `/proc/uptime`), so it includes exec, dynamic loading and the story load. Where `/proc`
//! is missing it falls back to an `Instant` taken when this plugin is built (after the story load
//! and the window plugins), which undercounts. The frame is the first one the render world drew
//! with bevy_egui's pipeline compiled: egui runs its pass from the first update, but on software
//! Vulkan the renderer and the egui shaders are ready only some hundreds of ms later, and until
//! then the window shows nothing. The check runs in `Render` after the frame was submitted.

use std::sync::OnceLock;
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::render_resource::PipelineCache;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy_egui::render::systems::EguiPipelines;

/// Environment variable that turns the startup line on.
const LOG_VAR: &str = "AFTERMATH_STARTUP_LOG";

/// Milliseconds the process had already run when the plugin was built, from `/proc`.
static BEFORE_BUILD_MS: OnceLock<Option<f64>> = OnceLock::new();
/// When the plugin was built.
static BUILT: OnceLock<Instant> = OnceLock::new();

pub(super) fn plugin(app: &mut App) {
    if std::env::var_os(LOG_VAR).is_none() {
        return;
    }
    BUILT.get_or_init(Instant::now);
    BEFORE_BUILD_MS.get_or_init(process_age_ms);
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app.add_systems(Render, report.in_set(RenderSystems::Cleanup));
    }
}

/// Prints the line once, in the first frame whose egui pipeline was ready when it was drawn.
fn report(
    pipelines: Option<Res<EguiPipelines>>,
    cache: Option<Res<PipelineCache>>,
    mut reported: Local<bool>,
) {
    let (Some(pipelines), Some(cache)) = (pipelines, cache) else {
        return;
    };
    if *reported
        || !pipelines
            .0
            .values()
            .any(|&id| cache.get_render_pipeline(id).is_some())
    {
        return;
    }
    *reported = true;
    let since_build = BUILT
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
    let before = BEFORE_BUILD_MS.get().copied().flatten().unwrap_or(0.0);
    eprintln!(
        "startup: first interactive frame after {:.0} ms",
        before + since_build
    );
}

/// How long this process has been running, in ms, from `/proc` (Linux; `USER_HZ` = 100).
fn process_age_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces): state is field 3, starttime 22.
    let after = stat.get(stat.rfind(')')? + 1..)?;
    let ticks: f64 = after.split_whitespace().nth(22 - 3)?.parse().ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let up: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    Some(((up - ticks / 100.0) * 1000.0).max(0.0))
}
