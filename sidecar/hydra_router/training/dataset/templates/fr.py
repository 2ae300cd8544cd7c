# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""French request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "Tu peux m'aider avec celui-ci ?\n\n{task}",
        "{task}\nDétaille les étapes s'il te plaît.",
        "Exercice de mon fils, je bloque : {task}",
    ),
    "math_program": (
        "Écris une fonction {pl} qui répond à ce problème, pour que je puisse changer les nombres ensuite :\n\n{task}",
        "{task}\n\nPas seulement le résultat : donne-moi du code {pl} qui le calcule.",
    ),
    "code_complete": (
        "{code}",
        "Tu peux compléter le corps de cette fonction ?\n\n```\n{code}\n```",
        "```\n{code}\n```\nà implémenter stp",
        "La signature et le commentaire sont là, écris le reste :\n{code}",
    ),
    "code_tests": (
        "Écris des tests unitaires pour cette fonction, cas limites compris :\n\n```\n{code}\n```",
        "{code}\n\nquels cas de test ajouterais-tu ici ? donne le code",
    ),
    "code_explain": (
        "À quoi sert cette fonction ? Explique-moi.\n\n```\n{code}\n```",
        "{code}\n\nje découvre le projet, tu peux m'expliquer ce bout de code ?",
    ),
    "algo_then_code": (
        "Avant d'écrire quoi que ce soit, réfléchis à l'approche la plus rapide et pourquoi, puis implémente-la.\n\n{code}",
        "{code}\n\nExplique d'abord l'algorithme et sa complexité, ensuite le code.",
    ),
    "code_instruction": (
        "{task}",
        "Tu peux m'aider avec ça ? {task}",
    ),
    "debug_crash": (
        "Pourquoi ça lève une exception ?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "Quand je lance `{call}`, j'obtiens :\n{error}\n\nLe code :\n```\n{code}\n```\nQu'est-ce qui m'échappe ?",
    ),
    "debug_crash_line": (
        "Pourquoi ça lève {error} ? {line}",
        "j'ai `{error}` sur cette ligne :\n{line}\nqu'est-ce qui ne va pas ?",
    ),
    "debug_wrong": (
        "`{call}` renvoie {actual} alors que j'attendais {expected}. Pourquoi ?\n\n```\n{code}\n```",
        "{code}\n\npour {call} j'ai {actual}, ça devrait être {expected}",
        "Tu peux regarder ? Le résultat n'est pas bon : {call} donne {actual} au lieu de {expected}.\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` ne se termine jamais. Pourquoi ?\n\n```\n{code}\n```",
        "{code}\n\nça tourne à l'infini sur {call}, une idée ?",
    ),
    "debug_expect": (
        "`{call}` devrait donner {expected}, mais non.\n\n```\n{code}\n```",
        "{code}\n\nj'attends {expected} pour {call}, ça ne colle pas. De l'aide ?",
    ),
    "debug_vague": (
        "Il y a quelque chose de subtilement cassé là-dedans et je ne le vois pas.\n\n```\n{code}\n```",
        "{code}\n\nles tests échouent pour certaines entrées, où est le problème ?",
    ),
    "debug_problem": (
        "Je travaille sur ce problème :\n{problem}\n\nMa solution ne passe pas :\n```\n{code}\n```",
        "{code}\n\nC'est pour le problème suivant, et ça ne passe pas.\n{problem}",
        "Tu peux regarder ? {problem}\n\nExemple :\n{example}\n\nMon code :\n{code}",
    ),
    "debug_explain": (
        "Ma solution à ce problème est refusée. Explique pourquoi elle est fausse, corrige-la et donne la complexité de la version corrigée.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nDéroule pas à pas ce que fait vraiment ce code, trouve où ça déraille, puis corrige.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(outils disponibles : {tools})",
        "Outils branchés : {tools}\n\n{task}",
        "{task}\n\nTu peux appeler : {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "Écris du code {pl} qui utilise cette API pour : {task}\n\nAPI : {tools}",
        "J'ai ces fonctions à disposition : {tools}. Donne-moi un extrait {pl} qui les appelle pour : {task}",
    ),
    "tool_fix_call": (
        "Je voulais : {task}\nJ'ai appelé `{call}` et j'ai eu :\n{error}\nQu'est-ce qui ne va pas dans l'appel ? Refais-le correctement.\n\nOutils : {tools}",
        "{error}\n\nça vient de `{call}`. Objectif : {task}. Disponible : {tools}",
    ),
    "question": (
        "{task}",
        "Petite question : {task}",
        "Tu sais ça, par hasard ? {task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "quelle est la différence entre {a} et {b} ?",
        "{a} ou {b}, j'utilise lequel et quand ?",
    ),
    "ask_code": (
        "tu peux me l'écrire ? {task}",
        "{task} stp",
        "J'ai besoin de code pour ça : {task}",
        "dans {file} : {task}",
    ),
    "ask_code_think": (
        "{task}\nréfléchis d'abord à la meilleure approche et pourquoi, puis code-la",
        "Avant d'écrire quoi que ce soit, réfléchis à la complexité. {task}",
        "comment tu résoudrais ça efficacement ? {task}",
    ),
    "ask_snippet": (
        "donne-moi un one-liner qui fait ça : {task}",
        "c'est quoi la commande shell pour : {task}",
        "{task} -- en une ligne de bash ?",
    ),
    "ask_run": (
        "tu peux faire ça dans ce repo pour moi ? {task}",
        "{task}. vas-y, lance-le et dis-moi ce que ça donne",
        "Exécute ça dans le terminal stp : {task}",
    ),
    "ask_sql": (
        "écris-moi le SQL pour : {task}",
        "une requête SQL stp : {task}",
    ),
    "ask_db": (
        "tu peux lancer ça sur notre base ? {task}",
        "{task} (connecte-toi à la base de dev et fais-le)",
    ),
    "ask_tool": (
        "tu peux chercher ça pour moi ? {task}",
        "{task} utilise les outils que tu as",
        "Pourrais-tu t'en occuper pour moi : {task}",
    ),
    "ask_debug": (
        "j'ai ça, une idée ? {task}",
        "à l'aide, c'est cassé : {task}",
        "{task}\n\nd'où ça vient et comment je corrige ?",
        "dans {file} : {task}",
    ),
    "paste_explain": (
        "ça fait quoi, ça ?\n\n```\n{code}\n```",
        "{code}\n\nexplique-moi ça stp",
        "Tu peux me l'expliquer ligne par ligne ?\n{code}",
    ),
    "paste_edit": (
        "ajoute des docstrings à ça\n\n```\n{code}\n```",
        "{code}\n\nrenomme les variables pour que ce soit lisible",
        "Tu peux bien formater ça et ajouter un commentaire en haut ?\n{code}",
    ),
    "followup": (
        "ok merci. maintenant {task}",
        "et aussi : {task}",
        "ça marche. suivant : {task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "merci, ça a marché !",
        "ok cool",
        "salut, ça va ?",
        "laisse tomber, j'ai trouvé",
        "parfait, merci beaucoup",
    ),
    "concept": (
        "quelle est la différence entre une liste et un tuple ?",
        "c'est quoi une API REST ?",
        "quelle est la différence entre git merge et git rebase ?",
        "Python est compilé ou interprété ?",
        "CI, ça veut dire quoi ?",
    ),
    "reason": (
        "Pourquoi quicksort est-il en O(n log n) en moyenne mais en O(n^2) au pire ? Raisonne étape par étape.",
        "Trois services réessaient chacun trois fois en cas d'échec. Si le dernier est en panne, combien de requêtes lui arrivent au total ? Réfléchis bien.",
        "Un interblocage peut-il se produire avec un seul mutex ? Argumente soigneusement.",
        "On hésite entre une file de messages et des appels HTTP directs entre deux services. Pèse le pour et le contre et recommande une option.",
        "Si je mets ça en cache avec un TTL de 5 minutes et qu'il y a une écriture par seconde, quels problèmes de cohérence les utilisateurs peuvent-ils voir ? Réfléchis bien.",
        "Cet algorithme est-il correct aussi pour les nombres négatifs ? Prouve-le ou donne un contre-exemple.",
    ),
    "act": (
        "regarde la CI",
        "tu peux lancer les tests et me dire ce qui échoue ?",
        "Cherche sur le web les dernières notes de version de React et résume-les avec les liens",
        "ouvre une PR avec ces changements",
        "installe les dépendances et lance le serveur de dev",
        "où est définie parse_config dans ce code ?",
        "trouve toutes les utilisations de UserService dans le repo",
        "qu'est-ce qui a changé dans le dernier commit ?",
        "lance le linter sur tout le projet et liste les avertissements",
        "cherche dans la doc les dernières options de read_csv de pandas et dis-moi laquelle ignore les lignes invalides",
    ),
}
