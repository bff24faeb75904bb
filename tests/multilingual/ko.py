"""Korean replies: sentence-final . after Hangul, dotted dates (2025. 3. 14.), quotes with 라고."""

LANGUAGE = "ko"

CASES: dict[str, list[str]] = {
    "prose-insa": [
        "안녕하세요! ",
        "Ollama 설치 방법을 알려드릴게요. ",
        "Ollama는 대규모 언어 모델을 내 컴퓨터에서 실행하는 도구입니다. ",
        "어떤 운영체제를 사용하시나요?",
    ],
    "ordinal-date": [
        "새 버전은 2025. 3. 14. 오후 2시에 공개됩니다. ",
        "업데이트는 자동으로 진행돼요.",
    ],
    "ordinal-date-weekday": [
        "회의는 2024. 11. 5.(화)에 열립니다. ",
        "장소는 본관 3층입니다. ",
        "늦지 마세요!",
    ],
    "ordinal-date-line": [
        "신청 기간: 2025. 1. 2. ~ 2025. 1. 31.\n",
        "발표일: 2025. 2. 14.\n",
        "문의는 이메일로 부탁드립니다.",
    ],
    "number-glued": [
        "현재 최신 버전은 0.6.2입니다. ",
        "이전 버전은 0.5.7이고요. ",
        "업데이트를 권장합니다.",
    ],
    "quotes-rago": [
        '그는 "내일 다시 올게."라고 말했다. ',
        "하지만 다음 날 그는 오지 않았다. ",
        "동생은 “정말 올까?”라며 고개를 저었다.",
    ],
    "quotes-then-new": [
        "선생님이 말씀하셨다. ",
        "“오늘은 여기까지 하자.” ",
        "학생들은 환호했다.",
    ],
    "number-decimals": [
        "버전 0.5.7에서는 속도가 약 1.5배 빨라졌습니다. ",
        "제 노트북에서는 초당 42.3토큰이 나왔어요. ",
        "꽤 빠르죠?",
    ],
    "list-steps": [
        "설치 순서는 다음과 같습니다.\n\n",
        "1. https://ollama.com 에서 설치 파일을 내려받습니다.\n",
        "2. 터미널에서 `ollama pull llama3.2`를 실행합니다.\n",
        "3. `ollama run llama3.2`로 대화를 시작합니다.\n\n",
        "끝! ",
        "궁금한 점이 있으면 물어보세요.",
    ],
    "code-fence": [
        "Python 예제입니다.\n\n",
        '```python\nimport ollama\nprint(ollama.generate(model="llama3.2", prompt="안녕?")["response"])\n```\n\n',
        "`generate()` 함수는 응답 전체를 돌려줍니다. ",
        "스트리밍도 가능해요.",
    ],
    "ellipsis-pause": [
        "음... 어려운 질문이네요. ",
        "메모리가 부족한 것 같아요… 더 작은 모델을 써 보세요. ",
        "해결됐나요?",
    ],
    "terminal-runs": [
        "정말요?! ",
        "벌써 다 됐다고요?? ",
        "대단해요!!!",
    ],
    "switch-latin-terms": [
        "Dr. Kim의 연구팀은 Samsung Electronics Co., Ltd.와 협력했습니다. ",
        "결과는 arXiv에 공개됐어요. ",
        "비교 항목은 모델 크기, 속도 등입니다.",
    ],
    "brackets-sentence-inside": [
        "GPU가 없어도 됩니다(다만 속도는 느려요.) ",
        "RAM은 8GB 이상이면 충분합니다.",
    ],
    "emoji-after-end": [
        "성공했어요! 🎉 ",
        "축하드려요. ",
        "다음엔 뭘 해 볼까요? 😊",
    ],
    "abbrev-company": [
        "이 제품은 (주)한빛소프트가 만들었습니다. ",
        "본사는 서울시 강남구에 있어요. ",
        "약 2.3만 명이 사용 중입니다.",
    ],
    "quotes-hago": [
        "“좋아요!” 하고 그녀가 웃었다. ",
        "모두 따라 웃었다.",
    ],
    "ordinal-date-glued": [
        "접수는 2025. 4. 30.까지입니다. ",
        "늦으면 받지 않아요.",
    ],
    "ordinal-date-start": [
        "2024. 12. 3. 밤, 갑자기 공지가 올라왔다. ",
        "다들 놀랐다.",
    ],
    "ellipsis-double": [
        "글쎄요…… 잘 모르겠어요. ",
        "다시 확인해 볼게요.",
    ],
    "number-percent": [
        "성능이 약 12.5% 향상됐습니다. ",
        "메모리 사용량은 3.2GB로 줄었어요.",
    ],
    "switch-english-sentence": [
        "에러 메시지는 다음과 같아요: Connection refused. ",
        "서버가 꺼져 있다는 뜻이에요.",
    ],
    "ordinal-date-weekday-time": [
        "행사는 2025. 5. 5.(월) 오전 10시에 시작합니다. ",
        "참가비는 무료예요. ",
        "많이 와 주세요!",
    ],
    "quotes-rago-exclamation": ["아이가 “배고파요!”라고 외쳤다. ", "엄마는 웃으며 밥을 차렸다."],
    "ordinal-date-buteo-kkaji": [
        "계약 기간은 2025. 1. 1.부터 2025. 12. 31.까지입니다. ",
        "연장은 가능해요.",
    ],
}
