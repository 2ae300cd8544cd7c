"""Test inputs for the QuixBugs Python programs, written for this project.

QuixBugs' own test files are not in the shared data, so each program gets
one or two small calls here (setup statements + a call expression). The
buggy and the fixed program both run on them; where they differ we have
observed the bug. Graph programs get their nodes from the harness's `Node`.
"""

from __future__ import annotations

_CHAIN = "a = Node('a'); b = Node('b'); c = Node('c'); a.successor = b; b.successor = c"
_GRAPH = (
    "a = Node('a'); b = Node('b'); c = Node('c'); d = Node('d'); "
    "a.successors = [b]; b.successors = [c, a]; c.successors = [a]"
)

# program -> list of (setup, call)
QUIXBUGS_CASES: dict[str, list[tuple[str, str]]] = {
    "bitcount": [("", "bitcount(127)"), ("", "bitcount(128)")],
    "breadth_first_search": [
        (_GRAPH, "breadth_first_search(a, c)"),
        (_GRAPH, "breadth_first_search(a, d)"),
    ],
    "bucketsort": [("", "bucketsort([3, 1, 4, 1, 5, 2], 6)")],
    "depth_first_search": [
        (_GRAPH, "depth_first_search(a, c)"),
        (_GRAPH, "depth_first_search(a, d)"),
    ],
    "detect_cycle": [
        (_CHAIN, "detect_cycle(a)"),
        ("a = Node('a'); b = Node('b'); a.successor = b", "detect_cycle(a)"),
        (_CHAIN + "; c.successor = a", "detect_cycle(a)"),
    ],
    "find_first_in_sorted": [
        ("", "find_first_in_sorted([3, 4, 5, 5, 5, 5, 6], 5)"),
        ("", "find_first_in_sorted([3, 4, 5, 6], 7)"),
    ],
    "find_in_sorted": [
        ("", "find_in_sorted([3, 4, 5, 5, 5, 5, 6], 5)"),
        ("", "find_in_sorted([1, 2, 3, 4], 4)"),
        ("", "find_in_sorted([3, 4, 5, 5, 5, 5, 6], 7)"),
    ],
    "flatten": [("", "list(flatten([[1, [], [2, 3]], [[4]], 5]))")],
    "gcd": [("", "gcd(35, 21)"), ("", "gcd(13, 7)")],
    "get_factors": [("", "get_factors(100)"), ("", "get_factors(1)")],
    "hanoi": [("", "hanoi(2)"), ("", "hanoi(3, 1, 2)")],
    "is_valid_parenthesization": [
        ("", "is_valid_parenthesization('((()()))()')"),
        ("", "is_valid_parenthesization('(()')"),
    ],
    "kheapsort": [("", "list(kheapsort([3, 2, 1, 5, 4], 2))")],
    "knapsack": [
        ("", "knapsack(100, [(60, 10), (50, 20), (20, 45), (99, 100)])"),
        ("", "knapsack(10, [(10, 5), (4, 3)])"),
    ],
    "kth": [("", "kth([1, 2, 3, 4, 5, 6, 7], 4)"), ("", "kth([3, 6, 7, 1, 6, 3, 8, 9], 5)")],
    "lcs_length": [
        ("", "lcs_length('witch', 'sandwich')"),
        ("", "lcs_length('meow', 'homeowner')"),
    ],
    "levenshtein": [
        ("", "levenshtein('electron', 'neutron')"),
        ("", "levenshtein('kitten', 'sitting')"),
    ],
    "lis": [("", "lis([4, 1, 5, 3, 7, 6, 2])"), ("", "lis([10, 22, 9, 33, 21, 50, 41, 60, 80])")],
    "longest_common_subsequence": [
        ("", "longest_common_subsequence('headache', 'pentadactyl')"),
        ("", "longest_common_subsequence('aab', 'ab')"),
    ],
    "max_sublist_sum": [
        ("", "max_sublist_sum([4, -5, 2, 1, -1, 3])"),
        ("", "max_sublist_sum([-1, -2])"),
    ],
    "mergesort": [("", "mergesort([5, 3, 1, 4, 2])"), ("", "mergesort([])")],
    "minimum_spanning_tree": [
        ("", "sorted(minimum_spanning_tree({(1, 2): 10, (2, 3): 15, (3, 4): 10, (1, 4): 10}))")
    ],
    "next_palindrome": [
        ("", "next_palindrome([1, 4, 9, 4, 1])"),
        ("", "next_palindrome([9, 9, 9])"),
    ],
    "next_permutation": [
        ("", "next_permutation([3, 2, 4, 1])"),
        ("", "next_permutation([1, 2, 3])"),
    ],
    "pascal": [("", "pascal(5)")],
    "possible_change": [
        ("", "possible_change([1, 5, 10, 25], 11)"),
        ("", "possible_change([5, 10], 3)"),
    ],
    "powerset": [("", "powerset(['a', 'b', 'c'])")],
    "quicksort": [("", "quicksort([5, 3, 1, 4, 2, 3])")],
    "reverse_linked_list": [(_CHAIN, "values(reverse_linked_list(a))")],
    "rpn_eval": [("", "rpn_eval([3.0, 5.0, '+', 2.0, '/'])"), ("", "rpn_eval([7.0, 4.0, '-'])")],
    "shortest_path_length": [
        (
            _GRAPH + "; w = {(a, b): 3, (b, c): 1, (a, c): 10, (c, a): 2}",
            "shortest_path_length(w, a, c)",
        )
    ],
    "shortest_path_lengths": [
        (
            "",
            "sorted(shortest_path_lengths(4, {(0, 2): 3, (0, 1): 1, (1, 2): 1, "
            "(2, 3): 1}).items())",
        )
    ],
    "shortest_paths": [
        (
            "",
            "sorted(shortest_paths('A', {('A', 'B'): 3, ('A', 'C'): 3, ('A', 'F'): 5, "
            "('C', 'B'): -2, ('C', 'D'): 7, ('C', 'E'): 4, ('D', 'E'): -5, ('E', 'F'): -1})"
            ".items())",
        )
    ],
    "shunting_yard": [
        ("", "shunting_yard([10, '-', 5, '-', 2])"),
        ("", "shunting_yard([3, '+', 4, '*', 2])"),
    ],
    "sieve": [("", "sieve(30)")],
    "sqrt": [("", "round(sqrt(2, 0.01), 2)")],
    "subsequences": [("", "subsequences(1, 5, 3)")],
    "to_base": [("", "to_base(31, 16)"), ("", "to_base(8, 2)")],
    "topological_ordering": [
        (
            "a = Node('a'); b = Node('b'); c = Node('c'); "
            "a.outgoing_nodes = [b, c]; b.incoming_nodes = [a]; "
            "c.incoming_nodes = [a, b]; b.outgoing_nodes = [c]",
            "values_of(topological_ordering([a, b, c]))",
        )
    ],
    "wrap": [("", "wrap('The quick brown fox jumps over the lazy dog', 10)")],
}
