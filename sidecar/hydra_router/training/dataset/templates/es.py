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
