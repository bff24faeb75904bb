"""Japanese replies: 。！？ and full-width ．？！, 「…」と言った continuing, half-width ?! in kana text."""

LANGUAGE = "ja"

CASES: dict[str, list[str]] = {
    "prose-aisatsu": [
        "こんにちは！",
        "Ollamaのセットアップについてご説明しますね。",
        "Ollamaは、大規模言語モデルを手元のパソコンで動かすためのツールです。",
        "まずはインストールから始めましょうか？",
    ],
    "quotes-to-itta": [
        "彼は「明日また来ます。」と言った。",
        "でも、次の日には来なかった。",
        "「本当に来るの？」と妹が聞いたのも無理はない。",
    ],
    "quotes-then-narration": [
        "「もう帰ろうか。」",
        "父が静かに言った。",
        "「うん。」",
        "僕はうなずいた。",
    ],
    "quotes-double": [
        "先生は『吾輩は猫である』を読むように言った。",
        "『なぜですか？』と聞くと、『面白いからだ！』という答えだった。",
        "なるほど。",
    ],
    "terminal-fullwidth-period": [
        "本研究では，三つのモデルを比較した．",
        "その結果，最も小さいモデルでも十分な精度が得られた．",
        "詳細は表２に示す．",
    ],
    "terminal-halfwidth": [
        "本当?",
        "すごい!",
        "じゃあ、今すぐ試してみよう。",
    ],
    "terminal-runs": [
        "えっ、もう終わったの！？",
        "早すぎる！！",
        "信じられない……。",
        "でも、よかった。",
    ],
    "number-decimals": [
        "バージョン0.5.7では、速度が約1.5倍になりました。",
        "私の環境では毎秒42.3トークンでした。",
        "十分速いですね！",
    ],
    "number-fullwidth": [
        "円周率は約３．１４です。",
        "小数点以下はもっと続きます。",
    ],
    "list-steps": [
        "手順は次のとおりです。\n\n",
        "1. https://ollama.com からインストーラーをダウンロードします。\n",
        "2. ターミナルで `ollama pull llama3.2` を実行します。\n",
        "3. `ollama run llama3.2` でチャットを始めます。\n\n",
        "以上です！",
        "簡単でしょう？",
    ],
    "code-fence": [
        "Pythonの例です：\n\n",
        '```python\nimport ollama\nres = ollama.chat(model="llama3.2", messages=[{"role": "user", "content": "こんにちは。"}])\n```\n\n',
        "`res` に返答が入ります。",
        "ストリーミングも使えますよ。",
    ],
    "brackets-sentence-inside": [
        "メモリは16GB以上を推奨します（8GBでも小さいモデルなら動きます。）",
        "GPUがあればさらに快適です。",
    ],
    "ellipsis-pause": [
        "うーん……それは難しい質問ですね。",
        "少し考えさせてください…やはり、メモリ不足が原因だと思います。",
    ],
    "switch-latin-terms": [
        "Dr. Smithのチームは、Apple Inc.のM2チップでテストしました。",
        "e.g. 16GBのMacBookで十分です。",
        "詳しくはREADME.mdを見てください。",
    ],
    "emoji-after-end": [
        "できました！🎉 ",
        "おめでとうございます。",
        "次は何をしましょうか？😊",
    ],
    "prose-keigo": [
        "お問い合わせありがとうございます。",
        "ご指摘の不具合は、次のバージョンで修正される予定です。",
        "ご不便をおかけして申し訳ございません。",
        "今後ともよろしくお願いいたします。",
    ],
    "quotes-tte": [
        "友達は「すごく面白かった！」って言ってた。",
        "私も見に行こうかな。",
    ],
    "quotes-question-to": [
        "「大丈夫？」と聞かれたので、「平気です。」と答えた。",
        "本当は少し疲れていた。",
    ],
    "terminal-fullwidth-mixed": [
        "設定が完了しました！？",
        "いいえ、まだです．",
        "もう少し待ってください。",
    ],
    "not-terminal-colon": [
        "例：`ollama run gemma2`のように実行します。",
        "注意：初回はダウンロードに時間がかかります。",
    ],
    "number-version-glued": [
        "Ver.2.0では、vol.3の内容が追加されました。",
        "No.1の人気モデルはLlamaです。",
    ],
    "prose-newline-end": [
        "モデルの一覧は次のコマンドで確認できます。\n",
        "`ollama list`\n",
        "削除するときは`ollama rm`を使います。",
    ],
    "quotes-two-to": [
        "店員さんに「これください。」と言ったら、「ありがとうございます！」と笑顔で返された。",
        "気持ちのいい店だった。",
    ],
    "terminal-fullwidth-period-end": ["準備できた？", "うん、できた！", "じゃあ、出発しよう．"],
    "quotes-tte-period-inside": ["先輩に「明日は休みだよ。」って言われた。", "やった！"],
}
