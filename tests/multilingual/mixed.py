"""Replies that switch language mid-reply, and the terminals of other scripts.

Each name starts with the languages of the case, main one first (`es+en-…`):
a splitter that takes a language hint is given the first.
"""

LANGUAGE = "mul"

CASES: dict[str, list[str]] = {
    "es+en-switch-translation": [
        "Claro, aquí tienes la traducción. ",
        '«¿Dónde está la estación?» se dice en inglés: "Where is the station?" ',
        "It's a very common question. ",
        "¿Necesitas más frases?",
    ],
    "en+es-switch-inverted": [
        "Sure! ",
        "In Spanish you would say it like this. ",
        "¿Cómo estás? ",
        "¡Muy bien, gracias! ",
        "Note the inverted marks at the start.",
    ],
    "de+en-switch-code-review": [
        "Der Fehler liegt in Zeile 12, d. h. in der Funktion `parse()`. ",
        "In English: the loop never ends, e.g. when the input is empty. ",
        "Ein `break` behebt das.",
    ],
    "fr+en-switch-quote": [
        "Le message d’erreur dit : « Connection refused. » ",
        "That means the server isn't running. ",
        "Lancez `ollama serve` et réessayez !",
    ],
    "ja+en-switch-terms": [
        "このエラーは「CUDA out of memory.」という意味です。",
        "In other words, the GPU is full. ",
        "もっと小さいモデルを使ってください。",
    ],
    "zh+en-switch-fullwidth": [
        "这个模型支持中文和英文！",
        "It works well in both. ",
        "你想先试哪一个？",
        "Just tell me.",
    ],
    "zh+ja-switch": [
        "日语的“谢谢”是「ありがとう」。",
        "「ありがとうございます。」",
        "更礼貌一些。",
    ],
    "ru+en-switch-terms": [
        "Модель загружается командой `ollama pull`, т. е. один раз. ",
        "After that it works offline. ",
        "Удобно, правда?",
    ],
    "hi+en-switch-hinglish": [
        "Aapko bas ek command chalani hai. ",
        "उसके बाद मॉडल डाउनलोड हो जाएगा। ",
        "Then you can chat with it offline.",
    ],
    "ar+en-switch-terms": [
        "الخطأ يقول: Permission denied. ",
        "هذا يعني أنك تحتاج صلاحيات المدير؟ ",
        "Yes, run it with sudo.",
    ],
    "ko+en-switch": [
        "이 오류는 포트가 이미 사용 중이라는 뜻이에요. ",
        "Try another port, e.g. 11435. ",
        "그러면 해결될 거예요.",
    ],
    "pt+es-switch": [
        "Em português dizemos “obrigado”. ",
        "En español se dice «gracias». ",
        "¿Fácil, verdad?",
    ],
    "it+de-switch": [
        "In italiano: «Buongiorno!» ",
        "Auf Deutsch sagt man „Guten Morgen!“. ",
        "Am 1. Januar sagt man aber „Frohes neues Jahr!“",
    ],
    "vi+en-switch": [
        "Lỗi này xảy ra khi thiếu RAM, v.v. ",
        "In short: use a smaller model. ",
        "Chúc bạn thành công!",
    ],
    "tr+en-switch": [
        "Bu komut modeli indirir, örn. `ollama pull phi3`. ",
        "It only needs to run once. ",
        "Sonra internet gerekmez.",
    ],
    "ur-terminal-urdu-stop": [
        "السلام علیکم۔ ",
        "آپ کیسے ہیں؟ ",
        "میں آپ کی مدد کر سکتا ہوں۔",
    ],
    "ur+en-terminal-urdu-glued": [
        "یہ ماڈل آپ کے کمپیوٹر پر چلتا ہے۔",
        "آپ کا ڈیٹا محفوظ رہتا ہے۔",
        "That's the whole point.",
    ],
    "hy-terminal-armenian": [
        "Բարև ձեզ։ ",
        "Ես կարող եմ օգնել ձեզ։ ",
        "Ինչպե՞ս եք։",
    ],
    "am-terminal-ethiopic": [
        "ሰላም ነው። ",
        "እንዴት ልረዳዎት እችላለሁ? ",
        "አመሰግናለሁ።",
    ],
    "my-terminal-burmese": [
        "မင်္ဂလာပါ။ ",
        "ကျွန်တော် ကူညီနိုင်ပါတယ်။ ",
        "ကျေးဇူးတင်ပါတယ်။",
    ],
    "el-terminal-greek-question": [
        "Πού είναι ο σταθμός; ",
        "Είναι κοντά, δύο λεπτά με τα πόδια. ",
        "Ευχαριστώ πολύ!",
    ],
    "el+en-terminal-greek-semicolon": [
        "Τι ώρα είναι; ",
        "In English that question ends with a question mark; in Greek the sign looks like a semicolon. ",
        "Ενδιαφέρον, έτσι δεν είναι;",
    ],
    "el-not-terminal-ano-teleia": [
        "Ο Όμηρος έγραψε δύο έπη· την Ιλιάδα και την Οδύσσεια. ",
        "Και τα δύο είναι πολύ γνωστά.",
    ],
    "zh+en-terminal-fullwidth-mix": [
        "注意！",
        "Don't close the terminal yet. ",
        "等待下载完成．",
        "然后再试一次？",
        "OK!",
    ],
    "en+hi-switch-danda": [
        "Here is the sentence in Hindi. ",
        "मुझे हिंदी आती है। ",
        "It means: I know Hindi.",
    ],
    "en+de-switch-abbrev-end": [
        "The package ships in 3 sizes, e.g. small and large. ",
        "Auf Deutsch: Es gibt drei Größen, z. B. klein und groß. ",
        "Mehr dazu auf S. 4.",
    ],
    "ja+en-switch-quote": [
        "英語では「How are you?」と聞きます。",
        'The reply is usually "Fine, thanks." ',
        "簡単ですね！",
    ],
    "ru+uk-switch": [
        "По-русски: «Спасибо». ",
        "По-украински: «Дякую». ",
        "Звучит похоже, правда?",
    ],
    "fr+es-switch-inverted": [
        "En espagnol, on écrit les questions ainsi : ¿Qué hora es? ",
        "C’est étrange pour un Français, non ?",
    ],
    "zh+en-switch-abbrev": [
        "这家公司总部在 U.S. ",
        "They moved there in 2010. ",
        "现在有 500 名员工。",
    ],
    "hi+ur-switch": [
        "हिंदी में: धन्यवाद। ",
        "اردو میں: شکریہ۔ ",
        "दोनों का मतलब एक ही है।",
    ],
    "de+en-switch-quotes": [
        'Das heißt auf Englisch: "It works." ',
        "Und auf Deutsch sagt man „Es funktioniert.“ ",
        "Klar, oder?",
    ],
    "es+en-switch-command": [
        "El comando es `ollama list`. ",
        "It shows every model you have. ",
        "¿Lo probamos?",
    ],
    "fr+en-switch-good-luck": [
        "On dit « Bonne chance ! » en français. ",
        'In English: "Good luck!" ',
        "C’est simple.",
    ],
}
