"""The sentence splitter: every rule of SENTENCES.md, fed whole, char by char and in random chunks."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_async import RequestError, SentenceSplitter, sentences, split_sentences
from ollama_async._sentences import FAST_FIRST_MIN_CHARS, text_weight

# Each case: the sentences the default splitter must produce; joined, they are the input.
# The name starts with the number of the rule in SENTENCES.md.
RULES: dict[str, list[str]] = {
    # 1. Chinese enders always end a sentence; a run of them is one ender.
    "1-zh-enders": ["什么？！", "太危险了！！！", "离谱了吧？？？", "好的。", "走"],
    "1-zh-before-latin": ["你好。", "hello world。", "OK"],
    "1-zh-full-stops-run": ["完了。。。", "走吧"],
    "1-mixed-run": ["真的?！", "是的!!", "好"],
    # 2. English enders, and what is not one.
    "2-en-basic": ["Hello there. ", "How are you? ", "Great!"],
    "2-en-glued-han": ["返回 None.", "所以我们要检查。"],
    "2-en-halfwidth-in-zh": ["你好吗?", "我很好!", "谢谢"],
    "2-en-halfwidth-space-zh": ["你好吗? ", "我很好! ", "谢谢"],
    "2-en-lowercase-next": ['"Stop!" he shouted. ', "Then he left."],
    "2-en-question-lowercase": ["Really? yes, really. ", "Ok."],
    "2-no-space-no-end": ['"Stop!"He left. ', "Ok."],
    "2-decimals-versions": ["Pi is 3.14 and v0.5.7 runs on 127.0.0.1 now. ", "Done."],
    "2-urls-emails-files": [
        "See https://ollama.com/library or mail a@b.co and open main.py to start. ",
        "Ok.",
    ],
    "2-inline-code-dot": ["Call `obj.method()` and `x.y` here. ", "Then stop."],
    "2-digit-after-end": ["It costs 5. ", "3 people came."],
    "2-titles": ["Ask Mr. Smith and Dr. Who. ", "They know."],
    "2-title-before-han": ["请联系 Dr. 王医生。", "好"],
    "2-eg-ie-vs": ["Use a model, e.g. Llama, i.e. Meta's, vs. Qwen. ", "Fine."],
    "2-eg-before-lowercase-camel": ["It runs everywhere, e.g. macOS and Linux. ", "Ok."],
    "2-am-no-fig": ["We met at 10 a.m. on Monday. ", "See No. 5 and Fig. 3 below."],
    "2-phd-inc-jr": [
        "She has a Ph.D. in math. ",
        "Apple Inc. announced it. ",
        "Martin Luther King Jr. was there.",
    ],
    "2-abbrev-before-name": ["The U.S. Army and Acme Inc. Labs agree. ", "St. Louis too."],
    "2-abbrev-glued-han": ["他在U.S.工作，e.g.北京。", "好"],
    "2-abbrev-before-han": ["Mr. Smith 的团队在 Apple Inc. 的芯片上测试过。", "好"],
    "2-word-before-han": ["返回 None. ", "所以要检查。"],
    "2-initials": ["J. R. R. Tolkien wrote it. ", "J.K. Rowling did too."],
    "2-initial-ends": ["We chose plan B. ", "It works."],
    "2-list-labels": ["1. 安装\n", "2. 运行\n", "Step 1. 打开终端\n", "Step 2. Run it."],
    "2-list-labels-en": ["1. Install it.\n", "2. Run it.\n", "A. The first option\n", "B. Next"],
    "2-inline-list-label": ["Do this first. ", "2. Then run it."],
    "2-abbrev-ends": [
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
    "2-etc-before-capital": ["Apples, pears, etc. ", "Lemons are sour."],
    "2-no-answer": ["No. ", "Llama is bigger."],
    "2-lowercase-start": ["This is supported. ", "macOS support is coming."],
    "2-lowercase-start-known": [
        "Use the installer. ",
        "iPhone users like it. ",
        "npm works too. ",
        "Ok.",
    ],
    "2-lowercase-start-mixed": ["支持 Windows. ", "macOS 也支持。"],
    # 3. Attachments: closers, emoji, spaces, then all whitespace.
    "3-closing-quote": ["他说：“好。”", "然后走了。"],
    "3-closing-bracket": ["（这一步可以跳过。）", "接下来……"],
    "3-markdown-closer": ["**请务必备份数据。**", "否则会丢失。"],
    "3-markdown-closer-en": ["**Back up your data.** ", "Then upgrade."],
    "3-emoji": ["太棒了！🎉 ", "你已经完成了。", "Happy coding! 🚀"],
    "3-emoji-zwj-skin": ["Great job! 👩‍💻👍🏽 ", "Next.", "好的！❤️\n", "再见"],
    "3-whitespace-newlines": ["好。”  \n\n", "下一段。"],
    "3-open-bracket-after-en": ["Good morning!（早上好！）", "Let's go."],
    "3-opening-after-space": ["Done. ", "**Note:** it works. ", '"Next," he said.'],
    "3-en-quote-space": ['He said "Go." ', "Then he left."],
    # 4. Continuation punctuation after the attachments cancels the end.
    "4-continuation": ["有人喊‘救命！’，就赶紧跑。", "这个方法（强烈推荐！），可以用。"],
    "4-continuation-en": ['He yelled "Help!", and ran. ', "Ok."],
    "4-ender-after-closer": ["他说“好！”。", "走吧"],
    # 5. Quotes: enders inside them split like anywhere else.
    "5-quotes": ["老人说：“不要着急。", "路要一步一步走。”", "说完就走了。"],
    "5-quote-question": ["“你吃饭了吗？”", "他问。", "妈妈只回了一个字“好”。"],
    # 6. Ellipses are pauses.
    "6-ellipsis-zh": ["嗯……这个问题有点复杂，让我想想。", "真的吗……？", "好"],
    "6-ellipsis-en": [
        "Well... I think… case. ",
        "I'm not sure... Let me check the documentation. ",
        "Ok",
    ],
    "6-ellipsis-newline": ["嗯……\n", "好吧"],
    # 7. Every newline outside a code fence ends the unit.
    "7-newlines": [
        "  标题\n\n",
        "- 项目一\n  ",
        "- 子项\n",
        "| a | b |\n",
        "> 引用\n",
        "问：你好吗？\n",
        "答：好。",
    ],
    "7-leading-newlines": ["\n\n 你好。", "再见\n", "end"],
    "7-en-lowercase-line": ["first line\n", "second line"],
    "7-abbrev-newline": ["See Mr.\n", "Smith"],
    "7-crlf": ["第一行\r\n", "第二行"],
    "7-poem": ["床前明月光，\n", "疑是地上霜。\n", "举头望明月，\n", "低头思故乡。"],
    # 8. Code fences are one unit.
    "8-fence": ["示例：\n", "```python\nx = 1.5\nprint('a. b!')\n\n```\n", "之后。"],
    "8-fence-indented": ["Run:\n  ", "```sh\nmake check\n  ```\n\n", "Done."],
    "8-fence-at-start": ["  ```\ncode\n```\n", "好"],
    "8-fence-open-at-end": ["代码：\n", "```\nprint('x')\n"],
    "8-fence-inner-info-line": ["````md\n```js\nx\n```\n````\n", "ok"],
    "8-fence-info-line-inside": ["```\n```js\nx\n```\n", "ok"],
    "8-fence-not-at-line-start": ["Use ```code``` here. ", "Ok."],
    "8-fence-empty": ["```\n```\n", "Next."],
    # 9. Not enders.
    "9-not-enders": ["第一；第二：第三——完了，早上好呀☀️\n", "今天"],
    # 10. No length limits.
    "10-short": ["哇！", "Yes. ", "No"],
    "10-run-on": ["and then " * 50],
    # 11. End of stream.
    "11-no-ender": ["a run-on reply without an end"],
    "11-ender-at-end": ["句子。", "最后一句！"],
    "11-spaces-at-end": ["Bye. \n "],
    "11-abbrev-at-end": ["Meet at 5 p.m. ", "Please"],
}

# The rules behind the lists: cases no list names, fed whole, char by char and in chunks.
GENERALISED: dict[str, list[str]] = {
    # A time followed by any capitalised word ends the sentence, unless the word continues the time.
    "time-then-capital": ["The shop opens at 9 a.m. ", "Parking is free."],
    "time-then-capital-pm": ["Doors close at 5 p.m. ", "Visitors must leave by then."],
    "time-then-day": ["We open at 9 a.m. Monday to Friday. ", "Ok."],
    "time-then-zone": ["The call is at 3 p.m. Eastern time. ", "Ok."],
    "time-then-zone-abbreviation": ["Meet at 5 p.m. EST on Friday. ", "Ok."],
    # An unknown short capitalised token before a capitalised name is a title.
    "title-before-name": ["The bill passed and Gov. Newsom agreed. ", "Sen. Warren spoke."],
    "title-before-name-2": ["Cpl. Jones arrived. ", "Det. Smith left with Amb. Rice."],
    "title-before-opener": ["Ask the Gov. ", "It is his call."],
    "short-word-not-title": ["Try Go. ", "Rust is fine too. ", "Yes. ", "No."],
    "title-needs-a-name": ["We use Git. ", "GitHub hosts it. ", "Try Bun. ", "API docs help."],
    # An abbreviation followed by CJK ends the sentence unless a particle attaches it.
    "abbrev-before-cjk-ends": ["这家公司叫 Example Corp. ", "总部在上海。"],
    "abbrev-before-cjk-ends-2": ["他们搬到了 U.S. ", "然后开始创业。"],
    "abbrev-before-cjk-particle": ["Acme Ltd. 和 Apple Inc. 的合作很顺利。", "好"],
    "abbrev-subject-before-cjk": ["Apple Inc. 宣布了新产品。", "Microsoft Corp. 推出了新芯片。"],
    # Think tags never make a unit of their own.
    "think-tags": ["<think>\n\nOkay, let me see.\n", "</think>\n\nHello. ", "Bye."],
    "think-tags-after-ender": ["<think>嗯。", "</think>\n\n你好！"],
    "think-tags-empty-block": ["<think>\n\n</think>\n\nHello. ", "Bye."],
}


@pytest.mark.parametrize("name", GENERALISED)
def test_generalised_rules(name: str) -> None:
    expected = GENERALISED[name]
    text = "".join(expected)
    assert split_sentences(text) == expected
    assert feed_chunks(list(text)) == expected
    assert feed_chunks([text[i : i + 3] for i in range(0, len(text), 3)]) == expected


# Every language Ollama's users speak, without a language hint (docs/sentences.md, "Other
# languages"): each case is one class of rule, fed whole, char by char and in chunks.
WORLD: dict[str, list[str]] = {
    # Terminals of other scripts (UAX #29): danda, Arabic "؟", Urdu, Armenian, Ethiopic, Burmese.
    "terminal-danda": ["नमस्ते। ", "आप कैसे हैं? ", "मैं ठीक हूँ॥ ", "धन्यवाद।"],
    "terminal-danda-glued": ["यह अच्छा है।", "अब चलें।"],
    "terminal-arabic": ["هل أنت بخير؟ ", "نعم، أنا بخير. ", "شكرا!"],
    "terminal-arabic-comma-semicolon": ["قال د. أحمد، وهو طبيب؛ إن الأمر بسيط. ", "حسنا."],
    "terminal-urdu": ["یہ اچھا ہے۔ ", "چلو۔"],
    "terminal-armenian": ["Բարեւ։ ", "Ինչպե՞ս ես։"],
    "terminal-ethiopic": ["ሰላም ነው። ", "እንዴት ነህ፧"],
    "terminal-burmese": ["မင်္ဂလာပါ။ ", "နေကောင်းလား။"],
    "terminal-full-width": ["本当？", "はい！", "終わり．", "次は３．１４です。"],
    "terminal-greek-question": ["Τι κάνεις; ", "Καλά, ευχαριστώ; όχι; ", "Ναι."],
    "terminal-semicolon-elsewhere": ["First; then second. ", "Ok."],
    # Abbreviations inside a sentence, in several parts, by language.
    "abbrev-de": ["Wir essen z. B. Äpfel, d. h. Obst, u. a. Birnen bzw. Trauben. ", "Gut."],
    "abbrev-de-labels": ["Siehe Nr. 5 auf S. 12 in der Goethestr. 15. ", "Danke."],
    "abbrev-de-titles": ["Prof. Dr. Müller hat recht. ", "Im 19. Jh. wurde sie gegründet."],
    "abbrev-de-era": ["Augustus regierte von 27 v. Chr. bis 14 n. Chr. ", "Dann kam Tiberius."],
    "abbrev-es": ["La Sra. García vive en EE. UU. desde hace años, p. ej. en Texas. ", "Bien."],
    "abbrev-es-numbers": ["Está en la pág. 5, núm. 3. ", "La Dra. López lo confirmó."],
    "abbrev-pt": ["A Dra. Silva, p. ex., mora na Av. Paulista, nº 10. ", "Ótimo."],
    "abbrev-fr": ["M. Dupont et Mme Martin, c.-à-d. les voisins, arrivent env. 10 h. ", "Bien."],
    "abbrev-fr-era": ["César mourut en 44 av. J.-C. ", "Les Romains pleurèrent."],
    "abbrev-it": ["Il sig. Rossi e il dott. Bianchi, vedi pag. 5, n. 3. ", "Bene."],
    "abbrev-it-two-words": ["Usa un modello, ad es. Llama, per iniziare. ", "Così è. ", "Poi."],
    "abbrev-ru": ["Это, т. е. проект, описан на стр. 7. ", "Музей им. Пушкина на ул. Волхонка."],
    "abbrev-ru-glued": ["Это т.е. пример. ", "Далее идём."],
    "abbrev-vi": ["TS. Nguyễn Văn A sống ở TP. Hồ Chí Minh. ", "GS. Trần đã đến."],
    "abbrev-tr": ["Örn. Prof. Dr. Yılmaz, Atatürk Cad. No. 12'de oturuyor. ", "Tamam."],
    "abbrev-hi": ["डॉ. शर्मा ने कहा कि यह रु. 2 का है। ", "ठीक है।"],
    "abbrev-ar": ["قال د. أحمد إن الأمر بسيط. ", "حسنا."],
    # The reverse: a sentence that ends with an abbreviation ends there.
    "abbrev-ends-de": ["Wir kaufen Äpfel, Birnen usw. ", "Trauben sind teuer."],
    "abbrev-ends-ru": ["Это яблоки, груши и т. д. ", "Потом мы ушли."],
    "abbrev-ends-es": ["Trabajo en EE. UU. ", "La empresa crece."],
    "abbrev-ends-it-fr-pt": ["Usiamo Go ecc. ", "Funziona. ", "On utilise Go, etc. ", "Bien."],
    "abbrev-ends-vi-tr": ["Táo, lê, v.v. ", "Sau đó ông đi. ", "Elma, armut vb. ", "Bunlar iyi."],
    "abbrev-ends-year": [
        "В 1812 г. Наполеон вторгся в Россию. ",
        "Москва основана в 1147 г. ",
        "Сегодня это столица.",
    ],
    "abbrev-ends-verb-hi": ["यह अच्छा है. ", "अब चलें. ", "फिर देखें."],
    # Ordinals with a dot, and a number that ends a sentence.
    "ordinal-de": ["Am 9. November, nach dem 1. Weltkrieg, zum 2. Mal. ", "Gut."],
    "ordinal-de-ends": [
        "Er kam auf Rang 2. ",
        "Danach ging er. ",
        "Das steht auf S. 40. ",
        "Dort.",
    ],
    "ordinal-tr": ["18. yüzyıl ve 5. madde önemlidir. ", "Evet."],
    "ordinal-before-counted-noun": ["Atatürk 1. Dünya Savaşı'nda savaştı, 3. Selim de. ", "Evet."],
    "ordinal-ends": ["Die Nr. 10. ", "Ótimo. ", "Das war 2024. ", "Llama kam."],
    "ordinal-ko-date": ["회의는 2025. 3. 14. 오후에 열립니다. ", "참석하세요."],
    "ordinal-ko-range": ["기간: 2025. 1. 2. ~ 2025. 1. 31.\n", "신청하세요."],
    "ordinal-ko-number-ends": ["포트를 바꾸세요, e.g. 11435. ", "그러면 돼요."],
    # Initials in other scripts.
    "initials-cyrillic": ["Л. Н. Толстой и Ф. М. Достоевский жили в XIX в. ", "Они писали."],
    "initials-cyrillic-end": ["Автор — Толстой Л. Н. ", "Другие авторы позже."],
    "initials-devanagari": ["ए. पी. जे. अब्दुल कलाम राष्ट्रपति थे। ", "एम. एस. धोनी ने कहा।"],
    # Quote conventions.
    "quotes-fr": ["« Tu viens ? » demanda-t-il. ", "« Oui ! » s'écria-t-elle. ", "Puis rien."],
    "quotes-fr-ends": ["Il a dit : « Je viens. » ", "Puis il est parti."],
    "quotes-de": ["„Komm mit!“ ", "Er lief weg. ", "»Wie geht's?«, fragte sie. ", "»Gut.« ", "Ja."],
    "quotes-guillemets": ["«Ci vediamo domani!» ", "Lui annuì. ", "«Vieni?» chiese lei."],
    "quotes-ja": [
        "「本当ですか？」と彼は聞いた。",
        "「はい。」って言った。",
        "彼は「はい。」",
        "帰った。",
    ],
    "quotes-ko": ['그는 "정말?"이라고 물었다. ', "나는 웃었다."],
    "quotes-zh-unchanged": ["“你吃饭了吗？”", "他问。"],
    # Dialogue dashes: the narrator's tag goes on.
    "dash-es": ["—¿Comes con nosotros? —dijo Ana. ", "—No, gracias."],
    "dash-pt-ru": ["— Já chegou? — disse o pai. ", "— Ты придёшь? — спросила она. ", "— Да."],
    "dash-en": ["Really? ", "— I doubt it."],
    # Spanish inverted marks open a sentence, even after an ellipsis.
    "inverted-after-ellipsis": ["Bueno... ", "¿qué hacemos? ", "Pues… ", "¿Y tú?"],
    "inverted-glued": ["Pues…", "¿y tú? ", "¿Sí?", "¿No? ", "¡Vamos!"],
    "inverted-after-comma": ["Si quieres, ¿vienes? ", "Bueno... vale."],
    # Era markers, units after a number, initials before a name, labels.
    "era-ends-before-capital": [
        "Nació en el año 100 a. C. en Roma y murió en el 44 a. C. ",
        "Su sobrino.",
    ],
    "era-ends-ru": ["Рим основан в 753 г. до н. э. ", "Город рос."],
    "unit-after-number": ["On arrive à 10 h. ", "Bien."],
    "lone-letter-before-capital": [
        "Press q. ",
        "Then exit. ",
        "Il est né au XVIIIe s. ",
        "Sa vie.",
    ],
    "initials-before-name": ["Le roman a été écrit par J.-M. G. Le Clézio. ", "Il est beau."],
    "dotted-label": ["L’art. 5 del D.Lgs. 196/2003 è stato abrogato. ", "Bene."],
    "list-label-other-languages": ["Schritt 1. Öffne das Terminal.\n", "Paso 2. Descarga Ollama."],
    "quotes-fr-no-break-spaces": ["Il a dit\xa0: «\xa0Bonjour\xa0!\xa0» ", "Puis il est parti."],
    "quotes-ko-verb": ["“좋아요!” 하고 그녀가 웃었다. ", "“정말?” ", "그래요."],
    # English where no other language is involved: as before these rules.
    "english-as-before": [
        "He moved to the U.S. ",
        "3 years ago it grew. ",
        "It works. ",
        "— the docs say so. ",
        "It came in 2024. ",
        "3 people tried it. ",
        "Ask 5 Gov. Sen. Warren. ",
        "Done 1. ",
        "J. R. R. Tolkien wrote it.",
    ],
    # A language switch mid-reply.
    "switch": ["Das Modell heißt Llama. ", "It runs locally. ", "これはテストです。", "Sehr gut!"],
}


@pytest.mark.parametrize("name", WORLD)
def test_every_language(name: str) -> None:
    expected = WORLD[name]
    text = "".join(expected)
    assert split_sentences(text) == expected
    assert feed_chunks(list(text)) == expected
    assert feed_chunks([text[i : i + 3] for i in range(0, len(text), 3)]) == expected


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(WORLD)), st.data())
def test_every_language_in_random_chunkings(name: str, data: st.DataObject) -> None:
    text = "".join(WORLD[name])
    cuts = data.draw(st.lists(st.integers(1, max(len(text) - 1, 1)), max_size=20))
    assert feed_chunks(chunked(text, cuts)) == WORLD[name]


def test_a_language_hint_only_sharpens() -> None:
    text = "Alınacaklar: un, şeker, yağ vs. Hepsi mutfakta. Tamam."
    # Without a hint "vs." is English versus, which never ends a sentence.
    assert split_sentences(text) == ["Alınacaklar: un, şeker, yağ vs. Hepsi mutfakta. ", "Tamam."]
    hinted = ["Alınacaklar: un, şeker, yağ vs. ", "Hepsi mutfakta. ", "Tamam."]
    assert split_sentences(text, language="tr") == hinted
    assert split_sentences(text, language="tr-TR") == hinted
    assert feed_chunks(list(text), language="TR") == hinted
    # A name still follows it, and the other languages' rules still hold.
    assert split_sentences("Llama vs. Mistral. Ok.", language="tr") == [
        "Llama vs. Mistral. ",
        "Ok.",
    ]
    assert split_sentences("Wir essen z. B. Äpfel. Gut.", language="tr") == [
        "Wir essen z. B. Äpfel. ",
        "Gut.",
    ]


@pytest.mark.parametrize("language", ["en", "zh-Hans", "sv", "de", "pt-BR", "ja"])
def test_a_hint_changes_nothing_else(language: str) -> None:
    for expected in [*WORLD.values(), *RULES.values()]:
        if "vs." not in "".join(expected):
            assert split_sentences("".join(expected), language=language) == expected


@pytest.mark.parametrize("language", [5, "", "d", "german!", "de_DE", b"de"])
def test_bad_language(language: object) -> None:
    with pytest.raises(RequestError, match="language must be a BCP 47 tag"):
        SentenceSplitter(language=language)  # type: ignore[arg-type]


async def test_the_hint_reaches_token_sources() -> None:
    async def tokens() -> AsyncIterator[str]:
        for token in ["yağ", " vs", ".", " Hepsi", " burada", "."]:
            yield token

    assert [s async for s in sentences(tokens(), language="tr")] == ["yağ vs. ", "Hepsi burada."]


@pytest.mark.parametrize("blanks", [3, 63, 64, 5000])
def test_look_behind_is_bounded_and_chunking_independent(blanks: int) -> None:
    # The quote before a Korean quotative verb is looked for across the blanks
    # only as far as the buffer keeps text behind the cursor in every chunking.
    text = '"좋아요!"' + " " * blanks + "하고 웃었다. 끝"
    whole = split_sentences(text)
    assert len(whole) == (2 if blanks < 64 else 3)
    assert feed_chunks(list(text)) == whole
    assert feed_chunks([text[i : i + 7] for i in range(0, len(text), 7)]) == whole


def test_no_unit_is_only_a_think_tag() -> None:
    text = "<think>\nA.\nB!\n</think>\n\nC. </think>\nD <think></think>\n\nE"
    for chunks in ([text], list(text)):
        units = feed_chunks(chunks)
        assert "".join(units) == text
        tags_only = [
            u for u in units if not u.replace("<think>", "").replace("</think>", "").strip()
        ]
        assert not tags_only


def feed_chunks(chunks: list[str], **options: Any) -> list[str]:
    splitter = SentenceSplitter(**options)
    out: list[str] = []
    for chunk in chunks:
        out.extend(splitter.feed(chunk))
    return out + splitter.flush()


def chunked(text: str, cuts: list[int]) -> list[str]:
    points = sorted(set(cuts))
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)])]


def release_holds(text: str) -> list[int]:
    """For each sentence released before flush: characters fed after its last one."""
    splitter = SentenceSplitter()
    holds: list[int] = []
    end = 0
    for fed, char in enumerate(text, 1):
        for sentence in splitter.feed(char):
            end += len(sentence)
            holds.append(fed - end)
    return holds


@pytest.mark.parametrize("name", RULES)
def test_rule_fed_whole_and_char_by_char(name: str) -> None:
    expected = RULES[name]
    text = "".join(expected)
    assert split_sentences(text) == expected
    assert feed_chunks(list(text)) == expected


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(sorted(RULES)), st.data())
def test_rule_in_random_chunkings(name: str, data: st.DataObject) -> None:
    text = "".join(RULES[name])
    cuts = data.draw(st.lists(st.integers(1, max(len(text) - 1, 1)), max_size=20))
    assert feed_chunks(chunked(text, cuts)) == RULES[name]


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(sorted(RULES)), st.data())
def test_rule_in_token_like_chunks(name: str, data: st.DataObject) -> None:
    text = "".join(RULES[name])
    chunks: list[str] = []
    while text:
        size = data.draw(st.integers(1, 4))
        chunks.append(text[:size])
        text = text[size:]
    assert feed_chunks(chunks) == RULES[name]


# Hold-back, with character-by-character feeding: one character past the end
# (attachments and whitespace included) is what shows the end is certain.
# Only these cases need more: the next word decides after an abbreviation,
# and a lowercase-initial word must show its capital or finish.
LONGER_HOLDS = {
    # "U.S. It ", "p.m. Please ", "Inc. They're ": the whole next word and the character after it.
    "2-abbrev-ends": [1, 1, 3, 1, 7, 1, 8, 1, 1],
    "2-initial-ends": [3],  # "B. It "
    "2-lowercase-start": [4],  # "macO": the capital shows a camel-cased word
    "2-lowercase-start-known": [2, 4, 1],  # "iP", "npm "
    "2-lowercase-start-mixed": [4],
    "11-abbrev-at-end": [],  # "p.m. Please" and then the end: decided by flush()
}


@pytest.mark.parametrize("name", RULES)
def test_released_as_soon_as_the_end_is_certain(name: str) -> None:
    text = "".join(RULES[name])
    expected = LONGER_HOLDS.get(name, [1] * (len(RULES[name]) - 1))
    assert release_holds(text) == expected


def test_release_points() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("你好。") == []  # a closing quote could still follow
    assert splitter.feed("我") == ["你好。"]
    assert splitter.feed("很好！”") == []
    assert splitter.feed("\n") == []  # blank lines and indentation still attach
    assert splitter.feed("Hello.") == ["我很好！”\n"]
    assert splitter.feed(" ") == []  # "Hello. world" would go on
    assert splitter.feed("W") == ["Hello. "]
    assert splitter.feed("e met at 5 p.m. ") == []
    assert splitter.feed("Please") == []  # "p.m. Pleasant…": the next word decides
    assert splitter.feed(" ") == ["We met at 5 p.m. "]
    assert splitter.feed("come.") == []
    assert splitter.flush() == ["Please come."]
    assert splitter.flush() == []


def test_release_inside_one_token() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("好。”他说：“走！”\n\n然后") == ["好。”", "他说：“走！”\n\n"]
    assert splitter.flush() == ["然后"]


def test_reset_forgets_pending_text() -> None:
    splitter = SentenceSplitter()
    splitter.feed("half a sentence")
    splitter.reset()
    assert splitter.feed("New. ") == []
    assert splitter.flush() == ["New. "]


def test_flush_starts_a_new_stream() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("  One. Two") == ["  One. "]
    assert splitter.flush() == ["Two"]
    assert splitter.feed("\n\nThree. Four") == ["\n\nThree. "]
    assert splitter.flush() == ["Four"]


def test_empty_input() -> None:
    assert split_sentences("") == []
    splitter = SentenceSplitter()
    assert splitter.feed("") == []
    assert splitter.flush() == []


# -- properties ------------------------------------------------------------------

PIECES = [
    *"ab AZ.?!。？！，,;:\n\t `“”\"'（）()[]*_…é你好🎉👍🏽\u200d\ufe0f",
    "```",
    "\n```\n",
    "  ```py\n",
    "e.g.",
    "Mr.",
    "U.S.",
    "No.",
    "1. ",
    "Step 2. ",
    "3.14",
    "macOS",
    "npm",
    "It",
    "You're",
    "...",
    "……",
    # Other languages' terminals, abbreviations, quotes and dashes.
    *"।؟۔։።။．;«»„¿¡—",
    "z. B. ",
    "т. е. ",
    "EE. UU. ",
    "Nr. 5",
    "9. ",
    "2025. 3. ",
    "Л. ",
    "डॉ. ",
    "« Oui ! » ",
    "」と",
    "Danach",
    "Это",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(
    alphabet=st.characters(codec="utf-8"), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_join_invariant_and_chunking_independence(text: str, data: st.DataObject) -> None:
    whole = split_sentences(text)
    assert "".join(whole) == text
    assert all(whole)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=10))
    assert feed_chunks(chunked(text, cuts)) == whole
    assert feed_chunks(list(text)) == whole


OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "min_chars": st.integers(1, 20),
        "first_min_chars": st.integers(1, 30),
        "max_chars": st.integers(20, 40),
        "fast_first": st.booleans(),
    },
)


@settings(max_examples=200, deadline=None)
@given(TEXTS, OPTIONS, st.data())
def test_options_keep_the_join_invariant(
    text: str, options: dict[str, Any], data: st.DataObject
) -> None:
    whole = split_sentences(text, **options)
    assert "".join(whole) == text
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=10))
    assert feed_chunks(chunked(text, cuts), **options) == whole
    assert feed_chunks(list(text), **options) == whole


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.booleans(), st.booleans(), st.booleans(), st.data())
def test_filters_do_not_depend_on_chunking(
    text: str, markdown: bool, emoji: bool, code: bool, data: st.DataObject
) -> None:
    options: dict[str, Any] = {"strip_markdown": markdown, "strip_emoji": emoji, "skip_code": code}
    whole = split_sentences(text, **options)
    if markdown or emoji or code:
        assert all(sentence.strip() for sentence in whole)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=10))
    assert feed_chunks(chunked(text, cuts), **options) == whole


def is_subsequence(part: str, whole: str) -> bool:
    rest = iter(whole)
    return all(char in rest for char in part)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.booleans(), st.booleans(), st.booleans())
def test_filters_only_remove(text: str, markdown: bool, emoji: bool, code: bool) -> None:
    # A filter adds text in two places only: the commas between table cells and
    # the symbols of math commands ("\\times" → "×", "\\frac{a}{b}" → "a/b").
    text = text.replace("|", "").replace("\\", "")
    options: dict[str, Any] = {"strip_markdown": markdown, "strip_emoji": emoji, "skip_code": code}
    assert is_subsequence("".join(split_sentences(text, **options)), text)


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_filters_keep_every_word_character(text: str) -> None:
    # Without code blocks, links and task boxes, only syntax (list numbers included) and
    # emoji go: no letter.
    text = text.replace("`", "").replace("[", "").replace("|", "")
    spoken = "".join(split_sentences(text, strip_markdown=True, strip_emoji=True))
    assert [c for c in spoken if c.isalpha()] == [c for c in text if c.isalpha()]


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("x" * 200_000, {}),  # run-on text
        ("- 一行\n  " * 50_000, {}),  # many short units: a cut must not copy the rest
        ("1.2." * 50_000, {}),  # an ender candidate every other character
        ("end. then " * 20_000, {}),  # the next word read again and again
        ("x no. " * 30_000, {}),  # is "No." an answer at the start of the unit?
        ("好" + "！" * 200_000, {}),  # one ender run
        ("Hi." + " " * 200_000 + "Ok", {}),  # attachments
        ("```\n" + "a `b` c\n" * 30_000 + "```\n", {}),  # a code block with backticks in it
        ("x, " * 70_000, {"max_chars": 100}),
        ("好，" * 100_000, {"first_min_chars": 10}),
        ("x" * 100_000 + "，好" * 10, {"first_min_chars": 10}),
        ("```\n" + "x = 1\n" * 30_000 + "```\n", {"max_chars": 100}),
    ],
    ids=[
        "run-on",
        "lines",
        "dots",
        "words",
        "no",
        "ender-run",
        "spaces",
        "fence",
        "max-chars",
        "first-min",
        "first-min-late",
        "max-chars-fence",
    ],
)
def test_linear_time_in_small_pieces(text: str, options: dict[str, Any]) -> None:
    started = time.perf_counter()
    chunks = [text[i : i + 3] for i in range(0, len(text), 3)]
    assert feed_chunks(chunks, **options) == split_sentences(text, **options)
    # Quadratic copying or rescanning would take minutes here.
    assert time.perf_counter() - started < 5


def test_long_unit_comes_out_whole() -> None:
    text = "word " * 3000 + "end. Next " + "x" * 5000 + "！好"
    expected = ["word " * 3000 + "end. ", "Next " + "x" * 5000 + "！", "好"]
    assert feed_chunks(list(text)) == expected
    assert feed_chunks([text[i : i + 7] for i in range(0, len(text), 7)]) == expected


# -- options -----------------------------------------------------------------------


def test_weight_counts_cjk_double_and_ignores_spaces() -> None:
    assert text_weight("ab c") == 3
    assert text_weight("a  \n b") == 2
    assert text_weight("你好") == 4
    assert text_weight("你好，ok") == 8
    assert text_weight("한글 カナ") == 8


def test_min_chars_merges_short_sentences() -> None:
    text = "哇！Yes. 好的。This one is long enough. End."
    assert split_sentences(text, min_chars=10) == [
        "哇！Yes. 好的。",
        "This one is long enough. ",
        "End.",
    ]


def test_min_chars_never_merges_code_and_emits_the_rest_at_flush() -> None:
    assert split_sentences("Ok.\n```\nx\n```\nNo.", min_chars=50) == [
        "Ok.\n",
        "```\nx\n```\n",
        "No.",
    ]
    splitter = SentenceSplitter(min_chars=100)
    assert splitter.feed("短句。另一句。") == []
    assert splitter.flush() == ["短句。另一句。"]


@pytest.mark.parametrize(
    "options", [{}, {"min_chars": 5}, {"strip_markdown": True}, {"max_chars": 30}]
)
def test_sentences_are_plain_str(options: dict[str, Any]) -> None:
    text = "Ok.\n```\nx\n```\nNo. 好的。\n```\nunclosed"
    assert all(type(sentence) is str for sentence in split_sentences(text, **options))


def test_min_chars_weighs_cjk_double() -> None:
    # "你好。" weighs 6: enough for 6, not for 7.
    assert split_sentences("你好。再见。", min_chars=6) == ["你好。", "再见。"]
    assert split_sentences("你好。再见。", min_chars=7) == ["你好。再见。"]


def test_first_min_chars_cuts_the_first_sentence_early() -> None:
    text = "好的，我们先来看第一个问题，然后再看第二个。接着，继续。"
    assert split_sentences(text, first_min_chars=10) == [
        "好的，我们先来看第一个问题，",
        "然后再看第二个。",
        "接着，继续。",
    ]
    assert split_sentences("Well, 1,000 people came, sadly. Ok.", first_min_chars=3) == [
        "Well, ",
        "1,000 people came, sadly. ",
        "Ok.",
    ]


def test_first_fragment_is_released_at_once() -> None:
    splitter = SentenceSplitter(first_min_chars=6)
    assert splitter.feed("好的，") == []  # weighs 6, but a space could still attach
    assert splitter.feed("我") == ["好的，"]
    splitter = SentenceSplitter(first_min_chars=5)
    assert splitter.feed("Sure, ") == []
    assert splitter.feed("l") == ["Sure, "]


def test_fast_first_is_first_min_chars_12() -> None:
    text = "好的，我们先来看看，第一个问题是什么。然后，再看。"
    assert split_sentences(text, fast_first=True) == split_sentences(
        text, first_min_chars=FAST_FIRST_MIN_CHARS
    )
    assert split_sentences(text, fast_first=True)[0] == "好的，我们先来看看，"


def test_first_min_chars_with_min_chars() -> None:
    text = "Ok, so. Here is a longer sentence. And another one."
    assert split_sentences(text, first_min_chars=4, min_chars=20) == [
        "Ok, so. ",
        "Here is a longer sentence. ",
        "And another one.",
    ]


def test_max_chars_cuts_run_on_text() -> None:
    text = "one two three four, five six seven eight nine ten eleven"
    parts = split_sentences(text, max_chars=24)
    assert "".join(parts) == text
    assert parts[0] == "one two three four, "
    assert all(text_weight(part) <= 24 for part in parts)
    assert split_sentences("x" * 30, max_chars=10) == ["x" * 10, "x" * 10, "x" * 10]
    assert split_sentences("你好", max_chars=1) == ["你", "好"]  # one character at least
    assert feed_chunks(list("你好"), max_chars=1) == ["你", "好"]
    assert split_sentences("这是一个很长很长的句子没有标点", max_chars=10) == [
        "这是一个很",
        "长很长的句",
        "子没有标点",
    ]


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        # A soft break wins over anything later in the window.
        (
            "模型的推理速度、内存占用以及启动时间都需要考虑",
            24,
            ["模型的推理速度、", "内存占用以及启动时间都需", "要考虑"],
        ),
        # Then a space, then a change of script, only then a hard cut.
        (
            "本地运行的模型推理速度 非常快而且稳定",
            24,
            ["本地运行的模型推理速度 ", "非常快而且稳定"],
        ),
        (
            "我们测试了模型Llama推理速度非常快好",
            20,
            ["我们测试了模型", "Llama", "推理速度非常快好"],
        ),
        # Never inside an English word that fits the window.
        ("aaa,bbb,supercalifragilistic ok", 12, ["aaa,bbb,", "supercalifra", "gilistic ok"]),
        ("runs fast on laptops", 7, ["runs ", "fast on ", "laptops"]),
        ("ok,tokenizers", 10, ["ok,", "tokenizers"]),
    ],
)
def test_max_chars_prefers_soft_breaks_then_spaces_then_scripts(
    text: str, max_chars: int, expected: list[str]
) -> None:
    assert split_sentences(text, max_chars=max_chars) == expected
    assert feed_chunks(list(text), max_chars=max_chars) == expected
    assert all(text_weight(part) <= max_chars for part in expected)


def test_max_chars_does_not_cut_ordinary_sentences_or_code() -> None:
    text = "Short. Another short one.\n```\n" + "x = 1\n" * 20 + "```\n"
    assert split_sentences(text, max_chars=30) == split_sentences(text)


def test_filters_for_tts() -> None:
    text = (
        "## 标题\n- **重要**：看 [文档](https://x.y)。\n```\ncode\n```\n"
        "好的！🎉 Bye 👋🏽.\n---\n1. 第一步\n> 引用 `x`\n"
    )
    assert split_sentences(text, strip_markdown=True, strip_emoji=True, skip_code=True) == [
        "标题\n",
        "重要：看 文档。\n",
        "好的！ ",
        "Bye .\n",
        "第一步\n",
        "引用 x\n",
    ]


def test_each_filter_alone() -> None:
    text = "**Hi**! 🎉 \n```\nx\n```\n2 * 3 = 6, snake_case."
    assert split_sentences(text, strip_markdown=True) == [
        "Hi! 🎉 \n",
        "```\nx\n```\n",
        "2 * 3 = 6, snake_case.",
    ]
    assert split_sentences(text, strip_emoji=True) == [
        "**Hi**!  \n",
        "```\nx\n```\n",
        "2 * 3 = 6, snake_case.",
    ]
    assert split_sentences(text, skip_code=True) == ["**Hi**! 🎉 \n", "2 * 3 = 6, snake_case."]


def test_filters_drop_sentences_left_blank() -> None:
    assert split_sentences("🎉🎉\n好。", strip_emoji=True) == ["好。"]
    assert split_sentences("```\nx\n```", skip_code=True) == []


@pytest.mark.parametrize("option", ["min_chars", "first_min_chars", "max_chars"])
@pytest.mark.parametrize("value", [0, -1, 1.5, True, "3"])
def test_bad_sizes(option: str, value: object) -> None:
    options: dict[str, Any] = {option: value}
    with pytest.raises(RequestError, match=option):
        SentenceSplitter(**options)
    with pytest.raises(ValueError, match=option):
        split_sentences("x", **options)


@pytest.mark.parametrize("option", ["fast_first", "strip_markdown", "strip_emoji", "skip_code"])
def test_bad_flags(option: str) -> None:
    options: dict[str, Any] = {option: 1}
    with pytest.raises(RequestError, match=option):
        SentenceSplitter(**options)


def test_min_chars_above_max_chars() -> None:
    with pytest.raises(RequestError, match="min_chars=50 is more than max_chars=20"):
        SentenceSplitter(min_chars=50, max_chars=20)
