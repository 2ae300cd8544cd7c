# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""Portuguese (Brazilian) request templates."""

TEMPLATES = {
    "math": (
        "{task}",
        "Pode me ajudar com essa?\n\n{task}",
        "{task}\nMostra o passo a passo, por favor.",
    ),
    "math_program": (
        "Escreve uma função em {pl} que resolva isso, pra eu poder mudar os números depois:\n\n{task}",
        "{task}\n\nNão só o resultado: me dá um código {pl} que calcule.",
    ),
    "code_complete": (
        "{code}",
        "Pode preencher o corpo desta função?\n\n```\n{code}\n```",
        "```\n{code}\n```\nimplementa pra mim",
        "Já tenho a assinatura e o comentário, escreve o resto:\n{code}",
    ),
    "code_tests": (
        "Escreva testes unitários para esta função, com casos de borda:\n\n```\n{code}\n```",
        "{code}\n\nque casos de teste você colocaria aqui? manda o código",
    ),
    "code_explain": (
        "O que essa função deveria fazer? Me explica.\n\n```\n{code}\n```",
        "{code}\n\nsou novo no projeto, pode explicar esse trecho?",
    ),
    "algo_then_code": (
        "Antes de escrever, pensa qual abordagem é a mais rápida aqui e por quê, depois implementa.\n\n{code}",
        "{code}\n\nPrimeiro explica o algoritmo e a complexidade, depois o código.",
    ),
    "code_instruction": (
        "{task}",
        "Pode me ajudar com isso? {task}",
    ),
    "debug_crash": (
        "Por que isso lança exceção?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "Rodando `{call}` aparece isso:\n{error}\n\nO código:\n```\n{code}\n```\nO que estou deixando passar?",
    ),
    "debug_crash_line": (
        "Por que isso lança {error}? {line}",
        "estou recebendo `{error}` nesta linha:\n{line}\no que está errado?",
    ),
    "debug_wrong": (
        "`{call}` retorna {actual}, mas eu esperava {expected}. O que está acontecendo?\n\n```\n{code}\n```",
        "{code}\n\ncom {call} sai {actual}, deveria ser {expected}",
        "Dá uma olhada? {call} dá {actual} em vez de {expected}.\n\n{code}",
    ),
    "debug_hang": (
        "`{call}` nunca termina. Por quê?\n\n```\n{code}\n```",
        "{code}\n\ntrava em {call}, alguma ideia?",
    ),
    "debug_expect": (
        "`{call}` deveria dar {expected}, mas não dá.\n\n```\n{code}\n```",
        "{code}\n\nespero {expected} para {call} e não bate. Ajuda?",
    ),
    "debug_vague": (
        "Tem algo sutilmente quebrado aqui e eu não acho.\n\n```\n{code}\n```",
        "{code}\n\nos testes falham com algumas entradas, onde está o problema?",
    ),
    "debug_problem": (
        "Estou resolvendo este problema:\n{problem}\n\nMinha solução não passa:\n```\n{code}\n```",
        "{code}\n\nÉ para o problema abaixo e não passa nos testes.\n{problem}",
        "Dá uma olhada? {problem}\n\nExemplo:\n{example}\n\nMeu código:\n{code}",
    ),
    "debug_explain": (
        "Minha solução para este problema foi rejeitada. Explica por que está errada, corrige e diz a complexidade da versão corrigida.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nSegue passo a passo o que esse código faz de verdade, acha onde ele erra e corrige.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(ferramentas disponíveis: {tools})",
        "Ferramentas conectadas: {tools}\n\n{task}",
        "{task}\n\nVocê pode chamar: {tools}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "Escreva código {pl} que use esta API para: {task}\n\nAPI: {tools}",
        "Tenho estas funções: {tools}. Me dá um trecho em {pl} que as chame para: {task}",
    ),
    "tool_fix_call": (
        "Eu queria: {task}\nChamei `{call}` e recebi:\n{error}\nO que há de errado na chamada? Faz do jeito certo.\n\nFerramentas: {tools}",
        "{error}\n\nisso veio de `{call}`. Objetivo: {task}. Disponível: {tools}",
    ),
    "question": (
        "{task}",
        "Pergunta rápida: {task}",
        "Você sabe isso, por acaso? {task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "qual a diferença entre {a} e {b}?",
        "{a} vs {b}, quando uso cada um?",
    ),
    "ask_code": (
        "consegue escrever isso pra mim? {task}",
        "{task} por favor",
        "Preciso de código pra isso: {task}",
        "em {file}: {task}",
    ),
    "ask_code_think": (
        "{task}\npensa primeiro qual é a melhor abordagem e por quê, depois implementa",
        "Antes de escrever qualquer coisa, raciocina sobre a complexidade. {task}",
        "como você resolveria isso de forma eficiente? {task}",
    ),
    "ask_snippet": (
        "me dá um one-liner que faça isso: {task}",
        "qual é o comando de shell pra isso: {task}",
        "{task} -- numa linha de bash?",
    ),
    "ask_run": (
        "consegue fazer isso neste repo pra mim? {task}",
        "{task}. roda aí e me diz o que deu",
        "Executa no terminal, por favor: {task}",
    ),
    "ask_sql": (
        "escreve o SQL pra isso: {task}",
        "uma query SQL, por favor: {task}",
    ),
    "ask_db": (
        "pode rodar isso no nosso banco? {task}",
        "{task} (conecta no banco de dev e faz)",
    ),
    "ask_tool": (
        "pode pesquisar isso pra mim? {task}",
        "{task} usa as ferramentas que você tiver",
        "Você poderia resolver isso pra mim: {task}",
    ),
    "ask_debug": (
        "tá dando isso, alguma ideia? {task}",
        "socorro, quebrou: {task}",
        "{task}\n\no que causa isso e como eu corrijo?",
        "em {file}: {task}",
    ),
    "paste_explain": (
        "o que isso faz?\n\n```\n{code}\n```",
        "{code}\n\nme explica isso por favor",
        "Pode me explicar linha por linha?\n{code}",
    ),
    "paste_edit": (
        "adiciona docstrings nisso\n\n```\n{code}\n```",
        "{code}\n\nrenomeia as variáveis pra algo legível",
        "Pode formatar isso direito e pôr um comentário no topo?\n{code}",
    ),
    "followup": (
        "ok valeu. agora {task}",
        "e também: {task}",
        "funcionou. próximo: {task}",
    ),
}

HANDWRITTEN = {
    "chat": (
        "valeu, funcionou!",
        "ok show",
        "oi, tudo bem?",
        "deixa, já descobri",
        "perfeito, muito obrigado",
    ),
    "concept": (
        "qual a diferença entre lista e tupla?",
        "o que é uma API REST?",
        "qual a diferença entre git merge e git rebase?",
        "Python é compilado ou interpretado?",
        "o que significa CI?",
    ),
    "reason": (
        "Por que o quicksort é O(n log n) em média mas O(n^2) no pior caso? Raciocina passo a passo.",
        "Três serviços tentam de novo três vezes cada um quando falham. Se o último está fora do ar, quantas requisições chegam nele no total? Pensa com calma.",
        "Pode acontecer um deadlock com um único mutex? Argumenta com cuidado.",
        "Estamos escolhendo entre uma fila de mensagens e chamadas HTTP diretas entre dois serviços. Pesa os prós e contras e recomenda uma.",
        "Se eu fizer cache disso com TTL de 5 minutos e houver escrita a cada segundo, que problemas de consistência os usuários podem ver? Pensa com calma.",
        "Esse algoritmo também funciona para números negativos? Prova ou dá um contraexemplo.",
    ),
    "act": (
        "dá uma olhada no CI",
        "pode rodar os testes e me dizer o que falha?",
        "Pesquisa na web as últimas release notes do React e resume com os links",
        "abre um PR com essas mudanças",
        "instala as dependências e sobe o servidor de dev",
        "onde parse_config está definida neste código?",
        "acha todos os usos de UserService no repo",
        "o que mudou no último commit?",
        "roda o linter no projeto inteiro e lista os avisos",
        "procura na documentação as opções mais novas do read_csv do pandas e me diz qual pula linhas com erro",
    ),
}
