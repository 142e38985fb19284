# Aftermath's interface in English: the game, the terminal player and the student page.
# Fluent syntax (https://projectfluent.org): `id = text`, `{ $variable }`, plural selectors.
# Every message here must also be in ko/game.ftl with the same variables (the tests check).

## Shared
back = Back
dismiss = Dismiss
content-notes = Content notes
chance = Chance: { $label }
to-discuss = To discuss
not-available = Not available: { $reason }
picture-alt = [Picture: { $alt }]
picture-alt-bare = Picture: { $alt }
picture-enlarge = Click to see it larger
picture-close = Click or press Esc to close.
title-screen = Title screen
keys-back = Keys: Esc back

## Title screen and menus
menu-new-game = New game
menu-continue = Continue
menu-load-game = Load game
menu-run-class = Run a class
menu-class-running = Class { $code } (running)
menu-resume-class = Resume class { $code }
menu-settings = Settings
menu-endings = Endings gallery
menu-quit = Quit
keys-title = Keys: N, C, L, R, S, G, Q, or Tab / arrows and Enter

## New game
new-game-heading = Choose who you play
new-game-presets = Start { $role } later in the story
keys-new-game = Keys: 1-9 choose a role · Esc back

## Playing
play-menu = Menu
play-history = History
play-undo = Undo
play-nothing-to-undo = Nothing to undo yet
play-save = Save
play-save-hint = Save into a numbered slot (F5: quicksave)
play-load = Load
play-load-hint = Load a save (F9: the quicksave)
play-stats = Stats
play-show-all = Show all
play-context = Context
play-sources-count = Sources ({ $count })
play-stuck = The story cannot go on from here: undo, or go back to the title.
play-status-line = { $story } · { $role } · turn { $turn }
keys-reveal = Click, Space or Enter shows the whole passage.
keys-play = Keys: 1-9 choose · U undo · H history · F5 quicksave · F9 quickload · Esc menu

## Pause
pause-heading = Paused
pause-resume = Resume
pause-save-game = Save game

## Ending
ending-your-path = Your path
ending-path-step-chance = { $n }. { $choice } (chance: { $outcome })
ending-play-again = Play again
ending-play-as = Play as { $role }
ending-undo = Undo last choice
ending-save-transcript = Save transcript
ending-the-end = The end · { $role }
keys-ending = Keys: Tab moves between buttons, Enter presses · U undo

## History
history-empty = Nothing has happened yet.
history-you-chose = You chose { $n }. { $choice }
history-chance = Chance: { $what } ({ $weight } in { $total })
history-random-event = A random event ({ $weight } in { $total })
history-ending = Ending: { $title }
keys-history = Esc or H closes · scroll with the wheel or arrow keys

## Sources
sources-heading = Sources
sources-none = This story cites no sources.
sources-about = The works the context notes rely on. What the notes report comes from these; the rest of the story is scenario.
sources-cited-in = Cited in: { $scenes }
keys-sources = Esc or O closes

## Endings gallery
gallery-heading = Endings
gallery-found = { $story }: { $found } of { $total } endings found
gallery-reached-as = Reached as { $roles }
gallery-not-found = { $count ->
    [one] 1 ending not found yet
   *[other] { $count } endings not found yet
}

## Settings
settings-language = Language
language-system = System language
settings-text-size = Text size
settings-theme = Theme
settings-text-speed = Text speed
settings-display = Display
settings-fullscreen = Fullscreen
settings-reduced-motion = Reduced motion (no text animation, no fades)
settings-sample = Sample
settings-sample-text = The train runs for days. The curtains stay down by order, but a curtain has edges.
keys-settings = Keys: Tab / arrows move · Space or Enter selects · Esc back
size-small = Small
size-medium = Medium
size-large = Large
size-extra-large = Extra large
theme-dark = Dark
theme-light = Light
theme-high-contrast = High contrast
speed-slow = Slow
speed-normal = Normal
speed-fast = Fast
speed-instant = Instant

## Terminal player
text-help = Type a choice number, `u` to undo, `x` to export the transcript or `q` to quit.
text-presets = Presets (--preset ID): { $ids }
text-choose-role = Choose a role (number or id):{" "}
text-no-role = No role `{ $role }`.
text-source = Source: { $source }
text-discuss = Discuss: { $prompt }
text-for-discussion = For discussion:
text-unavailable = unavailable: { $reason }
text-transcript-written = transcript written to { $path }
text-transcript-failed = The transcript could not be written: { $error }
text-undone = undone
text-choices-start-at-1 = Choices start at 1.
text-stuck = The story is stuck here: no choice can be taken. (This is a story bug: `aftermath explore` finds these with a path to each. Type u to undo or q to quit.)
text-playing = Playing `{ $role }` with seed { $seed } (replay with --seed { $seed }).
text-playing-preset = Playing `{ $role }` from preset `{ $preset }` with seed { $seed } (replay with --preset { $preset } --seed { $seed }).

## Save and load screens
slots-load-heading = Load game
slots-load-intro = Choose a save to play on from. The autosave is made after every choice; F5 makes the quicksave while playing.
slots-save-heading = Save game
slots-save-intro = Choose a numbered slot for this playthrough. Saving over a slot asks first.
slots-unavailable = Saving is unavailable: { $reason }
slots-folder = Saves are kept in { $folder }
slots-load = Load
slots-save = Save
slots-delete = Delete
slots-autosave = Autosave
slots-quicksave = Quicksave
slots-slot = Slot { $n }
slots-empty = Empty
slots-unreadable = Unreadable
slots-other-version = Made with another version of the story ({ $version }): it is carried over when loaded
slots-ending = ending: { $ending }
slots-played = played { $time }
slots-time-under-a-minute = under a minute
slots-time-minutes = { $minutes } min
slots-time-hours = { $hours } h { $minutes } min
slots-delete-question = Delete { $slot }?
slots-yes-delete = Yes, delete
slots-delete-outcome = The file is deleted for good.
slots-overwrite-question = Overwrite { $slot }?
slots-yes-overwrite = Yes, overwrite
slots-overwrite-outcome = It is replaced by this playthrough.
slots-holds = It holds { $summary } (saved { $saved }).
slots-holds-unreadable = It holds an unreadable file ({ $reason }).
slots-cancel = Cancel
keys-slots-load = Keys: 1-9 load a numbered slot · A autosave · Q quicksave · Tab / Enter · Esc back
keys-slots-save = Keys: 1-9 save into a slot · Tab / Enter · Esc back
keys-slots-confirm = Keys: Enter or Y yes · Esc or N cancel

## Notices: saving, loading, transcripts
saves-slot-auto = the autosave
saves-slot-quick = the quicksave
saves-slot-named = slot { $n }
resume-no-saved-game = no saved game yet
notice-cannot-load = cannot load { $slot }: { $reason }
notice-load-failed = could not load { $slot }: { $error }
notice-autosave-failed = Could not autosave: { $reason }
notice-nothing-to-save = There is no playthrough to save.
notice-save-failed = Could not save to { $slot }: { $error }
notice-nothing-to-export = There is no playthrough to export.
notice-no-transcript-folder = There is no data folder to write the transcript into.
notice-transcript-failed = Could not write the transcript: { $error }
notice-transcript-saved = Transcript saved to { $path }
status-saved = Saved to { $slot }.
status-loaded = Loaded { $slot }.
status-transcript-saved = Transcript saved.

## Settings and endings gallery files
settings-load-failed = Your settings could not be loaded, so the defaults are in use ({ $error }). Changing a setting replaces the file.
settings-save-failed = Your settings could not be saved: { $error }
settings-story-language-failed = The story could not switch language: { $error }
gallery-load-failed = The endings gallery could not be loaded and starts empty ({ $error }). Reaching an ending replaces the file.
gallery-save-failed = The endings gallery could not be saved: { $error }

## Hot reload (a story played from a folder)
reload-watch-failed = Story files will not reload when edited: could not watch { $folder }: { $error }
reload-thread-failed = Story files will not reload when edited: could not start watching: { $error }
reload-done = Story reloaded: { $what }.
reload-cannot-carry-over = Still playing the previous version ({ $what }): the edited story loads, but this playthrough cannot go on in it.
reload-restart-help = Restart the role to play the edited story.
reload-story-errors = The story has errors ({ $what }); still playing the last version that loaded.
reload-folder-changed = story folder changed
reload-file-changed = { $file } changed
reload-two-files-changed = { $first } and { $second } changed
reload-files-changed = { $first } and { $count } other files changed
diagnostics-help = help: { $help }

## Window title and fallback screens
window-title-bare = Aftermath
window-title = Aftermath — { $story }
window-title-class = { $title } — class { $code }
draw-no-story = No story is being played.
draw-no-class = No class is hosted in this window.

## The story engine (a choice without its own reason)
choice-not-possible = not possible now
