"""Signature stubs of LeetCode solutions (DebugBench "write it" requests)."""

from __future__ import annotations

from hydra_router.training.dataset.compose_debug import compose_debugbench
from hydra_router.training.dataset.sources import QueryItem
from hydra_router.training.dataset.stubs import Signature, entry_signature, stub

PYTHON = """
class Solution:
    def helper(self, grid, i):
        return grid[i]

    def numIslands(self, grid: List[List[str]]) -> int:
        return sum(self.helper(grid, i) for i in range(3))
"""

JAVA = """
class Solution {
    private int walk(int[] a) { return a[0]; }
    public List<Integer> twoSum(int[] nums, int target) throws Exception {
        for (int i = 0; i < nums.length; i++) { if (nums[i] == target) return null; }
        return null;
    }
}
"""

CPP = """
long long mod = 1e9+7;
class Solution {
public:
    int f(vector<vector<int>>& nums, int i, int j, int n)
    {
        if (i < 0) return 0;
        return 1;
    }

    int knightDialer(int n) {
        for (int i = 0; i < 3; i++) { }
        return f(nums, 0, 0, n);
    }
};
"""


def test_the_method_named_after_the_slug_is_the_entry() -> None:
    assert entry_signature(PYTHON, "python3", "number-of-islands") == Signature(
        "python3", "def numIslands(self, grid: List[List[str]]) -> int"
    )
    assert entry_signature(JAVA, "java", "two-sum") == Signature(
        "java", "public List<Integer> twoSum(int[] nums, int target) throws Exception"
    )
    assert entry_signature(CPP, "cpp", "knight-dialer") == Signature(
        "cpp", "int knightDialer(int n)"
    )


def test_without_a_matching_name_the_most_similar_then_the_last_method_is_taken() -> None:
    assert entry_signature(PYTHON, "python3", "count-islands").declaration.startswith(
        "def numIslands"
    )
    assert entry_signature(CPP, "cpp", "phone-pad").declaration == "int knightDialer(int n)"


def test_code_without_a_solution_class_or_language_gives_none() -> None:
    assert entry_signature("def twoSum(nums, t):\n    return []\n", "python3", "two-sum") is None
    assert entry_signature(PYTHON, "rust", "number-of-islands") is None
    assert entry_signature("class Solution:\n    x = 1\n", "python3", "x") is None


def test_stub_keeps_the_problem_wrapped_and_leaves_the_body_empty() -> None:
    problem = "Given an m x n grid of '1's and '0's, return the number of islands. " * 3
    text = stub(Signature("python3", "def numIslands(self, grid) -> int"), problem)
    lines = text.splitlines()
    assert lines[:3] == ["class Solution:", "    def numIslands(self, grid) -> int:", '        """']
    assert lines[-1] == '        """' and all(len(line) <= 76 for line in lines)
    assert " ".join(line.strip() for line in lines[3:-1]) == problem.strip()
    java = stub(Signature("java", "public int twoSum(int[] a)"), "Two lines.\nSecond one.")
    assert "     * Two lines.\n     *\n     * Second one.\n" in java
    assert java.endswith("    public int twoSum(int[] a) {\n\n    }\n}\n")
    cpp = stub(Signature("cpp", "int knightDialer(int n)"), "Count numbers.")
    assert cpp == (
        "class Solution {\npublic:\n    // Count numbers.\n"
        "    int knightDialer(int n) {\n\n    }\n};\n"
    )


def _solutions(*element_types: str) -> list[QueryItem]:
    """DebugBench items of one problem whose solutions declare different element types."""
    return [
        QueryItem(
            id=f"sort-{n}",
            source="debugbench",
            lang="en",
            text="",
            group="sort-an-array",
            meta={
                "slug": "sort-an-array",
                "programming_language": "cpp",
                "problem": "Sort the array in ascending order.",
                "code": f"class Solution {{\npublic:\n    {t} sortArray({t}& nums) {{\n"
                "        return nums;\n    }\n};\n",
            },
        )
        for n, t in enumerate(element_types)
    ]


def test_a_tie_between_signatures_goes_to_the_first_solution() -> None:
    def stub_of(items: list[QueryItem]) -> str:
        return next(r.text for r in compose_debugbench(items, seed=3) if r.variant == "stub")

    assert "vector<int> sortArray(vector<int>& nums)" in stub_of(
        _solutions("vector<int>", "list<int>")
    )
    assert "list<int> sortArray(list<int>& nums)" in stub_of(_solutions("list<int>", "vector<int>"))
    assert "vector<int> sortArray" in stub_of(_solutions("list<int>", "vector<int>", "vector<int>"))
