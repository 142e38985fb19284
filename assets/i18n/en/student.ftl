# The student page (assets/student/index.html) in English. The class server puts these messages
# into the page; the page fills in `{ $name }` itself, so messages here use plain variables only
# (no selectors): counts that need a plural have a `-one` message beside them.
# Every message here must also be in ko/student.ftl with the same variables (the tests check).

student-page-title = Class
student-language = Language
student-join-heading = Join the class
student-code = Class code
student-join = Join
student-pick-heading = Pick your group
student-pick-title = { $title }: pick your group
student-name = Your name (as the teacher asked)
student-any-group = Put me in any group
student-seats-one = { $count } student
student-seats = { $count } students
student-room-locked = The room is locked: only students already seated can come back.
student-paused = The teacher has paused the class.
student-ended = The teacher has ended the class.
student-who = { $class } · { $group } · { $role } · you are { $nickname }
student-outcome = What happened: { $outcome }
student-prompt = To discuss: { $prompt }
student-to-discuss = To discuss
student-spotlight = On the projector: { $title }
student-by-vote = by vote
student-by-teacher = by the teacher
student-by-hands = by hands raised
student-by-lot = by lot after a tie
student-chose = Your group chose: { $choice } ({ $how })
student-chose-tally = Your group chose: { $choice } ({ $how }, votes { $tally })
student-story-ended = The story has ended: { $title }
student-your-vote-heading = Your vote
student-vote = Vote
student-change-vote = Change my vote
student-votes-one = { $count } vote
student-votes = { $count } votes
student-not-possible = Not possible: { $reason }
student-not-open = not open now
student-not-in-revote = Not in this revote
student-your-vote = Your vote
student-waiting = Waiting for the teacher to open the vote.
student-vote-paused = The vote is paused.
student-deciding = A tie: the teacher decides.
student-revote = Revote between the tied choices.
student-vote-open = The vote is open.
student-ballots = { $ballots } of { $seats } have voted.
student-seconds-left = { $seconds } s left.
student-vote-in = Your vote is in (you can change it until the vote closes).
student-reconnecting = Connection lost; reconnecting…
student-left-heading = You have left the class
student-removed = The teacher removed this seat.

## Errors the class server sends, by their code (the page shows the server's own words for others)
student-error-wrong-code = That is not this class's code. Check the code your teacher shows.
student-error-room-locked = The room is locked: only students already seated can come back.
student-error-room-full = The class is full. Ask your teacher.
student-error-no-such-group = That group is not in this class; pick one from the list.
student-error-class-ended = The class has ended.
student-error-class-paused = The class is paused; wait for the teacher.
student-error-no-vote = No vote is open.
student-error-vote-closed = The vote has closed.
student-error-vote-paused = The vote is paused.
student-error-wrong-round = That vote has moved on; vote again.
student-error-choice-disabled = That choice is not possible now.
student-error-not-an-option = That choice is not in this revote.
student-error-group-ended = Your group's story has ended.
student-error-rate-limited = Too many messages; slow down.

## The spotlight's titles (the projector and the phones)
spot-discuss = { $group }: discuss
spot-pair = { $left } and { $right }
