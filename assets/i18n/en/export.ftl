# A class's exports in English: the debrief page (debrief.html) and debrief.md.
# Fluent syntax (https://projectfluent.org). Every message here must also be in ko/export.ftl
# with the same variables (the tests check).
# Ids start with `export-` (the GUI's debrief screen uses `debrief-` in class.ftl).
# The English text of each message is exactly what the debrief said before it was translated
# (tests/it/snapshots/it__debrief__debrief_minimal.snap).

## Names of students, seats and groups
export-student = Student { $n }
export-seat = Seat { $seat }
export-group = Group { $n }

## Title and introduction
export-title = Debrief: { $title }
export-sources = Sources
export-story = Story: { $title } (version { $version })
export-class-line = { $groups } groups, { $seats } seats; { $time } of class time; { $state }
export-setup-line = Seed { $seed }; { $timer }; { $tie }
export-naming = Students are named { $naming }
export-anonymous-ids = (Student 1, Student 2, …)
export-html-intro-class = { $title } (version { $version }) · { $groups } groups · { $seats } seats · { $time } of class time · { $state }
export-html-intro-setup = Seed { $seed } · { $timer } · { $tie } · students named { $naming }
export-no-timer = no vote timer
export-timer = { $seconds } s vote timer
export-tie-revote = ties go to a revote, then to the facilitator
export-tie-facilitator = the facilitator decides ties
export-state-over = the class is over
export-state-running = the class was still running
export-naming-anonymous = by anonymous ids in seat order
export-naming-nicknames = by their nicknames

## How a decision was made
export-how-vote = by vote
export-how-override = overridden by the facilitator
export-how-hands = by a hand count typed by the facilitator
export-how-lot = by lot (a tie in a class running by itself)

## The groups side by side
export-side-by-side = The groups side by side
export-endings-reached = Endings reached
export-diverged-heading = Where paths diverged
export-closest-heading = Closest decisions
export-no-tally = No decision had a tally.
export-no-divergences = No two groups played the same role from the same start, so no paths can be laid side by side; compare their endings and decisions above.
export-col-group = Group
export-col-role = Role
export-col-ending = Ending
export-col-decisions = Decisions
export-col-overrides = Overrides
export-col-hand-counts = Hand counts
export-col-revotes = Revotes
export-col-undone = Undone
export-col-closest-margin = Closest margin
export-col-decision = Decision
export-col-taken = Taken
export-col-split = Split
export-col-margin = Margin
export-none-yet = none yet
export-no-ending-yet = (no ending yet)
export-diverged = { $a } and { $b } parted at decision { $at } in { $scene } ({ $node }): { $a } chose “{ $first }”, { $b } chose “{ $second }”.
export-diverged-unplaced = { $a } and { $b } parted at decision { $at }: { $a } chose “{ $first }”, { $b } chose “{ $second }”.
export-ahead = { $a } and { $b } took the same path as far as both went; { $ahead } went on at decision { $at } in { $scene } ({ $node }) with “{ $choice }”.
export-ahead-unplaced = { $a } and { $b } took the same path as far as both went; { $ahead } went on at decision { $at } with “{ $choice }”.
export-same = { $a } and { $b } took the same path, decision for decision.
export-closest-line = { $group }, decision { $decision } in { $scene } ({ $node }): “{ $choice }” { $how }, { $split } (margin { $margin })

## A group
export-fact-start = Start: preset { $preset }
export-fact-seats = Seats: { $seats }
export-none = none
export-fact-scenes = Scenes: { $scenes }
export-fact-path = Path: { $path }
export-ending = Ending: { $title }
export-no-ending = No ending yet: stopped at { $at }
export-stats = Stats at the end: { $stats }
export-open-vote = A vote still open (round { $round })
export-open-vote-md = { $cast } ballots cast so far; tally { $split }.
export-open-vote-html = { $cast } ballots cast so far.
export-for-discussion = For discussion
export-path = Path
export-graph-heading = { $story } — path of { $group }
export-graph-caption = The path of { $group } over the story graph: visited nodes and steps highlighted, the rest faded.
export-graph-failed = (The story graph could not be drawn: { $error }.)

## A decision
export-decision = Decision { $number } — { $scene } ({ $node })
export-undone-by-facilitator = (undone by the facilitator)
export-discuss = Discuss: { $prompt }
export-vote-round = Vote (round { $round })
export-revote-round = Revote (round { $round })
export-counted = { $counted } counted, { $cast } cast
export-col-choice = Choice
export-col-hand-count = Hand count
export-choice-n = Choice { $n }
export-ballots = Ballots: { $rounds }.
export-ballots-round = round { $round }: { $counted }
export-hands-typed = Hand count typed by the facilitator
export-taken = Taken: { $number }. “{ $choice }”, { $how }
export-margin = (margin { $margin })
export-at = at { $time }
export-at-undone = at { $time }; undone
export-at-undone-by-facilitator = at { $time }; undone by the facilitator
export-random-event = Random event
export-chance = Chance
export-draw = { $what } ({ $weight } in { $total })
export-reached = Reached the ending { $ending }
export-reached-undone = Had reached the ending { $ending } before the undo
export-tag-override = override
export-tag-hands = hand count
export-tag-lot = lot
export-tag-revote = revote
export-tag-undone = undone
