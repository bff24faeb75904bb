"""French replies: spaces before ? ! : ;, « … » with spaces inside, abbreviations, M. and Mme."""

LANGUAGE = "fr"

CASES: dict[str, list[str]] = {
    "prose-accueil": [
        "Bonjour ! ",
        "Bien sûr, je peux vous aider à configurer Ollama sur votre machine. ",
        "Quel système d’exploitation utilisez-vous ? ",
        "Windows, macOS ou Linux ?",
    ],
    "terminal-nbsp": [
        "Vraiment\u00a0? ",
        "Oui, le modèle tourne entièrement en local\u202f! ",
        "Aucune donnée n’est envoyée sur Internet\u00a0: c’est tout l’intérêt.",
    ],
    "quotes-spaced-guillemets": [
        "Le professeur répétait souvent : « Le doute est le commencement de la sagesse. » ",
        "Ses élèves s’en souviennent encore. ",
        "« Pourquoi ? » demandait toujours le plus jeune.",
    ],
    "quotes-tag-continues": [
        "« Tu viens avec nous ? » s’écria-t-elle. ",
        "« Pas ce soir », répondit-il en souriant. ",
        "Elle haussa les épaules.",
    ],
    "quotes-close-then-new": [
        "« Attention, la marche est glissante ! » ",
        "Trop tard : Paul était déjà tombé. ",
        "Heureusement, il ne s’était pas fait mal.",
    ],
    "abbrev-monsieur-madame": [
        "M. Dupont et Mme Lefèvre ont présenté le projet hier. ",
        "Selon M. Dupont, la première version sortira en juin. ",
        "Mlle Martin s’occupera de la documentation.",
    ],
    "abbrev-pex-cad": [
        "Choisissez un petit modèle, p. ex. Phi-3 ou Gemma 2B, si vous avez peu de mémoire. ",
        "Un modèle quantifié, c.-à-d. compressé sur 4 bits, occupe env. 2 Go. ",
        "C’est largement suffisant pour un résumé.",
    ],
    "abbrev-etc-end": [
        "Le jeu de données contient des articles, des romans, des lettres, etc. ",
        "Tous les textes sont en français. ",
        "Cf. la documentation pour la liste complète.",
    ],
    "abbrev-era": [
        "Jules César conquiert la Gaule entre 58 et 50 av. J.-C. ",
        "La bataille d’Alésia a lieu en 52 av. J.-C. et marque la fin de la guerre. ",
        "Vercingétorix se rend peu après.",
    ],
    "abbrev-page-numero": [
        "La définition figure p. 45 du manuel, au chapitre n° 3. ",
        "Voir aussi la fig. 2, qui illustre le principe. ",
        "Elle est très claire.",
    ],
    "number-decimals": [
        "La version 0.5.7 consomme environ 3,5 Go de mémoire vive. ",
        "Sur mon ordinateur, la génération atteint 28,4 jetons par seconde. ",
        "C’est 12 % de mieux qu’avant.",
    ],
    "list-steps": [
        "Voici les étapes :\n\n",
        "1. Téléchargez l’installateur sur https://ollama.com.\n",
        "2. Lancez `ollama serve` dans un terminal.\n",
        "3. Dans un second terminal, tapez `ollama run mistral`.\n\n",
        "C’est tout ! ",
        "Vous pouvez maintenant discuter avec le modèle.",
    ],
    "code-fence": [
        "Voici un exemple en Python :\n\n",
        '```python\nfrom ollama import chat\nreponse = chat(model="mistral", messages=[{"role": "user", "content": "Salut !"}])\n```\n\n',
        "La variable `reponse` contient le message du modèle. ",
        "Simple, non ?",
    ],
    "ellipsis-pause": [
        "Hmm… c’est une bonne question. ",
        "Je dirais que cela dépend de votre matériel... Avez-vous une carte graphique ?",
    ],
    "abbrev-st-titles": [
        "Le Dr Bernard travaille à l’hôpital St-Louis depuis 2015. ",
        "Il a publié une étude avec le Pr Garnier. ",
        "Elle a été très remarquée.",
    ],
    "url-and-file": [
        "Le fichier de configuration se trouve dans ~/.ollama/config.json. ",
        "Vous pouvez aussi consulter ollama.com/library pour voir les modèles disponibles. ",
        "Il y en a des centaines !",
    ],
    "abbrev-mm": [
        "MM. Dupont et Durand sont arrivés en retard. ",
        "M. et Mme Leroy, eux, étaient à l’heure.",
    ],
    "abbrev-art": [
        "Selon l’art. 12 du règlement, chaque membre dispose d’une voix. ",
        "Le vote a lieu à main levée.",
    ],
    "abbrev-apr-jc": [
        "Le Colisée est inauguré en 80 apr. J.-C. ",
        "Il peut accueillir 50 000 spectateurs.",
    ],
    "quotes-comma-tag": [
        "« Non », dit-il simplement. ",
        "« Et pourquoi pas ? » ",
        "Il ne répondit rien.",
    ],
    "terminal-double": [
        "Quoi ?! ",
        "Le téléchargement est déjà terminé ?! ",
        "C’était rapide.",
    ],
    "abbrev-etc-comma": [
        "Les formats PDF, DOCX, TXT, etc., sont acceptés. ",
        "La taille maximale est de 10 Mo.",
    ],
    "initials-latin": [
        "Le roman a été écrit par J.-M. G. Le Clézio. ",
        "Il a reçu le prix Nobel en 2008.",
    ],
    "quotes-nbsp-inside": [
        "Il m’a simplement répondu\u00a0: «\u00a0Bonjour\u00a0!\u00a0» ",
        "Puis il est parti.",
    ],
    "list-bold-heading": [
        "### Conseils\n\n",
        "- **Mémoire :** 8 Go suffisent pour un modèle 7B quantifié.\n",
        "- **Disque :** prévoyez env. 5 Go par modèle.\n\n",
        "> Remarque : les modèles sont stockés dans `~/.ollama/models`.\n",
    ],
    "abbrev-env-pex": [
        "Le colis pèse env. 3 kg et mesure 40 cm de côté. ",
        "Vous pouvez le retirer au bureau de poste, p. ex. celui de la rue Victor-Hugo. ",
        "Il est ouvert jusqu’à 19 h.",
    ],
    "quotes-tag-after-exclamation": [
        "« C’est prêt ! » annonça le cuisinier. ",
        "« Enfin ! » ",
        "Tout le monde passa à table.",
    ],
    "abbrev-mme-cad-hour": [
        "Mme Dubois a appelé à 10 h. ",
        "Elle rappellera demain, c.-à-d. jeudi. ",
        "Rien d’urgent.",
    ],
    "quotes-spaced-period-inside": [
        "Il a écrit : « Merci pour tout. » ",
        "Puis il a fermé son ordinateur.",
    ],
}
