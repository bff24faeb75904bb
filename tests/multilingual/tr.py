"""Turkish replies: ordinals with a dot (18. yüzyıl, 1. Dünya Savaşı), vb., vs., örn., Prof. Dr., bkz."""

LANGUAGE = "tr"

CASES: dict[str, list[str]] = {
    "prose-merhaba": [
        "Merhaba! ",
        "Ollama kurulumunda size yardımcı olabilirim. ",
        "Ollama, büyük dil modellerini kendi bilgisayarınızda çalıştırmanızı sağlar. ",
        "Hangi işletim sistemini kullanıyorsunuz?",
    ],
    "ordinal-century": [
        "İstanbul, 15. yüzyılda Osmanlı İmparatorluğu'nun başkenti oldu. ",
        "18. yüzyıl ise Lale Devri ile anılır. ",
        "Bu dönemde sanat çok gelişti.",
    ],
    "ordinal-capital-noun": [
        "1. Dünya Savaşı 1914'te başladı. ",
        "2. Dünya Savaşı'nda Türkiye tarafsız kaldı. ",
        "Savaş 1945'te sona erdi.",
    ],
    "ordinal-article": [
        "Anayasanın 5. maddesi devletin temel amaçlarını sayar. ",
        "10. madde ise eşitlik ilkesini düzenler.",
    ],
    "number-end": [
        "Soru şu: 6 ile 7'nin çarpımı kaç? ",
        "Cevap 42. ",
        "Kolaydı, değil mi?",
    ],
    "ordinal-mid": [
        "Yarışmada ilk turu 3. sırada bitirdi. ",
        "Finalde ise birinci oldu. ",
        "Herkes çok sevindi.",
    ],
    "abbrev-vb-end": [
        "Alışveriş listesi: süt, ekmek, yumurta vb. ",
        "Gerisini sonra alırız. ",
        "Market saat 22'ye kadar açık.",
    ],
    "abbrev-vb-mid": [
        "Python, Go, Rust vb. diller desteklenir. ",
        "Örn. Python için resmi bir kütüphane var.",
    ],
    "abbrev-titles": [
        "Prof. Dr. Ayşe Yılmaz konferansta bir konuşma yaptı. ",
        "Doç. Dr. Mehmet Kaya da oradaydı. ",
        "Av. Zeynep Demir ise oturumu yönetti.",
    ],
    "abbrev-address": [
        "Ofisimiz Atatürk Cad. No. 12'de bulunuyor. ",
        "Hemen yanında bir eczane var. ",
        "Kolayca bulursunuz.",
    ],
    "abbrev-see-page": [
        "Ayrıntılar için bkz. s. 45. ",
        "Orada örnekler de var.",
    ],
    "number-decimals": [
        "0.5.7 sürümü yaklaşık %15,5 daha hızlı. ",
        "Benim bilgisayarımda saniyede 42,3 token üretiyor. ",
        "Fena değil!",
    ],
    "list-steps": [
        "Kurulum adımları:\n\n",
        "1. Yükleyiciyi https://ollama.com adresinden indirin.\n",
        "2. Terminalde `ollama pull llama3.2` komutunu çalıştırın.\n",
        "3. `ollama run llama3.2` ile sohbete başlayın.\n\n",
        "Bu kadar! ",
        "Sorunuz varsa sorabilirsiniz.",
    ],
    "code-fence": [
        "İşte bir Python örneği:\n\n",
        "```python\nimport ollama\nprint(ollama.list())\n```\n\n",
        "`list()` fonksiyonu yüklü modelleri döndürür. ",
        "Hemen deneyin.",
    ],
    "quotes-curly": [
        "Atatürk “Yurtta sulh, cihanda sulh.” demiştir. ",
        "Bu söz hâlâ önemlidir. ",
        "“Neden?” diye sorabilirsiniz.",
    ],
    "ellipsis-pause": [
        "Hmm... zor bir soru. ",
        "Sanırım bellek yetersiz… daha küçük bir model deneyin. ",
        "İşe yaradı mı?",
    ],
    "ordinal-date": [
        "Cumhuriyet 29 Ekim 1923'te ilan edildi. ",
        "Bu yıl 102. yıl dönümü kutlanıyor. ",
        "Tüm yurtta törenler var.",
    ],
    "switch-latin-terms": [
        "Model en az 8 GB RAM ister. ",
        "Dr. Smith bunu bir MacBook'ta denedi. ",
        "Sonuçlar iyiydi.",
    ],
    "abbrev-bc-start": [
        "M.Ö. 334'te İskender Anadolu'ya geçti. ",
        "M.S. 330'da ise Konstantinopolis başkent oldu.",
    ],
    "abbrev-address-mah-sok": [
        "Adres: Çiçek Mah. Lale Sok. No: 4, Kadıköy. ",
        "Kapıda zil yok, lütfen arayın.",
    ],
    "ordinal-class": [
        "Kızım bu yıl 3. sınıfa başladı. ",
        "Okulu çok seviyor.",
    ],
    "abbrev-vs-end": [
        "Alınacaklar: un, şeker, yağ vs. ",
        "Hepsi mutfakta bir rafta duruyor.",
    ],
    "ordinal-then-new": [
        "Bu benim 3. denemem. ",
        "Umarım bu sefer olur.",
    ],
    "abbrev-titles-long": [
        "Dr. Öğr. Üyesi Ali Can derse girdi. ",
        "Yrd. Doç. Dr. Elif Şahin ise izinliydi.",
    ],
    "ordinal-rank": ["Takımımız ligi 2. sırada bitirdi. ", "Gelecek sezon 1. olmayı hedefliyoruz."],
    "abbrev-doc-vb": [
        "Toplantıya Doç. Dr. Kerem Aydın da katılacak. ",
        "Konular: bütçe, personel, eğitim vb. ",
        "Herkesin hazırlıklı gelmesi rica olunur.",
    ],
    "ordinal-sultan": [
        "Osmanlı'nın 10. padişahı Kanuni Sultan Süleyman'dır. ",
        "46 yıl tahtta kaldı.",
    ],
}
