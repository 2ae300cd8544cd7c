# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Spanish request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "¿Me ayudas con este problema?\n\n{task}",
        "{task}\nExplica los pasos, por favor.",
        "Es la tarea de mi hija y no me sale: {task}",
    ),
    "math_program": (
        "Escribe una función en {pl} que resuelva esto, así puedo cambiar los números después:\n\n{task}",
        "{task}\n\nNo solo el número: dame código {pl} que lo calcule.",
    ),
    "code_complete": (
        "{code}",
        "¿Puedes completar el cuerpo de esta función?\n\n```\n{code}\n```",
        "```\n{code}\n```\nimpleméntalo porfa",
        "Ya tengo la firma y el comentario, escribe el resto:\n{code}",
    ),
    "code_tests": (
        "Escribe pruebas unitarias para esta función, incluidos los casos límite:\n\n```\n{code}\n```",
        "{code}\n\n¿qué casos de prueba añadirías aquí? dame el código",
    ),
    "code_explain": (
        "¿Qué se supone que hace esta función? Explícamelo.\n\n```\n{code}\n```",
        "{code}\n\nsoy nuevo en el proyecto, ¿me explicas esto?",
    ),
    "algo_then_code": (
        "Antes de escribir nada, piensa qué enfoque es el más rápido y por qué, y luego impleméntalo.\n\n{code}",
        "{code}\n\nPrimero explica el algoritmo y su complejidad, después el código.",
    ),
    "code_instruction": (
        "{task}",
        "¿Me ayudas con esto? {task}",
    ),
    "debug_crash": (
        "¿Por qué lanza esta excepción?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "Al ejecutar `{call}` me sale esto:\n{error}\n\nEl código:\n```\n{code}\n```\n¿Qué se me escapa?",
    ),
    "debug_crash_line": (
        "¿Por qué esto lanza {error}? {line}",
        "me sale `{error}` en esta línea:\n{line}\n¿qué está mal?",
    ),
    "debug_wrong": (
        "`{call}` devuelve {actual} pero esperaba {expected}. ¿Qué pasa?\n\n```\n{code}\n```",
        "{code}\n\ncon {call} obtengo {actual}, debería ser {expected}",
        "¿Puedes echarle un vistazo? {call} da {actual} en vez de {expected}.\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` nunca termina. ¿Por qué?\n\n```\n{code}\n```",
        "{code}\n\nse queda colgado con {call}, ¿alguna idea?",
    ),
    "debug_expect": (
        "`{call}` debería dar {expected}, pero no.\n\n```\n{code}\n```",
        "{code}\n\nespero {expected} para {call} y no sale. ¿Ayuda?",
    ),
    "debug_vague": (
        "Aquí hay algo sutilmente roto y no lo veo.\n\n```\n{code}\n```",
        "{code}\n\nlas pruebas fallan con algunas entradas, ¿dónde está el problema?",
    ),
    "debug_problem": (
        "Estoy resolviendo este problema:\n{problem}\n\nMi solución no pasa:\n```\n{code}\n```",
        "{code}\n\nEs para el siguiente problema y no pasa los tests.\n{problem}",
        "¿Puedes echarle un vistazo? {problem}\n\nEjemplo:\n{example}\n\nMi código:\n{code}",
    ),
    "debug_explain": (
        "Mi solución a este problema es rechazada. Explica por qué está mal, corrígela y dime la complejidad de la versión corregida.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nRecorre paso a paso lo que hace realmente este código, encuentra dónde falla y corrígelo.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(herramientas disponibles: {tools})",
        "Herramientas conectadas: {tools}\n\n{task}",
        "{task}\n\nPuedes llamar a: {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "Escribe código {pl} que use esta API para: {task}\n\nAPI: {tools}",
        "Tengo estas funciones: {tools}. Dame un fragmento en {pl} que las llame para: {task}",
    ),
    "tool_fix_call": (
        "Quería: {task}\nLlamé a `{call}` y obtuve:\n{error}\n¿Qué está mal en la llamada? Hazla bien.\n\nHerramientas: {tools}",
        "{error}\n\neso sale de `{call}`. Objetivo: {task}. Disponible: {tools}",
    ),
    "question": (
        "{task}",
        "Una pregunta rápida: {task}",
        "¿Sabes esto por casualidad? {task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "¿cuál es la diferencia entre {a} y {b}?",
        "{a} vs {b}, ¿cuándo uso cada uno?",
    ),
    "ask_code": (
        "¿me lo puedes escribir? {task}",
        "{task} porfa",
        "Necesito código para esto: {task}",
        "en {file}: {task}",
    ),
    "ask_code_think": (
        "{task}\npiensa primero cuál es el mejor enfoque y por qué, luego prográmalo",
        "Antes de escribir nada, razona sobre la complejidad. {task}",
        "¿cómo lo resolverías de forma eficiente? {task}",
    ),
    "ask_snippet": (
        "dame un one-liner que haga esto: {task}",
        "¿cuál es el comando de shell para esto? {task}",
        "{task} -- ¿en una línea de bash?",
    ),
    "ask_run": (
        "¿puedes hacer esto en este repo por mí? {task}",
        "{task}. ejecútalo y dime qué sale",
        "Córrelo en la terminal, porfa: {task}",
    ),
    "ask_sql": (
        "escríbeme el SQL para esto: {task}",
        "una consulta SQL porfa: {task}",
    ),
    "ask_db": (
        "¿puedes ejecutar esto en nuestra base de datos? {task}",
        "{task} (conéctate a la base de desarrollo y hazlo)",
    ),
    "ask_tool": (
        "¿me lo puedes buscar? {task}",
        "{task} usa las herramientas que tengas",
        "¿Podrías encargarte de esto por mí? {task}",
    ),
    "ask_debug": (
        "me sale esto, ¿alguna idea? {task}",
        "ayuda, esto está roto: {task}",
        "{task}\n\n¿qué lo causa y cómo lo arreglo?",
        "en {file}: {task}",
    ),
    "paste_explain": (
        "¿qué hace esto?\n\n```\n{code}\n```",
        "{code}\n\nexplícame esto porfa",
        "¿Me lo explicas línea por línea?\n{code}",
    ),
    "paste_edit": (
        "agrégale docstrings a esto\n\n```\n{code}\n```",
        "{code}\n\ncambia los nombres de las variables por algo legible",
        "¿Puedes darle formato y añadir un comentario arriba?\n{code}",
    ),
    "followup": (
        "ok gracias. ahora {task}",
        "además: {task}",
        "funcionó. lo siguiente: {task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "¡gracias, funcionó!",
        "ok genial",
        "hola, ¿qué tal?",
        "olvídalo, ya lo resolví",
        "perfecto, muchas gracias",
    ),
    "concept": (
        "¿cuál es la diferencia entre una lista y una tupla?",
        "¿qué es una API REST?",
        "¿cuál es la diferencia entre git merge y git rebase?",
        "¿Python es compilado o interpretado?",
        "¿qué significa CI?",
    ),
    "reason": (
        "¿Por qué quicksort es O(n log n) en promedio pero O(n^2) en el peor caso? Razónalo paso a paso.",
        "Tres servicios reintentan tres veces cada uno si fallan. Si el último está caído, ¿cuántas peticiones le llegan en total? Piénsalo bien.",
        "¿Puede haber un interbloqueo con un solo mutex? Argumenta con cuidado.",
        "Estamos eligiendo entre una cola de mensajes y llamadas HTTP directas entre dos servicios. Sopesa los pros y contras y recomienda una.",
        "Si cacheo esto con un TTL de 5 minutos y hay escrituras cada segundo, ¿qué problemas de consistencia pueden ver los usuarios? Piénsalo bien.",
        "¿Este algoritmo también es correcto para números negativos? Demuéstralo o da un contraejemplo.",
    ),
    "act": (
        "revisa el CI",
        "¿puedes correr los tests y decirme qué falla?",
        "Busca en la web las últimas notas de versión de React y resúmelas con enlaces",
        "abre un PR con estos cambios",
        "instala las dependencias y levanta el servidor de desarrollo",
        "¿dónde está definida parse_config en este código?",
        "encuentra todos los usos de UserService en el repo",
        "¿qué cambió en el último commit?",
        "pasa el linter por todo el proyecto y lista las advertencias",
        "busca en la documentación las últimas opciones de read_csv de pandas y dime cuál se salta las líneas erróneas",
    ),
}
