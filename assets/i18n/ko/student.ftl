# 학생 페이지(assets/student/index.html)의 한국어 메시지. 수업 서버가 페이지에 넣고, 페이지가
# `{ $name }`을 채웁니다. 변수만 쓰고 선택자는 쓰지 않습니다.
# en/student.ftl의 모든 메시지가 같은 변수로 여기에도 있어야 합니다.

student-page-title = 수업
student-language = 언어
student-join-heading = 수업에 들어가기
student-code = 수업 코드
student-join = 들어가기
student-pick-heading = 모둠을 고르세요
student-pick-title = { $title }: 모둠을 고르세요
student-name = 이름 (선생님이 요청한 대로)
student-any-group = 아무 모둠에나 넣어 주세요
student-seats-one = 학생 { $count }명
student-seats = 학생 { $count }명
student-room-locked = 입장이 잠겼습니다. 이미 자리가 있는 학생만 다시 들어올 수 있습니다.
student-paused = 선생님이 수업을 잠시 멈췄습니다.
student-ended = 선생님이 수업을 마쳤습니다.
student-who = { $class } · { $group } · { $role } · 내 별명: { $nickname }
student-outcome = 일어난 일: { $outcome }
student-prompt = 토론할 거리: { $prompt }
student-to-discuss = 토론할 거리
student-spotlight = 프로젝터 화면: { $title }
student-by-vote = 투표로
student-by-teacher = 선생님이
student-by-hands = 거수로
student-by-lot = 동점이라 추첨으로
student-chose = 우리 모둠의 선택: { $choice } ({ $how })
student-chose-tally = 우리 모둠의 선택: { $choice } ({ $how }, 득표 { $tally })
student-story-ended = 이야기가 끝났습니다: { $title }
student-your-vote-heading = 내 투표
student-vote = 투표하기
student-change-vote = 투표 바꾸기
student-votes-one = { $count }표
student-votes = { $count }표
student-not-possible = 고를 수 없음: { $reason }
student-not-open = 지금은 열려 있지 않음
student-not-in-revote = 이번 재투표 대상이 아님
student-your-vote = 내가 고른 것
student-waiting = 선생님이 투표를 열기를 기다리는 중입니다.
student-vote-paused = 투표가 잠시 멈췄습니다.
student-deciding = 동점입니다. 선생님이 정합니다.
student-revote = 동점인 선택지끼리 다시 투표합니다.
student-vote-open = 투표가 열렸습니다.
student-ballots = { $seats }명 중 { $ballots }명이 투표했습니다.
student-seconds-left = { $seconds }초 남음.
student-vote-in = 투표했습니다 (투표가 닫히기 전까지 바꿀 수 있습니다).
student-reconnecting = 연결이 끊겼습니다. 다시 연결하는 중…
student-left-heading = 수업에서 나왔습니다
student-removed = 선생님이 이 자리를 없앴습니다.

## 수업 서버가 코드로 보내는 오류
student-error-wrong-code = 이 수업의 코드가 아닙니다. 선생님이 보여 주는 코드를 확인하세요.
student-error-room-locked = 입장이 잠겼습니다. 이미 자리가 있는 학생만 다시 들어올 수 있습니다.
student-error-room-full = 수업 인원이 다 찼습니다. 선생님께 물어보세요.
student-error-no-such-group = 이 수업에 없는 모둠입니다. 목록에서 고르세요.
student-error-class-ended = 수업이 끝났습니다.
student-error-class-paused = 수업이 잠시 멈췄습니다. 선생님을 기다리세요.
student-error-no-vote = 열린 투표가 없습니다.
student-error-vote-closed = 투표가 닫혔습니다.
student-error-vote-paused = 투표가 잠시 멈췄습니다.
student-error-wrong-round = 투표가 이미 다음으로 넘어갔습니다. 다시 투표하세요.
student-error-choice-disabled = 지금은 그 선택지를 고를 수 없습니다.
student-error-not-an-option = 그 선택지는 이번 재투표 대상이 아닙니다.
student-error-group-ended = 우리 모둠의 이야기가 끝났습니다.
student-error-rate-limited = 메시지가 너무 많습니다. 천천히 보내세요.

## 스포트라이트 제목 (프로젝터와 휴대폰)
spot-discuss = { $group }: 토론
spot-pair = { $left }와(과) { $right }
