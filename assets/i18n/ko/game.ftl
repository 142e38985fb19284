# Aftermath 인터페이스 (한국어): 게임, 터미널 플레이어, 학생용 페이지.
# Fluent 문법 (https://projectfluent.org). en/game.ftl의 모든 메시지가 같은 변수로 여기에도 있어야 합니다.

## 공통
back = 뒤로
dismiss = 닫기
content-notes = 내용 주의
chance = 우연: { $label }
to-discuss = 토론거리
not-available = 선택할 수 없음: { $reason }
picture-alt = [그림: { $alt }]
picture-alt-bare = 그림: { $alt }
picture-enlarge = 클릭하면 크게 볼 수 있습니다
picture-close = 클릭하거나 Esc를 누르면 닫힙니다.
title-screen = 타이틀 화면
keys-back = 키: Esc 뒤로

## 타이틀 화면과 메뉴
menu-new-game = 새 게임
menu-continue = 이어하기
menu-load-game = 불러오기
menu-run-class = 수업 진행하기
menu-class-running = 수업 { $code } (진행 중)
menu-resume-class = 수업 { $code } 다시 열기
menu-settings = 설정
menu-endings = 엔딩 모음
menu-quit = 끝내기
keys-title = 키: N, C, L, R, S, G, Q, 또는 Tab / 화살표와 Enter

## 새 게임
new-game-heading = 누구로 플레이할지 고르세요
new-game-presets = { $role }(으)로 이야기 중간에서 시작하기
keys-new-game = 키: 1-9 역할 선택 · Esc 뒤로

## 플레이
play-menu = 메뉴
play-history = 지난 이야기
play-undo = 되돌리기
play-nothing-to-undo = 아직 되돌릴 것이 없습니다
play-save = 저장
play-save-hint = 번호 붙은 칸에 저장 (F5: 빠른 저장)
play-load = 불러오기
play-load-hint = 저장한 게임 불러오기 (F9: 빠른 저장)
play-stats = 상태
play-show-all = 모두 보기
play-context = 배경
play-sources-count = 출처 ({ $count })
play-stuck = 이야기가 여기서 더 나아갈 수 없습니다. 되돌리거나 타이틀 화면으로 돌아가세요.
play-status-line = { $story } · { $role } · { $turn }번째 차례
keys-reveal = 클릭, Space 또는 Enter를 누르면 글 전체가 보입니다.
keys-play = 키: 1-9 선택 · U 되돌리기 · H 지난 이야기 · F5 빠른 저장 · F9 빠른 불러오기 · Esc 메뉴

## 일시 정지
pause-heading = 일시 정지
pause-resume = 계속하기
pause-save-game = 게임 저장

## 엔딩
ending-your-path = 당신이 걸어온 길
ending-path-step-chance = { $n }. { $choice } (우연: { $outcome })
ending-play-again = 다시 하기
ending-play-as = { $role }(으)로 하기
ending-undo = 마지막 선택 되돌리기
ending-save-transcript = 기록 저장
ending-the-end = 끝 · { $role }
keys-ending = 키: Tab 버튼 사이 이동, Enter 누르기 · U 되돌리기

## 지난 이야기
history-empty = 아직 아무 일도 일어나지 않았습니다.
history-you-chose = { $n }번을 골랐습니다. { $choice }
history-chance = 우연: { $what } ({ $total } 중 { $weight })
history-random-event = 우연한 사건 ({ $total } 중 { $weight })
history-ending = 엔딩: { $title }
keys-history = Esc 또는 H로 닫기 · 휠이나 화살표 키로 스크롤

## 출처
sources-heading = 출처
sources-none = 이 이야기는 인용한 출처가 없습니다.
sources-about = 배경 설명이 근거로 삼은 자료입니다. 설명 속 보도 내용은 이 자료에서 왔고, 나머지 이야기는 시나리오입니다.
sources-cited-in = 인용된 곳: { $scenes }
keys-sources = Esc 또는 O로 닫기

## 엔딩 모음
gallery-heading = 엔딩
gallery-found = { $story }: 엔딩 { $total }개 중 { $found }개 발견
gallery-reached-as = 도달한 역할: { $roles }
gallery-not-found = 아직 찾지 못한 엔딩 { $count }개

## 설정
settings-language = 언어
language-system = 시스템 언어
settings-text-size = 글자 크기
settings-theme = 테마
settings-text-speed = 글 나오는 속도
settings-display = 화면
settings-fullscreen = 전체 화면
settings-reduced-motion = 움직임 줄이기 (글 애니메이션과 페이드 없음)
settings-sample = 보기
settings-sample-text = 기차는 며칠이고 달린다. 명령에 따라 커튼은 내려져 있지만, 커튼에도 가장자리는 있다.
keys-settings = 키: Tab / 화살표 이동 · Space 또는 Enter 선택 · Esc 뒤로
size-small = 작게
size-medium = 보통
size-large = 크게
size-extra-large = 아주 크게
theme-dark = 어둡게
theme-light = 밝게
theme-high-contrast = 고대비
speed-slow = 느리게
speed-normal = 보통
speed-fast = 빠르게
speed-instant = 바로

## 터미널 플레이어
text-help = 선택지 번호를 입력하세요. `u` 되돌리기, `x` 기록 내보내기, `q` 끝내기.
text-presets = 중간 시작 (--preset ID): { $ids }
text-choose-role = 역할을 고르세요 (번호 또는 id):{" "}
text-no-role = `{ $role }` 역할은 없습니다.
text-source = 출처: { $source }
text-discuss = 토론: { $prompt }
text-for-discussion = 토론거리:
text-unavailable = 선택할 수 없음: { $reason }
text-transcript-written = 기록을 { $path }에 저장했습니다
text-transcript-failed = 기록을 저장하지 못했습니다: { $error }
text-undone = 되돌렸습니다
text-choices-start-at-1 = 선택지는 1번부터입니다.
text-stuck = 이야기가 여기서 멈췄습니다. 고를 수 있는 선택지가 없습니다. (이야기의 버그입니다. `aftermath explore`가 이런 곳과 그곳까지 가는 길을 찾아 줍니다. u로 되돌리거나 q로 끝내세요.)
text-playing = `{ $role }` 역할, 시드 { $seed } (같은 이야기를 다시 하려면 --seed { $seed }).
text-playing-preset = `{ $role }` 역할, 중간 시작 `{ $preset }`, 시드 { $seed } (다시 하려면 --preset { $preset } --seed { $seed }).

## 저장과 불러오기 화면
slots-load-heading = 게임 불러오기
slots-load-intro = 이어서 플레이할 저장을 고르세요. 자동 저장은 선택할 때마다 만들어지고, 플레이 중에 F5를 누르면 빠른 저장을 합니다.
slots-save-heading = 게임 저장
slots-save-intro = 이 플레이를 저장할 번호 칸을 고르세요. 저장된 칸에 덮어쓸 때는 먼저 물어봅니다.
slots-unavailable = 저장할 수 없습니다: { $reason }
slots-folder = 저장 파일 위치: { $folder }
slots-load = 불러오기
slots-save = 저장
slots-delete = 삭제
slots-autosave = 자동 저장
slots-quicksave = 빠른 저장
slots-slot = { $n }번 칸
slots-empty = 비어 있음
slots-unreadable = 읽을 수 없음
slots-other-version = 다른 버전의 이야기({ $version })로 만든 저장입니다. 불러오면 지금 버전으로 옮겨집니다
slots-ending = 엔딩: { $ending }
slots-played = 플레이 시간 { $time }
slots-time-under-a-minute = 1분 미만
slots-time-minutes = { $minutes }분
slots-time-hours = { $hours }시간 { $minutes }분
slots-delete-question = { $slot }을(를) 삭제할까요?
slots-yes-delete = 삭제
slots-delete-outcome = 파일이 완전히 삭제됩니다.
slots-overwrite-question = { $slot }에 덮어쓸까요?
slots-yes-overwrite = 덮어쓰기
slots-overwrite-outcome = 지금 플레이로 바뀝니다.
slots-holds = 저장된 내용: { $summary } ({ $saved } 저장).
slots-holds-unreadable = 읽을 수 없는 파일이 있습니다({ $reason }).
slots-cancel = 취소
keys-slots-load = 키: 1-9 번호 칸 불러오기 · A 자동 저장 · Q 빠른 저장 · Tab / Enter · Esc 뒤로
keys-slots-save = 키: 1-9 칸에 저장 · Tab / Enter · Esc 뒤로
keys-slots-confirm = 키: Enter 또는 Y 예 · Esc 또는 N 취소

## 알림: 저장, 불러오기, 기록
saves-slot-auto = 자동 저장 칸
saves-slot-quick = 빠른 저장 칸
saves-slot-named = { $n }번 칸
resume-no-saved-game = 아직 저장한 게임이 없습니다
notice-cannot-load = { $slot } 불러오기 실패: { $reason }
notice-load-failed = { $slot } 불러오기 실패: { $error }
notice-autosave-failed = 자동 저장하지 못했습니다: { $reason }
notice-nothing-to-save = 저장할 플레이가 없습니다.
notice-save-failed = { $slot }에 저장하지 못했습니다: { $error }
notice-nothing-to-export = 내보낼 플레이가 없습니다.
notice-no-transcript-folder = 기록을 저장할 데이터 폴더가 없습니다.
notice-transcript-failed = 기록을 저장하지 못했습니다: { $error }
notice-transcript-saved = 기록을 { $path }에 저장했습니다
status-saved = { $slot }에 저장했습니다.
status-loaded = { $slot }에서 불러왔습니다.
status-transcript-saved = 기록을 저장했습니다.

## 설정과 엔딩 모음 파일
settings-load-failed = 설정을 불러오지 못해 기본값을 사용합니다({ $error }). 설정을 바꾸면 파일을 새로 씁니다.
settings-save-failed = 설정을 저장하지 못했습니다: { $error }
settings-story-language-failed = 이야기의 언어를 바꾸지 못했습니다: { $error }
gallery-load-failed = 엔딩 모음을 불러오지 못해 빈 상태로 시작합니다({ $error }). 엔딩에 도달하면 파일을 새로 씁니다.
gallery-save-failed = 엔딩 모음을 저장하지 못했습니다: { $error }

## 고친 이야기 다시 불러오기 (폴더에서 연 이야기)
reload-watch-failed = 이야기 파일을 고쳐도 다시 불러오지 않습니다. { $folder } 폴더를 지켜볼 수 없습니다: { $error }
reload-thread-failed = 이야기 파일을 고쳐도 다시 불러오지 않습니다. 변경 감시를 시작할 수 없습니다: { $error }
reload-done = 이야기를 다시 불러왔습니다: { $what }.
reload-cannot-carry-over = 이전 버전으로 계속 플레이합니다({ $what }). 고친 이야기는 문제없이 불러와지지만, 이 플레이를 그 이야기에서 이어 갈 수 없습니다.
reload-restart-help = 고친 이야기를 플레이하려면 역할을 처음부터 다시 시작하세요.
reload-story-errors = 이야기에 오류가 있습니다({ $what }). 마지막으로 불러온 버전으로 계속 플레이합니다.
reload-folder-changed = 이야기 폴더 변경
reload-file-changed = { $file } 변경
reload-two-files-changed = { $first }, { $second } 변경
reload-files-changed = { $first } 외 파일 { $count }개 변경
diagnostics-help = 도움말: { $help }

## 창 제목과 예비 화면
window-title-bare = Aftermath
window-title = Aftermath — { $story }
window-title-class = { $title } — 수업 { $code }
draw-no-story = 플레이 중인 이야기가 없습니다.
draw-no-class = 이 창에서 진행하는 수업이 없습니다.

## 이야기 엔진 (이유가 적히지 않은 선택지)
choice-not-possible = 지금은 할 수 없음
