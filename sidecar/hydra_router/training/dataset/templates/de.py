# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""German request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "Kannst du mir bei dieser Aufgabe helfen?\n\n{task}",
        "{task}\nBitte mit Rechenweg.",
        "Hausaufgabe meiner Tochter, ich komme nicht drauf: {task}",
    ),
    "math_program": (
        "Schreib mir eine {pl}-Funktion, die das ausrechnet, damit ich die Zahlen später ändern kann:\n\n{task}",
        "{task}\n\nNicht nur das Ergebnis bitte, sondern {pl}-Code, der es berechnet.",
    ),
    "code_complete": (
        "{code}",
        "Kannst du den Rumpf dieser Funktion ausfüllen?\n\n```\n{code}\n```",
        "```\n{code}\n```\nbitte implementieren",
        "Signatur und Kommentar stehen schon, mach den Rest:\n{code}",
    ),
    "code_tests": (
        "Schreib Unit-Tests für diese Funktion, Randfälle inklusive:\n\n```\n{code}\n```",
        "{code}\n\nwelche Testfälle würdest du hier ergänzen? gib mir den Code",
        "Schau dir das mal an und gib mir eine Testdatei dafür:\n{code}",
    ),
    "code_explain": (
        "Was soll diese Funktion eigentlich machen? Erklär's mir.\n\n```\n{code}\n```",
        "{code}\n\nbin neu im Projekt, kannst du mir das erklären?",
    ),
    "algo_then_code": (
        "Bevor du etwas schreibst: überleg, welcher Ansatz hier am schnellsten ist und warum, und implementier ihn dann.\n\n{code}",
        "{code}\n\nErklär zuerst den Algorithmus und seine Komplexität, dann den Code.",
    ),
    "code_instruction": (
        "{task}",
        "Kannst du mir dabei helfen? {task}",
    ),
    "debug_crash": (
        "Warum fliegt hier eine Exception?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "Bei `{call}` bekomme ich das:\n{error}\n\nDer Code:\n```\n{code}\n```\nWas übersehe ich?",
        "schau dir das mal an, bei `{call}` knallt es\n\n{code}\n\n{error}",
    ),
    "debug_crash_line": (
        "Warum wirft das {error}? {line}",
        "ich bekomme `{error}` in dieser Zeile:\n{line}\nwas ist falsch?",
    ),
    "debug_wrong": (
        "`{call}` liefert {actual}, erwartet hätte ich {expected}. Was ist da los?\n\n```\n{code}\n```",
        "{code}\n\nbei {call} kommt {actual} raus, sollte {expected} sein",
        "Kannst du mir helfen? {call} ergibt {actual} statt {expected}.\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` kommt nie zurück. Wieso?\n\n```\n{code}\n```",
        "{code}\n\nbei {call} hängt das Ding einfach, eine Idee?",
    ),
    "debug_expect": (
        "`{call}` müsste {expected} ergeben, tut es aber nicht.\n\n```\n{code}\n```",
        "{code}\n\nfür {call} erwarte ich {expected}, passt nicht. Hilfe?",
    ),
    "debug_vague": (
        "Irgendwo hier steckt ein subtiler Wurm drin, ich sehe ihn nicht.\n\n```\n{code}\n```",
        "{code}\n\nbei manchen Eingaben schlagen die Tests fehl, wo liegt das Problem?",
    ),
    "debug_problem": (
        "Ich löse gerade diese Aufgabe:\n{problem}\n\nMeine Lösung wird nicht akzeptiert:\n```\n{code}\n```",
        "{code}\n\nDas ist für folgende Aufgabe und besteht die Tests nicht.\n{problem}",
        "Schau dir das mal an? {problem}\n\nBeispiel:\n{example}\n\nMein Code:\n{code}",
    ),
    "debug_explain": (
        "Meine Lösung für diese Aufgabe wird abgelehnt. Erklär, warum sie falsch ist, korrigier sie und nenn die Laufzeit der korrigierten Version.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nGeh Schritt für Schritt durch, was dieser Code tatsächlich tut, finde die Stelle, wo es schiefgeht, und korrigier sie.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(verfügbare Tools: {tools})",
        "Angebundene Tools: {tools}\n\n{task}",
        "{task}\n\nDu kannst aufrufen: {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "Schreib {pl}-Code, der mit dieser API Folgendes erledigt: {task}\n\nAPI: {tools}",
        "Ich habe diese Funktionen: {tools}. Gib mir ein {pl}-Snippet, das sie aufruft, um: {task}",
    ),
    "tool_fix_call": (
        "Ich wollte: {task}\nIch habe `{call}` aufgerufen und bekam:\n{error}\nWas stimmt mit dem Aufruf nicht? Mach ihn richtig.\n\nTools: {tools}",
        "{error}\n\ndas kommt von `{call}`. Ziel: {task}. Verfügbar: {tools}",
    ),
    "question": (
        "{task}",
        "Kurze Frage: {task}",
        "Weißt du das zufällig? {task}",
    ),
}
