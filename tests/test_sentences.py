"""The sentence splitter: every rule of SENTENCES.md, fed whole, char by char and in random chunks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_async import RequestError, SentenceSplitter, split_sentences
from ollama_async._sentences import text_weight

# Each case: the sentences the default splitter must produce (joined = the input).
RULES: dict[str, list[str]] = {
    # 1. Chinese enders, and runs of them.
    "zh-enders": ["什么？！", "太危险了！！！", "离谱了吧？？？", "好的。", "走"],
    # 2. English enders and what is not one.
    "en-basic": ["Hello there. ", "How are you? ", "Great!"],
    "en-glued-han": ["返回 None.", "所以我们要检查。"],
    "en-halfwidth-in-zh": ["你好吗?", "我很好!", "谢谢"],
    "en-lowercase-next": ['"Stop!" he shouted. ', "Then he left."],
    "decimals-versions": ["Pi is 3.14 and v0.5.7 runs on 127.0.0.1 now. ", "Done."],
    "urls-emails-files": ["See example.com or mail a@b.co and open main.py to start. ", "Ok."],
    "titles": ["Ask Mr. Smith and Dr. Who. ", "They know."],
    "eg-ie-vs": ["Use a model, e.g. Llama, i.e. Meta's, vs. Qwen. ", "Fine."],
    "am-no-fig": ["We met at 10 a.m. on Monday. ", "See No. 5 and Fig. 3 below."],
    "phd-inc-jr": ["She has a Ph.D. in math. ", "Apple Inc. announced it. ", "King Jr. was there."],
    "initials": ["J. R. R. Tolkien wrote it. ", "J.K. Rowling did too."],
    "list-labels": ["1. 安装\n", "2. 运行\n", "Step 1. 打开终端\n", "Step 2. Run it."],
    "abbrev-ends": [
        "We sell pears, etc. ",
        "You don't need more. ",
        "He moved to the U.S. ",
        "It plans to grow. ",
        "Meet at 5 p.m. ",
        "Please come. ",
        "Acme Inc. ",
        "They're big. ",
        "No. ",
        "I don't think so.",
    ],
    "lowercase-start": ["This is supported. ", "macOS support is coming."],
    # 3. Attachments.
    "closing-quote": ["他说：“好。”", "然后走了。"],
    "closing-bracket": ["（这一步可以跳过。）", "接下来……"],
    "markdown-closer": ["**请务必备份数据。**", "否则会丢失。"],
    "emoji": ["太棒了！🎉 ", "你已经完成了。", "Happy coding! 🚀"],
    "emoji-zwj": ["Great job! 👩‍💻👍🏽 ", "Next."],
    "open-bracket-after-en": ["Good morning!（早上好！）", "Let's go."],
    # 4. Continuation.
    "continuation": ["有人喊‘救命！’，就赶紧跑。", "这个方法（强烈推荐！），可以用。"],
    # 5. Quotes.
    "quotes": ["老人说：“不要着急。", "路要一步一步走。”", "说完就走了。"],
    "quote-question": ["“你吃饭了吗？”", "他问。", "妈妈只回了一个字“好”。"],
    # 6. Ellipsis.
    "ellipsis-zh": ["嗯……这个问题有点复杂，让我想想。", "真的吗……？", "好"],
    "ellipsis-en": ["Well... I think… case. ", "I'm not sure... Let me check the docs. ", "Ok"],
    # 7. Newlines.
    "newlines": [
        "  标题\n\n",
        "- 项目一\n  ",
        "- 子项\n",
        "| a | b |\n",
        "> 引用\n",
        "问：你好吗？\n",
        "答：好。",
    ],
    "newline-en-lowercase": ["first line\n", "second line"],
    # 8. Code fences.
    "fence": ["示例：\n", "```python\nx = 1.5\nprint('a. b!')\n\n```\n", "之后。"],
    "fence-indented": ["Run:\n  ", "```sh\nmake check\n  ```\n\n", "Done."],
    "fence-open-at-end": ["代码：\n", "```\nprint('x')\n"],
    # 9. Not enders.
    "not-enders": ["第一；第二：第三——完了，早上好呀☀️\n", "今天"],
    # 10. No length limits.
    "short": ["哇！", "Yes. ", "No"],
    # 11. End of stream.
    "no-ender": ["a run-on reply without an end"],
}


def feed_chunks(chunks: list[str], **options: object) -> list[str]:
    splitter = SentenceSplitter(**options)  # type: ignore[arg-type]
    out: list[str] = []
    for chunk in chunks:
        out.extend(splitter.feed(chunk))
    return out + splitter.flush()


@pytest.mark.parametrize("name", RULES)
def test_rule_fed_whole_and_char_by_char(name: str) -> None:
    expected = RULES[name]
    text = "".join(expected)
    assert split_sentences(text) == expected
    assert feed_chunks(list(text)) == expected


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(RULES)), st.data())
def test_rule_in_random_chunkings(name: str, data: st.DataObject) -> None:
    text = "".join(RULES[name])
    cuts = sorted(data.draw(st.sets(st.integers(1, max(len(text) - 1, 1)), max_size=12)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert feed_chunks(chunks) == RULES[name]


PIECES = [
    *"ab AZ.?!。？！，,;:\n`“”\"'（）()…é你好🎉",
    "```",
    "\n```\n",
    "e.g.",
    "Mr.",
    "U.S.",
    "1. ",
    "3.14",
    "macOS",
    "It",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=30) | st.text(max_size=60).map(lambda t: [t]),
    st.data(),
)
def test_join_invariant_and_chunking_independence(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    whole = split_sentences(text)
    assert "".join(whole) == text
    assert all(whole)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert feed_chunks(chunks) == whole


def test_release_as_soon_as_the_end_is_certain() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("你好。") == []  # a closing quote could still follow
    assert splitter.feed("我") == ["你好。"]
    assert splitter.feed("很好！”") == []
    assert splitter.feed("\n") == []
    assert splitter.feed("Hello.") == ["我很好！”\n"]
    assert splitter.feed(" ") == []
    assert splitter.feed("W") == ["Hello. "]
    assert splitter.feed("e met at 5 p.m. ") == []
    assert splitter.feed("Please") == []  # is "p.m." the end? the next word decides
    assert splitter.feed(" ") == ["We met at 5 p.m. "]
    assert splitter.flush() == ["Please "]
    assert splitter.flush() == []


def test_reset_forgets_pending_text() -> None:
    splitter = SentenceSplitter()
    splitter.feed("half a sentence")
    splitter.reset()
    assert splitter.feed("New. ") == []
    assert splitter.flush() == ["New. "]


def test_weight_counts_cjk_double_and_ignores_spaces() -> None:
    assert text_weight("ab c") == 3
    assert text_weight("你好") == 4
    assert text_weight("你好，ok") == 8


def test_min_chars_merges_short_sentences() -> None:
    text = "哇！Yes. 好的。This one is long enough. End."
    assert split_sentences(text, min_chars=10) == [
        "哇！Yes. 好的。",
        "This one is long enough. ",
        "End.",
    ]
    code = "Ok.\n```\nx\n```\nNo."
    assert split_sentences(code, min_chars=50) == ["Ok.\n", "```\nx\n```\n", "No."]


def test_first_min_chars_cuts_the_first_sentence_early() -> None:
    text = "好的，我们先来看第一个问题，然后再看第二个。接着，继续。"
    assert split_sentences(text, first_min_chars=10) == [
        "好的，我们先来看第一个问题，",
        "然后再看第二个。",
        "接着，继续。",
    ]
    assert split_sentences("Well, 1,000 people came. Ok.", first_min_chars=3) == [
        "Well, ",
        "1,000 people came. ",
        "Ok.",
    ]


def test_max_chars_cuts_run_on_text() -> None:
    text = "one two three four, five six seven eight nine ten eleven"
    parts = split_sentences(text, max_chars=24)
    assert "".join(parts) == text
    assert parts[0] == "one two three four, "
    assert all(text_weight(part) <= 24 for part in parts)
    assert split_sentences("x" * 30, max_chars=10) == ["x" * 10, "x" * 10, "x" * 10]


def test_filters_for_tts() -> None:
    text = "## 标题\n- **重要**：看 [文档](https://x.y)。\n```\ncode\n```\n好的！🎉 Bye."
    assert split_sentences(text, strip_markdown=True, strip_emoji=True, skip_code=True) == [
        "标题\n",
        "重要：看 文档。\n",
        "好的！ ",
        "Bye.",
    ]


@pytest.mark.parametrize("option", ["min_chars", "first_min_chars", "max_chars"])
@pytest.mark.parametrize("value", [0, -1, 1.5, True, "3"])
def test_bad_option_values(option: str, value: object) -> None:
    with pytest.raises(RequestError, match=option):
        SentenceSplitter(**{option: value})  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=30),
    st.fixed_dictionaries(
        {},
        optional={
            "min_chars": st.integers(1, 30),
            "first_min_chars": st.integers(1, 30),
            "max_chars": st.integers(2, 30),
        },
    ),
    st.data(),
)
def test_options_keep_the_join_invariant(
    parts: list[str], options: dict[str, int], data: st.DataObject
) -> None:
    text = "".join(parts)
    whole = split_sentences(text, **options)
    assert "".join(whole) == text
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert feed_chunks(chunks, **options) == whole
