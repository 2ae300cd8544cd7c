# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Korean request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "이 문제 어떻게 풀어요?\n\n{task}",
        "{task}\n풀이 과정도 보여 주세요.",
    ),
    "math_program": (
        "이 문장제를 푸는 {pl} 함수를 짜 주세요. 나중에 숫자를 바꿔 보려고요.\n\n{task}",
        "{task}\n\n답만 말고 계산하는 {pl} 코드를 주세요.",
    ),
    "code_complete": (
        "{code}",
        "이 함수 본문 좀 채워 줄래요?\n\n```\n{code}\n```",
        "```\n{code}\n```\n구현 부탁해요",
    ),
    "code_tests": (
        "이 함수에 대한 단위 테스트를 작성해 주세요. 경계 케이스도 포함해서요.\n\n```\n{code}\n```",
        "{code}\n\n여기에 어떤 테스트 케이스를 넣어야 할까요? 코드로 주세요",
    ),
    "code_explain": (
        "이 함수는 뭘 하려는 건가요? 설명해 주세요.\n\n```\n{code}\n```",
        "{code}\n\n이 프로젝트 처음 보는데 이 부분 좀 풀어서 설명해 줘",
    ),
    "algo_then_code": (
        "코드 쓰기 전에 어떤 방법이 제일 빠른지, 왜 그런지 먼저 생각하고 구현해 주세요.\n\n{code}",
        "{code}\n\n먼저 알고리즘과 복잡도를 설명하고, 그다음 코드를 주세요.",
    ),
    "code_instruction": (
        "{task}",
        "이거 구현해 줄 수 있어요? {task}",
    ),
    "debug_crash": (
        "왜 이 예외가 나죠?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "`{call}` 실행하면 이렇게 나와요:\n{error}\n\n코드:\n```\n{code}\n```\n뭘 놓친 걸까요?",
    ),
    "debug_crash_line": (
        "왜 여기서 {error} 가 발생하나요? {line}",
        "이 줄에서 `{error}` 에러가 나요:\n{line}\n뭐가 문제인가요?",
    ),
    "debug_wrong": (
        "`{call}` 이 {actual} 을 반환하는데 저는 {expected} 를 기대했어요. 왜 그럴까요?\n\n```\n{code}\n```",
        "{code}\n\n{call} 하면 {actual} 나옴, {expected} 여야 함",
        "이것 좀 봐 줄래요? {call} 결과가 {expected} 가 아니라 {actual} 이에요.\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` 이 끝나지를 않아요. 왜죠?\n\n```\n{code}\n```",
        "{code}\n\n{call} 에서 계속 멈춰 있어요. 짐작 가는 거 있어요?",
    ),
    "debug_expect": (
        "`{call}` 은 {expected} 가 나와야 하는데 안 나와요.\n\n```\n{code}\n```",
        "{code}\n\n{call} 기대값은 {expected}. 안 맞아서 봐 주세요",
    ),
    "debug_vague": (
        "어딘가 미묘하게 잘못됐는데 못 찾겠어요.\n\n```\n{code}\n```",
        "{code}\n\n어떤 입력에서는 테스트가 실패해요. 문제가 어디죠?",
    ),
    "debug_problem": (
        "이 문제를 풀고 있어요:\n{problem}\n\n제 풀이가 통과를 못 해요:\n```\n{code}\n```",
        "{code}\n\n아래 문제에 대한 코드인데 제출하면 틀렸다고 나와요.\n{problem}",
        "이것 좀 봐 줄래요? {problem}\n\n예시:\n{example}\n\n제 코드:\n{code}",
    ),
    "debug_explain": (
        "이 문제 풀이가 오답 처리됐어요. 왜 틀렸는지 설명하고, 고치고, 고친 버전의 시간 복잡도도 알려 주세요.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\n이 코드가 실제로 뭘 하는지 한 단계씩 따라가면서 잘못된 곳을 찾아 고쳐 주세요.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(사용 가능한 도구: {tools})",
        "연결된 도구: {tools}\n\n{task}",
        "{task}\n\n호출 가능: {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "이 API로 다음 작업을 하는 {pl} 코드를 작성해 주세요: {task}\n\nAPI: {tools}",
        "쓸 수 있는 함수는 {tools} 예요. 이걸 호출해서 '{task}' 하는 {pl} 코드 주세요",
    ),
    "tool_fix_call": (
        "하려던 것: {task}\n`{call}` 을 호출했더니:\n{error}\n호출이 뭐가 잘못됐나요? 제대로 다시 호출해 주세요.\n\n도구: {tools}",
        "{error}\n\n`{call}` 에서 나온 거예요. 목표: {task}. 사용 가능: {tools}",
    ),
    "question": (
        "{task}",
        "간단한 질문이요: {task}",
        "혹시 이거 알아요? {task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "{a}랑 {b} 차이가 뭐야?",
        "{a} vs {b}, 언제 뭘 써야 해?",
    ),
    "ask_code": (
        "이거 좀 짜 줄 수 있어? {task}",
        "{task} 부탁해요",
        "이거 코드가 필요해요: {task}",
        "{file}에서: {task}",
    ),
    "ask_code_think": (
        "{task}\n먼저 어떤 접근이 제일 좋은지 이유까지 생각하고 나서 구현해 줘",
        "코드 쓰기 전에 복잡도부터 따져 봐 주세요. {task}",
        "이걸 효율적으로 풀려면 어떻게 해? {task}",
    ),
    "ask_snippet": (
        "이거 하는 원라이너 줘: {task}",
        "이거 셸 명령어로 어떻게 해? {task}",
        "{task} -- bash 한 줄로?",
    ),
    "ask_run": (
        "이 레포에서 이것 좀 해 줄래? {task}",
        "{task}. 직접 실행해 보고 결과 알려 줘",
        "터미널에서 실행해 주세요: {task}",
    ),
    "ask_sql": (
        "이거 SQL로 써 줘: {task}",
        "SQL 쿼리 부탁: {task}",
    ),
    "ask_db": (
        "우리 DB에서 이것 좀 돌려 줄래? {task}",
        "{task} (개발 DB에 접속해서 해 줘)",
    ),
    "ask_tool": (
        "이것 좀 찾아봐 줄래? {task}",
        "{task} 쓸 수 있는 도구는 다 써도 돼",
        "이것 좀 대신 처리해 줄 수 있어요? {task}",
    ),
    "ask_debug": (
        "이게 뜨는데 짚이는 거 있어? {task}",
        "도와줘, 고장 났어: {task}",
        "{task}\n\n원인이 뭐고 어떻게 고쳐?",
        "{file}에서: {task}",
    ),
    "paste_explain": (
        "이거 뭐 하는 코드야?\n\n```\n{code}\n```",
        "{code}\n\n이거 설명해 줘",
        "한 줄씩 설명해 줄 수 있어요?\n{code}",
    ),
    "paste_edit": (
        "여기에 docstring 달아 줘\n\n```\n{code}\n```",
        "{code}\n\n변수 이름 읽기 쉽게 바꿔 줘",
        "이거 보기 좋게 정리하고 맨 위에 주석 하나 달아 줄래?\n{code}",
    ),
    "followup": (
        "오케이 고마워. 이제 {task}",
        "그리고 {task}",
        "됐다. 다음: {task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "고마워, 됐어!",
        "오케이 좋아",
        "안녕, 잘 지내?",
        "됐어, 내가 알아냈어",
        "완벽해, 정말 고마워",
    ),
    "concept": (
        "리스트랑 튜플 차이가 뭐야?",
        "REST API가 뭐야?",
        "git merge랑 git rebase 차이가 뭐야?",
        "파이썬은 컴파일 언어야 인터프리터 언어야?",
        "CI가 무슨 뜻이야?",
    ),
    "reason": (
        "퀵정렬이 평균적으로는 O(n log n)인데 최악의 경우 O(n^2)인 이유가 뭐야? 단계별로 추론해 줘.",
        "서비스 세 개가 실패하면 각각 세 번씩 재시도해. 마지막 서비스가 죽어 있으면 총 몇 번의 요청이 거기에 도달해? 잘 생각해 봐.",
        "뮤텍스가 하나뿐이어도 교착 상태가 생길 수 있어? 꼼꼼하게 논증해 줘.",
        "두 서비스 사이에 메시지 큐를 쓸지 직접 HTTP 호출을 할지 고민 중이야. 장단점을 따져 보고 하나 추천해 줘.",
        "이걸 TTL 5분으로 캐시하는데 쓰기가 매초 일어나면 사용자가 어떤 일관성 문제를 보게 될까? 잘 생각해 봐.",
        "이 알고리즘이 음수에도 맞아? 증명하거나 반례를 들어 줘.",
    ),
    "act": (
        "CI 좀 확인해 줘",
        "테스트 돌려 보고 뭐가 실패하는지 알려 줄래?",
        "웹에서 React 최신 릴리스 노트를 찾아서 링크와 함께 요약해 줘",
        "이 변경 사항으로 PR 열어 줘",
        "의존성 설치하고 개발 서버 띄워 줘",
        "이 코드베이스에서 parse_config는 어디에 정의돼 있어?",
        "레포에서 UserService 쓰는 곳 전부 찾아 줘",
        "마지막 커밋에서 뭐가 바뀌었어?",
        "프로젝트 전체에 린터 돌리고 경고 목록 뽑아 줘",
        "pandas read_csv 최신 옵션을 문서에서 찾아보고 잘못된 줄을 건너뛰는 게 뭔지 알려 줘",
    ),
}
