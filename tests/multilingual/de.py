"""German replies: abbreviations with spaces, ordinals before capitalised nouns, „…“ and »…«."""

LANGUAGE = "de"

CASES: dict[str, list[str]] = {
    "prose-einleitung": [
        "Gern helfe ich dir dabei! ",
        "Ollama ist ein Werkzeug, mit dem du große Sprachmodelle lokal auf deinem Rechner ausführen kannst. ",
        "Deine Daten verlassen dabei nie das Gerät. ",
        "Soll ich dir zeigen, wie die Installation funktioniert?",
    ],
    "abbrev-zb-dh": [
        "Kleine Modelle, z. B. Llama 3.2 mit 1B Parametern, laufen auch auf älteren Laptops. ",
        "Größere Modelle brauchen mehr Speicher, d. h. mindestens 16 GB RAM. ",
        "Das gilt u. a. für Mixtral.",
    ],
    "abbrev-usw-end": [
        "Auf dem Markt gab es Äpfel, Birnen usw. ",
        "Trauben waren leider ausverkauft. ",
        "Wir kauften stattdessen Pflaumen bzw. Zwetschgen.",
    ],
    "abbrev-nr-seite": [
        "Die Formel steht im Anhang Nr. 3 auf S. 12. ",
        "Eine Herleitung findest du auf S. 40. ",
        "Dort wird auch das Beispiel aus Kap. 2 erklärt.",
    ],
    "abbrev-titles": [
        "Prof. Dr. Müller hält den Vortrag. ",
        "Anschließend spricht Dr. Schmidt über die Ergebnisse. ",
        "Die Veranstaltung findet in der Goethestr. 15 statt.",
    ],
    "abbrev-ca-ggf": [
        "Der Download ist ca. 4,7 GB groß. ",
        "Ggf. musst du vorher Platz auf der Festplatte schaffen. ",
        "Vgl. dazu die Hinweise im README, inkl. der Systemanforderungen.",
    ],
    "abbrev-etc-end": [
        "Unterstützt werden Python, JavaScript, Go etc. ",
        "Für Rust gibt es eine inoffizielle Bibliothek.",
    ],
    "ordinal-date": [
        "Die Mauer fiel am 9. November 1989. ",
        "Knapp ein Jahr später, am 3. Oktober 1990, wurde Deutschland wiedervereinigt. ",
        "Seitdem ist der 3. Oktober ein Feiertag.",
    ],
    "ordinal-nouns": [
        "Der 1. Weltkrieg begann 1914. ",
        "Zum 2. Mal in Folge gewann die Mannschaft den Pokal. ",
        "Im 19. Jh. wuchsen die Städte schnell.",
    ],
    "ordinal-vs-end": [
        "Im ersten Lauf landete sie auf Rang 2. ",
        "Danach steigerte sie sich deutlich. ",
        "Im Finale belegte sie den 1. Platz.",
    ],
    "ordinal-era": [
        "Augustus regierte von 27 v. Chr. bis 14 n. Chr. ",
        "In dieser Zeit wuchs das Reich erheblich.",
    ],
    "quotes-low-high": [
        "„Kommst du heute Abend mit?“, fragte sie. ",
        "„Ja, gern.“ ",
        "Dann gingen sie los. ",
        "„Warte!“, rief er plötzlich.",
    ],
    "quotes-guillemets": [
        "In dem Roman heißt es: »Die Nacht war still.« ",
        "Der Satz wird oft zitiert. ",
        "»Warum?«, fragte der Leser. ",
        "Weil er so einfach ist.",
    ],
    "list-markdown": [
        "## Installation unter Linux\n\n",
        "1. Öffne ein Terminal.\n",
        "2. Führe `curl -fsSL https://ollama.com/install.sh | sh` aus.\n",
        "3. Starte den Dienst mit `systemctl start ollama`.\n\n",
        "Fertig! ",
        "Teste es mit `ollama run llama3.2`.",
    ],
    "number-decimals": [
        "Die neue Version 0.6.2 ist etwa 15,5 % schneller. ",
        "Auf meinem Rechner erreicht sie 42,3 Token pro Sekunde. ",
        "Am 14.03.2025 kommt das nächste Update.",
    ],
    "code-fence": [
        "Hier ist ein Beispiel:\n\n",
        '```bash\nollama pull qwen2.5:7b\nollama run qwen2.5:7b "Hallo!"\n```\n\n',
        "Der erste Befehl lädt das Modell herunter. ",
        "Der zweite startet einen Chat.",
    ],
    "abbrev-sog-bzw": [
        "Das sog. Kontextfenster bestimmt, wie viel Text das Modell auf einmal sieht. ",
        "Bei Llama 3.1 sind es 128.000 Token bzw. etwa 300 Seiten. ",
        "Mehr braucht man selten.",
    ],
    "abbrev-min-end": [
        "Das Herunterladen dauert ca. 5 Min. ",
        "Danach startet das Modell automatisch.",
    ],
    "abbrev-idr-uu": [
        "Die Antwort kommt i. d. R. nach wenigen Sekunden. ",
        "Bei großen Modellen kann es u. U. länger dauern, s. o.",
    ],
    "abbrev-jh-end": [
        "Die Kirche stammt aus dem 12. Jh. ",
        "Sie wurde 1890 umfassend renoviert.",
    ],
    "ordinal-regnal": [
        "Friedrich II. regierte Preußen von 1740 bis 1786. ",
        "Unter ihm wurde Potsdam zur Residenzstadt.",
    ],
    "abbrev-mrd": [
        "Das Unternehmen machte 2023 rund 2,5 Mrd. Euro Umsatz. ",
        "Das sind 8 Mio. mehr als im Vorjahr.",
    ],
    "quotes-nested": [
        "Er schrieb: „Sie sagte nur ‚Nein‘ und ging.“ ",
        "Mehr wissen wir nicht.",
    ],
    "ordinal-date-end": [
        "Die Anmeldefrist endet am 31. März. ",
        "Danach sind keine Änderungen mehr möglich.",
    ],
    "initials-latin": [
        "Den „Faust“ schrieb J. W. von Goethe. ",
        "Er arbeitete fast sechzig Jahre daran.",
    ],
    "ellipsis-pause": [
        "Hm … das ist eine gute Frage. ",
        "Ich glaube, es liegt am Speicher … probier mal ein kleineres Modell. ",
        "Klappt es?",
    ],
    "dash-aside": [
        "Das Modell – und das überrascht viele – läuft auch ohne Grafikkarte. ",
        "Nur eben langsamer.",
    ],
    "list-table": [
        "| Modell | Größe | Hinweis |\n",
        "| --- | --- | --- |\n",
        "| Llama 3.2 | 2 GB | z. B. für Laptops |\n",
        "| Qwen2.5 | 4,7 GB | gut für Code, Nr. 1 bei vielen Tests |\n\n",
        "**Wichtig:** Die Werte sind ca. Angaben. ",
        "Sie hängen u. a. von der Quantisierung ab.",
    ],
    "ordinal-date-symphony": [
        "Beethoven wurde am 17. Dezember 1770 getauft. ",
        "Seine 9. Sinfonie wurde 1824 uraufgeführt. ",
        "Sie endet mit der „Ode an die Freude“.",
    ],
    "abbrev-usw-dh-mid": [
        "Bitte bring Getränke, Snacks usw. mit. ",
        "Die Party beginnt um 20 Uhr, d. h. kurz nach Sonnenuntergang. ",
        "Wir freuen uns!",
    ],
    "ordinal-als-first": [
        "Am 20. Juli 1969 landete Apollo 11 auf dem Mond. ",
        "Neil Armstrong betrat als 1. Mensch die Oberfläche. ",
        "Das war ein Sonntag.",
    ],
    "abbrev-usw-before-noun": [
        "Mitbringen solltest du Zelt, Schlafsack, Isomatte usw. ",
        "Essen stellen wir.",
    ],
}
