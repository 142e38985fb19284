# 수업 내보내기(토론 자료 debrief.html, debrief.md)의 한국어 메시지.
# Fluent 문법 (https://projectfluent.org). en/export.ftl의 모든 메시지가 같은 변수로 여기에도 있어야 합니다.
# 아이디는 `export-`로 시작합니다 (class.ftl의 진행자용 토론 화면은 `debrief-`를 씁니다).

## 학생, 자리, 모둠 이름
export-student = 학생 { $n }
export-seat = 자리 { $seat }
export-group = { $n }모둠

## 제목과 개요
export-title = 토론 자료: { $title }
export-sources = 출처
export-story = 이야기: { $title } (버전 { $version })
export-class-line = 모둠 { $groups }개, 학생 { $seats }명; 수업 시간 { $time }; { $state }
export-setup-line = 시드 { $seed }; { $timer }; { $tie }
export-naming = 학생 이름: { $naming }
export-anonymous-ids = (학생 1, 학생 2, …)
export-html-intro-class = { $title } (버전 { $version }) · 모둠 { $groups }개 · 학생 { $seats }명 · 수업 시간 { $time } · { $state }
export-html-intro-setup = 시드 { $seed } · { $timer } · { $tie } · 학생 이름: { $naming }
export-no-timer = 투표 시간 제한 없음
export-timer = 투표 시간 제한 { $seconds }초
export-tie-revote = 동점이면 재투표, 다시 동점이면 진행자가 결정
export-tie-facilitator = 동점이면 진행자가 결정
export-state-over = 수업 종료
export-state-running = 내보낼 때 수업 진행 중
export-naming-anonymous = 자리 순서대로 매긴 익명 번호
export-naming-nicknames = 각자의 별명

## 결정 방식
export-how-vote = 투표로 결정
export-how-override = 진행자가 직권으로 결정
export-how-hands = 진행자가 입력한 거수 결과로 결정
export-how-lot = 추첨으로 결정 (자동 진행 수업의 동점)

## 모둠별 비교
export-side-by-side = 모둠별 비교
export-endings-reached = 도달한 엔딩
export-diverged-heading = 길이 갈라진 곳
export-closest-heading = 가장 팽팽했던 결정
export-no-tally = 집계가 있는 결정이 없습니다.
export-no-divergences = 같은 역할로 같은 지점에서 시작한 모둠이 없어서 경로를 나란히 비교할 수 없습니다. 위의 엔딩과 결정을 비교해 보세요.
export-col-group = 모둠
export-col-role = 역할
export-col-ending = 엔딩
export-col-decisions = 결정 수
export-col-overrides = 직권 결정
export-col-hand-counts = 거수 결정
export-col-revotes = 재투표
export-col-undone = 되돌림
export-col-closest-margin = 최소 득표율 차
export-col-decision = 결정
export-col-taken = 채택
export-col-split = 득표
export-col-margin = 득표율 차
export-none-yet = 아직 없음
export-no-ending-yet = (아직 엔딩 없음)
export-diverged = { $a }와(과) { $b }의 길은 { $scene } ({ $node })의 결정 { $at }에서 갈라졌습니다. { $a }의 선택은 “{ $first }”, { $b }의 선택은 “{ $second }”입니다.
export-diverged-unplaced = { $a }와(과) { $b }의 길은 결정 { $at }에서 갈라졌습니다. { $a }의 선택은 “{ $first }”, { $b }의 선택은 “{ $second }”입니다.
export-ahead = { $a }와(과) { $b }은(는) 둘 다 간 데까지 같은 길을 걸었습니다. 그 뒤 { $ahead }만 { $scene } ({ $node })의 결정 { $at }에서 “{ $choice }”을(를) 골라 더 나아갔습니다.
export-ahead-unplaced = { $a }와(과) { $b }은(는) 둘 다 간 데까지 같은 길을 걸었습니다. 그 뒤 { $ahead }만 결정 { $at }에서 “{ $choice }”을(를) 골라 더 나아갔습니다.
export-same = { $a }와(과) { $b }은(는) 결정 하나하나까지 같은 길을 걸었습니다.
export-closest-line = { $group }, { $scene } ({ $node })의 결정 { $decision }: “{ $choice }” { $how }, 득표 { $split } (득표율 차 { $margin })

## 모둠
export-fact-start = 출발점: 중간 시작 { $preset }
export-fact-seats = 참여 학생: { $seats }
export-none = 없음
export-fact-scenes = 장면: { $scenes }
export-fact-path = 경로: { $path }
export-ending = 엔딩: { $title }
export-no-ending = 아직 엔딩 없음: { $at }에서 멈춤
export-stats = 마지막 상태: { $stats }
export-open-vote = 아직 열려 있는 투표 ({ $round }회차)
export-open-vote-md = 지금까지 { $cast }표가 제출되었습니다. 집계: { $split }.
export-open-vote-html = 지금까지 { $cast }표가 제출되었습니다.
export-for-discussion = 토론거리
export-path = 경로
export-graph-heading = { $story } — { $group }의 경로
export-graph-caption = 이야기 흐름도 위에 그린 { $group }의 경로입니다. 지나간 노드와 이동은 강조하고 나머지는 흐리게 표시했습니다.
export-graph-failed = (이야기 흐름도를 그리지 못했습니다: { $error }.)

## 결정
export-decision = 결정 { $number } — { $scene } ({ $node })
export-undone-by-facilitator = (진행자가 되돌림)
export-discuss = 토론: { $prompt }
export-vote-round = 투표 ({ $round }회차)
export-revote-round = 재투표 ({ $round }회차)
export-counted = 집계 { $counted }표, 제출 { $cast }표
export-col-choice = 선택지
export-col-hand-count = 거수 집계
export-choice-n = 선택지 { $n }
export-ballots = 투표: { $rounds }.
export-ballots-round = { $round }회차: { $counted }
export-hands-typed = 진행자가 입력한 거수 결과
export-taken = 채택: { $number }. “{ $choice }”, { $how }
export-margin = (득표율 차 { $margin })
export-at = · { $time }
export-at-undone = · { $time }, 되돌림
export-at-undone-by-facilitator = · { $time }, 진행자가 되돌림
export-random-event = 우연한 사건
export-chance = 우연
export-draw = { $what } ({ $total } 중 { $weight })
export-reached = 도달한 엔딩: { $ending }
export-reached-undone = 되돌리기 전에 도달했던 엔딩: { $ending }
export-tag-override = 직권 결정
export-tag-hands = 거수
export-tag-lot = 추첨
export-tag-revote = 재투표
export-tag-undone = 되돌림
