"""Italian replies: sig., dott., ing., pag., n., ecc., S.p.A., «…» closing after the terminal."""

LANGUAGE = "it"

CASES: dict[str, list[str]] = {
    "prose-saluto": [
        "Ciao! ",
        "Certo, ti spiego come usare Ollama passo dopo passo. ",
        "È uno strumento che esegue i modelli linguistici direttamente sul tuo computer. ",
        "Hai già scaricato l’installer?",
    ],
    "abbrev-titles": [
        "Il sig. Rossi ha incontrato il dott. Bianchi in ospedale. ",
        "Anche l’ing. Verdi era presente. ",
        "La riunione è durata due ore.",
    ],
    "abbrev-titles-capital": [
        "Gentile Sig. Ferrari, la ringraziamo per la sua richiesta. ",
        "La dott.ssa Conti la contatterà entro venerdì. ",
        "Cordiali saluti.",
    ],
    "abbrev-pag-n": [
        "La tabella si trova a pag. 27 del manuale. ",
        "L’esempio n. 4 mostra come impostare il contesto. ",
        "Vedi anche il cap. 6.",
    ],
    "abbrev-ecc-end": [
        "Servono farina, uova, zucchero, burro ecc. ",
        "Il resto lo trovi in dispensa. ",
        "Ad es. il lievito è nel primo cassetto.",
    ],
    "abbrev-spa-end": [
        "Il contratto è stato firmato con Fiat S.p.A. ",
        "L’accordo vale tre anni. ",
        "Anche Enel S.p.A. ha mostrato interesse.",
    ],
    "quotes-close-after-end": [
        "«Ci vediamo domani!» ",
        "Lui annuì e se ne andò. ",
        "«Sei sicuro?» ",
        "Nessuno rispose.",
    ],
    "quotes-tag-continues": [
        "«Non è possibile», disse Marco, «il server era acceso fino a un’ora fa.» ",
        "Poi controllò i log.",
    ],
    "quotes-in-prose": [
        "Dante scrive: «Nel mezzo del cammin di nostra vita mi ritrovai per una selva oscura». ",
        "È uno dei versi più famosi della letteratura italiana.",
    ],
    "dash-dialogue": [
        "— Hai visto il nuovo modello? — chiese Giulia.\n",
        "— Sì, è velocissimo! — rispose Paolo.\n",
    ],
    "number-decimals": [
        "La versione 0.5.7 è più veloce del 18,5%. ",
        "Sul mio portatile genera 31,2 token al secondo. ",
        "Non male, vero?",
    ],
    "list-steps": [
        "Ecco i passaggi:\n\n",
        "1. Scarica Ollama da https://ollama.com.\n",
        "2. Apri il terminale ed esegui `ollama pull mistral`.\n",
        "3. Avvia la chat con `ollama run mistral`.\n\n",
        "Fatto! ",
        "Ora puoi fare le tue domande.",
    ],
    "code-fence": [
        "Ecco un esempio:\n\n",
        "```python\nimport ollama\nr = ollama.generate(model='mistral', prompt='Ciao!')\nprint(r['response'])\n```\n\n",
        "La funzione `generate()` restituisce un dizionario. ",
        "Vuoi un esempio con lo streaming?",
    ],
    "ordinal-centuries": [
        "Nel XV sec. Firenze era il centro del Rinascimento. ",
        "Leonardo nacque nel 1452. ",
        "Morì in Francia nel 1519.",
    ],
    "ellipsis-pause": [
        "Mah... non saprei. ",
        "Forse il problema è la RAM… prova a chiudere qualche programma. ",
        "Funziona?",
    ],
    "abbrev-avv-prof": [
        "Lo studio dell’avv. Galli si trova in via Roma n. 12. ",
        "Il prof. Neri riceve il martedì. ",
        "Per appuntamenti scrivete a info@studiogalli.it.",
    ],
    "abbrev-sigra-prof-ssa": [
        "La sig.ra Bianchi e la prof.ssa Gallo hanno organizzato la gita. ",
        "Partiremo alle 8.",
    ],
    "abbrev-art-dlgs": [
        "L’art. 5 del D.Lgs. 196/2003 è stato abrogato. ",
        "Oggi vale il GDPR.",
    ],
    "abbrev-ecc-bracket": [
        "Puoi usare diversi formati (PDF, DOCX, TXT ecc.) senza problemi. ",
        "Il limite è 10 MB.",
    ],
    "quotes-tag-lowercase": [
        "«Andiamo» disse lei, prendendo la giacca. ",
        "«Subito?» ",
        "«Subito.»",
    ],
    "initials-latin": [
        "Il romanzo è di C. E. Gadda. ",
        "È stato pubblicato nel 1957.",
    ],
    "number-end": [
        "Il risultato finale è 12. ",
        "Vuoi che controlli i passaggi?",
    ],
    "abbrev-dott-n": [
        "Il dott. Moretti riceve il lunedì e il giovedì. ",
        "Per urgenze chiamate il n. 0612345678. ",
        "Grazie.",
    ],
    "quotes-chiese": [
        "«Hai finito?» chiese la mamma. ",
        "«Quasi!» ",
        "Il bambino tornò a giocare.",
    ],
    "abbrev-ecc-before-article": [
        "Nel kit trovi cavi, viti, adattatori ecc. ",
        "Le istruzioni sono nella scatola.",
    ],
    "quotes-question-tag": [
        "«Che ore sono?» domandò il turista. ",
        "«Le tre.» ",
        "Ringraziò e se ne andò.",
    ],
}
