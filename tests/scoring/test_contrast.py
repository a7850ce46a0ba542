"""Contrasting claims: compared things from the question, swapped / reversed / negated variants,
and the sentence of an answer that turns a key point around."""

from __future__ import annotations

from interview_cli.scoring.contrast import (
    align,
    claim_clause,
    compared_items,
    items_per_point,
    negate,
    point_items,
    reverse_direction,
    rubric_pairs,
    swap_items,
    variants,
)

BFS_Q = "Compare breadth-first search and depth-first search. When is each the better choice?"
BFS_KP = [
    "BFS explores level by level using a queue; DFS goes deep first using a stack or recursion.",
    "BFS finds shortest paths in unweighted graphs.",
]


def names(question: str, rubric: list[str]) -> list[str]:
    return [item.name for item in compared_items(question, rubric)]


def test_compared_items_come_from_the_question_and_the_rubric() -> None:
    # the question spells them out, the rubric uses acronyms: both are the same things
    assert names(BFS_Q, BFS_KP) == ["BFS", "DFS"]
    assert names(
        "Compare TCP and UDP. When would you choose UDP?", ["TCP is reliable; UDP is not."]
    ) == [
        "TCP",
        "UDP",
    ]
    l1l2 = names(
        "Compare L1 and L2 regularization. Why does L1 tend to produce sparse models?",
        ["L1 adds absolute weights to the loss; L2 adds squared weights."],
    )
    assert l1l2 == ["L1", "L2"]
    korean = names(
        "낙관적 락(optimistic lock)과 비관적 락(pessimistic lock)의 차이를 설명해 주세요.",
        ["비관적 락은 읽을 때부터 행을 잠근다.", "낙관적 락은 version 컬럼으로 충돌을 확인한다."],
    )
    assert korean == ["낙관적 락", "비관적 락"]


def test_no_items_when_the_question_compares_nothing() -> None:
    assert names("How does a hash table work?", ["Keys are hashed into buckets."]) == []
    # a compared thing the rubric never names cannot be swapped with anything
    items = compared_items("Compare apples and oranges.", ["Apples are red."])
    assert len(items) == 1
    assert swap_items("Apples are red.", items) is None


def test_swap_exchanges_the_roles_of_two_named_things() -> None:
    items = compared_items(BFS_Q, BFS_KP)
    assert swap_items(BFS_KP[0], items) == (
        "DFS explores level by level using a queue; BFS goes deep first using a stack or recursion."
    )
    # a claim about one of them is given to the other
    assert swap_items(BFS_KP[1], items) == "DFS finds shortest paths in unweighted graphs."


def test_reverse_turns_direction_words_and_complexity_around() -> None:
    assert reverse_direction("Switching threads is faster than switching processes.") == (
        "Switching threads is slower than switching processes."
    )
    assert reverse_direction("Lookup takes O(log n) time.") == "Lookup takes O(n) time."
    assert reverse_direction("기울기 분산이 낮다.") == "기울기 분산이 높다."
    assert reverse_direction("연산이 빠르다.") == "연산이 느리다."
    # both sides already named: nothing to turn around
    assert reverse_direction("Pick higher or lower thresholds as needed.") is None
    # 높이 (height) and 크기 (size) are nouns, not directions
    assert reverse_direction("트리의 높이가 h이면 크기는 2^h이다.") is None


def test_negate_in_english_and_korean() -> None:
    assert negate("A stack is LIFO.") == "A stack is not LIFO."
    assert negate("TCP does not guarantee timing.") == "TCP does guarantee timing."
    assert (
        negate("Dropout zeroes activations.") == "It is not true that dropout zeroes activations."
    )
    assert negate("비관적 락은 행을 잠근다.") == "비관적 락은 행을 잠그지 않는다."
    assert negate("스레드는 주소 공간을 공유한다.") == "스레드는 주소 공간을 공유하지 않는다."
    assert negate("해시 충돌이 생길 수 있다.") == "해시 충돌이 생길 수 없다."


def test_variants_are_distinct_from_the_point_and_each_other() -> None:
    items = compared_items(BFS_Q, BFS_KP)
    made = variants(BFS_KP[0], items)
    assert [v.kind for v in made] == ["swapped", "reversed", "negated"]
    texts = [v.text for v in made]
    assert len(set(texts)) == 3 and BFS_KP[0] not in texts


def test_align_finds_the_sentence_that_swaps_roles() -> None:
    items = compared_items(BFS_Q, BFS_KP)
    right = "BFS goes level by level with a queue. DFS goes deep first with a stack."
    wrong = "DFS goes level by level with a queue. BFS goes deep first with a stack."
    assert align(BFS_KP[0], right, items).role_conflict == 0.0
    found = align(BFS_KP[0], wrong, items)
    assert found.role_conflict > 0.5
    assert found.sentence is not None


def test_align_sees_negation_and_reversal() -> None:
    point = "Switching between threads is cheaper than switching between processes."
    said = "Switching between threads is more expensive than switching between processes."
    assert align(point, said, []).direction_flip > 0.5
    assert align(point, point, []).direction_flip == 0.0
    negated = "Switching between threads is not cheaper than switching between processes."
    assert align(point, negated, []).negation_flip > 0.5
    assert align(point, "Something unrelated entirely.", []).sentence is None


def test_a_name_inside_another_is_still_its_own_thing() -> None:
    sql = names(
        "What is the difference between SQL and NoSQL databases?",
        ["SQL databases use fixed schemas; NoSQL databases are flexible."],
    )
    assert sql == ["SQL", "NoSQL databases"]
    sync = names(
        "동기와 비동기 방식의 차이는?", ["동기 방식은 기다린다.", "비동기 방식은 기다리지 않는다."]
    )
    assert sync == ["동기", "비동기 방식"]


def test_singular_and_plural_name_the_same_thing() -> None:
    found = compared_items(
        "What is the difference between a process and a thread?",
        ["Threads of one process share its memory; processes have separate ones."],
    )
    assert [item.name for item in found] == ["processes", "threads"]
    assert "process" in found[0].aliases


def test_the_subject_is_the_thing_the_clause_is_about() -> None:
    english = compared_items("Compare BFS and DFS", ["BFS uses a queue.", "DFS uses a stack."])
    assert align("BFS uses a queue.", "Unlike DFS, BFS uses a queue.", english).role_conflict == 0
    korean = compared_items("BFS와 DFS의 차이", ["BFS는 큐를 사용한다.", "DFS는 스택을 사용한다."])
    said = "DFS와 달리 BFS는 큐를 사용한다."
    assert align("BFS는 큐를 사용한다.", said, korean).role_conflict == 0


def test_contractions_and_curly_apostrophes_are_negations() -> None:
    point = "A stable sort does not change the relative order of equal elements."
    for said in (
        "A stable sort doesn’t change the relative order of equal elements.",
        "A stable sort wouldn't change the relative order of equal elements.",
    ):
        assert align(point, said, []).negation_flip == 0.0


def test_complexity_classes_with_nested_parentheses() -> None:
    # no other class to turn O((V + E) log V) into: no reversed twin, and no error
    assert reverse_direction("Dijkstra runs in O((V + E) log V) with a heap.") is None
    assert reverse_direction("Lookup is O(1) on average.") == "Lookup is O(n) on average."
    # an unclosed "O(" in a long answer is just text
    assert align("Lookup is O(1).", "O(" + "x" * 5000, []).sentence is None


def test_a_clause_without_a_name_goes_on_about_the_last_one_named() -> None:
    # the swapped answer names the thing once and says the rest in a following clause
    items = compared_items(BFS_Q, BFS_KP)
    wrong = "Because DFS reaches nodes by hop count, it finds shortest paths in unweighted graphs."
    assert align(BFS_KP[1], wrong, items).role_conflict > 0.5
    right = "Because BFS reaches nodes by hop count, it finds shortest paths in unweighted graphs."
    assert align(BFS_KP[1], right, items).role_conflict == 0.0
    question = "크루스칼과 프림 알고리즘의 차이"
    rubric = [
        "크루스칼은 간선을 가중치 순으로 정렬하고, 사이클을 만들지 않는 간선만 추가한다.",
        "프림은 한 정점에서 시작해 트리를 넓힌다.",
    ]
    korean = compared_items(question, rubric)
    said = "프림은 간선을 가중치 순으로 정렬하고, 사이클을 만들지 않는 간선만 추가합니다."
    assert align(rubric[0], said, korean).role_conflict > 0.5


def test_one_word_tied_the_other_way_is_a_weak_cue() -> None:
    items = compared_items("Kruskal vs Prim", ["Kruskal is O(E log E).", "Prim is O(E log V)."])
    # "log" belongs to both; the answer's only shared word happens to sit in Prim's clause
    found = align("Kruskal is O(E log E).", "Prim runs in O(E log V) with a heap.", items)
    assert found.role_conflict < 0.5


def test_a_negation_in_another_clause_says_nothing_about_the_point() -> None:
    point = "Acknowledge a message only after processing it."
    said = "I acknowledge a message only after processing it, so a bad one does not block the rest."
    assert align(point, said, []).negation_flip == 0.0
    stated = "I do not acknowledge a message after processing it."
    assert align(point, stated, []).negation_flip > 0.5
    korean = "캐시 라인 단위로 메모리를 가져온다."
    said_ko = "CPU는 한 바이트씩 가져오지 않고 캐시 라인 단위로 메모리를 가져옵니다."
    assert align(korean, said_ko, []).negation_flip == 0.0
    assert align(korean, "캐시 라인 단위로 메모리를 가져오지 않고", []).negation_flip > 0.5


def test_korean_particles_follow_the_swapped_word() -> None:
    items = compared_items("스핀락과 뮤텍스의 차이", ["스핀락은 돈다.", "뮤텍스는 잠든다."])
    assert swap_items("스핀락은 루프를 돈다.", items) == "뮤텍스는 루프를 돈다."
    assert swap_items("뮤텍스는 스레드를 재운다.", items) == "스핀락은 스레드를 재운다."
    both = swap_items("짧으면 스핀락이, 길면 뮤텍스가 유리하다.", items)
    assert both == "짧으면 뮤텍스가, 길면 스핀락이 유리하다."
    assert swap_items("스핀락으로 구현한다", items) == "뮤텍스로 구현한다"
    assert swap_items("뮤텍스를 쓴다", items) == "스핀락을 쓴다"


def test_the_model_reads_the_part_of_the_sentence_that_says_the_point() -> None:
    items = compared_items(BFS_Q, BFS_KP)
    said = "BFS keeps a queue of the frontier, while DFS goes deep first with a stack."
    assert claim_clause(BFS_KP[1], "BFS finds shortest paths, and DFS does not.", items) == (
        "BFS finds shortest paths"
    )
    assert claim_clause("DFS goes deep first using a stack.", said, items) == (
        "DFS goes deep first with a stack."
    )
    # a part naming neither thing reaches back to the last one named; a list stays whole
    because = "Because DFS visits by hop count, it finds shortest paths in unweighted graphs."
    assert claim_clause(BFS_KP[1], because, items) == because
    listed = "BFS is for cycle detection, topological sort and backtracking."
    point = "DFS suits cycle detection, topological sort and backtracking."
    assert claim_clause(point, listed, items) == listed
    ko = compared_items("스핀락과 뮤텍스의 차이", ["스핀락은 돈다.", "뮤텍스는 잠든다."])
    sentence = "뮤텍스는 루프를 돌면서 확인하는 방식이고, 스핀락은 스레드를 재우는 방식입니다"
    assert (
        claim_clause("스핀락은 스레드를 재운다.", sentence, ko)
        == "스핀락은 스레드를 재우는 방식입니다"
    )


def test_polite_and_short_korean_negations() -> None:
    point = "크루스칼은 사이클을 만드는 간선을 배제한다."
    said = "크루스칼은 사이클을 만드는 간선을 배제하지 않습니다."
    assert align(point, said, []).negation_flip > 0.5
    assert align("사이클이 생기면 버린다.", "사이클이 안 생기면 버립니다.", []).negation_flip > 0.5
    assert align("배열 안에서 찾는다.", "배열 안에서 찾습니다.", []).negation_flip == 0.0


def test_a_point_pairing_both_things_is_read_with_both_halves() -> None:
    items = compared_items(BFS_Q, BFS_KP)
    said = "DFS explores level by level with a queue, while BFS goes deep with a stack."
    assert claim_clause(BFS_KP[0], said, items) == said


def test_swapped_names_keep_number_and_capital() -> None:
    items = compared_items(
        "What are the differences between a list and a tuple?",
        ["Lists are mutable; tuples are not.", "A tuple is hashable; a list is not."],
    )
    swapped = swap_items("Lists are mutable, while tuples are immutable.", items)
    assert swapped == "Tuples are mutable, while lists are immutable."


def _twin(point: str, said: str, kind: str) -> str | None:
    return next((v.text for v in variants(point, [], said) if v.kind == kind), None)


def test_the_reversed_twin_turns_what_the_answer_turns() -> None:
    point = "Switching threads is faster than switching processes and uses less memory."
    # the answer keeps "faster" and turns "less": so does the twin
    assert _twin(point, "Switching threads is faster but uses more memory", "reversed") == (
        "Switching threads is faster than switching processes and uses more memory."
    )
    # the complexity class the answer gives, not a made-up one
    assert _twin("크루스칼은 O(E log E)이다.", "정렬 때문에 O(E²)이 걸립니다", "reversed") == (
        "크루스칼은 O(E²)이다."
    )
    # nothing turned in the clause: the plain reversal
    assert _twin(point, "Threads are light", "reversed") == reverse_direction(point)


def test_the_negated_twin_speaks_as_the_answer_negates() -> None:
    assert _twin("The mean is sensitive to outliers.", "The mean isn't sensitive", "negated") == (
        "The mean isn't sensitive to outliers."
    )
    assert _twin("A mutex has ownership.", "but it has no ownership", "negated") == (
        "A mutex has no ownership."
    )
    assert _twin(
        "L1 drives many weights to zero.", "L1 doesn't actually produce zeros", "negated"
    ) == ("L1 doesn't drive many weights to zero.")
    # an answer without a negation leaves the plain one
    assert _twin("A stack is LIFO.", "A stack is FIFO", "negated") == "A stack is not LIFO."


def test_korean_direction_words_in_any_form() -> None:
    point = "대칭키 방식은 같은 키를 쓰고 빠르지만 키 전달이 문제다."
    turned = align(point, "대칭키 방식은 서로 다른 키를 쓰고 연산이 느린 편입니다.", [])
    kept = align(point, "대칭키 방식은 같은 키를 쓰고 연산이 빠른 편입니다.", [])
    assert turned.direction_flip > 0 and kept.direction_flip == 0
    # a one-syllable adnominal form (싼, 큰) is a word of its own before a noun
    assert reverse_direction("가장 싼 간선을 고른다.") == "가장 비싼 간선을 고른다."
    assert reverse_direction("큰 배치는 분산이 낮다.") == "작은 배치는 분산이 낮다."


def test_things_compared_without_a_comparison_word() -> None:
    assert names(
        "When is the median a better summary than the mean?",
        ["The mean is pulled by outliers.", "The median is robust."],
    ) == ["median", "mean"]
    assert names(
        "Explain the bias-variance tradeoff.",
        ["High bias underfits.", "High variance overfits."],
    ) == ["bias", "variance"]
    assert names(
        "What are vanishing and exploding gradients?",
        ["Vanishing gradients shrink toward zero.", "Exploding gradients grow without bound."],
    ) == ["vanishing", "exploding"]
    assert names(
        "문자열 검색에서 KMP 알고리즘이 단순 비교 방식보다 빠른 이유를 설명해 주세요.",
        ["단순 비교는 최악 O(nm)이다.", "KMP는 실패 함수를 쓴다."],
    ) == ["KMP", "단순 비교"]
    # "판별하는 것보다" sets a way of doing against a thing: no pair is read from it
    assert "판별하" not in names(
        "에라토스테네스의 체(sieve)가 각 수를 하나씩 판별하는 것보다 효율적인 이유는?",
        ["체(sieve)는 배수를 지운다.", "하나씩 판별하는 방법은 느리다."],
    )


def test_a_point_that_sets_two_like_things_side_by_side() -> None:
    point = "불일치가 나면 텍스트 포인터는 그대로 두고 패턴 포인터만 실패 함수 값으로 옮긴다."
    assert [i.name for i in point_items(point)] == ["텍스트 포인터", "패턴 포인터"]
    assert swap_items(point, point_items(point)) == (
        "불일치가 나면 패턴 포인터는 그대로 두고 텍스트 포인터만 실패 함수 값으로 옮긴다."
    )
    assert [i.name for i in point_items("Clean pages are cheaper to evict than dirty pages.")] == [
        "Clean pages",
        "dirty pages",
    ]
    # a verb or a clause ending before the noun is no kind of it
    assert point_items("선두 컬럼 조건이 없으면 인덱스를 못 쓰고, 복합 인덱스는 정렬된다.") == []
    assert point_items("It can give false positives but never false negatives.") == []
    # a point about the things the question compares keeps them
    items = compared_items(BFS_Q, BFS_KP)
    assert items_per_point(items, BFS_KP)[1] == items


def test_like_things_the_rubric_sets_side_by_side_across_points() -> None:
    rubric = [
        "행 방향 순회는 공간 지역성이 좋아 캐시 히트가 많다.",
        "열 방향 순회는 큰 stride로 건너뛰어 캐시 미스가 늘어난다.",
    ]
    assert [[i.name for i in pair] for pair in rubric_pairs(rubric)] == [["행 방향", "열 방향"]]
    assert [i.name for i in items_per_point([], rubric)[0]] == ["행 방향", "열 방향"]
    assert swap_items(rubric[0], items_per_point([], rubric)[0]) == (
        "열 방향 순회는 공간 지역성이 좋아 캐시 히트가 많다."
    )
    # like things named in passing both hold: not a pair to swap
    tree = [
        "구간 질의와 값 갱신을 모두 O(log n)에 처리한다.",
        "구간 갱신은 지연 전파로 O(log n)에 처리한다.",
    ]
    assert rubric_pairs(tree) == []
    # a pair is what the points are about: not a thing one of them reads "with"
    index = ["클러스터드 인덱스는 행 순서로 저장된다.", "보조 인덱스로 찾은 뒤 행을 다시 읽는다."]
    assert rubric_pairs(index) == []
    # 큰 and 작은 qualify their noun; a particle glued to a bracket is no word of its own
    batch = ["큰 배치는 분산이 작다.", "작은 배치의 노이즈는 정규화 효과가 있다."]
    assert [[i.name for i in pair] for pair in rubric_pairs(batch)] == [["큰 배치", "작은 배치"]]
    assert (
        rubric_pairs(
            ["혼합 정밀도(mixed precision)로 활성화 메모리를 줄인다.", "일부 활성화만 저장한다."]
        )
        == []
    )


def test_words_tied_the_other_way_between_like_things_of_one_point() -> None:
    point = "불일치가 나면 텍스트 포인터는 그대로 두고 패턴 포인터만 실패 함수 값으로 옮긴다."
    items = items_per_point([], [point])[0]
    wrong = "불일치가 나면 패턴 포인터는 그대로 두고 텍스트 포인터만 실패 함수 값만큼 옮깁니다."
    right = "불일치가 나면 텍스트 포인터는 그대로 두고 패턴 포인터만 실패 함수 값만큼 옮깁니다."
    assert align(point, wrong, items).role_conflict > 0.5
    assert align(point, right, items).role_conflict == 0


def test_a_pair_set_side_by_side_in_one_point_goes_on_in_another() -> None:
    rubric = [
        "불일치가 나면 텍스트 포인터는 그대로 두고 패턴 포인터만 실패 함수 값으로 옮긴다.",
        "텍스트 포인터가 뒤로 가지 않으므로 전체 시간 복잡도는 O(n + m)이다.",
    ]
    items = items_per_point([], rubric)[1]
    assert [i.name for i in items] == ["텍스트 포인터", "패턴 포인터"]
    wrong = "이렇게 하면 패턴 포인터가 뒤로 가지 않으므로 전체 시간 복잡도가 O(n + m)이 됩니다."
    assert align(rubric[1], wrong, items).role_conflict > 0
