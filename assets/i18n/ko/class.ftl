# Aftermath 진행자 화면(수업 준비, 대기실, 대시보드, 프로젝터, 토론 자료)의 한국어 메시지.
# Fluent 문법 (https://projectfluent.org). en/class.ftl의 모든 메시지가 같은 변수로 여기에도 있어야 합니다.

## 공통 (진행자 화면)
class-dashboard = 대시보드
class-title-screen = 타이틀 화면
class-from-beginning = 처음부터
class-ending = 엔딩: { $title }
class-seconds-left = { $seconds }초 남음

## 수업 준비
setup-title = 수업 진행하기
setup-open-lobby = 대기실 열기
setup-keys = 키: Enter 대기실 열기 · K 지난 수업 다시 열기 · Tab / 화살표와 Space로 설정 바꾸기 · Esc 뒤로
setup-resume-offer = 지난 수업(코드 { $code }, 학생 { $count }명)이 끝나지 않았습니다. 다시 열면 같은 코드로 이어지고, 휴대폰은 저절로 다시 접속합니다.
setup-resume = 지난 수업 다시 열기
setup-groups = 모둠
setup-groups-about = 모둠마다 이야기를 따로 진행하며 투표합니다. 시작 지점은 처음부터(기록은 우연에 맡김), 보도된 대로, 또는 전후 방안 가운데 하나입니다.
setup-group = 모둠 { $n }
setup-from-beginning = 처음부터
setup-remove = 삭제
setup-add-group = 모둠 추가
setup-votes = 투표
setup-vote-timer = 투표 시간 제한
setup-seconds-suffix = 초
setup-no-timer = 모두 투표하거나 직접 마감할 때까지 투표가 열려 있습니다
setup-tie = 동점일 때:
setup-tie-revote = 동점인 선택지끼리 짧게 재투표하고, 그래도 같으면 진행자가 정합니다
setup-tie-facilitator = 진행자가 바로 정합니다
setup-results = 결과:
setup-results-hidden = 투표가 끝날 때까지 숨김
setup-results-live = 학생이 투표하는 동안 실시간으로 보임
setup-auto = 투표가 저절로 열리고 닫힙니다 (진행자 없이도 수업이 진행됩니다)
setup-students = 학생
setup-nicknames = 자동으로 만든 별명을 씁니다 (익명)
setup-names = 각자 이름을 입력합니다
setup-at-most = 최대
setup-students-unit = 명
setup-network = 네트워크
setup-network-about = 휴대폰은 학교 네트워크에 있는 이 노트북의 주소로 접속합니다. 수업에서 쓰는 네트워크를 고르세요.
setup-address = 주소
setup-address-none = 없음
setup-address-local = { $ip } (이 컴퓨터에서만)
setup-port = 포트
setup-loopback = 127.0.0.1은 이 컴퓨터에서만 접속할 수 있어 휴대폰으로는 들어올 수 없습니다.

## 수업 준비 확인과 시작 오류
plan-no-groups = 모둠을 하나 이상 추가하세요.
plan-too-many-groups = 한 수업에는 모둠을 최대 { $max }개까지 둘 수 있습니다.
plan-no-role = 모둠 { $n }: 이야기에 “{ $role }” 역할이 없습니다. 역할을 고르세요.
plan-no-start = 모둠 { $n }: { $role }에게 “{ $start }” 시작 지점이 없습니다. 시작 지점을 고르세요.
plan-vote-timer = 투표 시간 제한은 { $min }초에서 { $max }초 사이여야 합니다.
plan-seats = 수업 인원은 학생 1명에서 500명까지입니다.
plan-unreadable = 지난 수업 설정을 읽을 수 없어({ $error }) 기본 설정을 보여 줍니다.
plan-no-data-folder = 수업 기록을 둘 데이터 폴더가 없습니다({ $var }에 폴더를 지정하세요)
plan-folder = { $path } 폴더를 만들 수 없습니다: { $error }
plan-port-in-use = { $addr }에서 연결을 받을 수 없습니다: 포트가 이미 쓰이고 있습니다(다른 수업이나 다른 프로그램). 네트워크에서 다른 포트를 고르세요
plan-not-here = { $addr }에서 연결을 받을 수 없습니다: 이 컴퓨터에 더 이상 그 주소가 없습니다. 네트워크에서 주소를 다시 고르세요
plan-no-code = 참여 코드를 만들 수 없습니다: { $error }

## 대기실
lobby-no-qr = QR 코드를 만들 수 없습니다. 주소로 접속하세요.
lobby-join-with = 휴대폰 브라우저로 접속하세요:
lobby-code = 코드
lobby-locked = 입장이 잠겼습니다. 새로 들어올 수 없습니다.
lobby-log = 수업 기록: { $path }
lobby-keys = 키: S 시작 · L 입장 잠그기 / 풀기 · D 대시보드 · Esc 수업 끝내기
lobby-joined = 학생 { $count }명이 들어왔습니다 (최대 { $cap }명)
lobby-group = { $n }. { $name } ({ $role }): { $count }명
lobby-start = 시작
lobby-lock = 입장 잠그기
lobby-unlock = 입장 잠금 풀기

## 대시보드
dash-keys = 키: O 모두 열기 · C 모두 마감 · P 일시 정지 / 계속 · V 프로젝터 · R 토론 자료 · J 참여 코드 · Esc 수업 끝내기
dash-code = 코드 { $code }
dash-students = 학생 { $count }명
dash-class-ended = 수업이 끝났습니다.
dash-class-over = 모든 모둠이 엔딩에 도착했습니다.
dash-class-paused = 수업이 일시 정지되었습니다.
dash-open-all = 모두 열기
dash-close-all = 모두 마감
dash-resume-class = 수업 계속하기
dash-pause-class = 수업 일시 정지
dash-projector = 프로젝터 화면
dash-debrief = 토론 자료
dash-join-code = 참여 코드
dash-settings = 설정
dash-settings-hint = 글자 크기와 테마 (프로젝터에는 고대비)
dash-end-class = 수업 끝내기…
dash-card-ended = 끝남: { $title }
dash-vote-line = 투표: { $state } · { $round }회차 · { $ballots }/{ $seats }표
dash-revote-line = 재투표: { $state } · { $round }회차 · { $ballots }/{ $seats }표
dash-state-open = 진행 중
dash-state-paused = 일시 정지
dash-state-deciding = 진행자 결정 대기
dash-state-waiting = 대기 중
dash-off-ballot = { $n }. { $choice } (이번 재투표 대상 아님)
dash-override = { $n }번 직권 결정
dash-override-hint = 투표 결과와 상관없이 “{ $choice }”(으)로 정합니다
dash-open = 열기
dash-close = 마감
dash-resume = 계속
dash-pause = 일시 정지
dash-extend = +{ $seconds }초
dash-reveal = 결과 공개
dash-undo = 되돌리기
dash-spotlight = 프로젝터에 띄우기
dash-spotlight-hint = 이 모둠의 글을 프로젝터 화면에 띄웁니다
dash-confirm-end = 수업을 끝낼까요?
dash-confirm-end-about = 투표가 멈추고 모든 휴대폰에 수업이 끝났다고 표시됩니다. 지금까지 정한 내용은 모두 수업 기록에 남습니다.
dash-keep-running = 계속 진행하기
dash-end-the-class = 수업 끝내기
dash-keys-confirm-end = 키: Y 수업 끝내기 · Esc 또는 N 계속 진행하기

## 프로젝터
proj-previous = 이전
proj-next = 다음
proj-prompt = 토론 질문
proj-side-by-side = 나란히 보기
proj-hide = 숨기기
proj-keys = 키: 1-9 모둠 선택 · Left / Right 이전 / 다음 · Q 토론 질문 · T 나란히 보기 · H 숨기기 · Esc 대시보드
proj-nothing = 프로젝터에 띄운 것이 없습니다. 모둠 번호를 누르면 그 모둠의 글이 보입니다.
proj-voting = 투표 중: { $seats }명 중 { $ballots }명 투표
proj-paused = 투표가 일시 정지되었습니다
proj-deciding = 투표가 마감되었습니다. 진행자가 정합니다
proj-waiting = 투표가 열리기를 기다리는 중
proj-discuss = 토론해 봅시다
proj-default-question = 여러분이라면 “{ $scene }”에서 어떻게 하겠습니까? 그 이유는 무엇입니까?

## 토론 자료
debrief-preparing = 토론 자료를 준비하는 중…
debrief-heading = 토론 자료 — { $title }
debrief-summary = 모둠 { $groups }개 · 학생 { $students }명 · { $minutes }분
debrief-still-running = 진행 중
debrief-export-anonymous = 내보내기 (익명)
debrief-export-anonymous-hint = HTML, Markdown, 투표 CSV와 JSON. 학생은 Student 1, 2, …로 표시됩니다
debrief-export-nicknames = 별명과 함께 내보내기
debrief-open-folder = 폴더 열기
debrief-not-exported = { $dir }에 내보내지 못했습니다: { $error }
debrief-file = { $name } ({ $kb } KB)
debrief-exported = { $dir }에 내보냈습니다: { $files }
debrief-export-dir = 내보낼 곳: { $dir }
debrief-graph = 이야기 흐름도 위의 모둠별 경로 (장면마다 한 열):
debrief-stopped-at = 멈춘 곳: { $scene }
debrief-group-stats = 결정 { $decisions }번 · 장면 { $scenes }개 · 학생 { $students }명
debrief-closest = 가장 팽팽했던 투표
debrief-closest-line = { $group }, { $scene }: “{ $choice }” ({ $how }, 득표 { $tally }, 차이 { $margin }%p)
debrief-how-vote = 투표
debrief-how-override = 직권 결정
debrief-how-hands = 거수
debrief-how-lot = 추첨
debrief-to-discuss = 토론거리

## 진행 알림
host-no-log = 이 수업은 기록을 남기지 않아 내보낼 곳이 없습니다
host-folder-not-opened = { $dir } 폴더를 열 수 없습니다({ $error }). 파일 관리자에서 여세요.
host-refused = 거부됨: { $reason }
host-plan-not-saved = 수업 설정을 기억하지 못했습니다: { $error }
