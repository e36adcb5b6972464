"""Evaluation against gold data: one module per task, each defining a click ``command``.

``triangulate eval <task>`` imports ``triangulate.eval.<task>`` lazily, so a
task's heavy imports cost nothing to the others.
"""

#: Task name -> module defining ``command`` (a click.Command).
EVAL_TASKS: dict[str, str] = {
    "ner": "triangulate.eval.ner",
    "quotes": "triangulate.eval.quotes",
    "timex": "triangulate.eval.timex",
    "events": "triangulate.eval.events",
}
