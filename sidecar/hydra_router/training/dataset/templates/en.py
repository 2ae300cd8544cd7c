# ruff: noqa: E501  (request templates are natural-language strings; wrapping them would change them)
"""English request templates (placeholders: see templates/__init__.py)."""

TEMPLATES = {
    "math": (
        "{task}",
        "Can you help me with this one?\n\n{task}",
        "{task}\nShow the steps please.",
        "My kid brought this home and I'm stuck:\n{task}",
        "quick one: {task}",
    ),
    "math_program": (
        "Write a {pl} function that answers this, so I can change the numbers later:\n\n{task}",
        "{task}\n\nInstead of just the number, give me {pl} code that computes it.",
        "Can you turn this word problem into a small {pl} script?\n{task}",
    ),
    "code_complete": (
        "{code}",
        "Can you fill in the body of this?\n\n```\n{code}\n```",
        "```\n{code}\n```\nimplement this pls",
        "I started this function but don't know how to finish it:\n\n{code}",
        "Here's the signature and the doc comment. Write the rest.\n\n{code}",
    ),
    "code_tests": (
        "Write unit tests for this function, edge cases included:\n\n```\n{code}\n```",
        "{code}\n\nwhat test cases would you add here? give me the code",
        "Can you look at this and give me a test file that covers it?\n\n{code}",
    ),
    "code_explain": (
        "What is this function supposed to do? Walk me through it.\n\n```\n{code}\n```",
        "{code}\n\nexplain this to me like I'm new to the codebase",
        "Can you look at this and tell me in plain words what it's for?\n\n{code}",
    ),
    "algo_then_code": (
        "Before writing anything, think about which approach is fastest here and why, then implement it.\n\n{code}",
        "{code}\n\nFirst explain the algorithm and its complexity, then give me the code.",
        "What's the best way to solve this? Compare a couple of approaches and then write the best one.\n\n```\n{code}\n```",
    ),
    "code_instruction": (
        "{task}",
        "Can you help me with this?\n\n{task}",
        "{task}\nJust the code is fine.",
    ),
    "debug_crash": (
        "Why does this throw?\n\n```\n{code}\n```\n\n```\n{error}\n```",
        "{error}\n\n{code}",
        "Running `{call}` gives me this:\n\n{error}\n\nHere's the code:\n```\n{code}\n```\nWhat am I missing?",
        "can you look at this? it blows up on `{call}`\n\n{code}\n\n{error}",
    ),
    "debug_crash_line": (
        "Why does this throw {error}? {line}",
        "getting `{error}` on this line:\n{line}\nwhat's wrong?",
    ),
    "debug_wrong": (
        "`{call}` returns {actual} but I expected {expected}. What's going on?\n\n```\n{code}\n```",
        "{code}\n\nfor {call} I get {actual}, should be {expected}",
        "Can you help me with this? The output is off: {call} gives {actual} instead of {expected}.\n\n{code}",
        "This looks right to me but {call} -> {actual} (expected {expected}).\n```\n{code}\n```",
    ),
    "debug_hang": (
        "`{call}` never returns. Why?\n\n```\n{code}\n```",
        "{code}\n\nthis just spins forever on {call}, any idea?",
        "Can you look at this? My test with {call} times out.\n\n{code}",
    ),
    "debug_expect": (
        "`{call}` should give {expected} but it doesn't.\n\n```\n{code}\n```",
        "{code}\n\nexpected {expected} for {call}, not getting it. help?",
        "Something's off in this code: calling {call} doesn't produce {expected}.\n{code}",
    ),
    "debug_vague": (
        "Something in here is subtly broken and I can't see it.\n\n```\n{code}\n```",
        "{code}\n\nthe tests fail on some inputs, where's the problem?",
        "Can you review this? A colleague says it's wrong for some cases.\n\n{code}",
    ),
    "debug_problem": (
        "I'm solving this:\n{problem}\n\nMy solution fails:\n```\n{code}\n```",
        "{code}\n\nThis is for the following problem, and it doesn't pass.\n{problem}",
        "Can you help me with this? {problem}\n\nExample:\n{example}\n\nMy code:\n{code}",
        "```\n{code}\n```\nwrong answer on the judge. Task: {problem}",
    ),
    "debug_explain": (
        "My solution to this problem is rejected. Explain why it's wrong, fix it, and tell me the time complexity of the fixed version.\n\n{problem}\n\n```\n{code}\n```",
        "{problem}\n\n{code}\n\nWalk me through what this code actually does step by step, find where it goes wrong, then correct it.",
    ),
    "tool_request": (
        "{task}",
        "{task}\n\n(available tools: {tools})",
        "Tools I have hooked up: {tools}\n\n{task}",
        "Using the tools you have ({tools}): {task}",
        "{task}\n\nYou can call: {tools}",
        "Functions hooked up in this workspace: {tools}\n{task}",
        "{tools}\n---\n{task}",
    ),
    "tool_code": (
        "Write {pl} code that uses this API to do the following: {task}\n\nAPI: {tools}",
        "I have these functions available: {tools}. Give me a {pl} snippet that calls them to: {task}",
        "{task}\n\nCan you write the {pl} that does this with {tools}?",
    ),
    "tool_fix_call": (
        "I tried to do this: {task}\nI called `{call}` and got:\n{error}\nWhat's wrong with the call? Do it correctly.\n\nTools: {tools}",
        "{error}\n\nthat's from `{call}`. The goal: {task}. Available: {tools}",
        'Can you look at this? My tool call `{call}` fails with "{error}". I want to: {task} (tools: {tools})',
    ),
    "question": (
        "{task}",
        "Quick question: {task}",
        "Do you happen to know this? {task}",
    ),
}

# Editor-chat framings around developer requests (compose_requests); the request text
# stays as the source wrote it.
REQUEST_TEMPLATES = {
    "concept_diff": (
        "what's the difference between {a} and {b}?",
        "{a} vs {b}, when do I use which?",
    ),
    "ask_code": (
        "{task}",
        "can you write this for me? {task}",
        "{task} pls",
        "I need some code for this: {task}",
        "in {file}: {task}",
    ),
    "ask_code_think": (
        "{task}\nthink it through first, what's the best approach and why? then code it",
        "Before you write anything, reason about the complexity here. {task}",
        "how would you solve this efficiently? {task}",
    ),
    "ask_snippet": (
        "give me a one-liner that does this: {task}",
        "whats the shell command to do this: {task}",
        "{task} -- bash one-liner?",
        "how do I do this in the terminal? {task}",
    ),
    "ask_run": (
        "can you do this in this repo for me? {task}",
        "{task}. go ahead and run it and tell me what you get",
        "run it in the terminal for me pls: {task}",
        "On my machine: {task}. Just do it, don't explain.",
    ),
    "ask_sql": (
        "write the SQL for this: {task}",
        "sql query pls: {task}",
        "How would I query this? {task}",
    ),
    "ask_db": (
        "can you run this against our db? {task}",
        "{task} (connect to the dev database and do it)",
        "Please query the live DB for me: {task}",
    ),
    "ask_tool": (
        "{task}",
        "can you look this up for me? {task}",
        "{task} use whatever tools you have",
        "Could you go and do this for me: {task}",
    ),
    "ask_debug": (
        "{task}",
        "getting this, any idea? {task}",
        "pls help, this is broken: {task}",
        "{task}\n\nwhat's causing this and how do I fix it?",
        "in {file}: {task}",
    ),
    "paste_explain": (
        "what does this do?\n\n```\n{code}\n```",
        "{code}\n\nexplain this pls",
        "Can you walk me through this line by line?\n{code}",
        "```\n{code}\n```\nwhat's this for",
    ),
    "paste_edit": (
        "add docstrings to this\n\n```\n{code}\n```",
        "{code}\n\nrename the variables to something readable",
        "Can you format this nicely and add a comment on top?\n{code}",
    ),
    "followup": (
        "ok thanks. now {task}",
        "also, {task}",
        "that worked. next one: {task}",
    ),
}

# Requests written by hand; index i of a list is the same request in every language.
HANDWRITTEN = {
    # chit-chat and thanks: nothing needed
    "chat": (
        "thanks, that worked!",
        "ok cool",
        "hi, how are you?",
        "never mind, I figured it out",
        "perfect, thank you so much",
    ),
    # conceptual questions: a little reasoning, nothing else
    "concept": (
        "what's the difference between a list and a tuple?",
        "what is a REST API?",
        "what's the difference between git merge and git rebase?",
        "is Python compiled or interpreted?",
        "what does CI stand for?",
    ),
    # genuine reasoning asks
    "reason": (
        "Why is quicksort O(n log n) on average but O(n^2) in the worst case? Reason it through step by step.",
        "We have 3 services that each retry 3 times on failure. If the last one is down, how many requests hit it in total? Think it through.",
        "Is it possible for a deadlock to occur with only one mutex? Argue carefully.",
        "We're choosing between a message queue and direct HTTP calls between two services. Weigh the trade-offs and recommend one.",
        "If I cache this with a 5 minute TTL and writes happen every second, what consistency problems can users see? Think it through.",
        "Is this algorithm correct for negative numbers too? Prove it or give a counterexample.",
    ),
    # acting in the workspace or on the web
    "act": (
        "check the CI",
        "can you run the tests and tell me what fails?",
        "Search the web for the latest release notes of React and summarize them with links",
        "open a PR with these changes",
        "install the dependencies and start the dev server",
        "where is parse_config defined in this codebase?",
        "find all usages of UserService in the repo",
        "what changed in the last commit?",
        "run the linter on the whole project and list the warnings",
        "look up the docs for the latest pandas read_csv options and tell me which one skips bad lines",
    ),
}
