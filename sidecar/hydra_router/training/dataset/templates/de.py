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

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "was ist der Unterschied zwischen {a} und {b}?",
        "{a} vs. {b}, wann nehme ich was?",
    ),
    "ask_code": (
        "kannst du mir das schreiben? {task}",
        "{task} bitte",
        "Ich brauche Code dafür: {task}",
        "in {file}: {task}",
    ),
    "ask_code_think": (
        "{task}\nüberleg erst, welcher Ansatz am besten ist und warum, dann programmier es",
        "Bevor du etwas schreibst, denk über die Komplexität nach. {task}",
        "wie würdest du das effizient lösen? {task}",
    ),
    "ask_snippet": (
        "gib mir einen Einzeiler dafür: {task}",
        "wie ist der Shell-Befehl dafür: {task}",
        "{task} -- als Bash-Einzeiler?",
    ),
    "ask_run": (
        "kannst du das in diesem Repo für mich machen? {task}",
        "{task}. Führ es einfach aus und sag mir, was rauskommt",
        "Bitte im Terminal ausführen: {task}",
    ),
    "ask_sql": (
        "schreib mir das SQL dafür: {task}",
        "SQL-Query bitte: {task}",
    ),
    "ask_db": (
        "kannst du das auf unserer DB ausführen? {task}",
        "{task} (verbinde dich mit der Dev-Datenbank und mach es)",
    ),
    "ask_tool": (
        "kannst du das für mich nachschauen? {task}",
        "{task} nimm dafür die Tools, die du hast",
        "Könntest du das für mich erledigen: {task}",
    ),
    "ask_debug": (
        "ich bekomme das hier, eine Idee? {task}",
        "Hilfe, das ist kaputt: {task}",
        "{task}\n\nworan liegt das und wie behebe ich es?",
        "in {file}: {task}",
    ),
    "paste_explain": (
        "was macht das hier?\n\n```\n{code}\n```",
        "{code}\n\nerklär mir das bitte",
        "Kannst du mir das Zeile für Zeile erklären?\n{code}",
    ),
    "paste_edit": (
        "füg hier Docstrings hinzu\n\n```\n{code}\n```",
        "{code}\n\nbenenn die Variablen lesbarer um",
        "Kannst du das ordentlich formatieren und oben einen Kommentar ergänzen?\n{code}",
    ),
    "followup": (
        "ok danke. jetzt {task}",
        "außerdem: {task}",
        "hat geklappt. nächstes: {task}",
    ),
}

# Requests written by hand; index i of a list is the same request in every language.
HANDWRITTEN = {
    "chat": (
        "danke, hat funktioniert!",
        "ok super",
        "hallo, wie geht's?",
        "egal, hab's selbst rausgefunden",
        "perfekt, vielen Dank",
    ),
    "concept": (
        "was ist der Unterschied zwischen einer Liste und einem Tupel?",
        "was ist eine REST-API?",
        "was ist der Unterschied zwischen git merge und git rebase?",
        "ist Python kompiliert oder interpretiert?",
        "wofür steht CI?",
    ),
    "reason": (
        "Warum ist Quicksort im Mittel O(n log n), im schlechtesten Fall aber O(n^2)? Begründe es Schritt für Schritt.",
        "Drei Dienste wiederholen bei Fehlern je dreimal. Wenn der letzte ausfällt, wie viele Anfragen erreichen ihn insgesamt? Denk es durch.",
        "Kann ein Deadlock mit nur einem Mutex entstehen? Argumentiere sorgfältig.",
        "Wir wählen zwischen einer Message Queue und direkten HTTP-Aufrufen zwischen zwei Diensten. Wäge die Vor- und Nachteile ab und empfiehl eins.",
        "Wenn ich das mit 5 Minuten TTL cache und jede Sekunde geschrieben wird, welche Konsistenzprobleme sehen Nutzer? Denk es durch.",
        "Ist dieser Algorithmus auch für negative Zahlen korrekt? Beweise es oder gib ein Gegenbeispiel.",
    ),
    "act": (
        "schau mal in die CI",
        "kannst du die Tests laufen lassen und mir sagen, was fehlschlägt?",
        "Such im Web nach den neuesten Release Notes von React und fass sie mit Links zusammen",
        "mach einen PR mit diesen Änderungen auf",
        "installier die Abhängigkeiten und start den Dev-Server",
        "wo ist parse_config in dieser Codebasis definiert?",
        "finde alle Verwendungen von UserService im Repo",
        "was hat sich im letzten Commit geändert?",
        "lass den Linter über das ganze Projekt laufen und liste die Warnungen auf",
        "schlag in der Doku die neuesten read_csv-Optionen von pandas nach und sag mir, welche fehlerhafte Zeilen überspringt",
    ),
}
