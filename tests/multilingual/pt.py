"""Portuguese replies: dialogue dashes, abbreviations, ordinals with º and ª, quotes."""

LANGUAGE = "pt"

CASES: dict[str, list[str]] = {
    "prose-boas-vindas": [
        "Olá! ",
        "Claro, posso ajudar você a instalar o Ollama. ",
        "É um programa que roda modelos de linguagem direto no seu computador. ",
        "Vamos começar?",
    ],
    "dash-dialogue": [
        "— Já chegou? — disse o pai, sem tirar os olhos do jornal.\n",
        "— Cheguei agora — respondeu a filha.\n",
        "— E como foi a prova?\n",
        "— Difícil. ",
        "Mas acho que passei.\n",
    ],
    "dash-tag-continues": [
        "— Não vou a lado nenhum! — gritou o rapaz. ",
        "A mãe suspirou e fechou a porta.",
    ],
    "abbrev-pex": [
        "Modelos menores, p. ex. o Gemma 2B, funcionam bem em notebooks. ",
        "Para programar, prefira algo como o Qwen2.5-Coder, i.e. um modelo treinado com código.",
    ],
    "abbrev-titles": [
        "A Dra. Souza e o Sr. Almeida apresentaram o relatório. ",
        "Segundo a Sra. Costa, o projeto termina em março. ",
        "O Prof. Ribeiro concordou.",
    ],
    "abbrev-address": [
        "A loja fica na Av. Paulista, nº 1578, em São Paulo. ",
        "A outra unidade está na R. Augusta. ",
        "Ambas abrem às 9h.",
    ],
    "abbrev-ltda-end": [
        "O contrato foi assinado com a Acme Ltda. ",
        "A empresa tem sede em Curitiba. ",
        "A Petrobras S.A. também participou.",
    ],
    "abbrev-etc-end": [
        "Você vai precisar de farinha, ovos, açúcar, leite etc. ",
        "O resto já está na despensa.",
    ],
    "ordinal-marks": [
        "O 1.º capítulo explica a instalação. ",
        "A 2ª parte trata da API. ",
        "No séc. XIX, ninguém imaginaria algo assim.",
    ],
    "ordinal-vs-end": [
        "O Brasil terminou a competição em 3.º lugar. ",
        "A nota média dos juízes foi 8. ",
        "Foi uma melhora e tanto.",
    ],
    "quotes-curly": [
        "Minha avó dizia: “Quem espera sempre alcança.” ",
        "Eu nunca acreditei muito. ",
        "“Será?”, perguntava eu.",
    ],
    "quotes-guillemets-pt-pt": [
        "O guia diz: «Não tocar nas obras.» ",
        "Os visitantes respeitam. ",
        "«E as crianças?» ",
        "Também.",
    ],
    "number-decimals": [
        "A versão 0.6.1 ficou 12,5% mais rápida. ",
        "No meu PC, chega a 35,2 tokens por segundo. ",
        "Nada mal para um notebook de 2020.",
    ],
    "list-steps": [
        "Passo a passo:\n\n",
        "1. Baixe o instalador em https://ollama.com/download.\n",
        "2. Abra o terminal e digite `ollama pull llama3.2`.\n",
        "3. Rode `ollama run llama3.2` e faça uma pergunta.\n\n",
        "Pronto! ",
        "Qualquer dúvida, é só perguntar.",
    ],
    "code-fence": [
        "Veja um exemplo:\n\n",
        "```javascript\nconst res = await fetch('http://localhost:11434/api/tags');\nconsole.log(await res.json());\n```\n\n",
        "Esse código lista os modelos instalados. ",
        "Simples, não é?",
    ],
    "abbrev-vexa-pag": [
        "Conforme a pág. 23 do manual, V. Exa. deve assinar o documento. ",
        "O prazo vence no dia 15.",
    ],
    "ellipsis-pause": [
        "Hum... deixa eu pensar. ",
        "Acho que o problema é a memória da GPU… Você tem quantos GB de VRAM?",
    ],
    "dash-tag-then-speech": [
        "— Vamos embora — disse ela. ",
        "— Já está tarde.\n",
        "— Só mais cinco minutos! — pediu o menino.",
    ],
    "abbrev-dona-exmo": [
        "A D. Maria mora no 2.º andar. ",
        "O Exmo. Sr. Presidente chega amanhã. ",
        "Tudo está pronto.",
    ],
    "abbrev-era": [
        "Roma foi fundada em 753 a.C. ",
        "O império do Ocidente caiu em 476 d.C. e deu início à Idade Média.",
    ],
    "abbrev-cia-end": [
        "A encomenda foi enviada pela Souza & Cia. ",
        "Deve chegar na sexta-feira.",
    ],
    "abbrev-pags": [
        "Leia as págs. 10 a 12 antes da aula. ",
        "O resumo está no cap. 4.",
    ],
    "number-end": [
        "A resposta certa é 7. ",
        "Quer tentar outra conta?",
    ],
    "abbrev-sr": [
        "O Sr. Oliveira pediu para remarcar a reunião. ",
        "A nova data é 12/05, às 14h. ",
        "Confirma?",
    ],
    "dash-doctor-tag": [
        "— Quem ligou? — perguntou a avó.\n",
        "— Foi o Dr. Mendes. ",
        "Ele volta a ligar amanhã.",
    ],
    "abbrev-avenida-pex": [
        "O museu fica na Av. Atlântica, 1702. ",
        "Abre às terças. ",
        "Leve documento, p. ex. RG ou passaporte.",
    ],
    "quotes-curly-exclamation": [
        "Ele gritou: “Cuidado!” ",
        "Tarde demais. ",
        "O copo já tinha caído.",
    ],
}
