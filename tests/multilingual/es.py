"""Spanish replies: inverted marks, dialogue dashes, abbreviations, ordinals with a dot."""

LANGUAGE = "es"

CASES: dict[str, list[str]] = {
    "prose-saludo": [
        "¡Hola! ",
        "Claro que puedo ayudarte con eso. ",
        "Ollama te permite ejecutar modelos de lenguaje en tu propio ordenador, sin enviar datos a la nube. ",
        "¿Quieres que empecemos por la instalación?",
    ],
    "inverted-after-ellipsis": [
        "Bueno... ",
        "¿Y si probamos con un modelo más pequeño? ",
        "A veces la memoria no alcanza... ",
        "¡Pero no te preocupes! ",
        "Hay versiones cuantizadas que ocupan menos de 3 GB.",
    ],
    "inverted-mid-sentence": [
        "Si el servidor no responde, ¿has comprobado que el puerto 11434 esté libre? ",
        "Yo revisaría eso primero, y si sigue fallando, ¡reinicia el servicio!",
    ],
    "dash-dialogue": [
        "Aquí tienes el diálogo que pediste:\n\n",
        "—¿Comes con nosotros? —preguntó Ana.\n",
        "—No puedo, tengo que terminar el informe —respondió Luis.\n",
        "—¡Qué lástima! —dijo ella—. ",
        "Otra vez será.\n",
    ],
    "dash-narration-inline": [
        "El cuento empieza así: el viejo miró el mar. ",
        "—Mañana saldré temprano —murmuró. ",
        "Nadie le contestó.",
    ],
    "abbrev-p-ej": [
        "Puedes usar modelos ligeros, p. ej. Llama 3.2 de 1B o Qwen2.5 de 0,5B, en equipos modestos. ",
        "Para tareas de código, en cambio, conviene algo más grande.",
    ],
    "abbrev-eeuu-end": [
        "La empresa tiene su sede en EE. UU. ",
        "Allí trabajan más de 2.000 personas. ",
        "En EE. UU. y Canadá el servicio ya está disponible.",
    ],
    "abbrev-titles": [
        "La Dra. Martínez y el Sr. Gómez presentaron el estudio ayer. ",
        "Según la Sra. López, los resultados son prometedores. ",
        "¿Te interesa leerlo?",
    ],
    "abbrev-etc-end": [
        "En la mochila lleva agua, fruta, una linterna, etc. ",
        "Lo demás se compra allí. ",
        "Ud. decide cuánto quiere gastar.",
    ],
    "abbrev-num-pag": [
        "El artículo núm. 14 de la ley lo explica en la pág. 32. ",
        "Véase también el cap. 3, donde se dan más ejemplos.",
    ],
    "ordinal-dot": [
        "El 1.º de mayo es festivo en casi toda Latinoamérica. ",
        "La 2.ª edición del libro salió en 2019. ",
        "Ocupó el puesto 3. ",
        "Después bajó al décimo.",
    ],
    "ordinal-era": [
        "Julio César nació en el año 100 a. C. en Roma. ",
        "Murió en el 44 a. C. ",
        "Su sobrino Augusto gobernó hasta el 14 d. C.",
    ],
    "number-decimals": [
        "La versión 0.5.7 corrige un fallo de memoria. ",
        "En mis pruebas pasó de 3,8 a 4,2 tokens por segundo, es decir, un 10,5 % más. ",
        "No es mucho, pero se nota.",
    ],
    "list-steps": [
        "Sigue estos pasos:\n\n",
        "1. Descarga el instalador desde https://ollama.com/download.\n",
        "2. Ejecuta `ollama pull llama3.2` en la terminal.\n",
        "3. Prueba el modelo con `ollama run llama3.2`.\n\n",
        "¡Y listo! ",
        "Ya puedes chatear sin conexión.",
    ],
    "quotes-angle": [
        "Mi abuela siempre decía: «No dejes para mañana lo que puedas hacer hoy». ",
        "Y tenía razón. ",
        "«¿Y si mañana llueve?», le preguntaba yo. ",
        "Ella solo se reía.",
    ],
    "quotes-close-after-end": [
        "El capitán gritó: «¡Todos a cubierta!» ",
        "Los marineros corrieron. ",
        "«¿Qué pasa?» ",
        "Nadie lo sabía.",
    ],
    "code-fence": [
        "Aquí tienes un ejemplo en Python:\n\n",
        "```python\nimport ollama\nprint(ollama.chat(model='llama3.2', messages=[]))\n```\n\n",
        "El método `chat()` devuelve la respuesta completa. ",
        "¿Te explico cómo usar el modo de streaming?",
    ],
    "url-and-sa": [
        "Telefónica S.A. publicó su informe anual en telefonica.com/es/. ",
        "Lo puedes descargar gratis. ",
        "Ocupa unos 12 MB, aprox.",
    ],
    "initials-latin": [
        "La obra de J. L. Borges influyó mucho en G. García Márquez. ",
        "Ambos son hoy clásicos de la literatura en español.",
    ],
    "abbrev-am-pm": [
        "La reunión empieza a las 10 a. m. en la sala 2. ",
        "Termina a las 5 p. m. ",
        "Después hay una cena para todos.",
    ],
    "abbrev-etc-comma": [
        "Puedes instalar Python, Node, Go, etc., con el mismo gestor de paquetes. ",
        "Yo uso Homebrew en macOS.",
    ],
    "number-end": [
        "Según el cálculo, la respuesta es 42. ",
        "Ahora probemos con otro número.",
    ],
    "dash-tag-then-speech": [
        "—¿Y tú qué opinas? —me preguntó—. ",
        "Dímelo con sinceridad.\n",
        "—Que deberíamos esperar —contesté.",
    ],
    "abbrev-address": [
        "La oficina está en la Av. de la Constitución, núm. 5, 3.º izq. ",
        "Abre de lunes a viernes.",
    ],
    "ordinal-roman-end": [
        "La imprenta llegó a América en el siglo XVI. ",
        "Antes, los libros se copiaban a mano.",
    ],
    "list-bold-table": [
        "**Resumen:**\n\n",
        "| Modelo | Tamaño |\n",
        "| --- | --- |\n",
        "| Llama 3.2 | aprox. 2 GB |\n\n",
        "Elige según tu RAM, p. ej. 8 GB o 16 GB. ",
        "¿Cuál tienes tú?",
    ],
    "abbrev-ud-ejemplo": [
        "Si Ud. quiere, le envío el presupuesto por correo. ",
        "El precio incluye IVA, transporte, montaje, etc. ",
        "Todo llegaría en dos semanas.",
    ],
    "dash-question": [
        "—¿Ya terminaste? —preguntó su madre desde la cocina.\n",
        "—Casi... ",
        "¡Cinco minutos más!",
    ],
    "abbrev-pag-end": [
        "El dato aparece en el informe anual, pág. 7. ",
        "Lo demás está en los anexos.",
    ],
    "inverted-after-dash-tag": [
        "—No lo sé —dijo—. ",
        "¿Tú qué harías?\n",
        "—Yo esperaría… ",
        "¡O mejor no!",
    ],
}
