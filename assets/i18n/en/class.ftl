# Aftermath's facilitator screens in English: class setup, lobby, dashboard, projector, debrief.
# Fluent syntax (https://projectfluent.org). Every message here must also be in ko/class.ftl
# with the same variables (the tests check).

## Shared (facilitator screens)
class-dashboard = Dashboard
class-title-screen = Title screen
class-from-beginning = from the beginning
class-ending = Ending: { $title }
class-seconds-left = { $seconds } s left

## Class setup
setup-title = Run a class
setup-open-lobby = Open the lobby
setup-keys = Keys: Enter open the lobby · K resume the last class · Tab / arrows and Space to change a setting · Esc back
setup-resume-offer = The last class (code { $code }, { $count ->
        [one] 1 student
       *[other] { $count } students
    }) did not end. Resume it: the same code, and phones rejoin by themselves.
setup-resume = Resume the last class
setup-groups = Groups
setup-groups-about = Each group votes on its own copy of the story. Its start: from the beginning (the record left to chance), the record as reported, or one of the postwar options.
setup-group = Group { $n }
setup-from-beginning = From the beginning
setup-remove = Remove
setup-add-group = Add a group
setup-votes = Votes
setup-vote-timer = Vote timer
setup-seconds-suffix = {" "}s
setup-no-timer = a vote stays open until everyone voted or you close it
setup-tie = A tie:
setup-tie-revote = a short revote between the tied choices, then you decide
setup-tie-facilitator = you decide at once
setup-results = Results:
setup-results-hidden = hidden until the vote closes
setup-results-live = live while students vote
setup-auto = Votes open and close by themselves (the class can run without you)
setup-students = Students
setup-nicknames = each gets a generated nickname (anonymous)
setup-names = each types a name
setup-at-most = At most
setup-students-unit = students
setup-network = Network
setup-network-about = Phones join on this laptop's address on the school network: pick the network the class is on.
setup-address = Address
setup-address-none = none
setup-address-local = { $ip } (this computer only)
setup-port = Port
setup-loopback = 127.0.0.1 is reachable from this computer only: phones cannot join.

## Class setup checks and start errors
plan-no-groups = Add at least one group.
plan-too-many-groups = A class has at most { $max } groups.
plan-no-role = Group { $n }: the story has no role "{ $role }"; pick one.
plan-no-start = Group { $n }: { $role } has no start "{ $start }"; pick one.
plan-vote-timer = The vote timer must be { $min } to { $max } seconds.
plan-seats = The class takes 1 to 500 students.
plan-unreadable = The last class set-up could not be read ({ $error }); the usual set-up is shown instead.
plan-no-data-folder = no data folder to keep the class log in (set { $var } to a folder)
plan-folder = cannot create the folder { $path }: { $error }
plan-port-in-use = cannot listen on { $addr }: the port is already in use (another class, or another program); pick another port under Network
plan-not-here = cannot listen on { $addr }: this computer no longer has that address; pick one under Network
plan-no-code = no join code could be made: { $error }

## Lobby
lobby-no-qr = The QR code could not be made; use the address.
lobby-join-with = Join with your phone's browser:
lobby-code = Code
lobby-locked = The room is locked: nobody new can join.
lobby-log = Class log: { $path }
lobby-keys = Keys: S start · L lock / unlock · D dashboard · Esc end the class
lobby-joined = { $count ->
        [one] 1 student has joined
       *[other] { $count } students have joined
    } (room for { $cap })
lobby-group = { $n }. { $name } ({ $role }): { $count ->
        [one] 1 seat
       *[other] { $count } seats
    }
lobby-start = Start
lobby-lock = Lock room
lobby-unlock = Unlock room

## Dashboard
dash-keys = Keys: O open all · C close all · P pause / resume · V projector · R debrief · J join code · Esc end the class
dash-code = Code { $code }
dash-students = { $count ->
    [one] { $count } student
   *[other] { $count } students
}
dash-class-ended = The class has ended.
dash-class-over = Every group has reached an ending.
dash-class-paused = The class is paused.
dash-open-all = Open all
dash-close-all = Close all
dash-resume-class = Resume class
dash-pause-class = Pause class
dash-projector = Projector view
dash-debrief = Debrief
dash-join-code = Join code
dash-settings = Settings
dash-settings-hint = Text size and theme (high contrast for the projector)
dash-end-class = End class…
dash-card-ended = Ended: { $title }
dash-vote-line = Vote: { $state } · round { $round } · { $ballots }/{ $seats } ballots
dash-revote-line = Revote: { $state } · round { $round } · { $ballots }/{ $seats } ballots
dash-state-open = open
dash-state-paused = paused
dash-state-deciding = deciding
dash-state-waiting = waiting
dash-off-ballot = { $n }. { $choice } (not in this revote)
dash-override = Override { $n }
dash-override-hint = Take "{ $choice }" whatever the vote says
dash-open = Open
dash-close = Close
dash-resume = Resume
dash-pause = Pause
dash-extend = +{ $seconds } s
dash-reveal = Reveal
dash-undo = Undo
dash-spotlight = Spotlight
dash-spotlight-hint = Show this group's passage on the projector view
dash-confirm-end = End the class?
dash-confirm-end-about = Votes stop and every phone shows that the class has ended. The class log keeps everything decided so far.
dash-keep-running = Keep it running
dash-end-the-class = End the class
dash-keys-confirm-end = Keys: Y end the class · Esc or N keep it running

## Projector
proj-previous = Previous
proj-next = Next
proj-prompt = Prompt
proj-side-by-side = Side by side
proj-hide = Hide
proj-keys = Keys: 1-9 a group · Left / Right previous / next · Q prompt · T side by side · H hide · Esc dashboard
proj-nothing = Nothing is in the spotlight. Press a group's number to show its passage.
proj-voting = Voting: { $ballots } of { $seats } have voted
proj-paused = The vote is paused
proj-deciding = The vote is closed; the facilitator decides
proj-waiting = Waiting for the vote to open
proj-discuss = Discuss
proj-default-question = What would you do at "{ $scene }", and why?

## Debrief
debrief-preparing = Preparing the debrief…
debrief-heading = Debrief — { $title }
debrief-summary = { $groups } groups · { $students } students · { $minutes } min
debrief-still-running = still running
debrief-export-anonymous = Export (anonymous)
debrief-export-anonymous-hint = HTML, Markdown, ballots CSV and JSON; students named Student 1, 2, …
debrief-export-nicknames = Export with nicknames
debrief-open-folder = Open folder
debrief-not-exported = Not exported to { $dir }: { $error }
debrief-file = { $name } ({ $kb } KB)
debrief-exported = Exported to { $dir }: { $files }
debrief-export-dir = Exports go to { $dir }
debrief-graph = Paths over the story graph (one column per scene):
debrief-stopped-at = Stopped at { $scene }
debrief-group-stats = { $decisions } decisions · { $scenes } scenes · { $students } students
debrief-closest = Closest votes
debrief-closest-line = { $group } at { $scene }: "{ $choice }" ({ $how }, { $tally }, margin { $margin }%)
debrief-how-vote = vote
debrief-how-override = override
debrief-how-hands = hands
debrief-how-lot = lot
debrief-to-discuss = To discuss

## Hosting notices
host-no-log = this class keeps no log, so there is nowhere to export to
host-folder-not-opened = The folder { $dir } could not be opened ({ $error }); open it from your file manager.
host-refused = refused: { $reason }
host-plan-not-saved = The class set-up could not be remembered: { $error }
