# Aftermath's interface in English: the game, the terminal player and the student page.
# Fluent syntax (https://projectfluent.org): `id = text`, `{ $variable }`, plural selectors.
# Every message here must also be in ko.ftl with the same variables (the tests check).

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
