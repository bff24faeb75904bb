"""Abbreviations and sentence openers of the languages other than English.

Facts gathered from CLDR's sentence-break suppressions (`common/segments/*.xml`,
the abbreviations after which ICU does not break), pysbd's per-language lists
(`pysbd/lang/*.py`) and the languages' style guides, rewritten here in the
form `_abbreviations.py` uses. Every entry is lower case, without its final
dot; an abbreviation of several parts joins them with dots (`z. B.` is
`z.b`, `EE. UU.` is `ee.uu`, `т. е.` is `т.е`), or with `_` when its first
part has no dot (`ad es.` is `ad_es`).

Per language, space-separated:

- `never_end`: titles and in-sentence abbreviations, followed by a name or a
  word (`Sra. García`, `z. B. Äpfel`, `им. Ленина`);
- `may_end`: abbreviations that end the sentence before a sentence opener
  and not before another capitalised word (`EE. UU. La empresa…` ends,
  `EE. UU. Canadá` does not; `в 1812 г. Наполеон` goes on, `в 1147 г. Сегодня`
  ends);
- `labels`: words before the number they label (`S. 12`, `núm. 5`, `стр. 7`);
- `ordinary`: abbreviations that end a sentence before any capital, as
  `etc.` does (`Birnen usw. Trauben`, `и т. д. Потом`), listed so that their
  last part is not read as an abbreviation of its own (`д.` is дом);
- `openers`: capitalised words that usually start a sentence (articles,
  pronouns, conjunctions, adverbs), as the English `OPENERS`;
- `ordinal_before`, `months`, `ordinal_nouns`: where a number and a dot are an
  ordinal before a capitalised word: after an article or preposition
  (`dem 1. Weltkrieg`, `zum 2. Mal`), before a month (`9. November`,
  `29. Ekim`) or before a noun that is counted so (`1. Dünya Savaşı`,
  `3. Selim`, `2. Bundesliga`);
- `label_words`: words before the number of a list or step label at the start
  of a line (`Schritt 1.`, `Paso 2.`, `Шаг 3.`), as the English `step`.

Without a language hint all the lists count at once. With one (`language="tr"`),
that language's own entries win where the lists disagree (`_abbreviations.judgement`),
and `hinted_may_end` holds the words that may end a sentence only in that
language (Turkish `vs.`, *ve saire*; English *versus* never ends one).

Single letters need no entry of their own (`z.`, `d.`, `т.`, `د.` are parts
of abbreviations, capitals initials: see `_abbreviations.py`), only the
abbreviations they make (`z.b`, `n.chr`).
"""

from __future__ import annotations

__all__ = ["FIELDS", "LANGUAGES"]

FIELDS = (
    "never_end",
    "may_end",
    "labels",
    "ordinary",
    "openers",
    "ordinal_before",
    "months",
    "ordinal_nouns",
    "label_words",
    "hinted_may_end",
)

# language -> field -> words (a field a language does not need is left out).
LANGUAGES: dict[str, dict[str, str]] = {
    "de": {
        "never_end": "z.b d.h u.a u.u v.a z.t i.d.r o.g s.o s.u bzw bzgl ca dr prof dipl ing fr "
        "frl sr jr gebr geb verh ggf evtl inkl exkl zzgl vgl sog insb allg urspr bspw hl med dent "
        "rer nat jur phil habil",
        "may_end": "mio mrd jh jhd jhs str st tsd std hr",
        "labels": "s nr abs abb art bd kap tab tel fax anm anh abschn ziff mind max min jan jän "
        "feb febr mär apr jun jul aug sep sept okt nov dez aufl",
        "ordinary": "usw etc u.ä o.ä uvm v.chr n.chr",
        "openers": "der die das den dem des ein eine einer eines einem einen er sie es wir ich ihr "
        "man du dies diese dieser dieses jener jene jedes jede jeder alle viele einige manche "
        "kein keine und aber oder denn doch sondern also dann danach daher deshalb deswegen "
        "darum dabei damit dadurch dafür dazu dort hier heute morgen gestern jetzt nun so "
        "auch außerdem zudem zusätzlich allerdings trotzdem jedoch dennoch schließlich "
        "zunächst zuerst anschließend später vorher insgesamt kurz bitte danke vielen ja nein "
        "wenn als ob wie was wer wo warum weshalb wann welche welcher welches im in am an auf "
        "bei mit nach von vor zu zum zur für über unter durch ohne gegen seit während "
        "beispielsweise natürlich leider vielleicht wichtig hinweis tipp achtung",
        "ordinal_before": "der die das dem den des am im zum zur vom beim ins ans ab bis seit ein "
        "eine einer einem einen eines sein seine seinem seiner seines ihr ihre ihrem ihrer ihres "
        "jeder jede jedes jedem jeden unser unsere unserem dieser diese dieses diesem als wie "
        "nach vor um unter",
        "months": "januar jänner februar märz april mai juni juli august september oktober "
        "november dezember jan jän feb febr mär apr jun jul aug sep sept okt nov dez",
        "ordinal_nouns": "weltkrieg bundesliga liga klasse fc jh jhd jahrhundert auflage aufl",
        "label_words": "schritt teil kapitel frage aufgabe",
    },
    "es": {
        "never_end": "sr sra srta sres sras dr dra dres lic ing arq abg ud uds vd vds dña dn "
        "excmo excma ilmo ilma prof profa p.ej ej ee aprox av avda pza sta sto fdo atte cía dpto "
        "gral admón",
        "may_end": "ee.uu s.a s.l ltda hnos p.d",
        "labels": "núm nro pág págs cap art vol tel fig ej máx mín ene feb mar abr may jun jul "
        "sep sept oct nov dic",
        "ordinary": "etc a.c d.c",
        "openers": "el la los las lo un una unos unas yo tú él ella usted nosotros nosotras "
        "vosotros ellos ellas ustedes esto este esta estos estas eso ese esa esos esas aquí "
        "allí ahí hoy mañana ayer ahora luego después antes entonces también además pero "
        "sin embargo aunque porque pues así si cuando mientras donde como qué cómo cuándo "
        "dónde quién cuál por para con en de desde hasta según sobre tras hay es son fue era "
        "primero segundo finalmente por último gracias sí no muchas cada todo todos todas "
        "otro otra algunos algunas ninguno nada mi mis tu tus su sus nuestro nuestra "
        "espero puedes recuerda ten asegúrate",
        "label_words": "paso parte capítulo pregunta opción",
    },
    "pt": {
        "never_end": "sr sra srta srs dr dra drs dras prof profa exmo exma ilmo ilma eng arq p.ex "
        "v.exa aprox av séc",
        "may_end": "s.a ltda",
        "labels": "pág págs nº art cap vol tel fig jan fev mar abr mai jun jul nov dez",
        "ordinary": "etc é cia a.c d.c",
        "openers": "o a os as um uma uns umas eu tu ele ela você nós vós eles elas vocês isto "
        "este esta estes estas isso esse essa esses essas aquilo aqui lá hoje amanhã ontem agora "
        "depois antes então também além mas porém contudo entretanto embora porque pois assim se "
        "quando enquanto onde como que quem qual quais por para com em de desde até sobre há é "
        "são foi era primeiro finalmente obrigado obrigada sim não cada todo todos todas outro "
        "outra alguns algumas nenhum nada meu minha seu sua nosso nossa espero lembre tenha",
        "label_words": "etapa passo parte capítulo questão opção",
    },
    "fr": {
        "never_end": "mme mmes mlle mlles mgr dr p.ex av apr cf bd boul st ste vve par_ex",
        "may_end": "mm s.a pr env",
        "labels": "p pp chap vol no art fig tél éd env janv févr avr juil sept oct nov déc",
        "ordinary": "etc",
        "openers": "le la les l un une des du je tu il elle on nous vous ils elles ce cet cette ces "
        "ceci cela ça voici voilà ici là aujourd'hui demain hier maintenant puis ensuite enfin "
        "alors donc mais ou et car or pourtant cependant toutefois néanmoins aussi ainsi si quand "
        "lorsque comme pendant avant après depuis dans en sur sous pour par avec sans chez selon "
        "que qui quoi où pourquoi comment quel quelle quels quelles merci oui non bien d'abord "
        "premièrement finalement chaque tout tous toutes plusieurs certains aucun rien mon ma mes "
        "ton ta tes son sa ses notre nos votre vos leur leurs n'hésitez j'espère j'ai c'est l' d' "
        "c' j' qu' n' s'",
        "label_words": "étape partie chapitre question",
    },
    "it": {
        "never_end": "sig sigg sig.ra dott dott.ssa ing avv prof prof.ssa geom mons spett egr cfr "
        "ad_es p.es ca per_es",
        "may_end": "s.p.a s.r.l s.n.c",
        "labels": "pag pagg n nn art cap vol fig tab tel d.lgs d.l d.p.r gen feb mar apr mag giu "
        "lug ott nov dic",
        "ordinary": "ecc è a.c d.c",
        "openers": "il lo la i gli le l un uno una io tu lui lei noi voi loro esso essa questo "
        "questa questi queste quello quella quelli quelle qui qua lì là oggi domani ieri ora "
        "adesso poi dopo prima allora quindi dunque ma però tuttavia anche inoltre infatti invece "
        "se quando mentre dove come perché cosa chi quale quali per con in di da su tra fra c'è "
        "ci è sono era grazie sì no ogni tutto tutti tutte altro altra alcuni alcune nessuno "
        "niente mio tuo tua suo sua nostro nostra spero ricorda infine insomma l' un' all' dell' "
        "nell' sull' dall' quest' c'",
        "label_words": "passo parte capitolo domanda",
    },
    "ru": {
        "never_end": "т.е т.к т.н т.о им ул пр просп пер пл наб напр акад проф доц канд ген полк "
        "св ср зам тов",
        "may_end": "г гг в вв см млн млрд тыс руб коп долл обл",
        "labels": "д кв стр с рис табл гл т ч п ок янв фев февр мар апр авг сент окт нояб дек",
        "ordinary": "т.д т.п др я н.э и_пр и_др",
        "openers": "я ты он она оно мы вы они это этот эта эти тот та те то все всё весь вся каждый "
        "многие некоторые и а но или да нет потом затем после перед теперь сейчас сегодня завтра "
        "вчера здесь там так также тоже поэтому поскольку однако впрочем кроме кстати конечно "
        "например наконец итак сначала во в на с со к ко по из от до за под над при о об для без "
        "через если когда пока хотя чтобы как что кто где куда почему зачем какой какая какие "
        "который спасибо пожалуйста мой моя ваш ваша наш наша его её их вот другие другой другая "
        "первый первая второй следующий далее ниже выше важно обратите",
        "label_words": "шаг часть глава вопрос этап",
    },
    "vi": {
        "may_end": "tp ts ths pgs gs bs ks ls ts.bs pgs.ts tt ubnd đh tx",
        "labels": "q p số tr",
        "ordinary": "v.v",
        "openers": "tôi tớ mình chúng bạn anh chị em ông bà nó họ đây đó đấy điều việc những "
        "các một mỗi mọi nhưng và hoặc vì nên nếu khi sau trước trong ngoài trên dưới hôm "
        "ngày năm tháng có không đã đang sẽ hãy xin cảm vậy tuy do theo với để từ cuối đầu "
        "ngoài tất hiện thật rất cũng còn thế như bây lúc ai gì sao tại",
        "label_words": "bước phần chương câu",
    },
    "tr": {
        "never_end": "örn bkz prof dr doç yrd öğr gör av uzm op müh alb yzb cad sok mah bulv apt",
        "may_end": "yy şti a.ş ltd sn",
        "labels": "s no m.ö m.s oca şub mar nis haz tem ağu eyl eki kas ara",
        "ordinary": "vb",
        "openers": "bu şu o bir ve ama fakat ancak çünkü bunun bunu bununla böylece sonra önce "
        "daha ayrıca örneğin eğer her bazı biz siz onlar bence evet hayır yani şimdi bugün yarın "
        "dün ilk son özellikle genellikle kısacası sonuç lütfen teşekkürler teşekkür aslında işte "
        "burada orada ne neden nasıl nerede hangi için ile bunlar şunlar onun benim sizin hem "
        "artık böyle hepsi",
        "months": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
        "hinted_may_end": "vs",
        "ordinal_nouns": "dünya lig ordu meşrutiyet murat mehmet selim mahmut ahmet bayezid "
        "abdülhamid mustafa süper",
        "label_words": "adım bölüm soru",
    },
    "hi": {
        # Titles, then the names of the Latin letters, which Hindi initials are
        # written with ("ए. पी. जे. अब्दुल कलाम", "एम. एस. धोनी").
        "never_end": "डॉ प्रो श्री श्रीमती सुश्री कु ई.पू सं "
        "बी सी डी एफ जे के एल एम एन पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई ज़ेड जेड",
        "labels": "पृ क्र रु नं",
        "label_words": "चरण भाग प्रश्न",
    },
    "ar": {
        "never_end": "أ.د ق.م",
        "labels": "ص",
        "label_words": "خطوة الخطوة",
    },
}
